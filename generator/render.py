"""SitePlan pages → OutputFiles, through Jinja2 layouts.

Templates get view models (plain frozen dataclasses with display-ready
values), never the pipeline's own objects. The environment autoescapes, and
its undefined is StrictUndefined: a misspelt field fails the build with the
template's name and line (and the field it is near) instead of rendering as
an empty string. A site's own `layouts/` overrides the packaged theme file
by file.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import os
import time
import traceback
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator, Mapping

import jinja2
import jinja2.bccache
import jinja2.utils
from babel.support import NullTranslations
from jinja2 import meta

from markupsafe import Markup

from . import __version__, translations
from .translations import gettext as _
from .bodies import BodyError, BodyRenderer
from .checked import read_checked, write_checked
from .config import SiteConfig
from .content.catalog import Catalog
from .content.markdown import ImageMarkup
from .images import FORMATS as IMAGE_TYPES
from .content.model import Article, Author
from .errors import Diagnostic, error
from .linkcheck import links_in
from .editions import edition_code
from .locales import human_date, human_datetime, human_time, is_rtl, language_name, month_and_year, month_name
from .outputs import OutputFile
from .plan import PagePlan, SitePlan, front_page
from .recent import Recent
from .sitepaths import is_external
from .slugs import tag_slug
from .structured_data import StructuredData, shared_image, to_script_json
from .timings import Timings
from .urls import UrlScheme, absolute

THEME_DIR = Path(__file__).parent / "theme"
KIND_LABELS = {"news": "News", "opinion": "Opinion", "analysis": "Analysis", "sponsored": "Sponsored"}
VIEWS_KEPT = 10_000  # story views kept per process: 2 KB each, all of a 10k archive


# ---- view models -----------------------------------------------------------

@dataclass(frozen=True)
class Link:
    title: str
    url: str  # site-relative; templates pass it through link()


@dataclass(frozen=True)
class Moment:
    iso: str  # for <time datetime>: 2022-12-09T14:30:00+01:00
    date: str  # 9 December 2022
    time: str  # 14:30 CET
    display: str  # 9 December 2022, 14:30 CET


@dataclass(frozen=True)
class ImageView:
    url: str  # site path (or the URL it was given as)
    alt: str
    caption: str
    credit: str  # as written: Photo: Jane Roe/Agency
    # Known for a social card cropped by the image stage: its size and MIME type.
    width: int = 0
    height: int = 0
    type: str = ""


@dataclass(frozen=True)
class ArticleView:
    title: str  # the headline
    url: str  # site path of its page; pass it through link()
    summary: str  # the dek: the writer's, or whole sentences of the body's first paragraph
    section: Link
    authors: tuple[Link, ...]  # the byline, each linked to the author's page
    tags: tuple[Link, ...]
    kind: str  # news, opinion, analysis or sponsored
    kind_label: str  # the kind as readers see it: News, Opinion, ...
    dateline: str  # where it was filed: MINSK
    published: Moment
    updated: Moment | None
    modified: Moment  # the last substantive change: update or correction
    corrections: tuple[tuple[Moment, str], ...]
    image: ImageView | None  # the lead image
    featured: bool  # leads the front page
    paywall: bool  # the body is for subscribers
    extra: Mapping[str, Any]  # front matter keys newsgen does not know, as written


# In a closure: every template there is (see Renderer._closure).
ANY_TEMPLATE = "*"


@dataclass(frozen=True)
class AuthorView:
    name: str
    url: str  # site path of the author's page
    role: str
    bio_html: str  # the bio, rendered from Markdown (its raw HTML shown as text)
    links: tuple[Link, ...]  # their own pages elsewhere, as final hrefs
    count: int  # stories published
    # Stories the bio links to: a page showing it depends on their URLs.
    linked: frozenset[str] = frozenset()
    extra: Mapping[str, Any] = field(default_factory=dict)  # the author file's other keys


@dataclass(frozen=True)
class Pagination:
    number: int  # this page's number in the list's URLs; 0 for the list's first URL under stable numbering (plan.list_pages)
    count: int  # pages in the list, as a reader is told; 0 under stable numbering, which tells none
    prev_url: str | None  # site paths of the newer and the older page, None at either end
    next_url: str | None
    first: bool = True  # the list's first URL: its newest stories
    status: str = ""  # where the reader is: "Page 2 of 9", "Page 2", or "" on a list's only or first URL


def _page_status(page: PagePlan) -> str:
    if page.count > 1:
        return _("Page %(number)d of %(count)d") % {"number": page.number, "count": page.count}
    return "" if page.first else _("Page %(number)d") % {"number": page.number}


@dataclass(frozen=True)
class FeedLink:
    title: str
    url: str  # site path
    type: str  # application/rss+xml or application/atom+xml


@dataclass(frozen=True)
class PageView:
    url: str  # site path of this page
    kind: str  # article, page, front, section, tag, author, year, month, latest, tags, authors, archive, search, not_found
    title: str  # the page's own title, without the site's
    description: str  # for <meta name="description"> and social cards
    canonical: str  # absolute URL
    pagination: Pagination
    feeds: tuple[FeedLink, ...]  # for <link rel="alternate">: the site's, then this list's own
    image: ImageView | None  # for social cards: absolute URL
    structured_data: tuple[Markup, ...]  # JSON-LD documents, escaped for <script>
    language: str = ""  # BCP 47 tag of the page: a story's own, else the site's (<html lang>)
    # (hreflang, site path) of a story's translations, itself included, then x-default: for <link rel="alternate" hreflang>.
    alternates: tuple[tuple[str, str], ...] = ()
    locale: str = ""  # the page's language as OpenGraph writes it: en_US, fr_FR
    direction: str = "ltr"  # the script's direction: ltr, or rtl for Arabic, Hebrew, Persian, Urdu... (<html dir>)
    # The site's editions in other languages ([languages] in site.toml), for the
    # language switcher: this page's translation in each where there is one,
    # else that edition's front page. Empty for a site in one language.
    editions: tuple["EditionLink", ...] = ()


@dataclass(frozen=True)
class EditionLink:
    language: str  # BCP 47 tag, for hreflang and lang
    name: str  # the language as its readers name it: Deutsch, Français, العربية
    url: str  # site path: the page's translation, else the edition's front page
    current: bool  # the edition this page is in
    translation: bool  # url is this page in that language (not the edition's front page)


# ---- the renderer ----------------------------------------------------------

class RenderError(Exception):
    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic
        super().__init__(str(diagnostic))


def moment(value: datetime, config: SiteConfig, *, time_known: bool = True, language: str = "") -> Moment:
    """A date and time in the site's time zone, written for readers of
    `language` (the site's by default); `iso` for machines."""
    language = language or config.language
    local = value.astimezone(config.timezone)
    date = human_date(local, language)
    if not time_known:
        return Moment(iso=local.date().isoformat(), date=date, time="", display=date)
    time = human_time(local, language)
    return Moment(iso=local.isoformat(timespec="seconds"), date=date, time=time, display=human_datetime(date, time, language))


# Open Graph wants language_TERRITORY; a bare language gets its usual territory.
_TERRITORIES = {
    "en": "US", "de": "DE", "fr": "FR", "es": "ES", "it": "IT", "pt": "PT", "nl": "NL", "sv": "SE",
    "da": "DK", "nb": "NO", "fi": "FI", "pl": "PL", "cs": "CZ", "uk": "UA", "ru": "RU", "tr": "TR",
    "el": "GR", "ja": "JP", "ko": "KR", "zh": "CN", "ar": "AR", "he": "IL", "hi": "IN",
}


def og_locale(language: str) -> str:
    parts = language.replace("_", "-").split("-")
    primary = parts[0].lower()
    territory = next((p.upper() for p in parts[1:] if len(p) == 2), _TERRITORIES.get(primary, primary.upper()))
    return f"{primary}_{territory}"


class _TimedEnvironment(jinja2.Environment):
    """Measures each template's renders, partials included: the time from
    its first output to its last, so a layout's time includes its blocks
    and includes (cumulative, like Hugo's --templateMetrics)."""

    timings: Timings

    def _load_template(self, name, globals):
        template = super()._load_template(name, globals)
        if not getattr(template, "_newsgen_timed", False):
            template.root_render_func = _timed(template.name, template.root_render_func, self)
            template._newsgen_timed = True
        return template


def _timed(name: str, render, environment: _TimedEnvironment):
    def root(context):
        started = time.perf_counter()
        try:
            yield from render(context)
        finally:
            environment.timings.add(name, time.perf_counter() - started)

    return root


def template_dirs(config: SiteConfig) -> list[Path]:
    return [config.layouts_dir, THEME_DIR / "layouts"]


# Environments by template folders (and profiling): one per process, so a
# process that builds again (the dev server) keeps its compiled templates
# while the layouts' bytes stay the same. Only the last few are kept: a test
# run builds many sites.
_ENVIRONMENTS: dict[tuple, jinja2.Environment] = {}
_ENVIRONMENTS_KEPT = 4


class _ExplainedUndefined(jinja2.StrictUndefined):
    """StrictUndefined whose error names the field one edit away, where the
    object has one: `site.titel` fails "…has no attribute 'titel'; did you
    mean 'title'?", as a misspelt site.toml key is answered."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        message = super()._undefined_message
        owner, name = self._undefined_obj, self._undefined_name
        if owner is jinja2.utils.missing or not isinstance(name, str):
            return message
        if isinstance(owner, Mapping):
            fields = [key for key in owner if isinstance(key, str)]
        elif dataclasses.is_dataclass(owner):
            fields = [each.name for each in dataclasses.fields(owner)]
        else:
            fields = [each for each in dir(owner) if not each.startswith("_")]
        near = difflib.get_close_matches(name, fields, n=1)
        return f"{message}; did you mean {near[0]!r}?" if near else message


def _environment(config: SiteConfig, timed: bool, template_cache: Path | None) -> jinja2.Environment:
    key = (tuple(str(d) for d in template_dirs(config)), timed, template_cache)
    env = _ENVIRONMENTS.pop(key, None)
    if env is None:
        env = (_TimedEnvironment if timed else jinja2.Environment)(
            loader=jinja2.FileSystemLoader(list(key[0])),
            bytecode_cache=_CompiledTemplates(template_cache / f"jinja-{jinja2.__version__}") if template_cache else None,
            autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
            undefined=_ExplainedUndefined,
            # _() and ngettext() in templates: the page's language (translations.py).
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # Checked once per build below, by content: not a stat of every
            # template at every include, and not fooled by a kept mtime.
            auto_reload=False,
        )
        env.install_gettext_callables(translations.gettext, translations.ngettext, newstyle=True)
        env.layouts = None
        env.referenced = {}  # (name, source) → the templates it names
    layouts = _layouts_digest(key[0])
    if env.layouts != layouts:
        env.cache.clear()
        env.layouts = layouts
    _ENVIRONMENTS[key] = env  # the most recently used last
    while len(_ENVIRONMENTS) > _ENVIRONMENTS_KEPT:
        del _ENVIRONMENTS[next(iter(_ENVIRONMENTS))]
    return env


def template_environment(config: SiteConfig) -> jinja2.Environment:
    """The site's templates (its layouts/ over the theme's), to read rather than render."""
    return _environment(config, False, None)


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates on disk, for the next process: Jinja reuses one
    only for the same source, and each file carries the digest of its bytes,
    so a damaged one is compiled again rather than run."""

    def __init__(self, folder: Path):
        self.folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = read_checked(self.folder / bucket.key)
        if found is not None:
            bucket.bytecode_from_string(bytes(found[0]))

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            write_checked(self.folder / bucket.key, bucket.bytecode_to_string())
        except OSError:
            pass  # only a speed-up


def _layouts_digest(folders: tuple[str, ...]) -> str:
    """Of every file in the template folders: names and bytes."""
    h = hashlib.sha256()
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                try:
                    with open(path, "rb") as handle:
                        data = handle.read()
                except OSError:
                    continue
                h.update(os.fsencode(path) + f"\0{len(data)}\0".encode())  # (a name need not be UTF-8)
                h.update(data)
    return h.hexdigest()


class Renderer:
    def __init__(self, config: SiteConfig, catalog: Catalog, plan: SitePlan, bodies: BodyRenderer,
                 template_timings: Timings | None = None, template_cache: Path | None = None):
        """`template_timings`: measure every template's renders into it (--profile).
        `template_cache`: keep compiled templates in this folder."""
        self.config = config
        self.catalog = catalog
        self.plan = plan
        self.bodies = bodies
        self.scheme = UrlScheme.from_config(config)
        self.structured = StructuredData(config, catalog, bodies.crops, bodies.images)
        self.env = _environment(config, template_timings is not None, template_cache)
        self._globals = {"site": self._site_view(), "newsgen_version": __version__}
        self._use_environment()
        if template_timings is not None:
            self.env.timings = template_timings
        self._articles = catalog.by_source
        self._pages = {p.source: p for p in catalog.pages}
        self._closures: dict[str, frozenset[str]] = {}
        self._views: Recent[str, ArticleView] = Recent(VIEWS_KEPT)
        self._catalogs: dict[str, NullTranslations] = {}

    def _use_environment(self) -> None:
        """The shared environment's globals are this renderer's (another
        renderer of the same layouts may have set them since)."""
        if self.env.globals.get("site") is not self._globals["site"]:
            self.env.globals.update(self._globals)

    # -- site-wide --

    def _site_view(self) -> dict[str, Any]:
        config = self.config
        scheme = self.scheme
        return {
            "title": config.title,
            "tagline": config.tagline,
            "language": config.language,
            # The edition's own pages: "/" and "/latest/", or "/fr/" and "/fr/latest/".
            "home": scheme.front(),
            "latest": scheme.latest(),
            "topics": scheme.tags_index,
            "journalists": scheme.authors_index,
            "archive": scheme.archive_index,
            "search": scheme.search if config.search.enabled else "",  # "" when search = false
            "base_url": config.base_url,
            "publisher": config.publisher.name,
            "logo": config.publisher.logo or "/static/logo.svg",
            "sections": tuple(Link(s.title, self.scheme.section(s.slug)) for s in self.catalog.sections),
            # The site's top pages (about, contact); not those deeper in a
            # folder (an imported site's guides/hcd/intro), which could be hundreds.
            "pages": tuple(Link(p.title, self.scheme.page(p)) for p in self.catalog.pages if "/" not in p.slug and p.listed),
            "timezone": str(config.timezone),
            "locale": og_locale(config.language),
            "image_preview": config.image_preview,
            "extra": config.extra,
        }

    # -- view models --

    def article_view(self, article: Article) -> ArticleView:
        # A story shows on a dozen list pages, often of one batch.
        return self._views.get(article.source, lambda: self._article_view(article))

    def _article_view(self, article: Article) -> ArticleView:
        section = self.catalog.section(article.section)
        image = article.image
        return ArticleView(
            title=article.title,
            url=self.scheme.article(article),
            summary=article.summary,
            section=Link(section.title, self.scheme.section(article.section)),
            authors=tuple(Link(name, self.scheme.author(slug)) for name, slug in self.catalog.bylines(article)),
            tags=tuple(Link(name, self.scheme.tag(tag_slug(name))) for name in self._tag_names(article)),
            kind=article.kind,
            kind_label=self._translations(article.language or self.config.language).gettext(KIND_LABELS[article.kind]),
            dateline=article.dateline,
            # In the story's own language, as its headline and summary are.
            published=moment(article.date, self.config, time_known=article.time_known, language=article.language),
            updated=moment(article.updated, self.config, time_known=article.updated_time_known, language=article.language) if article.updated else None,
            corrections=tuple((moment(c.date, self.config, time_known=c.time_known, language=article.language), c.text) for c in article.corrections),
            modified=moment(article.last_modified, self.config, time_known=article.time_known or article.last_modified != article.date,
                            language=article.language),
            image=ImageView(image.url, image.alt, image.caption, image.credit) if image else None,
            featured=article.featured,
            paywall=article.paywall,
            extra=article.extra,
        )

    def _tag_names(self, article: Article) -> tuple[str, ...]:
        return tuple(self.catalog.tag_names.get(slug, slug) for slug in self.catalog.tag_slugs(article))

    def author_view(self, author: Author, from_url: str) -> AuthorView:
        bio = self.bodies.bio(author.bio, author.source or "authors/", from_url) if author.bio else None
        return AuthorView(
            name=author.name,
            url=self.scheme.author(author.slug),
            role=author.role,
            bio_html=bio.html if bio else "",
            # Final hrefs: external as written, site paths made relative here.
            links=tuple(Link(label, url if is_external(url) else self._link(url, from_url)) for label, url in author.links),
            count=len(self.catalog.by_author.get(author.slug, ())),
            linked=bio.linked_sources if bio else frozenset(),
            extra=author.extra,
        )

    def _link(self, url: str, from_url: str) -> str:
        return self.bodies.link(url, from_url)

    def _responsive(self, image: ImageView | None, page_url: str, shown: set[str]) -> ImageMarkup | None:
        """A story image's widths, for the theme's `responsive(image)`; None for
        one published as it is (SVG, GIF, elsewhere). The page then depends
        on the image's size: `shown` gets its site path."""
        if image is None or is_external(image.url):
            return None
        shown.add(image.url)
        return self.bodies.image_markup(image.url, page_url)

    @staticmethod
    def _list_url(page: PagePlan) -> str:
        """The first URL of the list this page belongs to."""
        return page.url if page.first else page.url.rsplit("page/", 1)[0]

    def _pagination(self, page: PagePlan) -> Pagination:
        base = self._list_url(page)
        prev_url = None if page.newer is None else self.scheme.paginated(base, page.newer)
        next_url = None if page.older is None else self.scheme.paginated(base, page.older)
        return Pagination(page.number, page.count, prev_url, next_url, page.first, _page_status(page))

    # -- pages --

    def _feed_links(self, page: PagePlan, heading: str) -> tuple[FeedLink, ...]:
        lists = [(self.config.title, self.scheme.front())]
        if page.kind in ("section", "tag", "author"):
            lists.append((f"{self.config.title}: {heading}", self._list_url(page)))
        elif page.kind == "article":
            article = self._articles[page.key]
            lists.append((f"{self.config.title}: {self.catalog.section(article.section).title}", self.scheme.section(article.section)))
        return tuple(
            FeedLink(f"{title} ({label})", self.scheme.feed(url, format), kind)
            for title, url in lists
            for format, label, kind in (("rss", "RSS", "application/rss+xml"), ("atom", "Atom", "application/atom+xml"))
        )

    def _edition_links(self, page: PagePlan) -> tuple[EditionLink, ...]:
        editions = self.plan.editions
        if len(editions) < 2:
            return ()
        site = editions[0].config
        versions = {}
        if page.kind == "article":
            for version in self.catalog.translations.get(page.key, ()):
                versions.setdefault(edition_code(version.language, site), self.plan.urls[version.source])
        elif page.kind == "page":  # (its edition's catalog has its versions in this language only: the plan has all)
            for language, url in self.plan.alternates.get(page.key, ())[:-1]:  # the last is x-default
                versions.setdefault(edition_code(language, site), url)
        primary = Counter(e.config.language.split("-")[0].lower() for e in editions)
        return tuple(
            EditionLink(e.config.language, language_name(e.config.language, primary[e.config.language.split("-")[0].lower()] > 1),
                        versions.get(e.code, UrlScheme.from_config(e.config).front()), e.code == page.edition, e.code in versions)
            for e in editions
        )

    def _social_image(self, page: PagePlan) -> ImageView | None:
        image = shared_image(self._articles[page.key] if page.kind == "article" else None, self.config)
        if image is None:
            return None
        card = self.bodies.crops(image).get("card")
        if card is None:  # published as it is (SVG, GIF, elsewhere)
            return ImageView(absolute(image.url, self.config.base_url), image.alt, image.caption, image.credit)
        return ImageView(absolute("/" + card.path, self.config.base_url), image.alt, image.caption, image.credit,
                         card.width, card.height, IMAGE_TYPES[card.format])

    def _structured_data(self, page: PagePlan) -> tuple[Markup, ...]:
        if page.kind == "article":
            documents = self.structured.article(self._articles[page.key])
        elif page.kind == "front":
            documents = self.structured.front()
        elif page.kind == "author" and page.first:
            documents = self.structured.author(self.catalog.author_by_slug[page.key])
        else:
            return ()
        return tuple(Markup(to_script_json(d)) for d in documents)

    def render(self, page: PagePlan) -> OutputFile:
        """Render one planned page. Raises RenderError naming the file and line at fault."""
        self._body_html = ""
        own = self._articles[page.key] if page.kind == "article" else self._pages[page.key] if page.kind == "page" else None
        language = (own.language if own else "") or self.config.language
        with translations.speaking(self._translations(language)):
            return self._render(page, language)

    def _translations(self, language: str) -> NullTranslations:
        """The theme's phrases in `language`, read once per renderer (a build)."""
        if language not in self._catalogs:
            self._catalogs[language] = translations.translations(self.config, language)
        return self._catalogs[language]

    def _render(self, page: PagePlan, language: str) -> OutputFile:
        variables, title, description, sources = self._variables(page)
        view = PageView(
            url=page.url,
            kind=page.kind,
            title=title,
            description=description,
            canonical="" if page.kind == "not_found" else absolute(page.url, self.config.base_url),
            pagination=self._pagination(page),
            feeds=self._feed_links(page, variables["listing"]["title"] if "listing" in variables else title),
            image=self._social_image(page),
            structured_data=self._structured_data(page),
            language=language,
            locale=og_locale(language),
            direction="rtl" if is_rtl(language) else "ltr",
            alternates=self.plan.alternates.get(page.key, ()) if page.kind in ("article", "page") else (),
            editions=self._edition_links(page),
        )
        shown: set[str] = set()
        variables.update(
            page=view,
            link=lambda url: self._link(url, page.url),
            responsive=lambda image: self._responsive(image, page.url, shown),
            logo=lambda: self.bodies.logo_markup(self._globals["site"]["logo"], page.url),
            absolute=lambda url: absolute(url, self.config.base_url),
        )
        self._use_environment()
        try:
            with self._template_errors():
                template = self.env.get_template(page.template)
            text = template.render(variables)
        except BodyError as exc:
            raise RenderError(exc.diagnostic) from None
        except RecursionError as exc:  # a template including itself, directly or through others
            path, line = self._looping_template(exc)
            raise RenderError(error(path, line, "the template includes itself, directly or "
                                                "through others, without end; remove the include that loops")) from None
        except Exception as exc:  # an error inside a template: report its line
            path, line = self._template_frame(exc)
            raise RenderError(error(path, line, f"{type(exc).__name__}: {exc}")) from None
        return OutputFile(
            path=page.path,
            data=text.encode("utf-8"),
            sources=sources.union(shown),
            body_links=tuple(links_in(self._body_html)) if self._body_html else (),
        )

    def _variables(self, page: PagePlan) -> tuple[dict[str, Any], str, str, frozenset[str]]:
        config, catalog = self.config, self.catalog
        listed = [self.article_view(self._articles[s]) for s in page.items]
        sources = frozenset(page.sources)
        if page.kind == "article":
            article = self._articles[page.key]
            body = self.bodies.article(article)
            self._body_html = body.html
            newer, older = catalog.neighbours[article.source]
            variables = {
                "article": self.article_view(article),
                "body": Markup(body.html),
                # A migrated story often shows its lead image in its text too: once is enough.
                "lead_image_in_body": bool(article.image and article.image.url in body.images),
                # Not the previous or next story: their cards are just above.
                "related": [self.article_view(a) for a in catalog.related[article.source] if a is not newer and a is not older],
                "newer": self.article_view(newer) if newer else None,
                "older": self.article_view(older) if older else None,
            }
            return variables, article.title, article.summary, sources | body.linked_sources | body.images
        if page.kind == "page":
            static = self._pages[page.key]
            body = self.bodies.render(static.body, static.source, page.url, static.body_line)
            self._body_html = body.html
            variables = {"static_page": {"title": static.title, "summary": static.summary, "body": Markup(body.html)}}
            return variables, static.title, static.summary, sources | body.linked_sources | body.images
        if page.kind == "front":
            by_source = dict(zip(page.items, listed))
            front = front_page(catalog)
            variables = {
                "lead": by_source[front.lead.source] if front.lead else None,
                "top_stories": [by_source[a.source] for a in front.top],
                "section_blocks": [
                    {"section": Link(self.config.section(slug).title, self.scheme.section(slug)), "articles": [by_source[a.source] for a in stories]}
                    for slug, stories in front.blocks
                ],
            }
            return variables, "", config.tagline or config.title, sources
        if page.kind in ("section", "tag", "author", "year", "month", "latest"):
            title, description, author = self._listing_heading(page)
            variables = {"listing": {"kind": page.kind, "title": title, "description": description, "author": author}, "articles": listed}
            if page.count > 1:
                title = _("%(title)s (page %(number)d of %(count)d)") % {"title": title, "number": page.number, "count": page.count}
            elif not page.first:
                title = _("%(title)s (page %(number)d)") % {"title": title, "number": page.number}
            return variables, title, description, sources | author.linked if author else sources
        if page.kind == "tags":
            tags = [{"name": t.name, "url": self.scheme.tag(t.slug), "count": len(catalog.by_tag[t.slug])} for t in catalog.tags]
            return {"tags": tags}, _("Topics"), _("Every topic covered by %(site)s") % {"site": config.title}, sources
        if page.kind == "authors":
            authors = [self.author_view(a, page.url) for a in catalog.authors]
            return ({"authors": authors}, _("Our journalists"), _("The people who write %(site)s") % {"site": config.title},
                    sources.union(*(a.linked for a in authors)))
        if page.kind == "archive":
            years = [
                {
                    "year": year,
                    "url": self.scheme.year(year),
                    "count": len(catalog.articles_of_year(year)),
                    "months": [
                        {"name": month_name(m, config.language), "url": self.scheme.month(year, m), "count": len(catalog.by_month[(year, m)])}
                        for m in catalog.months_of(year)
                    ],
                }
                for year in catalog.years
            ]
            return {"years": years}, _("Archive"), _("Every story published by %(site)s, by month") % {"site": config.title}, sources
        if page.kind == "not_found":
            return {}, _("Page not found"), _("The page you asked for does not exist."), sources
        if page.kind == "search":
            # Which of the index's shards are this edition's (search.py): the script reads /pagefind/index.json.
            return {"search_edition": page.edition}, _("Search"), _("Search every story published by %(site)s") % {"site": config.title}, sources
        raise ValueError(f"no renderer for page kind {page.kind!r}")

    def _listing_heading(self, page: PagePlan) -> tuple[str, str, AuthorView | None]:
        site = self.config.title
        if page.kind == "section":
            section = self.catalog.section(page.key)
            return section.title, section.description or _("The latest %(section)s news from %(site)s") % {"section": section.title, "site": site}, None
        if page.kind == "tag":
            name = self.catalog.tag_names[page.key]
            return name, _("Stories about %(topic)s from %(site)s") % {"topic": name, "site": site}, None
        if page.kind == "author":
            author = self.author_view(self.catalog.author_by_slug[page.key], page.url)
            return author.name, author.role or _("Stories by %(author)s") % {"author": author.name}, author
        if page.kind == "year":
            return _("Stories from %(year)s") % {"year": page.key}, _("Every story %(site)s published in %(period)s") % {"site": site, "period": page.key}, None
        if page.kind == "month":
            year, month = page.key.split("-")
            name = month_and_year(int(year), int(month), self.config.language)
            return name, _("Every story %(site)s published in %(period)s") % {"site": site, "period": name}, None
        return _("Latest news"), _("Every story from %(site)s, newest first") % {"site": site}, None

    # -- template bookkeeping --

    @contextmanager
    def _template_errors(self) -> Iterator[None]:
        """Loading or parsing a template: a problem names its file and line."""
        try:
            yield
        except jinja2.TemplateSyntaxError as exc:
            raise RenderError(error(self._template_path(exc.filename, exc.name), exc.lineno, f"template syntax: {exc.message}")) from None
        except jinja2.TemplateNotFound as exc:
            raise RenderError(error("layouts/", None, f"template {exc.name!r} not found in {', '.join(map(str, template_dirs(self.config)))}")) from None

    def template_closure(self, name: str) -> frozenset[str]:
        """The template and every template it extends, includes or imports."""
        with self._template_errors():
            return self._closure(name)

    def _closure(self, name: str) -> frozenset[str]:
        if name not in self._closures:
            found: set[str] = set()
            pending = [name]
            while pending:
                current = pending.pop()
                if current in found:
                    continue
                found.add(current)
                if current == ANY_TEMPLATE:
                    continue
                try:
                    source, filename, _ = self.env.loader.get_source(self.env, current)
                except jinja2.TemplateNotFound:
                    if current == name:
                        raise
                    # `ignore missing`, or a choice of a list include: kept in
                    # the closure, so that the file appearing renders again.
                    continue
                key = (current, source)
                if key not in self.env.referenced:
                    parsed = self.env.parse(source, current, filename)
                    # An include whose name is computed ("partials/" ~ name)
                    # could be any template: the page depends on them all.
                    self.env.referenced[key] = tuple(child or ANY_TEMPLATE for child in meta.find_referenced_templates(parsed))
                pending.extend(self.env.referenced[key])
            self._closures[name] = frozenset(found)
        return self._closures[name]

    def template_digest(self, name: str) -> str:
        """Of a template's file and text; of every template's for ANY_TEMPLATE;
        a fixed one for a template that is not there."""
        if name == ANY_TEMPLATE:
            every = hashlib.sha256()
            for each in sorted(self.env.list_templates()):
                every.update(f"{each}\0{self.template_digest(each)}\0".encode())
            return every.hexdigest()
        try:
            source, filename, _ = self.env.loader.get_source(self.env, name)
        except jinja2.TemplateNotFound:
            return "absent"
        return hashlib.sha256(f"{filename}\0{source}".encode()).hexdigest()

    def _template_path(self, filename: str | None, name: str | None) -> str:
        if filename:
            path = Path(filename)
            try:
                return path.relative_to(self.config.root).as_posix()
            except ValueError:
                return f"theme:{name or path.name}"
        return name or "<template>"

    def _looping_template(self, exc: BaseException) -> tuple[str, int | None]:
        """The template a recursion went round most often, the site's own
        before the theme's (which only extends it), and its line."""
        dirs = [str(d) for d in template_dirs(self.config)]
        counts: dict[tuple[str, int, bool], int] = {}
        for frame in traceback.extract_tb(exc.__traceback__):
            if any(frame.filename.startswith(d) for d in dirs):
                key = (frame.filename, frame.lineno, "include" in (frame.line or ""))
                counts[key] = counts.get(key, 0) + 1
        if not counts:
            return "layouts/", None
        theme = str(THEME_DIR)
        # The site's own file, an include, the one most gone round.
        (filename, line, _), _ = max(counts.items(), key=lambda item: (not item[0][0].startswith(theme), item[0][2], item[1]))
        return self._template_path(filename, None), line

    def _template_frame(self, exc: BaseException) -> tuple[str, int | None]:
        """The innermost template file and line in a traceback (Jinja maps them)."""
        dirs = [str(d) for d in template_dirs(self.config)]
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if any(frame.filename.startswith(d) for d in dirs):
                return self._template_path(frame.filename, None), frame.lineno
        return "layouts/", None
