"""Front matter written for other generators (Jekyll, Hugo, WordPress exports).

A story moved from another generator must publish as its author meant it:
another tool's key that means one of ours is read as ours, one that only
steered that tool is ignored with a note, one that withholds the story keeps
it unpublished, and a likely typo is a warning (keys.py holds the policy).
"""

from __future__ import annotations

import posixpath
from datetime import datetime

import pytest

from generator.build import SiteBuilder
from generator.content.model import BuildMode, SourceFile, SourceKind
from generator.content.parse import parse_bytes
from generator.errors import BuildFailed, Severity

from .conftest import NOW, dedent, elements, messages, story, text_of

PAGE = "world/2022/12/09/{}/index.html"
A = "content/world/a.md"


def notes_for(result, path: str = A) -> list:
    return [d for d in result.warnings if d.path == path and d.severity is Severity.NOTE]


def warnings_for(result, path: str = A) -> list:
    return [d for d in result.warnings if d.path == path and d.severity is Severity.WARNING]


def dek(html: str) -> list[str]:
    return text_of(html, "p", class_="story-dek")


def meta_description(html: str) -> str:
    [content] = [e.attrs["content"] for e in elements(html, "meta", name="description")]
    return content


def published(html: str) -> str:
    """The datetime of the first <time>: the published date on an article page."""
    return elements(html, "time")[0].attrs["datetime"]


def resolved(src: str, page: str = PAGE.format("a")) -> str:
    """An output file's path from a link on the page at `page`."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), src))


def _figure_images(html: str) -> list:
    """The <img> inside the story's <figure>: the lead image."""
    found, inside = [], False
    for e in elements(html):
        if e.tag == "figure" and "story-figure" in (e.attrs.get("class") or "").split():
            inside = True
        elif inside and e.tag == "img":
            found.append(e)
            inside = False
    return found


def parsed_article(s, text: str, rel: str = "world/a.md"):
    """(the Article, its diagnostics) as the build reads content/`rel` of site `s`."""
    return parse_bytes(SourceFile(rel, SourceKind.ARTICLE), text.encode(), s.config())


def is_visible_everywhere(s, path: str, title: str = "A headline") -> bool:
    return s.exists(path) and title in s.read("index.html") and title in s.read("feed.xml")


# ---- the dek -------------------------------------------------------------------

@pytest.mark.parametrize("key", ["description", "excerpt", "deck"])
def test_another_generators_dek_is_the_summary(site, key):
    """Jekyll writes `description`/`excerpt`, newsrooms `deck`: each is the dek."""
    s = site({A: story(body="The body's first paragraph.\n", **{key: "Troops crossed the border overnight."})})
    s.build()
    html = s.read(PAGE.format("a"))
    assert dek(html) == ["Troops crossed the border overnight."]
    assert meta_description(html) == "Troops crossed the border overnight."


def test_an_excerpt_with_html_and_markdown_comes_out_as_plain_text(site):
    """A WordPress excerpt carries its HTML; the dek and the meta tag are plain text."""
    s = site({A: story(excerpt="'<p>Troops <em>crossed</em> the **border** &amp; [more](https://example.com/x)</p>'")})
    s.build()
    html = s.read(PAGE.format("a"))
    expected = "Troops crossed the border & more"
    assert dek(html) == [expected]
    assert meta_description(html) == expected
    assert "<em>" not in meta_description(html) and "**" not in dek(html)[0]


def test_summary_wins_over_description_and_the_loser_is_kept_with_a_note(site):
    s = site({A: story(description="The description.", summary="The summary.")})
    result = s.build()
    html = s.read(PAGE.format("a"))
    assert dek(html) == ["The summary."]
    [found] = [n for n in notes_for(result) if "'description'" in n.message]
    assert found.line == 4 and "'summary'" in found.message and "extra.description" in found.message
    article, _ = parsed_article(s, story(description="The description.", summary="The summary."))
    assert article.summary == "The summary."
    assert article.extra["description"] == "The description."


def test_summary_wins_over_description_whichever_comes_first(site):
    s = site({A: story(summary="The summary.", description="The description.")})
    s.build()
    assert dek(s.read(PAGE.format("a"))) == ["The summary."]


def test_of_two_foreign_deks_the_one_listed_first_in_the_policy_wins(site):
    """`description` comes before `excerpt` in keys.SYNONYMS, wherever the file puts it."""
    for order in (("excerpt", "description"), ("description", "excerpt")):
        s = site({A: story(**{order[0]: f"From {order[0]}.", order[1]: f"From {order[1]}."})})
        result = s.build()
        assert dek(s.read(PAGE.format("a"))) == ["From description."], order
        assert any("'excerpt'" in n.message and "extra.excerpt" in n.message for n in notes_for(result))


# ---- tags and categories ----------------------------------------------------------

@pytest.mark.parametrize("key", ["topics", "keywords", "tag"])
def test_another_generators_tag_keys_make_tag_pages(site, key):
    s = site({A: story(**{key: "[Ukraine, Belarus]"})})
    s.build()
    html = s.read(PAGE.format("a"))
    assert [e.text for e in elements(html, "a", rel="tag")] == ["Ukraine", "Belarus"]
    assert "A headline" in s.read("tags/ukraine/index.html")
    assert "A headline" in s.read("tags/belarus/index.html")


def test_categories_are_tags(site):
    s = site({A: story(categories="[Politics, Elections]")})
    s.build()
    assert s.exists(PAGE.format("a"))  # the folder names the section, not the category
    assert "A headline" in s.read("tags/politics/index.html")
    assert "A headline" in s.read("tags/elections/index.html")


def test_in_posts_the_first_category_names_the_section(site):
    """A Jekyll site's _posts folder names no section; its first category does."""
    s = site({"content/_posts/2022-12-09-final-whistle.md": story(title="Final whistle", date=None, categories="[Sport, Football]")})
    s.build()
    assert s.exists("sport/2022/12/09/final-whistle/index.html"), s.files()
    assert "Final whistle" in s.read("sport/index.html")
    assert s.exists("tags/sport/index.html") and s.exists("tags/football/index.html")
    assert not any(f.startswith("_posts/") for f in s.files())


@pytest.mark.parametrize("name", ["2022-12-9-final-whistle.md", "2022-12-09_final-whistle.md"])
def test_a_date_in_the_file_name_is_read_as_jekyll_reads_it(site, name):
    """Jekyll takes a month and a day without their leading zero (Let's Encrypt's posts are so named)."""
    s = site({f"content/_posts/{name}": story(title="Final whistle", date=None)})
    s.build()
    assert s.exists("posts/2022/12/09/final-whistle/index.html"), s.files()


def test_in_posts_without_a_category_the_section_is_posts(site):
    s = site({"content/_posts/2022-12-09-final-whistle.md": story(title="Final whistle", date=None)})
    s.build()
    assert s.exists("posts/2022/12/09/final-whistle/index.html"), s.files()


# ---- the clock --------------------------------------------------------------------

@pytest.mark.parametrize("key", ["lastmod", "last_modified_at", "modified_date"])  # modified_date: jekyll/minima's
def test_another_generators_last_modified_is_updated(site, key):
    s = site({A: story(**{key: "2022-12-10T08:15:00"})})
    s.build()
    html = s.read(PAGE.format("a"))
    [header] = text_of(html, "header", class_="story-header")
    assert "Updated" in header and "December 10, 2022, 8:15 AM CET" in header
    assert [e.attrs["datetime"] for e in elements(html, "time")] == ["2022-12-09T10:00:00+01:00", "2022-12-10T08:15:00+01:00"]


def test_publish_date_is_the_date(site):
    s = site({A: story(date=None, publishDate="2022-12-09T10:00:00")})
    s.build()
    assert published(s.read(PAGE.format("a"))) == "2022-12-09T10:00:00+01:00"


# ---- the lead image -------------------------------------------------------------------

@pytest.mark.parametrize("key, value", [
    ("featured_image", "map.png"),
    ("cover", "map.png"),
    ("thumbnail", "map.png"),
    ("images", "[map.png, other.png]"),
    ("cover", "{image: map.png, alt: A map of the border}"),
    ("thumbnail", "map.png?raw=true"),  # grpc.io's: the query asks nothing of a file
])
def test_another_generators_image_keys_give_the_lead_image(site, key, value):
    s = site({A: story(**{key: value}), "content/world/map.png": b"\x89PNG\r\n", "content/world/other.png": b"\x89PNG\r\n"})
    s.build()
    html = s.read(PAGE.format("a"))
    [img] = _figure_images(html)
    assert resolved(img.attrs["src"]) == "world/map.png", img
    if "alt:" in value:
        assert img.attrs["alt"] == "A map of the border"


def test_image_alt_with_a_hyphen_is_the_alt_text(site):
    s = site({A: story(featured_image="map.png", **{"image-alt": "A map of the border"}), "content/world/map.png": b"\x89PNG\r\n"})
    s.build()
    [img] = _figure_images(s.read(PAGE.format("a")))
    assert img.attrs["alt"] == "A map of the border"


def test_image_alt_overrides_the_alt_of_an_image_mapping(site):
    s = site({A: story(cover="{image: map.png, alt: Old alt}", **{"image-alt": "New alt"}), "content/world/map.png": b"\x89PNG\r\n"})
    s.build()
    [img] = _figure_images(s.read(PAGE.format("a")))
    assert img.attrs["alt"] == "New alt"


# ---- languages, aliases, permalinks ---------------------------------------------------

def test_translation_key_and_lang_are_read_without_error(site):
    s = site({A: story(translationKey="troops-2022", lang="fr")})
    result = s.build()
    assert s.exists(PAGE.format("a"))
    assert not warnings_for(result)
    article, problems = parsed_article(s, story(translationKey="troops-2022", lang="fr"))
    assert (article.translation_key, article.language) == ("troops-2022", "fr")
    assert not any("translationKey" in p.message or "'lang'" in p.message for p in problems)


@pytest.mark.parametrize("key", ["redirect_from", "aliases"])
def test_old_urls_are_kept_as_aliases(site, key):
    s = site({A: story(**{key: "[/old/troops.html, /2022/12/09/troops/]"})})
    result = s.build()
    assert s.exists(PAGE.format("a"))
    assert not warnings_for(result)
    article, problems = parsed_article(s, story(**{key: "[/old/troops.html, /2022/12/09/troops/]"}))
    assert article.aliases == ("/old/troops.html", "/2022/12/09/troops/")
    assert not [p for p in problems if p.severity is not Severity.NOTE]


def test_permalink_fixes_the_stories_path(site):
    s = site({A: story(permalink="/old/path/")})
    s.build()
    assert text_of(s.read("old/path/index.html"), "h1") == ["A headline"]
    assert not s.exists(PAGE.format("a"))


def test_jekyll_permalink_placeholders_are_filled_in(site):
    s = site({"content/world/troops-arrive.md": story(permalink="/:year/:month/:title.html")})
    s.build()
    assert text_of(s.read("2022/12/troops-arrive.html"), "h1") == ["A headline"], s.files()


# ---- keys in any case -------------------------------------------------------------------

def test_keys_match_in_any_case(site):
    """Hugo reads `Title:` and `PublishDate:` as `title` and `publishDate`."""
    s = site({A: "---\nTitle: Troops arrive\nPublishDate: 2022-12-09T10:00:00\n---\nBody.\n"})
    result = s.build()
    html = s.read(PAGE.format("a"))
    assert text_of(html, "h1") == ["Troops arrive"]
    assert published(html) == "2022-12-09T10:00:00+01:00"
    assert not warnings_for(result)


# ---- withholding ----------------------------------------------------------------------------

@pytest.mark.parametrize("field", ["published: false", "status: draft", "headless: true"])
def test_a_withheld_story_is_a_draft(site, field):
    """Jekyll's `published: false`, WordPress's `status: draft` and Hugo's
    `headless: true` all say: not yet. Dropping them as extra would publish it."""
    key, value = field.split(": ")
    files = {A: story(title="Withheld story", **{key: value}), "content/world/b.md": story(title="Other story")}
    s = site(files)
    s.build()
    assert not s.exists(PAGE.format("a"))
    assert "Withheld story" not in s.read("index.html")
    assert "Withheld story" not in s.read("feed.xml")
    assert "Withheld story" not in s.read("world/index.html")

    s2 = site(files)
    s2.build(drafts=True)
    assert text_of(s2.read(PAGE.format("a")), "h1") == ["Withheld story"]


@pytest.mark.parametrize("text", [
    story(title="Withheld story", Published="false"),  # any case, as Hugo reads keys
    story(title="Withheld story", build="{render: never}"),  # Hugo
    story(title="Withheld story", _build="{render: never, list: never}"),  # Hugo's older spelling, still read
    '+++\ntitle = "Withheld story"\ndate = 2022-12-09T10:00:00\npublished = false\n+++\nBody.\n',  # TOML
    '{"title": "Withheld story", "date": "2022-12-09T10:00:00", "status": "draft"}\nBody.\n',  # JSON
], ids=["Published-capital", "build-render-never", "_build-render-never", "toml-published-false", "json-status-draft"])
def test_withholding_in_other_spellings_and_formats(site, text):
    s = site({A: text, "content/world/b.md": story(title="Other story")})
    s.build()
    assert not s.exists(PAGE.format("a"))
    assert "Withheld story" not in s.read("index.html") and "Withheld story" not in s.read("feed.xml")


@pytest.mark.parametrize("written, withheld", [('"true"', True), ("'True'", True), ('"false"', False), ('"0"', False)])
def test_a_quoted_draft_flag_is_read_as_hugo_reads_it(site, written, withheld):
    """Hugo reads `draft: "true"` as true: newsgen failed the whole build on it."""
    s = site({A: story(title="The story", draft=written), "content/world/b.md": story(title="Other story")})
    s.build()
    assert s.exists(PAGE.format("a")) is not withheld
    assert ("The story" in s.read("index.html")) is not withheld


def test_a_withheld_story_with_a_permalink_writes_nothing_there(site):
    s = site({A: story(published="false", permalink="/special/"), "content/world/b.md": story(title="Other story")})
    s.build()
    assert not s.exists("special/index.html")


def test_published_true_publishes(site):
    s = site({A: story(published="true")})
    s.build()
    assert is_visible_everywhere(s, PAGE.format("a"))


def test_status_publish_publishes(site):
    s = site({A: story(status="publish")})
    s.build()
    assert is_visible_everywhere(s, PAGE.format("a"))


@pytest.mark.parametrize("status", ["pending", "Pending_Review", "auto-draft", "private", "future", "Embargoed", "trash"])
def test_a_status_that_withholds_in_any_spelling(site, status):
    s = site({A: story(title="Withheld story", status=f'"{status}"'), "content/world/b.md": story(title="Other story")})
    s.build()
    assert not s.exists(PAGE.format("a"))
    assert "Withheld story" not in s.read("index.html") and "Withheld story" not in s.read("feed.xml")


@pytest.mark.parametrize("status", ["Completed", "Feedback Appreciated"])
def test_a_status_in_the_sites_own_words_publishes(site, status):
    """cncf/glossary's terms say `status: Completed`, a word of its own that
    Hugo does not read: every one of its 881 pages was left out as a draft."""
    s = site({A: story(status=f'"{status}"')})
    s.build()
    assert is_visible_everywhere(s, PAGE.format("a"))


def test_published_with_a_date_is_the_date(site):
    s = site({A: story(date=None, published="2022-12-08")})
    s.build()
    assert s.exists("world/2022/12/08/a/index.html"), s.files()
    assert published(s.read("world/2022/12/08/a/index.html")).startswith("2022-12-08")


def test_a_story_in_drafts_is_a_draft(site):
    files = {"content/_drafts/troops-arrive.md": story(title="Drafted story")}
    s = site(files)
    s.build()
    assert not any("troops-arrive" in f for f in s.files())
    s2 = site(files)
    s2.build(drafts=True)
    assert s2.exists("posts/2022/12/09/troops-arrive/index.html"), s2.files()


def test_a_jekyll_draft_without_a_date_does_not_break_the_build(site):
    """Jekyll's drafts carry no date (their file names have none: Jekyll uses
    the file's time). One such draft must not stop the site from building;
    it is not published anyway."""
    s = site({"content/_drafts/my-draft.md": "---\ntitle: A draft\n---\nNot yet.\n", A: story()})
    s.build()
    assert s.exists(PAGE.format("a"))
    assert not any("my-draft" in f for f in s.files())


# ---- expiry ---------------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["expirydate", "expiryDate", "expires"])
def test_an_expired_story_is_published_nowhere_even_with_drafts(site, key):
    files = {A: story(title="Expired story", **{key: "2022-12-10T12:00:00"}), "content/world/b.md": story(title="Other story")}
    for drafts in (False, True):
        s = site(files)
        s.build(drafts=drafts)
        assert not s.exists(PAGE.format("a")), drafts
        assert "Expired story" not in s.read("index.html")
        assert "Expired story" not in s.read("feed.xml")
        assert "Expired story" not in s.read("world/index.html")


def test_a_story_linking_to_one_that_expired_still_builds(site):
    """The link keeps the URL the expired story had (which the expiry took
    down): a story must not fail to build on the day another expires. A
    draft's URL is never given away so."""
    s = site({
        A: story(title="Expired story", expires="2022-12-10T12:00:00"),
        "content/world/b.md": story(title="Linking story", body="See [the earlier report](a.md).\n"),
        "content/world/c.md": story(title="Draft", draft="true", expires="2022-12-10T12:00:00"),
        "content/world/d.md": story(title="Linking a draft", body="See [the draft](c.md).\n"),
    })
    result = s.build()
    assert any(w.path == "content/world/d.md" and "content/world/c.md is not published" in w.message for w in result.warnings)
    [link] = [a for a in elements(s.read(PAGE.format("b")), "a") if a.text == "the earlier report"]
    assert link.attrs["href"] == "../a/" and not s.exists(PAGE.format("a"))


@pytest.mark.parametrize("key", ["expirydate", "expiryDate", "expires"])
def test_a_story_that_expires_later_is_published(site, key):
    s = site({A: story(**{key: "2023-01-01T00:00:00"})})
    s.build()
    assert is_visible_everywhere(s, PAGE.format("a"))


# ---- ignored and unknown keys -------------------------------------------------------------

@pytest.mark.parametrize("key, value", [("layout", "post"), ("weight", "10"), ("type", "posts")])
def test_a_key_that_steered_another_generator_is_ignored_with_a_note(site, key, value):
    s = site({A: story(**{key: value})})
    result = s.build()
    assert s.exists(PAGE.format("a"))
    found = [n for n in notes_for(result) if repr(key) in n.message]
    assert found and found[0].line == 4, [str(d) for d in result.warnings]
    assert not warnings_for(result)


def test_an_unknown_key_is_a_note_and_reaches_the_templates(site):
    layout = '{% extends "base.html" %}{% block main %}<p id="x">{{ article.extra.my_field }}</p>{% endblock %}'
    s = site({A: story(my_field="3"), "layouts/article.html": layout})
    result = s.build()
    [found] = [n for n in notes_for(result) if "'my_field'" in n.message]
    assert found.line == 4 and "extra.my_field" in found.message
    assert text_of(s.read(PAGE.format("a")), "p", id="x") == ["3"]


# ---- near misses and --strict ----------------------------------------------------------------

@pytest.mark.parametrize("typo, meant", [("titel", "title"), ("summery", "summary"), ("dtae", "date")])
def test_a_near_miss_is_a_warning_and_the_story_still_publishes(site, typo, meant):
    s = site({A: story(**{typo: "something"})})
    result = s.build()
    [found] = [w for w in warnings_for(result) if repr(typo) in w.message]
    assert f"did you mean {meant!r}" in found.message and found.line == 4
    assert s.exists(PAGE.format("a"))


def test_strict_turns_near_misses_into_errors(site):
    s = site({A: story(titel="Troops")})
    with pytest.raises(BuildFailed) as failure:
        SiteBuilder(s.config()).build(BuildMode(now=NOW), strict=True)
    assert any(d.path == A and "'titel'" in d.message and d.severity is Severity.ERROR for d in failure.value.diagnostics), messages(failure.value)
    assert not s.exists(PAGE.format("a"))


def test_strict_leaves_notes_as_notes(site):
    """A story with only another generator's harmless keys builds under --strict."""
    s = site({A: story(layout="post", my_field="3")})
    result = SiteBuilder(s.config()).build(BuildMode(now=NOW), strict=True)
    assert s.exists(PAGE.format("a"))
    assert {n.severity for n in result.warnings if n.path == A} == {Severity.NOTE}


# ---- dates ---------------------------------------------------------------------------------

@pytest.mark.parametrize("written, expected", [
    ("2011-11-28 8:32:24 -0400", "2011-11-28T08:32:24-04:00"),  # Jekyll
    ("2015-03-17 14:00:00 -4", "2015-03-17T14:00:00-04:00"),  # Jekyll (Ruby) reads an offset in hours alone
    ("2016-03-23 9:00 +0530", "2016-03-23T09:00:00+05:30"),
    ("2016-03-21 12:00 EDT", "2016-03-21T12:00:00-04:00"),  # Ruby's US zone names
    ("2016-07-19 (optional)", "2016-07-19"),  # a template's remark left after the date
    ("2011-11-28 08:32", "2011-11-28T08:32:00+01:00"),
    ('"Mon, 28 Nov 2011 08:32:24 -0400"', "2011-11-28T08:32:24-04:00"),  # RFC 2822, WordPress
    ("September 8, 2014", "2014-09-08"),
    ("8 Sep 2014", "2014-09-08"),
    ("2014/09/08", "2014-09-08"),
    ("2014-09-08T10:00:00.000000000+02:00", "2014-09-08T10:00:00+02:00"),  # Hugo, nanoseconds
])
def test_dates_as_other_generators_write_them(site, written, expected):
    """The page shows the moment written (in the site's zone); a date alone as a date."""
    s = site({A: story(date=written)})
    s.build()
    [page] = [f for f in s.files() if f.startswith("world/") and f.endswith("/a/index.html")]
    shown = published(s.read(page))
    if "T" in expected:
        assert datetime.fromisoformat(shown) == datetime.fromisoformat(expected), shown
        assert shown.endswith(("+01:00", "+02:00")), shown  # shown in Berlin's zone
    else:
        assert shown == expected
        assert page == f"world/{expected.replace('-', '/')}/a/index.html"


def test_a_date_that_could_be_day_month_or_month_day_fails(site):
    s = site({A: dedent("""
        ---
        title: Troops arrive
        tags: [Ukraine]
        date: 03/04/2021
        ---
        Body.
        """)})
    failed = s.build_fails()
    [problem] = [d for d in failed.diagnostics if d.path == A]
    assert problem.line == 4
    assert "03/04/2021" in problem.message and "2024-05-31" in problem.message


def test_a_jekyll_post_without_date_takes_it_from_the_file_name(site):
    s = site({"content/_posts/2014-09-25-old-story.md": story(title="Old story", date=None)})
    s.build()
    html = s.read("posts/2014/09/25/old-story/index.html")
    assert published(html).startswith("2014-09-25")


def test_a_hugo_bundle_without_date_takes_it_from_the_folder_name(site):
    s = site({"content/world/2014-09-25-bundle/index.md": story(title="Bundled", date=None)})
    s.build()
    html = s.read("world/2014/09/25/bundle/index.html")
    assert published(html).startswith("2014-09-25")


# ---- the fences ----------------------------------------------------------------------------

def test_blank_lines_before_the_front_matter(site):
    s = site({A: "\n\n" + story(title="Troops arrive")})
    s.build()
    assert text_of(s.read(PAGE.format("a")), "h1") == ["Troops arrive"]


def test_yaml_closed_with_three_dots(site):
    s = site({A: "---\ntitle: Troops arrive\ndate: 2022-12-09T10:00:00\n...\nThe body.\n"})
    s.build()
    html = s.read(PAGE.format("a"))
    assert text_of(html, "h1") == ["Troops arrive"]
    assert dek(html) == ["The body."]


def test_toml_front_matter(site):
    s = site({A: '+++\ntitle = "Troops arrive"\ndate = 2022-12-09T10:00:00\ntags = ["Ukraine"]\n+++\nThe body.\n'})
    s.build()
    html = s.read(PAGE.format("a"))
    assert text_of(html, "h1") == ["Troops arrive"]
    assert published(html) == "2022-12-09T10:00:00+01:00"
    assert s.exists("tags/ukraine/index.html")


def test_json_front_matter(site):
    s = site({A: '{\n  "title": "Troops arrive",\n  "date": "2022-12-09T10:00:00"\n}\nThe body.\n'})
    s.build()
    html = s.read(PAGE.format("a"))
    assert text_of(html, "h1") == ["Troops arrive"]
    assert dek(html) == ["The body."]


def test_eleventys_permalink_false_and_exclusion_from_collections(site):
    """11ty's website: `permalink: false` (write no file) was published at
    /false/, in the feeds and the sitemap; a post with
    `eleventyExcludeFromCollections: true`, a page of its own in Eleventy,
    was listed, fed and made a neighbour of real posts."""
    s = site({
        "content/world/hidden.md": story("Hidden", permalink="false"),
        "content/world/result.md": story("Certification result", eleventyExcludeFromCollections="true",
                                         permalink="/world/certification/success/"),
        A: story(),
    })
    s.build()
    assert not s.exists("false/index.html") and "Hidden" not in s.read("feed.xml")
    assert "Certification result" in s.read("world/certification/success/index.html")
    for listing in ("feed.xml", "world/index.html", "latest/index.html", PAGE.format("a")):
        assert "Certification result" not in s.read(listing), listing


# ---- discovery -------------------------------------------------------------------------------

def test_repository_files_and_generator_machinery_are_neither_published_nor_errors(site):
    s = site({
        "content/README.md": "# This site\n\nHow to write for it.\n",
        "content/world/LICENSE.md": "All rights reserved.\n",
        "content/_layouts/x.md": "{{ content }}\n",
        "content/_includes/y.html": "<footer>{{ site.title }}</footer>\n",
        A: story(),
    })
    result = s.build()
    assert s.exists(PAGE.format("a"))
    files = s.files()
    assert not any(name in f.lower() for f in files for name in ("readme", "license", "_layouts", "_includes", "y.html"))
    assert not [d for d in result.warnings if d.path != A], [str(d) for d in result.warnings]


def test_a_page_or_picture_named_like_a_repository_file_is_published(site):
    """ruby-lang.org's security.md pages (front matter and all), brew.sh's
    security.png and a licence page's license.txt were left out unsaid,
    and a story showing the picture failed for a missing image."""
    s = site({
        "content/pages/security.md": "---\ntitle: Security\n---\nReport a vulnerability.\n",
        "content/world/security.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        "content/about/license.txt": "The text is CC BY.\n",
        "content/LICENSE.txt": "All rights reserved.\n",
        "content/photos/README.md": "How to name photos.\n",
        A: story(body="![The lock](security.svg)\n"),
    })
    s.build()
    assert "Report a vulnerability." in s.read("security/index.html")
    assert s.exists("world/security.svg") and s.exists("about/license.txt")
    assert not s.exists("LICENSE.txt") and not any("readme" in f.lower() for f in s.files())


def test_a_pgp_signed_readme_is_no_story(site):
    """A line of five dashes and more words ("-----BEGIN PGP SIGNED MESSAGE-----")
    opens no front matter: the signed README was published as a story and
    failed for having none."""
    s = site({
        "content/world/README.md": "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nHow to write.\n",
        A: story(),
    })
    result = s.build()
    assert not any("readme" in f.lower() for f in s.files())
    assert not [d for d in result.warnings if d.path != A], [str(d) for d in result.warnings]


def test_a_page_whose_opening_fence_has_a_long_comment_is_one(site):
    """Discovery read a file's first 256 bytes for its front matter's opening
    fence, which a comment after it (`--- # …`) may run past: a security.md
    page so written was left out as a repository's file, and an HTML page
    copied as a file, its front matter shown (one with front matter is
    another generator's template: parse says why it is not published)."""
    fence = "--- # " + "the page people reach from the footer; keep it short " * 6 + "\n"
    s = site({
        "content/pages/security.md": fence + "title: Security\n---\nReport a vulnerability.\n",
        "content/pages/contact.html": fence + "title: Contact\n---\n<p>Write to us.</p>\n",
        A: story(),
    })
    result = s.build()
    assert "Report a vulnerability." in s.read("security/index.html")
    assert not s.exists("pages/contact.html")
    assert [d.path for d in result.warnings + result.skipped if "contact" in d.path] == ["content/pages/contact.html"]


@pytest.mark.parametrize(("name", "is_dir", "content"), [
    ("story.md", False, True), ("_index.md", False, True), ("_index.fr.md", False, True),
    ("_other.md", False, False), ("_indexes.md", False, False),
    # A repository's files are told by their place and front matter, not their name alone (next test).
    ("README.md", False, True), ("security.png", False, True),
    ("readme-first.md", False, True), ("my-license.md", False, True),
    ("readme", True, True), ("security", True, True),  # a folder of that name holds stories
    ("_posts", True, True), ("_drafts", True, True), ("_authors", True, True),
    ("_layouts", True, False), ("_posts2", True, False), ("_site", True, False),
    ("node_modules", True, False), ("node_modules", False, False), ("node_modules2", True, True),
    (".hidden.md", False, False), (".git", True, False), ("a.md~", False, False), (".a.md.swp", False, False),
    ("a.md.swo", False, False), ("a.md.swx", False, True), ("#a.md#", False, False), ("#a.md", False, True),
    ("4913", False, False), ("49130", False, True), ("sedAb12Cd", False, False), ("sedAb12Cde", False, True),
    ("a.md___jb_tmp___", False, False), ("a.md.bak", False, False), ("a.tmp.md", False, True),
    ("line\nbreak~", False, False), ("café.md", False, True),
])
def test_which_names_are_content(name, is_dir, content):
    from generator.content.discover import is_content_name

    assert is_content_name(name, is_dir) is content


def test_a_sections_index_gives_its_title_and_description(site):
    s = site({
        "content/world/_index.md": "---\ntitle: World News\ndescription: Reports from every continent.\n---\n",
        A: story(),
    })
    s.build()
    html = s.read("world/index.html")
    assert "World News" in text_of(html, "h1")[0]
    assert "Reports from every continent." in html
    assert meta_description(html) == "Reports from every continent."
    assert not s.exists("world/_index/index.html")


def test_a_top_level_index_is_left_out_with_a_note(site):
    s = site({"content/index.md": "---\nlayout: home\n---\n", A: story()})
    result = s.build()
    [found] = [d for d in result.warnings if d.path == "content/index.md"]
    assert found.severity is Severity.NOTE and "not published" in found.message
    assert "A headline" in s.read("index.html")  # the front page is newsgen's


def test_a_sections_index_describes_a_configured_section_without_renaming_it(site):
    """site.toml names the section; the _index.md still gives its description."""
    config = 'title = "The Test Gazette"\nbase_url = "https://example.org/news/"\ntimezone = "Europe/Berlin"\n\n[sections.world]\ntitle = "World"\n'
    s = site({"content/world/_index.md": "---\ntitle: World News\ndescription: Reports from every continent.\n---\n", A: story()}, config=config)
    s.build()
    html = s.read("world/index.html")
    assert text_of(html, "h1")[0] == "World"
    assert meta_description(html) == "Reports from every continent."


def test_hugos_home_page_file_is_left_out_with_a_note(site):
    """Hugo's content/_index.md is its home page, as Jekyll's index.md is:
    newsgen makes the front page itself, so it is not published as a page."""
    s = site({"content/_index.md": "---\ntitle: Home\ndescription: The site.\n---\nWelcome.\n", A: story()})
    result = s.build()
    assert not s.exists("index/index.html"), s.files()
    assert not s.exists("_index/index.html")
    [found] = [d for d in result.warnings if d.path == "content/_index.md"]
    assert found.severity is Severity.NOTE and "not published" in found.message


def test_a_nested_index_is_the_page_of_its_folder_and_links_to_index_files_resolve(site):
    """Hugo's guides/hcd/_index.md is the page /guides/hcd/; a link written
    to a section's or a folder's _index.md goes to that page."""
    s = site({
        "content/guides/_index.md": "---\ntitle: Guides\ndescription: How we work.\n---\n",
        "content/guides/hcd/_index.md": "---\ntitle: Human-centred design\n---\nBack to [the guides](../_index.md).\n",
        A: story(body="See [the HCD guide](/guides/hcd/_index.md) and [all guides](/guides/_index.md).\n"),
    })
    s.build()
    html = s.read("guides/hcd/index.html")
    assert "Human-centred design" in text_of(html, "h1")[0]
    assert [a.attrs["href"] for a in elements(html, "a") if a.text == "the guides"] == ["../"]
    links = {a.text: resolved(a.attrs["href"]) for a in elements(s.read(PAGE.format("a")), "a") if a.text in ("the HCD guide", "all guides")}
    assert links == {"the HCD guide": "guides/hcd", "all guides": "guides"}
    assert "How we work." in s.read("guides/index.html")  # a section with no stories yet has its page


def test_hugos_section_texts_in_other_languages_wait_for_translations(site):
    """world/_index.fr.md beside world/_index.md: the section shows the site's
    language's text; guides/_index.fr.md's folder page is /fr/guides/, as in Hugo."""
    s = site({
        "content/world/_index.fr.md": "---\ntitle: Monde\ndescription: Le monde.\n---\n",
        "content/world/_index.md": "---\ntitle: World News\ndescription: The world.\n---\n",
        "content/guides/hcd/_index.md": "---\ntitle: HCD\n---\nGuide.\n",
        "content/guides/hcd/_index.fr.md": "---\ntitle: CCH\n---\nGuide en français.\n",
        A: story(),
    })
    s.build()
    html = s.read("world/index.html")
    assert meta_description(html) == "The world." and "Monde" not in html
    assert "Guide en français." in s.read("fr/guides/hcd/index.html") and "Guide." in s.read("guides/hcd/index.html")
    assert not [f for f in s.files() if ("index-fr" in f or "_index" in f) and not f.startswith("pagefind/")]  # the search index's own names


def test_a_relative_link_to_a_missing_file_is_looked_up_from_content(site):
    """As Hugo looks up a page: `world/b.md` written in a story two folders down."""
    s = site({
        "content/politics/2022/a.md": story("A", body="See [b](world/b.md).\n"),
        "content/world/b.md": story("B"),
    })
    s.build()
    [link] = [a for a in elements(s.read("politics/2022/12/09/a/index.html"), "a") if a.text == "b"]
    assert link.attrs["href"] == "../../../../../world/2022/12/09/b/"


def test_a_looked_up_link_follows_the_file_that_appears_where_it_points(site):
    """Incremental equals full: once content/politics/2022/world/b.md exists, the link is to it."""
    s = site({
        "content/politics/2022/a.md": story("A", body="See [b](world/b.md).\n"),
        "content/world/b.md": story("B"),
    })
    s.build()
    s.write("content/politics/2022/world/b.md", story("Nearer B", slug="nearer-b"))
    s.build()
    [link] = [a for a in elements(s.read("politics/2022/12/09/a/index.html"), "a") if a.text == "b"]
    assert link.attrs["href"] == "../nearer-b/"  # politics/2022/12/09/nearer-b/


def test_a_page_in_a_folder_keeps_its_folder_with_its_own_slug(site):
    s = site({"content/services/service_usagov.md": "---\ntitle: USAGov\nslug: usagov\n---\nText.\n",
              "content/sources/source_usagov.md": "---\ntitle: USAGov source\nslug: usagov\n---\nText.\n", A: story()})
    s.build()
    assert s.exists("services/usagov/index.html") and s.exists("sources/usagov/index.html")
    assert "USAGov" not in s.read("index.html").split("<footer", 1)[1]  # a section's page, not the site's


def test_a_link_written_with_a_site_path_filter_is_read_and_not_warned_about(site):
    """Jekyll's relative_url and Eleventy's url filter: read as the path, so not shown as template syntax."""
    s = site({
        A: story(body='See [b]({{ "/world/b.md" | url }}), [c]({{ site.baseurl }}/world/b.md) and '
                      '[d]({{ "world/b.md" | relURL }}).\n\n{% include note.html %}\n'),
        "content/world/b.md": story("B"),
    })
    result = s.build()
    hrefs = [a.attrs["href"] for a in elements(s.read(PAGE.format("a")), "a") if a.text in ("b", "c", "d")]
    assert hrefs == ["../b/", "../b/", "../b/"]
    [found] = [w for w in warnings_for(result) if "template syntax" in w.message]
    assert "1 Liquid tag" in found.message and "Liquid output" not in found.message


def test_template_tags_at_the_end_of_a_block_are_shown_as_written(site):
    """Markdown's attribute lists close a block with {…}: a Liquid tag or
    output, or a Hugo shortcode there, is not one (the Jekyll 1.0 release
    notes: a paragraph ending in {% endfor %} on its own line)."""
    s = site({A: story(body="{% for x in list %}\nItem {{ x }}\n{% endfor %}\n\n## Heading {{ page.title }}\n\n"
                            "Text *this*{{< ref x >}}\n\nA lead\n{: .lead}\n")})
    result = s.build()
    html = s.read(PAGE.format("a"))
    text = "".join(text_of(html, "div", class_="story-body"))
    for tag in ("{% for x in list %}", "{% endfor %}", "{{ page.title }}", "{{< ref x >}}"):
        assert tag in text
    assert [p.attrs.get("class") for p in elements(html, "p") if p.text == "A lead"] == ["lead"]  # a real one still is
    [found] = [w for w in warnings_for(result) if "template syntax" in w.message]
    assert "2 Liquid tags" in found.message
    # What is left after an import is what it could not convert: the way on is to write it anew.
    assert "write it in Markdown or HTML" in found.message and "this one is left for you" in found.message


def test_a_kramdown_attribute_list_below_a_heading_is_the_headings(site):
    """ruby-lang.org and Jekyll's history page write `## Details` then
    `{: #details}` on the next line, as kramdown reads it: the line showed as
    a paragraph and the anchor links name was lost (320 false warnings)."""
    s = site({A: story(body="## Details\n{: #details}\n\nText, [down](#details).\n\nHistory\n-------\n{: .h}\n\n"
                            "```\n## Code\n{: #kept}\n```\n")})
    result = s.build()
    html = s.read(PAGE.format("a"))
    assert [(h.attrs.get("id"), h.text) for h in elements(html, "h2")][:2] == [("details", "Details"), ("history", "History")]
    assert "{: #details}" not in html and "{: #kept}" in html  # in code, a line like any other
    assert not [w for w in result.warnings if "details" in w.message]


def test_a_link_made_of_template_syntax_is_warned_of_once(site):
    """11ty's posts link ({{ "https://twitter.com/x" | canonicalTwitterUrl }}):
    warned of as template syntax, and again as a broken link to a path made
    of the template; Jekyll's {{ site.repository }}/pull/1 the same."""
    s = site({A: story(body='[t]({{ "https://twitter.com/x" | canonicalTwitterUrl }}) [pr]({{ site.repository }}/pull/1)\n')})
    result = s.build()
    assert [w for w in result.warnings if "template syntax" in w.message]
    assert not [w for w in result.warnings if "broken" in w.message], [str(w) for w in result.warnings]


def test_template_statements_are_no_words_of_the_summary(site):
    """ruby-lang.org's release posts open with {% assign release = … %}: it
    opened their dek, meta description and feed item (shown as written in the body, warned of)."""
    s = site({A: story(body='{% assign release = site.data.releases | where: "version", "3.4.0" | first %}\n'
                            "We are pleased to announce the release.\n\n{% include toc.html %}\n\nMore.\n")})
    s.build()
    html = s.read(PAGE.format("a"))
    [description] = [e.attrs["content"] for e in elements(html, "meta") if e.attrs.get("name") == "description"]
    assert description == "We are pleased to announce the release."
    assert "{% assign" in "".join(text_of(html, "div", class_="story-body"))


def test_a_paragraph_read_as_a_key_is_named_shortly(site):
    """A colon in a mis-indented paragraph makes YAML read it as a key: the note stays one short line."""
    long_key = "In the movies hackers are often dangerous criminals who break into large systems but in the community"
    s = site({A: story(**{long_key: "they are problem solvers"})})
    result = s.build()
    [found] = [n for n in notes_for(result) if "In the movies" in n.message]
    assert len(found.message) < 200 and "…" in found.message


# ---- bylines ---------------------------------------------------------------------------------

def test_an_author_given_by_id_shows_the_authors_name(site):
    s = site({"content/authors/eric.md": "---\nname: Eric Mill\n---\nWrites about things.\n", A: story(author="eric")})
    result = s.build()
    html = s.read(PAGE.format("a"))
    assert text_of(html, "span", class_="byline") == ["By Eric Mill"]
    assert [e.attrs["href"] for e in elements(html, "a", rel="author")] == ["../../../../../authors/eric/"]
    assert not [w for w in result.warnings if "byline" in w.message], [str(w) for w in result.warnings]
    assert "A headline" in s.read("authors/eric/index.html")


def test_a_byline_with_a_comma_is_one_author(site):
    s = site({A: story(author='"Jane Doe, Washington"')})
    s.build()
    html = s.read(PAGE.format("a"))
    assert len(elements(html, "a", rel="author")) == 1
    assert text_of(html, "span", class_="byline") == ["By Jane Doe, Washington"]


def test_an_authors_list_is_several_authors(site):
    s = site({A: story(authors="[Jane Doe, John Roe]")})
    s.build()
    assert len(elements(s.read(PAGE.format("a")), "a", rel="author")) == 2


def test_a_wordpress_author_mapping_gives_its_display_name(site):
    s = site({A: story(author="{display_name: Jane Doe, login: jdoe}")})
    s.build()
    html = s.read(PAGE.format("a"))
    assert text_of(html, "span", class_="byline") == ["By Jane Doe"]
    assert s.exists("authors/jane-doe/index.html")


def test_hugos_author_folders_are_author_files(site):
    """content/authors/eric/_index.md, with display_name or first and last
    names, is the author `eric`; content/authors/_index.md is the list's own
    page, left out with a note."""
    s = site({
        "content/authors/eric/_index.md": "---\ndisplay_name: Eric Mill\ngithub: konklone\n---\nWrites about things.\n",
        "content/authors/jane/_index.md": "---\nfirst_name: Jane\nlast_name: Doe\n---\n",
        "content/authors/_index.md": "---\ntitle: Authors\n---\n",
        A: story(authors="[eric, jane]"),
    })
    result = s.build()
    assert text_of(s.read(PAGE.format("a")), "span", class_="byline") == ["By Eric Mill and Jane Doe"]
    assert s.exists("authors/eric/index.html") and s.exists("authors/jane/index.html")
    [found] = [d for d in result.warnings if d.path == "content/authors/_index.md"]
    assert found.severity is Severity.NOTE and "not published" in found.message
    assert not result.skipped


def test_jekylls_authors_collection_is_author_files(site):
    """_authors/melody.md, the ID in `name` and the name to show in `full_name`."""
    s = site({
        "content/_authors/melody.md": "---\nname: melody\nfull_name: Melody Kramer\npublished: true\n---\nEditor.\n",
        A: story(authors="[melody]"),
    })
    result = s.build()
    assert text_of(s.read(PAGE.format("a")), "span", class_="byline") == ["By Melody Kramer"]
    assert "Editor." in s.read("authors/melody/index.html")
    assert not [w for w in result.warnings if w.severity is not Severity.NOTE], [str(w) for w in result.warnings]


# ---- another generator's site copied whole ----------------------------------------------------

def test_a_jekyll_post_written_in_html_is_a_story_shown_as_written(site):
    """jekyll-import writes WordPress posts as .html: a story, its HTML as it
    is (indented lines stay prose, not code), its first paragraph the dek."""
    html = "<p>Troops crossed the <em>border</em> overnight.</p>\n\n    <p>Indented, as WordPress writes it.</p>\n<img src=\"/img/map.png\">\n"
    s = site({"content/_posts/2022-12-09-troops.html": "---\ntitle: Troops\n---\n" + html, "content/img/map.png": b"\x89PNG"})
    s.build()
    page = s.read("posts/2022/12/09/troops/index.html")
    assert "<p>Indented, as WordPress writes it.</p>" in page and "<code>" not in page
    assert dek(page) == ["Troops crossed the border overnight."]
    assert 'src="../../../../../img/map.png"' in page
    assert not s.exists("_posts/2022-12-09-troops.html")


def test_another_generators_html_page_is_left_out_with_a_warning(site):
    """blog/index.html full of Liquid is a template, not text: not published, not copied, and said."""
    s = site({"content/blog/index.html": "---\nlayout: default\n---\n{% for post in paginator.posts %}{{ post.title }}{% endfor %}\n",
              "content/world/map.html": "<p>An embed, with no front matter.</p>\n", A: story()})
    result = s.build()
    assert not s.exists("blog/index.html") and not s.exists("blog/index/index.html")
    assert s.exists("world/map.html")  # plain HTML is a file like any other
    [found] = warnings_for(result, "content/blog/index.html")
    assert "not published" in found.message


def test_a_page_at_a_sections_url_is_told_how_to_be_its_text(site):
    """11ty's blog.md (permalink /blog/) was told to 'rename or remove' it:
    its permalink keeps it there whatever its name."""
    s = site({"content/world/listing.md": "---\ntitle: The world\npermalink: /world/\n---\nOur reports.\n", A: story()})
    [problem] = s.build_fails().diagnostics
    assert problem.path == "content/world/listing.md" and "move it to content/world/_index.md" in problem.message
    assert "(its file name, slug or url:)" in problem.message


def test_a_content_file_where_newsgen_writes_its_own_is_that_files_error(site):
    """A Jekyll site's 404.html and robots.txt copied in: --keep-going leaves them out and publishes the rest."""
    s = site({"content/404.html": "<h1>Lost</h1>\n", "content/robots.txt": "User-agent: *\n", A: story()})
    failed = s.build_fails()
    assert {d.path for d in failed.diagnostics} == {"content/404.html", "content/robots.txt"}
    assert all("newsgen writes" in d.message for d in failed.diagnostics)
    result = SiteBuilder(s.config()).build(BuildMode(now=NOW), keep_going=True)
    assert {d.path for d in result.skipped} == {"content/404.html", "content/robots.txt"}
    assert s.exists(PAGE.format("a")) and "Lost" not in s.read("404.html")


# ---- keep going ------------------------------------------------------------------------------

def test_keep_going_publishes_stories_with_foreign_keys_and_leaves_out_the_broken_one(site):
    files = {f"content/world/s{i}.md": story(title=f"Story {i}") for i in range(6)}
    files["content/world/jekyll.md"] = story(title="Jekyll story", layout="post", excerpt="An excerpt.")
    files["content/world/hugo.md"] = story(title="Hugo story", weight="3", lastmod="2022-12-10T08:00:00")
    files["content/world/wp.md"] = story(title="WordPress story", status="publish", my_field="3")
    files["content/world/broken.md"] = story(title="Broken story", date="yesterday")
    s = site(files)
    result = SiteBuilder(s.config()).build(BuildMode(now=NOW), keep_going=True)
    assert {d.path for d in result.skipped} == {"content/world/broken.md"}
    assert result.articles == 9
    for slug in ["jekyll", "hugo", "wp", *(f"s{i}" for i in range(6))]:
        assert s.exists(PAGE.format(slug)), slug
    assert not any("broken" in f for f in s.files())


def test_eleventys_teaser_and_last_updated_are_read_and_its_collection_exclusion_is_not_noted(site):
    """eslint.org's 480 posts give their dek as `teaser:`; lit.dev writes
    `lastUpdated:`; `eleventyExcludeFromCollections` was read and then
    noted as "not newsgen's; kept as extra"."""
    s = site()
    text = story(teaser="The short of it.", lastUpdated="2022-12-10T09:00:00")
    article, problems = parse_bytes(SourceFile("world/a.md", SourceKind.ARTICLE), text.encode(), s.config())
    assert article.summary == "The short of it." and article.updated.day == 10
    page, problems = parse_bytes(SourceFile("world/b.md", SourceKind.ARTICLE),
                                 story(eleventyExcludeFromCollections="true").encode(), s.config())
    assert not [p for p in problems if "eleventyExcludeFromCollections" in p.message], [str(p) for p in problems]


def test_eleventys_data_files_and_templates_are_not_published_and_are_said(site):
    """v8.dev, eslint.org and lit.dev keep blog.11tydata.js, posts/posts.json,
    tag.njk and atom.xml.njk among their posts: they reached output/ raw, JavaScript and all."""
    s = site({
        "content/world/world.11tydata.js": "module.exports = { layout: 'post' };\n",
        "content/world/world.json": '{"permalink": "/blog/{{ page.fileSlug }}/", "tags": "posts"}\n',
        "content/world/tag.njk": "---\npagination: {data: collections}\n---\n{{ tag }}\n",
        "content/feed/atom.xml.njk": "<feed/>\n",
        "content/data/figures.json": '{"rows": [1, 2]}\n',  # a newsroom's data, not Eleventy's: published
        A: story(),
    })
    result = s.build()
    files = s.files()
    assert not any(name in f for f in files for name in ("11tydata", "world.json", ".njk"))
    assert "data/figures.json" in files
    said = {d.path for d in result.warnings if "Eleventy's data file or template" in d.message}
    assert said == {"content/world/world.11tydata.js", "content/world/world.json", "content/world/tag.njk", "content/feed/atom.xml.njk"}


def test_a_picture_in_an_underscore_folder_says_such_folders_are_not_published(site):
    """v8.dev keeps its pictures in content/_img/, which Eleventy copies through:
    the warning said the file did not exist, though it is there."""
    s = site({"content/_img/a.png": b"\\x89PNG", A: story(body="![a](/_img/a.png)\\n")})
    said = " ".join(str(w) for w in s.build().warnings)
    assert "a folder whose name starts with '_' (_img/) is not published" in said


# ---- lists of mappings in front matter that is not YAML ------------------------------------

_CORRECTED = {
    "json": '---json\n{"title": "Troops arrive", "date": "2022-12-09T10:00:00",\n'
            ' "corrections": [{"date": "2022-12-10T09:00:00", "text": "A name was wrong."}],\n'
            ' "authors": [{"name": "Ann Lee"}]}\n---\nThe body.\n',
    "js": '---js\n{title: "Troops arrive", date: "2022-12-09T10:00:00",\n'
          ' corrections: [{date: "2022-12-10T09:00:00", text: "A name was wrong."}],\n'
          ' authors: [{name: "Ann Lee"}]}\n---\nThe body.\n',
    "toml": '+++\ntitle = "Troops arrive"\ndate = 2022-12-09T10:00:00\n'
            'authors = [{name = "Ann Lee"}]\n[[corrections]]\ndate = 2022-12-10T09:00:00\ntext = "A name was wrong."\n+++\nThe body.\n',
    "hugo-json": '{\n  "title": "Troops arrive", "date": "2022-12-09T10:00:00",\n'
                 '  "corrections": [{"date": "2022-12-10T09:00:00", "text": "A name was wrong."}],\n'
                 '  "authors": [{"name": "Ann Lee"}]\n}\nThe body.\n',
}


@pytest.mark.parametrize("form", sorted(_CORRECTED))
def test_corrections_in_front_matter_that_is_not_yaml_are_shown(site, form):
    """Nodes made of JSON, JavaScript or TOML values know no position in
    the file: a correction in them stopped the build with an internal error."""
    s = site({A: _CORRECTED[form]})
    s.build()
    html = s.read(PAGE.format("a"))
    [aside] = text_of(html, "aside", class_="corrections")
    assert "A name was wrong." in aside
    assert "Ann Lee" in html


@pytest.mark.parametrize("written, line", [
    ('---json\n{"title": "T", "date": "2022-12-09T10:00:00",\n "corrections": [5]}\n---\nBody.\n', 3),
    ('---js\n{title: "T", date: "2022-12-09T10:00:00",\n corrections: [{date: "2022-12-10"}]}\n---\nBody.\n', 3),
    ('+++\ntitle = "T"\ndate = 2022-12-09T10:00:00\n[[corrections]]\ntext = "x"\ndate = "2022-13-45"\n+++\nBody.\n', 4),
], ids=["json-not-a-mapping", "js-without-text", "toml-bad-date"])
def test_a_bad_correction_in_front_matter_that_is_not_yaml_names_the_keys_line(site, written, line):
    s = site({A: written})
    failed = s.build_fails()
    found = [d for d in failed.diagnostics if d.path == A]
    assert found and all(d.line == line for d in found), messages(failed)
    assert any("correction" in d.message for d in found), messages(failed)


@pytest.mark.parametrize("written", [
    '---json\n{"date": "2022-12-09T10:00:00",\n "title": "Broken \\ud83d half"}\n---\nBody.\n',
    '{\n "date": "2022-12-09T10:00:00",\n "title": "Broken \\udE00 half"}\nBody.\n',
    '---js\n{date: "2022-12-09T10:00:00",\n title: "Broken \\uD800 half"}\n---\nBody.\n',
], ids=["json", "hugo-json", "js"])
def test_a_lone_surrogate_escape_is_an_error_naming_its_line(site, written):
    """As YAML refuses it; it was an internal UnicodeEncodeError at render."""
    s = site({A: written})
    failed = s.build_fails()
    [problem] = [d for d in failed.diagnostics if d.path == A]
    assert problem.line == 3 and "surrogate" in problem.message, messages(failed)


def test_a_surrogate_pair_in_javascript_front_matter_is_one_character(site):
    s = site({A: '---js\n{title: "Pair \\uD83D\\uDE00", date: "2022-12-09T10:00:00"}\n---\nBody.\n'})
    s.build()
    assert text_of(s.read(PAGE.format("a")), "h1") == ["Pair \U0001F600"]


@pytest.mark.parametrize("form, written", [
    ("js", '---js\n{{title: {}, date: "2022-12-09T10:00:00", tags: [1.0, 2.50, 1e21, 0.0000001, 1e-7]}}\n---\nBody.\n'),
    ("json", '---json\n{{"title": {}, "date": "2022-12-09T10:00:00", "tags": [1.0, 2.50, 1e21, 0.0000001, 1e-7]}}\n---\nBody.\n'),
])
def test_a_number_used_as_text_is_written_as_javascript_writes_it(site, form, written):
    """String(1.0) is "1" in Eleventy; YAML's spelling of a float ("1.0", ".inf") reached headlines and tags."""
    article, diagnostics = parsed_article(site({}), written.format("1.0"))
    assert article.title == "1", diagnostics
    assert article.tags == ("1", "2.5", "1e+21", "1e-7"), diagnostics


def test_nan_in_json_front_matter_is_not_json(site):
    s = site({A: '---json\n{"title": "T",\n "date": "2022-12-09T10:00:00", "n": NaN}\n---\nBody.\n'})
    [problem] = [d for d in s.build_fails().diagnostics if d.path == A]
    assert problem.line == 3 and "not valid JSON" in problem.message


@pytest.mark.parametrize("written", [
    '---json\n{"title": "T",\n "date": "2022-12-09T10:00:00",\n "n": %s}\n---\nBody.\n',
    '{"title": "T",\n "date": "2022-12-09T10:00:00",\n "n": %s}\nBody.\n',
    '---json\n{"title": "T",\n "date": "2022-12-09T10:00:00",\n "n": 1 x}\n---\nBody.\n',
], ids=["tagged-overlong", "hugo-overlong", "tagged-malformed"])
def test_json_that_cannot_be_read_is_an_error_at_its_line(site, written):
    """A number of 5,000 digits was refused in Python's words, at line 1;
    so was any JSON error, whatever its line."""
    s = site({A: written % ("9" * 5000) if "%s" in written else written})
    [problem] = [d for d in s.build_fails().diagnostics if d.path == A]
    assert problem.line == (4 if written.startswith("---") else 3) and "not valid JSON" in problem.message, messages(s.build_fails())
    assert "4300" not in problem.message


@pytest.mark.parametrize("written, line", [
    ('---json\n{"title": "T",\n   "x": 1, "date": "2022-13-45"}\n---\nBody.\n', 3),
    ('---json\n{"title": "T", "date": "2022-12-09",\n "date": "2022-13-45"}\n---\nBody.\n', 3),
    ('---json\n{"title": "T",\n "d\\u0061te": "2022-13-45"}\n---\nBody.\n', 3),
], ids=["not-first-on-its-line", "given-twice", "escaped"])
def test_a_json_key_is_named_on_its_own_line(site, written, line):
    s = site({A: written})
    [problem] = [d for d in s.build_fails().diagnostics if d.path == A]
    assert problem.line == line and "month" in problem.message
