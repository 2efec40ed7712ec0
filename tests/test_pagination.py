"""Pagination with page_size = 2: as many pages as needed, never page/1/,
and rel="prev"/rel="next" that lead to the neighbouring pages."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from .conftest import elements, output_rel, page_url, story, text_of

CONFIG = """\
title = "The Test Gazette"
base_url = "https://example.org/news/"
timezone = "Europe/Berlin"
page_size = 2

[sections.world]
title = "World"
order = 1
"""


def world_site(site, count: int):
    # Story 1 is the oldest; the list shows the newest first.
    files = {f"content/world/s{n}.md": story(title=f"Story {n}", date=f"2022-12-{n:02d}T10:00:00") for n in range(1, count + 1)}
    return site(files, config=CONFIG)


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
    assert [f for f in s.files() if f.startswith("world/") and f.endswith("index.html") and "/20" not in f] == expected
    assert not s.exists("world/page/1/index.html")
    # Every story is listed exactly once across the pages, newest first.
    # The first page leads with the newest, large (lead-title), then the rest as teasers.
    listed = [t for f in expected for kind in ("lead-title", "teaser-title") for t in text_of(s.read(f), "h2", class_=kind)]
    assert listed == [f"Story {n}" for n in range(count, 0, -1)]


def test_empty_section_says_so(site):
    s = world_site(site, 0)
    s.build()
    html = s.read("world/index.html")
    assert text_of(html, "p", class_="empty") == ["No stories here yet."]
    assert elements(html, rel="next") == [] and elements(html, rel="prev") == []


@pytest.mark.parametrize("count", [1, 2])
def test_single_page_has_no_prev_or_next(site, count):
    s = world_site(site, count)
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


def test_every_list_paginates(site):
    files = {
        f"content/world/s{n}.md": story(title=f"Story {n}", date=f"2022-12-{n:02d}T10:00:00", tags="[Ukraine]", author="Marta Lindqvist")
        for n in range(1, 4)
    }
    s = site(files, config=CONFIG)
    s.build()
    for base in ("latest/", "tags/ukraine/", "authors/marta-lindqvist/", "archive/2022/", "archive/2022/12/"):
        assert s.exists(base + "index.html"), base
        assert s.exists(base + "page/2/index.html"), base
        assert not s.exists(base + "page/1/index.html"), base
        assert not s.exists(base + "page/3/index.html"), base
