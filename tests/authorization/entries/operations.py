from tests.authorization.support import Entry, reference

PAGES = {
    "operations:ticket_list": Entry(),
    "operations:ticket_detail": Entry(own=reference("ticket_a"), foreign=reference("ticket_b")),
}

API = {
    "GET /api/v1/operations/tickets": Entry(),
    "GET /api/v1/operations/tickets/{reference}": Entry(
        own=reference("ticket_a"), foreign=reference("ticket_b")
    ),
}

FOREIGN_MARKERS = ("INC-B",)
