"""A build with nothing to do stops at once; any change to what a build reads or wrote makes it build."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.test_e2e import tree_hashes
from tools.workspace import copy_project

pytestmark = pytest.mark.e2e

UP_TO_DATE = "site/: up to date (nothing it is built from changed since the last build)\n"


def _build(project: Path, **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | env
    run = subprocess.run(
        [sys.executable, "-m", "generator", "build"], cwd=project, env=environment, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def _append(rel: str, line: str) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        with (project / rel).open("a", encoding="utf-8") as file:
            file.write(line)

    return change


CHANGES: dict[str, Callable[[Path], None]] = {
    "the facts": _append("content/accelerators.yaml", "# a comment\n"),
    "a catalog": _append("content/i18n/ko.yaml", "# 주석\n"),
    "a template": _append("generator/templates/home.md.j2", "{## a comment ##}\n"),
    "the theme": _append("theme/main.html", "{#- a comment -#}\n"),
    "mkdocs.yml": _append("mkdocs.yml", "# a comment\n"),
    "a hand-written page": lambda project: (project / "docs/notes.md").write_text("# Notes\n", encoding="utf-8"),
    "a generated page": _append("docs/compare.en.md", "\n"),
    "a file of the site": lambda project: (project / "site/sitemap.xml.gz").unlink(),
}


def test_a_build_with_nothing_to_do_stops_and_any_change_builds(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    assert "built with mkdocs" in _build(project)
    site = tree_hashes(project / "site")
    inodes = {p: p.stat().st_ino for p in (project / "site").rglob("*")}
    assert _build(project).endswith(UP_TO_DATE)
    assert tree_hashes(project / "site") == site and {p: p.stat().st_ino for p in inodes} == inodes  # untouched
    for what, change in CHANGES.items():
        change(project)
        assert "built with mkdocs" in _build(project), f"after a change to {what}"
        assert _build(project).endswith(UP_TO_DATE), f"twice after a change to {what}"
    assert "built with mkdocs" in _build(project, SITE_URL="https://example.org/x/")  # the environment counts too
    assert (project / "site/notes/index.html").is_file()
    assert (project / "site/sitemap.xml.gz").is_file()  # the build put back what went missing
