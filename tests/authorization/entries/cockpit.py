"""The cockpit in the matrix: the overview is the integrator's and the auditors', a party's
view is for that party's users and the integrator (supplier B's view answers 404 to supplier
A's users, and A's own view carries nothing of B's: the markers of every other entry)."""

from __future__ import annotations

from tests.authorization.support import EVERYTHING_ROLES, Entry, Shared, slug

PAGES = {
    "cockpit:overview": Entry(allowed_roles=EVERYTHING_ROLES),
    "cockpit:party": Entry(own=slug("supplier_a"), foreign=slug("supplier_b")),
}

API: dict[str, Entry] = {}

# The scorecard card the party view loads after itself: supplier A's, with nothing of B's.
SHARED = {
    "cockpit:party": (
        Shared(
            kwargs=slug("supplier_a"),
            query=lambda w: {"part": "scorecard"},
            markers=("Beta Networks", "Beta OLA kept", "INC-BETA-SLOW", "C-BETA-1"),
        ),
    ),
}
