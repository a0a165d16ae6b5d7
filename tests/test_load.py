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
    # the variant is inferred from Google Cloud's machine types, and says so on the fact
    assert h100.variant is not None and (h100.variant.basis, h100.variant.formula) == ("derived", "cloud-machine-type")
    assert h100.compute.bf16 is not None and h100.compute.bf16.dense.basis == "derived"  # said on the fact
    assert h100.colab.basis == "observed"  # a Colab team reply in the issue tracker
    g4 = next(a for a in facts.accelerators if a.id == "g4")
    assert g4.variant is not None and g4.variant.basis == "cloud"  # Google Cloud's machine types
    assert g4.compute.fp32 is not None and [c.basis for c in g4.compute.fp32.dense.disputed] == ["cloud"]
    assert {s.basis for s in facts.sources} == {"vendor", "cloud", "observed", "reference"}


def test_an_option_offered_in_fewer_plans_has_its_own_plans_and_source(facts: Facts) -> None:
    rows = {row.id: row for row in facts.rows}
    # High-RAM runtimes are for Pro and Pro+ only, and the 80 GB A100 comes with High-RAM
    high_ram = rows["a100-80gb"].colab
    assert (high_ram.plans, high_ram.source, high_ram.basis) == (["pro", "pro-plus"], "colab-issue-3967", "observed")
    assert high_ram.note is not None and "inferred" in high_ram.note["en"]
    standard = rows["a100-40gb"].colab
    assert (standard.plans, standard.source) == (["payg", "pro", "pro-plus"], "techcrunch-colab-payg")
    assert standard.note is None
    assert high_ram.compute_units is not None and high_ram.compute_units.value == 7.52  # the option's own rate stays


def test_the_audits_corrections_hold(facts: Facts) -> None:
    plans = {plan.id: plan for plan in facts.plans}
    units = plans["pro-plus"].compute_units
    assert units is not None and units.value == 600 and units.observed is not None
    assert [(h.value, h.observed.isoformat(), h.basis) for h in units.history] == [(500, "2022-09-30", "observed")]
    accs = {acc.id: acc for acc in facts.accelerators}
    rows = {row.id: row for row in facts.rows}
    # each figure keeps the unit its source prints: the resources panel and Ultralytics count GiB, the CLI GB
    t4, cpu = accs["t4"].runtime, accs["cpu"].runtime
    assert t4 is not None and t4.standard is not None and t4.high_ram is not None
    assert (t4.standard.ram.unit, t4.high_ram.ram.unit) == ("GiB", "GB")
    assert cpu is not None and cpu.standard is not None and cpu.standard.ram.unit == "GB"
    # every observed rate says the day it was seen; the CPU's rate is unknown but its use of units is sourced
    rates = [row.colab.compute_units for row in rows.values() if row.colab.compute_units is not None]
    assert all(rate.observed is not None for rate in rates if rate.known)
    cpu_rate = accs["cpu"].colab.compute_units
    assert cpu_rate is not None and cpu_rate.value == UNKNOWN and cpu_rate.source == "colab-issue-4868"
    v6e = accs["tpu-v6e-1"].software
    assert v6e is not None and v6e.frameworks is not None and "TensorFlow" in v6e.frameworks.value
    assert accs["tpu-v2-8"].colab.plans == ["free", "pro", "pro-plus"]  # named in the paid price cut of 2025-10
    h100 = accs["h100"]
    assert h100.colab.compute_units is not None and h100.colab.compute_units.value == 18.05
    assert "PCIe card's 2 TB/s is slightly less" in h100.text.speed["en"]
