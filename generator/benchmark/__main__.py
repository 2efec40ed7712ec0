"""`make bench [N=10000] [RUNS=3]`: newsgen against Pelican on one generated archive.

Every figure is a whole process (interpreter start included), the median of
RUNS runs, each started after a sync (hyperfine's --prepare 'sync'); peak
memory is the largest resident size of the build process or any of its
worker processes. Pelican is installed into the benchmark's own
virtualenv. Results print as a table and are written as JSON.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..cache import TIMESTAMP_SLACK_NS
from .corpus import generate, write_newsgen_site, write_pelican_site
from .photos import add_photos, draw_photo

NOW = "2026-01-01T00:00:00Z"
PELICAN_CONF = """\
PATH = "content"
SITENAME = "The Benchmark Bugle"
SITEURL = ""
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = "simple"
DEFAULT_PAGINATION = 20
ARTICLE_SAVE_AS = "{category}/{date:%Y}/{date:%m}/{date:%d}/{slug}/index.html"
ARTICLE_URL = "{category}/{date:%Y}/{date:%m}/{date:%d}/{slug}/"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
"""


# Starts the measured process, and says how long it ran and its peak. Run
# as a process of its own because a child's peak resident size (ru_maxrss)
# counts the memory of the process that started it, as it was when the
# child replaced it with its program: started from this one, which holds
# the generated archive (800 MiB at 100,000 stories), every build measured
# "800 MiB" or more, whatever it used. This launcher holds a few MiB.
_LAUNCHER = """\
import os, subprocess, sys, time
started = time.perf_counter()
process = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(process.pid, 0)
seconds = time.perf_counter() - started
with open(sys.argv[1], "w") as report:
    report.write(f"{seconds} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def run(command: list[str], cwd: Path) -> tuple[float, int, int | None]:
    """Seconds and peak resident KiB of one whole process and its children,
    and the pages newsgen's summary line says it rendered."""
    with tempfile.TemporaryFile() as said, tempfile.TemporaryFile() as errors, \
            tempfile.NamedTemporaryFile("r", suffix=".txt") as report:
        subprocess.run([sys.executable, "-c", _LAUNCHER, report.name, *command], cwd=cwd, stdout=said, stderr=errors, check=False)
        figures = report.read().split()  # none when the launcher itself failed (no such program)
        seconds, peak, status = figures or (0, 0, 1)
        said.seek(0)
        errors.seek(0)
        if int(status) != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{errors.read().decode(errors='replace')[-2000:]}")
        rendered = re.search(rb"\((\d+) rendered\)", said.read())
    return float(seconds), int(peak), int(rendered.group(1)) if rendered else None


def median_of(runs: int, before, command: list[str], cwd: Path) -> dict:
    times, peaks, rendered = [], [], []
    for i in range(runs):
        before(i)
        # Each run starts from a quiet disk: without this a cold build also
        # paid for writing back the last run's 700 MB and deleting them.
        os.sync()
        seconds, peak, pages = run(command, cwd)
        times.append(seconds)
        peaks.append(peak)
        rendered.append(pages)
    figure = {"seconds": statistics.median(times), "runs": times, "peak_mib": max(peaks) / 1024}
    if None not in rendered:
        figure["rendered"] = max(rendered)
    return figure


def use_this_checkout() -> None:
    """The measured processes import newsgen from this checkout, as this one does."""
    env_path = os.environ.get("PYTHONPATH", "")
    os.environ["PYTHONPATH"] = str(Path(__file__).resolve().parents[2]) + (os.pathsep + env_path if env_path else "")


def in_turns(runs: int, cold_build) -> tuple[dict, dict]:
    """Two kinds of cold build, `cold_build(False)` and `cold_build(True)`
    (each one figure of median_of), taken in turns so that a slow spell of a
    shared machine weighs on both: the median and peak of each kind."""
    turns: dict[bool, list[dict]] = {False: [], True: []}
    for _ in range(runs):
        for kind in (False, True):
            turns[kind].append(cold_build(kind))
    return tuple({"seconds": statistics.median(r["seconds"] for r in taken), "runs": [r["seconds"] for r in taken],
                  "peak_mib": max(r["peak_mib"] for r in taken)} for taken in (turns[False], turns[True]))


class Trash:
    """Where old output goes during a benchmark, deleted at its end.

    When ext4 allocates an inode it passes over those freed in the last
    minute, or six while their inode table block is unwritten
    (recently_deleted() in the kernel). A cold build started
    just after deleting the last run's 40,000 files and folders spent up to
    11 s more of kernel time creating its own (7 s of system time, then 14,
    then 18, run after run). That cost is the benchmark's doing, not the
    build's, so nothing is deleted before a timed run: it is moved here."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._count = 0

    def take(self, path: Path) -> None:
        if path.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            self._count += 1
            path.rename(self.folder / f"{os.getpid()}-{self._count}-{path.name}")

    def empty(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def middle_story(site: Path) -> Path:
    stories = sorted((site / "content").rglob("*.md"))
    return stories[len(stories) // 2]


def editor(story: Path):
    """Appends a line to the story, a different one each run."""

    def edit(i: int) -> None:
        with story.open("a", encoding="utf-8") as out:
            out.write(f"\nAn editor's addition, number {i}.\n")

    return edit


def front_matter_editor(story: Path, key: str, value):
    """Sets one front matter line of the story, `value(i)` on run i."""

    def edit(i: int) -> None:
        text = story.read_text(encoding="utf-8")
        text = re.sub(rf"(?m)^{key}: .*$", lambda _: f"{key}: {value(i)}", text, count=1)
        story.write_text(text, encoding="utf-8")

    return edit


# A newsroom's everyday operations, each timed after the last (the cache as it left it).
OPERATIONS = (("no_change", "no-change rebuild"), ("edit_one", "body edit of one story"), ("headline_edit", "headline edit"),
              ("tag_edit", "tag edit"), ("add_one", "one story added"), ("delete_one", "that story deleted"),
              ("template_edit", "template edit"))


def settle() -> None:
    """A file written within TIMESTAMP_SLACK_NS before a build is not trusted
    by its stat at the next one: the no-change figure would pay for the write."""
    time.sleep(TIMESTAMP_SLACK_NS / 1e9)


def newsgen_figures(site: Path, runs: int, trash: Trash) -> dict:
    build = [sys.executable, "-m", "generator", "build", "--now", NOW]
    story = middle_story(site)
    original = story.read_bytes()
    title = re.search(r"(?m)^title: (.*)$", original.decode("utf-8")).group(1)
    layouts = site / "layouts" / "partials"
    added = site / "content" / "world" / "bench-added.md"

    def clean(_):
        trash.take(site / "output")
        trash.take(site / ".newsgen-cache")

    def add(i):
        """The newest story, as a newsroom publishes one; deleted again by delete()."""
        added.write_text(f"---\ntitle: Added story {i}\ndate: 2025-12-31T12:00:00Z\nauthors: [Bench Writer]\ntags: [Bench]\n---\nA new story.\n",
                         encoding="utf-8")

    def delete(i):
        add(i)
        median_of(1, lambda _: None, build, site)  # published first, untimed
        added.unlink()

    def template(i):
        layouts.mkdir(parents=True, exist_ok=True)
        (layouts / "footer.html").write_text(f"<footer><p>Footer version {i}</p></footer>\n", encoding="utf-8")

    many = max(runs, 5)
    figures = {}

    def measure(key: str, times: int, before) -> None:
        """One figure, said as soon as it is taken: a long run that is stopped still told what it found."""
        figures[key] = median_of(times, before, build, site)
        print(f"  {key}: {figures[key]['seconds']:.2f} s, {figures[key]['peak_mib']:.0f} MiB", file=sys.stderr, flush=True)

    settle()  # after the archive was written
    measure("cold", runs, clean)
    pages = sum(1 for _ in (site / "output").rglob("*.html"))
    try:
        measure("no_change", many, lambda _: None)
        measure("edit_one", many, editor(story))
        measure("headline_edit", many, front_matter_editor(story, "title", lambda i: f"{title}, update {i}"))
        measure("tag_edit", many, front_matter_editor(story, "tags", lambda i: f"[Bench tag {i % 2}, Grid minister]"))
        measure("add_one", many, add)
        measure("delete_one", many, delete)
        measure("template_edit", runs, template)
    finally:  # leave the archive as generated
        story.write_bytes(original)
        added.unlink(missing_ok=True)
        shutil.rmtree(site / "layouts", ignore_errors=True)
    figures["pages"] = pages
    figures["pages_per_second_cold"] = pages / figures["cold"]["seconds"]
    return figures


def image_figures(site: Path, plain: Path, runs: int, trash: Trash) -> dict:
    """The image case: cold (every photo processed, on all cores and on
    one), warm, a story edit, one photo replaced; and the same edit on the
    same stories without photos, which the warm figures should match."""
    build = [sys.executable, "-m", "generator", "build", "--now", NOW]
    story = middle_story(site)
    photo = story.with_suffix(".jpg")

    def clean(_):
        trash.take(site / "output")
        trash.take(site / ".newsgen-cache")

    def replace_photo(i):
        draw_photo(1_000_000 + i).save(photo, "JPEG", quality=88)

    one_core = ["taskset", "-c", "0"] if shutil.which("taskset") else None
    figures = {"cold": median_of(runs, clean, build, site)}
    if one_core:
        figures["cold_one_core"] = median_of(1, clean, one_core + build, site)
        median_of(1, lambda _: None, build, site)  # the cache as the cold build on all cores left it
    figures["no_change"] = median_of(max(runs, 5), lambda _: None, build, site)
    figures["edit_one"] = median_of(max(runs, 5), editor(story), build, site)
    original = photo.read_bytes()
    try:
        figures["replace_one_image"] = median_of(max(runs, 5), replace_photo, build, site)
    finally:
        photo.write_bytes(original)  # the archive as generated, for the next run
    median_of(1, lambda _: None, build, plain)  # its cold build, not measured
    figures["edit_one_without_images"] = median_of(max(runs, 5), editor(middle_story(plain)), build, plain)
    return figures


def pelican_figures(site: Path, runs: int, venv: Path, trash: Trash) -> dict:
    if not (venv / "bin" / "pelican").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "pelican", "markdown"], check=True)
    (site / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
    build = [str(venv / "bin" / "pelican"), "content", "-o", "output", "-s", "pelicanconf.py"]
    edit = editor(middle_story(site))

    def clean(_):
        trash.take(site / "output")
        trash.take(site / "cache")

    figures = {"cold": median_of(runs, clean, build, site)}
    figures["edit_one"] = median_of(runs, edit, build, site)
    return figures


def compile_package() -> None:
    """newsgen as installed, with its bytecode written (pip compiles Pelican's
    on install), so that no measured process compiles it afresh: as each
    would under PYTHONDONTWRITEBYTECODE or from a read-only checkout."""
    import compileall  # noqa: PLC0415

    compileall.compile_dir(Path(__file__).resolve().parents[1], quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.benchmark", description=__doc__)
    parser.add_argument("-n", type=int, default=10_000, help="stories in the archive (default 10,000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure; the median is reported")
    parser.add_argument("--work", type=Path, default=Path(".newsgen-cache/bench"), help="where the archives are built")
    parser.add_argument("--no-pelican", action="store_true", help="measure newsgen only")
    parser.add_argument("--images", type=int, default=0, metavar="N",
                        help="also measure the image case: N stories, each with a 4000×3000 JPEG (make bench: 1,000)")
    parser.add_argument("--search", action="store_true",
                        help="measure the search index instead: cold builds with and without it, no-change and one-edit rebuilds, its size")
    parser.add_argument("--serve", action="store_true", help="measure the live preview instead: save → page rewritten → reload event, median of 20 edits")
    parser.add_argument("--cluster", action="store_true",
                        help="measure rendering on a dask LocalCluster instead: cold builds on it (one worker process per core) "
                             "and on the process pool, in turns, and whether their outputs are identical")
    args = parser.parse_args(argv)

    work = args.work.resolve()
    ours, theirs = work / f"newsgen-{args.n}", work / f"pelican-{args.n}"
    compile_package()
    if args.serve:
        return _serve(ours, args.n, work)
    print(f"generating {args.n} stories…", flush=True)
    stories = generate(args.n)
    if args.search or args.cluster:
        write_newsgen_site(stories, ours)
        del stories
        return (_search_case if args.search else _cluster_case)(ours, args.n, work, args.runs)
    trash = Trash(work / "trash")
    for folder in (ours, theirs):
        trash.take(folder)
    write_newsgen_site(stories, ours)
    write_pelican_site(stories, theirs)
    del stories

    use_this_checkout()
    try:
        results = {"stories": args.n, "cores": os.cpu_count(), "runs": args.runs, "newsgen": newsgen_figures(ours, args.runs, trash)}
        if args.images:
            results["images"] = _image_case(work, args.images, args.runs, trash)
        if not args.no_pelican:
            print("building the same archive with Pelican…", flush=True)
            results["pelican"] = pelican_figures(theirs, args.runs, work / "pelican-venv", trash)
    finally:
        trash.empty()

    n = results["newsgen"]
    rows = [("cold build (no cache)", n["cold"])] + [(label, n[key]) for key, label in OPERATIONS]
    print(f"\nnewsgen, {args.n:,} stories, {n['pages']:,} HTML pages, {os.cpu_count()} cores, median of {args.runs}+ runs, whole process")
    print(f"{'':34} {'seconds':>9} {'peak MiB':>9} {'rendered':>9}")
    for label, figure in rows:
        print(f"{label:34} {figure['seconds']:9.2f} {figure['peak_mib']:9.0f} {figure.get('rendered', ''):>9}")
    print(f"{'pages per second (cold)':34} {n['pages_per_second_cold']:9.0f}")
    if "pelican" in results:
        p = results["pelican"]
        print(f"\nPelican {'cold build':25} {p['cold']['seconds']:9.2f} {p['cold']['peak_mib']:9.0f}")
        print(f"Pelican {'edit one story (cached)':25} {p['edit_one']['seconds']:9.2f} {p['edit_one']['peak_mib']:9.0f}")
        results["ratios"] = {
            "cold": n["cold"]["seconds"] / p["cold"]["seconds"],
            "edit_one": n["edit_one"]["seconds"] / p["edit_one"]["seconds"],
        }
        print(f"\nnewsgen / Pelican: cold {results['ratios']['cold']:.2f}×, one-story edit {results['ratios']['edit_one']:.3f}×")
    if "images" in results:
        _print_image_case(results["images"], args.images)
    out = work / f"results-{args.n}.json"
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"\nresults: {out}")
    return 0


def _image_case(work: Path, n: int, runs: int, trash: Trash) -> dict:
    photos, plain = work / f"newsgen-photos-{n}", work / f"newsgen-plain-{n}"
    stories = generate(n)
    for folder in (photos, plain):
        for generated in (folder / "output", folder / ".newsgen-cache"):
            trash.take(generated)
        write_newsgen_site(stories, folder)  # the stories as generated again; photos already drawn are kept
    print(f"drawing {n} photos of 4000×3000 (once; kept for later runs)…", flush=True)
    add_photos(stories, photos)
    return image_figures(photos, plain, runs, trash)


def _print_image_case(figures: dict, n: int) -> None:
    print(f"\nimages: {n:,} stories, each with a 4000×3000 JPEG lead photo, whole process")
    print(f"{'':38} {'seconds':>9} {'peak MiB':>9}")
    labels = [("cold", "cold build (every photo made)"), ("cold_one_core", "cold build on one core"),
              ("no_change", "no-change rebuild"), ("edit_one", "rebuild after editing one story"),
              ("replace_one_image", "rebuild after replacing one photo"),
              ("edit_one_without_images", "the same edit, stories without photos")]
    for key, label in labels:
        if key in figures:
            print(f"{label:38} {figures[key]['seconds']:9.2f} {figures[key]['peak_mib']:9.0f}")


def _serve(site: Path, n: int, work: Path) -> int:
    from .preview import measure

    if not (site / "site.toml").exists():
        print(f"generating {n} stories…", flush=True)
        write_newsgen_site(generate(n), site)
    print("starting the preview (its first build is a full one)…", flush=True)
    figures = measure(site)
    print(f"\nlive preview, {n:,} stories, {figures['edits']} edits, median")
    print(f"  first build when the preview starts   {figures['initial_build_seconds']:7.2f} s")
    print(f"  save → the story's page rewritten      {figures['page_rewritten_median']:7.3f} s")
    print(f"  save → reload event sent to the tab    {figures['reload_event_median']:7.3f} s")
    out = work / f"results-serve-{n}.json"
    out.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(f"\nresults: {out}")
    return 0


def _search_case(site: Path, n: int, work: Path, runs: int) -> int:
    """The search stage's cost (search.py): a cold build with the index and
    one without (search = false), taken in turns so that a slow spell of a
    shared machine weighs on both; a no-change and a one-story rebuild with
    it; the index's size on disk and what a reader's first search fetches."""
    trash = Trash(work / "trash")
    build = [sys.executable, "-m", "generator", "build", "--now", NOW]
    config = site / "site.toml"
    plain = config.read_text(encoding="utf-8")
    edit = editor(middle_story(site))

    def clean(_):
        trash.take(site / "output")
        trash.take(site / ".newsgen-cache")

    use_this_checkout()
    def cold_build(search_on: bool) -> dict:
        config.write_text(plain if search_on else "search = false\n" + plain, encoding="utf-8")
        settle()
        return median_of(1, clean, build, site)

    try:
        without, cold = in_turns(runs, cold_build)
        no_change = median_of(runs, lambda _: None, build, site)
        edit_one = median_of(runs, edit, build, site)
    finally:
        trash.empty()
    bundle = site / "output" / "pagefind"
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    first = first_search_bytes(bundle)
    results = {"stories": n, "without_search": without, "cold": cold, "no_change": no_change, "edit_one": edit_one,
               "index_bytes": size, "index_files": sum(1 for p in bundle.rglob("*") if p.is_file()), "first_search_bytes": first}
    print(f"\nsearch index, {n:,} stories, {os.cpu_count()} cores, whole process")
    print(f"{'':34} {'seconds':>9} {'peak MiB':>9}")
    for label, figure in (("cold build, search = false", without), ("cold build with the index", cold),
                          ("no-change rebuild", no_change), ("rebuild after editing one story", edit_one)):
        print(f"{label:34} {figure['seconds']:9.2f} {figure['peak_mib']:9.0f}")
    print(f"index adds {cold['seconds'] / without['seconds'] - 1:+.0%} to a cold build")
    print(f"index on disk: {size / 2**20:.1f} MiB in {results['index_files']:,} files; a first search fetches {first / 2**10:.0f} KiB")
    out = work / f"results-search-{n}.json"
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"results: {out}")
    return 0


def _cluster_case(site: Path, n: int, work: Path, runs: int) -> int:
    """The cold build rendered on a dask LocalCluster of one worker process
    per core (cluster.py: the site shipped to the workers, pages sent back)
    against the same build on the process pool, taken in turns; and whether
    the two outputs are byte for byte the same."""
    trash = Trash(work / "trash")
    build = [sys.executable, "-m", "generator", "build", "--now", NOW, "--no-cache"]
    kept = {False: work / f"pool-{n}", True: work / f"cluster-{n}"}

    def clean(_):
        trash.take(site / "output")

    use_this_checkout()
    def cold_build(on_cluster: bool) -> dict:
        figure = median_of(1, clean, build + (["--executor", "dask-local"] if on_cluster else []), site)
        trash.take(kept[on_cluster])
        (site / "output").rename(kept[on_cluster])
        return figure

    try:
        pool, cluster = in_turns(runs, cold_build)
        identical = _tree_digest(kept[False]) == _tree_digest(kept[True])
    finally:
        trash.empty()
    results = {"stories": n, "cores": os.cpu_count(), "process_pool": pool, "cluster": cluster, "identical": identical}
    print(f"\nrendering on a dask LocalCluster, {n:,} stories, {os.cpu_count()} cores (one worker process each), whole process")
    print(f"{'':34} {'seconds':>9} {'peak MiB':>9}")
    for label, figure in (("cold build, process pool", pool), ("cold build, dask LocalCluster", cluster)):
        print(f"{label:34} {figure['seconds']:9.2f} {figure['peak_mib']:9.0f}")
    print(f"the cluster takes {cluster['seconds'] / pool['seconds']:.2f}× the pool's time; outputs {'identical' if identical else 'DIFFER'}")
    out = work / f"results-cluster-{n}.json"
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"results: {out}")
    return 0 if identical else 1


def _tree_digest(folder: Path) -> str:
    import hashlib  # noqa: PLC0415

    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(f"{path.relative_to(folder).as_posix()}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def first_search_bytes(bundle: Path) -> int:
    """What the search page fetches for a first one-word search with ten
    results shown: the list of shards and of the filters' values (that one
    compressed as a host would serve it); the first shard's script, worker and
    WebAssembly; every shard's entry, metadata and one index chunk; ten
    fragments (Pagefind's files are compressed already, so their sizes are
    what travels)."""
    size = lambda paths: sum(p.stat().st_size for p in paths)  # noqa: E731
    listed = bundle / "index.json"
    shards = [bundle / shard["name"] for shard in json.loads(listed.read_text(encoding="utf-8"))[""]]
    total = listed.stat().st_size + len(gzip.compress((bundle / "filters.json").read_bytes()))
    for number, shard in enumerate(shards):
        meta = next(shard.glob("pagefind.*.pf_meta"))
        language = meta.name.split(".")[1].split("_")[0]
        fixed = [shard / "pagefind-entry.json", meta]
        if number == 0:
            fixed += [shard / "pagefind.js", shard / "pagefind-worker.js", shard / f"wasm.{language}.pagefind"]
            total += size(sorted((shard / "fragment").glob(f"{language}_*"))[:10])
        chunks = sorted((shard / "index").glob(f"{language}_*"), key=lambda p: p.stat().st_size)
        total += size(p for p in fixed if p.is_file()) + size(chunks[len(chunks) // 2 :][:1])
    return total


if __name__ == "__main__":
    raise SystemExit(main())
