"""RSS 2.0 and Atom 1.0 feeds for the site, each section, tag and author.

Each item carries the story's own byline, its full text with absolute URLs,
its summary and a category per section and tag. Ids are derived from the
source file, not the URL, so they survive edits and a move to a new domain.
Feed dates come from the stories, never from the build clock, so a rebuild
of the same sources gives the same bytes.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime

from . import __version__
from .bodies import BodyRenderer, absolutize
from .config import SiteConfig
from .content.catalog import Catalog
from .content.model import Article
from .dates import rfc3339
from .plan import PagePlan
from .urls import UrlScheme, absolute

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# A fixed namespace: ids must not change when the site's domain does.
ID_NAMESPACE = uuid.UUID("6f0c5f3e-2a57-4b8e-9a4c-5e0f2d0b7a11")
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

for prefix, uri in (("atom", ATOM), ("content", CONTENT), ("dc", DC)):
    ET.register_namespace(prefix, uri)


@dataclass(frozen=True)
class FeedChannel:
    title: str
    description: str
    page_url: str  # site-relative URL of the HTML page this feed follows
    feed_url: str  # site-relative URL of this feed
    key: str  # "site", "section:world", "tag:ukraine", "author:anna"


def story_id(article: Article) -> str:
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, 'story:' + article.source)}"


def channel_id(key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, 'feed:' + key)}"


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attributes.items()})
    if text is not None:
        element.text = _text(text)
    return element


class FeedWriter:
    def __init__(self, config: SiteConfig, catalog: Catalog, bodies: BodyRenderer):
        self.config = config
        self.catalog = catalog
        self.bodies = bodies
        self.scheme = UrlScheme.from_config(config)
        self._articles = {a.source: a for a in catalog.articles}
        self._authors = {a.slug: a for a in catalog.authors}
        self._tags = {t.slug: t for t in catalog.tags}

    def abs(self, url: str) -> str:
        return absolute(url, self.config.base_url)

    def channel(self, page: PagePlan) -> FeedChannel:
        kind, _, slug = page.key.partition(":")
        site = self.config.title
        if kind == "section":
            title = self.config.section(slug).title
            return FeedChannel(f"{site}: {title}", f"The latest {title} stories from {site}", self.scheme.section(slug), page.url, page.key)
        if kind == "tag":
            name = self._tags[slug].name
            return FeedChannel(f"{site}: {name}", f"Stories about {name} from {site}", self.scheme.tag(slug), page.url, page.key)
        if kind == "author":
            name = self._authors[slug].name
            return FeedChannel(f"{site}: {name}", f"Stories by {name} from {site}", self.scheme.author(slug), page.url, page.key)
        return FeedChannel(site, self.config.tagline or f"The latest stories from {site}", "/", page.url, "site")

    def _content(self, article: Article) -> str:
        url = self.scheme.article(article)
        return absolutize(self.bodies.article(article).html, self.abs(url))

    def _categories(self, article: Article) -> list[tuple[str, str, str]]:
        """(term, label, scheme URL): the section, then each tag."""
        section = self.config.section(article.section)
        found = [(article.section, section.title, self.abs(self.scheme.section(article.section)))]
        for slug in self.catalog.tag_slugs(article):
            found.append((slug, self._tags[slug].name, self.abs(self.scheme.tag(slug))))
        return found

    def linked(self, page: PagePlan) -> frozenset[str]:
        """Sources the items' bodies link to: their URLs show in the feed's content."""
        return frozenset(s for source in page.items for s in self.bodies.article(self._articles[source]).linked_sources)

    def _updated(self, items: list[Article]) -> datetime:
        return max((a.last_modified for a in items), default=max((a.last_modified for a in self.catalog.articles), default=EPOCH))

    def render(self, page: PagePlan) -> bytes:
        items = [self._articles[s] for s in page.items]
        channel = self.channel(page)
        root = self._rss(channel, items) if page.kind == "rss" else self._atom(channel, items)
        ET.indent(root, space="  ")
        return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"

    def _rss(self, channel: FeedChannel, items: list[Article]) -> ET.Element:
        rss = ET.Element("rss", {"version": "2.0"})
        head = _sub(rss, "channel")
        _sub(head, "title", channel.title)
        _sub(head, "link", self.abs(channel.page_url))
        _sub(head, "description", channel.description)
        _sub(head, "language", self.config.language)
        _sub(head, "generator", f"newsgen {__version__}")
        if items:
            _sub(head, "lastBuildDate", format_datetime(self._updated(items)))
        _sub(head, f"{{{ATOM}}}link", href=self.abs(channel.feed_url), rel="self", type="application/rss+xml")
        for article in items:
            url = self.abs(self.scheme.article(article))
            item = _sub(head, "item")
            _sub(item, "title", article.title)
            _sub(item, "link", url)
            _sub(item, "guid", story_id(article), isPermaLink="false")
            _sub(item, "pubDate", format_datetime(article.date))
            for name in article.authors:
                _sub(item, f"{{{DC}}}creator", name)
            for term, label, scheme in self._categories(article):
                _sub(item, "category", label, domain=scheme)
            _sub(item, "description", article.summary)
            _sub(item, f"{{{CONTENT}}}encoded", self._content(article))
        return rss

    def _atom(self, channel: FeedChannel, items: list[Article]) -> ET.Element:
        # Atom in the default namespace, declared by hand: ElementTree cannot
        # combine a default namespace with unqualified attributes.
        feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: self.config.language})
        _sub(feed, "title", channel.title)
        _sub(feed, "subtitle", channel.description)
        _sub(feed, "id", channel_id(channel.key))
        _sub(feed, "link", rel="self", type="application/atom+xml", href=self.abs(channel.feed_url))
        _sub(feed, "link", rel="alternate", type="text/html", href=self.abs(channel.page_url))
        _sub(feed, "updated", rfc3339(self._updated(items)))
        # Atom needs an author for every entry; the publisher stands in for
        # stories without a byline.
        publisher = _sub(feed, "author")
        _sub(publisher, "name", self.config.publisher.name)
        _sub(feed, "generator", "newsgen", version=__version__)
        for article in items:
            url = self.abs(self.scheme.article(article))
            entry = _sub(feed, "entry")
            _sub(entry, "title", article.title, type="text")
            _sub(entry, "link", rel="alternate", type="text/html", href=url)
            _sub(entry, "id", story_id(article))
            _sub(entry, "published", rfc3339(article.date))
            _sub(entry, "updated", rfc3339(article.last_modified))
            for name, slug in zip(article.authors, self.catalog.author_slugs(article)):
                author = _sub(entry, "author")
                _sub(author, "name", name)
                _sub(author, "uri", self.abs(self.scheme.author(slug)))
            for term, label, scheme in self._categories(article):
                _sub(entry, "category", term=term, label=label, scheme=scheme)
            if article.summary:
                _sub(entry, "summary", article.summary, type="text")
            _sub(entry, "content", self._content(article), type="html")
        return feed
