"""Parsed sources + build mode → Catalog: what this build publishes, in order.

The catalog is complete and immutable before anything renders, because the
front page, section fronts, tag pages and feeds all depend on every article.
Every list has a defined order (newest first, ties broken by slug, then by
source path), so output is byte-for-byte stable.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right, insort
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from itertools import combinations, islice
from typing import Iterable, Mapping

from ..config import SectionConfig, SiteConfig
from ..errors import Diagnostic, error, warning
from ..slugs import slugify, tag_slug
from .model import Article, ArticleStatus, Author, BuildMode, Page, Section, SectionText, Tag

RELATED_LIMIT = 4
PAIRED_TAGS = 8  # a story with more tags than this is compared with the others one by one (_related)
MOVED_AT_MOST = 64  # stories changed in order or tags past which related stories are found anew, not from the last build's
# Front matter that shows on a story's pages but places it nowhere: no list,
# order, URL, block or date depends on it. A change of these alone leaves
# the catalog and the plan as they were but for the story's new version
# (Catalog.with_versions): a headline or a summary corrected.
UNPLACED = ("title", "summary", "summary_line", "body_line", "dateline", "kind", "paywall", "extra")


def newest_first(article: Article) -> tuple:
    return (-article.date.timestamp(), article.slug, article.source)


def placed_alike(before: Article, after: Article) -> bool:
    """Do the two versions of a story differ only in what places it nowhere (UNPLACED)?"""
    return before.source == after.source and replace(before, **{name: getattr(after, name) for name in UNPLACED}) == after


@dataclass(frozen=True)
class Catalog:
    articles: tuple[Article, ...]  # visible in this build, newest first
    pages: tuple[Page, ...]
    sections: tuple[Section, ...]  # in configured order, then discovered ones by slug
    tags: tuple[Tag, ...]  # by slug
    authors: tuple[Author, ...]  # by slug: every registered or bylined author
    assets: frozenset[str]  # non-Markdown files under content/
    by_section: dict[str, tuple[Article, ...]]
    by_tag: dict[str, tuple[Article, ...]]
    by_author: dict[str, tuple[Article, ...]]
    by_month: dict[tuple[int, int], tuple[Article, ...]]  # local (year, month)
    unpublished: dict[str, str] = field(default_factory=dict)  # source → "draft"/"scheduled"/"expired"
    # Stories that were published and have expired: links to them keep their
    # URL, which the expiry takes down (a story linking to one must not fail
    # to build the day it expires).
    expired: tuple[Article, ...] = ()
    author_slug_by_name: dict[str, str] = field(default_factory=dict)
    # Bylines that are an author's ID ("eric") → the name they show ("Eric Mill").
    names_of_ids: dict[str, str] = field(default_factory=dict)
    related: dict[str, tuple[Article, ...]] = field(default_factory=dict)
    neighbours: dict[str, tuple[Article | None, Article | None]] = field(default_factory=dict)  # (newer, older)
    # A story → every published version of it (itself included), when
    # others share its translation_key: for hreflang, both ways.
    translations: dict[str, tuple[Article, ...]] = field(default_factory=dict)

    # Lookups made once per catalog: a dev server reuses one across builds.
    @cached_property
    def by_source(self) -> dict[str, Article]:
        return {a.source: a for a in self.articles}

    @cached_property
    def newest_change(self) -> datetime | None:
        return max((a.last_modified for a in self.articles), default=None)

    @cached_property
    def tag_names(self) -> dict[str, str]:
        """Tag slug → the name it shows under (the most used spelling)."""
        return {t.slug: t.name for t in self.tags}

    @cached_property
    def _section_by_slug(self) -> dict[str, Section]:
        return {s.slug: s for s in self.sections}

    def section(self, slug: str) -> Section:
        return self._section_by_slug[slug]

    def bylines(self, article: Article) -> tuple[tuple[str, str], ...]:
        """(name as shown, author slug) for each byline of the article."""
        return tuple((self.names_of_ids.get(name, name), self.author_slug_by_name[name]) for name in article.authors)

    @cached_property
    def author_by_slug(self) -> dict[str, Author]:
        return {a.slug: a for a in self.authors}

    @cached_property
    def author_records(self) -> dict[str, str]:
        """Author slug → what a story's labels show of the author."""
        return {slug: repr(a) for slug, a in self.author_by_slug.items()}

    def labels(self, article: Article) -> str:
        """What showing the article shows of the catalog beyond the article
        itself: its tags' names (the most used spelling) and its authors'
        records. Part of the fingerprint of every page that shows it."""
        tags = [self.tag_names[slug] for slug in article.tag_slugs]
        authors = [self.author_records[slug] for slug in self.author_slugs(article)]
        return repr((tags, authors))

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({year for year, _ in self.by_month}, reverse=True))

    def months_of(self, year: int) -> tuple[int, ...]:
        return tuple(sorted((m for y, m in self.by_month if y == year), reverse=True))

    def articles_of_year(self, year: int) -> tuple[Article, ...]:
        return tuple(a for month in self.months_of(year) for a in self.by_month[(year, month)])

    def lead(self) -> Article | None:
        """The newest featured story, or else the newest story."""
        return next((a for a in self.articles if a.featured), self.articles[0] if self.articles else None)

    def author_slugs(self, article: Article) -> tuple[str, ...]:
        return tuple(self.author_slug_by_name[name] for name in article.authors)

    def with_versions(self, versions: dict[str, Article]) -> Catalog:
        """This catalog with new versions of stories placed alike (placed_alike),
        by source: each list, block and neighbour holds the new object where it
        held the old, and nothing moves. Work in proportion to the lists the
        stories are on, not to the archive: bisected, as every list is newest first."""
        if not versions:
            return self
        by_section, by_tag, by_author, by_month = dict(self.by_section), dict(self.by_tag), dict(self.by_author), dict(self.by_month)
        articles, expired = self.articles, self.expired
        related, neighbours, translations = dict(self.related), dict(self.neighbours), dict(self.translations)
        owners: set[str] = set()  # stories whose related-stories block may hold a new version: those sharing a tag
        for version in versions.values():
            articles = _swapped(articles, version)
            expired = tuple(version if a.source == version.source else a for a in expired)
            for lists, keys in ((by_section, by_section.keys()), (by_month, by_month.keys()), (by_tag, version.tag_slugs),
                                (by_author, [self.author_slug_by_name.get(name) for name in version.authors])):
                for key in keys:
                    if key in lists:
                        lists[key] = _swapped(lists[key], version)
            owners.update(a.source for slug in version.tag_slugs for a in by_tag.get(slug, ()))
            for source in [a.source for a in self.neighbours.get(version.source, ()) if a is not None]:  # whose neighbour it is
                neighbours[source] = tuple(versions.get(a.source, a) if a is not None else None for a in neighbours[source])
            for source in [a.source for a in self.translations.get(version.source, ())]:
                translations[source] = tuple(versions.get(a.source, a) for a in translations[source])
        _renew_blocks(related, versions, owners)
        return replace(self, articles=articles, expired=expired, by_section=by_section, by_tag=by_tag, by_author=by_author,
                       by_month=by_month, related=related, neighbours=neighbours, translations=translations)

    def tag_slugs(self, article: Article) -> tuple[str, ...]:
        return article.tag_slugs


def build_catalog(
    articles: Iterable[Article],
    pages: Iterable[Page],
    registered_authors: Iterable[Author],
    assets: Iterable[str],
    config: SiteConfig,
    mode: BuildMode,
    section_texts: Iterable[SectionText] = (),
    previous: Catalog | None = None,
) -> tuple[Catalog, list[Diagnostic]]:
    """`previous`: the last build's catalog, when there is one: its related
    stories are kept where what changed since cannot reach them."""
    problems: list[Diagnostic] = []
    all_articles = sorted(articles, key=newest_first)
    visible = tuple(a for a in all_articles if a.is_visible(mode))
    unpublished = {a.source: a.status(mode).value for a in all_articles if not a.is_visible(mode)}
    expired = tuple(a for a in all_articles if _is_expired(a, unpublished, mode))
    tz = config.timezone

    authors, slug_by_name, names_of_ids = _authors(registered_authors, config, visible, problems)

    by_section: dict[str, list[Article]] = defaultdict(list)
    by_tag: dict[str, list[Article]] = defaultdict(list)
    by_author: dict[str, list[Article]] = defaultdict(list)
    by_month: dict[tuple[int, int], list[Article]] = defaultdict(list)
    spellings: dict[str, Counter] = defaultdict(Counter)
    for article in visible:
        by_section[article.section].append(article)
        for tag in article.tags:
            spellings[tag_slug(tag)][tag] += 1
        for slug in article.tag_slugs:
            by_tag[slug].append(article)
        # Two spellings of one byline in one story list it once on the page.
        for slug in dict.fromkeys(slug_by_name[name] for name in article.authors):
            by_author[slug].append(article)
        by_month[_month(article, tz)].append(article)

    tags = tuple(_tag(slug, counts) for slug, counts in sorted(spellings.items()))
    visible_pages = tuple(sorted((p for p in pages if p.is_shown(mode)), key=lambda p: p.slug))

    catalog = Catalog(
        articles=visible,
        pages=visible_pages,
        sections=_sections(config, by_section.keys(), section_texts),
        tags=tags,
        authors=tuple(sorted(authors.values(), key=lambda a: a.slug)),
        assets=frozenset(assets),
        by_section={k: tuple(v) for k, v in by_section.items()},
        by_tag={k: tuple(v) for k, v in by_tag.items()},
        by_author={k: tuple(v) for k, v in by_author.items()},
        by_month={k: tuple(v) for k, v in sorted(by_month.items())},
        unpublished=unpublished,
        expired=expired,
        author_slug_by_name=slug_by_name,
        names_of_ids=names_of_ids,
        related=(previous is not None and _related_since(previous, visible, by_tag)) or _related(visible, by_tag),
        neighbours=_neighbours(by_section),
        translations=_translations(visible),
    )
    return catalog, problems


def updated_catalog(previous: Catalog, gone: list[Article], came: list[Article], registered_authors: Iterable[Author],
                    config: SiteConfig, mode: BuildMode, section_texts: Iterable[SectionText] = ()) -> tuple[Catalog, list[Diagnostic]] | None:
    """build_catalog, from the last catalog: `gone` holds the old versions of
    the stories changed or deleted since, `came` the new versions of those
    changed or added; everything else it was made from (the other stories,
    pages, authors' files, section texts, files, settings and the time's
    window) is the same. Each list a story leaves or joins is made again,
    with its tags' names and its sections' neighbours; the rest is the last
    catalog's, so a retagged, redated, added or deleted story costs the
    lists it is on, not the archive. None when a change reaches further (a
    byline now another author's): then build_catalog makes it whole."""
    problems: list[Diagnostic] = []
    drop = {a.source for a in gone}
    shown = [a for a in came if a.is_visible(mode)]
    articles = _moved(previous.articles, drop, shown)
    authors, slug_by_name, names_of_ids = _authors(registered_authors, config, articles, problems)
    if names_of_ids != previous.names_of_ids or bylines_relinked(previous.author_slug_by_name, slug_by_name):
        return None
    tz = config.timezone
    was_shown = [a for a in gone if a.source not in previous.unpublished]

    def regroup(lists: dict[object, tuple[Article, ...]], keys_of) -> dict[object, tuple[Article, ...]]:
        """The lists that the stories leave or join, made again."""
        lists = dict(lists)
        for key in {key for a in was_shown + shown for key in keys_of(a)}:
            items = _moved(lists.get(key, ()), drop, [a for a in shown if key in keys_of(a)])
            if items:
                lists[key] = items
            else:
                del lists[key]
        return lists

    def author_slugs(article: Article) -> set[str]:
        return {slug_by_name.get(name) or previous.author_slug_by_name[name] for name in article.authors}

    by_section = regroup(previous.by_section, lambda a: (a.section,))
    by_tag = regroup(previous.by_tag, lambda a: a.tag_slugs)
    by_month = dict(sorted(regroup(previous.by_month, lambda a: (_month(a, tz),)).items()))
    tags = {t.slug: t for t in previous.tags}
    for slug in {slug for a in was_shown + shown for slug in a.tag_slugs}:
        if slug in by_tag:
            tags[slug] = _tag(slug, Counter(t for a in by_tag[slug] for t in a.tags if tag_slug(t) == slug))
        else:
            tags.pop(slug, None)
    sections = {a.section for a in was_shown + shown}
    neighbours = dict(previous.neighbours)
    for source in drop:
        neighbours.pop(source, None)
    neighbours.update(_neighbours({section: by_section.get(section, ()) for section in sections}))
    unpublished = {source: status for source, status in previous.unpublished.items() if source not in drop}
    unpublished.update((a.source, a.status(mode).value) for a in came if not a.is_visible(mode))
    expired = _moved(previous.expired, drop, [a for a in came if _is_expired(a, unpublished, mode)])
    catalog = replace(
        previous,
        articles=articles,
        sections=_sections(config, by_section.keys(), section_texts),
        tags=tuple(sorted(tags.values(), key=lambda t: t.slug)),
        authors=tuple(sorted(authors.values(), key=lambda a: a.slug)),
        by_section=by_section,
        by_tag=by_tag,
        by_author=regroup(previous.by_author, author_slugs),
        by_month=by_month,
        unpublished=unpublished,
        expired=expired,
        author_slug_by_name=slug_by_name,
        names_of_ids=names_of_ids,
        related=_related_since(previous, articles, by_tag, {**{a.source: None for a in gone}, **{a.source: a for a in shown}})
        or _related(articles, by_tag),
        neighbours=neighbours,
        translations=_translations(articles) if any(a.translation_key for a in gone + came) else previous.translations,
    )
    return catalog, problems


def bylines_relinked(before: Mapping[str, str], now: Mapping[str, str]) -> bool:
    """Does a byline that both know (each a name → author slug map) lead to
    another author now? A name new to one of them is only on stories that
    changed; one that leads elsewhere reaches every story signed with it."""
    return any(before.get(name, slug) != slug for name, slug in now.items())


def _moved(items: tuple[Article, ...], drop: set[str], add: list[Article]) -> tuple[Article, ...]:
    """A newest-first list without the stories of `drop`, with those of `add` in their places."""
    kept = [a for a in items if a.source not in drop]
    for article in add:
        insort(kept, article, key=newest_first)
    return tuple(kept)


def _month(article: Article, tz) -> tuple[int, int]:
    local = article.date.astimezone(tz)
    return local.year, local.month


def published_assets(parsed: Mapping[str, object], mode: BuildMode) -> list[str]:
    """The files under content/ to publish: all but those of a page bundle
    (a folder with an index.md, and its folders) whose story or page is not
    shown (a draft, scheduled, expired): a bundle's photos are its story's,
    as in Hugo, and an embargoed story's photo at a URL one can guess is a
    leak. A bundle with an index file in several languages is shown when
    one of them is."""
    shown: dict[str, bool] = {}  # bundle folder ("news/merger/") → is one of its index files shown
    for rel, item in parsed.items():
        folder, _, name = rel.rpartition("/")
        if folder and name.startswith("index.") and isinstance(item, (Article, Page)):
            visible = item.is_visible(mode) if isinstance(item, Article) else item.is_shown(mode)
            shown[folder + "/"] = shown.get(folder + "/", False) or visible
    hidden = tuple(folder for folder, visible in shown.items() if not visible)
    return [rel for rel, item in parsed.items() if item is None and not rel.startswith(hidden)]


def _is_expired(article: Article, unpublished: dict[str, str], mode: BuildMode) -> bool:
    """Published once, and expired since: links to it keep its URL (Catalog.expired)."""
    return unpublished.get(article.source) == ArticleStatus.EXPIRED.value and not article.draft and article.date <= mode.now


def _tag(slug: str, spellings: Counter) -> Tag:
    """The most used spelling names the tag; ties go to the first in sort order."""
    return Tag(name=min(spellings, key=lambda s: (-spellings[s], s)), slug=slug)


def _sections(config: SiteConfig, with_stories: Iterable[str], section_texts: Iterable[SectionText]) -> tuple[Section, ...]:
    """site.toml's sections in its order, then the others with stories or a text of their own, by slug."""
    # A section's text in the site's language (Hugo's _index.md beside
    # _index.fr.md); the others wait for translations.
    texts: dict[str, SectionText] = {}
    for text in sorted(section_texts, key=lambda t: t.source):
        held = texts.get(text.section)
        if held is None or (held.language not in ("", config.language) and text.language in ("", config.language)):
            texts[text.section] = text
    configured = {s.slug for s in config.sections}
    sections = [_section(s, texts.get(s.slug), configured=True) for s in config.sections]
    # A section with its own text has its page even before it has stories:
    # links name it (Hugo's `[x](/communities/_index.md)`).
    sections += [_section(config.section(slug), texts.get(slug), configured=False)
                 for slug in sorted(set(with_stories) | texts.keys()) if slug not in configured]
    return tuple(sections)


def _swapped(items: tuple[Article, ...], version: Article) -> tuple[Article, ...]:
    """A newest-first list with `version` in the place of the story's old one, if it is on it."""
    i = bisect_left(items, newest_first(version), key=newest_first)
    if i < len(items) and items[i].source == version.source:
        return items[:i] + (version,) + items[i + 1:]
    return items


def _section(given: SectionConfig, text: SectionText | None, *, configured: bool) -> Section:
    """A section as site.toml or its folder names it; its _index.md gives its
    description, and its title where site.toml does not."""
    if text is None:
        return Section(given.slug, given.title, given.order)
    return Section(given.slug, given.title if configured or not text.title else text.title, given.order, text.summary, text.source)


def _authors(
    registered: Iterable[Author], config: SiteConfig, articles: tuple[Article, ...], problems: list[Diagnostic]
) -> tuple[dict[str, Author], dict[str, str], dict[str, str]]:
    """Authors from site.toml and content/authors/, plus everyone in a byline;
    the slug of every name in a byline; and the name each byline that is a
    registered author's ID (`author: eric`, as Jekyll sites write) shows as.

    Bylines spelt differently that give one slug ("Ana Pérez", "Ana Perez")
    share one author page, named by the registered author, or else by the
    newest story's spelling; each other spelling is warned about once.
    """
    by_slug: dict[str, Author] = {}
    for author in [Author(a.name, a.slug, a.bio, a.role, a.links) for a in config.authors] + list(registered):
        if author.slug in by_slug:
            first = by_slug[author.slug]
            where = f"content/{author.source}" if author.source else "site.toml"
            problems.append(error(where, None, f"author {author.name!r} has the slug {author.slug!r} of {first.name!r}; give one a different slug"))
            continue
        by_slug[author.slug] = author
    names = {a.name: a.slug for a in by_slug.values()}
    ids: dict[str, str] = {}
    for article in articles:
        for name in article.authors:
            if name not in names and name in by_slug:
                names[name], ids[name] = name, by_slug[name].name
            elif name not in names:
                slug = names[name] = slugify(name)
                page = by_slug.setdefault(slug, Author(name=name, slug=slug))
                if page.name != name:
                    problems.append(warning(f"content/{article.source}", None, f"the byline {name!r} goes to the page of {page.name!r} (slug {slug!r}); spell both alike, or give them different slugs in site.toml"))
    return by_slug, names, ids


def _translations(articles: tuple[Article, ...]) -> dict[str, tuple[Article, ...]]:
    groups: dict[str, list[Article]] = {}
    for article in articles:
        if article.translation_key:
            groups.setdefault(article.translation_key, []).append(article)
    return {a.source: tuple(group) for group in groups.values() if len(group) > 1 for a in group}


def _related(articles: tuple[Article, ...], by_tag: dict[str, list[Article]]) -> dict[str, tuple[Article, ...]]:
    """For each article, the earlier stories sharing most tags with it, newest first among equals.

    Earlier coverage only: a new story then joins no older story's block, so
    publishing one leaves the archive's pages as they were (a later story
    would enter the block of every older one on its topics).

    Positions in the newest-first list stand in for articles, and a smaller
    `position - shared * n` is more tags in common, then newer. Counting
    every story on each of a story's topics made this quadratic (each of
    300 topics holds a 300th of the archive: 40 s at 100,000 stories), so
    the stories sharing two or more tags come from an index of tag pairs,
    and those sharing one are only the first few on each topic after it.
    """
    n = len(articles)
    position = {a.source: i for i, a in enumerate(articles)}
    members = {slug: [position[a.source] for a in items] for slug, items in by_tag.items()}  # newest first: ascending
    tag_sets = [frozenset(a.tag_slugs) for a in articles]
    pairs: dict[tuple[str, str], list[int]] = defaultdict(list)
    crowded: list[int] = []  # stories with too many tags to index their pairs: compared with each story in full
    for p, tags in enumerate(tag_sets):
        if len(tags) > PAIRED_TAGS:
            crowded.append(p)
            continue
        for pair in combinations(sorted(tags), 2):
            pairs[pair].append(p)
    related: dict[str, tuple[Article, ...]] = {}
    for i, article in enumerate(articles):
        tags = tag_sets[i]
        if len(tags) > PAIRED_TAGS:
            keys = _counted(i, tags, members, n)
        else:
            # Every earlier story sharing two tags or more: its rank by how many.
            ranked: dict[int, int] = {}
            for pair in combinations(sorted(tags), 2):
                found = pairs.get(pair, ())
                for p in found[bisect_right(found, i):]:
                    if p not in ranked:
                        ranked[p] = p - len(tags & tag_sets[p]) * n
            for p in crowded[bisect_right(crowded, i):]:
                count = len(tags & tag_sets[p])
                if count > 1:
                    ranked[p] = p - count * n
            # Any other earlier story on a topic shares that one tag: the newest few of each will do.
            keys = list(ranked.values())
            for slug in tags:
                found = members[slug]
                # By index, not a slice: a slice would copy the rest of a large topic for each story.
                keys += islice((found[j] - n for j in range(bisect_right(found, i), len(found)) if found[j] not in ranked), RELATED_LIMIT)
        related[article.source] = _best(keys, articles)
    return related


def _counted(i: int, tags: Iterable[str], members: dict[str, list[int]], n: int) -> list[int]:
    """The rank key of every story after position i sharing a tag, counted one by one."""
    shared: Counter = Counter()
    for slug in tags:
        found = members[slug]
        shared.update(found[bisect_right(found, i):])
    return [p - count * n for p, count in shared.items()]


def _best(keys: list[int], articles: tuple[Article, ...]) -> tuple[Article, ...]:
    # A handful of keys as a rule (nsmallest's own work is then most of the cost), all of a crowded story's.
    smallest = sorted(keys)[:RELATED_LIMIT] if len(keys) <= 64 else heapq.nsmallest(RELATED_LIMIT, keys)
    n = len(articles)
    return tuple(articles[key % n] for key in smallest)


def _related_since(previous: Catalog, articles: tuple[Article, ...], by_tag: dict[str, tuple[Article, ...] | list[Article]],
                   versions: dict[str, Article | None] | None = None) -> dict[str, tuple[Article, ...]] | None:
    """_related, from the previous catalog's: None when too many stories
    moved to be worth it. A story's block can change only with a story
    earlier than it on one of its topics that appeared, went, or changed
    its tags or its place in the order (a new date); such a "moved" story
    reaches the blocks of the later stories on its topics, old and new.
    For each of those, a block that held the moved story is ranked again
    in full; any other gains at most the moved story's new version. The
    rest keep their blocks, with the new objects of stories whose other
    front matter changed (a headline). `versions`: each story that changed
    since, by source, with its new version (None: no longer shown), when the
    caller knows them; else every story is compared with the previous's."""
    old = previous.by_source
    if versions is None:
        now = {a.source: a for a in articles}
        versions = {source: article for source, article in now.items() if old.get(source) is not article}
        versions.update((source, None) for source in old if source not in now)
    moved: list[tuple[Article | None, Article | None]] = []
    for source, after in versions.items():
        before = old.get(source)
        if before is None or after is None or newest_first(before) != newest_first(after) or set(before.tag_slugs) != set(after.tag_slugs):
            if before is not None or after is not None:
                moved.append((before, after))
            if len(moved) > MOVED_AT_MOST:
                return None
    n = len(articles)
    position: dict[str, int] = {}  # by source: found by bisecting the newest-first list, for the stories that need it

    def place(article: Article) -> int:
        found = position.get(article.source)
        if found is None:
            found = position[article.source] = bisect_left(articles, newest_first(article), key=newest_first)
        return found

    members: dict[str, list[int]] = {}  # by tag, positions newest first: made for the tags that need it

    def members_of(slug: str) -> list[int]:
        if slug not in members:
            members[slug] = [place(a) for a in by_tag.get(slug, ())]
        return members[slug]

    gone = {before.source for before, _ in moved if before is not None}  # the moved, as the previous blocks hold them
    came = {after.source for _, after in moved if after is not None}  # the moved, as they are now
    reached: dict[str, Article] = {}  # the stories whose blocks are ranked again
    for before, after in moved:
        versions_of = [v for v in (before, after) if v is not None]
        oldest = max(newest_first(v) for v in versions_of)
        for slug in {slug for v in versions_of for slug in v.tag_slugs}:
            for later in by_tag.get(slug, ()):
                if newest_first(later) >= oldest:
                    break
                reached[later.source] = later
    reached.update((after.source, after) for _, after in moved if after is not None)
    related = dict(previous.related)
    for source, after in versions.items():
        if after is None:
            related.pop(source, None)
    # The other blocks holding a story that changed take its new object.
    _renew_blocks(related, versions, {o.source for s, v in versions.items() for version in (old.get(s), v) if version is not None
                                      for slug in version.tag_slugs for o in by_tag.get(slug, ())} - reached.keys())
    for source, article in reached.items():
        block = previous.related.get(source, ())
        i, tags = place(article), set(article.tag_slugs)
        if source in came or any(a.source in gone for a in block):
            keys = _counted(i, tags, {slug: members_of(slug) for slug in tags}, n)
        else:
            candidates = {place(a) for a in block}
            candidates.update(place(after) for _, after in moved if after is not None and place(after) > i
                              and not tags.isdisjoint(after.tag_slugs))
            keys = [p - len(tags.intersection(articles[p].tag_slugs)) * n for p in candidates]
        related[source] = _best(keys, articles)
    return related


def _renew_blocks(related: dict[str, tuple[Article, ...]], versions: Mapping[str, Article | None], owners: Iterable[str]) -> None:
    """Gives each of the `owners`' related-stories blocks that holds a changed
    story its new version. A block holds only stories sharing a tag with its
    owner: the owners to look at are those sharing a tag with a changed one."""
    for source in owners:
        block = related.get(source, ())
        if any(a.source in versions for a in block):
            related[source] = tuple(versions.get(a.source) or a for a in block)


def _neighbours(by_section: dict[str, list[Article]]) -> dict[str, tuple[Article | None, Article | None]]:
    neighbours = {}
    for items in by_section.values():
        for i, article in enumerate(items):
            newer = items[i - 1] if i > 0 else None
            older = items[i + 1] if i + 1 < len(items) else None
            neighbours[article.source] = (newer, older)
    return neighbours
