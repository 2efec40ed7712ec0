"""Reading dates from front matter and showing them.

A date without an offset is wall-clock time in the site's time zone; a bare
date is midnight there. Every datetime leaving this module is timezone-aware.
"""

from __future__ import annotations

import calendar

import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo


MARGIN = timedelta(days=3)


class DateError(ValueError):
    pass


def parse_datetime(value: object, tz: ZoneInfo) -> datetime:
    """A date as front matter writes it: ISO 8601 (with or without `T`,
    seconds or an offset), `2011-11-28 8:32:24 -0400`, `… -4` and `… EDT` (Jekyll), RFC 2822
    (`Mon, 28 Nov 2011 08:32:24 -0400`, WordPress and feeds), and English
    month names (`September 8, 2014`, `8 Sep 2014 10:30`). A day and month
    that could be read either way (`03/04/2021`) is refused, not guessed."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, time())
    elif isinstance(value, str):
        parsed = _parse_text(value.strip())
    else:
        raise DateError(f"expected a date such as 2024-05-31T14:30:00, got {type(value).__name__}")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    try:
        # The build shows dates in the site's zone and moves them by up to
        # 48 hours (the news sitemap): all of that must stay representable.
        for probe in (parsed - MARGIN, parsed + MARGIN):
            probe.astimezone(timezone.utc)
            probe.astimezone(tz)
    except (OverflowError, ValueError):
        raise DateError(f"{value!r} is out of range; use a year between 1 and 9998") from None
    return parsed


def has_time(text: str) -> bool:
    """Does a date as written give a time of day (else it shows as a date only)?"""
    return ":" in text


_MONTH_NUMBERS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_TIME = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?"
# An offset in hours alone ("-4", "+05") and the zone names below are
# Ruby's Time.parse's, and so Jekyll's: "2016-03-21 12:00 EDT".
_ZONE = r"(?P<zone>Z|z|UTC|GMT|UT|[ECMP][SD]T|[+-]\d{1,2}(?::?\d{2})?)"
_NAMED_ZONES = {"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7}
# A note a template left after the date: "2016-07-19 (optional)".
_TRAILING_REMARK = re.compile(r"\s*\([^()]*\)$")
_AMPM = r"(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?"
# 2011-11-28 8:32:24 -0400, 2014-09-25T10:00:00.000000000+02:00, 2014/09/25
_NUMERIC = re.compile(rf"(?P<year>\d{{4}})[-/](?P<month>\d{{1,2}})[-/](?P<day>\d{{1,2}})(?:(?:[Tt]|\s+){_TIME}{_AMPM})?\s*{_ZONE}?")
# September 8, 2014 · Sep 8th 2014 · 8 September 2014 · Monday, September 8, 2014 10:30 am
_WORDS = re.compile(
    r"(?:[A-Za-z]+,?\s+)??(?:(?P<month1>[A-Za-z]{3,})\.?\s+(?P<day1>\d{1,2})(?:st|nd|rd|th)?,?"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?P<month2>[A-Za-z]{3,})\.?,?)\s+(?P<year>\d{4})"
    rf"(?:,?\s+(?:at\s+)?{_TIME}{_AMPM})?\s*{_ZONE}?")
# 03/04/2021, 3.4.2021, 25-12-2021: the day and the month in an order only the writer knows
_DAY_MONTH = re.compile(r"(?P<a>\d{1,2})[./-](?P<b>\d{1,2})[./-](?P<year>\d{4})")
_ADVICE = "write it as 2024-05-31 or 2024-05-31T14:30:00+02:00"


def _parse_text(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    text = _TRAILING_REMARK.sub("", text) or text
    for expression in (_NUMERIC, _WORDS):
        match = expression.fullmatch(text)
        if match:
            return _from_parts(match, text)
    match = _DAY_MONTH.fullmatch(text)
    if match:
        a, b = int(match["a"]), int(match["b"])
        if a <= 12 and b <= 12 and a != b:
            raise DateError(f"{text!r} could be day/month or month/day; {_ADVICE}")
        day, month = (a, b) if a > 12 or a == b else (b, a)
        return _checked(text, int(match["year"]), month, day)
    if "," in text or re.search(r"[A-Za-z]{3}", text):
        from email.utils import parsedate_to_datetime  # noqa: PLC0415 (only for dates that need it)

        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
        if parsed is not None:
            # "-0000" says: the offset is unknown; the site's zone stands in.
            return parsed.replace(tzinfo=None) if text.rstrip().endswith("-0000") else parsed
    raise DateError(f"{text!r} is not a date newsgen can read; {_ADVICE}")


def _from_parts(match: re.Match, text: str) -> datetime:
    groups = match.groupdict()
    if groups.get("month1") or groups.get("month2"):
        name = (groups.get("month1") or groups.get("month2") or "").lower()
        month = _MONTH_NUMBERS.get(name[:3]) if len(name.rstrip(".")) == 3 or _full_month(name) else None
        if month is None:
            raise DateError(f"{text!r}: {name!r} is not an English month name; {_ADVICE}")
        day = int(groups.get("day1") or groups.get("day2"))
    else:
        month, day = int(groups["month"]), int(groups["day"])
    hour = int(groups["hour"]) if groups.get("hour") else 0
    if groups.get("ampm"):
        if not 1 <= hour <= 12:
            raise DateError(f"{text!r}: {hour} is not an hour of a 12-hour clock; {_ADVICE}")
        hour = hour % 12 + (12 if groups["ampm"][0] in "Pp" else 0)
    minute = int(groups["minute"]) if groups.get("minute") else 0
    second = int(groups["second"]) if groups.get("second") else 0
    micro = int((groups.get("fraction") or "0")[:6].ljust(6, "0"))
    zone = _zone(groups.get("zone"))
    try:
        return datetime(int(groups["year"]), month, day, hour, minute, second, micro, tzinfo=zone)
    except ValueError as exc:
        raise DateError(_not_real(text, int(groups["year"]), month, day, exc)) from None


_FULL_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december", "sept")


def _full_month(name: str) -> bool:
    return name.rstrip(".") in _FULL_MONTHS


def _zone(written: str | None) -> timezone | None:
    if not written:
        return None
    if written in ("Z", "z", "UTC", "GMT", "UT"):
        return timezone.utc
    if written in _NAMED_ZONES:
        return timezone(timedelta(hours=_NAMED_ZONES[written]))
    hours_text, _, minutes_text = written[1:].partition(":")
    if not minutes_text and len(hours_text) > 2:  # -0400, -430
        hours_text, minutes_text = hours_text[:-2], hours_text[-2:]
    hours, minutes = int(hours_text), int(minutes_text or 0)
    if hours > 23 or minutes > 59:
        raise DateError(f"{written!r} is not a time zone offset; write it as +02:00")
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if written[0] == "-" else offset)


def _checked(text: str, year: int, month: int, day: int) -> datetime:
    try:
        return datetime(year, month, day)
    except ValueError as exc:
        raise DateError(_not_real(text, year, month, day, exc)) from None


def _not_real(text: str, year: int, month: int, day: int, exc: ValueError) -> str:
    """Why a date written in a right form is not one: "no such day" says
    more than a format's name, as the form was right."""
    if 1 <= month <= 12 and day >= 1 and 1 <= year <= 9999:
        days = calendar.monthrange(year, month)[1]
        if day > days:
            return f"{text!r}: there is no such day; {calendar.month_name[month]} {year} has {days} days"
    if not 1 <= month <= 12:
        return f"{text!r}: there is no month {month}; {_ADVICE}"
    return f"{text!r} is not a real date ({exc}); {_ADVICE}"


def rfc3339(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def rfc822(moment: datetime) -> str:
    """RSS's date format, as email.utils.format_datetime writes it (whose
    import, with the email package, costs a one-story rebuild 5 ms)."""
    zone = moment.strftime("%z") if moment.tzinfo is not None else ""
    return (f"{_DAYS[moment.weekday()]}, {moment.day:02d} {_MONTHS[moment.month - 1]} {moment.year:04d} "
            f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d} {zone or '-0000'}")
