"""Writing docs/: only changed files, never a hand-written one, stale generated pages removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import GeneratorError
from generator.write import is_generated, write_pages

PAGE = "generated: by test\ntitle: T\n\n# T\n"


def test_writes_then_rewrites_nothing(tmp_path: Path) -> None:
    pages = {"index.en.md": PAGE, "accelerators/t4.ko.md": PAGE + "본문\n"}
    first = write_pages(pages, tmp_path)
    assert (first.written, first.unchanged, first.removed) == (["accelerators/t4.ko.md", "index.en.md"], [], [])
    assert (tmp_path / "accelerators/t4.ko.md").read_text(encoding="utf-8") == PAGE + "본문\n"
    mtime = (tmp_path / "index.en.md").stat().st_mtime_ns
    second = write_pages(pages, tmp_path)
    assert (second.written, second.removed) == ([], [])
    assert (tmp_path / "index.en.md").stat().st_mtime_ns == mtime


def test_only_the_changed_file_is_written(tmp_path: Path) -> None:
    write_pages({"a.en.md": PAGE, "b.en.md": PAGE}, tmp_path)
    result = write_pages({"a.en.md": PAGE, "b.en.md": PAGE + "more\n"}, tmp_path)
    assert result.written == ["b.en.md"] and result.unchanged == ["a.en.md"]


def test_stale_generated_pages_are_removed_but_hand_written_ones_stay(tmp_path: Path) -> None:
    write_pages({"accelerators/old.en.md": PAGE, "index.en.md": PAGE}, tmp_path)
    (tmp_path / "about.en.md").write_text("# Written by a person\n", encoding="utf-8")
    result = write_pages({"index.en.md": PAGE}, tmp_path)
    assert result.removed == ["accelerators/old.en.md"]
    assert not (tmp_path / "accelerators").exists()  # emptied folders go too
    assert (tmp_path / "about.en.md").read_text(encoding="utf-8") == "# Written by a person\n"


def test_a_hand_written_page_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "index.en.md").write_text("# Mine\n", encoding="utf-8")
    with pytest.raises(GeneratorError) as caught:
        write_pages({"index.en.md": PAGE, "other.en.md": PAGE}, tmp_path)
    assert str(caught.value) == (
        f"{tmp_path}/index.en.md: expected a generated page, got a hand-written file; "
        "rename it or move it, the generator will not overwrite it"
    )
    assert (tmp_path / "index.en.md").read_text(encoding="utf-8") == "# Mine\n"
    assert not (tmp_path / "other.en.md").exists()  # checked before anything was written


def test_is_generated_reads_the_first_line(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.md").write_text("# generated: no\n", encoding="utf-8")
    assert is_generated(tmp_path / "a.md") and not is_generated(tmp_path / "b.md")
    assert not is_generated(tmp_path / "missing.md")


def test_generated_data_files_are_tracked_by_the_manifest(tmp_path: Path) -> None:
    write_pages({"index.en.md": PAGE, "data/a.json": "{}\n", "data/a.csv": "x\n"}, tmp_path)
    assert (tmp_path / ".generated").read_text(encoding="utf-8") == "data/a.csv\ndata/a.json\nindex.en.md\n"
    result = write_pages({"index.en.md": PAGE, "data/a.json": "{}\n"}, tmp_path)
    assert result.removed == ["data/a.csv"]
    assert (tmp_path / "data/a.json").exists()


def test_a_hand_written_data_file_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data/a.json").write_text('{"mine": true}\n', encoding="utf-8")
    with pytest.raises(GeneratorError):
        write_pages({"data/a.json": "{}\n"}, tmp_path)
    assert (tmp_path / "data/a.json").read_text(encoding="utf-8") == '{"mine": true}\n'
