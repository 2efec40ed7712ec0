"""Accessibility, checked as Lighthouse and browser extensions check it:
axe-core (Deque's engine, here through axe-playwright-python) run in the
real Chromium over the sample's pages and over German and Arabic sites, at
a phone's and a laptop's width, in light and dark. WCAG 2.1 A and AA and
axe's best practices: no violation at all."""

from __future__ import annotations

import pytest

from .conftest import story

axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed")

RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}
SAMPLE_PAGES = [
    "index.html", "world/index.html", "latest/index.html", "tags/index.html", "authors/index.html", "archive/index.html",
    "about/index.html", "world/2022/12/09/deployment-on-border-with-ukraine-kremlin-sends-troops-to-joint-forces-with-belarus/index.html",
    "world/2022/12/05/ferry-service-resumes/index.html", "opinion/2022/12/12/heating-bills-column/index.html",
    # The German edition.
    "de/index.html", "de/world/2022/12/09/aufmarsch-an-der-grenze-zur-ukraine/index.html",
    # The search page with its results, filters and marked words.
    "search/?q=ferry",
]
SCREENS = [(375, "light"), (375, "dark"), (1280, "light"), (1280, "dark")]


def violations(browser, urls: list[str], width: int, scheme: str) -> list[str]:
    axe = axe_playwright.Axe()
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    found = []
    try:
        page = context.new_page()
        for url in urls:
            page.goto(url)
            if "/search/?q=" in url:  # checked with its results shown
                page.wait_for_selector(".search-result")
            for violation in axe.run(page, options=RULES).response["violations"]:
                node = violation["nodes"][0]
                found.append(f"{url} ({width} px, {scheme}): {violation['id']} on {len(violation['nodes'])} element(s), "
                             f"first {node['target']}: {node.get('failureSummary', '')[:200]}")
    finally:
        context.close()
    return found


@pytest.mark.parametrize("width,scheme", SCREENS)
def test_the_sample_site_has_no_accessibility_violation(browser, served_sample, width, scheme):
    assert violations(browser, [served_sample + rel for rel in SAMPLE_PAGES], width, scheme) == []


@pytest.mark.parametrize("language,title", [("ar", "خبر عن المدينة"), ("de", "Nachricht aus der Stadt")])
@pytest.mark.parametrize("width,scheme", SCREENS[::3])
def test_a_site_in_another_language_has_no_accessibility_violation(browser, site, language, title, width, scheme):
    config = f'title = "{title}"\nbase_url = "https://example.org/news/"\ntimezone = "Europe/Berlin"\nlanguage = "{language}"\npage_size = 2\n'
    stories = {f"content/world/s{n}.md": story(f"{title} {n}", f"2022-12-0{n}T10:00:00", tags=f"[{title.split()[0]}]", author="Rana Haddad",
                                               body=f"{title}.\n\n> {title}.\n\n- {title}\n- {title}\n") for n in range(1, 5)}
    s = site(stories, config=config)
    s.build()
    pages = ["index.html", "world/index.html", "world/page/2/index.html", "world/2022/12/04/s4/index.html", "tags/index.html"]
    assert violations(browser, [(s.output / rel).as_uri() for rel in pages], width, scheme) == []


@pytest.mark.parametrize("width,scheme", SCREENS[::3])
def test_a_german_site_and_an_english_arabic_one_from_newsgen_init_have_no_violation(browser, tmp_path, width, scheme):
    from .multilingual import ARABIC_PAGES, ENGLISH_PAGES, GERMAN_PAGES, english_arabic_site, german_site  # noqa: PLC0415

    german, arabic = german_site(tmp_path), english_arabic_site(tmp_path)
    urls = [(german.output / rel).as_uri() for rel in GERMAN_PAGES] + [(arabic.output / rel).as_uri() for rel in ARABIC_PAGES + ENGLISH_PAGES]
    assert violations(browser, urls, width, scheme) == []


def test_the_checker_finds_what_it_should(browser, tmp_path):
    """A canary: the check above is not passing for want of looking."""
    canary = tmp_path / "canary.html"
    canary.write_text('<!DOCTYPE html><html><head><title>x</title></head><body><main><img src="a.png">'
                      '<p style="color:#ccc;background:#fff">faint</p><a href="#"></a></main></body></html>', encoding="utf-8")
    found = " ".join(violations(browser, [canary.as_uri()], 1280, "light"))
    for rule in ("image-alt", "color-contrast", "link-name", "html-has-lang"):
        assert rule in found, rule


LONG_LINE = "curl --silent --show-error --fail --location " + " ".join(f"--header 'X-Header-{n}: value-{n}'" for n in range(20))


@pytest.mark.parametrize("width,scheme", SCREENS[::3])
def test_a_code_block_that_scrolls_sideways_can_be_scrolled_by_keyboard(browser, site, width, scheme):
    """The theme lets a story's code block scroll sideways (`overflow-x:
    auto`): axe's scrollable-region-focusable (serious) found servo.org's
    <pre>s out of a keyboard's reach. Fenced, indented and in a list item."""
    body = f"Run:\n\n```sh\n{LONG_LINE}\n```\n\nOr:\n\n    {LONG_LINE}\n\n- In a list:\n\n  ```\n  {LONG_LINE}\n  ```\n"
    s = site({"content/world/code.md": story("Long commands", body=body)})
    s.build()
    assert violations(browser, [(s.output / "world/2022/12/09/code/index.html").as_uri()], width, scheme) == []
