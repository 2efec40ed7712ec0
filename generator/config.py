"""site.toml → SiteConfig: typed, validated once, frozen.

Every problem is reported by key (with its line where it can be found), all
at once; an unknown key is an error with a did-you-mean, because a misspelt
option that is silently ignored costs a newsroom hours.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .errors import ConfigError, Diagnostic, error
from .frozendict import FrozenDict
from .sitepaths import is_safe_link
from .slugs import slugify

CONFIG_NAME = "site.toml"
LEDGER_FILE = "urls.toml"  # the URL ledger beside it (redirects.py), an input of every build
DEFAULT_PERMALINK = "/{section}/{year}/{month}/{day}/{slug}/"
PERMALINK_FIELDS = {"section", "year", "month", "day", "slug"}
LINK_STYLES = ("directory", "index")
# How a list's pages are numbered (plan.list_pages): from its oldest story, so
# that a page once full never changes ("stable"), or from its newest, as
# Hugo, Jekyll and WordPress do ("newest-first": every page shifts with each story).
PAGE_NUMBERINGS = ("stable", "newest-first")


# Where old URLs are answered (redirects.py): _redirects (Netlify, Cloudflare
# Pages), an nginx map, Apache .htaccess, HTML pages with a meta refresh.
REDIRECT_FORMATS = ("netlify", "nginx", "apache", "html")


@dataclass(frozen=True)
class SectionConfig:
    slug: str
    title: str
    order: int


@dataclass(frozen=True)
class AuthorConfig:
    name: str
    slug: str
    bio: str = ""
    role: str = ""
    links: tuple[tuple[str, str], ...] = ()  # (label, url), in the order given


@dataclass(frozen=True)
class PublisherConfig:
    name: str
    logo: str = ""
    # The social card and structured-data image of pages and stories without their own.
    image: str = ""


@dataclass(frozen=True)
class ImageSettings:
    """[images] in site.toml: what the image stage (images.py) makes of each photo."""

    # Widths written of each raster image, never wider than the image itself.
    widths: tuple[int, ...] = (480, 800, 1200, 1600, 2400)
    webp: bool = True  # a WebP of each width beside the original format
    quality: int = 82  # JPEG and WebP quality, 1–95


# How a heading's id is made (markdown.py): as GitHub, Hugo and kramdown's GFM
# make it (news--blog-posts, rust-1), or as Python-Markdown's toc extension,
# Pelican's, makes it (news-blog-posts, rust_1), or as Hugo did with goldmark
# ("hugo") or, before 0.60, Blackfriday: the old site's #anchor links land.
HEADING_ID_STYLES = ("github", "python-markdown", "hugo", "blackfriday")
# The Markdown the stories were written for, where the two read alike-looking
# text apart (markdown.py): CommonMark's, as GitHub, Hugo's goldmark, Jekyll's
# kramdown (GFM) and Eleventy's markdown-it read it, or Python-Markdown's, as
# Pelican read it, so that an old Pelican story shows as it did.
MARKDOWN_SYNTAXES = ("commonmark", "python-markdown")


@dataclass(frozen=True)
class MarkdownSettings:
    """[markdown] in site.toml: how stories' Markdown reads, where the
    generator a site comes from read it otherwise (the import suggests them)."""

    heading_ids: str = "github"  # HEADING_ID_STYLES
    # "--" an en dash, straight quotes curly, << >> guillemets: Hugo's and
    # kramdown's way; Pelican's and Eleventy's Markdown leave them as written.
    smart_punctuation: bool = True
    # A block indented four spaces is code; Eleventy 2 and later read it as a paragraph.
    indented_code: bool = True
    syntax: str = "commonmark"  # MARKDOWN_SYNTAXES


@dataclass(frozen=True)
class SearchSettings:
    """`search` in site.toml: false turns the search index and page off; a
    [search] table with `sections` indexes only those sections' stories."""

    enabled: bool = True
    sections: tuple[str, ...] = ()  # section slugs; () for every section

    def indexes(self, section: str) -> bool:
        return self.enabled and (not self.sections or section in self.sections)


@dataclass(frozen=True)
class EditionConfig:
    """[languages.<code>] in site.toml: an edition of the site in another
    language, with its own front page, lists, feeds and sitemaps under `path`."""

    language: str  # BCP 47: its stories are those whose `lang` is this or a variant of it ("fr" takes "fr-CA")
    title: str
    tagline: str = ""
    path: str = ""  # where it lives in the site: "/fr/"
    timezone: ZoneInfo | None = None  # None: the site's
    section_titles: tuple[tuple[str, str], ...] = ()  # (slug, title in this language)

    def takes(self, language: str) -> bool:
        code, tag = self.language.lower(), language.lower()
        return tag == code or tag.startswith(code + "-")


@dataclass(frozen=True)
class SiteConfig:
    root: Path
    title: str
    base_url: str  # always ends with "/"
    tagline: str = ""
    language: str = "en"
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    sections: tuple[SectionConfig, ...] = ()
    page_size: int = 10
    page_numbering: str = "stable"  # PAGE_NUMBERINGS
    permalink: str = DEFAULT_PERMALINK
    publisher: PublisherConfig = PublisherConfig(name="")
    authors: tuple[AuthorConfig, ...] = ()
    # "directory" links end in "/" (for web hosts); "index" links end in
    # "index.html", so that the output also works opened straight from disk.
    link_style: str = "directory"
    output_dir: Path = Path("output")
    # Sanitize story bodies with an allow-list (scripts, event handlers and
    # javascript:/vbscript:/data: URLs go); off, the body is the writer's own HTML.
    safe_html: bool = False
    feed_limit: int = 50  # items per feed
    robots_disallow: tuple[str, ...] = ()  # paths robots.txt asks crawlers to skip
    # How large a preview of a page's images search engines may show
    # (Google Discover shows only thumbnails without "large").
    image_preview: str = "large"
    redirect_formats: tuple[str, ...] = REDIRECT_FORMATS
    images: ImageSettings = ImageSettings()
    extra: Mapping[str, Any] = field(default_factory=FrozenDict)
    editions: tuple[EditionConfig, ...] = ()  # the site in other languages than `language`
    search: SearchSettings = SearchSettings()
    markdown: MarkdownSettings = MarkdownSettings()
    # Where this edition lives in the site: "/" for the site's own language,
    # else its [languages] path. The same site seen from another edition is
    # this config with that edition's title, language and path (in_edition).
    edition_path: str = "/"

    @property
    def base_path(self) -> str:
        """The path part of base_url: "/" or e.g. "/tribune/"."""
        return urlsplit(self.base_url).path or "/"

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def layouts_dir(self) -> Path:
        return self.root / "layouts"

    @property
    def static_dir(self) -> Path:
        return self.root / "static"

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def ledger_path(self) -> Path:
        return self.root / LEDGER_FILE

    def edition_of(self, language: str) -> EditionConfig | None:
        """The edition a story in `language` belongs to (the most specific
        that takes it); None for the site's own."""
        found = [e for e in self.editions if language and e.takes(language)]
        return max(found, key=lambda e: len(e.language), default=None)

    def in_edition(self, edition: EditionConfig | None) -> "SiteConfig":
        """The site as `edition` shows it: its title, tagline, language, time
        zone, path and section titles (the site's own for None)."""
        if edition is None:
            return self
        titles = dict(edition.section_titles)
        sections = tuple(replace(s, title=titles.pop(s.slug, s.title)) for s in self.sections)
        sections += tuple(SectionConfig(slug, title, 10_000) for slug, title in titles.items())
        return replace(self, title=edition.title, tagline=edition.tagline, language=edition.language,
                       timezone=edition.timezone or self.timezone, sections=sections, edition_path=edition.path)

    def section(self, slug: str) -> SectionConfig:
        for section in self.sections:
            if section.slug == slug:
                return section
        # A content folder that is not listed is still a section.
        return SectionConfig(slug=slug, title=title_of_folder(slug), order=10_000)


def title_of_folder(slug: str) -> str:
    """The title of a section that names none: its folder's, "world-news" → "World News"."""
    return slug.replace("-", " ").replace("_", " ").title()


TOP_LEVEL_KEYS = {
    "title", "tagline", "base_url", "language", "timezone", "sections", "page_size", "page_numbering",
    "permalink", "publisher", "authors", "link_style", "output_dir", "feeds", "robots", "safe_html", "redirects", "images", "extra",
    "languages", "search", "markdown",
}
SEARCH_KEYS = {"sections"}
EDITION_KEYS = {"title", "tagline", "path", "timezone", "sections"}
FEEDS_KEYS = {"limit"}
ROBOTS_KEYS = {"disallow", "image_preview"}
IMAGES_KEYS = {"widths", "webp", "quality"}
MARKDOWN_KEYS = {"heading_ids", "smart_punctuation", "indented_code", "syntax"}
IMAGE_PREVIEWS = ("large", "standard", "none")
SECTION_KEYS = {"title", "order"}
PUBLISHER_KEYS = {"name", "logo", "image"}
# Other generators' names for site.toml's keys, which a spelling match would
# not find ("description" is nearer "sections" than "tagline").
MEANT = {
    "description": "tagline", "subtitle": "tagline", "categories": "sections", "category": "sections",
    "baseurl": "base_url", "url": "base_url", "lang": "language", "languagecode": "language", "locale": "language",
    "paginate": "page_size", "per_page": "page_size", "pagination": "page_size", "timezone_name": "timezone",
    "time_zone": "timezone", "permalinks": "permalink", "author": "publisher", "params": "extra", "destination": "output_dir",
    "publishdir": "output_dir", "markup": "markdown", "typographer": "smart_punctuation", "smarty": "smart_punctuation",
    "typogrify": "smart_punctuation", "auto_ids": "heading_ids", "autoheadingidtype": "heading_ids", "dialect": "syntax",
    "flavor": "syntax",
}
# The configuration files of the generators a site may come from, and how to bring it over.
OTHER_GENERATORS = (
    ("hugo.toml", "Hugo", "hugo"), ("hugo.yaml", "Hugo", "hugo"), ("config.toml", "Hugo", "hugo"),
    ("config.yaml", "Hugo", "hugo"), ("_config.yml", "Jekyll", "jekyll"), ("pelicanconf.py", "Pelican", "pelican"),
    ("eleventy.config.js", "Eleventy", "eleventy"), (".eleventy.js", "Eleventy", "eleventy"),
    ("eleventy.config.mjs", "Eleventy", "eleventy"), ("eleventy.config.cjs", "Eleventy", "eleventy"),
    ("config/_default/", "Hugo", "hugo"),  # a folder: Hugo's config split into files
)
AUTHOR_KEYS = {"slug", "bio", "role", "links"}


class _Checker:
    """Collects problems with their keys and, where it can, their lines."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.lines = text.splitlines()
        self.problems: list[Diagnostic] = []

    def line_of(self, dotted: str) -> int | None:
        last = dotted.rsplit(".", 1)[-1]
        pattern = re.compile(rf'^\s*(?:"{re.escape(last)}"|{re.escape(last)})\s*=')
        header = re.compile(rf'^\s*\[+\s*{re.escape(dotted)}\s*[\].]')  # [table] or [table.sub]
        for number, line in enumerate(self.lines, start=1):
            if pattern.match(line) or header.match(line):
                return number
        return None

    def fail(self, dotted: str, message: str) -> None:
        self.problems.append(error(self.path.name, self.line_of(dotted), f"{dotted}: {message}"))

    def unknown_keys(self, table: Mapping[str, Any], allowed: set[str], prefix: str = "") -> None:
        for key in sorted(set(table) - allowed):
            meant = MEANT.get(key.lower())
            hint = [meant] if meant in allowed else difflib.get_close_matches(key, sorted(allowed), n=1)
            advice = f"did you mean {hint[0]!r}?" if hint else f"known keys: {', '.join(sorted(allowed))}"
            self.fail(prefix + key, f"unknown key; {advice} (put a site's own values under [extra])")

    def take(self, table: Mapping[str, Any], key: str, kind: type, default: Any, prefix: str = "") -> Any:
        if key not in table:
            return default
        value = table[key]
        # bool is an int in Python; a page_size of `true` is still a mistake.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.fail(prefix + key, f"must be {_kind_name(kind)}, not {type(value).__name__} {value!r}")
            return default
        return value


def _kind_name(kind: type) -> str:
    return {str: "text", int: "a whole number", dict: "a table", bool: "true or false", list: "a list"}.get(kind, kind.__name__)


def _site_path_or_url(check: "_Checker", table: dict, key: str, example: str) -> str:
    value = check.take(table, key, str, "", "publisher.")
    if value and not (value.startswith("/") or re.match(r"https?://", value)):
        check.fail(f"publisher.{key}", f"must be a site path such as {example} or an http(s) URL")
        return ""
    return value


def _images(check: "_Checker", table: Mapping[str, Any]) -> ImageSettings:
    check.unknown_keys(table, IMAGES_KEYS, "images.")
    default = ImageSettings()
    widths = check.take(table, "widths", list, list(default.widths), "images.")
    if not widths or not all(isinstance(w, int) and not isinstance(w, bool) and 16 <= w <= 8192 for w in widths):
        check.fail("images.widths", "must be a list of widths in pixels between 16 and 8192, e.g. [480, 800, 1200, 1600, 2400]")
        widths = list(default.widths)
    quality = check.take(table, "quality", int, default.quality, "images.")
    if not 1 <= quality <= 95:
        check.fail("images.quality", "must be between 1 and 95 (82 is a good default for photos)")
        quality = default.quality
    return ImageSettings(widths=tuple(sorted(set(widths))), webp=check.take(table, "webp", bool, True, "images."), quality=quality)


def _markdown(check: "_Checker", table: Mapping[str, Any]) -> MarkdownSettings:
    check.unknown_keys(table, MARKDOWN_KEYS, "markdown.")
    default = MarkdownSettings()
    heading_ids = check.take(table, "heading_ids", str, default.heading_ids, "markdown.")
    if heading_ids not in HEADING_ID_STYLES:
        check.fail("markdown.heading_ids", f"{heading_ids!r} is not a style of heading ids; use one of "
                                           f"{', '.join(HEADING_ID_STYLES)} (python-markdown: Pelican's, with its toc extension)")
        heading_ids = default.heading_ids
    syntax = check.take(table, "syntax", str, default.syntax, "markdown.")
    if syntax not in MARKDOWN_SYNTAXES:
        check.fail("markdown.syntax", f"{syntax!r} is not a Markdown syntax newsgen reads; use one of "
                                      f"{', '.join(MARKDOWN_SYNTAXES)} (python-markdown: Pelican's)")
        syntax = default.syntax
    return MarkdownSettings(
        heading_ids=heading_ids,
        smart_punctuation=check.take(table, "smart_punctuation", bool, default.smart_punctuation, "markdown."),
        indented_code=check.take(table, "indented_code", bool, default.indented_code, "markdown."),
        syntax=syntax,
    )


def load_config(site_dir: Path, *, output_dir: Path | None = None) -> SiteConfig:
    """Read and validate `site_dir/site.toml`. Raises ConfigError listing every problem."""
    root = site_dir.resolve()
    path = root / CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError([error(path, None, f"no site.toml here; {_other_generator(root)}")]) from None
    except UnicodeDecodeError as exc:
        raise ConfigError([error(CONFIG_NAME, None, f"not UTF-8 text ({exc.reason})")]) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([error(CONFIG_NAME, toml_error_line(exc), f"not valid TOML: {exc}")]) from None
    except RecursionError:  # tomllib reads nested arrays and tables by recursion
        raise ConfigError([error(CONFIG_NAME, None, "nested too deeply to read (arrays or tables inside each other "
                                                    "hundreds of times); flatten it")]) from None

    check = _Checker(path, text)
    check.unknown_keys(raw, TOP_LEVEL_KEYS)

    title = check.take(raw, "title", str, "")
    if not title.strip():
        check.fail("title", "the site needs a title")
    base_url = _base_url(check, check.take(raw, "base_url", str, ""))
    timezone = _timezone(check, check.take(raw, "timezone", str, "UTC"))
    page_size = check.take(raw, "page_size", int, 10)
    if page_size < 1:
        check.fail("page_size", "must be at least 1")
        page_size = 10
    page_numbering = check.take(raw, "page_numbering", str, "stable")
    if page_numbering not in PAGE_NUMBERINGS:
        check.fail("page_numbering", f"must be one of {', '.join(PAGE_NUMBERINGS)}")
        page_numbering = "stable"
    permalink = _permalink(check, check.take(raw, "permalink", str, DEFAULT_PERMALINK))
    link_style = check.take(raw, "link_style", str, "directory")
    if link_style not in LINK_STYLES:
        check.fail("link_style", f"must be one of {', '.join(LINK_STYLES)}")
        link_style = "directory"

    feeds_table = check.take(raw, "feeds", dict, {})
    check.unknown_keys(feeds_table, FEEDS_KEYS, "feeds.")
    feed_limit = check.take(feeds_table, "limit", int, 50, "feeds.")
    if feed_limit < 1:
        check.fail("feeds.limit", "must be at least 1")
        feed_limit = 50
    robots_table = check.take(raw, "robots", dict, {})
    check.unknown_keys(robots_table, ROBOTS_KEYS, "robots.")
    disallow = check.take(robots_table, "disallow", list, [], "robots.")
    if not all(isinstance(p, str) and p.startswith("/") and "\n" not in p for p in disallow):
        check.fail("robots.disallow", "must be a list of paths starting with '/', e.g. [\"/drafts/\"]")
        disallow = []

    redirect_formats = check.take(raw, "redirects", list, list(REDIRECT_FORMATS))
    if not all(f in REDIRECT_FORMATS for f in redirect_formats):
        check.fail("redirects", f"must list some of {', '.join(REDIRECT_FORMATS)} (or be [] for none)")
        redirect_formats = list(REDIRECT_FORMATS)

    image_preview = check.take(robots_table, "image_preview", str, "large", "robots.")
    if image_preview not in IMAGE_PREVIEWS:
        check.fail("robots.image_preview", f"must be one of {', '.join(IMAGE_PREVIEWS)}")
        image_preview = "large"

    images = _images(check, check.take(raw, "images", dict, {}))
    markdown = _markdown(check, check.take(raw, "markdown", dict, {}))

    publisher_table = check.take(raw, "publisher", dict, {})
    check.unknown_keys(publisher_table, PUBLISHER_KEYS, "publisher.")
    publisher = PublisherConfig(
        name=check.take(publisher_table, "name", str, title, "publisher.") or title,
        logo=_site_path_or_url(check, publisher_table, "logo", "/static/logo.png"),
        image=_site_path_or_url(check, publisher_table, "image", "/static/default-card.jpg"),
    )

    config = SiteConfig(
        root=root,
        title=title,
        base_url=base_url,
        tagline=check.take(raw, "tagline", str, ""),
        language=_language(check, check.take(raw, "language", str, "en") or "en"),
        timezone=timezone,
        sections=_sections(check, check.take(raw, "sections", dict, {})),
        page_size=page_size,
        page_numbering=page_numbering,
        permalink=permalink,
        publisher=publisher,
        authors=_authors(check, check.take(raw, "authors", dict, {})),
        link_style=link_style,
        output_dir=_output_dir(check, root, output_dir, check.take(raw, "output_dir", str, "output")),
        safe_html=check.take(raw, "safe_html", bool, False),
        feed_limit=feed_limit,
        robots_disallow=tuple(disallow),
        image_preview=image_preview,
        redirect_formats=tuple(dict.fromkeys(redirect_formats)),
        images=images,
        markdown=markdown,
        extra=FrozenDict(check.take(raw, "extra", dict, {})),
    )
    config = replace(config, editions=_editions(check, check.take(raw, "languages", dict, {}), config), search=_search(check, raw.get("search", True)))
    if check.problems:
        raise ConfigError(check.problems)
    return config


def toml_error_line(exc: tomllib.TOMLDecodeError) -> int | None:
    """The line tomllib's message names, if it names one."""
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else None


def _base_url(check: _Checker, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        check.fail("base_url", "must be an absolute http(s) URL such as https://example.org/ (feeds and sitemaps need it)")
        return "https://example.invalid/"
    if parts.query or parts.fragment:
        check.fail("base_url", "must not carry a query or fragment")
    return value if value.endswith("/") else value + "/"


# A BCP 47 language tag as sites write them: language, then script, region
# and variants ("en", "pt-BR", "sr-Latn-RS", "de-CH-1996"); "_" is taken for "-".
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|\d{3}))?(-(?:[A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*")


def language_tag(written: str) -> str | None:
    """The tag written as a BCP 47 language tag ("pt_BR" → "pt-BR"); None if it is not one."""
    tag = written.strip().replace("_", "-")
    return tag if _LANGUAGE_TAG.fullmatch(tag) else None


def _language(check: "_Checker", written: str) -> str:
    tag = language_tag(written)
    if tag is None:
        check.fail("language", f"{written!r} is not a language tag; write one such as en, de, fr-CA or pt-BR (BCP 47)")
        return "en"
    return tag


def _search(check: "_Checker", value: Any) -> SearchSettings:
    """`search = false`, or a [search] table naming the sections to index."""
    if isinstance(value, bool):
        return SearchSettings(enabled=value)
    if not isinstance(value, dict):
        check.fail("search", "must be true, false, or a [search] table with sections = [...]")
        return SearchSettings()
    check.unknown_keys(value, SEARCH_KEYS, "search.")
    sections = check.take(value, "sections", list, [], "search.")
    if not all(isinstance(s, str) and s for s in sections):
        check.fail("search.sections", 'must be a list of section slugs, e.g. ["world", "politics"]')
        sections = []
    return SearchSettings(sections=tuple(sections))


# A path an edition may live under: one or more plain segments.
_EDITION_PATH = re.compile(r"(/[A-Za-z0-9][A-Za-z0-9._-]*)+/")


def _editions(check: "_Checker", table: Mapping[str, Any], config: SiteConfig) -> tuple[EditionConfig, ...]:
    """[languages.<code>]: the site's editions in other languages."""
    editions: list[EditionConfig] = []
    for code, value in table.items():
        key = f"languages.{code}"
        tag = language_tag(code)
        if tag is None:
            check.fail(key, f"{code!r} is not a language tag; name each edition by one, such as fr, de-CH or ar")
            continue
        if tag.lower() == config.language.lower():
            check.fail(key, f"{tag} is the site's own language (`language` at the top), whose edition is the site itself at /; "
                            "[languages] lists the other editions")
            continue
        if not isinstance(value, dict):
            check.fail(key, 'must be a table, e.g. [languages.fr] with title = "…" and path = "/fr/"')
            continue
        check.unknown_keys(value, EDITION_KEYS, key + ".")
        path = check.take(value, "path", str, f"/{tag.lower()}/", key + ".")
        if not _EDITION_PATH.fullmatch(path):
            check.fail(key + ".path", f"{path!r} must be a folder of the site such as \"/{tag.lower()}/\" (starting and ending with '/', not '/' itself)")
            path = f"/{tag.lower()}/"
        zone = check.take(value, "timezone", str, "", key + ".")
        titles = []
        for slug, title in check.take(value, "sections", dict, {}, key + ".").items():
            if isinstance(title, dict):  # { title = "Monde" }, as [sections] writes it
                title = title.get("title")
            if not isinstance(title, str) or not title.strip():
                check.fail(f"{key}.sections.{slug}", f'must be the section\'s title in {tag}, e.g. {slug} = "…"')
                continue
            titles.append((slug, title))
        editions.append(EditionConfig(
            language=tag, title=check.take(value, "title", str, config.title, key + ".") or config.title,
            tagline=check.take(value, "tagline", str, "", key + "."), path=path,
            timezone=_timezone(check, zone, key + ".timezone") if zone else None, section_titles=tuple(titles),
        ))
    seen: dict[str, str] = {}
    for edition in editions:
        other = seen.setdefault(edition.path.casefold(), edition.language)
        if other != edition.language:
            check.fail(f"languages.{edition.language}.path", f"{edition.path} is also the path of the {other} edition; give each its own")
    return tuple(editions)


def other_generators_here(root: Path) -> list[tuple[str, str, str]]:
    """(config file, generator, its `newsgen import --from`) of each other
    generator's config in the folder `root`."""
    return [(name, generator, kind) for name, generator, kind in OTHER_GENERATORS
            if ((root / name).is_dir() if name.endswith("/") else (root / name).is_file())]


def _other_generator(root: Path) -> str:
    """What to do in a folder without site.toml: import the other generator's
    site it holds, or create one."""
    for name, generator, kind in other_generators_here(root):
        if kind:
            return (f"{name} is here, so this looks like {_a(generator)} site: bring it over with "
                    f"`newsgen import --from {kind} {root} --site NEW-FOLDER` (after `newsgen init NEW-FOLDER`)")
        return (f"{name} is here, so this looks like {_a(generator)} site; copy its Markdown stories under content/ "
                "of a site made by `newsgen init DIR`")
    return "run `newsgen init DIR` to create a site"


def _a(word: str) -> str:
    return f"an {word}" if word[:1].lower() in "aeiou" else f"a {word}"


def _timezone(check: _Checker, name: str, key: str = "timezone") -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        hint = difflib.get_close_matches(name, sorted(available_timezones()), n=1, cutoff=0.8)
        advice = f"did you mean {hint[0]!r}?" if hint else "such as 'Europe/Berlin' or 'UTC'"
        check.fail(key, f"{name!r} is not an IANA time zone name; {advice}")
        return ZoneInfo("UTC")


def _permalink(check: _Checker, pattern: str) -> str:
    fields = set(re.findall(r"{(\w+)}", pattern))
    unknown = fields - PERMALINK_FIELDS
    if unknown:
        check.fail("permalink", f"unknown placeholder(s) {', '.join(sorted(unknown))}; use {', '.join(sorted(PERMALINK_FIELDS))}")
    if "slug" not in fields:
        check.fail("permalink", "must contain {slug}, or every article would share one URL")
    decoded = unquote(pattern)
    if not pattern.startswith("/") or not pattern.endswith("/") or ".." in decoded or "\\" in decoded or "%" in pattern:
        check.fail("permalink", "must start and end with '/' and stay inside the site, e.g. " + DEFAULT_PERMALINK)
        return DEFAULT_PERMALINK
    return pattern


def _sections(check: _Checker, table: Mapping[str, Any]) -> tuple[SectionConfig, ...]:
    sections = []
    for position, (slug, value) in enumerate(table.items()):
        key = f"sections.{slug}"
        if not isinstance(value, dict):
            check.fail(key, "must be a table with title and order")
            continue
        check.unknown_keys(value, SECTION_KEYS, key + ".")
        if slugify(slug) != slug:
            check.fail(key, f"a section key is its URL; use {slugify(slug)!r}")
        title = check.take(value, "title", str, slug.title(), key + ".")
        order = check.take(value, "order", int, position, key + ".")
        sections.append(SectionConfig(slug=slug, title=title, order=order))
    return tuple(sorted(sections, key=lambda s: (s.order, s.slug)))


def _authors(check: _Checker, table: Mapping[str, Any]) -> tuple[AuthorConfig, ...]:
    authors = []
    for name, value in table.items():
        key = f'authors."{name}"'
        if not isinstance(value, dict):
            check.fail(key, "must be a table with slug, bio, role, links")
            continue
        check.unknown_keys(value, AUTHOR_KEYS, key + ".")
        links = check.take(value, "links", dict, {}, key + ".")
        for label, url in links.items():
            if not isinstance(url, str) or not is_safe_link(url):
                check.fail(f"{key}.links", f"{label!r}: only http(s), mailto: and tel: links or site paths are allowed")
        links = {label: url for label, url in links.items() if isinstance(url, str) and is_safe_link(url)}
        authors.append(AuthorConfig(
            name=name,
            slug=slugify(check.take(value, "slug", str, "", key + ".") or name),
            bio=check.take(value, "bio", str, "", key + "."),
            role=check.take(value, "role", str, "", key + "."),
            links=tuple((str(label), str(url)) for label, url in links.items()),
        ))
    return tuple(authors)


def _output_dir(check: _Checker, root: Path, override: Path | None, configured: str) -> Path:
    output = (override if override is not None else root / configured).resolve()
    content = (root / "content").resolve()
    # A watcher on content/ must never see output/, and a build must never
    # delete the sources it reads.
    if output == content or content in output.parents or output in content.parents or output == root:
        overlaps = f"{output} overlaps the content folder or the site itself; choose a folder of its own"
        if override is not None:  # the command line's, which site.toml does not say
            check.problems.append(error("--output", None, overlaps))
        else:
            check.fail("output_dir", overlaps)
    return output
