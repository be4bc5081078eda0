from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from podium.apps.ecosystem.choices import ComponentKind, Criticality
from podium.platform.identifiers import validate_slug_identifier
from podium.platform.models import ValidatedModel


class Service(ValidatedModel):
    """A business service as its users experience it (e.g. "Order to cash"); it depends on components."""

    name = models.CharField("name", max_length=120, unique=True)
    slug = models.SlugField(
        "slug", max_length=80, unique=True, validators=[validate_slug_identifier]
    )
    criticality = models.CharField("criticality", max_length=16, choices=Criticality.choices)
    owner = models.CharField("business owner", max_length=120, blank=True)
    description = models.TextField("description", blank=True)
    components = models.ManyToManyField(
        "ecosystem.Component",
        through="ecosystem.ServiceComponent",
        related_name="services",
        blank=True,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Component(ValidatedModel):
    """A technical building block run by exactly one party (an ERP tenant, a WAN link, a cluster)."""

    name = models.CharField("name", max_length=120, unique=True)
    slug = models.SlugField(
        "slug", max_length=80, unique=True, validators=[validate_slug_identifier]
    )
    kind = models.CharField("kind", max_length=16, choices=ComponentKind.choices)
    run_by = models.ForeignKey(
        "ecosystem.Party",
        verbose_name="run by",
        on_delete=models.PROTECT,
        related_name="components",
    )
    description = models.TextField("description", blank=True)
    depends_on = models.ManyToManyField(
        "self",
        through="ecosystem.Dependency",
        symmetrical=False,
        related_name="needed_by",
        blank=True,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def party_id(self) -> int:
        return self.run_by_id


class ServiceComponent(ValidatedModel):
    """A business service needs this component directly."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    component = models.ForeignKey(Component, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "component"], name="service_component_unique"
            ),
        ]


class Dependency(ValidatedModel):
    """Component `source` cannot work without component `target`."""

    source = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="dependencies")
    target = models.ForeignKey(Component, on_delete=models.PROTECT, related_name="dependents")

    class Meta:
        verbose_name_plural = "dependencies"
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="dependency_unique"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="dependency_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"
