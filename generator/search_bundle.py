"""A Pagefind bundle taken apart into what it holds of each page, and put
together again from those parts: so that an edit indexes its own page again,
not every page of its shard.

Pagefind keeps no index to update, and indexes about 2.4 ms of one core per
page: a story corrected in a shard of a thousand took 2.4 s. Yet all that
its index holds of a page is the page's own: its fragment (named by its
content), its words' positions (counted within the page), its filter and
sort values. Only the numbers given to the pages, and to their metadata
fields, tie one page to the others. So each page's part (PageEntry) is kept,
the changed pages alone go through Pagefind, and the shard's files are
written here from the parts, in the order Pagefind's own indexer
(pagefind/src/index/mod.rs) writes them:

- the pages numbered in URL order, each language apart (a bundle has a
  meta file and word index per language);
- the word index: every stem with the pages it is on and, apart, the forms
  it was stemmed from ("café" under "cafe"), cut into chunks of about
  CHUNK_BYTES, each named by its content;
- each filter's values with their pages, each sort's pages in its values'
  order (as numbers when every value is one), and the meta file naming all.

A shard whose pages are all made into parts this way is written the same
whichever pages were indexed together: a cold build and any sequence of
edits give the same bytes. The word index a bundle writes is kept too
(WordIndex: each stem's encoded entry), so that the next bundle of the same
pages encodes again only the stems whose postings an edit changed (a typo
fixed changes two) rather than every word of every page of the shard. Sort values are the one thing a bundle does not
keep: they are read from the page's HTML here (sort_values), in the forms
that name an attribute or a value; a page that takes its sort value from an
element's text leaves its shard to Pagefind whole (sort_values is then None).
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import pickle
import re
import struct
import zlib
from bisect import insort
from dataclasses import dataclass
from typing import Iterable, Mapping

import cbor2

from .errors import NewsgenError

PAGEFIND_VERSION = "1.5.2"  # pinned in pyproject.toml: the form read and written here is its
CHUNK_BYTES = 40_000  # of a word index chunk before compression: Pagefind's own chunks are of 20,000 locations, of about two bytes each
_SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
_SORT_ATTRIBUTE = re.compile(r"""\sdata-pagefind-sort\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""")
_NAMED_ATTRIBUTE = re.compile(r"^\s*([^:\[\],]+?)\s*\[\s*([^\]]+?)\s*\]\s*$")  # "date[data-date]"
_LITERAL = re.compile(r"^\s*([^:\[\],]+?)\s*:(.*)$", re.S)  # "weight:10"
_TAG_START = re.compile(r"<[a-zA-Z]")


@dataclass(frozen=True)
class PageEntry:
    """What a Pagefind bundle holds of one page."""
    url: str
    language: str
    wasm: str  # the language of the search code its language loads ("unknown" for one Pagefind cannot stem)
    fragment: str  # its fragment's name, "en_e4d66d5"
    fragment_data: bytes  # as Pagefind wrote it
    word_count: int
    meta_fields: tuple[str, ...]  # the names of its metadata, in order
    # Its words, pickled (`words`): read back only when they are put into a
    # word index, not with the thousand other pages' parts of its shard.
    words_data: bytes
    filters: tuple[tuple[str, str], ...]  # (filter, value)
    sorts: tuple[tuple[str, str], ...]  # (sort, value), from the page's HTML

    @property
    def words(self) -> tuple[tuple[str, str, bytes, tuple], ...]:
        """(stem, form stemmed or "", its locations in CBOR, its metadata locations with field names for numbers)."""
        return pickle.loads(self.words_data)


class SearchUnavailable(NewsgenError):
    """Pagefind's binary is not installed, or failed, or wrote what this module does not read."""


# ---- the page's sort values ------------------------------------------------------

def sort_values(page_html: str) -> tuple[tuple[str, str], ...] | None:
    """The page's sort values as Pagefind reads them (fossick/parser.rs),
    when each is named by an attribute (`date[data-date]`) or given
    (`weight:10`); None when one is taken from an element's text, or is in
    a form not read here."""
    found: dict[str, str] = {}
    for match in _SORT_ATTRIBUTE.finditer(page_html):
        spec = html.unescape(next(group for group in match.groups() if group is not None))
        named, literal = _NAMED_ATTRIBUTE.match(spec), _LITERAL.match(spec)
        if named:
            start = page_html.rfind("<", 0, match.start())
            end = _TAG_START.search(page_html, match.end())
            tag = page_html[start : end.start() if end else len(page_html)]
            value = _attribute(tag, named.group(2))
            if value is None:
                value = ""
            found[named.group(1)] = _normalized(value)
        elif literal:
            found[literal.group(1)] = _normalized(literal.group(2))
        else:
            return None  # the element's text: not read here
    return tuple(sorted(found.items()))


def _attribute(tag: str, name: str) -> str | None:
    match = re.search(rf"""\s{re.escape(name)}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", tag, re.I)
    if match is None:
        return None
    return next(group for group in match.groups() if group is not None)


def _normalized(value: str) -> str:
    """Pagefind's normalize_content: entities decoded, newlines at the ends
    dropped, the others spaces, runs of spaces one."""
    value = html.unescape(value).strip("\r\n")
    value = re.sub(r"[\r\n]+", " ", value)
    return re.sub(r"\s{2,}", " ", value)


# ---- a bundle taken apart --------------------------------------------------------

def entries_of(files: Mapping[str, bytes], sorts: Mapping[str, tuple[tuple[str, str], ...]]) -> dict[str, PageEntry]:
    """Each page of a bundle (path → bytes, as Pagefind wrote it) by URL;
    `sorts` gives each URL's sort values."""
    entry = json.loads(files[ENTRY])
    found: dict[str, PageEntry] = {}
    for language, about in entry["languages"].items():
        meta = decode(files[f"pagefind.{about['hash']}.pf_meta"])
        pages, chunks, filters, fields = meta[1], meta[2], meta[3], meta[5] if len(meta) > 5 else []
        count = len(pages)
        words: list[list] = [[] for _ in range(count)]
        for _, _, chunk in chunks:
            for stem, postings, variants in decode(files[f"index/{chunk}.pf_index"])[0]:
                for form, held in (("", postings), *variants):
                    number = 0
                    for step, locations, meta_locations in held:
                        number += step  # each page's number after the first is the step from the one before
                        words[number].append((stem, form, cbor2.dumps(locations), _named(meta_locations, fields)))
        values: list[list[tuple[str, str]]] = [[] for _ in range(count)]
        for name, file in filters:
            for value, numbers in decode(files[f"filter/{file}.pf_filter"])[1]:
                for number in numbers:
                    values[number].append((name, value))
        for number, (fragment, word_count) in enumerate(pages):
            data = files[f"fragment/{fragment}.pf_fragment"]
            about_page = json.loads(_raw(data))
            url = about_page["url"]
            found[url] = PageEntry(
                url=url, language=language, wasm=about["wasm"], fragment=_short(fragment, language), fragment_data=data,
                word_count=word_count, meta_fields=tuple(sorted(about_page.get("meta", {}))),
                words_data=pickle.dumps(tuple(words[number]), protocol=pickle.HIGHEST_PROTOCOL),
                filters=tuple(sorted(values[number])), sorts=sorts.get(url, ()),
            )
    return found


def _named(meta_locations: list, fields: list[str]) -> tuple:
    """Metadata locations with each field's number (-1 for the first) as its name."""
    return tuple(fields[-1 - item] if item < 0 else item for item in meta_locations)


def _short(fragment: str, language: str) -> str:
    """A fragment's name as Pagefind gives it when nothing collides with it
    (it lengthens one that does, by the order pages came in)."""
    return fragment[: len(language) + 8]


# ---- a bundle put together -------------------------------------------------------

class Gzipped:
    """The compressed form of each file of a bundle, by its uncompressed
    content, kept for the next bundle of the same pages: an edit changes a
    few of a shard's word-index chunks (those of the words it changed), and
    compressing all of them again was two thirds of putting a shard together."""

    def __init__(self, known: Mapping[bytes, bytes] | None = None):
        self.known = known or {}
        self.made: dict[bytes, bytes] = {}  # what this bundle compressed or reused: the next one's `known`

    def __call__(self, encoded: bytes) -> bytes:
        key = hashlib.sha256(_SIGNATURE + encoded).digest()
        data = self.known.get(key)
        # Checked against what it claims to hold (decompressing is several
        # times faster than compressing): a cache never decides the bytes.
        if data is None or not _holds(data, key):
            data = _compressed_raw(encoded)
        self.made[key] = data
        return data


def _holds(data: bytes, digest: bytes) -> bool:
    try:
        return hashlib.sha256(gzip.decompress(data)).digest() == digest
    except (OSError, EOFError, zlib.error):  # not gzip, or cut short
        return False


def bundle(entries: Iterable[PageEntry], statics: Mapping[str, bytes], include_characters: list,
           gzipped: Gzipped | None = None, indexes: WordIndexes | None = None) -> dict[str, bytes]:
    """The bundle of these pages (in the order given: URL order), with
    Pagefind's own scripts and search code from `statics` (path → bytes)
    for the languages they are in; its files compressed through `gzipped`,
    its word indexes patched from those of the last bundle of these pages
    through `indexes`; both then hold what this bundle made, for the next."""
    gzipped = gzipped or Gzipped()
    indexes = indexes or WordIndexes()
    by_language: dict[str, list[PageEntry]] = {}
    for entry in entries:
        by_language.setdefault(entry.language, []).append(entry)
    files: dict[str, bytes] = {}
    languages = {}
    for language in sorted(by_language):
        pages = by_language[language]
        meta_hash, written = _language_files(language, pages, gzipped, indexes)
        files.update(written)
        languages[language] = {"hash": meta_hash, "wasm": pages[0].wasm, "page_count": len(pages)}
    wasm = {f"wasm.{about['wasm']}.pagefind" for about in languages.values()} | {"wasm.unknown.pagefind"}
    for path, data in statics.items():
        if not path.startswith("wasm.") or path in wasm:
            files[path] = data
    files[ENTRY] = json.dumps({"version": PAGEFIND_VERSION, "languages": languages, "include_characters": include_characters},
                              separators=(",", ":"), ensure_ascii=False).encode()
    return dict(sorted(files.items()))


def _language_files(language: str, pages: list[PageEntry], gzipped: Gzipped, indexes: WordIndexes) -> tuple[str, dict[str, bytes]]:
    """The fragments, word index, filters and meta file of one language's pages."""
    files: dict[str, bytes] = {}
    fields = tuple(sorted(set().union(*(page.meta_fields for page in pages))))
    filters: dict[str, dict[str, list[int]]] = {}
    sorts: dict[str, list[tuple[str, int]]] = {}
    names = _fragment_names(pages)
    for number, page in enumerate(pages):
        files[f"fragment/{names[number]}.pf_fragment"] = page.fragment_data
        for name, value in page.filters:
            filters.setdefault(name, {}).setdefault(value, []).append(number)
        for name, value in page.sorts:
            sorts.setdefault(name, []).append((value, number))
    index = indexes.of(language, pages, fields)
    chunks = []
    for stems in index.chunks():
        data = gzipped(_head(4, 1) + _head(4, len(stems)) + b"".join(index.stems[stem] for stem in stems))
        name = f"{language}_{hashlib.sha256(data).hexdigest()[:7]}"
        files[f"index/{name}.pf_index"] = data
        chunks.append([stems[0], stems[-1], name])
    for before, after in zip(chunks, chunks[1:]):
        before[1], after[0] = _prefixes(before[1], after[0])
    filter_files = []
    for name in sorted(filters):
        data = gzipped(cbor2.dumps([name, [[value, numbers] for value, numbers in sorted(filters[name].items())]]))
        file = f"{language}_{hashlib.sha256(data).hexdigest()[:7]}"
        files[f"filter/{file}.pf_filter"] = data
        filter_files.append([name, file])
    meta = [PAGEFIND_VERSION, [[names[number], page.word_count] for number, page in enumerate(pages)], chunks, filter_files,
            [[name, _sorted_pages(values)] for name, values in sorted(sorts.items())], list(fields)]
    data = gzipped(cbor2.dumps(meta))
    meta_hash = f"{language}_{hashlib.sha256(data).hexdigest()[:10]}"
    files[f"pagefind.{meta_hash}.pf_meta"] = data
    return meta_hash, files


def _fragment_names(pages: list[PageEntry]) -> list[str]:
    """Each page's fragment's name: Pagefind's, unless two different
    fragments share it; then both are named by more of their digest."""
    holders: dict[str, set[bytes]] = {}
    for page in pages:
        holders.setdefault(page.fragment, set()).add(page.fragment_data)
    return [page.fragment if len(holders[page.fragment]) == 1
            else f"{page.language}_{hashlib.sha256(page.fragment_data).hexdigest()[:16]}" for page in pages]


# ---- the word index ------------------------------------------------------------

# A stem's postings by the form it was stemmed from ("" for itself): each
# page's number with its locations and metadata locations, encoded.
Postings = dict[str, list[tuple[int, bytes]]]


@dataclass(frozen=True)
class WordIndex:
    """One language's word index as a bundle wrote it: every stem with the
    pages it is on and, apart, the forms stemmed to it (["cafe", its pages,
    [["café", its pages]]]), each stem's entry encoded, in stem order."""
    urls: tuple[str, ...]  # the pages, by number
    fields: tuple[str, ...]  # the metadata fields, whose numbers the entries use
    words: tuple[bytes, ...]  # each page's words, as its PageEntry holds them
    stems: dict[str, bytes]  # stem → its entry, encoded
    order: tuple[str, ...]  # the stems, sorted

    @classmethod
    def made(cls, pages: list[PageEntry], fields: tuple[str, ...]) -> "WordIndex":
        """Of every word of every page."""
        encode_meta = _meta_encoder(fields)
        postings: dict[str, Postings] = {}
        for number, page in enumerate(pages):
            for stem, form, locations, meta_locations in page.words:
                forms = postings.get(stem)
                if forms is None:
                    forms = postings[stem] = {"": []}
                held = forms.get(form)
                if held is None:
                    held = forms[form] = []
                held.append((number, locations + encode_meta(meta_locations)))
        stems = {stem: _entry(stem, forms) for stem, forms in postings.items()}
        return cls(tuple(page.url for page in pages), fields, tuple(page.words_data for page in pages), stems, tuple(sorted(stems)))

    def patched(self, pages: list[PageEntry]) -> "WordIndex":
        """For the same pages in the same order, with the same fields, some
        of whose words changed: the entries of the stems whose postings on
        those pages changed are encoded again, the others kept."""
        encode_meta = _meta_encoder(self.fields)
        stems = self.stems
        for number, page in enumerate(pages):
            if page.words_data == self.words[number]:
                continue
            if stems is self.stems:
                stems = dict(self.stems)
            before, after = _by_stem(pickle.loads(self.words[number]), encode_meta), _by_stem(page.words, encode_meta)
            for stem in before.keys() | after.keys():
                if before.get(stem) != after.get(stem):
                    entry = _replaced(stems.get(stem), stem, number, after.get(stem, {}))
                    if entry is None:
                        del stems[stem]
                    else:
                        stems[stem] = entry
        if stems is self.stems:
            return self
        order = self.order if len(stems) == len(self.stems) and stems.keys() == self.stems.keys() else tuple(sorted(stems))
        return WordIndex(self.urls, self.fields, tuple(page.words_data for page in pages), stems, order)

    def chunks(self) -> list[list[str]]:
        """The stems cut into the index's chunks, of about CHUNK_BYTES each."""
        chunks, chunk, size = [], [], 0
        for stem in self.order:
            chunk.append(stem)
            size += len(self.stems[stem])
            if size >= CHUNK_BYTES:
                chunks.append(chunk)
                chunk, size = [], 0
        if chunk:
            chunks.append(chunk)
        return chunks


class WordIndexes:
    """Each language's word index as the last bundle of a shard left it
    (`known`), and as this bundle leaves it (`made`: the next one's `known`)."""

    def __init__(self, known: Mapping[str, WordIndex] | None = None):
        self.known = known or {}
        self.made: dict[str, WordIndex] = {}

    def of(self, language: str, pages: list[PageEntry], fields: tuple[str, ...]) -> WordIndex:
        """Patched from the last one while its pages are these, numbered
        alike, and its fields the same (which fix every posting's numbers);
        else made of every page's words."""
        last = self.known.get(language)
        if isinstance(last, WordIndex) and last.fields == fields and last.urls == tuple(page.url for page in pages):
            index = last.patched(pages)
        else:
            index = WordIndex.made(pages, fields)
        self.made[language] = index
        return index


def _meta_encoder(fields: tuple[str, ...]):
    """Metadata locations encoded with these fields' numbers (-1 for the first), each form once."""
    number = {name: -1 - i for i, name in enumerate(fields)}
    encoded: dict[tuple, bytes] = {}

    def encode(meta_locations: tuple) -> bytes:
        found = encoded.get(meta_locations)
        if found is None:
            found = encoded[meta_locations] = cbor2.dumps([number[i] if isinstance(i, str) else i for i in meta_locations])
        return found

    return encode


def _by_stem(words: tuple, encode_meta) -> dict[str, dict[str, bytes]]:
    """A page's words as its postings' parts: stem → form → locations and metadata locations, encoded."""
    found: dict[str, dict[str, bytes]] = {}
    for stem, form, locations, meta_locations in words:
        found.setdefault(stem, {})[form] = locations + encode_meta(meta_locations)
    return found


def _entry(stem: str, forms: Postings) -> bytes:
    """A stem's entry in the word index: [stem, its pages, [[form, its pages], …]], the forms in order."""
    variants = sorted(form for form in forms if form)
    parts = [b"\x83", _text(stem), *_postings(forms.get("", [])), _head(4, len(variants))]
    for form in variants:
        parts += [b"\x82", _text(form), *_postings(forms[form])]
    return b"".join(parts)


def _replaced(entry: bytes | None, stem: str, number: int, now: Mapping[str, bytes]) -> bytes | None:
    """The stem's entry with page `number`'s postings replaced by `now`
    (form → its locations and metadata locations, encoded); None when no
    page has the stem any more."""
    forms: Postings = _postings_of(entry) if entry is not None else {"": []}
    for form, held in forms.items():
        forms[form] = [posting for posting in held if posting[0] != number]
    for form, rest in now.items():
        insort(forms.setdefault(form, []), (number, rest))
    forms = {form: held for form, held in forms.items() if held or not form}
    if not any(forms.values()):
        return None
    return _entry(stem, forms)


def _postings_of(entry: bytes) -> Postings:
    """An entry read back (the inverse of _entry)."""
    _, own, variants = cbor2.loads(entry)
    forms = {"": own, **dict(variants)}
    found: Postings = {}
    for form, held in forms.items():
        number, postings = 0, []
        for step, locations, meta_locations in held:
            number += step
            postings.append((number, cbor2.dumps(locations) + cbor2.dumps(meta_locations)))
        found[form] = postings
    return found


def _postings(pages: list[tuple[int, bytes]]) -> list[bytes]:
    """A list of pages in the word index: each [page, locations, metadata
    locations], the page's number after the first as the step from the one before."""
    parts, before = [_head(4, len(pages))], 0
    for number, rest in pages:
        step = number - before
        parts += [b"\x83", _STEPS[step] if step < len(_STEPS) else _head(0, step), rest]
        before = number
    return parts


def _prefixes(last: str, first: str) -> tuple[str, str]:
    """Pagefind's chunk bounds: the last word of one chunk and the first of
    the next cut to one character past what they share."""
    shared = 0
    for a, b in zip(first, last):
        if a != b:
            break
        shared += 1
    return last[: shared + 1], first[: shared + 1]


def _sorted_pages(values: list[tuple[str, int]]) -> list[int]:
    """The pages in the order of their values: as numbers (32-bit floats)
    when every value reads as one, else as text; equal values in page order."""
    numbers = [_number(value) for value, _ in values]
    if all(number is not None for number in numbers):
        order = sorted(range(len(values)), key=lambda i: (numbers[i], values[i][1]))
    else:
        order = sorted(range(len(values)), key=lambda i: (values[i][0].encode(), values[i][1]))
    return [values[i][1] for i in order]


_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _number(value: str) -> float | None:
    if not _NUMBER.fullmatch(value):
        return None
    return struct.unpack("f", struct.pack("f", float(value)))[0]


# ---- Pagefind's file format ------------------------------------------------------

def _raw(data: bytes) -> bytes:
    raw = gzip.decompress(data)
    if not raw.startswith(_SIGNATURE):
        raise SearchUnavailable(f"Pagefind wrote a file newsgen cannot read: is its version {PAGEFIND_VERSION}?")
    return raw[len(_SIGNATURE):]


def decode(data: bytes):
    return cbor2.loads(_raw(data))


def compressed(value) -> bytes:
    return _compressed_raw(cbor2.dumps(value))


def _compressed_raw(encoded: bytes) -> bytes:
    """Pagefind's form of a file: gzip (at zlib's default level, as Pagefind's) of its signature and CBOR."""
    return gzip.compress(_SIGNATURE + encoded, compresslevel=6, mtime=0)


def _head(major: int, argument: int) -> bytes:
    """A CBOR item's first bytes: its major type and argument, the shortest way (as minicbor writes it)."""
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise ValueError(argument)


_STEPS = [_head(0, step) for step in range(4096)]  # the steps between pages of a word, encoded: most are small


def _text(value: str) -> bytes:
    data = value.encode("utf-8")
    return _head(3, len(data)) + data
