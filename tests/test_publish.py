"""Bad input and killed builds lose nothing; the same input gives the same bytes; text is inert."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.cli import main
from tests.conftest import ROOT
from tests.test_e2e import build_ok, tree_hashes
from tools.workspace import copy_project

pytestmark = pytest.mark.e2e

INVALID = sorted(p.name for p in (ROOT / "tests/data/invalid").iterdir())


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = copy_project(tmp_path_factory.mktemp("publish"))
    build_ok(dest)
    return dest


def test_every_broken_file_leaves_docs_and_site_byte_identical(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree_hashes(project / "docs", project / "site")
    monkeypatch.chdir(ROOT)  # the corpus messages name the files relative to the repository
    for case in INVALID:
        facts = f"tests/data/invalid/{case}/accelerators.yaml"
        args = ["--facts", facts, "--docs", str(project / "docs"), "build"]
        status = main([*args, "--config", str(project / "mkdocs.yml"), "--site", str(project / "site")])
        err = capsys.readouterr().err
        assert status == 1, case
        assert err == (ROOT / "tests/data/invalid" / case / "expected.txt").read_text(encoding="utf-8"), case
        assert tree_hashes(project / "docs", project / "site") == before, case
    assert not [p.name for p in project.iterdir() if p.name.startswith((".docs.stage-", ".site.build-"))]


def test_a_50_megabyte_file_is_refused_before_parsing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("w", encoding="utf-8") as f:
        line = "# " + "x" * 97 + "\n"
        f.write(line * 500_000)  # 50 MB of comments: valid YAML, absurd as a facts file
    assert main(["--facts", str(huge), "--docs", str(tmp_path / "docs"), "check"]) == 1
    assert capsys.readouterr().err == (
        f"{huge}: expected a file of at most 5 MB, got 50.0 MB\nError: 1 problem in {huge}; nothing was written.\n"
    )


def test_two_builds_of_the_same_input_are_byte_identical(project: Path, tmp_path: Path) -> None:
    other = copy_project(tmp_path)
    build_ok(other)
    assert tree_hashes(other / "site") == tree_hashes(project / "site")
    assert tree_hashes(other / "docs") == tree_hashes(project / "docs")


def test_a_killed_build_leaves_a_complete_site(tmp_path: Path) -> None:
    """Kill the build at many moments: docs/ and site/ are always entirely old or entirely new."""
    (tmp_path / "work").mkdir()
    (tmp_path / "reference").mkdir()
    work = copy_project(tmp_path / "work")
    build_ok(work)
    old = (tree_hashes(work / "docs"), tree_hashes(work / "site"))
    facts = work / "content/accelerators.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("value: 1555", "value: 1556"), encoding="utf-8")
    reference = copy_project(tmp_path / "reference")
    (reference / "content/accelerators.yaml").write_text(facts.read_text(encoding="utf-8"), encoding="utf-8")
    build_ok(reference)
    new = (tree_hashes(reference / "docs"), tree_hashes(reference / "site"))
    assert old != new
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    outcomes = set()
    for delay in (0.05, 0.2, 0.4, 0.6, 0.8, 1.0, 1.3, 1.6, 2.5):
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "build"],
            cwd=work,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)  # the build and the MkDocs it started
        process.wait()
        docs, site = tree_hashes(work / "docs"), tree_hashes(work / "site")
        assert docs in (old[0], new[0]), f"docs/ half-written after {delay}s"
        assert site in (old[1], new[1]), f"site/ half-written after {delay}s"
        outcomes.add((docs == new[0], site == new[1]))
        if site == new[1]:
            break
    assert (False, False) in outcomes  # some kills did land before anything was swapped in
    build_ok(work)  # and the next build recovers: complete, new, no leftovers
    assert (tree_hashes(work / "docs"), tree_hashes(work / "site")) == new
    assert not [p.name for p in work.iterdir() if p.name.startswith((".docs.stage-", ".site.build-", ".mkdocs.stage-"))]


def test_prose_stays_text_in_the_built_html(tmp_path: Path) -> None:
    """Inline Markdown works, a pipe does not break a table, and a lone '<' shows as text."""
    work = copy_project(tmp_path)
    facts = work / "content/accelerators.yaml"
    text = facts.read_text(encoding="utf-8")
    old = "NVIDIA's Turing-generation inference GPU with 16 GB: the general-purpose GPU of the free"
    assert old in text
    new = (
        "NVIDIA's *Turing* GPU (a | b, x < y, see [NVIDIA](https://www.nvidia.com/)) with 16 GB: "
        "the general-purpose GPU of the free"
    )
    facts.write_text(text.replace(old, new), encoding="utf-8")
    build_ok(work)
    page = BeautifulSoup((work / "site/accelerators/index.html").read_text(encoding="utf-8"), "html.parser")
    table = page.select_one("article table")
    assert table is not None
    rows = table.select("tbody tr")
    t4 = next(row for row in rows if "NVIDIA T4" in row.get_text())
    assert len(t4.find_all("td")) == 4  # the pipe stayed inside its cell
    cell = t4.find_all("td")[3]
    assert "a | b, x < y" in cell.get_text()
    assert cell.find("em") is not None and cell.find("em").get_text() == "Turing"
    link = cell.find("a")
    assert link is not None and link.get("href") == "https://www.nvidia.com/"
    html = (work / "site/accelerators/index.html").read_text(encoding="utf-8")
    assert not re.search(r"<script>alert", html)


def test_a_failing_mkdocs_build_reports_its_warnings_and_changes_nothing(tmp_path: Path) -> None:
    """A hand-written page with a broken link fails the strict build: the old docs/ and site/ stay."""
    work = copy_project(tmp_path)
    build_ok(work)
    for lang in ("en", "ko"):
        (work / f"docs/about.{lang}.md").write_text("# About\n\n[gone](missing.md)\n", encoding="utf-8")
    before = tree_hashes(work / "docs", work / "site")
    facts = work / "content/accelerators.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("value: 1555", "value: 1556"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    run = subprocess.run(
        [sys.executable, "-m", "generator", "build"], cwd=work, env=env, capture_output=True, text=True, check=False
    )
    assert run.returncode == 1
    assert run.stderr.startswith("mkdocs build failed; docs/ and site/ were left as they were.\n")
    assert "missing.md" in run.stderr and "Traceback" not in run.stderr
    assert tree_hashes(work / "docs", work / "site") == before
