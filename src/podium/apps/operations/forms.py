"""Forms of the operations pages: they parse and show errors; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.operations.choices import EmailMode, IncidentPhase, NotificationType
from podium.apps.operations.models import IntegrationCredential
from podium.platform.forms import DATE_INPUT, PodiumForm, RowChoiceField


class CredentialForm(PodiumForm):
    """A new integration token: which party's tool, and a name to tell it apart. The parties
    offered are those the viewer may make tokens for (`parties`), so a party's manager is
    offered its own party only."""

    party = RowChoiceField(
        queryset=ecosystem.parties_among(()), help_text="The tool acts for this party only."
    )
    name = forms.CharField(
        max_length=IntegrationCredential._meta.get_field("name").max_length,
        help_text="Which tool uses it, e.g. “ServiceNow production”.",
    )

    def __init__(self, *args: Any, parties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        party: Any = self.fields["party"]
        party.queryset = parties
        if len(parties) == 1:
            party.initial = parties[0].pk


class ArbitrationForm(PodiumForm):
    """The integrator's decision: which of the two parties owns the ticket until it is
    resolved, and why (both parties read the reason)."""

    owner = RowChoiceField(
        queryset=ecosystem.parties_among(()), help_text="It holds the ticket until it is resolved."
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="Why this party: both parties read it on the ticket.",
    )

    def __init__(self, *args: Any, parties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner: Any = self.fields["owner"]
        owner.queryset = parties


class DeclareMajorIncidentForm(PodiumForm):
    title = forms.CharField(
        max_length=200, help_text="What the parties on the bridge call it, e.g. “Web shop down”."
    )


class IncidentUpdateForm(PodiumForm):
    phase = forms.ChoiceField(choices=IncidentPhase.choices, label="Where the work stands")
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        label="Update",
        help_text="Every party on the bridge reads it on the timeline.",
    )


class CloseMajorIncidentForm(PodiumForm):
    review = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text="What happened, and why.",
    )
    follow_up = forms.CharField(
        max_length=400,
        label="Follow-up",
        help_text="The retrospective asked for, with whom, by when (Trust › Retrospectives "
        "records it when it is held).",
    )
    retrospective_due_on = forms.DateField(
        required=False, label="Retrospective due on", widget=DATE_INPUT
    )


class NotificationPreferencesForm(PodiumForm):
    """How the user wants e-mail of each type of notification (the inbox always has them)."""

    def __init__(self, *args: Any, current: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in NotificationType.choices:
            # left out of a post: stays as it is (as in the API)
            self.fields[self.field_name(value)] = forms.ChoiceField(
                label=label, choices=EmailMode.choices, initial=current.get(value), required=False
            )

    @staticmethod
    def field_name(event_type: str) -> str:
        return "email_" + event_type.rsplit(".", 2)[-2] + "_" + event_type.rsplit(".", 1)[-1]

    def modes(self) -> dict[str, str]:
        return {
            value: mode
            for value, _ in NotificationType.choices
            if (mode := self.cleaned_data.get(self.field_name(value)))
        }


class WebhookForm(PodiumForm):
    """A party's webhook: where to post, and which notifications (none ticked: every one)."""

    party = RowChoiceField(
        queryset=ecosystem.parties_among(()),
        help_text="It hears of the tickets this party's users may see.",
    )
    callback = forms.URLField(
        max_length=1000, assume_scheme="https", help_text="The https URL the events are posted to."
    )
    event_types = forms.MultipleChoiceField(
        label="Events",
        choices=NotificationType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every event.",
    )

    def __init__(self, *args: Any, parties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        party: Any = self.fields["party"]
        party.queryset = parties
        if len(parties) == 1:
            party.initial = parties[0].pk
