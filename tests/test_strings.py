"""The UI catalogs: same keys and placeholders in every language, one default."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import InputError
from generator.strings import Catalog, load_catalogs
from tests.conftest import ROOT


def _copy_catalogs(tmp_path: Path) -> Path:
    folder = tmp_path / "i18n"
    folder.mkdir()
    for file in (ROOT / "content/i18n").glob("*.yaml"):
        (folder / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_real_catalogs_default_first(catalogs: list[Catalog]) -> None:
    assert [c.locale for c in catalogs] == ["en", "ko"]
    assert catalogs[0].default and not catalogs[1].default
    assert catalogs[0].strings.keys() == catalogs[1].strings.keys()


def test_placeholders_are_filled(catalogs: list[Catalog]) -> None:
    ko = catalogs[1]
    assert ko.t("format.month", year="2025", month=ko.t("months.m9")) == "2025년 9월"
    assert catalogs[0].t("format.month", year="2025", month=catalogs[0].t("months.m9")) == "September 2025"


def test_missing_translation_is_reported_with_its_place(tmp_path: Path) -> None:
    folder = _copy_catalogs(tmp_path)
    ko = folder / "ko.yaml"
    ko.write_text(ko.read_text(encoding="utf-8").replace("  offered: 제공\n", ""), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_catalogs(folder, "content/i18n")
    lines = str(caught.value).splitlines()
    assert lines[0].startswith("content/i18n/ko.yaml:")
    assert lines[0].endswith(": values.offered: expected a translation of 'Offered', got nothing")


def test_placeholder_mismatch_is_reported(tmp_path: Path) -> None:
    folder = _copy_catalogs(tmp_path)
    ko = folder / "ko.yaml"
    ko.write_text(ko.read_text(encoding="utf-8").replace('"{month} 종료"', '"{monthh} 종료"'), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_catalogs(folder, "content/i18n")
    assert "values.retired_in: expected the placeholders month, got monthh" in str(caught.value)


def test_extra_key_and_empty_text_are_reported(tmp_path: Path) -> None:
    folder = _copy_catalogs(tmp_path)
    ko = folder / "ko.yaml"
    text = ko.read_text(encoding="utf-8").replace("  none: 없음.\n", '  none: ""\n  nothing: 없음.\n')
    ko.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_catalogs(folder, "content/i18n")
    message = str(caught.value)
    assert "values.none: expected text, got an empty string" in message
    assert "values.nothing: expected only keys of content/i18n/en.yaml, got an extra key" in message


@pytest.mark.parametrize(
    ("sentence", "message"),
    [
        ('"{0} 종료"', "expected a placeholder such as {name}, got {0}"),
        ('"{month.__class__} 종료"', "expected a placeholder such as {name}, got {month.__class__}"),
        ('"{month[0]} 종료"', "expected a placeholder such as {name}, got {month[0]}"),
        ('"{month!r} 종료"', "expected a placeholder such as {name}, got {month!r}"),
        ('"{month:>99999} 종료"', "expected a placeholder such as {name}, got {month:>99999}"),
        ('"{month} 종료 {"', "expected {name} placeholders and {{ or }} for a brace, got Single '{'"),
        ('"{month} 종료\\u202e"', "expected visible text, got an invisible formatting character (U+202E"),
        ('"{month} 종료\\r"', "expected one line"),
    ],
)
def test_a_catalog_sentence_can_only_name_placeholders(tmp_path: Path, sentence: str, message: str) -> None:
    """A format string could otherwise print Python internals ({x.__class__}) or crash the build."""
    folder = _copy_catalogs(tmp_path)
    ko = folder / "ko.yaml"
    ko.write_text(ko.read_text(encoding="utf-8").replace('"{month} 종료"', sentence), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_catalogs(folder, "content/i18n")
    problems = str(caught.value).splitlines()
    assert len(problems) == 2  # the problem and the count
    assert problems[0].startswith("content/i18n/ko.yaml:")
    assert f"values.retired_in: {message}" in problems[0]


def test_a_catalog_sentence_is_page_text_whatever_it_holds(catalogs: list[Catalog]) -> None:
    """Catalog words go through the same escaping as facts: markup in them is shown, not run."""
    from generator import text

    shown = text.fill("<b>{x}</b> *a*{{: onclick=y }} [l](https://e.org/) `c`", x="<i>")
    assert shown == (
        '&lt;b&gt;&lt;i&gt;&lt;/b&gt; <em>a</em>&#123;: onclick=y &#125; <a href="https://e.org/">l</a> <code>c</code>'
    )


@pytest.mark.parametrize("sentence", ["Comparison &#123;", "Comparison x&#125;", "&#123;x}}", "&#123;name&#125;"])
def test_braces_written_as_references_are_text(sentence: str) -> None:
    """A reference is never a placeholder, and shows as the characters it is written with; the loader refuses it."""
    from generator import text

    assert text.placeholder_problem(sentence) is None
    shown = text.fill(sentence, name="VALUE")
    assert "VALUE" not in shown
    assert "&amp;&#35;123;" in shown or "&amp;&#35;125;" in shown  # the page shows "&#123;", not "{"
    assert "character reference '&#12" in str(text.problem(sentence))


def test_a_filled_sentence_that_leaves_a_tag_open_is_an_error() -> None:
    from generator import text

    link, end = text.Safe('<a href="x">'), text.Safe("</a>")
    assert text.fill("{link}read{end} on", link=link, end=end) == '<a href="x">read</a> on'
    for sentence in ("{end}read{link} on", "{link}read on", "read{end}"):
        with pytest.raises(text.ShapeError):
            text.fill(sentence, link=link, end=end)


CATALOG_CASES = sorted(p.name for p in (ROOT / "tests/data/invalid_catalogs").iterdir())


@pytest.mark.parametrize("case", CATALOG_CASES)
def test_invalid_catalogs_get_the_expected_message(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """tests/data/invalid_catalogs/<case>: change.json edits one catalog; expected.txt is what `check` says."""
    import json

    from generator.cli import main

    folder = ROOT / "tests/data/invalid_catalogs" / case
    change = json.loads((folder / "change.json").read_text(encoding="utf-8"))
    catalogs = _copy_catalogs(tmp_path)
    (tmp_path / "content").mkdir()
    catalogs.rename(tmp_path / "content/i18n")
    edited = tmp_path / "content/i18n" / change["file"]
    text = edited.read_text(encoding="utf-8")
    assert change["old"] in text
    edited.write_text(text.replace(change["old"], change["new"], 1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    assert capsys.readouterr().err == (folder / "expected.txt").read_text(encoding="utf-8")
