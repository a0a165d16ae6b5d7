"""Preview: MkDocs serves the site with live reload, and docs/ is regenerated whenever an input changes.

The generator watches content/ and generator/templates/; MkDocs watches docs/ (and mkdocs.yml,
theme/). An edit regenerates the pages in place, writing only the files whose bytes changed, so
MkDocs rebuilds only when a page really changed, and the browser reloads. The generator never
watches docs/, so its own writes cannot start another round. An invalid edit prints the usual
errors and leaves docs/ alone: the last good site stays up until the edit is fixed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.errors import GeneratorError
from generator.pipeline import Paths, load_inputs, outputs
from generator.render import TEMPLATES
from generator.translations import stale_report
from generator.write import write_pages

QUIET = 0.15
"""Seconds without further changes before regenerating, so that an editor's save is one round."""


def regenerate(paths: Paths, docs: Path) -> bool:
    """Load, check and render everything, then write the pages that changed; report, never raise."""
    try:
        inputs = load_inputs(paths)
        for line in stale_report(inputs.statuses(), inputs.reviewed):
            print(line, file=sys.stderr, flush=True)
        written = write_pages(outputs(inputs), docs)
    except GeneratorError as err:
        print(
            f"{err}\nThe site keeps showing the last good version; fix the file and save it again.",
            file=sys.stderr,
            flush=True,
        )
        return False
    print(f"{docs.as_posix()}/: {written}", flush=True)
    return True


class _Changed(FileSystemEventHandler):
    """Remembers that an input changed (ignoring editors' swap files and our own temporaries)."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        name = os.path.basename(str(event.src_path))
        if event.event_type in ("opened", "closed_no_write") or name.startswith(".") or name.endswith("~"):
            return
        self.event.set()


def serve(paths: Paths, docs: Path, config: Path, dev_addr: str) -> int:
    """Regenerate, start `mkdocs serve`, and regenerate again after every change until interrupted."""
    regenerate(paths, docs)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-f", str(config), "--dev-addr", dev_addr]
    mkdocs = subprocess.Popen(command, env=env)
    changed = _Changed()
    observer = Observer()
    for folder in {paths.facts.parent, paths.catalogs, paths.glossary.parent, TEMPLATES}:
        observer.schedule(changed, str(folder), recursive=True)
    observer.start()
    try:
        while mkdocs.poll() is None:
            if not changed.event.wait(timeout=0.2):
                continue
            while changed.event.is_set():  # wait for the edits to settle
                changed.event.clear()
                time.sleep(QUIET)
            regenerate(paths, docs)
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        observer.join()
        if mkdocs.poll() is None:
            mkdocs.terminate()
            mkdocs.wait()
    return 0
