"""The command line: help, exit codes, and nothing written on bad input."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import ROOT
from tests.test_e2e import tree_hashes
from tools.workspace import copy_project


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


def test_a_hand_written_page_beginning_with_generated_survives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the generator owns comes from its record, docs/.generated, not from a page's first line."""
    monkeypatch.chdir(ROOT)
    docs = tmp_path / "docs"
    assert main(["--docs", str(docs), "generate"]) == 0
    page = "generated: by hand; a heading that happens to begin so\n\n# Notes\n"
    for lang in ("en", "ko"):
        (docs / f"notes.{lang}.md").write_text(page, encoding="utf-8")
    assert main(["--docs", str(docs), "generate"]) == 0
    assert ", 0 removed" in capsys.readouterr().out
    assert all((docs / f"notes.{lang}.md").read_text(encoding="utf-8") == page for lang in ("en", "ko"))


BROKEN_CONFIGS = {
    "missing": (None, "mkdocs.yml: cannot read the MkDocs configuration: No such file or directory; "),
    "bad YAML": ("site_name: [unclosed\n", "mkdocs.yml: invalid MkDocs configuration; "),
    "unknown plugin": (
        "INHERIT: real.yml\nplugins:\n  - no-such-plugin\n",
        "mkdocs.yml: invalid MkDocs configuration; docs/ and site/ were left as they were.\n"
        "ERROR: Config value 'plugins': The \"no-such-plugin\" plugin is not installed\n",
    ),
    "wrong type": ("INHERIT: real.yml\nuse_directory_urls: maybe\n", "mkdocs.yml: invalid MkDocs configuration; "),
}


@pytest.mark.parametrize("case", BROKEN_CONFIGS)
def test_a_broken_mkdocs_yml_is_a_message_naming_it(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(tmp_path)
    (project / "mkdocs.yml").rename(project / "real.yml")
    text, expected = BROKEN_CONFIGS[case]
    if text is not None:
        (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(project)
    before = tree_hashes(project / "docs")
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(expected) and "Traceback" not in err
    assert tree_hashes(project / "docs") == before and not (project / "site").exists()
    leftovers = (".docs.stage-", ".site.build-", ".mkdocs.stage-")
    assert not [p.name for p in project.iterdir() if p.name.startswith(leftovers)]


def test_any_other_file_system_error_is_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    in_the_way = tmp_path / "file"
    in_the_way.write_text("", encoding="utf-8")
    assert main(["--catalogs", str(ROOT / "content/i18n"), "schema", "--output", str(in_the_way / "schema.json")]) == 1
    assert capsys.readouterr().err == f"{in_the_way}: File exists\n"
