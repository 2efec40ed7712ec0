"""The theme, explained to someone overriding it: `newsgen theme list`,
`newsgen theme copy NAME` and `newsgen theme reference`.

The list reads each template's purpose from its first comment; the
reference of the variables templates are given is made from the view
models' own fields and comments (render.py), so it cannot fall behind them.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
import shutil
from pathlib import Path

from .config import SiteConfig
from .errors import NewsgenError
from .render import THEME_DIR, ArticleView, AuthorView, EditionLink, FeedLink, ImageView, Link, Moment, PageView, Pagination

LAYOUTS = THEME_DIR / "layouts"
STATIC = THEME_DIR / "static"

# `site`, on every page: Renderer._site_view's keys.
SITE = {
    "title": "the site's title (site.toml `title`; an edition's own in another language)",
    "tagline": "site.toml `tagline` (an edition's own)",
    "language": "BCP 47 language of the site, or of the edition the page is in (`lang`)",
    "home": "site path of the front page of the page's edition: / or /fr/",
    "latest": "site path of the edition's latest stories: /latest/",
    "topics": "site path of the edition's index of topics: /tags/",
    "journalists": "site path of the edition's index of authors: /authors/",
    "archive": "site path of the edition's archive: /archive/",
    "search": "site path of the edition's search page: /search/ (\"\" when site.toml says search = false)",
    "base_url": "absolute URL the site is published at",
    "publisher": "`[publisher] name`",
    "logo": "site path of the publisher's logo (the theme's when none)",
    "sections": "the sections, in order: Links",
    "pages": "the site's top static pages (about, contact): Links",
    "timezone": "IANA name of the site's time zone",
    "locale": "OpenGraph locale, such as en_US",
    "image_preview": "`[robots] image_preview`: large, standard or none",
    "extra": "site.toml `[extra]`, as written",
}

# Given to every page.
GLOBALS = {
    "page": "this page: a PageView",
    "site": "the site (below)",
    "newsgen_version": "newsgen's version, for a generator tag",
    "link(url)": "a site path made relative to this page (or absolute, as link_style and base_url say); use it for every href and src",
    "absolute(url)": "a site path as an absolute URL (feeds, canonical links)",
    "responsive(image)": "an ImageView's published widths: `src`, `srcset`, `webp_srcset`, `width`, `height`; None for one published as it is (SVG, GIF, elsewhere)",
    "logo()": "the raster publisher logo's masthead sizes: `src`, `srcset` (1x, 2x, 3x), `width`, `height`; None for an SVG logo",
    "_(text, **values)": "the theme's English phrase in the page's language (`_(\"More in %(section)s\", section=...)`): see README, Languages",
    "ngettext(singular, plural, n)": "a count's phrase in the page's language, its plural forms included (`%(num)d`)",
}

# By page kind (PageView.kind): the template and what it is given besides the above.
PAGES = {
    "article (article.html)": {
        "article": "the story: an ArticleView",
        "body": "its body, rendered HTML",
        "lead_image_in_body": "true when the body shows the lead image itself (show it once)",
        "related": "stories sharing its tags: ArticleViews",
        "newer": "the next story in its section, or None",
        "older": "the previous story in its section, or None",
    },
    "page (page.html)": {"static_page": "`title`, `summary` and `body` (rendered HTML) of a page in content/pages/"},
    "front (front.html)": {
        "lead": "the lead story (featured, else the newest), or None",
        "top_stories": "the next stories after the lead: ArticleViews",
        "section_blocks": "per section: `section` (a Link) and its newest `articles`",
    },
    "section, tag, author, year, month, latest (list.html)": {
        "listing": "`kind`, `title`, `description` and, on an author's page, `author` (an AuthorView)",
        "articles": "this page's stories, newest first: ArticleViews",
    },
    "tags (tags.html)": {"tags": "every tag: `name`, `url`, `count`"},
    "authors (authors.html)": {"authors": "every author: AuthorViews"},
    "archive (archive.html)": {"years": "`year`, `url`, `count` and `months` (each `name`, `url`, `count`)"},
    "search (search.html)": {"search_edition": "the edition whose shards of /pagefind/index.json the page searches (\"\" for the site's own)"},
    "not_found (404.html)": {},
}

VIEWS = (PageView, Pagination, FeedLink, EditionLink, ArticleView, Link, Moment, ImageView, AuthorView)


def templates() -> list[tuple[str, str]]:
    """(name, purpose) of every template of the theme, layouts then partials."""
    found = []
    for path in sorted(LAYOUTS.rglob("*.html"), key=lambda p: (p.parent != LAYOUTS, p.as_posix())):
        found.append((path.relative_to(LAYOUTS).as_posix(), purpose(path.read_text(encoding="utf-8"))))
    return found


# The theme's static files, which `theme copy static/NAME` starts the site's own of.
STATIC_PURPOSES = {
    "favicon.svg": "The icon browsers show beside the page's title.",
    "logo.svg": "The masthead's mark of a site whose [publisher] names no logo.",
    "search.js": "The search page's script: reads the Pagefind index and shows the results.",
    "style.css": "The stylesheet of every page.",
}


def static_files() -> list[tuple[str, str]]:
    """(static/NAME, purpose) of every file of the theme's static/."""
    return [(f"static/{path.name}", STATIC_PURPOSES.get(path.name, "")) for path in sorted(STATIC.iterdir()) if path.is_file()]


def purpose(text: str) -> str:
    """The first sentence of a template's first comment."""
    comment = re.search(r"\{#-?\s*(.*?)\s*-?#\}", text, re.S)
    if not comment:
        return ""
    words = " ".join(comment.group(1).split())
    return re.split(r"(?<=[.!?])\s", words, maxsplit=1)[0]


def copy(config: SiteConfig, name: str) -> Path:
    """The theme's file NAME (a template, or static/…) copied into the site to edit."""
    name = name.strip().lstrip("/")
    if name.startswith("static/"):
        source, target = STATIC / name.removeprefix("static/"), config.root / name
    else:
        source, target = LAYOUTS / name.removeprefix("layouts/"), config.layouts_dir / name.removeprefix("layouts/")
    known = {n for n, _ in [*templates(), *static_files()]}
    if ".." in Path(name).parts or not source.is_file():
        raise NewsgenError(f"the theme has no {name!r}; `newsgen theme list` names its files ({', '.join(sorted(known))})")
    if target.exists():
        raise NewsgenError(f"{target} already exists; edit it there (delete it to start again from the theme's)")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def overrides(config: SiteConfig) -> list[str]:
    """The site's templates that replace the theme's, by name."""
    if not config.layouts_dir.is_dir():
        return []
    return sorted(p.relative_to(config.layouts_dir).as_posix() for p in config.layouts_dir.rglob("*.html")
                  if (LAYOUTS / p.relative_to(config.layouts_dir)).is_file())


def reference() -> str:
    """Every variable the templates are given, as Markdown."""
    lines = ["# What templates are given", "",
             "Generated by `newsgen theme reference` from newsgen's view models; do not edit.",
             "Values are display-ready and escaped on output; `body` and `bio_html` are HTML.", "",
             "## On every page", ""]
    lines += [f"- `{name}`: {text}" for name, text in GLOBALS.items()]
    lines += ["", "## `site`", ""] + [f"- `site.{name}`: {text}" for name, text in SITE.items()]
    lines += ["", "## By page", ""]
    for kind, variables in PAGES.items():
        lines.append(f"- **{kind}**" + (": " + "; ".join(f"`{n}`: {t}" for n, t in variables.items()) if variables else ": nothing more"))
    for view in VIEWS:
        lines += ["", f"## {view.__name__}", ""]
        comments = _field_comments(view)
        for field in dataclasses.fields(view):
            kind = field.type if isinstance(field.type, str) else getattr(field.type, "__name__", str(field.type))
            note = f": {comments[field.name]}".replace("<", "&lt;") if comments.get(field.name) else ""
            lines.append(f"- `{field.name}` ({kind}){note}")
    return "\n".join(lines) + "\n"


def _field_comments(view: type) -> dict[str, str]:
    """Each field's comment in the view's source: on its line, or the lines just above it."""
    found, above = {}, []
    for line in inspect.getsource(view).splitlines()[1:]:
        stripped = line.strip()
        if stripped.startswith("#"):
            above.append(stripped.lstrip("# "))
            continue
        match = re.match(r"(\w+): [^#]*?(?:#\s*(.*))?$", stripped)
        if match:
            found[match.group(1)] = " ".join(filter(None, [*above, match.group(2) or ""]))
        above = []
    return found
