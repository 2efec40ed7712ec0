"""The preview server: serves a folder over HTTP, and tells open tabs when to reload.

It knows nothing of builds: the dev loop calls `site_changed()` after a
rebuild has been completely written, and `site_failed(errors)` when one
failed, and the server keeps serving the last good files. Every HTML
response gets a small script (only here, never in built files) that listens
on a Server-Sent Events stream: `reload` reloads the tab, `css` swaps the
stylesheets, `errors` shows an overlay naming each file and line.

Nothing outside the served folder is ever readable: paths are decoded,
normalised and resolved (symlinks included) before any file is opened.
"""

from __future__ import annotations

import email.utils
import json
import mimetypes
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urlsplit

EVENTS_PATH = "/__newsgen/events"
SCRIPT_PATH = "/__newsgen/reload.js"
KEEPALIVE_SECONDS = 15
# The names this machine's own browser uses for it: always answered.
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
MAX_PATH_LENGTH = 4096  # longer request paths get 414: no file here has such a name
TEXT_TYPES = ("text/", "application/xml", "application/json", "application/javascript", "image/svg+xml", "application/rss+xml", "application/atom+xml")
mimetypes.add_type("image/svg+xml", ".svg")
mimetypes.add_type("application/xml", ".xml")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/manifest+json", ".webmanifest")

RELOAD_SCRIPT = r"""(() => {
  const events = new EventSource(document.currentScript.dataset.events);
  let version = null;
  const overlayId = "newsgen-overlay";
  function hide() { const old = document.getElementById(overlayId); if (old) old.remove(); }
  function show(errors) {
    hide();
    // Opaque, in the reader's colour scheme, every style inline: no page's
    // text shows through it and no page's stylesheet restyles it.
    const dark = matchMedia("(prefers-color-scheme: dark)").matches;
    const paper = dark ? "#161616" : "#fffdf8", ink = dark ? "#f2f2f2" : "#141414", accent = dark ? "#ff9d8f" : "#b3261e";
    const box = document.createElement("div");
    box.id = overlayId;
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1.5rem;opacity:1;" +
      `background:${paper};color:${ink};font:15px/1.5 ui-monospace,monospace;text-align:start`;
    const title = document.createElement("h2");
    title.textContent = "newsgen: the build failed (this page is the last good version)";
    title.style.cssText = `color:${accent};background:none;font:bold 18px/1.3 system-ui,sans-serif;margin:0 0 1.25rem`;
    box.appendChild(title);
    for (const e of errors) {
      // "content/world/a.md:3: message": the file and line as a header, then what is wrong.
      const parts = /^(\S.*?:\d+|[^\s:]+): ([\s\S]*)$/.exec(e);
      const where = document.createElement("p");
      where.className = "newsgen-where";
      where.textContent = parts ? parts[1] : "";
      where.style.cssText = `margin:0;color:${accent};background:none;font:bold 15px/1.5 ui-monospace,monospace;` +
        "text-decoration:underline;text-underline-offset:3px;overflow-wrap:anywhere";
      const what = document.createElement("pre");
      what.textContent = parts ? parts[2] : e;
      what.style.cssText = `white-space:pre-wrap;overflow-wrap:anywhere;margin:0 0 1rem;padding:0;border:0;color:${ink};` +
        "background:none;font:15px/1.5 ui-monospace,monospace";
      if (parts) box.appendChild(where);
      box.appendChild(what);
    }
    document.body.appendChild(box);
  }
  events.addEventListener("hello", (e) => {
    const state = JSON.parse(e.data);
    // A rebuild happened while we were disconnected: catch up.
    if (version !== null && state.version !== version) { location.reload(); return; }
    version = state.version;
    if (state.errors.length) show(state.errors); else hide();
  });
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("css", (e) => {
    version = JSON.parse(e.data).version;
    hide();
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("newsgen", String(version));
      link.href = url.href;
    }
  });
  events.addEventListener("errors", (e) => show(JSON.parse(e.data).errors));

  // Another generator's template syntax left in a story ({% include %},
  // {{< figure >}}) reaches readers as text: the build warns of it, and the
  // preview marks each one where it stands. Code shows templates on purpose.
  const TEMPLATE = /\{\{<[\s\S]*?>\}\}|\{\{%[\s\S]*?%\}\}|\{%[\s\S]*?%\}|\{\{[\s\S]*?\}\}/g;
  const NOT_PROSE = new Set(["SCRIPT", "STYLE", "CODE", "PRE", "TEXTAREA", "KBD", "SAMP", "MARK"]);
  const HINT = "Template syntax of another generator: readers see it as written. " +
    "Write it in Markdown or HTML: `newsgen import` converts the common ones, this one is left for you (the build lists it as a warning).";
  const LOOK = "background:#fff3b0;color:#000;outline:2px dashed #c62828;outline-offset:1px";
  function inProse(node) {
    for (let el = node.parentElement; el; el = el.parentElement) {
      if (NOT_PROSE.has(el.tagName) || el.id === overlayId) return false;
    }
    return true;
  }
  function markTemplateSyntax() {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const found = [];
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (/\{[{%]/.test(node.data) && inProse(node)) found.push(node);
    }
    for (const node of found) {
      const text = node.data, parts = [];
      let last = 0;
      for (const match of text.matchAll(TEMPLATE)) {
        const mark = document.createElement("mark");
        mark.className = "newsgen-template-syntax";
        mark.title = HINT;
        mark.style.cssText = LOOK;
        mark.textContent = match[0];
        parts.push(text.slice(last, match.index), mark);
        last = match.index + match[0].length;
      }
      if (parts.length) node.replaceWith(...parts, text.slice(last));
    }
    // An image or link whose address is still a template cannot work.
    for (const el of document.body.querySelectorAll("[src*='{{'],[src*='{%'],[href*='{{'],[href*='{%']")) {
      el.classList.add("newsgen-template-syntax");
      el.title = HINT;
      el.style.outline = "3px dashed #c62828";
    }
  }
  markTemplateSyntax();
})();
"""


class PreviewState:
    """What the server tells tabs: a version that grows with each good build, and the current errors."""

    def __init__(self) -> None:
        self.version = 0
        self.errors: tuple[str, ...] = ()
        self.last_event = ("hello", "")
        self.changed = threading.Condition()

    def publish(self, event: str, errors: tuple[str, ...] = ()) -> None:
        with self.changed:
            if event != "errors":
                self.version += 1
            self.errors = errors
            self.last_event = (event, json.dumps({"version": self.version, "errors": list(errors)}))
            self.changed.notify_all()

    def hello(self) -> str:
        return json.dumps({"version": self.version, "errors": list(self.errors)})


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # a page and its assets, from several tabs, arrive at once

    def __init__(self, folder: Path, host: str, port: int, base_path: str = "/", allowed_hosts: Iterable[str] = ()):
        self.folder = folder.resolve()
        self.base_path = base_path if base_path.endswith("/") else base_path + "/"
        # The Host names requests may give. A page elsewhere whose own name
        # is made to resolve to this machine (DNS rebinding) sends its own
        # name, and must not read the preview, drafts included.
        self.allowed_hosts = frozenset(name.lower().strip("[]") for name in (host, *allowed_hosts)) | LOOPBACK_NAMES
        self.state = PreviewState()
        # Old URL → (where it goes, 301 or 410), from the last good build (redirects.py).
        self.redirects: dict[str, tuple[str, int]] = {}
        self._stopping = threading.Event()
        super().__init__((host, port), _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}{self.base_path}"

    def handle_error(self, request, client_address) -> None:
        """A tab closed mid-response is ordinary; anything else is reported."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)

    def site_changed(self, css_only: bool = False) -> None:
        self.state.publish("css" if css_only else "reload")

    def site_failed(self, errors: list[str]) -> None:
        self.state.publish("errors", tuple(errors))

    def shutdown(self) -> None:
        self._stopping.set()
        with self.state.changed:
            self.state.changed.notify_all()
        super().shutdown()

    def answers_to(self, host_header: str | None) -> bool:
        """Is this Host header (`name`, `name:port`, `[::1]:port`) one of this server's names, with its port?"""
        host = (host_header or "").strip().lower()
        if host.startswith("["):
            name, _, rest = host[1:].partition("]")
            port = rest[1:] if rest.startswith(":") else rest
        else:
            name, _, port = host.partition(":")
        return bool(name) and name in self.allowed_hosts and port in ("", str(self.server_address[1]))

    def is_folder(self, url_path: str) -> bool:
        try:
            return (self.folder / unquote(url_path[len(self.base_path):])).is_dir()
        except (OSError, ValueError):
            return False

    def resolve(self, url_path: str) -> Path | None:
        """A URL path under base_path → a file inside the folder, or None."""
        if not url_path.startswith(self.base_path):
            return None
        decoded = unquote(url_path[len(self.base_path):])
        if "\x00" in decoded or "\\" in decoded:
            return None
        parts = [p for p in decoded.split("/") if p not in ("", ".")]
        if ".." in parts:
            return None
        try:
            target = self.folder.joinpath(*parts)
            if target.is_dir():
                target = target / "index.html"
            real = target.resolve(strict=True)
        except (OSError, RuntimeError, ValueError):  # a name too long for the system, a loop
            return None
        if self.folder not in real.parents or not real.is_file():
            return None  # a symlink out of the folder, or not a file
        return real


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"
    server_version = "newsgen-preview"

    def log_message(self, format: str, *args) -> None:
        pass  # the terminal shows rebuilds, not every request

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if self.request_version == "HTTP/0.9":  # "GET /" alone: no headers, so no Host to check
            self.send_error(HTTPStatus.BAD_REQUEST, "HTTP/0.9 is not answered")
            return False
        return True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The standard library's answer, always with its status line: a
        request line it cannot read ("GARBAGE", "GET / HTTP/x.y") left it
        taking the request for HTTP/0.9, answered with a bare page that no
        HTTP client reads as an error."""
        if self.request_version == "HTTP/0.9":
            self.request_version, self.close_connection = "HTTP/1.0", True
        super().send_error(code, message, explain)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def do_GET(self) -> None:
        self._respond(head=False)

    def _respond(self, head: bool) -> None:
        hosts = self.headers.get_all("Host") or []
        if len(hosts) > 1:  # which one a proxy in between believed is anyone's guess (RFC 9112, 3.2)
            return self._send(HTTPStatus.BAD_REQUEST, b"More than one Host header.\n", "text/plain; charset=utf-8", head, cache=False)
        try:
            target = urlsplit(self.path)
        except ValueError:  # a bracketed host it cannot read ("GET http://[x/", "http://[evil]/"): no name of this server's
            return self._send(HTTPStatus.BAD_REQUEST, b"The request's URL cannot be read.\n", "text/plain; charset=utf-8", head, cache=False)
        # A request for an absolute URL ("GET http://name/…") names its host there, not in Host (RFC 9112, 3.2.2).
        if not self.server.answers_to(target.netloc if target.scheme else (hosts or [None])[0]):
            names = ", ".join(sorted(self.server.allowed_hosts))
            message = (f"This preview answers only to {names}. To reach it under another name, start it with "
                       f"`newsgen serve --host ADDRESS,NAME`.\n").encode()
            return self._send(HTTPStatus.FORBIDDEN, message, "text/plain; charset=utf-8", head, cache=False)
        if len(self.path) > MAX_PATH_LENGTH:
            return self._send(HTTPStatus.REQUEST_URI_TOO_LONG, b"Request path too long.\n", "text/plain; charset=utf-8", head, cache=False)
        path, query = target.path, target.query
        if path == EVENTS_PATH and not head:
            return self._events()
        if path == SCRIPT_PATH:
            return self._send(HTTPStatus.OK, RELOAD_SCRIPT.encode(), "text/javascript; charset=utf-8", head, cache=False)
        if path == self.server.base_path.rstrip("/") or (path == "/" and self.server.base_path != "/"):
            return self._redirect(self.server.base_path)
        # An old URL with a query first (WordPress's /?p=123), then its path alone.
        moved = (query and self.server.redirects.get(f"{unquote(path)}?{query}")) or self.server.redirects.get(unquote(path))
        if moved is not None:
            location, status = moved
            if status == HTTPStatus.MOVED_PERMANENTLY:
                return self._redirect(location)
            return self._send(HTTPStatus.GONE, b"<!DOCTYPE html><title>Gone</title><h1>Gone</h1><p>This story has been taken down.</p>",
                              "text/html; charset=utf-8", head, cache=False)
        target = self.server.resolve(path)
        if target is not None and not path.endswith("/") and self.server.is_folder(path):
            return self._redirect(path + "/")
        if target is None:
            page = self.server.folder / "404.html"
            body = self._inject(page.read_bytes()) if page.is_file() else b"<!DOCTYPE html><title>Not found</title><h1>Not found</h1>"
            return self._send(HTTPStatus.NOT_FOUND, body, "text/html; charset=utf-8", head, cache=False)
        self._file(target, head)

    def _file(self, target: Path, head: bool) -> None:
        stat = target.stat()
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith(TEXT_TYPES):
            kind += "; charset=utf-8"
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}-{self.server.state.version}"'
        last_modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
        if self.headers.get("If-None-Match") == etag or (
            "If-None-Match" not in self.headers and self.headers.get("If-Modified-Since") == last_modified
        ):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = target.read_bytes()
        if kind.startswith("text/html"):
            data = self._inject(data)
        self._send(HTTPStatus.OK, data, kind, head, headers={"ETag": etag, "Last-Modified": last_modified})

    def _inject(self, html: bytes) -> bytes:
        tag = f'<script src="{SCRIPT_PATH}" data-events="{EVENTS_PATH}" defer></script>'.encode()
        at = html.rfind(b"</body>")
        return html[:at] + tag + html[at:] if at >= 0 else html + tag

    def _send(self, status: HTTPStatus, body: bytes, kind: str, head: bool, cache: bool = True, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache" if cache else "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _events(self) -> None:
        state = self.server.state
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            # The last event first, then the greeting: any event published
            # after `seen` is sent below, so none is lost while a tab connects
            # (at worst the tab hears of the newest build twice).
            with state.changed:
                seen = state.last_event
                hello = state.hello()
            self.wfile.write(f"retry: 1000\nevent: hello\ndata: {hello}\n\n".encode())
            self.wfile.flush()
            while not self.server._stopping.is_set():
                with state.changed:
                    state.changed.wait_for(lambda: state.last_event is not seen or self.server._stopping.is_set(), timeout=KEEPALIVE_SECONDS)
                    event = state.last_event
                if event is seen:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    seen = event
                    self.wfile.write(f"event: {event[0]}\ndata: {event[1]}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            return  # the tab went away
