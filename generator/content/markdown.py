"""Markdown → HTML with the extensions a newsroom needs, and links resolved.

Links are rewritten inside the Markdown element tree, not with a regex over
the HTML: a link to another content file (`../world/x.md`) becomes that
story's final URL, relative to the page being rendered, and a link to a file
that does not exist is reported with the source file's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import unquote

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor

from ..sitepaths import MARKDOWN_SUFFIXES, is_external, is_safe_link, resolve_content_link

EXTENSIONS = ["extra", "toc", "smarty", "sane_lists", "footnotes"]
# What the cache keys rendered bodies by: change it with the configuration.
MARKDOWN_SIGNATURE = "extra toc(slugify_unicode) smarty(angled) sane_lists footnotes(ids) links/1"
EXTENSION_CONFIGS = {
    # Keep non-Latin headings' ids readable instead of dropping them.
    "toc": {"slugify": slugify_unicode},
    "footnotes": {"UNIQUE_IDS": False},
    "smarty": {"smart_angled_quotes": True},
}


class UnresolvedLink(Exception):
    """Raised by a LinkContext's resolver: str(exc) says why, for the writer."""


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


class _LinkRewriter(Treeprocessor):
    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.context: LinkContext | None = None

    def run(self, root):
        context = self.context
        if context is None:
            return None
        for element in root.iter():
            attribute = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            if attribute and element.get(attribute) is not None:
                new = self._rewrite(element.get(attribute), element.tag == "img", context)
                if new is not None:
                    element.set(attribute, new)
        return None

    @staticmethod
    def _rewrite(target: str, is_image: bool, context: LinkContext) -> str | None:
        if context.safe and not is_safe_link(target):
            return "#"
        if not target or target.startswith("#") or is_external(target):
            return None
        path, hashmark, fragment = target.partition("#")
        path, question, query = path.partition("?")
        resolved = resolve_content_link(unquote(path), context.source)
        if resolved is None:
            context.problems.append(f"the link {target!r} leaves the site; link inside content/ or give a full URL")
            return None
        suffix = (question + query) + (hashmark + fragment)
        if resolved.lower().endswith(MARKDOWN_SUFFIXES):
            source = resolved.lstrip("/")
            try:
                url = context.resolve_source(source)
            except UnresolvedLink as exc:
                context.problems.append(f"the link {target!r} {exc}")
                return None
            context.linked_sources.add(source)
            return context.make_relative(url) + suffix
        if is_image and not context.asset_exists(resolved):
            context.problems.append(f"the image {target!r} does not exist (looked for content{resolved}); check the path")
            return None
        return context.make_relative(resolved) + suffix


class _LinkExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After "inline" (20), which creates the <a> and <img> elements.
        md.treeprocessors.register(_LinkRewriter(md), "newsgen_links", 5)


class MarkdownRenderer:
    """One configured Markdown instance, reused: building one costs milliseconds.

    `escape_html`: raw HTML is shown as text, not passed through; for text
    that is not a story's own body (an author's bio)."""

    def __init__(self, *, escape_html: bool = False) -> None:
        self._md = markdown.Markdown(
            extensions=[*EXTENSIONS, _LinkExtension()],
            extension_configs=EXTENSION_CONFIGS,
            output_format="html",
        )
        if escape_html:
            self._md.preprocessors.deregister("html_block")
            self._md.inlinePatterns.deregister("html")
        self._links: _LinkRewriter = self._md.treeprocessors["newsgen_links"]

    def render(self, text: str, context: LinkContext | None = None) -> str:
        self._md.reset()
        self._links.context = context
        try:
            return self._md.convert(text)
        finally:
            self._links.context = None
