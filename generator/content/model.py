"""The nouns of a newsroom. Frozen dataclasses only: no I/O, no config, no Jinja."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any, Mapping

from ..frozendict import FrozenDict
from ..pickling import pickled_as_values
from ..slugs import tag_slug

KINDS = ("news", "opinion", "analysis", "sponsored")


class SourceKind(str, Enum):
    ARTICLE = "article"
    PAGE = "page"  # content/pages/ (about, contact), and Markdown directly in content/
    AUTHOR = "author"  # content/authors/<slug>.md
    SECTION = "section"  # content/<section>/_index.md: the section's own title and text (Hugo's)
    ASSET = "asset"  # anything that is not Markdown: copied as it is


@dataclass(frozen=True)
class SourceFile:
    rel: str  # path under content/, with forward slashes: "world/troops.md"
    kind: SourceKind


@dataclass(frozen=True)
class BuildMode:
    """What a build publishes. `now` is an input, never read from the clock
    inside the pipeline, so that every build is reproducible."""

    now: datetime
    drafts: bool = False
    future: bool = False


class ArticleStatus(str, Enum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    EXPIRED = "expired"  # past its `expires`: gone from every page, whatever the mode


@dataclass(frozen=True)
class Image:
    url: str  # site-relative ("/world/map.svg") or absolute ("https://…")
    alt: str = ""
    caption: str = ""
    credit: str = ""
    line: int | None = None  # where front matter gives it, for messages about it
    # What crops keep in view (social cards): x and y as fractions of the width and height.
    focus: tuple[float, float] = (0.5, 0.5)


@dataclass(frozen=True)
class Correction:
    date: datetime
    text: str
    time_known: bool = True


@pickled_as_values
@dataclass(frozen=True)
class Article:
    source: str  # path under content/
    title: str
    slug: str
    section: str  # section slug
    date: datetime
    updated: datetime | None
    authors: tuple[str, ...]  # names, as written in front matter
    tags: tuple[str, ...]  # as written; tags are matched by slug
    summary: str
    # The Markdown body is not kept here: ten thousand bodies would be most of
    # a build's memory. It is read back from the source when it is rendered.
    body_line: int  # line of the file where the body starts
    kind: str = "news"
    dateline: str = ""
    time_known: bool = True  # False for `date: 2022-12-09`: never show it as 00:00
    updated_time_known: bool = True
    image: Image | None = None
    draft: bool = False
    featured: bool = False
    paywall: bool = False  # the body is for subscribers (marked in structured data)
    corrections: tuple[Correction, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=FrozenDict)
    expires: datetime | None = None  # leaves the site at this moment
    aliases: tuple[str, ...] = ()  # site paths the story had before (a migrated site's URLs)
    permalink: str = ""  # the site path front matter fixes for it; "" follows site.toml's pattern
    language: str = ""  # as front matter gives it ("fr"); "" is the site's
    translation_key: str = ""  # shared by the translations of one story
    summary_line: int | None = None  # where the writer wrote the summary; None for one made from the body
    # Worked out once, at construction: a cached_property would add them to
    # each instance's dict later, which then no longer shares its keys with
    # the others' and triples in size (25 MiB at 50,000 stories).
    tag_slugs: tuple[str, ...] = field(init=False, repr=False, compare=False)  # tags as matched: by slug, each once, as written
    last_modified: datetime = field(init=False, repr=False, compare=False)  # an update or the latest correction

    def __post_init__(self) -> None:
        object.__setattr__(self, "tag_slugs", tuple(dict.fromkeys(tag_slug(t) for t in self.tags)))
        moments = [self.date, *([self.updated] if self.updated else []), *(c.date for c in self.corrections)]
        object.__setattr__(self, "last_modified", max(moments))

    def status(self, mode: BuildMode) -> ArticleStatus:
        if self.expires is not None and self.expires <= mode.now:
            return ArticleStatus.EXPIRED
        if self.draft:
            return ArticleStatus.DRAFT
        if self.date > mode.now:
            return ArticleStatus.SCHEDULED
        return ArticleStatus.PUBLISHED

    def is_visible(self, mode: BuildMode) -> bool:
        status = self.status(mode)
        return (
            status is ArticleStatus.PUBLISHED
            or (status is ArticleStatus.DRAFT and mode.drafts and (self.date <= mode.now or mode.future))
            or (status is ArticleStatus.SCHEDULED and mode.future)
        )


@dataclass(frozen=True)
class Page:
    source: str
    title: str
    slug: str  # may contain "/" for nested pages: "legal/privacy"
    summary: str
    body: str
    body_line: int
    draft: bool = False
    extra: Mapping[str, Any] = field(default_factory=FrozenDict)
    aliases: tuple[str, ...] = ()
    permalink: str = ""
    language: str = ""
    translation_key: str = ""
    listed: bool = True  # in the site's navigation; not when its file says it is in no list (Pelican's status: hidden)
    expires: datetime | None = None  # leaves the site at this moment (Hugo's `expiryDate` on any page), whatever the mode

    def is_shown(self, mode: BuildMode) -> bool:
        return (mode.drafts or not self.draft) and (self.expires is None or self.expires > mode.now)


@dataclass(frozen=True)
class SectionText:
    """A section's own title and introduction (content/<section>/_index.md)."""

    source: str
    section: str  # the section's slug
    title: str
    summary: str
    body_line: int
    extra: Mapping[str, Any] = field(default_factory=FrozenDict)
    language: str = ""  # `language:`, or Hugo's _index.fr.md; "" is the site's
    aliases: tuple[str, ...] = ()  # old URLs of the section's page (Hugo's /en/basics/): they redirect to it


@dataclass(frozen=True)
class LeftOut:
    """A Markdown file that is not published, and why (a repository's home
    page of another generator, a file with no front matter)."""

    source: str
    reason: str


@dataclass(frozen=True)
class Author:
    name: str
    slug: str
    bio: str = ""  # Markdown
    role: str = ""
    links: tuple[tuple[str, str], ...] = ()
    source: str = ""  # content/authors/<slug>.md, or "" when from site.toml or only bylined
    extra: Mapping[str, Any] = field(default_factory=FrozenDict)  # the file's other keys, for templates
    aliases: tuple[str, ...] = ()  # old URLs of the author's page (an imported site's /author/ann/): they redirect to it


@dataclass(frozen=True)
class Tag:
    name: str  # the spelling shown: the most used one
    slug: str


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    order: int
    description: str = ""  # from the section's _index.md
    source: str = ""  # that _index.md, which links to the section name
