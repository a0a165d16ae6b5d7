"""Rendering: formatting rules, the four kinds of value, charts, links, and golden pages."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import derived
from generator.export import rows
from generator.load import load_facts
from generator.model import BASES, Facts
from generator.render import TEMPLATES, render
from generator.strings import Catalog
from generator.view import View
from generator.view_compare import CompareView
from generator.words import number
from tests.conftest import ROOT

GOLDEN = ROOT / "tests/golden"


def _page(facts: Facts, catalog: Catalog) -> CompareView:
    return CompareView(facts, catalog, "compare")


def _link(facts: Facts, catalog: Catalog, stem: str, to: str) -> str:
    return View(facts, catalog, stem).links.link(to)


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
    mark = '<abbr class="basis basis-vendor" title="vendor figure">V</abbr>'
    assert page.fact(gpu.memory.size) == f"16 GB{mark}[^sheet]"
    assert page.fact(gpu.memory.bandwidth, unit="GB/s") == f"320{mark}[^sheet]"
    assert page.footnotes() == (
        '[^sheet]: <a href="https://example.com/sheet.pdf">A datasheet</a>. '
        "Vendor, datasheet. Checked on January 2, 2026."
    )


def test_the_four_kinds_of_value_render_differently(minimal: Facts, catalogs: list[Catalog]) -> None:
    gpu = minimal.accelerators[0]
    en, ko = (_page(minimal, c) for c in catalogs)
    dense = en.peak(gpu, "fp16", "dense", unit="TFLOPS")
    sparse = en.peak(gpu, "fp16", "sparse", unit="TFLOPS")
    unsupported = en.peak(gpu, "bf16", "dense")
    unsupported_sparse = en.peak(gpu, "bf16", "sparse")
    unknown = en.peak(gpu, "int8", "dense")
    mark = '<abbr class="basis basis-vendor" title="vendor figure">V</abbr>'
    assert (dense, sparse) == (f"65{mark}[^sheet]", f"130{mark}[^sheet]")
    assert unsupported == f'<span class="value-unsupported">not supported</span>{mark}[^sheet]'
    assert unsupported_sparse == unsupported  # no BF16 at all, so no sparse BF16 either
    assert unknown == '<span class="value-unknown">unknown</span>[^note-2]'
    assert en.peak(gpu, "fp32", "sparse") == "n/a"
    assert ko.peak(gpu, "int8", "dense") == '<span class="value-unknown">알 수 없음</span>[^note-1]'
    assert "[^note-1]: 공개되지 않았습니다." in ko.footnotes()


def test_multi_chip_totals_show_their_factors(facts: Facts, catalogs: list[Catalog]) -> None:
    v2 = next(a for a in facts.accelerators if a.id == "tpu-v2-8")
    page = _page(facts, catalogs[0])
    assert page.fact(v2.memory.size, times=v2.chip_count, unit="GB").startswith("64 (4 × 16)<abbr")
    assert page.peak(v2, "bf16", unit="TFLOPS").startswith('180 (4 × 45)<abbr class="basis basis-derived"')
    assert "(another source: 184<abbr" in page.peak(v2, "bf16", unit="TFLOPS")  # JAX's table, the other figure
    assert derived.total_memory_gb(v2) == 64


def test_links_are_relative_to_the_page(facts: Facts, catalogs: list[Catalog]) -> None:
    assert _link(facts, catalogs[0], "index", "accelerators/t4") == "accelerators/t4.md"
    assert _link(facts, catalogs[0], "accelerators/a100", "accelerators/t4") == "t4.md"
    assert _link(facts, catalogs[0], "accelerators/a100", "compare") == "../compare.md"


def test_table_cells_escape_pipes(minimal: Facts, catalogs: list[Catalog]) -> None:
    arch = minimal.accelerators[0].architecture.model_copy(update={"value": "A|B"})
    assert _page(minimal, catalogs[0]).fact(arch).startswith("A&#124;B")  # text, not a cell border


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
    mark = '<abbr class="basis basis-vendor" title="vendor figure">V</abbr>'
    assert en.fact(t4.memory.bandwidth, unit="GB/s") == (
        f'320{mark}[^nvidia-t4-page-note-1] <span class="value-disputed">'
        f"(another source: 300{mark}[^nvidia-t4-datasheet])</span>"
    )
    assert (
        '(다른 출처: 300<abbr class="basis basis-vendor" title="제조사 수치">제</abbr>[^nvidia-t4-datasheet])'
        in ko.fact(t4.memory.bandwidth, unit="GB/s")
    )


def test_charts_are_labelled_svg_in_the_page_language(facts: Facts, catalogs: list[Catalog]) -> None:
    en, ko = (_page(facts, c) for c in catalogs)
    svg = ko.chart("memory")
    assert '<svg class="chart" role="img"' in svg and 'aria-labelledby="chart-memory-title chart-memory-desc"' in svg
    assert '<title id="chart-memory-title">런타임당 메모리(GB)</title>' in svg
    assert "TPU v2-8: 64 GB (vendor figure, " in en.chart("memory")  # every value, with how it is known
    assert "CPU 런타임: 13.6 GB(관찰값)" in svg  # Korean attaches the parenthesis; basis and note share one
    assert "TPU v2-8: 64 GB(제조사 수치, Colab에서 제공 종료)" in svg
    assert "NVIDIA A100 40 GB: 40 GB" in en.chart("memory") and "NVIDIA A100 80 GB: 80 GB" in en.chart("memory")
    assert "NVIDIA T4: not supported" in en.chart("bf16")
    assert "CPU runtime: unknown" in en.chart("bf16")
    assert 'class="chart-bar basis-derived"' in en.chart("bf16")  # the H100's dense peak is half the sparse one
    assert "<script" not in svg


def test_every_figure_shows_how_it_is_known_in_both_languages(facts: Facts, catalogs: list[Catalog]) -> None:
    """A number or name with a source always carries its basis mark; an unknown never does."""
    for catalog in catalogs:
        page = _page(facts, catalog)
        for acc in facts.rows:
            for fact in (acc.architecture, acc.memory.size, acc.memory.bandwidth, acc.peak("bf16", "dense")):
                if fact is None:
                    continue
                shown = page.fact(fact)
                if fact.value == "unknown":
                    assert "basis" not in shown
                else:
                    mark = catalog.t(f"basis.{fact.basis}.mark")
                    assert f'<abbr class="basis basis-{fact.basis}" title="' in shown and f">{mark}</abbr>" in shown
    legend = _page(facts, catalogs[1]).basis_legend(full=True)
    assert all(catalogs[1].t(f"basis.{b}.legend") in legend for b in BASES)


def test_no_offered_row_lacks_memory_bandwidth_or_a_16_bit_peak(facts: Facts) -> None:
    """Where a vendor or cloud source gives a figure, it is shown: no blank rows for offered accelerators."""
    for acc in facts.rows:
        if acc.colab.status != "offered" or acc.kind == "cpu":
            continue
        assert acc.memory.size.known and acc.memory.bandwidth.known, acc.id
        bf16, fp16 = acc.peak("bf16", "dense"), acc.peak("fp16", "dense")
        assert any(p is not None and p.known for p in (bf16, fp16)), acc.id
        assert acc.memory.size.basis in ("vendor", "cloud"), acc.id


def test_options_link_to_their_place_on_the_accelerator_page(facts: Facts, catalogs: list[Catalog]) -> None:
    pages = render(facts, catalogs, ["content/accelerators.yaml"])
    for lang in ("en", "ko"):
        for stem in ("compare", "plans", "guide"):
            text = pages[f"{stem}.{lang}.md"]
            assert "(accelerators/a100.md#a100-40gb)" in text and "(accelerators/a100.md#a100-80gb)" in text, stem
        a100 = pages[f"accelerators/a100.{lang}.md"]
        assert "{#a100-40gb}" in a100 and "{#a100-80gb}" in a100
        assert "| NVIDIA A100 40 GB | NVIDIA A100 80 GB |" in a100  # one column per option


def test_every_unknown_runtime_figure_says_why(facts: Facts, catalogs: list[Catalog]) -> None:
    """In the power, software and runtime table, an unknown always carries a footnote with its reason."""
    pages = render(facts, catalogs, ["content/accelerators.yaml"])
    for lang in ("en", "ko"):
        text = pages[f"compare.{lang}.md"]
        table = text[text.index("{#more}") : text.index("{#charts}")]
        cells = re.findall(r'<span class="value-unknown">[^<]*</span>(\S{0,2})', table)
        assert cells and all(after.startswith("[^") for after in cells), lang


# --- issue 23: a missing figure is unknown where it applies; a replacement is a link -------------

MINIMAL = yaml.safe_load((ROOT / "tests/data/valid/minimal.yaml").read_text(encoding="utf-8"))


def _load(tmp_path: Path, data: dict[str, Any], languages: tuple[str, ...]) -> Facts:
    path = tmp_path / "facts.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_facts(path, "facts.yaml", languages)


def _kin(data: dict[str, Any], ident: str, name: Any, kind: str) -> dict[str, Any]:
    """A copy of the minimal file's GPU, offered, under another id, name and kind."""
    acc: dict[str, Any] = copy.deepcopy(data["accelerators"][0])
    return acc | {"id": ident, "name": name, "kind": kind}


def _without_power_or_capability(tmp_path: Path, languages: tuple[str, ...]) -> Facts:
    """gpu1 is a GPU with neither board power nor compute capability on file; beside it a TPU and a CPU."""
    data = copy.deepcopy(MINIMAL)
    assert "power" not in data["accelerators"][0] and "software" not in data["accelerators"][0]
    tpu = _kin(data, "tpu1", "Example TPU", "tpu")
    tpu["power"] = {"value": 90, "unit": "W", "source": "sheet"}
    tpu["software"] = {"frameworks": {"value": ["JAX"], "source": "sheet"}}
    data["accelerators"] += [tpu, _kin(data, "cpu1", "Example CPU", "cpu")]
    return _load(tmp_path, data, languages)


def test_a_gpu_without_power_or_capability_shows_unknown_not_na(
    tmp_path: Path, catalogs: list[Catalog], languages: tuple[str, ...]
) -> None:
    facts = _without_power_or_capability(tmp_path, languages)
    pages = render(facts, catalogs, ["facts.yaml"])
    for catalog in catalogs:
        lang, na = catalog.locale, catalog.t("values.not_applicable")
        unknown = re.escape(f'<span class="value-unknown">{catalog.t("values.unknown")}</span>')

        def says_unknown(cell: str, page: str, unknown: str = unknown, catalog: Catalog = catalog) -> bool:
            """The unknown word, styled as every unknown, with a footnote saying no source gives the figure."""
            found = re.fullmatch(rf"{unknown}\[\^(note-\d+)\]", cell.strip(" |"))
            return found is not None and f"[^{found[1]}]: {catalog.t('unknown_reasons.no_source')}" in page

        compare = pages[f"compare.{lang}.md"]
        more = compare[compare.index("{#more}") : compare.index("{#charts}")]
        gpu, tpu, cpu = (next(r for r in more.splitlines() if f"(accelerators/{i}.md)" in r) for i in IDS)
        assert all(says_unknown(cell, compare) for cell in gpu.split(" | ")[1:3]), gpu
        assert tpu.split(" | ")[2] == na  # a TPU has no CUDA compute capability
        assert cpu.split(" | ")[1:3] == [na, na]  # nor a CPU runtime a board or a capability
        derived_row = next(r for r in compare[compare.index("{#derived}") :].splitlines() if "accelerators/cpu1" in r)
        assert derived_row.split(" | ")[-2:] == [na, f"{na} |"]  # power and TFLOPS per watt
        page = pages[f"accelerators/gpu1.{lang}.md"]
        for label in ("accelerator.power", "accelerator.compute_capability"):
            row = next(r for r in page.splitlines() if r.startswith(f"| {catalog.t(label)} |"))
            assert says_unknown(row.split(" | ")[1], page), row
        tpu_page = pages[f"accelerators/tpu1.{lang}.md"]
        assert f"| {catalog.t('accelerator.compute_capability')} |" not in tpu_page
        pair = pages[f"vs/gpu1-vs-tpu1.{lang}.md"]
        power = next(r for r in pair.splitlines() if r.startswith(f"| {catalog.t('pair.power')} |"))
        capability = next(r for r in pair.splitlines() if r.startswith(f"| {catalog.t('pair.capability')} |"))
        assert says_unknown(power.split(" | ")[1], pair) and power.split(" | ")[2].startswith("90")
        assert says_unknown(capability.split(" | ")[1], pair) and capability.split(" | ")[2] == na
    exported = {(acc.id, path): fact for acc, path, fact, _ in rows(facts)}
    assert exported[("gpu1", "power")] is None and exported[("gpu1", "software.compute_capability")] is None
    assert ("tpu1", "software.compute_capability") not in exported and ("cpu1", "power") not in exported


IDS = ("gpu1", "tpu1", "cpu1")


def test_a_replacement_is_named_and_linked_in_the_page_language(
    tmp_path: Path, catalogs: list[Catalog], languages: tuple[str, ...]
) -> None:
    data = copy.deepcopy(MINIMAL)
    new = _kin(data, "gpu2", {"en": "Example GPU 2", "ko": "예시 GPU 2"}, "gpu")
    new["options"] = [
        {
            "id": "gpu2-big",
            "name": {"en": "Example GPU 2 Big", "ko": "예시 GPU 2 대형"},
            "how": {"en": "Ask.", "ko": "요청합니다."},
        },
        {"id": "gpu2-small", "name": "Example GPU 2 Small", "how": {"en": "Ask.", "ko": "요청합니다."}},
    ]
    old = _kin(data, "gpu0", "Example GPU 0", "gpu")

    def retired(replacement: str) -> dict[str, Any]:
        return {"status": "retired", "retired": "2025-01", "replaced_by": replacement, "plans": [], "source": "sheet"}

    data["accelerators"][0]["colab"] = retired("gpu2-big")  # an option: its place on its accelerator's page
    old["colab"] = retired("gpu2")  # an accelerator with options: its page
    data["accelerators"] += [new, old]
    pages = render(_load(tmp_path, data, languages), catalogs, ["facts.yaml"])
    for lang, big, gpu2 in (("en", "Example GPU 2 Big", "Example GPU 2"), ("ko", "예시 GPU 2 대형", "예시 GPU 2")):
        catalog = next(c for c in catalogs if c.locale == lang)
        page = pages[f"accelerators/gpu1.{lang}.md"]
        assert f"[{big}](gpu2.md#gpu2-big)" in page.split("\n\n## ")[0]  # the notice under the title
        assert f"- {catalog.t('accelerator.replaced_by')}: [{big}](gpu2.md#gpu2-big)\n" in page
        assert f"- {catalog.t('accelerator.replaced_by')}: [{gpu2}](gpu2.md)\n" in pages[f"accelerators/gpu0.{lang}.md"]
        plans = pages[f"plans.{lang}.md"]
        assert f"[{big}](accelerators/gpu2.md#gpu2-big)" in plans and f"[{gpu2}](accelerators/gpu2.md)" in plans
        assert "gpu2-big" not in page.replace("#gpu2-big)", "")  # never the bare id


def test_korean_pages_attach_parentheses_to_latin_names(facts: Facts, catalogs: list[Catalog]) -> None:
    """Korean house style on generated words: G4(NVIDIA ...), a publisher(its date); English keeps its space."""
    pages = render(facts, catalogs, ["content/accelerators.yaml"])
    korean = "".join(text for path, text in pages.items() if path.endswith(".ko.md"))
    assert "G4(NVIDIA RTX PRO 6000 Blackwell)" in korean and "G4 (NVIDIA" not in korean
    assert "John Snow Labs(2025년 8월)" in korean and "John Snow Labs (" not in korean
    assert "John Snow Labs (August 2025)" in pages["accelerators/a100.en.md"]


def test_a_source_s_title_note_and_publisher_are_in_the_page_s_language(facts: Facts, catalogs: list[Catalog]) -> None:
    """What a document is (user report) and who published it (issue 4134) are words of the page's language;
    the title itself stays as it is published."""
    pages = render(facts, catalogs, ["content/accelerators.yaml"])
    title = "Colab Pro runtime has 12.7 GB of system RAM</a>"
    assert f"{title}(사용자 보고). googlecolab/colabtools 이슈 4134(2023년 11월)" in pages["accelerators/t4.ko.md"]
    assert f"{title} (user report). googlecolab/colabtools issue 4134 (November 2023)" in pages["accelerators/t4.en.md"]
    korean = "".join(text for path, text in pages.items() if path.endswith(".ko.md"))
    assert "(user report" not in korean and "reply by the Colab team" not in korean
