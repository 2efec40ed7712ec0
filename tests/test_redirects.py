"""Old URLs keep working: the URL ledger and redirects for every kind of host.

Each test builds with `newsgen build` (which records URLs in urls.toml),
changes where a story lives, builds again, and reads every redirect format
back: `_redirects` as Netlify parses it, the nginx map, Apache's
RedirectMatch lines, and the HTML page left at the old path.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser

import pytest

from generator.cli import main

from .conftest import DEFAULT_CONFIG, NOW, story

OLD = "/world/2022/12/09/harbour-fire/"
ROOT = DEFAULT_CONFIG.replace("https://example.org/news/", "https://example.org/")  # served from the host's root


def build(s, capsys, *extra: str) -> str:
    capsys.readouterr()
    status = main(["build", "--site", str(s.root), "--output", str(s.output), "--now", NOW.isoformat(), *extra])
    out, err = capsys.readouterr()
    assert status == 0, err
    return out


def fails(s, capsys) -> str:
    capsys.readouterr()
    assert main(["build", "--site", str(s.root), "--output", str(s.output), "--now", NOW.isoformat()]) == 1
    return capsys.readouterr().err


def netlify(s) -> dict[str, tuple[str, int]]:
    found = {}
    for line in (s.output / "_redirects").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            old, new, status = line.split()
            found[old] = (new, int(status))
    return found


def nginx(s) -> tuple[dict[str, str], set[str]]:
    text = (s.output / "nginx-redirects.conf").read_text(encoding="utf-8")
    moved_block, gone_block = re.search(r"map \$uri \$newsgen_redirect \{(.*?)\}", text, re.S)[1], re.search(r"map \$uri \$newsgen_gone \{(.*?)\}", text, re.S)[1]
    moved = dict(re.findall(r'^\s*"([^"]+)" "([^"]+)";$', moved_block, re.M))
    gone = set(re.findall(r'^\s*"([^"]+)" 1;$', gone_block, re.M))
    return moved, gone


def apache(s) -> list[tuple[str, str, str]]:
    """(status, the path the pattern matches, target) per RedirectMatch line."""
    found = []
    for line in (s.output / ".htaccess").read_text(encoding="utf-8").splitlines():
        match = re.match(r'RedirectMatch (301|gone) "\^(.*)\$"(?: "(.*)")?$', line)
        if match:
            found.append((match[1], re.sub(r"\\(.)", r"\1", match[2]), match[3] or ""))
    return found


class _Refresh(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("http-equiv") == "refresh":
            self.found["refresh"] = attrs["content"]
        if tag == "meta" and attrs.get("name") == "robots":
            self.found["robots"] = attrs["content"]
        if tag == "link" and attrs.get("rel") == "canonical":
            self.found["canonical"] = attrs["href"]


def html_redirect(s, old: str) -> dict[str, str]:
    page = _Refresh()
    page.feed((s.output / old.strip("/") / "index.html").read_text(encoding="utf-8"))
    return page.found


def assert_redirected(s, old: str, new: str, base: str = "") -> None:
    assert netlify(s)[base + old] == (base + new, 301)
    assert nginx(s)[0][base + old] == base + new
    assert ("301", base + old, base + new) in apache(s)
    page = html_redirect(s, old)
    absolute = "https://example.org" + base + new
    assert page["canonical"] == absolute and page["robots"] == "noindex"
    assert page["refresh"] == f"0; url={absolute}"


def a_site(site, config: str = ROOT):
    return site({
        "site.toml": config,
        "content/world/harbour-fire.md": story("Fire in the harbour"),
        "content/world/bridge.md": story("A bridge reopens", date="2022-12-08T09:00:00"),
    })


@pytest.mark.parametrize("config,base", [(ROOT, ""), (DEFAULT_CONFIG, "/news")])
def test_a_slug_change_redirects_on_every_host(site, capsys, config, base):
    s = a_site(site, config)
    build(s, capsys)
    assert "harbour-fire.md" in (s.root / "urls.toml").read_text(encoding="utf-8")
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", slug="port-blaze"))
    said = build(s, capsys)
    assert "1 new URL recorded in urls.toml" in said and f"{OLD} → /world/2022/12/09/port-blaze/" in said
    assert_redirected(s, OLD, "/world/2022/12/09/port-blaze/", base)
    assert (s.output / "world/2022/12/09/port-blaze/index.html").is_file()


def test_a_section_change_and_a_moved_file_redirect(site, capsys):
    s = a_site(site)
    build(s, capsys)
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", section="business"))
    build(s, capsys)
    assert_redirected(s, OLD, "/business/2022/12/09/harbour-fire/")
    # The file itself moves to another section's folder: followed by its name.
    (s.root / "content/politics").mkdir()
    shutil.move(s.root / "content/world/harbour-fire.md", s.root / "content/politics/harbour-fire.md")
    s.write("content/politics/harbour-fire.md", story("Fire in the harbour"))
    build(s, capsys)
    new = "/politics/2022/12/09/harbour-fire/"
    assert_redirected(s, OLD, new)  # straight to the newest URL: no chain
    assert_redirected(s, "/business/2022/12/09/harbour-fire/", new)
    ledger = (s.root / "urls.toml").read_text(encoding="utf-8")
    assert '["politics/harbour-fire.md"]' in ledger and '["world/harbour-fire.md"]' not in ledger


def test_a_permalink_pattern_change_redirects_every_story(site, capsys):
    s = a_site(site)
    build(s, capsys)
    s.write("site.toml", ROOT + 'permalink = "/{section}/{slug}/"\n')
    said = build(s, capsys)
    assert "2 new URLs recorded" in said
    assert_redirected(s, OLD, "/world/harbour-fire/")
    assert_redirected(s, "/world/2022/12/08/bridge/", "/world/bridge/")


def test_deleting_the_cache_keeps_every_redirect(site, capsys):
    s = a_site(site)
    build(s, capsys)
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", slug="port-blaze"))
    build(s, capsys)
    before = netlify(s)
    shutil.rmtree(s.root / ".newsgen-cache")
    shutil.rmtree(s.output)
    build(s, capsys, "--no-cache")
    assert netlify(s) == before and OLD in before


def test_a_deleted_story_is_gone_or_sent_where_its_entry_says(site, capsys):
    s = a_site(site)
    build(s, capsys)
    s.remove("content/world/harbour-fire.md")
    build(s, capsys)
    assert netlify(s)[OLD] == ("/404.html", 410)
    assert OLD in nginx(s)[1]
    assert ("gone", OLD, "") in apache(s)
    assert not (s.output / OLD.strip("/")).exists(), "a page was left at the URL of a deleted story"
    ledger = s.root / "urls.toml"
    ledger.write_text(ledger.read_text(encoding="utf-8").replace(f'url = "{OLD}"', f'url = "{OLD}"\nto = "/world/"'), encoding="utf-8")
    build(s, capsys)
    assert_redirected(s, OLD, "/world/")


def test_aliases_redirect_and_may_not_hide_a_live_page(site, capsys):
    s = a_site(site)
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", aliases="[/old/harbour.html, https://old.example.org/2019/fire]"))
    build(s, capsys)
    assert netlify(s)["/old/harbour.html"] == (OLD, 301)
    assert netlify(s)["/2019/fire"] == (OLD, 301)
    assert (s.output / "old/harbour.html").is_file() and (s.output / "2019/fire/index.html").is_file()
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", aliases="[/world/2022/12/08/bridge/]"))
    err = fails(s, capsys)
    assert "content/world/harbour-fire.md" in err and "/world/2022/12/08/bridge/" in err and "may not hide a live page" in err


def test_an_old_url_with_a_space_keeps_netlifys_fields_apart(site, capsys):
    """Jekyll served `categories: [Post Formats]` at /post%20formats/…: the
    space split the _redirects line in four fields, a rule Netlify skips."""
    s = a_site(site)
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", aliases='["/post formats/fire.html"]'))
    build(s, capsys)
    assert netlify(s)["/post%20formats/fire.html"] == (OLD, 301)
    assert (s.output / "post formats/fire.html").is_file()  # a static host looks the decoded path up


def test_a_sections_old_urls_redirect_to_its_page(site, capsys):
    """Hugo's learn site lists its basics at /en/basics/; a section's own
    text (_index.md) could not say so, and the old list URL went 404."""
    s = a_site(site)
    s.write("content/world/_index.md", "---\ntitle: World\naliases: [/en/world/, /international/]\n---\nNews from abroad.\n")
    build(s, capsys)
    assert netlify(s)["/en/world/"] == ("/world/", 301) and netlify(s)["/international/"] == ("/world/", 301)
    assert html_redirect(s, "/international/")


def test_a_former_url_a_new_story_takes_is_an_error_naming_both(site, capsys):
    s = a_site(site)
    build(s, capsys)
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", slug="port-blaze"))
    build(s, capsys)
    s.write("content/world/other.md", story("Another fire", slug="harbour-fire"))
    err = fails(s, capsys)
    assert "urls.toml" in err and OLD in err and "content/world/other.md" in err


def test_a_slug_changed_back_redirects_nowhere_and_loops_never(site, capsys):
    s = a_site(site)
    build(s, capsys)
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", slug="port-blaze"))
    build(s, capsys)
    s.write("content/world/harbour-fire.md", story("Fire in the harbour"))
    build(s, capsys)
    assert netlify(s) == {"/world/2022/12/09/port-blaze/": (OLD, 301)}
    assert (s.output / OLD.strip("/") / "index.html").read_text(encoding="utf-8").count("Fire in the harbour") >= 1


def test_a_damaged_ledger_is_an_error_naming_it(site, capsys):
    s = a_site(site)
    build(s, capsys)
    (s.root / "urls.toml").write_text('["world/harbour-fire.md"]\nurl = "not a path"\n', encoding="utf-8")
    err = fails(s, capsys)
    assert "urls.toml" in err and "not a site path" in err


def test_a_preview_records_nothing(site, capsys):
    s = a_site(site)
    build(s, capsys, "--drafts")
    assert not (s.root / "urls.toml").exists()


def test_formats_are_chosen_in_site_toml(site, capsys):
    s = a_site(site, ROOT + 'redirects = ["netlify"]\n')
    build(s, capsys)
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", slug="port-blaze"))
    build(s, capsys)
    assert netlify(s)[OLD][1] == 301
    assert not (s.output / ".htaccess").exists() and not (s.output / "nginx-redirects.conf").exists()
    assert not (s.output / OLD.strip("/")).exists()


def test_an_unchanged_ledger_is_not_parsed_again(site, capsys, monkeypatch):
    """10,000 stories' ledger takes 0.3 s to parse: an edit that leaves it be
    (the ledger's own write included) reuses the last build's reading."""
    from generator import redirects

    s = a_site(site)
    build(s, capsys)
    calls = []
    real = redirects.read_ledger
    monkeypatch.setattr(redirects, "read_ledger", lambda config: calls.append(config) or real(config))
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", body="A new paragraph.\n"))
    build(s, capsys)
    assert calls == []
    ledger = s.root / "urls.toml"
    ledger.write_text(ledger.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    build(s, capsys)
    assert len(calls) == 1


def test_the_seed_storys_old_url_redirects_after_its_slug_changes(tmp_path, capsys):
    """The sample site as committed, ledger included: renaming the lead
    story's slug leaves its old URL answered on every host format."""
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    site = tmp_path / "site"
    shutil.copytree(repo / "content", site / "content")
    for name in ("site.toml", "urls.toml"):
        shutil.copy(repo / name, site / name)
    seed = next((site / "content/world").glob("deployment-on-border-*.md"))
    old = f"/world/2022/12/09/{seed.stem}/"
    assert f'url = "{old}"' in (site / "urls.toml").read_text(encoding="utf-8"), "the committed ledger does not know the seed story"
    seed.write_text(seed.read_text(encoding="utf-8").replace("\nsection: world\n", "\nsection: world\nslug: troops-in-belarus\n"), encoding="utf-8")
    output = tmp_path / "output"
    assert main(["build", "--site", str(site), "--output", str(output), "--now", "2022-12-12T18:00:00+01:00"]) == 0
    assert "1 new URL recorded" in capsys.readouterr().out
    base = "/tribune"
    new = "/world/2022/12/09/troops-in-belarus/"
    assert f"{base}{old} {base}{new} 301" in (output / "_redirects").read_text(encoding="utf-8")
    assert f'"{base}{old}" "{base}{new}";' in (output / "nginx-redirects.conf").read_text(encoding="utf-8")
    assert f'"{base}{new}"' in (output / ".htaccess").read_text(encoding="utf-8")
    assert "troops-in-belarus/index.html" in (output / old.strip("/") / "index.html").read_text(encoding="utf-8")


def test_an_expired_story_answers_410_or_goes_where_its_entry_says(site, capsys):
    s = a_site(site)
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", expires="2022-12-12T12:00:00"))
    capsys.readouterr()
    assert main(["build", "--site", str(s.root), "--output", str(s.output), "--now", "2022-12-11T12:00:00+01:00"]) == 0
    assert (s.output / OLD.strip("/") / "index.html").is_file()
    build(s, capsys)  # NOW is after the expiry
    assert not (s.output / OLD.strip("/")).exists()
    assert netlify(s)[OLD] == ("/404.html", 410) and OLD in nginx(s)[1]


def test_a_ledger_nested_too_deeply_is_an_error_not_a_traceback(site, capsys):
    s = a_site(site)
    (s.root / "urls.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    err = fails(s, capsys)
    assert "urls.toml" in err and "cannot be read" in err and "Traceback" not in err


@pytest.mark.parametrize("config,base", [(ROOT, ""), (DEFAULT_CONFIG, "/news")])
def test_an_old_url_with_a_query_redirects_where_a_server_can_match_it(site, capsys, config, base):
    """WordPress's /?p=123 (every imported post has one): written as a path
    it matched nowhere, and the HTML format made a folder named '?p=123'."""
    s = a_site(site, config)
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", aliases="['/?p=1000']"))
    build(s, capsys)
    new = base + OLD
    assert not [old for old in netlify(s) if "?" in old]
    text = (s.output / "nginx-redirects.conf").read_text(encoding="utf-8")
    asked = re.search(r"map \$request_uri \$newsgen_query_redirect \{(.*?)\}", text, re.S)[1]
    assert f'"{base}/?p=1000" "{new}";' in asked and "default $newsgen_query_redirect;" in text
    htaccess = (s.output / ".htaccess").read_text(encoding="utf-8")
    assert (f'RewriteCond %{{REQUEST_URI}} "^{base}/$"\nRewriteCond %{{QUERY_STRING}} "^p=1000$"\n'
            f'RewriteRule ^ "{new}?" [R=301,L,NE]') in htaccess
    assert not [p for p in s.output.rglob("*") if "?" in p.name]


def test_a_link_to_an_old_url_with_a_fragment_is_checked_on_the_page_it_leads_to(site, capsys):
    """elixir-lang.org links to /blog/2014/04/21/…-released/#the-next-steps,
    an old URL: the fragment was looked for on the redirect's own page, and
    --strict failed. The redirect page keeps the fragment on its way."""
    s = a_site(site)
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", aliases="[/old/fire/]", body="## The next steps\n\nText.\n"))
    s.write("content/world/later.md", story("Later", date="2022-12-10T10:00:00",
                                            body="See [the steps](/old/fire/#the-next-steps) and [none](/old/fire/#nowhere).\n"))
    capsys.readouterr()
    assert main(["build", "--site", str(s.root), "--output", str(s.output), "--now", NOW.isoformat()]) == 0
    err = capsys.readouterr().err
    assert "#the-next-steps" not in err and "no element with id 'nowhere'" in err, err
    stub = (s.output / "old/fire/index.html").read_text()
    assert 'location.replace("https://example.org/world/2022/12/09/harbour-fire/" + location.hash)' in stub, stub


def test_an_alias_that_is_the_storys_own_file_is_dropped(site, capsys):
    """kubevirt.io's community page (`permalink: /community/index.html`)
    was imported with that URL as an alias of its page at /community/: the
    redirect page was planned onto the page's own file, and every build
    stopped with an internal error (produced twice)."""
    s = a_site(site)
    s.write("content/about-us.md", "---\ntitle: About us\naliases: [/about-us/index.html, /about-us//]\n---\nText.\n")
    build(s, capsys)
    assert not (s.output / "_redirects").exists()  # no redirect at all
    assert "This page has moved" not in (s.output / "about-us/index.html").read_text(encoding="utf-8")


def test_an_alias_that_is_another_pages_file_is_an_error_naming_it(site, capsys):
    s = a_site(site)
    s.write("content/about-us.md", "---\ntitle: About us\n---\nText.\n")
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", aliases="[/about-us/index.html]"))
    err = fails(s, capsys)
    assert "content/world/harbour-fire.md" in err and "/about-us/index.html" in err and "may not hide a live page" in err


def test_two_stories_claiming_one_old_file_in_two_spellings_is_an_error(site, capsys):
    s = a_site(site)
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", aliases="[/old/]"))
    s.write("content/world/bridge.md", story("A bridge reopens", date="2022-12-08T09:00:00", aliases="[/old/index.html]"))
    err = fails(s, capsys)
    assert "/old/index.html" in err and "content/world/harbour-fire.md" in err and "content/world/bridge.md" in err


def test_both_spellings_of_one_old_file_redirect_with_one_page(site, capsys):
    s = a_site(site)
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", aliases="[/old/, /old/index.html]"))
    build(s, capsys)
    assert netlify(s)["/old/"] == (OLD, 301) and netlify(s)["/old/index.html"] == (OLD, 301)
    assert html_redirect(s, "/old/")["canonical"] == "https://example.org" + OLD


def test_an_alias_onto_an_image_variant_or_the_search_index_is_an_error(site, capsys):
    from PIL import Image  # noqa: PLC0415

    from .test_images import encoded  # noqa: PLC0415

    s = a_site(site)
    s.write("content/world/big.png", encoded(Image.new("L", (1200, 1000)), "PNG"))
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", image="big.png", image_alt="B", aliases="[/world/big-480w.png]"))
    err = fails(s, capsys)
    assert "/world/big-480w.png" in err and "may not hide a live page" in err
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", aliases="[/pagefind/pagefind.js]"))
    err = fails(s, capsys)
    assert "/pagefind/pagefind.js" in err and "may not hide a live page" in err


def test_a_page_at_a_redirects_file_is_an_error_naming_it(site, capsys):
    s = a_site(site)
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", aliases="[/old/]"))
    s.write("content/rules.md", "---\ntitle: Rules\nurl: /.htaccess\n---\nText.\n")
    err = fails(s, capsys)
    assert "content/rules.md" in err and "newsgen writes /.htaccess itself" in err


@pytest.mark.parametrize("alias,under", [
    ("/feed.xml/", "a page of the site (/feed.xml)"),
    ("/sitemap.xml/", "a page of the site (/sitemap.xml)"),
    ("/robots.txt/", "a page of the site (/robots.txt)"),
    ("/404.html/", "a page of the site (/404.html)"),
    ("/about-us/index.html/", "a page of the site (/about-us/)"),
    ("/world/2022/12/08/bridge/index.html/", "the page of content/world/bridge.md"),
    ("/static/file.txt/", "a file the site copies (/static/file.txt)"),
    ("/_redirects/", "the file newsgen writes for the netlify redirects (/_redirects)"),
    ("/nginx-redirects.conf/", "the file newsgen writes for the nginx redirects (/nginx-redirects.conf)"),
])
def test_an_alias_under_a_file_of_the_site_is_an_error_naming_it(site, capsys, alias, under):
    """`aliases: [/feed.xml/]` built: its redirect page, feed.xml/index.html,
    made the RSS feed a folder, and the feed was gone without a word; one
    through a page's file (/about-us/index.html/) stopped the build with
    "could not write the output: Is a directory", naming no story."""
    s = a_site(site)
    s.write("content/about-us.md", "---\ntitle: About us\n---\nText.\n")
    s.write("static/file.txt", "x\n")
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", aliases=f"[{alias}]"))
    err = fails(s, capsys)
    assert f"content/world/harbour-fire.md: {alias} would redirect to {OLD}, but it is under {under}" in err, err
    assert "may not hide a live page" in err and f"remove {alias} from aliases" in err and "could not write" not in err


@pytest.mark.parametrize("alias,shown", [
    ("/_redirects", "the file newsgen writes for the netlify redirects (/_redirects)"),
    ("/.htaccess", "the file newsgen writes for the apache redirects (/.htaccess)"),
    ("/nginx-redirects.conf", "the file newsgen writes for the nginx redirects (/nginx-redirects.conf)"),
    ("/pagefind", "the search index's folder (/pagefind/)"),
])
def test_an_alias_at_a_redirects_file_or_the_search_folder_is_an_error_naming_it(site, capsys, alias, shown):
    """`aliases: [/.htaccess]` stopped the build with an internal error
    (".htaccess was produced twice") naming no story; `[/_redirects]` and
    `[/pagefind]` wrote their redirect page into _redirects/ and pagefind/."""
    s = a_site(site)
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", aliases=f"[{alias}]"))
    err = fails(s, capsys)
    assert f"content/world/harbour-fire.md: {alias} would redirect to {OLD}, but it is {shown}" in err, err
    assert "internal error" not in err


def test_an_alias_at_a_redirects_file_of_a_format_not_chosen_redirects(site, capsys):
    s = a_site(site, ROOT + 'redirects = ["nginx", "html"]\n')
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", aliases="[/_redirects]"))
    build(s, capsys)
    assert html_redirect(s, "/_redirects/")["canonical"] == "https://example.org" + OLD


def test_a_redirect_page_never_stands_where_a_folder_of_the_site_or_another_redirect_page_is(site, capsys):
    """/v1.0 beside a page at /v1.0/: the redirect page's file v1.0 and the
    page's folder were one path, and the build stopped with "Not a
    directory", naming no story; /old/fire.html/ beside /old/fire.html made
    the one's page a folder in place of the other's. Each old URL still
    redirects in the server formats; the HTML page is written once."""
    s = a_site(site)
    s.write("content/manual.md", "---\ntitle: Manual\nurl: /v1.0/\n---\nText.\n")
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", aliases="[/v1.0, /old/fire.html, /old/fire.html/, /old/blaze.html]"))
    build(s, capsys)
    assert {old: netlify(s)[old] for old in ("/v1.0", "/old/fire.html", "/old/fire.html/")} == dict.fromkeys(
        ("/v1.0", "/old/fire.html", "/old/fire.html/"), (OLD, 301))
    assert "Manual" in (s.output / "v1.0/index.html").read_text(encoding="utf-8")
    for kept in ("old/fire.html", "old/blaze.html"):
        assert "This page has moved" in (s.output / kept).read_text(encoding="utf-8")


def _with_moved(s, lines: str) -> None:
    """`lines` added to the ledger's [moved] table (made when there is none)."""
    ledger = s.root / "urls.toml"
    text = ledger.read_text(encoding="utf-8")
    ledger.write_text(text + ("" if "\n[moved]\n" in text else "\n[moved]\n") + lines, encoding="utf-8")


def test_old_urls_of_pages_that_are_no_story_redirect_from_the_ledgers_moved_table(site, capsys):
    """A newsroom's old site had tag and category archives and feeds
    (WordPress's /tag/fire/, /category/world/, /feed/): links and feed
    subscriptions to them broke, as only stories' old URLs could redirect."""
    s = a_site(site)
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", tags="[Fire]"))
    build(s, capsys)
    _with_moved(s, '"/tag/fire/" = "/tags/fire/"\n"/feed/" = "/feed.xml"\n"/category/world/" = "/world/"\n'
                   '"/?cat=5" = "/world/"\n"/elsewhere/" = "https://example.com/x/"\n')
    said = build(s, capsys)
    assert "[moved]" not in said
    for old, new in (("/tag/fire/", "/tags/fire/"), ("/category/world/", "/world/")):
        assert_redirected(s, old, new)
    assert netlify(s)["/feed/"] == ("/feed.xml", 301) and netlify(s)["/elsewhere/"] == ("https://example.com/x/", 301)
    assert '"/?cat=5" "/world/";' in (s.output / "nginx-redirects.conf").read_text(encoding="utf-8")
    # The ledger written back (a story's URL changed) keeps the table.
    s.write("content/world/bridge.md", story("A bridge reopens", date="2022-12-08T09:00:00", slug="bridge-reopens"))
    build(s, capsys)
    ledger = (s.root / "urls.toml").read_text(encoding="utf-8")
    assert '[moved]\n"/?cat=5" = "/world/"\n"/category/world/" = "/world/"\n' in ledger and '"/tag/fire/" = "/tags/fire/"' in ledger
    assert netlify(s)["/world/2022/12/08/bridge/"] == ("/world/2022/12/08/bridge-reopens/", 301)


def test_a_moved_url_may_not_hide_a_live_page_and_one_leading_nowhere_is_a_warning(site, capsys):
    s = a_site(site)
    build(s, capsys)
    _with_moved(s, '"/tag/gone/" = "/tags/gone/"\n')
    capsys.readouterr()
    assert main(["build", "--site", str(s.root), "--output", str(s.output), "--now", NOW.isoformat()]) == 0
    assert "urls.toml: warning: [moved] sends /tag/gone/ to /tags/gone/, which the site does not publish" in capsys.readouterr().err
    _with_moved(s, f'"{OLD}" = "/world/"\n')
    err = fails(s, capsys)
    assert "urls.toml" in err and f"{OLD} would redirect to /world/" in err and "remove" in err and "[moved]" in err


def test_a_moved_line_or_a_former_url_under_a_file_of_the_site_is_an_error_naming_the_ledger(site, capsys):
    s = a_site(site)
    build(s, capsys)
    ledger = (s.root / "urls.toml").read_text(encoding="utf-8")
    _with_moved(s, '"/feed.xml/" = "/world/"\n"/.htaccess" = "/world/"\n')
    err = fails(s, capsys)
    assert "urls.toml: /feed.xml/ would redirect to /world/, but it is under a page of the site (/feed.xml)" in err, err
    assert "urls.toml: /.htaccess would redirect to /world/, but it is the file newsgen writes for the apache redirects" in err
    assert "remove /feed.xml/ from [moved]" in err and "internal error" not in err
    (s.root / "urls.toml").write_text(ledger.replace(f'url = "{OLD}"', f'url = "{OLD}"\nformer = ["/robots.txt/", "/_redirects"]'),
                                      encoding="utf-8")
    err = fails(s, capsys)
    assert "urls.toml: /robots.txt/ would redirect to " + OLD + ", but it is under a page of the site (/robots.txt)" in err, err
    assert "urls.toml: /_redirects would redirect to " + OLD + ", but it is the file newsgen writes for the netlify redirects" in err
    assert "remove /_redirects from the entry of world/harbour-fire.md" in err


def test_a_moved_url_that_is_a_storys_old_url_is_an_error_naming_both(site, capsys):
    s = a_site(site)
    build(s, capsys)
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", slug="port-blaze"))
    build(s, capsys)
    _with_moved(s, f'"{OLD}" = "/world/"\n')
    err = fails(s, capsys)
    assert f"{OLD} is an old URL of both" in err and "content/world/harbour-fire.md" in err and "[moved] in urls.toml" in err


@pytest.mark.parametrize("line,said", [
    ('"tag/x/" = "/tags/x/"', "not an old site path"),
    ('"/../x/" = "/tags/x/"', "not an old site path"),
    ('"/tag/x/" = "javascript:alert(1)"', "must go to a site path"),
    ('"/tag/x/" = 3', "must go to a site path"),
    # TOML reads these escaped, and the ledger written back had them raw: DEL is no character TOML allows raw.
    ('"/del\\u007fx/" = "/world/"', "not an old site path"),
    ('"/c1\\u0085x/" = "/world/"', "not an old site path"),
    ('"/tag/x/" = "/w\\u007f/"', "must go to a site path"),
    # The HTML redirect page's script: "<!--<script>" kept it open to the end of the page.
    ('"/h1/" = "https://x.example/<!--<script>"', "percent-encoded"),
    ('"/h2/" = "https://x.example/a\\\\"', "percent-encoded"),
    ('"/h3/" = "https://x.example/a b"', "percent-encoded"),
    ('"/h4/" = "https://x.example/a\'b"', "percent-encoded"),
    # _redirects read them as a splat and a placeholder: every story under /world/, every tag's page.
    ('"/world/*" = "/tags/x/"', "as a splat"),
    ('"/tags/:t/" = "/world/"', "as a placeholder"),
    # A protocol-relative target is another host's URL: an open redirect from the site's old paths.
    ('"/tag/x/" = "//evil.example/x"', "must go to a site path"),
    ('"/tag/x/" = "///evil.example/x"', "must go to a site path"),
])
def test_a_moved_line_that_is_no_redirect_is_an_error_naming_the_ledger(site, capsys, line, said):
    s = a_site(site)
    build(s, capsys)
    _with_moved(s, line + "\n")
    err = fails(s, capsys)
    assert "urls.toml" in err and said in err and "Traceback" not in err


def test_a_story_file_renamed_with_its_url_kept_keeps_its_url_live_then_redirects_it(site, capsys):
    """A story's file renamed (harbour-fire.md → blaze.md, no longer followed
    by its name) with `slug:` keeping its URL: the ledger's entry of the old
    file said the URL was gone, and every build stopped, the URL being a
    live page; when the story's slug changed after, both entries claimed
    the URL and every build stopped again. The live story's URL is its own."""
    s = a_site(site)
    build(s, capsys)
    s.remove("content/world/harbour-fire.md")
    s.write("content/world/blaze.md", story("Fire in the harbour", slug="harbour-fire"))
    build(s, capsys)
    assert not (s.output / "_redirects").exists()  # no redirect at all: the URL is the story's page
    assert "Fire in the harbour" in (s.output / OLD.strip("/") / "index.html").read_text(encoding="utf-8")
    s.write("content/world/blaze.md", story("Fire in the harbour", slug="port-blaze"))
    build(s, capsys)
    assert_redirected(s, OLD, "/world/2022/12/09/port-blaze/")


def test_an_old_url_that_is_no_html_file_gets_its_page_as_a_folders(site, capsys):
    """A Hugo site's /index.xml and an old CMS's /story.php were each given
    an HTML redirect page in a file of that name: the feed validator and
    every feed reader read /index.xml as a broken feed, and a static host
    served story.php as a download. The page goes in a folder of that name
    (/index.xml/), which static hosts serve for the URL."""
    s = a_site(site)
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", aliases="[/old/story.php, /old/page.HTML]"))
    build(s, capsys)
    _with_moved(s, '"/index.xml" = "/feed.xml"\n')
    build(s, capsys)
    assert (s.output / "index.xml").is_dir() and html_redirect(s, "/index.xml/")["canonical"] == "https://example.org/feed.xml"
    assert (s.output / "old/story.php").is_dir() and html_redirect(s, "/old/story.php/")["canonical"] == "https://example.org" + OLD
    assert (s.output / "old/page.HTML").is_file()
    assert netlify(s)["/index.xml"] == ("/feed.xml", 301) and netlify(s)["/old/story.php"] == (OLD, 301)


def test_the_ledger_written_back_escapes_what_toml_forbids_raw():
    """json.dumps leaves DEL raw, and a file named so (or a URL read
    escaped) made urls.toml that the next build could not read."""
    import tomllib

    from generator.redirects import Ledger, LedgerEntry, ledger_text

    ledger = Ledger((("world/del\x7fx.md", LedgerEntry("/world/a\x7f\x85/", former=("/b\x7f/",), to="/c\x7f/")),),
                    (("/m\x7f/", "/n\x9f/"),))
    text = ledger_text(ledger)
    assert "\x7f" not in text and "\x85" not in text
    read = tomllib.loads(text)
    assert read["world/del\x7fx.md"] == {"url": "/world/a\x7f\x85/", "former": ["/b\x7f/"], "to": "/c\x7f/"}
    assert read["moved"] == {"/m\x7f/": "/n\x9f/"}


def test_the_redirect_pages_script_string_has_no_markup():
    from generator.redirects import _script_string

    assert "<" not in _script_string("https://x.example/<!--<script></script>") and "\\u003c" in _script_string("<")


def test_an_old_url_with_an_empty_query_is_its_path(site, capsys):
    """"/?" and "/about/?" went to .htaccess as a query of "^$": Apache
    redirected the live home page and /about/ on every visit."""
    s = a_site(site)
    build(s, capsys)
    _with_moved(s, '"/?" = "/world/"\n')
    err = fails(s, capsys)
    assert "urls.toml: / would redirect to /world/, but it is a page of the site (/)" in err and "remove /? from [moved]" in err
    _with_moved(s, "")
    (s.root / "urls.toml").write_text((s.root / "urls.toml").read_text(encoding="utf-8").replace('"/?" = "/world/"', '"/tag/x/?" = "/world/"'),
                                      encoding="utf-8")
    build(s, capsys)
    assert netlify(s)["/tag/x/"] == ("/world/", 301) and "QUERY_STRING" not in (s.output / ".htaccess").read_text(encoding="utf-8")


def test_the_redirect_page_at_a_folder_is_the_folders_urls_and_never_its_own_target(site, capsys):
    """"/old" = "/world/" and "/old/" = "/politics/": the server formats
    send /old/ to /politics/, but old/index.html refreshed to /world/; and
    "/x" = "/x/" made a page at /x/ that refreshed to itself."""
    s = a_site(site)
    build(s, capsys)
    _with_moved(s, '"/old" = "/world/"\n"/old/" = "/tags/x/"\n"/x" = "/x/"\n')
    build(s, capsys)
    assert netlify(s)["/old/"] == ("/tags/x/", 301) and netlify(s)["/x"] == ("/x/", 301)
    assert html_redirect(s, "/old/")["refresh"] == "0; url=https://example.org/tags/x/"
    assert not (s.output / "x" / "index.html").exists()


def test_long_chains_collapse_in_linear_time_and_each_loop_is_said_once_in_order():
    """4,000 chained [moved] lines took 15 s (each walked to its end), and a
    loop of 2,000 wrote 2,000 errors, each listing every URL sorted, with a
    hint to change a `to` that [moved] lines do not have."""
    import time

    from generator.redirects import Redirect, _collapsed

    n = 6000
    chain = {f"/a{i}/": Redirect(f"/a{i}/", f"/a{i + 1}/", 301, "") for i in range(n)}
    started = time.perf_counter()
    found = _collapsed(chain, problems := [])
    assert time.perf_counter() - started < 2 and not problems
    assert {r.new for r in found} == {f"/a{n}/"}
    loop = {f"/b{i}/": Redirect(f"/b{i}/", f"/b{(i + 1) % 3}/", 301, "") for i in (2, 0, 1)}
    loop["/c/"] = Redirect("/c/", "/b2/", 301, "")  # (leading into it)
    loop["/d/"] = Redirect("/d/", "/e/", 301, "world/x.md")
    loop["/e/"] = Redirect("/e/", "/d/", 301, "")
    _collapsed(loop, problems := [])
    said = [p.message for p in problems]
    assert len(said) == 2, said
    assert "/b0/ redirects in a loop (/b0/ → /b1/ → /b2/ → /b0/)" in said[0] and "under [moved]" in said[0] and "`to`" not in said[0]
    assert "/d/ → /e/ → /d/" in said[1] and 'the `to` of ["world/x.md"]' in said[1] and "/e/ under [moved]" in said[1]


def test_each_host_format_writes_an_old_url_as_its_server_matches_it(site, capsys):
    """nginx compares a map's keys to the decoded $uri as written, but a `$`
    was written %24 there (only a result is expanded); Apache's query
    condition, a regex, had `$` as \\%24; _redirects wrote U+00A0 as %A0 and
    U+2028 as %2028, not their UTF-8 bytes; and a percent-encoded key was
    written as is, though every server matches the path decoded."""
    s = a_site(site)
    build(s, capsys)
    _with_moved(s, '"/x$y/" = "/world/?a=$b"\n"/q/?y=$2" = "/world/"\n"/caf%C3%A9/" = "/world/"\n"/nb\\u00a0sp/" = "/world/"\n'
                   '"/ls\\u2028x/" = "/world/"\n')
    build(s, capsys)
    conf = (s.output / "nginx-redirects.conf").read_text(encoding="utf-8")
    assert '    "/x$y/" "/world/?a=%24b";' in conf and '    "/q/?y=$2" "/world/";' in conf and '    "/café/" "/world/";' in conf
    assert 'RewriteCond %{QUERY_STRING} "^y=\\$2$"' in (s.output / ".htaccess").read_text(encoding="utf-8")
    found = netlify(s)
    assert found["/nb%C2%A0sp/"] == ("/world/", 301) and found["/ls%E2%80%A8x/"] == ("/world/", 301) and "/café/" in found
    _with_moved(s, '"/post%20formats/x/" = "/tags/x/"\n')
    build(s, capsys)
    assert netlify(s)["/post%20formats/x/"] == ("/tags/x/", 301) and '"/post formats/x/" "/tags/x/";' in (s.output / "nginx-redirects.conf").read_text()
    _with_moved(s, '"/tags/c%23/" = "/tags/x/"\n"/caf\\u00e9/" = "/tags/x/"\n"/del%7Fx/" = "/tags/x/"\n')
    err = fails(s, capsys)
    assert 'urls.toml: error: [moved] "/tags/c%23/": every server matches a path decoded' in err or '"/tags/c%23/": every server' in err
    assert "are one old URL" in err and "keep one of the two lines" in err
    assert '[moved] "/del%7Fx/": not an old site path' in err and "control character" in err


def test_a_redirect_page_that_is_a_live_file_where_case_is_not_told_apart(site, capsys):
    """"/World/" = "/tags/x/" wrote output/World/index.html beside
    world/index.html: on macOS's or Windows' disk, and a host serving it,
    one file. The plan folds case for pages; redirect pages do too."""
    s = a_site(site)
    build(s, capsys)
    ledger = (s.root / "urls.toml").read_text(encoding="utf-8")
    _with_moved(s, '"/World/" = "/tags/x/"\n')
    err = fails(s, capsys)
    assert "urls.toml: /World/ would redirect to /tags/x/, but it is /world/, a page of the site on a host that does not tell case apart" in err
    (s.root / "urls.toml").write_text(ledger, encoding="utf-8")
    _with_moved(s, '"/World/" = "/world/"\n"/Old/" = "/tags/x/"\n"/old/" = "/tags/y/"\n')
    build(s, capsys)
    assert netlify(s)["/World/"] == ("/world/", 301) and netlify(s)["/Old/"] == ("/tags/x/", 301)
    assert {p.name for p in s.output.iterdir() if p.name.casefold() in ("world", "old")} in ({"world", "Old"}, {"world", "old"})


def test_a_deleted_storys_url_yields_to_another_storys_alias(site, capsys):
    """A deleted story's URL yielded to a live page and to a published
    story's former URL, but not to its alias: "… is an old URL of both"."""
    s = a_site(site)
    build(s, capsys)
    s.remove("content/world/harbour-fire.md")
    s.write("content/world/bridge.md", story("A bridge reopens", date="2022-12-08T09:00:00", aliases=f'["{OLD}"]'))
    build(s, capsys)
    assert_redirected(s, OLD, "/world/2022/12/08/bridge/")


def test_a_query_redirects_target_is_written_as_apache_sends_it():
    """In a RewriteRule's substitution, %2 of "%24" was a back-reference,
    and without [NE] Apache escaped each % again (%2524)."""
    from generator.redirects import _rewrite_target

    assert _rewrite_target("/caf%C3%A9/?a=$1&b=%{X}") == "/caf\\%C3\\%A9/?a=\\$1&b=\\%{X}"
    assert _rewrite_target("/café/") == "/caf\\%C3\\%A9/"


@pytest.mark.parametrize("alias,said", [
    ('"/*"', "as a splat"),
    ('"/:lang/"', "as a placeholder"),
    ('"/world/:slug/x/"', "as a placeholder"),
    ('"/a%2Fb/"', "decodes to a /"),
    ('"/q\\"uote/"', "not an old site path"),
    ('"/lt<x/"', "not an old site path"),
    ('"/lt%3Cx/"', "not an old site path"),
    ("\"/apos'x/\"", "not an old site path"),
    # No file system holds a file name over 255 bytes: its redirect page failed the build naming no story.
    ('"/' + "a" * 256 + '/"', "longer than a file name may be"),
    ('"/old/' + "é" * 130 + '.html"', "longer than a file name may be"),
    ('"/old/' + "%C3%A9" * 130 + '"', "longer than a file name may be"),
])
@pytest.mark.parametrize("file,text,new", [
    ("content/world/harbour-fire.md", story("Fire in the harbour", aliases="[{alias}, /old/fire/]"), OLD),
    ("content/world/_index.md", "---\ntitle: World\naliases: [{alias}, /old/fire/]\n---\nNews from abroad.\n", "/world/"),
    ("content/authors/ann.md", "---\nname: Ann Writer\naliases: [{alias}, /old/fire/]\n---\nAnn writes.\n", "/authors/ann/"),
])
def test_an_alias_no_redirect_can_name_is_left_out_with_a_warning_as_a_moved_line_is_refused(site, capsys, alias, said, file, text, new):
    """An alias went into _redirects as written: `/*` a splat redirecting the
    whole site, `/:lang/` a placeholder, `%2F` a slash no server matches, a
    quote or `<` the end of an nginx string or Apache pattern. It gets the
    [moved] old path's check, with a warning naming the file."""
    s = a_site(site)
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", authors="[Ann Writer]"))
    s.write(file, text.replace("{alias}", alias))
    capsys.readouterr()
    assert main(["build", "--site", str(s.root), "--output", str(s.output), "--now", NOW.isoformat()]) == 0
    err = capsys.readouterr().err
    assert f"{file}:" in err and "warning" in err and said in err and "left out" in err, err
    assert "Traceback" not in err
    assert netlify(s) == {"/old/fire/": (new, 301)}  # the story (section, author) publishes, with its good alias
    assert set(nginx(s)[0]) == {"/old/fire/"} and [old for _, old, _ in apache(s)] == ["/old/fire/"]


def test_a_deleted_storys_entry_may_not_send_its_urls_to_another_host_protocol_relative(site, capsys):
    s = a_site(site)
    build(s, capsys)
    s.remove("content/world/harbour-fire.md")
    ledger = s.root / "urls.toml"
    ledger.write_text(ledger.read_text(encoding="utf-8").replace(f'url = "{OLD}"', f'url = "{OLD}"\nto = "//evil.example/x"'),
                      encoding="utf-8")
    err = fails(s, capsys)
    assert "urls.toml" in err and "//evil.example/x" in err and "must be a site path" in err and "Traceback" not in err


def test_an_error_in_the_ledger_names_the_line_that_writes_it(site, capsys):
    """urls.toml's errors named the file only: in a ledger of thousands of
    lines, the one to mend was left to be searched for."""
    s = a_site(site)
    build(s, capsys)
    ledger = s.root / "urls.toml"
    text = ledger.read_text(encoding="utf-8")
    lines = text.splitlines()
    entry = lines.index('["world/bridge.md"]') + 1
    text = text.replace('url = "/world/2022/12/08/bridge/"', 'url = "/world/2022/12/08/bridge/"\nto = "//evil.example/"')
    ledger.write_text(text + '\n[moved]\n"/tag/a/" = "/world/"\n"/tag/*" = "/world/"\n"/tag/b/" = "//evil.example/"\n',
                      encoding="utf-8")
    err = fails(s, capsys)
    moved = len(text.splitlines()) + 2  # after a blank line
    assert f"urls.toml:{entry}: [\"world/bridge.md\"]: to '//evil.example/'" in err, err
    assert f"urls.toml:{moved + 2}: [moved] \"/tag/*\": " in err and f"urls.toml:{moved + 3}: [moved] \"/tag/b/\": must go" in err, err


def test_two_old_urls_differing_in_case_only_going_to_two_places_is_a_warning(site, capsys):
    """An alias /About/ and a [moved] /about/: the server formats tell them
    apart, but their redirect pages are one file on a disk that does not
    tell case apart, and one of them was silently left without its page."""
    s = a_site(site)
    s.write("content/world/harbour-fire.md", story("Fire in the harbour", aliases="[/About/]"))
    build(s, capsys)
    _with_moved(s, '"/about/" = "/world/"\n"/NEWS/" = "/world/"\n"/news/" = "/world/"\n')  # (/news/: one place, one page for both)
    capsys.readouterr()
    assert main(["build", "--site", str(s.root), "--output", str(s.output), "--now", NOW.isoformat()]) == 0
    err = capsys.readouterr().err
    assert "urls.toml: warning: /about/ and /About/ differ in case only" in err and OLD in err and "/world/" in err, err
    assert err.count("differ in case only") == 1, err
    assert netlify(s)["/About/"] == (OLD, 301) and netlify(s)["/about/"] == ("/world/", 301)
