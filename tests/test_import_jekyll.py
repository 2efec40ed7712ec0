"""Importing the Jekyll fixture (GSA/Section508.gov, see its LICENSE.md) and small made-up sites."""

import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.content.template_syntax import find_template_syntax
from generator.importers.common import HOME_PAGE, ImportReport, write_import
from generator.importers.jekyll import read_jekyll

from .conftest import front_matter, imported_with_moved, redirects_built, write_tree

SITE = Path(__file__).parent / "fixtures" / "import" / "jekyll-site"


def _import(site, content):
    report = ImportReport()
    write_import(content, list(read_jekyll(site, report, ZoneInfo("UTC"))), report)
    return report


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    content = tmp_path_factory.mktemp("site") / "content"
    return content, _import(SITE, content)


def test_every_post_becomes_a_story(imported):
    content, report = imported
    posts = [p for p in SITE.rglob("*") if p.is_file() and ("_posts" in p.parts or "_drafts" in p.parts)]
    assert len(posts) == 21
    assert report.stories() == len(posts)
    written = [p for p in content.rglob("*.md") if p.parts[-2] not in ("authors", "pages")]
    assert len(written) == len(posts)
    assert report.written["author"] == 4 and report.written["page"] == 1


def test_date_from_the_file_name_and_the_config_timezone(imported):
    content, _ = imported
    front, _ = front_matter(content / "news" / "2021-09-09-moving-to-federalist.md")  # 2021-9-9 in the file name, no date: key
    assert front["date"] == "2021-09-09"  # a date alone: the story shows no time of day, as Jekyll's did


def test_authors_resolved_to_names(imported):
    content, report = imported
    front, _ = front_matter(content / "posts" / "2023-10-02-blog-hhs-assessment-insights.md")
    assert front["authors"] == ["Kate Sweeney", "Department of Health and Human Services"]
    author, bio = front_matter(content / "authors" / "sweeney-kate.md")
    assert author["name"] == "Kate Sweeney" and author["role"].startswith("Director") and "HHS Section 508" in bio
    assert report.keys_mapped["contributors → authors"] == 2


def test_categories_become_section_and_tags(imported):
    content, _ = imported
    front, _ = front_matter(content / "policy" / "2017-12-12-blog-section-508-refresh.md")
    assert front["tags"] == ["Management", "Policy-and-Management"]
    assert (content / "news" / "2018-06-01-blog-section508-facelift.md").exists()  # news/_posts/
    front, _ = front_matter(content / "posts" / "2024-05-14-byte-000.md")
    assert front["tags"] == ["Accessibility-Bytes", "Policy-and-Management"]  # a string split on spaces


def test_drafts_and_unpublished(imported):
    content, report = imported
    assert front_matter(content / "posts" / "omb-508-agency-report-draft.md")[0]["draft"] is True
    assert front_matter(content / "posts" / "2017-11-09-blog-accessibility-requirements-tool-coming-soon.md")[0]["draft"] is True
    assert report.written["draft"] == 2


def test_old_urls_in_aliases(imported):
    content, _ = imported
    front, _ = front_matter(content / "posts" / "2024-05-16-byte-001.md")
    assert front["aliases"] == ["/blog/accessibility-bytes/use-document-accessibility-checkers/", "/blog/accessibility-bytes/1/",
                                "/blog/accessibility-bytes/built-in-checkers/"]
    page, _ = front_matter(content / "pages" / "contact-us.md")
    assert page["aliases"] == ["/contact-us/", "/manage/support-information/"]


def test_no_template_syntax_left_and_counts_match(imported):
    content, report = imported
    left = [f for p in content.rglob("*.md") for f in find_template_syntax(p.read_text(encoding="utf-8"))]
    assert left == []
    assert not report.left
    raw = "".join(p.read_text(encoding="utf-8") for p in SITE.rglob("*.md") if "_posts" in p.parts or "_pages" in p.parts)
    assert report.converted["Liquid comment"] == raw.count("{% comment %}")
    baseurls = raw.count("{{ site.baseurl }}") + raw.count("{{site.baseurl}}")
    assert report.converted["Liquid site.baseurl/site.url"] == baseurls


def test_assets_copied_and_missing_reported(imported):
    content, report = imported
    assert (content / "assets" / "images" / "byte-003-figure-1.jpg").read_bytes() == (SITE / "assets/images/byte-003-figure-1.jpg").read_bytes()
    assert report.assets == 3
    assert ("_posts/2024-06-13-byte-002.md", "/assets/images/byte-002-figure-1.jpg") in report.missing_assets


def test_rerun_writes_nothing_new(imported):
    content, _ = imported
    again = _import(SITE, content)
    assert sum(again.written.values()) == 0 and again.assets == 0 and len(again.present) == 26


def test_small_site_features(tmp_path):
    site = tmp_path / "src"
    (site / "_posts").mkdir(parents=True)
    (site / "_data").mkdir()
    (site / "_config.yml").write_text("permalink: /:categories/:year/:i_month/:i_day/:title:output_ext\n")
    (site / "_data" / "authors.yml").write_text("eric:\n  name: Eric Mill\n  twitter: konklone\n")
    (site / "_posts" / "2014-09-25-budget-vote.md").write_text(
        "\ufeff---\ntitle: Budget\ncategories: [Local News, council]\nauthor: eric\ndate: 2014-09-25 8:32:24 -0400\n"
        "layout: post\nfoo: bar\n---\nSee [next]({% post_url 2014-10-01-next %}).\n")
    (site / "_posts" / "2014-10-01-next.html").write_text("---\ntitle: Next\n---\n<p>Hi</p>\n")
    content = tmp_path / "content"
    report = _import(site, content)
    front, body = front_matter(content / "local-news" / "2014-09-25-budget-vote.md")
    assert front["date"] == "2014-09-25T08:32:24-04:00" and front["author"] == "Eric Mill"
    assert front["tags"] == ["council"] and front["extra"] == {"foo": "bar"}
    # Jekyll lowers categories but does not slug them (jekyll/jekyll#5813): it served /local%20news/council/….
    assert front["aliases"] == ["/local news/council/2014/9/25/budget-vote.html"]
    assert "[next](../posts/2014-10-01-next.md)" in body
    assert report.keys_kept["foo"] == 1
    assert front_matter(content / "authors" / "eric.md")[0]["links"] == {"Twitter": "https://twitter.com/konklone"}


def test_end_to_end_build(tmp_path):
    from generator.cli import main

    site = _new_site(tmp_path)
    report = _import(SITE, site / "content")
    main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00", "--keep-going"])
    stories = [p for p in (site / "content").rglob("*.md") if p.parts[-2] not in ("authors", "pages")
               and not front_matter(p)[0].get("draft")]
    pages = {p.parent.name for p in (site / "output").rglob("index.html")}
    built = [p for p in stories if p.stem.split("-", 3)[-1] in pages]
    assert len(stories) == report.written["story"] == 19
    assert len(built) >= 0.99 * len(stories), sorted(p.name for p in stories if p not in built)


def test_an_authors_collection_gives_author_files_and_names(tmp_path):
    """18F's Jekyll site keeps authors as a collection: _authors/ID.md, the
    ID in `name`, the name to show in `full_name`, the bio as its text."""
    site = tmp_path / "src"
    (site / "_posts").mkdir(parents=True)
    (site / "_authors").mkdir()
    (site / "_authors" / "melody.md").write_text("---\nname: melody\nfirst_name: Melody\nfull_name: Melody Kramer\n---\nEditor.\n")
    (site / "_authors" / "ada.md").write_text("---\nfirst_name: Ada\nlast_name: Lovelace\n---\n")
    (site / "_posts" / "2016-03-21-why.md").write_text("---\ntitle: Why\nauthors: [melody, ada]\n---\nText.\n")
    content = tmp_path / "content"
    report = _import(site, content)
    melody, bio = front_matter(content / "authors" / "melody.md")
    assert melody["name"] == "Melody Kramer" and bio.strip() == "Editor."
    assert front_matter(content / "authors" / "ada.md")[0]["name"] == "Ada Lovelace"
    post, _ = front_matter(content / "posts" / "2016-03-21-why.md")
    assert post["authors"] == ["Melody Kramer", "Ada Lovelace"]
    assert report.written["author"] == 2


@pytest.mark.parametrize("byline, expected", [
    ("melody, ada", {"authors": ["Melody Kramer", "Ada Lovelace"]}),  # the ids of two authors
    ("Josh Aas, ISRG Executive Director", {"author": "Josh Aas, ISRG Executive Director"}),  # one byline (Let's Encrypt's)
    ("[Josh Aas, Sarah Gran]", {"authors": ["Josh Aas", "Sarah Gran"]}),
])
def test_a_byline_is_split_only_into_known_authors(tmp_path, byline, expected):
    site = tmp_path / "src"
    (site / "_posts").mkdir(parents=True)
    (site / "_authors").mkdir()
    (site / "_authors" / "melody.md").write_text("---\nfull_name: Melody Kramer\n---\n")
    (site / "_authors" / "ada.md").write_text("---\nfull_name: Ada Lovelace\n---\n")
    (site / "_posts" / "2016-03-21-why.md").write_text(f"---\ntitle: Why\nauthor: {byline}\n---\nText.\n")
    content = tmp_path / "content"
    _import(site, content)
    post, _ = front_matter(content / "posts" / "2016-03-21-why.md")
    assert {key: post[key] for key in ("author", "authors") if key in post} == expected


@pytest.mark.parametrize("config, expected", [
    ("collections:\n  posts:\n    output: true\n    permalink: /news/:year/:month/:day/:title/\n", "/news/2016/05/18/release/"),  # jekyll/jekyll's docs
    ("permalink: pretty\ndefaults:\n  - scope: {path: \"\", type: posts}\n    values: {permalink: /blog/:title/}\n"
     "  - scope: {path: _posts/team}\n    values: {permalink: /team/:title/}\n", "/blog/release/"),
    ("permalink: pretty\n", "/2016/05/18/release/"),
])
def test_the_old_url_follows_jekylls_permalink_settings(tmp_path, config, expected):
    site = tmp_path / "src"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text(config)
    (site / "_posts" / "2016-05-18-release.md").write_text("---\ntitle: Release\n---\nText.\n")
    content = tmp_path / "content"
    _import(site, content)
    assert front_matter(content / "posts" / "2016-05-18-release.md")[0]["aliases"] == [expected]


def test_dates_are_read_in_the_site_zone_as_jekyll_reads_them(tmp_path):
    """Jekyll moves a post's date to the site's zone before it makes the URL;
    a date written alone shows no time of day; site.toml is told the zone."""
    site = tmp_path / "src"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("timezone: America/Los_Angeles\npermalink: date\n")
    (site / "_posts" / "2016-08-24-offset.md").write_text("---\ntitle: Offset\ndate: 2016-08-25 09:50:00 +0300\n---\nText.\n")
    (site / "_posts" / "2018-07-06-bare.md").write_text("---\ntitle: Bare\ndate: 2018-07-06\n---\nText.\n")
    content = tmp_path / "content"
    report = _import(site, content)
    offset, _ = front_matter(content / "posts" / "2016-08-24-offset.md")
    assert offset["aliases"] == ["/2016/08/24/offset.html"] and offset["date"] == "2016-08-25T09:50:00+03:00"
    assert front_matter(content / "posts" / "2018-07-06-bare.md")[0]["date"] == "2018-07-06"
    assert any('timezone = "America/Los_Angeles"' in line for line in report.lines())


def test_a_redirect_to_page_becomes_an_alias_of_the_page_it_leads_to(tmp_path):
    """jekyll-redirect-from's stubs (18F's site has about 15): no empty page
    at a made-up path, but the old URL redirecting where it did."""
    site = tmp_path / "src"
    (site / "pages" / "tags").mkdir(parents=True)
    (site / "_posts").mkdir()
    (site / "_config.yml").write_text("url: https://example.gov\n")
    (site / "pages" / "team.md").write_text("---\ntitle: Team\npermalink: /team/\n---\nWho we are.\n")
    (site / "pages" / "old-team.md").write_text("---\npermalink: /about/team/\nredirect_to: https://example.gov/team/\n---\n")
    (site / "pages" / "tags" / "how we work.md").write_text("---\npermalink: /tags/how we work/\nredirect_to: /tags/how-we-work/\n---\n")
    (site / "_posts" / "2020-01-02-a.md").write_text("---\ntitle: A\n---\nText.\n")
    content = tmp_path / "content"
    report = _import(site, content)
    assert sorted(p.name for p in (content / "pages").glob("*.md")) == ["team.md"]
    assert front_matter(content / "pages" / "team.md")[0]["aliases"] == ["/team/", "/about/team/"]
    [(origin, why)] = report.skipped
    assert origin == "pages/tags/how we work.md" and "/tags/how-we-work/, a page newsgen makes itself" in why


def test_pages_at_newsgens_own_urls_are_fitted_and_the_site_builds(tmp_path, capsys):
    """jekyll/jekyll's /team/ page beside posts in the `team` category, and a
    theme's search page: each stopped the build of the imported site."""
    from generator.cli import main

    source = tmp_path / "src"
    (source / "pages").mkdir(parents=True)
    (source / "_posts").mkdir()
    (source / "pages" / "team.md").write_text("---\ntitle: The team\npermalink: /team/\n---\nWho we are.\n")
    (source / "search.md").write_text("---\ntitle: Search\nlayout: search\n---\n")
    (source / "_posts" / "2020-01-02-hello.md").write_text("---\ntitle: Hello\ncategory: team\n---\nText.\n")
    site = _new_site(tmp_path)
    report = _import(source, site / "content")
    assert front_matter(site / "content" / "team" / "_index.md")[0] == {"title": "The team"}
    assert not (site / "content" / "pages").exists()
    assert [origin for origin, _ in report.skipped] == ["search.md"] and [origin for origin, _ in report.changed] == ["pages/team.md"]
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00"]) == 0, capsys.readouterr().err
    team = (site / "output" / "team" / "index.html").read_text()
    assert "Who we are." in team and "Hello" in team


def test_the_report_names_what_it_left_each_once_and_shortly():
    report = ImportReport(source="src")
    report.present = ["pages/about.md"]  # newsgen init's own about page, beside the archive's
    report.missing_assets = [("_posts/a.md", "/assets/x.png")] * 2  # one story naming one file twice (18F)
    report.keys_kept["In the movies hackers are often dangerous criminals who break into large systems"] = 1
    report.skipped = [(f"WordPress item {n}", "nav_menu_item: a menu entry") for n in range(100)]  # wptest has 102
    lines = report.lines()
    assert sum("nav_menu_item" in line for line in lines) == 4 and "    … and 97 more: nav_menu_item: a menu entry" in lines
    assert any("already in content/" in line and "pages/about.md" in line for line in lines)
    assert sum("/assets/x.png" in line for line in lines) == 1 and any(line.startswith("  1 referenced file") for line in lines)
    assert all(len(line) < 120 for line in lines), lines


def test_the_documents_of_a_published_collection_become_pages(tmp_path):
    """jekyll/jekyll's documentation is its _docs collection; one Jekyll
    does not publish (no `output: true`) stays out, as it does there."""
    site = tmp_path / "src"
    for folder in ("_docs/usage", "_tutorials", "_notes"):
        (site / folder).mkdir(parents=True)
    (site / "_config.yml").write_text("collections:\n  docs:\n    output: true\n    permalink: /docs/:path/\n"
                                      "  tutorials:\n    output: true\n  notes:\n    output: false\n")
    (site / "_docs" / "usage" / "history.md").write_text("---\ntitle: History\n---\nReleases.\n")
    (site / "_tutorials" / "convert.md").write_text("---\ntitle: Convert\n---\nSteps.\n")
    (site / "_notes" / "private.md").write_text("---\ntitle: Private\n---\nNot published.\n")
    content = tmp_path / "content"
    _import(site, content)
    assert sorted(p.relative_to(content).as_posix() for p in content.rglob("*.md")) == [
        "pages/docs/usage/history.md", "pages/tutorials/convert.md"]  # at their old URLs' folders
    assert front_matter(content / "pages" / "docs" / "usage" / "history.md")[0]["aliases"] == ["/docs/usage/history/"]
    assert front_matter(content / "pages" / "tutorials" / "convert.md")[0]["aliases"] == ["/tutorials/convert.html"]


def test_two_files_naming_one_old_url_and_links_between_pages(tmp_path):
    """jekyll/jekyll's docs: conduct.md and code_of_conduct.md both
    redirect_from /conduct/index.html (the build would refuse both), and a
    tutorial links to a doc with {% link _docs/x.md %}."""
    site = tmp_path / "src"
    for folder in ("_docs", "_tutorials"):
        (site / folder).mkdir(parents=True)
    (site / "_config.yml").write_text("collections:\n  docs:\n    output: true\n    permalink: /docs/:path/\n  tutorials:\n    output: true\n")
    (site / "_docs" / "code_of_conduct.md").write_text("---\ntitle: Code\nredirect_from: /conduct/index.html\n---\nBe kind.\n")
    (site / "_docs" / "conduct.md").write_text("---\ntitle: Conduct\nredirect_from: /conduct/index.html\n---\nBe kind.\n")
    (site / "_tutorials" / "start.md").write_text("---\ntitle: Start\n---\nFirst [read the code]({% link _docs/code_of_conduct.md %}).\n")
    content = tmp_path / "content"
    report = _import(site, content)
    code, conduct = (front_matter(content / "pages" / "docs" / f"{name}.md")[0] for name in ("code-of-conduct", "conduct"))
    assert code["aliases"] == ["/docs/code_of_conduct/", "/conduct/index.html"] and conduct["aliases"] == ["/docs/conduct/"]
    assert [origin for origin, _ in report.changed] == ["_docs/conduct.md"]
    assert "(../docs/code-of-conduct.md)" in front_matter(content / "pages" / "tutorials" / "start.md")[1]


def test_a_page_kept_as_folder_index_is_the_page_of_its_folder(tmp_path):
    """ruby-lang.org keeps its pages as en/about/index.md: 49 of 53 were
    dropped unsaid. The site's own index.md is still the front page's."""
    site = tmp_path / "src"
    (site / "en" / "about").mkdir(parents=True)
    (site / "_config.yml").write_text("permalink: pretty\n")
    (site / "index.md").write_text("---\ntitle: Home\n---\nWelcome.\n")
    (site / "en" / "about" / "index.md").write_text("---\ntitle: About Ruby\n---\nA language.\n")
    content = tmp_path / "content"
    report = _import(site, content)
    assert [p.relative_to(content).as_posix() for p in content.rglob("*.md")] == ["pages/en/about.md"]
    assert front_matter(content / "pages" / "en" / "about.md")[0]["aliases"] == ["/en/about/"]
    assert report.written["page"] == 1


def test_newsgen_inits_samples_give_way_to_the_archive(tmp_path, capsys):
    """Following the README (init, then import): the sample about page hid
    the archive's, and the sample story stayed published unsaid."""
    from generator.cli import main

    site = tmp_path / "site"
    assert main(["init", str(site)]) == 0
    source = tmp_path / "src"
    (source / "_posts").mkdir(parents=True)
    (source / "about.md").write_text("---\ntitle: About the Gazette\n---\nWe report.\n")
    (source / "_posts" / "2020-01-02-a.md").write_text("---\ntitle: A\n---\nText.\n")
    capsys.readouterr()
    assert main(["import", "--from", "jekyll", str(source), "--site", str(site)]) == 0
    out = capsys.readouterr().out
    assert front_matter(site / "content" / "pages" / "about.md")[0]["title"] == "About the Gazette"
    assert "sample about page" in out and "-welcome.md: newsgen init's sample story is still published" in out


def test_an_excerpt_with_markup_becomes_a_plain_summary(tmp_path):
    """newsgen's summary is text: an excerpt's <b> was shown as written."""
    site = tmp_path / "src"
    (site / "_posts").mkdir(parents=True)
    (site / "_posts" / "2020-01-02-a.md").write_text("---\ntitle: A\nexcerpt: \"A <b>bold</b> and *keen* start.\"\n---\nText.\n")
    content = tmp_path / "content"
    _import(site, content)
    assert front_matter(content / "posts" / "2020-01-02-a.md")[0]["summary"] == "A bold and keen start."


def _initialised_site(tmp_path) -> Path:
    """A site `newsgen init` made at tmp_path/site, its sample stories deleted, for an import to fill."""
    from generator.cli import main

    site = tmp_path / "site"
    assert main(["init", str(site)]) == 0
    for sample in (site / "content").rglob("*.md"):
        sample.unlink()
    return site


def _new_site(tmp_path) -> Path:
    """An empty newsgen site at tmp_path/site, for an import to fill."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "site.toml").write_text('title = "T"\nbase_url = "https://example.org/"\n')
    return site


def _jekyll_site(tmp_path, config: str, files: dict[str, str]) -> Path:
    return write_tree(tmp_path / "src", {"_config.yml": config, **files})


def test_what_exclude_names_stays_out_and_include_lets_a_folder_in(tmp_path):
    """18F excludes spec/, whose test page went live at /test/;
    minimal-mistakes keeps its pages in _pages, named by `include:`, and
    its about page was left out unsaid."""
    site = _jekyll_site(tmp_path, "exclude: [spec/, old, '*.tmp.md']\ninclude: [_pages]\n", {
        "spec/pages/test.md": "---\ntitle: For test purposes only\npermalink: /test/\n---\nT.\n",
        "spec/_posts/2020-02-02-fixture.md": "---\ntitle: Fixture\n---\nT.\n",
        "old/secret.md": "---\ntitle: Secret\n---\nT.\n",
        "draft.tmp.md": "---\ntitle: Scratch\n---\nT.\n",
        "_pages/about.md": "---\ntitle: About\npermalink: /about/\n---\nWho we are.\n",
        "_posts/2020-01-02-a.md": "---\ntitle: A\n---\nText.\n",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    written = sorted(p.relative_to(content).as_posix() for p in content.rglob("*.md"))
    assert written == ["pages/about.md", "posts/2020-01-02-a.md"]
    assert front_matter(content / "pages" / "about.md")[0]["aliases"] == ["/about/"] and report.stories() == 1


def test_a_date_newsgen_cannot_read_is_no_reason_to_publish(tmp_path):
    """minimal-mistakes' "Post: Future Date" (date: 9999-12-31), held back by
    Jekyll, was published on its file name's date, unsaid."""
    site = _jekyll_site(tmp_path, "", {"_posts/2010-10-25-future.md": "---\ntitle: Future\ndate: 9999-12-31\n---\nT.\n",
                                       "_posts/2010-10-26-soon.md": "---\ntitle: Soon\ndate: soon\n---\nT.\n"})
    content = tmp_path / "content"
    report = _import(site, content)
    for name, written in (("2010-10-25-future.md", "9999-12-31"), ("2010-10-26-soon.md", "soon")):
        front, _ = front_matter(content / "posts" / name)
        assert front["draft"] is True
        assert any(origin == f"_posts/{name}" and f"its date {written} cannot be read" in why for origin, why in report.changed)
    assert "(years 1 to 9998)" in dict(report.changed)["_posts/2010-10-25-future.md"]
    assert "(years" not in dict(report.changed)["_posts/2010-10-26-soon.md"]


def test_a_date_no_calendar_has_in_another_key_is_text_as_in_jekyll(tmp_path):
    """w3c/wai-website has `last_updated: 2022-00-00` and `2021-04-31`:
    Ruby's Psych keeps such a scalar as text and Jekyll builds the page;
    PyYAML's date constructor raised, and the import ended in an internal error."""
    site = _jekyll_site(tmp_path, "", {"_posts/2020-01-01-post.md": "---\ntitle: Post\nlast_updated: 2021-04-31\n---\nT.\n",
                                       "about.md": "---\ntitle: About\nlast_updated: 2022-00-00\n---\nHello.\n"})
    content = tmp_path / "content"
    report = _import(site, content)
    front, _ = front_matter(content / "posts" / "2020-01-01-post.md")
    assert front["date"] == "2020-01-01" and front["extra"]["updated"] == "2021-04-31" and "draft" not in front
    assert "its 'updated' 2021-04-31 cannot be read as a date" in dict(report.changed)["_posts/2020-01-01-post.md"]
    assert (content / "pages" / "about.md").is_file()


def test_a_date_rubys_time_parse_reads_is_read(tmp_path):
    """jekyll/jekyll's 3.9.3 release post is dated `2023-01-29 18:30:22 2023
    -0800`, which Ruby reads and Jekyll publishes: it became a draft."""
    site = _jekyll_site(tmp_path, "", {"_posts/2023-01-29-released.md": "---\ntitle: Released\ndate: 2023-01-29 18:30:22 2023 -0800\n---\nT.\n"})
    content = tmp_path / "content"
    report = _import(site, content)
    front, _ = front_matter(content / "posts" / "2023-01-29-released.md")
    assert front["date"] == "2023-01-29T18:30:22-08:00" and "draft" not in front and not report.changed


def test_a_date_written_day_first_is_read_as_jekyll_reads_it(tmp_path):
    """A site's `date: 11-9-2017`: Ruby's Time.parse reads it day first and
    Jekyll published the post at /2017/09/11/; newsgen, refusing to guess the
    order, made it a draft dated by its file name (2017-11-09). `12-31-2017`
    stops Jekyll ("Invalid date"): a draft, and the report says what to write."""
    site = _jekyll_site(tmp_path, "permalink: /:year/:month/:day/:title/\n", {
        "_posts/2017-11-09-dmy.md": "---\ntitle: Dmy\ndate: 11-9-2017\n---\nT.\n",
        "_posts/2017-09-13-timed.md": "---\ntitle: Timed\ndate: 13/9/2017 10:30 +0200\n---\nT.\n",
        "_posts/2017-12-31-bad.md": "---\ntitle: Bad\ndate: 12-31-2017\n---\nT.\n"})
    content = tmp_path / "content"
    report = _import(site, content)
    front, _ = front_matter(content / "posts" / "2017-11-09-dmy.md")
    assert front["date"] == "2017-09-11" and front["aliases"] == ["/2017/09/11/dmy/"] and "draft" not in front
    assert "read day first" in dict(report.changed)["_posts/2017-11-09-dmy.md"]
    front, _ = front_matter(content / "posts" / "2017-09-13-timed.md")
    assert front["date"] == "2017-09-13T10:30:00+02:00" and "_posts/2017-09-13-timed.md" not in dict(report.changed)
    front, _ = front_matter(content / "posts" / "2017-12-31-bad.md")
    assert front["draft"] is True
    assert "write `date: 2017-12-31`" in dict(report.changed)["_posts/2017-12-31-bad.md"]


def test_front_matter_jekyll_reads_is_read_and_the_rest_said_where(tmp_path):
    """18F's content-debt post has a tab after a list item: Jekyll (libyaml)
    reads it, PyYAML's own parser did not, and the post was dropped as
    having 'no front matter'."""
    site = _jekyll_site(tmp_path, "", {
        "_posts/2016-05-19-debt.md": "---\ntitle: Debt\nauthors:\n- melody\t\t\n---\nBody\n",
        "_posts/2016-05-20-broken.md": "---\ntitle: Broken\ntags: [a, b\n---\nBody\n",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    assert front_matter(content / "posts" / "2016-05-19-debt.md")[0]["author"] == "melody"
    [(origin, why)] = report.skipped
    assert origin == "_posts/2016-05-20-broken.md" and why.startswith("front matter is not valid YAML (line ")


def test_summary_synonyms_rank_as_the_build_reads_them_and_titles_as_jekyll_makes_them(tmp_path):
    """18F's project pages have `subtitle:` before `excerpt:`: the importer took
    the first written, the build the first listed; a post without a title is
    titled as Jekyll's titleize_slug does."""
    site = _jekyll_site(tmp_path, "", {
        "_posts/2020-01-02-edge-case-no-yaml-title.md": "---\nsubtitle: Designing for every user\nexcerpt: What we did.\n---\nT.\n",
    })
    content = tmp_path / "content"
    _import(site, content)
    front, _ = front_matter(content / "posts" / "2020-01-02-edge-case-no-yaml-title.md")
    assert front["summary"] == "What we did." and front["title"] == "Edge Case No Yaml Title"


def test_a_redirect_to_another_site_is_said_as_such(tmp_path):
    """18F's code-of-conduct stub leads to handbook.tts.gsa.gov: reported as
    leading to '/https://handbook…', which no page could ever be at."""
    site = _jekyll_site(tmp_path, "url: https://18f.gsa.gov\n", {
        "pages/conduct.md": "---\npermalink: /code-of-conduct/\nredirect_to: https://handbook.tts.gsa.gov/code-of-conduct/\n---\n",
        "_posts/2020-01-02-a.md": "---\ntitle: A\n---\nText.\n",
    })
    report = _import(site, tmp_path / "content")
    [(origin, why)] = report.skipped
    assert "to another site, https://handbook.tts.gsa.gov/code-of-conduct/" in why and "/code-of-conduct/" in why


def test_an_authors_old_pages_redirect_to_the_new_one(tmp_path, capsys):
    """18F's authors collection published /author/lindsay/, and each file
    keeps redirect_from /team/lindsay/: all 345 old author URLs went 404."""
    from generator.cli import main

    site = _jekyll_site(tmp_path, "collections:\n  authors:\n    output: true\n    permalink: /author/:name/\n", {
        "_authors/lindsay.md": "---\nname: lindsay\nfull_name: Lindsay Young\nredirect_from: /team/lindsay/\n---\nWrites.\n",
        "_posts/2020-01-02-a.md": "---\ntitle: A\nauthors: [lindsay]\n---\nText.\n",
    })
    target = tmp_path / "site"
    target.mkdir()
    (target / "site.toml").write_text('title = "T"\nbase_url = "https://example.org/"\n')
    _import(site, target / "content")
    assert front_matter(target / "content" / "authors" / "lindsay.md")[0]["aliases"] == ["/author/lindsay/", "/team/lindsay/"]
    assert main(["build", "--site", str(target), "--now", "2030-01-01T00:00:00+00:00"]) == 0, capsys.readouterr().err
    redirects = (target / "output" / "_redirects").read_text()
    assert "/author/lindsay/ /authors/lindsay/ 301" in redirects and "/team/lindsay/ /authors/lindsay/ 301" in redirects


def test_html_pages_are_imported_and_theme_pages_said_to_be_left_out(tmp_path):
    """18F's home.html (permalink /, redirect_from /developer/), tags.html
    (a Liquid loop) and 404.md were dropped without a word, and an HTML page
    with its own text, as Jekyll publishes it, was never imported."""
    site = _jekyll_site(tmp_path, "", {
        "home.html": "---\npermalink: /\nredirect_from: /developer/\n---\n{% for post in site.posts %}{{ post.title }}{% endfor %}\n",
        "tags.html": "---\ntitle: Tags\n---\n<ul>{% for tag in site.tags %}<li>{{ tag[0] }}</li>{% endfor %}</ul>\n",
        "404.md": "---\ntitle: Not found\n---\nNothing here.\n",
        "contact.html": "---\ntitle: Contact\n---\n<p>Write to <a href=\"mailto:desk@example.gov\">the desk</a>.</p>\n",
        "_posts/2020-01-02-a.md": "---\ntitle: A\n---\nText.\n",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    front, body = front_matter(content / "pages" / "contact.md")
    assert front["title"] == "Contact" and front["aliases"] == ["/contact.html"] and '<a href="mailto:desk@example.gov">' in body
    why = dict(report.skipped)
    assert why["home.html"].startswith("the home page") and "(/developer/) are not redirected" in why["home.html"]
    assert why["tags.html"].startswith("a template page of the old theme") and why["404.md"].startswith("the page for missing URLs")


def test_a_posts_language_is_kept_and_the_report_gives_its_edition(tmp_path):
    """ruby-lang.org's posts in 16 languages, each with `lang:`: the report
    said 'lang → language ×5247' but wrote none, so every Japanese post was
    published as English, in one edition with the rest."""
    site = _jekyll_site(tmp_path, "title: Ruby\nlang: en\n", {
        "en/news/_posts/2020-01-02-release.md": "---\ntitle: Released\nlang: en\n---\nText.\n",
        "ja/news/_posts/2020-01-02-release.md": "---\ntitle: リリース\nlang: ja\n---\n本文。\n",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    languages = sorted(front_matter(path)[0].get("language") for path in content.rglob("*.md"))
    assert languages == ["en", "ja"]
    at = report.settings.index(next(line for line in report.settings if line.startswith("[languages.ja]")))
    assert tomllib.loads("\n".join(report.settings[at:at + 3])) == {"languages": {"ja": {"title": "Ruby", "path": "/ja/"}}}


def test_an_edition_of_a_site_without_a_title_is_suggested_without_an_empty_one(tmp_path):
    """ruby-lang.org's _config.yml has no `title` (its locales hold the
    names): the report suggested `title = ""` for the Japanese edition, an
    empty line to copy that reads as if the edition had no name. Without a
    title to give, the suggestion leaves the line out: the edition takes the
    site's, as the README says."""
    site = _jekyll_site(tmp_path, "lang: en\n", {
        "en/news/_posts/2020-01-02-release.md": "---\ntitle: Released\nlang: en\n---\nText.\n",
        "ja/news/_posts/2020-01-02-release.md": "---\ntitle: リリース\nlang: ja\n---\n本文。\n",
    })
    report = _import(site, tmp_path / "content")
    at = report.settings.index(next(line for line in report.settings if line.startswith("[languages.ja]")))
    assert tomllib.loads("\n".join(report.settings[at:at + 2])) == {"languages": {"ja": {"path": "/ja/"}}}, report.settings
    assert not any(line.startswith("title =") for line in report.settings)


def test_a_language_folder_is_the_storys_edition_not_its_section(tmp_path, capsys):
    """ruby-lang.org keeps its posts in en/news/_posts/, zh_cn/news/_posts/…
    with `lang:`: the language folder, Jekyll's first category, became the
    section, so 4,723 stories sat in 17 sections named after languages
    ("En"), at /zh-cn/zh-cn/2020/01/01/hello/ in the suggested edition; and
    the language's home page /zh_cn/ was left out with no redirect."""
    source = _jekyll_site(tmp_path, "title: X\npermalink: pretty\n", {
        "en/index.html": "---\nlayout: home\nlang: en\n---\n{% for post in site.categories.en limit:5 %}{{ post.title }}{% endfor %}\n",
        "zh_cn/index.html": "---\nlayout: home\nlang: zh_cn\n---\n{% for post in site.categories.zh_cn %}{{ post.title }}{% endfor %}\n",
        "en/news/_posts/2020-01-01-hello.md": "---\ntitle: Hello\nlang: en\n---\nHi.\n",
        "zh_cn/news/_posts/2020-01-01-hello.md": "---\ntitle: 你好\nlang: zh_cn\n---\n你好。\n",
        "zh_cn/news/_posts/2020-02-01-bye.md": "---\ntitle: 再见\n---\n再见。\n",  # no lang: its folder's
        "zh_cn/_posts/2020-03-01-note.md": "---\ntitle: 笔记\nlang: zh_cn\ncategories: [releases]\n---\n笔记。\n",
    })
    site, moved = imported_with_moved(tmp_path, capsys, "jekyll", source)
    content = site / "content"
    assert sorted(p.relative_to(content).as_posix() for p in content.rglob("*.md") if "welcome" not in p.name
                  and p.parts[-2] not in ("pages", "authors")) == ["news/2020-01-01-hello-zh-cn.md", "news/2020-01-01-hello.md",
                                                  "news/2020-02-01-bye.md", "releases/2020-03-01-note.md"]
    bye, _ = front_matter(content / "news" / "2020-02-01-bye.md")
    assert bye["language"] == "zh-cn" and bye["aliases"] == ["/zh_cn/news/2020/02/01/bye/"] and "tags" not in bye
    assert front_matter(content / "news" / "2020-01-01-hello.md")[0].get("tags") is None
    assert moved == {'"/zh_cn/"': '"/zh-cn/"', '"/en/"': '"/"'}, moved
    with (site / "site.toml").open("a") as toml:
        toml.write('\n[languages.zh-cn]\ntitle = "X"\npath = "/zh-cn/"\n')
    (content / "news" / "2026-12-05-welcome.md").unlink()
    redirects = redirects_built(site, capsys)
    assert "/zh_cn/news/2020/01/01/hello/ /zh-cn/news/2020/01/01/hello/ 301" in redirects, redirects
    assert "/zh_cn/ /zh-cn/ 301" in redirects and "/en/ / 301" in redirects, redirects
    assert (site / "output" / "zh-cn" / "releases" / "2020" / "03" / "01" / "note" / "index.html").is_file()


def test_a_page_in_a_language_folder_is_in_its_edition_and_a_languages_category_page_its_list(tmp_path, capsys):
    """ruby-lang.org keeps its pages in language folders too (ja/about/index.md,
    ja/about/logo.md, `lang: ja`), which Jekyll serves at /ja/about/: the
    import kept the folder in the page's path, pages/ja/about.md, which the
    suggested ja edition put at /ja/ja/about/. And where jekyll-archives made
    a page of each category, the language's (Jekyll's first category of
    ja/news/_posts/) was redirected to /tags/ja/, a tag newsgen never makes,
    as the language is the story's edition, not its tag."""
    from generator.cli import main

    source = _jekyll_site(tmp_path, "title: X\npermalink: pretty\nplugins: [jekyll-archives]\n"
                                    "jekyll-archives:\n  enabled: [categories]\n", {
        "en/about/index.md": "---\ntitle: About Ruby\nlang: en\n---\nRuby is a language.\n",
        "ja/about/index.md": "---\ntitle: Rubyとは\nlang: ja\n---\nRubyは言語です。\n",
        "ja/about/logo.md": "---\ntitle: ロゴ\nlang: ja\n---\nロゴです。\n",
        "ja/community/index.md": "---\ntitle: コミュニティ\n---\nコミュニティです。\n",  # no lang: its folder's, as a post's
        "de/impressum/index.md": "---\ntitle: Impressum\n---\nText.\n",  # no post is in de/: a folder as any
        "en/news/_posts/2020-01-01-hello.md": "---\ntitle: Hello\nlang: en\n---\nHi.\n",
        "ja/news/_posts/2020-01-01-hello.md": "---\ntitle: こんにちは\nlang: ja\n---\nこんにちは。\n",
    })
    site = _initialised_site(tmp_path)
    assert main(["import", "--from", "jekyll", str(source), "--site", str(site)]) == 0
    pages = site / "content" / "pages"
    assert sorted(p.relative_to(pages).as_posix() for p in pages.rglob("*.md")) == ["about.ja.md", "about.md", "about/logo.ja.md", "community.ja.md",
                                                                           "de/impressum.md"]
    assert front_matter(pages / "community.ja.md")[0]["language"] == "ja"
    about_ja, _ = front_matter(pages / "about.ja.md")
    assert (about_ja["language"], about_ja["aliases"]) == ("ja", ["/ja/about/"])
    about_en, _ = front_matter(pages / "about.md")
    assert about_en["aliases"] == ["/en/about/"] and about_en["translation_key"] == about_ja["translation_key"]
    moved = tomllib.loads((site / "urls.toml").read_text())["moved"]
    assert moved["/category/ja/"] == "/ja/latest/" and moved["/category/en/"] == "/latest/" and moved["/category/news/"] == "/news/"
    with (site / "site.toml").open("a") as toml:
        toml.write('\n[languages.ja]\ntitle = "X"\npath = "/ja/"\n')
    capsys.readouterr()
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00"]) == 0
    assert "[moved]" not in capsys.readouterr().err
    output = site / "output"
    assert "Rubyは言語です" in (output / "ja" / "about" / "index.html").read_text()
    assert "ロゴです" in (output / "ja" / "about" / "logo" / "index.html").read_text()
    english = (output / "about" / "index.html").read_text()
    assert "Ruby is a language" in english and 'hreflang="ja" href="https://example.org/ja/about/"' in english, english
    assert not (output / "ja" / "ja").exists()


def test_home_pages_per_language_feeds_and_future_posts_are_said(tmp_path):
    """brew.sh's index_de.html (layout: index, no text) became an empty page
    'De' in every page's navigation; ruby-lang.org's en/feeds/news.rss was
    dropped unsaid; `future: true` was ignored unsaid."""
    site = _jekyll_site(tmp_path, "future: true\n", {
        "index_de.html": "---\nlayout: index\nlang: de\npermalink: /de/\n---\n",
        "blank.md": "---\ntitle: Blank\nlayout: wide\n---\n\n",
        "en/feeds/news.rss": "---\nlayout: null\n---\n<rss>{% for post in site.posts %}{% endfor %}</rss>\n",
        "_posts/2020-01-02-a.md": "---\ntitle: A\n---\nText.\n",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    assert not (content / "pages").exists()
    why = dict(report.skipped)
    assert why["index_de.html"].startswith("the home page") and why["blank.md"].startswith("a page with no text of its own")
    assert why["en/feeds/news.rss"].startswith("a feed or index the old site made")
    assert any(origin == "_config.yml" and "future: true" in what for origin, what in report.changed)


def test_a_date_at_exactly_midnight_is_imported_as_the_day(tmp_path):
    """Hugo and Jekyll sites write a day as `2015-10-08T00:00:00Z`: shown as
    "12:00 AM UTC", and, in a site whose time zone is west of UTC, the day before."""
    from generator.importers.convert import date_text
    from generator.dates import parse_datetime

    for written, expected in (("2015-10-08T00:00:00Z", "2015-10-08"), ("2015-10-08 00:00:00 +0200", "2015-10-08"),
                              ("2015-10-08T09:30:00Z", "2015-10-08T09:30:00+00:00"), ("2015-10-08", "2015-10-08")):
        moment = parse_datetime(written, ZoneInfo("America/New_York"))
        assert date_text(written, moment) == expected, written


def test_empty_front_matter_is_front_matter(tmp_path):
    """`---` then `---` is how Jekyll is told to process a file: jekyllrb.com's
    _docs/rendering-process.md was dropped unsaid, and a post so written was
    skipped as having no front matter."""
    site = write_tree(tmp_path / "jekyll", {
        "_config.yml": "collections:\n  docs:\n    permalink: /:collection/:path/\n    output: true\n",
        "_docs/rendering-process.md": "---\n---\n\nText of the doc.\n",
        "_posts/2020-01-02-empty-fm.md": "---\n---\n\nText of the post.\n",
    })
    report = _import(site, tmp_path / "content")
    assert not report.skipped, report.skipped
    [post] = (tmp_path / "content").rglob("*empty-fm.md")
    assert front_matter(post)[0]["date"].startswith("2020-01-02") and "Text of the post." in front_matter(post)[1]
    assert [p for p in (tmp_path / "content").rglob("*rendering-process*.md")]


@pytest.mark.parametrize("permalink, page_url, doc_url", [
    ("/:path/", "/notices/", "/tutorials/convert/"),  # github/opensource.guide: a style ending in "/"
    ("pretty", "/notices/", "/tutorials/convert/"),
    ("date", "/notices.html", "/tutorials/convert.html"),
    ("/:categories/:title:output_ext", "/notices.html", "/tutorials/convert.html"),
])
def test_a_pages_old_url_takes_the_permalink_styles_ending_as_jekyll_does(tmp_path, permalink, page_url, doc_url):
    """Jekyll's Utils.add_permalink_suffix gives a page "/" whenever the
    site's style ends in "/", not only for `pretty`: opensource.guide's
    notices.md got the alias /notices.html, and its link ../legal/ was
    rewritten to a page that is not there."""
    site = _jekyll_site(tmp_path, f'permalink: "{permalink}"\ncollections:\n  tutorials:\n    output: true\n', {
        "notices.md": "---\ntitle: Notices\n---\nSee [legal](../legal/).\n",
        "legal.md": "---\ntitle: Legal\n---\nTerms.\n",
        "_tutorials/convert.md": "---\ntitle: Convert\n---\nSteps.\n",
    })
    content = tmp_path / "content"
    _import(site, content)
    notices, body = front_matter(content / "pages" / "notices.md")
    assert notices["aliases"] == [page_url]
    assert front_matter(content / "pages" / "tutorials" / "convert.md")[0]["aliases"] == [doc_url]
    if page_url.endswith("/"):
        assert "(/legal/)" in body or "legal.md)" in body, body


def test_a_footnote_is_left_as_written(tmp_path):
    """kramdown reads `[^1]: text` as a footnote, not a link definition:
    its first word was made a link relative to the old page, and the page
    showed `/2020/05/01/Source` in the footnote."""
    site = _jekyll_site(tmp_path, "", {
        "_posts/2020-05-01-notes.md": "---\ntitle: Notes\n---\nA claim.[^1] [Old][o]\n\n[^1]: Source is the annual report.\n[o]: ../old/\n",
    })
    content = tmp_path / "content"
    _import(site, content)
    body = front_matter(content / "posts" / "2020-05-01-notes.md")[1]
    assert "[^1]: Source is the annual report." in body
    assert "[o]: /2020/05/old/" in body, body  # a definition is still read from the old page, /2020/05/01/notes.html


def test_a_post_its_layout_alone_makes_and_a_page_of_layout_home_elsewhere(tmp_path):
    """government.github.com's case studies are `layout: case_study_redirect`
    and no text: they became empty stories in every list. Its
    /aws-govcloud page, of `layout: home`, was left out as the home page."""
    site = _jekyll_site(tmp_path, "", {
        "_posts/2016-01-02-case.md": "---\nlayout: case_study_redirect\ntitle: A case\n---\n",
        "_posts/2016-01-03-real.md": "---\ntitle: Real\n---\nText.\n",
        "aws-govcloud.html": "---\nlayout: home\ntitle: AWS GovCloud\npermalink: /aws-govcloud\n---\n<p>Cloud.</p>\n",
        "index_de.html": "---\nlayout: home\ntitle: Start\npermalink: /de/\n---\n<p>Willkommen.</p>\n",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    written = sorted(p.relative_to(content).as_posix() for p in content.rglob("*.*"))
    assert written == ["pages/aws-govcloud.md", "posts/2016-01-03-real.md"], written
    said = dict(report.skipped)
    assert "no text of its own" in said["_posts/2016-01-02-case.md"] and "home page" in said["index_de.html"], report.skipped


def test_categories_and_tags_are_split_as_jekyll_splits_them(tmp_path):
    """elixir-lang.org's 16 posts say `category: Elixir in Production`, one
    category (Jekyll's singular key is never split): the section became
    `elixir`, with the tags "in" and "Production". A plural key's text is
    split on spaces, by the import and by a build of the post as it is."""
    site = _jekyll_site(tmp_path, "permalink: /:categories/:year/:month/:day/:title/\n", {
        "_posts/2020-05-01-prod.md": "---\ntitle: Prod\ncategory: Elixir in Production\ntags: superbowl mqtt\n---\nText.\n",
        "_posts/2020-05-02-news.md": "---\ntitle: News\ncategories: news world\ntag: Big Game\n---\nText.\n",
        "_posts/2020-05-03-war.md": "---\ntitle: War\ncategory: news\ntags: Ukraine, New York\n---\nText.\n",
    })
    content = tmp_path / "content"
    _import(site, content)
    [prod] = content.rglob("*-prod.md")
    [news] = content.rglob("*-news.md")
    assert prod.parent.name == "elixir-in-production" and front_matter(prod)[0]["tags"] == ["superbowl", "mqtt"]
    assert front_matter(prod)[0]["aliases"] == ["/elixir in production/2020/05/01/prod/"], front_matter(prod)[0]
    assert news.parent.name == "news" and front_matter(news)[0]["tags"] == ["world", "Big Game"]
    [war] = content.rglob("*-war.md")  # commas say where the writer split, as the build reads them
    assert front_matter(war)[0]["tags"] == ["Ukraine", "New York"], front_matter(war)[0]


def test_a_jekyll_post_built_as_it_is_splits_a_plural_key_on_spaces(site):
    s = site({"content/_posts/2022-12-01-a.md": "---\ntitle: A\ncategories: news world\ntags: superbowl mqtt\n---\nText.\n",
              "content/_posts/2022-12-02-b.md": "---\ntitle: B\ncategory: Elixir in Production\ntags: Ukraine, Belarus\n---\nText.\n"})
    s.build()
    assert s.exists("news/2022/12/01/a/index.html") and s.exists("elixir-in-production/2022/12/02/b/index.html"), s.files()
    assert s.exists("tags/superbowl/index.html") and s.exists("tags/mqtt/index.html") and s.exists("tags/world/index.html")
    assert s.exists("tags/ukraine/index.html") and s.exists("tags/belarus/index.html")


def test_a_page_a_post_links_to_is_no_file_to_copy(tmp_path):
    """elixir-lang.org's cases.html, a template page the report says it left
    out, was copied as a file the posts link to, and the build warned of it."""
    site = _jekyll_site(tmp_path, "", {
        "cases.html": "---\nlayout: default\n---\n{% for case in site.data.cases %}<p>{{ case.name }}</p>{% endfor %}\n",
        "_posts/2020-05-01-a.md": "---\ntitle: A\n---\nSee [the cases](/cases.html) and ![a chart](/img/chart.png).\n",
        "img/chart.png": "PNG",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    assert not (content / "cases.html").exists() and (content / "img" / "chart.png").is_file()
    assert "cases.html" in dict(report.skipped)


def test_a_feed_template_a_post_links_to_is_no_file_to_copy(tmp_path, capsys):
    """bitcoinops's posts link [rss feed]: /feed.xml, a Liquid template the
    report said it skipped: it was copied raw as content/feed.xml, and the
    build failed on it (newsgen writes feed.xml itself)."""
    from generator.cli import main

    source = _jekyll_site(tmp_path, "title: T\n", {
        "feed.xml": "---\n---\n<feed>{% for post in site.posts %}<entry>{{ post.title }}</entry>{% endfor %}</feed>\n",
        "status.json": "---\n---\n{\"posts\": {{ site.posts | size }}}\n",
        "_posts/2024-01-02-hello.md": "---\ntitle: Hello\n---\nFollow our [RSS feed](/feed.xml) or [status](/status.json).\n",
    })
    site = _new_site(tmp_path)
    report = _import(source, site / "content")
    assert not (site / "content" / "feed.xml").exists() and not (site / "content" / "status.json").exists()
    assert report.assets == 0 and "feed.xml" in dict(report.skipped)
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00"]) == 0, capsys.readouterr().err
    assert "feed.xml" not in capsys.readouterr().err  # the link leads to newsgen's own feed


def test_a_file_opening_with_a_pgp_armour_line_is_copied_not_taken_for_a_template(tmp_path):
    """ruby-lang.org's /security.asc ("-----BEGIN PGP PUBLIC KEY BLOCK-----"),
    linked from 16 security pages, was taken for a template with front matter:
    neither copied nor reported, every link to it broken. Jekyll's test is
    the first line alone: /\\A---\\s*\\r?\\n/ (Utils.has_yaml_header?)."""
    key = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBF\n-----END PGP PUBLIC KEY BLOCK-----\n"
    signed = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nAll clear.\n-----BEGIN PGP SIGNATURE-----\n"
    ruled = "----\nRelease notes\n----\n"  # four dashes: no front matter to Jekyll, which copies the file
    source = _jekyll_site(tmp_path, "title: T\n", {
        "security.asc": key, "reports/2020.txt": signed, "notes.txt": ruled,
        "feed.xml": "---\n---\n<feed></feed>\n",
        "_posts/2020-01-01-post.md": "---\ntitle: Post\n---\nKey: [PGP key](/security.asc), [report](/reports/2020.txt), "
                                     "[notes](/notes.txt), [feed](/feed.xml), [again]({% link security.asc %}).\n",
    })
    site = _new_site(tmp_path)
    report = _import(source, site / "content")
    content = site / "content"
    assert (content / "security.asc").read_text() == key and (content / "reports" / "2020.txt").read_text() == signed
    assert (content / "notes.txt").read_text() == ruled and not (content / "feed.xml").exists()
    assert report.assets == 3 and not report.missing_assets, (report.assets, report.missing_assets)
    _, body = front_matter(content / "posts" / "2020-01-01-post.md")
    assert "[again](/security.asc)" in body


def test_a_path_made_of_template_syntax_is_no_missing_file(tmp_path):
    """bitcoinops's topic pages link `]({{page.extra.cves[alias].link | default: …}})`:
    the report listed `{{page.extra.cves[alias].link` among the referenced files not found."""
    site = _jekyll_site(tmp_path, "", {
        "_posts/2020-05-01-a.md": '---\ntitle: A\n---\n{% for alias in page.aliases %}\n'
                                  '* [{{alias}}]({{page.extra.cves[alias].link | default: "#CVE"}}) <a href="{{comment.url}}">c</a>\n'
                                  '{% endfor %}\n![chart]({{site.images}}/chart.png) ![gone](/img/gone.png)\n',
    })
    report = _import(site, tmp_path / "content")
    assert report.missing_assets == [("_posts/2020-05-01-a.md", "/img/gone.png")]
    assert report.left  # the template syntax is said as left in the text, where the build warns of it


def test_the_sites_plugins_are_said_once_as_code_an_import_does_not_run(tmp_path):
    """bitcoinops's _plugins/auto-anchor.rb gives its list items their ids:
    the import never said so, and the build reported 9,707 broken #fragment
    links. Plugin gems whose work newsgen does (feeds, redirects) are not said."""
    site = _jekyll_site(tmp_path, "plugins:\n  - jekyll-feed\n  - jekyll-redirect-from\n  - jemoji\n", {
        **{f"_plugins/{name}.rb": "# Ruby\n" for name in ("auto-anchor", "bidirectional_links_generator", "common_utils", "recap")},
        "Gemfile": "group :jekyll_plugins do\n  gem 'jekyll-titles-from-headings'  # titles\n  gem \"jekyll-feed\"\nend\n"
                   "group :development do\n  gem 'jekyll'\nend\ngem 'jekyll-toc', group: :jekyll_plugins\n",
        "_posts/2024-01-02-hello.md": "---\ntitle: Hello\n---\nText.\n",
    })
    report = _import(site, tmp_path / "content")
    said = {origin: why for origin, why in report.changed}
    assert said.keys() == {"_plugins (auto-anchor.rb, bidirectional_links_generator.rb, common_utils.rb and 1 more)",
                           "jemoji, jekyll-titles-from-headings, jekyll-toc"}
    assert all("an import does not run" in why for why in said.values())
    assert "4 Ruby plugins" in said["_plugins (auto-anchor.rb, bidirectional_links_generator.rb, common_utils.rb and 1 more)"]


def test_collections_in_the_collections_dir_are_read_as_jekyll_reads_them(tmp_path):
    """w3c/wai-website keeps its posts and 77 published documents under
    `collections_dir: collections`: the documents were dropped unsaid, and
    every post went to a section named after that folder."""
    site = _jekyll_site(tmp_path, "collections_dir: collections\ncollections:\n  tips:\n    output: true\n    permalink: /:collection/:path/\n", {
        "collections/_posts/2020-01-02-hello.md": "---\ntitle: Hello\n---\nHi.\n",
        "collections/events/_posts/2020-01-03-meet.md": "---\ntitle: Meet\n---\nAt noon.\n",
        "collections/_tips/first-tip.md": "---\ntitle: First tip\n---\nTip.\n",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    assert (content / "posts" / "2020-01-02-hello.md").is_file() and (content / "events" / "2020-01-03-meet.md").is_file()
    front, _ = front_matter(content / "pages" / "tips" / "first-tip.md")
    assert front["aliases"] == ["/tips/first-tip/"] and not report.skipped


def test_a_collections_documents_take_defaults_permalinks_and_every_placeholder(tmp_path):
    """bitcoinops publishes its 157 _topics at /en/topics/:title/, set by a
    front matter default `scope: {path: _topics}`: the import ignored the
    default, and took a collection's `:title` literally, so that every
    document but one went to the same target. URLs as `jekyll build` 4.3.1 wrote them."""
    site = _jekyll_site(tmp_path, (
        "collections:\n  topics:\n    output: true\n  people:\n    output: true\n"
        "  notes:\n    output: true\n    permalink: /:collection/:path/:name/:slug/:title:output_ext\n"
        "defaults:\n  - scope:\n      path: _topics\n    values:\n      layout: topic\n      permalink: /en/topics/:title/\n"
        "  - scope:\n      type: people\n    values:\n      permalink: /en/people/:title/\n"), {
        "_topics/en/taproot.md": "---\ntitle: Taproot\n---\nA soft fork.\n",
        "_topics/en/erlay.md": "---\ntitle: Erlay\n---\nSaves bandwidth.\n",
        "_people/Ann Smith.md": "---\ntitle: Ann\n---\nDeveloper.\n",
        "_people/robert.md": "---\ntitle: Bob\nslug: bob\n---\nReviewer.\n",
        "_notes/Sub/My Note.v2.md": "---\ntitle: Note\n---\nText.\n",
        "_notes/other.md": "---\ntitle: Other\nslug: Custom Slug!\n---\nText.\n",
        "_notes/2020-01-02-dated.md": "---\ntitle: Dated\n---\nText.\n",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    aliases = sorted(alias for page in content.rglob("*.md") for alias in front_matter(page)[0]["aliases"])
    assert aliases == ["/en/people/Ann-Smith/", "/en/people/bob/", "/en/topics/erlay/", "/en/topics/taproot/",
                       "/notes/2020-01-02-dated/2020-01-02-dated/dated/dated.html",
                       "/notes/Sub/My Note.v2/my-note-v2/my-note-v2/My-Note.v2.html",
                       "/notes/other/other/custom-slug/Custom-Slug!.html"]
    assert (content / "pages" / "en" / "topics" / "taproot.md").is_file() and not report.skipped


def test_a_category_named_as_a_newsgen_page_is_no_section(tmp_path):
    """A first category `search` made the section whose page would be newsgen's search page: the build failed."""
    site = _jekyll_site(tmp_path, "", {"_posts/2020-01-02-find.md": "---\ntitle: Find\ncategories: [search, tools]\n---\nHi.\n",
                                       "_posts/2020-01-03-only.md": "---\ntitle: Only\ncategory: archive\n---\nHi.\n"})
    content = tmp_path / "content"
    _import(site, content)
    find, _ = front_matter(content / "tools" / "2020-01-02-find.md")
    only, _ = front_matter(content / "posts" / "2020-01-03-only.md")
    assert find["tags"] == ["search"] and only["tags"] == ["archive"]


def test_a_picture_whose_name_has_spaces_is_copied(tmp_path):
    """openSUSE's news writes <img src="/assets/images/2025-03-21/stage (1).png">:
    browsers load it, Jekyll copied it; the import neither copied nor reported it."""
    site = _jekyll_site(tmp_path, "", {
        "_posts/2025-03-21-invitation.md": '---\ntitle: Invitation\n---\n<img src="/assets/images/stage (1).png" alt="Stage">\n\n'
                                           "<img src='/assets/images/stage 2.png' alt='Stage'> ![plain](/assets/images/plain.png)\n",
        "assets/images/stage (1).png": "png", "assets/images/stage 2.png": "png", "assets/images/plain.png": "png",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    assert report.assets == 3 and not report.missing_assets
    assert (content / "assets" / "images" / "stage (1).png").is_file() and (content / "assets" / "images" / "stage 2.png").is_file()


def test_a_permalink_to_index_html_is_the_pages_own_url(tmp_path, capsys):
    """kubevirt.io's community page, `permalink: /community/index.html`, was
    imported with that URL as an alias of its page at /community/, the
    same file: every build stopped with an internal error (produced twice)."""
    from generator.cli import main

    source = _jekyll_site(tmp_path, "title: T\n", {
        "community.html": "---\nlayout: default\npermalink: /community/index.html\n---\n<p>Join us on Slack.</p>\n",
        "_posts/2020-01-02-hello.md": "---\ntitle: Hello\n---\nText.\n",
    })
    site = _new_site(tmp_path)
    _import(source, site / "content")
    assert front_matter(site / "content" / "pages" / "community.md")[0]["aliases"] == ["/community/"]
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00"]) == 0, capsys.readouterr().err
    assert "Join us on Slack" in (site / "output" / "community" / "index.html").read_text(encoding="utf-8")


def test_a_markdown_page_made_of_a_list_loop_is_a_theme_page_too(tmp_path):
    """kubevirt.io's pages/blogs/news.md (and 6 more) are lists of posts
    written as Markdown, `{% for post in site.posts %}`: Jekyll runs Liquid in
    them as in blogs/news.html, which was left out, but they were published
    showing the loop's code. A Markdown page's includes, a loop over data,
    and a loop shown in {% raw %} are its own text."""
    loop = '<ul>\n{% for post in site.posts %}\n  <li><a href="{{ post.url }}">{{ post.title }}</a></li>\n{% endfor %}\n</ul>\n'
    site = _jekyll_site(tmp_path, "", {
        "blogs/news.html": "---\ntitle: News\n---\n" + loop,
        "blogs/community.md": "---\ntitle: Community\npermalink: /blogs/community\n---\n" + loop,
        "gallery.md": "---\ntitle: Gallery\n---\n{%- for post in site.galleries -%}{{ post.title }}{%- endfor -%}\n",
        "quickstart.md": "---\ntitle: Quickstart\n---\nRun it.\n\n{% include note.html content=\"Needs kubectl.\" %}\n",
        "talks.md": "---\ntitle: Talks\n---\n{% for item in site.data.talks.list %}{{ item.title }}{% endfor %}\n\nWe give talks.\n",
        "liquid.md": "---\ntitle: Liquid\n---\n{% raw %}\n    {% for post in site.posts %}{{ post.title }}{% endfor %}\n{% endraw %}\n",
        "_posts/2020-01-02-a.md": "---\ntitle: A\n---\nText.\n",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    why = dict(report.skipped)
    for rel in ("blogs/news.html", "blogs/community.md", "gallery.md"):
        assert why[rel].startswith("a template page of the old theme"), rel
    assert not (content / "pages" / "blogs" / "community.md").exists() and not (content / "pages" / "gallery.md").exists()
    for name in ("quickstart.md", "talks.md", "liquid.md"):
        assert (content / "pages" / name).is_file(), name


def test_a_link_tag_to_a_static_file_is_its_url_and_the_file_is_copied(tmp_path):
    """kubevirt.io's win_workload_in_k8s post links its manifests with
    `{% link assets/files/vm_testvm.yaml %}`: Jekyll's link tag finds static
    files too (site.each_site_file), but the tag was left as written and the
    files not copied, so readers got a 404 where Jekyll served the file."""
    site = _jekyll_site(tmp_path, "", {
        "assets/files/vm.yaml": "kind: VirtualMachine\n",
        "assets/files/vm2.yaml": "kind: VirtualMachine\n",
        "_data/secret.yml": "a: 1\n",
        "_posts/2020-06-22-win.md": "---\ntitle: Win\n---\nMarkdown: [vm2]({% link assets/files/vm2.yaml %}), "
                                    "[data]({% link _data/secret.yml %}).\n\n"
                                    '<div class="footnotes"><a href="{% link /assets/files/vm.yaml %}">vm.yaml</a></div>\n',
    })
    content = tmp_path / "content"
    report = _import(site, content)
    _, body = front_matter(content / "posts" / "2020-06-22-win.md")
    assert "[vm2](/assets/files/vm2.yaml)" in body and 'href="/assets/files/vm.yaml"' in body
    assert (content / "assets" / "files" / "vm.yaml").is_file() and (content / "assets" / "files" / "vm2.yaml").is_file()
    assert "{% link _data/secret.yml %}" in body and not (content / "_data").exists()  # Jekyll publishes no _data/ file
    assert report.converted["Liquid link"] == 2


def test_an_extensionless_permalink_keeps_the_html_file_jekyll_wrote(tmp_path, capsys):
    """kubevirt.io's labs (21 pages) have `permalink: /labs/kubernetes/lab1`:
    Jekyll writes lab1.html (the output extension is added to a URL without
    one), and the site links /labs/kubernetes/lab1.html, which only the
    extension-less URL's alias did not reach: the build warned of a broken link."""
    from generator.cli import main

    source = _jekyll_site(tmp_path, "title: T\ncollections:\n  labs:\n    output: true\n    permalink: /:collection/:path\n", {
        "_labs/lab1.md": "---\ntitle: Use KubeVirt\npermalink: /labs/kubernetes/lab1\n---\nLab one.\n",
        "_labs/migration.md": "---\ntitle: Migration\npermalink: /labs/kubernetes/migration\n---\n"
                              "This uses the VM from [lab1](/labs/kubernetes/lab1.html).\n",
        "feed.md": "---\ntitle: Feed\npermalink: /data/v1.2\n---\nText.\n",  # an extension of its own: written as it is
        "old.htm": "---\ntitle: Old\npermalink: /old\n---\n<p>Text.</p>\n",  # an .htm page's is .htm
        "_posts/2020-01-02-hello.md": "---\ntitle: Hello\n---\nText.\n",
    })
    site = _new_site(tmp_path)
    _import(source, site / "content")
    pages = site / "content" / "pages"
    assert front_matter(pages / "labs" / "kubernetes" / "lab1.md")[0]["aliases"] == ["/labs/kubernetes/lab1", "/labs/kubernetes/lab1.html"]
    assert front_matter(pages / "data" / "v1.md")[0]["aliases"] == ["/data/v1.2"]
    assert front_matter(pages / "old.md")[0]["aliases"] == ["/old", "/old.htm"]
    capsys.readouterr()
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00"]) == 0
    assert "lab1.html" not in capsys.readouterr().err  # no broken link
    assert "/labs/kubernetes/lab1.html /labs/kubernetes/lab1/ 301" in (site / "output" / "_redirects").read_text()


def test_a_link_tag_to_a_redirect_to_page_leads_to_the_page_it_sends_to(tmp_path):
    """kubevirt.io's lab2 links `{% link pages/ec2.md %}`, a redirect_to page
    sent on to /quickstart_cloud/: the stub is an alias of that page now, and
    the tag was left as written."""
    site = _jekyll_site(tmp_path, "url: https://kubevirt.io\n", {
        "pages/ec2.md": "---\ntitle: Easy install using AWS\npermalink: pages/ec2\nredirect_to:\n  - /quickstart_cloud/\n---\n",
        "pages/gcp.md": "---\ntitle: GCP\nredirect_to: https://kubevirt.io/quickstart_cloud/index.html\n---\n",
        "pages/quickstart_cloud.md": "---\ntitle: Quickstart\npermalink: /quickstart_cloud/\n---\nRun it in the cloud.\n",
        "_posts/2020-01-02-lab.md": "---\ntitle: Lab\n---\nIf you followed [AWS]({% link pages/ec2.md %}) or [GCP]({% link pages/gcp.md %}), go on.\n",
    })
    content = tmp_path / "content"
    _import(site, content)
    _, body = front_matter(content / "posts" / "2020-01-02-lab.md")
    assert "[AWS](../pages/quickstart-cloud.md)" in body and "[GCP](../pages/quickstart-cloud.md)" in body
    aliases = front_matter(content / "pages" / "quickstart-cloud.md")[0]["aliases"]
    assert "/pages/ec2" in aliases and "/pages/ec2.html" in aliases  # the stub's URL, and the file Jekyll wrote for it


def test_a_folder_url_with_dots_keeps_its_whole_name(tmp_path):
    """bitcoincore.org's releases are at /en/releases/0.11.1/ and 0.11.2/:
    folders, each with its own index.html, whose ".1" and ".2" were read as
    extensions, so 43 pages imported to one pages/en/releases/0-11.md and all
    but the first were dropped."""
    site = _jekyll_site(tmp_path, "title: Rel\ncollections:\n  releases:\n    output: true\n", {
        f"_releases/0.11.{n}.md": f"---\ntitle: Bitcoin Core 0.11.{n}\npermalink: /en/releases/0.11.{n}/\n---\nVersion 0.11.{n}.\n"
        for n in range(3)
    })
    content = tmp_path / "content"
    report = _import(site, content)
    releases = content / "pages" / "en" / "releases"
    assert sorted(path.name for path in releases.iterdir()) == ["0-11-0.md", "0-11-1.md", "0-11-2.md"]
    assert front_matter(releases / "0-11-1.md")[0]["aliases"] == ["/en/releases/0.11.1/"]
    assert not report.skipped


def test_a_post_at_the_site_root_is_the_old_home_page_and_no_alias_is_the_root(tmp_path, capsys):
    """bitcoincore.org keeps its home pages as posts,
    _posts/en/pages/2016-01-01-index.md with `layout: home` and
    `permalink: /`: it was imported as a story with the alias /, and the
    build stopped ("/ would redirect to …, but it is a page of the site")."""
    from generator.cli import main

    source = _jekyll_site(tmp_path, "title: Site\npermalink: /:title/\n", {
        "_posts/en/pages/2016-01-01-index.md": "---\nlayout: home\nlang: en\ntitle: Bitcoin\npermalink: /\n---\nBitcoin\n",
        "_posts/ja/pages/2016-01-01-index.md": "---\nlayout: home\nlang: ja\ntitle: ビットコイン\npermalink: /ja/\n---\nビットコイン\n",
        "_posts/en/posts/2016-02-01-post.md": "---\ntitle: A post\nredirect_from: [/, /index.html, /old/]\n---\nText.\n",
    })
    site = _new_site(tmp_path)
    report = _import(source, site / "content")
    assert sorted(path.relative_to(site / "content").as_posix() for path in (site / "content").rglob("*.md")) == [
        "posts/2016-02-01-post.md"]
    assert {origin for origin, why in report.skipped if why == HOME_PAGE} == {
        "_posts/en/pages/2016-01-01-index.md", "_posts/ja/pages/2016-01-01-index.md"}
    assert front_matter(site / "content" / "posts" / "2016-02-01-post.md")[0]["aliases"] == ["/post/", "/old/"]
    capsys.readouterr()
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00"]) == 0


def test_translations_below_posts_are_each_their_own_file_linked_by_a_key(tmp_path):
    """bitcoincore.org keeps its translations in _posts/ja/posts/,
    _posts/zh_CN/posts/…, with `lang:` and the English file's name: the
    folders below _posts are no categories, so every language was imported
    to posts/2015-12-14-segregated-witness.md, 170 posts were dropped, and
    the report said they were "already in content/" of an empty site."""
    site = _jekyll_site(tmp_path, "title: Bitcoin Core\npermalink: /:title/\ndefaults:\n  - scope: {path: ''}\n    values: {lang: en}\n", {
        "_posts/en/posts/2015-12-14-segregated-witness.md": "---\ntitle: Segregated witness\nlang: en\n---\nEnglish.\n",
        "_posts/ja/posts/2015-12-14-segregated-witness.md":
            "---\ntitle: 分離署名\nlang: ja\npermalink: /ja/2015/12/14/segregated-witness/\n---\n日本語。\n",
        "_posts/zh_CN/posts/2015-12-14-segregated-witness.md":
            "---\ntitle: 隔离见证\nlang: zh_CN\npermalink: /zh_CN/2015/12/14/segregated-witness/\n---\n中文。\n",
        "_posts/en/posts/2016-01-01-other.md": "---\ntitle: Other\nlang: en\n---\nText.\n",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    stem = "2015-12-14-segregated-witness"
    assert sorted(path.name for path in (content / "posts").iterdir()) == [
        f"{stem}-ja.md", f"{stem}-zh-cn.md", f"{stem}.md", "2016-01-01-other.md"]
    english, japanese = front_matter(content / "posts" / f"{stem}.md")[0], front_matter(content / "posts" / f"{stem}-ja.md")[0]
    assert (english.get("language"), english["translation_key"], "slug" in english) == ("en", stem, False)
    assert (japanese["language"], japanese["translation_key"], japanese["slug"]) == ("ja", stem, "segregated-witness")
    assert japanese["aliases"] == ["/ja/2015/12/14/segregated-witness/"]
    assert "translation_key" not in front_matter(content / "posts" / "2016-01-01-other.md")[0]
    assert not report.present and not report.skipped


def test_two_files_of_one_import_to_one_target_are_said_as_such(tmp_path):
    """A file another of the same import was written to is no file "already
    in content/" (that is one the site had before): the report names the
    file that kept the target."""
    site = _jekyll_site(tmp_path, "title: T\n", {
        "_posts/a/2020-01-02-hello.md": "---\ntitle: Hello\n---\nOne.\n",
        "_posts/b/2020-01-02-hello.md": "---\ntitle: Hello again\n---\nTwo.\n",
    })
    report = _import(site, tmp_path / "content")
    assert not report.present
    assert report.skipped == [("_posts/b/2020-01-02-hello.md", "_posts/a/2020-01-02-hello.md is imported to posts/2020-01-02-hello.md too, "
                                                               "which keeps it")]


def test_git_lfs_pointers_are_said_and_give_way_to_their_content(tmp_path):
    """A site whose images are in Git LFS, checked out without `git lfs
    pull`, has pointers (a few lines of text) named .png: they were copied
    unsaid, and the build warned only "not an image newsgen can read"."""
    pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:{}\nsize 12345\n"
    site = _jekyll_site(tmp_path, "title: T\n", {
        "_posts/2020-01-02-hello.md": "---\ntitle: Hello\n---\n" + "".join(f"![{n}](/images/{n}.png)\n" for n in "abcde"),
        **{f"images/{n}.png": pointer.format(n * 64) for n in "abcd"},
        "images/e.png": b"\x89PNG\r\n\x1a\n",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    assert sorted(report.lfs_pointers) == [f"images/{n}.png" for n in "abcd"]
    line = next(line for line in report.lines() if "Git LFS" in line)
    assert "4 are Git LFS pointers" in line and "git lfs pull" in line and line.endswith("and 1 more")
    (site / "images" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\nreal")  # pulled: imported again, the content replaces the pointer
    again = _import(site, content)
    assert (content / "images" / "a.png").read_bytes() == b"\x89PNG\r\n\x1a\nreal"
    assert sorted(again.lfs_pointers) == [f"images/{n}.png" for n in "bcd"]


def test_authors_kept_in_the_config_are_read_as_data_authors_with_the_pages_a_plugin_made(tmp_path):
    """artsy.github.io keeps its 50 authors under `authors:` in _config.yml
    (site.authors[key].name), and _plugins/author_generator.rb makes
    /author/KEY/ of each with its author_index layout: ~270 posts had a login
    ("ash") as byline, as only _data/authors and _authors were read."""
    site = write_tree(tmp_path / "jekyll", {
        "_config.yml": "authors:\n  ash:\n    name: Ash Furrow\n    site: https://ashfurrow.com\n    github: ashfurrow\n"
                       "    byline: Senior Engineer at Artsy\n  orta_therox:\n    name: Orta Therox\n",
        "_layouts/author_index.html": "{{ content }}\n",
        "_plugins/author_generator.rb": "dir = self.config['author_dir'] || 'author'\nself.config['authors'].keys\n"
                                        "self.read_yaml(File.join(base, '_layouts'), 'author_index.html')\n",
        "_posts/2020-01-02-hello.md": "---\ntitle: Hello\nauthor: [orta_therox, ash]\n---\nText.\n",
    })
    content = tmp_path / "content"
    _import(site, content)
    ash, bio = front_matter(content / "authors" / "ash.md")
    assert ash["name"] == "Ash Furrow" and ash["aliases"] == ["/author/ash/"] and "Senior Engineer at Artsy" in bio
    assert "https://ashfurrow.com" in str(ash["links"]) and "from_config" not in ash
    orta, _ = front_matter(content / "authors" / "orta-therox.md")
    assert orta["name"] == "Orta Therox" and orta["aliases"] == ["/author/orta-therox/"]


def test_a_feed_of_the_whole_site_at_another_url_redirects_to_newsgens(tmp_path):
    """A Jekyll site's rss.xml template (and atom.xml, which newsgen writes
    at the same URL): left out as newsgen writes its own feeds, rss.xml's
    readers' subscriptions went 404. It goes under [moved], to /feed.xml."""
    source = _jekyll_site(tmp_path, "title: T\n", {
        "rss.xml": "---\n---\n<rss>{% for post in site.posts %}<item>{{ post.title }}</item>{% endfor %}</rss>\n",
        "atom.xml": "---\n---\n<feed>{% for post in site.posts %}<entry>{{ post.title }}</entry>{% endfor %}</feed>\n",
        "_posts/2024-01-02-hello.md": "---\ntitle: Hello\n---\nText.\n",
    })
    report = _import(source, tmp_path / "site" / "content")
    assert report.moved == {"/rss.xml": "/feed.xml"}
    assert "/rss.xml redirects to its /feed.xml" in dict(report.skipped)["rss.xml"]
    # cordova-docs' feed.xml is at newsgen's own feed's URL: no redirect to itself, and none said.
    said = dict(report.skipped)["atom.xml"]
    assert "redirects" not in said and "/atom.xml is newsgen's own feed's URL" in said, said


def test_a_pages_relative_link_leads_to_the_page_at_the_url_its_browsers_went_to(tmp_path):
    """cordova-docs' docs/en/latest/config_ref/index.md, served at
    /docs/en/latest/config_ref/, links `../guide/cli/index.html` and
    `images.html`, which its browsers read from that URL: read from the
    file's folder, they became /pages/docs/guide/cli/ and
    /pages/docs/latest/images.html, 124 of the site's 127 broken links."""
    site = _jekyll_site(tmp_path, "", {
        "docs/latest/config_ref/index.md": "---\ntitle: Config\n---\nSee [the CLI](../guide/cli/index.html), [icons](images.html)"
                                           " and [the CLI's folder](../guide/cli/); [old](/v1/cli/) is none.\n",
        "docs/latest/config_ref/images.md": "---\ntitle: Icons\n---\nIcons.\n",
        "docs/latest/guide/cli/index.md": "---\ntitle: CLI\n---\nCLI.\n",
        "cli/index.md": "---\ntitle: Another CLI\n---\nAt /cli/.\n",
    })
    content = tmp_path / "content"
    _import(site, content)
    assert front_matter(content / "pages" / "docs" / "latest" / "config-ref" / "images.md")[0]["aliases"] == [
        "/docs/latest/config_ref/images.html"]
    body = front_matter(content / "pages" / "docs" / "latest" / "config-ref.md")[1]
    assert "[the CLI](guide/cli.md)" in body, body
    assert "[icons](config-ref/images.md)" in body, body
    assert "[the CLI's folder](guide/cli.md)" in body, body
    assert "[old](/v1/cli/)" in body, body  # no page's URL, whatever its last part


def test_an_html_pages_images_are_found_after_a_blank_line_in_its_markup(tmp_path):
    """cordova-docs' artwork.html shows 19 images in a <div> after a blank
    line, indented: read as an indented code block, they were neither
    copied nor said missing, and the build found all 19 broken. The build
    reads the element whole as HTML, as kramdown did."""
    site = _jekyll_site(tmp_path, "", {
        "artwork.html": "---\ntitle: Artwork\npermalink: /artwork/\n---\n\n<div class=\"artwork\">\n    <div class=\"row\">\n"
                        "        <h1>Artwork</h1>\n    </div>\n\n    <div class=\"row\">\n"
                        "        <img src=\"{{ site.baseurl }}/static/img/icon.png\" alt=\"\"/>\n"
                        "        <img src=\"{{ site.baseurl }}/static/img/gone.png\" alt=\"\"/>\n    </div>\n</div>\n",
        "static/img/icon.png": "PNG",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    assert (content / "static" / "img" / "icon.png").is_file()
    assert ("artwork.html", "/static/img/gone.png") in report.missing_assets, report.missing_assets
    assert 'src="/static/img/icon.png"' in front_matter(content / "pages" / "artwork.md")[1]


def test_a_config_its_build_script_names_and_its_source_folder_are_read(tmp_path):
    """cordova-docs builds with `jekyll build --config conf/_config.yml,…`,
    and that config says `source: www`: with no _config.yml in its folder,
    the import read www/_posts as a category's posts, and all 306 stories
    went to a section `www`, at made-up old URLs (/www/announcements/…)."""
    site = write_tree(tmp_path / "src", {
        "Makefile": "build:\n\tbundle exec jekyll build --config conf/_config.yml,conf/_prod.yml\n",
        "conf/_config.yml": "source: www\npermalink: /news/:year/:month/:day/:title.html\ntimezone: Europe/Paris\n",
        "conf/_prod.yml": "permalink: /announcements/:year/:month/:day/:title.html\n",
        "www/_posts/2020-01-02-hello.md": "---\ntitle: Hello\ndate: 2020-01-02 12:00\n---\nText.\n",
        "www/about.md": "---\ntitle: About\n---\nUs.\n",
    })
    content = tmp_path / "content"
    report = _import(site, content)
    post, _ = front_matter(content / "posts" / "2020-01-02-hello.md")
    assert post["aliases"] == ["/announcements/2020/01/02/hello.html"]  # the later config's over the first's
    assert post["date"].endswith("+01:00")  # the config's timezone
    assert front_matter(content / "pages" / "about.md")[0]["aliases"] == ["/about.html"]
    said = dict(report.changed)
    assert "source: www" in said["conf/_config.yml, conf/_prod.yml"], report.changed


def test_a_config_in_a_common_folder_is_read_and_one_found_deeper_is_said(tmp_path):
    """A config in conf/ (cordova-docs' place for it) is read without a
    script naming it; one deeper in the folder is only said, with what to run."""
    site = write_tree(tmp_path / "one", {
        "conf/_config.yml": "source: www\n",
        "www/_posts/2020-01-02-hello.md": "---\ntitle: Hello\n---\nText.\n",
    })
    _import(site, tmp_path / "one-content")
    assert (tmp_path / "one-content" / "posts" / "2020-01-02-hello.md").is_file()
    other = write_tree(tmp_path / "two", {
        "site/_config.yml": "title: T\n",
        "site/_posts/2020-01-02-hello.md": "---\ntitle: Hello\n---\nText.\n",
    })
    report = _import(other, tmp_path / "two-content")
    said = dict(report.changed)["site/_config.yml"]
    assert "no _config.yml" in said and f"newsgen import --from jekyll {other / 'site'}" in said, said


def test_a_config_only_jekyll_serve_names_is_not_the_sites(tmp_path):
    """`jekyll serve --config _config.yml,_config.dev.yml` sets the writer's machine up (url: localhost)."""
    site = _jekyll_site(tmp_path, "permalink: /:title/\n", {
        "package.json": '{"scripts": {"start": "bundle exec jekyll serve --config _config.yml,_config.dev.yml"}}',
        "_config.dev.yml": "permalink: /dev/:title/\n",
        "_posts/2020-01-02-hello.md": "---\ntitle: Hello\n---\nText.\n",
    })
    report = _import(site, tmp_path / "content")
    assert front_matter(tmp_path / "content" / "posts" / "2020-01-02-hello.md")[0]["aliases"] == ["/hello/"]
    assert not report.changed, report.changed


_RAKEFILE_WITH_A_TEST_BUILD = ('task default: :build\nJEKYLL_BUILD = "bundle exec jekyll build"\n'
                               'JEKYLL_TEST_BUILD = "bundle exec jekyll build --config _config.yml,_config.test.yml"\n'
                               'task :build do\n  sh JEKYLL_BUILD\nend\ntask :build_test do\n  sh JEKYLL_TEST_BUILD\nend\n')


@pytest.mark.parametrize("workflow", [True, False])
def test_the_configs_the_deploying_build_reads_not_a_test_builds(tmp_path, workflow):
    """brew.sh's Rakefile runs the plain `jekyll build` that deploys (as its
    Pages workflow does) and a `build_test` with `--config
    _config.yml,_config.test.yml`, for html-proofer: the import merged the
    test config in, its permalink made every old URL wrong, and the report
    said `_config.yml: future: true` of the test config's setting."""
    site = _jekyll_site(tmp_path, "title: X\npermalink: /:year/:month/:day/:title/\n", {
        "Rakefile": _RAKEFILE_WITH_A_TEST_BUILD,
        "_config.test.yml": 'url: ""\nfuture: true\npermalink: /test/:title.html\n',
        "_posts/2020-01-01-hello.md": "---\ntitle: Hello\n---\nHi.\n",
        **({".github/workflows/pages.yml": "name: Deploy\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
                                          "      - run: bundle exec jekyll build\n        env:\n          JEKYLL_ENV: production\n"}
           if workflow else {}),
    })
    report = _import(site, tmp_path / "content")
    assert front_matter(tmp_path / "content" / "posts" / "2020-01-01-hello.md")[0]["aliases"] == ["/2020/01/01/hello/"]
    assert not any("future" in why for _, why in report.changed), report.changed
    said = dict(report.changed)["_config.yml"]  # which configs were read, and why
    assert ("pages.yml" if workflow else "Rakefile") in said and "_config.test.yml" in said and "build_test" in said, said


def test_a_test_builds_configs_are_read_when_there_is_no_other(tmp_path):
    site = write_tree(tmp_path / "src", {
        "Makefile": "test:\n\tbundle exec jekyll build --config conf/_config.yml,conf/_config.test.yml\n",
        "conf/_config.yml": "permalink: /news/:title/\n",
        "conf/_config.test.yml": "timezone: Europe/Paris\n",
        "_posts/2020-01-02-hello.md": "---\ntitle: Hello\ndate: 2020-01-02 12:00\n---\nText.\n",
    })
    report = _import(site, tmp_path / "content")
    post, _ = front_matter(tmp_path / "content" / "posts" / "2020-01-02-hello.md")
    assert post["aliases"] == ["/news/hello/"] and post["date"].endswith("+01:00")
    said = dict(report.changed)["conf/_config.yml, conf/_config.test.yml"]
    assert "test" in said and "Makefile" in said, said


def test_the_report_names_the_config_a_setting_came_from(tmp_path):
    site = _jekyll_site(tmp_path, "title: X\n", {
        "Makefile": "build:\n\tbundle exec jekyll build --config _config.yml,_config.prod.yml\n",
        "_config.prod.yml": "future: true\n",
        "_posts/2020-01-02-hello.md": "---\ntitle: Hello\n---\nText.\n",
    })
    report = _import(site, tmp_path / "content")
    assert "future: true" in dict(report.changed)["_config.prod.yml"], report.changed


def test_relative_links_to_markdown_files_lead_where_jekyll_relative_links_led(tmp_path, capsys):
    """crystal-lang.org (jekyll-relative-links, on by default on GitHub
    Pages) links posts and pages by their files, relative to the linking
    file's folder: `[x](2023-07-06-windows-support-1.9.md)`,
    `install/on_linux.md`, `../install.md#linux`. The import renames and
    moves those files, and about 60 links were broken; a link to no page
    stays as written, as the plugin leaves it."""
    from generator.cli import main

    source = _jekyll_site(tmp_path, "collections:\n  pages:\n    output: true\n    permalink: /:path/\nrelative_links:\n  collections: true\n", {
        "_posts/2023-07-06-windows-support-1.9.md": "---\ntitle: Windows 1.9\n---\nWindows.\n\n## Support\n\nYes.\n",
        "_posts/2024-01-19-windows-support-1.11.md": "---\ntitle: Windows 1.11\n---\nAfter [1.9](2023-07-06-windows-support-1.9.md) and"
                                                      " [its support](2023-07-06-windows-support-1.9.md#support), [install](../_pages/install.md)."
                                                      "\n\n[ref]: 2023-07-06-windows-support-1.9.md\n\nAs [before][ref].\n",
        "_pages/install.md": "---\ntitle: Install\n---\n## Linux\n\n[On Linux](install/on_linux.md), [gone](install/gone.md),"
                             " <a href=\"../_posts/2024-01-19-windows-support-1.11.md\">Windows</a>.\n",
        "_pages/install/on_linux.md": "---\ntitle: On Linux\n---\nSee [the overview](../install.md#linux).\n",
    })
    site = _new_site(tmp_path)
    _import(source, site / "content")
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00"]) == 0
    broken = [line for line in capsys.readouterr().err.splitlines() if "is broken" in line]
    assert len(broken) == 1 and "/pages/install/gone.md" in broken[0], broken
    output = site / "output"
    post = (output / "posts" / "2024" / "01" / "19" / "windows-support-1-11" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../../../2023/07/06/windows-support-1-9/">1.9' in post and 'href="../../../../2023/07/06/windows-support-1-9/">before' in post
    assert 'href="../../../../2023/07/06/windows-support-1-9/#support"' in post and 'href="../../../../../install/"' in post
    install = (output / "install" / "index.html").read_text(encoding="utf-8")
    assert 'href="on-linux/"' in install and 'href="../posts/2024/01/19/windows-support-1-11/"' in install
    assert 'href="../#linux"' in (output / "install" / "on-linux" / "index.html").read_text(encoding="utf-8")


def test_a_not_found_page_at_404_html_is_newsgens_own_and_the_site_builds(tmp_path, capsys):
    """crystal-lang.org's _pages/404.md (a document of its published pages
    collection, `permalink: 404.html`) was imported as a page with the alias
    /404.html, where newsgen writes its own not-found page: the build
    stopped. So did a page of another name at that permalink."""
    from generator.cli import main

    source = _jekyll_site(tmp_path, "collections:\n  pages:\n    output: true\n    permalink: /:path/\n", {
        "_pages/404.md": "---\ntitle: Page not found\npermalink: 404.html\nlayout: error\n---\nThe requested URL doesn't exist.\n",
        "_pages/about.md": "---\ntitle: About\n---\nAbout us.\n",
        "missing.md": "---\ntitle: Lost?\npermalink: /404.html\n---\nNothing here.\n",
        "docs/404.html": "---\ntitle: Not found\n---\n<p>Nothing here.</p>\n",
        "_posts/2020-01-02-hello.md": "---\ntitle: Hello\n---\nText.\n",
    })
    site = _new_site(tmp_path)
    report = _import(source, site / "content")
    why = dict(report.skipped)
    for rel in ("_pages/404.md", "missing.md", "docs/404.html"):
        assert why[rel].startswith("the page for missing URLs: newsgen makes its own 404 page"), (rel, report.skipped)
    assert sorted(p.name for p in (site / "content" / "pages").iterdir()) == ["about.md"]
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00", "--strict"]) == 0, capsys.readouterr().err
    assert (site / "output" / "404.html").is_file()


def test_pages_made_of_liquid_lists_are_left_out_and_redirect_to_newsgens_lists(tmp_path, capsys):
    """crystal-lang.org's pages are a collection (_pages/), whose documents
    were imported whatever they held: blog/tags.md, a loop over site.tags,
    blog.md, three includes of the theme's lists, and sitemap.md, loops
    over site.documents, were published showing their Liquid as text. Such
    a page is left out, newsgen's lists standing for it; where one shows
    the same (all the tags, the posts, the archive), its old URL redirects
    there ([moved]), and a link to its file leads there."""
    from generator.cli import main

    loop = "{% for post in site.posts %}<a href=\"{{ post.url }}\">{{ post.title }}</a>{% endfor %}\n"
    source = _jekyll_site(tmp_path, "collections:\n  pages:\n    output: true\n    permalink: /:path/\n", {
        "_pages/blog/tags.md": "---\ntitle: Tags\n---\n{% capture t %}{% for tag in site.tags %}{{ tag[0] }}{% endfor %}{% endcapture %}\n"
                               "<div>{{ t }}</div>\n",
        "_pages/blog.md": "---\ntitle: News\n---\n{% include posts/featured_news.html %}\n\n{% include posts/recent_news.html offset=1 %}\n",
        "_pages/sitemap.md": "---\ntitle: Sitemap\n---\n<section>\n{%- assign entries = site.documents %}\n{%- for entry in entries %}\n"
                             "  <a href=\"{{ entry.url }}\">{{ entry.title }}</a>\n{%- endfor %}\n</section>\n",
        "_pages/technical.md": "---\ntitle: Technical posts\nlayout: category\n---\n",
        "_pages/video.md": "---\ntitle: Video\n---\n{% include youtube.html id=\"dQw4w9WgXcQ\" %}\n",
        "_pages/about.md": "---\ntitle: About\n---\nSee [the tags](blog/tags.md) and [the archive](../archives.md).\n",
        "archives.md": "---\ntitle: Archive\npermalink: /archives/\nredirect_from: /history/\n---\n" + loop,
        "blog/index.html": "---\ntitle: Blog\n---\n{% for post in paginator.posts %}{{ post.title }}{% endfor %}\n",
        "_posts/2020-01-02-hello.md": "---\ntitle: Hello\ntags: [gc]\n---\nText.\n",
    })
    site = _initialised_site(tmp_path)
    assert main(["import", "--from", "jekyll", str(source), "--site", str(site)]) == 0
    out = capsys.readouterr().out
    for rel in ("_pages/blog/tags.md", "_pages/blog.md", "_pages/sitemap.md", "_pages/technical.md", "archives.md", "blog/index.html"):
        assert f"    {rel}: " in out, (rel, out)
    assert "_pages/blog.md: a page made of the old theme's Liquid" in out, out
    assert sorted(p.name for p in (site / "content" / "pages").iterdir()) == ["about.md", "video.md"]
    about = front_matter(site / "content" / "pages" / "about.md")[1]
    assert "[the tags](/tags/)" in about and "[the archive](/archive/)" in about, about
    moved = tomllib.loads((site / "urls.toml").read_text())["moved"]
    assert moved == {"/blog/tags/": "/tags/", "/archives/": "/archive/", "/history/": "/archive/", "/blog/": "/latest/"}, moved
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00"]) == 0
    err = capsys.readouterr().err
    assert "template syntax" not in err and "[moved]" not in err, err


def test_jekyll_archives_pages_redirect_to_newsgens_tag_section_and_archive_pages(tmp_path, capsys):
    """crystal-lang.org's jekyll-archives made a page of each tag at
    blog/tags/:name/ (its `permalinks:`); the plugin's pages of categories,
    years, months and days are at /category/:name/, /:year/… by default.
    Each went 404 after import; each now redirects ([moved]) to newsgen's
    page of the same: the tag's, the section's (a category that is a
    post's section, else its tag's), the year's and month's archives."""
    from generator.cli import main

    config = ("plugins: [jekyll-archives]\njekyll-archives:\n  enabled: [tags, categories, year, month, day]\n"
              "  permalinks:\n    tag: 'blog/tags/:name/'\n")
    source = _jekyll_site(tmp_path, config, {
        "_posts/2020-01-02-a.md": "---\ntitle: A\ncategories: [Technical]\ntags: [Crystal Lang, C++]\n---\nText.\n",
        "_posts/2020-02-03-b.md": "---\ntitle: B\ncategories: [community, Technical, Release notes]\ntags: gc\n---\nText.\n",
        "_posts/2021-05-06-c.md": "---\ntitle: C\npublished: false\ntags: [secret]\n---\nText.\n",
        "_posts/2999-01-01-d.md": "---\ntitle: D\ntags: [later]\n---\nText.\n",
    })
    site = _initialised_site(tmp_path)
    assert main(["import", "--from", "jekyll", str(source), "--site", str(site)]) == 0
    assert "jekyll-archives" not in capsys.readouterr().out  # (its work is done: not said as a plugin the import does not run)
    moved = tomllib.loads((site / "urls.toml").read_text())["moved"]
    assert moved == {
        "/blog/tags/crystal-lang/": "/tags/crystal-lang/", "/blog/tags/c/": "/tags/c-plus-plus/", "/blog/tags/gc/": "/tags/gc/",
        "/category/technical/": "/technical/", "/category/community/": "/community/", "/category/release-notes/": "/tags/release-notes/",
        "/2020/": "/archive/2020/", "/2020/01/": "/archive/2020/01/", "/2020/02/": "/archive/2020/02/",
        "/2020/01/02/": "/archive/2020/01/", "/2020/02/03/": "/archive/2020/02/"}, moved
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00"]) == 0
    assert "[moved]" not in capsys.readouterr().err

    # Without the plugin loaded (plugins:, the Gemfile's jekyll_plugins), its settings made no pages.
    (source / "_config.yml").write_text(config.replace("plugins: [jekyll-archives]\n", ""))
    report = _import(source, tmp_path / "again" / "content")
    assert report.moved == {}
    (source / "Gemfile").write_text("group :jekyll_plugins do\n  gem 'jekyll-archives'\nend\n")
    report = _import(source, tmp_path / "third" / "content")
    assert report.moved["/blog/tags/gc/"] == "/tags/gc/"


def test_a_body_image_whose_path_has_spaces_is_copied_and_found_written_either_way(tmp_path, capsys):
    """crystal-lang.org's `![](/assets/blog/2024/2024-09-19 helvetic-ruby
    johannes müller.jpg)`, which kramdown shows: the import read its path up
    to the first space, copied nothing and said nothing, and the build found
    the picture missing. A path written percent-encoded (`my%20photo.jpg`)
    names the same file, in Markdown or HTML."""
    from generator.cli import main

    picture = (SITE / "assets" / "images" / "byte-003-figure-1.jpg").read_bytes()
    source = _jekyll_site(tmp_path, "", {
        "_posts/2024-09-19-talk.md": "---\ntitle: Talk\n---\nThe talk.\n\n![](/assets/blog/2024-09-19 johannes müller.jpg)\n\n"
                                     "![Stage](/assets/my%20photo.jpg \"On stage\")\n\n"
                                     '<img src="/assets/other%20photo.jpg" alt="Crowd">\n\n'
                                     "![Hall](</assets/hall photo.jpg>)\n",
        "assets/blog/2024-09-19 johannes müller.jpg": picture, "assets/my photo.jpg": picture,
        "assets/other photo.jpg": picture, "assets/hall photo.jpg": picture,
    })
    site = _new_site(tmp_path)
    report = _import(source, site / "content")
    assert not report.missing_assets and report.assets == 4, (report.missing_assets, report.assets)
    for name in ("blog/2024-09-19 johannes müller.jpg", "my photo.jpg", "other photo.jpg", "hall photo.jpg"):
        assert (site / "content" / "assets" / name).read_bytes() == picture, name
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00"]) == 0
    err = capsys.readouterr().err
    assert "broken" not in err and "not found" not in err and "missing" not in err and "warning" not in err, err


@pytest.mark.parametrize(("config", "said"), [
    (b"title: caf\xe9\n", "is not UTF-8"),
    (b"title: [unclosed\n", "line 2"),
])
def test_a_config_that_cannot_be_read_is_an_error_naming_it(tmp_path, config, said):
    """The deploying build's `--config _config.yml,_config.prod.yml` (or
    _config.yml alone) not UTF-8, or not YAML, ended the import in an internal
    error ("please report it"), or one that called it front matter and named
    no file: an error naming the config and what is wrong with it."""
    from generator.errors import NewsgenError  # noqa: PLC0415

    site = _jekyll_site(tmp_path, "title: T\n", {
        "Makefile": "deploy:\n\tbundle exec jekyll build --config _config.yml,_config.prod.yml\n",
        "_config.prod.yml": config,
        "_posts/2020-01-02-hello.md": "---\ntitle: Hello\n---\nText.\n",
    })
    with pytest.raises(NewsgenError) as raised:
        _import(site, tmp_path / "content")
    assert "_config.prod.yml" in str(raised.value) and said in str(raised.value) and "front matter" not in str(raised.value)


def test_a_package_json_nested_too_deeply_is_read_as_text(tmp_path):
    """A package.json nested 100,000 deep ended the import in an internal
    error (RecursionError): it is read as a file that is no JSON is, as one
    script."""
    site = _jekyll_site(tmp_path, "title: T\n", {
        "package.json": "[" * 100_000 + "]" * 100_000,
        "_posts/2020-01-02-hello.md": "---\ntitle: Hello\n---\nText.\n",
    })
    report = _import(site, tmp_path / "content")
    assert report.stories() == 1 and (tmp_path / "content" / "posts" / "2020-01-02-hello.md").is_file()


def test_a_posts_lang_that_is_no_language_tag_is_left_out_and_said(tmp_path):
    """A post's `lang: "x<y"` was carried over unchecked: the report told
    the writer to add `[languages.x<y]` to site.toml (no valid TOML) and the
    first build stopped ("not a language tag"). Read as the build reads it."""
    site = _jekyll_site(tmp_path, "title: T\n", {
        "_posts/2020-01-02-odd.md": '---\ntitle: Odd\nlang: "x<y"\n---\nText.\n',
        "_posts/2020-01-03-german.md": "---\ntitle: Deutsch\nlang: de_AT\n---\nText.\n",
    })
    report = _import(site, tmp_path / "content")
    assert "language" not in front_matter(tmp_path / "content" / "posts" / "2020-01-02-odd.md")[0]
    assert front_matter(tmp_path / "content" / "posts" / "2020-01-03-german.md")[0]["language"] == "de_AT"
    said = dict(report.changed)["_posts/2020-01-02-odd.md"]
    assert "x<y" in said and "not a language tag" in said
    assert not [line for line in report.settings if "x<y" in line], report.settings
    for line in report.settings:
        tomllib.loads(line.split("  #")[0] + ("\n" if "=" in line else ""))


def test_a_lead_image_with_a_stray_paren_is_read_without_it_or_kept_as_missing(tmp_path, capsys):
    """openSUSE's `image: /wp-content/uploads/2018/05/gsoc-opensuse.jpg)`:
    the missing-lead-image check never saw the path (no file extension at
    its end), and the first build failed, publishing none of 2,193 stories.
    Where the file without the `)` exists it is the lead image, said; where
    not, the path is reported missing and kept as extra.image."""
    from generator.cli import main

    picture = (SITE / "assets" / "images" / "byte-003-figure-1.jpg").read_bytes()
    source = _jekyll_site(tmp_path, "", {
        "_posts/2018-05-23-found.md": "---\ntitle: Found\nimage: /wp-content/uploads/pic.jpg)\n---\nText.\n",
        "_posts/2018-05-24-lost.md": "---\ntitle: Lost\nimage: /wp-content/uploads/gone.jpg)\n---\nText.\n",
        "wp-content/uploads/pic.jpg": picture,
    })
    site = _new_site(tmp_path)
    report = _import(source, site / "content")
    assert report.missing_assets == [("_posts/2018-05-24-lost.md", "/wp-content/uploads/gone.jpg)")], report.missing_assets
    found, _ = front_matter(site / "content" / "posts" / "2018-05-23-found.md")
    assert found["image"] == "/wp-content/uploads/pic.jpg"
    assert (site / "content" / "wp-content" / "uploads" / "pic.jpg").read_bytes() == picture
    assert any("stray ')'" in why for origin, why in report.changed if origin.endswith("found.md")), report.changed
    lost, _ = front_matter(site / "content" / "posts" / "2018-05-24-lost.md")
    assert "image" not in lost and lost["extra"]["image"] == "/wp-content/uploads/gone.jpg)"
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00"]) == 0


def test_empty_template_syntax_left_in_prose_is_named_as_written_in_the_report(tmp_path):
    """A tutorial's prose about Flask's templates ("wrap it in {% %}", "the
    {{ }} around the variables") is left as written; the report named the
    two "Liquid " and "Liquid {{  }}", a name missing from each."""
    site = _jekyll_site(tmp_path, "", {
        "_posts/2017-04-06-flask.md": "---\ntitle: Flask loops\n---\nWrap it in {% %} and the variables in {{ }}.\n",
    })
    report = _import(site, tmp_path / "content")
    assert dict(report.left) == {"Liquid {% %}": 1, "Liquid {{ }}": 1}, report.left
