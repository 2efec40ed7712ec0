"""OutputFiles → the output folder.

Two writers with one interface (has, keep, add or record, commit). Files
themselves are put in place by `place()`, which render workers in other
processes call directly, so page bytes never travel between processes.

StandbyWriter, for `newsgen build`: strictly atomic, at the cost of what
changed. Beside output/ lives its standby, `.output-next/`: the same tree,
each file a hard link to output/'s (so it costs folders, not file data). A
build writes its changed files into the standby, each renamed over the old
link rather than written through it, removes there what the new output no
longer has, and swaps the two folders with one atomic exchange (Linux
renameat2, macOS renamex_np): at every instant output/ is the whole old
tree or the whole new one, for one changed file as for all of them. The
standby, now the old tree, then catches up by hard-linking the changed files
in. From its first write until it matches output/ again, a mark beside it
(`.output-next.pending`) says it may differ; a build that finds the mark,
because one before it was killed or failed, first brings the standby back
in line with output/ by comparing the two folders' listings (`recover`).
The first output is built in a folder of its own and renamed into place;
the standby is made by the first build that writes into an existing
output/, so a one-off build (CI) never pays for it. Swapping in a tree
built from nothing instead would cost a hard link per unchanged file and
the old tree's removal: seconds for a large archive.

InPlaceWriter, for the dev server's own folder: each changed file is
replaced atomically on its own (never half-written), and the server sends the
reload only after commit, when every file of the rebuild is in place.

StampCheck, before either writes: which files of output/ are not as the
last build left them (written, replaced or removed by anything else), and
whether a file was added to any folder, from their stamps, compared by
helper processes while the build does its first work.
"""

from __future__ import annotations

import ctypes
import gc
import os
import secrets
import shutil
import signal
import threading
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable

from .outputs import OutputFile

_RENAME_EXCHANGE = 2  # Linux
_RENAME_SWAP = 2  # macOS
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


def folder_stamp(output_dir: str, folder: str) -> int | None:
    """The mtime_ns of a folder of the output ("" for the output folder itself); None if it is not there."""
    try:
        return os.stat(f"{output_dir}/{folder}" if folder else output_dir).st_mtime_ns
    except OSError:
        return None


class StampCheck:
    """Which files of output/ are not as a build left them, and whether its
    folders are: each file's stamp (file_stamp) and each folder's
    (folder_stamp) compared with the ones recorded. At 100,000 stories that
    is 460,000 stats, two seconds of one core, which forked helpers (one per
    core, each taking every n-th path) make while the build scans its
    inputs and loads its state. Where there is no fork, or other threads
    that a fork could leave holding a lock, they are made in this process
    when first asked. `files` and `folders` give the recorded (path, stamp)
    pairs; a helper reads them after the fork, so this process never holds
    them as lists."""

    MANY = 1000  # files found changed beyond which a helper stops and says "many" (changed_files: None)

    def __init__(self, output_dir: str, files: Callable[[], Iterable[tuple[str, tuple[int, int, int]]]],
                 folders: Callable[[], Iterable[tuple[str, int]]], helpers: int):
        self._output_dir, self._files, self._folders = output_dir, files, folders
        self._answer: tuple[set[str] | None, bool] | None = None
        self._helpers: list[tuple[int, int]] = []  # (pid, the pipe it answers on)
        if not hasattr(os, "fork") or threading.active_count() > 1 or helpers < 2:
            return
        for part in range(helpers):
            reading, writing = os.pipe()
            try:
                pid = os.fork()
            except OSError:  # no room for another process: compared here, when asked
                os.close(reading)
                os.close(writing)
                self.close()
                return
            if pid == 0:  # the helper: compare its share, answer on the pipe, run nothing of the build's
                try:
                    gc.disable()  # a collection would touch, and so copy, every page of the build's memory
                    os.nice(10)  # the build's own work first: the helpers take what cores it leaves
                    os.close(reading)
                    changed, folders_same = self._compare(part, helpers)
                    answer = (b"1" if folders_same else b"0") + (b"M" if changed is None else b"F" + "\0".join(changed).encode())
                    with os.fdopen(writing, "wb") as out:
                        out.write(answer)
                finally:
                    os._exit(0)
            os.close(writing)
            self._helpers.append((pid, reading))

    def _compare(self, part: int, parts: int) -> tuple[list[str] | None, bool]:
        """The files of this share whose stamps differ (None: MANY or more), and whether its folders' are all the same."""
        changed: list[str] | None = []
        for rel, stamp in islice(self._files(), part, None, parts):
            if file_stamp(self._output_dir, rel) != stamp:
                changed.append(rel)
                if len(changed) >= self.MANY:
                    changed = None
                    break
        return changed, all(folder_stamp(self._output_dir, rel) == stamp for rel, stamp in islice(self._folders(), part, None, parts))

    def _answered(self) -> tuple[set[str] | None, bool]:
        if self._answer is None:
            if not self._helpers:
                changed, folders_same = self._compare(0, 1)
                self._answer = (set(changed) if changed is not None else None, folders_same)
            else:
                found: set[str] | None = set()
                folders_same = True
                while self._helpers:
                    pid, reading = self._helpers.pop()
                    with os.fdopen(reading, "rb") as answers:
                        answer = answers.read()
                    _, status = os.waitpid(pid, 0)
                    if os.waitstatus_to_exitcode(status) != 0 or len(answer) < 2:
                        found, folders_same = None, False  # a helper that died: nothing known
                        continue
                    folders_same = folders_same and answer[:1] == b"1"
                    if answer[1:2] == b"M" or found is None:
                        found = None
                    elif len(answer) > 2:
                        found.update(answer[2:].decode().split("\0"))
                self._answer = (found, folders_same)
        return self._answer

    def unchanged(self) -> bool:
        """Is output/ just as recorded?"""
        changed, folders_same = self._answered()
        return folders_same and changed == set()

    def changed_files(self) -> set[str] | None:
        """The recorded files whose stamps differ (gone, rewritten, replaced); None when there are too many to say."""
        return self._answered()[0]

    def folders_unchanged(self) -> bool:
        """Is every recorded folder there with its stamp: nothing added to or removed from any of them?"""
        return self._answered()[1]

    def close(self) -> None:
        """Stops the helpers still comparing (the build no longer needs their answer)."""
        while self._helpers:
            pid, reading = self._helpers.pop()
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.close(reading)
            os.waitpid(pid, 0)


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
        stamp = folder_stamp(output_dir, folder)
        if stamp is not None:
            found[folder] = stamp
    return found


def files_under(folder: Path) -> set[str]:
    """Every file under folder, as a path relative to it. Strings, not
    Paths: a large archive's output holds a quarter of a million files."""
    found = set()
    root = str(folder)
    for dirpath, _, filenames in os.walk(root):
        prefix = dirpath[len(root) + 1:].replace(os.sep, "/")
        found.update(f"{prefix}/{name}" if prefix else name for name in filenames)
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

    @property
    def produced(self) -> set[str]:
        """Every file of the new output: kept, written or placed."""
        return self._seen

    def keep(self, rel: str) -> None:
        """The file is unchanged: carry it over as it is."""
        self._claim(rel)
        self._kept.append(rel)

    def keep_all(self, rels: list[str]) -> None:
        """keep() for each: in one step, as a rebuild keeps 240,000 files at 100,000 stories."""
        claimed = set(rels)
        if len(claimed) != len(rels) or not self._seen.isdisjoint(claimed):
            for rel in rels:  # raises at the file produced twice, naming it
                self.keep(rel)
        self._seen |= claimed
        self._kept += rels

    @property
    def target_dir(self) -> Path:
        """Where new files go: the staging folder, or the output itself."""
        raise NotImplementedError

    @property
    def current_dir(self) -> Path:
        """Where the new tree can be read as far as it is written."""
        return self.target_dir

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

    The file is written beside its place and renamed over it: a reader of
    the output never sees it half-written, and in the standby the old file,
    a hard link to the output's, is replaced rather than written through.
    """
    parts = _parts(file.path)
    if _same_content(output_dir.joinpath(*parts), file):
        return False
    target = target_dir.joinpath(*parts)
    if folders is None or target.parent not in folders:
        _make_folder(target.parent, target_dir)
        if folders is not None:
            folders.add(target.parent)
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)  # the old tree had a folder where the new one has this file
    temp = target.with_name(f".newsgen-{secrets.token_hex(6)}")
    try:
        _put(temp, file)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return True


def _put(target: Path, file: OutputFile) -> None:
    if file.data is not None:
        with open(target, "xb") as out:
            out.write(file.data)
    else:
        shutil.copyfile(file.copy_from, target)


class StandbyWriter(_Writer):
    """Strictly atomic, at the cost of what changed: see the module's docstring."""

    def __init__(self, output_dir: Path, previous: set[str] | None = None, *, output_touched: bool = False):
        super().__init__(output_dir, previous)
        self.standby = standby_path(output_dir)
        # Whether something else may have written output/ since the last
        # build: then its standby is compared with it file by file first.
        self.output_touched = output_touched
        self.exchanged = False  # output/ is now the new tree (the former standby)
        self.standby_ready = False  # after commit: the standby is output/'s twin again
        self.standby_remade = False  # compared with output/ in full (or made) before any write
        self.standby_problem: OSError | None = None  # the standby could not be brought up to date after the exchange
        self._standby_due = False  # the standby is to be made when the first file is written

    def __enter__(self):
        _mark_pending(self.output_dir)  # from the first write on, until the standby matches output/ again
        if not self.output_dir.is_dir():
            # The first output: the standby is only a folder to build it in,
            # whatever an earlier build left there (reused, not deleted: that
            # costs as much as writing it).
            self.standby.mkdir(exist_ok=True)
            self.previous = self.previous | files_under(self.standby)
        elif not self.standby.is_dir():
            # Made by the first build that writes into output/, when it
            # first writes: a one-off build (CI) never pays for it, nor does a
            # build that finds nothing to write (at 100,000 stories, 20 s).
            self._standby_due = True
        elif self.output_touched:
            # output/ was changed since by something else: the standby is made its twin now, before any write.
            mirror(self.output_dir, self.standby)
            self.standby_remade = True
        return self

    def __exit__(self, *exc_info) -> None:
        if self.exchanged or self.standby_ready:
            return  # committed (a commit with nothing to write leaves the standby the twin it was)
        # Not committed: output/ is untouched; the standby is put back in line
        # with it now, or, if that fails too, by the next build (the mark stays).
        try:
            if self.output_dir.is_dir() and self.standby.is_dir():
                mirror(self.output_dir, self.standby)
            pending_path(self.output_dir).unlink(missing_ok=True)
        except OSError:
            pass

    @property
    def target_dir(self) -> Path:
        if self._standby_due:
            self.standby.mkdir()
            mirror(self.output_dir, self.standby)
            self._standby_due = False
            self.standby_remade = True
        return self.standby

    @property
    def current_dir(self) -> Path:
        # Until the standby is made, nothing is written: output/ is the new tree so far.
        return self.output_dir if self._standby_due else self.standby

    def commit(self) -> WriteReport:
        report = self._report()
        first = not self.output_dir.is_dir()
        if not first and not report.wrote_anything:
            pending_path(self.output_dir).unlink(missing_ok=True)  # nothing was written into the standby
            self.standby_ready = True
            return report
        for rel in report.removed:
            _remove(self.standby, rel)
        if first:
            os.rename(self.standby, self.output_dir)
            self.exchanged = True
            pending_path(self.output_dir).unlink(missing_ok=True)  # no standby: the next build that writes makes it
            return report
        _exchange(self.standby, self.output_dir)
        self.exchanged = True
        # Committed. The standby, now the old tree, catches up with what
        # changed; if it cannot, output/ is still whole and new, and the
        # next build restores the standby before it writes anything.
        try:
            mirror(self.output_dir, self.standby, (*report.removed, *report.changed))
            pending_path(self.output_dir).unlink(missing_ok=True)
            self.standby_ready = True
        except OSError as exc:
            self.standby_problem = exc
        return report


def standby_path(output_dir: Path) -> Path:
    return output_dir.with_name(f".{output_dir.name}-next")


def pending_path(output_dir: Path) -> Path:
    """Present while the standby may differ from output/ (written into, or
    not yet caught up after an exchange)."""
    return output_dir.with_name(f".{output_dir.name}-next.pending")


def _aside_path(output_dir: Path) -> Path:
    return output_dir.with_name(f".{output_dir.name}-aside")


def _mark_pending(output_dir: Path) -> None:
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    with open(pending_path(output_dir), "w", encoding="utf-8") as out:
        out.write("the standby copy of the output may differ from it; the next build restores it\n")
        out.flush()
        os.fsync(out.fileno())  # durable before anything is written into the standby


def recover(output_dir: Path) -> None:
    """Put right what a killed or failed build left: output/ if a three-rename
    exchange was cut in the middle, the standby if it may differ from
    output/, and the staging folders and journals of earlier versions. Call
    it holding the build lock: then no other build is using them."""
    aside = _aside_path(output_dir)
    if aside.exists():  # only where the kernel cannot exchange two folders
        if output_dir.exists():
            shutil.rmtree(aside)
        else:
            os.rename(aside, output_dir)  # the old output, whole
    pending = pending_path(output_dir)
    if pending.exists():
        standby = standby_path(output_dir)
        if output_dir.is_dir():
            standby.mkdir(exist_ok=True)
            mirror(output_dir, standby)
        pending.unlink()
    if output_dir.parent.is_dir():
        for leftover in output_dir.parent.glob(f".{output_dir.name}-staging-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        output_dir.with_name(f".{output_dir.name}-journal.json").unlink(missing_ok=True)


def mirror(source: Path, replica: Path, paths: tuple[str, ...] | None = None) -> None:
    """Make `replica` hold what `source` holds, each file a hard link to the
    source's (a copy where the file system has no hard links). With `paths`,
    only those paths can differ; without, every folder is compared, by the
    inode numbers that listing a folder gives for free."""
    if paths is None:
        _mirror_folder(source, replica)
        return
    for rel in paths:
        parts = _parts(rel)
        if source.joinpath(*parts).is_file():
            target = replica.joinpath(*parts)
            _make_folder(target.parent, replica)
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            _link(source.joinpath(*parts), target)
        else:
            _remove(replica, rel)


def _mirror_folder(source: Path, replica: Path) -> None:
    # Folders as strings, and a folder the replica did not have (all of
    # them, the first time a standby is made) filled without listing it or
    # replacing anything in it: a third of the time over 23,000 folders.
    folders = [(str(source), str(replica), False)]
    while folders:
        here, there, fresh = folders.pop()
        with os.scandir(here) as entries:
            ours = {entry.name: entry for entry in entries}
        theirs = {}
        if not fresh:
            with os.scandir(there) as entries:
                theirs = {entry.name: entry for entry in entries}
        for name, entry in theirs.items():
            twin = ours.get(name)
            if twin is None or twin.is_dir(follow_symlinks=False) != entry.is_dir(follow_symlinks=False):
                _discard(Path(entry.path))
        for name, entry in ours.items():
            target = f"{there}/{name}"
            if entry.is_dir(follow_symlinks=False):
                new = name not in theirs or not theirs[name].is_dir(follow_symlinks=False)
                if new:
                    os.mkdir(target)
                folders.append((entry.path, target, new))
            elif fresh or name not in theirs:
                _new_link(entry.path, target)
            elif theirs[name].inode() != entry.inode():
                _link(Path(entry.path), Path(target))


def _new_link(source: str, target: str) -> None:
    """A hard link where nothing is yet (a copy where the file system has none)."""
    try:
        os.link(source, target, follow_symlinks=False)
    except FileExistsError:
        _link(Path(source), Path(target))
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def _link(source: Path, target: Path) -> None:
    """Replace target by a hard link to source (never writing through the old one)."""
    temp = target.with_name(".newsgen-link")
    temp.unlink(missing_ok=True)
    try:
        os.link(source, temp, follow_symlinks=False)
    except OSError:  # a file system without hard links
        shutil.copy2(source, temp, follow_symlinks=False)
    os.replace(temp, target)


def _make_folder(folder: Path, root: Path) -> None:
    """Make the folder, removing a file that stands where one of its folders
    must be: in a tree being brought in line with another, that file is one
    the new tree no longer has."""
    try:
        os.makedirs(folder, exist_ok=True)
        return
    except (FileExistsError, NotADirectoryError):
        pass
    for part in reversed((folder, *folder.parents)):
        if part == root or root not in part.parents:
            continue
        if part.is_symlink() or (part.exists() and not part.is_dir()):
            part.unlink()
            break
    os.makedirs(folder, exist_ok=True)


def _discard(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _remove(output_dir: Path, rel: str) -> None:
    """Remove a file and the folders its removal emptied. A folder now
    standing at its path (or a file standing at a folder of it) belongs to
    the new tree, which put it there: it stays."""
    path = output_dir.joinpath(*_parts(rel))
    try:
        if path.is_symlink() or not path.is_dir():
            path.unlink()
    except (FileNotFoundError, NotADirectoryError):
        pass
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
    """Swap two folders atomically where the kernel can (Linux renameat2,
    macOS renamex_np); elsewhere in three renames, where a kill in between
    leaves the old output aside for `recover` to put back."""
    # The C library's functions as the interpreter already has them loaded
    # (dlopen of no file): looking the library up by name (ctypes.util) was
    # 5 ms of importing and a search of the linker's cache on every commit.
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        libc = None
    if libc is not None and hasattr(libc, "renameat2"):
        if libc.renameat2(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(current), _RENAME_EXCHANGE) == 0:
            return
    elif libc is not None and hasattr(libc, "renamex_np"):
        if libc.renamex_np(os.fsencode(new), os.fsencode(current), _RENAME_SWAP) == 0:
            return
    aside = _aside_path(current)
    os.rename(current, aside)
    os.rename(new, current)
    os.rename(aside, new)
