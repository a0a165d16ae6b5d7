"""The planner's formulas, pinned by hand-computed examples (fits or not near each boundary), and the
planner page's cells, which must follow them."""

from __future__ import annotations

import html
import itertools
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import derived, memory, planner
from generator.memory import Case
from generator.model import Accelerator, Facts, PlannerTask
from generator.planner_data import planner_inputs
from generator.render import render
from generator.strings import Catalog
from generator.view_planner import PlannerView
from generator.words import number
from tests.conftest import ROOT


def test_the_16_bit_parts_are_the_embeddings_the_output_layer_and_the_norms() -> None:
    # Llama 3.1 8B: 128,256 × 4,096 twice (embedding and output layer) and 2 × 32 + 1 norms of 4,096.
    assert memory.sixteen_bit_billions(32, 4096, 128_256, tied=False) == pytest.approx(1.050_939_392)
    # Llama 3.2 1B shares one matrix: 128,256 × 2,048 and 33 norms of 2,048.
    assert memory.sixteen_bit_billions(16, 2048, 128_256, tied=True) == pytest.approx(0.262_735_872)


def test_quantized_weights_keep_their_16_bit_share() -> None:
    # 70 B parameters in NF4 (4.127 bits), 3 % of them in 16 bits: 67.9 × 4.127 ÷ 8 GB and 2.1 × 2 GB.
    quantized, kept = memory.weights_gb(70, 4.127, 0.03)
    assert quantized == pytest.approx(67.9 * 4.127 / 8) and kept == pytest.approx(4.2)
    assert memory.weights_gb(7, 16, 0) == (14, 0)  # a 16-bit model keeps nothing apart


def test_lora_adapters_are_rank_times_inputs_and_outputs() -> None:
    # LitGPT's 7B LoRA: rank 8 on the query and value projections of 32 layers of 4,096: 4,194,304 parameters.
    assert memory.adapter_billions(32, 4096, 4096, 11008, 8, ["q", "v"]) == pytest.approx(4_194_304e-9)
    # rank 16 on all seven layers of Llama 3.1 8B (KV 8 × 128 = 1,024, MLP 14,336): 41,943,040.
    seven = ["q", "k", "v", "o", "gate", "up", "down"]
    assert memory.adapter_billions(32, 4096, 1024, 14336, 16, seven) == pytest.approx(41_943_040e-9)


def test_activations_are_tokens_times_hidden_times_layers() -> None:
    # Korthikanti et al.: 34 sbh per layer; 1,304 tokens of Llama 2 7B (4,096 × 32 layers): 5.81 GB; with
    # checkpointing, 2 sbh: 0.342 GB.
    assert memory.activations_gb(32, 4096, 1304, 1, 34) == pytest.approx(5.811_208_192)
    assert memory.activations_gb(32, 4096, 1304, 1, 2) == pytest.approx(0.341_835_776)
    assert memory.activations_gb(32, 4096, 1304, 4, 2) == pytest.approx(4 * 0.341_835_776)


def test_a_size_without_a_shape_takes_the_nearest_on_file(facts: Facts) -> None:
    assert facts.planner is not None
    nearest = {b: memory.nearest_shape(facts.planner, b) for b in (0.5, 3, 7.4, 34, 70, 500)}
    assert {b: m.id for b, m in nearest.items() if m} == {
        0.5: "llama-3-2-1b",
        3: "llama-3-2-3b",
        7.4: "qwen2-5-7b",  # ln(7.61/7.4) < ln(7.4/7)
        34: "llama-3-1-70b",  # ln(70/34) < ln(34/13)
        70: "llama-3-1-70b",  # the first of two 70B models on file
        500: "llama-3-1-70b",
    }


@pytest.mark.parametrize(
    ("need", "device", "host", "expected"),
    [
        (16.0, 16.0, 51.0, "fits"),  # exactly the card's memory
        (16.01, 16.0, 51.0, "host"),  # just over: only in the High-RAM runtime's memory
        (51.0, 16.0, 51.0, "host"),
        (51.01, 16.0, 51.0, "no"),
        (16.01, 16.0, None, "no"),  # no High-RAM runtime
        (1.0, None, 51.0, None),  # unknown memory: unknown answer
    ],
)
def test_fit_at_each_boundary(need: float, device: float | None, host: float | None, expected: str | None) -> None:
    assert planner.fit(need, device, host) == expected


def test_decoding_is_bounded_by_bandwidth() -> None:
    # T4: 320 GB/s; a 7B model in BF16 reads 14 GB per token: at most 22.86 tokens per second.
    assert planner.decode_tokens_per_second(320, 14, 7) == pytest.approx(22.857, abs=1e-3)
    assert planner.decode_tokens_per_second(2039, 4, 8) == pytest.approx(509.75)


def test_the_kv_cache_is_two_values_per_layer_head_and_token() -> None:
    # Llama 3.1 8B: 32 layers × 8 KV heads × 128 × 2 (key, value) × 2 B = 131,072 B per token.
    assert planner.kv_cache_gb(32, 8, 128, 2, 1) == pytest.approx(131_072e-9)
    assert planner.kv_cache_gb(32, 8, 128, 2, 4096) == pytest.approx(0.536870912)
    assert planner.kv_cache_gb(32, 8, 128, 2, 4096, batch=8) == pytest.approx(8 * 0.536870912)
    assert planner.kv_cache_gb(32, 8, 128, 2, 0) == 0


def test_a_batch_reads_the_weights_once_and_every_sequence_s_cache() -> None:
    # 70B in 4-bit (36.4 GB) and 8 × 1.34 GB of cache on 2,039 GB/s: 8 tokens per 47.1 GB read, 346 a second.
    kv = planner.kv_cache_gb(80, 8, 128, 2, 4096, batch=8)
    assert planner.decode_tokens_per_second(2039, 36.4 + kv, 70, batch=8) == pytest.approx(346.05, abs=0.01)
    # with no cache and one sequence, the plain bound
    assert planner.decode_tokens_per_second(2039, 36.4, 70) == pytest.approx(2039 / 36.4)


def test_a_large_batch_is_bounded_by_compute() -> None:
    # 0.1B in 4-bit on 2,000 GB/s, 64 sequences: bandwidth allows 2.56 million tokens a second, but 65 TFLOPS
    # at 2 operations per parameter and token allows 325,000.
    assert planner.decode_tokens_per_second(2000, 0.05, 0.1, batch=64) == pytest.approx(2_560_000)
    assert planner.decode_tokens_per_second(2000, 0.05, 0.1, batch=64, peak_tflops=65) == pytest.approx(325_000)
    assert planner.decode_tokens_per_second(320, 14, 7, peak_tflops=65) == pytest.approx(320 / 14)  # batch 1


def test_training_time_is_k_n_t_over_the_rate_achieved() -> None:
    # 1B parameters, 1B tokens: 6e18 FLOPs; 100 TFLOPS at 40 %: 4e13 FLOP/s; 150,000 s = 41.67 h.
    assert planner.training_hours(1, 1e9, 100, 0.4, 6) == pytest.approx(41.6667, abs=1e-4)
    # adapters on frozen weights: 4e18 FLOPs, 100,000 s = 27.78 h
    assert planner.training_hours(1, 1e9, 100, 0.4, 4) == pytest.approx(27.7778, abs=1e-4)


def test_cost_per_million_tokens() -> None:
    # $0.20 an hour at 20 tokens per second: 72,000 tokens an hour, $2.78 per million.
    assert planner.cost_per_million_tokens(0.2, 20) == pytest.approx(2.7778, abs=1e-4)


@pytest.mark.parametrize(
    ("value", "shown"), [(22.857, 22.9), (0.0123456, 0.0123), (41.6667, 41.7), (2.775, 2.78), (1234.5, 1230.0)]
)
def test_figures_are_rounded_to_three_significant_digits_half_up(value: float, shown: float) -> None:
    assert planner.significant(value) == shown


# --- the planner page, on the real facts: its cells follow the formulas, computed here by hand ---


def _row(facts: Facts, row_id: str) -> Accelerator:
    return next(row for row in facts.rows if row.id == row_id)


def _task(facts: Facts, task_id: str) -> PlannerTask:
    assert facts.planner is not None
    return next(task for task in facts.planner.tasks if task.id == task_id)


def test_an_8b_model_in_bf16_does_not_fit_the_t4_but_fits_the_l4(facts: Facts) -> None:
    t4, l4 = _row(facts, "t4"), _row(facts, "l4")
    assert (t4.memory.size.number, l4.memory.size.number) == (16, 24)  # the facts this example assumes
    assert facts.planner is not None and facts.planner.reserve is not None
    assert (facts.planner.reserve.number, facts.planner.reserve.unit) == (1.3, "GiB")  # 1.396 GB
    task = _task(facts, "infer-bf16")
    assert derived.need_gb(facts, task, 8) == pytest.approx(16)  # 8 × 2 B, nothing kept apart
    assert derived.usable_gb(facts, t4) == pytest.approx(16 - 1.3 * 2**30 / 1e9)
    assert derived.fit(facts, task, 8, t4) == "host"  # 16 GB > 14.6 GB the T4 leaves
    assert derived.fit(facts, task, 8, l4) == "fits"
    assert l4.memory.bandwidth.number == 300
    # a step reads every weight but the input embedding matrix (128,256 × 4,096 in 16 bits): 14.95 GB
    read = (8 - 128_256 * 4096 / 1e9) * 2
    assert derived.decode_bound(facts, task, 8, l4) == pytest.approx(300 / read)
    assert derived.decode_bound(facts, task, 8, t4) is None  # not on the card: no bound shown


def test_70b_in_4_bit_fits_the_a100_40gb_with_llama_2_s_vocabulary_only(facts: Facts) -> None:
    """LitGPT ran Llama 2 70B in NF4 on the A100 40 GB (37.2 GB); Llama 3.1 70B's larger vocabulary keeps
    four times the parameters in 16 bits, which the card cannot hold."""
    assert facts.planner is not None
    shapes = {m.id: m for m in facts.planner.models}
    task, a100 = _task(facts, "infer-int4"), _row(facts, "a100-40gb")
    llama2 = Case(shape=shapes["llama-2-70b"])
    kept = (32_000 * 8192 * 2 + 161 * 8192) / 1e9  # embedding, output layer, 161 norms
    expected = (70 - kept) * 4.127 / 8 + kept * 2
    assert derived.need_gb(facts, task, 70, llama2) == pytest.approx(expected)  # 36.9 GB
    assert derived.fit(facts, task, 70, a100, llama2) == "fits"
    kept3 = (128_256 * 8192 * 2 + 161 * 8192) / 1e9
    assert derived.need_gb(facts, task, 70) == pytest.approx((70 - kept3) * 4.127 / 8 + kept3 * 2)  # 39.2 GB
    assert derived.fit(facts, task, 70, a100) == "host"
    assert derived.fit(facts, task, 70, _row(facts, "a100-80gb")) == "fits"


def test_training_memory_adds_the_adapters_their_state_and_the_activations(facts: Facts) -> None:
    """QLoRA on Llama 3.1 8B, one sequence of 4,096 tokens: NF4 weights, 16-bit parts, rank-16 adapters on the
    seven linear layers with 2 + 4 + 12 bytes each, and 2 sbh of activations per layer (checkpointing)."""
    task = _task(facts, "qlora")
    assert task.checkpointing and task.trains == "adapters" and task.optimizer == "adamw"
    parts = derived.breakdown(facts, task, 8)
    kept = (128_256 * 4096 * 2 + 65 * 4096) / 1e9
    assert parts.weights == pytest.approx((8 - kept) * 4.127 / 8)
    assert parts.sixteen_bit == pytest.approx(kept * 2)
    assert parts.training == pytest.approx(41_943_040e-9 * (2 + 4 + 12))
    assert parts.activations == pytest.approx(4096 * 4096 * 32 * 2 / 1e9)
    assert parts.kv_cache == 0
    without = derived.breakdown(facts, task, 8, Case(checkpointing=False))
    assert without.activations == pytest.approx(17 * parts.activations)  # 34 against 2
    full = derived.breakdown(facts, _task(facts, "full-adamw"), 8)
    assert full.training == pytest.approx(8 * (4 + 12)) and full.weights == pytest.approx(16)
    eight = derived.breakdown(facts, _task(facts, "full-adamw-8bit"), 8)
    assert eight.training == pytest.approx(8 * (4 + 6))


def test_an_8_bit_kv_cache_takes_half(facts: Facts) -> None:
    assert facts.planner is not None
    shape = next(m for m in facts.planner.models if m.id == "llama-3-1-8b")
    task = _task(facts, "infer-bf16")
    sixteen = derived.breakdown(facts, task, 8, Case(shape=shape, context=4096, batch=2))
    eight = derived.breakdown(facts, task, 8, Case(shape=shape, context=4096, batch=2, kv8=True))
    assert sixteen.kv_cache == pytest.approx(2 * 0.536870912) and eight.kv_cache == pytest.approx(0.536870912)
    assert derived.breakdown(facts, task, 8, Case(shape=shape)).kv_cache == 0  # no context: no cache


def test_lora_on_an_8b_model_takes_about_eight_hours_on_the_a100(facts: Facts) -> None:
    a100 = _row(facts, "a100-40gb")
    rate = a100.peak("bf16", "dense")
    assert rate is not None and rate.number == 312
    assert facts.planner is not None and facts.planner.training_tokens == 1e8
    assert facts.planner.utilization.number == 0.35
    lora, full = _task(facts, "lora-bf16"), _task(facts, "full-adamw")
    assert (lora.flops.number, full.flops.number) == (4, 6)  # frozen weights get no weight gradients
    # 4 × 8e9 × 1e8 = 3.2e18 FLOPs at 312e12 × 0.35 FLOP/s: 29,304 s = 8.14 h
    assert derived.training_hours(facts, lora, 8, a100) == pytest.approx(8.14, abs=0.01)
    assert derived.training_hours(facts, full, 8, a100) is None  # 173 GB: not on the card
    # where both fit, LoRA takes two thirds of the time full fine-tuning takes
    a100_80 = _row(facts, "a100-80gb")
    both = derived.training_hours(facts, lora, 1, a100_80), derived.training_hours(facts, full, 1, a100_80)
    assert both[0] is not None and both[1] is not None and both[0] / both[1] == pytest.approx(4 / 6)


def test_the_planner_page_is_built_in_every_language_with_every_task(facts: Facts, catalogs: list[Catalog]) -> None:
    pages = render(facts, catalogs, ["content/accelerators.yaml"])
    assert facts.planner is not None
    for catalog in catalogs:
        page = pages[f"planner.{catalog.locale}.md"]
        for task in facts.planner.tasks:
            assert f"{{#{task.id}}}" in page
        assert "{#planner-t4}" not in page and 'id="planner-t4"' in page  # each accelerator's row has an anchor


def test_costs_follow_the_hourly_rate_and_the_bounds(facts: Facts) -> None:
    t4, l4 = _row(facts, "t4"), _row(facts, "l4")
    hourly = derived.hourly(facts, t4)
    assert hourly is not None and 0 < hourly < 1  # dollars per hour from the observed rate
    # 0.5B in BF16 on the T4: at most 320 tokens/s, 1,152,000 tokens an hour.
    assert derived.per_million(facts, _task(facts, "infer-bf16"), 0.5, t4) == pytest.approx(hourly / 1.152)
    assert derived.per_million(facts, _task(facts, "infer-bf16"), 8, t4) is None  # not on the card
    lora = _task(facts, "lora-bf16")
    hours = derived.training_hours(facts, lora, 1, l4)
    assert hours is not None and derived.run_cost(facts, lora, 1, l4) == pytest.approx(
        (derived.hourly(facts, l4) or 0) * hours
    )


# --- what can run where: a task's needs, the precision it computes in, the memory of the runtime ---


def test_bitsandbytes_tasks_are_unsupported_without_a_cuda_gpu(facts: Facts) -> None:
    """QLoRA and 4-bit NormalFloat inference need bitsandbytes on an NVIDIA GPU: not on the CPU runtime or a
    TPU, whatever the size; there, nothing fits, and no speed, time or price is given."""
    gpus = {row.id for row in facts.offered if row.kind == "gpu"}
    assert gpus == {"t4", "l4", "a100-40gb", "a100-80gb", "h100", "g4"}
    for task_id in ("qlora", "infer-int4"):
        task = _task(facts, task_id)
        assert task.needs == ["bitsandbytes-4bit"]
        for row in facts.offered:
            lacked = derived.support(facts, task, row)
            if row.id in gpus:
                assert lacked is None and derived.fit(facts, task, 0.5, row) == "fits", row.id
                continue
            assert lacked is not None and lacked.min_capability == "6.0", row.id
            assert derived.fit(facts, task, 0.5, row) == "unsupported"  # 0.3 GB: memory is not the reason
            assert derived.largest_fit(facts, task, row) is None
            assert derived.decode_bound(facts, task, 0.5, row) is None
            assert derived.per_million(facts, task, 0.5, row) is None
            assert derived.training_hours(facts, task, 0.5, row) is None
            assert derived.run_cost(facts, task, 0.5, row) is None
    for task_id in ("infer-fp32", "infer-bf16", "infer-int8", "lora-bf16", "full-adamw"):
        assert all(derived.support(facts, _task(facts, task_id), row) is None for row in facts.offered)


def test_gguf_and_gptq_do_not_run_on_a_tpu_and_fp8_needs_fp8_tensor_cores(facts: Facts) -> None:
    """llama.cpp (GGUF) and GPTQ/AWQ run on CPUs and GPUs, not on TPUs; FP8 arithmetic needs compute capability
    8.9 (L4, H100, G4) and computes at the FP8 peak there."""
    for task_id in ("infer-gguf-q8", "infer-gguf-q4km", "infer-gptq"):
        task = _task(facts, task_id)
        for row in facts.offered:
            lacked = derived.support(facts, task, row)
            assert (lacked is not None) == (row.kind == "tpu"), (task_id, row.id)
            if lacked is not None:
                assert derived.fit(facts, task, 0.5, row) == "unsupported"
                assert derived.decode_bound(facts, task, 0.5, row) is None
    assert derived.fit(facts, _task(facts, "infer-gguf-q4km"), 0.5, _row(facts, "cpu")) == "fits"
    fp8 = _task(facts, "infer-fp8")
    able = {row.id for row in facts.offered if derived.support(facts, fp8, row) is None}
    assert able == {"l4", "h100", "g4"}
    h100 = _row(facts, "h100")
    assert derived.precision(fp8, h100) == "fp8" and derived.task_peak(fp8, h100) == 1979


def test_gguf_weights_are_the_whole_file_average(facts: Facts) -> None:
    """A GGUF format's bits per weight are llama.cpp's average over a whole file: nothing is counted apart."""
    parts = derived.breakdown(facts, _task(facts, "infer-gguf-q4km"), 8)
    assert parts.weights == pytest.approx(8 * 4.8944 / 8) and parts.sixteen_bit == 0


def test_the_t4_computes_16_bit_tasks_in_fp16(facts: Facts) -> None:
    """The T4 has no BF16 (compute capability 7.5; BF16 needs 8.0): its 16-bit tasks run in FP16, at FP16's peak."""
    t4, l4 = _row(facts, "t4"), _row(facts, "l4")
    bf16 = next(f for f in facts.features if f.id == "bf16")
    assert bf16.min_capability == "8.0" and derived.capability(t4) == "7.5"
    for task_id in ("infer-bf16", "infer-int8", "infer-int4", "lora-bf16", "qlora", "full-adamw"):
        task = _task(facts, task_id)
        assert (derived.precision(task, t4), derived.precision(task, l4)) == ("fp16", "bf16")
        assert derived.task_peak(task, t4) == 65 and derived.task_peak(task, l4) == 121


def test_fp32_inference_is_bounded_by_the_fp32_peak(facts: Facts) -> None:
    """256 sequences of a 0.5B model in FP32 on the T4: bandwidth allows 256 × 320 ÷ 2 = 40,960 tokens a second,
    but 8.1 TFLOPS of FP32 at 2 operations per parameter and token allow 8,100 (not the FP16 peak's 65,000)."""
    t4, task = _row(facts, "t4"), _task(facts, "infer-fp32")
    assert derived.precision(task, t4) == "fp32" and derived.task_peak(task, t4) == 8.1
    assert derived.decode_bound(facts, task, 0.5, t4, Case(batch=256)) == pytest.approx(8100)
    assert derived.decode_bound(facts, _task(facts, "infer-bf16"), 0.5, t4, Case(batch=256)) == pytest.approx(65_000)


def test_every_runtime_whose_ram_is_known_gets_the_host_verdict(facts: Facts) -> None:
    """The A100 40 GB has one runtime on file (83.5 GiB, 89.7 GB): a 13B model in FP32 (52 GB) fits there."""
    a100 = _row(facts, "a100-40gb")
    assert a100.runtime is not None and a100.runtime.high_ram is None and a100.runtime.standard is not None
    ram = a100.runtime.standard.ram  # type: ignore[union-attr]
    assert derived.host_gb(a100) == derived.gigabytes(ram)  # the facts print 83.5 GiB
    assert derived.fit(facts, _task(facts, "infer-fp32"), 13, a100) == "host"
    assert derived.host_gb(_row(facts, "t4")) == 54.8  # the High-RAM runtime, the larger of the two
    for row in facts.offered:
        hosts = [h for h in (row.runtime.standard, row.runtime.high_ram) if h] if row.runtime else []
        known = [gb for h in hosts if (gb := derived.gigabytes(h.ram)) is not None]
        assert derived.host_gb(row) == (max(known) if known else None), row.id


def test_the_planner_page_says_why_a_task_cannot_run(facts: Facts, catalogs: list[Catalog]) -> None:
    pages = render(facts, catalogs, ["content/accelerators.yaml"])
    en, ko = pages["planner.en.md"], pages["planner.ko.md"]
    qlora = en[en.index("{#qlora}") : en.index("{#full-adamw}")]
    assert qlora.count('class="fit fit-unsupported"') == 3 * len(facts.planner.sizes if facts.planner else [])
    assert (
        "“QLoRA fine-tuning, 4-bit base model” needs 4-bit loading with bitsandbytes (NF4), which runs on NVIDIA "
        "GPUs of CUDA compute capability 6.0 or later: not on CPU runtime, TPU v5e-1, TPU v6e-1." in qlora
    )
    assert "“QLoRA 파인튜닝, 4비트 베이스 모델” 작업에는 bitsandbytes 4비트 로딩(NF4) 기능이 필요하며" in ko
    assert "Computes in BF16; on NVIDIA T4, FP16" in en and "연산 정밀도 BF16, NVIDIA T4에서는 FP16" in ko
    by_accelerator = en[en.index("{#by-accelerator}") :]
    assert facts.planner is not None
    lacking = [(t.id, r.id) for t in facts.planner.tasks for r in facts.offered if derived.support(facts, t, r)]
    assert by_accelerator.count("not supported") == len(lacking) > 6
    assert "“Inference, GGUF Q4&#95;K&#95;M (llama.cpp)” runs on CPU, GPU only: not on TPU v5e-1, TPU v6e-1." in en


# --- the form's script computes what the tables show (Node runs docs/assets/javascripts/planner.js) ---


SCRIPT = ROOT / "docs/assets/javascripts/planner.js"
NODE = """
const planner = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = {shown: input.numbers.map(planner.shown), whole: (input.wholes || []).map(planner.whole), answers: []};
if (input.beyond) {
  const b = input.beyond;
  out.beyond = planner.caseOf(b.data, {kind: "inference"}, b.shape, b.context, 1, false, b.words).note;
}
for (const c of input.cases) {
  const task = input.data.tasks.find(t => t.id === c.task);
  const row = input.data.rows.find(r => r.id === c.row);
  const shape = c.model === undefined ? null : input.data.models.find(x => x.id === c.model);
  const asked = {shape: shape, context: c.context === undefined ? null : c.context, batch: c.batch || 1, kv8: !!c.kv8};
  out.answers.push(planner.answer(input.data, task, c.billions, input.data.training_tokens, row, asked));
}
process.stdout.write(JSON.stringify(out));
"""


def _node(payload: dict[str, object]) -> dict[str, list[object]]:
    node = shutil.which("node")
    assert node, "Node.js runs the form's script in this test (make test installs it with npm)"
    done = subprocess.run(
        [node, "-e", NODE, str(SCRIPT)], input=json.dumps(payload), capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _js_figure(value: float | None) -> str:
    return "—" if value is None else str(value)


def test_the_form_and_the_tables_agree_on_every_figure(facts: Facts, catalogs: list[Catalog]) -> None:
    """Over a grid of sizes, every task and every accelerator: the same fit, the same parts of the memory and the
    same figures as shown."""
    view = PlannerView(facts, catalogs[0], "planner")
    data = json.loads(json.dumps(planner_inputs(facts, [c.locale for c in catalogs])))
    assert facts.planner is not None
    sizes = [0.1, 0.5, 1, 2.7, 7, 8, 13, 33.3, 70, 180, 405]
    cases: list[dict[str, Any]] = [
        {"task": task.id, "row": row.id, "billions": b}
        for task in facts.planner.tasks
        for row in facts.offered
        for b in sizes
    ]
    shapes = {m.id: m for m in facts.planner.models}
    cases += [  # each model's own size, with so many sequences of so many tokens, a 16- or an 8-bit KV cache
        {"task": task.id, "row": row.id, "billions": m.billions, "model": m.id, "context": context, "batch": batch}
        | ({"kv8": True} if kv8 else {})
        for task in facts.planner.tasks
        for row in facts.offered
        for m in facts.planner.models
        for context in (0, 4096, 131_072)
        for batch in (1, 8, 256)
        for kv8 in ((False, True) if task.kind == "inference" else (False,))
    ]
    out = _node({"data": data, "cases": cases, "numbers": []})
    rows = {row.id: row for row in facts.offered}
    tasks = {task.id: task for task in facts.planner.tasks}
    figures = []
    fits: dict[str, int] = {}
    for case, answer in zip(cases, out["answers"], strict=True):
        task, row, billions = tasks[case["task"]], rows[case["row"]], float(case["billions"])
        shape = shapes[case["model"]] if "model" in case else None
        asked = Case(shape=shape, context=case.get("context"), batch=case.get("batch", 1), kv8=case.get("kv8", False))
        assert isinstance(answer, dict)
        assert answer["fit"] == derived.fit(facts, task, billions, row, asked), case
        supported = derived.support(facts, task, row) is None
        assert answer["precision"] == (derived.precision(task, row) if supported else None), case
        fits[str(answer["fit"])] = fits.get(str(answer["fit"]), 0) + 1
        parts = derived.breakdown(facts, task, billions, asked)
        for part in memory.PARTS:
            figures.append((getattr(parts, part), float(answer["parts"][part])))
        python = [
            derived.need_gb(facts, task, billions, asked),
            derived.decode_bound(facts, task, billions, row, asked),
            derived.training_hours(facts, task, billions, row, case=asked),
            derived.per_million(facts, task, billions, row, asked),
            derived.run_cost(facts, task, billions, row, case=asked),
        ]
        script = [answer["need"], answer["speed"], answer["hours"], answer["perMillion"], answer["perRun"]]
        for ours, theirs in zip(python, script, strict=True):
            assert (ours is None) == (theirs is None), case
            if ours is not None:
                assert isinstance(theirs, float | int)
                figures.append((ours, float(theirs)))
    shown = _node({"data": data, "cases": [], "numbers": [theirs for _, theirs in figures]})["shown"]
    for (ours, _), text in zip(figures, shown, strict=True):
        assert text == str(view.figure(ours)), (ours, text)
    assert len(figures) > 30_000
    assert {"fits", "host", "no", "unsupported"} <= set(fits)  # every verdict is among the cases compared


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(min_value=1e-6, max_value=1e15, allow_nan=False), min_size=1, max_size=200))
def test_the_script_rounds_and_writes_numbers_as_the_pages_do(values: list[float]) -> None:
    shown = _node({"data": {}, "cases": [], "numbers": values})["shown"]
    for value, text in zip(values, shown, strict=True):
        assert text == planner_number(value), value


def test_the_script_writes_counts_exactly() -> None:
    """A context of 4,096 or 131,072 tokens is a count: the form writes it whole, as the pages do."""
    wholes = [4096, 131072, 2000, 7, 1_000_000]
    written = _node({"data": {}, "cases": [], "numbers": [], "wholes": wholes})["whole"]
    assert written == [number(n) for n in wholes] == ["4,096", "131,072", "2,000", "7", "1,000,000"]
    shape = {"layers": 32, "kv_heads": 8, "head_dim": 128, "context": 131072}
    words = {"kvNote": "", "kvBeyond": "{context}"}
    beyond = {"data": {"kv_bytes": 2}, "shape": shape, "context": 200000, "words": words}
    assert _node({"data": {}, "cases": [], "numbers": [], "beyond": beyond})["beyond"] == " 131,072"


def planner_number(value: float) -> str:
    return number(planner.significant(value))


def test_the_kv_cache_table_follows_each_model_s_shape(facts: Facts, catalogs: list[Catalog]) -> None:
    assert facts.planner is not None
    shapes = {m.id: m for m in facts.planner.models}
    llama8 = shapes["llama-3-1-8b"]
    assert (llama8.layers, llama8.kv_heads, llama8.head_dim) == (32, 8, 128)  # the facts this example assumes
    assert derived.kv_gb(facts, llama8, 4096) == pytest.approx(0.536870912)  # 2 × 32 × 8 × 128 × 2 B × 4,096
    llama2 = shapes["llama-2-13b"]
    assert llama2.context == 4096 and llama2.kv_heads == 40  # every head keeps its keys and values
    assert derived.kv_gb(facts, llama2, 4096) == pytest.approx(3.3554432)
    assert derived.kv_gb(facts, llama2, 4097) is None  # longer than the model's context: a dash on the page
    built = render(facts, catalogs, ["content/accelerators.yaml"])["planner.en.md"]
    assert "| 32 × 8 × 128 | 131 | 0.537 | 4.29 | 17.2 |" in built


# --- the form refuses what it cannot work out, and shows no NaN or Infinity for what it takes ---

OUTCOME = """
const planner = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = input.cases.map(values => planner.outcome(input.data, values, input.bounds, input.words, input.lang));
process.stdout.write(JSON.stringify(out));
"""


class _Form(HTMLParser):
    """The planner form as a page writes it: its words (data-* of #planner-form, as the script's dataset
    has them), each field's opening value, and each number field's bound (min, max, step)."""

    def __init__(self) -> None:
        super().__init__()
        self.words: dict[str, str] = {}
        self.values: dict[str, str] = {}
        self.bounds: dict[str, dict[str, object]] = {}
        self.messages: dict[str, str] = {}
        self._select: str | None = None
        self._message: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if a.get("id") == "planner-form":
            for key, value in a.items():
                if key.startswith("data-"):
                    self.words[re.sub(r"-(\w)", lambda m: m.group(1).upper(), key[5:])] = value
        elif tag == "input":
            self.values[a["name"]] = a["value"]
            least, most = float(a["min"]), float(a["max"])
            self.bounds[a["name"]] = {"least": least, "most": most, "whole": a["step"] == "1"}
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and (self._select not in self.values or "selected" in a):
            self.values[self._select] = a["value"]
        elif tag == "p" and a.get("class") == "planner-error":
            self._message = a["id"].removeprefix("planner-").removesuffix("-error")

    def handle_data(self, data: str) -> None:
        if self._message:
            self.messages[self._message] = self.messages.get(self._message, "") + data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        if tag == "p":
            self._message = None


def _form(facts: Facts, catalogs: list[Catalog], lang: str = "en") -> tuple[_Form, dict[str, object]]:
    """The planner page's form in this language, and the data its script reads (data/planner.json)."""
    page = render(facts, catalogs, ["content/accelerators.yaml"])[f"planner.{lang}.md"]
    form = _Form()
    form.feed(page[page.index('<div id="planner-form"') : page.index('<p id="planner-status"')])
    return form, json.loads(json.dumps(planner_inputs(facts, [c.locale for c in catalogs])))


def _outcomes(form: _Form, data: dict[str, object], cases: list[dict[str, str]], lang: str = "en") -> list[Any]:
    node = shutil.which("node")
    assert node, "Node.js runs the form's script in this test (make test installs it with npm)"
    payload = {"data": data, "cases": cases, "bounds": form.bounds, "words": form.words, "lang": lang}
    done = subprocess.run(
        [node, "-e", OUTCOME, str(SCRIPT)], input=json.dumps(payload), capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_the_form_has_a_bound_and_a_message_for_every_number(facts: Facts, catalogs: list[Catalog]) -> None:
    for catalog in catalogs:
        form, _ = _form(facts, catalogs, catalog.locale)
        assert set(form.bounds) == set(form.messages) == set(planner.FORM_BOUNDS)
        assert form.bounds["billions"] == {"least": 0.01, "most": 2000, "whole": False}
        assert form.bounds["batch"] == {"least": 1, "most": 4096, "whole": True}
        assert form.bounds["utilization"] == {"least": 1, "most": 100, "whole": False}
        largest = max(m.context for m in facts.planner.models) if facts.planner else 0
        assert form.bounds["context"] == {"least": 1, "most": max(10_000_000, largest), "whole": True}
        words = catalog.strings
        assert form.messages["batch"] == words["planner.out_of_range_whole"].format(
            field=words["planner.batch_label"], least="1", most="4,096"
        )
        assert form.messages["billions"] == words["planner.out_of_range"].format(
            field=words["planner.billions_label"], least="0.01", most="2,000"
        )


def test_bounds_take_in_the_figures_on_file() -> None:
    bounds = planner.form_bounds({"context": [100_000_000], "billions": [0.005, 5]})
    assert bounds["context"] == planner.Bound(1, 100_000_000, whole=True)
    assert bounds["billions"] == planner.Bound(0.005, 2000)
    assert bounds["batch"] == planner.FORM_BOUNDS["batch"]


REFUSED = ["", " ", "1e-320", "1e300", "1e308", "-1", "-0.5", "0", "Infinity", "-Infinity", "NaN", "abc", "1,5"]


def test_the_form_refuses_each_value_out_of_its_field_s_range(facts: Facts, catalogs: list[Catalog]) -> None:
    form, data = _form(facts, catalogs)
    cases, expected = [], []
    for name, bound in form.bounds.items():
        least, most = float(str(bound["least"])), float(str(bound["most"]))
        texts = [*REFUSED, repr(least * 0.999), repr(most * 1.001)] + (
            ["1.5", f"{int(least)}.5"] if bound["whole"] else []
        )
        for text in texts:
            cases.append({**form.values, name: text})
            expected.append([name])
    cases.append({**form.values, "billions": "1e-320", "batch": "1e308"})  # each field refused is marked
    expected.append(["billions", "batch"])
    for case, outcome, refused in zip(cases, _outcomes(form, data, cases), expected, strict=True):
        assert outcome == {"refused": refused}, case


def test_within_the_bounds_every_figure_is_a_number(facts: Facts, catalogs: list[Catalog]) -> None:
    """Every corner of the bounds, for every task and model shape: rows of figures, never NaN or Infinity."""
    form, data = _form(facts, catalogs)
    assert facts.planner is not None
    names = sorted(form.bounds)
    corners = [
        {name: repr(form.bounds[name]["least" if low else "most"]) for name, low in zip(names, lows, strict=True)}
        for lows in itertools.product([True, False], repeat=len(names))
    ]
    cases = [
        {**corner, "task": task.id, "model": model}
        for corner in corners
        for task in facts.planner.tasks
        for model in ["", *(m.id for m in facts.planner.models)]
    ]
    outcomes = _outcomes(form, data, cases)
    on_file: Any = data["rows"]
    for case, outcome in zip(cases, outcomes, strict=True):
        assert "refused" not in outcome, case
        assert len(outcome["rows"]) == len(on_file)
        texts = [c["text"] for row in outcome["rows"] for c in row] + [outcome["kvNote"]]
        assert all(isinstance(t, str) and t for t in texts), case
        assert not [t for t in texts if re.search(r"NaN|Infinity|undefined|null", t)], case
    assert len(outcomes) > 1000


def test_the_form_opens_on_the_answer_the_page_writes(facts: Facts, catalogs: list[Catalog]) -> None:
    for catalog in catalogs:
        form, data = _form(facts, catalogs, catalog.locale)
        (outcome,) = _outcomes(form, data, [form.values], catalog.locale)
        rows: Any = PlannerView(facts, catalog, "planner").planner_opening()["rows"]
        written = [
            [html.unescape(str(row[k])) for k in ("name", "need", "mark", "precision", "figure", "cost")]
            for row in rows
        ]
        assert [[c["text"] for c in row] for row in outcome["rows"]] == written
        opening = PlannerView(facts, catalog, "planner").planner_opening()
        assert outcome["kvNote"] == html.unescape(str(opening["kv_note"]))
        parts: Any = opening["parts"]
        assert outcome["parts"] == [html.unescape(str(row["gb"])) for row in parts]
        assert len(parts) == len(memory.PARTS) + 1 and "—" in outcome["parts"]  # inference: no training parts


def test_the_form_s_breakdown_follows_the_task_model_and_kv_cache(facts: Facts, catalogs: list[Catalog]) -> None:
    """The parts under the form for a training task, another model and an 8-bit KV cache are derived.breakdown's."""
    form, data = _form(facts, catalogs)
    assert facts.planner is not None
    shapes = {m.id: m for m in facts.planner.models}
    asked = [
        (
            {**form.values, "task": "qlora", "model": "llama-2-13b", "billions": "13", "context": "2048", "batch": "2"},
            "qlora",
            Case(shape=shapes["llama-2-13b"], context=2048, batch=2),
        ),
        (
            {**form.values, "task": "infer-bf16", "kv": "8", "context": "32768"},
            "infer-bf16",
            Case(shape=shapes["llama-3-1-8b"], context=32768, kv8=True),
        ),
        ({**form.values, "task": "full-adamw", "model": "", "billions": "3"}, "full-adamw", Case(context=4096)),
    ]
    outcomes = _outcomes(form, data, [values for values, _, _ in asked])
    view = PlannerView(facts, catalogs[0], "planner")
    for (values, task_id, case), outcome in zip(asked, outcomes, strict=True):
        task = _task(facts, task_id)
        parts = derived.breakdown(facts, task, float(values["billions"]), case)
        assert outcome["parts"] == [html.unescape(str(c)) for c in view.part_figures(task, parts)], task_id
    assert outcomes[1]["parts"][2] == number(planner.significant(32768 * 131_072 / 2 / 1e9))  # 8-bit: 64 kB a token


def test_the_form_says_what_the_tables_say_for_every_task(facts: Facts, catalogs: list[Catalog]) -> None:
    """For each task, in every language: the form's verdict marks, the precision each row computes in, and
    the sentence saying why a task cannot run somewhere are the page's."""
    assert facts.planner is not None
    for catalog in catalogs:
        form, data = _form(facts, catalogs, catalog.locale)
        view = PlannerView(facts, catalog, "planner")
        tasks = facts.planner.tasks
        outcomes = _outcomes(
            form, data, [{**form.values, "task": t.id, "billions": "0.5"} for t in tasks], catalog.locale
        )
        for task, outcome in zip(tasks, outcomes, strict=True):
            marks = [html.unescape(str(view.fit_mark(task, 0.5, row))) for row in facts.offered]
            assert [re.sub(r"<[^>]+>", "", mark) for mark in marks] == [row[2]["text"] for row in outcome["rows"]]
            assert [str(view.precision_name(task, row)) for row in facts.offered] == [
                row[3]["text"] for row in outcome["rows"]
            ]
            said = html.unescape(" ".join(str(s) for s in view.unsupported(task, facts.offered)))
            assert outcome["unsupported"] == said, task.id
            assert bool(said) == bool(task.needs or task.runs_on)
