"""Which files under content/ are sources, and of what kind.

Editor temporaries, backups and hidden files are never sources: they appear
and vanish while a writer saves, and must neither be published nor break a
build. A symlink, to a file or a folder, counts only while it points inside
content/; a folder link that leads back into its own branch (a loop, also
one made of two links) is not followed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import Diagnostic, warning
from .model import SourceFile, SourceKind

MARKDOWN_SUFFIXES = (".md", ".markdown")
PAGES_DIR = "pages"
AUTHORS_DIR = "authors"

# vim swap/backup files, emacs autosaves and locks, JetBrains and vim's "4913"
# write probes, `sed -i` temporaries, and anything ending in "~".
_EDITOR_LEFTOVER = re.compile(r"(^\.|~$|\.sw[a-p]$|^#.*#$|^4913$|___jb_(tmp|old)___$|\.(tmp|bak|orig)$|^sed[A-Za-z0-9]{6}$)")


def is_ignored_name(name: str) -> bool:
    return bool(_EDITOR_LEFTOVER.search(name))


def classify(rel: str) -> SourceKind:
    if not rel.lower().endswith(MARKDOWN_SUFFIXES):
        return SourceKind.ASSET
    top = rel.split("/", 1)[0]
    if top == PAGES_DIR:
        return SourceKind.PAGE
    if top == AUTHORS_DIR:
        return SourceKind.AUTHOR
    return SourceKind.ARTICLE


def discover_sources(content_dir: Path) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Every source under content_dir, sorted by path, and warnings for skipped links."""
    root = content_dir.resolve()
    sources: list[SourceFile] = []
    problems: list[Diagnostic] = []
    if not root.is_dir():
        return sources, problems
    top = str(root)
    # Plain strings, not Paths: this runs for every file of a large archive.
    # For each folder walked, the real paths from content/ down to it: a
    # folder link whose target is already on that chain would loop.
    chains: dict[str, tuple[str, ...]] = {top: (top,)}
    for folder, dirnames, filenames in os.walk(top, followlinks=True):
        prefix = "" if folder == top else folder[len(top) + 1 :].replace(os.sep, "/") + "/"
        chain = chains.pop(folder)
        kept = []
        for name in sorted(dirnames):
            full = os.path.join(folder, name)
            if is_ignored_name(name):
                continue
            if os.path.islink(full):
                if not _inside(Path(full), root, problems, here_rel=prefix + name):
                    continue
                if os.path.realpath(full) in chain:
                    problems.append(warning(f"content/{prefix}{name}", None, "symlink loops back to a folder that contains it; skipped"))
                    continue
            chains[full] = chain + (os.path.realpath(full),)
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            if is_ignored_name(name):
                continue
            full = os.path.join(folder, name)
            if os.path.islink(full) and not _inside(Path(full), root, problems, here_rel=prefix + name):
                continue
            if not os.path.isfile(full):
                continue
            rel = prefix + name
            sources.append(SourceFile(rel=rel, kind=classify(rel)))
    sources.sort(key=lambda s: s.rel)
    return sources, problems


def _inside(link: Path, root: Path, problems: list[Diagnostic], here_rel: str) -> bool:
    """A symlink counts only if it resolves inside content/."""
    where = f"content/{here_rel}"
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):
        problems.append(warning(where, None, "broken or looping symlink; skipped"))
        return False
    if root not in target.parents:
        problems.append(warning(where, None, f"symlink points outside content/ ({target}); skipped"))
        return False
    return True
