"""The watcher (generator/watch.py) on real folders, and the whole dev loop
(generator/preview.py): change a file on disk, see the served folder follow.

Asynchronous effects are awaited by polling with a generous deadline, never
by sleeping for a guessed time and never by asserting how long they took.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
import urllib.request
from pathlib import Path
from typing import Callable

import pytest

from generator.preview import Preview
from generator.watch import ChangeKind, ChangeSet, SiteWatcher, relevant

from .conftest import story

WAIT = 10.0  # seconds: the longest any single change may take to show
BURST_WAIT = 60.0  # seconds: 200 new stories, built once


def wait_until(condition: Callable[[], object], timeout: float = WAIT, what: str = "the condition") -> object:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout:g} s")
        time.sleep(0.02)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---- SiteWatcher on its own ------------------------------------------------

class Recorder:
    """An on_change that records every ChangeSet it is given."""

    def __init__(self) -> None:
        self.calls: list[ChangeSet] = []
        self.lock = threading.Lock()

    def __call__(self, changes: ChangeSet) -> None:
        with self.lock:
            self.calls.append(changes)

    def seen(self) -> set[str]:
        with self.lock:
            return set().union(*(c.paths for c in self.calls))

    def wait_for(self, *paths: str, timeout: float = WAIT) -> set[str]:
        wait_until(lambda: set(paths) <= self.seen(), timeout, f"a change event for {', '.join(paths)}")
        return self.seen()


@pytest.fixture
def watched(site):
    """start(site, poll=False, on_change=None) → (watcher, recorder); stopped at the end."""
    started: list[SiteWatcher] = []

    def start(s=None, *, poll: bool = False, on_change=None):
        s = s or site({
            "content/world/a.md": story("A"),
            "layouts/partials/footer.html": "<footer>Ours</footer>\n",
            "static/extra.css": "body { color: red }\n",
        })
        recorder = Recorder()
        watcher = SiteWatcher(s.root, on_change or recorder, poll=poll)
        watcher.start()
        started.append(watcher)
        return s, watcher, recorder

    yield start
    for watcher in started:
        watcher.stop()


def settle_sentinel(s, recorder: Recorder, name: str = "sentinel") -> set[str]:
    """Write one real source after the changes under test and wait for it:
    the watcher has then seen everything before it (events come in order)."""
    rel = f"content/world/{name}.md"
    write(s.root / rel, story(name))
    return recorder.wait_for(rel)


@pytest.mark.parametrize("poll", [False, True], ids=["inotify", "poll"])
def test_an_edit_is_seen(watched, poll):
    s, _, recorder = watched(poll=poll)
    write(s.root / "content/world/a.md", story("A, edited"))
    seen = recorder.wait_for("content/world/a.md")
    assert seen <= {"content/world/a.md", "content/world"}


@pytest.mark.parametrize("poll, temp", [
    *((False, t) for t in (".a.md.swp", "a.md.tmp~", "a.md~", ".#a.md", "a.md___jb_tmp___", "4913", "a.md.tmp")),
    (True, ".a.md.swp"),
    (True, "a.md.tmp~"),
], ids=lambda v: {False: "inotify", True: "poll"}.get(v, v) if isinstance(v, bool) else v)
def test_a_save_by_rename_is_seen_as_the_file_only(watched, poll, temp):
    s, _, recorder = watched(poll=poll)
    scratch = write(s.root / "content/world" / temp, story("A, saved by rename"))
    os.replace(scratch, s.root / "content/world/a.md")
    seen = recorder.wait_for("content/world/a.md")
    settle_sentinel(s, recorder)
    seen = recorder.seen()
    assert f"content/world/{temp}" not in seen
    assert seen <= {"content/world/a.md", "content/world/sentinel.md", "content/world"}


@pytest.mark.parametrize("poll", [False, True], ids=["inotify", "poll"])
def test_create_delete_and_rename_are_seen(watched, poll):
    s, _, recorder = watched(poll=poll)
    write(s.root / "content/world/b.md", story("B"))
    recorder.wait_for("content/world/b.md")
    (s.root / "content/world/b.md").unlink()
    os.rename(s.root / "content/world/a.md", s.root / "content/world/c.md")
    recorder.wait_for("content/world/a.md", "content/world/c.md")
    with recorder.lock:
        recorder.calls.clear()
    (s.root / "content/world/c.md").unlink()
    recorder.wait_for("content/world/c.md")


def test_layouts_static_and_config_changes_are_seen_with_their_kinds(watched):
    s, _, recorder = watched()
    write(s.root / "layouts/partials/footer.html", "<footer>Changed</footer>\n")
    write(s.root / "static/extra.css", "body { color: blue }\n")
    write(s.root / "site.toml", (s.root / "site.toml").read_text() + 'tagline = "News"\n')
    recorder.wait_for("layouts/partials/footer.html", "static/extra.css", "site.toml")
    kinds = set().union(*(c.kinds for c in recorder.calls))
    assert {ChangeKind.LAYOUTS, ChangeKind.STATIC, ChangeKind.CONFIG} <= kinds


def test_a_new_subfolder_of_content_is_watched(watched):
    s, _, recorder = watched()
    write(s.root / "content/science/first.md", story("First in science"))
    recorder.wait_for("content/science/first.md")
    write(s.root / "content/science/second.md", story("Second in science"))
    recorder.wait_for("content/science/second.md")


def test_a_static_folder_made_after_start_is_watched(watched, site):
    s = site({"content/world/a.md": story("A")})
    s, _, recorder = watched(s)
    (s.root / "static").mkdir()
    write(s.root / "static/style.css", "body { color: green }\n")
    wait_until(lambda: any(p == "static" or p.startswith("static/") for p in recorder.seen()), what="an event for static/")
    write(s.root / "static/style.css", "body { color: purple }\n")
    recorder.wait_for("static/style.css")


@pytest.mark.parametrize("folder", ["layouts", "static"])
def test_a_folder_removed_and_made_again_is_still_watched(watched, folder):
    """e.g. `git checkout` of a branch without layouts/, and back again."""
    s, _, recorder = watched()
    rel = "layouts/partials/footer.html" if folder == "layouts" else "static/extra.css"
    shutil.rmtree(s.root / folder)
    wait_until(lambda: folder in recorder.seen() or rel in recorder.seen(), what=f"an event for the removed {folder}/")
    write(s.root / rel, "made again\n")
    wait_until(lambda: len(recorder.calls) >= 2 and any(p in (folder, rel) for p in recorder.calls[-1].paths),
               what=f"an event for the new {folder}/")
    with recorder.lock:
        recorder.calls.clear()
    write(s.root / rel, "edited in the new folder\n")
    recorder.wait_for(rel)


def test_a_section_folder_removed_at_once_is_seen(watched):
    s, _, recorder = watched()
    write(s.root / "content/science/one.md", story("One"))
    write(s.root / "content/science/two.md", story("Two"))
    recorder.wait_for("content/science/one.md", "content/science/two.md")
    with recorder.lock:
        recorder.calls.clear()
    shutil.rmtree(s.root / "content/science")
    wait_until(lambda: recorder.seen() & {"content/science", "content/science/one.md"}, what="an event for the removed folder")


LEFTOVERS = [
    "content/world/.a.md.swp",
    "content/world/.a.md.swx",
    "content/world/a.md~",
    "content/world/#a.md#",
    "content/world/.#a.md",
    "content/world/4913",
    "content/world/a.md___jb_tmp___",
    "content/world/a.md___jb_old___",
    "content/world/.hidden.md",
    "content/.DS_Store",
    "content/.git/HEAD",
    "content/world/.drafts/x.md",
    "layouts/.article.html.swp",
    "layouts/article.html~",
    "static/.style.css.swp",
    "static/#style.css#",
    ".site.toml.swp",
    "site.toml~",
    "output/index.html",
    "output/world/index.html",
    ".newsgen-cache/serve/index.html",
    ".newsgen-cache/state.sqlite",
    ".newsgen-cache/state.sqlite-journal",
    ".git/index",
    "README.md",
    "notes.txt",
]


@pytest.mark.parametrize("poll", [False, True], ids=["inotify", "poll"])
def test_leftovers_hidden_files_output_and_cache_cause_no_change(watched, site, poll):
    s = site({"content/world/a.md": story("A"), "layouts/base.html": "x", "static/style.css": "x",
              "output/index.html": "old", ".newsgen-cache/serve/index.html": "old"})
    s, _, recorder = watched(s, poll=poll)
    for rel in LEFTOVERS:
        write(s.root / rel, "scratch\n")
    for rel in LEFTOVERS:  # and again, as an editor does while typing
        write(s.root / rel, "scratch, more\n")
    for rel in ("content/world/a.md~", "content/world/#a.md#", "output/index.html"):
        (s.root / rel).unlink()
    seen = settle_sentinel(s, recorder)
    assert seen <= {"content/world/sentinel.md", "content/world"}, f"unexpected events: {sorted(seen)}"
    with recorder.lock:
        assert all(c.paths for c in recorder.calls), "on_change was called with an empty ChangeSet"


def test_relevant():
    assert relevant("content/world/a.md")
    assert relevant("layouts/article.html")
    assert relevant("static/style.css")
    assert relevant("site.toml")
    for rel in LEFTOVERS:
        assert not relevant(rel), rel


def test_a_burst_is_coalesced(watched):
    s, _, recorder = watched()
    for i in range(200):
        write(s.root / f"content/world/burst-{i:03d}.md", story(f"Burst {i}"))
    wanted = {f"content/world/burst-{i:03d}.md" for i in range(200)}
    wait_until(lambda: wanted <= recorder.seen(), BURST_WAIT, "events for all 200 files")
    assert len(recorder.calls) <= 2, f"{len(recorder.calls)} calls for one burst"


def test_changes_during_a_slow_callback_are_not_lost(watched):
    """on_change is the rebuild: while it runs, new edits queue for the next call."""
    calls: list[ChangeSet] = []
    inside = threading.Event()
    release = threading.Event()

    def slow(changes: ChangeSet) -> None:
        calls.append(changes)
        if len(calls) == 1:
            inside.set()
            release.wait(timeout=30)

    s, watcher, _ = watched(on_change=slow)
    write(s.root / "content/world/a.md", story("A, first edit"))
    assert inside.wait(timeout=WAIT), "the first change never reached on_change"
    # The "build" is running now: change two files, one of them the same as before.
    write(s.root / "content/world/b.md", story("B, written during the build"))
    write(s.root / "content/world/a.md", story("A, second edit during the build"))
    # Both reach the watcher while the callback is still busy.
    wait_until(lambda: {"content/world/a.md", "content/world/b.md"} <= set(watcher._pending), what="the events during the callback")
    release.set()
    wait_until(lambda: len(calls) >= 2, what="a second on_change call")
    later = set().union(*(c.paths for c in calls[1:]))
    assert {"content/world/b.md", "content/world/a.md"} <= later
    assert "content/world/a.md" in calls[0].paths


def test_stop_ends_the_watcher(watched):
    s, watcher, recorder = watched()
    watcher.stop()
    write(s.root / "content/world/a.md", story("after stop"))
    assert not watcher._thread.is_alive()


# ---- ChangeSet -------------------------------------------------------------

@pytest.mark.parametrize("paths, css_only", [
    ({"static/style.css"}, True),
    ({"static/style.css", "static/print.css"}, True),
    ({"static/css/site.css"}, True),
    ({"static/style.css", "content/world/a.md"}, False),
    ({"static/style.css", "static/logo.svg"}, False),
    ({"static/logo.svg"}, False),
    ({"static/app.js"}, False),
    ({"layouts/style.css"}, False),
    ({"content/style.css"}, False),
    ({"content/world/a.md"}, False),
    ({"site.toml"}, False),
    (set(), False),
])
def test_css_only(paths, css_only):
    assert ChangeSet(frozenset(paths)).css_only is css_only


def test_kinds_and_describe():
    changes = ChangeSet(frozenset({"content/world/a.md", "layouts/base.html", "static/x.css", "site.toml"}))
    assert changes.kinds == {ChangeKind.CONTENT, ChangeKind.LAYOUTS, ChangeKind.STATIC, ChangeKind.CONFIG}
    assert changes.describe(limit=2) == "content/world/a.md, layouts/base.html and 2 more"


def test_a_real_css_save_is_css_only(watched):
    s, _, recorder = watched()
    write(s.root / "static/extra.css", "body { color: blue }\n")
    recorder.wait_for("static/extra.css")
    assert all(c.css_only for c in recorder.calls)


# ---- the whole dev loop ----------------------------------------------------

PAGE_A = "world/2022/12/09/harbour-fire/index.html"


@pytest.fixture
def preview(site):
    """start(poll=False) → (Preview, Site, served folder); stopped at the end."""
    running: list[Preview] = []

    def start(poll: bool = False, files: dict | None = None):
        s = site(files or {
            "content/world/harbour-fire.md": story("Fire in the harbour"),
            "content/world/bridge.md": story("A bridge reopens", date="2022-12-08T09:00:00"),
        })
        messages: list[str] = []
        p = Preview(s.root, port=0, poll=poll, say=messages.append)
        p.messages = messages
        url = p.start()
        running.append(p)
        p.url = url
        return p, s, p.config.output_dir

    yield start
    for p in running:
        p.stop()


def read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError):
        return None


def wait_for_text(path: Path, text: str, timeout: float = WAIT) -> None:
    wait_until(lambda: text in (read(path) or ""), timeout, f"{text!r} in {path.name}")


def wait_for_builds(p: Preview, count: int, timeout: float = WAIT) -> None:
    wait_until(lambda: p.builds >= count, timeout, f"{count} builds")


def test_preview_builds_serves_and_uses_port_0(preview):
    p, s, folder = preview()
    assert folder == s.root / ".newsgen-cache" / "serve"
    assert "Fire in the harbour" in read(folder / PAGE_A)
    assert p.builds == 1
    port = p.server.server_address[1]
    assert port != 0
    assert p.url == f"http://127.0.0.1:{port}/news/"
    with urllib.request.urlopen(p.url + "world/2022/12/09/harbour-fire/", timeout=10) as response:
        assert response.status == 200
        assert b"Fire in the harbour" in response.read()
    assert not (s.root / "output").exists(), "the preview must never touch output/"


@pytest.mark.parametrize("poll", [False, True], ids=["inotify", "poll"])
def test_preview_follows_an_edit(preview, poll):
    p, s, folder = preview(poll=poll)
    write(s.root / "content/world/harbour-fire.md", story("Fire in the harbour is out"))
    wait_for_text(folder / PAGE_A, "Fire in the harbour is out")
    wait_for_text(folder / "index.html", "Fire in the harbour is out")
    # and it is what the server sends
    with urllib.request.urlopen(p.url + "world/2022/12/09/harbour-fire/", timeout=10) as response:
        assert b"Fire in the harbour is out" in response.read()


def test_preview_follows_a_new_story(preview):
    p, s, folder = preview()
    write(s.root / "content/world/new-mayor.md", story("A new mayor", date="2022-12-10T08:00:00"))
    wait_for_text(folder / "world/2022/12/10/new-mayor/index.html", "A new mayor")
    wait_for_text(folder / "world/index.html", "A new mayor")


def test_preview_follows_a_deleted_story(preview):
    p, s, folder = preview()
    (s.root / "content/world/bridge.md").unlink()
    page = folder / "world/2022/12/08/bridge/index.html"
    wait_until(lambda: not page.exists(), what="the deleted story's page to go")
    wait_until(lambda: "A bridge reopens" not in read(folder / "index.html"), what="the front page to drop the story")
    # The commit removes the file, then the folder it emptied: a moment apart.
    wait_until(lambda: not page.parent.exists(), what="the emptied folder to go (it stays behind)")


def test_preview_follows_a_rename(preview):
    p, s, folder = preview()
    os.rename(s.root / "content/world/harbour-fire.md", s.root / "content/world/port-blaze.md")
    wait_for_text(folder / "world/2022/12/09/port-blaze/index.html", "Fire in the harbour")
    wait_until(lambda: not (folder / PAGE_A).exists(), what="the old URL to go")


@pytest.mark.parametrize("poll", [False, True], ids=["inotify", "poll"])
@pytest.mark.parametrize("temp", [".harbour-fire.md.swp", "harbour-fire.md.tmp~"])
def test_preview_follows_a_save_by_rename(preview, poll, temp):
    p, s, folder = preview(poll=poll)
    scratch = write(s.root / "content/world" / temp, story("Saved the vim way"))
    os.replace(scratch, s.root / "content/world/harbour-fire.md")
    wait_for_text(folder / PAGE_A, "Saved the vim way")
    leftovers = [f.relative_to(folder).as_posix() for f in folder.rglob("*") if "swp" in f.name or "tmp" in f.name]
    assert not leftovers
    assert all("failed" not in m for m in p.messages), p.messages


def test_preview_ignores_leftovers(preview):
    p, s, folder = preview()
    before = p.builds
    for rel in LEFTOVERS:
        if rel.startswith(".newsgen-cache/serve/"):
            rel = ".newsgen-cache/serve/scratch.txt"  # not over a file the preview serves
        write(s.root / rel, "scratch\n")
    # A real change after them: by the time it shows, the leftovers were seen too.
    write(s.root / "content/world/harbour-fire.md", story("Fire in the harbour, later"))
    wait_for_text(folder / PAGE_A, "Fire in the harbour, later")
    wait_for_builds(p, before + 1)
    # Nothing more may follow: not the leftovers, and not the preview's own writes.
    time.sleep(p.watcher.longest_wait)
    assert p.builds == before + 1, p.messages
    assert all("failed" not in m for m in p.messages), p.messages
    assert not (folder / "README.md").exists() and not (folder / "notes.txt").exists()


def test_a_burst_of_200_new_stories_is_at_most_two_builds(preview):
    p, s, folder = preview()
    before = p.builds
    for i in range(200):  # like a git checkout
        write(s.root / f"content/world/burst-{i:03d}.md", story(f"Burst story {i}", date="2022-12-07T10:00:00"))
    pages = [folder / f"world/2022/12/07/burst-{i:03d}/index.html" for i in range(200)]
    wait_until(lambda: all(page.exists() for page in pages), BURST_WAIT, "all 200 pages")
    for i, page in enumerate(pages):
        assert f"Burst story {i}" in read(page)
    # Let any rebuild still queued happen before counting.
    wait_until(lambda: p.watcher is not None and not p.watcher._pending, WAIT, "the watcher to drain")
    time.sleep(p.watcher.longest_wait + p.watcher.quiet)
    assert p.builds - before <= 2, f"{p.builds - before} builds for one burst: {p.messages}"


def test_preview_survives_a_broken_story_and_recovers(preview):
    p, s, folder = preview()
    good = read(folder / PAGE_A)
    before = p.builds
    write(s.root / "content/world/harbour-fire.md", "---\ntitle: Broken\ndate: 2022-12-09T10:00:00\nNo closing line.\n")
    wait_for_builds(p, before + 1)
    assert read(folder / PAGE_A) == good, "a failed build must leave the last good files"
    assert p.server.state.errors and "harbour-fire.md" in p.server.state.errors[0]
    write(s.root / "content/world/harbour-fire.md", story("Fixed headline"))
    wait_for_text(folder / PAGE_A, "Fixed headline")
    wait_until(lambda: p.server.state.errors == (), what="the errors to clear")


def test_preview_follows_a_layout_and_config_change(preview):
    p, s, folder = preview()
    write(s.root / "layouts/partials/footer.html", "<footer>Our own footer</footer>\n")
    wait_for_text(folder / PAGE_A, "Our own footer")
    config = s.root / "site.toml"
    config.write_text(config.read_text().replace("The Test Gazette", "The Evening Gazette"), encoding="utf-8")
    wait_for_text(folder / PAGE_A, "The Evening Gazette")


def test_preview_css_change_is_css_only(preview):
    p, s, folder = preview(files={"content/world/harbour-fire.md": story("Fire"), "static/extra.css": "a { color: red }\n"})
    events: list[bool] = []
    original = p.server.site_changed
    p.server.site_changed = lambda css_only=False: (events.append(css_only), original(css_only))
    write(s.root / "static/style.css", "body { background: #123 }\n")
    wait_for_text(folder / "static/style.css", "background: #123")
    wait_until(lambda: events, what="the tabs to be told")
    assert events == [True]


def test_preview_follows_an_edit_of_the_url_ledger_but_not_its_own_writes(preview):
    """A [moved] line added to urls.toml did not show in the preview: the
    watcher read only site.toml and content/, layouts/, static/. The build
    writes the ledger itself (a story's URL changed): that is no edit to
    build again for."""
    p, s, folder = preview()
    ledger = s.root / "urls.toml"
    before = p.builds
    write(s.root / "content/world/harbour-fire.md", story("Fire in the harbour", slug="port-blaze"))
    wait_for_text(ledger, "/world/2022/12/09/port-blaze/")
    wait_until(lambda: p.builds == before + 1 and not p.watcher._pending, what="the rebuild to end")
    time.sleep(p.watcher.longest_wait + p.watcher.quiet)
    assert p.builds == before + 1, p.messages  # not again for the ledger it wrote
    assert p.server.redirects["/news/world/2022/12/09/harbour-fire/"] == ("/news/world/2022/12/09/port-blaze/", 301)
    write(ledger, ledger.read_text(encoding="utf-8") + '\n[moved]\n"/old/fire/" = "/world/2022/12/09/port-blaze/"\n')
    wait_for_text(folder / "old/fire/index.html", "/world/2022/12/09/port-blaze/")
    wait_until(lambda: p.server.redirects.get("/news/old/fire/") == ("/news/world/2022/12/09/port-blaze/", 301),
               what="the server to answer the old URL")
    assert all("failed" not in m for m in p.messages), p.messages


def test_a_rebuild_that_changed_one_file_says_one_file(preview):
    """A stylesheet edit said "0 of 39 pages rendered, 1 files changed"."""
    p, s, folder = preview(files={"content/world/harbour-fire.md": story("Fire in the harbour"), "static/site.css": "body {}\n"})
    write(s.root / "static/site.css", "body { color: green }\n")
    wait_until(lambda: any("static/site.css" in m and " changed in " in m for m in p.messages), what="the rebuild's line")
    said = next(m for m in p.messages if "static/site.css" in m)
    assert "1 file changed" in said and "1 files" not in said, said
