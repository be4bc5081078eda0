"""The cockpit's reports in the matrix: a party's monthly review (PDF), a forum meeting's board
pack and the exports of live data. A supplier's users get only their own party's review and
export, and a board pack of a forum they sit in, narrowed to their share; the PDFs and exports are read back as text for the leak check (test_matrix._text)."""

from __future__ import annotations

from tests.authorization.entries.shared import COMMERCIAL
from tests.authorization.support import Entry, Shared, pk

MONTH = "2026-10"

PAGES: dict[str, Entry] = {
    "cockpit:review_pdf": Entry(
        own=lambda w: {"slug": w.supplier_a.slug, "month": MONTH},
        foreign=lambda w: {"slug": w.supplier_b.slug, "month": MONTH},
    ),
    "cockpit:export": Entry(),
    "cockpit:pack": Entry(own=pk("meeting_a"), foreign=pk("meeting_b")),
    "cockpit:pack_pdf": Entry(own=pk("meeting_a"), foreign=pk("meeting_b")),
}
API: dict[str, Entry] = {}

EXPORT = {"start": "2026-10-01", "end": "2026-11-01"}
B_TICKETS = ("INC-B", "INC-BETA-SLOW", "Beta Networks", "beta-wan", "branch-voice")
SHARED: dict[str, tuple[Shared, ...]] = {
    # a supplier's export in every format holds nothing of the other supplier's tickets
    "cockpit:export": tuple(
        Shared(query=lambda w, kind=kind: {**EXPORT, "format": kind}, markers=B_TICKETS)
        for kind in ("csv", "xes", "ocel", "parquet")
    ),
    # a forum both suppliers sit in: the pack's live agenda is narrowed as the meeting page's
    "cockpit:pack": (
        Shared(kwargs=lambda w: {"pk": str(w.shared_meeting.pk)}, markers=COMMERCIAL),
    ),
    "cockpit:pack_pdf": (
        Shared(kwargs=lambda w: {"pk": str(w.shared_meeting.pk)}, markers=COMMERCIAL),
    ),
}
