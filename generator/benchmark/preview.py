"""The live preview's latency: from saving a story to its page being
rewritten, and to the reload event reaching an open tab (median of edits)."""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from ..preview import Preview


def _listen(url: str, events: list[tuple[float, str]], stop: threading.Event) -> None:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    connection.request("GET", "/__newsgen/events")
    response = connection.getresponse()
    while not stop.is_set():
        line = response.fp.readline()
        if not line:
            return
        if line.startswith(b"event: "):
            events.append((time.perf_counter(), line[7:].strip().decode()))


def measure(site: Path, edits: int = 20) -> dict:
    preview = Preview(site, port=0, say=lambda line: None)
    started = time.perf_counter()
    url = preview.start()
    initial = time.perf_counter() - started
    events: list[tuple[float, str]] = []
    stop = threading.Event()
    threading.Thread(target=_listen, args=(url, events, stop), daemon=True).start()
    time.sleep(1.0)
    stories = sorted((site / "content").rglob("*.md"))
    written, reloaded = [], []
    try:
        for i in range(edits):
            story = stories[(i * 7919) % len(stories)]
            rel = story.relative_to(site / "content").with_suffix("").as_posix()
            page = next(preview.config.output_dir.rglob(f"{Path(rel).name}/index.html"))
            before = page.stat().st_mtime_ns
            seen = len(events)
            saved = time.perf_counter()
            with story.open("a", encoding="utf-8") as out:
                out.write(f"\nA line added while previewing, number {i}.\n")
            while page.stat().st_mtime_ns == before:
                time.sleep(0.002)
            written.append(time.perf_counter() - saved)
            while not any(name == "reload" for _, name in events[seen:]):
                time.sleep(0.002)
            reloaded.append(next(t for t, name in events[seen:] if name == "reload") - saved)
            time.sleep(0.5)  # let the watcher settle between edits
    finally:
        stop.set()
        preview.stop()
    return {
        "initial_build_seconds": initial,
        "edits": edits,
        "page_rewritten_median": statistics.median(written),
        "reload_event_median": statistics.median(reloaded),
        "page_rewritten": written,
        "reload_event": reloaded,
    }
