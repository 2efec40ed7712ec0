"""The pipeline, in order. This is the only module that knows the order.

    discover → parse → catalog → plan → render → write

Every stage returns Diagnostics rather than stopping at the first problem;
the build stops between stages when there are errors, so a writer sees every
broken file at once and the output folder is never touched by a failing build.

A SiteBuilder remembers what the last build did (a BuildState): a file whose
stat or bytes did not change is not parsed again, and a page whose
fingerprint (its plan, the digests of every source it shows or links to, its
templates and the site-wide settings) did not change is not rendered again.
`newsgen build` keeps that state in .newsgen-cache/, the dev server in
memory. The result is always what a full build would give, byte for byte.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from . import __version__
from .bodies import BodyError, BodyRenderer
from .cache import BuildState, OutputRecord, SourceRecord, load_state, save_state
from .config import SiteConfig
from .content.catalog import Catalog, build_catalog
from .content.checks import check_articles
from .content.discover import discover_sources, is_ignored_name
from .content.markdown import MARKDOWN_SIGNATURE
from .content.model import Article, Author, BuildMode, Page, SourceKind
from .content.parse import parse_bytes
from .errors import BuildFailed, Diagnostic, Severity, warning
from .feeds import FeedWriter
from .outputs import OutputFile
from .plan import FEED_KINDS, SITEMAP_KINDS, PagePlan, SitePlan, plan_site
from .render import THEME_DIR, Renderer, RenderError
from .sitemap import SitemapWriter
from .write import InPlaceWriter, SwapWriter, WriteReport

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BuildResult:
    articles: int  # published in this build
    pages: int  # pages, feeds and sitemaps planned
    files: int  # every file in the output
    rendered: int  # pages actually rendered (the rest were unchanged)
    seconds: float
    write: WriteReport
    warnings: tuple[Diagnostic, ...] = ()
    # output path → (sources, templates) it was made from
    dependencies: dict[str, tuple[frozenset[str], frozenset[str]]] = field(default_factory=dict)


def build_site(config: SiteConfig, mode: BuildMode, progress: Progress | None = None, *, strict: bool = False) -> BuildResult:
    """One build from nothing, into config.output_dir, all or nothing."""
    return SiteBuilder(config).build(mode, progress=progress, strict=strict)


class SiteBuilder:
    def __init__(self, config: SiteConfig, *, cache_dir: Path | None = None, in_place: bool = False):
        """`cache_dir`: keep the build state there between processes.
        `in_place`: write file by file (the dev server's folder) instead of
        swapping a whole new output folder in."""
        self.config = config
        self.cache_dir = cache_dir
        self.in_place = in_place
        self.state = (load_state(cache_dir) if cache_dir else None) or BuildState()

    def build(self, mode: BuildMode, *, progress: Progress | None = None, strict: bool = False) -> BuildResult:
        started = time.perf_counter()
        config = self.config
        problems: list[Diagnostic] = []
        files: dict[str, SourceRecord] = {}  # this build's records, replacing the state's on success

        sources, found = discover_sources(config.content_dir)
        problems += found

        articles: list[Article] = []
        pages: list[Page] = []
        authors: list[Author] = []
        digests: dict[str, str] = {}  # content path → digest
        for source in sources:
            record = self._record(config.content_dir / source.rel, files, parse=source if source.kind is not SourceKind.ASSET else None)
            digests[source.rel] = record.digest
            problems += record.problems
            if isinstance(record.parsed, Article):
                articles.append(record.parsed)
            elif isinstance(record.parsed, Page):
                pages.append(record.parsed)
            elif isinstance(record.parsed, Author):
                authors.append(record.parsed)
        _stop_on_errors(problems)

        assets = [s.rel for s in sources if s.kind is SourceKind.ASSET]
        catalog, found = build_catalog(articles, pages, authors, assets, config, mode)
        problems += found + check_articles(catalog)
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
        site = _site_fingerprint(config, catalog, plan, mode)
        template_digests: dict[str, str] = {}

        def fingerprint(page: PagePlan, used: frozenset[str], templates: frozenset[str]) -> str:
            h = hashlib.sha256(site.encode())
            h.update(repr((page.url, page.template, page.kind, page.key, page.number, page.count, page.items)).encode())
            for source in sorted(page.sources | used):
                h.update(f"\n{source}\0{digests.get(source, '-')}".encode())
            for name in sorted(templates):
                if name not in template_digests:
                    template_digests[name] = renderer.template_digest(name)
                h.update(f"\n{name}\0{template_digests[name]}".encode())
            return h.hexdigest()

        previous = self.state.outputs if self.state.output_dir == str(config.output_dir) else {}
        outputs: dict[str, OutputRecord] = {}
        dependencies: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        rendered = 0
        total = len(plan.pages) + len(plan.copies)
        writer_class = InPlaceWriter if self.in_place else SwapWriter
        with writer_class(config.output_dir, set(previous) if previous else None) as writer:
            for done, page in enumerate(plan.pages, start=1):
                try:
                    templates = renderer.template_closure(page.template) if page.template else frozenset()
                    record = previous.get(page.path)
                    if record and record.fingerprint == fingerprint(page, record.used, templates) and writer.has(page.path, record.size):
                        writer.keep(page.path)
                        outputs[page.path] = record
                        dependencies[page.path] = (page.sources | record.used, templates)
                        continue
                    if page.kind in FEED_KINDS:
                        output = OutputFile(page.path, feeds.render(page), sources=page.sources | feeds.linked(page))
                    elif page.kind in SITEMAP_KINDS:
                        output = OutputFile(page.path, sitemaps.render(page), sources=page.sources)
                    else:
                        output = renderer.render(page)
                except (RenderError, BodyError) as exc:
                    problems.append(exc.diagnostic)
                    continue
                rendered += 1
                writer.add(output)
                used = output.sources - page.sources
                outputs[page.path] = OutputRecord(fingerprint(page, used, templates), len(output.data), used)
                dependencies[page.path] = (output.sources, templates)
                if progress:
                    progress(done, total)
            _stop_on_errors(problems)
            for rel, path in plan.copies:
                digest = self._record(path, files).digest
                record = previous.get(rel)
                if record and record.fingerprint == digest and writer.has(rel, record.size):
                    writer.keep(rel)
                    outputs[rel] = record
                else:
                    writer.add(OutputFile(path=rel, copy_from=path))
                    outputs[rel] = OutputRecord(digest, path.stat().st_size)
                dependencies[rel] = (frozenset({rel}) if rel in digests else frozenset(), frozenset())
            report = writer.commit()
        if progress:
            progress(total, total)

        self.state = BuildState(output_dir=str(config.output_dir), files=files, outputs=outputs)
        if self.cache_dir:
            try:
                save_state(self.cache_dir, self.state)
            except Exception as exc:  # the output is already committed: a cache is only a speed-up
                problems.append(warning(self.cache_dir, None, f"could not write the build cache ({exc}); the next build will do everything"))
        return BuildResult(
            articles=len(catalog.articles),
            pages=len(plan.pages),
            files=len(plan.pages) + len(plan.copies),
            rendered=rendered,
            seconds=time.perf_counter() - started,
            write=report,
            warnings=tuple(p for p in problems if not p.is_error),
            dependencies=dependencies,
        )

    def _record(self, path: Path, files: dict[str, SourceRecord], parse=None) -> SourceRecord:
        """The file's record: reused while its stat, or else its bytes, are unchanged."""
        key = str(path)
        stat = path.stat()
        signature = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        old = self.state.files.get(key)
        if old is not None and old.stat == signature:
            files[key] = old
            return old
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if old is not None and old.digest == digest:
            record = replace(old, stat=signature)
        elif parse is not None:
            parsed, problems = parse_bytes(parse, data, self.config)
            record = SourceRecord(signature, digest, parsed, tuple(problems))
        else:
            record = SourceRecord(signature, digest)
        files[key] = record
        return record


def _stop_on_errors(problems: list[Diagnostic]) -> None:
    if any(p.is_error for p in problems):
        raise BuildFailed([p for p in problems if p.is_error])


def _plain(value: object) -> object:
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "items"):
        return {str(k): _plain(v) for k, v in value.items()}
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


def _site_fingerprint(config: SiteConfig, catalog: Catalog, plan: SitePlan, mode: BuildMode) -> str:
    """Everything site-wide that any page may show: when it changes, every page renders again."""
    signature = {
        "newsgen": __version__,
        "markdown": MARKDOWN_SIGNATURE,
        "config": _plain(config),
        "mode": [mode.drafts, mode.future],
        "sections": _plain(catalog.sections),
        "tags": _plain(catalog.tags),
        "authors": _plain(catalog.authors),
        "pages": [(p.source, p.title, p.slug) for p in catalog.pages],
        "files": [rel for rel, _ in plan.copies],
    }
    return hashlib.sha256(json.dumps(signature, sort_keys=True, default=str).encode()).hexdigest()


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
