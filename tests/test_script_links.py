"""Links written in Markdown never run script, safe_html or not.

Markdown's own links, reference links, autolinks and images never come out
as javascript:, vbscript: or data: URLs (data:image/… images excepted),
however the scheme is spelt: any case, tabs and newlines inside it,
character references. Each is shown as text and warned of with its file
and line. The writer's raw HTML keeps its policy (their own, or sanitized
with safe_html = true).
"""

from __future__ import annotations

import re

import pytest

from .conftest import elements, story

PAGE = "world/2022/12/09/a/index.html"
VARIANTS = [
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;avascript&colon;alert(1))",
    "[click](  javascript:alert(1))",
    "[click](<javascript:alert(1)>)",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click][ref]\n\n[ref]: javascript:alert(1)",
    "[click][ref]\n\n[ref]: <JAVASCRIPT:alert(1)>",
    "![click](javascript:alert(1))",
    "![click](data:text/html;base64,PHNjcmlwdD4=)",
    "<javascript:alert(1)>",
]


def _live_links(html: str) -> list[str]:
    """Every href and src of the story's body that a browser would act on as script."""
    body = html[html.index('<div class="story-body'):html.index("</article>")]
    found = []
    for tag in elements(body, "a") + elements(body, "img"):
        for key in ("href", "src"):
            value = tag.attrs.get(key)
            if value is not None and re.sub(r"[\x00-\x20]", "", value).lower().startswith(("javascript:", "vbscript:", "data:text")):
                found.append(value)
    return found


@pytest.mark.parametrize("written", VARIANTS)
def test_no_markdown_link_runs_script(site, written):
    s = site({"content/world/a.md": story(title="A", body=f"Before.\n\n{written}\n\nAfter.\n")})
    result = s.build()
    assert _live_links(s.read(PAGE)) == [], written
    assert "After." in s.read(PAGE)
    if not written.startswith("<javascript"):  # Python-Markdown makes no link of it: raw text
        assert "click" in s.read(PAGE), "the link's text is gone"
        script_warnings = [w for w in result.warnings if "would run script" in w.message]
        line = 7 + (2 if "[ref]:" in written else 0)  # after four lines of front matter, "Before." and a blank line
        assert [(w.path, w.line) for w in script_warnings] == [("content/world/a.md", line)], result.warnings


def test_safe_links_and_data_images_stay(site):
    body = ("[site](/world/) [web](https://example.org/) [mail](mailto:desk@example.org) "
            "![dot](data:image/png;base64,iVBORw0KGgo=)\n\n`[code](javascript:alert(1))`\n\n"
            "```\n[fenced](javascript:alert(1))\n```\n")
    s = site({"content/world/a.md": story(title="A", body=body)})
    result = s.build()
    html = s.read(PAGE)
    assert 'href="https://example.org/"' in html and 'href="mailto:desk@example.org"' in html
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in html
    assert not [w for w in result.warnings if "would run script" in w.message], "a link in code was warned of"


def test_raw_html_keeps_the_writers_policy(site):
    body = 'A <a href="javascript:void(0)" class="share">share</a> button.\n'
    s = site({"content/world/a.md": story(title="A", body=body)})
    s.build()
    assert 'href="javascript:void(0)"' in s.read(PAGE), "the writer's own HTML was changed"
    s.write("site.toml", (s.root / "site.toml").read_text(encoding="utf-8") + "safe_html = true\n")
    s.build()
    assert "javascript:" not in s.read(PAGE)


def test_a_bio_and_a_section_text_are_checked_too(site):
    s = site({
        "content/world/a.md": story(title="A", authors="[Ada Lovelace]"),
        "content/authors/ada-lovelace.md": "---\nname: Ada Lovelace\n---\nSee [my site](javascript:alert(1)).\n",
        "content/world/_index.md": "---\ntitle: World\n---\nAbout [us](vbscript:x).\n",
    })
    result = s.build()
    warned = sorted(w.path for w in result.warnings if "would run script" in w.message)
    assert warned == ["content/authors/ada-lovelace.md", "content/world/_index.md"]
    for page in ("authors/ada-lovelace/index.html", "world/index.html"):
        html = s.read(page).lower()
        assert "javascript:" not in html and "vbscript:" not in html, page
