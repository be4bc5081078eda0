"""The ticket list: priority and status as badges, the holding party as its chip, times relative;
names, labels and ISO times in the CSV. The list of integration credentials likewise."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html

from podium.apps.operations.choices import CredentialState
from podium.apps.operations.models import (
    Arbitration,
    Delivery,
    Escalation,
    HubSubscription,
    IntegrationCredential,
    Notification,
    Ticket,
)
from podium.apps.operations.rules import (
    ARBITRATE,
    MANAGE_CREDENTIALS,
    MANAGE_SUBSCRIPTIONS,
)
from podium.platform import console
from podium.platform.access import may
from podium.platform.lists import NUMBER, ChipColumn, TonedColumn, WhenColumn


class TicketTable(tables.Table):
    reference = tables.Column(
        linkify=("operations:ticket_detail", {"reference": tables.A("reference")}),
        attrs={"td": {"class": "nowrap"}},
    )
    priority = TonedColumn("priority")
    status = TonedColumn("ticket.status")
    service = tables.Column(accessor="service__name", verbose_name="Service")
    current_party = ChipColumn(verbose_name="Held by", order_by=("current_party__name",))
    opened_at = WhenColumn(verbose_name="Opened")

    class Meta:
        model = Ticket
        fields = (
            "reference",
            "title",
            "priority",
            "status",
            "service",
            "current_party",
            "opened_at",
        )


class CredentialTable(tables.Table):
    """Integration tokens, never their secret: whose, which tool, how the token starts, when it
    was made and last used, whether it is still accepted, how often it may call."""

    party = ChipColumn(order_by=("party__name",))
    name = tables.Column(verbose_name="Tool")
    token_prefix = tables.Column(verbose_name="Starts with", attrs={"td": {"class": "nowrap"}})
    created_at = WhenColumn(verbose_name="Created")
    last_used_at = WhenColumn(verbose_name="Last used", empty_values=())
    state = tables.Column(
        verbose_name="State",
        accessor="revoked_at",
        order_by=("revoked_at", "-created_at"),
        empty_values=(),
    )
    requests_per_minute = tables.Column(verbose_name="Rate limit (per minute)", attrs=NUMBER)
    revoke = tables.Column(
        verbose_name="", accessor="pk", orderable=False, exclude_from_export=True, empty_values=()
    )

    class Meta:
        model = IntegrationCredential
        fields = (
            "party",
            "name",
            "token_prefix",
            "created_at",
            "last_used_at",
            "state",
            "requests_per_minute",
            "revoke",
        )

    def render_token_prefix(self, value: str) -> Any:
        return format_html("<code>{}…</code>", value)

    def value_token_prefix(self, value: str) -> str:
        return value

    def render_last_used_at(self, value: Any) -> Any:
        return console.when(value) if value is not None else "never"

    def value_last_used_at(self, value: Any) -> str:
        return value.isoformat() if value is not None else ""

    def render_state(self, record: IntegrationCredential) -> Any:
        if record.revoked_at is None:
            return console.toned("credential.state", CredentialState.ACTIVE, "Active")
        return format_html(
            "{} {}",
            console.toned("credential.state", CredentialState.REVOKED, "Revoked"),
            console.when(record.revoked_at),
        )

    def value_state(self, record: IntegrationCredential) -> str:
        if record.revoked_at is None:
            return str(CredentialState.ACTIVE.label)
        return f"{CredentialState.REVOKED.label} {record.revoked_at.isoformat()}"

    def render_revoke(self, record: IntegrationCredential) -> Any:
        viewer = getattr(getattr(self, "request", None), "user", None)
        if viewer is None or record.revoked_at is not None:
            return ""
        if not may(viewer, MANAGE_CREDENTIALS, record):
            return ""
        return format_html(
            '<a href="{}" class="btn btn-sm btn-ghost-danger">Revoke</a>',
            reverse("operations:credential_revoke", args=[record.pk]),
        )


class EscalationTable(tables.Table):
    """What the sweep fired, once each: on which ticket, which step of which ladder version,
    who was reached through which channel, when it was due and when it fired."""

    ticket = tables.Column(
        accessor="ticket__reference",
        verbose_name="Ticket",
        linkify=("operations:ticket_detail", {"reference": tables.A("ticket__reference")}),
        attrs={"td": {"class": "nowrap"}},
    )
    kind = TonedColumn("escalation.kind")
    step = tables.Column(verbose_name="Step")
    ladder = tables.Column(
        accessor="ladder__key", verbose_name="Ladder", order_by=("ladder__key", "ladder_version")
    )
    ladder_version = tables.Column(verbose_name="Version", attrs=NUMBER)
    party = ChipColumn(verbose_name="Who", order_by=("party__name",))
    contact_role = tables.Column(verbose_name="Role")
    channel = tables.Column(verbose_name="Channel")
    due_at = WhenColumn(verbose_name="Due")
    fired_at = WhenColumn(verbose_name="Fired")

    class Meta:
        model = Escalation
        fields = (
            "ticket",
            "kind",
            "step",
            "ladder",
            "ladder_version",
            "party",
            "contact_role",
            "channel",
            "due_at",
            "fired_at",
        )


class ArbitrationTable(tables.Table):
    """Tickets that bounced between two parties past the agreement's limit: the pair, the
    bounces, and the integrator's decision (the owner until resolved, and why)."""

    ticket = tables.Column(
        accessor="ticket__reference",
        verbose_name="Ticket",
        linkify=("operations:ticket_detail", {"reference": tables.A("ticket__reference")}),
        attrs={"td": {"class": "nowrap"}},
    )
    party_a = ChipColumn(verbose_name="Between", order_by=("party_a__name",))
    party_b = ChipColumn(verbose_name="and", order_by=("party_b__name",))
    bounces = tables.Column(verbose_name="Bounces", attrs=NUMBER)
    status = TonedColumn("arbitration.status")
    owner = ChipColumn(verbose_name="Owner until resolved", order_by=("owner__name",))
    reason = tables.Column(verbose_name="Reason")
    flagged_at = WhenColumn(verbose_name="Flagged")
    decide = tables.Column(
        empty_values=(), orderable=False, verbose_name="", exclude_from_export=True
    )

    class Meta:
        model = Arbitration
        fields = (
            "ticket",
            "party_a",
            "party_b",
            "bounces",
            "status",
            "owner",
            "reason",
            "flagged_at",
        )

    def render_decide(self, record: Arbitration) -> Any:
        viewer = getattr(getattr(self, "request", None), "user", None)
        if viewer is None or not may(viewer, ARBITRATE):
            return ""
        label = "Decide" if record.owner_id is None else "Change"
        return format_html(
            '<a href="{}" class="btn btn-sm">{}</a>',
            reverse("operations:arbitration_decide", args=[record.pk]),
            label,
        )


def _viewer(table: tables.Table) -> Any:
    return getattr(getattr(table, "request", None), "user", None)


def _csrf(table: tables.Table) -> str:
    """The CSRF token for the forms a row holds (a button that writes is a POST)."""
    request = getattr(table, "request", None)
    return get_token(request) if request is not None else ""


class NotificationTable(tables.Table):
    """The inbox: the title opens what it is about (and marks it read), unread ones first to
    the eye (bold), with a button to mark one read without opening it."""

    title = tables.Column(verbose_name="Notification", empty_values=())
    event_type = TonedColumn("notification.type", verbose_name="About")
    ticket = tables.Column(
        accessor="ticket__reference",
        verbose_name="Ticket",
        linkify=("operations:ticket_detail", {"reference": tables.A("ticket__reference")}),
        attrs={"td": {"class": "nowrap"}},
    )
    created_at = WhenColumn(verbose_name="When")
    read_at = tables.Column(verbose_name="Read", empty_values=(), orderable=True)

    class Meta:
        model = Notification
        fields = ("title", "event_type", "ticket", "created_at", "read_at")

    def render_title(self, record: Notification) -> Any:
        weight = "" if record.read_at else " fw-bold"
        return format_html(
            '<form method="post" action="{}" class="d-inline">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<input type="hidden" name="open" value="1">'
            '<button type="submit" class="btn btn-link p-0 text-start{}">{}</button></form>'
            '<div class="text-secondary small">{}</div>',
            reverse("operations:notification_read", args=[record.pk]),
            _csrf(self),
            weight,
            record.title,
            record.detail,
        )

    def value_title(self, record: Notification) -> str:
        return record.title

    def render_read_at(self, record: Notification) -> Any:
        if record.read_at is not None:
            return console.when(record.read_at)
        return format_html(
            '<form method="post" action="{}">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit" class="btn btn-sm">Mark read</button></form>',
            reverse("operations:notification_read", args=[record.pk]),
            _csrf(self),
        )

    def value_read_at(self, record: Notification) -> str:
        return record.read_at.isoformat() if record.read_at else ""


class WebhookTable(tables.Table):
    """A party's CloudEvents webhooks (never their secret)."""

    party = ChipColumn(order_by=("party__name",))
    callback = tables.Column(verbose_name="Callback")
    event_types = tables.Column(verbose_name="Events", empty_values=(), orderable=False)
    created_at = WhenColumn(verbose_name="Created")
    disabled_reason = tables.Column(verbose_name="Disabled", empty_values=())
    remove = tables.Column(
        verbose_name="", empty_values=(), orderable=False, exclude_from_export=True
    )

    class Meta:
        model = HubSubscription
        fields = ("party", "callback", "event_types", "created_at", "disabled_reason")

    def render_event_types(self, record: HubSubscription) -> str:
        return ", ".join(record.event_types) or "every event"

    def render_disabled_reason(self, record: HubSubscription) -> str:
        return record.disabled_reason or ("yes" if record.disabled_at else "")

    def render_remove(self, record: HubSubscription) -> Any:
        viewer = _viewer(self)
        if viewer is None or not may(viewer, MANAGE_SUBSCRIPTIONS, record):
            return ""
        return format_html(
            '<form method="post" action="{}">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit" class="btn btn-sm btn-ghost-danger">Remove</button></form>',
            reverse("operations:webhook_remove", args=[record.pk]),
            _csrf(self),
        )


class DeliveryTable(tables.Table):
    """The delivery log: what was sent where, how it went, and when it is tried next."""

    id = tables.Column(
        verbose_name="#",
        linkify=("operations:delivery_detail", {"pk": tables.A("pk")}),
        attrs=NUMBER,
    )
    kind = tables.Column(verbose_name="Kind")
    event_type = tables.Column(verbose_name="Event")
    ticket = tables.Column(accessor="ticket__reference", verbose_name="Ticket")
    status = TonedColumn("delivery.status")
    attempts = tables.Column(verbose_name="Tries", attrs=NUMBER)
    last_status_code = tables.Column(verbose_name="Last answer", attrs=NUMBER)
    created_at = WhenColumn(verbose_name="Created")
    next_attempt_at = WhenColumn(verbose_name="Next try", empty_values=())

    class Meta:
        model = Delivery
        fields = (
            "id",
            "kind",
            "event_type",
            "ticket",
            "status",
            "attempts",
            "last_status_code",
            "created_at",
            "next_attempt_at",
        )
