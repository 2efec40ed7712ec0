"""Editorial checks on what a build publishes: warnings by default, errors
with `newsgen build --strict` (for CI), each naming the story's file."""

from __future__ import annotations

from typing import Mapping

from ..errors import Diagnostic, warning
from .catalog import Catalog
from .parse import SUMMARY_MAX

HEADLINE_MAX = 110  # Google's limit for a NewsArticle headline
LEAD_IMAGE_MIN_WIDTH = 1200  # Google's minimum for large images in Search and Discover


def check_articles(catalog: Catalog, image_widths: Mapping[str, int] = {}) -> list[Diagnostic]:
    """`image_widths`: each raster image's width in pixels, by site path."""
    found: list[Diagnostic] = []
    # By slug: a byline spelt another way ("carla registered") has her page.
    registered = {a.slug for a in catalog.authors if a.source or a.bio or a.role}
    unregistered: dict[str, list[str]] = {}  # author's slug → their stories, newest first
    for article in catalog.articles:
        where = f"content/{article.source}"
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
        for slug in dict.fromkeys(catalog.author_slugs(article)):
            if slug not in registered:
                unregistered.setdefault(slug, []).append(where)
    # Once per author, not once per story: a wire byline can sign thousands.
    for slug, stories in sorted(unregistered.items()):
        others = f" and {len(stories) - 1} more" if len(stories) > 1 else ""
        name = catalog.author_by_slug[slug].name
        found.append(warning(stories[0], None, f"the author {name!r} (here{others}) has no author page; add content/authors/{slug}.md or [authors.\"{name}\"] in site.toml",
                             kind="authors without a page"))
    return found
