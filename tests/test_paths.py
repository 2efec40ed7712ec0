"""Paths typed by writers and editors (slugs, sections, images, links,
permalink patterns, output folders, preview URLs) never reach outside
content/ when reading, nor outside the output folder when writing."""

from __future__ import annotations

import json
import os
import posixpath
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from generator.build import BuildResult
from generator.config import load_config
from generator.errors import ConfigError
from generator.serve import PreviewServer
from generator.write import standby_path

from .conftest import BASE_URL, DEFAULT_CONFIG, messages, page_url, story
from .hardening_support import builds, outcome, parse_tags, problems_of, touched_outside, tree_state

A = "content/world/a.md"
SECRET = "SECRET-4f1e-never-publish"


def guarded(s, **kwargs):
    """Build `s` and check that nothing outside its output folder was created,
    changed or removed (the site's parent folder is listed before and after),
    and that no output file holds a secret planted outside content/."""
    parent = s.root.parent
    (parent / "secret.png").write_bytes(SECRET.encode())
    (parent / "secret.md").write_text(story(SECRET), encoding="utf-8")
    (s.root / "secret.png").write_bytes(SECRET.encode())
    (s.root / "secret.md").write_text(story(SECRET), encoding="utf-8")
    before = tree_state(parent)
    result = outcome(s, **kwargs)
    after = tree_state(parent)
    # The output's standby copy is the same tree, hard-linked (see write.py).
    outside = touched_outside(before, after, [folder.relative_to(parent).as_posix() for folder in (s.output, standby_path(s.output))])
    assert not outside, f"the build touched files outside its output folder: {outside}"
    for rel in s.files():
        data = s.path(rel).read_bytes()
        assert SECRET.encode() not in data, f"{rel} publishes a file from outside content/"
        assert b"root:x:0:" not in data, f"{rel} publishes /etc/passwd"
    return result


def resolved_urls_stay_in_site(s) -> list[str]:
    """Every href/src of every page, resolved against the page's own URL (with
    %2e%2e decoded as a browser would), that lands outside base_url."""
    outside = []
    for rel in s.files():
        if not rel.endswith(".html") or rel == "404.html":
            continue
        here = page_url(rel)
        for tag in parse_tags(s.read(rel)):
            for key in ("href", "src"):
                value = tag.get(key)
                if not value or value.startswith(("#", "mailto:")) or "://" in value:
                    continue
                url = urljoin(here, value)
                path = posixpath.normpath(unquote(urlsplit(url).path))
                if not (path + "/").startswith(urlsplit(BASE_URL).path):
                    outside.append(f"{rel}: {key}={value!r} → {path}")
    return outside


def fails_on(result, path: str, line: int | None = None, *words: str):
    assert not isinstance(result, BuildResult), "the build should have failed"
    found = problems_of(result, path)
    if line is not None:
        assert any(d.line == line for d in found), f"expected {path}:{line}: {messages(result)}"
    for word in words:
        assert any(word in d.message for d in found), f"no message says {word!r}: {messages(result)}"
    return found


# ---- slugs and sections ------------------------------------------------------

@pytest.mark.parametrize("slug", ["../../etc", "/etc/passwd", "..", "../../../../tmp/x", "a/../../b", "..\\..\\x", "%2e%2e/%2e%2e/x", "\u2025/x", "．．/x"])
def test_a_slug_never_leaves_the_output_folder(site, slug):
    s = site({A: story("Troops arrive", slug=f'"{slug}"' if "\\" not in slug else f"'{slug}'")})
    result = guarded(s)
    if isinstance(result, BuildResult):
        pages = [f for f in s.files() if f.startswith("world/2022/12/09/")]
        assert len(pages) == 1, pages
        assert ".." not in pages[0] and "%" not in pages[0]
    else:
        fails_on(result, A)


@pytest.mark.parametrize("section", ["../..", "..", "/etc", "../../../tmp", "a/../../b"])
def test_a_section_value_never_leaves_the_output_folder(site, section):
    s = site({A: story("Troops arrive", section=f'"{section}"')})
    result = guarded(s)
    if isinstance(result, BuildResult):
        for rel in s.files():
            assert ".." not in rel.split("/")
    else:
        fails_on(result, A)


def test_a_section_folder_named_dot_dot_like_never_leaves(site):
    s = site({"content/..../a.md": story("Dots"), "content/.. x/b.md": story("Dots and space")})
    result = guarded(s)
    if isinstance(result, BuildResult):
        assert all(".." not in rel.split("/") for rel in s.files())


# ---- images ------------------------------------------------------------------

@pytest.mark.parametrize(
    "image",
    [
        "../../../etc/passwd",
        "../../secret.png",
        "../../../secret.png",
        "/../secret.png",
        "/../../etc/passwd",
        "%2e%2e/%2e%2e/secret.png",
        "%2E%2E/%2E%2E/%2E%2E/etc/passwd",
        "..%2f..%2fsecret.png",
        "..\\..\\secret.png",
    ],
)
def test_an_image_path_never_reads_outside_content(site, image):
    """Refused with an error on the image line, or a page whose image URL
    (percent-decoded and normalised, as a browser or a file server would)
    stays inside the site."""
    s = site({A: story("Troops arrive", image=f"'{image}'", image_alt="A map")})
    result = guarded(s)
    if isinstance(result, BuildResult):
        outside = resolved_urls_stay_in_site(s)
        assert not outside, f"image {image!r} gave a page whose image resolves outside the site: {outside}"
        for rel in s.files():
            if rel.endswith(".html"):
                for tag in parse_tags(s.read(rel)):
                    if tag.name == "meta" and tag.get("property") == "og:image":
                        content = tag.get("content") or ""
                        path = posixpath.normpath(unquote(urlsplit(content).path))
                        assert urlsplit(content).scheme in ("http", "https") and content.startswith(BASE_URL[:-1].rsplit("/", 1)[0]) and (path + "/").startswith("/news/"), (
                            f"image {image!r}: og:image {content!r} leaves the site")
    else:
        [problem] = fails_on(result, A, 4, "image")


def test_an_absolute_image_path_is_inside_content_or_refused(site):
    """`image: /etc/passwd` is rooted at content/, never at the file system's root."""
    s = site({A: story("Troops arrive", image="/etc/passwd", image_alt="x")})
    result = guarded(s)
    assert not s.exists("etc/passwd")
    if isinstance(result, BuildResult):
        assert not resolved_urls_stay_in_site(s)
    else:
        fails_on(result, A, 4, "image")


@pytest.mark.parametrize("escape", [r'"x\0.png"', r'"../\0../secret.png"', r'"x.png\0../../../etc/passwd"'])
def test_an_image_path_with_a_nul(site, escape):
    s = site({A: story("Troops arrive", image=escape, image_alt="x")})
    result = guarded(s)
    for rel in s.files():
        assert "\x00" not in rel
        if rel.endswith(".html"):
            assert "\x00" not in s.read(rel) and "\\0" not in s.read(rel)
    if isinstance(result, BuildResult):
        assert not resolved_urls_stay_in_site(s)
    else:
        fails_on(result, A, 4)


def test_a_raw_nul_byte_in_front_matter_is_a_clear_error(site):
    s = site({A: "---\ntitle: T\ndate: 2022-12-09T10:00:00\nimage: x\x00.png\n---\nBody.\n"})
    result = guarded(s)
    if not isinstance(result, BuildResult):
        fails_on(result, A, 4)


# ---- Markdown links ----------------------------------------------------------

@pytest.mark.parametrize(
    "body",
    [
        "See [x](../../../../etc/passwd.md).",
        "![x](../../../secret.png)",
        "![x](../../secret.png)",
        "[x](../../secret.md)",
        "![x](/../secret.png)",
        "![x](%2e%2e/%2e%2e/secret.png)",
        "[x](..%2f..%2fsecret.md)",
        "![x](<../../secret.png>)",
        '<img src="../../secret.png">',
        "[x][ref]\n\n[ref]: ../../../../etc/passwd.md",
    ],
)
def test_markdown_links_never_leave_content(site, body):
    s = site({A: story("Troops arrive", body=body + "\n")})
    result = guarded(s)
    if isinstance(result, BuildResult):
        outside = resolved_urls_stay_in_site(s)
        assert not outside, f"the link in {body!r} resolves outside the site: {outside}"
    else:
        [problem] = fails_on(result, A)
        assert "leaves the site" in problem.message or "does not exist" in problem.message


def test_links_that_leave_content_are_errors_naming_the_file(site):
    s = site({A: story("Troops arrive", body="[x](../../../../etc/passwd.md) and ![y](../../../secret.png)\n")})
    result = guarded(s)
    [problem] = fails_on(result, A)
    assert "../../../../etc/passwd.md" in problem.message and "../../../secret.png" in problem.message


# ---- the permalink pattern ---------------------------------------------------

@pytest.mark.parametrize(
    "pattern",
    ["/{section}/../../{slug}/", "/../{slug}/", "/{slug}/..", "/{section}/..\\..\\{slug}/", "/%2e%2e/{slug}/", "/{section}/./../{slug}/"],
)
def test_a_permalink_that_leaves_the_site_is_refused(site, pattern):
    config = DEFAULT_CONFIG + f"permalink = {json.dumps(pattern)}\n"
    s = site({A: story("Troops arrive")}, config=config)
    result = guarded(s)
    assert isinstance(result, ConfigError), f"the permalink {pattern!r} was accepted: {s.files()}"
    [problem] = [d for d in result.diagnostics if "permalink" in d.message]
    assert problem.path == "site.toml" and problem.line == 4, str(problem)


# ---- the output folder -------------------------------------------------------

@pytest.mark.parametrize("output_dir", ["content", "content/out", "./content/", "content/../content", ".", "..", "../.."])
def test_an_output_folder_overlapping_content_is_refused(site, output_dir):
    s = site({A: story("Troops arrive")}, config=DEFAULT_CONFIG + f'output_dir = "{output_dir}"\n')
    parent = s.root.parent
    before = tree_state(parent)
    with pytest.raises(ConfigError) as caught:
        load_config(s.root)
    [problem] = [d for d in caught.value.diagnostics if "output_dir" in d.message]
    assert problem.path == "site.toml" and problem.line == 4
    assert tree_state(parent) == before


@pytest.mark.parametrize("where", ["content", "content/out", "", ".."])
def test_an_output_override_overlapping_content_is_refused(site, where):
    s = site({A: story("Troops arrive")})
    target = (s.root / where) if where else s.root
    before = tree_state(s.root.parent)
    with pytest.raises(ConfigError):
        load_config(s.root, output_dir=target)
    result = outcome(s, output_dir=target)
    assert isinstance(result, ConfigError)
    assert tree_state(s.root.parent) == before


def test_an_output_override_overlapping_content_is_said_of_the_option_not_of_site_toml(site, capsys):
    """`newsgen build --output content/out` answered "site.toml: output_dir:
    … overlaps the content folder", sending the user to a file that has no
    output_dir: the folder came from the command line."""
    s = site({A: story("Troops arrive")})
    with pytest.raises(ConfigError) as caught:
        load_config(s.root, output_dir=s.root / "content" / "out")
    [problem] = caught.value.diagnostics
    assert problem.path == "--output" and problem.line is None and "overlaps the content folder" in problem.message
    assert "output_dir" not in problem.message and "site.toml" not in str(problem)


def test_an_output_folder_reached_through_a_symlink_into_content_is_refused(site):
    s = site({A: story("Troops arrive")})
    os.symlink(s.root / "content" / "world", s.root.parent / "sneaky-output")
    before = tree_state(s.root.parent)
    result = outcome(s, output_dir=s.root.parent / "sneaky-output")
    assert isinstance(result, ConfigError), "an output folder inside content/ (through a symlink) was accepted"
    assert tree_state(s.root.parent) == before


def test_a_content_folder_that_is_a_symlink_to_the_output_is_refused(site):
    s = site({})
    (s.root / "content").rmdir()
    s.output.mkdir()
    os.symlink(s.output, s.root / "content")
    (s.output / "world").mkdir()
    (s.output / "world/a.md").write_text(story("Troops arrive"), encoding="utf-8")
    result = outcome(s)
    assert isinstance(result, ConfigError), "content/ inside the output folder (through a symlink) was accepted"


def test_an_ordinary_build_writes_only_inside_its_output_folder(site):
    s = site({
        A: story("Troops arrive", tags="[Ukraine]", image="map.png", image_alt="A map"),
        "content/world/map.png": b"\x89PNG",
        "content/pages/about.md": "---\ntitle: About\n---\nUs.\n",
    })
    builds(s)
    result = guarded(s)  # a second build over the first: swap, staging, cleanup
    assert isinstance(result, BuildResult)
    s.write(A, story("Troops arrive again", tags="[Ukraine]", image="map.png", image_alt="A map"))
    result = guarded(s)
    assert isinstance(result, BuildResult)
    assert [p.name for p in s.root.parent.iterdir() if p.name.startswith(f".{s.output.name}")] == [standby_path(s.output).name]


# ---- the preview server ------------------------------------------------------

@pytest.fixture
def preview(tmp_path):
    folder = tmp_path / "served"
    (folder / "a").mkdir(parents=True)
    (folder / "index.html").write_text("<p>home</p>")
    (folder / "a/index.html").write_text("<p>a</p>")
    (tmp_path / "x").write_text(SECRET)
    (tmp_path / "served-x").write_text(SECRET)
    servers = []

    def make(base_path: str = "/") -> PreviewServer:
        server = PreviewServer(folder, "127.0.0.1", 0, base_path=base_path)
        servers.append(server)
        return server

    yield make, folder
    for server in servers:
        server.server_close()


TRAVERSALS = [
    "/../x", "/%2e%2e/x", "/%2E%2E/x", "/.%2e/x", "/a/../../x", "/a/%2f..%2f..%2fx", "/a/%2F..%2F..%2Fx", "/%2f..%2fx",
    "/a/..%2f..%2fx", "/..%5cx", "/%5c..%5cx", "/a\\..\\..\\x", "\\..\\x", "/%00", "/index.html%00", "/a/%00/../../x",
    "/\x00", "/a/index.html\x00.txt", "/..", "/a/..", "/%2e%2e", "//x", "/a/../../served-x", "/../served-x",
    "/%252e%252e/x", "/a/%c0%ae%c0%ae/x", "/\u2025/x",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_preview_resolve_refuses_paths_out_of_the_folder(preview, path):
    make, folder = preview
    server = make()
    found = server.resolve(path)
    assert found is None or (folder.resolve() in found.parents and found.is_file()), f"{path!r} → {found}"
    if found is not None:
        assert SECRET not in found.read_text(errors="replace")
    if any(bad in unquote(path) for bad in ("..", "\x00", "\\")):
        assert found is None, f"{path!r} resolved to {found}"


@pytest.mark.parametrize("path", ["/news/../x", "/news/%2e%2e/x", "/news/a/%2f..%2f..%2fx", "/news/%00", "/news/..\\x", "/x", "/newsx", "/news/../served-x"])
def test_preview_resolve_under_a_base_path(preview, path):
    make, _ = preview
    assert make("/news/").resolve(path) is None


def test_preview_resolve_still_serves_the_folder(preview):
    make, folder = preview
    server = make()
    assert server.resolve("/") == (folder / "index.html").resolve()
    assert server.resolve("/a/") == (folder / "a/index.html").resolve()
    assert server.resolve("/a/index.html") == (folder / "a/index.html").resolve()


def test_preview_resolve_refuses_a_symlink_out_of_the_folder(preview, tmp_path):
    make, folder = preview
    os.symlink(tmp_path / "x", folder / "link-out")
    os.symlink(tmp_path, folder / "dir-out")
    server = make()
    assert server.resolve("/link-out") is None
    assert server.resolve("/dir-out/x") is None


@pytest.mark.parametrize("url", ["/feed.xml/", "/world/index.html/", "/world/2022/12/09/a/index.html/x/"])
def test_a_page_under_another_file_is_an_error_naming_it(site, url):
    """A page's `url: /feed.xml/` put its file under the feed's: the build
    failed with "could not write the output: Not a directory", naming no
    story (or, the other way round, "Is a directory")."""
    s = site({A: story("Troops arrive"), "content/pages/odd.md": f"---\ntitle: Odd\nurl: {url}\n---\nText.\n"})
    failure = s.build_fails()
    assert [d.path for d in failure.diagnostics] == ["content/pages/odd.md"]
    assert "would be written under" in failure.diagnostics[0].message and "one would replace the other" in failure.diagnostics[0].message
