"""sitemap.xml (split under an index past the protocol's limits), the Google
News sitemap and robots.txt.

lastmod is the last substantive change of what a page shows (an update or a
correction), never the build time, so an unchanged site gives unchanged files.
"""

from __future__ import annotations

from .config import SiteConfig
from .content.catalog import Catalog
from .dates import rfc3339
from .plan import PagePlan, SitePlan
from .urls import UrlScheme, absolute

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
XHTML = "http://www.w3.org/1999/xhtml"  # a page's translations, as Google reads them in sitemaps
NAMESPACES = {"news": NEWS, "xhtml": XHTML}  # by prefix: declared on the root when its entries use them


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
        self._by_url = plan.by_url

    def abs(self, url: str) -> str:
        return absolute(url, self.config.base_url)

    def render(self, page: PagePlan) -> bytes:
        if page.kind == "robots":
            return self._robots(page)
        if page.kind in ("sitemap_index", "news_sitemap_index"):
            entries = []
            for url in page.items:
                newest = self._by_url[url].lastmod  # the newest of its entries' (plan._sitemaps)
                entries.append(f"  <sitemap>\n    {_element('loc', self.abs(url))}\n"
                               + (f"    {_element('lastmod', rfc3339(newest))}\n" if newest else "") + "  </sitemap>")
            return _document("sitemapindex", entries)
        if page.kind == "sitemap":
            entries, translated = [], False
            for url in page.items:
                page_plan = self._by_url[url]
                lines = ["  <url>", f"    {_element('loc', self.abs(url))}"]
                if page_plan.lastmod:
                    lines.append(f"    {_element('lastmod', rfc3339(page_plan.lastmod))}")
                if page_plan.kind in ("article", "page"):
                    for language, target in self.plan.alternates.get(page_plan.key, ()):
                        lines.append(f'    <xhtml:link rel="alternate" hreflang="{_escape_attribute(language)}" '
                                     f'href="{_escape_attribute(self.abs(target))}" />')
                        translated = True
                lines.append("  </url>")
                entries.append("\n".join(lines))
            return _document("urlset", entries, ("xhtml",) if translated else ())
        entries = []
        for url in page.items:  # news_sitemap: items are article URLs
            article = self.catalog.by_source[self._by_url[url].key]
            entries.append("\n".join((
                "  <url>",
                f"    {_element('loc', self.abs(url))}",
                "    <news:news>",
                "      <news:publication>",
                f"        {_element('news:name', self.config.publisher.name)}",
                f"        {_element('news:language', news_language(article.language or self.config.language))}",
                "      </news:publication>",
                f"      {_element('news:publication_date', rfc3339(article.date))}",
                f"      {_element('news:title', article.title)}",
                "    </news:news>",
                "  </url>",
            )))
        return _document("urlset", entries, ("news",) if entries else ())

    def _robots(self, page: PagePlan) -> bytes:
        lines = ["User-agent: *"]
        lines += [f"Disallow: {self.config.base_path.rstrip('/')}{path}" for path in self.config.robots_disallow]
        if not self.config.robots_disallow:
            lines.append("Disallow:")
        lines.append("")
        lines += [f"Sitemap: {self.abs(url)}" for url in page.items]
        return ("\n".join(lines) + "\n").encode("utf-8")


# ---- the XML, written as text -----------------------------------------------
# A sitemap of 50,000 URLs took 0.7 s through ElementTree (a tree of 200,000
# elements, then its serializer), and a story added at 100,000 stories wrote
# three of them again. The entries are of three fixed shapes, written here as
# text, byte for byte as ElementTree with `indent(space="  ")` wrote them:
# its escaping, its empty elements (" />"), the namespaces used declared on
# the root, in order of their prefix.

def _document(root: str, entries: list[str], prefixes: tuple[str, ...] = ()) -> bytes:
    declared = f' xmlns="{SITEMAP}"' + "".join(f' xmlns:{prefix}="{NAMESPACES[prefix]}"' for prefix in sorted(prefixes))
    text = f"<{root}{declared}>\n" + "\n".join(entries) + f"\n</{root}>" if entries else f"<{root}{declared} />"
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + text.encode("utf-8") + b"\n"


def _element(tag: str, text: str) -> str:
    return f"<{tag}>{_escape_text(text)}</{tag}>" if text else f"<{tag} />"


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attribute(text: str) -> str:
    return _escape_text(text).replace('"', "&quot;").replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")
