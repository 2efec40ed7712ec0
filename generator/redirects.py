"""Old URLs keep working: the URL ledger, and redirects for every kind of host.

A story's URL changes with its slug, its section, or the site's permalink
pattern. The ledger, `urls.toml` beside site.toml (committed with the
content: unlike the cache, it must never be lost), lists each published
story's URL and every URL it had before. A build that finds a story under a
new URL moves the old one to the story's `former` list; `newsgen build`
writes the ledger back and says so. A story whose file moved (another
section's folder, a new date prefix) is followed by its file name.

Every former URL, and every URL a story's own `aliases:` name, redirects
(301) to the story's URL: straight there, so chains never form. A story no
longer published (deleted, expired, a draft again) answers its URLs with 410
Gone, or, where its entry says `to = "/world/"`, redirects there. A redirect
never shadows a live page: that is an error naming both.

The redirects are planned outputs, written for each kind of host site.toml
chooses (`redirects = [...]`, all by default): `_redirects` (Netlify,
Cloudflare Pages), an nginx `map` include, Apache `.htaccess` rules, and an
HTML page at each old path (meta refresh, canonical link, noindex) for hosts
without server redirects (GitHub Pages, a bucket).
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import html
import json
import os
import posixpath
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Mapping
from urllib.parse import quote

from .config import LEDGER_FILE, SiteConfig, toml_error_line
from .content.catalog import Catalog
from .content.model import Article, Page, SectionText
from .content.parse import undated_name
from .errors import ConfigError, Diagnostic, error, few, warning
from .pickling import pickled_as_values
from .plan import SEARCH_FOLDER, PagePlan, SitePlan
from .urls import UnsafeUrl, UrlScheme, is_http_url, is_site_url, old_url, output_path

GONE = 410
MOVED = 301
# The files each server format is written to, in output/.
FORMAT_FILES = {"netlify": "/_redirects", "nginx": "/nginx-redirects.conf", "apache": "/.htaccess"}
REDIRECT_KINDS = frozenset({"redirects_netlify", "redirects_nginx", "redirects_apache", "redirect_page"})
_ENTRY_KEYS = {"url", "former", "to"}
_LEDGER_HEADER = """\
# newsgen's URL ledger: every URL each published story has had, so that old
# links keep working. `newsgen build` adds a story's old URL here when its
# URL changes; commit this file with content/.
#
# By hand: a story no longer published answers its URLs with 410 Gone;
# add  to = "/section/"  to its entry to send them there instead. Old URLs
# of pages that are no story (an imported site's /tag/x/, its /feed/) go
# under [moved]:  "/tag/x/" = "/tags/x/"
"""
MOVED_TABLE = "moved"  # (no story is named so: a story's file has a suffix)


@pickled_as_values
@dataclass(frozen=True)
class LedgerEntry:
    url: str  # the story's URL when last published
    former: tuple[str, ...] = ()  # the URLs it had before, oldest first
    to: str = ""  # where its URLs go once it is no longer published; "" for 410 Gone


@dataclass(frozen=True)
class Ledger:
    entries: tuple[tuple[str, LedgerEntry], ...] = ()  # (source under content/, entry), sorted by source
    # [moved]: old URLs of pages that are no story (an imported site's tag
    # and category archives, its feeds) → where each goes now, a site path or
    # an http(s) URL; sorted by old URL.
    moved: tuple[tuple[str, str], ...] = ()

    @property
    def by_source(self) -> dict[str, LedgerEntry]:
        return dict(self.entries)


@dataclass(frozen=True)
class Redirect:
    old: str  # a site URL, as the scheme gives it (no base path)
    new: str  # a site URL or an absolute URL; "" when gone
    status: int  # 301 or 410
    source: str  # the story it belongs to


@dataclass(frozen=True)
class UrlChange:
    source: str
    old: str
    new: str


def read_ledger(config: SiteConfig) -> Ledger:
    """The site's ledger (empty when there is none yet). Raises ConfigError naming the file."""
    path = config.ledger_path
    try:
        text = path.read_text(encoding="utf-8")
        raw = tomllib.loads(text)
    except FileNotFoundError:
        return Ledger()
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([error(LEDGER_FILE, toml_error_line(exc), f"not valid TOML: {exc}; fix it, or restore it from version control")]) from None
    except (OSError, UnicodeDecodeError, RecursionError) as exc:  # tomllib reads nested arrays by recursion
        raise ConfigError([error(LEDGER_FILE, None, f"cannot be read ({type(exc).__name__}: {exc}); "
                                                    "restore it from version control")]) from None
    line_of = _line_finder(text)
    moved, problems = _moved(raw.pop(MOVED_TABLE, {}), line_of)
    entries = []
    for source, fields in sorted(raw.items()):
        found = _entry(source, fields)
        if isinstance(found, str):
            problems.append(error(LEDGER_FILE, line_of(source, ""), f"[{json.dumps(source)}]: {found}"))
        else:
            entries.append((source, found))
    if problems:
        raise ConfigError(problems)
    return Ledger(tuple(entries), moved)


def _line_finder(text: str) -> Callable[[str, str], int | None]:
    """(table, key) → the line of the ledger's `text` that writes it (a
    table's header: (table, "")), for an error to name. Read line by line,
    as the ledger is written one key a line (a key spread over lines, as a
    long `former = [...]` by hand, has none), and only once an error asks:
    a TOML parse a line is slow."""
    @functools.cache
    def lines() -> dict[tuple[str, str], int]:
        found: dict[tuple[str, str], int] = {}
        table = ""
        for number, line in enumerate(text.splitlines(), 1):
            try:
                parsed = tomllib.loads(line)
            except tomllib.TOMLDecodeError:
                continue
            if line.lstrip().startswith("["):
                table = next(iter(parsed), "")
                found.setdefault((table, ""), number)
            else:
                found.update(((table, key), number) for key in parsed if (table, key) not in found)
        return found

    return lambda table, key: lines().get((table, key))


def _moved(table: object, line_of: Callable[[str, str], int | None] = lambda table, key: None
           ) -> tuple[tuple[tuple[str, str], ...], list[Diagnostic]]:
    """[moved]'s "/old/" = "/new/" lines, each checked (`line_of`: where
    the file writes a table's key, for errors to name)."""
    if not isinstance(table, dict):
        return (), [error(LEDGER_FILE, line_of(MOVED_TABLE, ""),
                          f'[{MOVED_TABLE}] must be a table of lines such as "/tag/economy/" = "/tags/economy/"')]
    moved, problems = [], []
    decoded: dict[str, str] = {}  # the old URL as read → as written
    for written, new in sorted(table.items()):
        old, refused = old_url(written)
        if refused:
            problems.append(error(LEDGER_FILE, line_of(MOVED_TABLE, written), f"[{MOVED_TABLE}] {json.dumps(written)}: {refused}; "
                                                                              "remove the line (redirect it on the host by hand)"))
            continue
        if old in decoded and decoded[old] != written:
            problems.append(error(LEDGER_FILE, line_of(MOVED_TABLE, written),
                                  f"[{MOVED_TABLE}] {json.dumps(written)} and {json.dumps(decoded[old])} are one old "
                                  "URL (servers match paths decoded); keep one of the two lines"))
            continue
        decoded[old] = written
        if not isinstance(new, str) or not (is_site_url(new) or is_http_url(new)):
            problems.append(error(LEDGER_FILE, line_of(MOVED_TABLE, written),
                                  f"[{MOVED_TABLE}] {json.dumps(old)}: must go to a site path such as /tags/economy/ "
                                  f"(one /: //host/ is another site) or an http(s) URL, not {new!r} (write a space, "
                                  "quote, <, >, \\ or control character in it percent-encoded, as %20)"))
        elif new != old:  # (one to itself is no redirect)
            moved.append((old, new))
    return tuple(moved), problems


def moved_line_problems(old: str, new: object) -> list[Diagnostic]:
    """What the build says of the [moved] line `old` = `new` (nothing where it reads it)."""
    return _moved({old: new})[1]


def _entry(source: str, fields: object) -> LedgerEntry | str:
    if not isinstance(fields, dict):
        return 'must be a table: url = "/section/…/", former = […]'
    unknown = sorted(set(fields) - _ENTRY_KEYS)
    if unknown:
        return f"unknown key {unknown[0]!r}; an entry has url, former and to"
    url, former, to = fields.get("url"), fields.get("former", []), fields.get("to", "")
    if not is_site_url(url):
        return f"url {url!r} is not a site path such as /world/2024/05/31/story/"
    if not isinstance(former, list) or not all(is_site_url(u) for u in former):
        return "former must be a list of site paths"
    if not isinstance(to, str) or (to and not (is_site_url(to) or is_http_url(to))):
        return (f"to {to!r} must be a site path (/world/; one /: //host/ is another site) or an http(s) URL (a space, "
                "quote, <, >, \\ or control character in it written percent-encoded, as %20)")
    return LedgerEntry(url=url, former=tuple(dict.fromkeys(former)), to=to)


def _toml_string(value: str) -> str:
    """A TOML basic string of `value`: JSON's escapes are TOML's, but JSON
    leaves DEL (U+007F) raw, which TOML forbids (and the C1 controls are
    escaped too, to be seen)."""
    return re.sub(r"[\x7f-\x9f]", lambda m: f"\\u{ord(m[0]):04x}", json.dumps(value, ensure_ascii=False))


def ledger_text(ledger: Ledger) -> str:
    lines = [_LEDGER_HEADER]
    for source, entry in ledger.entries:
        lines.append(f"\n[{_toml_string(source)}]\nurl = {_toml_string(entry.url)}\n")
        if entry.former:
            lines.append(f"former = [{', '.join(_toml_string(u) for u in entry.former)}]\n")
        if entry.to:
            lines.append(f"to = {_toml_string(entry.to)}\n")
    if ledger.moved:
        lines.append(f"\n[{MOVED_TABLE}]\n")
        lines += [f"{_toml_string(old)} = {_toml_string(new)}\n" for old, new in ledger.moved]
    return "".join(lines)


def write_ledger(config: SiteConfig, ledger: Ledger) -> str:
    """Replaced whole, never half-written. Returns the digest of the bytes written."""
    path = config.ledger_path
    temp = path.with_name(f".{LEDGER_FILE}.{os.getpid()}")
    data = ledger_text(ledger).encode("utf-8")
    temp.write_bytes(data)
    os.replace(temp, path)
    return hashlib.sha256(data).hexdigest()


def updated_ledger(ledger: Ledger, published: Mapping[str, str], present: Iterable[str]) -> tuple[Ledger, tuple[UrlChange, ...]]:
    """The ledger with each published story (source → URL now) at its URL,
    and the URL changes that made. `present`: every story file there is,
    published or not; an entry whose file is gone and a new story of the
    same file name are one story that moved."""
    entries = dict(ledger.entries)
    changes: list[UrlChange] = []
    present = set(present)
    for old_source, new_source in _moves(entries, published, present):
        entries[new_source] = entries.pop(old_source)
    for source, url in published.items():
        entry = entries.get(source)
        if entry is None:
            entries[source] = LedgerEntry(url)
        elif entry.url != url:
            former = tuple(u for u in dict.fromkeys((*entry.former, entry.url)) if u != url)
            entries[source] = replace(entry, url=url, former=former)
            changes.append(UrlChange(source, entry.url, url))
    return Ledger(tuple(sorted(entries.items())), ledger.moved), tuple(changes)


def _moves(entries: Mapping[str, LedgerEntry], published: Mapping[str, str], present: set[str]) -> list[tuple[str, str]]:
    gone = {s for s in entries if s not in present}
    new = {s for s in published if s not in entries}
    by_name: dict[str, tuple[list[str], list[str]]] = {}
    for source in gone:
        by_name.setdefault(_file_name(source), ([], []))[0].append(source)
    for source in new:
        by_name.setdefault(_file_name(source), ([], []))[1].append(source)
    return sorted((olds[0], news[0]) for olds, news in by_name.values() if len(olds) == 1 and len(news) == 1)


def _file_name(source: str) -> str:
    """A story file's name without folder, date prefix or extension (a page bundle's: its folder's)."""
    parts = source.split("/")
    name = parts[-2] if len(parts) > 1 and posixpath.splitext(parts[-1])[0].lower() == "index" else parts[-1]
    return undated_name(posixpath.splitext(name)[0])


def with_redirects(plan: SitePlan, catalog: Catalog, ledger: Ledger, stories: Iterable[Article | Page],
                   config: SiteConfig, section_texts: Iterable[SectionText] = ()) -> tuple[SitePlan, Ledger, list[Diagnostic]]:
    """The plan with its redirect outputs, the ledger with this plan's URLs,
    and what is wrong with them. An author file's and a section's text's
    `aliases` redirect to their page too (the ledger follows stories and
    pages only)."""
    published = {item.source: plan.urls[item.source] for item in (*catalog.articles, *catalog.pages) if item.source in plan.urls}
    stories = list(stories)
    ledger, _ = updated_ledger(ledger, published, (item.source for item in stories))
    aliases = {item.source: item.aliases for item in stories if item.aliases}
    scheme = UrlScheme.from_config(config)
    live = {page.url for page in plan.pages if page.kind == "author"}  # (an author with no published story has no page)
    authors = {a.source: (a.aliases, url) for a in catalog.authors if a.source and a.aliases and (url := scheme.author(a.slug)) in live}
    sections = {text.source: (text.aliases, plan.urls[text.source]) for text in section_texts if text.aliases and text.source in plan.urls}
    lists = {**authors, **sections}
    aliases.update((source, paths) for source, (paths, _) in lists.items())
    search_folder = SEARCH_FOLDER if config.search.enabled else ""
    copied = _copied_files(plan)
    format_files = {FORMAT_FILES[f].lstrip("/"): f for f in config.redirect_formats if f in FORMAT_FILES}
    redirects, problems = plan_redirects(ledger, plan, aliases, {**published, **{source: url for source, (_, url) in lists.items()}},
                                         copied, search_folder, format_files)
    pages = redirect_pages(redirects, config.redirect_formats, {page.path for page in plan.pages} | copied, problems)
    problems += _redirect_files_taken(pages, plan, config)
    return replace(plan, pages=plan.pages + tuple(pages), redirects=redirects), ledger, problems


def _copied_files(plan: SitePlan) -> set[str]:
    """The output paths of the files the site copies, and of its images' variants."""
    return {rel for rel, _ in plan.copies} | {v.path for image in plan.images for v in image.variants}


def _redirect_files_taken(pages: list[PagePlan], plan: SitePlan, config: SiteConfig) -> list[Diagnostic]:
    """A server format's file (_redirects, .htaccess) where the site has a
    page or file of its own (`url: /.htaccess`, a linked _redirects): an
    error naming it; writing both would replace one with the other."""
    owners = {page.path: f"content/{page.key}" for page in plan.pages if page.kind in ("article", "page")}
    owners.update((rel, _shown(path, config)) for rel, path in plan.copies)
    return [error(owners[page.path], None, f"newsgen writes /{page.path} itself (the {page.kind.removeprefix('redirects_')} redirects); "
                                           f"give {owners[page.path]} another URL, or leave {page.kind.removeprefix('redirects_')} "
                                           "out of redirects = [...] in site.toml")
            for page in pages if page.kind != "redirect_page" and page.path in owners]


def _shown(path: Path, config: SiteConfig) -> str:
    """A file as the site's folder names it (content/x, static/x)."""
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


def url_changes(before: Ledger, after: Ledger) -> tuple[UrlChange, ...]:
    """The stories whose URL the newer ledger moved on (a moved file under its new name)."""
    old = before.by_source
    changes = []
    for source, entry in after.entries:
        was = old.get(source)
        if was is not None and was.url != entry.url:
            changes.append(UrlChange(source, was.url, entry.url))
        elif was is None and entry.former:
            changes.append(UrlChange(source, entry.former[-1], entry.url))
    return tuple(changes)


def plan_redirects(ledger: Ledger, plan: SitePlan, aliases: Mapping[str, tuple[str, ...]],
                   published: Mapping[str, str], live_files: set[str], search_folder: str = "",
                   format_files: Mapping[str, str] | None = None) -> tuple[tuple[Redirect, ...], list[Diagnostic]]:
    """Every old URL → where it goes now, chains collapsed. Errors where one
    would shadow, or lie under, a live page, a file the site copies
    (`live_files`, by output path), a server format's file (`format_files`:
    output path → format) or the search index (`search_folder`), or two
    stories (or a story and the ledger's [moved]) claim one old URL; a
    warning where one of [moved] goes to a site path that nothing answers."""
    # By output file, not URL: /x/index.html is /x/'s file, and a redirect
    # page written there would replace the page. Under a file too: the
    # redirect page of /feed.xml/ (feed.xml/index.html) would make the feed
    # a folder, and that of /_redirects (_redirects/index.html) Netlify's file.
    live = {page.path: page for page in plan.pages}
    format_files = format_files or {}
    live_folded = {path.casefold(): page for path, page in live.items()}
    files_folded = {path.casefold(): path for path in live_files}
    claimed: dict[str, Redirect] = {}
    claimed_files: dict[str, Redirect] = {}
    problems: list[Diagnostic] = []

    def site_file_at(file: str) -> str:
        """The site's own file (or the search folder) that `file` is, or
        lies under, as an error names it; "" where there is none."""
        if not file or file.startswith("/") or "://" in file:
            return ""  # an old URL with a query, or none: no file serves it
        parts = file.split("/")
        for depth in range(len(parts), 0, -1):
            at = "/".join(parts[:depth])
            if (page := live.get(at)) is not None:
                shown = f"the page of content/{page.key}" if page.kind == "article" else f"a page of the site ({page.url})"
            elif at in live_files:
                shown = f"a file the site copies (/{at})"
            elif at in format_files:
                shown = f"the file newsgen writes for the {format_files[at]} redirects (/{at})"
            elif search_folder and at == search_folder:
                shown = f"the search index's folder (/{search_folder}/)"
            elif (page := live_folded.get(at.casefold())) is not None or at.casefold() in files_folded:
                # Its redirect page, on a host that does not tell case apart (macOS's, Windows'), is the live file.
                shown = (f"{page.url}, a page of the site" if page is not None else f"/{files_folded[at.casefold()]}, a file the site "
                         "copies") + " on a host that does not tell case apart"
            else:
                continue
            return shown if at == file else f"under {shown}"
        return ""

    def claim(old: str, new: str, status: int, source: str, where: str) -> None:
        # An empty query ("/about/?") is the path's own request: .htaccess matched it as
        # QUERY_STRING "^$", the live page's every visit. It is its path, a live page's too.
        written, old = old, old[:-1] if old.endswith("?") and old.count("?") == 1 else old
        file = served_file(old)
        if file == served_file(new):
            return  # the story's own URL, however spelled: it answers there already
        shown = site_file_at(file)
        if shown and file.casefold() == served_file(new).casefold():
            shown = ""  # (its target in another case: the server formats redirect it, and no page is written over the target's)
        if shown:
            listed = "aliases" if where.startswith("content/") else f"the entry of {source}" if source else f"[{MOVED_TABLE}]"
            problems.append(error(where, None, f"{old} would redirect to {new or 'nothing (410 Gone)'}, but it is {shown}: a redirect "
                                               f"may not hide a live page or file; remove {written} from {listed}"))
            return
        other = claimed_files.get(file)
        if other is not None and (other.new, other.status) != (new, status):
            spelled = old if other.old == old else f"{old} (the file of {other.old})"
            problems.append(error(where, None, f"{spelled} is an old URL of both {_claimant(other.source)} and {_claimant(source)}; "
                                               f"keep it for one of them (in {LEDGER_FILE} or their aliases)"))
            return
        redirect = claimed.setdefault(old, Redirect(old, new, status, source))
        claimed_files.setdefault(file, redirect)

    for source, entry in ledger.entries:
        if source in published:
            for old in entry.former:
                claim(old, published[source], MOVED, source, LEDGER_FILE)
    for source, paths in sorted(aliases.items()):
        if source in published:
            for old in paths:
                claim(old, published[source], MOVED, source, f"content/{source}")
    for source, entry in ledger.entries:
        if source not in published:
            for old in (entry.url, *entry.former):
                # A page that lives there again, or a published story's old URL or alias, is theirs: the
                # story's file renamed (its entry left behind) with its URL kept, or another story's.
                if served_file(old) not in live and served_file(old) not in claimed_files:
                    claim(old, entry.to, MOVED if entry.to else GONE, source, LEDGER_FILE)
    for old, new in ledger.moved:
        claim(old, new, MOVED, "", LEDGER_FILE)
    redirects = _collapsed(claimed, problems)
    answered = set(live) | live_files | {served_file(r.old) for r in redirects}
    problems += [warning(LEDGER_FILE, None, f"[{MOVED_TABLE}] sends {r.old} to {r.new}, which the site does not publish; correct it, or "
                                            f"remove the line")
                 for r in redirects if not r.source and r.new.startswith("/") and served_file(re.split(r"[?#]", r.new)[0]) not in answered
                 and not (search_folder and served_file(r.new).startswith(f"{search_folder}/"))]
    return redirects, problems


def _claimant(source: str) -> str:
    """Who claims an old URL: a content file, or the ledger's [moved] ("")."""
    return f"content/{source}" if source else f"[{MOVED_TABLE}] in {LEDGER_FILE}"


def served_file(url: str) -> str:
    """The output file a site URL is served from ("/x/" and "/x/index.html":
    "x/index.html"); an old URL with a query, an absolute URL or "" (gone)
    as it is, as no file serves it."""
    if "?" in url or not url.startswith("/"):
        return url
    try:
        return output_path(url)
    except UnsafeUrl:
        return url


def _collapsed(claimed: dict[str, Redirect], problems: list[Diagnostic]) -> tuple[Redirect, ...]:
    """A `to` that is itself an old URL goes where that one goes. Each old
    URL is followed once (a chain of thousands of [moved] lines took
    quadratic time), and each loop is an error once, in its order."""
    final: dict[str, Redirect] = {}  # old URL → where it goes in the end (its own line, in a loop or leading into one)
    for start in sorted(claimed):
        path: list[str] = []
        on_path: dict[str, int] = {}
        at = start
        while at not in final and at in claimed and at not in on_path:
            on_path[at] = len(path)
            path.append(at)
            at = claimed[at].new
        if at in on_path:  # a loop: its lines stay as written (the build fails), as do those leading into it
            loop = path[on_path[at]:]
            first = loop.index(min(loop))
            loop = loop[first:] + loop[:first]
            problems.append(error(LEDGER_FILE, None, f"{loop[0]} redirects in a loop ({' → '.join([*loop, loop[0]])}); "
                                                     f"{_loop_hint([claimed[u] for u in loop])}"))
            for old in path:
                final[old] = claimed[old]
            continue
        end = final[at] if at in final else None
        for old in reversed(path):
            if end is None:  # (the last one goes where it says)
                end = claimed[old]
            final[old] = replace(claimed[old], new=end.new, status=end.status)
            end = final[old]
    return tuple(final[old] for old in sorted(claimed))


def _loop_hint(lines: list[Redirect]) -> str:
    """What to change to end a loop, where its lines are."""
    moved = [r.old for r in lines if not r.source]
    entries = sorted({r.source for r in lines if r.source})
    where = ([f"the line of {few(moved)} under [{MOVED_TABLE}]"] if moved else []) + [f"the `to` of [{json.dumps(s)}]" for s in entries[:3]]
    return f"in {LEDGER_FILE}, change or remove one of: {'; '.join(where)}"


def redirect_pages(redirects: tuple[Redirect, ...], formats: tuple[str, ...], live: set[str],
                   problems: list[Diagnostic] | None = None) -> list[PagePlan]:
    """The planned redirect outputs: one file per server format, one HTML
    page per moved URL's file (but where a live page is: /world for /world/;
    where the site has a folder: /v1.0 for /v1.0/; and under or over
    another such page's file: /a.html/ beside /a.html, one file or folder
    of the two).
    `live`: the output files of the site's pages and copied files; a warning
    in `problems` where two old URLs that differ in case only go to two
    places: one page answers both on a host that does not tell case apart."""
    if not redirects:
        return []
    lines = tuple(f"{r.old}\t{r.new}\t{r.status}" for r in redirects)
    sources = tuple(sorted({r.source for r in redirects if r.source}))  # ([moved]'s are site.toml's: every page's)
    pages = [PagePlan(FORMAT_FILES[f], "", f"redirects_{f}", items=lines, sources=sources) for f in formats if f in FORMAT_FILES]
    if "html" in formats:
        # Files as a host that does not tell case apart (macOS's, Windows') names them: /World/'s page is world/index.html there.
        taken = {path.casefold() for path in (*live, *(page.path for page in pages))}
        in_order = sorted(taken)  # a folder of the site's files is a prefix of the first of them after it
        page_folders: set[str] = set()  # the folders of the redirect pages planned so far (their files join `taken`)
        page_of: dict[str, Redirect] = {}  # a redirect page's file, case folded → the redirect it is written for
        # The page at a folder is first the URL that is that folder's (/old/), as the server
        # formats send it, then another's (/old); the other order refreshed /old/ to /old's target.
        for r in sorted(redirects, key=lambda r: _page_url(r.old) != r.old):
            url = _page_url(r.old)
            # No file answers a query (WordPress's /?p=123): the server formats do.
            if r.status != MOVED or "?" in r.old or (file := served_file(url).casefold()) in taken or file in page_folders:
                other = page_of.get(file) if r.status == MOVED and "?" not in r.old else None
                if other is not None and other.new != r.new and problems is not None:
                    problems.append(warning(f"content/{r.source}" if r.source else LEDGER_FILE, None,
                                            f"{r.old} and {other.old} differ in case only, and go to {r.new} and {other.new}: "
                                            f"served from a disk that does not tell case apart (macOS's, Windows'), one redirect "
                                            f"page answers both, {other.old}'s; send both to one place, or remove one"))
                continue
            if r.new.startswith("/") and served_file(re.split(r"[?#]", r.new)[0]).casefold() == file:
                continue  # ("/x" = "/x/": a page at /x/ refreshing to itself, forever)
            # A file where the site has a folder, or a folder where it has a file, would replace it when written.
            after = bisect.bisect_left(in_order, file + "/")
            folders = [file[:at] for at, mark in enumerate(file) if mark == "/"]
            if (after < len(in_order) and in_order[after].startswith(file + "/")) or any(f in taken for f in folders):
                continue
            taken.add(file)
            page_of[file] = r
            page_folders.update(folders)
            pages.append(PagePlan(url, "", "redirect_page", key=r.new, items=(r.new,), sources=(r.source,) if r.source else ()))
    return pages


def _page_url(old: str) -> str:
    """Where the HTML page for an old URL goes: /old/ and /old.html as they
    are; any other, /old, /story.php, /index.xml, as /old/, a folder's page,
    which static hosts serve for it: an HTML page in a file named .xml was a
    feed no reader could parse, one named .php a download."""
    return old if old.lower().endswith(("/", ".html", ".htm")) else old + "/"


def render_redirects(page: PagePlan, config: SiteConfig) -> bytes:
    """A redirect output, made in code from the plan's lines."""
    if page.kind == "redirect_page":
        return _html_page(page.key, config).encode("utf-8")
    redirects = [line.split("\t") for line in page.items]
    writer = {"redirects_netlify": _netlify, "redirects_nginx": _nginx, "redirects_apache": _apache}[page.kind]
    return writer([(old, new, int(status)) for old, new, status in redirects], config).encode("utf-8")


def _served(url: str, config: SiteConfig) -> str:
    """A site URL as a browser asks for it: under the base path."""
    return url if re.match(r"https?://", url) else config.base_path.rstrip("/") + url


def served_redirects(redirects: Iterable[Redirect], config: SiteConfig) -> dict[str, tuple[str, int]]:
    """Path a browser asks for → (where it goes, status): the dev server's answers."""
    return {_served(r.old, config): (_served(r.new, config), r.status) for r in redirects}


def _by_query(redirects) -> tuple[list, list]:
    """The redirects of plain paths, and the moved old URLs with a query
    (WordPress's /?p=123), which a host matches on the request as sent."""
    return [r for r in redirects if "?" not in r[0]], [(o, n) for o, n, s in redirects if "?" in o and s == MOVED]


def _netlify(redirects, config: SiteConfig) -> str:
    lines = ["# Written by newsgen from urls.toml and the stories' aliases (Netlify, Cloudflare Pages)."]
    plain, asked = _by_query(redirects)
    if asked:
        lines.append("# Old URLs with a query (WordPress's /?p=123) are in nginx-redirects.conf and .htaccess only: these hosts cannot match them one by one.")
    for old, new, status in plain:
        # 410: Netlify answers with the 404 page and that status; Cloudflare Pages skips the line.
        # A space separates the fields: one in a path (Jekyll's /post formats/x/) is written %20.
        lines.append(f"{_spaceless(_served(old, config))} {_spaceless(_served(new, config) if new else _served('/404.html', config))} {status}")
    return "\n".join(lines) + "\n"


def _spaceless(path: str) -> str:
    """Whitespace percent-encoded as URLs are, by its UTF-8 bytes (U+00A0 is %C2%A0, not %A0)."""
    return re.sub(r"\s", lambda m: "".join(f"%{byte:02X}" for byte in m[0].encode("utf-8")), path)


def _nginx_string(value: str, target: bool = True) -> str:
    """A quoted nginx string. A map's result is a complex value, where `$`
    starts a variable: written %24 there. Its keys are compared as they
    are, to the decoded $uri (or $request_uri as sent): a `$` stays `$`."""
    text = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + (text.replace("$", "%24") if target else text) + '"'


def _nginx(redirects, config: SiteConfig) -> str:
    plain, asked = _by_query(redirects)
    moved = [(o, n) for o, n, s in plain if s == MOVED]
    gone = [o for o, n, s in plain if s == GONE]
    lines = [
        "# Written by newsgen from urls.toml and the stories' aliases. Include it in http { },",
        "# then in the site's server { }:",
        "#     if ($newsgen_redirect) { return 301 $newsgen_redirect; }",
        "#     if ($newsgen_gone) { return 410; }",
        # An old URL with a query (WordPress's /?p=123) is matched on the request as sent.
        "map $request_uri $newsgen_query_redirect {",
        '    default "";',
        *(f"    {_nginx_string(_served(o, config), target=False)} {_nginx_string(_served(n, config))};" for o, n in asked),
        "}",
        "map $uri $newsgen_redirect {",
        "    default $newsgen_query_redirect;",
        *(f"    {_nginx_string(_served(o, config), target=False)} {_nginx_string(_served(n, config))};" for o, n in moved),
        "}",
        "map $uri $newsgen_gone {",
        "    default 0;",
        *(f"    {_nginx_string(_served(o, config), target=False)} 1;" for o in gone),
        "}",
    ]
    return "\n".join(lines) + "\n"


def _apache(redirects, config: SiteConfig) -> str:
    lines = ["# Written by newsgen from urls.toml and the stories' aliases (Apache mod_alias; mod_rewrite for old URLs with a query)."]
    plain, asked = _by_query(redirects)
    if asked:
        lines.append("RewriteEngine On")
    for old, new in asked:
        path, _, query = _served(old, config).partition("?")
        # A CondPattern is a regular expression, never expanded: `$` escaped as regex (re.escape), not %24.
        lines += [f'RewriteCond %{{REQUEST_URI}} "^{re.escape(path).replace(chr(34), "%22")}$"',
                  f'RewriteCond %{{QUERY_STRING}} "^{re.escape(query).replace(chr(34), "%22")}$"',
                  f'RewriteRule ^ "{_rewrite_target(_served(new, config))}?" [R=301,L,NE]']
    for old, new, status in plain:
        pattern = '"^' + re.escape(_served(old, config)).replace('"', '\\"') + '$"'
        if status == GONE:
            lines.append(f"RedirectMatch gone {pattern}")
        else:
            lines.append(f'RedirectMatch 301 {pattern} "{_served(new, config).replace("$", "%24").replace(chr(34), "%22")}"')
    return "\n".join(lines) + "\n"


def _rewrite_target(value: str) -> str:
    """A RewriteRule's substitution of the URL `value`, as Apache sends it:
    there $N and %N are back-references, %{...} a variable (a backslash
    quotes $ and %), and without [NE] each % is escaped again (%24, %2524);
    so it goes percent-encoded by newsgen (what is not ASCII: [NE] leaves
    it as written), $ and % quoted."""
    encoded = quote(value, safe="".join(chr(c) for c in range(0x21, 0x7f)))
    return encoded.replace("%", "\\%").replace("$", "\\$")


def _html_page(new: str, config: SiteConfig) -> str:
    absolute = new if re.match(r"https?://", new) else config.base_url.rstrip("/") + new
    shown = absolute + ("index.html" if config.link_style == "index" and absolute.endswith("/") and not re.match(r"https?://", new) else "")
    target = html.escape(shown, quote=True)
    # A link to the old URL's #section lands on that section: a refresh alone drops the fragment.
    keep_fragment = f"<script>location.replace({_script_string(shown)} + location.hash)</script>\n" if "#" not in shown else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(config.language, quote=True)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Moved to {target}</title>\n"
        f'<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{html.escape(absolute, quote=True)}">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n{keep_fragment}'
        f'</head>\n<body>\n<p>This page has moved to <a href="{target}">{target}</a>.</p>\n</body>\n</html>\n'
    )


def _script_string(value: str) -> str:
    """A JavaScript string of `value`, safe inside <script>: no "<" at all,
    as "</script" would end it and "<!--<script>" keep it open to the end."""
    return json.dumps(value).replace("<", "\\u003c")
