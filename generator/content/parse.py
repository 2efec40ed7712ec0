"""One source file → one Article, Page, Author or SectionText, or Diagnostics naming its lines.

Front matter is read as YAML *nodes*, not constructed values: a node knows its
line, and its raw text protects writers from YAML 1.1 (`title: no` is the
text "no", not False; `tags: [yes, off]` are two tags). Values are typed
here, against a declared schema. Keys that other generators write are read as
the newsgen keys they mean, or ignored with a note, or kept under `extra`
for the site's templates (`keys.py` holds that policy); a likely typo of a
newsgen key is a warning with a did-you-mean.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import sys
import tomllib
from datetime import datetime
from decimal import Decimal
from urllib.parse import unquote, urlsplit
from pathlib import Path
from typing import Any, Iterator

import yaml

from ..config import SiteConfig, language_tag, toml_error_line
from ..dates import DateError, has_time, parse_datetime
from ..errors import Diagnostic, error, note, warning
from ..frozendict import frozen
from ..sitepaths import is_external, is_safe_link, resolve_content_link, without_resolved_targets, without_site_prefix
from ..slugs import slugify
from ..starttags import START_TAG
from ..urls import old_url
from . import keys as policy
from .discover import HTML_SUFFIXES
from .markdown import find_script_links
from .model import (KINDS, Article, Author, Correction, Image, LeftOut, Page, SectionText, SourceFile, SourceKind)
from .pelican import header_values, metadata_header, open_fenced_header, pelican_values
from .rst import RST_SUFFIXES, read_rst
from .template_syntax import STATEMENT, find_template_syntax, summarise

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TextKeys:
    """A mapping key that is a mapping or a list (`key: { { category } }`,
    which Prettier makes of Eleventy's `{{ category }}`) read as text, as
    js-yaml reads it for Eleventy: "[object Object]", or a list's items
    joined by commas. PyYAML fails the whole file on it ("found unhashable key")."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
        mapping = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (dict, list)):
                key = "[object Object]" if isinstance(key, dict) else ",".join(map(str, key))
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


class _ValueLoader(TextKeys, yaml.SafeLoader):
    """Makes the values of front matter's nodes."""


_NULL_TAG = "tag:yaml.org,2002:null"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_STR_TAG = "tag:yaml.org,2002:str"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_STRAY_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
SUMMARY_LIMIT = 300  # characters of a summary another generator's key carries
SUMMARY_MAX = 160  # what search results show of a description: a summary made from the body is cut to it
# The tags plain YAML values carry; anything else (!!python/object, !!binary,
# a local !tag) is a mistake or an attack, never a story's value.
_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")}
# A Jekyll post's date in its file name (or a Hugo bundle's folder name):
# as Jekyll reads it, month and day may go without a leading zero (2019-5-15-title.md).
_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[-_]")
# Front matter opens on the first line that is not blank: "---" (YAML), "+++"
# (TOML) or "{" (JSON, as Hugo reads it). YAML may close with "..." (Jekyll).
# A comment may follow the fence ("--- # the story", "---#x" written close):
# Hugo takes the rest of the fence's line as the front matter's text, where
# it is a comment of YAML's or TOML's.
_OPENING = re.compile(r"\A(?:[ \t]*\n)*(?:(?P<yaml>-{3,})|(?P<toml>\+{3,}))(?:[ \t]*#[^\n]*)?[ \t]*\n")
_CLOSING = {"yaml": re.compile(r"^(?:-{3,}|\.{3})[ \t]*$", re.MULTILINE), "toml": re.compile(r"^\+{3,}[ \t]*$", re.MULTILINE)}
# Front matter naming its language after the fence, as gray-matter (Eleventy's) reads it: ---json, ---js.
_TAGGED_OPENING = re.compile(r"\A(?:[ \t]*\n)*---(?P<language>[A-Za-z]\w*)[ \t]*\n")
_TAGGED_CLOSING = re.compile(r"^---[ \t]*$", re.MULTILINE)
_TAGGED_KINDS = {"yaml": "yaml", "yml": "yaml", "json": "json", "js": "js", "javascript": "js"}
# Not "{%", "{{" or "{#": a template's tag, output or comment opening the body (11ty-website's "{% callout %}").
_JSON_OPENING = re.compile(r"\A(?:[ \t]*\n)*(?=\{(?![%{#<]))")
# A flag written as text: what Hugo's cast.ToBool reads it as.
_QUOTED_FLAGS = {"true": True, "t": True, "1": True, "false": False, "f": False, "0": False}
# Jekyll's folders for posts and drafts name no section.
_POSTS_DIRS = ("_posts", "_drafts")

Parsed = Article | Page | Author | SectionText | LeftOut


def parse_source(source: SourceFile, config: SiteConfig) -> tuple[Parsed | None, list[Diagnostic]]:
    """Read and parse content/`source`."""
    return parse_bytes(source, (config.content_dir / source.rel).read_bytes(), config)


# Why a Markdown file without front matter is left out (an importer says it in its generator's terms).
NO_FRONT_MATTER = "it has no front matter (a '---' line, then 'title:' and 'date:' lines, then '---')"


def parse_bytes(source: SourceFile, data: bytes, config: SiteConfig) -> tuple[Parsed | None, list[Diagnostic]]:
    """Parse a source's bytes (the caller may already hold them to fingerprint them)."""
    rel = f"content/{source.rel}"
    try:
        text = decode(data)
    except _FileProblem as problem:
        return None, [error(rel, problem.line, problem.message)]
    if _is_home_page(source.rel):
        reason = "the home page of another generator; newsgen makes the front page itself"
        return LeftOut(source.rel, reason), [note(rel, None, f"not published: {reason}")]
    if source.kind is SourceKind.AUTHOR and _is_home_page(source.rel.split("/", 1)[1]):
        reason = "the journalists' list page of another generator; newsgen makes that list itself"
        return LeftOut(source.rel, reason), [note(rel, None, f"not published: {reason}")]
    if source.kind is SourceKind.PAGE and source.rel.lower().endswith(HTML_SUFFIXES):
        reason = "a page of another generator written in HTML and its templates, which newsgen does not run"
        return LeftOut(source.rel, reason), [warning(rel, 1, f"not published: {reason}; write its text as a Markdown page to publish it")]
    front = _FrontMatter.split(rel, text)
    if front.missing and front.rel.lower().endswith(RST_SUFFIXES):
        reason = "it has neither a title (a line underlined with '=' over the text) nor fields (':date:' lines under it)"
        return LeftOut(source.rel, reason), [warning(rel, 1, f"not published: {reason}; add them to publish the file")]
    if front.missing:
        reason = NO_FRONT_MATTER
        return LeftOut(source.rel, reason), [warning(rel, 1, f"not published: {reason}; add it to publish the file")]
    if front.problems:
        return None, front.problems
    kind = source.kind
    if kind is SourceKind.PAGE and "/" not in source.rel and "section" in front.entries:
        kind = SourceKind.ARTICLE  # directly in content/, but it names its section
    if kind is SourceKind.ARTICLE and _kept_out_of_lists(front):
        kind = SourceKind.PAGE  # published at its URL, in no list or feed
    elif kind is SourceKind.ARTICLE and _undated(front, source.rel):
        # Hugo and Jekyll publish a file without a date at its path; so does
        # newsgen, as a page, saying so: a writer may have forgotten the date.
        kind = SourceKind.PAGE
        if not _says_unpublished(front):  # a draft is not published as anything yet
            front.warn(1, f"no 'date': published as the page /{_page_slug(source.rel, front)}/, not as a dated story; "
                          "add 'date:' to make it a story")
    readers = {SourceKind.ARTICLE: _article, SourceKind.PAGE: _page, SourceKind.AUTHOR: _author, SourceKind.SECTION: _section}
    parsed = readers[kind](source, front, config)
    return (None if front.problems else parsed), front.problems + front.remarks


def _kept_out_of_lists(front: "_FrontMatter") -> bool:
    """Does the file say it belongs in no list (Eleventy's
    `eleventyExcludeFromCollections: true`, Pelican's `status: hidden`)?"""
    for key, (_, node) in front.entries.items():
        lowered = key.lower()
        if lowered == "eleventyexcludefromcollections" and _bool_of(node) is True:
            return True
        if lowered == "status" and isinstance(node, yaml.ScalarNode) and node.value.strip().lower() == policy.HIDDEN_STATUS:
            return True
    return False


def _bool_of(node: yaml.Node) -> bool | None:
    """A YAML boolean's value (true, yes, on…); None for any other node."""
    if isinstance(node, yaml.ScalarNode) and node.tag == _BOOL_TAG:
        return node.value.lower() in ("true", "yes", "on", "y")
    return None


def _says_unpublished(front: "_FrontMatter") -> bool:
    """Does the front matter withhold the file (draft: true, published: false…)?"""
    for key, (_, node) in front.entries.items():
        lowered = key.lower()
        if (lowered == "draft" and _bool_of(node)) or (lowered in _WITHHOLDING and policy.withholds(lowered, _plain(node))):
            return True
    return False


def _undated(front: "_FrontMatter", rel: str) -> bool:
    """A file in a section folder that gives no date by any key, by its
    name, or by being a Jekyll post, and does not name its section."""
    if any(part in _POSTS_DIRS for part in rel.split("/")[:-1]) or _DATE_PREFIX.match(_name_with_date(rel)):
        return False
    for key, (_, node) in front.entries.items():
        lowered = key.lower()
        if lowered in ("date", "embargo", "section") or _SYNONYM_RANK.get(lowered, (0, ""))[1] in ("date", "embargo"):
            return False
        if lowered == "published" and isinstance(node, yaml.ScalarNode) and node.tag != _BOOL_TAG and node.value.strip():
            return False  # `published: 2014-09-25`
    return True


def _is_home_page(rel: str) -> bool:
    return "/" not in rel and rel.split(".", 1)[0].lower() in ("index", "_index")  # Jekyll's, Hugo's (_index.fr.md too)


class _FileProblem(Exception):
    def __init__(self, message: str, line: int | None = None):
        self.message, self.line = message, line


def read_body(path: Path) -> str:
    """The Markdown body of a source file that parsed before."""
    return body_of(path.read_bytes(), path.name)


def body_of(data: bytes, name: str) -> str:
    """The Markdown body of a source file's bytes that parsed before."""
    if name.lower().endswith(RST_SUFFIXES):
        return as_markdown(name, read_rst(decode(data)).html)
    found = split_front_matter(decode(data))
    return as_markdown(name, found[2]) if found else ""


def as_markdown(name: str, body: str) -> str:
    """A body as Markdown: an HTML post's (Jekyll's), or the HTML of a reST
    story, as one block of raw HTML, which Markdown leaves as written, as
    Jekyll does (no code blocks made of its indented lines)."""
    return f"<div>\n{body.strip()}\n</div>\n" if name.lower().endswith(HTML_SUFFIXES + RST_SUFFIXES) else body


def split_front_matter(text: str) -> tuple[str, str, str, int] | None:
    """(format, the front matter's text, the body, the body's first line),
    or None when the text has no front matter. Raises ValueError (whose
    message says what to do) when front matter is opened but never closed."""
    opening = _OPENING.match(text)
    if opening:
        kind = "yaml" if opening["yaml"] else "toml"
        closing = _CLOSING[kind].search(text, opening.end())
        if closing is None:
            fence = "---" if kind == "yaml" else "+++"
            # Pelican's Markdown reads `Key: value` lines after a --- as its header, ended by a blank line
            # (Pybonacci's); here it is newsgen's own content, where that is YAML that lost its closing fence.
            pelican = " (a Pelican header written so is read by newsgen import --from pelican)" if kind == "yaml" and open_fenced_header(text) else ""
            raise ValueError(f"front matter opened with {fence} is never closed; end it with a line {fence}{pelican}")
        # Padded with the lines before it, so that its line numbers are the file's.
        raw = "\n" * text.count("\n", 0, opening.end()) + text[opening.end():closing.start()]
        body_start = closing.end()
        # The body starts on the closing fence's line (its remainder is "\n").
        return kind, raw, text[body_start:], text[:body_start].count("\n") + 1
    tagged = _TAGGED_OPENING.match(text)
    if tagged:
        return _tagged_front_matter(text, tagged)
    if _JSON_OPENING.match(text):
        start = text.index("{")
        try:
            _, end = json.JSONDecoder().raw_decode(text, start)
        except ValueError as exc:
            raise _json_problem("front matter starting with '{' is not valid JSON", exc, text) from None
        except RecursionError:
            raise ValueError(_TOO_DEEP) from None
        return "json", "\n" * text.count("\n", 0, start) + text[start:end], text[end:], text[:end].count("\n") + 1
    return metadata_header(text)


class FrontMatterError(ValueError):
    """Front matter that cannot be split from its file, at `line` of it."""

    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.line = line


# A run of digits longer than Python reads as a number.
_OVERLONG_NUMBER = re.compile(rf"\d{{{sys.get_int_max_str_digits() + 1},}}")


def _json_problem(what: str, exc: ValueError, text: str) -> FrontMatterError:
    """JSON's decoder's error as the writer reads it, at its line: one of its
    own, or a number too long for any reader (Python's own words otherwise)."""
    if isinstance(exc, json.JSONDecodeError):
        return FrontMatterError(f"{what}: {exc.msg} (line {exc.lineno})", exc.lineno)
    found = _OVERLONG_NUMBER.search(text)
    line = text.count("\n", 0, found.start()) + 1 if found else 1
    return FrontMatterError(f"{what}: a number of more digits than can be read (line {line}); write it as a string", line)


def _tagged_front_matter(text: str, opening: re.Match) -> tuple[str, str, str, int]:
    """Front matter whose opening fence names its language (`---json`,
    `---js`): split as split_front_matter splits it; JSON is checked here,
    JavaScript read by its reader (js_front_matter)."""
    language = opening["language"].lower()
    kind = _TAGGED_KINDS.get(language)
    if kind is None:
        raise ValueError(f"front matter in {opening['language']} (---{opening['language']}), which newsgen does not read; "
                         "write it as YAML front matter (---, then key: value lines, then ---)")
    closing = _TAGGED_CLOSING.search(text, opening.end())
    if closing is None:
        raise ValueError(f"front matter opened with ---{opening['language']} is never closed; end it with a line ---")
    raw = "\n" * text.count("\n", 0, opening.end()) + text[opening.end():closing.start()]
    if kind == "json":
        try:
            json.loads(raw) if raw.strip() else None
        except ValueError as exc:
            raise _json_problem("front matter opened with ---json is not valid JSON", exc, raw) from None
        except RecursionError:
            raise ValueError(_TOO_DEEP) from None
        raw = raw if raw.strip() else raw + "{}"
    return kind, raw, text[closing.end():], text[:closing.end()].count("\n") + 1


def decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _FileProblem(f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8", line) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise _FileProblem("a NUL byte: this does not look like a text file; remove the character or the file", line)
    # Stray control characters come with pasted text; YAML refuses them and
    # HTML and XML cannot carry them, so they go (tabs and newlines stay).
    return _STRAY_CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


class _FrontMatter:
    """The front matter of one file as (line, node) per key, plus typed readers."""

    def __init__(self, rel: str, entries: dict[str, tuple[int, yaml.Node]], body: str, body_line: int):
        self.rel = rel
        self.entries = entries  # as written; after adopt(), newsgen's keys only
        self.body = body
        self.body_line = body_line
        self.problems: list[Diagnostic] = []  # errors: the file is not published
        self.remarks: list[Diagnostic] = []  # warnings and notes
        self.missing = False  # no front matter at all
        self.format = ""  # as split_front_matter names it: "yaml", "toml", "json", "js" or "meta" (Pelican's); or "rst"
        self.written = (body, body_line)  # the body as its writer wrote it, and its first line in the file
        self.spelled: dict[str, str] = {}  # a key as the file writes it, where entries name it otherwise (Pelican's)
        self.withheld = ""  # the key that says the story is not to be published, as written
        self.unknown: dict[str, tuple[int, yaml.Node]] = {}  # kept under extra
        self.written_as: dict[str, str] = {}  # newsgen key → the key the file gives it by

    @classmethod
    def split(cls, rel: str, text: str) -> "_FrontMatter":
        empty = cls(rel, {}, "", 1)
        if rel.lower().endswith(RST_SUFFIXES):
            return cls._of_rst(rel, text, empty)
        try:
            found = split_front_matter(text)
        except ValueError as exc:
            empty.fail(getattr(exc, "line", 1), str(exc))
            return empty
        if found is None:
            empty.missing = True
            return empty
        kind, raw, body, body_line = found
        readers = {"yaml": _yaml_entries, "toml": _toml_entries, "json": _json_entries, "js": _js_entries, "meta": _meta_entries}
        try:
            entries = readers[kind](empty, raw)
        except RecursionError:  # TOML, JSON and their conversion recurse per level
            empty.fail(1, _TOO_DEEP)
            return empty
        front = cls(rel, entries or {}, body, body_line)
        front.problems, front.remarks, front.format, front.spelled = empty.problems, empty.remarks, kind, empty.spelled
        return front

    @classmethod
    def _of_rst(cls, rel: str, text: str, empty: "_FrontMatter") -> "_FrontMatter":
        """A reStructuredText story (rst.py): its title and fields are its
        front matter, read as Pelican reads them; its body is the HTML
        docutils makes, whose lines are not the file's (body_line 0: unknown)."""
        try:
            document = read_rst(text)
        except RecursionError:  # docutils recurses once per level of nesting
            empty.fail(1, "the text is nested too deeply to read (lists or quotes inside each other hundreds of times); flatten it")
            return empty
        written = dict(document.fields)
        if document.title:
            title_line = next((n for n, line in enumerate(text.split("\n"), start=1) if line.strip() == document.title), 1)
            written.setdefault("title", (title_line, [document.title]))
        elif not written and document.problems:  # a line over docutils's limit leaves nothing to read
            line, message = document.problems[0]
            empty.fail(line, f"reStructuredText: {message.rstrip('.')}; the story could not be read: correct it to publish it")
            return empty
        elif not written:
            empty.missing = True
            return empty
        front = cls(rel, _nodes(pelican_values(rel.removeprefix("content/"), written, empty.spelled)), document.html, 0)
        front.problems, front.remarks, front.format, front.written = empty.problems, empty.remarks, "rst", (text, 1)
        front.spelled = empty.spelled
        for line, message in document.problems[:RST_PROBLEMS_SHOWN]:
            # docutils drops a directive it cannot run, and a line over its limit; other text it cannot read stays as written.
            outcome = "it is left out" if "directive" in message or "limit" in message else "it is shown as written"
            front.warn(line, f"reStructuredText: {message.rstrip('.')}; {outcome}")
        if len(document.problems) > RST_PROBLEMS_SHOWN:
            more = len(document.problems) - RST_PROBLEMS_SHOWN
            front.warn(document.problems[RST_PROBLEMS_SHOWN][0],
                       f"reStructuredText: {more} more problem{'s' * (more != 1)} from here on; correct the ones above first")
        return front

    def fail(self, line: int | None, message: str) -> None:
        self.problems.append(error(self.rel, line, message))

    def warn(self, line: int | None, message: str, kind: str = "") -> None:
        self.remarks.append(warning(self.rel, line, message, kind))

    def note(self, line: int | None, message: str) -> None:
        self.remarks.append(note(self.rel, line, message))

    def line(self, key: str) -> int:
        return self.entries[key][0] if key in self.entries else 1

    def adopt(self, own: frozenset[str]) -> None:
        """Read the keys as newsgen's `own`: another generator's key that
        means one of them takes its place (newsgen's own key, then the first
        in keys.SYNONYMS, wins), keys that withhold the story are read,
        those that only steer another generator are ignored with a note, and
        every other key is kept under `extra`. Keys match in any case, as in Hugo."""
        chosen: dict[str, tuple[int, str, int, yaml.Node]] = {}  # newsgen key → (rank, key as written, line, node)
        for key, (line, node) in self.entries.items():
            lowered = key.lower()
            if lowered in ("permalink", "url") and _bool_of(node) is False:
                self.withheld = self.withheld or f"{key}: false"  # Eleventy's "write no file for it"
                continue
            target = _OWN_BY_LOWER.get(lowered)
            target = target if target in own else None
            rank = 0
            if target is None and lowered in _SYNONYM_RANK:
                rank, target = _SYNONYM_RANK[lowered]
                if target not in own or not _fits(target, node):
                    target = None
            if lowered in _WITHHOLDING and target is None:
                value = _plain(node)
                if policy.withholds(lowered, value):
                    self.withheld = self.withheld or f"{key}: {node.value if isinstance(node, yaml.ScalarNode) else value}"
                    continue
                if lowered == "published" and isinstance(node, yaml.ScalarNode) and node.tag != _BOOL_TAG and node.value.strip():
                    rank, target = len(_SYNONYM_RANK) + 1, "date"  # `published: 2014-09-25`: its publication date
                elif policy.sites_own_status(lowered, value):
                    key = self.spelled.get(key, key)
                    self.note(line, f"status {value!r} does not withhold a story, as draft, pending, private or scheduled "
                                    f"would: published, and kept for templates as extra.{_shown(key)}")
                    self.unknown[key] = (line, node)
                    continue
                else:
                    continue  # says "published": nothing to keep
            if target is None:
                key = self.spelled.get(key, key)
                if lowered in _READ_FIRST:
                    continue
                if lowered in _IGNORED:
                    self.note(line, f"front matter key {_shown(key)!r} is ignored: {_IGNORED[lowered]}")
                    continue
                meant = policy.near_miss(key, own)
                if meant is not None:
                    self.warn(line, f"unknown front matter key {_shown(key)!r}; did you mean {meant!r}? (kept as extra.{_shown(key)} until then)")
                elif lowered in _OWN_BY_LOWER or _SYNONYM_RANK.get(lowered, (0, ""))[1] in _OWN_BY_LOWER.values():
                    # A story's byline or section, on a page: newsgen's key, for another kind of file.
                    self.note(line, f"front matter key {_shown(key)!r} means nothing on {_KIND_OF_KEYS.get(own, 'this file')}; "
                                    f"kept for templates as extra.{_shown(key)}")
                else:
                    self.note(line, f"front matter key {_shown(key)!r} is not newsgen's; kept for templates as extra.{_shown(key)}")
                self.unknown[key] = (line, node)
                continue
            if target in chosen:
                first = chosen[target]
                if rank >= first[0]:
                    self._set_aside(key, line, node, target, first[1])
                    continue
                self._set_aside(first[1], first[2], first[3], target, key)
            chosen[target] = (rank, key, line, node)
        self.entries = {target: (line, node) for target, (_, _, line, node) in chosen.items()}
        self.written_as = {target: self.spelled.get(key, key) for target, (_, key, _, _) in chosen.items()}

    def _set_aside(self, key: str, line: int, node: yaml.Node, target: str, used: str) -> None:
        self.note(line, f"front matter key {_shown(key)!r} is not read as {target!r}, which {used!r} gives; kept as extra.{_shown(key)}")
        self.unknown[key] = (line, node)

    def extra_text(self, key: str) -> str:
        """A key kept under extra, as one line of text ("" if not a scalar)."""
        node = self.unknown.get(key, (0, None))[1]
        return " ".join(str(node.value).split()) if isinstance(node, yaml.ScalarNode) and node.tag != _NULL_TAG else ""

    def extra(self) -> dict[str, Any]:
        """The keys kept for templates, and `extra:` over them."""
        kept = {key: _plain(node) for key, (_, node) in self.unknown.items()}
        return {**kept, **self.mapping("extra")}

    def _node(self, key: str) -> yaml.Node | None:
        if key not in self.entries:
            return None
        node = self.entries[key][1]
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG:
            return None
        return node

    def text(self, key: str, *, required: bool = False, what: str = "") -> str:
        node = self._node(key)
        if node is None:
            if required:
                self.fail(self.line(key) if key in self.entries else 1, f"{key!r} is required{what}")
            return ""
        if not isinstance(node, yaml.ScalarNode):
            self.fail(self.line(key), f"{key!r} must be text, not a {_shape(node)}")
            return ""
        value = _CONTROL.sub("", node.value).strip()
        if required and not value:
            self.fail(self.line(key), f"{key!r} must not be empty")
        return value

    def text_list(self, key: str, *, split: bool = True, jekyll: bool = False) -> tuple[str, ...]:
        """A list of text, or one text; `split`: a text is a comma-separated
        list (`tags: Ukraine, Belarus`). `jekyll`: a Jekyll post's, whose
        plural key's text without a comma is a list of words, as Jekyll reads
        it (`tags: superbowl mqtt`; `category: Elixir in Production` is one).
        Mappings in a list give their name (`author: {display_name: …}` in WordPress exports)."""
        node = self._node(key)
        if node is None:
            return ()
        nodes = node.value if isinstance(node, yaml.SequenceNode) else [node]
        items: list[str] = []
        for item in nodes:
            if isinstance(item, yaml.MappingNode) and (name := _name_of(item)):
                items.append(name)
            elif isinstance(item, yaml.ScalarNode):
                if item.tag != _NULL_TAG:
                    words = jekyll and self.written_as.get(key, key).lower() == key and "," not in item.value
                    items += (item.value.split() if words else item.value.split(",")) if split and item is node else [item.value]
            else:
                self.fail(self.line(key), f"{key!r} must be a list of text, e.g. {key}: [Ukraine, Belarus]")
                return ()
        seen: dict[str, None] = {}
        for item in items:
            clean = _CONTROL.sub("", item).strip()
            if clean:
                seen.setdefault(clean)
        return tuple(seen)

    def flag(self, key: str) -> bool:
        node = self._node(key)
        if node is None:
            return False
        if (value := _bool_of(node)) is not None:
            return value
        if isinstance(node, yaml.ScalarNode) and node.tag == _STR_TAG and (text := node.value.strip().lower()) in _QUOTED_FLAGS:
            return _QUOTED_FLAGS[text]  # draft: "true", as Hugo reads it (its cast.ToBool)
        self.fail(self.line(key), f"{key!r} must be true or false (unquoted), not {_describe(node)}")
        return False

    def moment(self, key: str, tz, *, required: bool = False, node: yaml.Node | None = None, line: int | None = None) -> datetime | None:
        node = node if node is not None else self._node(key)
        line = line or self.line(key)
        if node is None:
            if required:
                self.fail(line, f"{key!r} is required (e.g. {key}: 2024-05-31T14:30:00)")
            return None
        written = self.written_as.get(key, key)  # `Modified: 2016-03` is said of Modified, not of 'updated'
        if not isinstance(node, yaml.ScalarNode):
            self.fail(line, f"{written!r} must be a date such as 2024-05-31T14:30:00, not a {_shape(node)}")
            return None
        try:
            return parse_datetime(node.value, tz)
        except DateError as exc:
            self.fail(line, f"{written!r}: {exc}")
            return None

    def mapping(self, key: str) -> dict[str, Any]:
        node = self._node(key)
        if node is None:
            return {}
        if not isinstance(node, yaml.MappingNode):
            self.fail(self.line(key), f"{key!r} must be a mapping of names to values")
            return {}
        try:
            value = _ValueLoader("").construct_document(node)
        except (yaml.YAMLError, ValueError) as exc:
            self.fail(self.line(key), f"{key!r}: {exc}")
            return {}
        return value

    def corrections(self, tz) -> tuple[Correction, ...]:
        node = self._node("corrections")
        if node is None:
            return ()
        usage = "corrections must be a list of {date: …, text: …}"
        if not isinstance(node, yaml.SequenceNode):
            self.fail(self.line("corrections"), usage)
            return ()
        found = []
        for item in node.value:
            line = _line_of(item, self.line("corrections"))
            fields = {k.value: v for k, v in item.value} if isinstance(item, yaml.MappingNode) else None
            if not fields or set(fields) != {"date", "text"}:
                self.fail(line, usage)
                continue
            when = self.moment("corrections.date", tz, node=fields["date"], line=line)
            text = fields["text"]
            if not isinstance(text, yaml.ScalarNode) or not text.value.strip():
                self.fail(line, "a correction needs its text")
                continue
            if when is not None:
                found.append(Correction(date=when, text=_CONTROL.sub("", text.value).strip(), time_known=":" in fields["date"].value))
        return tuple(sorted(found, key=lambda c: c.date))


def _line_of(node: yaml.Node, fallback: int) -> int:
    """The line a node is on in YAML front matter; nodes made of JSON, TOML
    or JavaScript values (_nodes, _as_nodes) know none: `fallback`, their key's."""
    return node.start_mark.line + 1 if node.start_mark is not None else fallback


def _shown(key: str) -> str:
    """A key as a message names it: a long one (often a paragraph that YAML
    read as a key for a colon in it) shortened."""
    return key if len(key) <= 40 else key[:39] + "…"


RST_PROBLEMS_SHOWN = 3  # docutils's complaints said per file: one mistake repeated makes hundreds
_TOO_DEEP = "front matter is nested too deeply to read (lists or mappings inside each other hundreds of times); flatten it"
# More values than any real front matter has (a story with a thousand tags is
# a few thousand): beyond it, aliases are being used to multiply them.
MAX_FRONT_MATTER_VALUES = 100_000


def _yaml_entries(front: _FrontMatter, raw: str) -> dict[str, tuple[int, yaml.Node]] | None:
    try:
        root = yaml.compose(raw, Loader=_LOADER)
    except RecursionError:
        front.fail(1, _TOO_DEEP)
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # Lines inside `raw` count from the opening fence's line.
        front.fail(mark.line + 1 if mark else 1, f"front matter is not valid YAML: {exc.problem or exc}; check indentation and quote values that contain ': '")
        return None
    except yaml.reader.ReaderError as exc:
        front.fail(raw[: exc.position].count("\n") + 1, f"front matter is not valid YAML: {exc.reason}")
        return None
    except yaml.YAMLError as exc:
        front.fail(1, f"front matter is not valid YAML: {exc}")
        return None
    if root is None:
        return {}
    values = _expanded_size(root)
    if values > MAX_FRONT_MATTER_VALUES:
        # Aliases (&a … *a) repeat a value without writing it again: a few
        # lines can stand for billions of values (a "billion laughs").
        front.fail(1, f"front matter stands for {values:,} values, over {MAX_FRONT_MATTER_VALUES:,}: YAML aliases (&name, *name) "
                      "repeat values within values; write the values out instead")
        return None
    for node in _walk(root):
        # Safe loading never builds objects, but a tag like
        # !!python/object is a mistake or an attack, never a value.
        if node.tag not in _PLAIN_TAGS:
            front.fail(node.start_mark.line + 1, f"the YAML tag {node.tag!r} is not allowed in front matter; write the value as plain text")
            return None
    if not isinstance(root, yaml.MappingNode):
        front.fail(root.start_mark.line + 1, f"front matter must be 'key: value' lines, not a {_shape(root)}")
        return None
    entries: dict[str, tuple[int, yaml.Node]] = {}
    for key_node, value_node in root.value:
        line = key_node.start_mark.line + 1
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
        if key in entries:
            # As Jekyll and Hugo read it: the last one counts.
            front.warn(line, f"duplicate key {key!r} (also on line {entries[key][0]}); this one is used, keep one")
            del entries[key]
        entries[key] = (line, value_node)
    return entries


def _toml_entries(front: _FrontMatter, raw: str) -> dict[str, tuple[int, yaml.Node]] | None:
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        front.fail(toml_error_line(exc) or 1, f"front matter is not valid TOML: {exc}")
        return None
    return _as_nodes(data, raw, r"\s*\[{{0,2}}\s*\"?{key}\"?\s*[=\]]")


def _json_entries(front: _FrontMatter, raw: str) -> dict[str, tuple[int, yaml.Node]] | None:
    from .js_front_matter import NotData, read_js_front_matter  # noqa: PLC0415  (compiling its patterns is 5 ms that most builds need not spend)

    data = json.loads(raw)  # split_front_matter has read it once already
    if not isinstance(data, dict):
        front.fail(1, "front matter must be an object of keys and values")
        return None
    try:
        # JSON is JavaScript's object syntax; its reader knows each key's line (a
        # key given twice: the last's, whose value counts) and refuses what
        # Python's keeps and no page can hold (half a character: "\ud83d").
        written = read_js_front_matter(raw)
    except NotData as exc:
        front.fail(exc.line, f"front matter is not valid JSON: {exc.what}")
        return None
    return _nodes({key: (written[key][0], value) for key, value in data.items()})


def _js_entries(front: _FrontMatter, raw: str) -> dict[str, tuple[int, yaml.Node]] | None:
    """Eleventy's `---js` front matter, where it is values (js_front_matter)."""
    from .js_front_matter import NotData, read_js_front_matter  # noqa: PLC0415

    try:
        return _nodes(read_js_front_matter(raw))
    except NotData as exc:
        front.fail(exc.line, str(exc))
        return None


def _meta_entries(front: _FrontMatter, raw: str) -> dict[str, tuple[int, yaml.Node]]:
    written, front.spelled = header_values(raw)
    return _nodes(pelican_values(front.rel.removeprefix("content/"), written, front.spelled))


class _ValueDumper(yaml.SafeDumper):
    """Makes nodes of values read from JSON, TOML or JavaScript: a number's
    text is JavaScript's (String(1.0) is "1"), not YAML's ("1.0", ".inf"),
    for it is that text a headline or tag shows. (YAML's numbers are text
    as written.) Non-finite numbers are refused by the readers."""

    def represent_float(self, data: float) -> yaml.ScalarNode:
        return self.represent_scalar("tag:yaml.org,2002:float", _javascript_number(data))


_ValueDumper.add_representer(float, _ValueDumper.represent_float)


def _javascript_number(value: float) -> str:
    """`value` as JavaScript's String() writes it."""
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    if 1e-6 <= abs(value) < 1e21:
        return format(Decimal(repr(value)), "f")
    mantissa, _, exponent = repr(value).partition("e")
    return f"{mantissa}e{int(exponent):+d}" if exponent else mantissa


def _nodes(data: dict[str, tuple[int, Any]]) -> dict[str, tuple[int, yaml.Node]]:
    """Plain values as the YAML nodes the readers take, each with its line."""
    represent = _ValueDumper("").represent_data
    return {key: (line, represent(value)) for key, (line, value) in data.items()}


def _as_nodes(data: dict[str, Any], raw: str, key_line: str) -> dict[str, tuple[int, yaml.Node]]:
    """TOML values as the YAML nodes the readers take, each with the
    line its key is on (the first line matching `key_line`)."""
    lines = raw.split("\n")
    represent = _ValueDumper("").represent_data
    entries = {}
    for key, value in data.items():
        pattern = re.compile(key_line.format(key=re.escape(key)))
        line = next((n for n, text in enumerate(lines) if pattern.match(text)), 0)
        if isinstance(value, datetime):
            value = value.isoformat()
        entries[key] = (line + 1, represent(value))
    return entries


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    return []


def _walk(root: yaml.Node):
    """Every distinct node once (an alias's node is shared), without recursion."""
    seen: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        pending.extend(_children(node))


def _expanded_size(root: yaml.Node) -> int:
    """How many values the front matter stands for, each alias expanded:
    counted once per distinct node, so a bomb is measured, not expanded."""
    sizes: dict[int, int] = {}
    pending: list[tuple[yaml.Node, bool]] = [(root, False)]
    while pending:
        node, children_done = pending.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if children_done or not children:
            sizes[id(node)] = 1 + sum(sizes.get(id(child), 1) for child in children)
        else:
            pending.append((node, True))
            pending.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(root)]


def _shape(node: yaml.Node) -> str:
    return {yaml.MappingNode: "mapping", yaml.SequenceNode: "list"}.get(type(node), "value")


def _describe(node: yaml.Node) -> str:
    return repr(node.value) if isinstance(node, yaml.ScalarNode) else f"a {_shape(node)}"


def _plain(node: yaml.Node) -> Any:
    """A node as the plain value YAML makes of it (for `extra` and the keys
    that withhold a story)."""
    return _ValueLoader("").construct_document(node)


_OWN_BY_LOWER = {key.lower(): key for key in policy.ARTICLE_KEYS | policy.PAGE_KEYS | policy.AUTHOR_KEYS | policy.SECTION_KEYS}


def _ranked(synonyms: dict[str, str]) -> dict[str, tuple[int, str]]:
    """Lower-cased key → (its place in the table, the key it means): of two
    keys meaning one, the one listed first wins."""
    ranked: dict[str, tuple[int, str]] = {}
    for rank, (key, target) in enumerate(synonyms.items(), start=1):
        ranked.setdefault(key.lower(), (rank, target))
    return ranked


_SYNONYM_RANK = _ranked(policy.SYNONYMS)
_KIND_OF_KEYS = {policy.ARTICLE_KEYS: "a story", policy.PAGE_KEYS: "a page", policy.AUTHOR_KEYS: "an author file",
                 policy.SECTION_KEYS: "a section's _index.md"}
_WITHHOLDING = frozenset(key.lower() for key in policy.WITHHOLDING)
_IGNORED = {key.lower(): why for key, why in policy.IGNORED.items()}
_READ_FIRST = frozenset(key.lower() for key in policy.READ_FIRST)
_LISTS = frozenset({"tags", "categories", "aliases", "authors"})
_ANY_SHAPE = frozenset({"author", "authors", "image", "extra", "links", "corrections"})


def _fits(target: str, node: yaml.Node) -> bool:
    """Can another generator's value stand for newsgen's `target` key?"""
    if target in _ANY_SHAPE:
        return True
    if target in _LISTS:
        return isinstance(node, yaml.ScalarNode) or (
            isinstance(node, yaml.SequenceNode) and all(isinstance(n, yaml.ScalarNode) for n in node.value))
    return isinstance(node, yaml.ScalarNode)


_NAME_KEYS = ("display_name", "name", "title", "login")


def _name_of(node: yaml.MappingNode) -> str:
    """The name a mapping gives (`{display_name: …, login: …}`), else ""."""
    fields = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
    for key in _NAME_KEYS:
        value = fields.get(key)
        if isinstance(value, yaml.ScalarNode) and value.value.strip():
            return value.value
    first, last = fields.get("first_name"), fields.get("last_name")
    parts = [n.value for n in (first, last) if isinstance(n, yaml.ScalarNode) and n.value.strip()]
    return " ".join(parts)


def _article(source: SourceFile, front: _FrontMatter, config: SiteConfig) -> Article | LeftOut | None:
    front.adopt(policy.ARTICLE_KEYS)
    in_drafts_folder = "_drafts" in source.rel.split("/")[:-1]
    if in_drafts_folder and "date" not in front.entries and not _DATE_PREFIX.match(_name_with_date(source.rel)):
        # Jekyll dates such a draft by its file's clock, which no two checkouts share.
        reason = "a draft in _drafts/ without a date"
        front.note(1, f"not published: {reason}; give it 'date:' to preview it with --drafts")
        return LeftOut(source.rel, reason)
    tz = config.timezone
    title = _title(front, source.rel)
    date, time_known = _date(front, source.rel, tz)
    updated = front.moment("updated", tz)
    expires = front.moment("expires", tz)
    if "author" in front.entries and "authors" in front.entries:
        front.fail(front.line("authors"), "use either 'author' or 'authors', not both")
    # A byline is one name even with a comma in it ("Jane Doe, Washington"):
    # a list names several.
    authors = _capped(front, "authors" if "authors" in front.entries else "author",
                      front.text_list("authors", split=False) or front.text_list("author", split=False), MAX_BYLINES, "bylines")
    jekyll = any(part in _POSTS_DIRS for part in source.rel.split("/")[:-1])
    categories = front.text_list("categories", jekyll=jekyll)
    section = _section_of(front, source.rel, categories)

    kind = front.text("kind") or "news"
    if kind not in KINDS:
        front.fail(front.line("kind"), f"kind {kind!r} is not one of {', '.join(KINDS)}")
        kind = "news"

    slug = _slug(front, source.rel)
    summary = _summary(front)
    image = _image(front, source.rel)
    corrections = front.corrections(tz)
    extra = front.extra()
    _check_template_syntax(front)
    _check_script_links(front)
    if front.problems or date is None:
        return None
    if updated is not None and updated < date:
        front.fail(front.line("updated"), "'updated' is earlier than 'date'")
        return None
    if updated == date:
        updated = None  # an update at the very moment of publication is none (Pelican's themes write Modified so)
    return Article(
        source=source.rel,
        title=title,
        slug=slug,
        section=section,
        date=date,
        updated=updated,
        # Interned: a few hundred names over ten thousand stories, shared
        # rather than repeated in memory and in the build state.
        authors=tuple(map(sys.intern, authors)),
        tags=tuple(map(sys.intern, _capped(front, "tags", tuple(dict.fromkeys(front.text_list("tags", jekyll=jekyll) + categories)), MAX_TAGS, "tags"))),
        summary=summary,
        summary_line=front.line("summary") if front.text("summary") else None,
        body_line=front.body_line,
        kind=kind,
        dateline=front.text("dateline"),
        time_known=time_known,
        updated_time_known=has_time(front.text("updated")),
        image=image,
        draft=front.flag("draft") or bool(front.withheld) or in_drafts_folder,
        featured=front.flag("featured"),
        paywall=front.flag("paywall"),
        corrections=corrections,
        extra=frozen(extra),
        expires=expires,
        aliases=_aliases(front),
        permalink=_permalink(front),
        language=_story_language(front),
        translation_key=front.text("translation_key"),
    )


# Each tag's page lists the story with all its tags, and the story every tag:
# output grows with the square of a story's tags, so a story has at most
# these (the first ones written); real stories have a few.
MAX_TAGS = 100
MAX_BYLINES = 30


def _capped(front: _FrontMatter, key: str, values: tuple[str, ...], cap: int, what: str) -> tuple[str, ...]:
    if len(values) > cap:
        front.warn(front.line(key), f"{len(values)} {what}; only the first {cap} are used: a story has at most {cap} {what}")
        return values[:cap]
    return values


def _title(front: _FrontMatter, rel: str) -> str:
    """The headline; without one, made from the file name, as Jekyll does."""
    if "title" in front.entries:
        return front.text("title", required=True)
    made = _name_stem(rel).replace("-", " ").replace("_", " ").strip().capitalize()
    front.warn(1, f"no 'title'; the headline is made from the file name: {made!r}; add 'title:' to write it")
    return made


def _date(front: _FrontMatter, rel: str, tz) -> tuple[datetime | None, bool]:
    """The publication moment and whether it has a time of day: from front
    matter, else from a Jekyll post's file name (2014-09-25-title.md) or a
    page bundle's folder name (2014-09-25-title/index.md).

    A story's date is when it is published: dated in the future, it waits.
    So an `embargo` (or Hugo's `publishDate`) later than the date is the
    date: the story is held back until then, and dated then."""
    date, time_known = _written_date(front, rel, tz, required="embargo" not in front.entries)
    embargo = front.moment("embargo", tz)
    if embargo is not None and (date is None or embargo > date):
        return embargo, has_time(front.text("embargo"))
    return date, time_known


def _written_date(front: _FrontMatter, rel: str, tz, required: bool) -> tuple[datetime | None, bool]:
    if "date" in front.entries:
        return front.moment("date", tz, required=True), has_time(front.text("date"))
    named = _DATE_PREFIX.match(_name_with_date(rel))
    if named:
        year, month, day = named.groups()
        try:
            return parse_datetime(f"{year}-{int(month):02d}-{int(day):02d}", tz), False
        except DateError as exc:
            front.fail(1, f"the date in the file name: {exc}")
            return None, False
    if required:
        front.fail(1, "'date' is required (e.g. date: 2024-05-31T14:30:00), or a file name that starts with it (2024-05-31-title.md)")
    return None, False


def _name_with_date(rel: str) -> str:
    """The part of a path that carries a story's name: the file's, or for a
    page bundle's index.md, its folder's."""
    parts = rel.split("/")
    stem = posixpath.splitext(parts[-1])[0]
    return parts[-2] if stem.lower() in ("index", "_index") and len(parts) > 1 else parts[-1]


def _name_stem(rel: str) -> str:
    return undated_name(posixpath.splitext(_name_with_date(rel))[0])


def undated_name(name: str) -> str:
    """A file's name without the date it starts with (2019-5-15-title → title)."""
    return _DATE_PREFIX.sub("", name) or name


def _section_of(front: _FrontMatter, rel: str, categories: tuple[str, ...]) -> str:
    """`section:`; else the first folder under content/; in Jekyll's _posts
    (or _drafts) folder, the first category, else "posts"."""
    given = front.text("section")
    if given:
        return slugify(given)
    folder = rel.split("/")[0] if "/" in rel else ""
    if folder in _POSTS_DIRS and categories:
        return slugify(categories[0]) or "posts"
    if folder in _POSTS_DIRS:
        return "posts"
    if not folder:
        front.fail(1, "no section: put the article in a section folder (content/world/…) or set 'section:'")
    return slugify(folder)


def _summary(front: _FrontMatter) -> str:
    """`summary:` (or a key meaning it), as plain text; else the first paragraph."""
    written = front.text("summary")
    if not written and (front.rel.lower().endswith(HTML_SUFFIXES) or front.format == "rst"):
        paragraph = _HTML_PARAGRAPH.search(front.body)
        # HTML's text, tags dropped: `__del__()` in its code is no Markdown emphasis.
        return _sentences(html_text(paragraph[1] if paragraph else front.body[: SUMMARY_MAX * 8]), SUMMARY_MAX)
    if not written:
        teaser = _MORE.split(front.body, 1)
        return first_paragraph(front.body) if len(teaser) == 1 else _prose(teaser[0])
    if front.written_as.get("summary", "summary").lower() == "summary" and front.format != "meta":
        return written
    # Another generator's excerpt or description (or Pelican's summary) may carry its HTML or Markdown.
    return _shorten(plain_text(written), SUMMARY_LIMIT)


def _story_language(front: _FrontMatter) -> str:
    """`lang:` (or `language:`), for a story in another language than the site's."""
    written = front.text("language")
    if not written:
        return ""
    tag = language_tag(written)
    if tag is None:
        front.fail(front.line("language"), f"lang {written!r} is not a language tag; write one such as de, fr-CA or pt-BR (BCP 47)")
        return ""
    return tag


def _aliases(front: _FrontMatter) -> tuple[str, ...]:
    """The site paths a story had before, as given (a full URL gives its path)."""
    found: dict[str, None] = {}
    for alias in front.text_list("aliases", split=False):
        # Read as urls.toml's [moved] old paths are: undecoded here, as `%2F` decoded is another path.
        path = _site_path(alias, decoded=False)
        old, refused = old_url(path) if path is not None else ("", "")
        if path is None:
            front.warn(front.line("aliases"), f"alias {alias!r} is not a path on this site; left out")
        elif refused:
            front.warn(front.line("aliases"), f"alias {alias!r}: {refused}; left out (redirect it on the host by hand)")
        else:
            found.setdefault(old)
    return tuple(found)


def _permalink(front: _FrontMatter) -> str:
    """The URL front matter fixes (`url:`, `permalink:`), as a site path;
    Jekyll's placeholders in it are filled in by the plan."""
    given = front.text("url")
    if not given:
        return ""
    path = _site_path(given)
    if path is None or "?" in path or "#" in given:
        front.fail(front.line("url"), f"url {given!r} is not a path on this site; write it as /section/story/")
        return ""
    last = path.rsplit("/", 1)[-1]
    # "/about" is a folder's page, as a web server serves it; "/a/b.html" a file.
    return path if path.endswith("/") or "." in last or ":" in last else path + "/"


def _site_path(written: str, decoded: bool = True) -> str | None:
    """A path on this site from a path or a full URL, percent-decoded unless
    not `decoded`; None if it is neither or would leave the site."""
    text = without_site_prefix(written.strip())
    if is_external(text):
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.path:
            return None
        text = parts.path + (f"?{parts.query}" if parts.query else "")
    if "{{" in text or "{%" in text:
        return None
    path, question, query = text.partition("?")
    rooted = resolve_content_link("/" + (unquote(path) if decoded else path).lstrip("/"), "")
    return None if rooted is None else rooted + question + query


def _slug(front: _FrontMatter, rel: str) -> str:
    given = front.text("slug")
    if given:
        # A slug is a name, never a path: "../x" and "a/b" become "x" and "a-b".
        return slugify(given)
    return slugify(_name_stem(rel))


def _image(front: _FrontMatter, rel: str) -> Image | None:
    """The lead image: `image:` as a path or URL, a list (the first), or a
    mapping (`{path|src|url|image: …, alt: …, caption: …}`, as Jekyll's SEO
    tag and Hugo themes write it); image_alt and the like over its fields."""
    node = front._node("image")
    fields: dict[str, str] = {}
    if isinstance(node, yaml.SequenceNode):
        node = node.value[0] if node.value else None
    if isinstance(node, yaml.MappingNode):
        given = {k.value: v.value for k, v in node.value if isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode)}
        src = next((given[key] for key in policy.IMAGE_SOURCE_KEYS if given.get(key)), "")
        fields = {"alt": given.get("alt", ""), "caption": given.get("caption", given.get("title", "")),
                  "credit": given.get("credit", given.get("attribution", "")), "focus": given.get("focus", "")}
    elif isinstance(node, yaml.ScalarNode):
        src = _CONTROL.sub("", node.value).strip()
    elif node is None:
        src = ""
    else:
        front.fail(front.line("image"), "'image' must be a path, a URL, or a mapping with its path and alt text")
        return None
    if not src:
        for key in ("image_alt", "image_caption", "image_credit"):
            if front.text(key):
                front.fail(front.line(key), f"{key!r} is set but 'image' is not")
        return None
    if not is_external(src):
        # A file's own query or fragment asks nothing of it (grpc.io's thumbnails end in ?raw=true).
        src = src.split("#", 1)[0].split("?", 1)[0] or src
    # Decoded first, as a browser would: %2e%2e is "..".
    url = resolve_content_link(unquote(without_site_prefix(src)), rel)
    if url is None or (is_external(url) and not url.lower().startswith(("https://", "http://"))):
        front.fail(front.line("image"), f"image {src!r} is not a path inside content/ or an http(s) URL")
        return None
    focus_text = front.text("image_focus") or fields.get("focus", "").strip()
    focus = _focus(focus_text)
    if focus is None:
        front.fail(front.line("image_focus") or front.line("image"),
                   f"image_focus {focus_text!r} is not a point; give it as across and down, e.g. \"30% 40%\" (the centre is \"50% 50%\")")
        focus = (0.5, 0.5)
    return Image(url=url, alt=front.text("image_alt") or fields.get("alt", "").strip(),
                 caption=front.text("image_caption") or fields.get("caption", "").strip(),
                 credit=front.text("image_credit") or fields.get("credit", "").strip(), line=front.line("image"), focus=focus)


_FOCUS = re.compile(r"^\s*(\d+(?:\.\d+)?)%?\s*[ ,]\s*(\d+(?:\.\d+)?)%?\s*$")


def _focus(text: str) -> tuple[float, float] | None:
    """"30% 40%" (or "30 40", "30%,40%") as fractions; the centre when not given."""
    if not text:
        return (0.5, 0.5)
    found = _FOCUS.match(text)
    if not found:
        return None
    x, y = (float(v) / 100 for v in found.groups())
    return (x, y) if x <= 1 and y <= 1 else None


def _check_template_syntax(front: _FrontMatter) -> None:
    """Another generator's template syntax left in the text shows as it is
    written: said once per file, with a count per kind and the first line."""
    # Links written with {{ site.baseurl }} and the like are read as paths: not shown.
    text, first_line = front.written
    found = find_template_syntax(without_resolved_targets(text), first_line, rst=front.format == "rst")
    if found:
        counts = ", ".join(f"{count} {kind}{'s' * (count != 1)}" for kind, count in summarise(found).items())
        front.warn(found[0].line, f"template syntax of another generator is shown as written ({counts}, first: {found[0].text[:60]!r}); "
                                  "write it in Markdown or HTML (`newsgen import` converts the common ones, such as figure, "
                                  "youtube and ref; this one is left for you)", kind="files showing another generator's template syntax")


def _check_script_links(front: _FrontMatter) -> None:
    if front.format == "rst":
        return  # its links are not Markdown's; rendering neutralises them all the same
    for line, target in find_script_links(front.body, front.body_line):
        front.warn(line, f"the link {target[:80]!r} would run script in a reader's browser; it is shown as text. "
                         "Link to an http(s), mailto: or tel: address or a page of the site")


def _page(source: SourceFile, front: _FrontMatter, config: SiteConfig) -> Page | None:
    listed = not _kept_out_of_lists(front)  # (read before adopt() sets its keys aside)
    front.adopt(policy.PAGE_KEYS)
    title = _title(front, source.rel)
    # Hugo's about.fr.md, where fr is an edition: the French about page, /fr/about/.
    edition, named = _edition_suffix(source.rel, config)
    slug = _page_slug(named, front)
    _check_template_syntax(front)
    _check_script_links(front)
    page = Page(
        source=source.rel,
        title=title,
        slug=slug,
        summary=_summary(front),
        body=front.body,
        body_line=front.body_line,
        draft=front.flag("draft") or bool(front.withheld),
        listed=listed,
        extra=frozen(front.extra()),
        aliases=_aliases(front),
        permalink=_permalink(front),
        language=front.text("language") or edition,
        translation_key=front.text("translation_key"),
        expires=front.moment("expires", config.timezone),
    )
    return None if front.problems else page


def _edition_suffix(rel: str, config: SiteConfig) -> tuple[str, str]:
    """The language a page's name ends in, when it is one of the site's
    editions (about.fr.md, with [languages.fr]), and the path without it;
    else "" and the path."""
    parts = posixpath.basename(rel).split(".")
    if len(parts) == 3 and parts[0].lower() not in ("index", "_index") and config.edition_of(parts[1]) is not None:
        return parts[1], posixpath.join(posixpath.dirname(rel), f"{parts[0]}.{parts[2]}")
    return "", rel


def _page_slug(rel: str, front: _FrontMatter) -> str:
    """The page's path: pages/about.md is "about", guides/hcd/intro.md
    "guides/hcd/intro", guides/hcd/_index.md "guides/hcd". `slug:` names
    the last part, in its folder as Hugo places it, except in pages/."""
    inside = rel.split("/", 1)[1] if rel.startswith("pages/") else rel
    parts = posixpath.splitext(inside)[0].split("/")
    if len(parts) > 1 and parts[-1].split(".")[0].lower() in ("index", "_index"):
        # Hugo's guides/hcd/_index.fr.md is /fr/guides/hcd/.
        language = _language_suffix(rel)
        parts = [language, *parts[:-1]] if language else parts[:-1]
    given = front.text("slug")
    if given and rel.startswith("pages/"):
        return slugify(given)
    if given:
        parts[-1] = given
    return "/".join(slugify(part) for part in parts)


def _language_suffix(rel: str) -> str:
    """The language of Hugo's _index.fr.md, from its name ("" for _index.md)."""
    parts = posixpath.basename(rel).split(".")
    return parts[1].lower() if len(parts) == 3 and re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", parts[1]) else ""


def _author(source: SourceFile, front: _FrontMatter, config: SiteConfig) -> Author | None:
    if "name" in front.entries and any(policy.SYNONYMS.get(key) == "name" for key in front.entries):
        # Jekyll collections often keep the ID in `name` ("melody") and the
        # name to show in `full_name`: the ID stays for templates, as extra.name.
        front.unknown["name"] = front.entries.pop("name")
    front.adopt(policy.AUTHOR_KEYS)
    # authors/eric.md, or Hugo's authors/eric/_index.md
    stem = posixpath.splitext(_name_with_date(source.rel))[0]
    first_last = " ".join(part for part in (front.extra_text("first_name"), front.extra_text("last_name")) if part)
    # Hugo's author pages give the name as their title, or in first and last parts.
    name = front.text("name") or front.text("title") or first_last or stem.replace("-", " ").title()
    links = front.mapping("links")
    for label, url in list(links.items()):
        if not isinstance(url, str) or not is_safe_link(url):
            front.fail(front.line("links"), f"links: {label!r}: only http(s), mailto: and tel: links or site paths are allowed")
    _check_script_links(front)
    author = Author(
        name=name,
        slug=slugify(front.text("slug") or stem),
        bio=front.body.strip(),
        role=front.text("role"),
        links=tuple((str(label), str(url)) for label, url in links.items()),
        source=source.rel,
        extra=frozen(front.extra()),
        aliases=_aliases(front),
    )
    return None if front.problems else author


def _section(source: SourceFile, front: _FrontMatter, config: SiteConfig) -> SectionText | None:
    front.adopt(policy.SECTION_KEYS)
    _check_script_links(front)
    folder = source.rel.split("/")[0]
    text = SectionText(
        source=source.rel,
        section=slugify(folder),
        title=front.text("title"),
        summary=_summary(front),
        body_line=front.body_line,
        extra=frozen(front.extra()),
        language=front.text("language") or _language_suffix(source.rel),
        aliases=_aliases(front),
    )
    return None if front.problems else text


def html_text(markup: str) -> str:
    """HTML as one line of plain text: a script's or style sheet's code is no text of it."""
    if "<" in markup:
        markup = _TAG.sub("", markup)
    return " ".join(html.unescape(markup).split())


def plain_text(markup: str) -> str:
    """Markdown or HTML as one line of plain text."""
    # A backslash escape (`\_`, `\*`, `\-`) is its character, and never
    # markup: set aside as a private-use character until the markup is gone.
    text = _ESCAPED.sub(lambda found: chr(_ESCAPES_AT + ord(found[1])), markup)
    text = _FOOTNOTE_REF.sub("", text)
    text = _KRAMDOWN_ATTRIBUTES.sub("", text)
    text = _INLINE_IMAGE.sub(r"\1", text)
    text = _INLINE_LINK.sub(r"\1", text)
    return html_text(_UNDERSCORES.sub(r"\2", _EMPHASIS.sub(r"\2", text))).translate(_UNESCAPED)


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # CommonMark's: any ASCII punctuation
_ESCAPES_AT = 0xF0000  # plane 15, private use: no text of a summary has them
_UNESCAPED = {_ESCAPES_AT + code: chr(code) for code in range(0x21, 0x7F)}


_HTML_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL | re.IGNORECASE)
_INLINE_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_INLINE_LINK = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]]*\]")
# kramdown's inline attribute lists, `{:rel="nofollow"}` or `{: .note}`: right
# after the link, emphasis or code they give attributes to, or on a line of
# their own at a paragraph's end, the paragraph's; no words of it (the build
# renders them as attributes). After a space, kramdown shows one as text.
_KRAMDOWN_ATTRIBUTES = re.compile(r"(?<=[)\]*_`~>])\{:[ ]*[^}\n ][^}\n]*\}|^[ ]{0,3}\{:[ ]*[^}\n ][^}\n]*\}[ ]*$", re.M)
# What a summary leaves out, each whole, in one pass as HTML's tokenizer reads
# them from the left: a comment up to its "-->" (a ">" in it is text:
# `<!-- a -> b -->`; `<!-->` and `<!--->` are empty ones), a CDATA section up to
# "]]>" and a processing instruction up to "?>" (as Markdown passes them on as
# raw HTML); a script or style element's code up to its end tag, which may
# have junk after its name (`</script foo>`); a start tag (a ">" in a quoted
# value is text: `alt="a > b"`); else anything from "<" to ">" (end tags).
# One never closed runs to the end of the text, as a browser hides it: one
# scan, where a search for its close from each of a run of openings would
# take time quadratic in their number.
_TAG = re.compile(
    r"<!--(?:-?>|.*?(?:--!?>|\Z))"
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"
    r"|<\?.*?(?:\?>|\Z)"
    r"|<(script|style)\b[^>]*>.*?(?:</\1(?:[\s/][^>]*+)?(?:>|\Z)|\Z)"
    rf"|{START_TAG.pattern}|<[^>]*>",
    re.IGNORECASE | re.DOTALL,
)
# Emphasis may run over the lines of a hard-wrapped paragraph; underscores
# inside a word (snake_case) are no emphasis, as Markdown reads them.
_EMPHASIS = re.compile(r"(\*\*|\*|`|~~)(?=\S)(.+?)(?<=\S)\1", re.DOTALL)
_UNDERSCORES = re.compile(r"(?<!\w)(__|_)(?=\S)(.+?)(?<=\S)\1(?!\w)", re.DOTALL)
_NOT_PROSE = re.compile(r"^(#|>|[-*+] |\d+[.)] |\||<|!\[|```|~~~|\[\^|    |\t|=+$|-+$|\{:)")


# WordPress's and Hugo's summary divider: what comes before it is the summary.
# Where the summary ends: WordPress's and Hugo's <!--more-->, and the marker of
# Pelican's summary plugin (which opens it with PELICAN_BEGIN_SUMMARY).
_MORE = re.compile(r"<!--\s*(?:more|PELICAN_END_SUMMARY)\s*-->", re.IGNORECASE)
_LEADING_COMMENTS = re.compile(r"\A(?:\s*<!--.*?-->)+\s*", re.DOTALL)


def first_paragraph(body: str) -> str:
    """The first prose paragraph of a Markdown body, as plain text."""
    return next(_prose_blocks(body), "")


def _prose(body: str) -> str:
    """Every prose paragraph of a Markdown body, as one plain text."""
    return _sentences(" ".join(_prose_blocks(body)), SUMMARY_MAX)


def _prose_blocks(body: str) -> Iterator[str]:
    for block in re.split(r"\n\s*\n", body.strip()):
        # Another generator's template statements are no words of it (ruby-lang.org's
        # release posts open with {% assign release = … %}).
        block = STATEMENT.sub("", block).strip() if "{" in block else block.strip()
        if block.startswith("<!--"):  # a comment on the line above a paragraph is no HTML block
            block = _LEADING_COMMENTS.sub("", block)
        if not block or _NOT_PROSE.match(block):
            continue
        # No need to read a huge paragraph whole.
        yield _sentences(plain_text(block[: SUMMARY_MAX * 8]), SUMMARY_MAX)


_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*(?=\s)")


def _sentences(text: str, limit: int) -> str:
    """The whole sentences of `text` that fit in `limit` characters, as a
    writer would cut it; a first sentence too long for that is cut at a word."""
    if len(text) <= limit:
        return text
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, limit + 1) if m.end() <= limit]
    return text[: ends[-1]] if ends else _shorten(text, limit)


def _shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word, marked with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    cut = cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut
    return cut.rstrip(" ,;:") + "…"
