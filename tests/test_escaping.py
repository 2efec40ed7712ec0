"""Every value a writer or an editor types reaches the output as text, never
as markup: HTML, JSON-LD, feeds and sitemaps, checked over every output file
by parsing them, for a corpus of injection payloads."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser

import pytest

from generator.build import BuildResult
from generator.render import THEME_DIR

from .conftest import Site, story, text_of
from .hardening_support import builds, meta_content, outcome, parse_tags

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "</script><script>alert(1)</script>",
    "<!--",
    "-->",
    "javascript:alert(1)",
    "&lt;b&gt;",
    "&amp;lt;script&amp;gt;",
    "]]>",
    "<![CDATA[x]]>",
    "{{ 7*7 }}",
    "{% raw %}",
    "{{ site.title }}${7*7}",
    "</title><script>alert(1)</script>",
    "' onmouseover='alert(1)",
    '" onfocus="alert(1)" autofocus x="',
    "<style>*{display:none}</style>",
    "a\u2028</script>\u2029b",
]
HARMLESS = "Harmless words"
ARTICLE_DATE = "2022-12-12T10:00:00"  # within the news sitemap's 48 hours of NOW
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "srcset", "xlink:href", "background", "cite"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


def q(value: str) -> str:
    """A YAML or TOML double-quoted string holding exactly `value`."""
    return json.dumps(value)


def site_toml(p: str, bio: str = "A reporter on the night desk.") -> str:
    return (
        f"title = {q(p)}\n"
        f"tagline = {q(p)}\n"
        'base_url = "https://example.org/news/"\n'
        'timezone = "Europe/Berlin"\n'
        "[publisher]\n"
        f"name = {q(p)}\n"
        "[sections.world]\n"
        f"title = {q(p)}\n"
        "order = 1\n"
        f"[authors.{q(p)}]\n"
        f"bio = {q(bio)}\n"
        f"role = {q(p)}\n"
        f"links = {{ {q(p)} = \"https://example.org/profile\" }}\n"
    )


def article(p: str) -> str:
    return (
        "---\n"
        f"title: {q(p)}\n"
        f"date: {ARTICLE_DATE}\n"
        f"summary: {q(p)}\n"
        f"authors: [{q(p)}]\n"
        f"tags: [{q(p)}, Other]\n"
        f"dateline: {q(p)}\n"
        "image: https://example.org/photo.jpg\n"
        f"image_alt: {q(p)}\n"
        f"image_caption: {q(p)}\n"
        f"image_credit: {q(p)}\n"
        "corrections:\n"
        "  - date: 2022-12-12T12:00:00\n"
        f"    text: {q(p)}\n"
        f"extra: {{note: {q(p)}}}\n"
        f"slug: {q(p)}\n"
        "---\n"
        "First paragraph of the story.\n"
    )


def folder_name(p: str) -> str:
    name = re.sub(r"[/\x00]", "", p).strip() or "x"
    return name if name not in (".", "..") else "x"


def corpus_site(site, p: str):
    return site({
        "site.toml": site_toml(p),
        "content/world/a.md": article(p),
        f"content/{folder_name(p)}/b.md": story("From a folder", date="2022-12-11T10:00:00"),
        "content/pages/about.md": f"---\ntitle: {q(p)}\nsummary: {q(p)}\n---\nAbout us.\n",
    })


# ---- reading every output file -----------------------------------------------

class _Structure(HTMLParser):
    """Elements (tag + attribute names) and comments: the page's markup, not its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.shape: Counter = Counter()

    def handle_starttag(self, tag, attrs):
        self.shape[(tag, tuple(sorted(k for k, _ in attrs)))] += 1

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.shape[("/" + tag, ())] += 1

    def handle_comment(self, data):
        self.shape[("<!--comment-->", ())] += 1

    def handle_decl(self, decl):
        self.shape[("<!decl " + decl.split()[0].lower() + ">", ())] += 1

    def unknown_decl(self, data):
        self.shape[("<![" + data[:5] + ">", ())] += 1

    def handle_pi(self, data):
        self.shape[("<?pi?>", ())] += 1


def html_shape(html: str) -> Counter:
    parser = _Structure()
    parser.feed(html)
    parser.close()
    return parser.shape


def xml_shape(data: bytes) -> Counter:
    root = ET.fromstring(data)
    return Counter((e.tag, tuple(sorted(e.attrib))) for e in root.iter())


def site_shape(s) -> tuple[Counter, Counter]:
    html, xml = Counter(), Counter()
    for rel in s.files():
        if rel.endswith(".html"):
            html += html_shape(s.read(rel))
        elif rel.endswith(".xml"):
            xml += xml_shape(s.path(rel).read_bytes())
    return html, xml


def _theme_script() -> re.Pattern:
    """The one script the theme writes (404.html: its links, opened from
    disk), whatever the site's base_url: not a payload's."""
    template = (THEME_DIR / "layouts/404.html").read_text(encoding="utf-8")
    code = template.split("<script>", 1)[1].split("</script>", 1)[0]
    return re.compile(re.escape(code).replace(re.escape("{{ site.base_url | tojson }}"), r'"[^"<\\]*"'))


THEME_SCRIPT = _theme_script()


def injected_markup(rel: str, html: str) -> tuple[list[str], list[dict]]:
    """(every problem found, the JSON-LD documents): no script but JSON-LD, no
    on* handler, no script URL, no element a payload would bring."""
    problems, documents = [], []
    for tag in parse_tags(html):
        where = f"{rel}:{tag.line}"
        if tag.name == "script":
            if rel.endswith("404.html") and not tag.attrs and THEME_SCRIPT.fullmatch(tag.data):
                continue
            # The search page's own script, from the theme's static files, and nothing inline.
            if rel.endswith("search/index.html") and tag.attrs == [("type", "module"), ("src", "../static/search.js")] and not tag.data.strip():
                continue
            if tag.get("type") != "application/ld+json" or tag.get("src") is not None:
                problems.append(f"{where}: an injected script {tag}")
                continue
            try:
                documents.append(json.loads(tag.data))
            except ValueError as exc:
                problems.append(f"{where}: JSON-LD does not parse ({exc}): {tag.data[:300]!r}")
        if tag.name == "form" and ("class", "search-form") in tag.attrs:
            continue  # the theme's own search page (search.html)
        if tag.name in ("svg", "iframe", "object", "embed", "base", "form", "style", "math"):
            problems.append(f"{where}: an injected <{tag.name}>")
        for key, value in tag.attrs:
            if key.startswith("on"):
                problems.append(f"{where}: an event handler attribute {key}={value!r} on <{tag.name}>")
            if key in ("autofocus", "x", "srcdoc"):
                problems.append(f"{where}: an injected attribute {key!r} on <{tag.name}>")
            if key in URL_ATTRIBUTES and value:
                squashed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if squashed.startswith(BAD_SCHEMES):
                    problems.append(f"{where}: a script URL <{tag.name} {key}={value!r}>")
            if tag.name == "img" and key == "src" and value == "x":
                problems.append(f"{where}: an injected <img src=x>")
            if tag.name == "meta" and key == "http-equiv":
                problems.append(f"{where}: an injected <meta http-equiv>")
    return problems, documents


def assert_no_injected_markup(rel: str, html: str) -> list[dict]:
    problems, documents = injected_markup(rel, html)
    assert not problems, "\n".join(problems)
    return documents


def assert_site_has_no_injected_markup(s) -> None:
    """Every HTML file of the site: all problems at once, so a report names each place."""
    problems = []
    for rel in s.files():
        if rel.endswith(".html"):
            problems += injected_markup(rel, s.read(rel))[0]
    assert not problems, f"{len(problems)} injections:\n" + "\n".join(problems[:40])


def json_strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in json_strings(v)]
    return [value] if isinstance(value, str) else []


def text(element) -> str:
    return "".join(element.itertext()) if element is not None else ""


@pytest.fixture(scope="module")
def baseline_shape(tmp_path_factory):
    """The markup of the same site with harmless text in every field."""
    root = tmp_path_factory.mktemp("baseline")
    s = Site(root / "site", root / "output")
    (root / "site/content").mkdir(parents=True)
    files = {
        "site.toml": site_toml(HARMLESS),
        "content/world/a.md": article(HARMLESS),
        f"content/{folder_name(HARMLESS)}/b.md": story("From a folder", date="2022-12-11T10:00:00"),
        "content/pages/about.md": f"---\ntitle: {q(HARMLESS)}\nsummary: {q(HARMLESS)}\n---\nAbout us.\n",
    }
    for rel, data in files.items():
        s.write(rel, data)
    builds(s)
    return site_shape(s), len(s.files())


# ---- the corpus --------------------------------------------------------------

@pytest.mark.parametrize("p", PAYLOADS)
def test_payloads_are_text_in_every_output_file(site, baseline_shape, p):
    raw_p = p
    s = corpus_site(site, p)
    builds(s)
    files = s.files()
    (want_html, want_xml), want_count = baseline_shape
    assert len(files) == want_count, f"the payload changed the set of output files: {files}"

    # 1. Markup: nothing injected, anywhere; the same elements as with harmless text.
    every_json: list[str] = []
    for rel in files:
        if rel.endswith(".html"):
            for document in assert_no_injected_markup(rel, s.read(rel)):
                every_json += json_strings(document)
    have_html, have_xml = site_shape(s)
    assert have_html == want_html, f"the payload changed the HTML markup: extra {have_html - want_html}, missing {want_html - have_html}"
    assert have_xml == want_xml, f"the payload changed the XML markup: extra {have_xml - want_xml}, missing {want_xml - have_xml}"

    # 2. The article page shows each field as the exact text typed.
    [page] = [f for f in files if f.startswith("world/2022/12/12/") and f.endswith("/index.html")]
    html = s.read(page)
    tags = parse_tags(html)
    # Attributes keep the exact value...
    assert meta_content(html, name="description") == [p], "meta description (summary)"
    assert meta_content(html, property="og:title") == [p]
    assert meta_content(html, property="og:description") == [p]
    assert meta_content(html, property="og:site_name") == [p]
    assert meta_content(html, property="og:image:alt") == [p]
    assert meta_content(html, property="article:section") == [p]
    assert p in meta_content(html, property="article:tag")
    assert [t.get("alt") for t in tags if t.name == "img" and t.get("src", "").endswith("photo.jpg")] == [p], "image_alt"
    # ...and text_of() shows text with its white space collapsed.
    p = " ".join(p.split())
    assert text_of(html, "h1") == [p], "title"
    assert text_of(html, "title") == [f"{p} – {p}"], "<title>"
    assert text_of(html, "span", class_="caption") == [p], "image_caption"
    assert text_of(html, "span", class_="credit") == [p], "image_credit"
    assert text_of(html, "p", class_="story-dek") == [p], "summary"
    assert [t.split(" \u2014")[0] for t in text_of(html, "p", class_="dateline")] == [p], "dateline"
    assert [t.endswith(f": {p}") for t in text_of(html, "aside", class_="corrections")] == [True], "corrections text"
    assert p in text_of(html, "a", rel="tag"), "tag"
    assert p in text_of(html, "a", rel="author"), "author name"
    assert text_of(html, "span", class_="brand-name") == [p], "site title"
    assert text_of(html, "p", class_="tagline") == [p], "tagline"
    assert any(p in t for t in text_of(html, "p", class_="footer-legal")), "publisher name"
    assert p in text_of(html, "a"), "static page title in the footer / section title in the nav"
    if "7*7" in p:
        assert "49" not in " ".join(text_of(html, "h1") + text_of(html, "title")), "a template expression was evaluated"

    # 3. JSON-LD carries the exact strings.
    p = raw_p
    ld = [json.loads(t.data) for t in tags if t.name == "script"]
    [news] = [d for d in ld if d.get("@type") == "NewsArticle"]
    assert news["headline"] == p and news["description"] == p and news["dateline"] == p
    assert news["author"]["name"] == p and news["articleSection"] == p and news["publisher"]["name"] == p
    assert p in news["keywords"] and news["correction"][0]["text"] == p
    [crumbs] = [d for d in ld if d.get("@type") == "BreadcrumbList"]
    assert [i["name"] for i in crumbs["itemListElement"]] == [p, p, p]
    front = [json.loads(t.data) for t in parse_tags(s.read("index.html")) if t.name == "script"]
    [website] = [d for d in front if d.get("@type") == "WebSite"]
    assert website["name"] == p and website["description"] == p and website["publisher"]["name"] == p
    assert p in every_json

    # 4. The author page: name, role and link label as text.
    author_pages = [f for f in files if f.startswith("authors/") and f.count("/") == 2 and f.endswith("/index.html")]
    [author_page] = author_pages
    ahtml = s.read(author_page)
    shown = " ".join(p.split())
    assert text_of(ahtml, "h1") == [shown] and text_of(ahtml, "p", class_="author-role") == [shown]
    assert text_of(ahtml, "a", rel="me") == [shown], "author link label"
    [person] = [json.loads(t.data) for t in parse_tags(ahtml) if t.name == "script"]
    assert person["name"] == p and person["jobTitle"] == p

    # 5. Feeds and sitemaps: well-formed XML, the payload as text.
    for rel in files:
        if rel.endswith(".xml"):
            try:
                ET.fromstring(s.path(rel).read_bytes())
            except ET.ParseError as exc:
                pytest.fail(f"{rel} is not well-formed XML with the payload {p!r}: {exc}")
    rss = ET.fromstring(s.path("feed.xml").read_bytes())
    channel = rss.find("channel")
    assert channel.findtext("title") == p and channel.findtext("description") == p
    [item] = [i for i in channel.iter("item") if i.findtext("title") == p]
    assert item.findtext("description") == p
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == p
    assert p in [c.text for c in item.iter("category")]
    atom_ns = "{http://www.w3.org/2005/Atom}"
    atom = ET.fromstring(s.path("atom.xml").read_bytes())
    assert atom.findtext(f"{atom_ns}title") == p and atom.findtext(f"{atom_ns}subtitle") == p
    assert atom.find(f"{atom_ns}author").findtext(f"{atom_ns}name") == p
    [entry] = [e for e in atom.iter(f"{atom_ns}entry") if e.findtext(f"{atom_ns}title") == p]
    assert entry.findtext(f"{atom_ns}summary") == p
    assert entry.find(f"{atom_ns}author").findtext(f"{atom_ns}name") == p
    assert p in [c.get("label") for c in entry.iter(f"{atom_ns}category")]
    news_ns = "{http://www.google.com/schemas/sitemap-news/0.9}"
    sitemap = ET.fromstring(s.path("news-sitemap.xml").read_bytes())
    assert p in [t.text for t in sitemap.iter(f"{news_ns}title")]
    assert {t.text for t in sitemap.iter(f"{news_ns}name")} == {p}

    # 6. Nowhere, in any file, the payload's markup as markup.
    for rel in files:
        if rel.endswith((".html", ".xml")):
            raw = s.path(rel).read_text(encoding="utf-8")
            for needle in ("<script>alert", "<svg/onload", "<img src=x", "<style>*{"):
                assert needle not in raw, f"{rel} holds {needle!r} raw"


@pytest.mark.parametrize("p", PAYLOADS)
def test_author_bio_from_site_toml_cannot_inject_markup(site, p):
    """The bio is Markdown, but an editor's one-line bio in site.toml must not
    be able to put a script or handler on every author page."""
    s = site({"site.toml": site_toml("Gazette", bio=f"Covers politics. {p}"), "content/world/a.md": story("A", authors='["Gazette"]')})
    builds(s)
    assert_site_has_no_injected_markup(s)
    for rel in s.files():
        if rel.endswith(".html"):
            shape = html_shape(s.read(rel))
            assert not any(tag == "<!--comment-->" for tag, _ in shape), f"{rel}: the bio opened an HTML comment"
    bios = [t for t in parse_tags(s.read("authors/index.html")) if t.name == "div" and "author-bio" in (t.get("class") or "")]
    assert bios, "the bio is not shown"


# ---- URLs typed by writers -----------------------------------------------------

@pytest.mark.parametrize("url", ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "vbscript:msgbox(1)",
                                 "data:text/html,<script>alert(1)</script>"])
def test_script_urls_never_become_links(site, url):
    """image:, a site.toml author link or the publisher logo: a script URL is
    refused with a clear error, or never reaches an href/src."""
    config = (
        'title = "Gazette"\nbase_url = "https://example.org/news/"\n'
        f"[publisher]\nname = \"Gazette\"\nlogo = {q(url)}\n"
        f'[authors."Anna"]\nrole = "Reporter"\nlinks = {{ Website = {q(url)} }}\n'
    )
    s = site({"site.toml": config, "content/world/a.md": story("A", authors="[Anna]", image=q(url), image_alt="x")})
    result = outcome(s)
    if not isinstance(result, BuildResult):
        assert any(d.path in ("site.toml", "content/world/a.md") for d in result.diagnostics), str(result)
        return
    assert_site_has_no_injected_markup(s)


# ---- summaries made from the body ----------------------------------------------

@pytest.mark.parametrize(
    "first",
    [
        "Some <b>bold</b> words and <script>alert(1)</script> here.",
        'A <a href="javascript:alert(1)" onclick="alert(1)">link</a> and <img src=x onerror=alert(1)> too.',
        "Text <span\nclass=x>across lines</span> <!-- a comment --> ends.",
    ],
)
def test_descriptions_made_from_the_body_carry_no_markup(site, first):
    s = site({"content/world/a.md": story("Troops arrive", date=ARTICLE_DATE, body=first + "\n\nSecond paragraph.\n")})
    builds(s)
    [page] = [f for f in s.files() if f.startswith("world/2022/12/12/")]
    html = s.read(page)
    assert_no_injected_markup(page, html.split('<div class="story-body')[0])  # the body itself may hold a writer's HTML
    for rel in ("index.html", "latest/index.html", "world/index.html"):
        assert_no_injected_markup(rel, s.read(rel))
    descriptions = {
        "meta description": meta_content(html, name="description"),
        "og:description": meta_content(html, property="og:description"),
        "JSON-LD description": [json.loads(t.data).get("description", "") for t in parse_tags(html) if t.get("type") == "application/ld+json"],
        "story-dek": text_of(html, "p", class_="story-dek"),
        "RSS description": [i.findtext("description") or "" for i in ET.fromstring(s.path("feed.xml").read_bytes()).iter("item")],
        "Atom summary": [e.text or "" for e in ET.fromstring(s.path("atom.xml").read_bytes()).iter("{http://www.w3.org/2005/Atom}summary")],
    }
    for where, values in descriptions.items():
        assert values, f"no {where}"
        for value in values:
            assert "<" not in value and ">" not in value, f"the {where} carries markup from the body: {value!r}"
            assert "onerror" not in value and "javascript:" not in value, f"the {where} carries markup from the body: {value!r}"
    for teaser_page in ("index.html", "world/index.html", "latest/index.html"):
        for summary in text_of(s.read(teaser_page), "p", class_="teaser-summary") + text_of(s.read(teaser_page), "p", class_="lead-summary"):
            assert "<" not in summary, f"{teaser_page}: a teaser summary carries markup: {summary!r}"


def test_the_brief_case_bold_and_script_in_the_first_paragraph(site):
    s = site({"content/world/a.md": story("Troops arrive", body="A <b>bold</b> claim. <script>alert(1)</script>\n")})
    builds(s)
    html = s.read("world/2022/12/09/a/index.html")
    [description] = meta_content(html, name="description")
    assert "<" not in description, description
    assert "bold" in description


def test_entity_text_in_the_body_stays_text_in_descriptions(site):
    """`&lt;script&gt;` in a body is the text "<script>" on the page; the
    description says the same text, escaped, never an element."""
    s = site({"content/world/a.md": story("Troops arrive", body="Escaped &lt;script&gt;alert(1)&lt;/script&gt; text.\n")})
    builds(s)
    html = s.read("world/2022/12/09/a/index.html")
    assert meta_content(html, name="description") == ["Escaped <script>alert(1)</script> text."]
    assert_no_injected_markup("world/2022/12/09/a/index.html", html)
    rss = ET.fromstring(s.path("feed.xml").read_bytes())
    assert [i.findtext("description") for i in rss.iter("item")] == ["Escaped <script>alert(1)</script> text."]
