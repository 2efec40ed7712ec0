"""WordPress exports (WXR, "WordPress eXtended RSS", versions 1.0–1.2) → newsgen files.

An export is RSS 2.0 with WordPress's own elements in the `wp:`, `content:`,
`excerpt:` and `dc:` namespaces. Each `<item>` is one post, page, attachment,
menu entry or custom type:

    post        → a story under content/SECTION/YYYY-MM-DD-SLUG.md (a draft
                  when WordPress had not published it)
    page        → a static page under content/pages/SLUG.md (a child page
                  under its parents, pages/PARENT/SLUG.md, at its old URL)
    attachment  → not a file of its own: its URL lets a body's images, and a
                  post's featured image, be found (and copied from a local
                  wp-content/uploads/ folder when there is one)
    wp:author   → content/authors/LOGIN.md, so bylines link to them

Everything else (menus, reusable blocks, revisions, custom types) is skipped
with a reason. The XML is read with defusedxml: an export carrying a DTD or
entity declarations (the "billion laughs") is refused, never expanded.

Bodies are WordPress's stored HTML: paragraphs are blank lines (WordPress adds
the <p> when it shows a post, "wpautop"), and [shortcodes] stand for media.
They become Markdown where Markdown says the same thing, and stay raw HTML
where it cannot (tables with merged cells, iframes, figures, aligned or styled
elements).
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as StdET
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone as dt_timezone
from pathlib import Path
from typing import Iterator
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import defusedxml
import defusedxml.ElementTree as SafeET
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from markdownify import ATX, MarkdownConverter

from ..config import title_of_folder
from ..dates import DateError, parse_datetime
from ..errors import NewsgenError
from ..slugs import slugify, tag_slug
from .common import NOT_SECTIONS, ImportedFile, ImportReport, suggest_time_zone
from .convert import _fence, _video_link, gist_link

DEFAULT_SECTION = "news"
UNCATEGORIZED = frozenset({"uncategorized", "uncategorised"})
SKIPPED_STATUSES = {
    "trash": "in WordPress's trash",
    "auto-draft": "an auto-draft WordPress made while the editor was open, never saved by its author",
    "inherit": "a revision or attachment of another item, not a post of its own",
}
OTHER_TYPES = {
    "nav_menu_item": "a menu entry; navigation comes from the sections in site.toml",
    "revision": "an earlier revision of another item",
    "wp_block": "a reusable block, shown only where a post includes it",
    "wp_template": "part of a block theme, not content",
    "wp_template_part": "part of a block theme, not content",
    "wp_global_styles": "theme settings, not content",
    "wp_navigation": "a menu; navigation comes from the sections in site.toml",
    "custom_css": "theme settings, not content",
    "customize_changeset": "theme settings, not content",
    "oembed_cache": "WordPress's cache of embeds",
    "user_request": "a privacy request, not content",
}

_NS_CONTENT = "http://purl.org/rss/1.0/modules/content/"
_NS_DC = "http://purl.org/dc/elements/1.1/"
_WP_URI = re.compile(r"^https?://wordpress\.org/export/1\.\d+/$")
_EXCERPT_URI = re.compile(r"^https?://wordpress\.org/export/1\.\d+/excerpt/$")
_ZERO_DATE = re.compile(r"^0000-00-00")


@dataclass
class _Namespaces:
    wp: str
    content: str = _NS_CONTENT
    excerpt: str = ""
    dc: str = _NS_DC

    def tag(self, prefix: str, name: str) -> str:
        return f"{{{getattr(self, prefix)}}}{name}"


@dataclass
class _Attachment:
    id: str
    url: str
    title: str = ""
    alt: str = ""
    caption: str = ""
    parent: str = "0"
    attached_file: str = ""  # path under uploads/, "2013/03/photo.jpg"


@dataclass
class _Export:
    path: Path
    ns: _Namespaces
    channel: StdET.Element
    version: str
    authors: dict[str, str] = field(default_factory=dict)  # login → display name
    attachments: dict[str, _Attachment] = field(default_factory=dict)  # id → attachment
    by_url: dict[str, _Attachment] = field(default_factory=dict)  # url without query → attachment


# --------------------------------------------------------------------------- reading the XML


def read_wordpress(export: Path, report: ImportReport, timezone: ZoneInfo,
                   uploads: Path | None = None) -> Iterator[ImportedFile]:
    """Every story, page and author of a WordPress export, as ImportedFiles.

    `timezone` is the site's: WordPress's local `post_date` is read in it when
    an item has no GMT date, and it decides the date in each file name.
    `uploads` is a copy of the site's wp-content/uploads/ folder (or of the
    folder holding wp-content/); without it, one beside the export is used
    when there is one, else images keep their absolute URLs."""
    data = _load(export)
    report.source = report.source or str(export)
    local = _uploads_folder(export, uploads)
    reader = _Reader(data, report, timezone, local, uploads is not None)
    yield from reader.items()


def _load(export: Path) -> _Export:
    advice = "export the site again with Tools → Export → All content in WordPress's admin"
    try:
        with export.open("rb") as stream:
            prefixes = {prefix: uri for _, (prefix, uri) in SafeET.iterparse(stream, events=("start-ns",), forbid_dtd=True)}
        root = SafeET.parse(str(export), forbid_dtd=True).getroot()
    except OSError as exc:
        raise NewsgenError(f"{export}: cannot be read ({exc.strerror or exc})") from None
    except defusedxml.DefusedXmlException as exc:
        raise NewsgenError(
            f"{export}: refused: the file declares a DTD or entities ({type(exc).__name__}), which a WordPress export "
            f"never does and which can make a reader expand it without end; {advice}") from None
    except StdET.ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        where = f"{export}:{line}" if line else str(export)
        # expat's message ends with its own ": line 1, column 20": the line is said in front, the column once.
        problem = re.sub(r": line \d+, column \d+$", "", str(getattr(exc, "msg", exc)))
        raise NewsgenError(f"{where}: not well-formed XML ({problem}, column {column}); "
                           f"is it a WordPress export (WXR)? {advice}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise NewsgenError(f"{export}: not readable as XML ({exc}); {advice}") from None

    wp = prefixes.get("wp") if _WP_URI.match(prefixes.get("wp", "")) else None
    wp = wp or next((uri for uri in prefixes.values() if _WP_URI.match(uri)), None)
    channel = root.find("channel")
    if root.tag != "rss" or channel is None or wp is None:
        raise NewsgenError(f"{export}: this XML file is not a WordPress export (WXR): it has no <rss> with the "
                           f"wordpress.org/export/ namespace; {advice}")
    excerpt = prefixes.get("excerpt") or next((uri for uri in prefixes.values() if _EXCERPT_URI.match(uri)), "")
    ns = _Namespaces(wp=wp, content=prefixes.get("content", _NS_CONTENT), excerpt=excerpt, dc=prefixes.get("dc", _NS_DC))
    version = (channel.findtext(ns.tag("wp", "wxr_version")) or "").strip()
    data = _Export(export, ns, channel, version)
    for author in channel.findall(ns.tag("wp", "author")):
        login = _text(author, ns.tag("wp", "author_login"))
        if login:
            data.authors[login] = _text(author, ns.tag("wp", "author_display_name")) or login
    for item in channel.findall("item"):
        if _text(item, ns.tag("wp", "post_type")) != "attachment":
            continue
        meta = _postmeta(item, ns)
        attachment = _Attachment(
            id=_text(item, ns.tag("wp", "post_id")), url=_text(item, ns.tag("wp", "attachment_url")) or _text(item, "guid"),
            title=_plain(_text(item, "title")), alt=meta.get("_wp_attachment_image_alt", "").strip(),
            caption=_plain(_text(item, ns.tag("excerpt", "encoded")) if ns.excerpt else ""),
            parent=_text(item, ns.tag("wp", "post_parent")) or "0", attached_file=meta.get("_wp_attached_file", ""))
        data.attachments[attachment.id] = attachment
        if attachment.url:
            data.by_url[_no_query(attachment.url)] = attachment
    return data


def _uploads_folder(export: Path, uploads: Path | None) -> Path | None:
    for candidate in ([uploads] if uploads is not None else [export.parent]):
        for folder in (candidate / "wp-content" / "uploads", candidate / "uploads", candidate):
            if folder.is_dir() and (uploads is not None or folder != candidate):
                return folder
    return None


def _text(element: StdET.Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _postmeta(item: StdET.Element, ns: _Namespaces) -> dict[str, str]:
    meta = {}
    for entry in item.findall(ns.tag("wp", "postmeta")):
        key = _text(entry, ns.tag("wp", "meta_key"))
        if key:
            meta[key] = (entry.findtext(ns.tag("wp", "meta_value")) or "")
    return meta


def _plain(markup: str) -> str:
    """HTML (a title, an excerpt) as plain text."""
    if not markup:
        return ""
    if "<" in markup or "&" in markup:
        # Block boundaries are spaces; inline ones are not ("Mark<sup>up</sup>").
        markup = re.sub(r"<(?:/?(?:p|div|li|ul|ol|h[1-6]|blockquote|tr|td|th|dd|dt|figure|figcaption|pre)\b[^>]*|br\s*/?)>",
                        " ", markup, flags=re.I)
        markup = BeautifulSoup(markup, "html.parser").get_text()
    return re.sub(r"\s+", " ", markup).strip()


def _terms(item: StdET.Element) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The item's categories and its tags, each (its slug, its name), in order."""
    categories, tags = [], []
    for element in item.findall("category"):
        domain = element.get("domain", "category")
        name = html.unescape((element.text or "").strip())
        nicename = unquote(element.get("nicename") or "") or name
        if domain == "category":
            categories.append((nicename, name))
        elif domain == "post_tag":
            tags.append((unquote(element.get("nicename") or "") or slugify(name), name))
    return categories, tags


def _category_page(nicename: str, name: str, sections: set[str]) -> str:
    """newsgen's page of a WordPress category: the section's where a post
    has it as its section (`sections`, by slug in lower case), the default
    section's for Uncategorized, else its tag's."""
    if slugify(nicename) in UNCATEGORIZED or slugify(name) in UNCATEGORIZED:
        return f"/{DEFAULT_SECTION}/"
    return f"/{slugify(nicename)}/" if nicename.lower() in sections else f"/tags/{tag_slug(name)}/"


def _section_category(categories: list[tuple[str, str]]) -> str:
    """The slug of the category that is a post's section: its first, but
    for Uncategorized and a name whose page newsgen makes itself; "" for none."""
    return next((nicename for nicename, name in categories if slugify(nicename) not in UNCATEGORIZED
                 and slugify(name) not in UNCATEGORIZED and slugify(nicename) not in NOT_SECTIONS), "")


def _no_query(url: str) -> str:
    return url.split("#", 1)[0].split("?", 1)[0]


# --------------------------------------------------------------------------- items


class _Reader:
    def __init__(self, data: _Export, report: ImportReport, zone: ZoneInfo, uploads: Path | None, uploads_given: bool):
        self.data = data
        self.ns = data.ns
        self.report = report
        self.zone = zone
        self.uploads = uploads
        self.uploads_given = uploads_given
        self.targets: set[str] = set()
        self.bylines: dict[str, str] = {}  # login → name, of the authors of what was imported
        self.section_names: dict[str, str] = {}  # section → the name of the category it was made of
        # (moment, the site's offset from UTC then), from each item's post_date beside its post_date_gmt.
        self.offsets: set[tuple[datetime, timedelta]] = set()
        self.archives = self._archive_urls()
        channel = data.channel
        self.site_path = urlsplit(channel.findtext("link") or "").path.strip("/")
        self.category_paths = self._category_paths()
        # Each published post's categories, tags, author's login and local date: the archive pages it is on.
        self.published: list[tuple[list[tuple[str, str]], list[tuple[str, str]], str, datetime]] = []
        addresses = [channel.findtext("link"), channel.findtext(self.ns.tag("wp", "base_site_url")),
                     channel.findtext(self.ns.tag("wp", "base_blog_url"))]
        hosts = {urlsplit((address or "").strip()).netloc.lower() for address in addresses} - {""}
        self.hosts = hosts | {host.removeprefix("www.") for host in hosts} | {f"www.{host}" for host in hosts}
        # WordPress.com's exports give its own address as the site's.
        self.wordpress_com = urlsplit((addresses[1] or "").strip()).netloc.lower() == "wordpress.com"

    def items(self) -> Iterator[ImportedFile]:
        comments = 0
        for item in self.data.channel.findall("item"):
            kind = _text(item, self.ns.tag("wp", "post_type")) or "post"
            post_id = _text(item, self.ns.tag("wp", "post_id"))
            origin = f"WordPress item {post_id or '?'}"
            if kind == "attachment":
                continue
            if kind not in ("post", "page"):
                why = OTHER_TYPES.get(kind, "a custom post type newsgen has no place for; import it by hand if it is news")
                self.report.skipped.append((origin, f"{kind}: {why}"))
                continue
            status = _text(item, self.ns.tag("wp", "status")) or "publish"
            if status in SKIPPED_STATUSES:
                self.report.skipped.append((origin, f"status {status}: {SKIPPED_STATUSES[status]}"))
                continue
            try:
                yield self._item(item, kind, status, post_id, origin)
            except (DateError, ValueError) as exc:
                self.report.skipped.append((origin, f"cannot read it: {exc}"))
                continue
            comments += self._approved_comments(item)
        if comments:
            self.report.skipped.append(("WordPress comments", f"{comments} approved comments on the imported posts and pages "
                                                              "not imported: newsgen publishes no comments"))
        self._say_time_zone()
        self._record_moved_pages()
        for login, name in self.bylines.items():
            target = f"authors/{slugify(login)}.md"
            if target in self.targets:
                continue
            self.targets.add(target)
            self.report.keys_mapped["wp:author_display_name → name"] += 1
            yield ImportedFile(target, {"name": name}, "", f"WordPress author {login}", "author")
        for section, name in sorted(self.section_names.items()):
            # The category's name, where newsgen's title made of its slug would differ ("6-1" is "6 1", not "6.1").
            target = f"{section}/_index.md"
            if name and name != title_of_folder(section) and target not in self.targets:
                self.targets.add(target)
                yield ImportedFile(target, {"title": name}, "", f"WordPress category {section}", "section")

    def _approved_comments(self, item: StdET.Element) -> int:
        """The comments WordPress showed under the item (pingbacks too): those approved."""
        return sum(_text(comment, self.ns.tag("wp", "comment_approved")) == "1"
                   for comment in item.findall(self.ns.tag("wp", "comment")))

    def _item(self, item: StdET.Element, kind: str, status: str, post_id: str, origin: str) -> ImportedFile:
        ns, report = self.ns, self.report
        meta = _postmeta(item, ns)
        title = _plain(_text(item, "title"))
        name = unquote(_text(item, ns.tag("wp", "post_name")))
        if not title:
            title = name.replace("-", " ").strip().capitalize() if name else f"Untitled (WordPress {kind} {post_id})"
        slug = slugify(name or _as_wordpress_titles_it(title))
        published = self._date(item)
        updated = self._updated(item, published)

        front: dict = {"title": title, "date": published}
        if updated is not None:
            front["updated"] = updated
            report.keys_mapped["wp:post_modified_gmt → updated"] += 1

        # A scheduled post ("future") is published at its date, by newsgen as by WordPress.
        withheld = status not in ("publish", "future")
        if status == "future":
            report.keys_mapped["wp:status future → scheduled at its date"] += 1
        password = _text(item, ns.tag("wp", "post_password"))
        if password:
            withheld = True
            report.keys_mapped["wp:post_password → draft"] += 1
        if withheld and status not in ("publish", "future"):
            report.keys_mapped[f"wp:status {status} → draft"] += 1

        folder = "pages"
        if kind == "post":
            author_login = _text(item, ns.tag("dc", "creator"))
            if author_login:
                if author_login not in self.data.authors:  # a stray character around a login (">editor")
                    author_login = next((login for login in self.data.authors
                                         if login == author_login.strip(" <>\"'")), author_login)
                front["author"] = self.data.authors.get(author_login, author_login)
                self.bylines.setdefault(author_login, front["author"])
                report.keys_mapped["dc:creator → author"] += 1
            folder, tags = self._taxonomy(item)
            if tags:
                front["tags"] = tags
            if status == "publish" and not withheld:
                self.published.append((*_terms(item), author_login, published.astimezone(self.zone)))

        excerpt = _plain(_text(item, ns.tag("excerpt", "encoded"))) if ns.excerpt else ""
        if excerpt:
            front["summary"] = excerpt
            report.keys_mapped["excerpt → summary"] += 1
        local_day = published.astimezone(self.zone).date().isoformat()
        stem = slug if kind == "page" else f"{local_day}-{slug}"
        if kind == "page" and _text(item, ns.tag("wp", "post_parent")) not in ("", "0"):
            stem = "/".join([*self._parent_folders(_text(item, "link")), stem])  # /about/staff/ is pages/about/staff.md, at /about/staff/
        if "/" not in stem:  # (a page's `slug:` names its whole path: a child page's is its file's)
            front["slug"] = slug
            report.keys_mapped["wp:post_name → slug" if name else "title → slug"] += 1
        target = f"{folder}/{stem}.md"
        if target in self.targets:
            target = f"{folder}/{stem}-{post_id}.md"
        self.targets.add(target)

        assets: list[tuple[Path, str]] = []
        body = _Body(self, origin, folder, assets, meta).convert(item.findtext(ns.tag("content", "encoded")) or "", post_id)

        aliases = []
        old_path = re.sub(r"/{2,}", "/", unquote(urlsplit(_text(item, "link")).path))
        if old_path and old_path != "/":
            aliases.append(old_path)
            report.keys_mapped["link → aliases"] += 1
        if post_id:
            aliases.append(f"/?p={post_id}")
        if aliases:
            front["aliases"] = aliases

        if kind == "post":
            thumbnail_id = meta.get("_thumbnail_id", "").strip()
            thumbnail = self.data.attachments.get(thumbnail_id)
            if thumbnail is None and thumbnail_id not in ("", "0", "-1"):
                report.changed.append((origin, f"its featured image, attachment {thumbnail_id}, is not in the export: the story "
                                               "has no lead image; set `image:` to the picture"))
            if thumbnail is not None and thumbnail.url:
                front["image"] = self.localize(thumbnail.url, folder, assets, origin, thumbnail) or thumbnail.url
                if thumbnail.alt:
                    front["image_alt"] = thumbnail.alt
                if thumbnail.caption:
                    front["image_caption"] = thumbnail.caption
                report.keys_mapped["_thumbnail_id → image"] += 1
            if _text(item, ns.tag("wp", "is_sticky")) == "1":
                front["featured"] = True
                report.keys_mapped["wp:is_sticky → featured"] += 1

        if withheld:
            front["draft"] = True
        extra: dict = {"wordpress_id": int(post_id) if post_id.isdigit() else post_id}
        parent = _text(item, ns.tag("wp", "post_parent"))
        if kind == "page" and parent not in ("", "0"):
            extra["wordpress_parent"] = int(parent) if parent.isdigit() else parent
        front["extra"] = extra
        report.keys_mapped["wp:post_id → extra.wordpress_id"] += 1

        file_kind = "page" if kind == "page" else "draft" if withheld else "story"
        return ImportedFile(target, front, body, origin, file_kind, assets)

    def _parent_folders(self, link: str) -> list[str]:
        """The folders a child page's URL puts it in (WordPress nests a page
        under its parents: /level-1/level-2/level-3/), below the site's own
        path (a WordPress in /blog/ has its pages under /blog/)."""
        site = urlsplit(self.data.channel.findtext("link") or "").path.strip("/")
        path = unquote(urlsplit(link).path).strip("/")
        if site and (path + "/").startswith(site + "/"):
            path = path[len(site):].strip("/")
        return [slugify(part) for part in path.split("/")[:-1] if slugify(part)]

    def _date(self, item: StdET.Element) -> datetime:
        gmt = _text(item, self.ns.tag("wp", "post_date_gmt"))
        local = _text(item, self.ns.tag("wp", "post_date"))
        if gmt and not _ZERO_DATE.match(gmt):
            self.report.keys_mapped["wp:post_date_gmt → date"] += 1
            moment = parse_datetime(gmt, ZoneInfo("UTC")).astimezone(dt_timezone.utc)
            if local and not _ZERO_DATE.match(local):
                offset = parse_datetime(local, ZoneInfo("UTC")) - moment
                self.offsets.add((moment, timedelta(minutes=round(offset.total_seconds() / 900) * 15)))
            return moment
        if local and not _ZERO_DATE.match(local):
            self.report.keys_mapped["wp:post_date → date"] += 1
            return parse_datetime(local, self.zone)
        pub = _text(item, "pubDate")
        if pub:
            self.report.keys_mapped["pubDate → date"] += 1
            return parse_datetime(pub, self.zone)
        raise ValueError("it has no date (post_date_gmt, post_date and pubDate are all empty)")

    def _say_time_zone(self) -> None:
        """The site.toml line that dates the stories as the old site did,
        when its zone is not site.toml's: an export names no zone, but each
        item's local and UTC dates give the offset then (suggest_time_zone)."""
        suggest_time_zone(self.offsets, self.zone, self.report, "the export's posts were written at")

    def _updated(self, item: StdET.Element, published: datetime) -> datetime | None:
        modified = _text(item, self.ns.tag("wp", "post_modified_gmt"))
        if not modified or _ZERO_DATE.match(modified):
            return None
        try:
            moment = parse_datetime(modified, ZoneInfo("UTC")).astimezone(dt_timezone.utc)
        except DateError:
            return None
        return moment if moment > published else None

    def code_stored_encoded(self, meta: dict[str, str]) -> bool:
        """Did SyntaxHighlighter store this post's code with its < & " as
        entities (its get_code_format 2)? It marks such a post with
        `_syntaxhighlighter_encoded`; WordPress.com, whose exports carry no
        such mark, decides by the post's date instead, encoded since 2009."""
        return bool(meta.get("_syntaxhighlighter_encoded") or meta.get("syntaxhighlighter_encoded")) or self.wordpress_com

    def _archive_urls(self) -> dict[tuple[str, str], str]:
        """newsgen's page for each WordPress tag and category archive the
        posts are in, by ("tag" or "category", its slug): a category that is
        a post's section has the section's page (an uncategorized post's, the
        default section's); one that is only ever another category of a post,
        its tag's page, as is a tag."""
        posts = [_terms(item) for item in self.data.channel.findall("item")
                 if (_text(item, self.ns.tag("wp", "post_type")) or "post") == "post"
                 and _text(item, self.ns.tag("wp", "status")) not in SKIPPED_STATUSES]
        sections = {_section_category(categories).lower() for categories, _ in posts}
        urls: dict[tuple[str, str], str] = {}
        for categories, tags in posts:
            urls.update((("category", nicename.lower()), _category_page(nicename, name, sections)) for nicename, name in categories)
            urls.update((("tag", nicename.lower()), f"/tags/{tag_slug(name)}/") for nicename, name in tags)
        return urls

    def _category_paths(self) -> dict[str, str]:
        """Each category's path in its archive's URL, under its parents'
        (news/world for world under news), by its slug, as the export's
        wp:category entries give them."""
        parents = {}
        for category in self.data.channel.findall(self.ns.tag("wp", "category")):
            nicename = unquote(_text(category, self.ns.tag("wp", "category_nicename")))
            if nicename:
                parents[nicename.lower()] = unquote(_text(category, self.ns.tag("wp", "category_parent"))).lower()
        paths = {}
        for nicename in parents:
            path, seen = [nicename], {nicename}
            while (parent := parents.get(path[0], "")) and parent not in seen:  # (a loop of parents: cut where it closes)
                path.insert(0, parent)
                seen.add(parent)
            paths[nicename] = "/".join(path)
        return paths

    def _record_moved_pages(self) -> None:
        """The old site's pages that published posts are on that are no
        post or page, each with newsgen's page showing the same
        (ImportReport.moved, urls.toml's [moved]): the tag and category
        archives, the authors' and the months' and years' archives, the
        feeds of each and the site's, at WordPress's default addresses (its
        tag and category bases are settings no export holds). A category
        is the section's page where a published post has it as its section, else its tag's."""
        if not self.published:
            return
        site = f"/{self.site_path}" if self.site_path else ""
        sections = {_section_category(categories).lower() for categories, *_ in self.published}
        pages: dict[str, str] = {}
        for categories, tags, author_login, day in self.published:
            for nicename, name in categories:
                path = self.category_paths.get(nicename.lower(), nicename.lower())
                pages[f"/category/{path}/"] = _category_page(nicename, name, sections)
            for nicename, name in tags:
                pages[f"/tag/{nicename.lower()}/"] = f"/tags/{tag_slug(name)}/"
            if author_login:
                # WordPress names the page by the login's user_nicename, which the export does not hold: its slug, as WordPress makes it.
                pages[f"/author/{slugify(author_login)}/"] = f"/authors/{slugify(author_login)}/"
            pages[f"/{day.year:04d}/{day.month:02d}/"] = f"/archive/{day.year:04d}/{day.month:02d}/"
            pages[f"/{day.year:04d}/"] = f"/archive/{day.year:04d}/"
        for path, url in pages.items():
            self.report.moved[f"{site}{path}"] = url
            if not path[1].isdigit():  # (a date archive's feed is no feed of newsgen's)
                self.report.moved[f"{site}{path}feed/"] = f"{url}feed.xml"
        for feed, url in (("feed/", "/feed.xml"), ("feed/rss2/", "/feed.xml"), ("feed/atom/", "/atom.xml"),
                          ("?feed=rss2", "/feed.xml"), ("?feed=atom", "/atom.xml")):
            self.report.moved[f"{site}/{feed}"] = url

    def archive_url(self, url: str) -> str | None:
        """newsgen's page for a link to one of the site's WordPress tag or
        category archives (/tag/pekwm/, /category/news/world/, ?tag=pekwm,
        on the site's address or none); None for any other link."""
        parts = urlsplit(url.strip())
        if parts.netloc and parts.netloc.lower() not in self.hosts or not parts.netloc and not url.strip().startswith(("/", "?")):
            return None
        path = "/" + unquote(parts.path).strip("/")
        if self.site_path and (path + "/").startswith(f"/{self.site_path}/"):
            path = path[len(self.site_path) + 1:] or "/"
        archive = _ARCHIVE_PATH.fullmatch(path)
        if archive:
            return self.archives.get((archive["kind"], archive["slug"].lower()))
        query = parse_qs(parts.query)
        for key, kind in (("tag", "tag"), ("category_name", "category")):
            if path == "/" and query.get(key):
                return self.archives.get((kind, query[key][0].lower()))
        return None

    def _taxonomy(self, item: StdET.Element) -> tuple[str, list[str]]:
        section = ""
        tags: list[str] = []
        seen: set[str] = set()

        def add(name: str) -> None:
            key = slugify(name)
            if name and key not in seen:
                seen.add(key)
                tags.append(name)

        categories, post_tags = _terms(item)
        for nicename, name in categories:
            if slugify(nicename) in UNCATEGORIZED or slugify(name) in UNCATEGORIZED:
                continue
            if not section and slugify(nicename) in NOT_SECTIONS:
                # CC Labs' category "search": as a section its page would be newsgen's search page.
                said = (f"WordPress category {name}", f"as a section its page would be at /{slugify(nicename)}/, where newsgen "
                                                        "makes a page of its own: a tag of its stories instead")
                if said not in self.report.changed:
                    self.report.changed.append(said)
                add(name)
                continue
            if not section:
                section = slugify(nicename)
                self.section_names.setdefault(section, name)
                seen.add(slugify(name))
                self.report.keys_mapped["category → section"] += 1
            else:
                add(name)
                self.report.keys_mapped["category → tags"] += 1
        for _, name in post_tags:
            add(name)
            self.report.keys_mapped["post_tag → tags"] += 1
        return section or DEFAULT_SECTION, tags

    # ----------------------------------------------------------------------- media

    def upload_path(self, url: str, attachment: _Attachment | None = None) -> str | None:
        """Where an uploaded file's URL lives under uploads/ ("2013/03/x.jpg")."""
        if attachment is not None and attachment.attached_file and _no_query(url) == _no_query(attachment.url):
            return attachment.attached_file.lstrip("/")
        path = unquote(urlsplit(url).path)
        if "/wp-content/uploads/" in path:
            return path.split("/wp-content/uploads/", 1)[1]
        if _no_query(url) in self.data.by_url or re.match(r"^/\d{4}/\d{2}/[^/]+$", path):
            return path.lstrip("/") if re.match(r"^/\d{4}/\d{2}/", path) else None
        return None

    def localize(self, url: str, folder: str, assets: list[tuple[Path, str]], origin: str,
                 attachment: _Attachment | None = None) -> str | None:
        """The path, relative to the story, of a local copy of an uploaded
        file (and the copy added to `assets`); None to keep the URL."""
        if self.uploads is None or not url.startswith(("http://", "https://", "/")):
            return None
        rel = self.upload_path(url, attachment)
        if not rel or ".." in rel.split("/"):
            return None
        candidates = [rel]
        unsized = re.sub(r"-\d+x\d+(\.\w+)$", r"\1", rel)
        if unsized != rel:
            candidates.append(unsized)
        for candidate in candidates:
            source = self.uploads / candidate
            if source.is_file():
                destination = f"{folder}/uploads/{candidate}"
                if (source, destination) not in assets:
                    assets.append((source, destination))
                return f"uploads/{candidate}"
        if self.uploads_given:
            self.report.missing_assets.append((origin, url))
        return None


# --------------------------------------------------------------------------- bodies

# Block-level elements for wpautop: text between them is a paragraph.
_BLOCK = ("table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote"
          "|address|math|style|script|noscript|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer"
          "|nav|main|figure|figcaption|details|summary|menu|iframe|audio|video|object|embed|center|picture|svg|canvas")
_BLOCK_OPEN = re.compile(rf"(<(?:{_BLOCK})(?=[\s/>])[^>]*>)", re.I)
_BLOCK_CLOSE = re.compile(rf"(</(?:{_BLOCK})\s*>)", re.I)
_STARTS_BLOCK = re.compile(rf"^(?:<(?:/?(?:{_BLOCK}))(?=[\s/>])|<!--|WPTOKEN\d+X$)", re.I)
# Inside these, WordPress adds no <p>.
_NO_WRAP = re.compile(r"^(?:table|thead|tfoot|caption|tbody|tr|td|th|dl|dd|dt|ul|ol|li|pre|p|h[1-6]|address|figcaption"
                      r"|iframe|audio|video|object|script|style|noscript|math|svg|canvas|legend|summary|picture|form)$", re.I)
_HR = re.compile(r"(<hr(?=[\s/>])[^>]*>)", re.I)
_BEFORE_CLOSE = re.compile(rf"\n(</(?:{_BLOCK})\s*>)", re.I)
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_GUTENBERG = re.compile(r"<!--\s*/?wp:[^>]*?-->\n?")
# A code block whose comment gives its language (a highlighting plugin's attribute; SyntaxHighlighter's own block).
_GUTENBERG_CODE = re.compile(r"<!--\s*wp:(?:code|syntaxhighlighter/code)\s+(\{[^>]*?\})\s*-->\s*<pre\b([^>]*)>")
_SPECIAL_COMMENT = re.compile(r"\s*(<!--\s*(?:more|nextpage)\b.*?-->)\s*", re.S)
_PRE = re.compile(r"<(pre|script|style)\b.*?</\1\s*>", re.I | re.S)
# SyntaxHighlighter Evolved's shortcodes (WordPress.com runs it): its own three, and each language it highlights by
# name, [python]…[/python], but for `latex` and `r`, which it leaves unregistered.
_CODE_SHORTCODES = ("sourcecode source code as3 actionscript3 arduino bash shell coldfusion cf clojure clj cpp c c-sharp csharp "
                    "css delphi pas pascal diff patch erl erlang fsharp go golang groovy haskell java jfx javafx js jscript "
                    "javascript tex matlab matlabkey objc obj-c perl pl php plain text ps powershell py python splus rails rb "
                    "ror ruby scala sql swift vb vbnet xml xhtml xslt html yaml yml").split()
# One with its body, and the <pre> it may be written in (the classic editor's); `[[sourcecode]]` is text.
_CODE_SHORTCODE = re.compile(
    r"(?P<pre><pre\b[^>]*>\s*)?(?<!\[)\[(?P<name>" + "|".join(re.escape(n) for n in sorted(_CODE_SHORTCODES, key=len, reverse=True))
    + r")(?P<attrs>[\s=][^\]]*)?\](?P<code>.*?)\[/(?P=name)\](?(pre)\s*</pre>)", re.S)
# WordPress's own shortcodes and the most common plugins': said in the report when left as written.
_KNOWN_SHORTCODES = frozenset({"caption", "wp_caption", "gallery", "playlist", "audio", "video", "embed", "contact-form", "contact-form-7",
                               "gravityform", "youtube", "vimeo", "twitter", "tweet", "instagram", "soundcloud", "gist", "googlemaps",
                               "slideshow", "polldaddy", "toc", "rev_slider", "products", "recipe"})
# (Its attributes start after a space or, as WordPress's regex reads them, an `=`: Jetpack's [youtube=https://…].)
_SHORTCODE = re.compile(r"\[(\[?)(/?)([A-Za-z][\w-]*)((?:[\s=][^\[\]]*?)?)(/?)\](\]?)")
_ATTRS = re.compile(r"""([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)|"([^"]*)"|(\S+)""")
# WordPress's tag and category archives (a category's under its parents': /category/news/world/).
_ARCHIVE_PATH = re.compile(r"/(?P<kind>tag|category)/(?:[^/]+/)*(?P<slug>[^/]+)")
_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"']+)[ \t]*$", re.M)
_GUTENBERG_EMBED = re.compile(
    r"<figure\b[^>]*\bwp-block-embed[^>]*>\s*<div\b[^>]*wp-block-embed__wrapper[^>]*>\s*(https?://[^\s<]+)\s*</div>"
    r"\s*(?:<figcaption\b[^>]*>(.*?)</figcaption>)?\s*</figure>", re.S)
_MEDIA_EXTENSIONS = {"audio": ("mp3", "m4a", "ogg", "oga", "wav", "flac"), "video": ("mp4", "m4v", "webm", "ogv", "mov", "flv")}

# Elements markdownify turns into Markdown that says the same.
_MARKDOWN_TAGS = frozenset("p h1 h2 h3 h4 h5 h6 em i strong b a img ul ol li blockquote pre code br hr dl dt dd span div "
                           "table thead tbody tfoot tr th td".split())
# Inline elements Markdown has no syntax for: written as inline HTML inside the Markdown.
_INLINE_HTML = frozenset("sup sub abbr acronym cite del ins kbd mark s strike small big tt var q dfn u time samp bdo bdi"
                         .split())
_HARMLESS_CLASS = re.compile(r"^(?:wp-image-\d+|size-[\w-]+|alignnone|wp-block-(?:paragraph|heading|list|list-item|quote"
                             r"|code|preformatted|separator|table)?|is-style-default|has-text-align-left|language-[\w+-]+"
                             r"|lang-[\w+-]+|brush:.*|wp-caption-text|wp-block-syntaxhighlighter-code)$")
_ALLOWED_ATTRS = {
    "a": {"href", "title", "rel", "target"},
    "img": {"src", "alt", "title", "width", "height", "srcset", "sizes", "loading", "decoding"},
    "ol": {"start"},
    "pre": set(), "code": set(),
}


class _Body:
    """One item's content:encoded → Markdown (with raw HTML where needed)."""

    def __init__(self, reader: _Reader, origin: str, folder: str, assets: list[tuple[Path, str]],
                 meta: dict[str, str] | None = None):
        self.reader = reader
        self.meta = meta or {}  # the item's postmeta
        self.report = reader.report
        self.origin = origin
        self.folder = folder
        self.assets = assets
        self.tokens: list[str] = []

    def token(self, text: str) -> str:
        self.tokens.append(text)
        return f"WPTOKEN{len(self.tokens) - 1}X"

    def convert(self, text: str, post_id: str) -> str:
        if not text.strip():
            return ""
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = _CODE_SHORTCODE.sub(self._code_shortcode, text)
        text = _GUTENBERG_CODE.sub(_code_block_with_language, text)
        text = _GUTENBERG.sub("", text)
        text = _GUTENBERG_EMBED.sub(self._gutenberg_embed, text)
        text = self._shortcodes(text, post_id)
        text = _URL_LINE.sub(self._bare_url, text)
        text = _SPECIAL_COMMENT.sub(lambda m: f"\n\n{m.group(1)}\n\n", text)
        html_text = self._autop(text)
        blocks = self._blocks(html_text)
        # (Blank lines are made one before the tokens are put back: a code block's are its own.)
        body = re.sub(r"\n{3,}", "\n\n", "\n\n".join(block for block in blocks if block.strip()))
        body = re.sub(r"WPTOKEN(\d+)X", lambda m: self.tokens[int(m.group(1))], body)
        body = re.sub(r"WPTOKEN(\d+)X", lambda m: self.tokens[int(m.group(1))], body)  # a token inside a token
        return body.strip() + "\n"

    # -- shortcodes

    def _code_shortcode(self, match: re.Match) -> str:
        """SyntaxHighlighter's [sourcecode language="python"]…[/sourcecode]
        as a fenced code block in its language: its body is shown as written,
        kept from wpautop and the HTML's conversion, as the plugin keeps it
        (it runs before them)."""
        name, code = match["name"], match["code"]
        attrs = _shortcode_attrs(match["attrs"] or "")
        language = name if name not in ("sourcecode", "source", "code") else \
            attrs.get("language") or attrs.get("lang") or attrs.get("type") or attrs.get("0") or ""
        if self.reader.code_stored_encoded(self.meta) and "<" not in code and ">" not in code:
            # The editor stored the code's < & " as entities, which the plugin leaves for the browser to read.
            code = html.unescape(code)
        self.report.converted[f"[{name}]"] += 1
        return f"\n\n{self.token(_fence(code, language.lower()))}\n\n"

    def _shortcodes(self, text: str, post_id: str) -> str:
        out: list[str] = []
        position = 0
        for match in _SHORTCODE.finditer(text):
            if match.start() < position:
                continue
            escaped_open, closing, name, attr_text, self_closing, escaped_close = match.groups()
            out.append(text[position:match.start()])
            position = match.end()
            if escaped_open and escaped_close:  # [[caption]] is how WordPress writes a literal [caption]
                out.append(self.token(match.group(0)[1:-1]))
                continue
            if escaped_open:
                out.append("[")
                position = match.start() + 1
                continue
            lowered = name.lower()
            if closing:
                out.append(self.token(match.group(0)))
                continue
            inner, end = None, match.end()
            close = re.compile(rf"\[/{re.escape(name)}\]")
            if lowered in ("caption", "wp_caption", "embed", "audio", "video", "gist"):
                found = close.search(text, match.end())
                if found:
                    inner, end = text[match.end():found.start()], found.end()
            if not _registered_looking(lowered, attr_text, bool(self_closing), bool(close.search(text, match.end()))):
                out.append(match.group(0))  # prose: left to the HTML's conversion, which keeps it text
                continue
            attrs = _shortcode_attrs(attr_text)
            converted = self._shortcode(lowered, attrs, inner, post_id)
            if converted is None:
                self.report.shortcodes_left[f"[{lowered}]"] += 1
                out.append(self.token(match.group(0)))
                continue
            self.report.converted[f"[{lowered if lowered != 'wp_caption' else 'caption'}]"] += 1
            out.append(converted)
            position = end
        out.append(text[position:])
        return "".join(out)

    def _shortcode(self, name: str, attrs: dict, inner: str | None, post_id: str) -> str | None:
        if name in ("caption", "wp_caption") and inner is not None:
            media = re.match(r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", inner, re.S)
            if not media:
                return None
            caption = attrs.get("caption") or media.group(2).strip()
            align = attrs.get("align", "")
            cls = f' class="wp-caption {html.escape(align)}"' if align and align != "alignnone" else ""
            figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
            return f"\n\n<figure{cls}>{media.group(1).strip()}{figcaption}</figure>\n\n"
        if name == "embed" and inner is not None:
            url = html.escape(html.unescape(inner.strip()))
            if not re.match(r"^https?://\S+$", url):
                return None
            return f"\n\n<p><a href=\"{url}\">{url}</a></p>\n\n"
        if name in ("audio", "video"):
            url = attrs.get("src") or next((attrs[k] for k in _MEDIA_EXTENSIONS[name] if attrs.get(k)), "") \
                or attrs.get("0", "")
            if not url and inner and re.match(r"^\s*https?://\S+\s*$", inner):
                url = inner.strip()
            if not re.match(r"^https?://", url):
                return None
            extra = "".join(f' {key}="{html.escape(attrs[key])}"' for key in ("width", "height", "poster") if attrs.get(key)
                            and name == "video")
            return f"\n\n<{name} controls src=\"{html.escape(url)}\"{extra}></{name}>\n\n"
        if name in ("youtube", "vimeo"):
            video = _jetpack_video_id(name, attrs)
            return f"\n\n<p>{self.token(_video_link(name, video))}</p>\n\n" if video else None
        if name == "gist":
            link = _gist_link(attrs.get("id") or attrs.get("0") or (inner or "").strip(), attrs.get("file", ""))
            return f"\n\n<p>{self.token(link)}</p>\n\n" if link else None
        if name == "gallery":
            images = self._gallery_images(attrs, post_id)
            if not images:
                return None
            columns = attrs.get("columns", "3")
            items = "\n".join(
                f"<figure class=\"gallery-item\"><img src=\"{html.escape(a.url)}\" alt=\"{html.escape(a.alt)}\">"
                + (f"<figcaption>{html.escape(a.caption)}</figcaption>" if a.caption else "") + "</figure>"
                for a in images)
            return f"\n\n<div class=\"gallery gallery-columns-{html.escape(columns)}\">\n{items}\n</div>\n\n"
        return None

    def _gallery_images(self, attrs: dict, post_id: str) -> list[_Attachment]:
        attachments = self.reader.data.attachments
        ids = attrs.get("ids") or attrs.get("include")
        if ids:
            chosen = [attachments[i.strip()] for i in ids.split(",") if i.strip() in attachments]
        else:
            parent = attrs.get("id") or post_id
            exclude = {i.strip() for i in (attrs.get("exclude") or "").split(",")}
            chosen = [a for a in attachments.values() if a.parent == parent and a.id not in exclude]
        return [a for a in chosen if re.search(r"\.(?:jpe?g|png|gif|webp|avif|svg)$", _no_query(a.url), re.I)]

    def _gutenberg_embed(self, match: re.Match) -> str:
        self.report.converted["embed"] += 1
        url = html.escape(html.unescape(match.group(1)))
        caption = f"\n\n<p>{match.group(2)}</p>" if match.group(2) else ""
        return f"\n\n<p><a href=\"{url}\">{url}</a></p>{caption}\n\n"

    def _bare_url(self, match: re.Match) -> str:
        self.report.converted["embed"] += 1
        url = html.escape(html.unescape(match.group(1)))
        return f"\n\n<p><a href=\"{url}\">{url}</a></p>\n\n"

    # -- wpautop

    def _autop(self, text: str) -> str:
        text = _PRE.sub(lambda m: f"\n\n{self.token(m.group(0))}\n\n", text)
        text = _BLOCK_OPEN.sub(r"\n\n\1", text)
        text = _BLOCK_CLOSE.sub(r"\n\n\1\n\n", text)
        # wpautop's "double line break after hr tags, which are self closing": the rest of the line is one
        # paragraph. Its pattern misses an <hr> with attributes (Word's <hr size="1" />, before the footnotes),
        # which the browser shows so all the same.
        text = _HR.sub(r"\1\n\n", text)
        stack: list[str] = []
        out = []
        for chunk in re.split(r"\n\s*\n", text):
            chunk = chunk.strip()
            if not chunk:
                continue
            inside = any(_NO_WRAP.match(name) for name in stack)
            if not inside and not _STARTS_BLOCK.match(chunk):
                chunk = "<p>" + re.sub(r"(?<!<br>)(?<!<br />)\n", "<br />\n", chunk) + "</p>"
            else:
                for closing, name, selfclosing in _TAG.findall(chunk):
                    name = name.lower()
                    if name in _VOID or selfclosing:
                        continue
                    if not closing:
                        stack.append(name)
                    elif name in stack:
                        del stack[len(stack) - 1 - stack[::-1].index(name):]
            out.append(chunk)
        # "text\n</li>" was split only to find paragraphs: join it again.
        return _BEFORE_CLOSE.sub(r"\1", "\n".join(out))

    # -- HTML → Markdown, block by block

    def _blocks(self, html_text: str) -> list[str]:
        soup = BeautifulSoup(html_text, "html.parser")
        out: list[str] = []
        for node in list(soup.contents):
            if isinstance(node, Comment):
                out.append(f"<!--{node}-->")
            elif isinstance(node, NavigableString):
                for text in _apart_from_lone_tokens(str(node).strip()):
                    out.append(self._markdown(f"<p>{html.escape(text)}</p>"))
            elif isinstance(node, Tag):
                self._localize_links(node)  # in a block kept as HTML too (a gallery, a Gutenberg image)
                out.append(self._markdown(str(node)) if _faithful(node) else _raw(node))
        return out

    def _localize_links(self, node: Tag) -> None:
        for element, attribute in [(img, "src") for img in node.find_all("img")] + [(a, "href") for a in node.find_all("a")]:
            url = element.get(attribute) or ""
            archive = self.reader.archive_url(url) if attribute == "href" else None
            if archive:
                element[attribute] = archive  # WordPress's /tag/pekwm/ is newsgen's /tags/pekwm/
                self.report.converted["link to a tag or category archive"] += 1
                continue
            attachment = self.reader.data.by_url.get(_no_query(url))
            if attribute == "href" and attachment is None and not re.search(r"\.(?:jpe?g|png|gif|webp|pdf)$", _no_query(url), re.I):
                continue
            local = self.reader.localize(url, self.folder, self.assets, self.origin, attachment)
            if local:
                element[attribute] = local
                for sized in ("srcset", "sizes"):  # the old server's resized copies: the local original stands for them
                    if element.name == "img" and sized in element.attrs:
                        del element[sized]

    def _markdown(self, fragment: str) -> str:
        return _Converter().convert(fragment).strip()


def _code_block_with_language(match: re.Match) -> str:
    """A Gutenberg code block's <pre>, its language, which only the block's
    comment gives, as its class: the comment goes, the language stays."""
    try:
        attributes = json.loads(match[1])
    except ValueError:
        attributes = {}
    language = attributes.get("language") if isinstance(attributes, dict) else None
    if not isinstance(language, str) or not re.fullmatch(r"[\w+-]+", language):
        return match[0]
    pre_attrs = match[2]
    classes = re.search(r"""\bclass\s*=\s*(["'])(.*?)\1""", pre_attrs)
    if classes:
        pre_attrs = pre_attrs[:classes.start(2)] + f"{classes[2]} language-{language}" + pre_attrs[classes.end(2):]
    else:
        pre_attrs += f' class="language-{language}"'
    return f"{match[0][:match.start(2) - match.start()]}{pre_attrs}>"


def _apart_from_lone_tokens(text: str) -> list[str]:
    """Text's lines in blocks, a token alone on its line (a code block) one
    of its own: wpautop's chunks are joined by a line break."""
    blocks: list[str] = []
    for line in text.split("\n"):
        if re.fullmatch(r"WPTOKEN\d+X", line.strip()) or not blocks or re.fullmatch(r"WPTOKEN\d+X", blocks[-1]):
            blocks.append(line.strip() if re.fullmatch(r"\s*WPTOKEN\d+X\s*", line) else line)
        else:
            blocks[-1] += "\n" + line
    return [block.strip() for block in blocks if block.strip()]


def _jetpack_video_id(service: str, attrs: dict[str, str]) -> str:
    """The video Jetpack's [youtube URL] or [vimeo ID-or-URL] shows (its
    youtube_id and jetpack_shortcode_get_vimeo_id): a YouTube video's id from
    any of its URLs, sizes and options (`&w=640&h=360`) aside; a Vimeo
    video's number. "" for another (a playlist)."""
    given = (attrs.get("id") or attrs.get("0") or "").strip().strip("=")
    if service == "vimeo":
        found = re.fullmatch(r"(\d+)|(?:https?:)?//(?:[\w-]+\.)*vimeo\.com/(?:video/)?(\d+)/?", given, re.I)
        return (found[1] or found[2]) if found else ""
    parts = urlsplit(given if "//" in given else f"//{given}")
    host, path = parts.netloc.lower().removeprefix("www.").removeprefix("m."), parts.path
    if host == "youtu.be":
        video = path.strip("/")
    elif host.endswith("youtube.com"):
        video = parse_qs(parts.query.replace("&amp;", "&")).get("v", [""])[0]
        if not video and re.match(r"/(?:v|embed|shorts)/", path):
            video = path.split("/")[2]
    else:
        video = ""
    return video if re.fullmatch(r"[\w-]+", video) else ""


def _gist_link(given: str, file: str = "") -> str:
    """The link to the gist Jetpack's [gist id=ID], [gist URL] or
    [gist]URL[/gist] shows (newsgen has no embeds), as the Hugo import makes
    of Hugo's gist: "Gist by USER" where the URL names its owner. "" for
    anything else."""
    found = re.fullmatch(r"(?:(?:https?:)?//gist\.github\.com/)?(?:([\w-]+)/)?([0-9a-f]+)/?(#file-[\w-]+)?", html.unescape(given).strip(), re.I)
    if not found:
        return ""
    user, gist, anchor = found.groups()
    return gist_link(user or "", gist, file, anchor or "")


# What WordPress's sanitize_title_with_dashes strips, not a word's break:
# "It's the economy" is its-the-economy (a draft not yet given a post_name
# is named so when it is published).
_STRIPPED_IN_SLUGS = re.compile(r"['\u2018\u2019\u201a\u201b\u00b4`]")


def _as_wordpress_titles_it(title: str) -> str:
    """A title as WordPress makes a post's name of it: apostrophes dropped, not made hyphens."""
    return _STRIPPED_IN_SLUGS.sub("", title)


def _registered_looking(name: str, attr_text: str, self_closing: bool, closed_later: bool) -> bool:
    """Would WordPress have expanded `[name …]`? It expands only names
    registered (do_shortcode's array_intersect with $shortcode_tags), its
    own and its plugins', which an export does not list: a known name,
    attributes (`id="3"`), `/]`, a closing `[/name]` or a name no prose has
    (`rev_slider`) is one; a word or words in brackets (`[sic]`, `cats [and]
    dogs`, `coracles [simple boat]`) is text, as WordPress shows it."""
    return name in _KNOWN_SHORTCODES or "=" in attr_text or self_closing or closed_later or "_" in name


def _shortcode_attrs(text: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    position = 0
    for match in _ATTRS.finditer(text or ""):
        if match.group(1):
            attrs[match.group(1).lower()] = match.group(2)
        elif match.group(3):
            attrs[match.group(3).lower()] = match.group(4)
        elif match.group(5):
            attrs[match.group(5).lower()] = match.group(6)
        else:
            attrs[str(position)] = match.group(7) if match.group(7) is not None else match.group(8)
            position += 1
    return {key: html.unescape(value) for key, value in attrs.items()}


def _faithful(node: Tag) -> bool:
    """Can Markdown say this block exactly? Otherwise it stays HTML."""
    for element in [node, *node.find_all(True)]:
        name = element.name.lower()
        if name in _INLINE_HTML:
            continue
        if name not in _MARKDOWN_TAGS:
            return False
        allowed = _ALLOWED_ATTRS.get(name, set())
        for attribute, value in element.attrs.items():
            if attribute == "class":
                classes = value if isinstance(value, list) else str(value).split()
                if all(_HARMLESS_CLASS.match(c) for c in classes):
                    continue
                return False
            if attribute not in allowed and not attribute.startswith("data-"):
                return False
        if name in ("span", "div") and element.attrs and set(element.attrs) != {"class"}:
            return False
        if name == "pre" and any(child.name not in ("code",) for child in element.find_all(True)):
            return False
        if name in ("h1", "h2", "h3", "h4", "h5", "h6", "th", "td") and element.find(["br", "p", "ul", "ol", "div",
                                                                                        "table", "pre", "blockquote"]):
            return False
        if name == "a" and element.find(["p", "div", "ul", "ol", "table", "blockquote", "pre", "h1", "h2", "h3", "h4"]):
            return False
        if name in ("strong", "b", "em", "i") and element.find_parent(_SAME_EMPHASIS[name]) is not None:
            return False  # **bold **nested**** is not Markdown
        if name == "code" and element.find("br") is not None:
            return False
        if name == "table" and not _simple_table(element):
            return False
        if name in ("li", "dd", "dt", "blockquote") and element.find(["table"]):
            return False
    return True


_SAME_EMPHASIS = {"strong": ["strong", "b"], "b": ["strong", "b"], "em": ["em", "i"], "i": ["em", "i"]}


def _simple_table(table: Tag) -> bool:
    rows = table.find_all("tr")
    if not rows or table.find("caption") is not None or table.find("table") is not None:
        return False
    if not rows[0].find("th"):
        return False
    widths = {len(row.find_all(["td", "th"], recursive=False)) for row in rows}
    return len(widths) == 1


def _raw(node: Tag) -> str:
    text = str(node).strip()
    if "<pre" not in text.lower() and "WPTOKEN" not in text:
        text = re.sub(r"\n[ \t]*\n+", "\n", text)
    # A raw block's lines must not look like an indented code block to Markdown.
    return text


class _Converter(MarkdownConverter):
    def __init__(self) -> None:
        super().__init__(heading_style=ATX, bullets="-", escape_misc=True, strong_em_symbol="*",
                         keep_inline_images_in=["h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "a"],
                         code_language_callback=_code_language)

    def escape(self, text: str, parent_tags) -> str:
        text = super().escape(text, parent_tags)
        # Python-Markdown does not know \& \< \~ \= as escapes: say them as entities, or plainly.
        return text.replace("\\&", "&amp;").replace("\\<", "&lt;").replace("\\~", "~").replace("\\=", "&#61;")

    def get_conv_fn(self, tag_name):
        if tag_name.lower() in _INLINE_HTML:
            return self._inline_html
        return super().get_conv_fn(tag_name)

    @staticmethod
    def _inline_html(el, text, parent_tags) -> str:
        attrs = "".join(f' {key}="{html.escape(" ".join(value) if isinstance(value, list) else str(value))}"'
                        for key, value in el.attrs.items())
        return f"<{el.name}{attrs}>{text}</{el.name}>"

    def convert_a(self, el, text, parent_tags):
        href = el.get("href") or ""
        if (href.startswith(("http://", "https://")) and el.get_text() == href and not el.get("title")
                and not el.find(True) and not re.search(r"[\s<>]", href) and "_inline" not in parent_tags):
            return f"<{href}>"  # an autolink, whatever escaping its text would need
        if el.get("href"):
            el["href"] = _markdown_url(el["href"])
        return super().convert_a(el, text, parent_tags)

    def convert_img(self, el, text, parent_tags):
        if el.get("src"):
            el["src"] = _markdown_url(el["src"])
        if el.get("alt"):
            el["alt"] = el["alt"].replace("[", "\\[").replace("]", "\\]")
        return super().convert_img(el, text, parent_tags)


def _markdown_url(url: str) -> str:
    return url.strip().replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _code_language(el) -> str:
    for element in (el, el.find("code")):
        if element is None:
            continue
        for cls in element.get("class") or []:
            match = re.match(r"^(?:language|lang)-([\w+-]+)$", cls)
            if match:
                return match.group(1)
    return ""
