"""Build the site's languages at the same time, one process each, into the same bytes as one after the other.

mkdocs-static-i18n builds the default language, then, from inside that build's post_build event,
each other language in turn into the same site/ (its `building` flag set). The languages do not
depend on each other's pages, so here each one is built in a process of its own:

- the default language with the plugin's `building` flag already set, so that it builds only itself;
- every other language started as the plugin starts its nested builds (`current_language` set,
  `building` set), into a folder of its own.

Then the folders are merged as the sequential build would have left them: a later language's file
replaces an earlier one's (the theme's assets are the same bytes in each), and the three files that
the sequential build writes from all languages together are made from the parts:

- sitemap.xml (and .gz): the default language's <url> entries, then each other language's;
- search/search_index.json: every language's entries, de-duplicated by the plugin's own rule, then
  split per language as generator/hooks.py does;
- 404.html: each language's own, already moved to its folder by generator/hooks.py.

tests/test_parallel.py (and test_third_language.py) build real, synthetic and three-language sites both
ways and compare every byte.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import logging
import multiprocessing
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs_static_i18n.reconfigure import ExtendedPlugin  # type: ignore[import-untyped]

from generator.forked import cores, die_with_parent
from generator.hooks import split_search_index
from generator.quick import DirtyWarning, Quick, QuickPlugin, seed, splice

SEARCH_INDEX = Path("search/search_index.json")
SITEMAP = Path("sitemap.xml")


class Failed(Exception):
    """A language's build failed; args[0] is what MkDocs reported."""


def build_site(
    config_file: Path,
    site: Path,
    *,
    site_url: str | None = None,
    parallel: bool = True,
    quick: Callable[[list[str]], Quick | None] | None = None,
) -> list[dict[str, Any]] | None:
    """Build the whole site (strict) from config_file into site, an empty folder.

    site_url replaces the config file's (serve mode gives the preview's address). With parallel=False,
    MkDocs and the plugin build the languages one after the other in this process, as `mkdocs
    build` does; tests compare the two ways. quick (serve mode, generator/quick.py) is given the
    languages, default first, and may answer with a quick round: then only the changed pages are
    rendered. It is asked only where the languages are built in parallel.

    Returns each language's search index as MkDocs wrote it (what a later quick round starts from),
    or None where the languages were not built apart.
    """
    settings: dict[str, Any] = {"config_file": str(config_file), "site_dir": str(site), "strict": True}
    if site_url is not None:
        settings["site_url"] = site_url
    if not parallel:
        _run_build(settings, part=None)
        return None
    languages = _languages(settings)
    # fork is what makes a worker cheap (MkDocs and the theme already imported); it is safe on
    # Linux only (macOS's system libraries are not fork-safe; Windows has no fork).
    if len(languages) < 2 or cores() < 2 or not sys.platform.startswith("linux"):
        _run_build(settings, part=None)
        return None
    parts = [site.with_name(f"{site.name}.{language}") for language in languages[1:]]
    round_ = quick(languages) if quick is not None else None
    if round_ is not None:
        seed(round_, site)
        for language, folder in zip(languages[1:], parts, strict=True):
            seed(round_, folder, under=language)
    context = multiprocessing.get_context("fork")
    children = []
    try:
        for language, folder in zip(languages[1:], parts, strict=True):
            receive, send = context.Pipe(duplex=False)
            part_settings = {**settings, "site_dir": str(folder)}
            child = context.Process(target=_child, args=(part_settings, language, send, round_), daemon=True)
            child.start()
            send.close()
            children.append((child, receive))
        errors = []
        try:
            _run_build(settings, part=languages[0], quick=round_)
        except Failed as err:
            errors.append(str(err))
        for (child, receive), language in zip(children, languages[1:], strict=True):
            try:
                report = str(receive.recv())
            except EOFError:  # it ended without a word: killed, or out of memory
                child.join()
                report = f"the build of '{language}' ended without a report (exit code {child.exitcode})"
            child.join()
            if report:
                errors.append(report)
        if errors:
            raise Failed("\n".join(errors))
        return _merge(site, parts, languages, round_)
    finally:
        for child, _ in children:
            if child.is_alive():
                child.kill()
                child.join()
        for folder in parts:
            shutil.rmtree(folder, ignore_errors=True)


def _languages(settings: dict[str, Any]) -> list[str]:
    """The languages the i18n plugin builds, default first (one language if there is no plugin)."""
    config = load_config(**settings)
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return [""]
    return [i18n.default_language] + [lang for lang in i18n.build_languages if lang != i18n.default_language]


def _child(settings: dict[str, Any], language: str, report: Any, quick: Quick | None) -> None:
    """In a forked process: build one non-default language; send "" or the error, then exit."""
    die_with_parent()
    try:
        _run_build(settings, part=language, quick=quick)
        report.send("")
    except Failed as err:
        report.send(str(err))
    except BaseException as err:  # anything else is a bug, but must still reach the parent
        report.send(f"{type(err).__name__}: {err}")
    finally:
        report.close()
        os._exit(0)  # not sys.exit: nothing of the parent's (atexit, buffers) runs twice


def _run_build(settings: dict[str, Any], part: str | None, quick: Quick | None = None) -> None:
    """One MkDocs build in this process: the whole site (part None) or one language's part."""
    collected = Collect()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collected)
    dirty = DirtyWarning()
    logging.getLogger("mkdocs.commands.build").addFilter(dirty)
    try:
        config = load_config(**settings)
        if part is not None and (i18n := config.plugins.get("i18n")) is not None:
            _only(i18n, part)
        if quick is not None:
            config.plugins["generator-quick"] = QuickPlugin()
        with contextlib.redirect_stdout(io.StringIO()):
            build(config, dirty=quick is not None)
    except (Exception, SystemExit) as err:  # MkDocs reports with Abort (a SystemExit), ConfigurationError, ...
        raise Failed("\n".join([*collected.messages, str(err)]).strip()) from None
    finally:
        mkdocs_log.removeHandler(collected)
        logging.getLogger("mkdocs.commands.build").removeFilter(dirty)


def _only(i18n: Any, language: str) -> None:
    """Make the plugin build just `language`: as its nested builds do, with `building` already set."""
    if language != i18n.default_language:
        i18n.current_language = language
    i18n.building = True


class Collect(logging.Handler):
    """Keeps MkDocs' warnings and errors, to report them if the build fails."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def _merge(site: Path, parts: list[Path], languages: list[str], quick: Quick | None) -> list[dict[str, Any]] | None:
    """Move each later language's files over the default language's, then join the shared files.

    Returns each language's search index as MkDocs wrote it (a quick round's put into the last one)."""
    sitemaps = [_read(site / SITEMAP)]
    indexes = [_read(site / SEARCH_INDEX)]
    gzip_mtime = None
    for part in parts:
        sitemaps.append(_read(part / SITEMAP))
        indexes.append(_read(part / SEARCH_INDEX))
        if (part / f"{SITEMAP}.gz").exists():
            gzip_mtime = int.from_bytes((part / f"{SITEMAP}.gz").read_bytes()[4:8], "little")
        _move_tree(part, site)
    if all(text is not None for text in sitemaps):
        sitemap = _join_sitemaps([text for text in sitemaps if text is not None])
        (site / SITEMAP).write_bytes(sitemap.encode("utf-8"))
        if gzip_mtime is not None:
            _write_gzip(site / f"{SITEMAP}.gz", sitemap, gzip_mtime)
    if not all(text is not None for text in indexes):
        return None
    raw = [json.loads(text) for text in indexes if text is not None]
    if quick is not None:
        raw = [splice(old, new, quick.urls) for old, new in zip(quick.indexes, raw, strict=True)]
    _write_search_indexes(site, raw, languages)
    return raw


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


def _move_tree(source: Path, target: Path) -> None:
    """Move source's files into target, replacing files of the same name; a folder target lacks moves whole."""
    for entry in os.scandir(source):
        destination = target / entry.name
        if entry.is_dir(follow_symlinks=False) and destination.is_dir():
            _move_tree(Path(entry.path), destination)
        else:
            os.replace(entry.path, destination)


def _join_sitemaps(sitemaps: list[str]) -> str:
    """One sitemap with the <url> entries of all, in order (the plugin's template lists them so)."""
    spans = [_entries_span(text) for text in sitemaps]
    first, (start, end) = sitemaps[0], spans[0]
    return first[:start] + "".join(text[a:b] for text, (a, b) in zip(sitemaps, spans, strict=True)) + first[end:]


def _entries_span(sitemap: str) -> tuple[int, int]:
    """Where the <url> entries are: from the end of the <urlset> tag to the end of the last </url>."""
    start = sitemap.index(">", sitemap.index("<urlset")) + 1
    last = sitemap.rfind("</url>")
    return start, (last + len("</url>") if last >= start else start)


def _write_gzip(path: Path, text: str, mtime: int) -> None:
    """As MkDocs writes sitemap.xml.gz (same header: file name and time)."""
    with open(path, "wb") as file, gzip.GzipFile(fileobj=file, filename=str(path), mode="wb", mtime=mtime) as gz:
        gz.write(text.encode("utf-8"))


def _write_search_indexes(site: Path, indexes: list[dict[str, Any]], languages: list[str]) -> None:
    """Join the per-language indexes, drop duplicates as the i18n plugin does, split as hooks.py does."""
    entries = remove_duplicates([entry for index in indexes for entry in index["docs"]], languages)
    split_search_index(site, {**indexes[-1], "docs": entries}, languages[1:])


def remove_duplicates(entries: list[dict[str, Any]], languages: list[str]) -> list[dict[str, Any]]:
    """The entries without those the i18n plugin drops as duplicates, in linear rather than quadratic time.

    The plugin (reconfigure_search_duplicates) drops a translated entry whose title and text equal a
    default-language entry's and whose location ends with that entry's location. It compares every
    pair (1.2 s at 500 accelerators) and, since it removes from the list it is walking, passes over
    the entry right after each one it removes. This does the same, the passing-over included, with
    an index by (title, text) and a linked list; tests/test_parallel.py checks it against the
    plugin's own function. Entries assumed distinct within the translations: otherwise the plugin's
    function runs.
    """
    prefixes = tuple(f"{lang}/" for lang in languages)
    translated = [i for i, e in enumerate(entries) if e["location"].startswith(prefixes)]
    if len({json.dumps(entries[i], sort_keys=True, default=str) for i in translated}) != len(translated):
        copy = list(entries)
        ExtendedPlugin.reconfigure_search_duplicates(SimpleNamespace(build_languages=languages), copy)
        return copy
    index: dict[tuple[str, str], list[int]] = {}
    for position, i in enumerate(translated):
        index.setdefault((entries[i]["title"], entries[i]["text"]), []).append(position)
    after = list(range(1, len(translated) + 1))  # the next entry still in the list (linked list)
    before = list(range(-1, len(translated) - 1))
    removed = [False] * len(translated)
    for entry in (entries[i] for i in range(len(entries)) if not entries[i]["location"].startswith(prefixes)):
        passed_over = None
        for position in index.get((entry["title"], entry["text"]), []):
            if removed[position] or not entries[translated[position]]["location"].endswith(entry["location"]):
                continue
            if position == passed_over:
                continue
            passed_over = after[position]
            removed[position] = True
            if before[position] >= 0:
                after[before[position]] = after[position]
            if after[position] < len(translated):
                before[after[position]] = before[position]
    dropped = {translated[p] for p in range(len(translated)) if removed[p]}
    return [e for i, e in enumerate(entries) if i not in dropped]
