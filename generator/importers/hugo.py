"""A Hugo site → newsgen stories, section files and pages.

Configuration comes from `hugo.toml|yaml|json`, `config.toml|yaml|json` or
`config/_default/` (keys read case-insensitively, as Hugo does). Content is
read from `content/`, or from each language's `contentDir`; front matter is
YAML (`---`), TOML (`+++`) or JSON (`{`), its keys in any case, with each
list page's `cascade` put into the pages below it.

Targets: the section is the first folder under the (language's) content
folder; a story goes to `SECTION/NAME.md`, NAME being its file name (or its
bundle folder, for `post/my-post/index.md`, whose resources are copied to
`SECTION/NAME/` beside the story at `SECTION/NAME/index.md`, with those of its
translations' bundles it lacks, as Hugo shares them), or, when two
stories of one language have that name, `SECTION/FOLDERS/NAME.md`; a NAME
starting with the month and day of the story's date gets its year before
them (`blog/2019/09-01-x.md` → `blog/2019-09-01-x.md`). A section's
`_index.md` becomes the section file `SECTION/_index.md`. Files at the top of
the content folder become pages (`pages/NAME.md`).

Languages: newsgen has one tree of sections, not one per language, so a
French story stays in `SECTION/` too (not `fr/SECTION/`) and carries
`language: fr`; every story of a multilingual site carries `translation_key`
(Hugo's `translationKey`, else the file's path without the language, so that
`post.md` and `post.fr.md`, or `content/en/x.md` and `content/fr/x.md`, share
one). Only when two languages would write the same target does the file of
the language that is not the default get a `-LANG` suffix (`x-fr.md`; a
section's text, Hugo's `_index.fr.md`). A language the config disables
(`disableLanguages`, `disabled = true`) is not imported: Hugo renders none of it.

`draft: true` stays a draft; `expiryDate` → `expires`; a `publishDate`
later than `date` is the date. The old URL (`url:`, else the `permalinks`
pattern of the section, else `/FOLDERS/SLUG/`, with `/LANG` before it for a
language other than the default unless each language has its own baseURL)
and every alias, as Hugo serves it (_alias_as_served), go to `aliases`. Shortcodes are converted by
`convert.convert_markup`; files of `static/` a body names are copied to the
same site path.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import functools
import json
import posixpath
import re
import tomllib
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from ..content.discover import HTML_SUFFIXES
from ..content.keys import ARTICLE_KEYS, AUTHOR_KEYS, IGNORED, PAGE_KEYS, SECTION_KEYS, SYNONYMS, WITHHOLDING
from ..content.markdown import blackfriday_heading_id, heading_id
from ..content.parse import as_markdown, plain_text, undated_name
from ..content.rst import RST_SUFFIXES
from ..errors import NewsgenError
from ..slugs import slugify, tag_slug
from ..config import MarkdownSettings
from .common import (HOME_PAGE, ImportedFile, ImportReport, RedirectStubs, UnreadableFrontMatter, convert_each, load_yaml, netlify_redirects,
                     site_timezone,
                     suggest_editions, suggest_markdown, suggest_time_zone)
from .convert import (LinkResolver, _is_plain_file, as_datetime, bundle_links, collect_assets, commonmark_html_blocks, convert_markup, date_text,
                      goldmark_linkify, hugo_hooked_links, map_front_matter, paths_replaced, put_lead_image, rooted_page_links, split_list)

CONTENT_SUFFIXES = (".md", ".markdown", ".html", ".htm")  # Hugo publishes HTML content files too (Let's Encrypt has some)
# Taxonomies whose terms are people: authors/eric/_index.md is Eric's file.
AUTHOR_TAXONOMIES = ("authors", "author")
_DATE_KEYS = ("date", "publishDate", "publishdate", "pubDate", "pubdate")
# Where Hugo's `date` comes from when none of those gives it, in its order
# (the default of its front-matter configuration: gohugo.io/configuration/front-matter).
_LAST_DATE_KEYS = ("published", "lastmod", "modified")
_DATED = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<rest>.+)$")
_CONSUMED = frozenset({"title", "date", "publishDate", "publishdate", "pubDate", "pubdate", "draft", "url", "aliases",
                       "slug", "translationKey", "translation_key", "lang", "language", "expiryDate", "expirydate",
                       "author", "authors", "categories", "tags", "section", "cascade"})


# Hugo reads front-matter keys in any case (`Draft: true` is a draft): each
# key any reader here knows is read under the spelling the reader asks for.
_SPELLING = {key.lower(): key for group in (_CONSUMED, ARTICLE_KEYS, PAGE_KEYS, SECTION_KEYS, AUTHOR_KEYS, SYNONYMS, IGNORED, WITHHOLDING)
             for key in sorted(group, reverse=True)}


def _known_spellings(front: dict[str, Any]) -> dict[str, Any]:
    spelled: dict[str, Any] = {}
    for key, value in front.items():
        spelled.setdefault(_SPELLING.get(str(key).lower(), key), value)  # of `Title` and `title` both, the first
    return _with_params(spelled)


# Hugo's own front-matter fields (gohugo.io/content-management/front-matter):
# under `params` they are a site's own values, not the page's date or URL.
_HUGO_FIELDS = frozenset({"aliases", "build", "cascade", "date", "description", "draft", "expirydate", "headless", "isctime",
                          "keywords", "lastmod", "layout", "linktitle", "markup", "outputs", "publishdate", "resources",
                          "sitemap", "slug", "summary", "title", "translationkey", "type", "url", "weight"})


def _with_params(front: dict[str, Any]) -> dict[str, Any]:
    """`params: {author: kevin, cover: …}` (linkerd.io's), whose values
    Hugo gives templates as a page's own, read as if written beside it;
    what the page says itself wins, and Hugo's own fields stay under `params`."""
    params = front.get("params")
    if not isinstance(params, dict):
        return front
    merged, left = dict(front), {}
    for key, value in params.items():
        spelled = _SPELLING.get(str(key).lower(), key)
        if str(key).lower() in _HUGO_FIELDS or spelled in front:
            left[key] = value
        else:
            merged[spelled] = value
    if left:
        merged["params"] = left
    else:
        del merged["params"]
    return merged


def _lower_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k).lower(): _lower_keys(v) for k, v in value.items()}
    return value


def _parse_config(path: Path) -> dict[str, Any]:
    """A config file's settings; NewsgenError naming it where it cannot be
    read, as Hugo stops there too (the import cannot guess its settings)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".toml":
            data = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            data = load_yaml(text, only_true_false=True, what="the config") or {}
    except UnicodeDecodeError as exc:
        raise NewsgenError(f"{path}: the config is not UTF-8 text (byte {exc.start}): save it as UTF-8 and import again") from None
    except json.JSONDecodeError as exc:
        raise NewsgenError(f"{path}: the config is not valid JSON (line {exc.lineno}: {exc.msg}): correct it in the source "
                           "and import again") from None
    except tomllib.TOMLDecodeError as exc:
        raise NewsgenError(f"{path}: the config is not valid TOML ({exc}): correct it in the source and import again") from None
    except UnreadableFrontMatter as exc:
        raise NewsgenError(f"{path}: {exc}") from None
    return _lower_keys(data) if isinstance(data, dict) else {}


CONFIG_FILES = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json")
CONFIG_SUFFIXES = (".toml", ".yaml", ".yml", ".json")


def holds_config(site: Path) -> bool:
    """Is there a Hugo config in the folder: a file of a name Hugo reads, or
    its config folder, config/_default/ or an environment's (config/production/)?"""
    return (any((site / name).is_file() for name in CONFIG_FILES)
            or any(path.suffix in CONFIG_SUFFIXES for path in (site / "config").glob("*/*") if path.is_file()))


def read_config(site: Path) -> dict[str, Any]:
    for name in CONFIG_FILES:
        if (site / name).is_file():
            return _parse_config(site / name)
    folder = site / "config" / "_default"
    config: dict[str, Any] = {}
    if folder.is_dir():
        # Every file below it, named by its base name as Hugo names it (LoadConfigFromDir walks the folder):
        # falco-website's config/_default/module/module.yaml holds its content mounts.
        files = [path for path in folder.rglob("*") if path.is_file()]
        for path in sorted(files, key=lambda path: (path.stem.lower() not in ("hugo", "config"), path.relative_to(folder).as_posix())):
            if path.suffix not in CONFIG_SUFFIXES:
                continue
            data = _parse_config(path)
            key, _, language = path.stem.lower().partition(".")
            if language:
                # A language's own file (Let's Encrypt's languages.en.toml, a
                # theme's menus.fr.toml): Hugo puts it under languages.LANG.
                settings = config.setdefault("languages", {}).setdefault(language, {})
                if key in ("languages", "hugo", "config"):
                    settings.update(data)
                else:
                    settings[key] = data
            elif key in ("hugo", "config"):
                config.update(data)
            elif isinstance(data, dict) and isinstance(config.get(key), dict):
                config[key].update(data)
            else:
                config[key] = data
    return config


# Hugo reads the rest of the opening fence's line as the front matter's: a comment there ("+++ # x", "---#x") is TOML's or YAML's.
_FENCE_COMMENT = r"(?:[ \t]*#[^\r\n]*)?"
_TOML_FRONT_MATTER = re.compile(rf"\+\+\+{_FENCE_COMMENT}[ \t]*\r?\n(.*?)\r?\n\+\+\+[ \t]*(?:\r?\n|$)", re.DOTALL)


def read_front_matter(text: str) -> tuple[dict[str, Any] | None, str]:
    """(front matter, body); (None, text) without front matter. Raises
    UnreadableFrontMatter for front matter that is not valid."""
    text = text.lstrip("\ufeff")
    try:
        if text.startswith("+++"):
            match = _TOML_FRONT_MATTER.match(text)
            if match:
                return tomllib.loads(match[1]), text[match.end():]
        elif text.startswith("---"):
            # Hugo reads a longer opening line too (kubernetes.dev's k8s-book-club.md opens with ------), as the build does.
            match = re.match(rf"-{{3,}}{_FENCE_COMMENT}[ \t]*\r?\n(.*?)(?:^|\n)---[ \t]*(?:\r?\n|$)", text, re.DOTALL | re.MULTILINE)
            if match:
                front = load_yaml(match[1], first_line=2) if match[1].strip() else {}
                return (front if isinstance(front, dict) else {}), text[match.end():]
        elif text.startswith("{"):
            decoder = json.JSONDecoder()
            front, end = decoder.raw_decode(text)
            if isinstance(front, dict):
                return front, text[end:].lstrip("\r\n")
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise UnreadableFrontMatter(f"front matter is not valid {'TOML' if text.startswith('+') else 'JSON'} ({exc}): "
                                    "correct it in the source and import again") from None
    return None, text


# An integer written with leading zeros (volcano-sh's `dateday = 07`, in 7
# posts): TOML 1.0 refuses it, but Hugo read its TOML with BurntSushi/toml,
# which took such a number as written until v0.4.0 (Hugo 0.80): the site
# built. Only where the front matter is otherwise valid TOML, and holds no
# multi-line string in which such a line could be text.
_LEADING_ZEROS = re.compile(r"^(\s*[\w\"'.-]+\s*=\s*[+-]?)0+(?=\d)", re.MULTILINE)


def _as_older_hugo_read_toml(text: str) -> tuple[dict[str, Any], str] | None:
    """(front matter, body) of a `+++` file read as Hugo before 0.80 read
    it; None where that reading fails too, or is not the only difference."""
    match = _TOML_FRONT_MATTER.match(text.lstrip("\ufeff"))
    if match is None or '"""' in match[1] or "'''" in match[1] or not _LEADING_ZEROS.search(match[1]):
        return None
    try:
        return tomllib.loads(_LEADING_ZEROS.sub(r"\1", match[1])), text.lstrip("\ufeff")[match.end():]
    except tomllib.TOMLDecodeError:
        return None


class _Entry:
    def __init__(self, path: Path, rel: str, language: str, content_rel: str, kind: str) -> None:
        self.path, self.rel, self.language, self.content_rel, self.kind = path, rel, language, content_rel, kind
        self.problem = self.note = ""
        text = path.read_text(encoding="utf-8-sig")
        try:
            front, self.body = read_front_matter(text)
            # Front matter is optional in Hugo: a file without it is a page, titled by its name (hugo-book has eleven).
            front = {} if front is None else front
        except UnreadableFrontMatter as exc:
            front, self.body, self.problem = None, "", str(exc)
            older = _as_older_hugo_read_toml(text)
            if older is not None:
                (front, self.body), self.note = older, f"{exc}; read as Hugo before 0.80 read it, an integer's leading zeros dropped"
        self.front = _known_spellings(front) if front is not None else None
        parts = content_rel.split("/")
        self.bundle = _is_index(path) and len(parts) > 1
        # A bundle and a list page (_index.md) are named by their folder.
        name = parts[-2] if self.bundle or (_is_list(path) and len(parts) > 1) else path.stem
        if not self.bundle and name.lower().endswith(f".{language.lower()}"):
            name = name[: -len(language) - 1]  # post.fr → post; bootstrap-4.6.0 keeps its dots, as Hugo's URL does
        self.name = name
        self.section = parts[0] if len(parts) > 1 and kind != "page" else ""
        self.target = ""
        self.key = ""
        self.named_apart = False  # its file named with its language, apart from another language's version


def read_hugo(site: Path, report: ImportReport, timezone: ZoneInfo) -> Iterator[ImportedFile]:
    """Every story, section file and page of the Hugo site in `site`."""
    report.source = report.source or f"Hugo site {site}"
    _holds_bundle_index.cache_clear()  # folders of another import, or changed since
    _shortcodes_in.cache_clear()
    config = read_config(site)
    tz = site_timezone(config.get("timezone"), timezone, report, "config")
    languages: dict[str, dict[str, Any]] = {str(k).lower(): (v or {}) for k, v in (config.get("languages") or {}).items()}
    default = str(config.get("defaultcontentlanguage") or (next(iter(languages)) if languages else "en")).lower()
    multilingual = len(languages) > 1  # a disabled language counts, as in Hugo: the default's /en/ stays
    disabled = _disabled_languages(config, languages, default)
    multihost = len(set(languages) - disabled) > 1 and all(v.get("baseurl") for v in languages.values())
    in_subdir = bool(config.get("defaultcontentlanguageinsubdir"))

    # Where each language's content is: its contentDir, and the module mounts
    # that put a folder where content is (twbs/blog mounts src/content), each
    # for some languages (`lang`, or Hugo 0.153's `sites.matrix.languages`) or
    # for the site's (the default language, or the one a file's name gives).
    content_dir = str(config.get("contentdir") or "content")
    mounted: list[tuple[str, str | None]] = [(str(v["contentdir"]), lang) for lang, v in languages.items() if v.get("contentdir")]
    if mounted:  # a language without a contentDir of its own has the site's (docsy-example's English)
        mounted += [(content_dir, lang) for lang, v in languages.items() if not v.get("contentdir")]
    module = config.get("module")
    for mount in (module.get("mounts") or [] if isinstance(module, dict) else []):
        if isinstance(mount, dict) and str(mount.get("target", "")).strip("/") == "content" and mount.get("source"):
            mounted += [(str(mount["source"]), language) for language in _mount_languages(mount)] or [(str(mount["source"]), None)]
    if any(language for _, language in mounted):
        roots = _without_fill_ins(site, mounted, report)
        _say_unmapped_folders(site, [root for root, _ in roots], report)
    else:
        roots = [(site / (mounted[-1][0] if mounted else content_dir), None)]
    if not any(root.is_dir() for root, _ in roots):
        raise NewsgenError(f"{site}: no content folder found ({', '.join(str(root.relative_to(site)) for root, _ in roots)}); "
                           "is it a Hugo site? Its config names another with contentDir or a module mount")

    # The folders of the site's taxonomies (Hugo's default: tags and categories), whose terms newsgen makes tags.
    given = config.get("taxonomies")
    taxonomies = {str(plural).lower() for plural in given.values()} if isinstance(given, dict) else {"tags", "categories"}
    ignored = _ignore_files(config, report)
    entries: list[_Entry] = []
    term_pages: list[_Entry] = []  # the pages of the taxonomies and their terms: newsgen's tag pages stand for them
    merged: set[tuple[str, str]] = set()  # (language, path in content) already found
    left_out: dict[str, list[str]] = {}  # a disabled language → the folders its files were found in
    for root, lang in roots:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            content_rel = path.relative_to(root).as_posix()
            if not path.is_file() or path.suffix.lower() not in CONTENT_SUFFIXES or any(p.startswith(".") for p in content_rel.split("/")):
                continue
            if _said_ignored(path, site, ignored, report):
                continue
            if _inside_leaf_bundle(path, root):
                continue  # a content resource of a bundle, not a page of its own
            language = lang or _suffix_language(path, languages) or default
            if language in disabled:
                left_out.setdefault(language, []).append(root.relative_to(site).as_posix())
                continue
            if (language, content_rel) in merged:
                continue  # an earlier folder of this language has it (Hugo's mounts merge so)
            merged.add((language, content_rel))
            parts = content_rel.split("/")
            in_authors = parts[0].lower() in AUTHOR_TAXONOMIES
            if len(parts) > 1 and parts[0].lower() in taxonomies and not in_authors:
                # hugo-theme-learn's categories/documentation/_index.md: a term's page
                term_pages.append(_Entry(path, path.relative_to(site).as_posix(), language, content_rel, "term"))
                continue
            if _is_list(path):
                if len(parts) == 1:
                    kind = "home"  # not imported: read for its cascade
                elif len(parts) == 2 and in_authors:
                    report.skipped.append((path.relative_to(site).as_posix(), "the authors' list page: newsgen makes that list"))
                    continue
                else:  # authors/eric/_index.md is an author; guides/hcd/_index.md the page of its folder.
                    kind = "author" if in_authors and len(parts) == 3 else "section" if len(parts) == 2 else "page"
            elif len(parts) == 1 or (len(parts) == 2 and _is_index(path)):
                kind = "page"  # content/team/index.md too: a leaf bundle, a page of the home section at /team/
            else:
                kind = "story"
            entry = _Entry(path, path.relative_to(site).as_posix(), language, content_rel, kind)
            if entry.front is None:
                report.skipped.append((entry.rel, entry.problem))
                continue
            if entry.note:
                report.changed.append((entry.rel, entry.note))
            entries.append(entry)
    _say_disabled_languages(left_out, report)
    _cascade(entries)
    suggest_editions((entry.language for entry in entries), default, str(config.get("title") or ""),
                     {code: str(settings["title"]) for code, settings in languages.items() if settings.get("title")}, report,
                     "the config's defaultContentLanguage")
    if not config.get("timezone"):  # Hugo shows a date in the offset it is written with (time.AsTime): the site's zone is in them
        # (a date without an offset Hugo read in UTC: the zone is suggested only when most dates carry one)
        offsets = list(_written_offsets(entries))
        suggest_time_zone([offset for offset in offsets if offset], tz, report, "the site's dates were written at", by_hand=True,
                          unzoned=offsets.count(None))
    blackfriday = _blackfriday_era(site, config)
    _suggest_heading_ids(config, entries, report, blackfriday)
    linkify = _linkify(config, blackfriday)
    for entry in [entry for entry in entries if entry.kind == "home"]:
        entries.remove(entry)
        report.skipped.append((entry.rel, HOME_PAGE))
    for entry in entries:
        if entry.kind == "story" and not _dated(entry):
            entry.kind = "page"  # Hugo publishes it at its path, and so does newsgen
    for entry in _author_translations(entries, default, report):
        entries.remove(entry)

    # Pass 1: targets, keys and names for ref.
    claimed: dict[str, list[_Entry]] = {}
    for entry in entries:
        entry.target = _target(entry)
        claimed.setdefault(entry.target, []).append(entry)
    for owners in list(claimed.values()):
        if len(owners) > len({e.language for e in owners}):
            # news/2019/results.md and news/2020/results.md, one language's: each keeps its folders.
            for entry in list(owners):
                claimed[entry.target].remove(entry)
                entry.target = _target(entry, nested=True)
                claimed.setdefault(entry.target, []).append(entry)
    for target, owners in claimed.items():
        if len({e.language for e in owners}) > 1:
            for entry in owners:
                if entry.language != default:
                    stem, dot, ext = target.rpartition(".")
                    if entry.kind in ("section", "page"):
                        # _index.fr.md, about.fr.md, as Hugo names them: with its [languages] edition, at Hugo's URL
                        # (a page bundle's too: content/ja/training/index.md is pages/training.ja.md, at /ja/training/)
                        entry.target = f"{stem}.{entry.language}.{ext}"
                    elif entry.bundle:
                        folder, _, file = target.rpartition("/")
                        entry.target = f"{folder}-{entry.language}/{file}"
                    else:
                        entry.target = f"{stem}-{entry.language}.{ext}"
                    entry.named_apart = True
    for entry in _pages_hugo_replaced(entries, report):
        entries.remove(entry)
    # Hugo publishes static/ and content/'s files that are not pages, each at its path: /news/one/pic.png.
    content_roots = [root for root, _ in roots if root.is_dir()]
    # Hugo lower-cases the paths of pages and their files (unless disablePathToLower): /docs/concepts/x.png is in docs/Concepts/.
    links = LinkResolver(site, [*_static_folders(site, config), *content_roots],
                         lower_cased_roots=[] if config.get("disablepathtolower") else content_roots)
    for entry in entries:
        entry.key = str(entry.front.get("translationKey") or entry.front.get("translationkey") or entry.front.get("translation_key")
                        or _language_free(entry))
        names = [entry.content_rel, "/" + entry.content_rel, posixpath.basename(entry.content_rel), entry.name, _language_free(entry)]
        if entry.bundle:
            names.append(posixpath.dirname(entry.content_rel))
        # Other languages' names are theirs alone: a ref from an English page to "x" is to the English x.
        links.add_story(entry.rel, entry.target, *names, language=entry.language if multilingual else "",
                        shared=entry.language == default or not multilingual, content_path=entry.content_rel)

    links.shared_folders.update(_translations_bundles(entries, languages))

    for term in term_pages:
        _term_page_to_tag_page(term, links, report, default, _language_prefix(term.language, default, multilingual, multihost, in_subdir))
    converted = list(convert_each(entries, lambda entry: _convert(entry, site, config, languages, default, multilingual, multihost, in_subdir,
                                                                  links, report, tz, linkify),
                                  lambda entry: entry.rel, report))
    # Another language's pages are newsgen's where the edition the report suggests for it puts them; on
    # a host of its own (multihost), its old URLs are another host's, which no redirect of this site answers.
    _record_moved_pages(converted, {entry.rel: entry for entry in entries}, config, taxonomies, tz, report,
                        lambda language: None if multihost and language != default else
                        (_language_prefix(language, default, multilingual, multihost, in_subdir), "" if language == default else f"/{language}"))
    _say_build_future(site, config, converted, tz, report)
    yield from _with_netlify_redirects(_named_by_their_folders(converted, report), site, config, report)


# A Netlify build command that publishes future-dated content (roweb3's `hugo --buildFuture`, or its short -F).
_BUILD_FUTURE_FLAG = re.compile(r"^\s*command\s*=.*\bhugo\b.*?(?:--buildFuture\b|\s-F\b)", re.MULTILINE)


def _say_build_future(site: Path, config: dict[str, Any], files: list[ImportedFile], tz: ZoneInfo, report: ImportReport) -> None:
    """Hugo built the site with future-dated content published (the
    config's buildFuture = true, or `hugo --buildFuture` in netlify.toml):
    roweb3's coming events were on its pages. newsgen holds a story dated
    after the build's clock back as scheduled, so the report says how many
    are and the flag that publishes them as Hugo did."""
    netlify = site / "netlify.toml"
    if str(config.get("buildfuture")).lower() == "true":
        why = "the config's buildFuture = true"
    elif netlify.is_file() and _BUILD_FUTURE_FLAG.search(netlify.read_text(encoding="utf-8", errors="replace")):
        why = "netlify.toml's `hugo --buildFuture`"
    else:
        return
    now = datetime.now(timezone.utc)
    later = [file for file in files if file.kind == "story" and (moment := as_datetime(file.front.get("date"), tz)) and moment > now]
    held = (f"{len(later)} {'story is' if len(later) == 1 else 'stories are'} dated in the future (the first: {later[0].origin}), "
            "which newsgen holds back as scheduled until then" if later else "newsgen holds a story dated in the future back until then")
    report.changed.append(("config" if why.startswith("the config") else "netlify.toml",
                           f"Hugo published future-dated content ({why}); {held}: build with `newsgen build --future` "
                           "to publish such stories as Hugo did"))


def _record_moved_pages(files: list[ImportedFile], entries: dict[str, _Entry], config: dict[str, Any], taxonomies: set[str],
                        tz: ZoneInfo, report: ImportReport, prefixes: Callable[[str], tuple[str, str] | None]) -> None:
    """The old site's pages that published stories are on that are no story
    (ImportReport.moved, urls.toml's [moved]), each with newsgen's page of
    the same where its URL is not newsgen's already: the pages of the terms
    of each taxonomy (newsgen's tags), and the RSS feeds (index.xml) of the
    home page, the sections and the terms, as Hugo publishes them unless
    the config turns a kind off (disableKinds); the pages of an author
    taxonomy's terms (roweb3's /author/steffi-lazerte/) are the author's
    page in newsgen. `prefixes`: the paths a language's pages are under, in
    Hugo and in newsgen (None: left out)."""
    disabled = {str(kind).lower() for kind in split_list(config.get("disablekinds"))}
    now = datetime.now(timezone.utc)
    author_slugs = _author_slugs(files)
    pages: dict[str, tuple[str, str]] = {}  # Hugo's URL → (newsgen's, the kind of page)
    for file in files:
        published = as_datetime(file.front.get("date"), tz) if file.kind == "story" else None
        entry = entries.get(file.origin)
        under = prefixes(entry.language) if entry is not None else None
        if published is None or published > now or under is None:
            continue  # (a scheduled story's terms have no page yet)
        hugo, newsgen = under
        if "/" in entry.content_rel:  # (a story right in content/ is in no section)
            pages[f"{hugo}/{entry.content_rel.split('/')[0].lower()}/"] = (f"{newsgen}/{file.target.split('/')[0]}/", "section")
        pages.setdefault(f"{hugo}/", (f"{newsgen}/", "home"))
        raw = {str(key).lower(): value for key, value in (entry.front or {}).items()}
        for taxonomy in sorted(taxonomies - set(AUTHOR_TAXONOMIES)):  # (an author's terms are bylines, not tags)
            for term in split_list(raw.get(taxonomy), separators=r"\s*,\s*"):
                pages[f"{hugo}/{taxonomy}/{_url_part(str(term)).lower()}/"] = (f"{newsgen}/tags/{tag_slug(str(term))}/", "term")
        for taxonomy in sorted(taxonomies & set(AUTHOR_TAXONOMIES)):
            written = raw.get(taxonomy)
            # (a string is one term, as Hugo reads a taxonomy's string; a Markdown byline's is no URL Hugo's links name)
            for term in ([written] if isinstance(written, str) else split_list(written) if isinstance(written, list) else []):
                if term.strip() and "](" not in term:
                    slug = author_slugs.get(term.strip()) or slugify(term)
                    pages[f"{hugo}/{taxonomy}/{_url_part(term).lower()}/"] = (f"{newsgen}/authors/{slug}/", "term")
    for old, (new, kind) in pages.items():
        if kind in disabled:
            continue
        if old != new and kind != "home":
            report.moved[old] = new
        if "rss" not in disabled:
            report.moved[f"{old}index.xml"] = f"{new}feed.xml"

def _author_slugs(files: list[ImportedFile]) -> dict[str, str]:
    """The slug of the page newsgen makes of an author's byline: that of
    the author file with its name, or with its slug as the byline (as the
    build matches them); a byline no file names has its own slug."""
    slugs = {}
    for file in files:
        if file.kind == "author":
            slug = posixpath.splitext(posixpath.basename(file.target))[0]
            slugs.setdefault(slug, slug)
            slugs[str(file.front.get("name"))] = slug
    return slugs


def _static_folders(site: Path, config: dict[str, Any], themes: bool = True) -> list[Path]:
    """The folders Hugo publishes as they are, in the order it looks in
    them: the site's (`staticDir`, static/ by default), then each theme's
    static/ (Hugo's union of them: tidyverse.org's pages show the
    hugo-graphite theme's images/cover.png and css/article-image.css)."""
    folders = config.get("staticdir") or "static"
    found = [site / str(folder) for folder in (folders if isinstance(folders, list) else [folders])]
    if themes:
        found += [theme / "static" for theme in _theme_folders(site, config)]
    return found


def _theme_folders(site: Path, config: dict[str, Any]) -> tuple[Path, ...]:
    """The folders of the themes the config names (`theme`, under `themesDir`), in the order Hugo looks in them."""
    themes_dir = site / str(config.get("themesdir") or "themes")
    return tuple(themes_dir / theme for theme in split_list(config.get("theme")))


def _with_netlify_redirects(files: list[ImportedFile], site: Path, config: dict[str, Any], report: ImportReport) -> list[ImportedFile]:
    """Hugo copies static/ as it is, and a site on Netlify (or Cloudflare
    Pages) keeps its redirects there, in `_redirects`: each rule from an old
    path to a page the import brings becomes an old URL of that page, and
    the rest are reported (netlify_redirects), as newsgen writes its own
    `_redirects` and the file would not be published."""
    stubs = RedirectStubs(str(config.get("baseurl") or ""))
    for folder in _static_folders(site, config, themes=False):
        path = folder / "_redirects"
        if path.is_file():
            netlify_redirects(path, path.relative_to(site).as_posix(), stubs, report)
    if not stubs.by_target:
        return files
    files = stubs.with_aliases(files, report)
    stubs.report_unresolved(report)
    return files


def _named_by_their_folders(files: list[ImportedFile], report: ImportReport) -> list[ImportedFile]:
    """Stories kept in folders of one section (docs/big-data/tutorials/x.md
    and docs/cloud-computing/tutorials/x.md), or in one folder under two
    file names with one `slug` (digital.gov's news/2023-09-15-infra.md and
    news/2023-11-20-infra.md), with one name and day would share a URL in
    newsgen (/docs/2017/01/05/x/) and the build would keep neither: each but
    the first has its folders, or its file's name, in its slug, and the report says so."""
    taken: set[tuple] = set()
    named: list[ImportedFile] = []
    for item in files:
        folders, _, name = item.target.rpartition("/")
        stem = name.rsplit(".", 1)[0]
        if stem.split(".")[0].lower() == "index" and folders:  # a bundle's index.md: named by its folder, as the build names it
            folders, _, stem = folders.rpartition("/")
        slug = str(item.front.get("slug") or undated_name(stem))
        day = (item.front.get("language"), folders.split("/")[0], str(item.front.get("date", ""))[:10])
        if item.kind == "story" and (*day, slugify(slug)) in taken:
            apart = next(candidate for candidate in _slugs_apart(folders, stem, slug) if (*day, candidate) not in taken)
            report.changed.append((item.origin, f"another story of that day in {folders.split('/')[0]}/ has its name: its URL is …/{apart}/"))
            item = dataclasses.replace(item, front={**item.front, "slug": apart})
            slug = apart
        taken.add((*day, slugify(slug)))
        named.append(item)
    return named


def _slugs_apart(folders: str, stem: str, slug: str) -> Iterator[str]:
    """The slugs a story may take beside another of its name and day, best
    first: with its folders under the section's, else with its file's name,
    else the date its file's name starts with (digital.gov's
    2023-11-20-infrastructure-as-a-public-service.md, of that slug), else numbered."""
    if "/" in folders:
        yield slugify("-".join([*folders.split("/")[1:], slug]))
    undated = undated_name(stem)
    for name in (undated, stem[: len(stem) - len(undated)]):
        if slugify(name) and slugify(name) != slugify(slug):
            yield slugify(f"{slug}-{name}")
    yield from (slugify(f"{slug}-{number}") for number in range(2, 10_000))


def _cascade(entries: list[_Entry]) -> None:
    """Puts each list page's `cascade` into the front matter of the pages
    below it, of its language, as Hugo does: what a page says itself wins,
    then the nearest cascade. (kubernetes.dev's includes/_index.md cascades
    `headless: true`: its snippets are no pages.) A cascade's `_target`
    narrows it by `path` (a glob of site paths) and `kind`; one for another
    `environment` than production is left out."""
    cascades = []
    for entry in entries:
        if not _is_list(entry.path) or not entry.front.get("cascade"):
            continue
        given = entry.front["cascade"]
        folder = posixpath.dirname(entry.content_rel)
        for values in (given if isinstance(given, list) else [given]):
            if isinstance(values, dict):
                cascades.append((folder.count("/") + bool(folder), folder, entry.language, _lower_keys(values).pop("_target", None) or {},
                                 _known_spellings({k: v for k, v in values.items() if str(k).lower() != "_target"})))
    for _, folder, language, target, values in sorted(cascades, key=lambda cascade: -cascade[0]):
        for entry in entries:
            inside = entry.content_rel.startswith(f"{folder}/") if folder else entry.kind != "home"
            if not inside or entry.language != language or entry.front is None or not _targets(target, entry):
                continue
            for key, value in values.items():
                entry.front.setdefault(key, value)


def _targets(target: dict[str, Any], entry: _Entry) -> bool:
    if str(target.get("environment") or "production") not in ("production", "**", "*"):
        return False
    kind = str(target.get("kind") or "page")
    if not fnmatch.fnmatch("page" if entry.kind in ("story", "page") and not _is_list(entry.path) else "section", kind):
        return False
    return fnmatch.fnmatch("/" + _language_free(entry), str(target.get("path") or "**"))


def _pages_hugo_replaced(entries: list[_Entry], report: ImportReport) -> list[_Entry]:
    """The pages Hugo did not publish because another file of their language
    has their path (vitess.io's docs/programs/vtbackup.md and
    vtbackup/_index.md, both /docs/programs/vtbackup/): Hugo keeps the file
    it reads last (with --printPathWarnings it warns of a "Duplicate
    content path"), each one said in the report with the file kept."""
    by_path: dict[tuple[str, str], list[_Entry]] = {}
    for entry in entries:
        if entry.kind in ("story", "page"):  # (a section's _index.md, beside the top's pages, is newsgen's to fit)
            by_path.setdefault((entry.language, _content_path(entry)), []).append(entry)
    replaced = []
    for (_, path), owners in by_path.items():
        *others, kept = sorted(owners, key=_hugo_reading_order)
        for entry in others:
            report.skipped.append((entry.rel, f"{kept.rel} is Hugo's page /{path} too (a duplicate content path), and Hugo "
                                              "published that one in its place: the file it reads last, one in a folder after one beside it"))
            replaced.append(entry)
    return replaced


def _content_path(entry: _Entry) -> str:
    """The entry's path in Hugo's tree of pages, lowercased as Hugo keys it:
    docs/programs/vtbackup for vtbackup.md, vtbackup/index.md and vtbackup/_index.md alike."""
    path = _language_free(entry)
    return (posixpath.dirname(path) if _is_list(entry.path) else path).lower()


def _hugo_reading_order(entry: _Entry) -> list[tuple[int, str]]:
    """Where Hugo reads the entry's file as it walks the content folder: a
    folder's files first, by name, then its folders, each in turn."""
    *folders, name = entry.content_rel.split("/")
    return [(1, folder) for folder in folders] + [(0, name)]


def _translations_bundles(entries: list[_Entry], languages: dict[str, dict[str, Any]]) -> dict[str, list[Path]]:
    """The folders of each bundle's translations' bundles (by translation
    key, in other languages' content folders), by the bundle's source path:
    Hugo gives a bundle, a leaf (index.md) or a branch (a section's
    _index.md), their files where it has none of that name, the first found
    in the order of the languages' weights
    (gohugo.io/content-management/multilingual, "Page bundles").
    opentelemetry.io's content/ja/blog/2022/apisix/index.md shows the
    pictures of content/en/blog/2022/apisix/."""
    by_key: dict[str, list[_Entry]] = {}
    for entry in entries:
        if entry.bundle or _is_list(entry.path):
            by_key.setdefault(entry.key, []).append(entry)

    shared: dict[str, list[Path]] = {}
    for bundles in by_key.values():
        for entry in bundles:
            folders = [other.path.parent for other in sorted(bundles, key=lambda other: _weight_order(languages, other.language))
                       if other.language != entry.language and other.path.parent != entry.path.parent]
            if folders:
                shared[entry.rel] = list(dict.fromkeys(folders))
    return shared


def _weight_order(languages: dict[str, dict[str, Any]], language: str) -> tuple[bool, int, str]:
    """Hugo's order of languages: by weight, unweighted last, then by name."""
    weight = (languages.get(language) or {}).get("weight")
    weight = weight if isinstance(weight, int) and not isinstance(weight, bool) else 0
    return weight == 0, weight, language


def _by_weight(languages: dict[str, dict[str, Any]], first: str) -> list[str]:
    """The site's languages, `first` first, then the others in Hugo's order."""
    return [first, *sorted((code for code in languages if code != first), key=lambda code: _weight_order(languages, code))]


def _translated_resource(path: str, folders: tuple[Path, ...], languages: list[str]) -> str | None:
    """The name of the file of a bundle (in `folders`: its own, then its
    translations' bundles') that Hugo gives a page of `languages[0]` for
    the relative `path` (`cover.jpg`), where that is a translation's,
    published under its own name: `cover.fr.jpg` in French, and another
    language's, by weight, where the page's language has neither it nor a
    file of that name (gohugo.io/content-management/multilingual, "Page
    bundles"). None where `path` is the file, or no such file is there."""
    clean = unquote(path.split("#", 1)[0].split("?", 1)[0])
    if not clean or clean.startswith("/") or "://" in clean or ".." in clean.split("/") or "\\" in clean:
        return None
    folder, _, name = clean.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        return None

    def found(candidate: str) -> bool:
        return any(_is_plain_file(root / candidate) for root in folders)

    named = [posixpath.join(folder, f"{stem}.{language}.{ext}") for language in languages]
    chosen = named[0] if found(named[0]) else None if found(clean) else next((other for other in named[1:] if found(other)), None)
    written = re.split(r"[?#]", path, maxsplit=1)[0]
    if chosen is None or not written.endswith(name):  # (a name written percent-encoded is left as it is)
        return None
    return written[:-len(name)] + posixpath.basename(chosen) + path[len(written):]


def _is_list(path: Path) -> bool:
    """A list page: _index.md, or a translation of it (_index.fr.md)."""
    return path.stem.split(".")[0] == "_index"


def _is_index(path: Path) -> bool:
    """A leaf bundle's page: index.md, or a translation of it (index.fr.md)."""
    return path.stem.split(".")[0] == "index" and path.suffix.lower() in CONTENT_SUFFIXES


@functools.lru_cache(maxsize=4096)
def _holds_bundle_index(folder: Path) -> bool:
    return any(_is_index(child) and child.is_file() for child in folder.iterdir())


def _mount_languages(mount: dict[str, Any]) -> list[str]:
    """The languages a content mount is for: its `lang`, or its `sites: {matrix: {languages: […]}}`; [] for all."""
    if mount.get("lang"):
        return [str(mount["lang"]).lower()]
    sites = mount.get("sites")
    matrix = sites.get("matrix") if isinstance(sites, dict) else None
    found = matrix.get("languages") if isinstance(matrix, dict) else None
    return [str(language).lower() for language in found] if isinstance(found, list) else []


def _disabled_languages(config: dict[str, Any], languages: dict[str, dict[str, Any]], default: str) -> set[str]:
    """The languages Hugo renders nothing of (gohugo.io/configuration/languages):
    those `disableLanguages` names (vitess.io's ["zh"]) and those whose
    settings say `disabled = true`; never the default, which Hugo refuses to disable."""
    named = config.get("disablelanguages")
    found = {str(code).lower() for code in (named if isinstance(named, list) else [named] if named else [])}
    found |= {code for code, settings in languages.items() if isinstance(settings, dict) and str(settings.get("disabled")).lower() == "true"}
    return found - {default}


def _say_disabled_languages(left_out: dict[str, list[str]], report: ImportReport) -> None:
    """One line for each disabled language whose files were left out, with how many and where."""
    for language, folders in sorted(left_out.items()):
        where = ", ".join(f"{folder}/" for folder in dict.fromkeys(folders))
        files = f"{len(folders)} file" + ("s" if len(folders) != 1 else "")
        report.skipped.append((where, f"{files} in {language}, a language the config disables (disableLanguages or "
                                      f"disabled = true): Hugo renders none of its pages, nor does the import bring them"))


def _without_fill_ins(site: Path, mounted: list[tuple[str, str | None]], report: ImportReport) -> list[tuple[Path, str | None]]:
    """The content folders, in order, but for a fill-in: a folder mounted for
    one language that is also mounted for another (Hugo's example mounts
    content/en for de too, so that a page German lacks shows in English).
    Imported for de, its English text would be published as German."""
    roots: list[tuple[Path, str | None]] = []
    for source, language in mounted:
        others = {other for folder, other in mounted if folder == source and other != language}
        if language and others and (None in others or mounted.index((source, language)) > min(
                mounted.index((source, other)) for other in others)):
            report.changed.append((f"{source}/", f"mounted for {language} as well, to fill in the pages {language} lacks: "
                                                 f"imported once, in its own language, not again as {language}"))
            continue
        if (site / source, language) not in roots:
            roots.append((site / source, language))
    return roots


def _say_unmapped_folders(site: Path, roots: list[Path], report: ImportReport) -> None:
    """A folder beside the languages' content folders (content/fa beside
    content/en) that no language's contentDir names: Hugo publishes none of
    its files, nor does the import, which says so rather than dropping them unsaid."""
    mapped = {root.resolve() for root in roots}
    for parent in sorted({root.resolve().parent for root in roots} - {site.resolve()}):
        for folder in sorted(parent.iterdir()) if parent.is_dir() else ():
            if folder.is_dir() and folder.resolve() not in mapped and not folder.name.startswith(".") \
                    and any(path.suffix.lower() in CONTENT_SUFFIXES for path in folder.rglob("*")):
                report.skipped.append((f"{folder.relative_to(site.resolve()).as_posix()}/",
                                       "no language's contentDir names this folder: Hugo publishes none of its files, nor is it imported"))


def _ignore_files(config: dict[str, Any], report: ImportReport) -> list[re.Pattern]:
    """The config's ignoreFiles, compiled; one Python cannot read is said and left out (Hugo stops on it)."""
    given = config.get("ignorefiles") or []
    patterns = []
    for written in given.split() if isinstance(given, str) else given:  # (a string is split on spaces, as Hugo's cast splits it)
        try:
            patterns.append(re.compile(str(written)))
        except re.error as exc:
            report.changed.append(("config", f"ignoreFiles {written!r} is not a regular expression Python reads ({exc}): "
                                             "the files it names are imported; correct it to leave them out"))
    return patterns


def _said_ignored(path: Path, site: Path, ignored: list[re.Pattern], report: ImportReport) -> bool:
    """Does one of the config's ignoreFiles match the file's path, as Hugo
    matches them (unanchored, against the absolute path: tekton's `vendor/.*`
    finds content/vendor/x.md)? Said in the report with the pattern."""
    matched = next((pattern for pattern in ignored if pattern.search(path.absolute().as_posix())), None)
    if matched:
        report.skipped.append((path.relative_to(site).as_posix(),
                               f"the config's ignoreFiles {matched.pattern!r} matches it: Hugo reads no such file"))
    return matched is not None


def _inside_leaf_bundle(path: Path, root: Path) -> bool:
    """Is the file a resource of a leaf bundle (a folder with an index.md
    above it, at any depth)? A leaf bundle has no pages below it: an index
    file in a folder of its own inside one (a sample app's
    templates/index.html) is a resource too (gohugo.io/content-management/page-bundles)."""
    folder = path.parent
    while folder != root and root in folder.parents:
        if _holds_bundle_index(folder) and not (folder == path.parent and _is_index(path)):
            return True
        folder = folder.parent
    return False


def _suffix_language(path: Path, languages: dict[str, Any]) -> str | None:
    parts = path.name.split(".")
    if len(parts) >= 3:
        code = parts[-2].lower()
        if code in languages or (not languages and re.fullmatch(r"[a-z]{2}(-[a-z]{2,4})?", code)):
            return code
    return None


def _language_free(entry: _Entry) -> str:
    rel = entry.content_rel.rsplit(".", 1)[0]
    rel = re.sub(rf"\.{re.escape(entry.language)}$", "", rel)
    if entry.bundle:
        rel = posixpath.dirname(rel)
    return rel


def _dated(entry: _Entry) -> bool:
    """Does the file give a date, by a key or by its name?"""
    raw = entry.front or {}
    return (any(as_datetime(raw.get(_SPELLING.get(key.lower(), key)), ZoneInfo("UTC")) for key in (*_DATE_KEYS, *_LAST_DATE_KEYS))
            or bool(_DATED.match(entry.name)))


def _term_page_to_tag_page(term: _Entry, links: LinkResolver, report: ImportReport, default: str, prefix: str) -> None:
    """A term's page (digital.gov's topics/accessibility/_index.md) is not
    imported: newsgen's tag page of the term (/tags/accessibility/) stands
    for it, and a ref to it leads there. Its old URL and aliases, which
    newsgen's redirects cannot send to a tag page, are said in the report,
    to redirect on the host, as is its text, if it has any."""
    parts = term.content_rel.split("/")
    if len(parts) != 3 or not _is_list(term.path):  # the taxonomy's list (topics/_index.md), or a term's other file
        report.skipped.append((term.rel, f"the page of a {parts[0]} term: newsgen makes a page per tag itself"))
        return
    tag_page = f"{'' if term.language == default else '/' + term.language}/tags/{tag_slug(parts[1])}/"
    links.add_story(term.rel, tag_page, term.content_rel, "/" + term.content_rel, posixpath.dirname(term.content_rel), language=term.language)
    url = f"{prefix}/{parts[0]}/{parts[1]}/".lower()
    old = [url, *(_alias_as_served(alias, url, False, prefix) for alias in split_list((term.front or {}).get("aliases")))]
    text = "; its text is not imported" if term.body.strip() else ""
    report.skipped.append((term.rel, f"the page of a {parts[0]} term: newsgen's tag page {tag_page} stands for it, and a ref to it "
                                     f"leads there{text}; redirect {', '.join(old)} to {tag_page} on your host"))


def _sites_own_shortcodes(site: Path, config: dict[str, Any]) -> frozenset[str]:
    """The shortcodes the site defines in its layouts, or its themes in
    theirs (`layouts/shortcodes/img.html`; `_shortcodes/` since Hugo 0.146),
    which Hugo uses over its own of that name."""
    return _shortcodes_in(site, _theme_folders(site, config))


@functools.lru_cache(maxsize=16)
def _shortcodes_in(site: Path, themes: tuple[Path, ...]) -> frozenset[str]:
    layouts = [site / "layouts", *(theme / "layouts" for theme in themes)]
    return frozenset(posixpath.join(posixpath.dirname(rel), posixpath.basename(rel).split(".")[0]).lower()  # (partners/logo.html: partners/logo)
                     for folder in layouts for kind in ("shortcodes", "_shortcodes") if (folder / kind).is_dir()
                     for rel in (path.relative_to(folder / kind).as_posix() for path in (folder / kind).rglob("*") if path.is_file()))


# A render-link hook's lookup of the link's path: GetPage (keda.sh's `.Page.GetPage $url.Path`), or a ref (`relref . .Destination`).
_HOOK_GETPAGE = re.compile(r"\.GetPage\b")
_HOOK_REF = re.compile(r"\b(?:rel)?ref\s+[.$(]")


def _link_hook_lookup(site: Path, config: dict[str, Any]) -> str:
    """How the site's Markdown links were rendered: "getpage" where its
    render-link hook (the site's, else its theme's; layouts/_default/_markup/
    or, since Hugo 0.146, layouts/_markup/) finds a link's path with GetPage,
    as does Hugo's own hook, which the config may turn on
    (markup.goldmark.renderHooks.link); "ref" where it calls ref or relref;
    else "" (the link is written as it is)."""
    return _hook_lookup_in(site, _theme_folders(site, config), _embedded_link_hook(config))


def _embedded_link_hook(config: dict[str, Any]) -> str:
    """Does the config turn Hugo's own render-link hook on: "always", "fallback" (where no other), or ""?"""
    hooks = config.get("markup", {}).get("goldmark", {}).get("renderhooks", {}) if isinstance(config.get("markup"), dict) else {}
    link = hooks.get("link") if isinstance(hooks, dict) else None
    if not isinstance(link, dict):
        return ""
    used = str(link.get("useembedded") or "").lower()
    return used if used in ("always", "fallback") else "fallback" if link.get("enabledefault") is True else ""


@functools.lru_cache(maxsize=16)
def _hook_lookup_in(site: Path, themes: tuple[Path, ...], embedded: str) -> str:
    if embedded == "always":
        return "getpage"
    for layouts in (site / "layouts", *(theme / "layouts" for theme in themes)):
        for folder in (layouts / "_markup", layouts / "_default" / "_markup"):
            hook = folder / "render-link.html"
            if hook.is_file():
                text = hook.read_text(encoding="utf-8", errors="replace")
                return "getpage" if _HOOK_GETPAGE.search(text) else "ref" if _HOOK_REF.search(text) else ""
    return "getpage" if embedded else ""


# An ATX heading with a link or a footnote reference in it, whose id Hugo made of its Markdown line.
_MARKED_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+[^\n]*\[[^\n]*$", re.MULTILINE)


# The Hugo version a Netlify build pins (netlify.toml's HUGO_VERSION, of any context), or the site's .hugo-version.
_HUGO_VERSION = re.compile(r"""^\s*HUGO_VERSION\s*=\s*["']?v?(\d+)\.(\d+)""", re.MULTILINE)
_VERSION = re.compile(r"\A\s*v?(\d+)\.(\d+)")


def _blackfriday_era(site: Path, config: dict[str, Any]) -> str:
    """Why the site's Markdown was Blackfriday's, Hugo's before 0.60, or "":
    markup.defaultMarkdownHandler says so, else the Hugo version the site
    pins (volcano-sh/website's netlify.toml HUGO_VERSION = "0.57.2"), else
    a [blackfriday] table in the config."""
    markup = config.get("markup") if isinstance(config.get("markup"), dict) else {}
    handler = str(markup.get("defaultmarkdownhandler") or "").lower()
    if handler:
        return "markup.defaultMarkdownHandler = \"blackfriday\"" if handler == "blackfriday" else ""
    pinned = [(int(found[1]), int(found[2]), name) for name, pin in (("netlify.toml", _HUGO_VERSION), (".hugo-version", _VERSION))
              if (site / name).is_file() and (found := pin.search((site / name).read_text(encoding="utf-8", errors="replace")))]
    if pinned:
        major, minor, name = pinned[0]
        return f"{name} pins Hugo {major}.{minor}, before goldmark (0.60)" if (major, minor) < (0, 60) else ""
    return "the config's [blackfriday] table" if isinstance(config.get("blackfriday"), dict) else ""


def _linkify(config: dict[str, Any], blackfriday: str) -> str:
    """Which Markdown made the site's bare web addresses links: "goldmark"
    (Hugo's since 0.60, whose linkify is on unless
    markup.goldmark.extensions.linkify = false: `www.` ones too),
    "blackfriday" (before, where `blackfriday`, why, says so: its autolink
    is on unless extensionsMask names it, http(s) ones alone), or "" for none."""
    markup = config.get("markup") if isinstance(config.get("markup"), dict) else {}
    if blackfriday:
        masks = [settings.get("extensionsmask") for settings in (config.get("blackfriday"), markup.get("blackfriday"))
                 if isinstance(settings, dict)]
        return "" if any("autolink" in [str(name).lower() for name in split_list(mask)] for mask in masks) else "blackfriday"
    goldmark = markup.get("goldmark") if isinstance(markup.get("goldmark"), dict) else {}
    extensions = goldmark.get("extensions") if isinstance(goldmark.get("extensions"), dict) else {}
    return "" if str(extensions.get("linkify")).lower() == "false" else "goldmark"


# An ATX heading's text, without its closing #s.
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)


def _suggest_heading_ids(config: dict[str, Any], entries: list[_Entry], report: ImportReport, blackfriday: str = "") -> None:
    """heading_ids = "hugo" when a story's heading has a link or a footnote
    in it and the site's goldmark made "github" ids: Hugo made those of the
    heading's Markdown line (r-hub/blog's `Files[^3]` is #files3, which a
    post links to), GitHub of its text. heading_ids = "blackfriday" for a
    site of Hugo before 0.60 (`blackfriday`, why) when a heading's id was
    not GitHub's (volcano-sh/website's `2.1.2. Enable DRA(Dynamic …)` was
    #2-1-2-enable-dra-dynamic-…)."""
    if blackfriday:
        unlike = sum(1 for entry in entries if any(blackfriday_heading_id(text) != heading_id(text)
                                                   for text in _ATX_HEADING.findall(entry.body or "")))
        if unlike:
            suggest_markdown(MarkdownSettings(heading_ids="blackfriday"),
                             {"heading_ids": f"Hugo made ids with Blackfriday ({blackfriday}): `2.1 Setup (beta)` is #2-1-setup-beta "
                                             f"({unlike} {'file has' if unlike == 1 else 'files have'} such a heading)"},
                             report, "Hugo")
        return
    goldmark = ((config.get("markup") or {}).get("goldmark") or {}) if isinstance(config.get("markup"), dict) else {}
    parser = goldmark.get("parser") if isinstance(goldmark, dict) and isinstance(goldmark.get("parser"), dict) else {}
    if parser.get("autoheadingid") is False or str(parser.get("autoheadingidtype") or "github").lower() != "github":
        return
    marked = sum(1 for entry in entries if _MARKED_HEADING.search(entry.body or ""))
    if marked:
        suggest_markdown(MarkdownSettings(heading_ids="hugo"),
                         {"heading_ids": f"goldmark made ids of each heading's Markdown: `Files[^3]` is #files3 ({marked} {'file has' if marked == 1 else 'files have'} such a heading)"},
                         report, "Hugo")


def _written_offsets(entries: list[_Entry]) -> Iterator[tuple[datetime, timedelta] | None]:
    """(moment, UTC offset) of each date a file gives with its offset
    (digital.gov's `date: 2020-05-27 23:00:00 -0500`), None for each one
    written without (r-hub/blog's `date: 2020-03-12`)."""
    unzoned = ZoneInfo("UTC")  # (what a date without an offset is read in, to tell it apart)
    for entry in entries:
        for key in _DATE_KEYS:
            moment = as_datetime((entry.front or {}).get(key), unzoned)
            if moment is None:
                continue
            yield (moment.astimezone(unzoned), moment.utcoffset()) if moment.tzinfo is not unzoned and moment.utcoffset() is not None else None


def _page_path(entry: _Entry, part: Callable[[str], str] = slugify) -> str:
    """A page's path, without slashes around it: about, communities/video,
    guides/hcd (its _index.md), each part made a slug for its file under
    content/; with `part` _url_part, the path Hugo served it at, whose
    parts keep their dots and underscores (docs/15.0/…/operators_guide)."""
    folder = posixpath.dirname(_language_free(entry)) if not _is_list(entry.path) else posixpath.dirname(entry.content_rel)
    if _is_list(entry.path):
        folder, name = posixpath.dirname(folder), posixpath.basename(folder)
    else:
        name = str(entry.front.get("slug") or entry.name)
    return "/".join(part(written) for written in [*folder.split("/"), name] if written)


# A name that starts with a month and day, its year in a folder above (mypaint-website's blog/2019/09-01-libmypaint-1.4.0-release.md).
_MONTH_DAY = re.compile(r"^(?P<month>\d{2})-(?P<day>\d{2})-(?P<rest>.+)$")


def _stored_name(entry: _Entry) -> str:
    """The name a story's file gets under content/: its own, but one that
    starts with the month and day of its date gets the year before them
    (2019-09-01-libmypaint-1.4.0-release), as newsgen names a dated file:
    its URL, which has the date, does not repeat the day (…/2019/09/01/
    09-01-libmypaint-1-4-0-release/), and the same name in two years' folders
    is two files."""
    month_day = _MONTH_DAY.match(entry.name)
    if entry.kind != "story" or month_day is None:
        return entry.name
    raw = entry.front or {}
    moment = next((found for key in _DATE_KEYS if (found := as_datetime(raw.get(_SPELLING.get(key.lower(), key)), ZoneInfo("UTC")))), None)
    if moment is None or (moment.month, moment.day) != (int(month_day["month"]), int(month_day["day"])):
        return entry.name
    return f"{moment.year:04d}-{entry.name}"


def _target(entry: _Entry, nested: bool = False) -> str:
    """Where the entry goes under content/: SECTION/NAME.md, or with `nested`
    the folders between the section and the file too."""
    file_name = slugify(_stored_name(entry))
    if nested and entry.kind == "story":
        folders = posixpath.dirname(_language_free(entry)).split("/")[1:]
        file_name = "/".join(slugify(part) for part in [*folders, _stored_name(entry)])
    if entry.kind == "section":
        return f"{slugify(entry.section)}/_index.md"
    if entry.kind == "author":
        return f"authors/{slugify(str(entry.front.get('slug') or entry.name))}.md"
    if entry.kind == "page":
        return f"pages/{_page_path(entry)}.md"
    if entry.bundle:
        return f"{slugify(entry.section)}/{file_name}/index.md"
    return f"{slugify(entry.section)}/{file_name}.md"


def _convert(entry: _Entry, site: Path, config: dict[str, Any], languages: dict[str, dict[str, Any]], default: str,
             multilingual: bool, multihost: bool, in_subdir: bool, links: LinkResolver, report: ImportReport,
             tz: ZoneInfo, linkify: str = "") -> ImportedFile | None:
    raw = entry.front or {}
    if entry.kind == "author":
        return _author_file(entry, report)
    made_by_theme = next((str(raw[key]).lower() for key in ("layout", "type") if str(raw.get(key)).lower() in ("archives", "search")), None)
    if made_by_theme:  # Stack's page/archives/index.md: its list is the theme's; newsgen makes its own
        report.skipped.append((entry.rel, f"a page the theme fills ({made_by_theme}): newsgen makes /archive/ and /search/ itself"))
        return None
    if entry.bundle and str(raw.get("headless")).lower() == "true":
        # hugoBasicExample's homepage/: no URL of Hugo's; its content files are snippets the theme shows elsewhere.
        snippets = sorted(p.name for p in entry.path.parent.rglob("*") if p.suffix.lower() in CONTENT_SUFFIXES and p != entry.path)
        report.skipped.append((entry.rel, "a headless bundle: Hugo publishes no page of it"
                                          + (f"; its snippets ({', '.join(snippets)}) are the old theme's to show" if snippets else "")))
        return None
    own = {"section": SECTION_KEYS, "page": PAGE_KEYS}.get(entry.kind, ARTICLE_KEYS)
    mapped, extra, withheld = map_front_matter(raw, own, report, _CONSUMED)
    title = str(raw.get("title") or entry.name.replace("-", " ").capitalize())
    front: dict[str, Any] = {"title": title}
    if entry.kind == "section":
        if withheld or str(raw.get("draft")).lower() == "true":
            report.skipped.append((entry.rel, f"a list page Hugo does not publish ({withheld or 'draft: true'})"))
            return None
        if mapped.get("summary"):
            front["summary"] = mapped["summary"]
        # The list's old URL (learn's /en/basics/, a mixed-case folder), where it is not newsgen's, redirects to it.
        prefix = _language_prefix(entry.language, default, multilingual, multihost, in_subdir)
        old = f"{prefix}/{entry.section if config.get('disablepathtolower') else entry.section.lower()}/"
        written = [_alias_as_served(alias, old, _ugly_urls(entry, config), prefix) for alias in split_list(raw.get("aliases"))]
        aliases = [url for url in (old, *written) if url.strip("/") != slugify(entry.section)]
        if aliases:
            front["aliases"] = aliases
    else:
        written = raw.get("date")
        published = as_datetime(written, tz)
        written_publish = raw.get("publishDate") or raw.get("publishdate") or raw.get("pubDate") or raw.get("pubdate")
        publish = as_datetime(written_publish, tz)
        dated = _DATED.match(entry.name)
        if published is None and dated:
            written = dated["date"]
            published = as_datetime(written, tz)
        if publish and (published is None or publish > published):
            written, published = written_publish, publish
            report.keys_mapped["publishDate → date"] += 1
        for key in _LAST_DATE_KEYS if published is None else ():
            written = raw.get(_SPELLING[key])
            published = as_datetime(written, tz)
            if published is not None:
                report.keys_mapped[f"{key} → date"] += 1
                break
        if published is None and entry.kind == "story":
            report.skipped.append((entry.rel, "no date: neither `date`, `publishDate` nor the file name gives one"))
            return None
        if published is not None:
            front["date"] = date_text(written, published)
        if entry.kind == "story":
            if raw.get("slug"):  # the story's URL ends with it, as Hugo's `:slug` does
                front["slug"] = slugify(str(raw["slug"]))
            elif entry.named_apart:  # its URL is its name's, as Hugo's is, not its file's: post-ja.md is /ja/…/post/
                front["slug"] = slugify(undated_name(_stored_name(entry)))
            # A string is one byline, its commas and all ("Annie Leblond, Communications"), as Hugo reads a
            # taxonomy's string value; a list names several.
            byline = raw.get("authors") or raw.get("author")
            authors = [] if isinstance(byline, dict) else split_list([byline] if isinstance(byline, str) else byline)
            authors = [name for written in authors for name in _names_in_markdown(written, report)]
            if len(authors) == 1:
                front["author"] = authors[0]
            elif authors:
                front["authors"] = authors
            tags = split_list(raw.get("categories"), separators=r"\s*,\s*") + split_list(raw.get("tags"), separators=r"\s*,\s*")
            if "tags" in mapped and not raw.get("tags"):  # topics, keywords …
                tags += split_list(mapped["tags"], separators=r"\s*,\s*")
            for key in _term_keys(config, languages, entry.language):
                written = next((name for name in raw if str(name).lower() == key), None)
                if written is not None:
                    tags += split_list(raw[written], separators=r"\s*,\s*")
                    extra.pop(written, None)
                    if mapped.get("tags") is not raw[written]:  # digital.gov's `topics`, newsgen's synonym of tags, is counted so already
                        report.keys_mapped[f"{written} (a taxonomy) → tags"] += 1
            if tags:
                front["tags"] = list(dict.fromkeys(tags))
            for key in ("summary", "updated", "image_alt", "image_caption", "image_credit", "dateline", "kind", "featured"):
                value = mapped.get(key)
                if key == "updated":
                    moment = as_datetime(value, tz)
                    value = moment.isoformat() if moment else None
                elif key == "summary" and isinstance(value, str):
                    value = plain_text(value)  # Markdown in Hugo (.Summary renders it); newsgen's summary is text
                if value not in (None, "", [], {}):
                    front[key] = value
            if mapped.get("image") and not put_lead_image(front, mapped["image"]):
                extra.setdefault("image", mapped["image"])
        else:
            if mapped.get("summary"):
                front["summary"] = mapped["summary"]
            if (moment := as_datetime(mapped.get("updated"), tz)) and entry.kind == "page":
                front["updated"] = moment.isoformat()  # Hugo's .Lastmod of a page, as of a story
            # A page is on no topic's list in newsgen: its terms are kept for templates (cncf/glossary's terms have tags).
            terms = list(dict.fromkeys(split_list(raw.get("categories"), separators=r"\s*,\s*") + split_list(raw.get("tags"), separators=r"\s*,\s*")))
            if terms:
                extra.setdefault("tags", terms)
                report.keys_kept["tags (of a page)"] += 1
        # Hugo leaves an expired page of any kind out (gohugo.io/methods/page/expirydate).
        expires = as_datetime(raw.get("expiryDate") or raw.get("expirydate") or mapped.get("expires"), tz)
        if expires:
            front["expires"] = expires.isoformat()
        if withheld or raw.get("draft") is True or str(raw.get("draft")).lower() == "true":
            front["draft"] = True
        aliases = [_old_url(entry, config, languages, default, multilingual, multihost, in_subdir, published)]
        if aliases[0].endswith(".html") and not raw.get("url"):
            # Ugly URLs: static hosts answer /x with x.html, and sites link so (Let's Encrypt's posts do).
            aliases.append(aliases[0].removesuffix(".html"))
        ugly = _ugly_urls(entry, config)
        prefix = _language_prefix(entry.language, default, multilingual, multihost, in_subdir)
        aliases += [_alias_as_served(alias, aliases[0], ugly, prefix) for alias in split_list(raw.get("aliases"))]
        front["aliases"] = list(dict.fromkeys(aliases))
    if multilingual or raw.get("translationKey") or raw.get("translationkey"):
        front["language"] = entry.language
        front["translation_key"] = entry.key
        if raw.get("translationKey"):
            report.keys_mapped["translationKey → translation_key"] += 1
    if extra:
        front["extra"] = extra
    markdown = not entry.path.name.lower().endswith(HTML_SUFFIXES + RST_SUFFIXES)
    written = commonmark_html_blocks(entry.body, report) if markdown else entry.body
    body = convert_markup(as_markdown(entry.path.name, written), flavour="hugo", links=links, report=report, origin=entry.rel,
                          sites_own=_sites_own_shortcodes(site, config))
    old_url = (front.get("aliases") or [None])[0]
    lookup = _link_hook_lookup(site, config)
    if lookup and markdown:
        body = hugo_hooked_links(body, entry.rel, links, links.hugo_ref if lookup == "ref" else links.hugo_page)
    body = rooted_page_links(body, old_url, links, entry.rel)
    if linkify and markdown:
        body = goldmark_linkify(body, report, www=linkify == "goldmark")
    if entry.bundle:
        body = bundle_links(body, old_url, entry.path.parent)
    if multilingual and (entry.bundle or _is_list(entry.path)):
        # A bundle's files are named by language as its pages are (cover.fr.jpg is the French page's cover.jpg).
        folders = (entry.path.parent, *links.shared_folders.get(entry.rel, ()))
        translated = functools.partial(_translated_resource, folders=folders, languages=_by_weight(languages, entry.language))
        body = paths_replaced(body, translated)
        if isinstance(front.get("image"), str):
            front["image"] = translated(front["image"]) or front["image"]
    assets = collect_assets(body, links, entry.rel, report, front.get("image", ""))
    if entry.bundle:
        target_folder = posixpath.dirname(entry.target)
        bundled: dict[str, Path] = {}
        # Its own files, then those of its translations' bundles it lacks, which Hugo gives it too.
        for folder in (entry.path.parent, *links.shared_folders.get(entry.rel, ())):
            for resource in sorted(folder.rglob("*")):
                if resource.is_file() and resource != entry.path and resource.suffix.lower() not in CONTENT_SUFFIXES:
                    bundled.setdefault(f"{target_folder}/{resource.relative_to(folder).as_posix()}", resource)
        assets += [(resource, rel) for rel, resource in bundled.items()]
        assets = list({rel: (src, rel) for src, rel in assets}.values())
    kind = entry.kind if entry.kind != "story" else ("draft" if front.get("draft") else "story")
    # Its own old URL (the first of its aliases; a section's, where it is not newsgen's) beats another file's alias of it.
    own = (old if old in front.get("aliases", ()) else "") if entry.kind == "section" else old_url or ""
    return ImportedFile(entry.target, front, body, entry.rel, kind, assets, old_url=own)


_MARKDOWN_BYLINE = re.compile(r"\[([^\]]+)\]\([^)\s]*\)")  # [Severin Neumann](https://github.com/svrnm)


def _names_in_markdown(written: str, report: ImportReport) -> list[str]:
    """The names a Markdown byline links (Docsy renders `author` with
    markdownify: opentelemetry.io's "[Severin Neumann](https://…) (Cisco),
    [Ana Lee](…)"), each a byline; the text as it is where it links none."""
    names = [name.strip() for name in _MARKDOWN_BYLINE.findall(written) if name.strip()]
    if not names:
        return [written]
    report.converted["Markdown byline"] += 1
    return names


def _author_file(entry: _Entry, report: ImportReport) -> ImportedFile:
    """A Hugo author page (authors/eric/_index.md) as newsgen's author file."""
    raw = entry.front or {}
    body = entry.body.strip()
    # roweb3's authors give their bio as `bio:`, which is the text of newsgen's author file (a text of the file's own wins).
    bio = next((key for key in raw if str(key).lower() == "bio" and isinstance(raw[key], str) and raw[key].strip()), None) if not body else None
    mapped, extra, _ = map_front_matter(raw, AUTHOR_KEYS, report, frozenset({"title", "first_name", "last_name", *([bio] if bio else [])}))
    if bio:
        body = raw[bio].strip()
        report.keys_mapped[f"{bio} → the author's text"] += 1
    first_last = " ".join(str(raw[key]).strip() for key in ("first_name", "last_name") if raw.get(key))
    name = str(mapped.get("name") or raw.get("title") or first_last or entry.name.replace("-", " ").title())
    front: dict[str, Any] = {"name": name}
    if mapped.get("role"):
        front["role"] = mapped["role"]
    if extra:
        front["extra"] = extra
    return ImportedFile(entry.target, front, body, entry.rel, "author", [])


def _author_translations(entries: list[_Entry], default: str, report: ImportReport) -> list[_Entry]:
    """The author files that translate another (roweb3's
    author/maëlle-salmon/_index.es.md, .fr.md and .pt.md beside _index.md):
    Hugo's one term in each language, newsgen's one author, whose page each
    edition has. Imported, each was an author of its own (maelle-salmon-es…)
    with no story. The default language's file is the author, else the
    first found; the others are said in the report."""
    by_folder: dict[str, list[_Entry]] = {}
    for entry in entries:
        if entry.kind == "author":
            by_folder.setdefault(posixpath.dirname(entry.content_rel).lower(), []).append(entry)
    translations = []
    for files in by_folder.values():
        kept = next((entry for entry in files if entry.language == default), files[0])
        for entry in files:
            if entry is not kept:
                report.skipped.append((entry.rel, f"the {entry.language} version of the author {kept.rel}: one author in "
                                                  "newsgen, whose page every edition has"))
                translations.append(entry)
    return translations


def _url_part(text: str) -> str:
    """Text as Hugo puts it in a path (its paths.Sanitize): each run of spaces
    a hyphen; letters, digits, marks and . _ - + ~ @ # % kept; all else dropped.
    "Improve with Mermaid.js diagrams" → "Improve-with-Mermaid.js-diagrams"."""
    kept: list[str] = []
    for character in text.strip():
        if character.isspace():
            if kept and kept[-1] != "-":
                kept.append("-")
        elif character.isalnum() or unicodedata.category(character).startswith("M") or character in "._-+~@#%/":
            kept.append(character)
    return "".join(kept)


def _language_prefix(language: str, default: str, multilingual: bool, multihost: bool, in_subdir: bool) -> str:
    if not multilingual or multihost:
        return ""
    if language != default or in_subdir:
        return "/" + language
    return ""


def _term_keys(config: dict[str, Any], languages: dict[str, dict[str, Any]], language: str) -> list[str]:
    """The front-matter keys of the site's other taxonomies, its language's
    where it names its own (PaperMod's `series`, its French `FRtags`), whose
    terms are tags in newsgen; tags and categories are read apart, authors are bylines."""
    given = (languages.get(language) or {}).get("taxonomies") or config.get("taxonomies")
    if not isinstance(given, dict):
        return []
    return [str(plural).lower() for plural in given.values() if str(plural).lower() not in ("tags", "categories", *AUTHOR_TAXONOMIES)]


def _permalink_pattern(entry: _Entry, config: dict[str, Any], languages: dict[str, dict[str, Any]]) -> str | None:
    """The `permalinks` pattern of the entry's section, the language's over
    the site's: `section = pattern`, or (Hugo 0.115 on) by page kind,
    `page: {section: pattern}` (linkerd.io's `page: {blog: /:year/:month/:day/:slug/}`)."""
    if not entry.section:
        return None
    found = None
    for permalinks in (config.get("permalinks"), languages.get(entry.language, {}).get("permalinks")):
        if not isinstance(permalinks, dict):
            continue
        by_name = {str(key).lower(): value for key, value in permalinks.items()}
        pages = by_name.get("page")
        pages = {str(key).lower(): value for key, value in pages.items()} if isinstance(pages, dict) else {}
        for pattern in (pages.get(entry.section.lower()), by_name.get(entry.section.lower())):
            if isinstance(pattern, str) and pattern:
                found = pattern
                break
    return found


def _old_url(entry: _Entry, config: dict[str, Any], languages: dict[str, dict[str, Any]], default: str,
             multilingual: bool, multihost: bool, in_subdir: bool, published: datetime | None) -> str:
    raw = entry.front or {}
    prefix = _language_prefix(entry.language, default, multilingual, multihost, in_subdir)
    if raw.get("url"):
        url = str(raw["url"])
        return url if url.startswith("/") or "://" in url else f"{prefix}/{url}"  # without its slash, under the language's root
    slug = _url_part(str(raw.get("slug") or entry.name))
    title = _url_part(str(raw.get("title") or entry.name))
    folders = posixpath.dirname(_language_free(entry))  # the file's, or its bundle's, folders under content/
    pattern = _permalink_pattern(entry, config, languages)
    dates = re.search(r":(year|month|monthname|day|weekday|weekdayname|yearday)\b", str(pattern or ""))
    if pattern and (published is not None or not dates):
        published = published or datetime(1, 1, 1)  # (never read: a pattern without dates)
        values = {
            "year": f"{published.year:04d}", "month": f"{published.month:02d}", "monthname": published.strftime("%B").lower(),
            "day": f"{published.day:02d}", "weekday": str(published.isoweekday() % 7), "weekdayname": published.strftime("%A").lower(),
            "yearday": str(published.timetuple().tm_yday), "section": entry.section, "sections": folders,
            # `:slug` is the slug, else the title (Hugo's permalink tokens); the file's name only in the tokens naming it.
            "title": title, "slug": _url_part(str(raw.get("slug") or "")) or title, "filename": _url_part(entry.name),
            "slugorfilename": slug, "contentbasename": _url_part(entry.name), "slugorcontentbasename": slug,
        }
        url = re.sub(r":([a-z]+)", lambda m: values.get(m[1], m[0]), str(pattern))
        url = "/" + url.strip("/") + "/"
    elif entry.kind == "page":
        url = f"/{_page_path(entry, _url_part)}/"
    else:
        url = "/" + "/".join(part for part in (folders, slug) if part) + "/"  # post/2020/05/hello.md is /post/2020/05/hello/: every folder under content/
    if not config.get("disablepathtolower"):
        url = url.lower()  # as Hugo makes paths: Let's Encrypt's slug ARI-RFC is /2025/09/16/ari-rfc.html
    if _ugly_urls(entry, config) and url != "/":
        url = url.rstrip("/") + ".html"
    return prefix + url


def _ugly_urls(entry: _Entry, config: dict[str, Any]) -> bool:
    """Does Hugo serve the entry's section at ugly URLs (`uglyURLs = true`,
    or per section: [uglyURLs] post = true, Let's Encrypt's)?"""
    ugly = config.get("uglyurls")
    if isinstance(ugly, dict):
        ugly = ugly.get((entry.section or "").lower())
    return ugly is True


def _alias_as_served(alias: str, page_url: str, ugly: bool, prefix: str) -> str:
    """An alias as Hugo serves it (its Page.Aliases): one without its slash
    from the parent of the page's URL folder, for a section's page as for a
    leaf (`installation` of docs/collector/install/_index.md is
    /docs/collector/installation/; `../x` climbs from there, never above the
    root), written as a folder (index.html in it), or, in an ugly-URL
    section, as `.html`; one with its slash under the root of the page's
    language, `prefix` (a Bengali page's /about is /bn/about), in an
    ugly-URL section as `.html` too (/foo/bar/ is /foo/bar.html: Hugo
    joins the path, which drops the slash, then adds the suffix). Another
    site's as it is."""
    if "://" in alias:
        return alias
    if alias.startswith("/"):
        # One that names its language already is as written: Hugo before 0.155 served such an
        # alias at the site's root, and its docs had a translation's spell its language out.
        rooted = alias if not prefix or alias == prefix or alias.startswith(prefix + "/") else prefix + alias
        if not ugly:
            return rooted
        resolved = posixpath.normpath(rooted)
    else:
        folder = urlsplit(page_url).path.rstrip("/").removesuffix(".html")  # /docs/collector/install, /post/x of /post/x.html
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(folder) or "/", alias))
    if resolved.endswith(".html") or resolved == "/":
        return resolved
    return resolved + (".html" if ugly else "/")
