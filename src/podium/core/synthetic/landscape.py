"""What Nordhaven runs: business services, the components under them and who runs each one.

Components are listed so that a component depends only on components listed before it, which
keeps the dependency graph acyclic by construction (the tests check it anyway).
"""

from __future__ import annotations

from podium.core.synthetic.parties import (
    CARRIER,
    CLOUD,
    DEVELOPER,
    ERP_VENDOR,
    INFRASTRUCTURE,
    INTEGRATOR,
    SECURITY,
    SERVICE_DESK,
    WMS_VENDOR,
)
from podium.core.synthetic.spec import ComponentSpec, DependencySpec, ServiceSpec

# slug, name, kind, run by, depends on
_COMPONENTS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("wan-sdwan", "SD-WAN depot network", "network", CARRIER, ()),
    ("internet-edge", "Internet edge and DDoS filtering", "network", CARRIER, ()),
    ("mobile-data", "Fleet mobile data (4G/5G)", "network", CARRIER, ()),
    ("dc-interconnect", "Datacentre interconnect", "network", CARRIER, ()),
    ("rotterdam-dc", "Rotterdam datacentre", "platform", INFRASTRUCTURE, ("dc-interconnect",)),
    ("depot-lan", "Depot LAN and Wi-Fi", "network", INFRASTRUCTURE, ("wan-sdwan",)),
    ("active-directory", "Active Directory", "security", INFRASTRUCTURE, ("rotterdam-dc",)),
    (
        "print-services",
        "Label and document printing",
        "end_user",
        INFRASTRUCTURE,
        ("depot-lan", "active-directory"),
    ),
    ("handheld-scanners", "Handheld scanner fleet", "end_user", INFRASTRUCTURE, ("depot-lan",)),
    (
        "file-services",
        "File shares",
        "platform",
        INFRASTRUCTURE,
        ("rotterdam-dc", "active-directory"),
    ),
    ("backup-service", "Backup and restore", "platform", INFRASTRUCTURE, ("rotterdam-dc",)),
    ("identity-provider", "Identity provider (SSO)", "security", SECURITY, ("active-directory",)),
    ("siem", "SIEM and SOC monitoring", "security", SECURITY, ()),
    ("web-app-firewall", "Web application firewall", "security", SECURITY, ("internet-edge",)),
    ("endpoint-protection", "Endpoint detection and response", "security", SECURITY, ("siem",)),
    (
        "privileged-access",
        "Privileged access management",
        "security",
        SECURITY,
        ("identity-provider",),
    ),
    ("k8s-platform", "Container platform", "platform", CLOUD, ()),
    ("managed-postgres", "Managed PostgreSQL", "database", CLOUD, ()),
    ("object-storage", "Object storage", "platform", CLOUD, ()),
    ("api-gateway", "API gateway", "integration", CLOUD, ("k8s-platform", "web-app-firewall")),
    (
        "tracking-portal",
        "Track and trace portal",
        "application",
        CLOUD,
        ("k8s-platform", "managed-postgres", "api-gateway"),
    ),
    ("event-streaming", "Event streaming", "integration", CLOUD, ("k8s-platform",)),
    ("data-warehouse", "Data warehouse", "database", CLOUD, ("object-storage",)),
    ("observability", "Observability stack", "platform", CLOUD, ("k8s-platform",)),
    ("email-collaboration", "Mail and collaboration suite", "saas", CLOUD, ("identity-provider",)),
    ("erp-finance", "ERP finance tenant", "saas", ERP_VENDOR, ("identity-provider",)),
    ("erp-procurement", "ERP procurement module", "saas", ERP_VENDOR, ("erp-finance",)),
    ("erp-order-to-cash", "ERP order-to-cash module", "saas", ERP_VENDOR, ("erp-finance",)),
    (
        "erp-connector",
        "ERP integration connector",
        "integration",
        ERP_VENDOR,
        ("erp-order-to-cash",),
    ),
    (
        "order-management",
        "Order management application",
        "application",
        DEVELOPER,
        ("k8s-platform", "managed-postgres", "erp-connector"),
    ),
    (
        "erp-integration-layer",
        "ERP integration layer",
        "integration",
        DEVELOPER,
        ("event-streaming", "erp-connector"),
    ),
    ("driver-app", "Driver mobile app", "application", DEVELOPER, ("api-gateway", "mobile-data")),
    (
        "customer-portal-backend",
        "Customer portal backend",
        "application",
        DEVELOPER,
        ("k8s-platform", "managed-postgres", "api-gateway"),
    ),
    ("rate-engine", "Freight rate engine", "application", DEVELOPER, ("managed-postgres",)),
    (
        "edi-translator",
        "EDI message translator",
        "integration",
        DEVELOPER,
        ("event-streaming", "internet-edge"),
    ),
    (
        "billing-engine",
        "Invoicing engine",
        "application",
        DEVELOPER,
        ("erp-integration-layer", "erp-finance"),
    ),
    (
        "telematics",
        "Fleet telematics platform",
        "application",
        DEVELOPER,
        ("mobile-data", "event-streaming"),
    ),
    ("wms-core", "Warehouse management system", "application", WMS_VENDOR, ("rotterdam-dc",)),
    (
        "wms-rf-gateway",
        "WMS radio-frequency gateway",
        "integration",
        WMS_VENDOR,
        ("wms-core", "handheld-scanners"),
    ),
    ("yard-management", "Yard management module", "application", WMS_VENDOR, ("wms-core",)),
    ("itsm-tool", "Service desk tool", "application", SERVICE_DESK, ("identity-provider",)),
    ("telephony", "Service desk telephony", "end_user", SERVICE_DESK, ()),
    (
        "self-service-portal",
        "Self-service portal",
        "end_user",
        SERVICE_DESK,
        ("itsm-tool", "identity-provider"),
    ),
    (
        "workplace-laptops",
        "Workplace laptops",
        "end_user",
        INFRASTRUCTURE,
        ("endpoint-protection", "active-directory"),
    ),
    (
        "integration-hub",
        "Ticket integration hub (e-bonding)",
        "integration",
        INTEGRATOR,
        ("itsm-tool",),
    ),
    (
        "service-reporting",
        "Service reporting",
        "application",
        INTEGRATOR,
        ("data-warehouse", "integration-hub"),
    ),
)

# slug, name, criticality, business owner, components, relative ticket volume
_SERVICES: tuple[tuple[str, str, str, str, tuple[str, ...], int], ...] = (
    (
        "track-and-trace",
        "Shipment track and trace",
        "critical",
        "Head of Customer Experience",
        ("tracking-portal", "api-gateway", "internet-edge", "k8s-platform"),
        7,
    ),
    (
        "order-to-cash",
        "Order to cash",
        "critical",
        "Chief Financial Officer",
        ("order-management", "erp-order-to-cash", "erp-integration-layer", "billing-engine"),
        8,
    ),
    (
        "customer-invoicing",
        "Customer invoicing",
        "high",
        "Head of Billing",
        ("billing-engine", "erp-finance", "erp-integration-layer"),
        5,
    ),
    (
        "procure-to-pay",
        "Procure to pay",
        "medium",
        "Head of Procurement",
        ("erp-procurement", "erp-finance"),
        3,
    ),
    (
        "financial-close",
        "Financial close and reporting",
        "high",
        "Group Controller",
        ("erp-finance", "data-warehouse"),
        2,
    ),
    (
        "warehouse-operations",
        "Warehouse operations",
        "critical",
        "Director of Warehousing",
        ("wms-core", "wms-rf-gateway", "handheld-scanners", "depot-lan"),
        8,
    ),
    (
        "yard-and-dock",
        "Yard and dock planning",
        "high",
        "Director of Warehousing",
        ("yard-management", "wms-core"),
        3,
    ),
    (
        "transport-planning",
        "Transport planning",
        "critical",
        "Director of Transport",
        ("order-management", "rate-engine", "telematics"),
        5,
    ),
    (
        "driver-dispatch",
        "Driver dispatch and proof of delivery",
        "critical",
        "Director of Transport",
        ("driver-app", "mobile-data", "api-gateway"),
        6,
    ),
    (
        "customer-portal",
        "Customer self-service portal",
        "high",
        "Head of Customer Experience",
        ("customer-portal-backend", "api-gateway", "identity-provider"),
        4,
    ),
    (
        "edi-partners",
        "EDI with shippers and carriers",
        "high",
        "Head of Partner Integration",
        ("edi-translator", "internet-edge", "event-streaming"),
        4,
    ),
    (
        "freight-quoting",
        "Freight quoting",
        "medium",
        "Head of Sales",
        ("rate-engine", "customer-portal-backend"),
        2,
    ),
    (
        "fleet-telematics",
        "Fleet telematics",
        "high",
        "Fleet Manager",
        ("telematics", "mobile-data"),
        3,
    ),
    (
        "label-printing",
        "Label and document printing",
        "high",
        "Director of Warehousing",
        ("print-services", "depot-lan"),
        5,
    ),
    (
        "digital-workplace",
        "Digital workplace",
        "medium",
        "Chief Information Officer",
        ("workplace-laptops", "email-collaboration", "file-services"),
        9,
    ),
    (
        "identity-and-access",
        "Identity and access",
        "high",
        "Chief Information Security Officer",
        ("identity-provider", "active-directory", "privileged-access"),
        6,
    ),
    (
        "security-monitoring",
        "Security monitoring",
        "high",
        "Chief Information Security Officer",
        ("siem", "endpoint-protection", "web-app-firewall"),
        3,
    ),
    (
        "it-support",
        "IT support and self-service",
        "medium",
        "Chief Information Officer",
        ("itsm-tool", "telephony", "self-service-portal"),
        4,
    ),
    (
        "management-information",
        "Management information",
        "low",
        "Group Controller",
        ("data-warehouse", "service-reporting"),
        2,
    ),
    (
        "backup-and-recovery",
        "Backup and recovery",
        "medium",
        "Chief Information Officer",
        ("backup-service", "object-storage"),
        2,
    ),
    (
        "depot-connectivity",
        "Depot connectivity",
        "critical",
        "Director of Warehousing",
        ("wan-sdwan", "depot-lan", "dc-interconnect"),
        5,
    ),
    (
        "supplier-collaboration",
        "Supplier collaboration (e-bonding)",
        "low",
        "Head of Service Integration",
        ("integration-hub", "observability"),
        1,
    ),
)


def build_landscape() -> tuple[
    tuple[ComponentSpec, ...], tuple[DependencySpec, ...], tuple[ServiceSpec, ...]
]:
    components = tuple(
        ComponentSpec(
            slug=slug,
            name=name,
            kind=kind,
            run_by=party,
            description=f"{name} ({kind.replace('_', ' ')}).",
        )
        for slug, name, kind, party, _ in _COMPONENTS
    )
    dependencies = tuple(
        DependencySpec(source=slug, target=target)
        for slug, _, _, _, targets in _COMPONENTS
        for target in targets
    )
    services = tuple(
        ServiceSpec(
            slug=slug,
            name=name,
            criticality=crit,
            owner=owner,
            description=f"{name} as Nordhaven's staff and customers experience it.",
            components=parts,
        )
        for slug, name, crit, owner, parts, _ in _SERVICES
    )
    return components, dependencies, services


def service_volumes() -> dict[str, int]:
    """How many tickets each service draws, relative to the others."""
    return {slug: weight for slug, *_, weight in _SERVICES}
