"""The shape of HTML where text meets markup: which template fields sit inside an attribute, and whether
filled HTML is whole.

generator/text.py reads these: `Safe.format` and the templates' preprocessing (`quote_attributes`)
send every value between an attribute's quotes through `text.attribute_value`, and `text.fill`
checks that a sentence filled with tags given as values (`{link}...{end}`) closes them in order.
"""

from __future__ import annotations

import functools
import re
import string

_TEXT, _TAG, _DOUBLE, _SINGLE = range(4)


def _html_state(chunk: str, state: int) -> int:
    """Where the HTML of a template stands after chunk: in text, in a tag, or in a quoted attribute value."""
    for i, ch in enumerate(chunk):
        if state == _TEXT:
            if ch == "<" and chunk[i + 1 : i + 2].isalpha():
                state = _TAG
        elif state == _TAG:
            state = {'"': _DOUBLE, "'": _SINGLE, ">": _TEXT}.get(ch, _TAG)
        elif (state == _DOUBLE and ch == '"') or (state == _SINGLE and ch == "'"):
            state = _TAG
    return state


@functools.lru_cache(maxsize=2048)
def attribute_fields(template: str) -> frozenset[int | str]:
    """The {} fields of a Safe literal that sit inside an attribute's quotes (by position or name).

    Raises ValueError for a field inside a tag but outside double quotes (`<a href={}>`, `title='{}'`):
    a value there could add attributes of its own.
    """
    state, auto, inside = _TEXT, 0, set()
    for literal, field, _, _ in string.Formatter().parse(template):
        state = _html_state(literal, state)
        if field is None:
            continue
        key: int | str = auto if field == "" else int(field) if field.isdigit() else field
        auto += field == ""
        if state in (_TAG, _SINGLE):
            raise ValueError(f"a {{}} inside a tag but outside double quotes: {template[:60]!r}")
        if state == _DOUBLE:
            inside.add(key)
    return frozenset(inside)


_JINJA = re.compile(r"\{\{(-?)(.*?)(-?)\}\}|\{%.*?%\}|\{##.*?##\}", re.S)


def quote_attributes(source: str) -> str:
    """A template's source with every {{ expression }} inside an attribute's quotes passed to `attribute`.

    Jinja's preprocessing step (render.make_env): `title="{{ x }}"` becomes `title="{{ (x) | attribute }}"`,
    so a template cannot place a fragment's markup in an attribute whatever the value is. Raises
    ValueError for an expression inside a tag but outside double quotes.
    """
    out: list[str] = []
    state, last = _TEXT, 0
    for match in _JINJA.finditer(source):
        state = _html_state(source[last : match.start()], state)
        out.append(source[last : match.start()])
        last = match.end()
        whole = match.group()
        if match.group(2) is not None and state in (_TAG, _SINGLE):  # escape() leaves ' as it is
            line = source.count("\n", 0, match.start()) + 1
            raise ValueError(f"line {line}: {whole[:40]!r} inside a tag but outside double quotes")
        if match.group(2) is not None and state == _DOUBLE:
            whole = f"{{{{{match.group(1)} ({match.group(2).strip()}) | attribute {match.group(3)}}}}}"
        out.append(whole)
    out.append(source[last:])
    return "".join(out)


_TAG_IN_OUTPUT = re.compile(r"<(/?)([a-z][a-z0-9]*)\b[^>]*>")
_VOID = frozenset({"br", "wbr", "img", "hr"})


def shape_problem(out: str) -> str | None:
    """Whether the HTML of a filled sentence is whole: every tag closed, in the order opened.

    A sentence may place tags given as values (`{link}Read the English page{end}`); a translation
    that writes `{end}...{link}` would leave a link open over the rest of the page.
    """
    stack: list[str] = []
    for match in _TAG_IN_OUTPUT.finditer(out):
        closing, name = match.group(1), match.group(2)
        if name in _VOID:
            continue
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return f"expected each tag closed after it opens, got </{name}> with no <{name}> open before it"
    if stack:
        return f"expected each tag closed after it opens, got <{stack[-1]}> left open"
    return None
