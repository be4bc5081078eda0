"""`podium`: noun-verb commands. Exit codes: 0 ok, 1 error, 2 usage.

Machine output goes to stdout, progress and logs to stderr.
"""

from __future__ import annotations

from typing import Annotated

import typer

from podium import __version__
from podium.cli import (
    analyze,
    changes,
    convert,
    exchange,
    exports,
    governance,
    importing,
    reports,
    server,
    simulate,
    tokens,
)

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


server.register(app)
analyze.register(app)
convert.register(app)
governance.register(app)
changes.register(app)
tokens.register(app)
importing.register(app)
exchange.register(app)
simulate.register(app)
reports.register(app)
exports.register(app)
