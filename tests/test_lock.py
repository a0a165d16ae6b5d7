"""One build at a time: the project lock, leftovers of dead runs only, and swaps that fail without loss."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator import lock, serve, site
from generator.errors import GeneratorError
from generator.lock import clean_leftovers, project_lock
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(lock.fcntl is None, reason="no fcntl: builds are not locked on this system")

HOLD = """
import sys, time
from pathlib import Path
from generator.lock import project_lock
with project_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


class Holder:
    """Another process holding the project's lock for a while."""

    def __init__(self, docs: Path, seconds: float) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(docs), str(seconds)], cwd=ROOT, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline() == "held\n"

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(lock.LOCK_TIMEOUT, raising=False)
    return tmp_path / "docs"


@pytest.fixture
def holder(docs: Path) -> Iterator[Holder]:
    running = Holder(docs, 30)
    try:
        yield running
    finally:
        running.stop()


def test_a_second_build_waits_for_the_first_and_says_so(docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = Holder(docs, 0.8)
    start = time.monotonic()
    try:
        with project_lock(docs):
            waited = time.monotonic() - start
            assert (docs.parent / ".build.lock").read_text(encoding="ascii") == f"{os.getpid()}\n"  # the holder now
    finally:
        first.stop()
    assert waited > 0.5  # until the holder let go
    assert capsys.readouterr().err == (
        f"waiting for another build of {docs.parent} (pid {first.process.pid}) to finish...\n"
    )
    assert (docs.parent / ".build.lock").read_text(encoding="ascii") == ""  # let go: no pid to name


def test_waiting_gives_up_after_the_timeout(docs: Path, holder: Holder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(lock.LOCK_TIMEOUT, "0.2")
    with pytest.raises(GeneratorError) as caught, project_lock(docs):
        pass
    assert str(caught.value) == (
        f"another build of {docs.parent} (pid {holder.process.pid}) is still running after 0.2 s "
        "(BUILD_LOCK_TIMEOUT); docs/ and site/ were left as they were."
    )


def test_a_bad_timeout_is_named(docs: Path, holder: Holder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(lock.LOCK_TIMEOUT, "soon")
    expected = r"^BUILD_LOCK_TIMEOUT: expected a number of seconds, got 'soon'$"
    with pytest.raises(GeneratorError, match=expected), project_lock(docs):
        pass


def test_a_killed_build_leaves_no_lock_behind(docs: Path, holder: Holder, monkeypatch: pytest.MonkeyPatch) -> None:
    os.kill(holder.process.pid, signal.SIGKILL)
    holder.process.wait()
    monkeypatch.setenv(lock.LOCK_TIMEOUT, "0")
    with project_lock(docs):
        pass


def test_the_lock_is_held_once_by_a_nested_build(docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A serve round holds the lock and calls rebuild(), which takes it too."""
    monkeypatch.setenv(lock.LOCK_TIMEOUT, "0")
    with project_lock(docs), project_lock(docs):
        pass


def test_the_lock_file_cannot_be_made(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    docs = tmp_path / "a-file" / "docs"  # its folder would have to be inside a file
    with pytest.raises(GeneratorError) as caught, project_lock(docs):
        pass
    assert str(caught.value) == (
        f"{tmp_path}/a-file/.build.lock: cannot open the build lock: File exists; "
        "docs/ and site/ were left as they were."
    )


TRY = """
import sys
from pathlib import Path
from generator.lock import project_lock
try:
    with project_lock(Path(sys.argv[1])):
        pass
except Exception as err:
    sys.exit(str(err))
"""


def test_a_serve_round_holds_the_lock(docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """While the preview regenerates and rebuilds, a `make build` of the project waits."""
    outcomes = []

    def another_build_meanwhile(preview: object) -> None:
        env = {**os.environ, lock.LOCK_TIMEOUT: "0"}
        run = subprocess.run([sys.executable, "-c", TRY, str(docs)], cwd=ROOT, env=env, capture_output=True, text=True)
        outcomes.append(run.stderr)

    monkeypatch.setattr(serve, "_locked_round", another_build_meanwhile)
    serve._round(SimpleNamespace(docs=docs))  # type: ignore[arg-type]  # a round needs only .docs here
    assert len(outcomes) == 1 and "is still running after 0 s (BUILD_LOCK_TIMEOUT)" in outcomes[0]


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", ""])
    process.wait()
    return process.pid


def test_only_leftovers_of_dead_runs_and_of_this_one_are_removed(tmp_path: Path, holder: Holder) -> None:
    alive, dead, me = holder.process.pid, _dead_pid(), os.getpid()
    folder = tmp_path / "project"
    folder.mkdir()
    names = {
        f".docs.stage-{alive}-abc": True,  # another run, still going: kept
        f".site.build-{alive}-abc.ko": True,
        f".docs.stage-{dead}-abc": False,
        f".site.build-{dead}-abc": False,
        f".docs.stage-{me}-abc": False,
        ".site.build-abc": False,  # an older generator's name: the lock is held, so its run is over
        "notes": True,
    }
    for name in names:
        (folder / name).mkdir()
        (folder / name / "page.md").write_text("x", encoding="utf-8")
    (folder / f".mkdocs.stage-{dead}-abc.yml").write_text("x", encoding="utf-8")
    clean_leftovers(folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(name for name, kept in names.items() if kept)


def test_removing_leftovers_never_follows_a_link(tmp_path: Path) -> None:
    target = tmp_path / "precious"
    target.mkdir()
    (target / "page.md").write_text("keep", encoding="utf-8")
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / f".docs.stage-{_dead_pid()}-abc").symlink_to(target)
    clean_leftovers(folder)
    assert list(folder.iterdir()) == []
    assert (target / "page.md").read_text(encoding="utf-8") == "keep"


def test_a_site_a_killed_run_set_aside_is_put_back(tmp_path: Path) -> None:
    """Where renameat2 is missing the swap is two renames; a kill between them leaves site/ set aside."""
    aside = tmp_path / f".site.build-{_dead_pid()}-old-site"
    aside.mkdir()
    (aside / "index.html").write_text("old", encoding="utf-8")
    clean_leftovers(tmp_path)
    assert (tmp_path / "site/index.html").read_text(encoding="utf-8") == "old"


def _trees(tmp_path: Path) -> tuple[Path, Path]:
    new, current = tmp_path / "new", tmp_path / "site"
    for folder, text in ((new, "new"), (current, "old")):
        folder.mkdir()
        (folder / "index.html").write_text(text, encoding="utf-8")
    return new, current


def test_a_failed_exchange_keeps_the_old_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    new, current = _trees(tmp_path)

    def cross_device(a: Path, b: Path) -> bool:
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV), str(b))

    monkeypatch.setattr(site, "_exchange", cross_device)
    with pytest.raises(GeneratorError) as caught:
        site._swap_in(new, current, Path("site"))
    assert str(caught.value) == (
        "site/: cannot replace it with the new version: Invalid cross-device link; "
        "docs/ and site/ were left as they were."
    )
    assert (current / "index.html").read_text(encoding="utf-8") == "old"
    assert (new / "index.html").read_text(encoding="utf-8") == "new"


def test_a_failed_second_rename_puts_the_old_tree_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without renameat2: current is set aside, and if new cannot take its place, current comes back."""
    new, current = _trees(tmp_path)
    rename = os.rename

    def failing(a: str | Path, b: str | Path) -> None:
        if Path(a) == new:
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV), str(a), None, str(b))
        rename(a, b)

    monkeypatch.setattr(site, "_exchange", lambda a, b: False)
    monkeypatch.setattr(site.os, "rename", failing)
    with pytest.raises(GeneratorError, match="Invalid cross-device link"):
        site._swap_in(new, current, Path("site"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new", "site"]
    assert (current / "index.html").read_text(encoding="utf-8") == "old"


def test_the_exchange_swaps_both_trees(tmp_path: Path) -> None:
    new, current = _trees(tmp_path)
    site._swap_in(new, current, Path("site"))
    assert (current / "index.html").read_text(encoding="utf-8") == "new"
    assert (new / "index.html").read_text(encoding="utf-8") == "old"


def test_a_docs_folder_in_a_folder_not_made_yet_is_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lock file sits next to docs/: its folder is made first."""
    from generator.cli import main
    from tests.conftest import ROOT

    monkeypatch.chdir(ROOT)
    docs = tmp_path / "not" / "yet" / "docs"
    assert main(["--docs", str(docs), "generate"]) == 0
    assert (docs / "planner.en.md").is_file()
