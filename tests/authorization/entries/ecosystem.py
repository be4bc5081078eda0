from tests.authorization.support import Entry, slug

PAGES = {
    "ecosystem:party_list": Entry(),
    "ecosystem:party_detail": Entry(own=slug("supplier_a"), foreign=slug("supplier_b")),
    "ecosystem:service_list": Entry(),
    "ecosystem:service_detail": Entry(own=slug("service_a"), foreign=slug("service_b")),
    "ecosystem:component_list": Entry(),
    "ecosystem:component_detail": Entry(own=slug("component_a"), foreign=slug("component_b")),
}

API = {
    "GET /api/v1/ecosystem/parties": Entry(),
    "GET /api/v1/ecosystem/parties/{slug}": Entry(
        own=slug("supplier_a"), foreign=slug("supplier_b")
    ),
    "GET /api/v1/ecosystem/services": Entry(),
    "GET /api/v1/ecosystem/services/{slug}": Entry(
        own=slug("service_a"), foreign=slug("service_b")
    ),
    "GET /api/v1/ecosystem/components": Entry(),
    "GET /api/v1/ecosystem/components/{slug}": Entry(
        own=slug("component_a"), foreign=slug("component_b")
    ),
}

FOREIGN_MARKERS = ("Beta Networks", "Beta WAN", "Branch voice", "C-BETA-1", "beta-wan")
