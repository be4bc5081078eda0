from __future__ import annotations

from django.db import models

from podium.apps.operations.choices import OPEN_STATUSES, TicketStatus
from podium.platform.identifiers import validate_reference
from podium.platform.models import ValidatedModel


class Ticket(ValidatedModel):
    """An incident or request as it travels between parties; its history is in TicketEvent.

    A ticket is one per correlation key: the number it has in the tool of the party that
    raised it (`external_owner`, `external_id`). It keeps, from the moment it opened, the SLA
    policy (from the contract that covers what it affects) and the escalation ladder version in
    force, and after every change the state of its clocks and their next deadline.
    """

    reference = models.CharField(
        "reference", max_length=40, unique=True, validators=[validate_reference]
    )
    title = models.CharField("title", max_length=200)
    description = models.TextField("description", blank=True)
    severity = models.CharField("severity", max_length=40, blank=True)
    ticket_type = models.CharField("ticket type", max_length=40, default="incident")
    external_owner = models.CharField(
        "raised in", max_length=120, blank=True, help_text="The tool that holds its own number."
    )
    external_id = models.CharField("number there", max_length=120, blank=True)
    raised_by = models.ForeignKey(
        "ecosystem.Party",
        verbose_name="raised by",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(
        "version", default=1, help_text="Counts changes; the API's ETag."
    )
    updated_at = models.DateTimeField("last update", null=True, blank=True)
    sla_policy = models.JSONField(
        "SLA policy",
        default=dict,
        blank=True,
        help_text="The targets and calendar in force when the ticket opened.",
    )
    clock_state = models.JSONField("clocks", default=dict, blank=True)
    next_deadline_at = models.DateTimeField("next deadline", null=True, blank=True, db_index=True)
    service = models.ForeignKey(
        "ecosystem.Service",
        verbose_name="service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    component = models.ForeignKey(
        "ecosystem.Component",
        verbose_name="component",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    priority = models.CharField("priority", max_length=2, default="P3")
    status = models.CharField("status", max_length=16, choices=TicketStatus.choices, db_index=True)
    opened_at = models.DateTimeField("opened at", db_index=True)
    resolved_at = models.DateTimeField("resolved at", null=True, blank=True)
    closed_at = models.DateTimeField("closed at", null=True, blank=True)
    current_party = models.ForeignKey(
        "ecosystem.Party",
        verbose_name="held by",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="held_tickets",
    )
    escalation_ladder = models.ForeignKey(
        "governance.EscalationLadder",
        verbose_name="escalation ladder",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The ladder version in force when the ticket opened; later versions do not apply.",
    )
    holders = models.ManyToManyField(
        "ecosystem.Party",
        through="operations.TicketHolder",
        related_name="tickets_held",
        blank=True,
    )

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["status", "current_party"], name="ticket_status_party_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["external_owner", "external_id"],
                condition=~models.Q(external_id=""),
                name="ticket_correlation_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def party_ids(self) -> set[int]:
        """Every party that held the ticket may read it."""
        return set(TicketHolder.objects.filter(ticket=self).values_list("party_id", flat=True))


class TicketHolder(ValidatedModel):
    """A party held the ticket at some point: it may see the ticket from then on."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    party = models.ForeignKey("ecosystem.Party", on_delete=models.PROTECT, related_name="+")
    first_held_at = models.DateTimeField("first held at")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ticket", "party"], name="ticket_holder_unique"),
        ]


class TicketEvent(ValidatedModel):
    """One status change or hand-off, appended and never edited."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField("sequence", help_text="Order within the ticket; breaks ties.")
    occurred_at = models.DateTimeField("occurred at")
    status = models.CharField("status", max_length=40)
    sub_status = models.CharField("sub-status", max_length=40, blank=True)
    party = models.ForeignKey(
        "ecosystem.Party",
        verbose_name="party",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    team = models.CharField("team", max_length=80, blank=True)
    resource = models.CharField("resource", max_length=80, blank=True)
    priority = models.CharField(
        "priority",
        max_length=2,
        blank=True,
        help_text="The priority the source gave with this event; the latest by time is the ticket's.",
    )
    reason = models.CharField("reason", max_length=400, blank=True)
    sla_breached = models.BooleanField(
        "the tool's SLA verdict",
        null=True,
        blank=True,
        help_text="Whether the source tool said its own SLA clock was breached (empty: it did "
        "not say); the ticket page shows the latest beside Podium's clock.",
    )
    source = models.CharField(
        "source", max_length=20, blank=True, help_text="tmf621, events, import, history …"
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
        ordering = ["ticket", "occurred_at", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "seq"], name="ticket_event_seq_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}#{self.seq} {self.status}"


class TicketNote(ValidatedModel):
    """A note a party added to the ticket (TMF621 `note`)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="notes")
    external_id = models.CharField("note id", max_length=120, blank=True)
    author = models.CharField("author", max_length=200, blank=True)
    text = models.TextField("text")
    written_at = models.DateTimeField("written at")
    party = models.ForeignKey(
        "ecosystem.Party",
        verbose_name="party",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["ticket", "written_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "external_id"],
                condition=~models.Q(external_id=""),
                name="ticket_note_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} note {self.written_at:%Y-%m-%d %H:%M}"
