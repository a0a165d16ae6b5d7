"""Quick rounds of the preview server (generator/quick.py): only the changed pages rebuilt, the same bytes
as a full build; and the pieces they rest on (the plan, the search index splice, the scan memo, the
theme's template cache, rendering the languages in parallel)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import pytest

from generator import forked, quick, site
from generator.errors import GeneratorError
from generator.pipeline import Paths
from generator.quick import DocsState, Memory, plan, splice
from generator.scan import ScanMemo, scan_site
from generator.serve import regenerate
from generator.site import SiteBuild, rebuild
from tests.test_e2e import tree_hashes
from tools.workspace import copy_project

NEWEST = date(2026, 11, 28)
URL = "http://127.0.0.1:9/"


def _paths(work: Path) -> Paths:
    content = work / "content"
    return Paths(
        content / "accelerators.yaml", content / "i18n", content / "glossary.yaml", content / "translated-from.yaml"
    )


def _edit(work: Path, old: str, new: str) -> None:
    facts = work / "content/accelerators.yaml"
    text = facts.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    facts.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def plans(monkeypatch: pytest.MonkeyPatch) -> list[quick.Quick | None]:
    """Every plan the rounds made (None: a full round)."""
    made: list[quick.Quick | None] = []

    def traced(*args: Any) -> quick.Quick | None:
        made.append(quick.plan(*args))
        return made[-1]

    monkeypatch.setattr(site, "plan", traced)
    return made


def test_a_quick_round_leaves_the_bytes_of_a_full_build(tmp_path: Path, plans: list[quick.Quick | None]) -> None:
    work = copy_project(tmp_path / "work")
    docs, memory = work / "docs", Memory()
    served = SiteBuild(work / "mkdocs.yml", tmp_path / "served", NEWEST, URL)
    assert regenerate(_paths(work), docs) is not None
    rebuild(served, docs, memory)
    bandwidth = re.search(
        r"bandwidth: \{value: (\d+), unit: GB/s, source: nvidia-ampere-blog",
        (work / "content/accelerators.yaml").read_text(),
    )
    assert bandwidth is not None
    edits = [  # a figure (pages, pairs, data files), then a Korean sentence only
        (bandwidth.group(0), bandwidth.group(0).replace(bandwidth.group(1), str(int(bandwidth.group(1)) + 7))),
        ("각 가속기를 어떤 Colab 요금제에서", "각 가속기를 Colab의 어떤 요금제에서"),
    ]
    for old, new in edits:
        _edit(work, old, new)
        assert regenerate(_paths(work), docs) is not None
        rebuild(served, docs, memory)
        full = tmp_path / f"full-{len(plans)}"
        rebuild(SiteBuild(work / "mkdocs.yml", full, NEWEST, URL), docs)  # no memory: a full build
        made = plans[-1]
        assert made is not None, "the round was not quick"
        assert 0 < len(made.stale) < 60, sorted(made.stale)
        served_hashes, full_hashes = tree_hashes(tmp_path / "served"), tree_hashes(full)
        assert _relative(served_hashes) == _relative(full_hashes)
    assert plans[0] is None  # the first round is full
    assert {path for path in plans[-1].stale if path.endswith(".html")} <= {"ko/index.html", "ko/plans/index.html"}


def _relative(hashes: dict[str, str]) -> dict[str, str]:
    return {name.split("/", 1)[1]: digest for name, digest in hashes.items()}


def _state(files: dict[str, str], order: list[str] | None = None) -> DocsState:
    digests = {rel: text.encode() for rel, text in files.items()}
    titles = {
        rel: (m.group(1) if (m := re.search(r"^title: (.*)$", text, re.M)) else None)
        for rel, text in files.items()
        if rel.endswith(".md")
    }
    return DocsState(digests, titles, order or ["t4"])


@pytest.fixture
def remembered(tmp_path: Path) -> Memory:
    files = {
        "index.en.md": "title: Home\n\nx",
        "index.ko.md": "title: 홈\n\nx",
        "t4.en.md": "title: T4\n\na",
        "t4.ko.md": "title: T4\n\n가",
        "data/a.json": "{}",
    }
    (tmp_path / "site").mkdir()

    def index(prefix: str) -> dict[str, Any]:
        locations = ("", "#a", "t4/", "t4/#b")
        return {"config": {}, "docs": [{"location": f"{prefix}{u}", "title": "", "text": ""} for u in locations]}

    return Memory(_state(files), tmp_path / "site", [index(""), index("ko/")])


def test_the_plan_rebuilds_the_changed_pages_in_their_language(remembered: Memory) -> None:
    assert remembered.state is not None
    files = {rel: digest.decode() for rel, digest in remembered.state.digests.items()}
    made = plan(remembered, _state({**files, "t4.ko.md": "title: T4\n\n나", "data/a.json": "[]"}), {"en", "ko"}, "en")
    assert made is not None
    assert made.stale == {"ko/t4/index.html", "data/a.json"}
    assert made.urls == {"ko/t4/"}


@pytest.mark.parametrize(
    "change",
    [
        {"t4.en.md": "title: NVIDIA T4\n\na"},  # a title: every page's navigation shows it
        {"l4.en.md": "title: L4\n\na"},  # a page added
        {"t4.en.md": None},  # a page removed
        {"t4.en.md": "# T4\n\nb"},  # a page titled by its heading only
    ],
)
def test_a_change_the_quick_round_cannot_follow_makes_a_full_round(
    remembered: Memory, change: dict[str, str | None]
) -> None:
    assert remembered.state is not None
    files = {rel: digest.decode() for rel, digest in remembered.state.digests.items()}
    for rel, text in change.items():
        if text is None:
            del files[rel]
        else:
            files[rel] = text
    assert plan(remembered, _state(files), {"en", "ko"}, "en") is None


def test_a_new_accelerator_order_or_a_lost_site_makes_a_full_round(remembered: Memory, tmp_path: Path) -> None:
    assert remembered.state is not None
    files = {rel: digest.decode() for rel, digest in remembered.state.digests.items()}
    assert plan(remembered, _state(files, ["l4", "t4"]), {"en", "ko"}, "en") is None
    assert plan(remembered, _state(files), {"en", "ko"}, "en") is not None
    (tmp_path / "site").rmdir()
    assert plan(remembered, _state(files), {"en", "ko"}, "en") is None
    remembered.forget()
    assert plan(remembered, _state(files), {"en", "ko"}, "en") is None


def test_the_splice_puts_a_page_s_new_entries_where_its_old_ones_were() -> None:
    old = {"config": {"a": 1}, "docs": [{"location": loc} for loc in ("", "#x", "t4/", "t4/#a", "t4/#b", "l4/")]}
    new = {"config": {"a": 2}, "docs": [{"location": "t4/", "new": True}, {"location": "t4/#c", "new": True}]}
    spliced = splice(old, new, frozenset({"t4/"}))
    assert [d["location"] for d in spliced["docs"]] == ["", "#x", "t4/", "t4/#c", "l4/"]
    assert spliced["config"] == {"a": 2}


def test_the_scan_memo_never_hides_a_changed_page(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    page = tmp_path / "a" / "index.html"
    page.write_text("<!doctype html><p>fine</p>", encoding="utf-8")
    memo = ScanMemo()
    assert scan_site(tmp_path, memo=memo) == []
    assert len(memo.found) == 1
    page.write_text("<!doctype html><p>fine</p><script>alert(1)</script>", encoding="utf-8")
    assert [f.page for f in scan_site(tmp_path, memo=memo)] == ["a/index.html"]
    assert scan_site(tmp_path, memo=memo) == scan_site(tmp_path)  # from the memo: the same findings


def test_the_theme_template_cache_compiles_an_edited_template_again() -> None:
    sources = {"page.html": "one {{ x }}"}
    cache = quick.TemplateCache()

    def env() -> jinja2.Environment:  # as MkDocs does: a new environment for every build
        e = jinja2.Environment(loader=jinja2.FunctionLoader(lambda name: (sources[name], None, lambda: False)))
        e.bytecode_cache = cache
        return e

    assert env().get_template("page.html").render(x=1) == "one 1"
    assert len(cache.compiled) == 1
    sources["page.html"] = "two {{ x }}"
    assert env().get_template("page.html").render(x=1) == "two 1"


def test_work_done_apart_gives_the_same_results_and_errors() -> None:
    items = list(range(5))
    assert forked.each_apart(lambda n: n * n, items) == [0, 1, 4, 9, 16]
    assert forked.each_apart(lambda n: n * n, items, parallel=False) == [0, 1, 4, 9, 16]

    def fails_on_three(n: int) -> int:
        if n == 3:
            raise GeneratorError(f"item {n}: wrong")
        return n

    with pytest.raises(GeneratorError, match="item 3: wrong"):
        forked.each_apart(fails_on_three, items)
