"""`newsgen theme list`, `theme copy` and `theme reference`: the theme
explained to someone overriding it, and kept true to the templates."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import jinja2.meta
import pytest

from generator.cli import main
from generator.theme_guide import GLOBALS, LAYOUTS, PAGES, SITE, reference, templates

from .conftest import story

REFERENCE_FILE = LAYOUTS.parent / "REFERENCE.md"


def test_theme_list_names_every_template_with_its_purpose(capsys):
    assert main(["theme", "list"]) == 0
    out = capsys.readouterr().out
    names = sorted(p.relative_to(LAYOUTS).as_posix() for p in LAYOUTS.rglob("*.html"))
    assert sorted(name for name, _ in templates()) == names
    for name, purpose in templates():
        assert purpose and purpose[0].isupper(), f"{name} has no purpose comment"
        assert re.search(rf"^{re.escape(name)}\s+{re.escape(purpose)}$", out, re.M)


def test_theme_list_names_the_static_files_theme_copy_takes(site, capsys):
    """`theme copy style.css` answered "`newsgen theme list` names its files
    (... static/style.css ...)", but the list named templates only: a new
    user looking for the stylesheet there found none. It names the theme's
    static files too, as `theme copy` takes them."""
    assert main(["theme", "list"]) == 0
    out = capsys.readouterr().out
    statics = sorted(f"static/{p.name}" for p in (LAYOUTS.parent / "static").iterdir())
    assert "static/style.css" in statics and all(re.search(rf"^{re.escape(name)}\b", out, re.M) for name in statics), out
    s = site({"content/world/a.md": story()})
    assert main(["theme", "copy", "style.css", "--site", str(s.root)]) == 1
    assert "static/style.css" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["theme", "--help"])
    assert "every template and static file" in " ".join(capsys.readouterr().out.split())


def test_theme_copy_puts_the_file_in_the_site_once_and_the_build_uses_it(site, capsys):
    s = site({"content/world/a.md": story()})
    assert main(["theme", "copy", "partials/footer.html", "--site", str(s.root)]) == 0
    copied = s.root / "layouts/partials/footer.html"
    assert copied.read_bytes() == (LAYOUTS / "partials/footer.html").read_bytes()
    copied.write_text(copied.read_text().replace("Built with newsgen", "Printed by the Gazette"), encoding="utf-8")
    s.build()
    assert "Printed by the Gazette" in s.read("index.html")
    capsys.readouterr()
    # Never over the site's own edits; never outside the theme.
    assert main(["theme", "copy", "partials/footer.html", "--site", str(s.root)]) == 1
    assert "already exists" in capsys.readouterr().err
    for name in ("../build.py", "nothing.html", "static/../../render.py"):
        assert main(["theme", "copy", name, "--site", str(s.root)]) == 1
        assert "the theme has no" in capsys.readouterr().err
    assert main(["theme", "copy", "static/style.css", "--site", str(s.root)]) == 0
    assert (s.root / "static/style.css").is_file()


def test_build_profile_names_the_templates_the_site_replaces(site, capsys):
    s = site({"content/world/a.md": story(), "layouts/partials/footer.html": "<footer>ours</footer>\n",
              "layouts/extra.html": "not the theme's\n"})
    assert main(["build", "--site", str(s.root), "--output", str(s.output), "--profile"]) == 0
    assert "the site's layouts/ replaces 1 of the theme's templates: partials/footer.html" in capsys.readouterr().out


def test_the_reference_file_is_what_newsgen_theme_reference_prints(capsys):
    assert main(["theme", "reference"]) == 0
    assert capsys.readouterr().out == REFERENCE_FILE.read_text(encoding="utf-8"), \
        "generator/theme/REFERENCE.md is stale: newsgen theme reference > generator/theme/REFERENCE.md"


def test_every_variable_the_theme_uses_is_in_the_reference():
    """What a template reads must be documented: the names given to pages,
    or a partial's parameters, which its own comment names in backticks."""
    documented = {name.split("(")[0] for name in GLOBALS} | {name for variables in PAGES.values() for name in variables}
    parameters = set()
    for path in (LAYOUTS / "partials").glob("*.html"):
        comment = re.search(r"\{#-?(.*?)-?#\}", path.read_text(encoding="utf-8"), re.S)
        parameters |= set(re.findall(r"`(\w+)`", comment.group(1) if comment else ""))
    env = jinja2.Environment()
    missing = {}
    for path in LAYOUTS.rglob("*.html"):
        used = jinja2.meta.find_undeclared_variables(env.parse(path.read_text(encoding="utf-8")))
        if unknown := used - documented - parameters:
            missing[path.name] = sorted(unknown)
    assert missing == {}


def test_the_reference_covers_every_site_key():
    from generator.render import Renderer  # noqa: PLC0415

    source = Path(__import__("inspect").getsourcefile(Renderer)).read_text(encoding="utf-8")
    body = source[source.index("def _site_view"):source.index("# -- view models --")]
    assert set(re.findall(r'^\s+"(\w+)":', body, re.M)) == set(SITE)
    assert "## ArticleView" in reference() and "`kind` (str): news, opinion, analysis or sponsored" in reference()


@pytest.mark.parametrize("name", ["page", "site", "link", "responsive", "logo"])
def test_the_globals_are_described(name):
    assert any(key.split("(")[0] == name for key in GLOBALS)
