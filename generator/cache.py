"""The build state one build leaves for the next, and its file on disk.

The state remembers, per source, its stat and content digest and what it
parsed to, and per output file the fingerprint of everything it was made
from. `newsgen build` keeps it in .newsgen-cache/ (safe to delete at any
time); the dev server keeps it in memory. A cache that is corrupt,
truncated, from another newsgen version or for another output folder is
detected and ignored: the build then does everything, and is still right.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import code_signature
from .errors import Diagnostic

CACHE_DIR_NAME = ".newsgen-cache"
STATE_FILE = "state.pickle"
QUICK_FILE = "quick.pickle"
_MAGIC = b"newsgen-state\n"


@dataclass
class SourceRecord:
    stat: tuple[int, int, int]  # mtime_ns, size, inode: unchanged stat → unchanged file
    digest: str  # of the bytes
    parsed: object = None  # Article | Page | Author | None, for Markdown sources
    problems: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class OutputRecord:
    fingerprint: str  # of everything the file was made from
    size: int
    used: frozenset[str] = frozenset()  # sources found while rendering (linked stories)


# A file changed within this long before a build started may keep its mtime
# through an edit (coarse file system clocks): such a file is read again.
TIMESTAMP_SLACK_NS = 2_000_000_000


def trusted(stat: tuple[int, int, int], recorded_at_ns: int) -> bool:
    """May this stat, recorded by the build that started at recorded_at_ns,
    stand for the file's bytes? Not when the file was written too close to
    that moment: a same-size edit in the same clock tick would look unchanged."""
    return stat[0] < recorded_at_ns - TIMESTAMP_SLACK_NS


@dataclass
class BuildState:
    started_ns: int = 0  # wall clock when the build that recorded this began
    output_dir: str = ""  # the folder `outputs` describes
    files: dict[str, SourceRecord] = field(default_factory=dict)  # absolute path → record
    outputs: dict[str, OutputRecord] = field(default_factory=dict)  # output path → record
    config: object = None  # the SiteConfig the files were parsed with (a timezone changes dates)
    model: object = None  # what the build made of the files (catalog, plan), for the next to reuse


@dataclass
class QuickCheck:
    """Enough to tell, without loading the whole state, that nothing changed
    since the last good build: then there is nothing to do at all."""

    inputs: dict[str, tuple[int, int, int]]  # every file a build reads → its stat
    started_ns: int  # when the build that recorded them began
    settings: tuple  # newsgen version, output folder, drafts, future, strict
    window: tuple[object, object]  # the output holds for `now` in [since, until)
    outputs: dict[str, int]  # output path → size, to see that the output is intact
    articles: int
    pages: int
    warnings: tuple[Diagnostic, ...]


def load_state(cache_dir: Path) -> BuildState | None:
    state = _load(cache_dir / STATE_FILE)
    return state if isinstance(state, BuildState) else None


def load_quick(cache_dir: Path) -> QuickCheck | None:
    quick = _load(cache_dir / QUICK_FILE)
    return quick if isinstance(quick, QuickCheck) else None


def _load(path: Path) -> object:
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    header = _MAGIC + code_signature().encode() + b"\n"
    if not blob.startswith(header) or len(blob) < len(header) + 32:
        return None
    digest, payload = blob[len(header) : len(header) + 32], blob[len(header) + 32 :]
    if hashlib.sha256(payload).digest() != digest:
        return None  # truncated or corrupt
    try:
        return pickle.loads(payload)
    except Exception:  # a cache must never break a build
        return None


def save_state(cache_dir: Path, state: BuildState, quick: QuickCheck | None = None) -> None:
    # The full state first: a quick check never describes a state not written.
    _save(cache_dir, STATE_FILE, state)
    if quick is not None:
        _save(cache_dir, QUICK_FILE, quick)
    else:
        (cache_dir / QUICK_FILE).unlink(missing_ok=True)


def _save(cache_dir: Path, name: str, value: object) -> None:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    blob = _MAGIC + code_signature().encode() + b"\n" + hashlib.sha256(payload).digest() + payload
    cache_dir.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=cache_dir, prefix=".state-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(blob)
        os.replace(temp, cache_dir / name)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
