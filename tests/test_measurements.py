"""Speeds and memory people measured (facts: measurements), held against the planner's model.

A measured single-stream decoding speed above the planner's bound for the same case means the bound
is wrong (unless speculative decoding was used: the bound assumes one token per forward pass). A run
on the card means the planner must not say it does not fit, and no run takes more memory than the
card has.
"""

from __future__ import annotations

import re

import pytest
import yaml

from generator import derived, practice
from generator.links import pairs
from generator.load import load_facts
from generator.memory import Case
from generator.model import Facts, Measurement
from generator.render import render
from generator.strings import Catalog, load_catalogs
from generator.view_measured import GROUPS, share
from generator.words import figure, number
from tests.conftest import ROOT

RESEARCH = ROOT / "content/research/2026-12-05-measurements.yaml"
LANGUAGES = tuple(c.locale for c in load_catalogs(ROOT / "content/i18n", "content/i18n"))
FACTS = load_facts(ROOT / "content/accelerators.yaml", "content/accelerators.yaml", LANGUAGES)
"""The facts, read once at collection: the tests are parametrized by measurement."""


def _ids(what: tuple[str, ...] | None = None) -> list[Measurement]:
    return [m for m in FACTS.measurements if what is None or m.what in what]


def _param(m: Measurement) -> object:
    return pytest.param(m, id=m.id)


def _shown_order(facts: Facts) -> list[Measurement]:
    """The measurements in the order the pages show them: by kind, then as on file."""
    return [m for what in GROUPS for m in facts.measurements if m.what == what]


SPEEDS = ("decode_tokens_per_s", "batched_tokens_per_s", "prefill_tokens_per_s", "train_tokens_per_s")


# --- the set itself ---------------------------------------------------------------------------------


def test_there_are_enough_measurements_on_enough_accelerators_from_enough_sources(facts: Facts) -> None:
    """At least 25, on at least four of Colab's accelerators, from at least six publishers."""
    measurements = facts.measurements
    assert len(measurements) >= 25
    offered = {row.id: row.page_id for row in facts.offered}
    assert len({offered[m.accelerator] for m in measurements if m.accelerator in offered}) >= 4
    publishers = {facts.source(m.source).publisher["en"] for m in measurements if m.source}
    assert len(publishers) >= 6
    assert {m.what for m in measurements} == {*SPEEDS, "peak_memory_gb"}


def test_every_figure_is_the_one_the_research_quoted(facts: Facts) -> None:
    """Each value is that of a research entry with the same accelerator, kind and source address, so
    no figure was altered on its way into the facts (the research file holds the verbatim quote)."""
    research = yaml.safe_load(RESEARCH.read_text(encoding="utf-8"))["measurements"]
    quoted = {(e["accelerator"], e["what"], float(e["value"]), e["source"]["url"]) for e in research}
    for m in facts.measurements:
        assert m.source is not None
        key = (m.accelerator, m.what, m.value, facts.source(m.source).url)
        assert key in quoted, m.id


def test_a_measurement_is_always_observed(facts: Facts) -> None:
    kinds = {facts.source(m.source).kind for m in facts.measurements if m.source}
    assert {"project-docs", "vendor-docs"} <= kinds  # sources whose own basis is not observed
    assert {m.basis for m in facts.measurements} == {"observed"}


# --- held against the planner's model --------------------------------------------------------------


@pytest.mark.parametrize("m", [_param(m) for m in _ids(("decode_tokens_per_s",))])
def test_single_stream_decoding_stays_under_the_planner_s_bound(m: Measurement) -> None:
    """Measured tokens per second ≤ bandwidth ÷ bytes of weights (and KV cache), unless speculative."""
    bound = practice.measured_bound(FACTS, m)
    assert bound is not None, m.id
    if not m.speculative:
        assert practice.measured_value(m) <= bound, (m.id, m.value, bound)


@pytest.mark.parametrize("m", [_param(m) for m in _ids(SPEEDS)])
def test_every_speed_is_a_share_of_its_bound(m: Measurement) -> None:
    """The measured speed ÷ the planner's bound is a number above 0 and at most 1 (above 1 only when speculative)."""
    ratio = practice.measured_ratio(FACTS, m)
    assert ratio is not None, m.id
    assert ratio > 0
    assert ratio <= 1 or m.speculative, (m.id, ratio)


@pytest.mark.parametrize(
    "m",
    [
        _param(m)
        for m in _ids(("decode_tokens_per_s", "batched_tokens_per_s"))
        if m.batch is not None and practice.measured_fit(FACTS, m) == "fits"
    ],
)
def test_the_bound_is_the_planner_s_own_where_it_says_the_model_fits(m: Measurement) -> None:
    """Where the planner answers the same case (a fixed batch, a model it says fits), the figure beside the
    measurement is that answer: derived.decode_bound for the row, task, size, KV cache and batch."""
    task, row = practice.measured_task(FACTS, m), practice.measured_row(FACTS, m)
    billions, case = practice.measured_billions(FACTS, m), practice.measured_case(FACTS, m)
    assert m.batch is not None and case.batch == m.batch
    assert practice.measured_bound(FACTS, m) == derived.decode_bound(FACTS, task, billions, row, case)


def test_a_server_under_full_load_is_bounded_by_compute_alone(facts: Facts) -> None:
    """Without a fixed batch, the bound is the decoding bound of an ever larger batch: the compute term."""
    m = next(m for m in facts.measurements if m.what == "batched_tokens_per_s" and m.batch is None)
    task, row = practice.measured_task(facts, m), practice.measured_row(facts, m)
    billions = practice.measured_billions(facts, m)
    rate = derived.peak_tflops(row)
    assert rate is not None
    assert practice.measured_bound(facts, m) == pytest.approx(rate * 1e12 / (2 * billions * 1e9))
    huge = derived.decode_bound(facts, task, billions, row, Case(batch=10**9))
    assert huge is not None and practice.measured_bound(facts, m) == pytest.approx(huge)


@pytest.mark.parametrize("m", [_param(m) for m in _ids()])
def test_a_run_on_the_card_fits_in_the_planner_s_view(m: Measurement) -> None:
    """Something measured on the card ran there: the planner must say it fits (not host, not no)."""
    assert practice.measured_fit(FACTS, m) == "fits", m.id


@pytest.mark.parametrize("m", [_param(m) for m in _ids(("peak_memory_gb",))])
def test_a_measured_peak_fits_the_card_it_was_measured_on(m: Measurement) -> None:
    """No run takes more memory than its card has."""
    memory = derived.total_memory_gb(practice.measured_row(FACTS, m))
    assert memory is not None
    assert 0 < practice.measured_value(m) <= memory, m.id


def test_the_memory_of_a_model_on_file_is_within_a_fifth_of_the_estimate(facts: Facts) -> None:
    """PyTorch's own peak allocation (LitGPT: torch.cuda.max_memory_allocated, without the CUDA context) of
    inference on models whose shape is on file (Llama 2 7B and 13B in BF16, 7B in NF4, 70B in NF4 with double
    quantization) is the weights part by part: each within 0.85 to 1.2 times the planner's figure (the single 1.2
    overhead put them at 0.80 to 1.05)."""
    checked = [
        m
        for m in facts.measurements
        if m.what == "peak_memory_gb" and m.shape is not None and m.source == "litgpt-resource-tables"
        if practice.measured_task(facts, m).kind == "inference"
    ]
    assert len(checked) >= 4
    for m in checked:
        ratio = practice.measured_ratio(facts, m)
        assert ratio is not None and 0.85 <= ratio <= 1.2, (m.id, ratio)


def test_memory_in_gib_is_converted_to_gb(facts: Facts) -> None:
    m = next(m for m in facts.measurements if m.what == "peak_memory_gb").model_copy(update={"unit": "GiB"})
    assert practice.measured_value(m) == pytest.approx(m.value * 2**30 / 1e9)
    bound = practice.measured_bound(facts, m)
    assert bound is not None
    assert practice.measured_ratio(facts, m) == pytest.approx(practice.measured_value(m) / bound)


def test_the_typical_share_is_the_least_and_the_most_of_single_stream_decoding_on_the_card(facts: Facts) -> None:
    shares = [
        practice.measured_value(m) / bound
        for m in facts.measurements
        if m.what == "decode_tokens_per_s" and not m.speculative and m.nearest is None
        if (bound := practice.measured_bound(facts, m))
    ]
    assert practice.typical_decode_share(facts) == (min(shares), max(shares))
    low, high = min(shares), max(shares)
    assert 0 < low < high <= 1


# --- shown on the pages ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(facts: Facts, catalogs: list[Catalog]) -> dict[str, str]:
    return render(facts, catalogs, ["content/accelerators.yaml"])


def _section(page: str, anchor: str) -> str:
    """The part of a page from the heading with this anchor to the next heading of the same level or higher."""
    start = re.search(rf"^(#+) .*\{{#{anchor}\}}$", page, flags=re.M)
    assert start is not None, anchor
    level = len(start.group(1))
    rest = page[start.end() :]
    end = re.search(rf"^#{{1,{level}}} ", rest, flags=re.M)
    return rest[: end.start()] if end else rest


def _rows(section: str) -> list[str]:
    return [line for line in section.splitlines() if line.startswith("| [")]


def test_the_planner_shows_every_measurement_with_its_bound_and_share(
    facts: Facts, catalogs: list[Catalog], pages: dict[str, str]
) -> None:
    for catalog in catalogs:
        section = _section(pages[f"planner.{catalog.locale}.md"], "measured")
        rows = _rows(section)
        assert len(rows) == len(facts.measurements)
        for m, row in zip(_shown_order(facts), rows, strict=True):
            cells = [c.strip() for c in row.strip("|").split("|")]
            assert cells[3].startswith(number(m.value)), (m.id, cells[3])
            assert f"[^{m.source}" in cells[3]
            bound = practice.measured_bound(facts, m)
            assert cells[4].startswith(figure(bound)), (m.id, cells[4])
            ratio = practice.measured_ratio(facts, m)
            assert ratio is not None
            if m.what == "peak_memory_gb":
                assert cells[5].endswith("×"), m.id
            else:
                assert cells[5] == f"{share(ratio)}%", (m.id, cells[5])


def test_speculative_decoding_is_explained_where_it_is_shown(
    facts: Facts, catalogs: list[Catalog], pages: dict[str, str]
) -> None:
    """The page says that the bound assumes one token per forward pass, in a footnote of the speculative row."""
    assert any(m.speculative for m in facts.measurements)
    for catalog in catalogs:
        page = pages[f"planner.{catalog.locale}.md"]
        note = catalog.strings["measured.speculative_note"]
        assert f"[^speculative-decoding]: {note}" in page
        marked = [row for row in _rows(_section(page, "measured")) if "[^speculative-decoding]" in row]
        assert len(marked) == sum(m.speculative for m in facts.measurements)
    assert "one token per forward pass" in catalogs[0].strings["measured.speculative_note"]


def test_a_nearest_card_is_marked(facts: Facts, catalogs: list[Catalog], pages: dict[str, str]) -> None:
    assert any(m.nearest is not None for m in facts.measurements)
    for catalog in catalogs:
        marker = catalog.strings["measured.nearest"].split("{card}")[0]
        rows = _rows(_section(pages[f"planner.{catalog.locale}.md"], "measured"))
        for m, row in zip(_shown_order(facts), rows, strict=True):
            if m.nearest is None:
                assert marker not in row, m.id
            else:
                assert f"{marker}{m.nearest[catalog.locale]}" in row, m.id


def test_the_speed_tables_show_measured_or_typical_shares(
    facts: Facts, catalogs: list[Catalog], pages: dict[str, str]
) -> None:
    """Under each decoding table, each row's measured range for the task, or else the typical range."""
    typical = practice.typical_decode_share(facts)
    assert typical is not None and facts.planner is not None
    en = pages["planner.en.md"]
    rows = [line for line in _section(en, "speed").splitlines() if line.startswith("| In practice")]
    inference = [t for t in facts.planner.tasks if t.kind == "inference"]
    assert len(rows) == len(inference)
    for task, line in zip(inference, rows, strict=True):
        cells = [c.strip() for c in line.strip("|").split("|")][1:]
        for row, cell in zip(facts.offered, cells, strict=True):
            measured = [
                r
                for m in practice.measured_on(facts, row, task)
                if m.what == "decode_tokens_per_s" and not m.speculative
                if (r := practice.measured_ratio(facts, m)) is not None
            ]
            if derived.support(facts, task, row) is not None:  # not supported here: no speed at all
                assert cell == "—", (task.id, row.id, cell)
            elif measured:
                assert cell.startswith("measured "), (task.id, row.id, cell)
                assert share(max(measured)) in cell
            elif row.memory.bandwidth.known:
                assert cell == f"typical {share(typical[0])}–{share(typical[1])}%", (task.id, row.id, cell)
    ko = pages["planner.ko.md"]
    assert f"통상 {share(typical[0])}&#126;{share(typical[1])}%" in ko


def test_each_pair_page_shows_the_measurements_of_its_two_accelerators(
    facts: Facts, catalogs: list[Catalog], pages: dict[str, str]
) -> None:
    for stem, (a, b) in pairs(facts).items():
        mine = [m for m in facts.measurements if m.accelerator in (a.id, b.id)]
        for catalog in catalogs:
            page = pages[f"{stem}.{catalog.locale}.md"]
            section = _section(page, "measured")
            assert len(_rows(section)) == len(mine), stem
            if not mine:
                assert "planner.md#measured" in section
