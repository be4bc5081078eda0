from __future__ import annotations

import django_tables2 as tables

from podium.apps.governance.models import Activity


class ActivityTable(tables.Table):
    name = tables.Column(linkify=("governance:activity_edit", {"code": tables.A("code")}))

    class Meta:
        model = Activity
        fields = ("position", "code", "name", "description")
