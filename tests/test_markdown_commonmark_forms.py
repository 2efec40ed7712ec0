"""Forms CommonMark renderers (Hugo's goldmark, Eleventy's markdown-it,
GitHub's) read one way and Python-Markdown another, found in real sites:
a code fence's info string (Hugo's ```go {linenos=true}, ```python
title="a.py", MyST's ```{note}) garbled the rest of the story."""

from __future__ import annotations

import pytest

from generator.content.markdown import MarkdownRenderer

from .conftest import elements


@pytest.mark.parametrize("opening, language", [
    ("```go {linenos=true,hl_lines=[2]}", "go"),
    ('```python title="a.py"', "python"),
    ("````{admonition} Unmaintained project", "admonition"),
    ("~~~ shell-session extra words", "shell-session"),
    ("```js", "js"),
    ("```", None),
])
def test_a_fence_with_any_info_string_is_code_in_the_language_it_names_first(opening, language):
    fence = opening[:len(opening) - len(opening.lstrip(opening[0]))]
    text = f"Before.\n\n{opening}\npackage main\n---\nfunc main() {{}}\n{fence}\n\nBetween.\n\n```\nsecond\n```\n\nAfter.\n"
    html = MarkdownRenderer().render(text)
    blocks = elements(html, "code")
    assert [b.text for b in blocks] == ["package main\n---\nfunc main() {}\n", "second\n"], html
    assert blocks[0].attrs.get("class") == (f"language-{language}" if language else None), html
    assert "<hr" not in html and html.count("<p>") == 3, html


def test_a_closing_fence_longer_than_the_opening_one_closes_it():
    html = MarkdownRenderer().render("```\ncode\n`````\n\nAfter.\n")
    assert [b.text for b in elements(html, "code")] == ["code\n"] and "<p>After.</p>" in html, html


def test_a_backtick_line_with_backticks_in_its_info_is_no_fence():
    html = MarkdownRenderer().render("``` a ` b\ntext\n")
    assert not elements(html, "pre"), html
