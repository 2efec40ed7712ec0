"""sitemap.xml (split under an index past the protocol's limits), the Google
News sitemap and robots.txt.

lastmod is the last substantive change of what a page shows (an update or a
correction), never the build time, so an unchanged site gives unchanged files.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from functools import cached_property

from .config import SiteConfig
from .content.catalog import Catalog
from .dates import rfc3339
from .plan import PagePlan, SitePlan, last_change, last_modified_by_source
from .urls import UrlScheme, absolute

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
XHTML = "http://www.w3.org/1999/xhtml"  # a page's translations, as Google reads them in sitemaps
ET.register_namespace("", SITEMAP)
ET.register_namespace("news", NEWS)
ET.register_namespace("xhtml", XHTML)


def news_language(language: str) -> str:
    """Google News wants ISO 639 codes, except zh-cn and zh-tw for Chinese."""
    tag = language.lower().replace("_", "-")
    if tag.startswith("zh"):
        return "zh-tw" if tag in ("zh-tw", "zh-hk", "zh-hant", "zh-mo") else "zh-cn"
    return tag.split("-")[0]


class SitemapWriter:
    def __init__(self, config: SiteConfig, catalog: Catalog, plan: SitePlan):
        self.config = config
        self.catalog = catalog
        self.scheme = UrlScheme.from_config(config)
        self.plan = plan
        self._newest = catalog.newest_change
        self._by_url = plan.by_url

    @cached_property
    def _modified(self) -> dict:
        return last_modified_by_source(self.catalog)

    def abs(self, url: str) -> str:
        return absolute(url, self.config.base_url)

    def lastmod(self, page: PagePlan) -> datetime | None:
        return last_change(page, self._modified, self._newest)

    def render(self, page: PagePlan) -> bytes:
        if page.kind == "robots":
            return self._robots(page)
        if page.kind in ("sitemap_index", "news_sitemap_index"):
            root = ET.Element(f"{{{SITEMAP}}}sitemapindex")
            for url in page.items:
                entry = ET.SubElement(root, f"{{{SITEMAP}}}sitemap")
                ET.SubElement(entry, f"{{{SITEMAP}}}loc").text = self.abs(url)
                newest = max((m for m in (self.lastmod(self._by_url[u]) for u in self._chunk_urls(url)) if m), default=None)
                if newest:
                    ET.SubElement(entry, f"{{{SITEMAP}}}lastmod").text = rfc3339(newest)
        elif page.kind == "sitemap":
            root = ET.Element(f"{{{SITEMAP}}}urlset")
            for url in page.items:
                entry = ET.SubElement(root, f"{{{SITEMAP}}}url")
                ET.SubElement(entry, f"{{{SITEMAP}}}loc").text = self.abs(url)
                page_plan = self._by_url[url]
                modified = self.lastmod(page_plan)
                if modified:
                    ET.SubElement(entry, f"{{{SITEMAP}}}lastmod").text = rfc3339(modified)
                if page_plan.kind == "article":
                    for language, target in self.plan.alternates.get(page_plan.key, ()):
                        ET.SubElement(entry, f"{{{XHTML}}}link", rel="alternate", hreflang=language, href=self.abs(target))
        else:  # news_sitemap: items are article URLs
            root = ET.Element(f"{{{SITEMAP}}}urlset")
            for url in page.items:
                article = self.catalog.by_source[self._by_url[url].key]
                entry = ET.SubElement(root, f"{{{SITEMAP}}}url")
                ET.SubElement(entry, f"{{{SITEMAP}}}loc").text = self.abs(url)
                news = ET.SubElement(entry, f"{{{NEWS}}}news")
                publication = ET.SubElement(news, f"{{{NEWS}}}publication")
                ET.SubElement(publication, f"{{{NEWS}}}name").text = self.config.publisher.name
                ET.SubElement(publication, f"{{{NEWS}}}language").text = news_language(article.language or self.config.language)
                ET.SubElement(news, f"{{{NEWS}}}publication_date").text = rfc3339(article.date)
                ET.SubElement(news, f"{{{NEWS}}}title").text = article.title
        ET.indent(root, space="  ")
        return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"

    def _chunk_urls(self, sitemap_url: str) -> tuple[str, ...]:
        return self._by_url[sitemap_url].items

    def _robots(self, page: PagePlan) -> bytes:
        lines = ["User-agent: *"]
        lines += [f"Disallow: {self.config.base_path.rstrip('/')}{path}" for path in self.config.robots_disallow]
        if not self.config.robots_disallow:
            lines.append("Disallow:")
        lines.append("")
        lines += [f"Sitemap: {self.abs(url)}" for url in page.items]
        return ("\n".join(lines) + "\n").encode("utf-8")
