"""What an authorization-matrix entry says; shared by the per-context files in `entries/`.

Each file in `entries/` defines `PAGES` (URL name → Entry) and `API` ("METHOD /path" → Entry),
and may define `FOREIGN_MARKERS` (strings of supplier B's rows that supplier A's users must never
get), `SHARED` (route → derived views of objects both suppliers see, each with its own markers)
and `build(world)`, which adds the rows its entries point at to the shared test world.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Kwargs = Callable[[Any], dict[str, str]]
Body = Callable[[Any], dict[str, Any]]
Query = Callable[[Any], dict[str, str]]
PARTY_ROLES = ("party_manager", "party_member")
EVERYTHING_ROLES = ("integrator_admin", "integrator_analyst", "auditor")
ALL_ROLES = EVERYTHING_ROLES + PARTY_ROLES
INTEGRATOR_ADMIN_ONLY = ("integrator_admin",)


@dataclass(frozen=True)
class Entry:
    """How one route behaves.

    `own` picks the URL arguments of an object the acting party user may see (supplier A's),
    `foreign` one that belongs to supplier B only. Roles in `allowed_roles` get `ok_status` on
    `own`; other logged-in roles get 403. A party's users get 404 on `foreign`; everyone else
    gets `ok_status` there too. `public` routes answer without log-in. `body` gives form or JSON
    data for writes (`json=True` sends it as JSON).
    """

    own: Kwargs | None = None
    foreign: Kwargs | None = None
    public: bool = False
    method: str = "get"
    allowed_roles: tuple[str, ...] = ALL_ROLES
    ok_status: int = 200
    logged_in_status: int | None = None  # e.g. the log-in page sends a logged-in user home
    body: Body | None = None
    json: bool = False


def slug(attr: str) -> Kwargs:
    return lambda w: {"slug": getattr(w, attr).slug}


def reference(attr: str) -> Kwargs:
    return lambda w: {"reference": getattr(w, attr).reference}


def pk(attr: str, name: str = "pk") -> Kwargs:
    return lambda w: {name: str(getattr(w, attr).pk)}


@dataclass(frozen=True)
class Shared:
    """A derived view of an object both suppliers may see — a meeting of a forum they both sit
    in, the history of a service both serve, "who do I call?" on a cell they share. Supplier A's
    users get it (200) without any of `markers`: supplier B's rows that are not A's to see
    there (a contract, a hidden component, a ladder A may not read), though B itself may be
    named."""

    kwargs: Kwargs | None = None
    query: Query | None = None
    markers: tuple[str, ...] = ()


def readable_text(content_type: str, content: bytes) -> str:
    """A body as the text a reader would find in it: a PDF's text (pdftotext), a Parquet
    file's rows as CSV, anything else decoded."""
    if content_type.startswith("application/pdf"):
        import shutil
        import subprocess

        assert shutil.which("pdftotext"), "pdftotext is missing: `make system-packages`"
        done = subprocess.run(
            ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
        )
        return done.stdout.decode()
    if content_type.startswith("application/vnd.apache.parquet"):
        import io

        import polars as pl

        return pl.read_parquet(io.BytesIO(content)).write_csv()
    return content.decode()
