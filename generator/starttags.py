"""Start tags and their attributes as HTML's tokenizer reads them, for the
passes over HTML that look for URLs in it: a story's raw HTML links
rewritten, a feed's URLs made absolute, a page's links checked.

A quoted attribute value ends only at its own quote: `<` and `>` are text
in it (`<img alt="text selection in <input>" src="/shot.jpg">`), so a tag
ends at the first `>` outside one, and an attribute's name is looked for
only where an attribute can begin, never inside another's value.
"""

from __future__ import annotations

import re
from typing import Iterator

# Possessive throughout: each part takes all it can and never gives it back,
# so a "<" that opens no tag costs one pass over what follows, not a search.
# And a "<" outside a quoted value ends a name or an unquoted value, where a
# browser would read on: else each "<" of a run of them with no ">" after
# ("<a<a<a…", "<a x=<a x=…") began a pass to the end of the text, 5 s for 50,000 characters.
_NAME = r"[^\s/<>][^\s/<>=]*+"
_VALUE = r""""[^"]*+"|'[^']*+'|[^\s<>]*+"""
START_TAG = re.compile(rf"<[a-zA-Z][^\s/<>]*+(?:{_NAME}(?:\s*+=\s*+(?:{_VALUE}))?+|[\s/]++)*+>")
_ATTRIBUTE = re.compile(rf"[\s/]*+(?P<name>{_NAME})(?:\s*+=\s*+(?P<value>{_VALUE}))?+")
_TAG_NAME = re.compile(r"<[^\s/>]*+")


def attributes(tag: str) -> Iterator[re.Match]:
    """Each attribute of `tag` (the text of a START_TAG match), in order:
    its `name` as written, its `value` with its quotes (None when it has none)."""
    position = _TAG_NAME.match(tag).end()
    while (found := _ATTRIBUTE.match(tag, position)) is not None:
        yield found
        position = found.end()


def unquoted(value: str) -> str:
    """An attribute's value without the quotes it is written in."""
    return value[1:-1] if value[:1] in ("'", '"') else value
