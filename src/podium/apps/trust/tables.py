"""Tables of the trust context (page and CSV columns)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from podium.apps.trust.choices import WaveStatus
from podium.apps.trust.models import Gathering, Kudos, RetroAction, Retrospective, SurveyWave
from podium.core import trust
from podium.platform import console
from podium.platform.lists import NUMBER, ChipColumn, TonedColumn, WhenColumn


class WaveTable(tables.Table):
    name = tables.Column(linkify=("trust:wave_detail", {"slug": tables.A("slug")}))
    template = tables.Column(accessor="template__name", verbose_name="Template")
    period = tables.Column()
    opens_on = tables.Column(verbose_name="Opens")
    closes_on = tables.Column(verbose_name="Closes")
    status = tables.Column(empty_values=(), orderable=False)
    threshold = tables.Column(verbose_name="k", attrs=NUMBER)
    invited = tables.Column(attrs=NUMBER)
    answered = tables.Column(attrs=NUMBER)
    respondents = tables.Column(attrs=NUMBER)

    class Meta:
        model = SurveyWave
        fields = ("name", "template", "period", "opens_on", "closes_on", "status", "threshold")
        empty_text = "No survey wave yet. An integrator admin opens one with “New wave”."

    def _status(self, record: SurveyWave) -> str:
        return trust.wave_status(record.opens_on, record.closes_on, timezone.localdate())

    def render_status(self, record: SurveyWave) -> Any:
        status = self._status(record)
        return console.toned("wave.status", status, WaveStatus(status).label)

    def value_status(self, record: SurveyWave) -> Any:
        return WaveStatus(self._status(record)).label

    def render_opens_on(self, value: Any) -> Any:
        return console.day(value)

    def render_closes_on(self, value: Any) -> Any:
        return console.day(value)


class RetrospectiveTable(tables.Table):
    title = tables.Column(linkify=("trust:retrospective_detail", {"pk": tables.A("pk")}))
    kind = TonedColumn("retrospective.kind")
    held_on = tables.Column(verbose_name="Held on")
    period = tables.Column(default="—")
    forum = tables.Column(accessor="forum__name", default="—")
    open_actions = tables.Column(verbose_name="Open actions", attrs=NUMBER)

    class Meta:
        model = Retrospective
        fields = ("title", "kind", "held_on", "period", "forum")
        empty_text = (
            "No retrospective yet. An integrator admin records one with “New retrospective”."
        )

    def render_held_on(self, value: Any) -> Any:
        return console.day(value)


class RetroActionTable(tables.Table):
    title = tables.Column()
    retrospective = tables.Column(
        accessor="retrospective__title",
        linkify=("trust:retrospective_detail", {"pk": tables.A("retrospective_id")}),
    )
    owner_party = ChipColumn(verbose_name="Owner party", order_by=("owner_party__name",))
    due_on = tables.Column(verbose_name="Due on")
    status = TonedColumn("retro_action.status")
    closed_on = tables.Column(verbose_name="Closed on", default="—")

    class Meta:
        model = RetroAction
        fields = ("title", "retrospective", "owner_party", "due_on", "status", "closed_on")
        empty_text = "No retrospective action yet."

    def render_due_on(self, value: Any) -> Any:
        return console.day(value)

    def value_due_on(self, value: Any) -> Any:
        return value


class KudosTable(tables.Table):
    given_at = WhenColumn(verbose_name="When")
    from_party = ChipColumn(verbose_name="From", order_by=("from_party__name",))
    to_party = ChipColumn(verbose_name="To", order_by=("to_party__name",))
    message = tables.Column()
    about = tables.Column(empty_values=(), orderable=False, verbose_name="About")

    class Meta:
        model = Kudos
        fields = ("given_at", "from_party", "to_party", "message")
        empty_text = "No kudos yet. Recognise a party with “Give kudos”."

    def value_about(self, record: Kudos) -> Any:
        parts = []
        if record.ticket is not None:
            parts.append(f"ticket {record.ticket.reference}")
        if record.retrospective is not None:
            parts.append(f"retrospective {record.retrospective.title}")
        if record.objective is not None:
            parts.append(f"goal {record.objective.title}")
        return ", ".join(parts)

    def render_about(self, record: Kudos) -> Any:
        text = self.value_about(record)
        if record.objective is None:
            return text or "—"
        link = format_html(
            '<a href="{}">{}</a>',
            reverse("goals:objective_detail", args=[record.objective.pk]),
            f"goal {record.objective.title}",
        )
        before = text.removesuffix(f"goal {record.objective.title}")
        return format_html("{}{}", before, link)


class GatheringTable(tables.Table):
    starts_at = WhenColumn(verbose_name="Starts")
    title = tables.Column()
    kind = TonedColumn("gathering.kind")
    location = tables.Column(default="—")
    forum = tables.Column(accessor="forum__name", default="—")

    class Meta:
        model = Gathering
        fields = ("starts_at", "title", "kind", "location", "forum")
        empty_text = "No gathering planned. An integrator admin plans one with “Plan a gathering”."
