"""The publishing clock: embargoes, expiry, and `newsgen next`.

A story's date is its publication moment; an `embargo` (or Hugo's
`publishDate`) later than it holds the story back and becomes its date.
`newsgen next` prints the next moment the output changes with no edit, for a
cron job or a CI schedule to rebuild exactly then.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from generator.cli import main

from .conftest import NOW, story

SITE = {
    "content/world/a.md": story("Published story", date="2022-12-09T10:00:00"),
    "content/world/scheduled.md": story("Scheduled story", date="2022-12-20T09:00:00"),
    "content/world/leaving.md": story("Leaving story", date="2022-12-01T10:00:00", expires="2022-12-15T12:00:00"),
}


def run_next(s, capsys, *extra: str) -> str:
    capsys.readouterr()
    assert main(["next", "--site", str(s.root), "--now", NOW.isoformat(), *extra]) == 0
    return capsys.readouterr().out


def test_next_names_the_first_moment_and_what_changes_then(site, capsys):
    s = site(SITE)
    text = run_next(s, capsys)
    # NOW is 2022-12-12T18:00 in Berlin: a is 48 hours old on the 11th, gone from the news sitemap already.
    first, *listed = text.strip().splitlines()
    assert first.startswith("next change: 2022-12-15T12:00:00+01:00"), text
    assert listed[0].split() == ["2022-12-15T12:00:00+01:00", "content/world/leaving.md", "expires"]
    assert any("content/world/scheduled.md is published" in line for line in listed)
    assert run_next(s, capsys, "--format", "iso").strip() == "2022-12-15T12:00:00+01:00"
    unix = int(run_next(s, capsys, "--format", "unix"))
    assert datetime.fromtimestamp(unix, timezone.utc) == datetime(2022, 12, 15, 11, 0, tzinfo=timezone.utc)
    answer = json.loads(run_next(s, capsys, "--format", "json"))
    assert answer["next"] == "2022-12-15T12:00:00+01:00" and answer["next_unix"] == unix
    assert answer["changes"] == [{"at": "2022-12-15T12:00:00+01:00", "unix": unix, "source": "content/world/leaving.md", "what": "expires"}]


def test_the_moment_next_names_is_when_a_build_changes(site, capsys):
    s = site(SITE)
    when = datetime.fromisoformat(run_next(s, capsys, "--format", "iso").strip())
    s.build(now=when - timedelta(seconds=1))
    assert s.exists("world/2022/12/01/leaving/index.html")
    s.build(now=when)
    assert not s.exists("world/2022/12/01/leaving/index.html")
    assert all("Leaving story" not in s.read(f) for f in s.files() if f.endswith((".html", ".xml")))


def test_nothing_due_says_so_and_prints_no_moment(site, capsys):
    s = site({"content/world/a.md": story("Old story", date="2022-11-01T10:00:00")})
    assert "no change is due" in run_next(s, capsys)
    assert run_next(s, capsys, "--format", "iso") == ""
    assert json.loads(run_next(s, capsys, "--format", "json"))["next"] is None


@pytest.mark.parametrize("key", ["embargo", "publishDate"])
def test_an_embargo_later_than_the_date_holds_the_story_back_and_dates_it(site, capsys, key):
    s = site({"content/world/a.md": story("Embargoed report", date="2022-12-09T10:00:00", **{key: "2022-12-13T00:01:00"})})
    s.build()
    assert not any("Embargoed report" in s.read(f) for f in s.files() if f.endswith((".html", ".xml")))
    assert "content/world/a.md is published" in run_next(s, capsys)
    s.build(now=datetime(2022, 12, 13, 0, 1, tzinfo=NOW.tzinfo))
    page = s.read("world/2022/12/13/a/index.html")
    assert "Embargoed report" in page and 'datetime="2022-12-13T00:01:00+01:00"' in page


def test_an_embargo_alone_dates_the_story_and_an_earlier_one_changes_nothing(site):
    s = site({
        "content/world/a.md": story("Only an embargo", date=None, embargo="2022-12-09T10:00:00"),
        "content/world/b.md": story("Embargo passed", date="2022-12-10T10:00:00", embargo="2022-12-08T10:00:00"),
    })
    s.build()
    assert s.exists("world/2022/12/09/a/index.html")
    assert s.exists("world/2022/12/10/b/index.html")


def test_next_names_the_sample_sites_scheduled_story(capsys):
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    capsys.readouterr()
    assert main(["next", "--site", str(repo), "--now", "2022-12-12T18:00:00+01:00"]) == 0
    assert "content/world/winter-aid-conference.md is published" in capsys.readouterr().out


def test_a_page_expires_as_a_story_does(site, capsys):
    """Hugo leaves out an expired page of any kind: an undated page's
    `expiryDate` was kept as extra, and the page stayed up for ever."""
    s = site({**SITE, "content/pages/spring-sale.md": "---\ntitle: Spring sale\nexpiryDate: 2022-12-14T09:00:00\n---\nHalf price.\n",
              "content/pages/gone.md": "---\ntitle: Gone\nunpublishdate: 2022-12-01T09:00:00\n---\nOver.\n"})
    text = run_next(s, capsys)
    assert text.startswith("next change: 2022-12-14T09:00:00+01:00") and "content/pages/spring-sale.md expires" in text, text
    s.build()
    assert s.exists("spring-sale/index.html") and not s.exists("gone/index.html")
    s.build(now=datetime(2022, 12, 14, 8, 0, tzinfo=timezone.utc))  # the build's cache knows its output changes then
    assert not s.exists("spring-sale/index.html")
    assert all("Spring sale" not in s.read(f) for f in s.files() if f.endswith((".html", ".xml")))
