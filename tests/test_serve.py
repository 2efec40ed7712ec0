"""The preview server (generator/serve.py) over a small built folder.

Requests go through http.client or raw sockets, which send the path exactly
as written (a browser or urllib would normalise "..", "%2e%2e" and
backslashes before the server ever saw them).
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from generator.build import build_site
from generator.config import load_config
from generator.content.model import BuildMode
from generator.serve import EVENTS_PATH, SCRIPT_PATH, PreviewServer

from .conftest import NOW, output_files, story

SECRET = "TOP-SECRET-do-not-serve-7f3a"
STORY_PAGE = "world/2022/12/09/harbour-fire/index.html"
SCRIPT_TAG = f'<script src="{SCRIPT_PATH}"'.encode()


SITE_TOML = (
    'title = "The Test Gazette"\n'
    'base_url = "https://example.org/news/"\n'
    'timezone = "Europe/Berlin"\n'
    f"# {SECRET} (site.toml must never be served)\n"
)


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    """A small site, built once into its own output/ (so that /news/../site.toml
    would be the site's own site.toml)."""
    root = tmp_path_factory.mktemp("serve") / "site"
    (root / "content/world").mkdir(parents=True)
    (root / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    (root / "content/world/harbour-fire.md").write_text(story("Fire in the harbour", tags="[Energy]"), encoding="utf-8")
    build_site(load_config(root, output_dir=root / "output"), BuildMode(now=NOW))
    return root


@pytest.fixture
def served(built_site, tmp_path):
    """A copy of the built site, served on a free port under /news/: (server, site root, folder)."""
    root = tmp_path / "site"
    shutil.copytree(built_site, root, symlinks=True)
    folder = root / "output"
    # Secrets beside and above the served folder, and symlinks pointing at them.
    (tmp_path / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", folder / "leak.txt")
    os.symlink(root, folder / "leakdir")
    os.symlink("/etc/passwd", folder / "passwd.txt")
    server = PreviewServer(folder, "127.0.0.1", 0, "/news/")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server, root, folder
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def address(server: PreviewServer) -> tuple[str, int]:
    return server.server_address[0], server.server_address[1]


def request(server: PreviewServer, path: str, method: str = "GET", headers: dict | None = None):
    """(status, headers as a case-insensitive message, body); the path is sent verbatim."""
    host, port = address(server)
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        conn.putrequest(method, path, skip_host=False, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        conn.endheaders()
        response = conn.getresponse()
        body = response.read()
        return response.status, response.headers, body
    finally:
        conn.close()


def raw(server: PreviewServer, request_line_and_headers: bytes) -> bytes:
    """Send bytes on a fresh socket and read until the server closes it."""
    with socket.create_connection(address(server), timeout=10) as sock:
        sock.sendall(request_line_and_headers)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def split_response(data: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body


# ---- nothing outside the folder --------------------------------------------

TRAVERSALS = [
    "/news/../site.toml",
    "/news/../../secret.txt",
    "/news/%2e%2e/site.toml",
    "/news/%2e%2e/%2e%2e/secret.txt",
    "/news/%2e%2e/%2e%2e/etc/passwd",
    "/news/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
    "/news/..%2f..%2fetc/passwd",
    "/news/..%2fsite.toml",
    "/news/..%2F..%2Fsecret.txt",
    "/news/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/news/world/../../site.toml",
    "/news/world/%2e%2e/%2e%2e/site.toml",
    "/news/..\\site.toml",
    "/news/%5c..%5csite.toml",
    "/news/..%5c..%5csecret.txt",
    "/news/index.html%00.css",
    "/news/%00",
    "/news/../site.toml%00",
    "/news//etc/passwd",
    "/news/%2fetc%2fpasswd",
    "/news/leak.txt",
    "/news/leakdir/site.toml",
    "/news/leakdir/",
    "/news/passwd.txt",
    "/news/%252e%252e/site.toml",
    "/../site.toml",
    "/site.toml",
    "/secret.txt",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_paths_outside_the_folder_are_refused_without_leaking(served, path):
    server, _, _ = served
    status, _, body = request(server, path)
    assert status in (301, 400, 403, 404), f"{path} answered {status}"
    assert SECRET.encode() not in body
    assert b"root:x:0:0" not in body and b"root:" not in body
    assert b"base_url" not in body
    if status == 301:  # a redirect must not lead out of the folder either
        _, headers, _ = request(server, path)
        location = headers["Location"]
        status, _, body = request(server, location)
        assert SECRET.encode() not in body and b"root:" not in body and b"base_url" not in body


@pytest.mark.parametrize("path", ["/news/../site.toml", "/news/..\\..\\secret.txt", "/news/%2e%2e/%2e%2e/etc/passwd"])
def test_raw_socket_traversal_is_refused(served, path):
    server, _, _ = served
    data = raw(server, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    status, _, body = split_response(data)
    assert status in (400, 403, 404)
    assert SECRET.encode() not in data and b"root:" not in data and b"base_url" not in data


def test_resolve_never_leaves_the_folder(served):
    server, _, folder = served
    for path in TRAVERSALS:
        found = server.resolve(path.split("?")[0])
        assert found is None or folder.resolve() in found.parents, f"{path} → {found}"
    assert server.resolve("/news/" + STORY_PAGE) == (folder / STORY_PAGE).resolve()
    assert server.resolve("/news/world/2022/12/09/harbour-fire/") == (folder / STORY_PAGE).resolve()
    assert server.resolve("/elsewhere/index.html") is None


def test_a_symlink_inside_the_folder_is_served(served):
    """Symlinks are resolved, not banned: one that stays inside is fine."""
    server, _, folder = served
    os.symlink(folder / "robots.txt", folder / "robots-link.txt")
    status, _, body = request(server, "/news/robots-link.txt")
    assert status == 200
    assert body == (folder / "robots.txt").read_bytes()


# ---- pages, folders, 404 ---------------------------------------------------

def test_a_story_page_is_served_with_the_script(served):
    server, _, folder = served
    status, headers, body = request(server, "/news/" + STORY_PAGE)
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(headers["Content-Length"]) == len(body)
    assert b"Fire in the harbour" in body
    on_disk = (folder / STORY_PAGE).read_bytes()
    assert SCRIPT_TAG in body
    # Injected right before </body>, and nothing else changed.
    at = body.index(SCRIPT_TAG)
    assert body[at:].split(b"</script>", 1)[1].startswith(b"</body>")
    script = body[at: body.index(b"</script>", at) + len(b"</script>")]
    assert body.replace(script, b"") == on_disk
    assert body.count(SCRIPT_TAG) == 1


def test_folders_serve_their_index(served):
    server, _, folder = served
    for path, rel in [("/news/", "index.html"), ("/news/world/", "world/index.html"),
                      ("/news/world/2022/12/09/harbour-fire/", STORY_PAGE)]:
        status, headers, body = request(server, path)
        assert status == 200, path
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert body.replace(body[body.index(SCRIPT_TAG): body.index(b"</script>", body.index(SCRIPT_TAG)) + 9], b"") == (folder / rel).read_bytes()


@pytest.mark.parametrize("path, location", [
    ("/news/world", "/news/world/"),
    ("/news/world/2022/12/09/harbour-fire", "/news/world/2022/12/09/harbour-fire/"),
    ("/news", "/news/"),
    ("/", "/news/"),
])
def test_a_folder_without_its_slash_redirects(served, path, location):
    server, _, _ = served
    status, headers, body = request(server, path)
    assert status in (301, 302, 307, 308)
    assert headers["Location"] == location
    status, _, _ = request(server, location)
    assert status == 200


def test_a_missing_page_is_the_sites_404_with_status_404(served):
    server, _, folder = served
    for path in ("/news/no/such/page/", "/news/nothing.html", "/news/world/2099/"):
        status, headers, body = request(server, path)
        assert status == 404, path
        assert headers["Content-Type"].startswith("text/html")
        assert b"Page not found" in body
        assert b'class="not-found"' in body  # the site's own 404.html, not a generic one
        on_disk = (folder / "404.html").read_bytes()
        assert on_disk.split(b"<body", 1)[1].split(b"</body>", 1)[0] in body


def test_head_sends_headers_and_no_body(served):
    server, _, folder = served
    status, get_headers, get_body = request(server, "/news/static/style.css")
    assert status == 200
    data = raw(server, b"HEAD /news/static/style.css HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    status, headers, body = split_response(data)
    assert status == 200
    assert headers["content-type"] == get_headers["Content-Type"]
    assert int(headers["content-length"]) == len(get_body) == (folder / "static/style.css").stat().st_size
    assert body == b""
    # And for an HTML page (whose length includes the script) and the 404 page.
    data = raw(server, f"HEAD /news/{STORY_PAGE} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    status, headers, body = split_response(data)
    assert status == 200 and body == b""
    assert int(headers["content-length"]) == len(request(server, "/news/" + STORY_PAGE)[2])
    data = raw(server, b"HEAD /news/missing HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    status, headers, body = split_response(data)
    assert status == 404 and body == b""


def test_conditional_get_with_the_etag_gives_304(served):
    server, _, _ = served
    for path in ("/news/static/style.css", "/news/" + STORY_PAGE, "/news/feed.xml"):
        status, headers, body = request(server, path)
        assert status == 200
        etag = headers["ETag"]
        assert etag
        status, headers, body = request(server, path, headers={"If-None-Match": etag})
        assert status == 304, path
        assert body == b""
        assert headers["ETag"] == etag
        status, _, body = request(server, path, headers={"If-None-Match": '"something-else"'})
        assert status == 200 and body


def test_the_etag_changes_when_the_file_does(served):
    server, _, folder = served
    _, headers, _ = request(server, "/news/robots.txt")
    etag = headers["ETag"]
    path = folder / "robots.txt"
    path.write_text(path.read_text() + "# changed, longer\n")
    status, headers, body = request(server, "/news/robots.txt", headers={"If-None-Match": etag})
    assert status == 200
    assert body.endswith(b"# changed, longer\n")
    assert headers["ETag"] != etag


@pytest.mark.parametrize("rel, expected", [
    (STORY_PAGE, ("text/html; charset=utf-8",)),
    ("index.html", ("text/html; charset=utf-8",)),
    ("static/style.css", ("text/css; charset=utf-8",)),
    ("feed.xml", ("application/xml; charset=utf-8", "text/xml; charset=utf-8", "application/rss+xml; charset=utf-8")),
    ("atom.xml", ("application/xml; charset=utf-8", "text/xml; charset=utf-8", "application/atom+xml; charset=utf-8")),
    ("sitemap.xml", ("application/xml; charset=utf-8", "text/xml; charset=utf-8")),
    ("static/favicon.svg", ("image/svg+xml; charset=utf-8",)),
    ("static/logo.svg", ("image/svg+xml; charset=utf-8",)),
    ("robots.txt", ("text/plain; charset=utf-8",)),
])
def test_mime_types_carry_a_charset(served, rel, expected):
    server, _, _ = served
    status, headers, _ = request(server, "/news/" + rel)
    assert status == 200
    assert headers["Content-Type"] in expected


@pytest.mark.parametrize("rel", ["static/style.css", "feed.xml", "atom.xml", "sitemap.xml", "world/feed.xml", "static/favicon.svg", "robots.txt"])
def test_the_script_is_only_injected_into_html(served, rel):
    server, _, folder = served
    status, _, body = request(server, "/news/" + rel)
    assert status == 200
    assert b"__newsgen" not in body
    assert body == (folder / rel).read_bytes()


def test_the_script_never_reaches_the_files_on_disk(served):
    server, _, folder = served
    for rel in output_files(folder):
        if rel.endswith(".html"):
            request(server, "/news/" + rel)
    for rel in output_files(folder):
        path = folder / rel
        if path.is_symlink():
            continue
        assert b"__newsgen" not in path.read_bytes(), rel


def test_the_reload_script_is_served(served):
    server, _, _ = served
    status, headers, body = request(server, SCRIPT_PATH)
    assert status == 200
    assert headers["Content-Type"].startswith(("text/javascript", "application/javascript"))
    assert b"EventSource" in body and b"newsgen-overlay" in body


def test_a_hundred_concurrent_requests_are_all_answered(served):
    server, _, _ = served
    paths = ["/news/", "/news/" + STORY_PAGE, "/news/static/style.css", "/news/feed.xml", "/news/world/"]
    start = threading.Barrier(100)

    def fetch(i: int) -> object:
        start.wait(timeout=30)
        try:
            status, _, body = request(server, paths[i % len(paths)])  # within 10 s each
        except OSError as exc:
            return f"{type(exc).__name__}: {exc}"
        return status if body else f"{status} with an empty body"

    with ThreadPoolExecutor(max_workers=100) as pool:
        answers = list(pool.map(fetch, range(100)))
    failed = Counter(a for a in answers if a != 200)
    assert not failed, f"{sum(failed.values())} of 100 concurrent requests failed: {dict(failed)}"


def test_an_open_event_stream_does_not_block_other_requests(served):
    server, _, _ = served
    with EventStream(server) as events:
        assert events.next()[0] == "hello"
        status, _, _ = request(server, "/news/")
        assert status == 200


# ---- Server-Sent Events ----------------------------------------------------

class EventStream:
    """A client of /__newsgen/events on a raw socket: next() → (event, data)."""

    def __init__(self, server: PreviewServer):
        self.server = server

    def __enter__(self):
        self.sock = socket.create_connection(address(self.server), timeout=10)
        self.sock.sendall(f"GET {EVENTS_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode())
        self.file = self.sock.makefile("rb")
        status_line = self.file.readline().decode()
        assert status_line.split()[1] == "200", status_line
        self.headers = {}
        while True:
            line = self.file.readline().decode().rstrip("\r\n")
            if not line:
                break
            name, _, value = line.partition(":")
            self.headers[name.strip().lower()] = value.strip()
        return self

    def __exit__(self, *exc):
        self.file.close()
        self.sock.close()

    def next(self, timeout: float = 10.0) -> tuple[str, str]:
        """The next event (comments and keep-alives skipped), within `timeout` seconds."""
        self.sock.settimeout(timeout)
        event, data = "message", []
        while True:
            line = self.file.readline()
            assert line, "the event stream closed"
            line = line.decode("utf-8").rstrip("\r\n")
            if not line:
                if data or event != "message":
                    return event, "\n".join(data)
                continue
            if line.startswith(":"):
                continue
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "event":
                event = value
            elif name == "data":
                data.append(value)


def test_events_stream_says_hello(served):
    server, _, _ = served
    with EventStream(server) as events:
        assert events.headers["content-type"].startswith("text/event-stream")
        event, data = events.next()
        assert event == "hello"
        hello = json.loads(data)
        assert hello["errors"] == []
        assert isinstance(hello["version"], int)


def test_site_changed_sends_reload(served):
    server, _, _ = served
    with EventStream(server) as events:
        assert events.next()[0] == "hello"
        version = json.loads(server.state.hello())["version"]
        server.site_changed()
        event, data = events.next()
        assert event == "reload"
        assert json.loads(data)["version"] > version


def test_site_failed_sends_the_errors(served):
    server, _, _ = served
    with EventStream(server) as events:
        assert events.next()[0] == "hello"
        server.site_failed(["content/x.md:3: bad"])
        event, data = events.next()
        assert event == "errors"
        assert "content/x.md:3: bad" in data
        assert json.loads(data)["errors"] == ["content/x.md:3: bad"]


def test_a_css_only_change_sends_css(served):
    server, _, _ = served
    with EventStream(server) as events:
        assert events.next()[0] == "hello"
        server.site_changed(css_only=True)
        event, data = events.next()
        assert event == "css"
        assert json.loads(data)["errors"] == []


def test_a_rebuild_finishing_while_a_tab_connects_is_not_lost(served):
    """The hello a tab receives may already be out of date when a rebuild
    completes right after it was written (the tab is still connecting): the
    tab must still be told, or it shows the old page until the next change.
    This pins that moment deterministically: the rebuild completes just after
    the server has composed the hello."""
    server, _, _ = served
    state = server.state
    composed = state.hello

    def hello_then_a_rebuild_completes() -> str:
        text = composed()
        state.hello = composed  # only the first connection
        server.site_changed()
        return text

    state.hello = hello_then_a_rebuild_completes
    with EventStream(server) as events:
        event, data = events.next()
        assert event == "hello"
        told = json.loads(data)["version"]
        assert told < state.version
        event, data = events.next()  # the tab must learn of the newer version
        assert (event, json.loads(data)["version"]) == ("reload", state.version)


def test_events_in_sequence_each_reach_the_tab(served):
    server, _, _ = served
    with EventStream(server) as events:
        assert events.next()[0] == "hello"
        server.site_failed(["content/world/a.md:1: front matter opened with --- is never closed"])
        event, data = events.next()
        assert event == "errors" and "content/world/a.md:1" in data
        server.site_changed()
        event, data = events.next()
        assert event == "reload" and json.loads(data)["errors"] == []
        server.site_changed(css_only=True)
        assert events.next()[0] == "css"


def test_every_open_tab_is_told(served):
    server, _, _ = served
    with EventStream(server) as one, EventStream(server) as two:
        assert one.next()[0] == "hello" and two.next()[0] == "hello"
        server.site_changed()
        assert one.next()[0] == "reload"
        assert two.next()[0] == "reload"


def test_a_tab_that_connects_after_a_failure_is_shown_the_errors(served):
    server, _, _ = served
    server.site_failed(["content/x.md:3: bad"])
    with EventStream(server) as events:
        event, data = events.next()
        assert event == "hello"
        assert json.loads(data)["errors"] == ["content/x.md:3: bad"]
    server.site_changed()
    with EventStream(server) as events:
        event, data = events.next()
        assert event == "hello" and json.loads(data)["errors"] == []


def test_stopping_the_server_ends_open_streams(served):
    server, _, _ = served
    with EventStream(server) as events:
        assert events.next()[0] == "hello"
        closer = threading.Thread(target=server.shutdown)
        closer.start()
        closer.join(timeout=10)
        assert not closer.is_alive(), "shutdown() hangs while a tab is connected"
        deadline = time.monotonic() + 10
        ended = False
        while time.monotonic() < deadline:
            try:
                events.sock.settimeout(max(0.1, deadline - time.monotonic()))
                if not events.file.readline():
                    ended = True
                    break
            except (TimeoutError, OSError):
                break
        assert ended, "the event stream stayed open after shutdown"


# ---- this machine only -----------------------------------------------------

STORY_URL = "/news/world/2022/12/09/harbour-fire/"


@pytest.mark.parametrize("path", [STORY_URL, EVENTS_PATH, SCRIPT_PATH, "/news/"])
@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.evil.example:{port}", "localhost:1",
                                  "[::2]:{port}", ""])
def test_a_request_naming_another_host_is_refused(served, path, host):
    """A page elsewhere whose name was made to resolve here (DNS rebinding)
    sends its own name: 403, the event stream too; no Host at all, too."""
    server, _, _ = served
    port = address(server)[1]
    header = f"Host: {host.format(port=port)}\r\n" if host else ""
    data = raw(server, f"GET {path} HTTP/1.1\r\n{header}Accept: text/event-stream\r\nConnection: close\r\n\r\n".encode())
    status, _, body = split_response(data)
    assert status == 403 and b"Fire in the harbour" not in body and b"--host" in body


@pytest.mark.parametrize("request_head", ["GET http://evil.example{path} HTTP/1.1\r\nHost: 127.0.0.1:{port}",
                                          "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example"])
def test_an_absolute_url_or_a_second_host_header_names_no_other_host(served, request_head):
    server, _, _ = served
    head = request_head.format(path=STORY_URL, port=address(server)[1])
    status, _, body = split_response(raw(server, f"{head}\r\nConnection: close\r\n\r\n".encode()))
    assert status in (400, 403) and b"Fire in the harbour" not in body


def test_an_absolute_url_naming_this_machine_is_answered(served):
    server, _, _ = served
    data = raw(server, f"GET http://127.0.0.1:{address(server)[1]}{STORY_URL} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    status, _, body = split_response(data)
    assert status == 200 and b"Fire in the harbour" in body


@pytest.mark.parametrize("host", ["localhost:{port}", "127.0.0.1:{port}", "LOCALHOST", "127.0.0.1"])
def test_this_machines_names_are_answered(served, host):
    server, _, _ = served
    data = raw(server, f"GET {STORY_URL} HTTP/1.1\r\nHost: {host.format(port=address(server)[1])}\r\nConnection: close\r\n\r\n".encode())
    status, _, body = split_response(data)
    assert status == 200 and b"Fire in the harbour" in body


def test_names_given_with_host_are_answered_and_only_they(built_site):
    server = PreviewServer(built_site / "output", "127.0.0.1", 0, "/news/", allowed_hosts=["newsroom.local"])
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        port = address(server)[1]
        for host, expected in ((f"newsroom.local:{port}", 200), ("NEWSROOM.LOCAL", 200), (f"other.local:{port}", 403)):
            data = raw(server, f"GET {STORY_URL} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
            assert split_response(data)[0] == expected, host
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.mark.parametrize("length", [300, 8_000, 60_000])
def test_an_overlong_path_gets_an_answer_not_a_traceback(served, capsys, length):
    server, _, _ = served
    data = raw(server, f"GET /news/{'a' * length} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    status, _, _ = split_response(data)
    assert status in (404, 414)
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("line", ["GARBAGE", "GET / HTTP/1.1 x", "GET / HTTP/x.y", "GET /"])
def test_a_malformed_request_line_gets_an_http_error_with_its_status_line(served, capsys, line):
    server, _, _ = served
    data = raw(server, f"{line}\r\nHost: 127.0.0.1\r\n\r\n".encode())
    assert data.startswith(b"HTTP/1."), data[:80]
    assert 400 <= split_response(data)[0] < 500
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("target", ["http://[x/", "http://[evil]/", "http://localhost:{port}]/news/", "//[x/"])
def test_an_absolute_url_with_a_host_that_cannot_be_read_gets_a_400_not_a_traceback(served, capsys, target):
    """urlsplit raised ValueError (Invalid IPv6 URL) on the request line's
    bracketed host: the client got an empty reply, the terminal a traceback."""
    server, _, _ = served
    port = address(server)[1]
    data = raw(server, f"GET {target.format(port=port)} HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n".encode())
    assert data.startswith(b"HTTP/1."), data[:80]
    status, _, body = split_response(data)
    assert status in (400, 404) and b"Fire in the harbour" not in body
    assert "Traceback" not in capsys.readouterr().err


# ---- newsgen serve on a port that is taken ----------------------------------

@pytest.fixture
def taken_port():
    """A port something else listens on, as another preview would."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def test_a_port_given_and_in_use_is_one_line_before_any_build(site, taken_port, capsys):
    from generator.cli import main  # noqa: PLC0415

    s = site({"content/world/a.md": story()})
    assert main(["serve", "--site", str(s.root), "--port", str(taken_port)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"port {taken_port} is in use" in err and "--port" in err
    # Said at once: nothing was built first.
    assert not (s.root / ".newsgen-cache" / "serve").exists()


def test_without_a_port_a_taken_default_gives_way_to_the_next_free_one(site, taken_port, monkeypatch):
    from generator import preview  # noqa: PLC0415

    monkeypatch.setattr(preview, "DEFAULT_PORT", taken_port)
    s = site({"content/world/a.md": story()})
    messages: list[str] = []
    p = preview.Preview(s.root, say=messages.append)
    url = p.start()
    try:
        port = int(url.rsplit(":", 1)[1].split("/")[0])
        assert taken_port < port < taken_port + preview.PORTS_TRIED
        assert f"port {taken_port} is in use; serving on port {port} instead" in messages
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
    finally:
        p.stop()


def test_an_old_url_with_a_query_redirects(served):
    """WordPress's /?p=123, an alias of every imported post: the path alone is the front page."""
    server, _, _ = served
    server.redirects = {"/news/?p=1000": ("/news/world/2022/12/09/harbour-fire/", 301)}
    status, headers, _ = request(server, "/news/?p=1000")
    assert status == 301 and headers["Location"].endswith("/news/world/2022/12/09/harbour-fire/")
    assert request(server, "/news/?p=2")[0] == 200
