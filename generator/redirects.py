"""Addresses that last: every page the site has published stays reachable.

The record, `published-addresses.yaml` beside the facts file (content/published-addresses.yaml),
lists every page address the site has published, in the default language's form (`/vs/t4-vs-l4/`;
the same page in another language is under its folder, `/ko/vs/t4-vs-l4/`). A build (or
`generate`) appends the addresses it produces that the record lacks and never removes one; a facts
file with no record beside it gets none (test fixtures leave no file behind).

For each recorded address the site no longer produces (an accelerator that gained options, a pair
past the cap), every language gets a small HTML page at that address that sends the reader to the
nearest page that exists, in the same language (`nearest`). It is a file of docs/, not a page:
MkDocs copies it as it is, so it is in neither the navigation, the search index nor the sitemap.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from generator.addresses import page_address
from generator.errors import InputError, Problem
from generator.links import pair_stem, paired_rows
from generator.load import read_yaml
from generator.model import Facts
from generator.strings import Catalog
from generator.text import Safe, fill
from generator.write import replace_file

RECORD = "published-addresses.yaml"
"""The record's file name; it sits beside the facts file it records the pages of."""
ADDRESS = re.compile(r"/(?:[a-z0-9](?:[a-z0-9.-]{0,98}[a-z0-9])?/){0,4}")
"""A page address as recorded: `/`, `/compare/`, `/accelerators/t4/`, `/vs/t4-vs-l4/`."""
HEADER = """\
# Every page address the site has published (the default language's; /ko/... is the same page in
# Korean). Written by `python -m generator build`: each new address is appended, none is ever
# removed, so that a page that once existed stays reachable. An address the site no longer
# produces gets a page in every language that sends the reader to the nearest page that exists
# (generator/redirects.py). To retire an address for good, delete its line here by hand.
"""


def record_path(facts: Path) -> Path:
    """Where the record of the pages built from a facts file is: beside it."""
    return facts.parent / RECORD


def read_record(path: Path, languages: Sequence[str] = ()) -> list[str]:
    """The recorded addresses, in order; empty if there is no record. Raise InputError on a malformed one.

    languages are the site's, default first: an address under another language's folder is refused
    (each address stands for its page in every language).
    """
    if not path.exists():
        return []
    display = path.as_posix()
    doc = read_yaml(path, display)
    if not isinstance(doc.data, dict):
        got = "a list" if isinstance(doc.data, list) else repr(doc.data)
        raise InputError(display, [Problem(display, 1, "", f"expected addresses: and a list of addresses, got {got}")])
    for key in doc.data:
        if key != "addresses":
            doc.problem((key,), "unknown field (expected only addresses)", line=doc.key_lines.get((key,)))
    values = doc.data.get("addresses", [])
    if "addresses" not in doc.data:
        doc.problem((), "expected addresses: and a list of addresses, got none")
    elif not isinstance(values, list):
        doc.problem(("addresses",), f"expected a list of page addresses such as /vs/t4-vs-l4/, got {values!r}")
        values = []
    found: list[str] = []
    for i, value in enumerate(values):
        if not (isinstance(value, str) and ADDRESS.fullmatch(value)):
            doc.problem(("addresses", i), f"expected a page address such as /vs/t4-vs-l4/, got {value!r}")
        elif value.split("/")[1] in languages[1:]:
            lang = value.split("/")[1]
            doc.problem(
                ("addresses", i),
                f"expected the address in the default language ({value.removeprefix('/' + lang)}, which "
                f"stands for /{lang}{value.removeprefix('/' + lang)} too), got {value}",
            )
        elif value in found:
            doc.problem(("addresses", i), f"expected each address once, got {value} a second time")
        else:
            found.append(value)
    if doc.problems:
        raise InputError(display, doc.problems)
    return found


def record_text(addresses: Iterable[str]) -> str:
    """The record's text: the header, then one address a line."""
    return HEADER + "addresses:\n" + "".join(f"  - {address}\n" for address in addresses)


def update_record(path: Path, recorded: Sequence[str], produced: Iterable[str]) -> list[str]:
    """Append to the record (if there is one) the produced addresses it lacks, sorted; return them."""
    added = sorted(set(produced) - set(recorded))
    if added and path.exists():
        replace_file(path, record_text([*recorded, *added]).encode("utf-8"))
        return added
    return []


def produced(files: Iterable[str], languages: Sequence[str]) -> dict[tuple[str, str], str]:
    """{(address, language): the generated page's file} for every page among files (paths under docs/)."""
    out = {}
    for rel in files:
        found = page_address(rel, set(languages))
        if found is not None and found[1] is not None and found[1] in languages:
            address, language = found[0], found[1]
            out[(f"/{address}/" if address else "/", language)] = rel
    return out


def nearest(address: str, facts: Facts, exists: set[str]) -> str:
    """The page that now stands where address was (which the site no longer produces), with an anchor if any.

    - A side-by-side page `/vs/x-vs-y/`: that of the same two rows if both are still paired; for an
      accelerator that has gained options, its first paired option in its place (a100 becomes
      a100-40gb); otherwise (a row retired, or past the cap of paired rows) the comparison page.
    - An accelerator's page `/accelerators/x/`: for an option's id, the option on its accelerator's
      page; otherwise the list of accelerators.
    - Any other address: the nearest folder above it that is a page, at last the home page.
    """
    parts = address.strip("/").split("/")
    if len(parts) == 2 and parts[0] == "vs":
        return _pair(parts[1], facts, exists)
    if len(parts) == 2 and parts[0] == "accelerators":
        row = next((r for r in facts.rows if r.id == parts[1]), None)
        if row is not None and f"/accelerators/{row.page_id}/" in exists:
            return f"/accelerators/{row.page_id}/#{row.id}"
    while parts:
        parts.pop()
        above = "/" + "".join(f"{part}/" for part in parts)
        if above in exists:
            return above
    return "/"


def _pair(name: str, facts: Facts, exists: set[str]) -> str:
    rows = paired_rows(facts)
    order = [row.id for row in rows]
    ids = name.split("-vs-")
    if len(ids) == 2:
        first, second = (_paired_as(ident, facts, order) for ident in ids)
        if first is not None and second is not None and first != second:
            a, b = sorted([first, second], key=order.index)
            by_id = {row.id: row for row in rows}
            target = f"/{pair_stem(by_id[a], by_id[b])}/"
            if target in exists:
                return target
    return "/compare/" if "/compare/" in exists else "/"


def _paired_as(ident: str, facts: Facts, order: list[str]) -> str | None:
    """The paired row that stands for a row id of an earlier site: itself, or its accelerator's first paired option."""
    if ident in order:
        return ident
    acc = facts.accelerator(ident)
    options = [option.id for option in acc.options if option.id in order] if acc is not None else []
    return options[0] if options else None


def redirect_pages(
    recorded: Iterable[str], pages: dict[str, str], facts: Facts, catalogs: Sequence[Catalog], sources: Sequence[str]
) -> dict[str, str]:
    """{file under docs/: HTML} for every recorded address not among the rendered pages, in every language."""
    languages = [c.locale for c in catalogs]
    here = produced(pages, languages)
    exists = {address for address, language in here if language == languages[0]}
    out = {}
    for address in recorded:
        if address in exists:
            continue
        target = nearest(address, facts, exists)
        for catalog in catalogs:
            folder = address if catalog.locale == languages[0] else f"/{catalog.locale}{address}"
            title = _title(pages[here[(target.split("#")[0], catalog.locale)]])
            out[f"{folder.strip('/')}/index.html"] = redirect_html(address, target, title, catalog, sources)
    return out


def _title(page: str) -> str:
    """A rendered page's title, from its `title:` line (written for HTML by text.attribute), as plain words."""
    line = next(line for line in page.splitlines() if line.startswith("title: "))
    return html.unescape(line.removeprefix("title: "))


def redirect_html(address: str, target: str, title: str, catalog: Catalog, sources: Sequence[str]) -> str:
    """The page left at address: it sends the browser to target at once, and shows a link to it."""
    path, _, anchor = target.partition("#")
    url = posixpath.relpath(path, address) + "/" + (f"#{anchor}" if anchor else "")  # target is never address
    link = Safe('<a href="{}">{}</a>').format(url, title)
    moved = fill(catalog.strings["redirect.moved"], link=link)
    made = f"python -m generator, from {' and '.join([*sources, f'content/i18n/{catalog.locale}.yaml'])}"
    return Safe(
        "<!doctype html>\n"
        '<html lang="{}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="generator" content="{}">\n'
        "<title>{}</title>\n"
        '<meta name="robots" content="noindex">\n'
        '<link rel="canonical" href="{}">\n'
        '<meta http-equiv="refresh" content="0; url={}">\n'
        "</head>\n"
        "<body>\n"
        "<p>{}</p>\n"
        "</body>\n"
        "</html>\n"
    ).format(catalog.locale, made, title, url, url, moved)
