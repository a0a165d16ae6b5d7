"""The house style the build checks: each rule with text it must refuse, text it must let through,
and the message an editor sees (file, line, key)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import style
from generator.cli import main
from generator.errors import InputError
from generator.load import read_yaml
from generator.translations import Entry
from tests.conftest import ROOT

BANNED = {
    "en": [style.Banned("could not be fetched", "say what it was checked against")],
    "ko": [style.Banned("이곳에서는", "작업 환경 이야기")],
}


def _problems(lang: str, text: str) -> list[str]:
    entry = Entry("site.intro", {lang: text}, {lang: ("content/accelerators.yaml", 7)})
    return [str(p) for p in style.check([entry], BANNED)]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("ko", "메모리 (GB)", "no space between a word and its parenthesis, as in 메모리(GB), got '메모리 (GB)'"),
        ("ko", "2026-11-27에 확인했습니다.", "a date written 2026년 11월 27일, got '2026-11-27에 확인했습니다.'"),
        (
            "ko",
            "'알 수 없음'으로 표시합니다.",
            "curly quotes (“ ” or ‘ ’), not straight ones, got \"'알 수 없음'으로 표시…\"",
        ),
        ("ko", "월 9.99 USD입니다.", "dollars written $9.99, got '월 9.99 USD입니다.'"),
        ("ko", "월 9.99달러입니다.", "dollars written $9.99, got '월 9.99달러입니다.'"),
        ("en", "It costs 9.99 USD a month.", "dollars written $9.99, got 'It costs 9.99 USD a month.'"),
        (
            "ko",
            "종량제(Pay As You Go(PAYG) 기준)",
            "no parentheses inside parentheses, got '종량제(Pay As You Go(PAYG) 기준)'",
        ),
        (
            "ko",
            "이곳에서는 열 수 없었습니다.",
            "no '이곳에서는' (작업 환경 이야기), got '이곳에서는 열 수 없었습니다.'",
        ),
        ("en", "The page Could Not Be Fetched.", "no 'could not be fetched' (say what it was checked against), got"),
        (
            "ko",
            "G4 (NVIDIA RTX PRO 6000)",
            "no space between a name and its parenthesis in Korean text, as in G4(NVIDIA RTX PRO 6000), got",
        ),
        ("ko", "메모리 16 GB (GDDR6)", "no space between a name and its parenthesis in Korean text"),
        ("ko", "2^30바이트 단위", "a power written with superscripts, as in 2³⁰ or 10⁹, got '2^30바이트 단위'"),
        ("en", "units of 10^9 bytes", "a power written with superscripts, as in 2³⁰ or 10⁹, got 'units of 10^9 bytes'"),
        ("ko", "Colab Pro(tested on Colab Pro)에서", "Korean words, or English only as a gloss after a Korean term"),
        ("ko", "reply by the Colab team에 따르면", "Korean words, or English only as a gloss after a Korean term, got"),
    ],
)
def test_each_rule_refuses_its_mistake(lang: str, text: str, expected: str) -> None:
    problems = _problems(lang, text)
    assert len(problems) == 1
    assert problems[0].startswith(f"content/accelerators.yaml:7: site.intro.{lang}: expected {expected}")


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ko", "메모리(GB)와 대역폭(GB/s)입니다."),
        ("ko", "2026년 11월 27일에 확인했습니다. “알 수 없음”으로 표시합니다."),
        ("ko", "월 $9.99입니다. 시간당 비용(USD)"),
        ("ko", "값은 `'unknown'`(알 수 없음)입니다."),  # code is quoted as it is
        ("ko", "합계입니다. (칩 수 × 칩당 수치)"),  # a parenthesis after a sentence, not after a word
        ("en", "Memory (GB), checked on 2026-11-27, costs $9.99: 'quoted'."),  # English is free to do so
        ("ko", "G4(NVIDIA RTX PRO 6000)와 TPU v5e-1(16 GB)"),
        ("ko", "추측 디코딩(speculative decoding)으로 잰 값입니다."),  # a gloss after a Korean term
        ("ko", "“as we do not need to calculate”라고 적혀 있습니다."),  # a quotation
        ("ko", "nvidia-smi로 본 값이며 1 GiB = 2³⁰바이트입니다."),  # a tool's name, superscripts
        ("ko", "[원문](https://example.com/page)에 따르면"),  # a link's address
    ],
)
def test_good_text_passes(lang: str, text: str) -> None:
    assert _problems(lang, text) == []


def test_the_real_content_follows_the_house_style() -> None:
    """The check runs in every build; this says so for the committed content."""
    assert main(["check"]) == 0


def test_a_mistake_in_the_content_is_reported_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    catalog = tmp_path / "content/i18n/ko.yaml"
    lines = catalog.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("  offered: "))
    lines[at] = "  offered: 제공 (Colab)\n"
    catalog.write_text("".join(lines), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert f"content/i18n/ko.yaml:{at + 1}: ui.values.offered.ko: expected no space between a word and its" in err


def test_banned_phrases_file_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "banned.yaml"
    path.write_text("kr:\n  - {phrase: x, why: y}\nen:\n  - {phrase: x}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        style.load_banned(path, "banned.yaml", ("en", "ko"))
    message = str(caught.value)
    assert "banned.yaml:1: kr: expected a language of the site (en, ko), got 'kr'" in message
    assert "banned.yaml:4: en[0]: expected {phrase: ..., why: ...}, both text" in message


def test_a_name_written_once_is_checked_in_every_language(tmp_path: Path) -> None:
    """A name written once is shown on Korean pages too, so it follows the Korean house style."""
    facts = tmp_path / "facts.yaml"
    facts.write_text("accelerators:\n  - id: g4\n    name: G4 (NVIDIA RTX PRO 6000)\n", encoding="utf-8")
    doc = read_yaml(facts, "facts.yaml")
    named = style.names(doc, ("en", "ko"))
    assert [(e.key, e.texts) for e in named] == [
        ("accelerators[g4].name", dict.fromkeys(("en", "ko"), "G4 (NVIDIA RTX PRO 6000)"))
    ]
    problems = [str(p) for p in style.check(named, {})]
    assert problems == [
        "facts.yaml:3: accelerators[g4].name.ko: expected no space between a name and its parenthesis in Korean "
        "text, as in G4(NVIDIA RTX PRO 6000), got 'G4 (NVIDIA RTX P…'"
    ]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Figures cross-checked against several public technical notes that cite this datasheet."),
        ("en", "Checked against the article's text as kept by one of its authors."),
        ("en", "Checked through copies of the paper's text."),
        ("en", "Change the data file and the table changes."),
        ("en", "From our archived copy."),
        ("ko", "여러 공개 기술 노트와 대조한 것이며"),
        ("ko", "공저자 중 한 명이 보관한 원문과 대조했습니다."),
        ("ko", "데이터 파일에서 값을 바꾸면 표도 함께 바뀝니다."),
        ("ko", "수치는 교차 확인을 거쳤습니다."),
    ],
)
def test_the_real_banned_list_refuses_author_process_phrases(lang: str, text: str) -> None:
    """A reader's footnote says what establishes a figure, not how the work was done."""
    banned = style.load_banned(style.BANNED, "generator/banned.yaml", ("en", "ko"))
    entry = Entry("sources[x].note", {lang: text}, {lang: ("content/accelerators.yaml", 9)})
    problems = [str(p) for p in style.check([entry], banned)]
    assert len(problems) == 1
    assert problems[0].startswith(f"content/accelerators.yaml:9: sources[x].note.{lang}: expected no ")
