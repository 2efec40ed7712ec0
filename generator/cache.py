"""The build state one build leaves for the next, and the database it is kept in.

The state remembers, per source, its stat and content digest and what it
parsed to, per output file the fingerprint of everything it was made from,
and the model (catalog and plan) the next build may reuse. `newsgen build`
keeps it in .newsgen-cache/state.sqlite (safe to delete at any time), the
dev server in memory.

The database is SQLite, readable with any SQLite tool: a row per source
(`sources`), per output file (`outputs`) and per source the model keeps a
digest or fingerprint entry of (`model_rows`), and the model's catalog and
plan as one pickled blob (`blobs`). A build writes, in one transaction, only
the rows whose records it changed, and the model's blob only when it made a
new catalog and plan: a text edit to one story of 100,000 writes a few rows.
A killed build leaves the database as the last build committed it.

Nothing read back is trusted unread: every row carries a checksum of its
values, every blob a digest, and every table its count of rows. A database
that is damaged, was made by other newsgen code, or was changed by anything
but the build that last wrote it, is read as missing: the build then does
everything, is still right, and writes the database anew.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import io
import pickle
import shutil
import sqlite3
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from . import code_signature
from .errors import Diagnostic

CACHE_DIR_NAME = ".newsgen-cache"
DB_FILE = "state.sqlite"
# The model's dicts kept row by row (`model_rows`): a text edit changes one row of each.
MODEL_TABLES = ("digests", "entries")
BLOB_PART = 16 << 20  # bytes per row of a blob: a pickle streams through, never held whole
_MAGIC = "newsgen-state"
_SEP = "\0"  # between the paths or links of one column: no file name or URL holds it
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value);
CREATE TABLE IF NOT EXISTS blobs(name TEXT, part INTEGER, data BLOB, PRIMARY KEY(name, part));
CREATE TABLE IF NOT EXISTS sources(path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, inode INTEGER, digest TEXT,
                                   model_key TEXT, extra BLOB, checksum INTEGER);
CREATE TABLE IF NOT EXISTS outputs(path TEXT PRIMARY KEY, fingerprint TEXT, size INTEGER, used TEXT, mtime_ns INTEGER,
                                   inode INTEGER, links TEXT, indexed TEXT, checksum INTEGER);
CREATE TABLE IF NOT EXISTS model_rows(name TEXT, key TEXT, value, checksum INTEGER, PRIMARY KEY(name, key));
"""
_TABLES = ("meta", "blobs", "sources", "outputs", "model_rows")


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
    outputs: dict[str, OutputRecord]
    config: object
    model: object  # None: not known, written whole
    tables: dict[str, dict]  # the model's MODEL_TABLES


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


class Damaged(Exception):
    """The database does not hold what it says it holds."""


def load_state(cache_dir: Path) -> BuildState | None:
    """The state in the database; None when it is missing, damaged or made by other code."""
    try:
        with _connection(cache_dir, create=False) as db, _collector_paused():
            return _read_state(db) if db is not None else None
    except Exception:  # a cache must never break a build
        return None


def load_quick(cache_dir: Path) -> QuickCheck | None:
    try:
        with _connection(cache_dir, create=False) as db, _collector_paused():
            if db is None or _meta(db, "signature") != _signature():
                return None
            quick = _read_blob(db, "quick")
    except Exception:  # a cache must never break a build
        return None
    return quick if isinstance(quick, QuickCheck) else None


def save_state(cache_dir: Path, state: BuildState, quick: QuickCheck | None = None) -> None:
    """In one transaction: the rows that changed since `state.base`, the
    model's blob when the model is not the one saved, and the quick check
    (which thus never describes a state not written). A damaged database is
    put aside and written anew."""
    try:
        with _connection(cache_dir, create=True) as db:
            state.base = _write_state(db, state, quick)
    except sqlite3.DatabaseError:
        _remove(cache_dir)
        with _connection(cache_dir, create=True) as db:
            state.base = _write_state(db, dataclasses.replace(state, base=None), quick)


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
        # Durable against a killed process, as the OS has every write; a
        # power cut may lose the last build's rows, which then read as damaged.
        self.db.execute("PRAGMA synchronous=OFF")
        return self.db

    def __exit__(self, kind, *_) -> None:
        if self.db is not None:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK" if kind else "COMMIT")
            self.db.close()


def _remove(cache_dir: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
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

def _read_state(db: sqlite3.Connection) -> BuildState | None:
    if _meta(db, "signature") != _signature():
        return None
    config = _read_blob(db, "config")
    core = _read_blob(db, "model")
    tables = {name: {} for name in MODEL_TABLES}
    for name, key, value, checksum in db.execute("SELECT name, key, value, checksum FROM model_rows"):
        if checksum != _checksum(name, key, value):
            raise Damaged(name)
        tables[name][key] = value
    model = dataclasses.replace(core, **tables) if core is not None else None
    parsed = model.parsed if model is not None else {}
    files: dict[str, SourceRecord] = {}
    for path, mtime_ns, size, inode, digest, model_key, extra, checksum in db.execute("SELECT * FROM sources"):
        if checksum != _checksum(path, mtime_ns, size, inode, digest, model_key, extra):
            raise Damaged(path)
        kept, problems, image = pickle.loads(extra) if extra is not None else (None, (), None)
        if model_key is not None:
            kept = parsed[model_key]  # KeyError: rows of another model
        files[path] = SourceRecord((mtime_ns, size, inode), digest, kept, problems, image)
    outputs: dict[str, OutputRecord] = {}
    for row in db.execute("SELECT * FROM outputs"):
        if row[-1] != _checksum(*row[:-1]):
            raise Damaged(row[0])
        path, fingerprint, size, used, mtime_ns, inode, links, indexed, _ = row
        outputs[path] = OutputRecord(fingerprint, size, _split(used), (mtime_ns, inode), _split(links), indexed)
    counts = (len(files), len(outputs), sum(map(len, tables.values())))
    if _meta(db, "counts") != repr(counts):
        raise Damaged("counts")  # rows lost: a damaged table
    started_ns, output_dir = _meta(db, "started_ns"), _meta(db, "output_dir")
    saved = Saved(_meta(db, "generation"), dict(files), dict(outputs), config, model, {k: dict(v) for k, v in tables.items()})
    return BuildState(started_ns, output_dir, files, outputs, config, model, base=saved)


def _split(joined: str) -> tuple[str, ...]:
    return tuple(joined.split(_SEP)) if joined else ()


def _checksum(*values) -> int:
    """Of a row's values: a byte flipped on disk, or rows swapped, read as damage."""
    check = 0
    for value in values:
        data = value if isinstance(value, bytes) else b"" if value is None else str(value).encode()
        check = zlib.crc32(data + b"\0", check)
    return check


def _read_blob(db: sqlite3.Connection, name: str) -> object:
    """The object pickled in the blob, once its digest is checked; None when
    there is none. Its parts are read twice, never held together: the model
    at 100,000 stories is 100 MB."""
    digest = _meta(db, f"digest:{name}")
    if digest is None:
        return None
    hashing = hashlib.sha256()
    for (data,) in db.execute("SELECT data FROM blobs WHERE name = ? ORDER BY part", (name,)):
        hashing.update(data)
    if hashing.hexdigest() != digest:
        raise Damaged(name)
    return pickle.load(io.BufferedReader(_Parts(db.execute("SELECT data FROM blobs WHERE name = ? ORDER BY part", (name,))), 1 << 20))


class _Parts(io.RawIOBase):
    """The parts of a blob, read as one file."""

    def __init__(self, rows: Iterator[tuple[bytes]]):
        self.rows, self.part = rows, memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.part:
            row = next(self.rows, None)
            if row is None:
                return 0
            self.part = memoryview(row[0])
        count = min(len(buffer), len(self.part))
        buffer[:count] = self.part[:count]
        self.part = self.part[count:]
        return count


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

def _write_state(db: sqlite3.Connection, state: BuildState, quick: QuickCheck | None) -> Saved:
    db.executescript(_SCHEMA)
    db.execute("BEGIN IMMEDIATE")
    base = state.base
    generation = _meta(db, "generation", 0)
    if base is None or _meta(db, "signature") != _signature() or base.generation != generation or state.model is None:
        base = Saved(generation, {}, {}, None, None, {name: {} for name in MODEL_TABLES})
        for table in _TABLES:
            db.execute(f"DELETE FROM {table}")
    meta = {"signature": _signature(), "generation": generation + 1, "started_ns": state.started_ns, "output_dir": state.output_dir}
    if base.config is None or base.config != state.config:
        _write_blob(db, "config", state.config)
    model = state.model
    if model is not None and not _same_core(model, base.model):
        _write_blob(db, "model", dataclasses.replace(model, **{name: {} for name in MODEL_TABLES}))
    tables = {name: getattr(model, name) for name in MODEL_TABLES} if model is not None else {}
    for name, rows in tables.items():
        before = base.tables.get(name, {})
        db.executemany("DELETE FROM model_rows WHERE name = ? AND key = ?", ((name, key) for key in before.keys() - rows.keys()))
        db.executemany("INSERT OR REPLACE INTO model_rows VALUES (?, ?, ?, ?)",
                       ((name, key, value, _checksum(name, key, value)) for key, value in rows.items() if before.get(key) != value))
    content = f"{model.config.content_dir}/" if model is not None else None
    parsed = model.parsed if model is not None else {}
    _write_rows(db, "sources", base.files, state.files, lambda path, record: _source_row(path, record, content, parsed))
    _write_rows(db, "outputs", base.outputs, state.outputs, _output_row)
    meta["counts"] = repr((len(state.files), len(state.outputs), sum(map(len, tables.values()))))
    db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
    if quick is not None:
        _write_blob(db, "quick", quick)
    else:
        _delete_blob(db, "quick")
    return Saved(generation + 1, dict(state.files), dict(state.outputs), state.config, model, {k: dict(v) for k, v in tables.items()})


def _same_core(model, base) -> bool:
    """Is the model, but for its MODEL_TABLES, the one saved? The catalog and
    plan by identity (the model reused them), the rest by equality."""
    if base is None:
        return False
    for spec in dataclasses.fields(model):
        mine, saved = getattr(model, spec.name), getattr(base, spec.name)
        if spec.name in MODEL_TABLES or mine is saved:
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
    if model_key is None or parsed.get(model_key, parsed) is not record.parsed:
        model_key = None
    kept = None if model_key is not None else record.parsed
    extra = None
    if kept is not None or record.problems or record.image is not None:
        extra = pickle.dumps((kept, record.problems, record.image), protocol=pickle.HIGHEST_PROTOCOL)
    values = (path, *record.stat, record.digest, model_key, extra)
    return (*values, _checksum(*values))


def _output_row(path: str, record: OutputRecord) -> tuple:
    values = (path, record.fingerprint, record.size, _SEP.join(record.used), *record.stamp, _SEP.join(record.links), record.indexed)
    return (*values, _checksum(*values))


def _delete_blob(db: sqlite3.Connection, name: str) -> None:
    db.execute("DELETE FROM blobs WHERE name = ?", (name,))
    db.execute("DELETE FROM meta WHERE key = ?", (f"digest:{name}",))


def _write_blob(db: sqlite3.Connection, name: str, value: object) -> None:
    """The value pickled into parts of BLOB_PART bytes, as the pickle streams:
    never held whole (100 MB at 100,000 stories, at the build's peak)."""
    _delete_blob(db, name)
    parts = _PartWriter(db, name)
    pickle.Pickler(parts, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    parts.flush()
    db.execute("INSERT INTO meta VALUES (?, ?)", (f"digest:{name}", parts.digest.hexdigest()))


class _PartWriter:
    def __init__(self, db: sqlite3.Connection, name: str):
        self.db, self.name, self.part, self.buffer, self.digest = db, name, 0, bytearray(), hashlib.sha256()

    def write(self, data) -> int:
        self.buffer += data
        self.digest.update(data)
        if len(self.buffer) >= BLOB_PART:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.buffer or not self.part:
            self.db.execute("INSERT INTO blobs VALUES (?, ?, ?)", (self.name, self.part, self.buffer))
            self.part += 1
            self.buffer = bytearray()


