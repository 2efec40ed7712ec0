"""RSS 2.0 and Atom 1.0 feeds for the site, each section, tag and author,
checked with feedparser (bozo) and read exactly with lxml, on the sample site
and on a small fixture site; and the <link rel="alternate"> of every page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urljoin

from xml.sax import saxutils

import feedparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import feeds
from generator.bodies import absolutize
from generator.dates import rfc822

from generator.cli import main

from .conftest import NOW, elements, story
from .distribution import (
    GAZETTE_CONFIG,
    ATOM_NS, CONTENT_NS, DC_NS, RFC822, RFC3339, Built, build, html_text, url_attributes, write_site, xml,
)

CONFIG = GAZETTE_CONFIG + """\

[sections.politics]
title = "Politics"
order = 2
"""

WINTER_BODY = """\
Winter body opens here. See [the summer story](../politics/summer.md), the [world page](/world/), [a map](map.svg) and [an outside site](https://example.com/x).

![A map of the region](map.svg)

<p>Raw HTML: <a href="map.svg">the map again</a> <img src="map.svg" srcset="map.svg 1x, /world/map.svg 2x" alt="Map"></p>

A paragraph with a footnote.[^1] Jump to [the end](#the-end).

## The end

Winter body ends here.

[^1]: The footnote text.
"""

FILES = {
    "site.toml": CONFIG,
    "content/authors/anna-berg.md": "---\nname: Anna Berg\nrole: Correspondent\n---\nAnna covers Eastern Europe.\n",
    "content/authors/ben-ode.md": "---\nname: Ben Ode\nrole: Reporter\n---\nBen covers the city.\n",
    "content/world/map.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>\n',
    "content/world/winter.md": story(
        "Winter story", "2022-12-09T10:00:00", WINTER_BODY,
        authors="[Anna Berg, Ben Ode]", tags="[Ukraine, Energy]", summary="Winter summary.", dateline="KYIV",
        image="map.svg", image_alt="A map of the region",
    ),
    "content/politics/summer.md": story(
        "Summer story", "2022-07-01T09:30:00", "Summer body text.\n",
        author="Anna Berg", tags="[Energy]", summary="Summer summary.", updated="2022-07-02T10:00:00",
    ),
    "content/world/corrected.md": story(
        "Corrected story", "2022-12-05T08:00:00", "Corrected body text.\n",
        author="Ben Ode", tags="[Ukraine]", summary="Corrected summary.",
        corrections="\n  - date: 2022-12-11T09:00:00\n    text: A number was wrong.",
    ),
    "content/politics/plain.md": story("Plain story", "2022-11-20T12:00:00", "Plain body text.\n", summary="Plain summary."),
    "content/world/draft.md": story(
        "Draft story", "2022-12-10T10:00:00", "Draft body.\n", draft="true", tags="[Ukraine, Drafttag]", author="Drafty Writer",
    ),
    "content/world/scheduled.md": story(
        "Scheduled story", "2022-12-13T09:00:00", "Scheduled body.\n", tags="[Ukraine, Futuretag]", author="Future Writer",
    ),
}


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory) -> Built:
    return build(tmp_path_factory.mktemp("feeds"), FILES)


@pytest.fixture(params=["sample", "fixture"])
def built(request) -> Built:
    return request.getfixturevalue("sample_build" if request.param == "sample" else "fixture_build")


# ---- reading feeds exactly ---------------------------------------------------

@dataclass
class Item:
    id: str
    link: str
    title: str
    authors: list[tuple[str, str | None]]  # (name, uri)
    categories: list[str]  # labels (or terms when there is no label)
    summary: str | None
    content: str | None
    content_type: str | None
    published: str
    updated: str | None


@dataclass
class Feed:
    rel: str
    format: str  # rss or atom
    self_links: list[tuple[str, str | None]]  # (href, type)
    updated: str | None
    id: str | None
    items: list[Item]


def _text(element, path, ns=None) -> str | None:
    found = element.find(path, ns or {})
    return None if found is None else (found.text or "")


def read_feed(rel: str, data: bytes) -> Feed:
    root = xml(data)
    if root.tag == "rss":
        channel = root.find("channel")
        items = []
        for item in channel.findall("item"):
            items.append(Item(
                id=_text(item, "guid"),
                link=_text(item, "link"),
                title=_text(item, "title"),
                authors=[(c.text, None) for c in item.findall(f"{{{DC_NS}}}creator")],
                categories=[c.text for c in item.findall("category")],
                summary=_text(item, "description"),
                content=_text(item, f"{{{CONTENT_NS}}}encoded"),
                content_type="html",
                published=_text(item, "pubDate"),
                updated=None,
            ))
        links = [(link.get("href"), link.get("type")) for link in channel.findall(f"{{{ATOM_NS}}}link") if link.get("rel") == "self"]
        return Feed(rel, "rss", links, _text(channel, "lastBuildDate"), None, items)
    assert root.tag == f"{{{ATOM_NS}}}feed", f"{rel}: root element {root.tag}"
    a = {"a": ATOM_NS}
    items = []
    for entry in root.findall("a:entry", a):
        content = entry.find("a:content", a)
        alternate = [link.get("href") for link in entry.findall("a:link", a) if link.get("rel", "alternate") == "alternate"]
        items.append(Item(
            id=_text(entry, "a:id", a),
            link=alternate[0] if alternate else None,
            title=_text(entry, "a:title", a),
            authors=[(_text(au, "a:name", a), _text(au, "a:uri", a)) for au in entry.findall("a:author", a)],
            categories=[c.get("label") or c.get("term") for c in entry.findall("a:category", a)],
            summary=_text(entry, "a:summary", a),
            content=None if content is None else content.text,
            content_type=None if content is None else content.get("type"),
            published=_text(entry, "a:published", a),
            updated=_text(entry, "a:updated", a),
        ))
    links = [(link.get("href"), link.get("type")) for link in root.findall("a:link", a) if link.get("rel") == "self"]
    return Feed(rel, "atom", links, _text(root, "a:updated", a), _text(root, "a:id", a), items)


def feed_files(built: Built) -> list[str]:
    return [f for f in built.files() if f.endswith(("/feed.xml", "/atom.xml")) or f in ("feed.xml", "atom.xml")]


def all_feeds(built: Built) -> list[tuple[Feed, str, list]]:
    """Every expected feed, parsed: (feed, list kind, the list's stories newest first)."""
    found = []
    for page, (kind, stories) in built.feed_lists().items():
        for name in ("feed.xml", "atom.xml"):
            rel = page + name
            found.append((read_feed(rel, built.read_bytes(rel)), kind, stories))
    return found


def rfc822_of(moment) -> str:
    return format_datetime(moment)


# ---- which feeds exist ---------------------------------------------------------

def test_every_list_has_an_rss_and_an_atom_feed(built):
    expected = sorted(page + name for page in built.feed_lists() for name in ("feed.xml", "atom.xml"))
    assert {"feed.xml", "atom.xml"} <= set(expected)
    missing = [rel for rel in expected if not (built.output / rel).is_file()]
    assert missing == [], f"feeds missing from the output: {missing}"
    # ...and no feed for anything that is not one of those lists.
    assert sorted(feed_files(built)) == expected


def test_the_fixture_site_has_feeds_for_sections_tags_and_authors(fixture_build):
    for rel in ("feed.xml", "atom.xml", "world/feed.xml", "world/atom.xml", "politics/feed.xml", "politics/atom.xml",
                "tags/ukraine/feed.xml", "tags/energy/atom.xml", "authors/anna-berg/feed.xml", "authors/ben-ode/atom.xml"):
        assert (fixture_build.output / rel).is_file(), rel


def test_every_feed_parses_with_feedparser_without_bozo(built):
    problems = []
    for rel in feed_files(built):
        parsed = feedparser.parse(built.read_bytes(rel))
        if parsed.bozo:
            problems.append(f"{rel}: {parsed.bozo_exception!r}")
        want = "rss20" if rel.endswith("feed.xml") else "atom10"
        if parsed.version != want:
            problems.append(f"{rel}: feedparser sees version {parsed.version!r}, not {want}")
        if not parsed.entries:
            problems.append(f"{rel}: no entries")
    assert problems == []


# ---- items ------------------------------------------------------------------------

def test_feed_items_are_the_lists_stories_newest_first(built):
    problems = []
    for feed, _, stories in all_feeds(built):
        want = [s.url(built.base_url) for s in stories][:50]
        have = [item.link for item in feed.items]
        if have != want:
            problems.append(f"{feed.rel}: items {have}\n   expected {want}")
    assert problems == [], "\n".join(problems)


def test_feedparser_sees_the_same_items(built):
    for edition in built.editions:  # each edition's feed has its own stories
        stories = [s for s in built.stories if s.edition == edition]
        for rel in ("feed.xml", "atom.xml"):
            parsed = feedparser.parse(built.read_bytes(edition + rel))
            assert [e.link for e in parsed.entries] == [s.url(built.base_url) for s in stories][:50]
            assert [e.title for e in parsed.entries] == [s.title for s in stories][:50]


def test_drafts_and_scheduled_stories_are_in_no_feed(fixture_build):
    unpublished = fixture_build.unpublished
    assert {s.title for s in unpublished} == {"Draft story", "Scheduled story"}
    for rel in feed_files(fixture_build):
        text = fixture_build.read(rel)
        for s in unpublished:
            assert s.title not in text and s.url(fixture_build.base_url) not in text, f"{s.title} in {rel}"
    for gone in ("tags/drafttag/feed.xml", "tags/futuretag/atom.xml", "authors/drafty-writer/feed.xml", "authors/future-writer/atom.xml"):
        assert not (fixture_build.output / gone).exists(), gone


def test_each_item_carries_its_byline(built):
    """RSS: one dc:creator per author; Atom: an author with the author page's URL."""
    problems = []
    for feed, _, stories in all_feeds(built):
        for item, s in zip(feed.items, stories):
            if feed.format == "rss":
                want = [(name, None) for name in s.authors]
            else:
                want = [(name, f"{built.base_url}{s.edition}authors/{slug}/") for name, slug in zip(s.authors, s.author_slugs)]
            if item.authors != want:
                problems.append(f"{feed.rel} {s.source}: authors {item.authors}, expected {want}")
    assert problems == [], "\n".join(problems)


def test_the_fixture_bylines_link_to_the_author_pages(fixture_build):
    atom = read_feed("atom.xml", fixture_build.read_bytes("atom.xml"))
    winter = next(i for i in atom.items if i.title == "Winter story")
    assert winter.authors == [("Anna Berg", "https://example.org/news/authors/anna-berg/"), ("Ben Ode", "https://example.org/news/authors/ben-ode/")]
    for uri in (u for _, u in winter.authors):
        assert (fixture_build.output / uri[len(fixture_build.base_url):] / "index.html").is_file()
    rss = read_feed("feed.xml", fixture_build.read_bytes("feed.xml"))
    assert next(i for i in rss.items if i.title == "Winter story").authors == [("Anna Berg", None), ("Ben Ode", None)]
    assert next(i for i in rss.items if i.title == "Plain story").authors == []


def test_each_item_carries_the_full_text(built):
    """content:encoded / atom:content type=html holds the whole body: its text
    is the text of the story page's body (less the page's dateline)."""
    problems = []
    for feed, _, stories in all_feeds(built):
        for item, s in zip(feed.items, stories):
            if not item.content or item.content_type != "html":
                problems.append(f"{feed.rel} {s.source}: content type {item.content_type!r}, {len(item.content or '')} characters")
                continue
            page = built.read(s.rel)
            body = [e for e in elements(page, "div", class_="story-body")]
            assert body, f"{s.rel} has no story body"
            page_text = " ".join(body[0].text.split())
            dateline = elements(page, "p", class_="dateline")
            if dateline:
                prefix = " ".join(dateline[0].text.split())
                assert page_text.startswith(prefix)
                page_text = page_text[len(prefix):].strip()
            if html_text(item.content) != page_text:
                problems.append(f"{feed.rel} {s.source}: the feed's text differs from the page's:\n  feed: {html_text(item.content)[:200]}\n  page: {page_text[:200]}")
    assert problems == [], "\n".join(problems)


def _relative_urls(built: Built, fragments: bool) -> list[str]:
    found = set()
    for feed, _, stories in all_feeds(built):
        for item, s in zip(feed.items, stories):
            for url in url_attributes(item.content or ""):
                if url.startswith("https://"):
                    continue
                if url.startswith("#") == fragments:
                    found.add(f"{feed.rel} ({s.source}): {url}")
    return sorted(found)


def test_full_text_links_and_images_are_absolute(built):
    bad = _relative_urls(built, fragments=False)
    assert bad == [], "href/src/srcset values in feed content that are not absolute https:// URLs:\n" + "\n".join(bad)


def test_full_text_fragment_links_are_absolute(built):
    """Footnote and in-page links too: a reader shows the item far from the
    page, where "#fn:1" points nowhere."""
    bad = _relative_urls(built, fragments=True)
    assert bad == [], "same-page links in feed content that are not absolute https:// URLs:\n" + "\n".join(bad)


def test_fixture_full_text_resolves_each_kind_of_link(fixture_build):
    rss = read_feed("feed.xml", fixture_build.read_bytes("feed.xml"))
    content = next(i for i in rss.items if i.title == "Winter story").content
    urls = url_attributes(content)
    base = "https://example.org/news/"
    for want in (base + "politics/2022/07/01/summer/", base + "world/", base + "world/map.svg", "https://example.com/x"):
        assert want in urls, f"{want} not among {urls}"
    assert "Winter body ends here." in content and "The footnote text." in content


def test_each_item_carries_the_summary(built):
    problems = []
    for feed, _, stories in all_feeds(built):
        for item, s in zip(feed.items, stories):
            if item.summary != s.summary:
                problems.append(f"{feed.rel} {s.source}: summary {item.summary!r}, expected {s.summary!r}")
    assert problems == [], "\n".join(problems)


def test_each_item_has_a_category_per_section_and_tag(built):
    problems = []
    for feed, _, stories in all_feeds(built):
        for item, s in zip(feed.items, stories):
            want = sorted([built.info.section_title(s.section, s.edition), *s.tags])
            if sorted(item.categories) != want:
                problems.append(f"{feed.rel} {s.source}: categories {item.categories}, expected {want}")
    assert problems == [], "\n".join(problems)


# ---- ids ----------------------------------------------------------------------------

def _ids(built: Built) -> dict[tuple[str, str], str]:
    """(feed, story path) → the item's guid/id, from every feed."""
    found = {}
    for feed, _, stories in all_feeds(built):
        for item, s in zip(feed.items, stories):
            found[(feed.rel, s.path)] = item.id
    return found


def test_ids_are_unique_and_one_per_story_across_feeds(built):
    per_story: dict[str, set[str]] = {}
    for (_, path), id_ in _ids(built).items():
        assert id_, f"{path} has an empty id"
        per_story.setdefault(path, set()).add(id_)
    assert all(len(ids) == 1 for ids in per_story.values()), per_story
    ids = [next(iter(v)) for v in per_story.values()]
    assert len(set(ids)) == len(ids)


def test_ids_survive_editing_the_story_and_moving_the_site(tmp_path, fixture_build):
    before = _ids(fixture_build)
    moved = dict(FILES)
    moved["site.toml"] = CONFIG.replace("https://example.org/news/", "https://news.example.com/")
    moved["content/world/winter.md"] = FILES["content/world/winter.md"].replace("title: Winter story", "title: Winter story, rewritten").replace("Winter body ends here.", "Winter body now ends differently.")
    moved["content/politics/plain.md"] = story("Plain story, retitled", "2022-11-20T12:00:00", "A new body.\n", summary="Plain summary.")
    after_build = build(tmp_path / "moved", moved)
    after = _ids(after_build)
    assert set(after) == set(before)
    changed = {key: (before[key], after[key]) for key in before if before[key] != after[key]}
    assert changed == {}, f"ids changed after an edit and a new base_url: {changed}"
    # The edit really is in the second build.
    assert "Winter story, rewritten" in after_build.read("feed.xml") and "https://news.example.com/" in after_build.read("feed.xml")


def test_atom_feed_ids_survive_moving_the_site(tmp_path, fixture_build):
    moved = dict(FILES, **{"site.toml": CONFIG.replace("https://example.org/news/", "https://news.example.com/")})
    after = build(tmp_path / "moved", moved)
    for rel in ("atom.xml", "world/atom.xml", "tags/ukraine/atom.xml", "authors/anna-berg/atom.xml"):
        before_id = read_feed(rel, fixture_build.read_bytes(rel)).id
        assert before_id and read_feed(rel, after.read_bytes(rel)).id == before_id, rel


# ---- dates -----------------------------------------------------------------------

def test_item_dates_are_rfc822_in_rss_and_rfc3339_in_atom_with_the_right_offset(built):
    problems = []
    for feed, _, stories in all_feeds(built):
        for item, s in zip(feed.items, stories):
            if feed.format == "rss":
                raw = item.published or ""
                if not RFC822.match(raw):
                    problems.append(f"{feed.rel} {s.source}: pubDate {raw!r} is not RFC 822")
                elif parsedate_to_datetime(raw) != s.date or not raw.endswith(s.date.strftime("%z")):
                    problems.append(f"{feed.rel} {s.source}: pubDate {raw!r}, expected {rfc822_of(s.date)!r}")
            else:
                for label, raw, want in (("published", item.published, s.date), ("updated", item.updated, s.last_modified)):
                    raw = raw or ""
                    if not RFC3339.match(raw):
                        problems.append(f"{feed.rel} {s.source}: {label} {raw!r} is not RFC 3339")
                    elif raw != want.isoformat(timespec="seconds"):
                        problems.append(f"{feed.rel} {s.source}: {label} {raw!r}, expected {want.isoformat(timespec='seconds')!r}")
    assert problems == [], "\n".join(problems)


def test_berlin_winter_and_summer_offsets(fixture_build):
    rss = {i.title: i for i in read_feed("feed.xml", fixture_build.read_bytes("feed.xml")).items}
    atom = {i.title: i for i in read_feed("atom.xml", fixture_build.read_bytes("atom.xml")).items}
    assert rss["Winter story"].published == "Fri, 09 Dec 2022 10:00:00 +0100"
    assert rss["Summer story"].published == "Fri, 01 Jul 2022 09:30:00 +0200"
    assert atom["Winter story"].published == "2022-12-09T10:00:00+01:00"
    assert atom["Summer story"].published == "2022-07-01T09:30:00+02:00"
    assert atom["Summer story"].updated == "2022-07-02T10:00:00+02:00"
    assert atom["Corrected story"].updated == "2022-12-11T09:00:00+01:00"
    parsed = feedparser.parse(fixture_build.read_bytes("feed.xml"))
    summer = next(e for e in parsed.entries if e.title == "Summer story")
    assert tuple(summer.published_parsed)[:6] == (2022, 7, 1, 7, 30, 0)  # feedparser gives UTC


def test_channel_date_is_the_latest_change_to_its_stories(built):
    """lastBuildDate / feed updated: the latest modification among the feed's
    stories (an update or correction counts), never the build clock."""
    problems = []
    for feed, _, stories in all_feeds(built):
        newest = max(s.last_modified for s in stories[:50])
        if feed.format == "rss":
            raw = feed.updated or ""
            if not RFC822.match(raw) or parsedate_to_datetime(raw) != newest or not raw.endswith(newest.strftime("%z")):
                problems.append(f"{feed.rel}: lastBuildDate {raw!r}, expected {rfc822_of(newest)!r}")
        elif feed.updated != newest.isoformat(timespec="seconds"):
            problems.append(f"{feed.rel}: updated {feed.updated!r}, expected {newest.isoformat(timespec='seconds')!r}")
    assert problems == [], "\n".join(problems)


def test_a_correction_to_an_older_story_moves_the_channel_date(fixture_build):
    # Corrected story: first published 5 December, corrected 11 December; the
    # newest story of the site was published on 9 December.
    assert read_feed("feed.xml", fixture_build.read_bytes("feed.xml")).updated == "Sun, 11 Dec 2022 09:00:00 +0100"
    assert read_feed("atom.xml", fixture_build.read_bytes("atom.xml")).updated == "2022-12-11T09:00:00+01:00"
    # The politics feed does not show that story.
    assert read_feed("politics/feed.xml", fixture_build.read_bytes("politics/feed.xml")).updated == "Sun, 20 Nov 2022 12:00:00 +0100"


def test_feed_bytes_do_not_depend_on_the_build_clock(tmp_path, capsys):
    """`newsgen build --now` at two moments that publish the same stories
    gives byte-identical feeds."""
    site = write_site(tmp_path / "clock", FILES)
    later = NOW + timedelta(hours=5)  # the scheduled story (13 December, 09:00) is still scheduled
    for now, output in ((NOW, tmp_path / "first"), (later, tmp_path / "second")):
        status = main(["build", "--site", str(site.root), "--output", str(output), "--now", now.isoformat()])
        assert status == 0, capsys.readouterr().err
    first = {rel: (tmp_path / "first" / rel).read_bytes() for rel in feed_files(Built(site.root, tmp_path / "first", NOW))}
    second = {rel: (tmp_path / "second" / rel).read_bytes() for rel in feed_files(Built(site.root, tmp_path / "second", later))}
    assert len(first) == 14  # site, 2 sections, 2 tags, 2 authors; RSS and Atom
    assert sorted(second) == sorted(first)
    assert [rel for rel in first if first[rel] != second[rel]] == []


# ---- self links ------------------------------------------------------------------

def test_each_feed_links_to_itself(built):
    problems = []
    for rel in feed_files(built):
        feed = read_feed(rel, built.read_bytes(rel))
        want_type = "application/rss+xml" if feed.format == "rss" else "application/atom+xml"
        if feed.self_links != [(built.base_url + rel, want_type)]:
            problems.append(f"{rel}: rel=self links {feed.self_links}, expected {[(built.base_url + rel, want_type)]}")
    assert problems == [], "\n".join(problems)


# ---- the item limit -----------------------------------------------------------

def test_feed_limit_is_configurable(tmp_path):
    files = {f"content/world/s{i}.md": story(f"Story {i}", f"2022-12-0{i}T10:00:00", tags="[Ukraine]") for i in range(1, 5)}
    limited = build(tmp_path / "limited", files, config=CONFIG + "\n[feeds]\nlimit = 2\n")
    for rel in ("feed.xml", "atom.xml", "world/feed.xml", "world/atom.xml", "tags/ukraine/feed.xml", "tags/ukraine/atom.xml"):
        feed = read_feed(rel, limited.read_bytes(rel))
        assert [i.title for i in feed.items] == ["Story 4", "Story 3"], rel
    assert len(feedparser.parse(limited.read_bytes("feed.xml")).entries) == 2


def test_feed_limit_defaults_to_fifty(tmp_path):
    start = NOW - timedelta(days=60)
    files = {f"content/world/s{i:02d}.md": story(f"Story {i:02d}", (start + timedelta(hours=i)).strftime("%Y-%m-%dT%H:%M:%S"), "x\n") for i in range(51)}
    many = build(tmp_path / "many", files)
    for rel in ("feed.xml", "atom.xml", "world/feed.xml", "world/atom.xml"):
        titles = [i.title for i in read_feed(rel, many.read_bytes(rel)).items]
        assert titles == [f"Story {i:02d}" for i in range(50, 0, -1)], rel


# ---- <link rel="alternate"> in every page's head -------------------------------

def _rss_links(built: Built, rel: str) -> list[str]:
    html = built.read(rel)
    head = html.split("</head>", 1)[0]
    page = built.url_of(rel)
    return [urljoin(page, e.attrs["href"]) for e in elements(head, "link", rel="alternate", type="application/rss+xml")]


def test_every_page_links_the_site_feed(built):
    missing = [rel for rel in built.html_files() if built.base_url + built.edition_of(rel) + "feed.xml" not in _rss_links(built, rel)]
    assert missing == [], f"pages without <link rel=alternate type=application/rss+xml> to the site feed: {missing}"


def test_section_and_story_pages_link_their_section_feed(built):
    problems = []
    sections = {s.section for s in built.stories}
    for rel in built.html_files():
        edition = built.edition_of(rel)
        parts = rel.removeprefix(edition).split("/")
        if parts[0] in sections and (len(parts) == 2 or parts[1] == "page"):
            want = f"{built.base_url}{edition}{parts[0]}/feed.xml"
        else:
            continue
        if want not in _rss_links(built, rel):
            problems.append(f"{rel}: no link to {want}; has {_rss_links(built, rel)}")
    for s in built.stories:
        want = f"{built.base_url}{s.edition}{s.section}/feed.xml"
        if want not in _rss_links(built, s.rel):
            problems.append(f"{s.rel}: no link to {want}; has {_rss_links(built, s.rel)}")
    assert problems == [], "\n".join(problems)


def test_tag_pages_link_their_tag_feed(built):
    problems = []
    tag_pages = [rel for rel in built.html_files() if rel.startswith("tags/") and rel != "tags/index.html"]
    assert tag_pages
    for rel in tag_pages:
        want = f"{built.base_url}tags/{rel.split('/')[1]}/feed.xml"
        if want not in _rss_links(built, rel):
            problems.append(f"{rel}: no link to {want}; has {_rss_links(built, rel)}")
    assert problems == [], "\n".join(problems)


def test_linked_feeds_exist(built):
    broken = set()
    for rel in built.html_files():
        for url in _rss_links(built, rel):
            if not url.startswith(built.base_url) or not (built.output / url[len(built.base_url):]).is_file():
                broken.add(f"{rel}: {url}")
    assert sorted(broken) == []


# -- the standard library's formats, without importing it at run time --------

@given(st.datetimes(timezones=st.one_of(st.none(), st.timezones())))
@settings(max_examples=300, deadline=None, database=None)
def test_rfc822_dates_are_what_email_utils_writes(moment):
    assert rfc822(moment) == format_datetime(moment)


@given(st.text())
@settings(max_examples=300, deadline=None, database=None)
def test_feed_text_and_attributes_are_escaped_as_saxutils_escapes_them(text):
    clean = feeds._NOT_XML.sub("", text)
    assert feeds._x(text) == saxutils.escape(clean)
    assert feeds._a(text) == saxutils.quoteattr(clean)
    for quotes in ('"', "'", "\"'", "a\"b'c\n\t\r<&>"):
        assert feeds._a(text + quotes) == saxutils.quoteattr(clean + quotes)


def test_an_empty_sections_feed_says_the_same_in_a_cached_build_as_from_nothing(site, tmp_path):
    """Its <updated> was the site's newest change, which is none of what the
    feed shows: a story added and deleted elsewhere left a cached build's
    feed with the deleted story's date."""
    from generator.build import SiteBuilder, build_site
    from generator.content.model import BuildMode

    s = site({"site.toml": CONFIG, "content/world/a.md": story("A", date="2022-12-01T09:00:00")})
    cached = SiteBuilder(s.config(), cache_dir=tmp_path / "cache")
    edits = [lambda: None, lambda: s.write("content/world/b.md", story("B", date="2022-12-03T09:00:00")),
             lambda: s.remove("content/world/b.md")]
    for step, edit in enumerate(edits):
        edit()
        cached.build(BuildMode(now=NOW))
        build_site(s.config(output_dir=tmp_path / f"cold-{step}"), BuildMode(now=NOW))
        for feed in ("politics/atom.xml", "politics/feed.xml"):
            assert s.read(feed) == (tmp_path / f"cold-{step}" / feed).read_text(encoding="utf-8"), (step, feed)


def test_a_url_after_a_quoted_value_holding_a_tag_is_made_absolute():
    """A src after `alt="text selection in <input>"` stayed relative in the
    feeds: the ">" in the alt ended the tag for the rewriting. "<" and ">"
    are text inside a quoted value, as HTML reads it."""
    body = ('<figure><img alt="text selection in <input>" src="../../shot.png" srcset="../../shot-2x.png 2x"></figure>'
            "<p><a title='a > b' href=#fn:1>note</a></p>")
    made = absolutize(body, "https://example.org/news/world/2022/12/09/a/")
    assert url_attributes(made) == ["https://example.org/news/world/2022/12/shot.png", "https://example.org/news/world/2022/12/shot-2x.png",
                                    "https://example.org/news/world/2022/12/09/a/#fn:1"], made
    assert 'alt="text selection in <input>"' in made and "title='a > b'" in made
