"""Publish: write the pages into a staged copy of docs/, build the site from it, then swap both in.

Nothing the reader or the editor has is touched until everything has succeeded. docs/ is copied
to a staging folder, the changed pages are written there, MkDocs builds the staged pages into a
temporary folder, and only then are the staged docs/ and the new site/ exchanged with the old
ones (an atomic exchange on Linux, renameat2 RENAME_EXCHANGE; two renames elsewhere). A build
that fails, or is killed at any moment, leaves docs/ and site/ as they were; the next run
removes what a killed run left behind.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from generator.errors import BuildError
from generator.parallel import Failed, build_site
from generator.write import Written, write_pages

_PREFIXES = (".docs.stage-", ".site.build-", ".mkdocs.stage-")


@dataclass(frozen=True)
class SiteBuild:
    """Where and how to build the site from docs/."""

    config: Path
    site: Path
    newest: date
    """The latest date in the facts: SOURCE_DATE_EPOCH (unless the caller set one), so that dates
    MkDocs writes, such as the sitemap's, depend on the input only."""
    site_url: str | None = None
    """Instead of mkdocs.yml's: the preview server's address, in serve mode."""


def publish(pages: dict[str, str], docs: Path, site_build: SiteBuild | None = None) -> Written:
    """Bring docs/ in line with pages and, if site_build is given, rebuild the site."""
    root = docs.resolve().parent
    roots = {root} | ({site_build.site.resolve().parent} if site_build else set())
    for folder in roots:
        clean_leftovers(folder)
    root.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=_PREFIXES[0], dir=root))
    try:
        if docs.exists():
            shutil.copytree(docs, stage, symlinks=True, dirs_exist_ok=True, copy_function=_link_or_copy)
        written = write_pages(pages, stage)
        changed = bool(written.written or written.removed) or not docs.exists()
        if site_build is not None:
            built = _mkdocs(site_build, stage)
            if changed:
                _swap_in(stage, docs)
            _swap_in(built, site_build.site)
        elif changed:
            _swap_in(stage, docs)
        return written
    finally:
        for folder in roots:
            clean_leftovers(folder)


def rebuild(site_build: SiteBuild, docs: Path) -> None:
    """Build the site from docs/ as it is (serve mode writes docs/ in place) and swap it in."""
    parent = site_build.site.resolve().parent
    clean_leftovers(parent)
    try:
        _swap_in(_mkdocs(site_build, docs), site_build.site)
    finally:
        clean_leftovers(parent)


def _link_or_copy(source: str, target: str) -> None:
    """Stage a file as a second name for the same bytes (a hard link), or a copy where links fail.

    Safe because nothing changes a staged file in place: write_pages replaces a file with a new
    one (write_file, then rename) and removes one by unlinking; MkDocs only reads.
    """
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def clean_leftovers(root: Path) -> None:
    """Remove staging folders and configs that this module made (now, or in a run that was killed)."""
    for path in root.iterdir() if root.is_dir() else []:
        if path.name.startswith(_PREFIXES):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def _mkdocs(site_build: SiteBuild, docs: Path) -> Path:
    """Build docs with MkDocs (strict) into a new temporary folder next to site/; return that folder.

    MkDocs runs in this process and one forked process per further language (generator/parallel.py):
    a fresh Python process would add its start-up and imports to every build.
    """
    newest, site = site_build.newest, site_build.site
    midnight = datetime(newest.year, newest.month, newest.day, tzinfo=UTC)
    config = site_build.config.resolve()
    # A config that inherits everything and only reads the pages from the staging folder; it
    # sits next to mkdocs.yml so that relative paths in it (hooks, theme) still resolve.
    staged = Path(tempfile.mkstemp(prefix=_PREFIXES[2], suffix=".yml", dir=config.parent)[1])
    staged.write_text(f"INHERIT: {config.name}\ndocs_dir: {os.path.relpath(docs, config.parent)}\n", "utf-8")
    site.resolve().parent.mkdir(parents=True, exist_ok=True)
    out = Path(tempfile.mkdtemp(prefix=_PREFIXES[1], dir=site.resolve().parent))
    saved = {key: os.environ.get(key) for key in ("SOURCE_DATE_EPOCH", "NO_MKDOCS_2_WARNING")}
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(midnight.timestamp())))
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        build_site(staged, out, site_url=site_build.site_url)
    except Failed as err:
        shutil.rmtree(out, ignore_errors=True)
        raise BuildError(f"mkdocs build failed; docs/ and site/ were left as they were.\n{err}") from None
    finally:
        staged.unlink(missing_ok=True)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return out


def _swap_in(new: Path, current: Path) -> None:
    """Put new in the place of current in one step; what was current ends up at new (to be removed)."""
    if not current.exists():
        new.rename(current)
        return
    if _exchange(new, current):
        return
    old = current.with_name(f"{_PREFIXES[1]}old-{current.name}")
    current.rename(old)
    new.rename(current)
    old.rename(new)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths with renameat2(RENAME_EXCHANGE); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    return bool(renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0)
