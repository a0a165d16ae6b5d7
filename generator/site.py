"""Publish: write the pages into a staged copy of docs/, build the site from it, then put both in place.

Nothing the reader or the editor has is touched until everything has succeeded. docs/ is copied
to a staging folder, the changed pages are written there, MkDocs builds the staged pages into a
temporary folder, and only then are the generator's own changed files written into docs/ (each
replaced in one step; nothing else in docs/ is touched, so a page saved while the site builds
stays as saved) and the new site/ exchanged with the old one (an atomic exchange on Linux,
renameat2 RENAME_EXCHANGE; two renames elsewhere, undone if the second fails). A build that
fails leaves docs/ and site/ as they were; one killed at any moment leaves site/ old or new
whole and every file of docs/ whole, old or new (the next build completes it).

- One build at a time: publish() and each round of the preview server hold a lock on the project
  (flock on .build.lock next to docs/); a second build says it is waiting and waits.
- A run removes only what it made, or what a dead run left: staging folders carry the pid of the
  run that made them, and one whose run is still alive is never removed. Removal never follows a
  symbolic link.
- A docs/ or site/ that is a symbolic link is followed: the new folder is staged next to the
  folder it points to (the same file system, so the exchange is one step) and exchanged there;
  the link stays as it is.
- Every failure of the file system or of mkdocs.yml is a GeneratorError naming the path and the
  reason, and docs/ and site/ stay as they were.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import logging
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from mkdocs.exceptions import MkDocsException

from generator.errors import KEPT, BuildError, GeneratorError
from generator.lock import PREFIXES as _PREFIXES
from generator.lock import clean_leftovers, project_lock
from generator.parallel import Collect, Failed, build_site
from generator.quick import DocsState, Memory, Quick, plan
from generator.scan import ScanMemo, scan_site
from generator.write import MANIFEST, FileError, Written, generated_files, reason, write_pages


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


def publish(
    pages: dict[str, str], docs: Path, site_build: SiteBuild | None = None, *, default: str | None = None
) -> Written:
    """Bring docs/ in line with pages and, if site_build is given, rebuild the site.

    default is the site's default language: with it, any two files published at one path are refused.
    """
    with project_lock(docs):
        return _publish(pages, docs, site_build, default)


def _publish(pages: dict[str, str], docs: Path, site_build: SiteBuild | None, default: str | None) -> Written:
    docs_target = _folder(docs)
    roots = {docs_target.parent}
    site_target = None
    if site_build is not None:
        site_target = _folder(site_build.site)
        _check_apart(docs, docs_target, site_build.site, site_target)
        _check_replaceable(site_build.site, site_target)
        _check_config(site_build.config)
        roots |= {site_target.parent, site_build.config.resolve().parent}
    names: dict[Path, str] = {}
    try:
        for folder in roots:
            clean_leftovers(folder)
        stage = _new_folder(_PREFIXES[0], docs, docs_target)
        names[stage] = docs.as_posix()
        if docs_target.exists():
            _check_entries(docs_target, docs)
            _copy(docs_target, stage, docs)
        else:
            os.chmod(stage, 0o755)
        try:
            written = write_pages(pages, stage, docs.as_posix(), default=default)
        except FileError as err:
            raise GeneratorError(f"{err}; {KEPT}") from None
        changed = bool(written.written or written.removed) or not docs_target.exists()
        if site_build is None or site_target is None:
            if changed:
                _apply(pages, stage, docs_target, docs, default)
            return written
        built, _ = _mkdocs(site_build, stage)
        names[built] = site_build.site.as_posix()
        undo = _apply(pages, stage, docs_target, docs, default) if changed else None
        try:
            _swap_in(built, site_target, site_build.site)
        except GeneratorError:
            if undo is not None:
                undo()
            raise
        return written
    except OSError as err:
        raise GeneratorError(f"{_shown(err.filename, names)}: {reason(err)}; {KEPT}") from None
    finally:
        for folder in roots:
            clean_leftovers(folder)


def _apply(
    pages: dict[str, str], stage: Path, docs_target: Path, docs: Path, default: str | None
) -> Callable[[], None]:
    """Write the generator's own files into docs/ as they were staged; return what undoes it.

    Only the files the generator writes in this run, and those of its record that lost their
    source, are touched, each replaced in one step (a new file renamed over the old): a page a
    person saves or creates under docs/ while the site builds is never reverted or removed. A new
    docs/ is the staged folder itself. The old versions are kept (as hard links) until the run
    ends, so that a site that cannot be swapped in takes docs/ back with it.
    """
    kept = _new_folder(_PREFIXES[0], docs, docs_target)
    ours = sorted(generated_files(docs_target) | set(pages) | {MANIFEST})
    for rel in ours:
        old = docs_target / rel
        if old.is_file() and not old.is_symlink():
            (kept / rel).parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(str(old), str(kept / rel))
    if not os.path.lexists(docs_target):
        with contextlib.suppress(OSError):  # else a docs/ made meanwhile: written into as any other
            os.rename(stage, docs_target)

    def undo() -> None:
        for rel in ours:
            old, now = kept / rel, docs_target / rel
            if old.is_file():
                now.parent.mkdir(parents=True, exist_ok=True)
                if not (now.is_file() and os.path.samefile(old, now)):
                    os.replace(old, now)
            elif now.is_file() and (rel == MANIFEST or now.read_bytes() == pages[rel].encode("utf-8")):
                now.unlink()  # written by this run where nothing was

    try:
        write_pages(pages, docs_target, docs.as_posix(), default=default)
    except FileError as err:
        undo()
        raise GeneratorError(f"{err}; {KEPT}") from None
    except BaseException:
        undo()
        raise
    return undo


def rebuild(site_build: SiteBuild, docs: Path, memory: Memory | None = None) -> None:
    """Build the site from docs/ as it is (serve mode writes docs/ in place) and swap it in.

    With memory (serve mode), the round is quick where it can be (generator/quick.py), and memory
    is brought up to date; a failed round leaves it empty, so the next one is full.
    """
    with project_lock(docs):
        site_target = _folder(site_build.site)
        _check_replaceable(site_build.site, site_target)
        _check_config(site_build.config)
        roots = {site_target.parent, site_build.config.resolve().parent}
        names: dict[Path, str] = {}
        try:
            for folder in roots:
                clean_leftovers(folder)
            if docs.is_dir():
                _check_entries(docs, docs)
            now = DocsState.read(docs) if memory is not None else None
            built, indexes = _mkdocs(site_build, docs, memory, now)
            names[built] = site_build.site.as_posix()
            _swap_in(built, site_target, site_build.site)
            if memory is not None:
                memory.state, memory.indexes, memory.site = now, indexes, site_target
        except BaseException as err:
            if memory is not None:
                memory.forget()
            if not isinstance(err, OSError):
                raise
            raise GeneratorError(f"{_shown(err.filename, names)}: {reason(err)}; {KEPT}") from None
        finally:
            for folder in roots:
                clean_leftovers(folder)


# --- staging folders ----------------------------------------------------------------------------


def _folder(path: Path) -> Path:
    """The folder path names, with symbolic links followed (it need not exist); refuse a file or a loop."""
    try:
        target = path.resolve()
    except (OSError, RuntimeError) as err:
        raise GeneratorError(f"{path.as_posix()}: cannot follow this symbolic link: {err}; {KEPT}") from None
    if os.path.lexists(target) and not target.is_dir():
        raise GeneratorError(f"{path.as_posix()}: expected a folder, got a file; move it away. {KEPT}")
    return target


def _check_apart(docs: Path, docs_target: Path, site: Path, site_target: Path) -> None:
    if docs_target == site_target or site_target.is_relative_to(docs_target) or docs_target.is_relative_to(site_target):
        raise GeneratorError(
            f"{site.as_posix()}: the site cannot be built into or around {docs.as_posix()}; choose another --site"
        )


SITE_MARK = ".colab-accelerators-site"
"""A file in every built site: a build replaces only a folder that has it (or is empty, or is MkDocs output)."""
SITE_MARK_TEXT = "Built by `python -m generator build`; the next build replaces this whole folder.\n"


def _check_replaceable(site: Path, site_target: Path) -> None:
    """Refuse to replace a folder that is not an earlier build: `--site content` must not delete the facts."""
    if not site_target.is_dir():
        return
    if (site_target / SITE_MARK).is_file() or not any(site_target.iterdir()):
        return
    if (site_target / "sitemap.xml").is_file() and (site_target / "404.html").is_file():
        return  # a site built before the mark existed
    raise GeneratorError(
        f"{site.as_posix()}: expected an earlier build of the site (with {SITE_MARK}) or an empty folder, "
        f"got a folder of other files, which a build would replace; choose another --site. {KEPT}"
    )


def _check_epoch(value: str, saved: dict[str, str | None]) -> None:
    """SOURCE_DATE_EPOCH dates what MkDocs writes (the sitemap): whole seconds from 1970 to 9999."""
    if value.isascii() and value.isdigit() and int(value) < 253402300800:  # not "²", which isdigit() takes
        return
    for key, before in saved.items():
        if before is None:
            os.environ.pop(key, None)
    raise GeneratorError(
        f"SOURCE_DATE_EPOCH: expected whole seconds since 1970 (before the year 10000), got {value[:40]!r}; {KEPT}"
    )


def _check_config(config: Path) -> None:
    try:
        with config.open("rb"):
            pass
    except OSError as err:
        raise GeneratorError(
            f"{config.as_posix()}: cannot read the MkDocs configuration: {reason(err)}; {KEPT}"
        ) from None


def _new_folder(prefix: str, path: Path, target: Path) -> Path:
    """A new empty folder next to target (on its file system), named with prefix and this run's pid."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=target.parent))
    except OSError as err:
        link = f" (a symbolic link to {target})" if path.is_symlink() else ""
        raise GeneratorError(
            f"{target.parent}: cannot make the new {path.as_posix()}/{link} in this folder: {reason(err)}; {KEPT}"
        ) from None


_KINDS = {stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a device", stat.S_IFBLK: "a device"}


def _check_entries(folder: Path, shown: Path) -> None:
    """Refuse what MkDocs cannot read as a page or a file: a pipe (reading it would wait forever), a
    socket or a device, and a symbolic link to nothing."""
    for parent, dirs, files in os.walk(folder):
        for name in [*dirs, *files]:
            path = Path(parent, name)
            mode = path.lstat().st_mode
            where = f"{shown.as_posix()}/{path.relative_to(folder).as_posix()}"
            if stat.S_IFMT(mode) in _KINDS:
                raise GeneratorError(f"{where}: expected a file or a folder, got {_KINDS[stat.S_IFMT(mode)]}; {KEPT}")
            if stat.S_ISLNK(mode) and not path.exists():
                raise GeneratorError(f"{where}: a symbolic link to nothing; remove it or point it to a file. {KEPT}")


def _copy(docs_target: Path, stage: Path, docs: Path) -> None:
    """Stage a copy of docs/ (hard links where possible), with its folders' modes."""
    try:
        shutil.copytree(docs_target, stage, symlinks=True, dirs_exist_ok=True, copy_function=_link_or_copy)
    except shutil.Error as err:
        source, _, why = err.args[0][0]
        raise GeneratorError(f"{source}: cannot copy it to stage {docs.as_posix()}/: {why}; {KEPT}") from None


def _link_or_copy(source: str, target: str) -> None:
    """Stage a file as a second name for the same bytes (a hard link), or a copy where links fail.

    Safe because nothing changes a staged file in place: write_pages replaces a file with a new
    one (write_file, then rename) and removes one by unlinking; MkDocs only reads.
    """
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


# --- MkDocs -------------------------------------------------------------------------------------


def _mkdocs(
    site_build: SiteBuild, docs: Path, memory: Memory | None = None, now: DocsState | None = None
) -> tuple[Path, list[dict[str, Any]] | None]:
    """Build docs with MkDocs (strict) into a new temporary folder next to site/; return that folder
    and each language's search index as MkDocs wrote it (generator/parallel.py).

    MkDocs runs in this process and one forked process per further language (generator/parallel.py):
    a fresh Python process would add its start-up and imports to every build.
    """
    newest, site, shown = site_build.newest, site_build.site, site_build.config.as_posix()
    midnight = datetime(newest.year, newest.month, newest.day, tzinfo=UTC)
    config = site_build.config.resolve()
    # A config that inherits everything and only reads the pages from the staging folder; it
    # sits next to mkdocs.yml so that relative paths in it (hooks, theme) still resolve.
    try:
        fd, name = tempfile.mkstemp(prefix=f"{_PREFIXES[2]}{os.getpid()}-", suffix=".yml", dir=config.parent)
        staged = Path(name)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(f"INHERIT: {config.name}\ndocs_dir: {os.path.relpath(docs, config.parent)}\n")
    except OSError as err:
        raise GeneratorError(
            f"{config.parent}: cannot write a staging configuration next to {shown}: {reason(err)}; {KEPT}"
        ) from None
    out = _new_folder(_PREFIXES[1], site, _folder(site))
    saved = {key: os.environ.get(key) for key in ("SOURCE_DATE_EPOCH", "NO_MKDOCS_2_WARNING")}
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(midnight.timestamp())))
    _check_epoch(os.environ["SOURCE_DATE_EPOCH"], saved)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    collected = Collect()  # what MkDocs logs while reading its configuration, before parallel.py listens
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collected)
    try:

        def quick(languages: list[str]) -> Quick | None:
            if memory is None or now is None:
                return None
            return plan(memory, now, set(languages), languages[0])

        indexes = build_site(staged, out, site_url=site_build.site_url, quick=quick)
        (out / SITE_MARK).write_text(SITE_MARK_TEXT, encoding="utf-8")
        _readable(out)
        _scan(out, site, memory.scans if memory is not None else None)
    except Failed as err:
        shutil.rmtree(out, ignore_errors=True)
        lines = "\n".join(dict.fromkeys(str(err).splitlines()))  # each language's process may report the same
        raise BuildError(f"mkdocs build failed; {KEPT}\n{lines}") from None
    except (MkDocsException, yaml.YAMLError, UnicodeDecodeError) as err:  # reading mkdocs.yml
        shutil.rmtree(out, ignore_errors=True)
        details = "\n".join([*collected.messages, str(err)]).strip()
        raise BuildError(f"{shown}: invalid MkDocs configuration; {KEPT}\n{details}") from None
    except OSError as err:
        shutil.rmtree(out, ignore_errors=True)
        raise GeneratorError(f"{_shown(err.filename, {out: site.as_posix()})}: {reason(err)}; {KEPT}") from None
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        raise
    finally:
        mkdocs_log.removeHandler(collected)
        staged.unlink(missing_ok=True)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return out, indexes


def _readable(site: Path) -> None:
    """Make the built site world-readable (a temporary folder starts as 0700), whatever the umask."""
    os.chmod(site, 0o755)
    for folder, dirs, files in os.walk(site):
        for name, wanted in [(d, 0o755) for d in dirs] + [(f, 0o644) for f in files]:
            path = os.path.join(folder, name)
            mode = os.lstat(path).st_mode
            if (mode & wanted) != wanted and not os.path.islink(path):
                os.chmod(path, (mode & 0o7777) | wanted)


# --- swapping in --------------------------------------------------------------------------------


def _swap_in(new: Path, current: Path, shown: Path) -> None:
    """Put new in the place of current in one step; what was current ends up at new (to be removed).

    current is a real path (symbolic links already followed). On any failure, current is as it was.
    """
    try:
        if not os.path.lexists(current):
            os.rename(new, current)
            return
        if _exchange(new, current):
            return
        old = current.with_name(f"{_PREFIXES[1]}{os.getpid()}-old-{current.name}")
        os.rename(current, old)
        try:
            os.rename(new, current)
        except OSError:
            os.rename(old, current)
            raise
        os.rename(old, new)
    except OSError as err:
        raise GeneratorError(
            f"{shown.as_posix()}/: cannot replace it with the new version: {reason(err)}; {KEPT}"
        ) from None


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths with renameat2(RENAME_EXCHANGE); False where that is not available.

    Raises OSError if the exchange is available and failed (then nothing changed).
    """
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL):  # an old kernel, or a file system without the exchange
        return False
    raise OSError(code, os.strerror(code), str(b))


def _shown(filename: object, names: dict[Path, str]) -> str:
    """An OS error's file name as the reader knows it: a path in a staging folder as in docs/ or site/."""
    if filename is None:
        return "(unknown file)"
    path = os.fsdecode(filename) if isinstance(filename, str | bytes) else str(filename)
    for folder, shown in names.items():
        if path == str(folder):
            return shown
        if path.startswith(f"{folder}/"):
            return f"{shown}/{path[len(str(folder)) + 1 :]}"
    return path


def _scan(out: Path, site: Path, memo: ScanMemo | None = None) -> None:
    """The second wall: refuse a built site with anything in its pages that could run a script."""
    findings = scan_site(out, root=_served_at(out), memo=memo)
    if findings:
        shown = [f"{site.as_posix()}/{finding}" for finding in findings[:20]]
        more = [f"... and {len(findings) - 20} more"] if len(findings) > 20 else []
        lines = "\n".join([*shown, *more])
        raise BuildError(f"the built pages hold markup that could run a script; {KEPT}\n{lines}")


def _served_at(out: Path) -> str:
    """The URL path the site is served at (the path of site_url), read from the sitemap MkDocs wrote."""
    try:
        sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    except OSError:
        return "/"
    paths = [urlsplit(loc).path or "/" for loc in re.findall(r"<loc>([^<]*)</loc>", sitemap)]
    return min(paths, key=len) if paths else "/"  # the home page's: every other page is below it
