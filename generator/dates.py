"""Reading dates from front matter and showing them.

A date without an offset is wall-clock time in the site's time zone; a bare
date is midnight there. Every datetime leaving this module is timezone-aware.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo


MARGIN = timedelta(days=3)


class DateError(ValueError):
    pass


def parse_datetime(value: object, tz: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, time())
    elif isinstance(value, str):
        text = value.strip()
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise DateError(
                f"{text!r} is not an ISO 8601 date; write it as 2024-05-31 or 2024-05-31T14:30:00+02:00"
            ) from None
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
