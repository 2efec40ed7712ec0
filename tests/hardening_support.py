"""Shared checks for the hardening tests (test_hostile_input, test_escaping,
test_paths): every hostile input ends in a correct page or a clear error,
never a traceback, and nothing is read or written where it must not be."""

from __future__ import annotations

import os
import traceback
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.build import BuildResult
from generator.cli import main
from generator.errors import BuildFailed, ConfigError

from .conftest import NOW, Site, messages


# ---- outcomes ----------------------------------------------------------------

def outcome(s: Site, **kwargs) -> BuildResult | BuildFailed | ConfigError:
    """Build `s` through build_site: the result, or the BuildFailed/ConfigError
    it raised. Any other exception type is a traceback a writer would see."""
    try:
        return s.build(**kwargs)
    except (BuildFailed, ConfigError) as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - that is the point of the test
        pytest.fail(
            f"build_site raised {type(exc).__name__} instead of BuildFailed/ConfigError "
            f"(a writer would see a traceback): {exc!r}\n{traceback.format_exc()}"
        )


def builds(s: Site, **kwargs) -> BuildResult:
    """The build must succeed."""
    result = outcome(s, **kwargs)
    if not isinstance(result, BuildResult):
        pytest.fail(f"the build failed but should have given a page: {messages(result)}")
    return result


def fails(s: Site, **kwargs) -> BuildFailed | ConfigError:
    """The build must fail with BuildFailed or ConfigError."""
    result = outcome(s, **kwargs)
    if isinstance(result, BuildResult):
        pytest.fail(f"the build succeeded but should have failed with a clear error; it wrote {s.files()[:20]}")
    return result


def problems_of(exc: BuildFailed | ConfigError, path: str):
    """The diagnostics naming `path`; there must be at least one."""
    found = [d for d in exc.diagnostics if d.path == path]
    assert found, f"no diagnostic names {path}; got {messages(exc)}"
    return found


def cli_build(s: Site, capsys, *extra: str, output: Path | None = None) -> tuple[int, str, str]:
    """`newsgen build` on `s` (no cache, the pinned clock): (exit code, stdout, stderr).

    Fails the test if main() lets any exception escape (the user would see a
    traceback) or if either stream shows one."""
    capsys.readouterr()
    argv = ["build", "--site", str(s.root), "--output", str(output or s.output), "--now", NOW.isoformat(), "--no-cache", *extra]
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse
        code = exc.code if isinstance(exc.code, int) else 2
    except BaseException as exc:  # noqa: BLE001
        pytest.fail(f"`newsgen {' '.join(argv)}` let {type(exc).__name__} escape (a traceback): {exc!r}\n{traceback.format_exc()}")
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out, f"the CLI printed a traceback:\n{err}"
    return code, out, err


def cli_fails_naming(s: Site, capsys, path: str, line: int | None = None) -> str:
    """The CLI exits 1 and prints `path:line: message` (or `path: message`)."""
    code, _, err = cli_build(s, capsys)
    assert code == 1, f"exit code {code}; stderr:\n{err}"
    where = f"{path}:{line}: " if line is not None else f"{path}"
    assert where in err, f"stderr does not name {where!r}:\n{err}"
    return err


# ---- reading output ----------------------------------------------------------

class Tag:
    def __init__(self, name: str, attrs: list[tuple[str, str | None]], line: int):
        self.name = name
        self.attrs = attrs
        self.line = line
        self.data = ""  # raw content of <script>/<style>

    def get(self, key: str, default: str | None = None) -> str | None:
        for k, v in self.attrs:
            if k == key:
                return v
        return default

    def __repr__(self) -> str:
        return f"<{self.name} {self.attrs} @line {self.line}>"


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[Tag] = []
        self._raw: Tag | None = None

    def handle_starttag(self, tag, attrs):
        element = Tag(tag, attrs, self.getpos()[0])
        self.tags.append(element)
        if tag in ("script", "style"):
            self._raw = element

    def handle_startendtag(self, tag, attrs):
        self.tags.append(Tag(tag, attrs, self.getpos()[0]))

    def handle_endtag(self, tag):
        if self._raw is not None and tag == self._raw.name:
            self._raw = None

    def handle_data(self, data):
        if self._raw is not None:
            self._raw.data += data


def parse_tags(html: str) -> list[Tag]:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


def meta_content(html: str, **match: str) -> list[str]:
    """content= of every <meta> whose attributes include `match`."""
    found = []
    for tag in parse_tags(html):
        if tag.name == "meta" and all(tag.get(k) == v for k, v in match.items()):
            found.append(tag.get("content") or "")
    return found


def file_names_too_long(files: list[str], limit: int = 255) -> list[str]:
    """Output paths with a component of `limit` bytes or more."""
    return [f for f in files if any(len(part.encode("utf-8")) >= limit for part in f.split("/"))]


# ---- what a build touched ----------------------------------------------------

def tree_state(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and symlink under `folder` (not following links) → (size, mtime_ns)."""
    state = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            path = Path(dirpath) / name
            info = path.lstat()
            state[path.relative_to(folder).as_posix()] = (info.st_size, info.st_mtime_ns)
        for name in dirnames:
            path = Path(dirpath) / name
            state.setdefault(path.relative_to(folder).as_posix() + "/", (0, 0))
    return state


def touched_outside(before: dict, after: dict, allowed: list[str]) -> list[str]:
    """Entries created, changed or removed between two tree_states whose path
    is not inside one of the `allowed` relative folders."""
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    def inside(rel: str) -> bool:
        return any(rel == a.rstrip("/") + "/" or rel.startswith(a.rstrip("/") + "/") for a in allowed)
    return sorted(k for k in changed if not inside(k) and not (k.endswith("/") and k in before and k in after))
