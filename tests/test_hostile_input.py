"""Hostile and broken input: every case gives a correct page or a clear error
naming the file (and the line where known), never a traceback."""

from __future__ import annotations

import json
import os
import unicodedata
import xml.etree.ElementTree as ET

import pytest

from generator.build import BuildResult
from generator.errors import Severity
from generator.slugs import MAX_SLUG_BYTES, slugify

from .conftest import elements, messages, story, text_of
from .hardening_support import (
    builds, cli_build, cli_fails_naming, fails, file_names_too_long, meta_content, outcome, parse_tags, problems_of,
)

A = "content/world/a.md"
PAGE = "world/2022/12/09/{}/index.html"


def front(*lines: str, body: str = "Body.\n") -> str:
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n" + body


def fails_at(s, path: str, line: int | None, *words: str):
    """The build fails; a diagnostic names `path` (at `line` when given) and
    says each of `words`; the CLI prints it as path:line: without a traceback."""
    failed = fails(s)
    found = problems_of(failed, path)
    if line is not None:
        assert any(d.line == line for d in found), f"expected {path}:{line}; got {messages(failed)}"
    for word in words:
        assert any(word.lower() in d.message.lower() for d in found), f"no message says {word!r}: {messages(failed)}"
    return found


# ---- YAML itself -------------------------------------------------------------

def test_malformed_yaml_names_file_and_line(site, capsys):
    s = site({A: front("title: Troops arrive", "date: 2022-12-09T10:00:00", "summary: a: b", "tags: [Ukraine]")})
    fails_at(s, A, 4, "YAML")
    cli_fails_naming(s, capsys, A, 4)


def test_unclosed_front_matter_fence(site, capsys):
    s = site({A: "---\ntitle: Troops arrive\ndate: 2022-12-09T10:00:00\n\nThe body never ends the front matter.\n"})
    [problem] = fails_at(s, A, 1)
    assert "---" in problem.message and ("close" in problem.message or "end" in problem.message)
    cli_fails_naming(s, capsys, A, 1)


@pytest.mark.parametrize("lines, shape", [(["- title", "- date"], "list"), (["just some words"], "value")])
def test_front_matter_that_is_a_list_or_a_scalar(site, capsys, lines, shape):
    s = site({A: front(*lines)})
    [problem] = fails_at(s, A, 2)
    assert "key: value" in problem.message or "key" in problem.message, problem.message
    cli_fails_naming(s, capsys, A, 2)


@pytest.mark.parametrize(
    "line",
    [
        'title: !!python/object/apply:os.system ["touch {marker}"]',
        'summary: !!python/object/apply:subprocess.check_call [["touch", "{marker}"]]',
        'tags: !!python/object/apply:os.system ["touch {marker}"]',
        'extra: !!python/object/apply:os.system ["touch {marker}"]',
        'extra: {{run: !!python/object/apply:os.system ["touch {marker}"]}}',
        'extra: {{run: !!python/object/new:subprocess.Popen [["touch", "{marker}"]]}}',
        'date: !!python/object/apply:os.system ["touch {marker}"]',
        'title: !!python/name:os.system "touch {marker}"',
    ],
    ids=["title", "summary", "tags", "extra", "extra-value", "extra-popen", "date", "title-scalar-tag"],
)
def test_yaml_tags_that_build_objects_are_refused_and_never_run(site, capsys, tmp_path, line):
    marker = tmp_path / "PWNED"
    hostile = line.format(marker=marker)
    if hostile.startswith("title:"):
        text, key_line = front(hostile, "date: 2022-12-09T10:00:00"), 2
    elif hostile.startswith("date:"):
        text, key_line = front("title: Troops arrive", hostile), 3
    else:
        text, key_line = front("title: Troops arrive", "date: 2022-12-09T10:00:00", hostile), 4
    s = site({A: text})
    fails_at(s, A, key_line)
    assert not marker.exists(), "a YAML tag ran a command"
    cli_fails_naming(s, capsys, A, key_line)
    assert not marker.exists(), "a YAML tag ran a command"


def test_yaml_1_1_booleans_and_nulls_stay_text(site):
    s = site({
        A: front("title: no", "date: 2022-12-09T10:00:00", "tags: [yes, off, null]"),
        "content/world/b.md": front("title: off", "date: 2022-12-09T11:00:00", "tags: [On, NO]"),
    })
    builds(s)
    assert text_of(s.read(PAGE.format("a")), "h1") == ["no"]
    assert text_of(s.read(PAGE.format("b")), "h1") == ["off"]
    for tag in ("yes", "off", "on", "no"):
        assert s.exists(f"tags/{tag}/index.html"), f"no page for the tag {tag!r}: {s.files()}"
    for wrong in ("true", "false", "none"):
        assert not s.exists(f"tags/{wrong}/index.html"), f"a YAML 1.1 value became the tag {wrong!r}"
    tags = text_of(s.read(PAGE.format("a")), "a", rel="tag")
    assert tags[:2] == ["yes", "off"] and "True" not in tags and "False" not in tags and "None" not in tags


def test_duplicate_keys_are_a_warning_with_the_line(site):
    s = site({A: front("title: Troops arrive", "date: 2022-12-09T10:00:00", "summary: One", "title: Troops leave")})
    [problem] = [w for w in s.build().warnings if w.path == A]
    assert problem.line == 5 and "duplicate" in problem.message and "2" in problem.message  # where the other one is


def test_toml_front_matter_is_supported(site):
    s = site({
        A: '+++\ntitle = "Troops arrive"\ndate = 2022-12-09T10:00:00\ntags = ["Ukraine"]\n+++\nFirst paragraph.\n',
        "content/world/b.md": '+++\ntitle = "Second story"\ndate = "2022-12-09"\n+++\nAnother.\n',
    })
    builds(s)
    html = s.read(PAGE.format("a"))
    assert text_of(html, "h1") == ["Troops arrive"]
    assert [e.attrs["datetime"] for e in elements(html, "time")][0] == "2022-12-09T10:00:00+01:00"
    assert s.exists("tags/ukraine/index.html")
    html = s.read(PAGE.format("b"))
    assert text_of(html, "h1") == ["Second story"]
    assert elements(html, "time")[0].attrs["datetime"] == "2022-12-09"


# ---- wrong types -------------------------------------------------------------

@pytest.mark.parametrize(
    "key, lines, line",
    [
        ("title", ["title: [Troops, arrive]", "date: 2022-12-09T10:00:00"], 2),
        ("tags", ["title: T", "date: 2022-12-09T10:00:00", "tags: {first: Ukraine}"], 4),
        ("draft", ["title: T", "date: 2022-12-09T10:00:00", 'draft: "yes"'], 4),
        ("featured", ["title: T", "date: 2022-12-09T10:00:00", "featured: [true]"], 4),
        ("corrections", ["title: T", "date: 2022-12-09T10:00:00", "corrections: We got it wrong"], 4),
        ("authors", ["title: T", "date: 2022-12-09T10:00:00", "authors: [[Anna]]"], 4),
        ("date", ["title: T", "date: [2022-12-09]"], 3),
        ("summary", ["title: T", "date: 2022-12-09T10:00:00", "summary: {a: b}"], 4),
        ("paywall", ["title: T", "date: 2022-12-09T10:00:00", "paywall: 1"], 4),
        ("extra", ["title: T", "date: 2022-12-09T10:00:00", "extra: [a, b]"], 4),
        ("image", ["title: T", "date: 2022-12-09T10:00:00", "image: [[a.png]]"], 4),
        ("updated", ["title: T", "date: 2022-12-09T10:00:00", "updated: {at: noon}"], 4),
    ],
)
def test_wrong_type_for_a_key_is_an_error_naming_key_and_line(site, capsys, key, lines, line):
    s = site({A: front(*lines)})
    fails_at(s, A, line, key)
    cli_fails_naming(s, capsys, A, line)


# ---- dates -------------------------------------------------------------------

@pytest.mark.parametrize("value", ["2022-02-30", "2022-13-01", "2022-02-30T10:00:00", "2016-12-31T23:59:60Z"])
def test_impossible_dates_and_leap_seconds_are_clear_errors(site, capsys, value):
    s = site({A: front("title: T", f"date: {value}")})
    [problem] = fails_at(s, A, 3, "date")
    assert value in problem.message
    cli_fails_naming(s, capsys, A, 3)


def test_a_date_without_a_time_is_date_only(site):
    s = site({A: front("title: T", "date: 2022-12-09")})
    builds(s)
    html = s.read(PAGE.format("a"))
    assert elements(html, "time")[0].attrs["datetime"] == "2022-12-09"
    assert "00:00" not in " ".join(text_of(html, "time"))
    [ld] = [json.loads(t.data) for t in parse_tags(html) if t.name == "script" and t.get("type") == "application/ld+json"][:1]
    assert ld["datePublished"] == "2022-12-09"


@pytest.mark.parametrize(
    "value",
    ["0001-01-01", "0001-01-01T00:00:00", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00",
     "9999-12-31T23:59:59", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59-12:00", "9999-12-31"],
)
@pytest.mark.parametrize("future", [False, True], ids=["now", "future"])
def test_extreme_years_give_a_page_or_a_clear_error(site, capsys, value, future):
    s = site({A: front("title: T", f"date: {value}"), "content/world/b.md": story("Another story")})
    result = outcome(s, future=future)
    if isinstance(result, BuildResult):
        year = value[:4]
        pages = [f for f in s.files() if f.startswith(f"world/{year}/") and f.endswith("/a/index.html")]
        if value.startswith("0001") or future:
            assert pages, f"the story dated {value} is published but has no page: {s.files()}"
        for rel in s.files():
            if rel.endswith(".xml"):
                ET.fromstring(s.path(rel).read_bytes())
    else:
        [problem] = problems_of(result, A)
        assert problem.line == 3 and "date" in problem.message
    extra = ("--future",) if future else ()
    code, _, err = cli_build(s, capsys, *extra)
    assert code == (0 if isinstance(result, BuildResult) else 1), err


# ---- empty and odd files -----------------------------------------------------

def test_an_empty_file_is_left_out_with_a_clear_warning(site):
    s = site({A: ""})
    [problem] = [w for w in s.build().warnings if w.path == A]
    assert problem.line == 1 and "front matter" in problem.message and "not published" in problem.message


@pytest.mark.parametrize("text", [front("title: Only front matter", "date: 2022-12-09T10:00:00", body=""),
                                  "---\ntitle: Only front matter\ndate: 2022-12-09T10:00:00\n---"])
def test_front_matter_without_a_body_builds(site, text):
    s = site({A: text})
    builds(s)
    html = s.read(PAGE.format("a"))
    assert text_of(html, "h1") == ["Only front matter"]
    ET.fromstring(s.path("feed.xml").read_bytes())


def test_latin_1_bytes_are_an_error_naming_file_and_line(site, capsys):
    s = site({A: "---\ntitle: Caf\u00e9 opens\ndate: 2022-12-09T10:00:00\n---\nBody.\n".encode("latin-1")})
    [problem] = fails_at(s, A, 2, "UTF-8")
    cli_fails_naming(s, capsys, A, 2)


def test_latin_1_bytes_in_the_body_name_their_line(site):
    s = site({A: "---\ntitle: T\ndate: 2022-12-09T10:00:00\n---\nFirst.\n\nNa\u00efve text.\n".encode("latin-1")})
    fails_at(s, A, 7, "UTF-8")


def test_a_utf8_bom_is_ignored(site):
    s = site({A: "\ufeff" + story("Troops arrive")})
    builds(s)
    html = s.read(PAGE.format("a"))
    assert text_of(html, "h1") == ["Troops arrive"]
    assert "\ufeff" not in html


def test_crlf_line_endings(site):
    s = site({A: story("Troops arrive", tags="[Ukraine]", body="First paragraph.\n\nSecond.\n").replace("\n", "\r\n")})
    builds(s)
    html = s.read(PAGE.format("a"))
    assert text_of(html, "h1") == ["Troops arrive"]
    assert "\r" not in html
    assert s.exists("tags/ukraine/index.html")
    assert meta_content(html, name="description") == ["First paragraph."]


def test_crlf_errors_keep_their_lines(site):
    s = site({A: front("title: T", "date: 2022-12-09T10:00:00", "dateline: [x]").replace("\n", "\r\n")})
    fails_at(s, A, 4, "dateline")


CONTROL = "".join(chr(c) for c in list(range(0, 9)) + [0x0B, 0x0C] + list(range(0x0E, 0x20)) + [0x7F])


def _no_control_characters(s) -> None:
    for rel in s.files():
        if rel.endswith((".html", ".xml", ".txt")):
            text = s.read(rel)
            bad = sorted({hex(ord(c)) for c in text if c in CONTROL})
            assert not bad, f"{rel} holds control characters {bad}"
            if rel.endswith(".xml"):
                ET.fromstring(text.encode("utf-8"))


def test_escaped_control_characters_in_the_title_are_stripped(site):
    s = site({A: front(r'title: "Troops\a arrive\x1b[31m in\0 Kyiv\x7f"', "date: 2022-12-09T10:00:00", r'tags: ["Ukr\x08aine"]')})
    builds(s)
    assert text_of(s.read(PAGE.format("a")), "h1") == ["Troops arrive[31m in Kyiv"]
    _no_control_characters(s)


def test_raw_control_characters_in_the_title_are_stripped(site):
    """Pasted text carries stray control characters (a bell, an escape, a
    vertical tab): the title keeps its words and the page builds."""
    s = site({A: front("title: Troops\x07 arrive\x1b in\x0b Kyiv", "date: 2022-12-09T10:00:00")})
    result = outcome(s)
    assert isinstance(result, BuildResult), f"the build failed instead of stripping control characters: {messages(result)}"
    assert text_of(s.read(PAGE.format("a")), "h1") == ["Troops arrive in Kyiv"]
    _no_control_characters(s)


# ---- size --------------------------------------------------------------------

def test_a_10_mb_body_builds_with_bounded_descriptions(site):
    paragraph = " ".join(f"word{i}" for i in range(1_000_000))  # ~6.9 MB in one paragraph
    rest = "\n\n".join(["More text here. " * 200] * 1000)  # ~3.2 MB more
    body = paragraph + "\n\n" + rest + "\n"
    assert len(body.encode()) >= 10_000_000
    s = site({A: story("Huge", body=body, tags="[Big]")})
    builds(s)
    html = s.read(PAGE.format("a"))
    [description] = meta_content(html, name="description")
    assert len(description) < 1000, f"the meta description has {len(description)} characters"
    for og in meta_content(html, property="og:description"):
        assert len(og) < 1000, f"og:description has {len(og)} characters"
    for tag in parse_tags(html):
        if tag.name == "script" and tag.get("type") == "application/ld+json":
            data = json.loads(tag.data)
            if "description" in data:
                assert len(data["description"]) < 1000, f"the JSON-LD description has {len(data['description'])} characters"
    rss = ET.fromstring(s.path("feed.xml").read_bytes())
    for item in rss.iter("item"):
        assert len(item.findtext("description") or "") < 1000, "the RSS description is unbounded"
    atom = ET.fromstring(s.path("atom.xml").read_bytes())
    for summary in atom.iter("{http://www.w3.org/2005/Atom}summary"):
        assert len(summary.text or "") < 1000, "the Atom summary is unbounded"


@pytest.mark.parametrize("char", ["x", "é", "記", "😀"], ids=["ascii", "latin", "cjk", "emoji"])
def test_a_5000_character_title_keeps_file_names_short(site, char):
    long = (char * 9 + " ") * 500
    s = site({
        A.replace("a.md", f"{'y' * 200}.md"): front(f"title: {long}", "date: 2022-12-09T10:00:00", f"tags: [{long}]", f"author: {long}"),
        "content/world/b.md": front(f"title: {long}", "date: 2022-12-09T11:00:00", f"slug: {long}"),
    })
    builds(s)
    files = s.files()
    assert not file_names_too_long(files), f"file names of 255 bytes or more: {file_names_too_long(files)}"
    articles = [f for f in files if f.startswith("world/2022/12/09/") and f.endswith("/index.html")]
    assert len(articles) == 2
    for rel in articles:
        assert text_of(s.read(rel), "h1") == [" ".join(long.split())]


# ---- scripts and slugs -------------------------------------------------------

TITLES = {
    "arabic": "مرحبا بالعالم: أخبار اليوم",
    "arabic-harakat": "اَلْعَرَبِيَّةُ لُغَةٌ جَمِيلَةٌ",
    "hebrew": "שָׁלוֹם עוֹלָם חֲדָשׁוֹת",
    "cjk": "東京で大きな地震 速報",
    "korean": "서울에서 큰 뉴스",
    "devanagari": "क्षत्रिय समाचार हिन्दी",
    "thai": "ข่าวด่วนวันนี้",
    "emoji": "🔥🚒 🇺🇦 👩‍👩‍👧‍👦",
    "combining": "Cafe\u0301 Zo\u0308e n\u0303 a\u030a\u0301",
    "zalgo": "Z\u0351\u036b\u0343a\u0310\u0306l\u0352g\u0350o\u0363",
    "bidi-controls": "\u202eevil\u202c \u2067text\u2069 \u200bzero\u200dwidth",
}


def _slug_is_sound(slug: str, source: str, max_bytes: int = MAX_SLUG_BYTES) -> None:
    assert slug, f"empty slug for {source!r}"
    slug.encode("utf-8").decode("utf-8")  # valid UTF-8: no lone surrogates
    assert unicodedata.normalize("NFC", slug) == slug, f"slug {slug!r} is not NFC"
    assert len(slug.encode("utf-8")) <= max_bytes
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Zs", "Zl", "Zp") for c in slug), f"invisible or control characters in {slug!r}"
    assert "/" not in slug and "\\" not in slug and slug not in (".", "..")
    assert not unicodedata.category(slug[0]).startswith("M"), f"slug {slug!r} starts with a combining mark"


@pytest.mark.parametrize("name", sorted(TITLES))
def test_slugs_of_every_script_are_non_empty_nfc_and_safe(name):
    title = TITLES[name]
    _slug_is_sound(slugify(title), title)
    # Truncated at every length: never empty, never a split character.
    full = slugify(title, max_bytes=10_000)
    for limit in range(1, len(full.encode()) + 2):
        cut = slugify(title, max_bytes=limit)
        _slug_is_sound(cut, title, max_bytes=max(limit, len(cut.encode())) if cut.startswith("n-") else limit)
        if not cut.startswith("n-") and cut != full:
            assert full.startswith(cut), f"{cut!r} is not a prefix of {full!r}"
            following = full[len(cut)]
            assert not unicodedata.category(following).startswith("M"), f"cutting {full!r} at {limit} bytes left {cut!r}, dropping the marks of its last letter"


@pytest.mark.parametrize("name", sorted(TITLES))
def test_titles_file_names_and_tags_in_every_script_build(site, name):
    title = TITLES[name]
    s = site({
        f"content/world/{title}.md": front(f"title: {json.dumps(title, ensure_ascii=False)}", "date: 2022-12-09T10:00:00",
                                           f"tags: {json.dumps([title, 'News'], ensure_ascii=False)}"),
    })
    builds(s)
    files = s.files()
    for rel in files:
        for part in rel.split("/"):
            assert part and unicodedata.normalize("NFC", part) == part, f"output path {rel!r} is not NFC"
    [page] = [f for f in files if f.startswith("world/2022/12/09/") and f.endswith("/index.html")]
    assert text_of(s.read(page), "h1") == [" ".join(title.split())]
    tag_pages = {f.split("/")[1] for f in files if f.startswith("tags/") and f.count("/") == 2}
    assert len(tag_pages) == 2, tag_pages  # the title's tag and "news"
    for slug in tag_pages | {page.split("/")[-2]}:
        _slug_is_sound(slug, title)


def test_long_titles_in_combining_scripts_are_cut_between_characters():
    for title in ("क्षत्रिय " * 40, "שָׁלוֹם " * 40, "e\u0301\u0302" * 200, "ñ" * 300, "한국어" * 80):
        slug = slugify(title)
        _slug_is_sound(slug, title)
        full = slugify(title, max_bytes=100_000)
        assert full.startswith(slug)
        if slug != full:
            assert not unicodedata.category(full[len(slug)]).startswith("M")


def test_tags_differing_only_in_case_or_accents_are_one_tag(site):
    s = site({
        A: story("One", tags="[Ukraine, Straße]"),
        "content/world/b.md": story("Two", date="2022-12-09T11:00:00", tags="[ukraine, STRASSE]"),
        "content/world/c.md": story("Three", date="2022-12-09T12:00:00", tags="[UKRAINE, Ukraíne, Ukrai\u0301ne]"),
    })
    builds(s)
    tag_pages = sorted({f.split("/")[1] for f in s.files() if f.startswith("tags/") and f.count("/") == 2})
    assert tag_pages == ["strasse", "ukraine"], tag_pages
    ukraine = s.read("tags/ukraine/index.html")  # the newest leads the topic's page, the others follow
    assert len(elements(ukraine, "section", class_="lead")) + len(elements(ukraine, "article", class_="teaser")) == 3
    assert len(elements(s.read("tags/index.html"), "ul", class_="tag-cloud")) == 1
    assert len([e for e in elements(s.read("tags/index.html"), "a") if "ukraine" in e.attrs.get("href", "")]) == 1


@pytest.mark.parametrize(
    "files",
    [
        {"content/world/troops.md": story("One"), "content/world/Troops.md": story("Two")},
        {"content/world/troops.md": story("One"), "content/World/troops.md": story("Two")},
        {"content/world/troops.md": story("One"), "content/world/other.md": story("Two", slug="TROOPS")},
        {"content/world/troops.md": story("One"), "content/world/2022-12-09-troops.md": story("Two")},
        {"content/world/troops.md": story("One"), "content/world/tröops.md": story("Two")},
    ],
    ids=["file-case", "folder-case", "slug-key", "date-prefix", "accent"],
)
def test_two_stories_wanting_one_url_name_both_files(site, capsys, files):
    s = site(files)
    failed = fails(s)
    text = str(failed)
    for path in files:
        assert path in text, f"{path} not named: {text}"
    assert any(all(p in d.message or p == d.path for p in files) for d in failed.diagnostics), messages(failed)
    err = cli_fails_naming(s, capsys, sorted(files)[0])
    for path in files:
        assert path in err


# ---- files beside stories ----------------------------------------------------

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 40
DOCX = b"PK\x03\x04" + bytes(range(256)) * 4


def test_non_markdown_files_are_copied_and_never_parsed(site):
    files = {
        A: story("Troops arrive"),
        "content/world/map.png": PNG,
        "content/world/notes.txt": "---\ntitle: [broken\n---\nnot a story\n",
        "content/world/draft.docx": DOCX,
        "content/world/latin.csv": "caf\xe9;1\n".encode("latin-1"),
        "content/world/data.json": "{not json",
        "content/world/page.html": "<p>hand-written</p>",
    }
    s = site(files)
    result = builds(s)
    assert result.articles == 1
    # The damaged PNG (a header and nothing else) is the one file the image stage says anything of:
    # it is published as it is.
    others = [w for w in result.warnings if "world/" in w.path and not w.path.endswith("a.md")]
    assert [(w.path, "is not an image newsgen can read" in w.message) for w in others] == [("content/world/map.png", True)], others
    for rel, data in files.items():
        if rel == A:
            continue
        out = rel.removeprefix("content/")
        assert s.exists(out), f"{out} was not copied"
        want = data if isinstance(data, bytes) else data.encode("utf-8")
        assert s.path(out).read_bytes() == want, f"{out} changed on the way"


def test_hidden_files_and_editor_leftovers_are_ignored(site):
    broken = "---\ntitle: [broken\n---\n"
    s = site({
        A: story("Troops arrive"),
        "content/world/a.md~": broken,
        "content/world/.a.md.swp": b"\x00\x01binary swap",
        "content/world/.a.md.swo": b"\x00\x01binary swap",
        "content/world/#a.md#": broken,
        "content/world/.hidden.md": broken,
        "content/world/a.md.bak": broken,
        "content/world/4913": "",
        "content/.git/HEAD": "ref: refs/heads/main\n",
        "content/.hidden/x.md": broken,
        "content/world/.DS_Store": b"\x00\x00\x00\x01Bud1",
    })
    # Emacs's lock file is a dangling symlink.
    os.symlink("user@host.1234:1700000000", s.root / "content/world/.#a.md")
    result = builds(s)
    assert result.articles == 1
    files = s.files()
    for name in ("a.md~", ".a.md.swp", "#a.md#", ".#a.md", ".hidden.md", "HEAD", ".DS_Store", "a.md.bak", "4913", ".a.md.swo"):
        assert not any(f.split("/")[-1] == name for f in files), f"{name} was published: {files}"
    assert not any(".hidden" in f or ".git" in f for f in files)
    assert not [w for w in result.warnings if "#" in w.path or "~" in w.path or ".swp" in w.path], result.warnings


# ---- symlinks ----------------------------------------------------------------

def test_a_symlink_inside_content_is_used(site):
    s = site({
        "content/originals/story.md": story("The original"),
        "content/world/map.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        "content/world/a.md": story("Troops arrive"),
    })
    os.symlink("../originals/story.md", s.root / "content/world/linked.md")
    os.symlink("map.svg", s.root / "content/world/map-alias.svg")
    os.symlink("world", s.root / "content/europe")
    builds(s)
    assert text_of(s.read(PAGE.format("linked")), "h1") == ["The original"]
    assert s.path("world/map-alias.svg").read_bytes() == s.path("world/map.svg").read_bytes()
    assert s.exists("europe/2022/12/09/a/index.html")


def test_a_symlink_out_of_content_is_skipped_with_a_warning(site, tmp_path):
    secret_dir = tmp_path / "outside"
    secret_dir.mkdir()
    (secret_dir / "leak.md").write_text(story("SECRET-HEADLINE-4471", body="SECRET-BODY-4471\n"), encoding="utf-8")
    (secret_dir / "passwd.png").write_bytes(b"SECRET-BYTES-4471")
    (secret_dir / "folder").mkdir()
    (secret_dir / "folder/x.md").write_text(story("SECRET-FOLDER-4471"), encoding="utf-8")
    s = site({A: story("Troops arrive")})
    os.symlink(secret_dir / "leak.md", s.root / "content/world/leak.md")
    os.symlink(secret_dir / "passwd.png", s.root / "content/world/passwd.png")
    os.symlink(secret_dir / "folder", s.root / "content/world/folder")
    os.symlink("/etc/passwd", s.root / "content/world/etc-passwd.txt")
    result = builds(s)
    for rel in s.files():
        data = s.path(rel).read_bytes()
        assert b"SECRET" not in data, f"{rel} publishes a file from outside content/"
        assert b"root:x:0:0" not in data
    warned = {w.path: w for w in result.warnings if w.severity is Severity.WARNING}
    for name in ("leak.md", "passwd.png", "folder", "etc-passwd.txt"):
        matching = [w for p, w in warned.items() if p.endswith(f"world/{name}")]
        assert matching, f"no warning for the symlink {name}: {[str(w) for w in result.warnings]}"
        assert "symlink" in matching[0].message and "outside" in matching[0].message
        assert matching[0].path == f"content/world/{name}", (
            f"the warning names {matching[0].path!r}, which is not a path from the site folder (every other diagnostic says content/…)")


def test_symlink_loops_neither_hang_nor_crash(site, capsys):
    s = site({A: story("Troops arrive")})
    content = s.root / "content"
    os.symlink(".", content / "world/self")
    os.symlink("..", content / "world/parent")
    os.symlink("../world", content / "world/again")
    os.symlink("y.md", content / "world/x.md")
    os.symlink("x.md", content / "world/y.md")
    (content / "loops").mkdir()
    os.symlink("../loops2", content / "loops/to2")
    (content / "loops2").mkdir()
    os.symlink("../loops", content / "loops2/to1")
    (content / "loops/note.txt").write_text("a note")
    result = outcome(s)
    if isinstance(result, BuildResult):
        assert s.exists(PAGE.format("a"))
        for rel in s.files():
            parts = rel.split("/")
            assert all(parts.count(name) <= 1 for name in ("self", "parent", "again", "to1", "to2")), f"{rel}: a symlink loop was followed round more than once"
        assert any("x.md" in w.path for w in result.warnings), [str(w) for w in result.warnings]
    else:
        problems_of(result, "content/world/x.md")
    code, _, err = cli_build(s, capsys)
    assert code in (0, 1)


def test_deeply_nested_folders(site):
    deep = "/".join(f"level{i}" for i in range(30))
    s = site({
        f"content/world/{deep}/deep-story.md": story("Deep down"),
        f"content/world/{deep}/deep.png": PNG,
        f"content/pages/{deep}/about.md": "---\ntitle: Deep page\n---\nText.\n",
    })
    builds(s)
    assert text_of(s.read(PAGE.format("deep-story")), "h1") == ["Deep down"]
    assert s.path(f"world/{deep}/deep.png").read_bytes() == PNG
    assert text_of(s.read(f"{deep}/about/index.html"), "h1") == ["Deep page"]


# ---- bounded work on any input (each case in its own process, under a time limit) ----

def _build_within(s, seconds: float):
    """`newsgen build --keep-going` with the cache, in a process that must end in `seconds`: (exit code, stderr)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "generator", "build", "--site", str(s.root), "--keep-going",
                           "--now", "2022-12-12T18:00:00+01:00"],
                          capture_output=True, text=True, timeout=seconds)
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    return done.returncode, done.stderr


def test_a_yaml_alias_bomb_is_refused_naming_the_file(site):
    """Nine lines standing for a billion values: measured, not expanded."""
    lines = ["title: Bomb", "date: 2022-12-09T10:00:00", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    s = site({A: front(*lines), "content/world/b.md": story("Still published")})
    code, err = _build_within(s, 60)
    assert code == 1 and f"{A}:1:" in err and "aliases" in err
    assert (s.root / "output" / PAGE.format("b")).is_file()


@pytest.mark.parametrize("body", ["* " * 500 + "x\n", "1. " * 5000 + "x\n"])
def test_text_nested_too_deeply_is_an_error_naming_the_file(site, body):
    s = site({A: story("Nested", body=body), "content/world/b.md": story("Still published")})
    code, err = _build_within(s, 60)
    assert code == 1 and A in err and "nested too deeply" in err
    assert (s.root / "output" / PAGE.format("b")).is_file() and not (s.root / "output" / PAGE.format("a")).exists()


@pytest.mark.parametrize("text", ["<" + "a<" * 75000, "<a x=" * 30000, "<a " * 50000])
def test_runs_of_unclosed_tags_are_scanned_for_urls_in_linear_time(text):
    """Each "<" of a run with no ">" after it began a pass to the end of the
    text in the scan of tags for URLs (starttags: a story's raw HTML, a
    feed's bodies, a page's links): 5 s for 50,000 characters, minutes at
    150,000. Scanned in a process that must end well within its limit."""
    import subprocess
    import sys

    script = ("import sys; from generator.starttags import START_TAG; "
              "print(sum(1 for _ in START_TAG.finditer(sys.stdin.read())))")
    done = subprocess.run([sys.executable, "-c", script], input=text, capture_output=True, text=True, timeout=20)
    assert done.returncode == 0 and done.stdout.strip() == "0", done.stderr[-2000:]


def test_a_link_to_the_root_of_the_machine_is_not_walked(site):
    """The scan of inputs for the cache follows the links discovery follows: none out of content/."""
    s = site({A: story("Troops arrive")})
    os.symlink("/", s.root / "content" / "world" / "machine")
    os.symlink("..", s.root / "content" / "world" / "up")
    code, err = _build_within(s, 60)
    assert code == 0 and "symlink points outside content/" in err
    assert (s.root / "output" / PAGE.format("a")).is_file()
    code, _ = _build_within(s, 60)  # and again, with the cache
    assert code == 0


@pytest.mark.parametrize("key, count, cap", [("tags", 1000, 100), ("authors", 500, 30)])
def test_tags_and_bylines_per_story_are_capped_with_a_warning(site, key, count, cap):
    """Output stays linear in the stories: each tag page lists the story with all its tags."""
    names = ", ".join(f"Name {i}" for i in range(count))
    s = site({A: story("Many", **{key: f"[{names}]"})})
    result = builds(s)
    [found] = [w for w in result.warnings if w.path == A and str(cap) in w.message]
    assert f"{count} " in found.message
    folder = "tags" if key == "tags" else "authors"
    pages = [f for f in s.files() if f.startswith(f"{folder}/name-") and f.endswith("index.html")]
    assert len(pages) == cap


def test_a_file_name_that_is_not_utf8_is_skipped_with_a_warning(site):
    s = site({A: story("Troops arrive")})
    with open(os.fsencode(s.root / "content" / "world") + b"/caf\xe9.md", "wb") as out:
        out.write(b"---\ntitle: Cafe\ndate: 2022-12-09T10:00:00\n---\nBody\n")
    code, err = _build_within(s, 60)
    assert code == 0 and "caf\\xe9.md" in err and "not UTF-8" in err


@pytest.mark.parametrize("folder", ["static", "layouts"])
def test_a_file_name_that_is_not_utf8_beside_the_content_is_no_internal_error(site, folder):
    """static/x\\xe9.css and layouts/y\\xe9.html stopped the build with exit status 70."""
    s = site({A: story("Troops arrive"), f"{folder}/keep.txt": "kept"})
    with open(os.fsencode(s.root / folder) + b"/x\xe9.css", "wb") as out:
        out.write(b"body{}")
    code, err = _build_within(s, 60)
    assert code == 0, err
    if folder == "static":
        assert "static/x\\xe9.css" in err and "not UTF-8" in err


def test_a_symlink_in_static_to_a_file_outside_it_is_not_published(site, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    s = site({A: story("Troops arrive"), "static/keep.txt": "kept"})
    (s.root / "static" / "leak.txt").symlink_to(outside)
    code, err = _build_within(s, 60)
    assert code == 0 and "static/leak.txt" in err and "outside" in err, err
    assert not [rel for rel in s.files() if rel.endswith("leak.txt")]


def test_a_story_too_deep_for_the_system_is_skipped_with_a_warning(site):
    s = site({A: story("Troops arrive")})
    here = os.getcwd()
    os.chdir(s.root / "content" / "world")
    try:
        for _ in range(2100):  # past PATH_MAX
            os.mkdir("d")
            os.chdir("d")
        with open("deep.md", "w", encoding="utf-8") as out:
            out.write(story("Deep down"))
    finally:
        os.chdir(here)
    try:
        code, err = _build_within(s, 120)
        assert code == 0 and "too long for this system" in err
        assert (s.root / "output" / PAGE.format("a")).is_file()
    finally:
        _remove_deep(s.root / "content" / "world" / "d")


def _remove_deep(top) -> None:
    """Remove a chain of folders too deep for shutil.rmtree (which recurses
    per level) and for paths: step down by relative names, then up."""
    here = os.getcwd()
    os.chdir(top)
    depth = 0
    try:
        while True:
            for name in os.listdir("."):
                if not os.path.isdir(name):
                    os.unlink(name)
            below = [name for name in os.listdir(".") if os.path.isdir(name)]
            if below:
                os.chdir(below[0])
                depth += 1
            elif depth:
                name = os.path.basename(os.getcwd())
                os.chdir("..")
                depth -= 1
                os.rmdir(name)
            else:
                break
    finally:
        os.chdir(here)
    os.rmdir(top)


@pytest.mark.parametrize("where", ["site.toml", "toml", "json"])
def test_front_matter_or_config_nested_too_deeply_is_an_error(site, where):
    deep = "[" * 5000 + "]" * 5000
    files = {"content/world/b.md": story("Still published")}
    if where == "site.toml":
        files["site.toml"] = 'title = "T"\nbase_url = "https://example.org/"\n\n[extra]\ndeep = ' + deep + "\n"
    elif where == "toml":
        files[A] = '+++\ntitle = "Deep"\ndate = 2022-12-09T10:00:00\ndeep = ' + deep + "\n+++\nBody.\n"
    else:
        files[A] = '{"title": "Deep", "date": "2022-12-09T10:00:00", "deep": ' + deep + "}\nBody.\n"
    s = site(files)
    code, err = _build_within(s, 60)
    assert code == 1 and "nested too deeply" in err
    assert ("site.toml" if where == "site.toml" else A) in err


def test_text_over_the_time_budget_is_an_error_naming_the_file(site, monkeypatch):
    """Thousands of unclosed '[' make Python-Markdown's link parsing take the
    square of them (10,000: over a minute): a story over the budget is
    reported, not waited for. (The budget is lowered here to keep the test short.)"""
    from generator import bodies

    monkeypatch.setattr(bodies, "MARKDOWN_SECONDS", 0.3)
    s = site({A: story("Brackets", body="[" * 12_000 + "\n"), "content/world/b.md": story("Still published")})
    failed = fails(s)
    [problem] = problems_of(failed, A)
    assert "took over 0.3 s to render" in problem.message and "unclosed '['" in problem.message


def test_a_raw_tag_with_a_long_run_of_spaces_renders_in_linear_time():
    """The markdown="…" stripping of raw HTML blocks backtracked over a
    tag's white space at each position once the block held the word
    "markdown": 25 s at 40,000 spaces, minutes at 100,000. Rendered in a
    process that must end well within its limit."""
    import subprocess
    import sys

    script = ("import sys; from generator.content.markdown import MarkdownRenderer; "
              "print(len(MarkdownRenderer().render(sys.stdin.read())))")
    text = "<div>\n<span" + " " * 100_000 + 'title="markdown" markdown="1">x</span>\n</div>\n'
    done = subprocess.run([sys.executable, "-c", script], input=text, capture_output=True, text=True, timeout=30)
    assert done.returncode == 0 and int(done.stdout) > 0, done.stderr[-2000:]
