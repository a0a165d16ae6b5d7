"""The comparison page's costs and common tasks: each figure is derived.py's, the marks fall on the cheapest and
the fastest row Colab offers that fits, retired rows come last, and the page shows all of it in both languages."""

from __future__ import annotations

import re

import pytest
import yaml

from generator import derived
from generator.model import Facts
from generator.pipeline import Inputs, Paths, load_inputs, outputs
from generator.view_tasks import COMMON, Marks, cost, marks, speed
from generator.words import dollars, figure, money
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    inputs: Inputs = load_inputs(
        Paths(
            ROOT / "content/accelerators.yaml",
            ROOT / "content/i18n",
            ROOT / "content/glossary.yaml",
            ROOT / "content/translated-from.yaml",
        )
    )
    return outputs(inputs)


def _section(page: str, anchor: str) -> str:
    start = page.index(f"{{#{anchor}}}")
    end = page.find("\n## ", start)
    return page[start:end]


def _rows(section: str) -> dict[str, list[str]]:
    """Each table row of a section by the id of the accelerator (or option) it links to."""
    out = {}
    for line in section.splitlines():
        found = re.match(r"\| \[[^]]+\]\(accelerators/([\w-]+)\.md(?:#([\w-]+))?\)", line)
        if found:
            out[found[2] or found[1]] = [c.strip() for c in line.strip().strip("|").split(" | ")]
    return out


def test_the_marks_are_the_cheapest_and_fastest_offered_rows_that_fit(facts: Facts) -> None:
    assert facts.planner is not None
    tasks = {t.id: t for t in facts.planner.tasks}
    for task_id, billions in COMMON:
        task = tasks[task_id]
        fits = [a for a in facts.offered if derived.fit(facts, task, billions, a) == "fits"]
        if task.kind == "inference":
            costs = {a.id: derived.per_million(facts, task, billions, a) for a in fits}
            speeds = {a.id: derived.decode_bound(facts, task, billions, a) for a in fits}
            fastest = max((s, a) for a, s in speeds.items() if s is not None)[1]
        else:
            costs = {a.id: derived.run_cost(facts, task, billions, a) for a in fits}
            speeds = {a.id: derived.training_hours(facts, task, billions, a) for a in fits}
            fastest = min((s, a) for a, s in speeds.items() if s is not None)[1]
        cheapest = min((c, a) for a, c in costs.items() if c is not None)[1]
        assert marks(facts, task, billions) == Marks(cheapest, fastest)
        for acc in facts.rows:
            assert cost(facts, task, billions, acc) == (
                derived.per_million(facts, task, billions, acc)
                if task.kind == "inference"
                else derived.run_cost(facts, task, billions, acc)
            )
            assert speed(facts, task, billions, acc) == (
                derived.decode_bound(facts, task, billions, acc)
                if task.kind == "inference"
                else derived.training_hours(facts, task, billions, acc)
            )


def test_the_marks_on_todays_facts(facts: Facts) -> None:
    """What the marks say today, worked out by hand from the rows above: a retired row is never marked, even
    where it would be the cheapest (TPU v2-8 generates 16-bit 8B tokens for less than any offered row)."""
    assert facts.planner is not None
    tasks = {t.id: t for t in facts.planner.tasks}
    found = {task_id: marks(facts, tasks[task_id], b) for task_id, b in COMMON}
    assert (found["infer-bf16"].cheapest, found["infer-bf16"].fastest) == ("a100-40gb", "h100")
    assert (found["qlora"].cheapest, found["qlora"].fastest) == ("l4", "h100")
    v2 = facts.accelerator("tpu-v2-8")
    assert v2 is not None and v2.colab.status == "retired"
    priced = [derived.per_million(facts, tasks["infer-bf16"], 8, a) for a in facts.rows]
    assert derived.per_million(facts, tasks["infer-bf16"], 8, v2) == min(p for p in priced if p is not None)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_page_shows_the_tasks_with_their_marks(facts: Facts, files: dict[str, str], lang: str) -> None:
    words = yaml.safe_load((ROOT / f"content/i18n/{lang}.yaml").read_text(encoding="utf-8"))["compare"]
    section = _section(files[f"compare.{lang}.md"], "tasks")
    rows = _rows(section)
    assert list(rows) == [a.id for a in sorted(facts.rows, key=lambda a: a.colab.status == "retired")]
    assert list(rows)[-1] == "tpu-v2-8"  # retired rows last
    assert facts.planner is not None
    tasks = {t.id: t for t in facts.planner.tasks}
    for column, (task_id, billions) in enumerate(COMMON, start=1):
        task = tasks[task_id]
        found = marks(facts, task, billions)
        for acc in facts.rows:
            cell = rows[acc.id][column]
            assert (f">{words['mark_cheapest']}<" in cell) == (acc.id == found.cheapest), (task_id, acc.id, cell)
            assert (f">{words['mark_fastest']}<" in cell) == (acc.id == found.fastest), (task_id, acc.id, cell)
            fast, paid = speed(facts, task, billions, acc), cost(facts, task, billions, acc)
            if derived.fit(facts, task, billions, acc) == "fits" and fast is not None:
                assert cell.startswith(figure(fast))
            if paid is not None:
                assert dollars(paid) in cell


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_table_shows_cost_and_hours_per_plan(facts: Facts, files: dict[str, str], lang: str) -> None:
    page = files[f"compare.{lang}.md"]
    table = page[page.index('<div class="sortable" id="comparison"') : page.index("</div>")]
    rows = _rows(table)
    assert list(rows)[-1] == "tpu-v2-8" and list(rows) != [a.id for a in facts.rows]  # retired moved last
    for acc in facts.rows:
        cells = rows[acc.id]
        units = cash = cells[-2]  # dollars an hour under the compute units
        hourly = derived.cost_per_hour(facts, acc)
        assert (money(hourly) in cash) if hourly is not None else "value-unknown" in cash
        for plan in facts.plans:
            hours = derived.plan_hours(facts, plan, acc)
            if hours is not None:
                assert f"{plan.short[lang] if plan.short else plan.name[lang]}&#58; {round(hours)}" in units
        rate = acc.colab.compute_units
        if rate is not None and rate.number is not None:
            assert units.startswith(f"{rate.value:g}")
            assert "[^" in units and "[^" in cash  # sourced, with footnotes
