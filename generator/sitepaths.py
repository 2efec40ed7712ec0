"""Resolving paths written by writers (links, images) against content/.

Pure string work on forward-slash paths: nothing here touches the disk.
"""

from __future__ import annotations

import html
import posixpath
import re
from urllib.parse import unquote

from .slugs import slugify, tag_slug

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
# Stories, which a link may name by their file: Markdown, and Pelican's reStructuredText (content/rst.py).
SOURCE_SUFFIXES = (".md", ".markdown", ".rst")


SAFE_SCHEMES = ("http", "https", "mailto", "tel")
SCRIPT_SCHEMES = ("javascript", "vbscript", "livescript", "data")


def unpublished_folder_hint(path: str) -> str:
    """What to say of a missing file under a folder whose name starts with
    "_": such folders are another generator's machinery, never published
    (discover.py), though Eleventy copies its `_img/` through."""
    folder = next((part for part in path.strip("/").split("/")[:-1] if part.startswith("_")), None)
    return (f"; a folder whose name starts with '_' ({folder}/) is not published, as in Jekyll: rename it (and the links to it)"
            if folder else "")


def is_external(target: str) -> bool:
    return bool(_SCHEME.match(target))


def _as_browsers_read(target: str) -> str:
    """Character references decoded (`&#106;`, `&colon;`), and the tabs,
    newlines, spaces and control characters browsers drop from a URL's
    scheme dropped, lower case: the scheme a browser would act on."""
    return re.sub(r"[\x00-\x20]", "", html.unescape(target)).lower()


def can_run_script(target: str, *, image: bool = False) -> bool:
    """Whether a browser would run this link as code: javascript:,
    vbscript: or data: (a data:image/… image only shows a picture)."""
    scheme, colon, rest = _as_browsers_read(target).partition(":")
    if not colon or scheme not in SCRIPT_SCHEMES:
        return False
    return not (image and scheme == "data" and rest.startswith("image/"))


def is_safe_link(target: str) -> bool:
    """A site path, or a URL whose scheme cannot run code (no javascript:,
    vbscript:, data:); browsers ignore tabs, newlines and case in schemes."""
    cleaned = _as_browsers_read(target)
    if not is_external(cleaned):
        return cleaned.startswith("/") or not cleaned.startswith(("javascript", "vbscript", "data"))
    return cleaned.startswith("//") or cleaned.split(":", 1)[0] in SAFE_SCHEMES


def resolve_content_link(target: str, from_rel: str) -> str | None:
    """A path written in content/`from_rel` → a site path ("/world/map.svg").

    External URLs come back as they are; a relative path is resolved against
    the source's folder, a rooted one against content/. None when the path
    would leave the site (../ past the root, NUL, backslashes).
    """
    if is_external(target):
        return target
    if "\x00" in target or "\\" in target:
        return None
    base = "" if target.startswith("/") else posixpath.dirname(from_rel)
    joined = posixpath.normpath(posixpath.join(base, target.lstrip("/")))
    if joined == ".." or joined.startswith("../"):
        return None
    joined = "/" if joined == "." else "/" + joined
    if target.endswith("/") and not joined.endswith("/"):
        joined += "/"
    return joined


# Liquid a Jekyll site writes for its own paths, as the build reads it in
# links and the importer converts it in text: {{ "/x.png" | relative_url }}
# (or absolute_url, prepend: site.baseurl, or Eleventy's url filter);
# {{ site.url }}{{ site.baseurl }}; {% link _posts/x.md %} and
# {% post_url 2014-09-25-x %}.
LIQUID_SITE_PATH = re.compile(
    r"""\{\{-?\s*(["'])(?P<path>[^"']*)\1\s*\|\s*(?:relative_url|absolute_url|url|prepend:\s*site\.baseurl(?:\s*\|\s*prepend:\s*site\.url)?)\s*-?\}\}""")
LIQUID_SITE_ROOT = re.compile(r"\{\{-?\s*site\.url\s*-?\}\}\s*\{\{-?\s*site\.baseurl\s*-?\}\}|\{\{-?\s*site\.(?:baseurl|url)\s*-?\}\}")
LIQUID_LINK_TAG = re.compile(r"""(?:\{\{-?\s*site\.(?:url|baseurl)\s*-?\}\})*\{%-?\s*(link|post_url)\s+(["']?)(?P<name>[^\s%"']+)\2\s*-?%\}""")
# Hugo's {{ "x.png" | relURL }} and {{ relURL "x.png" }} (absURL and the
# language-aware relLangURL, absLangURL too).
HUGO_SITE_PATH = re.compile(
    r"""\{\{-?\s*(?:(["'])(?P<path>[^"']*)\1\s*\|\s*(?:rel|abs)(?:Lang)?URL|(?:rel|abs)(?:Lang)?URL\s+(["'])(?P<argument>[^"']*)\3)\s*-?\}\}""")


def site_path_of(match: re.Match) -> str:
    """The site path a LIQUID_SITE_PATH or HUGO_SITE_PATH match stands for."""
    path = match.groupdict().get("path") or match.groupdict().get("argument") or ""
    return path if path.startswith("/") or is_external(path) else "/" + path


# Hugo's {{< ref "x.md" >}} and {{< relref "x.md" >}}.
_HUGO_REF = re.compile(r"""^\{\{[<%]\s*(?:ref|relref)\s+(?:["'](?P<quoted>[^"']+)["']|(?P<bare>\S+))\s*[>%]\}\}$""")


def without_site_prefix(target: str) -> str:
    """A path as a Jekyll site wrote it with its root in Liquid, as the site
    path it stands for: "{{ site.baseurl }}/img/x.png" → "/img/x.png"."""
    if "{{" not in target:
        return target
    filtered = LIQUID_SITE_PATH.match(target) or HUGO_SITE_PATH.match(target)
    if filtered:
        return "/" + site_path_of(filtered).lstrip("/") + target[filtered.end():]
    rest = target
    while root := LIQUID_SITE_ROOT.match(rest):
        rest = rest[root.end():]
    return target if rest is target else "/" + rest.lstrip("/")


# Pelican's links to the site's own files and pages, which it resolves as it
# writes a page: {filename}/x.md (a story or page), {static}/images/x.png and
# {attach}x.png (a file), or in the older form |filename|; {tag}name,
# {category}name, {author}name and {index}. A file's path is from content/
# when rooted, else from the story's folder, as newsgen reads a path.
_PELICAN_LINK = re.compile(r"^(?:\{(?P<braced>filename|static|attach|tag|category|author|index)\}"
                           r"|\|(?P<piped>filename|static|attach|tag|category|author|index)\|)")
_PELICAN_LISTS = {"tag": "/tags/{}/", "category": "/{}/", "author": "/authors/{}/"}


def _pelican_path(what: str, rest: str) -> str:
    if what in ("filename", "static", "attach"):
        return rest
    if what == "index":
        return "/"
    name, hashmark, fragment = rest.partition("#")
    return _PELICAN_LISTS[what].format((tag_slug if what == "tag" else slugify)(unquote(name))) + hashmark + fragment


def template_link(target: str) -> str | None:
    """A link target as written, with the template forms Jekyll, Hugo and
    Pelican sites use for links read as the path they stand for ({{ site.baseurl }},
    relative_url, relURL, {% link %}, {% post_url %}, {{< ref >}}, {filename});
    None when it holds other template syntax, which only that generator could resolve."""
    pelican = _PELICAN_LINK.match(target)
    if pelican:
        return _pelican_path(pelican["braced"] or pelican["piped"], target[pelican.end():])
    if "{{" not in target and "{%" not in target:
        return target
    ref = _HUGO_REF.match(target)
    if ref:
        # A rooted path is from content/, another from this story's folder.
        return ref["quoted"] or ref["bare"]
    tag = LIQUID_LINK_TAG.fullmatch(target)
    if tag:
        return "/" + tag["name"].lstrip("/") if tag[1] == "link" else f"/_posts/{tag['name']}.md"
    plain = without_site_prefix(target)
    return None if "{{" in plain or "{%" in plain else plain


# A link or image target in Markdown (`](…)`) or raw HTML (`src="…"`) that
# holds template syntax: (?P<target>) is the whole target as written.
TEMPLATED_TARGET = re.compile(r"""(?:\]\(\s*<?|\s(?:src|href)\s*=\s*["'])(?P<target>(?:[^"'\s<>(){}]|\{\{.*?\}\}|\{%.*?%\})+)""")


def without_resolved_targets(body: str) -> str:
    """`body` with each link target that template_link() reads as a plain
    path blanked out (same length and lines): what is left of another
    generator's template syntax is what a reader would see."""
    if "{" not in body:
        return body

    def blank(match: re.Match) -> str:
        target = match["target"]
        if "{" not in target or template_link(target) is None:
            return match[0]
        return match[0][: match.start("target") - match.start()] + " " * len(target)

    return TEMPLATED_TARGET.sub(blank, body)
