"""Which files under content/ are sources, and of what kind.

Editor temporaries, backups and hidden files are never sources: they appear
and vanish while a writer saves, and must neither be published nor break a
build. A symlink, to a file or a folder, counts only while it points inside
content/; a folder link that leads back into its own branch (a loop, also
one made of two links) is not followed.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import Callable, Iterator

from ..errors import Diagnostic, note, warning
from ..sitepaths import SOURCE_SUFFIXES
from .model import SourceFile, SourceKind

HTML_SUFFIXES = (".html", ".htm")
PAGES_DIR = "pages"
AUTHORS_DIR = "authors"

SECTION_TEXT = "_index"
# Names that are never sources, matched from the name's start: one regex
# call per file of the archive (100,000 of them at every build's scan),
# not a call per rule. `(?s:.*)` finds an ending in any name, as a search would.
_LEFTOVER = (
    # vim swap/backup files, emacs autosaves and locks, JetBrains and vim's
    # "4913" write probes, `sed -i` temporaries, anything ending in "~", and hidden files.
    r"\.|\#.*\#$|4913$|sed[A-Za-z0-9]{6}$"
    r"|(?s:.*)(?:~|\.sw[a-p]|___jb_(?:tmp|old)___|\.(?:tmp|bak|orig))$"
)
_EDITOR_LEFTOVER = re.compile(_LEFTOVER)
# Folders of another generator's machinery (Jekyll's _layouts, _includes,
# _sass, _data, _site; Hugo's _default) are not content. Jekyll's _posts and
# _drafts are stories (those in _drafts are drafts), its _authors collection
# author files.
_NOT_CONTENT_FOLDER = re.compile(_LEFTOVER + r"|node_modules\Z|_(?!(?:posts|drafts|authors)\Z)")
_NOT_CONTENT_FILE = re.compile(
    _LEFTOVER
    # Of files whose name starts with "_", Hugo's _index.md (a section's own text) is content.
    + rf"|node_modules\Z|_(?!{SECTION_TEXT[1:]}\.)"
)
# A repository's own files, kept beside a site's content (README.md among the
# images): no sources, never published. But a page with front matter of that
# name is one (ruby-lang.org's security.md, Jekyll's docs/contributing.md), as
# is a file of another kind (security.png), or a text deeper down (a licence
# page's license.txt): Jekyll publishes each.
_REPOSITORY_FILE = re.compile(r"(?i:(?:readme|licen[cs]e|copying|changelog|contributing|code_of_conduct|security)"
                              r"(?:\.(?:md|markdown|txt|rst|adoc|org))?)$")
# The opening line of front matter, as the build's parse reads one: a fence
# alone on its line ("---" or longer, "+++", Eleventy's "---json"), or with a
# comment ("--- # the story", "---#x"), after blank lines. A line that only starts with
# dashes opens none: an ASCII-armoured file ("-----BEGIN PGP PUBLIC KEY
# BLOCK-----", security.asc, a signed .txt) is a file.
FRONT_MATTER_OPENING = re.compile(rb"\A(?:[ \t]*\r?\n)*(?:(?:-{3,}|\+{3,})(?:[ \t]*#[^\r\n]*)?|---[A-Za-z]\w*)[ \t]*\r?\n")
# Jekyll's (Utils.has_yaml_header?): the first line is three dashes, then
# spaces; any other file is a static file Jekyll copies as it is.
JEKYLL_FRONT_MATTER = re.compile(rb"\A---\s*\r?\n")
# Eleventy's machinery kept among its content: data files (x.11tydata.js,
# .json), JavaScript templates (x.11ty.js) and templates in its other
# languages. They are code and settings for Eleventy's run, never pages:
# not published, and said once each, as what they set is not read.
_ELEVENTY_FILE = re.compile(r"(?i:.*\.(?:11tydata\.(?:js|cjs|mjs|json|ya?ml)|11ty\.(?:js|cjs|mjs)|njk|liquid|hbs|mustache|ejs|haml|pug))$")
# A folder's own data file (posts/posts.json), Eleventy's, when it sets what Eleventy reads there.
_ELEVENTY_KEYS = re.compile(rb'"(?:permalink|layout|tags|eleventyComputed|eleventyExcludeFromCollections)"\s*:')
_POSTS_FOLDERS = ("_posts", "_drafts")
_NAME = attrgetter("name")  # a scandir entry's


def is_ignored_name(name: str) -> bool:
    return _EDITOR_LEFTOVER.match(name) is not None


def is_content_name(name: str, is_dir: bool) -> bool:
    """Is a file or folder of this name part of a site's content?"""
    return (_NOT_CONTENT_FOLDER if is_dir else _NOT_CONTENT_FILE).match(name) is None


def is_repository_file(name: str) -> bool:
    """Is this a repository's own file by its name (README.md, LICENSE)?"""
    return _REPOSITORY_FILE.match(name) is not None


def is_jekyll_post(rel: str) -> bool:
    return any(part in _POSTS_FOLDERS for part in rel.split("/")[:-1])


def classify(rel: str) -> SourceKind:
    lowered = rel.lower()
    if lowered.endswith(HTML_SUFFIXES) and is_jekyll_post(rel):
        return SourceKind.ARTICLE  # a Jekyll post written in HTML (as jekyll-import writes WordPress's)
    if not lowered.endswith(SOURCE_SUFFIXES):
        return SourceKind.ASSET
    top, _, rest = rel.partition("/")
    if not rest or top == PAGES_DIR:
        return SourceKind.PAGE  # Markdown directly in content/ is a page, as in Jekyll and Hugo
    if top in (AUTHORS_DIR, "_authors"):  # Jekyll's authors collection too
        return SourceKind.AUTHOR
    if rel.rsplit("/", 1)[-1].split(".", 1)[0] == SECTION_TEXT:  # _index.md, or _index.fr.md
        # world/_index.md is the section's own text; a deeper one (Hugo's
        # guides/hcd/_index.md) the page of its folder.
        return SourceKind.SECTION if rest.count("/") == 0 else SourceKind.PAGE
    return SourceKind.ARTICLE


@dataclass(frozen=True)
class Listing:
    """The files under content/ that may be sources, as one walk found them
    (the build's scan of its inputs takes their stats on the way), and what
    the walk skipped and why."""
    files: list[tuple[str, str]]  # (path, path under content/)
    problems: list[Diagnostic]


def list_content(content_dir: Path) -> Listing:
    problems: list[Diagnostic] = []
    return Listing(list(walk_files(content_dir, is_content_name, problems)), problems)


def discover_sources(content_dir: Path, listing: Listing | None = None) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Every source under content_dir, sorted by path, and warnings for
    skipped links. `listing`: the files as a walk just found them."""
    listing = listing or list_content(content_dir)
    sources: list[SourceFile] = []
    problems = list(listing.problems)
    for path, rel in listing.files:
        if _is_eleventys(path, rel):
            problems.append(note(f"content/{rel}", None, "not published: Eleventy's data file or template, which newsgen does not run; "
                                                         "what it sets (permalink, tags, layout) is not read"))
            continue
        kind = classify(rel)
        if is_repository_file(rel.rsplit("/", 1)[-1]) and (
                not has_front_matter(path) if kind is not SourceKind.ASSET else "/" not in rel):
            continue
        if kind is SourceKind.ASSET and rel.lower().endswith(HTML_SUFFIXES) and has_front_matter(path):
            kind = SourceKind.PAGE  # another generator's page template: parse says why it is not published
        sources.append(SourceFile(rel=rel, kind=kind))
    sources.sort(key=lambda s: s.rel)
    return sources, problems


def walk_files(folder: Path, accept: Callable[[str, bool], bool], problems: list[Diagnostic] | None = None,
               label: str = "content") -> Iterator[tuple[str, str]]:
    """(path, path under folder) of every file under folder whose name, and
    whose folders' names, `accept` (name, is_dir) takes. A symlink counts only
    while it points inside folder; a folder link back into its own branch (a
    loop) is not followed; names that are not UTF-8 and paths too long to
    open are skipped. What is skipped is said in `problems`, as `label/…`."""
    said = problems if problems is not None else []
    root = folder.resolve()
    if not root.is_dir():
        return
    # Plain strings and scandir's entries, not Paths and stats: this runs for
    # every file of a large archive. Paths are given under `folder` as the
    # caller wrote it; each folder to walk comes with the real paths from the
    # root down to it: a folder link whose target is already on that chain would loop.
    pending: list[tuple[str, str, tuple[str, ...]]] = [(str(folder), "", (str(root),))]
    while pending:
        current, prefix, chain = pending.pop()
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=_NAME)
        except OSError as exc:
            if exc.errno == errno.ENAMETOOLONG:
                said.append(warning(f"{label}/{prefix[:60]}…{prefix[-40:]}", None, f"skipped: {prefix.count('/')} folders deep, "
                                    "its path is too long for this system to open; move its files up"))
            continue  # vanished or unreadable: as os.walk does
        for entry in entries:
            name = entry.name
            rel = prefix + name
            if not name.isascii() and not _is_utf8(name):
                # Undecodable bytes (a Latin-1 archive's "café.md"): no URL or
                # message could carry the name as it is.
                shown = os.fsencode(rel).decode("utf-8", "backslashreplace")
                said.append(warning(f"{label}/{shown}", None, "skipped: its name is not UTF-8 text; rename it"))
                continue
            try:
                is_dir = entry.is_dir()  # follows a link
            except OSError:
                is_dir = False
            if not accept(name, is_dir):
                continue
            linked = entry.is_symlink()
            if linked:
                if not _inside(Path(entry.path), root, said, f"{label}/{rel}"):
                    continue
                if is_dir and os.path.realpath(entry.path) in chain:
                    said.append(warning(f"{label}/{rel}", None, "symlink loops back to a folder that contains it; skipped"))
                    continue
            if is_dir:
                # A folder that is not a link is where its parent is: no realpath (a syscall per level) needed.
                real = os.path.realpath(entry.path) if linked else os.path.join(chain[-1], name)
                pending.append((entry.path, rel + "/", chain + (real,)))
            elif entry.is_file():
                yield entry.path, rel


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # os gave the undecodable bytes as surrogates
        return False
    return True


def _is_eleventys(path: str, rel: str) -> bool:
    if _ELEVENTY_FILE.match(rel):
        return True
    folder, _, name = rel.rpartition("/")
    if not folder or name.lower() != f"{folder.rsplit('/', 1)[-1].lower()}.json":
        return False
    try:
        with open(path, "rb") as file:
            return bool(_ELEVENTY_KEYS.search(file.read(65536)))
    except OSError:
        return False


def has_front_matter(path: str, opening: re.Pattern[bytes] = FRONT_MATTER_OPENING) -> bool:
    """Does a file start with front matter (by default as the build reads
    it; `opening` another generator's rule, JEKYLL_FRONT_MATTER)?"""
    try:
        with open(path, "rb") as file:
            start = file.read(256)
            if b"#" in start:  # a comment after the fence ("--- # " and a long note) may run past those bytes: its line's rest
                start += file.readline(65536)
    except OSError:
        return False
    return opening.match(start.removeprefix(b"\xef\xbb\xbf")) is not None


def _inside(link: Path, root: Path, problems: list[Diagnostic], where: str) -> bool:
    """A symlink counts only if it resolves inside the root."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):
        problems.append(warning(where, None, "broken or looping symlink; skipped"))
        return False
    if root not in target.parents:
        problems.append(warning(where, None, f"symlink points outside {where.split('/', 1)[0]}/ ({target}); skipped"))
        return False
    return True
