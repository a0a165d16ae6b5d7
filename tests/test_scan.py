"""generator/scan.py: the real built site has no findings; markup that could run a script, and a style
the site does not write, is found, in a real page, with its page and line; text that only mentions
such markup is not. generator/scan_files.py: every file a browser could open as a document is read
or refused, data passes, and the sitemap holds only the sitemap's own elements."""

from __future__ import annotations

import gzip
import html
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.scan import (
    INLINE_SCRIPTS,
    STYLE_ATTRIBUTES,
    Finding,
    browser_start_tag,
    scan_page,
    scan_site,
    shipped_script,
    url_scheme,
)
from tools.workspace import copy_project

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
PAGE = "compare/index.html"
ARTICLE = '<article class="md-content__inner md-typeset">'


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The real site, built once for the module as tests/test_e2e.py builds it: in a copy of the build
    inputs (a --docs folder outside the project would lack the hand-written docs/assets/)."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build"], cwd=project, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    yield project / "site"


@pytest.fixture(scope="module")
def page(site: Path) -> str:
    return (site / PAGE).read_text(encoding="utf-8")


def inject(page: str, snippet: str) -> tuple[str, int]:
    """The page with snippet on a line of its own at the start of the article, and that line's number."""
    at = page.index(ARTICLE) + len(ARTICLE)
    return f"{page[:at]}\n{snippet}\n{page[at:]}", page.count("\n", 0, at) + 2


def findings(site: Path, page: str, snippet: str) -> tuple[list[str], int]:
    text, line = inject(page, snippet)
    return [str(f) for f in scan_page(text, PAGE, site)], line


# --- the real site ----------------------------------------------------------------------------------


def test_the_built_site_has_no_findings(site: Path) -> None:
    assert len(list(site.rglob("*.html"))) >= 30
    assert scan_site(site) == []


def test_every_allowed_inline_script_is_on_the_site(site: Path) -> None:
    """The allow-list is no longer than the site needs: each entry matches a script the build wrote."""
    used = set()
    for file in site.rglob("*.html"):
        for script in BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").find_all("script"):
            if not script.get("src") and script.get("type") != "application/json":
                name = shipped_script(script.string or "")
                assert name is not None, f"{file}: {script}"
                used.add(name)
    assert used == set(INLINE_SCRIPTS)


def test_the_real_site_has_no_event_handler_attributes(site: Path) -> None:
    """No attribute of the built site starts with "on": no exceptions to the rule are needed."""
    names = {
        name
        for file in site.rglob("*.html")
        for tag in BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").find_all(True)
        for name in tag.attrs
    }
    assert names and not {name for name in names if name.startswith("on")}


def test_a_site_served_under_a_path(site: Path) -> None:
    """The 404 page of a site whose site_url has a path loads its scripts from under that path."""
    text = (site / "404.html").read_text(encoding="utf-8")
    moved = (
        text.replace('"/assets/', '"/accel/assets/')
        .replace('new URL("/",', 'new URL("/accel/",')
        .replace('"base": "/"', '"base": "/accel/"')
        .replace('})("/", ', '})("/accel/", ')
    )
    assert moved.count("/accel/") >= 5
    assert scan_page(moved, "404.html", site, root="/accel/") == []
    assert scan_page(text, "404.html", site, root="/accel/")  # /assets/... is outside the site
    outside = {f.what for f in scan_page(moved, "404.html", site)}
    assert any("'/accel/assets/javascripts/bundle." in what for what in outside)


# --- what must be found ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("snippet", "what"),
    [
        ('<span onmouseover="x()">a</span>', "an event-handler attribute onmouseover= on <span>"),
        ("<img src=x onerror=alert(1)>", "an event-handler attribute onerror= on <img>"),
        ("<IMG SRC=x ONERROR=alert(1)>", "an event-handler attribute onerror= on <img>"),
        ("<img/onerror=alert(1) src=x>", "an event-handler attribute onerror= on <img>"),
        ('<svg><circle onload="alert(1)" r="1"/></svg>', "an event-handler attribute onload= on <circle>"),
        (
            '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
            "a javascript: URL in xlink:href= on <a>",
        ),
        ('<a href="&#106;avascript:alert(1)">x</a>', "a javascript: URL in href= on <a>"),
        ('<a href="&#x6A;avascript&colon;alert(1)">x</a>', "a javascript: URL in href= on <a>"),
        ('<a href=" JaVa\tScRiPt:x">x</a>', "a javascript: URL in href= on <a>"),
        ('<a href="jav&Tab;ascr&NewLine;ipt:x">x</a>', "a javascript: URL in href= on <a>"),
        ('<a href="\x01vbscript:x">x</a>', "a vbscript: URL in href= on <a>"),
        ('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>', "a data: URL in href= on <a>"),
        ('<form><button formaction="javascript:x">b</button></form>', "a javascript: URL in formaction= on <button>"),
        ('<img srcset="a.png 1x, javascript:alert(1) 2x">', "a javascript: URL in srcset= on <img>"),
        ('<iframe src="https://example.org/"></iframe>', "a forbidden element <iframe>"),
        ('<iframe srcdoc="&lt;b&gt;x"></iframe>', "a srcdoc attribute on <iframe>"),
        ('<object data="x.swf"></object>', "a forbidden element <object>"),
        ('<embed src="x.swf">', "a forbidden element <embed>"),
        ('<base href="https://evil.example/">', "a forbidden element <base>"),
        (
            '<form action="https://evil.example/"><input name="q"></form>',
            "a form other than the theme's search and palette forms",
        ),
        ('<meta http-equiv="refresh" content="0;url=javascript:x">', 'a <meta http-equiv="refresh">'),
        (
            '<meta http-equiv="Refresh" content="0; URL=\'javascript:x\'">',
            "a javascript: URL in the refresh target of <meta>",
        ),
        ("<script>alert(1)</script>", 'an inline <script> the theme does not ship: "alert(1)"'),
        (
            '<script src="https://evil.example/x.js"></script>',
            "a <script> from 'https://evil.example/x.js', not a file of the site under assets/javascripts/",
        ),
        (
            '<script src="../assets/javascripts/nonexistent.js"></script>',
            "a <script> from '../assets/javascripts/nonexistent.js', not a file of the site under assets/javascripts/",
        ),
        (
            '<script src="//evil.example/x.js"></script>',
            "a <script> from '//evil.example/x.js', not a file of the site under assets/javascripts/",
        ),
        ('<script src="data:text/javascript,alert(1)"></script>', "a data: URL in src= on <script>"),
        (
            '<script src="../assets/javascripts/../../x.js"></script>',
            "a <script> from '../assets/javascripts/../../x.js', not a file of the site under assets/javascripts/",
        ),
        (
            '<script src="../assets/stylesheets/extra.css"></script>',
            "a <script> from '../assets/stylesheets/extra.css', not a file of the site under assets/javascripts/",
        ),
        ('<script type="importmap">{"imports": {}}</script>', "an inline <script> the theme does not ship"),
        (
            '<span style="width: expr/**/ession(alert(1))">x</span>',
            'a style attribute the site does not write, on <span>: "width: expr/**/ession(alert(1))"',
        ),
        (
            "<span style=\"background: url( 'java\\73 cript:x')\">x</span>",
            "a style attribute the site does not write, on <span>: ",
        ),
        (
            '<svg><a><animate attributeName="href" values="javascript:alert(1)"/></a></svg>',
            "an SVG animation <animate>",
        ),
    ],
)
def test_found(site: Path, page: str, snippet: str, what: str) -> None:
    found, line = findings(site, page, snippet)
    assert any(f.startswith(f"{PAGE}:{line}: {what}") for f in found), found


def test_an_inline_script_in_a_real_page_is_the_only_finding(site: Path, page: str) -> None:
    found, line = findings(site, page, "<script>alert(1)</script>")
    assert found == [f'{PAGE}:{line}: an inline <script> the theme does not ship: "alert(1)"']


def test_a_theme_script_with_a_statement_added_is_found(site: Path, page: str) -> None:
    scope = next(s for s in page.split("<script>")[1:] if s.startswith("__md_scope="))
    altered = scope.split("</script>")[0] + ";alert(1)"
    found, line = findings(site, page, f"<script>{altered}</script>")
    assert [f for f in found if f.startswith(f"{PAGE}:{line}: an inline <script> the theme does not ship")]


@pytest.mark.parametrize(
    ("snippet", "what"),
    [
        # Where this parser and a browser read the page differently, the difference is the finding.
        ("<!--><img src=x onerror=alert(1)>-->", "an HTML comment"),
        ("<!-- a --!><img src=x onerror=alert(1)>-->", "an HTML comment"),
        ("<![CDATA[ x ><img src=x onerror=alert(1)> ]]>", "a marked section"),
        ("<?php echo 1 ?>", "a processing instruction"),
        ('<title><a title="</title><img src=x onerror=alert(1)>"></title>', "markup <a> inside <title>"),
        ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', "markup <p> inside <noscript>"),
        ("<xmp><img src=x onerror=alert(1)></xmp>", "an element <xmp>"),
        (
            '<script>__md_scope=new URL("..",location)</ script>/;alert(1)//</script>',
            'a <script> ended by "</ script"..., which browsers do not take as its end',
        ),
        (
            '<script src="../assets/javascripts/sort-tables.js"></script foo><img src=x onerror=alert(1)></script>',
            "a <script src> with text inside",
        ),
        (
            '<script type="application/json"></script x><img src=x onerror=alert(1)></script>',
            'a <script type="application/json"> containing <',
        ),
        (
            '<script src="../assets/javascripts/sort-tables.js"/><a x="</script><img src=x onerror=alert(1)>">',
            "a self-closing <script/>, which browsers do not close",
        ),
        (
            '<script src="https://evil.example/x.js" src="../assets/javascripts/sort-tables.js"></script>',
            "the attribute src= twice on <script>",
        ),
        ('<a title=\x0b"><img src=x onerror=alert(1)>">x</a>', "a start tag <a> that browsers end elsewhere"),
        ("<a\x00 onclick=alert(1)>x</a>", '"<a" read as text here, where a browser may read markup'),
        ("<svg><style><img src=x onerror=alert(1)></style></svg>", "a <style> containing <"),
    ],
)
def test_parser_differences_are_found(site: Path, page: str, snippet: str, what: str) -> None:
    found, line = findings(site, page, snippet)
    assert any(f.startswith(f"{PAGE}:{line}: {what}") for f in found), found


def test_a_script_never_closed_is_found(site: Path) -> None:
    found = scan_page("<!doctype html>\n<p>x</p>\n<script>alert(1)", PAGE, site)
    assert [str(f) for f in found] == [f"{PAGE}:3: a <script> that is never closed"]


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("<p>" + "<a " * 20000, 'the page ends in something unfinished: "<a <a '),
        ('<a title="' * 20000, 'the page ends in something unfinished: "<a title='),
        ("<p>x</p><!--" * 20000, 'the page ends in something unfinished: "<!--<p>x</p>'),
        ("<![" * 20000, "markup this parser cannot read (AssertionError); the rest is not scanned"),
        ("&#x;" * 20000 + "<img src=x onerror=y>", 'the parser stopped too often (at "&#" that is no reference)'),
        ("<p>&#x;a&#x;<img src=x onerror=alert(1)>", "an event-handler attribute onerror= on <img>"),
    ],
)
def test_malformed_pages_are_found_in_linear_time(text: str, what: str) -> None:
    """Python 3.11's HTMLParser reads an unfinished tag at the end in quadratic time (close()), and
    stops at each "&#" that is no reference: neither may hide markup (nor, with 20,000 of them, hang the test)."""
    found = scan_page(text, "x.html")
    assert any(f.what.startswith(what) for f in found), found


def test_the_config_block_must_name_the_sites_own_worker(site: Path, page: str) -> None:
    text = page.replace('"search": "../assets/javascripts/workers/', '"search": "https://evil.example/workers/')
    assert text != page
    found = [f.what for f in scan_page(text, PAGE, site)]
    assert len(found) == 1
    assert found[0].startswith(
        "a __config search worker that is not a file of the site under assets/javascripts/: 'https://"
    )


# --- what must pass -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "snippet",
    [
        '<a href="https://example.org/">x</a>',
        '<a href="#x">x</a>',
        '<a href="../compare/">x</a>',
        '<a href="mailto:someone@example.org">x</a>',
        "<p><code>javascript:alert(1)</code> and onclick= are words here</p>",
        "<p>&lt;span onmouseover=x&gt; &lt;script&gt;alert(1)&lt;/script&gt;</p>",
        "<p>1 < 2, 3<4 and a<-b</p>",
        '<details open><summary title="onclick=x">s</summary>t</details>',
        '<a href="../javascript/" title="javascript:x" data-x="javascript:">x</a>',
        '<img src="../assets/images/x.png" alt="x">',
        '<script src="../assets/javascripts/sort-tables.js?v=2"></script>',
        '<script src="/assets/javascripts/sort-tables.js"></script>',
        '<td style="text-align: right;">x</td>',
        '<th style="text-align: center;">x</th>',
        '<td style="text-align&colon; left&semi;">x</td>',  # a browser unescapes attribute values too
        '<svg><rect class="chart-bar" style="fill: url(#chart-bf16-option)"/></svg>',
        '<link rel="stylesheet" href="../assets/stylesheets/extra.css">',
        '<link rel="alternate" href="https://example.org/x.css">',
    ],
)
def test_passes(site: Path, page: str, snippet: str) -> None:
    found, _ = findings(site, page, snippet)
    assert found == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=200))
def test_escaped_text_is_never_a_finding(site: Path, page: str, text: str) -> None:
    found, _ = findings(site, page, f"<p>{html.escape(text)}</p>")
    assert found == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.from_regex(r"on[a-z]{1,20}", fullmatch=True), value=st.text(max_size=20))
def test_any_on_attribute_is_found(site: Path, page: str, name: str, value: str) -> None:
    found, line = findings(site, page, f'<span {name}="{html.escape(value)}">x</span>')
    assert f"{PAGE}:{line}: an event-handler attribute {name}= on <span>" in found


# --- styles the site does not write ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("snippet", "what"),
    [
        # The planner form once got a style that laid it over the whole page.
        (
            '<select style="position: fixed; inset: 0; z-index: 9">',
            'a style attribute the site does not write, on <select>: "position: fixed; inset: 0; z-index: 9"',
        ),
        ('<div style="display:none">x</div>', 'a style attribute the site does not write, on <div>: "display:none"'),
        ('<a href="#x" style="opacity: 0">x</a>', "a style attribute the site does not write, on <a>"),
        # an allowed shape on another element, or on the right element a shape a little different
        ('<span style="text-align: right;">x</span>', "a style attribute the site does not write, on <span>"),
        ('<td style="text-align: right; position: fixed">x</td>', "a style attribute the site does not write, on <td>"),
        ('<td style="TEXT-ALIGN: RIGHT;">x</td>', "a style attribute the site does not write, on <td>"),
        ("<th style=text-align:right>x</th>", 'a style attribute the site does not write, on <th>: "text-align:right"'),
        ('<td style="text-align: right;&#10;top: 0">x</td>', "a style attribute the site does not write, on <td>"),
        ("<td STYLE='position:fixed'>x</td>", "a style attribute the site does not write, on <td>"),
        ('<svg><rect style="fill: url(https://evil.example/x)"/></svg>', "a style attribute the site does not write"),
        ('<svg><circle style="fill: url(#chart-memory-option)"/></svg>', "a style attribute the site does not write"),
        ('<svg><rect style="fill: url(#chart-memory-option); width: 100vw"/></svg>', "a style attribute"),
        # Style elements and stylesheets from elsewhere
        ("<style>body { display: none }</style>", "a <style> element: the site's styles are in its stylesheets"),
        ("<svg><style>rect { fill: red }</style></svg>", "a <style> element"),
        ("<STYLE>x{}</STYLE>", "a <style> element"),
        (
            '<link rel="stylesheet" href="https://evil.example/x.css">',
            "a stylesheet from 'https://evil.example/x.css', not a file of the site under assets/stylesheets/",
        ),
        ('<link rel="Alternate StyleSheet" href="../x.css">', "a stylesheet from '../x.css'"),
        ('<link rel="stylesheet" href="../assets/stylesheets/missing.css">', "a stylesheet from '../assets/"),
        ('<link rel="stylesheet" href="../assets/javascripts/planner.js">', "a stylesheet from '../assets/"),
    ],
)
def test_styles_the_site_does_not_write_are_found(site: Path, page: str, snippet: str, what: str) -> None:
    found, line = findings(site, page, snippet)
    assert any(f.startswith(f"{PAGE}:{line}: {what}") for f in found), found


STYLED = "a style attribute the site does not write, on <td>"


@pytest.mark.parametrize(
    ("snippet", "what"),
    [
        # HTMLParser reads title=' style=' and an attribute 'position: fixed"'; a browser reads the style.
        ('<td title=\x0b" style="position: fixed">x</td>', STYLED),
        ('<td title="x"style="position: fixed">x</td>', STYLED),
        ('<td/style="position: fixed">x</td>', STYLED),
        ('<td title="x" / style="position: fixed">x</td>', STYLED),
        ('<td style="position: fixed" style="text-align: right;">x</td>', STYLED),  # a browser uses the first
        ('<td style="text-align: right;" style="position: fixed">x</td>', "the attribute style= twice on <td>"),
        ('<!--><td style="position: fixed">-->', "an HTML comment"),
        ('<noscript><p title="</noscript><td style=position:fixed>"></noscript>', "markup <p> inside <noscript>"),
    ],
)
def test_a_style_hidden_by_a_parser_difference_is_found(site: Path, page: str, snippet: str, what: str) -> None:
    found, line = findings(site, page, snippet)
    assert any(f.startswith(f"{PAGE}:{line}: {what}") for f in found), found


def test_every_allowed_style_is_on_the_site(site: Path) -> None:
    """The style allow-list is no longer than the site needs, and the site has no <style> element."""
    used, styles = set(), 0
    for file in site.rglob("*.html"):
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        styles += len(soup.find_all("style"))
        for tag in soup.find_all(style=True):
            used |= {
                name
                for name, (tags, shape) in STYLE_ATTRIBUTES.items()
                if tag.name in tags and shape.fullmatch(tag["style"])
            }
    assert styles == 0
    assert used == set(STYLE_ATTRIBUTES)


# --- files the site publishes ------------------------------------------------------------------------

SCRIPT = b"<!doctype html>\n<script>alert(1)</script>\n"


@pytest.mark.parametrize("name", ["x.htm", "X.HTML", "docs/x.Htm", "x.shtml", "x.html.en", "x.htm.bak", "x.html."])
def test_a_page_under_any_html_name_is_read(tmp_path: Path, name: str) -> None:
    """A host serves these as HTML (Apache by any of a name's extensions, Windows without a trailing dot)."""
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_bytes(SCRIPT)
    assert [str(f) for f in scan_site(tmp_path)] == [
        f'{name}:2: an inline <script> the theme does not ship: "alert(1)"'
    ]


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n'
XHTML = b'<html xmlns="http://www.w3.org/1999/xhtml"><body><x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script></body></html>'


@pytest.mark.parametrize(
    ("name", "content", "shown"),
    [
        ("x.xhtml", XHTML, "xhtml"),
        ("X.XHTML", XHTML, "xhtml"),
        ("x.xht", XHTML, "xht"),
        ("picture.svg", SVG, "svg"),
        ("picture.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>', "svg"),
        ("picture.svgz", gzip.compress(SVG, mtime=0), "svgz"),
        ("assets/x.xml", b'<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml"/>', "xml"),
        ("ko/sitemap.xml", b"<urlset/>", "xml"),
        ("x.xsl", b'<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>', "xsl"),
        ("x.xslt", b"<x/>", "xslt"),
        ("x.mhtml", b"MIME-Version: 1.0\r\n", "mhtml"),
        ("x.mht", b"MIME-Version: 1.0\r\n", "mht"),
        ("feed.rss", b"<rss/>", "rss"),
        ("x.html.gz", gzip.compress(SCRIPT, mtime=0), "html.gz"),  # a host may serve it as a compressed page
        ("x.svg.txt", SVG, "svg.txt"),
    ],
)
def test_a_document_the_scan_cannot_read_is_refused(tmp_path: Path, name: str, content: bytes, shown: str) -> None:
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_bytes(content)
    assert [str(f) for f in scan_site(tmp_path)] == [
        f"{name}:1: a .{shown} file: browsers may run scripts in it, and the scan reads pages only as .html, "
        ".htm or .shtml; publish a page as .html, a picture as .png or inline in a page"
    ]


@pytest.mark.parametrize(
    ("name", "content", "start"),
    [
        ("about", b"<!DOCTYPE HTML><p>x</p><script>alert(1)</script>", "<!DOCTYPE HTML><p>x</p><script"),
        ("about", b"\n\t <html><body onload=alert(1)>", "<html><body onload=alert(1)>"),
        ("x.foo", b"\xef\xbb\xbf  <script>alert(1)</script>", "<script>alert(1)</script>"),
        ("x.foo", "\ufeff<svg onload=alert(1)>".encode("utf-16-le"), "<svg onload=alert(1)>"),
        ("x.map", b"<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("x.dat", b'\r\n<?xml version="1.0"?><x/>', '<?xml version=\\"1.0\\"?><x/>'),
        ("x.data", b"<!-- x --><img src=x onerror=alert(1)>", "<!-- x --><img src=x onerror=a"),
    ],
)
def test_a_file_of_unknown_type_that_begins_like_a_page_is_refused(
    tmp_path: Path, name: str, content: bytes, start: str
) -> None:
    """A host may send no type for a name it does not know: a browser then sniffs HTML or XML from the start."""
    (tmp_path / name).write_bytes(content)
    named = f"an extension the scan does not know (.{name.rsplit('.', 1)[1]})" if "." in name else "no extension"
    assert [str(f) for f in scan_site(tmp_path)] == [
        f'{name}:1: a file with {named} that begins like a page or an XML document ("{start}"): '
        "a browser may read it as one; publish a page as .html"
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        # text/plain: the MIME Sniffing standard only tells text from binary in it; no browser reads it as HTML
        ("robots.txt", b"<!doctype html><script>alert(1)</script>"),
        ("data/x.csv", b"<script>alert(1)</script>,1\n"),
        ("data/x.json", b'{"a": "<script>alert(1)</script>"}'),
        ("assets/javascripts/x.js", b"<!-- an old-style comment, valid JavaScript\nvar a = 1;\n"),
        ("assets/stylesheets/x.css", b"<!-- -->\nbody { color: red }\n"),
        ("data/x.csv.gz", gzip.compress(b"<script>", mtime=0)),
        ("CNAME", b"accelerators.example.org\n"),
        ("x.map", b'{"version": 3}'),
        ("x.pdf", b"%PDF-1.7\n<< /JS (alert(1)) >>"),
        ("empty", b""),
        (".colab-accelerators-site", b"Built by `python -m generator build`.\n"),
    ],
)
def test_data_passes(tmp_path: Path, name: str, content: bytes) -> None:
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_bytes(content)
    assert scan_site(tmp_path) == []


def _sitemap(site: Path, url: str) -> str:
    """A copy of the real site's sitemap.xml with url (its text) as the first <url>."""
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    return text.replace("<url>", url + "\n    <url>", 1)


XHTML_NS = 'xmlns:h="http://www.w3.org/1999/xhtml"'


@pytest.mark.parametrize(
    ("url", "what"),
    [
        ("<xhtml:script>alert(1)</xhtml:script>", 'an element the sitemap does not have: "script"'),
        (f"<h:script {XHTML_NS}>alert(1)</h:script>", 'an element the sitemap does not have: "script"'),
        ('<url><loc onclick="x">https://x/</loc></url>', 'an element the sitemap does not have: "loc onclick=\\"x\\""'),
        ('<xhtml:link rel="stylesheet" href="https://evil.example/x.css"/>', "an element the sitemap does not have"),
        ('<xhtml:link rel="alternate" hreflang="en" href="javascript:alert(1)"/>', "an element the sitemap does not"),
        ('<svg xmlns="http://www.w3.org/2000/svg"/>', 'an element the sitemap does not have: "svg"'),
        ('<?xml-stylesheet type="text/xsl" href="x.xsl"?>', "a processing instruction <?xml-stylesheet in the sitemap"),
        ("<url><loc>x</url>", "a sitemap that is not well-formed XML (mismatched tag)"),
    ],
)
def test_a_sitemap_with_more_than_a_sitemap_is_found(site: Path, tmp_path: Path, url: str, what: str) -> None:
    text = _sitemap(site, url)
    line = text[: text.index(url)].count("\n") + 1
    (tmp_path / "sitemap.xml").write_text(text, encoding="utf-8")
    (tmp_path / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode(), mtime=0))
    found = [str(f) for f in scan_site(tmp_path)]
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        assert any(f.startswith(f"{name}:{line}: {what}") for f in found), found


def test_a_sitemap_with_a_doctype_or_unreadable_is_found(site: Path, tmp_path: Path) -> None:
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    doctype = text.replace("?>\n", '?>\n<!DOCTYPE urlset [<!ENTITY x "<h:script>">]>\n', 1)
    assert doctype != text
    (tmp_path / "sitemap.xml").write_text(doctype, encoding="utf-8")
    (tmp_path / "sitemap.xml.gz").write_bytes(b"not gzip")
    assert [str(f) for f in scan_site(tmp_path)] == [
        "sitemap.xml:2: a DOCTYPE in the sitemap (its entities could hold anything)",
        "sitemap.xml.gz:1: a compressed sitemap that cannot be read (Not a gzipped file (b'no'))",
    ]


def test_the_real_sitemaps_are_read(site: Path, tmp_path: Path) -> None:
    """The real site passes with its sitemaps, and they are read: the same bytes elsewhere are refused."""
    shutil.copy(site / "sitemap.xml", tmp_path / "sitemap.xml")
    shutil.copy(site / "sitemap.xml.gz", tmp_path / "sitemap.xml.gz")
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).startswith(b"<?xml")
    assert scan_site(tmp_path) == []
    (tmp_path / "ko").mkdir()
    shutil.copy(site / "sitemap.xml", tmp_path / "ko/sitemap.xml")
    assert [f.page for f in scan_site(tmp_path)] == ["ko/sitemap.xml"]


# --- the parts --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("javascript:x", "javascript"),
        (" JaVa\tScRiPt:x", "javascript"),
        ("\x00\x1f java\nscript\r:x ", "javascript"),
        ("java\x00script:x", None),
        ("java script:x", None),
        ("DATA:text/html,x", "data"),
        ("https://example.org/", "https"),
        ("../compare/", None),
        ("#x", None),
        ("\u00a0javascript:x", None),  # a browser strips C0 controls and spaces only
    ],
)
def test_url_scheme_as_a_browser_reads_it(url: str, scheme: str | None) -> None:
    assert url_scheme(url) == scheme


@pytest.mark.parametrize(
    ("raw", "attributes", "end"),
    [
        ('<a href="x" title=y>', [("href", "x"), ("title", "y")], 20),
        ("<img/onerror=alert(1) src=x>", [("onerror", "alert(1)"), ("src", "x")], 28),
        ('<a title=\x0b"><b onclick=y>">', [("title", '\x0b"')], 12),
        ("<a b='x'c=\"y\"/>", [("b", "x"), ("c", "y")], 15),
        ("<a ==x ONCLICK>", [("=", "x"), ("onclick", None)], 15),
        ('<a title="x', [], -1),
    ],
)
def test_browser_start_tag(raw: str, attributes: list[tuple[str, str | None]], end: int) -> None:
    assert browser_start_tag(raw) == (attributes, end)


def test_finding_text_and_order() -> None:
    findings = [Finding("b.html", 1, "x"), Finding("a.html", 10, "y"), Finding("a.html", 2, "z")]
    assert [str(f) for f in sorted(findings)] == ["a.html:2: z", "a.html:10: y", "b.html:1: x"]


def test_scan_site_reports_every_page(tmp_path: Path) -> None:
    (tmp_path / "ko").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html>\n<p onclick=x>a</p>\n", encoding="utf-8")
    (tmp_path / "ko/index.html").write_bytes(b"<!doctype html>\n<p>\xff</p>\n<iframe></iframe>")
    assert [str(f) for f in scan_site(tmp_path)] == [
        "index.html:2: an event-handler attribute onclick= on <p>",
        "ko/index.html:2: bytes that are not UTF-8 (invalid start byte)",
        "ko/index.html:3: a forbidden element <iframe>",
    ]


def test_an_id_given_twice_is_found() -> None:
    """Material's script reads its settings from the element with id __config: a heading must not take it."""
    page = '<h1 id="__config">x</h1>\n<script id="__config" type="application/json">{}</script>'
    found = [str(f) for f in scan_page(page, "x.html")]
    assert "x.html:2: the id '__config' twice on the page (first on line 1), on <script>" in found
