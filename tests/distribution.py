"""Helpers for the tests of what a site distributes beyond its pages: feeds,
sitemaps, robots.txt, JSON-LD and head metadata.

Expectations are computed here from the Markdown sources themselves (read
with PyYAML, not with the generator's parser), so the tests do not check the
generator against itself.
"""

from __future__ import annotations

import functools
import json
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from lxml import etree

from .conftest import DEFAULT_CONFIG, NOW, Site, elements, output_files, page_url

TESTS = Path(__file__).resolve().parent
SCHEMAS = TESTS / "schemas"
SAMPLE_SITE = TESTS.parent
# The Makefile's SAMPLE_NOW: 2022-12-12T18:00:00+01:00.
SAMPLE_NOW = datetime(2022, 12, 12, 18, 0, tzinfo=ZoneInfo("Europe/Berlin"))

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"

# RFC 822 as RSS 2.0 uses it (with a four-digit year and a numeric zone).
RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def slug(text: str) -> str:
    """ASCII slugs, enough for the names used by these tests."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# ---- the site's sources -----------------------------------------------------

@dataclass(frozen=True)
class SiteInfo:
    title: str
    base_url: str
    language: str
    timezone: ZoneInfo
    publisher: str
    publisher_image: str  # as site.toml gives it; "" for none
    sections: dict[str, str]  # slug → title
    feed_limit: int
    disallow: tuple[str, ...]
    editions: dict[str, str] = field(default_factory=dict)  # [languages] code → its folder: {"de": "de/"}
    edition_sections: dict[str, dict[str, str]] = field(default_factory=dict)  # an edition's folder → its section titles

    def edition_of(self, language: str) -> str:
        """The folder of the edition a story in `language` is in: "" for the site's own."""
        found = [code for code in self.editions if language.lower() == code.lower() or language.lower().startswith(code.lower() + "-")]
        return self.editions[max(found, key=len)] if found else ""

    def section_title(self, section: str, edition: str = "") -> str:
        """As the site, or the edition in that folder, titles it."""
        return self.edition_sections.get(edition, {}).get(section) or self.sections.get(section) or section.replace("-", " ").title()

    def language_of(self, story: "Story") -> str:
        """The language its page is in: its own `lang`, else the site's."""
        return story.language or self.language


def site_info(root: Path) -> SiteInfo:
    raw = tomllib.loads((root / "site.toml").read_text(encoding="utf-8"))
    base = raw["base_url"] if raw["base_url"].endswith("/") else raw["base_url"] + "/"
    return SiteInfo(
        title=raw["title"],
        base_url=base,
        language=raw.get("language", "en"),
        timezone=ZoneInfo(raw.get("timezone", "UTC")),
        publisher=raw.get("publisher", {}).get("name") or raw["title"],
        publisher_image=raw.get("publisher", {}).get("image", ""),
        sections={k: v.get("title", k.title()) for k, v in raw.get("sections", {}).items()},
        feed_limit=raw.get("feeds", {}).get("limit", 50),
        disallow=tuple(raw.get("robots", {}).get("disallow", [])),
        editions={code: table.get("path", f"/{code.lower()}/").lstrip("/") for code, table in raw.get("languages", {}).items()},
        edition_sections={table.get("path", f"/{code.lower()}/").lstrip("/"): table.get("sections", {})
                          for code, table in raw.get("languages", {}).items()},
    )


@dataclass(frozen=True)
class Story:
    source: str  # path under content/
    title: str
    date: datetime
    time_known: bool
    updated: datetime | None
    corrections: tuple[tuple[datetime, str], ...]
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    section: str
    slug: str
    summary: str
    body: str
    kind: str
    dateline: str
    image: str  # site path or absolute URL, "" for none
    image_alt: str
    paywall: bool
    draft: bool
    edition: str = ""  # the folder of its language's edition: "de/"; "" for the site's own
    language: str = ""  # its own `lang`, "" for the site's

    @property
    def path(self) -> str:
        """Site-relative URL under the default permalink pattern, in its edition."""
        return f"/{self.edition}{self.section}/{self.date:%Y/%m/%d}/{self.slug}/"

    def url(self, base_url: str) -> str:
        return base_url + self.path.lstrip("/")

    @property
    def rel(self) -> str:
        """Its output file."""
        return self.path.lstrip("/") + "index.html"

    @property
    def last_modified(self) -> datetime:
        return max([self.date, *([self.updated] if self.updated else []), *(d for d, _ in self.corrections)])

    @property
    def author_slugs(self) -> tuple[str, ...]:
        return tuple(slug(a) for a in self.authors)

    @property
    def tag_slugs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(slug(t) for t in self.tags))

    def published(self, now: datetime) -> bool:
        return not self.draft and self.date <= now


def _moment(value, tz: ZoneInfo) -> tuple[datetime, bool]:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=tz)), True
    if isinstance(value, date):
        return datetime.combine(value, time(), tz), False
    text = str(value)
    parsed = datetime.fromisoformat(text)
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)), ":" in text


def read_stories(root: Path) -> list[Story]:
    """Every article under content/ (not authors/ or pages/), newest first."""
    info = site_info(root)
    tz = info.timezone
    stories = []
    content = root / "content"
    for path in sorted(content.rglob("*.md")):
        rel = path.relative_to(content).as_posix()
        if rel.split("/")[0] in ("authors", "pages") or "/" not in rel:
            continue
        text = path.read_text(encoding="utf-8")
        _, front_text, body = text.split("---\n", 2)
        front = yaml.safe_load(front_text) or {}
        when, time_known = _moment(front["date"], tz)
        authors = front.get("authors") or front.get("author") or []
        authors = [authors] if isinstance(authors, str) else authors
        tags = front.get("tags") or []
        tags = [t.strip() for t in tags.split(",")] if isinstance(tags, str) else tags
        corrections = tuple(sorted((_moment(c["date"], tz)[0], str(c["text"]).strip()) for c in front.get("corrections") or []))
        stories.append(Story(
            source=rel,
            title=str(front["title"]),
            date=when,
            time_known=time_known,
            updated=_moment(front["updated"], tz)[0] if front.get("updated") else None,
            corrections=corrections,
            authors=tuple(str(a) for a in authors),
            tags=tuple(str(t) for t in tags),
            section=slug(str(front.get("section") or rel.split("/")[0])),
            slug=slug(str(front.get("slug") or Path(rel).stem)),
            summary=str(front.get("summary") or "").strip(),
            body=body,
            kind=str(front.get("kind") or "news"),
            dateline=str(front.get("dateline") or ""),
            image=_image_path(str(front.get("image") or ""), rel),
            image_alt=str(front.get("image_alt") or ""),
            paywall=front.get("paywall") is True,
            draft=front.get("draft") is True,
            edition=info.edition_of(str(front.get("lang") or front.get("language") or "")),
            language=str(front.get("lang") or front.get("language") or ""),
        ))
    return sorted(stories, key=lambda s: (-s.date.timestamp(), s.slug))


def _image_path(image: str, rel: str) -> str:
    if not image or "://" in image or image.startswith("/"):
        return image
    return "/" + str(Path(rel).parent / image)


# ---- a built site -----------------------------------------------------------

@dataclass(frozen=True)
class Built:
    """A site's sources and its output folder, with what the output should hold."""

    root: Path
    output: Path
    now: datetime

    @functools.cached_property
    def info(self) -> SiteInfo:
        return site_info(self.root)

    @property
    def base_url(self) -> str:
        return self.info.base_url

    @functools.cached_property
    def stories(self) -> list[Story]:
        """Published in this build, newest first."""
        return [s for s in read_stories(self.root) if s.published(self.now)]

    @functools.cached_property
    def unpublished(self) -> list[Story]:
        return [s for s in read_stories(self.root) if not s.published(self.now)]

    def files(self) -> list[str]:
        return output_files(self.output)

    def html_files(self) -> list[str]:
        return [f for f in self.files() if f.endswith(".html")]

    def read(self, rel: str) -> str:
        return (self.output / rel).read_text(encoding="utf-8")

    def read_bytes(self, rel: str) -> bytes:
        return (self.output / rel).read_bytes()

    def url_of(self, rel: str) -> str:
        return page_url(rel, self.base_url)

    def story_by_url(self) -> dict[str, Story]:
        return {s.url(self.base_url): s for s in self.stories}

    @property
    def editions(self) -> list[str]:
        """The folder of each edition of the site, its own ("") first."""
        return ["", *self.info.editions.values()]

    def is_search_page(self, rel: str) -> bool:
        return rel in {edition + "search/index.html" for edition in self.editions}

    def edition_of(self, rel: str) -> str:
        """The folder of the edition an output file is in ("" for the site's own)."""
        return next((folder for folder in self.info.editions.values() if rel.startswith(folder)), "")

    def feed_lists(self) -> dict[str, tuple[str, list[Story]]]:
        """Each list that must have feeds: its page path → (kind, its stories newest first)."""
        lists: dict[str, tuple[str, list[Story]]] = {"": ("site", [])}
        for story in self.stories:  # each edition's lists are under its folder
            e = story.edition
            lists.setdefault(e, ("site", []))
            lists.setdefault(f"{e}{story.section}/", ("section", []))
            for tag in story.tag_slugs:
                lists.setdefault(f"{e}tags/{tag}/", ("tag", []))
            for author in story.author_slugs:
                lists.setdefault(f"{e}authors/{author}/", ("author", []))
        for story in self.stories:
            e = story.edition
            lists[e][1].append(story)
            lists[f"{e}{story.section}/"][1].append(story)
            for tag in story.tag_slugs:
                lists[f"{e}tags/{tag}/"][1].append(story)
            for author in story.author_slugs:
                lists[f"{e}authors/{author}/"][1].append(story)
        return lists


def write_site(folder: Path, files: dict[str, str | bytes], config: str | None = None) -> Site:
    """Like the `site` fixture, for module- and session-scoped fixtures."""
    folder.mkdir(parents=True, exist_ok=True)
    built = Site(folder / "site", folder / "output")
    (built.root / "content").mkdir(parents=True)
    files = dict(files)
    files.setdefault("site.toml", config if config is not None else DEFAULT_CONFIG)
    for rel, text in files.items():
        built.write(rel, text)
    return built


def build(folder: Path, files: dict[str, str | bytes], config: str | None = None, now: datetime = NOW) -> Built:
    """Write a small site into `folder`, build it at `now`, return it as Built."""
    site = write_site(folder, files, config)
    site.build(now)
    return Built(site.root, site.output, now)


# ---- XML schemas ------------------------------------------------------------

@functools.cache
def schema(name: str) -> etree.XMLSchema:
    """sitemap, siteindex, sitemap-news or news-urlset (sitemap + news)."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / f"{name}.xsd")))


def schema_errors(name: str, data: bytes) -> list[str]:
    checker = schema(name)
    document = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, huge_tree=True)).getroottree()
    if checker.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in checker.error_log]


def xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, huge_tree=True))


# ---- HTML -------------------------------------------------------------------

class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def html_text(fragment: str) -> str:
    """The text of an HTML fragment, whitespace collapsed."""
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.parts).split())


def url_attributes(fragment: str) -> list[str]:
    """Every href, src and srcset URL of an HTML fragment."""
    found = []
    for element in elements(fragment):
        for name in ("href", "src"):
            if element.attrs.get(name) is not None:
                found.append(element.attrs[name])
        if element.attrs.get("srcset"):
            found += [c.strip().split()[0] for c in element.attrs["srcset"].split(",") if c.strip()]
    return found


def ld_json_scripts(html: str) -> list[str]:
    """The raw text of every <script type="application/ld+json">, as a browser
    would delimit it."""
    return [e.text for e in elements(html, "script", type="application/ld+json")]


def ld_json(html: str) -> list[dict]:
    documents = []
    for text in ld_json_scripts(html):
        parsed = json.loads(text)
        documents += parsed if isinstance(parsed, list) else [parsed]
    return documents


def by_type(documents: list[dict], type_: str) -> list[dict]:
    return [d for d in documents if d.get("@type") == type_ or (isinstance(d.get("@type"), list) and type_ in d["@type"])]


def meta_values(html: str, key: str) -> list[str]:
    """content of every <meta property=key> or <meta name=key>, in order."""
    return [e.attrs.get("content") or "" for e in elements(html, "meta") if key in (e.attrs.get("property"), e.attrs.get("name"))]


# The site.toml the distribution tests start from; each adds its own keys.
GAZETTE_CONFIG = """\
title = "The Test Gazette"
base_url = "https://example.org/news/"
timezone = "Europe/Berlin"
language = "en"

[publisher]
name = "Gazette Media"

[sections.world]
title = "World"
order = 1
"""
