"""Quick rounds of the preview server: rebuild only the pages whose text changed, into the same bytes.

A save under `make serve` usually changes a few of the site's pages (an A100 figure: the A100's page
in each language, the comparison, the pairs with the A100). Building all of them again takes most of
a round. When the last round built the site and, since then,

- no page was added, removed or renamed, and no page's title changed (each page's navigation shows
  every title), nor the accelerators' order (the navigation follows it, generator/hooks.py);
- neither mkdocs.yml nor the theme changed, and the previous round succeeded,

the round is quick: the new site starts as a copy of the current one without the outputs of the
changed files; MkDocs' dirty build then renders only the pages whose output is missing (every page's
title is still read, so the navigation is whole) and copies the changed data files; each language's
search index is the last one with the rebuilt pages' entries put in their place; the scan reads only
the pages whose bytes changed. Any other change makes a full round, as `make build` does.

tests/test_quick.py checks that a quick round leaves the very bytes a full build of the same docs/ makes.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.utils.meta import get_data

from generator.addresses import page_address, published, site_files
from generator.hooks import facts_order
from generator.scan import ScanMemo

_DIRTY_WARNING = "A 'dirty' build is being performed"


@dataclass(frozen=True)
class DocsState:
    """What a build read from docs/: each file's digest, each page's title, the accelerators' order."""

    digests: dict[str, bytes]
    titles: dict[str, str | None]
    order: list[str]

    @classmethod
    def read(cls, docs: Path) -> DocsState:
        digests, titles = {}, {}
        for rel in site_files(docs):
            data = (docs / rel).read_bytes()
            digests[rel] = hashlib.sha256(data).digest()
            if page_address(rel, set()) is not None:
                titles[rel] = _title(data)
        return cls(digests, titles, facts_order(docs / "data" / "accelerators.json"))


@dataclass
class Memory:
    """What the preview server keeps of its last good round, to make the next one quick."""

    state: DocsState | None = None
    site: Path | None = None
    indexes: list[dict[str, Any]] | None = None  # each language's search index, as MkDocs wrote it
    scans: ScanMemo = field(default_factory=ScanMemo)

    def forget(self) -> None:
        """After a failed round or a change of mkdocs.yml or the theme: the next round is full."""
        self.state, self.indexes = None, None


@dataclass(frozen=True)
class Quick:
    """A quick round: start from `previous` without `stale` (paths in the site); `urls` are rebuilt."""

    previous: Path
    stale: frozenset[str]
    urls: frozenset[str]
    indexes: list[dict[str, Any]]


def plan(memory: Memory, now: DocsState, locales: set[str], default: str) -> Quick | None:
    """The quick round that brings the site from memory's docs/ to now's, or None for a full round."""
    before = memory.state
    if before is None or memory.site is None or memory.indexes is None or not memory.site.is_dir():
        return None
    if before.digests.keys() != now.digests.keys() or before.order != now.order:
        return None
    changed = {rel for rel, digest in now.digests.items() if before.digests[rel] != digest}
    if any(before.titles.get(rel) != now.titles.get(rel) for rel in changed):
        return None
    if any(rel in now.titles and now.titles[rel] is None for rel in now.digests):
        return None  # a page titled by its heading: its title is known only once it is rendered
    where = published(now.digests, locales, default)
    stale = frozenset(path for path, sources in where.items() if changed.intersection(sources))
    urls = frozenset(path.removesuffix("index.html") for path in stale if path.endswith("index.html"))
    indexed = {_page(entry["location"]) for index in memory.indexes for entry in index["docs"]}
    if not urls <= indexed:
        return None  # a page without entries in the index: where its new ones go is not known
    return Quick(memory.site, stale, urls, memory.indexes)


def seed(quick: Quick, folder: Path, under: str | None = None) -> None:
    """Fill folder with the current site (only its `under`/ part if given), leaving out stale outputs.

    Times are kept (copy2): MkDocs' dirty build renders a page only if its output is missing or
    older than its Markdown.
    """
    source = quick.previous / under if under else quick.previous
    target = folder / under if under else folder
    if not source.is_dir():
        return
    prefix = f"{under}/" if under else ""
    skip = {path.removeprefix(prefix) for path in quick.stale if path.startswith(prefix)}
    shutil.copytree(source, target, dirs_exist_ok=True, ignore=_ignore(source, skip))


def _ignore(root: Path, skip: set[str]) -> Any:
    def ignore(folder: str, names: list[str]) -> set[str]:
        here = os.path.relpath(folder, root)
        return {name for name in names if os.path.normpath(os.path.join(here, name)) in skip}

    return ignore


def splice(previous: dict[str, Any], partial: dict[str, Any], urls: frozenset[str]) -> dict[str, Any]:
    """The previous index with the entries of each rebuilt page replaced by the quick build's, in place."""
    fresh: dict[str, list[dict[str, Any]]] = {}
    for entry in partial["docs"]:
        fresh.setdefault(_page(entry["location"]), []).append(entry)
    docs, done = [], set()
    for entry in previous["docs"]:
        page = _page(entry["location"])
        if page not in urls:
            docs.append(entry)
        elif page not in done:
            done.add(page)
            docs.extend(fresh.get(page, []))
    return {**partial, "docs": docs}


def _page(location: str) -> str:
    return location.split("#", 1)[0]


def _title(data: bytes) -> str | None:
    """A page's title from its metadata (None if it has none); as MkDocs reads it."""
    try:
        _, meta = get_data(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return None
    title = meta.get("title")
    return str(title) if title is not None else None


class QuickPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Added to a quick round's MkDocs configuration: every page's title is read, not only the rebuilt
    pages' (MkDocs' dirty build reads only the pages it renders, and the navigation shows them all)."""

    @event_priority(-200)  # after the i18n plugin and generator/hooks.py have made the navigation
    def on_nav(self, nav: Any, config: Any, files: Any) -> Any:
        for page in nav.pages:
            if page.markdown is None:
                page.read_source(config)
        return nav


class TemplateCache(jinja2.BytecodeCache):
    """The theme's compiled templates, kept in this process (and inherited by the processes it forks).

    MkDocs makes a new template environment for every build, which compiles each of the theme's
    templates again; generator/hooks.py gives every environment this cache instead. Jinja checks each
    template's source against the cached code, so an edited template is compiled again.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


THEME_TEMPLATES = TemplateCache()


class DirtyWarning(logging.Filter):
    """Drops MkDocs' warning about dirty builds (a strict build would stop on it): the quick round
    renders exactly the pages that changed and reads every title, which the warning is about."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_DIRTY_WARNING)
