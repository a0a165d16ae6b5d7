"""Measured speeds and memory held against the planner's figures (facts: `measurements:`).

Each function takes the validated facts and one measurement and returns a number (or None where a
fact it rests on is unknown): the planner's figure for the very case that was measured, and the
share of it the measurement reached. The planner page and the pair pages (generator/view_measured.py)
and tests/test_measurements.py read these, so a measurement is compared one way everywhere.
"""

from __future__ import annotations

import math

from generator import memory, planner
from generator.derived import _plan, fit, need_gb, task_peak, total_bandwidth_gb_s
from generator.memory import GB_PER_GIB, Case
from generator.model import Accelerator, Facts, Measurement, ModelShape, PlannerTask

# A measurement names the row it ran on, the planner task it compares with, and its model (a shape on
# file, or a parameter count); these give the planner's figure for the same case, and the share of it
# the measurement reached. Pages, tests and the typical range below all read these.


def measured_row(facts: Facts, m: Measurement) -> Accelerator:
    """The row (an accelerator, or one option of it) a measurement ran on (measurement.accelerator)."""
    return next(row for row in facts.rows if row.id == m.accelerator)


def measured_task(facts: Facts, m: Measurement) -> PlannerTask:
    """The planner task a measurement compares with (measurement.task)."""
    return next(task for task in _plan(facts).tasks if task.id == m.task)


def measured_shape(facts: Facts, m: Measurement) -> ModelShape | None:
    """The model shape on file a measurement names (measurement.shape), or None."""
    return next((s for s in _plan(facts).models if s.id == m.shape), None)


def measured_billions(facts: Facts, m: Measurement) -> float:
    """Parameters of the measured model in billions: its shape's on file, else measurement.params."""
    shape = measured_shape(facts, m)
    if shape is not None:
        return shape.billions
    assert m.params is not None, "the model checks that a measurement has a shape or params"
    return m.params


def measured_value(m: Measurement) -> float:
    """The measured figure in the planner's units: tokens per second, or GB (GiB converted)."""
    return m.value * (GB_PER_GIB if m.unit == "GiB" else 1)


def measured_case(facts: Facts, m: Measurement) -> Case:
    """The case a measurement ran: its model's shape (or, for a model not on file, the nearest: memory.shape_of),
    its context, batch (1 for a server under full load, whose KV cache the source does not size) and, for a
    training run, whether it recomputed activations (measurement.checkpointing, else the task's)."""
    context = m.context.length if m.context is not None else None
    return Case(shape=measured_shape(facts, m), context=context, batch=m.batch or 1, checkpointing=m.checkpointing)


def measured_kv_gb(facts: Facts, m: Measurement) -> float:
    """GB of KV cache of all the measurement's sequences at its context; 0 where the context is not known, or the
    task trains."""
    return memory.breakdown(
        _plan(facts), measured_task(facts, m), measured_billions(facts, m), measured_case(facts, m)
    ).kv_cache


def measured_fit(facts: Facts, m: Measurement) -> planner.Fit | None:
    """The planner's verdict for the measured case on its row (derived.fit, for the measured case)."""
    return fit(
        facts, measured_task(facts, m), measured_billions(facts, m), measured_row(facts, m), measured_case(facts, m)
    )


def measured_bound(facts: Facts, m: Measurement) -> float | None:
    """The planner's figure for the measured case on its row, whether or not the planner says the model fits:

    - decoding (one sequence, or a fixed batch): the decoding bound (planner.decode_tokens_per_second
      with the row's bandwidth and peak, and what a step reads for the case: memory.read_gb);
    - a server under full load (no fixed batch) and reading a prompt: the compute bound alone, as the
      weights are read once for many tokens (the bandwidth term of the same formula grows without end);
    - training: the example run's rate at the whole peak of the task's precision (planner.training_hours at
      utilization 1, task.flops operations per parameter and token);
    - peak memory: the memory the planner says the case needs (need_gb), in GB.

    None where a fact it rests on is unknown.
    """
    row, task, billions = measured_row(facts, m), measured_task(facts, m), measured_billions(facts, m)
    case = measured_case(facts, m)
    if m.what == "peak_memory_gb":
        return need_gb(facts, task, billions, case)
    rate, flops = task_peak(task, row), task.flops.number
    if flops is None:
        return None
    if m.what == "train_tokens_per_s":
        return 1 / (planner.training_hours(billions, 1, rate, 1.0, flops) * 3600) if rate else None
    bandwidth = total_bandwidth_gb_s(row)
    if m.batch is None or m.what == "prefill_tokens_per_s":
        bandwidth = math.inf if rate else None
    if bandwidth is None:
        return None
    read = memory.read_gb(_plan(facts), task, billions, case)
    return planner.decode_tokens_per_second(
        bandwidth, read, billions, batch=m.batch or 1, peak_tflops=rate, flops=flops
    )


def measured_ratio(facts: Facts, m: Measurement) -> float | None:
    """The measured figure ÷ the planner's (measured_bound): the share of a speed bound reached, or how many
    times the planner's memory estimate a run took; None where the planner's figure is unknown."""
    bound = measured_bound(facts, m)
    return measured_value(m) / bound if bound else None


def typical_decode_share(facts: Facts) -> tuple[float, float] | None:
    """The lowest and the highest share of the decoding bound that single-stream decoding reached in the
    measurements on the card itself (not on the nearest card, nor with speculative decoding): the derated
    estimate shown where no measurement exists. None without such measurements."""
    shares = [
        ratio
        for m in facts.measurements
        if m.what == "decode_tokens_per_s" and not m.speculative and m.nearest is None
        if (ratio := measured_ratio(facts, m)) is not None
    ]
    return (min(shares), max(shares)) if shares else None


def measured_on(facts: Facts, acc: Accelerator, task: PlannerTask | None = None) -> list[Measurement]:
    """The measurements on a row, in the facts' order; only those comparing with `task` if given."""
    return [m for m in facts.measurements if m.accelerator == acc.id and (task is None or m.task == task.id)]
