"""Slugs: one name per tag however it is spelt, any script kept, never too
long for a file name, never a broken character; and no two sources may want
one URL."""

from __future__ import annotations

import re
import unicodedata

import pytest

from generator.slugs import slugify, tag_slug

from .conftest import elements, messages, story, text_of


# ---- slugify ------------------------------------------------------------------

@pytest.mark.parametrize("spelling", ["Ukraine", "ukraine", "UKRAINE", "Ukraíne", "Ukrai\u0301ne", "  Ukraine  "])
def test_case_and_accents_fold(spelling):
    assert slugify(spelling) == "ukraine"


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Kremlin sends troops!", "kremlin-sends-troops"),
        ("Ünïcödé façade, naïve café", "unicode-facade-naive-cafe"),
        ("Straße", "strasse"),
        ("a -- b __ c", "a-b-c"),
        ("2022: the year", "2022-the-year"),
    ],
)
def test_latin_text(text, slug):
    assert slugify(text) == slug


@pytest.mark.parametrize(
    "text, slug",
    [
        ("東京 オリンピック", "東京-オリンピック"),
        ("北京", "北京"),
        ("Москва", "москва"),
        ("서울 뉴스", "서울-뉴스"),
    ],
)
def test_non_latin_scripts_are_kept(text, slug):
    assert slugify(text) == slug


def test_marks_of_other_scripts_are_kept():
    # In Devanagari the vowel signs are part of the word.
    assert slugify("नमस्ते दुनिया") == "नमस्ते-दुनिया"


@pytest.mark.parametrize("text", ["🎉", "🎉🎉🎉", "🇺🇦", "!!!", "—", "   "])
def test_symbols_only_give_a_non_empty_url_safe_slug(text):
    slug = slugify(text)
    assert slug
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug), slug
    assert slugify(text) == slug  # stable


def test_different_emoji_give_different_slugs():
    assert slugify("🎉") != slugify("🔥")


LONG_TEXTS = [
    "word " * 200,
    "Kremlin " + "x" * 600,
    "東京" * 300,
    "é" * 400,
    "🎉a" * 300,
    "नमस्ते " * 100,
    "नमस्ते" * 100,
    "ab" + "क्षि" * 200,
    "e\u0301" * 300,
]


@pytest.mark.parametrize("text", LONG_TEXTS, ids=range(len(LONG_TEXTS)))
def test_long_slugs_fit_a_file_name_and_never_split_a_character(text):
    slug = slugify(text)
    full = slugify(text, max_bytes=10**9)
    assert slug
    assert len(slug.encode("utf-8")) <= 255
    # Shortening only ever cuts the full slug short...
    assert full.startswith(slug), (slug, full)
    # ...and never between a letter and its combining marks.
    if len(slug) < len(full):
        assert not unicodedata.category(full[len(slug)]).startswith("M"), (slug, full[len(slug):len(slug) + 3])
    assert not slug.endswith("-")


def test_long_titles_build_with_short_enough_file_names(site):
    s = site({
        "content/world/a.md": story(slug='"' + "Very long headline about the border " * 20 + '"'),
        "content/world/b.md": story(title="Other", slug="東京" * 200),
    })
    s.build()
    for rel in s.files():
        for part in rel.split("/"):
            assert len(part.encode("utf-8")) <= 255, rel


@pytest.mark.parametrize("name, slug", [
    ("C++", "c-plus-plus"), ("C#", "c-sharp"), ("F#", "f-sharp"), ("Notepad++", "notepad-plus-plus"), ("C++20", "c-plus-plus-20"),
    # No word ends in the sign: punctuation, as before.
    ("#MeToo", "metoo"), ("A+B", "a-b"), ("C ++", "c"),
    # After a digit, arithmetic: the slug it always had (a fault trial's `Python 2+3` had moved to python-2-plus-3).
    ("Python 2+3", "python-2-3"), ("1+1", "1-1"), ("9/11#2", "9-11-2"), ("Web 2.0+", "web-2-0"),
    # Names without the signs keep their slugs, and so their tag pages' URLs.
    ("Ukraine", "ukraine"), ("React", "react"), ("Q&A", "q-a"), ("東京", "東京"),
])
def test_a_sign_that_ends_a_word_is_spelt_out_in_a_tag_slug(name, slug):
    assert tag_slug(name) == slug


def test_tag_slugs_of_names_without_plus_or_sharp_are_their_slugify():
    for name in ("Ukraine", "Kremlin sends troops!", "a -- b __ c", "Straße", "2022: the year", "🎉", "x" * 300):
        assert tag_slug(name) == slugify(name), name


# ---- tags in a build ----------------------------------------------------------------

def test_spellings_of_one_tag_make_one_tag_page(site):
    s = site({
        "content/world/a.md": story(title="Story one", tags="[Ukraine]"),
        "content/world/b.md": story(title="Story two", tags="[ukraine]"),
        "content/world/c.md": story(title="Story three", tags="[Ukraíne]"),
        "content/world/d.md": story(title="Story four", tags="[Ukraine, UKRAINE]"),
    })
    s.build()
    tag_pages = sorted(f for f in s.files() if f.startswith("tags/") and f.endswith("/index.html") and f != "tags/index.html")
    assert tag_pages == ["tags/ukraine/index.html"]
    page = s.read("tags/ukraine/index.html")
    for title in ("Story one", "Story two", "Story three", "Story four"):
        assert page.count(f">{title}</a>") == 1, title
    # The most used spelling names the topic.
    assert text_of(page, "h1") == ["Ukraine"]
    index = s.read("tags/index.html")
    cloud = [e for e in elements(index, "a") if e.attrs.get("href", "").startswith("ukraine")]
    assert [e.text for e in cloud] == ["Ukraine"]
    assert text_of(index, "ul", class_="tag-cloud")[0].count("stories") == 1
    # Story four lists its tag once.
    assert [e.text for e in elements(s.read("world/2022/12/09/d/index.html"), "a", rel="tag")] == ["Ukraine"]


def test_cjk_tag_gets_a_page_under_its_own_name(site):
    s = site({"content/world/a.md": story(tags="[東京]")})
    s.build()
    assert s.exists("tags/東京/index.html")
    links = [e.attrs["href"] for e in elements(s.read("world/2022/12/09/a/index.html"), "a", rel="tag")]
    # Percent-encoded in the attribute, as URLs must be.
    assert links == ["../../../../../tags/%E6%9D%B1%E4%BA%AC/"]


def test_emoji_tag_gets_a_page(site):
    s = site({"content/world/a.md": story(tags="[🎉]")})
    s.build()
    [page] = [f for f in s.files() if f.startswith("tags/") and f.endswith("/index.html") and f != "tags/index.html"]
    slug = page.split("/")[1]
    assert slug and slug == slugify("🎉")
    assert text_of(s.read(page), "h1") == ["🎉"]


def test_emoji_file_name_gives_an_article_page(site):
    s = site({"content/world/🎉.md": story(title="Party")})
    s.build()
    assert s.exists(f"world/2022/12/09/{slugify('🎉')}/index.html")


# ---- two sources, one URL -------------------------------------------------------------

def test_same_slug_on_the_same_day_fails_naming_both(site):
    s = site({
        "content/world/a.md": story(title="One", slug="troops"),
        "content/world/b.md": story(title="Two", slug="troops"),
    })
    failed = s.build_fails()
    text = str(failed)
    assert "content/world/a.md" in text and "content/world/b.md" in text, text
    assert not s.output.exists()


def test_slugs_differing_only_in_case_collide(site):
    s = site({
        "content/world/a.md": story(title="One", slug="Foo"),
        "content/world/b.md": story(title="Two", slug="foo"),
    })
    failed = s.build_fails()
    assert any("content/world/a.md" in m and "content/world/b.md" in m for m in messages(failed)), messages(failed)


def test_date_prefixed_and_plain_file_names_collide(site):
    s = site({
        "content/world/2022-12-09-troops.md": story(title="One"),
        "content/world/troops.md": story(title="Two"),
    })
    failed = s.build_fails()
    text = str(failed)
    assert "content/world/2022-12-09-troops.md" in text and "content/world/troops.md" in text, text


def test_article_and_static_page_collide(site):
    config = 'title = "G"\nbase_url = "https://example.org/news/"\npermalink = "/{slug}/"\n'
    s = site({"content/world/about.md": story(title="About the war"), "content/pages/about.md": "---\ntitle: About us\n---\nHi.\n"}, config=config)
    text = str(s.build_fails())
    assert "content/world/about.md" in text and "content/pages/about.md" in text, text


def test_article_and_asset_collide(site):
    config = 'title = "G"\nbase_url = "https://example.org/news/"\npermalink = "/{section}/{slug}/"\n'
    s = site({"content/world/map.md": story(title="Map"), "content/world/map/index.html": "<p>hand made</p>"}, config=config)
    text = str(s.build_fails())
    assert "content/world/map.md" in text and "content/world/map/index.html" in text, text


def test_same_slug_on_different_days_is_fine(site):
    s = site({
        "content/world/a.md": story(title="One", slug="troops", date="2022-12-08"),
        "content/world/b.md": story(title="Two", slug="troops", date="2022-12-09"),
    })
    s.build()
    assert s.exists("world/2022/12/08/troops/index.html") and s.exists("world/2022/12/09/troops/index.html")


def test_c_plus_plus_and_c_sharp_are_two_tags(site):
    """`C++` and `C#` both slugged to `c`: they merged into one tag titled
    "C#", and `C++` was gone from its story's page, the feeds' categories
    and the JSON-LD keywords, without a word in the build's warnings."""
    s = site({
        "content/world/a.md": story(title="Story one", tags='["C++"]'),
        "content/world/b.md": story(title="Story two", tags='["C#"]'),
        "content/world/c.md": story(title="Story three", tags='["C#"]'),
    })
    s.build()
    assert text_of(s.read("tags/c-plus-plus/index.html"), "h1") == ["C++"]
    assert text_of(s.read("tags/c-sharp/index.html"), "h1") == ["C#"]
    assert not s.exists("tags/c/index.html")
    assert [e.text for e in elements(s.read("world/2022/12/09/a/index.html"), "a", rel="tag")] == ["C++"]
    assert "C++" in s.read("feed.xml") and "C#" in s.read("feed.xml")
