"""Derived figures (generator/derived.py): hand-computed examples, and one definition per figure: the
planner's data, the CSV's facts and the pages' table cells give the same number for every row."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest

from generator import derived
from generator.export import CSV_PATH, PLANNER_PATH
from generator.model import Accelerator, Facts
from generator.pipeline import Inputs, Paths, load_inputs, outputs
from generator.planner_data import lack_id
from generator.words import dollars, money, rounded
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def inputs() -> Inputs:
    return load_inputs(
        Paths(
            ROOT / "content/accelerators.yaml",
            ROOT / "content/i18n",
            ROOT / "content/glossary.yaml",
            ROOT / "content/translated-from.yaml",
        )
    )


@pytest.fixture(scope="module")
def files(inputs: Inputs) -> dict[str, str]:
    """Every file the generator writes into docs/, in memory."""
    return outputs(inputs)


def test_advice_is_derived_from_the_facts(facts: Facts) -> None:
    picks = {a.id: [acc.id for acc in derived.matches(facts, a)] for a in facts.advice}
    for advice in facts.advice:
        for acc in (a for a in facts.rows if a.id in picks[advice.id]):
            assert acc.colab.status == "offered"  # a retired accelerator is never advised
            memory = derived.total_memory_gb(acc)
            if advice.match.min_memory_gb is not None:
                assert memory is not None and memory > advice.match.min_memory_gb
            if advice.match.plans is not None:
                assert set(acc.colab.plans) & set(advice.match.plans)
    assert "t4" not in picks["more-than-16-gb"]
    assert {"a100-40gb", "a100-80gb", "h100", "g4"} <= set(picks["more-than-16-gb"])
    assert "tpu-v2-8" not in picks["tpu-ready"]


def test_derived_figures_follow_the_facts(facts: Facts) -> None:
    a100 = next(a for a in facts.rows if a.id == "a100-40gb")
    assert derived.intensity(a100) == Decimal(312) * 1000 / Decimal(1555)
    a100_80 = next(a for a in facts.rows if a.id == "a100-80gb")
    assert derived.intensity(a100_80) == Decimal(312) * 1000 / Decimal(2039)
    faster = a100.model_copy(
        update={
            "memory": a100.memory.model_copy(
                update={"bandwidth": a100.memory.bandwidth.model_copy(update={"value": 2039.0})}
            )
        }
    )
    assert derived.intensity(faster) == Decimal(312) * 1000 / Decimal(2039)


def test_costs_are_derived_from_observed_rates(facts: Facts) -> None:
    price = derived.unit_price(facts)
    assert price is not None and price[1].id == "payg" and price[0] == Decimal("0.0999")
    t4 = next(a for a in facts.accelerators if a.id == "t4")
    assert derived.cost_per_hour(facts, t4) == Decimal("1.19") * Decimal("0.0999")
    assert (
        derived.cost_per_tflop_hour(facts, t4) == Decimal("1.19") * Decimal("0.0999") / 65
    )  # FP16: the T4 has no BF16
    assert money(Decimal("0.118881")) == "$0.119"
    h100 = next(a for a in facts.accelerators if a.id == "h100")
    assert derived.cost_per_hour(facts, h100) == Decimal("18.05") * Decimal("0.0999")
    for unrated in ("cpu", "tpu-v6e-1"):  # a rate given as unknown, or none at all: unknown, not guessed
        acc = next(a for a in facts.accelerators if a.id == unrated)
        assert derived.cost_per_hour(facts, acc) is None
    a100_80 = next(a for a in facts.rows if a.id == "a100-80gb")
    assert derived.cost_per_hour(facts, a100_80) == Decimal("7.52") * Decimal("0.0999")  # the option's own rate


def test_the_guide_never_drops_a_row_whose_figure_is_known(facts: Facts) -> None:
    """Every offered row that meets an advice's conditions by its facts is listed, options included."""
    for advice in facts.advice:
        m = advice.match
        expected = []
        for acc in facts.rows:
            memory = derived.total_memory_gb(acc)
            if acc.colab.status != "offered":
                continue
            if m.kinds is not None and acc.kind not in m.kinds:
                continue
            if m.plans is not None and not set(acc.colab.plans) & set(m.plans):
                continue
            if m.min_memory_gb is not None and not (memory is not None and memory > m.min_memory_gb):
                continue
            if m.max_memory_gb is not None and not (memory is not None and memory <= m.max_memory_gb):
                continue
            expected.append(acc.id)
        assert [a.id for a in derived.matches(facts, advice)] == expected, advice.id
    h100 = next(a for a in facts.rows if a.id == "h100")
    assert derived.total_memory_gb(h100) == 80


def test_features_follow_the_compute_capability(facts: Facts) -> None:

    def has(acc_id: str) -> dict[str, bool]:
        acc = facts.accelerator(acc_id)
        assert acc is not None
        return {f.id: ok for f, ok in derived.features(facts, acc)}

    assert has("t4") == {
        "bitsandbytes": True, "bitsandbytes-4bit": True, "bitsandbytes-optim": True, "bf16": False,
        "flash-attention-2": False,
        "fp8": False, "flash-attention-3": False, "fp4": False,
    }  # fmt: skip
    assert has("h100")["flash-attention-3"] and not has("h100")["fp4"]
    assert has("g4")["fp4"] and not has("g4")["flash-attention-3"]  # FlashAttention-3 is Hopper only
    assert has("l4")["fp8"] and not has("a100")["fp8"]
    tpu = facts.accelerator("tpu-v6e-1")
    assert tpu is not None and derived.features(facts, tpu) == []


def test_tflops_per_watt_is_derived_from_power(facts: Facts) -> None:
    h100, t4, tpu = (facts.accelerator(i) for i in ("h100", "t4", "tpu-v6e-1"))
    assert h100 is not None and t4 is not None and tpu is not None
    assert derived.per_watt(h100) == Decimal("989.5") / 700
    assert derived.per_watt(t4) == Decimal(65) / 70  # FP16: the T4 has no BF16
    assert derived.per_watt(tpu) is None  # Google publishes no power figure


# --- one definition per figure ------------------------------------------------------------------


def _cells(page: str, section: str, acc: Accelerator) -> list[str]:
    """The cells of an accelerator's row in the table under a heading's anchor ({#cost}) of a page."""
    start = page.index(f"{{#{section}}}")
    ends = [i for i in (page.find("\n## ", start), page.find("\n### ", start)) if i != -1]
    end = min(ends) if ends else -1  # the table ends at the next heading of any level
    target = f"(accelerators/{acc.page_id}.md{'#' + acc.id if acc.how is not None else ''})"
    (row,) = [line for line in page[start:end].splitlines() if line.startswith("| ") and target in line]
    return [cell.strip() for cell in row.strip().strip("|").split(" | ")]


def _csv(files: dict[str, str]) -> dict[tuple[str, str], str]:
    """The CSV's value of each (row id, fact path); an empty text where the fact is unknown."""
    rows = csv.DictReader(io.StringIO(files[CSV_PATH]))
    return {(row["accelerator"], row["fact"]): row["value"] for row in rows}


def _agree(figure: float | None, value: str, factor: float) -> None:
    """A derived figure is the CSV's figure times a factor, or None where that figure is unknown (an empty cell)."""
    if value:
        assert figure == pytest.approx(float(value) * factor, rel=1e-12)
    else:
        assert figure is None


def test_the_planner_data_the_csv_and_the_pages_agree_on_each_figure(inputs: Inputs, files: dict[str, str]) -> None:
    """Each derived figure, read where it is published, is derived.py's: the JSON of the planner's form, the
    comparison's and the plans page's tables, the planner's table by accelerator; and the CSV's facts give it."""
    facts = inputs.facts
    planner = {row["id"]: row for row in json.loads(files[PLANNER_PATH])["rows"]}
    assert list(planner) == [row.id for row in facts.offered]
    table = _csv(files)
    compare, plans = files["compare.en.md"], files["plans.en.md"]
    price = derived.unit_price(facts)
    assert price is not None
    checked = 0
    for acc in facts.rows:
        chips = float(table.get((acc.id, "chips"), 1))
        per_gb = derived.GB_PER_GIB if acc.memory.size.unit == "GiB" else 1
        memory = derived.total_memory_gb(acc)
        _agree(memory, table[acc.id, "memory.size"], per_gb * chips)
        bandwidth = derived.total_bandwidth_gb_s(acc)
        _agree(bandwidth, table[acc.id, "memory.bandwidth"], chips)
        sixteen, peak = derived.sixteen_bit(acc), derived.peak_tflops(acc)
        rate = table[acc.id, f"compute.{sixteen}.dense"] if sixteen else ""
        _agree(peak, rate, chips)
        intensity, per_watt = derived.intensity(acc), derived.per_watt(acc)
        cells = _cells(compare, "derived", acc)
        if intensity is not None:
            assert intensity == Decimal(rate) * 1000 / Decimal(table[acc.id, "memory.bandwidth"])
            assert cells[4] == rounded(intensity, 0)
            checked += 1
        if per_watt is not None:
            assert per_watt == Decimal(rate) / Decimal(table[acc.id, "power"])
            assert cells[6] == rounded(per_watt, 2)
            checked += 1
        if acc.colab.status != "offered":
            continue
        row = planner[acc.id]  # the JSON leaves out what is unknown (None)
        assert row.get("memory_gb") == memory
        assert row.get("bandwidth_gb_s") == bandwidth and row.get("host_gb") == derived.host_gb(acc)
        assert facts.planner is not None
        for task in facts.planner.tasks:
            here, lacked = row["tasks"][task.id], derived.support(facts, task, acc)
            assert here.get("precision") == derived.precision(task, acc)
            assert here.get("peak_tflops") == derived.task_peak(task, acc)
            assert here.get("lacks") == lack_id(lacked)
            if task.computes_in == "16-bit":  # the 16-bit peak the comparison shows
                assert here.get("peak_tflops") == peak
        hourly = derived.cost_per_hour(facts, acc)
        shown = _cells(plans, "cost", acc)[3]
        by_accelerator = _cells(files["planner.en.md"], "by-accelerator", acc)[-1]
        if hourly is None:
            assert "dollars_per_hour" not in row and "value-unknown" in shown
            continue
        assert hourly == Decimal(table[acc.id, "colab.compute_units"]) * price[0]
        assert row["dollars_per_hour"] == float(hourly) == derived.hourly(facts, acc)
        assert shown == money(hourly)
        assert by_accelerator == dollars(row["dollars_per_hour"])
        checked += 3
    assert checked > 20


def test_what_to_pick_instead_is_the_nearest_row_not_faster_on_a_shared_plan(facts: Facts) -> None:
    """derived.instead: an offered row on one of the same plans, the same kind where one exists, the
    fastest not faster by the peak 16-bit rate, else the slowest faster; never the CPU runtime."""
    answered = 0
    for acc in facts.offered:
        pick = derived.instead(facts, acc)
        mine = derived.peak_tflops(acc)
        if acc.kind == "cpu" or mine is None:
            assert pick is None
            continue
        shared = [
            o
            for o in facts.offered
            if o.id != acc.id
            and o.kind != "cpu"
            and set(o.colab.plans) & set(acc.colab.plans)
            and derived.peak_tflops(o) is not None
        ]
        same = [o for o in shared if o.kind == acc.kind] or shared
        if not same:
            assert pick is None
            continue
        answered += 1
        assert pick is not None and pick in same and set(pick.colab.plans) & set(acc.colab.plans)
        theirs = derived.peak_tflops(pick) or 0.0
        slower = [derived.peak_tflops(o) or 0.0 for o in same if (derived.peak_tflops(o) or 0.0) <= mine]
        if slower:
            assert theirs == max(slower) and theirs <= mine
        else:
            assert theirs == min(derived.peak_tflops(o) or 0.0 for o in same) and theirs > mine
    assert answered >= 5  # the GPUs of today's lineup each get one
    t4, l4 = (next(a for a in facts.offered if a.id == ident) for ident in ("t4", "l4"))
    assert derived.instead(facts, l4) == t4 and derived.instead(facts, t4) == l4
