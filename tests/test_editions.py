"""A site in several languages: [languages.<code>] editions, each a whole
site under its path with its own front page, lists, feeds and sitemaps,
linked by hreflang and a language switcher (editions.py)."""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_time

from generator.build import SiteBuilder
from generator.config import load_config
from generator.content.model import BuildMode
from generator.errors import ConfigError

from .conftest import NOW, elements, story

BASE = "https://example.org/news/"
CONFIG = f'''title = "The Gazette"
tagline = "News from the valley"
base_url = "{BASE}"
timezone = "Europe/Berlin"
language = "en"

[sections.world]
title = "World"
order = 1

[sections.business]
title = "Business"
order = 2

[authors."Ana Pérez"]
slug = "ana-perez"
bio = "Covers the valley."

[languages.fr]
title = "La Gazette"
tagline = "Les nouvelles de la vallée"

[languages.fr.sections]
world = "Monde"
'''
FR = "fr/world/2022/12/09/budget-fr/index.html"
EN = "world/2022/12/09/budget/index.html"


def two_editions(site, config: str = CONFIG):
    return site({
        "content/world/budget.md": story("Budget passes", translation_key="budget", tags="[Budget]", author="Ana Pérez"),
        "content/world/budget-fr.md": story("Le budget adopté", "2022-12-09T11:00:00", lang="fr", translation_key="budget",
                                            tags="[Finances publiques]", author="Ana Pérez"),
        "content/world/seul.md": story("Une histoire sans traduction", "2022-12-08T10:00:00", lang="fr-CA", tags="[Finances publiques]"),
        "content/business/prices.md": story("Prices rise", "2022-12-07T10:00:00", tags="[Budget]"),
        "content/world/tokyo.md": story("東京の予算", "2022-12-06T10:00:00", lang="ja"),
        "content/pages/about.md": "---\ntitle: About us\n---\nWe report.\n",
        "content/pages/a-propos.md": "---\ntitle: À propos\nlang: fr\n---\nNous informons.\n",
        "content/world/_index.fr.md": "---\ntitle: Monde\ndescription: Les nouvelles du monde entier.\n---\n",
    }, config=config)


def hrefs(page: str, **attrs: str) -> list[str]:
    return [e.attrs["href"] for e in elements(page, "a", **attrs)]


def test_each_edition_is_a_whole_site_under_its_path(site):
    s = two_editions(site)
    s.build()
    # Its own front page, in its language, listing its own stories only.
    front = s.read("fr/index.html")
    assert '<html lang="fr" dir="ltr">' in front
    assert "La Gazette" in front and "Les nouvelles de la vallée" in front
    assert "Le budget adopté" in front and "Une histoire sans traduction" in front
    assert "Budget passes" not in front and "Prices rise" not in front
    english = s.read("index.html")
    assert "Budget passes" in english and "東京の予算" in english  # a language without an edition stays in the site's
    assert "Le budget adopté" not in english
    # Sections: those it has stories in or a title for, under its titles; its section text.
    nav = [e.text.strip() for e in elements(front, "a") if e.attrs.get("href", "").endswith("world/index.html") or e.text.strip() == "Monde"]
    assert "Monde" in nav
    assert "Les nouvelles du monde entier." in s.read("fr/world/index.html")
    assert not s.exists("fr/business/index.html")  # no French story, no French title
    assert s.exists("business/index.html") and "Les nouvelles du monde" not in s.read("world/index.html")
    # Tags per edition, authors shared: one person, a page in each edition with that edition's stories.
    assert s.exists("fr/tags/finances-publiques/index.html") and not s.exists("tags/finances-publiques/index.html")
    assert s.exists("tags/budget/index.html") and not s.exists("fr/tags/budget/index.html")
    author_fr = s.read("fr/authors/ana-perez/index.html")
    assert "Le budget adopté" in author_fr and "Budget passes" not in author_fr and "Covers the valley." in author_fr
    assert "Budget passes" in s.read("authors/ana-perez/index.html")
    for rel in ("fr/latest/index.html", "fr/archive/index.html", "fr/archive/2022/12/index.html", "fr/tags/index.html",
                "fr/authors/index.html", "fr/a-propos/index.html", "about/index.html"):
        assert s.exists(rel), rel
    assert not s.exists("fr/about/index.html") and not s.exists("a-propos/index.html")
    # The masthead and footer lead around the reader's own edition.
    assert hrefs(front, **{"class": "brand"}) == ["./"]
    assert "latest/" in hrefs(front) and "archive/" in hrefs(front) and "../latest/" not in hrefs(front)
    assert "décembre 2022" in s.read("fr/archive/2022/12/index.html")


def test_each_edition_has_its_own_feeds_and_sitemaps_and_robots_lists_them_all(site):
    s = two_editions(site)
    s.build(now=datetime(2022, 12, 9, 18, tzinfo=ZoneInfo("Europe/Berlin")))  # the news sitemaps hold the last 48 hours
    rss = ET.fromstring(s.read("fr/feed.xml"))
    assert rss.findtext("channel/language") == "fr"
    assert rss.findtext("channel/title") == "La Gazette"
    assert rss.findtext("channel/link") == BASE + "fr/"
    assert [i.findtext("title") for i in rss.iter("item")] == ["Le budget adopté", "Une histoire sans traduction"]
    atom = s.read("fr/world/atom.xml")
    assert 'xml:lang="fr"' in atom and "Les nouvelles du monde entier." in atom
    assert s.read("fr/atom.xml").split("<id>")[1] != s.read("atom.xml").split("<id>")[1]  # each feed its own id
    assert "Stories by Ana Pérez" not in s.read("fr/authors/ana-perez/feed.xml")  # in French: "Articles de…"

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "n": "http://www.google.com/schemas/sitemap-news/0.9"}
    french = [loc.text for loc in ET.fromstring(s.read("fr/sitemap.xml")).iterfind("s:url/s:loc", ns)]
    english = [loc.text for loc in ET.fromstring(s.read("sitemap.xml")).iterfind("s:url/s:loc", ns)]
    assert BASE + "fr/" in french and all(url.startswith(BASE + "fr/") for url in french)
    assert not any(url.startswith(BASE + "fr/") for url in english)
    # Every page but the 404 and search pages, which have nothing for a crawler.
    assert set(french) | set(english) == {BASE + rel.removesuffix("index.html") for rel in s.html_files()
                                          if rel not in ("404.html", "search/index.html", "fr/search/index.html")}
    news = ET.fromstring(s.read("fr/news-sitemap.xml"))
    assert {e.text for e in news.iterfind(".//n:language", ns)} == {"fr"}
    robots = s.read("robots.txt")
    for name in ("sitemap.xml", "news-sitemap.xml", "fr/sitemap.xml", "fr/news-sitemap.xml"):
        assert f"Sitemap: {BASE}{name}\n" in robots


def test_translations_across_editions_link_both_ways_and_the_switcher_follows(site):
    s = two_editions(site)
    s.build()
    want = {"en": BASE + EN.removesuffix("index.html"), "fr": BASE + FR.removesuffix("index.html")}
    want["x-default"] = want["en"]
    for rel in (EN, FR):
        page = s.read(rel)
        found = {e.attrs["hreflang"]: e.attrs["href"] for e in elements(page, "link", rel="alternate") if "hreflang" in e.attrs}
        assert found == want, rel
    switcher = {e.attrs["hreflang"]: (e.attrs["href"], "aria-current" in e.attrs, e.text) for e in elements(s.read(FR), "a") if "hreflang" in e.attrs}
    assert switcher == {"en": ("../../../../../../world/2022/12/09/budget/", False, "English"), "fr": ("./", True, "Français")}
    # A story without a translation, and any other page: the other edition's front page.
    alone = {e.attrs["hreflang"]: e.attrs["href"] for e in elements(s.read("fr/world/2022/12/08/seul/index.html"), "a") if "hreflang" in e.attrs}
    assert alone["en"] == "../../../../../../"
    assert {e.attrs["hreflang"]: e.attrs["href"] for e in elements(s.read("business/index.html"), "a") if "hreflang" in e.attrs} == {
        "en": "../", "fr": "../fr/"}
    # A site in one language has no switcher.
    single = site({"content/world/a.md": story()}, config=CONFIG.split("[languages.fr]")[0])
    single.build()
    assert 'class="editions"' not in single.read("index.html")


def test_links_in_a_story_of_another_edition_are_read_from_its_own_page(site):
    """Let's Encrypt's French and zh-TW stories: every relative link and
    picture in their bodies was read from the page the story would have in
    the site's own edition, one folder off (/fr/fr/…, /fr/news/pic.svg)."""
    s = site({
        "content/world/eng.md": story("English", "2022-12-08T10:00:00"),
        "content/world/fra.md": story("Histoire", "2022-12-09T10:00:00", lang="fr",
                                      body="[en](/world/2022/12/08/eng/) [fr](deux.md) [about](/about/) ![Rouge](pic.svg)\n"),
        "content/world/deux.md": story("Deux", "2022-12-07T10:00:00", lang="fr"),
        "content/world/pic.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        "content/pages/about.md": "---\ntitle: About us\n---\nWe report.\n",
    }, config=CONFIG)
    s.build()
    page_url = "/fr/world/2022/12/09/fra/"
    body = s.read("fr/world/2022/12/09/fra/index.html").split('class="story-body"', 1)[1]
    found = {e.text or e.attrs.get("alt"): posixpath.normpath(posixpath.join(page_url, e.attrs.get("href") or e.attrs["src"]))
             for e in elements(body, "a") + elements(body, "img") if (e.text or e.attrs.get("alt")) in ("en", "fr", "about", "Rouge")}
    assert found == {"en": "/world/2022/12/08/eng", "fr": "/fr/world/2022/12/07/deux", "about": "/about", "Rouge": "/world/pic.svg"}


def test_versions_of_a_story_without_their_edition_are_told_how_to_part(site):
    """Let's Encrypt, just imported: 168 errors saying 'change a slug, title
    or date so they differ' for translations at one URL, when what parts
    them is an edition per language (changing slugs would lose old URLs)."""
    s = site({
        "content/world/budget.md": story("Budget passes", translation_key="budget"),
        "content/world/budget-es.md": story("Budget passes", lang="es", translation_key="budget", slug="budget"),
    }, config=CONFIG)
    [problem] = s.build_fails().diagnostics
    assert "versions of one story in two languages: add [languages.es]" in problem.message and "change a slug" not in problem.message


def test_a_static_page_and_its_translation_link_both_ways(site, tmp_path):
    """Hugo's about.md and about.fr.md, imported with one translation_key:
    the French page was `lang="en"`, without hreflang, and its switcher led
    to the English front page."""
    s = site({
        "content/world/a.md": story("Budget passes"),
        "content/pages/about.md": "---\ntitle: About us\ntranslation_key: about\n---\nWe report.\n",
        "content/pages/a-propos.md": "---\ntitle: À propos\nlanguage: fr\ntranslation_key: about\n---\nNous informons.\n",
    }, config=CONFIG)
    builder = SiteBuilder(s.config(), cache_dir=tmp_path / "cache")
    builder.build(BuildMode(now=NOW))
    english, french = s.read("about/index.html"), s.read("fr/a-propos/index.html")
    assert '<html lang="fr"' in french
    want = {"en": BASE + "about/", "fr": BASE + "fr/a-propos/", "x-default": BASE + "about/"}
    for page in (english, french):
        assert {e.attrs["hreflang"]: e.attrs["href"] for e in elements(page, "link", rel="alternate") if "hreflang" in e.attrs} == want
    assert {e.attrs["hreflang"]: e.attrs["href"] for e in elements(french, "a") if "hreflang" in e.attrs} == {"en": "../../about/", "fr": "./"}
    sitemap = s.read("sitemap.xml")
    assert f'hreflang="fr" href="{BASE}fr/a-propos/"' in sitemap.split(f"<loc>{BASE}about/</loc>", 1)[1].split("</url>", 1)[0]
    # The French page renamed: the English page, which links to it, renders again.
    s.write("content/pages/a-propos.md", "---\ntitle: À propos\nslug: qui-sommes-nous\nlanguage: fr\ntranslation_key: about\n---\nNous.\n")
    builder.build(BuildMode(now=NOW))
    assert f'hreflang="fr" href="{BASE}fr/qui-sommes-nous/"' in s.read("about/index.html")


def test_a_page_named_for_an_edition_is_that_editions(site):
    """Hugo's about.fr.md is the French about page at /fr/about/; copied
    here it was an English page at /about-fr/ (and imported translated pages
    lost their URL, /ca/docs/account-id-ca/ for /ca/docs/account-id/)."""
    s = site({
        "content/world/a.md": story("Budget passes"),
        "content/pages/about.md": "---\ntitle: About us\ntranslation_key: about\n---\nWe report.\n",
        "content/pages/about.fr.md": "---\ntitle: À propos\ntranslation_key: about\n---\nNous informons.\n",
        "content/pages/notes.v2.md": "---\ntitle: Notes\n---\nNot a language.\n",
    }, config=CONFIG)
    s.build()
    french = s.read("fr/about/index.html")
    assert '<html lang="fr"' in french and "Nous informons." in french
    assert f'hreflang="fr" href="{BASE}fr/about/"' in s.read("about/index.html")
    assert s.exists("notes-v2/index.html")


def test_an_edition_in_a_right_to_left_language_under_a_path_of_its_own(site):
    config = CONFIG.replace("[languages.fr]", '[languages.ar]\npath = "/arabic/"\ntimezone = "Asia/Dubai"').split("[languages.fr.sections]")[0]
    s = site({
        "content/world/a.md": story("Budget passes", translation_key="budget"),
        "content/world/b.md": story("الميزانية", "2022-12-09T11:00:00", "نص.\n", lang="ar", translation_key="budget"),
    }, config=config.replace('title = "La Gazette"', 'title = "الجريدة"'))
    s.build()
    page = s.read("arabic/world/2022/12/09/b/index.html")
    assert '<html lang="ar" dir="rtl">' in page
    # Its own time zone: 11:00 in Berlin, as site.toml reads a date without offset, is 14:00 in Dubai.
    local = datetime(2022, 12, 9, 11, tzinfo=ZoneInfo("Europe/Berlin")).astimezone(ZoneInfo("Asia/Dubai"))
    assert format_time(local, "short", locale="ar") in page
    assert format_time(local.astimezone(ZoneInfo("Europe/Berlin")), "short", locale="ar") not in page
    assert s.exists("arabic/index.html") and not s.exists("ar/index.html")


def test_an_edition_change_renders_only_what_it_touches(site, tmp_path):
    s = two_editions(site)
    builder = SiteBuilder(s.config(), cache_dir=tmp_path / "cache")
    builder.build(BuildMode(now=NOW))
    s.write("content/world/budget-fr.md", story("Le budget est adopté", "2022-12-09T11:00:00", lang="fr", translation_key="budget",
                                                tags="[Finances publiques]", author="Ana Pérez"))
    result = SiteBuilder(s.config(), cache_dir=tmp_path / "cache").build(BuildMode(now=NOW))
    assert "Le budget est adopté" in s.read(FR) and "Le budget est adopté" in s.read("fr/index.html")
    assert result.rendered < result.pages / 2, (result.rendered, result.pages)
    # The English edition's pages do not show the French headline: they were kept.
    assert "Le budget" not in s.read("index.html")


@pytest.mark.parametrize("table,message", [
    ('[languages."xx!"]\ntitle = "X"', "is not a language tag"),
    ('[languages.en]\ntitle = "X"', "the site's own language"),
    ('[languages.fr]\npath = "fr"', "must be a folder of the site"),
    ('[languages.fr]\npath = "/"', "must be a folder of the site"),
    ('[languages.fr]\npath = "/x/"\n[languages.de]\npath = "/x/"', "also the path of the fr edition"),
    ('[languages.fr]\ntitel = "X"', "did you mean 'title'"),
    ('[languages.fr]\ntimezone = "Europe/Pariss"', "not an IANA time zone"),
    ('[languages.fr.sections]\nworld = 3', "must be the section's title in fr"),
])
def test_a_mistake_in_an_edition_is_a_config_error_at_its_line(site, table, message):
    s = site({}, config=CONFIG.split("[languages.fr]")[0] + table + "\n")
    with pytest.raises(ConfigError) as caught:
        load_config(s.root)
    text = str(caught.value)
    assert message in text and "site.toml:" in text, text


def test_an_edition_takes_its_defaults_from_the_site(site):
    s = site({}, config=CONFIG.split("[languages.fr]")[0] + "[languages.pt-BR]\n")
    edition = load_config(s.root).editions[0]
    assert (edition.language, edition.title, edition.path, edition.tagline) == ("pt-BR", "The Gazette", "/pt-br/", "")
    assert edition.takes("pt-br") and edition.takes("pt-BR-x-foo") and not edition.takes("pt") and not edition.takes("pt-PT")


# ---- in a real browser: sites as `newsgen init` makes them -------------------------

@pytest.fixture(scope="module")
def init_sites(tmp_path_factory):
    from .multilingual import english_arabic_site, german_site  # noqa: PLC0415

    folder = tmp_path_factory.mktemp("init-sites")
    return german_site(folder), english_arabic_site(folder)


def english_phrases(site) -> list[str]:
    """The theme's English phrases of more than one word, without placeholders."""
    from generator.render import template_environment  # noqa: PLC0415
    from generator.translations import theme_messages  # noqa: PLC0415

    found = [re.sub(r"%\(\w+\)[sd]", " ", message).strip() for message, _ in theme_messages(template_environment(site.config()))]
    return [words for words in found if " " in words and "newsgen" not in words]


@pytest.mark.parametrize("width", [375, 1280])
def test_a_german_and_an_english_arabic_site_read_in_their_languages_in_the_browser(browser, init_sites, width):
    from .multilingual import ARABIC_PAGES, ENGLISH_PAGES, GERMAN_PAGES  # noqa: PLC0415

    german, arabic = init_sites
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        for site, pages, language, direction in ((german, GERMAN_PAGES, "de", "ltr"), (arabic, ARABIC_PAGES, "ar", "rtl"),
                                                  (arabic, ENGLISH_PAGES, "en", "ltr")):
            english = english_phrases(site) if language != "en" else []
            for rel in pages:
                page.goto((site.output / rel).as_uri())
                shown = page.evaluate("""() => ({
                    lang: document.documentElement.lang,
                    direction: getComputedStyle(document.body).direction,
                    overflow: document.documentElement.scrollWidth - window.innerWidth,
                    text: document.body.innerText,
                    nav: [...document.querySelectorAll('.sections li')].map(li => li.getBoundingClientRect().left),
                })""")
                assert (shown["lang"], shown["direction"]) == (language, direction), rel
                assert shown["overflow"] <= 0, f"{rel} is {shown['overflow']} px wider than a {width} px screen"
                leftovers = [words for words in english if words in shown["text"]]
                assert leftovers == [], f"{rel} shows English theme words: {leftovers}"
                if width == 1280:  # the sections run from the start of the line: the right in Arabic
                    assert shown["nav"] == sorted(shown["nav"], reverse=direction == "rtl"), rel
        # The switcher: from the Arabic story to its English original, and back; from a page without one to the other front page.
        page.goto((arabic.output / "ar/news/2022/12/12/welcome-ar/index.html").as_uri())
        page.click(".editions a[hreflang=en]")
        assert page.url == (arabic.output / "news/2022/12/12/welcome/index.html").as_uri()
        page.click(".editions a[hreflang=ar]")
        assert page.url == (arabic.output / "ar/news/2022/12/12/welcome-ar/index.html").as_uri()
        page.goto((arabic.output / "news/2022/12/11/budget/index.html").as_uri())
        page.click(".editions a[hreflang=ar]")
        assert page.url == (arabic.output / "ar/index.html").as_uri()
        assert page.evaluate("document.title").startswith("جريدة المدينة")
    finally:
        context.close()


def test_the_switcher_names_each_language_as_its_readers_do_with_the_region_only_where_two_share_one(site):
    s = site({"content/world/a.md": story("Orçamento aprovado"), "content/world/b.md": story("Orçamento aprovado", lang="pt-BR")},
             config=CONFIG.split("[languages.fr]")[0].replace('language = "en"', 'language = "pt-PT"') + "[languages.pt-BR]\n")
    s.build()
    names = [e.text for e in elements(s.read("index.html"), "a") if "hreflang" in e.attrs]
    assert names == ["Português (Portugal)", "Português (Brasil)"]
    names = [e.text for e in elements(two_editions_built(site).read("index.html"), "a") if "hreflang" in e.attrs]
    assert names == ["English", "Français"]


def two_editions_built(site):
    s = two_editions(site)
    s.build()
    return s
