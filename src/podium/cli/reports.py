"""`podium report monthly --party SLUG --month YYYY-MM --out FILE.pdf`: a party's monthly
service review, the same PDF the party page downloads, written by the operator at the console
(who sees every party). The file is written beside its destination and moved into place only
when complete."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from podium.cli.django_setup import setup_django

err = Console(stderr=True, highlight=False)
report_app = typer.Typer(name="report", help="Reports from live data as PDF.", no_args_is_help=True)


class ConsoleOperator:
    """The operator at the machine's console, as an actor the scoped selectors read for: the
    integrator's view of every party (`visible_party_ids` gives None), every rule granted."""

    is_authenticated = True
    role = "integrator_admin"
    party_id = None
    pk = None

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return True

    def __str__(self) -> str:
        return "operator at the console"


OPERATOR = ConsoleOperator()


def fail(message: str, hint: str = "") -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", markup=True, soft_wrap=True)
    if hint:
        err.print(f"  hint: {hint}")
    return typer.Exit(1)


def month_option(text: str) -> dt.date:
    from podium.core.reports.review import MonthError, parse_month

    try:
        return parse_month(text)
    except MonthError as error:
        raise typer.BadParameter(str(error), param_hint="--month") from None


def party_option(slug: str) -> Any:
    from podium.apps.cockpit.selectors import reviews

    party = reviews.reviewable_party(OPERATOR, slug)
    if party is None:
        raise typer.BadParameter(f"no party {slug!r}", param_hint="--party")
    return party


def write_staged(out: Path, content: bytes) -> None:
    staging = out.with_name(f".{out.name}.partial")
    try:
        staging.write_bytes(content)
        staging.replace(out)
    except OSError as error:
        raise fail(
            f"{out}: cannot write: {error.strerror}", "choose a writable --out path"
        ) from None
    finally:
        staging.unlink(missing_ok=True)


@report_app.command("monthly")
def monthly(
    party: Annotated[str, typer.Option("--party", metavar="SLUG", help="The party reviewed.")],
    month: Annotated[str, typer.Option("--month", metavar="YYYY-MM", help="The month reviewed.")],
    out: Annotated[Path, typer.Option("--out", dir_okay=False, help="The PDF to write.")],
) -> None:
    """A party's monthly service review as PDF: attainment, breaches and who used the time,
    hand-offs and ping-pong, service credits, scorecard and trend, feedback, actions, decisions."""
    first_day = month_option(month)
    setup_django()
    from django.utils import timezone

    from podium.apps.cockpit.selectors import reviews
    from podium.apps.cockpit.views.reviews import review_pdf

    started = time.perf_counter()
    chosen = party_option(party)
    review = reviews.monthly_review(OPERATOR, chosen, first_day, now=timezone.now())
    pdf = review_pdf(review)
    write_staged(out, pdf)
    err.print(
        f"wrote {out} (review of {chosen.slug} for {first_day:%Y-%m}, {len(pdf):,} bytes, "
        f"{time.perf_counter() - started:.2f} s)"
    )


def register(app: typer.Typer) -> None:
    app.add_typer(report_app)
