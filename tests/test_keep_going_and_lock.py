"""--keep-going publishes what it can; two builds of one output never run at once."""

from __future__ import annotations

import os
import time

import pytest

from generator.build import BuildLocked, SiteBuilder, build_lock
from generator.cli import main
from generator.content.model import BuildMode
from generator.errors import BuildFailed

from .conftest import NOW, story

FILES = {
    "content/world/good.md": story(title="A good story", date="2022-12-09T10:00:00", body="Fine.\n"),
    "content/world/other.md": story(title="Another good one", date="2022-12-08T10:00:00", body="Also fine.\n"),
    "content/world/broken.md": "---\ntitle: Broken\ndate: yesterday\n---\nText.\n",
    "content/world/bad-link.md": story(title="Links nowhere", date="2022-12-07T10:00:00", body="See [x](../../../etc/passwd.md).\n"),
    "content/world/links-to-bad.md": story(title="Links to a bad one", date="2022-12-06T10:00:00", body="See [it](broken.md).\n"),
}


def test_without_keep_going_any_error_fails_the_build(site):
    s = site(FILES)
    with pytest.raises(BuildFailed):
        SiteBuilder(s.config()).build(BuildMode(now=NOW))
    assert not s.output.exists()


def test_keep_going_publishes_every_valid_story_and_lists_the_rest(site):
    s = site(FILES)
    result = SiteBuilder(s.config()).build(BuildMode(now=NOW), keep_going=True)
    skipped = {d.path for d in result.skipped}
    # broken.md has its own error; bad-link.md too; links-to-bad.md only links to a story left out (warned of).
    assert skipped == {"content/world/broken.md", "content/world/bad-link.md"}
    assert s.exists("world/2022/12/06/links-to-bad/index.html")
    assert s.exists("world/2022/12/09/good/index.html")
    assert s.exists("world/2022/12/08/other/index.html")
    assert not any("bad-link" in rel or "broken" in rel for rel in s.files())
    assert "Links nowhere" not in s.read("world/index.html")


def test_keep_going_says_the_time_of_every_pass(site, monkeypatch):
    """ruby-lang.org with --keep-going: 'in 49.80 s' for 85 s of wall time,
    the pass that found the files to leave out not counted."""
    s = site(FILES)
    passes: list[float] = []
    real = SiteBuilder._build

    def timed(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            if not passes:
                time.sleep(0.3)  # a first pass, however long, that ends in errors
            return real(self, *args, **kwargs)
        finally:
            passes.append(time.perf_counter() - started)

    monkeypatch.setattr(SiteBuilder, "_build", timed)
    result = SiteBuilder(s.config()).build(BuildMode(now=NOW), keep_going=True)
    assert len(passes) >= 2 and result.seconds >= sum(passes)


def test_keep_going_from_the_command_line_exits_1_and_names_each_file(site, capsys):
    s = site(FILES)
    code = main(["build", "--site", str(s.root), "--output", str(s.output), "--now", NOW.isoformat(), "--keep-going"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "content/world/broken.md:3:" in err and "content/world/bad-link.md" in err
    assert "left out 2 files" in err
    assert out.startswith("built 3 stories")  # what was published, as any build says it
    assert s.exists("world/2022/12/09/good/index.html")


def test_keep_going_does_not_hide_an_error_that_is_not_a_files_own(site):
    s = site({**FILES, "layouts/article.html": "{% extends 'base.html' %}{% block main %}{{ article.titel }}{% endblock %}"})
    with pytest.raises(BuildFailed) as failure:
        SiteBuilder(s.config()).build(BuildMode(now=NOW), keep_going=True)
    assert any(d.path.startswith("layouts/") for d in failure.value.diagnostics)


def test_a_second_build_of_the_same_output_is_refused_clearly(site):
    s = site({"content/world/good.md": story(title="A good story")})
    with build_lock(s.config()):
        with pytest.raises(BuildLocked) as refused:
            SiteBuilder(s.config()).build(BuildMode(now=NOW))
    assert "another newsgen build is writing into" in str(refused.value)
    assert not s.output.exists()
    SiteBuilder(s.config()).build(BuildMode(now=NOW))  # the lock is released
    assert s.exists("world/2022/12/09/good/index.html")


def test_a_locked_build_from_the_command_line_says_so(site, capsys):
    s = site({"content/world/good.md": story(title="A good story")})
    with build_lock(s.config()):
        code = main(["build", "--site", str(s.root), "--output", str(s.output), "--now", NOW.isoformat()])
    assert code == 1
    assert "wait for that build to finish" in capsys.readouterr().err


MANY_ERRORS = {
    "content/world/good.md": story(title="A good story", date="2022-12-09T10:00:00", body="Fine.\n"),
    # Three errors in one file: keep-going must still leave out just this file.
    "content/world/three-errors.md": "---\ntitle: Broken\ndate: yesterday\nupdated: the day before\nkind: gossip\n---\nText.\n",
    "content/world/bad-link.md": story(title="Links nowhere", date="2022-12-07T10:00:00", body="See [x](../../../etc/passwd.md).\n"),
}


def _age(root) -> None:
    """Date every file an hour back, as if written long before the build."""
    past = time.time() - 3600
    for path in root.rglob("*"):
        os.utime(path, (past, past))


def _cli_build(s, *flags: str) -> int:
    return main(["build", "--site", str(s.root), "--output", str(s.output), "--now", NOW.isoformat(), *flags])


def test_keep_going_leaves_out_a_file_with_several_errors_and_publishes_the_rest(site):
    s = site(MANY_ERRORS)
    result = SiteBuilder(s.config()).build(BuildMode(now=NOW), keep_going=True)
    assert {d.path for d in result.skipped} == {"content/world/three-errors.md", "content/world/bad-link.md"}
    # Every error of the left-out file is listed, not just the first.
    assert len([d for d in result.skipped if d.path == "content/world/three-errors.md"]) == 3
    assert s.exists("world/2022/12/09/good/index.html")


@pytest.mark.parametrize("cache", [True, False])
def test_every_build_after_keep_going_still_reports_every_error(site, capsys, cache):
    """A build that finds nothing changed since a --keep-going build must not
    say "0 changed" and succeed: the left-out stories are still broken."""
    s = site(MANY_ERRORS)
    _age(s.root)  # old enough for the cache to trust its stats: the fast path is taken
    no_cache = () if cache else ("--no-cache",)
    assert _cli_build(s, "--keep-going", *no_cache) == 1
    first = capsys.readouterr().err
    assert "left out 2 files" in first
    for attempt in range(2):
        assert _cli_build(s, *no_cache) == 1, f"plain build {attempt + 1} hid the errors"
        err = capsys.readouterr().err
        assert "content/world/three-errors.md:3:" in err and "build failed" in err
        assert _cli_build(s, "--keep-going", *no_cache) == 1, f"keep-going build {attempt + 1} hid the errors"
        again = capsys.readouterr().err
        assert "left out 2 files" in again
        assert sorted(line for line in again.splitlines() if "content/world/" in line) == \
            sorted(line for line in first.splitlines() if "content/world/" in line)
    # Fixed, the next build succeeds and publishes both.
    s.write("content/world/three-errors.md", story(title="Mended", date="2022-12-08T10:00:00"))
    s.write("content/world/bad-link.md", story(title="Links somewhere", date="2022-12-07T10:00:00", body="See [x](good.md).\n"))
    assert _cli_build(s, *no_cache) == 0
    assert s.exists("world/2022/12/08/three-errors/index.html") and s.exists("world/2022/12/07/bad-link/index.html")
