"""Creating files for people: `newsgen new` (an article) and `newsgen init` (a site).

Neither ever overwrites a file that exists.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import yaml

from .config import SiteConfig
from .errors import NewsgenError
from .slugs import slugify


def new_article(config: SiteConfig, headline: str, section: str, authors: list[str], now: datetime) -> Path:
    if not headline.strip():
        raise NewsgenError("the headline is empty")
    section_slug = slugify(section)
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
'''

WELCOME = '''\
---
title: Welcome to {title}
date: {date}
author: The Editor
tags: [Announcements]
summary: Our first story, written by newsgen init. Replace it with your own.
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
Templates placed here override the default theme file by file: copy one from
newsgen's theme (generator/theme/layouts/) under the same name and edit it.
'''

GITIGNORE = "output/\n.output-*\n.newsgen-cache/\n"


def init_site(directory: Path, now: datetime | None = None) -> None:
    if directory.exists() and any(directory.iterdir()):
        raise NewsgenError(f"{directory} is not empty; choose a new folder for the site")
    title = directory.resolve().name.replace("-", " ").replace("_", " ").title() or "My News Site"
    moment = (now or datetime.now().astimezone()).replace(microsecond=0, second=0)
    files = {
        "site.toml": SITE_TOML.format(title=title.replace('"', "'")),
        f"content/news/{moment:%Y-%m-%d}-welcome.md": WELCOME.format(title=title, date=moment.isoformat()),
        "content/authors/the-editor.md": EDITOR,
        "content/pages/about.md": ABOUT,
        "layouts/README.txt": LAYOUTS_README,
        "static/.gitkeep": "",
        ".gitignore": GITIGNORE,
    }
    for rel, text in files.items():
        _create(directory / rel, text)
    (directory / "static/logo.png").write_bytes(neutral_logo())


def neutral_logo(size: int = 512) -> bytes:
    """A publisher mark that is no one's: a dark tile with a page's headline and
    columns. Drawn, not shipped, so every new site starts without the
    sample's raven; the same bytes every time (no fonts, no metadata)."""
    import io  # noqa: PLC0415

    from PIL import Image, ImageDraw  # noqa: PLC0415

    tile = Image.new("RGB", (size, size), (255, 255, 255))
    draw = ImageDraw.Draw(tile)
    unit = size // 16
    draw.rounded_rectangle((unit, unit, size - unit, size - unit), radius=2 * unit, fill=(26, 26, 26))
    draw.rectangle((4 * unit, 4 * unit, 12 * unit, 6 * unit), fill=(255, 255, 255))  # the headline
    for left in (4 * unit, 8 * unit + unit // 2):  # two columns of text
        for row in range(4):
            top = 7 * unit + row * 3 * unit // 2
            draw.rectangle((left, top, left + 3 * unit + unit // 2, top + unit // 2), fill=(255, 255, 255))
    out = io.BytesIO()
    tile.save(out, "PNG", optimize=True)
    return out.getvalue()
