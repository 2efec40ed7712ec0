"""The build state one build leaves for the next, and the database it is kept in.

The state remembers, per source, its stat and content digest and what it
parsed to, per output file the fingerprint of everything it was made from,
and the model (catalog and plan) the next build may reuse. `newsgen build`
keeps it in .newsgen-cache/state.sqlite (safe to delete at any time), the
dev server in memory.

The database is SQLite, readable with any SQLite tool: a row per source
(`sources`) and per output file (`outputs`). The rows of output files are
read as a build asks for them (StoredOutputs): a build that changes one
story reads those of the pages that show it, not the 240,000 rows of a
100,000-story site. What is read whole or not at
all, the model's catalog and plan, its sources' fingerprint entries, the
quick check, is pickled into files beside it (blobs), each named in the
database (`meta`) with its digest. A build writes, in one transaction, only
the rows whose records it changed, and a blob only when its value is not the
one saved: a text edit to one story of 100,000 writes a few rows, the
entries and the quick check, not the model. A killed build leaves the
database as the last build committed it, and the blobs it names.

Nothing read back is trusted unread: every row carries a checksum of its
values, every blob a digest, and the tables their counts of rows. A database
that is damaged, was made by other newsgen code, or was changed by anything
but the build that last wrote it, is read as missing: the build then does
everything, is still right, and writes the database anew.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import os
import pickle
import re
import shutil
import sqlite3
import threading
import time
import zlib
from array import array
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Collection, Iterable, Iterator, Mapping, NamedTuple

from . import code_signature
from .checked import DIGEST_SIZE, load_checked, write_checked
from .errors import Diagnostic

CACHE_DIR_NAME = ".newsgen-cache"
DB_FILE = "state.sqlite"
# The digest of the database file as the last save left it: rows are read
# as a build asks for them, and those it never reads are taken on trust (a
# page no change reaches keeps its record unread), so the whole file is
# checked first, at a hash's speed (0.08 s at 100,000 stories), not a read's.
DIGEST_FILE = "state.sqlite.sha256"
# What of the model is kept apart from its blob: the digests are the sources'
# rows', the entries a blob of their own (a text edit changes one of each),
# the stat of the URL ledger a value in `meta` (known only once the build
# wrote the ledger, after the blob: ModelBlob).
MODEL_APART = ("digests", "entries", "ledger_stat")
_MAGIC = "newsgen-state"
_SEP = "\0"  # between the paths or links of one column: no file name or URL holds it
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value);
CREATE TABLE IF NOT EXISTS sources(path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, inode INTEGER, digest TEXT,
                                   model_key TEXT, extra BLOB, checksum INTEGER);
CREATE TABLE IF NOT EXISTS outputs(path TEXT PRIMARY KEY, fingerprint TEXT, size INTEGER, used TEXT, mtime_ns INTEGER,
                                   inode INTEGER, links TEXT, indexed TEXT, checksum INTEGER);
"""
_TABLES = ("meta", "sources", "outputs")


@dataclass
class SourceRecord:
    stat: tuple[int, int, int]  # mtime_ns, size, inode: unchanged stat → unchanged file
    digest: str  # of the bytes
    parsed: object = None  # Article | Page | Author | None, for Markdown sources
    problems: tuple[Diagnostic, ...] = ()
    image: object = None  # images.ImageInfo, for a raster image the site publishes processed


class OutputRecord(NamedTuple):
    """A tuple, not a dataclass: there is one per output file (240,000 at
    100,000 stories), made from its row by every build that reads the state."""

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


class StoredOutputs(Mapping[str, OutputRecord]):
    """The records of output/ as the database holds them, each row read when
    it is first asked for. The paths are read at once, in the same reading
    as the rest of the state: which files the last build left is then known
    whatever happens to the database later. A row found damaged when read
    is a record not known: its page is made again."""

    def __init__(self, cache_dir: Path, paths: set[str], known: dict[str, OutputRecord] | None = None):
        self._file = cache_dir / DB_FILE
        self._paths = paths
        self._known: dict[str, OutputRecord | None] = dict(known or {})  # read already (None: damaged)
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()  # (the search stage's threads read records too)

    def __getitem__(self, path: str) -> OutputRecord:
        if path not in self._known:
            if path not in self._paths:
                raise KeyError(path)
            self.read([path])
        record = self._known[path]
        if record is None:
            raise KeyError(path)
        return record

    def __contains__(self, path: object) -> bool:
        return path in self._paths and self._known.get(path, True) is not None  # (a damaged row is no record)

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)

    def paths(self) -> set[str]:
        return self._paths

    def items(self) -> list[tuple[str, OutputRecord]]:
        """Every record, read at once (not row by row); none of a damaged row."""
        self.read_all()
        return [(path, record) for path, record in self._known.items() if record is not None and path in self._paths]

    def values(self) -> list[OutputRecord]:
        return [record for _, record in self.items()]

    def read(self, paths: Iterable[str]) -> None:
        """Reads the rows of these paths, many at a time."""
        wanted = [path for path in paths if path not in self._known and path in self._paths]
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            self._take(self._query(f"SELECT * FROM outputs WHERE path IN ({', '.join('?' * len(chunk))})", chunk))
            for path in chunk:
                self._known.setdefault(path, None)  # (a row gone since: not known)

    def read_all(self) -> None:
        if len(self._known) < len(self._paths):
            self._take(self._query("SELECT * FROM outputs", ()))
            for path in self._paths.difference(self._known):
                self._known[path] = None

    def using(self, sources: Collection[str]) -> set[str]:
        """The paths whose rendering found one of these sources (OutputRecord.used), read."""
        found: set[str] = set()
        for source in sources:
            rows = self._query("SELECT * FROM outputs WHERE instr(used, ?) > 0", (source,))
            self._take(rows)
            found.update(row[0] for row in rows if (record := self._known[row[0]]) is not None and source in record.used)
        return found

    def with_links(self, *containing: str) -> set[str]:
        """The paths of the pages with a kept link (OutputRecord.links)
        holding one of `containing` ("" for any), read. One scan of the
        table for them all: a story added or deleted moves a dozen link
        targets, and a scan each was 40 ms at 10,000 stories."""
        if not containing:
            return set()
        either = " OR ".join(["instr(links, ?) > 0"] * len(containing))
        rows = self._query(f"SELECT * FROM outputs WHERE links != '' AND ({either})", containing)
        self._take(rows)
        return {row[0] for row in rows if self.get(row[0]) is not None}

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def __getstate__(self) -> dict:
        raise TypeError("records read from a database: pickle dict(records) instead")

    def _query(self, sql: str, values) -> list[tuple]:
        try:
            with self._lock:
                if self._db is None:
                    self._db = sqlite3.connect(f"file:{self._file}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
                return self._db.execute(sql, tuple(values)).fetchall()  # all of it: no statement left holding a lock
        except sqlite3.Error:
            return []  # gone or damaged since: the records asked for are not known, and their files are made again

    def _take(self, rows: list[tuple]) -> None:
        for path, fingerprint, size, used, mtime_ns, inode, links, indexed, checksum in rows:
            if path in self._known:
                continue
            good = checksum == _output_checksum(path, fingerprint, size, used, mtime_ns, inode, links, indexed)
            self._known[path] = OutputRecord(fingerprint, size, _split(used), (mtime_ns, inode), _split(links), indexed) if good else None


class OutputRecords(Mapping[str, OutputRecord]):
    """One build's records of output/: the last build's (`base`) but for the
    ones this build sets, and, once it has said which files it produced
    (`settle`), only theirs. What a build writes to the database is what it
    set and what it let go."""

    def __init__(self, base: Mapping[str, OutputRecord]):
        self.base = base
        self.set_now: dict[str, OutputRecord] = {}
        self.removed: set[str] = set()

    def __getitem__(self, path: str) -> OutputRecord:
        if path in self.set_now:
            return self.set_now[path]
        if path in self.removed:
            raise KeyError(path)
        return self.base[path]

    def __setitem__(self, path: str, record: OutputRecord) -> None:
        self.set_now[path] = record
        self.removed.discard(path)

    def __delitem__(self, path: str) -> None:
        if path not in self:
            raise KeyError(path)
        self.set_now.pop(path, None)
        self.removed.add(path)

    def update(self, records: Mapping[str, OutputRecord]) -> None:
        for path, record in records.items():
            self[path] = record

    def __contains__(self, path: object) -> bool:
        return path in self.set_now or (path not in self.removed and path in self.base)

    def __iter__(self) -> Iterator[str]:
        yield from self.set_now
        yield from (path for path in self.base if path not in self.set_now and path not in self.removed)

    def __len__(self) -> int:
        return len(self.paths())

    def paths(self) -> set[str]:
        base = self.base.paths() if isinstance(self.base, (StoredOutputs, OutputRecords)) else self.base.keys()
        return (base - self.removed) | self.set_now.keys()

    def settle(self, produced: Collection[str]) -> None:
        """Only the records of the files produced stay (the others' files are gone)."""
        self.removed = self.paths().difference(produced)
        for path in self.removed.intersection(self.set_now):
            del self.set_now[path]

    def written(self) -> dict[str, OutputRecord]:
        """The records set that are not the ones the base holds."""
        base = self.base
        known = base._known if isinstance(base, StoredOutputs) else base
        return {path: record for path, record in self.set_now.items() if known.get(path) is not record}

    def items(self) -> list[tuple[str, OutputRecord]]:
        """Every record (the base's read at once, not row by row); none of a damaged row."""
        if isinstance(self.base, StoredOutputs):
            self.base.read_all()
        return [(path, record) for path in self if (record := self.get(path)) is not None]

    def values(self) -> list[OutputRecord]:
        return [record for _, record in self.items()]

    def flattened(self) -> dict[str, OutputRecord]:
        """As a dict (a record whose row is found damaged left out: its file is made again)."""
        return dict(self.items())

    def get(self, path, default=None):
        try:
            return self[path]
        except KeyError:
            return default


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
    outputs: Mapping[str, OutputRecord] = field(default_factory=dict)  # output path → record (StoredOutputs, OutputRecords)
    config: object = None  # the SiteConfig the files were parsed with (a timezone changes dates)
    model: object = None  # what the build made of the files (catalog, plan), for the next to reuse
    # What the database holds, as this process last read or wrote it: what
    # the next save compares with, to write only what changed.
    base: "Saved | None" = field(default=None, compare=False, repr=False)

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "base"}  # of a database, not of the state

    def forget_model(self) -> None:
        """Lets the model go (a build making a new one): the next save writes the new one whole."""
        self.model = None
        if self.base is not None:
            self.base = dataclasses.replace(self.base, model=None)


@dataclass(frozen=True)
class Saved:
    generation: int  # counts the saves: a database saved since by another process is written whole
    files: dict[str, SourceRecord]
    outputs: Mapping[str, OutputRecord]  # a StoredOutputs, when read from the database or written to it
    config: object
    model: object  # None: not known, written whole
    entries: dict[str, bytes] | None  # the model's


class Stamps:
    """Paths with a few integers each (a stat), as a dict of them would be,
    in a form that costs little to make, hold, pickle and read back: the
    paths in one string, the integers in one array, row after row. The quick
    check holds three, of 100,000 inputs, 240,000 output files and 220,000
    folders at 100,000 stories: as dicts of tuples they were 135 MB at a
    build's peak and half a second of every build's start."""

    __slots__ = ("paths", "width", "values")

    def __init__(self, rows: Mapping, width: int, row=None):
        """`rows`: path → its `width` integers, or its integer when `width`
        is 1; or path → what `row` makes them of."""
        self.paths = _SEP.join(rows)
        self.width = width

        def flat():
            values = rows.values() if row is None else map(row, rows.values())
            return values if width == 1 else chain.from_iterable(values)
        try:
            self.values: array | list[int] = array("q", flat())
        except OverflowError:  # an inode number past 2⁶³: kept as Python's integers
            self.values = list(flat())

    def __len__(self) -> int:
        return len(self.values) // self.width

    def __eq__(self, other) -> bool:
        return isinstance(other, Stamps) and (self.paths, self.width, self.values) == (other.paths, other.width, other.values)

    def keys(self) -> list[str]:
        return self.paths.split(_SEP) if self.values else []

    def items(self) -> Iterator[tuple[str, tuple[int, ...] | int]]:
        if self.width == 1:
            return zip(self.keys(), self.values)
        return zip(self.keys(), zip(*[iter(self.values)] * self.width))

    def as_dict(self) -> dict[str, tuple[int, ...] | int]:
        return dict(self.items())

    def patched(self, rows: Mapping[str, tuple[int, ...]], removed: Collection[str]) -> "Stamps":
        """These stamps, with `rows` set and the `removed` paths taken out."""
        kept = dict(self.items())  # (made in C: a 100,000-story site's 240,000 files in 30 ms)
        for path in removed:
            kept.pop(path, None)
        kept.update(rows)
        return Stamps(kept, self.width)


@dataclass
class QuickCheck:
    """Enough to tell, without loading the whole state, that nothing changed
    since the last good build: then there is nothing to do at all."""

    inputs: Stamps  # every file a build reads → its stat (mtime_ns, size, inode), in the order the build scanned them
    started_ns: int  # when the build that recorded them began
    settings: tuple  # newsgen version, output folder, drafts, future, strict
    window: tuple[object, object]  # the output holds for `now` in [since, until)
    outputs: Stamps  # output path → (size, mtime_ns, inode), as the build left it
    # Every folder of the output → its mtime_ns: a file added or removed by
    # anything but a build changes its folder's.
    folders: Stamps
    standby_folders: Stamps | None  # the same for the output's standby copy (see write.py)
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
    # What the build's link check found, as linkcheck.LinksChecked's values
    # (plain data: a build with nothing to do imports no stage to read it).
    # The next build keeps it for the pages whose faults cannot have changed.
    links: tuple | None = None


class Damaged(Exception):
    """The database does not hold what it says it holds."""


def load_state(cache_dir: Path) -> BuildState | None:
    """The state in the database; None when it is missing, damaged, made by
    other code, or changed since the last save (DIGEST_FILE)."""
    try:
        with _connection(cache_dir, create=False) as db, _collector_paused():
            if db is None:
                return None
            _meta(db, "generation")  # (a save cut short is rolled back by the first reading: the file is the last one saved again)
            if (cache_dir / DIGEST_FILE).read_text(encoding="ascii") != file_digest(cache_dir / DB_FILE):
                return None
            return _read_state(db, cache_dir)
    except Exception:  # a cache must never break a build
        return None


def load_quick(cache_dir: Path) -> QuickCheck | None:
    try:
        with _connection(cache_dir, create=False) as db, _collector_paused():
            if db is None or _meta(db, "signature") != _signature():
                return None
            quick = _read_blob(db, cache_dir, "quick")
    except Exception:  # a cache must never break a build
        return None
    return quick if isinstance(quick, QuickCheck) else None


def save_state(cache_dir: Path, state: BuildState, quick: QuickCheck | None = None, model_blob: "ModelBlob | None" = None) -> None:
    """In one transaction: the rows that changed since `state.base`, the
    blobs whose values are not the ones saved, and the quick check (which
    thus never describes a state not written). A damaged database is
    removed and written anew. `model_blob`: the model's blob, being written
    since the build knew the model (ModelBlob)."""
    _read_before_writing(state)
    try:
        with _connection(cache_dir, create=True) as db:
            state.base = _write_state(db, cache_dir, state, quick, model_blob)
    except sqlite3.DatabaseError:
        _remove(cache_dir)
        with _connection(cache_dir, create=True) as db:
            state.base = _write_state(db, cache_dir, dataclasses.replace(state, base=None), quick, model_blob)
    state.outputs = state.base.outputs  # (the next build's records are the rows just written)
    _remove_unnamed_blobs(cache_dir)
    with open(cache_dir / f"{DIGEST_FILE}.new", "w", encoding="ascii") as out:
        out.write(file_digest(cache_dir / DB_FILE))
    os.replace(cache_dir / f"{DIGEST_FILE}.new", cache_dir / DIGEST_FILE)


def file_digest(path: Path) -> str:
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def _read_before_writing(state: BuildState) -> None:
    """Every row of output/'s records that the save needs is read, and the
    database let go of, before the save writes it: a save writing only what
    this build set (OutputRecords on the saved rows) reads nothing."""
    outputs, saved = state.outputs, state.base.outputs if state.base is not None else None
    stored = [found for found in (outputs, getattr(outputs, "base", None), saved) if isinstance(found, StoredOutputs)]
    if not _on_saved_rows(state):
        for found in stored:
            found.read_all()
    for found in stored:
        found.close()


def _on_saved_rows(state: BuildState) -> bool:
    """Are the state's records of output/ the saved rows but for what the build set (OutputRecords.written) and let go?"""
    outputs = state.outputs
    return isinstance(outputs, OutputRecords) and state.base is not None and outputs.base is state.base.outputs and state.model is not None


class ModelBlob:
    """The model's blob written by a forked copy of the build, from the
    moment the build knows its new model (a catalog and plan made anew)
    while it renders and indexes: 2.5-3.5 s at 100,000 stories that a
    front-matter edit no longer waits for at the end. The copy is a snapshot,
    so nothing the build does meanwhile reaches it. Where there is no fork,
    or other threads that a fork could leave holding locks, the blob is
    written at the save as before."""

    def __init__(self, cache_dir: Path, model: object):
        self.model = model
        self.file = f"model-{os.getpid()}{time.time_ns()}.pickle"
        self.pid: int | None = None
        if not hasattr(os, "fork") or threading.active_count() > 1:
            return
        cache_dir.mkdir(parents=True, exist_ok=True)
        reading, writing = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no memory for a copy: written at the save
            os.close(reading)
            os.close(writing)
            return
        if pid == 0:  # the copy: write, say the digest, and go without running anything of the build's
            try:
                gc.disable()  # a collection would touch, and so copy, every page of the build's memory
                os.close(reading)  # (the build's lock the fork let go of: build._let_go_of_locks)
                os.write(writing, _write_blob_file(cache_dir, self.file, _core(model)))
            finally:
                os._exit(0)
        os.close(writing)
        self.pid, self.reading = pid, reading

    def written(self) -> str | None:
        """The blob's digest once the copy has written it; None if it could not."""
        if self.pid is None:
            return None
        digest = b""
        while chunk := os.read(self.reading, 64):
            digest += chunk
        self.close()
        return digest.hex() if len(digest) == DIGEST_SIZE else None

    def close(self) -> None:
        """Waits for the copy (it is never left behind): a build that failed
        leaves its file unnamed, removed by the next save."""
        if self.pid is not None:
            os.close(self.reading)
            os.waitpid(self.pid, 0)
            self.pid = None


class _connection:
    """The database, in a context that commits (or rolls back) and closes it."""

    def __init__(self, cache_dir: Path, create: bool):
        self.path, self.create, self.db = cache_dir / DB_FILE, create, None

    def __enter__(self) -> sqlite3.Connection | None:
        if not self.create and not self.path.is_file():
            return None
        if self.create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.is_dir():
                shutil.rmtree(self.path)
        self.db = sqlite3.connect(self.path, isolation_level=None)
        # No fsync: a killed process loses nothing (the OS has every write),
        # and a power cut is beyond what output/, written the same way, survives.
        self.db.execute("PRAGMA synchronous=OFF")
        return self.db

    def __exit__(self, kind, *_) -> None:
        if self.db is not None:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK" if kind else "COMMIT")
            self.db.close()


def _remove(cache_dir: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm", DIGEST_FILE[len(DB_FILE):]):
        path = cache_dir / (DB_FILE + suffix)
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def _signature() -> str:
    return f"{_MAGIC} {code_signature()}"


def _meta(db: sqlite3.Connection, key: str, default=None):
    try:
        row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    except sqlite3.OperationalError:  # no such table: not a database of ours
        return default
    return row[0] if row else default


# ---- reading -----------------------------------------------------------------

def _read_state(db: sqlite3.Connection, cache_dir: Path) -> BuildState | None:
    if _meta(db, "signature") != _signature():
        return None
    config = _read_blob(db, cache_dir, "config")
    model = _read_blob(db, cache_dir, "model")
    entries = _read_blob(db, cache_dir, "entries") or {}
    parsed = model.parsed if model is not None else {}
    files: dict[str, SourceRecord] = {}
    digests: dict[str, str] = {}
    for path, mtime_ns, size, inode, digest, model_key, extra, checksum in db.execute("SELECT * FROM sources"):
        if checksum != _source_checksum(path, mtime_ns, size, inode, digest, model_key, extra):
            raise Damaged(path)
        kept, problems, image = pickle.loads(extra) if extra is not None else (None, (), None)
        if model_key is not None:
            kept = parsed[model_key]  # KeyError: rows of another model
            digests[model_key] = digest
        files[path] = SourceRecord((mtime_ns, size, inode), digest, kept, problems, image)
    outputs = StoredOutputs(cache_dir, {path for (path,) in db.execute("SELECT path FROM outputs")})
    if _meta(db, "counts") != repr((len(files), len(outputs))) or len(digests) != len(parsed):
        raise Damaged("counts")  # rows lost: a damaged table
    if model is not None:
        ledger_stat = json.loads(_meta(db, "ledger_stat", "null"))
        model = dataclasses.replace(model, digests=digests, entries=entries, ledger_stat=tuple(ledger_stat) if ledger_stat else None)
    saved = Saved(_meta(db, "generation"), dict(files), outputs, config, model, entries)
    return BuildState(_meta(db, "started_ns"), _meta(db, "output_dir"), files, outputs, config, model, base=saved)


def _split(joined: str) -> tuple[str, ...]:
    return tuple(joined.split(_SEP)) if joined else ()


def _source_checksum(path, mtime_ns, size, inode, digest, model_key, extra) -> int:
    """Of a row's values: a byte flipped on disk, or rows swapped under each other's paths, read as damage."""
    return zlib.crc32(extra or b"", zlib.crc32(f"{path}\0{mtime_ns}\0{size}\0{inode}\0{digest}\0{model_key}".encode()))


def _output_checksum(path, fingerprint, size, used, mtime_ns, inode, links, indexed) -> int:
    return zlib.crc32(f"{path}\0{fingerprint}\0{size}\0{used}\0{mtime_ns}\0{inode}\0{links}\0{indexed}".encode())


def _blob_header() -> bytes:
    return f"{_signature()}\n".encode()


def _read_blob(db: sqlite3.Connection, cache_dir: Path, name: str) -> object:
    """The object pickled in the blob the database names, once its digest is
    checked; None when it names none."""
    named = _meta(db, f"blob:{name}")
    if named is None:
        return None
    file, digest = named.split(" ")
    found = load_checked(cache_dir / file, _blob_header(), pickle.load)
    if found is None or found[1].hex() != digest:
        raise Damaged(name)
    return found[0]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The state is millions of objects at 100,000 stories, all kept. Made
    with the collector on, each young generation of them was scanned as it
    filled, freeing nothing: a quarter of a one-story rebuild."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
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


# ---- writing -----------------------------------------------------------------

def _write_state(db: sqlite3.Connection, cache_dir: Path, state: BuildState, quick: QuickCheck | None,
                 model_blob: ModelBlob | None) -> Saved:
    db.executescript(_SCHEMA)
    db.execute("BEGIN IMMEDIATE")
    base = state.base
    generation = _meta(db, "generation", 0)
    # Nothing known of what the database holds, or no model to name the
    # parsed sources by: everything is written.
    if base is None or _meta(db, "signature") != _signature() or base.generation != generation or state.model is None:
        base = Saved(generation, {}, {}, None, None, None)
        for table in _TABLES:
            db.execute(f"DELETE FROM {table}")
    new = generation + 1
    db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", {
        "signature": _signature(), "generation": new, "started_ns": state.started_ns, "output_dir": state.output_dir,
        "counts": repr((len(state.files), len(state.outputs))),
    }.items())
    if base.config is None or base.config != state.config:
        _write_blob(db, cache_dir, "config", state.config, new)
    model = state.model
    if model is not None and not _same_model(model, base.model):
        digest = model_blob.written() if model_blob is not None and _same_model(model, model_blob.model) else None
        if digest is not None:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", ("blob:model", f"{model_blob.file} {digest}"))
        else:
            _write_blob(db, cache_dir, "model", _core(model), new)
    entries = model.entries if model is not None else {}
    if base.entries != entries:
        _write_blob(db, cache_dir, "entries", entries, new)
    if model is not None:
        db.execute("INSERT OR REPLACE INTO meta VALUES ('ledger_stat', ?)", (json.dumps(model.ledger_stat),))
    if quick is not None:
        _write_blob(db, cache_dir, "quick", quick, new)
    else:
        db.execute("DELETE FROM meta WHERE key = 'blob:quick'")
    content, parsed = (f"{model.config.content_dir}/", model.parsed) if model is not None else (None, {})
    _write_rows(db, "sources", base.files, state.files, lambda path, record: _source_row(path, record, content, parsed))
    outputs = state.outputs
    if base is state.base and _on_saved_rows(state):
        db.executemany("DELETE FROM outputs WHERE path = ?", ((path,) for path in outputs.removed))
        rows = [_output_row(path, record) for path, record in outputs.written().items()]
        if rows:
            db.executemany(f"INSERT OR REPLACE INTO outputs VALUES ({', '.join('?' * len(rows[0]))})", rows)
        known = {path: record for path, record in outputs.base._known.items() if record is not None and path not in outputs.removed}
        known.update(outputs.set_now)
    else:
        known = dict(outputs.items())
        _write_rows(db, "outputs", base.outputs, known, _output_row)
    stored = StoredOutputs(cache_dir, set(known) if not isinstance(outputs, OutputRecords) else outputs.paths(), known)
    return Saved(new, dict(state.files), stored, state.config, model, entries)


def _same_model(model, base) -> bool:
    """Is the model, but for what is kept apart from it, the one saved? The
    catalog and plan by identity (the model reused them), the rest by equality."""
    if base is None:
        return False
    for spec in dataclasses.fields(model):
        mine, saved = getattr(model, spec.name), getattr(base, spec.name)
        if spec.name in MODEL_APART or mine is saved:
            continue
        if spec.metadata.get("by_identity") or mine != saved:
            return False
    return True


def _write_rows(db: sqlite3.Connection, table: str, before: dict, now: dict, row) -> None:
    """The records of `now` that are not the very ones `before` held (a build
    reuses unchanged records as they are), and the deletion of those gone."""
    db.executemany(f"DELETE FROM {table} WHERE path = ?", ((path,) for path in before.keys() - now.keys()))
    rows = [row(path, record) for path, record in now.items() if before.get(path) is not record]
    if rows:
        db.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)


def _source_row(path: str, record: SourceRecord, content: str | None, parsed: dict) -> tuple:
    """What the model holds of the record (what the file parsed to) is not
    written twice: the row names it by its key in the model."""
    model_key = path[len(content):] if content and path.startswith(content) else None
    if model_key is not None and parsed.get(model_key, parsed) is not record.parsed:
        model_key = None
    kept = None if model_key is not None else record.parsed
    extra = None
    if kept is not None or record.problems or record.image is not None:
        extra = pickle.dumps((kept, record.problems, record.image), protocol=pickle.HIGHEST_PROTOCOL)
    values = (path, *record.stat, record.digest, model_key, extra)
    return (*values, _source_checksum(*values))


def _output_row(path: str, record: OutputRecord) -> tuple:
    values = (path, record.fingerprint, record.size, _SEP.join(record.used), *record.stamp, _SEP.join(record.links), record.indexed)
    return (*values, _output_checksum(*values))


def _write_blob(db: sqlite3.Connection, cache_dir: Path, name: str, value: object, generation: int) -> None:
    """The value pickled into a file of its own, named in the database. The
    file of the generation being saved: a save cut short leaves the one the
    database names as it was. The pickle streams to the file: at 100,000
    stories the model is 100 MB that would otherwise sit in memory at the build's peak."""
    file = f"{name}-{generation}.pickle"
    digest = _write_blob_file(cache_dir, file, value)
    db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"blob:{name}", f"{file} {digest.hex()}"))


def _write_blob_file(cache_dir: Path, file: str, value: object) -> bytes:
    return write_checked(cache_dir / file, lambda out: pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value), _blob_header())


def _core(model):
    """The model as its blob holds it: what is kept apart (MODEL_APART) left at its defaults."""
    return dataclasses.replace(model, **{spec.name: spec.default if spec.default_factory is dataclasses.MISSING else spec.default_factory()
                                         for spec in dataclasses.fields(model) if spec.name in MODEL_APART})


_BLOB_FILE = re.compile(r"(config|model|entries|quick)-[0-9]+\.pickle")  # (a ModelBlob's: pid and time)
# The state as newsgen kept it before it had a database: 170 MB at 100,000 stories.
_FORMER_FILES = ("state.pickle", "state-delta.pickle", "quick.pickle")


def _remove_unnamed_blobs(cache_dir: Path) -> None:
    """Blobs the database no longer names (replaced, or left by a save cut short), and the former state files."""
    try:
        with _connection(cache_dir, create=False) as db:
            named = {value.split(" ")[0] for (value,) in db.execute("SELECT value FROM meta WHERE key LIKE 'blob:%'")}
    except sqlite3.DatabaseError:
        return
    for path in cache_dir.iterdir():
        if (_BLOB_FILE.fullmatch(path.name) and path.name not in named) or path.name in _FORMER_FILES:
            path.unlink(missing_ok=True)
