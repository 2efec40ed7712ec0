"""A Jekyll site → newsgen stories, pages and authors.

Posts (`_posts/`, `CATEGORY/_posts/`) become `SECTION/YYYY-MM-DD-slug.md`;
the section is the first category, slugified, else "posts"; the other
categories and the tags are tags (a string is split on spaces, as Jekyll
does). `_drafts/` and `published: false` become `draft: true`. The date is
the front matter's, else the file name's (drafts without one: the file's
modification time); a date written without a time stays a date alone. The
old URL, computed as Jekyll does (the post's own `permalink`, else the front
matter `defaults`, the posts collection's or `_config.yml`'s, on the date in
the site's time zone), and every `redirect_from`, go to `aliases`. Authors
from `_data/authors.yml` (or .json) become `authors/ID.md`; a byline naming
an id (`author`, `authors`, or Section508's `contributors`) is written as
that author's name. Markdown pages with front matter outside `_` folders,
and the documents of the collections Jekyll publishes (`_pages`, `_docs`,
at their collection's or a default's permalink, placeholders filled),
become pages under `pages/`, in their old URL's folders; a `redirect_to`
page (jekyll-redirect-from) is no page, its URL an alias of the one it leads
to. Files a body or `image:` names that exist in the site are copied to the
same site path under content/.
"""

from __future__ import annotations

import fnmatch
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any, Iterator
from zoneinfo import ZoneInfo

from ..config import language_tag
from ..content.discover import JEKYLL_FRONT_MATTER, has_front_matter
from ..content.keys import ARTICLE_KEYS, PAGE_KEYS
from ..content.parse import as_markdown
from ..content.template_syntax import STATEMENT, mask_raw
from ..errors import NewsgenError
from ..locales import is_language
from ..redirects import served_file
from ..slugs import slugify, tag_slug
from .common import (HOME_PAGE, MADE_LISTS, NO_TEXT, NOT_SECTIONS, ImportedFile, ImportReport, RedirectStubs,
                     UnreadableFrontMatter, convert_each, edition_path, few, left_out_feed, load_yaml, site_timezone,
                     suggest_editions)
from .convert import (LinkResolver, as_datetime, collect_assets, convert_markup, date_text, is_media_include, map_front_matter,
                      put_lead_image, relink_old_urls, relink_source_paths, rooted_page_links, split_list)

POST_SUFFIXES = (".md", ".markdown", ".html", ".htm")
AUTHORS_COLLECTION = "_authors"  # a collection of author files, as many Jekyll themes keep them
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".json")  # with front matter: a feed (or a sitemap) Jekyll made from a template
PAGE_SUFFIXES = (".md", ".markdown", ".html", ".htm")  # an HTML page with front matter is a page too, unless it is a template
_POST_NAME = re.compile(r"^(?P<year>\d{2,4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})-(?P<title>.+)$")
PERMALINK_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
SKIPPED_DIRS = {"node_modules", "vendor", "_site", ".git", ".jekyll-cache", ".sass-cache"}
# Keys the reader handles itself.
_CONSUMED = frozenset({"author", "authors", "contributors", "categories", "category", "tags", "tag", "date", "permalink",
                       "redirect_from", "redirect_to", "title", "slug", "draft", "url", "aliases", "section"})


def read_front_matter(text: str) -> tuple[dict[str, Any] | None, str]:
    """(front matter, body) of a file that starts with `---` (after an
    optional byte-order mark); (None, text) for one without. Raises
    UnreadableFrontMatter for front matter that is not YAML."""
    text = text.lstrip("\ufeff")
    match = re.match(r"---[ \t]*\r?\n(.*?)(?:^|\n)(?:---|\.\.\.)[ \t]*(?:\r?\n|$)", text, re.DOTALL | re.MULTILINE)  # (MULTILINE: an empty one, ---, then ---)
    if not match:
        return None, text
    front = load_yaml(match[1], first_line=2) if match[1].strip() else {}
    return (front if isinstance(front, dict) else {}), text[match.end():]


def _load_data(path: Path) -> Any:
    text = path.read_text(encoding="utf-8-sig")
    return json.loads(text) if path.suffix == ".json" else load_yaml(text)


class _Entries:
    """Which of the site's files Jekyll reads: not those `exclude:` names
    (18F's spec/ held test pages), nor its own folders; `include:` lets a
    folder starting with `_` or `.` in (minimal-mistakes' _pages)."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.exclude = [str(p).strip().strip("/") for p in split_list(config.get("exclude")) if str(p).strip("/ ")]
        self.include = [str(p).strip().strip("/") for p in split_list(config.get("include")) if str(p).strip("/ ")]

    @staticmethod
    def _matches(parts: tuple[str, ...], patterns: list[str]) -> bool:
        prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
        return any(prefix == pattern or fnmatch.fnmatchcase(prefix, pattern) for pattern in patterns for prefix in prefixes)

    def read(self, parts: tuple[str, ...], special: bool = True) -> bool:
        """Are the file at these path parts read? `special`: a name
        starting with `_` keeps it out too, unless included."""
        if any(p in SKIPPED_DIRS for p in parts) or self._matches(parts, self.exclude):
            return False
        hidden = [n for n, p in enumerate(parts) if p.startswith(".") or (special and p.startswith("_"))]
        return not hidden or self._matches(parts[: hidden[-1] + 1], self.include)


class _Post:
    def __init__(self, path: Path, rel: str, draft: bool, categories: list[str]) -> None:
        self.path, self.rel, self.draft, self.folder_categories = path, rel, draft, categories
        self.text = path.read_text(encoding="utf-8-sig")
        self.problem = "no front matter: Jekyll does not publish it either"
        try:
            self.front, self.body = read_front_matter(self.text)
        except UnreadableFrontMatter as exc:
            self.front, self.body, self.problem = None, self.text, str(exc)
        stem = path.stem
        self.name_match = _POST_NAME.match(stem)
        self.title_part = self.name_match["title"] if self.name_match else stem
        self.target = ""
        self.named_apart = False  # its file named with its language, apart from another language's version
        self.translation_key = ""  # shared with the versions it was named apart from
        self.language_folder = ""  # its first folder, where that is its language (ruby-lang.org's zh_cn/news/_posts/)


def read_jekyll(site: Path, report: ImportReport, timezone: ZoneInfo) -> Iterator[ImportedFile]:
    """Every post, draft, page and author of the Jekyll site in `site`."""
    report.source = report.source or f"Jekyll site {site}"
    project = site
    chosen = _site_configs(project)
    config_names = chosen.names
    config: dict[str, Any] = {}
    layers: list[tuple[str, Any]] = []  # each config as read, to name the one a setting came from
    for name in config_names:
        layers.append((name, _read_config(project / name)))
        config = _deep_merged(config, layers[-1][1])
    site = _source_folder(project, chosen, config, report)
    tz = site_timezone(config.get("timezone"), timezone, report, _set_in("timezone", layers))
    if config.get("future") is True:
        report.changed.append((_set_in("future", layers), "future: true published posts dated in the future at once; newsgen holds "
                                                          "each until its date (`newsgen build --future` publishes them now)"))
    permalink = str(config.get("permalink") or "date")
    permalink = PERMALINK_STYLES.get(permalink, permalink)
    gems = _plugin_gems(site, config, project)
    _report_plugins(site, config, report, gems)

    authors = _read_authors(site, report, config)
    for author_id, entry in authors.items():
        yield _author_file(site, author_id, entry, config)

    # Pass 1: every post, and where it goes.
    collections_dir = _collections_dir(config)
    posts: list[_Post] = []
    entries = _Entries(config)
    for path in sorted(site.rglob("*")):
        rel_parts = path.relative_to(site).parts
        if not path.is_file() or path.suffix.lower() not in POST_SUFFIXES or not entries.read(rel_parts, special=False):
            continue
        if "_posts" in rel_parts[:-1] or "_drafts" in rel_parts[:-1]:
            marker = "_posts" if "_posts" in rel_parts[:-1] else "_drafts"
            index = rel_parts.index(marker)
            # Folders above _posts are categories, counted from the collections' folder (Jekyll's collections_dir).
            start = len(collections_dir.parts) if rel_parts[: len(collections_dir.parts)] == collections_dir.parts else 0
            categories = [p for p in rel_parts[start:index] if not p.startswith("_")]
            post = _Post(path, "/".join(rel_parts), marker == "_drafts", categories)
            if post.front is None:
                report.skipped.append((post.rel, post.problem))
                continue
            if _is_home_page(post.front, unless_permalink=False):
                # bitcoincore.org's _posts/en/pages/2016-01-01-index.md, `permalink: /`: not a story
                report.skipped.append((post.rel, HOME_PAGE + _unredirected(post.front)))
                continue
            if not post.body.strip() and not post.front.get("redirect_to"):
                # government.github.com's case studies: `layout: case_study_redirect` alone, sent on to another site.
                report.skipped.append((post.rel, NO_TEXT.format(kind="post", layout=post.front.get("layout") or "the default")))
                continue
            posts.append(post)
    links = LinkResolver(site, [site], front_matter=JEKYLL_FRONT_MATTER)
    _mark_language_folders(posts)
    for post in posts:
        categories = post.folder_categories + _pluralized(post.front, "category", "categories")
        post.categories = categories  # (its old URL's :categories, the language's folder too)
        # A category that names one of newsgen's own pages (search, tags…) is no section: its stories' next, or "posts".
        section = next((slugify(c) for c in _topics(post) if slugify(c) not in NOT_SECTIONS), "posts")
        name = slugify(str(post.front.get("slug") or post.title_part))
        if post.draft or not post.name_match:
            post.target = f"{section}/{name}.md"
        else:
            m = post.name_match
            post.target = f"{section}/{int(m['year']):04d}-{int(m['month']):02d}-{int(m['day']):02d}-{name}.md"
    default_language = _site_language(config)
    _name_languages_apart(posts, default_language)
    # The front page of each language's edition (suggest_editions'), where the language's old home page redirects.
    editions = {language: edition_path(language, default_language) for language in {_post_language(post, default_language) for post in posts}}
    for post in posts:
        links.add_story(post.rel, post.target, post.path.stem, "/".join(post.rel.split("/")[-2:]))

    # Pass 2: convert.
    language_folders = {_language_key(post.language_folder) for post in posts if post.language_folder}
    pages, stand_ins = _page_sources(site, config, entries, report, tz, editions, default_language, language_folders)
    for rel, url in stand_ins.items():
        links.add_story(rel, url)  # a link to a list page left out leads to newsgen's list of the same
    stubs = _redirect_stubs(pages, config)
    for page in pages:  # known before any is converted: a post's {% link _docs/x.md %} may name one
        if not page.front.get("redirect_to"):
            # Known by its old URL too, and the file Jekyll wrote there: cordova-docs' pages link
            # each other as `../guide/cli/index.html`, which a browser on the old page read from its URL.
            links.add_story(page.rel, page.target, *_old_url_names(page.url, page.path, page.front))
    for stub, target in _stubs_led_to(pages, config).items():
        links.add_story(stub, target)
    languages = set()
    by_rel = {post.rel: post for post in posts}
    stories: list[tuple[_Post, ImportedFile]] = []
    for imported in convert_each(posts, lambda post: _post_file(post, site, links, report, tz, permalink, authors, config, stubs),
                                 lambda post: post.rel, report):
        languages.add(imported.front.get("language"))
        if imported.kind == "story":
            stories.append((by_rel[imported.origin], imported))
        yield imported
    if "jekyll-archives" in gems:
        _record_archive_pages(config, stories, tz, report, {post.rel: editions[_post_language(post, default_language)] for post in posts})
    # ruby-lang.org's posts in 16 languages, each with `lang:`
    suggest_editions(languages, str(config.get("lang") or "en"), str(config.get("title") or ""), {}, report, "_config.yml's lang")
    yield from _pages(pages, links, report, stubs, config)
    stubs.report_unresolved(report)


# Where a site keeps its config when not in its own folder (cordova-docs' conf/_config.yml), read without a script naming it.
CONFIG_FOLDERS = ("conf", "config", "_config", "jekyll")
# The files that may run Jekyll with the configs it reads (`jekyll build --config conf/_config.yml,conf/_prod.yml`);
# a build's, not `jekyll serve`'s, which names a config for the writer's machine (url: localhost).
BUILD_SCRIPTS = ("Makefile", "makefile", "GNUmakefile", "package.json", "netlify.toml", "Rakefile", "build.sh", "script/build",
                 "script/cibuild", "scripts/build.sh", ".github/workflows/*.yml", ".github/workflows/*.yaml")
_JEKYLL_BUILD = re.compile(r"""\bjekyll\s+(?:build|b)\b(?P<options>(?:\\\n|[^\n;&|])*)""")
_CONFIG_OPTION = re.compile(r"""\s--config(?:=|\s+)["']?(?P<value>[^\s"';&|]+)""")
# What runs a build, above its line: a Makefile's target, a Rakefile's task, netlify.toml's [context.x], a workflow's job;
# or on its line, the target or constant it is (`build: ; jekyll build`, JEKYLL_TEST_BUILD = "…").
_RUNNER_ABOVE = re.compile(r"""^(?:\s*task\s+[:"']?(?P<task>[\w-]+(?::[\w-]+)*)|(?P<target>[A-Za-z0-9_.%/-]+)\s*:(?!=)"""
                           r"""|\s*\[(?P<table>[\w.-]+)\]|  (?P<job>[\w-]+):\s*$)""", re.MULTILINE)
_RUNNER_ON_LINE = re.compile(r"""^\s*["']?(?P<name>[A-Za-z_][\w:.-]*)["']?\s*[:=]""")
_WORKFLOW_NAME = re.compile(r"""^name:\s*["']?(?P<name>[^"'\n]+)""", re.MULTILINE)
# Words that say what a build is for (brew.sh's Rakefile: `build`, which deploys as its Pages workflow does, and
# `build_test`, with _config.test.yml, for html-proofer), in its runner's names, its options and its configs' names.
_TEST_WORDS = frozenset({"test", "tests", "testing", "spec", "check", "proof", "proofer", "htmlproofer", "dev", "develop",
                         "development", "local", "localhost", "staging", "stage", "serve", "server", "preview", "branch",
                         "draft", "drafts", "watch", "incremental"})
_DEPLOY_WORDS = frozenset({"deploy", "deployment", "publish", "production", "prod", "release", "pages"})
_DEPLOYS, _BUILDS, _TESTS = "the build that deploys", "a build", "a test or development build"


@dataclass(frozen=True)
class _JekyllBuild:
    """A `jekyll build` one of the site's scripts runs: the configs its
    `--config` names (none: Jekyll's own _config.yml), and what it is for."""
    script: str  # its file, under the project
    runner: str  # the target, task or script that runs it, else ""
    command: str
    configs: tuple[str, ...]
    purpose: str  # _DEPLOYS, _BUILDS or _TESTS

    def named(self) -> str:
        return f"`{self.command}` in {self.script} ({self.runner})" if self.runner else f"`{self.command}` in {self.script}"


@dataclass(frozen=True)
class _ConfigChoice:
    """The configs an import reads (paths under the project, in the order
    Jekyll merges them) and why, for the report; `why` is "" for Jekyll's
    own _config.yml that no build's named configs were passed over for."""
    names: list[str]
    why: str


def _read_config(path: Path) -> Any:
    """A config's YAML; NewsgenError naming it where it is not UTF-8 or not
    YAML, as Jekyll stops there too (the import cannot guess its settings)."""
    try:
        return load_yaml(path.read_text(encoding="utf-8-sig"), what="the config") or {}
    except UnicodeDecodeError as exc:
        raise NewsgenError(f"{path}: the config is not UTF-8 text (byte {exc.start}): save it as UTF-8 and import again") from None
    except UnreadableFrontMatter as exc:
        raise NewsgenError(f"{path}: {exc}") from None


def _site_configs(project: Path) -> _ConfigChoice:
    """The configs the site's production build reads: those the `jekyll
    build` that deploys (a deploy workflow, netlify.toml's build, a
    deploy/publish/production task, else any build) names with `--config`,
    which Jekyll reads instead of _config.yml; else its own _config.yml;
    else one in a folder sites keep configs in (conf/_config.yml). A test or
    development build's configs (a task or config named test, dev, local,
    staging…) are read only where there is nothing else."""
    builds = _jekyll_builds(project)
    own = [name for name in ("_config.yml", "_config.yaml") if (project / name).is_file()][:1]
    chosen = min((build for build in builds if build.purpose != _TESTS or not own),
                 key=lambda build: (build.purpose != _DEPLOYS, build.purpose == _TESTS), default=None)
    if chosen is not None and chosen.configs:
        names = list(chosen.configs)
        merged = "merged in this order, " if len(names) > 1 else ""
        why = f"{merged}as {chosen.named()} names them: {chosen.purpose}{', the only one found' if chosen.purpose == _TESTS else ''}"
    elif own:
        names, why = own, f"as {chosen.named()} reads it: {chosen.purpose}" if chosen is not None else "Jekyll's own"
    else:
        names = [f"{folder}/{name}" for folder in CONFIG_FOLDERS for name in ("_config.yml", "_config.yaml")
                 if (project / folder / name).is_file()][:1]
        why = ("found where sites keep theirs, with no _config.yml in the folder (a build script that names its configs, "
               "`jekyll build --config …`, is read first)")
    passed: dict[tuple[str, ...], _JekyllBuild] = {}  # the configs other builds name, each with the first naming them
    for build in builds:
        if build.configs and list(build.configs) != names:
            passed.setdefault(build.configs, build)
    over = "".join(f"; not {', '.join(b.configs)}, which {b.named()} names: {b.purpose}" for b in passed.values())
    # Jekyll's own _config.yml, with no other to say it was chosen over, goes without saying.
    return _ConfigChoice(names, "" if names == own and not over else why + over)


def holds_config(project: Path) -> bool:
    """Is there a config Jekyll's import reads (_config.yml or _config.yaml, one a build script names, conf/_config.yml)?"""
    return bool(_site_configs(project).names)


def _jekyll_builds(project: Path) -> list[_JekyllBuild]:
    """Every `jekyll build` the site's build scripts run, in BUILD_SCRIPTS' order:
    those naming configs outside the project, or missing, are left out."""
    builds = []
    for pattern in BUILD_SCRIPTS:
        for script in sorted(project.glob(pattern)):
            try:
                text = script.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            rel = script.relative_to(project).as_posix()
            for named_script, text in _scripts_in(script, text):
                for run in _JEKYLL_BUILD.finditer(text):
                    given = _CONFIG_OPTION.search(run["options"])
                    configs = tuple(name.removeprefix("./") for name in given["value"].split(",") if name) if given else ()
                    inside = all((project / name).is_file() and (project / name).resolve().is_relative_to(project.resolve())
                                 for name in configs)
                    if given and not (configs and inside):
                        continue
                    line_start = text.rfind("\n", 0, run.start()) + 1
                    line = text[line_start:text.find("\n", run.end()) % (len(text) + 1)]
                    runner, constant = (named_script, "") if named_script else _runner(text, line_start, line, rel)
                    # What the build is for: its runner's words, its line's (JEKYLL_ENV=production), its configs' names,
                    # and a workflow's name and file name, with the environment it sets (JEKYLL_ENV: production) below.
                    context = [runner, constant, line, *configs]
                    if rel.startswith(".github/"):
                        named = _WORKFLOW_NAME.search(text)
                        context += [script.stem, named["name"] if named else "", text[run.end():run.end() + 200].split("- ", 1)[0]]
                    words = {word for part in context for word in re.split(r"[^a-z0-9]+", part.lower()) if word}
                    purpose = _TESTS if words & _TEST_WORDS else _DEPLOYS if words & _DEPLOY_WORDS else _BUILDS
                    command = " ".join(run[0].replace("\\\n", " ").split()).rstrip("\"'`),")
                    builds.append(_JekyllBuild(rel, runner, command, configs, purpose))
    return builds


def _scripts_in(script: Path, text: str) -> list[tuple[str, str]]:
    """(name, text) of each script a file holds: package.json's by their
    names ("build:dev"), any other file as one, unnamed."""
    if script.name != "package.json":
        return [("", text)]
    try:
        scripts = json.loads(text).get("scripts")
    except (ValueError, AttributeError, RecursionError):  # no JSON, or none json reads: the file as one script
        return [("", text)]
    return [(str(name), command) for name, command in scripts.items() if isinstance(command, str)] if isinstance(scripts, dict) else []


def _runner(text: str, line_start: int, line: str, script: str) -> tuple[str, str]:
    """(what runs the build on the line at `line_start`, the constant the
    line sets): the target or name it is on that line, else the target, task,
    table or job last opened above it; a constant (JEKYLL_TEST_BUILD = "…")
    is run by the task of the next line that names it (`sh JEKYLL_TEST_BUILD`)."""
    on_line = _RUNNER_ON_LINE.match(line)
    if on_line and not script.startswith(".github/") and on_line["name"] not in ("run", "command", "script"):
        if not on_line["name"].isupper():
            return on_line["name"], ""
        constant = on_line["name"]
        used = re.compile(rf"\b{re.escape(constant)}\b").search(text, line_start + len(line))
        return (_opened_above(text[:used.start()]) if used else "") or constant, constant
    return _opened_above(text[:line_start]), ""


def _opened_above(above: str) -> str:
    last = None
    for last in _RUNNER_ABOVE.finditer(above):
        pass
    return next((name for name in last.groups() if name), "") if last else ""


def _set_in(key: str, layers: list[tuple[str, Any]]) -> str:
    """The config (of those merged, in order) that gave `key` its value: the last to set it."""
    return next((name for name, data in reversed(layers) if isinstance(data, dict) and key in data), layers[0][0] if layers else "_config.yml")


def _deep_merged(base: dict[str, Any], over: Any) -> dict[str, Any]:
    """`over` merged over `base`, tables key by key, as Jekyll merges its configs (Utils.deep_merge_hashes)."""
    if not isinstance(over, dict):
        return base
    merged = dict(base)
    for key, value in over.items():
        merged[key] = _deep_merged(merged[key], value) if isinstance(merged.get(key), dict) and isinstance(value, dict) else value
    return merged


def _source_folder(project: Path, chosen: _ConfigChoice, config: dict[str, Any], report: ImportReport) -> Path:
    """The folder Jekyll read the site from: the config's `source:` (from the
    folder Jekyll ran in), else `project`. A config found away from the
    site's own _config.yml is said; where none is found but a folder below
    has one, that is said with the command to import it, as its posts would
    otherwise be read as a category's (cordova-docs' www/_posts: a section `www`)."""
    config_names = chosen.names
    source = str(config.get("source") or "").strip()
    folder = (project / source).resolve() if source else project.resolve()
    if source and (not folder.is_dir() or not folder.is_relative_to(project.resolve())):
        report.changed.append((", ".join(config_names), f"its source: {source} is no folder of the site: read from the site's own"))
        folder = project.resolve()
    moved = folder != project.resolve()
    if chosen.why and config_names:
        where = f"; source: {source}, the folder the site is read from" if moved else ""
        report.changed.append((", ".join(config_names), f"read as the site's config, {chosen.why}{where}"))
    if not config_names:
        below = sorted(path.relative_to(project) for path in project.glob("*/_config.yml") if path.parent.name not in SKIPPED_DIRS)
        for found in below[:1]:
            report.changed.append((found.as_posix(), f"no _config.yml in {project}, but this one below it: if it is the site's, "
                                                     f"import its folder, `newsgen import --from jekyll {project / found.parent}` "
                                                     "(or give the site's config a `source:` and put it in the folder)"))
    return folder if moved else project


def _site_language(config: dict[str, Any]) -> str:
    """The site's language as a tag: `lang` of _config.yml, else the one
    its front matter defaults give every file (bitcoincore.org's), else English."""
    every = [entry.get("values") for entry in config.get("defaults") or () if isinstance(entry, dict)
             and not str((entry.get("scope") or {}).get("path") or "").strip("/") and isinstance(entry.get("values"), dict)]
    written = str(config.get("lang") or next((values["lang"] for values in every if values.get("lang")), "en"))
    return (language_tag(written) or written).lower()


def _post_language(post: _Post, default: str) -> str:
    return _language_key(_written_language(post) or post.language_folder or default)


def _written_language(post: _Post) -> str:
    return str((post.front or {}).get("lang") or (post.front or {}).get("language") or "")


def _language_key(written: str) -> str:
    """A language as a lower-case tag, to compare: zh_CN is zh-cn."""
    return (language_tag(written) or written).lower()


def _mark_language_folders(posts: list[_Post]) -> None:
    """Mark each post whose first folder is its language (ruby-lang.org's
    zh_cn/news/_posts/, `lang: zh_cn`): its edition, not its section or a
    tag. A folder is so where the post's `lang:` names it (pt for pt-BR
    too); for a post without `lang:`, where its name is a language's code
    and the site keeps other posts so."""
    def first(post: _Post) -> str:
        return post.folder_categories[0] if post.folder_categories else ""

    for post in posts:
        written, folder = _language_key(_written_language(post)), _language_key(first(post))
        if written and folder and folder in (written, written.split("-")[0]):
            post.language_folder = first(post)
    if any(post.language_folder for post in posts):
        for post in posts:
            if first(post) and not _written_language(post) and is_language(first(post)):
                post.language_folder = first(post)


def _page_language_folder(parts: list[str], front: dict[str, Any], language_folders: set[str]) -> str:
    """The language (a lower-case tag) of a page whose URL's first folder is
    its language, as a post's is (_mark_language_folders): one its `lang:`
    names, or, without one, a language's the site keeps posts in a folder
    of (`language_folders`); "" for any other page, and for the language's
    home page itself."""
    if len(parts) < 2:
        return ""
    written, folder = _language_key(str(front.get("lang") or front.get("language") or "")), _language_key(parts[0])
    if written:
        return written if folder in (written, written.split("-")[0]) else ""
    return folder if folder in language_folders else ""


def _topics(post: _Post) -> list[str]:
    """A post's categories that are topics: its section, then tags; not the folder of its language."""
    return post.categories[1:] if post.language_folder else post.categories


def _edition_home(url: str, front: dict[str, Any], editions: dict[str, str]) -> str:
    """The front page of the edition that stands for a language's home page
    at `url` (/zh_cn/: /zh-cn/, the site's own language's: /), where the
    archive has stories in that language; else ""."""
    root = _LANGUAGE_ROOT.fullmatch(url)
    if root is None or not is_language(root["code"]):
        return ""
    return editions.get(_language_key(str(front.get("lang") or front.get("language") or root["code"])), "")


def _name_languages_apart(posts: list[_Post], default: str) -> None:
    """Posts of several languages that would be one file (bitcoincore.org's
    _posts/ja/posts/2015-12-14-segregated-witness.md beside the English one
    of that name: the folders below _posts are no categories) are each
    their own, as the Hugo importer names a translation: the file of a
    language but the site's gets a -LANG suffix (…-segregated-witness-ja.md),
    its URL keeps the name (its slug), and the versions share a
    translation_key (their own, else the file's name) that links them."""
    claimed: dict[str, list[_Post]] = {}
    for post in posts:
        claimed.setdefault(post.target, []).append(post)
    for target, owners in claimed.items():
        if len({_post_language(post, default) for post in owners}) < 2:
            continue
        stem = target.removesuffix(".md")
        for post in owners:
            post.translation_key = str(post.front.get("translation_key") or post.front.get("translationKey") or stem.split("/", 1)[1])
            language = _post_language(post, default)
            if language != default:
                post.target, post.named_apart = f"{stem}-{slugify(language)}.md", True


# Plugins whose work newsgen does itself, or the import: feeds, sitemaps, meta tags, lists, redirects (aliases).
PLUGINS_DONE = frozenset({"jekyll-feed", "jekyll-sitemap", "jekyll-seo-tag", "jekyll-redirect-from", "jekyll-paginate",
                          "jekyll-paginate-v2", "jekyll-archives"})
# A gem line of a Gemfile: its name, and the rest of the line (`group: :jekyll_plugins`).
_GEM = re.compile(r"""^\s*gem\s+["']([\w.-]+)["'](.*)$""")


def _plugin_gems(site: Path, config: dict[str, Any], project: Path) -> list[str]:
    """The plugin gems Jekyll loads: `plugins:` (or the older `gems:`) in
    its config, and the Gemfile's jekyll_plugins group (in the folder
    Jekyll runs in, `project`, which a config's `source:` may make another
    than the site's)."""
    return list(dict.fromkeys([*split_list(config.get("plugins") or config.get("gems")),
                               *(_gemfile_plugins(project) or _gemfile_plugins(site))]))


def _report_plugins(site: Path, config: dict[str, Any], report: ImportReport, gems: list[str]) -> None:
    """Say, once each, the site's own plugins (`_plugins/*.rb`) and the
    plugin gems Jekyll loads (`gems`) but those whose work newsgen does: Ruby code that
    ran as Jekyll built the site, which an import does not run.
    bitcoinops's auto-anchor.rb gave its list items their ids: without it,
    9,707 links to #fragments were broken, unsaid."""
    folders = [site / str(folder) for folder in split_list(config.get("plugins_dir") or "_plugins")]
    own = {folder.relative_to(site).as_posix(): sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.rb"))
           for folder in folders if folder.is_dir()}
    for folder, names in own.items():
        if names:
            report.changed.append((f"{folder} ({few(names)})",
                                   f"{len(names)} Ruby plugin{'s' if len(names) > 1 else ''} of the site, which an import does not run: "
                                   "what they made is not in the imported pages (ids they gave elements, whose #fragment links "
                                   "the build then reports broken; pages they generated; Liquid tags and filters, left as written)"))
    gems = [name for name in gems if name not in PLUGINS_DONE]
    if gems:
        report.changed.append((few(gems), f"plugin gem{'s' if len(gems) > 1 else ''} Jekyll loaded, which an import does not run: "
                                           "what they added to pages (ids, emoji, links, generated pages, Liquid tags and filters) "
                                           "is not in the imported pages"))


def _gemfile_plugins(site: Path) -> list[str]:
    """The gems of the Gemfile's jekyll_plugins group, which Jekyll loads without `plugins:`."""
    gemfile = site / "Gemfile"
    if not gemfile.is_file():
        return []
    found, in_group = [], False
    for line in gemfile.read_text(encoding="utf-8", errors="replace").splitlines():
        code = line.split("#", 1)[0]
        if re.match(r"\s*group\b.*\bdo\s*$", code):
            in_group = ":jekyll_plugins" in code
        elif re.match(r"\s*end\s*$", code):
            in_group = False
        elif (gem := _GEM.match(code)) and (in_group or ":jekyll_plugins" in gem[2]):
            found.append(gem[1])
    return found


def _read_authors(site: Path, report: ImportReport, config: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """Author ID → its entry, from _data/authors.yml (or .yaml, .json), else
    `authors:` in _config.yml (site.authors, artsy.github.io's), and from an
    `_authors` collection (one file per author, the bio its text)."""
    found: dict[str, dict[str, Any]] = {}
    configured = (config or {}).get("authors")
    if isinstance(configured, dict):
        found = {str(k): ({**v, "from_config": True} if isinstance(v, dict) else {"name": str(v), "from_config": True})
                 for k, v in configured.items()}
    for name in ("authors.yml", "authors.yaml", "authors.json"):
        path = site / "_data" / name
        if path.is_file():
            data = _load_data(path) or {}
            if isinstance(data, list):  # a list of {id|key|slug: ..., name: ...}
                data = {str(e.get("id") or e.get("key") or e.get("slug") or e.get("name")): e for e in data if isinstance(e, dict)}
            found = {str(k): (v if isinstance(v, dict) else {"name": str(v)}) for k, v in data.items()}
            break
    collection = site / AUTHORS_COLLECTION
    for path in sorted(collection.glob("*.md")) if collection.is_dir() else ():
        try:
            front, body = read_front_matter(path.read_text(encoding="utf-8-sig"))
        except UnreadableFrontMatter as exc:
            report.skipped.append((path.relative_to(site).as_posix(), str(exc)))
            continue
        if front is not None:
            found.setdefault(path.stem, {**front, "bio": front.get("bio") or body.strip()})
    return found


def _display_name(author_id: str, entry: dict[str, Any]) -> str:
    """The name to show: collections often keep the ID in `name` ("melody")
    and the name in `full_name` ("Melody Kramer")."""
    first_last = " ".join(str(entry[key]).strip() for key in ("first_name", "last_name") if entry.get(key))
    return str(entry.get("full_name") or entry.get("display_name") or entry.get("name") or first_last or author_id)


def _author_file(site: Path, author_id: str, entry: dict[str, Any], config: dict[str, Any]) -> ImportedFile:
    name = _display_name(author_id, entry)
    front: dict[str, Any] = {"name": name, "slug": slugify(author_id)}
    role = entry.get("role") or entry.get("position") or entry.get("title")
    if role:
        front["role"] = str(role)
    links: dict[str, str] = {}
    for key, base in (("website", ""), ("url", ""), ("web", ""), ("site", ""), ("twitter", "https://twitter.com/"),
                      ("github", "https://github.com/"), ("linkedin", "https://www.linkedin.com/in/")):
        value = entry.get(key)
        if value:
            value = str(value).lstrip("@")
            links[key.capitalize() if key not in ("github", "linkedin") else {"github": "GitHub", "linkedin": "LinkedIn"}[key]] = (
                value if value.startswith(("http://", "https://")) or not base else base + value)
    if entry.get("email"):
        front["email"] = str(entry["email"])
    if links:
        front["links"] = links
    bio = str(entry.get("bio") or entry.get("description") or entry.get("byline") or "")
    own_file = site / AUTHORS_COLLECTION / f"{author_id}.md"
    origin = (f"{AUTHORS_COLLECTION}/{author_id}.md" if own_file.is_file() else f"_config.yml authors ({author_id})"
              if entry.get("from_config") else f"_data/authors ({author_id})")
    generated = _generated_author_page(site, author_id, config) if entry.get("from_config") and not own_file.is_file() else None
    if generated:
        front["aliases"] = [generated]
    if own_file.is_file():
        # 18F's authors collection publishes /author/lindsay/, and its files keep redirect_from /team/lindsay/.
        aliases = _author_urls(author_id, entry, config) + ["/" + str(a).lstrip("/") for a in split_list(entry.get("redirect_from"))]
        if aliases:
            front["aliases"] = list(dict.fromkeys(aliases))
    return ImportedFile(f"authors/{slugify(author_id)}.md", front, bio, origin, "author")


def _generated_author_page(site: Path, author_id: str, config: dict[str, Any]) -> str | None:
    """The page a plugin of the site made for each of site.authors: artsy.github.io's
    _plugins/author_generator.rb writes author_dir (else "author") /KEY/ with
    its layout author_index, KEY's "_" and non-word characters made "-", lower case."""
    plugins = site / "_plugins"
    if not (site / "_layouts" / "author_index.html").is_file() or not plugins.is_dir():
        return None
    if not any("author_index" in path.read_text(encoding="utf-8", errors="replace") and "authors" in
               path.read_text(encoding="utf-8", errors="replace") for path in plugins.glob("*.rb")):
        return None
    key = re.sub(r"-{2,}", "-", re.sub(r"_|[^\w]", "-", author_id)).lower()
    return f"/{str(config.get('author_dir') or 'author').strip('/')}/{key}/"


def _permalink_suffix(config: dict[str, Any]) -> str:
    """What Jekyll puts after a page's or a collection document's path by the
    site's permalink style (Utils.add_permalink_suffix): "/" for pretty or a
    style ending in "/" (opensource.guide's "/:path/"), else ":output_ext"
    for the named styles or one ending in it, else nothing (the file is then
    PATH.html, served at PATH too): ".html" here, the file's own URL."""
    style = str(config.get("permalink") or "date")
    if style == "pretty" or (style not in PERMALINK_STYLES and style.endswith("/")):
        return "/"
    return ":output_ext"


def _author_urls(author_id: str, entry: dict[str, Any], config: dict[str, Any]) -> list[str]:
    """Where Jekyll published an author's page: its own `permalink`, else
    the authors collection's, when the collection is published (`output`)."""
    if entry.get("permalink"):
        return ["/" + str(entry["permalink"]).lstrip("/")]
    settings = (config.get("collections") or {}).get(AUTHORS_COLLECTION[1:]) if isinstance(config.get("collections"), dict) else None
    if not isinstance(settings, dict) or not settings.get("output"):
        return []
    label = AUTHORS_COLLECTION[1:]
    pattern = (_default_permalink(config, f"{AUTHORS_COLLECTION}/{author_id}.md", (label,)) or settings.get("permalink")
               or "/:collection/:path" + _permalink_suffix(config))
    return [_document_url(str(pattern), label, f"{author_id}.md", entry, None)]


def _byline(front: dict[str, Any], authors: dict[str, dict[str, Any]], report: ImportReport) -> list[str]:
    names: list[str] = []
    for key in ("authors", "author", "contributors"):
        value = front.get(key)
        if value in (None, "", []):
            continue
        if isinstance(value, dict):
            items = [str(value.get("name", ""))]
        else:
            # "lovley, fcc" names two authors by their ids; "Josh Aas, ISRG
            # Executive Director" is one byline, as Jekyll shows it.
            items = split_list(value, separators=r"\s*,\s*")
            if isinstance(value, str) and not all(item in authors for item in items):
                items = [value.strip()]
        if key == "contributors":
            report.keys_mapped["contributors → authors"] += 1
        for item in items:
            entry = authors.get(item)
            names.append(_display_name(item, entry) if entry else item)
        break
    return [n for n in dict.fromkeys(names) if n]


def _pluralized(front: dict[str, Any], singular: str, plural: str) -> list[str]:
    """Categories or tags as Jekyll reads them (Utils.pluralized_array_from_hash):
    the singular key wins and is one item (`category: Elixir in Production`);
    else the plural, whose text is split on spaces (`tags: superbowl mqtt`),
    or on its commas where it has them, as the build reads a post (parse's text_list)."""
    value = front.get(singular)
    if value is not None:
        return split_list(value if isinstance(value, list) else [value])
    value = front.get(plural)
    return split_list(value, separators=r"\s*,\s*" if isinstance(value, str) and "," in value else r"\s+")


def _post_file(post: _Post, site: Path, links: LinkResolver, report: ImportReport, tz: ZoneInfo,
               permalink: str, authors: dict[str, dict[str, Any]], config: dict[str, Any], stubs: RedirectStubs) -> ImportedFile | None:
    front_in = post.front or {}
    mapped, extra, withheld = map_front_matter(front_in, ARTICLE_KEYS, report, _CONSUMED)
    written = front_in.get("date")
    day_first = _day_first(written)
    published = as_datetime(day_first or written, tz) or _ruby_time(written, tz)
    # A date Jekyll holds back that newsgen cannot read (minimal-mistakes' 9999-12-31, a
    # post for "later"): never published on the file name's date instead, unsaid.
    unreadable = written if published is None and written not in (None, "") else None
    if day_first and published is not None and _could_be_month_first(day_first):
        report.changed.append((post.rel, f"its date {written} is read day first, as Jekyll (Ruby's Time.parse) read it: "
                                         f"{published.date().isoformat()}; write the date year first to say which"))
    if published is None and post.name_match:
        m = post.name_match
        written = f"{int(m['year']):04d}-{int(m['month']):02d}-{int(m['day']):02d}"
        published = as_datetime(written, tz)
    if published is None and post.draft:
        published = written = datetime.fromtimestamp(post.path.stat().st_mtime, tz).replace(microsecond=0)
    if published is None and unreadable is not None:
        report.skipped.append((post.rel, f"its date {unreadable!s} cannot be read as a date, and its file name gives none; "
                                         f"{_date_advice(day_first)}"))
        return None
    if published is None:
        report.skipped.append((post.rel, "no date in the front matter or the file name"))
        return None
    # Without a title, Jekyll's is its file name's words capitalised (titleize_slug).
    title = str(front_in.get("title") or " ".join(word.capitalize() for word in post.title_part.split("-") if word))
    section = post.target.split("/", 1)[0]
    tags = [category for category in _topics(post) if slugify(category) != section] + _pluralized(front_in, "tag", "tags")
    front: dict[str, Any] = {"title": title, "date": date_text(written, published)}
    byline = _byline(front_in, authors, report)
    if len(byline) == 1:
        front["author"] = byline[0]
    elif byline:
        front["authors"] = byline
    if tags:
        front["tags"] = list(dict.fromkeys(tags))
    for key in ("summary", "updated", "expires", "image_alt", "image_caption", "image_credit", "dateline", "kind", "featured",
                "language", "translation_key"):
        if key in mapped:
            value = mapped[key]
            if key in ("updated", "expires"):
                moment = as_datetime(value, tz)
                if moment is None and value not in (None, ""):
                    # A date no calendar has ("2022-00-00"), which Jekyll keeps as text: so is it here.
                    extra.setdefault(key, str(value))
                    report.changed.append((post.rel, f"its '{key}' {value!s} cannot be read as a date: kept as extra.{key}"))
                value = moment.isoformat() if moment else None
            if key == "language" and value not in (None, "") and language_tag(str(value)) is None:
                # As the build reads it (a story's lang is a BCP 47 tag): else the build stops, and the report's
                # [languages.…] line for it would be no TOML.
                report.changed.append((post.rel, f"its lang {value!r} is not a language tag (BCP 47: de, fr-CA, pt-BR): "
                                                 "left out, so the story is in the site's language (give it `language:` with its tag if it is in another)"))
                continue
            if value not in (None, ""):
                front[key] = value if not isinstance(value, datetime) else value.isoformat()
    if post.language_folder and "language" not in front:
        front["language"] = language_tag(post.language_folder) or post.language_folder  # Jekyll's site.categories.zh_cn
    if post.named_apart:
        front["slug"] = slugify(str(front_in.get("slug") or post.title_part))  # its URL is the name's, not its file's -ja
    if post.translation_key:
        front.setdefault("translation_key", post.translation_key)
    if mapped.get("image") and not put_lead_image(front, mapped["image"]):
        extra.setdefault("image", mapped["image"])
    if post.draft or withheld or front_in.get("draft") is True:
        front["draft"] = True
    if unreadable is not None:
        front["draft"] = True
        beyond = " newsgen shows (years 1 to 9998)" if re.search(r"\b9999\b|\b\d{5,}\b", str(unreadable)) else ""
        report.changed.append((post.rel, f"its date {unreadable!s} cannot be read as a date{beyond}: a draft, "
                                         f"dated {front['date']} by its file name; {_date_advice(day_first)}"))
    old_url = _old_url(post, permalink, published, config, tz)
    aliases = [old_url, _written_url(old_url, post.path, front_in)]
    aliases += ["/" + str(a).lstrip("/") for a in split_list(front_in.get("redirect_from"))]
    aliases += stubs.aliases_of(aliases[0], report)
    front["aliases"] = _redirectable(list(dict.fromkeys(aliases)), post.rel, report)
    if extra:
        front["extra"] = extra
    body = convert_markup(as_markdown(post.path.name, post.body), flavour="jekyll", links=links, report=report, origin=post.rel,
                          page=front_in, site=config)
    body = relink_old_urls(rooted_page_links(body, aliases[0], links, post.rel), post.rel, links, by_slug=False)
    body = relink_source_paths(body, post.rel, links, from_input_folder=False)  # (as jekyll-relative-links read them)
    assets = collect_assets(body, links, post.rel, report, front.get("image", ""))
    return ImportedFile(post.target, front, body, post.rel, "draft" if front.get("draft") else "story", assets)


# jekyll-archives' pages, by kind, where its config's `permalinks:` does not say (Archives::DEFAULTS).
_ARCHIVE_PERMALINKS = {"tag": "/tag/:name/", "category": "/category/:name/", "year": "/:year/", "month": "/:year/:month/",
                       "day": "/:year/:month/:day/"}
# The name each kind has in its `enabled:` list.
_ARCHIVE_ENABLED_AS = {"tag": "tags", "category": "categories", "year": "year", "month": "month", "day": "day"}


def _record_archive_pages(config: dict[str, Any], stories: list[tuple[_Post, ImportedFile]], tz: ZoneInfo,
                          report: ImportReport, editions: dict[str, str]) -> None:
    """The pages jekyll-archives made, of each tag, category, year, month
    and day its config's `enabled:` names (crystal-lang.org's tags at
    `blog/tags/:name/`), each to newsgen's page of the same under [moved]
    (ImportReport.moved): a tag's page; a category's, its section's where a
    story has it as its section, else its tag's, and that of a post's
    language folder (ruby-lang.org's ja) the list of its edition's stories
    (`editions`: a post's source → its edition's path); a year's and a
    month's archive, and a day's month's. Of the stories newsgen publishes
    now, as a page of a tag only a held story has is none yet."""
    settings = config.get("jekyll-archives")
    if not isinstance(settings, dict):
        return  # (Jekyll warns and makes no archive then)
    enabled = settings.get("enabled")
    given = settings.get("permalinks")
    permalinks = {**_ARCHIVE_PERMALINKS, **({str(k): str(v) for k, v in given.items()} if isinstance(given, dict) else {})}
    kinds = [kind for kind, name in _ARCHIVE_ENABLED_AS.items()
             if enabled is True or enabled == "all" or isinstance(enabled, list) and name in enabled]
    sections = {imported.target.split("/", 1)[0] for _, imported in stories}
    now = datetime.now(tz)
    pages: dict[str, str] = {}
    for post, imported in stories:
        moment = as_datetime(imported.front.get("date"), tz)
        if moment is None or moment > now:
            continue
        moment = moment.astimezone(tz)  # (Jekyll's post.date, in the site's zone)
        terms = {"tag": [(name, f"/tags/{tag_slug(name)}/") for name in _pluralized(post.front, "tag", "tags")],
                 "category": [(name, f"/{slugify(name)}/" if slugify(name) in sections else f"/tags/{tag_slug(name)}/")
                              for name in _topics(post)]}
        if post.language_folder:  # (no topic: its stories are its edition's)
            terms["category"].append((post.language_folder, editions[post.rel] + "latest/"))
        year, month = f"{moment.year:04d}", f"{moment.month:02d}"
        days = {"year": f"/archive/{year}/", "month": f"/archive/{year}/{month}/", "day": f"/archive/{year}/{month}/"}
        for kind in kinds:
            if kind in terms:
                for name, new in terms[kind]:
                    pages[_jekyll_url(permalinks[kind], {"name": _archive_slug(name, settings.get("slug_mode")), "type": kind})] = new
            else:
                pages[_jekyll_url(permalinks[kind], {"year": year, "month": month, "day": f"{moment.day:02d}", "type": kind})] = days[kind]
    report.moved.update((old, new) for old, new in pages.items() if old != new)


def _archive_slug(name: str, mode: object) -> str:
    """jekyll-archives' `:name` of a tag or category: Jekyll's Utils.slugify
    in the config's `slug_mode` (default: `default`), lower-cased."""
    mode = str(mode or "default")
    if mode == "latin":  # (transliterated, then as ascii)
        name, mode = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch)), "ascii"
    if mode in ("default", "pretty"):
        return _jekyll_slug(name, pretty=mode == "pretty").lower()
    if mode in ("raw", "ascii"):
        return re.sub(r"-+", "-", re.sub(r"\s+" if mode == "raw" else r"[^A-Za-z0-9]+", "-", name)).strip("-").lower()
    return name.lower()  # ("none", or a mode Jekyll does not know)


_RUBY_DATE = re.compile(r"(?P<date>\d{4}-\d{1,2}-\d{1,2})(?:[ T]+(?P<time>\d{1,2}:\d{2}(?::\d{2})?))?")
_RUBY_ZONE = re.compile(r"(?:^|\s)(?P<zone>[+-]\d{2}:?\d{2}|Z|UTC|GMT)\s*$")


# 11-9-2017, 11/9/2017, 11.9.2017: Ruby's Date._parse takes two numbers before
# a year as day and month, so Jekyll dated such a post 11 September 2017.
_RUBY_DAY_FIRST = re.compile(r"(?P<day>\d{1,2})[-/.](?P<month>\d{1,2})[-/.](?P<year>\d{4})(?P<rest>(?:[T ].*)?)")


def _day_first(written: object) -> str | None:
    """A date written day, month, year, year first, as Jekyll read it
    (`11-9-2017` → `2017-09-11`), where a reader that refuses to guess the
    order (newsgen's) would refuse it or read it month first; None for any
    other form. A month past 12 stays in it: no date, as Jekyll fails on it."""
    match = _RUBY_DAY_FIRST.fullmatch(written.strip()) if isinstance(written, str) else None
    if match is None:
        return None
    return f"{match['year']}-{int(match['month']):02d}-{int(match['day']):02d}{match['rest']}"


def _could_be_month_first(day_first: str) -> bool:
    """Would the date read the other way round be another real date (`11-9`, not `13-9` or `9-9`)?"""
    month, day = int(day_first[5:7]), int(day_first[8:10])
    return month != day and day <= 12


def _date_advice(day_first: str | None) -> str:
    """What to write in place of a date that cannot be read: for one written
    day first with a month past 12 (`12-31-2017`, on which Jekyll stops with
    "Invalid date"), the date it seems to mean, year first."""
    if day_first:
        year, month, day = day_first[:4], day_first[5:7], day_first[8:10]
        if int(month) > 12 and 1 <= int(day) <= 12:
            return (f"Jekyll reads it day first and stops on it (Invalid date): if it is {year}-{day}-{month}, "
                    f"write `date: {year}-{day}-{month}`, year first, to publish it")
    return "give it a real date to publish it"


def _ruby_time(written: object, tz: ZoneInfo) -> datetime | None:
    """A date Jekyll reads with Ruby's lenient Time.parse and a stricter
    reader does not: the date, time and zone in it, whatever else it holds
    (jekyll/jekyll's 3.9.3 release post: `2023-01-29 18:30:22 2023 -0800`)."""
    if not isinstance(written, str):
        return None
    date, zone = _RUBY_DATE.search(written), _RUBY_ZONE.search(written)
    if date is None:
        return None
    year, month, day = (int(part) for part in date["date"].split("-"))
    text = f"{year:04d}-{month:02d}-{day:02d}" + (f"T{date['time']}" if date["time"] else "")
    if zone is not None:
        text += "+00:00" if zone["zone"] in ("Z", "UTC", "GMT") else zone["zone"][:3] + ":" + zone["zone"][-2:]
    return as_datetime(text, tz)


def _permalink(post: _Post, config: dict[str, Any], site_permalink: str) -> str:
    """The post's permalink pattern, where Jekyll looks for it: its own
    `permalink:`, else the most specific front matter default (`defaults:`)
    that sets one for it, else the posts collection's, else the site's."""
    if post.front and post.front.get("permalink"):
        return str(post.front["permalink"])
    found = _default_permalink(config, post.rel, ("posts", "drafts") if post.draft else ("posts",))
    if found:
        return found
    collections = config.get("collections")
    posts = collections.get("posts") if isinstance(collections, dict) else None
    if isinstance(posts, dict) and posts.get("permalink"):
        return str(posts["permalink"])
    return site_permalink


def _default_permalink(config: dict[str, Any], rel: str, types: tuple[str, ...]) -> str | None:
    """The permalink the most specific front matter default (`defaults:`)
    gives the file at `rel` (under the site) of one of `types` ("posts", a
    collection's label), as Jekyll's FrontmatterDefaults finds it: a scope's
    path is read from the collections' folder, as the file's is."""
    rel = _from_collections_dir(rel, config)
    best: tuple[int, int, int] | None = None
    found = None
    for number, entry in enumerate(config.get("defaults") or []):
        scope = entry.get("scope") if isinstance(entry, dict) else None
        values = entry.get("values") if isinstance(entry, dict) else None
        if not isinstance(values, dict) or not values.get("permalink") or not isinstance(scope or {}, dict):
            continue
        scope = scope or {}
        kind = str(scope.get("type") or "")
        folder = _from_collections_dir(str(scope.get("path") or "").strip("/"), config)
        if kind and kind not in types:
            continue
        if folder and not (fnmatch.fnmatch(rel, folder) if "*" in folder else rel.startswith(folder + "/")):
            continue
        rank = (len(folder), bool(kind), number)  # a longer path, then a type, then the later entry
        if best is None or rank > best:
            best, found = rank, str(values["permalink"])
    return found


def _from_collections_dir(rel: str, config: dict[str, Any]) -> str:
    """A path under the site as Jekyll names a collection's file, and reads a default's scope: from the collections' folder."""
    folder = _collections_dir(config).as_posix()
    return rel.removeprefix(folder + "/") if folder != "." else rel


def _old_url(post: _Post, permalink: str, published: datetime, config: dict[str, Any], tz: ZoneInfo) -> str:
    published = published.astimezone(tz)  # Jekyll moves a date to the site's zone: the URL's day is that zone's
    pattern = _permalink(post, config, permalink)
    pattern = PERMALINK_STYLES.get(pattern, pattern)
    title = str(post.front.get("slug") or post.title_part) if post.front else post.title_part
    values = {
        **_date_placeholders(published), "title": title, "slug": slugify(title), "name": post.path.stem,
        # Lowered, not slugged (jekyll/jekyll#5813): `Post Formats` is served at /post%20formats/.
        "categories": "/".join(dict.fromkeys(c.lower() for c in getattr(post, "categories", []))),
        "output_ext": ".html", "path": post.rel.rsplit(".", 1)[0], "collection": "posts",
    }
    url = re.sub(r":([a-z_]+)", lambda m: values.get(m[1], m[0]), pattern)
    url = "/" + re.sub(r"/{2,}", "/", url).lstrip("/")
    return url


def _date_placeholders(moment: datetime) -> dict[str, str]:
    """The date placeholders of a Jekyll permalink (its UrlDrop), for `moment`."""
    return {
        "year": f"{moment.year:04d}", "short_year": f"{moment.year % 100:02d}", "w_year": moment.strftime("%G"),
        "month": f"{moment.month:02d}", "i_month": str(moment.month),
        "short_month": moment.strftime("%b"), "long_month": moment.strftime("%B"),
        "day": f"{moment.day:02d}", "i_day": str(moment.day), "y_day": f"{moment.timetuple().tm_yday:03d}",
        "hour": f"{moment.hour:02d}", "minute": f"{moment.minute:02d}", "second": f"{moment.second:02d}",
        "week": moment.strftime("%V"), "w_day": str(moment.isoweekday()),
        "short_day": moment.strftime("%a"), "long_day": moment.strftime("%A"),
    }


def _document_url(pattern: str, label: str, relative_path: str, front: dict[str, Any], moment: datetime | None) -> str:
    """Where Jekyll published the document at `relative_path` in the
    collection `label` (`en/taproot.md` in _topics): `pattern`, its
    permalink, with the placeholders of Jekyll's UrlDrop filled in, as
    lib/jekyll/drops/url_drop.rb fills them. :title is the document's
    `slug:`, else its file name without a date before it, slugified but
    keeping its case and punctuation (bitcoinops's /en/topics/:title/);
    :name and :slug are slugified; :path is the path as written. The date's
    placeholders need a date: the document's, or its file name's."""
    stem = PurePosixPath(relative_path).stem.rstrip(".")
    dated = _POST_NAME.match(stem)
    slug = str(front.get("slug") or (dated["title"] if dated else stem))
    categories = _pluralized(front, "category", "categories")
    values = {
        **(_date_placeholders(moment) if moment else {}),
        "collection": label, "path": "/" + str(PurePosixPath(relative_path).with_suffix("")).rstrip("."),
        "name": _jekyll_slug(PurePosixPath(relative_path).stem), "title": _jekyll_slug(slug, pretty=True), "slug": _jekyll_slug(slug),
        "categories": "/".join(dict.fromkeys(c.lower() for c in categories)),
        "slugified_categories": "/".join(dict.fromkeys(_jekyll_slug(c) for c in categories)), "output_ext": ".html",
    }
    return _jekyll_url(pattern, values)


def _jekyll_url(pattern: str, values: dict[str, str]) -> str:
    """A URL as Jekyll's URL class makes it of a permalink `pattern`: each
    `:placeholder` filled from `values` (one they do not name stays as
    written), then sanitized (URL#sanitize_url)."""
    url = re.sub(r":([a-z_]+)", lambda m: values.get(m[1], m[0]), pattern)
    return "/" + re.sub(r"/{2,}", "/", url.replace("..", "/").replace("./", "")).lstrip("/")


def _written_url(url: str, path: Path, front: dict[str, Any]) -> str:
    """The URL of the file Jekyll wrote for the page or document at `url`
    (Page and Document#destination): a URL not ending in "/" gets its output
    extension, unless it ends with it: its own `permalink:`'s, else its
    converter's (.html; an .htm page's, .htm). kubevirt.io's `permalink:
    /labs/kubernetes/lab1` is written lab1.html, which its pages link; the
    URL without it stays an old URL too, as GitHub Pages, Netlify and
    `jekyll serve` answer /x with x.html."""
    if url.endswith("/"):
        return url
    given = str(front.get("permalink") or "")
    extension = PurePosixPath(given).suffix if given and not given.endswith("/") else ""
    extension = extension or (".htm" if path.suffix.lower() == ".htm" else ".html")
    return url if url.endswith(extension) else url + extension


# What Jekyll's `pretty` slugs keep besides letters, marks and digits (Utils::SLUGIFY_PRETTY_REGEXP).
_PRETTY_SLUG_KEEPS = frozenset("._~!$&'()+,;=@")


def _jekyll_slug(text: str, *, pretty: bool = False) -> str:
    """Jekyll's Utils.slugify in its `default` mode (lowercased), or in
    `pretty` mode keeping the case (the :title of a collection's document):
    each run of other characters one hyphen, none at either end. Unlike
    newsgen's slugs, accents are kept."""
    def kept(ch: str) -> bool:
        kind = unicodedata.category(ch)
        return kind[0] in "LM" or kind == "Nd" or (pretty and ch in _PRETTY_SLUG_KEEPS)

    slug = re.sub(r"-+", "-", "".join(ch if kept(ch) else "-" for ch in text)).strip("-")
    return slug if pretty else slug.lower()


@dataclass
class _PageSource:
    path: Path
    rel: str  # under the Jekyll site
    url: str  # where Jekyll published it
    front: dict[str, Any]
    body: str
    target: str = ""  # under content/: pages/, in its URL's folders, so that its URL stays (/docs/plugins/filters/)
    slug: str = ""
    edition: str = "/"  # the path of the edition it is in (/ja/ for ja/about/), where its URL starts
    language: str = ""  # that of its language folder, where it is in one


def _collections_dir(config: dict[str, Any]) -> PurePosixPath:
    """The folder every collection is in, posts included (`collections_dir`; the site's own by default)."""
    return PurePosixPath(str(config.get("collections_dir") or "").strip("/") or ".")


def _page_sources(site: Path, config: dict[str, Any], entries: _Entries, report: ImportReport,
                  tz: ZoneInfo, editions: dict[str, str], default_language: str,
                  language_folders: set[str]) -> tuple[list[_PageSource], dict[str, str]]:
    """Markdown pages with front matter outside `_` folders (but those
    `include:` names), and the documents of the collections Jekyll
    publishes, with the URL Jekyll gave each; and each list page left out
    (its path under the site) → newsgen's list that stands for it, where
    its old URLs now redirect (report.moved), a language's home page
    (/zh_cn/) to its edition's front page (`editions`: language → path).
    A page in its language's folder (ruby-lang.org's ja/about/) is that
    language's page, named so (pages/about.ja.md), not a page of the folder
    (`language_folders`: the languages the site keeps posts in folders of)."""
    collections = config.get("collections") or {}
    # The collections Jekyll publishes (`output: true`), but its posts and
    # authors: their documents are pages (jekyll/jekyll's _docs), at the
    # collection's permalink, by default /COLLECTION/PATH.html.
    page_dirs: dict[Path, tuple[str, str]] = {}  # the collection's folder → (its label, its permalink)
    for name, settings in (collections.items() if isinstance(collections, dict) else ()):
        if isinstance(settings, dict) and settings.get("output") and name not in ("posts", AUTHORS_COLLECTION[1:]):
            default = "/:collection/:path" + _permalink_suffix(config)
            page_dirs[site / _collections_dir(config) / f"_{name}"] = (str(name), str(settings.get("permalink") or default))
    found: list[_PageSource] = []
    stand_ins: dict[str, str] = {}
    for path in sorted(site.rglob("*")):
        rel_parts = path.relative_to(site).parts
        if path.suffix.lower() in FEED_SUFFIXES and path.is_file() and entries.read(rel_parts) and has_front_matter(str(path), JEKYLL_FRONT_MATTER):
            # ruby-lang.org's en/feeds/news.rss: a Liquid template of a feed, not a file to copy
            rel = path.relative_to(site).as_posix()
            report.skipped.append((rel, f"a feed or index the old site made from a template: {left_out_feed('/' + rel, report)}"))
            continue
        if not path.is_file() or path.suffix.lower() not in PAGE_SUFFIXES:
            continue
        collection = next((folder for folder in page_dirs if folder in path.parents), None)
        if not entries.read(rel_parts, special=collection is None):
            continue
        rel = path.relative_to(site).as_posix()
        try:
            front_in, body = read_front_matter(path.read_text(encoding="utf-8-sig"))
        except UnreadableFrontMatter as exc:
            report.skipped.append((rel, str(exc)))
            continue
        if front_in is None:
            continue  # (an HTML file without front matter Jekyll copies as it is: not a page)
        own = front_in.get("permalink")
        if collection is not None:
            url = _collection_document_url(path, rel, collection, page_dirs[collection], front_in, config, tz)
        elif own:
            url = "/" + str(own).lstrip("/")
        elif path.stem.lower() == "index":
            url = "/" + path.parent.relative_to(site).as_posix() + "/"  # Jekyll serves about/index.html at /about/
        else:
            url = "/" + path.relative_to(site).with_suffix("").as_posix() + _permalink_suffix(config).replace(":output_ext", ".html")
        made_here = _made_by_newsgen(path, rel_parts, url, front_in, body, collection is not None)
        if made_here and made_here.why == HOME_PAGE:
            made_here = _LeftOut(HOME_PAGE, _edition_home(url, front_in, editions))
        if made_here:
            moved: dict[str, str] = {}
            if made_here.instead:
                stand_ins[rel] = made_here.instead
                old_urls = [url, _written_url(url, path, front_in), *("/" + str(a).lstrip("/") for a in split_list(front_in.get("redirect_from")))]
                moved = {old: made_here.instead for old in dict.fromkeys(old_urls) if old.removesuffix("index.html") != made_here.instead}
                report.moved.update(moved)
            said = f"; its old URLs redirect there ([moved] in urls.toml): {', '.join(moved)}" if moved else _unredirected(front_in)
            report.skipped.append((rel, made_here.why + said))
            continue
        parts = [p for p in url.split("/") if p]
        if parts and parts[-1].lower() in ("index.html", "index.htm"):
            parts.pop()
        base = _page_name(parts[-1], url) if parts else path.stem
        slug = slugify(_POST_NAME.sub(lambda m: m["title"], base))
        language = _page_language_folder(parts, front_in, language_folders)
        # Its language's edition puts it under the language's path: /ja/about/ is pages/about.ja.md, as Hugo's
        # about.fr.md is, not pages/ja/about.md (/ja/ja/about/); the site's own language's is pages/about.md.
        edition = edition_path(language, default_language) if language else "/"
        folders = parts[1 if language else 0:-1]
        target = "/".join(["pages", *(slugify(part) for part in folders), f"{slug}.{language}.md" if edition != "/" else f"{slug}.md"])
        found.append(_PageSource(path, path.relative_to(site).as_posix(), url, front_in, body, target, slug, edition, language))
    return found, stand_ins


def _page_name(last: str, url: str) -> str:
    """The name of the page at `url`, whose last part is `last`: without
    the extension of the file Jekyll wrote (/data/v1.2 is the file v1.2),
    but a folder's name whole. bitcoincore.org's /en/releases/0.11.1/ and
    0.11.2/ are folders, each its own index.html: 43 of its pages read as
    0.11 collided on one target and were dropped."""
    return last if url.endswith("/") else last.rsplit(".", 1)[0]


def _collection_document_url(path: Path, rel: str, folder: Path, collection: tuple[str, str], front: dict[str, Any],
                             config: dict[str, Any], tz: ZoneInfo) -> str:
    """Where Jekyll published a collection's document (at `rel` under the
    site, in the collection's `folder`): at its own `permalink:`, else the
    most specific front matter default's for it (by path, or by the
    collection's label as `type`: bitcoinops's `scope: {path: _topics}`),
    else the collection's; its placeholders filled as Jekyll fills them."""
    label, collection_permalink = collection
    pattern = str(front.get("permalink") or _default_permalink(config, rel, (label,)) or collection_permalink)
    dated = _POST_NAME.match(path.stem)
    moment = as_datetime(front.get("date"), tz) or (as_datetime(f"{dated['year']}-{dated['month']}-{dated['day']}", tz) if dated else None)
    return _document_url(pattern, label, path.relative_to(folder).as_posix(), front, moment)


_LANGUAGE_ROOT = re.compile(r"/(?P<code>[a-z]{2,3}(?:[-_][a-z]{2,4})?)/(?:index\.html)?", re.IGNORECASE)  # /de/, /pt-br/index.html


def _is_language_root(permalink: str) -> bool:
    found = _LANGUAGE_ROOT.fullmatch(permalink)
    return found is not None and is_language(found["code"])


# A loop over the site's posts or a collection's documents (kubevirt.io's
# pages/blogs/news.md: `{% for post in site.posts %}`): Jekyll runs Liquid in
# a Markdown page as in an HTML one, so the page is a list either way. A
# Markdown page's other tags ({% include %}, {% link %}) are its text's;
# so is a loop over site.data (a list of talks, not of the site's pages),
# and one in {% raw %} (Liquid shown, not run).
_LIST_LOOP = re.compile(r"\{%-?\s*for\s+\w+\s+in\s+(?:site\.(?!data\b)\w+|paginator\.posts)\b")
# A loop over every tag, and one over every post (jekyll-paginate's
# paginator.posts too): newsgen's lists of the same stand for the page.
_TAGS_LOOP = re.compile(r"\{%-?\s*for\s+\w+\s+in\s+site\.tags\b(?![.\[])")
_POSTS_LOOP = re.compile(r"\{%-?\s*for\s+\w+\s+in\s+(?:site\.posts|paginator\.posts)\b")
# Liquid, tags and output, as _made_of_liquid takes it out of a page's text; and HTML's tags and comments.
_LIQUID = re.compile(r"\{%-?.*?-?%\}|\{\{.*?\}\}", re.DOTALL)
_MARKUP = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)


@dataclass(frozen=True)
class _LeftOut:
    """Why a page of the old site is one newsgen makes itself, and the URL
    of newsgen's page that stands for it ("": none shows the same)."""

    why: str
    instead: str = ""


def _is_home_page(front: dict[str, Any], *, unless_permalink: bool) -> bool:
    """Is the page or post with this front matter the old site's home page,
    or a language's (brew.sh's index_de.html, at /de/)? Its permalink is the
    site's root, or a language's with a home layout; `unless_permalink`: a
    home layout without a permalink is one too (a page's, not a post's, whose
    URL is its date's). Not government.github.com's /aws-govcloud, of layout
    home too."""
    permalink = str(front.get("permalink") or "").strip()
    home_layout = str(front.get("layout") or "").lower() in ("home", "index")
    return permalink in _FRONT_PAGE_URLS or home_layout and (_is_language_root(permalink) or unless_permalink and not permalink)


# The URLs of the site's front page, which newsgen makes itself: never another file's old URL to redirect.
_FRONT_PAGE_URLS = ("/", "/index.html")
# Where hosts find a Jekyll site's page for missing URLs (GitHub Pages, Netlify: /404.html), and newsgen writes its own.
_NOT_FOUND_URL = re.compile(r"/404(?:\.html?|/|/index\.html?)?", re.IGNORECASE)


def _made_by_newsgen(path: Path, parts: tuple[str, ...], url: str, front: dict[str, Any], body: str,
                     in_collection: bool) -> _LeftOut | None:
    """Why a page of the Jekyll site at `url` is one newsgen makes itself
    (the home page, the 404 page, a theme's list made of Liquid such as 18F's
    tags.html), or None for a page to import. A collection's document is
    one too (crystal-lang.org's _pages/ are a collection: its 404.md at
    `permalink: 404.html`, its blog/tags.md looping over site.tags), but
    for its file's name: `_docs/index.md` is no home page."""
    if _NOT_FOUND_URL.fullmatch(url) or not in_collection and path.stem.lower() == "404":
        return _LeftOut("the page for missing URLs: newsgen makes its own 404 page (a site's layouts/404.html changes it)")
    if not in_collection and path.stem.lower() == "index" and len(parts) == 1 \
            or _is_home_page(front, unless_permalink=not in_collection):
        return _LeftOut(HOME_PAGE)
    run = mask_raw(body)  # (Liquid Jekyll ran, in code too)
    if path.suffix.lower() in (".html", ".htm") and STATEMENT.search(body) or _LIST_LOOP.search(run):
        return _LeftOut("a template page of the old theme (its Liquid tags make a list): " + MADE_LISTS, _stands_for(url, front, run))
    if _made_of_liquid(body):
        return _LeftOut("a page made of the old theme's Liquid (its includes, loops and values), which newsgen does not run: it has no "
                        "text of its own; " + MADE_LISTS, _stands_for(url, front, run))
    if not body.strip() and not front.get("redirect_to"):
        return _LeftOut(NO_TEXT.format(kind="page", layout=front.get("layout") or "the default"))
    return None


def _made_of_liquid(body: str) -> bool:
    """Has the page no text of its own, but what its Liquid tags make
    (crystal-lang.org's blog.md, three includes of the theme's lists of
    posts; its sitemap.md, loops over a list assigned from site.documents)?
    Jekyll runs Liquid in code too; text in {% raw %} is the page's own, and
    so is an include of a video or a picture, which the import converts."""
    tags = STATEMENT.findall(body)
    if not tags or "raw" in body and mask_raw(body) != body or all(is_media_include(tag) for tag in tags):
        return False
    return not re.search(r"\w", _MARKUP.sub(" ", _LIQUID.sub(" ", body)))


def _stands_for(url: str, front: dict[str, Any], run: str) -> str:
    """newsgen's list that shows what the old site's list page at `url`
    showed: every tag (a loop over site.tags: /tags/), or every post (over
    site.posts, or jekyll-paginate's paginator.posts), in the archive
    (/archive/) where the page was the site's archive, else newest first
    (/latest/); "" for another (a collection's documents, a category's)."""
    if _TAGS_LOOP.search(run):
        return "/tags/"
    if _POSTS_LOOP.search(run):
        named = " ".join(str(value) for value in (url, front.get("title"), front.get("layout")) if value).lower()
        return "/archive/" if "archive" in named else "/latest/"
    return ""


def _unredirected(front: dict[str, Any]) -> str:
    """What the report adds for a page left out that had other old URLs: they are not redirected."""
    old = split_list(front.get("redirect_from"))
    return f"; its old URLs ({', '.join(map(str, old))}) are not redirected" if old else ""


def _redirectable(aliases: list[str], origin: str, report: ImportReport) -> list[str]:
    """The aliases but the front page's URL, which the new site's own front
    page answers: a build stops on a redirect from it."""
    kept = [alias for alias in aliases if alias not in _FRONT_PAGE_URLS]
    for alias in dict.fromkeys(aliases):
        if alias in _FRONT_PAGE_URLS:
            report.changed.append((origin, f"its old URL {alias} is the new site's front page: not redirected here"))
    return kept


def _old_url_names(url: str, path: Path, front: dict[str, Any]) -> list[str]:
    """The names a link may give the page Jekyll published at `url`: the
    URL, the file Jekyll wrote for it (/cli/ is cli/index.html), and the one
    the static host answers it with."""
    written = _written_url(url, path, front)
    return list(dict.fromkeys([url, written, served_file(url), served_file(written)]))


def _page_url(target: str, edition: str = "/", language: str = "") -> str:
    """The URL newsgen gives the page it imports to `target` ("pages/blogs/news.md": /blogs/news/),
    in the edition at `edition` (pages/about.ja.md: /ja/about/)."""
    path = target.removeprefix("pages/").removesuffix(".md")
    return edition + (path.removesuffix(f".{language}") if language else path) + "/"


def _as_own_url(alias: str, own: str) -> str:
    """An old URL, but the page's own URL as newsgen spells it where it is
    that URL's file: kubevirt.io's `permalink: /community/index.html` is
    /community/, the old URL the page keeps, which its build answers itself."""
    return own if served_file(alias) == served_file(own) else alias


def _redirect_stubs(pages: list[_PageSource], config: dict[str, Any]) -> RedirectStubs:
    """jekyll-redirect-from's `redirect_to` pages: no page of their own,
    their URLs (and `redirect_from`s) are aliases of the imported story or
    page they lead to; the others are reported."""
    stubs = RedirectStubs(_site_address(config))
    for page in pages:
        target = _redirect_target(page.front)
        if target:
            urls = dict.fromkeys([page.url, _written_url(page.url, page.path, page.front)])
            stubs.add(page.rel, target, [*urls] + ["/" + str(a).lstrip("/") for a in split_list(page.front.get("redirect_from"))])
    return stubs


def _site_address(config: dict[str, Any]) -> str:
    """The old site's address, `url` + `baseurl`, which a full URL to one of its pages starts with."""
    return str(config.get("url") or "").rstrip("/") + str(config.get("baseurl") or "").rstrip("/")


def _redirect_target(front: dict[str, Any]) -> str:
    """Where a jekyll-redirect-from `redirect_to` page sends readers ("" for a page of its own)."""
    target = front.get("redirect_to")
    return str(target[0] if isinstance(target, list) and target else target or "")


def _stubs_led_to(pages: list[_PageSource], config: dict[str, Any]) -> dict[str, str]:
    """Each `redirect_to` page (its source) → the target under content/ of
    the page it sends readers to: a `{% link %}` to the stub (kubevirt.io's
    `{% link pages/ec2.md %}`, sent on to /quickstart_cloud/) leads there,
    as the stub is no page of its own."""
    at = {served_file(url): page.target for page in pages if not page.front.get("redirect_to")
          for url in (page.url, _written_url(page.url, page.path, page.front))}
    address = _site_address(config)
    led: dict[str, str] = {}
    for page in pages:
        target = _redirect_target(page.front).split("#", 1)[0]
        if address and target.startswith(address):
            target = "/" + target[len(address):].lstrip("/")
        if target and served_file(target) in at:
            led[page.rel] = at[served_file(target)]
    return led


def _pages(pages: list[_PageSource], links: LinkResolver, report: ImportReport, stubs: RedirectStubs,
           config: dict[str, Any]) -> Iterator[ImportedFile]:
    seen: set[str] = set()
    for page in pages:
        if page.front.get("redirect_to"):
            continue
        rel, url, front_in, body, target, slug = page.rel, page.url, page.front, page.body, page.target, page.slug
        mapped, extra, withheld = map_front_matter(front_in, PAGE_KEYS, report, _CONSUMED)
        if target in seen:
            report.skipped.append((rel, f"another page already imports to {target}"))
            continue
        seen.add(target)
        front: dict[str, Any] = {"title": str(front_in.get("title") or slug.replace("-", " ").capitalize())}
        if target.count("/") == 1:
            front["slug"] = slug  # (in pages/, a slug names the whole path: a deeper page's is its file's)
        for key in ("summary", "language", "translation_key"):
            if mapped.get(key):
                front[key] = mapped[key]
        if page.language:
            front.setdefault("language", page.language)  # (its folder's, as a post's)
            # Its versions in the other languages' folders (ja/about/, en/about/) are one page's, as posts of one name are.
            front.setdefault("translation_key", _page_url(target, "/", page.language).strip("/"))
        if withheld or front_in.get("draft") is True:
            front["draft"] = True
        aliases = [url, _written_url(url, page.path, front_in)] + ["/" + str(a).lstrip("/") for a in split_list(front_in.get("redirect_from"))]
        aliases += stubs.aliases_of(url, report)
        own = _page_url(target, page.edition, page.language)
        front["aliases"] = _redirectable(list(dict.fromkeys(_as_own_url(alias, own) for alias in aliases)), rel, report)
        if extra:
            front["extra"] = extra
        body = convert_markup(as_markdown(page.path.name, body), flavour="jekyll", links=links, report=report, origin=rel, page=front_in,
                              site=config)
        # (By the whole URL alone: Jekyll's URLs are known, and /en/docs/ is no page /docs/ of the same last name.)
        body = relink_old_urls(rooted_page_links(body, url, links, rel), rel, links, by_slug=False)
        body = relink_source_paths(body, rel, links, from_input_folder=False)
        yield ImportedFile(target, front, body, rel, "page", collect_assets(body, links, rel, report))
