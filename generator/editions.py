"""Catalog → Editions: the site in each of its languages.

A site in one language is one edition, the whole catalog. A site with
`[languages.<code>]` tables has an edition per language besides its own,
each a complete site under its path ("/fr/"): its front page, sections,
tags, author pages, archives, feeds and sitemaps, in its language.

A story belongs to the edition of its `lang` (a variant of the edition's
language counts: "fr-CA" is in "fr"); a story without `lang`, or in a
language with no edition, is in the site's own. Static pages and sections'
texts (`_index.fr.md`) go by their language the same way.

Tags are per edition: they are words in a language ("Wahlen" is not
"elections"). Authors are shared: one registry (site.toml's [authors] and
content/authors/), each person's page in every edition they write in,
listing their stories in that language. Translations of a story are found
across all editions (`translation_key`), for hreflang and the language switcher.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterable, Sequence

from .config import EditionConfig, SiteConfig
from .content.catalog import Catalog, build_catalog
from .content.model import Article, Author, BuildMode, Page, SectionText


@dataclass(frozen=True)
class Edition:
    code: str  # the edition's language as [languages] names it; "" for the site's own
    config: SiteConfig  # the site as this edition shows it (SiteConfig.in_edition)
    catalog: Catalog  # its stories, pages, sections, tags and authors


def single_edition(catalog: Catalog, config: SiteConfig) -> tuple[Edition, ...]:
    return (Edition("", config, catalog),)


def edition_code(language: str, config: SiteConfig) -> str:
    """The edition that takes content in `language` ("" for the site's own)."""
    edition = config.edition_of(language)
    return edition.language if edition else ""


def editions_by_source(editions: Sequence[Edition], whole: Catalog) -> Callable[[str], Catalog]:
    """source → the catalog of the edition its story is in (the whole one for a site in one language)."""
    if len(editions) < 2:
        return lambda source: whole
    found = {article.source: edition.catalog for edition in editions for article in edition.catalog.articles}
    return lambda source: found.get(source, whole)


def split_editions(catalog: Catalog, articles: Sequence[Article], pages: Sequence[Page], authors: Sequence[Author],
                   section_texts: Sequence[SectionText], config: SiteConfig, mode: BuildMode) -> tuple[Edition, ...]:
    """The site's own edition first, then one per [languages] table, in
    site.toml's order. `catalog` is the whole site's: with no other
    language configured, it is the one edition."""
    if not config.editions:
        return single_edition(catalog, config)
    editions = []
    for edition in (None, *config.editions):
        code = edition.language if edition else ""

        def own(items: Iterable) -> list:
            return [item for item in items if edition_code(item.language, config) == code]

        edition_config = config.in_edition(edition)
        # Its findings are the whole catalog's, said once there.
        part, _ = build_catalog(own(articles), own(pages), authors, (), edition_config, mode, own(section_texts))
        editions.append(Edition(code, edition_config, _trimmed(part, catalog, edition)))
    return tuple(editions)


def _trimmed(part: Catalog, whole: Catalog, edition: EditionConfig | None) -> Catalog:
    """An edition's catalog shows its own sections and authors, not every
    one the site has: those it has stories by or in, a section with its own
    text or title in the edition. Translations and what is unpublished are
    the whole site's (a story's versions are in other editions)."""
    sections = part.sections
    authors = part.authors
    if edition is not None:
        titled = {slug for slug, _ in edition.section_titles}
        sections = tuple(s for s in sections if s.slug in part.by_section or s.source or s.slug in titled)
        authors = tuple(a for a in authors if a.slug in part.by_author)
    return replace(part, sections=sections, authors=authors, assets=whole.assets, translations=whole.translations,
                   unpublished=whole.unpublished, expired=whole.expired)
