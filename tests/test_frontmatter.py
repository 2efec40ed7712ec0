"""Front matter: the schema every article is held to, and the errors a writer sees."""

from __future__ import annotations

import re

import pytest

from generator.build import SiteBuilder
from generator.cli import main
from generator.content.model import BuildMode
from generator.errors import BuildFailed
from generator.write import standby_path

from .conftest import NOW, dedent, elements, messages, story, text_of

PAGE = "world/2022/12/09/{}/index.html"


def only_error(failed, path: str):
    """The diagnostics of `failed` for `path`; there must be at least one."""
    found = [d for d in failed.diagnostics if d.path == path]
    assert found, f"no error for {path}; got {messages(failed)}"
    return found


# ---- required fields --------------------------------------------------------

def test_without_a_title_the_headline_comes_from_the_file_name_with_a_warning(site):
    """As Jekyll does; the warning names the file and says what to write."""
    s = site({"content/world/2022-12-09-troops-arrive-in-minsk.md": story(title=None)})
    result = s.build()
    assert text_of(s.read(PAGE.format("troops-arrive-in-minsk")), "h1") == ["Troops arrive in minsk"]
    [found] = [w for w in result.warnings if w.path == "content/world/2022-12-09-troops-arrive-in-minsk.md"]
    assert "'title'" in found.message and "file name" in found.message


def test_empty_title_is_an_error(site):
    s = site({"content/world/a.md": story(title='""')})
    failed = s.build_fails()
    [problem] = only_error(failed, "content/world/a.md")
    assert "'title'" in problem.message
    assert problem.line == 2


def test_a_file_without_a_date_is_a_page_at_its_path_with_a_warning(site):
    """As Hugo and Jekyll publish it; the warning says how to make it a story."""
    s = site({"content/world/a.md": story(date=None), "content/world/b.md": story("B")})
    result = s.build()
    assert s.exists("world/a/index.html")
    assert "world/a/index.html" not in [f for f in s.files() if f.startswith("world/2022/")]
    [found] = [w for w in result.warnings if w.path == "content/world/a.md"]
    assert "'date'" in found.message and "/world/a/" in found.message and found.line == 1
    assert 'href="a/"' not in s.read("world/index.html")  # a page, not in the section's list
    with pytest.raises(BuildFailed) as failed:
        SiteBuilder(s.config()).build(BuildMode(now=NOW), strict=True)
    assert only_error(failed.value, "content/world/a.md")


@pytest.mark.parametrize("withheld", ["draft: true", "published: false"])
def test_a_draft_without_a_date_is_not_said_to_be_published(site, withheld):
    """"published as the page /world/a/", of a file that is published as nothing."""
    s = site({"content/world/a.md": story(date=None).replace("---\nFirst", f"{withheld}\n---\nFirst"), "content/world/b.md": story("B")})
    result = s.build()
    assert not s.exists("world/a/index.html")
    assert not [str(w) for w in result.warnings if w.path == "content/world/a.md" and "published as" in w.message]


def test_date_is_required_of_a_story_that_names_its_section(site):
    s = site({"content/world/a.md": story(date=None, section="world")})
    failed = s.build_fails()
    [problem] = only_error(failed, "content/world/a.md")
    assert "'date'" in problem.message and "required" in problem.message


@pytest.mark.parametrize("value", ["2022-02-30", "yesterday", "2022-13-01T10:00:00", "03/04/2022", "9 Decembre 2022"])
def test_unparseable_date_names_file_line_and_key(site, value):
    text = dedent(f"""
        ---
        title: Troops arrive
        tags: [Ukraine]
        date: {value}
        ---
        Body.
        """)
    s = site({"content/world/a.md": text})
    failed = s.build_fails()
    [problem] = only_error(failed, "content/world/a.md")
    assert problem.line == 4  # the line of `date:`
    assert "'date'" in problem.message
    assert value in problem.message
    assert str(failed).startswith("content/world/a.md:4: ")


def test_unparseable_updated_names_its_key(site):
    s = site({"content/world/a.md": story(updated="soon")})
    [problem] = only_error(s.build_fails(), "content/world/a.md")
    assert "'updated'" in problem.message and problem.line == 4


# ---- types ------------------------------------------------------------------

@pytest.mark.parametrize(
    "key, lines",
    [
        ("title", ["title:", "  en: Troops arrive", "date: 2022-12-09T10:00:00"]),
        ("tags", ["title: Troops arrive", "date: 2022-12-09T10:00:00", "tags:", "  first: Ukraine"]),
        ("draft", ["title: Troops arrive", "date: 2022-12-09T10:00:00", 'draft: "yes"']),
        ("featured", ["title: Troops arrive", "date: 2022-12-09T10:00:00", "featured: [true]"]),
        ("date", ["title: Troops arrive", "date: [2022-12-09]"]),
        ("summary", ["title: Troops arrive", "date: 2022-12-09T10:00:00", "summary: [a, b]"]),
    ],
)
def test_wrong_type_is_an_error_naming_key_and_line(site, key, lines):
    text = "---\n" + "\n".join(lines) + "\n---\nBody.\n"
    s = site({"content/world/a.md": text})
    failed = s.build_fails()
    problems = only_error(failed, "content/world/a.md")
    line = next(n for n, l in enumerate(text.split("\n"), start=1) if l.startswith(f"{key}:"))
    assert any(f"'{key}'" in p.message and p.line == line for p in problems), messages(failed)
    assert not s.exists(PAGE.format("a"))


# ---- unknown keys and extra --------------------------------------------------

@pytest.mark.parametrize("typo, meant", [("titel", "title"), ("tagz", "tags"), ("sumary", "summary"), ("autor", "author"), ("Slugs", "slug")])
def test_a_key_one_edit_from_a_known_one_is_a_warning_that_suggests_it(site, typo, meant):
    """A likely typo is said with the right did-you-mean; the story is still
    published, the value kept for templates (as Hugo and Jekyll keep it)."""
    text = story(**{typo: "something"})
    s = site({"content/world/a.md": text})
    result = s.build()
    hits = [w for w in result.warnings if repr(typo) in w.message]
    assert hits, [str(w) for w in result.warnings]
    assert f"did you mean {meant!r}" in hits[0].message
    assert hits[0].line == 4 and hits[0].path == "content/world/a.md"
    assert s.exists(PAGE.format("a"))


def test_misspelt_title_reports_the_typo(site):
    s = site({"content/world/a.md": "---\ntitel: Troops arrive\ndate: 2022-12-09\n---\nBody.\n"})
    result = s.build()
    assert any("'titel'" in str(w) and "did you mean 'title'" in str(w) and str(w).startswith("content/world/a.md:2:")
               for w in result.warnings), [str(w) for w in result.warnings]


def test_extra_is_accepted(site):
    text = story(body="Body.\n") + ""
    text = text.replace("---\nBody", "extra:\n  desk: foreign\n  priority: 3\n---\nBody")
    s = site({"content/world/a.md": text})
    s.build()
    assert s.exists(PAGE.format("a"))


def test_extra_must_be_a_mapping(site):
    s = site({"content/world/a.md": story(extra="just text")})
    [problem] = only_error(s.build_fails(), "content/world/a.md")
    assert "'extra'" in problem.message


# ---- authors -----------------------------------------------------------------

def test_author_string(site):
    s = site({"content/world/a.md": story(author="Marta Lindqvist")})
    s.build()
    html = s.read(PAGE.format("a"))
    bylines = text_of(html, "span", class_="byline")
    assert bylines == ["By Marta Lindqvist"]
    assert [e.attrs["href"] for e in elements(html, "a", rel="author")] == ["../../../../../authors/marta-lindqvist/"]
    assert s.exists("authors/marta-lindqvist/index.html")


def test_authors_list(site):
    s = site({"content/world/a.md": story(authors="[Marta Lindqvist, Tomas Keller]")})
    s.build()
    html = s.read(PAGE.format("a"))
    assert text_of(html, "span", class_="byline") == ["By Marta Lindqvist and Tomas Keller"]
    assert s.exists("authors/marta-lindqvist/index.html")
    assert s.exists("authors/tomas-keller/index.html")
    assert "A headline" in s.read("authors/tomas-keller/index.html")


def test_author_and_authors_together_is_an_error(site):
    s = site({"content/world/a.md": story(author="Marta Lindqvist", authors="[Tomas Keller]")})
    [problem] = only_error(s.build_fails(), "content/world/a.md")
    assert "author" in problem.message and problem.line == 5


# ---- section and slug ----------------------------------------------------------

def test_section_comes_from_the_first_folder(site):
    s = site({"content/world/europe/a.md": story()})
    s.build()
    assert s.exists(PAGE.format("a"))
    assert "A headline" in s.read("world/index.html")
    assert not s.exists("europe/index.html")


def test_section_key_overrides_the_folder(site):
    s = site({"content/world/a.md": story(section="Business")})
    s.build()
    assert s.exists("business/2022/12/09/a/index.html")
    assert not s.exists(PAGE.format("a"))
    assert "A headline" in s.read("business/index.html")
    assert not s.exists("world/index.html")


def test_markdown_directly_in_content_is_a_page_as_in_jekyll_and_hugo(site):
    s = site({"content/about-us.md": story(title="About us"), "content/world/a.md": story()})
    s.build()
    assert text_of(s.read("about-us/index.html"), "h1") == ["About us"]


def test_markdown_directly_in_content_with_a_section_is_a_story(site):
    s = site({"content/a.md": story(section="world")})
    s.build()
    assert s.exists(PAGE.format("a"))


def test_slug_comes_from_file_name_without_date_prefix(site):
    s = site({"content/world/2022-12-09-troops-arrive.md": story()})
    s.build()
    assert s.exists(PAGE.format("troops-arrive"))


def test_slug_key_overrides_file_name_and_is_slugified(site):
    s = site({"content/world/2022-12-09-troops-arrive.md": story(slug="Kremlin Sends Troops!")})
    s.build()
    assert s.exists(PAGE.format("kremlin-sends-troops"))
    assert not s.exists(PAGE.format("troops-arrive"))


@pytest.mark.parametrize("slug", ["../../etc", "../../../../../../../tmp/evil", "/etc/passwd", "a/../../b", "..", "."])
def test_slug_can_never_leave_the_output_folder(site, tmp_path, slug):
    s = site({"content/world/a.md": story(slug=f'"{slug}"')})
    before = {p for p in tmp_path.rglob("*")}
    s.build()
    output = s.output.resolve()
    article_pages = [f for f in s.files() if f.startswith("world/2022/")]
    assert len(article_pages) == 1, s.files()
    page = (s.output / article_pages[0]).resolve()
    assert output in page.parents
    assert "A headline" in page.read_text()
    # Nothing appeared outside the site and its output folder (or its standby copy, the same tree).
    after = {p for p in tmp_path.rglob("*")}
    new = {p for p in after - before if not any(p == folder or folder in p.parents for folder in (s.output, standby_path(s.output)))}
    assert new == set()


# ---- summary -----------------------------------------------------------------

def test_summary_defaults_to_first_paragraph_as_plain_text(site):
    body = dedent("""
        ## A heading first

        ![map](https://example.com/map.png)

        **Russia** has sent _the first_ soldiers to [Belarus](https://example.com/by) &amp; `trains`
        arrived <em>overnight</em>.

        Second paragraph.
        """)
    s = site({"content/world/a.md": story(body=body)})
    s.build()
    html = s.read(PAGE.format("a"))
    expected = "Russia has sent the first soldiers to Belarus & trains arrived overnight."
    assert text_of(html, "p", class_="story-dek") == [expected]
    [description] = [e.attrs["content"] for e in elements(html, "meta", name="description")]
    assert description == expected
    listing = s.read("latest/index.html")  # a list without a lead story: its teasers
    assert text_of(listing, "p", class_="teaser-summary") == [expected]


def test_summary_emphasis_over_a_line_break_and_snake_case_words(site):
    """Hard-wrapped paragraphs are the norm: kubernetes.dev's dek kept a
    stray `_` where the emphasis went on to the next line."""
    body = "_This is the first interview\nof a series_ about **our\nconformance** work on snake_case names.\n"
    s = site({"content/world/a.md": story(body=body)})
    s.build()
    expected = "This is the first interview of a series about our conformance work on snake_case names."
    assert text_of(s.read(PAGE.format("a")), "p", class_="story-dek") == [expected]


def test_summary_shows_backslash_escapes_as_their_characters(site):
    """WordPress's theme test page said `2ου επιπέδου \\- Second level page`
    in its dek and description, and `\\_record\\_` lost its underscores as emphasis."""
    body = "Prices rose 5\\* \\- a \\_record\\_ for \\#1 in the \\[region\\] at C:\\path.\n"
    s = site({"content/world/a.md": story(body=body)})
    s.build()
    html = s.read(PAGE.format("a"))
    expected = "Prices rose 5* - a _record_ for #1 in the [region] at C:\\path."
    assert text_of(html, "p", class_="story-dek") == [expected]
    assert [e.attrs["content"] for e in elements(html, "meta", name="description")] == [expected]


def test_summary_leaves_out_kramdown_attribute_lists(site):
    """A Jekyll post's `[site](…){:rel="nofollow"}`: kramdown puts the rel on
    the link, and so does the body here, but the dek, description and feeds
    showed `site{:rel="nofollow"}`. `{: …}` on a paragraph's last line is
    the paragraph's; after a space kramdown shows it as written."""
    body = ('See [the site](https://example.com){:rel="nofollow"} and [more](https://example.com/m){: rel="nofollow" '
            'target="_blank"}, {:as written} *really*{:.red}.\n{: .lede}\n')
    s = site({"content/world/a.md": story(body=body)})
    s.build()
    html = s.read(PAGE.format("a"))
    expected = "See the site and more, {:as written} really."
    assert text_of(html, "p", class_="story-dek") == [expected]
    assert [e.attrs["content"] for e in elements(html, "meta", name="description")] == [expected]
    assert '<a href="https://example.com" rel="nofollow">the site</a>' in html


def test_summary_is_what_comes_before_the_more_divider(site):
    """WordPress's and Hugo's `<!--more-->`: the writer marked the summary
    (Hugo shows all before it); the dek was the first paragraph alone."""
    body = "## Heading\n\nFirst part.\n\nSecond part.\n\n<!--more-->\n\nThe rest.\n"
    s = site({"content/world/a.md": story(body=body)})
    s.build()
    assert text_of(s.read(PAGE.format("a")), "p", class_="story-dek") == ["First part. Second part."]


@pytest.mark.parametrize("rel,body", [
    ("content/world/a.md", 'Markets rose <script>var tracker = "x1";</script>today<style>p { color: red }</style>.\n\nMore.\n'),
    ("content/world/a.md", "Markets rose <SCRIPT type='text/javascript'>track()</SCRIPT >today.\n"),
    ("content/_posts/2022-12-09-a.html", "<script>var tracker = 1;</script>\nMarkets rose today.\n"),
    ("content/_posts/2022-12-09-a.html", "<p>Markets rose <script>track()</script>today.</p>\n"),
    # A quoted attribute value ends only at its quote: its ">" is no tag's end.
    ("content/world/a.md", 'Markets rose <img alt="chart: a > b" src="/x.png">today.\n'),
])
def test_summary_leaves_out_script_and_style(site, rel, body):
    """A body with `<script>…</script>` in its first paragraph put the
    script's code in the dek, the description and the feeds."""
    s = site({rel: story(body=body)})
    s.build()
    html = s.read(PAGE.format("a") if rel.endswith(".md") else "posts/2022/12/09/a/index.html")
    assert [e.attrs["content"] for e in elements(html, "meta", name="description")] == ["Markets rose today."]


@pytest.mark.parametrize("body", [
    "Markets rose <!-- credit: a -> b --> today.\n",
    "Markets rose <!----> <!--> <!---> today.\n",
    "Markets rose <![CDATA[ x > y ]]>today.\n",
    "Markets rose <?php echo $a > $b ?>today.\n",
    "Markets rose <script>track()</script foo>today.\n",
])
def test_summary_leaves_out_comments_cdata_and_processing_instructions_whole(site, body):
    """A ">" inside `<!-- a -> b -->` ended the comment for the summary, so
    "b -->" went into the description, OpenGraph, JSON-LD and feeds (as did
    the rest of a CDATA section or `<?…?>`); and `</script foo>`, which ends
    a script for a browser, was no end, so the summary lost all after it."""
    s = site({"content/world/a.md": story(body=body)})
    s.build()
    html = s.read(PAGE.format("a"))
    assert [e.attrs["content"] for e in elements(html, "meta", name="description")] == ["Markets rose today."]


@pytest.mark.parametrize("opening", ["<!--", "<![CDATA[", "<?", "<script>", "<style>"])
def test_html_text_of_hostile_markup_completes(opening):
    """Each of 100,000 openings never closed must not start a scan to the end
    of the text; nor each of 100,000 end tags never closed in a script."""
    from generator.content.parse import html_text
    assert html_text("Start " + opening * 100_000) == "Start"
    assert html_text("Start " + opening + "</script x" * 100_000) == "Start"


def test_summary_key_wins_over_first_paragraph(site):
    s = site({"content/world/a.md": story(summary="The standfirst.", body="The body.\n")})
    s.build()
    assert text_of(s.read(PAGE.format("a")), "p", class_="story-dek") == ["The standfirst."]


# ---- kind --------------------------------------------------------------------

def test_opinion_shows_its_kind_label(site):
    s = site({"content/opinion/a.md": story(kind="opinion"), "content/world/b.md": story(title="News story")})
    s.build()
    assert text_of(s.read("opinion/2022/12/09/a/index.html"), None, class_="kind-label") == ["Opinion"]
    assert text_of(s.read("world/2022/12/09/b/index.html"), None, class_="kind-label") == []


def test_opinion_in_a_news_section_shows_label_and_section(site):
    s = site({"content/world/a.md": story(kind="opinion")})
    s.build()
    html = s.read(PAGE.format("a"))
    [header] = elements(html, "header", class_="story-header")
    assert text_of(html, None, class_="kind-label") == ["Opinion"]
    assert "World" in " ".join(header.text.split())
    assert "Opinion" in text_of(s.read("latest/index.html"), "article", class_="teaser")[0]


def test_invalid_kind_is_an_error(site):
    s = site({"content/world/a.md": story(kind="gossip")})
    [problem] = only_error(s.build_fails(), "content/world/a.md")
    assert "'gossip'" in problem.message and problem.line == 4


# ---- corrections and updates ----------------------------------------------------

def test_corrections_are_rendered_on_the_article_page(site):
    text = story(body="Body.\n").replace(
        "---\nBody",
        "corrections:\n"
        "  - date: 2022-12-10T09:00:00\n"
        "    text: An earlier version misnamed the minister.\n"
        "---\nBody",
    )
    s = site({"content/world/a.md": text})
    s.build()
    html = s.read(PAGE.format("a"))
    [aside] = text_of(html, "aside", class_="corrections")
    assert "An earlier version misnamed the minister." in aside
    times = [e.attrs["datetime"] for e in elements(html, "time")]
    assert "2022-12-10T09:00:00+01:00" in times


def test_correction_without_text_is_an_error(site):
    text = story().replace("---\nFirst", "corrections:\n  - date: 2022-12-10\n---\nFirst")
    s = site({"content/world/a.md": text})
    [problem] = only_error(s.build_fails(), "content/world/a.md")
    assert "correction" in problem.message


def test_updated_is_shown(site):
    s = site({"content/world/a.md": story(updated="2022-12-10T08:15:00")})
    s.build()
    html = s.read(PAGE.format("a"))
    [header] = text_of(html, "header", class_="story-header")
    assert "Updated" in header and "December 10, 2022, 8:15 AM CET" in header
    assert [e.attrs["datetime"] for e in elements(html, "time")] == ["2022-12-09T10:00:00+01:00", "2022-12-10T08:15:00+01:00"]


def test_updated_before_date_is_an_error(site):
    s = site({"content/world/a.md": story(updated="2022-12-01T08:15:00")})
    [problem] = only_error(s.build_fails(), "content/world/a.md")
    assert "'updated'" in problem.message and problem.line == 4


# ---- YAML 1.1 surprises ---------------------------------------------------------

@pytest.mark.parametrize("title", ["no", "yes", "off", "on", "1.0", "2022-12-09", "0x1F"])
def test_title_that_yaml_would_read_as_non_text_is_text(site, title):
    s = site({"content/world/a.md": story(title=title)})
    s.build()
    html = s.read(PAGE.format("a"))
    assert text_of(html, "h1") == [title]


def test_yes_and_off_are_tags(site):
    s = site({"content/world/a.md": story(tags="[yes, off]")})
    s.build()
    html = s.read(PAGE.format("a"))
    assert [e.text for e in elements(html, "a", rel="tag")] == ["yes", "off"]
    assert s.exists("tags/yes/index.html") and s.exists("tags/off/index.html")
    assert text_of(s.read("tags/yes/index.html"), "h1") == ["yes"]


def test_comma_separated_tags(site):
    s = site({"content/world/a.md": story(tags="Ukraine, Belarus")})
    s.build()
    assert [e.text for e in elements(s.read(PAGE.format("a")), "a", rel="tag")] == ["Ukraine", "Belarus"]


def test_duplicate_key_is_a_warning_with_its_line_and_the_last_one_counts(site):
    """As Jekyll and Hugo read it."""
    text = "---\ntitle: First\ndate: 2022-12-09\ntitle: Second\n---\nBody.\n"
    s = site({"content/world/a.md": text})
    [problem] = [w for w in s.build().warnings if w.path == "content/world/a.md"]
    assert problem.line == 4
    assert "duplicate" in problem.message and "'title'" in problem.message and "2" in problem.message
    assert text_of(s.read(PAGE.format("a")), "h1") == ["Second"]


# ---- the fences -------------------------------------------------------------------

def test_file_without_front_matter_is_not_published_and_the_warning_mentions_the_fence(site):
    """Jekyll does not render such a file either; the writer is told why."""
    s = site({"content/world/a.md": "Troops arrive\n\nJust a body.\n", "content/world/b.md": story(title="Other")})
    result = s.build()
    [problem] = [w for w in result.warnings if w.path == "content/world/a.md"]
    assert "---" in problem.message and "not published" in problem.message and problem.line == 1
    assert not any("/a/" in f or f.endswith("a.md") for f in s.files())
    assert s.exists(PAGE.format("b"))


@pytest.mark.parametrize("a, b", [
    ("--- # content/world/a.md\ntitle: Budget passes\ndate: 2022-12-09\n---\nBody.\n",
     "+++   # TOML\ntitle = \"Bridge opens\"\ndate = 2022-12-09\n+++\nBody.\n"),
    # Written close to the fence (Hugo takes the rest of its line as the front matter's text):
    ("---#budget\r\ntitle: Budget passes\r\ndate: 2022-12-09\r\n---\r\nBody.\r\n",
     "\ufeff+++#TOML\ntitle = \"Bridge opens\"\ndate = 2022-12-09\n+++\nBody.\n"),
])
def test_a_comment_after_the_opening_fence_is_yamls_and_tomls_not_the_text(site, a, b):
    """`--- # content/world/budget.md`, as the README's example of an edition
    wrote it, is a YAML document start with a comment, and Hugo reads the
    front matter after it (after `---#budget` too); newsgen said the file
    had no front matter and left the story out. A comment after `+++` is
    TOML's, read the same."""
    s = site({"content/world/a.md": a, "content/world/b.md": b})
    result = s.build()
    assert not [w for w in result.warnings if w.path.startswith("content/world/")], result.warnings
    assert text_of(s.read(PAGE.format("a")), "h1") == ["Budget passes"]
    assert text_of(s.read(PAGE.format("b")), "h1") == ["Bridge opens"]


@pytest.mark.parametrize("header, pelicans", [
    ("title: Troops arrive\ndate: 2022-12-09\n\nBody.\n", True),  # as Pelican writes its header too: its import reads it
    ("title: Troops arrive\ndate: 2022-12-09\ntags: [world]\n\nBody.\n", False),
    ("title: Troops arrive\ndate: 2022-12-09\n\ntags: world\n\nBody.\n", False),
    ("summary: no title\n\nBody.\n", False),
])
def test_unclosed_front_matter_is_an_error(site, header, pelicans):
    """In newsgen's own content, YAML that lost its closing fence is the
    writer's slip, however Pelican would read the lines."""
    s = site({"content/world/a.md": "---\n" + header})
    [problem] = only_error(s.build_fails(), "content/world/a.md")
    assert "---" in problem.message and "closed" in problem.message
    assert ("newsgen import --from pelican" in problem.message) == pelicans


def test_invalid_yaml_is_an_error_with_a_line(site):
    s = site({"content/world/a.md": "---\ntitle: Troops arrive\ndate: 2022-12-09\nsummary: a: b\n---\nBody.\n"})
    [problem] = only_error(s.build_fails(), "content/world/a.md")
    assert problem.line == 4 and "YAML" in problem.message


def test_bom_and_crlf_line_endings_work(site):
    text = "\ufeff" + story(title="Troops arrive", tags="[Ukraine]", body="First line of the body.\n\nSecond.\n").replace("\n", "\r\n")
    s = site({"content/world/a.md": text.encode("utf-8")})
    s.build()
    html = s.read(PAGE.format("a"))
    assert text_of(html, "h1") == ["Troops arrive"]
    assert text_of(html, "p", class_="story-dek") == ["First line of the body."]
    assert "\r" not in html
    assert s.exists("tags/ukraine/index.html")


def test_bom_and_crlf_keep_error_lines_right(site):
    text = "\ufeff---\r\ntitle: Troops arrive\r\n\r\ndate: yesterday\r\n---\r\nBody.\r\n"
    s = site({"content/world/a.md": text.encode("utf-8")})
    [problem] = only_error(s.build_fails(), "content/world/a.md")
    assert problem.line == 4


def test_file_that_is_not_utf8_is_an_error(site):
    s = site({"content/world/a.md": story(title="Caf\u00e9").encode("latin-1")})
    [problem] = only_error(s.build_fails(), "content/world/a.md")
    assert "UTF-8" in problem.message and problem.line == 2


# ---- how errors reach the writer ---------------------------------------------------

def test_cli_reports_path_line_message_and_exits_1(site, capsys):
    s = site({"content/world/a.md": story(date="yesterday")})
    status = main(["build", "--site", str(s.root), "--output", str(s.output), "--now", NOW.isoformat()])
    captured = capsys.readouterr()
    assert status == 1
    lines = captured.err.splitlines()
    assert any(line.startswith("content/world/a.md:3: ") and "'date'" in line for line in lines), captured.err
    assert not s.output.exists()


def test_every_broken_file_is_reported_at_once(site, capsys):
    s = site({
        "content/world/a.md": story(date="yesterday"),
        "content/politics/b.md": story(updated="soon"),
        "content/business/c.md": "---\ntitle: [a list]\ndate: 2022-12-09\n---\nBody.\n",
        "content/world/fine.md": story(),
    })
    status = main(["build", "--site", str(s.root), "--output", str(s.output), "--now", NOW.isoformat()])
    err = capsys.readouterr().err
    assert status == 1
    assert "content/world/a.md:3: " in err
    assert "content/politics/b.md:" in err
    assert "content/business/c.md:2: " in err
    assert re.search(r"\b3 errors\b", err), err
