"""[markdown] in site.toml: heading ids, smart punctuation and indented
code as the generator a site comes from made them (Pelican's Python-Markdown
with toc, Eleventy's markdown-it), so that its old #anchor links land and its
text reads as it did."""

from __future__ import annotations

import markdown
import pytest

from generator.config import MarkdownSettings
from generator.content.markdown import MarkdownRenderer

PELICAN = MarkdownSettings(heading_ids="python-markdown", smart_punctuation=False)
ELEVENTY = MarkdownSettings(smart_punctuation=False, indented_code=False)


def ids(html: str) -> list[str]:
    import re

    return re.findall(r'<h[1-6][^>]* id="([^"]*)"', html)


HEADINGS = ("## News & Blog Posts\n\n## CFP - Projects\n\n### Rust\n\n### Rust\n\n### Rust\n\n## Tracking Issues & PRs\n\n"
            "## Žlutý kůň\n\n## Привет мир\n\n## Привет\n\n## Kept {#rust_3}\n\n## Rust 3\n\n## A note[^1]\n\n[^1]: Said.\n")


@pytest.mark.parametrize("quick", [True, False])
def test_python_markdown_heading_ids_are_those_of_its_toc_extension(quick):
    """As Pelican with toc made them (this-week-in-rust's news-blog-posts, rust_1)."""
    ours = ids(MarkdownRenderer(settings=PELICAN, quick=quick).render(HEADINGS))
    theirs = ids(markdown.markdown(HEADINGS, extensions=["extra", "toc"]))
    assert ours == theirs
    assert ours[:6] == ["news-blog-posts", "cfp-projects", "rust", "rust_1", "rust_2", "tracking-issues-prs"]


def test_github_heading_ids_stay_the_default():
    html = MarkdownRenderer().render(HEADINGS)
    assert ids(html)[:6] == ["news--blog-posts", "cfp---projects", "rust", "rust-1", "rust-2", "tracking-issues--prs"]
    assert ids(html) == ids(MarkdownRenderer(settings=MarkdownSettings()).render(HEADINGS))


PUNCTUATION = 'Run `cargo` with --filter-platform or "--offline" <<here>>, it\'s... --- done.\n'


@pytest.mark.parametrize("quick", [True, False])
def test_without_smart_punctuation_dashes_quotes_and_angles_stay_as_written(quick):
    html = MarkdownRenderer(settings=PELICAN, quick=quick).render(PUNCTUATION)
    assert html == ('<p>Run <code>cargo</code> with --filter-platform or "--offline" &lt;<here>&gt;, it\'s... --- done.</p>')
    assert html == markdown.markdown(PUNCTUATION, extensions=["extra"])


def test_smart_punctuation_stays_the_default():
    html = MarkdownRenderer().render(PUNCTUATION)
    assert "&ndash;filter-platform" in html and "&ldquo;&ndash;offline&rdquo;" in html and "&laquo;here&raquo;" in html


INDENTED = ("Some code first:\n\n```js\nfunction doSomething(arg1) {}\n```\n\n"
            "    We didn’t have to assign a default value to arg1, because if it’s `null`,\n"
            "    then `doSomething()` works.\n\nAfter.\n")


@pytest.mark.parametrize("quick", [True, False])
def test_without_indented_code_an_indented_block_is_a_paragraph(quick):
    """As Eleventy 2 and later read it: zachleat.com's indented prose, its code spans read."""
    html = MarkdownRenderer(settings=ELEVENTY, quick=quick).render(INDENTED)
    assert ("<p>We didn’t have to assign a default value to arg1, because if it’s <code>null</code>,\n"
            "then <code>doSomething()</code> works.</p>") in html
    assert '<pre><code class="language-js">function doSomething(arg1) {}\n</code></pre>' in html
    assert html.count("<pre>") == 1


def test_indented_code_stays_the_default():
    assert "<pre><code>We didn’t" in MarkdownRenderer().render(INDENTED)


def test_without_indented_code_a_paragraph_ends_where_a_list_item_or_heading_starts():
    html = MarkdownRenderer(settings=ELEVENTY).render("Text.\n\n    An *indented* line\nlazy one\n- item\n")
    assert html == "<p>Text.</p>\n<p>An <em>indented</em> line\nlazy one</p>\n<ul>\n<li>item</li>\n</ul>"
    # Indented four spaces, a line opens no block of its own: text, as markdown-it reads it.
    assert MarkdownRenderer(settings=ELEVENTY).render("Text.\n\n    # not a heading\n") == "<p>Text.</p>\n<p># not a heading</p>"


@pytest.mark.parametrize("text", [
    "- step\n\n  ```sh\n  echo hi\n\n    indented\n  ```\n\n  then\n- next\n",
    "1. one\n\n   ~~~\n   a\n\n   b\n   ~~~\n2. two\n",
    "Top:\n\n  ```js\n  a()\n  ```\n\nText.\n",
])
def test_without_indented_code_a_fence_in_a_list_item_is_still_code(text):
    """The import's CommonMark fences under a list item are read as indented code: not so here."""
    assert MarkdownRenderer(settings=ELEVENTY).render(text) == MarkdownRenderer(settings=MarkdownSettings(smart_punctuation=False)).render(text)
    assert "<pre><code" in MarkdownRenderer(settings=ELEVENTY).render(text)


def test_without_indented_code_an_indented_paragraph_in_a_list_item_is_a_paragraph():
    html = MarkdownRenderer(settings=ELEVENTY).render("1. one\n\n        eight spaces in\n\n2. two\n")
    assert "<p>eight spaces in</p>" in html and "<pre>" not in html


def test_without_indented_code_a_fence_in_a_list_item_keeps_its_blank_lines():
    html = MarkdownRenderer(settings=ELEVENTY).render("1. one\n\n   ~~~\n   a\n\n\n   b\n   ~~~\n2. two\n")
    assert "<pre><code>a\n\n\nb\n</code></pre>" in html
