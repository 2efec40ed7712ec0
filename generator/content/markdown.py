"""Markdown → HTML with the extensions a newsroom needs, and links resolved.

Links are rewritten inside the Markdown element tree, not with a regex over
the HTML: a link to another content file (`../world/x.md`) becomes that
story's final URL, relative to the page being rendered, and a link to a file
that does not exist is reported with the source file's name.
"""

from __future__ import annotations

import html
import re
import string
import unicodedata
import xml.etree.ElementTree as etree
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import unquote

import markdown
from markdown.blockprocessors import CodeBlockProcessor, HashHeaderProcessor
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.md_in_html import MarkdownInHtmlExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.smarty import SmartyExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension, remove_fnrefs, render_inner_html, strip_tags
from markdown.inlinepatterns import InlineProcessor as NewStylePattern
from markdown.inlinepatterns import (EscapeInlineProcessor, HtmlInlineProcessor, ImageReferenceInlineProcessor, ReferenceInlineProcessor,
                                     ShortImageReferenceInlineProcessor, ShortReferenceInlineProcessor, SimpleTagInlineProcessor,
                                     SubstituteTagInlineProcessor)
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import InlineProcessor, Treeprocessor
from markdown.util import ETX, HTML_PLACEHOLDER_RE, INLINE_PLACEHOLDER_RE, STX, AtomicString

from ..config import MarkdownSettings
from ..sitepaths import SOURCE_SUFFIXES, can_run_script, is_external, is_safe_link, resolve_content_link, template_link
from ..starttags import START_TAG, attributes
from .template_syntax import blank, in_code_span

# What the cache keys rendered bodies by: change it with the configuration.
MARKDOWN_SIGNATURE = "extra toc(heading_id/2) smarty(angled) sane_lists footnotes(ids) links/5 raw-links/4 stray-charrefs/1 figures/1 attr-lists-not-templates/1 email-autolinks/1 heading-attributes-below/2 pelican-links/1 rst/1 commonmark-fences/2 commonmark-list-indents/2 task-lists/1 strikethrough/1 backslash-breaks/1 kramdown-extensions/1 raw-code-elements/1 attr-lists-end-at-their-brace/1 urls-encoded/1 html-tags-first/1 settings(heading_ids smart_punctuation indented_code syntax)/2 kramdown-block-ials/1 heading-ids-hugo/1 heading-ids-blackfriday/1 commonmark-atx-headings/1 code-label-references/1 escapes-ascii-punctuation/1 code-tabs/1 quotes-in-list-items/1 escaped-less-than/1 focusable-code/1 markdown-attributes-by-name/1 raw-html-escaped-less-than/1 code-tabs-in-spans-and-raw-pre/1"


def heading_id(text: str, separator: str = "-") -> str:
    """A heading's id as GitHub, Hugo (goldmark's "github" ids) and
    kramdown's GFM make it, whose links a moved story keeps: letters,
    digits, "_" and "-" kept, combining marks too (Hindi's and Bengali's
    vowel signs: "না বলতে শেখা" was "ন-বলত-শখ", which no link names),
    the rest dropped, each space one `separator`, none run together
    ("Python 2 & 3" is python-2--3, scala-lang's table of contents' link).
    An emoji's variation selector is no mark of a letter: dropped."""
    kept = "".join(char for char in text.strip() if char.isalnum() or char in "_-" or char.isspace()
                   or (unicodedata.category(char)[0] == "M" and not _VARIATION_SELECTOR.match(char)))
    return re.sub(r"\s", separator, kept.lower())


_VARIATION_SELECTOR = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")


def hugo_heading_id(source: str) -> str:
    """A heading's id as Hugo makes it (goldmark's parser hands its
    "github" ids the heading's Markdown line, markup/goldmark/autoid.go):
    of that line, letters, digits and "_" kept, lowercased, "-" and each
    space a "-", the rest dropped; so a footnote's number and a link's URL
    stay (`Files[^3]` is files3, `[rappdirs](https://x.org/r)` rappdirshttpsxorgr)."""
    return "".join("-" if char in "- " else char.lower() if char == "_" or unicodedata.category(char)[0] == "L"
                   or unicodedata.category(char) == "Nd" else "" for char in source.strip())


def blackfriday_heading_id(source: str) -> str:
    """A heading's id as Hugo made it before 0.60, with Blackfriday
    (its SanitizedAnchorName, of the heading's Markdown line): letters and
    digits kept, lowercased, every other run of characters one "-", none at
    either end (`2.1.2. Enable DRA(Dynamic Resource Allocation)` is
    2-1-2-enable-dra-dynamic-resource-allocation)."""
    kept = "".join(char.lower() if unicodedata.category(char)[0] in "LN" else " " for char in source)
    return "-".join(kept.split())


# Raw HTML a preprocessor stashed (Python-Markdown's placeholder), and a heading's trailing {attribute list}, not Hugo's id.
_STASHED = re.compile("\x02[^\x03]*\x03")
_TRAILING_ATTRIBUTES = re.compile(r"[ \t]*\{[^{}]*\}[ \t]*$")
_HEADING_SOURCE = "data-newsgen-heading-source"


class _HeadingSources(Treeprocessor):
    """heading_ids = "hugo" or "blackfriday": each heading's Markdown, as its block gives it,
    kept for _HeadingIds; before "inline" (20), which makes it elements."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if isinstance(element.tag, str) and _HEADING_TAG.match(element.tag) and "id" not in element.attrib:
                element.set(_HEADING_SOURCE, _TRAILING_ATTRIBUTES.sub("", _STASHED.sub("", element.text or "")))


class _HeadingIds(Treeprocessor):
    """Each heading without an id of its own gets heading_id's, a second
    one alike numbered as GitHub and goldmark number it (faq, faq-1, faq-2;
    Python-Markdown's toc made faq_1). Before toc, which keeps ids found.
    With heading_ids = "hugo", hugo_heading_id's of its Markdown, with
    "blackfriday" blackfriday_heading_id's (Blackfriday numbered a second one
    alike so too: its ensureUniqueHeaderID)."""

    def __init__(self, md: markdown.Markdown, of_source: Callable[[str], str] = hugo_heading_id) -> None:
        super().__init__(md)
        self.of_source = of_source

    def run(self, root: etree.Element) -> None:
        taken = {element.get("id") for element in root.iter() if element.get("id")}
        for element in root.iter():
            source = element.attrib.pop(_HEADING_SOURCE, None) if isinstance(element.tag, str) else None
            if isinstance(element.tag, str) and _HEADING_TAG.match(element.tag) and "id" not in element.attrib:
                base = (self.of_source(source) if source is not None else
                        heading_id(html.unescape(strip_tags(render_inner_html(remove_fnrefs(element), self.md)))))
                found, count = base, 0
                while found in taken or not found:
                    count += 1
                    found = f"{base}-{count}" if base else f"section-{count}"
                taken.add(found)
                element.set("id", found)


_HEADING_TAG = re.compile(r"[Hh][1-6]$")


def _extensions(settings: MarkdownSettings) -> list[Extension]:
    """extra, toc, smarty, sane_lists and footnotes, in that order, made
    here: named as text, Python-Markdown looks each name up among every
    installed package's entry points first (25 ms of each process).
    smarty only with the site's smart_punctuation."""
    return [
        # "extra" is these, in its order.
        FencedCodeExtension(), FootnoteExtension(), AttrListExtension(), DefListExtension(), TableExtension(), AbbrExtension(),
        MarkdownInHtmlExtension(),
        # GitHub's ids keep non-Latin headings readable instead of dropping them;
        # Python-Markdown's own are a Pelican site's, which its old links name.
        TocExtension(slugify=heading_id) if settings.heading_ids != "python-markdown" else TocExtension(),
        *([SmartyExtension(smart_angled_quotes=True)] if settings.smart_punctuation else []),
        SaneListExtension(),
        FootnoteExtension(UNIQUE_IDS=False),
    ]


class _IndentedProse(CodeBlockProcessor):
    """indented_code off, as Eleventy 2 and later read Markdown (markdown-it
    with its "code" rule disabled): a block indented four spaces is a
    paragraph, its lines' indentation dropped, its Markdown read (zachleat's
    posts' indented prose, with `code` spans in it). A fence in a list item
    stays code (_CommonMarkFences makes its block itself). The
    paragraph goes on to the first line that opens a block of its own
    (a list item, a heading, a quote, a fence), as in CommonMark."""

    INTERRUPTS = re.compile(r"^ {0,3}(?:[-*+][ \t]|\d{1,9}[.)][ \t]|#{1,6}(?:[ \t]|$)|>|```|~~~)")

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        lines = blocks[0].split("\n")
        end = next((number for number in range(1, len(lines)) if self.INTERRUPTS.match(lines[number])), len(lines))
        blocks[0:1] = ["\n".join(line.lstrip() for line in lines[:end]), *(["\n".join(lines[end:])] if end < len(lines) else [])]
        return self.parser.blockprocessors["paragraph"].run(parent, blocks)


class UnresolvedLink(Exception):
    """Raised by a LinkContext's resolver for a file that is not published:
    `missing` when no such file exists (rather than a draft, say)."""

    def __init__(self, message: str, *, missing: bool = False):
        super().__init__(message)
        self.missing = missing


@dataclass(frozen=True)
class ImageMarkup:
    """A raster image's responsive sources (images.py makes them), with
    links relative to the page showing it."""

    src: str  # for browsers without srcset
    width: int  # of the widest variant: the image's shape, so no layout shift
    height: int
    srcset: str  # the image's own format
    webp_srcset: str = ""  # the same widths in WebP, when the site makes them


# How much of the reader's screen a story's image takes: the text column,
# or the whole width on a phone. The theme's stylesheet sets that column.
BODY_IMAGE_SIZES = "(min-width: 48rem) 45rem, 100vw"


@dataclass
class LinkContext:
    """What the link rewriter needs for one document."""

    source: str  # path under content/ of the file being rendered
    # source path under content/ → site URL; raises UnresolvedLink
    resolve_source: Callable[[str], str]
    asset_exists: Callable[[str], bool]  # is this site path a file that will be published?
    make_relative: Callable[[str], str]  # site URL → link from the page being rendered
    problems: list[str] = field(default_factory=list)
    linked_sources: set[str] = field(default_factory=set)
    # Not the writer's own body (an author's bio): links with a scheme that
    # can run code are dropped.
    safe: bool = False
    # site path of a published image → its responsive sources, when processed
    image_markup: Callable[[str], ImageMarkup | None] = lambda path: None
    resolved_image: str | None = None  # the site path the image just rewritten names
    problem_targets: list[str] = field(default_factory=list)  # the link each problem is about, as written: for its line

    def problem(self, target: str, message: str) -> None:
        self.problems.append(message)
        self.problem_targets.append(target)


# What a URL may not hold as written (the URL standard's invalid characters,
# the HTML checker's "Illegal character in path segment"): a space, quotes,
# angle brackets, `\`, `^`, backtick, braces, `|`, controls. CommonMark
# percent-encodes them in a link's address (`[a](<https://x.org/a b>)` is
# href="https://x.org/a%20b"); an escape already written stays as it is.
_NOT_IN_URL = re.compile(r'[\x00-\x20"<>\\^`{|}\x7f]')


def _url_as_written(url: str) -> str:
    return _NOT_IN_URL.sub(lambda match: f"%{ord(match[0]):02X}", url)


class _LinkRewriter(Treeprocessor):
    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.context: LinkContext | None = None

    def run(self, root):
        context = self.context
        if context is None:
            return None
        pictures = []
        for element in root.iter():
            attribute = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            if attribute and element.get(attribute) is not None:
                # Made by Markdown's own syntax (raw HTML is still stashed away
                # here): never a link that runs script, whoever wrote it.
                target = element.get(attribute)
                if markdown.util.AMP_SUBSTITUTE in target:
                    # An email autolink, <desk@example.org>: Markdown hides its
                    # mailto: from harvesters as character references, written
                    # with this placeholder for "&". Read as the browser will.
                    target = html.unescape(target.replace(markdown.util.AMP_SUBSTITUTE, "&"))
                if can_run_script(target, image=element.tag == "img"):
                    _as_text(element)
                    continue
                new = self._rewrite(target, element.tag == "img", context)
                written = new if new is not None else target
                if template_link(written) is not None:  # (another generator's template is shown as written, and warned of)
                    written = _url_as_written(written)
                if written != element.get(attribute):
                    element.set(attribute, written)
                if element.tag == "img" and context.resolved_image is not None:
                    found = context.image_markup(context.resolved_image)
                    context.resolved_image = None
                    if found is not None:
                        pictures.append((element, found))
        _figures(root)
        if pictures:
            parents = {child: parent for parent in root.iter() for child in parent}
            for element, found in pictures:
                _responsive(element, parents[element], found)
        return None

    @staticmethod
    def _rewrite(target: str, is_image: bool, context: LinkContext) -> str | None:
        if context.safe and not is_safe_link(target):
            return "#"
        plain = template_link(target)
        if plain is None:
            return None  # another generator's template: shown as written, and the build warns of it
        rewritten = _LinkRewriter._resolve(plain, is_image, context)
        return rewritten if rewritten is not None or plain == target else plain

    @staticmethod
    def _resolve(target: str, is_image: bool, context: LinkContext) -> str | None:
        if not target or target.startswith("#") or is_external(target):
            return None
        path, hashmark, fragment = target.partition("#")
        path, question, query = path.partition("?")
        resolved = resolve_content_link(unquote(path), context.source)
        if resolved is None:
            context.problem(target, f"the link {target!r} leaves the site; link inside content/ or give a full URL")
            return None
        suffix = (question + query) + (hashmark + fragment)
        if resolved.lower().endswith(SOURCE_SUFFIXES):
            url = _LinkRewriter._source_url(resolved.lstrip("/"), path, target, context)
            return None if url is None else context.make_relative(url) + suffix
        if is_image and not context.asset_exists(resolved):
            return context.make_relative(resolved) + suffix  # published as written: the link check warns of it
        if is_image and not suffix:
            context.resolved_image = resolved
        return context.make_relative(resolved) + suffix


    @staticmethod
    def _source_url(source: str, written: str, target: str, context: LinkContext) -> str | None:
        """The URL of the content file a link names. A relative link to a
        file that is not there is looked up from content/ too, as Hugo looks
        up a page (`communities/video.md` written in a story two folders down)."""
        try:
            url = context.resolve_source(source)
        except UnresolvedLink as exc:
            found = None
            if exc.missing and not written.startswith("/"):
                rooted = resolve_content_link("/" + unquote(written), "")
                found = rooted.lstrip("/") if rooted else None
            try:
                url = context.resolve_source(found) if found else None
            except UnresolvedLink:
                url = None
            # Linked both: should the file it names appear, the link must follow it.
            context.linked_sources.update(filter(None, (source, found)))
            if url is None:
                # As Hugo, Jekyll and Pelican publish it: the story is not
                # held back for one stale link. The link leads where the
                # file is under content/, and the link check warns of it
                # with every build while nothing is published there (an
                # error under --strict).
                return "/" + source
        context.linked_sources.add(source)
        return url


# "| Credit:", "| Photo:", … in an image's title: where its credit starts.
CREDIT_MARK = re.compile(r"\s*\|\s*(?=(?:credit|photo|photograph|image|illustration|graphic|map|video)\s*:)", re.IGNORECASE)


def _figures(root) -> None:
    """An image alone in its paragraph with a title, `![alt](photo.jpg
    "Caption | Credit: Jane Roe/Agency")`, is a figure: the title its
    caption, "Credit: …" (or "Photo: …", "Illustration: …") after a "|"
    its credit, shown as written."""
    for paragraph in root.iter("p"):
        children = list(paragraph)
        if len(children) != 1 or children[0].tag != "img" or (paragraph.text or "").strip() or (children[0].tail or "").strip():
            continue
        image = children[0]
        title = image.get("title")
        if not title:
            continue
        del image.attrib["title"]  # the caption says it: no tooltip repeating it
        mark = CREDIT_MARK.search(title)
        caption, credit = (title[:mark.start()].strip(), title[mark.end():].strip()) if mark else (title.strip(), "")
        paragraph.tag = "figure"
        paragraph.text = image.tail = None
        figcaption = etree.SubElement(paragraph, "figcaption")
        if caption:
            etree.SubElement(figcaption, "span", {"class": "caption"}).text = caption
            figcaption[-1].tail = " " if credit else None
        if credit:
            etree.SubElement(figcaption, "span", {"class": "credit"}).text = credit


def _responsive(image, parent, found: ImageMarkup) -> None:
    """The image in every width, in a <picture> offering WebP first where it is made."""
    image.set("src", found.src)
    image.set("srcset", found.srcset)
    image.set("sizes", BODY_IMAGE_SIZES)
    image.set("width", str(found.width))
    image.set("height", str(found.height))
    image.set("loading", "lazy")
    image.set("decoding", "async")
    if found.webp_srcset:
        picture = etree.Element("picture")
        picture.tail, image.tail = image.tail, None
        parent.insert(list(parent).index(image), picture)
        parent.remove(image)
        etree.SubElement(picture, "source", {"type": "image/webp", "srcset": found.webp_srcset, "sizes": BODY_IMAGE_SIZES})
        picture.append(image)


def _as_text(element) -> None:
    """A link as its text, an image as its alternative text."""
    if element.tag == "img":
        element.text = element.get("alt", "")
    element.tag = "span"
    element.attrib.clear()


# A Markdown link's or image's target, an autolink, or a reference
# definition's target (not a footnote's text, `[^1]: `): where a link that runs script would be written.
_WRITTEN_LINK = re.compile(r"""\]\(\s*<?(?P<inline>[^)>\n]+)|^ {0,3}\[(?!\^)[^\]]+\]:\s*<?(?P<reference>\S+?)>?(?:\s|$)|<(?P<auto>[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>]*)>""", re.MULTILINE)
_CODE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1|`[^`\n]+`", re.MULTILINE | re.DOTALL)


def find_script_links(text: str, first_line: int) -> list[tuple[int, str]]:
    """(line, target) of each link or image written in Markdown syntax that
    would run script (shown as text when rendered), outside code."""
    # Code blanked out, its newlines kept, so that lines still count.
    visible = _CODE.sub(lambda match: blank(match.group(0)), text)
    found = []
    for match in _WRITTEN_LINK.finditer(visible):
        target = match["inline"] or match["reference"] or match["auto"]
        before = visible[max(0, match.start() - 300):match.start()]
        image = match["inline"] is not None and "![" in before[before.rfind("\n") + 1:]
        if can_run_script(target, image=image):
            found.append((first_line + visible.count("\n", 0, match.start()), target))
    return found


# src="…" and href="…" in the writer's raw HTML (Jekyll and WordPress bodies
# are full of <img src="/images/…">): quoted values only, as HTML writes them.
# Each attribute of a tag that holds a URL: src and href, a video's poster, a quote's cite, and
# the data-…src of lazy-loading and image-swapping scripts (Pelican resolves {filename} in each).
_RAW_LINK_NAME = re.compile(r"(?:src|href|poster|cite|data-[\w-]*(?:src|href))", re.IGNORECASE)
_RAW_LINK_VALUE = re.compile(r"""(?P<quote>["'])(?P<target>[^"'<>]*)(?P=quote)""")
_LINK_ATTRIBUTES = ("src", "href", "poster", "cite")
_HTML_SPACE = " \t\n\f\r"  # ASCII whitespace, as the HTML standard counts it


class _RawHtmlLinkRewriter(Treeprocessor):
    """Links in raw HTML follow Markdown's: a site path or a path relative to
    the story's file becomes a link from the page (under the site's sub-path
    too), a link to a story its URL. Unlike a Markdown image, an image in raw
    HTML that is not in content/ is not an error: migrated archives are full
    of them, hosted beside the old site. Raw HTML is still in
    Python-Markdown's stash at this point, as written. Its tags are read as
    HTML reads them (starttags): an alt text holding "<input>" hid the src
    after it, left a site path under a sub-path's site."""

    def __init__(self, md: markdown.Markdown, links: _LinkRewriter):
        super().__init__(md)
        self.links = links

    def run(self, root):
        context = self.links.context
        stash = self.md.htmlStash.rawHtmlBlocks
        if context is None or not stash:
            return None
        for index, block in enumerate(stash):
            if isinstance(block, str) and any(name in block for name in _LINK_ATTRIBUTES):
                stash[index] = START_TAG.sub(lambda tag: self._tag_rewritten(tag[0], context), block)
        return None

    @classmethod
    def _tag_rewritten(cls, tag: str, context: LinkContext) -> str:
        pieces, done = [], 0
        for attribute in attributes(tag):
            value = attribute["value"]
            if value is None or not _RAW_LINK_NAME.fullmatch(attribute["name"]):
                continue
            quoted = _RAW_LINK_VALUE.fullmatch(value)
            new = cls._rewritten(quoted, context) if quoted else None
            if new is not None:
                pieces += [tag[done:attribute.start("value")], new]
                done = attribute.end("value")
        return "".join([*pieces, tag[done:]]) if pieces else tag

    @staticmethod
    def _rewritten(value: re.Match, context: LinkContext) -> str | None:
        # A URL "potentially surrounded by spaces" (HTML's words): browsers drop them, so does the link's reading here.
        target = html.unescape(value["target"]).strip(_HTML_SPACE)
        new = _LinkRewriter._rewrite(target, False, context)
        if new is None:
            return None
        return f"{value['quote']}{html.escape(new, quote=True)}{value['quote']}"


class _TaskListItems(Treeprocessor):
    """A list item opening with "[ ] " or "[x] " is a task, a checkbox
    before its text, as GitHub and Hugo's goldmark show it (Python-Markdown
    showed the brackets). The box is disabled, and its text is its label:
    a reader of the page, or a screen reader, cannot tick it, but hears it."""

    MARK = re.compile(r"\[([ xX])\][ \t]+")
    BLOCKS = frozenset({"ul", "ol", "p", "div", "pre", "blockquote", "table", "dl"})

    def run(self, root: etree.Element) -> None:
        for item in root.iter("li"):
            holder = item[0] if len(item) and item[0].tag == "p" and not (item.text or "").strip() else item
            found = self.MARK.match(holder.text or "")
            if found is None:
                continue
            label = etree.Element("label")
            box = etree.SubElement(label, "input", {"type": "checkbox", "disabled": "disabled"})
            if found[1] != " ":
                box.set("checked", "checked")
            box.tail = " " + holder.text[found.end():]
            holder.text = None
            while len(holder) and holder[0].tag not in self.BLOCKS:
                inline = holder[0]
                holder.remove(inline)
                label.append(inline)
            holder.insert(0, label)
            item.set("class", " ".join(filter(None, [item.get("class"), "task"])))


class _LinkExtension(Extension):
    def __init__(self, settings: MarkdownSettings) -> None:
        super().__init__()
        self.settings = settings

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After "inline" (20), which creates the <a> and <img> elements.
        links = _LinkRewriter(md)
        md.treeprocessors.register(links, "newsgen_links", 5)
        md.treeprocessors.register(_RawHtmlLinkRewriter(md, links), "newsgen_raw_links", 4)
        md.treeprocessors.register(_TaskListItems(md), "newsgen_task_lists", 19)  # after "inline" (20): the item's text is text
        if self.settings.heading_ids != "python-markdown":  # else toc makes them, as Python-Markdown does
            of_source = blackfriday_heading_id if self.settings.heading_ids == "blackfriday" else hugo_heading_id
            md.treeprocessors.register(_HeadingIds(md, of_source), "newsgen_heading_ids", 5.5)  # before toc (5), which keeps the ids it finds
        if self.settings.heading_ids in ("hugo", "blackfriday"):
            md.treeprocessors.register(_HeadingSources(md), "newsgen_heading_sources", 20.5)  # before "inline" (20)


# "&#" that does not start a character reference, as html.parser reads one.
_STRAY_CHARREF = re.compile(r"&#(?!(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F])")
# What it is while raw HTML blocks are found: html.parser reads "&" then a
# control character (one that parse removes from every source) as text.
_HIDDEN_CHARREF = "&\x02#"


class _HideStrayCharrefs(Preprocessor):
    """Python-Markdown finds raw HTML blocks with html.parser, which stops at
    an "&#" that starts no character reference ("`&#`" in a code span, "R&#D")
    and hands the rest of the document over as text: every later <div> or
    <figure> is then wrapped in a <p>, and a "</p>" can come out as "p&gt;".
    Hidden from that one step, such "&#" are back before any other."""

    def run(self, lines: list[str]) -> list[str]:
        return [_STRAY_CHARREF.sub(_HIDDEN_CHARREF, line) if "&#" in line else line for line in lines]


class _ShowStrayCharrefs(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return [line.replace(_HIDDEN_CHARREF, "&#") if _HIDDEN_CHARREF in line else line for line in lines]


class _EscapeStrayCharrefsInRawHtml(Postprocessor):
    """What stayed hidden was inside a raw HTML block: written as "&amp;#",
    which a browser shows as the "&#" it would have shown."""

    def run(self, text: str) -> str:
        return text.replace(_HIDDEN_CHARREF, "&amp;#") if _HIDDEN_CHARREF in text else text


# A start tag, read as HTML reads it (starttags), or a comment, whose text is no tag's.
_TAG_OR_COMMENT = re.compile(rf"<!--.*?(?:-->|\Z)|{START_TAG.pattern}", re.DOTALL)


def _without_markdown_attributes(tag: str) -> str:
    """`tag` without its attributes named markdown (md_in_html's, which no
    HTML element has), each with the white space before it; the others,
    values and all, as written."""
    kept, position = [], 0
    for found in attributes(tag):
        if found["name"].lower() == "markdown":
            start = found.start("name")
            while start > found.start() and tag[start - 1].isspace():
                start -= 1
            kept.append(tag[position:start])
            position = found.end()
    return "".join(kept) + tag[position:] if kept else tag


class _DropMarkdownAttributes(Postprocessor):
    """md_in_html reads markdown="1" only on an element it parses, not on one
    inside raw HTML (`<div>` around `<div markdown="1">`, which kramdown
    reads): there the attribute stayed in the page, where the Nu checker
    says it is not allowed on a <div>. It is taken out of each raw HTML
    block before they are put back; the content stays as written. Each
    start tag is read as HTML reads it (starttags, one pass, possessive):
    only an attribute named markdown goes, never the word in another's
    value (`title="set markdown=1 on it"`), and a tag with a long run of
    spaces costs one pass, where a regex that backtracked over them at each
    position took 25 s for 40,000."""

    def run(self, text: str) -> str:
        stash = self.md.htmlStash.rawHtmlBlocks
        for number, block in enumerate(stash):
            if isinstance(block, str) and "markdown" in block.lower():
                stash[number] = _TAG_OR_COMMENT.sub(
                    lambda found: found[0] if found[0].startswith("<!--") else _without_markdown_attributes(found[0]), block)
        return text


class _StrayCharrefExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        if "html_block" not in md.preprocessors:
            return  # raw HTML is escaped, not parsed
        # Around "html_block" (20); the postprocessor after "raw_html" (30)
        # has put the raw blocks back.
        md.preprocessors.register(_HideStrayCharrefs(md), "newsgen_hide_charrefs", 20.5)
        md.preprocessors.register(_ShowStrayCharrefs(md), "newsgen_show_charrefs", 19.5)
        md.postprocessors.register(_EscapeStrayCharrefsInRawHtml(md), "newsgen_raw_charrefs", 10)


def required_text(expression: re.Pattern[str]) -> str:
    """The longest text that every match of `expression` contains ("" if none
    is known), read from the parsed expression: `(?<!\\.)\\.{3}` → "...".

    Lookarounds count (what they see is in the searched string too); an
    alternation gives a character only when every branch needs it."""
    try:
        from re import _parser  # noqa: PLC0415 (private, so guarded)

        if expression.flags & re.IGNORECASE:
            return ""
        found = _required(_parser.parse(expression.pattern, expression.flags).data, _parser)
    except Exception:  # another Python's parser: no shortcut, same output
        return ""
    return max(sorted(found), key=len, default="")


def _required(items, parser) -> set[str]:
    found: set[str] = set()
    run = ""
    for op, argument in items:
        if op is parser.LITERAL:
            run += chr(argument)
            continue
        if op in (parser.ASSERT_NOT, parser.AT):  # zero-width: the run goes on
            continue
        if op in (parser.MAX_REPEAT, parser.MIN_REPEAT):
            least, most, body = argument
            if least and len(body) == 1 and body[0][0] is parser.LITERAL:
                run += chr(body[0][1]) * least
                if most == least:
                    continue
            elif least:
                found |= _required(body, parser)
        elif op is parser.ASSERT:
            found |= _required(argument[1], parser)
            continue
        elif op is parser.SUBPATTERN:
            if not argument[1] & re.IGNORECASE:  # (?i:…) matches either case
                found |= _required(argument[-1], parser)
        elif op is parser.BRANCH:
            branches = [set("".join(_required(branch, parser))) for branch in argument[1]]
            found |= set.intersection(*branches) if branches else set()
        found.add(run)
        run = ""
    found.add(run)
    found.discard("")
    return found


class _QuickInlineProcessor(InlineProcessor):
    """Python-Markdown's inline pass with the same result, at half the cost.

    The stock pass tries every pattern on every text node through a call that
    re-sorts the pattern registry and builds an iterator each time; with
    `smarty`'s second pass that is some 2,000 tries a story and half of all
    Markdown time, nearly all of them on text the pattern cannot match. Here
    the registry is read once a document, and a pattern is passed over when
    the text lacks what every match must contain (`required_text`) or its
    expression finds nothing from the current position, before the stock
    `__applyPattern` is called. That call would have returned "no match" with
    the same position, so the output cannot differ; `test_markdown_speedups`
    renders a varied corpus both ways to keep that true across versions.
    Old-style patterns (`^(.*?)…` matched on a slice) always go the stock way.
    """

    def run(self, tree, ancestors=None):
        self._tries = [_try(pattern) for pattern in self.inlinePatterns]
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, AtomicString):
            return data
        apply = self._InlineProcessor__applyPattern
        tries = self._tries
        count = len(tries)
        start = 0
        while patternIndex < count:
            pattern, needle, expression = tries[patternIndex]
            if expression is not None and (needle not in data or expression.search(data, start) is None):
                patternIndex += 1
                start = 0
                continue
            data, matched, start = apply(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


_needles: dict[re.Pattern[str], str] = {}


def _try(pattern) -> tuple[object, str, re.Pattern[str] | None]:
    if not isinstance(pattern, NewStylePattern):
        return pattern, "", None
    expression = pattern.getCompiledRegExp()
    needle = _needles.get(expression)
    if needle is None:
        needle = _needles[expression] = required_text(expression)
    return pattern, needle, expression


# The inline passes Python-Markdown registers, at the priorities its
# documentation gives them.
_INLINE_PASSES = {"inline": 20, "smarty": 6}
# The quick pass overrides a private method; on a Markdown without it, the
# stock pass runs.
_CAN_QUICKEN = all(hasattr(InlineProcessor, name) for name in ("_InlineProcessor__handleInline", "_InlineProcessor__applyPattern"))


# An attribute list, `{: #id .class}` or `{#id}`, never opens with a Liquid tag's
# "{%" or a Liquid output's or Hugo shortcode's "{{": read as one, the
# `{% endfor %}` closing an imported Jekyll paragraph became `<p _ endfor>`
# and vanished, where every other template tag is shown as written.
# It ends at its first `}` outside quotes, as kramdown's does: attr_list's
# runs to the line's last `}`, and `[a](…){:rel="nofollow"}, then {price}`
# became a rel of `"nofollow"}, then {price` and the words after it moved.
_ATTRIBUTE_LIST = r"""\{(?![%{])\:?[ ]*((?=[^\}\n ])(?:"[^"\n]*"|'[^'\n]*'|[^\}\n"'])+)\}"""  # attr_list's BASE_RE, with the lookahead


class _HeadingAttributeLines(Preprocessor):
    """kramdown (Jekyll's Markdown) gives a heading the attribute list on the
    line below it (ruby-lang.org's `## Details` then `{: #details}`, the
    anchor its links name); Python-Markdown reads one only at the end of the
    heading's own line, and showed the line as text. An attribute list on
    the line before a paragraph is that paragraph's (jekyllrb.com's
    `{: .note .warning}` notes): it goes to the paragraph's end, where
    Python-Markdown reads it; one above indented code or a table is set
    apart from it, for _KramdownBlockAttributes to give it. Runs after
    fenced code is set aside; an indented line is code, not an attribute list."""

    LINE = re.compile(r"^[ ]{0,3}\{:[ ]*[^\}\n ][^\n]*\}[ ]*$")  # kramdown's block form, {: …}
    ATX = re.compile(r"^#{1,6}[ \t]")
    UNDERLINE = re.compile(r"^[ ]{0,3}(?:=+|-+)[ ]*$")

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        before: str | None = None  # an attribute list that opens a paragraph, for its end
        for number, line in enumerate(lines):
            if before is not None and not line.strip():
                out.append(before)
                before = None
            following = lines[number + 1] if number + 1 < len(lines) else ""
            if (before is None and self.LINE.match(line) and (not out or not out[-1].strip()) and following.strip()
                    and not self.LINE.match(following) and not following.startswith((" ", "\t", "#", "<", "|", ">", "-", "*", "+"))
                    and not re.match(r"\d+[.)]\s", following)):
                before = line.strip()
                continue
            if self.LINE.match(line) and line == line.lstrip() and (not out or not out[-1].strip()) and following.startswith(("    ", "\t", "|")):
                out += [line, ""]  # above code or a table, which Python-Markdown starts only after a blank line: that block's
                continue
            if out and self.LINE.match(line):
                if self.ATX.match(out[-1]) and not out[-1].rstrip().endswith("}"):
                    out[-1] = re.sub(r"[ \t]+#+[ \t]*$", "", out[-1].rstrip()) + " " + line.strip()
                    continue
                if len(out) > 1 and self.UNDERLINE.match(out[-1]) and out[-2].strip() and not out[-2].rstrip().endswith("}"):
                    out[-2] = out[-2].rstrip() + " " + line.strip()
                    continue
            out.append(line)
        if before is not None:
            out.append(before)
        return out


class _KramdownBlockAttributes(Treeprocessor):
    """kramdown's block attribute lists (IALs) wherever a block can start,
    as kramdown reads them (parse_block_extensions): a line `{:.center}` or
    `{:#utreexo}` is never text. Directly below a paragraph's text it is that
    paragraph's; else it is the next block's, across blank lines, be it a
    paragraph, a list or a heading; the first line of a list item, the
    item's. Python-Markdown read one only at a paragraph's end, and printed
    the rest: bitcoinops's `  {:.center}` above the diagrams in its list
    items, and its `{:#topic}` anchors above lists. An attribute list
    definition (`{:name: .class}`) shows nothing either. Runs before the
    inline pass, while a paragraph's text is its lines as written."""

    LINE = re.compile(r"^[ \t]*\{:(?![:/])((?:\\\}|[^}\n])+)\}[ \t]*$")  # kramdown's IAL_BLOCK_START
    DEFINITION = re.compile(r"^[ \t]*\{:\w[\w-]*:")  # kramdown's ALD_START
    # A word of an attribute list: kramdown's name references a definition; the rest are .class, #id and key=value.
    WORD = re.compile(r"""[^\s=]+=(?:"[^"]*"|'[^']*'|\S*)|\S+""")

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for item in parent if parent.tag in ("ul", "ol") else ():
                if item.tag == "li" and item.text and "{:" in item.text:
                    item.text = self._item_text(item, item.text, parent if item is parent[-1] else None)
            if len(parent) and parent.tag not in ("pre", "code"):
                self._read_blocks(parent)

    def _read_blocks(self, parent: etree.Element) -> None:
        waiting: list[str] = []  # attribute lists for the next block
        index = 0
        while index < len(parent):
            block = parent[index]
            if block.tag != "p" or len(block) or not block.text or "{:" not in block.text:
                if waiting and not (block.tag == "p" and HTML_PLACEHOLDER_RE.fullmatch((block.text or "").strip())):
                    self._assign(block, waiting)  # (not to raw HTML's placeholder: it would be shown in a <p>)
                waiting = []
                index += 1
                continue
            lines = block.text.split("\n")
            if parent.tag == "li" and index == 0 and not (parent.text or "").strip():
                lines = self._item_attributes(parent, lines)
            paragraphs, waiting = self._paragraphs(lines, waiting)
            if not paragraphs:
                parent.remove(block)
                continue
            block.text = "\n".join(paragraphs[0][1]).lstrip()
            self._assign(block, paragraphs[0][0])
            for attribute_lists, lines in paragraphs[1:]:
                index += 1
                following = etree.Element("p")
                following.text = "\n".join(lines).lstrip()
                self._assign(following, attribute_lists)
                parent.insert(index, following)
            index += 1

    def _paragraphs(self, lines: list[str], waiting: list[str]) -> tuple[list[tuple[list[str], list[str]]], list[str]]:
        """The paragraphs a paragraph's lines make, each with its attribute
        lists, and those left for the next block (lines of attribute lists
        alone, not directly below text)."""
        paragraphs: list[tuple[list[str], list[str]]] = []
        text: list[str] = []
        after_paragraph = False  # directly below a paragraph's attribute list: another is that paragraph's too
        for line in lines:
            found = self.LINE.match(line)
            if not found:
                text.append(line)
                after_paragraph = False
            elif self.DEFINITION.match(line):
                continue
            elif text:
                paragraphs.append((waiting + [found[1]], text))
                waiting, text, after_paragraph = [], [], True
            elif after_paragraph:
                paragraphs[-1][0].append(found[1])
            else:
                waiting = waiting + [found[1]]
        if text:
            paragraphs.append((waiting, text))
            waiting = []
        return paragraphs, waiting

    def _item_attributes(self, item: etree.Element, lines: list[str]) -> list[str]:
        """The lines of a list item's first paragraph, or of its text, but
        the attribute lists on its first lines: kramdown's list item IAL, the item's."""
        while lines and (found := self.LINE.match(lines[0])):
            lines.pop(0)
            if not self.DEFINITION.match(found[0]):
                self._assign(item, [found[1]])
        return lines

    def _item_text(self, item: etree.Element, text: str, last_of: etree.Element | None) -> str:
        """A tight list item's text: an attribute list on its first line is the
        item's; below a line of text, it ends the paragraph kramdown shows as
        the item's text, and is lost with it, and what follows is a paragraph
        of its own. Below the last item's text and not indented (a lazy
        line), it ends the list `last_of`, and is the list's."""
        lines = self._item_attributes(item, text.split("\n"))
        below = next((n for n, line in enumerate(lines) if n and self.LINE.match(line)), None)
        if below is None:
            return "\n".join(lines).lstrip()
        after = below
        while after < len(lines) and self.LINE.match(lines[after]):
            after += 1
        if after < len(lines):
            rest = etree.Element("p")
            rest.text = "\n".join(lines[after:]).lstrip()
            item.insert(0, rest)
        elif last_of is not None:
            self._assign(last_of, [self.LINE.match(line)[1] for line in lines[below:]
                                   if not line.startswith((" ", "\t")) and not self.DEFINITION.match(line)])
        return "\n".join(lines[:below]).lstrip()

    def _assign(self, element: etree.Element, attribute_lists: list[str]) -> None:
        for written in attribute_lists:
            words = [word for word in self.WORD.findall(written) if word.startswith((".", "#")) or "=" in word]
            if words:
                self.md.treeprocessors["attr_list"].assign_attrs(element, " ".join(words))


def _escaped(data: str, index: int) -> bool:
    r"""Is the character at `index` backslash-escaped: after an odd run of
    backslashes (`\\<b>` is a backslash, then a tag)? The patterns taken
    before the escapes (180) ask it: an escaped "<" opens no tag."""
    run = index
    while run > 0 and data[run - 1] == "\\":
        run -= 1
    return (index - run) % 2 == 1


class _EscapedLessThan(EscapeInlineProcessor):
    """Python-Markdown's escapes, but a "<" after a backslash is text, the
    backslash kept as Python-Markdown keeps it before a character it does
    not escape (`\\<heycam>` shows so): it escapes ">" and not "<", so
    `[\\<iframe>](…)` opened a real, unclosed iframe that swallowed the
    rest of the page (servo.org). For the syntax "python-markdown"; the
    CommonMark reading escapes "<" as any ASCII punctuation."""

    def handleMatch(self, found: re.Match, data: str):
        if found.group(1) == "<":
            return _ESCAPED_LESS_THAN, found.start(0), found.end(0)
        return super().handleMatch(found, data)


# What _EscapedLessThan leaves for `\\<`: the backslash, then the "<" escaped.
_ESCAPED_LESS_THAN = f"\\{STX}{ord('<')}{ETX}"


def _raw_html_keeps_escaped_less_than(processor: HtmlInlineProcessor) -> None:
    """A raw tag's `\\<` (`<a href='\\<x'>`) is the writer's, kept as written:
    Python-Markdown puts an escape back into raw HTML as a backslash before
    the escaped character, which before _EscapedLessThan's own kept
    backslash made it `\\\\<`. Its placeholder goes back as it is."""
    stock = processor.unescape

    def unescape(text: str) -> str:
        stash = processor.md.treeprocessors["inline"].stashed_nodes
        return stock(INLINE_PLACEHOLDER_RE.sub(lambda found: _ESCAPED_LESS_THAN if stash.get(found[1]) == _ESCAPED_LESS_THAN
                                               else found[0], text))

    processor.unescape = unescape  # type: ignore[method-assign]


class _FocusableFencedCode(Preprocessor):
    """A code block scrolls sideways (the theme's `.story-body pre {
    overflow-x: auto }`), which a keyboard can do only to an element it can
    focus (axe's scrollable-region-focusable): each <pre> of a code block
    the Markdown makes is given tabindex="0", as GitHub gives it. Fenced
    blocks are in the stash here, made by _CommonMarkFences (25.5) and
    fenced_code (25) alone: run after them (24.8) and before the writer's
    raw HTML is stashed (kramdown's nomarkdown at 24.5, html_block at 20),
    whose <pre> stays as written. _FocusableIndentedCode does the others."""

    def run(self, lines: list[str]) -> list[str]:
        stash = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(stash):
            if isinstance(block, str) and block.startswith(("<pre>", "<pre ")):
                stash[index] = '<pre tabindex="0"' + block[4:]
        return lines


class _FocusableIndentedCode(Treeprocessor):
    """An indented code block's <pre>, in the tree (raw HTML is not, yet):
    focusable, as _FocusableFencedCode says why."""

    def run(self, root: etree.Element) -> None:
        for block in root.iter("pre"):
            block.set("tabindex", "0")


class _RawCodeElements(NewStylePattern):
    """`<code>`, `<kbd>`, `<samp>` and `<var>` written in HTML inside a
    paragraph keep their text as written, as kramdown (Jekyll) keeps it
    (HTML_CONTENT_MODEL_RAW): smarty had made `git reset --soft` an en dash
    and `to_swedish("123")` curly quotes, a command a reader copies and
    git rejects. Taken before code spans (190), so a backtick inside is text too."""

    PATTERN = r"(<(code|kbd|samp|var)\b[^>]*>)((?:(?!</?\2\b).)*?)(</\2\s*>)"
    # What is text in it as written, but not in HTML: a "<" opening no tag, an "&" opening no reference.
    BARE = re.compile(r"<(?![a-zA-Z/!])|&(?!#?\w+;)")

    def handleMatch(self, found: re.Match, data: str):
        if _escaped(data, found.start(0)):
            return None, None, None
        inner = self.BARE.sub(lambda bare: "&lt;" if bare[0] == "<" else "&amp;", found.group(3))
        return self.md.htmlStash.store(found.group(1) + inner + found.group(4)), found.start(0), found.end(0)


class _HtmlTagsFirst(HtmlInlineProcessor):
    """An HTML tag whose attribute holds what Markdown would read (a code
    span's backtick, a link's bracket: tidyverse.org's hugodown writes
    `<img alt="… [`mcp_server()`](https://…) …">`) is the writer's HTML,
    as CommonMark reads it: a tag and a code span bind alike, the first to
    start wins. Python-Markdown takes code spans (190) and links (160)
    before raw HTML (90): the alt text became an <a> inside the attribute,
    invalid HTML, the rest of the tag shown as text and its picture lost.
    So such a tag is taken first, where no code span has begun before it."""

    PATTERN = r"""(<[a-zA-Z][\w-]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>)"""
    MARKDOWN_IN_VALUE = re.compile(r"""=\s*(?:"[^"]*[`\[][^"]*"|'[^']*[`\[][^']*')""")

    def handleMatch(self, found: re.Match, data: str):
        if not self.MARKDOWN_IN_VALUE.search(found.group(1)) or _escaped(data, found.start(0)) or in_code_span(data, found.start(0)):
            return None, None, None
        return super().handleMatch(found, data)


class _KramdownExtensions(Preprocessor):
    """kramdown's extensions (Jekyll's Markdown:
    https://kramdown.gettalong.org/syntax.html#extensions), as kramdown
    reads them, where Python-Markdown took each for an attribute list
    (`<p :comment>`: w3c/wai-website's internal notes were published):

    - `{::comment}` … `{:/comment}` (or `{:/}`) is left out;
    - `{::nomarkdown}` … `{:/}` goes to the page as it is written, raw HTML
      (shown as text where raw HTML is, `escape_html`);
    - `{::options … /}` sets kramdown's options: nothing to show;
    - a list followed by `{:toc}` is the page's table of contents
      (Python-Markdown's toc, as `[TOC]` makes it).

    Runs after fenced code is set aside; an indented line is code."""

    BLOCK = re.compile(r"^[ ]{0,3}\{::(comment|nomarkdown|options)\b[^}]*?(/?)\}(.*)$")
    SPAN = re.compile(r"\{::(comment|nomarkdown)\}(.*?)\{:/(?:\1)?\}|\{::options\b[^}]*/\}")
    TOC = re.compile(r"^[ ]{0,3}\{:[ ]*toc[ ]*\}[ ]*$")
    LIST_ITEM = re.compile(r"^[ ]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]")

    def __init__(self, md: markdown.Markdown, raw_html: bool) -> None:
        super().__init__(md)
        self.raw_html = raw_html

    def run(self, lines: list[str]) -> list[str]:
        if not any("{:" in line for line in lines):
            return lines
        out: list[str] = []
        number = 0
        while number < len(lines):
            line = lines[number]
            number += 1
            block = self.BLOCK.match(line)
            if block and not self.SPAN.search(line):
                kind, closed, rest = block.groups()
                if kind == "options" or closed:
                    continue
                closer = re.compile(rf"\{{:/(?:{kind})?\}}")
                body, end = [rest] if rest.strip() else [], None
                for ahead in range(number, len(lines)):
                    found = closer.search(lines[ahead])
                    if found:
                        body.append(lines[ahead][: found.start()])
                        end = ahead
                        break
                    body.append(lines[ahead])
                if end is None:  # never closed: as written
                    out.append(line)
                    continue
                number = end + 1
                if kind == "nomarkdown":
                    out += ["", self.md.htmlStash.store("\n".join(body)), ""] if self.raw_html else body
                continue
            if self.TOC.match(line):
                start = len(out)
                while start > 0 and out[start - 1].strip():
                    start -= 1
                if start < len(out) and self.LIST_ITEM.match(out[start]):
                    out[start:] = ["[TOC]"]
                continue
            if "{::" in line and not line.startswith(("    ", "\t")):
                line = self.SPAN.sub(self._span, line)
            out.append(line)
        return out

    def _span(self, found: re.Match) -> str:
        if found.group(1) == "nomarkdown":
            return self.md.htmlStash.store(found.group(2)) if self.raw_html else found.group(2)
        return ""


class _CommonMarkFences(Preprocessor):
    """Code fences as CommonMark reads them (Hugo, Eleventy, Jekyll's GFM,
    GitHub), where Python-Markdown reads fewer, and took the rest for text:
    the code became paragraphs, a `---` in it a rule, and the next fence
    closed this one.

    - Its info string's first word names the language, the rest is the
      renderer's business: ```go {linenos=true}, ```python title="a.py",
      MyST's ```{note} keep their language alone.
    - A closing fence may be longer than the opening one.
    - A fence may be indented: up to three spaces at the margin, or under a
      list item (`- step`, a blank line, then "  ```sh"), where a
      Pelican blog with MyST has forty; coredns.io's, indented under the
      item's text). Python-Markdown reads fences only at the margin, so one
      there is put at the margin, and one in a list item is made the code
      block fenced_code would make, in its language (```cgo), and stands in
      the item as raw HTML does: set apart from the item's paragraphs, it was
      an indented code block that lost its language."""

    OPENING = re.compile(r"^( *)(`{3,}|~{3,})(.*)$")
    READ_AS_IS = re.compile(r"""[ ]*(\{[^\n]*\}|(\.?[\w#.+-]*[ ]*)?(hl_lines=("|').*?\4[ ]*)?)$""")
    LIST_ITEM = re.compile(r"^( *)(?:[-*+]|\d{1,9}[.)])[ \t]")

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        # The lines that can close a fence, found once: looking for a fence's
        # end then passes over those alone, not over every line to the end.
        closers = [number for number, line in enumerate(lines) if line.lstrip(" ")[:3] in ("```", "~~~")]
        # Fences found never closed, (character, length, indent): a later one as
        # long and no more indented cannot close either, and is not looked for again.
        unclosed: set[tuple[str, int, int]] = set()
        index = 0
        while index < len(lines):
            opening = self.OPENING.match(lines[index])
            if not opening or (opening[2][0] == "`" and "`" in opening[3]):  # "``` a ` b" is inline code
                out.append(lines[index])
                index += 1
                continue
            indent, fence, info = len(opening[1]), opening[2], opening[3]
            item = self._list_item(out, indent) if indent else None
            end = None
            if not any(char == fence[0] and length <= len(fence) and indent <= deepest for char, length, deepest in unclosed):
                later = (closers[n] for n in range(bisect_right(closers, index), len(closers)))
                end = next((j for j in later if self._closes(lines[j], fence, indent)), None)
                if end is None:
                    unclosed.add((fence[0], len(fence), indent))
            if (indent >= 4 and item is None) or end is None:
                out.append(lines[index])  # a line of an indented code block, or a fence never closed: as written
                index += 1
                continue
            code = [line[min(indent, len(line) - len(line.lstrip(" "))):] for line in lines[index + 1:end]]
            words = info.strip().split()
            language = re.sub(r"[^\w#.+-]", "", words[0].strip("{}")) if words else ""
            if item is None:
                out += [fence + (info if self.READ_AS_IS.match(info) else language), *code, fence]
            else:
                if out and out[-1].strip():
                    out.append("")
                out.append(" " * (item + 4) + self.md.htmlStash.store(self._code_block(code, language)))  # the item's content, 4 in
                if end + 1 < len(lines) and lines[end + 1].strip():
                    out.append("")
            index = end + 1
        return out

    @staticmethod
    def _code_block(code: list[str], language: str) -> str:
        """As fenced_code writes a block (its lang_prefix, its escaping)."""
        text = "".join(line + "\n" for line in code)
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        attributes = f' class="language-{language}"' if language else ""
        return f"<pre><code{attributes}>{text}</code></pre>"

    @staticmethod
    def _closes(line: str, fence: str, indent: int) -> bool:
        stripped = line.lstrip(" ")
        return len(line) - len(stripped) <= indent + 3 and stripped.startswith(fence) and not stripped.strip().strip(fence[0])

    def _list_item(self, above: list[str], indent: int) -> int | None:
        """The indentation of the list item's marker whose content a fence
        indented so far stands in; None when it stands in no list item.
        An indented line of text above it is the item's too (the item's
        paragraph, its second line: coredns.io's `* plugin/root: …` then
        "  This makes…"); one at the margin is outside any list."""
        for line in reversed(above):
            if not line.strip() or len(line) - len(line.lstrip(" ")) >= indent:
                continue
            item = self.LIST_ITEM.match(line)
            if item or not line.startswith(" "):
                return len(item[1]) if item else None
        return None


class _CommonMarkListIndents(Preprocessor):
    """Nested lists as CommonMark reads them (GitHub, kramdown's GFM, Hugo,
    Eleventy): a line belongs to a list item when it is indented as far as
    the item's text begins, two spaces under "- ", three under "1. ".
    Python-Markdown wants four per level, and made "- Cookies / (2 spaces)
    - Choco-chip" one flat list (jekyll/minima's sample post). Each item's
    lines are moved to four spaces a level, keeping what is beyond the
    item's text as it was (a code block stays one); lines at the margin, in
    a fence or in a <pre> outside any list are left alone. A list may
    interrupt a paragraph, and "1)" numbers one, as in CommonMark (not where
    the stories were written for Python-Markdown, `interrupting`: Pelican
    kept "I am frustrated by two things:" then "1) not enough numbers," one
    paragraph). A quote right under an item's text, "* RFC requirement:"
    then "  > If the name…", is the item's quote, as both read it."""

    ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])( {1,4}(?=\S)| *$)")
    # A quote, which Python-Markdown finds inside the paragraph it is written under, up to 3 spaces in.
    QUOTE = re.compile(r"^ *>")

    def __init__(self, md: markdown.Markdown, interrupting: bool = True) -> None:
        super().__init__(md)
        self.interrupting = interrupting

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        items: list[int] = []  # each open item's text column, as written; its level's is 4 × (its place + 1)
        fence, fence_indent = "", 0  # the fence open, and where; how far its lines move:
        moved = 0
        in_pre = False
        after_text = False  # the line above was text: a line below less indented is its lazy continuation
        for line in lines:
            if fence:
                out.append(self._moved(line, moved))
                if _CommonMarkFences._closes(line, fence, fence_indent):
                    fence = ""
                continue
            if in_pre or (not items and line.startswith("<pre")):
                in_pre = "</pre>" not in line
                out.append(line)
                continue
            if not line.strip():
                out.append(line)
                after_text = False
                continue
            indent = len(line) - len(line.lstrip(" "))
            item = self.ITEM.match(line)
            if item and item[2].endswith(")") and not self.interrupting:
                item = None  # "1)": Python-Markdown's text
            if item and indent < 4 and not items and out and out[-1].strip() and not out[-1].lstrip().startswith("<"):
                # Below a paragraph's line: CommonMark lets a list interrupt it ("Links:" then
                # "- a"), Python-Markdown wants a blank line; but only one of "-", "*", "+" or
                # "1." with text (a "2." there is the paragraph's own words).
                if self.interrupting and item[2] in ("-", "*", "+", "1.", "1)") and line[item.end():].strip():
                    out.append("")
                else:
                    item = None
            if item and indent < 4 * (len(items) + 1):
                if item[2].endswith(")"):  # "1)", CommonMark's other ordered list marker
                    line = line[:item.start(2)] + item[2][:-1] + "." + line[item.end(2):]
                while items and indent < items[-1]:
                    items.pop()
                level = len(items)
                text = indent + len(item[2]) + (len(item[3]) if line[item.end():] else 1)  # "-" alone: its text would start past one space
                items.append(text)
                new = line if level == 0 else " " * (4 * level) + line.lstrip(" ")
                moved = len(new) - len(line)
                out.append(new)
                after_text = True
                continue
            while items and indent < items[-1] and not after_text:
                items.pop()
            if not items or indent < items[-1]:  # outside any list, or a lazy continuation line
                moved = 0
                out.append(line)
            elif after_text and self.QUOTE.match(line):
                # In the item's paragraph, which Python-Markdown reads as the item's lines, each as
                # written: placed as far in as the item's text, it is no quote there.
                moved = 4 * (len(items) - 1) - items[-1]
                out.append(self._moved(line, moved))
            else:
                moved = 4 * len(items) - items[-1]
                out.append(self._moved(line, moved))
            opening = _CommonMarkFences.OPENING.match(line)
            if opening:
                fence, fence_indent = opening[2], len(opening[1])
            after_text = not opening
        return out

    @staticmethod
    def _moved(line: str, by: int) -> str:
        if by >= 0:
            return " " * by + line if line.strip() else line
        return line[min(-by, len(line) - len(line.lstrip(" "))):]


class _CommonMarkHeadings(HashHeaderProcessor):
    """ATX headings as CommonMark (and kramdown's GFM, Jekyll's) reads them:
    the #s followed by a space or the line's end, up to three spaces in.
    Python-Markdown made a heading of "#RustAllHands hashtag" in the middle
    of a paragraph (blog.rust-lang.org) and showed coredns.io's " ## Syntax"
    as text."""

    RE = re.compile(r"(?:^|\n)[ ]{0,3}(?P<level>#{1,6})(?=[ \t]|\n|$)(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)")


class _CodeLabelReferences:
    """A reference link whose label is code, `[`Vec`][]` or
    `[`slice::sort_unstable`]`, with its `[`Vec`]: url` definition, is a
    link, as CommonMark and kramdown read it (blog.rust-lang.org: 181 links
    in 20 posts). Python-Markdown looks the label up after its code spans
    are placeholders, finds no definition, and shows the brackets."""

    md: markdown.Markdown

    def evalId(self, data: str, index: int, text: str):  # noqa: N802 (Python-Markdown's name)
        found, end, handled = super().evalId(data, index, text)  # type: ignore[misc]
        if handled and found and found not in self.md.references and INLINE_PLACEHOLDER_RE.search(found):
            label = _label(INLINE_PLACEHOLDER_RE.sub(self._code_text, found))
            found = next((key for key in self.md.references if "`" in key and _label(key.replace("`", "")) == label), found)
        return found, end, handled

    def _code_text(self, placeholder: re.Match) -> str:
        node = self.md.treeprocessors["inline"].stashed_nodes.get(placeholder[1])
        return html.unescape(node.text or "") if isinstance(node, etree.Element) and node.tag == "code" else placeholder[0]


def _label(text: str) -> str:
    """A reference's label as CommonMark matches it: case and runs of white space aside."""
    return " ".join(text.lower().split())


class _CodeLabelReference(_CodeLabelReferences, ReferenceInlineProcessor):
    pass


class _CodeLabelShortReference(_CodeLabelReferences, ShortReferenceInlineProcessor):
    pass


class _CodeLabelImageReference(_CodeLabelReferences, ImageReferenceInlineProcessor):
    pass


class _CodeLabelShortImageReference(_CodeLabelReferences, ShortImageReferenceInlineProcessor):
    pass


# A tab in code while Python-Markdown reads the story: a control character no text has (SUB),
# which its whitespace normalising leaves alone; a tab again in the page.
_CODE_TAB = "\x1a"


class _CodeTabs(Preprocessor):
    """Tabs in code as written, as CommonMark keeps them (kramdown and
    goldmark too: coredns.io's benchmark columns, gofmt's indentation);
    Python-Markdown turns every tab of a story into spaces first. Hidden
    from that step are the tabs of a fenced block's lines (past the fence's
    own indentation) and of an indented code block's (past its four columns)
    outside a list, where a line indented so far is the item's; what
    follows a list marker or `>` is left, being structure. Before
    "normalize_whitespace" (30)."""

    INDENTED = re.compile(r"^(?: {4}| {0,3}\t)(?P<code>.*)$")
    LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
    STRUCTURE = re.compile(r"^[ \t]*(?:[-*+>]|\d{1,9}[.)]|#{1,6})\t")

    def run(self, lines: list[str]) -> list[str]:
        if not any("\t" in line for line in lines):
            return lines
        out: list[str] = []
        fence, fence_indent = "", 0
        # Fences found never closed, (character, length, indent): a later one as long, no more indented, is no fence either.
        unclosed: set[tuple[str, int, int]] = set()
        in_list = False
        code = True  # an indented line here would be code: below a blank line or code, not a paragraph's text
        in_pre = False  # in the writer's raw <pre>, from a line that opens it at the margin to its </pre>
        text: list[int] = []  # the lines that are no code block's, where code spans are
        for number, line in enumerate(lines):
            if fence:
                if _CommonMarkFences._closes(line, fence, fence_indent):
                    fence = ""
                elif line.startswith(" " * fence_indent):
                    line = line[:fence_indent] + line[fence_indent:].replace("\t", _CODE_TAB)
                out.append(line)
                continue
            if in_pre or (not in_list and self.RAW_PRE.match(line)):
                in_pre = "</pre>" not in line.lower()
                out.append(line.replace("\t", _CODE_TAB))
                code = False
                continue
            if not line.strip():
                code = True
                out.append(line)
                continue
            opening = _CommonMarkFences.OPENING.match(line)
            if opening and not (opening[2][0] == "`" and "`" in opening[3]) and not any(
                    char == opening[2][0] and length <= len(opening[2]) and len(opening[1]) <= deepest for char, length, deepest in unclosed):
                if any(_CommonMarkFences._closes(later, opening[2], len(opening[1])) for later in lines[number + 1:]):
                    fence, fence_indent = opening[2], len(opening[1])
                else:
                    unclosed.add((opening[2][0], len(opening[2]), len(opening[1])))
                out.append(line)
                code = False
                continue
            indented = self.INDENTED.match(line)
            if indented and code and not in_list and not self.STRUCTURE.match(line):
                line = line[:indented.start("code")] + indented["code"].replace("\t", _CODE_TAB)
            else:
                if not line.startswith((" ", "\t")):  # a list item at the margin opens a list; text there after a blank line ends it
                    in_list = bool(self.LIST_ITEM.match(line)) or (in_list and bool(out) and bool(out[-1].strip()))
                code = False
                text.append(len(out))
            out.append(line)
        self._hide_code_span_tabs(out, text)
        return out

    # A run of backticks, and the backslashes before it: an odd number escapes its first backtick.
    BACKTICKS = re.compile(r"(\\*)(`+)")
    RAW_PRE = re.compile(r"<pre[\s>]", re.IGNORECASE)

    @classmethod
    def _hide_code_span_tabs(cls, out: list[str], text: list[int]) -> None:
        """The tabs in code spans (`a<tab>b`) of each paragraph's run of
        `text` lines: a span opens at a run of backticks and ends at the next
        run as long, as CommonMark reads it; one pass, each run looked up once."""
        start = 0
        while start < len(text):
            end = start + 1
            while end < len(text) and text[end] == text[end - 1] + 1:
                end += 1
            first, last = text[start], text[end - 1] + 1
            joined = "\n".join(out[first:last])
            if "\t" in joined and "`" in joined:
                hidden = cls._code_span_tabs_hidden(joined)
                if hidden != joined:
                    out[first:last] = hidden.split("\n")
            start = end

    @classmethod
    def _code_span_tabs_hidden(cls, paragraph: str) -> str:
        runs = [(found.start(2), found.end(2), len(found[1]) % 2 == 1) for found in cls.BACKTICKS.finditer(paragraph)]
        by_length: dict[int, list[int]] = {}
        for index, (begin, end, _) in enumerate(runs):
            by_length.setdefault(end - begin, []).append(index)
        pieces, position, index = [], 0, 0
        while index < len(runs):
            begin, end, escaped = runs[index]
            length = end - begin - escaped
            same = by_length.get(length, [])
            after = bisect_right(same, index)
            if length == 0 or after == len(same):
                index += 1
                continue
            closing = same[after]
            pieces += [paragraph[position:end], paragraph[end:runs[closing][0]].replace("\t", _CODE_TAB)]
            position = runs[closing][0]
            index = closing + 1
        return "".join(pieces) + paragraph[position:] if pieces else paragraph


class _RestoreCodeTabs(Postprocessor):
    def run(self, text: str) -> str:
        return text.replace(_CODE_TAB, "\t") if _CODE_TAB in text else text


def _read_as_commonmark(md: markdown.Markdown) -> None:
    """What the syntax "commonmark" reads apart from Python-Markdown: ATX
    headings, reference labels that are code, and backslash escapes of any
    ASCII punctuation (`\\<heycam\\>`, `\\$5`, `\\~`; kramdown's own set
    has `< > $ = | : "` too), where Python-Markdown kept the backslash."""
    md.parser.blockprocessors.register(_CommonMarkHeadings(md.parser), "hashheader", 70)
    # Each in the stock one's place, at the priority Python-Markdown's documentation gives it.
    for kind, name, priority in ((_CodeLabelReference, "reference", 170), (_CodeLabelImageReference, "image_reference", 140),
                                 (_CodeLabelShortReference, "short_reference", 130),
                                 (_CodeLabelShortImageReference, "short_image_ref", 125)):
        md.inlinePatterns.register(kind(md.inlinePatterns[name].pattern, md), name, priority)
    md.ESCAPED_CHARS = list(string.punctuation)
    md.preprocessors.register(_CodeTabs(md), "newsgen_code_tabs", 30.5)  # before normalize_whitespace (30)
    md.postprocessors.register(_RestoreCodeTabs(md), "newsgen_code_tabs", 25)  # after raw_html (30), which puts fenced code back


def _attribute_lists_leave_templates(md: markdown.Markdown) -> None:
    md.preprocessors.register(_HeadingAttributeLines(md), "newsgen_heading_attributes", 24)  # after fenced_code_block (25)
    md.treeprocessors.register(_KramdownBlockAttributes(md), "newsgen_kramdown_block_attributes", 21)  # before "inline" (20)
    found = md.treeprocessors["attr_list"]
    found.HEADER_RE = re.compile(rf"[ ]+{_ATTRIBUTE_LIST}[ ]*$")
    found.BLOCK_RE = re.compile(rf"\n[ ]*{_ATTRIBUTE_LIST}[ ]*$")
    found.INLINE_RE = re.compile(rf"^{_ATTRIBUTE_LIST}")


def _quicken(md: markdown.Markdown) -> None:
    for name, priority in _INLINE_PASSES.items():
        stock = md.treeprocessors[name] if name in md.treeprocessors else None
        if type(stock) is InlineProcessor:
            quick = _QuickInlineProcessor(md)
            quick.inlinePatterns = stock.inlinePatterns
            md.treeprocessors.register(quick, name, priority)


class MarkdownRenderer:
    """One configured Markdown instance, reused: building one costs milliseconds.

    `escape_html`: raw HTML is shown as text, not passed through; for text
    that is not a story's own body (an author's bio). `settings`: the
    site's [markdown] table."""

    def __init__(self, *, escape_html: bool = False, quick: bool = _CAN_QUICKEN,
                 settings: MarkdownSettings = MarkdownSettings()) -> None:
        self._md = markdown.Markdown(
            extensions=[*_extensions(settings), _LinkExtension(settings)],
            output_format="html",
        )
        if not settings.indented_code:
            self._md.parser.blockprocessors.register(_IndentedProse(self._md.parser), "code", 80)
        if escape_html:
            self._md.preprocessors.deregister("html_block")
            self._md.inlinePatterns.deregister("html")
        else:
            self._md.inlinePatterns.register(_RawCodeElements(_RawCodeElements.PATTERN, self._md), "newsgen_raw_code", 195)
            self._md.inlinePatterns.register(_HtmlTagsFirst(_HtmlTagsFirst.PATTERN, self._md), "newsgen_html_tags_first", 196)
            # Before "raw_html" (30) puts the raw HTML blocks back.
            self._md.postprocessors.register(_DropMarkdownAttributes(self._md), "newsgen_drop_markdown_attributes", 31)
        _StrayCharrefExtension().extendMarkdown(self._md)
        _attribute_lists_leave_templates(self._md)
        self._md.preprocessors.register(_CommonMarkFences(self._md), "newsgen_commonmark_fences", 25.5)  # before fenced_code_block (25)
        self._md.preprocessors.register(_KramdownExtensions(self._md, raw_html=not escape_html), "newsgen_kramdown_extensions", 24.5)
        self._md.preprocessors.register(_FocusableFencedCode(self._md), "newsgen_focusable_fenced_code", 24.8)  # after both fences' makers
        self._md.treeprocessors.register(_FocusableIndentedCode(self._md), "newsgen_focusable_indented_code", 19.5)
        self._md.preprocessors.register(_CommonMarkListIndents(self._md, interrupting=settings.syntax == "commonmark"), "newsgen_commonmark_lists", 25.6)  # before the fences: they look for list items at 4 a level
        # What GitHub, Goldmark (Hugo), markdown-it (Eleventy) and kramdown's GFM all read: ~~struck~~, and a
        # line ending in a backslash, a hard break. (Code spans, at 190, are taken first.)
        self._md.inlinePatterns.register(SimpleTagInlineProcessor(r"(~~)(?=\S)(.+?)(?<=\S)~~", "del"), "newsgen_strikethrough", 65)
        self._md.inlinePatterns.register(SubstituteTagInlineProcessor(r"\\\n", "br"), "newsgen_backslash_break", 101)
        if settings.syntax == "commonmark":
            _read_as_commonmark(self._md)
        else:
            self._md.inlinePatterns.register(_EscapedLessThan(self._md.inlinePatterns["escape"].pattern, self._md), "escape", 180)
            for processor in self._md.inlinePatterns:
                if isinstance(processor, HtmlInlineProcessor):
                    _raw_html_keeps_escaped_less_than(processor)
        if quick:
            _quicken(self._md)
        self._links: _LinkRewriter = self._md.treeprocessors["newsgen_links"]

    def render(self, text: str, context: LinkContext | None = None) -> str:
        self._md.reset()
        self._links.context = context
        try:
            return self._md.convert(text)
        finally:
            self._links.context = None
