"""The data downloads carry exactly the validated facts."""

from __future__ import annotations

import csv
import io
import json

from generator.export import CSV_PATH, JSON_PATH, export, rows, tidy
from generator.model import Facts


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
