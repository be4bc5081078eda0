from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from podium.apps.ecosystem.choices import Priority
from podium.apps.operations.choices import (
    OPEN_STATUSES,
    ArbitrationStatus,
    DeliveryKind,
    DeliveryStatus,
    EscalationKind,
    NotificationType,
    TicketStatus,
)
from podium.apps.operations.models import (
    Arbitration,
    Delivery,
    Escalation,
    HubSubscription,
    IntegrationCredential,
    Notification,
    Ticket,
)
from podium.platform.lists import either


class TicketFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    status = django_filters.ChoiceFilter(choices=TicketStatus.choices)
    open = either("Open or closed", "open", "closed", method="only_open")
    priority = django_filters.ChoiceFilter(choices=Priority.choices)
    party = django_filters.CharFilter(field_name="current_party__slug", label="Held by (party)")
    service = django_filters.CharFilter(field_name="service__slug", label="Service")

    class Meta:
        model = Ticket
        fields = ["q", "status", "open", "priority", "party", "service"]

    def search(self, queryset: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        return queryset.filter(Q(reference__icontains=value) | Q(title__icontains=value))

    def only_open(
        self, queryset: QuerySet[Ticket], name: str, value: bool | None
    ) -> QuerySet[Ticket]:
        if value is None:
            return queryset
        return (
            queryset.filter(status__in=OPEN_STATUSES)
            if value
            else queryset.exclude(status__in=OPEN_STATUSES)
        )


class CredentialFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    party = django_filters.CharFilter(field_name="party__slug", label="Party")
    active = either("Active or revoked", "active", "revoked", method="only_active")

    class Meta:
        model = IntegrationCredential
        fields = ["q", "party", "active"]

    def search(
        self, queryset: QuerySet[IntegrationCredential], name: str, value: str
    ) -> QuerySet[IntegrationCredential]:
        return queryset.filter(Q(name__icontains=value) | Q(token_prefix__startswith=value))

    def only_active(
        self, queryset: QuerySet[IntegrationCredential], name: str, value: bool | None
    ) -> QuerySet[IntegrationCredential]:
        if value is None:
            return queryset
        return queryset.filter(revoked_at__isnull=value)


class EscalationFilterSet(django_filters.FilterSet):
    """What the sweep fired: by ticket, kind, the party reached and the channel."""

    q = django_filters.CharFilter(label="Ticket", method="search")
    kind = django_filters.ChoiceFilter(choices=EscalationKind.choices)
    party = django_filters.CharFilter(field_name="party__slug", label="Who (party)")
    channel = django_filters.CharFilter(field_name="channel", label="Channel")
    fired_after = django_filters.IsoDateTimeFilter(
        field_name="fired_at", lookup_expr="gte", label="Fired at or after"
    )
    fired_at = django_filters.IsoDateTimeFilter(field_name="fired_at", label="Fired at (one sweep)")
    reached = django_filters.CharFilter(label="Told to (party)", method="told_to")

    class Meta:
        model = Escalation
        fields = ["q", "kind", "party", "channel", "fired_after", "fired_at", "reached"]

    def search(self, queryset: QuerySet[Escalation], name: str, value: str) -> QuerySet[Escalation]:
        return queryset.filter(
            Q(ticket__reference__icontains=value) | Q(ticket__title__icontains=value)
        )

    def told_to(
        self, queryset: QuerySet[Escalation], name: str, value: str
    ) -> QuerySet[Escalation]:
        """The firings whose users were told: a step's party, else the party holding the
        ticket (what a grouped notification counts)."""
        return queryset.filter(
            Q(kind=EscalationKind.STEP, party__slug=value)
            | (~Q(kind=EscalationKind.STEP) & Q(ticket__current_party__slug=value))
        )


class ArbitrationFilterSet(django_filters.FilterSet):
    """Ping-pong arbitrations: by ticket, party (either of the pair), status."""

    q = django_filters.CharFilter(label="Ticket", method="search")
    party = django_filters.CharFilter(label="Party", method="either_party")
    status = django_filters.ChoiceFilter(choices=ArbitrationStatus.choices)

    class Meta:
        model = Arbitration
        fields = ["q", "party", "status"]

    def search(
        self, queryset: QuerySet[Arbitration], name: str, value: str
    ) -> QuerySet[Arbitration]:
        return queryset.filter(
            Q(ticket__reference__icontains=value) | Q(ticket__title__icontains=value)
        )

    def either_party(
        self, queryset: QuerySet[Arbitration], name: str, value: str
    ) -> QuerySet[Arbitration]:
        return queryset.filter(Q(party_a__slug=value) | Q(party_b__slug=value))


class NotificationFilterSet(django_filters.FilterSet):
    """The inbox: by what it is about, read or not, and words of its title."""

    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="Search")
    event_type = django_filters.ChoiceFilter(choices=NotificationType.choices, label="About")
    unread = either("Unread or read", "unread", "read", method="only_unread")

    class Meta:
        model = Notification
        fields = ["q", "event_type", "unread"]

    def only_unread(
        self, queryset: QuerySet[Notification], name: str, value: bool | None
    ) -> QuerySet[Notification]:
        if value is None:
            return queryset
        return queryset.filter(read_at__isnull=value)


class DeliveryFilterSet(django_filters.FilterSet):
    """The delivery log: by status, kind, event type and ticket."""

    q = django_filters.CharFilter(label="Ticket or event id", method="search")
    status = django_filters.ChoiceFilter(choices=DeliveryStatus.choices)
    kind = django_filters.ChoiceFilter(choices=DeliveryKind.choices)
    event_type = django_filters.CharFilter(field_name="event_type", label="Event type")

    class Meta:
        model = Delivery
        fields = ["q", "status", "kind", "event_type"]

    def search(self, queryset: QuerySet[Delivery], name: str, value: str) -> QuerySet[Delivery]:
        return queryset.filter(Q(ticket__reference__icontains=value) | Q(event_id=value))


class WebhookFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="callback", lookup_expr="icontains", label="Callback")
    party = django_filters.CharFilter(field_name="party__slug", label="Party")

    class Meta:
        model = HubSubscription
        fields = ["q", "party"]
