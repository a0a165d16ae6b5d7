"""The languages built in parallel processes give the very bytes of the sequential build, and fail as loudly."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs_static_i18n.reconfigure import ExtendedPlugin  # type: ignore[import-untyped]

from generator import parallel
from generator.cli import main
from tests.test_e2e import tree_hashes
from tools.workspace import copy_project, synthetic

pytestmark = pytest.mark.e2e


def _generated(work: Path, accelerators: int | None) -> Path:
    """A copy of the project with its docs/ generated (from synthetic facts if a count is given)."""
    copy_project(work)
    if accelerators is not None:
        (work / "content/accelerators.yaml").write_text(synthetic(accelerators), encoding="utf-8")
    content = work / "content"
    status = main(
        [
            *("--facts", str(content / "accelerators.yaml"), "--catalogs", str(content / "i18n")),
            *("--glossary", str(content / "glossary.yaml"), "--translated-from", str(content / "translated-from.yaml")),
            *("--docs", str(work / "docs"), "generate"),
        ]
    )
    assert status == 0
    return work


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795737600")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")


@pytest.mark.parametrize("accelerators", [None, 24], ids=["real facts", "24 synthetic"])
def test_parallel_build_is_byte_identical_to_the_sequential_one(
    tmp_path: Path, accelerators: int | None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    work = _generated(tmp_path / "work", accelerators)
    capsys.readouterr()
    sequential, together = tmp_path / "sequential", tmp_path / "parallel"
    parallel.build_site(work / "mkdocs.yml", sequential, parallel=False)

    built_here: list[str | None] = []  # the parts this process builds (a forked child's calls are not seen)
    run_build = parallel._run_build

    def spy(settings: dict[str, Any], part: str | None, quick: object = None) -> None:
        built_here.append(part)
        run_build(settings, part)

    monkeypatch.setattr(parallel, "_run_build", spy)
    parallel.build_site(work / "mkdocs.yml", together)

    assert built_here == ["en"], "the Korean part was not built in a process of its own"
    seq, par = tree_hashes(sequential), tree_hashes(together)
    assert "sequential/ko/search/search_index.json" in seq and "sequential/ko/404.html" in seq
    assert {k.split("/", 1)[1] for k in seq} == {k.split("/", 1)[1] for k in par}
    differing = sorted(k.split("/", 1)[1] for k in seq if seq[k] != par[k.replace("sequential/", "parallel/", 1)])
    assert differing == []
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith("parallel.")], "a part was left behind"


def test_a_failure_in_the_korean_process_is_reported_with_its_warnings(tmp_path: Path) -> None:
    work = _generated(tmp_path / "work", None)
    (work / "docs/about.ko.md").write_text("# 소개\n\n[없는 페이지](missing.md)\n", encoding="utf-8")
    with pytest.raises(parallel.Failed) as failed:
        parallel.build_site(work / "mkdocs.yml", tmp_path / "site")
    assert "missing.md" in str(failed.value)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith("site.")]


def test_a_killed_language_process_fails_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = _generated(tmp_path / "work", None)
    run_build = parallel._run_build

    def dies_in_korean(settings: dict[str, Any], part: str | None, quick: object = None) -> None:
        if part == "ko":  # in the forked child
            os.kill(os.getpid(), signal.SIGKILL)
        run_build(settings, part)

    monkeypatch.setattr(parallel, "_run_build", dies_in_korean)
    with pytest.raises(parallel.Failed, match=r"the build of 'ko' ended without a report \(exit code -9\)"):
        parallel.build_site(work / "mkdocs.yml", tmp_path / "site")
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith("site.")]


_SUFFIXES = ["", "a/", "a/#x", "b/"]
_default_entry = st.fixed_dictionaries(
    {"location": st.sampled_from(_SUFFIXES), "title": st.sampled_from(["A", "B"]), "text": st.sampled_from(["", "t"])}
)
_translated_entry = st.fixed_dictionaries(
    {
        "location": st.tuples(st.sampled_from(["ko/", "ja/"]), st.sampled_from(_SUFFIXES)).map("".join),
        "title": st.sampled_from(["A", "B"]),
        "text": st.sampled_from(["", "t"]),
    }
)


def _plugin(entries: list[dict[str, str]]) -> list[dict[str, str]]:
    result = [dict(e) for e in entries]
    ExtendedPlugin.reconfigure_search_duplicates(SimpleNamespace(build_languages=["en", "ko", "ja"]), result)
    return result


@settings(max_examples=500, deadline=None)
@given(
    st.lists(_default_entry, max_size=8),
    st.lists(_translated_entry, max_size=16, unique_by=lambda e: tuple(e.values())),
    st.lists(_translated_entry, max_size=4),
)
def test_removing_duplicate_search_entries_matches_the_i18n_plugin(
    defaults: list[dict[str, str]], translated: list[dict[str, str]], repeated: list[dict[str, str]]
) -> None:
    """The plugin's result, in linear time: distinct translated entries, and (plugin's own path) repeated ones."""
    for entries in (defaults + translated, defaults + translated + repeated):
        assert parallel.remove_duplicates([dict(e) for e in entries], ["en", "ko", "ja"]) == _plugin(entries)


def test_the_plugin_passes_over_the_entry_after_each_duplicate_it_removes() -> None:
    a = {"location": "a/", "title": "A", "text": "t"}
    ko, ja = {**a, "location": "ko/a/"}, {**a, "location": "ja/a/"}
    other = {**a, "location": "ko/b/"}
    assert parallel.remove_duplicates([a, ko, ja], ["en", "ko", "ja"]) == [a, ja]  # ja/a/ passed over
    assert parallel.remove_duplicates([a, ko, other, ja], ["en", "ko", "ja"]) == [a, other]
    assert _plugin([a, ko, ja]) == [a, ja] and _plugin([a, ko, other, ja]) == [a, other]
