"""[markdown] in site.toml: heading ids, smart punctuation and indented
code as the generator a site comes from made them (Pelican's Python-Markdown
with toc, Eleventy's markdown-it), so that its old #anchor links land and its
text reads as it did."""

from __future__ import annotations

import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor

import markdown
import pytest

from generator.build import SiteBuilder, build_site
from generator.config import MarkdownSettings, load_config
from generator.content.markdown import MarkdownRenderer
from generator.content.model import BuildMode
from generator.workers import ShippingExecutor

from .conftest import DEFAULT_CONFIG, NOW, output_files, story
from .test_incremental import MODE, assert_same_tree, builder_factory, full_build

PELICAN = MarkdownSettings(heading_ids="python-markdown", smart_punctuation=False)
ELEVENTY = MarkdownSettings(smart_punctuation=False, indented_code=False)


def ids(html: str) -> list[str]:
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
    assert '<pre tabindex="0"><code class="language-js">function doSomething(arg1) {}\n</code></pre>' in html
    assert html.count("<pre ") == 1


def test_indented_code_stays_the_default():
    assert "<pre tabindex=\"0\"><code>We didn’t" in MarkdownRenderer().render(INDENTED)


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
    assert "<pre tabindex=\"0\"><code" in MarkdownRenderer(settings=ELEVENTY).render(text)


def test_without_indented_code_an_indented_paragraph_in_a_list_item_is_a_paragraph():
    html = MarkdownRenderer(settings=ELEVENTY).render("1. one\n\n        eight spaces in\n\n2. two\n")
    assert "<p>eight spaces in</p>" in html and "<pre" not in html


def test_without_indented_code_a_fence_in_a_list_item_keeps_its_blank_lines():
    html = MarkdownRenderer(settings=ELEVENTY).render("1. one\n\n   ~~~\n   a\n\n\n   b\n   ~~~\n2. two\n")
    assert "<pre tabindex=\"0\"><code>a\n\n\nb\n</code></pre>" in html


# What CommonMark reads apart from Python-Markdown (each found on a real site: blog.rust-lang.org,
# coredns.io, PyChina's weekly on Pelican).
FORMS = ("We added [`Vec`][] and [`slice::sort`] and [the docs][`Vec`] and ![`logo`].\n\n"
         "Blog and tweet at the\n#RustAllHands hashtag.\n\n ## Indented\n\n#Tight\n\n"
         "> \\<heycam\\> costs \\$5 \\~ \\@x \\= \\: \\\"q\\\" \\| a\n\n"
         "I am frustrated by two things:\n1) not enough numbers,\n2) books.\n\nThings to read:\n- one\n- two\n\n"
         "* RFC requirement:\n  > If the name is not\n  > known.\n\nCode:\n\n    a\tb\n\n"
         "[`Vec`]: https://doc.rust-lang.org/std/vec/struct.Vec.html\n[`slice::sort`]: https://x.org/s\n[`logo`]: /logo.png\n")
PYTHON_MARKDOWN = MarkdownSettings(heading_ids="python-markdown", smart_punctuation=False, syntax="python-markdown")


@pytest.mark.parametrize("quick", [True, False])
def test_python_markdown_syntax_reads_as_python_markdown(quick):
    """A Pelican site's stories show as Pelican showed them: "1)" and a list
    under a paragraph's line stay the paragraph's, "#Tight" is a heading and
    " ## Indented" text, a code label links nothing, and a backslash before
    `<`, `$` or `~` stays. (A code block can be focused, a keyboard's way to scroll it.)"""
    ours = MarkdownRenderer(settings=PYTHON_MARKDOWN, quick=quick).render(FORMS)
    pelicans = markdown.markdown(FORMS, extensions=["extra", "toc", "sane_lists"])
    assert ours == pelicans.replace("<pre><code>", '<pre tabindex="0"><code>'), ours


def test_commonmark_syntax_stays_the_default():
    html = MarkdownRenderer().render(FORMS)
    assert html == MarkdownRenderer(settings=MarkdownSettings(syntax="commonmark")).render(FORMS)
    assert html.count("<a ") == 3 and "<img" in html and "<ol>" in html and "<h1" not in html and "\\" not in html, html


# ---- in a build: every body as the settings say, wherever it renders -------------

BODY = ("Run `cargo` with --filter-platform.\n\nIt costs \\$5.\n\n## News & Blog Posts\n\n### Rust\n\n### Rust\n\n"
        "    Indented prose with `code`.\n")
AS_PELICAN = '\n[markdown]\nheading_ids = "python-markdown"\nsmart_punctuation = false\nindented_code = false\nsyntax = "python-markdown"\n'


def _stories(count: int = 4) -> dict[str, str]:
    return {f"content/world/story-{n}.md": story(f"Story {n}", date=f"2022-12-0{n + 1}T10:00:00", body=BODY) for n in range(count)}


def _read_as_pelican(page: str) -> None:
    assert 'id="news-blog-posts"' in page and 'id="rust_1"' in page, page
    assert "with --filter-platform." in page and "costs \\$5." in page
    assert "<p>Indented prose with <code>code</code>.</p>" in page


def _read_as_before(page: str) -> None:
    assert 'id="news--blog-posts"' in page and 'id="rust-1"' in page
    assert "&ndash;filter-platform" in page and "costs $5." in page
    assert "<pre tabindex=\"0\"><code>Indented prose with `code`." in page


def test_a_build_reads_every_story_as_the_markdown_table_says(site):
    s = site(_stories(), config=DEFAULT_CONFIG + AS_PELICAN)
    build_site(load_config(s.root, output_dir=s.root / "out"), BuildMode(now=NOW))
    _read_as_pelican((s.root / "out/world/2022/12/02/story-1/index.html").read_text())


@pytest.mark.parametrize("mode", ["in_place", "cache_dir"])
def test_a_new_markdown_table_renders_every_body_again(site, tmp_path, mode):
    """Bodies come from the store by a key, pages are kept by a fingerprint:
    both take the settings in, so the rebuild equals a build from nothing."""
    s = site(_stories(), config=DEFAULT_CONFIG)
    folder = tmp_path / "out"
    first = builder_factory(s, folder, tmp_path, mode)
    first().build(MODE)
    page = folder / "world/2022/12/02/story-1/index.html"
    _read_as_before(page.read_text())
    s.write("site.toml", DEFAULT_CONFIG + AS_PELICAN)
    if mode == "in_place":  # the dev server: a new builder, given the old one's state
        again = SiteBuilder(s.config(output_dir=folder), in_place=True)
        again.state = first().state
        again.build(MODE)
    else:
        builder_factory(s, folder, tmp_path, mode)().build(MODE)
    _read_as_pelican(page.read_text())
    assert_same_tree(folder, full_build(s, tmp_path, 1), "a new [markdown] table")
    s.write("site.toml", DEFAULT_CONFIG)  # and back again
    builder_factory(s, folder, tmp_path, "cache_dir")().build(MODE)
    _read_as_before(page.read_text())


class SpawnedShipping(ShippingExecutor):
    """Workers that share no memory and are sent the site: as a cluster's."""

    def __init__(self):
        self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))

    def ship(self, value):
        return value

    def submit(self, fn, /, *args, **kwargs):
        return self.pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait=True, *, cancel_futures=False):
        self.pool.shutdown(wait, cancel_futures=cancel_futures)


def test_worker_processes_render_with_the_settings(site):
    """A forked worker inherits them, a spawned one reads them from the job,
    a worker elsewhere (a cluster's) is shipped them with the site."""
    s = site(_stories(), config=DEFAULT_CONFIG + AS_PELICAN)
    build_site(load_config(s.root, output_dir=s.root / "serial"), BuildMode(now=NOW))
    for name, executor in (("forked", ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork"))),
                           ("spawned", ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))),
                           ("shipped", SpawnedShipping())):
        with executor:
            build_site(load_config(s.root, output_dir=s.root / name), BuildMode(now=NOW), executor=executor)
        assert output_files(s.root / name) == output_files(s.root / "serial"), name
        _read_as_pelican((s.root / name / "world/2022/12/02/story-1/index.html").read_text())


HUGO = MarkdownSettings(heading_ids="hugo")


@pytest.mark.parametrize("quick", [True, False])
def test_hugo_heading_ids_are_made_from_each_headings_markdown(quick):
    """r-hub/blog: Hugo (goldmark's parser, its "github" ids) made
    `## Not so temporary files[^3]` #not-so-temporary-files3, which another
    post links to; newsgen made #not-so-temporary-files. A link's URL stays
    in the id, an attribute list does not, a second one alike is numbered."""
    text = ("## Not so temporary files[^3]\n\n## Using [rappdirs](https://github.com/r-lib/rappdirs)\n\n"
            "## News & Blog Posts\n\n## *Emphasis* and `code_x`\n\n## Classy {.wide}\n\n## Kept {#mine}\n\n"
            "## Rust\n\n## Rust\n\n## Žlutý kůň\n\n[^3]: Said.\n")
    html = MarkdownRenderer(settings=HUGO, quick=quick).render(text)
    assert ids(html) == ["not-so-temporary-files3", "using-rappdirshttpsgithubcomr-librappdirs", "news--blog-posts",
                         "emphasis-and-code_x", "classy", "mine", "rust", "rust-1", "žlutý-kůň"]
    assert "data-newsgen" not in html
    assert ids(MarkdownRenderer(quick=quick).render(text))[:2] == ["not-so-temporary-files", "using-rappdirs"]  # GitHub's


@pytest.mark.parametrize("quick", [True, False])
def test_blackfriday_heading_ids_are_hugos_before_goldmark(quick):
    """volcano-sh/website (Hugo 0.57.2, Blackfriday): a post links to
    #2-1-2-enable-dra-dynamic-resource-allocation-in-volcano, Blackfriday's
    SanitizedAnchorName of the heading's Markdown (letters and digits,
    lowercased, every other run one "-"); newsgen made GitHub's
    #212-enable-dradynamic-resource-allocation-in-volcano. A second one
    alike is numbered as Blackfriday's ensureUniqueHeaderID numbers it."""
    text = ("## 2.1.2. Enable DRA(Dynamic Resource Allocation) in Volcano\n\n## News & Blog Posts\n\n"
            "## *Emphasis* and `code_x`\n\n## Files[^3]\n\n## Kept {#mine}\n\n## Rust\n\n## Rust\n\n## Žlutý -- kůň!\n\n[^3]: Said.\n")
    html = MarkdownRenderer(settings=MarkdownSettings(heading_ids="blackfriday"), quick=quick).render(text)
    assert ids(html) == ["2-1-2-enable-dra-dynamic-resource-allocation-in-volcano", "news-blog-posts", "emphasis-and-code-x",
                         "files-3", "mine", "rust", "rust-1", "žlutý-kůň"]
    assert "data-newsgen" not in html
