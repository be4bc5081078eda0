from __future__ import annotations

import django_tables2 as tables

from podium.apps.ecosystem.models import Component, Party, Service


class PartyTable(tables.Table):
    name = tables.Column(linkify=("ecosystem:party_detail", {"slug": tables.A("slug")}))
    component_count = tables.Column(verbose_name="Components")

    class Meta:
        model = Party
        fields = ("name", "kind", "segment", "risk_tier", "time_zone", "component_count")


class ServiceTable(tables.Table):
    name = tables.Column(linkify=("ecosystem:service_detail", {"slug": tables.A("slug")}))
    component_count = tables.Column(verbose_name="Components")

    class Meta:
        model = Service
        fields = ("name", "criticality", "owner", "component_count")


class ComponentTable(tables.Table):
    name = tables.Column(linkify=("ecosystem:component_detail", {"slug": tables.A("slug")}))
    run_by = tables.Column(verbose_name="Run by", accessor="run_by__name")

    class Meta:
        model = Component
        fields = ("name", "kind", "run_by")
