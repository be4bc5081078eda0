"""Forms of ladders, forums, meetings, decisions, actions and the agreement; they only parse —
the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from podium.apps.ecosystem.choices import ContactRole
from podium.apps.ecosystem.models import Party, Service
from podium.apps.governance.choices import (
    ActionStatus,
    Channel,
    DecisionStatus,
    GovernanceLevel,
    MembershipRole,
    WaitKind,
)
from podium.apps.governance.models import Forum
from podium.core.cadence import CadenceError, validate_rule


class LadderHeaderForm(forms.Form):
    name = forms.CharField(max_length=120)
    party = forms.ModelChoiceField(Party.objects.all(), required=False, to_field_name="slug")
    service = forms.ModelChoiceField(Service.objects.all(), required=False, to_field_name="slug")
    change_note = forms.CharField(label="What changed", max_length=200, required=False)


class StepForm(forms.Form):
    level = forms.ChoiceField(choices=GovernanceLevel.choices)
    wait_minutes = forms.IntegerField(label="Wait (minutes)", min_value=0)
    wait_kind = forms.ChoiceField(label="Counted in", choices=WaitKind.choices)
    party = forms.ModelChoiceField(Party.objects.all(), to_field_name="slug")
    contact_role = forms.ChoiceField(label="Contact role", choices=ContactRole.choices)
    channel = forms.ChoiceField(choices=Channel.choices)


StepFormSet = forms.formset_factory(StepForm, extra=1, can_delete=True, min_num=1)


class ForumForm(forms.ModelForm[Forum]):
    first_meeting_at = forms.DateTimeField(
        label="First meeting (in the forum's time zone)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    class Meta:
        model = Forum
        fields = [
            "name",
            "kind",
            "charter",
            "cadence",
            "first_meeting_at",
            "duration_minutes",
            "time_zone",
        ]

    def clean_cadence(self) -> str:
        rule: str = self.cleaned_data["cadence"].strip()
        if rule:
            try:
                validate_rule(rule)
            except CadenceError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return rule


class MembershipForm(forms.Form):
    party = forms.ModelChoiceField(Party.objects.all(), to_field_name="slug")
    role = forms.ChoiceField(choices=MembershipRole.choices)


class MinutesForm(forms.Form):
    minutes = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)


class DecisionForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ActionForm(forms.Form):
    title = forms.CharField(max_length=200)
    owner_party = forms.ModelChoiceField(
        Party.objects.all(), to_field_name="slug", label="Owner party"
    )
    due_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, forum: Forum | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if forum is not None:
            field = self.fields["owner_party"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Party.objects.filter(forum_memberships__forum=forum)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)


class DecisionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=DecisionStatus.choices)


class AgreementForm(forms.Form):
    title = forms.CharField(max_length=200)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 14}))
    effective_from = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
