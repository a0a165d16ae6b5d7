"""Figures that change (compute-unit rates, prices, a runtime's RAM) are dated observations: the day each
was seen, earlier observations as history, a mark once one is over a year old, and `check` lists those;
a runtime's memory is shown in one unit (GB) whatever the source printed."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from generator import derived
from generator.cite import Citations
from generator.model import Facts, Observation
from generator.strings import Catalog
from generator.words import Words
from tools.workspace import copy_project


def _citations(facts: Facts, catalog: Catalog) -> Citations:
    return Citations(Words(catalog, facts.plans, frozenset(), None, {}), facts)  # type: ignore[arg-type]


def _t4(facts: Facts) -> object:
    return next(acc for acc in facts.accelerators if acc.id == "t4")


def test_an_observation_over_a_year_old_is_marked_and_a_recent_one_is_not(
    facts: Facts, catalogs: list[Catalog]
) -> None:
    newest = derived.newest_check(facts)
    rate = _t4(facts).colab.compute_units  # type: ignore[attr-defined]
    old = rate.model_copy(update={"observed": newest - datetime.timedelta(days=400), "basis": "observed"})
    recent = rate.model_copy(update={"observed": newest - datetime.timedelta(days=30), "basis": "observed"})
    vendor = old.model_copy(update={"basis": "vendor"})  # a datasheet's figure does not go stale
    assert derived.stale(facts, old) and not derived.stale(facts, recent) and not derived.stale(facts, vendor)
    for catalog in catalogs:
        cites = _citations(facts, catalog)
        assert "value-stale" in cites.fact(old)
        assert "value-stale" in cites.fact(old, compact=True)
        assert "value-stale" not in cites.fact(recent) and "value-stale" not in cites.fact(vendor)
        footnote = "\n".join(cites.notes.values())
        day = cites.words.date(recent.observed)
        assert day in footnote  # the footnote says when it was seen


def test_the_footnote_lists_earlier_observations_oldest_first(facts: Facts, catalogs: list[Catalog]) -> None:
    rate = _t4(facts).colab.compute_units  # type: ignore[attr-defined]
    source = rate.source
    history = [
        Observation(value=1.96, observed=datetime.date(2022, 9, 30), source=source),
        Observation(value=1.84, observed=datetime.date(2024, 4, 10), source=source),
    ]
    dated = rate.model_copy(update={"observed": datetime.date(2026, 3, 10), "history": history})
    for catalog in catalogs:
        cites = _citations(facts, catalog)
        cites.fact(dated)
        footnote = "\n".join(cites.notes.values())
        assert footnote.index("1.96") < footnote.index("1.84"), footnote
        assert cites.words.date(datetime.date(2022, 9, 30)) in footnote


def test_an_earlier_observation_cited_alone_says_its_note_in_a_sentence(facts: Facts, catalogs: list[Catalog]) -> None:
    """A history item's note is a phrase about the value ("on Colab Pro+"): cited alone (the plans page's
    rate history), it joins the day it was seen, not a bare fragment before "Seen on"."""
    source = _t4(facts).colab.compute_units.source  # type: ignore[attr-defined]
    for catalog in catalogs:
        cites = _citations(facts, catalog)
        note = {"en": "on Colab Pro+", "ko": "Colab Pro+ 기준"}[catalog.locale]
        past = Observation.model_validate(
            {
                "value": 13.08,
                "observed": datetime.date(2022, 9, 30),
                "source": source,
                "note": {"en": "on Colab Pro+", "ko": "Colab Pro+ 기준"},
            },
            context={"languages": ("en", "ko")},
        )
        cites.cite(past)
        footnote = "\n".join(cites.notes.values())
        day = cites.words.date(past.observed)
        expected = cites.words.t("format.observed_noted", date=day, note=cites.words.text(past.note))
        assert expected in footnote and note in expected and day in expected, footnote
        assert cites.words.t("format.observed", date=day) not in footnote


def test_memory_printed_in_gib_is_shown_in_gb_with_the_printed_figure_in_its_footnote(
    facts: Facts, catalogs: list[Catalog]
) -> None:
    host = _t4(facts).runtime.standard  # type: ignore[attr-defined]
    gib = host.model_copy(update={"ram": host.ram.model_copy(update={"value": 12.7, "unit": "GiB", "disputed": []})})
    for catalog in catalogs:
        cites = _citations(facts, catalog)
        shown = cites.host(gib, "ram")
        assert shown.startswith("13.6 GB"), shown  # 12.7 × 2³⁰ ÷ 10⁹ = 13.64
        assert "GiB" not in shown.split("[^")[0]
        assert "12.7 GiB" in "\n".join(cites.notes.values())


def test_the_hours_a_plan_buys_follow_its_units_and_the_rate(facts: Facts) -> None:
    t4 = _t4(facts)
    rate = t4.colab.compute_units  # type: ignore[attr-defined]
    for plan in facts.plans:
        hours = derived.plan_hours(facts, plan, t4)  # type: ignore[arg-type]
        if plan.billing != "monthly" or plan.compute_units is None:
            assert hours is None
            continue
        assert hours == Decimal(repr(plan.compute_units.number)) / Decimal(repr(rate.number))


def test_check_lists_the_stale_observations_by_line(tmp_path: Path) -> None:
    work = copy_project(tmp_path)
    facts = work / "content/accelerators.yaml"
    text = facts.read_text(encoding="utf-8")
    # the T4's rate, seen long before the newest check (and its history, which must come before it)
    text, count = re.subn(
        r"(compute_units:\n\s+value: 1\.19\n\s+unit: CU/h\n\s+source: \S+\n\s+)"
        r"observed: 2026-03-10\n\s+history:\n(\s+- \{[^\n]*\n)+",
        r"\1observed: 2020-01-02\n",
        text,
        count=1,
    )
    assert count == 1
    facts.write_text(text, encoding="utf-8")
    line = text[: text.index("observed: 2020-01-02")].count("\n") + 1
    run = subprocess.run(
        [sys.executable, "-m", "generator", "check"], cwd=work, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr  # stale figures are worth a look, not errors
    listed = [row for row in run.stdout.splitlines() if "accelerators[t4].colab.compute_units:" in row]
    assert len(listed) == 1, run.stdout
    assert re.match(r"content/accelerators\.yaml:(\d+): ", listed[0])
    assert abs(int(listed[0].split(":")[1]) - line) <= 4
    assert "1.19 CU/h seen on 2020-01-02" in listed[0]
    assert re.search(r"^\d+ observed figures may be out of date$", run.stdout, re.M)


def test_the_plans_page_draws_how_each_rate_moved(facts: Facts, catalogs: list[Catalog]) -> None:
    from generator.render import render

    pages = render(facts, catalogs, ["content/accelerators.yaml"])
    rate = _t4(facts).colab.compute_units  # type: ignore[attr-defined]
    assert rate.history and rate.observed
    for catalog in catalogs:
        page = pages[f"plans.{catalog.locale}.md"]
        assert "{#history}" in page
        row = next(
            line
            for line in page.splitlines()
            if line.startswith("| [") and "accelerators/t4.md" in line and "<strong>" in line
        )
        first, latest = f"{rate.history[0].value:g} (", f"<strong>{rate.number:g}</strong>"
        assert row.index(first) < row.index(latest), row
