"""`newsgen serve`: build, serve, watch, rebuild, reload. The dev loop owns its state.

The preview is built into its own folder (.newsgen-cache/serve/, never
output/) and written file by file, each file replaced atomically; the tabs
are told to reload only when a rebuild is completely written. A failed
rebuild leaves the last good files served and shows its errors in the tab.
"""

from __future__ import annotations

import errno
import os
import threading
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Sequence

from .build import SiteBuilder
from .cache import CACHE_DIR_NAME, BuildState, load_state, save_state
from .config import LEDGER_FILE, SiteConfig, load_config
from .content.model import BuildMode
from .errors import BuildFailed, ConfigError, NewsgenError
from .redirects import served_redirects
from .serve import PreviewServer
from .watch import ChangeKind, ChangeSet, SiteWatcher

SERVE_DIR = "serve"
STATE_DIR = "serve-state"
BODY_STORE = "serve-bodies"
SEARCH_PARTS = "serve-search"


DEFAULT_PORT = 8000
SEARCH_DELAY = 0.5  # seconds after a rebuild before its search index is made
PORTS_TRIED = 20  # without --port: 8000, else the next free one of these


class Preview:
    def __init__(self, site_dir: Path, *, host: str = "127.0.0.1", port: int | None = None, drafts: bool = False,
                 future: bool = False, poll: bool = False, say: Callable[[str], None] = print, allowed_hosts: Sequence[str] = ()):
        self.site_dir = site_dir
        # None: the default port, or the next free one if it is taken.
        self.host, self.port = host, port
        self.allowed_hosts = tuple(allowed_hosts)  # names besides `host` and localhost that requests may give
        self.drafts, self.future, self.poll = drafts, future, poll
        self.say = say
        self.config = self._load_config()
        self.cache_dir = self.config.root / CACHE_DIR_NAME
        self.builder = self._builder(load_state(self.cache_dir / STATE_DIR) or BuildState())
        self.server: PreviewServer | None = None
        self.watcher: SiteWatcher | None = None
        self.builds = 0  # completed rebuilds, good or bad: the tests' way to wait
        self.searches = 0  # search indexes made after a rebuild: the tests' way to wait for one
        # A rebuild and the search index made after it never run at once.
        self._lock = threading.Lock()
        self._search_timer: threading.Timer | None = None

    def _load_config(self) -> SiteConfig:
        config = load_config(self.site_dir)
        return replace(config, output_dir=config.root / CACHE_DIR_NAME / SERVE_DIR)

    def _builder(self, state: BuildState) -> SiteBuilder:
        # As `newsgen build` does, a story's old URL is kept in urls.toml when an
        # edit changes it, so that the preview answers it with a redirect;
        # not with drafts or future stories shown, which are no one's history.
        builder = SiteBuilder(self.config, in_place=True, body_store=self.cache_dir / BODY_STORE,
                              record_urls=not (self.drafts or self.future), search_later=True,
                              search_parts=self.cache_dir / SEARCH_PARTS)
        builder.state = state
        return builder

    def start(self) -> str:
        """Claim the port, build, then serve and watch in background threads.
        Returns the URL. The port comes first: a port in use is said at
        once, not after a long build."""
        self.server = self._listen()
        self.rebuild(None)
        self._answer_old_urls()
        threading.Thread(target=self.server.serve_forever, name="newsgen-serve", daemon=True).start()
        self.watcher = SiteWatcher(self.config.root, self.rebuild, poll=self.poll)
        self.watcher.start()
        return self.server.url

    def _listen(self) -> PreviewServer:
        wanted = DEFAULT_PORT if self.port is None else self.port
        ports = range(wanted, wanted + PORTS_TRIED) if self.port is None else [wanted]
        for port in ports:
            try:
                server = PreviewServer(self.config.output_dir, self.host, port, self.config.base_path, self.allowed_hosts)
            except OSError as exc:
                if exc.errno != errno.EADDRINUSE:
                    raise NewsgenError(f"cannot listen on {self.host} port {port}: {exc.strerror or exc}; "
                                       "give another address with --host or port with --port") from None
                continue
            if port != wanted:
                self.say(f"port {wanted} is in use; serving on port {port} instead")
            return server
        if self.port is None:
            raise NewsgenError(f"ports {wanted} to {wanted + PORTS_TRIED - 1} are all in use; "
                               "choose one with --port N (--port 0 takes any free port)")
        raise NewsgenError(f"port {wanted} is in use (another newsgen serve?); stop what uses it, or choose another "
                           "port with --port N (--port 0 takes any free port)")

    def stop(self) -> None:
        if self._search_timer is not None:
            self._search_timer.cancel()
        if self.watcher:
            self.watcher.stop()
        if self.server:
            self.server.shutdown()
            self.server.server_close()
        with self._lock:  # (not while a rebuild or the search index changes the state)
            try:
                save_state(self.cache_dir / STATE_DIR, self.builder.state)
            except OSError:
                pass  # only a speed-up for the next start

    def _answer_old_urls(self) -> None:
        model = self.builder.state.model
        if model is not None:
            self.server.redirects = served_redirects(model.plan.redirects, self.config)

    def rebuild(self, changes: ChangeSet | None) -> None:
        with self._lock:
            if changes is not None and self._only_its_own_ledger(changes):
                return
            self._rebuild(changes)
        self._index_soon()

    def _only_its_own_ledger(self, changes: ChangeSet) -> bool:
        """Is the change only urls.toml as the last build wrote (or read)
        it? A build that records a new URL writes the file: building again
        for that would find nothing new, and tell the tabs to reload."""
        if changes.paths != {LEDGER_FILE}:
            return False
        try:
            found = os.stat(self.config.ledger_path)
        except FileNotFoundError:
            return False
        known = getattr(self.builder.state.model, "ledger_stat", None)  # (the stat the build left, as it compares it)
        return known == (found.st_mtime_ns, found.st_size, found.st_ino)

    def _index_soon(self) -> None:
        """The search index of the last rebuild, made a moment after it (a
        later rebuild starts the wait again), so the page being edited never waits for it."""
        if self._search_timer is not None:
            self._search_timer.cancel()
        self._search_timer = threading.Timer(SEARCH_DELAY, self._update_search)
        self._search_timer.daemon = True
        self._search_timer.start()

    def _update_search(self) -> None:
        with self._lock:
            try:
                if self.builder.update_search():
                    self.searches += 1
            except (NewsgenError, OSError) as exc:
                self.say(f"{_clock()} search index: could not be made ({exc}); the last one is still served")

    def _rebuild(self, changes: ChangeSet | None) -> None:
        started = time.perf_counter()
        what = "initial build" if changes is None else changes.describe()
        try:
            if changes is not None and ChangeKind.CONFIG in changes.kinds:
                self.config = self._load_config()
                self.builder = self._builder(self.builder.state)
            now = datetime.now(timezone.utc).astimezone(self.config.timezone).replace(microsecond=0)
            result = self.builder.build(BuildMode(now=now, drafts=self.drafts, future=self.future))
        except (BuildFailed, ConfigError) as exc:
            errors = [str(d) for d in exc.diagnostics]
            self.say(f"{_clock()} {what}: build failed, still serving the last good version")
            for line in errors:
                self.say(f"  {line}")
            if self.server:
                self.server.site_failed(errors)
        else:
            seconds = time.perf_counter() - started
            changed = len(result.write.changed) + len(result.write.removed)
            self.say(f"{_clock()} {what}: {result.rendered} of {result.pages} pages rendered, "
                     f"{changed} file{'s' * (changed != 1)} changed in {seconds:.2f} s")
            if self.server:
                self._answer_old_urls()
                self.server.site_changed(css_only=changes is not None and changes.css_only)
        finally:
            self.builds += 1


def _clock() -> str:
    return time.strftime("%H:%M:%S")


def serve_forever(preview: Preview) -> None:
    url = preview.start()
    preview.say(f"serving {url} (Ctrl+C to stop)")
    try:
        while True:
            time.sleep(3600)
    finally:
        preview.stop()
