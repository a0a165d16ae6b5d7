"""The command line's `plan` (generator/plan.py): one planner question answered with the figures the pages
show (derived.py), as text or JSON; "device", "host", "no" and "unsupported" where practice says so; and
a clear message with exit status 2 for what it cannot answer."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import Any

import pytest

from generator import answers, derived, plan
from generator.cli import main
from generator.memory import Case
from generator.model import Accelerator, Facts, PlannerTask
from generator.render import render
from generator.strings import Catalog
from tests.conftest import ROOT


def _ask(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["plan", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    status, out, err = _ask(capsys, *argv, "--json")
    assert (status, err) == (0, "")
    answer = json.loads(out)
    assert isinstance(answer, dict)
    return answer


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the command reads content/ by default


def _row(facts: Facts, row_id: str) -> Accelerator:
    return next(row for row in facts.rows if row.id == row_id)


def _task(facts: Facts, task_id: str) -> PlannerTask:
    assert facts.planner is not None
    return next(t for t in facts.planner.tasks if t.id == task_id)


# --- the same figures as the pages -------------------------------------------------------------------

SAMPLE = [
    ("t4", "infer-bf16", 8),
    ("l4", "infer-bf16", 8),
    ("a100-40gb", "infer-fp32", 13),
    ("a100-80gb", "infer-int4", 70),
    ("h100", "full-adamw", 8),
    ("g4", "qlora", 34),
    ("tpu-v5e-1", "qlora", 8),
    ("cpu", "infer-int4", 0.5),
    ("tpu-v6e-1", "lora-bf16", 3),
    ("t4", "lora-bf16", 1),
    ("cpu", "infer-fp32", 3),
]


@pytest.mark.parametrize(("acc_id", "task_id", "billions"), SAMPLE)
def test_the_json_is_derived_s(
    capsys: pytest.CaptureFixture[str], facts: Facts, acc_id: str, task_id: str, billions: float
) -> None:
    answer = _json(capsys, "--accelerator", acc_id, "--task", task_id, "--params", str(billions))
    acc, task = _row(facts, acc_id), _task(facts, task_id)
    found = derived.fit(facts, task, billions, acc)
    assert found is not None and answer["fit"] == plan.FIT_NAMES[found]
    assert answer["memory_gb"] == derived.need_gb(facts, task, billions)
    assert answer["decode_tokens_per_s_max"] == derived.decode_bound(facts, task, billions, acc)
    assert answer["training_hours"] == derived.training_hours(facts, task, billions, acc)
    cost = derived.per_million if task.kind == "inference" else derived.run_cost
    assert answer["cost"] == cost(facts, task, billions, acc)
    assert answer["dollars_per_hour"] == derived.hourly(facts, acc)
    assert answer["accelerator_memory_gb"] == derived.total_memory_gb(acc)
    assert answer["host_memory_gb"] == derived.host_gb(acc)
    assert (answer["reason"] is None) == (found == "fits")
    assert answer["ttft_s_min"] is None  # no prompt without a model shape's context
    assert answer["max_context_tokens"] == answers.max_context(facts, task, billions, acc)
    assert answer["max_batch"] == answers.max_batch(facts, task, billions, acc)
    best = answers.best_format(facts, task, billions, acc)
    assert answer["best_format"] == (best.weights if best else None)
    assert answer["best_format_task"] == (best.id if best else None)


def test_every_verdict_of_the_planner_page_is_the_command_s(facts: Facts, catalogs: list[Catalog]) -> None:
    """Each cell of the page's fit tables (a size, a task, an accelerator) against plan's JSON for it."""
    assert facts.planner is not None
    page = render(facts, catalogs, ["content/accelerators.yaml"])["planner.en.md"]
    seen: set[object] = set()
    for task in facts.planner.tasks:
        table = page[page.index(f"{{#{task.id}}}") :]
        for size in facts.planner.sizes:
            line = next(x for x in table.splitlines() if x.startswith(f"| {size:g} |"))
            marks = re.findall(r'class="fit fit-(\w+)"', line)
            assert len(marks) == len(facts.offered)
            for acc, mark in zip(facts.offered, marks, strict=True):
                answer = plan.as_json(plan.answer(facts, plan.question(facts, acc.id, task.id, size)), catalogs[0])
                assert answer["fit"] == plan.FIT_NAMES[mark], (task.id, size, acc.id)
                seen.add(answer["fit"])
    assert seen == {"device", "host", "no", "unsupported"}


def test_the_kv_cache_and_batch_are_the_form_s(capsys: pytest.CaptureFixture[str], facts: Facts) -> None:
    """A model shape, a context and a batch: the KV cache and the bound the form works out for them."""
    answer = _json(capsys, "--accelerator", "l4", "--task", "infer-bf16", "--model", "llama-3-1-8b", "--batch", "16")
    assert facts.planner is not None
    shape = next(m for m in facts.planner.models if m.id == "llama-3-1-8b")
    kv = derived.kv_gb(facts, shape, 4096)
    assert kv is not None and answer["kv_cache_gb"] == pytest.approx(16 * kv) and answer["tokens"] == 4096
    assert answer["params"] == 8 and answer["batch"] == 16
    assert answer["fit"] == "host"  # 16 GB of weights, 8.6 GB of cache: more than the 22.6 GB the L4 leaves
    parts: Any = answer["memory_parts_gb"]
    assert parts == {
        "weights": 16,
        "sixteen_bit": None,
        "kv_cache": answer["kv_cache_gb"],
        "training": None,
        "activations": None,
    }
    assert answer["memory_gb"] == pytest.approx(16 + 16 * kv) and answer["reserve_gb"] == 1.3 * 2**30 / 1e9
    small = _json(capsys, "--accelerator", "l4", "--task", "infer-int8", "--model", "llama-3-1-8b", "--tokens", "8192")
    kv8k = derived.kv_gb(facts, shape, 8192)
    assert kv8k is not None and small["kv_cache_gb"] == kv8k
    assert small["decode_tokens_per_s_max"] == derived.decode_bound(
        facts, _task(facts, "infer-int8"), 8, _row(facts, "l4"), Case(shape=shape, context=8192)
    )


def test_the_first_token_and_the_inverse_answers_are_derived_s(
    capsys: pytest.CaptureFixture[str], facts: Facts
) -> None:
    """Time to the first token beside the decoding bound, and the longest context, largest batch and best format
    for the question's model, context and batch (derived.py, as the planner page works them out)."""
    assert facts.planner is not None
    shape = next(m for m in facts.planner.models if m.id == "llama-3-1-8b")
    asked = Case(shape=shape, context=8192, batch=2)
    task, l4 = _task(facts, "infer-bf16"), _row(facts, "l4")
    answer = _json(
        capsys,
        "--accelerator",
        "l4",
        "--task",
        "infer-bf16",
        "--model",
        "llama-3-1-8b",
        "--tokens",
        "8192",
        "--batch",
        "2",
    )
    ttft = answers.first_token_bound(facts, task, 8, l4, asked)
    assert ttft is not None and answer["ttft_s_min"] == ttft == pytest.approx(2 * 8192 * 2 * 8e9 / 121e12)
    assert answer["max_context_tokens"] == answers.max_context(facts, task, 8, l4, asked) == 25192
    assert answer["max_batch"] == answers.max_batch(facts, task, 8, l4, asked) == 6
    assert (answer["best_format"], answer["best_format_task"]) == ("bf16", "infer-bf16")
    t4 = _json(capsys, "--accelerator", "t4", "--task", "infer-bf16", "--model", "llama-3-1-8b")
    assert (t4["fit"], t4["ttft_s_min"], t4["max_context_tokens"], t4["max_batch"]) == ("host", None, None, None)
    assert (t4["best_format"], t4["best_format_task"]) == ("gguf-q8-0", "infer-gguf-q8")
    tpu = _json(capsys, "--accelerator", "tpu-v5e-1", "--task", "qlora", "--params", "3")
    assert (tpu["fit"], tpu["max_context_tokens"], tpu["max_batch"]) == ("unsupported", None, None)
    assert (tpu["best_format"], tpu["ttft_s_min"]) == ("bf16", None)  # LoRA on 16-bit weights runs on a TPU
    status, out, _ = _ask(capsys, "--accelerator", "t4", "--task", "infer-bf16", "--model", "llama-3-1-8b")
    assert status == 0 and "Best weight format that fits: Inference, GGUF Q8_0 (llama.cpp)" in out
    status, out, _ = _ask(capsys, "--accelerator", "l4", "--task", "infer-bf16", "--params", "8", "--lang", "ko")
    assert status == 0 and "들어가는 최대 배치 크기: " in out


# --- what practice says: unsupported, host, no -------------------------------------------------------


def test_qlora_on_a_tpu_is_unsupported_with_no_speed_or_price(capsys: pytest.CaptureFixture[str]) -> None:
    answer = _json(capsys, "--accelerator", "tpu-v5e-1", "--task", "qlora", "--params", "8")
    assert answer["fit"] == "unsupported" and answer["lacks"] == "bitsandbytes-4bit"
    assert answer["training_hours"] is None and answer["cost"] is None and answer["precision"] is None
    assert answer["reason"] == (
        "“QLoRA fine-tuning, 4-bit base model” needs 4-bit loading with bitsandbytes (NF4), which runs on NVIDIA "
        "GPUs of CUDA compute capability 6.0 or later: not on TPU v5e-1."
    )
    cpu = _json(capsys, "--accelerator", "cpu", "--task", "infer-int4", "--params", "0.5")
    assert cpu["fit"] == "unsupported" and cpu["decode_tokens_per_s_max"] is None and cpu["cost"] is None


def test_a_model_too_big_for_the_card_runs_offloaded_in_the_runtime_s_memory(
    capsys: pytest.CaptureFixture[str],
) -> None:
    t4 = _json(capsys, "--accelerator", "t4", "--task", "infer-bf16", "--params", "8")
    assert (t4["fit"], t4["host_memory_gb"], t4["precision"]) == ("host", 54.8, "fp16")
    assert t4["decode_tokens_per_s_max"] is None and t4["cost"] is None
    a100 = _json(capsys, "--accelerator", "a100-40gb", "--task", "infer-fp32", "--params", "13")
    assert a100["fit"] == "host" and a100["reason"] == (
        "It needs 52 GB: more than the 38.6 GB that NVIDIA A100 40 GB leaves for a model, but within the 89.7 GB "
        "of its runtime's system memory, offloaded; no speed or cost is given for that. Of its 40 GB, 1.4 GB hold "
        "the CUDA context and kernels before the model."
    )


def test_no_means_neither_memory_holds_it(capsys: pytest.CaptureFixture[str]) -> None:
    h100 = _json(capsys, "--accelerator", "h100", "--task", "full-adamw", "--params", "8")
    assert (h100["fit"], h100["host_memory_gb"]) == ("no", None)
    assert (
        h100["reason"]
        == "It needs 145 GB: more than the 78.6 GB that NVIDIA H100 leaves for a model, whose runtime's system "
        "memory is not on file. Of its 80 GB, 1.4 GB hold the CUDA context and kernels before the model."
    )
    t4 = _json(capsys, "--accelerator", "t4", "--task", "infer-fp32", "--params", "70")
    assert t4["fit"] == "no" and t4["reason"] == (
        "It needs 280 GB: more than the 14.6 GB that NVIDIA T4 leaves for a model and the 54.8 GB of its runtime's "
        "system memory. Of its 16 GB, 1.4 GB hold the CUDA context and kernels before the model."
    )


def test_what_fits_gets_a_bound_and_a_price(capsys: pytest.CaptureFixture[str], facts: Facts) -> None:
    l4 = _json(capsys, "--accelerator", "l4", "--task", "infer-bf16", "--params", "8")
    assert (l4["fit"], l4["reason"], l4["precision"]) == ("device", None, "bf16")
    # 300 GB/s ÷ 14.9 GB: every 16-bit weight but the input embedding matrix (128,256 × 4,096)
    assert l4["decode_tokens_per_s_max"] == pytest.approx(300 / ((8 - 128_256 * 4096 / 1e9) * 2))
    t4 = _json(capsys, "--accelerator", "t4", "--task", "lora-bf16", "--params", "1")
    # 4 × 1e9 × 1e8 FLOPs at 65 TFLOPS of FP16 (the T4 has no BF16) × 0.35
    assert t4["precision"] == "fp16" and t4["training_hours"] == pytest.approx(4e17 / (65e12 * 0.35) / 3600)
    assert t4["cost"] == pytest.approx(t4["training_hours"] * derived.hourly(facts, _row(facts, "t4")))  # type: ignore[operator]


def test_the_text_answer_is_short_and_in_the_language_asked(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _ask(capsys, "--accelerator", "t4", "--task", "infer-bf16", "--params", "8")
    assert (status, err) == (0, "")
    assert out.splitlines()[:6] == [
        "NVIDIA T4: Inference, 16-bit weights",
        "Parameters (billions): 8",
        "Memory needed (GB): 16",
        "  Weights: 16",
        "  KV cache: 0",
        "Fits?: fits only in the runtime's system memory (offloaded)",
    ]
    assert "Computes in: FP16" in out and "Tokens per second, at most: —" in out
    status, out, err = _ask(capsys, "--accelerator", "tpu-v5e-1", "--task", "qlora", "--params", "8", "--lang", "ko")
    assert status == 0 and "들어가는가: 이 가속기에서는 실행할 수 없음" in out
    assert "이유: “QLoRA 파인튜닝, 4비트 베이스 모델” 작업에는" in out


# --- what it cannot answer: a message and status 2 ---------------------------------------------------

BAD = {
    "unknown accelerator": (
        ["--accelerator", "a100-40", "--task", "qlora", "--params", "8"],
        "unknown accelerator 'a100-40'; expected one of: cpu, t4, l4, a100-40gb, a100-80gb, h100, g4, tpu-v2-8, "
        "tpu-v5e-1, tpu-v6e-1",
    ),
    "accelerator with options": (
        ["--accelerator", "a100", "--task", "qlora", "--params", "8"],
        "accelerator 'a100' comes in options; expected one of: a100-40gb, a100-80gb",
    ),
    "unknown task": (
        ["--accelerator", "t4", "--task", "lora", "--params", "8"],
        "unknown task 'lora'; expected one of: infer-fp32, infer-bf16, infer-int8, infer-fp8, infer-gguf-q8, "
        "infer-int4, infer-gptq, infer-gguf-q4km, lora-bf16, qlora, full-adamw, full-adamw-8bit",
    ),
    "unknown model": (
        ["--accelerator", "t4", "--task", "infer-bf16", "--model", "llama-9"],
        "unknown model shape 'llama-9'; expected one of: llama-3-2-1b, llama-3-2-3b, llama-2-7b, llama-3-1-8b, "
        "llama-2-13b, llama-3-1-70b, llama-2-70b, qwen2-5-7b, gemma-2-9b, "
        "mixtral-8x7b, qwen3-30b-a3b",
    ),
    "no size": (
        ["--accelerator", "t4", "--task", "infer-bf16"],
        "expected --params BILLIONS or --model SHAPE (whose size is then taken)",
    ),
    "size too small": (
        ["--accelerator", "t4", "--task", "infer-bf16", "--params", "0"],
        "--params: expected a number from 0.01 to 2,000, got 0",
    ),
    "size too large": (
        ["--accelerator", "t4", "--task", "infer-bf16", "--params", "1e6"],
        "--params: expected a number from 0.01 to 2,000, got 1e+06",
    ),
    "tokens without a model": (
        ["--accelerator", "t4", "--task", "infer-bf16", "--params", "8", "--tokens", "4096"],
        "--tokens: sizes the KV cache of a model shape; give --model SHAPE too",
    ),
    "batch for training": (
        ["--accelerator", "t4", "--task", "qlora", "--params", "8", "--batch", "4"],
        "--batch: applies to inference, and 'qlora' is a training task",
    ),
    "batch too large": (
        ["--accelerator", "t4", "--task", "infer-bf16", "--params", "1", "--batch", "5000"],
        "--batch: expected a whole number from 1 to 4,096, got 5000",
    ),
    "unknown language": (
        ["--accelerator", "t4", "--task", "infer-bf16", "--params", "1", "--lang", "fr"],
        "--lang: unknown language 'fr'; expected one of: en, ko",
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_what_it_cannot_answer_is_a_message_and_status_2(case: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv, message = BAD[case]
    status, out, err = _ask(capsys, *argv)
    assert (status, out) == (2, "")
    assert err == f"python -m generator plan: error: {message}\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--params", "abc"], "argument --params: expected a number, got 'abc'"),
        (["--params", "nan"], "argument --params: expected a finite number, got 'nan'"),
        (["--params", "1", "--batch", "1.5"], "argument --batch: expected a whole number, got '1.5'"),
    ],
)
def test_a_value_that_is_no_number_is_refused_by_the_parser(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["plan", "--accelerator", "t4", "--task", "infer-bf16", *argv])
    assert caught.value.code == 2
    assert capsys.readouterr().err.endswith(f"python -m generator plan: error: {message}\n")


def test_the_module_exits_2_without_a_traceback() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "generator", "plan", "--accelerator", "v100", "--task", "qlora", "--params", "8"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith(
        "python -m generator plan: error: unknown accelerator 'v100'; expected one of: cpu, t4"
    )
    assert "Traceback" not in run.stderr


def test_llama_cpp_formats_run_on_the_cpu_but_not_on_a_tpu(capsys: pytest.CaptureFixture[str]) -> None:
    tpu = _json(capsys, "--accelerator", "tpu-v5e-1", "--task", "infer-gguf-q4km", "--params", "8")
    assert (tpu["fit"], tpu["lacks"], tpu["decode_tokens_per_s_max"]) == ("unsupported", "runs-on", None)
    assert tpu["reason"] == "“Inference, GGUF Q4_K_M (llama.cpp)” runs on CPU, GPU only: not on TPU v5e-1."
    cpu = _json(capsys, "--accelerator", "cpu", "--task", "infer-gguf-q4km", "--params", "8")
    assert cpu["fit"] == "device" and cpu["reserve_gb"] == 0  # no CUDA context on the CPU runtime
    assert cpu["memory_gb"] == pytest.approx(8 * 4.8944 / 8)


def test_70b_in_8_bit_fits_one_80_gb_card_as_gpt_fast_ran_it(capsys: pytest.CaptureFixture[str]) -> None:
    """gpt-fast decoded Llama 2 70B in INT8 on one A100 80 GB: 8-bit linear layers and 16-bit embeddings, output
    layer and norms (69.5 + 1.05 GB) fit the 78.6 GB the card leaves."""
    answer = _json(capsys, "--accelerator", "a100-80gb", "--task", "infer-int8", "--model", "llama-2-70b")
    kept = (32_000 * 8192 * 2 + 161 * 8192) / 1e9
    assert answer["memory_gb"] == pytest.approx((70 - kept) * 1 + kept * 2 + answer["kv_cache_gb"])  # type: ignore[operator]
    assert answer["fit"] == "device" and answer["reason"] is None
