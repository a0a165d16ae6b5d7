"""The side-by-side pages: one per pair of offered accelerators, in every language, linked both ways,
with ratios and sentences that follow the facts (hand-computed here), out of the navigation, and
found in search by their titles only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.links import pair_stem, pairs
from generator.model import Accelerator, Facts
from generator.render import render
from generator.strings import Catalog
from generator.view_pair import PairView
from tests.test_e2e import build_ok, html_file, soup
from tools.workspace import copy_project


def _row(facts: Facts, row_id: str) -> Accelerator:
    return next(row for row in facts.rows if row.id == row_id)


def test_every_pair_of_offered_accelerators_has_a_page_in_every_language(facts: Facts, catalogs: list[Catalog]) -> None:
    rows = facts.offered
    assert len(rows) >= 8
    built = render(facts, catalogs, ["content/accelerators.yaml"])
    stems = {name.rsplit(".", 2)[0] for name in built if name.startswith("vs/")}
    assert len(stems) == len(rows) * (len(rows) - 1) // 2 == len(pairs(facts))
    for a in rows:
        for b in rows:
            if rows.index(a) < rows.index(b):
                for catalog in catalogs:
                    assert f"{pair_stem(a, b)}.{catalog.locale}.md" in built
    assert not any("tpu-v2-8" in stem for stem in stems)  # retired: no pages


def test_pair_pages_link_back_and_are_linked_from_the_comparison_and_each_accelerator(
    facts: Facts, catalogs: list[Catalog]
) -> None:
    built = render(facts, catalogs, ["content/accelerators.yaml"])
    for stem, (a, b) in pairs(facts).items():
        for catalog in catalogs:
            page = built[f"{stem}.{catalog.locale}.md"]
            assert f"(../accelerators/{a.page_id}.md" in page and f"(../accelerators/{b.page_id}.md" in page
            assert "(../compare.md)" in page
            link = stem.removeprefix("vs/") + ".md)"
            assert f"(vs/{link}" in built[f"compare.{catalog.locale}.md"]
            for row in (a, b):
                assert f"(../vs/{link}" in built[f"accelerators/{row.page_id}.{catalog.locale}.md"]


@pytest.mark.parametrize(
    ("a", "b", "shown"),
    [(65, 121, "1.9"), (16, 24, "1.5"), (3, 36.3, "12"), (70, 72, "1.0"), (320, 300, "0.94"), (1000, 1, "0.0010")],
)
def test_ratios_are_rounded_to_a_tenth_or_two_digits(
    facts: Facts, catalogs: list[Catalog], a: float, b: float, shown: str
) -> None:
    assert str(PairView(facts, catalogs[0], "vs/t4-vs-l4").ratio(a, b)) == shown


def test_t4_against_l4_hand_computed(facts: Facts, catalogs: list[Catalog]) -> None:
    t4, l4 = _row(facts, "t4"), _row(facts, "l4")
    fp16, bf16 = t4.peak("fp16", "dense"), l4.peak("bf16", "dense")
    assert fp16 is not None and bf16 is not None and (fp16.number, bf16.number) == (65, 121)  # what this assumes
    page = PairView(facts, catalogs[0], "vs/t4-vs-l4")
    assert page.title == "NVIDIA T4 vs NVIDIA L4"
    said = [str(s) for s in page.pair_summary(t4, l4)]
    assert "NVIDIA L4 has 1.5× the memory of NVIDIA T4." in said  # 24 ÷ 16
    assert "NVIDIA L4 has 1.9× the peak 16-bit dense rate of NVIDIA T4 (BF16 against FP16)." in said  # 121 ÷ 65
    t4_units, l4_units = t4.colab.compute_units, l4.colab.compute_units
    assert t4_units is not None and l4_units is not None and t4_units.number and l4_units.number
    ratio = str(page.ratio(t4_units.number, l4_units.number))  # the cost ratio is the compute units' ratio
    assert any(s.startswith(f"An hour of NVIDIA L4 costs {ratio}× an hour of NVIDIA T4") for s in said)
    assert any("NVIDIA T4 is also on the free tier" in s for s in said)
    korean = PairView(facts, catalogs[1], "vs/t4-vs-l4")
    assert "NVIDIA L4의 메모리 용량은 NVIDIA T4의 1.5배입니다." in [str(s) for s in korean.pair_summary(t4, l4)]


def test_figures_within_five_percent_are_called_about_the_same(facts: Facts, catalogs: list[Catalog]) -> None:
    g4, v6e = _row(facts, "g4"), _row(facts, "tpu-v6e-1")
    assert g4.memory.bandwidth.number == 1597 and v6e.memory.bandwidth.number == 1638  # 2.6 % apart
    page = PairView(facts, catalogs[0], pair_stem(g4, v6e))
    said = [str(s) for s in page.pair_summary(g4, v6e)]
    assert any(s.startswith("Both read memory about equally fast") for s in said)
    assert not any("1.0×" in s for s in said)


# --- in the built site ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    project = copy_project(tmp_path_factory.mktemp("pairs"))
    build_ok(project)
    yield project / "site"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_pair_pages_are_built_but_left_out_of_the_navigation(built: Path, lang: str, facts: Facts) -> None:
    for stem in pairs(facts):
        assert html_file(built, lang, stem + "/").is_file()
    home = soup(html_file(built, lang, ""))
    assert not [a for a in home.select(".md-nav a") if "vs/" in str(a.get("href"))]
    page = soup(html_file(built, lang, "vs/t4-vs-l4/"))
    assert not page.select(".md-footer__link")  # no previous/next among the pairs
    # whole, though the search read only its title and lead (generator/hooks.py)
    assert page.select("h2#figures") and page.select("h2#planner") and page.select(".footnote li")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_pair_pages_are_searched_by_title_only(built: Path, lang: str, facts: Facts) -> None:
    index = built / ("search" if lang == "en" else f"{lang}/search") / "search_index.json"
    docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
    mine = [d for d in docs if d["location"].startswith("vs/")]
    assert len(mine) == len(pairs(facts))  # one entry a page: no sections
    assert all(d["text"] == "" and " vs " in d["title"] for d in mine)
    assert any(d["location"] == "accelerators/t4/" and d["text"] for d in docs)  # other pages keep their text


def test_pages_grow_as_n_squared_only_up_to_the_cap(tmp_path: Path) -> None:
    from generator.links import MAX_PAIRED
    from generator.pipeline import Paths, load_inputs
    from tests.conftest import ROOT
    from tools.workspace import synthetic

    facts_file = tmp_path / "accelerators.yaml"
    facts_file.write_text(synthetic(30), encoding="utf-8")
    paths = Paths(
        facts_file, ROOT / "content/i18n", ROOT / "content/glossary.yaml", ROOT / "content/translated-from.yaml"
    )
    facts = load_inputs(paths).facts
    assert len(facts.offered) > MAX_PAIRED
    assert len(pairs(facts)) == MAX_PAIRED * (MAX_PAIRED - 1) // 2  # 276, not n × (n - 1) ÷ 2
