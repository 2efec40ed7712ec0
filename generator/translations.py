"""The theme's words in the page's language: gettext catalogs (.po), read
with Babel at build time, no compile step.

The theme's English phrases are the message ids (`{{ _("Top stories") }}`
in templates, `MESSAGES` below for the titles the renderer writes). The
theme ships catalogs in generator/theme/translations/<language>.po; a site
adds a language or overrides any phrase with its own
layouts/translations/<language>.po, which wins phrase by phrase. A phrase
no catalog has stays English, and each build says once per language how
many (`newsgen theme messages` prints the template a translator starts from).
"""

from __future__ import annotations

import hashlib
import io
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from babel.support import NullTranslations, Translations

from .config import SiteConfig
from .errors import Diagnostic, warning
from .locales import locale_of

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

THEME_CATALOGS = Path(__file__).parent / "theme" / "translations"
SITE_CATALOGS = "layouts/translations"

# Titles and descriptions the renderer writes (render.py), beside the templates' phrases.
MESSAGES = (
    "News", "Opinion", "Analysis", "Sponsored",
    "Topics", "Every topic covered by %(site)s",
    "Our journalists", "The people who write %(site)s",
    "Archive", "Every story published by %(site)s, by month",
    "Page not found", "The page you asked for does not exist.",
    "Search", "Search every story published by %(site)s",
    "The latest %(section)s news from %(site)s", "Stories about %(topic)s from %(site)s", "Stories by %(author)s",
    "Stories by %(author)s from %(site)s",
    "Stories from %(year)s", "Every story %(site)s published in %(period)s",
    "Latest news", "Every story from %(site)s, newest first", "%(title)s (page %(number)d of %(count)d)",
    "%(title)s (page %(number)d)", "Page %(number)d of %(count)d", "Page %(number)d",
)

# The translations of the page being rendered: the templates' _() and ngettext() read them.
current: ContextVar[NullTranslations] = ContextVar("translations", default=NullTranslations())


@contextmanager
def speaking(language: NullTranslations) -> Iterator[None]:
    """gettext() and ngettext() answer from `language` (translations()) within the block."""
    token = current.set(language)
    try:
        yield
    finally:
        current.reset(token)


def gettext(message: str) -> str:
    return current.get().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return current.get().ngettext(singular, plural, n)


def catalog_files(config: SiteConfig, language: str) -> list[Path]:
    """The .po files for `language`, the site's first: "pt-BR" reads pt_BR.po, then pt.po."""
    tag = language.replace("-", "_")
    names = [f"{tag}.po"] + ([f"{tag.split('_')[0]}.po"] if "_" in tag else [])
    folders = (config.root / SITE_CATALOGS, THEME_CATALOGS)
    return [folder / name for folder in folders for name in names if (folder / name).is_file()]


def languages_of(config: SiteConfig, catalog) -> set[str]:
    """The languages a build writes pages in: the site's, its editions', and its stories' own."""
    return {config.language} | {e.language for e in config.editions} | {a.language for a in catalog.articles if a.language}


def fingerprint(config: SiteConfig, languages: set[str]) -> str:
    """Of the catalogs those languages read: any page may show their phrases."""
    digest = hashlib.sha256()
    for language in sorted(languages):
        for path in catalog_files(config, language):
            digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def translations(config: SiteConfig, language: str) -> NullTranslations:
    merged = _catalog_for(config, language)
    return NullTranslations() if merged is None else _compiled(merged)


def _catalog_for(config: SiteConfig, language: str) -> Catalog | None:
    """The phrases of `language` the site and the theme translate; None when neither has a catalog."""
    files = catalog_files(config, language)
    return _merged(tuple((str(path), path.stat().st_mtime_ns) for path in files), language) if files else None


@cache
def _merged(files: tuple[tuple[str, int], ...], language: str) -> Catalog:
    """One catalog of the files, the first's phrases winning (files: path, mtime)."""
    # (babel.messages here and below: 3 ms of importing that a site without catalogs need not spend)
    from babel.messages.catalog import Catalog  # noqa: PLC0415
    from babel.messages.pofile import read_po  # noqa: PLC0415

    merged = Catalog(locale=str(locale_of(language)))
    for path, _ in reversed(files):
        with open(path, "rb") as po:
            for message in read_po(po):
                if message.id and not message.fuzzy and all(message.string if isinstance(message.string, tuple) else [message.string]):
                    if message.id in merged:  # a Catalog merges into an entry it has, keeping its string
                        del merged[message.id]
                    merged[message.id] = message
    return merged


@cache
def _compiled(merged: Catalog) -> Translations:
    from babel.messages.mofile import write_mo  # noqa: PLC0415

    data = io.BytesIO()
    write_mo(data, merged)
    data.seek(0)
    return Translations(data)


def theme_messages(env) -> list[tuple[str, str | None]]:
    """(message, plural) of every phrase the theme's templates and renderer
    use, in the order found; kept with the environment while its templates
    stay the same."""
    if getattr(env, "messages", None) and env.messages[0] == env.layouts:
        return env.messages[1]
    found: dict[str, str | None] = {}
    for name in sorted(env.loader.list_templates()):
        if not name.endswith(".html"):
            continue
        source = env.loader.get_source(env, name)[0]
        for _, function, message in env.extract_translations(source):
            if isinstance(message, tuple):
                found.setdefault(message[0], message[1] if function == "ngettext" else None)
            elif isinstance(message, str):
                found.setdefault(message, None)
    for message in MESSAGES:
        found.setdefault(message, None)
    env.messages = (env.layouts, list(found.items()))
    return env.messages[1]


def template_catalog(env) -> bytes:
    """A .pot of the theme's phrases, for a translator to start from."""
    from babel.messages.catalog import Catalog  # noqa: PLC0415
    from babel.messages.pofile import write_po  # noqa: PLC0415

    catalog = Catalog(project="newsgen theme", charset="utf-8")
    for message, plural in theme_messages(env):
        catalog.add((message, plural) if plural else message)
    out = io.BytesIO()
    write_po(out, catalog, omit_header=False, sort_output=False)
    return out.getvalue()


def untranslated(config: SiteConfig, language: str, env) -> list[str]:
    """The theme's phrases `language` has no translation for (none for English)."""
    if language.split("-")[0].lower() == "en":
        return []
    known = _catalog_for(config, language)
    return [message for message, _ in theme_messages(env) if known is None or known.get(message) is None]


def missing_translation_warnings(config: SiteConfig, languages: set[str], env) -> list[Diagnostic]:
    """Once per build and language, not per page: how many phrases stay English."""
    found = []
    for language in sorted(languages):
        missing = untranslated(config, language, env)
        if missing:
            examples = ", ".join(repr(m) for m in missing[:3])
            found.append(warning(f"{SITE_CATALOGS}/{language.replace('-', '_')}.po", None,
                                 f"{len(missing)} of the theme's phrases have no {language} translation and stay English "
                                 f"({examples}...); add them there (newsgen theme messages prints them all)",
                                 kind="missing translations"))
    return found
