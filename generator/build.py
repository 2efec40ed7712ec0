"""The pipeline, in order. This is the only module that knows the order.

    discover → parse → catalog → plan → fingerprints → render (pages, images, search index) → check links → write

Every stage returns Diagnostics rather than stopping at the first problem;
the build stops between stages when there are errors, so a writer sees every
broken file at once and the output folder is never touched by a failing build.

A SiteBuilder remembers what the last build did (a BuildState): a file whose
stat or bytes did not change is not parsed again, and a page whose
fingerprint (its plan, the digests of every source it shows or links to, its
templates and the site-wide settings) did not change is not rendered again.
When every source parsed as before (only story text changed), the last
build's catalog and plan are reused, and only pages showing that text render.
`newsgen build` keeps that state in .newsgen-cache/, the dev server in
memory. The result is always what a full build would give, byte for byte.
"""

from __future__ import annotations

import dataclasses
import fcntl
import gc
import hashlib
import os
import signal
import threading
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Collection, Iterator, Mapping

from . import code_signature
from .cache import (BuildState, ModelBlob, OutputRecord, OutputRecords, QuickCheck, SourceRecord, Stamps, StoredOutputs, load_quick,
                    load_state, save_state, to_oldest_generation, trusted)
from .config import LEDGER_FILE, SiteConfig
from .content.discover import Listing, discover_sources, is_ignored_name, list_content, walk_files
from .content.model import Article, Author, BuildMode, Page, SectionText, SourceKind
from .errors import BuildFailed, Diagnostic, NewsgenError, error, made_strict, warning
from .outputs import OutputFile
from .timings import Timings
from .write import (InPlaceWriter, StampCheck, StandbyWriter, WriteReport, file_stamp, files_under, folder_stamps, folders_of, place,
                    recover, standby_path)

# The stages themselves (catalog, plan, render, images, search…) are imported
# where they are first used, not here: a build with nothing to do, the most
# frequent, imports only what tells it so (0.1 s of Python, not 0.28 s).
if TYPE_CHECKING:
    from concurrent.futures import Executor

    from . import search
    from .content.catalog import Catalog
    from .fingerprints import PageFingerprints, Sorted
    from .images import ImageInfo
    from .linkcheck import LinksChecked, TargetChanges
    from .plan import ClockChange, PagePlan, SitePlan
    from .redirects import Ledger, UrlChange
    from .workers import PageOutcome, Prepared

_ABSENT = object()  # a source the last model did not have
# Pages whose bodies other pages (feeds) reuse: rendered in the first wave.
BODY_KINDS = frozenset({"article", "page"})

Progress = Callable[[int, int], None]
PARALLEL_THRESHOLD = 200  # fewer pages than this render faster in this process
MAX_STAMP_HELPERS = 8  # processes comparing output/ with the last build's stamps (StampCheck): stats scale with cores, to a point
BATCH_SIZE = 40  # pages per job: small enough to keep every core busy to the end
BODY_STORE = "bodies"
IMAGE_STORE = "images"  # processed image variants, by what they were made from
IMAGE_BATCH = 4  # images per job: each is a large decode; small batches spread them over the cores
TEMPLATE_CACHE = "templates"
SEARCH_PARTS = "search"  # what the search index holds of each page (search.PageParts)


@dataclass(frozen=True)
class Model:
    """What prepare made of the sources, kept in the build state for the
    next build: when only story text or assets changed since, the catalog
    and the plan are reused as they are, and only pages showing a changed
    source can have a new fingerprint."""

    config: SiteConfig
    settings: tuple  # drafts, future, strict, files skipped
    parsed: dict[str, object]  # content path → what it parsed to (None: an asset)
    static: dict[str, Path]
    window: tuple  # the span of `now` over which the catalog and plan hold
    # The same catalog and plan are the very same objects (the build state
    # writes them again only when they are not): compared by identity.
    catalog: Catalog = field(metadata={"by_identity": True})
    plan: SitePlan = field(metadata={"by_identity": True})
    derived: Findings  # what the catalog, the checks and the plan found
    ledger: Ledger  # the URL ledger with this model's URLs in it (redirects.py)
    ledger_stat: tuple | None = None  # the stat of urls.toml when settings[-1] was read from it
    images: dict[str, ImageInfo] = field(default_factory=dict)  # output path → each processed image (the plan has their variants)
    # The search index's shards (search.shards): the same while the plan is,
    # and a second to make at 100,000 stories.
    shards: list[search.Shard] = field(default_factory=list, metadata={"by_identity": True})
    # Known once the build that made the model succeeded:
    digests: dict[str, str] = field(default_factory=dict)
    site: str = ""  # the site-wide fingerprint of the model (the translations' catalogs are taken anew each build)
    templates: dict[str, str] = field(default_factory=dict)  # template → digest
    closures: dict[str, frozenset[str]] = field(default_factory=dict)  # page template → the templates it uses
    # What the pages' fingerprints were made of beyond each page's plan: the
    # site-wide part (`site` with the translations' phrases), and each source
    # as a page showing it sees it (a digest of its fingerprint entry).
    page_site: str = ""
    entries: dict[str, bytes] = field(default_factory=dict)

    def holds(self, config: SiteConfig, settings: tuple, parsed: dict[str, object], static: dict[str, Path],
              images: dict[str, ImageInfo], now) -> bool:
        return self._around(config, settings, static, images, now) and parsed == self.parsed  # unchanged records are the same objects: cheap

    def changed_stories(self, config: SiteConfig, settings: tuple, parsed: dict[str, object], static: dict[str, Path],
                        images: dict[str, ImageInfo], now) -> tuple[list[Article], list[Article]] | None:
        """When only stories changed since (no page, author, file, setting or
        time's window): the old versions of those changed or deleted, and the
        new versions of those changed or added. Else None."""
        if not self._around(config, settings, static, images, now):
            return None
        gone, came = [], []
        for path, record in parsed.items():
            before = self.parsed.get(path, _ABSENT)
            if record is before:
                continue
            if not isinstance(record, Article) or not (before is _ABSENT or isinstance(before, Article)):
                return None
            if before is not _ABSENT:
                gone.append(before)
            came.append(record)
        for path in self.parsed.keys() - parsed.keys():
            if not isinstance(self.parsed[path], Article):
                return None
            gone.append(self.parsed[path])
        return gone, came

    def _around(self, config: SiteConfig, settings: tuple, static: dict[str, Path], images: dict[str, ImageInfo], now) -> bool:
        """Was the model made under these settings, files beside the stories, and time?"""
        since, until = self.window
        return (
            config == self.config
            and settings == self.settings
            and (since is None or now >= since)
            and (until is None or now < until)
            and static == self.static
            and images == self.images
        )


@dataclass(frozen=True)
class Findings:
    """What the stages making a model found, apart: a model made in place
    (_placed_alike) keeps what the catalog and the plan found, as they are
    the same; one made in place or updated for the stories that changed
    checks only those again, the others keeping theirs (by_story)."""
    catalog: list[Diagnostic]
    checks: list[Diagnostic]
    plan: list[Diagnostic]
    by_story: dict[str, tuple[Diagnostic, ...]]  # the checks' findings of each story with any, for the next build to keep

    @property
    def all(self) -> list[Diagnostic]:
        return self.catalog + self.checks + self.plan


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
    dependencies: Mapping[str, tuple[frozenset[str], frozenset[str]]] = field(default_factory=dict)
    stages: Timings = field(default_factory=Timings)  # seconds per stage
    templates: Timings | None = None  # seconds per template, all processes (with profile=True)
    render_seconds: float = 0.0  # rendering time summed over all processes
    skipped: tuple[Diagnostic, ...] = ()  # the errors of the files keep_going left out, all of them
    # Stories this build left out, by why: ("draft", 2), ("expired", 1), ("scheduled", 1).
    unpublished: tuple[tuple[str, int], ...] = ()
    urls_recorded: tuple[UrlChange, ...] = ()  # stories whose new URL this build wrote to the URL ledger


class Dependencies(Mapping[str, tuple[frozenset[str], frozenset[str]]]):
    """Output path → (sources, templates) it was made from, worked out when
    asked from what the build keeps anyway: held as sets for every page, they
    were a tenth of a large build's memory."""

    def __init__(self, plan: SitePlan, outputs: dict[str, OutputRecord], closures: dict[str, frozenset[str]],
                 digests: dict[str, str]):
        self._plan, self._outputs, self._closures, self._digests = plan, outputs, closures, digests

    @cached_property
    def _pages(self) -> dict[str, PagePlan]:
        return {page.path: page for page in self._plan.pages}

    def __getitem__(self, path: str) -> tuple[frozenset[str], frozenset[str]]:
        used = self._outputs[path].used
        page = self._pages.get(path)
        if page is None:  # a copied file: its own source, when it is content
            return frozenset({path} if path in self._digests else ()), frozenset()
        return frozenset(page.sources).union(used), self._closures[page.template]

    def __iter__(self) -> Iterator[str]:
        return iter(self._outputs)

    def __len__(self) -> int:
        return len(self._outputs)


def build_site(config: SiteConfig, mode: BuildMode, progress: Progress | None = None, *, strict: bool = False,
               executor: Executor | None = None) -> BuildResult:
    """One build from nothing, into config.output_dir, all or nothing."""
    return SiteBuilder(config, executor=executor).build(mode, progress=progress, strict=strict)


def prepare_site(config: SiteConfig, mode: BuildMode, strict: bool = False) -> Prepared:
    """load → model → plan, from nothing: what a worker of another machine runs."""
    return SiteBuilder(config).prepare(mode, strict)


class SiteBuilder:
    def __init__(self, config: SiteConfig, *, cache_dir: Path | None = None, in_place: bool = False,
                 executor: Executor | None = None, workers: int | None = None, body_store: Path | None = None,
                 record_urls: bool = False, search_later: bool = False, search_parts: Path | None = None):
        """`cache_dir`: keep the build state and rendered bodies there between
        processes. `body_store`: keep rendered bodies there (default: in
        cache_dir) even when the state stays in memory (the dev server).
        `in_place`: write file by file (the dev server's folder) instead of
        exchanging output/ with its standby (write.py). `executor`: where pages render
        (default: a process pool over `workers` processes, all cores unless
        said, for large builds). `record_urls`: write the stories' new URLs
        to the site's URL ledger (`newsgen build`, not a preview).
        `search_later`: leave a changed search index to update_search().
        `search_parts`: keep what the search index holds of each page there
        (default: in cache_dir; else in memory)."""
        self.config = config
        self.cache_dir = cache_dir
        self.body_store = body_store or (cache_dir / BODY_STORE if cache_dir else None)
        self.template_cache = cache_dir / TEMPLATE_CACHE if cache_dir else None
        self.search_parts_dir = search_parts or (cache_dir / SEARCH_PARTS if cache_dir else None)
        self.in_place = in_place
        self.record_urls = record_urls
        # The output's folders, and its standby's, as this builder's last build left them.
        self._output_folders: dict[str, int] | None = None
        self._standby_folders: dict[str, int] | None = None
        self.executor = executor
        self.workers = workers
        self._state: BuildState | None = None
        self._files: dict[str, SourceRecord] = {}
        self._read: list[str] = []  # of those, the files whose bytes this build read (their stat was new or too recent to trust)
        self._made: Model | None = None  # this build's
        self._reused = False  # did this build reuse the last one's model?
        self._in_place = False  # or that model's catalog and plan, with new versions of stories placed alike?
        self._same_shards = False  # are the search index's shards the last model's (so too its plan)?
        self._shards_before: dict[str, list[str]] = {}  # else the last model's shards, by name: their pages' URLs
        self._listing: Listing | None = None  # the files under content/ as this build's input scan found them
        self._last: Model | None = None  # the last build's model, until this one's fingerprints are made
        self._scanned: dict[str, tuple[int, int, int]] = {}  # this build's scan of its inputs
        self._vouched: dict[str, tuple[tuple[int, int, int], str]] = {}  # inputs vouched for by their bytes (QuickCheck.vouched)
        self._output_check: StampCheck | None = None  # this build's comparison of output/ with the quick check's stamps
        # The link check of the build the state's records of output/ are of, and this build's (linkcheck.LinksChecked).
        self._links_checked: LinksChecked | None = None
        self._links_next: LinksChecked | None = None
        self._link_changes: TargetChanges | None = None  # what links lead to since the last build's plan, when known
        # The state's records of output/ whose files are not as recorded, as
        # _output_check found them; None: not known, each file is looked at (_holds).
        self._changed_outputs: set[str] | None = None
        self._stamps_before: Stamps | None = None  # the quick check's stamps of the files the state's records are of, when they are
        self.stages = Timings()
        self._render_seconds = 0.0
        # The dev server's: a build keeps the search index it finds, and
        # update_search() makes the new one after the pages are served.
        self.search_later = search_later
        self._search_due: list | None = None  # (shard, fingerprint) of each index shard update_search() is to make
        self._search_next: list | None = None  # the same, for the build under way, due once it is committed
        self._model_blob: ModelBlob | None = None  # this build's new model, being written (cache.ModelBlob)

    @property
    def state(self) -> BuildState:
        """Loaded on first use: a build with nothing to do never needs it."""
        if self._state is None:
            self._state = (load_state(self.cache_dir) if self.cache_dir else None) or BuildState()
        return self._state

    @state.setter
    def state(self, state: BuildState) -> None:
        self._state = state
        self._links_checked = None  # another state's output: its link check is not known (a build sets its own after)

    def prepare(self, mode: BuildMode, strict: bool = False, skip: frozenset[str] = frozenset()) -> Prepared:
        """discover → parse → catalog → plan. Raises BuildFailed with every error.
        `skip`: content files to leave out (paths as "content/…")."""
        from . import search  # noqa: PLC0415
        from .workers import Prepared  # noqa: PLC0415

        config = self.config
        problems: list[Diagnostic] = []
        self._files, self._read = {}, []  # this build's records, replacing the state's on success
        if self.state.config != config:  # parsed with other settings: parse again
            self.state = BuildState(self.state.started_ns, self.state.output_dir, outputs=self.state.outputs, config=config,
                                    base=self.state.base)

        stage = self.stages.measure
        with stage("discover"):
            listing, self._listing = self._listing, None  # the input scan's walk of content/, if it was this build's
            sources, found = discover_sources(config.content_dir, listing)
            sources = [s for s in sources if f"content/{s.rel}" not in skip]
        problems += found

        with stage("parse (or reuse) sources"):
            parsed, digests = self._read_sources(sources, problems)
        static = discover_static(config, problems)
        images = self._probe_images(sources, static, problems)
        _stop_on_errors(problems)

        ledger, ledger_stat = self._read_ledger()
        settings = (mode.drafts, mode.future, strict, skip, ledger)
        last = self.state.model
        self._last = last if isinstance(last, Model) else None
        self._reused = isinstance(last, Model) and last.holds(config, settings, parsed, static, images, mode.now)
        changes = None if self._reused or not isinstance(last, Model) else last.changed_stories(config, settings, parsed, static, images, mode.now)
        versions = _placed_alike(changes)
        self._in_place = versions is not None
        if self._reused:
            # Only story text or assets changed: what the catalog and the plan
            # are made of is equal, so they are too (and so are their findings).
            catalog, plan, derived, window, urls = last.catalog, last.plan, last.derived, last.window, last.ledger
        else:
            # The state lets the old model go (its next save writes the new
            # one). The model itself stays until this build's fingerprints
            # are made: the new catalog and plan take from it what no change
            # reaches, and the fingerprints compare each new page with its old one.
            self.state.forget_model()
            last = None
            if versions is not None:
                catalog, plan, derived = self._model_in_place(self._last, versions, images)
                window, urls = self._last.window, self._last.ledger
            else:
                catalog, plan, derived, window, urls = self._model(parsed, static, images, mode, strict, ledger, self._last, changes)
        problems += derived.all
        if strict:
            problems = made_strict(problems)
        _stop_on_errors(problems)
        same_plan = self._reused or self._in_place
        self._same_shards = same_plan
        with self.stages.measure("search shards"):
            shards = self._last.shards if same_plan else search.shards(plan, catalog, config, mode)
        self._shards_before = ({shard.name: [page.url for page in shard.pages] for shard in self._last.shards}
                               if self._last is not None and not same_plan else {})
        self._made = Model(config, settings, parsed, static, window, catalog, plan, derived, urls, ledger_stat, images, shards)
        return Prepared(
            build_id=uuid.uuid4().hex, config=config, mode=mode, catalog=catalog, plan=plan, digests=digests, images=images,
            body_store=self.body_store, template_cache=self.template_cache, warnings=problems,
        )

    def _read_ledger(self) -> tuple[Ledger, tuple | None]:
        """The URL ledger and its file's stat: read again only when the file
        changed (10,000 stories' take 0.3 s to parse)."""
        from .redirects import read_ledger  # noqa: PLC0415

        try:
            found = os.stat(self.config.ledger_path)
            stat = (found.st_mtime_ns, found.st_size, found.st_ino)
        except FileNotFoundError:
            stat = None
        last = self.state.model
        if isinstance(last, Model) and stat is not None and last.ledger_stat == stat and last.config == self.config:
            return last.settings[-1], stat
        return read_ledger(self.config), stat

    def clock(self, mode: BuildMode) -> list[ClockChange]:
        """The moments after mode.now at which the output changes by the clock
        alone (`newsgen next`): the sources as a build would read them."""
        from .plan import clock_changes  # noqa: PLC0415

        self.prepare(mode)
        parsed = self._made.parsed.values()
        articles, pages = [p for p in parsed if isinstance(p, Article)], [p for p in parsed if isinstance(p, Page)]
        return [change for change in clock_changes(articles, mode, pages) if change.moment > mode.now]

    def _model(self, parsed: dict[str, object], static: dict[str, Path], images: dict[str, ImageInfo], mode: BuildMode,
               strict: bool, ledger: Ledger, previous: Model | None = None,
               changes: tuple[list[Article], list[Article]] | None = None) -> tuple[Catalog, SitePlan, Findings, tuple, Ledger]:
        """catalog → plan → redirects, what they found (raising at once on
        errors), the span of `now` over which they hold, and the URL ledger
        with this plan's URLs. `previous`: the last build's model: the new
        catalog keeps its related stories where no change reaches them, the
        new plan its pages where nothing they are made of changed; `changes`:
        the stories that alone changed since it (Model.changed_stories), whose
        lists alone the catalog makes again."""
        from .content.catalog import build_catalog, published_assets, updated_catalog  # noqa: PLC0415
        from .editions import split_editions  # noqa: PLC0415
        from .plan import plan_site, time_window  # noqa: PLC0415
        from .redirects import with_redirects  # noqa: PLC0415

        articles = [p for p in parsed.values() if isinstance(p, Article)]
        pages = [p for p in parsed.values() if isinstance(p, Page)]
        authors = [p for p in parsed.values() if isinstance(p, Author)]
        section_texts = [p for p in parsed.values() if isinstance(p, SectionText)]
        assets = published_assets(parsed, mode)
        stage = self.stages.measure
        with stage("catalog and checks"):
            updated = changes and updated_catalog(previous.catalog, *changes, authors, self.config, mode, section_texts)
            if updated and updated[0].assets != frozenset(assets):  # a story's bundle shown or withheld now
                updated = replace(updated[0], assets=frozenset(assets)), updated[1]
            catalog, found = updated or build_catalog(articles, pages, authors, assets, self.config, mode, section_texts,
                                                      previous.catalog if previous else None)
            # The stories that did not change keep their findings (the same images: Model._around).
            since, changed = (previous.derived.by_story, {a.source for a in changes[1]}) if changes else (None, ())
            checked, by_story = _checks(catalog, images, since, changed)
        _stop_on_errors(made_strict(found + checked) if strict else found + checked)
        with stage("plan"):
            editions = split_editions(catalog, articles, pages, authors, section_texts, self.config, mode)
            plan, planned = plan_site(catalog, self.config, static, mode.now, images, editions, previous.plan if previous else None)
        _stop_on_errors(planned)
        with stage("redirects"):
            plan, ledger, redirected = with_redirects(plan, catalog, ledger, [*articles, *pages], self.config, section_texts)
        _stop_on_errors(redirected)
        return catalog, plan, Findings(found, checked, planned + redirected, by_story), time_window(articles, mode, pages), ledger

    def _model_in_place(self, last: Model, versions: dict[str, Article], images: dict[str, ImageInfo]) -> tuple[Catalog, SitePlan, Findings]:
        """The last model's catalog and plan with new versions of stories that
        moved nowhere (_placed_alike): a headline edit then costs
        the lists the story is on, not a catalog and plan of the whole archive."""
        with self.stages.measure("catalog and plan, stories in place"):
            catalog = last.catalog.with_versions(versions)
            # Each edition shows its own catalog (the whole one in a site in one language).
            editions = tuple(replace(e, catalog=catalog if e.catalog is last.catalog else e.catalog.with_versions(versions))
                             for e in last.plan.editions)
            checked, by_story = _checks(catalog, images, last.derived.by_story, versions.keys())
        return catalog, replace(last.plan, editions=editions), replace(last.derived, checks=checked, by_story=by_story)

    def _read_sources(self, sources, problems: list[Diagnostic]) -> tuple[dict[str, object], dict[str, str]]:
        """Each source's parsed form (parsed only when new or changed; None
        for an asset) and digest, by path under content/."""
        from .images import is_raster  # noqa: PLC0415

        parsed: dict[str, object] = {}
        digests: dict[str, str] = {}
        content = str(self.config.content_dir)
        for source in sources:
            asset = source.kind is SourceKind.ASSET
            record = self._record(f"{content}/{source.rel}", parse=None if asset else source,
                                  label=f"content/{source.rel}" if asset and is_raster(source.rel) else None)
            digests[source.rel] = record.digest
            parsed[source.rel] = record.parsed
            problems += record.problems
        return parsed, digests

    def _probe_images(self, sources, static: dict[str, Path], problems: list[Diagnostic]) -> dict[str, ImageInfo]:
        """What each raster image in content/ and static/ is, by output path:
        probed when its file is read, so once per change."""
        from .images import is_raster  # noqa: PLC0415

        content = str(self.config.content_dir)
        images = {}
        for source in sources:
            if source.kind is SourceKind.ASSET and is_raster(source.rel):
                record = self._files[f"{content}/{source.rel}"]
                if record.image is not None:
                    images[source.rel] = record.image
        for rel, path in static.items():
            if is_raster(rel):
                record = self._record(path, label=rel)
                problems += record.problems
                if record.image is not None:
                    images[rel] = record.image
        return images

    def build(self, mode: BuildMode, *, progress: Progress | None = None, strict: bool = False,
              profile: bool = False, keep_going: bool = False) -> BuildResult:
        """`profile`: also measure every template (BuildResult.templates).
        `keep_going`: leave out each content file with an error of its own
        (and then any story whose links it breaks), publish the rest, and
        list what was left out in BuildResult.skipped."""
        started = time.perf_counter()
        with build_lock(self.config), _few_collections(), self._forks_closed():
            skipped: dict[str, tuple[Diagnostic, ...]] = {}  # content file → its errors
            while True:
                try:
                    # Its time is every pass's: a pass that found files to leave out counts too.
                    return replace(self._build(mode, progress, strict, profile, skipped, keep_going), seconds=time.perf_counter() - started)
                except BuildFailed as failure:
                    own: dict[str, list[Diagnostic]] = {}
                    for problem in failure.diagnostics:
                        if self._is_content_file(problem.path) and problem.path not in skipped:
                            own.setdefault(problem.path, []).append(problem)
                    # An error that is not one file's own (site.toml, a
                    # template) stops the build, with every error found so far.
                    if not keep_going or not own or any(not self._is_content_file(p.path) for p in failure.diagnostics):
                        raise BuildFailed([*failure.diagnostics, *(p for found in skipped.values() for p in found)]) from None
                    skipped.update((path, tuple(found)) for path, found in own.items())

    @contextmanager
    def _forks_closed(self) -> Iterator[None]:
        """However the build ends, the processes it forked are never left
        behind: the copy writing its model's blob is waited for, the helpers
        comparing output/ are stopped."""
        try:
            yield
        finally:
            if self._model_blob is not None:
                self._model_blob.close()
                self._model_blob = None
            self._check_output(None)

    def _is_content_file(self, path: str) -> bool:
        return path.startswith("content/") and (self.config.root / path).is_file()

    def _build(self, mode: BuildMode, progress: Progress | None, strict: bool, profile: bool,
               skipped: Mapping[str, tuple[Diagnostic, ...]], keep_going: bool) -> BuildResult:
        """One pass of the pipeline, leaving out the `skipped` content files."""
        started = time.perf_counter()
        skip = frozenset(skipped)
        left_out = tuple(sorted((p for found in skipped.values() for p in found), key=lambda d: (d.path, d.line or 0, d.message)))
        self.stages = stage_timings = Timings()
        started_ns = time.time_ns()
        _recover(self.config.output_dir)  # a commit a killed or failed build left half done
        settings = (code_signature(), str(self.config.output_dir), mode.drafts, mode.future, strict, self.record_urls)
        quick = load_quick(self.cache_dir) if self.cache_dir else None
        self._check_output(quick)
        # Scanned before any source is read: a file that changes during
        # this build then differs from the record, and the next build sees it.
        with stage_timings.measure("scan the inputs"):
            inputs, self._listing = scan_inputs(self.config) if self.cache_dir else ({}, None)
        with stage_timings.measure("anything to do?"):
            unchanged = None if skip else self._nothing_to_do(quick, inputs, settings, mode)
        if unchanged is not None:
            # Nothing changed since a build that left files out: they are
            # still broken, and this build says so as that one did.
            if unchanged.skipped and not keep_going:
                raise BuildFailed(list(unchanged.skipped))
            return replace(unchanged, seconds=time.perf_counter() - started, stages=stage_timings)
        with stage_timings.measure("load the build state"):
            state_started_ns = self.state.started_ns
        with stage_timings.measure("compare output/ with its stamps"):
            folders_before, standby_before, folders_intact = self._output_as_left(quick, state_started_ns)
        # An input an earlier build vouched for by its bytes stays so while its stat is the same.
        self._vouched = dict(quick.vouched) if quick is not None else {}
        if self.cache_dir:  # (a builder without one, the dev server's, has its own last build's)
            from .linkcheck import LinksChecked  # noqa: PLC0415

            same_build = quick is not None and quick.links is not None and quick.started_ns == state_started_ns
            self._links_checked = LinksChecked(*quick.links) if same_build else None
        del quick  # its records of every input and output: not held through the build
        self._scanned = inputs  # stats just taken: not taken again per file
        prepared = self.prepare(mode, strict, skip)
        prepared.profile = profile
        config, plan = self.config, prepared.plan
        output = str(config.output_dir)
        problems = list(prepared.warnings)
        with stage_timings.measure("fingerprints: what changed"):
            fingerprints = self._fingerprints(prepared, problems)
            previous = self.state.outputs if self.state.output_dir == output else {}
            pages = fingerprints.sort(plan.pages, previous, self._holds, self._intact)
        self._link_changes = self._link_targets_changed(prepared)
        self._last = None  # the old model: not held through rendering
        _stop_on_errors(problems)
        model = replace(self._made, digests=prepared.digests, site=fingerprints.site_model, templates=fingerprints.templates,
                        closures={name: closure for name, closure in fingerprints.closures.items() if name},
                        page_site=fingerprints.site, entries=fingerprints.seen)
        if self.cache_dir and not self._reused:
            # A new catalog and plan: their blob is written while the pages render (closed by build()).
            if self._model_blob is not None:
                self._model_blob.close()  # a pass that keep_going began again
            self._model_blob = ModelBlob(self.cache_dir, _as_recorded(model, self.record_urls))

        touched = not folders_intact
        writer = self._writer(set(previous), touched)
        outputs = pages.outputs
        try:
            with writer:
                templates_timed = Timings() if profile else None
                problems += self._write_pages(prepared, fingerprints, pages, writer, progress, templates_timed)
                _stop_on_errors(problems)
                problems += self._publish_images(prepared, previous, writer, outputs, pages.keep)
                problems += self._publish_search(prepared, previous, writer, outputs, pages.keep)
                self._publish_copies(prepared, previous, writer, outputs, pages.keep)
                problems += self._check_links(prepared, outputs, writer.current_dir, strict, pages.keep)
                _stop_on_errors(problems)
                with stage_timings.measure("commit the output"):
                    report = writer.commit()
                self._search_due = self._search_next
        except OSError as exc:  # a full disk, a permission: output/ was not touched
            raise BuildFailed([error(output, None, f"could not write the output: {_reason(exc)}; the previous output is kept")]) from None
        # Said by this build only: the next one restores the standby first (or fails saying why).
        of_this_commit: list[Diagnostic] = []
        if getattr(writer, "standby_problem", None) is not None:
            of_this_commit.append(warning(str(standby_path(config.output_dir)), None,
                                          f"the output is written, but its standby copy could not be updated "
                                          f"({_reason(writer.standby_problem)}); the next build restores it first"))
        with stage_timings.measure("stamp the output"):
            outputs.settle(writer.produced)
            # What this build's output proves itself by: the new files' stamps, and the folders'.
            for path in set(outputs.set_now).difference(pages.keep):
                outputs[path] = _stamped(output, outputs[path], path)
            folders, standby_folders = self._stamp_folders(writer, report, outputs, folders_before, standby_before, touched)
            output_stamps = self._output_stamps(outputs, previous)

        recorded = self._record_urls(inputs)
        model = replace(model, settings=self._made.settings, ledger_stat=self._made.ledger_stat)  # as recording the URLs left it
        closures = fingerprints.closures
        del fingerprints  # every fingerprint made: their entries go before the state is saved, the build's peak
        self.state = BuildState(started_ns=started_ns, output_dir=output, files=self._files,
                                outputs=outputs if self.cache_dir else outputs.flattened(),  # (kept in memory: as a dict)
                                config=config, model=model, base=self.state.base)
        self._links_checked = self._links_next
        unpublished = tuple(sorted(Counter(prepared.catalog.unpublished.values()).items()))
        warnings = tuple(p for p in problems if not p.is_error)
        if self.cache_dir:
            quick = QuickCheck(
                inputs=Stamps(inputs, 3), started_ns=started_ns, settings=settings, window=self._made.window,
                outputs=output_stamps, folders=Stamps(folders, 1),
                standby_folders=Stamps(standby_folders, 1) if standby_folders is not None else None,
                articles=len(prepared.catalog.articles), pages=len(plan.pages),
                warnings=warnings, unpublished=unpublished, skipped=left_out, vouched=self._vouched_inputs(inputs, started_ns),
                links=(self._links_checked.targets, self._links_checked.found) if self._links_checked is not None else None,
            )
            try:
                with stage_timings.measure("save the build cache"):
                    save_state(self.cache_dir, self.state, quick, self._model_blob)
            except Exception as exc:  # the output is already committed: a cache is only a speed-up
                warnings += (warning(self.cache_dir, None, f"could not write the build cache ({exc}); the next build will do everything"),)
        warnings += tuple(of_this_commit)
        return BuildResult(
            articles=len(prepared.catalog.articles),
            unpublished=unpublished,
            pages=len(plan.pages),
            files=len(outputs),  # as a build with nothing to do reports it (_nothing_to_do)
            rendered=len(pages.todo),
            seconds=time.perf_counter() - started,
            write=report,
            warnings=warnings,
            dependencies=Dependencies(plan, outputs, closures, prepared.digests),
            stages=stage_timings,
            templates=templates_timed,
            render_seconds=self._render_seconds,
            skipped=left_out,
            urls_recorded=recorded,
        )

    def _check_output(self, quick: QuickCheck | None) -> None:
        """Begins the comparison of output/ with the quick check's stamps
        (its helpers work while the build scans its inputs and loads its
        state), stopping one an earlier pass began; none without a quick
        check of this output folder."""
        if self._output_check is not None:
            self._output_check.close()
        self._output_check, self._changed_outputs = None, None
        output = str(self.config.output_dir)
        if quick is not None and quick.settings[1] == output:
            self._output_check = StampCheck(output, quick.outputs.items, quick.folders.items, min(MAX_STAMP_HELPERS, os.cpu_count() or 1))

    def _nothing_to_do(self, quick: QuickCheck | None, inputs: dict, settings: tuple, mode: BuildMode) -> BuildResult | None:
        """The last good build's result, when no input, setting or moment since
        changes anything and its output is as that build left it; else None."""
        if quick is None or quick.settings != settings or quick.inputs != Stamps(inputs, 3):
            return None
        for path, stat in inputs.items():
            if not trusted(stat, quick.started_ns) and not _vouched_for(path, stat, quick.vouched.get(path)):
                return None  # something changed too close to the last build to trust its stat
        since, until = quick.window
        if (since is not None and mode.now < since) or (until is not None and mode.now >= until):
            return None
        if not self._output_check.unchanged():
            return None  # changed by something else: a file written, added or removed
        return BuildResult(
            articles=quick.articles, unpublished=quick.unpublished, pages=quick.pages, files=len(quick.outputs), rendered=0, seconds=0.0,
            write=WriteReport(changed=(), removed=(), unchanged=len(quick.outputs)), warnings=quick.warnings,
            skipped=quick.skipped,
        )

    def _output_as_left(self, quick: QuickCheck | None, state_started_ns: int) -> tuple[dict[str, int] | None, dict[str, int] | None, bool]:
        """The stamps of output/'s folders and of its standby's as the last
        build left them, and whether output/'s are still so. If not (a
        --no-cache build, one killed after its commit, another tool), every
        file in it is looked at, what no build made removed, and its standby
        compared with it before any write. (A long-lived builder, the dev
        server's, remembers its own last stamps.) The quick check's stamps
        vouch for the state's records of output/ only when both are the same
        build's, the one that began at `state_started_ns` (the two are saved
        in one transaction; a state read as damaged is none)."""
        output = str(self.config.output_dir)
        self._stamps_before = None
        same_output = quick is not None and quick.settings[1] == output and quick.started_ns == state_started_ns
        if same_output:
            # The helpers compared output/ with these very stamps: the
            # state's records are the same build's (_holds takes their word).
            folders_before = quick.folders.as_dict()
            standby_before = quick.standby_folders.as_dict() if quick.standby_folders is not None else None
            self._changed_outputs = self._output_check.changed_files()
            self._stamps_before = quick.outputs
            return folders_before, standby_before, self._output_check.folders_unchanged()
        folders_before, standby_before = self._output_folders, self._standby_folders
        return folders_before, standby_before, folders_before is not None and folder_stamps(output, folders_before) == folders_before

    def _output_stamps(self, outputs: OutputRecords, previous: Mapping[str, OutputRecord]) -> Stamps:
        """The quick check's stamps of output/: those of the last build's
        records but for the ones this build set or let go, when they are the
        same build's (_output_as_left); else every record's."""
        if self._stamps_before is not None and previous is self.state.outputs and outputs.base is previous:
            return self._stamps_before.patched({path: (record.size, *record.stamp) for path, record in outputs.set_now.items()},
                                               outputs.removed)
        return Stamps(outputs.flattened(), 3, lambda record: (record.size, *record.stamp))

    def _fingerprints(self, prepared: Prepared, problems: list[Diagnostic]) -> PageFingerprints:
        """The fingerprints of this build's pages (fingerprints.py), with the
        templates' errors and the translations' gaps in `problems`."""
        from .fingerprints import PageFingerprints  # noqa: PLC0415
        from .translations import languages_of, missing_translation_warnings  # noqa: PLC0415

        config, plan = self.config, prepared.plan
        renderer = prepared.renderers()[0]
        page_templates = sorted({page.template for page in plan.pages} - {""})
        closures, templates = _templates(renderer, page_templates, self._last, problems)
        problems += missing_translation_warnings(config, languages_of(config, prepared.catalog), renderer.env)
        return PageFingerprints(config, prepared.mode, prepared.catalog, plan, prepared.digests, prepared.images,
                                closures, templates, self._last, self._reused, self._in_place)

    def _writer(self, recorded: set[str], touched: bool) -> InPlaceWriter | StandbyWriter:
        """What puts this build's files in output/: the dev server's writes
        in place, file by file; `newsgen build` fills a standby and
        exchanges it with output/ (write.py). `recorded`: the files the last
        build left; `touched`: output/ may hold others, so it is listed."""
        output_dir = self.config.output_dir
        on_disk = recorded or None
        if touched and output_dir.is_dir():
            on_disk = recorded | files_under(output_dir)
        if self.in_place:
            return InPlaceWriter(output_dir, on_disk)
        return StandbyWriter(output_dir, on_disk, output_touched=touched)

    def _write_pages(self, prepared: Prepared, fingerprints: PageFingerprints, pages: Sorted, writer,
                     progress: Progress | None, templates: Timings | None) -> list[Diagnostic]:
        """The render stage: the pages kept stay, the others render, each
        recorded in `pages.outputs` with what it was made from."""
        plan, outputs, by_source = prepared.plan, pages.outputs, prepared.catalog.by_source
        writer.keep_all(pages.keep)
        failures = PageFailures()
        with self.stages.measure("render (wall clock)"):
            for outcome in self._render(prepared, pages.todo, writer, progress, templates):
                page = plan.pages[outcome.index]
                if outcome.problem is not None:
                    failures.add(outcome.problem, page.url)
                    if failures.hopeless:
                        break  # every page so far failed: the rest would too
                    continue
                failures.succeeded += 1
                writer.record(outcome.path, outcome.changed)
                # The catalog's own strings, not the copies each worker's
                # result arrived with: 70,000 fewer objects in the state.
                used = tuple(by_source[s].source if s in by_source else s for s in outcome.used)
                outputs[page.path] = OutputRecord(fingerprints.of(page, used), outcome.size, used, links=outcome.links,
                                                  indexed=outcome.indexed)
        return failures.reported(len(pages.todo))

    def _render(self, prepared: Prepared, todo: list[int], writer, progress: Progress | None,
                templates: Timings | None) -> Iterator[PageOutcome]:
        """Render pages in batches on the executor: stories and static pages
        first, whose bodies the feeds then find in the body store."""
        from concurrent.futures import as_completed  # noqa: PLC0415

        from .workers import RenderJob, ShippingExecutor, render_batch, render_shipped, set_prepared, shipped_site  # noqa: PLC0415

        self._render_seconds = 0.0
        if not todo:
            return
        set_prepared(prepared)  # before any fork: workers inherit it
        pages = prepared.plan.pages
        waves = [[i for i in todo if pages[i].kind in BODY_KINDS], [i for i in todo if pages[i].kind not in BODY_KINDS]]
        target = str(writer.target_dir)
        executor, owned = self._executor(len(todo))
        if isinstance(executor, ShippingExecutor):  # workers elsewhere: sent the site once, they send back pages
            site = executor.ship(shipped_site(prepared, todo))

            def submit(pages: tuple[int, ...]):
                return executor.submit(render_shipped, site, pages)
        else:
            def submit(pages: tuple[int, ...]):
                return executor.submit(render_batch, RenderJob(prepared.build_id, pages, str(self.config.output_dir), target,
                                                               prepare_site, (self.config, prepared.mode)))
        folders: set[Path] = set()
        done = 0
        try:
            for wave in waves:
                for future in as_completed([submit(tuple(wave[i : i + BATCH_SIZE])) for i in range(0, len(wave), BATCH_SIZE)]):
                    batch = future.result()
                    self._render_seconds += batch.seconds
                    if templates is not None:
                        templates.merge(batch.templates)
                    done += len(batch.outcomes)
                    if progress:
                        progress(done, len(todo))
                    for outcome in batch.outcomes:
                        if outcome.data is not None:  # a page sent back: written here, as a worker here writes it
                            changed = place(OutputFile(outcome.path, outcome.data), self.config.output_dir, writer.target_dir, folders)
                            outcome = replace(outcome, changed=changed, data=None)
                        yield outcome
        finally:
            if owned:  # stopped early, the batches not yet begun are dropped
                executor.shutdown(cancel_futures=True)

    def _executor(self, jobs: int, threshold: int = PARALLEL_THRESHOLD, files_at_hand: bool = False) -> tuple[Executor, bool]:
        """Where `jobs` pieces of work run: the builder's executor, or a process
        pool when there are `threshold` or more (else this process).
        `files_at_hand`: work that reads the site's files, which a cluster's workers have not."""
        from .workers import SerialExecutor, ShippingExecutor  # noqa: PLC0415

        if self.executor is not None and not (files_at_hand and isinstance(self.executor, ShippingExecutor)):
            return self.executor, False
        workers = self.workers or os.cpu_count() or 1
        if workers > 1 and jobs >= threshold:
            # Imported here: a small rebuild never starts a pool, and these
            # imports cost it 10 ms.
            import multiprocessing  # noqa: PLC0415
            from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

            if "fork" in multiprocessing.get_all_start_methods():
                return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                           initializer=_pool_worker_started, initargs=(os.getpid(),)), True
        return SerialExecutor(), True

    def _publish_images(self, prepared: Prepared, previous: Mapping[str, OutputRecord], writer,
                        outputs: dict[str, OutputRecord], keep: list[str]) -> list[Diagnostic]:
        """The image stage (images.py): each image whose variants are all in
        output/ as made from its present bytes and settings is kept (its
        paths added to `keep`); the rest are made (or taken from the cache)
        on the executor."""
        from concurrent.futures import as_completed  # noqa: PLC0415

        from .images import ImageBatch, ImageJob, process_batch  # noqa: PLC0415

        output = str(self.config.output_dir)
        jobs: list[ImageJob] = []
        with self.stages.measure("images"):
            _read_ahead(previous, [variant.path for image in prepared.plan.images for variant in image.variants])
            for image in prepared.plan.images:
                job = ImageJob(image.source, image.label, self._record(image.source).digest, image.variants, self.config.images.quality)
                records = [previous.get(v.path) for v in image.variants]
                if all(r and r.fingerprint == job.fingerprint and self._holds(v.path, r) for v, r in zip(image.variants, records)):
                    for variant, record in zip(image.variants, records):
                        writer.keep(variant.path)
                        keep.append(variant.path)
                        outputs[variant.path] = record
                else:
                    jobs.append(job)
            if not jobs:
                return []
            store = str(self.cache_dir / IMAGE_STORE) if self.cache_dir else None
            batches = [ImageBatch(tuple(jobs[i:i + IMAGE_BATCH]), output, str(writer.target_dir), store) for i in range(0, len(jobs), IMAGE_BATCH)]
            executor, owned = self._executor(len(batches), threshold=2, files_at_hand=True)
            problems = []
            try:
                for future in as_completed([executor.submit(process_batch, batch) for batch in batches]):
                    for outcome in future.result():
                        if outcome.problem is not None:
                            problems.append(outcome.problem)
                            continue
                        writer.record(outcome.path, outcome.changed)
                        outputs[outcome.path] = OutputRecord(outcome.fingerprint, outcome.size)
            finally:
                if owned:
                    executor.shutdown()
        return problems

    def _publish_search(self, prepared: Prepared, previous: Mapping[str, OutputRecord], writer,
                        outputs: dict[str, OutputRecord], keep: list[str]) -> list[Diagnostic]:
        """The search stage (search.py): each shard of the index in output/
        is kept while every page in it is as it was; the others are made
        anew from their pages' HTML, read back from where this build put them."""
        from . import search  # noqa: PLC0415
        from .plan import SEARCH_FOLDER  # noqa: PLC0415

        self._search_next = None
        with self.stages.measure("search index"):
            shards = self._made.shards
            if not shards:
                return []
            listed = search.manifest(shards)
            self._publish_file(OutputFile(path=f"{SEARCH_FOLDER}/{search.MANIFEST}", data=listed), hashlib.sha256(listed).hexdigest(),
                               len(listed), previous, writer, outputs, keep)
            files_of: dict[str, list[str]] = {}  # shard name → its files' paths
            for rel in previous:
                if rel.startswith(SEARCH_FOLDER + "/") and rel.count("/") > 1:
                    files_of.setdefault(rel.split("/", 2)[1], []).append(rel)
            to_make, later = [], []
            for shard in shards:
                kept = files_of.get(shard.name, [])
                entry = previous.get(f"{SEARCH_FOLDER}/{shard.name}/{search.ENTRY}")
                made_from = self._shard_made_from(shard, entry, previous, outputs)
                whole = kept and self._hold_all(kept, previous)
                current = whole and entry is not None and entry.fingerprint == made_from
                if not (current or (whole and self.search_later)):
                    to_make.append((shard, made_from))
                    _read_ahead(previous, [*kept, *(page.path for page in shard.pages)])
                    continue
                writer.keep_all(kept)  # (a shard has a file per page: a hundred thousand at 100,000 stories; their records stand)
                keep.extend(kept)
                if not current:
                    # The dev server's pages do not wait for the index:
                    # update_search() makes it after them, once this build is committed.
                    later.append((shard, made_from))
            self._search_next = later or None
            # Index files no longer made go (their names change with their content): the writer knows
            # every file in output/, from the records or, when output/ was touched since, from the disk.
            target = writer.current_dir
            made_from_of = {shard.name: made_from for shard, made_from in to_make}
            counts: dict[str, bytes] = {}  # of the shards made: their FILTER_COUNTS, by path in output/
            try:
                for shard, files in search.make_indexes([shard for shard, _ in to_make],
                                                        lambda page: (target / page.path).read_text(encoding="utf-8"),
                                                        _indexed_digests(outputs, target), self._search_parts):
                    for path, data in files.items():
                        before = previous.get(path)
                        outputs[path] = record = _index_record(path, data, made_from_of[shard.name], before)
                        if record is before and self._holds(path, record):
                            # The same bytes, as output/ holds them: most of a shard made
                            # again (its other pages' fragments) is kept, not read back to compare.
                            writer.keep(path)
                            keep.append(path)
                        else:
                            writer.add(OutputFile(path=path, data=data))
                    counts.update(search.counts_of(files))
            except search.SearchUnavailable as exc:
                return [error("search", None, f"the search index could not be made: {exc}; or turn search off (search = false in site.toml)")]
            self._search_parts.keep_only({shard.name for shard in shards})
            totals = _search_filters(listed, target, counts)
            self._publish_file(OutputFile(path=totals.path, data=totals.data), hashlib.sha256(totals.data).hexdigest(),
                               len(totals.data), previous, writer, outputs, keep)
            return []

    def _shard_made_from(self, shard: search.Shard, entry: OutputRecord | None, previous: Mapping[str, OutputRecord],
                         outputs: OutputRecords) -> str:
        """search.fingerprint() of the shard. A shard listing the pages the
        last build's did (the same plan, or a new plan that left this shard
        as it was: a tag edit, a story added to another year) whose pages'
        indexed parts are all as they were is made from what its entry
        file's record says (a build saved each entry with what its shard was
        made from): its thousand pages' records are not read."""
        from . import search  # noqa: PLC0415

        same_pages = self._same_shards or self._shards_before.get(shard.name) == [page.url for page in shard.pages]
        if entry is not None and same_pages and isinstance(previous, StoredOutputs) and not self.search_later:
            def indexed(record: OutputRecord | None) -> str | None:
                return record and record.indexed

            if all(indexed(outputs.set_now[page.path]) == indexed(previous.get(page.path)) for page in shard.pages if page.path in outputs.set_now):
                return entry.fingerprint
        _read_ahead(previous, [page.path for page in shard.pages])
        return search.fingerprint(shard.pages, _indexed_digests(outputs, self.config.output_dir), self.config)

    def update_search(self) -> bool:
        """The search stage the last build left for later (`search_later`):
        the shards of the pages it wrote, put in place file by file. Whether
        there was one to make."""
        from . import search  # noqa: PLC0415
        from .plan import SEARCH_FOLDER  # noqa: PLC0415

        due, self._search_due = self._search_due, None
        if due is None:
            return False
        output, outputs = self.config.output_dir, self.state.outputs
        if isinstance(outputs, StoredOutputs):  # saved since (the dev server stopping): this index's changes go over the saved rows
            outputs = self.state.outputs = OutputRecords(outputs)
        made_from_of = {shard.name: made_from for shard, made_from in due}
        prefixes = tuple(f"{SEARCH_FOLDER}/{name}/" for name in made_from_of)
        old = {rel for rel in outputs if rel.startswith(prefixes)}
        made: dict[str, OutputRecord] = {}
        counts: dict[str, bytes] = {}
        with InPlaceWriter(output, old) as writer:
            for shard, files in search.make_indexes([shard for shard, _ in due], lambda page: (output / page.path).read_text(encoding="utf-8"),
                                                    _indexed_digests(outputs, output), self._search_parts):
                for path, data in files.items():
                    writer.add(OutputFile(path=path, data=data))
                    made[path] = _index_record(path, data, made_from_of[shard.name], None)
                counts.update(search.counts_of(files))
            totals = _search_filters((output / SEARCH_FOLDER / search.MANIFEST).read_bytes(), output, counts)
            writer.add(totals)
            made[totals.path] = OutputRecord(hashlib.sha256(totals.data).hexdigest(), len(totals.data))
            report = writer.commit()
        for rel in old:
            del outputs[rel]
        for path, record in made.items():
            outputs[path] = _stamped(str(output), record, path)
        if self._output_folders is not None:
            self._output_folders.update(folder_stamps(str(output), folders_of((*report.changed, *report.removed))))
        return True

    @cached_property
    def _search_parts(self) -> search.PageParts:
        """What the search index holds of each page, kept for the next build (search.PageParts)."""
        from . import search  # noqa: PLC0415

        return search.PageParts(self.search_parts_dir)

    def _holds(self, rel: str, record: OutputRecord) -> bool:
        """Does output/ hold this file of the state's records as the last build left it (so it may be kept)?"""
        if self._changed_outputs is not None:
            return rel not in self._changed_outputs
        return file_stamp(str(self.config.output_dir), rel) == (record.size, *record.stamp)

    def _intact(self, rel: str) -> bool:
        """Is the file known to be as the last build left it, without its record?"""
        return self._changed_outputs is not None and rel not in self._changed_outputs

    def _hold_all(self, paths: Collection[str], records: Mapping[str, OutputRecord]) -> bool:
        """_holds() of each, by its record in `records`."""
        if self._changed_outputs is not None:
            return self._changed_outputs.isdisjoint(paths)
        _read_ahead(records, paths)
        return all((record := records.get(rel)) is not None and self._holds(rel, record) for rel in paths)

    def _publish_copies(self, prepared: Prepared, previous: Mapping[str, OutputRecord], writer,
                        outputs: dict[str, OutputRecord], keep: list[str]) -> None:
        """Files copied as they are (static assets, content files that are
        not stories), but for the images the image stage made."""
        with self.stages.measure("copy files"):
            _read_ahead(previous, [rel for rel, _ in prepared.plan.copies])
            processed = {image.rel for image in prepared.plan.images}
            for rel, path in prepared.plan.copies:
                if rel not in processed:
                    source = self._record(path)
                    self._publish_file(OutputFile(path=rel, copy_from=path), source.digest, source.stat[1], previous, writer, outputs, keep)

    def _publish_file(self, file: OutputFile, digest: str, size: int, previous: Mapping[str, OutputRecord], writer,
                      outputs: dict[str, OutputRecord], keep: list[str]) -> None:
        """A file whose bytes `digest` names (a copied asset, the search
        index's list): kept while output/ holds it as the last build left it."""
        record = previous.get(file.path)
        if record and record.fingerprint == digest and self._holds(file.path, record):
            writer.keep(file.path)
            keep.append(file.path)
            outputs[file.path] = record
        else:
            writer.add(file)
            outputs[file.path] = OutputRecord(digest, size)

    def _check_links(self, prepared: Prepared, outputs: Mapping[str, OutputRecord], written: Path, strict: bool,
                     kept: Collection[str]) -> list[Diagnostic]:
        """Every link the pages keep, kept ones too, against this build's
        plan and files (`written`: the new tree, before it is committed);
        what the last build found of the pages it `kept`, and whose links'
        targets are as they were, is taken as it is (linkcheck.py)."""
        from .linkcheck import check_links, pages_with_links  # noqa: PLC0415

        def read(rel: str, folder: Path = written) -> str | None:
            try:
                return (folder / rel).read_text(encoding="utf-8", errors="replace")
            except OSError:
                return None

        with self.stages.measure("check links"):
            rewritten = set(outputs.set_now).difference(kept)
            wanted = self._pages_to_check(prepared, outputs, rewritten)
            links = {path: record.links for path, record in (outputs.items() if wanted is None else
                                                             ((path, outputs.get(path)) for path in wanted)) if record and record.links}
            found, self._links_next = check_links(pages_with_links(prepared.plan, links), prepared.link_targets, read, self._links_checked,
                                                  rewritten, self._link_changes, lambda key: read(key, self.config.content_dir))
        return made_strict(found) if strict else found

    def _pages_to_check(self, prepared: Prepared, outputs: OutputRecords, rewritten: set[str], most: int = 20) -> set[str] | None:
        """The pages whose links the check needs (linkcheck.links_moved): the
        rewritten ones, those with a #fragment or a link to a path whose
        target moved, and those with faults found last time; read from the
        build state. None: every page's (the last check not at hand, or many moved)."""
        from .linkcheck import links_moved  # noqa: PLC0415

        stored = outputs.base
        moved = links_moved(self._links_checked, prepared.link_targets.digest(), self._link_changes)
        if moved is None or len(moved) > most or not isinstance(stored, StoredOutputs):
            return None
        return rewritten | stored.with_links("#", *moved) | self._links_checked.found.keys()

    def _link_targets_changed(self, prepared: Prepared) -> TargetChanges | None:
        """What the links may lead to since the last model's plan, when its
        link check is at hand and the plan is another: so that the check
        need not take every link again when a page comes or goes."""
        from .linkcheck import LinkTargets  # noqa: PLC0415

        last = self._last
        if self._links_checked is None or last is None or last.plan is prepared.plan:
            return None
        with self.stages.measure("check links"):
            before, now = LinkTargets.of(last.plan, last.config), prepared.link_targets
            # The same targets (a headline edit re-plans, but writes the same
            # files): the check finds them by their digest, without the changes'.
            return None if before == now else now.changes_since(before)

    def _stamp_folders(self, writer: InPlaceWriter | StandbyWriter, report: WriteReport, outputs: Mapping[str, OutputRecord],
                       output_before: dict[str, int] | None, standby_before: dict[str, int] | None,
                       touched: bool) -> tuple[dict[str, int], dict[str, int] | None]:
        """The mtime of each folder of the output, and of its standby, as this
        build left them. Known stamps from before are carried over but for
        the folders this build wrote in; unknown ones are taken afresh."""
        affected = folders_of((*report.changed, *report.removed))  # a folder emptied is gone

        def restamp(root: Path, before: dict[str, int] | None) -> dict[str, int]:
            if before is None or touched:
                return folder_stamps(str(root), folders_of(outputs))
            stamps = {folder: stamp for folder, stamp in before.items() if folder not in affected}
            stamps.update(folder_stamps(str(root), affected))
            return stamps

        output, standby = self.config.output_dir, standby_path(self.config.output_dir)
        if getattr(writer, "standby_remade", False):
            standby_before = None  # its folders are all new
        if isinstance(writer, InPlaceWriter):
            found = restamp(output, output_before), None
        elif writer.exchanged:  # output/ is the former standby, the standby (if any) the former output
            found = restamp(output, standby_before), restamp(standby, output_before) if writer.standby_ready else None
        elif touched or output_before is None or standby_before is None:  # nothing written, but the standby was compared
            found = folder_stamps(str(output), folders_of(outputs)), folder_stamps(str(standby), folders_of(outputs))
        else:  # nothing written at all
            found = output_before, standby_before
        self._output_folders, self._standby_folders = found
        return found

    def _record_urls(self, inputs: dict[str, tuple[int, int, int]]) -> tuple[UrlChange, ...]:
        """Write the URLs this build published into the site's URL ledger,
        when it records them and they changed it (after the commit: should
        this fail, the next build finds the same changes again)."""
        from .redirects import url_changes, write_ledger  # noqa: PLC0415

        before, after = self._made.settings[-1], self._made.ledger
        if _as_recorded(self._made, self.record_urls) is self._made:
            return ()
        path = self.config.ledger_path
        try:
            digest = write_ledger(self.config, after)
        except OSError as exc:
            raise BuildFailed([error(LEDGER_FILE, None, f"the output is written, but the URL ledger could not be: {_reason(exc)}; "
                                                       "make the file writable and build again, or old URLs will not be kept")]) from None
        found = os.stat(path)
        stat = (found.st_mtime_ns, found.st_size, found.st_ino)
        if inputs:  # written by the build itself: not a change for the next one to find
            inputs[str(path)] = stat
            self._vouched[str(path)] = (stat, digest)
        # What the file holds now: the next build reads it from here, and finds its model still holds.
        self._made = replace(_as_recorded(self._made, True), ledger_stat=stat)
        return url_changes(before, after)

    def _vouched_inputs(self, inputs: dict[str, tuple[int, int, int]], started_ns: int) -> dict[str, tuple[tuple[int, int, int], str]]:
        """QuickCheck.vouched: what earlier builds vouched for, while its stat
        is the same, and each file this build read whose stat the next cannot
        trust, by the bytes read. Without it, a story saved just before
        `newsgen build` made the next build, with nothing changed, a full
        one (8 s at 100,000 stories, not 2)."""
        vouched = {path: made for path, made in self._vouched.items() if inputs.get(path) == made[0]}
        for path in self._read:  # (a record taken over unread has a stat older than the last build's start: trusted now too)
            record = self._files[path]
            if inputs.get(path) == record.stat and not trusted(record.stat, started_ns):
                vouched[path] = (record.stat, record.digest)
        return vouched

    def _record(self, path: str | Path, parse=None, label: str | None = None) -> SourceRecord:
        """The file's record: reused while its stat, or else its bytes, are
        unchanged. `label`: probe the file as a raster image, named so in messages."""
        key = os.fspath(path)
        if key in self._files:  # read already by this build
            return self._files[key]
        signature = self._scanned.get(key)
        if signature is None:
            stat = os.stat(key)
            signature = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        old = self.state.files.get(key)
        if old is not None and old.stat == signature and trusted(signature, self.state.started_ns):
            self._files[key] = old
            return old
        with open(key, "rb") as handle:
            data = handle.read()
        self._read.append(key)
        digest = hashlib.sha256(data).hexdigest()
        if old is not None and old.digest == digest:
            # (The very record when the stat is the same too: the build state keeps its row.)
            record = old if old.stat == signature else replace(old, stat=signature)
        elif parse is not None:
            from .content.parse import parse_bytes  # noqa: PLC0415  (here: every source passes above, few come this far)

            parsed, problems = parse_bytes(parse, data, self.config)
            record = SourceRecord(signature, digest, parsed, tuple(problems))
        elif label is not None:
            from .images import probe  # noqa: PLC0415

            image, problems = probe(data, label)
            record = SourceRecord(signature, digest, problems=tuple(problems), image=image)
        else:
            record = SourceRecord(signature, digest)
        self._files[key] = record
        return record


class PageFailures:
    """The pages that failed to render, by problem: one template error breaks
    every page that uses the template, and is said once, with how many pages
    it broke and the first, not once per page."""

    HOPELESS = 200  # pages failed, none rendered: enough to stop rendering the rest

    def __init__(self) -> None:
        self.pages: dict[Diagnostic, list[str]] = {}
        self.failed = self.succeeded = 0

    def add(self, problem: Diagnostic, url: str) -> None:
        self.pages.setdefault(problem, []).append(url)
        self.failed += 1

    @property
    def hopeless(self) -> bool:
        return self.failed >= self.HOPELESS and not self.succeeded

    def reported(self, planned: int) -> list[Diagnostic]:
        stopped = self.hopeless and self.failed < planned
        found = []
        for problem, urls in self.pages.items():
            if len(urls) == 1 and not stopped:
                if problem.path.startswith("content/"):  # a story's own problem: its file says where
                    found.append(problem)
                    continue
                where = f"rendering {urls[0]}"
            elif stopped:
                where = f"rendering {len(urls):,} of the first {self.failed:,} pages tried, {urls[0]} first; every page tried " \
                        f"failed, so the other {planned - self.failed:,} were not"
            else:
                where = f"rendering {len(urls):,} pages, {urls[0]} first"
            found.append(dataclasses.replace(problem, message=f"{problem.message} ({where})"))
        return found


class BuildLocked(NewsgenError):
    pass


@contextmanager
def build_lock(config: SiteConfig) -> Iterator[None]:
    """One build at a time per output folder: a second one waits for nobody,
    it stops with a clear message (two writers would corrupt the output).

    The lock is held on the output's parent folder, where a build stages and
    swaps: it writes no file, and the kernel drops it if the build dies."""
    parent = config.output_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(parent, os.O_RDONLY)
    _held_locks.add(handle)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLocked(
                f"another newsgen build is writing into {parent} (to {config.output_dir.name}/ or a sibling); "
                "wait for that build to finish"
            ) from None
        yield
    finally:
        _held_locks.discard(handle)
        os.close(handle)  # closing releases the lock (a forked process closed its copy at once: _let_go_of_locks)


_held_locks: set[int] = set()  # this process's descriptors of build locks


def _let_go_of_locks() -> None:
    """In every process forked from a build (its pool's workers, the copy
    writing the model): a forked process holds copies of the build's
    descriptors, and the kernel frees a lock only when its last copy is
    closed. A fork outliving a killed build kept the lock taken, and every
    later build stopped with BuildLocked."""
    for handle in _held_locks:
        os.close(handle)
    _held_locks.clear()


os.register_at_fork(after_in_child=_let_go_of_locks)


def _pool_worker_started(parent: int) -> None:
    """In each forked pool worker, first. A worker waits for work on a
    queue it holds open itself, so it never learns that its build was
    killed: it ends when its parent has. And a Ctrl-C is the parent's to
    answer (it stops the pool): a worker waiting for work would print a
    traceback of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def end_with_parent() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=end_with_parent, name="end with the build", daemon=True).start()


def _templates(renderer, names: list[str], last: Model | None, problems: list[Diagnostic]) -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    """Each page template's closure (itself and the templates it uses), and
    the digest of every template used. The last model's closures still hold
    while every template they name has the same digest: no parsing then."""
    from .render import RenderError  # noqa: PLC0415

    if last is not None and last.closures.keys() >= set(names):
        try:
            digests = {name: renderer.template_digest(name) for name in last.templates}
        except RenderError:
            digests = None  # one was deleted
        if digests == last.templates:
            return {"": frozenset(), **{name: last.closures[name] for name in names}}, digests
    closures: dict[str, frozenset[str]] = {"": frozenset()}
    for name in names:
        try:
            closures[name] = renderer.template_closure(name)
        except RenderError as exc:
            problems.append(exc.diagnostic)
    return closures, {name: renderer.template_digest(name) for name in sorted(set().union(*closures.values()))}


@contextmanager
def _few_collections() -> Iterator[None]:
    """A build makes hundreds of thousands of objects that live to its end
    (records, catalog, plan, fingerprints). The collector's full passes over
    them find nothing to free, yet at 10k stories took a quarter of a
    rebuild's time, at random moments; cycles are still collected, later."""
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        # Back to the usual thresholds, the young generations would be
        # scanned at once, all the build's survivors.
        to_oldest_generation()
        gc.set_threshold(*before)


def _recover(output_dir: Path) -> None:
    """Put right what a killed or failed build left beside output/; if that
    cannot be done, say so, without a traceback."""
    try:
        recover(output_dir)
    except OSError as exc:
        raise BuildFailed([error(str(output_dir), None, f"could not restore the standby copy an earlier build left unfinished: "
                                 f"{_reason(exc)}; {output_dir.name}/ itself is whole; make its folder writable, or delete "
                                 f"{standby_path(output_dir).name}, and build again")]) from None


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)) + (f" ({exc.filename})" if exc.filename else "")


def _stamped(output: str, record: OutputRecord, rel: str) -> OutputRecord:
    """The record of a file this build put in output/ (or found there byte for byte), with its stamp."""
    found = file_stamp(output, rel)
    if found is None or found == (record.size, *record.stamp):
        return record  # the same object: the build state then keeps its row as it is
    return record._replace(size=found[0], stamp=found[1:])


def _as_recorded(model: Model, recording: bool) -> Model:
    """The model as it is once the build has written its URLs to the ledger
    (_record_urls): its settings name the ledger written. (Its file's stat,
    known only then, the build state keeps apart.)"""
    if recording and model.ledger != model.settings[-1]:
        return replace(model, settings=(*model.settings[:-1], model.ledger))
    return model


def _placed_alike(changes: tuple[list[Article], list[Article]] | None) -> dict[str, Article] | None:
    """The new versions of the changed stories, by source, when each only
    changed what places it nowhere (catalog.placed_alike) and none came or went."""
    from .content.catalog import placed_alike  # noqa: PLC0415

    if changes is None:
        return None
    gone, came = changes
    before = {a.source: a for a in gone}
    if len(before) != len(came) or not all(a.source in before and placed_alike(before[a.source], a) for a in came):
        return None
    return {a.source: a for a in came}


def _checks(catalog: Catalog, images: dict[str, ImageInfo], since: Mapping[str, tuple[Diagnostic, ...]] | None = None,
            changed: Collection[str] = ()) -> tuple[list[Diagnostic], dict[str, tuple[Diagnostic, ...]]]:
    from .content.checks import check_articles  # noqa: PLC0415

    return check_articles(catalog, {"/" + rel: info.width for rel, info in images.items()}, since, changed)


def _stop_on_errors(problems: list[Diagnostic]) -> None:
    if any(p.is_error for p in problems):
        raise BuildFailed([p for p in problems if p.is_error])


PACKAGE_DIR = Path(__file__).parent


def _search_filters(listed: bytes, folder: Path, made: Mapping[str, bytes]) -> OutputFile:
    """pagefind/filters.json, for the shards `listed`: the counts of those
    just made (`made`, by path in output/), the others' as they are in `folder`."""
    from . import search  # noqa: PLC0415
    from .plan import SEARCH_FOLDER  # noqa: PLC0415

    def read(rel: str) -> bytes:
        path = f"{SEARCH_FOLDER}/{rel}"
        return made[path] if path in made else (folder / path).read_bytes()

    return OutputFile(path=f"{SEARCH_FOLDER}/{search.FILTERS}", data=search.filter_totals(listed, read))


def _index_record(path: str, data: bytes, made_from: str, before: OutputRecord | None) -> OutputRecord:
    """A search index file's record. The shard's entry file carries what the
    shard was made from; every other file its own digest, so that the files
    a shard made again shares with the old one keep their records: a month's
    shard at 100,000 stories is 2,800 files, most of them rows the build state keeps."""
    from . import search  # noqa: PLC0415

    fingerprint = made_from if path.endswith("/" + search.ENTRY) else hashlib.sha256(data).hexdigest()
    if before is not None and before.fingerprint == fingerprint and before.size == len(data):
        return before
    return OutputRecord(fingerprint, len(data))


def _indexed_digests(outputs: Mapping[str, OutputRecord], folder: Path) -> Callable[[PagePlan], str]:
    """Each indexed page's OutputRecord.indexed; of a page without one (a
    row found damaged when read back), from its file in `folder`."""
    from .search import indexed_digest  # noqa: PLC0415

    def digest(page: PagePlan) -> str:
        record = outputs.get(page.path)
        return record.indexed if record is not None and record.indexed else indexed_digest((folder / page.path).read_text(encoding="utf-8"))

    return digest


def _read_ahead(records: Mapping[str, OutputRecord], paths: Collection[str]) -> None:
    """Records about to be asked for one by one, read from the build state at once."""
    if isinstance(records, StoredOutputs):
        records.read(paths)


def _vouched_for(path: str, stat: tuple[int, int, int], vouched: tuple[tuple[int, int, int], str] | None) -> bool:
    """Does the file hold the bytes a build used, with the stat it had then?"""
    if vouched is None or vouched[0] != stat:
        return False
    try:
        with open(path, "rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest() == vouched[1]
    except OSError:
        return False


def scan_inputs(config: SiteConfig) -> tuple[dict[str, tuple[int, int, int]], Listing]:
    """The stat of every file a build may read: content, layouts and static
    files (the site's and the theme's), site.toml, and newsgen itself; and
    the content files as the walk found them, for discovery to take."""
    found: dict[str, tuple[int, int, int]] = {}
    listing = list_content(config.content_dir)
    # Discovery's rules for links (inside the root, no loops), unsaid: discovery says them.
    others = (walk_files(root, lambda name, is_dir: name != "__pycache__") for root in (config.layouts_dir, config.static_dir, PACKAGE_DIR))
    for path, _ in chain(listing.files, *others):
        try:
            stat = os.stat(path)
        except OSError:
            continue
        found[path] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    for path in (config.config_path, config.ledger_path):
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            continue  # no URL ledger yet
        found[str(path)] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    return found, listing


def discover_static(config: SiteConfig, problems: list[Diagnostic] | None = None) -> dict[str, Path]:
    """Theme assets, then the site's own static/ over them: output path →
    file, in path order. Walked by discovery's rules, as the input scan
    walks them: a link counts inside static/ only, a name that is not UTF-8
    is skipped, each said in `problems`."""
    from .render import THEME_DIR  # noqa: PLC0415

    files: dict[str, Path] = {}
    for root in (THEME_DIR / "static", config.static_dir):
        for path, rel in walk_files(root, lambda name, is_dir: not is_ignored_name(name), problems, "static"):
            files["static/" + rel] = Path(path)
    return dict(sorted(files.items()))
