"""Forms of the change calendar: they parse and show errors; the services decide.

A party's users plan changes for their own party on the components it runs; the integrator's
staff for any party on any component. Times are typed on the viewer's wall clock (their time
zone, set in Preferences) and stored in UTC.
"""

from __future__ import annotations

from typing import Any

from django import forms

from podium.apps.changes.choices import ChangeKind, Risk, Weekday
from podium.apps.changes.models import BlackoutWindow
from podium.apps.ecosystem import selectors as ecosystem
from podium.platform.access import Actor, visible_party_ids
from podium.platform.forms import PodiumForm, PodiumModelForm, RowChoiceField, RowsChoiceField

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ChangeForm(PodiumForm):
    title = forms.CharField(label="Title", max_length=200)
    implementer = RowChoiceField(
        label="Implementer", queryset=ecosystem.parties_for_choice(), to_field_name="slug"
    )
    kind = forms.ChoiceField(label="Type", choices=ChangeKind.choices, initial=ChangeKind.NORMAL)
    risk = forms.ChoiceField(label="Risk", choices=Risk.choices, initial=Risk.MEDIUM)
    planned_start = forms.DateTimeField(label="Planned start", widget=DATETIME_INPUT)
    planned_end = forms.DateTimeField(label="Planned end", widget=DATETIME_INPUT)
    components = RowsChoiceField(
        label="Components touched",
        queryset=ecosystem.components_for_choice(),
        to_field_name="slug",
    )
    description = forms.CharField(label="Request", widget=forms.Textarea, required=False)
    rollback_plan = forms.CharField(label="Rollback plan", widget=forms.Textarea, required=False)
    internal_notes = forms.CharField(
        label="Internal notes",
        widget=forms.Textarea,
        required=False,
        help_text="Read only by your party and the integrator.",
    )
    submit_now = forms.BooleanField(
        label="Submit for approval now", required=False, help_text="Otherwise it stays a draft."
    )

    def __init__(self, *args: Any, user: Actor, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parties = visible_party_ids(user)
        implementer: Any = self.fields["implementer"]
        touched: Any = self.fields["components"]
        if parties is not None:
            implementer.queryset = ecosystem.parties_among(parties)
            touched.queryset = ecosystem.components_for_choice().filter(run_by__in=parties)
            if len(parties) == 1:
                self.fields["implementer"].initial = ecosystem.parties_among(parties).first()
        if editing:
            self.fields["implementer"].disabled = True
            del self.fields["submit_now"]


class ChangeStatusForm(PodiumForm):
    status = forms.CharField(max_length=20)


class DecisionForm(PodiumForm):
    decision = forms.ChoiceField(choices=(("approved", "Approve"), ("rejected", "Reject")))
    note = forms.CharField(required=False, widget=forms.Textarea, max_length=2000)


class BlackoutForm(PodiumModelForm):
    class Meta:
        model = BlackoutWindow
        fields = ["name", "starts_at", "ends_at", "services", "reason"]
        widgets = {"starts_at": DATETIME_INPUT, "ends_at": DATETIME_INPUT}


class MaintenanceWindowForm(PodiumForm):
    party = RowChoiceField(
        label="Party", queryset=ecosystem.parties_for_choice(), to_field_name="slug"
    )
    weekday = forms.TypedChoiceField(label="Day", choices=Weekday.choices, coerce=int)
    starts = forms.TimeField(label="From", widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label="Until", widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = forms.CharField(label="Time zone", max_length=64, initial="Europe/Amsterdam")

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parties = visible_party_ids(user)
        party: Any = self.fields["party"]
        if parties is not None:
            party.queryset = ecosystem.parties_among(parties)
