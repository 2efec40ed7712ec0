"""Every internal link of the built site leads somewhere: checked between render and commit.

Not a crawler: links are resolved against the plan (every page and file the
build writes, and the old URLs its redirects answer), and a #fragment
against the ids of its page as written. A broken link is a warning naming
the page's source and the link (an error with --strict, before anything is
committed).

A link the theme makes comes from the plan, so it is right whenever its
page is rendered, and a page is rendered again whenever what it shows
changes; render workers check every link as they render all the same (a
site's own layout may hard-code one). A link a writer put in a body can
break without its page changing (the story it names is deleted, a heading
renamed): each page keeps its body's internal links, and those the render
found broken, in the build state, and every build checks them again. Not
all of them: a link's fault depends on the files the build writes and the
old URLs its redirects answer (the same while their digest is), and for a
#fragment on the ids of its page. So the links checked again are those of
the pages the build rewrote, the #fragments into them and, when files or
redirects came or went since the last build's plan, the links to their
paths (TargetChanges); the other pages keep the faults that build found
(LinksChecked). Every build reports every broken link, whatever pages it kept.
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from urllib.parse import unquote

from .config import SiteConfig
from .content.discover import HTML_SUFFIXES
from .content.rst import RST_SUFFIXES
from .content.template_syntax import mask_code, mask_rst_literals
from .errors import Diagnostic, warning
from .frozendict import FrozenDict
from .plan import PagePlan, SitePlan
from .sitepaths import SOURCE_SUFFIXES, TEMPLATED_TARGET, is_external, resolve_content_link, template_link, unpublished_folder_hint
from .starttags import START_TAG, attributes

_LINK = re.compile(r"""\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ID = re.compile(r"""\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_HTML = (".html", ".htm")
BODY, THEME = "B\t", "T\t"  # what a kept link is: of a story's text, or of a layout


def links_in(markup: str) -> list[str]:
    """Every href and src value of a tag, as written (character references
    decoded); not one in text (`<video src="clip.mp4">` shown as code)."""
    return [html.unescape(a if a is not None else b) for a, b in _in_tags(_LINK, markup)]


def _in_tags(attribute: re.Pattern, markup: str) -> Iterator[tuple[str, str]]:
    """The values of an attribute found inside a tag. Quickly: the nearest
    "<" before it is nearer than the nearest ">" (text holds "&lt;", never
    "<"). Else it may still be in one, after a quoted value holding a ">"
    (`<img alt="in <input>" src=…>`, where HTML reads both as attributes):
    then the page's tags are read as HTML reads them (starttags), once."""
    tags: list[re.Match] | None = None
    for found in attribute.finditer(markup):
        if markup.rfind("<", 0, found.start()) > markup.rfind(">", 0, found.start()):
            yield found.groups()
            continue
        if tags is None:
            tags = list(START_TAG.finditer(markup))
            starts = [tag.start() for tag in tags]
        holder = bisect_right(starts, found.start()) - 1
        if holder >= 0 and found.end() <= tags[holder].end():
            name_at = found.start() + 1 - tags[holder].start()  # past the white space the pattern opens with
            if any(each.start("name") == name_at for each in attributes(tags[holder][0])):
                yield found.groups()


def has_id(markup: str, name: str) -> bool:
    """A quick look for id="name" as the theme and Markdown write it."""
    return f' id="{html.escape(name, quote=True)}"' in markup


def ids_in(markup: str) -> frozenset[str]:
    return frozenset(html.unescape(a if a is not None else b) for a, b in _in_tags(_ID, markup))


_INDEX = "index.html"


@dataclass(frozen=True)
class LinkTargets:
    """What a link inside the site may lead to."""

    base_url: str  # ends with "/"
    base_path: str  # its path: "/" or "/news/"
    files: frozenset[str]  # the output path of every page and file the build writes
    moved: Mapping[str, str]  # old URLs the redirects answer → where each leads ("" for gone)

    @classmethod
    def of(cls, plan: SitePlan, config: SiteConfig) -> "LinkTargets":
        files = frozenset({page.path for page in plan.pages} | {rel for rel, _ in plan.copies}
                          | {v.path for image in plan.images for v in image.variants})
        return cls(config.base_url, config.base_path, files, FrozenDict({r.old: r.new for r in plan.redirects}))

    def digest(self) -> str:
        """Of everything a link's fault depends on, but for the ids of its #fragment's page."""
        made = hashlib.sha256(f"{self.base_url}\0{self.base_path}\0".encode())
        made.update("\0".join(sorted(self.files)).encode())
        made.update(b"\1" + "\0".join(f"{old}\2{new}" for old, new in sorted(self.moved.items())).encode())
        return made.hexdigest()

    def changes_since(self, before: "LinkTargets") -> "TargetChanges | None":
        """The site paths a link may lead elsewhere by now than it did to
        `before` (None when any may: another base URL): each file that came
        or went under every URL that is served from it (file_of), and each
        old URL a redirect began or stopped answering (fault)."""
        if (self.base_url, self.base_path) != (before.base_url, before.base_path):
            return None
        paths = set()
        for rel in self.files ^ before.files:
            paths.add("/" + rel)
            if rel == "index.html" or rel.endswith("/index.html"):
                folder = "/" + rel.removesuffix("index.html")
                paths.update((folder, folder.rstrip("/")))  # "/world/", and "/world", served from it too
        for old, _ in self.moved.items() ^ before.moved.items():
            paths.update((old, old.removesuffix("/")))
        return TargetChanges(before.digest(), frozenset(paths))

    def site_url(self, written: str, page_url: str) -> str | None:
        """A link as a site URL with its fragment ("/world/x/#a"), or None
        where it leaves the site (another host or path, mailto:, data:).
        String work, not urljoin: a cold build resolves a million links."""
        written = written.strip()
        link, hashmark, fragment = written.partition("#")
        link = link.partition("?")[0]
        if is_external(link):
            if not link.startswith(self.base_url):
                return None
            link = "/" + link[len(self.base_url):]
        elif link.startswith("/"):
            base_path = self.base_path
            if not link.startswith(base_path):
                return None
            link = "/" + link[len(base_path):]
        elif not link:
            link = page_url
        else:
            folder = page_url if page_url.endswith("/") else page_url.rsplit("/", 1)[0] + "/"
            ups = 0
            while link.startswith("../", 3 * ups):
                ups += 1
            rest = link[3 * ups:]
            if "/." not in "/" + rest and (not ups or ups == folder.count("/") - 1):
                # The theme's links: down from this folder, or up to the root and down.
                link = folder + rest if not ups else "/" + rest
            else:
                prefix = self.base_path.rstrip("/")  # resolved under the base path: ../ past it leaves the site
                full = posixpath.normpath(prefix + folder + link)
                if full.startswith("//"):
                    full = full[1:]
                if (link.endswith(("/", "/.", "/..")) or link in (".", "..")) and not full.endswith("/"):
                    full += "/"
                if not (full + "/").startswith(prefix + "/"):
                    return None
                link = full[len(prefix):] or "/"
        if "%" in link:
            link = unquote(link)
        return link + hashmark + fragment

    def file_of(self, url: str) -> str | None:
        """The output file a site URL is served from, if the build writes it."""
        path = url.partition("#")[0][1:]
        if not path or path.endswith("/"):
            rel = path + "index.html"
            return rel if rel in self.files else None
        if path in self.files:
            return path
        rel = path + "/index.html"  # /world: served as /world/
        return rel if rel in self.files else None

    def fault(self, url: str, own: str, own_ids: frozenset[str] | None, ids_of: Callable[[str], frozenset[str]] | None) -> str | None:
        """What is wrong with a link from the page at output path `own`
        (None if nothing is, or if it cannot be known yet: a fragment on
        another page without `ids_of`)."""
        path, _, fragment = url.partition("#")
        # A text fragment's directive (#:~:text=…, after an id or alone) names no element: browsers take it off first.
        fragment = fragment.partition(":~:")[0]
        old = path[: -len(_INDEX)] if path.endswith("/" + _INDEX) else path  # the page's link as the redirects name it
        led_to = (self.moved.get(old) or self.moved.get(old + "/")) if fragment else None  # (a million links in a cold build)
        if led_to and led_to.startswith("/") and led_to.partition("#")[0] != path:
            # An old URL with a fragment (elixir-lang.org's /blog/…/#the-next-steps): its redirect
            # keeps the fragment (redirects.py), so the page it leads to is the one to have it.
            path = old = led_to.partition("#")[0]
        url = path + ("#" + fragment if fragment else "")
        rel = self.file_of(url)
        if rel is None:
            if old in self.moved or old + "/" in self.moved:
                return None  # an old URL: its redirect answers it
            return _nothing_there(path)
        if not fragment or not rel.endswith(_HTML):
            return None
        ids = own_ids if rel == own and own_ids is not None else ids_of(rel) if ids_of is not None else None
        if ids is None or unquote(fragment) in ids:
            return None
        return f"{'this' if rel == own else 'that'} page has no element with id {unquote(fragment)!r}"


def _nothing_there(path: str) -> str:
    """The fault of a link to a site path that no page, file or redirect answers."""
    if path.lower().endswith(SOURCE_SUFFIXES):  # a Markdown link to a file under content/ (markdown.py)
        return (f"content{unquote(path)} is not published (it does not exist, or it is a draft, scheduled, expired "
                "or left out for its errors)")
    return "nothing is published there" + unpublished_folder_hint(path)


# A feed's own links: Atom's <link href>, RSS's <link>, enclosures and media.
# Not its items' text, which is the stories' (checked on their pages), and
# which RSS escapes anyway.
_FEED_LINK = re.compile(r'<(?:atom:)?link\b[^>]*?\shref="([^"]*)"|<link>([^<]*)</link>'
                        r'|<(?:enclosure|media:content|media:thumbnail)\b[^>]*?\surl="([^"]*)"')


def feed_links(feed: str) -> str:
    """A feed's own links, as a page of links for links_to_keep to read."""
    return "".join(f' href="{html.escape(html.unescape(a or b or c), quote=True)}"' for a, b, c in _FEED_LINK.findall(feed))


def links_to_keep(page_html: str, page: PagePlan, body_links: Iterable[str], targets: LinkTargets) -> tuple[str, ...]:
    """Checks a page as it is rendered; returns what the build state keeps
    to check again in every build: the internal links of its body ("B" and
    the site URL), and those of the rest ("T") that are broken or name a
    fragment on another page."""
    body = set(body_links)
    own_ids = None
    kept = {}
    for written in links_in(page_html):
        if "{{" in written or "{%" in written or "%7B%7B" in written or "%7B%25" in written:
            continue  # another generator's template, shown as written: warned of as such, once
        url = targets.site_url(written, page.url)
        if url is None:
            continue
        if written in body:
            kept.setdefault(f"{BODY}{url}")
            continue
        rel = targets.file_of(url)
        if "#" in url and rel is not None and rel != page.path:
            kept.setdefault(f"{THEME}{url}")  # its fragment is looked for once every page is written
        elif rel is None:
            if targets.fault(url, page.path, None, None):
                kept.setdefault(f"{THEME}{url}")
        elif "#" in url and not has_id(page_html, unquote(url.partition("#")[2])):
            if own_ids is None:
                own_ids = ids_in(page_html)  # written some other way than has_id looks for: parsed
            if targets.fault(url, page.path, own_ids, None):
                kept.setdefault(f"{THEME}{url}")
    return tuple(kept)


@dataclass(frozen=True)
class TargetChanges:
    """The link targets' changes since some build's (LinkTargets.changes_since)."""

    before: str  # the digest of that build's targets
    paths: frozenset[str]  # the site paths (no #fragment) whose links may lead elsewhere now


# What a page's kept links were found to be: (kept link, what is wrong with it) of each broken one.
Faults = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class LinksChecked:
    """What one build's link check found, for the next build to keep of it:
    while the link targets are the same (`targets`: their digest), a page
    the next build neither rewrites nor links into the rewritten pages of,
    by a #fragment, has the same faults."""

    targets: str  # LinkTargets.digest()
    found: Mapping[str, Faults]  # output path → the faults of each page with any


def check_links(pages: Sequence[tuple[PagePlan, tuple[str, ...]]], targets: LinkTargets, read: Callable[[str], str | None],
                last: LinksChecked | None = None, rewritten: Collection[str] = (),
                changes: TargetChanges | None = None,
                source_text: Callable[[str], str | None] = lambda key: None) -> tuple[list[Diagnostic], LinksChecked]:
    """Every kept link of every page checked against this build's plan and
    files (`read`: an output file's text as this build leaves it), or, given
    the `last` build's check, those of the pages whose faults can differ
    from its: the `rewritten` ones (output paths), those with a #fragment
    into one of them, and, when the targets are not the ones it checked
    against, those with a link to a path they `changes` since (which must be
    changes since the very targets it checked against, or every link is
    checked again). A broken link of a story's text is reported with the
    story, at the line of its file (`source_text`) that writes it; one the layouts make, once, with the number of pages it is on.
    Returns the warnings and what the next build may keep."""
    digest = targets.digest()
    moved = links_moved(last, digest, changes)
    if last is None or moved is None:
        found = _faults(pages, targets, read)
    else:
        again = {page.path for page, links in pages
                 if page.path in rewritten or _links_into(links, rewritten, targets) or (moved and _links_to(links, moved))}
        found = {path: faults for path, faults in last.found.items() if path not in again}
        found.update(_faults([(page, links) for page, links in pages if page.path in again], targets, read))
    problems = []
    from_layouts: dict[tuple[str, str], list[str]] = {}
    for page, _ in pages:  # in the plan's order, however they were found
        written: WrittenLinks | None = None  # the story's file's links, read once for all its broken links
        for entry, fault in found.get(page.path, ()):
            url = _as_written(entry[len(BODY):])
            if entry.startswith(BODY):
                from_story = page.kind in ("article", "page")
                where = f"content/{page.key}" if from_story else page.path
                if from_story and written is None:
                    written = WrittenLinks.read(source_text(page.key), lambda link: _site_path_of(link, page, targets), page.key)
                line = written.line_writing(url) if written is not None and from_story else None
                problems.append(warning(where, line, f"the link to {url} is broken: {fault}; correct it or remove it", kind="broken links in stories"))
            else:
                from_layouts.setdefault((url, fault), []).append(page.path)
    for (url, fault), paths in from_layouts.items():
        more = f" (on {len(paths)} pages; this is the first)" if len(paths) > 1 else ""
        problems.append(warning(paths[0], None, f"the link to {url} is broken: {fault}{more}; it comes from a layout: correct it there"))
    return problems, LinksChecked(digest, {page.path: found[page.path] for page, _ in pages if page.path in found})


def links_moved(last: LinksChecked | None, digest: str, changes: TargetChanges | None) -> frozenset[str] | None:
    """The site paths whose links may lead elsewhere since the `last` check,
    against targets of this `digest`; None: every link is checked again.
    Only the pages rewritten, those with a #fragment into them, and those
    with a link to these paths can have other faults than `last` found (check_links)."""
    if last is None:
        return None
    if last.targets == digest:
        return frozenset()
    return changes.paths if changes is not None and changes.before == last.targets else None


# Where a story's text writes a link: Markdown's `](…)` or `]: …`, an HTML href or src; reST's
# `text <…>`_, `.. _name: …`, `.. image:: …` (or figure) and its `:target: …`.
_LINK_OPENING = (r"(?:\]\(\s*<?|^[ \t]*\[[^\]]+\]:\s*<?|\b(?:href|src)\s*=\s*[\"']?"
                 r"|\s<(?=[^<>\s]+>`)|^[ \t]*\.\.[ \t]+(?:_[^:\n]+:|(?:image|figure)::)[ \t]*|^[ \t]+:target:[ \t]*)")
_WRITTEN_LINK = re.compile(_LINK_OPENING + r"(?P<written>[^)\s\"'>]+)", re.M)


@dataclass
class WrittenLinks:
    """Where a story's text writes its links, each read once: a story with
    8,000 broken links was read again from its start for each (91 s)."""
    text: str  # the story's file
    masked: str  # the same with its code blanked out (same length and lines)
    line_starts: list[int]  # the offset of each line's first character
    first_to: dict[str, int]  # a link's site path as the link check reads it → where the first link leading there starts
    by_last_part: dict[str, int | None]  # the fallback's answers so far, by "last part#fragment" (line_writing)

    @classmethod
    def read(cls, text: str | None, site_path_of: Callable[[str], str | None], rel: str) -> "WrittenLinks":
        """`text`: the story's file (None: unread, and no link has a line);
        `site_path_of`: a link as written → the site path the build made of it;
        `rel`: the file's path, whose suffix tells how its code is written."""
        text = text or ""
        # Code (a fenced or indented block, a code span) shows a link's syntax
        # as text, no link: a link written there is the one named only when
        # the text writes it nowhere else.
        masked = _code_blanked(text, rel)
        first_to: dict[str, int] = {}
        first_in_code: dict[str, int] = {}
        for start, at, written in sorted(_links_written(text)):
            resolved = site_path_of(html.unescape(written))
            if resolved is not None:
                in_code = masked[at] != text[at]
                (first_in_code if in_code else first_to).setdefault(_as_written(resolved), start)
        line_starts = [0, *(at.end() for at in re.finditer("\n", text))]
        return cls(text, masked, line_starts, first_in_code | first_to, {})

    def line_writing(self, url: str) -> int | None:
        """The line that writes the link to `url`, a site path as the link
        check reads it: the first link whose whole URL as written (query and
        all) leads there, so that a good link to `…/click?u=1` above a broken
        `://…/click?u=2` is not the one named; else the first whose last part
        is `url`'s, as a link the Markdown rewrote (a file under content/) is
        written only with that part."""
        at = self.first_to.get(url)
        if at is None:
            path, _, fragment = url.partition("#")
            last = path.rstrip("/").rsplit("/", 1)[-1]
            key = f"{last}#{fragment}"
            if key not in self.by_last_part:
                self.by_last_part[key] = self._first_written(last, fragment)
            at = self.by_last_part[key]
        return None if at is None else bisect_right(self.line_starts, at)

    def _first_written(self, last: str, fragment: str) -> int | None:
        """Where the first link ending in `last` is written (with the
        #`fragment`, where the URL has one), else the first with that
        #fragment, else the first ending in `last`. A link to a content
        file writes the story's last part with its date before it and its
        .md after it (`2012-08-18-bee.md#comment-7` for /…/bee/#comment-7),
        or its file's name alone where its slug is another."""
        before = r"[^)\s\"'>]*?"
        ending = before + re.escape(last) + r"(?:\.(?:md|markdown))?"
        hashed = re.escape(f"#{fragment}") + r"(?=[)\s\"'>]|$)"
        patterns = [ending + r"/?" + hashed] if last and fragment else []
        patterns += [r"[^)\s\"'>#]*" + hashed] if fragment else []
        patterns += [ending + r"(?=[/#?)\s\"'>]|$)"] if last else []
        for written in patterns:
            pattern = re.compile(_LINK_OPENING + written, re.M)
            found = pattern.search(self.masked) or pattern.search(self.text)
            if found:
                return found.start()
        return None


def _links_written(text: str) -> Iterator[tuple[int, int, str]]:
    """Each link target the text writes: where its link starts, where the
    target starts, the target as the build reads it. One in another
    generator's template syntax (`{% link _posts/x.md %}`, `{{< ref "x.md" >}}`)
    is read as the path it stands for (sitepaths.template_link)."""
    for found in _WRITTEN_LINK.finditer(text):
        yield found.start(), found.start("written"), found["written"]
    if "{" in text:
        for found in TEMPLATED_TARGET.finditer(text):
            path = template_link(found["target"]) if "{" in found["target"] else None
            if path is not None:
                yield found.start(), found.start("target"), path


def _code_blanked(text: str, rel: str) -> str:
    """A story's file with its code blanked out, as its markup writes code:
    Markdown's blocks and spans, reST's literals; HTML's are left as written."""
    if rel.lower().endswith(RST_SUFFIXES):
        return mask_rst_literals(text)
    if rel.lower().endswith(HTML_SUFFIXES):
        return text
    return mask_code(text)


def _site_path_of(written: str, page: PagePlan, targets: LinkTargets) -> str | None:
    """A link as a story's file writes it → the site path the build made of
    it: a path relative to the story's file under content/, or rooted there,
    as markdown.py resolves it (its page's URL is elsewhere); a #fragment
    alone on the page itself; a full URL within the site by the site's own."""
    if written.startswith("#") or is_external(written):
        return targets.site_url(written, page.url)
    path, hashmark, fragment = written.partition("#")
    resolved = resolve_content_link(unquote(path.partition("?")[0]), page.key)
    return None if resolved is None else resolved + hashmark + fragment


def _as_written(url: str) -> str:
    """A link's site path as a writer writes it: /discord/, where index
    links (link_style "index") made it /discord/index.html."""
    path, hashmark, fragment = url.partition("#")
    return (path.removesuffix("index.html") if path.endswith("/index.html") else path) + hashmark + fragment


def _links_into(links: tuple[str, ...], rewritten: Collection[str], targets: LinkTargets) -> bool:
    """Does one of the links name a #fragment of a rewritten page (whose ids may have changed)?"""
    return any("#" in entry and targets.file_of(entry[len(BODY):]) in rewritten for entry in links)


def _links_to(links: tuple[str, ...], paths: frozenset[str]) -> bool:
    """Does one of the links lead to one of the site paths (whatever its #fragment)?"""
    return any(entry[len(BODY):].partition("#")[0] in paths for entry in links)


def _faults(pages: Iterable[tuple[PagePlan, tuple[str, ...]]], targets: LinkTargets, read: Callable[[str], str | None]) -> dict[str, Faults]:
    found_ids: dict[str, frozenset[str]] = {}

    def ids_of(rel: str) -> frozenset[str]:
        if rel not in found_ids:
            text = read(rel)
            found_ids[rel] = ids_in(text) if text is not None else frozenset()
        return found_ids[rel]

    found = {}
    for page, links in pages:
        faults = tuple((entry, fault) for entry in links if (fault := targets.fault(entry[len(BODY):], page.path, None, ids_of)))
        if faults:
            found[page.path] = faults
    return found


def pages_with_links(plan: SitePlan, links_of: Mapping[str, tuple[str, ...]]) -> list[tuple[PagePlan, tuple[str, ...]]]:
    return [(page, links_of[page.path]) for page in plan.pages if links_of.get(page.path)]
