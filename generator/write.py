"""OutputFiles → the output folder.

Two writers with one interface (has, keep, add or record, commit). Files
themselves are put in place by `place()`, which render workers in other
processes call directly, so page bytes never travel between processes.

SwapWriter, for `newsgen build`: all or nothing. Changed files go into a
fresh staging folder beside output/; at commit, files that did not change are
hard-linked in from the old output (keeping their inode and mtime) and the
staging folder is swapped in with one atomic exchange on Linux. A failed or
killed build leaves output/ exactly as it was; a build that changes nothing
creates nothing at all.

JournalWriter, for `newsgen build` when few files change: changed files go
into a staging folder as with SwapWriter, but at commit they are renamed into
output/ one by one, after a journal of those moves and deletions has been
written and synced. Swapping a whole tree costs a hard link per file and
the old tree's removal, seconds for a large archive; this costs what
changed. A build killed during that commit (milliseconds) leaves the
journal, and the next build finishes the commit before it does anything
else (`recover`), so output/ is never left half old, half new for good.

InPlaceWriter, for the dev server's own folder: each changed file is
replaced atomically on its own (never half-written), and the server sends the
reload only after commit, when every file of the rebuild is in place.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .outputs import OutputFile

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@dataclass(frozen=True)
class WriteReport:
    changed: tuple[str, ...]  # paths written because they are new or differ
    removed: tuple[str, ...]  # paths the previous output had and this one does not
    unchanged: int

    @property
    def wrote_anything(self) -> bool:
        return bool(self.changed or self.removed)


class UnsafeOutputPath(ValueError):
    pass


def _parts(rel: str) -> list[str]:
    parts = rel.split("/")
    if not rel or rel.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\x00" in rel or "\\" in rel:
        raise UnsafeOutputPath(f"refusing to write {rel!r}: it would leave the output folder")
    return parts


def _same_content(previous: Path, file: OutputFile) -> bool:
    try:
        if file.data is not None:
            return previous.stat().st_size == len(file.data) and previous.read_bytes() == file.data
        return previous.stat().st_size == file.copy_from.stat().st_size and previous.read_bytes() == file.copy_from.read_bytes()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return False


def file_stamp(output_dir: str, rel: str) -> tuple[int, int, int] | None:
    """(size, mtime_ns, inode) of a file in the output folder; None if it is not there."""
    try:
        found = os.stat(f"{output_dir}/{rel}")
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns, found.st_ino


def folders_of(paths) -> set[str]:
    """Every folder that holds these output paths, up to the output folder itself ("")."""
    folders = {""}
    for rel in paths:
        folder = rel.rpartition("/")[0]
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return folders


def folder_stamps(output_dir: str, folders) -> dict[str, int]:
    """The mtime_ns of each of these folders of the output that exists: a
    file added to or removed from a folder, by anything, changes it."""
    found = {}
    for folder in folders:
        try:
            found[folder] = os.stat(f"{output_dir}/{folder}" if folder else output_dir).st_mtime_ns
        except OSError:
            continue
    return found


def files_under(folder: Path) -> set[str]:
    found = set()
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            found.add((Path(dirpath) / name).relative_to(folder).as_posix())
    return found


class _Writer:
    def __init__(self, output_dir: Path, previous: set[str] | None = None):
        self.output_dir = output_dir
        # What the output folder holds now; listed from disk unless the
        # caller's records already say.
        self.previous = previous if previous is not None else (files_under(output_dir) if output_dir.is_dir() else set())
        self._changed: list[str] = []
        self._kept: list[str] = []
        self._seen: set[str] = set()
        self._folders: set[Path] = set()  # made already: one mkdir per folder, not per file

    def __enter__(self):
        return self

    def _claim(self, rel: str) -> None:
        # Only bookkeeping: every path is checked (_parts) where a file is
        # written, moved or linked, not here, 15,000 times a rebuild.
        if rel in self._seen:
            raise UnsafeOutputPath(f"{rel} was produced twice")
        self._seen.add(rel)

    def keep(self, rel: str) -> None:
        """The file is unchanged: carry it over as it is."""
        self._claim(rel)
        self._kept.append(rel)

    @property
    def target_dir(self) -> Path:
        """Where new files go: the staging folder, or the output itself."""
        raise NotImplementedError

    @property
    def in_place(self) -> bool:
        return self.target_dir == self.output_dir

    def add(self, file: OutputFile) -> None:
        self.record(file.path, place(file, self.output_dir, self.target_dir, self._folders))

    def record(self, rel: str, changed: bool) -> None:
        """A file another process placed: written (changed) or identical to the old one."""
        self._claim(rel)
        (self._changed if changed else self._kept).append(rel)

    def _report(self) -> WriteReport:
        removed = tuple(sorted(self.previous - self._seen))
        return WriteReport(changed=tuple(sorted(self._changed)), removed=removed, unchanged=len(self._kept))


def place(file: OutputFile, output_dir: Path, target_dir: Path, folders: set[Path] | None = None) -> bool:
    """Put one file into target_dir unless output_dir already holds the same
    bytes (then the writer keeps the old one). Returns whether it was written.

    In place (target_dir is output_dir) the file is replaced atomically, so a
    reader never sees it half-written.
    """
    parts = _parts(file.path)
    if _same_content(output_dir.joinpath(*parts), file):
        return False
    target = target_dir.joinpath(*parts)
    if folders is None or target.parent not in folders:
        os.makedirs(target.parent, exist_ok=True)
        if folders is not None:
            folders.add(target.parent)
    if target_dir != output_dir:
        _put(target, file)
        return True
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".newsgen-")
    os.close(handle)
    try:
        _put(Path(temp), file)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return True


def _put(target: Path, file: OutputFile) -> None:
    if file.data is not None:
        with open(target, "wb") as out:
            out.write(file.data)
    else:
        shutil.copyfile(file.copy_from, target)


class SwapWriter(_Writer):
    """All or nothing: see the module's docstring."""

    def __init__(self, output_dir: Path, previous: set[str] | None = None):
        super().__init__(output_dir, previous)
        self.staging: Path | None = None

    def __exit__(self, *exc_info) -> None:
        if self.staging is not None:  # not committed: throw the staged files away
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None

    def _stage(self) -> Path:
        if self.staging is None:
            self.output_dir.parent.mkdir(parents=True, exist_ok=True)
            self.staging = Path(tempfile.mkdtemp(prefix=f".{self.output_dir.name}-staging-", dir=self.output_dir.parent))
        return self.staging

    @property
    def target_dir(self) -> Path:
        return self._stage()

    def commit(self) -> WriteReport:
        report = self._report()
        if self.output_dir.is_dir() and not report.wrote_anything:
            return report
        staging = self._stage()
        for rel in self._kept:
            parts = _parts(rel)
            target = staging.joinpath(*parts)
            if target.parent not in self._folders:
                os.makedirs(target.parent, exist_ok=True)
                self._folders.add(target.parent)
            try:
                os.link(self.output_dir.joinpath(*parts), target)
            except OSError:  # a file system without hard links
                shutil.copy2(self.output_dir.joinpath(*parts), target)
        self.staging = None
        if self.output_dir.exists():
            _exchange(staging, self.output_dir)
            shutil.rmtree(staging, ignore_errors=True)  # now holds the previous output
        else:
            os.rename(staging, self.output_dir)
        return report


class JournalWriter(SwapWriter):
    """Few changes: see the module's docstring."""

    def commit(self) -> WriteReport:
        report = self._report()
        if not self.output_dir.is_dir():
            return super().commit()
        if not report.wrote_anything:
            return report
        staging = self._stage()
        journal = journal_path(self.output_dir)
        data = json.dumps({"staging": str(staging), "moved": list(report.changed), "removed": list(report.removed)})
        with open(journal, "w", encoding="utf-8") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        self.staging = None
        _apply_journal(self.output_dir, journal)
        return report


class PartialCommit(OSError):
    """A journaled commit stopped part way: output/ holds `moved` of the
    `total` changed files; the journal, kept, lets a later build finish."""

    def __init__(self, cause: OSError, journal: Path, moved: int, total: int):
        super().__init__(cause.errno, cause.strerror or str(cause), cause.filename)
        self.journal, self.moved, self.total = journal, moved, total


def journal_path(output_dir: Path) -> Path:
    return output_dir.with_name(f".{output_dir.name}-journal.json")


def recover(output_dir: Path) -> bool:
    """Finish a journaled commit that a killed build left, and remove the
    staging folders killed builds left. Call it holding the build lock:
    then no other build is using them. Returns whether a commit was finished."""
    journal = journal_path(output_dir)
    finished = journal.exists()
    if finished:
        _apply_journal(output_dir, journal)
    if output_dir.parent.is_dir():
        for leftover in output_dir.parent.glob(f".{output_dir.name}-staging-*"):
            shutil.rmtree(leftover, ignore_errors=True)
    return finished


def _apply_journal(output_dir: Path, journal: Path) -> None:
    """Idempotent: every step may already have happened before a kill."""
    try:
        entry = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        journal.unlink(missing_ok=True)  # cut off while being written: nothing was moved yet
        return
    staging = Path(entry["staging"])
    done, total = 0, len(entry["moved"]) + len(entry["removed"])
    try:
        for rel in entry["moved"]:
            source = staging.joinpath(*_parts(rel))
            if source.exists():
                target = output_dir.joinpath(*_parts(rel))
                os.makedirs(target.parent, exist_ok=True)
                os.replace(source, target)
            done += 1
        for rel in entry["removed"]:
            _remove(output_dir, rel)
            done += 1
    except OSError as exc:  # a read-only folder, a full disk: the journal stays for the next build
        raise PartialCommit(exc, journal, done, total) from exc
    journal.unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)


def _remove(output_dir: Path, rel: str) -> None:
    """Remove a file and the folders its removal emptied."""
    path = output_dir.joinpath(*_parts(rel))
    path.unlink(missing_ok=True)
    for folder in path.parents:
        try:
            if folder == output_dir or any(folder.iterdir()):
                break
            folder.rmdir()
        except OSError:
            break


class InPlaceWriter(_Writer):
    """File by file, each replaced atomically: see the module's docstring."""

    def __exit__(self, *exc_info) -> None:
        pass

    @property
    def target_dir(self) -> Path:
        return self.output_dir

    def commit(self) -> WriteReport:
        report = self._report()
        for rel in report.removed:
            _remove(self.output_dir, rel)
        return report


def _exchange(new: Path, current: Path) -> None:
    """Swap two folders atomically where the kernel can (Linux renameat2);
    elsewhere in two renames, leaving output/ missing only for an instant."""
    libc_name = ctypes.util.find_library("c")
    renameat2 = getattr(ctypes.CDLL(libc_name, use_errno=True), "renameat2", None) if libc_name else None
    if renameat2 is not None:
        result = renameat2(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(current), _RENAME_EXCHANGE)
        if result == 0:
            return
    old = current.with_name(current.name + ".old-" + new.name.rsplit("-", 1)[-1])
    os.rename(current, old)
    os.rename(new, current)
    os.rename(old, new)
