"""What YAML itself would get wrong: characters it refuses (by line and column), values it reads as
what nobody means (1:10 is 70, yes is true), in the facts, the catalogs and the glossary alike."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.glossary import load_glossary
from generator.load import read_yaml
from generator.strings import load_catalogs
from generator.textcheck import Scripts
from generator.translations import read_lock
from tests.conftest import ROOT

SCRIPTS = {"en": Scripts(("Latin",)), "ko": Scripts(("Hangul", "Latin"), "Hangul")}

REFUSED = {
    "1:10": "expected a plain decimal number such as 70 or 1.5, got '1:10', which YAML reads as 70 (base 60); "
    "quote it if you meant text",
    "1:10.5": "expected a plain decimal number such as 70 or 1.5, got '1:10.5', which YAML reads as 70.5 (base 60)",
    "0x1F": "got '0x1F', which YAML reads as 31 (hexadecimal)",
    "0b101": "got '0b101', which YAML reads as 5 (binary)",
    "017": "got '017', which YAML reads as 15 (octal)",
    "-017": "got '-017', which YAML reads as -15 (octal)",
    "01.5": "got '01.5', which YAML reads as 1.5 (the leading 0 dropped)",
    "1_000": "got '1_000', which YAML reads as 1000 (the _ ignored)",
    "1_000.5": "got '1_000.5', which YAML reads as 1000.5 (the _ ignored)",
    ".inf": "expected a finite number, got '.inf', which YAML reads as infinity",
    "-.Inf": "expected a finite number, got '-.Inf', which YAML reads as minus infinity",
    ".NaN": "expected a finite number, got '.NaN', which YAML reads as 'not a number'",
    "yes": "expected true or false, got 'yes', which YAML reads as true; quote it if you meant text",
    "No": "expected true or false, got 'No', which YAML reads as false",
    "on": "expected true or false, got 'on', which YAML reads as true",
    "OFF": "expected true or false, got 'OFF', which YAML reads as false",
    "~": "expected a value, got '~', which YAML reads as nothing; leave the field out, or quote it if you meant text",
    "2024-01-01 10:00:00": "expected a date written YYYY-MM-DD, got '2024-01-01 10:00:00', which YAML reads as "
    "a date and time (2024-01-01 10:00:00); quote it if you meant text",
    "2024-01-01T10:00:00Z": "which YAML reads as a date and time (2024-01-01 10:00:00+00:00)",
}
MEANT = {
    "70": 70, "-3": -3, "+5": 5, "0": 0, "1.5": 1.5, ".5": 0.5, "1.5e+3": 1500.0, "true": True, "False": False,
    "null": None, "": None, "2026-11-28": datetime.date(2026, 11, 28),
    "'1:10'": "1:10", '"yes"': "yes", "1e3": "1e3", "0o17": "0o17", "2024-01-01 10:00": "2024-01-01 10:00",
}  # fmt: skip


@pytest.mark.parametrize("written", list(REFUSED))
def test_values_yaml_reads_as_what_nobody_means_are_refused(tmp_path: Path, written: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(f"a:\n  b: {written}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_yaml(path, "x.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.path) == (2, "a.b")
    assert REFUSED[written] in problem.message


@pytest.mark.parametrize("written", list(MEANT))
def test_values_written_as_a_person_means_them_are_read(tmp_path: Path, written: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(f"a: {written}\n", encoding="utf-8")
    assert read_yaml(path, "x.yaml").data == {"a": MEANT[written]}


def test_a_number_form_is_refused_in_a_list_and_as_a_field_name(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("sizes: [7, 1:10]\nyes: 1\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_yaml(path, "x.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "x.yaml:1: sizes[1]: expected a plain decimal number such as 70 or 1.5, got '1:10', which YAML reads as 70 "
        "(base 60); quote it if you meant text",
        "x.yaml:2: expected a field name, got 'yes' (quote it if it is a name)",
    ]


@pytest.mark.parametrize(
    ("character", "shown"),
    [
        ("\0", "U+0000 NULL; delete it (most editors do not show it)"),
        ("\x07", "U+0007 ALERT; delete it"),
        ("\x1b", "U+001B ESCAPE; delete it"),
        ("\x7f", "U+007F DELETE; delete it"),
        ("\x9b", "U+009B (a C1 control character); delete it"),
        ("\ufffe", "U+FFFE (a noncharacter); delete it"),
        ("\x85", "U+0085 NEXT LINE; YAML reads it as a line break that editors do not show"),
        ("\u2029", "U+2029 PARAGRAPH SEPARATOR; YAML reads it as a line break"),
    ],
)
def test_a_character_yaml_cannot_read_is_reported_by_line_and_column(
    tmp_path: Path, character: str, shown: str
) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(f"a: 1\nb: 'x{character}y'\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_yaml(path, "x.yaml")
    [problem] = caught.value.problems
    assert str(problem).startswith(f"x.yaml:2:6: expected text YAML can read, got {shown}")


def test_a_utf16_file_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("a: 1\nb: 2\n".encode("utf-16-le"))  # no byte-order mark: every other byte is 0
    with pytest.raises(InputError) as caught:
        read_yaml(path, "x.yaml")
    assert str(caught.value.problems[0]) == (
        "x.yaml:1: expected UTF-8 text, got what looks like UTF-16 (one byte in two is 0); save the file as UTF-8"
    )


def _project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


def test_a_nul_in_a_catalog_is_reported_by_position(tmp_path: Path) -> None:
    folder = _project(tmp_path) / "content/i18n"
    ko = folder / "ko.yaml"
    text = ko.read_text(encoding="utf-8")
    assert "  offered: 제공\n" in text
    ko.write_text(text.replace("  offered: 제공\n", "  offered: 제\0공\n"), encoding="utf-8")
    line = text[: text.index("  offered: 제공\n")].count("\n") + 1
    with pytest.raises(InputError) as caught:
        load_catalogs(folder, "content/i18n")
    assert str(caught.value.problems[0]) == (
        f"content/i18n/ko.yaml:{line}:13: expected text YAML can read, got U+0000 NULL; "
        "delete it (most editors do not show it)"
    )


def test_a_number_form_in_a_catalog_is_refused(tmp_path: Path) -> None:
    folder = _project(tmp_path) / "content/i18n"
    en = folder / "en.yaml"
    text = en.read_text(encoding="utf-8")
    assert "  offered: Offered\n" in text
    en.write_text(text.replace("  offered: Offered\n", "  offered: 1:10\n"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_catalogs(folder, "content/i18n")
    assert ": values.offered: expected a plain decimal number such as 70 or 1.5, got '1:10'" in str(caught.value)


def test_a_control_character_and_a_boolean_in_the_glossary_are_refused(tmp_path: Path) -> None:
    glossary = _project(tmp_path) / "content/glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace("term: HBM\n", "term: H\x1bBM\n"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_glossary(glossary, "content/glossary.yaml", ("en", "ko"), SCRIPTS)
    assert "content/glossary.yaml:12:12: expected text YAML can read, got U+001B ESCAPE" in str(caught.value)
    glossary.write_text(text.replace("term: HBM\n", "term: Yes\n"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_glossary(glossary, "content/glossary.yaml", ("en", "ko"), SCRIPTS)
    assert "content/glossary.yaml:12: terms[hbm].term: expected true or false, got 'Yes'" in str(caught.value)


def test_the_real_content_files_still_load(languages: tuple[str, ...]) -> None:
    for name in ("accelerators.yaml", "glossary.yaml", "translated-from.yaml", "i18n/en.yaml", "i18n/ko.yaml"):
        assert read_yaml(ROOT / "content" / name, name).data
    catalogs = load_catalogs(ROOT / "content/i18n", "content/i18n")
    assert read_lock(ROOT / "content/translated-from.yaml", "translated-from.yaml", languages)
    scripts = {c.locale: c.scripts for c in catalogs}
    assert load_glossary(ROOT / "content/glossary.yaml", "glossary.yaml", languages, scripts)[0].terms
