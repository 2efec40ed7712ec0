"""OutputFiles → output/, all or nothing.

Files go into a fresh staging folder beside output/; only when every page
has rendered is the staging folder swapped in, in one atomic exchange on
Linux. A failed or killed build therefore leaves output/ exactly as it was.
A file whose bytes did not change is hard-linked from the old output, so it
keeps its inode and mtime; a build that changes nothing swaps nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
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


class OutputWriter:
    """Use as a context manager: files are staged by add(), swapped in by commit()."""

    def __init__(self, output_dir: Path):
        self.output_dir = output_dir
        self.staging: Path | None = None
        self._changed: list[str] = []
        self._seen: set[str] = set()
        self._unchanged = 0

    def __enter__(self) -> "OutputWriter":
        self.output_dir.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.output_dir.name}-staging-", dir=self.output_dir.parent))
        return self

    def __exit__(self, *exc_info) -> None:
        if self.staging is not None:  # not committed: throw the staged files away
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None

    def _target(self, rel: str) -> Path:
        parts = rel.split("/")
        if not rel or rel.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\x00" in rel or "\\" in rel:
            raise UnsafeOutputPath(f"refusing to write {rel!r}: it would leave the output folder")
        return self.staging.joinpath(*parts)

    def add(self, file: OutputFile) -> None:
        assert self.staging is not None, "add() outside `with OutputWriter(...)`"
        if file.path in self._seen:
            raise UnsafeOutputPath(f"{file.path} was produced twice")
        self._seen.add(file.path)
        staged = self._target(file.path)
        staged.parent.mkdir(parents=True, exist_ok=True)
        previous = self.output_dir.joinpath(*file.path.split("/"))
        if _same_content(previous, file):
            try:
                os.link(previous, staged)
            except OSError:  # a file system without hard links
                shutil.copy2(previous, staged)
            self._unchanged += 1
            return
        if file.data is not None:
            staged.write_bytes(file.data)
        else:
            shutil.copyfile(file.copy_from, staged)
        self._changed.append(file.path)

    def commit(self) -> WriteReport:
        assert self.staging is not None
        staging, self.staging = self.staging, None
        removed = tuple(sorted(_files_under(self.output_dir) - self._seen)) if self.output_dir.is_dir() else ()
        report = WriteReport(changed=tuple(sorted(self._changed)), removed=removed, unchanged=self._unchanged)
        if self.output_dir.is_dir() and not report.wrote_anything:
            shutil.rmtree(staging, ignore_errors=True)
            return report
        if self.output_dir.exists():
            _exchange(staging, self.output_dir)
            shutil.rmtree(staging, ignore_errors=True)  # now holds the previous output
        else:
            os.rename(staging, self.output_dir)
        return report


def _same_content(previous: Path, file: OutputFile) -> bool:
    try:
        if file.data is not None:
            if previous.stat().st_size != len(file.data):
                return False
            return previous.read_bytes() == file.data
        if previous.stat().st_size != file.copy_from.stat().st_size:
            return False
        return previous.read_bytes() == file.copy_from.read_bytes()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return False


def _files_under(folder: Path) -> set[str]:
    found = set()
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            found.add((Path(dirpath) / name).relative_to(folder).as_posix())
    return found


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
