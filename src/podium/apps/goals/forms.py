"""Forms of shared goals: they parse and show errors; the services decide.

Parties and services are offered from the ecosystem's selectors when a form is made.
"""

from __future__ import annotations

from typing import Any

from django import forms

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.goals.models import KeyResult, Objective
from podium.apps.goals.services.objectives import KEY_RESULT_FIELDS, OBJECTIVE_FIELDS
from podium.platform.forms import DATE_INPUT, PodiumForm, PodiumModelForm


class ObjectiveForm(PodiumModelForm):
    class Meta:
        model = Objective
        fields = list(OBJECTIVE_FIELDS)
        widgets = {"period_start": DATE_INPUT, "period_end": DATE_INPUT}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = ecosystem.parties_for_choice()  # type: ignore[attr-defined]


class KeyResultForm(PodiumModelForm):
    class Meta:
        model = KeyResult
        fields = list(KEY_RESULT_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = ecosystem.parties_for_choice()  # type: ignore[attr-defined]
        self.fields["service"].queryset = ecosystem.services_for_choice()  # type: ignore[attr-defined]
        self.fields["unit"].help_text = "Only for a result checked in by hand."


class CheckInForm(PodiumForm):
    """A check-in: the value only for a result checked in by hand (the engine measures the
    others), the owner's confidence, and a note."""

    value = forms.FloatField(label="Value", required=False, min_value=-1e9, max_value=1e9)
    confidence = forms.IntegerField(label="Confidence (1–10)", min_value=1, max_value=10)
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, key_result: KeyResult, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if key_result.is_metric_bound:
            del self.fields["value"]
        else:
            self.fields["value"].required = True
            if key_result.unit:
                self.fields["value"].label = f"Value ({key_result.unit})"


class MonthForm(PodiumForm):
    """The month a scorecard is read for (`?month=2026-11`)."""

    month = forms.DateField(
        label="Month",
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )


class DisputeForm(PodiumForm):
    ticket = forms.CharField(label="Ticket", max_length=40, widget=forms.HiddenInput)
    reason = forms.CharField(label="Why the credit is not owed", widget=forms.Textarea({"rows": 2}))


class DecisionForm(PodiumForm):
    status = forms.ChoiceField(
        label="Decision", choices=[("accepted", "Accept: waive"), ("rejected", "Reject")]
    )
    note = forms.CharField(label="Note", required=False, max_length=2000)
