"""The UI catalogs: same keys and placeholders in every language, one default."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import InputError
from generator.strings import Catalog, load_catalogs
from tests.conftest import ROOT


def _copy_catalogs(tmp_path: Path) -> Path:
    folder = tmp_path / "i18n"
    folder.mkdir()
    for file in (ROOT / "content/i18n").glob("*.yaml"):
        (folder / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_real_catalogs_default_first(catalogs: list[Catalog]) -> None:
    assert [c.locale for c in catalogs] == ["en", "ko"]
    assert catalogs[0].default and not catalogs[1].default
    assert catalogs[0].strings.keys() == catalogs[1].strings.keys()


def test_placeholders_are_filled(catalogs: list[Catalog]) -> None:
    ko = catalogs[1]
    assert ko.t("format.month", year="2025", month=ko.t("months.m9")) == "2025년 9월"
    assert catalogs[0].t("format.month", year="2025", month=catalogs[0].t("months.m9")) == "September 2025"


def test_missing_translation_is_reported_with_its_place(tmp_path: Path) -> None:
    folder = _copy_catalogs(tmp_path)
    ko = folder / "ko.yaml"
    ko.write_text(ko.read_text(encoding="utf-8").replace("  offered: 제공\n", ""), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_catalogs(folder, "content/i18n")
    lines = str(caught.value).splitlines()
    assert lines[0].startswith("content/i18n/ko.yaml:")
    assert lines[0].endswith(": values.offered: expected a translation of 'Offered', got nothing")


def test_placeholder_mismatch_is_reported(tmp_path: Path) -> None:
    folder = _copy_catalogs(tmp_path)
    ko = folder / "ko.yaml"
    ko.write_text(ko.read_text(encoding="utf-8").replace('"{month} 종료"', '"{monthh} 종료"'), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_catalogs(folder, "content/i18n")
    assert "values.retired_in: expected the placeholders month, got monthh" in str(caught.value)


def test_extra_key_and_empty_text_are_reported(tmp_path: Path) -> None:
    folder = _copy_catalogs(tmp_path)
    ko = folder / "ko.yaml"
    text = ko.read_text(encoding="utf-8").replace("  none: 없음.\n", '  none: ""\n  nothing: 없음.\n')
    ko.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_catalogs(folder, "content/i18n")
    message = str(caught.value)
    assert "values.none: expected text, got an empty string" in message
    assert "values.nothing: expected only keys of content/i18n/en.yaml, got an extra key" in message
