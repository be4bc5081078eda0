"""The cockpit's filters, one set for the overview, the party view and their CSV: the period,
a business service and a party, all in the URL so that a view can be bookmarked and shared.

A value the reader may not see (a service or party outside their reach) or does not know is
shown as the form's error and left out, never guessed.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.http import HttpRequest

from podium.apps.cockpit.choices import SavedViewPage, SavedViewSharing
from podium.apps.cockpit.models import SavedView
from podium.apps.cockpit.selectors.overview import Filters
from podium.apps.ecosystem import selectors as ecosystem
from podium.core import cockpit
from podium.platform.forms import PodiumForm


class CockpitFilterForm(PodiumForm):
    period = forms.ChoiceField(
        choices=[(key, label) for key, (label, _, _) in cockpit.PERIODS.items()],
        required=False,
        label="Period",
    )
    service = forms.ChoiceField(choices=[("", "Every service")], required=False, label="Service")
    party = forms.ChoiceField(choices=[("", "Every party")], required=False, label="Party")

    def __init__(self, *args: Any, services: Any = (), parties: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].initial = cockpit.DEFAULT_PERIOD
        self.services = {s.slug: s for s in services}
        field: Any = self.fields["service"]
        field.choices = [("", "Every service")] + [(s.slug, s.name) for s in services]
        if parties is None:
            del self.fields["party"]
            self.parties: dict[str, Any] = {}
        else:
            self.parties = {p.slug: p for p in parties}
            field = self.fields["party"]
            field.choices = [("", "Every party")] + [(p.slug, p.name) for p in parties]


def cockpit_filters(
    request: HttpRequest, *, with_party: bool = True
) -> tuple[CockpitFilterForm, Filters]:
    """The filters the URL asks for, through the reader's own services and parties."""
    user = request.user
    services = list(ecosystem.services_visible_to(user).order_by("name"))
    parties = list(ecosystem.parties_visible_to(user).order_by("name")) if with_party else None
    form = CockpitFilterForm(
        {k: v for k, v in request.GET.items() if k in ("period", "service", "party")} or None,
        services=services,
        parties=parties,
    )
    chosen: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()  # each valid field is kept, an invalid one shows its error
        chosen = form.cleaned_data
    return form, Filters(
        period=cockpit.period_of(chosen.get("period")),
        service=form.services.get(chosen.get("service") or ""),
        party=form.parties.get(chosen.get("party") or ""),
    )


class SavedViewFilterSet(django_filters.FilterSet):
    """The saved views list, its CSV and the API: by page and by whom a view is shared with."""

    page = django_filters.ChoiceFilter(choices=SavedViewPage.choices, label="Page")
    sharing = django_filters.ChoiceFilter(choices=SavedViewSharing.choices, label="Shared with")

    class Meta:
        model = SavedView
        fields = ["page", "sharing"]
