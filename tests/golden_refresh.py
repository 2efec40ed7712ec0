"""Rebuild tests/golden/ from tests/golden_site/: `python -m tests.golden_refresh`
(or `make golden`). Review the diff (`git diff tests/golden`) before committing:
every changed byte is a change readers will see."""

from __future__ import annotations

import shutil
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.build import BuildResult, build_site
from generator.config import load_config
from generator.content.model import BuildMode
from generator.errors import NewsgenError
from generator.write import standby_path

HERE = Path(__file__).resolve().parent
GOLDEN_SITE = HERE / "golden_site"
GOLDEN_DIR = HERE / "golden"
# After every story but the scheduled one, so that the draft and the
# scheduled story show that neither is published.
GOLDEN_NOW = datetime(2022, 12, 12, 18, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def build_golden(output_dir: Path) -> BuildResult:
    """Build the golden fixture site into output_dir, exactly as the test does."""
    return build_site(load_config(GOLDEN_SITE, output_dir=output_dir), BuildMode(now=GOLDEN_NOW))


def main() -> int:
    try:
        result = build_golden(GOLDEN_DIR)
    except NewsgenError as exc:
        print(exc, file=sys.stderr)
        print("golden build failed; tests/golden/ left as it was", file=sys.stderr)
        return 1
    finally:
        # The build's standby copy of tests/golden/ (write.py) is no fixture: not kept beside it.
        shutil.rmtree(standby_path(GOLDEN_DIR), ignore_errors=True)
    report = result.write
    print(f"tests/golden/: {len(report.changed)} written, {len(report.removed)} removed, {report.unchanged} unchanged")
    for path in report.changed:
        print(f"  wrote   {path}")
    for path in report.removed:
        print(f"  removed {path}")
    if report.wrote_anything:
        print("review the changes with `git diff --stat tests/golden` before committing them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
