from __future__ import annotations

from django.conf import settings
from django.db import models

from podium.apps.operations.choices import DeliveryKind, DeliveryStatus, SubscriptionFormat
from podium.platform.models import ValidatedModel


class HubSubscription(ValidatedModel):
    """A party's tool asked to be told of ticket events (TMF621 `POST /hub`): Podium posts
    each event the party may see to `callback`, signed with the subscription's secret."""

    party = models.ForeignKey(
        "ecosystem.Party",
        verbose_name="party",
        on_delete=models.PROTECT,
        related_name="hub_subscriptions",
        help_text="Whose subscription it is; it hears of that party's tickets only.",
    )
    sees_everything = models.BooleanField(
        "every ticket",
        default=False,
        help_text="Made by the integrator's staff: events of every ticket.",
    )
    credential = models.ForeignKey(
        "operations.IntegrationCredential",
        verbose_name="made with token",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="made by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    callback = models.CharField("callback", max_length=1000, help_text="http(s) URL.")
    format = models.CharField(
        "format",
        max_length=12,
        choices=SubscriptionFormat.choices,
        default=SubscriptionFormat.TMF621,
        help_text="TMF621 hub events, or notifications as CloudEvents (a party's webhook).",
    )
    query = models.CharField(
        "query", max_length=400, blank=True, help_text="As given, e.g. eventType=…"
    )
    event_types = models.JSONField(
        "event types", default=list, blank=True, help_text="Empty: every event type."
    )
    secret_sealed = models.TextField("signing secret (sealed)", editable=False)
    created_at = models.DateTimeField("created at")
    disabled_at = models.DateTimeField("disabled at", null=True, blank=True)
    disabled_reason = models.CharField("why disabled", max_length=200, blank=True)
    removed_at = models.DateTimeField("removed at", null=True, blank=True)

    class Meta:
        ordering = ["party__name", "created_at", "id"]

    def __str__(self) -> str:
        return f"hub {self.pk} → {self.callback[:60]}"

    @property
    def is_live(self) -> bool:
        return self.disabled_at is None and self.removed_at is None

    def wants(self, event_type: str) -> bool:
        return not self.event_types or event_type in self.event_types


class Delivery(ValidatedModel):
    """One message Podium owes another system — an event for a hub subscriber, or a create or
    change for a party's own TMF621 server — written in the same transaction as the change
    that caused it, and sent (and retried) by the worker."""

    kind = models.CharField("kind", max_length=10, choices=DeliveryKind.choices)
    subscription = models.ForeignKey(
        HubSubscription,
        verbose_name="subscription",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    link = models.ForeignKey(
        "operations.BondedTicket",
        verbose_name="bonded ticket",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    ticket = models.ForeignKey(
        "operations.Ticket",
        verbose_name="ticket",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event_id = models.CharField(
        "message id", max_length=64, help_text="webhook-id (and Idempotency-Key) of the message."
    )
    event_type = models.CharField("event type", max_length=60, blank=True)
    body = models.TextField("body", help_text="Exactly the bytes sent (and signed).")
    status = models.CharField(
        "status",
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveIntegerField("attempts", default=0)
    created_at = models.DateTimeField("created at")
    next_attempt_at = models.DateTimeField("next try", null=True, blank=True, db_index=True)
    last_attempt_at = models.DateTimeField("last try", null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField("last answer", null=True, blank=True)
    last_error = models.CharField("last error", max_length=400, blank=True)
    delivered_at = models.DateTimeField("delivered at", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(subscription__isnull=False, link__isnull=True)
                | models.Q(subscription__isnull=True, link__isnull=False),
                name="delivery_has_one_destination",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.event_type or ''} {self.event_id}"


class DeliveryAttempt(ValidatedModel):
    """One try at sending a delivery, and what came of it (the delivery log)."""

    delivery = models.ForeignKey(
        Delivery, verbose_name="delivery", on_delete=models.CASCADE, related_name="tries"
    )
    number = models.PositiveIntegerField("try")
    at = models.DateTimeField("at")
    status_code = models.PositiveSmallIntegerField("answer", null=True, blank=True)
    error = models.CharField("error", max_length=400, blank=True)
    duration_ms = models.PositiveIntegerField("took (ms)", default=0)
    next_attempt_at = models.DateTimeField("next try", null=True, blank=True)

    class Meta:
        ordering = ["delivery", "number"]

    def __str__(self) -> str:
        return f"{self.delivery_id} try {self.number}: {self.status_code or self.error[:40]}"


class TicketPublication(ValidatedModel):
    """What subscribers were last told of a ticket, so a change raises only the events it
    is (a status change, an attribute value change …)."""

    ticket = models.OneToOneField(
        "operations.Ticket", on_delete=models.CASCADE, related_name="publication"
    )
    snapshot = models.JSONField("as last published", default=dict)
    published_at = models.DateTimeField("published at")

    def __str__(self) -> str:
        return f"publication of {self.ticket_id}"


class InboundEvent(ValidatedModel):
    """An event a party's TMF server pushed to a listener; kept once per (party, eventId), so
    the same event sent again changes nothing."""

    party = models.ForeignKey(
        "ecosystem.Party", verbose_name="party", on_delete=models.PROTECT, related_name="+"
    )
    event_id = models.CharField("event id", max_length=200)
    event_type = models.CharField("event type", max_length=60)
    event_time = models.DateTimeField("event time")
    received_at = models.DateTimeField("received at")
    ticket = models.ForeignKey(
        "operations.Ticket",
        verbose_name="ticket",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    payload = models.ForeignKey(
        "operations.RawPayload",
        verbose_name="payload",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["party", "event_id"], name="inbound_event_once"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"
