"""Stories written for Pelican, copied into content/ as they are.

Pelican's Markdown stories open with "Key: value" lines (Python-Markdown's
meta extension), not a fenced block; its links to the site's own files are
`{filename}/x.md`, `{static}/images/x.png` (or the older `|filename|`), and
to its lists `{tag}name`, `{category}name`. The header below is the one
Pelican's documentation gives (docs/content.rst, "File metadata").
"""

from __future__ import annotations

import posixpath
import re

from generator.content.model import Article, Page, SourceFile, SourceKind
from generator.content.parse import body_of, parse_bytes
from generator.errors import Severity

from .conftest import elements, messages, story

DOCUMENTED = """\
Title: My super title
Date: 2010-12-03 10:20
Modified: 2010-12-05 19:30
Category: Python
Tags: pelican, publishing
Slug: my-super-post
Authors: Alexis Metaireau, Conan Doyle
Summary: Short version for *index* and feeds

This is the content of my super blog post.
"""


def parse(s, text: str, rel: str, kind: SourceKind = SourceKind.ARTICLE):
    return parse_bytes(SourceFile(rel, kind), text.encode(), s.config())


def links(html: str, page: str) -> dict[str, str]:
    """Each link's text → the output file it leads to, from the page at `page`."""
    return {text: posixpath.normpath(posixpath.join(posixpath.dirname(page), href + ("index.html" if href.endswith("/") else "")))
            for href, text in reversed(re.findall(r'<a href="([^"]*)">([^<]*)</a>', html))}


def test_the_documented_header_is_read_as_pelican_reads_it(site):
    s = site()
    article, problems = parse(s, DOCUMENTED, "news/super.md")
    assert isinstance(article, Article), [str(p) for p in problems]
    assert article.title == "My super title"
    assert (article.date.year, article.date.month, article.date.day, article.date.hour, article.date.minute) == (2010, 12, 3, 10, 20)
    assert article.updated.day == 5
    assert article.section == "python"  # Pelican's category, not the folder it sits in
    assert article.tags == ("pelican", "publishing")
    assert article.authors == ("Alexis Metaireau", "Conan Doyle")
    assert article.slug == "my-super-post"
    assert article.summary == "Short version for index and feeds"  # Pelican renders it as Markdown
    assert body_of(DOCUMENTED.encode(), "super.md").strip() == "This is the content of my super blog post."
    assert not [p for p in problems if p.severity is not Severity.NOTE], [str(p) for p in problems]


def test_a_broken_link_names_its_line_in_the_file(site):
    s = site({"content/news/a.md": "Title: A\nDate: 2012-01-01\n\nFirst.\n\nSee [gone]({filename}/gone.md).\n",
              "content/world/a.md": story()})
    failed = s.build_fails()
    assert any(m.startswith("content/news/a.md:6:") and "gone.md" in m for m in messages(failed)), messages(failed)


def test_lists_continued_lines_repeated_keys_and_dates_as_pelican_writes_them(site):
    s = site()
    article, _ = parse(s, "Title: Lists\nDate: 2012-10-19_14:05\nTags: Doe, Jane; Roe, John\n"
                          "Authors: Ann Lee\n    Bo Chan\nSlug: first\nSlug: second\n\nText.\n", "news/lists.md")
    assert article.tags == ("Doe, Jane", "Roe, John")  # a semicolon splits where there is one
    assert article.authors == ("Ann Lee", "Bo Chan")  # a line indented four spaces goes on with the key
    assert article.slug == "first"  # as Pelican: the first of a key given twice
    assert (article.date.hour, article.date.minute) == (14, 5)


def test_a_story_directly_in_content_is_in_its_category_or_pelicans_default_one(site):
    s = site()
    article, _ = parse(s, "Title: Top\nDate: 2012-01-01\n\nText.\n", "top.md", SourceKind.PAGE)
    assert isinstance(article, Article) and article.section == "misc"
    article, _ = parse(s, "Title: Dated by name\n\nText.\n", "2012-01-01-named.md", SourceKind.PAGE)
    assert isinstance(article, Article) and article.section == "misc"
    page, _ = parse(s, "Title: About the Desk\nTemplate: page\n\nWe are us.\n", "pages/about.md", SourceKind.PAGE)
    assert isinstance(page, Page) and (page.title, page.slug) == ("About the Desk", "about-the-desk")


def test_only_a_header_with_a_title_is_front_matter(site):
    """A Markdown file that opens with "Note: …" is prose, as Pelican would refuse it as a story without a title."""
    s = site({"content/world/a.md": "Note: this desk does not publish.\nDate: never\n\nText.\n"})
    result = s.build()
    [said] = [str(d) for d in result.warnings if d.path == "content/world/a.md"]
    assert "no front matter" in said


def test_a_translation_is_linked_by_the_slug_it_shares(site):
    s = site()
    article, _ = parse(s, "Title: Bonjour\nDate: 2012-01-01\nLang: fr\nSlug: hello\nTranslation: true\n\nTexte.\n", "news/hello-fr.md")
    assert (article.language, article.translation_key) == ("fr", "hello")


def test_a_pelican_site_builds_with_its_links_hidden_stories_and_drafts(site):
    s = site({
        "content/news/super.md": DOCUMENTED.replace(
            "This is the content of my super blog post.",
            "See [the other]({filename}/2012-01-01-other.md), [about]({filename}/pages/about.md), "
            "[the tag]({tag}pelican), [the category]({category}Python) and [home]({index}).\n\n"
            "![A map]({static}/images/map.png)\n"),
        "content/2012-01-01-other.md": "Title: Another one\n\nBack to [super]({filename}news/super.md) "
                                       "and [the old way](|filename|/news/super.md).\n",
        "content/pages/about.md": "Title: About us\nTemplate: page\n\nWe are us.\n",
        "content/news/hidden.md": "Title: Hidden one\nDate: 2012-02-02\nStatus: hidden\n\nOnly by its link.\n",
        "content/news/draft.md": "Title: Draft one\nDate: 2012-02-03\nStatus: draft\n\nNot yet.\n",
        "content/news/published.md": "Title: Out now\nDate: 2012-02-04\nStatus: published\n\nOut.\n",
        "content/images/map.png": b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
        "content/world/a.md": story(),
    })
    result = s.build()
    page = "python/2010/12/03/my-super-post/index.html"
    found = links(s.read(page), page)
    assert found["the other"] == "misc/2012/01/01/another-one/index.html"
    assert found["about"] == "about-us/index.html"  # Pelican makes a slug of the title
    assert found["the tag"] == "tags/pelican/index.html"
    assert found["the category"] == "python/index.html"
    assert found["home"] == "index.html"
    assert [e.attrs["src"] for e in elements(s.read(page), "img", alt="A map")]
    other = "misc/2012/01/01/another-one/index.html"
    assert links(s.read(other), other)["super"] == page
    assert links(s.read(other), other)["the old way"] == page
    assert "We are us." in s.read("about-us/index.html")
    # Hidden: published at its own URL, in no list, feed or menu.
    assert "Only by its link." in s.read("news/hidden-one/index.html")
    for listing in ("index.html", "news/index.html", "feed.xml", "latest/index.html"):
        assert "Hidden one" not in s.read(listing), listing
    assert "Draft one" not in s.read("feed.xml") and not s.exists("news/2012/02/03/draft-one/index.html")
    assert "Out now" in s.read("feed.xml")
    assert not [d for d in result.warnings if d.severity is Severity.ERROR]
