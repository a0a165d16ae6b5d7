"""Render the validated facts as data for others: JSON (the whole model) and CSV (one row per fact).

Both are language-neutral in their numbers; prose appears once per language. The data page of
the site (templates/data.md.j2) documents their shape.

A CSV file is opened by spreadsheets, which read a cell such as `=HYPERLINK(...)` as a formula.
So every CSV cell is either a number the generator formatted itself (`number_cell`) or text that
went through `text_cell`, which follows OWASP's advice on CSV injection: every text cell is
quoted, and one that a spreadsheet would read as a formula is written after a single quote (`'`),
which spreadsheets take as "this is text". The row's type admits nothing else.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator, Sequence
from typing import Any, NewType

from generator import derived
from generator.model import (
    NOT_SUPPORTED,
    PRECISIONS,
    UNKNOWN,
    Accelerator,
    ComputeCapability,
    Count,
    Facts,
    Frameworks,
    Label,
    Quantity,
)
from generator.schema import schema_text

JSON_PATH = "data/accelerators.json"
CSV_PATH = "data/accelerators.csv"
PLANNER_PATH = "data/planner.json"
"""The planner form's inputs: assumptions and each offered row's totals (written by pipeline.outputs)."""
SCHEMA_PATH = "data/accelerators.schema.json"

NOTE_PREFIX = "note_"
"""The per-language note columns of the CSV are NOTE_PREFIX + language code."""

CSV_COLUMNS = (
    "accelerator",
    "fact",
    "status",
    "value",
    "unit",
    "basis",
    "formula",
    "source",
    "source_url",
    "checked",
    "disputed",
)
"""CSV columns before the per-language note columns (note_en, note_ko, ...)."""


def export(facts: Facts, languages: tuple[str, ...], sources: list[str]) -> dict[str, str]:
    """Return {path under docs/: text} for the JSON and CSV downloads."""
    return {
        JSON_PATH: _json(facts, languages, sources),
        CSV_PATH: _csv(facts, languages),
        SCHEMA_PATH: schema_text(languages),
    }


def _json(facts: Facts, languages: tuple[str, ...], sources: list[str]) -> str:
    data = {
        "generated": f"by python -m generator from {' and '.join(sources)}; do not edit",
        "languages": list(languages),
        **tidy(facts.model_dump(mode="json")),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def tidy(value: Any) -> Any:
    """Write whole numbers as integers (16, not 16.0) and drop empty optional fields."""
    if isinstance(value, dict):
        return {k: tidy(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [tidy(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


Fact = Quantity | Label | Count | ComputeCapability | Frameworks


def rows(facts: Facts) -> Iterator[tuple[Accelerator, str, Fact | None, dict[str, str] | None]]:
    """Every published fact of every row (an accelerator, or each of its options): (row, fact path, fact, note).

    A compute figure left out of the facts comes as fact None with compute.note: it is unknown; so do
    power and compute capability where they apply (derived.applies), without a note.
    """
    for acc in facts.rows:
        facts_of: list[tuple[str, Fact | None]] = [("architecture", acc.architecture)]
        facts_of += [("variant", acc.variant)] if acc.variant else []
        facts_of += [(name, getattr(acc, name)) for name in ("chips", "cores_per_chip") if getattr(acc, name)]
        facts_of += [(f"memory.{name}", getattr(acc.memory, name)) for name in ("size", "type", "bandwidth")]
        for precision in PRECISIONS:
            for mode in ("dense",) if precision == "fp32" else ("dense", "sparse"):
                facts_of.append((f"compute.{precision}.{mode}", acc.peak(precision, mode)))
        # power and compute capability: unknown (fact None) where they apply but the facts have none
        facts_of += [("power", acc.power)] if acc.power or derived.applies(acc, "power") else []
        capability = acc.software.compute_capability if acc.software else None
        if capability or derived.applies(acc, "compute_capability"):
            facts_of.append(("software.compute_capability", capability))
        if acc.software and acc.software.frameworks:
            facts_of.append(("software.frameworks", acc.software.frameworks))
        if acc.runtime:
            for shape in ("standard", "high_ram"):
                host = getattr(acc.runtime, shape)
                if host is not None:
                    facts_of += [(f"runtime.{shape}.{part}", getattr(host, part)) for part in ("ram", "vcpus", "disk")]
        if acc.colab.compute_units:
            facts_of.append(("colab.compute_units", acc.colab.compute_units))
        for path, fact in facts_of:  # a compute figure left out says why in compute.note
            note = acc.compute.note if path.startswith("compute.") else None
            yield acc, path, fact, fact.note if fact is not None else note


TextCell = NewType("TextCell", str)
"""A text cell that no spreadsheet reads as a formula (made only by text_cell)."""
Cell = TextCell | int | float
"""What a CSV row holds: neutral text, or a number written by the generator."""

FORMULA_START = frozenset("=+-@\t\r\n")
"""First characters that make a spreadsheet read a cell as a formula (OWASP: =, +, -, @, tab, carriage
return; a line feed too, for good measure). A cell whose first visible character is one of =+-@,
after spaces, is treated the same way: some spreadsheets trim spaces before they look."""


def text_cell(value: str) -> TextCell:
    """Value as a CSV cell that spreadsheets show as text: after a ' if it could start a formula.

    A text that starts with ' gets one more, as spreadsheets take the first away: so a cell that
    starts with ' always had one added, and a program gets the text back by removing it.
    """
    if value[:1] in FORMULA_START or value.lstrip()[:1] in FORMULA_START or value[:1] == "'":
        return TextCell("'" + value)
    return TextCell(value)


def number_cell(value: float) -> int | float:
    """A figure of the facts as a CSV number: whole numbers as integers (16, not 16.0).

    The loader admits only finite figures of at least 0.001, so a number cell never starts with a
    minus sign (and so never looks like a formula) and never reads nan or inf.
    """
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"a CSV number must be finite and not negative, got {value!r}")
    return int(value) if float(value).is_integer() else value


def _write(rows_out: Iterator[Sequence[Cell]]) -> str:
    out = io.StringIO()
    # QUOTE_NONNUMERIC: text cells are always quoted (a separator or a quote in them stays inside),
    # numbers never are, so a spreadsheet reads them as numbers.
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerows(rows_out)
    return out.getvalue()


def _csv(facts: Facts, languages: tuple[str, ...]) -> str:
    return _write(_csv_rows(facts, languages))


def _csv_rows(facts: Facts, languages: tuple[str, ...]) -> Iterator[list[Cell]]:
    yield [text_cell(name) for name in (*CSV_COLUMNS, *(f"{NOTE_PREFIX}{lang}" for lang in languages))]
    for acc, path, fact, note in rows(facts):
        value = fact.value if fact is not None else UNKNOWN
        status = value if value in (UNKNOWN, NOT_SUPPORTED) else "known"
        source = facts.source(fact.source) if fact is not None and fact.source else None
        checked = (fact.checked if fact is not None else None) or (source.checked if source else None)
        disputed = "; ".join(f"{_num(c.value)} ({c.source}, {c.basis})" for c in getattr(fact, "disputed", []))
        texts = [
            getattr(fact, "unit", ""),
            (fact.basis or "") if fact is not None and status != UNKNOWN else "",
            (fact.formula or "") if fact is not None else "",
            source.id if source else "",
            source.url if source else "",
            checked.isoformat() if checked else "",
            disputed,
            *((note or {}).get(lang, "") for lang in languages),
        ]
        yield [
            *(text_cell(part) for part in (acc.id, path, status)),
            _value_cell(value) if status == "known" else text_cell(""),
            *(text_cell(part) for part in texts),
        ]


def _value_cell(value: object) -> Cell:
    """A known value: a number, or a name (an architecture, a capability such as "8.0", frameworks)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number_cell(value)
    return text_cell(_num(value))


def _num(value: object) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
