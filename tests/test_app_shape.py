"""Every app has the one inner shape docs/architecture.md describes, so that a new context is
made by copying a directory and a reader knows from a path which room they are in."""

from __future__ import annotations

import tomllib
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


def _import_contracts() -> list[dict[str, object]]:
    pyproject = APPS_DIR.parents[2] / "pyproject.toml"
    settings = tomllib.loads(pyproject.read_text())["tool"]["importlinter"]
    return list(settings["contracts"])


def _app_names() -> list[str]:
    return sorted(p.name for p in APPS_DIR.iterdir() if (p / "apps.py").is_file())


@pytest.mark.parametrize("app", _app_names())
def test_every_app_is_kept_from_the_other_apps_models(app: str) -> None:
    """A new context gets its import contracts with its directory: none of the other apps'
    models, and a stated direction among the contexts."""
    contracts = _import_contracts()
    others = {f"podium.apps.{o}.models" for o in _app_names() if o != app}
    models_kept_out = [
        c
        for c in contracts
        if c.get("type") == "forbidden"
        and c.get("source_modules") == [f"podium.apps.{app}"]
        and others <= set(c.get("forbidden_modules", []))  # type: ignore[arg-type]
    ]
    assert models_kept_out, f"pyproject.toml has no contract keeping {app} from {sorted(others)}"
    direction = [
        c
        for c in contracts
        if str(c.get("name", "")).startswith("Context directions:")
        and f"podium.apps.{app}" in c.get("source_modules", [])  # type: ignore[operator]
    ]
    assert direction, f"pyproject.toml states no context direction for {app}"
