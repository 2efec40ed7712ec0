"""Importing an Eleventy site: small made-up sites in the shapes that
v8.dev, eslint.org and lit.dev take (data files, permalinks, collection tags)."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.build import SiteBuilder
from generator.config import load_config
from generator.content.model import BuildMode
from generator.importers import eleventy
from generator.importers.common import ImportReport, write_import
from generator.importers.eleventy import read_eleventy
from generator.slugs import slugify

from .conftest import DEFAULT_CONFIG, NOW, front_matter, write_tree


def _import(source: Path, site: Path) -> ImportReport:
    report = ImportReport()
    write_import(site / "content", list(read_eleventy(source, report, ZoneInfo("Europe/Berlin"))), report)
    return report


def _imported(tmp_path: Path, files: dict[str, str]) -> tuple[Path, ImportReport]:
    """An Eleventy site of `files` imported into a new site: (the new site, the report)."""
    source = write_tree(tmp_path / "eleventy", files)
    site = write_tree(tmp_path / "site", {"site.toml": DEFAULT_CONFIG})
    return site, _import(source, site)


def _eleventy_site(root: Path) -> Path:
    return write_tree(root, {
        ".eleventy.js": "module.exports = function (config) {\n  return { dir: { input: 'src', output: '_site' } };\n};\n",
        "src/blog/blog.json": '{"layout": "post.njk", "tags": ["posts"], "permalink": "/blog/{{ page.fileSlug }}/"}\n',
        "src/blog/2022-12-01-v8-release.md": "---\ntitle: V8 release v9.0\nauthor: Ingvar Stepanyan\ntags: [release]\n"
                                             "teaser: What is new.\n---\nSee [the older one](/blog/an-older-one/) and {{ title }}.\n\n"
                                             "{% raw %}{{ kept }}{% endraw %}\n",
        "src/blog/older.md": "---\ntitle: An older one\ndate: 2022-11-01\ntags: [release, posts]\n---\nOld.\n",
        "src/blog/older.11tydata.json": '{"permalink": "/blog/{{ title | slugify }}/"}\n',
        "src/blog/computed.11tydata.js": "module.exports = { eleventyComputed: {} };\n",
        "src/blog/computed.md": "---\ntitle: Computed\ndate: 2022-11-02\npermalink: \"/blog/{{ page.date | blogDate }}/\"\n---\nText.\n",
        "src/docs/guide.md": "---\ntitle: The guide\ndate: 2022-10-01\n---\nGuide.\n\n![A chart](/_img/chart.png)\n",
        "src/_img/chart.png": b"\x89PNG\r\n\x1a\n",
        "src/docs/hidden.md": "---\ntitle: Hidden\ndate: 2022-10-02\npermalink: false\n---\nNot written.\n",
        "src/docs/no-title-here.md": "---\ndate: 2022-10-03\n---\nUntitled in its front matter.\n",
        "src/_includes/post.njk": "{{ content }}\n",
        "src/README.md": "# The site\n",
    })


def test_posts_get_newsgens_front_matter_and_the_urls_eleventy_gave_them(tmp_path):
    source = _eleventy_site(tmp_path / "eleventy")
    site = write_tree(tmp_path / "site", {"site.toml": DEFAULT_CONFIG})
    report = _import(source, site)
    content = site / "content"
    front, body = front_matter(content / "blog" / "2022-12-01-v8-release.md")
    assert front["title"] == "V8 release v9.0" and front["date"] == "2022-12-01"  # the date of its file's name
    assert front["aliases"] == ["/blog/v8-release/"]  # blog.json's permalink, with fileSlug (the date taken off)
    assert front["tags"] == ["release"]  # "posts", from the data file, names a collection
    assert front["summary"] == "What is new." and front["author"] == "Ingvar Stepanyan"
    assert "[the older one](2022-11-01-older.md)" in body  # a link by its old URL, to where it is now
    assert "and V8 release v9.0." in body  # {{ title }}, its own data, filled in
    assert "{{ kept }}" in body and "{% raw %}" not in body
    older, _ = front_matter(content / "blog" / "2022-11-01-older.md")
    assert older["aliases"] == ["/blog/an-older-one/"] and older["tags"] == ["release"]  # its template data file's permalink
    computed, _ = front_matter(content / "blog" / "2022-11-02-computed.md")
    assert "aliases" not in computed  # a filter only Eleventy knows: no URL made up
    said = " ".join(f"{origin}: {why}" for origin, why in report.changed)
    assert "blog/computed.md: its permalink" in said and "blog/computed.11tydata.js: data computed in JavaScript" in said
    guide, _ = front_matter(content / "docs" / "2022-10-01-guide.md")
    assert guide["aliases"] == ["/docs/guide/"]  # no permalink: its file's path
    _, guide_body = front_matter(content / "docs" / "2022-10-01-guide.md")
    assert "![A chart](/img/chart.png)" in guide_body and (content / "img" / "chart.png").is_file()  # _img/: no _ folder is published
    untitled, _ = front_matter(content / "docs" / "2022-10-03-no-title-here.md")
    assert untitled["title"] == "No title here"  # Eleventy's title for it: none; newsgen's: its file's name
    hidden, _ = front_matter(content / "docs" / "2022-10-02-hidden.md")
    assert hidden["draft"] is True and "aliases" not in hidden  # permalink: false, Eleventy writes no file
    assert not (content / "README.md").exists() and not any("_includes" in str(p) for p in content.rglob("*"))
    result = SiteBuilder(load_config(site)).build(BuildMode(now=NOW))
    output = load_config(site).output_dir
    assert (output / "blog" / "v8-release" / "index.html").is_file()  # the old URL redirects
    assert not [str(d) for d in result.warnings if "broken" in d.message]


def test_comma_separated_tags_and_a_file_named_as_its_folder_read_as_eleventy_reads_them(tmp_path):
    """eleventy-base-blog: `tags: second tag` became the tags "second" and
    "tag" (Eleventy splits text at commas), and blog/fourthpost/fourthpost.md,
    published by Eleventy at /blog/fourthpost/, got that path twice as its old URL."""
    site, _ = _imported(tmp_path, {
        "content/blog/firstpost.md": "---\ntitle: First\ndate: 2018-05-01\ntags: second tag, another tag\n---\nText.\n",
        "content/blog/fourthpost/fourthpost.md": "---\ntitle: Fourth\ndate: 2018-09-30\ntags: [number 2]\n---\nText.\n",
        "eleventy.config.js": "export const config = { dir: { input: 'content' } };\n",
    })
    [first] = (site / "content").rglob("*firstpost.md")
    [fourth] = (site / "content").rglob("*fourthpost.md")
    assert front_matter(first)[0]["tags"] == ["second tag", "another tag"]
    assert front_matter(fourth)[0]["aliases"] == ["/blog/fourthpost/"] and front_matter(fourth)[0]["tags"] == ["number 2"]


def test_the_not_found_page_is_said_and_left_out_and_javascript_front_matter_of_values_is_read(tmp_path):
    """eleventy-base-blog's 404.md (permalink: 404.html) became a story whose
    old URL collided with newsgen's own 404.html, failing the build; its
    about.md, with ---js front matter, was "a page of Eleventy's templates",
    then left out: Eleventy 3 reads its `const eleventyNavigation = {…};`
    as data, values a plain declaration gives."""
    site, report = _imported(tmp_path, {
        "content/404.md": "---\npermalink: 404.html\neleventyExcludeFromCollections: true\n---\n# Not found\n",
        "content/about.md": "---js\nconst eleventyNavigation = { key: 'About', order: 3 };\n---\n# About\n",
        "content/blog/post.md": "---\ntitle: A post\ndate: 2018-05-01\n---\nText.\n",
        "eleventy.config.js": "export const config = { dir: { input: 'content' } };\n",
    })
    skipped = dict(report.skipped)
    assert "newsgen writes its own 404.html" in skipped["404.md"] and "about.md" not in skipped
    assert sorted(p.name for p in (site / "content").rglob("*.md")) == ["2018-05-01-post.md", "about.md"]
    assert front_matter(site / "content" / "pages" / "about.md")[0]["title"] == "About"
    SiteBuilder(load_config(site)).build(BuildMode(now=NOW))


def test_javascript_and_json_front_matter_are_read_where_they_are_values_and_code_is_said(tmp_path, capsys):
    """Eleventy reads `---js` front matter (an object literal: quoted or
    bare keys, trailing commas, comments) and `---json`: such posts were
    left out as JavaScript, and the build, reading them as they are, said
    they had "no front matter". Values are read; front matter that runs
    code (a function, a template literal with ${}) is named, with its line,
    as front matter to write in YAML."""
    from generator.cli import main

    files = {
        "content/blog/js-post.md": "---js\n{\n  // the post\n  title: \"A JS post\",\n  'date': '2020-01-01',\n"
                                   "  tags: [\"a\", 'b',],\n  draft: false, count: 3, /* block */ ratio: -1.5e1,\n"
                                   "  note: `plain \\`ticks\\``,\n}\n---\nJS body.\n",
        "content/blog/json-post.md": '---json\n{"title": "A JSON post", "date": "2020-01-02", "tags": ["c"]}\n---\nJSON body.\n',
        "content/blog/code-post.md": "---js\n{\n  title: \"Code\",\n  date: \"2020-01-03\",\n  summary: `by ${author}`,\n}\n---\nCode.\n",
        "content/blog/function-post.md": "---js\n{ title: 'F', date: '2020-01-04', permalink: function (data) { return '/x/'; } }\n---\nF.\n",
        "eleventy.config.js": "export const config = { dir: { input: 'content' } };\n",
    }
    site, report = _imported(tmp_path, files)
    js_post, body = front_matter(site / "content" / "blog" / "2020-01-01-js-post.md")
    assert (js_post["title"], js_post["tags"], body.strip()) == ("A JS post", ["a", "b"], "JS body.")
    assert js_post["extra"] == {"count": 3, "ratio": -15.0, "note": "plain `ticks`"}
    assert front_matter(site / "content" / "blog" / "2020-01-02-json-post.md")[0]["tags"] == ["c"]
    skipped = dict(report.skipped)
    assert skipped["blog/code-post.md"] == ("line 5: JavaScript front matter (---js) computes a value (a template literal with ${…}), "
                                            "which newsgen does not run: write it as YAML front matter (---, then key: value lines, then ---)")
    assert "line 2: JavaScript front matter (---js) computes a value (a function)" in skipped["blog/function-post.md"]

    built = write_tree(tmp_path / "built", {"site.toml": DEFAULT_CONFIG, **{name.replace("content/blog/", "content/news/"): text
                                                                           for name, text in files.items() if name.startswith("content/")}})
    capsys.readouterr()
    main(["build", "--site", str(built), "--now", "2030-01-01T00:00:00+00:00", "--keep-going"])
    said = capsys.readouterr().err
    assert "no front matter" not in said
    assert "content/news/code-post.md:5: JavaScript front matter (---js) computes a value (a template literal with ${…})" in said
    assert "content/news/function-post.md:2: JavaScript front matter (---js) computes a value (a function)" in said
    assert "A JS post" in (built / "output" / "news" / "2020" / "01" / "01" / "js-post" / "index.html").read_text()
    assert "A JSON post" in (built / "output" / "news" / "2020" / "01" / "02" / "json-post" / "index.html").read_text()


def test_links_to_a_post_by_its_file_follow_it_to_where_it_is_now(tmp_path):
    """eleventy-base-blog links `blog/thirdpost.md` from the input folder
    (Eleventy's InputPathToUrl): the import renamed the file and left the link."""
    site, _ = _imported(tmp_path, {
        "content/blog/firstpost.md": "---\ntitle: First\ndate: 2018-05-01\n---\n"
                                     '<a href="blog/thirdpost.md">third</a> and [again](./thirdpost.md#part).\n\n'
                                     "```\n[as written](./thirdpost.md)\n```\n",
        "content/blog/thirdpost.md": "---\ntitle: Third\ndate: 2018-08-24\n---\n## Part\n\nText.\n",
        "eleventy.config.js": "export const config = { dir: { input: 'content' } };\n",
    })
    [first] = (site / "content").rglob("*firstpost.md")
    body = front_matter(first)[1]
    assert 'href="2018-08-24-thirdpost.md"' in body and "(2018-08-24-thirdpost.md#part)" in body, body
    assert "[as written](./thirdpost.md)" in body  # in code: as written
    result = SiteBuilder(load_config(site)).build(BuildMode(now=NOW))
    assert not [str(w) for w in result.warnings if "broken" in w.message]


def test_yaml_data_files_are_read_as_json_ones_are(tmp_path):
    """sass-lang.com keeps its blog's permalink in blog/blog.11tydata.yml
    (its config adds YAML data): the file was not read, and no old blog URL
    redirected."""
    site, _ = _imported(tmp_path, {
        "source/blog/blog.11tydata.yml": "permalink: '/posts/{{ page.fileSlug }}/'\ntags: [blog]\n",
        "source/blog/001-sass-is-cool.md": "---\ntitle: Sass is cool\ndate: 2006-09-13\n---\nText.\n",
        "source/blog/002-faster.md": "---\ntitle: Faster\ndate: 2007-01-01\n---\nSee [it](/posts/001-sass-is-cool/).\n",
        "eleventy.config.js": "module.exports = (c) => { c.addDataExtension('yml', (t) => yaml.load(t));"
                              " return { dir: { input: 'source' } }; };\n",
    })
    [cool] = (site / "content").rglob("*sass-is-cool.md")
    assert front_matter(cool)[0]["aliases"] == ["/posts/001-sass-is-cool/"]
    assert "tags" not in front_matter(cool)[0]  # "blog", from the data file, names a collection
    result = SiteBuilder(load_config(site)).build(BuildMode(now=NOW))
    assert not [str(w) for w in result.warnings if "broken" in w.message]


def test_undated_posts_are_pages_at_their_paths(tmp_path):
    """sass-lang.com's install.md went to /posts/install/ (its real URL then
    a redirect), and documentation/operators/string.md and
    documentation/modules/string.md were one file: one dropped, said to be
    "already in content/" on a new site."""
    site, report = _imported(tmp_path, {
        "src/install.md": "---\ntitle: Install Sass\n---\nText.\n",
        "src/docs/operators/string.md": "---\ntitle: String operators\n---\nText.\n",
        "src/docs/modules/string.md": "---\ntitle: The string module\n---\nText.\n",
        "src/docs/modules/index.md": "---\ntitle: Modules\n---\nText.\n",
        "src/blog/2020-01-01-a-post.md": "---\ntitle: A post\n---\nSee [install](/install/).\n",
        "eleventy.config.js": "module.exports = () => ({ dir: { input: 'src' } });\n",
    })
    pages = sorted(p.relative_to(site / "content").as_posix() for p in (site / "content" / "pages").rglob("*.md"))
    assert pages == ["pages/docs/modules.md", "pages/docs/modules/string.md", "pages/docs/operators/string.md", "pages/install.md"], pages
    assert not report.skipped
    SiteBuilder(load_config(site)).build(BuildMode(now=NOW))
    output = load_config(site).output_dir
    for path, title in (("install", "Install Sass"), ("docs/modules", "Modules"), ("docs/modules/string", "The string module"),
                        ("docs/operators/string", "String operators")):
        assert f"<h1>{title}</h1>" in (output / path / "index.html").read_text(encoding="utf-8"), path


def test_empty_front_matter_is_front_matter_and_a_template_tag_first_is_no_json(tmp_path):
    """11ty-website: docs/accessibility.md opens with "---" "---" and was
    skipped as "front matter that is not keys and values"; a file opening
    with {% callout %} was "front matter starting with '{' that is not valid JSON"."""
    site, report = _imported(tmp_path, {
        "src/docs/accessibility.md": "---\n---\n# Accessibility\n\nText.\n",
        "src/docs/local.md": "{% callout \"info\" %}Hi{% endcallout %}\n\nText.\n",
        "eleventy.config.js": "export const config = { dir: { input: 'src' } };\n",
    })
    skipped = dict(report.skipped)
    assert "accessibility.md" not in " ".join(skipped) and "JSON" not in skipped.get("docs/local.md", ""), report.skipped
    assert sorted(p.name for p in (site / "content").rglob("*.md")) == ["accessibility.md", "local.md"]  # both published by Eleventy


def test_a_link_to_a_page_that_became_a_sections_text_leads_to_the_section(tmp_path):
    """11ty-website: blog/blog.md (permalink /blog/) became the text of the
    section `blog`; docs/community.md's [Blog](/blog/) had been written to
    the page's file, ../blog.md, which was then not there: a broken link."""
    site, report = _imported(tmp_path, {
        "src/blog/blog.md": "---\ntitle: Blog\npermalink: /blog/\n---\nAll our news.\n",
        "src/blog/release.md": "---\ntitle: A release\ndate: 2024-03-01\n---\nOut now.\n",
        "src/docs/community.md": "---\ntitle: Community\n---\nRead [the blog](/blog/) and [its top](/blog/#top).\n",
        "eleventy.config.js": "export const config = { dir: { input: 'src' } };\n",
    })
    assert (site / "content" / "blog" / "_index.md").is_file(), report.changed
    [community] = (site / "content").rglob("community.md")
    assert "(/blog/)" in front_matter(community)[1] and "(/blog/#top)" in front_matter(community)[1]
    result = SiteBuilder(load_config(site)).build(BuildMode(now=NOW))
    assert [w.message.split(":")[0] for w in result.warnings if "is broken" in w.message] == [
        "the link to /blog/#top is broken"], result.warnings  # the page is there; no element of it is called "top"


def test_a_post_without_a_title_takes_the_title_its_layout_shows_and_the_report_says_how(tmp_path):
    """11ty-website's 67 blog posts have no `title`; its layout shows
    `newstitle` ("Eleventy v3.0.0 is now available!"). The import titled
    them by their files' names ("Eleventy v3") without a word."""
    site, report = _imported(tmp_path, {
        "src/blog/eleventy-v3.md": "---\nnewstitle: Eleventy v3.0.0 is now available!\ndate: 2024-10-01\n---\nText.\n",
        "src/blog/no-title-at-all.md": "---\ndate: 2024-10-02\n---\nText.\n",
        "eleventy.config.js": "export const config = { dir: { input: 'src' } };\n",
    })
    titles = sorted(front_matter(p)[0]["title"] for p in (site / "content").rglob("*.md"))
    assert titles == ["Eleventy v3.0.0 is now available!", "No title at all"]
    said = dict(report.changed)
    assert "newstitle" in said["blog/eleventy-v3.md"] and "file's name" in said["blog/no-title-at-all.md"], report.changed


def test_a_markdown_file_without_front_matter_is_published_unless_eleventyignore_names_it(tmp_path):
    """Eleventy publishes a Markdown file without front matter, with its
    folders' data (11ty-website's docs); the import skipped each as "a page
    of Eleventy's templates". What .eleventyignore names, Eleventy leaves out."""
    site, report = _imported(tmp_path, {
        "src/docs/setup.md": "# Setup\n\nInstall it.\n",
        "src/drafts/idea.md": "---\ntitle: An idea\n---\nLater.\n",
        "src/notes.md": "---\ntitle: Notes\n---\nKept out.\n",
        "src/.eleventyignore": "notes.md\n",
        ".eleventyignore": "# the project's\nsrc/drafts/\n",
        "eleventy.config.js": "export const config = { dir: { input: 'src' } };\n",
    })
    assert sorted(p.relative_to(site / "content").as_posix() for p in (site / "content").rglob("*.md")) == ["pages/docs/setup.md"], report.skipped


def test_every_newsgen_key_a_post_gives_is_kept(tmp_path):
    """a11yproject's posts say `category: Quick tip`: the report counted
    "category → categories" and the import dropped it, with `featured` and `section`."""
    site, report = _imported(tmp_path, {
        "src/posts/alt-text.md": "---\ntitle: Alt text\ndate: 2024-10-01\ncategory: Quick tip\nfeatured: true\n"
                                 "section: opinion\ndateline: BERLIN\n---\nText.\n",
        "eleventy.config.js": "export const config = { dir: { input: 'src' } };\n",
    })
    [post] = (site / "content").rglob("*alt-text.md")
    front = front_matter(post)[0]
    assert (front["categories"], front["featured"], front["section"], front["dateline"]) == ("Quick tip", True, "opinion", "BERLIN"), front


def test_a_mapping_as_a_key_is_read_as_eleventy_reads_it(tmp_path):
    """a11yproject's everyday-accessibility.md says `key: { { category } }`
    (Prettier's making of `{{ category }}`): js-yaml reads the inner key as
    "[object Object]" and Eleventy publishes the post; the import left it out,
    and the build stopped with an internal error."""
    from generator.cli import main

    site, report = _imported(tmp_path, {
        "src/posts/everyday.md": "---\ntitle: Everyday accessibility\ndate: 2024-10-01\neleventyNavigation:\n"
                                 "  key: { { category } }\n---\nText.\n",
        "eleventy.config.js": "export const config = { dir: { input: 'src' } };\n",
    })
    assert not report.skipped and [p.name for p in (site / "content").rglob("*everyday.md")], report.skipped
    source = tmp_path / "eleventy" / "src" / "posts" / "everyday.md"
    (site / "content" / "world").mkdir()
    (site / "content" / "world" / "raw.md").write_text(source.read_text())  # the file as written, built without an import
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00"]) == 0


def test_markdown_its_breaks_option_is_said(tmp_path):
    """a11yproject sets markdown-it's `breaks: true`: its posts' line breaks
    were <br> there, and the import said nothing of it."""
    _, report = _imported(tmp_path, {
        "src/posts/a.md": "---\ntitle: A\ndate: 2024-10-01\n---\nOne line\nand the next.\n",
        ".eleventy.js": "const md = require('markdown-it')({ html: true, breaks: true });\n"
                        "module.exports = (c) => { c.setLibrary('md', md); return { dir: { input: 'src' } }; };\n",
    })
    assert "breaks: true" in dict(report.changed)[".eleventy.js"]


def test_markdown_it_containers_become_the_blocks_they_render(tmp_path):
    """Sites that add markdown-it-container write `::: warning` … `:::`
    (nested with more colons): the colons were shown as text."""
    from generator.cli import main

    body = ("Intro.\n\n::: warning Mind the gap\nText *here*.\n\n:::: note\nInner.\n::::\n:::\n\n"
            "```\n::: kept\n```\n")
    site, report = _imported(tmp_path, {
        "src/posts/a.md": f"---\ntitle: A\ndate: 2024-10-01\n---\n{body}",
        ".eleventy.js": "const md = require('markdown-it')().use(require('markdown-it-container'), 'warning');\n"
                        "module.exports = (c) => { c.setLibrary('md', md); return { dir: { input: 'src' } }; };\n",
    })
    assert report.converted["markdown-it container"] == 2
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00"]) == 0
    [page] = [p for p in (site / "output").rglob("index.html") if "Mind the gap" in p.read_text()]
    html = page.read_text()
    assert '<div class="warning">' in html and '<div class="note">' in html and "<strong>Mind the gap</strong>" in html
    assert "<em>here</em>" in html and "::: kept" in html and "::: warning" not in html


def test_markdown_options_set_in_a_script_of_the_sites_own_are_read(tmp_path):
    """mxb sets markdown-it up in utils/markdown.js, which .eleventy.js requires."""
    _, report = _imported(tmp_path, {
        "src/posts/a.md": "---\ntitle: A\ndate: 2024-10-01\n---\nOne line\nand the next.\n",
        "utils/markdown.js": "module.exports = require('markdown-it')({ html: true, breaks: true });\n",
        ".eleventy.js": "const markdown = require('./utils/markdown');\n"
                        "module.exports = (c) => { c.setLibrary('md', markdown); return { dir: { input: 'src' } }; };\n",
    })
    assert "breaks: true" in dict(report.changed)["utils/markdown.js"], report.changed


def test_a_lead_image_the_source_lacks_does_not_stop_the_build_the_report_asks_for(tmp_path):
    """mxb's css-skeleton-screens names a cover.png the repository lacks:
    reported missing, yet kept as `image:`, the build it said to run next stopped on it."""
    from generator.cli import main

    site, report = _imported(tmp_path, {
        "src/posts/a.md": "---\ntitle: A\ndate: 2024-10-01\nimage: cover.png\nimage_alt: A cover\n---\nText.\n",
        ".eleventy.js": "module.exports = () => ({ dir: { input: 'src' } });\n",
    })
    [post] = (site / "content").rglob("*a.md")
    front = front_matter(post)[0]
    assert "image" not in front and front["extra"]["image"] == "cover.png" and front["extra"]["image_alt"] == "A cover", front
    assert any("cover.png" in why for _, why in report.changed)
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00"]) == 0


def test_a_permalink_in_a_layouts_front_matter_is_the_posts_old_url(tmp_path):
    """thepugautomatic.com sets every post's permalink in its post layout,
    chosen by posts/posts.json: Eleventy's data cascade reads layouts'
    front matter below the data files. All 345 posts got an old URL made
    up from their file names, none of them the URL readers know."""
    site, report = _imported(tmp_path, {
        ".eleventy.js": 'module.exports = () => ({ dir: { input: ".", includes: "_includes" } });\n',
        "posts/posts.json": '{ "layout": "layouts/post" }\n',
        "posts/2006-07-16-hello-world.md": "---\ntitle: Hello world\n---\nHi.\n",
        "posts/2006-07-17-own.md": "---\ntitle: Own\npermalink: /own/\n---\nMine.\n",
        "_includes/layouts/post.njk": "---\nlayout: layouts/base.njk\n---\n{{ content }}\n",
        "_includes/layouts/base.njk": '---\npermalink: "/blog/{{ page.fileSlug }}/"\n---\n<main>{{ content }}</main>\n',  # the outer layout's
    })
    hello, _ = front_matter(site / "content" / "posts" / "2006-07-16-hello-world.md")
    own, _ = front_matter(site / "content" / "posts" / "2006-07-17-own.md")
    assert hello["aliases"] == ["/blog/hello-world/"] and own["aliases"] == ["/own/"]


def test_a_markdown_file_is_read_only_where_the_sites_config_makes_it_a_template(tmp_path):
    """thepugautomatic.com has a `.markdown` post: Eleventy reads Markdown as
    `.md` and never published it, but the import did."""
    site, report = _imported(tmp_path, {
        ".eleventy.js": 'module.exports = () => ({ templateFormats: ["njk", "md"] });\n',
        "posts/2007-11-24-old.markdown": "---\ntitle: Old\n---\nNever published.\n",
        "posts/2007-11-25-new.md": "---\ntitle: New\n---\nPublished.\n",
    })
    assert report.stories() == 1 and not (site / "content" / "posts" / "2007-11-24-old.md").exists()
    assert "Eleventy does not read" in dict(report.skipped)["posts/2007-11-24-old.markdown"]
    site, report = _imported(tmp_path / "with", {
        ".eleventy.js": 'module.exports = () => ({ templateFormats: ["md", "markdown"] });\n',
        "posts/2007-11-24-old.markdown": "---\ntitle: Old\n---\nPublished here.\n",
    })
    assert report.stories() == 1


def test_the_home_page_a_paginated_list_and_a_page_its_layout_makes_are_left_out(tmp_path):
    """servo.org's index.md (its layout's alone) and blog/index.md (a
    `pagination:` loop over collections.blog) were imported as pages, and the
    build stopped on the home page's alias /; a post's link to /#sponsors led
    to the home page's file. newsgen makes these pages itself."""
    from generator.cli import main

    site, report = _imported(tmp_path, {
        ".eleventy.js": "module.exports = function (c) {};\n",
        "index.md": "---\nlayout: home.html\ntitle: Home\n---\n",
        "blog/index.md": "---\ntitle: Blog\npagination:\n  data: collections.blog\n  size: 10\n  alias: posts\n---\n"
                         "{% for post in posts %}\n<h2>{{ post.data.title }}</h2>\n{% endfor %}\n",
        "sponsors.md": "---\nlayout: sponsors.html\ntitle: Sponsors\n---\n\n",
        "_includes/home.html": "<html>{{ content }}</html>\n",
        "_posts/2020-01-02-hello.md": "---\ntitle: Hello\ndate: 2020-01-02\ntags: blog\n---\n"
                                      "Thanks to [our sponsors]({{ '/#sponsors' | url }}).\n",
    })
    skipped = dict(report.skipped)
    assert skipped["index.md"] == "the home page: newsgen makes the front page", report.skipped
    assert "pagination made pages of (collections.blog)" in skipped["blog/index.md"]
    assert skipped["sponsors.md"] == "a page with no text of its own (its layout, sponsors.html, made it)"
    assert [p.relative_to(site / "content").as_posix() for p in (site / "content").rglob("*.md")] == ["posts/2020-01-02-hello.md"]
    _, body = front_matter(site / "content" / "posts" / "2020-01-02-hello.md")
    assert "[our sponsors](/#sponsors)" in body  # the front page, not a file
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00"]) == 0


def test_a_permalink_with_liquids_date_filter_is_filled_in_from_the_posts_date(tmp_path):
    """servo.org's post layout sets permalink "/blog/{{ page.date | date: '%Y/%m/%d' }}/{{ page.fileSlug }}/"
    (LiquidJS's built-in date filter): none of its 206 posts got an alias,
    and the report said so 206 times, one line each."""
    site, report = _imported(tmp_path, {
        ".eleventy.js": "module.exports = function (c) {};\n",
        "_includes/post.html": "---\npermalink: \"/blog/{{ page.date | date: '%Y/%m/%d' }}/{{ page.fileSlug }}/\"\n---\n{{ content }}\n",
        "_posts/2014-09-01-twis-1.md": "---\nlayout: post\ntitle: This Week In Servo 1\ndate: 2014-09-01 23:31:19\n---\nText.\n",
        "_posts/2014-09-08-twis-2.md": "---\nlayout: post\ntitle: TWiS 2\ndate: 2014-09-08\n"
                                       "permalink: \"/{{ page.date | date: '%y-%-m-%e %b %B %j %H:%M:%S %%' | slugify }}/\"\n---\nText.\n",
    })
    first, _ = front_matter(site / "content" / "posts" / "2014-09-01-twis-1.md")
    second, _ = front_matter(site / "content" / "posts" / "2014-09-08-twis-2.md")
    assert first["aliases"] == ["/blog/2014/09/01/twis-1/"], report.changed  # the date in the site's time zone
    assert second["aliases"] == [f"/{slugify('14-9- 8 Sep September 251 00:00:00 %')}/"]
    assert not report.changed, report.changed


def test_a_permalink_that_cannot_be_worked_out_is_said_once_for_all_its_posts(tmp_path):
    """A date filter of the site's own (its format Luxon's, not strftime),
    or a directive no URL is made of: no alias, and one line of the report
    with the first few files and a count, not one line per post."""
    files = {f"posts/2020-01-{day:02d}-p.md": f"---\ntitle: P{day}\n---\nText.\n" for day in range(1, 8)}
    site, report = _imported(tmp_path, {
        **files,
        "posts/posts.json": '{"permalink": "/{{ page.date | date: \'yyyy/LL\' }}/{{ page.fileSlug }}/"}\n',
        "posts/2020-02-01-weekday.md": "---\ntitle: W\npermalink: \"/{{ page.date | date: '%A' }}/\"\n---\nText.\n",
        ".eleventy.js": "module.exports = function (c) {};\n",
    })
    assert not any("aliases" in front_matter(p)[0] for p in (site / "content").rglob("*.md"))
    lines = report.lines()
    assert sum("{{ page.date | date: 'yyyy/LL' }}" in line for line in lines) == 4, lines  # 3 files, then the rest counted
    assert any(line.startswith("    … and 4 more: its permalink") for line in lines), lines
    assert any(line.startswith("    posts/2020-02-01-weekday.md: its permalink") for line in lines), lines
    site, report = _imported(tmp_path / "own", {  # the site's own date filter, in place of Liquid's
        "posts/2020-01-01-p.md": "---\ntitle: P\npermalink: \"/{{ page.date | date: '%Y' }}/p/\"\n---\nText.\n",
        ".eleventy.js": "module.exports = (c) => { c.addFilter('date', (d, f) => DateTime.fromJSDate(d).toFormat(f)); };\n",
    })
    assert "aliases" not in front_matter(site / "content" / "posts" / "2020-01-01-p.md")[0] and report.changed


# sass-lang.com's (sass/sass-site, MIT): source/helpers/pages.ts, as it is written
_SASS_PAGES_TS = r"""/** The 11ty page object. */
interface Page {
  url: string | false;
  fileSlug: string;
}

/**
 * Removes leading id (e.g. `001-`) from blog filenames.
 */
export function getBlogSlug(page: Page): string {
  return page.fileSlug.replace(/^(\d*-)/, '');
}

export function getTitleSlug(page: Page): string {
  return slugify(page.data.title);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export default function pagesPlugin(eleventyConfig: any): void {
  eleventyConfig.addLiquidFilter('getBlogSlug', getBlogSlug);
  eleventyConfig.addLiquidFilter('getTitleSlug', getTitleSlug);
}
"""


def test_a_permalink_through_a_filter_of_one_expression_of_the_sites_own_is_worked_out(tmp_path):
    r"""sass-lang.com's blog.11tydata.yml sets permalink
    '/blog/{{ page | getBlogSlug }}/index.html', getBlogSlug its own filter
    (`page.fileSlug.replace(/^(\d*-)/, '')`): none of its 45 posts got its
    old URL, and its _redirects' five rules to them led nowhere. A filter
    that returns one such expression (the page's fileSlug or the value
    given, through replace() and toLowerCase()) is worked out as
    JavaScript would; one that calls other code stays reported, naming
    the filter and its file, and what to do."""
    site, report = _imported(tmp_path, {
        "eleventy.config.cjs": "const pagesPlugin = require('./source/helpers/pages.ts').default;\n"
                               "module.exports = eleventyConfig => {\n  eleventyConfig.addPlugin(pagesPlugin);\n"
                               "  return {dir: {input: 'source', includes: '_includes', layouts: '_layouts'}};\n};\n",
        "source/helpers/pages.ts": _SASS_PAGES_TS,
        "source/blog/blog.11tydata.yml": "layout: blog\ntags:\n  - blog\npermalink: '/blog/{{ page | getBlogSlug }}/index.html'\n",
        "source/blog/001-how-extend-works.md": "---\ntitle: How @extend Works\ndate: 2013-11-22 16:57:00 -8\n---\nText.\n",
        "source/blog/042-sass-2024.md": "---\ntitle: Sass 2024\ndate: 2024-01-02\n"
                                        "permalink: '/news/{{ page | getTitleSlug }}/'\n---\nText.\n",
    })
    written = {front["title"]: front for front, _ in (front_matter(p) for p in (site / "content").rglob("*.md"))}
    assert written["How @extend Works"]["aliases"] == ["/blog/how-extend-works/"], report.changed
    assert "aliases" not in written["Sass 2024"]
    [said] = [what for rel, what in report.changed if rel == "blog/042-sass-2024.md" and "permalink" in what]
    assert "getTitleSlug" in said and "source/helpers/pages.ts" in said and "aliases" in said, said


@pytest.mark.parametrize("regex, worked_out", [
    (r"^(\d*-)", True),  # sass-lang.com's
    (r"^-+|-+$", True),  # each alternative repeats once
    (r"^(a+)+$", False),  # a repeated group: every way of cutting a run of a's into parts
    (r"(a|aa)*", False),
    (r"^a*a*a*a*a*a*a*a*a*a*b", False),  # every way of sharing a run of a's among the repetitions
    (r"a{0,99}a{0,99}x", False),
    (r"^a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?aaaaaaaaaaaaaaaaaaaaaa", False),
])
def test_a_site_filter_whose_regular_expression_may_backtrack_without_end_is_not_worked_out(tmp_path, regex, worked_out):
    """A site's filter is worked out by running its regular expression with
    Python's re, which backtracks: `page.fileSlug.replace(/^(a+)+$/, '')`
    given a post named by forty a's and a dot held the import for days (and
    Eleventy's build too). Such a filter is one the import does not work out,
    said as any other is, with what to do."""
    script = "function getSlug(page) { return page.fileSlug.replace(/%s/, ''); }\n" % regex
    assert (eleventy._filter_worked_out(script, "getSlug") is not None) == worked_out
    if worked_out:
        return
    site, report = _imported(tmp_path, {
        ".eleventy.js": script + "module.exports = (c) => { c.addFilter('getSlug', getSlug); };\n",
        "posts/posts.json": '{"permalink": "/blog/{{ page | getSlug }}/"}',
        "posts/aaab.md": "---\ntitle: A post\ndate: 2020-01-01\n---\nText.\n",
    })
    [written] = (site / "content").rglob("*.md")
    assert "aliases" not in front_matter(written)[0]
    [said] = [what for rel, what in report.changed if rel == "posts/aaab.md"]
    assert "getSlug" in said and "aliases" in said, said


def test_files_a_passthrough_copy_puts_elsewhere_are_found_where_the_site_served_them(tmp_path):
    """servo.org copies assets/img to /img (addPassthroughCopy({"assets/img": "img"})):
    its posts' /img/blog/x.png were "not found in the source", and 309 links broke."""
    from generator.cli import main

    png = b"\x89PNG\r\n\x1a\n"
    site, report = _imported(tmp_path, {
        ".eleventy.js": "module.exports = function (c) {\n  c.addPassthroughCopy({\"assets/img\": \"img\", './assets/icons/*.svg': 'icons'});\n"
                        "  c.addPassthroughCopy({ 'assets/logo.png': '/', \"../shared\": \"shared\" });\n};\n",
        "assets/img/blog/stylo.png": png,
        "assets/icons/rss.svg": "<svg/>",
        "assets/icons/notes.txt": "not copied",
        "assets/logo.png": png,
        "_posts/2016-05-02-twis-61.md": "---\ntitle: TWiS 61\ndate: 2016-05-02\n---\n![Stylo](/img/blog/stylo.png)\n\n"
                                        '<img src="/icons/rss.svg" alt="RSS"> ![Logo](/logo.png) [notes](/icons/notes.txt)\n',
    })
    content = site / "content"
    assert (content / "img" / "blog" / "stylo.png").read_bytes() == png
    assert (content / "icons" / "rss.svg").is_file() and (content / "logo.png").is_file()
    assert report.missing_assets == [("_posts/2016-05-02-twis-61.md", "/icons/notes.txt")]  # the glob takes .svg files only
    assert "outside the site's folder" in dict(report.changed)[".eleventy.js"]
    _, body = front_matter(content / "posts" / "2016-05-02-twis-61.md")
    assert "![Stylo](/img/blog/stylo.png)" in body
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00"]) == 0


def test_markdown_its_linkify_makes_bare_web_addresses_links_and_is_said(tmp_path):
    """servo.org sets markdown-it's `linkify: true`: "5,000 stars on
    https://github.com/servo/servo!" was a link there, and plain text after
    the import, with no word in the report."""
    from generator.cli import main

    body = ("Additionally, we passed 5,000 stars on https://github.com/servo/servo!\n\n"
            "See [https://in.link](https://servo.org/a) and <https://already.org>, `https://code.org`,\n"
            '<a href="https://attr.org">https://a.org</a> (https://example.com/a_(b)).\n\n'
            "<p>raw https://html.org</p>\n\n```\nhttps://fenced.org\n```\n")
    site, report = _imported(tmp_path, {
        "_posts/2015-10-19-twis-38.md": f"---\ntitle: TWiS 38\ndate: 2015-10-19\n---\n{body}",
        ".eleventy.js": 'const MarkdownIt = require("markdown-it");\nmodule.exports = function (c) {\n'
                        '  c.setLibrary("md", MarkdownIt({ html: true, typographer: true, linkify: true }));\n};\n',
    })
    assert "linkify: true" in dict(report.changed)[".eleventy.js"] and report.converted["markdown-it linkify"] == 2
    _, written = front_matter(site / "content" / "posts" / "2015-10-19-twis-38.md")
    assert "on <https://github.com/servo/servo>!" in written and "(<https://example.com/a_(b)>)." in written
    for kept in ("[https://in.link](https://servo.org/a)", "`https://code.org`", '<a href="https://attr.org">https://a.org</a>',
                 "<p>raw https://html.org</p>", "\nhttps://fenced.org\n"):
        assert kept in written, kept
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00"]) == 0
    page = (site / "output" / "posts" / "2015" / "10" / "19" / "twis-38" / "index.html").read_text()
    assert '<a href="https://github.com/servo/servo">https://github.com/servo/servo</a>!' in page


def test_bare_web_addresses_stay_as_written_without_linkify(tmp_path):
    site, report = _imported(tmp_path, {
        "_posts/2015-10-19-a.md": "---\ntitle: A\ndate: 2015-10-19\n---\nOn https://github.com/servo/servo.\n",
        ".eleventy.js": 'module.exports = function (c) { c.setLibrary("md", require("markdown-it")({ html: true })); };\n',
    })
    assert "On https://github.com/servo/servo." in front_matter(site / "content" / "posts" / "2015-10-19-a.md")[1]
    assert not report.converted and not report.changed


def test_a_post_whose_permalink_javascript_data_may_set_gets_no_made_up_old_url(tmp_path):
    """18F's content/posts/posts.11tydata.js sets every post's permalink
    (/2014/05/14/…/): the import kept /content/posts/2014-05-14-…/ as an
    old URL instead, a URL the site never had, and said nothing of it."""
    site, report = _imported(tmp_path, {
        "posts/posts.11tydata.js": "module.exports = { permalink: '/{{ page.date | toDatePath }}/{{ page.fileSlug }}/' };\n",
        "posts/2014-05-14-hello.md": "---\ntitle: Hello\n---\nHi.\n",
        "posts/2014-05-15-own.md": "---\ntitle: Own\npermalink: /own/\n---\nMine.\n",
        "notes/2014-05-16-plain.md": "---\ntitle: Plain\n---\nNo script here.\n",
    })
    hello, _ = front_matter(site / "content" / "posts" / "2014-05-14-hello.md")
    own, _ = front_matter(site / "content" / "posts" / "2014-05-15-own.md")
    plain, _ = front_matter(site / "content" / "notes" / "2014-05-16-plain.md")
    assert "aliases" not in hello and own["aliases"] == ["/own/"] and plain["aliases"] == ["/notes/2014-05-16-plain/"]
    assert "JavaScript data" in dict(report.changed)["posts/2014-05-14-hello.md"]


def test_javascript_data_that_names_no_permalink_leaves_the_posts_old_urls(tmp_path):
    """lea.verou.me's blog/blog.11tydata.js computes is_post and wpid, never
    a permalink: all 252 posts lost their old URLs, and links written with
    them (/blog/2023/going-lean/) were left broken."""
    site, report = _imported(tmp_path, {
        "blog/blog.11tydata.js": "export default {\n  eleventyComputed: {\n    is_post: data => data.tags.includes('blog'),\n  }\n};\n",
        "blog/blog.json": '{"tags": ["blog"]}\n',
        "blog/2023/going-lean/index.md": "---\ntitle: Going lean\ndate: 2023-06-01\n---\nLean.\n",
        "blog/2023/other/index.md": "---\ntitle: Other\ndate: 2023-07-01\n---\nSee [going lean](/blog/2023/going-lean/).\n",
    })
    lean, _ = front_matter(site / "content" / "blog" / "2023-06-01-going-lean.md")
    _, other = front_matter(site / "content" / "blog" / "2023-07-01-other.md")
    assert lean["aliases"] == ["/blog/2023/going-lean/"] and "(2023-06-01-going-lean.md)" in other, other
    assert not [why for _, why in report.changed if "permalink may be set" in why]


def test_eleventy_exclude_from_collections_is_written_once(tmp_path):
    """lea.verou.me's pages kept eleventyExcludeFromCollections both at the
    top, where the build reads it, and again under extra."""
    site, report = _imported(tmp_path, {
        "about.md": "---\ntitle: About\npermalink: /about/\neleventyExcludeFromCollections: true\n---\nMe.\n",
    })
    front, _ = front_matter(site / "content" / "pages" / "about.md")
    assert front["eleventyExcludeFromCollections"] is True and "eleventyExcludeFromCollections" not in front.get("extra", {}), front
    assert "eleventyExcludeFromCollections" not in report.keys_kept


def test_an_undated_post_of_a_collection_is_said_as_date_created_is(tmp_path):
    """lea.verou.me's blog/2025/user-effort/index.md, in collections.blog by
    blog/blog.json, has no date: Eleventy dates it by its file's creation
    (its default, `date: Created`); the import made it a page unsaid."""
    site, report = _imported(tmp_path, {
        "blog/blog.json": '{"tags": ["blog"]}\n',
        "blog/2025/dated/index.md": "---\ntitle: Dated\ndate: 2025-05-01\n---\nText.\n",
        "blog/2025/user-effort/index.md": "---\ntitle: User effort\ntags: [ux]\n---\nNo date.\n",
        "blog/2025/created/index.md": "---\ntitle: Created\ndate: Created\n---\nBy its clock.\n",
        "about.md": "---\ntitle: About\n---\nIn no collection.\n",
    })
    clocked = [origin for origin, why in report.changed if "its file's clock" in why and "give it a date" in why]
    assert sorted(clocked) == ["blog/2025/created/index.md", "blog/2025/user-effort/index.md"], report.changed
    assert (site / "content" / "pages" / "blog" / "2025" / "user-effort.md").is_file()


def test_links_relative_to_a_posts_url_lead_to_the_posts_they_reached(tmp_path):
    """lea.verou.me's posts, blog/YYYY/slug/index.md at /blog/YYYY/slug/,
    link others as browsers read them there (../going-lean/,
    ../../2020/04/lch-colors/); left as written, 8 stories failed the
    build ("leaves the site") or linked /going-lean/, broken."""
    site, report = _imported(tmp_path, {
        "blog/2020/04/lch-colors/index.md": "---\ntitle: LCH colors\ndate: 2020-04-04\n---\nHello.\n",
        "blog/2023/going-lean/index.md": "---\ntitle: Going lean\ndate: 2023-06-01\n---\nLean.\n",
        "blog/2023/affordances/index.md": "---\ntitle: Affordances\ndate: 2023-11-02\n---\n"
                                          "See [LCH](../../2020/04/lch-colors/) and [going lean](../going-lean/#why)"
                                          ' and <a href="../../2020/04/lch-colors">again</a>.\n',
    })
    _, body = front_matter(site / "content" / "blog" / "2023-11-02-affordances.md")
    assert "(2020-04-04-lch-colors.md)" in body and "(2023-06-01-going-lean.md#why)" in body, body
    assert 'href="2020-04-04-lch-colors.md"' in body, body
    result = SiteBuilder(load_config(site)).build(BuildMode(now=NOW))
    assert not [str(w) for w in result.warnings if "broken" in w.message or "leaves" in w.message]


def test_each_posts_own_files_stay_apart_where_the_old_site_served_them(tmp_path):
    """lea.verou.me's post folders each have an images/image.png: the import
    copied them all to content/blog/images/image.png, kept the first, and
    28 references in 20 posts showed another post's picture, unsaid."""
    site, report = _imported(tmp_path, {
        "blog/2020/one/index.md": "---\ntitle: One\ndate: 2020-01-01\nimage: images/image.png\n---\n![A red box](images/image.png)\n",
        "blog/2020/one/images/image.png": b"\x89PNG red",
        "blog/2021/two/index.md": "---\ntitle: Two\ndate: 2021-01-01\n---\n![A blue box](./images/image.png?v=2)\n",
        "blog/2021/two/images/image.png": b"\x89PNG blue",
    })
    content = site / "content"
    one, one_body = front_matter(content / "blog" / "2020-01-01-one.md")
    _, two_body = front_matter(content / "blog" / "2021-01-01-two.md")
    assert "(/blog/2020/one/images/image.png)" in one_body and one["image"] == "/blog/2020/one/images/image.png", one_body
    assert "(/blog/2021/two/images/image.png?v=2)" in two_body, two_body
    assert (content / "blog/2020/one/images/image.png").read_bytes() == b"\x89PNG red"
    assert (content / "blog/2021/two/images/image.png").read_bytes() == b"\x89PNG blue"
    assert report.assets == 2 and not report.missing_assets
    result = SiteBuilder(load_config(site)).build(BuildMode(now=NOW))
    assert not [str(w) for w in result.warnings if "broken" in w.message or "leaves" in w.message]


def test_an_image_in_another_posts_folder_is_found_and_copied(tmp_path):
    """lea.verou.me's blog/2025/hovercar/index.md shows
    <img src="../../2024/context-chips/images/cover.png">: the file is there,
    but the import called it missing, and the build failed ("leaves the site")."""
    site, report = _imported(tmp_path, {
        "blog/2024/context-chips/index.md": "---\ntitle: Context chips\ndate: 2024-12-27\n---\nChips.\n",
        "blog/2024/context-chips/images/cover.png": b"\x89PNG cover",
        "blog/2025/hovercar/index.md": "---\ntitle: Hovercar\ndate: 2025-06-25\n---\n"
                                       '<img src="../../2024/context-chips/images/cover.png" alt="Chips">\n',
    })
    content = site / "content"
    _, body = front_matter(content / "blog" / "2025-06-25-hovercar.md")
    assert 'src="/blog/2024/context-chips/images/cover.png"' in body, body
    assert (content / "blog/2024/context-chips/images/cover.png").read_bytes() == b"\x89PNG cover" and not report.missing_assets
    result = SiteBuilder(load_config(site)).build(BuildMode(now=NOW))
    assert not [str(w) for w in result.warnings if "broken" in w.message or "leaves" in w.message]


def test_the_config_a_package_json_script_names_is_read(tmp_path):
    """lea.verou.me builds with `npx @11ty/eleventy --config=_build/eleventy.js`:
    its markdown-it (typographer, linkify) went unread, and the report
    suggested smart_punctuation = false. --input names the input folder."""
    site, report = _imported(tmp_path, {
        "package.json": '{"scripts": {"build": "npx @11ty/eleventy --input=site --config=_build/eleventy.js"},'
                        ' "devDependencies": {"@11ty/eleventy": "^3.0.0"}}',
        "_build/eleventy.js": 'import markdownIt from "./markdown.js";\n'
                              'export default config => {\n  config.setLibrary("md", markdownIt);\n'
                              '  return { dir: { layouts: "_layouts" } };\n};\n',
        "_build/markdown.js": 'import markdownIt from "markdown-it";\n'
                              "export default markdownIt({ html: true, linkify: true, typographer: true });\n",
        "site/_layouts/post.md": "---\npermalink: /posts/{{ page.fileSlug }}/\n---\n{{ content }}\n",
        "site/blog/2023-06-01-lean.md": "---\ntitle: Lean\nlayout: post\n---\nSee https://example.com today.\n",
    })
    front, body = front_matter(site / "content" / "blog" / "2023-06-01-lean.md")
    assert front["aliases"] == ["/posts/lean/"] and "<https://example.com>" in body, (front, body)
    assert _markdown_settings(report) == ["indented_code = false"]


def test_a_feed_written_as_a_markdown_template_is_left_out(tmp_path):
    """18F's content/pages/feed/feed.md is a Liquid template of /feed.xml:
    imported as a page, its old URL /feed.xml collided with newsgen's feed and the build failed."""
    site, report = _imported(tmp_path, {
        "pages/feed/feed.md": "---\npermalink: /feed.xml\n---\n<feed>{% for post in collections.posts %}{% endfor %}</feed>\n",
        "posts/2014-05-14-hello.md": "---\ntitle: Hello\n---\nHi.\n",
    })
    assert "newsgen writes its own feeds" in dict(report.skipped)["pages/feed/feed.md"]
    assert not list((site / "content").rglob("feed*.md"))


def test_with_input_dot_posts_take_their_section_from_below_the_folder_all_are_in_and_pages_their_permalinks(tmp_path):
    """18F's site has Eleventy's input "." and every post in content/posts/:
    all 510 went to a section "content"; and its pages went where their paths
    led (content/pages/about.md at /content/pages/about/), their own
    permalinks (/about/) becoming redirects to there."""
    site, report = _imported(tmp_path, {
        ".eleventy.js": "module.exports = function (config) {\n  return { dir: { input: '.' } };\n};\n",
        "content/posts/2014-03-12-coming-soon.md": "---\ntitle: Coming soon\n---\nSee [about](/about/).\n",
        "content/posts/2015-01-02-hello.md": "---\ntitle: Hello\n---\nHi.\n",
        "content/pages/about.md": "---\ntitle: About 18F\npermalink: /about/\n---\nWho we are.\n",
        "content/pages/contact/join.md": "---\ntitle: Join\npermalink: /join/\n---\nJoin us.\n",
        "content/pages/guides.md": "---\ntitle: Guides\npermalink: /guides.html\n---\nGuides.\n",
    })
    content = site / "content"
    assert sorted(p.relative_to(content).as_posix() for p in content.rglob("*.md")) == [
        "pages/about.md", "pages/guides.md", "pages/join.md", "posts/2014-03-12-coming-soon.md", "posts/2015-01-02-hello.md"]
    assert front_matter(content / "pages" / "guides.md")[0]["aliases"] == ["/guides.html"]
    SiteBuilder(load_config(site)).build(BuildMode(now=NOW))
    output = load_config(site).output_dir
    for path, title in (("about", "About 18F"), ("join", "Join"), ("guides", "Guides")):
        assert f"<h1>{title}</h1>" in (output / path / "index.html").read_text(encoding="utf-8"), path
    assert (output / "posts" / "index.html").is_file() and not (output / "content" / "index.html").exists()
    # (Eleventy's URL for content/posts/2015-01-02-hello.md is /content/posts/2015-01-02-hello/: a redirect now.)
    assert "/posts/2015/01/02/hello/" in (output / "content" / "posts" / "2015-01-02-hello" / "index.html").read_text(encoding="utf-8")


def test_a_section_is_never_a_posts_own_folder_nor_a_year(tmp_path):
    site, _ = _imported(tmp_path, {
        "posts/2020/2020-01-01-first.md": "---\ntitle: First\n---\nA.\n",
        "posts/2021/second/index.md": "---\ntitle: Second\ndate: 2021-02-02\n---\nB.\n",
        "news/2022-03-03-third.md": "---\ntitle: Third\n---\nC.\n",
        "fourth/index.md": "---\ntitle: Fourth\ndate: 2022-04-04\n---\nD.\n",
    })
    content = site / "content"
    assert sorted(p.relative_to(content).as_posix() for p in content.rglob("*.md")) == [
        "news/2022-03-03-third.md", "posts/2020-01-01-first.md", "posts/2021-02-02-second.md", "posts/2022-04-04-fourth.md"]


def test_redirect_pages_become_old_urls_of_the_page_they_lead_to(tmp_path):
    """Eleventy sites make redirects with templates: a page with only
    `redirect_to` (or `redirectTo`) for its layout, a post's `formerly:` or
    `redirect_from:` list, a template paginating a `redirects:` list of
    {from, to}. The import made empty pages of the first, or left them out as
    pages of no text, dropped `redirect_from`, kept `formerly` as extra, and
    skipped the list as a list page: every old URL went 404."""
    site, report = _imported(tmp_path, {
        "posts/hello.md": "---\ntitle: Hello\ndate: 2020-01-02\npermalink: /posts/hello/\nformerly:\n  - /blog/hello.html\n"
                          "redirect_from: /hi/\n---\nHello text.\n",
        "old/hello.md": "---\nlayout: redirect.njk\npermalink: /old/hello/\nredirect_to: /posts/hello/\n---\n",
        "old/bye.md": "---\npermalink: /old/bye/\nredirectTo: https://elsewhere.example/bye\n---\n",
        "redirects.md": '---\nlayout: redirect.njk\npagination:\n  data: redirects\n  size: 1\n  alias: redirect\nredirects:\n'
                        '  - {"from": "/archives/", "to": "/posts/hello/"}\npermalink: "{{ redirect.from }}"\n---\n',
    })
    content = site / "content"
    assert sorted(p.relative_to(content).as_posix() for p in content.rglob("*.md")) == ["posts/2020-01-02-hello.md"]
    front, _ = front_matter(content / "posts" / "2020-01-02-hello.md")
    assert front["aliases"] == ["/posts/hello/", "/hi/", "/blog/hello.html", "/archives/", "/old/hello/"]
    assert "extra" not in front and "formerly" not in report.keys_kept
    [(origin, why)] = report.skipped
    assert origin == "old/bye.md" and "another site, https://elsewhere.example/bye" in why and "/old/bye/" in why



def test_a_template_of_the_netlify_redirects_file_is_read_as_its_rules(tmp_path):
    """sass-site's _redirects.liquid (`permalink: /_redirects`) holds literal
    Netlify rules and a Liquid loop: the import passed over it unsaid (its
    name starts with _), and every old URL it redirected went 404. Its rule
    to an imported page becomes an old URL of that page; the others, and its
    Liquid lines, are reported with their line."""
    site, report = _imported(tmp_path, {
        "posts/hello.md": "---\ntitle: Hello\ndate: 2020-01-02\npermalink: /blog/hello/\n---\nHello text.\n",
        "_redirects.liquid": "---\npermalink: '/_redirects'\neleventyExcludeFromCollections: true\n---\n"
                             "/tutorial      /guide\n/old-hello     /blog/hello/\n"
                             "{% for r in redirects %}{{ r.from }} {{ r.to }}\n{% endfor %}\n",
    })
    content = site / "content"
    assert sorted(p.relative_to(content).as_posix() for p in content.rglob("*.md")) == ["posts/2020-01-02-hello.md"]
    front, _ = front_matter(content / "posts" / "2020-01-02-hello.md")
    assert front["aliases"] == ["/blog/hello/", "/old-hello"]
    said = dict(report.skipped)
    assert "/guide" in said["_redirects.liquid line 5"]
    assert "template syntax" in said["_redirects.liquid line 7"] and "template syntax" in said["_redirects.liquid line 8"]

def test_a_date_anywhere_in_the_path_dates_a_post_and_leaves_the_index_slug(tmp_path):
    """zachleat.com's _posts/2021-01-30-fluid-images/index.md gives no date:
    Eleventy looks for YYYY-MM-DD "anywhere in the file path (even folders)"
    (11ty.dev/docs/dates), and its page.fileSlug is the folder's name without
    the date. The import read a date only from the start of the file's own
    name, and made it and a bare 2022-05-01.md undated pages."""
    site, _ = _imported(tmp_path, {
        "posts/2021-01-30-fluid-images/index.md": "---\ntitle: Fluid images\ntags: [research]\n"
                                                  "permalink: /blog/{{ page.fileSlug }}/\n---\nA.\n",
        "posts/2022-05-01.md": "---\ntitle: Bare date\n---\nB.\n",
        "posts/2023-07-04-hello.md": "---\ntitle: Hello\n---\nC.\n",
        "posts/2020-02-02-first/2021-03-03-second.md": "---\ntitle: The first date wins\n---\nD.\n",
    })
    content = site / "content"
    assert sorted(p.relative_to(content).as_posix() for p in content.rglob("*.md")) == [
        "posts/2020-02-02-second.md", "posts/2021-01-30-fluid-images.md", "posts/2022-05-01-2022-05-01.md", "posts/2023-07-04-hello.md"]
    front, _ = front_matter(content / "posts" / "2021-01-30-fluid-images.md")
    assert str(front["date"]) == "2021-01-30" and front["tags"] == ["research"] and front["aliases"] == ["/blog/fluid-images/"]
    assert front_matter(content / "posts" / "2022-05-01-2022-05-01.md")[0]["aliases"] == ["/posts/2022-05-01/"]


SHORTCODE_ONLY = ('import markdownIt from "markdown-it";\n\nexport default function(eleventyConfig) {\n'
                  "\t// a separate instance, used only by the {% markdown %} shortcode;\n"
                  "\t// posts keep Eleventy's default library (html: true only)\n"
                  "\tlet md = markdownIt({\n\t\thtml: true,\n\t\tbreaks: true,\n\t\tlinkify: true,\n\t});\n"
                  '\televentyConfig.addPairedShortcode("markdown", function(content) {\n\t\treturn md.render(content);\n\t});\n}\n')


def test_the_options_of_a_markdown_it_posts_do_not_render_with_are_not_theirs(tmp_path):
    """zachleat.com makes markdownIt({breaks, linkify}) for a {% markdown %}
    shortcode alone; posts render with Eleventy's own library, which links
    no bare address: the import linked 44 of them and advised on breaks."""
    site, report = _imported(tmp_path, {
        "posts/2022-11-28-tweetback.md": "---\ntitle: Tweetback\n---\n* `@zachleat`: https://www.zachleat.com/twitter/\n",
        "eleventy.config.js": SHORTCODE_ONLY,
    })
    assert not report.changed and not report.converted, report.changed
    assert "`@zachleat`: https://www.zachleat.com/twitter/" in front_matter(site / "content" / "posts" / "2022-11-28-tweetback.md")[1]


@pytest.mark.parametrize("config, origin", [
    # The library given to setLibrary, by a variable whose options are another.
    ("const markdownIt = require('markdown-it');\nconst anchor = require('markdown-it-anchor');\n"
     "let options = {\n  html: true, // it's HTML\n  linkify: true,\n};\nlet md = markdownIt(options)\n  .use(anchor);\n"
     "let other = markdownIt({ breaks: true });\n"
     "module.exports = function (c) {\n  c.setLibrary('md', md);\n  c.addFilter('md', (s) => other.render(s));\n};\n", ".eleventy.js"),
    # Options set on Eleventy's own library by amendLibrary.
    ('export default function (c) {\n  c.amendLibrary("md", (mdLib) => mdLib.set({ linkify: true }));\n}\n', "eleventy.config.js"),
])
def test_the_options_of_the_library_posts_render_with_count(tmp_path, config, origin):
    site, report = _imported(tmp_path, {"posts/2022-11-28-a.md": "---\ntitle: A\n---\nOn https://github.com/11ty.\n", origin: config})
    assert [why for _, why in report.changed if "breaks" in why] == []
    assert any("linkify: true" in why for said_of, why in report.changed if said_of == origin), report.changed
    assert report.converted["markdown-it linkify"] == 1


INDENTED_POST = ("---\ntitle: Tips\n---\nSome code first:\n\n```js\nfunction doSomething(arg1) {}\n```\n\n"
                 "    We didn’t have to assign a default value to arg1, because if it’s `null`, then `doSomething()` works.\n")
PLAIN_CONFIG = "module.exports = function (c) { return { dir: { input: '.' } }; };\n"


def _markdown_settings(report: ImportReport) -> list[str]:
    start = report.settings.index(next(line for line in report.settings if line.startswith("[markdown]")))
    return [line.split("  #")[0] for line in report.settings[start + 1:]]


@pytest.mark.parametrize("files, settings", [
    ({"package.json": '{"devDependencies": {"@11ty/eleventy": "^3.0.0"}}', ".eleventy.js": PLAIN_CONFIG},
     ["smart_punctuation = false", "indented_code = false"]),
    ({"eleventy.config.js": "export default function (c) {}\n"}, ["smart_punctuation = false", "indented_code = false"]),
    ({"package.json": '{"dependencies": {"@11ty/eleventy": "~1.0.2"}}', ".eleventy.js": PLAIN_CONFIG}, ["smart_punctuation = false"]),
    # Enabled again by amendLibrary; a library of the site's own has it disabled by Eleventy all the same.
    ({"package.json": '{"dependencies": {"@11ty/eleventy": "2.0.1"}}',
      ".eleventy.js": 'module.exports = (c) => { c.amendLibrary("md", (md) => md.enable(["code", "table"])); };\n'},
     ["smart_punctuation = false"]),
    ({"package.json": '{"dependencies": {"@11ty/eleventy": "2.0.1"}}',
      ".eleventy.js": "const md = require('markdown-it')({ typographer: true }).enable('code');\n"
                      "module.exports = (c) => { c.setLibrary('md', md); };\n"},
     ["indented_code = false"]),
])
def test_the_markdown_settings_suggested_are_those_of_the_sites_eleventy_and_library(tmp_path, files, settings):
    _, report = _imported(tmp_path, {"posts/2008-03-28-tips.md": INDENTED_POST, **files})
    assert _markdown_settings(report) == settings, report.settings


def test_an_eleventy_3_site_built_as_suggested_shows_indented_prose_as_a_paragraph(tmp_path):
    """zachleat.com (Eleventy 3): some 43 indented blocks of prose in 21 posts became code."""
    from generator.cli import main

    site, report = _imported(tmp_path, {"posts/2008-03-28-tips.md": INDENTED_POST, "eleventy.config.js": SHORTCODE_ONLY,
                                        "package.json": '{"dependencies": {"@11ty/eleventy": "^3.0.0-alpha.1"}}'})
    assert "Eleventy 3 (package.json's @11ty/eleventy ^3.0.0-alpha.1)" in "\n".join(report.settings)
    (site / "site.toml").write_text(DEFAULT_CONFIG + "\n".join(report.settings) + "\n")
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00"]) == 0
    page = (site / "output" / "posts" / "2008" / "03" / "28" / "tips" / "index.html").read_text()
    assert ("<p>We didn’t have to assign a default value to arg1, because if it’s <code>null</code>, "
            "then <code>doSomething()</code> works.</p>") in page
    assert '<pre tabindex="0"><code class="language-js">' in page


def test_markdown_it_anchor_on_the_posts_library_is_said(tmp_path):
    _, report = _imported(tmp_path, {
        "posts/2008-03-28-tips.md": INDENTED_POST,
        "eleventy.config.js": 'import anchor from "markdown-it-anchor";\n'
                              'export default function (c) { c.amendLibrary("md", (md) => md.use(anchor)); }\n',
    })
    assert "markdown-it-anchor" in dict(report.changed)["eleventy.config.js"]


def test_two_different_files_of_one_import_for_one_path_are_said(tmp_path):
    """Two files of the old site that go to one path under content/ (the
    flattened post folders lea.verou.me's had): the second was skipped
    unsaid, and its story showed the other's picture."""
    from generator.importers.common import ImportedFile  # noqa: PLC0415

    red, blue, again = (write_tree(tmp_path / name, {"image.png": data}) / "image.png"
                        for name, data in (("a", b"\x89PNG red"), ("b", b"\x89PNG blue"), ("c", b"\x89PNG red")))
    report = ImportReport()
    files = [ImportedFile(f"blog/2020-01-0{day}-{name}.md", {"title": name, "date": f"2020-01-0{day}"}, "![x](images/image.png)\n",
                          f"{name}.md", assets=[(source, "blog/images/image.png")])
             for day, (name, source) in enumerate((("one", red), ("two", blue), ("three", again)), start=1)]
    write_import(tmp_path / "content", files, report)
    assert (tmp_path / "content" / "blog" / "images" / "image.png").read_bytes() == b"\x89PNG red"
    said = [(origin, why) for origin, why in report.changed if "content/blog/images/image.png" in why]
    assert [origin for origin, _ in said] == ["two.md"], report.changed  # the same bytes again (three.md) are one file


def test_nunjucks_liquid_and_html_templates_with_front_matter_are_posts_and_the_rest_are_named(tmp_path):
    """moderncss.dev writes 13 of its 35 posts as .njk files (front matter, then
    Markdown with Nunjucks tags, `templateEngineOverride: njk, md`), in the
    posts collection as its .md ones are: the import walked .md files alone and
    dropped them unsaid. Its list pages, feed and home page stay out, named."""
    site, report = _imported(tmp_path, {
        ".eleventy.js": "module.exports = function (config) {\n  return { dir: { input: 'src', output: 'public' } };\n};\n",
        "src/posts/posts.json": '{"layout": "layouts/post", "tags": "posts", "permalink": "/{{ page.fileSlug }}/"}\n',
        "src/posts/26.njk": "---\ntitle: Developing For Imperfect\ndate: 2021-03-28\ntemplateEngineOverride: njk, md\n---\n"
                            "{% set imgBase = meta.url %}\n\nA post written as a *Nunjucks* template.\n",
        "src/posts/equal.md": "---\ntitle: Equal Height Elements\ndate: 2020-04-09\n---\nText.\n",
        "src/pages/about.liquid": "---\ntitle: About\npermalink: /about/\n---\n<p>About the site.</p>\n",
        "src/pages/topics.njk": "---\ntitle: Topics\n---\n{% for post in collections.allTopics | topic(topic) %}\n- {{ post.data.title }}\n"
                                "{% endfor %}\n",
        "src/pages/plain.html": "<p>No front matter.</p>\n",
        "src/pages/feed.11ty.js": "module.exports = class { render() { return ''; } };\n",
        "src/_generate/humans.njk": "---\npermalink: /humans.txt\n---\nHumans.\n",
        "src/index.njk": "---\nlayout: layouts/base\n---\n<h1>Modern CSS</h1>\n",
        "src/_includes/layouts/post.njk": "---\nlayout: layouts/base\n---\n{{ content | safe }}\n",
        "public/old/index.html": "<p>The built site.</p>\n",
    })
    front, body = front_matter(site / "content" / "posts" / "2021-03-28-26.md")
    assert front["title"] == "Developing For Imperfect" and front["aliases"] == ["/26/"]
    assert "A post written as a *Nunjucks* template." in body and "{% set imgBase = meta.url %}" in body  # left as written
    assert "Nunjucks template" in dict(report.changed)["posts/26.njk"]
    about, _ = front_matter(site / "content" / "pages" / "about.md")
    assert about["aliases"] == ["/about/"]
    skipped = dict(report.skipped)
    assert "collections.allTopics" in skipped["pages/topics.njk"] and "home page" in skipped["index.njk"]
    assert "without front matter" in skipped["pages/plain.html"] and "JavaScript (.11ty.js)" in skipped["pages/feed.11ty.js"]
    assert "_generate/" in skipped["_generate/humans.njk"]
    assert not any(origin.startswith(("_includes", "public")) for origin, _ in report.skipped)
    SiteBuilder(load_config(site)).build(BuildMode(now=NOW))


def test_the_slug_filter_is_the_slugify_packages_and_filters_added_in_a_loop_are_the_sites(tmp_path):
    """Eleventy's `slug` filter is the slugify package's ({replacement: "-",
    lower: true}), which keeps ':' and '.': moderncss.dev's committed _site had
    /just-released:-minimal-sass-html-template-site/. The import made `slug`
    its `slugify`. Filters a site adds in Object.keys(filters).forEach(…) are its own."""
    site, report = _imported(tmp_path / "one", {
        "posts/posts.json": '{"tags": "posts", "permalink": "/{{ title | slug }}/"}\n',
        "posts/equal.md": "---\ntitle: \"Equal Height Elements: Flexbox vs. Grid\"\ndate: 2020-04-09\n---\nText.\n",
        "posts/cafe.md": "---\ntitle: \"Café – Sass & HTML\"\ndate: 2020-04-10\n---\nText.\n",
    })
    assert front_matter(site / "content" / "posts" / "2020-04-09-equal.md")[0]["aliases"] == ["/equal-height-elements:-flexbox-vs.-grid/"]
    assert front_matter(site / "content" / "posts" / "2020-04-10-cafe.md")[0]["aliases"] == ["/cafe-sass-and-html/"]
    site, report = _imported(tmp_path / "two", {
        ".eleventy.js": "const filters = require(\"./src/_11ty/filters\");\nmodule.exports = function (eleventyConfig) {\n"
                        "  Object.keys(filters).forEach((filterName) => {\n    eleventyConfig.addFilter(filterName, filters[filterName]);\n  });\n"
                        "  return { dir: { input: 'src' } };\n};\n",
        "src/_11ty/filters.js": "const slug = (str) => str;\nconst postDate = (d) => d;\nmodule.exports = {\n  slug,\n  postDate: postDate,\n};\n",
        "src/posts/posts.json": '{"tags": "posts", "permalink": "/{{ title | slug }}/"}\n',
        "src/posts/equal.md": "---\ntitle: \"Equal Height Elements: Flexbox vs. Grid\"\ndate: 2020-04-09\n---\nText.\n",
        "src/posts/other.md": "---\ntitle: Other\ndate: 2020-04-10\npermalink: /{{ title | slugify }}/\n---\nText.\n",
    })
    assert "aliases" not in front_matter(site / "content" / "posts" / "2020-04-09-equal.md")[0]  # the site's own slug: not guessed
    assert any(origin == "posts/equal.md" and "needs Eleventy's templates" in why for origin, why in report.changed)
    assert front_matter(site / "content" / "posts" / "2020-04-10-other.md")[0]["aliases"] == ["/other/"]  # slugify is not the site's


def test_a_feed_of_the_whole_site_at_another_url_redirects_to_newsgens(tmp_path):
    """eleventy-base-blog's feed is /feed/feed.xml (its Atom template at
    /feed/atom.xml here): left out as newsgen writes its own, its readers'
    subscriptions went 404. Its old URL goes under [moved], to newsgen's
    feed of the same kind; one deeper in the site is left to the owner."""
    _, report = _imported(tmp_path, {
        "feed/feed.njk": "---\npermalink: /feed/feed.xml\n---\n<rss>{% for post in collections.posts %}{% endfor %}</rss>\n",
        "feed/atom.njk": "---\npermalink: /feed/atom.xml\n---\n<feed>{% for post in collections.posts %}{% endfor %}</feed>\n",
        "blog/feed.njk": "---\npermalink: /blog/updates/feed.xml\n---\n<rss>{% for post in collections.posts %}{% endfor %}</rss>\n",
        "posts/2014-05-14-hello.md": "---\ntitle: Hello\n---\nHi.\n",
    })
    assert report.moved == {"/feed/feed.xml": "/feed.xml", "/feed/atom.xml": "/atom.xml"}
    skipped = dict(report.skipped)
    assert "/feed/feed.xml redirects to its /feed.xml ([moved] in urls.toml)" in skipped["feed/feed.njk"]
    assert "redirect it on your host" in skipped["blog/feed.njk"]


def test_markdown_in_nested_html_blocks_renders_as_markdown_it_renders_it(tmp_path):
    """servo.org's slides (slides/2023/09/21/open-source-summit-europe)
    write a list inside two <div>s opened on lines of their own: markdown-it
    ends the HTML block at the blank line and renders the list. The import
    marked only the inner <div> markdown="1", which Python-Markdown does not
    read inside an element without it: the list showed as `* **Manuel
    Rego**` and the attribute stayed in the page. `https://**servo.org**`,
    no address to markdown-it's linkify (its host starts with `*`), became
    `<https://**servo.org>**`, an unknown "https:" element."""
    from generator.cli import main

    body = ('<div style="display: flex">\n<div style="flex: 1;">\n\n* **Manuel Rego**\n* Igalia\n\n</div>\n</div>\n\n'
            '<div style="float: left;">\n<div style="height: 10px;"></div>\n\nhttps://**servo.org**\n\n</div>\n')
    site, report = _imported(tmp_path, {
        "_posts/2023-09-21-summit.md": f"---\ntitle: Summit\ndate: 2023-09-21\n---\n{body}",
        ".eleventy.js": 'const MarkdownIt = require("markdown-it");\nmodule.exports = function (c) {\n'
                        '  c.setLibrary("md", MarkdownIt({ html: true, linkify: true }));\n};\n',
    })
    _, written = front_matter(site / "content" / "posts" / "2023-09-21-summit.md")
    assert written.count('markdown="1"') == 3 and report.converted["Markdown in an HTML block"] == 3, written
    assert '<div style="height: 10px;"></div>' in written and "\nhttps://**servo.org**\n" in written, written
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00"]) == 0
    page = (site / "output" / "posts" / "2023" / "09" / "21" / "summit" / "index.html").read_text()
    assert ('<div style="display: flex">\n<div style="flex: 1;">\n<ul>\n<li><strong>Manuel Rego</strong></li>\n'
            '<li>Igalia</li>\n</ul>\n</div>\n</div>') in page, page
    assert "<p>https://<strong>servo.org</strong></p>" in page and "markdown=" not in page, page


def test_a_template_handing_a_collection_to_an_include_is_a_list_page(tmp_path):
    """eleventy-base-blog's content/blog.njk lists the posts by handing
    collections.posts to an include (`{% set postslist = collections.posts %}`
    then `{% include "postslist.njk" %}`), and does not loop itself: the import
    took it for a page, made it the section's text with its Nunjucks left in,
    and said the build would warn of that (it does not: a section's text is no
    page). It is a list page Eleventy made, left out and named, as one looping
    over the collection is; so is Liquid's `{% assign %}` of a collection."""
    site, report = _imported(tmp_path, {
        "eleventy.config.js": "export default function (config) {\n  return { dir: { input: 'content' } };\n};\n",
        "content/blog/blog.11tydata.json": '{"tags": ["posts"]}\n',
        "content/blog/firstpost.md": "---\ntitle: This is my first post.\ndate: 2018-05-01\n---\nText.\n",
        "content/blog.njk": "---js\nconst eleventyNavigation = {\n\tkey: \"Archive\",\n\torder: 2\n};\n---\n<h1>Archive</h1>\n\n"
                            "{% set postslist = collections.posts %}\n{% include \"postslist.njk\" %}\n",
        "content/recent.liquid": "---\ntitle: Recent\npermalink: /recent/\n---\n{%- assign recent = collections.posts | reverse -%}\n"
                                 "{% render \"list\", posts: recent %}\n",
    })
    skipped = dict(report.skipped)
    assert "collections.posts" in skipped["blog.njk"] and "collections.posts" in skipped["recent.liquid"]
    assert not (site / "content" / "blog" / "_index.md").exists() and not (site / "content" / "pages" / "recent.md").exists()
    assert (site / "content" / "blog" / "2018-05-01-firstpost.md").exists()


def test_an_input_folder_outside_the_site_is_not_read_and_is_said(tmp_path):
    """A config's `dir: { input: "../shared" }` made the import read a folder
    beside the one it was given (a package.json script's --input there was
    refused already): files of another folder arrived as the site's stories,
    unsaid. As with a Jekyll config's `source:` outside the site, the site's
    folder is read, and the report says why and what to do."""
    write_tree(tmp_path / "eleventy" / ".." / "shared", {"secret.md": "---\ntitle: Not the site's\ndate: 2020-01-01\n---\nText.\n"})
    site, report = _imported(tmp_path, {
        ".eleventy.js": "module.exports = function (c) {\n  return { dir: { input: '../shared' } };\n};\n",
        "posts/2021-01-01-own.md": "---\ntitle: Its own\ndate: 2021-01-01\n---\nText.\n",
    })
    stories = sorted(path.name for path in (site / "content").rglob("*.md"))
    assert stories == ["2021-01-01-own.md"], stories
    said = dict(report.changed)[".eleventy.js"]
    assert "../shared" in said and "outside the site's folder" in said and "copy that folder into the site" in said, said
