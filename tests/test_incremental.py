"""Incremental builds give exactly what a full build gives, byte for byte.

A seeded random sequence of edits (titles, bodies, dates, tags, authors,
links between stories, new, deleted, renamed and moved stories, a site
override of a template created, edited and removed, static files, a broken
story and its fix) is applied to a small site. After each step the site is
built twice:

* incrementally, by ONE long-lived SiteBuilder writing in place (the dev
  server's mode), or by a new SiteBuilder per step sharing a cache_dir (the
  mode of separate `newsgen build` processes);
* from nothing, by build_site into a fresh folder;

and the two folders must hold the same files with the same bytes.
"""

from __future__ import annotations

import os
import json
import pickle
import posixpath
import difflib
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from generator import build as build_module
from generator import plan as plan_stage
from generator import search as search_stage
from generator import write as write_module
from generator.build import SiteBuilder, build_site
from generator.cache import DB_FILE, load_state, save_state
from generator.content.model import BuildMode
from generator.errors import BuildFailed
from generator.slugs import slugify
from generator.render import THEME_DIR

from .conftest import DEFAULT_CONFIG, NOW, output_files, standby_is_twin, state_rows, story

SEED = 20221212
STEPS = 30
MODE = BuildMode(now=NOW)

SECTIONS = ("world", "politics", "business")
TAGS = ("Energy", "Elections", "Climate", "Markets", "Ukraine", "energy")  # two spellings of one tag
AUTHORS = ("Ada Lovelace", "Grace Hopper", "Alan Turing", "Ada Lovelace, Alan Turing")
# Front matter written for Jekyll and Hugo: a summary, a withheld story, an
# expiry before and after NOW, old URLs, an ignored and an unknown key.
FOREIGN = (("description", "A dek from elsewhere"), ("excerpt", "An <em>excerpt</em>"), ("published", "false"),
           ("expiryDate", "2022-12-10T00:00:00"), ("expiryDate", "2023-01-10T00:00:00"), ("redirect_from", "[/old/path/]"),
           ("layout", "post"), ("my_field", "3"))
WORDS = ("harbour", "council", "budget", "storm", "vote", "bridge", "market", "strike", "court", "river",
         "energy", "school", "minister", "festival", "railway", "winter", "price", "report")


# ---- a small site that changes at random ----------------------------------

@dataclass
class Story:
    section: str
    stem: str
    title: str
    date: str
    tags: tuple[str, ...]
    author: str
    paragraphs: list[str]
    links: list["Story"] = field(default_factory=list)
    foreign: dict[str, str] = field(default_factory=dict)  # keys other generators write, as written
    # Links written from content/ (`world/x.md`), found as Hugo finds them.
    links_from_content: bool = False
    slug: str = ""  # given in front matter: the story's URL follows it
    # Photos by site path (content/photos/), so that a story moved to another folder still finds them.
    image: str = ""  # the lead image
    image_focus: str = ""
    inline_image: str = ""  # a figure in the body, with caption and credit
    lang: str = ""  # a story in another language than the site's: its dates and the theme's words in it
    translation_key: str = ""  # shared with its translations: hreflang on their pages and in the sitemap
    front_format: str = "yaml"  # or Eleventy's "js" (an object literal) or "json"

    @property
    def rel(self) -> str:
        return f"content/{self.section}/{self.stem}.md"

    def text(self) -> str:
        body = "\n\n".join(self.paragraphs)
        for target in self.links:
            path = target.rel.removeprefix("content/") if self.links_from_content else posixpath.relpath(target.rel, posixpath.dirname(self.rel))
            body += f"\n\nRead also [our earlier report]({path})."
        fields = {}
        if self.tags:
            fields["tags"] = "[" + ", ".join(self.tags) + "]"
        if self.author:
            fields["authors"] = "[" + self.author + "]"
        if self.slug:
            fields["slug"] = self.slug
        if self.image:
            fields.update(image=self.image, image_alt="A photo", image_caption="The scene")
        if self.image_focus:
            fields["image_focus"] = f'"{self.image_focus}"'
        if self.inline_image:
            body += f'\n\n![A photo]({self.inline_image} "On the day | Credit: Photo desk")'
        if self.lang:
            fields["lang"] = self.lang
        if self.translation_key:
            fields["translation_key"] = self.translation_key
        text = story(self.title, self.date or None, body + "\n", **fields, **self.foreign)
        return text if self.front_format == "yaml" else eleventy_front_matter(text, self.front_format)


def eleventy_front_matter(text: str, form: str) -> str:
    """A story's YAML front matter written as Eleventy's ---js object
    literal (bare keys, a trailing comma, a comment) or ---json, values alike."""
    import yaml  # noqa: PLC0415

    head, body = text.removeprefix("---\n").split("\n---\n", 1)
    values = {key: value.isoformat() if isinstance(value, datetime) else value for key, value in yaml.safe_load(head).items()}
    if form == "json":
        return f"---json\n{json.dumps(values, indent=2)}\n---\n{body}"
    lines = [f"  {key if key.isidentifier() else json.dumps(key)}: {json.dumps(value)}," for key, value in values.items()]
    return "---js\n// written as Eleventy reads it\n{\n" + "\n".join(lines) + "\n}\n---\n" + body


class RandomSite:
    """The sources of a site, changed one random step at a time."""

    def __init__(self, root: Path, rng: random.Random, editions: bool = False, stories: int = 8):
        """`editions`: start as a site in three languages (German and Arabic
        editions, stories in each, some translations of each other)."""
        self.root = root
        self.rng = rng
        self.stories: list[Story] = []
        self.counter = 0
        self.template_version = 0
        self.static_version = 0
        # Three to a page: the lists of eight stories and more have numbered pages (numbering()).
        self.write("site.toml", "page_size = 3\n" + (root / "site.toml").read_text(encoding="utf-8"))
        for _ in range(stories):
            self._add()
        # The publisher's raster logo from the start: site.toml names it once
        # (a long-lived builder, as serve's, is made anew when site.toml changes).
        self.logo()
        if editions:
            self.write("site.toml", (root / "site.toml").read_text(encoding="utf-8") + '\n# editions\n[languages.de]\ntitle = "Die Zeitung"\n'
                       '[languages.ar]\ntitle = "الصحيفة"\n')
            for number, s in enumerate(self.stories):
                s.lang = ("", "de", "ar")[number % 3]
                s.translation_key = f"k{number // 3}" if number < 6 else ""
                self.save(s)

    # -- helpers --

    def words(self, n: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(n))

    def new_title(self) -> str:
        # Now and then one over HEADLINE_MAX: a warning that comes and goes with a headline edit.
        return self.words(self.rng.choice((2, 3, 4, 5, 6, 30))).capitalize()

    def new_date(self) -> str:
        day = self.rng.randint(1, 11)
        return f"2022-12-{day:02d}T{self.rng.randint(6, 21):02d}:{self.rng.choice((0, 15, 30, 45)):02d}:00"

    def new_tags(self) -> tuple[str, ...]:
        return tuple(self.rng.sample(TAGS, self.rng.randint(0, 3)))

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def save(self, s: Story) -> None:
        self.write(s.rel, s.text())

    def save_linking(self, target: Story) -> None:
        for s in self.stories:
            if target in s.links:
                self.save(s)

    def pick(self) -> Story:
        return self.rng.choice(self.stories)

    def _add(self) -> Story:
        self.counter += 1
        s = Story(
            section=self.rng.choice(SECTIONS),
            stem=f"{self.rng.choice(WORDS)}-{self.counter}",
            title=self.new_title(),
            date=self.new_date(),
            tags=self.new_tags(),
            author=self.rng.choice(AUTHORS + ("",)),
            paragraphs=[self.words(12) + "." for _ in range(self.rng.randint(1, 3))],
        )
        self.stories.append(s)
        self.save(s)
        return s

    # -- the steps --

    def title(self) -> str:
        s = self.pick()
        s.title = self.new_title()
        self.save(s)
        return f"retitle {s.rel}"

    def body(self) -> str:
        s = self.pick()
        s.paragraphs[self.rng.randrange(len(s.paragraphs))] = self.words(10) + "."
        self.save(s)
        return f"edit the body of {s.rel}"

    def date(self) -> str:
        linked = [t for other in self.stories for t in other.links]
        s = self.rng.choice(linked) if linked and self.rng.random() < 0.6 else self.pick()
        s.date = self.new_date()  # its URL moves: pages linking to it must follow
        self.save(s)
        return f"redate {s.rel}"

    def tags(self) -> str:
        s = self.pick()
        s.tags = self.new_tags()
        self.save(s)
        return f"retag {s.rel}"

    def foreign(self) -> str:
        targets = [t for other in self.stories for t in other.links]
        # Often a linked story: its expiry must leave the links to it working.
        s = self.rng.choice(targets) if targets and self.rng.random() < 0.5 else self.pick()
        linked = any(s in other.links for other in self.stories)
        # A linked story withheld (published: false) leaves the links to it leading nowhere, warned of.
        s.foreign = dict(self.rng.sample(FOREIGN, self.rng.randint(0, 3)))
        if linked and self.rng.random() < 0.5:
            s.foreign["expiryDate"] = "2022-12-10T00:00:00"  # expired: the links to it keep its URL
        self.save(s)
        return f"front matter of other generators on {s.rel}: {sorted(s.foreign)}"

    def eleventy(self) -> str:
        """A story's front matter written as Eleventy's JavaScript or JSON, or back as YAML."""
        s = self.pick()
        s.front_format = self.rng.choice([form for form in ("yaml", "js", "json") if form != s.front_format])
        self.save(s)
        return f"front matter of {s.rel} as {s.front_format}"

    def hugo(self) -> str:
        """Hugo's forms: a story without a date (the page at its path), a
        section's _index.md, links written from content/."""
        choice = self.rng.choice(("undated", "section text", "links from content"))
        if choice == "undated":
            s = self.pick()
            s.date = "" if s.date else self.new_date()
            self.save(s)
            return f"{'take the date off' if not s.date else 'date'} {s.rel}"
        if choice == "section text":
            # The site's own, or a German edition's (Hugo's _index.de.md).
            rel = f"content/{self.rng.choice(SECTIONS)}/_index{self.rng.choice(('', '.de'))}.md"
            if (self.root / rel).exists() and self.rng.random() < 0.5:
                (self.root / rel).unlink()
                return f"delete {rel}"
            self.write(rel, f"---\ntitle: {self.new_title()}\ndescription: {self.words(6)}.\n---\n")
            return f"write {rel}"
        s = self.pick()
        s.links_from_content = not s.links_from_content
        targets = [t for t in self.stories if t is not s]
        if not s.links and targets:
            s.links.append(self.rng.choice(targets))
        self.save(s)
        return f"links of {s.rel} written from content/: {s.links_from_content}"

    def author(self) -> str:
        if self.rng.random() < 0.3:  # an author file with the old URLs of its page (redirects), or without
            old = self.rng.choice(("", "aliases: [/team/grace/]\n", "aliases: [/author/grace/, /team/grace/]\n"))
            self.write("content/authors/grace-hopper.md", f"---\nname: Grace Hopper\n{old}---\nCovers the navy.\n")
            return f"content/authors/grace-hopper.md with {old.strip() or 'no aliases'}"
        s = self.pick()
        s.author = self.rng.choice(AUTHORS + ("",))
        self.save(s)
        return f"new byline on {s.rel}"

    def link(self) -> str:
        if len(self.stories) < 2:
            return self.add()
        target = self.rng.choice(self.stories)  # a withheld one too: the link leads nowhere, warned of
        s = self.rng.choice([other for other in self.stories if other is not target])
        s.links.append(target)
        self.save(s)
        return f"link {s.rel} to {target.rel}"

    def add(self) -> str:
        return f"add {self._add().rel}"

    def delete(self) -> str:
        if len(self.stories) <= 3:
            return self.add()
        s = self.pick()
        self.stories.remove(s)
        (self.root / s.rel).unlink()
        dangling = self.rng.random() < 0.5  # its linkers left linking to it: broken links, warned of
        for other in self.stories:
            if s in other.links and not dangling:
                other.links = [t for t in other.links if t is not s]
                self.save(other)
        return f"delete {s.rel}" + (", links to it left" if dangling else "")

    def rename(self) -> str:
        s = self.pick()
        old = s.rel
        self.counter += 1
        s.stem = f"{self.rng.choice(WORDS)}-{self.counter}"
        if self.rng.random() < 0.4:
            s.section = self.rng.choice(SECTIONS)  # moved to another section's folder
        (self.root / s.rel).parent.mkdir(parents=True, exist_ok=True)
        os.rename(self.root / old, self.root / s.rel)
        if s.links:  # its own relative links change with its folder
            self.save(s)
        self.save_linking(s)
        return f"rename {old} to {s.rel}"

    def slug(self) -> str:
        """A new slug: the story's URL changes, and a recording build keeps the old one as a redirect."""
        s = self.pick()
        self.counter += 1
        s.slug = f"{self.rng.choice(WORDS)}-slug-{self.counter}"
        self.save(s)
        # The ledger's [moved] table (old URLs of pages that are no story), as an import writes it, changed or taken away.
        ledger = self.root / "urls.toml"
        kept = ledger.read_text(encoding="utf-8").split("\n[moved]\n")[0] if ledger.exists() else ""
        section, tag = self.rng.choice(SECTIONS), self.rng.choice(TAGS)
        moved = self.rng.choice(("", f'"/category/{section}/" = "/{section}/"\n"/feed/" = "/feed.xml"\n',
                                 f'"/tag/{slugify(tag)}/" = "/tags/{slugify(tag)}/"\n"/?cat=1" = "/{section}/"\n'))
        self.write("urls.toml", kept + (f"\n[moved]\n{moved}" if moved else ""))
        return f"give {s.rel} the slug {s.slug}; [moved] in urls.toml: {moved.strip() or 'none'}"

    def template(self) -> str:
        self.template_version += 1
        v = self.template_version
        choice = self.rng.choice(("article", "footer", "footer", "remove"))
        if choice == "article":
            text = (THEME_DIR / "layouts/article.html").read_text(encoding="utf-8")
            self.write("layouts/article.html", text.replace('<h1 class="story-title">', f'<h1 class="story-title" data-layout="{v}">'))
            return f"override layouts/article.html (version {v})"
        if choice == "footer":
            text = (THEME_DIR / "layouts/partials/footer.html").read_text(encoding="utf-8")
            self.write("layouts/partials/footer.html", text.replace("Built with newsgen", f"Site footer {v}. Built with newsgen"))
            return f"override layouts/partials/footer.html (version {v})"
        removed = [rel for rel in ("layouts/article.html", "layouts/partials/footer.html") if (self.root / rel).exists()]
        for rel in removed:
            (self.root / rel).unlink()
        return f"remove the overrides {removed}"

    def static(self) -> str:
        self.static_version += 1
        v = self.static_version
        choice = self.rng.choice(("extra", "style", "remove"))
        if choice == "extra":
            self.write("static/extra.css", f".v{v} {{ color: #{v:06x}; }}\n" * self.rng.randint(1, 3))
            return "write static/extra.css"
        if choice == "style":
            self.write("static/style.css", f"body {{ margin: {v}px; }}\n")
            return "override static/style.css"
        removed = [rel for rel in ("static/extra.css", "static/style.css") if (self.root / rel).exists()]
        for rel in removed:
            (self.root / rel).unlink()
        return f"remove static files {removed}"

    def image(self) -> str:
        """A photo: a story's lead or inline image added or dropped, a photo
        replaced by another of another size, a lead image refocused, the
        publisher's raster logo (every page's masthead) drawn anew."""
        s = self.pick()
        photos = sorted(p.name for p in (self.root / "content/photos").glob("*.jpg"))
        choice = self.rng.choice(("lead", "inline", "replace", "focus", "drop", "logo"))
        if choice == "logo":
            self.logo()
            return "draw static/logo.png anew"
        if choice in ("lead", "inline") or not photos:
            if photos and self.rng.random() < 0.5:
                name = self.rng.choice(photos)  # one photo on several stories
            else:
                self.counter += 1
                name = f"p{self.counter}.jpg"
                self.photo(name)
            if choice == "inline":
                s.inline_image = f"/photos/{name}"
            else:
                s.image = f"/photos/{name}"
            self.save(s)
            return f"show /photos/{name} in {s.rel} ({'inline' if choice == 'inline' else 'lead'})"
        if choice == "replace":
            name = self.rng.choice(photos)
            self.photo(name)
            return f"replace content/photos/{name}"
        if choice == "focus" and s.image:
            s.image_focus = f"{self.rng.randint(0, 100)}% {self.rng.randint(0, 100)}%"
            self.save(s)
            return f"refocus the lead image of {s.rel}"
        s.image = s.inline_image = s.image_focus = ""
        self.save(s)
        return f"drop the images of {s.rel}"

    def logo(self) -> None:
        """The publisher's logo, another size and colour each time (named in site.toml from the first)."""
        from PIL import Image  # noqa: PLC0415

        config = (self.root / "site.toml").read_text(encoding="utf-8")
        if "[publisher]" not in config:
            self.write("site.toml", config + '\n[publisher]\nlogo = "/static/logo.png"\n')
        height = self.rng.choice((40, 120, 300))
        picture = Image.new("RGBA", (self.rng.choice((height, 2 * height)), height), (*(self.rng.randrange(256) for _ in range(3)), 255))
        path = self.root / "static/logo.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        picture.save(path, "PNG")

    def language(self) -> str:
        """A story's lang set or dropped, or the site's own German catalog
        written, changed or removed: every page showing a phrase follows;
        or the site's editions in other languages changed."""
        choice = self.rng.choice(("story", "story", "catalog", "drop catalog", "translations", "edition", "edition"))
        if choice == "edition":
            return self.editions()
        if choice == "translations":  # two stories made (or unmade) translations of each other
            first, second = self.rng.sample(self.stories, 2)
            key = self.rng.choice((f"k{self.counter}", first.translation_key or "k0", ""))
            first.translation_key = second.translation_key = key
            second.lang = second.lang or "de"
            self.save(first)
            self.save(second)
            return f"{first.rel} and {second.rel} share translation_key {key!r}"
        if choice == "story":
            s = self.pick()
            s.lang = self.rng.choice(("de", "fr", "ar", ""))
            self.save(s)
            return f"{s.rel} in {s.lang or 'the site language'}"
        path = self.root / "layouts/translations/de.po"
        if choice == "drop catalog":
            path.unlink(missing_ok=True)
            return "remove layouts/translations/de.po"
        self.write("layouts/translations/de.po", 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                   f'msgid "Related stories"\nmsgstr "Verwandt {self.words(2)}"\n')
        return "write layouts/translations/de.po"

    def pages(self) -> str:
        """The about page and its German version, made (or unmade)
        translations of each other, the German one renamed or not: both
        pages' hreflang, language switcher and sitemap entries follow."""
        key = self.rng.choice(("about", ""))
        slug = self.rng.choice(("", "slug: wir-ueber-uns\n"))
        self.write("content/pages/about.md", f"---\ntitle: About {self.words(1)}\n{'translation_key: ' + key if key else ''}\n---\nWe.\n")
        self.write("content/pages/ueber-uns.md", f"---\ntitle: Über uns\nlanguage: de\n{slug}translation_key: {key or 'ueber'}\n---\nWir.\n")
        # A section's own text, with the old URLs of its list or without (they redirect to it).
        section = self.rng.choice(SECTIONS)
        old = self.rng.choice(("", f"aliases: [/old-{section}/]\n"))
        self.write(f"content/{section}/_index.md", f"---\ntitle: {section.capitalize()}\n{old}---\nAbout {self.words(2)}.\n")
        return f"the about page and its German version, translation_key {key!r}, {slug.strip() or 'no slug'}; {section}/_index.md {old.strip()}"

    def pelican(self) -> str:
        """A story written for Pelican: a 'Key: value' header in Markdown, or
        reStructuredText, with Pelican's links to a tag and to the front
        page; rewritten, moved between the two, or deleted."""
        for name in ("pelican.md", "pelican.rst"):
            for found in self.root.glob(f"content/*/{name}"):
                found.unlink()
        if self.rng.random() < 0.25:
            return "no Pelican story"
        section, title, date, tag = self.rng.choice(SECTIONS), self.new_title(), self.new_date().replace("T", " "), self.rng.choice(TAGS)
        status = self.rng.choice(("", "hidden", "published"))
        if self.rng.random() < 0.5:
            rel = f"content/{section}/pelican.md"
            self.write(rel, f"Title: {title}\nDate: {date}\nTags: {tag}, pelican\n{'Status: ' + status if status else ''}\n\n{self.words(8)}, "
                            f"[more]({{tag}}{tag}) and [home]({{index}}).\n")
        else:
            rel = f"content/{section}/pelican.rst"
            self.write(rel, f"{title}\n{'#' * len(title)}\n\n:date: {date}\n:tags: {tag}, pelican\n{':status: ' + status if status else ''}\n\n"
                            f"{self.words(8)}, `more <{{tag}}{tag}>`_ and `home <{{index}}>`_.\n")
        return f"write {rel} {status}"

    def editions(self) -> str:
        """[languages] in site.toml: none, German, Arabic under a path of its
        own, or both, with their titles and a section's title each time anew:
        stories move between editions, and every edition's pages follow."""
        config = (self.root / "site.toml").read_text(encoding="utf-8").split("\n# editions\n")[0]
        chosen = self.rng.choice(((), ("de",), ("ar",), ("de", "ar")))
        section = self.rng.choice(SECTIONS)
        blocks = {
            "de": f'[languages.de]\ntitle = "Die Zeitung {self.words(1)}"\ntagline = "{self.words(3)}"\n'
                  f'[languages.de.sections]\n{section} = "{self.words(1).capitalize()}"\n',
            "ar": f'[languages.ar]\ntitle = "الصحيفة"\npath = "/{self.rng.choice(("ar", "arabic"))}/"\n',
        }
        text = config + ("\n# editions\n" + "".join(blocks[code] for code in chosen) if chosen else "")
        self.write("site.toml", text)
        return f"editions in site.toml: {chosen or 'none'}"

    def numbering(self) -> str:
        """Lists numbered from the oldest story (the default) or the newest: a
        site switching its scheme, and every later step under the one chosen."""
        lines = (self.root / "site.toml").read_text(encoding="utf-8").splitlines(keepends=True)
        chosen = self.rng.choice(("stable", "newest-first"))
        kept = "".join(line for line in lines if not line.startswith("page_numbering"))
        self.write("site.toml", f'page_numbering = "{chosen}"\n' + kept)  # first: a top-level key, before any table
        return f"page_numbering = {chosen}"

    def photo(self, name: str) -> None:
        """A small JPEG (wide, tall or under the card's width), another each time."""
        from PIL import Image, ImageDraw  # noqa: PLC0415

        size = self.rng.choice(((1300, 900), (700, 1000), (640, 480)))
        picture = Image.new("RGB", size, tuple(self.rng.randrange(256) for _ in range(3)))
        ImageDraw.Draw(picture).ellipse((0, 0, size[0] // 2, size[1] // 2), fill=tuple(self.rng.randrange(256) for _ in range(3)))
        path = self.root / "content/photos" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        picture.save(path, "JPEG", quality=80)

    # "broken", "no cache", "revert" and "killed" are run by run_steps: they act on builds too.
    STEPS = ("title", "body", "date", "tags", "author", "link", "add", "delete", "rename", "slug", "template", "static", "broken",
             "foreign", "hugo", "eleventy", "no cache", "revert", "killed", "restart", "image", "language", "pages", "numbering", "pelican")

    def plan(self, count: int) -> list[str]:
        """Every kind of step once, in random order, then random ones."""
        steps = list(self.STEPS)
        self.rng.shuffle(steps)
        steps += [self.rng.choice(self.STEPS) for _ in range(count - len(steps))]
        return steps


def tree(folder: Path) -> dict[str, bytes]:
    return {rel: (folder / rel).read_bytes() for rel in output_files(folder)}


def assert_same_tree(incremental: Path, full: Path, what: str) -> None:
    a, b = tree(incremental), tree(full)
    missing = sorted(set(b) - set(a))
    extra = sorted(set(a) - set(b))
    different = sorted(rel for rel in set(a) & set(b) if a[rel] != b[rel])
    first = ""
    if different:  # what differs in the first of them, to start from
        lines = difflib.unified_diff(b[different[0]].decode(errors="replace").splitlines(), a[different[0]].decode(errors="replace").splitlines(),
                                     "full", "incremental", lineterm="", n=1)
        first = "\n".join(list(lines)[:30])
    assert not (missing or extra or different), (
        f"after {what}: the incremental output differs from a full build:\n"
        f"  missing: {missing}\n  extra: {extra}\n  different: {different}\n{first}"
    )


def full_build(site, tmp_path: Path, step: int, results: list | None = None) -> Path:
    folder = tmp_path / f"full-{step}"
    result = build_site(site.config(output_dir=folder), MODE)
    if results is not None:
        results.append(result)
    return folder


def said(result) -> list[str]:
    """Every warning a build gave, in order of file and text: what a writer reads."""
    return sorted(str(w) for w in result.warnings)


def run_steps(site, tmp_path: Path, incremental_build, editions: bool = False, stories: int = 8) -> list[str]:
    """Apply the seeded steps; after each, `incremental_build()` must equal a full build."""
    s = site()
    rng = random.Random(SEED)
    sources = RandomSite(s.root, rng, editions, stories)
    incremental_dir = incremental_build(s, None)
    previous_full = full_build(s, tmp_path, 0)
    assert_same_tree(incremental_dir, previous_full, "the first build")
    done = []
    standby_made = False
    for number, step in enumerate(sources.plan(STEPS), start=1):
        if step == "broken":
            victim = sources.pick()
            victim.front_format = "yaml"  # (its fences taken apart below)
            before = tree(incremental_dir)
            sources.write(victim.rel, victim.text().replace("---\n", "", 2).replace("title:", "---\ntitle:", 1))
            with pytest.raises(BuildFailed):
                incremental_build(s, number)
            with pytest.raises(BuildFailed):
                full_build(s, tmp_path, number)
            assert tree(incremental_dir) == before, "a failed build changed the output"
            victim.title = sources.new_title()
            sources.save(victim)  # fixed, and edited while at it
            what = f"break {victim.rel}, then fix it"
        elif step in ("no cache", "revert", "killed"):
            what = _build_fault(step, sources, s, incremental_dir, incremental_build, number)
        elif step == "restart":
            what = sources.title()
            restart = getattr(incremental_build, "restart", None)
            if restart is not None:
                restart()
                what += ", and the dev server restarted after being killed (its saved state one build old)"
        else:
            what = getattr(sources, step)()
        done.append(what)
        incremental_build(s, number)
        fulls: list = []
        full = full_build(s, tmp_path, number, fulls)
        assert_same_tree(incremental_dir, full, f"step {number}: {what} (steps so far: {done})")
        if getattr(incremental_build, "result", None) is not None:  # no cache or fast path hides a warning, nor keeps an old one
            assert said(incremental_build.result) == said(fulls[0]), f"step {number}: {what}"
        if getattr(incremental_build, "keeps_a_standby", False):
            # Made by the first build after the cold one that writes a file; once there, always the output's twin.
            if write_module.standby_path(incremental_dir).exists():
                assert standby_is_twin(incremental_dir), f"step {number}: {what}: the standby copy is not the output's twin"
                standby_made = True
            else:
                assert not standby_made, f"step {number}: {what}: the standby copy is gone"
        shutil.rmtree(previous_full)
        previous_full = full
    return done


class Killed(BaseException):
    """A build dying between committing output/ and saving its cache."""


def _build_fault(step: str, sources: RandomSite, s, incremental_dir: Path, incremental_build, number: int) -> str:
    """An edit, a build that leaves output/ and the cache apart (a --no-cache
    build into the same folder, or one killed before it saved its cache),
    and the edit undone: the next incremental build must still equal a full one."""
    victim = sources.pick()
    before = victim.title
    # One letter, as in the report that found it: every file keeps its size.
    victim.title = before[:-1] + ("X" if before[-1] != "X" else "Y")
    sources.save(victim)
    if step == "no cache":
        SiteBuilder(s.config(output_dir=incremental_dir)).build(MODE)
    elif step == "killed":
        # Just before output/ is exchanged with its standby, just after (as the
        # standby catches up), or before the cache is saved. An in-place
        # builder (the dev server's) has no standby, and one without a cache
        # saves nothing: those builds are not killed.
        where, name = sources.rng.choice([(write_module, "_exchange"), (write_module, "mirror"), (build_module, "save_state")])
        real = getattr(where, name)

        def die(*args, **kwargs):
            if name == "mirror" and len(args) < 3:
                return real(*args, **kwargs)  # a whole comparison, before any write: not the catch-up
            raise Killed

        setattr(where, name, die)
        try:
            incremental_build(s, number)
        except Killed:
            pass
        finally:
            setattr(where, name, real)
    else:
        incremental_build(s, number)
    victim.title = before
    sources.save(victim)
    return f"change a letter of {victim.rel}'s title, {step} build, and undo it"


def test_the_random_steps_cover_every_kind_of_change(site, tmp_path):
    rng = random.Random(SEED)
    sources = RandomSite(site().root, rng)
    plan = sources.plan(STEPS)
    assert len(plan) == STEPS
    assert set(plan) == set(RandomSite.STEPS)


def test_incremental_in_place_equals_full_after_every_step(site, tmp_path, monkeypatch):
    """One long-lived in-place SiteBuilder, as `newsgen serve` keeps: its
    search index made after each build, as the dev server makes it, the
    newest month's weeks cut apart and put back as stories come and go."""
    monkeypatch.setattr(search_stage, "RECENT_SHARD_STORIES", 4)
    builders: dict = {}
    folder = tmp_path / "incremental"

    def incremental(s, step):
        config = s.config(output_dir=folder)
        if builders.get("config") != config:
            # As the dev server does when site.toml changes: a builder for the new settings, with the old one's state.
            builder = SiteBuilder(config, in_place=True, search_later=True)
            if "builder" in builders:
                builder.state = builders["builder"].state
            builders["builder"], builders["config"] = builder, config
        builders["before"] = pickle.dumps(builders["builder"].state)  # what a stop before this build would have saved
        incremental.result = builders["builder"].build(MODE)
        builders["builder"].update_search()
        return folder

    def restart():
        """newsgen serve killed, then started again: a new builder with the state saved at an earlier stop."""
        builder = SiteBuilder(builders["config"], in_place=True, search_later=True)
        builder.state = pickle.loads(builders["before"])
        builders["builder"] = builder

    incremental.restart = restart
    done = run_steps(site, tmp_path, incremental)
    assert len(done) == STEPS


def newsgen_builds(tmp_path: Path, built: list | None = None):
    """Incremental builds as separate `newsgen build` processes run them: a
    new SiteBuilder for every build sharing a cache_dir, exchanging output/
    with its standby copy, and recording the URLs (the full builds read the
    ledger it keeps). Each build's (result, site) goes to `built`."""
    folder = tmp_path / "incremental"

    def incremental(s, step):
        result = incremental.result = SiteBuilder(s.config(output_dir=folder), cache_dir=tmp_path / "cache", record_urls=True).build(MODE)
        if built is not None:
            built.append((result, s))
        return folder

    incremental.keeps_a_standby = True
    return incremental


def test_incremental_with_a_cache_dir_equals_full_after_every_step(site, tmp_path, monkeypatch):
    monkeypatch.setattr(search_stage, "RECENT_SHARD_STORIES", 4)  # the newest month's weeks cut apart and put back as stories come and go
    built: list = []
    run_steps(site, tmp_path, newsgen_builds(tmp_path, built))
    assert (tmp_path / "cache" / DB_FILE).is_file()
    # URLs changed (slugs, dates, sections), and their old URLs still lead somewhere.
    assert "former = [" in (built[-1][1].root / "urls.toml").read_text(encoding="utf-8")
    assert "301" in (tmp_path / "incremental" / "_redirects").read_text(encoding="utf-8")
    # The state was really used: some builds rendered fewer pages than they planned.
    assert any(result.rendered < result.pages for result, _ in built)


def test_incremental_equals_full_in_a_site_in_three_languages(site, tmp_path):
    """The random steps on a site with German and Arabic editions from the
    start: stories moving between editions, translations made and unmade,
    editions added and dropped, with the cache of `newsgen build`."""
    assert len(run_steps(site, tmp_path, newsgen_builds(tmp_path), editions=True)) == STEPS


def sitemap_days(first: datetime, last: datetime) -> tuple[list[datetime], list[str]]:
    """plan._sitemap_periods by the day."""
    starts = [first.replace(hour=0, minute=0, second=0, microsecond=0)]
    while starts[-1] + timedelta(days=1) <= last:
        starts.append(starts[-1] + timedelta(days=1))
    return starts, [f"{day:%Y-%m-%d}" for day in starts]


def test_incremental_equals_full_at_a_larger_size(site, tmp_path, monkeypatch):
    """The random steps on 80 stories, three to a page: lists of many pages,
    where a story added, deleted, redated or retagged moves others between
    pages and in and out of related blocks, and most pages keep their
    records without a fingerprint being made (`newsgen build`'s cache).
    The search index is in month and week shards, redated stories moving between them,
    and the sitemap in a part per month, the later pages of lists moving between them."""
    monkeypatch.setattr(search_stage, "SHARD_STORIES", 8)
    monkeypatch.setattr(search_stage, "RECENT_SHARD_STORIES", 4)
    # A part per day, not per month: the random site's stories are of ten days in December.
    monkeypatch.setattr(plan_stage, "SITEMAP_ONE_FILE", 20)
    monkeypatch.setattr(plan_stage, "_sitemap_periods", sitemap_days)
    built: list = []
    assert len(run_steps(site, tmp_path, newsgen_builds(tmp_path, built), stories=80)) == STEPS
    listed = json.loads((tmp_path / "incremental" / "pagefind" / "index.json").read_text(encoding="utf-8"))[""]
    assert any(shard["name"].endswith(("-w1", "-w2")) for shard in listed), listed
    parts = sorted(path.name for path in (tmp_path / "incremental").glob("sitemap-*.xml"))
    assert "sitemap-pages.xml" in parts and len(parts) > 5, parts
    assert sum(result.rendered < result.pages / 4 for result, _ in built) > STEPS / 2, [(r.rendered, r.pages) for r, _ in built]


# ---- no change, one change -------------------------------------------------

def small_site(site):
    return site({
        "content/world/harbour-fire.md": story("Fire in the harbour", tags="[Energy]"),
        "content/world/bridge.md": story("A bridge reopens", date="2022-12-08T09:00:00", tags="[Transport]"),
        "content/politics/vote.md": story("The council votes", date="2022-12-07T09:00:00", authors="[Ada Lovelace]"),
        "content/business/prices.md": story("Prices rise", date="2022-12-06T09:00:00", tags="[Energy, Markets]"),
        "content/pages/about.md": "---\ntitle: About us\n---\nWe report.\n",
    })


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    found = {}
    for rel in output_files(folder):
        info = (folder / rel).stat()
        found[rel] = ((folder / rel).read_bytes(), info.st_mtime_ns, info.st_ino)
    return found


def builder_factory(s, folder, tmp_path, mode):
    """The dev server's one long-lived in-place builder, or a new builder
    per build sharing a cache folder, like separate `newsgen build` runs."""
    if mode == "in_place":
        builder = SiteBuilder(s.config(output_dir=folder), in_place=True)
        return lambda: builder
    return lambda: SiteBuilder(s.config(output_dir=folder), cache_dir=tmp_path / "cache")


@pytest.mark.parametrize("mode", ["in_place", "cache_dir"])
def test_a_rebuild_without_changes_renders_and_writes_nothing(site, tmp_path, mode):
    s = small_site(site)
    folder = tmp_path / "out"
    make = builder_factory(s, folder, tmp_path, mode)
    first = make().build(MODE)
    assert first.rendered == first.pages
    before = snapshot(folder)
    again = make().build(MODE)
    assert again.rendered == 0
    assert again.write.changed == ()
    assert again.write.removed == ()
    assert not again.write.wrote_anything
    assert snapshot(folder) == before, "files were rewritten (content, mtime or inode changed)"


def test_files_discovery_leaves_out_are_no_inputs_to_a_build(site, tmp_path):
    """An editor's swap file, a hidden file, or another generator's
    machinery appearing under content/ changes no source: the next `newsgen
    build` finds nothing to do, as it reads none of them; a new story found
    by the same walk is built."""
    s = small_site(site)
    folder = tmp_path / "out"
    make = builder_factory(s, folder, tmp_path, "cache_dir")
    for path in s.root.rglob("*"):  # written long enough before the build for their stats to be trusted (cache.trusted)
        os.utime(path, ns=(time.time_ns() - 10**10,) * 2)
    make().build(MODE)
    s.write("content/world/.bridge.md.swp", "swap")
    s.write("content/_layouts/post.html", "<html>{{ content }}</html>")
    s.write("content/world/bridge.md~", "backup")
    again = make().build(MODE)
    assert again.rendered == 0 and "discover" not in again.stages.seconds, again.stages.seconds
    s.write("content/world/ferry.md", story("A ferry sails", date="2022-12-10T09:00:00"))
    added = make().build(MODE)
    assert "discover" in added.stages.seconds and (folder / "world/2022/12/10/ferry/index.html").exists()
    assert_same_tree(folder, full_build(s, tmp_path, 1), "a story added beside files discovery leaves out")


@pytest.mark.parametrize("mode", ["in_place", "cache_dir"])
def test_editing_one_story_renders_fewer_pages_than_a_full_build(site, tmp_path, mode):
    s = small_site(site)
    folder = tmp_path / "out"
    make = builder_factory(s, folder, tmp_path, mode)
    first = make().build(MODE)
    s.write("content/politics/vote.md", story("The council votes", date="2022-12-07T09:00:00", authors="[Ada Lovelace]",
                                               body="A new first paragraph.\n"))
    second = make().build(MODE)
    assert 0 < second.rendered < first.rendered, (second.rendered, first.rendered)
    assert "politics/2022/12/07/vote/index.html" in second.write.changed
    assert "world/2022/12/09/harbour-fire/index.html" not in second.write.changed
    assert_same_tree(folder, full_build(s, tmp_path, 1), "editing one story's body")


@pytest.mark.parametrize("mode", ["in_place", "cache_dir"])
def test_a_page_follows_a_story_it_links_to_when_that_story_moves(site, tmp_path, mode):
    """The link's href is the only thing that changes on the linking page."""
    s = site({
        "content/world/harbour-fire.md": story("Fire in the harbour", body="See [the vote](../politics/vote.md).\n"),
        "content/politics/vote.md": story("The council votes", date="2022-12-07T09:00:00"),
    })
    folder = tmp_path / "out"
    builder = SiteBuilder(s.config(output_dir=folder), in_place=True)
    make = (lambda: builder) if mode == "in_place" else (lambda: SiteBuilder(s.config(output_dir=folder), cache_dir=tmp_path / "cache"))
    make().build(MODE)
    page = folder / "world/2022/12/09/harbour-fire/index.html"
    assert "politics/2022/12/07/vote/" in page.read_text()
    s.write("content/politics/vote.md", story("The council votes", date="2022-12-05T09:00:00"))
    make().build(MODE)
    assert "politics/2022/12/05/vote/" in page.read_text()
    assert_same_tree(folder, full_build(s, tmp_path, 1), "moving a story another one links to")


# ---- a state file that cannot be trusted -----------------------------------

def _flip_byte(fraction: float):
    def damage(db: Path) -> None:
        blob = db.read_bytes()
        at = int(len(blob) * fraction)
        db.write_bytes(blob[:at] + bytes([blob[at] ^ 0xFF]) + blob[at + 1:])
    return damage


def _bytes(change):
    return lambda db: db.write_bytes(change(db.read_bytes()))


def _sql(*statements: str):
    """A database SQLite reads as sound, holding what no build wrote."""
    def damage(db: Path) -> None:
        connection = sqlite3.connect(db)
        with connection:
            for statement in statements:
                connection.execute(statement)
        connection.close()
    return damage


CORRUPTIONS = {
    "garbage": _bytes(lambda blob: b"\x00\xffnot a state at all" * 50),
    "empty": _bytes(lambda blob: b""),
    "truncated": _bytes(lambda blob: blob[: len(blob) // 2]),
    "header only": _bytes(lambda blob: blob[:100]),
    "random bytes": _bytes(lambda blob: random.Random(7).randbytes(len(blob))),
    **{f"one byte flipped at {fraction:.0%}": _flip_byte(fraction) for fraction in (0.1, 0.35, 0.6, 0.85, 0.99)},
    "another version": _sql("UPDATE meta SET value = 'newsgen-state 0.0.0-other' WHERE key = 'signature'"),
    "a value changed": _sql("UPDATE outputs SET used = '' WHERE used != ''", "UPDATE sources SET digest = 'x' || digest"),
    "rows swapped": _sql("UPDATE outputs SET path = 'swap' WHERE path = 'index.html'",
                         "UPDATE outputs SET path = 'index.html' WHERE path = 'world/index.html'",
                         "UPDATE outputs SET path = 'world/index.html' WHERE path = 'swap'"),
    "a row lost": _sql("DELETE FROM sources WHERE rowid = (SELECT max(rowid) FROM sources)"),
    "a blob changed": lambda db: [_flip_byte(0.5)(blob) for blob in db.parent.glob("model-*.pickle")],
    "a blob of another build": _sql("UPDATE meta SET value = replace(value, 'quick-', 'model-') WHERE key = 'blob:quick'"),
    "a table gone": _sql("DROP TABLE outputs"),
    "the state of other files": _sql("DELETE FROM sources", "DELETE FROM outputs", "UPDATE meta SET value = '(0, 0)' WHERE key = 'counts'"),
}


@pytest.mark.parametrize("damage", sorted(CORRUPTIONS))
def test_a_damaged_state_database_is_ignored(site, tmp_path, damage):
    s = small_site(site)
    folder = tmp_path / "out"
    cache = tmp_path / "cache"
    SiteBuilder(s.config(output_dir=folder), cache_dir=cache).build(MODE)
    assert load_state(cache) is not None
    CORRUPTIONS[damage](cache / DB_FILE)
    # Change the site meanwhile, so that trusting a wrong state would show.
    s.write("content/world/harbour-fire.md", story("The fire is out", tags="[Energy]"))
    s.remove("content/world/bridge.md")
    s.write("content/science/comet.md", story("A comet", date="2022-12-10T21:00:00"))
    result = SiteBuilder(s.config(output_dir=folder), cache_dir=cache).build(MODE)
    assert not [w for w in result.warnings if "cache" in str(w)], result.warnings
    assert_same_tree(folder, full_build(s, tmp_path, 1), f"a state database damaged by {damage}")
    # and the next build has a good state again
    assert load_state(cache) is not None
    again = SiteBuilder(s.config(output_dir=folder), cache_dir=cache).build(MODE)
    assert again.rendered == 0


def _counting_rows_read(monkeypatch) -> list[str]:
    """The paths of the output rows builds read from the state's database, as they read them."""
    from generator import cache as cache_module

    read: list[str] = []
    take = cache_module.StoredOutputs._take

    def counted(self, rows):
        read.extend(row[0] for row in rows)
        return take(self, rows)

    monkeypatch.setattr(cache_module.StoredOutputs, "_take", counted)
    return read


def test_an_edit_reads_the_records_of_the_pages_it_reaches_not_every_record(site, tmp_path, monkeypatch):
    """The build state is read on demand: a body edit to one story of 40
    reads the rows of the pages that show it, not the row of every file.
    (Without search: its one shard here, made again, reads every page's.)"""
    files = {f"content/world/story-{i}.md": story(f"Story {i}", date=f"2022-11-{1 + i % 28:02d}T{i % 24:02d}:00:00", tags=f"[Tag {i % 7}]")
             for i in range(40)}
    s = site(files, "search = false\n" + DEFAULT_CONFIG)
    folder, cache = tmp_path / "out", tmp_path / "cache"
    make = lambda: SiteBuilder(s.config(output_dir=folder), cache_dir=cache)  # noqa: E731
    make().build(MODE)
    rows = len(state_rows(cache))
    read = _counting_rows_read(monkeypatch)
    s.write("content/world/story-7.md", story("Story 7", date="2022-11-08T07:00:00", tags="[Tag 0]", body="First paragraph of the story.\n\nA line added.\n"))
    edited = make().build(MODE)
    assert 0 < edited.rendered < edited.pages / 4
    assert 0 < len(read) < rows / 4, f"{len(read)} of {rows} rows read"
    assert_same_tree(folder, full_build(s, tmp_path, 1), "a body edit reading the state on demand")


def test_a_tag_edit_works_out_only_the_search_shards_whose_pages_changed(site, tmp_path, monkeypatch):
    """A tag edit makes a new plan, and with it the search index's shards
    anew; a shard listing the same pages as the last build's, none of them
    indexed differently, is made from its entry's record, as in a body
    edit: its pages' records are not read to work out its fingerprint."""
    monkeypatch.setattr(search_stage, "SHARD_STORIES", 8)
    monkeypatch.setattr(search_stage, "RECENT_SHARD_STORIES", 4)
    files = {f"content/world/story-{i}.md": story(f"Story {i}", date=f"2022-{1 + i % 11:02d}-{1 + i % 28:02d}T{i % 24:02d}:00:00",
                                                  tags=f"[Tag {i % 7}]") for i in range(40)}
    s = site(files)
    folder, cache = tmp_path / "out", tmp_path / "cache"
    make = lambda: SiteBuilder(s.config(output_dir=folder), cache_dir=cache)  # noqa: E731
    make().build(MODE)
    shards = json.loads((folder / "pagefind" / "index.json").read_text(encoding="utf-8"))[""]
    worked_out = []
    fingerprint = search_stage.fingerprint
    monkeypatch.setattr(search_stage, "fingerprint", lambda pages, *rest: worked_out.append(pages) or fingerprint(pages, *rest))
    s.write("content/world/story-7.md", story("Story 7", date="2022-08-08T07:00:00", tags="[Tag 0, Harbour]"))
    make().build(MODE)
    assert len(shards) > 3 and 0 < len(worked_out) < len(shards) / 2, (len(worked_out), len(shards))
    assert_same_tree(folder, full_build(s, tmp_path, 1), "a tag edit with shards kept by their records")


def test_a_row_changed_in_the_database_by_anything_else_is_never_trusted_unread(site, tmp_path):
    """A page no change reaches keeps its record unread: what the rows say
    of which pages use which stories is taken on trust. A row changed by
    anything but a build (its `used` emptied: the page would seem not to
    link the story) makes the whole state untrusted, not a stale page."""
    s = small_site(site)
    s.write("content/politics/vote.md", story("The council votes", date="2022-12-07T09:00:00", body="See [the bridge](../world/bridge.md).\n"))
    folder, cache = tmp_path / "out", tmp_path / "cache"
    make = lambda: SiteBuilder(s.config(output_dir=folder), cache_dir=cache)  # noqa: E731
    make().build(MODE)
    _sql("UPDATE outputs SET used = '' WHERE path LIKE 'politics/%/vote/index.html'")(cache / DB_FILE)
    s.write("content/world/bridge.md", story("A bridge reopens", date="2022-12-08T09:00:00", tags="[Transport]", slug="the-bridge"))
    make().build(MODE)
    assert "/world/2022/12/08/the-bridge/" in next(folder.glob("politics/*/*/*/vote/index.html")).read_text(encoding="utf-8")
    assert_same_tree(folder, full_build(s, tmp_path, 1), "a row's `used` emptied by another tool")


@pytest.mark.parametrize("damage", ["garbage", "empty", "truncated"])
def test_a_damaged_cache_folder_entry_is_ignored(site, tmp_path, damage):
    """Every file under cache_dir (the state, and any store of rendered
    bodies beside it) damaged at once: the next build is still right."""
    s = small_site(site)
    folder = tmp_path / "out"
    cache = tmp_path / "cache"
    SiteBuilder(s.config(output_dir=folder), cache_dir=cache).build(MODE)
    damaged = 0
    for path in cache.rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            path.write_bytes({"garbage": b"\x00garbage\n\xff" * 7, "empty": b"", "truncated": blob[: len(blob) // 2]}[damage])
            damaged += 1
    assert damaged >= 1
    # A template edit: every page renders again, with whatever the cache offers.
    s.write("layouts/partials/footer.html", (THEME_DIR / "layouts/partials/footer.html").read_text(encoding="utf-8").replace("Built with", "Made with"))
    SiteBuilder(s.config(output_dir=folder), cache_dir=cache).build(MODE)
    assert_same_tree(folder, full_build(s, tmp_path, 1), f"every cache file damaged ({damage}) and a template edit")


def test_a_state_file_that_is_a_folder_does_not_break_the_build(site, tmp_path):
    s = small_site(site)
    folder = tmp_path / "out"
    cache = tmp_path / "cache"
    (cache / DB_FILE).mkdir(parents=True)
    SiteBuilder(s.config(output_dir=folder), cache_dir=cache).build(MODE)
    assert_same_tree(folder, full_build(s, tmp_path, 1), "a build whose state file is a folder")


def test_a_stale_state_after_the_output_was_tampered_with(site, tmp_path):
    """Someone deletes or edits files in the output folder between builds: the
    next incremental build still gives the full build's output."""
    s = small_site(site)
    folder = tmp_path / "out"
    cache = tmp_path / "cache"
    SiteBuilder(s.config(output_dir=folder), cache_dir=cache).build(MODE)
    (folder / "world/2022/12/09/harbour-fire/index.html").unlink()
    (folder / "index.html").write_text("tampered", encoding="utf-8")
    shutil.rmtree(folder / "politics")
    SiteBuilder(s.config(output_dir=folder), cache_dir=cache).build(MODE)
    assert_same_tree(folder, full_build(s, tmp_path, 1), "deleting and damaging output files")


def test_a_same_size_edit_within_one_timestamp_tick_is_seen(site, tmp_path):
    """A typo fix ("teh" → "the") keeps a file's size and, on a file system
    with coarse timestamps (1 s on some network and FAT/HFS+ volumes, a few
    ms on ext4), its mtime: the next build must still see the new text."""
    s = small_site(site)
    folder = tmp_path / "out"
    builder = SiteBuilder(s.config(output_dir=folder), in_place=True)
    path = s.write("content/world/harbour-fire.md", story("Fire in teh harbour", tags="[Energy]"))
    info = path.stat()
    builder.build(MODE)
    path.write_text(story("Fire in the harbour", tags="[Energy]"), encoding="utf-8")  # same size, same inode
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # within the same timestamp tick
    assert path.stat().st_ino == info.st_ino and path.stat().st_size == info.st_size
    builder.build(MODE)
    assert "Fire in the harbour" in (folder / "world/2022/12/09/harbour-fire/index.html").read_text()
    assert_same_tree(folder, full_build(s, tmp_path, 1), "a same-size edit within one timestamp tick")


# ---- the dev server's builder reuses what did not change -------------------

@pytest.mark.parametrize("mode", ["in_place", "cache_dir"])
def test_a_body_edit_reuses_the_catalog_and_plan_a_headline_edit_updates_them_a_tag_edit_makes_them(site, tmp_path, mode):
    """After an edit of a story's text only (past the first paragraph, which
    is its summary), the catalog and plan stages do not run again (nothing
    they are made of changed), in the dev server or in the next `newsgen
    build`, and only the pages showing that text render; after a headline
    or summary edit they are the last ones with the story's new version in
    place; after a tag edit they are made again. All equal a full build."""
    s = small_site(site)
    folder = tmp_path / "out"
    make = builder_factory(s, folder, tmp_path, mode)
    make().build(MODE)
    s.write("content/world/bridge.md", story("A bridge reopens", date="2022-12-08T09:00:00", tags="[Transport]", body="First paragraph of the story.\n\nTraffic flows.\n"))
    text_only = make().build(MODE)
    assert "plan" not in text_only.stages.seconds and "catalog and checks" not in text_only.stages.seconds
    assert "world/2022/12/08/bridge/index.html" in text_only.write.changed
    assert "world/2022/12/09/harbour-fire/index.html" not in text_only.write.changed
    # Only pages showing the story's text render: its own page and the
    # full-text feeds. Lists and related-story blocks show its front matter.
    changed_pages = [rel for rel in text_only.write.changed if not rel.startswith("pagefind/")]  # the index is made, not rendered
    assert text_only.rendered == len(changed_pages), (text_only.rendered, text_only.write.changed)
    assert_same_tree(folder, full_build(s, tmp_path, 1), "a body edit, catalog reused")

    s.write("content/world/bridge.md", story("The bridge reopens at last", date="2022-12-08T09:00:00", tags="[Transport]"))
    headline = make().build(MODE)
    assert "plan" not in headline.stages.seconds and "catalog and plan, stories in place" in headline.stages.seconds
    assert "The bridge reopens at last" in (folder / "world/index.html").read_text()
    assert_same_tree(folder, full_build(s, tmp_path, 2), "a headline edit")

    s.write("content/world/bridge.md", story("The bridge reopens at last", date="2022-12-08T09:00:00", tags="[Transport]",
                                             summary="Cars cross again.", dateline="NORTHPORT", kind="analysis"))
    summary = make().build(MODE)
    assert "plan" not in summary.stages.seconds
    assert "Cars cross again." in (folder / "world/index.html").read_text()
    assert_same_tree(folder, full_build(s, tmp_path, 3), "a summary, dateline and kind edit")

    s.write("content/world/bridge.md", story("The bridge reopens at last", date="2022-12-08T09:00:00", tags="[Transport, Roads]",
                                             summary="Cars cross again.", dateline="NORTHPORT", kind="analysis"))
    tags = make().build(MODE)
    assert "plan" in tags.stages.seconds and "catalog and plan, stories in place" not in tags.stages.seconds
    assert (folder / "tags/roads/index.html").exists()
    assert_same_tree(folder, full_build(s, tmp_path, 4), "a tag edit")


@pytest.mark.parametrize("mode", ["in_place", "cache_dir"])
def test_a_headline_edit_in_place_is_checked_like_any_other(site, tmp_path, mode):
    """The catalog updated in place checks its stories again: a headline
    made too long is a warning (an error with --strict) naming the file,
    and it goes when the headline is fixed; nothing of the last build hides it."""
    s = small_site(site)
    s.write("content/authors/ada-lovelace.md", "---\nname: Ada Lovelace\nrole: Reporter\n---\nShe reports.\n")
    folder = tmp_path / "out"
    make = builder_factory(s, folder, tmp_path, mode)
    make().build(MODE, strict=True)
    s.write("content/world/bridge.md", story("A bridge " + "very " * 30 + "long reopens", date="2022-12-08T09:00:00", tags="[Transport]"))
    with pytest.raises(BuildFailed) as failed:
        make().build(MODE, strict=True)
    assert any(d.path == "content/world/bridge.md" and "headline" in d.message for d in failed.value.diagnostics)
    s.write("content/world/bridge.md", story("A bridge reopens", date="2022-12-08T09:00:00", tags="[Transport]"))
    make().build(MODE, strict=True)
    make().build(MODE)  # other settings: a model of its own
    s.write("content/world/bridge.md", story("A bridge " + "very " * 30 + "long reopens", date="2022-12-08T09:00:00", tags="[Transport]"))
    warned = make().build(MODE)
    assert "catalog and plan, stories in place" in warned.stages.seconds
    assert [d.path for d in warned.warnings if "headline" in d.message] == ["content/world/bridge.md"]
    s.write("content/world/bridge.md", story("The bridge reopens", date="2022-12-08T09:00:00", tags="[Transport]"))
    fixed = make().build(MODE)
    assert "catalog and plan, stories in place" in fixed.stages.seconds
    assert not [d for d in fixed.warnings if "headline" in d.message]
    assert_same_tree(folder, full_build(s, tmp_path, 1), "a headline made long and fixed")


def test_the_same_builder_publishes_a_scheduled_story_when_its_time_comes(site, tmp_path):
    """No file changes, only `now`: the reused model must not outlive the
    moment a scheduled story comes due (nor its 48 hours in the news sitemap)."""
    s = site({
        "content/world/early.md": story("Early news", date="2022-12-09T10:00:00"),
        "content/world/later.md": story("Later news", date="2022-12-13T07:00:00"),
    })
    folder = tmp_path / "out"
    builder = SiteBuilder(s.config(output_dir=folder), in_place=True)
    builder.build(MODE)
    assert not (folder / "world/2022/12/13/later/index.html").exists()
    after = BuildMode(now=NOW.replace(day=13, hour=8))
    builder.build(after)
    assert (folder / "world/2022/12/13/later/index.html").exists()
    assert "Later news" in (folder / "index.html").read_text()
    fresh = tmp_path / "fresh"
    build_site(s.config(output_dir=fresh), after)
    assert_same_tree(folder, fresh, "a scheduled story coming due")


def test_a_template_edit_that_keeps_its_size_and_mtime_is_rendered(site, tmp_path):
    """The process keeps compiled templates between builds, checked by
    content: a restored mtime (a checkout, `cp -p`) does not hide an edit."""
    s = small_site(site)
    folder = tmp_path / "out"
    builder = SiteBuilder(s.config(output_dir=folder), in_place=True)
    template = s.write("layouts/404.html", "{% extends 'base.html' %}{% block main %}<p>Lost: AAAA</p>{% endblock %}\n")
    info = template.stat()
    builder.build(MODE)
    assert "Lost: AAAA" in (folder / "404.html").read_text()
    template.write_text("{% extends 'base.html' %}{% block main %}<p>Lost: BBBB</p>{% endblock %}\n", encoding="utf-8")
    os.utime(template, ns=(info.st_atime_ns, info.st_mtime_ns))
    builder.build(MODE)
    assert "Lost: BBBB" in (folder / "404.html").read_text()
    assert_same_tree(folder, full_build(s, tmp_path, 1), "a template edit with its mtime kept")


@pytest.mark.parametrize("mode", ["in_place", "cache_dir"])
def test_a_new_timezone_in_site_toml_reads_every_date_again(site, tmp_path, mode):
    """A date without an offset is read in the site's timezone: the parsed
    stories of the last build must not be reused under another one."""
    s = small_site(site)
    folder = tmp_path / "out"
    if mode == "in_place":  # the dev server: a new builder, given the old one's state
        first = SiteBuilder(s.config(output_dir=folder), in_place=True)
        first.build(MODE)
        s.write("site.toml", (s.root / "site.toml").read_text().replace("Europe/Berlin", "Pacific/Auckland"))
        second = SiteBuilder(s.config(output_dir=folder), in_place=True)
        second.state = first.state
        second.build(MODE)
    else:
        SiteBuilder(s.config(output_dir=folder), cache_dir=tmp_path / "cache").build(MODE)
        s.write("site.toml", (s.root / "site.toml").read_text().replace("Europe/Berlin", "Pacific/Auckland"))
        SiteBuilder(s.config(output_dir=folder), cache_dir=tmp_path / "cache").build(MODE)
    assert "+13:00" in (folder / "world/2022/12/09/harbour-fire/index.html").read_text()
    assert_same_tree(folder, full_build(s, tmp_path, 1), "a new timezone")


def test_a_cache_made_by_other_newsgen_code_is_not_trusted(site, tmp_path, monkeypatch):
    """Same version number, other code (a checkout, a local change): the
    state, the stored bodies and every page's fingerprint are made again."""
    import generator

    s = small_site(site)
    folder = tmp_path / "out"
    first = SiteBuilder(s.config(output_dir=folder), cache_dir=tmp_path / "cache").build(MODE)
    assert SiteBuilder(s.config(output_dir=folder), cache_dir=tmp_path / "cache").build(MODE).rendered == 0
    monkeypatch.setattr(generator, "_signature", generator.code_signature() + "-changed")
    assert load_state(tmp_path / "cache") is None
    again = SiteBuilder(s.config(output_dir=folder), cache_dir=tmp_path / "cache").build(MODE)
    assert again.rendered == first.pages


# ---- the state written as a delta -------------------------------------------

def _edit_text(s, n: int) -> None:
    """An edit past the summary: the model is reused, a delta is written."""
    s.write("content/world/bridge.md", story("A bridge reopens", date="2022-12-08T09:00:00", tags="[Transport]",
                                             body=f"First paragraph of the story.\n\nEdit number {n}.\n"))


def _blobs(cache: Path) -> dict[str, str]:
    """Each blob the state's database names → "its file, its digest"."""
    db = sqlite3.connect(cache / DB_FILE)
    try:
        return {key.removeprefix("blob:"): value for key, value in db.execute("SELECT key, value FROM meta WHERE key LIKE 'blob:%'")}
    finally:
        db.close()


def _model_blob(cache: Path) -> str:
    """The file and digest of the state's model: a model written again is another file."""
    return _blobs(cache)["model"]


def _named_blobs(cache: Path) -> set[str]:
    return {value.split(" ")[0] for value in _blobs(cache).values()}


def _written(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {path for path, rowid in after.items() if before.get(path) != rowid}


def test_a_text_edit_writes_a_few_rows_and_the_next_build_reads_them(site, tmp_path):
    s = small_site(site)
    folder, cache = tmp_path / "out", tmp_path / "cache"
    make = lambda: SiteBuilder(s.config(output_dir=folder), cache_dir=cache)  # noqa: E731
    make().build(MODE)
    _edit_text(s, 0)
    make().build(MODE)
    model = _model_blob(cache)
    for n in range(1, 4):
        outputs, sources = state_rows(cache), state_rows(cache, "sources")
        _edit_text(s, n)
        result = make().build(MODE)
        assert _model_blob(cache) == model, "the model was written again"
        assert _written(sources, state_rows(cache, "sources")) == {str(s.root / "content/world/bridge.md")}
        written = _written(outputs, state_rows(cache))
        # The pages that show the story (their fingerprints are new), and the search index files that changed.
        assert "world/2022/12/08/bridge/index.html" in written and len(written) < len(outputs) / 2, (len(written), len(outputs))
        assert result.rendered < result.pages
    assert "Edit number 3" in (folder / "world/2022/12/08/bridge/index.html").read_text()
    assert make().build(MODE).rendered == 0  # the rows read back are current
    assert_same_tree(folder, full_build(s, tmp_path, 1), "three text edits, a few rows written each")
    # A headline edit: a new catalog and plan, the model written again.
    s.write("content/world/bridge.md", story("The bridge reopens", date="2022-12-08T09:00:00", tags="[Transport]"))
    make().build(MODE)
    assert _model_blob(cache) != model
    assert make().build(MODE).rendered == 0


def test_a_database_another_builder_saved_since_is_written_whole(site, tmp_path):
    """A long-lived builder (the dev server's) saves after another builder
    did: the rows it would leave as they are are the other's, not the ones
    it read. It writes them all."""
    s = small_site(site)
    folder, cache = tmp_path / "out", tmp_path / "cache"
    first = SiteBuilder(s.config(output_dir=folder), cache_dir=cache)
    first.build(MODE)
    original = (s.root / "content/world/bridge.md").read_text(encoding="utf-8")
    s.write("content/world/bridge.md", story("The bridge reopens", date="2022-12-08T09:00:00", tags="[Transport]"))
    SiteBuilder(s.config(output_dir=folder), cache_dir=cache).build(MODE)  # the other: a new model saved
    s.write("content/world/bridge.md", original)
    first.build(MODE)  # its own model fits the sources again: reused, not written but for this check
    state = load_state(cache)
    assert state.files[str(s.root / "content/world/bridge.md")].parsed.title != "The bridge reopens"
    assert SiteBuilder(s.config(output_dir=folder), cache_dir=cache).build(MODE).rendered == 0
    assert_same_tree(folder, full_build(s, tmp_path, 1), "two builders saving in turn")


def test_the_dev_servers_state_saved_at_stop_is_right_at_the_next_start(site, tmp_path):
    """`newsgen serve` keeps its state in memory through many rebuilds and
    saves it when it stops, against the database it read when it started;
    the next start reads it back, with edits made while it was stopped."""
    s = small_site(site)
    folder, saved = tmp_path / "out", tmp_path / "serve-state"
    running = SiteBuilder(s.config(output_dir=folder), in_place=True)
    running.build(MODE)
    save_state(saved, running.state)  # an earlier session's stop
    running.state = load_state(saved)  # this session's start
    _edit_text(s, 1)
    running.build(MODE)  # the model reused
    s.write("content/world/bridge.md", story("The bridge reopens", date="2022-12-08T09:00:00", tags="[Transport]"))
    running.build(MODE)  # a new model
    _edit_text(s, 2)
    running.build(MODE)
    save_state(saved, running.state)  # stop
    read_back = load_state(saved)
    assert read_back.outputs == running.state.outputs and read_back.files == running.state.files
    assert read_back.model.digests == running.state.model.digests and read_back.model.entries == running.state.model.entries
    s.write("content/world/harbour-fire.md", story("The fire is out", tags="[Energy]"))
    started = SiteBuilder(s.config(output_dir=folder), in_place=True)
    started.state = load_state(saved)
    assert started.state is not None
    assert started.build(MODE).rendered < len(started.state.outputs) / 2
    assert_same_tree(folder, full_build(s, tmp_path, 1), "the dev server stopped and started again")
    assert started.build(MODE).rendered == 0


IN_A_PROCESS_OF_ITS_OWN = """
import json, os, pickle, sys
from generator import cache
from generator.build import SiteBuilder
from generator.errors import BuildFailed, error

config, cache_dir, mode, scenario = pickle.loads(open(sys.argv[1], "rb").read())
children, parent, real_fork, real_write = [], os.getpid(), os.fork, cache._write_blob_file

def fork():
    pid = real_fork()
    if pid and sys._getframe(1).f_globals["__name__"] == "generator.cache":  # the model's copy, not another helper
        children.append(pid)
    return pid

def write(cache_dir, file, value):
    if os.getpid() != parent:
        raise OSError("no space left on device")
    return real_write(cache_dir, file, value)

def fail(*args, **kwargs):
    raise BuildFailed([error("layouts/article.html", 1, "a template that breaks")])

cache.os.fork = fork
if scenario == "the render fails":
    SiteBuilder._render = fail
if scenario == "the copy cannot write":
    cache._write_blob_file = write
try:
    result = SiteBuilder(config, cache_dir=cache_dir, record_urls=True).build(mode)
    warnings = [str(w) for w in result.warnings]
except BuildFailed as failure:
    warnings = ["failed: " + str(failure)]
waited = []
for pid in children:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        waited.append(pid)
print(json.dumps({"forks": len(children), "waited": len(waited), "warnings": warnings}))
"""


def _run_script(script: str, tmp_path: Path, args: tuple, **run) -> subprocess.CompletedProcess:
    """`script` run by a fresh Python at the project's root, `args` pickled
    to the file its sys.argv[1] names: a process with no other threads, as
    `newsgen build` runs (the test process has some: the model's copy is then not forked)."""
    (tmp_path / "build.pickle").write_bytes(pickle.dumps(args))
    return subprocess.run([sys.executable, "-c", script, str(tmp_path / "build.pickle")], cwd=Path(__file__).parent.parent, **run)


def _build_in_a_process_of_its_own(s, folder, cache, tmp_path, scenario: str = "") -> dict:
    """A build in a process of its own, recording URLs as `newsgen build` does."""
    run = _run_script(IN_A_PROCESS_OF_ITS_OWN, tmp_path, (s.config(output_dir=folder), cache, MODE, scenario),
                      capture_output=True, text=True, check=True)
    return json.loads(run.stdout.splitlines()[-1])


def _built_as_newsgen_build_does(site, tmp_path):
    """A small site built with a cache, recording URLs: (site, output folder, cache folder, a maker of builders)."""
    s = small_site(site)
    folder, cache = tmp_path / "out", tmp_path / "cache"
    make = lambda: SiteBuilder(s.config(output_dir=folder), cache_dir=cache, record_urls=True)  # noqa: E731
    make().build(MODE)
    return s, folder, cache, make


def _headline_edit(s) -> None:
    s.write("content/world/bridge.md", story("The bridge reopens", date="2022-12-08T09:00:00", tags="[Transport]"))


def test_a_new_model_is_written_by_a_copy_of_the_build_while_it_renders(site, tmp_path):
    s, folder, cache, make = _built_as_newsgen_build_does(site, tmp_path)
    _edit_text(s, 1)
    assert _build_in_a_process_of_its_own(s, folder, cache, tmp_path)["forks"] == 0  # the model reused: nothing to write
    _headline_edit(s)
    s.write("content/science/comet.md", story("A comet", date="2022-12-10T21:00:00"))  # a new URL for the ledger too
    built = _build_in_a_process_of_its_own(s, folder, cache, tmp_path)
    assert built["forks"] == 1 and built["waited"] == 1
    assert "comet" in (s.root / "urls.toml").read_text(encoding="utf-8")
    written_by_the_copy = _model_blob(cache).split(" ")[0]
    assert written_by_the_copy != "model-3.pickle" and (cache / written_by_the_copy).is_file()  # not the save's own name
    assert load_state(cache).model.catalog.by_source["world/bridge.md"].title == "The bridge reopens"
    assert {path.name for path in cache.glob("*.pickle")} == _named_blobs(cache)
    assert make().build(MODE).rendered == 0  # the model read back holds, the URL ledger's stat with it
    assert_same_tree(folder, full_build(s, tmp_path, 1), "a model written by a copy of the build")


def test_a_build_failing_while_its_model_is_written_leaves_no_copy_behind(site, tmp_path):
    s, folder, cache, make = _built_as_newsgen_build_does(site, tmp_path)
    _headline_edit(s)
    built = _build_in_a_process_of_its_own(s, folder, cache, tmp_path, "the render fails")
    assert built["warnings"][0].startswith("failed:") and built["forks"] == 1 and built["waited"] == 1
    make().build(MODE)
    assert {path.name for path in cache.glob("*.pickle")} == _named_blobs(cache)  # the failed build's blob removed
    assert_same_tree(folder, full_build(s, tmp_path, 1), "a build failing while its model was written, then one that did not")


def test_a_copy_that_cannot_write_the_model_leaves_it_to_the_save(site, tmp_path):
    s, folder, cache, make = _built_as_newsgen_build_does(site, tmp_path)
    _headline_edit(s)
    built = _build_in_a_process_of_its_own(s, folder, cache, tmp_path, "the copy cannot write")
    assert built["forks"] == 1 and not [w for w in built["warnings"] if "cache" in w]
    assert _model_blob(cache).split(" ")[0] == "model-2.pickle"  # written by the save itself, of the second generation
    assert load_state(cache).model.catalog.by_source["world/bridge.md"].title == "The bridge reopens"
    assert make().build(MODE).rendered == 0


KILLED_WHILE_ITS_COPY_WRITES = """
import os, pickle, signal, sys, time
from generator import cache
from generator.build import SiteBuilder
config, cache_dir, mode = pickle.loads(open(sys.argv[1], "rb").read())
parent, real_write = os.getpid(), cache._write_blob_file
def slow_write(*args):
    if os.getpid() != parent:
        time.sleep(3)  # the copy still writing the model when the build is killed
    return real_write(*args)
def killed(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
cache._write_blob_file = slow_write
SiteBuilder._render = killed
SiteBuilder(config, cache_dir=cache_dir, record_urls=True).build(mode)
"""


def test_a_build_killed_while_its_model_is_written_leaves_the_build_lock_free(site, tmp_path):
    """The copy writing the model outlives a killed build by a moment. It
    holds nothing of the build's open: the next build begins at once, not
    stopped by the killed build's lock (BuildLocked)."""
    s, folder, cache, make = _built_as_newsgen_build_does(site, tmp_path)
    _headline_edit(s)
    # Not its output through pipes: the copy has them too, and reading them to their end would wait for it.
    run = _run_script(KILLED_WHILE_ITS_COPY_WRITES, tmp_path, (s.config(output_dir=folder), cache, MODE),
                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert run.returncode == -signal.SIGKILL
    make().build(MODE)
    assert_same_tree(folder, full_build(s, tmp_path, 1), "a build after one killed while its model was written")


KILLED_WHILE_ITS_WORKERS_RENDER = """
import os, pickle, signal, sys, time
from generator import workers
from generator.build import SiteBuilder
config, cache_dir, mode, pids = pickle.loads(open(sys.argv[1], "rb").read())
real_rendered, real_executor = workers._rendered, SiteBuilder._executor
def rendered(*args):
    with open(pids, "a") as f:
        f.write(f"{os.getpid()}\\n")
    os.kill(os.getppid(), signal.SIGKILL)  # the build, while its pool renders
    time.sleep(0.5)
    return real_rendered(*args)
workers._rendered = rendered
SiteBuilder._executor = lambda self, jobs, threshold=1, files_at_hand=False: real_executor(self, jobs, 1, files_at_hand)
SiteBuilder(config, cache_dir=cache_dir, record_urls=True, workers=2).build(mode)
"""


def test_a_build_killed_while_its_pool_renders_leaves_no_worker_and_the_lock_free(site, tmp_path):
    """A forked pool worker holds copies of everything the build holds
    open. Once the build is killed, its workers end (they used to wait on
    their queue for ever), and the next build begins at once, not stopped
    by the lock a worker kept (BuildLocked)."""
    s, folder, cache, make = _built_as_newsgen_build_does(site, tmp_path)
    _headline_edit(s)
    pids = tmp_path / "workers"
    run = _run_script(KILLED_WHILE_ITS_WORKERS_RENDER, tmp_path, (s.config(output_dir=folder), cache, MODE, str(pids)),
                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert run.returncode == -signal.SIGKILL
    make().build(MODE)  # the workers may still be at their batch: the lock is free all the same
    assert_same_tree(folder, full_build(s, tmp_path, 1), "a build after one killed while its pool rendered")
    workers = {int(pid) for pid in pids.read_text().split()}
    assert workers
    deadline = time.monotonic() + 30  # a bound on waiting, not a measure: a worker ends within a fraction of a second
    while (alive := {pid for pid in workers if _alive(pid)}) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive, f"workers of the killed build still running: {sorted(alive)}"


def test_a_pool_worker_leaves_ctrl_c_to_the_build(site):
    """Ctrl-C reaches every process of the build: the build answers it (one
    line, the pool stopped), and a worker waiting for work printed a
    KeyboardInterrupt traceback of its own before it ignored SIGINT."""
    pool, owned = SiteBuilder(small_site(site).config(), workers=2)._executor(build_module.PARALLEL_THRESHOLD)
    try:
        assert owned and pool.submit(signal.getsignal, signal.SIGINT).result() == signal.SIG_IGN
    finally:
        pool.shutdown()


def _alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie does not: an orphan's is reaped by init)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


KILL_IN_SAVE = """
import os, pickle, signal, sys
from generator import cache
from generator.build import SiteBuilder
real = cache._write_blob
def write_blob(*args):
    real(*args)
    os.kill(os.getpid(), signal.SIGKILL)  # mid-transaction: a blob and rows written, nothing committed
cache._write_blob = write_blob
config, cache_dir, mode = pickle.loads(open(sys.argv[1], "rb").read())
SiteBuilder(config, cache_dir=cache_dir).build(mode)
"""


@pytest.mark.parametrize("how", ["an exception", "SIGKILL"])
def test_a_save_cut_short_leaves_the_last_state(site, tmp_path, monkeypatch, how):
    """A save is one transaction: cut short, by an error or a kill, the
    database holds the last build's state, whole, and the next build is right."""
    s = small_site(site)
    cache = s.root / ".newsgen-cache"
    make = lambda: SiteBuilder(s.config(), cache_dir=cache)  # noqa: E731
    make().build(MODE)
    outputs = state_rows(cache)
    s.write("content/world/bridge.md", story("The bridge reopens", date="2022-12-08T09:00:00", tags="[Transport]"))
    if how == "SIGKILL":
        run = _run_script(KILL_IN_SAVE, tmp_path, (s.config(), cache, MODE))
        assert run.returncode == -9
        assert (cache / (DB_FILE + "-journal")).exists()  # the transaction left as it was cut
    else:
        from generator import cache as cache_module

        def fail(*args):
            raise OSError("disk full")

        monkeypatch.setattr(cache_module, "_output_row", fail)
        result = make().build(MODE)
        assert any("could not write the build cache" in str(w) for w in result.warnings)
        monkeypatch.undo()
    assert state_rows(cache) == outputs
    state = load_state(cache)
    assert state is not None and state.files[str(s.root / "content/world/bridge.md")].parsed.title != "The bridge reopens"
    make().build(MODE)
    assert_same_tree(s.output, full_build(s, tmp_path, 1), f"a save cut short by {how}")
    assert make().build(MODE).rendered == 0


@pytest.mark.parametrize("mode", ["in_place", "cache_dir"])
def test_a_partial_included_by_a_new_template_edit_is_followed(site, tmp_path, mode):
    """Which templates a layout uses is kept between builds: an override that
    starts including a new partial, then an edit of only that partial."""
    s = small_site(site)
    folder = tmp_path / "out"
    make = builder_factory(s, folder, tmp_path, mode)
    make().build(MODE)
    s.write("layouts/partials/extra.html", "<p>Extra one</p>\n")
    s.write("layouts/404.html", "{% extends 'base.html' %}{% block main %}{% include 'partials/extra.html' %}{% endblock %}\n")
    make().build(MODE)
    assert "Extra one" in (folder / "404.html").read_text()
    s.write("layouts/partials/extra.html", "<p>Extra two</p>\n")
    make().build(MODE)
    assert "Extra two" in (folder / "404.html").read_text()
    assert_same_tree(folder, full_build(s, tmp_path, 1), "a partial newly included, then edited")


@pytest.mark.parametrize("mode", ["in_place", "cache_dir"])
def test_a_story_with_a_new_tag_and_author_does_not_render_the_whole_site(site, tmp_path, mode):
    """A page's fingerprint has the tag names and author records of the
    stories it shows, not every tag and author of the site: a story under a
    brand-new tag and byline renders the pages that show it, not all."""
    s = small_site(site)
    folder = tmp_path / "out"
    make = builder_factory(s, folder, tmp_path, mode)
    make().build(MODE)
    s.write("content/world/comet.md", story("A comet", date="2022-12-05T21:00:00", tags="[Astronomy]", authors="[Vera Rubin]"))
    added = make().build(MODE)
    assert added.rendered < 0.6 * added.pages, (added.rendered, added.pages)  # all of them, before
    assert "tags/astronomy/index.html" in added.write.changed
    assert_same_tree(folder, full_build(s, tmp_path, 1), "a story with a new tag and author")
    # The most used spelling names a tag: a new majority renames it on every page showing it.
    for n in range(3):
        s.write(f"content/business/energy-{n}.md", story(f"Power {n}", date=f"2022-12-0{n + 1}T08:00:00", tags="[energy]"))
    make().build(MODE)
    assert_same_tree(folder, full_build(s, tmp_path, 2), "a tag renamed by its spellings")
    # An author page under a slug of its own: every byline of hers links there now.
    s.write("content/authors/ada.md", "---\nname: Ada Lovelace\nrole: Data editor\n---\nShe counts.\n")
    make().build(MODE)
    assert "authors/ada/" in (folder / "politics/index.html").read_text()
    assert_same_tree(folder, full_build(s, tmp_path, 3), "an author page added")


@pytest.mark.parametrize("mode", ["cache_dir", "in_place"])
def test_an_author_page_follows_a_story_its_bio_links_to(site, tmp_path, mode):
    """A bio's link to a story is a dependency of the pages that show the bio:
    when the story moves, the author page and the authors index link to its
    new address, as a full build does."""
    s = small_site(site)
    s.write("content/authors/ada-lovelace.md", "---\nname: Ada Lovelace\nrole: Reporter\n---\nRead [her bridge story](../world/bridge.md).\n")
    folder = tmp_path / "out"
    builder = builder_factory(s, folder, tmp_path, mode)
    builder().build(MODE)
    old = "world/2022/12/08/bridge/"
    assert old in (folder / "authors/ada-lovelace/index.html").read_text(encoding="utf-8")
    s.write("content/world/bridge.md", story("A bridge reopens", date="2022-12-08T09:00:00", tags="[Transport]", slug="bridge-reopens"))
    builder().build(MODE)
    for rel in ("authors/ada-lovelace/index.html", "authors/index.html"):
        page = (folder / rel).read_text(encoding="utf-8")
        assert "world/2022/12/08/bridge-reopens/" in page and old not in page, rel
    assert_same_tree(folder, full_build(s, tmp_path, 1), "a story a bio links to moved")


@pytest.mark.parametrize("mode", ["cache_dir", "in_place"])
def test_a_new_update_time_is_every_sitemap_entry_showing_the_story(site, tmp_path, mode):
    """A story updated again stays where it was in every list, so the plan
    takes over those lists' pages: each must still take the story's new
    update time as its sitemap lastmod, as a full build does."""
    s = small_site(site)
    folder = tmp_path / "out"
    builder = builder_factory(s, folder, tmp_path, mode)
    s.write("content/business/prices.md", story("Prices rise", date="2022-12-06T09:00:00", tags="[Energy, Markets]",
                                                 updated="2022-12-09T12:00:00+00:00"))
    builder().build(MODE)
    assert "2022-12-09T12:00:00+00:00" in (folder / "sitemap.xml").read_text()
    s.write("content/business/prices.md", story("Prices rise", date="2022-12-06T09:00:00", tags="[Energy, Markets]",
                                                 updated="2022-12-09T13:30:00+00:00"))
    builder().build(MODE)
    entries = (folder / "sitemap.xml").read_text().split("<url>")
    for url in ("business/2022/12/06/prices/", "business/", "tags/markets/", "latest/"):
        entry = next(e for e in entries if f"/news/{url}</loc>" in e)
        assert "<lastmod>2022-12-09T13:30:00+00:00</lastmod>" in entry, url
    assert_same_tree(folder, full_build(s, tmp_path, 1), "a new update time")
