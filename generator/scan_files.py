"""Which files of a built site the output scan reads as pages, which it lets through, and which it refuses.

Every file a browser could open as a document that runs scripts is read by the scan
(generator/scan.py) or refused. A host chooses a file's type by its name (some, such as Apache, by
any of its extensions: x.html.en is a page), and for a name it does not know it may send no type at
all, so that the browser guesses from the first bytes (the WHATWG MIME Sniffing standard: after
white space, "<!DOCTYPE HTML", "<html", "<script", "<!--", "<?xml" and the like make it HTML or XML).
So, extensions compared in any case:

- a name with .html, .htm or .shtml among its extensions is read as a page, unless its last
  extension is a data type (x.html.gz: a host may serve it as a compressed page), which is refused;
- a name with an extension of another type browsers run scripts in (XHTML, SVG, XML and XSLT, RSS,
  Atom, RDF, MathML, XUL, MHTML) is refused: browsers read those with an XML parser (namespaces,
  entities, stylesheets) that this scan does not follow. An SVG picture runs its scripts when
  opened on its own: a picture is published as PNG, or an SVG inline in a page, where it is scanned;
- sitemap.xml and sitemap.xml.gz at the top, which MkDocs writes, are read with an XML parser and
  must hold only the sitemap's own elements, without a DOCTYPE or processing instruction (an
  <?xml-stylesheet?> would run XSLT);
- a name whose last extension is a data type every host knows (DATA_EXTENSIONS) is let through:
  browsers do not read those types as a page (text/plain included: the standard only tells text
  from binary in it, and no browser sniffs it as HTML);
- any other name, with no extension or one the scan does not know, is refused if its content
  begins with "<" after a byte order mark and white space (every pattern by which a browser
  sniffs HTML or XML begins so; an XML document always does), and let through otherwise (CNAME,
  a PDF, the site folder's mark).
"""

from __future__ import annotations

import gzip
import io
import zlib
from pathlib import Path
from xml.parsers import expat

from generator.scan_browser import snippet, url_scheme

PAGE_EXTENSIONS = frozenset({"html", "htm", "shtml"})

DOCUMENT_EXTENSIONS = frozenset(
    {"xhtml", "xht", "svg", "svgz", "xml", "xsl", "xslt", "rss", "atom", "rdf", "mml", "mathml", "xul", "mht", "mhtml"}
)
"""Other types browsers open as documents that run scripts (or, MHTML, as a page)."""

DATA_EXTENSIONS = frozenset(
    {"css", "js", "json", "csv", "txt", "png", "jpg", "jpeg", "gif", "webp", "avif", "ico"}
    | {"woff", "woff2", "ttf", "otf", "gz"}
)
"""Types every host knows and serves as data: Material's and the project's assets, the data files,
the search index (a .map, a .pdf or a name with no extension is let through by its content)."""

SITEMAPS = {"sitemap.xml": False, "sitemap.xml.gz": True}
"""The XML files MkDocs writes at the top of the site, and whether each is compressed."""

SITEMAP_LIMIT = 50 * 1024 * 1024
"""The most a sitemap may hold uncompressed (the sitemap protocol's limit): no gzip bomb is read whole."""

_SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9 "
_SITEMAP_ELEMENTS = frozenset(_SITEMAP + name for name in ("urlset", "url", "loc", "lastmod", "changefreq", "priority"))
_ALTERNATE = "http://www.w3.org/1999/xhtml link"
"""mkdocs-static-i18n's <xhtml:link rel="alternate" hreflang="ko" href="https://..."/> in each <url>."""

_SNIFFED = 1445
"""How many bytes a browser reads to sniff a type (the MIME Sniffing standard's resource header)."""

_BYTE_ORDER_MARKS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"))


def published(site: Path) -> tuple[list[Path], list[tuple[str, int, str]]]:
    """The files of site to read as pages, in order, and the problems with the others: (path, line, what)."""
    pages: list[Path] = []
    problems: list[tuple[str, int, str]] = []
    for path in sorted(site.rglob("*")):
        if path.is_file():
            relative = path.relative_to(site).as_posix()
            found = check_file(path, relative)
            if found is None:
                pages.append(path)
            else:
                problems.extend((relative, line, what) for line, what in found)
    return pages, problems


def check_file(path: Path, relative: str) -> list[tuple[int, str]] | None:
    """None if the file is to be read as a page; else its problems as (line, what), none for data."""
    extensions = path.name.rstrip(". ").lower().split(".")[1:]  # a host on Windows drops trailing dots
    last = extensions[-1] if extensions else ""
    if relative in SITEMAPS:
        return _sitemap(path, compressed=SITEMAPS[relative])
    if last in PAGE_EXTENSIONS:
        return None
    for i, extension in enumerate(extensions):
        if extension in PAGE_EXTENSIONS and last not in DATA_EXTENSIONS:
            return None
        if extension in PAGE_EXTENSIONS | DOCUMENT_EXTENSIONS:
            shown = ".".join(extensions[i:])
            return [
                (
                    1,
                    f"a .{shown} file: browsers may run scripts in it, and the scan reads pages only as "
                    ".html, .htm or .shtml; publish a page as .html, a picture as .png or inline in a page",
                )
            ]
    if last in DATA_EXTENSIONS:
        return []
    with path.open("rb") as file:
        head = file.read(_SNIFFED)
    text = next(
        (head[len(bom) :].decode(codec, "replace") for bom, codec in _BYTE_ORDER_MARKS if head.startswith(bom)), None
    )
    start = (head.decode("latin-1") if text is None else text).lstrip("\t\n\f\r ")
    if not start.startswith("<"):
        return []
    named = f"an extension the scan does not know (.{last})" if last else "no extension"
    return [
        (
            1,
            f"a file with {named} that begins like a page or an XML document ({snippet(start[:30])}): "
            "a browser may read it as one; publish a page as .html",
        )
    ]


class _Refused(Exception):
    """Raised in a handler to stop reading a sitemap at something it must not hold."""


def _sitemap(path: Path, *, compressed: bool) -> list[tuple[int, str]]:
    """What in a sitemap is not the sitemap's own: elements, attributes, a DOCTYPE, a processing instruction."""
    data = path.read_bytes()
    if compressed:
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as file:
                data = file.read(SITEMAP_LIMIT + 1)
        except (OSError, EOFError, zlib.error) as err:
            return [(1, f"a compressed sitemap that cannot be read ({err})")]
        if len(data) > SITEMAP_LIMIT:
            return [(1, f"a sitemap larger than {SITEMAP_LIMIT // 1024 // 1024} MB uncompressed")]
    parser = expat.ParserCreate(namespace_separator=" ")
    problems: list[tuple[int, str]] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        if name == _ALTERNATE:
            allowed = set(attributes) <= {"rel", "hreflang", "href"} and attributes.get("rel") == "alternate"
            allowed = allowed and url_scheme(attributes.get("href", "")) in ("http", "https")
        else:
            allowed = name in _SITEMAP_ELEMENTS and not attributes
        if not allowed:
            shown = " ".join([name.rsplit(" ", 1)[-1], *(f'{k}="{v}"' for k, v in attributes.items())])
            problems.append((parser.CurrentLineNumber, f"an element the sitemap does not have: {snippet(shown)}"))

    def doctype(*_: object) -> None:
        raise _Refused("a DOCTYPE in the sitemap (its entities could hold anything)")

    def instruction(target: str, _: str) -> None:
        raise _Refused(f"a processing instruction <?{target} in the sitemap (a stylesheet would run XSLT)")

    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
    except _Refused as err:
        problems.append((parser.CurrentLineNumber, str(err)))
    except expat.ExpatError as err:
        problems.append((err.lineno, f"a sitemap that is not well-formed XML ({expat.errors.messages[err.code]})"))
    return problems
