"""Eleventy's JavaScript front matter (`---js`) read as the data it holds, never run.

Eleventy evaluates such front matter: an object literal (`{ title: "x",
tags: ["a", 'b'], }`), or, since Eleventy 3, declarations whose names are
the keys (`const eleventyNavigation = { key: "About" };`). Most hold plain
values, which are read here as JavaScript reads them (bare or quoted keys,
trailing commas, comments, a template literal without `${…}`,
`new Date("…")`). What needs JavaScript to run (a function, a template
literal with `${…}`, a name looked up, an expression) raises NotData with
its line: the writer converts it to YAML.
"""

from __future__ import annotations

import bisect
import math
import re
from typing import Any

_SPACE = re.compile(r"(?:\s+|//[^\n]*|/\*.*?\*/)+", re.DOTALL)
_NAME = re.compile(r"[A-Za-z_$\u00c0-\uffff][\w$\u00c0-\uffff]*")
_NUMBER = re.compile(r"[+-]?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?)")
# (Matched where the reader is, not on a copy of the rest: a value after another.)
# JavaScript's numeric separator: one _ between two digits.
_SEPARATED = {base: re.compile(rf"[{digits}]+(?:_[{digits}]+)*" + (r"(?:\.(?:[0-9]+(?:_[0-9]+)*)?)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:_[0-9]+)*(?:[eE][+-]?[0-9]+)?" if base == 10 else ""))
              for base, digits in ((16, "0-9a-fA-F"), (10, "0-9"), (8, "0-7"), (2, "01"))}
_NEW_DATE = re.compile(r"new\s+Date\s*\(\s*(['\"])")
_ARROW = re.compile(r"\([^()]*\)\s*=>")
_DECLARATION = re.compile(r"(?:export\s+)?(?:const|let|var)\s+")
_CODE_ESCAPE = re.compile(r"x([0-9a-fA-F]{2})|u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})")
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_WORDS = {"true": True, "false": False, "null": None, "undefined": None}


_CONVERT = "write it as YAML front matter (---, then key: value lines, then ---)"


class NotData(ValueError):
    """The front matter is not plain values: `what` it holds at `line`,
    code JavaScript runs (`runs`), or text it cannot read at all."""

    def __init__(self, what: str, line: int, *, runs: bool = True):
        super().__init__(f"JavaScript front matter (---js) computes a value ({what}), which newsgen does not run: {_CONVERT}" if runs
                         else f"JavaScript front matter (---js) that is not an object of values ({what}): {_CONVERT}")
        self.what, self.line = what, line


def read_js_front_matter(text: str) -> dict[str, tuple[int, Any]]:
    """Each key of the front matter `text` with the line it is on (counted
    in `text`, from 1) and its value. Raises NotData."""
    reader = _Reader(text)
    reader.skip()
    try:
        if reader.at("{"):
            found = reader.object_entries()
            reader.skip()
            reader.take(";")
        else:
            found = reader.declarations()
    except RecursionError:  # a value in a value hundreds of times
        raise reader.unreadable("values nested too deeply to read") from None
    reader.skip()
    if reader.position < len(text):
        raise reader.unreadable(f"{reader._shown()} after its object")
    return found


class _Reader:
    def __init__(self, text: str):
        self.text, self.position = text, 0
        self._breaks = [found.start() for found in re.finditer("\n", text)]

    def line(self, position: int | None = None) -> int:
        return bisect.bisect_left(self._breaks, self.position if position is None else position) + 1

    def code(self, what: str) -> NotData:
        return NotData(what, self.line())

    def unreadable(self, what: str, position: int | None = None) -> NotData:
        return NotData(what, self.line(position), runs=False)

    def skip(self) -> None:
        found = _SPACE.match(self.text, self.position)
        if found:
            self.position = found.end()

    def at(self, token: str) -> bool:
        return self.text.startswith(token, self.position)

    def take(self, token: str) -> bool:
        self.skip()
        if self.at(token):
            self.position += len(token)
            return True
        return False

    def expect(self, token: str) -> None:
        if not self.take(token):
            raise self.unreadable(f"{self._shown()} where JavaScript expects {token}")

    def _shown(self) -> str:
        rest = self.text[self.position:self.position + 12].split("\n", 1)[0]
        return f"`{rest}`" if rest else "the end"

    def declarations(self) -> dict[str, tuple[int, Any]]:
        """`const name = value;` after another (Eleventy 3's front matter)."""
        found: dict[str, tuple[int, Any]] = {}
        while self.position < len(self.text):
            declared = _DECLARATION.match(self.text, self.position)
            if not declared:
                raise self.code("code other than an object of values or `const name = value;` lines")
            self.position = declared.end()
            name = _NAME.match(self.text, self.position)
            if not name:
                raise self.unreadable(f"{self._shown()} where a name is declared")
            line, self.position = self.line(), name.end()
            self.expect("=")
            found[name[0]] = (line, self.value(ends=";\n"))
            self.take(";")
            self.skip()
        return found

    def object_entries(self) -> dict[str, tuple[int, Any]]:
        self.expect("{")
        found: dict[str, tuple[int, Any]] = {}
        while not self.take("}"):
            self.skip()
            line = self.line()
            if self.at("...") or self.at("["):
                raise self.code("a key JavaScript computes")
            key = self.key()
            self.skip()
            if self.at("("):
                raise self.code("a function")
            if self.at(",") or self.at("}"):
                raise self.code(f"`{key}`, a name JavaScript looks up")
            if key in ("get", "set", "async") and _NAME.match(self.text, self.position):
                raise self.code("a function")
            self.expect(":")
            found[key] = (line, self.value())  # (a key given twice: the last counts, as in JavaScript)
            if not self.take(","):
                self.expect("}")
                break
        return found

    def key(self) -> str:
        if self.at('"') or self.at("'"):
            return self.string()
        number = _NUMBER.match(self.text, self.position)
        if number and not self.at("+") and not self.at("-"):
            return str(self.number(number))
        name = _NAME.match(self.text, self.position)
        if not name:
            raise self.unreadable(f"{self._shown()} where a key is written")
        self.position = name.end()
        return name[0]

    def value(self, ends: str = ",}]") -> Any:
        """One value, and nothing JavaScript would compute of it: what
        follows it is one of `ends` (a line's end: a declaration's)."""
        found = self._value()
        after = self.position
        self.skip()
        ended = self.position >= len(self.text) or self.text[self.position] in ends or ("\n" in ends and "\n" in self.text[after:self.position])
        if not ended:
            if self.text[self.position] in "+-*/%?&|<>=!.([`":
                raise self.code("an expression")
            raise self.unreadable(f"{self._shown()} after a value")
        return found

    def _value(self) -> Any:
        self.skip()
        if self.at("{"):
            return {key: value for key, (_, value) in self.object_entries().items()}
        if self.at("["):
            return self.array()
        if self.at('"') or self.at("'"):
            return self.string()
        if self.at("`"):
            return self.template()
        if self.at("new") and _NEW_DATE.match(self.text, self.position):
            self.position = self.text.index("(", self.position) + 1
            self.skip()
            written = self.string()
            self.expect(")")
            return written  # (a date as its text, read as YAML's and JSON's are)
        number = _NUMBER.match(self.text, self.position)
        if number:
            return self.number(number)
        name = _NAME.match(self.text, self.position)
        if name and name[0] in ("function", "async", "class"):
            raise self.code("a function")
        if name and name[0] in _WORDS:
            self.position = name.end()
            return _WORDS[name[0]]
        if name:
            self.position = name.end()
            self.skip()
            if self.at("=>"):
                raise self.code("a function")
            raise NotData(f"`{name[0]}`, a name JavaScript looks up", self.line(name.start()))
        if self.at("("):
            raise self.code("a function" if _ARROW.match(self.text, self.position) else "an expression")
        raise self.unreadable(f"{self._shown()} where a value is written")

    def number(self, written: re.Match) -> int | float:
        """The number `written`, moving past it; one JavaScript cannot read, or
        reads as Infinity (no headline, tag or count), is refused."""
        try:
            value = _number(written[0])
        except ValueError:
            raise self.unreadable(f"`{written[0]}`, not a number JavaScript reads (a _ goes between two digits)", written.start()) from None
        if not math.isfinite(value):
            raise self.unreadable(f"`{_shortened(written[0])}`, a number too large for JavaScript, which reads it as Infinity; "
                                  "quote it if it is text", written.start())
        self.position = written.end()
        return value

    def array(self) -> list[Any]:
        self.expect("[")
        found = []
        while not self.take("]"):
            found.append(self.value())
            if not self.take(","):
                self.expect("]")
                break
        return found

    def string(self) -> str:
        quote = self.text[self.position]
        start, self.position = self.position, self.position + 1
        out = []
        while self.position < len(self.text):
            char = self.text[self.position]
            if char == quote:
                self.position += 1
                return "".join(out)
            if char == "\n":
                break
            if char == "\\":
                out.append(self._escape())
                continue
            out.append(char)
            self.position += 1
        raise self.unreadable("a string that is never closed", start)

    def template(self) -> str:
        """A template literal, which is text where it holds no `${…}`."""
        start, self.position = self.position, self.position + 1
        out = []
        while self.position < len(self.text):
            char = self.text[self.position]
            if char == "`":
                self.position += 1
                return "".join(out)
            if self.at("${"):
                raise self.code("a template literal with ${…}")
            if char == "\\":
                out.append(self._escape())
                continue
            out.append(char)
            self.position += 1
        raise self.unreadable("a template literal that is never closed", start)

    def _escape(self) -> str:
        """The character a backslash escape at the position stands for, moving past it."""
        char = self.text[self.position + 1:self.position + 2]
        self.position += 2
        if char == "\n":
            return ""  # a line continued
        if char in _ESCAPES:
            return _ESCAPES[char]
        # Matched in place: a copy of the rest of the text per escape made reading quadratic.
        digits = _CODE_ESCAPE.match(self.text, self.position - 1) if char in "xu" else None
        if not digits:
            return char
        start, self.position = self.position - 2, digits.end()
        code = _code(digits)
        if 0xD800 <= code < 0xDC00 and self.at("\\u"):
            # JavaScript's strings are UTF-16: a character beyond U+FFFF is written as two escapes (😀 is \uD83D\uDE00).
            low = _CODE_ESCAPE.match(self.text, self.position + 1)
            if low and 0xDC00 <= _code(low) < 0xE000:
                self.position = low.end()
                return chr(0x10000 + (code - 0xD800) * 0x400 + _code(low) - 0xDC00)
        if 0xD800 <= code < 0xE000:
            # Half a character: no page can hold it (YAML's reader refuses it too).
            raise self.unreadable(f"`{self.text[start:self.position]}`, half of a character (a lone surrogate) that no page can hold; "
                                  "write the character itself", start)
        return chr(code) if code <= 0x10FFFF else "\ufffd"


def _code(escape: re.Match) -> int:
    """The code point a \\x or \\u escape gives."""
    return int(next(group for group in escape.groups() if group), 16)


def _number(written: str) -> int | float:
    """A number as JavaScript writes it; ValueError for a misplaced _. An
    integer beyond a double's range (JavaScript's numbers) is inf."""
    sign = -1 if written.startswith("-") else 1
    digits = written.lstrip("+-")
    base = {"0x": 16, "0o": 8, "0b": 2}.get(digits[:2].lower(), 10)
    if base != 10:
        digits = digits[2:]
    if not _SEPARATED[base].fullmatch(digits):
        raise ValueError(written)
    clean = digits.replace("_", "")
    if base != 10:
        value = int(clean, base)  # (a power of two's digits: no digit limit)
        return sign * value if value.bit_length() <= 1024 else sign * math.inf
    value = sign * float(clean)
    if math.isfinite(value) and value.is_integer() and not re.search(r"[.eE]", clean):
        return sign * int(clean)  # (finite without . or e: at most 309 digits)
    return value


def _shortened(written: str) -> str:
    return written if len(written) <= 24 else f"{written[:20]}…"
