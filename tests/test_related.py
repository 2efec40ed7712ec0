"""Related stories are earlier coverage: the earlier stories sharing most
tags with a story, newest first among equals. A new story therefore joins no
older story's block, and publishing it leaves the archive's pages as they were."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from generator.config import load_config
from generator.content.catalog import PAIRED_TAGS, RELATED_LIMIT, build_catalog
from generator.content.model import Article, BuildMode

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


def _by_definition(articles, limit: int) -> dict[str, tuple[str, ...]]:
    """The rule as the README states it, in the plainest code: every earlier
    story with a tag in common, most tags in common first, then newest."""
    found = {}
    for i, article in enumerate(articles):
        mine = set(article.tag_slugs)
        earlier = [(-len(mine & set(other.tag_slugs)), p, other.source) for p, other in enumerate(articles) if p > i]
        found[article.source] = tuple(source for shared, _, source in sorted(earlier) if shared < 0)[:limit]
    return found


@pytest.mark.parametrize("seed", range(6))
def test_related_stories_follow_the_rule_on_many_stories_and_tags(seed, tmp_path):
    """The catalog's indexed search for related stories against the rule
    itself: topics few and many, correlated ones, and stories with so many
    tags that they are compared one by one."""
    rng = random.Random(seed)
    topics = [f"topic {t}" for t in range(rng.choice((3, 12, 40)))]
    paired = topics[:2]  # two topics that mostly come together, as "Elections" and "Politics" do
    stories = []
    for i in range(300):
        tags = rng.sample(topics, rng.randint(0, min(4, len(topics))))
        if rng.random() < 0.3:
            tags += [t for t in paired if t not in tags]
        if rng.random() < 0.03:
            tags = rng.sample(topics, min(len(topics), PAIRED_TAGS + rng.randint(1, 5)))
        date = datetime(2022, 1, 1, tzinfo=timezone.utc) + timedelta(hours=rng.randint(0, 2000))  # some at the same hour
        stories.append(Article(source=f"world/{i:03d}.md", title=f"Story {i}", slug=f"story-{i}", section="world", date=date, updated=None,
                               authors=(), tags=tuple(tags), summary="", body_line=3))
    (tmp_path / "site.toml").write_text('title = "T"\nbase_url = "https://example.org/"\n')
    catalog, _ = build_catalog(stories, [], [], [], load_config(tmp_path), BuildMode(now=datetime(2030, 1, 1, tzinfo=timezone.utc)))
    expected = _by_definition(catalog.articles, RELATED_LIMIT)
    assert {source: tuple(a.source for a in found) for source, found in catalog.related.items()} == expected
    assert any(len(found) == RELATED_LIMIT for found in expected.values())
    if len(topics) > PAIRED_TAGS:
        assert any(len(a.tag_slugs) > PAIRED_TAGS for a in catalog.articles)  # some are compared one by one
