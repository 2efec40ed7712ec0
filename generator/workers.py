"""Rendering planned pages, in batches, in whatever process runs them.

`render_batch(job)` renders some of a plan's pages and places their files.
The build hands batches to a `concurrent.futures.Executor`: a process pool
over all cores by default (Markdown and Jinja are CPU-bound), a serial one
for small jobs, or any other (a cluster's) without touching the pipeline.

A forked worker inherits the prepared build (catalog, plan, digests) from
the parent; a worker that did not (another kind of executor) prepares it
again itself from the job, with the function the job names. A worker that
shares no files with the build (a cluster's, a ShippingExecutor) is sent
what rendering reads instead (a ShippedSite, once per build), and sends the
pages back for the build to write. Either way a page renders to the same
bytes: parallel output is identical to serial.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
import time
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Mapping

from .bodies import BodyError, BodyRenderer
from .config import SiteConfig
from .content.catalog import Catalog
from .content.model import BuildMode
from .errors import Diagnostic
from .feeds import FeedWriter
from .outputs import OutputFile
from .plan import FEED_KINDS, SITEMAP_KINDS, SitePlan
from .linkcheck import LinkTargets, feed_links, links_to_keep
from .redirects import REDIRECT_KINDS, render_redirects
from .render import Renderer, RenderError
from .search import INDEXED_KINDS, indexed_digest
from .sitemap import SitemapWriter
from .timings import Timings
from .write import place


@dataclass
class Prepared:
    """Everything rendering needs: the result of load → model → plan."""

    build_id: str
    config: SiteConfig
    mode: BuildMode
    catalog: Catalog
    plan: SitePlan
    digests: dict[str, str]  # content path → digest
    images: dict = field(default_factory=dict)  # output path → images.ImageInfo of each processed image
    body_store: Path | None = None
    template_cache: Path | None = None  # compiled templates, for the next process
    # The files of the bodies to render, by source, where content/ is not at hand (a cluster's worker).
    texts: Mapping[str, bytes] | None = None
    warnings: list[Diagnostic] = field(default_factory=list)
    profile: bool = False  # measure templates (newsgen build --profile)
    _renderers: dict | None = None  # edition → its renderers
    _bodies: BodyRenderer | None = None
    template_timings: Timings = field(default_factory=Timings)
    _link_targets: LinkTargets | None = None

    @property
    def link_targets(self) -> LinkTargets:
        if self._link_targets is None:
            self._link_targets = LinkTargets.of(self.plan, self.config)
        return self._link_targets

    def renderers(self, edition: str = "") -> tuple[Renderer, FeedWriter, SitemapWriter]:
        """Those of one edition of the site (editions.py; "" for the site's
        own), made once per process, on first use. The editions share the
        stories' bodies."""
        if self._renderers is None:
            # Without a store to read bodies back from, keep those the feeds show again.
            in_feeds = frozenset(s for p in self.plan.pages if p.kind in FEED_KINDS for s in p.items) if self.body_store is None else frozenset()
            self._bodies = BodyRenderer(self.config, self.catalog, self.plan, keep=in_feeds, store=self.body_store,
                                        images=self.images, texts=self.texts)
            self._renderers = {}
        if edition not in self._renderers:
            shown = next((e for e in self.plan.editions if e.code == edition), None)
            config, catalog = (shown.config, shown.catalog) if shown else (self.config, self.catalog)
            self._renderers[edition] = (
                Renderer(config, catalog, self.plan, self._bodies, self.template_timings if self.profile else None,
                         template_cache=self.template_cache),
                FeedWriter(config, catalog, self._bodies),
                SitemapWriter(config, catalog, self.plan),
            )
        return self._renderers[edition]


@dataclass(frozen=True)
class RenderJob:
    build_id: str
    pages: tuple[int, ...]  # indices into the plan's pages
    output_dir: str  # the current output, to compare with
    target_dir: str  # where new files go (staging, or the output itself)
    # How a worker without the parent's memory prepares the same build:
    prepare: Callable[..., Prepared] | None = None
    prepare_args: tuple[Any, ...] = ()


@dataclass(frozen=True)
class BatchResult:
    outcomes: list["PageOutcome"]
    templates: Timings  # this batch's template timings, when profiling
    seconds: float  # spent rendering and placing this batch


@dataclass(frozen=True)
class PageOutcome:
    index: int
    path: str
    changed: bool = False
    size: int = 0
    # What the page read beyond its planned sources (a linked story, say):
    # only that crosses back, not the plan's sets again.
    used: tuple[str, ...] = ()
    links: tuple[str, ...] = ()  # what the link check keeps of the page's links (linkcheck.py)
    problem: Diagnostic | None = None
    data: bytes | None = None  # the page, from a worker that does not write it (render_shipped)
    indexed: str = ""  # of the part of a story or static page the search index reads (search.indexed_digest)


_prepared: Prepared | None = None  # this process's build, set by the parent before it forks


def set_prepared(prepared: Prepared) -> None:
    global _prepared
    _prepared = prepared


def render_batch(job: RenderJob) -> BatchResult:
    """Render the job's pages and write them where the build's writer looks."""
    started = time.perf_counter()
    prepared = _prepared
    if prepared is None or prepared.build_id != job.build_id:
        if job.prepare is None:
            raise RuntimeError("this worker has no prepared build and no way to prepare one")
        prepared = job.prepare(*job.prepare_args)
        set_prepared(prepared)
    output_dir, target_dir = Path(job.output_dir), Path(job.target_dir)
    folders: set[Path] = set()
    return _rendered(prepared, job.pages, lambda output: place(output, output_dir, target_dir, folders), started)


class ShippingExecutor(Executor):
    """An executor whose workers share no files with the build (cluster.py):
    they are sent what rendering reads, and send the pages back."""

    def ship(self, value: Any) -> Any:
        """`value` on every worker, once: a handle that submit() passes on as the value."""
        raise NotImplementedError


@dataclass(frozen=True)
class ShippedSite:
    """What a worker elsewhere needs to render a build's pages: the prepared
    build with the story files whose bodies those pages show, the site's layouts/."""
    prepared: Prepared
    layouts: dict[str, bytes]  # path under layouts/ → its bytes (templates, translations)


def shipped_site(prepared: Prepared, pages: list[int]) -> ShippedSite:
    config = prepared.config
    # As read: the workers take the bodies out of them, side by side.
    texts = {source: (config.content_dir / source).read_bytes() for i in pages for source in prepared.plan.pages[i].bodies}
    layouts = {path.relative_to(config.layouts_dir).as_posix(): path.read_bytes()
               for path in sorted(config.layouts_dir.rglob("*")) if path.is_file()} if config.layouts_dir.is_dir() else {}
    # Without this process's caches, store and compiled templates: paths the worker has not.
    bare = replace(prepared, texts=texts, body_store=None, template_cache=None, warnings=[], _renderers=None, _bodies=None,
                   _link_targets=None, template_timings=Timings())
    return ShippedSite(bare, layouts)


_unpacked_in: Path | None = None  # the folder this worker's shipped layouts/ are in
# One batch at a time in a worker process, whatever its threads: the prepared
# build and its renderers are made once and shared, and Markdown and Jinja
# hold the interpreter's lock anyway.
_one_at_a_time = threading.Lock()


def render_shipped(site: ShippedSite, pages: tuple[int, ...]) -> BatchResult:
    """Render pages from a ShippedSite, on a worker that shares no files
    with the build: the pages go back in the outcomes, for the build to write."""
    with _one_at_a_time:
        return _render_shipped(site, pages)


def _render_shipped(site: ShippedSite, pages: tuple[int, ...]) -> BatchResult:
    global _unpacked_in
    started = time.perf_counter()
    prepared = _prepared
    if prepared is None or prepared.build_id != site.prepared.build_id:
        if _unpacked_in is not None:
            shutil.rmtree(_unpacked_in, ignore_errors=True)  # the last build's
        _unpacked_in = root = _scratch_folder()
        for rel, data in site.layouts.items():
            (root / "layouts" / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / "layouts" / rel).write_bytes(data)
        # The site as if it were here: its layouts/ under the new root, every edition's alike.
        here = {"root": root, "output_dir": root / "output"}
        plan = replace(site.prepared.plan, editions=tuple(replace(e, config=replace(e.config, **here)) for e in site.prepared.plan.editions))
        prepared = replace(site.prepared, config=replace(site.prepared.config, **here), plan=plan)
        set_prepared(prepared)
    return _rendered(prepared, pages, None, started)


def _scratch_folder() -> Path:
    """A new folder for a build's layouts/ on this worker: inside a dask
    worker's own folder, which dask removes with the worker (a killed
    worker runs no exit handlers); elsewhere a temporary folder removed
    when the process ends."""
    try:
        from distributed import get_worker  # noqa: PLC0415: only a cluster's worker has one

        return Path(tempfile.mkdtemp(prefix="newsgen-", dir=get_worker().local_directory))
    except (ImportError, ValueError):  # not in a dask worker
        root = Path(tempfile.mkdtemp(prefix="newsgen-worker-"))
        atexit.register(shutil.rmtree, root, ignore_errors=True)
        return root


def _rendered(prepared: Prepared, pages: tuple[int, ...], write: Callable[[OutputFile], bool] | None, started: float) -> BatchResult:
    """`write` places a page and says whether it changed; None: the page goes back as data."""
    renderer = prepared.renderers()[0]
    prepared.template_timings = renderer.env.timings = Timings() if prepared.profile else prepared.template_timings
    outcomes = []
    for index in pages:
        page = prepared.plan.pages[index]
        renderer, feeds, sitemaps = prepared.renderers(page.edition)
        try:
            if page.kind in FEED_KINDS:
                output = OutputFile(page.path, feeds.render(page), sources=feeds.linked(page).union(page.sources))
            elif page.kind in SITEMAP_KINDS:
                output = OutputFile(page.path, sitemaps.render(page), sources=frozenset(page.sources))
            elif page.kind in REDIRECT_KINDS:
                output = OutputFile(page.path, render_redirects(page, prepared.config), sources=frozenset(page.sources))
            else:
                output = renderer.render(page)
        except (RenderError, BodyError) as exc:
            outcomes.append(PageOutcome(index, page.path, problem=exc.diagnostic))
            continue
        changed = write(output) if write else False
        text = output.data.decode("utf-8")
        links = links_to_keep(text, page, output.body_links, prepared.link_targets) if page.template else ()
        if page.kind in FEED_KINDS:  # the feed's own links; the stories' text in it is checked on their pages
            links = links_to_keep(feed_links(text), page, (), prepared.link_targets)
        indexed = indexed_digest(text) if page.kind in INDEXED_KINDS and prepared.config.search.enabled else ""
        outcomes.append(PageOutcome(index, page.path, changed, len(output.data), tuple(sorted(output.sources.difference(page.sources))), links,
                                    data=None if write else output.data, indexed=indexed))
    return BatchResult(outcomes, prepared.template_timings, time.perf_counter() - started)


class SerialExecutor(Executor):
    """Runs each call at once, in this process: for small jobs, where
    starting processes would cost more than it saves."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future
