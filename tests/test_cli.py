"""The command line: `newsgen build`, `new`, `init`, `import`, --version and --help."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from generator import __version__
from generator.build import build_site
from generator.cli import main
from generator.config import load_config
from generator.content.model import BuildMode
from generator.slugs import slugify

from .conftest import DEFAULT_CONFIG, NOW, elements, front_matter, story

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_8fb5cf2d8199da8f.txt"
SEED_TITLE = "Deployment on border with Ukraine: Kremlin sends troops to joint forces with Belarus"
SEED_STANDFIRST = (
    "Should Ukraine fear another escalation? Kremlin boss Vladimir Putin and Belarus’s ruler Lukashenko "
    "want to form a joint force and station it on the Belarusian border with Ukraine. Now the first "
    "Russian players are coming to Belarus."
)


def printed_path(out: str) -> Path:
    lines = out.strip().splitlines()
    assert len(lines) == 1, out
    return Path(lines[0]).resolve()


# ---- build -------------------------------------------------------------------

def test_build_returns_0_and_prints_one_summary_line(site, capsys):
    s = site({"content/world/a.md": story(), "content/world/b.md": story(title="Other", date="2022-12-08")})
    status = main(["build", "--site", str(s.root), "--output", str(s.output), "--now", NOW.isoformat()])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    lines = captured.out.splitlines()
    assert len(lines) == 1, captured.out
    assert re.search(r"\b2 stories\b", lines[0]), lines[0]
    assert captured.err == ""
    assert s.exists("world/2022/12/09/a/index.html")


def test_the_summary_counts_files_removed_apart_from_those_written(site, capsys):
    """A build that removed files said "67 files (73 changed)": more changed
    than the site has, the removed ones counted among the changed. It says
    them apart: "(N changed, M removed)", each no more than it can be."""
    s = site({"content/world/a.md": story(), "content/world/b.md": story(title="Other", date="2022-12-08")})
    argv = ["build", "--site", str(s.root), "--output", str(s.output), "--now", NOW.isoformat()]
    assert main(argv) == 0
    capsys.readouterr()
    (s.root / "content/world/b.md").unlink()
    assert main(argv) == 0
    line = capsys.readouterr().out.splitlines()[0]
    found = re.search(r"(\d+) files \((\d+) changed, (\d+) removed\)", line)
    assert found, line
    files, changed, removed = map(int, found.groups())
    assert 0 < changed <= files and removed >= 1 and not s.exists("world/2022/12/08/b/index.html")


def test_build_uses_output_dir_of_the_site_by_default(site, capsys):
    s = site({"content/world/a.md": story()})
    assert main(["build", "--site", str(s.root), "--now", NOW.isoformat()]) == 0
    assert (s.root / "output" / "world/2022/12/09/a/index.html").is_file()


def test_build_now_without_offset_is_in_the_site_time_zone(site, capsys):
    # 18:30 Berlin is 17:30 UTC: a story at 17:45 UTC is still scheduled.
    s = site({"content/world/a.md": story(date="2022-12-12T17:45:00+00:00")})
    assert main(["build", "--site", str(s.root), "--output", str(s.output), "--now", "2022-12-12T18:30:00"]) == 0
    assert not s.exists("world/2022/12/12/a/index.html")
    assert main(["build", "--site", str(s.root), "--output", str(s.output), "--now", "2022-12-12T18:45:00"]) == 0
    assert s.exists("world/2022/12/12/a/index.html")


@pytest.mark.parametrize("flag, page", [("--drafts", "world/2022/12/10/d/index.html"), ("--future", "world/2022/12/24/f/index.html")])
def test_build_drafts_and_future_flags(site, capsys, flag, page):
    s = site({
        "content/world/d.md": story(title="Draft", date="2022-12-10", draft="true"),
        "content/world/f.md": story(title="Future", date="2022-12-24"),
    })
    args = ["build", "--site", str(s.root), "--output", str(s.output), "--now", NOW.isoformat()]
    assert main(args) == 0
    assert not s.exists(page)
    assert main(args + [flag]) == 0
    assert s.exists(page)


def test_build_with_a_bad_now_fails(site, capsys):
    s = site({"content/world/a.md": story()})
    assert main(["build", "--site", str(s.root), "--output", str(s.output), "--now", "tomorrow"]) == 1
    assert "--now" in capsys.readouterr().err
    assert not s.output.exists()


def test_build_with_a_bad_config_fails_with_its_message(site, capsys):
    s = site({"content/world/a.md": story()}, config='titel = "G"\nbase_url = "https://example.org/"\n')
    assert main(["build", "--site", str(s.root), "--output", str(s.output), "--now", NOW.isoformat()]) == 1
    err = capsys.readouterr().err
    assert "site.toml:1: " in err and "did you mean 'title'" in err


def test_build_without_a_site_fails(tmp_path, capsys):
    assert main(["build", "--site", str(tmp_path), "--now", NOW.isoformat()]) == 1
    assert "site.toml" in capsys.readouterr().err


def test_python_dash_m_generator_works():
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, "-m", "generator", "--version"], cwd=root, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"newsgen {__version__}"


# The pipeline's stages and the libraries they use, and a newsgen process
# that says which of them it imported.
_STAGES = ("generator.content.parse", "generator.content.catalog", "generator.plan", "generator.render",
           "generator.images", "generator.search", "generator.workers", "jinja2", "markdown", "yaml")
_IMPORTS_SAID = f"""import sys
from generator.cli import main
status = main(sys.argv[1:])
print(*(name for name in {_STAGES!r} if name in sys.modules), sep=",")
sys.exit(status)
"""


def test_a_build_with_nothing_to_do_imports_none_of_the_stages(site):
    """The most frequent build, the one that finds nothing changed, loads
    only what tells it so: a third of its process's time was importing
    the stages it then did not run."""
    s = site({"content/world/a.md": story()})
    for path in (s.root / "site.toml", s.root / "content/world/a.md"):  # written an hour ago: their stat is trusted
        os.utime(path, (path.stat().st_atime - 3600, path.stat().st_mtime - 3600))
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    command = [sys.executable, "-c", _IMPORTS_SAID, "build", "--site", str(s.root), "--now", NOW.isoformat()]

    first = subprocess.run(command, cwd=s.root, env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[-1].split(",") == list(_STAGES)  # a build with work imports them all
    again = subprocess.run(command, cwd=s.root, env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert "(0 rendered)" in again.stdout, again.stdout
    assert again.stdout.splitlines()[-1] == "", again.stdout


# ---- --version and --help ----------------------------------------------------------

def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.strip() == f"newsgen {__version__}"
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", __version__)


@pytest.mark.parametrize("command", ["build", "new", "init", "import"])
def test_help_for_each_command(capsys, command):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: newsgen {command}")


def test_serve_help_names_every_file_it_watches(capsys):
    """The README says serve watches urls.toml too (a [moved] line shows at
    once), and so it does; its --help named content/, layouts/, static/ and
    site.toml only."""
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    said = " ".join(capsys.readouterr().out.split())
    assert all(name in said for name in ("content/", "layouts/", "static/", "site.toml", "urls.toml")), said


def test_top_level_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for command in ("build", "new", "init", "import"):
        assert command in out


def test_no_command_is_a_usage_error(capsys):
    assert main([]) != 0


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["publish"])
    assert exit_.value.code == 2


# ---- new ------------------------------------------------------------------------------

def test_new_creates_a_dated_article_and_prints_its_path(site, capsys):
    s = site()
    status = main(["new", "Troops arrive at the border", "--section", "world", "--site", str(s.root), "--now", "2022-12-09T10:30:00+01:00"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    expected = s.root / "content" / "world" / "2022-12-09-troops-arrive-at-the-border.md"
    assert expected.is_file()
    assert printed_path(captured.out) == expected.resolve()
    front, _ = front_matter(expected)
    assert front["title"] == "Troops arrive at the border"
    when = front["date"]
    when = datetime.fromisoformat(when) if isinstance(when, str) else when
    assert when == datetime(2022, 12, 9, 10, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    # The new file is a valid article: the site builds with it.
    s.build(drafts=True, future=True)
    assert s.exists("world/2022/12/09/troops-arrive-at-the-border/index.html")


def test_new_uses_the_local_date_in_the_file_name(site, capsys):
    s = site()
    # 23:30 in New York on the 9th is the 10th in Berlin.
    assert main(["new", "Late story", "--section", "world", "--site", str(s.root), "--now", "2022-12-09T23:30:00-05:00"]) == 0
    assert (s.root / "content/world/2022-12-10-late-story.md").is_file()


def test_new_with_authors(site, capsys):
    s = site()
    assert main(["new", "Two bylines", "--section", "world", "--author", "Marta Lindqvist", "--author", "Tomas Keller", "--site", str(s.root), "--now", "2022-12-09T10:30:00"]) == 0
    path = printed_path(capsys.readouterr().out)
    front, _ = front_matter(path)
    assert front.get("authors") == ["Marta Lindqvist", "Tomas Keller"]
    s.build(drafts=True)


def test_new_refuses_to_overwrite(site, capsys):
    s = site()
    args = ["new", "Troops arrive", "--section", "world", "--site", str(s.root), "--now", "2022-12-09T10:30:00+01:00"]
    assert main(args) == 0
    path = s.root / "content/world/2022-12-09-troops-arrive.md"
    path.write_text(path.read_text() + "\nThe writer's own words.\n")
    before = path.read_bytes()
    capsys.readouterr()
    assert main(args) == 1
    captured = capsys.readouterr()
    assert "exists" in captured.err
    assert captured.out == ""
    assert path.read_bytes() == before


# ---- init ------------------------------------------------------------------------------

def test_init_creates_a_site_that_builds(tmp_path, capsys):
    target = tmp_path / "my-paper"
    status = main(["init", str(target)])
    assert status == 0, capsys.readouterr().err
    assert (target / "site.toml").is_file()
    config = load_config(target, output_dir=tmp_path / "out")
    result = build_site(config, BuildMode(now=datetime.now().astimezone()))
    assert result.articles >= 1
    # Its sections without a story yet have no "Older" link to a page that is not there, nor any other fault.
    assert not result.warnings, [w.message for w in result.warnings]
    assert (tmp_path / "out" / "index.html").is_file()
    # Its own neutral logo, a raster Google accepts, and nothing of the sample's raven.
    front = (tmp_path / "out" / "index.html").read_text()
    logo = next(d["logo"] for d in map(json.loads, re.findall(r'<script type="application/ld\+json">(.*?)</script>', front, re.S))
                if "logo" in d)
    assert (logo["width"], logo["height"]) == (512, 512) and logo["url"].endswith("/static/logo.png")
    published = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert not [p for p in published if b"raven" in p.read_bytes().lower()]
    # The first story has a photo (made in every width, with its social card),
    # so the front page a new user sees is not all text.
    welcome = next(p for p in published if p.name.endswith("-welcome-card.jpg"))
    with Image.open(welcome) as card:
        assert (card.format, card.size) == ("JPEG", (1200, 630))
    lead = next(e for e in elements(front, "img") if "welcome" in e.attrs.get("src", ""))
    assert lead.attrs["alt"] and "1600w" in lead.attrs["srcset"]
    # It opens from disk, as its welcome story says: links name the index.html they lead to.
    story_link = next(e.attrs["href"] for e in elements(front, "a") if "welcome" in e.attrs.get("href", ""))
    assert story_link.endswith("/index.html") and (tmp_path / "out" / story_link).is_file()
    # ...and with the command line, into its own output/.
    capsys.readouterr()
    assert main(["build", "--site", str(target)]) == 0
    assert (target / "output" / "index.html").is_file()


def test_init_says_how_to_override_the_theme_with_the_commands_that_do_it(tmp_path, capsys):
    """The layouts/README.txt init wrote told a new user to copy a template
    from generator/theme/layouts/, a folder inside newsgen's package that a
    pip-installed newsgen hides in site-packages, and `init --help` said it
    created the site "with the default theme", which it never copies (the
    theme ships in the package). Both now say what is true, and the readme
    the commands that list and copy the theme's files."""
    target = tmp_path / "paper"
    assert main(["init", str(target)]) == 0
    readme = (target / "layouts" / "README.txt").read_text(encoding="utf-8")
    assert "newsgen theme list" in readme and "newsgen theme copy" in readme and "generator/" not in readme
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["init", "--help"])
    said = " ".join(capsys.readouterr().out.split())
    assert "and the default theme" not in said and "sample story" in said and "newsgen theme copy" in said


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    target = tmp_path / "existing"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    assert main(["init", str(target)]) == 1
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]
    assert (target / "notes.txt").read_text() == "mine"


def test_new_works_in_an_initialised_site(tmp_path, capsys):
    target = tmp_path / "paper"
    assert main(["init", str(target)]) == 0
    assert main(["new", "Council approves bridge", "--section", "news", "--site", str(target), "--now", "2022-12-09T10:00:00"]) == 0
    assert (target / "content/news/2022-12-09-council-approves-bridge.md").is_file()


# ---- import ------------------------------------------------------------------------------

def test_import_creates_an_article_from_the_seed(site, capsys):
    s = site()
    status = main(["import", str(SEED), "--site", str(s.root)])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    expected = s.root / "content" / "world" / f"{slugify(SEED_TITLE)}.md"
    assert expected.is_file(), sorted(p.relative_to(s.root).as_posix() for p in (s.root / "content").rglob("*"))
    assert printed_path(captured.out) == expected.resolve()

    front, body = front_matter(expected)
    assert front["title"] == SEED_TITLE
    assert str(front["date"])[:10] == "2022-12-09"
    if isinstance(front["date"], (date, datetime)):
        assert front["date"] == date(2022, 12, 9) or front["date"].date() == date(2022, 12, 9)
    assert front["section"] == "world"
    assert front["summary"] == SEED_STANDFIRST
    lines = body.splitlines()
    assert "## Deployment binds Ukrainian forces" in lines
    assert any(line.startswith("Russia has sent the first soldiers") for line in lines)
    assert SEED_STANDFIRST not in body  # the standfirst is the summary, not a paragraph
    assert SEED_TITLE not in body


def test_imported_article_builds(site, capsys):
    s = site()
    assert main(["import", str(SEED), "--site", str(s.root)]) == 0
    s.build()
    page = s.read(f"world/2022/12/09/{slugify(SEED_TITLE)}/index.html")
    assert "<h2" in page and "Deployment binds Ukrainian forces" in page
    assert SEED_STANDFIRST.replace("’", "&rsquo;") in page or SEED_STANDFIRST in page


def test_import_twice_refuses_to_overwrite(site, capsys):
    s = site()
    assert main(["import", str(SEED), "--site", str(s.root)]) == 0
    path = s.root / "content" / "world" / f"{slugify(SEED_TITLE)}.md"
    path.write_text(path.read_text() + "\nAn editor's addition.\n")
    before = path.read_bytes()
    capsys.readouterr()
    assert main(["import", str(SEED), "--site", str(s.root)]) == 1
    captured = capsys.readouterr()
    assert "exists" in captured.err
    assert path.read_bytes() == before
    assert len(list((s.root / "content").rglob("*.md"))) == 1


def test_import_of_a_missing_file_fails(site, capsys):
    s = site()
    assert main(["import", str(s.root / "nothere.txt"), "--site", str(s.root)]) == 1
    assert "nothere.txt" in capsys.readouterr().err


def test_build_profile_names_stages_and_templates(tmp_path, capsys):
    """--profile says where the time went: per stage, and per template, slowest first."""
    from generator.cli import main as cli_main

    site_dir = tmp_path / "profiled"
    assert cli_main(["init", str(site_dir)]) == 0
    capsys.readouterr()
    assert cli_main(["build", "--site", str(site_dir), "--now", "2030-01-01T00:00:00Z", "--profile"]) == 0
    out = capsys.readouterr().out
    assert "where the time went" in out
    for stage in ("discover", "parse (or reuse) sources", "plan", "render (wall clock)"):
        assert stage in out
    rows = [line.split() for line in out.splitlines() if line.strip().startswith(("base.html", "article.html", "partials/"))]
    assert {row[0] for row in rows} >= {"base.html", "article.html", "partials/footer.html"}
    totals = [float(row[2]) for row in rows]
    assert totals == sorted(totals, reverse=True)


FIXTURES = Path(__file__).parent / "fixtures" / "import"


@pytest.mark.parametrize("kind, source", [("jekyll", "jekyll-site"), ("hugo", "hugo-site"),
                                          ("wordpress", "wordpress/themeunittestdata.wordpress.xml")])
def test_import_from_another_generator_reports_and_runs_again_writing_nothing(tmp_path, capsys, kind, source):
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    (site_dir / "site.toml").write_text('title = "T"\nbase_url = "https://example.org/"\n', encoding="utf-8")
    argv = ["import", "--from", kind, str(FIXTURES / source), "--site", str(site_dir)]
    assert main(argv) == 0
    first = capsys.readouterr().out
    written = sorted(p.relative_to(site_dir) for p in (site_dir / "content").rglob("*.md"))
    stories = re.search(r"(\d+) stor(?:y|ies)", first)
    assert stories and int(stories.group(1)) > 10, first
    assert written, first
    # Settings (the Hugo site's two languages) go into site.toml before the first build records any URL.
    assert ("set in site.toml" in first) == ("next: add the site.toml lines above, then newsgen build" in first), first
    assert kind != "hugo" or "[languages." in first
    # Again: every file is already there and left as it was.
    before = {p: p.stat().st_mtime_ns for p in (site_dir / "content").rglob("*") if p.is_file()}
    assert main(argv) == 0
    again = capsys.readouterr().out
    assert "nothing new" in again and f"{len(written)} already in content/" in again, again
    assert {p: p.stat().st_mtime_ns for p in (site_dir / "content").rglob("*") if p.is_file()} == before


def test_import_from_a_missing_source_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "site.toml").write_text('title = "T"\nbase_url = "https://example.org/"\n', encoding="utf-8")
    assert main(["import", "--from", "hugo", str(tmp_path / "nowhere"), "--site", str(tmp_path)]) == 1
    assert "nowhere: no such file or folder" in capsys.readouterr().err


def test_import_uploads_that_is_no_folder_or_not_for_wordpress_is_a_clear_error(tmp_path, capsys):
    """`--uploads` naming no folder (a typo) imported every picture as a link to
    the old WordPress server, and said nothing; given with another --from, it
    was ignored unsaid. Both are errors naming the option, before any file is
    written."""
    (tmp_path / "site.toml").write_text('title = "T"\nbase_url = "https://example.org/"\n', encoding="utf-8")
    export = str(FIXTURES / "wordpress" / "themeunittestdata.wordpress.xml")
    assert main(["import", "--from", "wordpress", export, "--uploads", str(tmp_path / "uplaods"), "--site", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "--uploads" in err and "uplaods: no such folder" in err and "wp-content/uploads" in err, err
    (tmp_path / "uploads").mkdir()
    assert main(["import", "--from", "hugo", str(FIXTURES / "hugo-site"), "--uploads", str(tmp_path / "uploads"),
                 "--site", str(tmp_path)]) == 1
    assert "--uploads is for --from wordpress" in capsys.readouterr().err
    assert not (tmp_path / "content").exists()


@pytest.mark.parametrize("kind", ["hugo", "eleventy", "pelican"])
def test_import_from_the_wrong_generator_names_the_one_the_folder_is_for(tmp_path, capsys, kind):
    """`--from hugo` (or eleventy, pelican) given a Jekyll site's folder, its
    _config.yml beside the posts, imported what it could read as that other
    generator's (brew.sh's 45 posts as Pelican stories, go-gitea's Hugo posts
    as 40 Jekyll pages) and said nothing of the mix-up. A folder holding
    another generator's config and none of the chosen one's is an error
    naming the --from to give, before any file is written; a folder given to
    --from wordpress, which reads an export file, is one too."""
    (tmp_path / "site.toml").write_text('title = "T"\nbase_url = "https://example.org/"\n', encoding="utf-8")
    source = str(FIXTURES / "jekyll-site")
    assert main(["import", "--from", kind, source, "--site", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "_config.yml" in err and "Jekyll" in err and "--from jekyll" in err, err
    assert not (tmp_path / "content").exists()
    assert main(["import", "--from", "wordpress", source, "--site", str(tmp_path)]) == 1
    assert "export file" in capsys.readouterr().err
    # A Hugo site whose config is split under config/_default/ is Hugo's, whatever a stray _config.yml says.
    hugo = tmp_path / "hugo"
    shutil.copytree(FIXTURES / "hugo-site", hugo)
    (hugo / "_config.yml").write_text("theme: jekyll-theme-minimal\n", encoding="utf-8")
    assert main(["import", "--from", kind, str(hugo), "--site", str(tmp_path)]) == (0 if kind == "hugo" else 1)


@pytest.mark.parametrize("kind, files", [
    # A Hugo site's config.yml (or hugo.json), names Hugo reads that the list of configs does not give.
    ("hugo", {"config.yml": "title: News\n", "_config.yml": "theme: jekyll-theme-minimal\n"}),
    ("hugo", {"hugo.json": '{"title": "News"}', "_config.yml": "theme: jekyll-theme-minimal\n"}),
    # Its config only for an environment: config/production/, no config/_default/.
    ("hugo", {"config/production/hugo.toml": 'title = "News"\n', "_config.yml": "theme: jekyll-theme-minimal\n"}),
    # An Eleventy site with no config of its own (Eleventy needs none): its package.json runs Eleventy.
    ("eleventy", {"package.json": '{"devDependencies": {"@11ty/eleventy": "^3.0.0"}}', "_config.yml": "exclude: [x]\n"}),
    # A Jekyll site whose config is _config.yaml, beside a config.toml of another tool's.
    ("jekyll", {"_config.yaml": "title: News\n", "config.toml": "[tool]\n"}),
])
def test_import_from_a_generator_whose_own_config_is_there_is_not_refused_for_another_s(tmp_path, capsys, kind, files):
    """A folder holding another generator's config and none of the chosen
    one's is refused; but the chosen one's config was looked for only by the
    names of that list: a Hugo site's config.yml, its config/production/, an
    Eleventy site's package.json, a Jekyll site's _config.yaml, each beside a
    stray _config.yml or config.toml, were refused as another generator's."""
    (tmp_path / "site.toml").write_text('title = "T"\nbase_url = "https://example.org/"\n', encoding="utf-8")
    source = tmp_path / "old"
    posts = "content/posts" if kind == "hugo" else "_posts" if kind == "jekyll" else "posts"
    for name, text in {**files, f"{posts}/2024-01-02-a-story.md": "---\ntitle: A story\ndate: 2024-01-02\n---\nText.\n"}.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text, encoding="utf-8")
    assert main(["import", "--from", kind, str(source), "--site", str(tmp_path)]) == 0, capsys.readouterr().err
    assert list((tmp_path / "content").rglob("*a-story.md"))


def test_build_says_how_many_stories_it_left_out_and_why(site, capsys):
    s = site({
        "content/world/a.md": story("Published"),
        "content/world/b.md": story("A draft", draft="true"),
        "content/world/c.md": story("Scheduled", date="2030-01-01T10:00:00"),
        "content/world/d.md": story("Expired", expires="2022-12-10T00:00:00"),
        "content/world/e.md": story("Another draft", draft="true"),
    })
    for _ in range(2):  # the second build changes nothing, and says the same
        assert main(["build", "--site", str(s.root), "--now", "2022-12-12T18:00:00"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("built 1 story (2 drafts, 1 expired, 1 scheduled left out), "), out
    assert main(["build", "--site", str(s.root), "--now", "2022-12-12T18:00:00", "--drafts"]) == 0
    assert capsys.readouterr().out.startswith("built 3 stories (1 expired, 1 scheduled left out), ")


def test_new_in_a_section_the_site_does_not_have_says_which_it_has(site, capsys):
    s = site({"site.toml": DEFAULT_CONFIG + '\n[sections.world]\ntitle = "World"\n\n[sections.sport]\ntitle = "Sport"\n',
              "content/business/a.md": story()})
    args = ["new", "Storm damage", "--site", str(s.root), "--now", "2022-12-09T10:30:00+01:00"]
    assert main(args + ["--section", "World News"]) == 1
    err = capsys.readouterr().err
    assert err == ("no section 'world-news' in this site (known: world, sport, business); did you mean --section world? "
                   "to start a new one, add --create-section\n")
    assert not (s.root / "content/world-news").exists()
    # Asked for, the section is started: in site.toml with the title as given, and the story in it.
    assert main(args + ["--section", "World News", "--create-section"]) == 0
    assert capsys.readouterr().out.strip().endswith("content/world-news/2022-12-09-storm-damage.md")
    config = load_config(s.root)
    *others, new = config.sections
    assert (new.slug, new.title) == ("world-news", "World News") and new.order > max(x.order for x in others)


# ---- every command fails in one clear line, never a traceback ---------------------

FAILURES = [
    ["build", "--site", "{empty}"],
    ["build", "--site", "{site}", "--now", "yesterday"],
    ["build", "--site", "{site}", "--output", "/proc/newsgen-output"],
    ["serve", "--site", "{empty}"],
    ["serve", "--site", "{site}", "--host", "192.0.2.1"],
    ["next", "--site", "{site}", "--now", "soon"],
    ["check", "--external", "--site", "{site}"],
    ["new", "Headline", "--section", "news", "--site", "{empty}"],
    ["new", "  ", "--section", "news", "--site", "{site}"],
    ["new", "Headline", "--section", "sport", "--site", "{site}"],
    ["init", "{site}"],
    ["init", "/proc/newsgen-site"],
    ["import", "{tmp}/missing.txt", "--site", "{site}"],
    ["import", "--from", "hugo", "{tmp}/missing", "--site", "{site}"],
    ["import", "--from", "wordpress", "{site}/site.toml", "--site", "{site}"],
    ["import", "--from", "jekyll", "{site}", "{site}", "--site", "{site}"],
]


@pytest.mark.parametrize("command", FAILURES, ids=lambda c: " ".join(c[:3]))
def test_each_failure_is_one_line_and_no_traceback(tmp_path, capsys, command):
    site, empty = tmp_path / "site", tmp_path / "empty"
    empty.mkdir()
    assert main(["init", str(site)]) == 0
    (site / "content/news/extra.md").write_text(story("Extra"), encoding="utf-8")
    capsys.readouterr()
    args = [part.format(site=site, empty=empty, tmp=tmp_path) for part in command]
    assert main(args) not in (0, None)
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err
    # One line; a failed build adds its count ("build failed: 1 error; output/ left as it was").
    assert len(lines) == 1 or (len(lines) == 2 and lines[1].startswith("build failed: ")), err


def test_a_port_that_is_no_port_is_refused_by_the_parser(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--port", "99999"])
    assert exited.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1].endswith("'99999' is not a port: give a number from 1 to 65535 (0: any free port)")


def test_an_unexpected_error_is_one_line_asking_for_a_report(site, capsys, monkeypatch):
    import generator.cli  # noqa: PLC0415

    def broken(args):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(generator.cli, "_run_build", broken)
    s = site({"content/world/a.md": story()})
    assert main(["build", "--site", str(s.root)]) == 70
    assert capsys.readouterr().err == ("newsgen build: internal error (ZeroDivisionError: division by zero); please report it, "
                                       "with the traceback NEWSGEN_TRACEBACK=1 shows\n")
