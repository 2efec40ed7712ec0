"""The pipeline, in order. This is the only module that knows the order.

    discover → parse → catalog → plan → render → write

Every stage returns Diagnostics rather than stopping at the first problem;
the build stops between stages when there are errors, so a writer sees every
broken file at once and output/ is never touched by a failing build.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from .bodies import BodyError, BodyRenderer
from .config import SiteConfig
from .content.catalog import build_catalog
from .content.checks import check_articles
from .content.discover import discover_sources, is_ignored_name
from .content.model import Article, Author, BuildMode, Page, SourceKind
from .content.parse import parse_source
from .errors import BuildFailed, Diagnostic, Severity
from .outputs import OutputFile
from .feeds import FeedWriter
from .plan import FEED_KINDS, SITEMAP_KINDS, plan_site
from .render import THEME_DIR, Renderer, RenderError
from .sitemap import SitemapWriter
from .write import OutputWriter, WriteReport

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BuildResult:
    articles: int  # published in this build
    pages: int  # pages, feeds and sitemaps rendered
    files: int  # every file in output/
    seconds: float
    write: WriteReport
    warnings: tuple[Diagnostic, ...] = ()
    # output path → (sources, templates) it was made from
    dependencies: dict[str, tuple[frozenset[str], frozenset[str]]] = field(default_factory=dict)


def build_site(config: SiteConfig, mode: BuildMode, progress: Progress | None = None, *, strict: bool = False) -> BuildResult:
    """Build the site into config.output_dir. Raises BuildFailed with every
    error; with `strict`, warnings count as errors."""
    started = time.perf_counter()
    problems: list[Diagnostic] = []

    sources, found = discover_sources(config.content_dir)
    problems += found

    articles: list[Article] = []
    pages: list[Page] = []
    authors: list[Author] = []
    for source in sources:
        if source.kind is SourceKind.ASSET:
            continue
        parsed, found = parse_source(source, config)
        problems += found
        if isinstance(parsed, Article):
            articles.append(parsed)
        elif isinstance(parsed, Page):
            pages.append(parsed)
        elif isinstance(parsed, Author):
            authors.append(parsed)
    _stop_on_errors(problems)

    assets = [s.rel for s in sources if s.kind is SourceKind.ASSET]
    catalog, found = build_catalog(articles, pages, authors, assets, config, mode)
    problems += found
    problems += check_articles(catalog)
    if strict:
        problems = [replace(p, severity=Severity.ERROR) for p in problems]
    _stop_on_errors(problems)

    plan, found = plan_site(catalog, config, discover_static(config), mode.now)
    problems += found
    _stop_on_errors(problems)

    in_feeds = frozenset(s for page in plan.pages if page.kind in FEED_KINDS for s in page.items)
    bodies = BodyRenderer(config, catalog, plan, keep=in_feeds)
    renderer = Renderer(config, catalog, plan, bodies)
    feeds = FeedWriter(config, catalog, bodies)
    sitemaps = SitemapWriter(config, catalog, plan)
    total = len(plan.pages) + len(plan.copies)
    dependencies = {}
    with OutputWriter(config.output_dir) as writer:
        for done, page in enumerate(plan.pages, start=1):
            try:
                if page.kind in FEED_KINDS:
                    output = OutputFile(page.path, feeds.render(page), sources=page.sources)
                elif page.kind in SITEMAP_KINDS:
                    output = OutputFile(page.path, sitemaps.render(page), sources=page.sources)
                else:
                    output = renderer.render(page)
            except (RenderError, BodyError) as exc:
                problems.append(exc.diagnostic)
                continue
            writer.add(output)
            dependencies[output.path] = (output.sources, output.templates)
            if progress:
                progress(done, total)
        _stop_on_errors(problems)
        for rel, path in plan.copies:
            writer.add(OutputFile(path=rel, copy_from=path, sources=frozenset({rel}) if path.is_relative_to(config.content_dir) else frozenset()))
        report = writer.commit()
    if progress:
        progress(total, total)

    return BuildResult(
        articles=len(catalog.articles),
        pages=len(plan.pages),
        files=len(plan.pages) + len(plan.copies),
        seconds=time.perf_counter() - started,
        write=report,
        warnings=tuple(p for p in problems if not p.is_error),
        dependencies=dependencies,
    )


def _stop_on_errors(problems: list[Diagnostic]) -> None:
    if any(p.is_error for p in problems):
        raise BuildFailed([p for p in problems if p.is_error])


def discover_static(config: SiteConfig) -> dict[str, Path]:
    """Theme assets, then the site's own static/ over them: output path → file."""
    files: dict[str, Path] = {}
    for root in (THEME_DIR / "static", config.static_dir):
        if not root.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not is_ignored_name(d))
            for name in sorted(filenames):
                if not is_ignored_name(name):
                    path = Path(dirpath) / name
                    files["static/" + path.relative_to(root).as_posix()] = path
    return files
