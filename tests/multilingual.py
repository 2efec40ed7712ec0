"""Sites as a new user makes them in another language: `newsgen init`, then
site.toml edited and a few stories written. A German site, and an English
site with an Arabic edition whose stories translate some English ones.
The browser, accessibility and HTML checks read them (test_editions.py,
test_accessibility.py, test_html_validity.py)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.build import build_site
from generator.config import load_config
from generator.content.model import BuildMode
from generator.scaffold import init_site

from .conftest import Site, story

CREATED = datetime(2022, 12, 12, 9, 0, tzinfo=ZoneInfo("UTC"))  # when `newsgen init` ran
BUILT = datetime(2022, 12, 12, 18, 0, tzinfo=ZoneInfo("UTC"))
WELCOME = "content/news/2022-12-12-welcome.md"

GERMAN_STORIES = {
    "content/news/haushalt.md": story("Stadtrat beschließt den Haushalt für 2023", "2022-12-11T10:00:00", author="The Editor",
                                      tags="[Haushalt, Stadtrat]", summary="Nach langer Debatte steht der Haushalt.",
                                      body="Der Stadtrat hat am Sonntag den Haushalt beschlossen.\n\n> Wir sparen, wo es geht.\n\n- Schulen\n- Straßen\n"),
    "content/news/hafen.md": story("Fähre fährt wieder", "2022-12-10T08:00:00", author="The Editor", tags="[Verkehr]",
                                   body="Nach drei Wochen Pause fährt die Fähre wieder.\n"),
    "content/opinion/kommentar.md": story("Warum der Haushalt mutiger sein müsste", "2022-12-11T18:00:00", author="The Editor",
                                          kind="opinion", tags="[Haushalt]", body="Ein Kommentar.\n"),
    "content/pages/impressum.md": "---\ntitle: Impressum\n---\nVerantwortlich: die Redaktion.\n",
}

ARABIC_EDITION = '''
[languages.ar]
title = "جريدة المدينة"
tagline = "أخبار مدينتنا"

[languages.ar.sections]
news = "أخبار"
opinion = "رأي"
'''

ARABIC_STORIES = {
    "content/news/welcome-ar.md": story("مرحبا بكم في جريدتنا", "2022-12-12T09:30:00", lang="ar", translation_key="welcome",
                                        author="The Editor", tags="[إعلانات]", summary="أول قصة في الطبعة العربية.",
                                        body="هذه أول قصة في الطبعة العربية.\n\n## عنوان فرعي\n\n- قائمة\n- أخرى\n"),
    "content/news/budget-ar.md": story("المجلس البلدي يقر الميزانية", "2022-12-11T10:00:00", lang="ar", author="The Editor",
                                       tags="[الميزانية]", body="أقر المجلس البلدي الميزانية يوم الأحد.\n\n> نوفر حيث نستطيع.\n"),
    "content/opinion/column-ar.md": story("لماذا يجب أن تكون الميزانية أجرأ", "2022-12-11T18:00:00", lang="ar", kind="opinion",
                                          author="The Editor", tags="[الميزانية]", body="مقال رأي.\n"),
    "content/news/budget.md": story("The council passes the budget", "2022-12-11T09:00:00", author="The Editor", tags="[Budget]",
                                    body="The council passed the budget on Sunday.\n"),
}


def _made(root: Path, edit_config, files: dict[str, str], drop: tuple[str, ...] = ()) -> Site:
    init_site(root, now=CREATED)
    config = root / "site.toml"
    config.write_text(edit_config(config.read_text(encoding="utf-8")), encoding="utf-8")
    for rel in drop:
        (root / rel).unlink()
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    site = Site(root, root / "output")
    build_site(load_config(root), BuildMode(now=BUILT))
    return site


def german_site(folder: Path) -> Site:
    """`language = "de"`, the English welcome story replaced by German ones."""
    return _made(folder / "zeitung", lambda text: text.replace('language = "en"', 'language = "de"')
                 .replace('tagline = "News from our town"', 'tagline = "Nachrichten aus unserer Stadt"'),
                 GERMAN_STORIES, drop=(WELCOME,))


def english_arabic_site(folder: Path) -> Site:
    """An [languages.ar] edition; the welcome story has an Arabic translation."""
    welcome = (folder / "gazette" / WELCOME)

    def with_edition(text: str) -> str:
        return text + ARABIC_EDITION

    site = _made(folder / "gazette", with_edition, ARABIC_STORIES)
    # The welcome story and its translation share a key: written as a user would, then built again.
    welcome.write_text(welcome.read_text(encoding="utf-8").replace("tags:", "translation_key: welcome\ntags:", 1), encoding="utf-8")
    build_site(load_config(site.root), BuildMode(now=BUILT))
    return site


ARABIC_PAGES = ["ar/index.html", "ar/news/index.html", "ar/news/2022/12/12/welcome-ar/index.html", "ar/opinion/2022/12/11/column-ar/index.html",
                "ar/tags/index.html", "ar/authors/the-editor/index.html", "ar/archive/index.html"]
ENGLISH_PAGES = ["index.html", "news/2022/12/12/welcome/index.html"]
GERMAN_PAGES = ["index.html", "news/index.html", "news/2022/12/11/haushalt/index.html", "opinion/2022/12/11/kommentar/index.html",
                "tags/index.html", "archive/index.html", "impressum/index.html"]
