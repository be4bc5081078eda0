from __future__ import annotations

from django.conf import settings
from django.db import models

from podium.apps.operations.choices import EmailMode, MailStatus, NotificationType
from podium.platform.models import ValidatedModel


class NotificationMail(ValidatedModel):
    """One e-mail owed to a user: at once for one event (or the events of one sweep), or the
    daily digest grouping what arrived since the last one; sent by the worker."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="to", on_delete=models.CASCADE, related_name="+"
    )
    address = models.EmailField("address", help_text="The user's address when it was written.")
    digest = models.BooleanField("daily digest", default=False)
    subject = models.CharField("subject", max_length=200)
    text = models.TextField("text")
    status = models.CharField(
        "status", max_length=10, choices=MailStatus.choices, default=MailStatus.PENDING
    )
    attempts = models.PositiveIntegerField("attempts", default=0)
    created_at = models.DateTimeField("created at")
    next_attempt_at = models.DateTimeField("next try", null=True, blank=True, db_index=True)
    sent_at = models.DateTimeField("sent at", null=True, blank=True)
    last_error = models.CharField("last error", max_length=400, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"mail {self.pk} to {self.address}: {self.subject[:40]}"


class Notification(ValidatedModel):
    """Something one user should hear of, in their inbox: an escalation step, a warning or a
    breach the sweep fired on a ticket they may see, or a ticket coming to their party. Kept
    once per user and key, so the same step never notifies twice. When one sweep would tell a
    user of many firings at once, one notification per kind and party tells of them all
    (`grouped_count`) and links to the list of them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="user", on_delete=models.CASCADE, related_name="+"
    )
    event_type = models.CharField("about", max_length=40, choices=NotificationType.choices)
    key = models.CharField(
        "key", max_length=120, help_text="What it is about, once per user (escalation-17 …)."
    )
    title = models.CharField("title", max_length=200)
    detail = models.CharField("detail", max_length=400, blank=True)
    link = models.CharField("link", max_length=300, help_text="Where to look, a path in Podium.")
    ticket = models.ForeignKey(
        "operations.Ticket",
        verbose_name="ticket",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    escalation = models.ForeignKey(
        "operations.Escalation",
        verbose_name="escalation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    grouped_count = models.PositiveIntegerField(
        "firings grouped",
        default=0,
        help_text="How many firings of one sweep it tells of at once (a storm); 0 for one.",
    )
    created_at = models.DateTimeField("created at")
    read_at = models.DateTimeField("read at", null=True, blank=True)
    email = models.CharField(
        "e-mail", max_length=12, choices=EmailMode.choices, default=EmailMode.OFF
    )
    mail = models.ForeignKey(
        NotificationMail,
        verbose_name="mailed in",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_user"),
        ]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(fields=["email", "mail"], name="notification_digest_owed"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.title[:60]}"


class NotificationPreference(ValidatedModel):
    """How one user wants e-mail of one type of notification; without a row, the default of
    `podium.core.notifications.DEFAULT_MODES`. Kept here, keyed by the user, so that operations
    needs nothing of the accounts app."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="user", on_delete=models.CASCADE, related_name="+"
    )
    event_type = models.CharField("about", max_length=40, choices=NotificationType.choices)
    email = models.CharField("e-mail", max_length=12, choices=EmailMode.choices)

    class Meta:
        ordering = ["user", "event_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event_type"], name="notification_preference_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.event_type}: {self.email}"
