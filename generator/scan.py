"""A second wall on the output: scan a built site for anything that could run a script.

The loader already refuses prose that is not plain text, and the templates escape what they print.
This scan looks at what actually came out, every file of a built site folder, before it is swapped
in. Which files are read as pages, let through as data or refused (an SVG, an XHTML or XML
document, a file of unknown type that begins like a page) is generator/scan_files.py's part; in
each page it reports each thing a browser could run, be sent away by, or be covered by:

- attributes named `on...` (event handlers), on any element, SVG and MathML included;
- `javascript:`, `vbscript:` and `data:` URLs in URL attributes (href, src, xlink:href, action,
  formaction, poster, data, cite, background, srcset, ...) and in the target of a
  `<meta http-equiv="refresh">`, the scheme read as a browser reads it (see `url_scheme`);
- `srcdoc`; the elements iframe, object, embed, base, frame, frameset, applet, portal,
  fencedframe; `<meta http-equiv="refresh">` to anything but a page of the site (the pages
  generator/redirects.py leaves at addresses that moved have one); forms other than the search
  and palette forms (Material's, as copied into theme/partials/); SVG animations that set an href
  or an event handler;
- every `<script>` the theme does not ship: a `src` must name a file of the site under
  `assets/javascripts/`, a JSON block must not contain `<`, and an inline script must be one of
  `INLINE_SCRIPTS` (Material's and theme/'s own, each with where it comes from);
- every style the site does not write: a `style` attribute must be one of `STYLE_ATTRIBUTES` (a
  table cell's alignment, a chart bar's stripes), a `<style>` element is a finding, and a linked
  stylesheet must be a file of the site under `assets/stylesheets/` (a style can lay an element
  over the whole page, or hide what a reader should see).

The allow-lists are in generator/scan_allowed.py. The page is parsed with the standard library's
`html.parser.HTMLParser` (linear, but for the cases `_Scanner._read` avoids). That parser is not a
browser: it ends comments, raw text and some tags elsewhere than a browser does, and a page made to
exploit such a difference could hide markup from this scan. So where the two could disagree, the
difference itself is a finding:

- every start tag is read a second time the way the HTML standard's tokenizer reads it
  (`browser_start_tag`, in generator/scan_browser.py); a tag a browser would end elsewhere is
  reported, and the attributes of both readings are checked;
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

import hashlib
import json
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from generator.addresses import site_files
from generator.scan_allowed import (
    INLINE_SCRIPTS,
    PATH_PATTERN,
    SCRIPT_FOLDER,
    STYLE_ATTRIBUTES,
    STYLE_FOLDER,
    THEME_FORMS,
    allowed_style,
    shipped_script,
)
from generator.scan_browser import HTML_SPACE, browser_start_tag, refresh_target, site_path, snippet, url_scheme
from generator.scan_files import published

__all__ = [
    "INLINE_SCRIPTS",
    "STYLE_ATTRIBUTES",
    "Finding",
    "browser_start_tag",
    "refresh_target",
    "scan_page",
    "scan_site",
    "shipped_script",
    "url_scheme",
]

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

# --- the scan -------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Finding:
    """Something in a built file that could run a script or cover a page: the file (relative to the site
    folder), the line, what."""

    page: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.what}"


@dataclass
class ScanMemo:
    """Findings of pages already scanned, by (page, digest of its bytes), valid while the site's
    address and list of files stay the same (a page's findings depend on which scripts exist).
    The preview server keeps one, so a round scans only the pages whose bytes changed."""

    context: bytes = b""
    found: dict[tuple[str, bytes], list[Finding]] = field(default_factory=dict)


def scan_site(
    site: Path, *, root: str = "/", processes: int | None = None, memo: ScanMemo | None = None
) -> list[Finding]:
    """Scan every file under site (generator/scan_files.py), each page as HTML; the findings sorted
    by page, line and text.

    root is the URL path the site is served at (the path of site_url): the 404 pages load their
    scripts by absolute path (/assets/javascripts/...), which must be under root. On Linux with
    several cores the pages are shared among forked processes (a build waits for the scan).
    """
    pages, problems = published(site)
    findings = [Finding(*problem) for problem in problems]
    if memo is None:
        return sorted(findings + _scan_all(site, root, pages, processes))
    context = hashlib.sha256("\0".join([root, *site_files(site)]).encode("utf-8", "surrogateescape")).digest()
    if memo.context != context:
        memo.context, memo.found = context, {}
    keys = {path: (path.relative_to(site).as_posix(), hashlib.sha256(path.read_bytes()).digest()) for path in pages}
    todo = [path for path in pages if keys[path] not in memo.found]
    fresh = _scan_all(site, root, todo, processes)
    for path in todo:
        memo.found[keys[path]] = [finding for finding in fresh if finding.page == keys[path][0]]
    return sorted(findings + [finding for path in pages for finding in memo.found[keys[path]]])


def _scan_all(site: Path, root: str, pages: list[Path], processes: int | None) -> list[Finding]:
    workers = min(processes or os.cpu_count() or 1, len(pages) // 8 or 1)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return _scan_pages(site, root, pages)
    chunks = [pages[i::workers] for i in range(workers)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        results = pool.map(_scan_pages, [site] * workers, [root] * workers, chunks)
        return [finding for found in results for finding in found]


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

    Without site, a script's src is only checked to name a path under assets/javascripts/ (a
    stylesheet's under assets/stylesheets/), not that the file exists.
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

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


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
            start = self.rawdata.lstrip(HTML_SPACE)[:60]
            self._add(self.getpos()[0], f"the page ends in something unfinished: {snippet(start)}")
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
            self._add(line, f"a start tag <{tag}> that browsers end elsewhere: {snippet(raw)}")
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
        elif local == "style" and not allowed_style(tag, value):
            self._add(line, f"a style attribute the site does not write, on <{tag}>: {snippet(value)}")

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
        elif tag == "meta" and (attributes.get("http-equiv") or "").strip(HTML_SPACE).lower() == "refresh":
            target = refresh_target(attributes.get("content") or "")
            if not self._site_page(target):  # the pages left at addresses that moved (generator/redirects.py)
                self._add(line, f'a <meta http-equiv="refresh"> to anything but a page of the site: {snippet(target)}')
            scheme = url_scheme(target)
            if scheme in DANGEROUS_SCHEMES:
                self._add(line, f"a {scheme}: URL in the refresh target of <meta>")
        elif tag in SVG_ANIMATIONS:
            target = (attributes.get("attributename") or "").strip(HTML_SPACE).lower()
            local = target.rsplit(":", 1)[-1]
            if local in URL_ATTRIBUTES or local in URL_LIST_ATTRIBUTES or local.startswith("on"):
                self._add(line, f"an SVG animation <{tag}> that sets {target}=")
        elif tag == "style":
            self._add(
                line, "a <style> element: the site's styles are in its stylesheets (one here could cover the page)"
            )
        elif tag == "link" and "stylesheet" in (attributes.get("rel") or "").translate(_ASCII_LOWER).split():
            href = attributes.get("href") or ""
            if not self._site_file(href, STYLE_FOLDER):
                self._add(line, f"a stylesheet from {href[:100]!r}, not a file of the site under {STYLE_FOLDER}")
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
            if raw[: len(tag) + 2].lower() != f"</{tag}" or raw[len(tag) + 2 :] not in tuple(HTML_SPACE + "/>"):
                self._add(line, f"a <{tag}> ended by {snippet(raw)}..., which browsers do not take as its end")
            if tag == "script":
                self._script(opened)
            elif "<" in "".join(opened.text):
                self._add(opened.line, "a <style> containing <")
        elif self.text_only is not None:
            if tag == self.text_only:
                self.text_only = None
            else:
                self._add(line, f"markup </{tag}> inside <{self.text_only}>, which browsers read as text")

    # --- scripts ---

    def _script(self, script: _Open) -> None:
        text, attributes, line = "".join(script.text), script.attributes, script.line
        kind = (attributes.get("type") or "").strip(HTML_SPACE).lower()
        if kind == "application/json":  # a data block: never run
            if "<" in text:
                self._add(line, 'a <script type="application/json"> containing <')
            elif attributes.get("id") == "__config":
                self._config(line, text)
        elif "src" in attributes:
            src = attributes["src"] or ""
            if not self._site_file(src, SCRIPT_FOLDER):
                self._add(line, f"a <script> from {src[:100]!r}, not a file of the site under {SCRIPT_FOLDER}")
            if text.strip(HTML_SPACE):
                self._add(line, "a <script src> with text inside")
        elif shipped_script(text) is None:
            self._add(line, f"an inline <script> the theme does not ship: {snippet(text.strip(HTML_SPACE))}")

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
        if worker is not None and not (isinstance(worker, str) and self._site_file(worker, SCRIPT_FOLDER)):
            self._add(
                line, f"a __config search worker that is not a file of the site under {SCRIPT_FOLDER}: {worker!r}"
            )

    def _site_page(self, url: str) -> bool:
        """Whether url, from this page, names a page of the site (a folder's index.html, by its folder or itself)."""
        path, hash_, fragment = url.partition("#")
        if path.endswith("/"):
            path += "index.html"
        named = path == "index.html" or path.endswith("/index.html")
        return named and self._site_file(path + hash_ + fragment, "")

    def _site_file(self, url: str, folder: str) -> bool:
        """Whether url, from this page, names a file of the site under folder."""
        relative = site_path(url, self.page, self.root)
        if relative is None or not relative.startswith(folder):
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
            self._add(line, f"{snippet(data[match.start() :])} read as text here, where a browser may read markup")

    def handle_comment(self, data: str) -> None:
        self._add(self.getpos()[0], "an HTML comment (browsers and this parser may end it in different places)")

    def handle_decl(self, decl: str) -> None:
        if decl.lower().split() != ["doctype", "html"]:
            self._add(self.getpos()[0], f"a declaration {snippet(f'<!{decl}>')}")

    def unknown_decl(self, data: str) -> None:
        self._add(self.getpos()[0], f"a marked section {snippet(f'<![{data}]]>')}")

    def handle_pi(self, data: str) -> None:
        self._add(self.getpos()[0], f"a processing instruction {snippet(f'<?{data}>')}")
