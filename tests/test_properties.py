"""Property-based hardening: whatever front matter and Markdown a writer saves,
the build either gives well-formed output (HTML with balanced tags, XML that
parses, JSON-LD that parses) or fails with BuildFailed/ConfigError whose every
diagnostic names a content/ file. Never any other exception."""

from __future__ import annotations

import json
import tempfile
import traceback
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.build import build_site
from generator.config import load_config
from generator.content.model import BuildMode
from generator.errors import BuildFailed, ConfigError

from .conftest import DEFAULT_CONFIG, NOW, output_files
from .hardening_support import parse_tags
from .htmlcheck import check_page

SETTINGS = settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# ---- text ----------------------------------------------------------------------

MARKUP = ["<", ">", "&", "\"", "'", "</script>", "<!--", "-->", "]]>", "<![CDATA[", "&amp;", "&#0;", "&#x1F600;",
          "{{ x }}", "{% if %}", "${x}", "\\", "`", "*", "_", "#", "[", "]", "(", ")", "|", ":", "- ", "---", "+++",
          "\u2028", "\u2029", "\u200b", "\ufeff", "\u202e", "\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\t",
          "Ünïcödé", "日本語", "עברית", "🦆", "e\u0301", "<b>bold</b>", "<img src=x onerror=alert(1)>", "javascript:alert(1)"]

raw_text = st.lists(
    st.one_of(st.text(min_size=0, max_size=12), st.sampled_from(MARKUP)), min_size=0, max_size=6,
).map("".join)
single_line = raw_text.map(lambda t: t.replace("\n", " ").replace("\r", " "))


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar holding `text` exactly: printable characters
    as they are, everything else (controls, line and paragraph separators,
    BOMs) as escapes YAML reads back to the same character."""
    out = []
    for char in text:
        code = ord(char)
        if char in "\"\\":
            out.append("\\" + char)
        elif code < 0x20 or 0x7F <= code <= 0x9F or char in "\u2028\u2029\ufeff\ufffe\uffff" or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


# A value for a text key: usually a proper quoted string, sometimes text as it
# is (often not valid YAML at all), sometimes a value of the wrong type.
WRONG_TYPES = ["[a, b]", "{a: 1}", "42", "3.5", "true", "null", "~", "[]", "{}", "[[x]]", "!!binary aGVsbG8=",
               "&anchor x", "*alias", "|\n  block\n  text", ">\n  folded", "? complex\n: key", "- x\n- y"]
text_value = st.one_of(
    single_line.map(yaml_string),
    single_line.map(yaml_string),
    single_line,
    st.sampled_from(WRONG_TYPES),
)
list_value = st.one_of(
    st.lists(single_line, max_size=4).map(lambda items: "[" + ", ".join(yaml_string(i) for i in items) + "]"),
    st.lists(single_line, max_size=3).map(lambda items: "".join(f"\n  - {yaml_string(i)}" for i in items) or "[]"),
    text_value,
)
DATES = ["2022-12-09T10:00:00", "2022-12-09", "2022-12-12T17:59:59", "2022-12-12T18:00:00", "2022-12-12T18:00:01",
         "2022-03-27T02:30:00", "2022-10-30T02:30:00", "2020-02-29T12:00:00", "2022-02-29", "2022-13-01",
         "2022-12-32T10:00:00", "0001-01-01T00:00:00", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59-01:00",
         "9999-12-31T23:59:59", "2022-12-09T10:00:00+14:00", "2022-12-09T10:00:00-12:00", "2022-12-09T25:00:00",
         "2022-12-09 10:00", "2022-12-09T10:00:00.123456", "'2022-12-09'", "\"2022-12-09T10:00:00\"",
         "yesterday", "12/09/2022", "20221209", "1670580000", "", "[2022-12-09]", "{d: 2022-12-09}", "null", "true"]
date_value = st.one_of(
    st.sampled_from(DATES),
    st.datetimes(min_value=__import__("datetime").datetime(1900, 1, 1), max_value=__import__("datetime").datetime(2030, 12, 31))
    .map(lambda d: d.replace(microsecond=0).isoformat()),
)
flag_value = st.sampled_from(["true", "false", "yes", "no", "on", "off", "maybe", "1", "0", "[true]", "null"])
kind_value = st.sampled_from(["news", "opinion", "analysis", "feature", "bogus", "NEWS", "[news]"])
slug_value = st.one_of(text_value, st.sampled_from(["../escape", "a/b", ".", "..", "CON", "x" * 300, "ünï", ""]))
image_value = st.sampled_from(["https://example.com/a.jpg", "http://x/\"><script>", "/etc/passwd", "../../x.png",
                               "javascript:alert(1)", "images/missing.jpg", "data:image/png;base64,AAAA", "[a]"])
GOOD_CORRECTIONS = ["\n  - date: 2022-12-10T09:00:00\n    text: \"Fixed a <b>name</b> & a date\"", "\n  - date: 2022-12-10\n    text: x"]
corrections_value = st.sampled_from([
    *GOOD_CORRECTIONS,
    "\n  - text: no date",
    "[1, 2]",
    "oops",
    "\n  - date: nonsense\n    text: y",
])
extra_value = st.sampled_from(["{a: 1}", "{a: [1, 2], b: {c: x}}", "x", "[1]", "{\"</script>\": \"<!--\"}"])

OPTIONAL = {
    "summary": text_value, "dateline": text_value, "tags": list_value, "author": list_value, "authors": list_value,
    "section": text_value, "updated": date_value, "slug": slug_value, "draft": flag_value, "featured": flag_value,
    "paywall": flag_value, "kind": kind_value, "image": image_value, "image_alt": text_value,
    "image_caption": text_value, "image_credit": text_value, "corrections": corrections_value, "extra": extra_value,
    "unknown_key": text_value,
}


@st.composite
def front_matter(draw) -> str:
    lines = []
    if draw(st.integers(0, 9)) > 0:
        lines.append(("title", draw(text_value)))
    if draw(st.integers(0, 9)) > 0:
        lines.append(("date", draw(date_value)))
    for key in draw(st.lists(st.sampled_from(sorted(OPTIONAL)), unique=True, max_size=4)):
        lines.append((key, draw(OPTIONAL[key])))
    order = draw(st.permutations(range(len(lines))))
    return "".join(f"{lines[i][0]}: {lines[i][1]}\n" for i in order)


quoted = single_line.map(yaml_string)
GOOD_DATES = ["2022-12-09T10:00:00", "2022-12-09", "2022-12-12T17:59:59", "2022-03-27T02:30:00", "2022-10-30T02:30:00",
              "2020-02-29T12:00:00", "1970-01-01T00:00:00Z", "2022-12-09T10:00:00+14:00", "2022-12-09T10:00:00-12:00",
              "1900-01-01T00:00:00", "2022-12-09 10:00"]
GOOD_OPTIONAL = {
    "summary": quoted, "dateline": quoted, "image_alt": quoted, "image_caption": quoted, "image_credit": quoted,
    "tags": st.lists(single_line, max_size=4).map(lambda items: "[" + ", ".join(yaml_string(i) for i in items) + "]"),
    "authors": st.lists(single_line, max_size=3).map(lambda items: "[" + ", ".join(yaml_string(i) for i in items) + "]"),
    "section": st.sampled_from(["world", "business", "\"Culture & Arts\"", "\"Ünïcödé\""]),
    "updated": st.sampled_from(["2022-12-10T08:00:00", "2022-12-12T17:00:00"]),
    "slug": quoted, "draft": st.sampled_from(["false", "true"]), "featured": st.sampled_from(["true", "false"]),
    "paywall": st.sampled_from(["true", "false"]), "kind": st.sampled_from(["news", "opinion", "analysis"]),
    "image": st.sampled_from(["https://example.com/a.jpg", "https://example.com/a%20b.jpg?x=1&y=2"]),
    "corrections": st.sampled_from(GOOD_CORRECTIONS),
    "extra": st.sampled_from(["{a: 1}", "{\"</script>\": \"<!--\"}"]),
}


@st.composite
def good_front_matter(draw) -> str:
    title = draw(single_line.filter(lambda t: any(c.isalnum() for c in t)))
    lines = [("title", yaml_string(title)), ("date", draw(st.sampled_from(GOOD_DATES)))]
    for key in draw(st.lists(st.sampled_from(sorted(GOOD_OPTIONAL)), unique=True, max_size=8)):
        lines.append((key, draw(GOOD_OPTIONAL[key])))
    if any(k.startswith("image_") for k, _ in lines) and not any(k == "image" for k, _ in lines):
        lines.append(("image", draw(GOOD_OPTIONAL["image"])))  # image_alt without an image is rightly an error
    return "".join(f"{k}: {v}\n" for k, v in lines)



# ---- Markdown ------------------------------------------------------------------

# The body is the writer's own HTML, published as written (README): in the
# default mode only self-balanced raw HTML is generated, so any unbalanced tag
# in the output is newsgen's. Under safe_html = true anything goes: the
# sanitizer must give balanced markup whatever the writer typed.
BALANCED_HTML = ["<p>para</p>", "<script>alert(1)</script>", "<style>p{}</style>", "<br>", "<br/>", "<hr/>",
                 "<iframe src=\"https://example.com\"></iframe>", "<img src=\"a.png\" alt=\"a\">",
                 "<details><summary>s</summary>d</details>", "<a href=\"javascript:x\">x</a>",
                 "<div class=\"x\">block</div>", "<span title=\"&quot;&lt;\">s</span>", "<b><i>x</i></b>",
                 "<table><tr><td>x</td></tr></table>", "<!-- a comment -->", "<sup>1</sup>"]
UNBALANCED_HTML = ["<div>unclosed", "</div>", "<!-- comment", "<table><tr><td>x", "<b><i>mis</b></i>", "<textarea>",
                   "<math><mi>x</mi></math>", "<![CDATA[ x ]]>", "<?php echo 1; ?>", "<p", "<x-custom a=b>",
                   "<svg><circle/></svg>", "<A>", "</span></p>", "<script>", "<style>", "<title>x"]


def markdown_strategies(text, snippets):
    inline = st.one_of(
        text,
        st.builds(lambda t, u: f"[{t}]({u})", text, st.sampled_from(["https://example.com", "/world/", "#x", "javascript:alert(1)", "<>", "a b", "\"q\"", "../business/story-1.md"])),
        st.builds(lambda t: f"**{t}**", text),
        st.builds(lambda t: f"`{t}`", text),
        st.builds(lambda t: f"![{t}](img.png)", text),
        st.sampled_from(snippets),
    )
    paragraph = st.lists(inline, min_size=1, max_size=4).map(" ".join)
    block = st.one_of(
        paragraph,
        st.builds(lambda n, t: "#" * n + " " + t, st.integers(1, 7), text),
        st.lists(paragraph, min_size=1, max_size=4).map(lambda items: "\n".join(f"- {i}" for i in items)),
        st.lists(paragraph, min_size=1, max_size=4).map(lambda items: "\n".join(f"{n}. {i}" for n, i in enumerate(items, 1))),
        paragraph.map(lambda p: "> " + p),
        text.map(lambda t: f"```\n{t}\n```"),
        text.map(lambda t: f"```\n{t}"),  # never closed
        st.sampled_from(snippets),
        st.just("---"),
        st.just("| a | b |\n|---|---|\n| x | & |"),
        text.map(lambda t: f"Footnote[^1].\n\n[^1]: {t}"),
    )
    return st.lists(block, max_size=6).map(lambda blocks: "\n\n".join(blocks) + "\n")


# Text with no "<" in it: "<A>" in Markdown is raw HTML, published as written.
# (Nor NUL, which makes any file "not a text file", rightly.)
markup_free = single_line.map(lambda t: t.replace("<", "\u2039").replace("\x00", ""))
body = markdown_strategies(markup_free, BALANCED_HTML)
hostile_body = markdown_strategies(single_line.map(lambda t: t.replace("\x00", "")), BALANCED_HTML + UNBALANCED_HTML)


@st.composite
def source(draw, front=None, md=None, junk: bool = True) -> str:
    style = draw(st.integers(0, 19 if junk else 1))
    text = "---\n" + draw(front if front is not None else front_matter()) + "---\n" + draw(md if md is not None else body)
    if style == 0:
        text = text.replace("\n", "\r\n")
    elif style == 1:
        text = "\ufeff" + text
    elif style == 2:
        text = draw(raw_text) + text  # junk before the front matter
    return text


SECTIONS = ["world", "business", "culture"]
stories = st.lists(st.tuples(st.sampled_from(SECTIONS), source()), min_size=1, max_size=3)


# ---- checks --------------------------------------------------------------------

def check_output(output: Path) -> None:
    files = output_files(output)
    assert files, "a successful build wrote nothing"
    for rel in files:
        path = output / rel
        if rel.endswith(".html"):
            report = check_page(output, rel)
            assert not report.problems, f"{rel} has unbalanced tags: {report.problems}\n{path.read_text(encoding='utf-8')[:3000]}"
            for tag in parse_tags(path.read_text(encoding="utf-8")):
                if tag.name == "script" and tag.get("type") == "application/ld+json":
                    try:
                        json.loads(tag.data)
                    except ValueError as exc:
                        pytest.fail(f"{rel}: JSON-LD does not parse ({exc}): {tag.data[:2000]!r}")
        elif rel.endswith(".xml"):
            try:
                ET.parse(path)
            except ET.ParseError as exc:
                pytest.fail(f"{rel} is not well-formed XML ({exc}):\n{path.read_text(encoding='utf-8', errors='replace')[:3000]}")
        elif rel.endswith(".json"):
            json.loads(path.read_text(encoding="utf-8"))


def build_outcome(files: dict[str, str], config: str = DEFAULT_CONFIG):
    with tempfile.TemporaryDirectory(prefix="newsgen-prop-") as tmp:
        root = Path(tmp) / "site"
        (root / "content").mkdir(parents=True)
        (root / "site.toml").write_text(config, encoding="utf-8")
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8", "surrogatepass"))
        for section in SECTIONS:  # the images Markdown and raw HTML bodies show
            (root / "content" / section).mkdir(parents=True, exist_ok=True)
            (root / "content" / section / "img.png").write_bytes(PNG)
            (root / "content" / section / "a.png").write_bytes(PNG)
        output = Path(tmp) / "output"
        try:
            build_site(load_config(root, output_dir=output), BuildMode(now=NOW))
        except (BuildFailed, ConfigError) as exc:
            bad = [str(d) for d in exc.diagnostics if not d.path.startswith("content/") or not (root / d.path).is_file()]
            assert exc.diagnostics, f"{type(exc).__name__} without diagnostics: {exc}"
            assert not bad, f"diagnostics that name no content/ file: {bad}\nsources: {files!r}"
            return exc
        except Exception as exc:  # noqa: BLE001 - the point of the test
            pytest.fail(f"the build raised {type(exc).__name__} (a traceback) for sources {files!r}:\n{traceback.format_exc()}")
        check_output(output)
        return None


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082")
SAFE_CONFIG = DEFAULT_CONFIG + "safe_html = true\n"


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(SECTIONS), source(good_front_matter(), body, junk=False)), min_size=1, max_size=3))
# Found by CI: two bylines that give one slug (U+18CD6 has no slug letters).
@example([("world", '---\ntitle: "0"\ndate: 2022-12-09T10:00:00\nauthors: ["0", "0\U00018cd6"]\n---\n')])
def test_well_typed_stories_build_well_formed_output_or_fail_naming_content(items):
    files = {f"content/{section}/story-{n}.md": text for n, (section, text) in enumerate(items)}
    build_outcome(files)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(SECTIONS), source(front_matter(), body)), min_size=1, max_size=3))
def test_hostile_front_matter_builds_well_formed_output_or_fails_naming_content(items):
    files = {f"content/{section}/story-{n}.md": text for n, (section, text) in enumerate(items)}
    build_outcome(files)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(SECTIONS), source(good_front_matter(), hostile_body, junk=False)), min_size=1, max_size=2))
def test_any_body_under_safe_html_builds_well_formed_output(items):
    """safe_html = true: whatever HTML the writer typed, the pages are balanced."""
    files = {f"content/{section}/story-{n}.md": text for n, (section, text) in enumerate(items)}
    build_outcome(files, SAFE_CONFIG)


text_only = single_line


@SETTINGS
@given(text_only, text_only, st.lists(text_only, max_size=3), st.lists(text_only, max_size=2), text_only, body)
def test_quoted_text_fields_always_build(title, summary, tags, authors, dateline, md):
    """Every text field properly quoted as a YAML string: such a story is
    valid (empty text aside), so the build gives well-formed output — or
    fails naming the story when a required field ends up empty."""
    fm = (f"title: {yaml_string(title)}\ndate: 2022-12-09T10:00:00\nsummary: {yaml_string(summary)}\n"
          f"tags: [{', '.join(yaml_string(t) for t in tags)}]\nauthors: [{', '.join(yaml_string(a) for a in authors)}]\n"
          f"dateline: {yaml_string(dateline)}\n")
    result = build_outcome({"content/world/story.md": "---\n" + fm + "---\n" + md})
    if result is not None and title.strip(" \t\u200b") and any(c.isalnum() for c in title):
        # A title with letters in it is a fine title: any failure must be about something else in the file.
        assert all(d.path == "content/world/story.md" for d in result.diagnostics)
