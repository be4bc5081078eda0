"""Every entry of the authorization matrix, gathered from the files in `entries/`."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from tests.authorization.support import Entry, Shared


def _entry_modules() -> list[ModuleType]:
    folder = Path(__file__).parent / "entries"
    return [
        importlib.import_module(f"tests.authorization.entries.{path.stem}")
        for path in sorted(folder.glob("*.py"))
        if path.stem != "__init__"
    ]


MODULES = _entry_modules()
PAGES: dict[str, Entry] = {k: v for m in MODULES for k, v in m.PAGES.items()}
API: dict[str, Entry] = {k: v for m in MODULES for k, v in m.API.items()}
TMF: dict[str, Entry] = {k: v for m in MODULES for k, v in getattr(m, "TMF", {}).items()}
FOREIGN_MARKERS: tuple[str, ...] = tuple(
    marker for m in MODULES for marker in getattr(m, "FOREIGN_MARKERS", ())
)
SHARED: dict[str, tuple[Shared, ...]] = {
    k: v for m in MODULES for k, v in getattr(m, "SHARED", {}).items()
}
