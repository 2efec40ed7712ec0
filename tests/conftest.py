"""Shared fixtures: small sites written into tmp_path, built with a pinned clock.

    def test_something(site):
        s = site({"content/world/a.md": story("A headline")})
        result = s.build()
        html = s.read("world/2022/12/09/a/index.html")

`site(files, config=None)` writes every {relative path: text} into a fresh
folder (with DEFAULT_CONFIG as site.toml unless the dict or `config` gives
one) and returns a Site. Site.build() runs the real pipeline with NOW unless
told otherwise; Site.build_fails() expects BuildFailed and returns it.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sqlite3
import textwrap
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator
from zoneinfo import ZoneInfo

import pytest

from generator.build import BuildResult, build_site
from generator.cache import DB_FILE, DIGEST_FILE, file_digest
from generator.config import SiteConfig, load_config
from generator.content.model import BuildMode
from generator.errors import BuildFailed

BERLIN = ZoneInfo("Europe/Berlin")
# The pinned clock of every test build: a Monday evening in Berlin, in winter.
NOW = datetime(2022, 12, 12, 18, 0, tzinfo=BERLIN)
BASE_URL = "https://example.org/news/"

DEFAULT_CONFIG = """\
title = "The Test Gazette"
base_url = "https://example.org/news/"
timezone = "Europe/Berlin"
"""


def story(title: str | None = "A headline", date: str | None = "2022-12-09T10:00:00", body: str = "First paragraph of the story.\n", **fields: str) -> str:
    """The text of an article: front matter lines in order, then the body.

    Every value in `fields` is written as it is after `key: ` (so pass YAML,
    e.g. tags="[Ukraine, Belarus]"); None leaves title or date out.
    """
    lines = ["---"]
    if title is not None:
        lines.append(f"title: {title}")
    if date is not None:
        lines.append(f"date: {date}")
    lines += [f"{key}: {value}" for key, value in fields.items()]
    lines.append("---")
    return "\n".join(lines) + "\n" + body


def front_matter(path: Path) -> tuple[dict, str]:
    """(front matter, body) of a Markdown file newsgen wrote (`new`, `import`)."""
    import yaml  # noqa: PLC0415 (only the tests of written files need it)

    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), text[:80]
    head, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """`files` (path under root → text or bytes) written under root, made; root."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text, encoding="utf-8")
    return root


def imported_with_moved(tmp_path: Path, capsys, kind: str, source: Path) -> tuple[Path, dict[str, str]]:
    """A new site with `source` imported as `newsgen import --from kind`
    imports it: the site, and the [moved] lines of its urls.toml (quoted old URL → quoted new one)."""
    from generator.cli import main

    site = tmp_path / "site"
    assert main(["init", str(site)]) == 0
    assert main(["import", "--from", kind, str(source), "--site", str(site)]) == 0
    assert "recorded under [moved] in urls.toml" in capsys.readouterr().out
    ledger = (site / "urls.toml").read_text(encoding="utf-8")
    return site, dict(line.split(" = ") for line in ledger.split("[moved]\n", 1)[1].splitlines())


def redirects_built(site: Path, capsys) -> str:
    """The site built, none of its [moved] lines leading nowhere: its _redirects file."""
    from generator.cli import main

    capsys.readouterr()
    assert main(["build", "--site", str(site), "--now", "2026-01-01T00:00:00+00:00"]) == 0
    assert "[moved]" not in capsys.readouterr().err  # every line leads to a page the build publishes
    return (site / "output" / "_redirects").read_text(encoding="utf-8")


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


class Site:
    def __init__(self, root: Path, output: Path):
        self.root = root
        self.output = output

    # -- writing sources --

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def remove(self, rel: str) -> None:
        (self.root / rel).unlink()

    # -- building --

    def config(self, output_dir: Path | None = None) -> SiteConfig:
        return load_config(self.root, output_dir=output_dir or self.output)

    def build(self, now: datetime = NOW, *, drafts: bool = False, future: bool = False, output_dir: Path | None = None) -> BuildResult:
        return build_site(self.config(output_dir), BuildMode(now=now, drafts=drafts, future=future))

    def build_fails(self, now: datetime = NOW, **kwargs) -> BuildFailed:
        with pytest.raises(BuildFailed) as caught:
            self.build(now, **kwargs)
        return caught.value

    # -- reading output --

    def path(self, rel: str) -> Path:
        return self.output / rel

    def exists(self, rel: str) -> bool:
        return (self.output / rel).is_file()

    def read(self, rel: str) -> str:
        path = self.output / rel
        assert path.is_file(), f"{rel} is not in the output; it has: {self.files()}"
        return path.read_text(encoding="utf-8")

    def files(self, folder: Path | None = None) -> list[str]:
        return output_files(folder or self.output)

    def html_files(self) -> list[str]:
        return [f for f in self.files() if f.endswith(".html")]

    def snapshot(self, folder: Path | None = None) -> dict[str, tuple[bytes, int, int]]:
        """Every output file → (bytes, mtime_ns, inode)."""
        root = folder or self.output
        found = {}
        for rel in output_files(root):
            path = root / rel
            info = path.stat()
            found[rel] = (path.read_bytes(), info.st_mtime_ns, info.st_ino)
        return found


def output_files(folder: Path) -> list[str]:
    """Every file under `folder`, as sorted forward-slash relative paths."""
    if not folder.is_dir():
        return []
    found = []
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            found.append((Path(dirpath) / name).relative_to(folder).as_posix())
    return sorted(found)


def output_contents(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` → its bytes."""
    return {rel: (folder / rel).read_bytes() for rel in output_files(folder)}


def drop_quick_check(cache_dir: Path) -> None:
    """The build state without its quick check, as a build would save it: the next build looks at every page."""
    db = sqlite3.connect(cache_dir / DB_FILE)
    with db:
        db.execute("DELETE FROM meta WHERE key = 'blob:quick'")
    db.close()
    (cache_dir / DIGEST_FILE).write_text(file_digest(cache_dir / DB_FILE), encoding="ascii")


def state_rows(cache_dir: Path, table: str = "outputs") -> dict[str, int]:
    """Each row of the build state's table, by path, with its rowid: a row written again gets a new one."""
    db = sqlite3.connect(cache_dir / DB_FILE)
    try:
        return dict(db.execute(f"SELECT path, rowid FROM {table}"))
    finally:
        db.close()


def standby_is_twin(output: Path) -> bool:
    """Whether every file of the output's standby copy is a hard link to the same path's in output/, and no more."""
    standby = output.with_name(f".{output.name}-next")
    ours = {p.relative_to(output): p.stat().st_ino for p in output.rglob("*") if p.is_file()}
    twins = {p.relative_to(standby): p.stat().st_ino for p in standby.rglob("*") if p.is_file()}
    return ours == twins


_counter = itertools.count()


@pytest.fixture
def site(tmp_path):
    """A factory: site({relative path: text}, config=None) → Site, in its own folder."""

    def make(files: dict[str, str | bytes] | None = None, config: str | None = None) -> Site:
        root = tmp_path / f"site{next(_counter)}"
        root.mkdir()
        files = dict(files or {})
        if "site.toml" not in files:
            files["site.toml"] = config if config is not None else DEFAULT_CONFIG
        (root / "content").mkdir()
        built = Site(root, tmp_path / f"{root.name}-output")
        for rel, text in files.items():
            built.write(rel, text)
        return built

    return make


# ---- reading HTML ----------------------------------------------------------

class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None]):
        self.tag = tag
        self.attrs = attrs
        self.text = ""

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs} {self.text!r}>"


class _Collector(HTMLParser):
    """Every element with its attributes and its text content."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs))
        self.elements.append(element)
        if tag not in VOID_ELEMENTS:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.elements.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i].tag == tag:
                del self._open[i:]
                break

    def handle_data(self, data):
        for element in self._open:
            element.text += data


VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def elements(html: str, tag: str | None = None, **attrs: str) -> list[Element]:
    """Elements of `html`, optionally only `tag` ones whose attributes include `attrs`
    (class_="x" matches an element having class x among its classes)."""
    parser = _Collector()
    parser.feed(html)
    parser.close()
    found = []
    for element in parser.elements:
        if tag and element.tag != tag:
            continue
        ok = True
        for key, want in attrs.items():
            key = key.rstrip("_")
            have = element.attrs.get(key)
            if key == "class":
                ok = ok and have is not None and want in have.split()
            else:
                ok = ok and have == want
        if ok:
            found.append(element)
    return found


def text_of(html: str, tag: str, **attrs: str) -> list[str]:
    return [" ".join(e.text.split()) for e in elements(html, tag, **attrs)]


def page_url(rel: str, base_url: str = BASE_URL) -> str:
    """The absolute URL an output file is served at: index.html is its folder."""
    if rel == "index.html":
        return base_url
    if rel.endswith("/index.html"):
        return base_url + rel[: -len("index.html")]
    return base_url + rel


def output_rel(url: str, base_url: str = BASE_URL) -> str | None:
    """An absolute URL of the site → its output file, or None if outside base_url."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    url = parts._replace(query="", fragment="").geturl()
    if not url.startswith(base_url):
        return None
    rel = unquote(url[len(base_url):])
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    return rel


def messages(exc: Exception) -> list[str]:
    """The diagnostics of a BuildFailed or ConfigError, each as str()."""
    return [str(d) for d in exc.diagnostics]


# ---- the sample site, built once -------------------------------------------

@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """This repository's sample site built once per session with the Makefile's
    SAMPLE_NOW, into a temporary folder: a tests.distribution.Built."""
    from .distribution import SAMPLE_NOW, SAMPLE_SITE, Built

    output = tmp_path_factory.mktemp("sample-site") / "output"
    build_site(load_config(SAMPLE_SITE, output_dir=output), BuildMode(now=SAMPLE_NOW))
    return Built(SAMPLE_SITE, output, SAMPLE_NOW)


# ---- a real browser ---------------------------------------------------------

@pytest.fixture(scope="module")  # a module's tests share it; Playwright's loop lives no longer
def browser():
    """The system's Chromium driven by Playwright; the test is skipped only
    when either is missing (`make test` installs both), and a browser is
    never downloaded."""
    import shutil  # noqa: PLC0415

    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).is_file():
        pytest.skip("no chromium binary (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def served_sample(sample_build):
    """The built sample over HTTP on a free port, under the path of its
    base_url (/tribune/), as a static host would serve it: its base URL."""
    with serve_folder(sample_build.output, load_config(sample_build.root).base_path) as url:
        yield url


@contextlib.contextmanager
def serve_folder(folder: Path, base_path: str = "/") -> Iterator[str]:
    """A static HTTP server of `folder` at `base_path` on a free port (anything else is 404): its URL."""
    import functools  # noqa: PLC0415
    import http.server  # noqa: PLC0415
    import threading  # noqa: PLC0415

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            if not path.startswith(base_path):
                return str(folder / ".outside-the-base-path")
            return super().translate_path("/" + path[len(base_path):])

        def log_message(self, format, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base_path}"
    finally:
        server.shutdown()
        server.server_close()
