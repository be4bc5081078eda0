"""Forms of the operations pages: they parse and show errors; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.operations.models import IntegrationCredential
from podium.platform.forms import PodiumForm, RowChoiceField


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
