"""JSON-LD for search engines: NewsArticle and its kinds, breadcrumbs, the
publisher and site on the front page, Person on author pages.

The JSON is escaped for a <script> element: "<", ">" and "&" become \\u
escapes, so no value from front matter can close the element or open a
comment, whatever it holds.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Callable, Mapping

from .config import SiteConfig
from .content.catalog import Catalog
from .content.model import Article, Author, Image
from .dates import rfc3339
from .images import ImageInfo, Variant
from .urls import UrlScheme, absolute

SCHEMA_TYPES = {
    "news": "NewsArticle",
    "opinion": "OpinionNewsArticle",
    "analysis": "AnalysisNewsArticle",
    "sponsored": "AdvertiserContentArticle",
}
PAYWALL_SELECTOR = ".paywall"
STRUCTURED_DATA_CROPS = ("16x9", "4x3", "1x1")


def _when(moment: datetime, time_known: bool, config: SiteConfig) -> str:
    """A date-only value stays a date: inventing midnight would be false."""
    return rfc3339(moment) if time_known else moment.astimezone(config.timezone).date().isoformat()


def to_script_json(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def shared_image(article: Article | None, config: SiteConfig) -> Image | None:
    """The image platforms and search engines show for a page: its story's
    lead image, else the site-wide `[publisher] image`."""
    if article and article.image:
        return article.image
    return Image(config.publisher.image, alt=config.publisher.name) if config.publisher.image else None


class StructuredData:
    def __init__(self, config: SiteConfig, catalog: Catalog, crops: Callable[[Image], Mapping[str, Variant]] = lambda image: {},
                 images: Mapping[str, ImageInfo] = {}):
        """`crops`: the crops the image stage makes of a story's lead image;
        `images`: what each raster the site publishes is, by output path."""
        self.config = config
        self.crops = crops
        self.images = images
        self.catalog = catalog
        self.scheme = UrlScheme.from_config(config)

    def abs(self, url: str) -> str:
        return absolute(url, self.config.base_url)

    def publisher(self) -> dict[str, Any]:
        publisher: dict[str, Any] = {
            "@type": "NewsMediaOrganization",
            "name": self.config.publisher.name,
            "url": self.config.base_url,
        }
        logo = self.config.publisher.logo or "/static/logo.svg"
        publisher["logo"] = {"@type": "ImageObject", "url": self.abs(logo)}
        info = self.images.get(logo.lstrip("/")) if logo.startswith("/") else None
        if info:  # Google reads a raster logo's size; it wants at least 112 px
            publisher["logo"].update(width=info.width, height=info.height)
        return publisher

    def person(self, name: str, slug: str) -> dict[str, Any]:
        return {"@type": "Person", "name": name, "url": self.abs(self.scheme.author(slug))}

    def article(self, article: Article) -> list[dict[str, Any]]:
        url = self.abs(self.scheme.article(article))
        section = self.catalog.section(article.section)
        tags = [t.name for t in self.catalog.tags if t.slug in set(self.catalog.tag_slugs(article))]
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": SCHEMA_TYPES[article.kind],
            "headline": article.title,
            "description": article.summary,
            "url": url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "datePublished": _when(article.date, article.time_known, self.config),
            "dateModified": _when(article.last_modified, article.time_known if article.last_modified == article.date else True, self.config),
            "articleSection": section.title,
            "inLanguage": article.language or self.config.language,
            "publisher": self.publisher(),
            "isAccessibleForFree": not article.paywall,
        }
        image = shared_image(article, self.config)
        if image:
            # Google's three shapes, each at least 1,200 px wide where the photo allows.
            shapes = [crop for name, crop in self.crops(image).items() if name in STRUCTURED_DATA_CROPS]
            data["image"] = [{"@type": "ImageObject", "url": self.abs("/" + crop.path), "width": crop.width, "height": crop.height}
                             for crop in shapes] or [self.abs(image.url)]
        persons = [self.person(n, s) for n, s in self.catalog.bylines(article)]
        if persons:
            data["author"] = persons[0] if len(persons) == 1 else persons
        if tags:
            data["keywords"] = tags
        if article.dateline:
            data["dateline"] = article.dateline
        if article.paywall:
            data["hasPart"] = {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": PAYWALL_SELECTOR}
        if article.corrections:
            data["correction"] = [
                {"@type": "CorrectionComment", "text": c.text, "datePublished": _when(c.date, c.time_known, self.config)} for c in article.corrections
            ]
        breadcrumbs = {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": self.config.title, "item": self.abs(self.scheme.front())},
                {"@type": "ListItem", "position": 2, "name": section.title, "item": self.abs(self.scheme.section(article.section))},
                {"@type": "ListItem", "position": 3, "name": article.title, "item": url},
            ],
        }
        return [data, breadcrumbs]

    def front(self) -> list[dict[str, Any]]:
        website = {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": self.config.title,
            "url": self.abs(self.scheme.front()),  # an edition's front page is a website of its own language
            "inLanguage": self.config.language,
            "publisher": {"@type": "NewsMediaOrganization", "name": self.config.publisher.name},
        }
        if self.config.tagline:
            website["description"] = self.config.tagline
        return [website, {"@context": "https://schema.org", **self.publisher()}]

    def author(self, author: Author) -> list[dict[str, Any]]:
        person: dict[str, Any] = {"@context": "https://schema.org", **self.person(author.name, author.slug)}
        if author.role:
            person["jobTitle"] = author.role
        same_as = [url for _, url in author.links if url.startswith(("http://", "https://"))]
        if same_as:
            person["sameAs"] = same_as
        person["worksFor"] = {"@type": "NewsMediaOrganization", "name": self.config.publisher.name, "url": self.config.base_url}
        return [person]
