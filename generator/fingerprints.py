"""Plan → what to render: a fingerprint of everything each planned page is
made from, held against the record of the file the last build made for it.

A page's fingerprint covers its plan; everything site-wide (`site`: the
code, the settings, the sections, the translations' phrases); each source
it shows or links to, as a page showing it sees it (its entry: its digest,
the labels of its tags and authors, its lead image's size); and its
templates. A page whose file is in output/ as the last build left it, with
the fingerprint it has now, is kept; the others render.

Making every fingerprint takes seconds at 100,000 stories, and most edits
reach a few pages: the last build's model answers first. With the same site
and templates, a page planned as it was can only have a new fingerprint
through a source seen anew (`changed`), so every other page keeps its
record without a fingerprint being made.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from typing import Callable, Mapping, Protocol, Sequence

from . import code_signature
from .cache import OutputRecord, OutputRecords, StoredOutputs
from .config import SiteConfig
from .content.catalog import Catalog, bylines_relinked
from .content.markdown import MARKDOWN_SIGNATURE
from .content.model import BuildMode
from .editions import editions_by_source
from .images import ImageInfo
from .plan import PagePlan, SitePlan
from .translations import fingerprint as translations_fingerprint, languages_of


class LastModel(Protocol):
    """What the last build's model (build.Model) says its fingerprints were made of."""
    site: str  # site_fingerprint()
    page_site: str  # the same, with the translations' phrases
    templates: dict[str, str]  # template → digest
    entries: dict[str, bytes]  # source → its entry, short
    digests: dict[str, str]  # source → the digest of its bytes
    catalog: Catalog
    plan: SitePlan
    images: dict[str, ImageInfo]


@dataclass
class Sorted:
    """The planned pages, each kept (with its record) or to render."""
    outputs: OutputRecords  # output path → record: the last build's, but for the kept pages' new ones (the build adds each file it makes)
    keep: list[str]  # the kept pages' output paths, in plan order
    todo: list[int]  # the pages to render, by index in the plan


class PageFingerprints:
    """The fingerprints of one build's pages. `closures`: each page
    template's closure (itself and the templates it uses; "": none),
    `templates` the digest of each; `last`: the last build's model;
    `reused`: this build's catalog and plan are that model's; `in_place`:
    they are, with new versions of stories that place them alike
    (catalog.placed_alike: the same pages, tags and authors)."""

    def __init__(self, config: SiteConfig, mode: BuildMode, catalog: Catalog, plan: SitePlan, digests: Mapping[str, str],
                 images: Mapping[str, ImageInfo], closures: dict[str, frozenset[str]], templates: dict[str, str],
                 last: LastModel | None, reused: bool, in_place: bool = False):
        # With the last plan, site-wide and in each entry only a source's
        # digest can have changed; each page is planned as it was.
        same_plan = reused or in_place
        # The site-wide fingerprint of the model, and of the pages: the
        # catalogs' phrases can change with no source changing (layouts/translations/, the theme's own).
        self.site_model = last.site if same_plan else site_fingerprint(config, catalog, plan, images, mode)
        languages = languages_of(config, catalog)
        self.site = hashlib.sha256((self.site_model + translations_fingerprint(config, languages)).encode()).hexdigest()
        self.closures, self.templates = closures, templates
        self._digests = digests
        self._by_source = catalog.by_source
        self._catalog_of = editions_by_source(plan.editions, catalog)  # a story shows its edition's tags and authors (editions.py)
        # What a page's markup of an image depends on, by the image's site path.
        self._image_marks = {"/" + rel: info.mark for rel, info in images.items()}
        self._entries: dict[str, bytes] = {}
        # Each source as a page showing it sees it, in short (kept in the
        # model for the next build): made again only for the sources whose
        # entry may differ from the last model's (None: every source).
        if same_plan:  # with the same model, only a source whose bytes changed
            remade = {rel for rel, digest in digests.items() if last.digests[rel] != digest}
        else:
            remade = _remade(last, catalog, plan, digests, images) if last is not None else None
        if remade is None:
            self.seen = {source: _short(self._entry(source)) for source in digests.keys() | self._image_marks.keys()}
            remade = self.seen.keys() | (last.entries.keys() if last is not None else set())
        else:
            self.seen = dict(last.entries)
            for source in remade:
                if source in digests:
                    self.seen[source] = _short(self._entry(source))
                else:  # deleted
                    self.seen.pop(source, None)
        self._changed: set[str] | None = None  # the sources seen anew; None: unknown (another site or templates)
        if last is not None and last.page_site == self.site and last.templates == self.templates:
            self._changed = {source for source in remade if self.seen.get(source) != last.entries.get(source)}
        self._reused = reused
        self._planned_before = last.plan.by_url if last is not None and not same_plan else None
        # Each template closure as a fingerprint sees it: one per layout, not one per page.
        self._closure_entries = {closure: "".join(f"\n{name}\0{self.templates[name]}" for name in sorted(closure)).encode()
                                 for closure in set(self.closures.values())}

    def of(self, page: PagePlan, used: tuple[str, ...]) -> str:
        """The page's fingerprint; `used`: the sources its rendering found besides those planned (linked stories)."""
        h = hashlib.sha256(self.site.encode())
        h.update(repr((page.url, page.template, page.kind, page.key, page.number, page.count, page.newer, page.older, page.items)).encode())
        h.update(page.stamp.encode())
        h.update(b"".join(self._entry(source) for source in (sorted({*page.sources, *used}) if used else page.sources)))
        h.update(self._closure_entries[self.closures[page.template]])
        return h.hexdigest()

    def sort(self, pages: Sequence[PagePlan], previous: Mapping[str, OutputRecord],
             holds: Callable[[str, OutputRecord], bool], intact: Callable[[str], bool] = lambda path: False) -> Sorted:
        """Which pages keep their file (`previous`: the last build's records;
        `holds`: is the file in output/ as that record says? `intact`: is it
        as the last build left it, known without its record?) and which
        render. A page that nothing changed reaches keeps its record unread
        (read from the build state on demand: StoredOutputs). Once: the last
        build's plan is let go after it."""
        found = Sorted(OutputRecords(previous), [], [])
        recorded = previous.paths() if isinstance(previous, StoredOutputs) else previous.keys()
        unreached = self._unreached(previous)
        for index, page in enumerate(pages):
            if page.template not in self.closures:
                continue  # its template is broken: reported
            if page.path in recorded and unreached(page) and intact(page.path):
                found.keep.append(page.path)
                continue
            record = previous.get(page.path)
            record = record and holds(page.path, record) and self._kept(page, record)
            if record:
                found.keep.append(page.path)
                found.outputs[page.path] = record
            else:
                found.todo.append(index)
        self._planned_before = None  # the old plan: not held through rendering
        return found

    def _unreached(self, previous: Mapping[str, OutputRecord]) -> Callable[[PagePlan], bool]:
        """Is the page one no change reaches (planned as it was, showing no
        source seen anew, nor did its rendering find one), so that its record
        stands as it is?"""
        changed = self._changed
        if changed is None or not isinstance(previous, StoredOutputs):  # (records in memory: read, as cheap)
            return lambda page: False
        users = previous.using(changed)
        planned_before = self._planned_before

        def unreached(page: PagePlan) -> bool:
            if planned_before is not None and (old := planned_before.get(page.url)) is not page and old != page:
                return False
            return changed.isdisjoint(page.sources) and page.path not in users

        return unreached

    def _kept(self, page: PagePlan, record: OutputRecord) -> OutputRecord | None:
        """The page's record, when its file stays as it is; else None."""
        changed = self._changed
        if changed is not None and (self._planned_before is None or (old := self._planned_before.get(page.url)) is page or old == page):
            # (The plan takes most pages over as the same objects: `is` spares comparing them.)
            if changed.isdisjoint(page.sources) and changed.isdisjoint(record.used):
                return record
            if self._reused and changed.isdisjoint(page.bodies):
                # With the same model, it shows changed sources by their front
                # matter only, which parsed the same: same file, new fingerprint.
                return record._replace(fingerprint=self.of(page, record.used))
        return record if record.fingerprint == self.of(page, record.used) else None

    def _entry(self, source: str) -> bytes:
        """A source as the fingerprint of a page showing it sees it: a
        story with its labels and its lead image's size, an image (by site path) its size."""
        found = self._entries.get(source)
        if found is None:
            article = self._by_source.get(source)
            labels = self._catalog_of(source).labels(article) if article else ""
            mark = self._image_marks.get(article.image.url, "") if article and article.image else self._image_marks.get(source, "")
            found = self._entries[source] = f"\n{source}\0{self._digests.get(source, '-')}\0{labels}\0{mark}".encode()
        return found


def _remade(last: LastModel, catalog: Catalog, plan: SitePlan, digests: Mapping[str, str],
            images: Mapping[str, ImageInfo]) -> set[str] | None:
    """The sources whose entry may differ from the last model's, with this
    build's catalog and plan new: those whose bytes changed, came or went;
    those whose story is not the very object the last catalog held (a
    catalog updated from it, catalog.updated_catalog, holds the same object
    for each story no change reached, so a retag at 100,000 stories remakes
    a few hundred entries, not every one); and the stories of each tag whose
    name, and each author whose record, changed. None, for every source,
    where a change reaches further: other images, a byline now another
    author's, a site in several languages (each story's labels are its
    edition's)."""
    before = last.catalog
    if not last.entries or len(plan.editions) > 1 or len(last.plan.editions) > 1 or images != last.images:
        return None
    if bylines_relinked(before.author_slug_by_name, catalog.author_slug_by_name):
        return None
    remade = {source for source in digests.keys() | last.digests.keys() if digests.get(source) != last.digests.get(source)}
    now, then = catalog.by_source, before.by_source
    remade.update(source for source, article in now.items() if then.get(source) is not article)
    remade.update(source for source in then if source not in now)
    for lists, names, names_before in ((catalog.by_tag, catalog.tag_names, before.tag_names),
                                       (catalog.by_author, catalog.author_records, before.author_records)):
        for slug in names.keys() | names_before.keys():
            if names.get(slug) != names_before.get(slug):
                remade.update(article.source for article in lists.get(slug, ()))
    return remade


def site_fingerprint(config: SiteConfig, catalog: Catalog, plan: SitePlan, images: Mapping[str, ImageInfo], mode: BuildMode) -> str:
    """Everything site-wide that any page may show: when it changes, every
    page renders again. (Tags and authors are not: a page's fingerprint has
    the names and records of those it shows, so a story with a new tag or
    author renders the pages that show it, not the whole site.)"""
    signature = {
        "newsgen": code_signature(),
        "markdown": MARKDOWN_SIGNATURE,
        "config": _plain(config),
        "mode": [mode.drafts, mode.future],
        # Every page of an edition shows its sections and its top pages.
        "sections": [_plain(edition.catalog.sections) for edition in plan.editions],
        "pages": [[(p.source, p.title, p.slug, p.listed) for p in edition.catalog.pages] for edition in plan.editions],
        "files": [rel for rel, _ in plan.copies],
        # Any page may show the publisher's logo and image with their sizes.
        "publisher_images": [images[p.lstrip("/")].mark for p in (config.publisher.logo, config.publisher.image) if p.lstrip("/") in images],
    }
    return hashlib.sha256(json.dumps(signature, sort_keys=True, default=str).encode()).hexdigest()


def _plain(value: object) -> object:
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "items"):
        return {str(k): _plain(v) for k, v in value.items()}
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


def _short(entry: bytes) -> bytes:
    """A source's fingerprint entry as the build state keeps it: 100,000 of them."""
    return hashlib.blake2b(entry, digest_size=12).digest()
