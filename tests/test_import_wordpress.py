"""The WordPress (WXR) reader: a real export in, newsgen content out.

The fixture is the WordPress Theme Unit Test data (tests/fixtures/import/
wordpress/LICENSE.md); small hand-written exports cover what it lacks
(trash, pending and private posts, custom types, WXR 1.0, local uploads).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # the fixture is trusted: the reader under test uses defusedxml
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import markdown
import pytest

from generator.errors import NewsgenError
from generator.importers.common import ImportReport, write_import
from generator.importers.wordpress import read_wordpress

from .conftest import front_matter, imported_with_moved, redirects_built

FIXTURE = Path(__file__).parent / "fixtures" / "import" / "wordpress" / "themeunittestdata.wordpress.xml"
UTC = ZoneInfo("UTC")
WP = "{https://wordpress.org/export/1.2/}"
DC = "{http://purl.org/dc/elements/1.1/}"


def _import(export: Path, content: Path, tz: ZoneInfo = UTC, uploads: Path | None = None) -> ImportReport:
    report = ImportReport()
    return write_import(content, read_wordpress(export, report, tz, uploads), report)


def _by_wordpress_id(content: Path) -> dict[int, tuple[Path, dict, str]]:
    found = {}
    for path in content.rglob("*.md"):
        front, body = front_matter(path)
        wid = (front.get("extra") or {}).get("wordpress_id")
        if wid is not None:
            found[wid] = (path, front, body)
    return found


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    content = tmp_path_factory.mktemp("wp") / "content"
    report = _import(FIXTURE, content)
    return content, report, _by_wordpress_id(content)


def _fixture_items(post_type: str) -> list[ET.Element]:
    channel = ET.parse(FIXTURE).getroot().find("channel")
    return [item for item in channel.findall("item") if item.findtext(f"{WP}post_type") == post_type]


def test_every_published_post_becomes_a_story_with_its_metadata(imported):
    content, report, files = imported
    channel = ET.parse(FIXTURE).getroot().find("channel")
    names = {a.findtext(f"{WP}author_login"): a.findtext(f"{WP}author_display_name") for a in channel.findall(f"{WP}author")}
    # A scheduled post ("future") is one too: WordPress publishes it at its date.
    published = [item for item in _fixture_items("post")
                 if item.findtext(f"{WP}status") in ("publish", "future") and not (item.findtext(f"{WP}post_password") or "")]
    assert len(published) == 49
    for item in published:
        wid = int(item.findtext(f"{WP}post_id"))
        path, front, _ = files[wid]
        assert "draft" not in front, wid
        title = item.findtext("title")
        if title and "<" not in title:
            assert front["title"] == title
        assert front["title"]
        login = item.findtext(f"{DC}creator").strip(" >")
        assert front["author"] == names[login]
        categories = [(c.get("nicename"), c.text) for c in item.findall("category") if c.get("domain") == "category"]
        real = [c for c in categories if c[0] != "uncategorized"]
        section = real[0][0] if real else "news"
        assert path.relative_to(content).parts[0] == section, wid
        tags = {t.casefold() for t in front.get("tags", [])}
        for c in item.findall("category"):
            if c.get("domain") == "post_tag":
                assert c.text.casefold() in tags, (wid, c.text)
        assert f"/?p={wid}" in front["aliases"]
    assert report.written["story"] == 49


def test_dates_targets_and_aliases_come_from_the_item(imported):
    content, _, files = imported
    item = next(i for i in _fixture_items("post") if i.findtext(f"{WP}post_id") == "1178")
    assert item.findtext(f"{WP}post_date_gmt") == "2013-01-12 03:22:19"
    path, front, body = files[1178]
    assert path == content / "classic" / "2013-01-12-markup-html-tags-and-formatting.md"
    assert front["date"] == "2013-01-12T03:22:19+00:00"
    assert front["title"] == "Markup: HTML Tags and Formatting"
    assert front["slug"] == "markup-html-tags-and-formatting"
    assert front["aliases"] == ["/2013/01/11/markup-html-tags-and-formatting/", "/?p=1178"]
    assert "## Header two" in body and "<sup>2</sup>" in body
    # A title with markup is plain text; one without a title gets one.
    assert files[1173][1]["title"] == "Markup: Title With Markup"
    assert files[1169][1]["title"]


def test_the_local_date_names_the_file(tmp_path):
    content = tmp_path / "content"
    _import(FIXTURE, content, ZoneInfo("America/Los_Angeles"))
    # 2013-01-12 03:22 UTC is the evening of 11 January in Los Angeles.
    assert (content / "classic" / "2013-01-11-markup-html-tags-and-formatting.md").is_file()


def test_withheld_posts_are_drafts_and_a_scheduled_one_waits_for_its_date(imported):
    _, report, files = imported
    for wid in (1164, 1168):  # draft, password-protected
        assert files[wid][1]["draft"] is True, wid
    assert report.written["draft"] == 2
    scheduled = files[1153][1]  # status future: published at its date, as WordPress would
    assert "draft" not in scheduled and report.keys_mapped["wp:status future → scheduled at its date"] == 1
    assert files[1164][0].name == "2013-04-09-draft.md"  # no post_name: slug from the title


def test_pages_attachments_and_menus(imported):
    content, report, files = imported
    about = files[2]
    assert about[0] == content / "pages" / "about.md"
    assert about[1]["title"] == "About The Tests"
    assert "author" not in about[1] and "tags" not in about[1]
    assert report.written["page"] == len(_fixture_items("page")) == 21
    skipped = [(origin, why) for origin, why in report.skipped if origin != "WordPress comments"]  # (said in a line of their own)
    assert all(why.startswith("nav_menu_item") for _, why in skipped)
    assert len(skipped) == len(_fixture_items("nav_menu_item"))
    assert not any(f[0].parent.name == "attachment" for f in files.values())
    # Authors become files whose names the bylines use.
    authors = {front_matter(p)[0]["name"] for p in (content / "authors").glob("*.md")}
    assert authors == {"Theme Buster", "Theme Reviewer"}


def test_featured_image_comes_from_the_thumbnail_attachment(imported):
    _, report, files = imported
    front = files[1011][1]  # Template: Featured Image (Horizontal)
    assert front["image"].startswith("https://wpthemetestdata.files.wordpress.com/")
    assert report.keys_mapped["_thumbnail_id → image"] == 5


def test_caption_becomes_a_figure_that_markdown_keeps(imported):
    _, report, files = imported
    body = files[1163][2]
    assert "[caption" not in body
    assert "<figure>" in body and "<figcaption>Bell on wharf in San Francisco" in body
    html = markdown.markdown(body, extensions=["extra"])
    assert html.lstrip().startswith("<figure>")
    assert "&lt;figure" not in html and "<p><figure" not in html
    assert report.converted["[caption]"] == 12
    assert report.converted["[gallery]"] >= 1


def test_gutenberg_comments_go_and_more_stays(imported):
    _, _, files = imported
    keyboard = files[1724][2]
    assert "wp:paragraph" not in keyboard and "<!--" not in keyboard
    assert keyboard.startswith("There are many different ways")
    assert "### How to keyboard test:" in keyboard
    assert "\n\n<!--more-->\n\n" in files[996][2]
    youtube = files[1161][2]
    assert "<https://www.youtube.com/watch?v=SQEQr7c0-dw>" in youtube


def test_importing_again_writes_nothing(tmp_path):
    content = tmp_path / "content"
    first = _import(FIXTURE, content)
    before = {p: p.stat().st_mtime_ns for p in content.rglob("*")}
    again = _import(FIXTURE, content)
    assert sum(again.written.values()) == 0
    assert sorted(again.present) == sorted(str(p.relative_to(content)) for p in content.rglob("*.md"))
    assert len(again.present) == sum(first.written.values())
    assert {p: p.stat().st_mtime_ns for p in content.rglob("*")} == before


# ---------------------------------------------------------------- hand-written exports for what the fixture lacks

def _wxr(items: str, version: str = "1.2", authors: str = "") -> str:
    wp = f"http://wordpress.org/export/{version}/"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{wp}">
<channel><title>Example</title><link>https://example.com</link>
<wp:wxr_version>{version}</wp:wxr_version>
{authors or '<wp:author><wp:author_login>ed</wp:author_login><wp:author_display_name><![CDATA[Eda Editor]]></wp:author_display_name></wp:author>'}
{items}
</channel></rss>"""


def _item(post_id: int, title: str, status: str = "publish", post_type: str = "post", body: str = "Text.",
          gmt: str = "2020-05-01 10:00:00", local: str = "2020-05-01 12:00:00", extra: str = "", name: str | None = None) -> str:
    return f"""<item><title>{title}</title><link>https://example.com/2020/05/01/{name or 'p' + str(post_id)}/</link>
<dc:creator><![CDATA[ed]]></dc:creator><content:encoded><![CDATA[{body}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>{post_id}</wp:post_id>
<wp:post_date>{local}</wp:post_date><wp:post_date_gmt>{gmt}</wp:post_date_gmt>
<wp:post_name>{name if name is not None else 'p' + str(post_id)}</wp:post_name><wp:status>{status}</wp:status>
<wp:post_parent>0</wp:post_parent><wp:post_type>{post_type}</wp:post_type>{extra}</item>"""


def _write(tmp_path: Path, text: str, name: str = "export.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_statuses_and_types(tmp_path):
    export = _write(tmp_path, _wxr("".join([
        _item(1, "Live"), _item(2, "Binned", "trash"), _item(3, "Waiting", "pending"), _item(4, "Secret", "private"),
        _item(5, "Autosave", "auto-draft"), _item(6, "Recipe", post_type="recipe"), _item(7, "Block", post_type="wp_block"),
    ])))
    content = tmp_path / "content"
    report = _import(export, content)
    files = _by_wordpress_id(content)
    assert set(files) == {1, 3, 4}
    assert "draft" not in files[1][1] and files[3][1]["draft"] is True and files[4][1]["draft"] is True
    skipped = dict(report.skipped)
    assert "trash" in skipped["WordPress item 2"]
    assert "auto-draft" in skipped["WordPress item 5"]
    assert skipped["WordPress item 6"].startswith("recipe:")
    assert skipped["WordPress item 7"].startswith("wp_block:")
    assert files[1][1]["author"] == "Eda Editor"
    assert files[1][0] == content / "news" / "2020-05-01-p1.md"  # no category: news


def test_wxr_1_0_local_dates_updated_and_sections(tmp_path):
    cats = ('<category domain="category" nicename="uncategorized"><![CDATA[Uncategorized]]></category>'
            '<category domain="category" nicename="world-news"><![CDATA[World News]]></category>'
            '<category domain="category" nicename="europe"><![CDATA[Europe]]></category>'
            '<category domain="post_tag" nicename="eu"><![CDATA[EU]]></category>'
            '<wp:post_modified_gmt>2020-05-02 08:00:00</wp:post_modified_gmt>')
    export = _write(tmp_path, _wxr(
        _item(1, "Zero GMT", "draft", gmt="0000-00-00 00:00:00", local="2020-05-01 23:30:00")
        + _item(2, "Categorised", extra=cats), version="1.0"))
    content = tmp_path / "content"
    report = _import(export, content, ZoneInfo("Europe/Berlin"))
    files = _by_wordpress_id(content)
    assert files[1][1]["date"] == "2020-05-01T23:30:00+02:00"
    assert files[1][0].name == "2020-05-01-p1.md"
    path, front, _ = files[2]
    assert path.parent.name == "world-news"
    assert front["tags"] == ["Europe", "EU"]
    assert front["updated"] == "2020-05-02T08:00:00+00:00"
    assert report.keys_mapped["category → section"] == 1 and report.keys_mapped["post_tag → tags"] == 1
    assert report.keys_mapped["wp:post_date → date"] == 1 and report.keys_mapped["wp:post_date_gmt → date"] == 1


def test_bodies_paragraphs_shortcodes_embeds(tmp_path):
    body = ("First paragraph\nwith a line break.\n\nSecond *para* &amp; <em>more</em>.\n\n"
            "https://vimeo.com/12345\n\n[embed]https://www.youtube.com/watch?v=abc[/embed]\n\n"
            "[pullquote align=\"left\"]Quoted[/pullquote] Coracles [simple boat] float.\n\n"
            "<table><tr><td colspan=\"2\">merged</td></tr></table>\n\n"
            "<!-- wp:paragraph --><p>Block para</p><!-- /wp:paragraph -->\n\n"
            "<ul>\n<li>one</li>\n<li>two</li>\n</ul>")
    export = _write(tmp_path, _wxr(_item(1, "Body", body=body)))
    content = tmp_path / "content"
    report = _import(export, content)
    text = _by_wordpress_id(content)[1][2]
    assert text.startswith("First paragraph  \nwith a line break.\n\n")
    assert "Second \\*para\\* &amp; *more*." in text
    assert "<https://vimeo.com/12345>" in text and "<https://www.youtube.com/watch?v=abc>" in text
    assert '[pullquote align="left"]Quoted[/pullquote]' in text
    # Said as left, where the build does not warn of it; brackets in prose (the WPTT export's "[simple boat]") are no shortcode.
    assert report.shortcodes_left == {"[pullquote]": 1} and not report.left
    assert "Coracles \\[simple boat\\] float." in text or "Coracles [simple boat] float." in text
    assert report.converted["embed"] == 1 and report.converted["[embed]"] == 1
    assert "\n\n<table>" in text and 'colspan="2"' in text
    assert "wp:paragraph" not in text and "Block para" in text
    assert "- one\n- two" in text
    html = markdown.markdown(text, extensions=["extra"])
    assert "<td colspan=\"2\">merged</td>" in html and "<em>more</em>" in html and "<li>one</li>" in html


def test_links_to_wordpress_tag_and_category_archives_lead_to_newsgens_tag_and_section_pages(tmp_path):
    """A post's link to /tag/pekwm (WordPress's tag archive) was kept, but
    newsgen's tag page is /tags/pekwm/, and a category's is its section's
    page (or, a post's other category, its tag's): each link was broken."""
    terms = ('<category domain="category" nicename="linux"><![CDATA[Linux]]></category>'
             '<category domain="category" nicename="desktops"><![CDATA[Desktops]]></category>'
             '<category domain="post_tag" nicename="pekwm"><![CDATA[PekWM]]></category>'
             '<category domain="post_tag" nicename="c-2"><![CDATA[C++]]></category>')
    body = ('<a href="/tag/pekwm">pekwm</a> <a href="https://example.com/tag/c-2/">C++</a> '
            '<a href="http://www.example.com/category/linux/">Linux</a> <a href="/category/linux/desktops">desktops</a> '
            '<a href="/?tag=pekwm">query</a> <a href="/category/uncategorized/">rest</a> '
            '<a href="/tag/unknown/">unknown</a> <a href="https://elsewhere.org/tag/pekwm/">elsewhere</a>')
    export = _write(tmp_path, _wxr(_item(1, "Window managers", body=body, extra=terms)
                                   + _item(2, "Other", extra='<category domain="category" nicename="uncategorized">'
                                                             '<![CDATA[Uncategorized]]></category>')))
    content = tmp_path / "content"
    report = _import(export, content)
    text = _by_wordpress_id(content)[1][2]
    assert ("[pekwm](/tags/pekwm/) [C\\+\\+](/tags/c-plus-plus/) [Linux](/linux/) [desktops](/tags/desktops/) [query](/tags/pekwm/) "
            "[rest](/news/) [unknown](/tag/unknown/) [elsewhere](https://elsewhere.org/tag/pekwm/)") in text
    assert report.converted["link to a tag or category archive"] == 6


def test_jetpacks_youtube_and_vimeo_shortcodes_become_links_to_the_videos(tmp_path):
    """Jetpack's (and WordPress.com's) [youtube URL], its older
    [youtube=URL] and [vimeo ID] were left as written, shown as text: each
    becomes the link to the video the Hugo and Liquid importers make."""
    body = ("[youtube https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;w=640&amp;h=360]\n\n"
            "Before [youtube=http://youtu.be/wq0rXGLs0YM] after.\n\n"
            "[vimeo 141358 h=500&w=350]\n[vimeo https://vimeo.com/18427511]\n\n"
            "[youtube https://www.youtube.com/playlist?list=PLP7HaNDU4Cifov7C2]\n\n[[youtube=kept]]")
    export = _write(tmp_path, _wxr(_item(1, "Videos", body=body)))
    content = tmp_path / "content"
    report = _import(export, content)
    text = _by_wordpress_id(content)[1][2]
    assert text.startswith("[Watch the video on YouTube](https://www.youtube.com/watch?v=dQw4w9WgXcQ)\n\n"
                           "Before\n\n[Watch the video on YouTube](https://www.youtube.com/watch?v=wq0rXGLs0YM)\n\nafter.\n\n"
                           "[Watch the video on Vimeo](https://vimeo.com/141358)\n\n"
                           "[Watch the video on Vimeo](https://vimeo.com/18427511)\n\n")
    assert "[youtube https://www.youtube.com/playlist?list=PLP7HaNDU4Cifov7C2]" in text and "[youtube=kept]" in text
    assert report.converted["[youtube]"] == 2 and report.converted["[vimeo]"] == 2 and report.shortcodes_left == {"[youtube]": 1}


def test_words_in_brackets_are_text_not_shortcodes(tmp_path):
    """WordPress expands only registered shortcode names; `cats [and] dogs`
    and an editor's `[sic]` are text there. The import listed them as
    shortcodes left in the text, for the newsroom to rewrite."""
    body = ("Cats [and] dogs. He writes [sic] a lot.\n\n<p>The mayor [Smith] said <em>[sic]</em> so.</p>\n\n"
            "[sic](really)\n\n[toc]\n\n[rev_slider]\n\n[note]Boxed[/note]\n\n[ad /]\n\n[button url=\"/x\"]")
    export = _write(tmp_path, _wxr(_item(1, "Body", body=body)))
    content = tmp_path / "content"
    report = _import(export, content)
    assert report.shortcodes_left == {"[toc]": 1, "[rev_slider]": 1, "[note]": 1, "[ad]": 1, "[button]": 1}
    html = markdown.markdown(_by_wordpress_id(content)[1][2], extensions=["extra"])
    assert "Cats [and] dogs. He writes [sic] a lot." in html and "The mayor [Smith] said <em>[sic]</em> so." in html
    assert "<p>[sic](really)</p>" in html  # still text, not a link


def _import_with_a_photo(tmp_path, items: str):
    """The export of `items`, imported with an uploads folder holding 2020/05/photo.jpg."""
    export = _write(tmp_path, _wxr(items))
    uploads = tmp_path / "wp-content" / "uploads" / "2020" / "05"
    uploads.mkdir(parents=True)
    (uploads / "photo.jpg").write_bytes(b"\xff\xd8jpeg")
    content = tmp_path / "content"
    return content, _import(export, content, uploads=tmp_path)


def test_local_uploads_are_copied_next_to_the_story(tmp_path):
    attachment = _item(9, "Photo", "inherit", "attachment", extra=(
        "<wp:attachment_url>https://example.com/wp-content/uploads/2020/05/photo.jpg</wp:attachment_url>"
        "<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>A photo</wp:meta_value></wp:postmeta>"))
    thumb = "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>9</wp:meta_value></wp:postmeta>"
    body = ('<img src="https://example.com/wp-content/uploads/2020/05/photo.jpg" alt="A photo">\n\n'
            '<img src="https://example.com/wp-content/uploads/2020/05/gone.jpg" alt="Gone">')
    content, report = _import_with_a_photo(tmp_path, attachment + _item(1, "Pictured", body=body, extra=thumb))
    path, front, body = _by_wordpress_id(content)[1]
    assert front["image"] == "uploads/2020/05/photo.jpg" and front["image_alt"] == "A photo"
    assert "![A photo](uploads/2020/05/photo.jpg)" in body
    assert (path.parent / "uploads" / "2020" / "05" / "photo.jpg").read_bytes() == b"\xff\xd8jpeg"
    assert "https://example.com/wp-content/uploads/2020/05/gone.jpg" in body
    assert report.missing_assets == [("WordPress item 1", "https://example.com/wp-content/uploads/2020/05/gone.jpg")]
    assert report.assets == 1


def test_uploads_in_blocks_kept_as_html_are_copied_too(tmp_path):
    """A Gutenberg image block and a styled paragraph stay HTML: their images
    kept the old server's URLs (poststatus/wptest), to break when it goes."""
    old = "https://example.com/wp-content/uploads/2020/05/photo"
    body = (f'<!-- wp:image --><figure class="wp-block-image"><img src="{old}.jpg" srcset="{old}-300x200.jpg 300w" '
            f'sizes="(max-width: 300px) 100vw" alt="A photo"><figcaption>Caption</figcaption></figure><!-- /wp:image -->\n\n'
            f'<p style="text-align:center"><img src="{old}-1024x768.jpg" alt="Again"></p>')
    content, report = _import_with_a_photo(tmp_path, _item(1, "Pictured", body=body))
    _, _, text = _by_wordpress_id(content)[1]
    assert "example.com" not in text and text.count('src="uploads/2020/05/photo.jpg"') == 2 and "srcset" not in text
    assert report.assets == 1 and not report.missing_assets


def test_without_uploads_urls_stay_absolute(tmp_path):
    body = '<img src="https://example.com/wp-content/uploads/2020/05/photo.jpg" alt="A photo">'
    export = _write(tmp_path, _wxr(_item(1, "Pictured", body=body)))
    content = tmp_path / "content"
    report = _import(export, content)
    assert "(https://example.com/wp-content/uploads/2020/05/photo.jpg)" in _by_wordpress_id(content)[1][2]
    assert report.missing_assets == [] and report.assets == 0


# ---------------------------------------------------------------- bad input

def test_not_xml_names_the_file_and_line(tmp_path):
    export = _write(tmp_path, "<rss><channel>\n<item>oops</channel>", "broken.xml")
    with pytest.raises(NewsgenError) as caught:
        list(read_wordpress(export, ImportReport(), UTC))
    assert "broken.xml:2" in str(caught.value) and "WordPress" in str(caught.value)
    plain = _write(tmp_path, "Just some text, not an export.\n", "notes.txt")
    with pytest.raises(NewsgenError, match="notes.txt"):
        list(read_wordpress(plain, ImportReport(), UTC))


def test_not_xml_says_its_line_and_column_once(tmp_path):
    """A cut-off export said "bad.xml:1: not well-formed XML (no element
    found: line 1, column 20, column 20)": the parser's own place, then the
    column again. The line is in front, the column said once."""
    export = _write(tmp_path, "<rss><channel><item>", "bad.xml")
    with pytest.raises(NewsgenError) as caught:
        list(read_wordpress(export, ImportReport(), UTC))
    said = str(caught.value)
    assert said.startswith(f"{export}:1: not well-formed XML (no element found, column 20)"), said


def test_xml_that_is_not_wxr(tmp_path):
    export = _write(tmp_path, '<?xml version="1.0"?><rss version="2.0"><channel><title>A feed</title></channel></rss>', "feed.xml")
    with pytest.raises(NewsgenError, match=r"feed\.xml.*not a WordPress export"):
        list(read_wordpress(export, ImportReport(), UTC))


def test_billion_laughs_is_refused(tmp_path):
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
            + "".join(f' <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n' for n in range(1, 10))
            + ']>\n<rss><channel><title>&lol9;</title></channel></rss>\n')
    export = _write(tmp_path, bomb, "bomb.xml")
    with pytest.raises(NewsgenError) as caught:
        list(read_wordpress(export, ImportReport(), UTC))
    assert "bomb.xml" in str(caught.value) and "refused" in str(caught.value)


# ---------------------------------------------------------------- the imported site builds

def test_the_imported_site_builds(tmp_path):
    from generator.cli import main

    site = tmp_path / "site"
    site.mkdir()
    (site / "site.toml").write_text('title = "T"\nbase_url = "https://example.org/"\n', encoding="utf-8")
    _import(FIXTURE, site / "content")
    published = 0
    for path in (site / "content").rglob("*.md"):
        if path.relative_to(site / "content").parts[0] in ("authors", "pages"):  # (pages nest: pages/about/staff.md)
            continue
        front, _ = front_matter(path)
        published += not front.get("draft")
    assert published == 49
    main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00", "--keep-going"])
    output = site / "output"
    sections = {p.name for p in (site / "content").iterdir() if p.is_dir() and p.name not in ("authors", "pages")}
    articles = [p for p in output.rglob("index.html")
                if p.relative_to(output).parts[0] in sections and len(p.relative_to(output).parts) == 6]
    due = published - 1  # the scheduled post, dated 2030-01-01 19:00 UTC, waits past --now
    assert len(articles) / due >= 0.99 and len(articles) <= due, (len(articles), due)
    assert (output / "about" / "index.html").is_file()


def test_the_report_names_the_time_zone_the_posts_were_written_in(tmp_path):
    """The WPTT export's posts were written at UTC−07:00: imported into a
    UTC site, an evening post showed the next day, with no hint (an export
    names no zone, but each item has its local and its UTC date)."""
    items = (_item(1, "Winter", gmt="2020-01-15 03:22:00", local="2020-01-14 22:22:00")
             + _item(2, "Summer", gmt="2020-07-15 03:22:00", local="2020-07-14 23:22:00"))
    export = _write(tmp_path, _wxr(items))
    [line] = [line for line in _import(export, tmp_path / "a").settings if line.startswith("timezone")]
    zone = ZoneInfo(line.split('"')[1])
    assert [datetime(2020, month, 15, 3, 22, tzinfo=UTC).astimezone(zone).utcoffset() for month in (1, 7)] == [timedelta(hours=-5), timedelta(hours=-4)]
    assert "written at UTC−05:00, UTC−04:00" in line and "choose the site's" in line  # New York, Toronto…: any fits
    assert not [line for line in _import(export, tmp_path / "b", ZoneInfo("America/New_York")).settings if line.startswith("timezone")]
    fixed = _write(tmp_path, _wxr(_item(3, "Fixed", gmt="2020-07-15 03:22:00", local="2020-07-14 20:22:00")
                                  + _item(4, "Also", gmt="2020-01-15 03:22:00", local="2020-01-14 20:22:00")), "fixed.xml")
    assert any(line.startswith('timezone = "America/') for line in _import(fixed, tmp_path / "c").settings)  # Phoenix and the like


def test_a_category_keeps_its_name_as_its_sections_title(tmp_path):
    """WordPress's theme unit test data files posts under <category
    nicename="6-1">6.1</category>: the section was titled "6 1", made of the
    slug. A section whose title its slug gives (World News) needs no file."""
    cats = ('<category domain="category" nicename="6-1"><![CDATA[6.1]]></category>',
            '<category domain="category" nicename="world-news"><![CDATA[World News]]></category>',
            '<category domain="category" nicename="economie"><![CDATA[Économie &amp; marchés]]></category>')
    export = _write(tmp_path, _wxr("".join(_item(n, f"Post {n}", extra=cat) for n, cat in enumerate(cats, 1))))
    content = tmp_path / "content"
    _import(export, content)
    assert sorted(p.relative_to(content).as_posix() for p in content.rglob("_index.md")) == ["6-1/_index.md", "economie/_index.md"]
    assert front_matter(content / "6-1" / "_index.md")[0] == {"title": "6.1"}
    assert front_matter(content / "economie" / "_index.md")[0] == {"title": "Économie & marchés"}


def test_a_child_page_keeps_its_place_under_its_parents(tmp_path):
    """WordPress's theme unit test data nests pages (/level-1/level-2/level-3/):
    each became pages/level-3.md, at /level-3/, and two child pages of one
    name under different parents (/sports/contact/, /news/contact/) shared a URL."""
    def page(post_id, title, path, parent):
        return _item(post_id, title, post_type="page", name=path.rsplit("/", 1)[-1]).replace(
            f"https://example.com/2020/05/01/{path.rsplit('/', 1)[-1]}/", f"https://example.com/{path}/").replace(
            "<wp:post_parent>0</wp:post_parent>", f"<wp:post_parent>{parent}</wp:post_parent>")
    export = _write(tmp_path, _wxr("".join([
        page(1, "Level 1", "level-1", 0), page(2, "Level 2", "level-1/level-2", 1), page(3, "Level 3", "level-1/level-2/level-3", 2),
        page(4, "Sports", "sports", 0), page(5, "Contact sports", "sports/contact", 4),
        page(6, "News", "news", 0), page(7, "Contact news", "news/contact", 6),
    ])))
    from generator.cli import main

    site = tmp_path / "site"
    content = site / "content"
    _import(export, content)
    made = sorted(p.relative_to(content).as_posix() for p in content.rglob("*.md"))
    assert made == ["pages/level-1.md", "pages/level-1/level-2.md", "pages/level-1/level-2/level-3.md", "pages/news.md",
                    "pages/news/contact.md", "pages/sports.md", "pages/sports/contact.md"], made
    # Published at their old URLs (a `slug:` had put each child page at /level-3/, /contact/).
    (site / "site.toml").write_text('title = "T"\nbase_url = "https://example.org/"\n', encoding="utf-8")
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00"]) == 0
    for path in ("level-1/level-2/level-3", "sports/contact", "news/contact"):
        assert "<h1" in (site / "output" / path / "index.html").read_text(encoding="utf-8")


def test_a_category_named_as_a_newsgen_page_is_a_tag_not_a_section(tmp_path):
    """CC Labs files "CCSearch Testing Progress" under the category
    `search`: its section's page would be newsgen's search page, and the
    build of all 219 posts failed; `authors` made the story an author file."""
    category = '<category domain="category" nicename="{0}"><![CDATA[{1}]]></category>'
    export = _write(tmp_path, _wxr("".join([
        _item(1, "CCSearch Testing Progress", extra=category.format("search", "Search")),
        _item(2, "Staff", extra=category.format("authors", "Authors") + category.format("labs", "Labs")),
    ])))
    content = tmp_path / "content"
    report = _import(export, content)
    files = _by_wordpress_id(content)
    assert files[1][0].parent.name == "news" and files[1][1]["tags"] == ["Search"]
    assert files[2][0].parent.name == "labs" and files[2][1]["tags"] == ["Authors"]
    assert any(origin == "WordPress category Search" and "/search/" in why for origin, why in report.changed)
    assert not (content / "search").exists()


def test_the_line_after_a_rule_is_one_paragraph(tmp_path):
    """abhinemani/blog's WordPress 3.6 export: footnotes pasted from Word,
    `<hr size="1" /><a href="#_ftnref1">[1]</a> Obama, … <em>New York Times,
    </em>July 8, 2008.` on one line, were six paragraphs. wpautop breaks the
    line after an <hr> and wraps the rest in one <p>, as a browser shows it
    (with the rule's attributes too)."""
    body = ('He said it.<a href="#_ftn1">[1]</a>\n\n<hr size="1" /><a href="#_ftnref1">[1]</a> Obama, as quoted, '
            '<em>New York Times, </em>July 8, 2008.\nAnother line.\n\n<hr />Plain rule, then <strong>text</strong>.')
    content = tmp_path / "content"
    _import(_write(tmp_path, _wxr(_item(1, "Notes", body=body))), content)
    [(_, _, text)] = _by_wordpress_id(content).values()
    paragraphs = [block for block in text.strip().split("\n\n") if not block.startswith(("<hr", "---"))]
    assert paragraphs[1:] == ['[\\[1\\]](#_ftnref1) Obama, as quoted, *New York Times,* July 8, 2008\\.  \nAnother line.',
                              "Plain rule, then **text**."], paragraphs


def test_syntaxhighlighters_code_shortcodes_are_fenced_code_in_their_language(tmp_path):
    """SyntaxHighlighter Evolved (which WordPress.com runs) shows the body of
    [sourcecode language="python"], [code], [source] and [python] exactly as
    written, before wpautop sees it. The import sent it through wpautop and
    the HTML's conversion as prose (indentation gone, `<Say>` an element)
    and left the tags on the page (mbmccormick's 22 blocks, andysprague44's 14)."""
    encoded = "<wp:postmeta><wp:meta_key>_syntaxhighlighter_encoded</wp:meta_key><wp:meta_value>1</wp:meta_value></wp:postmeta>"
    body = ('Take a look:\n\n[sourcecode language="python"]\ndef post(self):\n    if x == "a" and y < 2:\n'
            '        self.write("<Say>hi</Say>")\n[/sourcecode]\n\n'
            '<pre>[code lang="xml"]\n&lt;button id=&quot;refresh&quot; /&gt;\n[/code]</pre>\n\n'
            "[bash]\necho &quot;hi&quot; &gt;&gt; log\n\n\nls\n[/bash]\n\n[[sourcecode]] is how to write one.")
    export = _write(tmp_path, _wxr(_item(1, "Code", body=body, extra=encoded)))
    content = tmp_path / "content"
    report = _import(export, content)
    text = _by_wordpress_id(content)[1][2]
    assert text == ('Take a look:\n\n```python\ndef post(self):\n    if x == "a" and y < 2:\n        self.write("<Say>hi</Say>")\n```\n\n'
                    '```xml\n<button id="refresh" />\n```\n\n```bash\necho "hi" >> log\n\n\nls\n```\n\n'
                    "[sourcecode] is how to write one.\n")
    assert report.converted["[sourcecode]"] == 1 and report.converted["[code]"] == 1 and report.converted["[bash]"] == 1
    assert not report.shortcodes_left


def test_jetpacks_gist_shortcode_becomes_a_link_to_the_gist(tmp_path):
    """Jetpack's [gist id=ID], [gist URL] and [gist]URL[/gist] show the gist;
    newsgen has no embeds, and left the shortcode as text (mbmccormick's 23):
    each is a link to the gist, as the Hugo import makes of Hugo's gist."""
    body = ("[gist id=627462]\n\n[gist https://gist.github.com/mbm/1229797 file=\"Main.cs\"]\n\n"
            "[gist id=not-a-gist]")
    # (WordPress reads an enclosing [gist]…[/gist] as the whole text from the post's first [gist]: one of its own.)
    items = _item(1, "Gists", body=body) + _item(2, "Enclosing", body="[gist]https://gist.github.com/ed/a1b2c3[/gist]")
    export = _write(tmp_path, _wxr(items))
    content = tmp_path / "content"
    report = _import(export, content)
    stories = _by_wordpress_id(content)
    assert stories[1][2] == ("[The gist on GitHub](https://gist.github.com/627462)\n\n"
                             "[Gist by mbm](https://gist.github.com/mbm/1229797#file-main-cs)\n\n[gist id=not-a-gist]\n")
    assert stories[2][2] == "[Gist by ed](https://gist.github.com/ed/a1b2c3)\n"
    assert report.converted["[gist]"] == 3 and report.shortcodes_left == {"[gist]": 1}


def test_a_featured_image_not_in_the_export_is_reported(tmp_path):
    """A post's `_thumbnail_id` naming an attachment the export lacks (four of
    andysprague44's posts) lost the lead image without a word, where the other
    importers report a lead image not in the source."""
    thumbnail = "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>36</wp:meta_value></wp:postmeta>"
    export = _write(tmp_path, _wxr(_item(1, "Lead", extra=thumbnail)))
    report = _import(export, tmp_path / "content")
    assert report.changed == [("WordPress item 1", "its featured image, attachment 36, is not in the export: the story "
                                                   "has no lead image; set `image:` to the picture")]
    assert any("attachment 36, is not in the export" in line for line in report.lines())


def test_approved_comments_are_counted_in_the_report(tmp_path):
    """An export carries each post's comments (mbmccormick's 46, andysprague44's
    19); newsgen publishes none, and dropped them without a word."""
    def comment(approved: str) -> str:
        return (f"<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_content><![CDATA[Nice]]></wp:comment_content>"
                f"<wp:comment_approved>{approved}</wp:comment_approved></wp:comment>")

    items = _item(1, "One", extra=comment("1") + comment("0") + comment("spam")) + _item(2, "Two", extra=comment("1"))
    report = _import(_write(tmp_path, _wxr(items)), tmp_path / "content")
    line = "WordPress comments: 2 approved comments on the imported posts and pages not imported: newsgen publishes no comments"
    assert report.skipped == [tuple(line.split(": ", 1))]
    assert f"    {line}" in report.lines()


def test_a_gutenberg_code_blocks_language_stays(tmp_path):
    """A Gutenberg code block's language is only in its comment
    (`<!-- wp:code {"language":"xml"} -->`, SyntaxHighlighter's
    `<!-- wp:syntaxhighlighter/code {"language":"csharp"} -->`, 28 of
    andysprague44's blocks), and went with the comment."""
    body = ('<!-- wp:code {"language":"xml"} -->\n<pre class="wp-block-code"><code>&lt;a href="x"/&gt;</code></pre>\n'
            '<!-- /wp:code -->\n\n<!-- wp:syntaxhighlighter/code {"language":"csharp","lineNumbers":false} -->\n'
            '<pre class="wp-block-syntaxhighlighter-code">var x = a &lt; b;\n  return x;</pre>\n'
            '<!-- /wp:syntaxhighlighter/code -->')
    export = _write(tmp_path, _wxr(_item(1, "Blocks", body=body)))
    content = tmp_path / "content"
    _import(export, content)
    text = _by_wordpress_id(content)[1][2]
    assert '<pre class="wp-block-code language-xml"><code>' in text
    assert '<pre class="wp-block-syntaxhighlighter-code language-csharp">var x = a &lt; b;\n  return x;</pre>' in text


def test_a_draft_without_a_post_name_is_named_as_wordpress_names_it(tmp_path):
    """A draft has no post_name until it is published; WordPress then makes
    one of its title with sanitize_title, which drops apostrophes: "It's the
    economy, stupid" is its-the-economy-stupid (abhinemani's export), not it-s-…"""
    export = _write(tmp_path, _wxr(_item(1, "It’s the economy, stupid", status="draft", name="")
                                   + _item(2, "Don't panic", status="draft", name="")))
    content = tmp_path / "content"
    _import(export, content)
    found = _by_wordpress_id(content)
    assert (found[1][1]["slug"], found[2][1]["slug"]) == ("its-the-economy-stupid", "dont-panic"), found


def test_the_old_sites_archive_and_feed_pages_redirect_to_newsgens_after_an_import(tmp_path, capsys):
    """A WordPress site's tag, category, author and date archives, and its
    feeds (/feed/, /tag/x/feed/), are linked from everywhere and subscribed
    to; after an import they went 404. They are recorded under [moved] in
    urls.toml, each to newsgen's page of the same, and a first build
    redirects every one of them to a page it publishes."""
    from generator.cli import main

    site, moved = imported_with_moved(tmp_path, capsys, "wordpress", FIXTURE)
    assert moved['"/tag/8bit/"'] == '"/tags/8bit/"' and moved['"/tag/8bit/feed/"'] == '"/tags/8bit/feed.xml"'
    # A child category's archive is under its parent's; a category that is a section has the section's page.
    assert moved['"/category/parent-category/child-category-01/"'] == '"/tags/child-category-01/"'
    assert moved['"/category/classic/"'] == '"/classic/"'
    # Only a scheduled post has "Unpublished" as its section: a published one shows it as a tag.
    assert moved['"/category/unpublished/"'] == '"/tags/unpublished/"'
    assert moved['"/feed/"'] == '"/feed.xml"' and moved['"/feed/atom/"'] == '"/atom.xml"' and moved['"/?feed=rss2"'] == '"/feed.xml"'
    assert moved['"/author/themedemos/"'] == '"/authors/themedemos/"' and moved['"/2010/01/"'] == '"/archive/2010/01/"'
    # A line the site changed stays as it is when the import runs again.
    ledger = (site / "urls.toml").read_text(encoding="utf-8")
    (site / "urls.toml").write_text(ledger.replace('"/feed/" = "/feed.xml"', '"/feed/" = "/atom.xml"'), encoding="utf-8")
    assert main(["import", "--from", "wordpress", str(FIXTURE), "--site", str(site)]) == 0
    assert '"/feed/" = "/atom.xml"' in (site / "urls.toml").read_text(encoding="utf-8")
    redirects = redirects_built(site, capsys)
    assert "\n/tag/8bit/feed/ /tags/8bit/feed.xml 301\n" in redirects and "\n/category/classic/ /classic/ 301\n" in redirects
