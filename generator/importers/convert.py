"""Jekyll's Liquid and Hugo's shortcodes → the Markdown and HTML they stood for.

newsgen runs no templates in bodies, so an imported story must carry what
its template syntax produced: a figure, a link to a video or tweet (newsgen
has no embeds; a link is the faithful static form), a fenced code block, a
link to another imported story, a site path. `convert_markup` converts the
common forms, counts each in `report.converted`, and counts what is left
(site-specific shortcodes and includes) in `report.left`, by name, for the
report; the build warns of what is left.

Readers build a `LinkResolver` first (every story's source path and new
target, every asset folder), then convert bodies, so that a link to a story
listed later still resolves. `map_front_matter` turns another generator's
front matter into newsgen's keys with `keys.py`, the one table of synonyms.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import quote, unquote, urljoin, urlsplit
from zoneinfo import ZoneInfo

from ..content.discover import FRONT_MATTER_OPENING, has_front_matter
from ..content.keys import IGNORED, IMAGE_SOURCE_KEYS, SYNONYMS, WITHHOLDING, newsgen_key, sites_own_status, withholds
from ..content.model import KINDS
from ..content.parse import plain_text
from ..content.template_syntax import HUGO_SHORTCODE, blank, find_template_syntax, mask_code, mask_raw
from ..dates import DateError, has_time, parse_datetime
from ..sitepaths import HUGO_SITE_PATH, LIQUID_LINK_TAG, LIQUID_SITE_PATH, LIQUID_SITE_ROOT, is_external, site_path_of
from .common import DEFINITION_OPENING, STRAY_TRAILING, ImportReport


class LinkResolver:
    """Where things of the old site are in the new one.

    `stories` maps every name a body may use for a story (its source path
    "_posts/2014-09-25-x.md", its post_url name "2014-09-25-x", a Hugo ref
    path "blog/x.md" or base name "x") to its target under content/, or to
    the URL of a page newsgen makes ("/tags/x/", for a Hugo term's page);
    `origins` maps each source path to its own target, for relative links.
    `asset_roots` are the folders a site path ("/assets/x.png") is looked
    up in (the Jekyll site, Hugo's static/); `source_root` is the folder
    source paths are relative to. `served` maps a site path ("img/x.png")
    to the file the old site copied there from elsewhere (Eleventy's
    addPassthroughCopy({"assets/img": "img"})); it is looked up first.
    `lower_cased_roots` are the folders the old site served at lower-cased
    URLs (Hugo's content, unless disablePathToLower): a site path is looked
    up in them in any case last, /docs/concepts/x.png in docs/Concepts/.
    `front_matter` is the old generator's test of a file's first bytes for
    front matter: a file with it is a template it rendered, not one to copy."""

    def __init__(self, source_root: Path, asset_roots: list[Path] | None = None, served: dict[str, Path] | None = None,
                 lower_cased_roots: list[Path] | None = None, front_matter: re.Pattern[bytes] = FRONT_MATTER_OPENING) -> None:
        self.source_root = source_root
        self.front_matter = front_matter
        self.asset_roots = list(asset_roots or [source_root])
        self.served = dict(served or {})
        self.lower_cased_roots = list(lower_cased_roots or [])
        self.stories: dict[str, str] = {}
        self.origins: dict[str, str] = {}
        self.ambiguous: set[str] = set()
        # A multilingual site's names per language: a French page's ref to
        # "blog/x.md" is to the French version (Hugo's relref).
        self.language_of: dict[str, str] = {}  # origin → its language
        self.in_language: dict[tuple[str, str], str] = {}
        self.content_paths: dict[str, str] = {}  # origin → its path in Hugo's content ("news/one.md"), for page-relative refs
        self.pages_at: dict[tuple[str, str], str] = {}  # (language, Hugo's page path "news/one") → target, for GetPage
        # origin → other folders whose files are its own too where its folder lacks them, in the order
        # looked in (a Hugo bundle's translations' bundles: Hugo shares their files with it).
        self.shared_folders: dict[str, list[Path]] = {}

    def add_story(self, origin: str, target: str, *names: str, language: str = "", shared: bool = True, content_path: str = "") -> None:
        """`names` are the story's in its `language`, and, when `shared`, in every language without a version of its own.
        `content_path`: its path in Hugo's content, where a ref from it starts."""
        self.origins[origin] = target
        if content_path:
            self.content_paths[origin] = content_path
            self.pages_at.setdefault((language, _hugo_page_path(content_path, language)), target)
        if language:
            self.language_of[origin] = language
            for name in names:
                self.in_language.setdefault((language, self._key(name)), target)
        for name in {origin, *names} if shared else {origin}:
            key = self._key(name)
            if key in self.stories and self.stories[key] != target:
                self.ambiguous.add(key)
            self.stories.setdefault(key, target)

    @staticmethod
    def _key(name: str) -> str:
        return unquote(name).strip().strip("/").lower()

    def story(self, name: str, origin: str = "") -> str | None:
        """The target under content/ of the story `name` names (from the
        story imported from `origin`, in its language first), or None."""
        key = self._key(name)
        language = self.language_of.get(origin)
        candidates = (key, re.sub(r"\.(md|markdown|html)$", "", key))
        for candidate in candidates if language else ():
            if (language, candidate) in self.in_language:
                return self.in_language[language, candidate]
        if key in self.ambiguous:
            return None
        for candidate in candidates:
            if candidate in self.stories:
                return self.stories[candidate]
        return None

    def relative(self, name: str, origin: str) -> str | None:
        """A link from the story imported from `origin` to the story `name`."""
        return self._link(self.story(name, origin), origin)

    def _link(self, target: str | None, origin: str) -> str | None:
        """A link from the story imported from `origin` to `target`."""
        if target is None or target.startswith("/"):
            return target  # (a page newsgen makes, at its URL: a term's tag page)
        here = self.origins.get(origin)
        if here is None:
            return "/" + target
        return posixpath.relpath(target, posixpath.dirname(here) or ".")

    def hugo_ref(self, ref: str, origin: str) -> str | None:
        """A link from the story imported from `origin` to the page Hugo's
        ref and relref find at `ref`: a path without a leading `/` is read
        from the page's folder first (`../features/post.md`), then from the
        content folder and as a page's name; one starting with `.` only so."""
        here = self.content_paths.get(origin)
        if here is not None and not ref.startswith("/"):
            found = posixpath.normpath(posixpath.join(_hugo_ref_folder(here, ref), ref))
            link = self.relative(found, origin) if not found.startswith("..") else None
            if link is not None or ref.startswith("."):
                return link
        return self.relative(ref, origin)

    def hugo_page(self, path: str, origin: str) -> str | None:
        """A link from the story imported from `origin` to the page Hugo's
        Page.GetPage finds at `path` (a site's render-link hook looks a
        Markdown link up so): a path without a leading `/` from the page's
        folder first, as a ref, then from the content folder (one starting
        with `.` only so), with or without its extension; never by a page's
        name alone, as a ref may."""
        here = self.content_paths.get(origin)
        if here is None:
            return None
        candidates = [] if path.startswith("/") else [posixpath.join(_hugo_ref_folder(here, path), path)]
        if not path.startswith("."):
            candidates.append(path.lstrip("/"))
        language = self.language_of.get(origin, "")
        for candidate in candidates:
            found = posixpath.normpath(candidate)
            if not found.startswith("..") and (target := self.pages_at.get((language, _hugo_page_path(found, "")))):
                return self._link(target, origin)
        return None

    def asset(self, path: str, origin: str = "") -> tuple[Path, str] | None:
        """(the file, its path under content/) for a site path or a path
        relative to `origin`, when the file exists in the source."""
        clean = unquote(path.split("#", 1)[0].split("?", 1)[0])
        if not clean or is_external(clean) or "\x00" in clean or "\\" in clean:
            return None
        if clean.startswith("/"):
            rel = posixpath.normpath(clean.lstrip("/"))
            if rel.startswith("..") or rel == ".":
                return None
            if rel in self.served and _is_plain_file(self.served[rel]):
                return self.served[rel], rel
            for root in self.asset_roots:
                candidate = root / rel
                if _is_plain_file(candidate):
                    return candidate, rel
            for root in self.lower_cased_roots:
                found = _file_in_any_case(root, rel)
                if found is not None:
                    return found, rel
            return None
        if not origin:
            return None
        source_dir = posixpath.dirname(origin)
        rel_source = posixpath.normpath(posixpath.join(source_dir, clean))
        candidate = self.source_root / rel_source
        here = self.origins.get(origin)
        if rel_source.startswith("..") or here is None:
            return None
        if not _is_plain_file(candidate):
            inside = posixpath.normpath(clean)
            shared = self.shared_folders.get(origin, []) if not inside.startswith("..") else []
            candidate = next((folder / inside for folder in shared if _is_plain_file(folder / inside)), None)
            if candidate is None:
                return None
        rel_target = posixpath.normpath(posixpath.join(posixpath.dirname(here), clean))
        if rel_target.startswith(".."):
            return None
        return candidate, rel_target


def _file_in_any_case(root: Path, rel: str) -> Path | None:
    """The file under `root` whose path is `rel` but for case, each folder's
    and the file's name; None where there is none."""
    found = root
    for part in rel.split("/"):
        try:
            names = sorted(child.name for child in found.iterdir()) if found.is_dir() else []
        except OSError:
            return None
        name = next((name for name in names if name.lower() == part.lower()), None)
        if name is None:
            return None
        found = found / name
    return found if _is_plain_file(found) else None


def _hugo_ref_folder(content_path: str, ref: str) -> str:
    """The folder Hugo reads a page-relative ref from (pageFinder's
    getContentNodeForRef): a page's, its file's folder; a list page's
    (_index.md), its own; a leaf bundle's (x/index.md), the folder that holds
    the bundle, but the bundle's own for a `../` path with a file extension."""
    folder, name = posixpath.split(content_path)
    bundle = name.split(".", 1)[0].lower() == "index" and folder
    if bundle and not (ref.startswith("../") and posixpath.splitext(ref.split("#", 1)[0])[1]):
        return posixpath.dirname(folder)
    return folder


def _hugo_page_path(content_path: str, language: str) -> str:
    """The path Hugo knows a page by in its content: news/one for
    news/one.md (or news/one.fr.md, in French), a list page's and a leaf
    bundle's their folder's (news for news/_index.md), in lower case."""
    stem = re.sub(r"\.(?:md|markdown|html?)$", "", content_path.strip("/"), flags=re.IGNORECASE)
    if language:
        stem = re.sub(rf"\.{re.escape(language)}$", "", stem, flags=re.IGNORECASE)
    folder, name = posixpath.split(stem)
    return LinkResolver._key(folder if name.lower() in ("_index", "index") else stem)


def _is_plain_file(path: Path) -> bool:
    """A regular file, not a link; False for a name the system refuses (too long, …)."""
    try:
        return path.is_file() and not path.is_symlink()
    except OSError:
        return False


# ---------------------------------------------------------------- arguments

_ARG = re.compile(r"""([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"'>%]+))|"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"'=]+)""")


def parse_arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """Positional and named arguments of a shortcode or include."""
    positional: list[str] = []
    named: dict[str, str] = {}
    for match in _ARG.finditer(text):
        if match[1]:
            value = next((g for g in match.groups()[1:4] if g is not None), "")
            named[match[1].lower()] = value.replace('\\"', '"')
        else:
            value = next((g for g in match.groups()[4:7] if g is not None), "")
            positional.append(value.replace('\\"', '"'))
    return positional, named


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _figure(src: str, alt: str | None, caption: str, title: str, attr: str, link: str, links: LinkResolver, origin: str) -> str:
    """A figure: a Markdown image when only the picture and its alt text
    are given (and the picture exists, so the build can check it), else
    an HTML figure with a caption. An `alt` of None, not given, is no
    alt="" where a caption speaks for the picture (HTML lets a figure's
    picture go without one then): alt="" would say it needs no words.
    Without a caption an <img> must have one: then it is alt=""."""
    credit = f" {html.escape(attr)}" if attr else ""
    if alt is not None and not caption and not title and not attr and not link and (is_external(src) or links.asset(src, origin)):
        return f"![{alt.replace(']', '')}]({src})"
    text = " ".join(x for x in (f"<strong>{html.escape(title)}</strong>" if title else "", html.escape(caption), credit.strip()) if x)
    image = f'<img src="{_attr(src)}"' + (f' alt="{_attr(alt or "")}">' if alt is not None or not text else ">")
    parts = ["<figure>", f'<a href="{_attr(link)}">{image}</a>' if link else image]
    if text:
        parts.append(f"<figcaption>{text}</figcaption>")
    parts.append("</figure>")
    return "\n".join(parts)


def gist_link(user: str, gist: str, file: str = "", anchor: str = "") -> str:
    """A link to a gist, where the old site embedded it (newsgen has no
    embeds): "Gist by USER" where its owner is known; `file` names one of
    its files, `anchor` is a #file-… the address gave."""
    suffix = f"#file-{re.sub(r'[^a-z0-9]+', '-', file.lower())}" if file else anchor
    url = f"https://gist.github.com/{user + '/' if user else ''}{gist}{suffix}"
    return f"[Gist by {user}]({url})" if user else f"[The gist on GitHub]({url})"


def _video_link(service: str, video: str, title: str = "") -> str:
    if service == "vimeo":
        url, label = f"https://vimeo.com/{video}", "Vimeo"
    else:
        url, label = f"https://www.youtube.com/watch?v={video}", "YouTube"
    text = title or f"Watch the video on {label}"
    return f"[{_md_text(text)}]({url})"


def _md_text(text: str) -> str:
    return re.sub(r"([\[\]\\])", r"\\\1", text)


def _fence(code: str, language: str) -> str:
    code = code.strip("\n")
    ticks = "```"
    while ticks in code:
        ticks += "`"
    return f"{ticks}{language}\n{code}\n{ticks}"


# ---------------------------------------------------------------- Hugo

_PAIRED = re.compile(r"\{\{([<%])\s*(highlight)\b(?P<args>.*?)\s*[>%]\}\}(?P<inner>.*?)\{\{[<%]\s*/\s*\2\s*[>%]\}\}", re.DOTALL)
_SHORTCODE = re.compile(r"\{\{([<%])\s*(?P<name>\w[\w./-]*)(?P<args>.*?)\s*/?\s*[>%]\}\}", re.DOTALL)
_IMAGE_SHORTCODES = re.compile(r"^(?:figure|img|image|legacy-img|img-right|img-left|legacy-img-right|legacy-img-left)$")


def _same_video(name: str, positional: list[str], named: dict[str, str]) -> bool:
    """Is a site's own youtube or vimeo shortcode given a video's id, as
    Hugo's is? Sites redefine these for their markup (digital.gov's 87,
    privacy-minded embeds), not for what the argument means: the link to
    the video stays right."""
    video = named.get("id") or (positional[0] if positional else "")
    return name in ("youtube", "vimeo") and bool(_VIDEO_ID.match(video))


def _convert_hugo(body: str, links: LinkResolver, report: ImportReport, origin: str, sites_own: frozenset[str]) -> str:
    """`sites_own`: the shortcodes the site (or its theme) defines, whose
    meaning is its own (digital.gov's `img` looks its `src` up in the site's
    data, its `highlight` marks text): left as they are, said in the report."""
    def paired(match: re.Match) -> str:
        if match[2].lower() in sites_own:
            return match[0]
        positional, _ = parse_arguments(match["args"])
        report.converted["Hugo highlight"] += 1
        return _fence(match["inner"], positional[0] if positional else "")

    body = _sub_outside_code(_PAIRED, paired, body)

    def single(match: re.Match) -> str:
        name = match["name"].lower()
        args = match["args"]
        positional, named = parse_arguments(args or "")
        text = match[0]
        if name.lstrip("/") in sites_own and not _same_video(name, positional, named):
            if not name.startswith("/"):
                report.sites_own_shortcodes[f"Hugo {name}"] += 1
            return text
        if _IMAGE_SHORTCODES.match(name):
            src = named.get("src") or (positional[0] if positional else "")
            if not src:
                return text
            report.converted[f"Hugo {name}"] += 1
            return _figure(src, named.get("alt"), named.get("caption", ""), named.get("title", ""),
                           named.get("attr", "") or named.get("credit", ""), named.get("link", ""), links, origin)
        if name in ("youtube", "vimeo", "vimeo_simple"):  # (Hugo's built-in shortcodes, and their _simple forms)
            video = named.get("id") or (positional[0] if positional else "")
            if not video:
                return text
            report.converted[f"Hugo {name}"] += 1
            return _video_link(name.removesuffix("_simple"), video, named.get("title", ""))
        if name in ("tweet", "twitter", "twitter_simple", "x", "x_simple"):
            user = named.get("user", "")
            tweet = named.get("id") or (positional[-1] if positional else "")
            if not tweet.isdigit():
                return text
            report.converted[f"Hugo {name}"] += 1
            url = f"https://twitter.com/{user}/status/{tweet}" if user else f"https://twitter.com/i/status/{tweet}"
            return f"[{'Post by @' + user if user else 'Post'} on X (Twitter)]({url})"
        if name == "gist" and len(positional) >= 2:
            report.converted["Hugo gist"] += 1
            return gist_link(positional[0], positional[1], positional[2] if len(positional) > 2 else "")
        if name in ("ref", "relref"):
            path = named.get("path") or (positional[0] if positional else "")
            path, _, anchor = path.partition("#")
            if not path and anchor:
                report.converted[f"Hugo {name}"] += 1
                return "#" + anchor
            link = links.hugo_ref(path, origin)
            if link is None:
                return text
            report.converted[f"Hugo {name}"] += 1
            return link + ("#" + anchor if anchor else "")
        return text

    def site_path(match: re.Match) -> str:
        report.converted["Hugo relURL/absURL"] += 1
        return site_path_of(match)

    body = _sub_outside_code(HUGO_SITE_PATH, site_path, body)
    return _sub_outside_code(_SHORTCODE, single, body)


# ---------------------------------------------------------------- Jekyll

_COMMENT = re.compile(r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}", re.DOTALL)
_HIGHLIGHT = re.compile(r"\{%-?\s*highlight\s+([\w+#.-]+)[^%]*?-?%\}(.*?)\{%-?\s*endhighlight\s*-?%\}", re.DOTALL)
_INCLUDE = re.compile(r"\{%-?\s*include\s+(?P<file>[\w./-]+)(?P<args>.*?)-?%\}", re.DOTALL)
_VIDEO_ID = re.compile(r"^[\w-]{6,20}$")


# {{ page.image }}, {{ page.images[0] }}: a value of the post's own front matter;
# {{ site.repository }}, {{ site.license.url }}: one of _config.yml.
_VALUE = re.compile(r"\{\{-?\s*(?P<of>page|site)\.(?P<path>\w+(?:\.\w+|\[\d+\])*)\s*-?\}\}")


def _value_at(data: Any, path: str) -> str | None:
    """The plain text or number at a dotted path (`license.url`, `images[0]`), else None."""
    for step in re.findall(r"\w+|\[\d+\]", path):
        if step.startswith("["):
            index = int(step[1:-1])
            data = data[index] if isinstance(data, list) and index < len(data) else None
        else:
            data = data.get(step) if isinstance(data, dict) else None
    return str(data) if isinstance(data, (str, int, float)) and not isinstance(data, bool) else None


def _static_file_url(name: str, links: LinkResolver) -> str | None:
    """The URL Jekyll's {% link %} gives a file it copies as it is
    (kubevirt.io's `{% link assets/files/vm.yaml %}`): its path in the site,
    named with or without a leading "/", as site.each_site_file finds it.
    None for a page (front matter), or a file in a folder Jekyll does not
    publish (_data/, .git/): its build stops there, and so the tag stays."""
    hit = links.asset("/" + name.lstrip("/"))
    if hit is None or has_front_matter(str(hit[0]), links.front_matter) or any(part.startswith(("_", ".")) for part in hit[1].split("/")):
        return None
    return quote("/" + hit[1])


def _convert_jekyll(body: str, links: LinkResolver, report: ImportReport, origin: str, page: Mapping[str, Any],
                    site: Mapping[str, Any]) -> str:
    def value(match: re.Match) -> str:
        found = _value_at(page if match["of"] == "page" else site, match["path"])
        if found is None or (match["of"] == "site" and match["path"] in ("url", "baseurl")):
            return match[0]  # (the site's own address: made a site path below)
        report.converted[f"Liquid {match['of']} value"] += 1
        return found

    if "page." in body or "site." in body:  # first: a link may be made of it (18F's ![x]({{ page.images[0] }}))
        body = _sub_outside_code(_VALUE, value, body)

    def comment(match: re.Match) -> str:
        report.converted["Liquid comment"] += 1
        return ""

    body = _sub_outside_code(_COMMENT, comment, body)

    def highlight(match: re.Match) -> str:
        report.converted["Liquid highlight"] += 1
        return _fence(match[2], match[1])

    # Again while one converts: a highlighted block's own backtick (Ruby's `foo') may pair with
    # one in the next and hide that block's tag as "code" until the first is a fenced block.
    converted = _sub_outside_code(_HIGHLIGHT, highlight, body)
    while converted != body:
        body, converted = converted, _sub_outside_code(_HIGHLIGHT, highlight, converted)

    def link(match: re.Match) -> str:
        name = match["name"]
        found = links.relative(name, origin)
        if found is None and match[1] == "post_url":
            found = links.relative("_posts/" + name, origin)
        if found is None and match[1] == "link":
            found = _static_file_url(name, links)
        if found is None:
            return match[0]
        report.converted[f"Liquid {match[1]}"] += 1
        return found

    body = _sub_outside_code(LIQUID_LINK_TAG, link, body)

    def path_filter(match: re.Match) -> str:
        report.converted["Liquid site path"] += 1
        return site_path_of(match)

    body = _sub_outside_code(LIQUID_SITE_PATH, path_filter, body)

    def site_var(match: re.Match) -> str:
        report.converted["Liquid site.baseurl/site.url"] += 1
        return ""

    body = _sub_outside_code(LIQUID_SITE_ROOT, site_var, body)

    def include(match: re.Match) -> str:
        name = match["file"].lower()
        positional, named = parse_arguments(match["args"])
        stem = posixpath.basename(name).rsplit(".", 1)[0]
        if _media_include(stem) == "video":
            service = "vimeo" if "vimeo" in stem or named.get("provider") == "vimeo" else "youtube"
            video = next((named[k] for k in ("id", "youtube_id", "video_id", "vimeo_id", "video") if named.get(k)), "")
            video = video or next((p for p in positional if _VIDEO_ID.match(p)), "")
            if not _VIDEO_ID.match(video):
                return match[0]
            report.converted[f"Liquid include {posixpath.basename(name)}"] += 1
            return _video_link(service, video, named.get("title", ""))
        if _media_include(stem) == "figure":
            src = next((named[k] for k in ("image_path", "url", "src", "file", "path", "image") if named.get(k)), "")
            if not src or "{{" in src:
                return match[0]
            report.converted[f"Liquid include {posixpath.basename(name)}"] += 1
            caption = named.get("caption") or named.get("description", "")
            return _figure(src, named.get("alt") or named.get("description") or named.get("alt"), caption, named.get("title", ""),
                           named.get("credit", ""), named.get("link", ""), links, origin)
        return match[0]

    return _sub_outside_code(_INCLUDE, include, body)


def _media_include(stem: str) -> str:
    """What an include of this name (without its folder and extension) shows,
    as the import converts it: "video", "figure", or "" for another."""
    if "youtube" in stem or "vimeo" in stem or stem in ("video", "embed-video", "responsive-embed"):
        return "video"
    return "figure" if stem in ("figure", "image", "img", "picture", "lightbox") else ""


def is_media_include(tag: str) -> bool:
    """Is the Liquid tag an include of a video or a picture, which the import makes a link or a figure of?"""
    found = _INCLUDE.fullmatch(tag.strip())
    return found is not None and bool(_media_include(posixpath.basename(found["file"].lower()).rsplit(".", 1)[0]))


# ---------------------------------------------------------------- shared

def _sub_outside_code(pattern: re.Pattern, replace: Callable[[re.Match], str], text: str) -> str:
    """pattern.sub, skipping matches that start in code or raw text."""
    if "{" not in text:
        return text
    masked = mask_raw(mask_code(text))

    def guarded(match: re.Match) -> str:
        if masked[match.start():match.start() + 2] != text[match.start():match.start() + 2]:
            return match[0]
        return replace(match)

    return pattern.sub(guarded, text)


_RAW_BLOCK = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.DOTALL)
_PLACEHOLDER = "\x02raw{}\x03"
_ESCAPED_SHORTCODE = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.DOTALL)


def convert_markup(body: str, *, flavour: str, links: LinkResolver, report: ImportReport, origin: str,
                   page: Mapping[str, Any] | None = None, site: Mapping[str, Any] | None = None,
                   sites_own: frozenset[str] = frozenset()) -> str:
    """The body with the template syntax of `flavour` ("jekyll" or "hugo")
    converted; what is left is counted in report.left by name. `page`: the
    file's front matter, whose values `{{ page.KEY }}` shows; `site`, the
    site's configuration, for `{{ site.KEY }}`; `sites_own`, the Hugo
    shortcodes the site defines itself, left as written (_convert_hugo)."""
    if "{" not in body:
        return body
    raws: list[str] = []
    if flavour == "jekyll" and "raw" in body:
        def keep(match: re.Match) -> str:
            raws.append(match[1])
            report.converted["Liquid raw"] += 1
            return _PLACEHOLDER.format(len(raws) - 1)

        body = _RAW_BLOCK.sub(keep, body)  # raw text stays as written, in code or not
    if flavour == "hugo" and "/*" in body:
        def shown(match: re.Match) -> str:
            raws.append("{{" + match[1] + match[2] + match[3] + "}}")
            report.converted["Hugo escaped shortcode"] += 1
            return _PLACEHOLDER.format(len(raws) - 1)

        body = _ESCAPED_SHORTCODE.sub(shown, body)  # `{{</* tabs */>}}` shows `{{< tabs >}}`, as Hugo shows it
    if flavour == "hugo":
        body = _convert_hugo(body, links, report, origin, sites_own)
    else:
        body = _convert_jekyll(body, links, report, origin, page or {}, site or {})
        # A Jekyll site can use Hugo-like names in includes only; shortcodes are Hugo's.
    for item in find_template_syntax(body):
        report.left[_name_of(item.text, item.kind)] += 1
    for number, raw in enumerate(raws):
        body = body.replace(_PLACEHOLDER.format(number), raw)
    return body


# The block elements whose Markdown content md_in_html reads when they say markdown="1".
_MARKDOWN_HOLDERS = r"div|section|aside|article|details|figure|blockquote|header|footer|main|nav|center"
# An HTML block as CommonMark reads one that starts with such an element: its lines up to a blank
# line, which ends it (only one a blank line follows: after that comes Markdown).
_HTML_BLOCK = re.compile(rf"^ {{0,3}}<(?:{_MARKDOWN_HOLDERS})\b.*?(?=\n[ \t]*\n)", re.MULTILINE | re.IGNORECASE | re.DOTALL)
# One of those elements' opening or closing tag.
_HOLDER_TAG = re.compile(rf"""<(?P<closing>/?)(?P<name>{_MARKDOWN_HOLDERS})\b(?P<attributes>(?:"[^"]*"|'[^']*'|[^>"'])*?)/?>""",
                         re.IGNORECASE)


def commonmark_html_blocks(body: str, report: ImportReport) -> str:
    """The Markdown a CommonMark site (Hugo's goldmark, Eleventy's
    markdown-it) writes inside a block element, published as Markdown here
    too: in CommonMark an HTML block ends at a blank line, so what follows
    `<div class="boxed">` and a blank line is Markdown; Python-Markdown
    shows it as written unless the tag says markdown="1", which it is given.
    So is every element the block leaves open, the outer `<div>` of
    `<div>`, `<div>` and a blank line too: Python-Markdown reads no
    markdown="1" inside an element without one, and shows the attribute
    (servo.org's slides showed `* **Manuel Rego**` as written)."""
    masked = mask_code(body)
    marks: list[int] = []  # where ` markdown="1"` goes: before an opening tag's ">"
    for block in _HTML_BLOCK.finditer(masked):
        opened: list[tuple[str, int | None]] = []  # (name, where its mark goes, None if it has its own)
        for tag in _HOLDER_TAG.finditer(block[0]):
            name = tag["name"].lower()
            if not tag["closing"]:
                if not tag[0].endswith("/>"):
                    has_own = re.search(r"\bmarkdown\s*=", tag["attributes"], re.IGNORECASE)
                    opened.append((name, None if has_own else block.start() + tag.end() - 1))
            elif any(open_name == name for open_name, _ in opened):
                while opened.pop()[0] != name:
                    pass
        marks += [where for _, where in opened if where is not None]
    for where in sorted(marks, reverse=True):
        body = body[:where] + ' markdown="1"' + body[where:]
        report.converted["Markdown in an HTML block"] += 1
    return body


_CONTAINER = re.compile(r" {0,3}(?P<colons>:{3,})[ \t]*(?P<name>[\w-]*)[ \t]*(?P<title>.*?)[ \t]*")


def markdown_it_containers(body: str, report: ImportReport) -> str:
    """markdown-it-container's blocks (`::: warning` … `:::`, nested with
    more colons) as markdown-it renders them by default, a
    `<div class="warning">` with the Markdown inside it (md_in_html), and
    their title, which a site's own renderer shows, as its first line in
    bold. A block left open runs to the end, as there; code is left as it is."""
    lines, masked = body.split("\n"), mask_code(body).split("\n")
    out: list[str] = []
    opened: list[int] = []  # colons of each block open
    for line, seen in zip(lines, masked):
        found = _CONTAINER.fullmatch(seen) if seen == line else None
        if found and found["name"]:
            opened.append(len(found["colons"]))
            out += [f'<div class="{found["name"]}" markdown="1">', ""] + ([f"**{found['title']}**", ""] if found["title"] else [])
            report.converted["markdown-it container"] += 1
        elif found and opened and not found["title"] and len(found["colons"]) >= opened[-1]:
            opened.pop()
            out += ["", "</div>"]
        else:
            out.append(line)
    return "\n".join(out + ["", "</div>"] * len(opened))


# A bare web address, as markdown-it's linkify finds one: not one a link, tag or word is made of.
# Its host starts with a letter or digit, as linkify-it's does: `https://**servo.org**` is text, and
# `servo.org` in bold, which an import leaves unlinked, as it does every address without http(s).
_BARE_URL = re.compile(r"""(?<![\w@/<\["'=`])(?<!\]\()https?://(?=[^\W_]|\[)[^\s<>"'`]+""", re.IGNORECASE)
# Where a bare address is no text to link: a Markdown link (its text and its target), a reference
# definition, an HTML link with its text, an HTML tag (its attributes), template syntax.
_NOT_PROSE = re.compile(r"^ {0,3}\[[^\]\n]+\]:.*$|!?\[[^\]\n]*\](?:\([^)\n]*\)|\[[^\]\n]*\])?"
                        r"|<a\b[\s\S]*?</a\s*>|<[^>\n]*>|\{[{%].*?[}%]\}", re.IGNORECASE | re.MULTILINE)
# A paragraph of raw HTML (`<p>…`, `<div>`, `<!-- -->`): shown as written, where `<https://…>` would be a broken tag.
_HTML_PARAGRAPH = re.compile(r"(?:\A|\n[ \t]*\n)[ \t]{0,3}<[A-Za-z/!].*?(?=\n[ \t]*\n|\Z)", re.DOTALL)


def markdown_it_linkify(body: str, report: ImportReport) -> str:
    """Each bare http(s) address in the text made an autolink, `<https://…>`,
    as markdown-it's `linkify: true` made it a link (servo.org's "5,000 stars
    on https://github.com/servo/servo!"); its last punctuation, and a ")"
    it does not open, stay text. Code, links, HTML and template syntax are
    left as they are; a paragraph of raw HTML too."""
    return _linkified(body, _BARE_URL, "://", report, "markdown-it linkify")


# An address goldmark's linkify links without http(s) (GitHub's www autolink): `www.` and a domain of two parts or more.
_BARE_WWW = re.compile(r"""(?<![\w@/<\["'=`.:-])www\.(?=[^\W_])[\w-]+(?:\.[\w-]+)+[^\s<>"'`]*""", re.IGNORECASE)


def goldmark_linkify(body: str, report: ImportReport, www: bool = True) -> str:
    """Each bare address in the text made a link, as Hugo's goldmark, whose
    linkify is on unless the site turns it off, made it one (roweb3's
    "published on https://docs.ropensci.org/"): an http(s) one `<https://…>`,
    and with `www` one starting `www.` a link to it over https, Hugo's
    linkifyProtocol (Blackfriday, Hugo's before 0.60, linked only the first).
    What is no text is left as markdown_it_linkify leaves it."""
    body = _linkified(body, _BARE_URL, "://", report, "goldmark linkify")
    return _linkified(body, _BARE_WWW, "www.", report, "goldmark linkify", lambda url: f"[{url}](https://{url})") if www else body


def _linkified(body: str, bare: re.Pattern, needle: str, report: ImportReport, counted: str,
               link: Callable[[str], str] = lambda url: f"<{url}>") -> str:
    """Each address `bare` finds in the text (none without `needle`), written as `link` writes it."""
    if needle not in body.lower():
        return body
    masked = _NOT_PROSE.sub(lambda found: blank(found[0]), _HTML_PARAGRAPH.sub(lambda found: blank(found[0]), mask_raw(mask_code(body))))
    out, done = [], 0
    for found in bare.finditer(masked):
        url = found[0]
        while url and (url[-1] in ".,:;!?*_~" or url[-1] == ")" and url.count(")") > url.count("(")):
            url = url[:-1]
        if needle not in url.lower() or url.endswith(needle):  # (all of it punctuation: `https://**servo.org**`)
            continue
        out += [body[done:found.start()], link(url)]
        done = found.start() + len(url)
        report.converted[counted] += 1
    return "".join(out) + body[done:]


# Where a link's target begins: in Markdown (inline, or a reference definition's) or raw HTML.
_LINK_OPENING = r"""\]\(\s*<?|\b(?:href|src)\s*=\s*["']|""" + DEFINITION_OPENING
# A link, up to its end.
_LINK = re.compile(rf"""(?P<before>{_LINK_OPENING})(?P<path>[^)\s"'<>]+)""", re.MULTILINE)


def rooted_page_links(body: str, page_url: str | None, links: LinkResolver, origin: str, moved: Mapping[str, str] | None = None) -> str:
    """Links to pages written relative to the old page's URL (grpc.io's
    `../grpc-rust-announcement`, `../basics/`), as the old site's browsers
    read them, made site paths: newsgen reads a relative link from the
    file's folder, which is not where the page was. A link to a file (an
    extension, or one beside the source) stays as written, unless the old
    page's browsers found a file there, or an imported story's old URL
    (Pelican's `pages/community.html` from /100days-autotweet.html); one
    to an old list page `moved` names (Pelican's `author/bob.html`) leads
    to newsgen's page of the same."""
    if not page_url or ("](" not in body and "href" not in body and "src" not in body and "]:" not in body):
        return body
    masked = mask_code(body)

    def rooted(match: re.Match) -> str:
        path = match["path"]
        if (masked[match.start("path"):match.end("path")] != path or path.startswith(("/", "#")) or is_external(path)
                or "{" in path):  # template syntax left as written ({{ site.repository }}/issues/1): no path of the page's
            return match[0]
        last = path.split("#", 1)[0].split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        if ":" in path.split("/", 1)[0] or links.asset(path, origin):
            return match[0]
        if match["before"].lstrip().startswith("src") and "." not in last:
            return match[0]  # a picture's file, or no path of the page's (a shortcode's src="notify-gov-dashboard", a key)
        address, hashmark, fragment = resolved_as_browsers_do(page_url, path).partition("#")
        if moved and address in moved:
            return match["before"] + moved[address] + hashmark + fragment
        if "." in last and last not in (".", ".."):
            # A file: as written, unless it is not beside the source but is where the old page's
            # browsers found it (fluxcd's ../../../../img/flagger-gitops.png from /blog/2020/…/),
            # or it is a page the old site published there (a story's old URL, which it keeps as an alias).
            rooted = resolved_as_browsers_do(page_url, path)
            return match["before"] + rooted if links.asset(rooted, origin) or _is_old_url(rooted, links, origin) else match[0]
        return match["before"] + resolved_as_browsers_do(page_url, path)

    return _LINK.sub(rooted, body)


# A Markdown link's destination, inline or in a reference definition: what a render-link hook is given.
_MARKDOWN_LINK = re.compile(rf"""(?P<before>\]\(\s*<?|{DEFINITION_OPENING})(?P<path>[^)\s"'<>]+)""", re.MULTILINE)


def hugo_hooked_links(body: str, origin: str, links: LinkResolver, find: Callable[[str, str], str | None]) -> str:
    """Markdown links whose path the site's render-link hook looked up as a
    page (keda.sh's `.Page.GetPage $url.Path`: `./aws.md`, `../scalers`,
    `/docs/2.0/scalers/foo#x`), made links to where that page now is, its
    query and fragment kept; `find` (links.hugo_page, or links.hugo_ref for
    a hook that calls relref) finds it. A link to another site, and one the
    lookup does not find, which the hook left as written, stay so."""
    masked = mask_code(body)

    def found(match: re.Match) -> str:
        written = match["path"]
        if masked[match.start("path"):match.end("path")] != written or is_external(written) or "{" in written:
            return match[0]
        parts = urlsplit(written)
        if parts.scheme or parts.netloc or not parts.path:
            return match[0]  # mailto:, //host/x, a #fragment of the page itself
        link = find(unquote(parts.path), origin)
        if link is None:
            return match[0]
        return match["before"] + link + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")

    return _MARKDOWN_LINK.sub(found, body)


_PLACEHOLDER_ORIGIN = "http://old.site.invalid"


def resolved_as_browsers_do(page_url: str, path: str) -> str:
    """The site path a browser on the page at `page_url` went to for the
    relative `path`: a `..` at the root stays there (RFC 3986 5.2.4), so
    vitess.io's ../../../../files/x.pdf from /docs/archive/pdfs/ is
    /files/x.pdf. (urljoin does so only with a host: from a bare path it
    gives `files/x.pdf`, which is no site path.)"""
    if "://" in page_url:
        return urljoin(page_url, path)
    joined = urljoin(_PLACEHOLDER_ORIGIN + "/" + page_url.lstrip("/"), path)
    return joined.removeprefix(_PLACEHOLDER_ORIGIN) if joined.startswith(_PLACEHOLDER_ORIGIN + "/") else joined


def _is_old_url(site_path: str, links: LinkResolver, origin: str) -> bool:
    """Is the site path a page's address (`/pages/community.html`) by which `links` knows an imported story?"""
    address = site_path.split("#", 1)[0].split("?", 1)[0]
    return bool(_PAGE_FILE.search(address)) and links.story(address, origin) is not None


# A site path a link leads to, in Markdown (inline or a reference definition), raw HTML, or reST (`text <target>`_).
_SITE_PATH_LINK = re.compile(rf"""(?P<before>{_LINK_OPENING}|\s<(?=/[^<>\s]*>`))(?P<path>/[^)\s"'<>]*)""", re.MULTILINE)


def relink_source_paths(body: str, origin: str, links: LinkResolver, suffixes: tuple[str, ...] = (".md", ".markdown"), *,
                        from_input_folder: bool = True) -> str:
    """Links to another post by its file, relative to this one's folder
    (`./10g-network.md`) or to the site's input folder (`blog/third.md`,
    as Eleventy reads them), made links to where that post now is: the
    import renames files (a date before the name, a section folder).
    `from_input_folder`: False where only the file's folder counts, as
    Jekyll's jekyll-relative-links reads a link (a `/` path from the site's)."""
    masked = mask_code(body)

    def relinked(match: re.Match) -> str:
        clean, hashmark, fragment = match["path"].partition("#")
        if masked[match.start():match.end()] != match[0] or is_external(clean) or not clean.lower().endswith(suffixes):
            return match[0]
        name = unquote(clean)
        beside = [posixpath.join(posixpath.dirname(origin), name)]
        candidates = [name.lstrip("/")] if name.startswith("/") else beside + [name] if from_input_folder else beside
        found = next((link for candidate in candidates if (link := links.relative(posixpath.normpath(candidate), origin))), None)
        return match["before"] + found + hashmark + fragment if found else match[0]

    return _LINK.sub(relinked, body)


def relink_old_urls(text: str, origin: str, links: LinkResolver, site_url: str = "", *, by_slug: bool = True) -> str:
    """Links written with a story's old URL (a name `links` knows it by),
    made links to where the story now is: by the whole path, else, when
    `by_slug`, by its last part as a slug ("/blog/x.html", "/x/") where the
    old site's URLs could not all be worked out. `site_url`: the old site's
    address, with which a link may be written whole (Full Stack Python's
    https://www.fullstackpython.com/ubuntu.html), over http or https."""
    def relinked(match: re.Match) -> str:
        path = match["path"]
        clean, hashmark, fragment = path.partition("#")
        if not clean.strip("/"):
            return match[0]  # the front page (servo.org's /#sponsors), newsgen's own, whatever page the old site had there
        slug = clean.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html") if by_slug else ""
        found = next((link for name in (clean, slug) if name and (link := links.relative(name, origin))), None)
        return match["before"] + found + hashmark + fragment if found else match[0]

    text = _SITE_PATH_LINK.sub(relinked, text)
    host = re.sub(r"^https?://", "", site_url.strip().rstrip("/"), flags=re.I)
    if host and "/" not in host:  # (an address with a path of its own leaves its links as written)
        # Written with the whole address: the address between `before` and the site path.
        own = rf"""(?P<before>{_LINK_OPENING})https?://{re.escape(host)}(?P<path>/[^)\s"'<>]*)"""
        text = re.sub(own, relinked, text, flags=re.M | re.I)
    return text


def bundle_links(body: str, page_url: str | None, folder: Path) -> str:
    """Links to a page bundle's own files by the old page's URL
    (kubernetes.dev's `/blog/2023/03/01/introducing-kwok/kwok.svg`) made
    relative: the files are copied beside the story, under another URL."""
    if not page_url or not page_url.endswith("/") or page_url.lower() not in body.lower():
        return body

    def beside(match: re.Match) -> str:
        group = next(name for name in ("path", "double", "single") if match[name] is not None)
        path = match[group]
        if not path.lower().startswith(page_url.lower()):
            return match[0]
        rest = path[len(page_url):]
        name = unquote(rest.split("#", 1)[0].split("?", 1)[0])
        if not name or ".." in name.split("/") or not _is_plain_file(folder / name):
            return match[0]
        return match[0][: match.start(group) - match.start()] + rest + match[0][match.end(group) - match.start():]

    return _REFERENCE.sub(beside, body)


def files_at_site_paths(body: str, origin: str, links: LinkResolver, suffixes: tuple[str, ...] = (".md", ".markdown")) -> str:
    """Links to files named relative to the source file (an Eleventy post's
    `images/image.png`, another post's `../../2024/context-chips/images/cover.png`)
    made their site path, their path in the source folder, where the old
    site served them: the import moves the story, not its files, which are
    copied to that path, so that two posts' `images/image.png` stay apart.
    A story's source (`suffixes`) and a template (front matter) are not files."""
    return paths_replaced(body, lambda path: site_path_of_file(path, origin, links, suffixes))


def paths_replaced(body: str, replacement: Callable[[str], str | None]) -> str:
    """The body with each path of a link, an image or a reference
    definition (`src`, `href` and `srcset` in HTML too), outside code,
    replaced by `replacement`'s answer for it, where it gives one."""
    for pattern in (_REFERENCE, _DEFINITION):
        masked = mask_code(body)  # (of the body as the pass before left it)

        def replaced(match: re.Match) -> str:
            group = next(name for name in ("path", "double", "single") if match[name] is not None)
            new = replacement(match[group])
            if new is None or masked[match.start(group):match.end(group)] != match[group]:
                return match[0]
            return match[0][: match.start(group) - match.start()] + new + match[0][match.end(group) - match.start():]

        body = pattern.sub(replaced, body)
    return body


def site_path_of_file(path: str, origin: str, links: LinkResolver, suffixes: tuple[str, ...] = (".md", ".markdown")) -> str | None:
    """The site path ("/blog/2020/one/images/image.png") of the file in the
    source that `path`, relative to `origin`'s folder, names; None for
    anything else (a site path, another site's, no such file, a story)."""
    query = re.search(r"[#?]", path)
    clean, after = (path[:query.start()], path[query.start():]) if query else (path, "")
    if not clean or clean.startswith("/") or is_external(clean) or ":" in clean.split("/", 1)[0] or re.search(r"[{\x00\\]", clean):
        return None
    source = posixpath.normpath(posixpath.join(posixpath.dirname(origin), clean))
    file = links.source_root / unquote(source)
    if source.startswith("..") or source.lower().endswith(suffixes) or not _is_plain_file(file) or has_front_matter(str(file), links.front_matter):
        return None
    return "/" + source + after


def _name_of(text: str, kind: str) -> str:
    """How the report names a piece of template syntax: its tag or shortcode name."""
    inner = text.strip("{}<>%- \n\t")
    word = re.match(r"/?\s*([\w./-]+)", inner)
    filters = [part.split(":")[0].strip() for part in inner.split("|")[1:]]
    if kind != HUGO_SHORTCODE and not kind.endswith("tag") and filters and all(filters):
        name = "… | " + " | ".join(filters)  # {{ "nicole-fenton" | team_link }}: what it does is its filters
    else:
        name = word[1] if word else inner[:20].rsplit(" ", 1)[0] + "…" if len(inner) > 20 and " " in inner[:20] else inner[:20]
    if kind == HUGO_SHORTCODE:
        return f"Hugo {name.lstrip('/')}"
    if not name:  # "{% %}" or "{{ }}" in a tutorial's prose: named as written, not as "Liquid "
        return "Liquid {% %}" if kind.endswith("tag") else "Liquid {{ }}"
    return f"Liquid {name}" if kind.endswith("tag") else f"Liquid {{{{ {name} }}}}"


# ---------------------------------------------------------------- assets

# A quoted attribute's path may hold spaces (openSUSE's src="/assets/images/stage (1).png", which browsers load), and so
# may a Markdown link's, up to its title or `)`, as kramdown and Python-Markdown read it (crystal-lang.org's
# `![](/assets/blog/2024/2024-09-19 helvetic-ruby johannes müller.jpg)`), or in <…>; else it ends at a space.
_REFERENCE = re.compile(r"""(?:\]\(\s*<?|srcset\s*=\s*["'])"""
                        r"""(?P<path>[^)\s"'<>]+(?:[ ]+[^)\s"'<>]+)*(?=>?[ ]*(?:"[^"\n]*"|'[^'\n]*')?[ ]*\))|[^)\s"'<>]+)"""
                        r"""|(?:src|href|poster)\s*=\s*(?:"\s*(?P<double>[^"<>]+?)\s*"|'\s*(?P<single>[^'<>]+?)\s*')""")
# A Markdown reference definition, `[snapshot]: /img/dashboard.png` (grpc.io's images are so named).
_DEFINITION = re.compile(DEFINITION_OPENING + r"""(?P<path>[^\s>]+)""", re.MULTILINE)


# A page's address, not a file to copy (Let's Encrypt's /2015/11/09/why-90-days.html, an imported post's old URL):
# the build checks those links.
_PAGE_FILE = re.compile(r"\.(?:html?|php|aspx?)$", re.IGNORECASE)


# Template syntax in a path, whole or cut at a space (bitcoinops's `]({{page.extra.cves[alias].link | default: …}})`
# is read up to `.link`): no file's name, but what a loop or a variable filled in; the build warns of it where it is left.
_TEMPLATE_PART = re.compile(r"\{[{%]|[}%]\}")


def collect_assets(body: str, links: LinkResolver, origin: str, report: ImportReport, *extra: str) -> list[tuple[Path, str]]:
    """The files a body (and `extra` paths such as `image:`) names that exist
    in the source, to be copied to the same site path under content/; those
    that look like files but are missing go to report.missing_assets."""
    found: dict[str, Path] = {}
    masked = mask_code(body)  # a file named in a code example is no file of the page's
    paths = [m["path"] for m in _DEFINITION.finditer(masked)] + [p for p in extra if p]
    paths += [m["path"] or m["double"] or m["single"] for m in _REFERENCE.finditer(masked)]
    leads = {p for p in extra if p}
    for path in paths:
        # (A link to a story's source, Markdown or Pelican's reStructuredText, is the build's to check.)
        if is_external(path) or path.startswith("#") or path.lower().split("#")[0].endswith((".md", ".markdown", ".rst")):
            continue
        hit = links.asset(path, origin)
        if not hit and path in leads and path != path.rstrip(STRAY_TRAILING):
            # A lead image with a stray `)` (openSUSE's `image: …/gsoc-opensuse.jpg)`): the file without it
            # is copied, and write_import's lead-image check points `image:` at it.
            hit = links.asset(path.rstrip(STRAY_TRAILING), origin)
        bare = path.split("?")[0].split("#")[0]
        if hit and has_front_matter(str(hit[0]), links.front_matter):
            # A template the old generator rendered, imported or said as skipped: no file to copy. A page
            # (elixir-lang.org's cases.html), or a feed (bitcoinops's feed.xml, whose link then leads to newsgen's own).
            continue
        if hit:
            found[hit[1]] = hit[0]
        elif (path in leads or re.search(r"\.[A-Za-z0-9]{2,5}$", unquote(bare))) and not _PAGE_FILE.search(bare) and not _TEMPLATE_PART.search(path):
            if path.startswith("/") or not path.startswith(("mailto:", "tel:")):
                report.missing_assets.append((origin, path))
    return [(source, rel) for rel, source in found.items()]


# ---------------------------------------------------------------- front matter

def split_list(value: Any, *, separators: str = r"\s+") -> list[str]:
    """A key that is a list or a string of items (Jekyll splits tags and
    categories on spaces)."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    return [part for part in re.split(separators, str(value).strip()) if part]


def put_lead_image(front: dict[str, Any], value: Any) -> bool:
    """Set front's `image` from `image:` written as a path, a list (its
    first) or a mapping; a mapping's alt, caption and credit fill the
    image_* keys the file does not set itself. False if it names no file."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        given = {str(k).lower(): str(v).strip() for k, v in value.items() if isinstance(v, (str, int, float)) and not isinstance(v, bool)}
        src = next((given[key] for key in IMAGE_SOURCE_KEYS if given.get(key)), "")
        if not src:
            return False  # a reference into the old site's own image store (digital.gov's `uid:`)
        for key, fields in (("image_alt", ("alt",)), ("image_caption", ("caption", "title")), ("image_credit", ("credit", "attribution"))):
            found = next((given[f] for f in fields if given.get(f)), "")
            if found:
                front.setdefault(key, found)
        value = src
    if not isinstance(value, str) or not value.strip():
        return False
    front["image"] = value.strip()
    return True


def as_datetime(value: Any, tz: ZoneInfo) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz)
    if isinstance(value, (date, datetime, str)):
        try:
            return parse_datetime(value, tz)
        except DateError:
            return None
    return None


def date_text(written: Any, moment: datetime) -> str:
    """A story's `date:` as `moment`, read from what was `written`: a date
    alone when it was written without a time of day (`date: 2018-07-06`, or a
    file name's), so that the story shows it without one, as the old site did.
    So is a time of exactly midnight (`2015-10-08T00:00:00Z`): a day written
    as a moment, which themes show as a day, and which in a time zone west
    of the one written would be the day before."""
    timed = isinstance(written, datetime) or (isinstance(written, str) and has_time(written)) or isinstance(written, (int, float))
    if timed and (moment.hour, moment.minute, moment.second, moment.microsecond) != (0, 0, 0, 0):
        return moment.isoformat()
    return moment.date().isoformat()


_SYNONYM_RANK = {key: place for place, key in enumerate(SYNONYMS)}  # the first listed wins, as the build reads them


# How the build reads newsgen's keys (content/parse.py): a flag is true or
# false (or the text of one, as Hugo's cast.ToBool reads it), `kind` one of
# its kinds, a list a list of text, every other key but these one value.
_FLAGS = frozenset({"draft", "featured", "paywall"})
_QUOTED_FLAGS = frozenset({"true", "t", "1", "false", "f", "0"})
_LISTS = frozenset({"tags", "categories", "aliases", "authors"})
_ANY_SHAPE = frozenset({"author", "authors", "image", "extra", "links", "corrections"})


def _fits(target: str, value: Any) -> bool:
    """Can `value` stand for newsgen's `target` key without failing the build?"""
    if value is None or target in _ANY_SHAPE:
        return True
    if target in _FLAGS:
        return isinstance(value, bool) or (isinstance(value, str) and value.strip().lower() in _QUOTED_FLAGS)
    if target == "kind":
        return isinstance(value, str) and value.strip() in KINDS
    if target in _LISTS and isinstance(value, list):
        return all(not isinstance(item, (list, dict)) for item in value)
    return not isinstance(value, (list, dict))


def map_front_matter(raw: dict[str, Any], own: frozenset[str], report: ImportReport,
                     consumed: frozenset[str] = frozenset()) -> tuple[dict[str, Any], dict[str, Any], str | None]:
    """(newsgen keys → values, other keys kept for extra, why withheld or None).

    Keys in `consumed` the reader handles itself and are neither mapped nor
    kept. A newsgen key as written wins over a synonym; among synonyms the
    one listed first in SYNONYMS, as the build reads them (a file's
    `excerpt` over its `subtitle`, in whichever order it writes them). Each mapping is counted in report.keys_mapped,
    each key kept in report.keys_kept."""
    mapped: dict[str, Any] = {}
    rank: dict[str, int] = {}  # newsgen key → the rank of the key that set it: -1, its own name; else its place in SYNONYMS
    extra: dict[str, Any] = {}
    withheld: str | None = None
    for key, value in raw.items():
        key = str(key)
        if key in WITHHOLDING:
            if withholds(key, value) and withheld is None:
                withheld = f"{key}: {value}"
            if not sites_own_status(key, value):
                continue
        if key in consumed or key in IGNORED:
            continue
        target = newsgen_key(key, own)
        if target is None:
            if value not in (None, "", [], {}):
                extra[key] = value
                report.keys_kept[key] += 1
            continue
        if not _fits(target, value):
            # volcano-sh/website's `featured` is a list of Academic widget entries, not newsgen's flag:
            # kept for templates as any unknown key is, where the build would fail over it.
            if value not in (None, "", [], {}):
                extra[key] = value
                report.keys_kept[key] += 1
            continue
        own_name = target == key
        place = -1 if own_name else _SYNONYM_RANK[key]
        if target in mapped and rank[target] <= place:
            continue
        if not own_name:
            report.keys_mapped[f"{key} → {target}"] += 1
            if target == "summary" and isinstance(value, str):
                value = plain_text(value)  # another generator's excerpt may carry its HTML or Markdown; newsgen's is text
        mapped[target] = value
        rank[target] = place
    return mapped, extra, withheld
