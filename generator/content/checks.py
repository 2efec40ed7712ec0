"""Editorial checks on what a build publishes: warnings by default, errors
with `newsgen build --strict` (for CI), each naming the story's file."""

from __future__ import annotations

from typing import Collection, Mapping

from ..errors import Diagnostic, warning
from .catalog import Catalog
from .model import Article
from .parse import SUMMARY_MAX

HEADLINE_MAX = 110  # Google's limit for a NewsArticle headline
LEAD_IMAGE_MIN_WIDTH = 1200  # Google's minimum for large images in Search and Discover


def check_articles(catalog: Catalog, image_widths: Mapping[str, int] = {}, since: Mapping[str, tuple[Diagnostic, ...]] | None = None,
                   changed: Collection[str] = ()) -> tuple[list[Diagnostic], dict[str, tuple[Diagnostic, ...]]]:
    """Every finding, and each story's own, by source (those with any).
    `image_widths`: each raster image's width in pixels, by site path.
    `since`: the last build's findings by story, with the same images:
    then only the stories in `changed` are checked again."""
    found: list[Diagnostic] = []
    by_story: dict[str, tuple[Diagnostic, ...]] = {}
    for article in catalog.articles:
        own = since.get(article.source, ()) if since is not None and article.source not in changed else _story(article, image_widths)
        if own:
            by_story[article.source] = own
            found += own
    return found + _bylines(catalog), by_story


def _story(article: Article, image_widths: Mapping[str, int]) -> tuple[Diagnostic, ...]:
    where = f"content/{article.source}"
    found: list[Diagnostic] = []
    if article.image and not article.image.alt:
        found.append(warning(where, None, "the image has no image_alt; describe it for readers who cannot see it",
                             kind="lead images without alt text"))
    if article.image and (width := image_widths.get(article.image.url, LEAD_IMAGE_MIN_WIDTH)) < LEAD_IMAGE_MIN_WIDTH:
        found.append(warning(where, article.image.line, f"the image {article.image.url!r} is {width} px wide; search engines and social "
                                                        f"networks show large images from {LEAD_IMAGE_MIN_WIDTH} px: use a larger original",
                             kind=f"lead images under {LEAD_IMAGE_MIN_WIDTH} px"))
    if len(article.title) > HEADLINE_MAX:
        found.append(warning(where, None, f"the headline has {len(article.title)} characters; search engines cut it after {HEADLINE_MAX}",
                             kind=f"headlines over {HEADLINE_MAX} characters"))
    # Only a summary the writer wrote: one made from the body is already cut to fit.
    if article.summary_line is not None and len(article.summary) > SUMMARY_MAX:
        found.append(warning(where, article.summary_line, f"the summary has {len(article.summary)} characters; search results "
                                                          f"show about {SUMMARY_MAX}", kind=f"summaries over {SUMMARY_MAX} characters"))
    return tuple(found)


def _bylines(catalog: Catalog) -> list[Diagnostic]:
    """Once per author without a page, not once per story: a wire byline can
    sign thousands. Named by their newest story (their list's first)."""
    # By slug: a byline spelt another way ("carla registered") has her page.
    registered = {a.slug for a in catalog.authors if a.source or a.bio or a.role}
    found = []
    for slug, stories in sorted(catalog.by_author.items()):
        if slug in registered:
            continue
        others = f" and {len(stories) - 1} more" if len(stories) > 1 else ""
        name = catalog.author_by_slug[slug].name
        found.append(warning(f"content/{stories[0].source}", None, f"the author {name!r} (here{others}) has no author page; add "
                             f"content/authors/{slug}.md or [authors.\"{name}\"] in site.toml", kind="authors without a page"))
    return found
