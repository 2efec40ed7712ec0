"""OutputFile: the contract between the stages that make files and the writer."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class OutputFile:
    path: str  # relative to output/, forward slashes: "world/index.html"
    data: bytes | None = None  # rendered content, or None for a copy
    copy_from: Path | None = None  # a static file or asset copied as it is
    # The content sources (paths under content/) this file was made from,
    # for the next build to know what it depends on. (Its templates the
    # build knows without rendering: their closures are kept in the model.)
    sources: frozenset[str] = field(default_factory=frozenset)
    # The links of the writer's text it shows (a story's body), as written:
    # the link check keeps them to check again in later builds (linkcheck.py).
    body_links: tuple[str, ...] = ()
