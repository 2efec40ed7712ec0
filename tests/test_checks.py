"""Editorial checks: warnings for an image without alt text, a headline over
110 characters, a summary over 160 and an author without an author page;
`strict` (and `newsgen build --strict`) makes them errors that name the file
and leave the output as it was."""

from __future__ import annotations

import pytest

from generator.build import build_site
from generator.cli import main
from generator.content.model import BuildMode
from generator.errors import BuildFailed

from .conftest import NOW, messages, story

CONFIG = """\
title = "The Test Gazette"
base_url = "https://example.org/news/"
timezone = "Europe/Berlin"

[authors."Carla Registered"]
bio = "Carla writes about trains."
"""

HEADLINE_110 = "H" * 110
HEADLINE_111 = "L" * 111
SUMMARY_160 = "s" * 160
SUMMARY_161 = "t" * 161
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>\n'

CLEAN = {
    "site.toml": CONFIG,
    "content/authors/anna-berg.md": "---\nname: Anna Berg\nrole: Correspondent\n---\nAnna covers Eastern Europe.\n",
    "content/world/map.svg": SVG,
    "content/world/clean.md": story("A clean story", "2022-12-09T10:00:00", author="Anna Berg", image="map.svg", image_alt="A map", summary="Short."),
    "content/world/limits.md": story(HEADLINE_110, "2022-12-08T10:00:00", author="Carla Registered", summary=SUMMARY_160),
}
PROBLEMS = {
    "content/world/no-alt.md": story("No alt text", "2022-12-07T10:00:00", author="Anna Berg", image="map.svg", summary="Short."),
    "content/world/long-headline.md": story(HEADLINE_111, "2022-12-06T10:00:00", author="Anna Berg", summary="Short."),
    "content/world/long-summary.md": story("Long summary", "2022-12-05T10:00:00", author="Anna Berg", summary=SUMMARY_161),
    "content/world/unknown-author.md": story("Unknown author", "2022-12-04T10:00:00", author="Nobody Known", summary="Short."),
}
# file → words its one diagnostic must contain
EXPECTED = {
    "content/world/no-alt.md": ("image_alt",),
    "content/world/long-headline.md": ("headline", "111", "110"),
    "content/world/long-summary.md": ("summary", "161", "160"),
    "content/world/unknown-author.md": ("Nobody Known", "author page"),
}


def by_file(diagnostics) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for d in diagnostics:
        found.setdefault(d.path, []).append(str(d))
    return found


def test_a_clean_site_has_no_warnings(site):
    s = site(CLEAN)
    assert s.build().warnings == ()


@pytest.mark.parametrize("rel", sorted(PROBLEMS))
def test_each_problem_is_a_warning_naming_its_file(site, rel):
    s = site({**CLEAN, rel: PROBLEMS[rel]})
    result = s.build()
    found = by_file(result.warnings)
    assert list(found) == [rel], [str(w) for w in result.warnings]
    assert len(found[rel]) == 1
    text = found[rel][0]
    assert text.startswith(f"{rel}:") and "warning" in text, text
    for word in EXPECTED[rel]:
        assert word in text, text
    assert not any(w.is_error for w in result.warnings)
    assert s.exists("index.html")  # a warning does not stop the build


def test_every_warning_at_once(site):
    s = site({**CLEAN, **PROBLEMS})
    found = by_file(s.build().warnings)
    assert sorted(found) == sorted(PROBLEMS)


def test_strict_turns_warnings_into_errors_and_leaves_output_unchanged(site):
    s = site({**CLEAN, **PROBLEMS})
    s.build()
    before = s.snapshot()
    with pytest.raises(BuildFailed) as caught:
        build_site(s.config(), BuildMode(now=NOW), strict=True)
    failed = caught.value
    assert all(d.is_error for d in failed.diagnostics)
    assert sorted(by_file(failed.diagnostics)) == sorted(PROBLEMS)
    for rel, words in EXPECTED.items():
        line = next(m for m in messages(failed) if m.startswith(rel + ":"))
        assert all(w in line for w in words), line
        assert rel in str(failed)
    assert s.snapshot() == before


def test_strict_build_of_a_new_site_writes_nothing(site):
    s = site({**CLEAN, "content/world/no-alt.md": PROBLEMS["content/world/no-alt.md"]})
    with pytest.raises(BuildFailed) as caught:
        build_site(s.config(), BuildMode(now=NOW), strict=True)
    assert "content/world/no-alt.md" in str(caught.value)
    assert s.files() == []


def test_strict_build_of_a_clean_site_succeeds(site):
    s = site(CLEAN)
    result = build_site(s.config(), BuildMode(now=NOW), strict=True)
    assert result.warnings == ()
    assert s.exists("world/2022/12/09/clean/index.html")


def test_cli_prints_warnings_and_succeeds(site, capsys):
    s = site({**CLEAN, **PROBLEMS})
    status = main(["build", "--site", str(s.root), "--output", str(s.output), "--now", NOW.isoformat()])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    for rel in PROBLEMS:
        assert rel in captured.err
    assert s.exists("index.html")


def test_cli_strict_fails_naming_the_files_and_leaves_output_unchanged(site, capsys):
    s = site({**CLEAN, **PROBLEMS})
    assert main(["build", "--site", str(s.root), "--output", str(s.output), "--now", NOW.isoformat()]) == 0
    before = s.snapshot()
    capsys.readouterr()
    status = main(["build", "--site", str(s.root), "--output", str(s.output), "--now", NOW.isoformat(), "--strict"])
    captured = capsys.readouterr()
    assert status == 1
    for rel, words in EXPECTED.items():
        line = next((line for line in captured.err.splitlines() if line.startswith(rel + ":")), None)
        assert line is not None, f"{rel} not named in:\n{captured.err}"
        assert all(w in line for w in words), line
    assert captured.out == ""
    assert s.snapshot() == before


def test_cli_strict_on_a_clean_site_succeeds(site, capsys):
    s = site(CLEAN)
    assert main(["build", "--site", str(s.root), "--output", str(s.output), "--now", NOW.isoformat(), "--strict"]) == 0
    assert capsys.readouterr().err == ""


def test_bylines_spelt_two_ways_share_one_author_page_and_warn(site):
    # "Ana Pérez" and "Ana Perez" give one slug; the build must neither crash
    # nor split her stories, and it says which file spells her differently.
    s = site({
        **CLEAN,
        "content/world/accented.md": story("Accented", "2022-12-09T09:00:00", authors='["Ana Pérez"]', summary="Short."),
        "content/world/plain.md": story("Plain", "2022-12-08T09:00:00", authors='["Ana Perez"]', summary="Short."),
        "content/world/both.md": story("Both", "2022-12-07T09:00:00", authors='["Ana Pérez", "Ana Perez", "Carla registered"]', summary="Short."),
    })
    result = s.build()
    page = s.read("authors/ana-perez/index.html")
    assert [page.count(f">{title}<") for title in ("Accented", "Plain", "Both")] == [1, 1, 1]
    assert "<h1>Ana Pérez" in page or ">Ana Pérez</h1>" in page
    spelling = [str(w) for w in result.warnings if "byline" in str(w)]
    assert len(spelling) == 2, spelling
    assert spelling[0].startswith("content/world/plain.md:") and "'Ana Perez'" in spelling[0] and "'Ana Pérez'" in spelling[0]
    # A lower-case byline of a registered author goes to her page.
    assert spelling[1].startswith("content/world/both.md:") and "'Carla Registered'" in spelling[1]
    assert ">Both<" in s.read("authors/carla-registered/index.html")
    # One page, so one "no author page" warning, for the newest spelling; none for Carla's.
    missing = [str(w) for w in result.warnings if "no author page" in str(w)]
    assert len(missing) == 1 and missing[0].startswith("content/world/accented.md:"), missing
    assert "'Ana Pérez' (here and 2 more)" in missing[0] and "content/authors/ana-perez.md" in missing[0]


# ---- warnings a writer can act on, counted by kind ---------------------------

LONG_PARAGRAPH = ("The council met on Monday to vote on the budget. " * 3 + "Members argued late into the night about the cost "
                  "of the new bridge, the schools and the harbour wall, and whether the town could afford all three. " * 3)


def test_a_summary_made_from_the_body_is_cut_at_a_sentence_and_never_warned_about(site):
    s = site({**CLEAN, "content/world/plain.md": story("Plain", "2022-12-03T10:00:00", author="Anna Berg", body=LONG_PARAGRAPH)})
    result = s.build()
    assert result.warnings == ()
    from .conftest import elements  # noqa: PLC0415

    [description] = [e.attrs["content"] for e in elements(s.read("world/2022/12/03/plain/index.html"), "meta", name="description")]
    assert len(description) <= 160 and description.endswith("budget.")
    assert LONG_PARAGRAPH.startswith(description)
    # Strict passes too: nothing in it is the writer's to fix.
    build_site(s.config(), BuildMode(now=NOW), strict=True)


def test_broken_links_and_template_syntax_are_grouped_too(site, capsys):
    """ruby-lang.org's third build printed 532 lines: broken links had no
    kind, and template-syntax warnings were grouped by their exact text."""
    many = {f"content/world/s-{n}.md": story(f"Story {n}", f"2022-12-0{n}T10:00:00", author="Anna Berg",
                                             body=f"[gone](/nowhere-{n}/) {{{{ site.thing_{n} }}}}" + " {% x %}" * n + "\n")
            for n in range(1, 8)}
    s = site({**CLEAN, **many})
    assert main(["build", "--site", str(s.root), "--output", str(s.output), "--now", NOW.isoformat()]) == 0
    err = capsys.readouterr().err.splitlines()
    assert sum("is broken" in line for line in err) == 3 and sum("shown as written" in line for line in err) == 3
    assert any(line.startswith("  … and 4 more (7 broken links in stories)") for line in err)
    assert any(line.startswith("  … and 4 more (7 files showing another generator's template syntax)") for line in err)


def test_a_written_summary_too_long_is_warned_about_at_its_line(site):
    s = site({**CLEAN, "content/world/long-summary.md": PROBLEMS["content/world/long-summary.md"]})
    [found] = s.build().warnings
    assert str(found).startswith("content/world/long-summary.md:5: warning: the summary has 161 characters")


def test_warnings_are_grouped_by_kind_with_a_count_and_all_lists_every_one(site, capsys):
    many = {f"content/world/long-{n}.md": story(f"Long {n}", f"2022-12-0{n}T10:00:00", author="Anna Berg", summary=SUMMARY_161)
            for n in range(1, 8)}
    s = site({**CLEAN, **many, "content/world/no-alt.md": PROBLEMS["content/world/no-alt.md"]})
    command = ["build", "--site", str(s.root), "--output", str(s.output), "--now", NOW.isoformat()]
    assert main(command) == 0
    err = capsys.readouterr().err.splitlines()
    assert sum("the summary has 161 characters" in line for line in err) == 3
    assert "  … and 4 more (7 summaries over 160 characters); `newsgen build --warnings all` lists every one" in err
    assert sum("no image_alt" in line for line in err) == 1
    for every in (["--warnings", "all"], ["-v"]):
        assert main(command + every) == 0  # listing them all fails nothing
        err = capsys.readouterr().err
        assert err.count("the summary has 161 characters") == 7 and "… and" not in err
