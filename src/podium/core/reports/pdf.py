"""An HTML document as PDF, by WeasyPrint, with nothing fetched from anywhere.

A report's HTML holds its charts as inline SVG and its style in a ``<style>`` element, so the
PDF needs no file, font or address beyond the system's fonts: every URL WeasyPrint would
fetch is refused (a name in the data that looks like an address stays text).
"""

from __future__ import annotations

from typing import Any, NoReturn


class FetchRefusedError(ValueError):
    """A report asked for something outside itself."""


def _refuse(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise FetchRefusedError(f"a report fetches nothing: {url}")


def render_pdf(document: str) -> bytes:
    """The PDF of an HTML ``document`` (a string, not a file).

    >>> render_pdf("<h1>Review</h1>")[:5]
    b'%PDF-'
    """
    import weasyprint

    pdf = weasyprint.HTML(string=document, url_fetcher=_refuse).write_pdf()
    assert pdf is not None  # write_pdf without a target returns the bytes
    return bytes(pdf)
