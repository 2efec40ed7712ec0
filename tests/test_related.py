"""Related stories are earlier coverage: the earlier stories sharing most
tags with a story, newest first among equals. A new story therefore joins no
older story's block, and publishing it leaves the archive's pages as they were."""

from __future__ import annotations

from .conftest import story, text_of

STORIES = {  # name: (day in December 2022, section, tags)
    "a": (1, "world", "[Energy, Ukraine]"),
    "b": (2, "business", "[Energy]"),
    "c": (3, "politics", "[Ukraine]"),
    "d": (4, "business", "[Energy, Ukraine]"),
    "e": (5, "world", "[Markets]"),
}


def files(names) -> dict[str, str]:
    return {f"content/{STORIES[n][1]}/{n}.md": story(title=f"Story {n}", date=f"2022-12-{STORIES[n][0]:02d}T10:00:00", tags=STORIES[n][2])
            for n in names}


def related(s, name: str) -> list[str]:
    day, section, _ = STORIES[name]
    html = s.read(f"{section}/2022/12/{day:02d}/{name}/index.html")
    block = html.split('<section class="related"', 1)
    return [t for level in ("h2", "h3") for t in text_of(block[1], level, class_="teaser-title")] if len(block) > 1 else []


def test_related_stories_are_earlier_ones_on_the_same_topics(site):
    s = site(files("abcde"))
    s.build()
    # d shares two tags with a, one with b and c; b, d's older neighbour in Business,
    # is left out of the block, which the neighbour links already show.
    assert related(s, "d") == ["Story a", "Story c"]
    assert related(s, "c") == ["Story a"]  # the only story in Politics: no neighbours
    assert related(s, "a") == []  # nothing earlier
    assert related(s, "e") == []  # no earlier story on its topic


def test_a_new_story_on_the_same_topics_leaves_older_stories_pages_as_they_were(site):
    s = site(files("abcd"))
    s.build()
    pages = {n: f"{STORIES[n][1]}/2022/12/{STORIES[n][0]:02d}/{n}/index.html" for n in "abcd"}
    before = {n: s.read(path) for n, path in pages.items()}
    s.write("content/world/f.md", story(title="Story f", date="2022-12-06T10:00:00", tags="[Energy, Ukraine]"))
    s.build()
    # Only a, the story before f in World, changes: its "Next in World" link.
    assert [n for n, path in pages.items() if s.read(path) != before[n]] == ["a"]
    assert related(s, "d") == ["Story a", "Story c"]
