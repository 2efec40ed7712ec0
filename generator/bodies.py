"""Markdown bodies → HTML, once each, shared by article pages and feeds.

Markdown is nearly all of a cold build's time, so a body is rendered once:
with links relative to its own page, which is where it is shown. A feed
that carries it makes those links absolute against the same page's URL.

With a store (a folder in the build cache), rendered bodies outlive the
process: a template edit re-renders every page without running Markdown,
and feeds rendered by another worker process read the body its article page
wrote. An entry is keyed by the digest of the body's text and everything
else that shapes its HTML, and records the URLs its links resolved to; it is used only
while every one of them still resolves the same way.
"""

from __future__ import annotations

import hashlib
import json
import re
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Iterator, Mapping
from urllib.parse import urljoin

import nh3

from .config import SiteConfig
from .checked import read_checked, write_checked
from .content.catalog import Catalog
from . import code_signature
from .content.markdown import MARKDOWN_SIGNATURE, ImageMarkup, LinkContext, MarkdownRenderer, UnresolvedLink
from .content.model import Article, Image
from .content.parse import body_of, read_body
from .errors import Diagnostic, error
from .images import ImageInfo, LogoMarkup, Variant, crops, logo_markup
from .images import markup as image_markup
from .plan import SitePlan
from .recent import Recent
from .starttags import START_TAG, attributes, unquoted
from .urls import UrlScheme, href, relative


RECENT_BODIES = 200  # a few feeds' worth


@dataclass(frozen=True)
class Body:
    html: str
    linked_sources: frozenset[str]  # content files this body links to
    images: frozenset[str] = frozenset()  # site paths of the images it shows


class BodyError(Exception):
    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic
        super().__init__(str(diagnostic))


# What one story's Markdown may take to render. Enforced by a timer signal
# in the process's main thread: the build's own, and each render worker's
# (worker processes run their tasks in their main thread). A preview's
# rebuild in its watcher thread renders without it.
MARKDOWN_SECONDS = 10
PROBLEMS_SAID = 3  # of one story's links out of content/, in its error: then how many more


class OverBudget(Exception):
    pass


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise OverBudget in the block after `seconds`, where a timer signal can."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def over(signum, frame):
        raise OverBudget

    previous = signal.signal(signal.SIGALRM, over)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class BodyRenderer:
    def __init__(self, config: SiteConfig, catalog: Catalog, plan: SitePlan, keep: frozenset[str] = frozenset(),
                 store: Path | None = None, images: Mapping[str, ImageInfo] | None = None,
                 texts: Mapping[str, bytes] | None = None):
        """`images`: output path → info of each processed raster image, for its markup.
        `texts`: the bodies' source files by source, where content/ is not at hand (a cluster's worker)."""
        self.config = config
        self.texts = texts
        self.images = images or {}
        self.store = store
        self.catalog = catalog
        self.plan = plan
        # Made on first use: 65 ms (Python-Markdown's extensions) that a
        # build whose bodies all come from the store never spends.
        self._markdown: MarkdownRenderer | None = None
        self._safe_markdown: MarkdownRenderer | None = None
        self.scheme = UrlScheme.from_config(config)
        self._published_paths = {"/" + rel for rel, _ in plan.copies}
        # Sources whose bodies are needed more than once, kept in memory when
        # there is no store to read them back from.
        self._keep = keep if store is None else frozenset()
        self._kept: dict[str, Body] = {}
        # With a store, the last few bodies: a feed reads each of its items'
        # bodies for its links, then again for its text.
        self._recent: Recent[str, Body] = Recent(RECENT_BODIES)
        self._failed: dict[str, BodyError] = {}  # a broken body is rendered, and reported, once

    def link(self, url: str, from_url: str) -> str:
        if from_url == UrlScheme.NOT_FOUND:
            # 404.html is served at any depth: only rooted links work there.
            return href(self.config.base_path + url.lstrip("/")) if url.startswith("/") else url
        return relative(url, from_url, self.config.link_style)

    def article(self, article: Article) -> Body:
        """An article's body, for its own page (and feeds, made absolute there)."""
        if article.source in self._kept:
            return self._kept[article.source]
        if article.source in self._failed:
            raise self._failed[article.source]
        return self._recent.get(article.source, lambda: self._stored_or_rendered(article))

    def _stored_or_rendered(self, article: Article) -> Body:
        # Its page's URL, in whichever edition it is (/fr/news/…): its relative links are read from there.
        url = self.plan.urls.get(article.source) or self.scheme.article(article)
        path = self.config.content_dir / article.source
        text = body_of(self.texts[article.source], path.name) if self.texts is not None else read_body(path)
        key = self._key(text, article.source, url)
        body = self._load(key)
        if body is None:
            body = self.render(text, article.source, url, article.body_line)
            self._save(key, body)
        return body

    def _key(self, text: str, source: str, page_url: str) -> str | None:
        """Of the body's own text, not its file's: a headline or tag edit
        finds the body it had in the store (Markdown's setup alone is 0.1 s)."""
        if self.store is None:
            return None
        digest = hashlib.sha256(text.encode()).hexdigest()
        # The site's [markdown] settings too: a body rendered with other heading ids or punctuation is another body.
        signature = "\0".join((code_signature(), MARKDOWN_SIGNATURE, repr(self.config.markdown), self.config.link_style,
                                str(self.config.safe_html), source, page_url, digest))
        return hashlib.sha256(signature.encode()).hexdigest()

    def _load(self, key: str | None) -> Body | None:
        if key is None:
            return None
        found = read_checked(self.store / key[:2] / key)
        if found is None:
            return None  # missing or damaged: render it again
        try:
            header, html = str(found[0], "utf-8").split("\n", 1)
            made_for, links, images = json.loads(header)
        except ValueError:
            return None
        if made_for != key:
            return None  # an entry under another's name (copied, swapped): never trusted by its file name alone
        if any(self.plan.link_target(target) != url for target, url in links.items()):
            return None
        if any(path not in self._published_paths or self._image_mark(path) != mark for path, mark in images.items()):
            return None
        return Body(html=html, linked_sources=frozenset(links), images=frozenset(images))

    def _save(self, key: str | None, body: Body) -> None:
        if key is None:
            return
        # A linked file that does not exist is kept as null: should it appear, the body is stale.
        # The key again inside: what the entry was rendered from, checked when it is read.
        header = json.dumps([key, {t: self.plan.link_target(t) for t in sorted(body.linked_sources)},
                             {path: self._image_mark(path) for path in sorted(body.images)}])
        try:
            write_checked(self.store / key[:2] / key, (header + "\n" + body.html).encode("utf-8"))
        except OSError:
            pass  # a store is only a speed-up

    # Images by site path ("/world/photo.jpg"): None for one published as it is (SVG, GIF, elsewhere).

    def _image_mark(self, path: str) -> str:
        """What a body's markup of the image depends on."""
        info = self.images.get(path.lstrip("/"))
        return info.mark if info else ""

    def image_markup(self, path: str, page_url: str) -> ImageMarkup | None:
        """The image's responsive sources, linked from `page_url`."""
        info = self.images.get(path.lstrip("/"))
        return image_markup(path.lstrip("/"), info, self.config.images, lambda url: self.link(url, page_url)) if info else None

    def logo_markup(self, path: str, page_url: str) -> LogoMarkup | None:
        """The raster logo's sizes for the masthead, linked from `page_url`."""
        info = self.images.get(path.lstrip("/")) if path.startswith("/") else None
        return logo_markup(path.lstrip("/"), info, lambda url: self.link(url, page_url)) if info else None

    def crops(self, image: Image) -> dict[str, Variant]:
        """The crops (images.CROPS) of a story's lead image."""
        info = self.images.get(image.url.lstrip("/"))
        return crops(image.url.lstrip("/"), info, image.focus) if info else {}

    def bio(self, text: str, source: str, page_url: str) -> Body:
        """An author's bio: Markdown, but not a story body, so raw HTML is
        shown as text and links that could run code are dropped."""
        if self._safe_markdown is None:
            self._safe_markdown = MarkdownRenderer(escape_html=True, settings=self.config.markdown)
        context = LinkContext(
            source=source,
            resolve_source=lambda target: self.plan.urls.get(target) or "#",
            asset_exists=lambda path: path in self._published_paths,
            make_relative=lambda url: self.link(url, page_url),
            safe=True,
        )
        try:
            html = self._safe_markdown.render(text, context)
        except RecursionError:  # nested too deeply for Markdown: shown as the text it is
            html = f"<p>{escape(text)}</p>"
        return Body(html=html, linked_sources=frozenset(context.linked_sources))

    def render(self, text: str, source: str, page_url: str, body_line: int = 1) -> Body:
        """Render Markdown written in content/`source` (its text from line
        `body_line` of the file) for the page at `page_url`."""
        if source in self._kept:
            return self._kept[source]
        if source in self._failed:
            raise self._failed[source]

        def resolve(target: str) -> str:
            url = self.plan.link_target(target)
            if url is None:
                # Unpublished (a draft, scheduled, left out for its errors) or missing: the link check says so.
                raise UnresolvedLink(target, missing=not (self.config.content_dir / target).is_file())
            return url

        images: set[str] = set()

        def asset_exists(path: str) -> bool:
            images.add(path)
            return path in self._published_paths

        context = LinkContext(
            source=source,
            resolve_source=resolve,
            asset_exists=asset_exists,
            make_relative=lambda url: self.link(url, page_url),
            image_markup=lambda path: self.image_markup(path, page_url),
        )
        try:
            with time_budget(MARKDOWN_SECONDS):
                if self._markdown is None:
                    self._markdown = MarkdownRenderer(settings=self.config.markdown)
                html = self._markdown.render(text, context)
        except RecursionError:
            # Python-Markdown recurses once per level of nesting.
            context.problems.append("the text is nested too deeply to render (lists or quotes inside each other "
                                    "hundreds of times); flatten it")
            html = ""
        except OverBudget:
            # Python-Markdown's link parsing takes the square of unclosed brackets.
            context.problems.append(f"the text took over {MARKDOWN_SECONDS} s to render (thousands of unclosed '[' or '(' "
                                    "do that); close them, or write them as \\[ and \\(")
            html = ""
        if self.config.safe_html:
            html = sanitize(html)
        if context.problems:
            line = _line_of(text, context.problem_targets[0], body_line) if context.problem_targets else None
            said = context.problems[:PROBLEMS_SAID]
            if len(context.problems) > PROBLEMS_SAID:
                said.append(f"and {len(context.problems) - PROBLEMS_SAID} more like these")
            self._failed[source] = BodyError(error(f"content/{source}", line, "; ".join(said)))
            raise self._failed[source]
        body = Body(html=html, linked_sources=frozenset(context.linked_sources), images=frozenset(images))
        if source in self._keep:
            self._kept[source] = body
        return body


def _line_of(text: str, written: str, body_line: int) -> int | None:
    """The file's line of the first place the body writes `written` (a link
    target, as Markdown found it), or None when it is not there as written
    or the body's lines are not the file's (body_line 0: a reST story's HTML)."""
    if not body_line:
        return None
    found = text.find(written)
    return None if found < 0 else body_line + text.count("\n", 0, found)


# What Markdown makes, and what a writer's HTML may keep under safe_html:
# ids and classes (footnotes, heading anchors), alignment of table columns.
_SAFE_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "rel"},
    "img": {"src", "alt", "width", "height", "loading", "srcset", "sizes", "decoding"},
    "source": {"srcset", "sizes", "type"},
    "td": {"style", "colspan", "rowspan"},
    "th": {"style", "colspan", "rowspan", "scope"},
    "ol": {"start"},
    "time": {"datetime"},
}


def sanitize(html: str) -> str:
    """Drop scripts, event handlers, styles beyond alignment, and URLs that
    can run code, with a maintained allow-list sanitizer (nh3, Rust's ammonia)."""
    return nh3.clean(
        html,
        tags=nh3.ALLOWED_TAGS | {"figure", "figcaption", "sup", "sub", "abbr", "picture", "source"},
        attributes=_SAFE_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        filter_style_properties={"text-align"},
        link_rel=None,
        # A code block's <pre> can be focused, the keyboard's way to scroll it (see markdown.py's _FocusableFencedCode).
        tag_attribute_values={"pre": {"tabindex": {"0"}}},
    )


# A tag with a URL in it: the others (most of a body's: <p>, <li>, <em>) are left as they are without a look at their attributes.
_NAMES_A_URL = re.compile(r"\s(?:href|src|poster|cite|srcset)\s*=", re.IGNORECASE)
_URL_ATTRIBUTES = frozenset({"href", "src", "poster", "cite"})


def absolutize(html: str, page_url: str) -> str:
    """Make every URL in `html` absolute against `page_url` (feeds are read
    far from the page, where relative links mean nothing). Tags are read as
    HTML reads them (starttags): a src after an alt holding "<input>" stays
    a URL to make absolute."""

    def one(url: str) -> str:
        # "#fn:1" too: in a feed reader the page is elsewhere.
        url = url.strip()
        return urljoin(page_url, url) if url else url

    def srcset(value: str) -> str:
        parts = []
        for candidate in value.split(","):
            bits = candidate.strip().split(maxsplit=1)
            if bits:
                parts.append(" ".join([one(bits[0]), *bits[1:]]))
        return ", ".join(parts)

    def tag(match: re.Match) -> str:
        written = match.group(0)
        if not _NAMES_A_URL.search(written):
            return written
        pieces, done = [], 0
        for attribute in attributes(written):
            name, value = attribute["name"].lower(), attribute["value"]
            if value is None or (name != "srcset" and name not in _URL_ATTRIBUTES):
                continue
            quote = value[0] if value[:1] in ("'", '"') else ""
            if name == "srcset" and not quote:  # as before: a srcset is read only quoted
                continue
            new = srcset(unquoted(value)) if name == "srcset" else one(unquoted(value))
            pieces += [written[done:attribute.start("value")], f"{quote or chr(34)}{new}{quote or chr(34)}"]
            done = attribute.end("value")
        return "".join([*pieces, written[done:]])

    return START_TAG.sub(tag, html)
