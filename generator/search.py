"""Rendered story pages → a Pagefind search index under /pagefind/.

The search stage runs after rendering, beside the image stage: it hands the
HTML of every published story and static page (never drafts, scheduled or
expired stories, lists, feeds or tag pages) to Pagefind's indexer, through
its Python package and the binary of `pagefind[bin]`, and publishes the
bundle it writes. What a page gives the index is marked in the theme's
templates with Pagefind's attributes (`data-pagefind-body` on the story,
filters for section, author, kind, year and tag, a sort by date); a site's
own layouts may mark it otherwise.

Pagefind keeps no index to update: it makes each index whole, at about
2.4 ms of one core per page. The index is therefore cut into shards of an
edition's stories of one year (or quarter, or month, or a month's week,
when there are many: about SHARD_STORIES each, at any size of archive),
and one of its static pages, each a bundle of its own that the search
page merges (Pagefind's `mergeIndex`). The
edition's newest month, where a newsroom publishes and corrects, has its
weeks apart when its shard is large. A build makes again only the shards
whose pages changed, and within such a shard gives Pagefind only the
pages that changed: what a bundle holds of each page is kept (PageParts)
and the shard's files are put together from those parts
(search_bundle.py), so that an old story corrected costs its own page,
not its quarter's thousand (0.2 s, not 2.4); the shard's word index is kept
encoded, so that only the stems whose postings the edit changed are
encoded again, and the files compressed are kept too, by their content, so
that only the chunks of the word index holding those stems are compressed again. Shards are made several at
once, one Pagefind process per core; `index.json` lists each edition's
shards for the search page, newest first, and `filters.json` its filters'
values with their counts, summed from each shard's own (FILTER_COUNTS), so
that the page lists them without fetching every shard's filter files. A
build that changes no story costs nothing.

Three things Pagefind does are put right here. Its filter files and the
metadata naming them come out in a different order on every run (its
hash maps; Pagefind/pagefind#638), which would make two builds of the
same sources differ: each filter's values are put in order and the files
renamed by their content, so the bundle is a function of the pages. Its
Python package's asyncio client waits 100 ms before reading each response,
17 minutes for 10,000 pages: the same service (`pagefind --service`) is
spoken to here directly, without the wait (and without asyncio). And it
answers `write_files` before the files are all on disk (under load one
read then is cut short): the bundle is taken from memory (`get_files`)
and written through the build's own writer, atomically with the pages.
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import json
import os
import pickle
import re
import selectors
import shutil
import subprocess
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from . import search_bundle
from .config import SiteConfig
from .content.catalog import Catalog
from .content.model import BuildMode
from .plan import SEARCH_FOLDER, PagePlan, SitePlan
from .search_bundle import ENTRY, PAGEFIND_VERSION, PageEntry, SearchUnavailable

BATCH = 100  # pages in flight to the indexer at once
READ_SIZE = 1 << 20  # bytes read from Pagefind at once: an answer with a shard's whole bundle runs to megabytes
MANIFEST = "index.json"  # under pagefind/: each edition's shards, for the search page
FILTERS = "filters.json"  # under pagefind/: each edition's filter values and their counts, for the search page
FILTER_COUNTS = "newsgen-filters.json"  # in each shard's folder: its filter values' counts, for FILTERS
INDEXED_KINDS = frozenset({"article", "page"})  # the kinds of page the index reads (drafts and scheduled stories aside)
STATIC_PAGES = "pages"  # the shard of an edition's static pages
SHARD_STORIES = 1000  # about how many stories a shard holds, at most: a year's, or a quarter's, a month's or a week's
RECENT_SHARD_STORIES = 250  # above this, the shard with the newest month has that month's weeks apart
_UNUSED = re.compile(r"pagefind-(ui|modular-ui|component-ui|highlight)\.(js|css)$")


@dataclass(frozen=True)
class IndexedPage:
    url: str  # its site path, "/world/2022/12/09/x/": Pagefind's script adds the base path it is served under
    html: str


@dataclass(frozen=True)
class Shard:
    """One bundle of the index: an edition's stories of one year, or its static pages."""
    name: str  # its folder under pagefind/: "2024", "2024-q2", "2024-05", "2024-05-w3", "de-2024", "pages", "de-pages"
    edition: str  # PagePlan.edition: "" for the site's own
    year: str  # the stories' year, as their `year` filter says it; "" for static pages
    pages: tuple[PagePlan, ...]  # in URL order


# ---- what is indexed, in which shard -------------------------------------------

def shards(plan: SitePlan, catalog: Catalog, config: SiteConfig, mode: BuildMode) -> list[Shard]:
    """The published stories of the indexed sections, and the static pages,
    by edition and period: never a draft or a scheduled story, even in a
    preview that shows them (`newsgen serve --drafts`). Each edition's
    newest period first, its static pages last."""
    if not config.search.enabled:
        return []
    articles = catalog.by_source
    drafts = {page.source for page in catalog.pages if page.draft}
    zones = {edition.code: edition.config.timezone for edition in plan.editions}
    stories: dict[tuple[str, int], list[tuple[int, int, PagePlan]]] = {}  # (edition, year) → (month, day, page)
    static: dict[str, list[PagePlan]] = {}
    for page in plan.pages:
        if page.kind == "article":
            article = articles[page.key]
            if article.draft or article.date > mode.now or not config.search.indexes(article.section):
                continue
            # The date the story's page shows, in its edition's time zone: its `year` filter's.
            local = article.date.astimezone(zones.get(page.edition, config.timezone))
            stories.setdefault((page.edition, local.year), []).append((local.month, local.day, page))
        elif page.kind == "page" and page.key not in drafts:
            static.setdefault(page.edition, []).append(page)
    newest = {}  # edition → (year, month) of its newest story
    for (edition, year), pages in stories.items():
        newest[edition] = max(newest.get(edition, (0, 0)), (year, max(month for month, _, _ in pages)))
    found: list[tuple[tuple, Shard]] = []
    order = {edition.code: number for number, edition in enumerate(plan.editions)}
    for (edition, year), pages in stories.items():
        newest_year, newest_month = newest[edition]
        for (part, week), (name, members) in _periods(year, pages, newest_month if year == newest_year else 0).items():
            found.append(((order.get(edition, len(order)), edition, 0, -year, -part, -week),
                          Shard(_shard_name(edition, name), edition, str(year), _by_url(members))))
    for edition, pages in static.items():
        found.append(((order.get(edition, len(order)), edition, 1), Shard(_shard_name(edition, ""), edition, "", _by_url(pages))))
    return [shard for _, shard in sorted(found, key=lambda pair: pair[0])]


def _periods(year: int, pages: list[tuple[int, int, PagePlan]], newest_month: int) -> dict[tuple[int, int], tuple[str, list[PagePlan]]]:
    """A year's stories by shard: (part of the year, week: 0 for the whole
    part) → (the period's name, its pages). A month is cut into its weeks
    when it alone holds more than a shard's worth (SHARD_STORIES × 1.5), so
    that no shard grows with the archive; and `newest_month`, the edition's
    newest month when it is in this year, when the shard it falls in holds
    more than RECENT_SHARD_STORIES, so that publishing a story, or
    correcting a recent one, makes again a week's shard, not a quarter's or
    a month's."""
    months_each = _months_per_shard(len(pages))
    months = Counter(month for month, _, _ in pages)
    cut = {month for month, count in months.items() if months_each == 1 and count > SHARD_STORIES * 1.5}
    if newest_month:
        part = (newest_month - 1) // months_each
        if sum(count for month, count in months.items() if (month - 1) // months_each == part) > RECENT_SHARD_STORIES:
            cut.add(newest_month)
    periods: dict[tuple[int, int], tuple[str, list[PagePlan]]] = {}
    for month, day, page in pages:
        part = (month - 1) // months_each
        if month in cut:
            week = min(4, (day - 1) // 7 + 1)  # days 1-7, 8-14, 15-21, and 22 to the month's end
            periods.setdefault((part, week), (f"{year}-{month:02d}-w{week}", []))[1].append(page)
        else:
            periods.setdefault((part, 0), (_period(year, part, months_each), []))[1].append(page)
    return periods


def _months_per_shard(stories: int) -> int:
    """A year's stories in one shard, or in one per quarter or per month when
    there are many: shards of about SHARD_STORIES that cores can make side by
    side, and that an edit makes again in a second or two. A function of the
    year's count only, so a change re-cuts its own year at most (and the
    newest month's weeks, _periods)."""
    if stories <= SHARD_STORIES * 1.5:
        return 12
    if stories <= SHARD_STORIES * 6:
        return 3
    return 1


def _period(year: int, part: int, months_each: int) -> str:
    """"2024", "2024-q2" or "2024-05"."""
    if months_each == 12:
        return str(year)
    return f"{year}-q{part + 1}" if months_each == 3 else f"{year}-{part + 1:02d}"


def _by_url(pages: list[PagePlan]) -> tuple[PagePlan, ...]:
    return tuple(sorted(pages, key=lambda page: page.url))


def _shard_name(edition: str, period: str) -> str:
    return "-".join(part for part in (edition, period or STATIC_PAGES) if part)


def manifest(found: Sequence[Shard]) -> bytes:
    """index.json: for each edition, its shards' names (their folders under
    pagefind/), newest first, with the year each holds."""
    editions: dict[str, list[dict[str, str]]] = {}
    for shard in found:
        entry = {"name": shard.name}
        if shard.year:
            entry["year"] = shard.year
        editions.setdefault(shard.edition, []).append(entry)
    return _json(editions)


def fingerprint(pages: Sequence[PagePlan], digest_of: Callable[[PagePlan], str], config: SiteConfig) -> str:
    """Of everything a shard is made from: each of its pages' URL and the
    digest of the part of its HTML Pagefind reads (`digest_of`: its
    indexed_digest), Pagefind's version. A page whose "Next" link or
    related stories changed, outside that part, leaves its shard as it was."""
    digest = hashlib.sha256(f"{PAGEFIND_VERSION}\0{config.base_path}\0".encode())
    for page in pages:
        digest.update(f"{page.url}\0{digest_of(page)}\n".encode())
    return digest.hexdigest()


def indexed_digest(html: str) -> str:
    """Of what the index takes from a page: its searched part (the whole
    page, when the page does not mark one)."""
    return hashlib.sha256(searched_part(html).encode()).hexdigest()[:32]


# ---- the index ---------------------------------------------------------------

class PageParts:
    """What each shard's index holds of each of its pages
    (search_bundle.PageEntry), kept from build to build by the page's URL
    and the digest of what the index reads of it (OutputRecord.indexed):
    a shard made again indexes only its pages not found here. In `folder`
    (a file per shard, proving its own bytes), else in memory."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder
        self._held: dict[str, ShardParts] = {}

    def of(self, shard: str) -> "ShardParts | None":
        if self.folder is None:
            return self._held.get(shard)
        from .checked import load_checked  # noqa: PLC0415

        found = load_checked(self.folder / f"{shard}.pickle", self._header(), pickle.load)
        return found[0] if found is not None and isinstance(found[0], ShardParts) else None

    def keep(self, shard: str, parts: "ShardParts | None") -> None:
        if self.folder is None:
            self._held.pop(shard, None) if parts is None else self._held.__setitem__(shard, parts)
            return
        from .checked import write_checked  # noqa: PLC0415

        path = self.folder / f"{shard}.pickle"
        if parts is None:
            path.unlink(missing_ok=True)
            return
        try:
            write_checked(path, lambda out: pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(parts), self._header())
        except OSError:
            path.unlink(missing_ok=True)  # a cache only: the next build indexes the shard whole

    def keep_only(self, shards: set[str]) -> None:
        """Lets go of the parts of shards no longer made (a month's weeks put back into its quarter)."""
        if self.folder is None:
            for shard in self._held.keys() - shards:
                del self._held[shard]
        elif self.folder.is_dir():
            for path in self.folder.glob("*.pickle"):
                if path.stem not in shards:
                    path.unlink(missing_ok=True)

    @staticmethod
    def _header() -> bytes:
        from . import code_signature  # noqa: PLC0415

        return f"newsgen-search-parts {code_signature()} {PAGEFIND_VERSION}\n".encode()


@dataclass(frozen=True)
class ShardParts:
    entries: dict[tuple[str, str], PageEntry | None]  # (URL, indexed digest) → its part (None: Pagefind found nothing to index)
    statics: dict[str, bytes]  # Pagefind's scripts and search code, by path in the bundle
    include_characters: list
    gzipped: dict[bytes, bytes]  # the bundle's files compressed, by their content's digest (search_bundle.Gzipped)
    indexes: dict[str, search_bundle.WordIndex]  # each language's word index, encoded (search_bundle.WordIndexes)


def make_indexes(found: Sequence[Shard], read: Callable[[PagePlan], str], digest_of: Callable[[PagePlan], str],
                 parts: PageParts | None = None) -> Iterator[tuple[Shard, dict[str, bytes]]]:
    """Each shard with its bundle (path in output/, "pagefind/2024/…" → bytes), as each is
    made: side by side, one Pagefind process per core, the largest first,
    so that the caller writes one and lets it go while the others are made;
    `read` gives a page's HTML, `digest_of` the digest of what the index
    reads of it (indexed_digest); `parts` keeps what the index holds of each
    page, for the pages of a shard made again that did not change."""
    # Threads: the work is in the Pagefind processes they talk to.
    parts = parts or PageParts()
    largest_first = sorted(found, key=lambda shard: -len(shard.pages))
    threads = ThreadPoolExecutor(max(1, min(len(found), os.cpu_count() or 1)))
    try:
        making = {threads.submit(_made, shard, read, digest_of, parts): shard for shard in largest_first}
        for done in as_completed(making):
            yield making.pop(done), done.result()
    finally:
        # Stopped by an error or an interrupt, the build does not wait for
        # the shards begun: `newsgen build` then ends, and their Pagefind processes with it.
        threads.shutdown(wait=False, cancel_futures=True)


def _made(shard: Shard, read: Callable[[PagePlan], str], digest_of: Callable[[PagePlan], str], parts: PageParts) -> dict[str, bytes]:
    """The shard's bundle: put together from its pages' parts (search_bundle),
    Pagefind indexing only the pages whose parts are not known; or, when a
    page's sort value is one search_bundle cannot read, as Pagefind makes it
    of all the pages at once."""
    known = parts.of(shard.name)
    keys = [(page.url, digest_of(page)) for page in shard.pages]
    held = known.entries if known is not None else {}
    missing = [page for page, key in zip(shard.pages, keys) if key not in held]
    texts = {page.url: searched_part(read(page)) for page in missing}
    sorts = {url: search_bundle.sort_values(text) for url, text in texts.items()}
    if any(found is None for found in sorts.values()):
        parts.keep(shard.name, None)
        whole = (IndexedPage(page.url, texts[page.url] if page.url in texts else searched_part(read(page))) for page in shard.pages)
        files = canonical(_index(whole))
    else:
        statics, include_characters = (dict(known.statics), known.include_characters) if known is not None else ({}, [])
        made: dict[str, search_bundle.PageEntry] = {}
        if missing:
            indexed = _index(IndexedPage(url, text) for url, text in texts.items())
            made = search_bundle.entries_of(indexed, sorts)
            statics.update((path, data) for path, data in indexed.items() if _is_static(path))
            include_characters = json.loads(indexed[ENTRY])["include_characters"]
        entries = {key: held[key] if key in held else made.get(key[0]) for key in keys}
        gzipped = search_bundle.Gzipped(known.gzipped if known is not None else None)
        indexes = search_bundle.WordIndexes(known.indexes if known is not None else None)
        files = search_bundle.bundle([entry for entry in entries.values() if entry is not None], statics, include_characters,
                                     gzipped, indexes)
        parts.keep(shard.name, ShardParts(entries, statics, include_characters, gzipped.made, indexes.made))
    files[FILTER_COUNTS] = _filter_counts(files)
    return {f"{SEARCH_FOLDER}/{shard.name}/{rel}": data for rel, data in sorted(files.items())}


def _is_static(path: str) -> bool:
    """Is this file of a bundle Pagefind's own code, the same in every bundle?"""
    return "/" not in path and not path.endswith((".pf_meta", ".json")) and not _UNUSED.match(path)


def _filter_counts(files: Mapping[str, bytes]) -> bytes:
    """FILTER_COUNTS of a bundle: each filter's values, with how many pages have each."""
    counts: dict[str, dict[str, int]] = {}
    for path, data in files.items():
        if path.startswith("filter/"):
            name, values = search_bundle.decode(data)
            found = counts.setdefault(name, {})
            for value, pages in values:
                found[value] = found.get(value, 0) + len(pages)
    return _json({name: dict(sorted(values.items())) for name, values in sorted(counts.items())})


def counts_of(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """Of a bundle made (make_indexes), its FILTER_COUNTS file, by path."""
    return {path: data for path, data in files.items() if path.endswith("/" + FILTER_COUNTS)}


def filter_totals(listed: bytes, read: Callable[[str], bytes]) -> bytes:
    """filters.json: for each edition of the manifest `listed`, each filter's
    values with their count of pages, from its shards' FILTER_COUNTS (`read`
    gives a file of pagefind/ by its path there, "2024/newsgen-filters.json").
    The search page lists the filters from it, so that a first search
    fetches no shard's filter files (a sixth to a fifth of what it fetched;
    the filter a reader then picks is fetched)."""
    totals: dict[str, dict[str, dict[str, int]]] = {}
    for edition, found in json.loads(listed).items():
        merged = totals.setdefault(edition, {})
        for shard in found:
            for name, values in json.loads(read(f"{shard['name']}/{FILTER_COUNTS}")).items():
                into = merged.setdefault(name, {})
                for value, count in values.items():
                    into[value] = into.get(value, 0) + count
    return _json({edition: {name: dict(sorted(values.items())) for name, values in sorted(filters.items())}
                  for edition, filters in totals.items()})


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


_PAGEFIND_ATTRIBUTE = "data-pagefind-"
_BODY = re.compile(r"<([a-zA-Z][\w-]*)\b[^>]*\sdata-pagefind-body[\s=/>]")
_TITLE = re.compile(r"<title[\s>].*?</title>", re.S | re.I)
_HTML = re.compile(r"<html\b[^>]*>", re.I)


def searched_part(html: str) -> str:
    """The page as Pagefind reads it, without what it would not read: when
    one element is marked `data-pagefind-body` and no Pagefind attribute is
    outside it, the rest of the page (navigation, lists, the head's
    metadata) is left out but for `<html lang>` and `<title>`. Pagefind
    then parses half as much (an eighth of its time) for the same index (a
    test compares them), with one difference for the better: its default
    `image`, the first picture anywhere on the page, can then only be the
    story's own, not a related story's. Any other page goes whole."""
    body = _BODY.search(html)
    if body is None or html.count(_PAGEFIND_ATTRIBUTE) != html.count(_PAGEFIND_ATTRIBUTE, body.start()):
        return html
    tag = body.group(1)
    depth = 0
    for found in re.finditer(rf"<(/?){re.escape(tag)}[\s>/]", html[body.start():]):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            end = html.find(">", body.start() + found.end() - 1) + 1
            break
    else:
        return html
    if _PAGEFIND_ATTRIBUTE in html[end:]:
        return html
    opening = _HTML.search(html)
    title = _TITLE.search(html, 0, body.start())
    return (f"<!DOCTYPE html>{opening.group() if opening else '<html>'}<head>{title.group() if title else ''}</head>"
            f"<body>{html[body.start():end]}</body></html>")


def _index(pages: Iterable[IndexedPage]) -> dict[str, bytes]:
    """Pagefind's bundle of these pages (path in the bundle → bytes), from
    its indexing service (`pagefind --service`), spoken to as the pagefind
    package speaks to it, but without asyncio: importing that was 20 ms of
    every build that indexes a page, a twentieth of a one-story edit."""
    try:
        executable = _pagefind_executable()
        if executable is None:
            raise FileNotFoundError("pagefind")
        backend = subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, bufsize=0)
    except FileNotFoundError:
        raise SearchUnavailable("Pagefind's binary is not installed; pip install 'pagefind[bin]'") from None
    try:
        service = _PagefindService(backend)
        index_id = service.ask([{"type": "NewIndex", "config": {}}])[0]["index_id"]
        service.ask({"type": "AddFile", "index_id": index_id, "url": page.url, "file_contents": page.html, "file_path": None}
                    for page in pages)
        files = service.ask([{"type": "GetFiles", "index_id": index_id}])[0]["files"]
        return {file["path"]: base64.b64decode(file["content"]) for file in files}
    finally:
        backend.kill()  # (the index is in its memory, taken: nothing is left for it to finish)
        backend.wait()
        backend.stdin.close()
        backend.stdout.close()


def _pagefind_executable() -> Path | None:
    """Pagefind's binary, found as the pagefind package finds it (whose
    module that does imports asyncio): PAGEFIND_BINARY_PATH, the
    pagefind_bin_extended or pagefind_bin package's, or one on the PATH."""
    if (named := os.environ.get("PAGEFIND_BINARY_PATH")) is not None:
        return Path(named)
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            return importlib.import_module(package).get_executable()
        except ImportError:
            continue
    found = shutil.which("pagefind_extended") or shutil.which("pagefind")
    return Path(found) if found else None


class _PagefindService:
    """Requests to Pagefind's service and its answers: each message is JSON,
    base64-encoded and ended by a comma; answers carry their request's message_id."""

    def __init__(self, backend: subprocess.Popen):
        self.backend = backend
        self.sent = 0
        self._unread = bytearray()
        self._searched = 0  # how far _unread is known to hold no comma
        os.set_blocking(backend.stdin.fileno(), False)

    def ask(self, payloads: Iterable[dict]) -> list[dict]:
        """The answers to these requests, in their order. Requests are written
        while answers are read, whichever pipe is ready (as
        subprocess.communicate does): BATCH in flight keeps Pagefind's cores
        busy without it holding a shard's pages at once, and writing them
        first could block on a full pipe while Pagefind blocks on its own,
        full of answers."""
        first = self.sent + 1
        requests = iter(payloads)
        unsent = memoryview(b"")  # what is left to write of the request being written
        writing, waiting = True, False  # (waiting: BATCH requests unanswered, none written until one is)
        answers: dict[int, dict] = {}
        stdin, stdout = self.backend.stdin.fileno(), self.backend.stdout.fileno()
        with selectors.DefaultSelector() as selector:
            selector.register(stdin, selectors.EVENT_WRITE)
            selector.register(stdout, selectors.EVENT_READ)
            while writing or len(answers) < self.sent - first + 1:
                for key, _ in selector.select():
                    if key.fd == stdin:
                        if not unsent:
                            if self.sent - first + 1 - len(answers) >= BATCH:
                                waiting = True
                                selector.unregister(stdin)
                                continue
                            payload = next(requests, None)
                            if payload is None:
                                writing = False
                                selector.unregister(stdin)
                                continue
                            self.sent += 1
                            unsent = memoryview(base64.b64encode(json.dumps({"message_id": self.sent, "payload": payload}).encode("utf-8")) + b",")
                        try:
                            unsent = unsent[os.write(stdin, unsent):]
                        except BlockingIOError:
                            pass
                        except BrokenPipeError:  # Pagefind ended: its end of the other pipe says so
                            writing = False
                            selector.unregister(stdin)
                        continue
                    chunk = os.read(stdout, READ_SIZE)
                    if not chunk:
                        raise SearchUnavailable(f"Pagefind stopped before it had answered (exit status {self.backend.wait()})")
                    self._unread += chunk
                    for message in self._messages():
                        payload = message.get("payload") or {}
                        if payload.get("type") == "Error":
                            raise SearchUnavailable(f"Pagefind: {payload.get('message')}")
                        answers[message.get("message_id")] = payload
                    if waiting and self.sent - first + 1 - len(answers) < BATCH:
                        waiting = False
                        selector.register(stdin, selectors.EVENT_WRITE)
        return [answers[number] for number in range(first, self.sent + 1)]

    def _messages(self) -> Iterator[dict]:
        """The whole answers read so far, each once."""
        while (end := self._unread.find(b",", self._searched)) != -1:
            message = bytes(self._unread[:end])
            del self._unread[: end + 1]
            self._searched = 0
            yield json.loads(base64.b64decode(message))
        self._searched = len(self._unread)  # (an answer of megabytes comes in many reads: each is searched once)


# ---- a canonical bundle ------------------------------------------------------

def canonical(files: dict[str, bytes]) -> dict[str, bytes]:
    """Filter files with their values in order and named by their content,
    the metadata naming them likewise, the entry naming the metadata."""
    files = dict(files)
    renamed: dict[str, str] = {}  # old hash → new, for filter files and metadata
    for path in sorted(p for p in files if p.startswith("filter/")):
        language = path.split("/")[1].split("_")[0]
        name, values = search_bundle.decode(files.pop(path))
        values = sorted(([value, sorted(pages)] for value, pages in values), key=lambda v: v[0])
        data = search_bundle.compressed([name, values])
        new = f"{language}_{hashlib.sha256(data).hexdigest()[:7]}"
        renamed[path.rsplit("/", 1)[1].removesuffix(".pf_filter")] = new
        files[f"filter/{new}.pf_filter"] = data
    entry = json.loads(files[ENTRY])
    for language, about in sorted(entry["languages"].items()):
        old = about["hash"]
        meta = search_bundle.decode(files.pop(f"pagefind.{old}.pf_meta"))
        meta[3] = sorted([name, renamed.get(hash_, hash_)] for name, hash_ in meta[3])  # the filters
        data = search_bundle.compressed(meta)
        about["hash"] = f"{language}_{hashlib.sha256(data).hexdigest()[:10]}"
        files[f"pagefind.{about['hash']}.pf_meta"] = data
    entry["languages"] = dict(sorted(entry["languages"].items()))
    files[ENTRY] = json.dumps(entry, separators=(",", ":"), ensure_ascii=False).encode()
    # Pagefind's own search interfaces: the theme has its own (static/search.js).
    return {path: data for path, data in sorted(files.items()) if not _UNUSED.match(path)}
