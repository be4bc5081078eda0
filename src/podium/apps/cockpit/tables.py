"""Tables of the cockpit (page and CSV columns): the saved views."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from podium.apps.cockpit.models import SavedView
from podium.apps.cockpit.rules import CHANGE_VIEW
from podium.apps.cockpit.selectors.saved_views import url_of
from podium.platform.access import may
from podium.platform.lists import WhenColumn


def filters_text(view: SavedView) -> str:
    """The filters a view keeps, as the page's subtitle would say them."""
    if view.page == "party":
        return f"party {view.party}"
    shown = [f"{name} {value}" for name, value in
             (("period", view.period), ("service", view.service), ("party", view.party)) if value]  # fmt: skip
    return ", ".join(shown) or "no filter"


class SavedViewTable(tables.Table):
    name = tables.Column()
    page = tables.Column(verbose_name="Page")
    filters = tables.Column(empty_values=(), orderable=False, verbose_name="Filters")
    sharing = tables.Column(verbose_name="Shared with")
    owner = tables.Column(accessor="owner__username", verbose_name="Saved by")
    saved_at = WhenColumn(verbose_name="Saved")
    link = tables.Column(empty_values=(), orderable=False, verbose_name="Opens")
    actions = tables.Column(
        empty_values=(), orderable=False, exclude_from_export=True, verbose_name=""
    )

    class Meta:
        model = SavedView
        fields = ("name", "page", "filters", "sharing", "owner", "saved_at")
        empty_text = "No saved view yet: filter the cockpit or a party's view, then “Save view”."

    def render_name(self, record: SavedView) -> Any:
        return format_html(
            '<a href="{}">{}</a>', reverse("cockpit:saved_view_open", args=[record.pk]), record.name
        )

    def render_filters(self, record: SavedView) -> str:
        return filters_text(record)

    def value_filters(self, record: SavedView) -> str:
        return filters_text(record)

    def render_link(self, record: SavedView) -> str:
        return url_of(record)

    def value_link(self, record: SavedView) -> str:
        return url_of(record)

    def render_actions(self, record: SavedView) -> Any:
        if not may(getattr(self.request, "user", None), CHANGE_VIEW, record):
            return ""
        return format_html(
            '<a href="{}">Rename</a> · <a href="{}">Delete</a>',
            reverse("cockpit:saved_view_edit", args=[record.pk]),
            reverse("cockpit:saved_view_delete", args=[record.pk]),
        )
