"""Relationship surveys: a template, its waves, the e-mailed invitations and the answers.

An answer keeps the party that gave it and the party it is about, never the person: it carries
only a random submission key (so that one respondent's five scores count as one respondent) and
no link to the invitation it came from.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from podium.core import trust
from podium.platform.models import ValidatedModel

SCORE = [MinValueValidator(trust.LOWEST), MaxValueValidator(trust.HIGHEST)]


class SurveyTemplate(ValidatedModel):
    """The questionnaire: an introduction, and the five dimensions every party is rated on."""

    slug = models.SlugField("slug", max_length=60, unique=True)
    name = models.CharField("name", max_length=200)
    introduction = models.TextField(
        "introduction", blank=True, help_text="What respondents read before they answer."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def dimensions(self) -> tuple[str, ...]:
        return trust.DIMENSIONS


class SurveyWave(ValidatedModel):
    """One round of a survey over a period: who rated whom between its opening and closing."""

    template = models.ForeignKey(SurveyTemplate, on_delete=models.PROTECT, related_name="waves")
    slug = models.SlugField("slug", max_length=60, unique=True)
    name = models.CharField("name", max_length=200)
    period = models.CharField("period", max_length=40, help_text="e.g. 2026-Q3")
    opens_on = models.DateField("opens on")
    closes_on = models.DateField("closes on", help_text="The last day answers are taken.")
    threshold = models.PositiveSmallIntegerField(
        "anonymity threshold",
        default=trust.DEFAULT_THRESHOLD,
        validators=[MinValueValidator(2), MaxValueValidator(50)],
        help_text="No aggregate, comment or breakdown of fewer respondents is shown to anyone.",
    )

    class Meta:
        ordering = ["-opens_on", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="survey_wave_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Invitation(ValidatedModel):
    """A one-time link sent to one person: the link holds a secret, Podium keeps its hash."""

    wave = models.ForeignKey(SurveyWave, on_delete=models.CASCADE, related_name="invitations")
    party = models.ForeignKey(
        "ecosystem.Party", on_delete=models.PROTECT, related_name="+", verbose_name="party"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField("e-mail")
    token_hash = models.CharField("token hash", max_length=64, unique=True)
    sent_at = models.DateTimeField("sent at")
    expires_at = models.DateTimeField("expires at")
    used_at = models.DateTimeField("used at", null=True, blank=True)

    class Meta:
        ordering = ["wave", "email"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "email"], name="invitation_once_per_wave")
        ]

    def __str__(self) -> str:
        return f"{self.wave} → {self.email}"


class Response(ValidatedModel):
    """What one respondent of `rater_party` said about `rated_party` in a wave."""

    wave = models.ForeignKey(SurveyWave, on_delete=models.CASCADE, related_name="responses")
    submission = models.UUIDField(
        "submission", help_text="A random key of one submission; it names nobody."
    )
    rater_party = models.ForeignKey(
        "ecosystem.Party", on_delete=models.PROTECT, related_name="+", verbose_name="rater party"
    )
    rated_party = models.ForeignKey(
        "ecosystem.Party", on_delete=models.PROTECT, related_name="+", verbose_name="rated party"
    )
    reliability = models.PositiveSmallIntegerField("reliability", validators=SCORE)
    openness = models.PositiveSmallIntegerField("openness", validators=SCORE)
    responsiveness = models.PositiveSmallIntegerField("responsiveness", validators=SCORE)
    competence = models.PositiveSmallIntegerField("competence", validators=SCORE)
    collaboration = models.PositiveSmallIntegerField("collaboration", validators=SCORE)
    comment = models.TextField("comment", blank=True, max_length=2000)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "rated_party"], name="response_once_per_rated_party"
            ),
            models.CheckConstraint(
                condition=~models.Q(rater_party=models.F("rated_party")),
                name="response_not_about_oneself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wave}: a rating of party {self.rated_party_id}"

    def scores(self) -> tuple[int, ...]:
        return tuple(int(getattr(self, name)) for name in trust.DIMENSIONS)
