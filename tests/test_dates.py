"""Dates and time zones: a date without an offset is wall-clock time in the
site's zone; URLs and archives use the local date."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from .conftest import BERLIN, elements, story


def published(html: str) -> str:
    """The datetime attribute of the first <time> (the published date on an article page)."""
    return elements(html, "time")[0].attrs["datetime"]


@pytest.mark.parametrize(
    "written, month, expected",
    [
        ("2022-12-09T14:30:00", "12", "2022-12-09T14:30:00+01:00"),  # CET
        ("2022-07-09T14:30:00", "07", "2022-07-09T14:30:00+02:00"),  # CEST
        ("2022-03-27T01:59:00", "03", "2022-03-27T01:59:00+01:00"),  # just before the spring change
        ("2022-03-27T03:00:00", "03", "2022-03-27T03:00:00+02:00"),  # just after it
        ("2022-10-30T04:00:00", "10", "2022-10-30T04:00:00+01:00"),  # after the autumn change
    ],
)
def test_naive_datetime_is_in_the_site_time_zone(site, written, month, expected):
    s = site({"content/world/a.md": story(date=written)})
    s.build()
    day = written[8:10]
    html = s.read(f"world/2022/{month}/{day}/a/index.html")
    assert published(html) == expected


def test_winter_and_summer_offsets_in_one_site(site):
    s = site({
        "content/world/winter.md": story(title="Winter", date="2022-01-15T12:00:00"),
        "content/world/summer.md": story(title="Summer", date="2022-08-15T12:00:00"),
    })
    s.build()
    assert published(s.read("world/2022/01/15/winter/index.html")) == "2022-01-15T12:00:00+01:00"
    assert published(s.read("world/2022/08/15/summer/index.html")) == "2022-08-15T12:00:00+02:00"
    # The displayed time names the zone too (in English as CLDR's "en" writes it: 12-hour clock).
    assert "12:00\u202fPM CET" in s.read("world/2022/01/15/winter/index.html")
    assert "12:00\u202fPM CEST" in s.read("world/2022/08/15/summer/index.html")


@pytest.mark.parametrize("written", ["2022-12-09T14:30:00-05:00", "2022-12-09T14:30:00Z", "2022-12-09T14:30:00+05:30"])
def test_explicit_offset_is_kept(site, written):
    s = site({"content/world/a.md": story(date=written)})
    s.build()
    instant = datetime.fromisoformat(written.replace("Z", "+00:00"))
    pages = [f for f in s.files() if f.startswith("world/2022/")]
    assert len(pages) == 1, pages
    shown = datetime.fromisoformat(published(s.read(pages[0])))
    assert shown.utcoffset() is not None
    assert shown == instant, f"{written} was shown as {shown.isoformat()}"


def test_date_only_is_shown_as_a_date_without_a_time(site):
    s = site({"content/world/a.md": story(date="2022-12-09")})
    s.build()
    html = s.read("world/2022/12/09/a/index.html")
    [time] = [e for e in elements(html, "time")]
    assert time.attrs["datetime"] == "2022-12-09"
    assert time.text == "December 9, 2022"
    assert "00:00" not in html


def test_date_only_is_midnight_in_the_site_time_zone(site):
    s = site({"content/world/a.md": story(date="2022-12-13")})
    # 23:30 Berlin on the 12th: not yet the 13th there, though it is in Moscow.
    s.build(now=datetime(2022, 12, 12, 23, 30, tzinfo=BERLIN))
    assert not s.exists("world/2022/12/13/a/index.html")
    # Midnight in Berlin is 23:00 UTC on the 12th.
    s.build(now=datetime(2022, 12, 12, 23, 0, tzinfo=timezone.utc))
    assert s.exists("world/2022/12/13/a/index.html")


def test_quoted_date_is_read_like_an_unquoted_one(site):
    s = site({"content/world/a.md": story(date='"2022-07-09T14:30:00"')})
    s.build()
    assert published(s.read("world/2022/07/09/a/index.html")) == "2022-07-09T14:30:00+02:00"


def test_article_url_uses_the_local_date(site):
    # 23:30 in New York on the 9th is 05:30 in Berlin on the 10th.
    s = site({"content/world/a.md": story(date="2022-12-09T23:30:00-05:00")})
    s.build()
    assert s.exists("world/2022/12/10/a/index.html")
    assert not s.exists("world/2022/12/09/a/index.html")
    assert published(s.read("world/2022/12/10/a/index.html")) == "2022-12-10T05:30:00+01:00"


def test_archive_month_uses_the_local_date(site):
    # 23:30 UTC on 30 November is 00:30 on 1 December in Berlin.
    s = site({"content/world/a.md": story(title="Turn of the month", date="2022-11-30T23:30:00+00:00")})
    s.build()
    assert s.exists("world/2022/12/01/a/index.html")
    assert "Turn of the month" in s.read("archive/2022/12/index.html")
    assert not s.exists("archive/2022/11/index.html")


def test_stories_are_ordered_by_instant_not_by_written_wall_clock(site):
    s = site({
        "content/world/early.md": story(title="Written later but earlier", date="2022-12-09T12:00:00+09:00"),  # 04:00 Berlin
        "content/world/late.md": story(title="Written earlier but later", date="2022-12-09T08:00:00"),  # 08:00 Berlin
    })
    s.build()
    listing = s.read("world/index.html")
    assert listing.index("Written earlier but later") < listing.index("Written later but earlier")


def test_pinned_now_decides_what_is_published_across_zones(site):
    # NOW is 18:00 Berlin = 17:00 UTC. 17:30 UTC is in the future.
    s = site({"content/world/a.md": story(date="2022-12-12T17:30:00+00:00")})
    s.build(now=datetime(2022, 12, 12, 17, 0, tzinfo=timezone.utc))
    assert not s.exists("world/2022/12/12/a/index.html")
    s.build(now=datetime(2022, 12, 12, 17, 30, tzinfo=timezone.utc))
    assert s.exists("world/2022/12/12/a/index.html")


@pytest.mark.parametrize("written", ["2015-01-31 17:7", "2015-01-31 17:07:5", "2015-01-31 17h07"])
def test_newsgens_own_front_matter_refuses_a_time_with_a_digit_missing(site, written):
    """Pelican's header reads `17:7` as dateutil does (17:07), as the site was
    published so; in newsgen's own front matter it may be a slip for 17:47,
    and is an error rather than a guess."""
    s = site({"content/world/a.md": story(date=written)})
    [problem] = s.build_fails().diagnostics
    assert "is not a date newsgen can read" in problem.message
