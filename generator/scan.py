"""A second wall on the output: scan a built site's HTML for anything that could run a script.

The loader already refuses prose that is not plain text, and the templates escape what they print.
This scan looks at what actually came out, every `*.html` page of a built site folder, before it
is swapped in, and reports each thing a browser could run or be sent away by:

- attributes named `on...` (event handlers), on any element, SVG and MathML included;
- `javascript:`, `vbscript:` and `data:` URLs in URL attributes (href, src, xlink:href, action,
  formaction, poster, data, cite, background, srcset, ...) and in the target of a
  `<meta http-equiv="refresh">`, the scheme read as a browser reads it (see `url_scheme`);
- `srcdoc`; the elements iframe, object, embed, base, frame, frameset, applet, portal,
  fencedframe; `<meta http-equiv="refresh">`; forms other than the search and palette forms
  (Material's, as copied into theme/partials/); SVG animations that set an href or an event handler;
- every `<script>` the theme does not ship: a `src` must name a file of the site under
  `assets/javascripts/`, a JSON block must not contain `<`, and an inline script must be one of
  `INLINE_SCRIPTS` (Material's and theme/'s own, each with where it comes from);
- `style` attributes and `<style>` elements with `expression(`, `url(javascript:`, `behavior:` or
  `-moz-binding`.

The page is parsed with the standard library's `html.parser.HTMLParser` (linear, but for the cases
`_Scanner._read` avoids). That parser is not a browser: it ends comments, raw text and some tags
elsewhere than a browser does, and a page made to exploit such a difference could hide markup from
this scan. So where the two could disagree, the difference itself is a finding:

- every start tag is read a second time the way the HTML standard's tokenizer reads it
  (`browser_start_tag`); a tag a browser would end elsewhere is reported, and the attributes of
  both readings are checked;
- comments, CDATA sections, processing instructions and declarations other than `<!doctype html>`
  are reported (`<!-->`, `--!>` and `<![CDATA[` end differently in browsers);
- a `<` followed by a letter that the parser took as text (a browser may read a tag there);
- markup inside title, textarea and noscript (a browser reads their content as text), the
  elements xmp, noembed, noframes and plaintext, and `<script/>`, `<style/>` and the like (a
  browser ignores the `/` and reads on);
- a script or style ended by `</ script>` or another end tag a browser does not take as its end,
  a `<` in a style, a script or style never closed, and an attribute given twice (a browser uses
  the first, which this scan cannot be sure to read);
- a page the parser cannot finish: an unfinished tag, comment or declaration at the end (Python
  3.11's HTMLParser would read it in quadratic time), markup it fails on, or more than a hundred
  "&#" that are no character reference (it stops at each).

None of these occur in the site MkDocs and Material build from this project
(tests/test_scan.py checks it).
"""

from __future__ import annotations

import html
import json
import multiprocessing
import os
import posixpath
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

DANGEROUS_SCHEMES = frozenset({"javascript", "vbscript", "data"})

URL_ATTRIBUTES = frozenset(
    {
        "href",  # also xlink:href: the part after the last ':' is compared
        "src",
        "action",
        "formaction",
        "poster",
        "data",
        "cite",
        "background",
        "lowsrc",
        "dynsrc",
        "longdesc",
        "manifest",
        "codebase",
        "classid",
        "icon",
        "profile",
    }
)
"""Attributes whose value is one URL."""

URL_LIST_ATTRIBUTES = frozenset({"srcset", "imagesrcset", "ping", "archive"})
"""Attributes whose value is several URLs (with descriptors), separated by commas or white space."""

FORBIDDEN_ELEMENTS = frozenset(
    {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "portal", "fencedframe"}
)

RAWTEXT_ELEMENTS = frozenset({"xmp", "noembed", "noframes", "plaintext"})
"""Elements whose content browsers read as text and this parser as markup; obsolete, never needed."""

TEXT_ONLY_ELEMENTS = frozenset({"title", "textarea", "noscript"})
"""Elements whose content browsers read as text (noscript: when scripts run): markup inside is a finding."""

OPEN_ENDED = frozenset({"script", "style", "iframe"}) | RAWTEXT_ELEMENTS | TEXT_ONLY_ELEMENTS
"""Elements a browser does not close with `/>`."""

SVG_ANIMATIONS = frozenset({"animate", "set", "animatemotion", "animatetransform", "animatecolor"})

THEME_FORMS = frozenset(
    {
        # Material 9.8.1 partials/search.html, copied with one change into theme/partials/search.html.
        (("class", "md-search__form"), ("name", "search")),
        # Material 9.8.1 partials/palette.html (the light/dark switch), copied without its
        # data-md-component into theme/partials/palette.html.
        (("class", "md-header__option"),),
    }
)
"""The only forms a page may have: attributes exactly these (neither has an action)."""

SCRIPT_FOLDER = "assets/javascripts/"
"""Where every script a page loads must be: Material's bundle and search worker
(assets/javascripts/bundle.*.min.js, assets/javascripts/workers/search.*.min.js, lunr/ for the
worker) and this project's docs/assets/javascripts/sort-tables.js (mkdocs.yml extra_javascript)."""

# --- the inline scripts the theme ships --------------------------------------------------------
#
# Each is the script's text with every line's indentation removed, and these placeholders for
# what differs from page to page:
#   @PATH@   MkDocs' base_url: "." "..", "../.." ... by page depth, or an absolute path such as "/"
#            on the 404 pages (the path of site_url);
#   @LANG@   a language code such as ko (every @LANG@ of one script is the same code);
#   @LANGS@  a JSON list of language codes, ["ko"] or ["ko", "fr"].

MATERIAL_SCOPE = (
    '__md_scope=new URL("@PATH@",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
    '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
    '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}'
)
"""mkdocs-material 9.8.1, partials/javascripts/base.html (in <head> of every page, from base.html):
localStorage helpers scoped to the site, `new URL("{{ config.extra.scope | d(base_url) }}", location)`."""

THEME_PALETTE = """\
(function (inputs) {
var metas = {};
["theme-color", "color-scheme"].forEach(function (name) {
metas[name] = document.head.appendChild(document.createElement("meta"));
metas[name].name = name;
});
function system() {
for (var i = 0; i < inputs.length; i++) {
if (matchMedia(inputs[i].getAttribute("data-md-color-media")).matches) return i;
}
return 0;
}
function show(index) {
var chosen = inputs[Math.max(0, Math.min(index, inputs.length - 1))], color = {};
["media", "scheme", "primary", "accent"].forEach(function (key) {
color[key] = chosen.getAttribute("data-md-color-" + key);
document.body.setAttribute("data-md-color-" + key, color[key]);
});
inputs.forEach(function (input) {
input.checked = input === chosen;
if (input.nextElementSibling instanceof HTMLLabelElement) input.nextElementSibling.hidden = input !== chosen;
});
metas["color-scheme"].content = color.scheme === "slate" ? "dark" : "light";
return { index: Array.prototype.indexOf.call(inputs, chosen), color: color };
}
function bar() {
var rgb = getComputedStyle(document.querySelector("header")).backgroundColor.match(/\\d+/g);
metas["theme-color"].content = "#" + rgb.slice(0, 3).map(function (c) {
return (+c).toString(16).padStart(2, "0");
}).join("");
}
var saved = __md_get("__palette"), shown = show(saved && saved.index >= 0 ? saved.index : system());
requestAnimationFrame(function () { setTimeout(bar); });
inputs[0].form.addEventListener("change", function (event) {
document.body.setAttribute("data-md-color-switching", "");
__md_set("__palette", shown = show(Array.prototype.indexOf.call(inputs, event.target)));
bar();
requestAnimationFrame(function () { document.body.removeAttribute("data-md-color-switching"); });
});
inputs[0].form.addEventListener("keydown", function (event) {
if (event.key !== "Enter") return;
var next = inputs[(shown.index + 1) % inputs.length];
next.click();
next.focus();
});
matchMedia("(prefers-color-scheme: light)").addEventListener("change", function () {
if (__md_get("__palette")) return;
shown = show(system());
bar();
});
})(document.querySelectorAll("input[name=__palette]"));"""
"""theme/partials/javascripts/palette.html (in the header of every page, as Material's own palette
script was): applies the reader's saved light/dark choice, or the system's, and runs the switch."""

MATERIAL_TABBED_TARGET = (
    "var target=document.getElementById(location.hash.slice(1));"
    'target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))'
)
"""mkdocs-material 9.8.1, partials/javascripts/content.html (after the content of every page, from
base.html): opens the content tab a link's #anchor names."""

THEME_SEARCH_LANGUAGE = """\
// Search this language's own index: /@LANG@/search/search_index.json.
(function (element) {
var config = JSON.parse(element.textContent);
config.base = config.base.replace(/\\/$/, "") + "/@LANG@/";
element.textContent = JSON.stringify(config);
})(document.getElementById("__config"));"""
"""theme/main.html, block config (pages of every language but the default): points Material's
search at the language's own index (generator/hooks.py splits the index per language)."""

THEME_404_REDIRECT = """\
(function (root, languages) {
var path = location.pathname;
for (var i = 0; i < languages.length; i++) {
var folder = root + languages[i] + "/";
if (path.indexOf(folder) === 0 && path !== folder + "404.html") {
location.replace(folder + "404.html");
return;
}
}
})("@PATH@", @LANGS@);"""
"""theme/404.html (the default language's 404 page only): hosts with a single 404.html (GitHub
Pages) serve it for every missing address; readers under /ko/ are sent to the Korean 404 page."""

INLINE_SCRIPTS = {
    "Material's localStorage scope": MATERIAL_SCOPE,
    "theme/partials/javascripts/palette.html's switch": THEME_PALETTE,
    "Material's tab target": MATERIAL_TABBED_TARGET,
    "theme/main.html's search language": THEME_SEARCH_LANGUAGE,
    "theme/404.html's redirect": THEME_404_REDIRECT,
}
"""Every inline script a page may have."""

_LANG = r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*"
_PATH = r"\.|\.\.(?:/\.\.)*|/(?:[A-Za-z0-9._~-]+/)*"
PATH_PATTERN = re.compile(_PATH)
"""A base_url: ".", "..", "../.." and so on, or an absolute path ending in "/" (no quotes, no backslashes)."""

_PLACEHOLDERS = {"@PATH@": f"(?:{_PATH})", "@LANGS@": rf'\[(?:"{_LANG}"(?:,\s?"{_LANG}")*)?\]'}


def _shape(template: str) -> re.Pattern[str]:
    """A template's pattern: its text literally, each placeholder by its pattern (@LANG@ the same each time)."""
    parts = re.split(r"(@PATH@|@LANG@|@LANGS@)", template)
    pattern, seen_lang = [], False
    for i, part in enumerate(parts):
        if i % 2 == 0:
            pattern.append(re.escape(part))
        elif part == "@LANG@":
            pattern.append("(?P=lang)" if seen_lang else f"(?P<lang>{_LANG})")
            seen_lang = True
        else:
            pattern.append(_PLACEHOLDERS[part])
    return re.compile("".join(pattern))


_SHAPES = {name: _shape(text) for name, text in INLINE_SCRIPTS.items()}


def shipped_script(text: str) -> str | None:
    """Which of INLINE_SCRIPTS an inline script's text is (its name), or None.

    Only indentation may differ: each line is stripped of spaces and tabs, and blank lines at the
    start and end are dropped; line breaks stay where they are (JavaScript reads them).
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    code = "\n".join(line.strip(" \t") for line in lines).strip("\n")
    return next((name for name, shape in _SHAPES.items() if shape.fullmatch(code)), None)


# --- reading URLs, CSS and tags as a browser does ------------------------------------------------

_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_TAB_AND_NEWLINES = str.maketrans("", "", "\t\n\r")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_HTML_SPACE = "\t\n\f\r "


def url_scheme(url: str) -> str | None:
    """The scheme a browser finds in an attribute's (already unescaped) value, lower case; None if relative.

    As the URL standard parses: leading and trailing C0 controls and spaces are stripped, tabs and
    newlines anywhere are removed (so "java\\tscript:" is javascript), and the scheme is an ASCII
    letter, then letters, digits, "+", "-" or ".", up to the first ":".
    """
    match = _SCHEME.match(url.strip(_C0_AND_SPACE).translate(_TAB_AND_NEWLINES))
    return match.group()[:-1].lower() if match else None


def refresh_target(content: str) -> str:
    """The URL in a <meta http-equiv="refresh"> content ("5; url='x'" gives x), as browsers find it."""
    rest = content.lstrip(_HTML_SPACE)
    rest = rest[len(rest) - len(rest.lstrip("0123456789.")) :].lstrip(_HTML_SPACE)
    if rest[:1] in (";", ","):
        rest = rest[1:].lstrip(_HTML_SPACE)
    if rest[:3].lower() == "url":
        after = rest[3:].lstrip(_HTML_SPACE)
        if after[:1] == "=":
            rest = after[1:].lstrip(_HTML_SPACE)
    if rest[:1] in ("'", '"'):
        end = rest.find(rest[0], 1)
        rest = rest[1:] if end < 0 else rest[1:end]
    return rest


_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(.))", re.S)
_CSS_DANGER = re.compile(r"expression\(|url\(['\"]?(?:javascript|vbscript):|behavior:|-moz-binding")


def css_danger(css: str) -> str | None:
    """What in a piece of CSS could run a script (IE's expression() and behaviours, Firefox's
    XBL bindings, script URLs), after removing comments, decoding escapes and removing white space."""
    kept, i = [], 0
    while (start := css.find("/*", i)) >= 0:
        kept.append(css[i:start])
        end = css.find("*/", start + 2)
        i = len(css) if end < 0 else end + 2
    kept.append(css[i:])
    text = _CSS_ESCAPE.sub(_css_unescape, "".join(kept))
    match = _CSS_DANGER.search("".join(text.split()).lower())
    return match.group() if match else None


def _css_unescape(match: re.Match[str]) -> str:
    if match.group(1):
        code = int(match.group(1), 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    return match.group(2)


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


# --- the scan -------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Finding:
    """Something on a page that could run a script: the page (relative to the site folder), the line, what."""

    page: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.what}"


def scan_site(site: Path, *, root: str = "/", processes: int | None = None) -> list[Finding]:
    """Scan every *.html page under site; the findings sorted by page, line and text.

    root is the URL path the site is served at (the path of site_url): the 404 pages load their
    scripts by absolute path (/assets/javascripts/...), which must be under root. On Linux with
    several cores the pages are shared among forked processes (a build waits for the scan).
    """
    pages = sorted(path for path in site.rglob("*.html") if path.is_file())
    workers = min(processes or os.cpu_count() or 1, len(pages) // 8 or 1)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return _scan_pages(site, root, pages)
    chunks = [pages[i::workers] for i in range(workers)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        results = pool.map(_scan_pages, [site] * workers, [root] * workers, chunks)
        return sorted(finding for found in results for finding in found)


def _scan_pages(site: Path, root: str, pages: list[Path]) -> list[Finding]:
    findings: list[Finding] = []
    known: dict[str, bool] = {}
    for path in pages:
        page = path.relative_to(site).as_posix()
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            findings.append(Finding(page, line, f"bytes that are not UTF-8 ({err.reason})"))
            text = data.decode("utf-8", errors="replace")
        findings.extend(_Scanner(page, site, root, known).scan(text))
    return sorted(findings)


def scan_page(html: str, page: str, site: Path | None = None, *, root: str = "/") -> list[Finding]:
    """Scan one page's HTML; page is its path relative to the site folder (scripts are found from it).

    Without site, a script's src is only checked to name a path under assets/javascripts/, not
    that the file exists.
    """
    return sorted(_Scanner(page, site, root, {}).scan(html))


@dataclass
class _Open:
    """A script or style being read: where it started, its attributes (first of each name), its text."""

    tag: str
    line: int
    attributes: dict[str, str | None]
    text: list[str]


_PLAIN_TAG = re.compile(r"<[A-Za-z][A-Za-z0-9-]*(?: [A-Za-z_:][-A-Za-z0-9_:.]*(?:=\"[^\"]*\"|='[^']*')?)*/?>")
"""A start tag of plain names and quoted values, one space apart: HTMLParser and browsers read the
same attributes from it (browser_start_tag is not needed)."""

_MAX_ROUNDS = 100
"""How many times the parser may stop early (at "&#" that is no reference) before the page is given up on."""

_MARKUP_IN_TEXT = re.compile(r"<[A-Za-z/!?]")


class _Scanner(HTMLParser):
    def __init__(self, page: str, site: Path | None, root: str, known: dict[str, bool]) -> None:
        # Character references stay apart from text, so that a "<" in text is a "<" in the page.
        super().__init__(convert_charrefs=False)
        self.page, self.site, self.known = page, site, known
        self.root = f"/{root.strip('/')}/" if root.strip("/") else "/"
        self.findings: list[Finding] = []
        self.raw = ""
        self.line_starts: list[int] = []
        self.open: _Open | None = None  # the script or style being read
        self.text_only: str | None = None  # the title, textarea or noscript being read
        self.ids: dict[str, int] = {}  # each id on the page, and its line

    def scan(self, text: str) -> list[Finding]:
        self.raw = text
        self.line_starts = [0]
        position = text.find("\n")
        while position >= 0:
            self.line_starts.append(position + 1)
            position = text.find("\n", position + 1)
        try:
            self._read(text)
        except Exception as err:  # HTMLParser raises AssertionError on some malformed "<![" (Python 3.11)
            self._add(
                self.getpos()[0], f"markup this parser cannot read ({type(err).__name__}); the rest is not scanned"
            )
        return self.findings

    def _read(self, text: str) -> None:
        """Feed the page, and finish only where finishing is safe and linear.

        HTMLParser stops at a "&#" that is no character reference and goes on at the next feed, so
        feed is repeated while it makes progress (a bounded number of times). At the end it keeps
        what it could not finish: a script or style never closed, or an unfinished tag, comment or
        declaration. Its close() would read such a rest in quadratic time (Python 3.11), so a rest
        with a "<" is a finding and close() is not called.
        """
        self.feed(text)
        for _ in range(_MAX_ROUNDS):
            left = len(self.rawdata)
            if not left:
                break
            self.feed("")
            if len(self.rawdata) == left:
                break
        else:
            if self.rawdata:
                self._add(
                    self.getpos()[0],
                    'the parser stopped too often (at "&#" that is no reference); the rest is not scanned',
                )
                return
        if self.open is not None:
            self._add(self.open.line, f"a <{self.open.tag}> that is never closed")
        elif "<" in self.rawdata:
            start = self.rawdata.lstrip(_HTML_SPACE)[:60]
            self._add(self.getpos()[0], f"the page ends in something unfinished: {_snippet(start)}")
        else:
            self.close()

    def _add(self, line: int, what: str) -> None:
        self.findings.append(Finding(self.page, line, what))

    # --- tags ---

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self_closing=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self_closing=True)

    def _start(self, tag: str, parsed: list[tuple[str, str | None]], *, self_closing: bool) -> None:
        line = self.getpos()[0]
        if self.text_only is not None:
            self._add(line, f"markup <{tag}> inside <{self.text_only}>, which browsers read as text")
        raw = self.get_starttag_text() or ""
        if _PLAIN_TAG.fullmatch(raw):  # most tags: both read the same attributes, no need to read it again
            attributes, end = parsed, len(raw)
        else:
            attributes, end = browser_start_tag(raw)
        if end != len(raw):
            self._add(line, f"a start tag <{tag}> that browsers end elsewhere: {_snippet(raw)}")
        first: dict[str, str | None] = {}
        for name, value in attributes:
            if name in first:
                self._add(line, f"the attribute {name}= twice on <{tag}>")
            else:
                first[name] = value
        ident = first.get("id")
        if ident is not None:  # a script finds its element by id: a second one could stand in for it
            if ident in self.ids:
                self._add(line, f"the id {ident!r} twice on the page (first on line {self.ids[ident]}), on <{tag}>")
            else:
                self.ids[ident] = line
        for name, value in dict.fromkeys([*parsed, *attributes]):
            self._attribute(line, tag, name, value)
        self._element(line, tag, first, self_closing=self_closing)

    def _attribute(self, line: int, tag: str, name: str, value: str | None) -> None:
        local = name.rsplit(":", 1)[-1]
        if name.startswith("on") or local.startswith("on"):
            self._add(line, f"an event-handler attribute {name}= on <{tag}>")
        if local == "srcdoc":
            self._add(line, f"a srcdoc attribute on <{tag}>")
        if value is None:
            return
        if local in URL_ATTRIBUTES:
            self._url(line, tag, name, value)
        elif local in URL_LIST_ATTRIBUTES:
            for url in re.split(r"[\s,]+", value):
                self._url(line, tag, name, url)
        elif local == "style" and (danger := css_danger(value)):
            self._add(line, f"a style attribute with {danger} on <{tag}>")

    def _url(self, line: int, tag: str, name: str, url: str) -> None:
        scheme = url_scheme(url)
        if scheme in DANGEROUS_SCHEMES:
            self._add(line, f"a {scheme}: URL in {name}= on <{tag}>")

    def _element(self, line: int, tag: str, attributes: dict[str, str | None], *, self_closing: bool) -> None:
        if tag in FORBIDDEN_ELEMENTS:
            self._add(line, f"a forbidden element <{tag}>")
        elif tag in RAWTEXT_ELEMENTS:
            self._add(line, f"an element <{tag}>, whose content browsers read as text and this scan as markup")
        elif tag == "form" and tuple(sorted((k, v or "") for k, v in attributes.items())) not in THEME_FORMS:
            self._add(line, "a form other than the theme's search and palette forms")
        elif tag == "meta" and (attributes.get("http-equiv") or "").strip(_HTML_SPACE).lower() == "refresh":
            self._add(line, 'a <meta http-equiv="refresh">')
            scheme = url_scheme(refresh_target(attributes.get("content") or ""))
            if scheme in DANGEROUS_SCHEMES:
                self._add(line, f"a {scheme}: URL in the refresh target of <meta>")
        elif tag in SVG_ANIMATIONS:
            target = (attributes.get("attributename") or "").strip(_HTML_SPACE).lower()
            local = target.rsplit(":", 1)[-1]
            if local in URL_ATTRIBUTES or local in URL_LIST_ATTRIBUTES or local.startswith("on"):
                self._add(line, f"an SVG animation <{tag}> that sets {target}=")
        if tag in OPEN_ENDED and self_closing:
            self._add(line, f"a self-closing <{tag}/>, which browsers do not close")
        if tag in ("script", "style") and not self_closing:
            self.open = _Open(tag, line, attributes, [])
        elif tag == "script":
            self._script(_Open(tag, line, attributes, []))
        if tag in TEXT_ONLY_ELEMENTS and self.text_only is None:
            self.text_only = tag

    def handle_endtag(self, tag: str) -> None:
        line, column = self.getpos()
        if self.open is not None and tag == self.open.tag:
            opened, self.open = self.open, None
            at = self.line_starts[line - 1] + column
            raw = self.raw[at : at + len(tag) + 3]
            if raw[: len(tag) + 2].lower() != f"</{tag}" or raw[len(tag) + 2 :] not in tuple(_HTML_SPACE + "/>"):
                self._add(line, f"a <{tag}> ended by {_snippet(raw)}..., which browsers do not take as its end")
            if tag == "script":
                self._script(opened)
            elif "<" in (text := "".join(opened.text)):
                self._add(opened.line, "a <style> containing <")
            elif danger := css_danger(text):
                self._add(opened.line, f"a <style> with {danger}")
        elif self.text_only is not None:
            if tag == self.text_only:
                self.text_only = None
            else:
                self._add(line, f"markup </{tag}> inside <{self.text_only}>, which browsers read as text")

    # --- scripts ---

    def _script(self, script: _Open) -> None:
        text, attributes, line = "".join(script.text), script.attributes, script.line
        kind = (attributes.get("type") or "").strip(_HTML_SPACE).lower()
        if kind == "application/json":  # a data block: never run
            if "<" in text:
                self._add(line, 'a <script type="application/json"> containing <')
            elif attributes.get("id") == "__config":
                self._config(line, text)
        elif "src" in attributes:
            src = attributes["src"] or ""
            if not self._site_script(src):
                self._add(line, f"a <script> from {src[:100]!r}, not a file of the site under {SCRIPT_FOLDER}")
            if text.strip(_HTML_SPACE):
                self._add(line, "a <script src> with text inside")
        elif shipped_script(text) is None:
            self._add(line, f"an inline <script> the theme does not ship: {_snippet(text.strip(_HTML_SPACE))}")

    def _config(self, line: int, text: str) -> None:
        """Material's __config: its base and the search worker it starts must be the site's."""
        try:
            config = json.loads(text)
        except ValueError:
            self._add(line, "a __config block that is not JSON")
            return
        if not isinstance(config, dict):
            self._add(line, "a __config block that is not a JSON object")
            return
        base, worker = config.get("base"), config.get("search")
        if not isinstance(base, str) or not PATH_PATTERN.fullmatch(base):
            self._add(line, f"a __config base that is not a path of the site: {base!r}")
        if worker is not None and not (isinstance(worker, str) and self._site_script(worker)):
            self._add(
                line, f"a __config search worker that is not a file of the site under {SCRIPT_FOLDER}: {worker!r}"
            )

    def _site_script(self, url: str) -> bool:
        """Whether url, from this page, names a file of the site under assets/javascripts/."""
        path = url.strip(_C0_AND_SPACE).translate(_TAB_AND_NEWLINES).replace("\\", "/")
        path = path.split("#", 1)[0].split("?", 1)[0]
        if not path or _SCHEME.match(path) or path.startswith("//") or "%" in path:
            return False
        if path.startswith("/"):
            if not path.startswith(self.root):
                return False
            path = path[len(self.root) :]
        else:
            path = posixpath.join(posixpath.dirname(self.page), path)
        parts: list[str] = []
        for part in path.split("/"):
            if part == "..":
                if not parts:
                    return False
                parts.pop()
            elif part == "":
                return False
            elif part != ".":
                parts.append(part)
        relative = "/".join(parts)
        if not relative.startswith(SCRIPT_FOLDER):
            return False
        if self.site is None:
            return True
        if relative not in self.known:
            file = self.site / relative
            self.known[relative] = file.is_file() and file.resolve().is_relative_to(self.site.resolve())
        return self.known[relative]

    # --- text and the rest ---

    def handle_data(self, data: str) -> None:
        if self.open is not None:
            self.open.text.append(data)
        elif (match := _MARKUP_IN_TEXT.search(data)) is not None:
            line = self.getpos()[0] + data.count("\n", 0, match.start())
            self._add(line, f"{_snippet(data[match.start() :])} read as text here, where a browser may read markup")

    def handle_comment(self, data: str) -> None:
        self._add(self.getpos()[0], "an HTML comment (browsers and this parser may end it in different places)")

    def handle_decl(self, decl: str) -> None:
        if decl.lower().split() != ["doctype", "html"]:
            self._add(self.getpos()[0], f"a declaration {_snippet(f'<!{decl}>')}")

    def unknown_decl(self, data: str) -> None:
        self._add(self.getpos()[0], f"a marked section {_snippet(f'<![{data}]]>')}")

    def handle_pi(self, data: str) -> None:
        self._add(self.getpos()[0], f"a processing instruction {_snippet(f'<?{data}>')}")


def _snippet(text: str, limit: int = 60) -> str:
    """A short, one-line rendering of text for a finding."""
    shown = text if len(text) <= limit else text[:limit] + "…"
    return json.dumps(shown, ensure_ascii=False)
