"""Where every page lives: site-relative URLs ("/world/") and output paths.

URLs here never carry the base path; templates and feeds add it. All are pure
functions of the config and the content, so a link can be computed anywhere
without rendering anything.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, unquote, urljoin

from .config import SiteConfig
from .content.model import Article, Page


class UnsafeUrl(ValueError):
    pass


@dataclass(frozen=True)
class UrlScheme:
    permalink: str
    timezone: object
    # An edition's folder without its last "/" ("/fr"), "" for the site's own
    # language: every URL the edition plans lives under it, but for a
    # permalink a story or page fixes itself.
    prefix: str = ""
    # Lists numbered from their newest story (config.PAGE_NUMBERINGS): then
    # page 1 is the list's first URL, not "page/1/".
    newest_first: bool = False

    @classmethod
    def from_config(cls, config: SiteConfig) -> "UrlScheme":
        return cls(permalink=config.permalink, timezone=config.timezone, prefix=config.edition_path.rstrip("/"),
                   newest_first=config.page_numbering == "newest-first")

    def article(self, article: Article) -> str:
        local = article.date.astimezone(self.timezone)
        if article.permalink:
            return _jekyll_placeholders(article.permalink, article, local)
        return self.prefix + self.permalink.format(
            section=article.section, year=f"{local.year:04d}", month=f"{local.month:02d}",
            day=f"{local.day:02d}", slug=article.slug,
        )

    def page(self, page: Page) -> str:
        return page.permalink or f"{self.prefix}/{page.slug}/"

    def paginated(self, base: str, number: int) -> str:
        """Page `number` of the list whose first URL is `base`: 0 is that
        first URL, which shows the list's newest stories."""
        return base if number == 0 or (number == 1 and self.newest_first) else f"{base}page/{number}/"

    def front(self, number: int = 0) -> str:
        return self.paginated(f"{self.prefix}/", number)

    def latest(self, number: int = 0) -> str:
        return self.paginated(f"{self.prefix}/latest/", number)

    def section(self, slug: str, number: int = 0) -> str:
        return self.paginated(f"{self.prefix}/{slug}/", number)

    def tag(self, slug: str, number: int = 0) -> str:
        return self.paginated(f"{self.prefix}/tags/{slug}/", number)

    def author(self, slug: str, number: int = 0) -> str:
        return self.paginated(f"{self.prefix}/authors/{slug}/", number)

    def year(self, year: int, number: int = 0) -> str:
        return self.paginated(f"{self.prefix}/archive/{year:04d}/", number)

    def month(self, year: int, month: int, number: int = 0) -> str:
        return self.paginated(f"{self.prefix}/archive/{year:04d}/{month:02d}/", number)

    @staticmethod
    def feed(page_url: str, format: str) -> str:
        """The RSS ("rss") or Atom ("atom") feed that follows the list at page_url."""
        return f"{page_url}{'feed.xml' if format == 'rss' else 'atom.xml'}"

    def sitemap(self, part: str = "") -> str:
        """sitemap.xml, or a part under it when it is an index ("2024-05", "pages")."""
        return f"{self.prefix}/sitemap-{part}.xml" if part else f"{self.prefix}/sitemap.xml"

    def news_sitemap(self, part: str = "") -> str:
        return f"{self.prefix}/news-sitemap-{part}.xml" if part else f"{self.prefix}/news-sitemap.xml"

    @property
    def tags_index(self) -> str:
        return f"{self.prefix}/tags/"

    @property
    def authors_index(self) -> str:
        return f"{self.prefix}/authors/"

    @property
    def archive_index(self) -> str:
        return f"{self.prefix}/archive/"

    @property
    def search(self) -> str:
        return f"{self.prefix}/search/"

    # One of each for the whole site, whatever its editions: hosts and crawlers look for them at the root.
    ROBOTS = "/robots.txt"
    NOT_FOUND = "/404.html"


_PLACEHOLDER = re.compile(r":(year|short_year|month|i_month|day|i_day|hour|minute|second|title|slug|name|categories|section|output_ext)\b")


def _jekyll_placeholders(path: str, article: Article, local: datetime) -> str:
    """A story's own permalink with Jekyll's placeholders filled in
    (`/:categories/:year/:month/:title/`): as Jekyll would publish it."""
    if ":" not in path:
        return path
    values = {
        "year": f"{local.year:04d}", "short_year": f"{local.year % 100:02d}", "month": f"{local.month:02d}",
        "i_month": str(local.month), "day": f"{local.day:02d}", "i_day": str(local.day), "hour": f"{local.hour:02d}",
        "minute": f"{local.minute:02d}", "second": f"{local.second:02d}", "title": article.slug, "slug": article.slug,
        "name": article.slug, "section": article.section, "categories": article.section, "output_ext": ".html",
    }
    filled = _PLACEHOLDER.sub(lambda m: values[m.group(1)], path)
    return re.sub(r"/{2,}", "/", filled)


# What sends a URL down output_path's careful way: empty, dot and dot-dot
# parts ("/." also catches "/.well-known/", which that way keeps), NUL, backslash.
_UNUSUAL_IN_PATHS = ("//", "/.", "\x00", "\\")


def output_path(url: str) -> str:
    """"/world/x/" → "world/x/index.html". Refuses anything that could leave output/."""
    if url.startswith("/") and not any(mark in url for mark in _UNUSUAL_IN_PATHS):
        return url[1:] + "index.html" if url.endswith("/") else url[1:]  # the common case, for 140,000 pages
    if not url.startswith("/") or "\x00" in url or "\\" in url:
        raise UnsafeUrl(f"{url!r} is not a site path")
    parts = [p for p in url.split("/") if p]
    if any(p in (".", "..") for p in parts):
        raise UnsafeUrl(f"{url!r} leaves the output folder")
    path = "/".join(parts)
    if url.endswith("/"):
        path = posixpath.join(path, "index.html") if path else "index.html"
    return path


def is_site_url(value: object) -> bool:
    """A path of this site a redirect may name or go to: rooted by one "/"
    ("//host/x" is another host's URL, to browsers and servers alike: as a
    target, an open redirect), no whitespace, control character or anything
    that quotes or ends markup, and never out of output/."""
    if (not isinstance(value, str) or not value.startswith("/") or value.startswith("//")
            or re.search(r"[\x00-\x20\x7f-\x9f\"'<>\\]", value)):
        return False
    try:
        output_path(value)
    except UnsafeUrl:
        return False
    return True


def is_http_url(value: str) -> bool:
    """An http(s) URL a redirect may go to: no whitespace or control character, and nothing that quotes or ends markup."""
    return re.match(r"https?://[^\s\x00-\x20\x7f-\x9f\"'<>\\]+$", value) is not None


_MAX_NAME_BYTES = 255  # a file name's longest on Linux's and macOS's file systems


def old_url(written: str) -> tuple[str, str]:
    """An old URL a redirect answers (a [moved] line's, an alias) as every
    server matches it, its path percent-decoded ("/caf%C3%A9/" is "/café/";
    its query stays as sent), and ""; or "" and why no redirect can name it.
    One check for both: each is written into _redirects, the nginx map and
    .htaccess, where a * or :name is a pattern and a quote ends a string."""
    path, mark, query = written.partition("?")
    if re.search(r"%(2[fF3]|3[fF]|25)", path):  # (/, #, ?, %: decoded, another URL)
        return "", ("every server matches a path decoded, and this one decodes to a /, ?, # or % of its name, "
                    "which no redirect can name")
    try:
        old = unquote(path, errors="strict") + mark + query
    except UnicodeDecodeError:
        return "", "every server matches a path decoded, and this one decodes to no UTF-8"
    if re.search(r"\*|/:", old.partition("?")[0]):
        return "", ("Netlify's and Cloudflare's _redirects read a * as a splat and a part starting with : as a "
                    "placeholder, so its redirect would answer every URL of that shape")
    # Its redirect page is a file (or folder) named by each part of the path:
    # no file system holds a name over 255 bytes, and the write would fail the
    # build naming no story.
    if any(len(part.encode("utf-8", "surrogatepass")) > _MAX_NAME_BYTES for part in old.partition("?")[0].split("/")):
        return "", (f"a part of its path is longer than a file name may be ({_MAX_NAME_BYTES} bytes), "
                    "so no redirect page can be written for it")
    # Each format writes a space its own way (Jekyll's /post formats/x/, or %20 read decoded).
    spaces_encoded = old.partition("?")[0].replace(" ", "%20") + mark + query
    if not is_site_url(spaces_encoded) or "#" in old:
        return "", ("not an old site path such as /tag/economy/ or /?p=123 (one with no quote, <, >, \\, # or "
                    "control character, as such or percent-encoded)")
    return old, ""


_HREF_SAFE = "/:#?&=%@!$'()*+,;~"
_ALREADY_SAFE = re.compile(r"[A-Za-z0-9_.\-" + re.escape(_HREF_SAFE) + "]*")


def href(url: str) -> str:
    """A site URL as it may appear in an attribute: non-ASCII percent-encoded."""
    if _ALREADY_SAFE.fullmatch(url):
        return url  # what quote() would give, without its 7 µs: feeds and sitemaps write 140,000 at 100,000 stories
    return quote(url, safe=_HREF_SAFE)


def relative(url: str, from_url: str, link_style: str) -> str:
    """The link from the page at `from_url` to `url`, so the site works under any base path."""
    if "://" in url or url.startswith(("//", "mailto:", "#")):
        return url
    target = url
    if link_style == "index" and target.endswith("/"):
        target += "index.html"
    # Both are site paths: climb out of the page's folder to the common
    # prefix, then down (posixpath.relpath does the same, slower; this runs
    # for every link of every page).
    to = target.split("/")
    here = from_url.split("/")[:-1]  # the page's folder
    common = 0
    for a, b in zip(to[:-1], here):
        if a != b:
            break
        common += 1
    rel = "../" * (len(here) - common) + "/".join(to[common:])
    return href(rel or "./")


def absolute(url: str, base_url: str) -> str:
    """The full URL of a site path: base_url may carry a path ("https://x.org/tribune/")."""
    if "://" in url:
        return url
    if url.startswith("/"):  # a site path: the common case, for every link in feeds and sitemaps
        return href(base_url + url[1:])
    return href(urljoin(base_url, url))
