"""Stale translations: recorded against the English they were made from, reported, and noticed on the page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import translations
from generator.cli import main
from generator.errors import GeneratorError
from generator.load import load_facts_document
from generator.render import render
from generator.strings import Catalog
from tests.conftest import ROOT


def _copy(tmp_path: Path) -> Path:
    for part in ("content",):
        shutil.copytree(ROOT / part, tmp_path / part)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_prose_field_and_catalog_key_is_tracked(catalogs: list[Catalog], languages: tuple[str, ...]) -> None:
    _, doc = load_facts_document(ROOT / "content/accelerators.yaml", "content/accelerators.yaml", languages)
    found = {e.key: e for e in translations.entries([doc], catalogs)}
    assert "accelerators[t4].text.summary" in found and "site.intro" in found and "ui.values.unknown" in found
    summary = found["accelerators[t4].text.summary"]
    assert set(summary.texts) == {"en", "ko"}
    assert summary.where("ko").startswith("content/accelerators.yaml:")
    assert found["ui.values.unknown"].where("ko").startswith("content/i18n/ko.yaml:")


def test_the_committed_record_is_current(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["translations"]) == 0
    out, err = capsys.readouterr()
    assert "0 stale" in out and "may be stale" not in err


def test_changed_english_makes_the_translation_stale_until_reviewed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _copy(tmp_path)
    monkeypatch.chdir(project)
    _edit(
        project / "content/accelerators.yaml",
        "NVIDIA's Turing-generation inference GPU",
        "NVIDIA's Turing inference GPU",
    )
    assert main(["--docs", "docs", "generate"]) == 0
    err = capsys.readouterr().err
    assert (
        "accelerators[t4].text.summary (ko): translation may be stale: "
        "its English text changed after it was last reviewed" in err
    )
    assert err.splitlines()[0].startswith("content/accelerators.yaml:")
    t4_ko = (project / "docs/accelerators/t4.ko.md").read_text(encoding="utf-8")
    t4_en = (project / "docs/accelerators/t4.en.md").read_text(encoding="utf-8")
    assert '!!! warning "이 번역은 최신이 아닐 수 있습니다"' in t4_ko
    assert '<a href="../../../accelerators/t4/" hreflang="en">영어 페이지</a>' in t4_ko
    assert "!!! warning" not in t4_en.split("## ", 1)[0]  # the English page has no notice
    a100_ko = (project / "docs/accelerators/a100.ko.md").read_text(encoding="utf-8")
    assert "이 번역은 최신이 아닐 수 있습니다" not in a100_ko  # pages without the stale text have none
    status = (project / "docs/translations.en.md").read_text(encoding="utf-8")
    assert "<code>accelerators&#91;t4&#93;.text.summary</code>" in status

    assert main(["reviewed", "accelerators[t4].text.summary"]) == 0
    assert "1 translations marked as reviewed" in capsys.readouterr().out
    assert main(["--docs", "docs", "generate"]) == 0
    assert "may be stale" not in capsys.readouterr().err
    assert "최신이 아닐 수 있습니다" not in (project / "docs/accelerators/t4.ko.md").read_text(encoding="utf-8")


def test_a_new_translation_is_reported_until_marked(tmp_path: Path, catalogs: list[Catalog]) -> None:
    project = _copy(tmp_path)
    facts, doc = load_facts_document(project / "content/accelerators.yaml", "f", ("en", "ko"))
    found = translations.entries([doc], catalogs)
    statuses = translations.status(found, {}, catalogs)
    assert statuses[0].locale == "ko" and statuses[0].current == 0 and len(statuses[0].stale) == len(found)
    pages = render(facts, catalogs, ["f"], statuses)
    assert "최신이 아닐 수 있습니다" in pages["compare.ko.md"]
    assert "!!! warning" not in pages["compare.en.md"]


def test_unknown_keys_are_refused(catalogs: list[Catalog]) -> None:
    with pytest.raises(GeneratorError) as caught:
        translations.mark_reviewed([], {}, catalogs, ["ko"], {"no.such.key"})
    assert str(caught.value) == "expected the keys of translated texts, got unknown keys: no.such.key"


@pytest.mark.parametrize(
    ("junk", "message"),
    [
        ("fr: {}\n", "fr: expected a translated language of the site (ko), got 'fr'"),
        ("foo: 1\n", "foo: expected a translated language of the site (ko), got 'foo'"),
        ("ko2:\n  x: not-a-hash\n", "ko2.x: expected a fingerprint of 12 hexadecimal digits, got 'not-a-hash'"),
    ],
)
def test_a_record_with_junk_is_refused(tmp_path: Path, junk: str, message: str) -> None:
    """A misspelt language would silently mark nothing as reviewed."""
    record = tmp_path / "translated-from.yaml"
    record.write_text((ROOT / "content/translated-from.yaml").read_text(encoding="utf-8") + junk, encoding="utf-8")
    with pytest.raises(GeneratorError) as caught:
        translations.read_lock(record, "translated-from.yaml", ("en", "ko"))
    assert message in str(caught.value)
