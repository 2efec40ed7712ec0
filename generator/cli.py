"""The command line: arguments in, exit status out. No business rules here."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

from . import __version__
from .build import SiteBuilder
from .cache import CACHE_DIR_NAME
from .config import LEDGER_FILE, load_config, other_generators_here
from .content.model import BuildMode
from .dates import DateError, parse_datetime
from .errors import BuildFailed, NewsgenError, Severity, summarised


def run() -> None:
    """The `newsgen` command. It ends without tearing the interpreter down:
    everything is written and flushed by then, and freeing a large build's
    million objects one by one took a tenth of a second at 10k stories
    (mypy ends the same way)."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            code = code or 1  # a closed pipe: the output was not all read
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except NewsgenError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; output/ left as it was", file=sys.stderr)
        return 130
    except OSError as exc:  # a folder that cannot be made, a file that cannot be read: the system's words, one line
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"newsgen {args.command}: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug of newsgen's: one line, and the traceback only when asked for
        if os.environ.get("NEWSGEN_TRACEBACK"):
            raise
        print(f"newsgen {args.command}: internal error ({type(exc).__name__}: {exc}); please report it, with the "
              "traceback NEWSGEN_TRACEBACK=1 shows", file=sys.stderr)
        return 70


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsgen", description="A static site generator for news publishers.")
    parser.add_argument("--version", action="version", version=f"newsgen {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", dest="command")

    build = commands.add_parser("build", help="build the site into output/", description="Build the site into its output folder. output/ changes only when the whole build succeeds.")
    _site_option(build)
    build.add_argument("--output", type=Path, help="output folder (default: output/ in the site, or output_dir in site.toml)")
    build.add_argument("--drafts", action="store_true", help="include stories marked draft: true")
    build.add_argument("--future", action="store_true", help="include stories dated after --now (scheduled)")
    build.add_argument("--now", metavar="ISO-DATETIME", help="the build's clock, e.g. 2024-05-31T18:00:00+02:00 (default: the current time); without an offset it is in the site's time zone")
    build.add_argument("--strict", action="store_true", help="treat warnings (missing alt text, long headlines, authors without a page) as errors")
    build.add_argument("--no-cache", action="store_true", help=f"ignore and do not write the build cache ({CACHE_DIR_NAME}/ in the site)")
    build.add_argument("--keep-going", action="store_true", help="publish every valid story, list each file left out with its error, and exit with status 1 if any was")
    build.add_argument("--profile", action="store_true", help="print where the time went: per stage, and per template (the slowest first)")
    build.add_argument("--executor", metavar="dask://HOST:PORT|dask-local",
                       help="render on a dask.distributed cluster: the scheduler at HOST:PORT, or a cluster of this machine's cores "
                            "(default: a process pool over this machine's cores); see the README")
    build.add_argument("--warnings", choices=("some", "all"), default="some",
                       help=f"some (default): the first {WARNINGS_PER_KIND} warnings of each kind and a count; all: every one (neither fails the build)")
    build.add_argument("-v", "--verbose", dest="warnings", action="store_const", const="all", help="the same as --warnings all")
    build.set_defaults(run=_run_build)

    serve = commands.add_parser("serve", help="preview the site, rebuilding and reloading on every change",
                                description="Build the site into .newsgen-cache/serve/, serve it over HTTP, watch content/, layouts/, static/, site.toml and urls.toml, rebuild what a change touched and reload open tabs.")
    _site_option(serve)
    serve.add_argument("--host", default="127.0.0.1", metavar="ADDRESS[,NAME…]",
                       help="address to listen on (default: 127.0.0.1, this machine only), then the names "
                            "other machines reach it by (its Host header; localhost always works)")
    serve.add_argument("--port", type=_port, help="port (default: 8000, or the next free one if it is taken; 0 picks any free one)")
    serve.add_argument("--drafts", action="store_true", help="include stories marked draft: true")
    serve.add_argument("--future", action="store_true", help="include stories dated in the future")
    serve.add_argument("--poll", action="store_true", help="poll for changes, for file systems without change events")
    serve.set_defaults(run=_run_serve)

    upcoming = commands.add_parser(
        "next", help="print when the site next changes by the clock alone",
        description="Print the next moment the output will change with no edit: a scheduled story is published, a story "
                    "leaves the news sitemap (48 hours on) or expires. Rebuild then (cron, CI): see the README.")
    _site_option(upcoming)
    upcoming.add_argument("--now", metavar="ISO-DATETIME", help="look from this moment (default: the current time)")
    upcoming.add_argument("--drafts", action="store_true", help="as a build with --drafts would see the site")
    upcoming.add_argument("--format", choices=("text", "iso", "unix", "json"), default="text",
                          help="text (default, with what changes), iso (ISO 8601), unix (seconds since 1970) or json; "
                               "iso and unix print nothing when no change is due")
    upcoming.set_defaults(run=_run_next)

    check = commands.add_parser(
        "check", help="check the built site's links to other sites (--external)",
        description="Links inside the site are checked by every build. With --external, ask every site the built "
                    "output links to whether the page is still there; never part of a build.")
    _site_option(check)
    check.add_argument("--output", type=Path, help="the built output folder (default: the site's)")
    check.add_argument("--external", action="store_true", help="check links to other sites over the network")
    check.add_argument("--max-age", type=float, default=24.0, metavar="HOURS",
                       help="ask again about a URL that answered well after this many hours (default: 24)")
    check.set_defaults(run=_run_check)

    new = commands.add_parser("new", help="create a new article and print its path", description="Create a dated Markdown file with front matter in content/SECTION/ and print its path. Never overwrites a file.")
    new.add_argument("headline", help="the article's headline")
    new.add_argument("--section", required=True, help="section slug, e.g. world (one site.toml or content/ has)")
    new.add_argument("--create-section", action="store_true", help="start the section if the site has none of that name (adds it to site.toml)")
    new.add_argument("--author", action="append", default=[], help="an author's name (repeat for several)")
    new.add_argument("--now", metavar="ISO-DATETIME", help="the article's date (default: now)")
    _site_option(new)
    new.set_defaults(run=_run_new)

    init = commands.add_parser("init", help="create a new site", description="Create a new site in DIRECTORY: site.toml, a sample story with its photo, an author, an about page "
                                                          "and a neutral logo. The default theme ships with newsgen: `newsgen theme copy` "
                                                          "starts an override of one of its templates.")
    init.add_argument("directory", type=Path, help="where to create the site (must be empty or missing)")
    init.set_defaults(run=_run_init)

    theme = commands.add_parser("theme", help="list the theme's templates, copy one to edit, or print what templates are given",
                                description="The default theme, for overriding it: a file in the site's layouts/ (or static/) "
                                            "replaces the theme's file of the same name.")
    actions = theme.add_subparsers(title="actions", metavar="ACTION", dest="action", required=True)
    actions.add_parser("list", help="every template and static file of the theme with its purpose").set_defaults(run=_run_theme_list)
    copying = actions.add_parser("copy", help="copy a theme file into the site to edit it (layouts/NAME, or static/NAME)")
    copying.add_argument("name", metavar="NAME", help="as `newsgen theme list` names it, e.g. partials/masthead.html or static/style.css")
    _site_option(copying)
    copying.set_defaults(run=_run_theme_copy)
    actions.add_parser("reference", help="every variable templates are given, as Markdown").set_defaults(run=_run_theme_reference)
    messages = actions.add_parser("messages", help="every phrase of the theme (and the site's layouts) as a gettext .pot, to translate")
    _site_option(messages)
    messages.set_defaults(run=_run_theme_messages)

    importer = commands.add_parser(
        "import", help="import a Jekyll, Hugo, Eleventy, Pelican or WordPress site, or plain-text stories",
        description="Bring stories into content/: a whole Jekyll, Hugo, Eleventy or Pelican site folder, or a WordPress export (WXR) with --from; "
                    "else plain-text stories (date line, publication, breadcrumb ending in the section, headline, standfirst, "
                    "paragraphs). Never overwrites a file, so running it again imports only what is new; ends with a report.")
    importer.add_argument("files", nargs="+", type=Path, metavar="SOURCE",
                          help="with --from: the site folder or export file; else plain-text story files")
    importer.add_argument("--from", dest="source_kind", choices=IMPORT_SOURCES, help="what SOURCE is")
    importer.add_argument("--uploads", type=Path, help="with --from wordpress: the site's wp-content/uploads folder, to copy images from")
    _site_option(importer)
    importer.set_defaults(run=_run_import)
    return parser


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: give a number from 1 to 65535 (0: any free port)")
    return int(text)


def _site_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", type=Path, default=Path("."), help="the site folder, holding site.toml (default: the current folder)")


def _moment(value: str | None, config) -> datetime:
    if value is None:
        return datetime.now(timezone.utc).astimezone(config.timezone).replace(microsecond=0)
    try:
        return parse_datetime(value, config.timezone)
    except DateError as exc:
        raise NewsgenError(f"--now: {exc}") from None


def _run_build(args: argparse.Namespace) -> int:
    config = load_config(args.site, output_dir=args.output)
    mode = BuildMode(now=_moment(args.now, config), drafts=args.drafts, future=args.future)
    progress = _Progress() if sys.stderr.isatty() else None
    executor = None
    if args.executor:
        from .cluster import cluster_executor  # noqa: PLC0415: only a cluster build pays for importing dask

        executor = cluster_executor(args.executor)
    try:
        # A preview (--drafts, --future) publishes nothing: its URLs are not the site's history.
        builder = SiteBuilder(config, cache_dir=None if args.no_cache else config.root / CACHE_DIR_NAME,
                              record_urls=not (args.drafts or args.future), executor=executor)
        result = builder.build(mode, progress=progress, strict=args.strict, profile=args.profile, keep_going=args.keep_going)
    except BuildFailed as exc:
        if progress:
            progress.clear()
        print(exc, file=sys.stderr)
        count = len(exc.diagnostics)
        print(f"build failed: {count} error{'s' * (count != 1)}; {config.output_dir.name}/ left as it was", file=sys.stderr)
        return 1
    finally:
        if executor is not None:
            executor.shutdown()
    if progress:
        progress.clear()
    _print_warnings(result.warnings, every=args.warnings == "all")
    if args.profile:
        _print_profile(result, config)
    if result.skipped:
        for problem in result.skipped:
            print(problem, file=sys.stderr)
    # Removed files apart: counted among the changed, they made "67 files (73 changed)".
    removed = f", {len(result.write.removed)} removed" if result.write.removed else ""
    print(
        f"built {_count(result.articles, 'story', 'stories')}{_left_out(result.unpublished)}, {result.pages} pages ({result.rendered} rendered), "
        f"{result.files} files ({len(result.write.changed)} changed{removed}) in {result.seconds:.2f} s → {_shown(config.output_dir)}"
        + (f"; {len(result.urls_recorded)} new URL{'s' * (len(result.urls_recorded) != 1)} recorded in {LEDGER_FILE}, "
           "the old ones redirected" if result.urls_recorded else "")
    )
    for change in result.urls_recorded:
        print(f"  content/{change.source}: {change.old} → {change.new}")
    if result.skipped:
        count = len({problem.path for problem in result.skipped})
        print(f"left out {count} file{'s' * (count != 1)} with errors (--keep-going); the rest is published", file=sys.stderr)
        return 1
    return 0


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _left_out(unpublished: tuple[tuple[str, int], ...]) -> str:
    """" (2 drafts, 1 scheduled left out)": what the writers held back, so a
    missing story is not a mystery."""
    parts = [_count(n, why, why + "s" if why == "draft" else why) for why, n in unpublished if n]
    return f" ({', '.join(parts)} left out)" if parts else ""


def _run_check(args: argparse.Namespace) -> int:
    if not args.external:
        raise NewsgenError("newsgen check: every build checks the links inside the site; "
                           "add --external to check the links to other sites")
    # Here, not at the top: urllib's HTTP client costs every other command 20 ms to import.
    from .external import check_external, external_links, line_of, sources_shown  # noqa: PLC0415

    config = load_config(args.site, output_dir=args.output)
    if not config.output_dir.is_dir():
        raise NewsgenError(f"{_shown(config.output_dir)} does not exist: run newsgen build first")
    linked = external_links(config.output_dir, config.base_url)
    answers, reused = check_external(sorted(linked), config.root / CACHE_DIR_NAME, args.max_age * 3600)
    broken = sorted(url for url, answer in answers.items() if not answer.ok)
    sources = sources_shown(config.output_dir, config.root / CACHE_DIR_NAME) if broken else {}
    for url in broken:
        pages = linked[url]
        more = f" and {len(pages) - 1} more page{'s' * (len(pages) > 2)}" if len(pages) > 1 else ""
        shown_on = f"{_shown(config.output_dir)}/{pages[0]}{more}"
        source = next((sources[page] for page in pages if page in sources), None)
        if source is None:
            print(f"{shown_on}: the link to {url} is broken: {answers[url].reason}", file=sys.stderr)
            continue
        line = line_of(config.content_dir / source, url)
        print(f"{_shown(config.content_dir / source)}{f':{line}' if line else ''}: the link to {url} is broken: {answers[url].reason} (on {shown_on})",
              file=sys.stderr)
    print(f"checked {len(answers)} link{'s' * (len(answers) != 1)} to other sites ({reused} answered well within "
          f"{args.max_age:g} h, not asked again): {len(broken)} broken")
    return 1 if broken else 0


CHANGES_SHOWN = 5


def _run_next(args: argparse.Namespace) -> int:
    config = load_config(args.site)
    now = _moment(args.now, config)
    changes = SiteBuilder(config, cache_dir=config.root / CACHE_DIR_NAME).clock(BuildMode(now=now, drafts=args.drafts))
    first = changes[0] if changes else None
    if args.format == "json":
        print(json.dumps({
            "now": now.isoformat(),
            "next": first.moment.isoformat() if first else None,
            "next_unix": int(first.moment.timestamp()) if first else None,
            "changes": [{"at": c.moment.isoformat(), "unix": int(c.moment.timestamp()), "source": f"content/{c.source}", "what": c.what}
                        for c in changes if c.moment == first.moment] if first else [],
        }, indent=2))
    elif args.format in ("iso", "unix"):
        if first:
            print(first.moment.isoformat() if args.format == "iso" else int(first.moment.timestamp()))
    elif first is None:
        print("no change is due: nothing is scheduled, about to expire or in the news sitemap")
    else:
        print(f"next change: {first.moment.isoformat()} ({_in(first.moment - now)})")
        for change in changes[:CHANGES_SHOWN]:
            print(f"  {change.moment.isoformat()}  content/{change.source} {change.what}")
        if len(changes) > CHANGES_SHOWN:
            print(f"  … and {len(changes) - CHANGES_SHOWN} more")
    return 0


def _in(span) -> str:
    minutes = max(1, round(span.total_seconds() / 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    return "in " + " ".join(f"{n} {unit}" for n, unit in ((days, "d"), (hours, "h"), (minutes, "min")) if n)


TEMPLATES_SHOWN = 15


def _print_profile(result, config) -> None:
    from .theme_guide import overrides  # noqa: PLC0415

    replaced = overrides(config)
    print(f"\nthe site's layouts/ replaces {len(replaced)} of the theme's templates" + (f": {', '.join(replaced)}" if replaced else ""))
    total = sum(result.stages.seconds.values()) or 1e-9
    print("\nwhere the time went (this process; rendering may run on several cores)")
    print(f"  {'stage':40} {'seconds':>8} {'share':>6}")
    for name, seconds in result.stages.seconds.items():
        print(f"  {name:40} {seconds:8.3f} {seconds / total:6.0%}")
    if not result.templates or not result.templates.seconds:
        print("\nno page was rendered: nothing to say about templates")
        return
    render = result.render_seconds or 1e-9
    print(f"\ntemplates, slowest first (cumulative: a layout includes its partials; {render:.2f} s of rendering in all)")
    print(f"  {'template':32} {'renders':>8} {'total s':>8} {'mean ms':>8} {'share':>6}")
    ranked = sorted(result.templates.seconds.items(), key=lambda item: -item[1])
    for name, seconds in ranked[:TEMPLATES_SHOWN]:
        calls = result.templates.calls[name]
        print(f"  {name:32} {calls:8} {seconds:8.3f} {seconds / calls * 1000:8.2f} {seconds / render:6.0%}")


WARNINGS_PER_KIND = 3


def _print_warnings(found, every: bool = False) -> None:
    """Warnings by kind: the first few of each and a count of the rest, as
    thousands of lines help nobody; `every` lists them all. Notes (what was
    done with other generators' keys) one line per kind."""
    for line in summarised([d for d in found if d.severity is Severity.NOTE]):
        print(line, file=sys.stderr)
    by_kind: dict[str, list] = {}
    for warning in (d for d in found if d.severity is Severity.WARNING):
        by_kind.setdefault(warning.kind or warning.message, []).append(warning)
    for kind, warnings in by_kind.items():
        shown = warnings if every else warnings[:WARNINGS_PER_KIND]
        for warning in shown:
            print(warning, file=sys.stderr)
        if len(warnings) > len(shown):
            what = f"{len(warnings):,} {kind}" if warnings[0].kind else f"{len(warnings):,} like it"
            print(f"  … and {len(warnings) - len(shown):,} more ({what}); `newsgen build --warnings all` lists every one",
                  file=sys.stderr)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class _Progress:
    """A one-line counter on a terminal; nothing at all in a pipe."""

    def __init__(self) -> None:
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        percent = done * 100 // max(total, 1)
        if percent != self.last:
            self.last = percent
            sys.stderr.write(f"\rrendering {done}/{total} ({percent}%)")
            sys.stderr.flush()

    def clear(self) -> None:
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()


def _run_serve(args: argparse.Namespace) -> int:
    from .preview import Preview, serve_forever

    address, *names = [part.strip() for part in args.host.split(",") if part.strip()] or ["127.0.0.1"]
    preview = Preview(args.site, host=address, allowed_hosts=names, port=args.port, drafts=args.drafts, future=args.future,
                      poll=args.poll, say=lambda line: print(line, flush=True))
    try:
        serve_forever(preview)
    except KeyboardInterrupt:
        print("stopped")
    return 0


def _run_new(args: argparse.Namespace) -> int:
    from .scaffold import new_article

    config = load_config(args.site)
    path = new_article(config, args.headline, args.section, args.author, _moment(args.now, config), args.create_section)
    print(_shown(path))
    return 0


def _run_init(args: argparse.Namespace) -> int:
    from .scaffold import init_site

    init_site(args.directory)
    print(f"created a new site in {args.directory}; build it with: newsgen build --site {args.directory}")
    return 0


IMPORT_SOURCES = ("eleventy", "jekyll", "hugo", "pelican", "wordpress")


def _run_theme_list(args: argparse.Namespace) -> int:
    from .theme_guide import static_files, templates  # noqa: PLC0415

    found, statics = templates(), static_files()
    width = max(len(name) for name, _ in [*found, *statics])
    for name, purpose in found:
        print(f"{name:{width}}  {purpose}")
    print()
    for name, purpose in statics:
        print(f"{name:{width}}  {purpose}")
    print("\ncopy one into your site's layouts/ (a static/ file into its static/) to change it: newsgen theme copy NAME; "
          "what templates are given: newsgen theme reference")
    return 0


def _run_theme_copy(args: argparse.Namespace) -> int:
    from .theme_guide import copy  # noqa: PLC0415

    print(f"{_shown(copy(load_config(args.site), args.name))}: the site's own now; edit it, and every build uses it")
    return 0


def _run_theme_reference(args: argparse.Namespace) -> int:
    from .theme_guide import reference  # noqa: PLC0415

    print(reference(), end="")
    return 0


def _run_theme_messages(args: argparse.Namespace) -> int:
    from .render import template_environment  # noqa: PLC0415
    from .translations import template_catalog  # noqa: PLC0415

    sys.stdout.buffer.write(template_catalog(template_environment(load_config(args.site))))
    return 0


def _run_import(args: argparse.Namespace) -> int:
    config = load_config(args.site)
    if args.source_kind:
        return _import_site(args, config)
    from .importers.plaintext import import_story

    failed = 0
    for file in args.files:
        try:
            print(_shown(import_story(config, file)))
        except NewsgenError as exc:
            print(exc, file=sys.stderr)
            failed += 1
    return 1 if failed else 0


def _import_site(args: argparse.Namespace, config) -> int:
    from .importers.common import ImportReport, record_moved, write_import

    if len(args.files) != 1:
        raise NewsgenError(f"import --from {args.source_kind} takes one SOURCE (the site folder or export file), not {len(args.files)}")
    source = args.files[0]
    if not source.exists():
        raise NewsgenError(f"{source}: no such file or folder")
    if args.source_kind == "wordpress" and source.is_dir():
        raise NewsgenError(f"{source}: a folder; --from wordpress reads the site's export file (WordPress's Tools → Export, "
                           "an .xml file), with --uploads its wp-content/uploads folder")
    # Another generator's config and none of the chosen one's: --from names the wrong generator, and an
    # import would read what it could of the site as the chosen one's (a Jekyll site's posts as Pelican's).
    # Only where the chosen one's import finds no config of its own: a Hugo site's config.yml, an Eleventy
    # site's package.json, is no name the list gives, and a stray _config.yml does not make it Jekyll's.
    configs = other_generators_here(source) if source.is_dir() else []
    if (configs and args.source_kind not in {kind for _, _, kind in configs}
            and not importlib.import_module(f".importers.{args.source_kind}", __package__).holds_config(source)):
        name, generator, kind = configs[0]
        raise NewsgenError(f"{source}: {name} is here, so this looks like a {generator} site: "
                           f"import it with --from {kind} (not --from {args.source_kind})")
    # Unchecked, a mistyped --uploads left every picture a link to the old server, unsaid.
    if args.uploads is not None and args.source_kind != "wordpress":
        raise NewsgenError(f"--uploads is for --from wordpress (its wp-content/uploads folder); a {args.source_kind} site's "
                           "files are found in its folder: leave --uploads out")
    if args.uploads is not None and not args.uploads.is_dir():
        raise NewsgenError(f"--uploads {args.uploads}: no such folder; give a copy of the WordPress site's wp-content/uploads "
                           "folder, or leave --uploads out to keep the pictures' links to the old site")
    report = ImportReport(source=str(source))
    if args.source_kind == "wordpress":
        from .importers.wordpress import read_wordpress

        files = read_wordpress(source, report, config.timezone, uploads=args.uploads)
    elif args.source_kind == "jekyll":
        from .importers.jekyll import read_jekyll

        files = read_jekyll(source, report, config.timezone)
    elif args.source_kind == "eleventy":
        from .importers.eleventy import read_eleventy

        files = read_eleventy(source, report, config.timezone)
    elif args.source_kind == "pelican":
        from .importers.pelican import read_pelican

        files = read_pelican(source, report, config)
    else:
        from .importers.hugo import read_hugo

        files = read_hugo(source, report, config.timezone)
    write_import(config.content_dir, files, report)
    record_moved(config, report)
    print("\n".join(report.lines()))
    first = "add the site.toml lines above, then " if report.settings else ""
    print(f"next: {first}newsgen build --site {args.site} (stories whose old URLs are listed under `aliases` keep them for redirects)")
    if report.settings:
        # Every build records each story's URL in urls.toml, and a recorded URL redirects for good.
        print("  (before the first build: it records every story's URL in urls.toml, and a URL made without those "
              "settings, an edition's path say, would redirect for good)")
    return 0
