"""The build state one build leaves for the next, and its file on disk.

The state remembers, per source, its stat and content digest and what it
parsed to, per output file the fingerprint of everything it was made from,
and the model (catalog and plan) the next build may reuse. `newsgen build`
keeps it in .newsgen-cache/ (safe to delete at any time), after a small
change as a delta against the last whole state; the dev server keeps it in
memory. A cache that is corrupt, truncated, made by other newsgen code or
for another output folder is detected and ignored: the build then does
everything, and is still right.
"""

from __future__ import annotations

import gc
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from . import code_signature
from .checked import load_checked, write_checked
from .errors import Diagnostic

CACHE_DIR_NAME = ".newsgen-cache"
STATE_FILE = "state.pickle"
DELTA_FILE = "state-delta.pickle"
QUICK_FILE = "quick.pickle"
# Records in a delta past which the whole state is written again.
DELTA_MAX_RECORDS = 2_000
_MAGIC = b"newsgen-state\n"


@dataclass
class SourceRecord:
    stat: tuple[int, int, int]  # mtime_ns, size, inode: unchanged stat → unchanged file
    digest: str  # of the bytes
    parsed: object = None  # Article | Page | Author | None, for Markdown sources
    problems: tuple[Diagnostic, ...] = ()
    image: object = None  # images.ImageInfo, for a raster image the site publishes processed


@dataclass(frozen=True)
class OutputRecord:
    fingerprint: str  # of everything the file was made from
    size: int
    # Sources found while rendering (linked stories), sorted: a tuple, not a
    # set, as there is one per page (a frozenset of five is 700 bytes).
    used: tuple[str, ...] = ()
    # (mtime_ns, inode) of the file as this build left it in output/: any
    # other write since (a --no-cache build, a killed one, another tool)
    # changes it, and the file is made again. (0, 0): not known yet.
    stamp: tuple[int, int] = (0, 0)
    # Links of the page checked again by every build (linkcheck.py): its
    # body's, and any found broken, as "written<TAB>site URL".
    links: tuple[str, ...] = ()
    # Of the part of the page the search index reads (search.indexed_digest): a story or static page's.
    indexed: str = ""


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
    # The state as last written whole, with its digest: what a delta is
    # taken against. Only in memory, never pickled.
    base: tuple[bytes, "BuildState"] | None = field(default=None, compare=False, repr=False)

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "base"}


@dataclass
class StateDelta:
    """The state as changes to the one last written whole: a build that
    edited one story of ten thousand writes a few records, not them all."""

    base: bytes  # digest of the state file's payload this applies to
    started_ns: int
    files: dict[str, SourceRecord]  # new or changed since the base
    outputs: dict[str, OutputRecord]
    files_gone: tuple[str, ...]
    outputs_gone: tuple[str, ...]
    model: object  # the model's own changes (Model.changes_since), or None: no model

    @staticmethod
    def between(state: BuildState) -> "StateDelta | None":
        """The state against its base; None where a delta cannot say it, or would not be small."""
        digest, base = state.base
        if state.output_dir != base.output_dir or state.config != base.config:
            return None
        model = None
        if state.model is not None:
            if base.model is None or (model := state.model.changes_since(base.model)) is None:
                return None
        files = {k: r for k, r in state.files.items() if base.files.get(k) is not r}
        outputs = {k: r for k, r in state.outputs.items() if base.outputs.get(k) is not r}
        if len(files) + len(outputs) > DELTA_MAX_RECORDS:
            return None
        return StateDelta(
            digest, state.started_ns, files, outputs,
            tuple(k for k in base.files if k not in state.files), tuple(k for k in base.outputs if k not in state.outputs), model,
        )

    def applied(self, base: BuildState) -> BuildState:
        files = {**base.files, **self.files}
        outputs = {**base.outputs, **self.outputs}
        for key in self.files_gone:
            files.pop(key, None)
        for key in self.outputs_gone:
            outputs.pop(key, None)
        model = base.model.with_changes(self.model) if self.model is not None and base.model is not None else None
        return BuildState(self.started_ns, base.output_dir, files, outputs, base.config, model, base=(self.base, base))


@dataclass
class QuickCheck:
    """Enough to tell, without loading the whole state, that nothing changed
    since the last good build: then there is nothing to do at all."""

    inputs: dict[str, tuple[int, int, int]]  # every file a build reads → its stat
    started_ns: int  # when the build that recorded them began
    settings: tuple  # newsgen version, output folder, drafts, future, strict
    window: tuple[object, object]  # the output holds for `now` in [since, until)
    outputs: dict[str, tuple[int, int, int]]  # output path → (size, mtime_ns, inode), as the build left it
    # Every folder of the output → its mtime_ns: a file added or removed by
    # anything but a build changes its folder's.
    folders: dict[str, int]
    standby_folders: dict[str, int] | None  # the same for the output's standby copy (see write.py)
    articles: int
    pages: int
    warnings: tuple[Diagnostic, ...]
    unpublished: tuple[tuple[str, int], ...]  # stories left out: ("draft", 2), ("scheduled", 1), ...
    # The errors of files a --keep-going build left out: a build finding
    # nothing changed since still reports them (and fails without --keep-going).
    skipped: tuple[Diagnostic, ...] = ()
    # Inputs whose stat cannot be trusted (TIMESTAMP_SLACK_NS), as they were
    # written too close to a build's start: the URL ledger the build writes
    # itself, a story saved just before `newsgen build` → (their stat then,
    # the digest of the bytes the build used). Their bytes are compared instead.
    vouched: dict[str, tuple[tuple[int, int, int], str]] = field(default_factory=dict)


def load_state(cache_dir: Path) -> BuildState | None:
    state, digest = _load(cache_dir / STATE_FILE)
    if not isinstance(state, BuildState):
        return None
    state.base = (digest, state)
    delta, _ = _load(cache_dir / DELTA_FILE)
    if isinstance(delta, StateDelta) and delta.base == digest:  # else: left by a build killed before removing it
        try:
            return delta.applied(state)
        except Exception:  # a cache must never break a build
            return state
    return state


def load_quick(cache_dir: Path) -> QuickCheck | None:
    quick, _ = _load(cache_dir / QUICK_FILE)
    return quick if isinstance(quick, QuickCheck) else None


def _load(path: Path) -> tuple[object, bytes]:
    """The object in the file and the digest of its payload; None when
    missing, damaged or made by other newsgen code."""
    try:
        found = load_checked(path, _header(), _unpickled)
    except Exception:  # a cache must never break a build
        return None, b""
    return found or (None, b"")


def _unpickled(payload: BinaryIO) -> object:
    """The state is half a million objects at 10k stories, all kept. Made
    with the collector on, each young generation of them was scanned as it
    filled, freeing nothing: a quarter of a one-story rebuild."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(payload)
    finally:
        to_oldest_generation()
        if enabled:
            gc.enable()


def to_oldest_generation() -> None:
    """Every object the collector tracks goes, unscanned, to its oldest
    generation, which is scanned seldom: for the many long-lived objects of a
    build, which each pass over the young generations would scan and keep."""
    gc.freeze()  # to the permanent generation…
    gc.unfreeze()  # …and back into the oldest one


def save_state(cache_dir: Path, state: BuildState, quick: QuickCheck | None = None) -> None:
    """The state as a delta against the one last written whole, when small;
    else whole. The state before the quick check: a quick check never
    describes a state not written."""
    delta = StateDelta.between(state) if state.base else None
    if delta is not None:
        _save(cache_dir, DELTA_FILE, delta)
    else:
        state.base = (_save(cache_dir, STATE_FILE, state), state)
        (cache_dir / DELTA_FILE).unlink(missing_ok=True)
    if quick is not None:
        _save(cache_dir, QUICK_FILE, quick)
    else:
        (cache_dir / QUICK_FILE).unlink(missing_ok=True)


def _header() -> bytes:
    return _MAGIC + code_signature().encode() + b"\n"


def _save(cache_dir: Path, name: str, value: object) -> bytes:
    """The pickle streams to the file: at 50k stories it is 100 MB that
    would otherwise sit in memory at the build's peak."""
    return write_checked(cache_dir / name, lambda out: pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value), _header())
