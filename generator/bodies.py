"""Markdown bodies → HTML, once each, shared by article pages and feeds.

Markdown is nearly all of a cold build's time, so a body is rendered once:
with links relative to its own page, which is where it is shown. A feed
that carries it makes those links absolute against the same page's URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from .config import SiteConfig
from .content.catalog import Catalog
from .content.markdown import LinkContext, MarkdownRenderer, UnresolvedLink
from .content.model import Article
from .content.parse import read_body
from .errors import Diagnostic, error
from .plan import SitePlan
from .urls import UrlScheme, href, relative


@dataclass(frozen=True)
class Body:
    html: str
    linked_sources: frozenset[str]  # content files this body links to


class BodyError(Exception):
    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic
        super().__init__(str(diagnostic))


class BodyRenderer:
    def __init__(self, config: SiteConfig, catalog: Catalog, plan: SitePlan, keep: frozenset[str] = frozenset()):
        self.config = config
        self.catalog = catalog
        self.plan = plan
        self.markdown = MarkdownRenderer()
        self.scheme = UrlScheme.from_config(config)
        self._published_paths = {"/" + rel for rel, _ in plan.copies}
        self._keep = keep  # sources whose bodies are needed more than once
        self._kept: dict[str, Body] = {}
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
        text = read_body(self.config.content_dir / article.source)
        return self.render(text, article.source, self.scheme.article(article))

    def render(self, text: str, source: str, page_url: str) -> Body:
        """Render Markdown written in content/`source` for the page at `page_url`."""
        if source in self._kept:
            return self._kept[source]
        if source in self._failed:
            raise self._failed[source]

        def resolve(target: str) -> str:
            if target in self.plan.urls:
                return self.plan.urls[target]
            status = self.catalog.unpublished.get(target)
            if status:
                raise UnresolvedLink(f"points to content/{target}, which is a {status} story and will not be published")
            raise UnresolvedLink(f"points to content/{target}, which does not exist")

        context = LinkContext(
            source=source,
            resolve_source=resolve,
            asset_exists=lambda path: path in self._published_paths,
            make_relative=lambda url: self.link(url, page_url),
        )
        html = self.markdown.render(text, context)
        if context.problems:
            self._failed[source] = BodyError(error(f"content/{source}", None, "; ".join(context.problems)))
            raise self._failed[source]
        body = Body(html=html, linked_sources=frozenset(context.linked_sources))
        if source in self._keep:
            self._kept[source] = body
        return body


_TAG = re.compile(r"<[a-zA-Z][^>]*>")
_URL_ATTRIBUTE = re.compile(r"""(\s(?:href|src|poster|cite)\s*=\s*)("[^"]*"|'[^']*'|[^\s"'>]+)""", re.IGNORECASE)
_SRCSET = re.compile(r"""(\ssrcset\s*=\s*)("[^"]*"|'[^']*')""", re.IGNORECASE)


def absolutize(html: str, page_url: str) -> str:
    """Make every URL in `html` absolute against `page_url` (feeds are read
    far from the page, where relative links mean nothing)."""

    def one(url: str) -> str:
        # "#fn:1" too: in a feed reader the page is elsewhere.
        url = url.strip()
        return urljoin(page_url, url) if url else url

    def attribute(match: re.Match) -> str:
        value = match.group(2)
        quote = value[0] if value[0] in "\"'" else ""
        inner = value[1:-1] if quote else value
        return f"{match.group(1)}{quote or chr(34)}{one(inner)}{quote or chr(34)}"

    def srcset(match: re.Match) -> str:
        value = match.group(2)
        parts = []
        for candidate in value[1:-1].split(","):
            bits = candidate.strip().split(maxsplit=1)
            if bits:
                parts.append(" ".join([one(bits[0]), *bits[1:]]))
        return f"{match.group(1)}{value[0]}{', '.join(parts)}{value[0]}"

    def tag(match: re.Match) -> str:
        return _SRCSET.sub(srcset, _URL_ATTRIBUTE.sub(attribute, match.group(0)))

    return _TAG.sub(tag, html)
