"""sitemap.xml, its index past the protocol's limits, the Google News sitemap
and robots.txt, validated against the XSDs in tests/schemas/."""

from __future__ import annotations

import dataclasses
import urllib.robotparser
from datetime import date, datetime, timedelta

import pytest

from generator.config import load_config
from generator.content.catalog import build_catalog
from generator.content.model import Article, BuildMode
from generator.plan import NEWS_SITEMAP_MAX_URLS, SITEMAP_MAX_BYTES, SITEMAP_MAX_URLS, SITEMAP_ONE_FILE, PagePlan, SitePlan, _chunks, _sitemaps, plan_site
from generator.editions import single_edition
from generator.sitemap import SitemapWriter

from .conftest import NOW, story
from .distribution import NEWS_NS, SITEMAP_NS, Built, build, schema_errors, write_site, xml

S = {"s": SITEMAP_NS}
N = {"s": SITEMAP_NS, "n": NEWS_NS}

CONFIG = """\
title = "The Test Gazette"
base_url = "https://example.org/news/"
timezone = "Europe/Berlin"
language = "en-GB"

[publisher]
name = "Gazette Media"

[robots]
disallow = ["/drafts/", "/search/"]
"""


def with_page_size(size: int) -> str:
    """CONFIG with a larger page_size: fewer list pages in the big sites."""
    return CONFIG.replace("[publisher]", f"page_size = {size}\n\n[publisher]")


def ago(**delta) -> str:
    return (NOW - timedelta(**delta)).strftime("%Y-%m-%dT%H:%M:%S")


FILES = {
    "site.toml": CONFIG,
    "content/pages/about.md": "---\ntitle: About us\nsummary: Who we are.\n---\nWe are a newsroom.\n",
    "content/world/plain.md": story("Plain story", "2022-12-01T10:00:00", tags="[Energy]", author="Anna Berg"),
    "content/world/updated.md": story("Updated story", "2022-11-01T10:00:00", updated="2022-11-03T12:00:00"),
    "content/world/corrected.md": story(
        "Corrected story", "2022-10-01T10:00:00", updated="2022-10-02T10:00:00",
        corrections="\n  - date: 2022-10-05T09:00:00\n    text: Second fix.\n  - date: 2022-10-04T09:00:00\n    text: First fix.",
    ),
    "content/politics/summer.md": story("Summer story", "2022-07-01T09:30:00", corrections="\n  - date: 2022-07-03T08:00:00\n    text: A fix."),
    # The Google News window: the 48 hours before NOW.
    "content/world/edge-in.md": story("Just inside the window", ago(hours=47, minutes=59)),
    "content/world/edge-out.md": story("Just outside the window", ago(hours=48, minutes=1)),
    "content/world/just-now.md": story("Published at the build's now", ago()),
    "content/world/old-but-updated.md": story("Old story updated today", "2022-12-01T09:00:00", updated=ago(hours=2)),
    "content/world/scheduled.md": story("Scheduled story", (NOW + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%S")),
    "content/world/draft.md": story("Draft story", ago(hours=1), draft="true"),
}


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory) -> Built:
    return build(tmp_path_factory.mktemp("sitemaps"), FILES)


@pytest.fixture(params=["sample", "fixture"])
def built(request) -> Built:
    return request.getfixturevalue("sample_build" if request.param == "sample" else "fixture_build")


def locs(data: bytes) -> list[str]:
    return [e.text for e in xml(data).iterfind("s:url/s:loc", S)]


def lastmods(data: bytes) -> dict[str, str | None]:
    return {u.findtext("s:loc", namespaces=S): u.findtext("s:lastmod", namespaces=S) for u in xml(data).iterfind("s:url", S)}


def same_moment(text: str, want: datetime) -> bool:
    """A lastmod means `want`: the same instant with an offset, or its local date."""
    if len(text) == 10:
        return date.fromisoformat(text) == want.date()
    value = datetime.fromisoformat(text)
    return value.tzinfo is not None and value == want and value.utcoffset() == want.utcoffset()


# ---- sitemap.xml ----------------------------------------------------------------

def test_sitemap_lists_every_public_html_page_once(built):
    urls = [url for edition in built.editions for url in locs(built.read_bytes(edition + "sitemap.xml"))]
    # Each edition's sitemap lists its own pages.
    assert all(built.edition_of(url.removeprefix(built.base_url)) == edition
               for edition in built.editions for url in locs(built.read_bytes(edition + "sitemap.xml")))
    # Not the 404 page, nor the search page: nothing there for a crawler to list.
    pages = {built.url_of(rel) for rel in built.html_files() if rel != "404.html" and not built.is_search_page(rel)}
    assert len(urls) == len(set(urls)), "a URL is listed twice"
    assert sorted(set(urls) - pages) == [], "listed but not an HTML page of the output (404.html, feeds, or missing)"
    assert sorted(pages - set(urls)) == [], "HTML pages missing from sitemap.xml"
    assert not any(u.endswith((".xml", ".txt", "404.html")) for u in urls)


def test_sitemap_is_valid_against_the_sitemaps_org_schema(built):
    for edition in built.editions:
        data = built.read_bytes(edition + "sitemap.xml")
        assert xml(data).tag == f"{{{SITEMAP_NS}}}urlset"  # a small site needs no index
        # Translations' alternates are xhtml:link elements, which the sitemaps.org schema alone refuses.
        assert schema_errors("xhtml-urlset" if b"xhtml" in data else "sitemap", data) == []
        assert not (built.output / edition / "sitemap-1.xml").exists()


def test_every_lastmod_carries_its_offset(built):
    bad = {url: mod for url, mod in lastmods(built.read_bytes("sitemap.xml")).items() if mod is not None and len(mod) != 10 and not (mod.endswith("Z") or mod[-6] in "+-")}
    assert bad == {}


def test_story_lastmod_is_its_last_substantive_change(built):
    mods = {url: mod for edition in built.editions for url, mod in lastmods(built.read_bytes(edition + "sitemap.xml")).items()}
    problems = []
    for s in built.stories:
        have = mods.get(s.url(built.base_url))
        if have is None or not same_moment(have, s.last_modified):
            problems.append(f"{s.source}: lastmod {have!r}, expected {s.last_modified.isoformat()}")
    assert problems == [], "\n".join(problems)


def test_lastmod_follows_updates_and_the_latest_correction(fixture_build):
    mods = lastmods(fixture_build.read_bytes("sitemap.xml"))
    base = fixture_build.base_url
    assert mods[base + "world/2022/12/01/plain/"] == "2022-12-01T10:00:00+01:00"
    assert mods[base + "world/2022/11/01/updated/"] == "2022-11-03T12:00:00+01:00"
    assert mods[base + "world/2022/10/01/corrected/"] == "2022-10-05T09:00:00+02:00"  # the later of two corrections
    assert mods[base + "politics/2022/07/01/summer/"] == "2022-07-03T08:00:00+02:00"


def test_no_lastmod_is_later_than_the_newest_change(built):
    newest = max(s.last_modified for s in built.stories)
    late = {u: m for u, m in lastmods(built.read_bytes("sitemap.xml")).items() if m and len(m) > 10 and datetime.fromisoformat(m) > newest}
    assert late == {}, f"lastmod later than any story's last change (the build time?): {late}"


def test_sitemap_does_not_depend_on_the_build_clock(tmp_path):
    site = write_site(tmp_path / "clock", FILES)
    site.build(NOW)
    site.build(NOW + timedelta(minutes=20), output_dir=tmp_path / "later")  # publishes nothing new
    assert (tmp_path / "later" / "sitemap.xml").read_bytes() == site.path("sitemap.xml").read_bytes()


def test_unpublished_stories_are_not_listed(fixture_build):
    text = fixture_build.read("sitemap.xml") + fixture_build.read("news-sitemap.xml")
    assert "/scheduled/" not in text and "/draft/" not in text


# ---- the Google News sitemap ------------------------------------------------------

def news_entries(data: bytes) -> dict[str, dict[str, str]]:
    found = {}
    for url in xml(data).iterfind("s:url", N):
        news = url.find("n:news", N)
        found[url.findtext("s:loc", namespaces=N)] = None if news is None else {
            "name": news.findtext("n:publication/n:name", namespaces=N),
            "language": news.findtext("n:publication/n:language", namespaces=N),
            "date": news.findtext("n:publication_date", namespaces=N),
            "title": news.findtext("n:title", namespaces=N),
        }
    return found


def test_news_sitemap_is_valid(built):
    data = built.read_bytes("news-sitemap.xml")
    assert xml(data).tag == f"{{{SITEMAP_NS}}}urlset"
    assert schema_errors("news-urlset", data) == []
    # The wrapper schema really checks the news elements: without a title it fails.
    broken = data.replace(b"<news:title>", b"<news:headline>").replace(b"</news:title>", b"</news:headline>")
    assert schema_errors("news-urlset", broken) != []


def test_news_sitemap_lists_the_stories_of_the_last_48_hours(built):
    window = [s for s in built.stories if built.now - timedelta(hours=48) <= s.date <= built.now]
    assert window, "the site needs recent stories for this test"
    assert locs(built.read_bytes("news-sitemap.xml")) == [s.url(built.base_url) for s in window]


def test_news_window_edges(fixture_build):
    base = fixture_build.base_url
    listed = set(locs(fixture_build.read_bytes("news-sitemap.xml")))
    assert base + "world/2022/12/10/edge-in/" in listed  # 47 h 59 min before now
    assert base + "world/2022/12/10/edge-out/" not in listed  # 48 h 1 min before now
    assert base + "world/2022/12/12/just-now/" in listed  # exactly now
    assert base + "world/2022/12/01/old-but-updated/" not in listed  # first published long ago
    assert not any("scheduled" in u for u in listed)  # after now
    assert listed == {base + "world/2022/12/10/edge-in/", base + "world/2022/12/12/just-now/"}


def test_news_entries_carry_publication_date_and_title(built):
    entries = news_entries(built.read_bytes("news-sitemap.xml"))
    by_url = built.story_by_url()
    want_language = built.info.language.lower().split("-")[0]
    problems = []
    for url, entry in entries.items():
        s = by_url[url]
        want = {"name": built.info.publisher, "language": want_language, "date": s.date.isoformat(timespec="seconds"), "title": s.title}
        if entry != want:
            problems.append(f"{url}: {entry}, expected {want}")
    assert problems == [], "\n".join(problems)


def test_news_publication_is_the_configured_publisher(fixture_build):
    entries = news_entries(fixture_build.read_bytes("news-sitemap.xml"))
    assert {e["name"] for e in entries.values()} == {"Gazette Media"}  # not the site title
    assert {e["language"] for e in entries.values()} == {"en"}  # ISO 639 for en-GB


@pytest.fixture(scope="module")
def many_recent(tmp_path_factory) -> Built:
    """1,001 stories of the last day: more than one Google News sitemap holds."""
    files = {f"content/world/s{i:04d}.md": f"---\ntitle: Story {i:04d}\ndate: {ago(minutes=i + 1)}\n---\nx\n" for i in range(1001)}
    return build(tmp_path_factory.mktemp("many"), files, config=with_page_size(500))


def test_more_than_1000_recent_stories_give_a_news_sitemap_index(many_recent):
    base = many_recent.base_url
    index = many_recent.read_bytes("news-sitemap.xml")
    assert xml(index).tag == f"{{{SITEMAP_NS}}}sitemapindex"
    assert schema_errors("siteindex", index) == []
    parts = [e.text for e in xml(index).iterfind("s:sitemap/s:loc", S)]
    assert parts == [base + "news-sitemap-1.xml", base + "news-sitemap-2.xml"]
    listed = []
    for n, url in enumerate(parts, start=1):
        data = many_recent.read_bytes(f"news-sitemap-{n}.xml")
        assert schema_errors("news-urlset", data) == [], url
        entries = locs(data)
        assert len(entries) <= NEWS_SITEMAP_MAX_URLS
        listed += entries
    assert [len(locs(many_recent.read_bytes(f"news-sitemap-{n}.xml"))) for n in (1, 2)] == [1000, 1]
    assert len(listed) == len(set(listed)) == 1001
    assert set(listed) == {s.url(base) for s in many_recent.stories}
    assert many_recent.read_bytes("news-sitemap-1.xml").count(b"<news:news>") == 1000
    # The index's lastmod of each part is its newest story's (none of them updated since).
    newest = [max(datetime.fromisoformat(e["date"]) for e in news_entries(many_recent.read_bytes(f"news-sitemap-{n}.xml")).values())
              for n in (1, 2)]
    shown = [datetime.fromisoformat(e.text) for e in xml(index).iterfind("s:sitemap/s:lastmod", S)]
    assert shown == newest and newest[0] > newest[1]
    assert f"Sitemap: {base}news-sitemap.xml" in many_recent.read("robots.txt").splitlines()


def test_news_sitemap_limit_is_googles():
    assert NEWS_SITEMAP_MAX_URLS == 1000
    assert SITEMAP_MAX_URLS == 50_000
    assert SITEMAP_MAX_BYTES == 50 * 1024 * 1024


# ---- robots.txt --------------------------------------------------------------------

def test_robots_txt_names_both_sitemaps_and_the_disallowed_paths(fixture_build):
    text = fixture_build.read("robots.txt")
    lines = text.splitlines()
    assert "Sitemap: https://example.org/news/sitemap.xml" in lines
    assert "Sitemap: https://example.org/news/news-sitemap.xml" in lines
    assert "Disallow: /news/drafts/" in lines and "Disallow: /news/search/" in lines
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(lines)
    assert robots.site_maps() == ["https://example.org/news/sitemap.xml", "https://example.org/news/news-sitemap.xml"]
    assert not robots.can_fetch("*", "https://example.org/news/drafts/x/")
    assert not robots.can_fetch("Googlebot", "https://example.org/news/search/?q=x")
    assert robots.can_fetch("*", "https://example.org/news/world/2022/12/01/plain/")


def test_robots_txt_of_the_sample_site(sample_build):
    lines = sample_build.read("robots.txt").splitlines()
    assert "Sitemap: https://example.org/tribune/sitemap.xml" in lines
    assert "Sitemap: https://example.org/tribune/news-sitemap.xml" in lines
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(lines)
    assert robots.can_fetch("*", "https://example.org/tribune/world/")


# ---- past 50,000 URLs: the plan, without rendering pages -----------------------------

def _article(i: int, when: datetime) -> Article:
    values = dict(
        source=f"world/s{i:05d}.md", title=f"Story {i}", slug=f"s{i:05d}", section="world", date=when, updated=None,
        authors=(), tags=(), summary="", body="", body_line=5,
    )
    names = {f.name for f in dataclasses.fields(Article)}
    return Article(**{k: v for k, v in values.items() if k in names})


@pytest.fixture(scope="module")
def huge_plan(tmp_path_factory):
    root = tmp_path_factory.mktemp("huge")
    (root / "content").mkdir()
    (root / "site.toml").write_text(with_page_size(1000), encoding="utf-8")
    config = load_config(root, output_dir=root / "output")
    start = NOW - timedelta(days=400)
    articles = [_article(i, start + timedelta(minutes=10 * i)) for i in range(50_100)]
    catalog, problems = build_catalog(articles, [], [], [], config, BuildMode(now=NOW))
    assert problems == []
    plan, problems = plan_site(catalog, config, {}, NOW)
    assert problems == []
    return config, catalog, plan


def _parts(plan: SitePlan, index: str = "/sitemap.xml") -> dict[str, PagePlan]:
    by_url = {p.url: p for p in plan.pages}
    assert by_url[index].kind == "sitemap_index"
    return {url: by_url[url] for url in by_url[index].items}


def _part_of(page: PagePlan, catalog, config) -> str:
    """Where _sitemap_parts puts a page, written out again from its rule."""
    if page.kind == "article":
        moment = catalog.by_source[page.key].date
    elif page.number >= 1 and page.count == 0 or page.number > 1:  # a later page of a list
        moment = page.lastmod
    else:
        return "pages"
    return moment.astimezone(config.timezone).strftime("%Y-%m")


def test_a_large_site_has_a_sitemap_per_month_under_an_index(huge_plan):
    """Past SITEMAP_ONE_FILE URLs: a story is in the part of the month it was
    published in, a later page of a list in that of its newest story's
    change, the rest in "pages"; every URL in exactly one part."""
    config, catalog, plan = huge_plan
    html_pages = [p for p in plan.pages if p.path.endswith(".html") and p.kind not in ("not_found", "search")]
    assert len(html_pages) > SITEMAP_MAX_URLS
    parts = _parts(plan)
    names = [url.removeprefix("/sitemap-").removesuffix(".xml") for url in parts]
    assert names == sorted(names) and names[-1] == "pages"
    listed = [url for part in parts.values() for url in part.items]
    assert len(listed) == len(set(listed)), "a URL is in two sitemaps"
    assert set(listed) == {p.url for p in html_pages}
    want = {p.url: _part_of(p, catalog, config) for p in html_pages}
    assert {url: name for name, part in zip(names, parts.values()) for url in part.items} == want
    assert len(names) == len(set(want.values())) > 12  # a year of stories: a part for each month, none empty
    assert any(p.kind != "article" and want[p.url] != "pages" for p in html_pages)  # later list pages by month
    assert all(list(part.items) == sorted(part.items) for part in parts.values())
    robots = next(p for p in plan.pages if p.kind == "robots")
    assert robots.items == ("/sitemap.xml",)  # the index, not its parts


def test_a_month_past_the_protocols_limit_is_split_in_numbered_parts(huge_plan, monkeypatch):
    config, catalog, plan = huge_plan
    monkeypatch.setattr("generator.plan.SITEMAP_MAX_URLS", 2_000)
    split, _ = plan_site(catalog, config, {}, NOW)
    parts = _parts(split)
    assert len(parts) > len(_parts(plan))
    assert all(0 < len(part.items) <= 2_000 for part in parts.values())
    by_month: dict[str, list[str]] = {}
    for url, part in parts.items():
        name = url.removeprefix("/sitemap-").removesuffix(".xml")
        month, _, number = name.partition("-p")
        assert number == "" or int(number) >= 2, name
        by_month.setdefault(month, []).extend(part.items)
    whole = {url.removeprefix("/sitemap-").removesuffix(".xml"): list(part.items) for url, part in _parts(plan).items()}
    assert by_month == whole  # the same parts, in the same order, cut in pieces


def test_the_split_sitemaps_render_valid(huge_plan):
    config, catalog, plan = huge_plan
    by_url = {p.url: p for p in plan.pages}
    writer = SitemapWriter(config, catalog, plan)
    index = writer.render(by_url["/sitemap.xml"])
    assert schema_errors("siteindex", index) == []
    base = config.base_url
    assert [e.text for e in xml(index).iterfind("s:sitemap/s:loc", S)] == [base + url.lstrip("/") for url in by_url["/sitemap.xml"].items]
    rendered = {part: writer.render(by_url[part]) for part in by_url["/sitemap.xml"].items}
    for part, data in rendered.items():
        assert len(data) <= SITEMAP_MAX_BYTES
        assert schema_errors("sitemap", data) == [], part
        urls = locs(data)
        assert 0 < len(urls) <= SITEMAP_MAX_URLS
        assert urls == [base + u.lstrip("/") for u in by_url[part].items]
    # The index's lastmod of each part is the newest lastmod in it.
    for entry in xml(index).iterfind("s:sitemap", S):
        part = "/" + entry.findtext("s:loc", namespaces=S)[len(base):]
        newest = max(filter(None, lastmods(rendered[part]).values()), key=datetime.fromisoformat)
        assert entry.findtext("s:lastmod", namespaces=S) == newest


def _monthly_site(tmp_path, stories: int):
    (tmp_path / "content").mkdir()
    (tmp_path / "site.toml").write_text(CONFIG, encoding="utf-8")
    config = load_config(tmp_path, output_dir=tmp_path / "output")
    start = NOW - timedelta(days=365)
    return config, [_article(i, start + timedelta(hours=7 * i)) for i in range(stories)]


def _planned(config, articles, previous: SitePlan | None = None) -> tuple[SitePlan, dict[str, PagePlan]]:
    catalog, problems = build_catalog(articles, [], [], [], config, BuildMode(now=NOW))
    plan, problems = plan_site(catalog, config, {}, NOW, previous=previous)
    assert problems == []
    return plan, {p.url: p for p in plan.pages if p.kind in ("sitemap", "sitemap_index")}


def test_a_new_story_changes_its_months_sitemap_and_pages_only(tmp_path):
    """What a crawler reads again when a story is published: the index, the
    story's month and "pages" (the lists' first pages); every part of the
    months before stays byte for byte as it was. A headline edit changes none."""
    config, articles = _monthly_site(tmp_path, 1_200)
    plan, before = _planned(config, articles)
    assert len(before) > 3 and before["/sitemap.xml"].kind == "sitemap_index"
    newest = _article(9_999, NOW - timedelta(minutes=5))
    _, after = _planned(config, [*articles, newest])
    month = f"/sitemap-{newest.date.astimezone(config.timezone):%Y-%m}.xml"
    changed = {url for url in before.keys() | after.keys() if (before.get(url) and (before[url].items, before[url].stamp)) != (after.get(url) and (after[url].items, after[url].stamp))}
    assert changed == {"/sitemap.xml", month, "/sitemap-pages.xml"}
    # Planned from the last plan, as a rebuild does: the parts that did not
    # change are its very objects, but for the one with the story before the
    # new one (whose page the plan makes again: its next story is new), and
    # the plan is the one made from nothing.
    _, again = _planned(config, [*articles, newest], previous=plan)
    assert again == after
    before_newest = f"/sitemap-{articles[-1].date.astimezone(config.timezone):%Y-%m}.xml"
    assert {url for url, part in again.items() if part is not before.get(url)} == changed | {before_newest}
    retitled = [dataclasses.replace(a, title="A new headline") if i == 600 else a for i, a in enumerate(articles)]
    assert _planned(config, retitled)[1] == before


def test_up_to_SITEMAP_ONE_FILE_urls_the_sitemap_is_one_file(tmp_path):
    config, articles = _monthly_site(tmp_path, 400)
    _, planned = _planned(config, articles)
    assert list(planned) == ["/sitemap.xml"] and planned["/sitemap.xml"].kind == "sitemap"
    assert len(planned["/sitemap.xml"].items) <= SITEMAP_ONE_FILE


def test_chunks_split_by_bytes_before_the_url_limit(tmp_path):
    """Long URLs that percent-encoding makes longer still: fewer than 50,000
    of them make more than 50 MiB, so they need several files, each under
    the byte limit, and every URL must still be in exactly one of them."""
    (tmp_path / "content").mkdir()
    (tmp_path / "site.toml").write_text(CONFIG, encoding="utf-8")
    config = load_config(tmp_path, output_dir=tmp_path / "output")
    urls = [f"/long/{i:06d}/" + "ü" * 333 + "/" for i in range(27_000)]  # each loc is 2,037 characters
    chunks = _chunks(urls, config.base_url, SITEMAP_MAX_URLS)
    assert len(chunks) > 1
    assert [u for chunk in chunks for u in chunk] == urls
    assert all(len(chunk) <= SITEMAP_MAX_URLS for chunk in chunks)

    catalog, _ = build_catalog([], [], [], [], config, BuildMode(now=NOW))
    pages = [PagePlan(u, "page.html", "page") for u in urls]
    planned = _sitemaps(pages, single_edition(catalog, config)[0], {}, NOW)
    assert [p.url for p in planned] == ["/sitemap.xml"] + [f"/sitemap-pages{'-p' + str(n) if n > 1 else ''}.xml" for n in range(1, len(chunks) + 1)]
    plan = SitePlan(pages=tuple(pages + planned), urls={}, copies=())
    writer = SitemapWriter(config, catalog, plan)
    sizes = []
    for page in planned:
        data = writer.render(page)
        sizes.append(len(data))
        assert schema_errors("siteindex" if page.kind == "sitemap_index" else "sitemap", data) == [], page.url
    assert sum(sizes) > SITEMAP_MAX_BYTES  # one file could not have held them
    assert max(sizes) <= SITEMAP_MAX_BYTES


def test_chunks_split_by_count():
    urls = [f"/p/{i}/" for i in range(2 * SITEMAP_MAX_URLS + 1)]
    chunks = _chunks(urls, "https://example.org/", SITEMAP_MAX_URLS)
    assert [len(c) for c in chunks] == [SITEMAP_MAX_URLS, SITEMAP_MAX_URLS, 1]
    assert [u for c in chunks for u in c] == urls


def test_href_leaves_alone_exactly_what_quote_leaves_alone():
    """href() skips quote() for a URL with nothing to encode: the same result
    for every URL, those with characters it must encode included."""
    import random  # noqa: PLC0415
    from urllib.parse import quote  # noqa: PLC0415

    from generator.urls import href  # noqa: PLC0415

    rng = random.Random(7)
    alphabet = [chr(c) for c in range(32, 127)] + ["é", "ü", "日", "\u00a0", "\t", "\n", "%20", "%C3%A9"]
    urls = ["https://example.org/world/2025/12/31/story-099990/", "/tags/caf%C3%A9/", "/a b/", "/ü/", "/x?q=1&r=2#top"]
    urls += ["/" + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(5000)]
    for url in urls:
        assert href(url) == quote(url, safe="/:#?&=%@!$'()*+,;~"), url
