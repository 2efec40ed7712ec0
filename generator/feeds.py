"""RSS 2.0 and Atom 1.0 feeds for the site, each section, tag and author.

Each item carries the story's own byline, its full text with absolute URLs,
its summary, a category per section and tag, and its lead image (Media RSS,
which feed readers show as the item's picture). Ids are derived from the
source file, not the URL, so they survive edits and a move to a new domain.
Feed dates come from the stories, never from the build clock, so a rebuild
of the same sources gives the same bytes.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from . import __version__, translations
from .bodies import BodyRenderer, absolutize
from .config import SiteConfig
from .content.catalog import Catalog
from .content.model import Article
from .images import FORMATS, variants
from .dates import rfc822, rfc3339
from .plan import PagePlan
from .recent import Recent
from .urls import UrlScheme, absolute

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
MEDIA = "http://search.yahoo.com/mrss/"
FEED_IMAGE_WIDTH = 1200  # the lead image's widest variant up to this goes in feeds
# A fixed namespace: ids must not change when the site's domain does.
ID_NAMESPACE = uuid.UUID("6f0c5f3e-2a57-4b8e-9a4c-5e0f2d0b7a11")
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
ITEMS_KEPT = 2_000  # feed items kept per process: about the stories of a few hundred feeds
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")



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


def _x(text: str) -> str:
    """Text content: escaped, and without the characters XML 1.0 forbids.
    (What xml.sax.saxutils does, without importing urllib's HTTP client.)"""
    return _NOT_XML.sub("", text).replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def _a(value: str) -> str:
    """A quoted attribute value, as xml.sax.saxutils.quoteattr quotes it."""
    value = _x(value).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace('"', "&quot;") + '"'


class FeedWriter:
    def __init__(self, config: SiteConfig, catalog: Catalog, bodies: BodyRenderer):
        self.config = config
        self.catalog = catalog
        self.bodies = bodies
        self.scheme = UrlScheme.from_config(config)
        self._articles = catalog.by_source
        self._language = translations.translations(config, config.language)
        self._items: Recent[tuple[str, str], str] = Recent(ITEMS_KEPT)  # (source, format) → item

    def abs(self, url: str) -> str:
        return absolute(url, self.config.base_url)

    def channel(self, page: PagePlan) -> FeedChannel:
        """The feed's own title and description, in its edition's language."""
        kind, _, slug = page.key.partition(":")
        site = self.config.title
        # The Atom id of each edition's feeds is its own.
        key = f"{page.edition}/{page.key}" if page.edition else page.key
        with translations.speaking(self._language):
            if kind == "section":
                section = self.catalog.section(slug)
                description = section.description or translations.gettext("The latest %(section)s news from %(site)s") % {"section": section.title, "site": site}
                return FeedChannel(f"{site}: {section.title}", description, self.scheme.section(slug), page.url, key)
            if kind == "tag":
                name = self.catalog.tag_names[slug]
                return FeedChannel(f"{site}: {name}", translations.gettext("Stories about %(topic)s from %(site)s") % {"topic": name, "site": site},
                                   self.scheme.tag(slug), page.url, key)
            if kind == "author":
                name = self.catalog.author_by_slug[slug].name
                return FeedChannel(f"{site}: {name}", translations.gettext("Stories by %(author)s from %(site)s") % {"author": name, "site": site},
                                   self.scheme.author(slug), page.url, key)
            return FeedChannel(site, self.config.tagline or translations.gettext("Every story from %(site)s, newest first") % {"site": site},
                               self.scheme.front(), page.url, key)

    def _content(self, article: Article) -> str:
        url = self.scheme.article(article)
        return absolutize(self.bodies.article(article).html, self.abs(url))

    def _categories(self, article: Article) -> list[tuple[str, str, str]]:
        """(term, label, scheme URL): the section, then each tag."""
        section = self.catalog.section(article.section)
        found = [(article.section, section.title, self.abs(self.scheme.section(article.section)))]
        for slug in self.catalog.tag_slugs(article):
            found.append((slug, self.catalog.tag_names[slug], self.abs(self.scheme.tag(slug))))
        return found

    def linked(self, page: PagePlan) -> frozenset[str]:
        """Sources the items' bodies link to, and images they show (by site
        path): their URLs and sizes show in the feed's content."""
        bodies = [self.bodies.article(self._articles[source]) for source in page.items]
        return frozenset().union(*(body.linked_sources | body.images for body in bodies))

    def _updated(self, items: list[Article]) -> datetime:
        """The newest change among the items. An empty feed's is the epoch:
        a function of what the feed shows, as its fingerprint is (the site's
        newest change was not, and went stale in a cached build)."""
        return max((a.last_modified for a in items), default=EPOCH)

    def render(self, page: PagePlan) -> bytes:
        items = [self._articles[s] for s in page.items]
        channel = self.channel(page)
        if page.kind == "rss":
            return self._rss(channel, items).encode("utf-8")
        return self._atom(channel, items).encode("utf-8")

    # A story's item is the same in every feed that carries it (up to a
    # dozen: site, section, tags, authors), so the recent ones are kept. Not
    # all: each holds a story's full text, and a process renders thousands.
    # Its RSS and Atom items are made together: they share the escaped body,
    # the costly part, and a feed's two formats are rendered side by side.

    def _item(self, article: Article, format: str) -> str:
        return self._items.get((article.source, format), lambda: self._items_of(article, format))

    def _items_of(self, article: Article, format: str) -> str:
        """The item in `format`; the other format's is kept for the feed beside it."""
        content = _x(self._content(article))
        media = self._media(article)
        made = {"rss": self._rss_item(article, content, media), "atom": self._atom_entry(article, content, media)}
        item = made.pop(format)
        for other, other_item in made.items():
            if (article.source, other) not in self._items:
                self._items.put((article.source, other), other_item)
        return item

    def _rss(self, channel: FeedChannel, items: list[Article]) -> str:
        head = [
            '<?xml version="1.0" encoding="utf-8"?>',
            f'<rss version="2.0" xmlns:atom="{ATOM}" xmlns:content="{CONTENT}" xmlns:dc="{DC}" xmlns:media="{MEDIA}">',
            "  <channel>",
            f"    <title>{_x(channel.title)}</title>",
            f"    <link>{_x(self.abs(channel.page_url))}</link>",
            f"    <description>{_x(channel.description)}</description>",
            f"    <language>{_x(self.config.language)}</language>",
            f"    <generator>newsgen {__version__}</generator>",
        ]
        if items:
            head.append(f"    <lastBuildDate>{rfc822(self._updated(items))}</lastBuildDate>")
        head.append(f'    <atom:link href={_a(self.abs(channel.feed_url))} rel="self" type="application/rss+xml" />')
        return "\n".join(head + [self._item(a, "rss") for a in items] + ["  </channel>", "</rss>", ""])

    def _rss_item(self, article: Article, content: str, media: list[str]) -> str:
        lines = [
            "    <item>",
            f"      <title>{_x(article.title)}</title>",
            f"      <link>{_x(self.abs(self.scheme.article(article)))}</link>",
            f'      <guid isPermaLink="false">{story_id(article)}</guid>',
            f"      <pubDate>{rfc822(article.date)}</pubDate>",
        ]
        if article.language:  # a story in another language than the channel's
            lines.append(f"      <dc:language>{_x(article.language)}</dc:language>")
        lines += [f"      <dc:creator>{_x(name)}</dc:creator>" for name, _ in self.catalog.bylines(article)]
        lines += [f"      <category domain={_a(scheme)}>{_x(label)}</category>" for _, label, scheme in self._categories(article)]
        lines += [
            f"      <description>{_x(article.summary)}</description>",
            f"      <content:encoded>{content}</content:encoded>",
        ]
        lines += ["      " + line for line in media]
        lines.append("    </item>")
        return "\n".join(lines)

    def _atom(self, channel: FeedChannel, items: list[Article]) -> str:
        head = [
            '<?xml version="1.0" encoding="utf-8"?>',
            f'<feed xmlns="{ATOM}" xmlns:media="{MEDIA}" xml:lang={_a(self.config.language)}>',
            f"  <title>{_x(channel.title)}</title>",
            f"  <subtitle>{_x(channel.description)}</subtitle>",
            f"  <id>{channel_id(channel.key)}</id>",
            f'  <link rel="self" type="application/atom+xml" href={_a(self.abs(channel.feed_url))} />',
            f'  <link rel="alternate" type="text/html" href={_a(self.abs(channel.page_url))} />',
            f"  <updated>{rfc3339(self._updated(items))}</updated>",
            # Atom needs an author for every entry; the publisher stands in
            # for stories without a byline.
            f"  <author>\n    <name>{_x(self.config.publisher.name)}</name>\n  </author>",
            f'  <generator version="{__version__}">newsgen</generator>',
        ]
        return "\n".join(head + [self._item(a, "atom") for a in items] + ["</feed>", ""])

    def _atom_entry(self, article: Article, content: str, media: list[str]) -> str:
        lines = [
            f"  <entry xml:lang={_a(article.language)}>" if article.language else "  <entry>",
            f'    <title type="text">{_x(article.title)}</title>',
            f'    <link rel="alternate" type="text/html" href={_a(self.abs(self.scheme.article(article)))} />',
            f"    <id>{story_id(article)}</id>",
            f"    <published>{rfc3339(article.date)}</published>",
            f"    <updated>{rfc3339(article.last_modified)}</updated>",
        ]
        for name, slug in self.catalog.bylines(article):
            lines.append(f"    <author>\n      <name>{_x(name)}</name>\n      <uri>{_x(self.abs(self.scheme.author(slug)))}</uri>\n    </author>")
        lines += [f"    <category term={_a(term)} label={_a(label)} scheme={_a(scheme)} />" for term, label, scheme in self._categories(article)]
        if article.summary:
            lines.append(f'    <summary type="text">{_x(article.summary)}</summary>')
        lines.append(f'    <content type="html">{content}</content>')
        lines += ["    " + line for line in media]
        lines.append("  </entry>")
        return "\n".join(lines)

    def _media(self, article: Article) -> list[str]:
        """The lead image as Media RSS, for RSS and Atom alike: a variant of
        a processed image with its size, else the file as it is; its
        caption and credit."""
        image = article.image
        if image is None:
            return []
        rel = image.url.lstrip("/")
        info = self.bodies.images.get(rel) if image.url.startswith("/") else None
        url, size = image.url, ""
        if info:
            own = [v for v in variants(rel, info, self.config.images) if v.format == info.format]
            chosen = max((v for v in own if v.width <= FEED_IMAGE_WIDTH), key=lambda v: v.width, default=own[0])
            url, size = "/" + chosen.path, f' width="{chosen.width}" height="{chosen.height}" type="{FORMATS[chosen.format]}"'
        lines = [f'<media:content url={_a(self.abs(url))} medium="image"{size}>']
        if image.caption or image.alt:
            lines.append(f'  <media:description type="plain">{_x(image.caption or image.alt)}</media:description>')
        if image.credit:
            lines.append(f"  <media:credit>{_x(image.credit)}</media:credit>")
        lines.append("</media:content>")
        return lines
