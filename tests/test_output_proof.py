"""The cache never describes an output that is not there.

Whatever happened to output/ between two builds (a --no-cache build, a
build killed after its commit and before it saved its cache, a commit
finished from a dead build's journal, another tool writing or adding files),
the next build's output equals a build from nothing, byte for byte. The state
proves which output it describes by each file's (size, mtime, inode) and each
folder's mtime as the build left them.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator import write
from generator import build as build_module
from generator.build import SiteBuilder, build_site
from generator.cache import Stamps, load_quick
from generator.content.model import BuildMode

from .conftest import NOW, output_contents, story
from .test_incremental import assert_same_tree

MODE = BuildMode(now=NOW)
STORY = "content/world/harbour.md"


def after_a_clock_tick() -> None:
    """File times come from a coarse clock (a few milliseconds): a file
    rewritten in place within one tick of the build's write keeps its mtime
    and inode, as no real second tool manages; the tests wait that long."""
    time.sleep(0.05)


def cached_build(s):
    return SiteBuilder(s.config(), cache_dir=s.root / ".newsgen-cache").build(MODE)


def cold_build(s, tmp_path, name: str):
    folder = tmp_path / name
    build_site(s.config(output_dir=folder), MODE)
    return folder


def a_site(site):
    return site({
        STORY: story("Fire in the harbour"),
        "content/world/bridge.md": story("A bridge reopens", date="2022-12-08T09:00:00", tags="[Transport]"),
        "content/politics/vote.md": story("Council vote", date="2022-12-07T09:00:00"),
    })


def test_an_undone_edit_after_a_no_cache_build_heals(site, tmp_path):
    """Build; change one letter; build --no-cache; undo it; build: the undone letter is gone everywhere."""
    s = a_site(site)
    cached_build(s)
    s.write(STORY, story("Fire in the harbouR"))
    SiteBuilder(s.config()).build(MODE)  # --no-cache
    s.write(STORY, story("Fire in the harbour"))
    result = cached_build(s)
    assert result.rendered > 0
    assert_same_tree(s.output, cold_build(s, tmp_path, "cold"), "an undone edit after --no-cache")


@pytest.mark.parametrize("killed_in", ["save the state", "the standby's catch-up", "the exchange"])
def test_a_build_killed_around_its_commit_does_not_leave_a_stale_output(site, tmp_path, monkeypatch, killed_in):
    """Killed just before or after output/ is exchanged with its standby, or
    before saving the cache: output/ is whole (old or new), and the next
    build, after the edit is undone, equals a build from nothing, new pages
    the dead build added included."""
    s = a_site(site)
    cached_build(s)
    old = output_contents(s.output)
    s.write(STORY, story("Fire in the harbouR", tags="[Brand new tag]"))
    new = output_contents(cold_build(s, tmp_path, "new"))

    class Killed(BaseException):
        pass

    def die(*args, **kwargs):
        raise Killed

    if killed_in == "save the state":
        monkeypatch.setattr("generator.build.save_state", die)
    elif killed_in == "the exchange":
        monkeypatch.setattr(write, "_exchange", die)
    else:
        real = write.mirror
        monkeypatch.setattr(write, "mirror", lambda source, replica, paths=None: die() if paths else real(source, replica))
    with pytest.raises(Killed):
        cached_build(s)
    monkeypatch.undo()
    assert output_contents(s.output) == (old if killed_in == "the exchange" else new)
    assert write.pending_path(s.output).exists() == (killed_in == "the standby's catch-up")
    s.write(STORY, story("Fire in the harbour"))
    cached_build(s)
    assert not write.pending_path(s.output).exists()
    assert_same_tree(s.output, cold_build(s, tmp_path, "cold"), f"a build killed in {killed_in}")


def test_files_another_tool_wrote_or_added_are_made_again_or_removed(site, tmp_path):
    s = a_site(site)
    cached_build(s)
    page = s.output / "world" / "2022" / "12" / "09" / "harbour" / "index.html"
    after_a_clock_tick()
    page.write_text(page.read_text(encoding="utf-8").replace("harbour", "HARBOUR"), encoding="utf-8")
    (s.output / "world" / "stray.html").write_text("<p>not ours</p>\n", encoding="utf-8")
    (s.output / "new-folder").mkdir()
    (s.output / "new-folder" / "x.txt").write_text("x\n", encoding="utf-8")
    result = cached_build(s)
    assert result.rendered >= 1
    assert_same_tree(s.output, cold_build(s, tmp_path, "cold"), "another tool wrote into output/")


def test_a_file_rewritten_with_the_same_size_is_made_again(site, tmp_path):
    """Sizes alone do not tell: the stamp does."""
    s = a_site(site)
    cached_build(s)
    page = s.output / "world" / "2022" / "12" / "09" / "harbour" / "index.html"
    text = page.read_text(encoding="utf-8")
    after_a_clock_tick()
    page.write_text(text.replace("Fire", "Hire"), encoding="utf-8")
    assert cached_build(s).rendered == 1
    assert page.read_text(encoding="utf-8") == text


def test_nothing_changed_is_still_nothing_to_do(site):
    """The proof does not cost the no-change build its shortcut, nor a one-story edit its small render."""
    s = a_site(site)
    cached_build(s)
    assert load_quick(s.root / ".newsgen-cache") is not None
    again = cached_build(s)
    assert again.rendered == 0 and again.write.changed == ()
    s.write(STORY, story("Fire in the harbour", body="First paragraph of the story.\n\nA second one.\n"))
    edited = cached_build(s)
    assert edited.rendered == 5, edited.write.changed  # the story and the four feeds that carry its text
    assert cached_build(s).rendered == 0


def test_the_dev_servers_builder_lists_its_folder_only_when_something_else_touched_it(site, tmp_path, monkeypatch):
    """A long-lived in-place builder (newsgen serve) remembers the stamps it
    left: an edit does not list the whole folder; a file another tool added
    is still found and removed."""
    s = a_site(site)
    folder = tmp_path / "serve"
    builder = SiteBuilder(s.config(output_dir=folder), in_place=True)
    builder.build(MODE)
    listed = []
    real = build_module.files_under
    monkeypatch.setattr(build_module, "files_under", lambda path: listed.append(path) or real(path))
    s.write(STORY, story("Fire in the harbour", body="First paragraph of the story.\n\nA second one.\n"))
    builder.build(MODE)
    # Nothing: not even the search index's folder, whose changed shard's files are all written anew.
    assert listed == []
    after_a_clock_tick()
    (folder / "world" / "stray.html").write_text("<p>not ours</p>\n", encoding="utf-8")
    builder.build(MODE)
    assert listed == [folder], listed
    assert_same_tree(folder, cold_build(s, tmp_path, "cold"), "a stray file in the dev server's folder")


def test_a_body_store_entry_under_another_stories_name_is_not_trusted(site, tmp_path):
    """Two stored bodies swapped under each other's names: the feeds, made
    again for a new story, carry each story's own text."""
    s = site({
        STORY: story("Fire in the harbour", body="Flames rose over the harbour.\n"),
        "content/world/bridge.md": story("A bridge reopens", date="2022-12-08T09:00:00", body="Traffic crossed the bridge again.\n"),
    })
    cached_build(s)
    store = s.root / ".newsgen-cache" / "bodies"
    entries = sorted(p for p in store.rglob("*") if p.is_file())
    assert len(entries) == 2
    first, second = (p.read_bytes() for p in entries)
    entries[0].write_bytes(second)
    entries[1].write_bytes(first)
    s.write("content/politics/vote.md", story("Council vote", date="2022-12-07T09:00:00"))
    cached_build(s)
    assert_same_tree(s.output, cold_build(s, tmp_path, "cold"), "two stored bodies swapped")


def test_a_commit_that_fails_says_what_output_holds_and_later_builds_recover(site, tmp_path, monkeypatch):
    """A folder that cannot be written stops the build while it writes the
    standby: output/ stays as it was, and so it says; while the cause lasts,
    later builds say what they cannot restore, without a traceback; once it
    is gone, the next build equals a build from nothing."""
    from generator.errors import BuildFailed

    s = a_site(site)
    cached_build(s)
    old = output_contents(s.output)
    s.write(STORY, story("Fire in the harbour is out"))
    real = write.os.replace
    calls = []

    def replace_once(source, target):
        if str(target).startswith(str(write.standby_path(s.output))):  # a write into the standby; not the cache's own writes
            calls.append(target)
            if len(calls) > 1:
                raise PermissionError(13, "Permission denied", str(target))
        return real(source, target)

    monkeypatch.setattr(write.os, "replace", replace_once)
    with pytest.raises(BuildFailed) as failed:
        cached_build(s)
    assert "Permission denied" in str(failed.value) and "previous output is kept" in str(failed.value)
    assert output_contents(s.output) == old
    with pytest.raises(BuildFailed) as again:
        cached_build(s)
    assert "could not restore the standby copy" in str(again.value) and "Permission denied" in str(again.value)
    assert output_contents(s.output) == old
    monkeypatch.setattr(write.os, "replace", real)
    cached_build(s)
    assert not write.pending_path(s.output).exists()
    assert_same_tree(s.output, cold_build(s, tmp_path, "cold"), "a build after a failed commit")


def test_a_standby_that_cannot_catch_up_is_a_warning_and_restored_next_time(site, tmp_path, monkeypatch):
    """After the exchange the output is committed: a failure to bring the
    standby up to date is a warning, and the next build restores it first."""
    s = a_site(site)
    cached_build(s)
    s.write(STORY, story("Fire in the harbour is out"))
    for path in [s.root / "site.toml", *(s.root / "content").rglob("*")]:  # written long before: stats trusted
        os.utime(path, ns=(time.time_ns() - 10**11,) * 2)
    real = write.mirror

    def refused(source, replica, paths=None):
        if paths:
            raise PermissionError(13, "Permission denied", str(replica))
        real(source, replica, paths)

    monkeypatch.setattr(write, "mirror", refused)
    result = cached_build(s)
    assert any("standby copy could not be updated" in w.message and "Permission denied" in w.message for w in result.warnings)
    assert_same_tree(s.output, cold_build(s, tmp_path, "new"), "the output committed before the standby failed")
    monkeypatch.undo()
    assert write.pending_path(s.output).exists()
    # Builds with nothing else to do: the first restores the standby; none says it fell behind again.
    for _ in range(2):
        after = cached_build(s)
        assert not write.pending_path(s.output).exists()
        assert not [w for w in after.warnings if "standby" in w.message], [str(w) for w in after.warnings]
    s.write(STORY, story("Fire in the harbour"))
    cached_build(s)
    assert_same_tree(s.output, cold_build(s, tmp_path, "cold"), "a build after the standby fell behind")


STAMP_CHECK_IN_A_PROCESS_OF_ITS_OWN = """
import json, os, sys, time
from generator import write
from generator.cache import Stamps

root = sys.argv[1]
forks, real_fork = [], os.fork

def fork():
    pid = real_fork()
    if pid:
        forks.append(pid)
    return pid

os.fork = fork
for folder in ("a", "a/b", "c"):
    os.makedirs(f"{root}/{folder}", exist_ok=True)
files = [f"{folder}/{n}.html" for folder in ("a", "a/b", "c") for n in range(3)]
for rel in files:
    with open(f"{root}/{rel}", "w") as out:
        out.write("page " + rel)

def check():
    stamps = Stamps({rel: write.file_stamp(root, rel) for rel in files}, 3)
    folders = Stamps(write.folder_stamps(root, write.folders_of(files)), 1)
    def answer():
        check = write.StampCheck(root, stamps.items, folders.items, 2)
        return check.unchanged(), sorted(check.changed_files()), check.folders_unchanged()
    return answer

found = {"as left": check()()}
for rel in files:
    again = check()
    time.sleep(0.05)  # past the clock's tick: a second tool's write is never in the same one
    with open(f"{root}/{rel}", "r+") as out:
        out.write("PAGE")  # in place, the same size: the folder's time is as it was
    found[rel] = again()
again = check()
os.remove(f"{root}/c/0.html")
found["removed"] = again()
files.remove("c/0.html")
again = check()
with open(f"{root}/a/b/new.html", "w") as out:
    out.write("x")
found["added"] = again()
print(json.dumps({"forks": len(forks), "found": found}))
"""


def test_the_output_check_forks_helpers_that_each_find_a_change_in_their_share(tmp_path):
    """StampCheck's helpers, one per core, each compare every second path
    here: a file rewritten in place, removed or added is found by whichever
    compares it. (Run in a process of its own: the test process has threads,
    and with threads the check is made in the process itself.)"""
    run = subprocess.run([sys.executable, "-c", STAMP_CHECK_IN_A_PROCESS_OF_ITS_OWN, str(tmp_path / "out")],
                         cwd=Path(__file__).parent.parent, capture_output=True, text=True, check=True)
    answer = json.loads(run.stdout.splitlines()[-1])
    found = answer.pop("found")
    assert found.pop("as left") == [True, [], True]
    assert found.pop("removed") == [False, ["c/0.html"], False]  # its folder's time changed too
    assert found.pop("added") == [False, [], False]
    assert found == {path: [False, [path], True] for path in found} and len(found) == 9, found
    assert answer["forks"] == 2 * 12  # two helpers per check


def test_stamps_hold_what_a_dict_of_stats_would():
    stats = {"": (1, 2, 3), "world/index.html": (-4, 5, 6), "z/é.html": (7, 8, 9)}
    stamps = Stamps(stats, 3)
    assert stamps.as_dict() == stats and len(stamps) == 3 and dict(stamps.items()) == stats
    assert pickle.loads(pickle.dumps(stamps)) == stamps
    assert stamps != Stamps({**stats, "z/é.html": (7, 8, 10)}, 3) and stamps != Stamps(dict(reversed(stats.items())), 3)
    huge = {"a": (1, 2, 2**64 - 1)}  # an inode number past a signed 64-bit integer
    assert Stamps(huge, 3).as_dict() == huge and Stamps(huge, 3) == Stamps(huge, 3)
    assert Stamps({"": 5, "a": 6}, 1).as_dict() == {"": 5, "a": 6} and Stamps({"": 5}, 1).keys() == [""]
    assert Stamps({}, 1).as_dict() == {} and len(Stamps({}, 3)) == 0
    records = {"a.html": SimpleNamespace(size=10, stamp=(11, 12))}
    assert Stamps(records, 3, lambda record: (record.size, *record.stamp)).as_dict() == {"a.html": (10, 11, 12)}


def test_newsgen_build_makes_again_what_another_tool_changed_as_its_helpers_found(site, tmp_path):
    """`newsgen build` has no threads, so its helpers fork and their answer
    is what the build keeps or makes again: a page rewritten in place (the
    same size, its folder's time as it was), a feed removed, a file added."""
    s = a_site(site)
    args = [sys.executable, "-m", "generator", "build", "--site", str(s.root), "--now", NOW.isoformat(), "--output", str(s.output)]

    def newsgen_build() -> str:
        done = subprocess.run(args, cwd=Path(__file__).parent.parent, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        return done.stdout

    newsgen_build()
    assert "(0 rendered)" in newsgen_build()
    page = s.output / "world" / "2022" / "12" / "09" / "harbour" / "index.html"
    text = page.read_text(encoding="utf-8")
    after_a_clock_tick()
    with open(page, "r+", encoding="utf-8") as out:
        out.write("<!-- not ours -->")
    (s.output / "feed.xml").unlink()
    (s.output / "world" / "stray.html").write_text("<p>not ours</p>\n", encoding="utf-8")
    assert "(2 rendered)" in newsgen_build()  # the page and the feed
    assert page.read_text(encoding="utf-8") == text
    assert_same_tree(s.output, cold_build(s, tmp_path, "cold"), "another tool wrote into output/")
    s.write(STORY, story("Fire in the harbour", body="First paragraph of the story.\n\nA second one.\n"))
    after_a_clock_tick()
    with open(page, "r+", encoding="utf-8") as out:  # a page the edit makes again anyway
        out.write("<!-- not ours -->")
    (s.output / "world" / "stray.html").write_text("<p>not ours</p>\n", encoding="utf-8")
    newsgen_build()
    assert_same_tree(s.output, cold_build(s, tmp_path, "cold-after-edit"), "an edit while another tool wrote into output/")
