"""safe_html = true sanitizes story bodies; by default the body is the writer's own HTML."""

from __future__ import annotations

from .conftest import story

BODY = """\
An opening paragraph.[^1]

<script>alert("body")</script>

<p onclick="steal()">Clicked <img src="x.png" onerror="alert(2)" alt="x"> here.</p>

[a script link](javascript:alert(3)) and [another](vbscript:msgbox) and [data](data:text/html;base64,PHNjcmlwdD4=)
and <a href="JaVaScRiPt:alert(4)">mixed case</a> and <iframe src="https://evil.example"></iframe>

## A subhead

| Item | Count |
|:-----|------:|
| a    | 1     |

<div style="position:fixed;top:0">overlay</div> [fine](https://example.org/ok)

[^1]: A footnote.
"""
CONFIG = 'title = "The Test Gazette"\nbase_url = "https://example.org/news/"\ntimezone = "Europe/Berlin"\n'
PAGE = "world/2022/12/09/a/index.html"


def _body(s):
    html = s.read(PAGE)
    return html[html.index('<div class="story-body'):html.index("</article>")]


def test_by_default_the_body_is_the_writers_own_html(site):
    s = site({"site.toml": CONFIG, "content/world/a.md": story(title="A", body=BODY), "content/world/x.png": b"\x89PNG"})
    s.build()
    body = _body(s)
    assert '<script>alert("body")</script>' in body
    assert 'onclick="steal()"' in body


def test_safe_html_drops_scripts_handlers_and_dangerous_urls(site):
    s = site({"site.toml": CONFIG + "safe_html = true\n", "content/world/a.md": story(title="A", body=BODY), "content/world/x.png": b"\x89PNG"})
    s.build()
    body = _body(s).lower()
    for bad in ("<script", "alert(", "onclick", "onerror", "javascript:", "vbscript:", "data:text", "<iframe", "position:fixed"):
        assert bad not in body, bad
    # What a story needs survives: links, images, tables with alignment, footnotes, heading anchors.
    assert 'href="https://example.org/ok"' in body
    assert 'alt="x"' in body
    assert "text-align:right" in body.replace(" ", "")
    assert 'id="fn:1"' in body and 'href="#fn:1"' in body
    assert 'id="a-subhead"' in body


def test_safe_html_also_holds_in_feeds(site):
    s = site({"site.toml": CONFIG + "safe_html = true\n", "content/world/a.md": story(title="A", body=BODY), "content/world/x.png": b"\x89PNG"})
    s.build()
    for feed in ("feed.xml", "atom.xml", "world/feed.xml"):
        text = s.read(feed).lower()
        assert "&lt;script" not in text and "onclick" not in text and "javascript:" not in text, feed


def test_safe_html_keeps_a_code_blocks_focus_for_scrolling_it_by_keyboard(site):
    """Markdown's <pre> has tabindex="0" so that a keyboard can scroll a wide
    code block; the sanitizer dropped it. Other values stay dropped: they
    would reorder the page's tabbing."""
    body = "```sh\nls -l\n```\n\n<pre tabindex=\"3\">out of order</pre>\n"
    s = site({"site.toml": CONFIG + "safe_html = true\n", "content/world/a.md": story(title="A", body=body)})
    s.build()
    assert '<pre tabindex="0"><code class="language-sh">ls -l' in _body(s) and "<pre>out of order</pre>" in _body(s)
