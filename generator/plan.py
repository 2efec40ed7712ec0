"""Catalog → SitePlan: every page the site will have, before any is rendered.

A PagePlan knows its URL, its template and the content sources it shows, so
collisions are found before anything is written and the dev server can tell
which pages an edit touches. Rendering a plan is a pure function of the plan,
the catalog and the templates.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from itertools import chain
from operator import attrgetter, is_
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from .config import SiteConfig
from .content.catalog import Catalog, bylines_relinked
from .content.model import Article, ArticleStatus, BuildMode, Page
from .editions import Edition, edition_code, single_edition
from .errors import Diagnostic, error, warning
from .frozendict import FrozenDict
from .images import ImageInfo, plan_images
from .pickling import pickled_as_values
from .sitepaths import is_external, unpublished_folder_hint
from .urls import UnsafeUrl, UrlScheme, output_path

FRONT_TOP_STORIES = 6
FRONT_SECTION_STORIES = 4
# The sitemap protocol's limits per file, and Google News's.
SITEMAP_MAX_URLS = 50_000
SITEMAP_MAX_BYTES = 50 * 1024 * 1024
# Up to this many URLs an edition's sitemap is one file; past it, a file
# per month under an index (_sitemap_parts), so an edit rewrites a small one.
SITEMAP_ONE_FILE = 1_000
NEWS_SITEMAP_MAX_URLS = 1_000
NEWS_WINDOW = timedelta(hours=48)
SEARCH_FOLDER = "pagefind"  # the search index's folder in output/ (search.py)
FEED_FORMATS = ("rss", "atom")
FEED_KINDS = frozenset(FEED_FORMATS)
SOURCE = attrgetter("source")  # an article's
LAST_MODIFIED = attrgetter("last_modified")
URL = attrgetter("url")  # a page's
LAST_CHANGE = attrgetter("lastmod")  # a page's
SITEMAP_KINDS = frozenset({"sitemap", "sitemap_index", "news_sitemap", "news_sitemap_index", "robots"})


@pickled_as_values
@dataclass(frozen=True)
class PagePlan:
    url: str  # site-relative: "/world/page/2/"
    template: str  # "" for files made in code: feeds, sitemaps, robots.txt
    # front, article, page, section, tag, author, year, month, latest, tags,
    # authors, archive, search, not_found; rss, atom; sitemap, sitemap_index,
    # news_sitemap, news_sitemap_index, robots
    kind: str
    # what the page is about: a source, a section/tag/author slug, "2022" or
    # "2022-12"; for feeds "site", "section:world", "tag:x" or "author:y"
    key: str = ""
    # Its place in a paginated list (list_pages): its number in the list's URLs, 0 for the
    # list's first URL under stable numbering; the pages a reader is told the list has
    # (0 under stable numbering, which tells none); the numbers its "newer" and "older" links go to.
    number: int = 1
    count: int = 1
    newer: int | None = None
    older: int | None = None
    items: tuple[str, ...] = ()  # sources of the articles listed; for sitemaps, the URLs
    # Every source whose content shows here, sorted: a tuple, not a set, at a
    # seventh of the memory over the tens of thousands of pages of a large site.
    sources: tuple[str, ...] = ()
    # What else the page shows that its sources' digests would over-state: the
    # counts on an index page, the URLs and dates in a sitemap. Editing a
    # story's text changes none of it, so such pages are not rendered again.
    stamp: str = ""
    # The sources whose text past the front matter shows here (a story's own
    # page, full-text feeds). The rest of `sources` show only what their
    # front matter says, so an edit of a story's text alone leaves them be.
    bodies: tuple[str, ...] = ()
    edition: str = ""  # the language of the edition it belongs to (editions.py); "" for the site's own
    # Its last substantive change, which sitemaps show: its story's, or the
    # newest of the stories it lists; an index of everything changes with
    # the newest story; a static page has none. Worked out as the page is
    # planned, so a page the next plan takes over needs none worked out again.
    lastmod: datetime | None = None
    # The file under output/, set at construction (see Article.tag_slugs for why not cached).
    path: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", output_path(self.url))

    @property
    def first(self) -> bool:
        """Not a later page of a list: its newest stories, or a page that is no list."""
        return self.number == 0 or (self.number == 1 and self.count > 0)


@dataclass(frozen=True)
class SitePlan:
    pages: tuple[PagePlan, ...]
    urls: dict[str, str]  # source (article, page or section text) → URL, for links between content files
    copies: tuple[tuple[str, Path], ...]  # (output path, file): assets and static files
    former_urls: dict[str, str] = field(default_factory=dict)  # expired story → the URL it had
    redirects: tuple = ()  # redirects.Redirect: every old URL and where it goes now
    images: tuple = ()  # images.PlannedImage: copied files published as processed variants
    editions: tuple[Edition, ...] = ()  # the site in each of its languages, its own first
    # A story or static page with translations → its hreflang alternates (hreflang_alternates).
    alternates: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    def link_target(self, source: str) -> str | None:
        """The URL a link to content/`source` goes to, if any."""
        return self.urls.get(source) or self.former_urls.get(source)

    @cached_property
    def by_url(self) -> dict[str, PagePlan]:
        return {p.url: p for p in self.pages}


def _missing_images(catalog: Catalog, config: SiteConfig, published: set[str]) -> list[Diagnostic]:
    """A story's `image:` and `[publisher] logo` and `image` must be files
    the site publishes (or http(s) URLs), as an image in a story's text
    must: a page, card and feed item would show nothing."""
    named = [(f"content/{a.source}", a.image.line, "image", a.image.url) for a in catalog.articles if a.image]
    named += [("site.toml", None, f"publisher.{key}", path) for key, path in (("logo", config.publisher.logo), ("image", config.publisher.image))]
    return [
        error(where, line, f"the image {path!r} does not exist (looked for content{path} and static/); check the path in '{key}', "
                           f"or remove it{unpublished_folder_hint(path)}")
        for where, line, key, path in named
        if path and not is_external(path) and path.lstrip("/") not in published
    ]


def sorted_sources(*groups: Iterable[str]) -> tuple[str, ...]:
    """Sources as a page plan holds them: each once, sorted."""
    return tuple(sorted(set().union(*groups)))


def plan_site(catalog: Catalog, config: SiteConfig, static_files: dict[str, Path], now: datetime,
              images: Mapping[str, ImageInfo] = FrozenDict(), editions: tuple[Edition, ...] = (),
              previous: SitePlan | None = None) -> tuple[SitePlan, list[Diagnostic]]:
    """`images`: output path → what each raster image the site publishes is (images.py).
    `editions`: the site in each of its languages (editions.py); by default
    the catalog is the one edition. `previous`: the last build's plan, whose
    pages are taken where what they are made of is the same."""
    editions = editions or single_edition(catalog, config)
    earlier = _earlier_editions(previous, editions)
    pages: list[PagePlan] = []
    translated_pages = page_translations(catalog)
    for edition in editions:
        pages += _edition_pages(edition, translated_pages, earlier.get(edition.code))
    pages.append(PagePlan(UrlScheme.NOT_FOUND, "404.html", "not_found"))
    # The pages' own URL strings, not a second copy of each.
    urls = {page.key: page.url for page in pages if page.kind in ("article", "page")}
    alternates = {a.source: hreflang_alternates(sorted(catalog.translations[a.source], key=_FIRST_PUBLISHED), config, urls)
                  for a in catalog.articles if a.source in catalog.translations}
    alternates.update((source, hreflang_alternates(versions, config, urls)) for source, versions in translated_pages.items())
    for edition in editions:
        pages += _feeds(edition)
    for edition in editions:
        pages += _sitemaps([p for p in pages if p.edition == edition.code], edition, alternates, now, earlier.get(edition.code))
    listed = tuple(p.url for p in pages if p.kind in ("sitemap", "sitemap_index", "news_sitemap", "news_sitemap_index") and not p.key)
    pages.append(PagePlan(UrlScheme.ROBOTS, "", "robots", items=listed))

    copies = [(rel, config.content_dir / rel) for rel in sorted(catalog.assets)]
    copies += sorted(static_files.items())
    copy_owners = [f"content/{rel}" for rel in sorted(catalog.assets)] + [f"the static file {p}" for _, p in sorted(static_files.items())]
    labels = {**{rel: f"content/{rel}" for rel in catalog.assets}, **{rel: rel for rel in static_files}}
    leads = {a.image.url.lstrip("/"): a.image.focus for a in catalog.articles if a.image and not is_external(a.image.url)}
    if config.publisher.image and not is_external(config.publisher.image):
        leads.setdefault(config.publisher.image.lstrip("/"), (0.5, 0.5))
    pictures = plan_images(copies, images, config.images, labels, leads, config.publisher.logo.lstrip("/"))
    copy_owners += [f"{image.label} (its {v.width} px {v.format})" for image in pictures for v in image.variants if v.path != image.rel]
    copies_claimed = copies + [(v.path, image.source) for image in pictures for v in image.variants if v.path != image.rel]
    for edition in editions:
        scheme = UrlScheme.from_config(edition.config)
        urls.update((section.source, scheme.section(section.slug)) for section in edition.catalog.sections if section.source)
    problems = _collisions(pages, list(zip((rel for rel, _ in copies_claimed), copy_owners)), _edition_hint(catalog, config))
    if config.search.enabled:  # the search stage (search.py) writes its index there
        problems += [error(_describe(page), None, f"{page.url} is in /{SEARCH_FOLDER}/, where newsgen writes the search index; "
                                                  "change its URL, or turn search off (search = false in site.toml)")
                     for page in pages if page.url.startswith(f"/{SEARCH_FOLDER}/")]
        problems += [error(owner, None, f"/{rel} is in /{SEARCH_FOLDER}/, where newsgen writes the search index; move the file, or turn "
                                        "search off (search = false in site.toml)")
                     for (rel, _), owner in zip(copies_claimed, copy_owners) if rel.startswith(f"{SEARCH_FOLDER}/")]
        problems += _unknown_search_sections(config, [catalog, *(edition.catalog for edition in editions)])
    problems += _missing_images(catalog, config, {rel for rel, _ in copies})
    schemes = {e.code: UrlScheme.from_config(e.config) for e in editions}
    former_urls = {a.source: schemes.get(edition_code(a.language, config), schemes[""]).article(a) for a in catalog.expired}
    return SitePlan(pages=tuple(pages), urls=urls, copies=tuple(copies), former_urls=former_urls, images=pictures,
                    editions=editions, alternates=alternates), problems


def _unknown_search_sections(config: SiteConfig, catalogs: Sequence[Catalog]) -> list[Diagnostic]:
    """A warning naming the slugs of [search] sections that are no section
    of the site (a slip, "busines", left no story of it in the index)."""
    known = sorted({section.slug for catalog in catalogs for section in catalog.sections})
    unknown = [slug for slug in config.search.sections if slug not in known]
    if not unknown:
        return []
    return [warning("site.toml", None, f"[search] sections names {', '.join(map(repr, unknown))}, which the site has no section of, so "
                                       f"nothing of {'it' if len(unknown) == 1 else 'them'} is indexed; correct it to one of its "
                                       f"sections: {', '.join(known) or 'none yet'}")]


@dataclass(frozen=True)
class EarlierEdition:
    """An edition as the last build planned it, under the same settings.
    Its pages are taken again, the same objects, where what they are made
    of is the same: a story's page while the story, its related stories,
    its neighbours and the bylines' authors are; a list's page while it
    lists the same stories in the same place, with the same newest change.
    A retag at 100,000 stories then makes a few dozen pages' plans, not 140,000."""
    catalog: Catalog
    articles: dict[str, PagePlan] = field(default_factory=dict)  # source → its story's page
    lists: dict[tuple[str, str, int], PagePlan] = field(default_factory=dict)  # (kind, key, number) → a list's page
    # A sitemap's parts, each taken again while it lists the very same pages (_sitemaps).
    sitemaps: dict[str, PagePlan] = field(default_factory=dict)  # part name → the part
    plan: SitePlan | None = None  # the whole plan this edition was in


LIST_KINDS = frozenset({"latest", "section", "tag", "author", "year", "month"})


def _earlier_editions(previous: SitePlan | None, editions: Sequence[Edition]) -> dict[str, EarlierEdition]:
    """Each edition's last plan, by edition code, where its settings are the same."""
    if previous is None:
        return {}
    before = {edition.code: edition for edition in previous.editions}
    found = {edition.code: EarlierEdition(before[edition.code].catalog, plan=previous)
             for edition in editions if edition.code in before and before[edition.code].config == edition.config}
    for page in previous.pages:
        earlier = found.get(page.edition)
        if earlier is None:
            continue
        if page.kind == "article":
            earlier.articles[page.key] = page
        elif page.kind in LIST_KINDS:
            earlier.lists[(page.kind, page.key, page.number)] = page
        elif page.kind == "sitemap" and page.key:
            earlier.sitemaps[page.key] = page
    return found


def _edition_pages(edition: Edition, translated_pages: Mapping[str, tuple[Page, ...]], earlier: EarlierEdition | None = None) -> list[PagePlan]:
    """An edition's front page, stories, lists, indexes and static pages
    (`translated_pages`: page_translations of the whole site)."""
    catalog, config, code = edition.catalog, edition.config, edition.code
    scheme = UrlScheme.from_config(config)
    pages: list[PagePlan] = []
    size = config.page_size
    lists_before = earlier.lists if earlier else {}

    def listing(kind: str, key: str, url_of, articles: Sequence[Article], template: str = "list.html", extra: tuple[str, ...] = (),
                stamp: str = "", before: Sequence[Article] | None = None) -> None:
        # `extra` (an author's own file) is in `stamp` (the author's record): a page with both as before has both.
        # `before`: the list as the earlier catalog had it. A page whose
        # stories are the very objects the same page of it showed (an
        # updated catalog keeps every story no change reached) lists what it
        # listed, changed as it was: it is taken over without its items being
        # made. Only the runs at either end are compared, at C speed: with one
        # story changed, added or deleted, the pages on either side of it.
        newest_alike, oldest_alike = (_alike_run(before, articles), _alike_run(before[::-1], articles[::-1])) if before else (0, 0)
        same_length = before is not None and len(before) == len(articles)
        for place in list_pages(len(articles), size, config.page_numbering):
            old = lists_before.get((kind, key, place.number))
            same_place = old is not None and old.stamp == stamp and old.template == template and (
                (old.count, old.newer, old.older) == (place.count, place.newer, place.older))
            # The first URL, and every page under newest-first numbering, is
            # counted from the newest story, a stable page from the oldest:
            # the same page of the earlier list showed the stories as far
            # from that end (from either, in a list as long as it was).
            from_newest = place.number == 0 or config.page_numbering == "newest-first"
            if same_place and (((from_newest or same_length) and place.stop <= newest_alike)
                               or ((not from_newest or same_length) and len(articles) - place.start <= oldest_alike)):
                pages.append(old)
                continue
            shown = articles[place.start : place.stop]
            items, lastmod = tuple(map(SOURCE, shown)), max(map(LAST_MODIFIED, shown), default=None)
            if same_place and old.items == items and old.lastmod == lastmod:
                pages.append(old)
                continue
            # A list holds each story once: its items need no set to be its sources.
            sources = sorted_sources(items, extra) if extra else tuple(sorted(items))
            pages.append(PagePlan(url_of(place.number), template, kind, key, number=place.number, count=place.count, newer=place.newer,
                                  older=place.older, items=items, sources=sources, stamp=stamp, edition=code, lastmod=lastmod))

    front_items = front_page(catalog).sources
    pages.append(PagePlan(scheme.front(), "front.html", "front", items=front_items, sources=sorted_sources(front_items), edition=code,
                          lastmod=max((catalog.by_source[source].last_modified for source in front_items), default=None)))
    then = earlier.catalog if earlier else None  # whose lists this one's are compared with
    listing("latest", "", scheme.latest, catalog.articles, before=then and then.articles)
    sections_then, tags_then, authors_then, months_then = (
        (then.by_section, then.by_tag, then.by_author, then.by_month) if then else ({}, {}, {}, {}))

    author_files = {a.slug: a.source for a in catalog.authors if a.source}
    before = then
    # A story as it was has the bylines it had, which lead where they led
    # while each name they both know has its slug and each slug its file: a
    # new byline elsewhere changes no other story's page.
    if before is not None and ({a.slug: a.source for a in before.authors if a.source} != author_files
                               or bylines_relinked(before.author_slug_by_name, catalog.author_slug_by_name)):
        before = None  # every story's page is planned anew
    for article in catalog.articles:
        source = article.source
        if before is not None and before.by_source.get(source) is article and source in earlier.articles and (
                before.related[source] == catalog.related[source] and before.neighbours[source] == catalog.neighbours[source]
                and before.translations.get(source) == catalog.translations.get(source)):
            pages.append(earlier.articles[source])
            continue
        newer, older = catalog.neighbours[article.source]
        shown = {article.source, *(a.source for a in catalog.related[article.source])}
        shown |= {a.source for a in (newer, older) if a is not None}
        shown |= {author_files[slug] for slug in catalog.author_slugs(article) if slug in author_files}
        shown |= {a.source for a in catalog.translations.get(article.source, ())}  # its hreflang alternates
        pages.append(PagePlan(scheme.article(article), "article.html", "article", article.source, sources=sorted_sources(shown),
                              bodies=(article.source,), edition=code, lastmod=article.last_modified))

    for section in catalog.sections:
        listing("section", section.slug, lambda n, s=section.slug: scheme.section(s, n), catalog.by_section.get(section.slug, ()),
                before=sections_then.get(section.slug))
    for tag in catalog.tags:
        listing("tag", tag.slug, lambda n, s=tag.slug: scheme.tag(s, n), catalog.by_tag[tag.slug], stamp=tag.name,
                before=tags_then.get(tag.slug))
    for author in catalog.authors:
        own = (author.source,) if author.source else ()
        listing("author", author.slug, lambda n, s=author.slug: scheme.author(s, n), catalog.by_author.get(author.slug, ()), extra=own,
                stamp=repr(author), before=authors_then.get(author.slug))
    for year in catalog.years:
        listing("year", f"{year:04d}", lambda n, y=year: scheme.year(y, n), catalog.articles_of_year(year),
                before=then and then.articles_of_year(year))
        for month in catalog.months_of(year):
            listing("month", f"{year:04d}-{month:02d}", lambda n, y=year, m=month: scheme.month(y, m, n), catalog.by_month[(year, month)],
                    before=months_then.get((year, month)))

    author_files = sorted_sources(a.source for a in catalog.authors if a.source)
    tag_counts = repr([(t.slug, t.name, len(catalog.by_tag[t.slug])) for t in catalog.tags])
    author_counts = repr([(a, len(catalog.by_author.get(a.slug, ()))) for a in catalog.authors])
    month_counts = repr([(key, len(items)) for key, items in catalog.by_month.items()])
    # The indexes of everything change with the newest story.
    newest = catalog.newest_change
    pages.append(PagePlan(scheme.tags_index, "tags.html", "tags", stamp=tag_counts, edition=code, lastmod=newest))
    pages.append(PagePlan(scheme.authors_index, "authors.html", "authors", sources=author_files, stamp=author_counts, edition=code,
                          lastmod=newest))
    pages.append(PagePlan(scheme.archive_index, "archive.html", "archive", stamp=month_counts, edition=code, lastmod=newest))
    if config.search.enabled:  # the search stage (search.py) writes the index it reads
        pages.append(PagePlan(scheme.search, "search.html", "search", edition=code))
    for page in catalog.pages:
        own = (page.source,)
        versions = sorted_sources(p.source for p in translated_pages.get(page.source, (page,)))  # its hreflang alternates
        pages.append(PagePlan(scheme.page(page), "page.html", "page", page.source, sources=versions, bodies=own, edition=code))
    return pages


@dataclass(frozen=True)
class ListPlace:
    """One page of a list of stories, newest first."""
    number: int  # in its URL (UrlScheme.paginated): 0 is the list's first URL
    start: int  # the stories it shows: list[start:stop]
    stop: int
    count: int  # the pages a reader is told the list has; 0: none told
    newer: int | None  # the page its "newer" link goes to, if any
    older: int | None


def list_pages(total: int, size: int, numbering: str) -> list[ListPlace]:
    """The pages of a list of `total` stories, `size` to a page.

    "stable": the list's first URL shows the newest `size` stories; pages
    1, 2, … hold its stories from the oldest, `size` each, and exist once
    full. A new story changes the first URL and, when it fills a page, adds
    that page and the link to it from the one before: an old page's URL
    keeps its stories (and its place in caches and search engines) for
    good. The first URL's "older" link goes to the newest page it does not
    show whole. No page tells how many there are: that would change them all.

    "newest-first": page 1 (the first URL) holds the newest `size`, page 2
    the next, and every page shifts by one story with each new one."""
    if numbering == "newest-first":
        count = max(1, -(-total // size))
        return [ListPlace(n, (n - 1) * size, n * size, count, n - 1 if n > 1 else None, n + 1 if n < count else None)
                for n in range(1, count + 1)]
    full, rest = divmod(total, size)
    newest_not_shown = full if rest else full - 1  # -1 for an empty list: no page
    places = [ListPlace(0, 0, size, 0, None, newest_not_shown if newest_not_shown > 0 else None)]
    for n in range(1, full + 1):
        places.append(ListPlace(n, total - n * size, total - (n - 1) * size, 0, n + 1 if n < full else 0, n - 1 or None))
    return places


@dataclass(frozen=True, order=True)
class ClockChange:
    """A moment at which the site changes by the clock alone."""

    moment: datetime
    source: str  # the story's file under content/
    what: str  # "is published", "leaves the news sitemap", "expires"


def clock_changes(articles: Sequence[Article], mode: BuildMode, pages: Sequence[Page] = ()) -> list[ClockChange]:
    """Every moment a story appears, leaves the news sitemap (48 hours on)
    or expires, and a page expires, past or future, in order."""
    changes: list[ClockChange] = []
    for article in _clocked(articles, mode):
        changes.append(ClockChange(article.date, article.source, "is published"))
        changes.append(ClockChange(article.date + NEWS_WINDOW, article.source, "leaves the news sitemap"))
        if article.expires is not None:
            changes.append(ClockChange(article.expires, article.source, "expires"))
    changes += (ClockChange(page.expires, page.source, "expires") for page in pages if page.expires is not None)
    return sorted(changes)


def time_window(articles: Sequence[Article], mode: BuildMode, pages: Sequence[Page] = ()) -> tuple[datetime | None, datetime | None]:
    """The span of `now` over which this build's output stays the same:
    from the last moment a story appeared or left the news sitemap, to the
    next moment one will (a scheduled story comes due, a story turns 48
    hours old, a story or page expires). None where there is no such
    moment. The moments of clock_changes, without making and sorting them:
    a second of a 100,000-story build."""
    now, since, until = mode.now, None, None
    moments = chain.from_iterable((article.date, article.date + NEWS_WINDOW, article.expires) for article in _clocked(articles, mode))
    for moment in chain(moments, (page.expires for page in pages)):
        if moment is None:
            continue
        if moment <= now:
            if since is None or moment > since:
                since = moment
        elif until is None or moment < until:
            until = moment
    return since, until


def _clocked(articles: Sequence[Article], mode: BuildMode) -> Iterator[Article]:
    """The stories whose moments change the site: all but the drafts a build leaves out whatever the time."""
    return (a for a in articles if mode.drafts or a.status(mode) is not ArticleStatus.DRAFT)


def _feeds(edition: Edition) -> list[PagePlan]:
    """RSS and Atom for the edition and for each of its sections, tags and authors."""
    catalog, config = edition.catalog, edition.config
    scheme = UrlScheme.from_config(config)
    # (key, page, stories, what the feed's title shows beyond site.toml)
    lists = [("site", scheme.front(), catalog.articles, "")]
    lists += [(f"section:{s.slug}", scheme.section(s.slug), catalog.by_section.get(s.slug, ()), "") for s in catalog.sections]
    lists += [(f"tag:{t.slug}", scheme.tag(t.slug), catalog.by_tag[t.slug], t.name) for t in catalog.tags]
    lists += [(f"author:{a.slug}", scheme.author(a.slug), catalog.by_author.get(a.slug, ()), repr(a)) for a in catalog.authors]
    feeds = []
    for key, page_url, articles, stamp in lists:
        items = tuple(a.source for a in articles[: config.feed_limit])
        shown = sorted_sources(items)  # one tuple for both formats: both show every item's text
        for format in FEED_FORMATS:
            feeds.append(PagePlan(scheme.feed(page_url, format), "", format, key, items=items, sources=shown, stamp=stamp, bodies=shown,
                                  edition=edition.code))
    return feeds


_FIRST_PUBLISHED = attrgetter("date", "source")


def page_translations(catalog: Catalog) -> dict[str, tuple[Page, ...]]:
    """Static page → its versions in other languages, itself included (one
    `translation_key`, as a story's): Hugo's about.md and about.fr.md. By file."""
    groups: dict[str, list[Page]] = {}
    for page in sorted(catalog.pages, key=attrgetter("source")):
        if page.translation_key:
            groups.setdefault(page.translation_key, []).append(page)
    return {p.source: tuple(group) for group in groups.values() if len(group) > 1 for p in group}


def hreflang_alternates(versions: Sequence[Article | Page], config: SiteConfig, urls: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """(hreflang, site path) of every version of a story or static page
    that has translations, itself included, then x-default: the version in
    the site's language, else the first of `versions` in it. `urls`:
    source → its page's URL, whichever edition it is in."""
    found: dict[str, str] = {}
    for version in versions:
        found.setdefault((version.language or config.language).lower(), urls[version.source])
    default = found.get(config.language.lower()) or next(iter(found.values()))
    return (*sorted(found.items()), ("x-default", default))


def _sitemaps(pages: list[PagePlan], edition: Edition, alternates: Mapping[str, tuple], now: datetime,
              earlier: EarlierEdition | None = None) -> list[PagePlan]:
    """An edition's sitemap.xml and news-sitemap.xml, split where the
    protocols say. A part of the last plan's sitemap (`earlier`) that lists
    the very same pages, unchanged, is taken again as it was."""
    catalog, config, scheme = edition.catalog, edition.config, UrlScheme.from_config(edition.config)
    # Not the 404 page, nor the search page: a crawler finds nothing there to list.
    public = sorted((p for p in pages if p.template and p.kind not in ("not_found", "search")), key=URL)
    if len(public) <= SITEMAP_ONE_FILE:
        groups = _numbered(_chunks(public, config.base_url, SITEMAP_MAX_URLS, URL))
    else:
        groups = [(f"{name}-p{n}" if n > 1 else name, chunk)
                  for name, group in sorted(_sitemap_parts(public, catalog, config).items())
                  for n, chunk in enumerate(_chunks(group, config.base_url, SITEMAP_MAX_URLS, URL), start=1)]
    same = earlier is not None and earlier.plan.alternates == alternates
    parts = []
    for name, shown in groups:
        old = earlier.sitemaps.get(name) if same and name else None
        if old is not None and len(old.items) == len(shown) and all(map(is_, shown, map(earlier.plan.by_url.get, old.items))):
            parts.append(old)
            continue
        # What each entry shows: its last change, and its translations' URLs.
        changed = [(p.url, p.lastmod, alternates.get(p.key, ()) if p.kind in ("article", "page") else ()) for p in shown]
        parts.append(PagePlan(scheme.sitemap(name), "", "sitemap", key=name, items=tuple(map(URL, shown)), edition=edition.code,
                              # Its digest, not the text itself: 4 MiB at 50,000 URLs, held twice.
                              stamp=hashlib.sha256("\n".join(map(str, changed)).encode()).hexdigest(),
                              lastmod=max(filter(None, map(LAST_CHANGE, shown)), default=None)))

    recent = [a for a in catalog.articles if now - NEWS_WINDOW <= a.date <= now]
    chunks = [recent[n : n + NEWS_SITEMAP_MAX_URLS] for n in range(0, len(recent), NEWS_SITEMAP_MAX_URLS)]
    sources = sorted_sources(a.source for a in recent)
    news = [PagePlan(scheme.news_sitemap(name), "", "news_sitemap", key=name, items=tuple(map(scheme.article, chunk)), sources=sources,
                     edition=edition.code, lastmod=max(map(LAST_MODIFIED, chunk))) for name, chunk in _numbered(chunks)]
    return _indexed("sitemap", parts, scheme.sitemap(), edition.code) + _indexed("news_sitemap", news, scheme.news_sitemap(), edition.code, sources)


def _indexed(kind: str, parts: list[PagePlan], url: str, edition: str, sources: tuple[str, ...] = ()) -> list[PagePlan]:
    """A sitemap of one part as the one file at `url`; of several, the parts
    under an index there (which shows each part's newest lastmod)."""
    if not parts:
        return []
    if len(parts) == 1 and not parts[0].key:
        return parts
    stamp = "\n".join(f"{p.stamp} {p.lastmod}" for p in parts)
    return [PagePlan(url, "", kind + "_index", items=tuple(map(URL, parts)), sources=sources, stamp=stamp, edition=edition), *parts]


def _numbered(chunks: list[list]) -> list[tuple[str, list]]:
    """Parts named by number ("1", "2", …), or one part with no name: one file."""
    return [(str(n) if len(chunks) > 1 else "", chunk) for n, chunk in enumerate(chunks, start=1)]


def _sitemap_parts(public: list[PagePlan], catalog: Catalog, config: SiteConfig) -> dict[str, list[PagePlan]]:
    """A large site's sitemap pages by part, each part's in order: a story in
    the part of the month it was published in ("2024-05"), a later page of a
    list in that of the month of its newest change, and the rest (the front
    page, lists' first pages, indexes, static pages) in "pages". A story
    published then changes its month's part, "pages" and the index, and an
    edit of its headline or text that keeps its URL and dates none of them:
    the parts of months past stay as crawlers last read them until a story
    in them is corrected or updated."""
    by_source = catalog.by_source
    moments = [by_source[page.key].date if page.kind == "article" else page.lastmod if not page.first else None for page in public]
    dated = [moment for moment in moments if moment is not None]
    if not dated:
        return {"pages": public}
    # A page's month found by bisection among the months' beginnings, not by
    # a conversion to the site's time and a name for each of 100,000 pages.
    # (On timestamps: comparing datetimes in different zones costs both their offsets.)
    starts, names = _sitemap_periods(min(dated).astimezone(config.timezone), max(dated))
    beginnings = [start.timestamp() for start in starts]
    parts: dict[str, list[PagePlan]] = {}
    for page, moment in zip(public, moments):
        parts.setdefault("pages" if moment is None else names[bisect_right(beginnings, moment.timestamp()) - 1], []).append(page)
    return parts


def _sitemap_periods(first: datetime, last: datetime) -> tuple[list[datetime], list[str]]:
    """The months from `first`'s to `last`'s, in `first`'s time zone: the moment each begins, and its part's name."""
    month = first.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    starts, names = [], []
    while month <= last:
        starts.append(month)
        names.append(f"{month.year:04d}-{month.month:02d}")
        month = datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=first.tzinfo)
    return starts, names


def _alike_run(one: Sequence[Article], other: Sequence[Article]) -> int:
    """How many stories from the start the two lists hold as the very same objects."""
    alike = list(map(is_, one, other))
    try:
        return alike.index(False)
    except ValueError:
        return len(alike)


def _chunks(items: list, base_url: str, max_urls: int, url_of=str) -> list[list]:
    """Split by count and by an upper bound of each entry's size in bytes."""
    base = len(base_url.encode())
    if len(items) <= max_urls and len(items) * (base + 12 * max(map(len, map(url_of, items)), default=0) + 120) <= SITEMAP_MAX_BYTES - 1024:
        return [items] if items else []  # within both limits, whatever its characters: one chunk
    chunks: list[list] = [[]]
    size = 0
    for item in items:
        entry = base + len(url_of(item).encode()) * 3 + 120  # percent-encoding and tags, at worst
        if len(chunks[-1]) >= max_urls or size + entry > SITEMAP_MAX_BYTES - 1024:
            chunks.append([])
            size = 0
        chunks[-1].append(item)
        size += entry
    return [c for c in chunks if c]


@dataclass(frozen=True)
class FrontPage:
    lead: Article | None
    top: tuple[Article, ...]
    blocks: tuple[tuple[str, tuple[Article, ...]], ...]  # (section slug, stories not shown above)

    @property
    def sources(self) -> tuple[str, ...]:
        shown = ([self.lead] if self.lead else []) + list(self.top) + [a for _, stories in self.blocks for a in stories]
        return tuple(a.source for a in shown)


def front_page(catalog: Catalog) -> FrontPage:
    """The lead (newest featured story), the newest stories after it, then
    a block per section with its newest stories not already shown."""
    lead = catalog.lead()
    top = tuple(a for a in catalog.articles if a is not lead)[:FRONT_TOP_STORIES]
    shown = {a.source for a in top} | ({lead.source} if lead else set())
    blocks = []
    for section in catalog.sections:
        stories = tuple(a for a in catalog.by_section.get(section.slug, ()) if a.source not in shown)[:FRONT_SECTION_STORIES]
        if stories:
            blocks.append((section.slug, stories))
    return FrontPage(lead, top, tuple(blocks))


def _describe(page: PagePlan) -> str:
    if page.kind in ("article", "page"):
        return f"content/{page.key}"
    return f"the {page.kind} page {page.key!r}" if page.key else f"the {page.kind} page"


def _edition_hint(catalog: Catalog, config: SiteConfig) -> Callable[[str, str], str]:
    """What to say of two files wanting one output file: when they are
    versions of one story in languages without an edition of their own (a
    multilingual Hugo site just imported), the edition that would part them."""
    languages = {item.source: item.language for item in (*catalog.articles, *catalog.pages)}
    keys = {item.source: item.translation_key for item in (*catalog.articles, *catalog.pages)}

    def hint(first: str, second: str) -> str:
        a, b = first.removeprefix("content/"), second.removeprefix("content/")
        apart = [lang for lang in (languages.get(a), languages.get(b))
                 if lang and config.edition_of(lang) is None and lang.lower() != config.language.lower()]
        if keys.get(a) and keys.get(a) == keys.get(b) and languages.get(a) != languages.get(b) and apart:
            tables = " and ".join(f'[languages.{lang}] (with title = "…")' for lang in dict.fromkeys(apart))
            return f"they are versions of one story in two languages: add {tables} to site.toml, so that each is published in its language's edition"
        return "change a slug, title or date so they differ"

    return hint


def _file_of(owner: str) -> str:
    """The file an owner's description names: "content/x.jpg" of "content/x.jpg (its 480 px WEBP)"."""
    return owner.split(" (its ", 1)[0]


def _collisions(pages: list[PagePlan], copies: list[tuple[str, str]], hint: Callable[[str, str], str]) -> list[Diagnostic]:
    """Two things wanting one output file is an error naming both, and what
    to do (`hint`, for two content files).

    Paths are compared case-folded: on macOS and Windows hosts /World/ and
    /world/ are one folder, and one story would silently replace the other.
    """
    problems: list[Diagnostic] = []
    owners: dict[str, str] = {}
    sections: dict[str, str] = {}  # a section page, as described → its section
    claims = []
    for page in pages:
        try:
            claims.append((page.path, _describe(page)))
            if page.kind == "section":
                sections[_describe(page)] = page.key
        except UnsafeUrl as exc:
            problems.append(error(_describe(page), None, f"its URL {exc}; check its slug and the permalink pattern"))
    claims += copies
    for path, owner in claims:
        folded = path.casefold()
        if folded in owners:
            first = owners[folded]
            if owner.startswith("content/") != first.startswith("content/"):
                # A content file onto one newsgen writes itself (another
                # generator's 404.html or 404 page, robots.txt): the file's own error.
                content, made = (owner, first) if owner.startswith("content/") else (first, owner)
                section = sections.get(made)
                instead = f"to make this that page's text, move it to content/{section}/_index.md; else " if section else ""
                problems.append(error(_file_of(content), None, f"newsgen writes {path} itself ({made}); {instead}give {content} "
                                                               "another URL (its file name, slug or url:) or remove it"))
                continue
            if (first in sections) != (owner in sections):
                # A section named as a page of newsgen's own (content/search/): the section's folder is what to change.
                section, made = (sections[first], owner) if first in sections else (sections[owner], first)
                problems.append(error(f"content/{section}/", None, f"the section {section!r} would have its page at {path}, where "
                                                                   f"newsgen writes {made}; give the section's folder another name"))
                continue
            problems.append(error(_file_of(first), None, f"{first} and {owner} both want the output file {path}; {hint(first, owner)}"))
        else:
            owners[folded] = owner
    return problems + _files_over_folders(owners)


def _files_over_folders(owners: dict[str, str]) -> list[Diagnostic]:
    """A file where another has a folder (a page's `url: /feed.xml/` under
    the feed, `url: /world/index.html/` under the section's page): written,
    one would replace the other. An error naming the content file of the
    two. `owners`: output path, case-folded → what wants it. The folders
    are found level by level, each once: a few hundred thousand paths share
    a few thousand folders above their own."""
    folders: set[str] = set()
    level = {path.rpartition("/")[0] for path in owners} - {""}
    while level:
        folders |= level
        level = {folder.rpartition("/")[0] for folder in level} - folders - {""}
    problems = []
    for file in sorted(folders & owners.keys()):
        under = next(path for path in owners if path.startswith(file + "/"))
        content = owners[under] if owners[under].startswith("content/") else owners[file]
        problems.append(error(_file_of(content), None, f"{owners[under]} would be written under /{file}, the file of {owners[file]}: "
                                                       f"one would replace the other; give {content} another URL (its url:, "
                                                       "slug or file name)"))
    return problems
