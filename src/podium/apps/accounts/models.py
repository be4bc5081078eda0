from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from podium.platform.access import INTEGRATOR_ROLES, PARTY_ROLES, Role
from podium.platform.validators import validate_time_zone


class User(AbstractUser):
    """A person who logs in. Every user works for one party and has one role in Podium;
    the role and the party decide what they see (see podium.platform.access)."""

    party = models.ForeignKey(
        "ecosystem.Party",
        verbose_name="party",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text="The organisation this person works for.",
    )
    role = models.CharField("role", max_length=32, choices=Role.choices, default=Role.PARTY_MEMBER)
    time_zone = models.CharField(
        "time zone",
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text="Times on pages are shown in this zone.",
    )
    calendar_feed_token_hash = models.CharField(
        "calendar feed token (SHA-256)",
        max_length=64,
        blank=True,
        default="",
        editable=False,
        help_text="Hash of the secret in this person's calendar subscription URLs; the secret "
        "itself is shown once and never stored. Empty: no subscription URL.",
    )
    calendar_feed_token_created_at = models.DateTimeField(
        "calendar feed token created", null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=sorted(PARTY_ROLES)) | models.Q(party__isnull=False),
                name="party_role_needs_party",
            ),
            models.UniqueConstraint(
                fields=["calendar_feed_token_hash"],
                condition=~models.Q(calendar_feed_token_hash=""),
                name="calendar_feed_token_hash_unique",
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.role in PARTY_ROLES and self.party_id is None:
            raise ValidationError({"party": "A party manager or member must belong to a party."})
        party = self.party if self.party_id is not None else None
        if self.role in INTEGRATOR_ROLES and party is not None and not party.is_integrator:
            raise ValidationError({"party": "Integrator roles belong to the integrator office."})

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
