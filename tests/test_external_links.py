"""`newsgen check --external`: links to other sites asked over the network, never in a build.

A real HTTP server on this machine plays the other sites: a page that is
there, one that is gone, one behind a redirect, one whose server refuses
HEAD, and a port where nothing answers.
"""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from generator.cli import main

from .conftest import NOW, story


class _OtherSite(BaseHTTPRequestHandler):
    asked: list[tuple[str, str]] = []

    def log_message(self, format, *args):
        pass

    def _answer(self, head: bool) -> None:
        self.asked.append((self.command, self.path))
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/there")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path == "/no-head" and head:
            self.send_response(405)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = 404 if self.path.startswith("/gone") else 200
        body = b"<p>page</p>"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def do_HEAD(self):
        self._answer(True)

    def do_GET(self):
        self._answer(False)


@pytest.fixture
def other_site():
    _OtherSite.asked = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _OtherSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def a_closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_broken_links_to_other_sites_are_named_with_their_pages(site, capsys, other_site):
    nowhere = f"http://127.0.0.1:{a_closed_port()}/page"
    body = (f"[there]({other_site}/there), [gone]({other_site}/gone), [moved]({other_site}/moved), "
            f"[no head]({other_site}/no-head), [nowhere]({nowhere}) and [ours](https://example.org/news/world/).\n")
    s = site({"content/world/a.md": story("A story", body=body)})
    assert main(["build", "--site", str(s.root), "--output", str(s.output), "--now", NOW.isoformat()]) == 0
    asked_by_build = list(_OtherSite.asked)
    assert asked_by_build == [], "a build asked another site"
    capsys.readouterr()
    status = main(["check", "--site", str(s.root), "--output", str(s.output), "--external"])
    out, err = capsys.readouterr()
    assert status == 1
    assert f"the link to {other_site}/gone is broken: 404" in err
    assert f"the link to {nowhere} is broken: no answer" in err
    assert "world/2022/12/09/a/index.html" in err
    for fine in ("/there", "/moved", "/no-head"):
        assert f"{other_site}{fine} " not in err
    assert "checked 5 links to other sites (0 answered well" in out and ": 2 broken" in out
    assert ("GET", "/no-head") in _OtherSite.asked  # asked again with GET when HEAD was refused

    # Asked again: what answered well is not asked for a day; what failed is.
    _OtherSite.asked = []
    main(["check", "--site", str(s.root), "--output", str(s.output), "--external"])
    out = capsys.readouterr().out
    assert "(3 answered well" in out
    assert {path for _, path in _OtherSite.asked} == {"/gone"}


def test_a_broken_link_is_named_by_the_file_and_line_its_writer_fixes(site, capsys, other_site, monkeypatch):
    """The story, the author's bio or the page that holds the link, at its
    line: the page of output/ showing it is what the writer does not edit.
    Without the last build's state (or another output/), the page is named."""
    s = site({
        "content/world/a.md": story("A story", body=f"A first paragraph.\n\nThen [a report]({other_site}/gone?a=1&b=2).\n"),
        "content/authors/ann-ode.md": f"---\nname: Ann Ode\n---\nAnn wrote [a book]({other_site}/gone-book) once.\n",
        "content/world/b.md": story("B story", authors="[Ann Ode]"),
    })
    monkeypatch.chdir(s.root)
    assert main(["build", "--site", str(s.root), "--output", str(s.output), "--now", NOW.isoformat()]) == 0
    capsys.readouterr()
    assert main(["check", "--site", str(s.root), "--output", str(s.output), "--external"]) == 1
    err = capsys.readouterr().err
    line = story("A story", body="A first paragraph.\n\nThen").count("\n") + 1
    assert f"content/world/a.md:{line}: the link to {other_site}/gone?a=1&b=2 is broken: 404 Not Found (on " in err, err
    assert f"content/authors/ann-ode.md:4: the link to {other_site}/gone-book is broken: 404 Not Found (on " in err, err

    for cache in (s.root / ".newsgen-cache").glob("state.sqlite*"):
        cache.unlink()
    assert main(["check", "--site", str(s.root), "--output", str(s.output), "--external"]) == 1
    err = capsys.readouterr().err
    assert "content/world/a.md" not in err and f"/index.html: the link to {other_site}/gone?a=1&b=2 is broken: 404" in err, err


def test_check_without_external_says_what_it_does(site, capsys):
    s = site({"content/world/a.md": story("A story")})
    assert main(["check", "--site", str(s.root)]) == 1
    assert "add --external" in capsys.readouterr().err
