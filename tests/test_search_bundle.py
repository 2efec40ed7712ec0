"""A Pagefind bundle taken apart into its pages' parts and put together again
(search_bundle.py): what the put-together bundle holds is what Pagefind's own
holds, and it is the same bytes whichever pages Pagefind indexed together."""

from __future__ import annotations

import gzip
import json

import pytest

from generator import search
from generator import search_bundle as sb

pytest.importorskip("pagefind")

CAFE = ('<html lang="en"><head><title>Café cafe</title></head><body><main data-pagefind-body>'
        '<h1 data-pagefind-meta="title">Café naïve resume résumé</h1><p>The café was naïve about the résumé. Cafe cafe.</p>'
        '<span data-pagefind-filter="tag">Food</span><span data-pagefind-sort="rank:7"></span>'
        '<time data-pagefind-sort="date[datetime]" datetime="2024-01-05T10:00:00+00:00">Jan 5</time></main></body></html>')
TOUR = ('<html lang="en"><head><title>Other</title></head><body><main data-pagefind-body><h1>Other page about a cafe</h1>'
        '<p data-pagefind-meta="author">Zed Author</p><p>Resume the café tour. <span data-pagefind-filter="tag">X</span>'
        '<span data-pagefind-filter="tag">Food</span></p><img src="/t.jpg" alt="A cup">'
        '<span data-pagefind-sort="rank:12"></span>'
        '<time data-pagefind-sort="date[datetime]" datetime="2023-01-05T10:00:00+00:00">Jan 5</time></main></body></html>')
PLAIN = ('<html lang="en"><head><title>Plain</title></head><body><main data-pagefind-body><h1>Plain words</h1>'
         '<p>Nothing sorts this page; a cafe is named.</p></main></body></html>')
GERMAN = ('<html lang="de"><head><title>Deutsch</title></head><body><main data-pagefind-body><h1>Größe Straße</h1>'
          '<p>Die Straße ist groß. Häuser am Café.</p><span data-pagefind-sort="rank:3"></span></main></body></html>')
PAGES = {"/a/": CAFE, "/b/": TOUR, "/c/": PLAIN, "/d/": GERMAN}


def indexed(pages: dict[str, str]) -> dict[str, bytes]:
    return search._index(search.IndexedPage(url, html) for url, html in pages.items())


def put_together(runs: list[dict[str, str]]) -> dict[str, bytes]:
    entries, statics, characters = {}, {}, []
    for pages in runs:
        files = indexed(pages)
        entries.update(sb.entries_of(files, {url: sb.sort_values(html) for url, html in pages.items()}))
        statics.update((path, data) for path, data in files.items() if search._is_static(path))
        characters = json.loads(files[sb.ENTRY])["include_characters"]
    return sb.bundle([entries[url] for url in sorted(entries)], statics, characters)


def contents(files: dict[str, bytes]) -> dict:
    """What a bundle holds, by page URL rather than by page number."""
    held: dict = {"postings": set(), "filters": set(), "sorts": {}, "pages": {}, "fields": {}}
    for language, about in json.loads(files[sb.ENTRY])["languages"].items():
        meta = sb.decode(files[f"pagefind.{about['hash']}.pf_meta"])
        urls = [json.loads(sb._raw(files[f"fragment/{name}.pf_fragment"]))["url"] for name, _ in meta[1]]
        held["pages"].update((url, (language, count, files[f"fragment/{name}.pf_fragment"])) for url, (name, count) in zip(urls, meta[1]))
        held["fields"][language] = meta[5]
        for start, end, chunk in meta[2]:
            for stem, postings, forms in sb.decode(files[f"index/{chunk}.pf_index"])[0]:
                assert start <= stem and stem[: len(end)] <= end, (start, stem, end)  # the meta file's bounds hold the chunk's words
                for form, pages in (("", postings), *forms):
                    number = 0
                    for step, locations, meta_locations in pages:
                        number += step
                        named = tuple(meta[5][-1 - i] if i < 0 else i for i in meta_locations)
                        held["postings"].add((language, stem, form, urls[number], tuple(locations), named))
        for name, file in meta[3]:
            for value, numbers in sb.decode(files[f"filter/{file}.pf_filter"])[1]:
                held["filters"].update((name, value, urls[n]) for n in numbers)
        for name, numbers in meta[4]:
            held["sorts"][(language, name)] = [urls[n] for n in numbers]
    return held


def test_a_bundle_put_together_from_its_pages_holds_what_pagefinds_own_holds():
    """Stems and the forms stemmed to them, metadata fields that differ from
    page to page, two languages, filters, a sort by number and one by text."""
    own = contents(indexed(PAGES))
    ours = contents(put_together([PAGES]))
    assert ours == own
    assert ("en", "cafe", "café", "/a/") in {p[:4] for p in ours["postings"]}  # a form kept under its stem
    assert ours["sorts"][("en", "rank")] == ["/a/", "/b/"] and ours["sorts"][("en", "date")] == ["/b/", "/a/"]
    assert ours["fields"]["en"] == ["author", "image", "image_alt", "title"]


def test_pages_indexed_apart_or_together_give_the_same_bytes():
    together = put_together([PAGES])
    apart = put_together([{url: html} for url, html in PAGES.items()])
    assert together == apart
    assert put_together([{"/a/": CAFE, "/c/": PLAIN}, {"/b/": TOUR, "/d/": GERMAN}]) == together


@pytest.mark.parametrize("html, values", [
    ('<time data-pagefind-sort="date[datetime]" datetime="2024-01-05">x</time>', (("date", "2024-01-05"),)),
    ("<span data-pagefind-sort='weight:10'></span>", (("weight", "10"),)),
    ('<b data-pagefind-sort="n[data-n]" data-n="a &amp; b\n"></b>', (("n", "a & b"),)),
    ('<p>No sort here</p>', ()),
    ('<span data-pagefind-sort="date">2024-01-05</span>', None),  # the element's text: left to Pagefind
    ('<span data-pagefind-sort="a, b:1">x</span>', None),
])
def test_sort_values_are_read_where_an_attribute_names_or_gives_them(html, values):
    assert sb.sort_values(html) == values


def test_two_pages_whose_fragments_share_a_name_are_named_apart():
    """Pagefind lengthens a colliding name by the order pages came in; here both get more of their digest."""
    a, b = sb.entries_of(indexed({"/a/": CAFE}), {"/a/": ()})["/a/"], sb.entries_of(indexed({"/b/": TOUR}), {"/b/": ()})["/b/"]
    clash = b.__class__(**{**b.__dict__, "fragment": a.fragment})
    files = sb.bundle([a, clash], {}, [])
    names = [path for path in files if path.startswith("fragment/")]
    assert len(names) == 2 and a.fragment not in " ".join(names)
    assert contents(files)["pages"]["/b/"][2] == b.fragment_data


def test_a_bundle_made_again_takes_its_unchanged_files_compressed_from_the_last_and_checks_them():
    entries = sb.entries_of(indexed(PAGES), {url: sb.sort_values(html) for url, html in PAGES.items()})
    pages = [entries[url] for url in sorted(entries)]
    first = sb.Gzipped()
    fresh = sb.bundle(pages, {}, [], first)
    compressed = set(first.made.values())
    assert compressed and compressed <= set(fresh.values())
    # Each kept file's bytes are what the next bundle uses: put in a form a
    # fresh compression would not give (another level), they come out as kept
    # (the word index's chunks; the meta file names them by those bytes).
    again = {key: gzip.compress(gzip.decompress(data), compresslevel=1, mtime=0) for key, data in first.made.items()}
    reused = sb.bundle(pages, {}, [], sb.Gzipped(again))
    chunks = {data for path, data in reused.items() if path.startswith("index/")}
    assert chunks and chunks <= set(again.values())
    # A kept file that does not hold what its key says (damaged, or another file's) is compressed anew.
    keys = list(first.made)
    wrong = {key: b"not gzip" for key in keys[:1]} | {key: first.made[keys[0]] for key in keys[1:]}
    assert sb.bundle(pages, {}, [], sb.Gzipped(wrong)) == fresh


# Edits of one page at a time, as a newsroom makes them: (page, text before, text after, its fields change).
EDITS = [
    ("/b/", "Resume the café tour.", "Resume the café trip.", False),  # a word for another: one stem out, one in, positions kept
    ("/c/", "Nothing sorts this page;", "Nothing at all sorts this page, nothing;", False),  # words put in: later positions move
    ("/c/", "Nothing at all sorts", "Something sorts", False),  # a stem no other page has, gone
    ("/a/", "Cafe cafe.</p>", "Cafe cafe cafés.</p>", False),  # a new form of a stem
    ("/d/", "Die Straße ist groß.", "Die Straße ist sehr groß.", False),  # the other language's index
    ("/b/", '<p data-pagefind-meta="author">Zed Author</p>', "<p>Zed Author</p>", True),  # the only page with a field loses it
]


def test_a_word_index_patched_after_an_edit_is_the_bytes_of_one_made_whole():
    pages = dict(PAGES)

    def entries_of(changed: dict[str, str]) -> dict[str, sb.PageEntry]:
        return sb.entries_of(indexed(changed), {url: sb.sort_values(html) for url, html in changed.items()})

    entries = entries_of(pages)
    indexes = sb.WordIndexes()
    sb.bundle([entries[url] for url in sorted(entries)], {}, [], None, indexes)
    for language, index in indexes.made.items():  # an entry read back and encoded again is the same bytes
        assert all(sb._entry(stem, sb._postings_of(entry)) == entry for stem, entry in index.stems.items()), language
    for url, before, after, fields_change in EDITS:
        assert before in pages[url]
        pages[url] = pages[url].replace(before, after)
        on_page = {word[0] for word in entries[url].words}
        entries.update(entries_of({url: pages[url]}))
        on_page |= {word[0] for word in entries[url].words}
        ordered = [entries[u] for u in sorted(entries)]
        known, indexes = indexes.made, sb.WordIndexes(indexes.made)
        assert sb.bundle(ordered, {}, [], None, indexes) == sb.bundle(ordered, {}, []), (url, after)
        language = entries[url].language
        kept = [stem for stem, entry in indexes.made[language].stems.items() if entry is known[language].stems.get(stem)]
        if fields_change:  # every posting's metadata numbers may change: made whole
            assert not kept
        else:  # the stems not on the edited page are kept as they were encoded
            assert set(known[language].stems) - on_page <= set(kept), (url, after)
        other = "de" if language == "en" else "en"
        assert indexes.made[other] is known[other]  # nothing changed there: the same index
