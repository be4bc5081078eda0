"""`podium simulate`: two suppliers' tools keep sending a running Podium TMF621 requests over
HTTP, so the demo keeps flowing — tickets arrive, change hands and clocks run.

The requests are `podium.core.synthetic.traffic`'s seeded plan; this module only plays it: it
gives each tool a credential of its own (named "Demo simulator", its token kept in
`PODIUM_HOME/simulator-tokens.json` with 0600 permissions, so that starting again reuses it;
a lost or revoked token is rotated — the old credential revoked, a new one made), then sends one
step every `--interval` seconds. A step Podium has already (from an earlier run with the same
seed) is recognised and not sent again: a ticket by its correlation key, an update by the id of
its note. While the server is not up yet, or answers 429 or 5xx, the step waits and is tried
again with a growing pause. Ctrl-C (or SIGTERM) stops it between requests.

Exit codes: 0 done or stopped, 1 a request or a token refused, or nothing to simulate with.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from types import FrameType
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from podium.cli.django_setup import setup_django
from podium.core.synthetic import parties as demo_parties
from podium.core.synthetic.traffic import Step, Target, Tool, traffic

err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
CREDENTIAL_NAME = "Demo simulator"
TOKENS_FILE = "simulator-tokens.json"
DEMO_PARTIES = (demo_parties.DEVELOPER, demo_parties.CLOUD)
TMF_TICKETS = "/tmf-api/troubleTicket/v5/troubleTicket"
LONGEST_PAUSE = 10.0
SERVER_ERROR_TRIES = 5


class CannotSimulateError(Exception):
    """The simulator cannot go on (a token refused, nothing to simulate with)."""


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: Any
    replayed: bool


class Sender:
    """Requests to Podium, tried again while the server is not up yet or answers 429 or 5xx
    (at most `SERVER_ERROR_TRIES` times for a 5xx), pausing longer each time up to
    `LONGEST_PAUSE` seconds, or as long as a 429's Retry-After says."""

    def __init__(
        self,
        base_url: str,
        say: Callable[[str], None],
        *,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = 30.0,
    ) -> None:
        if urllib.parse.urlsplit(base_url).scheme not in {"http", "https"}:
            raise CannotSimulateError(f"--url {base_url}: give an http:// or https:// address")
        self.base_url = base_url.rstrip("/")
        self.say = say
        self.sleep = sleep
        self.timeout = timeout

    def send(
        self, method: str, path: str, token: str, body: Any = None, idempotency_key: str = ""
    ) -> Answer:
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        pause, waiting, server_errors = 0.5, False, 0
        while True:
            request = urllib.request.Request(  # noqa: S310  (the scheme is checked: http or https)
                self.base_url + path, data=data, method=method, headers=headers
            )
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                    status, raw, replies = response.status, response.read(), response.headers
            except urllib.error.HTTPError as error:
                status, raw, replies = error.code, error.read(), error.headers
            except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
                reason = getattr(error, "reason", error)
                if not waiting:
                    self.say(f"waiting for Podium at {self.base_url} ({reason}) …")
                    waiting = True
                self.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)
                continue
            retry = status == 429 or (status >= 500 and server_errors < SERVER_ERROR_TRIES)
            if retry:
                server_errors += status >= 500
                wait = _retry_after(replies.get("Retry-After"), pause)
                self.say(f"Podium answered {status}; trying again in {wait:g} s")
                self.sleep(wait)
                pause = min(pause * 2, LONGEST_PAUSE)
                continue
            if waiting:
                self.say("Podium answers; carrying on.")
            try:
                parsed = json.loads(raw or b"null")
            except ValueError:
                parsed = None
            return Answer(status, parsed, replies.get("Idempotent-Replayed") == "true")


def _retry_after(value: str | None, fallback: float) -> float:
    try:
        return min(max(float(value or ""), 0.0), 120.0)
    except ValueError:
        return fallback


@dataclass
class Tally:
    steps: int = 0
    sent: int = 0
    there: int = 0
    refused: int = 0
    skipped: int = 0  # updates of a ticket whose opening was refused

    def describe(self, seed: int) -> str:
        skipped = f", {self.skipped} skipped with their ticket" if self.skipped else ""
        return (
            f"{self.steps} steps of the plan (seed {seed}): {self.sent} sent, "
            f"{self.there} there already, {self.refused} refused{skipped}."
        )


@dataclass
class _Known:
    """A ticket as the last answer showed it: its id in Podium and the notes it has."""

    id: str
    notes: set[str]


def _remember(known: dict[str, _Known], key: str, resource: Any) -> str:
    ticket_id = str(resource.get("id", "")) if isinstance(resource, dict) else ""
    notes = resource.get("note", []) if isinstance(resource, dict) else []
    known[key] = _Known(ticket_id, {str(n.get("id", "")) for n in notes if isinstance(n, dict)})
    return ticket_id


def play(
    steps: Iterable[Step],
    tokens: dict[str, str],
    sender: Sender,
    *,
    interval: float,
    say: Callable[[str], None],
    warn: Callable[[str], None],
    sleep: Callable[[float], None] = time.sleep,
    tally: Tally | None = None,
) -> Tally:
    """Send each step that Podium does not have yet, `interval` seconds apart; `say` what
    happened, `warn` of what was refused."""
    tally = Tally() if tally is None else tally
    known: dict[str, _Known] = {}
    pause_first = False
    for step in steps:
        tally.steps += 1
        ticket = known.get(step.key)
        if step.kind == "update" and ticket is None:
            tally.skipped += 1
            continue
        if step.kind == "update" and ticket is not None and step.note_id in ticket.notes:
            tally.there += 1
            continue
        if pause_first and interval:
            sleep(interval)
        if step.kind == "open":
            answer = sender.send("POST", TMF_TICKETS, tokens[step.tool], step.body)
        else:
            assert ticket is not None
            answer = sender.send(
                "PATCH",
                f"{TMF_TICKETS}/{urllib.parse.quote(ticket.id, safe='')}",
                tokens[step.tool],
                step.body,
                idempotency_key=f"podium-simulate:{step.note_id}",
            )
        if answer.status == 401:
            raise CannotSimulateError(
                f"Podium refused the token of {step.tool}: revoked, or the server serves "
                "another database. Start the simulator again to make new tokens."
            )
        if answer.status >= 400:
            tally.refused += 1
            message = answer.body.get("message", "") if isinstance(answer.body, dict) else ""
            warn(f"step {step.number} ({step.key}) refused: {answer.status} {message}")
            continue
        ticket_id = _remember(known, step.key, answer.body)
        already = answer.replayed or (step.kind == "open" and answer.status == 200)
        if already:
            tally.there += 1
            continue
        tally.sent += 1
        pause_first = True
        if step.kind == "open":
            say(f"{step.tool} opened {ticket_id} ({step.key}): {step.body.get('name', '')}")
        else:
            what = f"handed to {step.holder}" if step.handover else step.status
            say(f"{step.tool} on {ticket_id}: {what} — {step.body['note'][0]['text']}")
    return tally


# -- the tools and their credentials (Django) ---------------------------------------------


def _tools(slugs: list[str]) -> list[Tool]:
    from django.db import DatabaseError

    from podium.apps.ecosystem import selectors as ecosystem

    tools = []
    try:
        service_ids = ecosystem.service_ids()
        for slug in slugs:
            party = ecosystem.party_by_slug(slug)
            if party is None:
                raise CannotSimulateError(
                    f"--party {slug}: no party with that slug (`podium demo` loads the demo's)"
                )
            components = list(ecosystem.components_for_choice().filter(run_by=party))
            if not components:
                raise CannotSimulateError(
                    f"--party {slug}: {party} runs no component to raise tickets on"
                )
            links = ecosystem.service_links([c.pk for c in components], service_ids)
            slugs_of = {s.pk: s.slug for s in ecosystem.services_among({s for _, s in links})}
            serves: dict[int, str] = {}  # each component's service, the first by slug
            for component_id, service_id in sorted(links, key=lambda link: slugs_of[link[1]]):
                serves.setdefault(component_id, slugs_of[service_id])
            targets = tuple(
                Target(c.slug, c.name, c.kind, serves.get(c.pk))
                for c in sorted(components, key=lambda c: c.slug)
            )
            tools.append(Tool(f"{party.slug}-sim", party.slug, party.name, party.code, targets))
    except DatabaseError as error:
        raise CannotSimulateError(
            f"the database is not ready ({error}): run `podium demo` or `podium migrate` first"
        ) from error
    return tools


def _tokens(tools: list[Tool]) -> dict[str, str]:
    """Each tool's token: the one kept from the last run while it is still good, else a new
    one (the old credential revoked)."""
    from django.conf import settings
    from django.utils import timezone

    from podium.apps.ecosystem import selectors as ecosystem
    from podium.apps.operations.services import credentials

    path = Path(settings.HOME) / TOKENS_FILE
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        kept = {}
    if not isinstance(kept, dict):
        kept = {}
    tokens: dict[str, str] = {}
    changed = False
    for tool in tools:
        party = ecosystem.party_by_slug(tool.party)
        assert party is not None
        ensured = credentials.ensure_credential(
            acting_user=None,
            party=party,
            name=CREDENTIAL_NAME,
            kept_token=str(kept.get(tool.party, "")),
            now=timezone.now(),
        )
        if not ensured.reused:
            err.print(f"{tool.name}: new token {ensured.credential.token_prefix}… for {party}")
            changed = True
        kept[tool.party] = ensured.token
        tokens[tool.name] = ensured.token
    if changed:
        temporary = path.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            json.dump(kept, out, indent=2)
        os.replace(temporary, path)
    return tokens


def interrupt(signum: int, frame: FrameType | None) -> None:
    """Stop as Ctrl-C does, on SIGINT or SIGTERM.

    One stop is enough: a second signal while stopping would cut the summary short.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt


def simulate(
    url: Annotated[str, typer.Option(help="The running Podium to send to.")] = (
        "http://127.0.0.1:8000"
    ),
    interval: Annotated[float, typer.Option(min=0, help="Seconds between two requests.")] = 3.0,
    count: Annotated[
        int | None, typer.Option(min=1, help="Stop after this many steps of the plan.")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the plan: the same seed, the same story.")] = (
        2026
    ),
    party: Annotated[
        list[str] | None,
        typer.Option(
            "--party",
            help="Slug of a party whose tool to play (twice or more); the demo's developer "
            "and cloud provider when left out.",
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", help="Say only what goes wrong, and the summary.")
    ] = False,
) -> None:
    """Play two suppliers' tools: TMF621 tickets opened, worked, handed over and closed."""
    slugs = list(party or DEMO_PARTIES)
    if len(slugs) < 2 or len(set(slugs)) != len(slugs):
        raise typer.BadParameter("give --party two or more different parties", param_hint="--party")
    if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
        raise typer.BadParameter("give an http:// or https:// address", param_hint="--url")
    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, interrupt)

    def say(line: str) -> None:
        if not quiet:
            err.print(line)

    tally = Tally()
    try:
        setup_django()
        from django.db import connections

        tools = _tools(slugs)
        tokens = _tokens(tools)
        connections.close_all()  # the simulator talks to Podium over HTTP only from here on
        steps = traffic(seed, tools)
        err.print(
            f"Simulating {', '.join(t.name for t in tools)} against {url}"
            + (f", one request every {interval:g} s" if interval else "")
            + (f", {count} steps" if count else "")
            + " (Ctrl-C stops)."
        )
        play(
            islice(steps, count) if count else steps,
            tokens,
            Sender(url, err.print),
            interval=interval,
            say=say,
            warn=err.print,
            tally=tally,
        )
    except CannotSimulateError as stopped:
        err.print(f"[bold red]error:[/] {escape(str(stopped))}", markup=True)
        raise typer.Exit(1) from stopped
    except KeyboardInterrupt:
        err.print(f"Simulator stopped: {tally.describe(seed)}")
        return
    err.print(tally.describe(seed))
    if tally.refused:
        raise typer.Exit(1)


# -- beside the demo ------------------------------------------------------------------------


def local_url(host: str, port: int) -> str:
    """Where a process on this machine reaches a server listening on `host`."""
    if host in {"", "0.0.0.0", "::"}:  # noqa: S104  (every address: loopback is one)
        host = "127.0.0.1"
    return f"http://{'[' + host + ']' if ':' in host else host}:{port}"


def start_beside(url: str) -> subprocess.Popen[bytes]:
    """The simulator as a process of its own, quiet, next to the demo's server and worker."""
    return subprocess.Popen(
        [sys.executable, "-m", "podium", "simulate", "--url", url, "--quiet"],
        env=os.environ.copy(),
        process_group=0,  # stopped by the demo, not by the terminal's Ctrl-C
    )


def stop(process: subprocess.Popen[bytes] | None) -> None:
    """Stop the simulator started beside, as Ctrl-C would (killed if it lingers)."""
    if process is None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def register(app: typer.Typer) -> None:
    app.command()(simulate)
