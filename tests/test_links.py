"""Links between content files: written as paths to .md files, published as
relative links to the target's page, checked at build time."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urljoin, urlsplit

import pytest

from .conftest import elements, messages, output_rel, page_url, story, text_of

A_PAGE = "world/2022/12/09/a/index.html"
Y_PAGE = "business/2022/12/06/y/index.html"


def link_sites(site, body: str, **extra_files):
    files = {
        "content/world/a.md": story(title="Linking story", body=body),
        "content/business/y.md": story(title="Gas prices ease", date="2022-12-06T08:00:00"),
        **extra_files,
    }
    return site(files)


def one_problem(failed):
    """The single diagnostic of a build that has one problem (reported once, not once per page)."""
    assert len(failed.diagnostics) == 1, "expected one error, got:\n" + "\n".join(messages(failed))
    return failed.diagnostics[0]


def hrefs(html: str, text: str) -> list[str]:
    return [e.attrs["href"] for e in elements(html, "a") if e.text == text]


def target_of(s, page: str, href: str) -> str:
    """The output file a link on `page` leads to; it must exist."""
    url = urljoin(page_url(page), href)
    rel = output_rel(url)
    assert rel is not None, f"{href} on {page} leaves the site: {url}"
    assert s.exists(rel), f"{href} on {page} leads to {rel}, which is not in the output"
    return rel


def test_link_to_a_markdown_file_becomes_a_relative_link_to_its_page(site):
    s = link_sites(site, "As [x](../business/y.md) showed.\n")
    s.build()
    [href] = hrefs(s.read(A_PAGE), "x")
    assert not urlsplit(href).scheme and not href.startswith("/"), href
    assert ".md" not in href
    assert target_of(s, A_PAGE, href) == Y_PAGE
    assert text_of(s.read(Y_PAGE), "h1") == ["Gas prices ease"]


def test_rooted_link_to_a_markdown_file(site):
    s = link_sites(site, "As [x](/business/y.md) showed.\n")
    s.build()
    [href] = hrefs(s.read(A_PAGE), "x")
    assert not href.startswith("/"), href  # the site lives under /news/
    assert target_of(s, A_PAGE, href) == Y_PAGE


def test_link_keeps_its_fragment(site):
    s = link_sites(site, "See [x](../business/y.md#prices).\n")
    s.build()
    [href] = hrefs(s.read(A_PAGE), "x")
    assert href.endswith("#prices")
    assert target_of(s, A_PAGE, href) == Y_PAGE


def test_link_in_a_static_page(site):
    s = link_sites(site, "Body.\n", **{"content/pages/about.md": "---\ntitle: About\n---\nRead [x](../business/y.md).\n"})
    s.build()
    [href] = hrefs(s.read("about/index.html"), "x")
    assert target_of(s, "about/index.html", href) == Y_PAGE


def test_link_to_a_static_page(site):
    s = link_sites(site, "Read [x](../pages/about.md).\n", **{"content/pages/about.md": "---\ntitle: About us\n---\nHi.\n"})
    s.build()
    [href] = hrefs(s.read(A_PAGE), "x")
    assert target_of(s, A_PAGE, href) == "about/index.html"


def test_external_and_fragment_links_are_left_alone(site):
    s = link_sites(site, "[x](https://example.com/a.md) [y](#top) [z](mailto:desk@example.org)\n")
    s.build()
    html = s.read(A_PAGE)
    assert hrefs(html, "x") == ["https://example.com/a.md"]
    assert hrefs(html, "y") == ["#top"]
    assert hrefs(html, "z") == ["mailto:desk@example.org"]


def test_an_email_autolink_keeps_its_mailto(site):
    """<desk@example.org>: Markdown writes the address as character
    references; read as a path, it became /world/amp#109;… and a warning
    (Let's Encrypt's posts end so)."""
    s = link_sites(site, "Write to <desk@example.org>.\n")
    result = s.build()
    [link] = [e for e in elements(s.read(A_PAGE), "a") if e.text == "desk@example.org"]
    assert link.attrs["href"] == "mailto:desk@example.org"
    assert not [w for w in result.warnings if "desk" in w.message or "amp" in w.message]


def test_image_next_to_the_story_is_copied_and_linked(site):
    s = link_sites(site, "![A map of the border](map.svg)\n", **{"content/world/map.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"})
    s.build()
    [img] = [e for e in elements(s.read(A_PAGE), "img") if e.attrs.get("alt") == "A map of the border"]
    assert target_of(s, A_PAGE, img.attrs["src"]) == "world/map.svg"


def broken_link_warnings(result) -> dict[str, list[str]]:
    """The link check's warnings of stories' links, by story."""
    found: dict[str, list[str]] = {}
    for w in result.warnings:
        if "is broken" in w.message:
            found.setdefault(w.path, []).append(w.message)
    return found


def test_a_missing_image_is_published_as_written_and_warned_of_with_every_build(site):
    """As Hugo, Jekyll and Pelican publish it: one stale picture no longer
    holds the whole site back. The link check says so with every build,
    and --strict makes it an error."""
    s = link_sites(site, "First paragraph.\n\n![A map](nothere.svg)\n")
    for _ in range(2):  # the second build keeps the page, and still says so
        said = broken_link_warnings(s.build())
        assert list(said) == ["content/world/a.md"] and "/world/nothere.svg" in said["content/world/a.md"][0], said
    [img] = [e for e in elements(s.read(A_PAGE), "img") if e.attrs.get("alt") == "A map"]
    assert urljoin(page_url(A_PAGE), img.attrs["src"]).endswith("/world/nothere.svg")
    from generator.build import build_site
    from generator.content.model import BuildMode

    from .conftest import NOW

    with pytest.raises(Exception, match="nothere.svg"):
        build_site(s.config(), BuildMode(now=NOW), strict=True)


def test_a_missing_image_that_appears_later_is_shown_as_a_cold_build_shows_it(site):
    s = link_sites(site, "First paragraph.\n\n![A map](later.svg)\n")
    s.build()
    s.write("content/world/later.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert not broken_link_warnings(s.build())
    [img] = [e for e in elements(s.read(A_PAGE), "img") if e.attrs.get("alt") == "A map"]
    assert target_of(s, A_PAGE, img.attrs["src"]) == "world/later.svg"


def test_link_to_a_missing_file_is_warned_of_naming_the_source_its_line_and_the_file(site):
    s = link_sites(site, "First paragraph.\n\nSee [x](../business/missing.md) and [y][ref].\n\n[ref]: /world/nowhere/\n")
    said = [w for w in s.build().warnings if "is broken" in w.message]
    assert [w.path for w in said] == ["content/world/a.md"] * 2
    lines = s.root.joinpath("content/world/a.md").read_text().splitlines()
    by_link = {("missing.md" if "missing.md" in w.message else "nowhere"): w for w in said}
    assert "content/business/missing.md is not published" in by_link["missing.md"].message
    for written, warned in by_link.items():
        assert written in lines[warned.line - 1], (written, warned.line)
    assert s.exists(A_PAGE) and s.exists(Y_PAGE)


def test_a_link_to_a_missing_story_follows_it_once_it_is_written(site):
    """The page was rendered with the link leading nowhere: the story
    appearing changes what the link names, so the page renders again."""
    s = link_sites(site, "See [x](../business/later.md).\n")
    s.build()
    s.write("content/business/later.md", story(title="Later", date="2022-12-05T08:00:00"))
    result = s.build()
    assert not broken_link_warnings(result)
    [href] = hrefs(s.read(A_PAGE), "x")
    assert target_of(s, A_PAGE, href) == "business/2022/12/05/later/index.html"


def test_every_broken_link_is_reported(site):
    s = link_sites(site, "See [x](../business/missing.md).\n", **{"content/business/z.md": story(title="Z", body="[q](nope.md)\n")})
    assert sorted(broken_link_warnings(s.build())) == ["content/business/z.md", "content/world/a.md"]


@pytest.mark.parametrize("front", ["draft: true", "date: 2023-01-01T10:00:00"])
def test_a_link_to_an_unpublished_story_is_warned_of_and_leads_nowhere(site, front):
    target = story(title="Not yet", date=None).replace("---\nFirst", f"{front}\n---\nFirst")
    if "date:" not in front:
        target = target.replace("title: Not yet", "title: Not yet\ndate: 2022-12-01")
    s = link_sites(site, "See [x](../business/hidden.md).\n", **{"content/business/hidden.md": target})
    said = broken_link_warnings(s.build())
    assert "content/business/hidden.md is not published" in said["content/world/a.md"][0], said
    assert not [rel for rel in s.files() if "hidden" in rel]


def test_link_to_a_draft_works_when_drafts_are_built(site):
    target = "---\ntitle: Not yet\ndate: 2022-12-01\ndraft: true\n---\nBody.\n"
    s = link_sites(site, "See [x](../business/hidden.md).\n", **{"content/business/hidden.md": target})
    s.build(drafts=True)
    [href] = hrefs(s.read(A_PAGE), "x")
    assert target_of(s, A_PAGE, href) == "business/2022/12/01/hidden/index.html"


def test_link_that_leaves_content_fails(site):
    s = link_sites(site, "See [x](../../../etc/passwd.md).\n")
    problem = one_problem(s.build_fails())
    assert problem.path == "content/world/a.md"


# ---- every link of a small site, under a base path -----------------------------------------

def crawl(s, base_url="https://example.org/news/"):
    from .htmlcheck import check_page, link_target

    broken, checked = [], 0
    for rel in s.html_files():
        for link in check_page(s.output, rel).links:
            target = link_target(rel, link, base_url)
            if target is None:
                continue
            checked += 1
            if target.startswith("!outside:") or not s.exists(target):
                broken.append(f"{rel}: {link} → {target}")
    return broken, checked


SMALL_SITE = {
    "content/world/a.md": story(title="Linking story", tags="[Ukraine]", author="Marta Lindqvist", body="See [y](../business/y.md#prices) and ![map](map.svg).\n"),
    "content/world/map.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    "content/business/y.md": story(title="Gas prices ease", date="2022-12-06T08:00:00", tags="[Energy, Ukraine]"),
    "content/pages/about.md": "---\ntitle: About us\n---\nSee [a](../world/a.md).\n",
}


def test_every_link_resolves_under_the_base_path(site):
    s = site(SMALL_SITE)
    s.build()
    broken, checked = crawl(s)
    assert checked > 50
    assert broken == []


def test_not_found_page_links_are_rooted_at_the_base_path(site):
    s = site(SMALL_SITE)
    s.build()
    links = [e.attrs["href"] for e in elements(s.read("404.html"), "a") if not e.attrs["href"].startswith(("#", "http"))]
    assert links
    # 404.html is served at any depth, so its links cannot be relative.
    assert all(link.startswith("/news/") for link in links), links


def test_index_link_style_links_name_index_html(site):
    config = 'title = "G"\nbase_url = "https://example.org/news/"\ntimezone = "Europe/Berlin"\nlink_style = "index"\n'
    s = site(SMALL_SITE, config=config)
    s.build()
    html = s.read(A_PAGE)
    [href] = hrefs(html, "y")
    assert href == "../../../../../business/2022/12/06/y/index.html#prices"
    internal = [e.attrs["href"] for e in elements(html, "a") if not e.attrs["href"].startswith(("#", "http", "mailto:"))]
    assert internal and all(urlsplit(h).path.endswith((".html", ".svg", ".xml")) for h in internal), internal
    broken, _ = crawl(s)
    assert broken == []


def test_raw_html_site_paths_work_under_the_sites_sub_path_and_link_stories(site):
    """Jekyll and WordPress bodies write <img src="/images/…"> and links in raw HTML."""
    s = site({
        "content/world/a.md": story(body='<figure><img src="/images/map.png" alt="Map"><figcaption>'
                                         '<a href="b.md">earlier</a></figcaption></figure>\n'),
        "content/world/b.md": story(title="Earlier", date="2022-12-08T10:00:00"),
        "content/images/map.png": b"\x89PNG",
    })
    s.build()
    html = s.read("world/2022/12/09/a/index.html")
    assert 'src="../../../../../images/map.png"' in html
    assert '<a href="../../08/b/">earlier</a>' in html


def test_a_raw_html_link_with_spaces_around_its_url_is_the_url_a_browser_opens(site):
    """w3c/wai-website writes <a href=" https://media.w3.org/…">: a URL
    "potentially surrounded by spaces", which browsers open without them. It
    was read as a relative path, made …/%20https:/…/index.html, and warned of."""
    s = site({
        "content/world/a.md": story(body='<a href=" https://example.com/plugin/">plugin</a> <img src=" /images/map.png " alt="Map"> '
                                         '<a href="\tb.md ">earlier</a>\n'),
        "content/world/b.md": story(title="Earlier", date="2022-12-08T10:00:00"),
        "content/images/map.png": b"\x89PNG",
    })
    result = s.build()
    html = s.read("world/2022/12/09/a/index.html")
    assert 'href=" https://example.com/plugin/"' in html and "%20" not in html
    assert 'src="../../../../../images/map.png"' in html and '<a href="../../08/b/">earlier</a>' in html
    assert not [w for w in result.warnings if "broken" in w.message]


def test_liquid_and_hugo_link_forms_resolve_to_the_path_they_stand_for(site):
    s = site({
        "content/world/a.md": story(body='![Map]({{ site.baseurl }}/images/map.png) '
                                         '[b]({{< ref "b.md" >}}) [c]({% link world/b.md %}) [d]({{ page.url }})\n'),
        "content/world/b.md": story(title="Earlier", date="2022-12-08T10:00:00"),
        "content/images/map.png": b"\x89PNG",
    })
    result = s.build()
    html = s.read("world/2022/12/09/a/index.html")
    assert 'src="../../../../../images/map.png"' in html
    assert html.count('">b</a>') == 1 and '<a href="../../08/b/">b</a>' in html and '<a href="../../08/b/">c</a>' in html
    assert 'href="{{ page.url }}"' in html  # shown as written, and warned of
    assert any("Liquid output" in w.message and w.path == "content/world/a.md" for w in result.warnings)


def test_a_lead_image_the_body_also_shows_is_shown_once(site):
    s = site({
        "content/world/a.md": story(image="map.png", image_alt="Map", body="![Map](map.png)\n\nText.\n"),
        "content/world/b.md": story(title="Other", image="map.png", image_alt="Map", body="Text.\n"),
        "content/world/map.png": b"\x89PNG",
    })
    s.build()
    for page in ("world/2022/12/09/a/index.html", "world/2022/12/09/b/index.html"):
        shown = [img for img in elements(s.read(page), "img") if (img.attrs.get("src") or "").endswith("map.png")]
        assert len(shown) == 1, (page, shown)


def test_a_story_linking_to_files_left_out_or_missing_is_published_all_the_same(site):
    """GIMP's file list links to dozens of tutorials left out for their own
    errors: the list was left out too, for links that Pelican publishes
    (with a warning), and so on down every chain of links."""
    from generator.build import SiteBuilder
    from generator.content.model import BuildMode

    from .conftest import NOW

    gone = "".join(f"[gone {n}](gone{n}.md)\n\n" for n in range(5))
    s = site({
        "content/world/broken.md": story("Broken", date="yesterday"),
        "content/world/list.md": story("List", body="[the broken one](broken.md)\n"),
        "content/world/many.md": story("Many", body=gone),
        "content/world/a.md": story(),
    })
    result = SiteBuilder(s.config()).build(BuildMode(now=NOW), keep_going=True)
    assert [d.path for d in result.skipped] == ["content/world/broken.md"]
    said = broken_link_warnings(result)
    assert len(said["content/world/many.md"]) == 5 and len(said["content/world/list.md"]) == 1, said
    assert "content/world/broken.md is not published" in said["content/world/list.md"][0]
    assert s.exists("world/2022/12/09/list/index.html") and s.exists("world/2022/12/09/many/index.html")


def test_every_url_attribute_of_a_raw_tag_follows_the_sites_paths(site):
    """A <video>'s poster stayed /downloads/x.png (a broken picture under
    the site's sub-path), and GIMP's data-swap-src="{filename}x.jpg" was
    left as Pelican wrote it: only a tag's first src or href was read."""
    s = site({
        "content/world/a.md": story(body='<video controls src="/v/clip.mp4" poster="/v/clip.png"></video>\n\n'
                                         '<p><img src="before.png" data-swap-src="{filename}after.png" alt="Curves"></p>\n'),
        "content/v/clip.mp4": b"clip", "content/v/clip.png": b"\x89PNG",
        "content/world/before.png": b"\x89PNG", "content/world/after.png": b"\x89PNG",
    })
    s.build()
    html = s.read("world/2022/12/09/a/index.html")
    assert 'src="../../../../../v/clip.mp4" poster="../../../../../v/clip.png"' in html
    assert '<img src="../../../../before.png" data-swap-src="../../../../after.png" alt="Curves">' in html


def test_a_raw_tags_url_after_a_value_holding_a_tag_name_follows_the_sites_paths(site):
    """webkit.org's `<img alt="text selection in <input>" src="/…/shot.jpg">`:
    the ">" inside the quoted alt ended the tag for the rewriting, so its src
    stayed a site path, a broken picture under the site's sub-path and a
    relative URL in the feeds. "<" and ">" are text in a quoted value."""
    s = site({
        "content/world/a.md": story(body='<figure><img alt="text selection in <input>" src="/images/shot.png"></figure>\n\n'
                                         "<p><a title='a > b' href=\"b.md\">earlier</a></p>\n"),
        "content/world/b.md": story(title="Earlier", date="2022-12-08T10:00:00"),
        "content/images/shot.png": b"\x89PNG",
    })
    s.build()
    page = s.read(A_PAGE)
    assert '<img alt="text selection in <input>" src="../../../../../images/shot.png">' in page
    assert "<a title='a > b' href=\"../../08/b/\">earlier</a>" in page
    [item] = [i for i in ET.fromstring(s.read("feed.xml")).iter("item") if i.findtext("title") == "A headline"]
    content = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert [e.attrs["src"] for e in elements(content, "img")] == ["https://example.org/news/images/shot.png"]
    assert [e.attrs["href"] for e in elements(content, "a")] == ["https://example.org/news/world/2022/12/08/b/"]


def test_a_links_address_holds_no_character_a_url_may_not(site):
    """digital.gov's `[x](<https://… b>)`: CommonMark's pointy brackets allow
    spaces in an address, which it percent-encodes; written into href as
    they were, the HTML checker calls the page invalid ("Illegal character
    in path segment"). An escape already written stays one escape."""
    s = site({
        "content/world/a.md": story(body="[spaced](<https://example.com/a b|c>) [file](<notes on it.pdf>) "
                                         "[escaped](https://example.com/a%20b) ![Map](<my map.png>)\n"),
        "content/world/my map.png": b"\x89PNG",
    })
    s.build()
    links = {a.text: a.attrs["href"] for a in elements(s.read("world/2022/12/09/a/index.html"), "a") if a.text in ("spaced", "file", "escaped")}
    assert links == {"spaced": "https://example.com/a%20b%7Cc", "file": "../../../../notes%20on%20it.pdf",
                     "escaped": "https://example.com/a%20b"}, links
    assert any((img.attrs.get("src") or "").endswith("my%20map.png") for img in elements(s.read("world/2022/12/09/a/index.html"), "img"))
