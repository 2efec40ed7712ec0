"""Pelican's front matter, read as Pelican reads it.

A Pelican story in Markdown opens with "Key: value" lines up to the first
blank one (Python-Markdown's meta extension, which Pelican reads it with);
one in reStructuredText gives its metadata as the field list under its
title (rst.py reads it). Here both become the plain values parse.py reads
as any front matter, by Pelican's rules: tags and authors split into lists;
the first `date`, `slug`, `status`… where one is given twice; `Category:`
names the section, else the story's own folder (USE_FOLDER_AS_CATEGORY), and
a story directly in content/ is in Pelican's default category; the slug is
made from the title as Pelican makes it; dates are read as Pelican reads
them; stories of one slug are translations of each other.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from markdown.extensions.meta import BEGIN_RE, END_RE, META_MORE_RE, META_RE

from .discover import PAGES_DIR
from .rst import RST_SUFFIXES, read_rst

DEFAULT_CATEGORY = "misc"
# Metadata that is a list written on one line: "Jane Doe, John Roe" (or "Doe,
# Jane; Roe, John", split on semicolons when it has one); and the old URLs an
# import adds to a reST story (`:aliases: /a.html, /b.html`).
_LISTS = frozenset({"tags", "authors", "aliases"})
# Keys of which Pelican reads the first value (readers.DUPLICATES_DEFINITIONS_ALLOWED).
_ONCE = frozenset({"title", "date", "modified", "status", "category", "author", "slug", "save_as", "url"})
_YAML_FORM = re.compile(r"""[\[{"'|>&*!]|-\s""")  # a value YAML reads as more than text
# A line after a blank one that goes on with YAML front matter rather than starting a story: a key, an
# indented line, a list item (a `# line` is the story's heading as often as a YAML comment).
_YAML_GOES_ON = re.compile(r"[\w-]+:(\s|$)|\s|- ")
_FILENAME_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # Pelican's FILENAME_METADATA: a date at the start of the name
TAB_LENGTH = 4  # Python-Markdown's: it expands tabs to this many spaces before its meta extension reads the header


def _as_read(line: str) -> str:
    """A header line as the meta extension sees it, tabs expanded: a line
    indented with a tab goes on with the key above, as one indented four
    spaces does."""
    return line.expandtabs(TAB_LENGTH)


def metadata_header(text: str) -> tuple[str, str, str, int] | None:
    """("meta", the header, the body, the body's first line) of a Markdown
    story that opens with Pelican's header, as split_front_matter gives
    them; None for any other text. The header is taken as front matter only
    with a `Title:`, which Pelican requires: a story that opens with "Note: …"
    stays a story without one."""
    lines = text.split("\n")
    end, keys = 0, set()
    while end < len(lines) and lines[end].strip():
        key = META_RE.match(_as_read(lines[end]))
        if key:
            keys.add(key["key"].lower())
        elif not (keys and META_MORE_RE.match(_as_read(lines[end]))):
            break
        end += 1
    if "title" not in keys:
        return None
    header = "\n".join(lines[:end])
    if end < len(lines) and END_RE.match(lines[end]):  # a closing "---" or "...", as after YAML
        return "meta", header, text[len(header) + 1 + len(lines[end]):], end + 1
    # As after a fence, the body starts on the header's last line (its remainder is "\n").
    return "meta", header, text[len(header):], end


def open_fenced_header(text: str) -> tuple[str, str, str, int] | None:
    """("meta", the header, the body, the body's first line), as
    metadata_header gives them, of a Markdown story that opens with `---`
    and ends its Pelican header with a blank line rather than a closing
    `---`: the meta extension skips the opening fence and stops at the
    first blank line or closing fence (its BEGIN_RE, END_RE), so Pelican
    read such a story (Pybonacci's, 192 of 199). None for any other text:
    a header closed by a fence, read as before; lines that are no Pelican
    header (a value in YAML's own forms, no `Title:`); and a header whose
    blank line is followed by another `key:` line, which is YAML front
    matter with a blank line in it (or a closing fence forgotten), not a
    header followed by the story."""
    lines = text.split("\n")
    if not lines or not BEGIN_RE.match(lines[0]):
        return None
    end = next((n for n, line in enumerate(lines[1:], start=1) if not line.strip() or END_RE.match(line)), len(lines))
    if end == len(lines) or lines[end].strip() or not is_header("\n".join(lines[1:end])):
        return None
    following = next((line for line in lines[end:] if line.strip()), "")
    if _YAML_GOES_ON.match(following):
        return None
    header = "\n".join(lines[:end])
    # The fence's line stays, empty, so that the header's line numbers are the file's (header_values skips it).
    return "meta", "\n" + "\n".join(lines[1:end]), text[len(header):], end


def is_header(raw: str) -> bool:
    """Is the text between a Pelican story's `---` fences a Pelican header,
    as the meta extension reads one there (`contraintes: <li>Thème :
    Sapin.</li>` is no YAML)? Only with a `Title:`, and only where no value
    is written in YAML's own forms (lists, quotes, blocks, anchors). A build
    reads fences as YAML, as Jekyll and Hugo do; an import from Pelican
    reads them as Pelican does (importers/pelican.py)."""
    keys, lines = set(), [line for line in raw.split("\n") if line.strip()]
    for line in map(_as_read, lines):
        found = META_RE.match(line)
        if found and not _YAML_FORM.match(found["value"]):
            keys.add(found["key"].lower())
        elif not (keys and META_MORE_RE.match(line) and not line.lstrip().startswith("- ")):
            return False
    return "title" in keys


def unfenced(text: str) -> str:
    """A Markdown story whose Pelican header sits between --- fences, with
    the fences taken off: the header Pelican reads (its meta extension
    skips them), as the build reads a Pelican header. Other text as it is."""
    lines = text.split("\n")
    if not lines or not BEGIN_RE.match(lines[0]):
        return text
    if open_fenced_header(text):
        return "\n".join(lines[1:])  # the header ends at its blank line, as Pelican's meta extension ends it
    end = next((n for n, line in enumerate(lines[1:], start=1) if END_RE.match(line)), 0)
    if not end or not is_header("\n".join(lines[1:end])):
        return text
    return "\n".join([*lines[1:end], *([""] if end + 1 < len(lines) and lines[end + 1].strip() else []), *lines[end + 1:]])


def header_values(raw: str) -> tuple[dict[str, tuple[int, list[str]]], dict[str, str]]:
    """A header's keys (in lower case) with their lines and values, a line
    indented four spaces (or a tab) going on with the key above; and each key as written."""
    written: dict[str, tuple[int, list[str]]] = {}
    spelled: dict[str, str] = {}
    key = ""
    for number, line in enumerate(map(_as_read, raw.split("\n")), start=1):
        found = META_RE.match(line)
        if not line.strip():
            continue  # the lines a fenced header's text is padded with
        if found:
            key = found["key"].lower()
            spelled.setdefault(key, found["key"])
            written.setdefault(key, (number, []))[1].append(found["value"].strip())
        else:
            written[key][1].append(META_MORE_RE.match(line)["value"].strip())
    return written, spelled


def pelican_values(rel: str, written: dict[str, tuple[int, list[str]]], spelled: dict[str, str]) -> dict[str, tuple[int, Any]]:
    """The metadata of content/`rel` (its keys' lines and values, as
    written) as the front matter they mean, each key with its line.
    `spelled` learns the name the file gives the section ("Category")."""
    data: dict[str, tuple[int, Any]] = {}
    for key, (line, values) in written.items():
        if key in _LISTS:
            joined = values if len(values) > 1 else values[0].split(";" if ";" in values[0] else ",")
            value: Any = list(dict.fromkeys(item.strip() for item in joined if item.strip()))
        elif key == "summary":
            value = "\n".join(values)
        else:
            value = values if len(values) > 1 and key not in _ONCE else values[0]
        if key in ("date", "modified") and isinstance(value, str):
            value = _pelican_date(value.replace("_", " ") if key == "date" else value)
        if key == "category":
            spelled["section"] = spelled.get(key, key)
        if value not in ("", []):
            data["section" if key == "category" else key] = (line, value)
    folders = rel.split("/")[:-1]
    if "section" not in data and folders[:1] != [PAGES_DIR] and len(folders) > 1:
        data["section"] = (1, folders[-1])  # Pelican's category is the story's own folder, the nearest
    elif "section" not in data and not folders and ("date" in data or _FILENAME_DATE.match(rel)):
        data["section"] = (1, DEFAULT_CATEGORY)
    if "slug" not in data and "title" in data:
        # Pelican's SLUGIFY_SOURCE: the title, made a slug as Pelican makes it, not the file's name.
        data["slug"] = (data["title"][0], pelican_slug(str(data["title"][1])) or str(data["title"][1]))
    if "slug" in data and "translation_key" not in data:
        # Pelican's ARTICLE_TRANSLATION_ID: stories of one slug are translations of each other, the site's language's too.
        data["translation_key"] = data["slug"]
    return data


def pelican_slug(title: str) -> str:
    """A title as Pelican makes it a slug (utils.slugify with its
    SLUG_REGEX_SUBSTITUTIONS): tags and accents dropped, punctuation
    deleted rather than a break ("GIMP's 2.6.6" → "gimps-266"), spaces and
    hyphens one hyphen."""
    text = unicodedata.normalize("NFKD", re.sub(r"<[^>]*>", "", title))
    text = re.sub(r"[^\w\s-]", "", "".join(ch for ch in text if not unicodedata.combining(ch)))
    return re.sub(r"[-\s]+", "-", text.strip()).lower()


_DOTTED = re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})\b(.*)")
_MONTH_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b(.*)")
# A time after the date as dateutil reads it and dates.py does not: a minute
# or second of one digit ("17:7" is 17:07, PyChina's weekly), an hour with
# an h ("17h07", "9h"), an hour alone before am/pm ("5pm"), after a comma or
# "at". dates.py, reading newsgen's own front matter, wants two digits, so
# that a slip there ("17:7" for 17:47?) is not published at a guess; a
# Pelican site was published with dateutil's reading, which is the one to keep.
_LOOSE_TIME = re.compile(r"(?P<before>T|,?\s+(?:at\s+)?)(?P<hour>\d{1,2})"
                         r"(?::(?P<minute>\d{1,2})(?::(?P<second>\d{1,2}))?|h(?P<h_minute>\d{1,2})?|(?=\s*[AaPp]\.?[Mm]))"
                         r"(?=[.,]\d|[\s+-]|[A-Za-z]|$)")


def _pelican_date(written: str) -> str:
    """A date as Pelican reads it (utils.get_date, dateutil's parser), in a
    form dates.py reads: 2015.10.18 is the 18th of October; 11/06/2011 and
    02-04-2012 are read month first, as dateutil reads them (a first number
    over 12 is the day); a year or a year and month alone (`2002`,
    `2016-09`), where dateutil fills in today's month and day, is its first
    day: the same on every build; its time is written with two digits each
    (`17:7` is `17:07`, `17h` `17:00`)."""
    text = written.strip()
    if re.fullmatch(r"\d{4}", text):
        return f"{text}-01-01"
    if re.fullmatch(r"\d{4}-\d{1,2}", text):
        return f"{text}-01"
    if found := _DOTTED.fullmatch(text):
        text = f"{found[1]}-{int(found[2]):02d}-{int(found[3]):02d}{found[4]}"
    elif found := _MONTH_FIRST.fullmatch(text):
        month, day = (int(found[1]), int(found[2])) if int(found[1]) <= 12 else (int(found[2]), int(found[1]))
        text = f"{found[3]}-{month:02d}-{day:02d}{found[4]}"
    return _LOOSE_TIME.sub(_two_digit_time, text, count=1)


def _two_digit_time(found: re.Match) -> str:
    minute = found["minute"] or found["h_minute"] or "0"
    second = f":{int(found['second']):02d}" if found["second"] else ""
    return f"{'T' if found['before'] == 'T' else ' '}{int(found['hour']):02d}:{int(minute):02d}{second}"


def pelican_metadata(rel: str, text: str) -> dict[str, str]:
    """A Pelican story's metadata as written, for the URLs Pelican made of
    it (the importer's aliases): each key in lower case with its first
    value, a reST story's title among them; {} for a file without any."""
    if rel.lower().endswith(RST_SUFFIXES):
        document = read_rst(text)
        found = {key: values[0] for key, (_, values) in document.fields.items()}
        return {"title": document.title, **found} if document.title else found
    header = metadata_header(text)
    return {key: values[0] for key, (_, values) in header_values(header[1])[0].items()} if header else {}
