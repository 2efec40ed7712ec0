"""At every instant output/ is the whole old tree or the whole new one.

A build is stopped dead (os._exit in a forked child: no clean-up, no
`finally`, as under SIGKILL) just before its first, second, third… call
that changes the file system, until a build runs to its end untouched. The
state between two such calls is all anyone can ever see of output/, so
after each stop it must be byte for byte the previous output or the new
one; and the next build, whatever the stop left beside output/, must equal
a build from nothing. Done at every call of a one-story edit's build (a
few files written) and at a sample of a site-wide change's (every file).
"""

from __future__ import annotations

import os
import random
import shutil

import pytest

from generator import write
from generator.build import SiteBuilder, build_site
from generator.content.model import BuildMode

from .conftest import NOW, output_contents, story

MODE = BuildMode(now=NOW)
CHANGING_CALLS = ("replace", "rename", "link", "unlink", "rmdir", "mkdir")
STOPPED = 86  # the exit status of a child stopped at its chosen call
SAMPLED = 60  # a site-wide change makes hundreds of calls: a seeded sample of them (a one-story edit: every one)


def a_site(site):
    return site({
        f"content/{section}/story-{i}.md": story(f"Story {i}", date=f"2022-12-{1 + i % 9:02d}T{i % 24:02d}:00:00",
                                                 tags=f"[T{i % 3}]", body=f"Text of story {i}.\n")
        for i, section in enumerate(["world", "politics", "business"] * 4)
    })


def build(s):
    return SiteBuilder(s.config(), cache_dir=s.root / ".newsgen-cache", workers=1).build(MODE)


def stopped_build(s, stop_at: int | None, monkeypatch) -> int:
    """Runs a build in a forked child stopped dead before its `stop_at`-th
    changing call (or not at all): returns the number of calls it made."""
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        os.close(reader)
        calls = [0]

        def counted(name, real):
            def call(*args, **kwargs):
                calls[0] += 1
                if calls[0] == stop_at:
                    os._exit(STOPPED)
                return real(*args, **kwargs)
            return call

        for name in CHANGING_CALLS:
            monkeypatch.setattr(os, name, counted(name, getattr(os, name)))
        monkeypatch.setattr(write, "_exchange", counted("exchange", write._exchange))
        try:
            build(s)
        except BaseException:
            os._exit(1)
        os.write(writer, str(calls[0]).encode())
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as answer:
        made = answer.read()
    _, status = os.waitpid(child, 0)
    code = os.waitstatus_to_exitcode(status)
    assert code in (0, STOPPED), f"the build stopped at call {stop_at} failed on its own (status {code})"
    return int(made) if code == 0 else stop_at


@pytest.mark.parametrize("change", ["one story", "site-wide"])
def test_a_build_stopped_at_any_call_leaves_the_old_or_the_new_output(site, tmp_path, monkeypatch, change):
    s = a_site(site)
    original = {"content/world/story-0.md": (s.root / "content/world/story-0.md").read_text(encoding="utf-8"),
                "site.toml": (s.root / "site.toml").read_text(encoding="utf-8")}

    def edit():
        if change == "one story":
            s.write("content/world/story-0.md", original["content/world/story-0.md"].replace("Text of story 0", "New text"))
        else:
            s.write("site.toml", original["site.toml"].replace('title = "', 'title = "The New ', 1))

    def undo():
        for rel, text in original.items():
            s.write(rel, text)

    build(s)
    old = output_contents(s.output)
    edit()
    cold = tmp_path / "cold"
    build_site(s.config(output_dir=cold), MODE)
    new = output_contents(cold)
    shutil.rmtree(cold)
    assert new != old
    undo()

    # How many changing calls the edit's build makes, run to its end.
    edit()
    total = stopped_build(s, None, monkeypatch)
    assert output_contents(s.output) == new
    undo()
    build(s)
    assert output_contents(s.output) == old
    stops = list(range(1, total + 1))
    if change == "site-wide":
        stops = sorted(random.Random(20221209).sample(stops, min(SAMPLED, total)))
    seen = {"old": 0, "new": 0}
    for stop_at in stops:
        edit()
        stopped_build(s, stop_at, monkeypatch)
        now = output_contents(s.output)
        assert now in (old, new), f"stopped before changing call {stop_at} of {total}, output/ is neither the old tree nor the new one"
        seen["old" if now == old else "new"] += 1
        build(s)
        assert output_contents(s.output) == new, f"the build after a stop at call {stop_at} of {total} differs from a build from nothing"
        assert not write.pending_path(s.output).exists()
        undo()
        build(s)
        assert output_contents(s.output) == old
    assert seen["old"] and seen["new"], f"the stops never fell on both sides of the commit: {seen}"
