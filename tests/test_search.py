"""Search: the Pagefind index every build writes under /pagefind/, the search
page that reads it, and how the index follows edits (search.py)."""

from __future__ import annotations

import gc
import gzip
import json
import os
import posixpath
import re
import signal
import subprocess
import sys
import threading
import time
import types
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest

from generator import search as search_stage
from generator.build import SiteBuilder
from generator.config import load_config
from generator.content.model import BuildMode
from generator.errors import ConfigError

from .conftest import NOW, elements, state_rows, story
from .distribution import read_stories

CONFIG = '''title = "The Gazette"
base_url = "https://example.org/news/"
timezone = "Europe/Berlin"
language = "en"

[sections.world]
title = "World"

[sections.business]
title = "Business"
'''


def fragments(output: Path, shard: str = "*") -> dict[str, dict]:
    """Each indexed page's record in the index's shards, by URL: Pagefind's fragments (gzip'd JSON)."""
    found = {}
    for path in (output / "pagefind").glob(f"{shard}/fragment/*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        record = json.loads(data[len(b"pagefind_dcd"):])
        found[record["url"]] = record
    return found


def bundle(output: Path) -> dict[str, bytes]:
    folder = output / "pagefind"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def small_site(site, config: str = CONFIG):
    return site({
        "content/world/harbour.md": story("Fire in the harbour", body="A fire broke out near the quayside warehouses.\n",
                                          tags="[Fire, Port]", author="Ana Pérez", kind="news"),
        "content/world/column.md": story("Why the port matters", "2021-05-04T10:00:00", body="An opinion about cranes.\n", kind="opinion",
                                         author="Ben Ode"),
        "content/business/prices.md": story("Prices rise", "2022-12-08T10:00:00", body="Bakers pay more for flour.\n", tags="[Markets]"),
        "content/business/draft.md": story("Secret plans", "2022-12-08T11:00:00", body="The zanzibarian merger stays secret.\n", draft="true"),
        "content/business/later.md": story("Tomorrow's story", "2023-01-08T11:00:00", body="A quokkalike forecast.\n"),
        "content/pages/about.md": "---\ntitle: About us\n---\nWe report on the valley.\n",
    }, config=config)


def test_the_index_holds_every_published_story_and_page_and_nothing_else(site):
    s = small_site(site)
    s.build()
    found = fragments(s.output)
    assert set(found) == {"/world/2022/12/09/harbour/", "/world/2021/05/04/column/", "/business/2022/12/08/prices/",
                          "/about/"}
    text = " ".join(record["content"] for record in found.values())
    assert "zanzibarian" not in text and "quokkalike" not in text  # a draft, a scheduled story
    harbour = found["/world/2022/12/09/harbour/"]
    # The story's own words: headline, body, byline, tags; not the lists and navigation around it.
    assert "Fire in the harbour" in harbour["content"] and "quayside" in harbour["content"] and "Ana Pérez" in harbour["content"]
    assert "Prices rise" not in harbour["content"] and "Published" not in harbour["content"]
    assert harbour["filters"] == {"section": ["World"], "kind": ["News"], "year": ["2022"], "author": ["Ana Pérez"], "tag": ["Fire", "Port"]}
    assert harbour["meta"]["title"] == "Fire in the harbour" and harbour["meta"]["date"] == "December 9, 2022"
    assert harbour["meta"]["byline"] == "By Ana Pérez"
    # The filters list every section with stories, and every kind, year and tag.
    sections = {value for record in found.values() for value in record["filters"].get("section", [])}
    assert sections == {"World", "Business"}
    assert {value for record in found.values() for value in record["filters"].get("year", [])} == {"2021", "2022"}
    # Not even a preview showing drafts indexes them.
    s.build(drafts=True, future=True)
    assert set(fragments(s.output)) == set(found)


def test_the_index_is_the_same_bytes_from_every_build(site, tmp_path):
    """Pagefind writes its filters in a different order each run: the canonical form puts them right."""
    s = small_site(site)
    s.build(output_dir=tmp_path / "one")
    s.build(output_dir=tmp_path / "two")
    one, two = bundle(tmp_path / "one"), bundle(tmp_path / "two")
    assert one == two
    assert any(name.startswith("2022/filter/") for name in one) and "2022/pagefind.js" in one
    assert not any("-ui." in name for name in one)  # Pagefind's own interfaces: the theme has its own


def test_pagefind_is_given_only_the_part_of_a_page_it_reads_and_makes_the_same_index(site, tmp_path, monkeypatch):

    searched_part = search_stage.searched_part
    s = small_site(site)
    s.build(output_dir=tmp_path / "part")
    monkeypatch.setattr(search_stage, "searched_part", lambda html: html)
    s.build(output_dir=tmp_path / "whole")
    assert bundle(tmp_path / "part") == bundle(tmp_path / "whole")
    page = (tmp_path / "whole" / "world/2022/12/09/harbour/index.html").read_text()
    part = searched_part(page)
    assert len(part) < len(page) / 2 and part.startswith('<!DOCTYPE html><html lang="en"') and "<title>Fire in the harbour" in part
    assert "quayside" in part and 'data-pagefind-filter="section"' in part and "Prices rise" not in part
    # A Pagefind attribute outside the body, or a second body: the page goes whole.
    for outside in ('<meta data-pagefind-meta="image[content]" content="/a.jpg">', '<div data-pagefind-body>More</div>'):
        edited = page.replace("</head>", outside + "</head>") if "meta" in outside else page.replace("</main>", outside + "</main>")
        assert edited != page and searched_part(edited) == edited


def test_an_unchanged_index_is_kept_and_a_changed_story_updates_it(site, tmp_path):
    s = small_site(site)
    cache = tmp_path / "cache"

    def build():
        return SiteBuilder(s.config(), cache_dir=cache).build(BuildMode(now=NOW))

    def files() -> dict[Path, int]:
        return {p: p.stat().st_ino for p in (s.output / "pagefind").rglob("*") if p.is_file()}

    build()
    before = files()
    # A change no indexed page shows (a new section title of a list): the index is kept, file for file.
    s.write("content/business/_index.md", "---\ntitle: Business\ndescription: Money matters.\n---\n")
    build()
    assert files() == before
    # A new word in a story is found after the next build: its year's shard is made again, the others kept.
    s.write("content/business/prices.md", story("Prices rise", "2022-12-08T10:00:00", body="Bakers pay more for xylophonic flour.\n",
                                                 tags="[Markets]"))
    build()
    assert "xylophonic" in fragments(s.output)["/business/2022/12/08/prices/"]["content"]
    after = files()

    def shard_of(path: Path) -> str:
        return path.relative_to(s.output / "pagefind").parts[0]

    for shard in ("2021", "pages"):
        kept = {p: inode for p, inode in before.items() if shard_of(p) == shard}
        assert kept and {p: inode for p, inode in after.items() if shard_of(p) == shard} == kept, shard
    assert {p for p in after if shard_of(p) == "2022"} != {p for p in before if shard_of(p) == "2022"}


def test_the_index_left_for_later_is_made_after_the_dev_servers_state_is_saved(site, tmp_path):
    """`newsgen serve` saves its state when it stops, while the index of its
    last edit may still be due: making it then keeps the records right (it
    raised, the saved records being read-only), and the next build's output
    is a cold build's."""
    from generator.cache import save_state  # noqa: PLC0415

    s = small_site(site)
    builder = SiteBuilder(s.config(), in_place=True, search_later=True)
    builder.build(BuildMode(now=NOW))
    builder.update_search()
    s.write("content/business/prices.md", story("Prices rise", "2022-12-08T10:00:00", body="Bakers pay more for xylophonic flour.\n"))
    builder.build(BuildMode(now=NOW))
    save_state(tmp_path / "state", builder.state)
    assert builder.update_search()
    assert "xylophonic" in fragments(s.output)["/business/2022/12/08/prices/"]["content"]
    s.write("content/business/prices.md", story("Prices rise", "2022-12-08T10:00:00", body="Bakers pay more for quixotic flour.\n"))
    builder.build(BuildMode(now=NOW))
    builder.update_search()
    served = bundle(s.output)
    SiteBuilder(s.config()).build(BuildMode(now=NOW))
    assert bundle(s.output) == served


def test_a_shard_made_again_records_only_the_files_it_changed(site, tmp_path):
    """A one-story edit writes the build state's rows of the index files that
    changed, not of every file of its shard: a month's shard at 100,000
    stories is 2,800 files."""
    s = site({f"content/world/story-{n}.md": story(f"Story {n}", f"2022-11-{1 + n:02d}T10:00:00", body=f"Words of story {n}.\n")
              for n in range(20)}, config=CONFIG)
    cache = tmp_path / "cache"

    def build():
        return SiteBuilder(s.config(), cache_dir=cache).build(BuildMode(now=NOW))

    build()
    shard = [p for p in (s.output / "pagefind" / "2022").rglob("*") if p.is_file()]
    rows = state_rows(cache)
    s.write("content/world/story-3.md", story("Story 3", "2022-11-04T10:00:00", body="Words of story 3.\n\nA quixotic turn.\n"))
    build()
    assert "quixotic" in fragments(s.output, "2022")["/world/2022/11/04/story-3/"]["content"]
    recorded = [path for path, rowid in state_rows(cache).items() if path.startswith("pagefind/2022/") and rows.get(path) != rowid]
    assert recorded and len(recorded) < len(shard) / 2, (len(recorded), len(shard))


def test_a_shard_is_kept_when_its_pages_change_only_outside_what_the_index_reads(site, tmp_path, monkeypatch):
    """A new headline changes the "Next" link of the story before it, in
    another year's shard: that page is written again, its shard not made again."""
    s = small_site(site)
    cache = tmp_path / "cache"
    made = []
    make_indexes = search_stage.make_indexes

    def making(found, *rest):
        made.extend(shard.name for shard in found)
        return make_indexes(found, *rest)

    monkeypatch.setattr(search_stage, "make_indexes", making)

    def build():
        return SiteBuilder(s.config(), cache_dir=cache).build(BuildMode(now=NOW))

    build()
    assert sorted(made) == ["2021", "2022", "pages"]
    made.clear()
    s.write("content/world/harbour.md", story("Blaze in the harbour", body="A fire broke out near the quayside warehouses.\n",
                                              tags="[Fire, Port]", author="Ana Pérez", kind="news"))
    build()
    assert "Blaze in the harbour" in (s.output / "world/2021/05/04/column/index.html").read_text()
    assert made == ["2022"]
    assert fragments(s.output, "2022")["/world/2022/12/09/harbour/"]["meta"]["title"] == "Blaze in the harbour"


def test_the_index_is_cut_by_year_and_listed_newest_first(site):
    """One shard per year (a year of few stories) and one of static pages,
    each a bundle of its own; index.json lists them for the search page."""
    s = small_site(site)
    s.build()
    listed = json.loads((s.output / "pagefind" / "index.json").read_text())
    assert listed == {"": [{"name": "2022", "year": "2022"}, {"name": "2021", "year": "2021"}, {"name": "pages"}]}
    assert set(fragments(s.output, "2022")) == {"/world/2022/12/09/harbour/", "/business/2022/12/08/prices/"}
    assert set(fragments(s.output, "2021")) == {"/world/2021/05/04/column/"}
    assert set(fragments(s.output, "pages")) == {"/about/"}
    # The filters' values and counts, for the search page (which then fetches no shard's filter files to list them).
    counts = {"author": {"Ana Pérez": 1, "Ben Ode": 1}, "kind": {"News": 2, "Opinion": 1}, "section": {"Business": 1, "World": 2},
              "tag": {"Fire": 1, "Markets": 1, "Port": 1}, "year": {"2021": 1, "2022": 2}}
    assert json.loads((s.output / "pagefind" / "filters.json").read_text()) == {"": counts}
    for shard in ("2022", "2021", "pages"):
        assert (s.output / "pagefind" / shard / "pagefind-entry.json").is_file() and (s.output / "pagefind" / shard / "pagefind.js").is_file()
    # A story moved to another year leaves its old shard, and a year with no story left has no shard.
    s.write("content/world/column.md", story("Why the port matters", "2022-05-04T10:00:00", body="An opinion about cranes.\n", kind="opinion",
                                             author="Ben Ode"))
    s.build()
    listed = json.loads((s.output / "pagefind" / "index.json").read_text())
    assert listed == {"": [{"name": "2022", "year": "2022"}, {"name": "pages"}]}
    assert json.loads((s.output / "pagefind" / "filters.json").read_text()) == {"": {**counts, "year": {"2022": 3}}}
    assert not (s.output / "pagefind" / "2021").exists()
    assert "/world/2022/05/04/column/" in fragments(s.output, "2022")


def test_search_can_be_turned_off_or_kept_to_some_sections(site):
    s = small_site(site, "search = false\n" + CONFIG)
    s.build()
    assert not (s.output / "pagefind").exists() and not s.exists("search/index.html")
    assert "search/" not in " ".join(e.attrs.get("href", "") for e in elements(s.read("index.html"), "a"))
    s.write("site.toml", CONFIG + '\n[search]\nsections = ["business"]\n')
    s.build()
    assert set(fragments(s.output)) == {"/business/2022/12/08/prices/", "/about/"}
    assert s.exists("search/index.html")


def test_search_sections_naming_a_section_the_site_has_not_is_a_warning_naming_site_toml(site):
    """`sections = ["busines"]` indexed no story at all, and said nothing."""
    s = small_site(site, CONFIG + '\n[search]\nsections = ["business", "busines", "sport"]\n')
    said = [str(w) for w in s.build().warnings if "[search]" in w.message]
    assert len(said) == 1 and said[0].startswith("site.toml: warning: ") and "'busines'" in said[0] and "'sport'" in said[0], said
    assert "business, world" in said[0] and "'business'" not in said[0], said
    assert set(fragments(s.output)) == {"/business/2022/12/08/prices/", "/about/"}


@pytest.mark.parametrize("value,message", [("search = 3", "must be true, false, or a [search] table"),
                                           ('[search]\nsection = ["x"]', "did you mean 'sections'"),
                                           ("[search]\nsections = [1]", "must be a list of section slugs")])
def test_a_mistake_in_search_settings_is_a_config_error(site, value, message):
    s = site({}, config=(value + "\n" + CONFIG) if "[" not in value else (CONFIG + "\n" + value + "\n"))
    with pytest.raises(ConfigError) as caught:
        load_config(s.root)
    assert message in str(caught.value)


# ---- in the browser ----------------------------------------------------------

def only_in(story_source: str, root: Path, among: list) -> str:
    """A word of the story's body that no other story or page in `among`
    has, nor a word sharing its first six letters (the index matches stems
    and prefixes, in any case)."""
    words = lambda text: set(re.findall(r"[a-z]{7,}", text.lower()))  # noqa: E731
    others = set().union(*(words(s.title + " " + s.body + " " + s.summary) for s in among if s.source != story_source))
    others |= set().union(*(words(p.read_text(encoding="utf-8")) for p in (root / "content/pages").glob("*.md")))
    stems = {word[:6] for word in others}
    mine = next(s for s in read_stories(root) if s.source == story_source)
    return sorted(word for word in words(mine.body) if word[:6] not in stems)[0]


def word_in_sections(published: list, info) -> tuple[str, str]:
    """A word the bodies of published stories in two sections or more have, and one of those sections' titles."""
    sections: dict[str, set[str]] = {}
    for s in published:
        for word in set(re.findall(r"[a-z]{6,}", s.body)):
            sections.setdefault(word, set()).add(info.section_title(s.section))
    word = min(w for w, found in sections.items() if len(found) > 1)
    return word, min(sections[word])


SEED = "world/deployment-on-border-with-ukraine-kremlin-sends-troops-to-joint-forces-with-belarus.md"
DRAFT = "business/holiday-retail-outlook.md"


def search(page, url: str, query: str, **filters: str) -> list[dict]:
    """The results the search page shows, as a reader's link to it (?q=…&section=…) asks."""
    page.goto(url + "search/?" + urlencode({"q": query, **filters}))
    page.wait_for_function("(s => s.textContent && !s.textContent.endsWith('…'))(document.querySelector('.search-status'))")
    return page.evaluate("""() => [...document.querySelectorAll('.search-result')].map(li => ({
        title: li.querySelector('h2').textContent, href: li.querySelector('a').href,
        section: li.querySelector('.search-kicker')?.textContent || '', excerpt: li.querySelector('.search-excerpt').innerHTML}))""")


@pytest.mark.parametrize("width", [375, 1280])
def test_a_reader_finds_the_seed_story_by_a_word_of_its_body(browser, served_sample, sample_build, width):
    stories = read_stories(sample_build.root)
    english = [s for s in stories if s.edition == ""]
    word = only_in(SEED, sample_build.root, english)
    draft_word = only_in(DRAFT, sample_build.root, english)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        found = search(page, served_sample, word)
        seed = next(s for s in stories if s.source == SEED)
        assert found and found[0]["title"] == seed.title, (word, found)
        assert found[0]["href"] == served_sample + seed.path.lstrip("/")
        assert f"<mark>{word}</mark>" in found[0]["excerpt"]
        page.click(".search-result a")
        page.wait_for_url(served_sample + seed.path.lstrip("/"))
        page.wait_for_load_state()  # (read before the story has loaded, the title was empty under load)
        assert page.title().startswith(seed.title)  # the link leads to the story, under the site's path
        # A filter narrows: a word in several sections, then one section.
        shared, section = word_in_sections([s for s in sample_build.stories if s.edition == ""], sample_build.info)
        everywhere = search(page, served_sample, shared)
        assert len({r["section"] for r in everywhere}) > 1, (shared, everywhere)
        narrowed = search(page, served_sample, shared, section=section)
        assert narrowed and {r["section"] for r in narrowed} == {section} and len(narrowed) < len(everywhere)
        # A draft's own word does not find it. (Pagefind answers a word it does
        # not know with the pages that share its first letters, so not nothing.)
        draft = next(s for s in stories if s.source == DRAFT)
        found = search(page, served_sample, draft_word)
        assert draft.title not in {r["title"] for r in found} and not any(f"<mark>{draft_word}" in r["excerpt"].lower() for r in found)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


# Sums the layout shifts a reader did not cause (Cumulative Layout Shift, as Lighthouse counts it).
LAYOUT_SHIFTS = """window.shifts = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.shifts.push(e.value); })
  .observe({ type: "layout-shift", buffered: true });"""


def test_nothing_on_the_search_page_moves_while_its_index_loads(browser, served_sample):
    """The filters are laid out from the start and filled when filters.json
    arrives, late here on purpose; without scripts, where they could narrow
    nothing, they are not shown."""
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.add_init_script(LAYOUT_SHIFTS)
    page.route("**/pagefind/**", lambda route: (time.sleep(0.3), route.continue_()))
    try:
        page.goto(served_sample + "search/")
        page.wait_for_function("document.querySelector('#filter-section:not([disabled])')")
        page.wait_for_timeout(200)  # for the frames after the filling to be laid out
        assert page.locator("#filter-section option").count() > 2 and page.locator("#filter-year").is_enabled()
        assert page.evaluate("window.shifts") == []
    finally:
        context.close()
    context = browser.new_context(viewport={"width": 375, "height": 812}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(served_sample + "search/")
        assert page.locator("#search-input").is_visible() and page.locator(".search-fallback").is_visible()
        assert not page.locator(".search-filters").is_visible()
    finally:
        context.close()


def test_a_year_of_many_stories_is_cut_by_quarter_or_month_and_a_crowded_month_by_week(site, monkeypatch):

    monkeypatch.setattr(search_stage, "SHARD_STORIES", 2)  # a year of more than 3 stories by quarter, of more than 12 by month
    january = [f"2021-01-{day:02d}T09:00:00" for day in (1, 2, 9, 16)]  # more than 3: by week
    dates = [*january, *(f"2021-{month:02d}-0{day}T09:00:00" for month in (2, 5, 11) for day in (1, 2, 3)),
             "2020-03-01T09:00:00", "2020-04-01T09:00:00"]
    s = site({f"content/world/story-{n}.md": story(f"Story {n}", date) for n, date in enumerate(dates)}, config=CONFIG)
    s.build()
    listed = json.loads((s.output / "pagefind" / "index.json").read_text())[""]
    assert [shard["name"] for shard in listed] == ["2021-11", "2021-05", "2021-02", "2021-01-w3", "2021-01-w2", "2021-01-w1", "2020"]
    assert {shard["year"] for shard in listed} == {"2021", "2020"}
    assert len(fragments(s.output, "2021-01-w1")) == 2 and len(fragments(s.output, "2021-02")) == 3
    assert len(fragments(s.output, "2020")) == 2
    for n in range(len(january)):
        s.remove(f"content/world/story-{n}.md")  # January's: 9 stories left, 2021 by quarter now
    s.build()
    assert [shard["name"] for shard in json.loads((s.output / "pagefind" / "index.json").read_text())[""]] == ["2021-q4", "2021-q2", "2021-q1", "2020"]
    assert not (s.output / "pagefind" / "2021-01-w1").exists() and len(fragments(s.output, "2021-q1")) == 3


def test_the_newest_month_of_a_large_shard_has_its_weeks_apart(site, tmp_path, monkeypatch):
    """Where a newsroom publishes and corrects: a story of the newest month
    costs its week's shard, not the year's; when a later month begins, the
    weeks go back into their period's shard."""
    monkeypatch.setattr(search_stage, "RECENT_SHARD_STORIES", 3)
    dates = ["2021-03-01", "2022-10-03", "2022-10-20", "2022-11-01", "2022-11-09", "2022-11-10", "2022-11-16", "2022-11-30"]
    s = site({f"content/world/story-{n}.md": story(f"Story {n}", f"{date}T09:00:00", body=f"The ferry report number {n}.\n")
              for n, date in enumerate(dates)}, config=CONFIG)
    cache = tmp_path / "cache"

    def build():
        return SiteBuilder(s.config(), cache_dir=cache).build(BuildMode(now=NOW))

    def listed() -> list[str]:
        return [shard["name"] for shard in json.loads((s.output / "pagefind" / "index.json").read_text())[""]]

    build()
    assert listed() == ["2022-11-w4", "2022-11-w3", "2022-11-w2", "2022-11-w1", "2022", "2021"]
    assert set(fragments(s.output, "2022-11-w2")) == {"/world/2022/11/09/story-4/", "/world/2022/11/10/story-5/"}
    assert set(fragments(s.output, "2022")) == {"/world/2022/10/03/story-1/", "/world/2022/10/20/story-2/"}
    # A correction to this month's story makes its week's shard again, and no other.
    s.write("content/world/story-5.md", story("Story 5", "2022-11-10T09:00:00", body="The ferry report, corrected: xylophonic.\n"))
    changed = {path.split("/")[1] for path in build().write.changed if path.startswith("pagefind/")}
    assert changed == {"2022-11-w2"}, changed
    # December begins: November's weeks go back into the year's shard, December's are cut.
    s.write("content/world/story-8.md", story("Story 8", "2022-12-02T09:00:00", body="The ferry report number 8.\n"))
    build()
    assert listed() == ["2022-12-w1", "2022", "2021"]
    assert len(fragments(s.output, "2022")) == 7 and not (s.output / "pagefind" / "2022-11-w2").exists()
    # The parts kept of each page (search.PageParts) are of the shards made now, no others.
    assert sorted(path.stem for path in (cache / "search").iterdir()) == ["2021", "2022", "2022-12-w1"]
    assert "xylophonic" in fragments(s.output, "2022")["/world/2022/11/10/story-5/"]["content"]
    # A small year's newest month stays in its shard.
    monkeypatch.setattr(search_stage, "RECENT_SHARD_STORIES", 250)
    s.build()
    assert listed() == ["2022", "2021"]


@pytest.mark.parametrize("recent, newest_shards", [(250, ["2022-q2"]), (1, ["2022-06-w1", "2022-q2"])], ids=["quarters", "with weeks"])
def test_the_search_page_merges_the_shards_and_orders_them_newest_first(site, browser, monkeypatch, recent, newest_shards):
    """Stories of three years are in five shards (2022 by quarter), six with
    the newest month's week apart: a search finds them in all, "Newest
    first" orders them across shards, a year narrows to its own, and the
    filters count every shard's stories."""

    from .conftest import serve_folder  # noqa: PLC0415

    monkeypatch.setattr(search_stage, "SHARD_STORIES", 1)
    monkeypatch.setattr(search_stage, "RECENT_SHARD_STORIES", recent)
    dates = ["2020-03-01T09:00:00", "2022-06-01T09:00:00", "2021-01-05T09:00:00", "2022-01-02T09:00:00", "2020-11-30T09:00:00",
             "2022-05-03T09:00:00"]
    s = site({f"content/world/story-{n}.md": story(f"Story {n}", date, body=f"The ferry timetable changes, report {n}.\n")
              for n, date in enumerate(dates)}, config=CONFIG)
    s.build()
    listed = json.loads((s.output / "pagefind" / "index.json").read_text())[""]
    assert [shard["name"] for shard in listed] == [*newest_shards, "2022-q1", "2021", "2020-q4", "2020-q1"]
    newest_first = [f"Story {n}" for n, _ in sorted(enumerate(dates), key=lambda pair: pair[1], reverse=True)]
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        with serve_folder(s.output, "/news/") as url:
            assert sorted(r["title"] for r in search(page, url, "ferry")) == sorted(newest_first)
            # The filters are listed from filters.json: a search without one fetches no shard's filter files.
            assert any(u.endswith("/pagefind/filters.json") for u in requested) and not any("/filter/" in u for u in requested)
            assert [r["title"] for r in search(page, url, "ferry", sort="date")] == newest_first
            assert [r["title"] for r in search(page, url, "timetable", sort="date", year="2020")] == ["Story 4", "Story 0"]
            assert [r["title"] for r in search(page, url, "timetable", sort="date", year="2022")] == ["Story 1", "Story 5", "Story 3"]
            years = page.evaluate("[...document.querySelectorAll('#filter-year option')].map(o => o.textContent)")
            assert years[1:] == ["2022 (3)", "2021 (1)", "2020 (2)"]
    finally:
        page.close()


def test_an_edit_under_newsgen_serve_makes_its_new_word_findable(site, browser):
    """The dev server rebuilds the page at once and the index just after
    it (the page does not wait); then the word is found."""
    from generator.preview import Preview  # noqa: PLC0415

    s = small_site(site)
    preview = Preview(s.root, port=0, say=lambda line: None)
    url = preview.start()
    context = browser.new_context()
    page = context.new_page()
    try:
        deadline = time.monotonic() + 20
        while preview.searches < 1 and time.monotonic() < deadline and not (preview.config.output_dir / "pagefind").is_dir():
            time.sleep(0.05)
        assert all(r["title"] != "Prices rise" for r in search(page, url, "xylophonic"))
        builds, searches = preview.builds, preview.searches
        s.write("content/business/prices.md", story("Prices rise", "2022-12-08T10:00:00", body="Bakers pay more for xylophonic flour.\n"))
        while preview.searches == searches and time.monotonic() < deadline:
            time.sleep(0.05)
        assert preview.builds > builds and preview.searches > searches
        found = search(page, url, "xylophonic")
        assert found and found[0]["title"] == "Prices rise" and "<mark>xylophonic</mark>" in found[0]["excerpt"]
        # What the index holds of each page is kept beside the preview, for its next edit and its next start.
        listed = json.loads((preview.config.output_dir / "pagefind" / "index.json").read_text())[""]
        assert {p.stem for p in (s.root / ".newsgen-cache" / "serve-search").iterdir()} == {shard["name"] for shard in listed}
    finally:
        context.close()
        preview.stop()


def test_a_page_or_file_in_the_index_folder_is_an_error_naming_it(site):
    s = small_site(site)
    s.write("content/pages/odd.md", "---\ntitle: Odd\npermalink: /pagefind/odd/\n---\nText.\n")
    s.write("content/pagefind/notes.txt", "mine\n")
    failure = s.build_fails()
    said = " ".join(str(d) for d in failure.diagnostics)
    assert "content/pages/odd.md" in said and "content/pagefind/notes.txt" in said and "search = false" in said
    s.write("site.toml", "search = false\n" + CONFIG)
    s.build()
    assert s.exists("pagefind/odd/index.html")


def test_every_page_links_its_editions_search_page_which_without_javascript_points_to_the_archive(sample_build):
    base = load_config(sample_build.root).base_path

    def target(rel: str, href: str) -> str:
        if href.startswith(base):  # the 404 page's links start at the site's root
            href = href[len(base):] + ("index.html" if href.endswith("/") else "")
            return posixpath.normpath(href)
        return posixpath.normpath(posixpath.join(posixpath.dirname(rel), href))

    missing = []
    for rel in sample_build.html_files():
        links = {target(rel, e.attrs["href"]) for e in elements(sample_build.read(rel), "a") if e.attrs.get("href")}
        if sample_build.edition_of(rel) + "search/index.html" not in links:
            missing.append(rel)
    assert missing == [], missing
    page = sample_build.read("search/index.html")
    fallback = page.split("<noscript>")[1].split("</noscript>")[0]
    assert "../archive/index.html" in fallback and "../tags/index.html" in fallback
    assert '<form class="search-form" role="search"' in page and '<label for="search-input">' in page and 'role="status"' in page
    assert "Suche" in sample_build.read("de/search/index.html")


def _pagefind_that_stops(folder: Path, how: str) -> Path:
    """A stand-in for Pagefind's binary that reads the first byte of its first
    request and then `how` (a shell line): it ends, or hangs until stopped."""
    script = folder / "pagefind-stand-in"
    script.write_text(f"#!/bin/sh\nhead -c 1 > /dev/null\n{how}\n", encoding="utf-8")
    script.chmod(0o755)
    return script


def test_a_pagefind_that_stops_midway_fails_the_build_and_leaves_the_output(site, tmp_path, monkeypatch):
    """Pagefind killed or crashed while it indexes: the build stops and says
    so, and output/ stays as it was. (It used to wait for Pagefind's answers for ever.)"""
    s = small_site(site)
    s.build()
    before = s.snapshot()
    s.write("content/business/prices.md", story("Prices rise", "2022-12-08T10:00:00", body="Bakers pay more for rye.\n"))
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(_pagefind_that_stops(tmp_path, "exit 3")))
    failed = {}
    building = threading.Thread(target=lambda: failed.setdefault("with", s.build_fails()), daemon=True)
    building.start()
    building.join(120)  # a bound on waiting, not a measure: the build fails at once
    assert not building.is_alive(), "the build waits for a Pagefind that has ended"
    said = " ".join(str(d) for d in failed["with"].diagnostics)
    assert "Pagefind stopped before it had answered (exit status 3)" in said and "search = false" in said
    assert s.snapshot() == before


def test_ctrl_c_while_the_index_is_made_ends_the_build_with_one_line(site, tmp_path):
    """Ctrl-C reaches the build and Pagefind alike (one process group): the
    build ends at once with its one line, no traceback, output/ as it was."""
    s = small_site(site)
    s.build()
    before = s.snapshot()
    s.write("content/business/prices.md", story("Prices rise", "2022-12-08T10:00:00", body="Bakers pay more for rye.\n"))
    started = tmp_path / "indexing"
    stand_in = _pagefind_that_stops(tmp_path, f"touch {started}\nsleep 600")
    env = {**os.environ, "PAGEFIND_BINARY_PATH": str(stand_in), "PYTHONPATH": str(Path(__file__).parent.parent)}
    build = subprocess.Popen([sys.executable, "-m", "generator", "build", "--now", NOW.isoformat()], cwd=s.root, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 120
        while not started.exists() and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert started.exists(), build.communicate()
        os.killpg(build.pid, signal.SIGINT)
        out, err = build.communicate(timeout=60)  # it used to wait for the stopped Pagefind for ever
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
    assert build.returncode == 130
    assert err.strip().splitlines()[-1] == "interrupted; output/ left as it was" and "Traceback" not in err
    assert s.snapshot() == before


def test_a_shard_made_leaves_none_of_pagefinds_answers_to_the_collector():
    """A large build collects cycles seldom: whatever a shard's making leaves
    in a reference cycle stays until then. Pagefind's answers (the whole
    bundle, twice encoded) were in one, and 144 shards' piled up to 450 MiB
    at 100,000 stories."""
    pages = [search_stage.IndexedPage(f"/story-{n}/", f"<html lang='en'><head><title>Story {n}</title></head><body>"
                                      f"<main data-pagefind-body><h1>Story {n}</h1><p>{'harbour ferry timetable ' * 300}</p></main></body></html>")
             for n in range(20)]
    gc.collect()
    gc.disable()
    try:
        # In a thread of its own, as the build runs it.
        with ThreadPoolExecutor(1) as thread:
            files = thread.submit(search_stage._index, pages).result()
        assert sum(path.startswith("fragment/") for path in files) == 20
        del files
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        garbage = list(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()

    def an_answer(thing) -> bool:
        if isinstance(thing, dict):
            return "files" in thing or "content" in thing
        if isinstance(thing, types.FrameType):
            return any(isinstance(value, (bytes, str)) and len(value) > 10_000 for value in thing.f_locals.values())
        return False

    assert not [thing for thing in garbage if an_answer(thing)]


def year_of_stories(site, count: int = 12):
    return site({f"content/world/story-{n}.md": story(f"Story {n}", f"2022-11-{1 + n:02d}T10:00:00", body=f"Words of story {n}.\n",
                                                      tags="[Port]" if n % 2 else "[Fire, Port]")
                 for n in range(count)}, config=CONFIG)


def counting_pages_indexed(monkeypatch) -> list[str]:
    """The URLs of the pages given to Pagefind, as they are given."""
    given: list[str] = []
    index = search_stage._index

    def counting(pages):
        pages = list(pages)
        given.extend(page.url for page in pages)
        return index(pages)

    monkeypatch.setattr(search_stage, "_index", counting)
    return given


def test_an_edit_gives_pagefind_only_its_own_page_and_the_bundle_a_cold_build_makes(site, tmp_path, monkeypatch):
    """The shard is put together from its pages' parts (search_bundle.py): the
    others' are kept from the build before, and the bytes are a cold build's."""
    s = year_of_stories(site)
    cache = tmp_path / "cache"
    given = counting_pages_indexed(monkeypatch)
    SiteBuilder(s.config(), cache_dir=cache).build(BuildMode(now=NOW))
    assert len(given) == 12
    given.clear()
    s.write("content/world/story-3.md", story("Story 3", "2022-11-04T10:00:00", body="Words of story 3.\n\nA quixotic turn.\n",
                                               tags="[Port]"))
    SiteBuilder(s.config(), cache_dir=cache).build(BuildMode(now=NOW))
    assert given == ["/world/2022/11/04/story-3/"]
    assert "quixotic" in fragments(s.output, "2022")["/world/2022/11/04/story-3/"]["content"]
    cold = tmp_path / "cold"
    s.build(output_dir=cold)
    assert bundle(s.output) == bundle(cold)


def test_a_shard_whose_parts_are_damaged_or_unreadable_is_indexed_whole(site, tmp_path, monkeypatch):
    """Parts kept in a damaged file are not used; a page whose sort value
    search_bundle cannot read (an element's text) has Pagefind index its
    whole shard, each time. Either way the bundle is a cold build's."""
    s = year_of_stories(site)
    cache = tmp_path / "cache"
    given = counting_pages_indexed(monkeypatch)
    SiteBuilder(s.config(), cache_dir=cache).build(BuildMode(now=NOW))
    [kept] = (cache / "search").glob("2022.pickle")
    data = bytearray(kept.read_bytes())
    data[len(data) // 2] ^= 0xFF
    kept.write_bytes(bytes(data))
    given.clear()
    s.write("content/world/story-3.md", story("Story 3", "2022-11-04T10:00:00", body="A quixotic turn.\n", tags="[Port]"))
    SiteBuilder(s.config(), cache_dir=cache).build(BuildMode(now=NOW))
    assert len(given) == 12
    cold = tmp_path / "cold"
    s.build(output_dir=cold)
    assert bundle(s.output) == bundle(cold)

    sort_values = search_stage.search_bundle.sort_values
    monkeypatch.setattr(search_stage.search_bundle, "sort_values", lambda html: None if "xylophonic" in html else sort_values(html))
    for n, body in ((3, "A xylophonic turn.\n"), (4, "Another turn.\n")):  # the page that cannot be read, then another
        given.clear()
        s.write(f"content/world/story-{n}.md", story(f"Story {n}", f"2022-11-0{n + 1}T10:00:00", body=body, tags="[Port]"))
        SiteBuilder(s.config(), cache_dir=cache).build(BuildMode(now=NOW))
        assert len(given) == 12 and not list((cache / "search").glob("2022.pickle"))
        s.build(output_dir=cold)
        assert bundle(s.output) == bundle(cold)
