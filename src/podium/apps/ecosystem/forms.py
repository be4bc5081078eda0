"""Forms of the ecosystem pages: they parse and show errors; the services decide and write.

Model forms give labels, choices and single-row validation for free. Related rows (a service's
components, a component's dependencies, contract targets) are plain fields that the view hands to
the service, which validates them against the whole graph.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from podium.apps.ecosystem.choices import ChipColour, Criticality, Priority
from podium.apps.ecosystem.models import (
    BusinessCalendar,
    Component,
    Contact,
    Contract,
    Party,
    Service,
)
from podium.core.calendars.hours import hours_as_text
from podium.platform.forms import (
    DATE_INPUT,
    PodiumForm,
    PodiumModelForm,
    RowChoiceField,
    RowsChoiceField,
)


class _SlugFromNameMixin:
    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()  # type: ignore[misc]
        if not data.get("slug") and data.get("name"):
            data["slug"] = slugify(data["name"])[:60]
        return data


class PartyForm(_SlugFromNameMixin, PodiumModelForm):
    class Meta:
        model = Party
        fields = [
            "name",
            "slug",
            "code",
            "colour",
            "kind",
            "segment",
            "risk_tier",
            "time_zone",
            "calendar",
            "description",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "Left empty, it is made from the name."
        self.fields["code"].required = False
        self.fields["code"].help_text = (
            "Shown on the party's chip, e.g. KAV: 2 to 6 capital letters or digits. "
            "Left empty, it is made from the name."
        )
        colour: Any = self.fields["colour"]
        colour.required = False
        if not self.instance.pk:
            colour.choices = [("", "The colour fewest parties have"), *ChipColour.choices]
            colour.initial = ""

    def clean_code(self) -> str:
        return str(self.cleaned_data.get("code") or "").strip().upper()


class ContactForm(PodiumModelForm):
    class Meta:
        model = Contact
        fields = ["party", "name", "role", "email", "phone", "time_zone"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["party"].disabled = True


class ServiceForm(_SlugFromNameMixin, PodiumModelForm):
    components = RowsChoiceField(
        queryset=Component.objects.select_related("run_by").order_by("name"),
        required=False,
        label="Components it needs directly",
    )

    class Meta:
        model = Service
        fields = ["name", "slug", "criticality", "owner", "description"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        if self.instance.pk:
            self.initial["components"] = list(self.instance.components.all())


class ComponentForm(_SlugFromNameMixin, PodiumModelForm):
    depends_on = RowsChoiceField(
        queryset=Component.objects.select_related("run_by").order_by("name"),
        required=False,
        label="Depends on",
        help_text="Components this one cannot work without.",
    )

    class Meta:
        model = Component
        fields = ["name", "slug", "kind", "run_by", "description"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        if self.instance.pk:
            field: Any = self.fields["depends_on"]
            field.queryset = field.queryset.exclude(pk=self.instance.pk)
            self.initial["depends_on"] = list(self.instance.depends_on.all())


class ContractForm(PodiumModelForm):
    services = RowsChoiceField(
        queryset=Service.objects.order_by("name"), required=False, label="Covered services"
    )
    components = RowsChoiceField(
        queryset=Component.objects.order_by("name"), required=False, label="Covered components"
    )

    class Meta:
        model = Contract
        fields = [
            "party",
            "reference",
            "title",
            "scope",
            "starts_on",
            "ends_on",
            "notice_period_days",
            "annual_value",
            "currency",
        ]
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["services"] = list(self.instance.services.all())
            self.initial["components"] = list(self.instance.components.all())


class TargetForm(PodiumForm):
    """The targets for one priority; a row left empty means the contract sets none."""

    response_minutes = forms.IntegerField(
        label="Response (business minutes)", min_value=0, required=False
    )
    resolution_minutes = forms.IntegerField(
        label="Resolution (business minutes)", min_value=0, required=False
    )
    availability_percent = forms.DecimalField(
        label="Availability (%)", min_value=0, max_value=100, decimal_places=3, required=False
    )
    service_credit_percent = forms.DecimalField(
        label="Service credit (%)", min_value=0, max_value=100, decimal_places=2, required=False
    )
    calendar = RowChoiceField(
        queryset=BusinessCalendar.objects.all(), required=False, label="Calendar"
    )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        given = [v for v in data.values() if v not in (None, "")]
        if given:
            for name in ("response_minutes", "resolution_minutes"):
                if data.get(name) is None:
                    self.add_error(name, "Needed when the priority has targets.")
        return data

    def targets(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if data.get("response_minutes") is None:
            return None
        return {
            "response_minutes": data["response_minutes"],
            "resolution_minutes": data["resolution_minutes"],
            "availability_percent": data.get("availability_percent"),
            "service_credit_percent": data.get("service_credit_percent") or 0,
            "calendar": data.get("calendar"),
        }


def target_forms(contract: Contract | None, data: Any = None) -> list[tuple[str, TargetForm]]:
    existing = {t.priority: t for t in contract.targets.all()} if contract else {}
    forms_by_priority = []
    for priority in Priority.values:
        target = existing.get(priority)
        initial = (
            {
                "response_minutes": target.response_minutes,
                "resolution_minutes": target.resolution_minutes,
                "availability_percent": target.availability_percent,
                "service_credit_percent": target.service_credit_percent,
                "calendar": target.calendar_id,
            }
            if target
            else {}
        )
        form = TargetForm(data, prefix=priority, initial=initial)
        for field in form.fields.values():
            field.widget.attrs["aria-label"] = f"{priority} {field.label}"
        forms_by_priority.append((priority, form))
    return forms_by_priority


class CalendarForm(_SlugFromNameMixin, PodiumModelForm):
    weekly_hours = forms.CharField(
        label="Weekly hours",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text='As people write them, e.g. "mon-fri 09:00-17:00; sat 09:00-12:00".',
    )
    closures = forms.CharField(
        label="Extra closures",
        required=False,
        help_text="ISO dates on which nobody works, separated by spaces or commas.",
    )

    class Meta:
        model = BusinessCalendar
        fields = ["name", "slug", "time_zone", "country", "subdivision", "always_open"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        if self.instance.pk:
            self.initial["weekly_hours"] = hours_as_text(self.instance.weekly_hours)
            self.initial["closures"] = " ".join(self.instance.closures or [])

    def clean_closures(self) -> list[str]:
        out = []
        for word in self.cleaned_data["closures"].replace(",", " ").split():
            try:
                out.append(dt.date.fromisoformat(word).isoformat())
            except ValueError as error:
                raise ValidationError(f"{word!r} is not an ISO date such as 2026-12-24.") from error
        return out


class MapFilterForm(PodiumForm):
    criticality = forms.ChoiceField(
        choices=[("", "Any"), *list(Criticality.choices)], required=False
    )
    party = forms.ChoiceField(choices=[("", "Any")], required=False, label="Party")

    def __init__(self, *args: Any, parties: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["party"]
        field.choices = [("", "Any")] + [(p.slug, p.name) for p in parties]
