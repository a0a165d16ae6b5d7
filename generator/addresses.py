"""Where each file under docs/ is published in the built site, and which files would take one place.

MkDocs with mkdocs-static-i18n publishes a page `x.md`, `x/index.md`, `x/README.md` or a language
version `x.ko.md` at a folder address (`x/index.html`, under `ko/` for a language other than the
default), and every other file at its own path; it writes the sitemap, the search indexes and the
404 pages itself. When two of these land on one path, one silently replaces the other. write.py
refuses such a set of files before anything is written (`clashes`), whether the files are
generated, hand-written or one of each.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

MARKDOWN = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
"""The suffixes MkDocs reads as pages."""
# A language suffix as mkdocs-static-i18n recognises one (its RE_LOCALE): `en`, `ko`, `pt-BR`, `zh_TW`.
_LOCALE = re.compile(r"[a-z]{2}(-[A-Za-z]{4})?(-[A-Z]{2})?|[a-z]{2}_[A-Z]{2}")
MADE_BY_MKDOCS = ("sitemap.xml", "sitemap.xml.gz", "404.html", "search/search_index.json")
"""Files MkDocs, its search plugin and the theme write themselves (404.html and the index per language too)."""


def page_address(rel: str, locales: set[str]) -> tuple[str, str | None] | None:
    """Where a file under docs/ is published as a page, and in which language; None if it is no page.

    The address is a folder path ("" for the home page): `x.md`, `x/index.md`, `x/README.md` and
    their language versions `x.en.md`, `x/index.en.md` all publish at x/. The language is the name's
    last suffix if it is one of locales or looks like a language code, as mkdocs-static-i18n reads
    it; None means a page without one (the default language's, and the fallback of every other).
    """
    path = PurePosixPath(rel)
    if path.suffix not in MARKDOWN:
        return None
    stem, language = path.stem, None
    base, dot, suffix = stem.rpartition(".")
    if dot and base and (suffix in locales or _LOCALE.fullmatch(suffix)):
        stem, language = base, suffix
    parts = list(path.parent.parts) + ([] if stem in ("index", "README") else [stem])
    return "/".join(parts), language


def published(files: Iterable[str], locales: set[str], default: str) -> dict[str, list[str]]:
    """{path in the built site: the files under docs/ published there}, MkDocs' own files included.

    A page without a language suffix is the default language's, and also every other language's
    where that language has no version of its own (the i18n plugin's fallback).
    """
    files = sorted(files)
    pages = {rel: found for rel in files if (found := page_address(rel, locales)) is not None}
    versions = set(pages.values())
    out: dict[str, list[str]] = {}
    for rel in files:
        if rel not in pages:
            out.setdefault(rel, []).append(rel)
            continue
        address, language = pages[rel]
        others = [lang for lang in sorted(locales) if (address, lang) not in versions]
        for lang in dict.fromkeys([language] if language else [default, *others]):
            folder = "/".join(part for part in ("" if lang == default else lang, address) if part)
            out.setdefault(f"{folder}/index.html" if folder else "index.html", []).append(rel)
    for made in MADE_BY_MKDOCS:
        out.setdefault(made, []).append(f"({made}, written by MkDocs)")
    for lang in sorted(locales - {default}):
        for made in MADE_BY_MKDOCS[2:]:  # each language's 404 page and search index
            out.setdefault(f"{lang}/{made}", []).append(f"({lang}/{made}, written by MkDocs)")
    return out


def clashes(files: Iterable[str], locales: set[str], default: str, shown: str) -> list[str]:
    """A message for each path of the built site that more than one file would be published at."""
    problems = []
    for path, sources in sorted(published(files, locales, default).items()):
        if len(sources) > 1:
            names = " and ".join(source if source.startswith("(") else f"{shown}/{source}" for source in sources)
            problems.append(
                f"{names}: both published at /{path}, so one would replace the other; rename or move one of them"
            )
    return problems


def site_files(out: Path) -> list[str]:
    """Every file under out/ that MkDocs publishes: all but dot-files, dot-folders and a top-level templates/."""
    found = []
    for folder, dirs, names in os.walk(out):
        here = Path(folder).relative_to(out)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (here == Path(".") and d == "templates"))
        found += [(here / name).as_posix() for name in sorted(names) if not name.startswith(".")]
    return found
