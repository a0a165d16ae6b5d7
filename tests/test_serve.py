"""`make serve`: an edit shows up in the browser, a broken edit keeps the last good site, a fix recovers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tools.server import fetch_text, free_port
from tools.workspace import copy_project

pytestmark = pytest.mark.e2e


class Served:
    """A running `python -m generator serve` and everything it printed so far."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.port = free_port()
        self.lines: list[str] = []
        env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def page(self, path: str) -> str:
        return fetch_text(f"http://127.0.0.1:{self.port}/{path}")

    def count(self, text: str) -> int:
        return sum(text in line for line in list(self.lines))

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=20)


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
    """Poll until condition holds (a bound against hanging forever, not a speed requirement)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting: {what}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    running = Served(copy_project(tmp_path))
    try:
        yield running
    finally:
        running.stop()


def _edit(served: Served, old: str, new: str) -> None:
    facts = served.project / "content/accelerators.yaml"
    text = facts.read_text(encoding="utf-8")
    assert old in text
    facts.write_text(text.replace(old, new), encoding="utf-8")


def test_edit_break_and_fix_while_serving(served: Served) -> None:
    wait_for(lambda: "1,555" in served.page("compare/"), "the site to be served")
    assert "1,555" in served.page("ko/compare/")

    _edit(served, "value: 1555", "value: 1556")
    wait_for(lambda: "1,556" in served.page("compare/"), "the edit to reach the English page")
    wait_for(lambda: "1,556" in served.page("ko/accelerators/a100/"), "the edit to reach the Korean page")

    _edit(served, "value: 1556", "value: fast")
    wait_for(lambda: served.count("expected a number, 'unknown' or 'not_supported', got 'fast'") > 0, "the error")
    assert any(line.startswith("content/accelerators.yaml:") for line in served.lines)
    assert "1,556" in served.page("compare/")  # the last good site is still served

    _edit(served, "value: fast", "value: 1557")
    wait_for(lambda: "1,557" in served.page("compare/"), "recovery after the fix")


def test_no_rebuild_loop_and_a_no_op_save_writes_nothing(served: Served) -> None:
    wait_for(lambda: "1,555" in served.page("compare/"), "the site to be served")
    _edit(served, "value: 1555", "value: 1556")
    wait_for(lambda: "1,556" in served.page("compare/"), "the edit")
    time.sleep(3)  # let everything settle
    builds = served.count("site: built")
    regenerations = served.count("docs/: ")
    time.sleep(3)
    assert (served.count("site: built"), served.count("docs/: ")) == (builds, regenerations)  # no loop

    facts = served.project / "content/accelerators.yaml"
    facts.write_text(facts.read_text(encoding="utf-8"), encoding="utf-8")  # save without a change
    wait_for(lambda: served.count("docs/: ") > regenerations, "the no-op regeneration")
    assert served.lines[[i for i, line in enumerate(served.lines) if "docs/: " in line][-1]].startswith(
        "docs/: 0 written,"
    )
    time.sleep(3)
    assert served.count("site: built") == builds  # nothing changed, so MkDocs did not rebuild


def test_a_hand_written_page_is_served_and_a_broken_one_keeps_the_last_good_site(served: Served) -> None:
    wait_for(lambda: "1,555" in served.page("compare/"), "the site to be served")
    assert "livereload" in served.page("compare/")  # the script that reloads the page after a rebuild
    docs = served.project / "docs"
    for lang, title in (("en", "About"), ("ko", "소개")):
        (docs / f"about.{lang}.md").write_text(f"# {title}\n\nHand-written.\n", encoding="utf-8")
    wait_for(lambda: "Hand-written." in served.page("ko/about/"), "the new Korean page")
    assert "<h1" in served.page("about/") and "About" in served.page("about/")

    (docs / "about.en.md").write_text("# About\n\n[gone](missing.md) Changed.\n", encoding="utf-8")
    wait_for(lambda: served.count("The preview keeps showing the last good site.") > 0, "the strict build's error")
    assert any("missing.md" in line for line in served.lines)
    assert "Changed." not in served.page("about/") and "Hand-written." in served.page("about/")

    (docs / "about.en.md").write_text("# About\n\nFixed.\n", encoding="utf-8")
    wait_for(lambda: "Fixed." in served.page("about/"), "recovery after the fix")


@pytest.mark.browser
def test_an_open_page_reloads_itself_after_an_edit(served: Served, browser: Browser) -> None:
    """In Chromium: the Korean A100 page shows the new figure without the reader reloading it."""
    wait_for(lambda: "1,555" in served.page("ko/accelerators/a100/"), "the site to be served")
    page = browser.new_page()
    page.goto(f"http://127.0.0.1:{served.port}/ko/accelerators/a100/", wait_until="load")
    assert "1,555" in page.inner_text("article")
    _edit(served, "value: 1555", "value: 1556")
    page.wait_for_function("document.querySelector('article').innerText.includes('1,556')", timeout=60_000)
    page.close()


def test_a_busy_port_is_a_plain_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run(
            [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert run.returncode == 1
    assert run.stderr == (
        f"cannot serve on 127.0.0.1:{port}: Address already in use; choose another address with --dev-addr\n"
    )
