"""What the loader refuses in YAML itself, before and while data is built from it, worded for a person.

- **Characters** YAML cannot read (NUL and the other control characters) or reads as line breaks
  where an editor shows none (U+0085, U+2028, U+2029): found by position, reported as
  `file:line:column` with the character's name.
- **Nesting** deeper than any facts file needs, and **aliases**, refused before anything is built.
- **Plain values** that YAML 1.1 (PyYAML) reads as something a person did not mean to write:
  `1:10` is 70 (base 60), `0x1F`, `017` and `0b11` are numbers in other bases, `1_000` is 1000,
  `.inf` and `.nan` are not numbers, `yes`/`no`/`on`/`off` are true or false, `~` is nothing, and
  `2024-01-01 10:00` is a point in time. Only plain decimal numbers, `true`/`false`, `null` and
  dates written YYYY-MM-DD are read as such; the rest are refused with what YAML made of them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import datetime
from typing import Any

import yaml

from generator.errors import InputError, Problem

# --- characters ------------------------------------------------------------------------

_UNREADABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What PyYAML's reader refuses (control characters, U+FFFE, U+FFFF), and the line breaks of
YAML 1.1 that editors do not show as such (NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR): line numbers
would no longer match the editor's."""
_C0 = (
    "NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION", "ENQUIRY", "ACKNOWLEDGE",
    "ALERT", "BACKSPACE", "", "", "LINE TABULATION", "FORM FEED", "", "SHIFT OUT", "SHIFT IN", "DATA LINK ESCAPE",
    "DEVICE CONTROL ONE", "DEVICE CONTROL TWO", "DEVICE CONTROL THREE", "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE", "END OF TRANSMISSION BLOCK", "CANCEL", "END OF MEDIUM", "SUBSTITUTE", "ESCAPE",
    "INFORMATION SEPARATOR FOUR", "INFORMATION SEPARATOR THREE", "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE",
)  # fmt: skip
"""The names (Unicode's aliases) of the control characters 0-31, which unicodedata does not give."""
_NAMES = dict(enumerate(_C0)) | {0x7F: "DELETE", 0x85: "NEXT LINE"}
MAX_SHOWN = 10
"""Characters listed one by one; more are counted in one last line."""


def _describe(ch: str) -> tuple[str, str]:
    """The character as U+XXXX NAME, and what to do about it."""
    code = ord(ch)
    name = _NAMES.get(code) or unicodedata.name(ch, "")
    if not name:
        name = "(a C1 control character)" if 0x80 <= code <= 0x9F else "(a noncharacter)"
    shown = f"U+{code:04X} {name}"
    if ch in "\x85\u2028\u2029":
        return shown, "YAML reads it as a line break that editors do not show; replace it with a space or a new line"
    return shown, "delete it (most editors do not show it)"


def unreadable(text: str, display: str) -> None:
    """Raise InputError naming each character of text that YAML refuses or misreads, by line and column."""
    first = _UNREADABLE.search(text)
    if first is None:
        return
    problems = []
    found = list(_UNREADABLE.finditer(text, first.start()))
    for match in found[:MAX_SHOWN]:
        at = match.start()
        line = text.count("\n", 0, at) + 1
        column = at - text.rfind("\n", 0, at)
        shown, action = _describe(match.group())
        problems.append(Problem(display, line, "", f"expected text YAML can read, got {shown}; {action}", column))
    if len(found) > MAX_SHOWN:
        at = found[MAX_SHOWN].start()
        line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        message = f"expected text YAML can read, got {len(found) - MAX_SHOWN:,} more such characters from here"
        problems.append(Problem(display, line, "", message, column))
    raise InputError(display, problems)


def decode(raw: bytes, display: str) -> str:
    """The text of a file's bytes, without a byte-order mark; raise InputError if it is not UTF-8."""
    utf16 = "a UTF-16 byte-order mark" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else None
    if utf16 is None and raw.count(0) * 4 > len(raw):
        utf16 = "one byte in two is 0"
    if utf16:
        message = f"expected UTF-8 text, got what looks like UTF-16 ({utf16}); save the file as UTF-8"
        raise InputError(display, [Problem(display, 1, "", message)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        bad = raw[err.start : err.start + 1].hex()
        raise InputError(display, [Problem(display, line, "", f"expected UTF-8 text, got byte 0x{bad}")]) from None
    return text.removeprefix("\ufeff")  # a UTF-8 byte-order mark is harmless; drop it


# --- nesting and aliases ---------------------------------------------------------------

MAX_DEPTH = 20
"""Deepest nesting of mappings and lists a file may have; the facts need 9. PyYAML composes nodes
recursively (in C, where a document nested 100,000 deep crashes the interpreter), so deeper files
are refused before they are composed."""
_C_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NESTING = re.compile(r"[^\[\]{}]+")
_INDENT = re.compile(rf"^ {{{MAX_DEPTH}}}", re.MULTILINE)


def check_depth(text: str, display: str) -> None:
    """Refuse text nested deeper than MAX_DEPTH, with the line where it gets too deep.

    A cheap look first (flow brackets counted as if nothing were quoted, and the deepest
    indentation), which can only overestimate; if it finds possible trouble, the parser's events
    (read in a loop, without recursion) give the true depth.
    """
    depth = deepest = 0
    for ch in _NESTING.sub("", text):
        depth = depth + 1 if ch in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    if deepest <= MAX_DEPTH and not _INDENT.search(text):
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_C_LOADER):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line = event.start_mark.line + 1 if event.start_mark else 0
                    message = f"expected mappings and lists nested at most {MAX_DEPTH} deep, got deeper"
                    raise InputError(display, [Problem(display, line, "", message)])
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # a syntax error: composing reports it with its line


def aliases(text: str, loader: type[yaml.SafeLoader]) -> list[int]:
    """Lines of the YAML aliases in text, found by the scanner before anything is built from them.

    Aliases are never needed in a facts file. Refusing them before building also defuses "billion
    laughs" documents: composed, an alias is only a second reference to a node, and nothing is
    expanded until data is built from the nodes.
    """
    if not _MAYBE_ALIAS.search(text):  # no '*' where an alias could start: nothing to scan for
        return []
    return [t.start_mark.line + 1 for t in yaml.scan(text, Loader=loader) if isinstance(t, yaml.AliasToken)]


_MAYBE_ALIAS = re.compile(r"(?<![^\s\[\]{},])\*(?=[^\s\[\]{},])")
"""A '*' at the start of a token (after a space, a line break, a flow bracket or a comma) followed by
a name character: every alias looks so, and most text (a 2× or an *emphasis* mid-sentence) does not."""


def syntax_problem(err: yaml.MarkedYAMLError) -> tuple[int, str]:
    """Say what a YAML syntax error means in words an editor knows, with the line to look at."""
    problem = err.problem or ""
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 if mark else 0
    if "'\\t'" in problem:  # PyYAML: "found character '\\t' that cannot start any token"
        return line, "expected spaces for indentation, got a tab character"
    if "quoted scalar" in (err.context or "") and err.context_mark:
        return err.context_mark.line + 1, "expected a closing quote for the text that starts here, got none"
    if "expected <block end>" in problem:
        return line, "expected the indentation of the lines above, got a line indented differently"
    what = " ".join(part for part in (err.context, problem) if part)
    return line, f"expected valid YAML, got a syntax error: {what}"


# --- plain values ----------------------------------------------------------------------

_MEANT = {
    "int": re.compile(r"[-+]?(?:0|[1-9][0-9]*)"),
    "float": re.compile(r"[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"),
    "bool": re.compile(r"true|True|TRUE|false|False|FALSE"),
    "null": re.compile(r"|null|Null|NULL"),
    "timestamp": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
}
"""How each kind of value YAML resolves is written when a person means it (YAML 1.2's core forms)."""
_NUMBER = "a plain decimal number such as 70 or 1.5"
_QUOTE = "quote it if you meant text"


def scalar_problem(kind: str, written: str, value: Any) -> str | None:
    """What is wrong with a value YAML resolved as kind (int, float, bool, null, timestamp), or None.

    written is the value as the file spells it, value what YAML made of it.
    """
    form = _MEANT.get(kind)
    if form is None or form.fullmatch(written):
        return None
    shown = repr(written) if len(written) <= 40 else repr(written[:37] + "...")
    if isinstance(value, float) and not math.isfinite(value):
        return f"expected a finite number, got {shown}, which YAML reads as {_read_as(written, value)}"
    if kind in ("int", "float"):
        return f"expected {_NUMBER}, got {shown}, which YAML reads as {_read_as(written, value)}; {_QUOTE}"
    if kind == "bool":
        return f"expected true or false, got {shown}, which YAML reads as {str(value).lower()}; {_QUOTE}"
    if kind == "null":
        return f"expected a value, got {shown}, which YAML reads as nothing; leave the field out, or {_QUOTE}"
    when = value.isoformat(sep=" ") if isinstance(value, datetime) else str(value)
    what = "a date and time" if isinstance(value, datetime) else "a date"
    return f"expected a date written YYYY-MM-DD, got {shown}, which YAML reads as {what} ({when}); {_QUOTE}"


def _read_as(written: str, value: Any) -> str:
    """What YAML made of a number written in an unusual form, and why."""
    if isinstance(value, float) and math.isnan(value):
        return "'not a number'"
    if isinstance(value, float) and math.isinf(value):
        return "infinity" if value > 0 else "minus infinity"
    digits = written.lstrip("+-")
    why = "a decimal number"
    if ":" in digits:
        why = "base 60"
    elif digits[:2] in ("0x", "0b"):
        why = "hexadecimal" if digits[1] == "x" else "binary"
    elif digits[:1] == "0" and digits[1:2].isdigit():
        why = "octal" if isinstance(value, int) else "the leading 0 dropped"
    elif "_" in digits:
        why = "the _ ignored"
    return f"{value:g} ({why})" if isinstance(value, float) else f"{value} ({why})"
