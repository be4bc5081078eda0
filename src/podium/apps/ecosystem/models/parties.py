from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from podium.apps.ecosystem.choices import ChipColour, ContactRole, PartyKind, RiskTier, Segment
from podium.core.party_codes import CODE_RULE, is_party_code
from podium.platform.identifiers import validate_slug_identifier
from podium.platform.models import ValidatedModel
from podium.platform.validators import validate_time_zone


def validate_party_code(value: str) -> None:
    if not is_party_code(value):
        raise ValidationError(f"{value!r} is not a party code: use {CODE_RULE}.")


class Party(ValidatedModel):
    """An organisation that plays a part in the ecosystem: a supplier, an internal team, or the
    integrator office itself. Every party-owned row elsewhere points here."""

    is_party = True  # lets access predicates recognise a party without importing this model

    name = models.CharField("name", max_length=120, unique=True)
    slug = models.SlugField(
        "slug", max_length=60, unique=True, validators=[validate_slug_identifier]
    )
    code = models.CharField(
        "code",
        max_length=6,
        unique=True,
        validators=[validate_party_code],
        help_text="Shown on the party's chip where a full name does not fit, e.g. KAV: "
        "2 to 6 capital letters or digits, unique.",
    )
    colour = models.CharField(
        "chip colour",
        max_length=8,
        choices=ChipColour.choices,
        default=ChipColour.BLUE,
        help_text="The colour of the party's chip.",
    )
    kind = models.CharField("kind", max_length=32, choices=PartyKind.choices)
    segment = models.CharField(
        "segment",
        max_length=16,
        choices=Segment.choices,
        default=Segment.ROUTINE,
        help_text="Kraljic segment: how strategic and how replaceable the relationship is.",
    )
    risk_tier = models.CharField(
        "risk tier", max_length=8, choices=RiskTier.choices, default=RiskTier.MEDIUM
    )
    time_zone = models.CharField(
        "time zone", max_length=64, default="Europe/Amsterdam", validators=[validate_time_zone]
    )
    calendar = models.ForeignKey(
        "ecosystem.BusinessCalendar",
        verbose_name="business calendar",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parties",
    )
    description = models.TextField("description", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parties"

    def __str__(self) -> str:
        return self.name

    @property
    def is_integrator(self) -> bool:
        return self.kind == PartyKind.INTEGRATOR


class Contact(ValidatedModel):
    """A person at a party whom others call, with the role they play in the relationship."""

    party = models.ForeignKey(
        Party, verbose_name="party", on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField("name", max_length=120)
    role = models.CharField("role", max_length=32, choices=ContactRole.choices)
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("phone", max_length=40, blank=True)
    time_zone = models.CharField(
        "time zone", max_length=64, blank=True, validators=[validate_time_zone]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["party__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["party", "name", "role"], name="contact_unique_per_party_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.party}, {self.get_role_display()})"
