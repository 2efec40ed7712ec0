"""JSON-LD: every <script type="application/ld+json"> of the sample site and of
a fixture site parses with json.loads and says what schema.org and Google's
article guidelines ask for; no front matter value can close the script."""

from __future__ import annotations

import json
import os
import re

import pytest

from .conftest import elements, output_rel, story
from .distribution import GAZETTE_CONFIG, ISO_DATE, RFC3339, Built, build, by_type, ld_json, ld_json_scripts

CONFIG = GAZETTE_CONFIG + """\
"""

EVIL = "</script><script>alert(1)</script> <!-- x"
CORRECTIONS = "\n  - date: 2022-12-10T09:00:00\n    text: An earlier version misspelt a name.\n  - date: 2022-12-11T10:30:00\n    text: A figure was wrong."

FILES = {
    "site.toml": CONFIG,
    "content/authors/anna-berg.md": "---\nname: Anna Berg\nrole: Correspondent\n---\nAnna covers Eastern Europe.\n",
    "content/authors/ben-ode.md": "---\nname: Ben Ode\nrole: Reporter\n---\nBen covers the city.\n",
    "content/world/map.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>\n',
    "content/world/paid.md": story(
        "Subscribers only", "2022-12-09T10:00:00", "The first paragraph.\n\nThe rest of the story.\n",
        authors="[Anna Berg, Ben Ode]", tags="[Ukraine, Energy]", summary="A story behind the paywall.", dateline="KYIV",
        image="map.svg", image_alt="A map of the region", paywall="true", corrections=CORRECTIONS,
    ),
    "content/world/sponsored.md": story("A word from our sponsor", "2022-12-08T10:00:00", kind="sponsored", author="Anna Berg", summary="Paid for."),
    "content/world/analysis.md": story("What it means", "2022-12-07T10:00:00", kind="analysis", author="Ben Ode", summary="An analysis."),
    "content/opinion/column.md": story("I think so", "2022-07-07T10:00:00", kind="opinion", author="Ben Ode", summary="A column.", updated="2022-07-08T11:00:00"),
    "content/world/external-image.md": story("Outside picture", "2022-12-06T10:00:00", image="https://images.example.com/a.jpg", image_alt="A picture", summary="With an external image."),
    "content/world/evil.md": (
        "---\n"
        f"title: '{EVIL}'\n"
        "date: 2022-12-05T10:00:00\n"
        f"author: 'Eve {EVIL}'\n"
        f"summary: 'Summary {EVIL}'\n"
        f"dateline: 'CITY {EVIL}'\n"
        f"tags: ['Tag {EVIL}', Energy]\n"
        "---\n"
        "Body text.\n"
    ),
}

TYPES = {"news": "NewsArticle", "opinion": "OpinionNewsArticle", "analysis": "AnalysisNewsArticle", "sponsored": "AdvertiserContentArticle"}
ARTICLE_TYPES = set(TYPES.values())


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory) -> Built:
    return build(tmp_path_factory.mktemp("jsonld"), FILES)


@pytest.fixture(params=["sample", "fixture"])
def built(request) -> Built:
    return request.getfixturevalue("sample_build" if request.param == "sample" else "fixture_build")


def article_of(built: Built, s) -> dict:
    docs = [d for d in ld_json(built.read(s.rel)) if d.get("@type") in ARTICLE_TYPES]
    assert len(docs) == 1, f"{s.rel}: {len(docs)} article documents"
    return docs[0]


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def url_of(value) -> str | None:
    """A URL given as a string, or as an object with url or @id."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return value.get("url") or value.get("@id")
    return None


def expected_moment(moment, time_known: bool) -> str:
    return moment.isoformat(timespec="seconds") if time_known else moment.date().isoformat()


# ---- every script -------------------------------------------------------------------

def test_every_ld_json_script_is_json(built):
    problems = []
    count = 0
    for rel in built.html_files():
        for text in ld_json_scripts(built.read(rel)):
            count += 1
            try:
                data = json.loads(text)
            except ValueError as exc:
                problems.append(f"{rel}: {exc}: {text[:120]!r}")
                continue
            for doc in as_list(data):
                if doc.get("@context") not in ("https://schema.org", "https://schema.org/", "http://schema.org"):
                    problems.append(f"{rel}: @context {doc.get('@context')!r}")
    assert count > len(built.stories)
    assert problems == [], "\n".join(problems)


# ---- stories -------------------------------------------------------------------------

def test_story_type_follows_its_kind(built):
    wrong = {s.source: (article_of(built, s)["@type"], TYPES[s.kind]) for s in built.stories if article_of(built, s)["@type"] != TYPES[s.kind]}
    assert wrong == {}


def test_fixture_has_every_kind(fixture_build):
    assert {article_of(fixture_build, s)["@type"] for s in fixture_build.stories} == ARTICLE_TYPES


def test_story_headline_description_and_page(built):
    problems = []
    for s in built.stories:
        doc = article_of(built, s)
        url = s.url(built.base_url)
        if doc.get("headline") != s.title:
            problems.append(f"{s.source}: headline {doc.get('headline')!r}")
        if doc.get("description") != s.summary:
            problems.append(f"{s.source}: description {doc.get('description')!r}")
        if url_of(doc.get("mainEntityOfPage")) != url:
            problems.append(f"{s.source}: mainEntityOfPage {doc.get('mainEntityOfPage')!r}, expected {url}")
    assert problems == [], "\n".join(problems)


def test_story_section_keywords_language_and_dateline(built):
    problems = []
    for s in built.stories:
        doc = article_of(built, s)
        if doc.get("articleSection") != built.info.section_title(s.section, s.edition):
            problems.append(f"{s.source}: articleSection {doc.get('articleSection')!r}")
        keywords = doc.get("keywords", [])
        keywords = [k.strip() for k in keywords.split(",")] if isinstance(keywords, str) else keywords
        if sorted(keywords) != sorted(s.tags):
            problems.append(f"{s.source}: keywords {keywords!r}, expected {list(s.tags)}")
        if doc.get("inLanguage") != built.info.language_of(s):
            problems.append(f"{s.source}: inLanguage {doc.get('inLanguage')!r}")
        if s.dateline and doc.get("dateline") != s.dateline:
            problems.append(f"{s.source}: dateline {doc.get('dateline')!r}, expected {s.dateline!r}")
        if not s.dateline and "dateline" in doc:
            problems.append(f"{s.source}: a dateline {doc['dateline']!r} the story does not have")
    assert problems == [], "\n".join(problems)


def test_story_dates_carry_offsets(built):
    """datePublished and dateModified: RFC 3339 with the site's offset for a
    story with a time; a story dated without a time keeps a plain date (the
    theme's decision not to invent midnight)."""
    problems = []
    for s in built.stories:
        doc = article_of(built, s)
        published = doc.get("datePublished", "")
        modified = doc.get("dateModified", "")
        want_published = expected_moment(s.date, s.time_known)
        changed = s.last_modified != s.date
        want_modified = expected_moment(s.last_modified, s.time_known or changed)
        if published != want_published:
            problems.append(f"{s.source}: datePublished {published!r}, expected {want_published!r}")
        if modified != want_modified:
            problems.append(f"{s.source}: dateModified {modified!r}, expected {want_modified!r}")
        for value in (published, modified):
            if not (RFC3339.match(value) or (ISO_DATE.match(value) and not s.time_known)):
                problems.append(f"{s.source}: {value!r} is not a date-time with an offset")
    assert problems == [], "\n".join(problems)


def test_summer_and_winter_offsets(fixture_build):
    by_title = {s.title: s for s in fixture_build.stories}
    column = article_of(fixture_build, by_title["I think so"])
    assert (column["datePublished"], column["dateModified"]) == ("2022-07-07T10:00:00+02:00", "2022-07-08T11:00:00+02:00")
    paid = article_of(fixture_build, by_title["Subscribers only"])
    assert (paid["datePublished"], paid["dateModified"]) == ("2022-12-09T10:00:00+01:00", "2022-12-11T10:30:00+01:00")


def test_story_authors_are_persons_with_their_pages(built):
    problems = []
    for s in built.stories:
        doc = article_of(built, s)
        want = [{"@type": "Person", "name": name, "url": f"{built.base_url}{s.edition}authors/{slug}/"} for name, slug in zip(s.authors, s.author_slugs)]
        have = doc.get("author")
        if not s.authors:
            continue
        if len(s.authors) > 1 and not isinstance(have, list):
            problems.append(f"{s.source}: several authors must be an array, not {have!r}")
            continue
        persons = [{k: p.get(k) for k in ("@type", "name", "url")} for p in as_list(have)]
        if persons != want:
            problems.append(f"{s.source}: author {have!r}, expected {want!r}")
        for p in as_list(have):
            rel = output_rel(p.get("url", ""), built.base_url)
            if rel is None or not (built.output / rel).is_file():
                problems.append(f"{s.source}: author page {p.get('url')!r} does not exist")
    assert problems == [], "\n".join(problems)


def test_several_authors_are_an_array(fixture_build):
    paid = next(s for s in fixture_build.stories if s.title == "Subscribers only")
    authors = article_of(fixture_build, paid)["author"]
    assert isinstance(authors, list) and [a["name"] for a in authors] == ["Anna Berg", "Ben Ode"]
    assert [a["url"] for a in authors] == ["https://example.org/news/authors/anna-berg/", "https://example.org/news/authors/ben-ode/"]


def test_story_publisher_is_a_news_media_organization_with_a_logo(built):
    problems = []
    for s in built.stories:
        publisher = article_of(built, s).get("publisher") or {}
        if publisher.get("@type") != "NewsMediaOrganization" or publisher.get("name") != built.info.publisher:
            problems.append(f"{s.source}: publisher {publisher!r}")
        logo = url_of(publisher.get("logo"))
        rel = output_rel(logo or "", built.base_url)
        if not logo or not logo.startswith("https://") or rel is None or not (built.output / rel).is_file():
            problems.append(f"{s.source}: publisher logo {publisher.get('logo')!r} is not an absolute URL of a file of the site")
    assert problems == [], "\n".join(problems)


def search_shapes(built, image: str) -> list[str]:
    """The absolute URLs the structured data gives for `image`: a local
    raster image's 16:9, 4:3 and 1:1 crops, or the image itself."""
    if "://" in image:
        return [image]
    stem, suffix = os.path.splitext(image.lstrip("/"))
    if suffix.lower() not in (".jpg", ".jpeg", ".png", ".webp"):
        return [built.base_url + image.lstrip("/")]
    suffix = ".png" if suffix.lower() == ".png" else ".jpg"
    return [f"{built.base_url}{stem}-{shape}{suffix}" for shape in ("16x9", "4x3", "1x1")]


def test_story_image_is_absolute(built):
    with_images = [s for s in built.stories if s.image]
    assert with_images
    problems = []
    for s in built.stories:
        images = [url_of(i) for i in as_list(article_of(built, s).get("image", []))]
        # A story without a picture of its own shows the publisher's, if any.
        own = s.image or built.info.publisher_image
        want = search_shapes(built, own) if own else []
        if images != want:
            problems.append(f"{s.source}: image {images!r}, expected {want!r}")
        rels = [output_rel(i, built.base_url) for i in images]
        problems += [f"{s.source}: {i} is not a file of the site" for i, rel in zip(images, rels)
                     if "://" not in own and not (rel and (built.output / rel).is_file())]
    assert problems == [], "\n".join(problems)


def test_free_stories_are_accessible_for_free(built):
    wrong = [s.source for s in built.stories if not s.paywall and article_of(built, s).get("isAccessibleForFree") is not True]
    assert wrong == []


def test_paywalled_story_marks_the_paywalled_part(fixture_build):
    paid = next(s for s in fixture_build.stories if s.paywall)
    doc = article_of(fixture_build, paid)
    assert doc.get("isAccessibleForFree") is False
    parts = as_list(doc.get("hasPart"))
    walls = [p for p in parts if isinstance(p, dict) and p.get("@type") == "WebPageElement" and p.get("isAccessibleForFree") is False]
    assert [p.get("cssSelector") for p in walls] == [".paywall"]
    # The selector must select something on the page.
    assert elements(fixture_build.read(paid.rel), class_="paywall"), "the page has no element with class paywall"
    assert "The rest of the story." in " ".join(e.text for e in elements(fixture_build.read(paid.rel), class_="paywall"))


def test_corrections_are_correction_comments(built):
    corrected = [s for s in built.stories if s.corrections]
    assert corrected
    problems = []
    for s in corrected:
        found = as_list(article_of(built, s).get("correction", []))
        have = [(c.get("@type"), c.get("text"), c.get("datePublished")) for c in found]
        want = [("CorrectionComment", text, when.isoformat(timespec="seconds")) for when, text in s.corrections]
        if have != want:
            problems.append(f"{s.source}: correction {have!r}, expected {want!r}")
    assert problems == [], "\n".join(problems)


def test_stories_have_breadcrumbs(built):
    problems = []
    for s in built.stories:
        lists = by_type(ld_json(built.read(s.rel)), "BreadcrumbList")
        if len(lists) != 1:
            problems.append(f"{s.rel}: {len(lists)} BreadcrumbLists")
            continue
        items = lists[0].get("itemListElement", [])
        positions = [i.get("position") for i in items]
        urls = [url_of(i.get("item")) for i in items]
        if positions != list(range(1, len(items) + 1)) or len(items) < 2 or any(i.get("@type") != "ListItem" or not i.get("name") for i in items):
            problems.append(f"{s.rel}: itemListElement {items!r}")
        if urls[:1] != [built.base_url + s.edition] or urls[-1:] != [s.url(built.base_url)]:  # its edition's front page first
            problems.append(f"{s.rel}: breadcrumb URLs {urls}")
        for url in urls:
            rel = output_rel(url or "", built.base_url)
            if rel is None or not (built.output / rel).is_file():
                problems.append(f"{s.rel}: breadcrumb {url!r} is not a page of the site")
    assert problems == [], "\n".join(problems)


# ---- the front page and author pages -------------------------------------------------

def test_front_page_has_website_and_organization(built):
    docs = ld_json(built.read("index.html"))
    websites = by_type(docs, "WebSite")
    organizations = by_type(docs, "NewsMediaOrganization")
    assert len(websites) == 1 and websites[0].get("name") == built.info.title and websites[0].get("url") == built.base_url
    assert len(organizations) == 1 and organizations[0].get("name") == built.info.publisher
    logo = url_of(organizations[0].get("logo"))
    assert logo and logo.startswith("https://") and (built.output / output_rel(logo, built.base_url)).is_file()
    assert organizations[0].get("url") == built.base_url


def test_author_pages_have_a_person(built):
    pages = sorted({f"authors/{slug}/index.html" for s in built.stories for slug in s.author_slugs})
    assert pages
    problems = []
    for rel in pages:
        persons = by_type(ld_json(built.read(rel)), "Person")
        if len(persons) != 1 or persons[0].get("url") != built.url_of(rel) or not persons[0].get("name"):
            problems.append(f"{rel}: {persons!r}")
    assert problems == [], "\n".join(problems)


def test_author_person_names_the_author(fixture_build):
    persons = by_type(ld_json(fixture_build.read("authors/anna-berg/index.html")), "Person")
    assert persons[0]["name"] == "Anna Berg"


# ---- escaping ----------------------------------------------------------------------------

def test_front_matter_cannot_close_the_script_element(fixture_build):
    evil = next(s for s in fixture_build.stories if s.title == EVIL)
    assert evil.dateline == f"CITY {EVIL}" and f"Tag {EVIL}" in evil.tags  # the YAML says what the test thinks it says
    for rel in fixture_build.html_files():
        html = fixture_build.read(rel)
        assert "</script><script>alert" not in html, rel
        for text in ld_json_scripts(html):
            assert not re.search(r"</script|<!--", text, re.IGNORECASE), f"{rel}: {text[:200]}"
            json.loads(text)
    doc = article_of(fixture_build, evil)
    assert doc["headline"] == EVIL
    assert doc["description"] == f"Summary {EVIL}"
    assert doc["dateline"] == f"CITY {EVIL}"
    assert [a["name"] for a in as_list(doc["author"])] == [f"Eve {EVIL}"]
    assert f"Tag {EVIL}" in doc["keywords"]
    crumbs = by_type(ld_json(fixture_build.read(evil.rel)), "BreadcrumbList")[0]["itemListElement"]
    assert crumbs[-1]["name"] == EVIL


def test_author_page_person_name_is_escaped(fixture_build):
    evil = next(s for s in fixture_build.stories if s.title == EVIL)
    rel = f"authors/{evil.author_slugs[0]}/index.html"
    html = fixture_build.read(rel)
    assert "</script><script>alert" not in html
    assert by_type(ld_json(html), "Person")[0]["name"] == f"Eve {EVIL}"
