"""Pagination with page_size = 2, numbered both ways (plan.list_pages).

Stable (the default): the list's first URL shows its newest stories, and
page/1/, page/2/, … hold its stories from the oldest, once full, for good.
Newest-first: page 1 is the first URL, and every page shifts with a new
story. Either way rel="prev"/rel="next" lead to the neighbouring pages."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

from generator.errors import ConfigError

from .conftest import elements, output_rel, page_url, story, text_of

CONFIG = """\
title = "The Test Gazette"
base_url = "https://example.org/news/"
timezone = "Europe/Berlin"
page_size = 2
page_numbering = "newest-first"

[sections.world]
title = "World"
order = 1
"""


STABLE = CONFIG.replace('page_numbering = "newest-first"\n', "")


def world_site(site, count: int, config: str = CONFIG):
    # Story 1 is the oldest; the list shows the newest first.
    return site({rel: text for rel, text in world_stories(count)}, config=config)


def world_stories(count: int):
    return [(f"content/world/s{n}.md", story(title=f"Story {n}", date=f"2022-12-{n:02d}T10:00:00")) for n in range(1, count + 1)]


def list_files(s, base: str = "world/") -> list[str]:
    """The list's pages under `base`: not its stories' pages, nor another list's (archive/2022/12/ under archive/2022/)."""
    return [f for f in s.files() if f.startswith(base) and re.fullmatch(r"(page/\d+/)?index\.html", f[len(base):])]


def listed(html: str) -> list[str]:
    return [t for kind in ("lead-title", "teaser-title") for t in text_of(html, "h2", class_=kind)]


def rel_targets(html: str, rel: str, page: str) -> dict[str, list[str]]:
    """Where the <link rel=…> in <head> and the <a rel=…> in the body point, as output files."""
    base = page_url(page)
    found = {}
    for tag in ("link", "a"):
        found[tag] = [output_rel(urljoin(base, e.attrs["href"])) for e in elements(html, tag, rel=rel)]
    return found


@pytest.mark.parametrize("count, pages", [(0, 1), (1, 1), (2, 1), (3, 2), (4, 2), (5, 3)])
def test_number_of_pages(site, count, pages):
    s = world_site(site, count)
    s.build()
    expected = ["world/index.html"] + [f"world/page/{n}/index.html" for n in range(2, pages + 1)]
    assert list_files(s) == expected
    assert not s.exists("world/page/1/index.html")
    # Every story is listed exactly once across the pages, newest first.
    # The first page leads with the newest, large (lead-title), then the rest as teasers.
    assert [t for f in expected for t in listed(s.read(f))] == [f"Story {n}" for n in range(count, 0, -1)]


@pytest.mark.parametrize("config", [CONFIG, STABLE])
def test_empty_section_says_so(site, config):
    s = world_site(site, 0, config)
    result = s.build()
    html = s.read("world/index.html")
    assert text_of(html, "p", class_="empty") == ["No stories here yet."]
    assert elements(html, rel="next") == [] and elements(html, rel="prev") == []
    assert not result.warnings


@pytest.mark.parametrize("config", [CONFIG, STABLE])
@pytest.mark.parametrize("count", [1, 2])
def test_single_page_has_no_prev_or_next(site, count, config):
    s = world_site(site, count, config)
    s.build()
    html = s.read("world/index.html")
    assert elements(html, rel="next") == [] and elements(html, rel="prev") == []
    assert elements(html, "nav", class_="pagination") == []


def test_two_pages_link_to_each_other(site):
    s = world_site(site, 3)
    s.build()
    first = s.read("world/index.html")
    second = s.read("world/page/2/index.html")
    assert rel_targets(first, "next", "world/index.html") == {"link": ["world/page/2/index.html"], "a": ["world/page/2/index.html"]}
    assert rel_targets(first, "prev", "world/index.html") == {"link": [], "a": []}
    assert rel_targets(second, "prev", "world/page/2/index.html") == {"link": ["world/index.html"], "a": ["world/index.html"]}
    assert rel_targets(second, "next", "world/page/2/index.html") == {"link": [], "a": []}
    assert "Page 2 of 2" in text_of(second, "nav", class_="pagination")[0]
    assert "(page 2 of 2)" in text_of(second, "title")[0]


def test_middle_page_links_both_ways(site):
    s = world_site(site, 5)
    s.build()
    middle = s.read("world/page/2/index.html")
    page = "world/page/2/index.html"
    assert rel_targets(middle, "prev", page) == {"link": ["world/index.html"], "a": ["world/index.html"]}
    assert rel_targets(middle, "next", page) == {"link": ["world/page/3/index.html"], "a": ["world/page/3/index.html"]}
    last = s.read("world/page/3/index.html")
    assert rel_targets(last, "prev", "world/page/3/index.html")["a"] == ["world/page/2/index.html"]
    assert elements(last, rel="next") == []


def test_canonical_of_a_later_page_is_its_own_url(site):
    s = world_site(site, 3)
    s.build()
    [canonical] = elements(s.read("world/page/2/index.html"), "link", rel="canonical")
    assert canonical.attrs["href"] == "https://example.org/news/world/page/2/"


# ---- stable numbering -------------------------------------------------------

@pytest.mark.parametrize("count", range(0, 8))
def test_stable_pages_hold_the_oldest_stories_once_full(site, count):
    s = world_site(site, count, STABLE)
    s.build()
    full = count // 2
    assert list_files(s) == ["world/index.html"] + [f"world/page/{n}/index.html" for n in range(1, full + 1)]
    # The first URL: the newest two, led by the newest.
    assert listed(s.read("world/index.html")) == [f"Story {n}" for n in range(count, max(count - 2, 0), -1)]
    # Page n: stories 2n-1 and 2n, newest first, whatever came after them.
    for n in range(1, full + 1):
        html = s.read(f"world/page/{n}/index.html")
        assert listed(html) == [f"Story {2 * n}", f"Story {2 * n - 1}"]
        assert text_of(html, "title")[0].startswith(f"World (page {n}) ")
        assert text_of(html, "span", class_="pagination-status") == [f"Page {n}"]
    assert not any("of" in text for text in text_of(s.read("world/index.html"), "nav", class_="pagination"))


@pytest.mark.parametrize("count, older", [(4, 1), (5, 2), (6, 2), (7, 3)])
def test_stable_pages_link_newer_and_older(site, count, older):
    """The first URL's "older" link goes to the newest page it does not show
    whole; the newest page's "newer" link to the first URL."""
    s = world_site(site, count, STABLE)
    s.build()
    full = count // 2
    first = "world/index.html"
    assert rel_targets(s.read(first), "next", first) == {"link": [f"world/page/{older}/index.html"], "a": [f"world/page/{older}/index.html"]}
    assert rel_targets(s.read(first), "prev", first) == {"link": [], "a": []}
    for n in range(1, full + 1):
        page = f"world/page/{n}/index.html"
        newer = f"world/page/{n + 1}/index.html" if n < full else first
        assert rel_targets(s.read(page), "prev", page) == {"link": [newer], "a": [newer]}
        older_page = [f"world/page/{n - 1}/index.html"] if n > 1 else []
        assert rel_targets(s.read(page), "next", page) == {"link": older_page, "a": older_page}
        [canonical] = elements(s.read(page), "link", rel="canonical")
        assert canonical.attrs["href"] == f"https://example.org/news/world/page/{n}/"


def test_a_new_story_leaves_every_full_page_as_it_was(site):
    """Adding stories one by one: a page, once full, keeps its bytes, but for
    its "newer" link when the next page fills; nothing else changes."""
    s = world_site(site, 4, STABLE)
    s.build()
    before = {f: s.read(f) for f in list_files(s)}
    for count in range(5, 10):
        path, text = world_stories(count)[-1]
        s.write(path, text)
        s.build()
        now = {f: s.read(f) for f in list_files(s)}
        full = count // 2
        filled = count % 2 == 0  # this story filled page `full`, which links back to the one before
        for f, html in before.items():
            if f == "world/index.html" or (filled and f == f"world/page/{full - 1}/index.html"):
                continue
            assert now[f] == html, f
        assert listed(now[f"world/page/{full}/index.html"]) == [f"Story {2 * full}", f"Story {2 * full - 1}"]
        before = now


@pytest.mark.parametrize("config, count, numbered", [(CONFIG, 3, [2]), (STABLE, 5, [1, 2])])
def test_every_list_paginates(site, config, count, numbered):
    files = {
        f"content/world/s{n}.md": story(title=f"Story {n}", date=f"2022-12-{n:02d}T10:00:00", tags="[Ukraine]", author="Marta Lindqvist")
        for n in range(1, count + 1)
    }
    s = site(files, config=config)
    s.build()
    for base in ("latest/", "tags/ukraine/", "authors/marta-lindqvist/", "archive/2022/", "archive/2022/12/"):
        assert list_files(s, base) == [f"{base}index.html"] + [f"{base}page/{n}/index.html" for n in numbered], base
        # The oldest story is on the last page newest-first, on page 1 stably.
        assert listed(s.read(f"{base}page/{numbered[-1] if config == CONFIG else 1}/index.html"))[-1] == "Story 1", base


def test_page_numbering_is_checked(site):
    s = site({}, config=CONFIG.replace('"newest-first"', '"oldest-first"'))
    with pytest.raises(ConfigError) as caught:
        s.config()
    assert "page_numbering" in str(caught.value) and "stable, newest-first" in str(caught.value)
