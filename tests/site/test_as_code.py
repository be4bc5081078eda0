"""Governance as code on the demo ecosystem: export → apply changes nothing; edits apply
exactly, through the services, with audit entries; a refused document leaves no trace."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from tests.support.rolled_back import module_transaction

from podium.apps.ecosystem.models import Component, Contract, Party
from podium.apps.governance.models import (
    Activity,
    Decision,
    EscalationLadder,
    Forum,
    Meeting,
    ResponsibilityAssignment,
)
from podium.apps.governance.services import forums
from podium.core import governance_code as gc
from podium.core.synthetic import generate_ecosystem
from podium.platform.models import AuditEvent
from podium.site import as_code
from podium.site.demo import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _demo_document(django_db_setup: Any, django_db_blocker: Any) -> Iterator[gc.GovernanceDocument]:
    """The demo, loaded once for the module (each test in a savepoint within its transaction)."""
    with module_transaction(django_db_blocker):
        load_demo(generate_ecosystem(seed=2026, scale=1, end=dt.date(2026, 6, 30), months=1))
        yield as_code.export_document()


@pytest.fixture
def demo(_demo_document: gc.GovernanceDocument, db: Any) -> gc.GovernanceDocument:
    return _demo_document


def _edited(doc: gc.GovernanceDocument) -> tuple[gc.GovernanceDocument, str, str]:
    """Notice period of the first contract 90 → 45, a new component, and one A letter moved."""
    contract = dataclasses.replace(doc.contracts[0], notice_period_days=45)
    runner = doc.parties[0].key
    component = gc.Component("edge-proxy", "Edge proxy", "network", runner)
    cell = next(c for c in doc.raci if any(letter.role == "A" for letter in c.letters))
    accountable = next(letter for letter in cell.letters if letter.role == "A")
    other = next(p.key for p in doc.parties if p.key != accountable.party)
    letters = tuple(
        sorted(
            (
                *(x for x in cell.letters if x != accountable),
                dataclasses.replace(accountable, party=other),
            ),
            key=lambda x: x.key,
        )
    )
    edited = dataclasses.replace(
        doc,
        contracts=(contract, *doc.contracts[1:]),
        components=tuple(sorted((*doc.components, component), key=lambda c: c.key)),
        raci=tuple(dataclasses.replace(c, letters=letters) if c == cell else c for c in doc.raci),
    )
    return edited, cell.key, other


def test_export_then_apply_changes_nothing_and_audits_nothing(demo: gc.GovernanceDocument) -> None:
    counts = demo.counts()
    assert counts["parties"] >= 8
    assert counts["raci letters"] > 0
    assert counts["ladders"] > 0
    assert counts["forums"] > 0
    text = gc.render_document(demo)
    assert gc.render_document(as_code.export_document()) == text  # stable
    audits = AuditEvent.objects.count()
    reread = as_code.parse(text, "ecosystem.yaml")
    assert reread == demo
    assert as_code.apply_document(reread) == []
    assert AuditEvent.objects.count() == audits
    assert as_code.export_text() == text


def test_dry_run_lists_exactly_the_edits_and_apply_makes_them(demo: gc.GovernanceDocument) -> None:
    edited, cell_key, new_accountable = _edited(demo)
    edited = as_code.parse(gc.render_document(edited), "ecosystem.yaml")
    audits = AuditEvent.objects.count()
    reference = demo.contracts[0].key
    before_notice = demo.contracts[0].notice_period_days

    changes = as_code.apply_document(edited, dry_run=True)
    shown = [str(c) for c in changes]
    assert shown[0] == "+ components.edge-proxy"
    assert shown[1] == f"~ contracts.{reference}.notice_period_days: {before_notice} → 45"
    assert len(shown) == 4
    assert shown[2].startswith(f"+ raci.{cell_key} / letters A {new_accountable}")
    assert shown[3].startswith(f"- raci.{cell_key} / letters A ")
    assert AuditEvent.objects.count() == audits
    assert not Component.objects.filter(slug="edge-proxy").exists()
    assert Contract.objects.get(reference=reference).notice_period_days == before_notice

    assert as_code.apply_document(edited) == changes
    assert Contract.objects.get(reference=reference).notice_period_days == 45
    assert Component.objects.get(slug="edge-proxy").run_by.slug == demo.parties[0].key
    actions = list(AuditEvent.objects.order_by("id")[audits:].values_list("action", flat=True))
    assert sorted(actions) == sorted(
        [
            "ecosystem.component.created",
            "ecosystem.contract.updated",
            "governance.assignment.deleted",
            "governance.assignment.created",
        ]
    )
    assert as_code.export_document() == edited
    assert as_code.apply_document(edited) == []  # idempotent
    assert AuditEvent.objects.count() == audits + 4


def test_a_refused_write_rolls_back_everything(demo: gc.GovernanceDocument) -> None:
    edited, _, _ = _edited(demo)
    party = dataclasses.replace(demo.parties[0], name="Renamed first")
    bad = dataclasses.replace(edited.contracts[0], currency="EURO")  # the column holds three
    broken = dataclasses.replace(
        edited, parties=(party, *edited.parties[1:]), contracts=(bad, *edited.contracts[1:])
    )
    audits = AuditEvent.objects.count()
    letters = ResponsibilityAssignment.objects.count()
    with pytest.raises(as_code.ApplyError) as caught:
        as_code.apply_document(broken)
    assert caught.value.path == f"contracts.{bad.key}"
    assert "currency" in caught.value.reason
    assert AuditEvent.objects.count() == audits
    assert ResponsibilityAssignment.objects.count() == letters
    assert Party.objects.get(slug=party.key).name == demo.parties[0].name
    assert as_code.export_document() == demo


def _with_extras(doc: gc.GovernanceDocument) -> gc.GovernanceDocument:
    """The demo plus an activity, a ladder and a forum that nothing else uses."""
    party = doc.parties[0].key
    activity = gc.Activity("spare-activity", "Spare activity", position=990)
    ladder = gc.Ladder(
        "spare-ladder",
        "Spare ladder",
        (gc.LadderStep("operational", 30, party, "service_manager", "email"),),
        party=party,
    )
    forum = gc.Forum("spare-forum", "Spare forum", doc.forums[0].kind, members=(gc.Member(party),))

    def add(items: tuple[Any, ...], item: Any) -> tuple[Any, ...]:
        return tuple(sorted((*items, item), key=lambda x: x.key))

    return dataclasses.replace(
        doc,
        activities=add(doc.activities, activity),
        ladders=add(doc.ladders, ladder),
        forums=add(doc.forums, forum),
    )


def test_prune_deletes_activities_and_forums_and_retires_ladders(
    demo: gc.GovernanceDocument,
) -> None:
    as_code.apply_document(_with_extras(demo))
    forum = Forum.objects.get(slug="spare-forum")
    forums.schedule_meeting(
        acting_user=None, forum=forum, starts_at=dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC)
    )

    changes = as_code.apply_document(demo)
    assert sorted(str(c) for c in changes) == [
        "- activities.spare-activity (only with --prune)",
        "- forums.spare-forum (only with --prune)",
        "- ladders.spare-ladder (only with --prune)",
    ]
    assert as_code.export_document() == _with_extras(demo)  # kept without --prune

    audits = AuditEvent.objects.count()
    assert as_code.apply_document(demo, prune=True) == changes
    actions = list(AuditEvent.objects.order_by("id")[audits:].values_list("action", flat=True))
    assert sorted(actions) == [
        "governance.activity.deleted",
        "governance.forum.deleted",
        "governance.ladder.retired",
    ]
    assert not Activity.objects.filter(code="spare-activity").exists()
    assert not Forum.objects.filter(slug="spare-forum").exists()
    assert not Meeting.objects.filter(forum_id=forum.pk).exists()
    retired = EscalationLadder.objects.get(key="spare-ladder")  # kept for tickets, not current
    assert not retired.is_current

    exported = as_code.export_document()
    assert exported == demo
    assert as_code.apply_document(exported, prune=True) == []

    as_code.apply_document(_with_extras(demo))  # publishing the key again: the next version
    assert EscalationLadder.objects.get(key="spare-ladder", is_current=True).version == 2


def test_prune_refuses_a_forum_with_decisions_and_writes_nothing(
    demo: gc.GovernanceDocument,
) -> None:
    with_log = next(f for f in demo.forums if Decision.objects.filter(forum__slug=f.key).exists())
    edited, _, _ = _edited(demo)  # written first, then rolled back with the refusal
    fewer = dataclasses.replace(edited, forums=tuple(f for f in demo.forums if f != with_log))
    audits = AuditEvent.objects.count()
    with pytest.raises(as_code.ApplyError) as caught:
        as_code.apply_document(fewer, prune=True)
    assert caught.value.path == f"forums.{with_log.key}"
    assert "cannot be deleted" in caught.value.reason
    assert "decision" in caught.value.reason
    assert AuditEvent.objects.count() == audits
    assert as_code.export_document() == demo


def test_an_invalid_document_names_its_mistakes(demo: gc.GovernanceDocument) -> None:
    text = gc.render_document(demo).replace(
        f"run_by: {demo.components[0].run_by}", "run_by: stratus", 1
    )
    with pytest.raises(gc.DocumentError) as caught:
        as_code.parse(text, "ecosystem.yaml")
    message = str(caught.value)
    assert "components[0].run_by: no party 'stratus' (known: " in message
    assert message.startswith("ecosystem.yaml:")


def test_party_codes_round_trip_and_a_document_without_them_keeps_them(
    demo: gc.GovernanceDocument,
) -> None:
    text = gc.render_document(demo)
    assert "  code: KAV\n" in text
    kaveri = next(p for p in demo.parties if p.code == "KAV")
    without = dataclasses.replace(
        demo,
        parties=tuple(dataclasses.replace(p, code="", colour="") for p in demo.parties),
    )
    assert "code:" not in gc.render_document(without)
    reread = as_code.parse(gc.render_document(without), "old.yaml")
    assert as_code.apply_document(reread) == []
    assert Party.objects.get(slug=kaveri.key).code == "KAV"

    recoded = dataclasses.replace(
        demo,
        parties=tuple(
            dataclasses.replace(p, code="KSS") if p.key == kaveri.key else p for p in demo.parties
        ),
    )
    changes = as_code.apply_document(recoded)
    assert [str(c) for c in changes] == [f'~ parties.{kaveri.key}.code: "KAV" → "KSS"']
    assert Party.objects.get(slug=kaveri.key).code == "KSS"


def test_a_new_party_without_a_code_gets_one_made_from_its_name(
    demo: gc.GovernanceDocument,
) -> None:
    party = gc.Party("gamma-grid", "Gamma Grid Services", "network_carrier")
    doc = dataclasses.replace(
        demo, parties=tuple(sorted((*demo.parties, party), key=lambda p: p.key))
    )
    as_code.apply_document(doc)
    gamma = Party.objects.get(slug="gamma-grid")
    assert gamma.code == "GAM"
    assert gamma.colour not in set(
        Party.objects.exclude(pk=gamma.pk).values_list("colour", flat=True)
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ("  code: kav\n", "parties[0].code: 'kav' is not a party code"),
        ("  colour: mauve\n", "parties[0].colour: 'mauve' is not a party colour"),
    ],
)
def test_a_malformed_chip_is_refused_with_its_line(db: Any, fields: str, message: str) -> None:
    text = "parties:\n- key: acme\n  name: Acme\n  kind: saas_vendor\n" + fields
    with pytest.raises(gc.DocumentError) as caught:
        as_code.parse(text, "x.yaml")
    assert f"x.yaml:5: {message}" in str(caught.value)


def test_two_parties_with_one_code_are_refused_naming_both(db: Any) -> None:
    text = (
        "parties:\n"
        "- key: acme\n  name: Acme\n  kind: saas_vendor\n  code: ACM\n"
        "- key: acme-two\n  name: Acme Two\n  kind: saas_vendor\n  code: ACM\n"
    )
    with pytest.raises(gc.DocumentError) as caught:
        as_code.parse(text, "x.yaml")
    assert "x.yaml:9: parties[1].code: code 'ACM' is taken (first at parties[0].code)" in str(
        caught.value
    )
