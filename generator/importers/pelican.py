"""A Pelican site → content/: each story where newsgen keeps it, with the URLs Pelican gave it.

newsgen reads Pelican's stories as they are (parse.py reads its Markdown
header, rst.py its reStructuredText), so an import reads each story with the
build's own reader and keeps its text and its format: a Markdown story gets
newsgen's front matter, a reST story stays reST. What an import adds lives
in pelicanconf.py:

- the URL Pelican gave each story and page (ARTICLE_URL, PAGE_URL, their
  _LANG_ forms for a story in another language, or the story's own `url:`),
  and the file it wrote it to where that is elsewhere (*_SAVE_AS, `save_as:`),
  made with Pelican's own slugs (or FILENAME_METADATA's and PATH_METADATA's,
  taken from the file's name and path) and kept under `aliases`, so that every old
  link redirects; a body's links written with such a URL, and Pelican's
  `{filename}` links, lead to the story where it now is;
- which folders hold pages (PAGE_PATHS), stories (ARTICLE_PATHS,
  ARTICLE_EXCLUDES) and static files (STATIC_PATHS, copied where a story
  shows them);
- the time zone (TIMEZONE), the language (DEFAULT_LANG), and the byline
  and date of a story without them (AUTHOR, DEFAULT_DATE).
- whether its Markdown has Python-Markdown's admonitions (MARKDOWN,
  MD_EXTENSIONS), which newsgen's does not: they become the HTML Pelican made.
- how its Markdown read (MARKDOWN's toc extension, TYPOGRIFY, smarty): the
  [markdown] settings the report suggests, toc's heading ids and punctuation
  as written where Pelican left it so.

pelicanconf.py is Python: it is read, never run. Only its plain assignments
(text, numbers, lists, dicts) count, and those of a settings file beside it
that it star-imports; the report names each setting it needed and could not
read, and the default it used instead, and each line that may set settings
unseen (`globals().update(...)`, `exec`, a star import of another module).
"""

from __future__ import annotations

import ast
import dataclasses
import html
import json
import posixpath
import re
from collections import Counter
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote

from ..config import MarkdownSettings, SiteConfig, language_tag
from ..content.discover import walk_files
from ..content.keys import ARTICLE_KEYS, PAGE_KEYS
from ..content.model import Article, LeftOut, Page, SourceFile, SourceKind
from ..content.parse import NO_FRONT_MATTER, parse_bytes, split_front_matter
from ..content.pelican import metadata_header, pelican_metadata, pelican_slug, unfenced
from ..content.rst import RST_SUFFIXES
from ..content.template_syntax import _FENCE, _IndentedCode, find_template_syntax, mask_code
from ..errors import Severity
from ..redirects import served_file
from ..slugs import slugify, tag_slug
from .common import (HOME_PAGE, ImportedFile, ImportReport, UnreadableFrontMatter, convert_each, edition_path, load_yaml, site_timezone,
                     suggest_editions, suggest_markdown)
from .convert import (LinkResolver, _fence, _is_plain_file, _md_text, _name_of, _sub_outside_code, _video_link, collect_assets,
                      map_front_matter, relink_old_urls, relink_source_paths, rooted_page_links)
from .notebook import UnreadableNotebook, notebook_markdown

CONFIG_FILE = "pelicanconf.py"
_HOME = served_file("/")  # the file the old site's home page was (index.html), which newsgen's front page is now
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")  # Pelican's MarkdownReader's
# Pelican's defaults (pelican/settings.py) for the settings an import reads.
DEFAULTS: dict[str, Any] = {
    "PATH": ".", "ARTICLE_PATHS": [""], "ARTICLE_EXCLUDES": [], "PAGE_PATHS": ["pages"], "PAGE_EXCLUDES": [],
    "STATIC_PATHS": ["images"], "ARTICLE_URL": "{slug}.html", "ARTICLE_LANG_URL": "{slug}-{lang}.html",
    "PAGE_URL": "pages/{slug}.html", "PAGE_LANG_URL": "pages/{slug}-{lang}.html", "DEFAULT_LANG": "en", "TIMEZONE": None,
    # Where Pelican wrote each story's file, apart from the URL it linked (Content.save_as, Content.url).
    "ARTICLE_SAVE_AS": "{slug}.html", "ARTICLE_LANG_SAVE_AS": "{slug}-{lang}.html", "PAGE_SAVE_AS": "pages/{slug}.html",
    "PAGE_LANG_SAVE_AS": "pages/{slug}-{lang}.html",
    "AUTHOR": None, "SITENAME": "", "SLUGIFY_SOURCE": "title",
    "USE_FOLDER_AS_CATEGORY": True, "DEFAULT_CATEGORY": "misc",
    "CODE_DIR": "code",  # the liquid_tags plugin's: where {% include_code %} finds its files, under content/
    "NOTEBOOK_DIR": "notebooks",  # liquid_tags' too: where {% notebook %} finds its notebooks, under content/
    "LIQUID_TAGS": [],  # the liquid-tags package's: the tags it loads (`notebook`, …), where PLUGINS names the package
    "SITEURL": "",  # the old site's address: links written with it lead into the site
    # Metadata taken from a story's file name (its stem) and its path under content/ by their named groups.
    "FILENAME_METADATA": r"(?P<date>\d{4}-\d{2}-\d{2}).*", "PATH_METADATA": "",
    "DEFAULT_DATE": None,  # an undated article's date: "fs" (its file's time), or (year, month, day, …)
    # Python-Markdown's settings: which extensions render the stories (MD_EXTENSIONS before Pelican 3.7).
    "MARKDOWN": {"extension_configs": {"markdown.extensions.codehilite": {"css_class": "highlight"}, "markdown.extensions.extra": {},
                                       "markdown.extensions.meta": {}}, "output_format": "html5"},
    "MD_EXTENSIONS": [],
    "TYPOGRIFY": False,  # smart punctuation by the typogrify package, over the HTML
    "PLUGINS": [], "PLUGIN_PATHS": [],  # read to say which plugin may read a file Pelican's own reader skips
    "ALIAS_DELIMITER": ",",
    # Where Pelican published its lists and feeds: their old URLs, for urls.toml's [moved] ("" or None: not published).
    "CATEGORY_URL": "category/{slug}.html", "CATEGORY_SAVE_AS": "category/{slug}.html", "TAG_URL": "tag/{slug}.html",
    "TAG_SAVE_AS": "tag/{slug}.html", "ARCHIVES_SAVE_AS": "archives.html", "TAGS_SAVE_AS": "tags.html",
    "AUTHOR_URL": "author/{slug}.html", "AUTHOR_SAVE_AS": "author/{slug}.html", "AUTHORS_SAVE_AS": "authors.html",
    "FEED_ALL_ATOM": "feeds/all.atom.xml", "FEED_ALL_RSS": None, "FEED_ATOM": None, "FEED_RSS": None,
    "CATEGORY_FEED_ATOM": "feeds/{slug}.atom.xml", "CATEGORY_FEED_RSS": None, "TAG_FEED_ATOM": None, "TAG_FEED_RSS": None,
    "AUTHOR_FEED_ATOM": "feeds/{slug}.atom.xml", "AUTHOR_FEED_RSS": "feeds/{slug}.rss.xml",
    "TRANSLATION_FEED_ATOM": "feeds/all-{lang}.atom.xml", "TRANSLATION_FEED_RSS": None,
    "I18N_SUBSITES": {},  # the i18n_subsites plugin's: each language's sub-site, by its code, with its settings  # the pelican_alias plugin's: what its `Alias:` values are split at
}
# Why a Markdown story without a header is left out, as Pelican's MarkdownReader reads it
# (pelican/contents.py is_valid: "Skipping …: could not find information about 'title'").
_NO_HEADER = ("it has no Pelican header (a 'Title:' line, then 'Date:' and other 'Key: value' lines, then a blank line, "
              "over the text), without which Pelican's Markdown reader leaves it out")
# pelican-plugins that read no Markdown file of their own: a site's other plugin may (almet/notmyidea's simplereader).
_NOT_READERS = frozenset({
    "liquid_tags", "sitemap", "related_posts", "tag_cloud", "neighbors", "summary", "render_math", "i18n_subsites",
    "assets", "gravatar", "series", "tipue_search", "share_post", "simple_footnotes", "extract_toc", "post_stats",
    "representative_image", "feed_summary", "pelican_youtube", "pelican_vimeo", "gzip_cache", "optimize_images",
    "thumbnailer", "photos", "readtime", "jinja2content", "filetime_from_git", "pelican_alias", "more_categories",
    "headerid", "pelican-toc", "toc", "seo", "search", "webassets", "minify", "css_html_js_minify", "yaml_metadata",
    "pelican_comment_system", "sitemap", "section_number", "better_codeblock_line_numbering", "post_revision",
    "github_activity", "twitter_bootstrap_rst_directives", "bootstrapify", "deadlinks", "image_process", "md_inline_extension",
})
# A plugin's source that adds a reader: it connects to readers_init, sets reader_classes, or subclasses a Reader.
_ADDS_READER = re.compile(r"readers_init|add_reader|reader_classes|^class\s+\w+\s*\([^)]*Reader\b", re.MULTILINE)
# {filename}x.md, {static}x.png, {attach}x.png and the older |filename|x.md: Pelican's links to the site's files.
_MARKED = re.compile(r"(?:\{(?P<braced>filename|static|attach)\}|\|(?P<piped>filename|static|attach)\|)(?P<path>[^\s)\]>\"'`]*)")
# The tags of Pelican's liquid_tags plugin (Octopress's) that an import converts; others stay, counted.
_LIQUID_TAG = re.compile(r"\{%\s*(?P<name>img|video|youtube|vimeo|include_code)\s+(?P<args>[^%]*?)\s*%\}")
# The notebook tag of liquid_tags (and of pelican-ipynb's ipynb.liquid), and its arguments as the plugin's FORMAT reads them.
_NOTEBOOK_TAG = re.compile(r"\{%\s*notebook\s+(?P<args>[^%]*?)\s*%\}")
_NOTEBOOK_ARGS = re.compile(r"(?P<src>\S+)\s*(?:cells\[(?P<start>-?[0-9]*):(?P<end>-?[0-9]*)\])?\s*"
                            r"(?:language\[(?P<language>-?[a-z0-9+\-]*)\])?")
_IMG_ARGS = re.compile(r"(?:(?P<classes>[^/\s][^\s]*(?:\s+[^/\s][^\s]*)*)\s+)?(?P<src>(?:https?://|/)\S+|\S+\.\w+)"
                       r"(?:\s+(?P<width>\d+))?(?:\s+(?P<height>\d+))?(?:\s+(?P<rest>.+))?$")
# pelican-ipynb's (pelican-jupyter's) markup mode, which reads each .ipynb file as a story: `ipynb.markup`, or the
# older plugin's plain `ipynb`. Its header is in the .ipynb-meta file beside it, else in the notebook's metadata.
_NOTEBOOK_READER = re.compile(r"(?:^|[./])(?:ipynb|pelican[-_]ipynb|pelican_jupyter)(?:\.markup)?$")
NOTEBOOK_SUFFIX, NOTEBOOK_META_SUFFIX = ".ipynb", ".ipynb-meta"
_RST_FIELD = re.compile(r"\s*:[\w -]+:")
_RST_UNDERLINE = re.compile(r"([=\-`:'\"~^_*+#<>.])\1{2,}\s*")  # a section title's underline (or overline)
# An image or figure a reST story shows, or where an image links to.
# A file a reST story shows or links to: an image or figure, a :target:, a
# hyperlink target (".. _SVG: /logo/x.svg"), a link's embedded URI (`PDF </x.pdf>`_).
_RST_FILE = re.compile(r"^\s*(?:\.\. (?:\|[^|]+\| )?(?:image|figure)::|:target:|\.\. _[^:\n]+:)\s*(?P<path>\S+)"
                       r"|`[^`<]*<(?P<embedded>[^>`\s]+)>`__?", re.MULTILINE)


@dataclasses.dataclass
class _Story:
    path: Path
    rel: str  # under Pelican's content folder
    kind: SourceKind
    text: str = ""
    parsed: Article | Page | None = None
    metadata: dict[str, str] = dataclasses.field(default_factory=dict)
    target: str = ""
    old_url: str = ""
    saved_as: str = ""  # the site path of the file Pelican wrote it to, where that is not its URL's
    plugin_aliases: list[str] = dataclasses.field(default_factory=list)  # pelican_alias's redirect pages
    slug: str = ""  # as Pelican made it
    pictures: dict[str, bytes] = dataclasses.field(default_factory=dict)  # a notebook story's, by their paths under content/


@dataclasses.dataclass(frozen=True)
class _Notebooks:
    """Where the site's `{% notebook %}` tag found a notebook: the folders
    its plugin reads the tag's path from, within the site's folder."""

    folders: tuple[Path, ...]
    site: Path
    scripts_shown: bool  # False under safe_html, where the build drops a body's scripts


def read_pelican(source: Path, report: ImportReport, config: SiteConfig) -> Iterator[ImportedFile]:
    """Every story and page of the Pelican site in the folder `source`, or
    of the site whose settings file `source` is (`pelican -s settings.py`)."""
    site, settings_file = (source.parent, source) if source.is_file() else (source, _settings_file(source))
    report.source = report.source or f"Pelican site {site}"
    settings = read_settings(settings_file, report)
    tz = site_timezone(settings["TIMEZONE"], config.timezone, report, settings_file.name)
    config = dataclasses.replace(config, timezone=tz)
    content = site / str(settings["PATH"])
    if settings["PATH"] == "." and (site / "content").is_dir():
        content = site / "content"  # pelican-quickstart's layout, with PATH set in a file the import cannot read
    path_patterns = _path_patterns(settings, settings_file.name, report)
    no_header = _NO_HEADER + _reader_plugins(settings_file.parent, settings)
    stories = [story for story in _sources(content, settings) if _read(story, config, settings, path_patterns, no_header, report)]
    _name_apart(stories, settings, report)
    code_dir = content / str(settings["CODE_DIR"])
    notebooks = _Notebooks(_notebook_folders(site, content, settings), site, not config.safe_html)
    # Files by site path: Pelican's STATIC_PATHS under content/; a site's own static/ that its build copies beside.
    links = LinkResolver(content, [content, site, site / "static"])
    for story in stories:
        # By its old URL; and by its slug, for a link to a URL the settings an import can read do not make.
        links.add_story(story.rel, story.target, *(name for name in (*_old_urls(story), story.slug) if name))
    shared = Counter(story.slug for story in stories)
    markdown = _MarkdownOptions(admonitions=_uses_extension(settings, "admonition"), codehilite=_uses_extension(settings, "codehilite"),
                                toc=_uses_extension(settings, "toc"))
    site_url = str(settings["SITEURL"] or "")
    if not site_url and (site / "publishconf.py").is_file():  # where pelican-quickstart puts the published address
        site_url = str(read_settings(site / "publishconf.py", report)["SITEURL"] or "")
    # The published site's feeds: pelican-quickstart turns them off in pelicanconf.py, on in publishconf.py.
    published = read_settings(site / "publishconf.py", report) if (site / "publishconf.py").is_file() else settings
    moved = _moved_pages(stories, published)  # (before the bodies: their links lead there)
    yield from convert_each(stories, lambda story: _imported(story, links, report, code_dir, notebooks, shared, site_url, markdown, moved),
                            lambda story: story.rel, report)
    report.moved.update(moved)
    languages = {story.parsed.language for story in stories}  # (a reST story's is in its fields, not in front matter)
    suggest_editions(languages, str(settings["DEFAULT_LANG"]), str(settings["SITENAME"] or ""), {}, report,
                     f"{settings_file.name}'s DEFAULT_LANG")
    _suggest_markdown(settings, settings_file.name, report)


def _suggest_markdown(settings: dict[str, Any], origin: str, report: ImportReport) -> None:
    """The [markdown] settings that read the stories as Pelican's
    Python-Markdown did: its toc extension's heading ids (or headerid's,
    before Python-Markdown 3), which the old site's #anchor links name;
    smart punctuation only where TYPOGRIFY or the smarty extension made it
    (Pelican's default has neither: `--flag` and quotes stayed as written);
    and Python-Markdown's syntax, which Pelican's Markdown reader is."""
    why = {"syntax": "Pelican's Markdown reader: 1) lines and a list under a paragraph's line stay text, #word is a heading"}
    ids = "python-markdown" if _uses_extension(settings, "toc") or _uses_extension(settings, "headerid") else "github"
    if ids == "python-markdown":
        why["heading_ids"] = "MARKDOWN's toc extension made them: news-blog-posts, a second rust_1"
        toc = _extension_config(settings, "toc")
        shown = [key for key in ("permalink", "anchorlink") if toc.get(key)]
        if shown:
            report.changed.append((origin, f"MARKDOWN's toc extension ({', '.join(f'{key}' for key in shown)}) linked each heading "
                                           "to itself; newsgen's headings have their ids, the same, but no such link"))
        if toc.get("separator", "-") != "-":
            report.changed.append((origin, f"MARKDOWN's toc extension joined the words of heading ids with {toc['separator']!r}; "
                                           "newsgen's python-markdown ids join them with '-'"))
    smart = bool(settings["TYPOGRIFY"]) or _uses_extension(settings, "smarty") or _uses_extension(settings, "smartypants")
    if not smart:
        why["smart_punctuation"] = "TYPOGRIFY is off and MARKDOWN has no smarty: -- and quotes as written"
    suggest_markdown(MarkdownSettings(heading_ids=ids, smart_punctuation=smart, syntax="python-markdown"), why, report,
                     f"Pelican ({origin})")


def holds_config(site: Path) -> bool:
    """Is there a Pelican settings file in the folder, by a name the import reads?"""
    return _settings_file(site).is_file()


def _settings_file(site: Path) -> Path:
    """pelicanconf.py, as pelican-quickstart names it; else the one other name sites give it."""
    return next((site / name for name in (CONFIG_FILE, "settings.py") if (site / name).is_file()), site / CONFIG_FILE)


def read_settings(path: Path, report: ImportReport) -> dict[str, Any]:
    """pelicanconf.py's plain assignments over Pelican's defaults, read
    with `ast`: the file is never run."""
    if not path.is_file():
        report.changed.append((path.name, "not found: Pelican's default settings are used (stories at {slug}.html, pages in pages/); "
                                          "give the settings file as SOURCE to use yours"))
        return dict(DEFAULTS)
    return _printf_feeds_converted({**DEFAULTS, **_assigned(path, report, {path.resolve()})}, path.name, report)


# Feed settings an older Pelican wrote with printf's %s, and the field Pelican
# (settings.py, handle_deprecated_settings) turns %s into before it uses them.
_PRINTF_FEEDS = {**{f"{kind}_FEED_{feed}": "slug" for kind in ("AUTHOR", "CATEGORY", "TAG") for feed in ("ATOM", "RSS")},
                 "TRANSLATION_FEED_ATOM": "lang", "TRANSLATION_FEED_RSS": "lang"}


def _printf_feeds_converted(settings: dict[str, Any], origin: str, report: ImportReport) -> dict[str, Any]:
    """The settings with each feed's `%s` made `{slug}` (`{lang}`), as
    Pelican reads them: `feeds/%s.atom.xml` is each category's feed,
    feeds/<slug>.atom.xml, not one file of that name. One Pelican cannot
    convert (two %s, a %d) is its default, as Pelican falls back to it."""
    converted = dict(settings)
    for name, field in _PRINTF_FEEDS.items():
        written = settings.get(name)
        if not isinstance(written, str) or "%s" not in written:
            continue
        try:
            converted[name] = written % f"{{{field}}}"
        except (TypeError, ValueError):
            converted[name] = DEFAULTS.get(name)
            _say(report, origin, f"{name} ({written!r}) has a %s Pelican cannot make {{{field}}}: "
                                 f"Pelican's default ({DEFAULTS.get(name)!r}) is used, as Pelican uses it")
    return converted


def _assigned(path: Path, report: ImportReport, seen: set[Path]) -> dict[str, Any]:
    """The settings the file at `path` sets by plain assignment, in order,
    with those of a settings file beside it that it star-imports (`from
    pelicanconf import *`, as publishconf.py does), which `seen` keeps
    from being read twice. What it may set otherwise is said."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8-sig"), str(path))
    except (SyntaxError, ValueError, OSError) as exc:
        _say(report, path.name, f"could not be read ({exc}); Pelican's default settings are used")
        return {}
    settings: dict[str, Any] = {}
    for number, node in enumerate(tree.body):
        imported = _star_imported(node, path)
        if imported is not None:
            if imported.resolve() not in seen:  # (a file star-importing one that star-imports it: each is read once)
                seen.add(imported.resolve())
                settings.update(_assigned(imported, report, seen))
            continue
        for line, form, names in _dynamic_forms(node):
            _say_unknown(report, path, line, form, names, _later_assignments(tree.body[number + 1:]))
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id in DEFAULTS:
                    settings.update(_plain_setting(target.id, node.value, path, report))
    return settings


def _plain_setting(name: str, written: ast.expr, path: Path, report: ImportReport) -> dict[str, Any]:
    """{name: value} for a setting written as a plain value Pelican takes; {} (said why) for any other."""
    try:
        value = ast.literal_eval(written)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        named = _named_items(written) if isinstance(DEFAULTS[name], list) else None
        if named is not None:
            # willwolf.io: PLUGINS = ['i18n_subsites', nb_liquid, ...], nb_liquid imported from
            # pelican_jupyter: the plain items are what the site says, only the named one is not known.
            value, unread = named
            _say(report, path.name, f"{name} names {', '.join(unread)}, which an import does not run: "
                                    f"its other items ({', '.join(map(repr, value)) or 'none'}) are used")
            return {name: value}
        _say(report, path.name, f"{name} is computed, which an import does not run: "
                                f"Pelican's default ({DEFAULTS[name]!r}) is used; write it as plain text to use yours")
        return {}
    default = DEFAULTS[name]
    if isinstance(default, list) and isinstance(value, (str, tuple, set)):
        # PAGE_PATHS = "pages", a tuple, or a set (STATIC_PATHS = {'images', 'extra'}), which Pelican iterates
        # as a list: its items in the order written, as a set's own order changes from run to run.
        value = [value] if isinstance(value, str) else list(dict.fromkeys(_items_as_written(written) if isinstance(value, set) else value))
    if default is not None and not isinstance(value, type(default)) and not (isinstance(default, str) and value is None):
        _say(report, path.name, f"{name} = {value!r} is not a {type(default).__name__}, as Pelican "
                                f"takes it: its default ({default!r}) is used")
        return {}
    return {name: value}


def _items_as_written(written: ast.expr) -> list[Any]:
    """The items of a set written `{'a', 'b'}`, in that order (`set()`: none)."""
    return [ast.literal_eval(item) for item in written.elts] if isinstance(written, ast.Set) else []


def _named_items(written: ast.expr) -> tuple[list[str], list[str]] | None:
    """A list (or tuple, or set) written as text items and names (`nb_liquid`,
    `pelican_jupyter.markup`): its text items, and the names as written;
    None for any other form."""
    if not isinstance(written, (ast.List, ast.Tuple, ast.Set)):
        return None
    texts, names = [], []
    for item in written.elts:
        if isinstance(item, ast.Constant) and isinstance(item.value, str):
            texts.append(item.value)
        elif isinstance(item, (ast.Name, ast.Attribute)):
            names.append(ast.unparse(item))
        else:
            return None
    return texts, names


def _say(report: ImportReport, origin: str, what: str) -> None:
    """A line of the report, once: publishconf.py reads pelicanconf.py's settings again."""
    if (origin, what) not in report.changed:
        report.changed.append((origin, what))


def _star_imported(node: ast.stmt, path: Path) -> Path | None:
    """The settings file beside `path` that `from x import *` reads; None for any other statement."""
    if not (isinstance(node, ast.ImportFrom) and node.module and [alias.name for alias in node.names] == ["*"]):
        return None
    found = path.parent / (node.module.replace(".", "/") + ".py")
    return found if found.is_file() else None


# Calls that set names the file does not write (`globals().update(d)`, `vars().setdefault(k, v)`, `exec(text)`).
_NAMESPACES = frozenset({"globals", "vars", "locals"})
_RUNS_TEXT = frozenset({"exec", "execfile", "run_path"})


def _dynamic_forms(node: ast.stmt) -> Iterator[tuple[int, str, list[str]]]:
    """(line, what is written, the settings it names: [] for any) of each
    form in the statement that can set settings without naming them as a
    plain assignment does: a star import (of a module that is no file
    beside it), `globals().update(...)`, `globals()[k] = v`, `exec(...)`,
    or an import of a setting by name."""
    for part in ast.walk(node):
        if isinstance(part, ast.ImportFrom) and any(alias.name == "*" for alias in part.names):
            yield part.lineno, f"from {'.' * part.level}{part.module or ''} import *", []
        elif isinstance(part, ast.ImportFrom):
            names = [alias.asname or alias.name for alias in part.names if (alias.asname or alias.name) in DEFAULTS]
            if names:
                yield part.lineno, f"from {'.' * part.level}{part.module or ''} import {', '.join(names)}", names
        elif isinstance(part, ast.Call) and _namespace_call(part.func):
            yield part.lineno, f"{part.func.value.func.id}().{part.func.attr}(...)", []
        elif isinstance(part, ast.Call) and _called_name(part.func) in _RUNS_TEXT:
            yield part.lineno, f"{_called_name(part.func)}(...)", []
        elif isinstance(part, (ast.Assign, ast.AugAssign)):
            targets = part.targets if isinstance(part, ast.Assign) else [part.target]
            if any(isinstance(target, ast.Subscript) and _is_namespace(target.value) for target in targets):
                yield part.lineno, f"{targets[0].value.func.id}()[...] = ...", []


def _is_namespace(node: ast.expr) -> bool:
    """Is it `globals()` (or `vars()`, `locals()`): the module's own names?"""
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _NAMESPACES and not node.args


def _namespace_call(func: ast.expr) -> bool:
    """Is it `globals().update` (`.setdefault`, `.__setitem__`): a method that sets names?"""
    return isinstance(func, ast.Attribute) and func.attr in ("update", "setdefault", "__setitem__") and _is_namespace(func.value)


def _called_name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _later_assignments(statements: list[ast.stmt]) -> set[str]:
    """The settings the statements assign plainly: what a dynamic form before them may set, they set again."""
    return {target.id for node in statements if isinstance(node, ast.Assign) for target in node.targets
            if isinstance(target, ast.Name) and target.id in DEFAULTS}


def _say_unknown(report: ImportReport, path: Path, line: int, form: str, names: list[str], assigned_after: set[str]) -> None:
    """Report a form that may set settings an import cannot know, naming them and what to do."""
    unknown = [name for name in (names or DEFAULTS) if name not in assigned_after]
    if not unknown:
        return
    _say(report, f"{path.name}:{line}", f"{form} may set settings, which an import does not run, so these are not known: "
                                        f"{', '.join(unknown)}; Pelican's defaults are used for them. Write the ones the site "
                                        f"sets as plain assignments in {path.name} (ARTICLE_URL = '{{slug}}.html'), or give a "
                                        "settings file that does as SOURCE")


def _sources(content: Path, settings: dict[str, Any]) -> Iterator[_Story]:
    """The stories and pages under Pelican's content folder, as Pelican finds them."""
    pages = [p.strip("/") for p in settings["PAGE_PATHS"]]
    articles = [p.strip("/") for p in settings["ARTICLE_PATHS"]]
    excluded = [p.strip("/") for p in [*settings["ARTICLE_EXCLUDES"], *settings["STATIC_PATHS"]]]
    # Hidden files aside (Pelican's IGNORE_FILES); links followed as a build follows them, loops never.
    notebooks_read = any(isinstance(plugin, str) and _NOTEBOOK_READER.search(plugin) for plugin in settings["PLUGINS"])
    for path, rel in sorted(walk_files(content, lambda name, is_dir: not name.startswith(".")), key=lambda found: found[1]):
        # A notebook is a story where pelican-ipynb's markup mode reads it; else only one with a header file beside
        # it is looked at, to say why it is not imported (a notebook alone is the data of a story's {% notebook %} tag).
        notebook = rel.lower().endswith(NOTEBOOK_SUFFIX) and (notebooks_read or _notebook_header_file(Path(path)).is_file())
        if not rel.lower().endswith(MARKDOWN_SUFFIXES + RST_SUFFIXES) and not notebook:
            continue
        if _under(rel, pages) and not _under(rel, [p.strip("/") for p in settings["PAGE_EXCLUDES"]]):
            yield _Story(Path(path), rel, SourceKind.PAGE)
        elif _under(rel, articles) and not _under(rel, excluded):
            yield _Story(Path(path), rel, SourceKind.ARTICLE)


def _notebook_header_file(path: Path) -> Path:
    """The .ipynb-meta file pelican-ipynb reads a notebook's header from: named as its name up to the first dot."""
    return path.with_name(path.name.split(".")[0] + NOTEBOOK_META_SUFFIX)


def _notebook_header(story: _Story, settings: dict[str, Any]) -> str | None:
    """A notebook story's Pelican header, as pelican-ipynb's markup mode
    reads it: the .ipynb-meta file beside it (read by Pelican's Markdown
    reader), else the notebook's metadata, its text values by their keys in
    lower case; None (its reason in story.text) where the plugin reads none."""
    if not any(isinstance(plugin, str) and _NOTEBOOK_READER.search(plugin) for plugin in settings["PLUGINS"]):
        story.text = ("a notebook with a pelican-ipynb header file beside it, which Pelican reads only where the site's PLUGINS "
                      "names the plugin's markup mode ('ipynb.markup'): add it to import the notebook")
        return None
    meta_file = _notebook_header_file(story.path)
    if meta_file.is_file():
        return meta_file.read_bytes().decode("utf-8-sig", errors="replace").rstrip("\n")
    try:
        metadata = json.loads(story.path.read_bytes().decode("utf-8-sig")).get("metadata")
    except (UnicodeDecodeError, ValueError, RecursionError, AttributeError):
        metadata = None
    lines = [f"{key.capitalize()}: {value}" for key, value in (metadata if isinstance(metadata, dict) else {}).items()
             if isinstance(key, str) and isinstance(value, (str, int, float)) and "\n" not in str(value)]
    if not any(line.startswith("Title:") for line in lines):
        story.text = (f"a notebook with neither a {meta_file.name} header file beside it nor a title in its metadata, "
                      "without which pelican-ipynb leaves it out")
        return None
    return "\n".join(lines)


def _notebook_story(story: _Story, scripts_shown: bool) -> str | None:
    """The notebook story's text after its header, as the `{% notebook %}`
    tag shows a notebook, its pictures in a folder named as its file (kept
    in story.pictures); None (its reason in story.text) where it is not read."""
    stem = posixpath.splitext(story.target)[0]
    try:
        rendered = notebook_markdown(story.path, slice(None), "", posixpath.basename(stem), scripts_shown)
    except (UnreadableNotebook, OSError) as exc:
        story.text = f"a notebook story whose notebook {exc if isinstance(exc, UnreadableNotebook) else 'cannot be read'}"
        return None
    story.pictures = {f"{stem}/{name}": data for name, data in rendered.pictures.items()}
    return rendered.text


def _under(rel: str, folders: list[str]) -> bool:
    return any(not folder or rel == folder or rel.startswith(folder + "/") for folder in folders)


def _path_patterns(settings: dict[str, Any], settings_name: str, report: ImportReport) -> list[tuple[re.Pattern, str]]:
    """FILENAME_METADATA and PATH_METADATA compiled, each with what it reads
    ("stem": the file's name without its suffix, "path": its path under
    content/); one Python cannot read is said and left out."""
    patterns = []
    for name, reads in (("FILENAME_METADATA", "stem"), ("PATH_METADATA", "path")):
        if not settings[name]:
            continue
        try:
            patterns.append((re.compile(settings[name]), reads))
        except re.error as exc:
            report.changed.append((settings_name, f"{name} = {settings[name]!r} is not a regular expression Python reads ({exc}): "
                                                  "no metadata is taken from file names by it; correct it to use it"))
    return patterns


def _path_metadata(rel: str, patterns: list[tuple[re.Pattern, str]]) -> dict[str, str]:
    """The metadata Pelican takes from a story's file name and path
    (readers.parse_path_metadata): each named group that matched, in
    lower case, the first pattern's where two give one."""
    found: dict[str, str] = {}
    for pattern, reads in patterns:
        matched = pattern.match(posixpath.splitext(posixpath.basename(rel))[0] if reads == "stem" else rel)
        for key, value in (matched.groupdict() if matched else {}).items():
            if value is not None and value.strip() and key.lower() not in found:
                found[key.lower()] = value.strip()
    return found


def _with_path_metadata(story: _Story, rel: str, patterns: list[tuple[re.Pattern, str]], yaml_header: bool) -> None:
    """The story with the metadata its file name and path give, where its
    header gives none (the header's wins, as in Pelican): written into its
    header, so that the build reads it as Pelican did (its slug, category,
    date), and into its metadata, for its old URL."""
    from_path = {key: value for key, value in _path_metadata(story.rel, patterns).items() if key not in story.metadata}
    if story.kind is SourceKind.PAGE:
        from_path.pop("date", None)  # a page is no dated story, whatever its name
    for key, value in from_path.items():
        if key == "date" and posixpath.basename(rel).startswith(value):
            continue  # a date the name starts with, which the build reads there itself (Pelican's default FILENAME_METADATA)
        written = json.dumps(value) if yaml_header else value
        story.text = _with_field(story.text, rel, key if rel.lower().endswith(RST_SUFFIXES) else key.capitalize(), written)
    story.metadata.update(from_path)


def _read(story: _Story, config: SiteConfig, settings: dict[str, Any], path_patterns: list[tuple[re.Pattern, str]],
          no_header: str, report: ImportReport) -> bool:
    """Read the story as the build reads it, and place it: its target under
    content/ and the URL Pelican gave it. False: it is not imported (said
    why; `no_header` for a Markdown story without a header)."""
    notebook = story.rel.lower().endswith(NOTEBOOK_SUFFIX)
    if notebook:  # its header, as a Markdown story's; its text, the notebook's, once it has its place
        header = _notebook_header(story, settings)
        if header is None:
            report.skipped.append((story.rel, story.text))
            return False
        story.text = header + "\n\n"
    else:
        story.text = story.path.read_bytes().decode("utf-8-sig", errors="replace")
    rel = story.rel[:-len(NOTEBOOK_SUFFIX)] + ".md" if notebook else _as_markdown_name(story.rel)
    if rel.endswith(".md"):
        story.text = unfenced(story.text)  # Pelican reads a header between --- fences as its own, not as YAML
    story.metadata = pelican_metadata(rel, story.text)
    try:
        yaml_header = split_front_matter(story.text) if not story.metadata and rel.endswith(".md") else None
    except ValueError as exc:  # front matter never closed, JSON that is none: the story is skipped, the rest imported
        report.skipped.append((story.rel, str(exc)))
        return False
    if yaml_header and yaml_header[0] == "yaml":
        # YAML front matter (the yaml_metadata plugin, MyST) with Pelican's meaning of its keys: a category names the section.
        story.metadata = _yaml_metadata(yaml_header[1])
        if "category" in story.metadata and "section" not in story.metadata:
            front_text = re.sub(r"(?mi)^category(?=[ \t]*:)", "section", yaml_header[1], count=1)
            story.text = story.text.replace(yaml_header[1], front_text, 1)
    if story.metadata:  # (a file without a header is not published: nothing to add to)
        _with_path_metadata(story, rel, path_patterns, bool(yaml_header))
    if settings["AUTHOR"] and not {"author", "authors"} & story.metadata.keys() and story.kind is SourceKind.ARTICLE:
        story.text = _with_field(story.text, rel, "Author", str(settings["AUTHOR"]))  # Pelican's default byline
        story.metadata["author"] = str(settings["AUTHOR"])
    default_date = _default_date(settings["DEFAULT_DATE"], story.path)
    if default_date and story.metadata and "date" not in story.metadata and story.kind is SourceKind.ARTICLE:
        # Pelican's DEFAULT_DATE dates an article that gives none: without it, the article was left out.
        story.text = _with_field(story.text, rel, "Date", default_date)
        story.metadata["date"] = default_date
    parsed, problems = parse_bytes(SourceFile(rel, story.kind), story.text.encode(), config)
    if isinstance(parsed, LeftOut) and parsed.reason == NO_FRONT_MATTER:
        report.skipped.append((story.rel, no_header))
        return False
    if isinstance(parsed, LeftOut):
        report.skipped.append((story.rel, parsed.reason))
        return False
    if parsed is None:
        errors = [p for p in problems if p.severity is Severity.ERROR]
        report.skipped.append((story.rel, errors[0].message if errors else "could not be read"))
        return False
    if isinstance(parsed, Page) and "404" in (parsed.slug, Path(story.rel).stem):
        report.skipped.append((story.rel, "the page for missing URLs: newsgen makes its own 404 page"))
        return False
    if isinstance(parsed, Article) and "category" not in story.metadata and (not settings["USE_FOLDER_AS_CATEGORY"] or "/" not in story.rel):
        # No category of its own: Pelican's DEFAULT_CATEGORY, unless its folder names one (USE_FOLDER_AS_CATEGORY).
        parsed = dataclasses.replace(parsed, section=slugify(str(settings["DEFAULT_CATEGORY"])) or parsed.section)
    if isinstance(parsed, Article) and parsed.image:
        parsed = _with_root_image(story, parsed)
    story.parsed = parsed
    story.target = _target(parsed, rel, settings)
    if notebook:
        shown = _notebook_story(story, not config.safe_html)
        if shown is None:
            report.skipped.append((story.rel, story.text))
            return False
        story.text += shown + "\n"
    named_by = Path(story.rel).stem if settings["SLUGIFY_SOURCE"] == "basename" else story.metadata.get("title") or parsed.title
    story.slug = story.metadata.get("slug") or pelican_slug(named_by)
    if not parsed.draft:
        story.old_url = _old_url(story, settings, report)
        saved_as = _old_url(story, settings, None, "SAVE_AS")
        saved_as = saved_as.removesuffix("index.html") if saved_as.endswith("/index.html") else saved_as  # as its folder's URL
        story.saved_as = saved_as if saved_as and served_file(saved_as) != served_file(story.old_url) else ""
        if _HOME in (served_file(story.old_url), served_file(story.saved_as)):
            # pybites' pages/home.md, `save_as: index.html`: the old site's home page, which newsgen makes itself
            # (its URL as an alias would hide the front page; its links were read from /, not from its PAGE_URL).
            report.skipped.append((story.rel, HOME_PAGE))
            return False
        if _enabled(settings, "pelican_alias"):
            # (the plugin writes them under the output folder of the story's sub-site: /es/ for i18n_subsites' es)
            prefix = _subsite_prefix(story.metadata.get("lang") or str(settings["DEFAULT_LANG"]), settings)
            story.plugin_aliases = [prefix + alias for alias in _plugin_aliases(story.metadata.get("alias") or "", settings)
                                    if served_file(prefix + alias) != _HOME]
    return True


def _subsite_prefix(language: str, settings: dict[str, Any]) -> str:
    """Where i18n_subsites published a story in `language`: under /es/ for
    a language of I18N_SUBSITES, whose sub-site's OUTPUT_PATH and SITEURL
    it appends the code to ("" for the main site's)."""
    if language == settings["DEFAULT_LANG"] or not _enabled(settings, "i18n_subsites") or language not in settings["I18N_SUBSITES"]:
        return ""
    return f"/{language}"


def _with_root_image(story: _Story, parsed: Article) -> Article:
    """The story with its `Image:` read from content/ where the build's
    reading, from the story's folder, names no file and content/ has it.
    `Image:` is no Pelican key: its meaning is the theme's, and willwolf.io's
    (`{{ SITEURL }}/{{ article.image }}`) reads `images/x.png` from the site
    root, as the importer reads `{filename}/images/x.png` too."""
    written = unquote((story.metadata.get("image") or "").strip())
    root = story.path.parents[len(Path(story.rel).parts) - 1]
    if not written or written.startswith(("/", "{", "..")) or "://" in written or _is_plain_file(root / parsed.image.url.lstrip("/")):
        return parsed
    from_root = posixpath.normpath(written.split("#", 1)[0].split("?", 1)[0])
    if from_root.startswith("..") or not _is_plain_file(root / from_root):
        return parsed
    if story.rel.lower().endswith(RST_SUFFIXES):  # (the build reads a reST story's own field, kept in its text)
        story.text = re.sub(r"(?mi)^(\s*:image:).*$", lambda found: f"{found[1]} /{from_root}", story.text, count=1)
    return dataclasses.replace(parsed, image=dataclasses.replace(parsed.image, url="/" + from_root))


def _enabled(settings: dict[str, Any], plugin: str) -> bool:
    """Does the site's PLUGINS list `plugin` (by its name, or a dotted path ending in it)?"""
    return any(isinstance(written, str) and written.rsplit(".", 1)[-1] == plugin for written in settings["PLUGINS"])


def _plugin_aliases(written: str, settings: dict[str, Any]) -> list[str]:
    """The site paths the pelican_alias plugin wrote a redirect page at for
    an `Alias:` value: it splits it at ALIAS_DELIMITER, strips each and
    writes it under the output folder (a leading / or not)."""
    return ["/" + alias.strip().lstrip("/") for alias in written.split(str(settings["ALIAS_DELIMITER"]) or ",") if alias.strip()]


def _old_urls(story: _Story) -> list[str]:
    """Every site path the old site published the story at or redirected from."""
    return list(dict.fromkeys(url for url in (story.old_url, story.saved_as, *story.plugin_aliases) if url))


def _reader_plugins(site: Path, settings: dict[str, Any]) -> str:
    """What a skipped header-less story may have been read by: the site's
    plugins that add a reader of their own (almet/notmyidea's simplereader,
    title from the first `# heading`, date from the file name), or that the
    import does not know, which an import does not run ("" for none).
    PLUGIN_PATHS are under `site`, the settings file's folder."""
    readers, unknown = [], []
    for written in settings["PLUGINS"]:
        if not isinstance(written, str):
            continue
        name = written.rsplit(".", 1)[-1]
        files = [found for folder in settings["PLUGIN_PATHS"] if isinstance(folder, str)
                 for found in [site / folder / f"{name}.py", *sorted((site / folder / name).glob("**/*.py"))] if found.is_file()]
        adding = [found for found in files if _ADDS_READER.search(found.read_text(encoding="utf-8", errors="replace"))]
        if adding:
            readers.append(f"{name} (whose {adding[0].relative_to(site).as_posix()} adds a reader)")
        elif not files and name not in _NOT_READERS:
            unknown.append(name)
    if readers:
        return (f"; the settings' PLUGINS include {', '.join(readers)}, which may read it: an import does not run plugins, "
                "so give the file a header to import it")
    if unknown:
        return (f"; the settings' PLUGINS include {', '.join(unknown)}, which may read it with a reader of its own: "
                "an import does not run plugins, so give the file a header to import it")
    return ""


def _target(parsed: Article | Page, rel: str, settings: dict[str, Any]) -> str:
    """Where the story (whose file, by its suffix, is `rel`) goes under
    content/: a story in its section, named by its date and slug; a page in pages/."""
    suffix = ".rst" if rel.lower().endswith(RST_SUFFIXES) else ".md"
    # A translation shares its original's slug (Pelican links them so): its file is named apart.
    default = language_tag(str(settings["DEFAULT_LANG"])) or settings["DEFAULT_LANG"]  # as the story's is read: zh_hans is zh-hans
    language = f"-{parsed.language}" if parsed.language and parsed.language != default else ""
    if isinstance(parsed, Article):
        return f"{parsed.section}/{parsed.date:%Y-%m-%d}-{parsed.slug}{language}{suffix}"
    return f"pages/{parsed.slug.replace('/', '-')}{language}{suffix}"


def _name_apart(stories: list[_Story], settings: dict[str, Any], report: ImportReport) -> None:
    """Two files Pelican read apart that would be one file under content/
    (one title and date in one folder, file names apart only in case) are
    both kept: the later one by path gets a slug (and file name) of its
    own, ending -2, -3..., and the report says so."""
    taken: dict[str, str] = {}  # target in any case → the file that has it
    for story in stories:
        first, slug, number = story.target, story.parsed.slug, 1
        while story.target.casefold() in taken:
            number += 1
            story.parsed = dataclasses.replace(story.parsed, slug=f"{slug}-{number}")
            story.target = _target(story.parsed, first, settings)
        if number > 1:
            if story.target.endswith(".rst"):
                story.text = _with_own_slug(story.text, story.target, story.parsed.slug)
            report.changed.append((story.rel, f"would be {first}, as {taken[first.casefold()]} is: imported as {story.target}, "
                                              f"at the slug {story.parsed.slug}"))
        taken[story.target.casefold()] = story.rel


def _with_own_slug(text: str, rel: str, slug: str) -> str:
    """A reST story with the slug given, in place of its own `:slug:` field, or added."""
    replaced, count = re.subn(r"(?m)^(\s*:slug:).*$", lambda found: f"{found[1]} {slug}", text, count=1)
    return replaced if count else _with_field(text, rel, "slug", slug)


def _yaml_metadata(front_text: str) -> dict[str, str]:
    """YAML front matter's plain values as Pelican's metadata: keys in lower case, values as text."""
    try:
        data = load_yaml(front_text)
    except UnreadableFrontMatter:  # the build says why
        return {}
    plain = (str, int, float, date)
    return {str(key).lower(): str(value) for key, value in data.items() if isinstance(value, plain)} if isinstance(data, dict) else {}


def _as_markdown_name(rel: str) -> str:
    """The name the build reads a Pelican Markdown file by (.mkd and .mdown are Markdown to Pelican)."""
    stem, dot, suffix = rel.rpartition(".")
    return f"{stem}.md" if dot and f".{suffix.lower()}" in MARKDOWN_SUFFIXES else rel


def _old_url(story: _Story, settings: dict[str, Any], report: ImportReport | None, setting: str = "URL") -> str:
    """The site path Pelican published the story at (Content.url_format):
    its URL, or with `setting` "SAVE_AS" the file it wrote it to, which
    Pelican makes of *_SAVE_AS (or the story's `save_as:`) apart from the
    URL, its links', of *_URL; "" where a story's `save_as:` or the setting
    is empty, as Pelican writes no file then. `report` (None: nothing said)
    hears why a URL could not be made."""
    meta, parsed = story.metadata, story.parsed
    language = meta.get("lang") or str(settings["DEFAULT_LANG"])
    prefix = _subsite_prefix(language, settings)  # a story's own url: is under its sub-site's SITEURL too
    own = meta.get(setting.lower())
    if own is not None:
        return prefix + "/" + own.lstrip("/") if own.strip() else ""
    kind = "ARTICLE" if isinstance(parsed, Article) else "PAGE"
    pattern = str(settings[f"{kind}_{setting}" if language == settings["DEFAULT_LANG"] else f"{kind}_LANG_{setting}"] or "")
    if _enabled(settings, "i18n_subsites"):
        # The plugin sets *_LANG_URL (and _SAVE_AS) to the plain ones; a sub-site's own settings in I18N_SUBSITES may set that.
        overrides = settings["I18N_SUBSITES"].get(language) if prefix else None
        pattern = str((overrides if isinstance(overrides, dict) else {}).get(f"{kind}_{setting}") or settings[f"{kind}_{setting}"] or "")
    if not pattern:
        return ""
    byline = meta.get("authors") or ""
    authors = [name.strip() for name in byline.split(";" if ";" in byline else ",") if name.strip()] or [meta.get("author", "")]
    values = {**meta, "slug": story.slug, "lang": language,
              "date": parsed.date.replace(tzinfo=None) if isinstance(parsed, Article) else datetime(1970, 1, 1),
              "category": pelican_slug(meta.get("category") or (parsed.section if isinstance(parsed, Article) else "")),
              "author": pelican_slug(authors[0])}
    if not story.slug and "{slug}" in pattern:
        if report:
            report.changed.append((story.rel, "Pelican made no slug of its title, so its old URL is not known; it has no alias"))
        return ""
    try:
        url = pattern.format(**values)
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        if report:
            report.changed.append((story.rel, f"its old URL could not be made from {pattern!r} ({exc}); it has no alias"))
        return ""
    return prefix + "/" + url.lstrip("/")


def _moved_pages(stories: list[_Story], settings: dict[str, Any]) -> dict[str, str]:
    """The old site's pages that published stories are on that are no
    story (for ImportReport.moved, urls.toml's [moved]), each with newsgen's
    page of the same: the category, tag and author pages, the archives,
    tags and authors lists, and the feeds, where the settings published them."""
    now = datetime.now(timezone.utc)  # (a story dated later has no page yet, nor its tags)
    published = [story for story in stories if isinstance(story.parsed, Article) and not story.parsed.draft and story.parsed.date <= now]
    articles = [story.parsed for story in published]
    if not articles:
        return {}
    lists: list[tuple[str, str, str]] = []  # (Pelican's {slug}, newsgen's page, the settings' kind)
    for article in articles:
        lists.append((pelican_slug(article.section), f"/{article.section}/", "CATEGORY"))
        lists += [(pelican_slug(tag), f"/tags/{tag_slug(tag)}/", "TAG") for tag in article.tags]
        # (a byline's page, as the build slugs a byline no author file names: the import writes none)
        lists += [(pelican_slug(name), f"/authors/{slugify(name)}/", "AUTHOR") for name in article.authors]
    moved = {}
    for slug, url, kind in dict.fromkeys(lists):
        if settings.get(f"{kind}_SAVE_AS"):
            moved[str(settings[f"{kind}_URL"]).replace("{slug}", slug)] = url
        for feed, name in (("ATOM", "atom.xml"), ("RSS", "feed.xml")):
            if settings.get(f"{kind}_FEED_{feed}"):
                moved[str(settings[f"{kind}_FEED_{feed}"]).replace("{slug}", slug)] = url + name
    # Each language's feed of its stories and translations (Pelican's TRANSLATION_FEED_*): its edition's, as the report suggests it.
    # (its file is named by the language as written, `zh_hans`)
    default = str(settings["DEFAULT_LANG"])
    for language in sorted({str(story.metadata.get("lang") or story.parsed.language or default) for story in published}):
        for feed, name in (("ATOM", "atom.xml"), ("RSS", "feed.xml")):
            if settings.get(f"TRANSLATION_FEED_{feed}"):
                moved.setdefault(str(settings[f"TRANSLATION_FEED_{feed}"]).replace("{lang}", language), edition_path(language, default) + name)
    for setting, url in (("ARCHIVES_SAVE_AS", "/archive/"), ("TAGS_SAVE_AS", "/tags/"), ("AUTHORS_SAVE_AS", "/authors/"),
                         ("FEED_ALL_ATOM", "/atom.xml"),
                         ("FEED_ATOM", "/atom.xml"), ("FEED_ALL_RSS", "/feed.xml"), ("FEED_RSS", "/feed.xml")):
        if settings.get(setting):
            moved.setdefault(str(settings[setting]), url)
    return {f"/{old.lstrip('/')}": url for old, url in moved.items() if "{" not in old}


@dataclasses.dataclass(frozen=True)
class _MarkdownOptions:
    """What the site's Python-Markdown renders that newsgen's does not, which an import converts."""
    admonitions: bool = False  # `!!! note "Title"` blocks (the admonition extension)
    codehilite: bool = False  # an indented code block's `:::c` or `#!python` first line names its language
    toc: bool = True  # a `[TOC]` paragraph is the table of contents (the toc extension); else text


def _uses_extension(settings: dict[str, Any], name: str) -> bool:
    """Does the site render its Markdown with Python-Markdown's extension
    `name` (as `markdown.extensions.NAME` or `NAME`), in MARKDOWN's
    extension_configs or extensions, or the older MD_EXTENSIONS?"""
    markdown = settings["MARKDOWN"]
    configured = markdown.get("extension_configs") or {}
    listed = [*(configured if isinstance(configured, dict) else []), *(markdown.get("extensions") or []), *settings["MD_EXTENSIONS"]]
    # ("toc(permalink=true)": MD_EXTENSIONS's older form, with its settings.)
    return any(isinstance(extension, str) and re.split(r"[:(]", extension)[0].strip() in (name, f"markdown.extensions.{name}")
               for extension in listed)


def _extension_config(settings: dict[str, Any], name: str) -> dict[str, Any]:
    """The settings MARKDOWN's extension_configs gives Python-Markdown's extension `name`."""
    configured = settings["MARKDOWN"].get("extension_configs") or {}
    found = configured.get(f"markdown.extensions.{name}", configured.get(name)) if isinstance(configured, dict) else None
    return found if isinstance(found, dict) else {}


def _imported(story: _Story, links: LinkResolver, report: ImportReport, code_dir: Path, notebooks: _Notebooks, shared: Counter,
              site_url: str, markdown: _MarkdownOptions, moved: dict[str, str]) -> ImportedFile:
    parsed = story.parsed
    text, pictures = story.text, dict(story.pictures)
    if "{%" in text and not story.target.endswith(".rst"):
        # Before the links are read: a notebook's Markdown links to the site's stories and files as the story's own did.
        text, shown_pictures = _notebooks_shown(text, story, notebooks, report)
        pictures.update(shown_pictures)
    text = _relinked(text, story, links, site_url, moved)
    if "{%" in text and not story.target.endswith(".rst"):
        text = _liquid_tags(text, code_dir, report, story.rel)
    if story.target.endswith(".rst"):
        body = _with_field(text, story.target, "aliases", ", ".join(_old_urls(story))) if _old_urls(story) else text
        front: dict[str, Any] = {}
    else:
        front, body = _front(story, shared, report), _body(text)
        if markdown.admonitions and "!!!" in body:
            body = _admonitions(body, report)
        if markdown.codehilite and ("::" in body or "#!" in body):
            body = _codehilite_fenced(body, report)
        if not markdown.toc and "[TOC]" in body:
            body = _toc_as_text(body, report)
    shown = [found["path"] or found["embedded"] for found in _RST_FILE.finditer(body)] if story.target.endswith(".rst") else []
    assets = collect_assets(body, links, story.rel, report, getattr(parsed, "image", None) and parsed.image.url or "", *shown)
    if pictures:  # the notebook's pictures are not in the source: the import writes them
        shown_pictures = {posixpath.relpath(rel, posixpath.dirname(story.target)) for rel in pictures}
        report.missing_assets[:] = [(origin, what) for origin, what in report.missing_assets
                                    if origin != story.rel or what not in shown_pictures]
    kind = "page" if isinstance(parsed, Page) else "draft" if parsed.draft else "story"
    return ImportedFile(story.target, front, body, story.rel, kind, assets, made=pictures)


# Pelican's keys _front writes as newsgen's (or that mean nothing once imported).
_CONSUMED = frozenset({"title", "date", "modified", "category", "tags", "author", "authors", "slug", "summary", "status", "lang",
                       "translation", "url", "save_as", "template", "image"})


def _front(story: _Story, shared: Counter, report: ImportReport) -> dict[str, Any]:
    """newsgen's front matter for a Markdown story: what the build read from
    Pelican's header; its other keys as the build reads them (a synonym as
    newsgen's key, the rest under `extra`)."""
    parsed, meta = story.parsed, story.metadata
    own = ARTICLE_KEYS if isinstance(parsed, Article) else PAGE_KEYS
    # pelican_alias's `Alias:` is an old URL (its redirect page), where the site runs the plugin.
    mapped, extra, _ = map_front_matter(meta, own, report, _CONSUMED | {"alias"} if story.plugin_aliases else _CONSUMED)
    front: dict[str, Any] = {"title": parsed.title}
    if not story.target.endswith(f"-{parsed.slug}.md"):
        front["slug"] = parsed.slug  # a translation's file is named apart from its slug
    if isinstance(parsed, Article):
        front["date"] = parsed.date.isoformat() if parsed.time_known else parsed.date.date().isoformat()
        if len(parsed.authors) == 1:
            front["author"] = parsed.authors[0]
        elif parsed.authors:
            front["authors"] = list(parsed.authors)
        if parsed.tags:
            front["tags"] = list(parsed.tags)
        if parsed.updated:
            front["updated"] = parsed.updated.isoformat()
        if parsed.image:
            front["image"] = parsed.image.url
    if "summary" in meta:
        front["summary"] = parsed.summary
    if parsed.draft:
        front["draft"] = True
    if (meta.get("status") or "").strip().lower() == "hidden":
        front["status"] = "hidden"
    if parsed.language:
        front["language"] = parsed.language
    # Stories of one slug (Pelican's, by its SLUGIFY_SOURCE) are translations of each other.
    translation_key = story.slug if shared[story.slug] > 1 else story.metadata.get("translation_key")
    if translation_key:
        front["translation_key"] = translation_key
    front.update((key, value) for key, value in mapped.items() if key not in front)
    if _old_urls(story):
        front["aliases"] = _old_urls(story)
    if extra:
        front["extra"] = extra
    return front


def _body(text: str) -> str:
    """A Markdown story's text after its header, as the build splits them (a header between --- fences too)."""
    found = split_front_matter(text)
    return found[2] if found else text


def _default_date(setting: Any, path: Path) -> str:
    """Pelican's DEFAULT_DATE for the file at `path`, as a Date field's text
    (in the site's time zone, as Pelican reads it): "fs", the file's
    modification time; a tuple, the moment it names; "" for none."""
    try:
        if setting == "fs":
            moment = datetime.fromtimestamp(path.stat().st_mtime)
        elif isinstance(setting, (tuple, list)) and setting:
            moment = datetime(*(int(part) for part in setting))
        else:
            return ""
    except (TypeError, ValueError, OverflowError, OSError):
        return ""
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _with_field(text: str, rel: str, key: str, value: str) -> str:
    """The story with one metadata field more, after the ones it has."""
    lines = text.split("\n")
    if not rel.lower().endswith(RST_SUFFIXES):
        end = _header_end(text, lines)
        return "\n".join([*lines[:end], f"{key}: {value}", *lines[end:]])
    fields = [n for n, line in enumerate(lines) if _RST_FIELD.match(line)]
    if not fields:
        # No field list: one goes right under the title (its underline), with blank lines around it.
        under = next((n for n, line in enumerate(lines) if n and _RST_UNDERLINE.fullmatch(line) and lines[n - 1].strip()), -1)
        return "\n".join([*lines[:under + 1], "", f":{key}: {value}", "", *lines[under + 1:]]).replace("\n\n\n", "\n\n")
    at = fields[0]
    while at < len(lines) and (_RST_FIELD.match(lines[at]) or (lines[at].startswith(" ") and lines[at].strip())):
        at += 1
    return "\n".join([*lines[:at], f":{key}: {value}", *lines[at:]])


def _header_end(text: str, lines: list[str]) -> int:
    """The line after a Markdown story's header: its closing --- fence
    (YAML's); else where Python-Markdown's meta extension stops reading
    it, at the first line that is neither `Key: value` nor goes on with one,
    which may be the first paragraph's, with no blank line between; else
    the first blank line."""
    if lines and lines[0].strip() == "---":
        return next((n for n, line in enumerate(lines[1:], start=1) if line.strip() in ("---", "...")), len(lines))
    header = metadata_header(text)
    if header:
        return header[1].count("\n") + 1
    return next((n for n, line in enumerate(lines[1:], start=1) if not line.strip()), len(lines))


def _relinked(text: str, story: _Story, links: LinkResolver, site_url: str, moved: dict[str, str]) -> str:
    """Pelican's {filename} and {static} links, and links written with a
    story's old URL (on the old site's address `site_url` too), made links
    to where the story or file now is. A relative link is read first from
    the story's own old URL, where the old site's browsers read it
    (`pages/community.html` from /100days-autotweet.html is that page's;
    `author/bob.html` is the old author page `moved` leads to newsgen's)."""
    def marked(match: re.Match) -> str:
        what, path = match["braced"] or match["piped"], match["path"]
        clean, hashmark, fragment = path.partition("#")
        source = posixpath.normpath(clean.lstrip("/") if clean.startswith("/") else posixpath.join(posixpath.dirname(story.rel), clean))
        if what == "filename":
            found = links.relative(source, story.rel) or _static_file(source, links)
            return (found + hashmark + fragment) if found else match[0]
        return "/" + source + hashmark + fragment  # a file: copied to the same path under content/

    rooted = rooted_page_links(text, story.old_url, links, story.rel, moved)  # before {filename} links become relative ones
    return relink_source_paths(relink_old_urls(_MARKED.sub(marked, rooted), story.rel, links, site_url), story.rel, links, MARKDOWN_SUFFIXES)


def _static_file(source: str, links: LinkResolver) -> str | None:
    """The site path of the file at content/`source` that a `{filename}`
    link names where no story has that path, as Pelican falls back to its
    static files (Pelican 3 sites wrote every image so); None where there is
    none, or it is a story's own file, which an import does not publish."""
    if source.startswith("..") or source.lower().endswith(MARKDOWN_SUFFIXES + RST_SUFFIXES):
        return None
    return "/" + source if _is_plain_file(links.source_root / unquote(source)) else None


def _liquid_tags(text: str, code_dir: Path, report: ImportReport, origin: str) -> str:
    """The liquid_tags plugin's img, video, youtube, vimeo and include_code
    made Markdown (or a <video> element), outside code; the rest is left as
    written and counted (the build warns of each)."""
    def converted(match: re.Match) -> str:
        name, args = match["name"], match["args"]
        if name in ("youtube", "vimeo"):
            video = args.split()[0] if args.split() else ""
            made = _video_link(name, video) if re.fullmatch(r"[\w-]+", video) else None
        elif name == "img":
            made = _image(args)
        elif name == "video":
            made = _video(args)
        else:
            made = _included_code(args, code_dir)
        if made is None:
            report.left[f"Liquid {name}"] += 1
            return match[0]
        report.converted[f"Liquid {name}"] += 1
        return made

    text = _sub_outside_code(_LIQUID_TAG, converted, text)
    for item in find_template_syntax(text):
        if not _LIQUID_TAG.fullmatch(item.text):
            report.left[_name_of(item.text, item.kind)] += 1
    return text


def _notebook_folders(site: Path, content: Path, settings: dict[str, Any]) -> tuple[Path, ...]:
    """Where the site's notebook tag reads a notebook's path from: liquid_tags'
    `notebook` from NOTEBOOK_DIR under the content folder; pelican-ipynb's
    `ipynb.liquid` from `content` (its os.path.join("content", src)). Where
    PLUGINS names neither (an imported plugin, unread), both are tried."""
    plugins = [str(plugin) for plugin in settings["PLUGINS"]]
    liquid_tags = any(plugin.endswith("liquid_tags.notebook") for plugin in plugins) or (
        "notebook" in settings["LIQUID_TAGS"] and any(plugin.split(".")[-1] == "liquid_tags" for plugin in plugins))
    pelican_ipynb = any(re.search(r"(?:^|[./])(?:ipynb|pelican[-_]ipynb|pelican_jupyter)\.liquid$", plugin) for plugin in plugins)
    folders = [content / str(settings["NOTEBOOK_DIR"])] if liquid_tags or not pelican_ipynb else []
    folders += [site / "content"] if pelican_ipynb or not liquid_tags else []
    return tuple(dict.fromkeys(folders))


def _notebooks_shown(text: str, story: _Story, notebooks: _Notebooks, report: ImportReport) -> tuple[str, dict[str, bytes]]:
    """Each `{% notebook path [cells[a:b]] [language[x]] %}` (not in code)
    as the notebook's Markdown, as the plugin put the notebook's HTML in its
    place; and the pictures it shows, by their paths under content/, in a
    folder named as the story's file. The plugin's CSS and MathJax script
    (pelican-ipynb put them around the notebook, liquid_tags in
    _nb_header.html for the theme) are left out: they were its look. A
    notebook not found or not read is said, and its tag left as written."""
    pictures: dict[str, bytes] = {}
    stem = posixpath.splitext(story.target)[0]

    def shown(match: re.Match) -> str:
        args = _NOTEBOOK_ARGS.fullmatch(match["args"].strip())
        if args is None:
            report.changed.append((story.rel, f"its {match[0]} is not written as the plugin reads it "
                                              "({% notebook path [cells[start:end]] [language[name]] %}): left as written"))
            return match[0]
        written = [folder / args["src"] for folder in notebooks.folders]
        where = " or ".join(_site_path(path, notebooks.site) for path in written)
        found = next((path for path in written if path.is_file()), None)
        why = ""
        if found is None:
            why = f"names {where}, which is not found"
        elif notebooks.site.resolve() not in found.resolve().parents:
            why = f"names {where}, outside the Pelican site's folder, which an import does not read: copy the notebook into content/"
        else:
            try:
                rendered = notebook_markdown(found, slice(int(args["start"]) if args["start"] else None,
                                                          int(args["end"]) if args["end"] else None),
                                             args["language"] or "", posixpath.basename(stem), notebooks.scripts_shown)
            except (UnreadableNotebook, OSError) as exc:
                why = f"names {_site_path(found, notebooks.site)}, which {exc if isinstance(exc, UnreadableNotebook) else 'cannot be read'}"
        if why:
            report.changed.append((story.rel, f"its {{% notebook %}} tag {why}: the tag is left as written, and the story shows it"))
            return match[0]
        report.converted["Liquid notebook"] += 1
        pictures.update((f"{stem}/{name}", data) for name, data in rendered.pictures.items())
        before, after = match.string[:match.start()], match.string[match.end():]
        # A block of its own, as the plugin's HTML was.
        opening = "" if not before.strip() or before.endswith("\n\n") else "\n" if before.endswith("\n") else "\n\n"
        closing = "" if not after.strip() or after.startswith("\n\n") else "\n" if after.startswith("\n") else "\n\n"
        return opening + rendered.text + closing

    return _sub_outside_code(_NOTEBOOK_TAG, shown, text), pictures


def _site_path(path: Path, site: Path) -> str:
    """`path` as the report names it: from the Pelican site's folder, as written in it (`content/notebooks/x.ipynb`)."""
    try:
        return path.relative_to(site).as_posix()
    except ValueError:
        return str(path)


def _toc_as_text(body: str, report: ImportReport) -> str:
    """A `[TOC]` line, which newsgen's Markdown makes the table of contents,
    escaped where the site's MARKDOWN has no toc extension: Pelican showed
    it as text (PyChina's weekly). Never in code."""
    lines, masked = body.split("\n"), mask_code(body).split("\n")
    for number, line in enumerate(lines):
        if line.strip() == "[TOC]" and masked[number] == line:
            lines[number] = line.replace("[TOC]", "\\[TOC]")
            report.converted["[TOC] as text (MARKDOWN has no toc extension)"] += 1
    return "\n".join(lines)


# Python-Markdown's admonition: `!!! note` or `!!! danger highlight "A title"` (or `""`, no title), alone on its line.
_ADMONITION = re.compile(r'!!! ?(?P<classes>[\w\-]+(?: +[\w\-]+)*)(?: +"(?P<title>.*?)")? *')


def _admonitions(body: str, report: ImportReport) -> str:
    """Python-Markdown's admonitions, which the site's settings enable, as
    the HTML the extension makes of them: `<div class="admonition note">`,
    the title in `<p class="admonition-title">` (the first class,
    capitalized, where none is given) and the lines indented under it as
    Markdown inside (md_in_html), nested ones too. Never in code."""
    lines, masked = body.split("\n"), mask_code(body).split("\n")
    out: list[str] = []
    at = 0
    while at < len(lines):
        found = _ADMONITION.fullmatch(lines[at]) if masked[at] == lines[at] else None
        if not found:
            out.append(lines[at])
            at += 1
            continue
        inside, at = _indented_under(lines, at + 1)
        classes = re.sub(" +", " ", found["classes"].lower())
        title = classes.split(" ")[0].capitalize() if found["title"] is None else found["title"]
        heading = [f'<p class="admonition-title">{html.escape(title, quote=False)}</p>', ""] if title else []
        out += [f'<div class="admonition {html.escape(classes)}" markdown="1">', *heading,
                _admonitions("\n".join(inside), report), "", "</div>"]
        report.converted["Python-Markdown admonition"] += 1
    return "\n".join(out)


# CodeHilite's language line (markdown/extensions/codehilite.py _parseHeader): two or more colons or
# a shebang, a path or not, the language. With no path (`:::c`, `#!python`) the line only names the language.
_CODEHILITE_HEADER = re.compile(r"(?:(?:^::+)|(?P<shebang>^[#]!))(?P<path>(?:/\w+)*[/ ])?(?P<language>[\w#.+-]*)")


def _codehilite_fenced(body: str, report: ImportReport) -> str:
    """Each indented code block whose first line is CodeHilite's language
    line as the fenced block of that language (lower case, as CodeHilite
    reads it): the line dropped, as CodeHilite drops it, or kept where it
    is a real shebang, with a path (`#!/usr/bin/python`). newsgen's Markdown
    would show the line as code, and the block in no language."""
    lines = body.split("\n")
    for first, after, margin in reversed(list(_indented_code_blocks(lines))):
        code = [line.expandtabs(4) for line in lines[first:after]]
        header = _CODEHILITE_HEADER.match(code[0][margin + 4:])
        if header is None:
            continue
        kept = code if header["path"] else code[1:]
        fenced = _fence("\n".join(line[margin + 4:] for line in kept), header["language"].lower())
        lines[first:after] = [(" " * margin + line) if line else line for line in fenced.split("\n")]
        report.converted["CodeHilite language line"] += 1
    return "\n".join(lines)


def _indented_code_blocks(lines: list[str]) -> Iterator[tuple[int, int, int]]:
    """(its first line, the line after it, the margin its four columns of
    indent are past) of each indented code block, as mask_code tells them:
    not in a fenced block; in a list item, past the item's four columns (as
    Python-Markdown indents a list's blocks); the blank lines after a block
    are the text's."""
    indented, fence, first, margin = _IndentedCode(), "", None, 0
    for number, line in enumerate([*lines, "end"]):
        if fence:
            fence = "" if set(line.strip()) == {fence[0]} and len(line.strip()) >= len(fence) else fence
            continue
        opened = _FENCE.match(line)
        in_code = not opened and indented.holds(line) if number < len(lines) else False
        if in_code and first is None and line.strip():
            first, margin = number, 4 if indented.in_list else 0
        elif not in_code and first is not None:
            yield first, next(n for n in range(number, first, -1) if lines[n - 1].strip()), margin
            first = None
        fence = opened["fence"] if opened else ""


def _indented_under(lines: list[str], start: int) -> tuple[list[str], int]:
    """The lines from `start` indented four spaces (or a tab), blank ones
    between them, without their indent; and the line after them."""
    inside: list[str] = []
    at = start
    while at < len(lines):
        line = lines[at].expandtabs(4)
        if line.strip() and not line.startswith("    "):
            break
        inside.append(line[4:])
        at += 1
    while inside and not inside[-1].strip():  # blank lines after the block are the text's, not the admonition's
        inside.pop()
        at -= 1
    return inside, at


def _image(args: str) -> str | None:
    """{% img [class] /src [width [height]] ["title" ["alt"]] %} as Markdown's image."""
    found = _IMG_ARGS.match(args.strip())
    if found is None:
        return None
    quoted = re.findall(r'"([^"]*)"|\'([^\']*)\'', found["rest"] or "")
    texts = [a or b for a, b in quoted] or ([found["rest"].strip()] if found["rest"] else [])
    title, alt = (texts + ["", ""])[:2]
    shown = f' "{title}"' if title else ""
    return f"![{_md_text(alt or title)}]({found['src']}{shown})"


def _video(args: str) -> str | None:
    """{% video /url.mp4 [width height [poster]] %} as the <video> element the plugin writes."""
    parts = args.split()
    if not parts:
        return None
    size = f' width="{parts[1]}" height="{parts[2]}"' if len(parts) > 2 and parts[1].isdigit() and parts[2].isdigit() else ""
    poster = f' poster="{html.escape(parts[3])}"' if len(parts) > 3 else ""
    return f'<video controls src="{html.escape(parts[0])}"{size}{poster}></video>'


def _included_code(args: str, code_dir: Path) -> str | None:
    """{% include_code path [lang:python] [title] %}: the file's code, fenced, under its title."""
    words = args.split()
    if not words:
        return None
    language = next((w.split(":", 1)[1] for w in words[1:] if w.startswith("lang:")), "")
    title = " ".join(w for w in words[1:] if not w.startswith("lang:"))
    path = (code_dir / words[0]).resolve()
    if not path.is_file() or code_dir.resolve() not in path.parents:
        return None
    code = path.read_text(encoding="utf-8", errors="replace")
    return (f"**{_md_text(title)}**\n\n" if title else "") + _fence(code, language or path.suffix.lstrip("."))
