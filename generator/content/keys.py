"""The front-matter keys newsgen reads, and those other generators write.

Stories come from Jekyll, Hugo, WordPress exports and hand-made sites with
keys of their own. A key of another generator that means one of ours is read
as ours (`description` is the summary); one that only steers that generator
(`layout`, `weight`) is ignored with a note; any other key is kept for the
site's templates under `extra` and listed once per build. The README's
"Moving to newsgen" table is this module in prose; keep the two together.
"""

from __future__ import annotations

from typing import Any

# newsgen's own keys, per kind of source.
ARTICLE_KEYS = frozenset({
    "title", "date", "updated", "author", "authors", "section", "tags", "categories", "summary", "image", "image_alt",
    "image_caption", "image_credit", "image_focus", "dateline", "slug", "draft", "kind", "featured", "paywall", "corrections", "extra",
    "expires", "embargo", "aliases", "url", "translation_key", "language",
})
PAGE_KEYS = frozenset({"title", "summary", "slug", "draft", "extra", "aliases", "url", "translation_key", "language", "date", "updated",
                       "embargo", "expires"})
AUTHOR_KEYS = frozenset({"name", "slug", "role", "links", "title", "extra", "aliases"})
SECTION_KEYS = frozenset({"title", "summary", "extra", "translation_key", "language", "aliases"})

# Another generator's key → the newsgen key it means. Where several name one
# key, the one listed first that a file has wins, and newsgen's own key wins
# over all of them.
SYNONYMS: dict[str, str] = {
    # the dek
    "description": "summary", "excerpt": "summary", "deck": "summary", "lede": "summary", "dek": "summary",
    "subtitle": "summary", "standfirst": "summary", "teaser": "summary",
    # topics; `categories` are tags too, and name the section when the folder does not
    "tag": "tags", "topics": "tags", "keywords": "tags",
    "category": "categories",
    # the clock
    # Hugo's publishDate holds a story back as an embargo does: see parse._date.
    "publishDate": "embargo", "publishdate": "embargo", "pubDate": "embargo", "pubdate": "embargo", "publish_date": "embargo",
    "embargoed_until": "embargo", "embargo_until": "embargo",
    "lastmod": "updated", "lastMod": "updated", "last_modified_at": "updated", "modified": "updated",
    "updated_at": "updated", "last_modified": "updated", "lastUpdated": "updated", "last_updated": "updated",
    "modified_date": "updated", "date_modified": "updated", "dateModified": "updated",  # jekyll/minima, schema.org
    "expirydate": "expires", "expiryDate": "expires", "expiry_date": "expires", "expiration": "expires",
    "unpublishdate": "expires", "unpublishDate": "expires",  # Hugo's second name for it
    # where the story lives, and lived
    "permalink": "url",
    "redirect_from": "aliases",
    # languages
    "translationKey": "translation_key", "lang": "language",
    # the lead picture
    "featured_image": "image", "featuredImage": "image", "feature_image": "image", "featured-image": "image",
    "cover": "image", "cover_image": "image", "thumbnail": "image", "images": "image", "header_image": "image",
    "image-alt": "image_alt", "imageAlt": "image_alt", "image_alt_text": "image_alt",
    "image-caption": "image_caption", "imageCaption": "image_caption",
    "image-credit": "image_credit", "imageCredit": "image_credit",
    # bylines, and an author file's name (Hugo's author pages)
    "byline": "author", "creator": "author",
    "full_name": "name", "display_name": "name", "displayName": "name",
}

# Keys that steer another generator and mean nothing to newsgen: ignored,
# with a note saying why.
IGNORED: dict[str, str] = {
    "layout": "newsgen picks each page's template by its kind",
    "type": "newsgen picks each page's template by its kind",
    "weight": "lists are ordered newest first",
    "menu": "navigation comes from the sections in site.toml",
    "comments": "newsgen has no comment system",
    "share": "sharing links are the theme's",
    "toc": "a table of contents is written with [TOC] in the body",
    "showToc": "a table of contents is written with [TOC] in the body",
    "sitemap": "every published page is in the sitemap",
    "excerpt_separator": "the summary is `summary:`, else what comes before <!--more-->, else the first paragraph",
    "outputs": "newsgen writes every page's HTML and the feeds",
    "markup": "stories are Markdown",
    "template": "newsgen picks each page's template by its kind",  # Pelican's
    "translation": "a story's translations are linked by translation_key (from Pelican: by the slug they share)",
}

# Keys whose value decides whether a story is published at all: read, never
# kept as mere extra, or a story its author withheld could go live.
# `published: false` (Jekyll), `status: draft` (WordPress exports), and
# Hugo's `headless: true` / `build: {render: never}` (`_build` before Hugo
# 0.145, and still read) each make a draft.
WITHHOLDING = frozenset({"published", "status", "headless", "build", "_build"})
# Keys read before the others, for what kind of file the story is (parse._kept_out_of_lists): no note, no extra.
READ_FIRST = frozenset({"eleventyExcludeFromCollections"})
PUBLISHED_STATUSES = frozenset({"publish", "published", "live", "public"})
HIDDEN_STATUS = "hidden"  # Pelican's: published at its URL, in no list
SHOWN_STATUSES = PUBLISHED_STATUSES | {HIDDEN_STATUS}  # what newsgen reads of them all: nothing to keep as extra
# What `status` says of a story not to be read yet, or any more: WordPress's
# (draft, pending, private, future, trash, auto-draft, inherit), Ghost's and
# Pelican's (draft, scheduled), and the words of a newsroom's workflow, in
# any case, with spaces, "-" or "_" alike. Any other value is the site's own
# (cncf/glossary's `status: Completed`: Hugo reads no `status`, and publishes
# it): the story is published, and the value kept as extra.status.
WITHHELD_STATUSES = frozenset({
    "draft", "drafts", "auto draft", "pending", "pending review", "review", "in review", "private", "future", "scheduled",
    "trash", "trashed", "deleted", "inherit", "unpublished", "not published", "embargoed", "embargo", "held", "hold",
    "on hold", "killed", "spiked", "withdrawn", "retracted", "archived", "rejected", "wip", "work in progress",
    "in progress", "todo", "to do", "unfinished", "incomplete", "disabled", "inactive", "offline",
})


def newsgen_key(key: str, own: frozenset[str]) -> str | None:
    """The newsgen key `key` means, or None: ignored, withholding or unknown."""
    if key in own:
        return key
    target = SYNONYMS.get(key)
    return target if target in own else None


def withholds(key: str, value: Any) -> bool:
    """Does this key, with this plain value, say the story is not to be published?"""
    if isinstance(value, list):
        return any(withholds(key, item) for item in value)
    if key == "published":
        return value is False or (isinstance(value, str) and value.strip().lower() in ("false", "no", "off"))
    if key == "status":
        return isinstance(value, str) and status_word(value) in WITHHELD_STATUSES
    if key == "headless":
        return value is True or (isinstance(value, str) and value.strip().lower() == "true")
    if key in ("build", "_build"):
        return isinstance(value, dict) and str(value.get("render", "")).lower() in ("never", "false")
    return False


def status_word(value: str) -> str:
    """A `status` value as WITHHELD_STATUSES spells it: "Pending_Review" → "pending review"."""
    return " ".join(value.replace("-", " ").replace("_", " ").lower().split())


def sites_own_status(key: str, value: Any) -> bool:
    """Is this a `status` in the site's own words (cncf/glossary's
    "Completed"), neither withholding the story nor one newsgen reads?
    The story is published, and the value kept as extra.status."""
    return key == "status" and isinstance(value, str) and status_word(value) not in SHOWN_STATUSES | WITHHELD_STATUSES


def near_miss(key: str, known: frozenset[str] | set[str]) -> str | None:
    """A known key one edit away from `key` (one letter added, dropped,
    changed, or two swapped), case aside: a likely typo, not another tool's key."""
    lowered = key.lower()
    for candidate in sorted(known):
        if candidate != key and _one_edit(lowered, candidate.lower()):
            return candidate
    return None


def _one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diffs) == 1 or (len(diffs) == 2 and diffs[1] == diffs[0] + 1
                                   and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1:]


# Where a mapping-valued `image:` keeps its file, as Jekyll's SEO tag, Hugo
# themes and WordPress exports write it.
IMAGE_SOURCE_KEYS = ("path", "src", "url", "image", "file", "filename", "feature")
