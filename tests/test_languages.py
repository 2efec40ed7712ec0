"""Languages: dates and times as each language writes them (checked against
Babel's own CLDR output), a story's own `lang`, right-to-left scripts."""

from __future__ import annotations

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date, format_skeleton, format_time

from .conftest import elements, story

PAGE = "world/2022/12/09/a/index.html"
WHEN = datetime(2022, 12, 9, 14, 5, tzinfo=ZoneInfo("Europe/Berlin"))


def config(language: str) -> str:
    return f'title = "Gazette"\nbase_url = "https://example.org/news/"\ntimezone = "Europe/Berlin"\nlanguage = "{language}"\n'


@pytest.mark.parametrize("language,locale", [("de", "de"), ("fr", "fr"), ("es", "es"), ("ar", "ar"), ("ja", "ja"), ("en-GB", "en_GB"),
                                             ("pt-BR", "pt_BR")])
def test_dates_and_times_are_written_as_the_language_writes_them(site, language, locale):
    s = site({"content/world/a.md": story(date="2022-12-09T14:05:00")}, config=config(language))
    s.build()
    page = s.read(PAGE)
    shown = " ".join(e.text for e in elements(page, "time"))
    assert format_date(WHEN, "long", locale=locale) in shown
    assert format_time(WHEN, "short", locale=locale) in shown
    # A month's archive is titled in the language too; machine dates stay ISO.
    month = s.read("archive/2022/12/index.html")
    assert f">{format_skeleton('yMMMM', WHEN, locale=locale)}</h1>" in month
    assert [e.attrs["datetime"] for e in elements(page, "time")][0] == "2022-12-09T14:05:00+01:00"


def test_the_zone_is_named_as_the_language_abbreviates_it(site):
    s = site({"content/world/a.md": story(date="2022-12-09T14:05:00")}, config=config("de"))
    s.build()
    assert "9. Dezember 2022, 14:05 MEZ" in s.read(PAGE)


def test_a_story_in_another_language_says_so_on_its_page_feeds_data_and_news_sitemap(site):
    s = site({"content/world/a.md": story("ニュース", lang="ja"), "content/world/b.md": story("English news", "2022-12-08T10:00:00")},
             config=config("en"))
    s.build(now=datetime(2022, 12, 9, 18, 0, tzinfo=ZoneInfo("Europe/Berlin")))  # both within the news sitemap's two days
    page = s.read(PAGE)
    [html] = elements(page, "html")
    assert (html.attrs["lang"], html.attrs["dir"]) == ("ja", "ltr")
    assert format_date(WHEN, "long", locale="ja") in page  # its dates too
    assert '<meta property="og:locale" content="ja_JP">' in page
    assert elements(s.read("world/2022/12/08/b/index.html"), "html")[0].attrs["lang"] == "en"
    article = next(d for d in map(json.loads, re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S))
                   if d.get("@type") == "NewsArticle")
    assert article["inLanguage"] == "ja"
    rss, atom = s.read("feed.xml"), s.read("atom.xml")
    ja_item = rss.split("<item>")[1]
    assert "ニュース" in ja_item and "<dc:language>ja</dc:language>" in ja_item
    assert "<dc:language>" not in rss.split("<item>")[2]
    assert re.search(r'<entry xml:lang="ja">\s*<title type="text">ニュース', atom)
    news = s.read("news-sitemap.xml")
    assert re.search(r"<news:language>ja</news:language>.*?<news:title>ニュース</news:title>", news, re.S)
    assert re.search(r"<news:language>en</news:language>\s*</news:publication>\s*<news:publication_date>[^<]*</news:publication_date>\s*"
                     r"<news:title>English news", news)


@pytest.mark.parametrize("site_language,story_language", [("ar", ""), ("en", "ar"), ("en", "he")])
def test_a_right_to_left_page_says_so(site, site_language, story_language):
    fields = {"lang": story_language} if story_language else {}
    s = site({"content/world/a.md": story("خبر", **fields)}, config=config(site_language))
    s.build()
    [html] = elements(s.read(PAGE), "html")
    assert html.attrs["dir"] == "rtl" and html.attrs["lang"] == (story_language or site_language)


def test_a_lang_that_is_no_language_tag_is_an_error_at_its_line(site):
    s = site({"content/world/a.md": story(lang="Japanese please")})
    [problem] = s.build_fails().diagnostics
    assert str(problem).startswith("content/world/a.md:4: lang 'Japanese please' is not a language tag")


def test_a_site_language_that_is_no_language_tag_is_a_config_error(site):
    from generator.config import load_config  # noqa: PLC0415
    from generator.errors import ConfigError  # noqa: PLC0415

    s = site({"content/world/a.md": story()}, config=config("English"))
    with pytest.raises(ConfigError) as caught:
        load_config(s.root)
    assert "language: 'English' is not a language tag" in str(caught.value)
    assert load_config(site({}, config=config("pt_BR")).root).language == "pt-BR"


# ---- translations of a story: hreflang, both ways --------------------------------

def alternates(page: str) -> dict[str, str]:
    return {e.attrs["hreflang"]: e.attrs["href"] for e in elements(page, "link", rel="alternate") if "hreflang" in e.attrs}


def translated_site(site):
    return site({
        "content/world/budget.md": story("Budget passes", translation_key="budget-2022"),
        "content/world/haushalt.md": story("Haushalt beschlossen", "2022-12-09T11:00:00", lang="de", translation_key="budget-2022"),
        "content/world/budget-fr.md": story("Le budget adopté", "2022-12-09T12:00:00", lang="fr", translation_key="budget-2022"),
        "content/world/alone.md": story("Alone", "2022-12-08T10:00:00"),
    }, config=config("en"))


def test_translations_link_to_each_other_both_ways_with_an_x_default(site):
    s = translated_site(site)
    s.build()
    base = "https://example.org/news/world/2022/12/09/"
    want = {"en": base + "budget/", "de": base + "haushalt/", "fr": base + "budget-fr/", "x-default": base + "budget/"}
    for rel in ("budget", "haushalt", "budget-fr"):
        page = s.read(f"world/2022/12/09/{rel}/index.html")
        assert alternates(page) == want, rel
    for url in want.values():
        assert s.exists(url.removeprefix("https://example.org/news/") + "index.html")
    assert alternates(s.read("world/2022/12/08/alone/index.html")) == {}


def test_the_sitemap_carries_the_translations_and_validates(site):
    from lxml import etree  # noqa: PLC0415

    from .distribution import schema  # noqa: PLC0415

    s = translated_site(site)
    s.build()
    data = s.path("sitemap.xml").read_bytes()
    checker = schema("xhtml-urlset")
    assert checker.validate(etree.fromstring(data)), checker.error_log
    root = etree.fromstring(data)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    entry = root.xpath("//s:url[s:loc='https://example.org/news/world/2022/12/09/haushalt/']", namespaces=ns)[0]
    assert sorted(link.get("hreflang") for link in entry.xpath("x:link", namespaces=ns)) == ["de", "en", "fr", "x-default"]


def test_a_translation_that_moves_or_goes_is_followed_by_the_others_incrementally(site):
    s = translated_site(site)
    s.build()
    s.write("content/world/haushalt.md", story("Haushalt beschlossen", "2022-12-09T11:00:00", lang="de", translation_key="budget-2022",
                                                slug="haushalt-2023"))
    s.build()
    assert alternates(s.read("world/2022/12/09/budget/index.html"))["de"].endswith("/haushalt-2023/")
    (s.root / "content/world/budget-fr.md").unlink()
    s.build()
    assert "fr" not in alternates(s.read("world/2022/12/09/budget/index.html"))
