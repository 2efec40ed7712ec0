"""Plain-text stories → Markdown articles under content/.

The layout it reads is the one of a story copied out of a news site:

    December 9, 2022                      date line
    Raven Tribune                         publication name
    Complete News World                   breadcrumb; its last part is the section
    Deployment on border with Ukraine…    headline
    Should Ukraine fear another…          standfirst → summary
    Russia has sent the first soldiers…   paragraphs…
    Deployment binds Ukrainian forces     a short line without final punctuation → ## subhead

It never overwrites a file: an existing article is the newsroom's, not ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml

from ..config import SiteConfig
from ..errors import NewsgenError
from ..slugs import slugify

DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%A, %B %d, %Y", "%d.%m.%Y")
BREADCRUMB_SEPARATORS = re.compile(r"\s*(?:›|»|>|/|\||·)\s*")
SENTENCE_END = tuple('.!?:;,…"\'”’)')
SUBHEAD_MAX_WORDS = 12
_MARKDOWN_LINE_START = re.compile(r"^(#|>|[-+*] |\d+[.)] |=+\s*$|-+\s*$)")
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>])")


@dataclass(frozen=True)
class PlainStory:
    date: date
    publication: str
    section: str
    title: str
    standfirst: str
    blocks: tuple[tuple[str, str], ...]  # ("p" | "h2", text)


def read_plain_story(text: str, name: str) -> PlainStory:
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if len(lines) < 5:
        raise NewsgenError(f"{name}: a story needs a date line, the publication, a breadcrumb, a headline and a standfirst; found {len(lines)} non-empty lines")
    (date_line, date_text), (_, publication), (_, breadcrumb), (_, title), (_, standfirst) = lines[:5]
    published = _parse_date(date_text)
    if published is None:
        raise NewsgenError(f"{name}:{date_line}: {date_text!r} is not a date; the first line should read like 'December 9, 2022'")
    section = BREADCRUMB_SEPARATORS.split(breadcrumb)[-1] if BREADCRUMB_SEPARATORS.search(breadcrumb) else breadcrumb.split()[-1]
    blocks = tuple(("h2" if _is_subhead(line) else "p", line) for _, line in lines[5:])
    return PlainStory(published, publication, section, title, standfirst, blocks)


def _parse_date(text: str) -> date | None:
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip())
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    return None


def _is_subhead(line: str) -> bool:
    return len(line.split()) <= SUBHEAD_MAX_WORDS and not line.endswith(SENTENCE_END)


def _escape(text: str) -> str:
    """Plain text that Markdown must show as it is."""
    text = _MARKDOWN_INLINE.sub(r"\\\1", text)
    return "\\" + text if _MARKDOWN_LINE_START.match(text) else text


def to_markdown(story: PlainStory, section_slug: str) -> str:
    front = {
        "title": story.title,
        "date": story.date.isoformat(),
        "section": section_slug,
        "summary": story.standfirst,
    }
    header = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=10_000)
    body = "\n\n".join(f"## {_escape(text)}" if kind == "h2" else _escape(text) for kind, text in story.blocks)
    return f"---\n{header}---\n{body}\n"


def section_slug(config: SiteConfig, name: str) -> str:
    """The configured section whose slug or title matches, else a new one."""
    for section in config.sections:
        if name.casefold() in (section.slug.casefold(), section.title.casefold()):
            return section.slug
    return slugify(name)


def import_story(config: SiteConfig, file: Path) -> Path:
    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise NewsgenError(f"{file}: no such file") from None
    except UnicodeDecodeError as exc:
        raise NewsgenError(f"{file}: not UTF-8 text ({exc.reason}); save it as UTF-8") from None
    story = read_plain_story(text, str(file))
    section = section_slug(config, story.section)
    target = config.content_dir / section / f"{slugify(story.title)}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as out:  # "x": never overwrite
            out.write(to_markdown(story, section))
    except FileExistsError:
        raise NewsgenError(f"{target} already exists; not overwritten (move or delete it to import again)") from None
    return target
