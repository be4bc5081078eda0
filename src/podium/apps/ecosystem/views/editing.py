"""Create, edit and delete pages: parse the form, call one service, show its errors in place.

An object is first looked up through the viewer's scoped selector (another party's object is a
404, as everywhere) and only then is the right to edit checked (403), so the answer never says
more about an object than the viewer may already know. Pages work without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from podium.apps.ecosystem import selectors, services
from podium.apps.ecosystem.forms import (
    AccessibleErrorsMixin,
    CalendarForm,
    ComponentForm,
    ContactForm,
    ContractForm,
    PartyForm,
    ServiceForm,
    TargetForm,
    target_forms,
)
from podium.apps.ecosystem.models import Party

GET_POST = require_http_methods(["GET", "POST"])


def _require_editor(request: HttpRequest) -> None:
    if not request.user.has_perm("platform.edit_governance"):
        raise PermissionDenied("Only an integrator admin changes the ecosystem.")


def _form_page(
    request: HttpRequest,
    *,
    form: Any,
    title: str,
    save: Callable[[], models.Model],
    done_url: Callable[[Any], str],
    cancel_url: str,
    targets: list[tuple[str, TargetForm]] | None = None,
) -> HttpResponseBase:
    if request.method == "POST":
        valid = form.is_valid()
        # a list, not a generator: every target row is validated so each shows its own errors
        valid = all([f.is_valid() for _, f in targets or ()]) and valid  # noqa: C419
        if valid:
            try:
                row = save()
            except ValidationError as error:
                _show_errors(form, targets or [], error)
            else:
                messages.success(request, f"Saved {row}.")
                return redirect(done_url(row))
        form.mark_invalid()
        for _, target_form in targets or ():
            target_form.mark_invalid()
    context = {"form": form, "title": title, "cancel_url": cancel_url, "targets": targets}
    return render(request, "ecosystem/form.html", context)


def _show_errors(
    form: AccessibleErrorsMixin, targets: list[tuple[str, TargetForm]], error: ValidationError
) -> None:
    """A contract's target errors come back keyed ``P1-response_minutes``; put them in the row."""
    by_priority = dict(targets)
    if hasattr(error, "error_dict"):
        rest: dict[str, list[str]] = {}
        for key, messages_ in error.message_dict.items():
            priority, _, field = key.partition("-")
            target_form = by_priority.get(priority)
            if target_form is not None and field in target_form.fields:
                target_form.add_error(field, messages_)
            else:
                rest[key] = messages_
        if not rest:
            return
        error = ValidationError(rest)
    form.add_service_errors(error)


def _fields(form: Any, *related: str) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    for name in related:
        data.pop(name, None)
    return data


def _delete_page(
    request: HttpRequest, row: models.Model, *, cancel_url: str, done_url: str, party_id: int | None
) -> HttpResponseBase:
    _require_editor(request)
    if request.method == "POST":
        try:
            services.delete_row(acting_user=request.user, row=row, party_id=party_id)
        except services.StillInUseError as error:
            messages.error(request, str(error))
            return redirect(cancel_url)
        messages.success(request, f"Deleted {row}.")
        return redirect(done_url)
    return render(request, "ecosystem/confirm_delete.html", {"row": row, "cancel_url": cancel_url})


# -- parties and contacts ---------------------------------------------------------------------


@GET_POST
@login_required
def party_create(request: HttpRequest) -> HttpResponseBase:
    _require_editor(request)
    form = PartyForm(request.POST or None)
    return _form_page(
        request,
        form=form,
        title="New party",
        save=lambda: services.save_party(acting_user=request.user, **_fields(form)),
        done_url=lambda p: reverse("ecosystem:party_detail", args=[p.slug]),
        cancel_url=reverse("ecosystem:party_list"),
    )


@GET_POST
@login_required
def party_edit(request: HttpRequest, slug: str) -> HttpResponseBase:
    party = get_object_or_404(selectors.parties_visible_to(request.user), slug=slug)
    _require_editor(request)
    form = PartyForm(request.POST or None, instance=party)
    return _form_page(
        request,
        form=form,
        title=f"Edit {party}",
        save=lambda: services.save_party(acting_user=request.user, party=party, **_fields(form)),
        done_url=lambda p: reverse("ecosystem:party_detail", args=[p.slug]),
        cancel_url=reverse("ecosystem:party_detail", args=[party.slug]),
    )


@GET_POST
@login_required
def party_delete(request: HttpRequest, slug: str) -> HttpResponseBase:
    party = get_object_or_404(selectors.parties_visible_to(request.user), slug=slug)
    return _delete_page(
        request,
        party,
        cancel_url=reverse("ecosystem:party_detail", args=[slug]),
        done_url=reverse("ecosystem:party_list"),
        party_id=party.pk,
    )


@GET_POST
@login_required
def contact_create(request: HttpRequest) -> HttpResponseBase:
    _require_editor(request)
    initial = {}
    if request.GET.get("party"):
        initial["party"] = Party.objects.filter(slug=request.GET["party"]).first()
    form = ContactForm(request.POST or None, initial=initial)
    return _form_page(
        request,
        form=form,
        title="New contact",
        save=lambda: services.save_contact(acting_user=request.user, **_fields(form)),
        done_url=lambda c: reverse("ecosystem:party_detail", args=[c.party.slug]),
        cancel_url=reverse("ecosystem:contact_list"),
    )


@GET_POST
@login_required
def contact_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    contact = get_object_or_404(selectors.contacts_visible_to(request.user), pk=pk)
    _require_editor(request)
    form = ContactForm(request.POST or None, instance=contact)
    return _form_page(
        request,
        form=form,
        title=f"Edit {contact}",
        save=lambda: services.save_contact(
            acting_user=request.user, contact=contact, **_fields(form, "party")
        ),
        done_url=lambda c: reverse("ecosystem:party_detail", args=[c.party.slug]),
        cancel_url=reverse("ecosystem:party_detail", args=[contact.party.slug]),
    )


@GET_POST
@login_required
def contact_delete(request: HttpRequest, pk: int) -> HttpResponseBase:
    contact = get_object_or_404(selectors.contacts_visible_to(request.user), pk=pk)
    url = reverse("ecosystem:party_detail", args=[contact.party.slug])
    return _delete_page(request, contact, cancel_url=url, done_url=url, party_id=contact.party_id)


# -- services and components ------------------------------------------------------------------


@GET_POST
@login_required
def service_create(request: HttpRequest) -> HttpResponseBase:
    _require_editor(request)
    form = ServiceForm(request.POST or None)
    return _form_page(
        request,
        form=form,
        title="New business service",
        save=lambda: services.save_service(
            acting_user=request.user,
            components=form.cleaned_data["components"],
            **_fields(form, "components"),
        ),
        done_url=lambda s: reverse("ecosystem:service_detail", args=[s.slug]),
        cancel_url=reverse("ecosystem:service_list"),
    )


@GET_POST
@login_required
def service_edit(request: HttpRequest, slug: str) -> HttpResponseBase:
    service = get_object_or_404(selectors.services_visible_to(request.user), slug=slug)
    _require_editor(request)
    form = ServiceForm(request.POST or None, instance=service)
    return _form_page(
        request,
        form=form,
        title=f"Edit {service}",
        save=lambda: services.save_service(
            acting_user=request.user,
            service=service,
            components=form.cleaned_data["components"],
            **_fields(form, "components"),
        ),
        done_url=lambda s: reverse("ecosystem:service_detail", args=[s.slug]),
        cancel_url=reverse("ecosystem:service_detail", args=[service.slug]),
    )


@GET_POST
@login_required
def service_delete(request: HttpRequest, slug: str) -> HttpResponseBase:
    service = get_object_or_404(selectors.services_visible_to(request.user), slug=slug)
    return _delete_page(
        request,
        service,
        cancel_url=reverse("ecosystem:service_detail", args=[slug]),
        done_url=reverse("ecosystem:service_list"),
        party_id=None,
    )


@GET_POST
@login_required
def component_create(request: HttpRequest) -> HttpResponseBase:
    _require_editor(request)
    form = ComponentForm(request.POST or None)
    return _form_page(
        request,
        form=form,
        title="New component",
        save=lambda: services.save_component(
            acting_user=request.user,
            depends_on=form.cleaned_data["depends_on"],
            **_fields(form, "depends_on"),
        ),
        done_url=lambda c: reverse("ecosystem:component_detail", args=[c.slug]),
        cancel_url=reverse("ecosystem:component_list"),
    )


@GET_POST
@login_required
def component_edit(request: HttpRequest, slug: str) -> HttpResponseBase:
    component = get_object_or_404(selectors.components_visible_to(request.user), slug=slug)
    _require_editor(request)
    form = ComponentForm(request.POST or None, instance=component)
    return _form_page(
        request,
        form=form,
        title=f"Edit {component}",
        save=lambda: services.save_component(
            acting_user=request.user,
            component=component,
            depends_on=form.cleaned_data["depends_on"],
            **_fields(form, "depends_on"),
        ),
        done_url=lambda c: reverse("ecosystem:component_detail", args=[c.slug]),
        cancel_url=reverse("ecosystem:component_detail", args=[component.slug]),
    )


@GET_POST
@login_required
def component_delete(request: HttpRequest, slug: str) -> HttpResponseBase:
    component = get_object_or_404(selectors.components_visible_to(request.user), slug=slug)
    return _delete_page(
        request,
        component,
        cancel_url=reverse("ecosystem:component_detail", args=[slug]),
        done_url=reverse("ecosystem:component_list"),
        party_id=component.run_by_id,
    )


# -- contracts and calendars ------------------------------------------------------------------


def _contract_page(
    request: HttpRequest, contract: Any, title: str, cancel: str
) -> HttpResponseBase:
    form = ContractForm(request.POST or None, instance=contract)
    targets = target_forms(contract, request.POST or None)

    def save() -> Any:
        return services.save_contract(
            acting_user=request.user,
            contract=contract,
            services=form.cleaned_data["services"],
            components=form.cleaned_data["components"],
            targets={priority: f.targets() for priority, f in targets},
            **_fields(form, "services", "components"),
        )

    return _form_page(
        request,
        form=form,
        title=title,
        save=save,
        done_url=lambda c: reverse("ecosystem:contract_detail", args=[c.reference]),
        cancel_url=cancel,
        targets=targets,
    )


@GET_POST
@login_required
def contract_create(request: HttpRequest) -> HttpResponseBase:
    _require_editor(request)
    return _contract_page(request, None, "New contract", reverse("ecosystem:contract_list"))


@GET_POST
@login_required
def contract_edit(request: HttpRequest, reference: str) -> HttpResponseBase:
    contract = get_object_or_404(selectors.contracts_visible_to(request.user), reference=reference)
    _require_editor(request)
    cancel = reverse("ecosystem:contract_detail", args=[reference])
    return _contract_page(request, contract, f"Edit {contract}", cancel)


@GET_POST
@login_required
def contract_delete(request: HttpRequest, reference: str) -> HttpResponseBase:
    contract = get_object_or_404(selectors.contracts_visible_to(request.user), reference=reference)
    return _delete_page(
        request,
        contract,
        cancel_url=reverse("ecosystem:contract_detail", args=[reference]),
        done_url=reverse("ecosystem:contract_list"),
        party_id=contract.party_id,
    )


def _calendar_page(
    request: HttpRequest, calendar: Any, title: str, cancel: str
) -> HttpResponseBase:
    form = CalendarForm(request.POST or None, instance=calendar)
    return _form_page(
        request,
        form=form,
        title=title,
        save=lambda: services.save_calendar(
            acting_user=request.user, calendar=calendar, **_fields(form)
        ),
        done_url=lambda c: reverse("ecosystem:calendar_detail", args=[c.slug]),
        cancel_url=cancel,
    )


@GET_POST
@login_required
def calendar_create(request: HttpRequest) -> HttpResponseBase:
    _require_editor(request)
    return _calendar_page(
        request, None, "New business calendar", reverse("ecosystem:calendar_list")
    )


@GET_POST
@login_required
def calendar_edit(request: HttpRequest, slug: str) -> HttpResponseBase:
    calendar = get_object_or_404(selectors.calendars_visible_to(request.user), slug=slug)
    _require_editor(request)
    cancel = reverse("ecosystem:calendar_detail", args=[slug])
    return _calendar_page(request, calendar, f"Edit {calendar}", cancel)


@GET_POST
@login_required
def calendar_delete(request: HttpRequest, slug: str) -> HttpResponseBase:
    calendar = get_object_or_404(selectors.calendars_visible_to(request.user), slug=slug)
    return _delete_page(
        request,
        calendar,
        cancel_url=reverse("ecosystem:calendar_detail", args=[slug]),
        done_url=reverse("ecosystem:calendar_list"),
        party_id=None,
    )
