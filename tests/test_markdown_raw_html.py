"""Raw HTML blocks stay blocks after an "&#" that starts no character
reference. Python-Markdown finds them with html.parser, which gives up at such
an "&#" (in a code span about entities, in "R&#D") and hands the rest of the
document over as text: found by the property tests, where a later "</p>" even
came out as "p&gt;"."""

from __future__ import annotations

import pytest

from generator.bodies import sanitize
from generator.config import MarkdownSettings
from generator.content.markdown import MarkdownRenderer

from .conftest import story
from .htmlcheck import check_page

STRAY = ["`&#`", "R&#D", "&#x", "&#xZZ;", "a &# b", "&#é"]


@pytest.fixture(scope="module")
def renderers():
    return MarkdownRenderer(), MarkdownRenderer(quick=False)


@pytest.mark.parametrize("stray", STRAY)
def test_a_raw_block_after_a_stray_charref_stays_a_block(renderers, stray):
    text = f"{stray}\n\n<figure><img src=\"x.png\" alt=\"\"></figure>\n\nMore *text*.\n\n<div class=\"box\">Boxed</div>\n"
    for renderer in renderers:
        html = renderer.render(text)
        assert '\n<figure><img src="x.png" alt=""></figure>\n' in html, html
        assert '\n<div class="box">Boxed</div>' in html, html
        assert "<p><figure>" not in html and "<p><div" not in html, html
        assert "<p>More <em>text</em>.</p>" in html, html
        assert "&amp;#" in html.split("\n")[0], html  # the "&#" shows as written


def test_the_property_tests_case_keeps_its_closing_tag(renderers):
    text = "\n- &#ó\U00061337ê\n-  <p>para</p> ÇY-;\n\n<p>para</p>\n"
    for renderer in renderers:
        assert renderer.render(text) == "<ul>\n<li>&amp;#ó\U00061337ê</li>\n<li><p>para</p> ÇY-;</li>\n</ul>\n<p>para</p>"


@pytest.mark.parametrize("text, expected", [
    ("a &#12; b &#x41; c", "<p>a &#12; b &#x41; c</p>"),  # real references are left alone
    ("```\n&#\n```\n\n<div>d</div>", "<pre tabindex=\"0\"><code>&amp;#\n</code></pre>\n<div>d</div>"),
    ("<div>raw &# text</div>", "<div>raw &amp;# text</div>"),  # inside a raw block: the same text, escaped
    ('<span title="&#q">x</span>', '<p><span title="&#q">x</span></p>'),  # inline HTML as Python-Markdown leaves it
])
def test_other_ampersands_render_as_before(renderers, text, expected):
    for renderer in renderers:
        assert renderer.render(text) == expected


def test_a_story_about_entities_builds_balanced_pages(site):
    s = site({"content/world/entities.md": story("Entities", body="Write `&#` and a number.\n\n<aside>An aside.</aside>\n\nThe end.\n")})
    s.build()
    rel = "world/2022/12/09/entities/index.html"
    assert check_page(s.output, rel).problems == []
    page = s.read(rel)
    assert "<aside>An aside.</aside>" in page and "<p><aside>" not in page


@pytest.mark.parametrize("text", [
    '<div class="outer">\n<div class="inner" markdown="1">\n\n* item\n\n</div>\n</div>\n',
    "<section>\n<p markdown='block'>x</p>\n</section>\n",
    'Text <span markdown="1">*x*</span> here.\n',
])
def test_a_markdown_attribute_md_in_html_does_not_read_never_reaches_the_page(renderers, text):
    """A markdown="1" inside raw HTML (a kramdown story's `<div>` around a
    `<div markdown="1">`) stayed in the page: no HTML element has that
    attribute (the Nu checker: not allowed on element "div")."""
    for renderer in renderers:
        html = renderer.render(text)
        assert "markdown=" not in html, html


def test_a_markdown_attribute_shown_in_code_stays_shown(renderers):
    for renderer in renderers:
        html = renderer.render('```html\n<div markdown="1">\n```\n\n`<span markdown="1">`\n')
        assert "&lt;div markdown=&quot;1&quot;&gt;" in html and '<code>&lt;span markdown="1"&gt;</code>' in html, html


ESCAPED_TAGS = [
    ("We implemented [\\<iframe>](https://example.com/pr/1) and \\<video> support.\n\nThe rest.\n",
     '<p>We implemented <a href="https://example.com/pr/1">&lt;iframe&gt;</a> and &lt;video&gt; support.</p>\n<p>The rest.</p>'),
    ('a \\<img alt="[x]" src="/a.png"> b\n', '<p>a &lt;img alt=&rdquo;[x]&rdquo; src=&rdquo;/a.png&rdquo;&gt; b</p>'),
    ("a \\<code>x`y`</code> b\n", "<p>a &lt;code&gt;x<code>y</code></code> b</p>"),
    ("a \\\\<b>bold</b>\n", "<p>a \\<b>bold</b></p>"),  # an escaped backslash, then a tag
]


@pytest.mark.parametrize("syntax", ["commonmark", "python-markdown"])
@pytest.mark.parametrize("text, expected", ESCAPED_TAGS)
def test_an_escaped_less_than_sign_opens_no_tag(syntax, text, expected):
    """servo.org's `[\\<iframe>](…) and \\<video> support`: Python-Markdown
    escapes ">" but not "<", and the tags taken before the escapes (an
    attribute holding Markdown, a <code> kept raw) did not look for one, so
    an unclosed <iframe> swallowed the rest of the page. The "<" is text in
    either syntax, with safe_html too: as CommonMark (markdown-it) reads it,
    and with its backslash shown where Python-Markdown shows a backslash
    before a character it does not escape (`\\$5`)."""
    html = MarkdownRenderer(settings=MarkdownSettings(syntax=syntax)).render(text)
    assert html == (expected if syntax == "commonmark" else expected.replace("&lt;", "\\&lt;"))
    assert "<iframe" not in sanitize(html) and "<video" not in sanitize(html)
    escaped = MarkdownRenderer(escape_html=True, settings=MarkdownSettings(syntax=syntax)).render(text)
    assert "<iframe" not in escaped and "<img" not in escaped


@pytest.mark.parametrize("text, kept", [
    ('<div>\n<span title="set markdown=1 on it">x</span>\n</div>\n', '<span title="set markdown=1 on it">x</span>'),
    ("<div>\n<a href='/a' title='markdown = \"1\"' data-x=markdown>x</a>\n</div>\n",
     "<a href='/a' title='markdown = \"1\"' data-x=markdown>x</a>"),
    ('<div>\n<!-- <p markdown="1"> is kramdown\'s -->\n<p class="a" markdown="1" id="b">x</p>\n</div>\n',
     '<!-- <p markdown="1"> is kramdown\'s -->\n<p class="a" id="b">x</p>'),
])
def test_only_an_attribute_named_markdown_is_taken_out(renderers, text, kept):
    """The stripping of markdown="…" edited the writer's text inside other
    attributes' values (`title="set markdown=1 on it"` became "set on
    it"): only an attribute named markdown goes, the rest as written."""
    for renderer in renderers:
        html = renderer.render(text)
        assert kept in html, html


@pytest.mark.parametrize("syntax", ["commonmark", "python-markdown"])
@pytest.mark.parametrize("quick", [True, False])
def test_an_escaped_less_than_sign_in_a_raw_tag_stays_as_written(syntax, quick):
    """Raw HTML is the writer's: `<a href='\\<x'>` stays so. The
    python-markdown reading's kept backslash before an escaped "<" was put
    back into the tag with Python-Markdown's own, `href='\\\\<x'`."""
    renderer = MarkdownRenderer(quick=quick, settings=MarkdownSettings(syntax=syntax))
    html = renderer.render("x <a href='\\<x' title='\\>'>y</a> and \\<b>\n")
    assert "<a href='\\<x' title='\\>'>y</a>" in html, html
