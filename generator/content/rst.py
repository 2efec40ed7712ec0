"""reStructuredText stories (Pelican's) → their title, fields and HTML.

Pelican reads a reST story's title from its one top-level section title,
its metadata from the field list under it (`:date:`, `:tags:`,
`:category:`…), and its body from the rest, all with docutils, the
language's reference parser. So does newsgen, with docutils's settings
for untrusted text: nothing that reads another file or a URL (`include`,
`raw` and `csv-table` from a file), no configuration file from the
machine. Its complaints (an unknown directive or role, a reference to no
target) are the build's warnings, with their lines; the page shows what
the writer wrote where docutils could not read it, never docutils's
"System Message" blocks.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from io import StringIO

RST_SUFFIXES = (".rst",)

_SETTINGS = {
    "initial_header_level": 2,  # the story's title is the page's <h1>; its sections <h2>
    "syntax_highlight": "none",  # code as written, classed by its language (no Pygments)
    "file_insertion_enabled": False,  # include, raw and csv-table from a file or URL
    "raw_enabled": True,  # raw HTML, as Markdown lets a writer write it
    "_disable_config": True,  # no docutils.conf from the machine or the user
    "halt_level": 5,  # never stop: a problem is reported, the rest still reads
    "report_level": 5,  # no message printed or left in the page: _Collect takes them
    "warning_stream": StringIO(),
    "embed_stylesheet": False,
    "input_encoding": "unicode",
    "language_code": "en",
    "traceback": True,  # exceptions propagate (the build names the file) rather than exit
}
_WARNING = 2  # docutils's levels: 1 info, 2 warning, 3 error, 4 severe


@dataclass(frozen=True)
class RstDocument:
    title: str  # "" when the text has no single top-level title
    fields: dict[str, tuple[int, list[str]]]  # key (lower case) → (its line, its values as written)
    html: str  # the body: without the title and the fields
    problems: tuple[tuple[int | None, str], ...]  # (line, what docutils said)


@lru_cache(maxsize=32)
def read_rst(text: str) -> RstDocument:
    """The story in `text`, read once per process however many stages ask (the text is the key)."""
    from docutils.core import publish_parts  # noqa: PLC0415 (about 0.1 s: only sites with reST pay it)

    _register_pelicans()
    reader = _reader()
    parts = publish_parts(source=text, reader=reader, writer="html5", settings_overrides=_SETTINGS)
    found = reader.found
    return RstDocument(title=found["title"], fields=_with_lines(found["fields"], text), html=parts["body"],
                       problems=tuple(found["problems"]))


# The options Pelican's code-block and sourcecode directives take (its
# Pygments directive, rstdirectives.py): read, and without effect here, where
# code is shown as written; docutils's own code directive refuses them, and
# would drop the block.
_PELICAN_CODE_OPTIONS = ("anchorlinenos", "classprefix", "hl_lines", "lineanchors", "linenos", "linenospecial", "linenostart",
                         "linenostep", "lineseparator", "linespans", "nobackground", "nowrap", "tagsfile", "tagurlformat")


@lru_cache(maxsize=1)
def _register_pelicans() -> None:
    """Pelican's directives and roles, which docutils does not have: its
    code-block and sourcecode with their Pygments options, and :abbr:."""
    from docutils import nodes, utils  # noqa: PLC0415
    from docutils.parsers.rst import directives, roles  # noqa: PLC0415
    from docutils.parsers.rst.directives.body import CodeBlock  # noqa: PLC0415

    class PelicanCode(CodeBlock):
        option_spec = {**CodeBlock.option_spec, **dict.fromkeys(_PELICAN_CODE_OPTIONS, directives.unchanged)}

    for name in ("code", "code-block", "sourcecode"):
        directives.register_directive(name, PelicanCode)

    def abbreviation(name, rawtext, text, lineno, inliner, options=None, content=None):
        """:abbr:`HTML (HyperText Markup Language)`: an <abbr> titled with what it stands for."""
        shown, _, explained = utils.unescape(text).partition(" (")
        title = f' title="{html.escape(explained.removesuffix(")"))}"' if explained else ""
        return [nodes.raw(rawtext, f"<abbr{title}>{html.escape(shown)}</abbr>", format="html")], []

    roles.register_local_role("abbr", abbreviation)


def _with_lines(fields: dict[str, list[str]], text: str) -> dict[str, tuple[int, list[str]]]:
    lines = text.split("\n")

    def line_of(key: str) -> int:
        pattern = re.compile(rf"\s*:{re.escape(key)}:", re.IGNORECASE)
        return next((number for number, line in enumerate(lines, start=1) if pattern.match(line)), 1)

    return {key: (line_of(key), values) for key, values in fields.items()}


def _reader():
    """docutils's standalone reader, with one transform more: _Collect."""
    from docutils import nodes  # noqa: PLC0415
    from docutils.readers.standalone import Reader  # noqa: PLC0415
    from docutils.transforms import Transform  # noqa: PLC0415

    class _Collect(Transform):
        """Runs after every transform that may complain (references are
        resolved at 850) and before docutils files its messages (860):
        takes the title, the fields and the messages, and leaves the text
        docutils could not read as plain text."""

        default_priority = 855

        def apply(self) -> None:
            document = self.document
            fields: dict[str, list[str]] = {}
            for docinfo in document.findall(nodes.docinfo):
                for element in docinfo.children:
                    if element.tagname == "field":
                        name, body = element.children
                        fields.setdefault(name.astext().strip().lower(), []).append(body.astext())
                    elif element.tagname == "authors":
                        fields["authors"] = [author.astext() for author in element.children]
                    else:
                        fields.setdefault(element.tagname.lower(), []).append(element.astext())
            problems = []
            for message in [*document.findall(nodes.system_message), *document.transform_messages]:
                if message["level"] >= _WARNING:
                    said = message.children[0].astext() if message.children else message.astext()
                    problems.append((message.get("line"), " ".join(said.split())))  # docutils breaks its lines
            for problematic in list(document.findall(nodes.problematic)):
                problematic.parent.replace(problematic, nodes.Text(problematic.astext()))
            problems.sort(key=lambda found: (found[0] is None, found[0] or 0, found[1]))
            title = document.get("title", "") if document.first_child_matching_class(nodes.title) is not None else ""
            reader.found = {"title": title, "fields": fields, "problems": problems}

    class _Reader(Reader):
        found: dict

        def get_transforms(self):
            return [*super().get_transforms(), _Collect]

    reader = _Reader()
    return reader
