"""Live reload in a real browser: Playwright driving the system's Chromium.

A Preview (build, serve, watch) runs on a temporary site; a tab shows a
story; files change on disk and the tab must follow with no action: a new
headline after a reload, the error overlay for a broken story and its
disappearance once fixed, and a stylesheet swapped without a reload.

Skipped only when Playwright for Python or a Chromium binary is missing;
a browser is never downloaded.
"""

from __future__ import annotations

import time

import pytest

from generator.preview import Preview

from .conftest import story

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")


TIMEOUT_MS = 10_000  # every change must show in the open tab within 10 s
STORY = "content/world/harbour-fire.md"
STORY_URL = "world/2022/12/09/harbour-fire/"

# Records the page's EventSource (the reload script's) so the test knows when
# the tab is listening before it changes anything on disk.
LISTEN = """
(() => {
  const Original = window.EventSource;
  window.__hellos = 0;
  window.EventSource = class extends Original {
    constructor(...args) {
      super(...args);
      window.__events = this;
      this.addEventListener("hello", () => { window.__hellos += 1; });
    }
  };
})();
"""


@pytest.fixture
def live(site, browser):
    """(preview, site, page): a Preview on port 0 and a tab showing the story."""
    s = site({
        STORY: story("Fire in the harbour"),
        "content/world/bridge.md": story("A bridge reopens", date="2022-12-08T09:00:00"),
        "static/extra.txt": "the site has a static/ folder from the start\n",
    })
    messages: list[str] = []
    preview = Preview(s.root, port=0, say=messages.append)
    url = preview.start()
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.add_init_script(LISTEN)
    page.url_base = url
    preview.messages = messages
    try:
        yield preview, s, page
    finally:
        context.close()
        preview.stop()


def listening(page) -> None:
    """Wait until the tab's event stream is open and has said hello."""
    page.wait_for_function("window.__events && window.__events.readyState === 1 && window.__hellos > 0", timeout=TIMEOUT_MS)


def write(s, rel: str, text: str) -> None:
    path = s.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_preview_on_port_0_reports_the_real_port(live):
    preview, _, page = live
    port = preview.server.server_address[1]
    assert port != 0
    assert page.url_base == f"http://127.0.0.1:{port}/news/"


def test_the_open_tab_follows_edits_errors_and_styles(live):
    preview, s, page = live
    expect = sync_api.expect
    headline = page.locator("h1.story-title")
    overlay = page.locator("#newsgen-overlay")

    response = page.goto(page.url_base + STORY_URL)
    assert response.status == 200
    expect(headline).to_have_text("Fire in the harbour")
    listening(page)

    # 1. A new title on disk: the tab reloads by itself and shows it.
    write(s, STORY, story("The harbour fire is out"))
    expect(headline).to_have_text("The harbour fire is out", timeout=TIMEOUT_MS)
    listening(page)

    # 2. Broken front matter (no closing ---): the overlay names the file.
    write(s, STORY, "---\ntitle: Half written\ndate: 2022-12-09T10:00:00\n\nThe closing line is missing.\n")
    expect(overlay).to_be_visible(timeout=TIMEOUT_MS)
    expect(overlay).to_contain_text("harbour-fire.md")
    expect(headline).to_have_text("The harbour fire is out")  # still the last good page

    # 3. Fixed: the overlay goes and the page shows the fixed story.
    write(s, STORY, story("Firefighters praised after harbour blaze"))
    expect(headline).to_have_text("Firefighters praised after harbour blaze", timeout=TIMEOUT_MS)
    expect(overlay).to_have_count(0, timeout=TIMEOUT_MS)
    listening(page)

    # 4. A stylesheet only: swapped in place, the page is not reloaded.
    page.evaluate("window.__marker = 1")
    before = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert before != "rgb(1, 2, 3)"
    write(s, "static/style.css", "body { background-color: rgb(1, 2, 3); }\n")
    page.wait_for_function("getComputedStyle(document.body).backgroundColor === 'rgb(1, 2, 3)'", timeout=TIMEOUT_MS)
    assert page.evaluate("window.__marker") == 1, "the page was reloaded for a CSS-only change"
    assert "newsgen=" in page.evaluate("document.querySelector('link[rel=stylesheet]').href")


def test_a_tab_opened_on_a_broken_site_shows_the_overlay_at_once(live):
    preview, s, page = live
    expect = sync_api.expect
    before = preview.builds
    write(s, STORY, "---\ntitle: Half written\n\nNo closing line.\n")
    wait_for(lambda: preview.builds > before)  # the failed rebuild
    page.goto(page.url_base + STORY_URL)
    expect(page.locator("#newsgen-overlay")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator("#newsgen-overlay")).to_contain_text("harbour-fire.md")
    expect(page.locator("h1.story-title")).to_have_text("Fire in the harbour")


def test_other_pages_reload_too(live):
    """A tab on the front page follows a change to a story it lists."""
    preview, s, page = live
    expect = sync_api.expect
    page.goto(page.url_base)
    expect(page.locator("body")).to_contain_text("A bridge reopens")
    listening(page)
    write(s, "content/world/bridge.md", story("The bridge stays shut", date="2022-12-08T09:00:00"))
    expect(page.locator("body")).to_contain_text("The bridge stays shut", timeout=TIMEOUT_MS)


def test_template_syntax_left_in_a_story_is_marked_in_the_preview_only(live):
    """Liquid and Hugo syntax a migrated story still carries is marked where
    it stands in the served page; code that shows a template is not; the
    built file itself carries no mark."""
    preview, s, page = live
    expect = sync_api.expect
    before = preview.builds
    body = ("Before {% include note.html %} and {{< youtube abc123 >}} after.\n\n"
            "Shown as code: `{{ page.title }}`.\n\n![map]({{ page.image }})\n")
    write(s, STORY, story("Fire in the harbour", body=body))
    wait_for(lambda: preview.builds > before)
    page.goto(page.url_base + STORY_URL)
    marks = page.locator(".story-body mark.newsgen-template-syntax")
    expect(marks).to_have_count(2)
    assert marks.all_text_contents() == ["{% include note.html %}", "{{< youtube abc123 >}}"]
    # The dek, made from the first paragraph, leaves the statements out: they are no words of it.
    expect(page.locator(".story-dek")).to_have_text("Before and after.")
    expect(page.locator(".story-body img.newsgen-template-syntax")).to_have_count(1)
    expect(page.locator(".story-body code")).to_have_text("{{ page.title }}")
    assert "Before {% include note.html %} and" in page.locator(".story-body").inner_text()
    built = (preview.config.output_dir / STORY_URL / "index.html").read_text(encoding="utf-8")
    assert "{% include note.html %}" in built and "newsgen-template-syntax" not in built


def wait_for(condition, timeout: float = TIMEOUT_MS / 1000) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_the_preview_answers_an_old_url_with_a_redirect(live):
    import http.client
    from urllib.parse import urlsplit

    preview, s, page = live
    builds = preview.builds
    write(s, STORY, story("Fire in the harbour", slug="port-blaze"))
    wait_for(lambda: preview.builds > builds)
    base = urlsplit(page.url_base)
    connection = http.client.HTTPConnection(base.hostname, base.port, timeout=10)
    connection.request("GET", base.path + STORY_URL)
    answer = connection.getresponse()
    assert (answer.status, answer.getheader("Location")) == (301, base.path + "world/2022/12/09/port-blaze/")
    connection.close()
    # A tab opened on the old URL lands on the story.
    other = page.context.new_page()
    other.goto(page.url_base + STORY_URL)
    assert other.url == page.url_base + "world/2022/12/09/port-blaze/"
    assert other.locator("h1").first.inner_text() == "Fire in the harbour"


def test_a_browser_follows_the_html_redirect_left_at_an_old_url(site, browser, capsys, tmp_path):
    """A host without server redirects (a plain static server here): the
    page left at the old path takes the reader to the story's new URL."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from generator.cli import main

    output = tmp_path / "output"
    output.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SimpleHTTPRequestHandler, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    s = site({"site.toml": f'title = "T"\nbase_url = "{base}"\ntimezone = "Europe/Berlin"\n', STORY: story("Fire in the harbour")})
    argv = ["build", "--site", str(s.root), "--output", str(output), "--now", "2022-12-12T18:00:00+01:00"]
    try:
        assert main(argv) == 0
        write(s, STORY, story("Fire in the harbour", slug="port-blaze"))
        assert main(argv) == 0
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + STORY_URL)
        page.wait_for_url(base + "world/2022/12/09/port-blaze/", timeout=TIMEOUT_MS)
        assert page.locator("h1").first.inner_text() == "Fire in the harbour"
        context.close()
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_error_overlay_is_opaque_and_names_the_file_and_line_first(live, browser, scheme):
    preview, s, tab = live
    context = browser.new_context(color_scheme=scheme, viewport={"width": 375, "height": 700})
    try:
        page = context.new_page()
        before = preview.builds
        write(s, STORY, story("Fire in the harbour", kind="nonsense"))
        wait_for(lambda: preview.builds > before)
        page.goto(tab.url_base + STORY_URL)
        overlay = page.locator("#newsgen-overlay")
        sync_api.expect(overlay).to_be_visible(timeout=TIMEOUT_MS)
        looks = overlay.evaluate("""box => {
          const style = getComputedStyle(box), where = box.querySelector(".newsgen-where");
          return {background: style.backgroundColor, opacity: style.opacity, colour: style.color,
                  where: where.textContent, underline: getComputedStyle(where).textDecorationLine,
                  covers: box.getBoundingClientRect().width >= innerWidth && box.getBoundingClientRect().height >= innerHeight};
        }""")
        # An rgb() colour has no alpha: nothing of the page shows through.
        assert looks["background"].startswith("rgb(") and looks["opacity"] == "1" and looks["covers"], looks
        light_paper = looks["background"] == "rgb(255, 253, 248)"
        assert light_paper == (scheme == "light"), looks
        assert looks["colour"] == ("rgb(20, 20, 20)" if scheme == "light" else "rgb(242, 242, 242)")
        assert looks["where"].endswith("harbour-fire.md:4") and looks["underline"] == "underline", looks
    finally:
        context.close()

