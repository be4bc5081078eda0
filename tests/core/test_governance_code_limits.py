"""Governance YAML shaped to exhaust the reader is refused with its YAML path and line."""

from __future__ import annotations

import tracemalloc

import pytest

from podium.core.governance_code import (
    MAX_ALIAS_NODES,
    MAX_DEPTH,
    MAX_DOCUMENT_BYTES,
    DocumentError,
    parse_document,
)

PARTY = "parties:\n- key: acme\n  name: Acme\n  kind: saas_vendor\n"


def laughs(levels: int = 9) -> str:
    """The "billion laughs": each anchor is ten aliases of the one before."""
    lines = ['l0: &l0 "lol"']
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*l{level - 1}"] * 10)
        lines.append(f"l{level}: &l{level} [{aliases}]")
    return "\n".join(lines) + "\n"


def refusal(text: str) -> str:
    with pytest.raises(DocumentError) as caught:
        parse_document(text, "x.yaml")
    assert len(caught.value.problems) == 1
    return str(caught.value)


def test_billion_laughs_stop_at_the_alias_limit_quickly_and_small() -> None:
    text = "parties:\n- key: acme\n  name: Acme\n  kind: saas_vendor\n  description:\n" + "".join(
        f"    {line}\n" for line in laughs().splitlines()
    )
    tracemalloc.start()
    try:
        message = refusal(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert message.startswith("x.yaml:")
    assert f"aliases stand for more than {MAX_ALIAS_NODES:,} nodes" in message
    # l4 stands for 11,111 nodes; the 8th alias of it in l5 passes 100,000 in all.
    assert message.startswith("x.yaml:11: parties[0].description.l5[7]: aliases stand for")
    assert peak < 20 << 20


def test_an_alias_as_a_mapping_key_is_refused_with_its_line() -> None:
    text = laughs(3).replace("l", "h").replace('"hoh"', '"lol"') + "boom:\n  ? *h3\n  : boom\n"
    assert refusal(text) == "x.yaml:6: boom: an alias (*h3) cannot be a mapping key"


def test_the_reported_alias_key_expansion_is_refused_before_it_expands() -> None:
    text = (
        f"{laughs()}parties:\n- key: acme\n  name: Acme\n  kind: saas_vendor\n  ? *l9\n  : boom\n"
    )
    message = refusal(text)
    # The ninth level alone stands for 10**9 nodes: the alias limit is met first.
    assert message.startswith("x.yaml:")
    assert "aliases stand for more than" in message


def test_a_list_as_a_mapping_key_is_refused() -> None:
    assert refusal(PARTY + "  ? [a, b]\n  : x\n") == (
        "x.yaml:5: parties[0]: a mapping key must be plain text, not a list or mapping"
    )


def test_an_alias_inside_its_own_anchor_is_refused() -> None:
    assert (
        refusal("loop: &a [1, *a]\n") == "x.yaml:1: loop[1]: the alias *a is inside its own anchor"
    )


def test_a_list_nested_20000_deep_is_refused_without_recursion_error() -> None:
    deep = "[" * 20_000 + "]" * 20_000
    message = refusal(PARTY + f"  description: {deep}\n")
    assert message.startswith("x.yaml:5: parties[0].description[0][0]")
    assert message.endswith(f"nested more than {MAX_DEPTH} levels deep")
    assert "…" in message  # the path is shortened


def test_nesting_up_to_the_limit_is_read() -> None:
    deep = "[" * (MAX_DEPTH - 3) + "]" * (MAX_DEPTH - 3)  # root, parties, the party: 3 levels
    message = refusal(PARTY + f"  description: {deep}\n")
    assert "expected text, got a list" in message


def test_a_document_over_the_size_limit_is_not_read() -> None:
    text = PARTY + "#" * MAX_DOCUMENT_BYTES
    assert refusal(text) == (
        "x.yaml: the document is longer than 8 MiB (8,388,608 bytes); it is not read"
    )
    wide = PARTY + "# " + "€" * (MAX_DOCUMENT_BYTES // 3)  # fewer characters than bytes
    assert "longer than 8 MiB" in refusal(wide)


def test_anchors_within_limits_still_read() -> None:
    text = (
        PARTY.replace("kind: saas_vendor", "kind: &kind saas_vendor")
        + "- key: beta\n  name: Beta\n  kind: *kind\n"
    )
    doc = parse_document(text, "x.yaml")
    assert [p.kind for p in doc.parties] == ["saas_vendor", "saas_vendor"]


def test_merge_keys_count_towards_the_alias_limit() -> None:
    lines = ["m0: &m0 {" + ", ".join(f"k{i}: {i}" for i in range(10)) + "}"]
    for level in range(1, 7):
        merges = ", ".join([f"*m{level - 1}"] * 10)
        lines.append(f"m{level}: &m{level} {{<<: [{merges}], own{level}: 1}}")
    assert "aliases stand for more than" in refusal("\n".join(lines) + "\n")


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        ("FREQ=SECONDLY", "FREQ=SECONDLY is finer than a day"),
        ("FREQ=MINUTELY;INTERVAL=15", "FREQ=MINUTELY is finer than a day"),
        ("FREQ=DAILY;BYHOUR=9,14", "BYHOUR=9,14 sets more than one meeting a day"),
    ],
)
def test_a_forum_meeting_more_than_daily_is_refused_with_its_line(rule: str, reason: str) -> None:
    text = PARTY + (
        "forums:\n- key: board\n  name: Board\n  kind: strategic_board\n"
        f"  cadence: {rule}\n  first_meeting_at: 2026-01-13T09:00:00+00:00\n"
    )
    assert refusal(text).startswith(f"x.yaml:9: forums[0].cadence: {reason}")
