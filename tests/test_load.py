"""Loading and validating the facts file: every kind of mistake gets its exact message."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import InputError
from generator.load import load_facts, read_yaml
from generator.model import NOT_SUPPORTED, UNKNOWN, Facts
from tests.conftest import ROOT

INVALID = sorted(p.name for p in (ROOT / "tests/data/invalid").iterdir())


@pytest.mark.parametrize("case", INVALID)
def test_invalid_facts_get_the_expected_message(
    case: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """Each case's expected.txt holds its exact output; `pytest --update-golden` rewrites them (read the diff)."""
    folder = ROOT / "tests/data/invalid" / case
    monkeypatch.chdir(ROOT)  # messages name the file as given on the command line
    status = main(["--facts", f"tests/data/invalid/{case}/accelerators.yaml", "check"])
    out, err = capsys.readouterr()
    if request.config.getoption("--update-golden"):
        (folder / "expected.txt").write_text(err, encoding="utf-8")
    expected = (folder / "expected.txt").read_text(encoding="utf-8")
    assert status == 1
    assert out == ""
    assert err == expected
    assert "Traceback" not in err


def test_the_corpus_covers_every_promised_mistake() -> None:
    promised = {
        "yaml_bad_indent", "yaml_tab", "yaml_unclosed_quote", "duplicate_key", "wrong_type_number",
        "unknown_field", "missing_field", "missing_language", "duplicate_id", "dangling_source", "empty_file",
        "list_not_mapping", "not_utf8", "facts_is_directory", "yaml_alias", "several_problems",
    }  # fmt: skip
    assert promised <= set(INVALID)


def test_every_problem_is_listed_not_just_the_first() -> None:
    err = (ROOT / "tests/data/invalid/several_problems/expected.txt").read_text(encoding="utf-8")
    assert err.count("accelerators[gpu1].") == 2
    assert err.endswith(
        "Error: 2 problems in tests/data/invalid/several_problems/accelerators.yaml; nothing was written.\n"
    )


def test_missing_file_is_reported(tmp_path: Path, languages: tuple[str, ...]) -> None:
    with pytest.raises(InputError) as caught:
        load_facts(tmp_path / "nope.yaml", "content/nope.yaml", languages)
    assert str(caught.value) == (
        "content/nope.yaml: expected a YAML file, got nothing at this path\n"
        "Error: 1 problem in content/nope.yaml; nothing was written."
    )


def test_byte_order_mark_is_accepted(tmp_path: Path, languages: tuple[str, ...]) -> None:
    text = (ROOT / "tests/data/valid/minimal.yaml").read_text(encoding="utf-8")
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load_facts(path, "bom.yaml", languages).accelerators[0].id == "gpu1"


def test_lines_point_at_the_value(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a:\n  b: 1\n  c:\n    - d: 2\n", encoding="utf-8")
    doc = read_yaml(path, "x.yaml")
    assert doc.lines[("a", "b")] == 2
    assert doc.lines[("a", "c", 0, "d")] == 4
    assert doc.line(("a", "c", 0, "missing")) == 4


def test_a_third_language_needs_no_code_change(tmp_path: Path) -> None:
    text = (ROOT / "tests/data/valid/minimal.yaml").read_text(encoding="utf-8")
    path = tmp_path / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_facts(path, "facts.yaml", ("en", "ko", "ja"))
    assert "site.intro.ja: expected text in 'ja', got nothing" in str(caught.value)


def test_real_facts_are_valid(facts: Facts) -> None:
    ids = [a.id for a in facts.accelerators]
    assert {"cpu", "t4", "l4", "a100", "tpu-v2-8"} <= set(ids)
    assert len(ids) == len(set(ids))


def test_unknown_and_not_supported_are_distinct_values(facts: Facts) -> None:
    t4 = next(a for a in facts.accelerators if a.id == "t4")
    v5e = next(a for a in facts.accelerators if a.id == "tpu-v5e-1")
    assert t4.compute.bf16 is not None and t4.compute.bf16.dense.value == NOT_SUPPORTED
    # Google says nothing of FP8 on TPU v5e: unknown, not "not supported"
    assert v5e.compute.fp8 is not None and v5e.compute.fp8.dense.value == UNKNOWN
    assert v5e.compute.fp8.dense.note is not None  # an unknown says why


def test_background_document_errors_are_corrected(facts: Facts) -> None:
    a100 = next(a for a in facts.accelerators if a.id == "a100")
    assert (a100.memory.size.value, a100.memory.type.value, a100.memory.bandwidth.value) == (40, "HBM2", 1555)
    v2 = next(a for a in facts.accelerators if a.id == "tpu-v2-8")
    assert v2.chip_count == 4 and v2.cores_per_chip is not None and v2.cores_per_chip.value == 2
    assert (v2.colab.status, v2.colab.retired, v2.colab.replaced_by) == ("retired", "2025-09", "tpu-v5e-1")


def test_a_figure_takes_its_sources_basis_unless_it_says_otherwise(facts: Facts) -> None:
    h100 = next(a for a in facts.accelerators if a.id == "h100")
    assert h100.memory.size.basis == "vendor"  # an NVIDIA page
    assert h100.variant is not None and h100.variant.basis == "cloud"  # Google Cloud's machine types
    assert h100.compute.bf16 is not None and h100.compute.bf16.dense.basis == "derived"  # said on the fact
    assert h100.colab.basis == "observed"  # a Colab team reply in the issue tracker
    g4 = next(a for a in facts.accelerators if a.id == "g4")
    assert g4.compute.fp32 is not None and [c.basis for c in g4.compute.fp32.dense.disputed] == ["cloud"]
    assert {s.basis for s in facts.sources} == {"vendor", "cloud", "observed", "reference"}
