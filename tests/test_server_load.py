"""The preview server under load: many clients at once, slow clients, and a
page rewritten while it is being read."""

from __future__ import annotations

import http.client
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from generator.build import build_site
from generator.config import load_config
from generator.content.model import BuildMode
from generator.outputs import OutputFile
from generator.serve import EVENTS_PATH, SCRIPT_PATH, PreviewServer
from generator.write import place

from .conftest import DEFAULT_CONFIG, NOW, story

PAGE = "world/2022/12/09/harbour-fire/index.html"
BIG_PAGE = "world/2022/12/09/long-read/index.html"
DEADLINE = 30.0  # generous: what matters is that every request is answered, not how fast


def injected(html: bytes) -> bytes:
    """What the preview server sends for an HTML file: the reload script before </body>."""
    tag = f'<script src="{SCRIPT_PATH}" data-events="{EVENTS_PATH}" defer></script>'.encode()
    at = html.rfind(b"</body>")
    return html[:at] + tag + html[at:] if at >= 0 else html + tag


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("load") / "site"
    (root / "content/world").mkdir(parents=True)
    (root / "site.toml").write_text(DEFAULT_CONFIG, encoding="utf-8")
    (root / "content/world/harbour-fire.md").write_text(story("Fire in the harbour"), encoding="utf-8")
    long_body = "".join(f"Paragraph {i} of a very long read, with words enough to fill the socket buffers.\n\n" for i in range(4000))
    (root / "content/world/long-read.md").write_text(story("A long read", body=long_body), encoding="utf-8")
    build_site(load_config(root, output_dir=root / "output"), BuildMode(now=NOW))
    return root / "output"


@pytest.fixture
def server(built):
    server = PreviewServer(built, "127.0.0.1", 0, "/news/")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def get(server: PreviewServer, rel: str, timeout: float = DEADLINE) -> tuple[int, bytes]:
    host, port = server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", "/news/" + rel.removesuffix("index.html"))
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_200_concurrent_clients_all_get_the_full_page(server, built):
    want = injected((built / PAGE).read_bytes())
    start = threading.Barrier(200)

    def client(_):
        start.wait(timeout=DEADLINE)
        return get(server, PAGE)

    with ThreadPoolExecutor(200) as pool:
        results = list(pool.map(client, range(200)))
    statuses = [status for status, _ in results]
    assert statuses == [200] * 200, f"statuses: {sorted(set(statuses))}"
    short = [len(body) for _, body in results if body != want]
    assert not short, f"{len(short)} responses differ from the page ({len(want)} bytes); their sizes: {short[:10]}"


def test_slow_clients_do_not_stop_normal_requests(server, built):
    host, port = server.server_address[:2]
    want = injected((built / PAGE).read_bytes())
    big = injected((built / BIG_PAGE).read_bytes())
    assert len(big) > 300_000, "the long read must be bigger than the socket buffers"
    stalled, trickling = [], []
    stop = threading.Event()
    try:
        for _ in range(10):  # half a request line, then nothing
            sock = socket.create_connection((host, port), timeout=DEADLINE)
            sock.sendall(b"GET /news/ HT")
            stalled.append(sock)
        for _ in range(10):  # a whole request, then read the answer a byte at a time
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.settimeout(DEADLINE)
            sock.connect((host, port))
            sock.sendall(f"GET /news/{BIG_PAGE.removesuffix('index.html')} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            trickling.append(sock)

        def trickle(sock):
            while not stop.is_set():
                try:
                    if not sock.recv(1):
                        return
                except OSError:
                    return
                time.sleep(0.01)

        readers = [threading.Thread(target=trickle, args=(s,), daemon=True) for s in trickling]
        for reader in readers:
            reader.start()
        time.sleep(0.3)  # let the slow ones settle in

        deadline = time.monotonic() + DEADLINE
        with ThreadPoolExecutor(50) as pool:
            results = list(pool.map(lambda _: get(server, PAGE, timeout=DEADLINE), range(50)))
        assert time.monotonic() < deadline + 1, "normal requests waited behind the slow clients"
        assert [s for s, _ in results] == [200] * 50
        assert all(body == want for _, body in results), "a normal request got a truncated or wrong page"
    finally:
        stop.set()
        for sock in stalled + trickling:
            sock.close()


def test_a_page_rewritten_during_reads_is_never_torn(server, built, tmp_path):
    rel = PAGE
    original = (built / rel).read_bytes()
    # Two versions of clearly different lengths: a torn read shows as neither.
    version_a = original.replace(b"</body>", b"<p>" + b"A" * 5000 + b"</p></body>")
    version_b = original.replace(b"</body>", b"<p>" + b"B" * 50000 + b"</p></body>")
    wanted = {injected(version_a): "A", injected(version_b): "B"}
    stop = threading.Event()
    writes = 0
    errors: list[BaseException] = []

    def rewrite():
        nonlocal writes
        try:
            while not stop.is_set():
                for data in (version_a, version_b):
                    place(OutputFile(path=rel, data=data), built, built)
                    writes += 1
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    place(OutputFile(path=rel, data=version_a), built, built)
    writer = threading.Thread(target=rewrite, daemon=True)
    writer.start()
    try:
        with ThreadPoolExecutor(50) as pool:
            results = list(pool.map(lambda _: get(server, rel), range(500)))
    finally:
        stop.set()
        writer.join(timeout=DEADLINE)
        (built / rel).write_bytes(original)
    assert not errors, f"rewriting the page failed: {errors[0]!r}"
    assert writes > 10, "the page was hardly rewritten during the reads"
    statuses = sorted({status for status, _ in results})
    assert statuses == [200], f"statuses while the page was rewritten: {statuses}"
    torn = [len(body) for _, body in results if body not in wanted]
    assert not torn, f"{len(torn)} of 500 responses were neither version (sizes {torn[:10]}; want {[len(w) for w in wanted]})"
    leftovers = [p.name for p in (built / rel).parent.iterdir() if p.name.startswith(".newsgen-")]
    assert not leftovers, f"temporary files left beside the page: {leftovers}"
