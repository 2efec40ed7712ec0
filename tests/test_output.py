"""Writing output/: all or nothing, only what changed, deterministic."""

from __future__ import annotations

import os
import shutil

import pytest

from generator.build import SiteBuilder, build_site
from generator.content.model import BuildMode
from generator.write import InPlaceWriter, UnsafeOutputPath, standby_path

from .conftest import NOW, output_contents, output_files, standby_is_twin, story

FILES = {
    "content/world/a.md": story(title="Story A", date="2022-12-09T10:00:00", summary="Dek A.", tags="[Ukraine]", body="Body A.\n"),
    "content/world/b.md": story(title="Story B", date="2022-12-08T10:00:00", summary="Dek B.", body="Body B.\n"),
    "content/business/c.md": story(title="Story C", date="2022-12-07T10:00:00", summary="Dek C.", body="Body C.\n"),
    "content/world/map.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n",
}
A_PAGE = "world/2022/12/09/a/index.html"
B_PAGE = "world/2022/12/08/b/index.html"


def mtimes_and_inodes(snapshot):
    return {rel: (mtime, inode) for rel, (_, mtime, inode) in snapshot.items()}


def contents(snapshot):
    return {rel: data for rel, (data, _, _) in snapshot.items()}


def leftovers(s):
    """Anything a build left beside output/ but its standby copy."""
    return sorted(p.name for p in s.output.parent.iterdir() if p.name.startswith("." + s.output.name) and p != standby_path(s.output))


# ---- all or nothing -------------------------------------------------------------

def test_failing_build_leaves_previous_output_byte_for_byte(site):
    s = site(FILES)
    s.build()
    before = s.snapshot()
    assert A_PAGE in before
    s.write("content/world/b.md", story(date="yesterday"))  # parse error
    s.build_fails()
    assert s.snapshot() == before
    assert leftovers(s) == []


def test_build_failing_while_rendering_leaves_previous_output(site):
    s = site(FILES)
    s.build()
    before = s.snapshot()
    # Parses fine; fails only once bodies are rendered, after other pages were.
    s.write("content/world/b.md", story(title="Story B", date="2022-12-08T10:00:00", summary="Dek B.", body="[x](../../../etc/passwd.md)\n"))
    s.write("content/world/d.md", story(title="Story D", date="2022-12-10T10:00:00"))
    s.build_fails()
    assert s.snapshot() == before
    assert leftovers(s) == []


def test_failing_first_build_creates_no_output(site):
    s = site({"content/world/a.md": story(date="yesterday")})
    s.build_fails()
    assert not s.output.exists()
    assert leftovers(s) == []


# ---- only changes ---------------------------------------------------------------------

def test_second_identical_build_writes_nothing(site):
    s = site(FILES)
    first = s.build()
    assert first.write.wrote_anything
    before = s.snapshot()
    second = s.build()
    assert second.write.wrote_anything is False
    assert second.write.changed == () and second.write.removed == ()
    assert second.write.unchanged == len(before)
    after = s.snapshot()
    assert mtimes_and_inodes(after) == mtimes_and_inodes(before)
    assert contents(after) == contents(before)
    assert leftovers(s) == []


def test_second_build_keeps_the_output_folder_itself(site):
    s = site(FILES)
    s.build()
    folder = os.stat(s.output)
    s.build()
    again = os.stat(s.output)
    assert (again.st_ino, again.st_mtime_ns) == (folder.st_ino, folder.st_mtime_ns)


def test_editing_one_body_rewrites_only_its_page(site):
    s = site(FILES)
    s.build()
    before = s.snapshot()
    s.write("content/world/a.md", FILES["content/world/a.md"].replace("Body A.", "Body A, corrected."))
    result = s.build()
    # The search index is made anew (test_search.py), its files named by their content: apart from it,
    after = s.snapshot()
    before, after = without_index(before), without_index(after)
    assert without_index(result.write.removed) == ()
    assert set(after) == set(before)
    assert b"Body A, corrected." in after[A_PAGE][0]
    # The story's own page changes; of the HTML pages, only it (its summary is
    # its own, so no list shows the body). Feeds carrying the body may change too.
    changed_html = [rel for rel in result.write.changed if rel.endswith(".html")]
    assert changed_html == [A_PAGE]
    for rel in without_index(result.write.changed):
        assert after[rel][0] != before[rel][0], f"{rel} rewritten with the same bytes"
        assert b"Body A, corrected." in after[rel][0], f"{rel} changed but does not show the edit"
    for rel in set(before) - set(result.write.changed):
        assert after[rel] == before[rel], f"{rel} changed (bytes, mtime or inode) but was not reported"


def without_index(files):
    """The output's files but the search index's."""
    if isinstance(files, dict):
        return {rel: value for rel, value in files.items() if not rel.startswith("pagefind/")}
    return tuple(rel for rel in files if not rel.startswith("pagefind/"))


def test_editing_a_title_rewrites_the_pages_that_show_it(site):
    s = site(FILES)
    s.build()
    before = s.snapshot()
    s.write("content/world/b.md", FILES["content/world/b.md"].replace("Story B", "Story Bee"))
    result = s.build()
    after = s.snapshot()
    showing = {rel for rel, (data, _, _) in after.items() if b"Story Bee" in data and not rel.startswith("pagefind/")}
    assert set(without_index(result.write.changed)) == showing
    assert {B_PAGE, "index.html", "world/index.html", "latest/index.html", "archive/2022/12/index.html"} <= showing
    # Pages that never showed story B are untouched, down to the inode.
    untouched = {rel for rel, (data, _, _) in without_index(before).items() if b"Story B<" not in data and b"Story B " not in data}
    assert "business/2022/12/07/c/index.html" in untouched
    for rel in untouched:
        assert after[rel] == before[rel], f"{rel} changed"


def test_editing_a_copied_file_rewrites_only_it(site):
    s = site(FILES)
    s.build()
    before = s.snapshot()
    s.write("content/world/map.svg", "<svg xmlns='http://www.w3.org/2000/svg'><g/></svg>\n")
    result = s.build()
    assert result.write.changed == ("world/map.svg",)
    after = s.snapshot()
    assert after["world/map.svg"][0] == b"<svg xmlns='http://www.w3.org/2000/svg'><g/></svg>\n"
    assert {k: v for k, v in after.items() if k != "world/map.svg"} == {k: v for k, v in before.items() if k != "world/map.svg"}


def test_deleting_a_story_removes_its_page(site):
    s = site(FILES)
    s.build()
    s.remove("content/business/c.md")
    result = s.build()
    assert "business/2022/12/07/c/index.html" in result.write.removed
    assert not s.exists("business/2022/12/07/c/index.html")
    assert not (s.output / "business/2022/12/07/c").exists()
    assert not s.exists("business/index.html")  # no story left in the section
    assert all("Story C" not in s.read(f) for f in s.html_files())


def test_unknown_files_in_output_are_removed(site):
    s = site(FILES)
    s.build()
    (s.output / "stale.html").write_text("old")
    result = s.build()
    assert result.write.removed == ("stale.html",)
    assert not s.exists("stale.html")


def test_a_file_becoming_a_folder_and_back_is_committed_whole(site, tmp_path):
    """The standby holds the old tree: a copied file whose name becomes a
    folder (and back) replaces what stands in its way there, and each build
    equals one from nothing."""
    s = site(FILES)
    for number, step in enumerate(("file", "folder", "file")):
        if step == "file":
            shutil.rmtree(s.root / "static" / "media", ignore_errors=True)
            s.write("static/media", "a file\n")
        else:
            s.remove("static/media")
            s.write("static/media/app.css", "body { margin: 0 }\n")
        SiteBuilder(s.config(), cache_dir=s.root / ".newsgen-cache").build(BuildMode(now=NOW))
        cold = tmp_path / step
        shutil.rmtree(cold, ignore_errors=True)
        build_site(s.config(output_dir=cold), BuildMode(now=NOW))
        assert output_contents(s.output) == output_contents(cold), step
        assert (s.output / "static" / "media").is_dir() == (step == "folder")
        assert standby_is_twin(s.output) == (number > 0), step  # the first build makes no standby


# ---- deterministic ------------------------------------------------------------------

def test_two_builds_into_two_folders_are_byte_identical(site, tmp_path):
    s = site(FILES)
    one, two = tmp_path / "one", tmp_path / "two"
    s.build(output_dir=one)
    s.build(output_dir=two)
    files = output_files(one)
    assert files == output_files(two)
    assert len(files) > 10
    for rel in files:
        assert (one / rel).read_bytes() == (two / rel).read_bytes(), rel


def test_output_does_not_depend_on_file_creation_order(site, tmp_path):
    first = site(FILES)
    second = site(dict(reversed(list(FILES.items()))))
    first.build(output_dir=tmp_path / "one")
    second.build(output_dir=tmp_path / "two")
    files = output_files(tmp_path / "one")
    assert files == output_files(tmp_path / "two")
    for rel in files:
        assert (tmp_path / "one" / rel).read_bytes() == (tmp_path / "two" / rel).read_bytes(), rel


def test_build_result_counts(site):
    s = site(FILES)
    result = s.build()
    assert result.articles == 3
    assert result.files == len(s.files())
    assert sorted(result.write.changed) == s.files()


def test_each_output_records_the_sources_and_templates_it_came_from(site):
    """What the dev server and the cache rely on: a page knows its inputs."""
    s = site(FILES)
    deps = s.build().dependencies
    sources, templates = deps[A_PAGE]
    assert "world/a.md" in sources and "world/b.md" in sources  # itself, and its older neighbour
    assert {"article.html", "base.html", "partials/footer.html"} <= templates
    listing_sources, listing_templates = deps["world/index.html"]
    assert {"world/a.md", "world/b.md"} <= listing_sources and "business/c.md" not in listing_sources
    assert "list.html" in listing_templates
    assert deps["world/map.svg"] == (frozenset({"world/map.svg"}), frozenset())


def test_a_writer_refuses_a_file_kept_twice_whether_kept_one_by_one_or_all_at_once(tmp_path):
    twice_at_once = InPlaceWriter(tmp_path / "out", set())
    with pytest.raises(UnsafeOutputPath, match="produced twice"):
        twice_at_once.keep_all(["a.html", "b.html", "a.html"])
    kept_before = InPlaceWriter(tmp_path / "out", set())
    kept_before.keep("b.html")
    with pytest.raises(UnsafeOutputPath, match="produced twice"):
        kept_before.keep_all(["a.html", "b.html"])
    writer = InPlaceWriter(tmp_path / "out", {"a.html", "gone.html"})
    writer.keep_all(["a.html", "b.html"])
    report = writer._report()
    assert report.unchanged == 2 and report.removed == ("gone.html",)
