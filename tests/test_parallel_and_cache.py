"""Parallel rendering and the build cache give exactly what a serial build from nothing gives."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest

from generator.build import SiteBuilder, build_site
from generator.cache import CACHE_DIR_NAME, load_state
from generator.config import load_config
from generator.content.model import BuildMode

from .conftest import NOW, drop_quick_check, output_contents, output_files, standby_is_twin, story

FILES = {
    f"content/{section}/story-{n}.md": story(
        title=f"Story {n} in {section}",
        date=f"2022-12-{1 + n % 9:02d}T{8 + n % 10:02d}:00:00",
        summary=f"Summary {n}.",
        tags=f"[Tag {n % 3}, Shared]",
        body=f"Body {n} links to [another](story-{(n + 1) % 6}.md).\n\n## A subhead\n\nMore text.\n",
    )
    for section in ("world", "business")
    for n in range(6)
}
FILES["content/world/extra.md"] = story(title="With extra", date="2022-12-05T10:00:00", body="Text.\n") .replace(
    "---\nText.", "extra:\n  desk: foreign\n  priority: [1, 2]\n---\nText."
)


# The same stories without links between them: moving `now` back schedules
# some, and a link to a scheduled story is rightly an error.
UNLINKED = {path: text.split(" links to ")[0] + ".\n" if " links to " in text else text for path, text in FILES.items()}


def _config(s, name):
    return load_config(s.root, output_dir=s.root / name)


def test_parallel_build_is_byte_identical_to_a_serial_one(site):
    s = site(FILES)
    serial = build_site(_config(s, "serial"), BuildMode(now=NOW), executor=None)
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
        parallel = build_site(_config(s, "parallel"), BuildMode(now=NOW), executor=pool)
    assert serial.rendered == parallel.rendered > 0
    assert output_files(s.root / "serial") == output_files(s.root / "parallel")


def test_workers_that_share_no_memory_prepare_the_build_themselves(site):
    """A spawned worker (like a cluster's) gets only the job, and still renders the same bytes."""
    s = site(FILES)
    build_site(_config(s, "serial"), BuildMode(now=NOW))
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        build_site(_config(s, "spawned"), BuildMode(now=NOW), executor=pool)
    assert output_files(s.root / "serial") == output_files(s.root / "spawned")


def test_extra_values_survive_the_cache(site):
    s = site(FILES)
    cache = s.root / CACHE_DIR_NAME
    SiteBuilder(_config(s, "out"), cache_dir=cache).build(BuildMode(now=NOW))
    state = load_state(cache)
    extras = [r.parsed.extra for r in state.files.values() if getattr(r.parsed, "title", "") == "With extra"]
    assert extras == [{"desk": "foreign", "priority": [1, 2]}]
    again = SiteBuilder(_config(s, "out"), cache_dir=cache).build(BuildMode(now=NOW))
    assert again.rendered == 0 and not again.write.wrote_anything


def test_the_states_stories_pages_and_ledger_entries_come_back_whole(site):
    """They pickle as their field values (generator/pickling.py): each comes
    back equal, with what __post_init__ worked out, and with an attribute
    dict like a constructed one's (same keys in the same order: shared keys)."""
    s = site(FILES)
    cache = s.root / CACHE_DIR_NAME
    SiteBuilder(_config(s, "out"), cache_dir=cache).build(BuildMode(now=NOW))
    model = load_state(cache).model
    made = {"story": model.catalog.articles, "page": model.plan.pages, "ledger entry": [e for _, e in model.ledger.entries]}
    for kind, records in made.items():
        assert len(records) > 5, kind
        back = pickle.loads(pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL))
        for record, again in zip(records, back, strict=True):
            constructed = replace(record)  # (the state's own records were unpickled too)
            assert type(again) is type(record) and list(vars(again).items()) == list(vars(constructed).items()), kind
            assert sys.getsizeof(vars(again)) == sys.getsizeof(vars(constructed)), f"a {kind} came back with a dict of its own keys"
    original = replace(model.catalog.articles[0], tags=("Tag 0", "tag 0", "Another"))
    assert pickle.loads(pickle.dumps(original)).tag_slugs == ("tag-0", "another")

def test_a_warm_build_after_a_template_edit_equals_a_cold_one(site):
    """Bodies come from the body store, pages re-render: same bytes as from nothing."""
    s = site(FILES)
    cache = s.root / CACHE_DIR_NAME
    SiteBuilder(_config(s, "warm"), cache_dir=cache).build(BuildMode(now=NOW))
    assert any((cache / "bodies").rglob("*")), "the body store was not written"
    s.write("layouts/partials/footer.html", "<footer><p>Our own footer</p></footer>\n")
    warm = SiteBuilder(_config(s, "warm"), cache_dir=cache).build(BuildMode(now=NOW))
    build_site(_config(s, "cold"), BuildMode(now=NOW))
    assert warm.rendered > 0
    assert output_files(s.root / "warm") == output_files(s.root / "cold")
    assert "Our own footer" in (s.root / "warm" / "index.html").read_text()


def test_a_stored_body_is_not_reused_when_its_link_target_moved(site):
    s = site(FILES)
    cache = s.root / CACHE_DIR_NAME
    SiteBuilder(_config(s, "warm"), cache_dir=cache).build(BuildMode(now=NOW))
    # story-1 links to story-2, whose date (and so URL) changes; story-1's own file does not.
    s.write("content/world/story-2.md", FILES["content/world/story-2.md"].replace("2022-12-03T10:00:00", "2022-12-08T10:00:00"))
    SiteBuilder(_config(s, "warm"), cache_dir=cache).build(BuildMode(now=NOW))
    build_site(_config(s, "cold"), BuildMode(now=NOW))
    assert output_files(s.root / "warm") == output_files(s.root / "cold")
    page = (s.root / "warm" / "world/2022/12/02/story-1/index.html").read_text()
    assert "08/story-2/" in page and "03/story-2/" not in page


def test_a_headline_edit_takes_the_body_from_the_store_a_body_edit_renders_it(site, monkeypatch):
    """The store is keyed by the body's own text: front matter around it does not make Markdown run again."""
    from generator.content.markdown import MarkdownRenderer

    s = site(FILES)
    cache = s.root / CACHE_DIR_NAME
    SiteBuilder(_config(s, "warm"), cache_dir=cache).build(BuildMode(now=NOW))
    rendered = []
    real = MarkdownRenderer.render
    monkeypatch.setattr(MarkdownRenderer, "render", lambda self, text, context=None: rendered.append(text) or real(self, text, context))
    original = FILES["content/world/story-1.md"]
    s.write("content/world/story-1.md", original.replace("title: Story 1 in world", "title: Story 1 in world, corrected"))
    headline = SiteBuilder(_config(s, "warm"), cache_dir=cache).build(BuildMode(now=NOW))
    assert headline.rendered > 0 and rendered == []
    page = (s.root / "warm" / "world/2022/12/02/story-1/index.html").read_text()
    assert "Story 1 in world, corrected" in page
    s.write("content/world/story-1.md", original.replace("title: Story 1 in world", "title: Story 1 in world, corrected") + "A new paragraph.\n")
    SiteBuilder(_config(s, "warm"), cache_dir=cache).build(BuildMode(now=NOW))
    assert len(rendered) == 1 and "A new paragraph." in rendered[0]
    build_site(_config(s, "cold"), BuildMode(now=NOW))
    assert output_files(s.root / "warm") == output_files(s.root / "cold")


# ---- the no-change fast path: it must never hide a change ---------------------

def _cached(s, now=NOW, **mode):
    return SiteBuilder(_config(s, "out"), cache_dir=s.root / CACHE_DIR_NAME).build(BuildMode(now=now, **mode))


def test_nothing_to_do_when_nothing_changed(site):
    s = site(FILES)
    _cached(s)
    before = {p: p.stat().st_mtime_ns for p in (s.root / "out").rglob("*") if p.is_file()}
    again = _cached(s)
    assert again.rendered == 0 and not again.write.wrote_anything
    assert {p: p.stat().st_mtime_ns for p in (s.root / "out").rglob("*") if p.is_file()} == before


def test_a_scheduled_story_coming_due_is_published(site):
    s = site({**FILES, "content/world/later.md": story(title="Later", date="2022-12-13T09:00:00", body="Soon.\n")})
    _cached(s)
    assert not (s.root / "out/world/2022/12/13/later/index.html").exists()
    _cached(s, now=NOW.replace(day=13, hour=10))
    assert (s.root / "out/world/2022/12/13/later/index.html").exists()


def test_an_earlier_now_hides_a_story_again(site):
    s = site(UNLINKED)
    _cached(s)
    assert (s.root / "out/world/2022/12/03/story-2/index.html").exists()
    _cached(s, now=NOW.replace(day=2, hour=8))
    assert not (s.root / "out/world/2022/12/03/story-2/index.html").exists()


def test_a_story_leaving_the_news_window_leaves_the_news_sitemap(site):
    s = site(UNLINKED)
    # world/story-2 is dated 3 December, 10:00.
    _cached(s, now=NOW.replace(day=3, hour=20))
    assert "world/2022/12/03/story-2/" in (s.root / "out/news-sitemap.xml").read_text()
    _cached(s, now=NOW.replace(day=5, hour=11))
    assert "world/2022/12/03/story-2/" not in (s.root / "out/news-sitemap.xml").read_text()


def test_a_damaged_output_file_is_rebuilt(site):
    s = site(FILES)
    _cached(s)
    page = s.root / "out/index.html"
    original = page.read_bytes()
    page.write_bytes(b"broken")
    _cached(s)
    assert page.read_bytes() == original


def test_a_layout_edit_or_a_flag_is_not_skipped(site):
    s = site(FILES)
    _cached(s)
    s.write("layouts/partials/footer.html", "<footer><p>Changed footer</p></footer>\n")
    assert _cached(s).rendered > 0
    assert "Changed footer" in (s.root / "out/index.html").read_text()
    assert _cached(s).write.wrote_anything is False


# ---- the commit: output/ exchanged with its standby -----------------------------

def test_an_edit_changes_only_its_files_and_the_standby_catches_up(site, monkeypatch):
    from generator import write

    s = site(FILES)
    _cached(s)
    out = s.root / "out"
    assert not write.standby_path(out).exists(), "the first build made a standby: a one-off build pays for nothing it does not use"
    before = {p.relative_to(out): (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    swaps = []
    real = write._exchange
    monkeypatch.setattr(write, "_exchange", lambda new, current: swaps.append(new) or real(new, current))
    s.write("content/world/story-3.md", FILES["content/world/story-3.md"].replace("Body 3", "Body three"))
    result = _cached(s)
    assert swaps == [out.with_name(".out-next")], "the edit was not committed by one exchange with the standby"
    # The search index is made anew, its files named by their content: the pages are what must stay put.
    index = {p for p in set(before) | {Path(rel) for rel in result.write.changed} if p.parts[0] == "pagefind"}
    changed = {Path(rel) for rel in result.write.changed} - index
    assert changed and changed <= set(before) and len(changed) < len(before) / 2
    after = {p.relative_to(out): (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    assert {p: v for p, v in after.items() if p not in changed | index} == {p: v for p, v in before.items() if p not in changed | index}
    assert standby_is_twin(out), "the standby did not catch up with the new output"
    assert not write.pending_path(out).exists()
    build_site(_config(s, "cold"), BuildMode(now=NOW))
    assert output_files(out) == output_files(s.root / "cold")


def test_a_build_that_writes_nothing_makes_no_standby(site):
    """The standby is made when a build first writes into an existing
    output/: one that finds nothing to write (a second build from nothing)
    does not pay for it (20 s at 100,000 stories)."""
    from generator import write

    s = site(FILES)
    out = s.root / "out"
    _cached(s)
    drop_quick_check(s.root / CACHE_DIR_NAME)  # no shortcut: the build looks at every page
    again = _cached(s)
    assert again.rendered == 0 and not again.write.wrote_anything
    assert not write.standby_path(out).exists() and not write.pending_path(out).exists()
    s.write("content/world/story-3.md", FILES["content/world/story-3.md"].replace("Body 3", "Body three"))
    edited = _cached(s)
    assert edited.write.changed and standby_is_twin(out) and not write.pending_path(out).exists()
    build_site(_config(s, "cold"), BuildMode(now=NOW))
    assert output_files(out) == output_files(s.root / "cold")


def test_a_build_that_writes_nothing_leaves_the_standby_unread(site, monkeypatch):
    """A build that looks at every page (a story's file touched, its bytes
    the same) and finds nothing to write commits nothing, and leaves the
    standby as the twin it was: comparing the two trees again cost 23 s at
    100,000 stories."""
    from generator import write

    s = site(FILES)
    out = s.root / "out"
    _cached(s)
    s.write("content/world/story-3.md", FILES["content/world/story-3.md"].replace("Body 3", "Body three"))
    _cached(s)
    assert standby_is_twin(out)
    os.utime(s.root / "content/world/story-3.md")
    compared = []
    real = write.mirror
    monkeypatch.setattr(write, "mirror", lambda *args: compared.append(args) or real(*args))
    again = _cached(s)
    assert again.rendered == 0 and not again.write.wrote_anything
    assert compared == [] and standby_is_twin(out) and not write.pending_path(out).exists()


def _settled(site):
    """The test site, its files written long before any build, as a newsroom's are: their stats are trusted."""
    s = site(FILES)
    for path in s.root.rglob("*"):
        os.utime(path, (time.time() - 3600, time.time() - 3600))
    return s


def _newsgen_build(s):
    return SiteBuilder(_config(s, "out"), cache_dir=s.root / CACHE_DIR_NAME, record_urls=True).build(BuildMode(now=NOW))


def _counting_preparations(monkeypatch) -> list:
    """A list each build from now on that does not find nothing to do adds to."""
    prepared: list = []
    real = SiteBuilder.prepare
    monkeypatch.setattr(SiteBuilder, "prepare", lambda self, *args, **kwargs: prepared.append(1) or real(self, *args, **kwargs))
    return prepared


def _same_size_edit(path, old: bytes, new: bytes) -> None:
    """An edit that keeps the file's size, mtime and inode: only its bytes tell."""
    stat, data = path.stat(), path.read_bytes()
    with open(path, "r+b") as file:
        file.write(data.replace(old, new, 1))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_mtime_ns == stat.st_mtime_ns and path.stat().st_ino == stat.st_ino


def test_the_url_ledger_a_build_wrote_leaves_the_next_nothing_to_do(site, monkeypatch):
    """`newsgen build` writes urls.toml after it began, so its stat is too
    recent to vouch for it: the bytes it wrote do. Before, every build that
    changed the ledger (the first one, a story added) made the next
    no-change build a full one (32 s at 100,000 stories)."""
    s = _settled(site)
    ledger = s.root / "urls.toml"
    _newsgen_build(s)
    assert ledger.is_file()
    prepared = _counting_preparations(monkeypatch)
    again = _newsgen_build(s)
    assert again.rendered == 0 and prepared == [], "the build after the one that wrote the ledger did not find nothing to do"
    _same_size_edit(ledger, b"# newsgen", b"# NEWSGEN")
    _newsgen_build(s)
    assert prepared == [1], "an edit of the ledger went unseen"


def test_the_url_ledger_stays_vouched_for_by_a_build_that_did_not_write_it(site, monkeypatch):
    """A build started within the timestamp slack of the ledger's writing,
    which leaves the ledger as it is, still lets the next find nothing to do."""
    s = _settled(site)
    _newsgen_build(s)
    story = s.root / "content/world/story-3.md"
    s.write("content/world/story-3.md", FILES["content/world/story-3.md"].replace("Body 3", "Body three"))
    os.utime(story, (time.time() - 1800, time.time() - 1800))
    assert _newsgen_build(s).rendered > 0
    prepared = _counting_preparations(monkeypatch)
    again = _newsgen_build(s)
    assert again.rendered == 0 and prepared == [], "the ledger, written just before the last build began, was not vouched for"


def test_a_story_saved_just_before_a_build_leaves_the_next_nothing_to_do(site, monkeypatch):
    """An editor saves a story and runs `newsgen build` at once: the story's
    stat is then too recent to vouch for it, but the bytes the build read
    do, and the next build with nothing changed does nothing. Before, that
    next build was a full one (8 s at 100,000 stories, against 2)."""
    s = _settled(site)
    _newsgen_build(s)
    story = s.root / "content/world/story-3.md"
    s.write("content/world/story-3.md", FILES["content/world/story-3.md"].replace("Body 3", "Body three"))
    assert _newsgen_build(s).rendered > 0  # begun within the slack of the save
    prepared = _counting_preparations(monkeypatch)
    again = _newsgen_build(s)
    assert again.rendered == 0 and prepared == [], "a story saved just before the last build was not vouched for by its bytes"
    _same_size_edit(story, b"Body three", b"Body THREE")
    assert _newsgen_build(s).rendered > 0 and prepared == [1], "an edit of the story went unseen"
    assert any(b"Body THREE" in data for data in output_contents(s.root / "out").values())


def test_a_build_stopped_while_writing_leaves_the_output_and_the_next_restores_the_standby(site, monkeypatch):
    from generator import write

    s = site(FILES)
    _cached(s)
    out = s.root / "out"
    old = output_contents(out)
    s.write("content/world/story-3.md", FILES["content/world/story-3.md"].replace("Summary 3.", "Summary three."))
    real_replace, moves = write.os.replace, []

    def killed_after_two_moves(source, target):
        if len(moves) == 2:
            raise KeyboardInterrupt("killed")
        moves.append(target)
        real_replace(source, target)

    monkeypatch.setattr(write.os, "replace", killed_after_two_moves)
    with pytest.raises(KeyboardInterrupt):
        _cached(s)
    monkeypatch.setattr(write.os, "replace", real_replace)
    assert len(moves) == 2 and write.pending_path(out).exists(), "the stop did not land while the standby was written"
    assert output_contents(out) == old, "output/ changed before the exchange"
    assert not standby_is_twin(out)
    _cached(s)
    assert standby_is_twin(out) and not write.pending_path(out).exists()
    build_site(_config(s, "cold"), BuildMode(now=NOW))
    assert output_files(out) == output_files(s.root / "cold")
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".out-")] == [".out-next"]


def test_a_workers_recent_values_stay_bounded_and_drop_the_least_recently_used():
    from generator.recent import Recent

    recent: Recent[str, int] = Recent(3)
    made: list[str] = []

    def make(key: str):
        return lambda: made.append(key) or len(made)

    for key in "abc":
        recent.get(key, make(key))
    assert recent.get("a", make("a")) == 1  # kept, and now the most recent
    recent.get("d", make("d"))  # drops "b", the least recently used
    assert "b" not in recent and all(k in recent for k in "acd")
    recent.get("b", make("b"))
    assert made == ["a", "b", "c", "d", "b"]
    assert len(recent._values) == 3
