"""The default theme's layout, measured by the real browser's boxes
(Chromium through Playwright) at a phone's 375 px and a laptop's 1280 px,
in light and dark: what a reader sees, not what the HTML says."""

from __future__ import annotations

import pytest

from .conftest import story

SECTION = "world/index.html"
ARTICLE = "world/2022/12/10/border-villages-winter/index.html"  # follows the seed story in World


@pytest.fixture
def tab(browser, request):
    """A tab of the given (width, scheme), closed after the test."""
    width, scheme = getattr(request, "param", (1280, "light"))
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    yield context.new_page()
    context.close()


def box(page, selector: str) -> dict:
    return page.eval_on_selector(selector, "e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, "
                                           "bottom: r.bottom, width: r.width, height: r.height}; }")


@pytest.mark.parametrize("tab", [(1280, "light"), (1280, "dark")], indirect=True)
def test_a_section_page_opens_with_a_lead_and_uses_the_whole_width(tab, served_sample):
    tab.goto(served_sample + SECTION)
    main, header = box(tab, "main"), box(tab, ".list-header")
    lead, river = box(tab, ".lead"), box(tab, ".river")
    assert lead["top"] < river["top"], "the newest story leads the page"
    # The stories reach the right edge of the page's column, as its heading's rule does: no empty third.
    assert abs(river["right"] - header["right"]) <= 2 and river["right"] > main["left"] + 0.9 * (header["right"] - main["left"])
    assert tab.eval_on_selector_all(".river > .teaser", "ts => new Set(ts.map(t => Math.round(t.getBoundingClientRect().left))).size") == 2


def test_related_stories_stay_in_the_text_column_and_do_not_repeat_the_neighbours(tab, served_sample):
    tab.goto(served_sample + ARTICLE)
    story_box, related = box(tab, ".story"), box(tab, ".related")
    assert related["left"] >= story_box["left"] - 1 and related["right"] <= story_box["right"] + 1
    neighbours = tab.eval_on_selector_all(".story-neighbours .neighbour-title", "ns => ns.map(n => n.textContent.trim())")
    related_titles = tab.eval_on_selector_all(".related .teaser-title", "ts => ts.map(t => t.textContent.trim())")
    assert neighbours and related_titles and not set(neighbours) & set(related_titles)


@pytest.mark.parametrize("tab", [(375, "light"), (375, "dark")], indirect=True)
def test_on_a_phone_the_sections_are_one_row_that_scrolls(tab, served_sample):
    tab.goto(served_sample + "index.html")
    rows = tab.eval_on_selector_all(".sections li", "ls => new Set(ls.map(l => Math.round(l.getBoundingClientRect().top))).size")
    assert rows == 1
    assert tab.eval_on_selector(".sections ul", "u => u.scrollWidth > u.clientWidth && getComputedStyle(u).overflowX === 'auto'")
    # Every section is still reached by keyboard: the last one scrolls into view when focused.
    tab.focus(".sections li:last-child a")
    last, strip = box(tab, ".sections li:last-child a"), box(tab, ".sections ul")
    assert last["right"] <= strip["right"] + 1


def test_four_top_stories_are_one_row_without_a_stray_rule(tab, site):
    stories = {f"content/world/s{n}.md": story(f"Story number {n}", f"2022-12-0{n}T10:00:00") for n in range(1, 6)}
    s = site(stories)
    s.build()
    tab.goto((s.output / "index.html").as_uri())
    cards = tab.eval_on_selector_all(".top-stories .teaser", """ts => ts.map(t => ({top: Math.round(t.getBoundingClientRect().top),
                                                                                    rule: getComputedStyle(t).borderTopStyle}))""")
    assert len(cards) == 4
    assert len({c["top"] for c in cards}) == 1, cards
    assert {c["rule"] for c in cards} == {"none"}


def test_a_long_summary_is_cut_after_four_lines_in_a_list(tab, site):
    long = "A writer's summary that goes on. " * 30
    s = site({"content/world/a.md": story(summary=long)})
    s.build()
    tab.goto((s.output / "world/index.html").as_uri())
    lines = tab.eval_on_selector(".teaser-summary, .lead-summary", "p => p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight)")
    # The section page leads with it, whole; the latest-news list cuts it.
    tab.goto((s.output / "latest/index.html").as_uri())
    clamped = tab.eval_on_selector(".teaser-summary", "p => p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight)")
    assert lines > 4 and clamped <= 4.05


def test_footnote_links_are_underlined_not_told_by_colour_alone(tab, site):
    s = site({"content/world/a.md": story(body="A claim.[^1]\n\n[^1]: The source.\n")})
    s.build()
    tab.goto((s.output / "world/2022/12/09/a/index.html").as_uri())
    decorations = tab.eval_on_selector_all(".story-body a.footnote-ref, .story-body .footnote a",
                                           "as => as.map(a => getComputedStyle(a).textDecorationLine)")
    assert len(decorations) >= 2 and set(decorations) == {"underline"}


def test_the_404_page_keeps_its_style_opened_from_disk(tab, sample_build):
    def looks(rel: str) -> dict:
        tab.goto((sample_build.output / rel).as_uri())
        tab.wait_for_load_state("networkidle")  # the stylesheet the 404 page re-points, too
        return tab.evaluate("""() => ({font: getComputedStyle(document.querySelector('h1')).fontFamily,
                                       masthead: document.querySelector('.masthead').getBoundingClientRect().height,
                                       home: document.querySelector('.brand').href})""")

    # As another page of the site opened from disk, whose links are relative.
    assert looks("404.html") == looks("about/index.html")


ARABIC = 'title = "الجريدة"\nbase_url = "https://example.org/news/"\ntimezone = "Asia/Riyadh"\nlanguage = "ar"\n'


@pytest.mark.parametrize("tab", [(375, "light"), (1280, "light"), (1280, "dark")], indirect=True)
def test_an_arabic_page_mirrors_its_layout(tab, site):
    stories = {f"content/world/s{n}.md": story(f"خبر رقم {n}", f"2022-12-0{n}T10:00:00", tags="[سياسة]",
                                               body="فقرة أولى من الخبر.\n\n> اقتباس من مصدر.\n\n- بند أول\n- بند ثان\n")
               for n in range(1, 7)}
    s = site(stories, config=ARABIC + "page_size = 2\n")
    s.build()
    tab.goto((s.output / "world/2022/12/06/s6/index.html").as_uri())
    assert tab.evaluate("document.documentElement.dir") == "rtl"
    quote = tab.eval_on_selector(".story-body blockquote", "q => [getComputedStyle(q).borderRightWidth, getComputedStyle(q).borderLeftWidth]")
    assert quote == ["4px", "0px"], quote  # the rule stands where the lines begin: on the right
    item, body = box(tab, ".story-body li"), box(tab, ".story-body")
    assert body["right"] - item["right"] > 10 and item["left"] - body["left"] < 10  # lists indent from the right
    # The section navigation begins at the right; the previous story's card is on the right, the way one reads back.
    first, last = box(tab, ".sections li:first-child"), box(tab, ".sections li:last-child")
    assert first["left"] > last["left"]
    # Pagination: "newer" (back) to the right of "older", its arrow turned to point right.
    tab.goto((s.output / "world/page/2/index.html").as_uri())
    newer, older = box(tab, ".pagination-prev"), box(tab, ".pagination-next")
    assert newer["left"] > older["left"]
    assert tab.eval_on_selector(".pagination-prev [aria-hidden]", "a => getComputedStyle(a).transform") != "none"
