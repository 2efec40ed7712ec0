"""Resolving paths written by writers (links, images) against content/.

Pure string work on forward-slash paths: nothing here touches the disk.
"""

from __future__ import annotations

import posixpath
import re

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
MARKDOWN_SUFFIXES = (".md", ".markdown")


SAFE_SCHEMES = ("http", "https", "mailto", "tel")


def is_external(target: str) -> bool:
    return bool(_SCHEME.match(target))


def is_safe_link(target: str) -> bool:
    """A site path, or a URL whose scheme cannot run code (no javascript:,
    vbscript:, data:); browsers ignore tabs, newlines and case in schemes."""
    cleaned = re.sub(r"[\x00-\x20]", "", target).lower()
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
