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
        if row["status"] == "known" and isinstance(value, str):  # a name, such as an architecture
            assert row["value"] == value
        elif row["status"] == "known":
            assert float(row["value"]) == value
        else:
            assert row["status"] == value and row["value"] == ""
    t4_bw = next(r for r in table if r["accelerator"] == "t4" and r["fact"] == "memory.bandwidth")
    assert (t4_bw["value"], t4_bw["unit"], t4_bw["disputed"]) == ("320", "GB/s", "300 (nvidia-t4-datasheet)")
    assert set(table[0]) >= {f"note_{lang}" for lang in languages}


def test_exports_are_deterministic(facts: Facts, languages: tuple[str, ...]) -> None:
    assert export(facts, languages, ["x"]) == export(facts, languages, ["x"])
