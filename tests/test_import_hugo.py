"""Importing the Hugo fixture (cds-snc/digital-canada-ca and GSA/digitalgov.gov, see its LICENSE.md) and small made-up sites."""

import re
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.build import SiteBuilder
from generator.config import load_config
from generator.content.model import BuildMode
from generator.content.template_syntax import find_template_syntax
from generator.importers.common import ImportReport, write_import
from generator.importers.hugo import read_hugo

from .conftest import NOW, front_matter, imported_with_moved, redirects_built, write_tree

SITE = Path(__file__).parent / "fixtures" / "import" / "hugo-site"
# digital.gov's own shortcodes: no general static form, left in the text (the build warns).
UNCONVERTIBLE = {"note", "button", "quote-block"}


def _import(site, content):
    report = ImportReport()
    write_import(content, list(read_hugo(site, report, ZoneInfo("UTC"))), report)
    return report


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    content = tmp_path_factory.mktemp("site") / "content"
    return content, _import(SITE, content)


def test_every_post_becomes_a_story(imported):
    content, report = imported
    posts = [p for p in (SITE / "content").rglob("*.md") if p.name != "_index.md"]
    assert len(posts) == 30
    assert report.stories() == len(posts) and report.written["section"] == 2
    assert len([p for p in content.rglob("*.md") if p.name[0] != "_"]) == len(posts)


def test_bilingual_language_and_translation_key(imported):
    content, _ = imported
    en, _ = front_matter(content / "blog" / "lexicon.md")
    fr, _ = front_matter(content / "blog" / "lexique.md")
    assert (en["language"], fr["language"]) == ("en", "fr")
    assert en["translation_key"] == fr["translation_key"] == "lexicon"
    assert en["date"] == fr["date"] == "2018-08-17T09:00:00-04:00"
    keys = {}
    for path in (content / "blog").glob("*.md"):
        if path.name[0] != "_":
            front, _ = front_matter(path)
            keys.setdefault(front["translation_key"], set()).add(front["language"])
    assert len(keys) == 12 and all(langs == {"en", "fr"} for langs in keys.values())
    # Both languages' blog/_index.md would land on one target: the French one gets the suffix.
    assert front_matter(content / "blog" / "_index.md")[0]["language"] == "en"
    assert front_matter(content / "blog" / "_index.fr.md")[0]["language"] == "fr"  # as Hugo names it, and the build reads it


def test_a_byline_with_a_comma_is_one_byline(imported):
    """Hugo shows `author: 'Aaron Snow, CEO'` as it is: one byline, not two authors."""
    content, _ = imported
    front, _ = front_matter(content / "blog" / "we-love-a-good-challenge.md")
    assert front["author"] == "Aaron Snow, CEO" and "authors" not in front


def test_old_urls_from_permalinks_and_aliases(imported):
    content, _ = imported
    assert front_matter(content / "blog" / "lexique.md")[0]["aliases"] == ["/2018/08/17/lexique/"]
    news, _ = front_matter(content / "news" / "2015-09-16-using-plain-language-to-write-for-the-web.md")
    # No permalink for news: Hugo's URL is the file's folders with the slug for its name.
    assert news["aliases"] == ["/news/2015/09/using-plain-language-to-write-for-the-web/"]
    assert news["expires"] == "2025-01-01T00:00:00+00:00" or news["expires"].startswith("2025-01-01")
    assert news["author"] == "awichman" and news["tags"] == ["communication", "plain-language"]


def test_draft(imported):
    content, report = imported
    assert front_matter(content / "news" / "2018-01-18-section-508-refresh.md")[0]["draft"] is True
    assert report.written["draft"] == 1


def test_shortcodes_converted_and_counted(imported):
    content, report = imported
    left = [f for p in content.rglob("*.md") for f in find_template_syntax(p.read_text(encoding="utf-8"))]
    names = {re.match(r"\{\{[<%]\s*/?\s*([\w-]+)", f.text)[1] for f in left}
    assert names <= UNCONVERTIBLE
    assert sum(report.left.values()) == len(left)
    raw = "".join(p.read_text(encoding="utf-8") for p in (SITE / "content").rglob("*.md"))
    assert report.converted["Hugo youtube"] == raw.count("{{< youtube")
    assert report.converted["Hugo tweet"] == raw.count("{{< tweet")
    assert report.converted["Hugo highlight"] == raw.count("{{< highlight")
    body = (content / "news" / "2019-10-10-a-new-version-frbs-money-adventure-app-helps-expand-digital-outreach.md").read_text()
    assert "[Introducing the Money Adventure Android App](https://www.youtube.com/watch?v=Z4XCkDhve20)" in body


def test_slug_and_build_options_are_read_as_hugo_reads_them(tmp_path):
    site = tmp_path / "src"
    (site / "content" / "post").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "https://e.org/"\n[permalinks]\npost = "/:year/:month/:day/:slug/"\n')
    (site / "content" / "post" / "2019-05-15-oak-file.md").write_text("---\ntitle: Oak\ndate: 2019-05-15\nslug: Introducing-Oak\n---\nText.\n")  # Hugo lowers paths
    (site / "content" / "post" / "hidden.md").write_text("---\ntitle: Hidden\ndate: 2020-01-07\n_build: {render: never, list: never}\n---\nText.\n")
    content = tmp_path / "content"
    _import(site, content)
    oak, _ = front_matter(content / "post" / "2019-05-15-oak-file.md")
    assert oak["slug"] == "introducing-oak" and oak["aliases"] == ["/2019/05/15/introducing-oak/"]
    assert front_matter(content / "post" / "hidden.md")[0]["draft"] is True


@pytest.mark.parametrize("ugly, expected", [("", ["/2020/01/02/hello/", "/fr/2020/01/02/bonjour/"]),
                                             ("[uglyURLs]\npost = true\n", ["/2020/01/02/hello.html", "/fr/2020/01/02/bonjour.html"])])
def test_a_config_folder_with_a_file_per_language(tmp_path, ugly, expected):
    """Let's Encrypt's site: config/_default/hugo.toml, languages.en.toml and
    languages.fr.toml (each language's tables, Hugo puts them under
    languages.LANG), one content folder per language, and ugly URLs for posts."""
    site = tmp_path / "src"
    config = site / "config" / "_default"
    config.mkdir(parents=True)
    (config / "hugo.toml").write_text('baseURL = "https://e.org/"\ndefaultContentLanguage = "en"\n'
                                      f'[permalinks]\npost = "/:year/:month/:day/:slug/"\n{ugly}')
    for language, weight, title in (("en", 1, "hello"), ("fr", 2, "bonjour")):
        (config / f"languages.{language}.toml").write_text(f'contentDir = "content/{language}"\nweight = {weight}\n')
        (site / "content" / language / "post").mkdir(parents=True)
        (site / "content" / language / "post" / f"2020-01-02-{title}.md").write_text(f"---\ntitle: {title}\ndate: 2020-01-02\nslug: {title}\n---\nText.\n")
    content = tmp_path / "content"
    _import(site, content)
    en, fr = (front_matter(content / "post" / f"2020-01-02-{title}.md")[0] for title in ("hello", "bonjour"))
    assert (en["language"], fr["language"]) == ("en", "fr")
    assert [en["aliases"][0], fr["aliases"][0]] == expected
    if ugly:  # and where hosts serve x.html, as the site's own links name it
        assert en["aliases"][1] == "/2020/01/02/hello"


def test_an_html_content_file_is_imported_and_shown_as_hugo_shows_it(tmp_path, capsys):
    """Let's Encrypt's 2022-04-13-receiving-the-levchin-prize.html: Hugo
    publishes HTML content files as they are; the importer skipped them unsaid."""
    from generator.cli import main

    source = tmp_path / "src"
    (source / "content" / "post").mkdir(parents=True)
    (source / "hugo.toml").write_text('baseURL = "https://e.org/"\n')
    (source / "content" / "post" / "2022-04-13-prize.html").write_text(
        "---\ntitle: Prize\ndate: 2022-04-13\n---\n<p>We won the *prize*.</p>\n\n    <p>Indented, not code.</p>\n")
    site = tmp_path / "site"
    site.mkdir()
    (site / "site.toml").write_text('title = "T"\nbase_url = "https://example.org/"\n')
    report = _import(source, site / "content")
    assert report.stories() == 1 and not report.skipped
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00"]) == 0, capsys.readouterr().err
    [page] = (site / "output" / "post").rglob("prize/index.html")
    html = page.read_text()
    assert "<p>We won the *prize*.</p>" in html and "<pre" not in html


def test_dots_in_a_file_name_stay_in_its_url(tmp_path):
    """twbs/blog's bootstrap-4.6.0.md and bootstrap-4.6.1.md: cut at the last
    dot as if .0 were a language, they became one post, the other lost."""
    site = tmp_path / "src"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "https://e.org/"\n[permalinks]\nposts = "/:year/:month/:filename/"\n')
    for number, day in (("0", 1), ("1", 2)):
        (site / "content" / "posts" / f"release-1.2.{number}.md").write_text(f"---\ntitle: R{number}\ndate: 2021-03-0{day}\n---\nText.\n")
    (site / "content" / "posts" / "notes.fr.md").write_text("---\ntitle: Notes\ndate: 2021-03-03\n---\nTexte.\n")
    content = tmp_path / "content"
    _import(site, content)
    assert sorted(p.name for p in (content / "posts").glob("*.md")) == ["notes.md", "release-1-2-0.md", "release-1-2-1.md"]
    assert front_matter(content / "posts" / "release-1-2-1.md")[0]["aliases"] == ["/2021/03/release-1.2.1/"]


def test_an_image_named_by_a_reference_definition_is_copied(tmp_path):
    """grpc.io's `![snapshot][s]` with `[s]: /img/dashboard.png`: not copied,
    the build then left the story out for a missing image."""
    site = tmp_path / "src"
    (site / "content" / "blog").mkdir(parents=True)
    (site / "static" / "img").mkdir(parents=True)
    (site / "static" / "img" / "dashboard.png").write_bytes(b"png")
    (site / "hugo.toml").write_text('baseURL = "https://e.org/"\n')
    (site / "content" / "blog" / "bench.md").write_text("---\ntitle: Bench\ndate: 2021-03-01\n---\n![snapshot][s]\n\n[s]: /img/dashboard.png\n")
    content = tmp_path / "content"
    report = _import(site, content)
    assert (content / "img" / "dashboard.png").read_bytes() == b"png" and not report.missing_assets


def test_content_mounted_by_a_module_is_read_and_none_is_an_error(tmp_path):
    """twbs/blog mounts src/content as content: the import said 'nothing new'."""
    from generator.errors import NewsgenError

    site = tmp_path / "src"
    (site / "src" / "content" / "posts").mkdir(parents=True)
    (site / "hugo.yml").write_text("baseURL: https://e.org/\nmodule:\n  mounts:\n    - source: src/content\n      target: content\n")
    (site / "src" / "content" / "posts" / "hello.md").write_text("---\ntitle: Hello\ndate: 2021-03-01\n---\nText.\n")
    assert _import(site, tmp_path / "content").stories() == 1
    (site / "hugo.yml").write_text("baseURL: https://e.org/\n")
    with pytest.raises(NewsgenError, match="no content folder"):
        _import(site, tmp_path / "other")


def test_a_link_relative_to_the_old_page_url_still_leads_there(tmp_path, capsys):
    """grpc.io writes `[b](../b/)` in posts/a.md, read by browsers from the
    page /posts/a/: read from the file's folder it led to /b/, a broken link."""
    from generator.cli import main

    source = tmp_path / "src"
    (source / "content" / "posts").mkdir(parents=True)
    (source / "hugo.toml").write_text('baseURL = "https://e.org/"\n')
    (source / "content" / "posts" / "a.md").write_text("---\ntitle: A\ndate: 2021-03-01\n---\nSee [b](../b/), `[c](../c/)`, [i]({{ site.repo }}/i/1) and ![m](map.png).\n")
    (source / "content" / "posts" / "b.md").write_text("---\ntitle: B\ndate: 2021-03-02\n---\nText.\n")
    site = tmp_path / "site"
    site.mkdir()
    (site / "site.toml").write_text('title = "T"\nbase_url = "https://example.org/"\n')
    _import(source, site / "content")
    body = front_matter(site / "content" / "posts" / "a.md")[1]
    assert "[b](/posts/b/)" in body and "`[c](../c/)`" in body and "(map.png)" in body  # code and files as written
    assert "[i]({{ site.repo }}/i/1)" in body  # and template syntax, which the build warns of
    capsys.readouterr()
    (site / "content" / "posts" / "map.png").write_bytes(b"\x89PNG\r\n")
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00"]) == 0
    said = capsys.readouterr().err
    assert "is broken" not in said and "template syntax" in said  # the template's link is warned of once, as template syntax


def test_rerun_writes_nothing_new(imported):
    content, _ = imported
    again = _import(SITE, content)
    assert sum(again.written.values()) == 0 and len(again.present) == 32


def test_small_site_bundles_suffixes_toml_and_refs(tmp_path):
    site = tmp_path / "src"
    (site / "content" / "post" / "my-post").mkdir(parents=True)
    (site / "static" / "img").mkdir(parents=True)
    (site / "static" / "img" / "a.png").write_bytes(b"png")
    (site / "hugo.toml").write_text('baseURL = "https://e.org/"\ndefaultContentLanguage = "en"\n'
                                    '[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n')
    (site / "content" / "post" / "my-post" / "index.md").write_text(
        '+++\ntitle = "Mine"\ndate = 2024-01-02T03:04:05Z\npublishDate = 2024-02-01T00:00:00Z\n'
        'expiryDate = 2025-01-01\naliases = ["/old/mine/"]\n+++\n![a](/img/a.png) ![c](cover.jpg) [b]({{< ref "other" >}})\n')
    (site / "content" / "post" / "my-post" / "cover.jpg").write_bytes(b"jpg")
    (site / "content" / "post" / "other.md").write_text('{"title": "Other", "date": "2024-01-01", "draft": true}\nText\n')
    (site / "content" / "post" / "other.fr.md").write_text('---\ntitle: Autre\ndate: 2024-01-01\n---\nTexte\n')
    content = tmp_path / "content"
    report = _import(site, content)
    front, body = front_matter(content / "post" / "my-post" / "index.md")
    assert front["date"] == "2024-02-01"  # midnight: a day written as a moment
    assert front["expires"].startswith("2025-01-01")
    assert front["aliases"] == ["/post/my-post/", "/old/mine/"]
    assert "[b](../other.md)" in body
    assert (content / "img" / "a.png").read_bytes() == b"png"
    assert (content / "post" / "my-post" / "cover.jpg").read_bytes() == b"jpg"
    other, _ = front_matter(content / "post" / "other.md")
    autre, _ = front_matter(content / "post" / "other-fr.md")
    assert other["draft"] is True and other["translation_key"] == autre["translation_key"] == "post/other"
    assert autre["language"] == "fr" and autre["aliases"] == ["/fr/post/other/"]
    assert report.converted["Hugo ref"] == 1


def test_end_to_end_build(tmp_path):
    from generator.cli import main

    site = tmp_path / "site"
    site.mkdir()
    (site / "site.toml").write_text('title = "T"\nbase_url = "https://example.org/"\n')
    report = _import(SITE, site / "content")
    main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00", "--keep-going"])
    stories = [p for p in (site / "content").rglob("*.md") if p.name[0] != "_" and not front_matter(p)[0].get("draft")]
    assert len(stories) == report.written["story"] == 29
    # digital.gov set expiryDate on old news: expired at --now, rightly not published.
    expired = [p for p in stories if str(front_matter(p)[0].get("expires", "9999")) < "2030"]
    assert len(expired) == 3
    stories = [p for p in stories if p not in expired]
    built_dirs = {p.parent.name for p in (site / "output").rglob("index.html")}
    built = [p for p in stories if re.sub(r"^\d{4}-\d{2}-\d{2}-", "", p.stem) in built_dirs]
    assert len(built) >= 0.99 * len(stories), sorted(p.name for p in stories if p not in built)


def test_authors_undated_files_folder_pages_and_image_mappings(tmp_path):
    """digital.gov's shapes: author term pages, dateless pages in section
    folders, a sub-folder's _index.md, and `image:` as a mapping."""
    site = tmp_path / "src"
    for folder in ("content/authors/eric-mill", "content/communities", "content/guides/hcd", "content/news", "static/img"):
        (site / folder).mkdir(parents=True)
    (site / "config.yml").write_text('baseURL: "https://e.org/"\n')
    (site / "static/img/lead.png").write_bytes(b"png")
    (site / "content/authors/_index.md").write_text("---\ntitle: Authors\n---\n")
    (site / "content/authors/eric-mill/_index.md").write_text(
        "---\ndisplay_name: Eric Mill\nfirst_name: Eric\ngithub: konklone\n---\nWrites about HTTPS.\n")
    (site / "content/communities/video.md").write_text("---\ntitle: Video community\nslug: video\n---\nJoin us.\n")
    (site / "content/guides/hcd/_index.md").write_text("---\ntitle: HCD guide\n---\nThe guide.\n")
    (site / "content/news/2024-01-02-https.md").write_text(
        "---\ntitle: HTTPS\nauthors: [eric-mill]\nimage: {src: /img/lead.png, alt: A padlock}\n---\n"
        "See [the guide]({{< ref \"/guides/hcd/_index.md\" >}}) and [video]({{< ref \"/communities/video.md\" >}}).\n\n"
        "![lead]({{ \"img/lead.png\" | relURL }}) ![again]({{ absURL \"/img/lead.png\" }})\n")
    content = tmp_path / "site" / "content"
    report = _import(site, content)
    author, bio = front_matter(content / "authors" / "eric-mill.md")
    assert author["name"] == "Eric Mill" and author["extra"]["github"] == "konklone" and "HTTPS" in bio
    page, _ = front_matter(content / "pages" / "communities" / "video.md")
    assert page["title"] == "Video community" and "/communities/video/" in page["aliases"]
    assert front_matter(content / "pages" / "guides" / "hcd.md")[0]["title"] == "HCD guide"
    story, body = front_matter(content / "news" / "2024-01-02-https.md")
    assert story["image"] == "/img/lead.png" and story["image_alt"] == "A padlock"
    assert "(../pages/guides/hcd.md)" in body and "(../pages/communities/video.md)" in body
    assert "![lead](/img/lead.png) ![again](/img/lead.png)" in body and report.converted["Hugo relURL/absURL"] == 2
    assert {why for _, why in report.skipped} == {"the authors' list page: newsgen makes that list"}

    from generator.cli import main

    (content.parent / "site.toml").write_text('title = "T"\nbase_url = "https://example.org/"\n')
    assert main(["build", "--site", str(content.parent), "--now", "2030-01-01T00:00:00+00:00"]) == 0
    out = content.parent / "output"
    assert (out / "communities/video/index.html").is_file() and (out / "guides/hcd/index.html").is_file()
    html = (out / "news/2024/01/02/https/index.html").read_text()
    assert "Eric Mill" in html and 'href="../../../../../guides/hcd/"' in html
    footer = (out / "index.html").read_text().split("<footer", 1)[1]
    assert "Video community" not in footer  # a section's page, not one of the site's own


def test_a_file_the_converter_cannot_handle_is_skipped_with_why(tmp_path, monkeypatch):
    """One odd file in thousands must not stop the import (nor end in a traceback)."""
    from generator.importers import hugo

    site = tmp_path / "src"
    (site / "content" / "news").mkdir(parents=True)
    for name in ("a", "b"):
        (site / "content" / "news" / f"2024-01-02-{name}.md").write_text(f"---\ntitle: {name}\n---\nText {name}.\n")
    real = hugo.convert_markup

    def convert(body, **kwargs):
        if "Text b" in body:
            raise ValueError("unexpected shape")
        return real(body, **kwargs)

    monkeypatch.setattr(hugo, "convert_markup", convert)
    content = tmp_path / "content"
    report = _import(site, content)
    assert (content / "news" / "2024-01-02-a.md").is_file() and not (content / "news" / "2024-01-02-b.md").exists()
    [(origin, why)] = report.skipped
    assert origin == "content/news/2024-01-02-b.md" and "ValueError: unexpected shape" in why


def _hugo_site(tmp_path, config: str, files: dict[str, str | bytes]) -> Path:
    return write_tree(tmp_path / "src", {"hugo.toml": 'baseURL = "https://e.org/"\n' + config, **files})


def test_front_matter_keys_in_any_case_as_hugo_reads_them(tmp_path):
    """kubernetes.dev writes `Author:` and `Description:`; Hugo reads keys in
    any case, so `Draft: true` is a draft. The importer read them as
    unknown keys: the draft was published, the byline and dek lost."""
    site = _hugo_site(tmp_path, "", {
        "content/news/secret.md": "---\nTitle: Secret\nDate: 2021-03-05\nDraft: true\n---\nText.\n",
        "content/news/first.md": "---\nTitle: First\nDate: 2021-03-06\nAuthor: Ann Lee\nDescription: The dek.\nTags: [a, b]\n---\nText.\n",
        "content/news/book-club.md": "------\ntitle: Book club\ndate: 2021-03-07\n---\nText.\n",  # as Hugo reads it
    })
    content = tmp_path / "content"
    _import(site, content)
    secret, _ = front_matter(content / "news" / "secret.md")
    first, _ = front_matter(content / "news" / "first.md")
    assert secret["draft"] is True and secret["title"] == "Secret"
    assert (first["title"], first["author"], first["summary"], first["tags"]) == ("First", "Ann Lee", "The dek.", ["a", "b"])
    assert first["date"].startswith("2021-03-06") and "extra" not in first
    assert front_matter(content / "news" / "book-club.md")[0]["title"] == "Book club"


@pytest.mark.parametrize("budget, bridge", [
    ("--- # the budget story", "+++  # TOML"),
    ("---#the budget story", "+++#TOML"),  # written close to the fence: the rest of its line is still the comment
])
def test_a_comment_after_the_opening_fence_is_read_as_hugo_reads_it(tmp_path, budget, bridge):
    """Hugo reads the front matter after `--- # a comment` or `---#a comment`
    (the rest of the line is the YAML's, and a comment there), and after
    `+++ # one` TOML's: the importer took such a file for one without front
    matter, a page titled by its name, its keys shown as its text."""
    site = _hugo_site(tmp_path, "", {
        "content/news/budget.md": f"{budget}\ntitle: Budget passes\ndate: 2021-03-08\n---\nText.\n",
        "content/news/bridge.md": f'{bridge}\ntitle = "Bridge opens"\ndate = 2021-03-09\n+++\nText.\n',
    })
    content = tmp_path / "content"
    _import(site, content)
    budget, body = front_matter(content / "news" / "budget.md")
    assert budget["title"] == "Budget passes" and budget["date"].startswith("2021-03-08") and body.strip() == "Text."
    assert front_matter(content / "news" / "bridge.md")[0]["title"] == "Bridge opens"


@pytest.mark.parametrize("name, text, kind", [
    ("hugo.toml", 'baseURL = "https://e.org/\ntitle = "x"\n', "TOML"),
    ("config.yaml", "title: [unclosed\n", "YAML"),
    ("config.json", '{"title": }\n', "JSON"),
    ("config/_default/hugo.toml", "title = \n", "TOML"),
    ("hugo.toml", b"title = \"\xff\"\n", "UTF-8"),
])
def test_a_config_that_cannot_be_read_is_an_error_naming_it(tmp_path, capsys, name, text, kind):
    """A hugo.toml with an unclosed string stopped the import with
    "internal error (TOMLDecodeError: ...)": a traceback's words, without the
    file. As a Jekyll config's, it is an error naming the file, what is wrong
    at which line, and what to do."""
    from generator.cli import main

    source = write_tree(tmp_path / "src", {name: text, "content/post/a.md": "---\ntitle: A\ndate: 2020-01-01\n---\nx\n"})
    site = write_tree(tmp_path / "site", {"site.toml": 'title = "T"\nbase_url = "https://example.org/"\n'})
    assert main(["import", "--from", "hugo", str(source), "--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(str(source / name)) and kind in err and "internal error" not in err, err
    assert "correct it in the source" in err or "save it as UTF-8" in err, err


def test_stories_of_one_name_in_two_folders_both_arrive_at_their_old_urls(tmp_path):
    """news/2019/results.md and news/2020/results.md: the second was not
    imported, the report said it was 'already in content/', and both old
    URLs lost their folders (Hugo's URL is every folder under content/)."""
    site = _hugo_site(tmp_path, "", {
        "content/news/2019/results.md": "---\ntitle: Results 2019\ndate: 2019-11-06\n---\nOld.\n",
        "content/news/2020/results.md": "---\ntitle: Results 2020\ndate: 2020-11-04\n---\nNew.\n",
        "content/post/2020/05/hello.md": "---\ntitle: Hello\ndate: 2020-05-01\naliases: [old-hello]\n---\nHi.\n",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    assert report.stories() == 3 and not report.present
    assert front_matter(content / "news" / "2019" / "results.md")[0]["aliases"] == ["/news/2019/results/"]
    assert front_matter(content / "news" / "2020" / "results.md")[0]["aliases"] == ["/news/2020/results/"]
    # An alias without its slash is in the page's folder, as Hugo resolves it.
    assert front_matter(content / "post" / "hello.md")[0]["aliases"] == ["/post/2020/05/hello/", "/post/2020/05/old-hello/"]


def test_a_relative_alias_is_beside_the_pages_url_folder_for_a_section_as_for_a_leaf(tmp_path):
    """opentelemetry.io's docs/collector/install/_index.md has `aliases:
    [installation]`, which Hugo serves at /docs/collector/installation/
    (beside the section's folder, as a leaf's relative alias is beside its
    page); the import put it inside, /docs/collector/install/installation,
    and the blog's links to the old URL broke."""
    site = _hugo_site(tmp_path, "", {
        "content/docs/_index.md": "---\ntitle: Docs\naliases: [documentation]\n---\nDocs.\n",
        "content/docs/collector/install/_index.md": "---\ntitle: Install\naliases: [installation, ../../setup/]\n---\nHow.\n",
        "content/docs/collector/leaf.md": "---\ntitle: Leaf\naliases: [old-leaf]\n---\nLeaf.\n",
        "content/docs/collector/moved.md": "---\ntitle: Moved\nurl: /elsewhere/moved/\naliases: [older]\n---\nMoved.\n",
    })
    content = tmp_path / "content"
    _import(site, content)
    pages = content / "pages" / "docs" / "collector"
    assert front_matter(pages / "install.md")[0]["aliases"] == ["/docs/collector/install/", "/docs/collector/installation/", "/setup/"]
    assert front_matter(pages / "leaf.md")[0]["aliases"] == ["/docs/collector/leaf/", "/docs/collector/old-leaf/"]
    # from the folder of the page's URL, as Hugo reads it (its target path), not of its file
    assert front_matter(pages / "moved.md")[0]["aliases"] == ["/elsewhere/moved/", "/elsewhere/older/"]
    assert front_matter(content / "docs" / "_index.md")[0]["aliases"] == ["/documentation/"]


@pytest.mark.parametrize("ugly", ["uglyURLs = true\n", "[uglyURLs]\nblog = true\n"])
def test_a_rooted_alias_in_an_ugly_url_section_is_served_as_an_html_file(tmp_path, ugly):
    """Hugo gives every alias of a page in an ugly-URL section `.html`,
    rooted ones too (hugolib/page__output.go Aliases: path.Join, then the
    suffix unless it has one; Hugo's alias_test.go, Apache-2.0: `/foo/bar/`
    is public/foo/bar.html). The import gave only relative ones `.html`,
    and kept `/foo/bar/`, a URL the old site never answered, while
    /foo/bar.html, the one the old links name, led nowhere."""
    site = _hugo_site(tmp_path, ugly, {
        "content/blog/page.md": "---\ntitle: Has Alias\ndate: 2020-01-02\naliases: [/foo/bar/, rel, /old/x.html, /bare]\n---\nText.\n",
    })
    content = tmp_path / "content"
    _import(site, content)
    assert front_matter(content / "blog" / "page.md")[0]["aliases"] == [
        "/blog/page.html", "/blog/page", "/foo/bar.html", "/blog/rel.html", "/old/x.html", "/bare.html"]


def test_a_translations_alias_with_its_slash_is_under_its_languages_root(tmp_path):
    """opentelemetry.io's docs/what-is-opentelemetry.md has `aliases: [/about]`
    in English and in its Bengali and Romanian versions. Hugo serves each
    language's under that language's root (/bn/about/); the import took
    each for the site's /about, the translations' lost theirs, and one
    could take /about from English."""
    languages = '[languages.en]\ncontentDir = "content/en"\n[languages.bn]\ncontentDir = "content/bn"\n[languages.ro]\ncontentDir = "content/ro"\n'
    files = {f"content/{language}/docs/what.md": f"---\ntitle: What {language}\naliases: [/about, /otel, what-else]\n---\nText.\n"
             for language in ("en", "bn", "ro")}
    # Hugo before 0.155 served such an alias at the site's root, and its docs had a translation's spell its language out
    files["content/ro/docs/what.md"] = "---\ntitle: What ro\naliases: [/about, /ro/otel]\n---\nText.\n"
    site = _hugo_site(tmp_path, languages, files)
    content = tmp_path / "content"
    report = _import(site, content)
    pages = content / "pages" / "docs"
    assert front_matter(pages / "what.md")[0]["aliases"] == ["/docs/what/", "/about", "/otel", "/docs/what-else/"]
    assert front_matter(pages / "what.bn.md")[0]["aliases"] == ["/bn/docs/what/", "/bn/about", "/bn/otel", "/bn/docs/what-else/"]
    assert front_matter(pages / "what.ro.md")[0]["aliases"] == ["/ro/docs/what/", "/ro/about", "/ro/otel"]
    assert not [why for _, why in report.changed if "also an old URL" in why], report.changed

    # The default language's too where it has a folder of its own.
    in_subdir = _hugo_site(tmp_path / "subdir", "defaultContentLanguageInSubdir = true\n" + languages, files)
    _import(in_subdir, tmp_path / "subdir" / "content")
    assert front_matter(tmp_path / "subdir" / "content" / "pages" / "docs" / "what.md")[0]["aliases"][:3] == ["/en/docs/what/", "/en/about", "/en/otel"]


def test_translations_of_a_page_bundle_are_imported(tmp_path):
    """hugo-theme-stack's demo: index.zh-cn.md beside index.md was read as a
    resource of the bundle, and every translated post was lost unsaid."""
    site = _hugo_site(tmp_path, '[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\ntitle = "Le Blog"\n', {
        "content/post/bundle/index.md": "---\ntitle: Bundle\ndate: 2021-01-02\n---\n![c](cover.jpg)\n",
        "content/post/bundle/index.fr.md": "---\ntitle: Paquet\ndate: 2021-01-02\n---\n![c](cover.jpg)\n",
        "content/post/bundle/cover.jpg": b"jpg",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    en, _ = front_matter(content / "post" / "bundle" / "index.md")
    fr, _ = front_matter(content / "post" / "bundle-fr" / "index.md")
    assert (en["language"], fr["language"], fr["title"]) == ("en", "fr", "Paquet")
    assert en["translation_key"] == fr["translation_key"] and fr["aliases"] == ["/fr/post/bundle/"]
    assert (content / "post" / "bundle-fr" / "cover.jpg").read_bytes() == b"jpg"
    # and the report says how to make the French stories an edition of their own
    at = next(n for n, line in enumerate(report.settings) if line.startswith("[languages.fr]"))
    pasted = tomllib.loads("\n".join(report.settings[at:at + 3]))  # lines to paste into site.toml as they are
    assert pasted == {"languages": {"fr": {"title": "Le Blog", "path": "/fr/"}}}


def test_a_translated_bundle_has_the_files_of_its_translations_bundles(tmp_path):
    """opentelemetry.io's content/ja/blog/2022/apisix/ has only index.md, whose
    `architecture-present.png` is in content/en/blog/2022/apisix/: Hugo
    shares a bundle's files with its translations' bundles, and the ja page
    showed the picture. The import said it was not found (~330 such on that
    site), and the Japanese story showed a broken image."""
    site = _hugo_site(tmp_path, '[languages.en]\ncontentDir = "content/en"\nweight = 1\n[languages.ja]\ncontentDir = "content/ja"\nweight = 2\n'
                                '[languages.zh]\ncontentDir = "content/zh"\nweight = 3\n', {
        "content/en/blog/2022/apisix/index.md": "---\ntitle: APISIX\ndate: 2022-02-01\n---\n![Diagram](diagram.png) ![](img/flow.svg)\n",
        "content/en/blog/2022/apisix/diagram.png": b"en-png",
        "content/en/blog/2022/apisix/img/flow.svg": b"<svg/>",
        "content/ja/blog/2022/apisix/index.md": "---\ntitle: APISIX ja\ndate: 2022-02-01\n---\n![図](diagram.png) ![](img/flow.svg)\n",
        "content/zh/blog/2022/apisix/index.md": "---\ntitle: APISIX zh\ndate: 2022-02-01\n---\n![图](diagram.png)\n",
        "content/zh/blog/2022/apisix/diagram.png": b"zh-png",  # its own, which it shows
    })
    content = tmp_path / "content"
    report = _import(site, content)
    assert not report.missing_assets, report.missing_assets
    ja = content / "blog" / "apisix-ja"
    assert "![図](diagram.png)" in front_matter(ja / "index.md")[1]
    assert (ja / "diagram.png").read_bytes() == b"en-png" and (ja / "img" / "flow.svg").read_bytes() == b"<svg/>"
    assert (content / "blog" / "apisix-zh" / "diagram.png").read_bytes() == b"zh-png"
    assert (content / "blog" / "apisix" / "diagram.png").read_bytes() == b"en-png"


def test_a_translated_resource_is_the_one_its_languages_page_shows(tmp_path):
    """Hugo names a bundle's files by language as its pages
    (gohugo.io/content-management/multilingual, "Page bundles"): `cover.fr.jpg`
    is the French page's `cover.jpg`, published under its own name, and a
    page whose language has none shows another's by weight (Hugo's
    pagebundler_test.go and content_render_hooks_test.go, Apache-2.0). The
    import gave the French page the English cover, and a page whose only
    `pixel.png` was `pixel.fr.png`, and a section's `_index.fr.md` with
    `map.fr.svg`, a picture not found."""
    site = _hugo_site(tmp_path, '[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n', {
        "content/post/bundle/index.md": "---\ntitle: Bundle\ndate: 2021-01-02\n---\n![c](cover.jpg) ![p](pixel.png)\n",
        "content/post/bundle/index.fr.md": "---\ntitle: Paquet\ndate: 2021-01-02\nimage: cover.jpg\n---\n![c](cover.jpg) ![p](pixel.png)\n"
                                            "`![c](cover.jpg)`\n",
        "content/post/bundle/cover.jpg": b"en-jpg",
        "content/post/bundle/cover.fr.jpg": b"fr-jpg",
        "content/post/bundle/pixel.fr.png": b"fr-png",
        "content/guides/_index.md": "---\ntitle: Guides\n---\n![m](map.svg)\n",
        "content/guides/_index.fr.md": "---\ntitle: Guides FR\n---\n![m](map.svg)\n",
        "content/guides/map.svg": b"<svg>en</svg>",
        "content/guides/map.fr.svg": b"<svg>fr</svg>",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    assert not report.missing_assets, report.missing_assets
    en, en_body = front_matter(content / "post" / "bundle" / "index.md")
    fr, fr_body = front_matter(content / "post" / "bundle-fr" / "index.md")
    assert en_body.strip() == "![c](cover.jpg) ![p](pixel.fr.png)"
    assert fr_body.strip() == "![c](cover.fr.jpg) ![p](pixel.fr.png)\n`![c](cover.jpg)`" and fr["image"] == "cover.fr.jpg"
    assert (content / "post" / "bundle-fr" / "cover.fr.jpg").read_bytes() == b"fr-jpg"
    assert (content / "post" / "bundle" / "cover.jpg").read_bytes() == b"en-jpg"
    assert (content / "post" / "bundle" / "pixel.fr.png").read_bytes() == b"fr-png"
    assert front_matter(content / "guides" / "_index.fr.md")[1].strip() == "![m](map.fr.svg)"
    assert front_matter(content / "guides" / "_index.md")[1].strip() == "![m](map.svg)"
    assert (content / "guides" / "map.fr.svg").read_bytes() == b"<svg>fr</svg>"


def test_a_translated_section_page_has_the_files_of_its_translations_folders(tmp_path):
    """Hugo shares a bundle's files with its translations' bundles, a
    section's (a branch bundle: _index.md) as a leaf's
    (gohugo.io/content-management/multilingual, "Page bundles"): a
    translated docs/_index.md in content/fr/ showing `diagram.png` shows
    content/en/docs/'s. The import shared a leaf bundle's files only, and
    said the French section's picture was not found."""
    site = _hugo_site(tmp_path, '[languages.en]\ncontentDir = "content/en"\nweight = 1\n'
                                '[languages.fr]\ncontentDir = "content/fr"\nweight = 2\n', {
        "content/en/docs/_index.md": "---\ntitle: Docs\n---\n![Diagram](diagram.png)\n",
        "content/en/docs/diagram.png": b"en-png",
        "content/fr/docs/_index.md": "---\ntitle: Documentation\n---\n![Schéma](diagram.png)\n",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    assert not report.missing_assets, report.missing_assets
    assert front_matter(content / "docs" / "_index.fr.md")[1].strip() == "![Schéma](diagram.png)"
    assert (content / "docs" / "diagram.png").read_bytes() == b"en-png"


def test_old_urls_follow_hugos_permalink_tokens(tmp_path):
    """`:slug` is the slug, else the title, made a path as Hugo makes it
    (kubernetes.dev's `mermaid.js-diagrams`; Stack's `/p/markdown syntax/`
    had a space); a section's pattern applies to undated pages too (Stack's
    `page = "/:slug/"`); `url:` without its slash is under the language's root."""
    site = _hugo_site(tmp_path, '[permalinks]\npost = "/:year/:month/:day/:slug/"\np = "/p/:slug/"\npage = "/:slug/"\n'
                                '[languages.en]\nweight = 1\n[languages.de]\nweight = 2\n', {
        "content/post/2021-12-01-mermaid.md": "---\ntitle: Improve your documentation with Mermaid.js diagrams\ndate: 2021-12-01\n---\nT.\n",
        "content/p/markdown-syntax/index.md": "---\ntitle: Markdown Syntax Guide\ndate: 2019-03-11\n---\nT.\n",
        "content/page/links/index.md": "---\ntitle: Links\n---\nT.\n",
        "content/page/about.de.md": "---\ntitle: Über uns\nurl: ueber-uns\n---\nT.\n",
    })
    content = tmp_path / "content"
    _import(site, content)
    mermaid, _ = front_matter(content / "post" / "2021-12-01-mermaid.md")
    assert mermaid["aliases"] == ["/2021/12/01/improve-your-documentation-with-mermaid.js-diagrams/"]
    assert front_matter(content / "p" / "markdown-syntax" / "index.md")[0]["aliases"] == ["/p/markdown-syntax-guide/"]
    assert front_matter(content / "pages" / "page" / "links.md")[0]["aliases"] == ["/links/"]
    assert front_matter(content / "pages" / "page" / "about.md")[0]["aliases"] == ["/de/ueber-uns"]


def test_files_hugo_publishes_from_content_are_copied_and_code_names_no_file(tmp_path):
    """kubernetes.dev's /events/2020/kcc/invited.png lives in content/, not
    static/: reported missing, and the build then left the pages out. A file
    named in a fenced example (Stack's gallery post) is no missing file."""
    site = _hugo_site(tmp_path, "", {
        "content/news/one/story.md": "---\ntitle: One\ndate: 2021-01-01\n---\n![x](/news/one/pic.png)\n\n"
                                     "```markdown\n![example](image1.jpg)\n```\n",
        "content/news/one/pic.png": b"png",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    assert (content / "news" / "one" / "pic.png").read_bytes() == b"png"
    assert not report.missing_assets


def test_a_headless_cascade_withholds_the_pages_below_it(tmp_path):
    """kubernetes.dev's includes/_index.md: `headless: true` and a cascade
    of it. It became a public section, in the front page's navigation."""
    site = _hugo_site(tmp_path, "", {
        "content/includes/_index.md": "---\ntitle: Includes\nheadless: true\ncascade:\n  headless: true\n---\n",
        "content/includes/snippet.md": "---\ntitle: Snippet\ndate: 2021-01-01\n---\nReused text.\n",
        "content/news/_index.md": "---\ntitle: News\ncascade:\n  - _target: {path: /news/old/**}\n    draft: true\n---\n",
        "content/news/old/gone.md": "---\ntitle: Gone\ndate: 2020-01-01\n---\nT.\n",
        "content/news/kept.md": "---\ntitle: Kept\ndate: 2020-01-01\ndraft: false\n---\nT.\n",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    assert not (content / "includes" / "_index.md").exists()
    assert front_matter(content / "includes" / "snippet.md")[0]["draft"] is True
    assert front_matter(content / "news" / "gone.md")[0]["draft"] is True
    assert "draft" not in front_matter(content / "news" / "kept.md")[0]
    assert any(origin == "content/includes/_index.md" and "headless" in why for origin, why in report.skipped)


def test_reference_links_rebased_and_escaped_shortcodes_shown(tmp_path):
    """kubernetes.dev's `[activities]: ./activities` led to a missing page
    (inline links were rebased, definitions not); hugoDocs' `{{</* tabs */>}}`
    shows `{{< tabs >}}` in Hugo, and kept its escape here."""
    site = _hugo_site(tmp_path, "", {
        "content/events/kcc/_index.md": "---\ntitle: KCC\n---\nSee [the activities][a].\n\n[a]: ./activities\n\n"
                                        "```\n{{</* tabs */>}}\n```\n",
        "content/events/kcc/activities.md": "---\ntitle: Activities\n---\nT.\n",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    _, body = front_matter(content / "pages" / "events" / "kcc.md")
    assert "[a]: /events/kcc/activities" in body
    assert "{{< tabs >}}" in body and "/*" not in body
    assert report.converted["Hugo escaped shortcode"] == 1 and not report.left


def test_a_theme_filled_page_is_left_out_and_init_about_gives_way(tmp_path, capsys):
    """Stack's page/about/index.md has a date and was at /about/: beside
    `newsgen init`'s sample about page the first build failed. Its
    page/archives (layout: archives) became a 2019 story with no text."""
    from generator.cli import main

    site = _hugo_site(tmp_path, '[permalinks]\npage = "/:slug/"\n', {
        "content/page/about/index.md": "---\ntitle: About\nslug: about\ndate: 2019-02-01\n---\nWho we are.\n",
        "content/page/archives/index.md": "---\ntitle: Archives\ndate: 2019-05-28\nlayout: archives\nslug: archives\n---\n",
        "content/post/hello.md": "---\ntitle: Hello\ndate: 2020-01-01\n---\nHi.\n",
    })
    target = tmp_path / "site"
    assert main(["init", str(target)]) == 0
    assert main(["import", "--from", "hugo", str(site), "--site", str(target)]) == 0
    said = capsys.readouterr().out
    assert "gave way to the archive's" in said and "a page the theme fills (archives)" in said
    assert not (target / "content" / "page" / "archives" / "index.md").exists()
    assert main(["build", "--site", str(target), "--now", "2030-01-01T00:00:00+00:00"]) == 0, capsys.readouterr().err
    assert "/page/2019/02/01/about/" in (target / "output" / "about" / "index.html").read_text()  # the old URL leads to it
    assert "Who we are." in (target / "output" / "page" / "2019" / "02" / "01" / "about" / "index.html").read_text()


def test_a_ref_from_a_translation_leads_to_its_language(tmp_path):
    """hugo-theme-learn's French pages: `{{< relref "cont/archetypes.fr.md" >}}`
    was left as written (only the default language's names were known), and
    the build then failed on it. Hugo's relref from a French page finds the
    French version first."""
    site = _hugo_site(tmp_path, '[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n', {
        "content/cont/archetypes.md": "---\ntitle: Archetypes\n---\nT.\n",
        "content/cont/archetypes.fr.md": "---\ntitle: Archétypes\n---\nT.\n",
        "content/cont/pages.fr.md": '---\ntitle: Pages\n---\n[a]({{< relref "cont/archetypes.fr.md" >}}) [b]({{< relref "cont/archetypes" >}})\n',
        "content/cont/pages.md": '---\ntitle: Pages\n---\n[b]({{< relref "cont/archetypes" >}})\n',
    })
    content = tmp_path / "content"
    report = _import(site, content)
    _, french = front_matter(content / "pages" / "cont" / "pages.fr.md")  # as Hugo names it: /fr/cont/pages/ with [languages.fr]
    _, english = front_matter(content / "pages" / "cont" / "pages.md")
    assert "[a](archetypes.fr.md) [b](archetypes.fr.md)" in french and "[b](archetypes.md)" in english
    assert not report.left


def test_a_bundle_file_linked_by_the_old_page_url_stays_found(tmp_path):
    """kubernetes.dev's KWOK post links its own `kwok.svg` by the page's old
    URL: the file is copied beside the story, whose URL is another, and the
    image was broken."""
    site = _hugo_site(tmp_path, '[permalinks]\nblog = "/:section/:year/:month/:day/:slug/"\n', {
        "content/blog/2023-03-01-kwok/index.md": "---\ntitle: KWOK\ndate: 2023-03-01\nslug: introducing-kwok\n---\n"
                                                 "![k](/blog/2023/03/01/introducing-kwok/kwok.svg) [else](/blog/2023/03/01/introducing-kwok/none.svg)\n",
        "content/blog/2023-03-01-kwok/kwok.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    _, body = front_matter(content / "blog" / "2023-03-01-kwok" / "index.md")
    assert "![k](kwok.svg)" in body and "(/blog/2023/03/01/introducing-kwok/none.svg)" in body
    assert (content / "blog" / "2023-03-01-kwok" / "kwok.svg").is_file()
    assert [path for _, path in report.missing_assets] == ["/blog/2023/03/01/introducing-kwok/none.svg"]


def test_a_sections_old_list_url_is_kept(tmp_path):
    """hugo-theme-learn's sections live at /en/basics/ (the default language
    in its own folder): the old list URLs got no redirect."""
    site = _hugo_site(tmp_path, 'defaultContentLanguageInSubdir = true\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n', {
        "content/Basics/_index.md": "---\ntitle: Basics\naliases: [/start/]\n---\nThe basics.\n",
        "content/Basics/setup.md": "---\ntitle: Setup\ndate: 2020-01-01\n---\nT.\n",
    })
    content = tmp_path / "content"
    _import(site, content)
    # (its alias with its slash under the language's folder, as Hugo serves it)
    assert front_matter(content / "basics" / "_index.md")[0]["aliases"] == ["/en/basics/", "/en/start/"]


def test_a_file_linked_from_the_old_page_url_is_found_and_old_post_urls_are_no_missing_files(tmp_path):
    """fluxcd's posts link ../../../../../img/flagger-gitops.png, which browsers
    read from the page's URL: left as written, the build rejected it as
    leaving the site and dropped the story. Let's Encrypt's links to its own
    old post URLs (/2015/11/09/why-90-days.html) were listed as missing files."""
    site = _hugo_site(tmp_path, '[permalinks]\nblog = "/:section/:year/:month/:day/:slug/"\n', {
        "content/blog/flagger.md": "---\ntitle: Flagger\ndate: 2020-05-01\n---\n![f](../../../../../img/flagger-gitops.png) "
                                   "[why](/2015/11/09/why-90-days.html)\n",
        "static/img/flagger-gitops.png": b"png",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    _, body = front_matter(content / "blog" / "flagger.md")
    assert "![f](/img/flagger-gitops.png)" in body and (content / "img" / "flagger-gitops.png").read_bytes() == b"png"
    assert not report.missing_assets


def test_a_translated_page_keeps_hugos_url(tmp_path, capsys):
    """Let's Encrypt's docs/account-id.ca.md was Hugo's /ca/docs/account-id/;
    imported as account-id-ca.md, it moved to /ca/docs/account-id-ca/."""
    from generator.cli import main

    source = _hugo_site(tmp_path, '[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n', {
        "content/docs/account-id.md": "---\ntitle: Account ID\n---\nYour account.\n",
        "content/docs/account-id.fr.md": "---\ntitle: Identifiant\n---\nVotre compte.\n",
    })
    site = tmp_path / "site"
    site.mkdir()
    (site / "site.toml").write_text('title = "T"\nbase_url = "https://example.org/"\n[languages.fr]\ntitle = "T"\n')
    _import(source, site / "content")
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00"]) == 0, capsys.readouterr().err
    french = (site / "output" / "fr" / "docs" / "account-id" / "index.html").read_text()
    assert '<html lang="fr"' in french and "Votre compte." in french
    assert 'hreflang="fr"' in (site / "output" / "docs" / "account-id" / "index.html").read_text()


def test_a_taxonomy_terms_page_is_left_out_said(tmp_path):
    """hugo-theme-learn's categories/documentation/_index.md became a static
    page at /categories/documentation/ instead of the tag's own page."""
    site = _hugo_site(tmp_path, "", {
        "content/categories/documentation/_index.md": "---\ntitle: Documentation\n---\nAll about docs.\n",
        "content/news/a.md": "---\ntitle: A\ndate: 2020-01-01\ncategories: [documentation]\n---\nT.\n",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    assert not (content / "pages").exists() and not (content / "categories").exists()
    assert dict(report.skipped)["content/categories/documentation/_index.md"].startswith("the page of a categories term")


def test_markdown_inside_an_html_block_stays_markdown_as_in_commonmark(tmp_path):
    """letsencrypt.org writes `<div class="boxed">`, a blank line, then
    Markdown: goldmark renders it (an HTML block ends at a blank line);
    Python-Markdown showed `## New Orders per Account` as written, and the
    links to those headings were broken."""
    from generator.content.markdown import MarkdownRenderer

    site = write_tree(tmp_path / "site", {
        "hugo.toml": 'baseURL = "https://example.org/"\n',
        "content/posts/box.md": '---\ntitle: "Box"\ndate: 2021-01-01\n---\nIntro.\n\n<div class="boxed">\n\n## In a box\n\n'
                                'Some *emphasis*.\n\n</div>\n\n```html\n<div class="boxed">\n\nas written\n</div>\n```\n\n'
                                '<div class="tight">\n*raw*\n</div>\n',
    })
    _import(site, tmp_path / "content")
    [body] = [p.read_text().split("---\n", 2)[2] for p in (tmp_path / "content").rglob("*box.md")]
    assert body.count('markdown="1"') == 1, body
    html = MarkdownRenderer().render(body)
    assert '<h2 id="in-a-box">In a box</h2>' in html and "<em>emphasis</em>" in html, html
    assert "&lt;div class=&quot;boxed&quot;&gt;\n\nas written" in html  # code as written
    assert '<div class="tight">\n*raw*\n</div>' in html  # no blank line: raw HTML to its end, as in CommonMark


def test_a_content_folder_no_language_names_is_said_not_dropped_unsaid(tmp_path):
    """letsencrypt.org keeps content/fa, hr, uz… beside the languages it
    publishes: Hugo publishes none of their files; the import dropped 164
    files without a line in its report."""
    site = _hugo_site(tmp_path, '[languages.en]\ncontentDir = "content/en"\n[languages.fr]\ncontentDir = "content/fr"\n', {
        "content/en/posts/a.md": "---\ntitle: A\ndate: 2021-01-01\n---\nText.\n",
        "content/fr/posts/a.md": "---\ntitle: Un A\ndate: 2021-01-01\n---\nTexte.\n",
        "content/fa/posts/a.md": "---\ntitle: A fa\ndate: 2021-01-01\n---\nText.\n",
        "content/images/x.png": b"\x89PNG",
    })
    report = _import(site, tmp_path / "content")
    skipped = dict(report.skipped)
    assert "no language's contentDir names this folder" in skipped["content/fa/"], report.skipped
    assert "content/images/" not in skipped and "content/en/" not in skipped


def test_a_markdown_byline_is_the_names_it_links(tmp_path):
    """opentelemetry.io (Docsy, which renders `author` as Markdown) writes
    `[Name](url) (Org)`: the byline showed the Markdown, and its author page
    had a slug made of the URLs."""
    site = _hugo_site(tmp_path, "", {
        "content/blog/post.md": "---\ntitle: Post\ndate: 2023-11-30\nauthor: >-\n  [Damien Mathieu](https://github.com/dmathieu) (Elastic),\n"
                                "  [Pablo Baeyens](https://github.com/mx-psi) (Datadog)\n---\nText.\n",
        "content/blog/plain.md": "---\ntitle: Plain\ndate: 2023-11-29\nauthor: Ann Lee\n---\nText.\n",
    })
    _import(site, tmp_path / "content")
    [post] = (tmp_path / "content").rglob("post.md")
    [plain] = (tmp_path / "content").rglob("plain.md")
    assert front_matter(post)[0]["authors"] == ["Damien Mathieu", "Pablo Baeyens"]
    assert front_matter(plain)[0]["author"] == "Ann Lee"


def test_a_translated_post_keeps_its_name_in_its_url_and_a_translated_page_bundle_is_a_page(tmp_path):
    """opentelemetry.io: 118 Japanese and other posts got the language in their
    new URL (…/post-ja/), and content/ja/training/index.md, a page bundle,
    became content/pages-ja/training.md, at /ja/pages-ja/training/."""
    site = _hugo_site(tmp_path, '[languages.en]\ncontentDir = "content/en"\n[languages.ja]\ncontentDir = "content/ja"\n', {
        "content/en/blog/post.md": "---\ntitle: Post\ndate: 2024-01-02\n---\nText.\n",
        "content/ja/blog/post.md": "---\ntitle: 投稿\ndate: 2024-01-02\n---\nテキスト。\n",
        "content/en/training/index.md": "---\ntitle: Training\n---\nText.\n",
        "content/ja/training/index.md": "---\ntitle: トレーニング\n---\nテキスト。\n",
    })
    _import(site, tmp_path / "content")
    made = sorted(p.relative_to(tmp_path / "content").as_posix() for p in (tmp_path / "content").rglob("*.md"))
    assert "pages/training.ja.md" in made and "pages/training.md" in made, made
    [japanese] = [p for p in (tmp_path / "content").rglob("post-ja.md")]
    assert front_matter(japanese)[0]["slug"] == "post"


@pytest.mark.parametrize("mounts", [
    # Hugo 0.153's form, as opentelemetry.io writes it
    "[[module.mounts]]\nsource = 'content/en'\ntarget = 'content'\n"
    "[[module.mounts]]\nsource = 'content/de'\ntarget = 'content'\n[module.mounts.sites.matrix]\nlanguages = ['de']\n",
    # the older form, with Hugo's own fill-in example: content/en mounted for de too
    "[[module.mounts]]\nsource = 'content/en'\ntarget = 'content'\nlang = 'en'\n"
    "[[module.mounts]]\nsource = 'content/de'\ntarget = 'content'\nlang = 'de'\n"
    "[[module.mounts]]\nsource = 'content/en'\ntarget = 'content'\nlang = 'de'\n",
])
def test_content_mounts_for_several_languages_each_bring_their_own(tmp_path, mounts):
    """opentelemetry.io: only the last mount was read, so 7 Portuguese posts
    were imported as English and the English site dropped unsaid; with a
    fill-in mount, English text was published as German."""
    site = _hugo_site(tmp_path, "defaultContentLanguage = 'en'\n[languages.en]\nweight = 1\n[languages.de]\nweight = 2\n" + mounts, {
        "content/en/blog/hello.md": "---\ntitle: Hello\ndate: 2024-01-02\n---\nEnglish.\n",
        "content/en/blog/only.md": "---\ntitle: Only in English\ndate: 2024-01-03\n---\nEnglish.\n",
        "content/de/blog/hello.md": "---\ntitle: Hallo\ndate: 2024-01-02\n---\nDeutsch.\n",
    })
    _import(site, tmp_path / "content")
    found = {(f.get("language", "en"), f["title"]) for f, _ in (front_matter(p) for p in (tmp_path / "content").rglob("*.md"))}
    assert found == {("en", "Hello"), ("en", "Only in English"), ("de", "Hallo")}, found


def test_a_language_without_a_content_dir_has_the_sites_and_no_is_norwegian(tmp_path):
    """google/docsy-example (hugo.yaml): `contentDir: content/en` at the top,
    English without one of its own, Norwegian as `no`. The import dropped the
    whole English site ("no language's contentDir names this folder") and
    read `no` as YAML 1.1's false: 57 stories in the language 'false'."""
    site = write_tree(tmp_path / "src", {
        "hugo.yaml": "baseURL: https://e.org/\ncontentDir: content/en\ndefaultContentLanguage: en\nlanguages:\n"
                     "  en:\n    title: Docsy\n  no:\n    title: Docsy NO\n    contentDir: content/no\n",
        "content/en/blog/post.md": "---\ntitle: Post\ndate: 2024-01-02\n---\nText.\n",
        "content/no/blog/post.md": "---\ntitle: Innlegg\ndate: 2024-01-02\n---\nTekst.\n",
    })
    report = _import(site, tmp_path / "content")
    made = {p.relative_to(tmp_path / "content").as_posix(): front_matter(p)[0] for p in (tmp_path / "content").rglob("*.md")}
    assert not [path for path, _ in report.skipped if path.startswith("content/en")], report.skipped
    languages = sorted(str(front.get("language", "en")) for front in made.values() if front.get("title") in ("Post", "Innlegg"))
    assert languages == ["en", "no"], made
    assert "[languages.no]" in "\n".join(report.settings) and "false" not in "\n".join(report.settings)


def test_two_stories_of_one_name_and_day_in_folders_of_a_section_get_urls_apart(tmp_path):
    """google/docsy-example: docs/big-data/tutorials/x.md and
    docs/cloud-computing/tutorials/x.md, of one day: both wanted
    /docs/2017/01/05/x/, and the build left one out."""
    site = _hugo_site(tmp_path, "", {
        "content/docs/big-data/tutorials/spec.md": "---\ntitle: Big data spec\ndate: 2017-01-05\n---\nOne.\n",
        "content/docs/cloud-computing/tutorials/spec.md": "---\ntitle: Cloud spec\ndate: 2017-01-05\n---\nTwo.\n",
        "content/docs/other/spec.md": "---\ntitle: Another day\ndate: 2017-01-06\n---\nThree.\n",
    })
    root = tmp_path / "site"
    write_tree(root, {"site.toml": 'title = "T"\nbase_url = "https://e.org/"\n'})
    report = _import(site, root / "content")
    slugs = sorted(str(front_matter(p)[0].get("slug")) for p in (root / "content").rglob("spec.md"))
    assert slugs == ["None", "None", "cloud-computing-tutorials-spec"], slugs
    assert [origin for origin, why in report.changed if "has its name" in why] == ["content/docs/cloud-computing/tutorials/spec.md"]
    assert SiteBuilder(load_config(root)).build(BuildMode(now=NOW)).articles == 3


def test_two_stories_of_one_slug_and_day_in_one_folder_get_urls_apart(tmp_path):
    """GSA/digitalgov.gov: news/2023/09/2023-09-15-infrastructure-as-a-public-service.md
    and news/2023/11/2023-11-20-….md, both `slug: infrastructure-as-a-public-service`
    and dated 2023-09-06, land in news/ under their own names: both wanted
    one URL, and the build stopped."""
    site = _hugo_site(tmp_path, '[permalinks]\nnews = ":year/:month/:day/:slug/"\n', {
        "content/news/2023/09/2023-09-15-infra.md": "---\ntitle: Infra\ndate: 2021-09-06 08:59:00 -0500\nslug: infra-service\n---\nOne.\n",
        "content/news/2023/11/2023-11-20-infra.md": "---\ntitle: Infra\ndate: 2021-09-06 11:10:00 -0500\nslug: infra-service\n---\nTwo.\n",
        # As digital.gov names them, the file's name its slug: the second takes the date of its name.
        "content/news/2023/09/2023-09-15-on-cloud.md": "---\ntitle: Cloud\ndate: 2021-09-07\nslug: on-cloud\n---\nOne.\n",
        "content/news/2023/11/2023-11-20-on-cloud.md": "---\ntitle: Cloud\ndate: 2021-09-07\nslug: on-cloud\n---\nTwo.\n",
    })
    root = tmp_path / "site"
    write_tree(root, {"site.toml": 'title = "T"\nbase_url = "https://e.org/"\ntimezone = "America/Chicago"\n'})
    report = _import(site, root / "content")
    first, _ = front_matter(root / "content" / "news" / "2023-09-15-infra.md")
    second, _ = front_matter(root / "content" / "news" / "2023-11-20-infra.md")
    assert (first["slug"], second["slug"]) == ("infra-service", "infra-service-infra")
    assert first["aliases"] == ["/2021/09/06/infra-service/"]  # the first keeps the old URL both had, and says so
    assert front_matter(root / "content" / "news" / "2023-11-20-on-cloud.md")[0]["slug"] == "on-cloud-2023-11-20"
    assert [origin for origin, why in report.changed if "has its name" in why] == ["content/news/2023/11/2023-11-20-infra.md",
                                                                                   "content/news/2023/11/2023-11-20-on-cloud.md"]
    assert SiteBuilder(load_config(root)).build(BuildMode(now=NOW)).articles == 4


def test_an_alias_at_a_page_of_the_new_site_is_not_redirected(tmp_path):
    """GSA/digitalgov.gov: services/directory.md lists /tools/ and /services/,
    the URL of its section's list page. Hugo writes aliases before content,
    which overwrites them, so /services/ stayed the list; the import kept the
    alias and the build stopped ("it is a page of the site")."""
    site = _hugo_site(tmp_path, "", {
        "content/services/_index.md": "---\ntitle: Tools and Services\n---\nThe list.\n",
        "content/services/directory.md": "---\ntitle: Directory\naliases: [/tools/, /services/, /about]\n---\nThe directory.\n",
        "content/services/login.md": "---\ntitle: Login\ndate: 2021-01-02\n---\nA story.\n",
        "content/about.md": "---\ntitle: About\n---\nUs.\n",
    })
    root = tmp_path / "site"
    write_tree(root, {"site.toml": 'title = "T"\nbase_url = "https://e.org/"\n'})
    report = _import(site, root / "content")
    directory, _ = front_matter(root / "content" / "pages" / "services" / "directory.md")
    assert directory["aliases"] == ["/services/directory/", "/tools/"]
    assert sorted(why for origin, why in report.changed if origin == "content/services/directory.md") == [
        "/about is where the new site shows content/about.md, as the old one did: not redirected here",
        "/services/ is where the new site shows content/services/_index.md, as the old one did: not redirected here"]
    assert SiteBuilder(load_config(root)).build(BuildMode(now=NOW)).articles == 1


def test_an_old_url_of_a_file_not_published_goes_to_the_live_page_that_lists_it(tmp_path):
    """GSA/digitalgov.gov retires a post with `expirydate:` and lists its URL
    in the replacement's `aliases:` (news/2013-02-14-qr-codes.md,
    resources/introduction-to-qr-codes.md): Hugo wrote no page of the expired
    post and the alias answered there. The first file kept the URL, the
    expired story, so nothing answered it. So for a draft."""
    site = _hugo_site(tmp_path, '[permalinks]\nnews = "/:year/:month/:day/:slug/"\n', {
        "content/news/2013-02-14-qr-codes.md": "---\ntitle: QR\ndate: 2013-02-14\nslug: qr-codes\nexpirydate: 2020-09-15\n---\nOld.\n",
        "content/news/2014-01-01-draft.md": "---\ntitle: Draft\ndate: 2014-01-01\ndraft: true\naliases: [/old-draft/]\n---\nNot yet.\n",
        "content/resources/introduction-to-qr-codes.md": "---\ntitle: QR intro\ndate: 2021-02-02\n"
                                                          "aliases: [/2013/02/14/qr-codes/, /old-draft/]\n---\nNew.\n",
    })
    root = tmp_path / "site"
    write_tree(root, {"site.toml": 'title = "T"\nbase_url = "https://e.org/"\n'})
    report = _import(site, root / "content")
    live, _ = front_matter(root / "content" / "resources" / "introduction-to-qr-codes.md")
    assert live["aliases"] == ["/resources/introduction-to-qr-codes/", "/2013/02/14/qr-codes/", "/old-draft/"]
    assert ("content/news/2013-02-14-qr-codes.md", "/2013/02/14/qr-codes/ is also an old URL of "
            "content/resources/introduction-to-qr-codes.md, which keeps it (this file is not published: expired)") in report.changed
    SiteBuilder(load_config(root)).build(BuildMode(now=NOW))
    assert "/2013/02/14/qr-codes/ /resources/2021/02/02/introduction-to-qr-codes/ 301" in (root / "output" / "_redirects").read_text()


def test_a_pages_own_old_url_beats_another_files_alias_of_it(tmp_path):
    """GSA/digitalgov.gov's resources/bilingual-glossaries-….md lists the URL
    of the still-live resources/spanish-language-style-guide-….md among its
    aliases. Hugo writes aliases before content, so the guide stayed at its
    URL; the first file kept it as its alias, and the guide's old URL
    redirected to the glossaries."""
    site = _hugo_site(tmp_path, "", {
        "content/resources/bilingual-glossaries.md": "---\ntitle: Glossaries\ndate: 2014-06-11\n"
                                                     "aliases: [/resources/spanish-language-style-guide/]\n---\nG.\n",
        "content/resources/spanish-language-style-guide.md": "---\ntitle: Spanish guide\ndate: 2014-06-11\n---\nS.\n",
    })
    report = _import(site, tmp_path / "content")
    glossaries, _ = front_matter(tmp_path / "content" / "resources" / "bilingual-glossaries.md")
    guide, _ = front_matter(tmp_path / "content" / "resources" / "spanish-language-style-guide.md")
    assert glossaries["aliases"] == ["/resources/bilingual-glossaries/"]
    assert guide["aliases"] == ["/resources/spanish-language-style-guide/"]
    assert ("content/resources/bilingual-glossaries.md", "/resources/spanish-language-style-guide/ is also an old URL of "
            "content/resources/spanish-language-style-guide.md, which keeps it (the old site showed it there)") in report.changed


def test_the_report_names_the_time_zone_of_the_offsets_dates_are_written_with(tmp_path):
    """GSA/digitalgov.gov writes every date with an Eastern offset (-0400 or
    -0500, in either season) and its config names no timeZone: Hugo shows
    each in its offset, so `2020-05-27 23:00:00 -0500` was May 27. The import
    suggested no zone; in UTC the story moved to May 28."""
    site = _hugo_site(tmp_path, "", {
        "content/news/dream-team.md": "---\ntitle: Dream team\ndate: 2020-05-27 23:00:00 -0500\n---\nLate.\n",
        "content/news/summer.md": "---\ntitle: Summer\ndate: 2020-07-01 09:00:00 -0400\n---\nMorning.\n",
        "content/news/winter.md": "---\ntitle: Winter\ndate: 2020-01-08T09:00:00-05:00\n---\nMorning.\n",
        "content/news/plain.md": "---\ntitle: Plain\ndate: 2020-01-09\n---\nA day.\n",
    })
    [line] = [line for line in _import(site, tmp_path / "a").settings if line.startswith("timezone")]
    assert line.startswith('timezone = "America/New_York"  (a guess from 4 dates: the site\'s dates were written at UTC−05:00, UTC−04:00; '
                           "it fits 3 of 4, 2 in the offset of their season there (1 written without an offset); America/Toronto")
    eastern = ImportReport()
    write_import(tmp_path / "b", list(read_hugo(site, eastern, ZoneInfo("America/New_York"))), eastern)
    assert not [line for line in eastern.settings if line.startswith("timezone")]
    named = _hugo_site(tmp_path / "named", 'timeZone = "America/Chicago"\n', {"content/news/summer.md": "---\ntitle: S\ndate: 2020-07-01 09:00:00 -0400\n---\nM.\n"})
    assert [line.split("(")[0] for line in _import(named, tmp_path / "c").settings] == ['timezone = "America/Chicago"  ']


def test_no_time_zone_is_suggested_from_the_few_dates_written_with_an_offset(tmp_path):
    """r-hub/blog: 50 of 51 posts are dated `2020-03-12`, one
    `2020-07-10T10:00:00-07:00`, and config.toml names no timeZone, so Hugo
    read the 50 in UTC. The report said `timezone = "America/Phoenix"` (the
    site's dates were written at UTC−07:00), which would move 50 stories."""
    site = _hugo_site(tmp_path, "", {
        **{f"content/post/p{month}.md": f"---\ntitle: P{month}\ndate: 2020-0{month}-10\n---\nA day.\n" for month in range(1, 6)},
        "content/post/zoned.md": "---\ntitle: Zoned\ndate: 2020-07-10T10:00:00-07:00\n---\nA morning.\n",
    })
    assert not [line for line in _import(site, tmp_path / "a").settings if line.startswith("timezone")]
    site = _hugo_site(tmp_path / "most", "", {
        "content/post/plain.md": "---\ntitle: Plain\ndate: 2020-01-10\n---\nA day.\n",
        **{f"content/post/z{month}.md": f"---\ntitle: Z{month}\ndate: 2020-0{month}-10T10:00:00-07:00\n---\nM.\n" for month in range(1, 4)},
    })
    [line] = [line for line in _import(site, tmp_path / "b").settings if line.startswith("timezone")]
    assert line.startswith('timezone = "America/Phoenix"  (a guess from 4 dates: the site\'s dates were written at UTC−07:00; it fits 3 of 4 '
                           "(1 written without an offset);")


def test_dates_written_in_utc_suggest_utc_never_a_zone_that_happens_to_fit(tmp_path):
    """A Hugo site whose tools write dates with `Z` (some by hand at +02:00
    in summer) had `timezone = "Antarctica/Troll"` suggested: UTC+0 in
    winter and +2 in summer, it fit both by season. A `Z` date is UTC, not
    someone's guess at the season's offset: it fits a zone only where that
    zone shows it so, and the zone suggested is one many sites mean."""
    z_dates = {f"content/post/z{month}.md": f"---\ntitle: Z{month}\ndate: 2021-{month:02d}-10T10:00:00Z\n---\nx\n" for month in range(1, 13)}
    summer = {f"content/post/s{month}.md": f"---\ntitle: S{month}\ndate: 2021-{month:02d}-11T10:00:00+02:00\n---\nx\n" for month in range(5, 9)}

    def suggested(files, name, zone="Europe/Berlin"):
        report = ImportReport()
        write_import(tmp_path / name / "content", list(read_hugo(_hugo_site(tmp_path / name, "", files), report, ZoneInfo(zone))), report)
        return [line for line in report.settings if line.startswith("timezone")]

    [line] = suggested({**z_dates, **summer}, "mixed")
    assert line.startswith('timezone = "UTC"  (a guess from 16 dates: the site\'s dates were written at UTC+00:00, UTC+02:00; it fits 12 of 16;')
    assert not suggested({**z_dates, **summer}, "mixed-utc", "UTC")  # site.toml's zone dates them so already
    [line] = suggested({name: text for name, text in z_dates.items() if name[-5:-3] in ("z1", "z2", "11", "12")}, "winter")
    assert line.startswith('timezone = "UTC"  (a guess from 4 dates: the site\'s dates were written at UTC+00:00; it fits all of them')
    berlin = {**{f"content/post/w{month}.md": f"---\ntitle: W{month}\ndate: 2021-{month:02d}-12T10:00:00+01:00\n---\nx\n" for month in (1, 2, 12)},
              **{f"content/post/s{month}.md": f"---\ntitle: S{month}\ndate: 2021-{month:02d}-12T10:00:00+02:00\n---\nx\n" for month in (6, 7, 8)},
              **{f"content/post/z{month}.md": f"---\ntitle: Z{month}\ndate: 2021-{month:02d}-10T10:00:00Z\n---\nx\n" for month in (5, 6, 7, 9)}}
    [line] = suggested(berlin, "berlin", "UTC")
    assert line.startswith('timezone = "Europe/Paris"  (a guess from 10 dates: the site\'s dates were written at UTC+00:00, UTC+01:00, '
                           "UTC+02:00; it fits 6 of 10;")
    assert "Antarctica" not in line


def test_a_taxonomy_named_as_a_synonym_of_tags_is_counted_once(tmp_path):
    """GSA/digitalgov.gov's taxonomy `topics` is also newsgen's synonym of
    tags: the report said "topics → tags ×2624, topics (a taxonomy) → tags
    ×2624", one mapping twice. A taxonomy of another name is counted as one."""
    site = _hugo_site(tmp_path, '[taxonomies]\ntopic = "topics"\nseries = "series"\n', {
        "content/news/one.md": "---\ntitle: One\ndate: 2020-01-02\ntopics: [a, b]\nseries: [s]\n---\nText.\n",
    })
    report = _import(site, tmp_path / "content")
    assert {key: count for key, count in report.keys_mapped.items() if "tags" in key} == {"topics → tags": 1, "series (a taxonomy) → tags": 1}
    assert front_matter(tmp_path / "content" / "news" / "one.md")[0]["tags"] == ["a", "b", "s"]


def test_a_shortcode_the_site_defines_is_the_sites_and_is_left_as_written(tmp_path):
    """GSA/digitalgov.gov's theme defines `img` (its `src` a key of
    data/images/, shown from its CDN with the data's caption), `legacy-img`
    and `highlight` (a marked span, not code). The import read them as
    newsgen's guesses: <img src="notify-gov-dashboard" alt="">, broken,
    its alt emptied; text fenced as code."""
    site = _hugo_site(tmp_path, 'theme = "digital.gov"\n', {
        "themes/digital.gov/layouts/shortcodes/img.html": "{{ index .Site.Data.images (.Get \"src\") }}",
        "layouts/shortcodes/highlight.html": '<span class="highlight-text">{{ .Inner }}</span>',
        "layouts/_shortcodes/partners/logo.html": "{{ .Get 0 }}",
        "layouts/shortcodes/youtube.html": '<lite-youtube videoid="{{ .Get 0 }}"></lite-youtube>',
        "static/pic.png": b"\x89PNG",
        "content/news/notify.md": "---\ntitle: Notify\ndate: 2021-02-07\n---\n"
                                  '{{< img src="notify-gov-dashboard" >}}\n\n{{< highlight >}}Marked{{< /highlight >}}\n\n'
                                  '{{< partners/logo gsa >}}\n\n{{< figure src="/pic.png" caption="A picture" >}}\n\n'
                                  '{{< figure src="/pic.png" link="https://example.org/" >}}\n\n{{< youtube dQw4w9WgXcQ >}}\n',
    })
    report = _import(site, tmp_path / "content")
    body = (tmp_path / "content" / "news" / "notify.md").read_text()
    assert '{{< img src="notify-gov-dashboard" >}}' in body and "{{< highlight >}}Marked{{< /highlight >}}" in body
    assert "{{< partners/logo gsa >}}" in body
    assert '<img src="/pic.png">' in body  # Hugo's own figure, converted; its alt unknown, so none written
    # Without a caption an <img> must have an alt (HTML): unknown, it is empty.
    assert '<a href="https://example.org/"><img src="/pic.png" alt=""></a>' in body
    # A site's own youtube, given a video's id as Hugo's is, still links to the video.
    assert "https://www.youtube.com/watch?v=dQw4w9WgXcQ" in body
    assert report.sites_own_shortcodes == {"Hugo img": 1, "Hugo highlight": 1, "Hugo partners/logo": 1}
    assert any(line.startswith("  of those, shortcodes the site defines itself") for line in report.lines())


def test_a_ref_to_a_terms_page_leads_to_its_tag_page_and_the_report_gives_its_old_urls(tmp_path):
    """GSA/digitalgov.gov's 52 topics/<term>/_index.md, with text and aliases
    of their own, were skipped as newsgen makes a page per tag; the refs to
    them (`{{< ref "/topics/accessibility" >}}`, 7 in 6 stories) were left,
    broken, and their old URLs were not named."""
    site = _hugo_site(tmp_path, '[taxonomies]\ntopic = "topics"\n', {
        "content/topics/_index.md": "---\ntitle: Topics\n---\n",
        "content/topics/accessibility/_index.md": "---\ntitle: Accessibility\naliases: [/topics/section-508/]\n---\nThe guidance.\n",
        "content/news/corner.md": "---\ntitle: Corner\ndate: 2016-02-08\ntopics: [accessibility]\n---\n"
                                  'Read [our topic]({{< ref "/topics/accessibility" >}}).\n',
    })
    root = tmp_path / "site"
    write_tree(root, {"site.toml": 'title = "T"\nbase_url = "https://e.org/"\n'})
    report = _import(site, root / "content")
    assert "Read [our topic](/tags/accessibility/)." in (root / "content" / "news" / "corner.md").read_text()
    [why] = [why for origin, why in report.skipped if origin == "content/topics/accessibility/_index.md"]
    assert why.endswith("; its text is not imported; redirect /topics/accessibility/, /topics/section-508/ to /tags/accessibility/ on your host")
    assert SiteBuilder(load_config(root)).build(BuildMode(now=NOW)).articles == 1
    assert not find_template_syntax((root / "content" / "news" / "corner.md").read_text())


def test_a_translated_search_page_is_left_out_as_the_english_one_is(tmp_path):
    """google/docsy-example's fa/search.md (layout: جستجو) was imported as a
    page at /fa/search/, where newsgen writes the Farsi edition's search page:
    the build failed."""
    site = _hugo_site(tmp_path, '[languages.en]\ncontentDir = "content/en"\n[languages.fa]\ncontentDir = "content/fa"\n', {
        "content/en/search.md": "---\ntitle: Search\nlayout: search\n---\n",
        "content/fa/search.md": "---\ntitle: جستجو\nlayout: جستجو\n---\n",
        "content/en/about.md": "---\ntitle: About\n---\nUs.\n",
        "content/fa/about.md": "---\ntitle: درباره\n---\nما.\n",
    })
    report = _import(site, tmp_path / "content")
    made = sorted(p.relative_to(tmp_path / "content").as_posix() for p in (tmp_path / "content").rglob("*.md"))
    assert made == ["pages/about.fa.md", "pages/about.md"], made
    assert sorted(origin for origin, why in report.skipped if "/search/" in why) == ["content/en/search.md", "content/fa/search.md"]


def test_a_status_in_the_sites_own_words_is_kept_and_publishes(tmp_path):
    """cncf/glossary's `status: Completed` (Hugo reads no `status`): all
    881 terms were imported as drafts and its list pages left out."""
    site = write_tree(tmp_path / "src", {
        "hugo.toml": 'baseURL = "https://e.org/"\n',
        "content/contribute/_index.md": "---\ntitle: Contribute\nstatus: Completed\n---\nHow to help.\n",
        "content/terms/abstraction.md": "---\ntitle: Abstraction\nstatus: Feedback Appreciated\n---\nText.\n",
        "content/post/held.md": "---\ntitle: Held\ndate: 2020-01-07\nstatus: pending\n---\nText.\n",
    })
    content = tmp_path / "content"
    _import(site, content)
    [term] = content.rglob("abstraction.md")
    front, _ = front_matter(term)
    assert "draft" not in front and front["extra"]["status"] == "Feedback Appreciated", front
    assert [p for p in content.rglob("*.md") if "How to help." in p.read_text()]
    assert front_matter(content / "post" / "held.md")[0]["draft"] is True


def test_expiry_and_dates_by_every_key_hugo_reads(tmp_path):
    """Hugo takes `date` from published, lastmod or modified when nothing
    earlier gives it, and `expiryDate` from unpublishdate too, and leaves
    out an expired page of any kind: an undated page's expiry was dropped,
    `unpublishdate` kept as extra, and a post dated by `published:` became a page."""
    site = write_tree(tmp_path / "src", {
        "hugo.toml": 'baseURL = "https://e.org/"\n',
        "content/offers/spring-sale.md": "---\ntitle: Spring sale\nexpiryDate: 2020-04-01\n---\nHalf price.\n",
        "content/post/leaving.md": "---\ntitle: Leaving\ndate: 2019-02-02\nunpublishdate: 2020-01-01\n---\nText.\n",
        "content/post/pub-key.md": "---\ntitle: Pub\npublished: 2021-03-04\n---\nText.\n",
        "content/post/changed.md": "---\ntitle: Changed\nlastmod: 2021-05-06\n---\nText.\n",
    })
    content = tmp_path / "content"
    _import(site, content)
    fronts = {p.name: front_matter(p)[0] for p in content.rglob("*.md")}
    assert fronts["spring-sale.md"]["expires"].startswith("2020-04-01"), fronts["spring-sale.md"]
    assert fronts["leaving.md"]["expires"].startswith("2020-01-01") and "extra" not in fronts["leaving.md"]
    assert fronts["pub-key.md"]["date"].startswith("2021-03-04") and fronts["changed.md"]["date"].startswith("2021-05-06")
    assert (content / "post" / "pub-key.md").is_file() and (content / "post" / "changed.md").is_file()


def test_a_headless_bundle_is_said_and_left_out(tmp_path):
    """hugoBasicExample's homepage/ (headless: true) became a draft page
    with the alias /homepage/, a URL Hugo never had, and its snippets
    about.md and work.md went unsaid."""
    site = write_tree(tmp_path / "src", {
        "hugo.toml": 'baseURL = "https://e.org/"\n',
        "content/homepage/index.md": "---\nheadless: true\n---\n",
        "content/homepage/about.md": "---\ntitle: About\n---\nWho we are.\n",
        "content/homepage/work.md": "---\ntitle: Work\n---\nWhat we do.\n",
        "content/post/a.md": "---\ntitle: A\ndate: 2020-01-01\n---\nText.\n",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    assert [p.relative_to(content).as_posix() for p in content.rglob("*.md")] == ["post/a.md"]
    assert "headless" in dict(report.skipped)["content/homepage/index.md"] and "about.md, work.md" in dict(report.skipped)["content/homepage/index.md"]


def test_an_index_file_nested_in_a_leaf_bundle_is_a_resource_not_a_page(tmp_path):
    """tektoncd/website's blog bundle carries a sample app, with
    .../sample-app/src/main/resources/templates/index.html: published as a
    page of its own, a whole HTML document in a <div>. A leaf bundle has no
    pages below it, whatever the depth or the name of the file."""
    site = write_tree(tmp_path / "src", {
        "hugo.toml": 'baseURL = "https://e.org/"\n',
        "content/blog/2023/post/index.md": "---\ntitle: Post\ndate: 2023-05-01\n---\nText.\n",
        "content/blog/2023/post/app/templates/index.html": "<!DOCTYPE html><html><body>Thymeleaf</body></html>\n",
        "content/blog/2023/post/extra/index.md": "---\ntitle: Extra\n---\nA resource.\n",
        "content/blog/2023/post/extra/_index.md": "---\ntitle: Extra list\n---\nA resource too.\n",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    assert [p.relative_to(content).as_posix() for p in content.rglob("*.md")] == ["blog/post/index.md"]
    assert report.stories() == 1 and not report.written["page"]


def test_files_the_configs_ignorefiles_match_are_left_out_and_said(tmp_path):
    """tektoncd/website sets ignoreFiles: [vendor/.*] (it pulls those files in
    with a shortcode of its own); the import published its 5 vendor/ files as
    pages. Hugo matches each regexp, unanchored, against the file's path."""
    site = write_tree(tmp_path / "src", {
        "config.yaml": "baseURL: https://e.org/\nIgnoreFiles:\n  - vendor/.*\n  - \\.draft\\.md$\n  - '(unclosed'\n",
        "content/vendor/disclaimer.md": "---\ntitle: Disclaimer\n---\nText.\n",
        "content/docs/vendor/google.md": "---\ntitle: Google\n---\nText.\n",
        "content/docs/next.draft.md": "---\ntitle: Next\n---\nText.\n",
        "content/docs/vendors.md": "---\ntitle: Vendors\n---\nKept.\n",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    assert [p.relative_to(content).as_posix() for p in content.rglob("*.md")] == ["pages/docs/vendors.md"]
    skipped = dict(report.skipped)
    assert skipped["content/vendor/disclaimer.md"] == "the config's ignoreFiles 'vendor/.*' matches it: Hugo reads no such file"
    assert "'vendor/.*'" in skipped["content/docs/vendor/google.md"] and "'\\\\.draft\\\\.md$'" in skipped["content/docs/next.draft.md"]
    assert any("'(unclosed'" in what for _, what in report.changed)


@pytest.mark.parametrize("path_to_lower", [True, False])
def test_a_file_beside_a_page_is_found_by_the_lower_cased_url_hugo_gave_it(tmp_path, path_to_lower):
    """tekton.dev's docs/Concepts/concept-model.md shows
    /docs/concepts/concept-runs.png, which sits beside it in
    content/en/docs/Concepts/: Hugo lower-cases the paths it publishes
    pages and their files at. The import said "not found" and did not copy
    it. With disablePathToLower, Hugo's URL keeps the folder's case."""
    site = write_tree(tmp_path / "src", {
        "hugo.toml": 'baseURL = "https://e.org/"\n' + ("" if path_to_lower else "disablePathToLower = true\n"),
        "content/docs/Concepts/_index.md": "---\ntitle: Concepts\n---\n",
        "content/docs/Concepts/model.md": "---\ntitle: Model\n---\n![Runs](/docs/concepts/Runs.png)\n",
        "content/docs/Concepts/Runs.png": b"\x89PNG\r\n\x1a\n",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    assert (content / "docs" / "concepts" / "Runs.png").is_file() is path_to_lower
    assert bool(report.missing_assets) is not path_to_lower


def test_a_pages_tags_are_kept_for_templates(tmp_path):
    """cncf/glossary's terms are undated pages with tags: dropped unsaid."""
    site = write_tree(tmp_path / "src", {
        "hugo.toml": 'baseURL = "https://e.org/"\n',
        "content/terms/abstraction.md": "---\ntitle: Abstraction\ntags: [fundamental, property]\ncategories: [concept]\n---\nText.\n",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    [term] = content.rglob("abstraction.md")
    assert front_matter(term)[0]["extra"]["tags"] == ["concept", "fundamental", "property"]
    assert report.keys_kept["tags (of a page)"] == 1


def test_permalinks_by_page_kind_and_bundles_of_one_day(tmp_path):
    """linkerd.io writes Hugo 0.115's `permalinks: {page: {blog: …}}`: the
    pattern was not found, and all 158 old URLs were wrong. Its bundles
    of one day (blog/2021/0317-a/index.md, …/0317-b/index.md) were taken
    for stories sharing the name "index", and got …-index/ URLs."""
    site = write_tree(tmp_path / "src", {
        "hugo.yaml": "baseURL: https://e.org/\npermalinks:\n  page:\n    blog: /:year/:month/:day/:slug/\n  section:\n    blog: /news/\n",
        "content/blog/2021/0317-a/index.md": "---\ntitle: Community meeting\ndate: 2021-03-17T00:00:00Z\n---\nA.\n",
        "content/blog/2021/0317-b/index.md": "---\ntitle: Vote for your hero\ndate: 2021-03-17T00:00:00Z\n---\nB.\n",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    fronts = {p.parent.name: front_matter(p)[0] for p in content.rglob("index.md")}
    assert fronts["0317-a"]["aliases"] == ["/2021/03/17/community-meeting/"], fronts
    assert fronts["0317-b"]["aliases"] == ["/2021/03/17/vote-for-your-hero/"]
    assert "slug" not in fronts["0317-a"] and "slug" not in fronts["0317-b"] and not report.changed, report.changed


def test_params_are_read_as_the_pages_own(tmp_path):
    """linkerd.io's posts say `params: {author: kevin, thumbnail: …}`, which
    Hugo gives templates as the page's own: the byline was lost under extra.params."""
    site = write_tree(tmp_path / "src", {
        "hugo.toml": 'baseURL = "https://e.org/"\n',
        "content/blog/a.md": "---\ntitle: A\ndate: 2021-03-17T10:00:00Z\nparams:\n  author: John Smith\n  mood: calm\n"
                             "  date: 2000-01-01\n---\nText.\n",
        "content/blog/b.md": "---\ntitle: B\ndate: 2021-03-18T10:00:00Z\nauthor: Ann Lee\nparams:\n  author: Not this\n---\nText.\n",
    })
    content = tmp_path / "content"
    _import(site, content)
    a, b = front_matter(content / "blog" / "a.md")[0], front_matter(content / "blog" / "b.md")[0]
    assert a["author"] == "John Smith" and a["date"].startswith("2021-03-17"), a
    assert a["extra"] == {"mood": "calm", "params": {"date": "2000-01-01"}}, a  # Hugo's own fields stay the site's values
    assert b["author"] == "Ann Lee"


def test_a_list_page_at_newsgens_search_page_is_left_out(tmp_path):
    """linkerd.io's content/search/_index.md (its theme fills /search/)
    became a section, and the build failed on it, --keep-going too."""
    site = write_tree(tmp_path / "src", {
        "hugo.toml": 'baseURL = "https://e.org/"\n',
        "content/search/_index.md": "---\ntitle: Search results\n---\n",
        "content/blog/a.md": "---\ntitle: A\ndate: 2021-03-17T10:00:00Z\n---\nText.\n",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    assert not (content / "search").exists() and "/search/" in dict(report.skipped)["content/search/_index.md"]


def test_the_terms_of_every_taxonomy_are_tags_in_each_language(tmp_path):
    """PaperMod's exampleSite has a `series` taxonomy, and its French
    edition names its tags FRtags: their terms were kept as extra, no topic."""
    site = write_tree(tmp_path / "src", {
        "hugo.yaml": "baseURL: https://e.org/\ntaxonomies:\n  tag: tags\n  series: series\nlanguages:\n  en: {weight: 1}\n"
                     "  fr:\n    weight: 2\n    taxonomies: {tag: FRtags}\n",
        "content/posts/guide.md": "---\ntitle: Guide\ndate: 2019-03-11\nseries: [Themes Guide]\ntags: [hugo]\n---\nEN.\n",
        "content/posts/guide.fr.md": "---\ntitle: Guide FR\ndate: 2019-03-11\nFRtags: [markdown, css]\n---\nFR.\n",
    })
    content = tmp_path / "content"
    _import(site, content)
    fronts = {p.name: front_matter(p)[0] for p in content.rglob("guide*.md")}
    english = next(f for name, f in fronts.items() if "fr" not in name)
    french = next(f for name, f in fronts.items() if "fr" in name)
    assert english["tags"] == ["hugo", "Themes Guide"] and "extra" not in english, english
    assert french["tags"] == ["markdown", "css"] and "extra" not in french, french


def test_a_page_without_front_matter_and_a_bundle_at_the_root_are_pages_at_hugos_urls(tmp_path):
    """Hugo publishes a file without front matter (hugo-book has eleven),
    and content/team/index.md, a leaf bundle of the home section, at
    /team/ (jpanther/congo). The first was left out; the second got the
    old URL //team/, dropped, and in a second language /es//team/, which
    failed the build."""
    site = _hugo_site(tmp_path, 'defaultContentLanguage = "en"\n[languages.en]\n[languages.es]\n', {
        "content/docs/shortcodes/buttons.md": "# Buttons\n\nPress them.\n",
        "content/team/index.md": "---\ntitle: Team\ndate: 2020-08-14\n---\nTeam.\n",
        "content/team/index.es.md": "---\ntitle: Equipo\ndate: 2020-08-14\n---\nEquipo.\n",
        "content/team/photo.jpg": b"\xff\xd8\xff",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    assert not report.skipped
    pages = {p.relative_to(content).as_posix(): front_matter(p) for p in (content / "pages").rglob("*.md")}
    [buttons] = [front for rel, (front, body) in pages.items() if rel.endswith("buttons.md")]
    assert buttons["aliases"] == ["/docs/shortcodes/buttons/"] and buttons["title"] == "Buttons"
    aliases = sorted(alias for front, _ in pages.values() for alias in front.get("aliases", ()) if "team" in alias)
    assert aliases == ["/es/team/", "/team/"]


def test_a_summary_in_front_matter_is_markdown_as_hugo_reads_it(tmp_path):
    """jpanther/congo: `summary: This is an _example_ of a **rich** summary
    with `code`.` Hugo renders it; the dek and the meta description showed
    the underscores and asterisks."""
    site = _hugo_site(tmp_path, "", {"content/posts/rich.md": "---\ntitle: Rich\ndate: 2019-03-10\n"
                                                           "summary: This is an _example_ of a **rich** summary with `code`.\n---\nText.\n"})
    content = tmp_path / "content"
    _import(site, content)
    front, _ = front_matter(content / "posts" / "rich.md")
    assert front["summary"] == "This is an example of a rich summary with code."


def test_config_files_in_folders_below_config_default_are_read(tmp_path):
    """falco-website keeps its content mount in config/_default/module/module.yaml:
    Hugo walks the folder and names each file's settings by its base name. The
    import read only the folder's top, and put all 160 posts in a section 'en'."""
    site = write_tree(tmp_path / "src", {
        "config/_default/config.toml": 'baseURL = "https://falco.org/"\n[permalinks]\nblog = "/blog/:slug/"\n',
        "config/_default/module/module.yaml": "mounts:\n  - source: content/en\n    target: content\n",
        "content/en/blog/first-post.md": "---\ntitle: First post\ndate: 2020-01-02\n---\nText.\n",
    })
    content = tmp_path / "content"
    _import(site, content)
    front, _ = front_matter(content / "blog" / "first-post.md")
    assert front["aliases"] == ["/blog/first-post/"]


def test_a_netlify_redirects_file_in_static_becomes_old_urls(tmp_path):
    """A Hugo site on Netlify keeps its redirects in static/_redirects, which
    Hugo publishes as it is: the import neither copied nor read it, and every
    old URL in it went 404 unsaid. A rule to an imported page is that page's
    old URL; each other one is reported with why."""
    redirects = ("# moved\n/old-one /posts/one/\n/2019/one.html /posts/one/ 301!\n/old-blog /blog/ 308\n"
                 "/news/* /posts/:splat 301\n/tmp /posts/one/ 302\n/fr/x /fr/ 301 Language=fr\n/store id=3 /posts/one/\n"
                 "/other https://elsewhere.example/x\n/posts/one/ /blog/\n")
    site = _hugo_site(tmp_path, "", {
        "content/posts/one.md": "---\ntitle: One\ndate: 2020-01-02\n---\nText.\n",
        "content/blog/_index.md": "---\ntitle: Blog\n---\nAll.\n",
        "content/blog/b.md": "---\ntitle: B\ndate: 2020-01-03\n---\nB.\n",
        "static/_redirects": redirects})
    content = tmp_path / "content"
    report = _import(site, content)
    assert front_matter(content / "posts" / "one.md")[0]["aliases"] == ["/posts/one/", "/old-one", "/2019/one.html", "/store?id=3"]
    assert front_matter(content / "blog" / "_index.md")[0]["aliases"] == ["/old-blog"]
    why = dict(report.skipped)
    assert "splat" in why["static/_redirects line 5"] and "temporary redirect (302)" in why["static/_redirects line 6"]
    assert "conditions" in why["static/_redirects line 7"] and "another site, https://elsewhere.example/x" in why["static/_redirects line 9"]
    assert "already a URL of an imported story" in why["static/_redirects line 10"]
    assert len(report.skipped) == 5 and report.keys_mapped["_redirects → aliases of the page it leads to"] == 4


def test_a_ref_with_a_relative_path_is_read_from_the_pages_folder_as_hugo_reads_it(tmp_path):
    """`{{< relref "../features/post.md" >}}`: Hugo reads a path without a
    leading `/` from the page's folder first (a leaf bundle's `../x.md` from
    the bundle's own); the import looked it up as a name of the site's and
    left it in the text, and took `two.md`, a name two sections have, for unknown."""
    site = _hugo_site(tmp_path, "", {
        "content/news/one.md": '---\ntitle: One\ndate: 2020-01-02\n---\n[f]({{< relref "../features/post.md" >}}) '
                               '[g]({{< ref "../features/post" >}}) [t]({{< relref "two.md" >}}) [p]({{< relref "./two.md#part" >}}) '
                               '[m]({{< relref "../nowhere/x.md" >}})\n',
        "content/news/two.md": "---\ntitle: Two\ndate: 2020-01-03\n---\nTwo.\n",
        "content/features/post.md": "---\ntitle: Post\ndate: 2020-01-04\n---\nPost.\n",
        "content/features/two.md": "---\ntitle: Other two\ndate: 2020-01-05\n---\nOther.\n",
        "content/news/bundle/index.md": '---\ntitle: Bundle\ndate: 2020-01-06\n---\n[u]({{< relref "../one.md" >}}) '
                                        '[t]({{< relref "two" >}}) [f]({{< relref "../../features/post.md" >}})\n'})
    content = tmp_path / "content"
    report = _import(site, content)
    _, body = front_matter(content / "news" / "one.md")
    assert body.strip() == ('[f](../features/post.md) [g](../features/post.md) [t](two.md) [p](two.md#part) '
                            '[m]({{< relref "../nowhere/x.md" >}})')
    assert front_matter(content / "news" / "bundle" / "index.md")[1].strip() == "[u](../one.md) [t](../two.md) [f](../../features/post.md)"
    assert report.converted["Hugo relref"] == 6 and report.left["Hugo relref"] == 1


# kedacore/keda-docs' layouts/_default/_markup/render-link.html (Apache-2.0): a Markdown link's path, looked up with GetPage.
KEDA_RENDER_LINK = """{{- $link := .Destination -}}
{{ $isRemote := strings.HasPrefix $link "http" }}
{{- if not $isRemote -}}
{{ $url := urls.Parse .Destination }}
{{- if $url.Path -}}
{{- $fragment := "" -}}
{{- with $url.Fragment }}{{ $fragment = printf "#%s" . }}{{ end -}}
{{- if .Page.GetPage $url.Path }}{{ $link = printf "%s%s" (.Page.GetPage $url.Path).RelPermalink $fragment }}{{ end }}{{ end -}}
{{- end -}}
<a href="{{ $link | safeURL }}"{{ with .Title }} title="{{ . }}"{{ end }}>{{- .Text | safeHTML -}}</a>
"""


def test_a_render_link_hook_finding_pages_with_getpage_leads_to_them(tmp_path, capsys):
    """keda.sh's render-link hook looks each Markdown link's path up with
    `.Page.GetPage` and links the page found at its permalink:
    `[x](./../concepts/scaling-deployments.md#activating)`, `[x](./security)`
    and `[x](../scalers)` from a page's folder, `[x](/docs/2.0/scalers/foo)`
    from the content folder. The import read them as browsers read them from
    the old URL, and the build called them broken. A path GetPage does not
    find (`../../1.4/deploy`, `foo`, which a ref would look up as a name)
    stays one a browser reads; so does another site's."""
    from generator.cli import main

    site = _hugo_site(tmp_path, "", {
        "layouts/_default/_markup/render-link.html": KEDA_RENDER_LINK,
        "content/docs/2.0/_index.md": "---\ntitle: Docs\n---\nDocs.\n",
        "content/docs/2.0/scalers/_index.md": "---\ntitle: Scalers\n---\nAll of them.\n",
        "content/docs/2.0/scalers/foo.md": "---\ntitle: Foo\n---\nSee [scaling](./../concepts/scaling.md#activating) and [jobs](../concepts/scaling-jobs/).\n",
        "content/docs/2.0/concepts/scaling.md": "---\ntitle: Scaling\n---\n## Activating\n\n[foo](/docs/2.0/scalers/foo) [list](../scalers) "
                                                "[jobs](./scaling-jobs#spec \"Jobs\") [old](../../1.4/deploy) [v15](../../1.5/deploy) [keda](https://keda.sh/docs/) "
                                                "[named](foo) `[code](./scaling-jobs)`\n\n[ref]: scaling-jobs.md\n",
        "content/docs/2.0/concepts/scaling-jobs.md": "---\ntitle: Jobs\n---\n## Spec\n\n[Back][ref]\n\n[ref]: scaling.md\n",
        "content/docs/1.5/deploy.md": "---\ntitle: Deploy\n---\nDeploy.\n",
    })
    target = tmp_path / "site"
    assert main(["init", str(target)]) == 0
    assert main(["import", "--from", "hugo", str(site), "--site", str(target)]) == 0
    _, body = front_matter(target / "content" / "pages" / "docs" / "2-0" / "concepts" / "scaling.md")
    assert ("[foo](../scalers/foo.md) [list](../scalers.md) [jobs](scaling-jobs.md#spec \"Jobs\") [old](/docs/2.0/1.4/deploy) "
            "[v15](../../1-5/deploy.md) [keda](https://keda.sh/docs/) [named](/docs/2.0/concepts/scaling/foo) `[code](./scaling-jobs)`") in body
    assert "[ref]: scaling-jobs.md" in body
    capsys.readouterr()
    assert main(["build", "--site", str(target), "--now", "2030-01-01T00:00:00+00:00"]) == 0
    assert "scaling-jobs" not in capsys.readouterr().err  # no broken link to it
    foo = (target / "output" / "docs" / "2-0" / "scalers" / "foo" / "index.html").read_text()
    assert 'href="../../concepts/scaling/index.html#activating"' in foo and 'href="../../concepts/scaling-jobs/index.html"' in foo
    jobs = (target / "output" / "docs" / "2-0" / "concepts" / "scaling-jobs" / "index.html").read_text()
    assert '<a href="../scaling/index.html">Back' in jobs


def test_hugos_own_render_link_hook_finds_pages_where_the_config_turns_it_on(tmp_path):
    """Hugo's embedded render-link hook (markup.goldmark.renderHooks.link
    useEmbedded, or the older enableDefault) looks a link up with GetPage as
    keda.sh's does; without a hook, Hugo wrote the link as it is, which a
    browser read from the page's URL."""
    files = {"content/news/one.md": "---\ntitle: One\ndate: 2020-01-02\n---\n[two](two.md) [bundle](../features/b#x)\n",
             "content/news/two.md": "---\ntitle: Two\ndate: 2020-01-03\n---\nTwo.\n",
             "content/features/b/index.md": "---\ntitle: B\ndate: 2020-01-04\n---\nB.\n"}
    for name, config in (("embedded", '[markup.goldmark.renderHooks.link]\nuseEmbedded = "always"\n'),
                         ("default", "[markup.goldmark.renderHooks.link]\nenableDefault = true\n")):
        _import(_hugo_site(tmp_path / name, config, files), tmp_path / name / "content")
        assert front_matter(tmp_path / name / "content" / "news" / "one.md")[1].strip() == "[two](two.md) [bundle](../features/b/index.md#x)"
    _import(_hugo_site(tmp_path / "none", "", files), tmp_path / "none" / "content")
    assert front_matter(tmp_path / "none" / "content" / "news" / "one.md")[1].strip() == "[two](two.md) [bundle](/news/features/b#x)"


def test_a_relative_link_climbing_above_the_root_stops_there_as_in_a_browser(tmp_path):
    """vitessio/website's docs/archive/pdfs/_index.md links
    ../../../../files/version-pdfs/Docs-12.0.pdf from /docs/archive/pdfs/:
    a browser keeps `..` at the root (RFC 3986 5.2.4) and loads
    /files/version-pdfs/Docs-12.0.pdf from static/. The import called the
    file missing, and the build failed on a link leaving the site."""
    site = _hugo_site(tmp_path, "", {
        "content/docs/archive/pdfs/_index.md": "---\ntitle: Older docs\n---\n[12.0](../../../../files/version-pdfs/Docs-12.0.pdf) "
                                               "[up](../../../../../docs/)\n",
        "static/files/version-pdfs/Docs-12.0.pdf": b"%PDF",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    _, body = front_matter(content / "pages" / "docs" / "archive" / "pdfs.md")
    assert body.strip() == "[12.0](/files/version-pdfs/Docs-12.0.pdf) [up](/docs/)"
    assert (content / "files" / "version-pdfs" / "Docs-12.0.pdf").read_bytes() == b"%PDF" and not report.missing_assets


@pytest.mark.parametrize("files", [
    {"config.toml": 'baseURL = "https://e.org/"\ndefaultContentLanguageInSubdir = true\ndisableLanguages = ["zh"]\n'
                    '[languages.en]\ncontentDir = "content/en"\nweight = 1\n[languages.zh]\ncontentDir = "content/zh"\nweight = 2\n'},
    {"config/_default/hugo.yaml": "baseURL: https://e.org/\ndefaultContentLanguageInSubdir: true\n",
     "config/_default/languages.yaml": "en:\n  contentDir: content/en\n  weight: 1\nzh:\n  contentDir: content/zh\n  weight: 2\n  disabled: true\n"},
])
def test_a_language_the_config_disables_is_left_out_said_once(tmp_path, files):
    """vitessio/website sets disableLanguages = ["zh"]: Hugo renders nothing
    of content/zh. The import brought its 652 files as `language: zh`, the
    report asked for a zh edition, and the build published them."""
    site = write_tree(tmp_path / "src", {**files,
                                         "content/en/blog/schema.md": "---\ntitle: Schema\ndate: 2022-01-11\n---\nText.\n",
                                         "content/zh/blog/schema.md": "---\ntitle: 模式\ndate: 2022-01-11\n---\n草稿。\n",
                                         "content/zh/blog/other.md": "---\ntitle: 其他\ndate: 2022-01-12\n---\n草稿。\n"})
    content = tmp_path / "content"
    report = _import(site, content)
    assert sorted(path.name for path in content.rglob("*.md")) == ["schema.md"]
    assert front_matter(content / "blog" / "schema.md")[0]["aliases"] == ["/en/blog/schema/"]
    assert report.skipped == [("content/zh/", "2 files in zh, a language the config disables (disableLanguages or disabled = true): "
                                               "Hugo renders none of its pages, nor does the import bring them")]
    assert not any("languages.zh" in line for line in report.settings)


def test_a_disabled_languages_files_named_by_their_suffix_are_left_out(tmp_path):
    site = _hugo_site(tmp_path, 'disableLanguages = ["fr"]\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n', {
        "content/news/a.md": "---\ntitle: A\ndate: 2020-01-01\n---\nA.\n",
        "content/news/a.fr.md": "---\ntitle: A\ndate: 2020-01-01\n---\nA en français.\n"})
    content = tmp_path / "content"
    report = _import(site, content)
    assert [path.name for path in content.rglob("*.md")] == ["a.md"]
    assert report.skipped[0][0] == "content/" and report.skipped[0][1].startswith("1 file in fr,")


def test_a_pages_old_url_keeps_the_dots_and_underscores_of_its_path(tmp_path, capsys):
    """Hugo serves content/docs/15.0/reference/vtadmin/operators_guide.md at
    /docs/15.0/reference/vtadmin/operators_guide/ (its path sanitized, not
    made a slug); the import gave vitessio/website's ~4,400 docs pages the old
    URL /docs/15-0/…/operators-guide/, and links written with the real one were broken."""
    from generator.cli import main

    source = _hugo_site(tmp_path, "", {
        "content/docs/15.0/_index.md": "---\ntitle: Docs 15.0\n---\nThe docs.\n",
        "content/docs/15.0/reference/vtadmin/operators_guide.md": "---\ntitle: Operator's guide\n---\nSee [the intro](../getting_started/).\n",
        "content/docs/15.0/reference/vtadmin/getting_started.md": "---\ntitle: Getting started\n---\nStart.\n",
        "content/blog/hello.md": "---\ntitle: Hello\ndate: 2024-01-02\n---\n[Guide](/docs/15.0/reference/vtadmin/operators_guide/)\n"})
    site = tmp_path / "site"
    site.mkdir()
    (site / "site.toml").write_text('title = "T"\nbase_url = "https://example.org/"\n')
    content = site / "content"
    _import(source, content)
    guide = content / "pages" / "docs" / "15-0" / "reference" / "vtadmin" / "operators-guide.md"
    front, body = front_matter(guide)
    assert front["aliases"] == ["/docs/15.0/reference/vtadmin/operators_guide/"]
    assert "[the intro](/docs/15.0/reference/vtadmin/getting_started/)" in body
    assert front_matter(content / "pages" / "docs" / "15-0.md")[0]["aliases"] == ["/docs/15.0/"]
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00"]) == 0
    assert "broken" not in capsys.readouterr().err


def test_two_files_of_one_hugo_path_are_said_as_hugo_decided(tmp_path):
    """vitessio/website has docs/18.0/programs/vtbackup.md and
    vtbackup/_index.md, one page /docs/18.0/programs/vtbackup/ in Hugo, which
    publishes the file it reads last, the list page in the folder. Into an
    empty content/ the import said "1 already in content/ … delete one to
    import it again", which changed nothing when done."""
    site = _hugo_site(tmp_path, "", {
        "content/docs/programs/vtbackup.md": "---\ntitle: vtbackup\ndescription: Backup\n---\nLeaf page.\n",
        "content/docs/programs/vtbackup/_index.md": "---\ntitle: vtbackup\n---\nSection page.\n",
        "content/docs/programs/vtctl.md": "---\ntitle: vtctl\n---\nA page.\n",
        "content/docs/programs/vtctl/index.md": "---\ntitle: vtctl bundle\n---\nThe bundle.\n"})
    content = tmp_path / "content"
    report = _import(site, content)
    assert not report.present
    assert front_matter(content / "pages" / "docs" / "programs" / "vtbackup.md")[1].strip() == "Section page."
    assert front_matter(content / "pages" / "docs" / "programs" / "vtctl.md")[1].strip() == "The bundle."
    assert dict(report.skipped) == {
        "content/docs/programs/vtbackup.md": "content/docs/programs/vtbackup/_index.md is Hugo's page /docs/programs/vtbackup too "
                                             "(a duplicate content path), and Hugo published that one in its place: the file it reads "
                                             "last, one in a folder after one beside it",
        "content/docs/programs/vtctl.md": "content/docs/programs/vtctl/index.md is Hugo's page /docs/programs/vtctl too "
                                          "(a duplicate content path), and Hugo published that one in its place: the file it reads "
                                          "last, one in a folder after one beside it"}


def test_a_name_starting_with_its_month_and_day_gets_its_year_not_a_repeated_date(tmp_path):
    """mypaint-website keeps blog/2019/09-01-libmypaint-1.4.0-release.md,
    the year a folder, the month and day the name's start: its new URL was
    /blog/2019/09/01/09-01-libmypaint-1-4-0-release/, the day twice, and its
    file blog/09-01-….md had lost the year. A name whose month and day are
    not its date's stays as it is."""
    site = _hugo_site(tmp_path, "[permalinks]\nblog = '/blog/:year/:month/:day/:slug'\n", {
        "content/blog/2019/09-01-release-1.4.0.md": "+++\ntitle = 'Release 1.4.0'\ndate = 2019-09-01T00:00:00Z\n+++\nOne.\n",
        "content/blog/2020/09-01-release-1.4.0.md": "+++\ntitle = 'Release again'\ndate = 2020-09-01T00:00:00Z\n+++\nTwo.\n",
        "content/blog/2019/10-30-state.md": "+++\ntitle = 'State'\ndate = 2019-11-02T00:00:00Z\n+++\nThree.\n",
        "content/blog/2020/02-16-bundle/index.md": "+++\ntitle = 'Bundle'\ndate = 2020-02-16T00:00:00Z\n+++\n![a](pic.png)\n",
        "content/blog/2020/02-16-bundle/pic.png": b"\x89PNG\r\n\x1a\n",
    })
    root = tmp_path / "site"
    write_tree(root, {"site.toml": 'title = "T"\nbase_url = "https://e.org/"\n'})
    report = _import(site, root / "content")
    blog = root / "content" / "blog"
    assert sorted(path.relative_to(blog).as_posix() for path in blog.rglob("*.md")) == [
        "10-30-state.md", "2019-09-01-release-1-4-0.md", "2020-02-16-bundle/index.md", "2020-09-01-release-1-4-0.md"]
    assert front_matter(blog / "2019-09-01-release-1-4-0.md")[0]["aliases"] == ["/blog/2019/09/01/release-1.4.0/"]
    assert not report.skipped and not report.present
    built = SiteBuilder(load_config(root)).build(BuildMode(now=NOW))
    assert built.articles == 4
    assert (root / "output" / "blog" / "2019" / "09" / "01" / "release-1-4-0" / "index.html").is_file()
    assert (root / "output" / "blog" / "2020" / "02" / "16" / "bundle" / "index.html").is_file()


def test_a_heading_with_a_footnote_or_a_link_suggests_hugos_heading_ids(tmp_path):
    """r-hub/blog: `## Not so temporary files[^3]` was #not-so-temporary-files3
    on the Hugo site (goldmark makes the id of the heading's Markdown), which
    another post links to; the import suggested nothing, and the link broke."""
    site = _hugo_site(tmp_path, "", {"content/post/prefs.md": "---\ntitle: P\ndate: 2020-03-12\n---\n"
                                                               "## Not so temporary files[^3]\n\nT.\n\n[^3]: N.\n"})
    settings = _import(site, tmp_path / "a").settings
    assert settings[0] == "[markdown]  # the stories' Markdown as Hugo read it"
    assert settings[1].startswith('heading_ids = "hugo"  # goldmark made ids of each heading\'s Markdown')
    plain = _hugo_site(tmp_path / "plain", "", {"content/post/p.md": "---\ntitle: P\ndate: 2020-03-12\n---\n## Plain\n\nT.\n"})
    assert not _import(plain, tmp_path / "b").settings


def test_a_newsgen_key_of_another_shape_is_kept_under_extra_and_the_site_builds(tmp_path):
    """volcano-sh/website (Academic theme): content/en/home/required.md has
    `[[featured]]` tables, widget entries, and the import copied them as
    newsgen's `featured` flag: the build failed ("'featured' must be true or
    false (unquoted), not a list"). A value the build cannot read for its
    key (a flag, a kind, a text) is the site's own, kept as any unknown key is."""
    site = _hugo_site(tmp_path, "", {
        "content/home/required.md": '+++\ntitle = "Required"\ndate = 2019-05-01\nwidget = "featured"\n'
                                    '[[featured]]\nname = "Spark"\nurl = "https://spark.apache.org/"\n+++\nText.\n',
        "content/posts/a.md": "---\ntitle: A\ndate: 2019-05-02\nfeatured: yes please\nkind: talk\ndateline: [Paris, Rome]\n"
                              "image_alt: {en: A cat}\n---\nBody.\n",
        "content/posts/b.md": "---\ntitle: B\ndate: 2019-05-03\nfeatured: true\nkind: opinion\ndateline: PARIS\n---\nBody.\n",
    })
    root = tmp_path / "site"
    write_tree(root, {"site.toml": 'title = "T"\nbase_url = "https://e.org/"\n'})
    report = _import(site, root / "content")
    [required] = (root / "content").rglob("required.md")
    front, _ = front_matter(required)
    assert "featured" not in front and front["extra"]["featured"] == [{"name": "Spark", "url": "https://spark.apache.org/"}]
    a, _ = front_matter(root / "content" / "posts" / "a.md")
    assert not {"featured", "kind", "dateline", "image_alt"} & set(a), a
    assert a["extra"] == {"featured": "yes please", "kind": "talk", "dateline": ["Paris", "Rome"], "image_alt": {"en": "A cat"}}
    b, _ = front_matter(root / "content" / "posts" / "b.md")
    assert (b["featured"], b["kind"], b["dateline"]) == (True, "opinion", "PARIS") and "extra" not in b
    assert report.keys_kept["featured"] == 2
    assert SiteBuilder(load_config(root)).build(BuildMode(now=NOW)).articles == 3


@pytest.mark.parametrize("pin", [{"hugo.toml": "[blackfriday]\nhrefTargetBlank = true\n"},
                                 {"netlify.toml": '[build.environment]\nHUGO_VERSION = "0.57.2"\n'},
                                 {".hugo-version": "0.54.0\n"},
                                 {"hugo.toml": '[markup]\ndefaultMarkdownHandler = "blackfriday"\n'}])
def test_a_site_of_blackfridays_hugo_is_suggested_its_heading_ids(tmp_path, pin):
    """volcano-sh/website pinned Hugo 0.57.2 (Blackfriday, before goldmark
    became Hugo's in 0.60) and has a [blackfriday] table: its
    `2.1.2. Enable DRA(Dynamic Resource Allocation) in Volcano` was
    #2-1-2-enable-dra-dynamic-resource-allocation-in-volcano, which a post
    links to; the import suggested goldmark's heading_ids = "hugo"."""
    post = {"content/post/dra.md": "---\ntitle: P\ndate: 2020-03-12\n---\n## 2.1.2. Enable DRA(Dynamic Resource Allocation)\n\n"
                                   "## Files[^3]\n\nT.\n\n[^3]: N.\n"}
    config = pin.pop("hugo.toml", "")
    settings = _import(_hugo_site(tmp_path, config, {**post, **pin}), tmp_path / "a").settings
    assert settings[0] == "[markdown]  # the stories' Markdown as Hugo read it"
    assert settings[1].startswith('heading_ids = "blackfriday"  # Hugo made ids with Blackfriday (') and len(settings) == 2, settings
    later = _hugo_site(tmp_path / "later", config, {**post, "netlify.toml": 'HUGO_VERSION = "0.62.0"\n'})
    if "defaultMarkdownHandler" not in config:  # a pinned goldmark Hugo's ids are goldmark's, its [blackfriday] table unread
        assert _import(later, tmp_path / "b").settings[1].startswith('heading_ids = "hugo"')


def test_a_pages_lastmod_in_any_case_is_its_updated(tmp_path):
    """Hugo reads `lastmod` in any case as the page's .Lastmod; the import
    mapped a page's to newsgen's `updated` (counted as `lastMod → updated`)
    and then wrote it nowhere."""
    site = _hugo_site(tmp_path, "", {
        "content/about.md": "---\ntitle: About\ndate: 2021-05-01\nlastMod: 2021-05-06\n---\nText.\n",
        "content/post/p.md": "---\ntitle: P\ndate: 2021-05-01\nLastmod: 2021-05-07\n---\nText.\n",
    })
    content = tmp_path / "content"
    _import(site, content)
    about, _ = front_matter(content / "pages" / "about.md")
    assert about["updated"].startswith("2021-05-06") and "extra" not in about, about
    assert front_matter(content / "post" / "p.md")[0]["updated"].startswith("2021-05-07")


def test_an_integer_with_leading_zeros_is_read_as_the_hugo_of_its_day_read_it(tmp_path):
    """volcano-sh's posts (Hugo 0.57) wrote `dateday = 07`: TOML 1.0 refuses
    it, so 7 published posts were skipped; Hugo's TOML reader took it as 7
    until Hugo 0.80. Where anything else is wrong, the file is still skipped."""
    site = _hugo_site(tmp_path, "", {
        "content/blog/quick-start.md": '+++\ntitle = "Quick start"\ndate = 2019-03-28\ndateday = 07\n+++\nText.\n',
        "content/blog/broken.md": '+++\ntitle = "Broken"\ndate = 2019-03-29\ndateday = 07\ntags = [\n+++\nText.\n',
    })
    report = _import(site, tmp_path / "content")
    front, body = front_matter(tmp_path / "content" / "blog" / "quick-start.md")
    assert front["title"] == "Quick start" and front["extra"]["dateday"] == 7 and body.strip() == "Text."
    assert any(origin.endswith("quick-start.md") and "leading zeros dropped" in why for origin, why in report.changed), report.changed
    assert [origin for origin, _ in report.skipped if "not valid TOML" in _] == ["content/blog/broken.md"], report.skipped


def test_a_file_of_the_themes_static_folder_is_found_and_copied(tmp_path):
    """tidyverse.org's pages show the hugo-graphite theme's images/cover.png
    and link its css/article-image.css, files only in
    themes/hugo-graphite/static/: Hugo publishes the site's and its theme's
    static folders as one (the site's file first). The import reported them
    missing and the build warned of broken links."""
    site = _hugo_site(tmp_path, 'theme = "graphite"\n', {
        "themes/graphite/static/images/cover.png": b"\x89PNG theme",
        "themes/graphite/static/images/logo.png": b"\x89PNG theme logo",
        "static/images/logo.png": b"\x89PNG site logo",
        "content/learn/index.md": '---\ntitle: Learn\n---\n<img src="../images/cover.png" alt="The book">\n\n![Logo](/images/logo.png)\n',
    })
    report = _import(site, tmp_path / "content")
    assert not report.missing_assets, report.missing_assets
    assert (tmp_path / "content" / "images" / "cover.png").read_bytes() == b"\x89PNG theme"
    assert (tmp_path / "content" / "images" / "logo.png").read_bytes() == b"\x89PNG site logo"  # the site's wins


def test_the_old_sites_term_pages_and_feeds_redirect_to_newsgens_after_an_import(tmp_path, capsys):
    """Hugo published each term of each taxonomy (/categories/releases/,
    /series/migration/, /tags/c++/) and an RSS feed of the home page, each
    section and each term (/index.xml, /posts/index.xml): after an import,
    links and subscriptions to them went 404. Each is recorded under [moved]
    in urls.toml, to newsgen's tag page or feed, and a first build
    redirects every one to a page it publishes."""
    source = _hugo_site(tmp_path, '[taxonomies]\ntag = "tags"\ncategory = "categories"\nseries = "series"\nauthor = "authors"\n', {
        "content/posts/one.md": '---\ntitle: One\ndate: 2024-01-02\ntags: ["C++", Go]\ncategories: [Releases]\n'
                                'series: [Migration]\nauthors: [Ann Lee]\n---\nText.\n',
        "content/note.md": "---\ntitle: A note\ndate: 2024-01-04\ntags: [Go]\n---\nText.\n",  # in no section
        "content/posts/draft.md": "---\ntitle: Draft\ndate: 2024-01-03\ndraft: true\ncategories: [Unseen]\n---\nText.\n",
        "content/posts/later.md": "---\ntitle: Later\ndate: 2999-01-01\ncategories: [Someday]\n---\nText.\n"})
    site, moved = imported_with_moved(tmp_path, capsys, "hugo", source)
    assert moved == {'"/categories/releases/"': '"/tags/releases/"', '"/categories/releases/index.xml"': '"/tags/releases/feed.xml"',
                     '"/series/migration/"': '"/tags/migration/"', '"/series/migration/index.xml"': '"/tags/migration/feed.xml"',
                     '"/tags/c++/"': '"/tags/c-plus-plus/"', '"/tags/c++/index.xml"': '"/tags/c-plus-plus/feed.xml"',
                     '"/tags/go/index.xml"': '"/tags/go/feed.xml"', '"/posts/index.xml"': '"/posts/feed.xml"',
                     '"/authors/ann-lee/index.xml"': '"/authors/ann-lee/feed.xml"',  # (its page is at newsgen's URL)
                     '"/index.xml"': '"/feed.xml"'}  # (not the draft's or the later story's terms: no page)
    redirects = redirects_built(site, capsys)
    assert "\n/categories/releases/ /tags/releases/ 301\n" in redirects and "\n/index.xml /feed.xml 301\n" in redirects


def test_markdown_in_an_html_block_marks_every_element_the_block_leaves_open(tmp_path):
    """`<div class="outer">` then `<div class="inner">` and a blank line: in
    goldmark both hold the Markdown after the blank line. Marking only the
    inner one left its markdown="1" unread inside raw HTML, and in the page;
    an element closed within the block is raw HTML, so it is not marked."""
    from generator.content.markdown import MarkdownRenderer

    site = write_tree(tmp_path / "site", {
        "hugo.toml": 'baseURL = "https://example.org/"\n',
        "content/posts/nest.md": '---\ntitle: "Nest"\ndate: 2021-01-01\n---\n<div class="outer">\n<aside class="inner">\n'
                                 '<div class="rule"></div>\n\n## Nested\n\n</aside>\n</div>\n',
    })
    _import(site, tmp_path / "content")
    [body] = [p.read_text().split("---\n", 2)[2] for p in (tmp_path / "content").rglob("*nest.md")]
    assert '<div class="outer" markdown="1">\n<aside class="inner" markdown="1">\n<div class="rule"></div>' in body, body
    html = MarkdownRenderer().render(body)
    assert '<div class="outer">\n<aside class="inner">\n<div class="rule"></div>\n<h2 id="nested">Nested</h2>' in html, html


@pytest.mark.parametrize("config, files", [
    ("buildFuture = true\n", {}),
    ("", {"netlify.toml": '[build]\ncommand = "hugo --gc --buildFuture"\n'}),
])
def test_a_site_hugo_built_with_future_content_is_told_the_flag_that_publishes_it(tmp_path, config, files):
    """roweb3 builds with buildFuture (its coming events are on its pages):
    imported, an event dated later was held back as scheduled, unsaid. The
    report says so, with newsgen's --future."""
    source = _hugo_site(tmp_path, config, {**files, "content/events/2999-01-01-meetup.md": "---\ntitle: Meetup\ndate: 2999-01-01\n---\nSoon.\n",
                                           "content/events/2020-01-01-past.md": "---\ntitle: Past\ndate: 2020-01-01\n---\nDone.\n"})
    report = _import(source, tmp_path / "content")
    [said] = [why for _, why in report.changed if "future" in why]
    assert "1 story is dated in the future (the first: content/events/2999-01-01-meetup.md)" in said
    assert "`newsgen build --future`" in said


def test_a_site_built_without_future_content_is_told_nothing_of_it(tmp_path):
    source = _hugo_site(tmp_path, "", {"netlify.toml": '[build]\ncommand = "hugo --gc --minify"\n',
                                       "content/events/2999-01-01-meetup.md": "---\ntitle: Meetup\ndate: 2999-01-01\n---\nSoon.\n"})
    report = _import(source, tmp_path / "content")
    assert not [why for _, why in report.changed if "future" in why]


@pytest.mark.parametrize("config, files, expected", [
    ("", {}, "on <https://docs.ropensci.org/> and [www.example.com](https://www.example.com)."),  # goldmark's linkify, on by default
    ("[markup.goldmark.extensions]\nlinkify = false\n", {}, "on https://docs.ropensci.org/ and www.example.com."),
    ("", {".hugo-version": "0.55.6\n"}, "on <https://docs.ropensci.org/> and www.example.com."),  # Blackfriday's autolink: http(s) alone
    ('[blackfriday]\nextensionsMask = ["autolink"]\n', {".hugo-version": "0.55.6\n"}, "on https://docs.ropensci.org/ and www.example.com."),
])
def test_a_bare_web_address_stays_the_link_hugos_markdown_made_it(tmp_path, config, files, expected):
    """Hugo's goldmark links a bare address (roweb3's "published on
    https://docs.ropensci.org/", in 68 pages); newsgen's Markdown shows it
    as text, so the import writes it as a link, as the Eleventy import does
    for markdown-it's linkify, and leaves code and links as they are."""
    from generator.content.markdown import MarkdownRenderer

    source = _hugo_site(tmp_path, config, {**files, "content/blog/one.md": (
        "---\ntitle: One\ndate: 2020-01-01\n---\nDocs are published on https://docs.ropensci.org/ and www.example.com.\n\n"
        "Run `curl https://example.org/x` or see [www.example.net](https://example.net/).\n")})
    _import(source, tmp_path / "content")
    [body] = [p.read_text().split("---\n", 2)[2] for p in (tmp_path / "content").rglob("one.md")]
    assert f"Docs are published {expected}" in body
    assert "Run `curl https://example.org/x` or see [www.example.net](https://example.net/)." in body
    if "[www" in expected:
        html = MarkdownRenderer().render(body)
        assert '<a href="https://docs.ropensci.org/">' in html and '<a href="https://www.example.com">www.example.com</a>' in html


def test_an_authors_translated_files_are_one_author_whose_bio_is_its_text(tmp_path):
    """roweb3's content/author/maëlle-salmon/_index.md has _index.es.md,
    .fr.md and .pt.md beside it: Hugo's one term in four languages. Each
    became an author of its own (maelle-salmon-es…, named alike, with no
    story); and the `bio:` they give was kept under extra, not the author's text."""
    source = _hugo_site(tmp_path, '[languages.en]\nweight = 1\n[languages.es]\nweight = 2\n[taxonomies]\nauthor = "author"\n', {
        "content/author/maëlle-salmon/_index.md": "---\nname: Maëlle Salmon\nbio: Research Software Engineer\n---\n",
        "content/author/maëlle-salmon/_index.es.md": "---\nname: Maëlle Salmon\nbio: Ingeniera de software\n---\n",
        "content/author/ann-lee/_index.md": "---\nname: Ann Lee\nbio: Not this\n---\nAnn's own text.\n",
        "content/blog/2020-01-01-one.md": "---\ntitle: One\ndate: 2020-01-01\nauthor: Maëlle Salmon\n---\nText.\n"})
    content = tmp_path / "content"
    report = _import(source, content)
    assert sorted(p.name for p in (content / "authors").iterdir()) == ["ann-lee.md", "maelle-salmon.md"]
    author, bio = front_matter(content / "authors" / "maelle-salmon.md")
    assert author == {"name": "Maëlle Salmon"} and bio.strip() == "Research Software Engineer"
    assert ("content/author/maëlle-salmon/_index.es.md",
            "the es version of the author content/author/maëlle-salmon/_index.md: one author in newsgen, whose page every edition has") \
        in report.skipped
    author, text = front_matter(content / "authors" / "ann-lee.md")
    assert text.strip() == "Ann's own text." and author["extra"] == {"bio": "Not this"}


def test_the_old_pages_and_feeds_of_an_author_taxonomys_terms_redirect_to_the_authors_pages(tmp_path, capsys):
    """roweb3 (`author = "author"`) had /author/steffi-lazerte/ and its
    index.xml, in each language: the import made its authors newsgen's but
    kept none of those URLs, so the old pages and feeds went 404 and ~480
    links in its posts were broken. Each term of a published story is
    recorded under [moved], to the author's page and feed in newsgen, in its
    language's edition; a link to it then leads there."""
    source = _hugo_site(tmp_path, 'defaultContentLanguage = "en"\n[languages.en]\nweight = 1\n[languages.es]\nweight = 2\n'
                                  '[taxonomies]\ntag = "tags"\nauthor = "author"\n', {
        "content/author/maëlle-salmon/_index.md": "---\nname: Maëlle Salmon\n---\n",
        "content/blog/2020-01-01-one.md": "---\ntitle: One\ndate: 2020-01-01\nauthor: [Maëlle Salmon, Ann Lee]\n---\n"
                                          "By [Ann](/author/ann-lee/).\n",
        "content/blog/2020-01-01-one.es.md": "---\ntitle: Uno\ndate: 2020-01-01\nauthor: Maëlle Salmon\n---\nHola.\n",
        "content/blog/2999-01-01-later.md": "---\ntitle: Later\ndate: 2999-01-01\nauthor: Someone Later\n---\nSoon.\n"})
    site, moved = imported_with_moved(tmp_path, capsys, "hugo", source)
    authors = {old: new for old, new in moved.items() if "author" in old}
    assert authors == {'"/author/maëlle-salmon/"': '"/authors/maelle-salmon/"',
                       '"/author/maëlle-salmon/index.xml"': '"/authors/maelle-salmon/feed.xml"',
                       '"/author/ann-lee/"': '"/authors/ann-lee/"', '"/author/ann-lee/index.xml"': '"/authors/ann-lee/feed.xml"',
                       '"/es/author/maëlle-salmon/"': '"/es/authors/maelle-salmon/"',
                       '"/es/author/maëlle-salmon/index.xml"': '"/es/authors/maelle-salmon/feed.xml"'}  # (not the later story's)
    with (site / "site.toml").open("a") as toml:
        toml.write('\n[languages.es]\ntitle = "T"\npath = "/es/"\n')
    from generator.cli import main

    capsys.readouterr()
    assert main(["build", "--site", str(site), "--now", "2026-01-01T00:00:00+00:00"]) == 0
    assert "[moved]" not in (err := capsys.readouterr().err) and "/author/ann-lee/" not in err  # (no broken link)
    redirects = (site / "output" / "_redirects").read_text(encoding="utf-8")
    assert "\n/author/ann-lee/ /authors/ann-lee/ 301\n" in redirects
    assert "\n/es/author/maëlle-salmon/index.xml /es/authors/maelle-salmon/feed.xml 301\n" in redirects


def test_a_term_whose_old_url_no_moved_line_can_name_is_left_out_and_said(tmp_path, capsys):
    """A tag `C#` made Hugo's /tags/c#/, and the import wrote it (and its
    index.xml) under [moved], where the next build refused it as no old
    site path. The import writes only lines the build reads: the others are
    left out, and the report names them."""
    from generator.cli import main

    source = _hugo_site(tmp_path, "", {
        "content/posts/one.md": '---\ntitle: One\ndate: 2024-01-02\ntags: ["C#", Go]\n---\nText.\n'})
    site = tmp_path / "site"
    assert main(["init", str(site)]) == 0
    capsys.readouterr()
    assert main(["import", "--from", "hugo", str(source), "--site", str(site)]) == 0
    out = capsys.readouterr().out
    assert "2 old addresses left out of [moved] in urls.toml" in out and "/tags/c#/" in out
    ledger = (site / "urls.toml").read_text(encoding="utf-8")
    assert '"/tags/go/index.xml"' in ledger and "c#" not in ledger
    redirects_built(site, capsys)  # (the build reads every line)


def test_an_alias_that_climbs_to_the_site_root_is_not_redirected(tmp_path):
    """`aliases: ["../../.."]` on /posts/sub/a/ is the site's root, where Hugo
    wrote the home page over the alias: the import kept `/` as an alias,
    silently, and the first build stopped ("it is a page of the site")."""
    site = _hugo_site(tmp_path, "", {
        "content/posts/sub/a.md": "---\ntitle: A\ndate: 2020-01-01\naliases: ['../../..', '/index.html', old]\n---\nBody.\n",
    })
    root = tmp_path / "site"
    write_tree(root, {"site.toml": 'title = "T"\nbase_url = "https://e.org/"\n'})
    report = _import(site, root / "content")
    [story] = (root / "content").rglob("*a.md")
    assert "/" not in front_matter(story)[0]["aliases"] and "/index.html" not in front_matter(story)[0]["aliases"]
    assert "/posts/sub/old/" in front_matter(story)[0]["aliases"]
    said = [why for origin, why in report.changed if origin == "content/posts/sub/a.md"]
    assert any(why.startswith("/ is the new site's front page") for why in said), said
    assert any(why.startswith("/index.html is the new site's front page") for why in said), said
    assert SiteBuilder(load_config(root)).build(BuildMode(now=NOW)).articles == 1
