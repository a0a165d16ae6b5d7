"""The command line: help, exit codes, and nothing written on bad input."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import ROOT


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    for command in ("check", "generate", "build"):
        assert command in out


def test_module_entry_point_runs() -> None:
    run = subprocess.run([sys.executable, "-m", "generator", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0 and "usage: python -m generator" in run.stdout


def test_check_reports_a_valid_file(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith("content/accelerators.yaml: ")


def test_generate_writes_docs_and_a_second_run_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    docs = tmp_path / "docs"
    assert main(["--docs", str(docs), "generate"]) == 0
    assert "0 unchanged" in capsys.readouterr().out
    assert (docs / "accelerators/t4.ko.md").exists()
    assert main(["--docs", str(docs), "generate"]) == 0
    assert " 0 written," in capsys.readouterr().out


def test_bad_input_changes_nothing_in_docs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    docs = tmp_path / "docs"
    assert main(["--docs", str(docs), "generate"]) == 0
    before = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}
    broken = tmp_path / "facts.yaml"
    shutil.copy(ROOT / "content/accelerators.yaml", broken)
    broken.write_text(broken.read_text(encoding="utf-8").replace("value: 1555", "value: fast"), encoding="utf-8")
    capsys.readouterr()
    assert main(["--facts", str(broken), "--docs", str(docs), "generate"]) == 1
    err = capsys.readouterr().err
    assert (
        "accelerators[a100].memory.bandwidth.value: expected a number, 'unknown' or 'not_supported', got 'fast'" in err
    )
    assert {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()} == before


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["publish"])
    assert caught.value.code == 2
