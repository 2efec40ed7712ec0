"""A tiny HTML crawler and well-formedness checker for built sites."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
LINK_ATTRIBUTES = {("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src"), ("iframe", "src"), ("video", "src"), ("audio", "src"), ("video", "poster")}
IGNORED_SCHEMES = ("http:", "https:", "mailto:", "tel:", "data:")


@dataclass
class PageReport:
    rel: str
    problems: list[str] = field(default_factory=list)  # unbalanced tags
    links: list[str] = field(default_factory=list)  # every href/src as written
    tags: dict[str, int] = field(default_factory=dict)  # start tag → count
    html_lang: str | None = None
    title_text: str = ""
    images_without_alt: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


class _Checker(HTMLParser):
    def __init__(self, report: PageReport):
        super().__init__(convert_charrefs=True)
        self.report = report
        self.stack: list[tuple[str, int]] = []
        self.in_title = False

    def _start(self, tag: str, attrs, self_closing: bool) -> None:
        report = self.report
        attributes = dict(attrs)
        report.tags[tag] = report.tags.get(tag, 0) + 1
        for element, attribute in LINK_ATTRIBUTES:
            if tag == element and attributes.get(attribute) is not None:
                report.links.append(attributes[attribute])
        if "id" in attributes:
            report.ids.add(attributes["id"])
        if tag == "html":
            report.html_lang = attributes.get("lang")
        if tag == "img" and "alt" not in attributes:
            report.images_without_alt.append(attributes.get("src", "?"))
        if tag not in VOID:
            if self_closing:
                report.problems.append(f"line {self.getpos()[0]}: <{tag}/> is not a void element")
            else:
                self.stack.append((tag, self.getpos()[0]))
                if tag == "title":
                    self.in_title = True

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, True)

    def handle_endtag(self, tag):
        line = self.getpos()[0]
        if tag in VOID:
            self.report.problems.append(f"line {line}: </{tag}> closes a void element")
            return
        if not self.stack:
            self.report.problems.append(f"line {line}: </{tag}> with nothing open")
            return
        open_tag, open_line = self.stack[-1]
        if open_tag != tag:
            self.report.problems.append(f"line {line}: </{tag}> closes <{open_tag}> opened on line {open_line}")
            # Recover if the tag is open further down, so one slip is one problem.
            for i in range(len(self.stack) - 1, -1, -1):
                if self.stack[i][0] == tag:
                    del self.stack[i:]
                    break
            return
        self.stack.pop()
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.report.title_text += data

    def finish(self) -> None:
        self.close()
        for tag, line in self.stack:
            self.report.problems.append(f"<{tag}> opened on line {line} is never closed")


def check_page(root: Path, rel: str) -> PageReport:
    report = PageReport(rel)
    checker = _Checker(report)
    checker.feed((root / rel).read_text(encoding="utf-8"))
    checker.finish()
    return report


def link_target(rel: str, link: str, base_url: str) -> str | None:
    """The output file a link written in output file `rel` points to, or None
    for links this crawler does not follow (other sites, mailto:, fragments).

    Relative links resolve against the file's own location; a link ending in
    "/" means that folder's index.html; #fragment and ?query are dropped. A
    rooted or absolute link must stay under base_url; one that leaves it is
    returned as "!outside:<url>" so the caller reports it.
    """
    if link.startswith("#"):
        return None
    lowered = link.lower()
    is_absolute = lowered.startswith(("http:", "https:", "//"))
    if lowered.startswith(IGNORED_SCHEMES) and not (is_absolute and link.startswith(base_url)):
        return None
    if link.startswith("//"):
        return None
    here = urljoin(base_url, rel)
    url = urljoin(here, link)
    parts = urlsplit(url)
    url = parts._replace(query="", fragment="").geturl()
    if not url.startswith(base_url):
        return f"!outside:{url}"
    target = unquote(url[len(base_url):])
    if target == "" or target.endswith("/"):
        target += "index.html"
    return target


def html_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))
