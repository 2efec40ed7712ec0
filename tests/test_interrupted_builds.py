"""Builds that die, fail to write or race each other never leave a broken site.

A real `python -m generator build` is killed (SIGKILL, no clean-up) at seeded
random moments across its run. After each kill the output folder is byte for
byte the previous good output or the new one, never a mix, and the next
build equals a fresh full build. Nothing but the output's standby stays
beside it for good. Write errors (permissions, a full
disk) are reported as errors and keep the old output; two builds of one
output never mix.
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import generator.write
from generator.errors import BuildFailed

from .conftest import DEFAULT_CONFIG, NOW, output_contents, story
from .hardening_support import cli_build

REPO = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(REPO)}
SECTIONS = ("world", "business", "culture")
STORIES = 150
KILLS = 8
DEADLINE = 120  # seconds any single build may take before the test gives up on it


# ---- a site big enough to be caught mid-build --------------------------------

def write_site(root: Path, version: str, count: int = STORIES) -> None:
    """`count` small stories whose text depends on `version`."""
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "site.toml").write_text(DEFAULT_CONFIG, encoding="utf-8")
    for i in range(count):
        write_story(root, i, version)


def write_story(root: Path, i: int, version: str) -> None:
    section = SECTIONS[i % 3]
    body = "".join(f"Paragraph {j} of story {i} ({version}), with *some* [markup](https://example.com) and words.\n\n" for j in range(20))
    path = root / "content" / section / f"story-{i}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(story(f"Story {i} {version}", f"2022-12-{1 + i % 9:02d}T{i % 24:02d}:00:00", body, tags=f"[t{i % 7}, t{i % 5}]"), encoding="utf-8")


def argv(site: Path, output: Path, cache: bool) -> list[str]:
    args = [sys.executable, "-m", "generator", "build", "--site", str(site), "--now", NOW.isoformat(), "--output", str(output)]
    return args if cache else args + ["--no-cache"]


def run_build(site: Path, output: Path, cache: bool = False) -> subprocess.CompletedProcess:
    done = subprocess.run(argv(site, output, cache), env=ENV, capture_output=True, text=True, timeout=DEADLINE)
    assert "Traceback" not in done.stderr, f"the build printed a traceback:\n{done.stderr}"
    assert done.returncode == 0, f"the build failed ({done.returncode}):\n{done.stderr}"
    return done


def start_build(site: Path, output: Path, cache: bool = False) -> subprocess.Popen:
    # Its own process group: the kill reaches the render workers too. Ctrl-C's default action restored, as a
    # terminal's foreground job has it: a suite started in the background by a non-interactive shell inherits
    # SIGINT ignored, and then the Ctrl-C test's build would never see its signal.
    return subprocess.Popen(argv(site, output, cache), env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def kill_after(proc: subprocess.Popen, delay: float) -> None:
    time.sleep(delay)
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # it had finished
    proc.communicate(timeout=DEADLINE)


def fresh(site: Path, scratch: Path) -> dict[str, bytes]:
    """What a full build of the site as it is now gives (in a folder of its own)."""
    out = scratch / f"fresh-{time.monotonic_ns()}" / "output"
    run_build(site, out, cache=False)
    found = output_contents(out)
    shutil.rmtree(out.parent)
    return found


def leftovers(output: Path) -> list[str]:
    """What stays beside the output folder but its standby."""
    return sorted(p.name for p in output.parent.iterdir() if p.name.startswith(f".{output.name}-") and p.name != f".{output.name}-next")


def diff(got: dict[str, bytes], want: dict[str, bytes]) -> str:
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    changed = sorted(k for k in set(got) & set(want) if got[k] != want[k])
    return f"missing {missing[:10]} ({len(missing)}), extra {extra[:10]} ({len(extra)}), different {changed[:10]} ({len(changed)})"


def timed_build(site: Path, output: Path, cache: bool) -> float:
    started = time.monotonic()
    run_build(site, output, cache)
    return time.monotonic() - started


# ---- killed builds -------------------------------------------------------------

def test_killed_cold_builds_keep_the_previous_output(tmp_path):
    site, output = tmp_path / "site", tmp_path / "out" / "output"
    write_site(site, "old")
    run_build(site, output)
    old = output_contents(output)
    write_site(site, "new")
    new = fresh(site, tmp_path)
    # How long a cold build over the old output takes, on a copy of it.
    probe = tmp_path / "probe" / "output"
    shutil.copytree(output, probe)
    duration = timed_build(site, probe, cache=False)
    shutil.rmtree(probe.parent)

    seen: list[str] = []  # what each kill left, for the failure message
    rng = random.Random(20221212)
    for kill in range(KILLS):
        delay = rng.uniform(0.05, duration * 1.1)
        kill_after(start_build(site, output), delay)
        now = output_contents(output)
        seen.append(f"{delay:.2f}s:" + ("new" if now == new else "old" if now == old else "?"))
        assert now in (old, new), f"kill {kill} at {delay:.2f}s left a mix: {diff(now, old)} against the old output"
        if now == new:  # start the next kill from the old output again
            write_site(site, "old")
            run_build(site, output)
            assert output_contents(output) == old
            write_site(site, "new")

    run_build(site, output)
    assert output_contents(output) == new, diff(output_contents(output), new)
    assert leftovers(output) == [], f"folders stay after a successful build: {leftovers(output)} (kills: {seen})"


def test_killed_incremental_builds_keep_or_finish_the_output(tmp_path):
    site, output = tmp_path / "site", tmp_path / "out" / "output"
    write_site(site, "v0")
    assert (site / ".newsgen-cache").exists() is False
    run_build(site, output, cache=True)
    assert (site / ".newsgen-cache").is_dir(), "a build with the cache wrote no .newsgen-cache"
    good = output_contents(output)
    # How long a one-story incremental build takes.
    write_story(site, 7, "probe")
    duration = timed_build(site, output, cache=True)
    good = output_contents(output)

    seen: list[str] = []  # what each kill left, for the failure message
    rng = random.Random(1670864400)
    for kill in range(KILLS):
        write_story(site, 7, f"edit {kill}")
        want = fresh(site, tmp_path)
        delay = rng.uniform(0.02, duration * 1.1)
        kill_after(start_build(site, output, cache=True), delay)
        now = output_contents(output)
        seen.append(f"{delay:.2f}s:" + ("kept" if now == good else "new" if now == want else "?"))
        assert now in (good, want), (
            f"kill {kill} at {delay:.2f}s: the output is neither the previous one ({diff(now, good)}) nor the new one ({diff(now, want)})")
        run_build(site, output, cache=True)
        assert output_contents(output) == want, f"kill {kill} at {delay:.2f}s: the next build gave {diff(output_contents(output), want)}"
        good = want

    assert leftovers(output) == [], f"folders stay after a successful build: {leftovers(output)} (kills: {seen})"


# ---- write errors --------------------------------------------------------------

def small_site(site):
    return site({f"content/{SECTIONS[i % 3]}/s{i}.md": story(f"Story {i}", body=f"Text {i}.\n") for i in range(6)})


def test_permission_error_is_reported_and_keeps_the_output(site, capsys, monkeypatch):
    """A folder the build may not write into. Simulated, because chmod does not
    stop root (CI runs as root), so the test runs the same everywhere."""
    s = small_site(site)
    s.build()
    before = s.snapshot()
    s.write("content/world/s0.md", story("Story 0 changed", body="Changed.\n"))

    def refused(target, file):
        raise PermissionError(errno.EACCES, "Permission denied", str(target))

    monkeypatch.setattr(generator.write, "_put", refused)
    with pytest.raises(BuildFailed) as failure:
        s.build()
    assert any("permission denied" in str(d).lower() for d in failure.value.diagnostics), failure.value
    assert s.snapshot() == before
    code, _, err = cli_build(s, capsys)
    assert code == 1 and "permission denied" in err.lower(), f"exit {code}, stderr {err!r}"
    assert "Traceback" not in err
    assert s.snapshot() == before


def test_full_disk_is_reported_and_keeps_the_output(site, capsys, monkeypatch):
    s = small_site(site)
    s.build()
    before = s.snapshot()
    s.write("content/world/s0.md", story("Story 0 changed", body="Changed.\n"))
    for n in range(7, 9):
        s.write(f"content/culture/n{n}.md", story(f"New {n}"))

    def full(target, file):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(generator.write, "_put", full)
    try:
        s.build()
    except BuildFailed as exc:
        assert any("space" in str(d).lower() for d in exc.diagnostics), f"the error does not say the disk is full: {exc}"
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"a full disk raised {type(exc).__name__} ({exc!r}) instead of BuildFailed: a traceback for the user")
    else:
        pytest.fail("the build succeeded although no file could be written")
    assert s.snapshot() == before, "a build that could not write changed the output"
    code, _, err = cli_build(s, capsys)
    assert code == 1, f"exit {code}; stderr {err!r}"
    assert "space" in err.lower(), err
    assert s.snapshot() == before
    # Only the mark that has the next build restore the standby copy first.
    assert leftovers(s.output) in ([], [f".{s.output.name}-next.pending"])


# ---- two builds at once -----------------------------------------------------------

def test_two_concurrent_builds_never_mix(tmp_path):
    site, output = tmp_path / "site", tmp_path / "out" / "output"
    write_site(site, "old")
    run_build(site, output)
    write_site(site, "new")
    want = fresh(site, tmp_path)
    for round_ in range(2):
        procs = [start_build(site, output), start_build(site, output)]
        results = [(p.wait(timeout=DEADLINE), *p.communicate(timeout=DEADLINE)) for p in procs]
        for code, out, err in results:
            assert "Traceback" not in err, err
            if code != 0:
                assert "another newsgen build is writing" in err, f"exit {code} without saying why:\n{err}"
        assert any(code == 0 for code, _, _ in results), f"neither build succeeded: {results}"
        assert output_contents(output) == want, diff(output_contents(output), want)
        assert leftovers(output) == [], leftovers(output)


# ---- Ctrl-C ----------------------------------------------------------------------

# Each story page spins a while, so the build is surely rendering, on its
# workers, when the interrupt comes.
SLOW_ARTICLE = '{% extends "base.html" %}{% block main %}{% for i in range(2000000) %}{% endfor %}<h1>{{ article.title }}</h1>{% endblock %}\n'


def test_ctrl_c_stops_a_cold_build_its_workers_too_and_keeps_the_output(tmp_path):
    site, output = tmp_path / "site", tmp_path / "output"
    write_site(site, "v1")
    run_build(site, output)
    before = output_contents(output)
    (site / "layouts").mkdir()
    (site / "layouts/article.html").write_text(SLOW_ARTICLE, encoding="utf-8")
    build = start_build(site, output)
    time.sleep(2.0)
    os.killpg(build.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole foreground group
    _, err = build.communicate(timeout=DEADLINE)
    assert build.returncode == 130, err
    assert err.strip().splitlines()[-1] == "interrupted; output/ left as it was" and "Traceback" not in err, err
    assert output_contents(output) == before
    # No render worker outlives the build.
    for _ in range(50):
        if not workers_of(site):
            break
        time.sleep(0.1)
    assert workers_of(site) == []


def workers_of(site: Path) -> list[int]:
    """Processes still running a build of this site."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and str(site) in (proc / "cmdline").read_bytes().decode(errors="replace"):
                found.append(int(proc.name))
        except OSError:
            continue
    return found
