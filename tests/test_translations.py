"""The theme's words in the site's language: gettext catalogs the theme
ships (German, French, Spanish, Arabic; English is the source), a site's
own catalog over them, and English, said once per build, where a phrase
has no translation."""

from __future__ import annotations

import html
import re

import pytest
from babel.messages.pofile import read_po

from generator.render import template_environment
from generator.translations import THEME_CATALOGS, theme_messages

from .conftest import story

SHIPPED = ("de", "fr", "es", "ar")


def config(language: str) -> str:
    return (f'title = "Zeitung"\nbase_url = "https://example.org/z/"\ntimezone = "Europe/Berlin"\nlanguage = "{language}"\n'
            '\n[sections.welt]\ntitle = "Welt"\n')


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    words = re.sub(r"<[^>]+>", " ", page)
    labels = " ".join(re.findall(r'aria-label="([^"]*)"', page))  # read out by screen readers
    return " ".join(html.unescape(f"{words} {labels}").split())


@pytest.fixture(scope="module")
def messages(tmp_path_factory):
    """Every phrase of the theme (no site overrides), without its placeholders."""
    from generator.config import load_config  # noqa: PLC0415

    root = tmp_path_factory.mktemp("theme-only")
    (root / "site.toml").write_text(config("en"), encoding="utf-8")
    found = theme_messages(template_environment(load_config(root)))
    assert len(found) > 40
    return found


@pytest.mark.parametrize("language", SHIPPED)
def test_each_shipped_catalog_translates_every_phrase_of_the_theme(messages, language):
    with open(THEME_CATALOGS / f"{language}.po", "rb") as po:
        catalog = read_po(po)
    for message, plural in messages:
        entry = catalog.get((message, plural) if plural else message) or catalog.get(message)
        assert entry is not None and entry.string and all(entry.string if isinstance(entry.string, tuple) else [entry.string]), \
            f"{language}.po has no translation of {message!r}"
        # The same placeholders, so that no translation drops a value or asks for one that is not given.
        for translated in entry.string if isinstance(entry.string, tuple) else [entry.string]:
            assert set(re.findall(r"%\((\w+)\)", translated)) <= set(re.findall(r"%\((\w+)\)", message + (plural or ""))), translated


def german_site(site, **files):
    return site({
        "content/welt/a.md": story("Regierung stellt Haushalt vor", author="Anna Berg", tags="[Haushalt]",
                                   body="Der Bundestag berät.\n\n[^1]\n\n[^1]: Quelle.\n"),
        "content/welt/b.md": story("Zweiter Bericht", "2022-12-08T10:00:00", author="Anna Berg", tags="[Haushalt]", kind="opinion",
                                   body="Ein Kommentar.\n"),
        "content/authors/anna-berg.md": "---\nname: Anna Berg\nrole: Korrespondentin\n---\nSchreibt über Politik.\n",
        "content/pages/impressum.md": "---\ntitle: Impressum\n---\nVerantwortlich: die Redaktion.\n",
        **files,
    }, config=config("de"))


def test_a_german_site_shows_no_english_word_of_the_theme(site, messages):
    s = german_site(site)
    result = s.build()
    assert result.warnings == ()
    with open(THEME_CATALOGS / "de.po", "rb") as po:
        german = read_po(po)
    # Each phrase's English words, unless its German has them too ("Journalist/in").
    english = {message: words for message, _ in messages
               if (words := re.sub(r"%\(\w+\)[sd]", " ", message).strip())
               and words not in str(german.get(message).string if german.get(message) else "")}
    leftovers = {}
    for rel in s.files():
        if rel.endswith(".html"):
            text = visible_text(s.read(rel))
            found = [message for message, words in english.items() if len(words) > 2 and re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text)]
            if found:
                leftovers[rel] = found
    assert leftovers == {}
    front = visible_text(s.read("index.html"))
    assert "Von Anna Berg" in front and "Zum Inhalt springen" in front and "Erstellt mit newsgen" in front


def test_a_sites_own_catalog_wins_phrase_by_phrase_and_a_change_renders_again(site):
    own = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\nmsgid "Top stories"\nmsgstr "Das Wichtigste"\n'
    s = german_site(site, **{"layouts/translations/de.po": own})
    s.build()
    front = visible_text(s.read("index.html"))
    assert "Das Wichtigste" in front and "Top-Meldungen" not in front
    assert "Alle aktuellen Nachrichten" in front  # the theme's German for the rest
    s.write("layouts/translations/de.po", own.replace("Das Wichtigste", "Schlagzeilen"))
    s.build()
    assert "Schlagzeilen" in visible_text(s.read("index.html"))


def test_a_language_without_a_catalog_stays_english_with_one_warning(site):
    s = site({f"content/world/s{n}.md": story(f"Story {n}", f"2022-12-0{n}T10:00:00") for n in range(1, 4)},
             config=config("ja").replace("[sections.welt]\ntitle = \"Welt\"\n", ""))
    result = s.build()
    [warning] = result.warnings
    assert str(warning).startswith("layouts/translations/ja.po: warning: ") and "have no ja translation and stay English" in str(warning)
    assert "Top stories" in visible_text(s.read("index.html"))


def test_a_story_in_another_language_gets_its_own_words(site):
    s = site({"content/world/a.md": story("Nouvelles", lang="fr", author="Anne Roy", kind="analysis"),
              "content/world/b.md": story("News", "2022-12-08T10:00:00", author="Anne Roy")},
             config=config("en").replace("[sections.welt]\ntitle = \"Welt\"\n", ""))
    s.build()
    french = visible_text(s.read("world/2022/12/09/a/index.html"))
    assert "Par Anne Roy" in french and "Publié le" in french and "Analyse" in french
    english = visible_text(s.read("world/2022/12/08/b/index.html"))
    assert "By Anne Roy" in english and "Published" in english


def test_arabic_counts_take_arabic_plurals(site):
    s = site({f"content/world/s{n}.md": story(f"خبر {n}", f"2022-12-0{n}T10:00:00", tags="[سياسة]") for n in range(1, 4)},
             config=config("ar").replace("[sections.welt]\ntitle = \"Welt\"\n", ""))
    s.build()
    tags = visible_text(s.read("tags/index.html"))
    assert "سياسة 3 مقالات" in tags
    assert 'dir="rtl"' in s.read("tags/index.html")
