"""Rendering: formatting rules, the four kinds of value, derived advice, and golden pages."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from generator.model import Facts
from generator.render import TEMPLATES, Page, number, render
from generator.strings import Catalog
from tests.conftest import ROOT

GOLDEN = ROOT / "tests/golden"


def _page(facts: Facts, catalog: Catalog, stem: str = "compare") -> Page:
    return Page(facts, catalog, stem)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (16, "16"),
        (1555, "1,555"),
        (8.1, "8.1"),
        (242.5, "242.5"),
        (1248.0, "1,248"),
        (0.125, "0.125"),
        (0.30000000000000004, "0.30000000000000004"),
    ],
)
def test_numbers_are_formatted_the_same_way_in_every_language(value: float, shown: str) -> None:
    assert number(value) == shown


def test_multiplied_numbers_are_exact() -> None:
    assert number(0.1, 3) == "0.3"
    assert number(46, 4) == "184"


def test_a_number_cites_its_source_once(minimal: Facts, catalogs: list[Catalog]) -> None:
    page = _page(minimal, catalogs[0])
    gpu = minimal.accelerators[0]
    assert page.fact(gpu.memory.size) == "16 GB[^sheet]"
    assert page.fact(gpu.memory.bandwidth, unit="GB/s") == "320[^sheet]"
    assert page.footnotes() == (
        "[^sheet]: [A datasheet](https://example.com/sheet.pdf). Vendor, datasheet. Checked on 2026-01-02."
    )


def test_the_four_kinds_of_value_render_differently(minimal: Facts, catalogs: list[Catalog]) -> None:
    gpu = minimal.accelerators[0]
    en, ko = (_page(minimal, c) for c in catalogs)
    dense = en.peak(gpu, "fp16", "dense", unit="TFLOPS")
    sparse = en.peak(gpu, "fp16", "sparse", unit="TFLOPS")
    unsupported = en.peak(gpu, "bf16", "dense")
    unsupported_sparse = en.peak(gpu, "bf16", "sparse")
    unknown = en.peak(gpu, "int8", "dense")
    assert (dense, sparse) == ("65[^sheet]", "130[^sheet]")
    assert unsupported == '<span class="value-unsupported">not supported</span>[^sheet]'
    assert unsupported_sparse == unsupported  # no BF16 at all, so no sparse BF16 either
    assert unknown == '<span class="value-unknown">unknown</span>[^note-2]'
    assert en.peak(gpu, "fp32", "sparse") == "n/a"
    assert ko.peak(gpu, "int8", "dense") == '<span class="value-unknown">알 수 없음</span>[^note-1]'
    assert "[^note-1]: 공개되지 않았습니다." in ko.footnotes()


def test_multi_chip_totals_show_their_factors(facts: Facts, catalogs: list[Catalog]) -> None:
    v2 = next(a for a in facts.accelerators if a.id == "tpu-v2-8")
    page = _page(facts, catalogs[0])
    assert page.fact(v2.memory.size, times=v2.chip_count, unit="GB").startswith("64 (4 × 16)[^")
    assert page.peak(v2, "bf16", unit="TFLOPS").startswith("184 (4 × 46)[^")
    assert page.total_memory_gb(v2) == 64


def test_advice_is_derived_from_the_facts(facts: Facts, catalogs: list[Catalog]) -> None:
    page = _page(facts, catalogs[0], "guide")
    picks = {a.id: [acc.id for acc in page.matches(a)] for a in facts.advice}
    for advice in facts.advice:
        for acc in (a for a in facts.accelerators if a.id in picks[advice.id]):
            assert acc.colab.status == "offered"  # a retired accelerator is never advised
            memory = page.total_memory_gb(acc)
            if advice.match.min_memory_gb is not None:
                assert memory is not None and memory > advice.match.min_memory_gb
            if advice.match.plans is not None:
                assert set(acc.colab.plans) & set(advice.match.plans)
    assert "t4" not in picks["more-than-16-gb"] and "a100" in picks["more-than-16-gb"]
    assert "tpu-v2-8" not in picks["tpu-ready"]


def test_links_are_relative_to_the_page(facts: Facts, catalogs: list[Catalog]) -> None:
    assert _page(facts, catalogs[0], "index").link("accelerators/t4") == "accelerators/t4.md"
    assert _page(facts, catalogs[0], "accelerators/a100").link("accelerators/t4") == "t4.md"
    assert _page(facts, catalogs[0], "accelerators/a100").link("compare") == "../compare.md"


def test_table_cells_escape_pipes(minimal: Facts, catalogs: list[Catalog]) -> None:
    arch = minimal.accelerators[0].architecture.model_copy(update={"value": "A|B"})
    assert _page(minimal, catalogs[0]).fact(arch).startswith("A\\|B")


def test_templates_hold_no_words() -> None:
    """Every visible word comes from a catalog or the facts, never from a template."""
    for template in TEMPLATES.glob("*.j2"):
        text = template.read_text(encoding="utf-8")
        text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{##.*?##\}", "", text, flags=re.S)  # Jinja
        text = re.sub(r"<[^>]+>|\{#[\w{}-]*\}|///Footnotes Go Here///", "", text)  # HTML, anchors, marker
        text = re.sub(r"!!! (note|warning)|```\w*", "", text)  # admonition types, code fences are syntax
        assert not re.search(r"[A-Za-z\uac00-\ud7a3]", text), f"{template.name} has words: {text!r}"


def test_every_page_exists_in_every_language(facts: Facts, catalogs: list[Catalog]) -> None:
    pages = render(facts, catalogs, ["content/accelerators.yaml"])
    stems = {path.rsplit(".", 2)[0] for path in pages}
    assert {f"accelerators/{a.id}" for a in facts.accelerators} <= stems
    assert {"index", "compare", "guide", "plans", "accelerators/index"} <= stems
    assert set(pages) == {f"{stem}.{c.locale}.md" for stem in stems for c in catalogs}
    for path, text in pages.items():
        assert text.startswith("generated: by `python -m generator` from content/accelerators.yaml"), path
        assert "\ufffd" not in text


def test_same_input_same_bytes(facts: Facts, catalogs: list[Catalog]) -> None:
    assert render(facts, catalogs, ["x.yaml"]) == render(facts, catalogs, ["x.yaml"])


def test_generated_markdown_matches_golden_files(
    facts: Facts, catalogs: list[Catalog], request: pytest.FixtureRequest
) -> None:
    """Golden files of every page in both languages; rewrite with `pytest --update-golden`, then read the diff."""
    pages = render(facts, catalogs, ["content/accelerators.yaml"])
    if request.config.getoption("--update-golden"):
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for path, text in pages.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(text, encoding="utf-8")
    golden = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(golden) == sorted(pages), "pages were added or removed: run pytest --update-golden"
    for path, text in pages.items():
        assert text == golden[path], f"{path} differs from tests/golden/{path}: run pytest --update-golden"


def test_a_disputed_figure_shows_both_sources(facts: Facts, catalogs: list[Catalog]) -> None:
    t4 = next(a for a in facts.accelerators if a.id == "t4")
    en, ko = (_page(facts, c) for c in catalogs)
    assert en.fact(t4.memory.bandwidth, unit="GB/s") == (
        '320[^nvidia-t4-page-note-1] <span class="value-disputed">(another source: 300[^nvidia-t4-datasheet])</span>'
    )
    assert "(다른 출처: 300[^nvidia-t4-datasheet])" in ko.fact(t4.memory.bandwidth, unit="GB/s")


def test_derived_figures_follow_the_facts(facts: Facts, catalogs: list[Catalog]) -> None:
    a100 = next(a for a in facts.accelerators if a.id == "a100")
    page = _page(facts, catalogs[0])
    assert page.intensity(a100) == Decimal(312) * 1000 / Decimal(1555)
    faster = a100.model_copy(
        update={
            "memory": a100.memory.model_copy(
                update={"bandwidth": a100.memory.bandwidth.model_copy(update={"value": 2039.0})}
            )
        }
    )
    assert page.intensity(faster) == Decimal(312) * 1000 / Decimal(2039)


def test_costs_are_derived_from_observed_rates(facts: Facts, catalogs: list[Catalog]) -> None:
    page = _page(facts, catalogs[0], "plans")
    price = page.unit_price()
    assert price is not None and price[1].id == "payg" and price[0] == Decimal("0.0999")
    t4 = next(a for a in facts.accelerators if a.id == "t4")
    assert page.cost_per_hour(t4) == Decimal("1.19") * Decimal("0.0999")
    assert page.cost_per_tflop_hour(t4) == Decimal("1.19") * Decimal("0.0999") / 65  # FP16: the T4 has no BF16
    assert page.money(Decimal("0.118881")) == "$0.119"
    h100 = next(a for a in facts.accelerators if a.id == "h100")
    assert page.cost_per_hour(h100) is None  # no dated rate: unknown, not guessed


def test_charts_are_labelled_svg_in_the_page_language(facts: Facts, catalogs: list[Catalog]) -> None:
    en, ko = (_page(facts, c) for c in catalogs)
    svg = ko.chart("memory")
    assert '<svg class="chart" role="img"' in svg and 'aria-labelledby="chart-memory-title chart-memory-desc"' in svg
    assert '<title id="chart-memory-title">런타임당 메모리 (GB)</title>' in svg
    assert "CPU 런타임: 알 수 없음" in svg  # the text alternative lists every value, unknown ones too
    assert "TPU v2-8: 64 GB" in en.chart("memory")
    assert "NVIDIA T4: not supported" in en.chart("bf16")
    assert "<script" not in svg
