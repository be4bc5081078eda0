"""Every page of the route list, in Chromium at 1400×900, as the integrator and as a supplier's
engineer, in light and in dark mode: a screenshot of each, and a failure when a table or grid
overflows its container, the page scrolls sideways, text is cut without its full text in a
title, or the browser reports an error (a CSP violation is one).

The world is the demo's (one month of history), loaded once; the URL arguments of each route
come from the authorization matrix's entries, pointed at the demo's own objects of the
supplier whose engineer logs in. Images go to ``<pytest's base temp>/screenshots/`` (printed at
the end), or to ``$PODIUM_SCREENSHOTS`` when set.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.authorization.test_matrix import PAGES
from tests.support.browser import load_the_demo, log_in_to_the_demo, screenshots_folder
from tests.support.trust import make_wave

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORT = {"width": 1400, "height": 900}
USERS = {"integrator": "integrator_admin", "supplier-engineer": "party_member"}
SCHEMES = ("light", "dark")
# Views of one route that the route list alone would not open: the ticket's tabs, the matrix of
# components, the answer of "who do I call?".
EXTRA_QUERIES: dict[str, Any] = {
    "operations:ticket_detail": lambda w: ("?tab=clocks", "?tab=parties", "?tab=related"),
    "governance:raci_grid": lambda w: ("?kind=component",),
    "governance:who_to_call": lambda w: (f"?service={w.service_a.slug}",),
}
# The demo's matrix shows its first twelve rows on the first 1400×900 screen.
MATRIX_ROWS_ON_A_SCREEN = 12

PROBLEMS_JS = """() => {
  const problems = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className.trim()
       ? '.' + el.className.trim().split(/\\s+/).slice(0, 3).join('.') : '');
  const text = (el) => (el.innerText || el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) {
    problems.push(`the page scrolls sideways: ${root.scrollWidth}px in a ${root.clientWidth}px window`);
  }
  const shown = (el) => el.getClientRects().length > 0 && !el.closest('.visually-hidden, [hidden]');
  for (const table of document.querySelectorAll('table, svg')) {
    const box = table.parentElement;
    if (!shown(table) || !box) continue;
    const over = Math.max(box.scrollWidth - box.clientWidth,
      table.getBoundingClientRect().right - box.getBoundingClientRect().right);
    if (over > 1) problems.push(`${name(table)} overflows ${name(box)} by ${Math.round(over)}px`);
  }
  for (const box of document.querySelectorAll('.card, .card-body, .table-wrap, figure, main, .page-header')) {
    if (shown(box) && box.scrollWidth > box.clientWidth + 1) {
      problems.push(`${name(box)} is ${box.scrollWidth - box.clientWidth}px too narrow for what it holds`);
    }
  }
  for (const cell of document.querySelectorAll('td, th')) {
    if (shown(cell) && cell.scrollWidth > cell.clientWidth + 1) {
      problems.push(`${name(cell)} spills over its column: "${text(cell)}"`);
    }
  }
  for (const el of document.body.querySelectorAll('*')) {
    if (!shown(el) || !text(el)) continue;
    const style = getComputedStyle(el);
    const ellipsis = style.textOverflow === 'ellipsis';
    const clips = ellipsis || ['hidden', 'clip'].includes(style.overflowX);
    if (!clips || el.scrollWidth <= el.clientWidth + 1) continue;
    if (ellipsis && el.closest('[title]') && el.closest('[title]').title.includes(text(el).replace(/…$/, ''))) continue;
    problems.push(`text is cut in ${name(el)}: "${text(el)}"`);
  }
  return problems;
}"""


@dataclass
class Shot:
    user: str
    scheme: str
    route: str
    url: str
    status: int
    problems: list[str]
    errors: list[str]
    path: Path


class DemoWorld:
    """The attributes the matrix's entries read (``supplier_a``, ``ticket_a`` …), pointed at
    the demo's objects of the supplier whose engineer logs in."""

    def __init__(self, engineer: Any) -> None:
        from podium.apps.accounts.services import rotate_calendar_feed_token
        from podium.apps.ecosystem import selectors as ecosystem
        from podium.apps.governance.models import ResponsibilityAssignment
        from podium.apps.governance.selectors import escalation, forums
        from podium.apps.operations import selectors as operations
        from podium.apps.operations.services import credentials
        from podium.core.synthetic import parties

        party = engineer.party
        self.supplier_a = party
        self.integrator = ecosystem.parties_for_choice().get(slug=parties.INTEGRATOR)
        self.component_a = ecosystem.components_visible_to(engineer).order_by("name").first()
        self.service_a = ecosystem.services_visible_to(engineer).order_by("name").first()
        self.contract_a = ecosystem.contracts_visible_to(engineer).order_by("reference").first()
        self.calendar_a = party.calendar
        self.contact_a = ecosystem.contacts_visible_to(engineer).order_by("name").first()
        held = operations.open_tickets_visible_to(engineer).filter(current_party=party)
        self.ticket_a = held.order_by("opened_at").first()
        self.ladder_a = escalation.current_ladders_visible_to(engineer).order_by("key").first()
        forum = next(
            f for f in forums.forums_visible_to(engineer).order_by("slug") if f.meetings.exists()
        )
        self.forum_a = forum
        self.meeting_a = forum.meetings.order_by("starts_at").first()
        self.action_a = forums.actions_visible_to(engineer).order_by("pk").first()
        self.decision_a = forums.decisions_visible_to(engineer).order_by("pk").first()
        self.letter_a = ResponsibilityAssignment.objects.filter(party=party).first()
        self.feed_token = rotate_calendar_feed_token(acting_user=engineer, user=engineer)
        self.credential_a, _ = credentials.create_credential(
            acting_user=None, party=party, name="Dispatch monitoring", now=timezone.now()
        )
        self.changes, self.approval_a = _demo_changes(engineer)
        from podium.apps.trust.services import retrospectives

        today = timezone.localdate()
        self.trust_wave = make_wave(
            "this-quarter",
            name="This quarter",
            period="this quarter",
            opens_on=today,
            closes_on=today,
        )
        self.retro_a = retrospectives.record_retrospective(
            acting_user=None,
            title="Quarterly look back",
            kind="quarterly",
            held_on=today,
            parties=[self.integrator, party],
            went_well="Hand-offs with logs attached.",
        )
        self.retro_action_a = retrospectives.add_retro_action(
            acting_user=None,
            retrospective=self.retro_a,
            title="Share the runbook",
            owner_party=party,
            due_on=today,
        )
        from types import SimpleNamespace

        from podium.apps.goals.selectors import objectives

        self.objective = objectives.objectives_visible_to(engineer).order_by("pk").first()
        self.key_result_a = objectives.key_results_visible_to(engineer).order_by("pk").first()
        self.dispute_a = SimpleNamespace(pk=0)  # only the decide route (a POST) names one
        from podium.apps.cockpit.services import saved_views

        self.alpha_view = saved_views.save_view(
            acting_user=engineer,
            name="Our party's view",
            page="party",
            party=party.slug,
            sharing="party",
            at=timezone.now(),
        )
        from podium.apps.operations.services import notifications

        self.webhook_a, _ = notifications.create_webhook(
            acting_user=None,
            party=party,
            callback="https://hooks.example.test/podium",
            event_types=[],
            now=timezone.now(),
        )
        notifications.publish(
            self.ticket_a,
            "org.podium.escalation.breach",
            {"ticket": self.ticket_a.reference},
            now=timezone.now(),
            seeing={party.pk},
        )
        self.delivery_a = operations.deliveries_visible_to(engineer).first()
        self.notification_member = SimpleNamespace(pk=0)  # only POST routes name one
        self.arbitration_a, self.incident_a = _demo_incidents(self.ticket_a, self.integrator, party)


def _demo_incidents(ticket: Any, integrator: Any, party: Any) -> tuple[Any, Any]:
    """The ticket bounced between the integrator and its party past the agreement's limit
    (its arbitration), and declared a major incident."""
    from tests.support.bounces import hand_over

    from podium.apps.operations.models import Arbitration
    from podium.apps.operations.services import major_incidents

    start = timezone.now() - dt.timedelta(hours=1)
    hand_over(ticket, [integrator.slug, party.slug] * 3, start=start, sender=party)
    ticket.refresh_from_db()
    incident = major_incidents.declare_major_incident(
        acting_user=None, ticket=ticket, title="Checkout down", now=timezone.now()
    )
    return Arbitration.objects.filter(ticket=ticket).first(), incident


def _demo_changes(engineer: Any) -> tuple[Any, Any]:
    """The engineer's party's first planned change (else anyone's) and an approval of it."""
    from types import SimpleNamespace

    from podium.apps.changes.models import Approval
    from podium.apps.changes.selectors import changes

    rows = changes.changes_visible_to(engineer).order_by("planned_start")
    change = rows.filter(implementer=engineer.party).first() or rows.first()
    approval = Approval.objects.filter(change=change).first() or SimpleNamespace(pk=0)
    return SimpleNamespace(change_a=change, gamma=engineer.party), approval


@pytest.fixture
def demo(live_server: Any) -> DemoWorld:
    from podium.apps.accounts.models import User

    load_the_demo(end=dt.date(2026, 6, 30))
    return DemoWorld(User.objects.get(username="supplier-engineer"))


def _pages(world: DemoWorld, username: str, role: str) -> list[tuple[str, str]]:
    """(route, URL) of every page the user may open: the routes the role is allowed, minus
    writes without a form of their own (405 to a GET), what is not HTML (calendar feeds) and
    fragments of pages."""
    from django.test import Client

    from podium.apps.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    pages = []
    for name, entry in sorted(PAGES.items()):
        if entry.public or role not in entry.allowed_roles:
            continue
        url = reverse(name, kwargs=entry.own(world) if entry.own else None)
        response = client.get(url)
        if response.status_code == 405 or "text/html" not in response.get("Content-Type", ""):
            continue
        if not response.content.lstrip()[:15].lower().startswith(b"<!doctype html"):
            continue  # a fragment htmx puts into a page (the inbox badge): shot with its page
        pages.append((name, url))
        extra = EXTRA_QUERIES.get(name)
        pages.extend((name, url + query) for query in (extra(world) if extra else ()))
    return pages


def _file_name(user: str, scheme: str, url: str) -> str:
    words = "".join(c if c.isalnum() else "-" for c in url.strip("/")).strip("-") or "home"
    return f"{user}-{scheme}-{'-'.join(w for w in words.split('-') if w)}.png"


def test_every_page_fits_its_screen_in_light_and_dark(
    chromium: Any,
    demo: DemoWorld,
    live_server: Any,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = screenshots_folder(tmp_path_factory)
    base = live_server.url
    started = time.monotonic()
    shots: list[Shot] = []
    matrix_rows: dict[tuple[str, str], float] = {}
    for username, role in USERS.items():
        urls = _pages(demo, username, role)
        for scheme in SCHEMES:
            context = chromium.new_context(viewport=VIEWPORT, color_scheme=scheme)
            page = context.new_page()
            errors: list[str] = []
            page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda exc, e=errors: e.append(str(exc)))
            log_in_to_the_demo(page, base, username)
            assert page.evaluate("document.documentElement.dataset.bsTheme") == scheme
            for route, url in urls:
                errors.clear()
                response = page.goto(base + url, wait_until="load")
                status = response.status if response is not None else 0
                path = folder / _file_name(username, scheme, url)
                page.screenshot(path=str(path))
                problems = page.evaluate(PROBLEMS_JS)
                if route == "governance:raci_grid" and "kind=" not in url:
                    heights = page.eval_on_selector_all(
                        ".raci-grid tbody tr",
                        "rows => rows.map(r => r.getBoundingClientRect().height)",
                    )
                    matrix_rows[(username, scheme)] = sum(heights) / max(len(heights), 1)
                shots.append(
                    Shot(username, scheme, route, url, status, problems, list(errors), path)
                )
            context.close()
    for scheme in SCHEMES:  # the log-in page, as everyone first sees it
        context = chromium.new_context(viewport=VIEWPORT, color_scheme=scheme)
        page = context.new_page()
        page.goto(f"{base}/login/")
        path = folder / f"anonymous-{scheme}-login.png"
        page.screenshot(path=str(path))
        shots.append(
            Shot("anonymous", scheme, "login", "/login/", 200, page.evaluate(PROBLEMS_JS), [], path)
        )
        context.close()
    seconds = time.monotonic() - started
    with capsys.disabled():
        print(f"\n{len(shots)} screenshots in {seconds:.0f} s under {folder}")

    failures = [
        f"{s.user} ({s.scheme}) {s.url} [{s.status}]: " + "; ".join([*s.problems, *s.errors])
        for s in shots
        if s.problems or s.errors or s.status != 200
    ]
    assert not failures, "\n".join(failures)
    routes = {s.route for s in shots}
    assert len(routes) >= 40, sorted(routes)
    assert {("integrator", "light"), ("supplier-engineer", "dark")} <= set(matrix_rows)
    for who, bottom in matrix_rows.items():
        assert bottom <= VIEWPORT["height"], (
            f"the matrix's 12th row of {who} ends at {bottom:.0f}px"
        )
