"""The governance document: every kind of mistake is named by path and line; render and parse
round-trip; the diff says exactly what changes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from textwrap import dedent

import pytest

from podium.core import governance_code as gc

VOCAB = {"party.kind": {"saas_vendor", "integrator"}, "target.priority": {"P1", "P2"}}

GOOD = dedent(
    """\
    version: 1
    calendars:
    - key: office
      name: Office hours
      time_zone: Europe/Amsterdam
      country: NL
      weekly_hours:
        mon: ['09:00-17:00']
        fri: ['09:00-12:00', '13:00-17:00']
      closures: [2026-12-24]
    parties:
    - key: acme
      name: Acme
      kind: saas_vendor
      calendar: office
      contacts:
      - name: Jo
        role: on_call
        phone: '+31 20 1234'
    - key: hub
      name: Hub
      kind: integrator
    components:
    - key: db
      name: Database
      kind: database
      run_by: acme
    - key: erp
      name: ERP
      kind: application
      run_by: acme
      depends_on: [db]
    services:
    - key: o2c
      name: Order to cash
      criticality: critical
      components: [erp]
    contracts:
    - key: C-1
      party: acme
      title: Support
      starts_on: 2026-01-01
      ends_on: 2027-12-31
      notice_period_days: 90
      annual_value: 1200.5
      services: [o2c]
      targets:
      - priority: P1
        response_minutes: 30
        resolution_minutes: 240
        availability_percent: 99.9
        calendar: office
    activities:
    - key: incident-resolution
      name: Incident resolution
    raci:
    - service: o2c
      activity: incident-resolution
      A: [hub]
      R: [acme, {party: hub, note: first line}]
    ladders:
    - key: acme-ladder
      name: Acme escalation
      party: acme
      steps:
      - level: operational
        wait_minutes: 30
        party: acme
        contact_role: on_call
        channel: phone
    forums:
    - key: board
      name: Board
      kind: strategic_board
      cadence: FREQ=MONTHLY;BYDAY=2TU
      first_meeting_at: 2026-01-13T09:00:00+01:00
      members:
      - party: hub
        role: chair
      - party: acme
    """
)


def parse(text: str) -> gc.GovernanceDocument:
    return gc.parse_document(text, "eco.yaml", vocabularies=VOCAB)


def problems(text: str) -> list[str]:
    with pytest.raises(gc.DocumentError) as caught:
        parse(text)
    return [str(p) for p in caught.value.problems]


def test_a_good_document_reads_into_values() -> None:
    doc = parse(GOOD)
    assert [p.key for p in doc.parties] == ["acme", "hub"]
    assert doc.contracts[0].annual_value == Decimal("1200.50")
    assert doc.contracts[0].targets[0].availability_percent == Decimal("99.900")
    assert doc.forums[0].first_meeting_at == dt.datetime(2026, 1, 13, 8, tzinfo=dt.UTC)
    assert doc.calendars[0].weekly_hours[1] == ("fri", (("09:00", "12:00"), ("13:00", "17:00")))
    cell = doc.raci[0]
    assert cell.key == "service:o2c/incident-resolution"
    assert gc.Letter("R", "hub", "first line") in cell.letters
    assert doc.counts()["raci letters"] == 3


def test_render_then_parse_gives_the_same_document_and_the_same_text() -> None:
    doc = parse(GOOD)
    text = gc.render_document(doc)
    assert parse(text) == doc
    assert gc.render_document(parse(text)) == text
    assert "&" not in text
    assert "*" not in text  # no anchors or aliases
    assert "depends_on: [db]" in text


def test_render_keeps_multi_line_text_as_a_block() -> None:
    doc = parse(GOOD)
    forum = dataclasses.replace(doc.forums[0], charter="Decides.\nMeets monthly.\n")
    text = gc.render_document(dataclasses.replace(doc, forums=(forum,)))
    assert "charter: |\n    Decides.\n    Meets monthly.\n" in text
    assert parse(text).forums[0].charter == "Decides.\nMeets monthly.\n"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "  run_by: acme\n  depends_on: [db]",
            "  run_by: stratus\n  depends_on: [db]",
            "eco.yaml:31: components[1].run_by: no party 'stratus' (known: acme, hub)",
        ),
        (
            "  kind: saas_vendor\n  calendar",
            "  kind: vendor\n  calendar",
            "eco.yaml:14: parties[0].kind: 'vendor' is not a party kind (known: saas_vendor, integrator",
        ),
        (
            "  notice_period_days: 90",
            "  notice_period_days: ninety",
            "eco.yaml:44: contracts[0].notice_period_days: expected a whole number ≥ 0, got text 'ninety'",
        ),
        (
            "  notice_period_days: 90",
            "  notice_perod_days: 90",
            "eco.yaml:44: contracts[0].notice_perod_days: unknown field (known: notice_period_days",
        ),
        (
            "- key: hub\n",
            "- key: acme\n",
            "eco.yaml:20: parties[1].key: duplicate key 'acme' (first at parties[0])",
        ),
        (
            "  name: Acme\n",
            "  name: Acme\n  name: Acme Corp\n",
            "eco.yaml:14: parties[0].name: field given twice",
        ),
        (
            "  ends_on: 2027-12-31",
            "  ends_on: 2025-12-31",
            "eco.yaml:43: contracts[0].ends_on: ends before it starts (2026-01-01)",
        ),
        (
            "2026-01-13T09:00:00+01:00",
            "2026-01-13T09:00:00",
            "eco.yaml:76: forums[0].first_meeting_at: the time needs a UTC offset",
        ),
        (
            "mon: ['09:00-17:00']",
            "mon: ['17:00-09:00']",
            "eco.yaml:8: calendars[0].weekly_hours.mon[0]: expected hours like '09:00-17:00'",
        ),
        (
            "  A: [hub]",
            "  A: [hbu]",
            "eco.yaml:59: raci[0].A[0]: no party 'hbu' (known: hub, acme)",
        ),
        (
            "  phone: '+31 20 1234'",
            "  phone: 31201234",
            "eco.yaml:19: parties[0].contacts[0].phone: expected text, got the number 31201234 (quote it)",
        ),
        (
            "- service: o2c\n",
            "- service: o2c\n  component: db\n",
            "eco.yaml:57: raci[0]: name exactly one of 'service' or 'component'",
        ),
        (
            "  time_zone: Europe/Amsterdam\n  country",
            "  time_zone: Europe/Amsterdm\n  country",
            "eco.yaml:5: calendars[0].time_zone: 'Europe/Amsterdm' is not an IANA time zone",
        ),
        (
            "  time_zone: Europe/Amsterdam\n  country",
            "  time_zone: Europe\n  country",
            "eco.yaml:5: calendars[0].time_zone: 'Europe' is not an IANA time zone",
        ),
        (
            "  annual_value: 1200.5",
            "  annual_value: -1200.5",
            "eco.yaml:45: contracts[0].annual_value: expected 0, got -1200.5",
        ),
        (
            "  annual_value: 1200.5",
            "  annual_value: 1200.5\n  currency: XYZ",
            "eco.yaml:46: contracts[0].currency: 'XYZ' is not an ISO 4217 currency code",
        ),
        (
            "  annual_value: 1200.5",
            "  annual_value: 1200.5\n  currency: usd",
            "eco.yaml:46: contracts[0].currency: 'usd' is not an ISO 4217 currency code (did "
            "you mean 'USD'?)",
        ),
        (
            "    availability_percent: 99.9",
            "    availability_percent: 199.9",
            "eco.yaml:51: contracts[0].targets[0].availability_percent: expected 0 to 100, got 199.9",
        ),
        (
            "  components: [erp]",
            "  components: erp",
            "eco.yaml:37: services[0].components: expected a list, got text 'erp'",
        ),
    ],
)
def test_each_kind_of_mistake_names_the_path_the_line_and_why(
    old: str, new: str, expected: str
) -> None:
    assert old in GOOD
    found = problems(GOOD.replace(old, new, 1))
    assert any(p.startswith(expected) for p in found), found


def test_a_dependency_cycle_is_named_whole() -> None:
    text = GOOD.replace(
        "  kind: database\n  run_by: acme", "  kind: database\n  run_by: acme\n  depends_on: [erp]"
    )
    found = problems(text)
    assert found == ["eco.yaml:28: components[0].depends_on: dependency cycle db → erp → db"]


def test_every_mistake_is_reported_at_once() -> None:
    text = GOOD.replace("run_by: acme\n  depends_on", "run_by: nobody\n  depends_on").replace(
        "criticality: critical", "criticality: 3"
    )
    found = problems(text)
    assert len(found) == 2
    assert "components[1].run_by" in found[0]
    assert "services[0].criticality: expected text" in found[1]


def test_bad_yaml_names_the_line() -> None:
    assert problems("parties:\n- key: a\n  name: [unclosed\n")[0].startswith(
        "eco.yaml:4: not valid YAML"
    )


def test_an_empty_document_is_an_empty_ecosystem() -> None:
    assert parse("") == gc.GovernanceDocument()


def test_diff_lists_creates_field_updates_and_deletes_by_path() -> None:
    old = parse(GOOD)
    contract = dataclasses.replace(old.contracts[0], notice_period_days=60)
    component = gc.Component("wan", "WAN", "network", "acme")
    cell = dataclasses.replace(
        old.raci[0],
        letters=(
            gc.Letter("A", "acme"),
            gc.Letter("R", "acme"),
            gc.Letter("R", "hub", "first line"),
        ),
    )
    new = dataclasses.replace(
        old,
        contracts=(contract,),
        components=(*old.components, component),
        raci=(cell,),
        ladders=(),
    )
    shown = [str(c) for c in gc.diff(old, new)]
    assert shown == [
        "+ components.wan",
        "~ contracts.C-1.notice_period_days: 90 → 60",
        "+ raci.service:o2c/incident-resolution / letters A acme",
        "- raci.service:o2c/incident-resolution / letters A hub",
        "- ladders.acme-ladder (only with --prune)",
    ]
    assert gc.diff(old, old) == []
    text = gc.render_changes(gc.diff(old, new))
    assert text.endswith(
        "2 to create, 1 to update, 1 to delete; 1 not in the document, kept unless --prune"
    )


def test_diff_of_nested_items_and_ladder_steps() -> None:
    old = parse(GOOD)
    target = dataclasses.replace(old.contracts[0].targets[0], response_minutes=15)
    contract = dataclasses.replace(old.contracts[0], targets=(target,))
    ladder = dataclasses.replace(
        old.ladders[0], steps=(dataclasses.replace(old.ladders[0].steps[0], wait_minutes=45),)
    )
    party = dataclasses.replace(old.parties[0], contacts=())
    new = dataclasses.replace(
        old, contracts=(contract,), ladders=(ladder,), parties=(party, old.parties[1])
    )
    shown = [str(c) for c in gc.diff(old, new)]
    assert "- parties.acme / contacts Jo (on_call)" in shown
    assert "~ contracts.C-1 / targets P1.response_minutes: 30 → 15" in shown
    assert any(
        s.startswith('~ ladders.acme-ladder.steps: ["operational after 30 min') for s in shown
    )


def test_raci_of_objects_the_document_leaves_out_is_not_compared() -> None:
    old = parse(GOOD)
    new = dataclasses.replace(old, services=(), contracts=(), raci=(), ladders=())
    assert not any(c.section == "raci" for c in gc.diff(old, new))


def test_the_line_of_an_object_path() -> None:
    assert gc.line_of_path(GOOD, "contracts.C-1 / targets P1") == 39
    assert gc.line_of_path(GOOD, "raci.service:o2c/incident-resolution") == 57
    assert gc.line_of_path(GOOD, "components.erp.depends_on") == 28
    assert gc.line_of_path(GOOD, "forums.nothing") is None
