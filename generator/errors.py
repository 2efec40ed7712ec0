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
from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str  # site-relative path of the file at fault, or "" when none
    line: int | None
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = self.path or "<site>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return f"{where}: {prefix}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(path: str | Path, line: int | None, message: str) -> Diagnostic:
    return Diagnostic(str(path), line, message, Severity.ERROR)


def warning(path: str | Path, line: int | None, message: str) -> Diagnostic:
    # Interned: a warning repeated over thousands of stories ("the summary
    # has 230 characters…") is then one string in the build state.
    return Diagnostic(str(path), line, sys.intern(message), Severity.WARNING)


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
