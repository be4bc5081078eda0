"""The console's markup: badges in their tone, chips that escape what parties type, relative
times with the exact instant in the viewer's zone, counted nouns, selects without dashes."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

import pytest
from django import forms
from django.utils import timezone

from podium.platform import console


@dataclass
class FakeParty:
    code: str
    name: str
    colour: str


def test_statuses_of_every_context_have_their_tones() -> None:
    from podium.apps.operations.choices import TicketStatus

    assert console.tone_of("ticket.status", "resolved") == "green"
    assert console.tone_of("ticket.status", TicketStatus.IN_PROGRESS) == "blue"
    assert console.tone_of("action.status", "done") == "green"
    assert console.tone_of("contract.status", "expired") == "red"
    assert console.tone_of("priority", "P1") == "red"


def test_a_badge_takes_its_vocabulary_s_tone_and_unknown_values_are_secondary() -> None:
    console.define_tones("test.status", {"open": "blue"})
    assert (
        console.toned("test.status", "open", "Open") == '<span class="badge bg-blue-lt">Open</span>'
    )
    assert 'bg-secondary-lt">Odd' in console.toned("test.status", "odd", "Odd")
    with pytest.raises(ValueError, match="mauve"):
        console.define_tones("test.other", {"x": "mauve"})


def test_a_chip_shows_the_code_in_its_colour_and_the_name_on_hover_escaped() -> None:
    party = FakeParty("ACM", 'Acme "Cloud" <b>', "teal")
    html = console.chip(party)
    assert html == (
        '<abbr class="chip bg-teal-lt" title="Acme &quot;Cloud&quot; &lt;b&gt;">ACM</abbr>'
    )
    assert "<span>Acme &quot;Cloud&quot; &lt;b&gt;</span>" in console.chip(party, named=True)
    assert "bg-secondary-lt" in console.chip(FakeParty("X1", "X", "javascript:"))
    assert "—" in console.chip(None)


def test_a_legend_lists_each_chip_with_its_name() -> None:
    html = console.legend([FakeParty("ACM", "Acme", "teal"), FakeParty("BET", "Beta", "blue")])
    assert html.count("<li>") == 2
    assert "ACM</abbr> <span>Acme</span>" in html


def test_when_shows_relative_text_and_the_exact_instant_in_the_viewer_s_zone() -> None:
    moment = dt.datetime(2026, 10, 5, 9, 0, tzinfo=dt.UTC)
    with timezone.override(zoneinfo.ZoneInfo("Asia/Kolkata")):
        html = console.when(moment, now=moment + dt.timedelta(days=3, hours=2))
    assert html == (
        '<time datetime="2026-10-05T09:00:00+00:00" title="2026-10-05 14:30 IST">3 d ago</time>'
    )


def test_day_shows_the_date_with_how_far_it_is_on_hover() -> None:
    html = console.day(dt.date(2026, 10, 17), today=dt.date(2026, 10, 5))
    assert html == '<time datetime="2026-10-17" title="in 12 d">2026-10-17</time>'


@pytest.mark.parametrize(
    ("number", "forms_", "text"),
    [
        (1, "party,parties", "1 party"),
        (0, "party,parties", "0 parties"),
        (2_000, "row", "2,000 rows"),
    ],
)
def test_counted(number: int, forms_: str, text: str) -> None:
    assert console.counted(number, forms_) == text


class _Choices(forms.Form):
    required = forms.ChoiceField(choices=[("", "---------"), ("a", "A")])
    optional = forms.ChoiceField(choices=[("", "---------"), ("a", "A")], required=False)
    name = forms.CharField()


def test_selects_say_what_an_empty_choice_means_and_controls_get_the_console_s_classes(
    settings: Any,
) -> None:
    html = str(_Choices())
    assert "---------" not in html
    assert '<option value="" selected>Choose one</option>' in html
    assert '<option value="" selected>None</option>' in html
    assert 'class="form-select"' in html
    assert 'class="form-control"' in html
