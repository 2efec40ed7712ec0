"""Resolving paths written by writers (links, images) against content/.

Pure string work on forward-slash paths: nothing here touches the disk.
"""

from __future__ import annotations

import posixpath
import re

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
MARKDOWN_SUFFIXES = (".md", ".markdown")


def is_external(target: str) -> bool:
    return bool(_SCHEME.match(target))


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
