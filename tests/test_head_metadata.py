"""The <head> of every story page: canonical link, description, Open Graph
(with the article: properties) and the Twitter card, on the sample site and
on a fixture site."""

from __future__ import annotations

import os
import re

import pytest

from generator.build import SiteBuilder
from generator.render import og_locale
from generator.content.model import BuildMode
from generator.errors import ConfigError

from .conftest import NOW, elements, story
from .distribution import GAZETTE_CONFIG, Built, build, meta_values

CONFIG = GAZETTE_CONFIG + """\
"""

FILES = {
    "site.toml": CONFIG,
    "content/authors/anna-berg.md": "---\nname: Anna Berg\n---\nAnna covers Eastern Europe.\n",
    "content/authors/ben-ode.md": "---\nname: Ben Ode\n---\nBen covers the city.\n",
    "content/world/map.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>\n',
    "content/world/pictured.md": story(
        "A story with a picture", "2022-12-09T10:00:00", authors="[Anna Berg, Ben Ode]", tags="[Ukraine, Energy]",
        summary="It has a map.", image="map.svg", image_alt="A map of the region", updated="2022-12-10T08:15:00",
    ),
    "content/world/summer.md": story("A summer story", "2022-07-01T09:30:00", author="Ben Ode", summary="Warm.", tags="[Energy]"),
}


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory) -> Built:
    return build(tmp_path_factory.mktemp("head"), FILES)


@pytest.fixture(params=["sample", "fixture"])
def built(request) -> Built:
    return request.getfixturevalue("sample_build" if request.param == "sample" else "fixture_build")


def head(built: Built, rel: str) -> str:
    return built.read(rel).split("</head>", 1)[0]


def one(values: list[str], what: str) -> str | None:
    return values[0] if len(values) == 1 else f"<{len(values)} × {what}: {values}>"


def expected_moment(moment, time_known: bool) -> str:
    return moment.isoformat(timespec="seconds") if time_known else moment.date().isoformat()


def check(built: Built, expect) -> list[str]:
    """expect(story) → {meta key: expected list of values}; the differences."""
    problems = []
    for s in built.stories:
        h = head(built, s.rel)
        for key, want in expect(s).items():
            have = meta_values(h, key)
            if have != want:
                problems.append(f"{s.rel}: {key} {have!r}, expected {want!r}")
    return problems


def test_canonical_link(built):
    problems = []
    for s in built.stories:
        links = [e.attrs.get("href") for e in elements(head(built, s.rel), "link", rel="canonical")]
        if links != [s.url(built.base_url)]:
            problems.append(f"{s.rel}: canonical {links}, expected {[s.url(built.base_url)]}")
    assert problems == [], "\n".join(problems)


def test_meta_description(built):
    assert check(built, lambda s: {"description": [s.summary]}) == []


def test_open_graph_basics(built):
    problems = check(built, lambda s: {
        "og:type": ["article"],
        "og:title": [s.title],
        "og:description": [s.summary],
        "og:url": [s.url(built.base_url)],
        "og:site_name": [built.info.title],
        "og:locale": [og_locale(built.info.language_of(s))],
    })
    assert problems == [], "\n".join(problems)


def test_og_locale_is_language_and_territory(built):
    for s in built.stories:
        locale = one(meta_values(head(built, s.rel), "og:locale"), "og:locale")
        assert re.fullmatch(r"[a-z]{2,3}_[A-Z]{2}", locale or ""), (s.rel, locale)


def card_path(path: str) -> str:
    """Where the image stage puts a local raster image's 1200×630 card; an SVG or GIF is its own card."""
    stem, suffix = os.path.splitext(path)
    if suffix.lower() not in (".jpg", ".jpeg", ".png", ".webp"):
        return path
    card = "png" if suffix.lower() == ".png" else "jpg"
    return f"{stem}-card{suffix}" if suffix.lower() == f".{card}" else f"{stem}-card{suffix}.{card}"


def test_og_image_is_absolute_with_alt_text_and_a_large_card(built):
    pictured = [s for s in built.stories if s.image]
    assert pictured
    problems = check(built, lambda s: {
        "og:image": [s.image if "://" in s.image else built.base_url + card_path(s.image.lstrip("/"))],
        "og:image:alt": [s.image_alt],
        "twitter:card": ["summary_large_image"],
    } if s.image else {})
    for s in pictured:
        image = meta_values(head(built, s.rel), "og:image")
        if image and not image[0].startswith("https://"):
            problems.append(f"{s.rel}: og:image {image[0]!r} is not absolute")
        elif image and not (built.output / image[0][len(built.base_url):]).is_file():
            problems.append(f"{s.rel}: og:image {image[0]!r} is not a file of the site")
    assert problems == [], "\n".join(problems)


def test_article_published_and_modified_time(built):
    problems = check(built, lambda s: {
        "article:published_time": [expected_moment(s.date, s.time_known)],
        "article:modified_time": [expected_moment(s.last_modified, s.time_known or s.last_modified != s.date)],
    })
    assert problems == [], "\n".join(problems)


def test_article_published_time_has_the_offset(fixture_build):
    h = head(fixture_build, "world/2022/12/09/pictured/index.html")
    assert meta_values(h, "article:published_time") == ["2022-12-09T10:00:00+01:00"]
    assert meta_values(h, "article:modified_time") == ["2022-12-10T08:15:00+01:00"]
    assert meta_values(head(fixture_build, "world/2022/07/01/summer/index.html"), "article:published_time") == ["2022-07-01T09:30:00+02:00"]


def test_article_author_per_author(built):
    problems = check(built, lambda s: {"article:author": [f"{built.base_url}{s.edition}authors/{slug}/" for slug in s.author_slugs]})
    assert problems == [], "\n".join(problems)


def test_article_section(built):
    problems = check(built, lambda s: {"article:section": [built.info.section_title(s.section, s.edition)]})
    assert problems == [], "\n".join(problems)


def test_article_tag_per_tag(built):
    problems = []
    for s in built.stories:
        have = sorted(meta_values(head(built, s.rel), "article:tag"))
        if have != sorted(s.tags):
            problems.append(f"{s.rel}: article:tag {have}, expected {sorted(s.tags)}")
    assert problems == [], "\n".join(problems)


def test_fixture_story_head(fixture_build):
    """All of it on one page, as a reader of the test would write it."""
    h = head(fixture_build, "world/2022/12/09/pictured/index.html")
    assert [e.attrs["href"] for e in elements(h, "link", rel="canonical")] == ["https://example.org/news/world/2022/12/09/pictured/"]
    assert meta_values(h, "og:image") == ["https://example.org/news/world/map.svg"]
    assert meta_values(h, "og:image:alt") == ["A map of the region"]
    assert meta_values(h, "twitter:card") == ["summary_large_image"]
    assert meta_values(h, "article:author") == ["https://example.org/news/authors/anna-berg/", "https://example.org/news/authors/ben-ode/"]
    assert meta_values(h, "article:section") == ["World"]
    assert sorted(meta_values(h, "article:tag")) == ["Energy", "Ukraine"]


def test_every_page_lets_search_show_large_image_previews(built):
    """Without max-image-preview:large, Google Discover shows only thumbnails."""
    pages = [rel for rel in built.html_files() if rel != "404.html"]
    assert len(pages) > 10
    for rel in pages:
        # The search page asks not to be indexed too: its results are the reader's own.
        want = "noindex, max-image-preview:large" if built.is_search_page(rel) else "max-image-preview:large"
        assert meta_values(head(built, rel), "robots") == [want], rel


def test_the_image_preview_is_set_in_site_toml(site):
    s = site({"site.toml": GAZETTE_CONFIG + '\n[robots]\nimage_preview = "standard"\n', "content/world/a.md": story("A")})
    s.build()
    assert meta_values(head_of(s.read("index.html")), "robots") == ["max-image-preview:standard"]
    s.write("site.toml", GAZETTE_CONFIG + '\n[robots]\nimage_preview = "huge"\n')
    failure = pytest.raises(ConfigError, s.build)
    assert "robots.image_preview" in str(failure.value) and "large, standard, none" in str(failure.value)


def head_of(page: str) -> str:
    return page.split("</head>", 1)[0]


def test_a_lead_image_that_names_no_file_is_an_error_naming_the_story(site):
    s = site({
        "content/world/a.md": story("A", image="missing.jpg", image_alt="Nothing"),
        "content/world/b.md": story("B", date="2022-12-08T10:00:00", image="/static/favicon.svg", image_alt="An icon"),
        "content/world/c.md": story("C", date="2022-12-07T10:00:00", image="https://images.example.org/c.jpg", image_alt="Elsewhere"),
    })
    failed = s.build_fails()
    assert [(d.path, d.line, "missing.jpg" in d.message and "does not exist" in d.message) for d in failed.diagnostics] == [
        ("content/world/a.md", 4, True)]
    result = SiteBuilder(s.config()).build(BuildMode(now=NOW), keep_going=True)
    assert [d.path for d in result.skipped] == ["content/world/a.md"]
    assert s.exists("world/2022/12/08/b/index.html") and s.exists("world/2022/12/07/c/index.html")
