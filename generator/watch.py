"""File system events → debounced ChangeSets, handed to a callback.

Folders are watched, not files, so an editor's save by writing a temporary
file and renaming it over the original is seen (as a move onto the file).
Beside site.toml, the URL ledger (urls.toml) is watched: a [moved] line
added by hand is a change, though the build writes that file too (the
caller tells its own writes apart). Editor temporaries and backups, hidden
files, the output and cache folders are ignored. A burst (a git checkout of
hundreds of files) is coalesced: the callback runs once the events have been
quiet for a moment, and events that arrive while it runs are kept for the
next call, never lost.

This module knows nothing of builds: it calls `on_change(ChangeSet)`.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Callable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from .config import CONFIG_NAME, LEDGER_FILE
from .content.discover import is_ignored_name

WATCHED_FOLDERS = ("content", "layouts", "static")


class ChangeKind(str, Enum):
    CONTENT = "content"
    LAYOUTS = "layouts"
    STATIC = "static"
    CONFIG = "config"
    LEDGER = "ledger"


@dataclass(frozen=True)
class ChangeSet:
    paths: frozenset[str]  # site-relative, forward slashes

    @property
    def kinds(self) -> frozenset[ChangeKind]:
        return frozenset(kind_of(p) for p in self.paths)

    @property
    def css_only(self) -> bool:
        """Only stylesheets changed: the page can swap them without reloading."""
        return bool(self.paths) and all(p.startswith("static/") and p.endswith(".css") for p in self.paths)

    def describe(self, limit: int = 3) -> str:
        shown = sorted(self.paths)[:limit]
        more = len(self.paths) - len(shown)
        return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def kind_of(rel: str) -> ChangeKind:
    if rel == CONFIG_NAME:
        return ChangeKind.CONFIG
    if rel == LEDGER_FILE:
        return ChangeKind.LEDGER
    return ChangeKind(rel.split("/", 1)[0])


def relevant(rel: str) -> bool:
    """Is this site-relative path one a build reads?"""
    parts = rel.split("/")
    if any(is_ignored_name(part) for part in parts):
        return False
    return rel in (CONFIG_NAME, LEDGER_FILE) or (len(parts) > 1 and parts[0] in WATCHED_FOLDERS) or (len(parts) == 1 and parts[0] in WATCHED_FOLDERS)


class _Collector(FileSystemEventHandler):
    def __init__(self, watcher: "SiteWatcher"):
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or (event.is_directory and event.event_type == "modified"):
            return  # reading changes nothing; a folder's own mtime follows its files' events
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw:
                self.watcher.notice(Path(raw if isinstance(raw, str) else raw.decode()), event.is_directory)


class SiteWatcher:
    def __init__(self, site_root: Path, on_change: Callable[[ChangeSet], None], *, poll: bool = False,
                 quiet: float = 0.05, longest_wait: float = 2.0):
        self.root = site_root.resolve()
        self.on_change = on_change
        self.quiet = quiet  # wait this long after the last event...
        self.longest_wait = longest_wait  # ...but no longer than this after the first
        self._observer = PollingObserver(timeout=0.5) if poll else Observer()
        self._handler = _Collector(self)
        self._watched: dict[str, object] = {}  # top folder → its watch
        self._pending: set[str] = set()
        self._first = self._last = 0.0
        self._lock = threading.Condition()
        self._stopping = False
        self._thread = threading.Thread(target=self._loop, name="newsgen-watch", daemon=True)

    def start(self) -> None:
        self._observer.schedule(self._handler, str(self.root), recursive=False)
        for name in WATCHED_FOLDERS:
            self._watch_folder(name)
        self._observer.start()
        self._thread.start()

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            self._lock.notify_all()
        self._observer.stop()
        self._observer.join(timeout=5)
        self._thread.join(timeout=5)

    def _watch_folder(self, name: str) -> None:
        """Watch a top folder, afresh: one deleted and made again (a git
        checkout) needs a new watch, the old one ended with the folder."""
        folder = self.root / name
        old = self._watched.pop(name, None)
        if old is not None:
            try:
                self._observer.unschedule(old)
            except (KeyError, OSError):
                pass
        if folder.is_dir():
            self._watched[name] = self._observer.schedule(self._handler, str(folder), recursive=True)

    def notice(self, path: Path, is_directory: bool) -> None:
        try:
            rel = path.relative_to(self.root).as_posix()
        except ValueError:
            return
        if not relevant(rel):
            return
        if is_directory and rel in WATCHED_FOLDERS:
            self._watch_folder(rel)  # a layouts/ or static/ made after start
        with self._lock:
            now = time.monotonic()
            if not self._pending:
                self._first = now
            self._pending.add(rel)
            self._last = now
            self._lock.notify_all()

    def _loop(self) -> None:
        while True:
            with self._lock:
                while not self._pending and not self._stopping:
                    self._lock.wait()
                if self._stopping:
                    return
                # Debounce: wait for a quiet moment, or the longest wait.
                while not self._stopping:
                    now = time.monotonic()
                    deadline = min(self._last + self.quiet, self._first + self.longest_wait)
                    if now >= deadline:
                        break
                    self._lock.wait(deadline - now)
                if self._stopping:
                    return
                changes = ChangeSet(frozenset(self._pending))
                self._pending = set()
            # Outside the lock: events during the callback queue up for the next round.
            self.on_change(changes)
