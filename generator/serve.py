"""Preview: build the site into a temporary folder, serve it with live reload, rebuild on every edit.

- An edit of content/ or the templates regenerates docs/ in place (only files whose bytes changed
  are written) and, if a page changed, rebuilds the site the way `make build` does (both
  languages at once, generator/parallel.py). A save that changes no page builds nothing.
- An edit of a hand-written page or asset in docs/, of theme/ or of mkdocs.yml rebuilds the site.
- The generator's own writes to docs/ (the files in docs/.generated) are not watched, so they
  cannot start another round.
- An invalid edit prints the usual errors and changes nothing: the last good site stays up and
  the next good save recovers. The same holds for a page that the strict MkDocs build rejects.

MkDocs' LiveReloadServer serves the folder and makes open pages reload after each round.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.errors import GeneratorError
from generator.lock import project_lock
from generator.pipeline import Paths, load_inputs, outputs
from generator.quick import Memory
from generator.render import TEMPLATES
from generator.site import SiteBuild, rebuild
from generator.translations import stale_report
from generator.write import Written, generated_files, write_pages


@dataclass
class _Preview:
    """What one round needs, and what the watcher has seen since the last round."""

    paths: Paths
    docs: Path
    config: Path
    site: Path
    url: str
    site_inputs_changed: bool = True  # the first round builds whatever happens
    memory: Memory = field(default_factory=Memory)  # of the last good round (generator/quick.py)


def serve(paths: Paths, docs: Path, config: Path, dev_addr: str) -> int:
    """Serve on dev_addr (host:port) until interrupted, rebuilding after every change."""
    host, _, port = dev_addr.rpartition(":")
    try:
        _check_free(host, int(port))
    except (OSError, ValueError) as err:
        why = err.strerror if isinstance(err, OSError) and err.strerror else f"expected host:port, got {dev_addr!r}"
        print(f"cannot serve on {dev_addr}: {why}; choose another address with --dev-addr", file=sys.stderr)
        return 1
    folder = Path(tempfile.mkdtemp(prefix="colab-accelerators-preview-"))
    preview = _Preview(paths, docs, config, folder / "site", f"http://{host}:{port}/")
    server = _LiveReload(builder=lambda: _round(preview), host=host, port=int(port), root=str(preview.site))
    server.error_handler = lambda code: _error_page(preview.site, code)
    signal.signal(signal.SIGTERM, _interrupt)  # stopped by a supervisor: clean up as for Ctrl+C
    docs.mkdir(parents=True, exist_ok=True)
    observer = Observer()
    watcher = _Watcher(preview, server)
    for watched in {paths.facts.parent, paths.catalogs, paths.glossary.parent, TEMPLATES, docs}:
        observer.schedule(watcher, str(watched), recursive=True)
    theme = config.parent / "theme"
    if theme.is_dir():
        observer.schedule(watcher, str(theme), recursive=True)
    observer.schedule(watcher, str(config.parent), recursive=False)  # mkdocs.yml
    try:
        _round(preview)
        observer.start()
        print(f"Serving on {preview.url} (Ctrl+C to stop)", flush=True)
        server.serve()  # type: ignore[no-untyped-call]  # binds, then runs the rebuild loop in this thread
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        server.shutdown()
        if observer.is_alive():
            observer.join()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def _check_free(host: str, port: int) -> None:
    """Raise OSError now, before the first build, if the address is taken (the server binds it later)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
        probe.bind((host, port))


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _round(preview: _Preview) -> None:
    """Regenerate docs/; rebuild the site if a page or another site input changed. Report, never raise.

    The round holds the project's build lock, so a `make build` and a round never overlap.
    """
    try:
        with project_lock(preview.docs):
            _locked_round(preview)
    except GeneratorError as err:  # the lock could not be had
        preview.site_inputs_changed = True
        print(f"{err}\nThe preview keeps showing the last good site.", file=sys.stderr, flush=True)


def _locked_round(preview: _Preview) -> None:
    result = regenerate(preview.paths, preview.docs)
    pages_changed = result is not None and bool(result[0].written or result[0].removed)
    if not (pages_changed or preview.site_inputs_changed):
        return
    if preview.site_inputs_changed:  # mkdocs.yml, the theme or a failed round: a full round
        preview.memory.forget()
    preview.site_inputs_changed = False
    newest = result[1] if result is not None else date.today()  # facts unreadable: build docs/ as it is
    start = time.perf_counter()
    try:
        rebuild(SiteBuild(preview.config, preview.site, newest, preview.url), preview.docs, preview.memory)
    except GeneratorError as err:
        preview.site_inputs_changed = True  # try again on the next save
        print(f"{err}\nThe preview keeps showing the last good site.", file=sys.stderr, flush=True)
        return
    print(f"site: built in {time.perf_counter() - start:.2f} s, serving on {preview.url}", flush=True)


def regenerate(paths: Paths, docs: Path) -> tuple[Written, date] | None:
    """Load, check and render everything, then write the pages that changed; report, never raise.

    Returns what was written and the newest date in the facts, or None if the input is invalid.
    """
    try:
        inputs = load_inputs(paths)
        for line in stale_report(inputs.statuses(), inputs.reviewed):
            print(line, file=sys.stderr, flush=True)
        written = write_pages(outputs(inputs), docs, default=inputs.languages[0])
    except GeneratorError as err:
        print(
            f"{err}\nThe site keeps showing the last good version; fix the file and save it again.",
            file=sys.stderr,
            flush=True,
        )
        return None
    print(f"{docs.as_posix()}/: {written}", flush=True)
    return written, max(s.checked for s in inputs.facts.sources)


class _LiveReload(LiveReloadServer):
    """MkDocs' preview server (MkDocs 1.6, pinned in requirements.lock), watching nothing itself.

    Its watch() polls every half second and cannot leave out the generator's own writes, so
    _Watcher does the watching (inotify where the OS has it) and only asks for a rebuild here, the
    way the server's own watch callback does.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # The server adds its reload script to pages only while it watches something.
        self._watched_paths = {"(changes reported by generator.serve._Watcher)": 1}

    def rebuild_soon(self) -> None:
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()


class _Watcher(FileSystemEventHandler):
    """Asks the server for a round after any change that matters; notes whether it was a site input."""

    def __init__(self, preview: _Preview, server: _LiveReload) -> None:
        self.preview, self.server = preview, server
        self.generator_inputs = [
            preview.paths.facts.parent.resolve(),
            preview.paths.catalogs.resolve(),
            preview.paths.glossary.parent.resolve(),
            TEMPLATES.resolve(),
        ]

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type in ("opened", "closed_no_write"):
            return
        paths = [Path(os.fsdecode(event.src_path))]
        if getattr(event, "dest_path", ""):
            paths.append(Path(os.fsdecode(event.dest_path)))
        relevant = [p.resolve() for p in paths if self._relevant(p)]
        if not relevant:
            return
        if not all(any(p.is_relative_to(folder) for folder in self.generator_inputs) for p in relevant):
            self.preview.site_inputs_changed = True
        self.server.rebuild_soon()

    def _relevant(self, path: Path) -> bool:
        """Not an editor's swap file or one of our temporaries, not a file the generator wrote."""
        if path.name.startswith(".") or path.name.endswith("~"):
            return False
        config = self.preview.config.resolve()
        if path.resolve().parent == config.parent:
            return path.resolve() == config  # of the project's top folder, only mkdocs.yml
        docs = self.preview.docs.resolve()
        if path.resolve().is_relative_to(docs):
            return path.resolve().relative_to(docs).as_posix() not in generated_files(docs)
        return True


def _error_page(site: Path, code: int) -> bytes | None:
    """The site's own 404 page for a missing address, as `mkdocs serve` does."""
    page = site / f"{code}.html"
    return page.read_bytes() if code == 404 and page.is_file() else None
