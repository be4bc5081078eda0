"""CSV cells that a spreadsheet shows as text, never runs as a formula (CSV injection).

Every CSV Podium writes may hold text a party typed: an action titled ``=HYPERLINK(...)``
would become a live formula in the integrator's spreadsheet. Following OWASP's advice, a
text cell starting with ``= + - @``, a tab or a carriage return is written with a leading
``'``, which spreadsheets read as "this is text". Two kinds of cell are left alone:

- numbers (``int``, ``float``, ``Decimal``) — ``-5`` in a numeric column is a number;
- text that is exactly a plain number (``-5``, ``+1.5``, ``-2e3``): a spreadsheet reads it
  as that number and nothing else, so quoting it would only spoil the column.

For files Podium reads back (the event-log CSV of the ``podium`` preset) the quoting must be
undone exactly, so :func:`escape_text` also quotes text that already starts with ``'`` and
:func:`unescape_text` strips exactly one leading ``'``. One-way exports (list pages, report
downloads) use :func:`csv_cell`, which quotes only what a spreadsheet would run.
"""

from __future__ import annotations

import re
from decimal import Decimal

import polars as pl

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat a cell as a formula (OWASP)."""
QUOTE = "'"

_TRIGGER = r"^[=+\-@\t\r]"
_PLAIN_NUMBER = r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
_PLAIN_NUMBER_RE = re.compile(_PLAIN_NUMBER)


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would read `text` as a formula (plain numbers are not).

    >>> is_formula_like("=HYPERLINK(\\"http://x\\")"), is_formula_like("@SUM(A1)")
    (True, True)
    >>> is_formula_like("-5"), is_formula_like("-1+2"), is_formula_like("Acme - EMEA")
    (False, True, False)
    """
    return text.startswith(FORMULA_TRIGGERS) and _PLAIN_NUMBER_RE.fullmatch(text) is None


def csv_cell(value: object) -> object:
    """One cell of an exported CSV: numbers as they are, anything else as text, neutralised.

    >>> csv_cell("=1+1"), csv_cell(-5), csv_cell(Decimal("-2.50")), csv_cell("-5"), csv_cell(None)
    ("'=1+1", -5, Decimal('-2.50'), '-5', '')
    """
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    return QUOTE + text if is_formula_like(text) else text


def escape_text(text: str) -> str:
    """Reversible quoting for CSV files Podium reads back: see :func:`unescape_text`.

    >>> escape_text("=cmd"), escape_text("'quoted"), escape_text("plain"), escape_text("-5")
    ("'=cmd", "''quoted", 'plain', '-5')
    """
    return QUOTE + text if text.startswith(QUOTE) or is_formula_like(text) else text


def unescape_text(text: str) -> str:
    """Undo :func:`escape_text`: strip exactly one leading ``'``.

    >>> unescape_text("''quoted"), unescape_text("'=cmd"), unescape_text("plain")
    ("'quoted", '=cmd', 'plain')
    """
    return text.removeprefix(QUOTE)


def escape_expr(column: pl.Expr) -> pl.Expr:
    """:func:`escape_text` over a String column (nulls stay null)."""
    needs_quote = column.str.starts_with(QUOTE) | (
        column.str.contains(_TRIGGER) & ~column.str.contains(_PLAIN_NUMBER)
    )
    return pl.when(needs_quote).then(pl.lit(QUOTE) + column).otherwise(column)


def unescape_expr(column: pl.Expr) -> pl.Expr:
    """:func:`unescape_text` over a String column (nulls stay null)."""
    return column.str.strip_prefix(QUOTE)
