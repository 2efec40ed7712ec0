"""An Eleventy site → content/: each post where newsgen keeps it, with the URL Eleventy gave it.

Eleventy's posts are Markdown with YAML front matter, which newsgen reads as
they are (copied into content/, they build). What an import adds is what a
build cannot read, Eleventy's data cascade and its permalinks:

- a post's data is its front matter over its template and folder data files
  (x.11tydata.json, posts/posts.json, posts/posts.11tydata.json, from the
  input folder down), merged as Eleventy merges them, lists added up; data
  computed in JavaScript (.11tydata.js, eleventyComputed) would need the
  site's code run, and is named in the report;
- the URL Eleventy gave each post, its `permalink` with the simple template
  forms filled in (page.fileSlug, page.filePathStem, a key of its data, the
  slugify and url filters, Liquid's date filter on page.date), else its
  file's path, is kept under `aliases`,
  and a body's links written with it lead to the post where it now is;
- tags that only gather posts into a collection (those a data file gives,
  and one every post has) are left out of the topics;
- `{% raw %}` shows its text, and `{{ key }}` of the post's own data is
  filled in, as Eleventy's Liquid and Nunjucks do.
- its Nunjucks, Liquid and HTML templates with front matter (a post
  written as a .njk file, `templateEngineOverride: njk, md`) are read as
  its Markdown is, their template syntax left as written (the build warns
  of it); a template that lists collections, and one without front
  matter or in a template language an import does not read, is named in
  the report;
- how its markdown-it read posts: the options of the library given to
  setLibrary("md", …) or changed by amendLibrary("md", …) (linkify, breaks,
  typographer), and Eleventy's version (package.json): from 2.0 on an
  indented block is a paragraph. The report suggests the [markdown]
  settings that read posts so.

The input folder is read from the Eleventy configuration (`dir: {input: …}`),
or a package.json script's --input, else the site's folder; the configuration
is the file Eleventy looks for, else the one a script names with --config.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import json
import posixpath
import re
import unicodedata
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterator
from zoneinfo import ZoneInfo

from ..config import MarkdownSettings
from ..content.discover import has_front_matter, is_content_name, is_repository_file, walk_files
from ..content.keys import ARTICLE_KEYS
from ..content.js_front_matter import NotData, read_js_front_matter
from ..content.parse import split_front_matter
from ..slugs import slugify
from .common import (HOME_PAGE, MADE_LISTS, NO_TEXT, ImportedFile, ImportReport, RedirectStubs, UnreadableFrontMatter, left_out_feed,
                     convert_each, load_yaml, netlify_rules, suggest_markdown)
from .convert import (LinkResolver, _sub_outside_code, as_datetime, collect_assets, commonmark_html_blocks, convert_markup, date_text,
                      files_at_site_paths, map_front_matter, markdown_it_containers, markdown_it_linkify, put_lead_image, relink_old_urls, relink_source_paths,
                      rooted_page_links, site_path_of_file, split_list)

# Data files, JSON, and YAML where a site adds it (addDataExtension("yml"), sass-lang.com), in Eleventy's order.
LAYOUT_SUFFIXES = (".njk", ".liquid", ".html", ".md", ".hbs", ".mustache", ".ejs", ".haml", ".pug", ".webc", ".11ty.js")
DATA_SUFFIXES = (".json", ".11tydata.json", ".yml", ".yaml", ".11tydata.yml", ".11tydata.yaml")
CONFIG_FILES = (".eleventy.js", "eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs")
# An option the site's package.json scripts run Eleventy with (`npx @11ty/eleventy --config=_build/eleventy.js`, lea.verou.me's).
_CLI_OPTION = r"""(?:^|[\s;&|(])(?:npx\s+)?(?:@11ty/)?eleventy\b[^;&|]*?\s--{name}(?:=|\s+)["']?(?P<value>[^\s"';&|]+)"""
_INPUT = re.compile(r"""\binput\s*:\s*["']([^"']+)["']""")
# The folders of includes and layouts, under the input folder (Eleventy's dir.includes, dir.layouts).
_MARKDOWN_FORMAT = re.compile(r"""["']markdown["']""")  # "markdown" named in the config: a template format or an extension
# The template formats Eleventy processes (templateFormats: [...] or "md,njk", setTemplateFormats(…), --formats=…),
# and those it does by default (Eleventy 3's; before it, ejs, hbs, mustache, haml and pug as well).
_TEMPLATE_FORMATS = re.compile(r"""\b(?:templateFormats\s*:|setTemplateFormats\s*\()\s*(?P<formats>\[[^\]]*\]|(["'`])[^"'`]*\2)""")
_DEFAULT_FORMATS = ("liquid", "md", "njk", "html", "11ty.js")
# Templates whose text an import reads (front matter, then Markdown or HTML with template tags), and what each is called.
_READ_TEMPLATES = (".njk", ".liquid", ".html")
_TEMPLATE_KINDS = {".njk": "Nunjucks", ".liquid": "Liquid", ".html": "HTML", ".hbs": "Handlebars", ".mustache": "Mustache",
                   ".ejs": "EJS", ".haml": "Haml", ".pug": "Pug", ".webc": "WebC", ".11ty.js": "JavaScript (.11ty.js)"}
def _article(kind: str) -> str:
    """"an HTML template", "a Nunjucks template": the article as the kind's name is said."""
    return f"{'an' if kind.startswith(('HTML', 'EJS')) or kind[0] in 'AEIOU' else 'a'} {kind}"


# A template listing a collection (topics.njk's `{% for post in collections.allTopics | topic(topic) %}`), or
# handing one to an include that lists it (eleventy-base-blog's blog.njk: `{% set postslist = collections.posts %}`,
# Liquid's `{% assign %}`): a list page.
_LISTS_COLLECTIONS = re.compile(r"\{%-?\s*(?:for\s+[\w\s,]+?\s+in|(?:set|assign)\s+\w+\s*=)\s+(?P<over>collections\b[\w.\[\]\"']*)")
_OUTPUT = re.compile(r"""\boutput\s*:\s*["']([^"']+)["']""")
_INCLUDES = re.compile(r"""\bincludes\s*:\s*["']([^"']+)["']""")
_LAYOUTS = re.compile(r"""\blayouts\s*:\s*["']([^"']+)["']""")
# addPassthroughCopy({"assets/img": "img", …}): each quoted source (a path or a glob, from the project's folder) and where it is copied.
_PASSTHROUGH_MAP = re.compile(r"addPassthroughCopy\s*\(\s*\{(?P<pairs>[^{}]*)\}")
_PASSTHROUGH_PAIR = re.compile(r"""(["'`])(?P<source>[^"'`]+)\1\s*:\s*(["'`])(?P<output>[^"'`]*)\3""")
_GLOB = re.compile(r"[*?\[{]")
_LOCAL_SCRIPT = re.compile(r"""(?:\brequire\s*\(\s*|\bfrom\s+|\bimport\s*\(\s*)["'](\.{1,2}/[^"']+)["']""")  # require("./utils/markdown")
# Where its data gives no date, Eleventy dates a file by the first YYYY-MM-DD anywhere in its path, folders too
# (Template.getMappedDate): _posts/2021-01-30-fluid-images/index.md, posts/2022-05-01.md.
_PATH_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# What page.fileSlug drops of a name (TemplateFileSlug._stripDateFromSlug): all up to a date and the hyphen after it.
_SLUG_DATE = re.compile(r"\d{4}-\d{2}-\d{2}-(?P<rest>.*)")
# Eleventy's words for a file's own clock (dates no two checkouts share).
_FILE_CLOCK = frozenset({"last modified", "created", "git last modified", "git created"})
_EXPRESSION = re.compile(r"\{\{-?\s*(?P<expression>[^{}]+?)\s*-?\}\}")
# A filter the site adds (eleventyConfig.addFilter("date", …)): its own, which may replace a built-in one.
_SITE_FILTER = re.compile(r"""\badd(?:Liquid|Nunjucks|Universal|JavaScript)?Filter\s*\(\s*["']([\w-]+)["']""")
# addFilter(name, …) with a name that is no literal: moderncss.dev's
# Object.keys(filters).forEach((filterName) => eleventyConfig.addFilter(filterName, filters[filterName])).
_ANY_FILTER = re.compile(r"""\badd(?:Liquid|Nunjucks|Universal|JavaScript)?Filter\s*\(\s*(?!["'`\s])(?P<name>[\w$]+)""")
_FOR_EACH_NAME = r"""\bObject\.keys\(\s*(?P<object>[\w$]+)\s*\)\s*\.forEach\(\s*(?:function\s*)?\(?\s*{name}\b"""
_REQUIRED_AS = r"""\b{object}\s*=\s*require\(\s*["'](?P<path>\.{{1,2}}/[^"']+)["']\s*\)"""
_EXPORTED = re.compile(r"""\bmodule\.exports\s*=\s*\{(?P<names>[^{}]*)\}""")
# The slugify package's (1.x) charMap, which Eleventy's `slug` filter applies: its symbols and its letters that are no
# accented ASCII letter (the rest lose their accents, as its map has them), then its default `remove`.
_SLUG_CHARS = {"$": "dollar", "%": "percent", "&": "and", "<": "less", ">": "greater", "|": "or", "¢": "cent", "£": "pound",
               "¤": "currency", "¥": "yen", "©": "(c)", "ª": "a", "®": "(r)", "º": "o", "Æ": "AE", "æ": "ae", "Ð": "D", "ð": "d",
               "Ø": "O", "ø": "o", "Þ": "TH", "þ": "th", "ß": "ss", "Œ": "OE", "œ": "oe", "‘": "'", "’": "'", "“": '"', "”": '"',
               "€": "euro", "™": "(TM)", "…": "...", "–": "-", "—": "-", "•": "*", "♥": "love", "∞": "infinity"}
_SLUG_REMOVE = re.compile(r"""[^A-Za-z0-9_\s$*+~.()'"!\-:@]+""")
# The built-in date filter with its strftime format: Liquid's `date: '%Y/%m/%d'`, or `date('%Y/%m/%d')`.
_DATE_FILTER = re.compile(r"""date\s*(?::\s*|\(\s*)(["'])(?P<format>[^"']*%[^"']*)\1\s*\)?""")
_STRFTIME = re.compile(r"%(?P<flags>[-_0^]*)(?P<width>\d*)(?P<code>.)")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
# LiquidJS's strftime directives a URL is made of: each part of the date, and how wide it is padded (with 0s; %e with spaces).
_DATE_PARTS: dict[str, Callable[[datetime], object]] = {
    "Y": lambda moment: moment.year, "y": lambda moment: f"{moment.year % 100:02d}", "m": lambda moment: moment.month,
    "d": lambda moment: moment.day, "e": lambda moment: moment.day, "B": lambda moment: _MONTHS[moment.month - 1],
    "b": lambda moment: _MONTHS[moment.month - 1][:3], "H": lambda moment: moment.hour, "M": lambda moment: moment.minute,
    "S": lambda moment: moment.second, "j": lambda moment: moment.timetuple().tm_yday}
_PADDED = {"d": 2, "e": 2, "m": 2, "H": 2, "M": 2, "S": 2, "j": 3}
# (eleventyExcludeFromCollections is written once, at the top, where the build reads it: not again under extra.)
_CONSUMED = frozenset({"title", "date", "tags", "permalink", "layout", "eleventyComputed", "eleventyNavigation", "pagination",
                       "eleventyExcludeFromCollections"})
# Where a redirect page sends its readers (jekyll-redirect-from's key, and its camelCase twin).
_REDIRECT_TO = ("redirect_to", "redirectTo")
# Where a page lists its former URLs for the site's redirect template to make redirects of.
_FORMER_URLS = ("redirect_from", "redirectFrom", "formerly")
# newsgen keys the import sets from Eleventy's own (its tags, a draft, the old URL), not from the post's front matter as written.
_SET_HERE = frozenset({"title", "date", "tags", "image", "draft", "aliases", "url"})


@dataclasses.dataclass(frozen=True)
class _Markdown:
    """What the site's markdown-it makes of a post that newsgen's Markdown does not, and an import writes out."""

    containers: bool = False  # markdown-it-container's `::: name` blocks
    linkify: bool = False  # `linkify: true`: a bare web address is a link


@dataclasses.dataclass
class _Post:
    path: Path
    rel: str  # under the input folder
    front: dict[str, Any]  # its own front matter
    data: dict[str, Any]  # front matter over the data files
    collection_tags: set[str]  # the tags the data files give
    body: str
    target: str = ""
    old_url: str = ""
    file_slug: str = ""  # Eleventy's page.fileSlug: its file's name, a date before it taken off
    published: datetime | None = None
    written_date: Any = None
    computed: bool = False  # a .11tydata.js that names `permalink` applies to it: its permalink may be set there


def read_eleventy(site: Path, report: ImportReport, timezone: ZoneInfo) -> Iterator[ImportedFile]:
    """Every Markdown post of the Eleventy site in `site`."""
    report.source = report.source or f"Eleventy site {site}"
    markdown = _markdown_options(site, report)
    source = _input_folder(site, report)
    data_files = _DataFiles(source, report, _layouts_folder(site, source))
    ignored = _ignored(site, source)
    files = [(path, rel) for path, rel in _markdown_files(source, _markdown_suffixes(site), report) if not ignored(rel)]
    files += _template_files(site, source, report, ignored)
    posts = [post for post in (_read(path, rel, data_files, report) for path, rel in files) if post]
    everywhere = _on_every_post(posts)
    links = LinkResolver(source, [source, site], _passed_through(site, report))
    own_filters = _own_filters(site, report)
    stubs = RedirectStubs()
    posts = [post for post in posts if not _redirects_listed(post, stubs)]
    for post in posts:
        _date(post, timezone, report)
    wrapping = _wrapping_folders(posts)
    for post in posts:
        _place(post, report, own_filters, wrapping)
    posts = [post for post in posts if not _netlify_redirects_made(post, stubs, report) and not _redirect_page(post, stubs, report)
             and not _left_out(post, report)]
    for post in posts:
        links.add_story(post.rel, post.target, *(name for name in (post.old_url,) if name))
    imported = stubs.with_aliases(list(convert_each(posts, lambda post: _imported(post, links, report, everywhere, markdown),
                                                    lambda post: post.rel, report)), report)
    stubs.report_unresolved(report)
    yield from imported


@dataclasses.dataclass(frozen=True)
class _SiteFilters:
    """The filters the site adds (eleventyConfig.addFilter…): their names
    ("*": any filter may be one), the script each is added in, and those
    the import works out as written, `worked_out` (_filter_worked_out)."""
    names: frozenset[str] = frozenset()
    added_in: dict[str, str] = dataclasses.field(default_factory=dict)
    worked_out: dict[str, Callable[[object], str | None]] = dataclasses.field(default_factory=dict)


def _own_filters(site: Path, report: ImportReport) -> _SiteFilters:
    """The filters the site adds: those named in addFilter("name", …), and
    the keys of a module's exports an addFilter(name, …) in a forEach over
    Object.keys(module) adds. One added under a name the import cannot
    read makes "*": any filter may be the site's own."""
    names: set[str] = set()
    added_in: dict[str, str] = {}
    worked_out: dict[str, Callable[[object], str | None]] = {}
    scripts = list(_config_scripts(site))
    for script, config in scripts:
        for name in _SITE_FILTER.findall(config):
            names.add(name)
            added_in.setdefault(name, script)
        for added in _FILTER_FUNCTION.finditer(config):
            # (the function's definition in that script, else in another of the site's)
            function = next((found for _, text in [(script, config), *scripts] if (found := _filter_worked_out(text, added["function"]))),
                            None)
            if function is not None and added["name"] not in worked_out:
                worked_out[added["name"]] = function
        for added in _ANY_FILTER.finditer(config):
            keys = _keys_of_forEach(site, script, config, added["name"])
            if keys is None:
                report.changed.append((script, f"addFilter({added['name']}, …) adds filters under names the import cannot read: "
                                               "a permalink using any filter is not worked out"))
                names.add("*")
            names |= keys or set()
    return _SiteFilters(frozenset(names), added_in, worked_out)


# A filter added as a function of the site's own: addLiquidFilter('getBlogSlug', getBlogSlug).
_FILTER_FUNCTION = re.compile(r"""\badd(?:Liquid|Nunjucks|Universal|JavaScript)?Filter\s*\(\s*["'](?P<name>[\w-]+)["']\s*,\s*(?P<function>[\w$]+)\s*\)""")
# A TypeScript type after a parameter or a function's parentheses (`page: Page`, `: string`), which JavaScript has not.
_TYPE = r"""(?:\s*:\s*[\w$.<>\[\]| ]+?)?"""
# A function that returns one expression: `function getBlogSlug(page) { return page.fileSlug.replace(/^(\d*-)/, ''); }`,
# or `const x = (page) => page.fileSlug…;`.
_ONE_RETURN = (r"""\bfunction\s+{name}\s*\(\s*(?P<param>[\w$]+)""" + _TYPE + r"""\s*\)""" + _TYPE
               + r"""\s*\{{\s*return\s+(?P<body>[^;{{}}\n]+?)\s*;?\s*\}}""")
_ONE_ARROW = (r"""\b(?:const|let|var)\s+{name}\s*=\s*\(?\s*(?P<param>[\w$]+)""" + _TYPE + r"""\s*\)?""" + _TYPE
              + r"""\s*=>\s*(?P<body>[^;{{}}\n]+?)\s*(?:;|\n)""")
# What such an expression may do to its value: String.replace with a regular expression (its flags g and i) or a
# text, and a replacement with no $ pattern; toLowerCase(), trim().
_STEP = re.compile(r"""\.replace\(\s*(?:/(?P<regex>(?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\[\n])+)/(?P<flags>[gi]*)"""
                   r"""|(?P<quote>["'])(?P<text>[^"'\\\n]*)(?P=quote))\s*,\s*(?P<with_quote>["'])(?P<with>[^"'\\$\n]*)(?P=with_quote)\s*\)"""
                   r"""|\.(?P<call>toLowerCase|trim)\(\s*\)""")
# The page's values such an expression may start from: those Eleventy's `page` has that the import knows.
_PAGE_FIELDS = ("fileSlug", "filePathStem")
# In such a regular expression, one character however written (an escape, a class), and what may make it try
# another way to match: a group's opening "(?" (not a repetition), a parenthesis, an alternative, a repetition.
_ONE_CHARACTER = re.compile(r"""\\.|\[(?:\\.|[^\]\\])*\]""", re.S)
_WAYS = re.compile(r"""\(\?|[()|]|(?:[*+?]|\{\d*(?:,\d*)?\})[?+]?""")
_REPEATED_GROUP = re.compile(r"""\)(?:[*+?]|\{\d*(?:,\d*)?\})""")


def _filter_worked_out(script: str, function: str) -> Callable[[object], str | None] | None:
    """The filter that `function`, defined in `script`, is, where its body
    returns one expression the import reads as JavaScript does: its value
    (or a field of the page it is given, `page.fileSlug`), through
    replace() and toLowerCase() or trim() (sass-lang.com's getBlogSlug,
    `page.fileSlug.replace(/^(\\d*-)/, '')`); None for any other body."""
    code = _without_comments(script)
    found = next((match for pattern in (_ONE_RETURN, _ONE_ARROW) if (match := re.search(pattern.format(name=re.escape(function)), code))), None)
    if found is None:
        return None
    body, param = found["body"].strip(), found["param"]
    start = re.match(rf"{re.escape(param)}(?:\.(?P<field>\w+))?", body)
    if start is None or (start["field"] and start["field"] not in _PAGE_FIELDS):
        return None
    steps: list[Callable[[str], str]] = []
    at = start.end()
    while at < len(body):
        step = _STEP.match(body, at)
        if step is None:
            return None
        if step["call"]:
            steps.append(str.lower if step["call"] == "toLowerCase" else str.strip)
        elif step["regex"] is not None:
            if not _backtracks_little(step["regex"]):
                return None  # (a site's (a+)+$ would hold the import for hours on a name of forty letters)
            try:  # (JavaScript's \d and \w are ASCII's: re.ASCII)
                compiled = re.compile(step["regex"], re.ASCII | (re.IGNORECASE if "i" in step["flags"] else 0))
            except re.error:
                return None  # (a form Python's re reads otherwise, or not at all: (?<name>…))
            count = 0 if "g" in step["flags"] else 1
            steps.append(lambda text, compiled=compiled, new=step["with"], count=count: compiled.sub(lambda _: new, text, count=count))
        else:
            steps.append(lambda text, old=step["text"], new=step["with"]: text.replace(old, new, 1))
        at = step.end()
    field = start["field"]

    def applied(value: object) -> str | None:
        given = value.get(field) if field and isinstance(value, dict) else value if not field else None
        if not isinstance(given, str):
            return None
        for step in steps:
            given = step(given)
        return given

    return applied


def _backtracks_little(regex: str) -> bool:
    """Does a regular expression try few ways to match at each place, so that
    Python's re, which backtracks, takes time about the text's length squared
    at most? Not where a group is repeated ((a+)+ tries every way of cutting a
    run into parts), nor where one alternative has two repetitions that may
    run long (a*a*b tries every cut between them) or three places to choose."""
    plain = _ONE_CHARACTER.sub("x", regex)
    if _REPEATED_GROUP.search(plain):
        return False
    depth, long_runs, ways = 0, [0], [0]  # of each alternative of the whole expression
    for found in _WAYS.finditer(plain):
        token = found.group()
        if token in ("(", "(?"):
            depth += 1
        elif token == ")":
            depth -= 1
        elif token == "|" and depth == 0:
            long_runs.append(0)
            ways.append(0)
        elif token == "|" or token[0] == "?":
            ways[-1] += 1
        elif not re.fullmatch(r"\{(\d+)(?:,\1)?\}[?+]?", token):  # (a{4} repeats no more or less: one way)
            long_runs[-1] += 1
            ways[-1] += 1
    return max(long_runs) <= 1 and max(ways) <= 2


def _keys_of_forEach(site: Path, script: str, config: str, name: str) -> set[str] | None:
    """The names `name` takes in `Object.keys(object).forEach((name) => …)`, where `object` is a
    module of the site's own (`const filters = require("./src/_11ty/filters")`) exporting `{a, b: c}`; None if not so."""
    loop = re.search(_FOR_EACH_NAME.format(name=re.escape(name)), config)
    required = re.search(_REQUIRED_AS.format(object=re.escape(loop["object"])), config) if loop else None
    module = _local_script(site, posixpath.join(posixpath.dirname(script), required["path"])) if required else None
    exported = _EXPORTED.search(_without_comments(module[1])) if module else None
    if exported is None:
        return None
    return {part.split(":")[0].strip() for part in exported["names"].split(",") if re.fullmatch(r"\s*[\w$]+\s*(:.*)?", part, re.DOTALL)}


def _markdown_options(site: Path, report: ImportReport) -> _Markdown:
    """Whether the site renders markdown-it-container's `::: name` blocks,
    and links bare web addresses (`linkify: true`, servo.org's); said in
    the report: linkify, and markdown-it's `breaks: true` (a11yproject's),
    each line break in a paragraph a <br> there, as newsgen reads Markdown
    as CommonMark does. Only the options of the library posts render with
    count: the one given to setLibrary("md", …), as amendLibrary("md", …)
    changes it; zachleat.com's markdownIt({breaks, linkify}) of a
    `{% markdown %}` shortcode is no post's. The [markdown] settings that
    read posts as that library did are suggested (_suggest_markdown)."""
    containers = False
    library = _Library()
    configs = _config_names(site)
    for name, config in _config_scripts(site):
        containers = containers or "markdown-it-container" in config
        if name in configs:  # (the scripts it requires are read where it names them)
            library = library.merged(_library(site, name, config))
    if library.option("breaks"):
        report.changed.append((library.options[("breaks", True)],
                               "markdown-it's `breaks: true` showed each line break of a paragraph as a break; newsgen joins a "
                               "paragraph's lines, as Markdown does: end a line with a backslash where its break matters"))
    if library.option("linkify"):
        report.changed.append((library.options[("linkify", True)],
                               "markdown-it's `linkify: true` made each web address in a post's text a link; newsgen links one "
                               "written as <https://…>: the import writes each bare http(s) address so (counted as markdown-it "
                               "linkify); write one without http(s), www.example.com, as <https://www.example.com> to link it"))
    if library.anchors:
        report.changed.append((library.anchors, "markdown-it-anchor gave the posts' headings their ids; newsgen gives them "
                                                "GitHub's (news--blog-posts): where its slugify made others, a link to an old "
                                                "#anchor lands at the top of the story"))
    _suggest_markdown(site, library, report)
    return _Markdown(containers, library.option("linkify"))


# markdown-it's options that change what a post shows; Eleventy's library sets html: true alone.
_LIBRARY_OPTION = re.compile(r"\b(breaks|linkify|typographer)\s*:\s*(true|false)\b")
_SET_LIBRARY = re.compile(r"""\.(setLibrary|amendLibrary)\s*\(\s*(["'`])(?:md|markdown)\2\s*,""")
# markdown-it's rule "code" (indented code blocks) enabled or disabled, alone or in a list of rules.
_CODE_RULE = re.compile(r"""\.(enable|disable)\s*\(\s*(?:\[[^\]]*?)?["'`]code["'`]""")
_IDENTIFIER = re.compile(r"(?<![\w$.])[A-Za-z_$][\w$]*")


@dataclasses.dataclass(frozen=True)
class _Library:
    """What the config shows of the markdown-it that renders posts."""

    options: dict[tuple[str, bool], str] = dataclasses.field(default_factory=dict)  # (option, value) → the script setting it
    indented_code: bool | None = None  # enabled (or disabled) again by amendLibrary; None: as Eleventy leaves it
    anchors: str = ""  # the script using markdown-it-anchor on it

    def option(self, name: str) -> bool:
        return (name, True) in self.options and (name, False) not in self.options

    def merged(self, other: "_Library") -> "_Library":
        return _Library({**self.options, **other.options}, other.indented_code if other.indented_code is not None else self.indented_code,
                        other.anchors or self.anchors)


def _library(site: Path, name: str, config: str) -> _Library:
    """The library of the config `name`: its setLibrary("md", …) argument with
    the definitions it names (a variable, its options object, a script of
    the site's own it is imported from), and each amendLibrary("md", …)
    callback; never the rest of the config's text."""
    options: dict[tuple[str, bool], str] = {}
    indented_code = None
    anchors = ""
    config = _without_comments(config)
    for call in _SET_LIBRARY.finditer(config):
        callback = _expression(config, call.end())
        pieces = _setup(site, name, config, callback) if call[1] == "setLibrary" else [(name, callback)]
        for origin, text in pieces:
            options.update({(option, value == "true"): origin for option, value in _LIBRARY_OPTION.findall(text)})
            if re.search(r"markdown-?it-?anchor", text, re.IGNORECASE) or _uses_anchor(config, text):
                anchors = anchors or origin
        if call[1] == "amendLibrary":
            for switched in _CODE_RULE.finditer(callback):
                indented_code = switched[1] == "enable"
    return _Library(options, indented_code, anchors)


def _uses_anchor(config: str, text: str) -> bool:
    """Does `text` use (.use(x)) the name the config gives markdown-it-anchor?"""
    named = re.search(r"""(?:import\s+([\w$]+)\s+from|([\w$]+)\s*=\s*require\s*\()\s*["']markdown-it-anchor["']""", config)
    return bool(named) and re.search(rf"\.use\s*\(\s*{re.escape(named[1] or named[2])}\b", text) is not None


def _setup(site: Path, name: str, config: str, expression: str, depth: int = 0) -> list[tuple[str, str]]:
    """(script, text) of each piece of the site's code that makes the
    library `expression` is: itself, and for each name in it, that name's
    definition in the config (let md = markdownIt(options)), its calls
    (md.set({…}), md.use(…)), or the whole of the site's own script it is
    imported from (mxb's utils/markdown.js)."""
    pieces = [(name, expression)]
    if depth > 3:
        return pieces
    for identifier in dict.fromkeys(_IDENTIFIER.findall(_without_strings(expression))):
        named = re.escape(identifier)
        imported = re.search(rf"""(?:\bimport\s+{named}\s+from\s*|\b{named}\s*=\s*require\s*\(\s*)["'](\.{{1,2}}/[^"']+)["']""", config)
        script = _local_script(site, posixpath.join(posixpath.dirname(name), imported[1])) if imported else None
        if script is not None:
            pieces.append(script)
            continue
        for definition in re.finditer(rf"\b(?:let|const|var)\s+{named}\s*=(?!=)", config):
            pieces += _setup(site, name, config, _expression(config, definition.end()), depth + 1)
        pieces += [(name, _expression(config, call.start())) for call in re.finditer(rf"(?<![\w$.]){named}\s*\.\s*(?:set|use|enable|disable)\s*\(", config)]
    return pieces


def _without_comments(script: str) -> str:
    """The script without its comments ("// posts keep Eleventy's library": no quote opens there), its strings as they are."""
    return _COMMENT_OR_STRING.sub(lambda found: found[0] if found[0][0] in "\"'`" else " ", script)


_COMMENT_OR_STRING = re.compile(r""""(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`|//[^\n]*|/\*.*?\*/""", re.DOTALL)


def _without_strings(text: str) -> str:
    return re.sub(r"""(["'`])(?:\\.|(?!\1).)*\1""", '""', text)


def _expression(text: str, start: int) -> str:
    """The JavaScript expression from `start`: to the first `,`, `)` or `;`
    outside brackets and strings, or a line's end not followed by a line
    going on with `.` (markdownIt(options)⏎  .use(anchor))."""
    depth, quote, index = 0, "", start
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = ""
        elif char in "\"'`":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and (char in ",;" or (char == "\n" and text[index:].lstrip()[:1] != "." and text[start:index].strip())):
            break
        index += 1
    return text[start:index]


def _suggest_markdown(site: Path, library: _Library, report: ImportReport) -> None:
    """The [markdown] settings of a site read as Eleventy read it: markdown-it
    without typographer (its default), and from Eleventy 2.0 on without
    indented code blocks (unless amendLibrary enables them again)."""
    version, said_by = _eleventy_version(site)
    why = {}
    indented_code = library.indented_code if library.indented_code is not None else version is None or version < 2
    if not indented_code:
        why["indented_code"] = f"Eleventy {version} ({said_by}) reads a block indented four spaces as a paragraph, not code"
    if not library.option("typographer"):
        why["smart_punctuation"] = "markdown-it's typographer is off: -- and quotes as written"
    config = next(iter(_config_names(site)), "its config")
    suggest_markdown(MarkdownSettings(smart_punctuation=library.option("typographer"), indented_code=indented_code), why, report,
                     f"Eleventy ({config})")


def _eleventy_version(site: Path) -> tuple[int | None, str]:
    """The major version of Eleventy the site runs, and where that is said:
    package.json's @11ty/eleventy ("^2.0.1"), else the config's name
    (eleventy.config.js is read from Eleventy 2.0 on); None where neither says."""
    try:
        package = json.loads((site / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        package = {}
    for key in ("dependencies", "devDependencies"):
        wanted = package.get(key) if isinstance(package, dict) else None
        spec = wanted.get("@11ty/eleventy") if isinstance(wanted, dict) else None
        found = re.search(r"(?<![\w.-])(\d+)(?:\.|$)", spec) if isinstance(spec, str) else None
        if found:
            return int(found[1]), f"package.json's @11ty/eleventy {spec}"
    config = next((name for name in CONFIG_FILES[1:] if (site / name).is_file()), None)
    return (2, f"{config}, a name it reads from 2.0 on") if config else (None, "")


def holds_config(site: Path) -> bool:
    """Is the folder an Eleventy site by its config, or by its package.json
    that runs Eleventy (which needs no config: eleventy-base-blog's first ones)?"""
    return bool(_config_names(site)) or _eleventy_version(site)[0] is not None


def _config_names(site: Path) -> list[str]:
    """The site's config file, by the names Eleventy looks for, else the one
    its package.json scripts give with --config (lea.verou.me's
    _build/eleventy.js): its path from the site's folder; none where neither is there."""
    found = [name for name in CONFIG_FILES if (site / name).is_file()]
    given = _cli_option(site, "config")
    if not found and given and _local_script(site, given) is not None:
        found = [_local_script(site, given)[0]]
    return found


def _cli_option(site: Path, name: str) -> str | None:
    """The value of the option `--name` that a package.json script runs Eleventy with (--config, --input), if one does."""
    try:
        package = json.loads((site / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    scripts = package.get("scripts") if isinstance(package, dict) else None
    for command in scripts.values() if isinstance(scripts, dict) else ():
        found = re.search(_CLI_OPTION.format(name=re.escape(name)), command) if isinstance(command, str) else None
        if found:
            return found["value"].removeprefix("./")
    return None


def _config_scripts(site: Path) -> Iterator[tuple[str, str]]:
    """The site's config file, and the scripts of its own it requires or
    imports (mxb sets markdown-it up in utils/markdown.js; a path from the
    config's folder): (name, text)."""
    for name in _config_names(site):
        config = (site / name).read_text(encoding="utf-8", errors="replace")
        yield name, config
        for required in dict.fromkeys(_LOCAL_SCRIPT.findall(config)):
            script = _local_script(site, posixpath.join(posixpath.dirname(name), required))
            if script is not None:
                yield script


def _local_script(site: Path, required: str) -> tuple[str, str] | None:
    """(name, text) of the site's own script that `required` ("./utils/markdown") names, if it is there."""
    script = (site / required).resolve()
    for candidate in (script, *(script.with_name(script.name + suffix) for suffix in (".js", ".mjs", ".cjs"))):
        if candidate.is_file() and candidate.is_relative_to(site.resolve()):
            return candidate.relative_to(site.resolve()).as_posix(), candidate.read_text(encoding="utf-8", errors="replace")
    return None


def _passed_through(site: Path, report: ImportReport) -> dict[str, Path]:
    """Site path → the file Eleventy copied there, for each source → output
    pair of an addPassthroughCopy({…}) in the site's config (servo.org's
    {"assets/img": "img"}, its posts' /img/blog/x.png): a folder, a file,
    or a glob whose files keep their path below its folders."""
    served: dict[str, Path] = {}
    for name, config in _config_scripts(site):
        for mapping in _PASSTHROUGH_MAP.finditer(config):
            for pair in _PASSTHROUGH_PAIR.finditer(mapping["pairs"]):
                copied = _copied(site, pair["source"], pair["output"])
                if copied is None:
                    report.changed.append((name, f"addPassthroughCopy copies {pair['source']!r} to {pair['output']!r}, outside "
                                                 "the site's folder: its files are not looked for; copy them into content/"))
                served.update(copied or {})
    return served


def _copied(site: Path, source: str, output: str) -> dict[str, Path] | None:
    """Site path → file for one passthrough pair; None where either path leads out of its folder."""
    source, output = source.strip().removeprefix("./"), output.strip().removeprefix("./").strip("/")
    parts = source.strip("/").split("/")
    glob_at = next((index for index, part in enumerate(parts) if _GLOB.search(part)), len(parts))
    base = site.joinpath(*parts[:glob_at])
    if ".." in parts[:glob_at] or ".." in output.split("/") or not base.resolve().is_relative_to(site.resolve()):
        return None
    if base.is_file():  # a file: copied into the output folder, or as the output file where that has an extension
        return {output if "." in output.rsplit("/", 1)[-1] else posixpath.join(output, base.name).lstrip("/"): base}
    pattern = "/".join(parts[glob_at:])
    served = {}
    for path in sorted(base.rglob("*")) if base.is_dir() else ():
        rel = path.relative_to(base).as_posix()
        if path.is_file() and (not pattern or fnmatch.fnmatchcase(rel, pattern) or fnmatch.fnmatchcase(rel, pattern.replace("**/", ""))):
            served[posixpath.join(output, rel).lstrip("/")] = path
    return served


def _layouts_folder(site: Path, source: Path) -> Path:
    """Where the site's layouts are: dir.layouts, else dir.includes, else _includes, under the input folder."""
    for name in _config_names(site):
        config = (site / name).read_text(encoding="utf-8", errors="replace")
        found = _LAYOUTS.search(config) or _INCLUDES.search(config)
        if found:
            return source / found[1]
    return source / "_includes"


def _input_folder(site: Path, report: ImportReport) -> Path:
    """The folder --input names in a package.json script (it wins over the config), else the config's dir.input, else the site's.
    One outside the site's folder is not read (the import reads the folder it is given), and the report says so."""
    named = [("package.json", "--input", _cli_option(site, "input"))]
    named += [(name, "dir.input", found[1]) for name in _config_names(site)
              if (found := _INPUT.search((site / name).read_text(encoding="utf-8", errors="replace")))]
    for origin, option, given in named:
        if not given or not (site / given).is_dir():
            continue
        if not (site / given).resolve().is_relative_to(site.resolve()):
            # As a Jekyll config's `source:` outside the site is: the import reads the folder it is given.
            report.changed.append((origin, f"its {option} {given} is outside the site's folder: read from the site's own "
                                           "(copy that folder into the site to import it)"))
            return site
        return site / given
    return site


def _ignored(site: Path, source: Path) -> Callable[[str], bool]:
    """Whether Eleventy leaves a file of the input folder (its path there)
    unpublished by the site's .eleventyignore files (the project's and the
    input folder's, each line a glob from its own folder, "dir/" a folder)."""
    patterns: list[str] = []
    for folder in dict.fromkeys((site, source)):
        ignore = folder / ".eleventyignore"
        if ignore.is_file():
            prefix = folder.relative_to(site).as_posix().strip(".")
            for line in ignore.read_text(encoding="utf-8", errors="replace").splitlines():
                line = line.strip().removeprefix("./")
                if line and not line.startswith("#"):
                    pattern = posixpath.join(prefix, line) if prefix else line
                    patterns += [pattern.rstrip("/"), pattern.rstrip("/") + "/**"]  # the file, or the folder and all in it
    above = source.relative_to(site).as_posix().strip(".")

    def ignored(rel: str) -> bool:
        path = posixpath.join(above, rel) if above else rel
        return any(fnmatch.fnmatchcase(path, pattern) for pattern in patterns)
    return ignored


def _markdown_files(source: Path, suffixes: tuple[str, ...], report: ImportReport) -> Iterator[tuple[Path, str]]:
    for path, rel in walk_files(source, is_content_name):
        name = rel.rsplit("/", 1)[-1]
        if name.lower().endswith(".markdown") and ".markdown" not in suffixes:
            report.skipped.append((rel, "a .markdown file, which Eleventy does not read (its Markdown is .md) and so never published"))
        elif name.lower().endswith(suffixes) and not (is_repository_file(name) and not has_front_matter(path)):
            yield Path(path), rel


def _template_files(site: Path, source: Path, report: ImportReport, ignored: Callable[[str], bool]) -> list[tuple[Path, str]]:
    """The templates of the input folder (not its layouts, includes or
    output) that Eleventy publishes and an import reads: .njk, .liquid and
    .html ones with front matter (moderncss.dev's posts/26.njk). Any other
    template it publishes (no front matter, .11ty.js, .hbs…) is named in the report."""
    formats = _template_formats(site)
    apart = [folder.relative_to(source).as_posix() for folder in _apart(site, source) if folder.is_relative_to(source)]
    found = []
    # Folders starting with "_" too (moderncss.dev's _generate/feed.njk): Eleventy publishes what is in them.
    for path, rel in walk_files(source, lambda name, is_dir: is_content_name(name, is_dir) or (is_dir and name.startswith("_"))
                                or name.startswith("_redirects.")):
        name = rel.rsplit("/", 1)[-1].lower()
        suffix = next((suffix for suffix in _TEMPLATE_KINDS if name.endswith(suffix)), None)
        if suffix is None or suffix.lstrip(".") not in formats or ignored(rel) or name in CONFIG_FILES:
            continue
        if any(rel.startswith(folder + "/") for folder in apart if folder != "."):
            continue
        kind = _TEMPLATE_KINDS[suffix]
        if name.startswith("_redirects."):  # the site's Netlify redirects, written by a template (_netlify_redirects_made)
            found.append((Path(path), rel))
            continue
        underscored = next((folder for folder in rel.split("/")[:-1] if not is_content_name(folder, True)), None)
        if underscored:
            report.skipped.append((rel, f"a {kind} template in {underscored}/, a folder whose name starts with _, which newsgen "
                                        "does not publish: not imported"))
        elif suffix not in _READ_TEMPLATES:
            report.skipped.append((rel, f"{_article(kind)} template, which an import does not run: not imported"))
        elif not has_front_matter(path):
            report.skipped.append((rel, f"{_article(kind)} template without front matter, not a post or page of its own: not imported"))
        else:
            found.append((Path(path), rel))
    return found


def _template_formats(site: Path) -> tuple[str, ...]:
    """The template formats Eleventy processes: the site's (its config's templateFormats, a script's --formats), else its defaults."""
    given = _cli_option(site, "formats")
    if given:
        return tuple(part.strip() for part in given.split(","))
    for _, config in _config_scripts(site):
        found = _TEMPLATE_FORMATS.search(_without_comments(config))
        if found:
            return tuple(re.findall(r"[\w.]+", found["formats"]))
    return _DEFAULT_FORMATS


def _apart(site: Path, source: Path) -> list[Path]:
    """The folders of the input folder Eleventy publishes nothing from: its layouts and includes, and where it writes the site."""
    folders = [_layouts_folder(site, source)]
    for name in _config_names(site):
        config = (site / name).read_text(encoding="utf-8", errors="replace")
        folders += [source / found[1] for found in (_INCLUDES.search(config), _LAYOUTS.search(config)) if found]
        folders += [site / found[1] for found in (_OUTPUT.search(config),) if found]
    output = _cli_option(site, "output")
    return [*folders, site / output if output else site / "_site"]


def _markdown_suffixes(site: Path) -> tuple[str, ...]:
    """.md, and .markdown where the site's config makes it Markdown too (a templateFormats entry, an extension added)."""
    configured = any(_MARKDOWN_FORMAT.search(config) for _, config in _config_scripts(site))
    return (".md", ".markdown") if configured else (".md",)


class _DataFiles:
    """Eleventy's folder and template data files, read once each (JSON; JavaScript ones are named in the report)."""

    def __init__(self, source: Path, report: ImportReport, layouts: Path | None = None):
        self.source, self.report = source, report
        self.layouts_folder = layouts or source / "_includes"
        self.read: dict[Path, dict[str, Any]] = {}
        self.scripts: dict[Path, bool] = {}  # a .11tydata.js → whether its text names `permalink`
        self._layouts: dict[str, dict[str, Any] | None] = {}

    def layouts(self, name: object) -> list[dict[str, Any]]:
        """The front matter of the layout `name` and of each layout it is
        put in, the outermost first: in Eleventy's data cascade they come
        below the data files (thepugautomatic.com sets every post's
        permalink in its post layout)."""
        found: list[dict[str, Any]] = []
        seen: set[str] = set()
        while isinstance(name, str) and name and name not in seen:
            seen.add(name)
            front = self._layout(name)
            if front is None:
                break
            found.insert(0, front)
            name = front.get("layout")
        return found

    def _layout(self, name: str) -> dict[str, Any] | None:
        if name not in self._layouts:
            self._layouts[name] = None
            folder = self.layouts_folder
            candidates = [folder / name] + [folder / f"{name}{suffix}" for suffix in LAYOUT_SUFFIXES]
            path = next((c for c in candidates if c.is_file() and c.resolve().is_relative_to(self.source.resolve())), None)
            if path is not None:
                found = split_front_matter(path.read_text(encoding="utf-8-sig", errors="replace"))
                try:
                    front = load_yaml(found[1]) if found and found[0] == "yaml" else None
                except UnreadableFrontMatter:
                    front = None
                self._layouts[name] = front if isinstance(front, dict) else {}
        return self._layouts[name]

    def layers(self, rel: str) -> list[dict[str, Any]]:
        """The data of each file that applies to the post at `rel`, the widest first."""
        parts = rel.split("/")
        found = []
        for depth in range(len(parts)):
            folder = self.source.joinpath(*parts[:depth])
            name = parts[depth - 1] if depth else ""
            if depth:  # a folder's own data files: posts/posts.json, posts/posts.11tydata.json
                found += [self._data(folder / f"{name}{suffix}") for suffix in DATA_SUFFIXES]
                self._said(folder / f"{name}.11tydata.js")
        stem = self.source.joinpath(*parts).with_suffix("")
        found += [self._data(stem.with_name(stem.name + suffix)) for suffix in DATA_SUFFIXES]
        self._said(stem.with_name(stem.name + ".11tydata.js"))
        return [layer for layer in found if layer]

    def computed(self, rel: str) -> bool:
        """May data computed in JavaScript (a .11tydata.js of its folders, or its own) set the permalink of the post at `rel`?
        Only a script that names `permalink` can (18F's posts.11tydata.js); lea.verou.me's blog.11tydata.js computes
        other keys (is_post, wpid) for all 252 posts, which keep the URLs their paths gave them."""
        parts = rel.split("/")
        scripts = [self.source.joinpath(*parts[:depth], f"{parts[depth - 1]}.11tydata.js") for depth in range(1, len(parts))]
        stem = self.source.joinpath(*parts).with_suffix("")
        return any(self._sets_permalink(path) for path in [*scripts, stem.with_name(stem.name + ".11tydata.js")])

    def _sets_permalink(self, script: Path) -> bool:
        if script not in self.scripts:
            text = script.read_text(encoding="utf-8", errors="replace") if script.is_file() else ""
            self.scripts[script] = "permalink" in text
        return self.scripts[script]

    def _data(self, path: Path) -> dict[str, Any]:
        if path not in self.read:
            self.read[path] = {}
            if path.is_file():
                try:
                    text = path.read_text(encoding="utf-8-sig")
                    value = json.loads(text) if path.suffix == ".json" else load_yaml(text)
                except (ValueError, OSError, UnreadableFrontMatter) as exc:
                    self.report.skipped.append((self._rel(path), f"data file not read ({exc}); what it sets is not imported"))
                    value = {}
                self.read[path] = value if isinstance(value, dict) else {}
        return self.read[path]

    def _said(self, path: Path) -> None:
        if path not in self.read and path.is_file():
            self.read[path] = {}
            self.report.changed.append((self._rel(path), "data computed in JavaScript, which an import does not run: what it "
                                                         "sets (permalink, tags, layout) is not imported"))

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.source).as_posix()


def _read(path: Path, rel: str, data_files: _DataFiles, report: ImportReport) -> _Post | None:
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    try:
        found = split_front_matter(text)
        # No front matter: Eleventy publishes it all the same, with its folders' data (11ty-website's docs).
        found = found or ("yaml", "", text, 1)
        if found[0] == "js":  # ---js: its values, as Eleventy's evaluation gives them
            front = {key: value for key, (_, value) in read_js_front_matter(found[1]).items()}
        else:
            front = (load_yaml(found[1]) or {}) if found[0] == "yaml" else json.loads(found[1]) if found[0] == "json" else None  # "---" "---": empty
    except NotData as exc:
        report.skipped.append((rel, f"line {exc.line}: {exc}"))
        return None
    except (UnreadableFrontMatter, ValueError) as exc:
        report.skipped.append((rel, str(exc)))
        return None
    if not isinstance(front, dict):
        report.skipped.append((rel, "front matter that is not keys and values"))
        return None
    layers = data_files.layers(rel)
    data: dict[str, Any] = {}
    for layer in [*layers, front]:
        _merge(data, layer)
    below = data_files.layouts(data.get("layout"))
    if below:
        data = {}
        for layer in [*below, *layers, front]:
            _merge(data, layer)
    collection = {str(tag) for layer in layers for tag in _tags(layer.get("tags"))}
    if "eleventyComputed" in data:
        report.changed.append((rel, "eleventyComputed is computed by Eleventy's templates, which an import does not run: not imported"))
    return _Post(path, rel, front, data, collection, found[2], computed=data_files.computed(rel))


def _redirects_listed(post: _Post, stubs: RedirectStubs) -> bool:
    """Is it a template whose `pagination:` makes a redirect page of each
    `{from, to}` in a list of its own data (`redirects:`, as many sites
    keep their old URLs)? Then each is put in `stubs`, and the template is no page."""
    pagination = post.data.get("pagination")
    listed = post.data.get(pagination.get("data")) if isinstance(pagination, dict) and isinstance(pagination.get("data"), str) else None
    pairs = [(item.get("from"), item.get("to") or item.get("destination")) for item in listed or () if isinstance(item, dict)]
    if not pairs or not all(isinstance(old, str) and isinstance(new, str) for old, new in pairs):
        return False
    for old, new in pairs:
        stubs.add(post.rel, new, [old], how=f"{pagination['data']}: from, to")
    return True


def _netlify_redirects_made(post: _Post, stubs: RedirectStubs, report: ImportReport) -> bool:
    """Is it the template of the site's Netlify `_redirects` file (sass-site's
    _redirects.liquid, `permalink: /_redirects`)? Then its literal rules are
    read as the file's (netlify_rules), its Liquid lines reported, and it is
    no page: newsgen writes its own `_redirects`."""
    if post.old_url != "/_redirects":
        return False
    text = post.path.read_text(encoding="utf-8-sig", errors="replace")
    found = split_front_matter(text)
    netlify_rules(post.body, post.rel, stubs, report, first_line=found[3] if found else 1)
    return True


def _redirect_page(post: _Post, stubs: RedirectStubs, report: ImportReport) -> bool:
    """Is it a page that only sends readers on, `redirect_to:` (or
    `redirectTo:`) for its layout to make a redirect of? Then its URL and
    former URLs are put in `stubs`, to become old URLs of the page it leads
    to, and it is no page of its own: it was an empty story or page."""
    key = next((key for key in _REDIRECT_TO if post.data.get(key)), None)
    if key is None:
        return False
    target = post.data[key]
    target = str(target[0] if isinstance(target, list) and target else target)
    urls = [url for url in [post.old_url, *_former_urls(post.data)] if url]
    if urls:
        stubs.add(post.rel, target, urls, how=key)
    else:
        report.skipped.append((post.rel, f"a redirect ({key}) to {target} from a URL the import cannot work out (see above): "
                                         "add that URL to the `aliases` of the page it leads to"))
    return True


def _former_urls(data: dict[str, Any]) -> list[str]:
    """The URLs a page had before, as its front matter lists them for the
    site's redirect template (jekyll-redirect-from's `redirect_from`, or a
    `formerly:` of the site's own): the site paths among them."""
    return [url for key in _FORMER_URLS for url in split_list(data.get(key)) if isinstance(url, str) and url.startswith("/")]


def _left_out(post: _Post, report: ImportReport) -> bool:
    """Is it a page newsgen makes itself (_made_by_newsgen)? Then it is left out, and said."""
    why = _made_by_newsgen(post)
    if why == _A_FEED:
        why = f"a feed the old site made from a template ({post.old_url}): {left_out_feed(post.old_url, report)}"
    if why:
        report.skipped.append((post.rel, why))
    return bool(why)


_FEED_URLS = (".xml", ".rss", ".atom", ".json")
_A_FEED = "a feed"  # (what _made_by_newsgen says of one, which _left_out says in full)


def _made_by_newsgen(post: _Post) -> str:
    """Why a file of the Eleventy site is a page newsgen makes itself, or
    "" for one to import: the site's "not found" page (permalink: 404.html),
    a story there would collide with newsgen's; its home page (servo.org's
    index.md, its layout's alone), whose URL is newsgen's front page; a
    template Eleventy's `pagination:` makes list pages of (servo.org's
    blog/index.md, a loop over collections.blog); a page its layout alone makes."""
    if post.old_url in ("/404.html", "/404/"):
        return "the site's \"not found\" page: newsgen writes its own 404.html (a site's layouts/404.html changes it)"
    pagination = post.data.get("pagination")
    if pagination:
        over = pagination.get("data") if isinstance(pagination, dict) else None
        return f"a template Eleventy's pagination made pages of{f' ({over})' if isinstance(over, str) else ''}: {MADE_LISTS}"
    if post.old_url == "/":
        return HOME_PAGE
    if post.old_url.lower().endswith(_FEED_URLS):
        # 18F's content/pages/feed/feed.md: a Liquid template of /feed.xml; as a page it broke the build.
        return _A_FEED
    listed = _LISTS_COLLECTIONS.search(post.body) if not post.path.name.lower().endswith((".md", ".markdown")) else None
    made = post.old_url.rsplit("/", 1)[-1]
    if listed is None and "." in made and not made.lower().endswith((".html", ".htm")) and not post.path.name.lower().endswith(".md"):
        return f"a template of {post.old_url}, not a page: not imported"  # moderncss.dev's humanstxt.njk, /humans.txt
    if listed:
        return f"a template listing {listed['over']} (a list page Eleventy made): {MADE_LISTS}"
    if not post.body.strip() and post.data.get("layout"):
        return NO_TEXT.format(kind="post" if post.published else "page", layout=post.data["layout"])
    return ""


def _tags(value: Any) -> list[str]:
    """A `tags` value as Eleventy reads it: a list, or text split at commas
    (TemplateData's getCleanedTagsImmutable), not at spaces as Jekyll does."""
    return [tag.strip() for tag in split_list(value, separators=",") if tag.strip()]


def _merge(into: dict[str, Any], layer: dict[str, Any]) -> None:
    """Eleventy's deep data merge: mappings merged, lists added up, other values replaced."""
    for key, value in layer.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        elif isinstance(value, list) and isinstance(into.get(key), list):
            into[key] = [*into[key], *value]
        elif key == "tags" and key in into:
            into[key] = [*_tags(into[key]), *_tags(value)]
        else:
            into[key] = value


def _on_every_post(posts: list[_Post]) -> set[str]:
    """A tag every post has (lit.dev's blogPosts) names their collection, not a topic; only where there are enough posts to say."""
    if len(posts) < 5:
        return set()
    counts = Counter(tag for post in posts for tag in set(_tags(post.data.get("tags"))))
    return {tag for tag, count in counts.items() if count == len(posts)}


def _date(post: _Post, tz: ZoneInfo, report: ImportReport) -> None:
    """Its date: the one its data gives, else the first one its path has (Eleventy's dates)."""
    written = post.data.get("date")
    if isinstance(written, str) and written.strip().lower() in _FILE_CLOCK:
        report.changed.append((post.rel, f"date: {written} is its file's clock in Eleventy, which no two checkouts share: "
                                         "dated by its file name where it has one, else published as a page; give it a date"))
        written = None
    dated = _PATH_DATE.search(post.rel)
    post.published = as_datetime(written, tz) if written not in (None, "") else None
    post.written_date = written
    if post.published is None and dated:
        post.published, post.written_date = as_datetime(dated[0], tz), dated[0]
    if post.published is None and "date" not in post.data and _in_collections(post):
        # lea.verou.me's blog/2025/user-effort/index.md: in collections.blog, listed and in the feed, by its file's clock.
        report.changed.append((post.rel, "no date: Eleventy dates it by its file's clock (date: Created), which no two checkouts "
                                         "share, and lists it in its collections: published as a page; give it a date"))


def _in_collections(post: _Post) -> bool:
    """Is it in one of Eleventy's collections (a tag its data gives it), where a date orders it?"""
    return bool(_tags(post.data.get("tags"))) and post.data.get("eleventyExcludeFromCollections") is not True


def _name(post: _Post) -> str:
    return post.rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def _without_date(name: str) -> str:
    """A file's or folder's name as page.fileSlug has it: a date before it taken off (2021-01-30-fluid-images → fluid-images)."""
    dated = _SLUG_DATE.search(name)
    return dated["rest"] if dated else name


def _section_folders(post: _Post) -> list[str]:
    """The folders a post is in, its own left out (blog/fourth/index.md's, or blog/fourth/fourth.md's)."""
    folders, stem = post.rel.split("/")[:-1], _without_date(_name(post))
    return folders[:-1] if folders and stem in ("index", folders[-1]) else folders


def _wrapping_folders(posts: list[_Post]) -> int:
    """How many folders every dated post is in before the one naming its
    section: with input ".", 18F's posts are all in content/posts/, whose
    first folder names no section. The last folder they share stays (a
    site whose posts are all in posts/ has them in a section "posts")."""
    dated = [_section_folders(post) for post in posts if post.published]
    if not dated:
        return 0
    shared = 0
    while all(len(folders) > shared + 1 and folders[shared] == dated[0][shared] for folders in dated):
        shared += 1
    return shared


def _place(post: _Post, report: ImportReport, own_filters: _SiteFilters, wrapping: int) -> None:
    """Its target under content/ and the URL Eleventy gave it (`own_filters`:
    those the site adds, which an import cannot run; `wrapping`: how many
    folders every dated post is in before its section's)."""
    stem = _without_date(_name(post))
    folders = post.rel.split("/")[:-1]
    # An index is named by its folder, its date taken off too (TemplateFileSlug.getSlug).
    file_slug = post.file_slug = (_without_date(folders[-1]) if folders else "") if stem == "index" else stem
    post.old_url = _old_url(post, file_slug, report, own_filters)
    slug = slugify(str(post.data.get("slug") or file_slug or post.data.get("title") or "post"))
    if post.published:
        # The folder after those every post is in, else the nearest of those, where it is not a year's (posts/2021/).
        placed_in = _section_folders(post)
        section = next((folder for folder in (*placed_in[wrapping:wrapping + 1], *reversed(placed_in[:wrapping]))
                        if not folder.isdigit()), "posts")
        post.target = f"{slugify(section)}/{post.published:%Y-%m-%d}-{slug}.md"
    elif post.old_url:
        # Undated: a page at the URL Eleventy gave it (18F's content/pages/about.md, permalink /about/), as the Jekyll import places one.
        parts = [part for part in post.old_url.split("/") if part]
        if parts and parts[-1].lower() in ("index.html", "index.htm"):
            parts.pop()
        base = slugify(parts[-1].rsplit(".", 1)[0]) if parts else slug
        post.target = "/".join(["pages", *(slugify(part) for part in parts[:-1]), f"{base}.md"])
    else:
        # No URL known: a page at its path (install.md at /install/, docs/modules/string.md
        # apart from docs/operators/string.md); an index, or a file named as its folder, is the folder's.
        post.target = "/".join(["pages", *(slugify(folder) for folder in _section_folders(post)), f"{slug}.md"])


def _old_url(post: _Post, file_slug: str, report: ImportReport, own_filters: _SiteFilters) -> str:
    """The site path Eleventy wrote the post at: its permalink, or its file's path."""
    path_stem = "/" + post.rel.rsplit(".", 1)[0]
    permalink = post.data.get("permalink")
    if permalink is False:
        return ""
    if isinstance(permalink, str) and permalink.strip():
        page = {"page.fileSlug": file_slug, "page.filePathStem": path_stem, "page.date": post.published}
        made = _filled_in(permalink.strip(), post.data, page, own_filters)
        if made is None:
            used = [name for name in dict.fromkeys(re.findall(r"\|\s*([\w-]+)", permalink)) if name in own_filters.names]
            whose = "".join(f" ({name} is the site's own filter, added in {own_filters.added_in[name]}, code an import does not run)"
                            for name in used if name in own_filters.added_in)
            report.changed.append((post.rel, f"its permalink {permalink!r} needs Eleventy's templates to be worked out{whose}: "
                                             "its old URL is not known, and it has no alias: where it is imported, give it `aliases:` "
                                             "with its old URL, so that links to it keep working"))
            return ""
        url = "/" + made.lstrip("/")
    elif post.computed:
        # 18F's posts.11tydata.js sets every post's permalink: the file's path was never its URL.
        report.changed.append((post.rel, "its permalink may be set in JavaScript data (.11tydata.js), which an import does not run: "
                                         "its old URL is not known, and it has no alias"))
        return ""
    else:
        folder, _, stem = path_stem.rpartition("/")
        # index.md, and a file named as its folder (blog/fourth/fourth.md), are the folder's page.
        url = folder + "/" if stem == "index" or (folder and stem == folder.rsplit("/", 1)[-1]) else path_stem + "/"
    return url.removesuffix("index.html")


def _filled_in(template: str, data: dict[str, Any], page: dict[str, Any], own_filters: _SiteFilters) -> str | None:
    """A permalink with its {{ … }} filled in, where each is a page value or a
    key of the post's data, through the filters slugify, slug, url and date
    (page.date, the post's date, as LiquidJS's strftime writes it); None
    where anything else (a tag, a filter of the site's own) would need Eleventy."""
    if "{%" in template:
        return None
    failed = False

    def value(match: re.Match) -> str:
        nonlocal failed
        name, *filters = [part.strip() for part in match["expression"].split("|")]
        found = page.get(name) if name in page else data.get(name.removeprefix("page.")) if not name.startswith(("'", '"')) else name[1:-1]
        if name == "page":  # the page itself, given to a filter (`page | getBlogSlug`): the values of it the import knows
            found = {key.removeprefix("page."): known for key, known in page.items()}
        for applied in filters:
            found = _filtered(found, applied, own_filters)
        if not isinstance(found, (str, int)) or isinstance(found, bool):
            failed = True
            return ""
        return str(found)

    made = _EXPRESSION.sub(value, template)
    return None if failed else made


def _filtered(value: object, applied: str, own_filters: _SiteFilters) -> object:
    """`value` through the filter `applied` (with its arguments), as Eleventy's
    Liquid and Nunjucks apply it, a filter of the site's own the import
    works out too; None for one only the site's code knows."""
    name = re.split(r"[:(\s]", applied, maxsplit=1)[0]
    if "*" in own_filters.names:
        return None
    if name in own_filters.worked_out and name == applied.strip():
        return own_filters.worked_out[name](value)
    if name in own_filters.names:
        return None
    if name == "slug" and isinstance(value, (str, int)) and not isinstance(value, bool):
        return _slug(str(value))
    if name == "slugify" and isinstance(value, (str, int)) and not isinstance(value, bool):
        return slugify(str(value).replace("'", "").replace("’", ""))
    if name == "url":
        return value
    dated = _DATE_FILTER.fullmatch(applied)
    if dated and isinstance(value, datetime):
        return _strftime(value, dated["format"])
    return None


def _slug(text: str) -> str:
    """Eleventy's `slug` filter: the slugify package with {replacement: "-", lower: true}
    (not the `slugify` filter's @sindresorhus/slugify): its charMap, then all but
    letters, digits, whitespace and $*_+~.()'"!-:@ removed, a hyphen read as a
    space, spaces made hyphens. "Flexbox vs. Grid: Equal" → "flexbox-vs.-grid:-equal"."""
    made = []
    for ch in unicodedata.normalize("NFC", text):
        mapped = _SLUG_CHARS.get(ch)
        if mapped is None:
            folded = "".join(part for part in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(part))
            mapped = folded if folded.isascii() and folded.isalpha() and not ch.isascii() else ch
        made.append(_SLUG_REMOVE.sub("", " " if mapped == "-" else mapped))
    return re.sub(r"\s+", "-", "".join(made).strip()).lower()


def _strftime(moment: datetime, format: str) -> str | None:
    """`moment` as LiquidJS's date filter writes it (servo.org's '%Y/%m/%d'),
    flags too (%-d: unpadded); None for a directive no URL is made of (%a, %Z…)."""
    failed = False

    def part(match: re.Match) -> str:
        nonlocal failed
        code, flags = match["code"], match["flags"]
        if code == "%":
            return "%"
        if code not in _DATE_PARTS:
            failed = True
            return ""
        text = str(_DATE_PARTS[code](moment))
        width = 0 if "-" in flags else int(match["width"] or _PADDED.get(code, 0))
        fill = " " if "_" in flags or (code == "e" and "0" not in flags) else "0"
        text = text.rjust(width, fill)
        return text.upper() if "^" in flags else text

    made = _STRFTIME.sub(part, format)
    return None if failed else made


def _title(post: _Post, report: ImportReport) -> str:
    """Its `title`; Eleventy has no such key of its own, and a site's layouts
    may show another (11ty-website's blog shows `newstitle`): one named
    "…title" is taken, and said; else its file's name, and said."""
    if post.data.get("title"):
        return str(post.data["title"])
    for key, value in post.front.items():
        if str(key).lower().endswith("title") and isinstance(value, str) and value.strip():
            report.changed.append((post.rel, f"no title: titled by its {key}: {value.strip()[:60]!r}"))
            return value.strip()
    made = post.file_slug.replace("-", " ").capitalize() or "Untitled"
    report.changed.append((post.rel, f"no title: titled {made!r} by its file's name; give it a title"))
    return made


def _imported(post: _Post, links: LinkResolver, report: ImportReport, everywhere: set[str], markdown: _Markdown) -> ImportedFile:
    data = post.data
    mapped, extra, withheld = map_front_matter({k: v for k, v in data.items() if k in post.front}, ARTICLE_KEYS, report, _CONSUMED)
    front: dict[str, Any] = {"title": _title(post, report)}
    if post.published:
        front["date"] = date_text(post.written_date, post.published)
    tags = [tag for tag in dict.fromkeys(_tags(data.get("tags"))) if tag not in post.collection_tags and tag not in everywhere]
    left = [tag for tag in _tags(data.get("tags")) if tag in post.collection_tags or tag in everywhere]
    if left:
        report.changed.append((post.rel, f"tags {', '.join(sorted(set(left)))}: an Eleventy collection, not a topic; left out"))
    if tags:
        front["tags"] = tags
    for key, value in mapped.items():  # every newsgen key the post gives (a11yproject's `category`, `featured`)
        if key not in _SET_HERE and value not in (None, "", []):
            front[key] = value if not isinstance(value, datetime) else value.isoformat()
    if mapped.get("image") and not put_lead_image(front, mapped["image"]):
        extra.setdefault("image", mapped["image"])
    if withheld or data.get("draft") is True or data.get("permalink") is False:
        front["draft"] = True
    if data.get("eleventyExcludeFromCollections") is True:
        front["eleventyExcludeFromCollections"] = True  # read by the build: a page in no list
    aliases = [url for url in [post.old_url, *_former_urls(data)] if url]
    if aliases:
        front["aliases"] = list(dict.fromkeys(aliases))
    for key in _FORMER_URLS:
        if key in extra and _former_urls({key: extra[key]}):
            del extra[key]  # its old URLs, above: mapped, not kept
            report.keys_kept[key] -= 1
            report.keys_kept += Counter()  # (a count down to 0 is no key kept)
            report.keys_mapped[f"{key} → aliases"] += 1
    if extra:
        front["extra"] = extra
    body = commonmark_html_blocks(markdown_it_containers(post.body, report) if markdown.containers else post.body, report)
    body = _sub_outside_code(_EXPRESSION, lambda match: _own_value(match, post.front), body)
    body = convert_markup(body, flavour="jekyll", links=links, report=report, origin=post.rel, page=post.front, site={})
    # Its files where the old site served them, their paths in the input folder (lea.verou.me's posts each have an images/image.png).
    body = files_at_site_paths(body, post.rel, links)
    if isinstance(front.get("image"), str):
        front["image"] = site_path_of_file(front["image"], post.rel, links) or front["image"]
    # lea.verou.me's blog/2023/affordances/index.md links ../going-lean/ from its URL, /blog/2023/affordances/, as browsers read it.
    body = rooted_page_links(body, post.old_url, links, post.rel)
    body = relink_source_paths(relink_old_urls(body, post.rel, links), post.rel, links)
    if markdown.linkify:
        body = markdown_it_linkify(body, report)
    assets = collect_assets(body, links, post.rel, report, front.get("image", ""))
    # Eleventy copies v8.dev's _img/ through; newsgen publishes no folder whose name starts with "_": it arrives as img/.
    for folder in sorted({rel.split("/", 1)[0] for _, rel in assets if rel.startswith("_") and "/" in rel}):
        body = re.sub(rf"(?<=[\s(\"'=])/{re.escape(folder)}/", f"/{folder.lstrip('_')}/", body)  # site paths, not another site's
        if isinstance(front.get("image"), str):
            front["image"] = front["image"].replace(f"/{folder}/", f"/{folder.lstrip('_')}/")
        report.changed.append((post.rel, f"its files in {folder}/ arrive in {folder.lstrip('_')}/, as newsgen publishes no _ folder"))
    assets = [(path, rel.lstrip("_") if rel.startswith("_") and "/" in rel else rel) for path, rel in assets]
    kind = "draft" if front.get("draft") else "story" if post.published else "page"
    suffix = next((suffix for suffix in _READ_TEMPLATES if post.rel.lower().endswith(suffix)), None)
    if suffix:
        report.changed.append((post.rel, f"{_article(_TEMPLATE_KINDS[suffix])} template: its front matter and text imported as a {kind}, "
                                         "its template syntax left as written"))
    return ImportedFile(post.target, front, body, post.rel, kind, assets)


def _own_value(match: re.Match, front: dict[str, Any]) -> str:
    """`{{ key }}` of the post's own front matter, as Eleventy fills it in; anything else as written."""
    name = match["expression"].strip()
    value = front.get(name)
    return str(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else match[0]
