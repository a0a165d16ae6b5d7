"""Reading URLs and start tags as a browser does (the HTML and URL standards), for the output scan
(generator/scan.py), which parses pages with the standard library's HTMLParser and compares."""

from __future__ import annotations

import html
import json
import posixpath
import re

C0_AND_SPACE = "".join(map(chr, range(0x21)))
TAB_AND_NEWLINES = str.maketrans("", "", "\t\n\r")
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
HTML_SPACE = "\t\n\f\r "


def url_scheme(url: str) -> str | None:
    """The scheme a browser finds in an attribute's (already unescaped) value, lower case; None if relative.

    As the URL standard parses: leading and trailing C0 controls and spaces are stripped, tabs and
    newlines anywhere are removed (so "java\\tscript:" is javascript), and the scheme is an ASCII
    letter, then letters, digits, "+", "-" or ".", up to the first ":".
    """
    match = SCHEME.match(url.strip(C0_AND_SPACE).translate(TAB_AND_NEWLINES))
    return match.group()[:-1].lower() if match else None


def refresh_target(content: str) -> str:
    """The URL in a <meta http-equiv="refresh"> content ("5; url='x'" gives x), as browsers find it."""
    rest = content.lstrip(HTML_SPACE)
    rest = rest[len(rest) - len(rest.lstrip("0123456789.")) :].lstrip(HTML_SPACE)
    if rest[:1] in (";", ","):
        rest = rest[1:].lstrip(HTML_SPACE)
    if rest[:3].lower() == "url":
        after = rest[3:].lstrip(HTML_SPACE)
        if after[:1] == "=":
            rest = after[1:].lstrip(HTML_SPACE)
    if rest[:1] in ("'", '"'):
        end = rest.find(rest[0], 1)
        rest = rest[1:] if end < 0 else rest[1:end]
    return rest


_TAG_NAME = re.compile(r"<[^\t\n\f\r />]*")
_SPACES = re.compile(r"[\t\n\f\r ]*")
_ATTRIBUTE_NAME = re.compile(r"[^\t\n\f\r />=]*")
_UNQUOTED = re.compile(r"[^\t\n\f\r >]*")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def browser_start_tag(raw: str) -> tuple[list[tuple[str, str | None]], int]:
    """The attributes a browser reads from the text of a start tag, and where it ends the tag.

    The states of the HTML standard's tokenizer from the tag name to the tag's end (before
    attribute name, attribute name, after attribute name, before attribute value, the three
    attribute value states, self-closing start tag), each as a regular expression step. Returns the
    attributes in order (names in ASCII lower case, values unescaped) and the index just after the
    tag's ">", or -1 if the tag does not end within raw.
    """
    n, attributes = len(raw), list[tuple[str, str | None]]()
    i = _TAG_NAME.match(raw).end()  # type: ignore[union-attr]  # always matches: "<" at least
    while True:
        i = _SPACES.match(raw, i).end()  # type: ignore[union-attr]
        if i >= n:
            return attributes, -1
        if raw[i] == ">":
            return attributes, i + 1
        if raw[i] == "/":  # self-closing start tag state; anything but ">" is read as before attribute name
            if raw.startswith("/>", i):
                return attributes, i + 2
            i += 1
            continue
        start = i
        if raw[i] == "=":  # a leading "=" is part of the name
            i += 1
        i = _ATTRIBUTE_NAME.match(raw, i).end()  # type: ignore[union-attr]
        name = raw[start:i].translate(_ASCII_LOWER).replace("\0", "\ufffd")
        i = _SPACES.match(raw, i).end()  # type: ignore[union-attr]
        if not raw.startswith("=", i):
            attributes.append((name, None))
            continue
        i = _SPACES.match(raw, i + 1).end()  # type: ignore[union-attr]
        if i >= n:
            return attributes, -1
        quote = raw[i]
        if quote in "\"'":
            end = raw.find(quote, i + 1)
            if end < 0:
                return attributes, -1
            value, i = raw[i + 1 : end], end + 1
        else:  # unquoted (empty if ">" follows at once)
            end = _UNQUOTED.match(raw, i).end()  # type: ignore[union-attr]
            value, i = raw[i:end], end
        attributes.append((name, html.unescape(value)))


def site_path(url: str, page: str, root: str) -> str | None:
    """The path, relative to the site folder, of the file a URL on page names; None if it names none.

    page is the page's path relative to the site folder, root the URL path the site is served at
    ("/" or "/accel/"). A URL with a scheme, a host ("//"), a percent escape, an empty segment or
    a ".." above the site names no file of the site; a query and a fragment are ignored.
    """
    path = url.strip(C0_AND_SPACE).translate(TAB_AND_NEWLINES).replace("\\", "/")
    path = path.split("#", 1)[0].split("?", 1)[0]
    if not path or SCHEME.match(path) or path.startswith("//") or "%" in path:
        return None
    if path.startswith("/"):
        if not path.startswith(root):
            return None
        path = path[len(root) :]
    else:
        path = posixpath.join(posixpath.dirname(page), path)
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part == "":
            return None
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def snippet(text: str, limit: int = 60) -> str:
    """A short, one-line rendering of text for a finding."""
    shown = text if len(text) <= limit else text[:limit] + "…"
    return json.dumps(shown, ensure_ascii=False)
