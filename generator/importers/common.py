"""What every importer hands over, and how it lands in content/.

A reader (`jekyll`, `hugo`, `wordpress`) turns another generator's site into
ImportedFiles: newsgen front matter as plain values, a Markdown body, and the
assets the file needs. `write_import` writes them under the site's content/,
never overwriting: a file already there is the newsroom's (or an earlier
import's), so running an import again picks up only what is new. Everything a
reader decided is counted in an ImportReport, printed at the end.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from ..config import MarkdownSettings, SiteConfig, language_tag
from ..content.keys import SECTION_KEYS
from ..content.parse import TextKeys, undated_name
from ..dates import DateError, parse_datetime
from ..errors import NewsgenError, few
from ..sitepaths import is_external, resolve_content_link
from ..slugs import slugify


@dataclass
class ImportedFile:
    """One file to write under content/.

    `target`: the path under content/ ("politics/2014-09-25-budget-vote.md",
    "authors/eric.md", "world/_index.md"); a reader derives it from the source
    alone, so that an import run again finds the same target and leaves it.
    `front`: newsgen's own keys (see the README's key table), in the order
    they are to be written; dates as timezone-aware datetimes or ISO text.
    `origin`: where it came from, as the report names it ("_posts/x.md",
    "WordPress item 123")."""

    target: str
    front: dict[str, Any]
    body: str
    origin: str
    kind: str = "story"  # story, draft, page, author, section
    assets: list[tuple[Path, str]] = field(default_factory=list)  # (file to copy, its path under content/)
    # Files the import makes, not in the source (a notebook's pictures, decoded): their path under content/ → their bytes.
    made: dict[str, bytes] = field(default_factory=dict)
    # The URL the old site showed the file at, among its `aliases` (not one that redirected to it): it beats
    # another file's alias of that URL, as Hugo's content overwrites an alias. "" where the reader cannot tell.
    old_url: str = ""


@dataclass
class ImportReport:
    """What an import did, for the person who ran it."""

    source: str = ""
    written: Counter = field(default_factory=Counter)  # kind → files written
    present: list[str] = field(default_factory=list)  # targets already there, left as they were
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (origin, why)
    keys_mapped: Counter = field(default_factory=Counter)  # "description → summary" → count
    keys_kept: Counter = field(default_factory=Counter)  # other keys, kept under extra
    converted: Counter = field(default_factory=Counter)  # template syntax converted, by kind
    left: Counter = field(default_factory=Counter)  # template syntax left as it was, by kind
    shortcodes_left: Counter = field(default_factory=Counter)  # WordPress shortcodes left as they were (the build does not know them)
    sites_own_shortcodes: Counter = field(default_factory=Counter)  # Hugo shortcodes the site defines itself, left as they were
    assets: int = 0  # files copied
    lfs_pointers: list[str] = field(default_factory=list)  # files copied that are Git LFS pointers, not their content
    missing_assets: list[tuple[str, str]] = field(default_factory=list)  # (origin, what it names that is not there)
    settings: list[str] = field(default_factory=list)  # lines of site.toml that would show the site as the old one did
    changed: list[tuple[str, str]] = field(default_factory=list)  # (origin, what became of it to fit newsgen)
    # Old URLs of the old site's pages that are no story (tag and category
    # archives, feeds) → newsgen's page showing the same, for urls.toml's
    # [moved]; and how many of them the import recorded there.
    moved: dict[str, str] = field(default_factory=dict)
    moved_recorded: int = 0
    moved_refused: list[str] = field(default_factory=list)  # old URLs of those the build cannot redirect (a term's "#"), left out

    def stories(self) -> int:
        return self.written["story"] + self.written["draft"]

    def lines(self) -> list[str]:
        """The report as printed: counts first, then each thing left out with why."""
        kinds = ", ".join(f"{count} {_PLURALS.get(kind, kind + 's') if count != 1 else kind}" for kind, count in sorted(self.written.items()))
        out = [f"imported from {self.source}: {kinds or 'nothing new'}"]
        if self.present:
            shown = ", ".join(self.present[:5]) + (f" and {len(self.present) - 5} more" if len(self.present) > 5 else "")
            out.append(f"  {len(self.present)} already in content/, left as they were (delete one to import it again): {shown}")
        if self.assets:
            out.append(f"  {self.assets} images and other files copied")
        if self.lfs_pointers:
            pointers = f"{len(self.lfs_pointers)} are Git LFS pointers" if len(self.lfs_pointers) > 1 else "1 is a Git LFS pointer"
            out.append(f"  of those, {pointers}, whose content is not in the source's checkout "
                       f"(the build cannot show them): run `git lfs pull` in the source, then import again: {few(self.lfs_pointers)}")
        for title, counter in (("front matter keys mapped", self.keys_mapped), ("other keys kept under extra", self.keys_kept),
                               ("template syntax converted", self.converted),
                               ("template syntax left in the text (the build warns of it)", self.left),
                               ("of those, shortcodes the site defines itself (layouts/shortcodes/, its theme's), whose meaning is its "
                                "own: write each in Markdown or HTML", self.sites_own_shortcodes),
                               ("WordPress shortcodes left in the text, shown as written (rewrite them, or remove them)", self.shortcodes_left)):
            if counter:
                out.append(f"  {title}: " + ", ".join(f"{_short(name)} ×{count}" for name, count in counter.most_common()))
        if self.moved_recorded:
            out.append(f"  {self.moved_recorded} old addresses of the site's archive and feed pages recorded under [moved] in "
                       f"urls.toml: they redirect to newsgen's pages of the same")
        if self.moved_refused:
            out.append(f"  {len(self.moved_refused)} old addresses left out of [moved] in urls.toml, as no [moved] line can name them "
                       f"(a `#`, `?`, `*` or the like in a term's name): redirect them on the host by hand if "
                       f"links to them matter: {few(self.moved_refused)}")
        if self.settings:
            out.append("  to show the stories as the old site did, set in site.toml (a key without [table] above its first table):")
            out += [f"    {line}" for line in self.settings]
        if self.changed:
            out.append(f"  changed to fit newsgen {len(self.changed)}:")
            out += _grouped(self.changed)  # (servo.org's 206 posts, one layout's permalink each)
        if self.skipped:
            out.append(f"  skipped {len(self.skipped)}:")
            out += _grouped(self.skipped)
        missing = list(dict.fromkeys(self.missing_assets))  # a file named twice by one story is one missing file
        if missing:
            out.append(f"  {len(missing)} referenced files not found in the source (links to them stay as written):")
            out += [f"    {origin}: {what}" for origin, what in missing]
        return out


_PLURALS = {"story": "stories"}


def _grouped(entries: list[tuple[str, str]], shown: int = 3) -> list[str]:
    """Each (origin, why) as a line, but past `shown` with one reason, the
    rest counted (a WordPress export's hundred menu entries, an Eleventy
    layout's permalink no post's URL can be made of)."""
    by_reason: dict[str, list[str]] = {}
    for origin, why in entries:
        by_reason.setdefault(why, []).append(origin)
    lines = []
    for why, origins in by_reason.items():
        lines += [f"    {origin}: {why}" for origin in origins[:shown]]
        if len(origins) > shown:
            lines.append(f"    … and {len(origins) - shown} more: {why}")
    return lines


def _short(name: str) -> str:
    """A key as the report names it: a paragraph YAML read as a key (18F has one) cut short."""
    return name if len(name) <= 60 else name[:57] + "…"


class _YamlLoader(TextKeys, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml where PyYAML has it (load_yaml), with keys as js-yaml reads them (TextKeys)."""

    def construct_date_or_text(self, node):
        """A date no calendar has (`2022-00-00`, `2021-04-31`) is text, as
        Ruby's Psych (Jekyll) reads it; PyYAML fails the whole file on it.
        Where such a date is the story's own, the build says so."""
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_YamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _YamlLoader.construct_date_or_text)


class _Yaml12BooleansLoader(_YamlLoader):
    """YAML with only true and false as booleans, as Go's YAML libraries
    (Hugo's) read an untyped value: `no` is Norway's language code there,
    not YAML 1.1's false."""


_Yaml12BooleansLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _YamlLoader.yaml_implicit_resolvers.items()}
_Yaml12BooleansLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


class UnreadableFrontMatter(ValueError):
    """Front matter that is there but is not valid YAML; the message says where and why."""


def load_yaml(text: str, first_line: int = 1, *, only_true_false: bool = False, what: str = "front matter") -> Any:
    """YAML as the generators read it: with libyaml, as Ruby's Psych
    (Jekyll) does, where PyYAML has it (a tab after a value, as 18F's posts
    have, is no error there). Raises UnreadableFrontMatter naming the line,
    counted from `first_line`, the text's first line in its file.
    `only_true_false`: yes, no, on and off are text (_Yaml12BooleansLoader).
    `what`: what the text is, as the error calls it."""
    try:
        return yaml.load(text, Loader=_Yaml12BooleansLoader if only_true_false else _YamlLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"line {mark.line + first_line}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise UnreadableFrontMatter(f"{what} is not valid YAML ({where}{problem}): correct it in the source and import again") from None


def suggest_editions(languages: Iterable[str], default: str, title: str, titles: dict[str, str], report: ImportReport, origin: str) -> None:
    """The site.toml lines that publish the archive's other languages as
    editions (newsgen's [languages]): without them, its French stories
    would be listed among the English ones, and share their URLs.
    `titles`: the site's title in a language, where the old site gave one.
    Tags are compared as the build reads them: Pelican's `zh_hans` is `zh-hans`."""
    default = language_tag(default) or default
    if default.lower() != "en":
        report.settings.append(f'language = "{default}"  # {origin}')
    for language in sorted({language_tag(str(code)) or str(code) for code in languages if code}):
        if edition_path(language, default) == "/":
            continue  # the site's own language (in any case: EN is en)
        shown = (titles.get(language) or title).replace('"', "'")
        report.settings += [f"[languages.{language}]  # the archive has stories in this language: an edition of its own",
                            # No title to give (ruby-lang.org's config has none): the edition takes the site's, not "".
                            *([f'title = "{shown}"'] if shown.strip() else []), f'path = "{edition_path(language, default)}"']


def edition_path(language: str, default: str) -> str:
    """The path of the edition suggest_editions suggests for `language`
    ("zh_CN": /zh-cn/), "/" for the site's own language, `default`."""
    tag, default = (language_tag(language) or language).lower(), (language_tag(default) or default).lower()
    return "/" if tag == default else f"/{tag}/"


def suggest_markdown(found: MarkdownSettings, why: dict[str, str], report: ImportReport, origin: str) -> None:
    """The [markdown] lines of site.toml that read the stories as the old
    site read them (`found`), for each setting unlike newsgen's own, with
    `why` (by key) in a comment; none where every one is as newsgen's."""
    lines = []
    for setting in fields(MarkdownSettings):
        value = getattr(found, setting.name)
        if value != setting.default:
            written = f'"{value}"' if isinstance(value, str) else str(value).lower()
            lines.append(f"{setting.name} = {written}" + (f"  # {why[setting.name]}" if why.get(setting.name) else ""))
    if lines:
        report.settings += [f"[markdown]  # the stories' Markdown as {origin} read it", *lines]


def site_timezone(name: object, fallback: ZoneInfo, report: ImportReport, origin: str) -> ZoneInfo:
    """The time zone another generator's configuration names, else `fallback`
    (the newsgen site's), with a note in the report when the name is unknown."""
    if not name:
        return fallback
    try:
        found = ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        report.skipped.append((origin, f"time zone {name!r} is unknown; dates read in {fallback.key}"))
        return fallback
    if found.key != fallback.key:
        report.settings.append(f'timezone = "{found.key}"  (the {origin} says so; site.toml says {fallback.key})')
    return found


# The zones a guess may name, the one most sites mean first where several fit
# alike (New York's offsets are Toronto's): zones of many people, a few for each
# offset. Any zone of the database fitting by chance is no guess at all: one of
# a few people, Antarctica/Troll (UTC+0 in winter, +2 in summer), fit a site's
# UTC dates and its summer ones, and was suggested.
_BEST_KNOWN = ("America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
               "America/Anchorage", "Pacific/Honolulu", "America/Mexico_City", "America/Sao_Paulo", "Europe/London",
               "Europe/Paris", "Europe/Berlin", "Europe/Moscow", "Africa/Johannesburg", "Asia/Kolkata", "Asia/Shanghai",
               "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
               "America/Toronto", "America/Vancouver", "America/Halifax", "America/St_Johns", "America/Bogota",
               "America/Lima", "America/Caracas", "America/Santiago", "America/Argentina/Buenos_Aires", "Atlantic/Azores",
               "Europe/Dublin", "Europe/Lisbon", "Africa/Lagos", "Europe/Madrid", "Europe/Rome", "Europe/Amsterdam",
               "Europe/Brussels", "Europe/Stockholm", "Europe/Warsaw", "Europe/Zurich", "Europe/Athens", "Europe/Helsinki",
               "Europe/Bucharest", "Africa/Cairo", "Asia/Jerusalem", "Europe/Istanbul", "Asia/Riyadh", "Africa/Nairobi",
               "Asia/Tehran", "Asia/Dubai", "Asia/Kabul", "Asia/Karachi", "Asia/Tashkent", "Asia/Kathmandu", "Asia/Dhaka",
               "Asia/Yangon", "Asia/Bangkok", "Asia/Jakarta", "Asia/Ho_Chi_Minh", "Asia/Hong_Kong", "Asia/Singapore",
               "Asia/Taipei", "Asia/Manila", "Australia/Perth", "Asia/Seoul", "Australia/Adelaide", "Australia/Darwin",
               "Australia/Brisbane", "Australia/Melbourne")


def suggest_time_zone(offsets: Iterable[tuple[datetime, timedelta]], zone: ZoneInfo, report: ImportReport, written: str,
                      *, by_hand: bool = False, unzoned: int = 0) -> None:
    """The site.toml line that dates the stories as the old site did, when
    its zone is not site.toml's: `offsets` are (moment, its UTC offset as
    the old site wrote it), and of UTC and the zones of _BEST_KNOWN those
    that fit the most are the candidates (summer time and all; a site set
    to a fixed offset fits Etc/GMT±N); the line says from how many dates.
    `written`: how the report says where the offsets come
    from ("the export's posts were written at"). `by_hand`: offsets people
    wrote (digital.gov's Hugo dates say -0400 or -0500 in any season): a
    zone fits one that is either of its offsets that year, then the most in
    their season's offset rank first; but a date at UTC+0 (Hugo writes `Z`)
    fits only a zone at UTC+0 then, UTC first. `unzoned`: the dates written without
    an offset, which the old site read in its configured zone (r-hub/blog:
    50 of 51 date-only, one at -07:00): a zone is suggested only when most
    dates carry an offset, and those without count among the dates it does
    not fit ("it fits 1 of 51" would move 50 stories)."""
    offsets = set(offsets)
    if unzoned >= len(offsets):
        return
    groups: dict[tuple[timedelta, int, int], list] = {}  # one moment per offset and month stands for the rest
    for moment, offset in sorted(offsets):
        groups.setdefault((offset, moment.year, moment.month), [moment, 0])[1] += 1

    def fits(candidate: ZoneInfo) -> tuple[int, int]:
        """(dates it could have been written in, dates in its offset then)."""
        exact = sum(count for (offset, _, _), (moment, count) in groups.items() if moment.astimezone(candidate).utcoffset() == offset)
        if not by_hand:
            return exact, exact
        seasons = {year: {datetime(year, month, 15, tzinfo=candidate).utcoffset() for month in (1, 7)} for _, year, _ in groups}
        # A date at UTC+0 (`Z`) is a tool's, not someone's offset for the season: it fits only where the zone shows it so.
        return sum(count for (offset, year, _), (moment, count) in groups.items()
                   if (offset in seasons[year] if offset else moment.astimezone(candidate).utcoffset() == offset)), exact

    total = len(offsets)
    if not groups or fits(zone)[0] == total:
        return
    written_at = sorted({offset for offset, _, _ in groups})
    # UTC first: where it fits as well as a place's zone (dates at +00:00 in winter), the dates said UTC.
    scores = {name: fits(ZoneInfo(name)) for name in ("UTC", *_BEST_KNOWN)}
    if len(written_at) == 1 and written_at[0] % timedelta(hours=1) == timedelta(0) and written_at[0]:
        scores[f"Etc/GMT{-int(written_at[0] / timedelta(hours=1)):+d}"] = (total, total)  # a site set to a fixed offset
    best = max(scores.values(), default=(0, 0))
    if best <= fits(zone):
        return  # no zone dates them better than site.toml's
    fitting = [name for name, score in scores.items() if score == best]
    dated = total + unzoned
    how = ("; it fits all of them" if best[1] == dated else f"; {best[1]} of {dated} in the offset of their season there" if best[0] == dated
           else f"; it fits {best[0]} of {dated}" + (f", {best[1]} in the offset of their season there" if best[1] != best[0] else "")
           + (f" ({unzoned} written without an offset)" if unzoned else ""))
    others = f"; {', '.join(fitting[1:4])}{'…' if len(fitting) > 4 else ''} fit as well, choose the site's" if len(fitting) > 1 else ""
    report.settings.append(f'timezone = "{fitting[0]}"  (a guess from {dated} dates: {written} '
                           f"{', '.join(_utc_offset(offset) for offset in written_at)}{how}{others}; site.toml says {zone.key})")


def _utc_offset(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    return f"UTC{'+' if minutes >= 0 else '−'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


Entry = TypeVar("Entry")


def convert_each(entries: Iterable[Entry], convert: Callable[[Entry], ImportedFile | None],
                 origin_of: Callable[[Entry], str], report: ImportReport) -> Iterator[ImportedFile]:
    """convert(entry) for each entry; a file the converter cannot handle is
    skipped with its reason in the report: one odd file in an archive of
    thousands must not stop the import of the rest."""
    for entry in entries:
        try:
            item = convert(entry)
        except Exception as exc:  # noqa: BLE001 - reported, with the file, for the user to act on
            report.skipped.append((origin_of(entry), f"could not be converted ({type(exc).__name__}: {exc}); please report it"))
            continue
        if item is not None:
            yield item


def dump_front_matter(front: dict[str, Any]) -> str:
    """YAML front matter that newsgen reads back as written: dates as ISO
    text, everything else as YAML's plain values."""
    plain = {key: _plain(value) for key, value in front.items() if value not in (None, "", [], {}, ())}
    return yaml.safe_dump(plain, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def write_import(content_dir: Path, files: Iterable[ImportedFile], report: ImportReport) -> ImportReport:
    """Write each file under content_dir unless its target exists; copy its
    assets the same way. Targets are checked to stay inside content/."""
    content_dir.mkdir(parents=True, exist_ok=True)
    files = list(files)
    _make_way(files, content_dir, report)
    for item in files:  # a story's own old URL is its alias, never [moved]'s (the build would refuse both)
        for alias in (item.front or {}).get("aliases") or ():
            report.moved.pop(alias, None)
    moved: dict[str, str] = {}
    missing = set(report.missing_assets)
    written: dict[str, str] = {}  # target → the origin this import wrote there
    copied: dict[str, Path] = {}  # asset's path under content/ → the file this import copied there
    for item in _relinked_to_sections(list(_fitted(files, content_dir, report, moved)), moved):
        item = _without_missing_lead_image(item, missing, report)
        target = _inside(content_dir, item.target, item.origin)
        for source, rel in item.assets:
            destination = _inside(content_dir, rel, item.origin)
            if destination.exists() and not is_lfs_pointer(destination):  # (a pointer gives way to its content, once pulled)
                first = copied.get(rel)
                if first is not None and first != source and not _same_bytes(first, source):
                    # Two of the old site's files for one path under content/: never one shown for the other unsaid.
                    report.changed.append((item.origin, f"its {source.name} and {first} both go to content/{rel}, which keeps "
                                                        f"the latter: give this story's file another name and link it"))
                continue
            copied[rel] = source
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
            report.assets += 1
            if is_lfs_pointer(source):
                report.lfs_pointers.append(rel)
        for rel, data in item.made.items():
            destination = _inside(content_dir, rel, item.origin)
            if not destination.exists():  # (as an asset: one already there is the site's, or an earlier import's)
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(data)
                report.assets += 1
        text = f"---\n{dump_front_matter(item.front)}---\n{item.body.strip()}\n" if item.front else item.body
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with target.open("x", encoding="utf-8") as out:  # "x": never overwrite
                out.write(text)
        except FileExistsError:
            if item.target in written:  # not a file of an earlier import: one of this one's (bitcoincore.org's translations)
                report.skipped.append((item.origin, f"{written[item.target]} is imported to {item.target} too, which keeps it"))
            else:
                report.present.append(item.target)
            continue
        written[item.target] = item.origin
        report.written[item.kind] += 1
    return report


def record_moved(config: SiteConfig, report: ImportReport) -> None:
    """The old site's pages that are no story (report.moved) into the
    site's urls.toml, under [moved], so that its first build redirects
    them: beside what the file holds, whose lines (the site's own, or an
    earlier import's) stay as they are, as do the stories' old URLs."""
    if not report.moved:
        return
    from ..redirects import moved_line_problems, read_ledger, write_ledger  # noqa: PLC0415  (the build's own reading and writing of the file)

    ledger = read_ledger(config)
    held = dict(ledger.moved)
    taken = held.keys() | {url for _, entry in ledger.entries for url in (entry.url, *entry.former)}
    # Only lines the build reads: one it refuses (Hugo's /tags/c#/ of a tag `C#`) would stop the first build.
    report.moved_refused = sorted(old for old, new in report.moved.items() if old not in taken and moved_line_problems(old, new))
    added = {old: new for old, new in report.moved.items() if old not in taken and old not in report.moved_refused}
    if added:
        write_ledger(config, replace(ledger, moved=tuple(sorted({**held, **added}.items()))))
    report.moved_recorded = len(added)


def _same_bytes(one: Path, other: Path) -> bool:
    try:
        return one.stat().st_size == other.stat().st_size and one.read_bytes() == other.read_bytes()
    except OSError:
        return False


# The first line of a Git LFS pointer file (git-lfs's spec): a checkout without `git lfs pull` has it in place of the file.
LFS_POINTER = b"version https://git-lfs.github.com/spec/v1\n"


def is_lfs_pointer(path: Path) -> bool:
    """Is the file a Git LFS pointer, a few lines of text standing in for
    an image or other file whose content is not in the checkout? The build
    said of such a .png only that it was "not an image newsgen can read"."""
    try:
        with path.open("rb") as file:
            return file.read(len(LFS_POINTER)) == LFS_POINTER and path.stat().st_size < 1024
    except OSError:
        return False


def _without_missing_lead_image(item: ImportedFile, missing: set[tuple[str, str]], report: ImportReport) -> ImportedFile:
    """A lead image the source does not have (mxb's css-skeleton-screens
    names a cover.png it lacks) would stop the build the report says to run
    next, where the old site shipped a broken picture: it is kept as
    extra.image, with its alt, caption and credit, and said."""
    image = item.front.get("image")
    if not isinstance(image, str):
        return item
    if (item.origin, image) not in missing:
        meant = image.rstrip(STRAY_TRAILING)
        if meant != image and any(rel.endswith(meant.lstrip("./")) for _, rel in item.assets):  # (collect_assets found it)
            report.changed.append((item.origin, f"its lead image {image} ends in a stray {image[len(meant):]!r}: read as {meant}"))
            return replace(item, front={**item.front, "image": meant})
        return item
    lead = {key: item.front[key] for key in ("image", "image_alt", "image_caption", "image_credit", "image_focus") if key in item.front}
    front = {key: value for key, value in item.front.items() if key not in lead}
    front["extra"] = {**(item.front.get("extra") or {}), **lead}
    report.changed.append((item.origin, f"its lead image {image} is not in the source: kept as extra.image; "
                                        "put the file back and make it `image:` again"))
    return replace(item, front=front)


def _make_way(files: list[ImportedFile], content_dir: Path, report: ImportReport) -> None:
    """`newsgen init`'s samples, as it wrote them, give way to the archive's:
    its about page when the archive has a page or section at /about/, or a
    file that was there (the site's own, or one the build would refuse
    beside it), and the welcome story is pointed out, to delete before the
    site goes live."""
    from ..scaffold import ABOUT  # noqa: PLC0415

    about = content_dir / "pages" / "about.md"
    arriving = {item.target for item in files}
    was_about = any(str(alias).strip("/").lower() in ("about", "about/index.html", "about.html")
                    for item in files if isinstance(item.front.get("aliases"), list) for alias in item.front["aliases"])
    arriving_about = any(target.rsplit(".", 1)[0] in ("pages/about", "about/_index") for target in arriving)  # .md, or Pelican's .rst
    if about.is_file() and about.read_text(encoding="utf-8") == ABOUT and (arriving_about or was_about):
        about.unlink()
        report.changed.append(("content/pages/about.md", "newsgen init's sample about page, untouched, gave way to the archive's"))
    for welcome in sorted((content_dir / "news").glob("*-welcome.md")) if (content_dir / "news").is_dir() else ():
        if "written by newsgen init" in welcome.read_text(encoding="utf-8"):
            rel = welcome.relative_to(content_dir).as_posix()
            report.changed.append((f"content/{rel}", "newsgen init's sample story is still published: delete it, and its picture, "
                                                     "before the site goes live"))


# What a path written by hand may end in by mistake (a Markdown link's `)` left in `image:`): never a file's name.
STRAY_TRAILING = ")]>,;:'\"."


# A Markdown reference definition up to its target, `[snapshot]: `; never a
# footnote's, `[^1]: `, whose text Goldmark and kramdown read as text, not a link.
DEFINITION_OPENING = r"^ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?"
# The first folder of URLs newsgen's own pages take (the README's "URLs").
NEWSGEN_FOLDERS = frozenset({"latest", "tags", "authors", "archive", "search"})
# What a section may not be called: newsgen's own pages' folders, and content/'s folders of pages and authors.
NOT_SECTIONS = NEWSGEN_FOLDERS | {"pages"}
# Why an importer leaves a page of the old site out, in the same words for
# every generator: newsgen makes the page itself, or there is nothing to import.
HOME_PAGE = "the home page: newsgen makes the front page"
NO_TEXT = "a {kind} with no text of its own (its layout, {layout}, made it)"
MADE_LISTS = "newsgen makes its front page, lists and tags itself"
FEEDS_MADE = ("newsgen writes its own feeds (/feed.xml, /atom.xml, one per section), sitemaps and search index; "
              "where readers follow its old URL, redirect it on your host")
# The folders an old site keeps its feeds of the whole site in (/feed/feed.xml, /feeds/all.atom.xml).
_FEED_FOLDERS = frozenset({"feed", "feeds", "rss", "atom"})


def left_out_feed(old_url: str, report: ImportReport) -> str:
    """Why an old site's feed made from a template is left out, newsgen
    writing its own; a feed of the whole site (/rss.xml, /feed/feed.xml) has
    its old URL recorded under [moved] (ImportReport.moved) to newsgen's
    feed, its Atom one for an Atom feed, where the two differ. A feed
    deeper in the site (a section's?) and a sitemap are left to the owner."""
    parts = old_url.strip("/").split("/")
    name = parts[-1].lower()
    if "sitemap" in name or not old_url.startswith("/") or not (len(parts) == 1 or (len(parts) == 2 and parts[0].lower() in _FEED_FOLDERS)):
        return FEEDS_MADE
    new = "/atom.xml" if "atom" in name else "/feed.xml"
    made = "newsgen writes its own feeds (/feed.xml, /atom.xml, one per section), sitemaps and search index; "
    if old_url == new:
        return made + f"{old_url} is newsgen's own feed's URL, which keeps its readers"  # (a redirect to itself would loop)
    report.moved[old_url] = new
    return made + f"{old_url} redirects to its {new} ([moved] in urls.toml)"


def _fitted(files: list[ImportedFile], content_dir: Path, report: ImportReport, moved: dict[str, str]) -> Iterator[ImportedFile]:
    """The files, but a page at the URL of a page newsgen makes itself,
    which would stop the build: one at a section's URL (Jekyll's /team/ page
    beside posts in the `team` category) becomes that section's own text,
    shown on its page (its old target → the section, in `moved`); one at
    /search/ or /tags/ (PaperMod's search page, a section's list there) is left out. Each is said in the report."""
    sections = {item.target.split("/", 1)[0] for item in files if item.kind in ("story", "draft") and "/" in item.target}
    if content_dir.is_dir():
        sections |= {path.name for path in content_dir.iterdir() if path.is_dir() and path.name not in ("pages", "authors")}
    pattern, tz = _story_permalink(content_dir)
    shown = _shown_at(files, sections, pattern, tz)
    claimed = _alias_owners(files)
    for item in files:
        aliases = item.front.get("aliases")
        if isinstance(aliases, list):
            own = _new_url(item, pattern, tz)
            kept = [alias for alias in aliases if _redirects_to(item, alias, own, shown, claimed, report)]
            if kept != aliases:
                item = replace(item, front={**item.front, "aliases": kept})
        folder, _, name = item.target.partition("/")
        slug = str(item.front.get("slug") or _language_free(posixpath.splitext(name)[0], item.front.get("language"))) \
            if item.kind == "page" and folder == "pages" and "/" not in name else ""
        if item.kind == "section" and name.split(".")[0] == "_index" and folder.casefold() in NEWSGEN_FOLDERS:
            slug = folder  # linkerd.io's content/search/_index.md, a list page its theme fills
        if slug.casefold() in NEWSGEN_FOLDERS:
            report.skipped.append((item.origin, f"newsgen makes its own page at /{slug}/; this one is not imported"))
        elif slug in sections:
            front = {key: value for key, value in item.front.items() if key in SECTION_KEYS}
            former = [alias for alias in front.pop("aliases", None) or () if str(alias).strip("/") != slug]  # (not the section's own URL)
            if former:
                front["aliases"] = former
            report.changed.append((item.origin, f"the section {slug!r} has its page at /{slug}/: this page's text is that page's, {slug}/_index.md"))
            moved[item.target] = slug
            yield replace(item, target=f"{slug}/_index.md", front=front, kind="section")
        else:
            yield item


def _redirects_to(item: ImportedFile, alias: object, own: str | None, shown: dict[str, str], claimed: dict[str, str],
                  report: ImportReport) -> bool:
    """Whether `alias`, an old URL of `item`, is to redirect to it in the new
    site. Not where the new site shows another page: Hugo writes aliases
    before content, which overwrites them (digital.gov's services/directory.md
    lists /services/, its section's list), and newsgen's redirects may not
    hide a page. Not an old URL another file keeps (_alias_owners).
    Not the site's root (a Hugo alias `../../..` climbs there): the old
    site's home page answered it, and the new site's front page does (a
    query's, WordPress's /?p=12, is a redirect of its own)."""
    location = _location(alias)
    if location == "/" and own != "/" and "?" not in str(alias):
        report.changed.append((item.origin, f"{alias} is the new site's front page, as it was the old one's: not redirected here"))
        return False
    page = shown.get(location)
    if page is not None and page != item.origin and location != own:
        report.changed.append((item.origin, f"{alias} is where the new site shows {page}, as the old one did: not redirected here"))
        return False
    owner, owners_own = claimed.get(str(alias).casefold(), (item.origin, False))
    if owner != item.origin:
        unpublished = _unpublished(item)
        report.changed.append((item.origin, f"{alias} is also an old URL of {owner}, which keeps it"
                                            + (" (the old site showed it there)" if owners_own else "")
                                            + (f" (this file is not published: {unpublished})" if unpublished else "")))
        return False
    return True


def _alias_owners(files: list[ImportedFile]) -> dict[str, tuple[str, bool]]:
    """Each old URL that files name in `aliases` → the file that keeps it,
    and whether it was that file's own. Of two naming one (jekyll/jekyll's
    two codes of conduct, both redirect_from /conduct/index.html), the first
    keeps it, as the build would ask; but a file the new site will not
    publish (digital.gov's expired 2013-02-14-qr-codes.md, whose URL the
    live introduction-to-qr-codes.md lists) gives way to one it will: Hugo
    wrote no page of it, and the live page's redirect answered there. And a
    file's own old URL beats another's alias of it (digital.gov's
    spanish-language-style-guide.md, listed by bilingual-glossaries.md):
    Hugo's content overwrote the alias."""
    claims = [(bool(_unpublished(item)), str(alias).casefold() != item.old_url.casefold(), order, str(alias).casefold(), item.origin)
              for order, item in enumerate(files) if isinstance(item.front.get("aliases"), list) for alias in item.front["aliases"]]
    owners: dict[str, tuple[str, bool]] = {}
    for _, listed, _, alias, origin in sorted(claims):
        owners.setdefault(alias, (origin, not listed))
    return owners


def _unpublished(item: ImportedFile) -> str:
    """Why the new site will not publish the file when built now ("a
    draft", "expired", "dated after the import"), or "" when it will."""
    if item.kind == "draft" or item.front.get("draft") is True:
        return "a draft"
    if _expired(item):
        return "expired"
    date = item.front.get("date")
    try:
        if item.kind in ("story", "page") and date and parse_datetime(date, ZoneInfo("UTC")) > datetime.now(ZoneInfo("UTC")):
            return "dated after the import"
    except DateError:
        pass
    return ""


def _location(url: object) -> str:
    """Where a URL's page is, as its folder: /services, /services/ and /services/index.html are one."""
    path = str(url).split("#", 1)[0].split("?", 1)[0]
    return (path.removesuffix("index.html").rstrip("/") + "/").casefold()


def _story_permalink(content_dir: Path) -> tuple[str, ZoneInfo]:
    """The pattern of the site's story URLs and its time zone, from the
    site.toml beside content/ (newsgen's defaults without one)."""
    from ..config import DEFAULT_PERMALINK, load_config  # noqa: PLC0415 (config reads the importers' keys)

    try:
        config = load_config(content_dir.parent)
    except NewsgenError:
        return DEFAULT_PERMALINK, ZoneInfo("UTC")
    return config.permalink, config.timezone


def _shown_at(files: list[ImportedFile], sections: set[str], pattern: str, tz: ZoneInfo) -> dict[str, str]:
    """Each URL (as _location gives it) where the new site will show a page
    of these files → the file, or the section whose list it is: a section's,
    a page's or a story's that is not a draft nor expired."""
    shown: dict[str, str] = {}
    for item in files:
        url = _new_url(item, pattern, tz)
        if url is not None and _unpublished(item) in ("", "dated after the import"):  # (that one, from its day on)
            shown.setdefault(_location(url), item.origin)
    for section in sorted(sections):
        shown.setdefault(_location(f"/{section}/"), f"the list of the section {section}/")
    return shown


def _expired(item: ImportedFile) -> bool:
    expires = item.front.get("expires")
    try:
        return bool(expires) and parse_datetime(expires, ZoneInfo("UTC")) <= datetime.now(ZoneInfo("UTC"))
    except DateError:
        return False


def _new_url(item: ImportedFile, pattern: str, tz: ZoneInfo) -> str | None:
    """The URL the build will give the file (its `permalink`, else as a
    section, page or story is placed), or None where it cannot tell: a
    translation's, which its edition's path may prefix, or an author's."""
    if item.front.get("permalink"):
        return str(item.front["permalink"])
    folder, _, name = item.target.partition("/")
    stem = posixpath.splitext(name)[0]
    if item.front.get("language") or "." in posixpath.basename(stem):
        return None
    parts = stem.split("/")
    if item.kind == "section":
        return f"/{folder}/" if stem == "_index" else None
    if item.kind == "page" and folder == "pages":
        if len(parts) > 1 and parts[-1] in ("index", "_index"):
            parts = parts[:-1]
        slug = item.front.get("slug")
        return "/" + (slugify(str(slug)) if slug else "/".join(slugify(part) for part in parts)) + "/"
    if item.kind not in ("story", "draft") or not parts[0] or "date" not in item.front:
        return None
    try:
        local = parse_datetime(item.front["date"], tz).astimezone(tz)
    except DateError:
        return None
    named = parts[-2] if len(parts) > 1 and parts[-1] == "index" else parts[-1]
    slug = slugify(str(item.front.get("slug") or undated_name(named)))
    section = slugify(str(item.front.get("section") or folder))
    return pattern.format(section=section, year=f"{local.year:04d}", month=f"{local.month:02d}", day=f"{local.day:02d}", slug=slug)


def _language_free(name: str, language: object) -> str:
    """search.fa → search: a translated page's name (Hugo's), without its language."""
    return name[: -len(language) - 1] if isinstance(language, str) and name.lower().endswith(f".{language.lower()}") else name


def _relinked_to_sections(files: list[ImportedFile], moved: dict[str, str]) -> list[ImportedFile]:
    """Links to a page that became a section's text (_fitted) lead to the
    section's page: they were written to the page's file (11ty-website's
    [Blog](/blog/) as ../blog.md), which is not there any more."""
    if not moved:
        return files
    relinked = []
    for item in files:
        body = item.body
        for old, section in moved.items():
            written = re.escape(posixpath.relpath(old, posixpath.dirname(item.target) or "."))
            body = re.sub(rf"(\]\(\s*<?|{DEFINITION_OPENING}){written}(?=[#)>\s]|$)", rf"\g<1>/{section}/", body, flags=re.M)
        relinked.append(replace(item, body=body) if body != item.body else item)
    return relinked


def _inside(content_dir: Path, rel: str, origin: str) -> Path:
    site_path = resolve_content_link(rel.lstrip("/"), "")
    if site_path is None or site_path == "/" or "//" in rel or rel.startswith("/"):
        raise NewsgenError(f"{origin}: would write {rel!r}, outside content/; this is a bug in the importer, please report it")
    return content_dir / site_path.lstrip("/")


class RedirectStubs:
    """Old URLs that only sent readers on to another URL of the site:
    jekyll-redirect-from's `redirect_to` pages, Eleventy's redirect pages,
    a Netlify `_redirects` file's rules. None is a page of its own: each
    becomes an alias of the imported story or page it leads to (`aliases_of`
    while converting, or `with_aliases` after); the rest are reported.
    `origin`: the old site's address (`url` + `baseurl`), which a full URL
    to a page of its own starts with."""

    def __init__(self, origin: str = "") -> None:
        self.origin = origin.rstrip("/")
        self.by_target: dict[str, list[tuple[str, list[str], str]]] = {}  # the URL led to → (where said, its URLs, how)

    def add(self, source: str, target: str, urls: list[str], how: str = "redirect_to") -> None:
        """`source` sends `urls` to `target`; `how` names the old site's way for the report ("redirect_to", "_redirects")."""
        self.by_target.setdefault(self._key(target), []).append((source, urls, how))

    def _key(self, url: str) -> str:
        if self.origin and url.startswith(self.origin):
            url = url[len(self.origin):]
        if is_external(url):
            return url  # another site's: no page here is at it
        url = "/" + url.split("#", 1)[0].lstrip("/")
        return url.removesuffix("index.html").removesuffix(".html").rstrip("/")

    def aliases_of(self, url: str, report: ImportReport) -> list[str]:
        """The URLs of the stubs that lead to `url`: no longer waiting for it."""
        found = self.by_target.pop(self._key(url), [])
        for _, _, how in found:
            report.keys_mapped[f"{how} → aliases of the page it leads to"] += 1
        return [alias for _, urls, _ in found for alias in urls]

    def with_aliases(self, files: list[ImportedFile], report: ImportReport) -> list[ImportedFile]:
        """The files, each with the URLs of the stubs that lead to one of its
        old URLs (its `aliases`), or to a section's own page, among its
        aliases. A stub's URL that is itself a page of the old site is left
        out, said: Netlify served the page there, and newsgen's redirect may not hide it."""
        pages = {self._key(str(alias)) for item in files for alias in item.front.get("aliases") or ()}
        for target, stubs in list(self.by_target.items()):
            kept = []
            for source, urls, how in stubs:
                shown = [url for url in urls if self._key(url) in pages]
                for url in shown:
                    report.skipped.append((source, f"{url} is already a URL of an imported story or page (its own, or an old one): "
                                                   f"kept for it, not redirected ({how})"))
                if len(shown) < len(urls):
                    kept.append((source, [url for url in urls if url not in shown], how))
            self.by_target[target] = kept
        out = []
        for item in files:
            aliases = [str(alias) for alias in item.front.get("aliases") or ()]
            own = aliases + (["/" + item.target.removesuffix("_index.md")] if item.kind == "section" and item.target.endswith("/_index.md") else [])
            added = [alias for url in own for alias in self.aliases_of(url, report)]
            out.append(replace(item, front={**item.front, "aliases": list(dict.fromkeys([*aliases, *added]))}) if added else item)
        return out

    def report_unresolved(self, report: ImportReport) -> None:
        for target, stubs in self.by_target.items():
            for source, urls, how in stubs:
                if is_external(target):
                    why = (f"redirects ({how}) to another site, {target}: newsgen redirects only to pages of its own; "
                           f"set that redirect of {', '.join(urls)} on your host")
                elif target.lower().endswith((".xml", ".rss", ".atom", ".json")):
                    why = f"redirects ({how}) {', '.join(urls)} to {target}, a feed of the old site: {FEEDS_MADE}"
                elif not target:
                    why = (f"redirects ({how}) to /, the front page, which newsgen makes itself: "
                           f"set that redirect of {', '.join(urls)} on your host")
                elif target.strip("/").split("/")[0] in NEWSGEN_FOLDERS:
                    why = f"redirects ({how}) to {target}/, a page newsgen makes itself (its lists of tags, authors…): left out"
                else:
                    why = (f"redirects ({how}) to {target or '/'}, which no imported story or page is at: "
                           "add its URL to the `aliases` of the story or page that replaces it")
                report.skipped.append((source, why))


# Netlify's statuses of a redirect for good, as newsgen's own (301), and for a while, which newsgen never makes.
_PERMANENT = ("301", "308")
_TEMPORARY = ("302", "303", "307")
_CONDITION = re.compile(r"^(?:Country|Language|Role|Cookie)=", re.I)


def netlify_redirects(path: Path, origin: str, stubs: RedirectStubs, report: ImportReport) -> None:
    """The rules of a Netlify `_redirects` file (`from [query] to [status]
    [conditions]`, a line each; Cloudflare Pages' too) that newsgen's
    redirects can keep, put in `stubs`: one old path (a query of fixed
    values too) to a path or a URL, permanently. Every other rule is
    reported with why, never dropped unsaid."""
    netlify_rules(path.read_text(encoding="utf-8-sig", errors="replace"), origin, stubs, report)


def netlify_rules(text: str, origin: str, stubs: RedirectStubs, report: ImportReport, *, first_line: int = 1) -> None:
    """netlify_redirects of the text of a `_redirects` file, or of a template
    that wrote one (sass-site's _redirects.liquid): a line with template syntax
    is no rule of its own but what the template made of it, which an import
    does not run; it is reported."""
    for number, line in enumerate(text.splitlines(), start=first_line):
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        where = f"{origin} line {number}"
        if re.search(r"\{[{%]|[}%]\}", line):
            report.skipped.append((where, f"{line.strip()}: template syntax, whose rules the old generator made and an import "
                                          "does not: add their old URLs to the `aliases` of the pages they lead to, or set them on your host"))
            continue
        old, query, target, options = _rule_parts(fields)
        why = _not_kept(old, query, target, options)
        if why:
            report.skipped.append((where, f"{' '.join(fields)}: {why}"))
        else:
            stubs.add(where, target, [old + ("?" + "&".join(query) if query else "")], how="_redirects")


def _rule_parts(fields: list[str]) -> tuple[str, list[str], str, list[str]]:
    """A `_redirects` rule's old path, its query parameters (`id=3`), where it goes, and what follows (status, conditions)."""
    old, rest = fields[0], fields[1:]
    count = next((index for index, field in enumerate(rest) if "=" not in field or field.startswith(("/", "http"))), len(rest))
    after = rest[count:]
    return old, rest[:count], after[0] if after else "", after[1:]


def _not_kept(old: str, query: list[str], target: str, options: list[str]) -> str:
    """Why a `_redirects` rule is not one newsgen's redirects can be, or ""."""
    status = next((option for option in options if re.fullmatch(r"\d{3}!?", option)), "301").rstrip("!")
    if not target:
        return "no URL to send it to"
    if not old.startswith("/"):
        return "a rule for another address (a domain's): set it on your host"
    if "*" in old or re.search(r"/:\w", old) or any(":" in value for value in query) or re.search(r"/:\w", target.split("//", 1)[-1]):
        return "a splat (*) or placeholder (:name) stands for many URLs, and newsgen redirects one old URL at a time: set it on your host"
    if any(_CONDITION.match(option) for option in options):
        return "its conditions (country, language, role, cookie) are the host's to test: set it on your host"
    if status == "200":
        return "a rewrite (200): the host serves another path's page there, and newsgen has no rewrites: set it on your host"
    if status in _TEMPORARY:
        return f"a temporary redirect ({status}), and newsgen's redirects are permanent (301): set it on your host"
    if status not in _PERMANENT:
        return f"answers {status}, not a redirect: set it on your host"
    return ""
