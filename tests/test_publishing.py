"""Drafts and scheduled stories, with a pinned clock: left out of every page
unless the build asks for them; a story dated exactly at `now` is published."""

from __future__ import annotations

from datetime import timedelta

import pytest

from .conftest import NOW, story

FILES = {
    "content/world/published.md": story(title="Published story", date="2022-12-09T10:00:00", tags="[Ukraine]", author="Marta Lindqvist"),
    "content/world/draft.md": story(title="Draft story", date="2022-12-10T10:00:00", draft="true", tags="[Ukraine, Drafttag]", author="Drafty Writer"),
    "content/world/scheduled.md": story(title="Scheduled story", date="2022-12-12T18:00:01", tags="[Ukraine, Futuretag]", author="Future Writer"),
    "content/politics/late.md": story(title="Next month story", date="2023-01-05T10:00:00", tags="[Ukraine]"),
}
PAGES = {
    "Published story": "world/2022/12/09/published/index.html",
    "Draft story": "world/2022/12/10/draft/index.html",
    "Scheduled story": "world/2022/12/12/scheduled/index.html",
    "Next month story": "politics/2023/01/05/late/index.html",
}


def shown_in(s, title: str) -> list[str]:
    """Every HTML file of the output that mentions `title`."""
    return [f for f in s.html_files() if title in s.read(f)]


def test_default_build_leaves_out_drafts_and_scheduled(site):
    s = site(FILES)
    result = s.build()
    assert result.articles == 1
    assert s.exists(PAGES["Published story"])
    for title in ("Draft story", "Scheduled story", "Next month story"):
        assert not s.exists(PAGES[title]), title
        assert shown_in(s, title) == [], title
    listed_everywhere = {"index.html", "latest/index.html", "world/index.html", "tags/ukraine/index.html", "archive/2022/index.html", "archive/2022/12/index.html", "authors/marta-lindqvist/index.html"}
    assert listed_everywhere <= set(shown_in(s, "Published story"))
    # Nothing that only unpublished stories have gets a page.
    for gone in ("tags/drafttag/", "tags/futuretag/", "authors/drafty-writer/", "authors/future-writer/", "archive/2023/", "politics/"):
        assert not s.exists(gone + "index.html"), gone
    assert "Drafttag" not in s.read("tags/index.html") and "Futuretag" not in s.read("tags/index.html")
    assert "Drafty Writer" not in s.read("authors/index.html")


def test_drafts_flag_includes_drafts_only(site):
    s = site(FILES)
    s.build(drafts=True)
    assert s.exists(PAGES["Draft story"])
    assert {"index.html", "world/index.html", "tags/ukraine/index.html", "tags/drafttag/index.html", "archive/2022/12/index.html", "authors/drafty-writer/index.html"} <= set(shown_in(s, "Draft story"))
    assert not s.exists(PAGES["Scheduled story"]) and shown_in(s, "Scheduled story") == []
    assert shown_in(s, "Next month story") == []


def test_future_flag_includes_scheduled_only(site):
    s = site(FILES)
    s.build(future=True)
    assert s.exists(PAGES["Scheduled story"]) and s.exists(PAGES["Next month story"])
    assert {"index.html", "world/index.html", "tags/futuretag/index.html", "archive/2022/12/index.html", "authors/future-writer/index.html"} <= set(shown_in(s, "Scheduled story"))
    assert s.exists("archive/2023/01/index.html")
    assert not s.exists(PAGES["Draft story"]) and shown_in(s, "Draft story") == []


def test_drafts_and_future_together_include_everything(site):
    s = site(FILES)
    assert s.build(drafts=True, future=True).articles == 4
    for path in PAGES.values():
        assert s.exists(path), path


@pytest.mark.parametrize("offset, published", [(timedelta(0), True), (timedelta(seconds=-1), True), (timedelta(seconds=1), False)])
def test_story_dated_exactly_now_is_published(site, offset, published):
    when = (NOW + offset).isoformat()
    s = site({"content/world/a.md": story(title="On the dot", date=when)})
    s.build()
    assert s.exists("world/2022/12/12/a/index.html") is published
    assert bool(shown_in(s, "On the dot")) is published


def test_a_scheduled_story_appears_once_now_passes(site):
    s = site(FILES)
    s.build()
    assert not s.exists(PAGES["Scheduled story"])
    s.build(now=NOW + timedelta(seconds=1))
    assert s.exists(PAGES["Scheduled story"])
    assert "Scheduled story" in s.read("world/index.html")


def test_unpublished_neighbours_are_not_linked(site):
    s = site(FILES)
    s.build()
    html = s.read(PAGES["Published story"])
    for title in ("Draft story", "Scheduled story"):
        assert title not in html


def test_draft_static_page_is_left_out(site):
    s = site({
        "content/world/a.md": story(),
        "content/pages/about.md": "---\ntitle: About us\n---\nWho we are.\n",
        "content/pages/secret.md": "---\ntitle: Secret page\ndraft: true\n---\nNot yet.\n",
    })
    s.build()
    assert s.exists("about/index.html") and not s.exists("secret/index.html")
    assert shown_in(s, "Secret page") == []
    s.build(drafts=True)
    assert s.exists("secret/index.html")


def test_the_files_of_a_draft_or_scheduled_storys_bundle_are_not_published_before_it(site, tmp_path):
    """jpanther/congo's draft bundle put its photo, at every width, in the
    output: an embargoed story's picture at a URL one can guess. A bundle's
    files are its story's (as in Hugo): withheld while it is, published
    with it, by a cold build or an incremental one alike."""
    from generator.build import SiteBuilder  # noqa: PLC0415
    from generator.content.model import BuildMode  # noqa: PLC0415

    s = site({
        "content/world/merger/index.md": story(title="Secret merger", date="2022-12-09T10:00:00", draft="true"),
        "content/world/merger/files/memo.pdf": b"%PDF-1.4 memo",
        "content/world/embargo/index.md": story(title="Embargoed", date="2022-12-12T18:00:01"),
        "content/world/embargo/photo.txt": "embargoed",
        "content/world/open/index.md": story(title="Open story", date="2022-12-08T10:00:00"),
        "content/world/open/chart.txt": "open",
        "content/world/notes.txt": "beside the stories",
    })
    s.build()
    assert s.exists("world/open/chart.txt") and s.exists("world/notes.txt")
    assert not s.exists("world/merger/files/memo.pdf") and not s.exists("world/embargo/photo.txt")
    s.build(drafts=True)
    assert s.exists("world/merger/files/memo.pdf") and not s.exists("world/embargo/photo.txt")
    cache = tmp_path / "cache"
    SiteBuilder(s.config(), cache_dir=cache).build(BuildMode(now=NOW))
    assert not s.exists("world/merger/files/memo.pdf")
    s.write("content/world/merger/index.md", story(title="Secret merger", date="2022-12-09T10:00:00"))
    later = NOW + timedelta(days=5)  # the embargo is over too
    SiteBuilder(s.config(), cache_dir=cache).build(BuildMode(now=later))
    assert s.read("world/merger/files/memo.pdf") == "%PDF-1.4 memo" and s.read("world/embargo/photo.txt") == "embargoed"
    cold = tmp_path / "cold"
    s.build(later, output_dir=cold)
    assert s.files() == s.files(cold)
