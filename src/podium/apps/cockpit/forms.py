"""The cockpit's forms: saving the filters of a page as a view, renaming or resharing it."""

from __future__ import annotations

from typing import Any

from django import forms

from podium.apps.cockpit.choices import SavedViewPage, SavedViewSharing
from podium.apps.cockpit.rules import SHARE_VIEW_WITH_EVERYONE
from podium.platform.access import may, party_of
from podium.platform.forms import PodiumForm

HIDDEN = frozenset({"page", "period", "service", "party"})
"""The filters the saving form carries from its page, out of sight."""


def sharing_choices(user: Any) -> list[tuple[str, str]]:
    """What the user may share a view with: everyone only for the integrator's staff, the
    party only for someone working for one."""
    choices = [(SavedViewSharing.PRIVATE.value, SavedViewSharing.PRIVATE.label)]
    if party_of(user) is not None:
        choices.append((SavedViewSharing.PARTY.value, SavedViewSharing.PARTY.label))
    if may(user, SHARE_VIEW_WITH_EVERYONE):
        choices.append((SavedViewSharing.EVERYONE.value, "Everyone"))
    return choices


class SavedViewChangeForm(PodiumForm):
    name = forms.CharField(label="Name", max_length=80)
    sharing = forms.ChoiceField(label="Shared with", choices=SavedViewSharing.choices)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["sharing"]
        field.choices = sharing_choices(user)


class SavedViewForm(SavedViewChangeForm):
    """The name and sharing a reader types; the page and its filters come from the URL of the
    page the form was on (hidden), as that page's own filter form put them."""

    page = forms.ChoiceField(label="Page", choices=SavedViewPage.choices, widget=forms.HiddenInput)
    period = forms.CharField(
        label="Period", required=False, max_length=10, widget=forms.HiddenInput
    )
    service = forms.CharField(
        label="Service", required=False, max_length=100, widget=forms.HiddenInput
    )
    party = forms.CharField(label="Party", required=False, max_length=100, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        """A hidden filter the form refused is said at the top, naming it (the page shows
        no hidden field's own errors)."""
        data = super().clean()
        for name in HIDDEN & set(self.errors):
            for message in self.errors.pop(name):
                self.add_error(None, f"{self.fields[name].label or name}: {message}")
        return data

    def add_service_errors(self, error: Any) -> None:
        """A refused filter is hidden on the form: say it at the top, naming the field."""
        if hasattr(error, "error_dict") and HIDDEN & set(error.error_dict):
            for name, messages in error.message_dict.items():
                if name in HIDDEN:
                    self.add_error(
                        None, [f"{self.fields[name].label or name}: {m}" for m in messages]
                    )
                else:
                    self.add_error(name, messages)
            return
        super().add_service_errors(error)
