"""One source file → one Article, Page or Author, or Diagnostics naming its lines.

Front matter is read as YAML *nodes*, not constructed values: a node knows its
line, and its raw text protects writers from YAML 1.1 (`title: no` is the
text "no", not False; `tags: [yes, off]` are two tags). Values are typed
here, against a declared schema; unknown keys are errors with a did-you-mean,
and `extra` is the escape hatch for a site's own fields.
"""

from __future__ import annotations

import difflib
import html
import posixpath
import re
import sys
import tomllib
from datetime import datetime
from urllib.parse import unquote
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from ..config import SiteConfig
from ..dates import DateError, parse_datetime
from ..errors import Diagnostic, error
from ..frozendict import frozen
from ..sitepaths import is_external, is_safe_link, resolve_content_link
from ..slugs import slugify
from .model import KINDS, Article, Author, Correction, Image, Page, SourceFile, SourceKind

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML = YAMLHandler()
# python-frontmatter's TOML handler needs the third-party `toml` package; the
# standard library's tomllib reads it as well, so only the fence is ours.
_TOML_FENCE = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
_NULL_TAG = "tag:yaml.org,2002:null"
_BOOL_TAG = "tag:yaml.org,2002:bool"

ARTICLE_KEYS = {
    "title", "date", "updated", "author", "authors", "section", "tags", "summary", "image",
    "image_alt", "image_caption", "image_credit", "dateline", "slug", "draft", "kind",
    "featured", "paywall", "corrections", "extra",
}
PAGE_KEYS = {"title", "summary", "slug", "draft", "extra"}
AUTHOR_KEYS = {"name", "slug", "role", "links"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_STRAY_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
SUMMARY_LIMIT = 300  # characters of a summary made from the body
# The tags plain YAML values carry; anything else (!!python/object, !!binary,
# a local !tag) is a mistake or an attack, never a story's value.
_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")}
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}[-_]")

Parsed = Article | Page | Author


def parse_source(source: SourceFile, config: SiteConfig) -> tuple[Parsed | None, list[Diagnostic]]:
    """Read and parse content/`source`."""
    return parse_bytes(source, (config.content_dir / source.rel).read_bytes(), config)


def parse_bytes(source: SourceFile, data: bytes, config: SiteConfig) -> tuple[Parsed | None, list[Diagnostic]]:
    """Parse a source's bytes (the caller may already hold them to fingerprint them)."""
    rel = f"content/{source.rel}"
    try:
        text = decode(data)
    except _FileProblem as problem:
        return None, [error(rel, problem.line, problem.message)]
    front = _FrontMatter.split(rel, text)
    if front.problems:
        return None, front.problems
    if source.kind is SourceKind.ARTICLE:
        parsed: Parsed | None = _article(source, front, config)
    elif source.kind is SourceKind.PAGE:
        parsed = _page(source, front)
    else:
        parsed = _author(source, front)
    return (None if front.problems else parsed), front.problems


class _FileProblem(Exception):
    def __init__(self, message: str, line: int | None = None):
        self.message, self.line = message, line


def read_body(path: Path) -> str:
    """The Markdown body of a source file that parsed before."""
    text = decode(path.read_bytes())
    boundary = _YAML.FM_BOUNDARY if _YAML.detect(text) else _TOML_FENCE
    parts = boundary.split(text, 2)
    return parts[2] if len(parts) == 3 else ""


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
        self.entries = entries
        self.body = body
        self.body_line = body_line
        self.problems: list[Diagnostic] = []

    @classmethod
    def split(cls, rel: str, text: str) -> "_FrontMatter":
        empty = cls(rel, {}, "", 1)
        is_yaml = _YAML.detect(text)
        boundary = _YAML.FM_BOUNDARY if is_yaml else _TOML_FENCE
        if not boundary.match(text):
            empty.fail(1, "no front matter: start the file with a line '---', then 'title:' and 'date:' lines, then '---'")
            return empty
        fence = "---" if is_yaml else "+++"
        try:
            _, raw, body = boundary.split(text, 2)
        except ValueError:
            empty.fail(1, f"front matter opened with {fence} is never closed; end it with a line {fence}")
            return empty
        # The body starts on the closing fence's line (its remainder is "\n").
        body_line = text[: len(text) - len(body)].count("\n") + 1
        entries = _yaml_entries(empty, raw) if is_yaml else _toml_entries(empty, raw)
        front = cls(rel, entries or {}, body, body_line)
        front.problems = empty.problems
        return front

    def fail(self, line: int | None, message: str) -> None:
        self.problems.append(error(self.rel, line, message))

    def line(self, key: str) -> int:
        return self.entries[key][0] if key in self.entries else 1

    def check_keys(self, allowed: set[str]) -> None:
        for key, (line, _) in self.entries.items():
            if key not in allowed:
                hint = difflib.get_close_matches(key, sorted(allowed), n=1)
                advice = f"did you mean {hint[0]!r}?" if hint else "put a site's own fields under 'extra:'"
                self.fail(line, f"unknown front matter key {key!r}; {advice}")

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

    def text_list(self, key: str) -> tuple[str, ...]:
        node = self._node(key)
        if node is None:
            return ()
        if isinstance(node, yaml.ScalarNode):
            # `tags: Ukraine, Belarus` is read as the two tags a writer meant.
            items = node.value.split(",")
        elif isinstance(node, yaml.SequenceNode) and all(isinstance(n, yaml.ScalarNode) for n in node.value):
            items = [n.value for n in node.value if n.tag != _NULL_TAG]
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
        if isinstance(node, yaml.ScalarNode) and node.tag == _BOOL_TAG:
            return node.value.lower() in ("true", "yes", "on", "y")
        self.fail(self.line(key), f"{key!r} must be true or false (unquoted), not {_describe(node)}")
        return False

    def moment(self, key: str, tz, *, required: bool = False, node: yaml.Node | None = None, line: int | None = None) -> datetime | None:
        node = node if node is not None else self._node(key)
        line = line or self.line(key)
        if node is None:
            if required:
                self.fail(line, f"{key!r} is required (e.g. {key}: 2024-05-31T14:30:00)")
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.fail(line, f"{key!r} must be a date such as 2024-05-31T14:30:00, not a {_shape(node)}")
            return None
        try:
            return parse_datetime(node.value, tz)
        except DateError as exc:
            self.fail(line, f"{key!r}: {exc}")
            return None

    def mapping(self, key: str) -> dict[str, Any]:
        node = self._node(key)
        if node is None:
            return {}
        if not isinstance(node, yaml.MappingNode):
            self.fail(self.line(key), f"{key!r} must be a mapping of names to values")
            return {}
        try:
            value = yaml.SafeLoader("").construct_document(node)
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
            line = item.start_mark.line + 1
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


def _yaml_entries(front: _FrontMatter, raw: str) -> dict[str, tuple[int, yaml.Node]] | None:
    try:
        root = yaml.compose(raw, Loader=_LOADER)
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
            front.fail(line, f"duplicate key {key!r} (first on line {entries[key][0]}); keep one")
            continue
        entries[key] = (line, value_node)
    return entries


def _toml_entries(front: _FrontMatter, raw: str) -> dict[str, tuple[int, yaml.Node]] | None:
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        front.fail(int(match.group(1)) if match else 1, f"front matter is not valid TOML: {exc}")
        return None
    lines = raw.split("\n")
    represent = yaml.SafeDumper("").represent_data
    entries = {}
    for key, value in data.items():
        line = next((n for n, text in enumerate(lines) if re.match(rf"\s*\[?\s*{re.escape(key)}\s*[=\]]", text)), 0)
        if isinstance(value, datetime):
            value = value.isoformat()
        entries[key] = (line + 1, represent(value))
    return entries


def _walk(node: yaml.Node):
    yield node
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            yield from _walk(child)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _walk(key)
            yield from _walk(value)


def _shape(node: yaml.Node) -> str:
    return {yaml.MappingNode: "mapping", yaml.SequenceNode: "list"}.get(type(node), "value")


def _describe(node: yaml.Node) -> str:
    return repr(node.value) if isinstance(node, yaml.ScalarNode) else f"a {_shape(node)}"


def _article(source: SourceFile, front: _FrontMatter, config: SiteConfig) -> Article | None:
    front.check_keys(ARTICLE_KEYS)
    tz = config.timezone
    title = front.text("title", required=True)
    date = front.moment("date", tz, required=True)
    updated = front.moment("updated", tz)
    if "author" in front.entries and "authors" in front.entries:
        front.fail(front.line("authors"), "use either 'author' or 'authors', not both")
    authors = front.text_list("authors") or front.text_list("author")

    folder = source.rel.split("/")[0] if "/" in source.rel else ""
    section = slugify(front.text("section") or folder) if (front.text("section") or folder) else ""
    if not section:
        front.fail(1, "no section: put the article in a section folder (content/world/…) or set 'section:'")

    kind = front.text("kind") or "news"
    if kind not in KINDS:
        front.fail(front.line("kind"), f"kind {kind!r} is not one of {', '.join(KINDS)}")
        kind = "news"

    slug = _slug(front, source.rel)
    summary = front.text("summary") or first_paragraph(front.body)
    image = _image(front, source.rel)
    corrections = front.corrections(tz)
    extra = front.mapping("extra")
    if front.problems or date is None:
        return None
    if updated is not None and updated < date:
        front.fail(front.line("updated"), "'updated' is earlier than 'date'")
        return None
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
        tags=tuple(map(sys.intern, front.text_list("tags"))),
        summary=summary,
        body_line=front.body_line,
        kind=kind,
        dateline=front.text("dateline"),
        time_known=":" in front.text("date"),
        updated_time_known=":" in front.text("updated"),
        image=image,
        draft=front.flag("draft"),
        featured=front.flag("featured"),
        paywall=front.flag("paywall"),
        corrections=corrections,
        extra=frozen(extra),
    )


def _slug(front: _FrontMatter, rel: str) -> str:
    given = front.text("slug")
    if given:
        # A slug is a name, never a path: "../x" and "a/b" become "x" and "a-b".
        return slugify(given)
    stem = posixpath.splitext(posixpath.basename(rel))[0]
    return slugify(_DATE_PREFIX.sub("", stem) or stem)


def _image(front: _FrontMatter, rel: str) -> Image | None:
    src = front.text("image")
    if not src:
        for key in ("image_alt", "image_caption", "image_credit"):
            if front.text(key):
                front.fail(front.line(key), f"{key!r} is set but 'image' is not")
        return None
    # Decoded first, as a browser would: %2e%2e is "..".
    url = resolve_content_link(unquote(src), rel)
    if url is None or (is_external(url) and not url.lower().startswith(("https://", "http://"))):
        front.fail(front.line("image"), f"image {src!r} is not a path inside content/ or an http(s) URL")
        return None
    return Image(url=url, alt=front.text("image_alt"), caption=front.text("image_caption"), credit=front.text("image_credit"))


def _page(source: SourceFile, front: _FrontMatter) -> Page | None:
    front.check_keys(PAGE_KEYS)
    title = front.text("title", required=True)
    stem = posixpath.splitext(source.rel.split("/", 1)[1])[0]
    given = front.text("slug")
    slug = slugify(given) if given else "/".join(slugify(part) for part in stem.split("/"))
    page = Page(
        source=source.rel,
        title=title,
        slug=slug,
        summary=front.text("summary") or first_paragraph(front.body),
        body=front.body,
        body_line=front.body_line,
        draft=front.flag("draft"),
        extra=frozen(front.mapping("extra")),
    )
    return None if front.problems else page


def _author(source: SourceFile, front: _FrontMatter) -> Author | None:
    front.check_keys(AUTHOR_KEYS)
    stem = posixpath.splitext(posixpath.basename(source.rel))[0]
    name = front.text("name") or stem.replace("-", " ").title()
    links = front.mapping("links")
    for label, url in list(links.items()):
        if not isinstance(url, str) or not is_safe_link(url):
            front.fail(front.line("links"), f"links: {label!r}: only http(s), mailto: and tel: links or site paths are allowed")
    author = Author(
        name=name,
        slug=slugify(front.text("slug") or stem),
        bio=front.body.strip(),
        role=front.text("role"),
        links=tuple((str(label), str(url)) for label, url in links.items()),
        source=source.rel,
    )
    return None if front.problems else author


_INLINE_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_INLINE_LINK = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]]*\]")
_TAG = re.compile(r"<[^>]*>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`|~~)(?=\S)(.+?)(?<=\S)\1")
_NOT_PROSE = re.compile(r"^(#|>|[-*+] |\d+[.)] |\||<|!\[|```|~~~|\[\^|    |\t|=+$|-+$|\{:)")


def first_paragraph(body: str) -> str:
    """The first prose paragraph of a Markdown body, as plain text."""
    for block in re.split(r"\n\s*\n", body.strip()):
        block = block.strip()
        if not block or _NOT_PROSE.match(block):
            continue
        text = _FOOTNOTE_REF.sub("", block[: SUMMARY_LIMIT * 8])  # no need to read a huge paragraph whole
        text = _INLINE_IMAGE.sub(r"\1", text)
        text = _INLINE_LINK.sub(r"\1", text)
        text = _EMPHASIS.sub(r"\2", text)
        text = " ".join(html.unescape(_TAG.sub("", text)).split())
        return _shorten(text, SUMMARY_LIMIT)
    return ""


def _shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word, marked with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    cut = cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut
    return cut.rstrip(" ,;:") + "…"
