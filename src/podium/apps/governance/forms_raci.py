"""Forms of the responsibility matrix: an activity, and one grid cell's letters."""

from __future__ import annotations

from typing import Any

from django import forms

from podium.apps.ecosystem.models import Party
from podium.apps.governance.models import Activity


class ActivityForm(forms.ModelForm[Activity]):
    class Meta:
        model = Activity
        fields = ["code", "name", "description", "position"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # the code is how imports and history refer to the activity; it does not change
            self.fields["code"].disabled = True


class CellForm(forms.Form):
    """The letters of one (object, activity) cell; more than one Accountable is accepted here
    and flagged by validation, so the grid shows the state rather than hiding it."""

    A = forms.ModelMultipleChoiceField(Party.objects.all(), required=False, label="Accountable (A)")
    R = forms.ModelMultipleChoiceField(Party.objects.all(), required=False, label="Responsible (R)")
    C = forms.ModelMultipleChoiceField(Party.objects.all(), required=False, label="Consulted (C)")
    I = forms.ModelMultipleChoiceField(Party.objects.all(), required=False, label="Informed (I)")  # noqa: E741

    def letters(self) -> dict[str, list[Party]]:
        return {role: list(self.cleaned_data[role]) for role in ("A", "R", "C", "I")}
