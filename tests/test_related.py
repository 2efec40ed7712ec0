"""Related stories are earlier coverage: the earlier stories sharing most
tags with a story, newest first among equals. A new story therefore joins no
older story's block, and publishing it leaves the archive's pages as they were."""

from __future__ import annotations

import random
from dataclasses import replace
from types import SimpleNamespace
from datetime import datetime, timedelta, timezone

import pytest

from generator.config import load_config
from generator.content.catalog import PAIRED_TAGS, RELATED_LIMIT, _related_since, build_catalog, placed_alike, updated_catalog
from generator.content.model import Article, BuildMode
from generator.fingerprints import _remade
from generator.plan import plan_site

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
    stories = [random_story(rng, i, topics) for i in range(300)]
    catalog, _ = build_catalog(stories, [], [], [], config_in(tmp_path), LATER)
    expected = _by_definition(catalog.articles, RELATED_LIMIT)
    assert {source: tuple(a.source for a in found) for source, found in catalog.related.items()} == expected
    assert any(len(found) == RELATED_LIMIT for found in expected.values())
    if len(topics) > PAIRED_TAGS:
        assert any(len(a.tag_slugs) > PAIRED_TAGS for a in catalog.articles)  # some are compared one by one


LATER = BuildMode(now=datetime(2030, 1, 1, tzinfo=timezone.utc))


def config_in(folder):
    (folder / "site.toml").write_text('title = "T"\nbase_url = "https://example.org/"\n')
    return load_config(folder)


def random_story(rng: random.Random, i: int, topics: list[str], title: str = "") -> Article:
    """Up to four topics, the first two mostly together (as "Elections" and
    "Politics" come), a few stories with more than PAIRED_TAGS; some at the same hour."""
    tags = rng.sample(topics, rng.randint(0, min(4, len(topics))))
    if rng.random() < 0.3:
        tags += [t for t in topics[:2] if t not in tags]
    if rng.random() < 0.03:
        tags = rng.sample(topics, min(len(topics), PAIRED_TAGS + rng.randint(1, 5)))
    date = datetime(2022, 1, 1, tzinfo=timezone.utc) + timedelta(hours=rng.randint(0, 2000))
    return Article(source=f"world/{i:03d}.md", title=title or f"Story {i}", slug=f"story-{i}", section="world", date=date, updated=None,
                   authors=(), tags=tuple(tags), summary="", body_line=3)


def sources_of(related) -> dict[str, tuple[str, ...]]:
    return {source: tuple(a.source for a in block) for source, block in related.items()}


@pytest.mark.parametrize("seed", range(6))
def test_related_stories_kept_from_the_last_catalog_are_those_found_anew(seed, tmp_path):
    """A catalog made with the last one finds its related stories from the
    last one's where the changes cannot reach them: after random stories
    added, deleted, retagged, moved in time or given a new headline, they
    are the ones a catalog from nothing finds, and its own objects."""
    rng = random.Random(seed)
    topics = [f"topic {t}" for t in range(rng.choice((3, 12, 40)))]
    config = config_in(tmp_path)
    stories = {story.source: story for story in (random_story(rng, i, topics) for i in range(300))}
    last, _ = build_catalog(list(stories.values()), [], [], [], config, LATER)
    made = len(stories)
    for _ in range(30):
        for _ in range(rng.randint(1, 3)):
            change = rng.choice(("add", "delete", "retag or move", "headline"))
            if change == "add":
                story = random_story(rng, made, topics)
                made += 1
            else:
                source = rng.choice(sorted(stories))
                if change == "delete":
                    del stories[source]
                    continue
                old = stories[source]
                story = random_story(rng, int(source[6:9]), topics, title=f"{old.title}, updated")
                if change == "headline":
                    story = replace(old, title=story.title)
            stories[story.source] = story
        fresh, _ = build_catalog(list(stories.values()), [], [], [], config, LATER)
        kept = _related_since(last, fresh.articles, fresh.by_tag)
        assert kept is not None
        assert sources_of(kept) == sources_of(fresh.related)
        assert all(a is fresh.by_source[a.source] for block in kept.values() for a in block)
        last, _ = build_catalog(list(stories.values()), [], [], [], config, LATER, previous=last)
        assert sources_of(last.related) == sources_of(fresh.related)
    assert sources_of(last.related) == _by_definition(last.articles, RELATED_LIMIT)


@pytest.mark.parametrize("seed", range(4))
def test_a_catalog_with_new_headlines_in_place_is_the_one_made_anew(seed, tmp_path):
    """Catalog.with_versions against build_catalog: after random stories get
    a new headline, summary or kind (what places a story nowhere), the last
    catalog with their new versions equals a catalog made from nothing, and
    holds only the new objects, in every list, block and neighbour."""
    rng = random.Random(seed)
    topics = [f"topic {t}" for t in range(rng.choice((3, 12, 40)))]
    config = config_in(tmp_path)
    stories = {story.source: story for story in (random_story(rng, i, topics) for i in range(300))}
    stories = {source: replace(s, authors=(rng.choice(("Ana Ruiz", "Bo Li", "Cy Tan")),), section=rng.choice(("world", "sport")),
                               translation_key=f"key-{int(source[6:9]) % 150}" if rng.random() < 0.2 else "")
               for source, s in stories.items()}
    catalog, _ = build_catalog(list(stories.values()), [], [], [], config, LATER)
    for step in range(10):
        versions = {}
        for source in rng.sample(sorted(stories), rng.randint(1, 4)):
            old = stories[source]
            versions[source] = stories[source] = replace(old, title=f"{old.title} ({step})", summary=f"Now {step}.",
                                                         kind=rng.choice(("news", "analysis")))
            assert placed_alike(old, versions[source])
        catalog = catalog.with_versions(versions)
        fresh, _ = build_catalog(list(stories.values()), [], [], [], config, LATER)
        assert catalog == fresh
        held = [*catalog.articles, *(a for lists in (catalog.by_section, catalog.by_tag, catalog.by_author, catalog.by_month, catalog.related,
                                                     catalog.translations) for items in lists.values() for a in items),
                *(a for pair in catalog.neighbours.values() for a in pair if a is not None)]
        assert all(a is stories[a.source] for a in held)
    assert not placed_alike(stories["world/001.md"], replace(stories["world/001.md"], tags=("topic 0", "elsewhere")))
    assert not placed_alike(stories["world/001.md"], replace(stories["world/001.md"], date=datetime(2021, 5, 1, tzinfo=timezone.utc)))


@pytest.mark.parametrize("seed", range(6))
def test_a_catalog_updated_for_the_stories_that_changed_is_the_one_made_anew(seed, tmp_path):
    """updated_catalog against build_catalog: after random stories are
    added, deleted, retagged (in other spellings too), moved in time or to
    another section, given other bylines or an update time, or made drafts,
    expired or scheduled, the last catalog updated for them equals a catalog made from
    nothing, holds only the current objects, and finds the same problems."""
    rng = random.Random(seed)
    topics = [f"topic {t}" for t in range(rng.choice((3, 12, 40)))]
    names = ("Ana Ruiz", "Bo Li", "Cy Tan", "ana ruiz", "Di Oh")
    config = config_in(tmp_path)

    def dressed(s: Article) -> Article:
        return replace(s, authors=tuple(rng.sample(names, rng.randint(0, 2))), section=rng.choice(("world", "sport", "arts")),
                       tags=tuple(t.upper() if rng.random() < 0.4 else t for t in s.tags),
                       translation_key=rng.choice(("", "", "", "k1", "k2")))

    stories = {s.source: s for s in (dressed(random_story(rng, i, topics)) for i in range(200))}
    catalog, _ = build_catalog(list(stories.values()), [], [], [], config, LATER)
    # The plan made with the last one takes over its pages where nothing they show changed: short pages, many of them.
    (tmp_path / "paged").mkdir()
    (tmp_path / "paged" / "site.toml").write_text(f'title = "T"\nbase_url = "https://example.org/"\npage_size = {rng.choice((2, 3, 7))}\n'
                                                  f'page_numbering = "{rng.choice(("stable", "newest-first"))}"\n')
    paged = load_config(tmp_path / "paged")
    plan, _ = plan_site(catalog, paged, {}, LATER.now)
    made, updated = len(stories), 0
    for step in range(25):
        gone, came = [], []
        for _ in range(rng.randint(1, 4)):
            change = rng.choice(("add", "delete", "retag or move", "bylines", "status", "updated", "off the new topic"))
            if change == "off the new topic":  # its last stories: the topic goes
                for old in [a for a in stories.values() if "Topic new" in a.tags and a not in came]:
                    gone.append(stories.pop(old.source))
                    stories[old.source] = replace(old, tags=tuple(t for t in old.tags if t != "Topic new"))
                    came.append(stories[old.source])
                continue
            if change == "add":
                story = dressed(random_story(rng, made, topics))
                if rng.random() < 0.2:  # in a month no other story is in
                    story = replace(story, date=datetime(2021, rng.randint(1, 12), 5, tzinfo=timezone.utc))
                if rng.random() < 0.3:  # on a topic no other story is on (or few: it comes and goes)
                    story = replace(story, tags=(*story.tags, "Topic new"))
                if rng.random() < 0.2:  # by a byline new to the site, which its deletion takes away again
                    story = replace(story, authors=(*story.authors, f"Guest {made}"))
                made += 1
            else:
                source = rng.choice(sorted(stories))
                if any(a.source == source for a in gone + came):
                    continue
                old = stories.pop(source)
                gone.append(old)
                if change == "delete":
                    continue
                if change == "retag or move":
                    story = dressed(random_story(rng, int(source[6:9]), topics, title=old.title))
                elif change == "bylines":
                    story = replace(old, authors=tuple(rng.sample(names, rng.randint(0, 3))))
                elif change == "updated":  # in every list where it was, with a new last change
                    story = replace(old, updated=old.date + timedelta(hours=rng.randint(1, 3000)))
                else:
                    story = replace(old, draft=rng.random() < 0.5, expires=rng.choice((None, LATER.now - timedelta(days=1))),
                                    date=rng.choice((old.date, LATER.now + timedelta(days=3))))
            stories[story.source] = story
            came.append(story)
        fresh, fresh_problems = build_catalog(list(stories.values()), [], [], [], config, LATER)
        found = updated_catalog(catalog, gone, came, [], config, LATER)
        if found is None:  # a byline that now names another author: made whole
            catalog = fresh
            continue
        updated += 1
        previous, (catalog, problems) = catalog, found
        assert catalog == fresh, step
        # The fingerprints remake the entries of the stories _remade names: every other story's labels are as they were.
        digests_then = {a.source: repr(a) for a in [*previous.articles, *gone]}
        digests_now = {a.source: repr(a) for a in stories.values()}
        one_edition = SimpleNamespace(editions=(None,))
        last = SimpleNamespace(entries={"": b""}, digests=digests_then, catalog=previous, plan=one_edition, images={})
        remade = _remade(last, catalog, one_edition, digests_now, {})
        assert remade is not None and previous.by_source.keys() - catalog.by_source.keys() <= remade
        kept = catalog.by_source.keys() - remade
        assert all(catalog.labels(catalog.by_source[s]) == previous.labels(previous.by_source[s]) for s in kept), step
        plan, planned_problems = plan_site(catalog, paged, {}, LATER.now, previous=plan)
        assert (plan.pages, planned_problems) == (plan_site(catalog, paged, {}, LATER.now)[0].pages, []), step
        assert list(catalog.by_month) == list(fresh.by_month)  # in order: the archive page lists them so
        assert problems == fresh_problems
        held = [*catalog.articles, *catalog.expired, *(a for lists in (catalog.by_section, catalog.by_tag, catalog.by_author, catalog.by_month,
                                                                        catalog.related, catalog.translations) for items in lists.values() for a in items),
                *(a for pair in catalog.neighbours.values() for a in pair if a is not None)]
        assert all(a is stories[a.source] for a in held)
    assert updated >= 10
