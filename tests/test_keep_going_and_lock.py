"""--keep-going publishes what it can; two builds of one output never run at once."""

from __future__ import annotations

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
    "content/world/bad-link.md": story(title="Links nowhere", date="2022-12-07T10:00:00", body="See [x](missing.md).\n"),
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
    # broken.md has its own error; bad-link.md too; links-to-bad.md links to a story left out.
    assert skipped == {"content/world/broken.md", "content/world/bad-link.md", "content/world/links-to-bad.md"}
    assert s.exists("world/2022/12/09/good/index.html")
    assert s.exists("world/2022/12/08/other/index.html")
    assert not any("bad-link" in rel or "broken" in rel for rel in s.files())
    assert "Links nowhere" not in s.read("world/index.html")


def test_keep_going_from_the_command_line_exits_1_and_names_each_file(site, capsys):
    s = site(FILES)
    code = main(["build", "--site", str(s.root), "--output", str(s.output), "--now", NOW.isoformat(), "--keep-going"])
    err = capsys.readouterr().err
    assert code == 1
    assert "content/world/broken.md:3:" in err and "content/world/bad-link.md" in err
    assert "left out 3 files" in err
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
