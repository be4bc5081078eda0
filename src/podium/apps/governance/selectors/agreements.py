"""Reads of the collaboration agreement: everyone reads the text; acknowledgements are scoped
to the parties the user may see, so a supplier does not learn who else signed (or did not)."""

from __future__ import annotations

import difflib
from typing import Any

from django.db.models import QuerySet

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.governance.models import Acknowledgement, CollaborationAgreement
from podium.apps.governance.models.agreements import DEFAULT_PING_PONG_LIMIT
from podium.platform.access import Actor, party_of, visible_party_ids


def agreement_versions() -> QuerySet[CollaborationAgreement]:
    return CollaborationAgreement.objects.order_by("-version")


def current_agreement() -> CollaborationAgreement | None:
    return agreement_versions().first()


def acknowledgements_visible_to(user: Actor) -> QuerySet[Acknowledgement]:
    rows = Acknowledgement.objects.select_related("agreement", "party", "user")
    parties = visible_party_ids(user)
    return rows if parties is None else rows.filter(party__in=parties)


def acknowledgement_table(
    user: Actor,
) -> tuple[list[CollaborationAgreement], list[dict[str, Any]]]:
    """Parties (rows) × versions (columns): when each party acknowledged each version."""
    versions = list(agreement_versions())
    party_rows = ecosystem.parties_visible_to(user).order_by("name")
    acks = {(a.party_id, a.agreement_id): a for a in acknowledgements_visible_to(user)}
    rows = [
        {"party": party, "cells": [acks.get((party.pk, v.pk)) for v in versions]}
        for party in party_rows
    ]
    return versions, rows


def text_diff(older: CollaborationAgreement | None, newer: CollaborationAgreement) -> list[str]:
    before = older.text.splitlines() if older is not None else []
    return [
        line
        for line in difflib.unified_diff(before, newer.text.splitlines(), lineterm="", n=1)
        if not line.startswith(("---", "+++"))
    ]


def versions_with_diffs() -> list[tuple[CollaborationAgreement, list[str]]]:
    ordered = list(agreement_versions().order_by("version"))
    pairs = [(v, text_diff(ordered[i - 1] if i else None, v)) for i, v in enumerate(ordered)]
    return list(reversed(pairs))


def has_acknowledged(user: Actor, agreement: CollaborationAgreement | None) -> bool:
    """Whether the user's party acknowledged `agreement`."""
    party_id = party_of(user)
    if agreement is None or party_id is None:
        return False
    return agreement.acknowledgements.filter(party_id=party_id).exists()


def ping_pong_limit() -> int:
    """Bounces between the same two parties on one ticket before the integrator arbitrates:
    the current agreement's rule (operations flags such tickets)."""
    current = current_agreement()
    return current.ping_pong_limit if current is not None else DEFAULT_PING_PONG_LIMIT
