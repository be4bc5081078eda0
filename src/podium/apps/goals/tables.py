"""Tables of shared-goal lists; the same columns go to the page and the CSV export."""

from __future__ import annotations

import django_tables2 as tables

from podium.apps.goals.models import Objective
from podium.platform.lists import NUMBER, ChipColumn


class ObjectiveTable(tables.Table):
    title = tables.Column(linkify=("goals:objective_detail", {"pk": tables.A("pk")}))
    owner = ChipColumn()
    key_result_count = tables.Column(verbose_name="Key results", attrs=NUMBER)

    class Meta:
        model = Objective
        fields = ("title", "owner", "period_start", "period_end", "key_result_count")
