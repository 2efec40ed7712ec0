"""Dates and times as a page's language writes them, from CLDR's data
through Babel: "9 December 2022, 14:05 CET" (en-GB), "December 9, 2022,
2:05 PM" (en), "9. Dezember 2022, 14:05 MEZ" (de), "9 décembre 2022"
(fr). Machine dates (datetime attributes, feeds, sitemaps, JSON-LD) stay
ISO 8601 and RFC 822 elsewhere; only what a reader reads is localized.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton, format_time, get_timezone_gmt, get_timezone_name

FALLBACK = "en"


@cache
def locale_of(language: str) -> Locale:
    """The CLDR locale of a BCP 47 tag ("de", "pt-BR", "sr-Latn"); English for
    a tag CLDR does not know (config checks say so first)."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse(FALLBACK)


def is_language(tag: str) -> bool:
    """Does CLDR know this tag ("de", "pt-BR"; not "faq")?"""
    try:
        Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def human_date(local: datetime | date, language: str) -> str:
    return format_date(local, "long", locale=locale_of(language))


def human_time(local: datetime, language: str) -> str:
    """The time of day and its zone: "14:05 MEZ", "2:05 PM CET"."""
    return f"{format_time(local, 'short', locale=locale_of(language))} {zone_name(local, language)}"


def human_datetime(day: str, time: str, language: str) -> str:
    """A date and a time joined as the language joins them ("{1}, {0}"; Arabic's "،")."""
    pattern = str(locale_of(language).datetime_formats["long"])
    return pattern.replace("{1}", day).replace("{0}", time)


def zone_name(local: datetime, language: str) -> str:
    """The zone as readers of the language abbreviate it where CLDR has a
    common abbreviation (MEZ in German); else, in English, the zone
    database's own (CET, EST); else the offset as the language writes it
    (UTC+1)."""
    locale = locale_of(language)
    short = get_timezone_name(local, "short", locale=locale)
    if short and short[0].isalpha():
        return short
    own = local.tzname() or ""
    if locale.language == "en" and own.isalpha():
        return own
    return get_timezone_gmt(local, "long", locale=locale)


def month_and_year(year: int, month: int, language: str) -> str:
    """An archive's month as a title: "December 2022", "Dezember 2022", "décembre 2022"."""
    return format_skeleton("yMMMM", date(year, month, 1), locale=locale_of(language))


def month_name(month: int, language: str) -> str:
    """A month on its own, as a list of months shows it."""
    return locale_of(language).months["stand-alone"]["wide"][month]


def is_rtl(language: str) -> bool:
    return locale_of(language).character_order == "right-to-left"


@cache
def language_name(language: str, with_region: bool = False) -> str:
    """The language as its own readers name it, for a language switcher:
    "Deutsch", "Français", "العربية"; with its region or script where two
    editions share a language ("Português (Brasil)")."""
    locale = locale_of(language)
    name = (locale.get_display_name(locale) if with_region else locale.get_language_name(locale)) or language
    return name[:1].upper() + name[1:]
