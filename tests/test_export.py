"""The data downloads carry exactly the validated facts."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import NamedTuple
from xml.etree import ElementTree

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.export import CSV_PATH, JSON_PATH, export, number_cell, rows, text_cell, tidy
from generator.load import load_facts
from generator.model import Facts
from tests.conftest import ROOT


def test_json_is_the_validated_model(facts: Facts, languages: tuple[str, ...]) -> None:
    data = json.loads(export(facts, languages, ["content/accelerators.yaml"])[JSON_PATH])
    assert data["generated"].startswith("by python -m generator from content/accelerators.yaml")
    assert data["languages"] == list(languages)
    facts_only = {k: v for k, v in data.items() if k not in ("generated", "languages")}
    assert facts_only == tidy(facts.model_dump(mode="json"))
    t4 = next(a for a in facts_only["accelerators"] if a["id"] == "t4")
    assert t4["memory"]["bandwidth"]["value"] == 320  # whole numbers stay whole


def test_csv_has_one_row_per_fact_with_the_same_numbers(facts: Facts, languages: tuple[str, ...]) -> None:
    text = export(facts, languages, ["content/accelerators.yaml"])[CSV_PATH]
    table = list(csv.DictReader(io.StringIO(text)))
    expected = list(rows(facts))
    assert len(table) == len(expected)
    for row, (acc, path, fact, _note) in zip(table, expected, strict=True):
        assert (row["accelerator"], row["fact"]) == (acc.id, path)
        value = getattr(fact, "value", "unknown")
        if row["status"] == "known" and isinstance(value, list):  # names, such as frameworks
            assert row["value"] == "; ".join(value)
        elif row["status"] == "known" and isinstance(value, str):  # a name, such as an architecture
            assert row["value"] == value
        elif row["status"] == "known":
            assert float(row["value"]) == value
        else:
            assert row["status"] == value and row["value"] == ""
    t4_bw = next(r for r in table if r["accelerator"] == "t4" and r["fact"] == "memory.bandwidth")
    assert (t4_bw["value"], t4_bw["unit"], t4_bw["disputed"]) == ("320", "GB/s", "300 (nvidia-t4-datasheet, vendor)")
    assert set(table[0]) >= {f"note_{lang}" for lang in languages}


def test_exports_are_deterministic(facts: Facts, languages: tuple[str, ...]) -> None:
    assert export(facts, languages, ["x"]) == export(facts, languages, ["x"])


def test_every_known_figure_says_how_it_is_known(facts: Facts, languages: tuple[str, ...]) -> None:
    table = list(csv.DictReader(io.StringIO(export(facts, languages, ["x"])[CSV_PATH])))
    for row in table:
        if row["status"] == "unknown":
            assert row["basis"] == "", row
            continue
        assert row["basis"] in {"vendor", "cloud", "observed", "derived", "reference"}, row
        assert (row["formula"] != "") == (row["basis"] == "derived"), row
    h100_bf16 = next(r for r in table if r["accelerator"] == "h100" and r["fact"] == "compute.bf16.dense")
    assert (h100_bf16["value"], h100_bf16["basis"], h100_bf16["formula"]) == ("989.5", "derived", "half-of-sparse")
    g4_fp32 = next(r for r in table if r["accelerator"] == "g4" and r["fact"] == "compute.fp32.dense")
    assert (g4_fp32["value"], g4_fp32["basis"]) == ("120", "vendor")
    assert g4_fp32["disputed"] == "117 (gc-gpu-machine-types, cloud)"


def test_each_option_is_its_own_row_with_what_it_changes(facts: Facts, languages: tuple[str, ...]) -> None:
    table = list(csv.DictReader(io.StringIO(export(facts, languages, ["x"])[CSV_PATH])))
    ids = {r["accelerator"] for r in table}
    assert {"a100-40gb", "a100-80gb"} <= ids and "a100" not in ids  # the options replace the accelerator's row

    def value(row_id: str, fact: str) -> str:
        return next(r["value"] for r in table if r["accelerator"] == row_id and r["fact"] == fact)

    assert (value("a100-40gb", "memory.size"), value("a100-80gb", "memory.size")) == ("40", "80")
    assert (value("a100-40gb", "memory.bandwidth"), value("a100-80gb", "memory.bandwidth")) == ("1555", "2039")
    assert value("a100-40gb", "compute.bf16.dense") == value("a100-80gb", "compute.bf16.dense") == "312"  # shared
    assert (value("a100-40gb", "colab.compute_units"), value("a100-80gb", "colab.compute_units")) == ("5.4", "7.52")
    # the JSON keeps the facts the options share once, on the accelerator
    data = json.loads(export(facts, languages, ["x"])[JSON_PATH])
    a100 = next(a for a in data["accelerators"] if a["id"] == "a100")
    assert [o["id"] for o in a100["options"]] == ["a100-40gb", "a100-80gb"]
    assert "compute" not in a100["options"][1] and a100["options"][1]["memory"]["size"]["value"] == 80


# --- a spreadsheet reads every text cell as text (CSV injection, OWASP) ---

FORMULA_TRIGGERS = frozenset("=+-@\t\r\n")
HOSTILE = {  # what an editor could type, and where: each is a formula, or a number, to a spreadsheet
    "architecture": '=HYPERLINK("http://x","y")',
    "variant": "@SUM(A1)",
    "memory.type": "-2+3",
    "software.frameworks": "=1+2; -JAX",
    "note_en": "=cmd|' /C calc'!A0",
    "note_ko": "+1 한국어",
}


@pytest.fixture(scope="module")
def hostile_csv(tmp_path_factory: pytest.TempPathFactory, languages: tuple[str, ...]) -> str:
    """The CSV of minimal.yaml with formulas for labels, frameworks and notes in every language."""
    data = yaml.safe_load((ROOT / "tests/data/valid/minimal.yaml").read_text(encoding="utf-8"))
    gpu = data["accelerators"][0]
    gpu["architecture"] = {"value": HOSTILE["architecture"], "source": "sheet"}
    gpu["variant"] = {"value": HOSTILE["variant"], "source": "sheet", "note": {"en": "+1", "ko": "-1 한국어"}}
    gpu["memory"]["type"] = {"value": HOSTILE["memory.type"], "source": "sheet"}
    gpu["memory"]["bandwidth"]["note"] = {"en": HOSTILE["note_en"], "ko": HOSTILE["note_ko"]}
    gpu["compute"]["note"] = {"en": "@SUM(A1)", "ko": "=1+2 공개되지 않았습니다."}
    gpu["compute"]["fp32"]["dense"]["note"] = {"en": "-2+3", "ko": "@A1 한국어"}
    gpu["software"] = {"frameworks": {"value": ["=1+2", "-JAX"], "source": "sheet"}}
    path = tmp_path_factory.mktemp("hostile") / "accelerators.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    facts = load_facts(path, "accelerators.yaml", languages)  # the loader takes all of them
    return export(facts, languages, ["x"])[CSV_PATH]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+2", "'=1+2"),
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\n", "'\n"),
        ("  =1+1", "'  =1+1"),  # some spreadsheets trim the spaces first
        ("1+1", "1+1"),
        ("Turing", "Turing"),
        ("a=b", "a=b"),
        ("'quoted'", "''quoted'"),  # so that the first ' is always the one added
        ("", ""),
    ],
)
def test_a_text_that_could_start_a_formula_gets_a_quote(value: str, cell: str) -> None:
    assert text_cell(value) == cell


@given(st.text())
def test_no_text_cell_starts_a_formula(value: str) -> None:
    cell = text_cell(value)
    assert cell in (value, "'" + value)
    assert (cell[1:] if cell[:1] == "'" else cell) == value  # the text back: one ' taken away
    assert cell[:1] not in FORMULA_TRIGGERS and cell.lstrip()[:1] not in FORMULA_TRIGGERS


@pytest.mark.parametrize("value", [-1.0, float("nan"), float("inf"), -float("inf")])
def test_a_number_cell_is_never_negative_or_not_finite(value: float) -> None:
    with pytest.raises(ValueError, match="finite and not negative"):
        number_cell(value)


def _cells(text: str) -> list[list[str | float]]:
    """Every cell, read with QUOTE_NONNUMERIC: a cell not in quotes must be a number (else ValueError)."""
    rows: list[list[str | float]] = [list(row) for row in csv.reader(io.StringIO(text), quoting=csv.QUOTE_NONNUMERIC)]
    return rows


@pytest.mark.parametrize("which", ["real", "hostile"])
def test_every_cell_is_quoted_text_that_starts_no_formula_or_a_number(
    which: str, facts: Facts, languages: tuple[str, ...], hostile_csv: str
) -> None:
    text = hostile_csv if which == "hostile" else export(facts, languages, ["x"])[CSV_PATH]
    table = _cells(text)
    assert all(line.startswith('"') for line in text.splitlines())  # even the row id is quoted
    numbers = [c for row in table for c in row if isinstance(c, float)]
    assert numbers and all(math.isfinite(n) and n > 0 for n in numbers)
    texts = [c for row in table for c in row if isinstance(c, str)]
    assert not [c for c in texts if c[:1] in FORMULA_TRIGGERS or c.lstrip()[:1] in FORMULA_TRIGGERS]


def test_hostile_texts_are_kept_after_a_quote(hostile_csv: str) -> None:
    table = list(csv.DictReader(io.StringIO(hostile_csv)))
    by_fact = {row["fact"]: row for row in table}
    for field, written in HOSTILE.items():
        row = by_fact["memory.bandwidth"] if field.startswith("note_") else by_fact[field]
        assert row["note_en" if field == "note_en" else "note_ko" if field == "note_ko" else "value"] == "'" + written
    assert by_fact["memory.bandwidth"]["value"] == "320"


# Gnumeric's ssconvert opens a CSV file as a spreadsheet does (a cell typed `=1+2` becomes a formula)
# and writes it as .xlsx, whose cells say whether they hold a formula (<f>). It consumes the quote of a
# cell written '=1+2 and shows =1+2 as text. `make test` installs it (apt-get install gnumeric).
_XLSX = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class Shown(NamedTuple):
    """A cell as a spreadsheet holds it."""

    formula: bool
    number: bool
    text: str | None


def spreadsheet(text: str, folder: Path) -> dict[str, Shown]:
    """Each cell of the CSV as a spreadsheet opens it, by reference ("B2")."""
    ssconvert = shutil.which("ssconvert")
    assert ssconvert, "ssconvert (Gnumeric) opens the CSV in this test: apt-get install gnumeric (make test does)"
    (folder / "data.csv").write_text(text, encoding="utf-8")
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    done = subprocess.run(
        [ssconvert, "--import-encoding=UTF-8", "data.csv", "data.xlsx"], cwd=folder, env=env, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(folder / "data.xlsx") as book:
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
        names = book.namelist()
        shared = ElementTree.fromstring(book.read("xl/sharedStrings.xml")) if "xl/sharedStrings.xml" in names else None
    strings = ["".join(t.text or "" for t in si.iter(f"{_XLSX}t")) for si in (shared if shared is not None else [])]
    cells = {}
    for c in sheet.iter(f"{_XLSX}c"):
        kind, shown = c.get("t"), c.findtext(f"{_XLSX}v")
        if kind == "inlineStr":
            shown = "".join(t.text or "" for t in c.iter(f"{_XLSX}t"))
        elif kind == "s" and shown is not None:
            shown = strings[int(shown)]
        cells[str(c.get("r"))] = Shown(c.find(f"{_XLSX}f") is not None, kind in (None, "n"), shown)
    return cells


def _column(index: int) -> str:
    return chr(ord("A") + index)  # the CSV has fewer than 26 columns


@pytest.mark.spreadsheet
@pytest.mark.parametrize("which", ["real", "hostile"])
def test_a_spreadsheet_opens_every_text_as_written_and_no_formula(
    which: str, facts: Facts, languages: tuple[str, ...], hostile_csv: str, tmp_path: Path
) -> None:
    text = hostile_csv if which == "hostile" else export(facts, languages, ["x"])[CSV_PATH]
    cells = spreadsheet(text, tmp_path)
    assert not [ref for ref, cell in cells.items() if cell.formula]
    header, *table = _cells(text)
    assert len(header) < 26
    for r, row in enumerate(table, start=2):
        for i, value in enumerate(row):
            cell, column = cells.get(f"{_column(i)}{r}"), header[i]
            if isinstance(value, float):  # a figure: a number to the spreadsheet too
                assert cell is not None and cell.number and float(cell.text or "nan") == pytest.approx(value)
            elif value and column != "checked":  # (a date becomes a date)
                assert cell is not None, (r, column)
                written = value[1:] if value[:1] == "'" else value  # the spreadsheet takes the ' away
                if cell.number:  # text that is a number, such as a capability "8.9"
                    assert float(cell.text or "nan") == pytest.approx(float(written)), (column, value)
                else:
                    assert cell.text == written, (column, value)
    if which == "hostile":
        shown = {cell.text for cell in cells.values()}
        assert set(HOSTILE.values()) <= shown  # the editor's text, as written, and no formula
