"""Bytes a browser transfers for a few pages of a running Podium: the HTML, and the style sheets
and scripts it links, counted once per page as on a first visit with an empty cache.

Two figures per page: as served (``podium serve`` sends static files uncompressed) and gzipped
(level 9, what a server that compresses sends).

    .venv/bin/podium demo --no-serve && .venv/bin/podium serve --port 8011 &
    .venv/bin/python benchmarks/page_weight.py --base http://127.0.0.1:8011

Logs in as the demo's integrator (password ``podium-demo``) and prints one row per page with
the HTML, CSS and JS bytes and their total, as served and gzipped; ``--json`` prints the same
as JSON.
"""

from __future__ import annotations

import argparse
import gzip
import http.cookiejar
import json
import re
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass

PAGES = (
    "/",
    "/ecosystem/parties/",
    "/ecosystem/map/",
    "/governance/raci/",
    "/operations/",
)
ASSET = re.compile(
    r"""<(?:link[^>]*rel="stylesheet"[^>]*href|script[^>]*src)="([^"]+)\"""", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Weight:
    page: str
    html: int
    css: int
    js: int
    gzipped: int

    @property
    def total(self) -> int:
        return self.html + self.css + self.js


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )


def _get(opener: urllib.request.OpenerDirector, url: str) -> tuple[bytes, str]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip, br"})  # noqa: S310
    with opener.open(request) as response:
        return response.read(), response.headers.get("Content-Type", "")


def log_in(opener: urllib.request.OpenerDirector, base: str, user: str, password: str) -> None:
    page, _ = _get(opener, f"{base}/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise SystemExit("no CSRF token on the log-in page")
    body = urllib.parse.urlencode(
        {"username": user, "password": password, "csrfmiddlewaretoken": token.group(1).decode()}
    ).encode()
    request = urllib.request.Request(  # noqa: S310
        f"{base}/login/", data=body, headers={"Referer": f"{base}/login/"}
    )
    with opener.open(request) as response:
        if response.geturl().rstrip("/").endswith("/login"):
            raise SystemExit(f"log-in as {user} failed")


def weigh(opener: urllib.request.OpenerDirector, base: str, path: str) -> Weight:
    html, _ = _get(opener, f"{base}{path}")
    css = js = 0
    gzipped = len(gzip.compress(html, 9))
    for href in sorted(set(ASSET.findall(html.decode()))):
        body, kind = _get(opener, urllib.parse.urljoin(f"{base}{path}", href))
        gzipped += len(gzip.compress(body, 9))
        if "css" in kind:
            css += len(body)
        else:
            js += len(body)
    return Weight(path, len(html), css, js, gzipped)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8011")
    parser.add_argument("--user", default="integrator")
    parser.add_argument("--password", default="podium-demo")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    opener = _opener()
    log_in(opener, args.base, args.user, args.password)
    weights = [weigh(opener, args.base, path) for path in PAGES]
    if args.json:
        print(json.dumps([asdict(w) | {"total": w.total} for w in weights], indent=2))
        return
    print(f"{'page':22} {'HTML':>9} {'CSS':>9} {'JS':>9} {'total':>9} {'gzipped':>9}")
    for w in weights:
        print(f"{w.page:22} {w.html:9,} {w.css:9,} {w.js:9,} {w.total:9,} {w.gzipped:9,}")


if __name__ == "__main__":
    main()
