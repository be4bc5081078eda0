"""`podium`: noun-verb commands. Exit codes: 0 ok, 1 error, 2 usage.

Machine output goes to stdout, progress and logs to stderr.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Annotated

import typer

from podium import __version__

COMMAND_MODULES = (
    "server",
    "analyze",
    "convert",
    "governance",
    "changes",
    "tokens",
    "importing",
    "exchange",
    "simulate",
    "reports",
    "exports",
)
"""The modules under podium.cli whose `register` adds their commands, in --help order."""
ENGINE_COMMANDS = ("analyze", "convert")
"""Commands that need the engine only: `podium analyze` run as a program registers its own
module alone, so it never imports the server's (Django, rich, http) — about a tenth of a
second of a whole run."""

app = typer.Typer(
    name="podium",
    help="Podium: service integration and vendor management across many IT parties.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"podium {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Podium: service integration and vendor management across many IT parties."""


def _modules_for(argv: list[str]) -> tuple[str, ...]:
    """Every command module, or only the engine command's when the `podium` program (or
    `python -m podium`) was started for it; importing this module any other way (tests,
    ``app([...])`` from Python) registers every command."""
    program = Path(argv[0]).name if argv else ""
    if program in ("podium", "__main__.py") and len(argv) > 1 and argv[1] in ENGINE_COMMANDS:
        return (argv[1],)
    return COMMAND_MODULES


for _name in _modules_for(sys.argv):
    importlib.import_module(f"podium.cli.{_name}").register(app)
