"""The glossary: Korean prose uses its terms, and pages show definitions as tooltips."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import text
from generator.cli import main
from generator.errors import InputError
from generator.glossary import Tooltips, load_glossary
from generator.model import Facts, Glossary
from generator.render import render
from generator.strings import Catalog
from generator.textcheck import Scripts
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def glossary(catalogs: list[Catalog]) -> Glossary:
    scripts = {c.locale: c.scripts for c in catalogs}
    terms, _ = load_glossary(ROOT / "content/glossary.yaml", "content/glossary.yaml", ("en", "ko"), scripts)
    return terms


def test_first_use_of_a_term_becomes_a_tooltip(glossary: Glossary) -> None:
    tip = Tooltips(glossary, "ko", "en")
    first = tip("텐서 코어 덕분에 빠릅니다.")
    assert first.startswith('<abbr title="작은 행렬 곱셈을 한 번에 처리하는')
    assert first.endswith('">텐서 코어</abbr> 덕분에 빠릅니다.')
    assert tip("텐서 코어가 또 나옵니다.") == "텐서 코어가 또 나옵니다."  # once per page


def test_english_terms_match_whole_words_and_plurals(glossary: Glossary) -> None:
    tip = Tooltips(glossary, "en", "en")
    assert '">tensor cores</abbr>' in tip("Its tensor cores help.")
    linked = text.inline("[inference](https://example.com/inference)", Tooltips(glossary, "en", "en"))
    assert linked.startswith('<a href="https://example.com/inference"><abbr title=')  # marked in the words only


def _project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


def test_a_translation_that_drops_the_term_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path)
    facts = project / "content/accelerators.yaml"
    text = facts.read_text(encoding="utf-8")
    old = "텐서 코어 덕분에 딥러닝에서는 CPU보다 훨씬 빠르지만"
    assert old in text
    facts.write_text(text.replace(old, "텐서코어 덕분에 딥러닝에서는 CPU보다 훨씬 빠르지만"), encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert ": accelerators[t4].text.speed.ko: expected the glossary term '텐서 코어', got '텐서코어'\n" in err
    assert (
        ": accelerators[t4].text.speed.ko: expected the glossary term '텐서 코어' for 'tensor cores' "
        "in the English, got none\n" in err
    )
    assert err.startswith("content/accelerators.yaml:")


def test_a_misspelt_language_under_avoid_is_an_error(tmp_path: Path) -> None:
    """A key that is no language would silently switch its check off."""
    project = _project(tmp_path)
    glossary = project / "content/glossary.yaml"
    text_before = glossary.read_text(encoding="utf-8")
    assert "avoid: {ko: [텐서코어]}" in text_before
    glossary.write_text(text_before.replace("avoid: {ko: [텐서코어]}", "avoid: {kr: [텐서코어]}"), encoding="utf-8")
    scripts = {"en": Scripts(("Latin",)), "ko": Scripts(("Hangul", "Latin"), "Hangul")}
    with pytest.raises(InputError) as caught:
        load_glossary(glossary, "content/glossary.yaml", ("en", "ko"), scripts)
    assert ".avoid: expected a language of the site (en, ko) as key, got 'kr'" in str(caught.value)


def test_a_glossary_has_at_most_500_terms(tmp_path: Path) -> None:
    """Each term is checked against every text: the limit keeps that to seconds."""
    project = _project(tmp_path)
    glossary = project / "content/glossary.yaml"
    extra = "".join(
        f"  - id: t{i}\n    term: {{en: zq{i}, ko: 용어{i}}}\n    definition: {{en: Term {i}., ko: 용어 {i}입니다.}}\n"
        for i in range(500)
    )
    glossary.write_text(glossary.read_text(encoding="utf-8") + extra, encoding="utf-8")
    scripts = {"en": Scripts(("Latin",)), "ko": Scripts(("Hangul", "Latin"), "Hangul")}
    with pytest.raises(InputError) as caught:
        load_glossary(glossary, "content/glossary.yaml", ("en", "ko"), scripts)
    assert ": terms: expected at most 500 items, got 5" in str(caught.value)


def test_the_glossary_page_marks_the_other_language_in_each_language_s_way(
    facts: Facts, catalogs: list[Catalog], glossary: Glossary
) -> None:
    """tensor core(영어) on the Korean page (a parenthesis attached), 텐서 코어 (Korean) on the English one."""
    pages = render(facts, catalogs, ["content/accelerators.yaml"], glossary=glossary)
    assert '<span lang="en">tensor core</span>(영어)' in pages["glossary.ko.md"]
    assert '<span lang="ko">텐서 코어</span> (Korean)' in pages["glossary.en.md"]
