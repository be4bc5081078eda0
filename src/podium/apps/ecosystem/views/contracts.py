"""Pages of contracts: list (with notice and expiry flags), detail, and the form with a row of
targets per priority."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from podium.apps.ecosystem import selectors, services
from podium.apps.ecosystem.choices import ContractStatus
from podium.apps.ecosystem.filters import ContractFilterSet, contract_status
from podium.apps.ecosystem.forms import ContractForm, TargetForm, target_forms
from podium.apps.ecosystem.rules import EDIT
from podium.apps.ecosystem.tables import ContractTable
from podium.platform.access import require
from podium.platform.editing import cleaned_fields, delete_page, form_page
from podium.platform.history import detail_context
from podium.platform.lists import render_list

GET_POST = require_http_methods(["GET", "POST"])


@require_GET
@login_required
def contract_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.contracts_visible_to(request.user),
        filterset_class=ContractFilterSet,
        table_class=ContractTable,
        title="Contracts",
        export_name="contracts",
        template="ecosystem/list.html",
        extra={"create_url": reverse("ecosystem:contract_create")},
    )


@require_GET
@login_required
def contract_detail(request: HttpRequest, reference: str) -> HttpResponse:
    # `contracts_for_reading` adds visible_services, visible_components and all_targets
    contract: Any = get_object_or_404(
        selectors.contracts_for_reading(request.user), reference=reference
    )
    history = selectors.history_visible_to(request.user, contract)
    context = {
        **detail_context(request, contract, "contract", history),
        "status": (status := contract_status(contract, timezone.localdate())),
        "status_label": ContractStatus(status).label,
        "targets": contract.all_targets,
        "services": contract.visible_services,
        "components": contract.visible_components,
    }
    return render(request, "ecosystem/contract_detail.html", context, status=context["http_status"])


def _show_errors(targets: list[tuple[str, TargetForm]]) -> Any:
    """A contract's target errors come back keyed ``P1-response_minutes``; put them in the row."""
    by_priority = dict(targets)

    def show(form: Any, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            rest: dict[str, list[str]] = {}
            for key, messages in error.message_dict.items():
                priority, _, field = key.partition("-")
                target_form = by_priority.get(priority)
                if target_form is not None and field in target_form.fields:
                    target_form.add_error(field, messages)
                else:
                    rest[key] = messages
            if not rest:
                return
            error = ValidationError(rest)
        form.add_service_errors(error)

    return show


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
            **cleaned_fields(form, "services", "components"),
        )

    return form_page(
        request,
        form=form,
        title=title,
        save=save,
        done_url=lambda c: reverse("ecosystem:contract_detail", args=[c.reference]),
        cancel_url=cancel,
        rows=targets,
        show_errors=_show_errors(targets),
    )


@GET_POST
@login_required
def contract_create(request: HttpRequest) -> HttpResponseBase:
    require(request.user, EDIT)
    return _contract_page(request, None, "New contract", reverse("ecosystem:contract_list"))


@GET_POST
@login_required
def contract_edit(request: HttpRequest, reference: str) -> HttpResponseBase:
    contract = get_object_or_404(selectors.contracts_visible_to(request.user), reference=reference)
    require(request.user, EDIT)
    cancel = reverse("ecosystem:contract_detail", args=[reference])
    return _contract_page(request, contract, f"Edit {contract}", cancel)


@GET_POST
@login_required
def contract_delete(request: HttpRequest, reference: str) -> HttpResponseBase:
    contract = get_object_or_404(selectors.contracts_visible_to(request.user), reference=reference)
    require(request.user, EDIT)
    return delete_page(
        request,
        contract,
        delete=lambda: services.delete_contract(acting_user=request.user, contract=contract),
        cancel_url=reverse("ecosystem:contract_detail", args=[reference]),
        done_url=reverse("ecosystem:contract_list"),
    )
