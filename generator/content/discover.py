"""Which files under content/ are sources, and of what kind.

Editor temporaries, backups and hidden files are never sources: they appear
and vanish while a writer saves, and must neither be published nor break a
build. Symlinks are followed only while they stay inside content/.
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
    for folder, dirnames, filenames in os.walk(top, followlinks=True):
        prefix = "" if folder == top else folder[len(top) + 1 :].replace(os.sep, "/") + "/"
        kept = []
        for name in sorted(dirnames):
            if is_ignored_name(name):
                continue
            full = os.path.join(folder, name)
            if os.path.islink(full) and not _inside(Path(full), root, problems, here_rel=prefix + name):
                continue
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
    """A symlink counts only if it resolves inside content/ (this also ends loops)."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):
        problems.append(warning(here_rel, None, "broken or looping symlink; skipped"))
        return False
    if target != root and root not in target.parents:
        problems.append(warning(here_rel, None, f"symlink points outside content/ ({target}); skipped"))
        return False
    if link.is_dir() and (target == root or target in link.parent.resolve().parents or target == link.parent.resolve()):
        problems.append(warning(here_rel, None, "symlink points to a folder that contains it; skipped"))
        return False
    return True
