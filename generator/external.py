"""`newsgen check --external`: the built site's links to other sites, asked over the network.

Never part of a build: a build must not depend on other sites being up, nor
slow down for them. This reads the pages of the built output, collects every
http(s) link that leaves the site, and asks each URL once: HEAD, then GET
where a server refuses HEAD, redirects followed, with a timeout, at most
CONCURRENCY requests at a time and PER_HOST to any one host. A URL that
answered well is not asked again for a day (`--max-age`), so that a nightly
check does not hammer anyone; one that failed is asked again every time.
Results are kept in .newsgen-cache/external-links.json (safe to delete).
"""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from . import __version__
from .linkcheck import WrittenLinks, links_in

CONCURRENCY = 8
PER_HOST = 2
TIMEOUT = 10.0  # seconds a server may take to answer
CACHE_FILE = "external-links.json"
_REFUSES_HEAD = {403, 405, 501}


@dataclass(frozen=True)
class Answer:
    url: str
    status: int | None  # the final HTTP status; None when no answer came
    reason: str  # what went wrong, "" when nothing did
    checked: float  # when (seconds since 1970)

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400


def external_links(output: Path, base_url: str) -> dict[str, list[str]]:
    """Every http(s) URL outside the site → the output pages that link to it, in order."""
    found: dict[str, list[str]] = {}
    for folder, _, names in sorted(os.walk(output)):
        for name in sorted(names):
            if not name.endswith((".html", ".htm")):
                continue
            path = Path(folder) / name
            rel = path.relative_to(output).as_posix()
            for link in links_in(path.read_text(encoding="utf-8", errors="replace")):
                url = link.strip().partition("#")[0]
                if url.startswith(("http://", "https://")) and not url.startswith(base_url):
                    pages = found.setdefault(url, [])
                    if rel not in pages:
                        pages.append(rel)
    return found


def sources_shown(output: Path, cache_dir: Path) -> dict[str, str]:
    """Each page of output/ whose text a content file writes (a story, a
    page, an author's bio, a section's introduction) → that file, by its
    path in content/ ("world/a.md"), as the last build's state says;
    empty when the state is missing or describes another output/.
    A broken link is the writer's to fix, in their file, not in a page."""
    from .cache import load_state  # noqa: PLC0415  (the state, and the model's classes: only when a link is broken)

    state = load_state(cache_dir)
    model = getattr(state, "model", None)
    if model is None or state.output_dir != str(output):
        return {}
    catalog, found = model.catalog, {}
    for page in model.plan.pages:
        if page.kind in ("article", "page"):
            source = page.key
        elif page.kind == "author" and page.key in catalog.author_by_slug:
            source = catalog.author_by_slug[page.key].source
        elif page.kind == "section" and page.number <= 1:
            source = catalog.section(page.key).source
        else:
            continue
        if source:
            found[page.path] = source
    return found


def line_of(file: Path, url: str) -> int | None:
    """The line of the file that writes the link to `url`, found as the
    build's link check finds a link's line (code set aside); None if none does."""
    try:
        text = file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return WrittenLinks.read(text, lambda written: written, file.name).line_writing(url)


def check_external(urls: list[str], cache_dir: Path, max_age: float, now: float | None = None) -> tuple[dict[str, Answer], int]:
    """The answer for each URL, and how many came from the cache."""
    now = time.time() if now is None else now
    cache_path = cache_dir / CACHE_FILE
    try:
        cached = {url: Answer(**entry) for url, entry in json.loads(cache_path.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError, TypeError):
        cached = {}
    answers = {url: cached[url] for url in urls if url in cached and cached[url].ok and now - cached[url].checked < max_age}
    reused = len(answers)
    hosts: dict[str, threading.Semaphore] = {}
    lock = threading.Lock()

    def ask(url: str) -> Answer:
        with lock:
            gate = hosts.setdefault(urlsplit(url).netloc.lower(), threading.Semaphore(PER_HOST))
        with gate:
            return _ask(url, now)

    with ThreadPoolExecutor(CONCURRENCY) as pool:
        for answer in pool.map(ask, [url for url in urls if url not in answers]):
            answers[answer.url] = answer
    cached.update(answers)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        temp = cache_path.with_name(f".{CACHE_FILE}.{os.getpid()}")
        temp.write_text(json.dumps({url: vars(a) for url, a in sorted(cached.items())}, indent=1), encoding="utf-8")
        os.replace(temp, cache_path)
    except OSError:
        pass  # only saves asking again
    return answers, reused


def _ask(url: str, now: float) -> Answer:
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": f"newsgen-link-check/{__version__}"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return Answer(url, response.status, "", now)
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in _REFUSES_HEAD:
                continue  # some servers answer only GET
            return Answer(url, exc.code, f"{exc.code} {exc.reason}", now)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return Answer(url, None, f"no answer ({reason})", now)
    return Answer(url, None, "no answer", now)
