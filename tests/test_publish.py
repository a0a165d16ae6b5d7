"""Bad input, killed, overlapping or failing builds lose nothing; the same input gives the same bytes; text is inert."""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from generator import lock, site, write
from generator.cli import main
from tests.conftest import ROOT
from tests.test_e2e import build_ok, run_build, tree_hashes
from tools.workspace import copy_project

pytestmark = pytest.mark.e2e

INVALID = sorted(p.name for p in (ROOT / "tests/data/invalid").iterdir())
EDIT = ("value: 1555", "value: 1556")
"""One number changed: the A100's bandwidth."""
LEFTOVERS = (".docs.stage-", ".site.build-", ".mkdocs.stage-")


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
        f"{huge}: expected a file of at most 10 MB, got 50.0 MB\nError: 1 problem in {huge}; nothing was written.\n"
    )


def test_two_builds_of_the_same_input_are_byte_identical(project: Path, tmp_path: Path) -> None:
    other = copy_project(tmp_path)
    build_ok(other)
    assert tree_hashes(other / "site") == tree_hashes(project / "site")
    assert tree_hashes(other / "docs") == tree_hashes(project / "docs")


def test_a_killed_build_leaves_a_complete_site(tmp_path: Path) -> None:
    """Kill the build at many moments: site/ is entirely old or new, and every file of docs/ old or new."""
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
        unfinished = re.compile(r"/\.[^/]*\.tmp-[^/]{8}$")  # a temporary file the next build removes
        docs = {rel: digest for rel, digest in tree_hashes(work / "docs").items() if not unfinished.search(rel)}
        site = tree_hashes(work / "site")
        # docs/ is written file by file (never a file the build did not write): each whole, old or new
        assert docs.keys() == old[0].keys() == new[0].keys(), f"docs/ files came or went after {delay}s"
        assert all(digest in (old[0][rel], new[0][rel]) for rel, digest in docs.items()), f"after {delay}s"
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


def test_a_page_that_could_run_a_script_stops_the_build(tmp_path: Path) -> None:
    """The output scan: a hand-written page is raw Markdown, so the scan of the built HTML is its wall."""
    work = copy_project(tmp_path)
    build_ok(work)
    for lang in ("en", "ko"):
        page = "# About\n\nA picture: <img src=x onerror=alert(1)> and [a link](javascript:alert(2)).\n"
        (work / f"docs/about.{lang}.md").write_text(page, encoding="utf-8")
    before = tree_hashes(work / "docs", work / "site")
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    run = subprocess.run(
        [sys.executable, "-m", "generator", "build"], cwd=work, env=env, capture_output=True, text=True, check=False
    )
    assert run.returncode == 1
    lines = run.stderr.splitlines()
    assert lines[0] == "the built pages hold markup that could run a script; docs/ and site/ were left as they were."
    found = {re.sub(r":\d+:", ":N:", line) for line in lines[1:]}
    for page in ("site/about/index.html", "site/ko/about/index.html"):
        assert f"{page}:N: an event-handler attribute onerror= on <img>" in found
        assert f"{page}:N: a javascript: URL in href= on <a>" in found
    assert tree_hashes(work / "docs", work / "site") == before


def test_a_hand_written_file_a_browser_could_run_stops_the_build(tmp_path: Path) -> None:
    """Files in docs/ that are not Markdown are published as they are: an .htm or .html page is read by
    the scan, an SVG (which runs its scripts when opened) is refused, a robots.txt is data."""
    work = copy_project(tmp_path)
    build_ok(work)
    (work / "docs/x.htm").write_text("<!doctype html>\n<p>x</p>\n<script>alert(1)</script>\n", encoding="utf-8")
    (work / "docs/y.HTML").write_text("<!doctype html>\n<p onclick=alert(2)>y</p>\n", encoding="utf-8")
    (work / "docs/z.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(3)</script></svg>\n')
    (work / "docs/robots.txt").write_text("User-agent: *\n<script>text/plain is never read as a page</script>\n")
    before = tree_hashes(work / "docs", work / "site")
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    run = subprocess.run(
        [sys.executable, "-m", "generator", "build"], cwd=work, env=env, capture_output=True, text=True, check=False
    )
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        "the built pages hold markup that could run a script; docs/ and site/ were left as they were.",
        'site/x.htm:3: an inline <script> the theme does not ship: "alert(1)"',
        "site/y.HTML:2: an event-handler attribute onclick= on <p>",
        "site/z.svg:1: a .svg file: browsers may run scripts in it, and the scan reads pages only as .html, .htm "
        "or .shtml; publish a page as .html, a picture as .png or inline in a page",
    ]
    assert tree_hashes(work / "docs", work / "site") == before


# --- one build at a time, and nothing lost ----------------------------------------------------


def _edit(project: Path, old: str, new: str) -> None:
    facts = project / "content/accelerators.yaml"
    text = facts.read_text(encoding="utf-8")
    assert old in text
    facts.write_text(text.replace(old, new), encoding="utf-8")


def _leftovers(*folders: Path) -> list[str]:
    return [p.name for folder in folders for p in folder.iterdir() if p.name.startswith(LEFTOVERS)]


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy built from the facts with EDIT applied: what any build of that input must give."""
    dest = copy_project(tmp_path_factory.mktemp("edited"))
    _edit(dest, *EDIT)
    build_ok(dest)
    return dest


def _built_copy(project: Path, dest: Path) -> Path:
    """A copy of the project with the built docs/ and site/ of project (saves a build)."""
    copy_project(dest)
    shutil.copytree(project / "docs", dest / "docs", dirs_exist_ok=True)
    shutil.copytree(project / "site", dest / "site")
    return dest


def test_overlapping_builds_lose_nothing(project: Path, edited: Path, tmp_path: Path) -> None:
    """Two builds started 0 to 1 s apart: the second waits for the first; docs/ and site/ are complete."""
    work = _built_copy(project, tmp_path)
    assets = tree_hashes(work / "docs/assets")
    expected = {
        False: tree_hashes(project / "docs", project / "site"),
        True: tree_hashes(edited / "docs", edited / "site"),
    }
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", lock.LOCK_TIMEOUT)}
    waited = 0
    for round, delay in enumerate((0.0, 0.25, 0.5, 1.0)):
        is_edited = round % 2 == 0  # every round changes pages, so the first build swaps docs/ in
        _edit(work, *(EDIT if is_edited else reversed(EDIT)))
        builds = []
        for _ in range(2):
            builds.append(
                subprocess.Popen(
                    [sys.executable, "-m", "generator", "build"],
                    cwd=work,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
            time.sleep(delay)
        for build in builds:
            _, err = build.communicate(timeout=120)
            assert build.returncode == 0, f"round {round} ({delay} s apart):\n{err}"
            waited += err.startswith("waiting for another build of ")
        assert tree_hashes(work / "docs/assets") == assets, f"round {round}: docs/assets/ changed"
        assert tree_hashes(work / "docs", work / "site") == expected[is_edited], f"round {round}"
        assert not _leftovers(work)
    assert waited  # the builds did overlap, at least once


def test_a_symlinked_site_on_another_file_system_is_followed(project: Path, edited: Path, tmp_path: Path) -> None:
    """The new site is staged and exchanged next to the folder the link points to; the link stays."""
    work = _built_copy(project, tmp_path / "work")
    shm = Path("/dev/shm")
    other = shm if shm.is_dir() and os.stat(shm).st_dev != os.stat(tmp_path).st_dev else tmp_path / "elsewhere"
    other.mkdir(exist_ok=True)
    outside = Path(tempfile.mkdtemp(prefix="colab-accelerators-test-", dir=other))
    try:
        shutil.move(work / "site", outside / "site")
        (work / "site").symlink_to(outside / "site")
        _edit(work, *EDIT)
        # A umask that makes private files: the site is made world-readable all the same.
        run = subprocess.run(
            ["sh", "-c", f"umask 077 && exec '{sys.executable}' -m generator build"],
            cwd=work,
            env={k: v for k, v in os.environ.items() if k != "SITE_URL"},
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 0, run.stderr
        assert (work / "site").is_symlink() and os.readlink(work / "site") == str(outside / "site")
        assert tree_hashes(work / "docs", work / "site") == tree_hashes(edited / "docs", edited / "site")
        assert [p.name for p in outside.iterdir()] == ["site"]  # the old site went, and no staging folder stayed
        assert not _leftovers(work)
        modes = {p: p.stat().st_mode & 0o777 for p in [outside / "site", *(outside / "site").rglob("*")]}
        assert {mode for p, mode in modes.items() if p.is_dir()} == {0o755}
        assert all(mode & 0o644 == 0o644 for p, mode in modes.items() if p.is_file())
    finally:
        shutil.rmtree(outside, ignore_errors=True)


def test_the_built_site_is_world_readable(project: Path) -> None:
    assert (project / "site").stat().st_mode & 0o777 == 0o755


@pytest.fixture
def in_project(project: Path, edited: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Arguments for an in-process build of the project fixture from the edited facts; checks nothing changed."""
    monkeypatch.chdir(project)
    before = tree_hashes(project / "docs", project / "site")
    yield ["--facts", str(edited / "content/accelerators.yaml"), "build"]
    assert tree_hashes(project / "docs", project / "site") == before
    assert not _leftovers(project)


def test_when_site_cannot_be_swapped_in_docs_is_put_back(
    in_project: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/ has its new pages when site/ fails to swap in: the fixture checks every byte came back."""
    written = []
    replace = write.replace_file

    def failing_exchange(a: Path, b: Path) -> bool:
        assert written  # docs/ was written first
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV), str(b))

    def recorded(target: Path, data: bytes) -> None:
        written.append(target)
        replace(target, data)

    monkeypatch.setattr(site, "_exchange", failing_exchange)
    monkeypatch.setattr(write, "replace_file", recorded)
    assert main(in_project) == 1
    assert capsys.readouterr().err == (
        "site/: cannot replace it with the new version: Invalid cross-device link; "
        "docs/ and site/ were left as they were.\n"
    )


def test_a_disk_that_fills_while_docs_is_written_leaves_it_as_it_was(
    in_project: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second of the changed files fails to write into docs/: the first is put back too."""
    replace, calls = write.replace_file, []

    def filling(target: Path, data: bytes) -> None:
        calls.append(target)
        if len(calls) == 2 and ".docs.stage-" not in str(target):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        replace(target, data)

    monkeypatch.setattr(write, "replace_file", filling)
    monkeypatch.setattr(site, "write_pages", _staged_first(site.write_pages, calls))
    assert main(in_project) == 1
    err = capsys.readouterr().err
    assert err.startswith("docs/") and err.endswith(
        ": No space left on device; docs/ and site/ were left as they were.\n"
    )


def _staged_first(write_pages: Any, calls: list[Path]) -> Any:
    """write_pages, forgetting the staged writes so that the count starts with the writes into docs/."""

    def wrapped(pages: dict[str, str], out: Path, shown: str | None = None, **options: Any) -> Any:
        result = write_pages(pages, out, shown, **options)
        if ".docs.stage-" in str(out):
            calls.clear()
        return result

    return wrapped


@pytest.mark.parametrize("hand_written", ["compare.md", "compare/index.md"])
def test_a_hand_written_page_hiding_a_generated_one_stops_the_build(
    in_project: list[str], project: Path, hand_written: str, capsys: pytest.CaptureFixture[str]
) -> None:
    page = project / "docs" / hand_written
    page.parent.mkdir(exist_ok=True)
    page.write_text("# My comparison\n", encoding="utf-8")
    try:
        assert main(in_project) == 1
    finally:
        page.unlink()
        if page.parent.name == "compare":
            page.parent.rmdir()
    assert capsys.readouterr().err == (
        f"docs/{hand_written}: a hand-written page at /compare/, the address of the generated docs/compare.en.md "
        "and docs/compare.ko.md, which it would hide; rename it, move it to another folder, or delete it\n"
        "Nothing was written.\n"
    )


@pytest.fixture
def read_only() -> Iterator[list[Path]]:
    """Folders to make unwritable: chmod for a user; for root (whom modes do not stop) the immutable flag."""
    folders: list[Path] = []
    yield folders
    for folder in folders:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(folder)], check=False)
        else:
            folder.chmod(0o755)


def _make_read_only(folder: Path, folders: list[Path]) -> None:
    if os.geteuid() != 0:
        folder.chmod(0o555)
    elif shutil.which("chattr") is None:
        pytest.skip("running as root, where chmod does not stop writes, and chattr is missing")
    else:
        run = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True, check=False)
        if run.returncode != 0:
            pytest.skip(f"running as root, where chmod does not stop writes, and chattr +i failed: {run.stderr}")
    folders.append(folder)


def test_unwritable_folders_are_a_message_and_change_nothing(
    project: Path, tmp_path: Path, read_only: list[Path]
) -> None:
    work = _built_copy(project, tmp_path / "work")
    _edit(work, *EDIT)
    (work / ".build.lock").touch()
    before = tree_hashes(work / "docs", work / "site")
    reason = "Operation not permitted" if os.geteuid() == 0 else "Permission denied"

    _make_read_only(work, read_only)  # the project folder: no staging folder can be made
    run = run_build(work)
    assert run.returncode == 1
    assert run.stderr == (
        f"{work}: cannot make the new docs/ in this folder: {reason}; docs/ and site/ were left as they were.\n"
    )
    assert tree_hashes(work / "docs", work / "site") == before

    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(work)], check=True)
    else:
        work.chmod(0o755)
    _make_read_only(work / "docs", read_only)  # docs/ itself
    run = run_build(work)
    assert run.returncode == 1
    assert run.stderr.startswith("docs/") and f": {reason}; docs/ and site/ were left as they were.\n" in run.stderr
    assert "Traceback" not in run.stderr
    assert tree_hashes(work / "docs", work / "site") == before
    assert not _leftovers(work)


def test_a_site_folder_that_is_not_a_build_is_never_replaced(
    in_project: list[str], project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--site content` would otherwise swap the facts out and delete them."""
    before = tree_hashes(project / "content")
    assert main([*in_project, "--site", "content"]) == 1
    assert capsys.readouterr().err == (
        "content: expected an earlier build of the site (with .colab-accelerators-site) or an empty folder, got a "
        "folder of other files, which a build would replace; choose another --site. "
        "docs/ and site/ were left as they were.\n"
    )
    assert tree_hashes(project / "content") == before
    assert (project / "site" / site.SITE_MARK).is_file()  # what a build makes, it can replace


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("fifo", "docs/hang.md: expected a file or a folder, got a named pipe;"),
        ("dangling", "docs/hang.md: a symbolic link to nothing; remove it or point it to a file."),
    ],
)
def test_a_pipe_or_a_broken_link_in_docs_is_refused(
    in_project: list[str], project: Path, entry: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """MkDocs would wait forever reading a pipe; a link to nothing fails deep inside it."""
    path = project / "docs/hang.md"
    if entry == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("nowhere.md")
    try:
        assert main(in_project) == 1
    finally:
        path.unlink()
    assert capsys.readouterr().err.startswith(message)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SOURCE_DATE_EPOCH", "abc", "SOURCE_DATE_EPOCH: expected whole seconds since 1970 (before the year 10000)"),
        ("SOURCE_DATE_EPOCH", "99999999999999", "SOURCE_DATE_EPOCH: expected whole seconds since 1970"),
        ("SOURCE_DATE_EPOCH", "²", "SOURCE_DATE_EPOCH: expected whole seconds since 1970"),  # a digit to isdigit()
        ("SITE_URL", "", "site_url (mkdocs.yml, or the SITE_URL environment variable): expected an http(s) address"),
        ("SITE_URL", "https://a.org/%22x/", "site_url (mkdocs.yml, or the SITE_URL environment variable): expected"),
    ],
)
def test_a_bad_environment_variable_is_named(
    in_project: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    variable: str,
    value: str,
    message: str,
) -> None:
    monkeypatch.setenv(variable, value)
    assert main(in_project) == 1
    err = capsys.readouterr().err
    assert message in err
    assert err.count(message) == 1 and "Traceback" not in err


def test_pages_saved_during_a_build_are_kept(project: Path, tmp_path: Path) -> None:
    """An editor saves (write, then rename) and creates pages in docs/ while the site builds: all stay as saved."""
    work = _built_copy(project, tmp_path)
    (work / "docs/notes.md").write_text("# Notes\n\nfirst draft\n", encoding="utf-8")
    _edit(work, *EDIT)  # pages change, so the build writes into docs/
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", lock.LOCK_TIMEOUT)}
    build = subprocess.Popen(
        [sys.executable, "-m", "generator", "build"], cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    saved = []
    for moment, marker in enumerate((".docs.stage-", ".site.build-")):  # docs/ staged; MkDocs building
        deadline = time.monotonic() + 60
        while not any(p.name.startswith(marker) for p in work.iterdir()) and build.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        text = f"# Notes\n\nsaved at moment {moment}\n"
        temporary = work / f"docs/.notes.md.swp{moment}"
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, work / "docs/notes.md")  # how editors save
        (work / f"docs/new-{moment}.md").write_text(f"# New {moment}\n", encoding="utf-8")
        saved.append(build.poll() is None)
    _, err = build.communicate(timeout=120)
    assert build.returncode == 0, err
    assert saved == [True, True]  # both saves happened while the build ran
    assert (work / "docs/notes.md").read_text(encoding="utf-8") == "# Notes\n\nsaved at moment 1\n"
    assert [(work / f"docs/new-{m}.md").read_text(encoding="utf-8") for m in (0, 1)] == ["# New 0\n", "# New 1\n"]
    assert "1,556" in (work / "docs/accelerators/a100.en.md").read_text(encoding="utf-8")  # the build did its part
    build_ok(work)  # the next build publishes what was saved
    assert "saved at moment 1" in (work / "site/notes/index.html").read_text(encoding="utf-8")
    assert (work / "site/new-1/index.html").is_file()


def test_ctrl_c_is_a_message_at_any_moment(project: Path, edited: Path, tmp_path: Path) -> None:
    """Ctrl+C (SIGINT to the build's process group) while modules load, while it reads, builds or writes."""
    work = _built_copy(project, tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", lock.LOCK_TIMEOUT)}
    complete = {  # what a build that was not interrupted leaves, by whether the facts are edited
        False: tree_hashes(project / "docs", project / "site"),
        True: tree_hashes(edited / "docs", edited / "site"),
    }
    codes = []
    for round, delay in enumerate((0.0, 0.05, 0.6, 1.2, 2.0)):
        is_edited = round % 2 == 0
        _edit(work, *(EDIT if is_edited else reversed(EDIT)))
        before = tree_hashes(work / "docs", work / "site")
        build = subprocess.Popen(
            [sys.executable, "-m", "generator", "build"],
            cwd=work,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        _wait_for_our_code(build.pid)  # Python's own start-up (its site module) is not ours to handle
        time.sleep(delay)
        os.killpg(build.pid, signal.SIGINT)
        out, err = build.communicate(timeout=120)
        assert "Traceback" not in err, err
        finished = "built with mkdocs" in out  # a signal after the last line ends the interpreter as Python does
        assert (build.returncode == 130 and "interrupted" in err) or finished, (build.returncode, err)
        codes.append(build.returncode)
        assert not _leftovers(work)
        interrupted = tree_hashes(work / "docs", work / "site")
        assert interrupted in (before, complete[is_edited]), f"after {delay} s"
    assert 130 in codes
    build_ok(work)  # the next build completes what an interrupted one left
    assert tree_hashes(work / "docs", work / "site") == complete[is_edited]


def _wait_for_our_code(pid: int) -> None:
    """Until the process runs the generator: hashlib's library is mapped (the command line's first import)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if "_hashlib" in Path(f"/proc/{pid}/maps").read_text(encoding="utf-8", errors="replace"):
                return
        except OSError:
            return  # it has ended
        time.sleep(0.001)
