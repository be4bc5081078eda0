"""Forms of governance: they parse and show errors; the services decide.

Choices of parties and services come from the ecosystem's selectors when a form is made, so
the form always offers today's rows.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django import forms

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.ecosystem.choices import ContactRole
from podium.apps.governance.choices import (
    ActionStatus,
    Channel,
    DecisionStatus,
    GovernanceLevel,
    MembershipRole,
    WaitKind,
)
from podium.apps.governance.models import Activity, Forum
from podium.apps.governance.services.forums import FORUM_FIELDS
from podium.core.cadence import CadenceError, validate_rule
from podium.core.calendars import CalendarError
from podium.core.calendars.zones import on_wall_clock
from podium.platform.forms import (
    DATE_INPUT,
    PodiumForm,
    PodiumModelForm,
    RowChoiceField,
    RowsChoiceField,
    WallClockField,
)


def _party_choices(blank: str | None = None) -> list[tuple[str, str]]:
    rows = [(p.slug, p.name) for p in ecosystem.parties_for_choice()]
    return [("", blank), *rows] if blank is not None else rows


# -- the responsibility matrix ----------------------------------------------------------------


class ActivityForm(PodiumModelForm):
    class Meta:
        model = Activity
        fields = ["code", "name", "description", "position"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # the code is how imports and history refer to the activity; it does not change
            self.fields["code"].disabled = True


class CellForm(PodiumForm):
    """The letters of one (object, activity) cell; more than one Accountable is accepted here
    and flagged by validation, so the grid shows the state rather than hiding it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {"A": "Accountable (A)", "R": "Responsible (R)", "C": "Consulted (C)"}
        labels["I"] = "Informed (I)"
        for role, label in labels.items():
            self.fields[role] = RowsChoiceField(
                ecosystem.parties_for_choice(), required=False, label=label
            )

    def letters(self) -> dict[str, list[Any]]:
        return {role: list(self.cleaned_data[role]) for role in ("A", "R", "C", "I")}


# -- escalation ladders ---------------------------------------------------------------------


class LadderHeaderForm(PodiumForm):
    name = forms.CharField(max_length=120)
    party = forms.ChoiceField(required=False)
    service = forms.ChoiceField(required=False)
    change_note = forms.CharField(label="What changed", max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        party: Any = self.fields["party"]
        party.choices = _party_choices("Any party")
        service: Any = self.fields["service"]
        service.choices = [("", "Any service")] + [
            (s.slug, s.name) for s in ecosystem.services_for_choice()
        ]


class StepForm(PodiumForm):
    level = forms.ChoiceField(choices=GovernanceLevel.choices)
    wait_minutes = forms.IntegerField(label="Wait (minutes)", min_value=0)
    wait_kind = forms.ChoiceField(label="Counted in", choices=WaitKind.choices)
    party = forms.ChoiceField()
    contact_role = forms.ChoiceField(label="Contact role", choices=ContactRole.choices)
    channel = forms.ChoiceField(choices=Channel.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        party: Any = self.fields["party"]
        party.choices = _party_choices()


StepFormSet = forms.formset_factory(StepForm, extra=1, can_delete=True, min_num=1)


# -- forums, meetings, decisions, actions -------------------------------------------------------


class ForumForm(PodiumModelForm):
    """The first meeting is typed on the forum's own wall clock, whatever the viewer's zone."""

    first_meeting_at = WallClockField(
        label="First meeting (in the forum's time zone)", required=False
    )

    class Meta:
        model = Forum
        fields = list(FORUM_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        first = self.instance.first_meeting_at if self.instance.pk else None
        if first is not None:
            local = first.astimezone(zoneinfo.ZoneInfo(self.instance.time_zone))
            self.initial["first_meeting_at"] = local.replace(tzinfo=None)

    def clean_cadence(self) -> str:
        rule: str = self.cleaned_data["cadence"].strip()
        if rule:
            try:
                validate_rule(rule)
            except CadenceError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return rule

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        wall = data.get("first_meeting_at")
        zone_name = data.get("time_zone")
        if isinstance(wall, dt.datetime) and zone_name:
            try:  # the wall-clock time is the forum's, whatever the viewer's zone
                data["first_meeting_at"] = on_wall_clock(wall, zone_name)
            except CalendarError as exc:
                self.add_error("first_meeting_at", str(exc))
        elif isinstance(wall, dt.datetime):
            data.pop("first_meeting_at")  # the time zone's own error says why
        return data


class MembershipForm(PodiumForm):
    party = forms.ChoiceField()
    role = forms.ChoiceField(choices=MembershipRole.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        party: Any = self.fields["party"]
        party.choices = _party_choices()


class MinutesForm(PodiumForm):
    minutes = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)


class DecisionForm(PodiumForm):
    title = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ActionForm(PodiumForm):
    title = forms.CharField(max_length=200)
    owner_party = RowChoiceField(
        ecosystem.parties_for_choice(), to_field_name="slug", label="Owner party"
    )
    due_on = forms.DateField(widget=DATE_INPUT)

    def __init__(self, *args: Any, owners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["owner_party"]
        field.queryset = owners if owners is not None else ecosystem.parties_for_choice()


class ActionStatusForm(PodiumForm):
    status = forms.ChoiceField(choices=ActionStatus.choices)


class DecisionStatusForm(PodiumForm):
    status = forms.ChoiceField(choices=DecisionStatus.choices)


# -- the collaboration agreement ----------------------------------------------------------------


class AgreementForm(PodiumForm):
    title = forms.CharField(max_length=200)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 14}))
    effective_from = forms.DateField(widget=DATE_INPUT)
    ping_pong_limit = forms.IntegerField(
        label="Bounces before arbitration",
        min_value=1,
        max_value=50,
        help_text="A ticket that bounces this many times between the same two parties goes to "
        "the integrator, who decides which of them owns it.",
    )
