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

from . import __version__
from .errors import Diagnostic

CACHE_DIR_NAME = ".newsgen-cache"
STATE_FILE = "state.pickle"
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


@dataclass
class BuildState:
    output_dir: str = ""  # the folder `outputs` describes
    files: dict[str, SourceRecord] = field(default_factory=dict)  # absolute path → record
    outputs: dict[str, OutputRecord] = field(default_factory=dict)  # output path → record


def load_state(cache_dir: Path) -> BuildState | None:
    path = cache_dir / STATE_FILE
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    header = _MAGIC + __version__.encode() + b"\n"
    if not blob.startswith(header) or len(blob) < len(header) + 32:
        return None
    digest, payload = blob[len(header) : len(header) + 32], blob[len(header) + 32 :]
    if hashlib.sha256(payload).digest() != digest:
        return None  # truncated or corrupt
    try:
        state = pickle.loads(payload)
    except Exception:  # a cache must never break a build
        return None
    return state if isinstance(state, BuildState) else None


def save_state(cache_dir: Path, state: BuildState) -> None:
    payload = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
    blob = _MAGIC + __version__.encode() + b"\n" + hashlib.sha256(payload).digest() + payload
    cache_dir.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=cache_dir, prefix=".state-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(blob)
        os.replace(temp, cache_dir / STATE_FILE)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
