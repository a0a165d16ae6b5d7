"""Look-alike letters (UTS #39, mixed scripts): a word, or a whole name, is written in one script or in
Latin with Han, kana, Hangul or Bopomofo; a Cyrillic Т in `NVIDIA Т4` is refused, Korean `GPU가` is not."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.glossary import load_glossary
from generator.load import load_facts
from generator.strings import load_catalogs
from generator.textcheck import Scripts, check, mixed
from tests.conftest import ROOT

KOREAN = Scripts(("Hangul", "Latin"), "Hangul")


@pytest.mark.parametrize(
    "text",
    [
        "GPU가 T4는 빠릅니다.",  # Korean attaches particles to Latin words
        "NVIDIA T4 GPU",
        "Colaboratoryの有料プランの仕組みが変更となったので仕様を確認しました",  # Latin, Han, Hiragana, Katakana
        "漢字와 한글",  # Han with Hangul
        "注音ㄅㄆ",  # Han with Bopomofo
        "café, naïve, 5 \u2126 and 3 µs",  # accents; the ohm and micro signs belong to no one script
        "Русский текст",  # one script throughout
        "ＧＰＵ",  # full-width Latin is Latin
    ],
)
def test_one_script_or_an_allowed_combination_passes(text: str) -> None:
    assert mixed(text) is None
    assert mixed(text, whole=True) is None


@pytest.mark.parametrize(
    ("text", "whole", "message"),
    [
        (
            "NVIDIA Т4",
            True,
            "expected letters of one script in a name or label, got 'Т' (CYRILLIC CAPITAL LETTER TE) "
            "among Latin letters in 'Т4'; retype it",
        ),
        ("Тesla", False, "got 'Т' (CYRILLIC CAPITAL LETTER TE) among Latin letters in 'Тesla'"),
        ("The Vοlta GPU", False, "got 'ο' (GREEK SMALL LETTER OMICRON) among Latin letters in 'Vοlta'"),
        ("GРU가 빠릅니다", False, "got 'Р' (CYRILLIC CAPITAL LETTER ER) among Latin letters in 'GРU가'"),
        ("Ωmega", False, "got 'Ω' (GREEK CAPITAL LETTER OMEGA) among Latin letters in 'Ωmega'"),
        ("한국어のテキスト", False, "got '한' (HANGUL SYLLABLE HAN) among Katakana letters in '한국어のテキスト'"),
    ],
)
def test_a_letter_of_another_script_is_named(text: str, whole: bool, message: str) -> None:
    trouble = mixed(text, whole=whole)
    assert trouble is not None
    assert message in trouble


def test_a_whole_name_is_one_identifier_but_prose_is_checked_word_by_word() -> None:
    assert mixed("NVIDIA Т4") is None  # prose: a word of Cyrillic alone; the language's scripts catch it
    assert mixed("NVIDIA Т4", whole=True) is not None
    assert (
        check("NVIDIA Т4", Scripts(("Latin",))) == "expected only Latin letters, got 'Т' (CYRILLIC CAPITAL LETTER TE)"
    )


def test_korean_prose_with_latin_words_passes_and_a_look_alike_in_it_does_not() -> None:
    assert check("T4는 GPU가 아닙니다.", KOREAN) is None
    trouble = check("T4는 GРU가 아닙니다.", KOREAN)
    assert trouble is not None
    assert trouble.startswith("expected letters of one script in a word, got 'Р' (CYRILLIC CAPITAL LETTER ER)")


def test_the_real_facts_mix_latin_and_hangul_in_words_and_load(languages: tuple[str, ...]) -> None:
    text = (ROOT / "content/accelerators.yaml").read_text(encoding="utf-8")
    assert re.search(r"\b[A-Za-z0-9]+[가-힣]+", text)  # GPU가, T4는 ...: what must keep passing
    catalogs = load_catalogs(ROOT / "content/i18n", "content/i18n")
    scripts = {c.locale: c.scripts for c in catalogs}
    assert load_facts(ROOT / "content/accelerators.yaml", "accelerators.yaml", languages, scripts).accelerators


def _project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path / "content"


def test_a_look_alike_in_a_catalog_sentence_is_refused(tmp_path: Path) -> None:
    folder = _project(tmp_path) / "i18n"
    ko = folder / "ko.yaml"
    text = ko.read_text(encoding="utf-8")
    assert "  offered: 제공\n" in text
    ko.write_text(text.replace("  offered: 제공\n", "  offered: Сolab 제공\n"), encoding="utf-8")  # Cyrillic С
    with pytest.raises(InputError) as caught:
        load_catalogs(folder, "content/i18n")
    assert (
        ": values.offered: expected letters of one script in a word, got 'С' (CYRILLIC CAPITAL LETTER ES) "
        "among Latin letters in 'Сolab'; retype it"
    ) in str(caught.value)


def test_a_look_alike_in_a_glossary_term_is_refused(tmp_path: Path) -> None:
    glossary = _project(tmp_path) / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("term: HBM\n", "term: НBM\n"), encoding="utf-8")
    scripts = {"en": Scripts(("Latin",)), "ko": KOREAN}
    with pytest.raises(InputError) as caught:
        load_glossary(glossary, "content/glossary.yaml", ("en", "ko"), scripts)
    assert (
        "content/glossary.yaml:12: terms[hbm].term: expected letters of one script in a name or label, "
        "got 'Н' (CYRILLIC CAPITAL LETTER EN) among Latin letters in 'НBM'; retype it"
    ) in str(caught.value)
