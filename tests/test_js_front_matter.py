"""Eleventy's ---js front matter read as values (generator/content/js_front_matter.py)."""

from __future__ import annotations

import pytest

from generator.content.js_front_matter import NotData, read_js_front_matter


class _CountedText(str):
    """Text that counts the characters copied out of it by slicing."""

    copied = 0

    def __getitem__(self, index):
        found = super().__getitem__(index)
        if isinstance(index, slice):
            _CountedText.copied += len(found)
        return found


def test_escapes_are_read_without_copying_the_rest_of_the_front_matter():
    """Each \\q escape copied the text after it to match \\x and \\u forms
    against: quadratic, minutes for a few megabytes."""
    escapes = 2000
    text = _CountedText('{ title: "' + "\\q" * escapes + '", date: "2020-01-01" }')
    _CountedText.copied = 0
    assert read_js_front_matter(text)["title"] == (1, "q" * escapes)
    assert _CountedText.copied < 20 * len(text)
