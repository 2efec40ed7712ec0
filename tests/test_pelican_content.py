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

from generator.build import SiteBuilder
from generator.content.model import Article, BuildMode, Page, SourceFile, SourceKind
from generator.content.parse import body_of, parse_bytes
from generator.errors import Severity

from .conftest import NOW, elements, messages, story

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
            for href, text in reversed(re.findall(r'<a [^>]*?href="([^"]*)"[^>]*>([^<]*)</a>', html))}


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


def test_a_link_to_a_missing_file_is_published_as_pelican_publishes_it_and_warned_of(site):
    s = site({"content/news/a.md": "Title: A\nDate: 2012-01-01\n\nFirst.\n\nSee [gone]({filename}/gone.md).\n",
              "content/world/a.md": story()})
    result = s.build()
    said = [str(w) for w in result.warnings if w.path == "content/news/a.md"]
    assert any(m.startswith("content/news/a.md:6:") and "content/gone.md is not published" in m for m in said), said
    assert 'href="{filename}' not in s.read("news/2012/01/01/a/index.html")


def test_lists_continued_lines_repeated_keys_and_dates_as_pelican_writes_them(site):
    s = site()
    article, _ = parse(s, "Title: Lists\nDate: 2012-10-19_14:05\nTags: Doe, Jane; Roe, John\n"
                          "Authors: Ann Lee\n    Bo Chan\nSlug: first\nSlug: second\n\nText.\n", "news/lists.md")
    assert article.tags == ("Doe, Jane", "Roe, John")  # a semicolon splits where there is one
    assert article.authors == ("Ann Lee", "Bo Chan")  # a line indented four spaces goes on with the key
    assert article.slug == "first"  # as Pelican: the first of a key given twice
    assert (article.date.hour, article.date.minute) == (14, 5)


def test_a_line_indented_with_a_tab_goes_on_with_the_key_above(site):
    """Python-Markdown expands tabs before its meta extension reads the
    header, so Pelican reads a tab-indented line as the key's next line;
    the header goes on to the keys after it, and none of them is body text."""
    s = site()
    text = "Title: Release\nDate: 2018-01-23 10:43\nSummary: Make a release\n\twith one command\nTags: packaging, pypi\n\nThe body.\n"
    article, problems = parse(s, text, "news/release.md")
    assert isinstance(article, Article), [str(p) for p in problems]
    assert article.summary == "Make a release with one command"
    assert article.tags == ("packaging", "pypi")
    assert body_of(text.encode(), "release.md").strip() == "The body."


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


# ---- reStructuredText ------------------------------------------------------------------------

DOCUMENTED_RST = """\
My super title
##############

:date: 2010-10-03 10:20
:modified: 2010-10-04 18:40
:tags: thats, awesome
:category: yeah
:slug: my-super-post
:authors: Alexis Metaireau, Conan Doyle
:summary: Short version for index and feeds

This is the content of my super blog post.

.. code-block:: python

   print("hello")

A heading
---------

See `the Markdown one <{filename}/news/super.md>`_.
"""


def test_a_rest_story_is_read_as_pelican_reads_it(site):
    s = site()
    article, problems = parse(s, DOCUMENTED_RST, "news/super.rst")
    assert isinstance(article, Article), [str(p) for p in problems]
    assert (article.title, article.section, article.slug) == ("My super title", "yeah", "my-super-post")
    assert (article.date.day, article.date.hour, article.updated.day) == (3, 10, 4)
    assert article.tags == ("thats", "awesome")
    assert article.authors == ("Alexis Metaireau", "Conan Doyle")
    assert article.summary == "Short version for index and feeds"
    assert not [p for p in problems if p.severity is not Severity.NOTE], [str(p) for p in problems]


def test_a_rest_site_builds_its_body_and_links_both_ways(site):
    s = site({
        "content/news/super.rst": DOCUMENTED_RST,
        "content/news/super.md": "Title: The Markdown one\nDate: 2012-01-01\n\nBack to [the reST one]({filename}super.rst).\n",
        "content/world/a.md": story(),
    })
    result = s.build()
    page = "yeah/2010/10/03/my-super-post/index.html"
    html = s.read(page)
    body = html[html.index('class="story-body"'):]
    assert "This is the content of my super blog post." in body
    assert body.count("My super title") == 0 and ":date:" not in body and "Alexis" not in body  # title and fields are not body
    assert '<h2>A heading</h2>' in body and 'print(&quot;hello&quot;)' in body
    assert links(html, page)["the Markdown one"] == "news/2012/01/01/the-markdown-one/index.html"
    other = "news/2012/01/01/the-markdown-one/index.html"
    assert links(s.read(other), other)["the reST one"] == page
    assert not s.exists("news/super.rst")  # a story, not a file to copy
    assert not [str(d) for d in result.warnings if d.severity is Severity.WARNING and "author" not in str(d)]


def test_rest_reads_no_other_file_and_says_what_it_could_not_read(site):
    """docutils's include and raw :file: would publish any file the build can
    read; they are off, and what docutils cannot read is a warning with its
    line, never a "System Message" in the page."""
    s = site({
        "content/world/secret.txt": "THE-SECRET\n",
        "content/world/b.rst": "Leak\n====\n\n:date: 2022-12-09\n\nBefore.\n\n.. include:: secret.txt\n\n"
                               ".. raw:: html\n   :file: secret.txt\n\nText with :nosuchrole:`x` and `a dangling`_ reference.\n",
        "content/world/a.md": story(),
    })
    result = s.build()
    html = s.read("world/2022/12/09/leak/index.html")
    assert "Before." in html and "THE-SECRET" not in html
    assert "System Message" not in html and "system-message" not in html
    assert "Text with :nosuchrole:`x` and `a dangling`_ reference." in html
    said = [(d.line, d.message.split(";")[0]) for d in result.warnings if d.path == "content/world/b.rst"]
    assert said == [(8, 'reStructuredText: "include" directive disabled'), (10, 'reStructuredText: "raw" directive disabled'),
                    (13, 'reStructuredText: Unknown interpreted text role "nosuchrole"'),
                    (13, "reStructuredText: 1 more problem from here on")], said  # the dangling reference: grouped


def test_a_rest_file_without_title_or_fields_is_not_published_and_says_why(site):
    s = site({"content/world/notes.rst": "Just some notes, no title.\n", "content/world/a.md": story()})
    result = s.build()
    [said] = [str(d) for d in result.warnings if d.path == "content/world/notes.rst"]
    assert "not published" in said and "title" in said
    assert not s.exists("world/notes.rst")


def test_rest_nested_too_deeply_or_repeating_a_mistake_is_told_once(site):
    s = site({
        "content/world/deep.rst": "Deep\n====\n\n:date: 2022-12-09\n\n" + "".join("  " * i + "* x\n\n" for i in range(600)),
        "content/world/noisy.rst": "Noisy\n=====\n\n:date: 2022-12-09\n\n" + "`a <" * 500 + "\n",
        "content/world/a.md": story(),
    })
    failed = s.build_fails()
    [deep] = [m for m in messages(failed) if m.startswith("content/world/deep.rst")]
    assert "nested too deeply" in deep
    s.remove("content/world/deep.rst")
    result = s.build()
    noisy = [d for d in result.warnings if d.path == "content/world/noisy.rst"]
    assert len(noisy) == 4 and "more problems from here on" in noisy[-1].message, [str(d) for d in noisy]


def test_a_pelican_404_page_is_told_newsgen_makes_that_page(site):
    """GIMP's content/about/404.md (url: 404.html, save_as: 404.html) was told to change its slug, title or date."""
    s = site({"content/about/404.md": "Title: 404\nDate: 2016-10-31\nurl: 404.html\nsave_as: 404.html\nstatus: hidden\n\nSorry.\n",
              "content/world/a.md": story()}, config='title = "T"\nbase_url = "https://example.org/"\n')
    result = SiteBuilder(s.config()).build(BuildMode(now=NOW), keep_going=True)
    [said] = [d for d in result.skipped if d.path == "content/about/404.md"]
    assert "newsgen writes 404.html itself" in said.message and "url:" in said.message, said.message
    assert s.exists("world/2022/12/09/a/index.html")


def test_a_section_named_as_a_page_newsgen_makes_is_told_to_take_another_folder(site):
    """linkerd.io's content/search/_index.md: the error named 'the section
    page 'search'' twice and asked to change a slug, title or date."""
    s = site({"content/search/_index.md": "---\ntitle: Search results\n---\n", "content/world/a.md": story()})
    [said] = [m for m in messages(s.build_fails()) if "search" in m]
    assert said.startswith("content/search/:") and "the search page" in said and "folder another name" in said, said


# ---- what GIMP's, Full Stack Python's and Jake VanderPlas's sites showed ----------------------------

def test_a_slug_made_from_the_title_drops_punctuation_as_pelicans_does(site):
    """GIMP's 108 stories without Slug: had other URLs than Pelican gave them."""
    s = site()
    for title, slug in (("GIMP 2.6.6 Released", "gimp-266-released"), ("GIMP's Core Getting Ported", "gimps-core-getting-ported"),
                        ("gimpguru.org — R.I.P.", "gimpguruorg-rip")):
        article, _ = parse(s, f"Title: {title}\nDate: 2009-03-17\n\nText.\n", "news/a.md")
        assert article.slug == slug, title


def test_a_year_or_a_month_alone_is_its_first_day_and_a_bad_date_is_named_as_written(site):
    """GIMP's 45 tutorials dated `Date: 2002` or `2016-09` were left out."""
    s = site()
    article, _ = parse(s, "Title: Old\nDate: 2002\nModified: 2016-09\n\nText.\n", "news/old.md")
    assert (article.date.year, article.date.month, article.date.day) == (2002, 1, 1)
    assert (article.updated.year, article.updated.month, article.updated.day) == (2016, 9, 1)
    article, problems = parse(s, "Title: Old\nDate: 2002\nModified: soon\n\nText.\n", "news/old.md")
    assert article is None and any("'Modified'" in p.message for p in problems), [str(p) for p in problems]


def test_translations_are_linked_by_the_slug_pelican_makes_of_their_titles(site):
    s = site()
    english, _ = parse(s, "Title: Building the site\nDate: 2020-01-02\nLang: en\n\nText.\n", "about/building.md")
    french, _ = parse(s, "Title: Building the site\nDate: 2020-01-02\nLang: fr\n\nTexte.\n", "about/building-fr.md")
    assert english.translation_key == french.translation_key == "building-the-site"


def test_the_section_is_the_nearest_folder_as_pelicans_category_is(site):
    s = site()
    article, _ = parse(s, "Title: Deep\nDate: 2020-01-02\n\nText.\n", "news/world/deep.md")
    assert article.section == "world"


def test_a_pages_story_keys_are_noted_by_the_names_the_file_gives_them(site):
    """Full Stack Python's 703 pages with Category: and Author: were told
    "'section' is not newsgen's" and "'author' is not newsgen's"."""
    s = site()
    page, problems = parse(s, "Title: A guide\nCategory: page\nAuthor: Jane Doe\n\nText.\n", "pages/guide.md", SourceKind.PAGE)
    said = [p.message for p in problems]
    assert isinstance(page, Page)
    assert any("'Category' means nothing on a page" in m for m in said), said
    assert any("'Author' means nothing on a page" in m for m in said), said
    assert not any("'section'" in m or "'author'" in m for m in said), said


def test_the_summary_is_the_first_paragraph_under_a_comment_or_the_summary_plugins_part(site):
    """Jake VanderPlas's posts open with <!-- PELICAN_BEGIN_SUMMARY --> on
    the line above their first paragraph: the description was the second."""
    s = site()
    article, _ = parse(s, "Title: C1\nDate: 2020-01-01\n\n<!-- a note -->\nFirst paragraph.\n\nSecond paragraph.\n", "news/c1.md")
    assert article.summary == "First paragraph."
    article, _ = parse(s, "Title: C2\nDate: 2020-01-01\n\n<!-- PELICAN_BEGIN_SUMMARY -->\nOne.\n\nTwo.\n\n"
                          "<!-- PELICAN_END_SUMMARY -->\n\nThree.\n", "news/c2.md")
    assert article.summary == "One. Two."


def test_modified_at_the_moment_of_publication_is_no_update(site):
    """Full Stack Python writes Modified: equal to Date:; its pages said "Updated" that same minute."""
    s = site()
    article, _ = parse(s, "Title: Same\nDate: 2020-01-02 10:00\nModified: 2020-01-02 10:00\n\nText.\n", "news/same.md")
    assert article.updated is None
    article, _ = parse(s, "Title: Later\nDate: 2020-01-02 10:00\nModified: 2020-01-03 10:00\n\nText.\n", "news/later.md")
    assert article.updated.day == 3


# ---- what Pelican's samples and four reST blogs showed ---------------------------------------------

def test_dates_are_read_as_pelicans_dateutil_reads_them(site):
    """notmyidea's `:date: 2015.10.18` and `11/06/2011` (Pelican: 6 November) left 21 stories out."""
    s = site()
    for written, (year, month, day) in (("2015.10.18", (2015, 10, 18)), ("11/06/2011", (2011, 11, 6)),
                                        ("02-04-2012 10:20", (2012, 2, 4)), ("13/06/2011", (2011, 6, 13))):
        article, problems = parse(s, f"T\n=\n\n:date: {written}\n\nText.\n", "news/t.rst")
        assert article is not None and (article.date.year, article.date.month, article.date.day) == (year, month, day), \
            (written, [str(p) for p in problems])


def test_an_empty_category_is_pelicans_default_not_a_page(site):
    """peter14f's `:category:` with nothing after it made the story a page in the menu."""
    s = site()
    article, _ = parse(s, "Empty\n=====\n\n:date: 2020-01-03\n:category:\n\nText.\n", "emptycat.rst", SourceKind.PAGE)
    assert isinstance(article, Article) and article.section == "misc"


def test_pelicans_code_block_options_and_abbr_role_render(site):
    """Pelican's samples' code-block with :linenos: lost the whole block; :abbr: showed as written."""
    s = site({"content/world/c.rst": "Code\n====\n\n:date: 2022-12-09\n\n.. code-block:: python\n   :linenos: table\n   :hl_lines: 1\n\n"
                                     "   print('kept')\n\nAn :abbr:`HTML (HyperText Markup Language)` page.\n",
              "content/world/a.md": story()})
    result = s.build()
    html = s.read("world/2022/12/09/code/index.html")
    assert "print(&#x27;kept&#x27;)" in html or "print('kept')" in html
    assert '<abbr title="HyperText Markup Language">HTML</abbr>' in html
    assert not [str(d) for d in result.warnings if d.path == "content/world/c.rst"]


def test_a_rest_storys_dek_keeps_its_code_as_written(site):
    """vstinner's ``__del__()`` in a first paragraph became "del()" in the description."""
    s = site()
    article, _ = parse(s, "T\n=\n\n:date: 2020-01-02\n\nThe ``__del__()`` method of *objects*.\n", "news/t.rst")
    assert article.summary == "The __del__() method of objects."


def test_a_line_over_docutils_limit_is_said_not_a_missing_title(site):
    s = site({"content/world/long.rst": "Long\n====\n\n:date: 2020-01-02\n\n" + "word " * 3000 + "\n", "content/world/a.md": story()})
    failed = s.build_fails()
    [said] = [m for m in messages(failed) if m.startswith("content/world/long.rst")]
    assert "line-length-limit" in said and "neither a title" not in said


def test_a_filename_link_to_a_static_file_shows_it_as_pelican_does(site):
    """Pelican 3 sites wrote images as `{filename}/images/x.png`; where no
    story has that path Pelican links the static file, and so does a build:
    in Markdown, raw HTML and reST, rooted or from the story's folder."""
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    s = site({
        "content/tools/tweet.md": "Title: Auto tweet\nDate: 2017-04-05\n\n![the tweet]({filename}/images/tweet.png)\n\n"
                                  "![beside]({filename}../images/cron.png)\n\n<p><img alt=\"raw\" src=\"{filename}/images/tweet.png\"></p>\n",
        "content/tools/notes.rst": "Notes\n#####\n\n:date: 2017-04-06\n\n.. image:: {filename}/images/cron.png\n   :alt: in rest\n",
        "content/images/tweet.png": png, "content/images/cron.png": png, "content/world/a.md": story()})
    result = s.build()
    assert not [str(d) for d in result.warnings if "broken" in d.message or "{filename}" in d.message]
    for page, alt, image in (("tools/2017/04/05/auto-tweet/index.html", "the tweet", "images/tweet.png"),
                             ("tools/2017/04/05/auto-tweet/index.html", "beside", "images/cron.png"),
                             ("tools/2017/04/05/auto-tweet/index.html", "raw", "images/tweet.png"),
                             ("tools/2017/04/06/notes/index.html", "in rest", "images/cron.png")):
        [shown] = elements(s.read(page), "img", alt=alt)
        assert posixpath.normpath(posixpath.join(posixpath.dirname(page), shown.attrs["src"])) == image, (alt, shown.attrs["src"])


def test_a_broken_link_of_a_rest_story_is_named_with_its_line(site):
    """A Markdown story's broken link is named with its line; a reST
    story's came without one (its body is docutils's HTML, whose lines are
    not the file's), leaving the writer to search the file. The link is
    found as reST writes it: `text <target>`_, a `.. _name: target`
    definition, an image's or a figure's path and its :target:."""
    s = site({
        "content/news/story.rst": "A story\n=======\n\n:date: 2020-01-02\n\nSome text with `a link <gone.html>`_ and\n"
                                  "`another </nowhere/>`_.\n\n.. image:: /img/missing.png\n\nSee `the target`_.\n\n"
                                  ".. _the target: /also-gone/\n\n.. figure:: /img/fig.png\n   :target: /target-gone/\n",
        "content/world/a.md": story(),
    })
    result = s.build()
    said = {d.message.split(" is broken")[0]: d.line for d in result.warnings if d.path == "content/news/story.rst"}
    assert said == {"the link to /news/gone.html": 6, "the link to /nowhere/": 7, "the link to /img/missing.png": 9,
                    "the link to /also-gone/": 13, "the link to /img/fig.png": 15, "the link to /target-gone/": 16}, said
