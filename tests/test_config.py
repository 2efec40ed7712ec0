"""site.toml: validated once, every problem reported by key, with its line."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.config import DEFAULT_PERMALINK, load_config
from generator.errors import ConfigError

from .conftest import DEFAULT_CONFIG, messages, story


def config_error(root: Path, **kwargs) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(root, **kwargs)
    return caught.value


def write_config(tmp_path: Path, text: str) -> Path:
    (tmp_path / "content").mkdir(exist_ok=True)
    (tmp_path / "site.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_the_default_test_config_loads(tmp_path):
    config = load_config(write_config(tmp_path, DEFAULT_CONFIG))
    assert config.title == "The Test Gazette"
    assert config.base_url == "https://example.org/news/"
    assert config.base_path == "/news/"
    assert config.timezone == ZoneInfo("Europe/Berlin")


def test_unknown_key_suggests_the_known_one(tmp_path):
    root = write_config(tmp_path, 'title = "Gazette"\nbase_url = "https://example.org/"\ntimzone = "Europe/Berlin"\n')
    failed = config_error(root)
    [problem] = failed.diagnostics
    assert problem.path == "site.toml" and problem.line == 3
    assert "timzone" in problem.message and "did you mean 'timezone'" in problem.message


def test_misspelt_title_suggests_title(tmp_path):
    root = write_config(tmp_path, 'titel = "Gazette"\nbase_url = "https://example.org/"\n')
    failed = config_error(root)
    assert any("titel" in m and "did you mean 'title'" in m for m in messages(failed)), messages(failed)
    # The missing title is reported too, in the same error.
    assert any(d.message.startswith("title:") for d in failed.diagnostics), messages(failed)


def test_unknown_key_in_a_table_suggests_the_known_one(tmp_path):
    root = write_config(tmp_path, 'title = "Gazette"\nbase_url = "https://example.org/"\n\n[sections.world]\ntitle = "World"\nordre = 1\n')
    failed = config_error(root)
    [problem] = failed.diagnostics
    assert "sections.world.ordre" in problem.message and "did you mean 'order'" in problem.message
    assert problem.line == 6


@pytest.mark.parametrize(
    "line, key",
    [
        ('page_size = "ten"', "page_size"),
        ("page_size = true", "page_size"),
        ("title = 3", "title"),
        ("timezone = 1", "timezone"),
        ('publisher = "The Gazette"', "publisher"),
        ("language = [\"en\"]", "language"),
    ],
)
def test_wrong_type_is_named_by_key(tmp_path, line, key):
    text = 'title = "Gazette"\nbase_url = "https://example.org/"\n'
    text = "\n".join(l for l in text.splitlines() if not l.startswith(key + " ")) + "\n" + line + "\n"
    root = write_config(tmp_path, text)
    failed = config_error(root)
    hits = [d for d in failed.diagnostics if d.message.startswith(f"{key}:")]
    assert hits, messages(failed)
    assert hits[0].line == text.splitlines().index(line) + 1


def test_bad_timezone(tmp_path):
    root = write_config(tmp_path, 'title = "Gazette"\nbase_url = "https://example.org/"\ntimezone = "Mars/Olympus_Mons"\n')
    [problem] = config_error(root).diagnostics
    assert problem.message.startswith("timezone:") and "Mars/Olympus_Mons" in problem.message
    assert problem.line == 3


@pytest.mark.parametrize("url", ["example.org/news/", "/news/", "ftp://example.org/", "https://", "https://example.org/?page=1"])
def test_base_url_must_be_absolute_http(tmp_path, url):
    root = write_config(tmp_path, f'title = "Gazette"\nbase_url = "{url}"\n')
    [problem] = config_error(root).diagnostics
    assert problem.message.startswith("base_url:") and problem.line == 2


def test_base_url_gets_a_trailing_slash(tmp_path):
    root = write_config(tmp_path, 'title = "Gazette"\nbase_url = "https://example.org/news"\n')
    assert load_config(root).base_url == "https://example.org/news/"


@pytest.mark.parametrize("pattern", ["/{section}/{year}/", "/{section}/{title}/", "{section}/{slug}", "/../{slug}/"])
def test_bad_permalink(tmp_path, pattern):
    root = write_config(tmp_path, f'title = "Gazette"\nbase_url = "https://example.org/"\npermalink = "{pattern}"\n')
    failed = config_error(root)
    assert all(d.message.startswith("permalink:") and d.line == 3 for d in failed.diagnostics), messages(failed)


def test_permalink_without_slug_says_so(tmp_path):
    root = write_config(tmp_path, 'title = "Gazette"\nbase_url = "https://example.org/"\npermalink = "/{section}/{year}/{month}/"\n')
    [problem] = config_error(root).diagnostics
    assert "{slug}" in problem.message


def test_several_problems_are_reported_at_once(tmp_path):
    root = write_config(tmp_path, 'title = "Gazette"\nbase_url = "example.org"\ntimezone = "Nowhere"\npage_size = 0\n')
    failed = config_error(root)
    keys = sorted(d.message.split(":")[0] for d in failed.diagnostics)
    assert keys == ["base_url", "page_size", "timezone"]


@pytest.mark.parametrize("where", ["content", "content/out", "."])
def test_output_dir_overlapping_content_is_refused(tmp_path, where):
    root = write_config(tmp_path, DEFAULT_CONFIG)
    failed = config_error(root, output_dir=root / where)
    # Given on the command line (--output), it is said of the option, not of site.toml's output_dir.
    assert any(d.path == "--output" and "overlaps the content folder" in d.message for d in failed.diagnostics), messages(failed)


def test_output_dir_in_site_toml_inside_content_is_refused(tmp_path):
    root = write_config(tmp_path, DEFAULT_CONFIG + 'output_dir = "content/public"\n')
    [problem] = config_error(root).diagnostics
    assert problem.message.startswith("output_dir:") and problem.line == 4


def test_output_dir_in_site_toml_is_used(tmp_path):
    root = write_config(tmp_path, DEFAULT_CONFIG + 'output_dir = "public"\n')
    assert load_config(root).output_dir == (root / "public").resolve()


def test_missing_site_toml(tmp_path):
    failed = config_error(tmp_path)
    assert "site.toml" in str(failed)


def test_invalid_toml_reports_its_line(tmp_path):
    root = write_config(tmp_path, 'title = "Gazette"\nbase_url = "https://example.org/"\npage_size = \n')
    [problem] = config_error(root).diagnostics
    assert problem.path == "site.toml" and problem.line == 3


def test_defaults_with_only_title_and_base_url(site):
    s = site({"content/world/a.md": story()}, config='title = "Gazette"\nbase_url = "https://example.org/"\n')
    config = s.config()
    assert config.timezone == ZoneInfo("UTC")
    assert config.page_size == 10
    assert config.language == "en"
    assert config.permalink == DEFAULT_PERMALINK
    assert config.link_style == "directory"
    assert config.publisher.name == "Gazette"
    s.build()
    # 10:00 UTC: the date is read in the default time zone.
    assert 'datetime="2022-12-09T10:00:00+00:00"' in s.read("world/2022/12/09/a/index.html")
    assert '<html lang="en" dir="ltr">' in s.read("index.html")


def test_sections_are_ordered_and_titled(site):
    config = (
        'title = "Gazette"\nbase_url = "https://example.org/"\n'
        '[sections.world]\ntitle = "World news"\norder = 2\n'
        '[sections.politics]\ntitle = "Politics"\norder = 1\n'
    )
    s = site({"content/world/a.md": story()}, config=config)
    assert [sec.slug for sec in s.config().sections] == ["politics", "world"]
    s.build()
    masthead = s.read("index.html").split('<nav class="sections"', 1)[1].split("</nav>", 1)[0]
    assert masthead.index("Politics") < masthead.index("World news")


# ---- did you mean ------------------------------------------------------------

def test_a_misspelt_time_zone_suggests_the_real_one(tmp_path):
    root = write_config(tmp_path, 'title = "Gazette"\nbase_url = "https://example.org/"\ntimezone = "Europe/Berln"\n')
    [problem] = config_error(root).diagnostics
    assert (problem.line, problem.message) == (3, "timezone: 'Europe/Berln' is not an IANA time zone name; did you mean 'Europe/Berlin'?")


@pytest.mark.parametrize("written,meant,line", [
    ('description = "News from the valley"', "tagline", 3),
    ('[categories.world]\ntitle = "World"', "sections", 3),
    ('baseURL = "https://example.org/"', "base_url", 3),
    ("paginate = 20", "page_size", 3),
])
def test_another_generators_key_suggests_newsgens(tmp_path, written, meant, line):
    root = write_config(tmp_path, f'title = "Gazette"\nbase_url = "https://example.org/"\n{written}\n')
    [problem] = config_error(root).diagnostics
    assert problem.line == line and f"did you mean {meant!r}?" in problem.message


@pytest.mark.parametrize("found,command", [("hugo.toml", "--from hugo"), ("config.toml", "--from hugo"), ("_config.yml", "--from jekyll")])
def test_a_folder_of_another_generators_site_says_how_to_import_it(tmp_path, found, command):
    (tmp_path / found).write_text("title = 'x'\n")
    [problem] = config_error(tmp_path).diagnostics
    assert f"{found} is here" in problem.message and f"newsgen import {command} {tmp_path.resolve()}" in problem.message


def test_a_date_with_no_such_day_says_so(site):
    s = site({"content/world/a.md": story(date="2026-02-30")})
    [problem] = s.build_fails().diagnostics
    assert str(problem) == "content/world/a.md:3: 'date': '2026-02-30': there is no such day; February 2026 has 28 days"


def test_the_markdown_table_sets_how_stories_read(tmp_path):
    root = write_config(tmp_path, DEFAULT_CONFIG + '\n[markdown]\nheading_ids = "python-markdown"\nsmart_punctuation = false\n'
                                                   'indented_code = false\nsyntax = "python-markdown"\n')
    settings = load_config(root).markdown
    assert (settings.heading_ids, settings.smart_punctuation, settings.indented_code, settings.syntax) == (
        "python-markdown", False, False, "python-markdown")


def test_without_a_markdown_table_stories_read_as_before(tmp_path):
    settings = load_config(write_config(tmp_path, DEFAULT_CONFIG)).markdown
    assert (settings.heading_ids, settings.smart_punctuation, settings.indented_code, settings.syntax) == ("github", True, True, "commonmark")


@pytest.mark.parametrize("written, key, said", [
    ('heading_ids = "pelican"', "markdown.heading_ids", "use one of github, python-markdown"),
    ('smart_punctuation = "no"', "markdown.smart_punctuation", "must be true or false"),
    ("indented_code = 0", "markdown.indented_code", "must be true or false"),
    ("typographer = false", "markdown.typographer", "did you mean 'smart_punctuation'"),
    ('syntax = "gfm"', "markdown.syntax", "use one of commonmark, python-markdown"),
    ('dialect = "commonmark"', "markdown.dialect", "did you mean 'syntax'"),
])
def test_a_wrong_markdown_setting_is_named_with_its_line(tmp_path, written, key, said):
    root = write_config(tmp_path, DEFAULT_CONFIG + f"\n[markdown]\n{written}\n")
    [problem] = config_error(root).diagnostics
    assert problem.path == "site.toml" and problem.message.startswith(key + ":") and said in problem.message, problem
    assert problem.line == len(DEFAULT_CONFIG.splitlines()) + 3


def test_markdown_must_be_a_table(tmp_path):
    [problem] = config_error(write_config(tmp_path, 'markdown = "commonmark"\n' + DEFAULT_CONFIG)).diagnostics
    assert problem.message.startswith("markdown: must be a table"), problem
