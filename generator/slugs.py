"""Slugs: the URL-safe names of articles, sections, tags and authors.

A slug keeps letters and digits of every script (so a CJK or Cyrillic tag
keeps its name), folds case and Latin accents (so `Ukraine`, `ukraine` and
`Ukraíne` are one tag), and never splits a character when it is shortened.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

# A file name may hold 255 bytes; leave room for "index.html" style suffixes.
MAX_SLUG_BYTES = 120


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


def _fold(text: str) -> str:
    """Case-fold and drop accents that sit on ASCII letters (é → e).

    Marks on other scripts are kept: in Devanagari or Thai they are letters.
    """
    out: list[str] = []
    base_is_ascii = False
    for ch in unicodedata.normalize("NFKD", text.casefold()):
        if _is_mark(ch):
            if not base_is_ascii:
                out.append(ch)
            continue
        base_is_ascii = ch.isascii()
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


# Pure, and called for the same few hundred tags from every list that shows a story.
@lru_cache(maxsize=1 << 16)
def slugify(text: str, *, max_bytes: int = MAX_SLUG_BYTES) -> str:
    """Return a non-empty slug for `text`."""
    words: list[str] = []
    current: list[str] = []
    for ch in _fold(text):
        if ch.isalnum() or (current and _is_mark(ch)):
            current.append(ch)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    slug = _shorten("-".join(words), max_bytes)
    if not slug:
        # Only symbols or emoji: a stable name derived from the text itself.
        slug = "n-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    return slug


def _shorten(slug: str, max_bytes: int) -> str:
    if len(slug.encode("utf-8")) <= max_bytes:
        return slug
    cut = slug.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")
    # Never end inside a grapheme: drop a base letter whose marks were cut off.
    while cut and len(cut) < len(slug) and _is_mark(slug[len(cut)]):
        cut = cut[:-1]
    # Prefer a word boundary when one is reasonably close.
    if "-" in cut and len(cut) < len(slug) and slug[len(cut)] != "-":
        head = cut.rsplit("-", 1)[0]
        if len(head) >= len(cut) // 2:
            cut = head
    return cut.strip("-")


# "+" and "#" that end a word after a letter: `C++`, `C#`, `F#`, `Disney+`, where they
# are part of the name, not punctuation (`#MeToo`, `A+B`) or arithmetic (`Python 2+3`,
# whose tag URLs stay what they were).
_WORD_ENDING_SIGNS = re.compile(r"(?<=[^\W\d_])[+#]+(?![^\W\d_])")
_SIGN_NAMES = {"+": "plus", "#": "sharp"}


def tag_slug(name: str) -> str:
    """The slug of a tag: its slugify(), with a "+" or "#" that ends a word
    spelt out, so `C++` (`c-plus-plus`) and `C#` (`c-sharp`) are two topics,
    not one "c" titled by whichever is used more. Hugo's urlize keeps both
    signs (`c++`, `c#`, which a URL must escape) and WordPress numbers the
    second `c-2`; words keep the URL plain and say what it is. A name
    without those signs has the slug it always had."""
    if "+" in name or "#" in name:
        name = _WORD_ENDING_SIGNS.sub(lambda signs: " " + " ".join(_SIGN_NAMES[sign] for sign in signs[0]) + " ", name)
    return slugify(name)
