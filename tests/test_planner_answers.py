"""Answers people ask for (issue 22): the time to the first token beside the decoding speed, and the
inverse questions per accelerator (the longest context, the largest batch and the best weight format that
fit), each held against the forward model: it fits at the answer, and not one step beyond."""

from __future__ import annotations

import html
import itertools
import json
import shutil
import subprocess
from typing import Any

import pytest

from generator import answers, derived, memory, planner, words
from generator.memory import Case
from generator.model import Accelerator, Facts, PlannerTask
from generator.planner_data import planner_inputs
from generator.render import render
from generator.strings import Catalog
from generator.view_planner import PlannerView
from tests.conftest import ROOT


def _task(facts: Facts, task_id: str) -> PlannerTask:
    assert facts.planner is not None
    return next(t for t in facts.planner.tasks if t.id == task_id)


def _row(facts: Facts, row_id: str) -> Accelerator:
    return next(row for row in facts.rows if row.id == row_id)


def _shape_case(facts: Facts, model: str, **kwargs: object) -> Case:
    assert facts.planner is not None
    shape = next(m for m in facts.planner.models if m.id == model)
    return Case(shape=shape, **kwargs)  # type: ignore[arg-type]


def test_the_first_token_is_bounded_by_the_prefill_s_compute() -> None:
    # 4,096 prompt tokens × 2 × 8e9 parameters ÷ 121 TFLOPS (the L4's BF16 peak) = 0.542 s
    assert planner.first_token_seconds(4096, 8, 121) == pytest.approx(4096 * 2 * 8e9 / 121e12)
    assert planner.first_token_seconds(4096, 8, 121, flops=2) == pytest.approx(0.5416, rel=1e-3)


def test_the_first_token_follows_the_prompt_the_batch_and_the_peak_of_the_task_s_precision(facts: Facts) -> None:
    task, l4, t4 = _task(facts, "infer-bf16"), _row(facts, "l4"), _row(facts, "t4")
    case = _shape_case(facts, "llama-3-2-3b", context=4096, batch=2)
    peak = derived.task_peak(task, l4)
    assert peak is not None
    assert answers.first_token_bound(facts, task, 3.21, l4, case) == pytest.approx(
        2 * 4096 * 2 * 3.21e9 / (peak * 1e12)
    )
    # the T4 computes a 16-bit task in FP16 (65 TFLOPS), whose peak it is bounded by
    t4_peak = derived.task_peak(task, t4)
    assert derived.precision(task, t4) == "fp16" and t4_peak is not None
    assert answers.first_token_bound(facts, task, 3.21, t4, case) == pytest.approx(
        2 * 4096 * 2 * 3.21e9 / (t4_peak * 1e12)
    )


def test_no_first_token_where_it_does_not_fit_is_unsupported_or_no_prompt_is_given(facts: Facts) -> None:
    bf16, int4 = _task(facts, "infer-bf16"), _task(facts, "infer-int4")
    case = _shape_case(facts, "llama-3-1-8b", context=4096)
    assert derived.fit(facts, bf16, 8, _row(facts, "t4"), case) != "fits"
    assert answers.first_token_bound(facts, bf16, 8, _row(facts, "t4"), case) is None
    tpu = next(row for row in facts.offered if row.kind == "tpu")
    assert answers.first_token_bound(facts, int4, 8, tpu, case) is None  # bitsandbytes needs a CUDA GPU
    assert answers.first_token_bound(facts, bf16, 8, _row(facts, "l4"), Case()) is None
    assert answers.first_token_bound(facts, _task(facts, "lora-bf16"), 8, _row(facts, "l4"), case) is None


CASES = list(
    itertools.product(
        ["infer-bf16", "infer-int4", "infer-fp32", "qlora", "lora-bf16", "full-adamw"],
        [("llama-3-2-1b", 1.23), ("llama-3-1-8b", 8), ("llama-2-13b", 13), ("llama-3-1-70b", 70)],
    )
)


def _fits(facts: Facts, task: PlannerTask, billions: float, acc: Accelerator, case: Case) -> bool:
    return derived.fit(facts, task, billions, acc, case) == "fits"


@pytest.mark.parametrize(("task_id", "model"), CASES)
def test_the_longest_context_fits_and_one_token_more_does_not(
    facts: Facts, task_id: str, model: tuple[str, float]
) -> None:
    task, (shape_id, billions) = _task(facts, task_id), model
    for acc in facts.offered:
        for batch in (1, 4):
            shape = _shape_case(facts, shape_id).shape
            assert shape is not None
            found = answers.max_context(facts, task, billions, acc, Case(shape=shape, batch=batch))
            if found is None:
                assert not _fits(facts, task, billions, acc, Case(shape=shape, context=1, batch=batch))
                continue
            assert _fits(facts, task, billions, acc, Case(shape=shape, context=found, batch=batch)), (acc.id, found)
            beyond = Case(shape=shape, context=found + 1, batch=batch)
            assert found == shape.context or not _fits(facts, task, billions, acc, beyond), (acc.id, found)


@pytest.mark.parametrize(("task_id", "model"), CASES)
def test_the_largest_batch_fits_and_one_sequence_more_does_not(
    facts: Facts, task_id: str, model: tuple[str, float]
) -> None:
    task, (shape_id, billions) = _task(facts, task_id), model
    most = int(planner.FORM_BOUNDS["batch"].most)
    shape = _shape_case(facts, shape_id).shape
    for acc in facts.offered:
        for context in (1024, 4096, 32768):
            found = answers.max_batch(facts, task, billions, acc, Case(shape=shape, context=context))
            if found is None:
                assert not _fits(facts, task, billions, acc, Case(shape=shape, context=context, batch=1))
                continue
            at = Case(shape=shape, context=context, batch=found)
            assert _fits(facts, task, billions, acc, at), (acc.id, context, found)
            beyond = Case(shape=shape, context=context, batch=found + 1)
            assert found == most or not _fits(facts, task, billions, acc, beyond), (acc.id, context, found)


@pytest.mark.parametrize(("task_id", "model"), CASES)
def test_the_best_format_fits_and_no_format_with_more_bits_does(
    facts: Facts, task_id: str, model: tuple[str, float]
) -> None:
    assert facts.planner is not None
    plan, task, (shape_id, billions) = facts.planner, _task(facts, task_id), model

    def bits(t: PlannerTask) -> float:
        return memory.weight_format(plan, t).bits.number or 0

    for acc in facts.offered:
        case = _shape_case(facts, shape_id, context=4096)
        found = answers.best_format(facts, task, billions, acc, case)
        others = answers.alternatives(facts, task)
        assert task in others and all(t.kind == task.kind for t in others)
        fitting = [t for t in others if derived.fit(facts, t, billions, acc, case) == "fits"]
        if found is None:
            assert not fitting
            continue
        assert found in fitting
        assert all(bits(t) <= bits(found) for t in fitting), (acc.id, found.id)


def test_practice_s_cases(facts: Facts) -> None:
    """The answers a reader checks first: an 8B model in 16 bits does not fit the T4, whose best is then 8-bit
    (GGUF Q8_0, 8.5 bits a weight); on the L4 it fits at 4,096 tokens, with a batch of a dozen sequences."""
    bf16 = _task(facts, "infer-bf16")
    case = _shape_case(facts, "llama-3-1-8b", context=4096)
    best_t4 = answers.best_format(facts, bf16, 8, _row(facts, "t4"), case)
    assert best_t4 is not None and best_t4.weights == "gguf-q8-0"
    best_l4 = answers.best_format(facts, bf16, 8, _row(facts, "l4"), case)
    assert best_l4 is not None and best_l4.id == "infer-bf16"
    assert answers.max_batch(facts, bf16, 8, _row(facts, "l4"), case) == 12
    assert answers.max_context(facts, bf16, 8, _row(facts, "t4"), case) is None
    # on the A100 80 GB the memory would take more than the model reads: its own 131,072 tokens are the limit
    assert answers.max_context(facts, bf16, 8, _row(facts, "a100-80gb"), case) == 131072
    # QLoRA's alternatives are LoRA on 16-bit weights (more bits), never an inference task
    qlora = _task(facts, "qlora")
    assert {t.id for t in answers.alternatives(facts, qlora)} == {"lora-bf16", "qlora"}


def test_the_planner_page_shows_each_answer_derived_works_out(facts: Facts, catalogs: list[Catalog]) -> None:
    """The page's "Answers for one model" table: a row per offered accelerator, each cell derived.py's figure for
    the form's model in 16 bits at the first context (a dash where it does not fit), in both languages."""
    assert facts.planner is not None
    plan = facts.planner
    shape = next(m for m in plan.models if m.id == plan.form_model)
    task, case = _task(facts, "infer-bf16"), Case(shape=shape, context=plan.contexts[0])
    pages = render(facts, catalogs, ["content/accelerators.yaml"])
    for catalog in catalogs:
        page = pages[f"planner.{catalog.locale}.md"]
        section = page[page.index("{#answers}") : page.index("{#assumptions}")]
        lines = [line for line in section.splitlines() if line.startswith("| [")]
        assert len(lines) == len(facts.offered)
        for acc, line in zip(facts.offered, lines, strict=True):
            cells = [cell.strip() for cell in line.strip("|").split(" | ")]
            speed = derived.decode_bound(facts, task, shape.billions, acc, case)
            first = answers.first_token_bound(facts, task, shape.billions, acc, case)
            assert cells[1:3] == [words.figure(speed), words.figure(first)], (catalog.locale, acc.id)
            longest = answers.max_context(facts, task, shape.billions, acc, case)
            assert cells[3].startswith(words.number(longest) if longest is not None else words.DASH)
            limit = longest == shape.context  # then said to be the model's own limit, not the memory's
            assert (cells[3] != (words.number(longest) if longest is not None else words.DASH)) == limit
            batch = answers.max_batch(facts, task, shape.billions, acc, case)
            assert cells[4] == (words.number(batch) if batch is not None else words.DASH)
            best = answers.best_format(facts, task, shape.billions, acc, case)
            shown = html.unescape(cells[5])
            assert shown == (best.name[catalog.locale] if best else words.DASH), (catalog.locale, acc.id)
        assert "0.542" in section  # the L4: 4,096 × 2 × 8e9 ÷ 121 TFLOPS


# --- mixtures of experts: memory by every parameter, speed by the active ones -----------------------------


def test_a_mixture_s_memory_counts_every_parameter_and_its_speed_only_the_active_ones(facts: Facts) -> None:
    assert facts.planner is not None
    plan = facts.planner
    mixtral = next(m for m in plan.models if m.id == "mixtral-8x7b")
    assert (mixtral.billions, mixtral.active_billions, mixtral.experts) == (46.7, 12.9, 8)
    bf16, h100 = _task(facts, "infer-bf16"), _row(facts, "h100")
    assert derived.fit(facts, bf16, 46.7, h100, Case(shape=mixtral)) != "fits"  # 93.4 GB in 16 bits
    case = Case(shape=mixtral)
    assert derived.breakdown(facts, bf16, 46.7, case).weights == pytest.approx(46.7 * 2)
    assert memory.active_billions(plan, 46.7, case) == pytest.approx(12.9)
    # in GGUF Q8_0 (8.5 bits a weight, every matrix quantized) it fits the H100's 80 GB: a step reads the active ones
    q8 = _task(facts, "infer-gguf-q8")
    byte = 8.5008 / 8
    table = mixtral.vocab * mixtral.hidden / 1e9  # the input embedding matrix, of which a token reads a row
    assert memory.read_gb(plan, q8, 46.7, case) == pytest.approx((12.9 - table) * byte)
    bandwidth = derived.total_bandwidth_gb_s(h100)
    assert bandwidth is not None
    assert derived.decode_bound(facts, q8, 46.7, h100, case) == pytest.approx(bandwidth / ((12.9 - table) * byte))
    peak = derived.task_peak(q8, h100)
    assert peak is not None
    asked = Case(shape=mixtral, context=4096)
    assert answers.first_token_bound(facts, q8, 46.7, h100, asked) == pytest.approx(4096 * 2 * 12.9e9 / (peak * 1e12))
    # a dense model of the same size reads and computes with all of its parameters: over three times slower
    dense, moe = derived.decode_bound(facts, q8, 46.7, h100), derived.decode_bound(facts, q8, 46.7, h100, case)
    assert dense is not None and moe is not None and dense < moe / 3


def test_a_mixture_s_adapters_sit_on_every_expert(facts: Facts) -> None:
    assert facts.planner is not None and facts.planner.lora is not None
    qwen = next(m for m in facts.planner.models if m.id == "qwen3-30b-a3b")
    lora = facts.planner.lora
    dense = memory.adapter_billions(qwen.layers, qwen.hidden, 512, qwen.ffn, lora.rank, ["gate", "up", "down"])
    moe = memory.adapter_billions(qwen.layers, qwen.hidden, 512, qwen.ffn, lora.rank, ["gate", "up", "down"], 128)
    assert moe == pytest.approx(128 * dense)
    hours = derived.training_hours(facts, _task(facts, "qlora"), 30.5, _row(facts, "h100"), case=Case(shape=qwen))
    dense_hours = derived.training_hours(facts, _task(facts, "qlora"), 30.5, _row(facts, "h100"))
    assert hours is not None and dense_hours is not None
    assert hours == pytest.approx(dense_hours * 3.3 / 30.5)  # k × active parameters × tokens


def test_a_size_without_a_model_is_never_taken_for_a_mixture(facts: Facts) -> None:
    assert facts.planner is not None
    for billions in (3.3, 12.9, 30.5, 34, 46.7):
        shape = memory.nearest_shape(facts.planner, billions)
        assert shape is not None and shape.active_billions is None, billions


# --- the form's script answers the same ----------------------------------------------------------------

SCRIPT = ROOT / "docs/assets/javascripts/planner.js"
NODE = """
const planner = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = [];
for (const c of input.cases) {
  const task = input.data.tasks.find(t => t.id === c.task);
  const row = input.data.rows.find(r => r.id === c.row);
  const shape = c.model === undefined ? null : input.data.models.find(x => x.id === c.model);
  const asked = {shape: shape, context: c.context === undefined ? null : c.context, batch: c.batch || 1, kv8: !!c.kv8};
  const best = planner.bestFormat(input.data, task, c.billions, row, asked);
  out.push({
    firstToken: planner.firstToken(input.data, task, c.billions, row, asked),
    maxContext: planner.maxContext(input.data, task, c.billions, row, asked, input.contextMost),
    maxBatch: planner.maxBatch(input.data, task, c.billions, row, asked, input.batchMost),
    best: best ? best.id : null
  });
}
process.stdout.write(JSON.stringify(out));
"""


def test_the_form_s_script_answers_as_derived_does(facts: Facts, catalogs: list[Catalog]) -> None:
    """Over every task, offered accelerator and model (dense and mixtures), at several contexts, batches and KV
    cache precisions: the script's first token, longest context, largest batch and best format are derived.py's."""
    assert facts.planner is not None
    data = json.loads(json.dumps(planner_inputs(facts, [c.locale for c in catalogs])))
    cases: list[dict[str, Any]] = [
        {"task": task.id, "row": row.id, "billions": m.billions, "model": m.id, "context": context, "batch": batch}
        | ({"kv8": True} if kv8 else {})
        for task in facts.planner.tasks
        for row in facts.offered
        for m in facts.planner.models
        for context in (512, 4096, 32768)
        for batch in (1, 8)
        for kv8 in ((False, True) if task.kind == "inference" else (False,))
    ]
    cases += [
        {"task": task.id, "row": row.id, "billions": b}
        for task in facts.planner.tasks
        for row in facts.offered
        for b in (1, 8, 34, 70)
    ]
    node = shutil.which("node")
    assert node, "Node.js runs the form's script in this test"
    payload = {
        "data": data,
        "cases": cases,
        "contextMost": planner.FORM_BOUNDS["context"].most,
        "batchMost": planner.FORM_BOUNDS["batch"].most,
    }
    done = subprocess.run(
        [node, "-e", NODE, str(SCRIPT)], input=json.dumps(payload), capture_output=True, text=True, check=True
    )
    replies = json.loads(done.stdout)
    tasks, rows = {t.id: t for t in facts.planner.tasks}, {r.id: r for r in facts.offered}
    shapes = {m.id: m for m in facts.planner.models}
    seen = {"first": 0, "context": 0, "batch": 0, "best": 0}
    for case, answer in zip(cases, replies, strict=True):
        task, row, billions = tasks[case["task"]], rows[case["row"]], float(case["billions"])
        shape = shapes[case["model"]] if "model" in case else None
        asked = Case(shape=shape, context=case.get("context"), batch=case.get("batch", 1), kv8=case.get("kv8", False))
        first = answers.first_token_bound(facts, task, billions, row, asked)
        assert (first is None) == (answer["firstToken"] is None), case
        if first is not None:
            assert answer["firstToken"] == pytest.approx(first, rel=1e-12), case
            seen["first"] += 1
        assert answer["maxContext"] == answers.max_context(facts, task, billions, row, asked), case
        assert answer["maxBatch"] == answers.max_batch(facts, task, billions, row, asked), case
        best = answers.best_format(facts, task, billions, row, asked)
        assert answer["best"] == (best.id if best else None), case
        seen["context"] += answer["maxContext"] is not None
        seen["batch"] += answer["maxBatch"] is not None
        seen["best"] += best is not None and best.id != task.id
    assert min(seen.values()) > 100, seen  # every answer is compared where it is a number, not only where none is


ANSWERS = """
const planner = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(input.cases.map(
  values => planner.answerRows(input.data, values, input.bounds, input.words, input.lang)
)));
"""


def test_the_form_opens_on_the_answers_the_page_writes_and_redraws_them(facts: Facts, catalogs: list[Catalog]) -> None:
    """The answers' table under the form: the page writes what the script draws for the form as written (both
    languages), and for other values the script's rows follow derived.py; refused values draw none."""
    from tests.test_planner import _form  # the page's form, its bounds and words, as test_planner reads them

    node = shutil.which("node")
    assert node and facts.planner is not None
    shapes = {m.id: m for m in facts.planner.models}
    for catalog in catalogs:
        form, data = _form(facts, catalogs, catalog.locale)
        other = {**form.values, "task": "infer-int8", "model": "mixtral-8x7b", "billions": "46.7", "context": "8192"}
        refused = {**form.values, "billions": "-1"}
        payload = {
            "data": data,
            "cases": [form.values, other, refused],
            "bounds": form.bounds,
            "words": form.words,
            "lang": catalog.locale,
        }
        done = subprocess.run(
            [node, "-e", ANSWERS, str(SCRIPT)], input=json.dumps(payload), capture_output=True, text=True, check=True
        )
        opened, redrawn, none = json.loads(done.stdout)
        view = PlannerView(facts, catalog, "planner")
        written: Any = view.planner_opening()["answers"]
        assert opened == [[html.unescape(str(cell)) for cell in row] for row in written], catalog.locale
        mixtral = Case(shape=shapes["mixtral-8x7b"], context=8192)
        expected = view.answer_cells(_task(facts, "infer-int8"), 46.7, mixtral)
        assert redrawn == [[html.unescape(str(cell)) for cell in row] for row in expected], catalog.locale
        assert any(row[1] != words.DASH for row in redrawn) and none is None
