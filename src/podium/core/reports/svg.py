"""Vega-Lite spec to inline SVG, so a report page shows charts without any JavaScript.

``vl-convert`` runs Vega in-process (no browser, no network: the Vega-Lite and Vega bundles
ship inside the wheel), which is what makes a report a single file that opens offline.
"""

from __future__ import annotations

import html
import re
from typing import Any

import vl_convert

VEGA_LITE_VERSION = "5.20"
"""Pinned so a wheel upgrade cannot silently change how a spec renders."""

_NAMESPACE = re.compile(r'\s+xmlns(?::xlink)?="[^"]*"')


def render_svg(spec: dict[str, Any], label: str) -> str:
    """The chart as an ``<svg>`` element for inlining in HTML, labelled for screen readers.

    The XML namespace declarations are dropped: HTML parsers place inline ``<svg>`` in the
    SVG namespace themselves, and the page then holds no ``http`` address at all. Vega escapes
    every data string it writes as text, so data cannot inject markup.
    """
    svg = str(vl_convert.vegalite_to_svg(spec, vl_version=VEGA_LITE_VERSION, allowed_base_urls=[]))
    head, _, rest = svg.partition(">")
    head = _NAMESPACE.sub("", head)
    title = html.escape(label)
    return f'{head} role="img" aria-label="{title}"><title>{title}</title>{rest}'
