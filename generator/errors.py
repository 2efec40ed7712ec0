"""What can go wrong, and where.

    NewsgenError                    anything newsgen reports to a person
    ├── ConfigError                 site.toml is missing, malformed or invalid
    └── BuildFailed                 the build found errors; carries every Diagnostic

A Diagnostic is one problem tied to a place (file and line where known).
Stages return Diagnostics instead of raising on the first one, so that a
writer sees every broken article at once.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"  # an error with --strict
    NOTE = "note"  # what the build did with a file's keys: never an error; summarised per build


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str  # site-relative path of the file at fault, or "" when none
    line: int | None
    message: str
    severity: Severity = Severity.ERROR
    # What kind of problem, as a count of them reads ("summaries over 160
    # characters"): warnings of a kind are shown together; "" is its message.
    kind: str = field(default="", compare=False)

    def __str__(self) -> str:
        where = self.path or "<site>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        prefix = "" if self.severity is Severity.ERROR else f"{self.severity.value}: "
        return f"{where}: {prefix}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(path: str | Path, line: int | None, message: str) -> Diagnostic:
    return Diagnostic(str(path), line, message, Severity.ERROR)


def warning(path: str | Path, line: int | None, message: str, kind: str = "") -> Diagnostic:
    # Interned: a warning repeated over thousands of stories ("the story's
    # author has no page…") is then one string in the build state.
    return Diagnostic(str(path), line, sys.intern(message), Severity.WARNING, sys.intern(kind))


def note(path: str | Path, line: int | None, message: str) -> Diagnostic:
    return Diagnostic(str(path), line, sys.intern(message), Severity.NOTE)


def few(names: list[str], shown: int = 3) -> str:
    """Names as a message gives them: the first few, the rest counted."""
    return ", ".join(names[:shown]) + (f" and {len(names) - shown} more" if len(names) > shown else "")


def made_strict(problems: list[Diagnostic]) -> list[Diagnostic]:
    """--strict: every warning is an error; notes stay notes."""
    return [replace(p, severity=Severity.ERROR) if p.severity is Severity.WARNING else p for p in problems]


def summarised(notes: list[Diagnostic]) -> list[str]:
    """Notes with one message, whatever the file, as one line each: a key
    ignored in 1,634 stories is said once, with the first file and a count."""
    by_message: dict[str, list[Diagnostic]] = {}
    for found in sorted(notes, key=lambda d: (d.path, d.line or 0)):
        by_message.setdefault(found.message, []).append(found)
    lines = []
    for message, found in sorted(by_message.items(), key=lambda item: (-len(item[1]), item[0])):
        others = f" (and {len(found) - 1:,} more file{'s' * (len(found) != 2)})" if len(found) > 1 else ""
        lines.append(f"{found[0]}{others}")
    return lines


class NewsgenError(Exception):
    """An error meant for a person; str() is the whole message."""


class ConfigError(NewsgenError):
    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


class BuildFailed(NewsgenError):
    def __init__(self, diagnostics: list[Diagnostic]):
        # The same problem found through two pages is one problem.
        self.diagnostics = sorted(set(diagnostics), key=lambda d: (d.path, d.line or 0, d.message))
        super().__init__("\n".join(str(d) for d in self.diagnostics))
