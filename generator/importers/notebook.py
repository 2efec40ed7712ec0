"""A Jupyter notebook (.ipynb) as Markdown: what Pelican's `{% notebook %}` tag showed of it.

Pelican's liquid_tags `notebook` and pelican-ipynb's `ipynb.liquid` put a
notebook into a post as the HTML nbconvert's exporter makes of it, its
cells sliced by `cells[start:end]`. This reads the notebook's JSON
(nbformat 4, or 3, which nbformat upgrades to 4 first) with the standard
library and writes what that HTML shows as newsgen's Markdown: Markdown
cells as they are; code fenced in the notebook's language; each output as
nbconvert chose its form (the first of HTML, Markdown, a picture, text it
has): text as a plain block, a picture as a file beside the story, HTML as
a raw block (the build's `safe_html` applies to it as to any writer's).
No prompts (`In [1]:`): they were the notebook's, not the story's.
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.template_syntax import mask_code
from .convert import _fence

# nbconvert's HTML display priority, less the forms a story cannot show
# without running the notebook's scripts (widgets, JavaScript) or MathJax (LaTeX).
_SHOWN_FORMS = ("text/html", "text/markdown", "image/svg+xml", "image/png", "image/jpeg", "text/plain")
_PICTURE_SUFFIXES = {"image/svg+xml": ".svg", "image/png": ".png", "image/jpeg": ".jpg"}
# nbformat 3's output keys, as nbformat's v3 → v4 upgrade names them.
_V3_FORMS = {"text": "text/plain", "html": "text/html", "markdown": "text/markdown", "svg": "image/svg+xml", "png": "image/png",
             "jpeg": "image/jpeg", "latex": "text/latex", "javascript": "application/javascript", "json": "application/json"}
_V3_OUTPUT_TYPES = {"pyout": "execute_result", "pyerr": "error"}
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")  # a traceback's colours
# nbconvert's coalesce_streams: text a backspace took back (a carriage return's: _taken_back).
_BACKSPACE = re.compile(r"[^\n]\x08")
# A language's name as a fence's info string may hold it (`c++`, `c#`, `objective-c`, `python3.11`).
_PLAIN_LANGUAGE = re.compile(r"[a-z0-9+#._-]+")
# A Markdown heading line, without an id of its own (`{#x}`).
_HEADING = re.compile(r"(?P<marks> {0,3}#{1,6})[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")


# What a JSON value of each type is called, to say what a notebook holds where nbformat wants another.
_JSON_TYPES = {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number", bool: "true or false"}


class UnreadableNotebook(ValueError):
    """A file that is no notebook this reads; the message says why."""


@dataclass(frozen=True)
class NotebookMarkdown:
    text: str
    pictures: dict[str, bytes] = field(default_factory=dict)  # file name → its bytes, to write where the text shows them


def notebook_markdown(path: Path, cells: slice, language: str, pictures_at: str, scripts_shown: bool) -> NotebookMarkdown:
    """The cells `cells` of the notebook at `path` as Markdown. `language`:
    the tag's `language[...]`, over the notebook's own. `pictures_at`: the
    folder, relative to the story, its pictures are shown from, named
    `{notebook}_{cell}_{output}` as nbconvert names the files it extracts.
    `scripts_shown`: False where the build drops scripts (safe_html), so an
    HTML output holding one gives way to its next form."""
    notebook = _read(path)
    all_cells = _cells(notebook)
    language = _language(language or _notebook_language(notebook, all_cells))
    blocks: list[str] = []
    pictures: dict[str, bytes] = {}
    for number in range(len(all_cells))[cells]:
        cell = all_cells[number]
        kind, source = cell.get("cell_type"), _text(cell.get("source"))
        if kind == "markdown" and source.strip():
            blocks.append(_with_heading_ids(source.strip("\n")))
        elif kind == "raw" and source.strip() and str((cell.get("metadata") or {}).get("raw_mimetype", "")).lower() in ("", "text/html"):
            blocks.append(source.strip("\n"))  # nbconvert's HTML keeps a raw cell of no other format as written
        elif kind == "code":
            if source.strip():
                blocks.append(_fence(source, language))
            for index, output in enumerate(_coalesced(cell.get("outputs") or [])):
                shown = _output(output, f"{path.stem}_{number}_{index}", pictures_at, pictures, scripts_shown)
                if shown:
                    blocks.append(shown)
    return NotebookMarkdown("\n\n".join(blocks), pictures)


def _read(path: Path) -> dict[str, Any]:
    try:
        notebook = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise UnreadableNotebook("is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise UnreadableNotebook(f"is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise UnreadableNotebook("is JSON nested too deeply to read") from None
    if not isinstance(notebook, dict) or notebook.get("nbformat") not in (3, 4):
        raise UnreadableNotebook("is no Jupyter notebook of nbformat 3 or 4")
    _check_shape(notebook)
    return notebook


def _check_shape(notebook: dict[str, Any]) -> None:
    """Raise UnreadableNotebook where a part this reads is of another type
    than nbformat's schema gives it (`cells` a list, a cell's `metadata` an
    object, …), so that what reads the notebook can trust its shape. A part
    left out (or null) is let be: the reader takes it as empty."""
    def expect(value: Any, kind: type, where: str) -> Any:
        if value is not None and not isinstance(value, kind):
            raise UnreadableNotebook(f"is no Jupyter notebook as nbformat describes it (its {where} is "
                                     f"{_JSON_TYPES.get(type(value), 'a value')}, not {_JSON_TYPES[kind]})")
        return value if value is not None else kind()

    metadata = expect(notebook.get("metadata"), dict, "metadata")
    for key in ("language_info", "kernelspec"):
        expect(metadata.get(key), dict, f"metadata.{key}")
    if notebook["nbformat"] == 4:
        cells = [(f"cells[{n}]", cell) for n, cell in enumerate(expect(notebook.get("cells"), list, "cells"))]
    else:
        cells = []
        for s, sheet in enumerate(expect(notebook.get("worksheets"), list, "worksheets")):
            sheet = expect(sheet, dict, f"worksheets[{s}]")
            cells += [(f"worksheets[{s}].cells[{n}]", cell) for n, cell in enumerate(expect(sheet.get("cells"), list, f"worksheets[{s}].cells"))]
    for where, cell in cells:
        cell = expect(cell, dict, where)
        expect(cell.get("metadata"), dict, f"{where}.metadata")
        for n, output in enumerate(expect(cell.get("outputs"), list, f"{where}.outputs")):
            output = expect(output, dict, f"{where}.outputs[{n}]")
            expect(output.get("output_type"), str, f"{where}.outputs[{n}].output_type")
            expect(output.get("data"), dict, f"{where}.outputs[{n}].data")
            expect(output.get("traceback"), list, f"{where}.outputs[{n}].traceback")


def _cells(notebook: dict[str, Any]) -> list[dict[str, Any]]:
    """The notebook's cells in nbformat 4's shape: a version 3 notebook's
    worksheets one after the other, as nbformat's upgrade joins them."""
    if notebook["nbformat"] == 4:
        return notebook.get("cells") or []
    cells = []
    for sheet in notebook.get("worksheets") or []:
        for cell in sheet.get("cells") or []:
            if cell.get("cell_type") == "heading":
                level = cell.get("level") if isinstance(cell.get("level"), int) else 1
                cell = {"cell_type": "markdown", "source": "#" * min(max(level, 1), 6) + " " + _text(cell.get("source"))}
            elif cell.get("cell_type") == "code":
                cell = {**cell, "source": cell.get("input"), "outputs": [_upgraded(o) for o in cell.get("outputs") or []]}
            cells.append(cell)
    return cells


def _upgraded(output: dict[str, Any]) -> dict[str, Any]:
    """An nbformat 3 output as nbformat 4's: `pyout` an execute_result, its
    forms under `data` by their types; a stream named by its `stream`."""
    kind = _V3_OUTPUT_TYPES.get(output.get("output_type"), output.get("output_type"))
    if kind == "stream":
        return {"output_type": "stream", "name": output.get("stream", "stdout"), "text": output.get("text")}
    if kind in ("execute_result", "display_data"):
        return {"output_type": kind, "data": {form: output[key] for key, form in _V3_FORMS.items() if key in output}}
    return {**output, "output_type": kind}


def _notebook_language(notebook: dict[str, Any], cells: list[dict[str, Any]]) -> str:
    """The language the notebook's code is in, as its metadata says
    (language_info, kernelspec; a version 3 notebook's cells), else
    Python: what the plugin highlighted a notebook naming none in."""
    metadata = notebook.get("metadata") or {}
    for found in ((metadata.get("language_info") or {}).get("name"), (metadata.get("kernelspec") or {}).get("language"),
                  metadata.get("language"), *(cell.get("language") for cell in cells if cell.get("cell_type") == "code")):
        if isinstance(found, str) and found.strip():
            return found.strip()
    return "python"


def _with_heading_ids(markdown: str) -> str:
    """Each heading (not in code) with the id nbconvert gave it, its text
    with spaces made `-` (nbconvert's add_anchor), which the old site's
    `#Heading-Text` links name; newsgen would make another."""
    lines, masked = markdown.split("\n"), mask_code(markdown).split("\n")
    for number, line in enumerate(lines):
        found = _HEADING.fullmatch(line)
        if not found or not masked[number].startswith(found["marks"]) or found["text"].endswith("}"):
            continue
        # The heading's text as HTML shows it: no link targets, markup or emphasis marks.
        text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", found["text"])
        text = html.unescape(re.sub(r"<[^>]+>|[`*]", "", text)).strip()
        if text and not re.search(r"[{}\s]", text.replace(" ", "")):
            lines[number] = f"{found['marks']} {found['text']} {{#{text.replace(' ', '-')}}}"
    return "\n".join(lines)


def _language(name: str) -> str:
    """A fence's language: IPython's (`ipython3`, the plugin's language[] for Python's notebooks) is Python's.
    A name that is no plain one (a line break or backticks would end the fence's first line) is none:
    no highlighter knew it, so the plugin's code showed as plain text too."""
    name = name.lower()
    if not _PLAIN_LANGUAGE.fullmatch(name):
        return ""
    return "python" if re.fullmatch(r"ipython\d*", name) else name


def _text(value: Any) -> str:
    """A notebook's multiline text: a string, or its lines in a list."""
    if isinstance(value, list):
        return "".join(str(part) for part in value)
    return value if isinstance(value, str) else ""


def _coalesced(outputs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The outputs, as nbconvert's coalesce_streams gives them: printed
    text of one stream, one output after another, as one."""
    merged: list[dict[str, Any]] = []
    for output in outputs:
        if output.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream" \
                and merged[-1].get("name") == output.get("name"):
            merged[-1] = {**merged[-1], "text": _text(merged[-1].get("text")) + _text(output.get("text"))}
        else:
            merged.append(output)
    return merged


def _taken_back(text: str) -> str:
    """`text` less what a carriage return took back (a progress bar's earlier
    states), as nbconvert's coalesce_streams: each line from after its last
    `\r` that some text follows. Line by line, not by a pattern such as
    `.*\r`, which backtracks over a long line at each position (quadratic)."""
    return "\n".join(line[line.rfind("\r", 0, len(line) - 1) + 1:] for line in text.split("\n"))


def _output(output: dict[str, Any], name: str, pictures_at: str, pictures: dict[str, bytes], scripts_shown: bool) -> str:
    """One output as Markdown ("" for one with nothing a story can show);
    a picture's bytes go into `pictures`, under `name` and its suffix."""
    kind = output.get("output_type")
    if kind == "stream":
        text = _BACKSPACE.sub("", _taken_back(_text(output.get("text"))))
        return _fence(text, "") if text.strip() else ""
    if kind == "error":
        lines = output.get("traceback") or [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
        return _fence(_ANSI.sub("", "\n".join(_text(line) for line in lines)), "")
    data = output.get("data") or {}
    for form in _SHOWN_FORMS:
        if form not in data:
            continue
        value = _text(data[form])
        if form == "text/html" and not scripts_shown and re.search(r"<script\b", value, re.IGNORECASE):
            continue  # the build would drop it, leaving nothing
        if form == "text/html":
            # In a <div> of its own, so that Markdown takes it as one raw block, blank lines and all.
            return "\n".join(('<div class="output_html">', value.strip("\n"), "</div>")) if value.strip() else ""
        if form == "text/markdown":
            return value.strip("\n")
        if form == "text/plain":
            return _fence(value, "") if value.strip() else ""
        try:
            picture = value.encode() if form == "image/svg+xml" else base64.b64decode(value)
        except (binascii.Error, ValueError):
            continue  # not base64: the next form, as a browser would show no picture
        file = name + _PICTURE_SUFFIXES[form]
        pictures[file] = picture
        return f"![]({pictures_at}/{file})"
    return ""
