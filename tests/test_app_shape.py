"""Every app has the one inner shape docs/architecture.md describes, so that a new context is
made by copying a directory and a reader knows from a path which room they are in."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps

APPS_DIR = Path(__file__).resolve().parents[1] / "src" / "podium" / "apps"

# The layers an app may have; each is a module, or a package split by the app's concepts.
LAYERS = {
    "models",
    "choices",
    "rules",
    "selectors",
    "services",
    "filters",
    "forms",
    "tables",
    "views",
    "api",
    "urls",
    "tasks",
}
REQUIRED = {"models", "rules", "selectors", "services"}
ALWAYS_MODULES = {"choices", "rules", "filters", "forms", "tables", "urls", "tasks"}
FRAME = {"__init__", "apps", "migrations", "templates", "__pycache__"}


def _podium_apps() -> list[object]:
    return [c for c in apps.get_app_configs() if c.name.startswith("podium.apps.")]


def _entries(folder: Path) -> dict[str, Path]:
    return {(p.stem if p.suffix == ".py" else p.name): p for p in folder.iterdir()}


def test_every_app_directory_is_an_installed_app() -> None:
    installed = {c.name.rsplit(".", 1)[-1] for c in _podium_apps()}
    folders = {p.name for p in APPS_DIR.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == installed


@pytest.mark.parametrize("config", _podium_apps(), ids=lambda c: c.label)
def test_app_has_the_one_inner_shape(config: object) -> None:
    folder = Path(config.path)  # type: ignore[attr-defined]
    concepts = set(getattr(config, "concepts", ()))
    assert concepts, f"{config.label} declares no concepts on its AppConfig"  # type: ignore[attr-defined]
    entries = _entries(folder)
    unknown = set(entries) - LAYERS - FRAME
    assert not unknown, f"{folder.name} has modules outside the inner shape: {sorted(unknown)}"
    missing = REQUIRED - set(entries)
    assert not missing, f"{folder.name} lacks {sorted(missing)}"
    for layer, path in entries.items():
        if layer not in LAYERS or not path.is_dir():
            continue
        assert layer not in ALWAYS_MODULES, f"{folder.name}/{layer} should be one module"
        modules = {p.stem for p in path.glob("*.py")} - {"__init__"}
        strays = modules - concepts
        assert not strays, (
            f"{folder.name}/{layer}/ splits by {sorted(strays)}, "
            f"not by the app's concepts {sorted(concepts)}"
        )


@pytest.mark.parametrize("config", _podium_apps(), ids=lambda c: c.label)
def test_templates_live_under_the_apps_own_name(config: object) -> None:
    templates = Path(config.path) / "templates"  # type: ignore[attr-defined]
    if templates.exists():
        assert {p.name for p in templates.iterdir()} == {config.label}  # type: ignore[attr-defined]
