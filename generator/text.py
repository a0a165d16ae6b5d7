"""The one way text reaches a page: checked when it is read, escaped when it is written.

Every string of the inputs that a page shows (names, labels, aliases, prose, notes, catalog
sentences, the site's address) is checked here when it is loaded (`problem`, `markup_problem`)
and turned into page output here (`Safe`, `escape`, `inline`, `fill`). Nothing else writes text
into a page.

- **Checked:** control characters (CR and NUL among them), bidirectional and other invisible
  format characters (zero-width spaces, BOMs), lone surrogates, private-use and unassigned code
  points are refused, with a message naming the character. Prose has a length limit.
- **Escaped, whatever got through:** `escape` turns every character that HTML or Markdown (with
  this site's extensions: attribute lists, footnotes, tables, admonitions, Markdown in HTML) could
  read as syntax into a numeric character reference, so a value is text in a Markdown paragraph,
  a table cell, a heading and an HTML attribute alike. The output is `Safe`: a str subclass
  (MarkupSafe's Markup) whose concatenation, `join` and `format` escape anything that is not
  already `Safe`. Forgetting to mark something as safe shows escaped markup; it never runs it.
- **Inline Markdown** (`*emphasis*`, `**strong**`, `` `code` ``, `[links](https://...)`) in prose
  and catalog sentences is parsed by a real CommonMark parser (markdown-it-py, HTML off) and
  written out by `inline` as HTML from an allow-list; links go only to http(s) addresses. So no
  Markdown extension syntax in a fact ever reaches MkDocs as syntax.
"""

from __future__ import annotations

import functools
import html
import itertools
import re
import string
import unicodedata
from collections.abc import Callable
from typing import Any, Self

import markupsafe
from markdown_it import MarkdownIt

from generator.htmlshape import attribute_fields, shape_problem

MAX_LINE = 300
"""Longest single-line text (a name, a label, a title), in characters."""
MAX_PROSE = 3000
"""Longest prose text (a paragraph), in characters."""

_ALWAYS = frozenset('&<>"\\`*_{}[]|#')
"""Characters that are syntax anywhere in a line: HTML, code, emphasis, attribute lists, links,
footnotes, tables, and the closing #s of a heading."""
_LINE_START = re.compile(r"(\s*)(?:([-+=!:~])|(\d+)[.)](?:\s|$))?")
"""What is syntax only at the start of a line: list, setext, admonition markers and ordered lists."""
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
"""(A ' is left as it is: every attribute the generator writes is quoted with ".)"""
_INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0")
"""Hangul fillers: letters by category, blank on screen, and used to disguise names."""
SCHEMA_PATTERN = (
    "^(?=[\\s\\S]*\\S)[^\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u061c\\u115f\\u1160\\u180e\\u200b-\\u200f"
    "\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ud800-\\udfff\\ufeff\\uffa0\\ufff9-\\ufffb]*$"
)
"""For the JSON Schema: some visible character and none of the common invisible ones (problem() knows them all)."""
_REFUSED_CATEGORIES = {
    "Cc": "a control character",
    "Cf": "an invisible formatting character",
    "Cs": "a lone surrogate",
    "Co": "a private-use character",
    "Cn": "an unassigned code point",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
}


class Safe(markupsafe.Markup):
    """Text ready for a page. Joining, adding or formatting it escapes every part that is not Safe."""

    __slots__ = ()

    @classmethod
    def escape(cls, s: Any) -> Self:  # MarkupSafe's hook, used by +, join and format
        if isinstance(s, Safe):  # only our own: MarkupSafe's Markup is safe for HTML, not for Markdown
            return cls(s)
        return cls(escape(str(s)))

    def format(self, *args: Any, **kwargs: Any) -> Self:
        """This template with its {} filled, each value escaped unless it is Safe.

        A field inside an attribute's quotes (`title="{}"`) takes the value's words as attribute
        text whatever it is (`attribute_value`): a Safe fragment's own tags and quotes would end
        the attribute. The same as MarkupSafe's otherwise, but with str.format (in C) instead of
        string.Formatter: pages format tens of thousands of fragments.
        """
        inside = attribute_fields(str(self))
        escaped = [attribute_value(v) if i in inside else self.escape(v) for i, v in enumerate(args)]
        values = {k: attribute_value(v) if k in inside else self.escape(v) for k, v in kwargs.items()}
        return self.__class__(str.format(self, *escaped, **values))


_TABLE = {ord(ch): _ESCAPES.get(ch) or f"&#{ord(ch)};" for ch in _ALWAYS}


def _reference(ch: str) -> str:
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:  # a lone surrogate cannot be written as UTF-8: show a replacement
        return "&#xfffd;"
    return _ESCAPES.get(ch) or f"&#{code};"


def escape(value: str) -> str:
    """Value as inert text for Markdown and HTML alike (text, table cell, heading or attribute value).

    Syntax characters become numeric character references, which Markdown leaves alone and a
    browser shows as the character. Control characters and lone surrogates, which the loader
    refuses, are escaped too, so that this function is safe for any str whatever its origin.
    """
    text = value.translate(_TABLE)
    if not text.isprintable():  # only what the loader refuses: handled one character at a time
        text = "".join(ch if ch.isprintable() else _reference(ch) for ch in text)
    start = _LINE_START.match(text)
    if start and (start.end() or text[:1].isspace()):
        # a value a template puts at the start of a line must not start a list or a code block
        spaces = start.group(1)
        at = len(spaces) if (start.group(2) or start.group(3)) else None
        if len(spaces) >= 2 or "\t" in spaces:
            at = 0
        if at is not None and at < len(text):
            text = text[:at] + _reference(text[at]) + text[at + 1 :]
    return text


# --- attributes ------------------------------------------------------------------------------


def attribute_value(value: object) -> Safe:
    """Any value as the text of a quoted HTML attribute: a Safe fragment gives its words, never its tags.

    Every value a template or a Safe literal places between an attribute's quotes goes through
    here (Safe.format and the templates' attribute filter do it by themselves), so neither a
    sentence with a link nor a value with a quote can end the attribute or add another.
    """
    if isinstance(value, markupsafe.Markup):
        value = value.striptags()  # its text, references decoded, to be escaped again below
    elif isinstance(value, bool) or value is None or not isinstance(value, int | float):
        value = str(value)
    return Safe(escape(str(value)))


def attribute(value: str) -> str:
    """Value for an HTML attribute or element outside Markdown (the page's title and description)."""
    return "".join(_reference(ch) if ch in _ESCAPES or not ch.isprintable() else ch for ch in value)


def finalize(value: object) -> object:
    """Jinja's hook for every {{ expression }} of a template: escape whatever is not Safe."""
    if isinstance(value, Safe):
        return value
    if isinstance(value, bool) or value is None:
        return Safe.escape(value)
    if isinstance(value, int | float):
        return Safe(str(value))
    return Safe.escape(value)


# --- checks when text is read ----------------------------------------------------------------


def problem(value: str, *, limit: int = MAX_LINE, references: bool = True) -> str | None:
    """What is wrong with the characters of a text ('expected ..., got ...'), or None.

    references=False for an address, where `&copy=1` is a query, not a reference (and is escaped
    when written all the same).
    """
    if len(value) > limit:
        return f"expected at most {limit:,} characters, got {len(value):,}"
    if references and "&" in value and (trouble := reference_problem(value)):
        return trouble
    if value.isprintable() and not _INVISIBLE.intersection(value):
        return None
    for index, ch in enumerate(value):
        category = unicodedata.category(ch)
        what = _REFUSED_CATEGORIES.get(category) or ("a blank Hangul filler" if ch in _INVISIBLE else None)
        if what is None:
            continue
        if ch in "\n\r" and category == "Cc":
            return "expected one line (write long prose with >- in YAML), got a line break"
        name = unicodedata.name(ch, "") if category != "Cs" else ""
        shown = f"U+{ord(ch):04X}" + (f" {name}" if name else "")
        return f"expected visible text, got {what} ({shown}) at character {index + 1}"
    return None


_REFERENCE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")
"""What could be a character reference: `&#8238;`, `&#x202E;`, `&rlm;`, and the legacy `&copy` without `;`."""


def reference_problem(value: str) -> str | None:
    """A character reference in a text, or None.

    A reference is how characters are smuggled past a check of the characters themselves (`&#x202E;`
    is a right-to-left override once decoded, in a page, a search index or a description). Text is
    shown as written, so a reference would show as its characters anyway; refusing it says so.
    """
    for match in _REFERENCE.finditer(value):
        written = match.group()
        decoded = html.unescape(written)
        if decoded == written:
            continue  # `R&D`, `AT&T`: no reference
        shown = ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".rstrip() for ch in decoded[:3])
        return (
            f"expected the character itself, got the character reference {written!r} ({shown}) "
            f"at character {match.start() + 1}; write the character as it is"
        )
    return None


_HTML = re.compile(r"<[A-Za-z!/?]")  # as browsers read a tag: no space after <


def markup_problem(value: str) -> str | None:
    """What is wrong with the inline Markdown of a prose text or catalog sentence, or None.

    Everything is shown as text unless it is emphasis, code or an http(s) link, so nothing here
    is needed for safety; these are mistakes an editor would otherwise see printed on the page.
    """
    tag = _HTML.search(value)
    if tag:
        shown = value[tag.start() : value.find(">", tag.start()) + 1 or tag.start() + 20]
        return f"expected plain text or inline Markdown, got HTML {shown[:40]!r}"
    if "[^" in value:
        return "expected text without footnote references, got '[^'"
    tokens, refused = _parse(value)
    if refused:
        return f"expected a link to an http(s) address, got {refused[0][:60]!r}"
    for before, token in itertools.pairwise(tokens):
        if token[0] == "link_open" and before[0] == "text" and before[1].endswith("!"):
            return "expected text without images, got an image link"
    return None


# --- inline Markdown -----------------------------------------------------------------------

Token = tuple[str, str, str]
"""(type, content, href) of one inline token."""

_MARKUP = frozenset("*_`[\\&")
_TAGS = {"em_open": "<em>", "em_close": "</em>", "strong_open": "<strong>", "strong_close": "</strong>"}


def _http_only(url: str) -> bool:
    return url.startswith(("https://", "http://"))


@functools.lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("zero", {"linkify": False, "html": False})
    # No "entity" rule: a character reference stays the characters it is written with (the loader
    # refuses them anyway, `reference_problem`), so no reference can bring in a character the
    # checks above would refuse, or a placeholder's slot.
    md.enable(["emphasis", "backticks", "link", "escape"])
    return md


@functools.lru_cache(maxsize=8192)  # catalog sentences are rendered again and again
def _parse(value: str) -> tuple[tuple[Token, ...], tuple[str, ...]]:
    """The inline tokens of a text, and the link targets it refused (anything but http(s))."""
    if not _MARKUP.intersection(value):
        return (("text", value, ""),), ()
    md = _parser()
    refused: list[str] = []

    def validate(url: str) -> bool:
        if _http_only(url):
            return True
        refused.append(url)
        return False

    md.validateLink = validate  # type: ignore[method-assign]
    children = md.parseInline(value)[0].children or []
    tokens: list[Token] = []
    for token in children:
        href = str(token.attrs.get("href", "")) if token.type == "link_open" else ""
        if token.type == "softbreak":
            tokens.append(("text", " ", ""))
        else:
            tokens.append((token.type, token.content, href))
    return tuple(tokens), tuple(refused)


Marker = Callable[[str], Safe]
"""Turns a plain piece of text into page output (escaping it; marking glossary terms, say)."""


def inline(value: str, mark: Marker | None = None) -> Safe:
    """A prose text as page output: its inline Markdown as HTML, the rest escaped.

    `mark` writes each plain piece of text (for glossary tooltips).
    """
    return _render(value, mark or _write, None)


def _write(piece: str) -> Safe:
    return Safe(escape(piece))


_SLOT = 0xE000
"""Placeholders stand in a sentence as private-use characters while it is parsed: the loader refuses
those in every input, so no text, character reference or escape can make or hide one."""
_SLOTS = re.compile("([\ue000-\ue0ff])")


def _render(value: str, write: Marker, put: Callable[[str], Safe] | None) -> Safe:
    tokens, _ = _parse(value)

    def fill(piece: str, write: Marker) -> str:
        if put is None or not _SLOTS.search(piece):
            return write(piece) if piece else ""
        parts = _SLOTS.split(piece)  # text, slot, text, slot, ..., text
        return "".join(put(part) if i % 2 else (write(part) if part else "") for i, part in enumerate(parts))

    out: list[str] = []
    for kind, content, href in tokens:
        if kind == "text":
            out.append(fill(content, write))
        elif kind == "code_inline":
            out.append(f"<code>{fill(content, _write)}</code>")
        elif kind == "link_open":
            out.append(f'<a href="{fill(href, _write)}">')
        elif kind == "link_close":
            out.append("</a>")
        elif kind in _TAGS:
            out.append(_TAGS[kind])
        else:  # a token type outside the allow-list: its text, escaped
            out.append(fill(content, _write))
    return Safe("".join(out))


@functools.lru_cache(maxsize=4096)
def _template(sentence: str) -> tuple[str, tuple[str, ...]]:
    """A catalog sentence with each {placeholder} replaced by a slot character, and the names in slot order.

    The placeholders are found in the sentence as written (placeholder_problem has checked them), before
    any Markdown is read: a character reference such as &#123; is a brace, never a placeholder.
    """
    out: list[str] = []
    names: list[str] = []
    for literal, name, _, _ in string.Formatter().parse(sentence):
        out.append(literal)
        if name is not None:
            out.append(chr(_SLOT + len(names)))
            names.append(name)
    return "".join(out), tuple(names)


def fill(sentence: str, **values: object) -> Safe:
    """A catalog sentence with its {placeholders} filled in (each value escaped unless Safe), as page output.

    Raises KeyError naming a placeholder that has no value.
    """
    if not values:
        return _constant(sentence)
    template, names = _template(sentence)
    out = _render(template, _write, lambda slot: Safe.escape(values[_name(names, slot)]))
    if any(isinstance(value, Safe) and "<" in value for value in values.values()) and (trouble := shape_problem(out)):
        raise ShapeError(trouble)
    return out


class ShapeError(ValueError):
    """Raised when a filled sentence's tags do not close in the order they open (see shape_problem)."""


def _name(names: tuple[str, ...], slot: str) -> str:
    """The placeholder a slot character stands for (KeyError for one no placeholder made)."""
    index = ord(slot) - _SLOT
    if index >= len(names):
        raise KeyError(f"U+{ord(slot):04X}")
    return names[index]


@functools.lru_cache(maxsize=4096)  # the same words (unknown, n/a, a kind) fill a table's cells
def _constant(sentence: str) -> Safe:
    template, names = _template(sentence)
    if names:
        raise KeyError(names[0])
    return _render(template, _write, None)


def plain(value: str) -> str:
    """The words of a prose text without its markup (for a page's description)."""
    tokens, _ = _parse(value)
    return "".join(content for kind, content, _ in tokens if kind in ("text", "code_inline"))


def plain_sentence(sentence: str, **values: object) -> str:
    """The words of a catalog sentence without its markup, placeholders filled (for titles and descriptions)."""
    template, names = _template(sentence)
    words = plain(template)
    return _SLOTS.sub(lambda slot: str(values[_name(names, slot.group(1))]), words) if names else words


_SITE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::(?P<port>[0-9]{1,5}))?(?P<path>/[A-Za-z0-9._~/-]*)?")


def site_url_problem(url: str | None) -> str | None:
    """What is wrong with the site's address (SITE_URL), or None: it lands in every page's links as it is."""
    if not url:
        return "expected an http(s) address such as https://example.org/docs/, got nothing"
    match = _SITE_URL.fullmatch(url)
    path = (match.group("path") or "") if match else ""
    if match and int(match.group("port") or 1) <= 65535 and ".." not in path.split("/"):
        return None
    shown = url[:80].encode("unicode_escape").decode("ascii")
    return f"expected an http(s) address such as https://example.org/docs/, got {shown!r}"


# --- the project's repository (report a correction) -------------------------------------------

REPOSITORY_PATTERN = (
    r"https://github\.com/[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}/(?!\.\.?$)(?!.*\.[Gg][Ii][Tt]$)[A-Za-z0-9._-]{1,100}"
)
"""A GitHub repository's address: https://github.com/OWNER/REPO, nothing before or after (GitHub's
own limits: an owner of up to 39 letters, digits and single inner hyphens; a name of up to 100
letters, digits, '.', '_' and '-'), and not git's clone address (.git). Pages link to
OWNER/REPO/issues/new from it."""


def repository_problem(url: str) -> str | None:
    """What is wrong with the repository setting (site.repository), or None."""
    if re.fullmatch(REPOSITORY_PATTERN, url):
        return None
    shown = url[:80].encode("unicode_escape").decode("ascii")
    hint = ""
    if url.endswith("/") or url.lower().endswith(".git") or url.count("/") > 4:
        hint = " (the repository's own address: no trailing '/', '.git' or path after the name)"
    elif url.startswith("http://"):
        hint = " (https, not http)"
    return f"expected the address of a GitHub repository, https://github.com/OWNER/REPO{hint}, got {shown!r}"


def placeholder_problem(sentence: str) -> str | None:
    """What is wrong with the {placeholders} of a catalog sentence, or None.

    Only {name} is allowed: no positional {0}, no {x.attribute} or {x[index]}, no conversions or
    formats, and a literal brace is written {{ or }}.
    """
    try:
        fields = list(string.Formatter().parse(sentence))
    except ValueError as err:
        return f"expected {{name}} placeholders and {{{{ or }}}} for a brace, got {err}"
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        if not re.fullmatch(r"[a-z][a-z_]*", name) or spec or conversion:
            whole = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            return f"expected a placeholder such as {{name}}, got {{{whole}}}"
    return None


def names(sentence: str) -> set[str]:
    """The placeholder names of a catalog sentence (which placeholder_problem has checked)."""
    return {name for _, name, _, _ in string.Formatter().parse(sentence) if name}
