"""Every build checks every internal link of what it publishes.

A link to a path nothing is published at, or to a #fragment no element of
its page has, is a warning naming the story and the link (an error with
--strict, and then nothing is committed). Links in a story's body are
checked again by every build, so a story whose page is kept still reports
a link that another change broke, and stops when it is mended.
"""

from __future__ import annotations

import re

import pytest

from generator import linkcheck
from generator.build import SiteBuilder
from generator.content.model import BuildMode
from generator.errors import BuildFailed
from generator.frozendict import FrozenDict

from .conftest import DEFAULT_CONFIG, NOW, output_contents, story

MODE = BuildMode(now=NOW)
BODY = """\
See [the bridge](/world/2022/12/08/bridge/) and [its history](bridge.md#history).

## Background

Back to [the background](#background), [nowhere](#nowhere), [a lost page](/world/1999/lost/)
and [a lost file](/static/missing.css), [the bridge again](/world/2022/12/08/bridge/).
"""
BRIDGE = "Traffic crossed.\n\n## History\n\nBuilt in 1901.\n"


def broken(result) -> list[tuple[str, str]]:
    """(where, the site URL linked to) of every broken link reported."""
    return sorted((w.path, re.search(r"the link to (\S+) is broken", w.message)[1]) for w in result.warnings if "is broken" in w.message)


def build(s, strict: bool = False):
    return SiteBuilder(s.config(), cache_dir=s.root / ".newsgen-cache").build(MODE, strict=strict)


def a_site(site):
    return site({
        "content/world/harbour.md": story("Fire in the harbour", body=BODY),
        "content/world/bridge.md": story("A bridge reopens", date="2022-12-08T09:00:00", body=BRIDGE),
    })


def test_broken_paths_and_fragments_in_a_body_are_warnings_naming_the_story(site):
    s = a_site(site)
    result = build(s)
    assert broken(result) == [
        ("content/world/harbour.md", "/static/missing.css"),
        ("content/world/harbour.md", "/world/1999/lost/"),
        ("content/world/harbour.md", "/world/2022/12/09/harbour/#nowhere"),
    ]
    message = next(w.message for w in result.warnings if "#nowhere" in w.message)
    assert "this page has no element with id 'nowhere'" in message


def test_a_link_broken_by_another_change_is_reported_though_its_page_is_kept(site):
    s = a_site(site)
    build(s)
    s.write("content/world/bridge.md", story("A bridge reopens", date="2022-12-08T09:00:00", body="Traffic crossed.\n\n## Its story\n\nOld.\n"))
    result = build(s)
    assert "world/2022/12/09/harbour/index.html" not in result.write.changed  # the linking story's page is kept
    assert ("content/world/harbour.md", "/world/2022/12/08/bridge/#history") in broken(result)
    s.remove("content/world/bridge.md")
    s.write("content/world/harbour.md", story("Fire in the harbour", body=BODY.replace("(bridge.md#history)", "(#background)")))
    result = build(s)
    assert ("content/world/harbour.md", "/world/2022/12/08/bridge/") in broken(result)
    # Mended: the warnings go, with nothing else changed.
    s.write("content/world/bridge.md", story("A bridge reopens", date="2022-12-08T09:00:00", body=BRIDGE))
    s.write("static/missing.css", "body {}\n")
    result = build(s)
    assert broken(result) == [("content/world/harbour.md", "/world/1999/lost/"), ("content/world/harbour.md", "/world/2022/12/09/harbour/#nowhere")]
    # A build with nothing to do says it all again.
    again = build(s)
    assert again.rendered == 0 and broken(again) == broken(result)


def test_links_to_every_path_a_deletion_moves_are_checked_again_in_pages_kept(site):
    """A story deleted takes its page, and the list pages after it move:
    the kept pages linking to any of those paths are checked again (all
    of them looked up in one reading of the build state), the rest not."""
    newer = {f"content/culture/show-{n}.md": story(f"Show {n}", date=f"2022-12-{n + 1:02d}T09:00:00") for n in range(8)}
    s = site({
        **newer,
        "content/culture/bridge.md": story("A bridge reopens", date="2022-10-08T09:00:00", body=BRIDGE),
        "content/sport/ferry.md": story("Ferry race", date="2022-11-02T09:00:00", body="Rowers raced [past the bridge](/culture/2022/10/08/bridge/).\n"),
    })
    assert broken(build(s)) == []
    s.remove("content/culture/bridge.md")
    result = build(s)
    assert "sport/2022/11/02/ferry/index.html" not in result.write.changed  # the linking story's page is kept
    assert broken(result) == [("content/sport/ferry.md", "/culture/2022/10/08/bridge/")]


def test_strict_makes_them_errors_and_commits_nothing(site):
    s = a_site(site)
    s.write("content/world/harbour.md", story("Fire in the harbour", body="Fine.\n"))
    build(s)
    before = output_contents(s.output)
    s.write("content/world/harbour.md", story("Fire in the harbour", body="[lost](/lost/)\n"))
    with pytest.raises(BuildFailed) as failed:
        build(s, strict=True)
    assert "content/world/harbour.md" in str(failed.value) and "/lost/" in str(failed.value)
    assert output_contents(s.output) == before


def test_a_layout_of_the_sites_own_is_checked_too(site):
    s = a_site(site)
    s.write("content/world/harbour.md", story("Fire in the harbour", body="Fine.\n"))
    s.write("layouts/partials/footer.html", '<footer><a href="{{ link(\'/sports/\') }}">Sports</a></footer>\n')
    result = build(s)
    assert broken(result) == [("index.html", "/sports/")]
    pages = len(s.html_files())
    assert f"(on {pages} pages; this is the first)" in next(w.message for w in result.warnings if "/sports/" in w.message)


def test_old_urls_answered_by_redirects_are_not_broken(site):
    s = a_site(site)
    s.write("content/world/harbour.md", story("Fire in the harbour", body="[old](/2019/fire/)\n", aliases="[/2019/fire/]"))
    assert broken(build(s)) == []


def test_a_fragment_through_an_old_url_or_after_a_text_directive_is_looked_for_where_it_leads(site):
    """fluxcd's blog links /blog/2022/05/april-2022-update/#latest-flux-…, an
    old URL of a story with that heading (51 warnings, a failed --strict
    build), and 18F's links end in #:~:text=…, a directive browsers take off
    before looking for an id. A fragment no page has is still broken."""
    s = site({
        "content/world/april.md": story("April update", date="2022-12-08T09:00:00", body="## Latest release\n\nText.\n",
                                        aliases="[/blog/april-update/]"),
        "content/world/may.md": story("May update", body="[a](/blog/april-update/#latest-release) [b](/world/2022/12/08/april/#:~:text=Latest) "
                                                        "[c](/world/2022/12/08/april/#latest-release:~:text=x) [d](/blog/april-update/#nowhere)\n"),
    })
    assert broken(build(s, strict=False)) == [("content/world/may.md", "/blog/april-update/#nowhere")]


def test_links_resolve_as_a_browser_resolves_them():
    """The checker's string work against urljoin, over the shapes links take."""
    import itertools
    from urllib.parse import unquote, urljoin, urlsplit

    from generator.linkcheck import LinkTargets

    base = "https://example.org/news/"
    targets = LinkTargets(base, "/news/", frozenset(), FrozenDict())
    pages = ["/", "/world/", "/world/2022/12/09/x/", "/a/b.html", "/tags/x/page/2/"]
    links = ["", "#top", "x/", "x.png", "./x", "../", "..", ".", "../../", "../../../../../../", "../world/#a", "x/../y/", "sub/./z",
             "/news/world/", "/other/", "https://example.org/news/a/?q=1#f", "https://other.org/", "mailto:a@b", "caf%C3%A9/", "?page=2"]
    for page, link in itertools.product(pages, links):
        absolute = urljoin(base + page.lstrip("/"), link)
        parts = urlsplit(absolute)
        want = None
        if parts.netloc == "example.org" and parts.path.startswith("/news/"):
            want = "/" + unquote(parts.path)[len("/news/"):] + (f"#{parts.fragment}" if parts.fragment else "")
        assert targets.site_url(link, page) == want, (page, link)


def test_a_rebuild_checks_again_only_the_links_whose_faults_can_have_changed(site, monkeypatch):
    """While the pages and files a link may lead to are the same, a page that
    is kept keeps the faults it had (linkcheck.LinksChecked): the links
    checked again are the rewritten pages' and the #fragments into them.
    What the build says is a full build's, every time."""
    from generator.build import build_site
    from generator.linkcheck import LinkTargets

    s = a_site(site)
    s.write("content/world/quay.md", story("The quay", date="2022-12-07T09:00:00", body="[lost](/lost/) and [the fire](harbour.md).\n"))
    s.write("layouts/partials/footer.html", '<footer><a href="{{ link(\'/sports/\') }}">Sports</a></footer>\n')
    build(s)
    checked = []
    real = LinkTargets.fault
    monkeypatch.setattr(LinkTargets, "fault", lambda self, url, own, *rest: checked.append(own) or real(self, url, own, *rest))

    def said(result) -> list[str]:
        return sorted(str(w) for w in result.warnings)

    # The bridge's text changes, not its headings: its page is rewritten, and
    # the harbour's page links to a fragment of it; the quay's is kept.
    s.write("content/world/bridge.md", story("A bridge reopens", date="2022-12-08T09:00:00", body=BRIDGE + "\nMore.\n"))
    edited = build(s)
    assert "world/2022/12/09/harbour/index.html" not in edited.write.changed
    assert "world/2022/12/08/bridge/index.html" in checked and "world/2022/12/09/harbour/index.html" in checked
    assert "world/2022/12/07/quay/index.html" not in checked
    assert said(edited) == said(build_site(s.config(output_dir=s.root / "cold-1"), MODE))
    assert ("content/world/quay.md", "/lost/") in broken(edited)
    assert f"(on {len(s.html_files())} pages; this is the first)" in next(w.message for w in edited.warnings if "/sports/" in w.message)


def test_a_kept_pages_faults_are_found_again_when_what_links_lead_to_changes():
    """The rule itself (a site's build re-renders most pages whenever a file
    comes or goes, so this is checked without one): the last check's faults
    are kept only while the link targets' digest is the same."""
    from generator.linkcheck import BODY, LinkTargets, check_links
    from generator.plan import PagePlan

    page = PagePlan("/world/a/", "article.html", "article", key="world/a.md")
    pages = [(page, (f"{BODY}/static/print.css", f"{BODY}/world/b/#top"))]
    read = {"world/b/index.html": '<h2 id="top">Top</h2>'}.get
    before = LinkTargets("https://example.org/", "/", frozenset({"world/a/index.html", "world/b/index.html"}), FrozenDict())
    found, checked = check_links(pages, before, read)
    assert [w.message.split(":")[0] for w in found] == ["the link to /static/print.css is broken"]
    after = LinkTargets("https://example.org/", "/", before.files | {"static/print.css"}, FrozenDict())
    assert check_links(pages, after, read, checked, rewritten=set())[0] == []  # a file came: checked again
    gone = LinkTargets("https://example.org/", "/", before.files - {"world/b/index.html"}, FrozenDict())
    assert len(check_links(pages, gone, read, checked, rewritten=set())[0]) == 2
    # The same targets, nothing rewritten: the last faults, though the fragment's page says otherwise now.
    assert check_links(pages, before, {}.get, checked, rewritten=set())[0] == found
    assert len(check_links(pages, before, {}.get, checked, rewritten={"world/b/index.html"})[0]) == 2


def test_when_files_come_or_go_only_the_links_that_lead_to_them_are_checked_again():
    """A story added or deleted changes the link targets: the last check's
    faults are kept for every page with no link to a path that changed
    (a file that came or went, under each URL it is served at, or an old URL
    a redirect answers), and only while the changes are since the very
    targets that check used."""
    from generator.linkcheck import BODY, LinksChecked, LinkTargets, check_links
    from generator.plan import PagePlan

    base = "https://example.org/"
    pages = [(PagePlan(f"/world/{name}/", "article.html", "article", key=f"world/{name}.md"), (f"{BODY}{link}",))
             for name, link in (("a", "/static/print.css"), ("b", "/world/gone/"), ("c", "/world/gone"), ("d", "/old/#x"), ("e", "/world/b/"))]
    before = LinkTargets(base, "/", frozenset({f"world/{n}/index.html" for n in "abcde"} | {"world/gone/index.html"}), FrozenDict())
    read = {"world/new/index.html": '<h2 id="x">X</h2>'}.get  # (the page the redirect will lead to)
    found, checked = check_links(pages, before, read)
    assert [w.path for w in found] == ["content/world/a.md", "content/world/d.md"]
    # Faults the last check did not find: kept, they show which pages were not checked again.
    kept = LinksChecked(checked.targets, {page.path: ((links[0], "as the last check found it"),) for page, links in pages})
    after = LinkTargets(base, "/", before.files - {"world/gone/index.html"} | {"world/new/index.html"}, FrozenDict({"/old/": "/world/new/"}))
    changes = after.changes_since(before)
    assert {"/world/gone/", "/world/gone", "/world/gone/index.html", "/old/", "/old"} <= changes.paths
    said = {w.path: w.message for w in check_links(pages, after, read, kept, rewritten=set(), changes=changes)[0]}
    assert "as the last check found it" in said["content/world/a.md"] and "as the last check found it" in said["content/world/e.md"]
    assert "nothing is published there" in said["content/world/b.md"] and "nothing is published there" in said["content/world/c.md"]
    assert "content/world/d.md" not in said  # a redirect answers it now, to a page with that id
    # Changes since other targets than the last check's: every link again.
    since_other = after.changes_since(LinkTargets(base, "/", before.files | {"x.html"}, FrozenDict()))
    said = {w.path: w.message for w in check_links(pages, after, read, kept, rewritten=set(), changes=since_other)[0]}
    assert sorted(said) == ["content/world/a.md", "content/world/b.md", "content/world/c.md"]
    assert not any("as the last check found it" in message for message in said.values())
    assert after.changes_since(LinkTargets("https://example.net/", "/", before.files, FrozenDict())) is None


def test_a_builder_given_another_state_checks_every_link_again(site, monkeypatch):
    """The faults a builder keeps are its last build's, of the output its
    state records: a state put in from elsewhere (the dev server's saved
    one, read back) comes without them, and the next build checks every page."""
    from generator.cache import BuildState
    from generator.linkcheck import LinkTargets

    s = a_site(site)
    builder = SiteBuilder(s.config(), in_place=True)
    builder.build(MODE)
    checked = []
    real = LinkTargets.fault
    monkeypatch.setattr(LinkTargets, "fault", lambda self, url, own, *rest: checked.append(own) or real(self, url, own, *rest))
    s.write("content/world/bridge.md", story("A bridge reopens", date="2022-12-08T09:00:00", body=BRIDGE + "\nMore.\n"))
    builder.build(MODE)
    assert "world/2022/12/09/harbour/index.html" in checked and len(set(checked)) < len(s.html_files())
    checked.clear()
    builder.build(MODE)
    assert checked == []  # nothing rewritten, nothing that links lead to changed
    now = builder.state
    builder.state = BuildState(now.started_ns, now.output_dir, now.files, dict(now.outputs), now.config, now.model)
    again = builder.build(MODE)
    assert again.rendered == 0
    assert set(checked) == {path for path, record in builder.state.outputs.items() if record.links}


def test_a_broken_link_is_said_as_its_writer_wrote_it_with_index_links_too(site):
    """With link_style = "index" (newsgen init's), lit.dev's [Discord](/discord/)
    was said to be a broken link to /discord/index.html."""
    s = site({"content/world/a.md": story(body="[Discord](/discord/) and [there](/world/2022/12/09/a/#nowhere)\n")},
             config=DEFAULT_CONFIG + 'link_style = "index"\n')
    said = [w.message.split(" is broken")[0] for w in s.build().warnings if "is broken" in w.message]
    assert said == ["the link to /discord/", "the link to /world/2022/12/09/a/#nowhere"]


def test_an_attribute_shown_as_code_is_no_link(site):
    """11ty-website's docs show tags as code (`<video src="clip.mp4">`): the
    check read the src in the code's text as a link and warned it broken
    (with --strict, a failed build)."""
    s = site({"content/world/harbour.md": story("Fire in the harbour", body=(
        'Use `<video src="clip.mp4">` or `<a id="x" href=\'gone.html\'>`, and <code>&lt;img src="a.png"&gt;</code>.\n\n'
        '<p title="a > b" data-x=\'"\'><a href="/world/1999/lost/">lost</a></p>\n'))})
    assert broken(build(s, strict=False)) == [("content/world/harbour.md", "/world/1999/lost/")]


def test_a_broken_link_in_another_generators_template_syntax_is_placed_at_its_line(site):
    """Jekyll's `{% link %}` and `{% post_url %}`, Hugo's `{{< ref >}}` and
    Pelican's `{filename}` are read as the paths they stand for; broken, the
    warning had no line, as its target is not written as a plain path."""
    body = ("A first paragraph.\n\n"
            "See [the old post]({% link _posts/2020-01-01-gone.md %}).\n\n"
            "And [the other]({{< ref \"/world/nothere.md\" >}}), [a third]({% post_url 2019-05-05-lost %}).\n\n"
            "Then [Pelican's]({filename}/world/missing.md).\n")
    s = site({"content/world/a.md": story(body=body)})
    first = story(body="A first paragraph.\n\nSee").count("\n") + 1
    placed = sorted(((w.line, w.message.split(" is broken")[0]) for w in s.build().warnings if "is broken" in w.message),
                    key=lambda found: (found[0] or 0, found[1]))
    assert placed == [(first, "the link to /_posts/2020-01-01-gone.md"), (first + 2, "the link to /_posts/2019-05-05-lost.md"),
                      (first + 2, "the link to /world/nothere.md"), (first + 4, "the link to /world/missing.md")], placed


def test_a_broken_link_is_placed_at_the_line_that_writes_it_not_one_that_ends_alike(site):
    """A good link to https://example.com/track/click?u=1 above a broken
    ://example.com/track/click?u=2: the warning named the good one's line,
    the first whose URL ended in `click`. A path relative to the story's
    folder is placed so too, and a #fragment alone (whose URL ends in no
    part the text writes) now has a line."""
    body = ("First [good](https://example.com/track/click?u=1) and [elsewhere](https://example.com/news/gone/).\n\n"
            "Some text.\n\nThen [bad](://example.com/track/click?u=2).\n\n"
            "And [a bad one](gone/).\n\nAt last [nowhere](#nowhere).\n")
    s = site({"content/world/links.md": story("Links", body=body)})
    lines = s.root.joinpath("content/world/links.md").read_text().splitlines()
    said = {re.search(r"the link to (\S+) is broken", w.message)[1]: w.line for w in build(s).warnings if "is broken" in w.message}
    assert said.keys() == {"/world/:/example.com/track/click", "/world/gone/", "/world/2022/12/09/links/#nowhere"}
    assert all(line is not None for line in said.values()), said
    assert "[bad](://example.com/track/click?u=2)" in lines[said["/world/:/example.com/track/click"] - 1]
    assert "[a bad one](gone/)" in lines[said["/world/gone/"] - 1]
    assert "[nowhere](#nowhere)" in lines[said["/world/2022/12/09/links/#nowhere"] - 1]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_broken_link_is_placed_at_its_line_not_at_code_showing_the_same_path(site, newline):
    """A story that shows link syntax as code (fenced, indented or inline)
    above its real links: each warning named the line of the code, the
    first text that looked like a link there; code shows text, no link."""
    body = ("Intro.\n\n```\n[not a link](/nowhere/)\n<a href=\"/gone/\">code</a>\n```\n\n"
            "    [indented code](/nowhere2/)\n\nInline `[code](/nowhere3/)` here.\n\n"
            "Real one: [real](/nowhere/).\n\nReal two: <a href=\"/gone/\">real</a>.\n\n"
            "Real three: [r](/nowhere2/) and [r](/nowhere3/).\n")
    s = site({"content/world/links.md": story("Links", body=body).replace("\n", newline)})
    lines = s.root.joinpath("content/world/links.md").read_text().splitlines()
    said = {re.search(r"the link to (\S+) is broken", w.message)[1]: w.line for w in build(s).warnings if "is broken" in w.message}
    assert said.keys() == {"/nowhere/", "/gone/", "/nowhere2/", "/nowhere3/"}
    assert {url: lines[line - 1].split(":")[0] for url, line in said.items()} == {
        "/nowhere/": "Real one", "/gone/": "Real two", "/nowhere2/": "Real three", "/nowhere3/": "Real three"}


def test_a_link_after_a_quoted_value_holding_a_tag_is_checked(site):
    """`<img alt="text selection in <input>" src=…>`: the ">" in the alt
    hid the src after it from the check, which HTML reads as the image's."""
    s = site({"content/world/harbour.md": story("Fire in the harbour", body=(
        '<figure><img alt="text selection in <input>" src="/static/lost.png"></figure>\n\n'
        "<p><a title='a > b' href=\"/world/1999/lost/\">lost</a></p>\n"))})
    assert broken(build(s, strict=False)) == [("content/world/harbour.md", "/static/lost.png"),
                                              ("content/world/harbour.md", "/world/1999/lost/")]


def test_each_of_thousands_of_broken_links_in_a_story_is_placed_at_its_own_line(site, monkeypatch):
    """A story with 8,000 broken links took 91 s to report: the line of each
    was found by reading the links of the text again from its start. Each is
    read once now, and each broken link still placed at the line that writes
    it, whichever way it is written."""
    forms = ("[a](/nope-{n}/)", "[b](gone-{n}/)", '<a href="/lost-{n}.html">c</a>', "[d][r{n}]\n\n[r{n}]: /ref-{n}/")
    body = "".join(f"Paragraph {n}: {forms[n % 4].format(n=n)}.\n\n" for n in range(5000))
    s = site({"content/world/links.md": story("Links", body=body)})
    lines = s.root.joinpath("content/world/links.md").read_text().splitlines()
    resolved = []
    site_path_of = linkcheck._site_path_of
    monkeypatch.setattr(linkcheck, "_site_path_of", lambda *args: resolved.append(args[0]) or site_path_of(*args))
    said = {re.search(r"the link to (\S+) is broken", w.message)[1]: w.line for w in build(s).warnings if "is broken" in w.message}
    assert len(said) == 5000
    assert len(resolved) <= 5000, "a link of the story's text was read more than once"
    for url, line in said.items():
        written = url.removeprefix("/world/") if url.startswith("/world/gone-") else url
        assert line is not None and (f"({written})" in lines[line - 1] or f'"{written}"' in lines[line - 1]
                                     or f"]: {written}" in lines[line - 1]), (url, line)


def test_a_broken_fragment_of_a_link_to_a_content_file_is_reported_at_the_line_writing_it(site):
    """jakevdp's post links `[commented](2012-08-18-matplotlib-animation-tutorial.md#comment-799781196)`:
    the warning named the story without a line, and where the story also linked
    the page by its URL (`/articles/2012/08/18/bee/#nope3`), that link's line
    for both: the line was looked for by the URL's last part, `bee`, which a
    file name writes with its date before it and `.md` after it."""
    s = site({
        "content/articles/2012-08-18-bee.md": "---\ntitle: Bees\n---\nBees.\n",
        "content/articles/2012-08-18-wasp.md": "---\ntitle: Wasps\nslug: hornets\n---\nWasps.\n",
        "content/articles/2013-02-16-a.md": "---\ntitle: A\n---\nIntro.\n\n"
                                            "A reader [commented](2012-08-18-bee.md#comment-7) here.\n\n"
                                            "And [wasps](2012-08-18-wasp.md#sting).\n\n"
                                            "[Bees again](/articles/2012/08/18/bee/#nope3)\n",
    })
    result = build(s)
    lines = {re.search(r"the link to (\S+) is broken", w.message)[1]: w.line for w in result.warnings if "is broken" in w.message}
    assert lines == {"/articles/2012/08/18/bee/#comment-7": 6, "/articles/2012/08/18/hornets/#sting": 8,
                     "/articles/2012/08/18/bee/#nope3": 10}, lines
