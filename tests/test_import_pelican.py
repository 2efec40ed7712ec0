"""Importing a Pelican site: the fixture (jakevdp/jakevdp.github.io-source,
see its LICENSE.md) and small made-up sites."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from generator.build import SiteBuilder
from generator.config import load_config
from generator.content.model import BuildMode
from generator.importers.common import HOME_PAGE, ImportReport, write_import
from generator.importers.pelican import read_pelican, read_settings

from .conftest import DEFAULT_CONFIG, NOW, elements, front_matter, imported_with_moved, redirects_built, write_tree

FIXTURE = Path(__file__).parent / "fixtures" / "import" / "pelican-site"
ILLUSIONS = "articles/2012-09-26-optical-illusions-in-matplotlib.md"
TUTORIAL = "articles/2012-08-18-matplotlib-animation-tutorial.md"
MIGRATING = "articles/2013-05-07-migrating-from-octopress-to-pelican.md"


def _import(source: Path, site: Path) -> ImportReport:
    report = ImportReport()
    write_import(site / "content", list(read_pelican(source, report, load_config(site))), report)
    return report


def _site(tmp_path: Path, config: str = DEFAULT_CONFIG) -> Path:
    site = tmp_path / "site"
    write_tree(site, {"site.toml": config})
    (site / "content").mkdir(exist_ok=True)
    return site


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    site = _site(tmp_path_factory.mktemp("pelican"), 'title = "Perambulations"\nbase_url = "https://example.org/"\n'
                                                     'timezone = "America/Los_Angeles"\n')
    return site, _import(FIXTURE, site)


def test_each_story_keeps_its_text_under_newsgens_front_matter_with_the_url_pelican_gave_it(imported):
    site, report = imported
    assert report.stories() == 3 and report.written["page"] == 1
    front, body = front_matter(site / "content" / ILLUSIONS)
    assert front["title"] == "Optical Illusions in Matplotlib"
    assert front["date"] == "2012-09-26T07:27:00-07:00"  # in pelicanconf.py's TIMEZONE
    assert front["author"] == "Jake VanderPlas"  # pelicanconf.py's AUTHOR: every story's byline without one
    assert front["tags"] == ["matplotlib", "animation"]
    assert front["aliases"] == ["/blog/2012/09/26/optical-illusions-in-matplotlib/"]  # ARTICLE_URL, with {date:%Y}
    assert "Title:" not in body and "<!-- PELICAN_BEGIN_SUMMARY -->" in body


def test_links_by_old_url_and_the_liquid_tags_plugins_tags_are_converted(imported):
    site, report = imported
    _, body = front_matter(site / "content" / ILLUSIONS)
    assert "[here](2012-08-18-matplotlib-animation-tutorial.md)" in body  # /blog/2012/08/18/matplotlib-animation-tutorial
    assert "(/blog/2012/09/05/quantum-python)" in body  # a post not in the archive: as written
    assert "![](/images/original_illusion.gif)" in body
    assert "**Optical Illusion**\n\n```python\n" in body and "from matplotlib import animation" in body  # include_code, from CODE_DIR
    assert ('<video controls src="/downloads/videos/animate_square.mp4" width="360" height="270" '
            'poster="/downloads/videos/animate_square.png"></video>') in body
    assert report.converted["Liquid include_code"] == 5 and report.converted["Liquid video"] == 5
    assert (site / "content" / "downloads" / "videos" / "animate_square.png").is_file()
    assert (site / "content" / "images" / "original_illusion.gif").is_file()


def test_a_notebook_tag_shows_the_notebook_where_it_stood(imported):
    """pelican-ipynb's `{% notebook downloads/notebooks/TestNotebook.ipynb %}`
    (a path under content/) is the notebook, as nbconvert showed it in
    the post: its Markdown cells as Markdown, its code fenced in the
    notebook's language, what the code printed as a plain block. The
    Jupyter CSS and MathJax script the plugin put around it are no text."""
    site, report = imported
    _, body = front_matter(site / "content" / MIGRATING)
    assert "{% notebook downloads" not in body
    assert ("Here is the result: a short notebook inserted directly into the post:\n\n"
            "## This Is An IPython Notebook {#This-Is-An-IPython-Notebook}\n\n"
            "Here is some code:\n\n```python\nimport numpy\nprint numpy.random.random(10)\n```\n\n"
            "```\n[ 0.25463203  0.55637185") in body
    assert "  0.70975568  0.19575853  0.589227    0.06959599]\n```\n\nHere is some math:\n\n$$e^{i\\pi} + 1 = 0$$\n\n----" in body
    assert "<style" not in body and "<script" not in body
    assert report.converted["Liquid notebook"] == 1 and not report.left["Liquid notebook"]


def test_the_imported_site_builds_and_the_old_urls_redirect(imported):
    site, _ = imported
    result = SiteBuilder(load_config(site)).build(BuildMode(now=NOW))
    output = load_config(site).output_dir
    story = output / "articles" / "2012" / "09" / "26" / "optical-illusions-in-matplotlib" / "index.html"
    assert story.is_file() and "matplotlib-animation-tutorial" in story.read_text()
    old = output / "blog" / "2012" / "09" / "26" / "optical-illusions-in-matplotlib" / "index.html"
    assert old.is_file() and "/articles/2012/09/26/optical-illusions-in-matplotlib/" in old.read_text()
    assert not [d for d in result.warnings if "template syntax" in d.message]


def test_settings_stories_pages_translations_and_rest_of_a_made_up_site(tmp_path):
    source = write_tree(tmp_path / "pelican", {
        "pelicanconf.py": "import os\nBLOG = 'blog/'\nPATH = 'content'\nTIMEZONE = 'Europe/Paris'\n"
                          "ARTICLE_URL = '{category}/{slug}.html'\nPAGE_URL = '{slug}.html'\n"
                          "ARTICLE_SAVE_AS = '{category}/{slug}.html'\nPAGE_SAVE_AS = '{slug}.html'\n"
                          "ARTICLE_EXCLUDES = ['drafts-old']\nSITENAME = BLOG + 'x'\n",
        "content/data/first.md": "Title: Data, at last!\nDate: 2020-03-01 10:00\nCategory: Data Science\nTags: a, b\n\n"
                                 "See [the reST one]({filename}/notes/second.rst) and ![a chart]({static}/images/chart.png).\n",
        "content/data/first-fr.md": "Title: Enfin des données\nDate: 2020-03-01 10:00\nCategory: Data Science\n"
                                    "Lang: fr\nSlug: data-at-last\n\nVoir.\n",
        "content/notes/second.rst": "Second\n======\n\n:date: 2020-03-02\n:category: Notes\n\n"
                                    "Back to `the first <{filename}/data/first.md>`_.\n",
        "content/notes/draft.md": "Title: Not yet\nDate: 2020-03-03\nStatus: draft\n\nSoon.\n",
        "content/drafts-old/x.md": "Title: Old draft\nDate: 2020-01-01\n\nOld.\n",
        "content/pages/about.md": "Title: About us\n\nWe.\n",
        "content/images/chart.png": b"\x89PNG\r\n\x1a\n",
    })
    site = _site(tmp_path, 'title = "T"\nbase_url = "https://example.org/"\ntimezone = "Europe/Paris"\n[languages.fr]\ntitle = "T"\n')
    report = _import(source, site)
    content = site / "content"
    front, body = front_matter(content / "data-science" / "2020-03-01-data-at-last.md")
    assert front["aliases"] == ["/data-science/data-at-last.html"]  # {category} is the category's slug
    assert front["translation_key"] == "data-at-last"  # the French one shares its slug: its translation
    assert "[the reST one](../notes/2020-03-02-second.rst)" in body and "![a chart](/images/chart.png)" in body
    assert (content / "images" / "chart.png").is_file()
    assert not report.missing_assets  # the link to the reST story is a story's, not a file's to copy
    french, _ = front_matter(content / "data-science" / "2020-03-01-data-at-last-fr.md")  # named apart from its original
    assert (french["language"], french["slug"], french["translation_key"]) == ("fr", "data-at-last", "data-at-last")
    assert french["aliases"] == ["/data-at-last-fr.html"]  # ARTICLE_LANG_URL's default, {slug}-{lang}.html
    rest = (content / "notes" / "2020-03-02-second.rst").read_text()
    assert ":aliases: /notes/second.html" in rest and "<../data-science/2020-03-01-data-at-last.md>" in rest
    page, _ = front_matter(content / "pages" / "about-us.md")
    assert page["aliases"] == ["/about-us.html"]  # PAGE_URL
    draft, _ = front_matter(content / "notes" / "2020-03-03-not-yet.md")
    assert draft["draft"] is True and "aliases" not in draft
    assert not any("drafts-old" in str(p) for p in content.rglob("*"))  # ARTICLE_EXCLUDES
    assert any("SITENAME is computed" in why for _, why in report.changed), report.changed
    result = SiteBuilder(load_config(site)).build(BuildMode(now=NOW))
    output = load_config(site).output_dir
    assert (output / "notes" / "second.html").is_file()  # the reST story's old URL redirects
    assert (output / "about-us.html").is_file()
    assert not [str(d) for d in result.warnings if "broken" in d.message]


def test_the_settings_file_may_be_named_and_a_folder_without_one_is_said(tmp_path):
    source = write_tree(tmp_path / "p", {"settings.py": "PATH = 'posts'\nARTICLE_URL = '{slug}/'\nARTICLE_SAVE_AS = '{slug}/index.html'\n",
                                         "posts/a.md": "Title: A\nDate: 2020-01-01\n\nText.\n"})
    site = _site(tmp_path)
    _import(source / "settings.py", site)
    front, _ = front_matter(site / "content" / "misc" / "2020-01-01-a.md")
    assert front["aliases"] == ["/a/"]
    shutil.rmtree(site / "content")
    (site / "content").mkdir()
    (source / "settings.py").rename(source / "other.py")
    report = _import(source, site)
    assert any("not found" in why for _, why in report.changed)


def test_settings_are_read_never_run_and_taken_as_pelican_takes_them(tmp_path):
    from generator.importers.pelican import read_settings

    path = tmp_path / "pelicanconf.py"
    path.write_text("import os\nos.system('touch ran')\nPAGE_PATHS = 'static-pages'\nARTICLE_URL = 5\n"
                    "TIMEZONE = 'Asia/Tokyo'\nSTATIC_PATHS = ('img', 'files')\nAUTHOR = os.environ['USER']\n")
    report = ImportReport()
    settings = read_settings(path, report)
    assert not (tmp_path / "ran").exists() and not Path("ran").exists()
    assert settings["PAGE_PATHS"] == ["static-pages"] and settings["STATIC_PATHS"] == ["img", "files"]
    assert settings["ARTICLE_URL"] == "{slug}.html" and settings["TIMEZONE"] == "Asia/Tokyo" and settings["AUTHOR"] is None
    said = " ".join(why for _, why in report.changed)
    assert "ARTICLE_URL = 5 is not a str" in said and "AUTHOR is computed" in said


def test_a_list_setting_written_as_a_set_is_read_as_pelican_iterates_it(tmp_path):
    """`STATIC_PATHS = {'images', 'extra'}`: Pelican only iterates the
    setting, so a set works there as a list does; the import said "is not a
    list" and used the default, leaving extra/ uncopied. Its items are read
    in the order written (a set's own order changes from run to run)."""
    from generator.importers.pelican import read_settings

    path = tmp_path / "pelicanconf.py"
    path.write_text("STATIC_PATHS = {'images', 'extra', 'images'}\nARTICLE_EXCLUDES = {'drafts'}\n"
                    "PLUGINS = {'sitemap', some_plugin}\nPAGE_PATHS = set()\n")
    report = ImportReport()
    settings = read_settings(path, report)
    assert settings["STATIC_PATHS"] == ["images", "extra"] and settings["ARTICLE_EXCLUDES"] == ["drafts"]
    assert settings["PLUGINS"] == ["sitemap"] and settings["PAGE_PATHS"] == []
    said = " ".join(why for _, why in report.changed)
    assert "not a list" not in said and "PLUGINS names some_plugin" in said


def test_settings_set_by_forms_an_import_cannot_follow_are_said_with_their_line(tmp_path):
    """globals().update(...), exec and a star import of a module that is no
    file beside it can set any setting: the report names the line, the
    settings that may then be unknown (not those set plainly after it) and
    what to do, rather than using Pelican's defaults silently."""
    from generator.importers.pelican import read_settings

    path = tmp_path / "pelicanconf.py"
    path.write_text("import yaml\nPATH = 'content'\nglobals().update(yaml.safe_load(open('s.yaml')))\n"
                    "from pelican_theme_config import *\nexec(open('more.py').read())\nSITENAME = 'Plain'\n")
    report = ImportReport()
    settings = read_settings(path, report)
    said = dict(report.changed)
    assert set(said) == {"pelicanconf.py:3", "pelicanconf.py:4", "pelicanconf.py:5"}, said
    assert "globals().update" in said["pelicanconf.py:3"] and "from pelican_theme_config import *" in said["pelicanconf.py:4"]
    assert "SLUGIFY_SOURCE" in said["pelicanconf.py:3"] and "PATH" in said["pelicanconf.py:3"]
    assert "SITENAME" not in said["pelicanconf.py:3"]  # set plainly after it: known
    assert "plain assignments" in said["pelicanconf.py:5"]
    assert settings["SITENAME"] == "Plain" and settings["PATH"] == "content"


def test_a_settings_file_beside_that_is_star_imported_is_read(tmp_path):
    """`from mysettings import *` (and publishconf.py's `from pelicanconf
    import *`) reads a file the import can read as it reads pelicanconf.py:
    its slug source and time zone count."""
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "from mysettings import *\nPATH = 'content'\n",
        "mysettings.py": "SLUGIFY_SOURCE = 'basename'\nTIMEZONE = 'Europe/Moscow'\n",
        "content/add-a-package.md": "Title: How to add your package\nDate: 2018-01-23 10:43:14\n\nText.\n"})
    site = _site(tmp_path)
    report = _import(source, site)
    front, _ = front_matter(site / "content" / "misc" / "2018-01-23-how-to-add-your-package.md")
    assert front["aliases"] == ["/add-a-package.html"]
    assert front["date"] == "2018-01-23T10:43:14+03:00"
    assert not [origin for origin, _ in report.changed if origin.startswith("pelicanconf.py")], report.changed


def test_rest_pictures_fenced_headers_fieldless_rest_and_other_keys(tmp_path):
    """From Pelican's samples and four reST blogs: a reST story's pictures
    were not copied; a header between --- fences gave the alias /.html; a
    reST story with no field list got its aliases above its title; keys the
    import does not know vanished; every story got a translation_key; the
    sample about page did not give way to about.rst; reST's :lang: gave no
    [languages] hint."""
    from generator.scaffold import ABOUT

    source = write_tree(tmp_path / "pelican", {
        "pelicanconf.py": "PATH = 'content'\nARTICLE_URL = '{slug}.html'\n",
        "content/bees.rst": "Bees\n####\n\n:date: 2020-01-02\n:lang: fr\n\n.. image:: {static}/images/bee.jpg\n\n"
                            ".. figure:: images/hive.jpg\n\n   The hive.\n",
        "content/images/bee.jpg": b"\xff\xd8bee", "content/images/hive.jpg": b"\xff\xd8hive",
        "content/notes/2019-12-14-yaml.md": "---\ntitle: Break technologique\nheadline: A break\nImage_author: Jo\n---\n\nBody.\n",
        "content/notes/2023-01-22-x.md": "---\ntitle: Sapins\ncontraintes: <li>Thème : Sapin.</li>\n---\nBody.\n",
        "content/2020-01-04-plain.rst": "Plain\n#####\n\nText.\n",
        "content/pages/about.rst": "About\n#####\n\nWho we are.\n",
    })
    site = _site(tmp_path)
    write_tree(site, {"content/pages/about.md": ABOUT})
    report = _import(source, site)
    content = site / "content"
    bees = (content / "misc" / "2020-01-02-bees-fr.rst").read_text()
    assert ":aliases: /bees-fr.html" in bees  # ARTICLE_LANG_URL: its language is not DEFAULT_LANG
    assert (content / "images" / "bee.jpg").is_file() and (content / "misc" / "images" / "hive.jpg").is_file()
    front, _ = front_matter(content / "notes" / "2019-12-14-break-technologique.md")  # the header between fences: Pelican's
    assert front["aliases"] == ["/break-technologique.html"] and front["extra"] == {"headline": "A break", "image_author": "Jo"}
    sapins, body = front_matter(content / "notes" / "2023-01-22-sapins.md")  # no YAML, but Pelican's header
    assert sapins["extra"] == {"contraintes": "<li>Thème : Sapin.</li>"} and body.strip() == "Body."
    assert "translation_key" not in front  # no other story shares its slug
    plain = (content / "misc" / "2020-01-04-plain.rst").read_text()
    assert plain.startswith("Plain\n#####\n\n:aliases: /plain.html\n\nText.")
    assert (content / "pages" / "about.rst").is_file() and not (content / "pages" / "about.md").exists()
    assert any(line.startswith("[languages.fr]") for line in report.settings), report.settings
    result = SiteBuilder(load_config(site)).build(BuildMode(now=NOW))
    output = load_config(site).output_dir
    assert (output / "plain.html").is_file() and (output / "break-technologique.html").is_file()
    assert not [str(d) for d in result.warnings if "broken" in d.message or "reStructuredText" in d.message]


def test_the_file_pelican_saved_a_story_as_is_an_old_url_too(tmp_path):
    """`PAGE_SAVE_AS = '{slug}.html'` wrote the about page at /about.html
    while PAGE_URL, Pelican's default, linked /pages/about.html: Pelican
    makes a story's URL of *_URL and its file of *_SAVE_AS, each on its own
    (Content.url, Content.save_as), and links to the file it saved broke,
    as only the URL was kept. Both are now, and so is a story's `save_as:`;
    a file that is its URL's (`{slug}/index.html` for `{slug}/`) is one."""
    source = write_tree(tmp_path / "pelican", {
        "pelicanconf.py": "PATH = 'content'\nPAGE_SAVE_AS = '{slug}.html'\nARTICLE_SAVE_AS = '{date:%Y}/{slug}.html'\n"
                          "ARTICLE_LANG_URL = '{lang}/{slug}/'\nARTICLE_LANG_SAVE_AS = '{lang}/{slug}/index.html'\n",
        "content/pages/about.md": "Title: About\n\nWho.\n",
        "content/pages/contact.md": "Title: Contact\nSave_as: write-to-us.html\nURL: write-to-us.html\n\nMail.\n",
        "content/hello.md": "Title: Hello world\nDate: 2020-03-04\nCategory: News\n\nHi.\n",
        "content/hello-fr.md": "Title: Bonjour\nSlug: hello-world\nLang: fr\nDate: 2020-03-04\nCategory: News\n\nSalut.\n",
    })
    site = _site(tmp_path, 'title = "T"\nbase_url = "https://example.org/"\n[languages.fr]\ntitle = "T"\n')
    _import(source, site)
    content = site / "content"
    assert front_matter(content / "pages" / "about.md")[0]["aliases"] == ["/pages/about.html", "/about.html"]
    assert front_matter(content / "pages" / "contact.md")[0]["aliases"] == ["/write-to-us.html"]
    assert front_matter(content / "news" / "2020-03-04-hello-world.md")[0]["aliases"] == ["/hello-world.html", "/2020/hello-world.html"]
    assert front_matter(content / "news" / "2020-03-04-hello-world-fr.md")[0]["aliases"] == ["/fr/hello-world/"]
    result = SiteBuilder(load_config(site)).build(BuildMode(now=NOW))
    output = load_config(site).output_dir
    assert (output / "about.html").is_file() and (output / "2020" / "hello-world.html").is_file()
    assert not [str(d) for d in result.warnings if "alias" in d.message or "redirect" in d.message]


def test_slugs_from_file_names_and_a_yaml_category_in_a_year_folder(tmp_path):
    """kdeldycke's blog: SLUGIFY_SOURCE = "basename" made every old URL from
    the title instead, so none redirected; its YAML `category: English`, in a
    year folder, became a tag and the year the section (/2012/2012/03/…)."""
    source = write_tree(tmp_path / "pelican", {
        "pelicanconf.py": 'PATH = "content"\nSLUGIFY_SOURCE = "basename"\nARTICLE_URL = "{date:%Y}/{slug}/"\n'
                          'ARTICLE_SAVE_AS = "{date:%Y}/{slug}/index.html"\n',
        "content/200-dollars-kdenlive.md": "---\ntitle: I contributed $200 to Kdenlive\ndate: 2012-03-20\n---\nText.\n",
        "content/2020/folder-file.md": "---\ntitle: Folder file\ndate: 2020-02-01\ncategory: English\ntags: [nas]\n---\n"
                                       "See [the money](../200-dollars-kdenlive.md).\n",
    })
    site = _site(tmp_path)
    _import(source, site)
    [kdenlive] = (site / "content").rglob("*kdenlive*.md")
    assert front_matter(kdenlive)[0]["aliases"] == ["/2012/200-dollars-kdenlive/"]
    assert "translation_key" not in front_matter(kdenlive)[0]
    [folder_file] = (site / "content").rglob("*folder-file.md")
    assert folder_file.parent.name == "english", folder_file
    assert front_matter(folder_file)[0]["tags"] == ["nas"]
    assert f"(../{kdenlive.parent.name}/{kdenlive.name})" in front_matter(folder_file)[1]  # its file renamed: the link follows


def test_filename_and_path_metadata_give_the_slug_date_and_category_pelican_took(tmp_path):
    """FILENAME_METADATA's and PATH_METADATA's named groups are metadata, as
    in Pelican: the slug is the file's name as written (so its old URL is
    /javascript/Summary.html, not one made of the title), two stories of one
    title are two stories, and a header's own key wins."""
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "PATH = 'content/'\nARTICLE_URL = '{category}/{slug}.html'\nARTICLE_SAVE_AS = '{category}/{slug}.html'\n"
                          "FILENAME_METADATA = '(?P<slug>.*)'\n",
        "content/JavaScript/DevOps.md": "Title: DevOps\nDate: 2016-09-27 03:31\n\nTooling.\n",
        "content/JavaScript/Summary.md": "Title: DevOps\nDate: 2016-09-27 03:31\n\nA summary.\n",
        "content/JavaScript/Named.md": "Title: DevOps\nDate: 2016-09-27 03:31\nSlug: its-own\n\nNamed.\n"})
    site = _site(tmp_path)
    report = _import(source, site)
    assert report.stories() == 3 and not report.present
    content = site / "content" / "javascript"
    assert front_matter(content / "2016-09-27-devops.md")[0]["aliases"] == ["/javascript/DevOps.html"]
    assert front_matter(content / "2016-09-27-summary.md")[0]["aliases"] == ["/javascript/Summary.html"]
    assert front_matter(content / "2016-09-27-its-own.md")[0]["aliases"] == ["/javascript/its-own.html"]

    source = write_tree(tmp_path / "dated", {
        "pelicanconf.py": "PATH = 'content'\nARTICLE_URL = '{category}/{date:%Y}/{slug}.html'\nUSE_FOLDER_AS_CATEGORY = False\n"
                          "ARTICLE_SAVE_AS = '{category}/{date:%Y}/{slug}.html'\n"
                          "FILENAME_METADATA = r'(?P<date>\\d{4}-\\d{2}-\\d{2})_(?P<slug>.*)'\n"
                          "PATH_METADATA = r'(?P<category>[^/]+)/.*'\n",
        "content/Travel/2019-03-04_My-Trip.md": "Title: Where we went\n\nText.\n"})
    site = _site(tmp_path / "second")
    _import(source, site)
    front, _ = front_matter(site / "content" / "travel" / "2019-03-04-my-trip.md")
    assert front["date"].startswith("2019-03-04") and front["aliases"] == ["/travel/2019/My-Trip.html"]


def test_two_files_that_would_share_a_name_in_content_are_both_imported(tmp_path):
    """Two stories of one title and date in one folder (or FILENAME_METADATA
    slugs apart only in case) are two files, never one of them said to be
    "already in content/" when content/ had neither; the second gets a
    slug of its own, and both build."""
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "PATH = 'content'\nFILENAME_METADATA = '(?P<slug>.*)'\n",
        "content/go/Debug.md": "Title: Debugging\nDate: 2017-05-01\n\nFirst.\n",
        "content/go/debug.md": "Title: Debugging again\nDate: 2017-05-01\n\nSecond.\n"})
    site = _site(tmp_path)
    report = _import(source, site)
    assert report.stories() == 2 and not report.present
    assert front_matter(site / "content" / "go" / "2017-05-01-debug.md")[0]["aliases"] == ["/Debug.html"]
    _, body = front_matter(site / "content" / "go" / "2017-05-01-debug-2.md")
    assert body.strip() == "Second."
    assert any(origin == "go/debug.md" and "2017-05-01-debug-2.md" in why for origin, why in report.changed), report.changed
    SiteBuilder(load_config(site)).build(BuildMode(now=NOW))
    output = load_config(site).output_dir
    assert (output / "go" / "2017" / "05" / "01" / "debug" / "index.html").is_file()
    assert "Second." in (output / "go" / "2017" / "05" / "01" / "debug-2" / "index.html").read_text()


def test_a_filename_metadata_python_cannot_read_is_said(tmp_path):
    source = write_tree(tmp_path / "src", {"pelicanconf.py": "PATH = 'content'\nFILENAME_METADATA = '(?P<slug'\n",
                                           "content/a.md": "Title: A\nDate: 2020-01-01\n\nText.\n"})
    report = _import(source, _site(tmp_path))
    assert report.stories() == 1
    assert any(origin == "pelicanconf.py" and "FILENAME_METADATA" in why for origin, why in report.changed), report.changed


def test_a_story_without_a_category_is_in_the_default_one_when_folders_name_none(tmp_path):
    """kdeldycke's blog: USE_FOLDER_AS_CATEGORY = False and DEFAULT_CATEGORY =
    "English"; its 14 stories without a category landed in sections named
    after their year folders."""
    source = write_tree(tmp_path / "pelican", {
        "pelicanconf.py": 'PATH = "content"\nUSE_FOLDER_AS_CATEGORY = False\nDEFAULT_CATEGORY = "English"\n',
        "content/2012/no-category.md": "Title: No category\nDate: 2012-03-20\n\nText.\n",
        "content/2012/french.md": "Title: In French\nDate: 2012-03-21\nCategory: Français\n\nTexte.\n",
        "content/top.md": "Title: Top\nDate: 2012-03-22\n\nText.\n",
    })
    site = _site(tmp_path)
    _import(source, site)
    placed = {p.stem.split("-", 3)[-1]: p.parent.name for p in (site / "content").rglob("2012-*.md")}
    assert placed == {"no-category": "english", "in-french": "francais", "top": "english"}, placed


def test_files_a_rest_story_links_to_are_copied_as_pelican_copies_them(tmp_path):
    """getpelican/pelican-blog's pages/gratitude.rst links its logo's SVG and
    a PDF with {static} in hyperlink targets: Pelican copies every file a
    story links (StaticGenerator's static_links); the import copied the one
    it shows, and the build warned of the rest as broken links."""
    source = write_tree(tmp_path / "pelican", {
        "pelicanconf.py": "PATH = 'content'\n",
        "content/pages/gratitude.rst": "Gratitude\n#########\n\n.. image:: {static}/logo/logo.png\n\n"
                                       "Get the SVG_ or `the PDF <{static}/logo/logo.pdf>`_.\n\n.. _SVG: {static}/logo/logo.svg\n"
                                       ".. _Pelican: https://getpelican.com/\n",
        "content/logo/logo.png": b"\x89PNG", "content/logo/logo.svg": "<svg/>", "content/logo/logo.pdf": b"%PDF",
    })
    site = _site(tmp_path)
    report = _import(source, site)
    assert sorted(p.name for p in (site / "content" / "logo").iterdir()) == ["logo.pdf", "logo.png", "logo.svg"], report.missing_assets
    assert not report.missing_assets


def test_a_default_language_with_an_underscore_and_a_404_page(tmp_path):
    """bekcpear's blog: DEFAULT_LANG = "zh_hans", and every story `:lang: zh_hans`:
    each was taken for a translation (files named -zh-hans), and the report
    asked for an edition of the site's own language, which the build refused.
    Its pages/404.rst became a page whose old URL /404.html failed the build."""
    source = write_tree(tmp_path / "pelican", {
        "pelicanconf.py": 'PATH = "content"\nDEFAULT_LANG = "zh_hans"\n',
        "content/hello.rst": "Hello\n#####\n\n:date: 2020-01-02\n:category: notes\n:lang: zh_hans\n\nText.\n",
        "content/pages/404.rst": "Not found\n#########\n\n:slug: 404\n\nNothing here.\n",
    })
    site = _site(tmp_path)
    report = _import(source, site)
    assert sorted(p.name for p in (site / "content").rglob("*.rst")) == ["2020-01-02-hello.rst"]
    assert report.settings[0] == 'language = "zh-hans"  # pelicanconf.py\'s DEFAULT_LANG', report.settings
    assert report.settings[1].startswith("[markdown]"), report.settings  # (Pelican's default Markdown: no smart punctuation)
    assert "404 page" in dict(report.skipped)["pages/404.rst"]
    from generator.cli import main

    (site / "site.toml").write_text((site / "site.toml").read_text() + 'language = "zh-hans"\n')
    assert main(["build", "--site", str(site), "--now", "2030-01-01T00:00:00+00:00"]) == 0


def test_links_written_with_the_old_sites_address_lead_to_where_the_story_is(tmp_path):
    """Full Stack Python links to https://www.fullstackpython.com/ubuntu.html,
    its own address (SITEURL): left as written, and then broken once the
    site moved; a root-relative /ubuntu.html was relinked."""
    source = write_tree(tmp_path / "pelican", {
        "pelicanconf.py": 'PATH = "content"\nSITEURL = ""\nARTICLE_URL = "blog/{slug}.html"\n',
        "publishconf.py": "from pelicanconf import *\nSITEURL = 'https://www.example.org'\n",
        "content/ubuntu.md": "Title: Ubuntu\nDate: 2020-01-02\nCategory: os\n\nText.\n",
        "content/guide.md": "Title: Guide\nDate: 2020-01-03\nCategory: os\n\n"
                            "See [Ubuntu](https://www.example.org/blog/ubuntu.html#setup), [it](http://www.example.org/blog/ubuntu.html) "
                            "and [elsewhere](https://www.example.org/not-a-story.html).\n",
    })
    site = _site(tmp_path)
    _import(source, site)
    [guide] = (site / "content").rglob("*-guide.md")
    body = guide.read_text()
    assert "[Ubuntu](2020-01-02-ubuntu.md#setup)" in body and "[it](2020-01-02-ubuntu.md)" in body, body
    assert "[elsewhere](https://www.example.org/not-a-story.html)" in body


def test_a_header_line_indented_with_a_tab_goes_on_with_the_key_above(tmp_path):
    """Pelican's meta extension reads tabs expanded: the summary goes on,
    and the keys under it are the story's, not lines of its body."""
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "PATH = 'content'\n",
        "content/release.md": "Title: Release\nDate: 2018-01-23 10:43\nSummary: Make a release\n\twith one command\n"
                              "Tags: packaging, pypi\n\nThe body.\n"})
    site = _site(tmp_path)
    _import(source, site)
    front, body = front_matter(site / "content" / "misc" / "2018-01-23-release.md")
    assert front["summary"] == "Make a release with one command"
    assert front["tags"] == ["packaging", "pypi"]
    assert body.strip() == "The body."


ADMONITIONS = """Title: Outdated
Date: 2018-01-23 10:43

!!! note "Possibly outdated data"
    I wrote this article in *January* 2018.

!!! warning
    Outer.

    !!! tip ""
        Inner, untitled.

Body.

```markdown
!!! note "In code"
    Stays as written.
```
"""


def test_admonitions_the_sites_markdown_enables_become_the_html_pelican_made(tmp_path):
    """With the admonition extension in MARKDOWN's extension_configs, Pelican
    published `!!! note "Title"` as a <div class="admonition note">; the import
    writes that HTML around the Markdown it holds (never in code), says how
    many it converted, and the story shows as it did."""
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "PATH = 'content'\nMARKDOWN = {'extension_configs': {'markdown.extensions.admonition': {}, "
                          "'markdown.extensions.meta': {}}, 'output_format': 'html5'}\n",
        "content/outdated.md": ADMONITIONS})
    site = _site(tmp_path)
    report = _import(source, site)
    assert report.converted["Python-Markdown admonition"] == 3
    _, body = front_matter(site / "content" / "misc" / "2018-01-23-outdated.md")
    assert '!!! note "In code"\n    Stays as written.' in body and body.count("!!!") == 1
    SiteBuilder(load_config(site)).build(BuildMode(now=NOW))
    page = (load_config(site).output_dir / "misc" / "2018" / "01" / "23" / "outdated" / "index.html").read_text()
    [note] = elements(page, "div", class_="note")
    assert note.attrs["class"] == "admonition note"
    assert ('<p class="admonition-title">Possibly outdated data</p>\n<p>I wrote this article in <em>January</em> 2018.</p>'
            in page)
    assert '<p class="admonition-title">Warning</p>' in page  # no title given: the class's name
    assert "<p>Inner, untitled.</p>" in page and '<p class="admonition-title"></p>' not in page
    assert elements(page, "div", class_="tip") and "<p>Body.</p>" in page


def test_admonitions_are_text_where_the_site_does_not_enable_them(tmp_path):
    """Pelican's default Markdown settings have no admonition extension: it showed the lines as text, and so does the import."""
    source = write_tree(tmp_path / "src", {"pelicanconf.py": "PATH = 'content'\n", "content/outdated.md": ADMONITIONS})
    site = _site(tmp_path)
    report = _import(source, site)
    assert not report.converted["Python-Markdown admonition"]
    _, body = front_matter(site / "content" / "misc" / "2018-01-23-outdated.md")
    assert '!!! note "Possibly outdated data"\n    I wrote' in body


CODEHILITE = """Title: Pointers
Date: 2014-05-01
Category: C

In CodeHilite's syntax:

    :::C
    int *p = &x;

A mock shebang:

    #!python
    print("hi")

A real one, with a path, stays a line of the code:

    #!/usr/bin/python
    print("hi")

- In a list:

        :::bash
        ls

```
    :::C
    in a fence, as written
```
"""


def test_codehilites_language_line_of_an_indented_code_block_becomes_a_fence_of_that_language(tmp_path):
    """twmht/blog: 236 code blocks in 104 of 126 stories open with `:::C` or
    `#!python`. Pelican's default MARKDOWN has codehilite, which reads such a
    first line as the block's language and drops it (a path, `#!/usr/bin/python`,
    keeps it); the import kept it, so every block showed `:::C` as code."""
    source = write_tree(tmp_path / "src", {"pelicanconf.py": "PATH = 'content'\n", "content/c/pointer.md": CODEHILITE})
    site = _site(tmp_path)
    report = _import(source, site)
    assert report.converted["CodeHilite language line"] == 4
    _, body = front_matter(site / "content" / "c" / "2014-05-01-pointers.md")
    assert "```c\nint *p = &x;\n```" in body and '```python\nprint("hi")\n```' in body
    assert '```python\n#!/usr/bin/python\nprint("hi")\n```' in body
    assert "- In a list:\n\n    ```bash\n    ls\n    ```" in body
    assert "```\n    :::C\n    in a fence, as written\n```" in body
    SiteBuilder(load_config(site)).build(BuildMode(now=NOW))
    page = (load_config(site).output_dir / "c" / "2014" / "05" / "01" / "pointers" / "index.html").read_text()
    assert '<code class="language-c">int *p = &amp;x;' in page and ":::C\nint" not in page


def test_codehilites_language_line_stays_where_the_site_does_not_enable_codehilite(tmp_path):
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "PATH = 'content'\nMARKDOWN = {'extension_configs': {'markdown.extensions.meta': {}}}\n",
        "content/c/pointer.md": CODEHILITE})
    site = _site(tmp_path)
    report = _import(source, site)
    assert not report.converted["CodeHilite language line"]
    assert "    :::C\n    int *p = &x;" in front_matter(site / "content" / "c" / "2014-05-01-pointers.md")[1]


def test_a_filename_link_to_a_static_file_is_followed_as_pelican_follows_it(tmp_path):
    """Pelican 3 sites wrote images as `{filename}/images/x.png`: where no
    story has that path, Pelican links the static file (warning "Use
    {static} instead"), so the import links and copies it too, from the
    story's folder as well. A path with neither stays as written, said."""
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "PATH = 'content'\nSTATIC_PATHS = ['images']\n",
        "content/tools/autotweet.md": "Title: Auto tweet\nDate: 2017-04-05 23:00\n\n![the tweet]({filename}/images/auto-tweet.png) "
                                      "![beside]({filename}../images/cron.png#large) ![gone]({filename}/images/gone.png)\n",
        "content/images/auto-tweet.png": b"\x89PNG\r\n\x1a\n",
        "content/images/cron.png": b"\x89PNG\r\n\x1a\n"})
    site = _site(tmp_path)
    report = _import(source, site)
    _, body = front_matter(site / "content" / "tools" / "2017-04-05-auto-tweet.md")
    assert "![the tweet](/images/auto-tweet.png)" in body and "![beside](/images/cron.png#large)" in body
    assert (site / "content" / "images" / "auto-tweet.png").is_file() and (site / "content" / "images" / "cron.png").is_file()
    assert report.missing_assets == [("tools/autotweet.md", "{filename}/images/gone.png")]
    result = SiteBuilder(load_config(site)).build(BuildMode(now=NOW))
    assert [d.message for d in result.warnings if "broken" in d.message] == [
        "the link to /images/gone.png is broken: nothing is published there; correct it or remove it"]


def test_a_relative_link_is_read_from_the_storys_old_url_as_browsers_read_it(tmp_path):
    """A story Pelican published at /100days-autotweet.html linked
    `pages/community.html`, which browsers read as /pages/community.html:
    the page's old URL. The import reads a relative link from there, not
    from the story's new folder, and leads it to where that page or file now
    is; one that names neither stays as written."""
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "PATH = 'content'\n",
        "content/tools/autotweet.md": "Title: Auto tweet\nDate: 2017-04-05 23:00\nSlug: 100days-autotweet\n\n"
                                      "Find us on [Slack](pages/community.html), meet [Alice](pages/guests.html#alice), "
                                      "see ![the cron](images/cron.png) and [elsewhere](pages/gone.html).\n",
        "content/pages/community.md": "Title: Community\n\nJoin us.\n",
        "content/pages/guests.md": "Title: Guests\n\n## Alice\n\nOur first.\n",
        "content/images/cron.png": b"\x89PNG\r\n\x1a\n"})
    site = _site(tmp_path)
    _import(source, site)
    _, body = front_matter(site / "content" / "tools" / "2017-04-05-100days-autotweet.md")
    assert "[Slack](../pages/community.md)" in body and "[Alice](../pages/guests.md#alice)" in body, body
    assert "![the cron](/images/cron.png)" in body and (site / "content" / "images" / "cron.png").is_file()
    assert "[elsewhere](pages/gone.html)" in body
    result = SiteBuilder(load_config(site)).build(BuildMode(now=NOW))
    assert [d.message for d in result.warnings if "broken" in d.message] == [
        "the link to /tools/pages/gone.html is broken: nothing is published there; correct it or remove it"]


def test_a_header_opened_with_a_fence_and_ended_by_a_blank_line_is_read_as_pelican_reads_it(tmp_path):
    """Pybonacci's (192 of 199 articles): `---`, the header, a blank line,
    the story; Python-Markdown's meta extension ends the header at the blank
    line. The import stopped with an internal error (the front matter's
    `---` never closed), nothing imported. A story whose YAML front matter
    is never closed, and is no Pelican header, is skipped with why."""
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "PATH = 'content'\n",
        "content/joyas.md": "---\ntitle: Joyas\ndate: 2015-12-28T19:42:54+00:00\nauthor: Kiko\nslug: joyas\n\nTexto.\n\n---\n\nMás.\n",
        "content/broken.md": "---\ntitle: Broken\ndate: 2016-01-01\ntags: [a, b]\n\nText.\n"})
    site = _site(tmp_path)
    report = _import(source, site)
    assert report.stories() == 1
    joyas, body = front_matter(site / "content" / "misc" / "2015-12-28-joyas.md")
    assert joyas["title"] == "Joyas" and joyas["author"] == "Kiko" and joyas["aliases"] == ["/joyas.html"]
    assert body.strip() == "Texto.\n\n---\n\nMás."
    [(rel, why)] = report.skipped
    assert rel == "broken.md" and "never closed" in why


def test_default_date_dates_an_article_that_gives_none(tmp_path):
    """Pelican's own samples set DEFAULT_DATE = (2012, 3, 2, 14, 1, 1); "fs"
    (the file's time) is common. The import left such an article out
    ("'date' is required"), or made a draft without a date a page."""
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "PATH = 'content'\nTIMEZONE = 'Europe/Paris'\nDEFAULT_DATE = (2012, 3, 2, 14, 1, 1)\n",
        "content/news/council.md": "Title: Council meets\n\nThe council met.\n",
        "content/news/dated.md": "Title: Dated\nDate: 2013-01-01 09:00\n\nIts own.\n"})
    site = _site(tmp_path)
    report = _import(source, site)
    assert report.stories() == 2 and not report.skipped
    council, _ = front_matter(site / "content" / "news" / "2012-03-02-council-meets.md")
    assert council["date"] == "2012-03-02T14:01:01+01:00"
    assert front_matter(site / "content" / "news" / "2013-01-01-dated.md")[0]["date"] == "2013-01-01T09:00:00+01:00"


def test_default_date_goes_where_the_header_ends_when_the_text_follows_it_with_no_blank_line(tmp_path):
    """twmht/blog (3 of its 129 articles): Title/Slug/Category/Author and the
    first paragraph on the next line, DEFAULT_DATE = 'fs'. Python-Markdown's
    meta extension ends the header at the paragraph's line; the import put
    the Date after the paragraph and left the article out ("'date' is required")."""
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "PATH = 'content'\nTIMEZONE = 'Asia/Taipei'\nDEFAULT_DATE = 'fs'\n",
        "content/others/gif.md": "Title: Header runs into text\nSlug: gif\nCategory: Others\nAuthor: twmht\n"
                                 "The first paragraph starts right under the header.\n\nSecond paragraph.\n"})
    os.utime(source / "content" / "others" / "gif.md", (1_400_000_000, 1_400_000_000))
    written = datetime.fromtimestamp(1_400_000_000)  # the file's time as Pelican reads it: the machine's clock, read in TIMEZONE
    site = _site(tmp_path)
    report = _import(source, site)
    assert report.stories() == 1 and not report.skipped
    front, body = front_matter(site / "content" / "others" / f"{written:%Y-%m-%d}-gif.md")
    assert front["date"] == f"{written:%Y-%m-%dT%H:%M:%S}+08:00" and front["author"] == "twmht"
    assert body.startswith("The first paragraph starts right under the header.\n\nSecond paragraph.")


POST = ('Title: Issue 1\nDate: 2022-01-02 10:00\nCategory: News\n\nRun `cargo` with --filter-platform or "--offline" <<here>>.\n\n'
        "[TOC]\n\nTwo things:\n1) numbers,\n2) theory.\nTo read:\n- one\n\n"
        "## News & Blog Posts\n\n## CFP - Projects\n\n### Rust\n\n### Rust\n\n    [TOC]\n")
SYNTAX = ('syntax = "python-markdown"  # Pelican\'s Markdown reader: 1) lines and a list under a paragraph\'s line stay text, '
          "#word is a heading")
TWIR_MARKDOWN = ("MARKDOWN = {'extension_configs': {'markdown.extensions.codehilite': {'css_class': 'highlight'}, "
                 "'markdown.extensions.extra': {}, 'markdown.extensions.meta': {}, 'markdown.extensions.toc': {'anchorlink': True}}, "
                 "'output_format': 'html5'}\n")


def _built_as_suggested(tmp_path: Path, pelicanconf: str) -> tuple[ImportReport, str]:
    """The Pelican site imported, the report's site.toml lines added, built: (the report, the story's page)."""
    source = write_tree(tmp_path / "src", {"pelicanconf.py": "PATH = 'content'\n" + pelicanconf, "content/post.md": POST})
    site = _site(tmp_path)
    report = _import(source, site)
    (site / "site.toml").write_text(DEFAULT_CONFIG + "\n".join(report.settings) + "\n")
    config = load_config(site)
    SiteBuilder(config).build(BuildMode(now=NOW))
    return report, (config.output_dir / "news" / "2022" / "01" / "02" / "issue-1" / "index.html").read_text()


def test_with_pelicans_toc_and_no_typogrify_stories_read_as_pelican_read_them(tmp_path):
    """rust-lang/this-week-in-rust: toc in MARKDOWN, TYPOGRIFY off (Pelican's
    default). Its #news-blog-posts and #rust_1 links name toc's ids, and
    `--filter-platform` was a flag, not an en dash."""
    import markdown

    report, page = _built_as_suggested(tmp_path, TWIR_MARKDOWN)
    assert report.settings == [
        "[markdown]  # the stories' Markdown as Pelican (pelicanconf.py) read it",
        'heading_ids = "python-markdown"  # MARKDOWN\'s toc extension made them: news-blog-posts, a second rust_1',
        "smart_punctuation = false  # TYPOGRIFY is off and MARKDOWN has no smarty: -- and quotes as written", SYNTAX]
    assert "anchorlink" in dict(report.changed)["pelicanconf.py"]
    pelican = markdown.markdown(POST.split("\n\n", 1)[1], extensions=["extra", "meta", "toc"], output_format="html5")
    pelican = pelican.replace("<pre><code>", '<pre tabindex="0"><code>')  # newsgen's code blocks can be focused, to scroll them
    for made in pelican.splitlines():  # (Pelican's anchorlink aside)
        assert made in page, made
    assert '<h3 id="rust_1">Rust</h3>' in page and "with --filter-platform or" in page
    assert '<div class="toc">' in page and "<p>Two things:\n1) numbers," in page


def test_pelicans_default_markdown_leaves_punctuation_as_written_and_makes_no_heading_ids_to_keep(tmp_path):
    report, page = _built_as_suggested(tmp_path, "")
    assert report.settings == ["[markdown]  # the stories' Markdown as Pelican (pelicanconf.py) read it",
                               "smart_punctuation = false  # TYPOGRIFY is off and MARKDOWN has no smarty: -- and quotes as written",
                               SYNTAX]
    assert 'Run <code>cargo</code> with --filter-platform or "--offline" &lt;<here>&gt;.' in page
    assert 'id="news--blog-posts"' in page  # Pelican made none: newsgen's own


def test_without_pelicans_toc_extension_a_toc_line_stays_text(tmp_path):
    """PyChina's weekly: MARKDOWN has extra and meta, no toc; Pelican showed
    its stories' `[TOC]` as written, and "1)" lines in their paragraph."""
    report, page = _built_as_suggested(tmp_path, "MARKDOWN = {'extension_configs': {'markdown.extensions.extra': {}}}\n")
    assert "<p>[TOC]</p>" in page and 'class="toc"' not in page and "<p>Two things:\n1) numbers," in page, page
    assert "<pre tabindex=\"0\"><code>[TOC]\n</code></pre>" in page  # in code, as written
    assert report.converted["[TOC] as text (MARKDOWN has no toc extension)"] == 1


@pytest.mark.parametrize("pelicanconf", [
    "TYPOGRIFY = True\nMD_EXTENSIONS = ['codehilite(css_class=highlight)', 'extra', 'toc(permalink=true)']\n",
    "MARKDOWN = {'extensions': ['markdown.extensions.smarty', 'markdown.extensions.headerid']}\n",
])
def test_typogrify_or_smarty_keeps_smart_punctuation_and_older_forms_of_toc_are_read(tmp_path, pelicanconf):
    report, page = _built_as_suggested(tmp_path, pelicanconf)
    assert report.settings[1:] == ['heading_ids = "python-markdown"  # MARKDOWN\'s toc extension made them: news-blog-posts, '
                                   "a second rust_1", SYNTAX], report.settings
    assert "&ndash;filter-platform" in page and 'id="news-blog-posts"' in page


def test_a_story_without_a_header_is_said_in_pelicans_terms_with_the_reader_plugin_that_may_read_it(tmp_path):
    """almet/notmyidea: 127 of 329 stories have no header, published by the
    site's own PLUGINS = ["simplereader"] (title from the first `# heading`,
    date from the file name); the report said they had "no front matter (a
    '---' line, then 'title:' …)", which Pelican never asks for, and not
    the plugin."""
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": 'PATH = "content"\nPLUGIN_PATHS = ["plugins"]\nPLUGINS = ["sitemap", "simplereader"]\n',
        "plugins/simplereader.py": "from pelican import signals\nfrom pelican.readers import MarkdownReader\n"
                                   "class SimpleReader(MarkdownReader):\n    file_extensions = ['md']\n"
                                   "def add_reader(readers):\n    readers.reader_classes['md'] = SimpleReader\n"
                                   "def register():\n    signals.readers_init.connect(add_reader)\n",
        "content/Journal/2009-11-11-amap.md": "# AMAP\n\nText.\n",
        "content/Journal/2010-01-01-normal.md": "Title: Normal\nDate: 2010-01-01\n\nBody.\n",
    })
    report = _import(source, _site(tmp_path))
    assert report.stories() == 1
    [(origin, why)] = report.skipped
    assert origin == "Journal/2009-11-11-amap.md"
    assert why.startswith("it has no Pelican header (a 'Title:' line, then 'Date:'"), why
    assert "PLUGINS include simplereader (whose plugins/simplereader.py adds a reader), which may read it" in why
    (source / "plugins" / "simplereader.py").unlink()  # a plugin the import does not know may read it too
    [(_, why)] = _import(source, _site(tmp_path / "unknown")).skipped
    assert "PLUGINS include simplereader, which may read it with a reader of its own" in why, why
    (source / "pelicanconf.py").write_text('PATH = "content"\nPLUGINS = ["sitemap"]\n')  # none that reads
    [(_, why)] = _import(source, _site(tmp_path / "none")).skipped
    assert why.endswith("without which Pelican's Markdown reader leaves it out"), why


def test_a_plugins_list_with_an_imported_item_keeps_its_plain_items(tmp_path):
    """cavaunpeu/willwolf.io-source lists `nb_liquid`, imported from
    pelican_jupyter, among six plugin names: the import said "PLUGINS is
    computed … Pelican's default ([]) is used" and dropped all seven."""
    from generator.importers.pelican import read_settings

    path = tmp_path / "pelicanconf.py"
    path.write_text("from pelican_jupyter import liquid as nb_liquid\n"
                    "PLUGINS = ['i18n_subsites', nb_liquid, 'pelican_alias']\nSTATIC_PATHS = ['images', 1 + 1]\n")
    report = ImportReport()
    settings = read_settings(path, report)
    assert settings["PLUGINS"] == ["i18n_subsites", "pelican_alias"]
    said = [why for _, why in report.changed]
    assert any(why.startswith("PLUGINS names nb_liquid, which an import does not run") for why in said), said
    assert not any("PLUGINS is computed" in why for why in said), said
    assert any("STATIC_PATHS is computed" in why for why in said), said  # an item that is neither text nor a name


def test_the_pelican_alias_plugins_alias_is_an_old_url_where_the_site_runs_it(tmp_path):
    """cavaunpeu/willwolf.io-source runs pelican_alias, which writes a
    redirect page at each comma-separated `Alias:` path: 5 stories, 6 old
    URLs, were kept under extra.alias and no longer redirected."""
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "PATH = 'content'\nARTICLE_URL = '{date:%Y}/{date:%m}/{date:%d}/{slug}/'\n"
                          "ARTICLE_SAVE_AS = '{date:%Y}/{date:%m}/{date:%d}/{slug}/index.html'\n"
                          "PLUGINS = ['i18n_subsites', 'pelican_alias']\n",
        "content/life/readme.md": "Title: README\nDate: 2022-08-01 17:00\nSlug: readme\n"
                                  "Alias: /life/2022/08/01/readme-for-me, life/readme.html\n\nBody.\n",
        "content/life/other.md": "Title: Other\nDate: 2022-08-02 17:00\n\nSee [it](/life/2022/08/01/readme-for-me).\n"})
    site = _site(tmp_path)
    _import(source, site)
    front, _ = front_matter(site / "content" / "life" / "2022-08-01-readme.md")
    assert front["aliases"] == ["/2022/08/01/readme/", "/life/2022/08/01/readme-for-me", "/life/readme.html"]
    assert "alias" not in front.get("extra", {})
    _, body = front_matter(site / "content" / "life" / "2022-08-02-other.md")
    assert "[it](2022-08-01-readme.md)" in body  # a link by the alias leads to the story
    (source / "pelicanconf.py").write_text("PATH = 'content'\n")  # without the plugin, Alias: is only a key
    site = _site(tmp_path / "without")
    _import(source, site)
    front, _ = front_matter(site / "content" / "life" / "2022-08-01-readme.md")
    assert front["aliases"] == ["/readme.html"] and front["extra"]["alias"].startswith("/life/2022/08/01/readme-for-me")


def test_a_story_in_a_language_of_i18n_subsites_had_its_old_url_in_that_sub_site(tmp_path):
    """i18n_subsites sets ARTICLE_LANG_URL (and PAGE_LANG_URL) to
    ARTICLE_URL and publishes each language of I18N_SUBSITES in a sub-site
    whose OUTPUT_PATH and SITEURL end in its code: willwolf.io's 3 `Lang: es`
    stories were at /es/2016/10/12/…/, not at ARTICLE_LANG_URL's
    /simulacion-es.html; a story's own Url: is under /es/ too, as are its
    pelican_alias redirect pages."""
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "PATH = 'content'\nARTICLE_URL = '{date:%Y}/{date:%m}/{date:%d}/{slug}/'\n"
                          "ARTICLE_SAVE_AS = '{date:%Y}/{date:%m}/{date:%d}/{slug}/index.html'\n"
                          "PLUGINS = ['i18n_subsites', 'pelican_alias']\nI18N_SUBSITES = {'es': {'SITESUBTITLE': 'cosas'}}\n",
        "content/ml/simulacion.md": "Title: Simulación\nDate: 2016-10-12 11:53\nLang: es\nSlug: simulacion\n"
                                    "Alias: /vieja/\n\nCuerpo.\n",
        "content/ml/win.md": "Title: Ganar\nDate: 2016-10-12 12:00\nLang: es\nSlug: win\nUrl: 2016/10/12/win-2/\n\nCuerpo.\n",
        "content/ml/deutsch.md": "Title: Deutsch\nDate: 2016-10-13\nLang: de\n\nText.\n",  # no sub-site of its own
        "content/pages/acerca.md": "Title: Acerca\nLang: es\n\nNosotros.\n"})
    site = _site(tmp_path)
    _import(source, site)
    content = site / "content"
    front, _ = front_matter(content / "ml" / "2016-10-12-simulacion-es.md")
    assert front["aliases"] == ["/es/2016/10/12/simulacion/", "/es/vieja/"]
    # Its Url: is where Pelican linked it; ARTICLE_SAVE_AS, which no Save_as: overrides, where it wrote its file.
    assert front_matter(content / "ml" / "2016-10-12-win-es.md")[0]["aliases"] == ["/es/2016/10/12/win-2/", "/es/2016/10/12/win/"]
    assert front_matter(content / "ml" / "2016-10-13-deutsch-de.md")[0]["aliases"] == ["/2016/10/13/deutsch/"]
    assert front_matter(content / "pages" / "acerca-es.md")[0]["aliases"] == ["/es/pages/acerca.html"]


def test_an_image_key_missing_from_the_storys_folder_is_read_from_content(tmp_path):
    """`Image:` is no Pelican key: willwolf.io's theme shows
    `{{ SITEURL }}/{{ article.image }}`, so `images/x.png` in
    content/life/readme.md is content/images/x.png. Read from the story's
    folder, /life/images/x.png, it was missing: 40 of 50 stories lost their
    lead image. A file in the story's folder is still read first."""
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "PATH = 'content'\nSTATIC_PATHS = ['images', 'life/figures']\n",
        "content/life/readme.md": "Title: README\nDate: 2022-08-01 17:00\nImage: images/myreadme.png\n\nBody.\n",
        "content/life/beside.md": "Title: Beside\nDate: 2022-08-02 17:00\nImage: figures/plot.png\n\nBody.\n",
        "content/life/gone.md": "Title: Gone\nDate: 2022-08-03 17:00\nImage: images/gone.png\n\nBody.\n",
        "content/life/notes.rst": "Notes\n=====\n\n:date: 2022-08-04\n:image: images/myreadme.png\n\nText.\n",
        "content/images/myreadme.png": b"\x89PNG\r\n\x1a\n",
        "content/figures/plot.png": b"\x89PNG\r\n\x1a\n",
        "content/life/figures/plot.png": b"\x89PNG\r\n\x1a\n"})
    site = _site(tmp_path)
    report = _import(source, site)
    content = site / "content"
    assert front_matter(content / "life" / "2022-08-01-readme.md")[0]["image"] == "/images/myreadme.png"
    assert (content / "images" / "myreadme.png").is_file()
    assert front_matter(content / "life" / "2022-08-02-beside.md")[0]["image"] == "/life/figures/plot.png"
    assert ":image: /images/myreadme.png" in (content / "life" / "2022-08-04-notes.rst").read_text()
    assert [origin for origin, _ in report.missing_assets] == ["life/gone.md"]
    result = SiteBuilder(load_config(site)).build(BuildMode(now=NOW))
    assert not [d.message for d in result.warnings if "readme" in d.message or "notes" in d.message]


def test_the_published_sites_category_tag_and_feed_urls_redirect_to_newsgens_pages(tmp_path, capsys):
    """PyChina/weekly's readers followed /feeds/all.atom.xml and
    /category/python-weekly.html; after an import they went 404, and the
    report said nothing of them. The published settings (publishconf.py,
    whose feeds pelican-quickstart's pelicanconf.py turns off) name them:
    each is recorded under [moved] in urls.toml, to newsgen's page of the
    same, and the first build redirects every one to a page it publishes."""
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "PATH = 'content'\nFEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nTAG_URL = 'tag/{slug}/'\n"
                          "TAG_SAVE_AS = 'tag/{slug}/index.html'\n",
        "publishconf.py": "from pelicanconf import *\nFEED_ALL_ATOM = 'feeds/all.atom.xml'\nFEED_ALL_RSS = 'feeds/all.rss.xml'\n"
                          "CATEGORY_FEED_ATOM = 'feeds/{slug}.atom.xml'\n",
        "content/Python Weekly/issue-1.md": "Title: Issue 1\nDate: 2015-01-31 17:00\nTags: Django, asyncio\n\nText.\n",
        "content/Python Weekly/later.md": "Title: Later\nDate: 2999-01-01\nTags: Future tag\n\nText.\n"})
    site, moved = imported_with_moved(tmp_path, capsys, "pelican", source)
    assert moved == {'"/archives.html"': '"/archive/"', '"/authors.html"': '"/authors/"', '"/category/python-weekly.html"': '"/python-weekly/"',
                     '"/feeds/all.atom.xml"': '"/atom.xml"', '"/feeds/all.rss.xml"': '"/feed.xml"',
                     '"/feeds/python-weekly.atom.xml"': '"/python-weekly/atom.xml"', '"/tag/asyncio/"': '"/tags/asyncio/"',
                     '"/tag/django/"': '"/tags/django/"', '"/tags.html"': '"/tags/"',  # (not the later story's tag: no page yet)
                     '"/feeds/all-en.atom.xml"': '"/atom.xml"'}  # (Pelican's default TRANSLATION_FEED_ATOM, on in both files)
    redirects = redirects_built(site, capsys)
    assert "\n/feeds/all.atom.xml /atom.xml 301\n" in redirects and "\n/tag/django/ /tags/django/ 301\n" in redirects


def test_a_feed_setting_written_with_printfs_percent_s_is_each_categorys_and_tags_feed(tmp_path, capsys):
    """Pybonacci's publishconf.py: CATEGORY_FEED_ATOM = 'feeds/%s.atom.xml',
    which Pelican reads as feeds/{slug}.atom.xml. The import recorded one
    "/feeds/%s.atom.xml" pointing at the last category's feed, and none of
    the feeds Pelican wrote. A %s Pelican cannot convert is its default, said."""
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "PATH = 'content'\nCATEGORY_FEED_ATOM = None\n",
        "publishconf.py": "from pelicanconf import *\nCATEGORY_FEED_ATOM = 'feeds/%s.atom.xml'\n"
                          "TAG_FEED_RSS = 'feeds/%s.%s.rss'\n",
        "content/one.md": "Title: One\nDate: 2019-01-01\nCategory: Noticias\nTags: Python\n\nUno.\n",
        "content/two.md": "Title: Two\nDate: 2019-01-02\nCategory: Tutoriales\n\nDos.\n"})
    site, moved = imported_with_moved(tmp_path, capsys, "pelican", source)
    feeds = {old: new for old, new in moved.items() if old.startswith('"/feeds/')}
    assert feeds == {'"/feeds/noticias.atom.xml"': '"/noticias/atom.xml"', '"/feeds/tutoriales.atom.xml"': '"/tutoriales/atom.xml"',
                     '"/feeds/all.atom.xml"': '"/atom.xml"', '"/feeds/all-en.atom.xml"': '"/atom.xml"'}
    report = ImportReport()
    assert read_settings(source / "publishconf.py", report)["TAG_FEED_RSS"] is None
    assert any("TAG_FEED_RSS" in what and "%s" in what for _, what in report.changed), report.changed



def test_the_author_and_language_feeds_pelican_writes_by_default_redirect(tmp_path, capsys):
    """Pelican's own settings (pelican/settings.py DEFAULT_CONFIG) write each
    author's feeds, AUTHOR_FEED_ATOM = 'feeds/{slug}.atom.xml' and
    AUTHOR_FEED_RSS = 'feeds/{slug}.rss.xml', and each language's,
    TRANSLATION_FEED_ATOM = 'feeds/all-{lang}.atom.xml', unless a settings
    file turns them off (pelican-quickstart's does, as pybites' and
    jakevdp's pelicanconf.py keep). A settings file that does not name them
    had those feeds published, and the import, which read only the feeds a
    file named, left their subscribers at a 404."""
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "PATH = 'content'\nAUTHOR = 'Bob Belderbos'\nDEFAULT_LANG = 'en'\n",
        "content/python/first.md": "Title: First\nDate: 2019-01-01\n\nText.\n",
        "content/python/first-es.md": "Title: Primero\nSlug: first\nLang: es\nDate: 2019-01-01\n\nTexto.\n"})
    site, moved = imported_with_moved(tmp_path, capsys, "pelican", source)
    feeds = {old: new for old, new in moved.items() if old.startswith('"/feeds/')}
    assert feeds == {'"/feeds/all.atom.xml"': '"/atom.xml"', '"/feeds/python.atom.xml"': '"/python/atom.xml"',
                     '"/feeds/bob-belderbos.atom.xml"': '"/authors/bob-belderbos/atom.xml"',
                     '"/feeds/bob-belderbos.rss.xml"': '"/authors/bob-belderbos/feed.xml"',
                     '"/feeds/all-en.atom.xml"': '"/atom.xml"', '"/feeds/all-es.atom.xml"': '"/es/atom.xml"'}

@pytest.mark.parametrize("written, expected", [
    ("2015-01-31 17:7", "2015-01-31T17:07:00+08:00"),  # PyChina/weekly's issue-019.md
    ("2015-01-31 7:7:5", "2015-01-31T07:07:05+08:00"),
    ("2015/1/31 17:7", "2015-01-31T17:07:00+08:00"),
    ("2015-01-31T17:7+01:00", "2015-01-31T17:07:00+01:00"),
    ("2015-01-31 17h07", "2015-01-31T17:07:00+08:00"),
    ("2015-01-31 17h", "2015-01-31T17:00:00+08:00"),
    ("2015-01-31 5pm", "2015-01-31T17:00:00+08:00"),
    ("2015-01-31 at 5:7 pm", "2015-01-31T17:07:00+08:00"),
    ("31/01/2015 17:7", "2015-01-31T17:07:00+08:00"),
])
def test_a_time_dateutil_reads_with_one_digit_or_an_h_dates_the_story_as_pelican_did(tmp_path, written, expected):
    """PyChina/weekly's `Date: 2015-01-31 17:7` was skipped ("not a date
    newsgen can read"): Pelican's get_date reads it with dateutil's parser,
    as 17:07, and published the post; dateutil reads `17h07`, `5pm` and
    `at` as well."""
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "PATH = 'content'\nTIMEZONE = 'Asia/Shanghai'\n",
        "content/importpython/issue-019.md": f"Title: Issue 19\nDate: {written}\n\nThe weekly.\n"})
    site = _site(tmp_path)
    report = _import(source, site)
    assert report.stories() == 1 and not report.skipped
    assert front_matter(site / "content" / "importpython" / "2015-01-31-issue-19.md")[0]["date"] == expected


# A 1×1 PNG, as a notebook holds a picture its code showed: base64, in lines.
_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def _notebook(cells: list[dict], **metadata) -> str:
    import json  # noqa: PLC0415

    return json.dumps({"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 2})


def _code(source: str, *outputs: dict) -> dict:
    return {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": list(outputs), "source": source.splitlines(True)}


def _markdown(source: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": source.splitlines(True)}


def test_liquid_tags_notebook_from_notebook_dir_with_its_cells_outputs_and_pictures(tmp_path):
    """liquid_tags' `{% notebook demo.ipynb cells[1:] %}` finds the file
    under NOTEBOOK_DIR (trialS: the story published the tag as its whole
    text): the cells from the second on; code in the language its metadata
    names; printed text and results as plain blocks, a traceback without
    its colour codes; a picture written beside the story and shown; an
    HTML result (a DataFrame's table) as raw HTML, as the build keeps a
    writer's HTML."""
    table = '<div>\n<table border="1" class="dataframe">\n  <tr><th>a</th></tr>\n\n  <tr><td>1</td></tr>\n</table>\n</div>'
    notebook = _notebook([
        _markdown("# Demo"),
        _markdown("The whole article text lives in the notebook."),
        _code("print(2 + 2)\nprint(3)", {"name": "stdout", "output_type": "stream", "text": ["4\n"]},
              {"name": "stdout", "output_type": "stream", "text": ["3\n"]}),
        _code("plot(x)", {"output_type": "execute_result", "execution_count": 2, "metadata": {},
                          "data": {"text/plain": ["[<Line2D>]"]}},
              {"output_type": "display_data", "metadata": {},
               "data": {"image/png": _PNG[:40] + "\n" + _PNG[40:], "text/plain": ["<Figure size 432x288 with 1 Axes>"]}}),
        _code("frame", {"output_type": "execute_result", "execution_count": 3, "metadata": {},
                        "data": {"text/html": table.splitlines(True), "text/plain": ["   a\n0  1"]}}),
        _code("1/0", {"output_type": "error", "ename": "ZeroDivisionError", "evalue": "division by zero",
                      "traceback": ["\x1b[0;31mZeroDivisionError\x1b[0m  Traceback", "\x1b[0;31mZeroDivisionError\x1b[0m: division by zero"]}),
    ], kernelspec={"language": "julia", "name": "julia-1.6"}, language_info={"name": "julia"})
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "PATH = 'content'\nTIMEZONE = 'UTC'\nPLUGIN_PATHS = ['./plugins']\nPLUGINS = ['liquid_tags.notebook']\n"
                          "NOTEBOOK_DIR = 'downloads/notebooks'\nSTATIC_PATHS = ['downloads']\n"
                          "ARTICLE_URL = 'blog/{date:%Y}/{slug}/'\nARTICLE_SAVE_AS = 'blog/{date:%Y}/{slug}/index.html'\n",
        "content/nb.md": "Title: Notebook post\nDate: 2012-10-07 13:30\n\n{% notebook demo.ipynb cells[1:] %}\n",
        "content/downloads/notebooks/demo.ipynb": notebook,
    })
    site = _site(tmp_path)
    report = _import(source, site)
    _, body = front_matter(site / "content" / "misc" / "2012-10-07-notebook-post.md")
    assert "{% notebook" not in body and "# Demo" not in body  # cells[1:]
    assert body.startswith("The whole article text lives in the notebook.\n\n```julia\nprint(2 + 2)\nprint(3)\n```\n\n```\n4\n3\n```\n\n")
    assert "```julia\nplot(x)\n```\n\n```\n[<Line2D>]\n```\n\n![](2012-10-07-notebook-post/demo_3_1.png)\n\n" in body
    assert "Figure size" not in body  # the picture, not its text, as nbconvert shows the richest
    assert f"```julia\nframe\n```\n\n<div class=\"output_html\">\n{table}\n</div>\n\n" in body
    assert "```\nZeroDivisionError  Traceback\nZeroDivisionError: division by zero\n```" in body and "\x1b" not in body
    import base64  # noqa: PLC0415

    picture = site / "content" / "misc" / "2012-10-07-notebook-post" / "demo_3_1.png"
    assert picture.read_bytes() == base64.b64decode(_PNG)
    assert report.converted["Liquid notebook"] == 1 and not report.missing_assets
    result = SiteBuilder(load_config(site)).build(BuildMode(now=NOW))
    page = (load_config(site).output_dir / "misc" / "2012" / "10" / "07" / "notebook-post" / "index.html").read_text()
    assert "demo_3_1.png" in page and '<table border="1" class="dataframe">' in page and "{% notebook" not in page
    assert not [str(d) for d in result.warnings if "notebook" in str(d) or "demo" in str(d)], result.warnings


def test_a_notebooks_cell_range_language_and_nbformat_3_are_read_as_the_plugin_reads_them(tmp_path):
    """`cells[1:-1]` is a Python slice of the cells, over all of a version 3
    notebook's worksheets; `language[ipython3]` names the code's language
    over the notebook's (IPython's is Python). nbformat 3's heading cells,
    `input`, `pyout` and `pyerr` are read as nbformat 4's. pelican-ipynb
    (`ipynb.liquid`) reads the path under content/, not NOTEBOOK_DIR."""
    import json  # noqa: PLC0415

    version3 = json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {"name": ""}, "worksheets": [
        {"cells": [{"cell_type": "heading", "level": 1, "metadata": {}, "source": ["Skipped"]},
                   {"cell_type": "heading", "level": 2, "metadata": {}, "source": ["A heading"]},
                   {"cell_type": "code", "collapsed": False, "input": ["x = 1\n", "x"], "language": "python", "metadata": {},
                    "outputs": [{"output_type": "pyout", "prompt_number": 1, "metadata": {}, "text": ["1"]},
                                {"output_type": "display_data", "metadata": {}, "png": _PNG}],
                    "prompt_number": 1}], "metadata": {}},
        {"cells": [{"cell_type": "code", "collapsed": False, "input": ["y"], "language": "python", "metadata": {},
                    "outputs": [{"output_type": "pyerr", "ename": "NameError", "evalue": "name 'y' is not defined",
                                 "traceback": ["NameError: name 'y' is not defined"]},
                                {"output_type": "stream", "stream": "stderr", "text": ["careful\n"]}]},
                   {"cell_type": "markdown", "metadata": {}, "source": ["Left out."]}], "metadata": {}}]})
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "PATH = 'content'\nPLUGINS = ['ipynb.liquid']\nNOTEBOOK_DIR = 'notebooks'\n",
        "content/a.md": "Title: Old\nDate: 2014-01-01\n\nBefore.\n\n{% notebook nb/old.ipynb cells[1:-1] %}\n\nAfter.\n",
        "content/b.md": "Title: New\nDate: 2014-01-02\n\n{% notebook nb/new.ipynb cells[:1] language[ipython3] %}\n",
        "content/nb/old.ipynb": version3,
        "content/nb/new.ipynb": _notebook([_code("print(1)")], kernelspec={"language": "R"}),
    })
    site = _site(tmp_path)
    report = _import(source, site)
    _, old = front_matter(site / "content" / "misc" / "2014-01-01-old.md")
    assert old == ("Before.\n\n## A heading {#A-heading}\n\n```python\nx = 1\nx\n```\n\n```\n1\n```\n\n![](2014-01-01-old/old_2_1.png)\n\n"
                   "```python\ny\n```\n\n```\nNameError: name 'y' is not defined\n```\n\n```\ncareful\n```\n\nAfter.\n")
    assert (site / "content" / "misc" / "2014-01-01-old" / "old_2_1.png").is_file()
    _, new = front_matter(site / "content" / "misc" / "2014-01-02-new.md")
    assert new == "```python\nprint(1)\n```\n"
    assert report.converted["Liquid notebook"] == 2


def test_a_notebook_not_found_or_not_readable_is_said_and_its_tag_left(tmp_path):
    """The story and the path where the plugin looked are named, and the tag
    stays as written (the build warns of it), rather than an empty story."""
    write_tree(tmp_path, {
        "src/pelicanconf.py": "PATH = 'content'\nPLUGINS = ['liquid_tags.notebook']\n",
        "src/content/a.md": "Title: Gone\nDate: 2014-01-01\n\n{% notebook gone.ipynb %}\n",
        "src/content/b.md": "Title: Broken\nDate: 2014-01-02\n\n{% notebook broken.ipynb %}\n",
        "src/content/c.md": "Title: Outside\nDate: 2014-01-03\n\n{% notebook ../../../secret.ipynb %}\n",
        "src/content/notebooks/broken.ipynb": '{"cells": [',
        "secret.ipynb": _notebook([_markdown("A secret")]),  # beside the site's folder, not in it
    })
    site = _site(tmp_path)
    report = _import(tmp_path / "src", site)
    said = dict(report.changed)
    assert "content/notebooks/gone.ipynb" in said["a.md"] and "not found" in said["a.md"] and "left as written" in said["a.md"]
    assert "content/notebooks/broken.ipynb" in said["b.md"] and "JSON" in said["b.md"]
    assert "outside the Pelican site's folder" in said["c.md"]
    assert "A secret" not in front_matter(site / "content" / "misc" / "2014-01-03-outside.md")[1]
    _, body = front_matter(site / "content" / "misc" / "2014-01-01-gone.md")
    assert body.strip() == "{% notebook gone.ipynb %}"
    assert report.left["Liquid notebook"] == 3 and not report.converted["Liquid notebook"]


def test_a_notebooks_html_that_is_only_script_gives_way_under_safe_html(tmp_path):
    """With `safe_html = true` the build drops a body's scripts: an output
    that is a script (mpld3's figure, JSAnimation) would show nothing, so
    the notebook's next form of it (its picture) is shown instead."""
    notebook = _notebook([_code("fig", {"output_type": "display_data", "metadata": {}, "data": {
        "text/html": ["<div id='fig'></div>\n", "<script>draw('fig')</script>"], "image/png": _PNG, "text/plain": ["<Figure>"]}})],
        language_info={"name": "python"})
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "PATH = 'content'\n",
        "content/a.md": "Title: Figure\nDate: 2014-01-01\n\n{% notebook fig.ipynb %}\n",
        "content/notebooks/fig.ipynb": notebook,
    })
    site = _site(tmp_path, DEFAULT_CONFIG + "safe_html = true\n")
    _import(source, site)
    _, body = front_matter(site / "content" / "misc" / "2014-01-01-figure.md")
    assert "<script" not in body and "![](2014-01-01-figure/fig_0_0.png)" in body
    site = _site(tmp_path / "open")
    _import(source, site)
    assert "<script>draw('fig')</script>" in front_matter(site / "content" / "misc" / "2014-01-01-figure.md")[1]


def test_a_notebooks_headings_keep_the_ids_nbconvert_gave_them(tmp_path):
    """nbconvert gave each Markdown heading of a notebook the id of its text,
    spaces made `-` (`#Fundamental-Matrix`), and the old site's links name
    those anchors (jakevdp's chutes-and-ladders and frequentism posts link
    `#Varying-Photon-Counts:-The-Bayesian-Approach`): each heading keeps it."""
    notebook = _notebook([_markdown("## Varying Photon Counts: The Bayesian Approach\n\nText.\n\n### A `code` **word**\n\n"
                                    "```\n# not a heading\n```"),
                          _markdown("See [above](#Varying-Photon-Counts:-The-Bayesian-Approach).")])
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "PATH = 'content'\n",
        "content/a.md": "Title: Counts\nDate: 2014-01-01\n\n{% notebook counts.ipynb %}\n",
        "content/notebooks/counts.ipynb": notebook,
    })
    site = _site(tmp_path)
    _import(source, site)
    _, body = front_matter(site / "content" / "misc" / "2014-01-01-counts.md")
    assert "## Varying Photon Counts: The Bayesian Approach {#Varying-Photon-Counts:-The-Bayesian-Approach}\n" in body
    assert "### A `code` **word** {#A-code-word}\n" in body and "```\n# not a heading\n```" in body
    result = SiteBuilder(load_config(site)).build(BuildMode(now=NOW))
    page = next((load_config(site).output_dir / "misc").rglob("counts/index.html")).read_text()
    assert 'id="Varying-Photon-Counts:-The-Bayesian-Approach"' in page
    assert not [str(d) for d in result.warnings if "broken" in d.message], result.warnings


def test_a_notebooks_long_printed_line_is_read_in_linear_time(tmp_path):
    """The carriage returns that took back printed text (a progress bar's
    earlier states) were found by a pattern that backtracked over each line
    at each position: 16 s for a 160,000-character line, minutes for a
    megabyte. Read in a process that must end well within its limit; what a
    carriage return took back is still left out."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    printed = ["x" * 1_000_000 + "\n", "10%\r50%\r100%\n", "kept\r\n", "end"]
    notebook = tmp_path / "long.ipynb"
    notebook.write_text(_notebook([_code("run()", {"name": "stdout", "output_type": "stream", "text": printed})]))
    script = ("import sys; from pathlib import Path; from generator.importers.notebook import notebook_markdown; "
              "print(repr(notebook_markdown(Path(sys.argv[1]), slice(None), 'python', 'x', True).text[-40:]))")
    done = subprocess.run([sys.executable, "-c", script, str(notebook)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == repr(("x" * 40 + "\n100%\nkept\r\nend\n```")[-40:])


@pytest.mark.parametrize(("notebook", "what"), [
    ('{"nbformat": 4, "cells": 5}', "cells"),
    ('{"nbformat": 4, "metadata": {}, "cells": [{"cell_type": "code", "source": "1", "outputs": 7}]}', "cells[0].outputs"),
    ('{"nbformat": 3, "worksheets": 5}', "worksheets"),
    ('{"nbformat": 3, "worksheets": [{"cells": [{"cell_type": "code", "input": "1", "outputs": [3]}]}]}', "worksheets[0].cells[0].outputs[0]"),
    ('{"nbformat": 3, "worksheets": [{"cells": [{"cell_type": "code", "outputs": [{"output_type": []}]}]}]}',
     "worksheets[0].cells[0].outputs[0].output_type"),
    ('{"nbformat": 4, "metadata": {"language_info": "python"}, "cells": []}', "metadata.language_info"),
    ('{"nbformat": 4, "metadata": {}, "cells": [{"cell_type": "raw", "source": "<b>x</b>", "metadata": [1]}]}', "cells[0].metadata"),
    ('{"nbformat": 4, "cells": [{"cell_type": "code", "source": "1", "outputs": [{"output_type": "error", "traceback": 3}]}]}',
     "cells[0].outputs[0].traceback"),
    ('{"nbformat": 4, "cells": [{"cell_type": "code", "source": "1", "outputs": [{"output_type": "display_data", "data": []}]}]}',
     "cells[0].outputs[0].data"),
    ('{"nbformat": 4, "cells": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
])
def test_a_notebook_not_shaped_as_nbformat_says_is_said_and_its_tag_left(tmp_path, notebook, what):
    """A notebook whose cells, outputs or metadata are of another type than
    nbformat gives them (or JSON nested too deeply to read) skipped the
    whole story with an internal error ("please report it"): it is read as
    a notebook that is no JSON is, its tag left as written and said."""
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "PATH = 'content'\n",
        "content/a.md": "Title: Odd\nDate: 2014-01-01\n\nBefore.\n\n{% notebook odd.ipynb %}\n",
        "content/notebooks/odd.ipynb": notebook,
    })
    site = _site(tmp_path)
    report = _import(source, site)
    assert not report.skipped
    said = dict(report.changed)["a.md"]
    assert "content/notebooks/odd.ipynb" in said and what in said and "left as written" in said
    _, body = front_matter(site / "content" / "misc" / "2014-01-01-odd.md")
    assert body == "Before.\n\n{% notebook odd.ipynb %}\n"
    assert report.left["Liquid notebook"] == 1


def test_a_notebooks_language_name_that_is_no_plain_name_is_not_the_fences(tmp_path):
    """The notebook's metadata named the fence's language unchecked: a name
    holding a line break and backticks closed the fence early, the code
    landed outside it and an unclosed fence swallowed the rest of the story.
    Only a plain name (letters, digits, `+-#._`) is a fence's language."""
    odd = _notebook([_code("1")], language_info={"name": "py\n<script>alert(1)</script>\n```"})
    plain = _notebook([_code("int x;")], language_info={"name": "C++"})
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "PATH = 'content'\n",
        "content/a.md": "Title: Odd\nDate: 2014-01-01\n\n{% notebook odd.ipynb %}\n\nAfter.\n",
        "content/b.md": "Title: Plain\nDate: 2014-01-02\n\n{% notebook plain.ipynb %}\n",
        "content/notebooks/odd.ipynb": odd,
        "content/notebooks/plain.ipynb": plain,
    })
    site = _site(tmp_path)
    _import(source, site)
    assert front_matter(site / "content" / "misc" / "2014-01-01-odd.md")[1] == "```\n1\n```\n\nAfter.\n"
    assert front_matter(site / "content" / "misc" / "2014-01-02-plain.md")[1] == "```c++\nint x;\n```\n"


def test_a_page_pelican_saved_as_the_home_page_is_left_out_and_said(tmp_path):
    """pybites' pages/home.md (`save_as: index.html`, INDEX_SAVE_AS moved
    aside) was imported with the alias `/`, and the first build stopped: a
    redirect may not hide the front page. It was the old site's home page,
    which newsgen makes itself: left out and said, as the Jekyll and
    Eleventy imports leave theirs; no story gets the alias `/`."""
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "PATH = 'content'\nTIMEZONE = 'UTC'\nINDEX_SAVE_AS = 'blog_index.html'\n",
        "content/pages/home.md": "Title: Welcome\nStatus: hidden\nsave_as: index.html\n\nOur [community](pages/community.html).\n",
        "content/pages/community.md": "Title: Community\n\nJoin us.\n",
        "content/front.md": "Title: Front\nDate: 2020-01-02\nURL: \nsave_as: index.html\n\nAn article saved as the home page.\n",
        "content/post.md": "Title: A post\nDate: 2020-01-01 10:00\nCategory: News\n\nText.\n"})
    site = _site(tmp_path)
    report = _import(source, site)
    assert ("pages/home.md", HOME_PAGE) in report.skipped and ("front.md", HOME_PAGE) in report.skipped, report.skipped
    assert not (site / "content" / "pages" / "welcome.md").exists()
    aliases = [alias for path in (site / "content").rglob("*.md") for alias in front_matter(path)[0].get("aliases", [])]
    assert "/" not in aliases and "/index.html" not in aliases, aliases
    SiteBuilder(load_config(site)).build(BuildMode(now=NOW))  # (raises BuildFailed on an error)


def test_the_old_sites_author_pages_redirect_and_relative_links_to_them_lead_to_newsgens(tmp_path, capsys):
    """pybites' author pages (Pelican's default AUTHOR_URL, author/{slug}.html)
    got no [moved] line, while its tag and category pages did, and
    guest-eat-a-pybite.md's `[Bob](author/bob.html)`, read from the
    story's folder, became a broken link. Each author's old page, and the
    authors list, redirect to newsgen's; a relative link to one, read from
    the story's old URL, leads to newsgen's author page."""
    source = write_tree(tmp_path / "src", {
        "pelicanconf.py": "PATH = 'content'\nTIMEZONE = 'UTC'\n",
        "content/a.md": "Title: First\nDate: 2020-01-01 10:00\nCategory: News\nAuthor: Bob Belderbos\n\nText.\n",
        "content/b.md": "Title: Second\nDate: 2020-01-02 10:00\nCategory: News\nAuthors: Julian, Bob Belderbos\n\n"
                        "As [Bob](author/bob-belderbos.html#bio) wrote.\n"})
    site, moved = imported_with_moved(tmp_path, capsys, "pelican", source)
    assert {old: new for old, new in moved.items() if "author" in old} == {
        '"/author/bob-belderbos.html"': '"/authors/bob-belderbos/"', '"/author/julian.html"': '"/authors/julian/"',
        '"/authors.html"': '"/authors/"'}
    _, body = front_matter(site / "content" / "news" / "2020-01-02-second.md")
    assert "[Bob](/authors/bob-belderbos/#bio)" in body, body
    redirects = redirects_built(site, capsys)
    assert "\n/author/julian.html /authors/julian/ 301\n" in redirects


def test_a_notebook_article_of_pelican_ipynbs_markup_mode_is_imported(tmp_path):
    """pybites' 7 articles written as notebooks (pelican-ipynb's markup
    mode: `X.ipynb` with its header in `X.ipynb-meta`) were neither imported
    nor named in the report. Each is a story: its header from the
    .ipynb-meta file (or, without one, from the notebook's metadata, as the
    plugin reads it), its text the notebook as the `{% notebook %}` tag
    shows one, its pictures beside it. One with no title anywhere is
    skipped and said; without the plugin, Pelican read none, and the
    report says so."""
    notebook = _notebook([_markdown("## Hello\nSome *notebook* text, see [plain](plain.html)."),
                          _code("print(1+1)", {"name": "stdout", "output_type": "stream", "text": ["2\n"]}),
                          _code("plot()", {"output_type": "display_data", "metadata": {}, "data": {"image/png": _PNG}})],
                         kernelspec={"language": "python", "name": "python3"})
    files = {
        "pelicanconf.py": "PATH = 'content'\nTIMEZONE = 'UTC'\nMARKUP = ('md', 'ipynb')\nPLUGINS = ['ipynb.markup']\n",
        "content/plain.md": "Title: Plain\nDate: 2017-12-01\nCategory: Data\n\nText.\n",
        "content/nb.ipynb": notebook,
        "content/nb.ipynb-meta": "Title: A notebook post\nDate: 2017-12-07 11:50\nCategory: Data\nSlug: notebook-post\n",
        "content/own.ipynb": _notebook([_markdown("Its own header.")], Title="Own metadata", Date="2018-01-02", Category="Data"),
        "content/untitled.ipynb": _notebook([_markdown("No title.")])}
    source = write_tree(tmp_path / "src", files)
    site = _site(tmp_path)
    report = _import(source, site)
    front, body = front_matter(site / "content" / "data" / "2017-12-07-notebook-post.md")
    assert front["title"] == "A notebook post" and front["aliases"] == ["/notebook-post.html"], front
    assert "## Hello {#Hello}" in body and "```python\nprint(1+1)\n```" in body and "[plain](2017-12-01-plain.md)" in body, body
    assert "![](2017-12-07-notebook-post/nb_2_0.png)" in body
    assert (site / "content" / "data" / "2017-12-07-notebook-post" / "nb_2_0.png").is_file()
    assert front_matter(site / "content" / "data" / "2018-01-02-own-metadata.md")[0]["title"] == "Own metadata"
    assert [rel for rel, _ in report.skipped] == ["untitled.ipynb"], report.skipped
    SiteBuilder(load_config(site)).build(BuildMode(now=NOW))

    files["pelicanconf.py"] = "PATH = 'content'\nTIMEZONE = 'UTC'\n"
    source = write_tree(tmp_path / "without", files)
    report = _import(source, _site(tmp_path / "other"))
    assert report.stories() == 1 and [rel for rel, _ in report.skipped] == ["nb.ipynb"], report.skipped
    assert "ipynb.markup" in report.skipped[0][1]
