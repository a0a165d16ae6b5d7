"""Writing docs/: only changed files, never a hand-written one, stale generated pages removed, nothing hidden."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest

from generator import write
from generator.addresses import page_address
from generator.errors import GeneratorError
from generator.write import FileError, write_pages

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


def test_a_hand_written_page_beginning_with_generated_is_neither_removed_nor_overwritten(tmp_path: Path) -> None:
    """Only the record (docs/.generated) says what the generator wrote, not a page's first line."""
    write_pages({"index.en.md": PAGE}, tmp_path)
    (tmp_path / "notes.en.md").write_text("generated: by hand, as it happens\n# Notes\n", encoding="utf-8")
    result = write_pages({"index.en.md": PAGE}, tmp_path)
    assert result.removed == []
    assert (tmp_path / "notes.en.md").read_text(encoding="utf-8") == "generated: by hand, as it happens\n# Notes\n"
    with pytest.raises(GeneratorError, match=r"notes\.en\.md: expected a generated page, got a hand-written file"):
        write_pages({"index.en.md": PAGE, "notes.en.md": PAGE}, tmp_path)
    assert (tmp_path / "notes.en.md").read_text(encoding="utf-8") == "generated: by hand, as it happens\n# Notes\n"
    assert "notes.en.md" not in (tmp_path / ".generated").read_text(encoding="utf-8")


def test_a_record_naming_files_outside_docs_removes_nothing_there(tmp_path: Path) -> None:
    docs, outside = tmp_path / "docs", tmp_path / "outside.md"
    outside.write_text("keep\n", encoding="utf-8")
    write_pages({"index.en.md": PAGE}, docs)
    (docs / ".generated").write_text(f"../outside.md\n{outside}\n./index.en.md\nindex.en.md\n", encoding="utf-8")
    assert write_pages({"index.ko.md": PAGE}, docs).removed == ["index.en.md"]
    assert outside.read_text(encoding="utf-8") == "keep\n"


def test_a_symlinked_folder_in_docs_is_refused_before_writing(tmp_path: Path) -> None:
    docs, elsewhere = tmp_path / "docs", tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "t4.en.md").write_text("# mine\n", encoding="utf-8")
    docs.mkdir()
    (docs / "accelerators").symlink_to(elsewhere)
    with pytest.raises(GeneratorError, match=r"docs/accelerators: a symbolic link, or behind one"):
        write_pages({"index.en.md": PAGE, "accelerators/t4.en.md": PAGE}, docs, "docs")
    assert (elsewhere / "t4.en.md").read_text(encoding="utf-8") == "# mine\n"
    assert not (docs / "index.en.md").exists()


PAGES = {
    "index.en.md": PAGE,
    "index.ko.md": PAGE,
    "compare.en.md": PAGE,
    "compare.ko.md": PAGE,
    "accelerators/index.en.md": PAGE,
    "accelerators/index.ko.md": PAGE,
    "accelerators/t4.en.md": PAGE,
    "accelerators/t4.ko.md": PAGE,
}


@pytest.mark.parametrize(
    ("hand_written", "hidden"),
    [
        ("compare.md", "docs/compare.en.md and docs/compare.ko.md"),
        ("compare/index.md", "docs/compare.en.md and docs/compare.ko.md"),
        ("compare/README.md", "docs/compare.en.md and docs/compare.ko.md"),
        ("compare/index.ko.md", "docs/compare.ko.md"),
        ("compare.markdown", "docs/compare.en.md and docs/compare.ko.md"),
        ("accelerators.md", "docs/accelerators/index.en.md and docs/accelerators/index.ko.md"),
        ("accelerators.en.md", "docs/accelerators/index.en.md"),
        ("accelerators/t4/index.en.md", "docs/accelerators/t4.en.md"),
        ("index.md", "docs/index.en.md and docs/index.ko.md"),
        ("README.ko.md", "docs/index.ko.md"),
    ],
)
def test_a_hand_written_page_that_would_hide_a_generated_one_is_refused(
    tmp_path: Path, hand_written: str, hidden: str
) -> None:
    docs = tmp_path / "docs"
    write_pages(PAGES, docs)
    (docs / hand_written).parent.mkdir(parents=True, exist_ok=True)
    (docs / hand_written).write_text("# Mine\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}
    changed = {**PAGES, "compare.en.md": PAGE + "new\n"}
    with pytest.raises(GeneratorError) as caught:
        write_pages(changed, docs, "docs")
    address = page_address(hand_written, {"en", "ko"})
    assert address is not None
    url = f"/{address[0]}/" if address[0] else "/"
    assert str(caught.value) == (
        f"docs/{hand_written}: a hand-written page at {url}, the address of the generated {hidden}, "
        "which it would hide; rename it, move it to another folder, or delete it\nNothing was written."
    )
    assert {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(
    "hand_written",
    ["notes.md", "compare.fr.md", "compare/extra.md", ".drafts/compare.md", "templates/compare.md", "compare.txt"],
)
def test_hand_written_pages_at_other_addresses_are_fine(tmp_path: Path, hand_written: str) -> None:
    docs = tmp_path / "docs"
    (docs / hand_written).parent.mkdir(parents=True, exist_ok=True)
    (docs / hand_written).write_text("# Mine\n", encoding="utf-8")
    write_pages(PAGES, docs)
    assert (docs / hand_written).read_text(encoding="utf-8") == "# Mine\n"


def test_a_generated_page_leaving_its_address_to_a_new_one_is_no_clash(tmp_path: Path) -> None:
    """The old page is the generator's own (in its record), so the new page may take its address."""
    write_pages({"guide.en.md": PAGE}, tmp_path)
    assert write_pages({"guide/index.en.md": PAGE}, tmp_path).removed == ["guide.en.md"]


def test_two_generated_pages_at_one_address_are_refused(tmp_path: Path) -> None:
    """An accelerator whose id makes its page the overview's address (README) would hide the overview."""
    pages = {**PAGES, "accelerators/README.en.md": PAGE}
    with pytest.raises(GeneratorError) as caught:
        write_pages(pages, tmp_path / "docs", "docs")
    assert str(caught.value).startswith(
        "docs/accelerators/README.en.md and docs/accelerators/index.en.md: two generated pages with the same "
        "address (/accelerators/), so one would hide the other;"
    )
    assert not (tmp_path / "docs").exists()


def test_page_addresses_follow_mkdocs_and_the_i18n_plugin() -> None:
    locales = {"en", "ko"}
    assert page_address("index.en.md", locales) == ("", "en")
    assert page_address("compare.md", locales) == ("compare", None)
    assert page_address("a/b/index.ko.md", locales) == ("a/b", "ko")
    assert page_address("accelerators/v5.1.md", locales) == ("accelerators/v5.1", None)  # "1" is no language
    assert page_address("pt.pt-BR.md", locales) == ("pt", "pt-BR")
    assert page_address("data/a.json", locales) is None


def test_an_unwritable_folder_is_a_message_naming_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mkstemp = tempfile.mkstemp

    def refuse(prefix: str, dir: Path) -> tuple[int, str]:
        if prefix.startswith(".t4."):
            raise OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG))
        return mkstemp(prefix=prefix, dir=dir)

    monkeypatch.setattr(write.tempfile, "mkstemp", refuse)
    with pytest.raises(FileError) as caught:
        write_pages({"accelerators/t4.en.md": PAGE}, tmp_path / "stage", "docs")
    assert str(caught.value) == "docs/accelerators/t4.en.md: File name too long"


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


def test_a_write_interrupted_midway_leaves_files_the_next_run_owns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Serve writes docs/ in place: a file is recorded in docs/.generated before it is created."""
    real = write.replace_file
    calls = []

    def killed_on_the_third(target: Path, data: bytes) -> None:
        calls.append(target)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real(target, data)

    monkeypatch.setattr(write, "replace_file", killed_on_the_third)
    with pytest.raises(KeyboardInterrupt):
        write_pages({"a.en.md": PAGE, "b.en.md": PAGE}, tmp_path)
    assert (tmp_path / "a.en.md").exists() and not (tmp_path / "b.en.md").exists()
    monkeypatch.undo()
    assert write_pages({"a.en.md": PAGE, "b.en.md": PAGE}, tmp_path).written == ["b.en.md"]


@pytest.mark.parametrize(
    ("hand_written", "other", "path"),
    [
        ("index.html", "docs/index.en.md", "index.html"),  # a static file where the home page goes
        ("compare/index.html", "docs/compare.en.md", "compare/index.html"),
        ("ko/compare.md", "docs/compare.ko.md", "ko/compare/index.html"),  # the Korean page's address
        ("ko/index.md", "docs/index.ko.md", "ko/index.html"),
        ("sitemap.xml", "(sitemap.xml, written by MkDocs)", "sitemap.xml"),
        ("search/search_index.json", "(search/search_index.json, written by MkDocs)", "search/search_index.json"),
        ("ko/404.html", "(ko/404.html, written by MkDocs)", "ko/404.html"),
    ],
)
def test_a_hand_written_file_where_the_build_publishes_another_is_refused(
    tmp_path: Path, hand_written: str, other: str, path: str
) -> None:
    docs = tmp_path / "docs"
    pages = {**PAGES, "index.en.md": PAGE, "index.ko.md": PAGE}
    write_pages(pages, docs, "docs", default="en")
    (docs / hand_written).parent.mkdir(parents=True, exist_ok=True)
    (docs / hand_written).write_text("mine\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}
    with pytest.raises(GeneratorError) as caught:
        write_pages({**pages, "compare.en.md": PAGE + "new\n"}, docs, "docs", default="en")
    names = sorted([f"docs/{hand_written}", other], key=lambda name: (name.startswith("("), name))
    if other.startswith("docs/"):
        names = sorted(names)
    assert str(caught.value) == (
        f"{' and '.join(names)}: both published at /{path}, so one would replace the other; "
        "rename or move one of them\nNothing was written."
    )
    assert {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()} == before


def test_a_page_without_a_language_is_every_language_s_where_they_have_none(tmp_path: Path) -> None:
    """notes.md is published at /notes/ and, as the i18n plugin's fallback, at /ko/notes/."""
    from generator.addresses import published

    found = published(["notes.md", "ko/notes.md", "guide.en.md", "guide.ko.md", "guide.md"], {"en", "ko"}, "en")
    assert found["notes/index.html"] == ["notes.md"]
    assert found["ko/notes/index.html"] == ["ko/notes.md", "notes.md"]
    assert found["guide/index.html"] == ["guide.en.md", "guide.md"]  # a clash: guide.md is English too
    assert found["ko/guide/index.html"] == ["guide.ko.md"]


def test_pair_ids_that_give_two_pairs_one_address_stop_the_render() -> None:
    from generator.render import _one_page_per_address

    _one_page_per_address(["vs/t4-vs-l4", "vs/l4-vs-xx"])
    with pytest.raises(GeneratorError, match="vs/t4-vs-l4-vs-xx: two pages at this address"):
        _one_page_per_address(["vs/t4-vs-l4-vs-xx", "vs/t4-vs-l4-vs-xx"])
