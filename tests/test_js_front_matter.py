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


@pytest.mark.parametrize("written", ['"Pair \\uD83D\\uDE00"', "'Pair \\u{D83D}\\u{DE00}'", '"Pair \\u{1F600}"'])
def test_a_surrogate_pair_is_one_character_as_javascript_reads_it(written):
    assert read_js_front_matter("{ title: " + written + " }")["title"] == (1, "Pair \U0001F600")


@pytest.mark.parametrize("written", ['"\\uD800 half"', '"half \\uDE00"', '"\\uD83D\\u0041"', "`\\u{D800}`"])
def test_a_lone_surrogate_is_an_error_on_its_line(written):
    """No page can hold half a character: it failed the build at render with
    an internal UnicodeEncodeError."""
    with pytest.raises(NotData) as raised:
        read_js_front_matter("{\n  date: '2020-01-01',\n  title: " + written + "\n}")
    assert raised.value.line == 3 and "surrogate" in str(raised.value)


@pytest.mark.parametrize("written", ["0x_", "0b_", "0o_", "1__0", "1_", "0x_1"])
def test_a_malformed_number_is_an_error_on_its_line(written):
    """JavaScript refuses a separator that is not between two digits; it was an internal ValueError."""
    with pytest.raises(NotData) as raised:
        read_js_front_matter("{\n  title: 'Hex',\n  count: " + written + "\n}")
    assert raised.value.line == 3 and written in str(raised.value)


@pytest.mark.parametrize("written", ["0x" + "f" * 5000, "9" * 5000, "1e999", "-1e999"])
def test_a_number_beyond_what_javascript_holds_is_an_error_on_its_line(written):
    """JavaScript reads it as Infinity: no headline, tag or count; 0x with
    5,000 digits was an internal ValueError when written as text."""
    with pytest.raises(NotData) as raised:
        read_js_front_matter("{\n  title: 'Big',\n  count: " + written + "\n}")
    assert raised.value.line == 3 and "Infinity" in str(raised.value)


def test_numbers_with_separators_are_read():
    found = read_js_front_matter("{ a: 1_000, b: 0xff_ff, c: 1.5e3, d: -0b1_0 }")
    assert {key: value for key, (_, value) in found.items()} == {"a": 1000, "b": 0xFFFF, "c": 1500.0, "d": -2}
