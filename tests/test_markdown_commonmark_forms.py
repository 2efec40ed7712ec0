"""Forms CommonMark renderers (Hugo's goldmark, Eleventy's markdown-it,
GitHub's) read one way and Python-Markdown another, found in real sites:
a code fence's info string (Hugo's ```go {linenos=true}, ```python
title="a.py", MyST's ```{note}) garbled the rest of the story."""

from __future__ import annotations

import pytest

from generator.config import MarkdownSettings
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


@pytest.mark.parametrize("item, indent", [("- item one", "  "), ("1. step", "   "), ("10. step", "    ")])
def test_a_fence_in_a_list_item_is_the_items_code(item, indent):
    """A Pelican blog with MyST writes a step, a blank line, then an indented
    fence: Python-Markdown reads fences only at the margin, so the list was
    cut in two around a paragraph of "```sh" and inline code."""
    text = f"Intro:\n\n{item}\n\n{indent}```sh\n{indent}ls -l\n{indent}---\n\n{indent}echo done\n{indent}```\n\n- next\n\nAfter.\n"
    html = MarkdownRenderer().render(text)
    [code] = elements(html, "code")
    assert code.text == "ls -l\n---\n\necho done\n" and code.attrs.get("class") == "language-sh", html
    assert "```" not in html and "<hr" not in html and html.count("<li>") == 2, html


def test_a_fence_under_a_list_items_text_is_code_in_its_language():
    """coredns.io (Hugo's goldmark): a fence indented under the item's
    second line of text, and one right under its text. The first was shown
    as `<del>~ txt …</del>`, the second lost its language."""
    text = ("* plugin/root: a root plugin.\n  This makes stanzas like this shorter:\n\n    ~~~ txt\n    .:53 {\n"
            "        file db.example.net\n    }\n    ~~~\n\n* plugin/tsig:\n  in the following format:\n  ```cgo\n"
            '  key "example." {\n  };\n  ```\n')
    html = MarkdownRenderer().render(text)
    assert [(c.text, c.attrs.get("class")) for c in elements(html, "code")] == [
        (".:53 {\n    file db.example.net\n}\n", "language-txt"), ('key "example." {\n};\n', "language-cgo")], html
    assert "~" not in html and "<del>" not in html and html.count("<li>") == 2, html


def test_a_fence_indented_at_the_margin_is_read_and_a_fence_in_indented_code_is_code():
    html = MarkdownRenderer().render("Top:\n\n  ```js\n  a()\n  ```\n\nText.\n\n    ```\n    literal\n    ```\n")
    assert [(c.text, c.attrs.get("class")) for c in elements(html, "code")] == [("a()\n", "language-js"), ("```\nliteral\n```\n", None)], html


def test_an_attribute_list_on_the_line_before_a_paragraph_is_the_paragraphs():
    """jekyllrb.com's notes, `{: .note .warning}` then the paragraph, as
    kramdown reads them: shown to readers as text in 38 places."""
    html = MarkdownRenderer().render("Intro.\n\n{: .note .warning}\nIf you are using Ruby,\nread this.\n\nNext.\n\n"
                                     "    {: .code}\n    kept\n")
    [note] = [p for p in elements(html, "p") if "Ruby" in p.text]
    assert note.attrs.get("class") == "note warning" and "{:" not in note.text, html
    assert "{: .code}\nkept" in html  # in code, a line like any other


def test_a_block_attribute_list_is_never_text_in_a_list_item_or_after_a_blank_line():
    """bitcoinops's `  {:.center}` above the diagrams in its list items and
    its `{:#utreexo}` anchors above lists were shown as text, 147 times in 31
    pages. The forms and what kramdown (Jekyll 4.3.1) makes of them."""
    text = ("- **Item one**: text.\n\n  {:.center}\n  ![diagram](/img/d.png)\n\n  More text.\n\n"
            "1. Numbered.\n\n   {:#anchor}\n   Inside.\n\n## August\n\n{:#utreexo}\n\n- **Utreexo**: a list.\n\n"
            "Para A.\n\n{:.lonely}\n\nPara B.\n\n{:#two}\n{:.three}\nPara C.\n\n"
            "* {:.first}\n  Item text\n* item\n{:.lazy}\n\nBetween.\n\n- loose\n  {:.below}\n  continued\n\n"
            "> {:.quoted}\n> In a quote.\n\n{:.before}\n## Heading\n\n{:.t}\n| a |\n|---|\n| 1 |\n\n{:ref: .defined}\n{:toc}\n\nLast.\n\n{:.end}\n")
    html = MarkdownRenderer().render(text)
    assert "{:" not in html, html
    by_text = {p.text: p.attrs for p in elements(html, "p")}
    assert by_text["Inside."] == {"id": "anchor"} and by_text["Para B."] == {"class": "lonely"}
    assert by_text["Para C."] == {"id": "two", "class": "three"} and by_text["In a quote."] == {"class": "quoted"}
    assert "<li>loose<p>continued</p>" in html and by_text["Last."] == {}  # (the item's text paragraph, shown bare, keeps none)
    assert '<p class="center"><img' in html, html
    assert [ul.attrs for ul in elements(html, "ul")] == [{}, {"id": "utreexo"}, {"class": "lazy"}, {}]  # a lazy line ends the list
    assert elements(html, "li", class_="first")[0].text.strip() == "Item text"
    assert elements(html, "h2", class_="before") and elements(html, "table", class_="t")


def test_a_links_attribute_list_ends_at_its_own_closing_brace():
    """kramdown ends `{:rel="nofollow"}` at its `}`; Python-Markdown's
    attr_list ran to the line's last `}`, so a later `{price}` made the rel
    `"nofollow"}, then {price` and moved the words after it before them."""
    html = MarkdownRenderer().render('Read [a](https://a.com){:rel="nofollow"}, then {price} in *text*{: .x}.\n\n'
                                     '[b](https://b.com){: title="a } b" rel="nofollow"} ok {y}\n')
    [first, second] = elements(html, "a")
    assert first.attrs["rel"] == "nofollow" and ">a</a>, then {price} in <em class=\"x\">text</em>.</p>" in html, html
    assert second.attrs["rel"] == "nofollow" and second.attrs["title"] == "a } b" and "</a> ok {y}</p>" in html, html


def _list_shape(html: str) -> str:
    """The nesting of a rendered list, as tags and item words."""
    import re  # noqa: PLC0415

    return " ".join(re.findall(r"</?[uo]l>|\b[A-Za-z][\w-]*(?=\s*(?:<|\n))", html))


@pytest.mark.parametrize("text, shape", [
    # jekyll/minima's sample post: two spaces a level, as GitHub and kramdown's GFM nest it.
    ("- Cookies\n  - Choco-chip\n  - Oatmeal\n- Milk\n", "<ul> Cookies <ul> Choco-chip Oatmeal </ul> Milk </ul>"),
    ("1. One\n   - a\n   - b\n2. Two\n", "<ol> One <ul> a b </ul> Two </ol>"),
    ("* a\n  * b\n    * c\n  * d\n", "<ul> a <ul> b <ul> c </ul> d </ul> </ul>"),
    ("- a\n    - b\n- c\n", "<ul> a <ul> b </ul> c </ul>"),  # four a level, as before
    ("- a\n - b\n", "<ul> a b </ul>"),  # one space: short of a's text, so a's sibling
])
def test_a_list_nested_as_far_as_its_items_text_is_nested(text, shape):
    assert _list_shape(MarkdownRenderer().render(text)) == shape


def test_what_a_list_item_holds_keeps_its_indentation_beyond_the_items_text():
    html = MarkdownRenderer().render("- step\n\n  ```sh\n  echo hi\n    indented\n  ```\n\n  then\n\n      code in it\n- next\n\n"
                                     "Text.\n\n    an indented code block\n    - not a list\n\n<pre>\n  - x\n    - y\n</pre>\n")
    assert [c.text for c in elements(html, "code")] == ["echo hi\n  indented\n", "code in it\n", "an indented code block\n- not a list\n"], html
    assert "<pre>\n  - x\n    - y\n</pre>" in html and "<p>then</p>" in html


@pytest.mark.parametrize("heading, expected", [
    ("না বলতে শেখা", "না-বলতে-শেখা"),  # github/opensource.guide's Bengali: vowel signs are combining marks
    ("नमस्ते दुनिया", "नमस्ते-दुनिया"),
    ("Привет, мир!", "привет-мир"),
    ("Q&A: it's 2024", "qa-its-2024"),
    # scala-lang's table of contents links #im-reminded-of-python-2--3-…: each space a hyphen, none run together
    ("I'm reminded of Python 2 & 3: should I be worried?", "im-reminded-of-python-2--3-should-i-be-worried"),
    ("Breaking changes and deprecations ⚠️", "breaking-changes-and-deprecations-"),  # falco.org's: the emoji and its selector go
])
def test_a_heading_id_is_githubs_and_hugos(heading, expected):
    html = MarkdownRenderer().render(f"## {heading}\n\n[back](#{expected})\n")
    assert elements(html, "h2")[0].attrs["id"] == expected, html


def test_a_second_heading_alike_is_numbered_as_github_numbers_it():
    """Python-Markdown's toc made faq_1; GitHub, Hugo and kramdown's GFM make faq-1, which moved stories link."""
    html = MarkdownRenderer().render("## FAQ\n\n## FAQ\n\n## FAQ\n\n## Kept {#faq-9}\n\n## FAQ 9\n")
    assert [h.attrs["id"] for h in elements(html, "h2")] == ["faq", "faq-1", "faq-2", "faq-9", "faq-9-1"]


def test_a_task_list_item_is_a_disabled_checkbox_labelled_by_its_text():
    """jekyll/minima's sample post and GitHub-flavoured archives write
    "- [x] done"; Hugo's goldmark and GitHub show a checkbox, Python-Markdown
    showed the brackets."""
    html = MarkdownRenderer().render("- [ ] to *do*\n- [x] done\n  - [X] nested\n- not [ ] a task\n\n1. [ ] loose\n\n2. [x] too\n")
    boxes = elements(html, "input")
    assert [(b.attrs.get("type"), "disabled" in b.attrs, "checked" in b.attrs) for b in boxes] == [
        ("checkbox", True, False), ("checkbox", True, True), ("checkbox", True, True), ("checkbox", True, False), ("checkbox", True, True)]
    assert [label.text.strip() for label in elements(html, "label")] == ["to do", "done", "nested", "loose", "too"]
    assert "[ ]" not in html.replace("not [ ] a task", "") and "[x]" not in html.lower()


@pytest.mark.parametrize("text, expected", [
    # PaperMod's installation post: "Direct Links:" then eight links, a paragraph of "- " lines
    ("Direct Links:\n- [a](https://a.example/)\n- b\n", "<p>Direct Links:</p>\n<ul>\n<li><a href=\"https://a.example/\">a</a></li>\n<li>b</li>\n</ul>"),
    ("We had\n2. reasons\n", "<p>We had\n2. reasons</p>"),  # only "1." may interrupt a paragraph
    ("Steps:\n1) one\n2) two\n", "<p>Steps:</p>\n<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
    ("A ~~struck~~ word, `~~kept~~`.\n", "<p>A <del>struck</del> word, <code>~~kept~~</code>.</p>"),
    ("Line one\\\nline two.\n", "<p>Line one<br>\nline two.</p>"),
    ("Para\n* * *\n", "<p>Para</p>\n<hr>"),
    ("Text.\n\n    code\n    1) kept\n", "<p>Text.</p>\n<pre tabindex=\"0\"><code>code\n1) kept\n</code></pre>"),
])
def test_what_goldmark_and_markdown_it_read_by_default(text, expected):
    """A list right under a paragraph, "1)" lists, ~~strikethrough~~ and a
    backslash at a line's end: Hugo's Goldmark, markdown-it and GitHub read
    them; Python-Markdown showed them as written."""
    assert MarkdownRenderer().render(text) == expected


KRAMDOWN = """{::comment}
Internal note: do not publish before the embargo.
{:/comment}

{::options toc_levels="2" /}

* placeholder
{:toc}

{::nomarkdown}
<span class="raw">**not bold**</span>
{:/}

## Section one

Text with {::comment}a hidden aside{:/comment}and {::nomarkdown}<b>*as written*</b>{:/} inline.

```
{::comment}
code shows it
{:/comment}
```
"""


def test_kramdowns_extensions_are_read_as_kramdown_reads_them():
    """w3c/wai-website (Jekyll) has them on 384 of 523 pages: each was read
    as an attribute list, and `<p :comment>` published an internal note."""
    html = MarkdownRenderer().render(KRAMDOWN)
    prose = html.split("<pre")[0]
    assert "Internal note" not in html and "hidden aside" not in html and "options" not in html and "placeholder" not in html
    assert ":comment" not in prose and "{:" not in prose, html
    assert '<div class="toc">\n<ul>\n<li><a href="#section-one">Section one</a></li>\n</ul>\n</div>' in html
    assert '<span class="raw">**not bold**</span>' in html and "<b>*as written*</b>" in html
    assert "{::comment}\ncode shows it\n{:/comment}" in elements(html, "code")[0].text
    # Where raw HTML is shown as text (an author's bio), so is the nomarkdown's.
    assert "&lt;b&gt;" in MarkdownRenderer(escape_html=True).render("{::nomarkdown}\n<b>x</b>\n{:/}\n")


def test_code_written_in_html_keeps_its_text_as_written():
    """thepugautomatic.com (Eleventy, 23 posts) writes <code>git reset --soft
    HEAD^</code>: smarty made the dashes an en dash, which git rejects, and
    the quotes of to_swedish("123") curly. kramdown keeps the text of code,
    kbd, samp and var as written; prose around it is still smartened."""
    html = MarkdownRenderer().render('Run <code>git reset --soft HEAD^</code>, then <code>to_swedish("123")</code>, '
                                     '<kbd>\'</kbd> and <samp>a < b && c</samp> -- "done".\n')
    assert "<code>git reset --soft HEAD^</code>" in html and '<code>to_swedish("123")</code>' in html
    assert "<kbd>'</kbd>" in html and "<samp>a &lt; b &amp;&amp; c</samp>" in html
    assert "&ndash; &ldquo;done&rdquo;" in html
    assert "&lt;code&gt;" in MarkdownRenderer(escape_html=True).render("<code>a -- b</code>")


@pytest.mark.parametrize("quick", [True, False])
def test_an_html_tag_whose_attribute_holds_markdown_is_the_writers_html(quick):
    """tidyverse.org's hugodown writes `<img alt="… [`mcp_server()`](https://…) …">`:
    a tag and a code span bind alike in CommonMark, the first to start wins.
    Python-Markdown made the alt text an <a> inside the attribute (invalid
    HTML, the rest of the tag shown as text, the picture lost)."""
    text = ('See <img src="d.png" alt="Server [`mcp()`](https://e.com/s.html) here" width="700" /> and '
            '<abbr title="see [a](https://x.org/)">A</abbr>, but `<b title="[x](y)">` is code and [a `b`](https://c.org/) a link.\n')
    html = MarkdownRenderer(quick=quick).render(text)
    image, = elements(html, "img")
    assert image.attrs["alt"] == "Server [`mcp()`](https://e.com/s.html) here" and image.attrs["width"] == "700", html
    assert elements(html, "abbr")[0].attrs["title"] == "see [a](https://x.org/)", html
    assert [code.text for code in elements(html, "code")] == ['<b title="[x](y)">', "b"], html
    assert [a.attrs["href"] for a in elements(html, "a")] == ["https://c.org/"], html


def test_a_reference_whose_label_is_code_is_a_link():
    """blog.rust-lang.org (Jekyll, kramdown): `[`Vec`][]` and
    `[`slice::sort_unstable`]` with their `[`Vec`]: url` definitions, 181
    links in 20 posts, were shown as brackets around code."""
    text = ("We added [`slice::sort_unstable`] and [`Vec`][] and [the docs][`vec`] and ![`logo`] and [`Gone`].\n\n"
            "[`slice::sort_unstable`]: https://doc.rust-lang.org/std/primitive.slice.html#method.sort_unstable\n"
            "[`Vec`]: https://doc.rust-lang.org/std/vec/struct.Vec.html\n[`logo`]: /logo.png\n")
    html = MarkdownRenderer().render(text)
    assert [(a.attrs["href"], a.text) for a in elements(html, "a")] == [
        ("https://doc.rust-lang.org/std/primitive.slice.html#method.sort_unstable", "slice::sort_unstable"),
        ("https://doc.rust-lang.org/std/vec/struct.Vec.html", "Vec"), ("https://doc.rust-lang.org/std/vec/struct.Vec.html", "the docs")], html
    assert '<a href="https://doc.rust-lang.org/std/vec/struct.Vec.html"><code>Vec</code></a>' in html
    assert [img.attrs["src"] for img in elements(html, "img")] == ["/logo.png"] and "[<code>Gone</code>]" in html, html


def test_an_atx_heading_has_a_space_after_its_hashes_and_up_to_three_before():
    """blog.rust-lang.org's "#RustAllHands hashtag" at a line's start, in a
    paragraph, was a heading; coredns.io's " ## Syntax" was text."""
    html = MarkdownRenderer().render("Tweet at the\n#RustAllHands hashtag.\n\n ## Syntax\n\n   ### Three in\n\n#\n\n"
                                     "#tag alone\n\n    # code\n")
    assert [(h.tag, h.text) for h in elements(html) if h.tag[0] == "h"] == [("h2", "Syntax"), ("h3", "Three in"), ("h1", "")], html
    assert "<p>Tweet at the\n#RustAllHands hashtag.</p>" in html and "<p>#tag alone</p>" in html, html
    assert "<pre tabindex=\"0\"><code># code\n</code></pre>" in html, html


def test_a_backslash_escapes_any_ascii_punctuation():
    """CommonMark's rule; kramdown's set has `< > $ = | : "` as well:
    blog.rust-lang.org's `\\<heycam\\>` and `\\$5` kept their backslashes."""
    html = MarkdownRenderer().render('> \\<heycam\\> costs \\$5 \\~ \\@x \\= \\: \\"q\\" \\& \\a `\\$ kept`\n')
    assert html == '<blockquote>\n<p>&lt;heycam&gt; costs $5 ~ @x = : "q" &amp; \\a <code>\\$ kept</code></p>\n</blockquote>', html


def test_a_quote_under_a_list_items_text_is_the_items_quote():
    """coredns.io: "* RFC requirement:" then "  > If the name…" printed
    "&gt; If the name"; CommonMark, and Python-Markdown too, quote it."""
    html = MarkdownRenderer().render("* RFC requirement:\n  > If the name is not\n  > known.\n* next\n  - nested:\n    > deeper\n")
    assert [q.text.strip() for q in elements(html, "p") if q.text] == ["If the name is not\nknown.", "deeper"], html
    assert "&gt;" not in html and html.count("<blockquote>") == 2 and html.count("<li>") == 3, html


def test_tabs_in_code_stay_tabs():
    """kramdown and goldmark keep a code block's tabs (blog.rust-lang.org's
    code, coredns.io's benchmark columns, gofmt's indentation); Python-Markdown
    made each one spaces. A tab that is Markdown's structure is read as before."""
    text = ("```go\nfunc main() {\n\tfmt.Println()\n}\n```\n\nText.\n\n    fn main() {\n    \tlet x = 1;\t// tab\n    }\n\n"
            "- item\n\n  ```\n  a\tb\n  ```\n-\tsecond\n\nOutside\tcode.\n")
    html = MarkdownRenderer().render(text)
    assert [c.text for c in elements(html, "code")] == ["func main() {\n\tfmt.Println()\n}\n", "fn main() {\n\tlet x = 1;\t// tab\n}\n", "a\tb\n"], html
    assert html.count("<li>") == 2 and "second" in html and "Outside code." in html, html


def test_tabs_in_code_spans_and_the_writers_raw_pre_stay_tabs():
    """CommonMark keeps a code span's tab (`a<tab>b`), and the writer's raw
    <pre> is kept as written; Python-Markdown made both spaces. A span ends
    at the next run of as many backticks; a tab outside one, and an escaped
    backtick's, is read as before."""
    text = ("x `a\tb` and ``c\t`d`` and \\`e\tf\n\n- `g\th`\n\nA `span\nover\tlines` here.\n\n"
            '<pre class="out">\n\tcol\tcol\n</pre>\n\n<pre>\tx</pre>\n\nOutside\tcode.\n')
    html = MarkdownRenderer().render(text)
    assert [c.text for c in elements(html, "code")] == ["a\tb", "c\t`d", "g\th", "span\nover\tlines"], html
    assert '<pre class="out">\n\tcol\tcol\n</pre>' in html and "<pre>\tx</pre>" in html, html
    assert "`e" in html and html.count("\t") == 7, html


def test_a_fence_after_a_nested_list_item_is_the_outer_items_code():
    """artsy.github.io: an outer item `3.`, its nested `1.` item, then a fence
    indented as far as the outer item's text. Its fences were lost and its
    code went out as raw HTML (`React.FC<WrapperProps>`, `<Formik>`) in a
    paragraph, as markdown-it does not read it: the outer item's code."""
    text = ("1. Refactor the form.\n\n   1. A note on tests: we made a\n      wrapper. Here it is:\n\n"
            "   ```tsx\n   const W: React.FC<WrapperProps> = (p) => <Formik>{p.children}</Formik>\n   ```\n\n2. Done.\n")
    for syntax in ("commonmark", "python-markdown"):
        html = MarkdownRenderer(settings=MarkdownSettings(syntax=syntax)).render(text)
        [code] = elements(html, "code")
        assert code.attrs.get("class") == "language-tsx" and "React.FC<WrapperProps>" in code.text, html
        assert "<Formik>" not in html and "```" not in html, html
        outer = html.index("<li>", html.index("<ol>") + 1)
        assert html.index("</ol>") < html.index("<pre ") < html.index("</li>\n<li>", outer), html  # after the nested list, in item 1


@pytest.mark.parametrize("syntax", ["commonmark", "python-markdown"])
def test_a_code_block_can_be_focused_to_scroll_it_and_the_writers_pre_is_left_as_written(syntax):
    """The theme scrolls a wide code block sideways, which a keyboard can
    do only to what it can focus (axe's scrollable-region-focusable): each
    <pre> the Markdown makes has tabindex="0", as GitHub's has, fenced,
    indented or in a list item. The writer's own <pre> is theirs."""
    text = ("```py\nx = 1\n```\n\n    indented\n\n- item\n\n  ```sh\n  ls\n  ```\n\n<pre>raw</pre>\n\n"
            "{::nomarkdown}\n<pre>kept</pre>\n{:/}\n")
    html = MarkdownRenderer(settings=MarkdownSettings(syntax=syntax)).render(text)
    assert [(b.attrs.get("tabindex"), b.text) for b in elements(html, "pre")] == [
        ("0", "x = 1\n"), ("0", "indented\n"), ("0", "ls\n"), (None, "raw"), (None, "kept")], html
