"""Creating files for people: `newsgen new` (an article) and `newsgen init` (a site).

Neither ever overwrites a file that exists.
"""

from __future__ import annotations

import difflib
import json
from datetime import datetime
from pathlib import Path

import yaml

from .artwork import neutral_logo, welcome_photo
from .config import CONFIG_NAME, SiteConfig
from .content.discover import AUTHORS_DIR, PAGES_DIR
from .errors import NewsgenError
from .slugs import slugify


def new_article(config: SiteConfig, headline: str, section: str, authors: list[str], now: datetime,
                create_section: bool = False) -> Path:
    if not headline.strip():
        raise NewsgenError("the headline is empty")
    section_slug = slugify(section)
    known = known_sections(config)
    if known and section_slug not in known:  # a site's first section is no one's typo
        if not create_section:
            hint = difflib.get_close_matches(section_slug, known, n=1)
            advice = f"did you mean --section {hint[0]}? " if hint else ""
            raise NewsgenError(f"no section {section_slug!r} in this site (known: {', '.join(known)}); {advice}"
                               f"to start a new one, add --create-section")
        _add_section(config, section_slug, section.strip())
    local = now.astimezone(config.timezone)
    path = config.content_dir / section_slug / f"{local:%Y-%m-%d}-{slugify(headline)}.md"
    front: dict[str, object] = {"title": headline.strip(), "date": local.isoformat(timespec="minutes")}
    if len(authors) == 1:
        front["author"] = authors[0]
    elif authors:
        front["authors"] = authors
    front.update(summary="", tags=[], draft=True)
    text = "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=10_000) + "---\n\nWrite the story here.\n"
    _create(path, text)
    return path


def known_sections(config: SiteConfig) -> list[str]:
    """site.toml's sections, then the folders of content/ that are sections too."""
    found = [section.slug for section in config.sections]
    if config.content_dir.is_dir():
        found += sorted(p.name for p in config.content_dir.iterdir()
                        if p.is_dir() and p.name not in (PAGES_DIR, AUTHORS_DIR, "static") and not p.name.startswith((".", "_"))
                        and p.name not in found)
    return found


def _add_section(config: SiteConfig, slug: str, title: str) -> None:
    """A new section in site.toml, with the title as the writer gave it."""
    path = config.root / CONFIG_NAME
    order = max((section.order for section in config.sections), default=0) + 1
    text = path.read_text(encoding="utf-8")
    if title == slug:  # given as a slug: a title as the site would make it
        title = slug.replace("-", " ").title()
    # A JSON string is a TOML basic string, escapes and all.
    path.write_text(f"{text.rstrip()}\n\n[sections.{slug}]\ntitle = {json.dumps(title, ensure_ascii=False)}\norder = {order}\n",
                    encoding="utf-8")


def _create(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        raise NewsgenError(f"{path} already exists; not overwritten") from None


SITE_TOML = '''\
# The site's configuration. Every key is described in newsgen's README.
title = "{title}"
tagline = "News from our town"
# The address the site will be published at. It may carry a path, such as
# https://example.org/news/: every link then works under that path.
base_url = "https://example.org/"
language = "en"
# IANA time zone for every date written without an offset.
timezone = "UTC"
page_size = 10
# Links end in index.html, so the built site opens straight from disk
# (output/index.html in a browser). Once the site is on a web host, remove
# this line for clean links (/news/story/): "directory" is the default.
link_style = "index"

[publisher]
name = "{title}"
# A neutral mark made by newsgen init: replace it with your own (a PNG or
# JPEG of at least 112×112 px, which Google asks of a publisher's logo).
logo = "/static/logo.png"

[sections.news]
title = "News"
order = 1

[sections.opinion]
title = "Opinion"
order = 2

# An edition in another language: its stories are those with `lang: fr`,
# published under /fr/ with their own front page, lists and feeds, and
# linked to their translations (README, Languages). Uncomment to start one.
# [languages.fr]
# title = "{title}"
# tagline = "Les nouvelles de notre ville"
# [languages.fr.sections]
# news = "Actualités"
# opinion = "Opinions"
'''

WELCOME = '''\
---
title: Welcome to {title}
date: {date}
author: The Editor
tags: [Announcements]
summary: Our first story, written by newsgen init. Replace it with your own.
image: {image}
image_alt: A drawing of a small town of pitched roofs below green and blue hills, with the sun low in a pale sky.
image_caption: The lead image sits beside the story; newsgen makes its sizes and its social card.
image_credit: "Illustration: newsgen"
---
This is your first article. Write Markdown below the front matter: **bold**,
[links](https://example.org), lists and tables all work.

## A subhead

Create the next article with `newsgen new "Headline" --section news`, then
build the site with `newsgen build` and open `output/index.html`.
'''

EDITOR = '''\
---
name: The Editor
role: Editor
---
Runs the newsroom. Edit this biography in content/authors/the-editor.md.
'''

ABOUT = '''\
---
title: About us
---
Tell your readers who you are, how to reach you and how you correct mistakes.
'''

LAYOUTS_README = '''\
Templates placed here override newsgen's default theme file by file.
`newsgen theme list` names the theme's templates; `newsgen theme copy NAME`
(partials/masthead.html, say) copies one here to edit; `newsgen theme
reference` lists every variable a template is given.
'''

GITIGNORE = "output/\n.output-*\n.newsgen-cache/\n"


def init_site(directory: Path, now: datetime | None = None) -> None:
    if directory.exists() and any(directory.iterdir()):
        raise NewsgenError(f"{directory} is not empty; choose a new folder for the site")
    title = directory.resolve().name.replace("-", " ").replace("_", " ").title() or "My News Site"
    moment = (now or datetime.now().astimezone()).replace(microsecond=0, second=0)
    files = {
        "site.toml": SITE_TOML.format(title=title.replace('"', "'")),
        f"content/news/{moment:%Y-%m-%d}-welcome.md": WELCOME.format(title=title, date=moment.isoformat(), image=f"{moment:%Y-%m-%d}-welcome.jpg"),
        "content/authors/the-editor.md": EDITOR,
        "content/pages/about.md": ABOUT,
        "layouts/README.txt": LAYOUTS_README,
        "static/.gitkeep": "",
        ".gitignore": GITIGNORE,
    }
    for rel, text in files.items():
        _create(directory / rel, text)
    (directory / "static/logo.png").write_bytes(neutral_logo())
    (directory / f"content/news/{moment:%Y-%m-%d}-welcome.jpg").write_bytes(welcome_photo())
