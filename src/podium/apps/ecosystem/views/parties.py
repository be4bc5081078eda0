"""Pages of parties and their contacts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from podium.apps.ecosystem import selectors, services
from podium.apps.ecosystem.filters import ContactFilterSet, PartyFilterSet
from podium.apps.ecosystem.forms import ContactForm, PartyForm
from podium.apps.ecosystem.rules import EDIT
from podium.apps.ecosystem.tables import ContactTable, PartyTable
from podium.platform.access import require
from podium.platform.editing import cleaned_fields, delete_page, form_page
from podium.platform.history import detail_context
from podium.platform.lists import render_list

GET_POST = require_http_methods(["GET", "POST"])


@require_GET
@login_required
def party_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.parties_visible_to(request.user),
        filterset_class=PartyFilterSet,
        table_class=PartyTable,
        title="Parties",
        export_name="parties",
        template="ecosystem/list.html",
        extra={"create_url": reverse("ecosystem:party_create")},
    )


@require_GET
@login_required
def party_detail(request: HttpRequest, slug: str) -> HttpResponse:
    party = get_object_or_404(selectors.parties_visible_to(request.user), slug=slug)
    history = selectors.history_visible_to(request.user, party)
    context = {
        **detail_context(request, party, "party", history),
        "components": selectors.components_visible_to(request.user).filter(run_by=party),
        "contacts": selectors.contacts_visible_to(request.user).filter(party=party),
        "contracts": selectors.contracts_visible_to(request.user).filter(party=party),
    }
    return render(request, "ecosystem/party_detail.html", context, status=context["http_status"])


@GET_POST
@login_required
def party_create(request: HttpRequest) -> HttpResponseBase:
    require(request.user, EDIT)
    form = PartyForm(request.POST or None)
    return form_page(
        request,
        form=form,
        title="New party",
        save=lambda: services.save_party(acting_user=request.user, **cleaned_fields(form)),
        done_url=lambda p: reverse("ecosystem:party_detail", args=[p.slug]),
        cancel_url=reverse("ecosystem:party_list"),
    )


@GET_POST
@login_required
def party_edit(request: HttpRequest, slug: str) -> HttpResponseBase:
    party = get_object_or_404(selectors.parties_visible_to(request.user), slug=slug)
    require(request.user, EDIT)
    form = PartyForm(request.POST or None, instance=party)
    return form_page(
        request,
        form=form,
        title=f"Edit {party}",
        save=lambda: services.save_party(
            acting_user=request.user, party=party, **cleaned_fields(form)
        ),
        done_url=lambda p: reverse("ecosystem:party_detail", args=[p.slug]),
        cancel_url=reverse("ecosystem:party_detail", args=[party.slug]),
    )


@GET_POST
@login_required
def party_delete(request: HttpRequest, slug: str) -> HttpResponseBase:
    party = get_object_or_404(selectors.parties_visible_to(request.user), slug=slug)
    require(request.user, EDIT)
    return delete_page(
        request,
        party,
        delete=lambda: services.delete_party(acting_user=request.user, party=party),
        cancel_url=reverse("ecosystem:party_detail", args=[slug]),
        done_url=reverse("ecosystem:party_list"),
    )


@require_GET
@login_required
def contact_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.contacts_visible_to(request.user),
        filterset_class=ContactFilterSet,
        table_class=ContactTable,
        title="Contacts",
        export_name="contacts",
        template="ecosystem/list.html",
        extra={"create_url": reverse("ecosystem:contact_create")},
    )


@GET_POST
@login_required
def contact_create(request: HttpRequest) -> HttpResponseBase:
    require(request.user, EDIT)
    initial = {}
    if slug := request.GET.get("party"):
        initial["party"] = selectors.parties_visible_to(request.user).filter(slug=slug).first()
    form = ContactForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form=form,
        title="New contact",
        save=lambda: services.save_contact(acting_user=request.user, **cleaned_fields(form)),
        done_url=lambda c: reverse("ecosystem:party_detail", args=[c.party.slug]),
        cancel_url=reverse("ecosystem:contact_list"),
    )


@GET_POST
@login_required
def contact_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    contact = get_object_or_404(selectors.contacts_visible_to(request.user), pk=pk)
    require(request.user, EDIT)
    form = ContactForm(request.POST or None, instance=contact)
    return form_page(
        request,
        form=form,
        title=f"Edit {contact}",
        save=lambda: services.save_contact(
            acting_user=request.user, contact=contact, **cleaned_fields(form, "party")
        ),
        done_url=lambda c: reverse("ecosystem:party_detail", args=[c.party.slug]),
        cancel_url=reverse("ecosystem:party_detail", args=[contact.party.slug]),
    )


@GET_POST
@login_required
def contact_delete(request: HttpRequest, pk: int) -> HttpResponseBase:
    contact = get_object_or_404(selectors.contacts_visible_to(request.user), pk=pk)
    require(request.user, EDIT)
    return delete_page(
        request,
        contact,
        delete=lambda: services.delete_contact(acting_user=request.user, contact=contact),
        cancel_url=reverse("ecosystem:party_detail", args=[contact.party.slug]),
        done_url=reverse("ecosystem:party_detail", args=[contact.party.slug]),
    )
