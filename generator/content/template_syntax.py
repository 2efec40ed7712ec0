"""Template syntax of other generators left in a Markdown body.

A story moved from Jekyll or Hugo can still carry `{% include %}`,
`{{ site.baseurl }}` or `{{< youtube >}}`: newsgen does not run templates in
bodies, so the reader would see them as text. `find_template_syntax` finds
each one with its file line, for the build to warn about and for the
importers to count what they could not convert. Code (fenced and indented
blocks, inline spans, `<pre>` and `<code>` written in HTML) is text about templates and is left alone, as is the content of
`{% raw %}…{% endraw %}` (the two tags themselves are reported).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# The elements whose start tag at a line's start opens a raw HTML block in the build's Markdown.
from markdown.util import BLOCK_LEVEL_ELEMENTS

LIQUID_TAG = "Liquid tag"
LIQUID_OUTPUT = "Liquid output"
HUGO_SHORTCODE = "Hugo shortcode"
KINDS = (LIQUID_TAG, LIQUID_OUTPUT, HUGO_SHORTCODE)


@dataclass(frozen=True)
class TemplateSyntax:
    line: int  # line in the file (body line + the offset given)
    kind: str  # one of KINDS
    text: str  # as written


_SYNTAX = re.compile(
    r"(?P<shortcode>\{\{<.*?>\}\}|\{\{%.*?%\}\})"
    r"|(?P<tag>\{%-?.*?-?%\})"
    r"|(?P<output>\{\{.*?\}\})",
    re.DOTALL,
)
# What stands for no words of a summary: a Liquid tag ({% assign … %}) or a Hugo shortcode.
STATEMENT = re.compile(r"\{\{<.*?>\}\}|\{\{%.*?%\}\}|\{%-?.*?-?%\}", re.DOTALL)
_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
_HTML_CODE = re.compile(r"(<(pre|code|kbd|samp|var)\b[^>]*>)(.*?)(</\2\s*>)", re.DOTALL | re.IGNORECASE)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_RAW = re.compile(r"(\{%-?\s*raw\s*-?%\})(.*?)(\{%-?\s*endraw\s*-?%\})", re.DOTALL)


def blank(text: str) -> str:
    """The same length and line breaks, nothing that looks like syntax."""
    return re.sub(r"[^\n]", " ", text)


def mask_code(body: str) -> str:
    """`body` with fenced and indented code blocks and inline code spans
    blanked out (same length, same line breaks), so that offsets still match."""
    out: list[str] = []
    prose: list[str] = []
    fence: str | None = None
    indented = _IndentedCode()
    raw_html = _RawHtmlBlock()
    for line in body.splitlines(keepends=True):
        if fence is None:
            match = _FENCE.match(line)
            if match:
                out.append(_mask_spans("".join(prose)))
                prose = []
                fence = match["fence"]
                out.append(blank(line))
            elif raw_html.holds(line):
                indented.after_blank = indented.in_code = False  # (its indented lines are HTML's, and so is the next line's margin)
                prose.append(line)
            elif indented.holds(line):
                out.append(_mask_spans("".join(prose)))
                prose = []
                out.append(blank(line))
            else:
                prose.append(line)
        else:
            stripped = line.strip()
            if stripped.startswith(fence[0] * len(fence)) and set(stripped) == {fence[0]}:
                fence = None
            out.append(blank(line))
    out.append(_mask_spans("".join(prose)))
    return "".join(out)


_BLOCK_START = re.compile(r" {0,3}<(?P<name>[A-Za-z][A-Za-z0-9]*)(?P<attributes>(?:\s[^>]*)?)(?P<end>/?>|\s*$)")


class _RawHtmlBlock:
    """Tells the lines of raw HTML blocks as Python-Markdown, the build's,
    finds them: from a block-level element's start tag at a line's start
    to its end tag, blank lines and all, as kramdown read them too. Its
    indented lines are HTML, not code (cordova-docs' artwork.html shows
    its images in a <div> after a blank line). An element md_in_html reads
    (markdown="1") holds Markdown; a void one (<hr>) is its line alone."""

    def __init__(self) -> None:
        self.name: str | None = None
        self.depth = 0

    def holds(self, line: str) -> bool:
        if self.name is None:
            start = _BLOCK_START.match(line)
            if (start is None or start["name"].lower() not in BLOCK_LEVEL_ELEMENTS
                    or re.search(r"\bmarkdown\s*=", start["attributes"], re.IGNORECASE)):
                return False
            if start["name"].lower() == "hr" or start["end"] == "/>":
                return True
            self.name, self.depth = start["name"].lower(), 0
        opened = len(re.findall(rf"<{self.name}(?=[\s/>]|$)", line, re.IGNORECASE))
        closed = len(re.findall(rf"</{self.name}\s*>", line, re.IGNORECASE))
        self.depth += opened - closed
        if self.depth <= 0:
            self.name = None
        return True


class _IndentedCode:
    """Tells the lines of indented code blocks, line by line: indented four
    columns past the margin (past a list item's, in a list), after a blank
    line or more code (a Pelican tutorial's `{{ var }}` is code, not a
    template the writer forgot)."""

    LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]")

    def __init__(self) -> None:
        self.after_blank, self.in_code, self.in_list = True, False, False

    def holds(self, line: str) -> bool:
        if not line.strip():
            self.after_blank = True
            return self.in_code
        expanded = line.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip(" "))
        if indent < 4:
            self.in_list = bool(self.LIST_ITEM.match(expanded)) or (self.in_list and not self.after_blank)
        self.in_code = indent >= (8 if self.in_list else 4) and (self.after_blank or self.in_code)
        self.after_blank = False
        return self.in_code


_RST_CODE_DIRECTIVE = re.compile(r" *\.\. +(?:code-block|code|sourcecode)::")


def mask_rst_literals(body: str) -> str:
    """`body`, reStructuredText, with its literal blocks (the indented lines
    after a line ending "::", or a code directive's: `.. code-block:: jinja`) and its
    inline literals (``x``) blanked out, as mask_code does for Markdown."""
    out: list[str] = []
    literal_under: int | None = None  # the indentation the block's lines are deeper than
    for line in body.splitlines(keepends=True):
        indent = len(line) - len(line.lstrip(" "))
        if literal_under is not None and (not line.strip() or indent > literal_under):
            out.append(blank(line))
            continue
        literal_under = indent if line.rstrip().endswith("::") or _RST_CODE_DIRECTIVE.match(line) else None
        out.append(re.sub(r"``.+?``", lambda found: blank(found[0]), line))
    return "".join(out)


def _mask_spans(text: str) -> str:
    """Code spans, and code written in HTML (a WordPress post's <pre> of Jinja), blanked out."""
    if "<" in text:
        text = _HTML_CODE.sub(lambda m: m[1] + blank(m[3]) + m[4], text)
    if "`" not in text:
        return text
    return _CODE_SPAN.sub(lambda m: m[1] + blank(m[2]) + m[1], text)


def in_code_span(text: str, position: int) -> bool:
    """Is `position` inside one of the text's code spans (as _mask_spans finds them)?"""
    for span in _CODE_SPAN.finditer(text):
        if span.start() >= position:
            return False
        if position < span.end():
            return True
    return False


def mask_raw(text: str) -> str:
    """The content of `{% raw %}…{% endraw %}` blanked out, the tags kept."""
    if "raw" not in text:
        return text
    return _RAW.sub(lambda m: m[1] + blank(m[2]) + m[3], text)


def find_template_syntax(body: str, first_line: int = 1, rst: bool = False) -> list[TemplateSyntax]:
    """Every Liquid tag, Liquid output and Hugo shortcode in `body` outside
    code, in order; lines counted from `first_line` (the body's first line in
    its file). `rst`: the body is reStructuredText, not Markdown."""
    if "{" not in body:
        return []
    masked = mask_raw(mask_rst_literals(body) if rst else mask_code(body))
    found: list[TemplateSyntax] = []
    line, counted_to = first_line, 0
    for match in _SYNTAX.finditer(masked):
        line += masked.count("\n", counted_to, match.start())
        counted_to = match.start()
        kind = HUGO_SHORTCODE if match["shortcode"] else LIQUID_TAG if match["tag"] else LIQUID_OUTPUT
        found.append(TemplateSyntax(line, kind, body[match.start():match.end()]))
    return found


def summarise(found: list[TemplateSyntax]) -> dict[str, int]:
    """How many of each kind."""
    return dict(Counter(item.kind for item in found))
