"""Golden files: the fixture site in tests/golden_site/, built at a pinned
clock, must give exactly the committed output in tests/golden/."""

from __future__ import annotations

import difflib

from .conftest import output_files
from .golden_refresh import GOLDEN_DIR, build_golden

ADVICE = (
    "the output of tests/golden_site/ differs from tests/golden/.\n"
    "If the change is intended, run `make golden` (or `python -m tests.golden_refresh`) "
    "and review the diff (`git diff tests/golden`) before committing it."
)


def _diff(expected: bytes, actual: bytes, rel: str, limit: int = 40) -> str:
    try:
        a, b = expected.decode("utf-8").splitlines(), actual.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return f"  {rel}: binary files differ"
    lines = list(difflib.unified_diff(a, b, f"golden/{rel}", f"built/{rel}", lineterm="", n=1))
    more = f"\n  … {len(lines) - limit} more diff lines" if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + more


def test_golden_fixture_is_committed():
    assert (GOLDEN_DIR / "index.html").is_file(), "tests/golden/ is missing; " + ADVICE


def test_output_matches_golden_files(tmp_path):
    built = tmp_path / "built"
    build_golden(built)
    expected, actual = output_files(GOLDEN_DIR), output_files(built)
    problems = []
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    if missing:
        problems.append("no longer built: " + ", ".join(missing))
    if extra:
        problems.append("newly built: " + ", ".join(extra))
    differing = [rel for rel in sorted(set(expected) & set(actual)) if (GOLDEN_DIR / rel).read_bytes() != (built / rel).read_bytes()]
    if differing:
        problems.append("changed: " + ", ".join(differing))
        for rel in differing[:3]:
            problems.append(_diff((GOLDEN_DIR / rel).read_bytes(), (built / rel).read_bytes(), rel))
    assert not problems, ADVICE + "\n\n" + "\n".join(problems)


def test_golden_output_leaves_out_the_draft_and_the_scheduled_story():
    text = "".join((GOLDEN_DIR / rel).read_text(encoding="utf-8") for rel in output_files(GOLDEN_DIR) if rel.endswith((".html", ".xml")))
    assert "Russian troops arrive in Belarus" in text
    assert "Draft story about the budget" not in text
    assert "Donors meet to plan winter aid" not in text
