"""A site's own layouts/ overrides the theme file by file; a template mistake
fails the build naming the template and its line."""

from __future__ import annotations

import re

import pytest

from generator.render import THEME_DIR

from .conftest import elements, story

FOOTER = """\
<footer class="site-footer">
  <p>Custom footer of the Gazette. <a href="{{ link('/about/') }}">About</a></p>
</footer>
"""


def test_site_partial_overrides_the_theme(site):
    s = site({
        "content/world/a.md": story(),
        "content/pages/about.md": "---\ntitle: About\n---\nUs.\n",
        "layouts/partials/footer.html": FOOTER,
    })
    s.build()
    html_files = s.html_files()
    assert len(html_files) > 5
    for rel in html_files:
        html = s.read(rel)
        assert "Custom footer of the Gazette." in html, rel
        assert "Built with newsgen" not in html, rel
    # The rest of the theme is still used, and link() works in the override.
    article = s.read("world/2022/12/09/a/index.html")
    assert elements(article, "h1", class_="story-title")
    [about] = [e for e in elements(article, "a") if e.text == "About"]
    assert about.attrs["href"] == "../../../../../about/"


def test_theme_footer_is_used_without_an_override(site):
    s = site({"content/world/a.md": story()})
    s.build()
    assert "Custom footer" not in s.read("index.html")
    assert (THEME_DIR / "layouts" / "partials" / "footer.html").is_file()


def test_site_page_template_overrides_the_theme(site):
    template = '{% extends "base.html" %}\n{% block main %}<h1>Custom: {{ article.title }}</h1>{{ body }}{% endblock %}\n'
    s = site({"content/world/a.md": story(title="Troops arrive"), "layouts/article.html": template})
    s.build()
    html = s.read("world/2022/12/09/a/index.html")
    assert [e.text for e in elements(html, "h1")] == ["Custom: Troops arrive"]
    assert "<p>First paragraph of the story.</p>" in html


def test_a_change_to_an_override_changes_the_output(site):
    s = site({"content/world/a.md": story(), "layouts/partials/footer.html": FOOTER})
    s.build()
    s.write("layouts/partials/footer.html", FOOTER.replace("Custom footer", "New footer"))
    result = s.build()
    assert "world/2022/12/09/a/index.html" in result.write.changed
    assert "New footer" in s.read("index.html")


TYPO_TEMPLATE = """\
{% extends "base.html" %}
{% block main %}
<article>
  <h1>{{ article.title }}</h1>
  <p class="dek">{{ article.titel }}</p>
  {{ body }}
</article>
{% endblock %}
"""


def test_template_typo_fails_naming_template_and_line(site):
    s = site({"content/world/a.md": story(), "layouts/article.html": TYPO_TEMPLATE})
    failed = s.build_fails()
    problems = [d for d in failed.diagnostics if d.path == "layouts/article.html"]
    assert problems, f"no error names layouts/article.html: {failed}"
    assert problems[0].line == 5
    assert "titel" in problems[0].message
    assert str(failed).startswith("layouts/article.html:5: ")
    assert not s.output.exists()


def test_template_typo_in_a_partial_names_the_partial(site):
    partial = "<footer>\n  <p>{{ site.titel }}</p>\n</footer>\n"
    s = site({"content/world/a.md": story(), "layouts/partials/footer.html": partial})
    failed = s.build_fails()
    assert {(d.path, d.line) for d in failed.diagnostics} == {("layouts/partials/footer.html", 2)}, str(failed)
    assert "titel" in failed.diagnostics[0].message


def test_a_misspelt_field_is_answered_with_the_field_it_is_one_edit_from(site):
    """`{{ site.titel }}` failed with "'dict object' has no attribute 'titel'":
    where, but not what to write. The fields the object has are known, so the
    error names the near one, as a misspelt site.toml key's does; an
    attribute of a view model (a story's `summery`) too."""
    partial = "<footer>\n  <p>{{ site.titel }}</p>\n</footer>\n"
    s = site({"content/world/a.md": story(), "layouts/partials/footer.html": partial})
    [problem] = s.build_fails().diagnostics
    assert "did you mean 'title'?" in problem.message, problem.message
    teaser = '{% extends "base.html" %}\n{% block main %}\n<p>{{ article.summery }}</p>\n{% endblock %}\n'
    s = site({"content/world/a.md": story(), "layouts/article.html": teaser})
    [problem] = [d for d in s.build_fails().diagnostics if d.path == "layouts/article.html"]
    assert "did you mean 'summary'?" in problem.message and problem.line == 3, problem


def test_template_syntax_error_names_template_and_line(site):
    broken = '{% extends "base.html" %}\n{% block main %}\n<h1>{{ article.title }}</h1>\n{% if article.summary %}\n<p>x</p>\n{% endblock %}\n'
    s = site({"content/world/a.md": story(), "layouts/article.html": broken})
    failed = s.build_fails()
    paths = {d.path for d in failed.diagnostics}
    assert paths == {"layouts/article.html"}, str(failed)
    assert all(d.line is not None for d in failed.diagnostics)


def test_a_failing_template_leaves_previous_output(site):
    s = site({"content/world/a.md": story()})
    s.build()
    before = s.snapshot()
    s.write("layouts/article.html", TYPO_TEMPLATE)
    s.build_fails()
    assert s.snapshot() == before


def test_front_matter_is_escaped_in_templates(site):
    s = site({"content/world/a.md": story(title='"<script>alert(1)</script> & co"', summary='"<b>bold</b>"')})
    s.build()
    html = s.read("world/2022/12/09/a/index.html")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert [e.text for e in elements(html, "h1")] == ["<script>alert(1)</script> & co"]
    assert "<b>bold</b>" not in html


# ---- includes as Jinja allows them, tracked exactly or conservatively ----

def cached(s):
    from generator.build import SiteBuilder
    from generator.content.model import BuildMode

    from .conftest import NOW

    return SiteBuilder(s.config(), cache_dir=s.root / ".newsgen-cache").build(BuildMode(now=NOW))


def with_footer_include(include: str) -> str:
    footer = (THEME_DIR / "layouts" / "partials" / "footer.html").read_text(encoding="utf-8")
    return include + "\n" + footer


def test_an_include_whose_name_is_computed_renders_again_when_that_partial_changes(site):
    s = site({
        "content/world/a.md": story(),
        "layouts/partials/footer.html": with_footer_include('{% set kind = "note" %}{% include "partials/" ~ kind ~ ".html" %}'),
        "layouts/partials/note.html": "<p class=\"note\">First note</p>\n",
    })
    cached(s)
    assert "First note" in s.read("world/2022/12/09/a/index.html")
    s.write("layouts/partials/note.html", "<p class=\"note\">Second note</p>\n")
    result = cached(s)
    assert "world/2022/12/09/a/index.html" in result.write.changed
    assert "Second note" in s.read("world/2022/12/09/a/index.html")


def test_ignore_missing_and_list_includes_work_and_follow_the_files(site):
    s = site({
        "content/world/a.md": story(),
        "layouts/partials/footer.html": with_footer_include(
            '{% include "partials/promo.html" ignore missing %}{% include ["partials/custom.html", "partials/fallback.html"] %}'),
        "layouts/partials/fallback.html": "<p>Fallback</p>\n",
    })
    cached(s)
    html = s.read("index.html")
    assert "Fallback" in html and "Promo" not in html
    s.write("layouts/partials/promo.html", "<p>Promo</p>\n")
    s.write("layouts/partials/custom.html", "<p>Custom</p>\n")
    cached(s)
    html = s.read("index.html")
    assert "Promo" in html and "Custom" in html and "Fallback" not in html


@pytest.mark.parametrize("name, text, line", [
    ("layouts/partials/footer.html", '<footer>\n{% include "partials/footer.html" %}\n</footer>\n', 2),
    ("layouts/article.html", '{% extends "base.html" %}\n{% block main %}\n<h1>{{ article.title }}</h1>\n{% include "article.html" %}\n'
                             '{% endblock %}\n', 4),
])
def test_a_layout_that_includes_itself_is_reported_against_it(site, name, text, line):
    """Not against the theme's base.html, which it extends."""
    s = site({"content/world/a.md": story(), name: text})
    failed = s.build_fails()
    assert {(d.path, d.line) for d in failed.diagnostics} == {(name, line)}, str(failed)
    assert "includes itself" in failed.diagnostics[0].message


def test_one_template_error_on_every_page_is_said_once_with_how_many_pages_it_broke(site):
    partial = "<footer>\n  <p>{{ site.titel }}</p>\n</footer>\n"
    s = site({"content/world/a.md": story(), "content/world/b.md": story("Another", "2022-12-08T10:00:00"),
              "layouts/partials/footer.html": partial})
    failed = s.build_fails()
    [problem] = failed.diagnostics
    assert problem.path == "layouts/partials/footer.html" and problem.line == 2
    count = int(re.search(r"\(rendering (\d+) pages, /\S+ first\)$", problem.message).group(1))
    assert count >= 10, problem.message  # every page: the stories, lists, archives, 404


def test_rendering_stops_once_every_page_tried_has_failed(site, monkeypatch):
    from generator.build import PageFailures  # noqa: PLC0415

    monkeypatch.setattr(PageFailures, "HOPELESS", 5)
    stories = {f"content/world/s{n}.md": story(f"Story {n}", f"2022-12-0{n % 9 + 1}T10:00:00") for n in range(30)}
    s = site({**stories, "layouts/partials/footer.html": "<p>{{ site.titel }}</p>\n"})
    [problem] = s.build_fails().diagnostics
    assert re.search(r"\(rendering 5 of the first 5 pages tried, /\S+ first; every page tried failed, so the other \d+ "
                     r"were not\)$", problem.message), problem.message
