from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from podium.platform.models import ValidatedModel


class PartyEndpoint(ValidatedModel):
    """A party's own TMF621 server ("e-bonding"): tickets routed to the party are created
    there and kept in sync both ways. Podium calls it with a bearer token the party gave,
    kept sealed (`podium.platform.sealing`) and never shown again."""

    party = models.ForeignKey(
        "ecosystem.Party",
        verbose_name="party",
        on_delete=models.PROTECT,
        related_name="tmf_endpoints",
    )
    base_url = models.CharField(
        "base URL",
        max_length=500,
        help_text="Where its TMF621 API lives, e.g. https://itsm.beta.example/tmf-api/troubleTicket/v5",
    )
    token_sealed = models.TextField("bearer token (sealed)", editable=False)
    token_hint = models.CharField(
        "token ends with", max_length=8, blank=True, help_text="To tell tokens apart."
    )
    owner = models.CharField(
        "Podium's name there",
        max_length=60,
        default="podium",
        help_text="The externalIdentifier owner under which Podium's reference is stored there.",
    )
    poll_seconds = models.PositiveIntegerField(
        "poll every (s)",
        default=60,
        validators=[MinValueValidator(10), MaxValueValidator(86_400)],
        help_text="How often Podium reads back the tickets it keeps there.",
    )
    next_poll_at = models.DateTimeField("next poll", null=True, blank=True)
    last_poll_at = models.DateTimeField("last poll", null=True, blank=True)
    last_poll_error = models.CharField("last poll error", max_length=400, blank=True)
    created_at = models.DateTimeField("created at")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="registered by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    disabled_at = models.DateTimeField("disabled at", null=True, blank=True)
    disabled_reason = models.CharField("why disabled", max_length=200, blank=True)

    class Meta:
        ordering = ["party__name", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["party"],
                condition=models.Q(disabled_at__isnull=True),
                name="one_live_endpoint_per_party",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.base_url[:60]} ({self.party_id})"

    @property
    def is_live(self) -> bool:
        return self.disabled_at is None


class BondedTicket(ValidatedModel):
    """A ticket kept at a party's endpoint: the correlation both ways (their id here, our
    reference there) and what their copy knows, so only real changes travel."""

    ticket = models.ForeignKey(
        "operations.Ticket", verbose_name="ticket", on_delete=models.CASCADE, related_name="+"
    )
    endpoint = models.ForeignKey(
        PartyEndpoint, verbose_name="endpoint", on_delete=models.PROTECT, related_name="links"
    )
    remote_id = models.CharField(
        "their id", max_length=120, blank=True, help_text="Empty until their server answers."
    )
    remote_href = models.CharField("their href", max_length=500, blank=True)
    synced = models.JSONField(
        "what they know", default=dict, blank=True, help_text="Status and notes sent or read."
    )
    created_at = models.DateTimeField("created at")
    polled_at = models.DateTimeField("last read back", null=True, blank=True)

    class Meta:
        ordering = ["ticket", "endpoint"]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "endpoint"], name="bonded_ticket_once"),
            models.UniqueConstraint(
                fields=["endpoint", "remote_id"],
                condition=~models.Q(remote_id=""),
                name="bonded_remote_id_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} ↔ {self.remote_id or '…'}"
