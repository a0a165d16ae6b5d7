"""Answers people ask of the planner, defined once: the time to the first token (a lower limit), and
the inverse questions (the longest context, the largest batch and the best weight format that fit a
model on one row). Each is worked out from derived.py's forward figures (fit, task_peak), so an
answer always agrees with the verdict at that answer; pages, the form's data, the command line and
the tests all read these functions.
"""

from __future__ import annotations

from collections.abc import Callable

from generator import memory, planner
from generator.derived import _plan, fit, task_peak
from generator.memory import Case
from generator.model import Accelerator, Facts, PlannerTask


def first_token_bound(
    facts: Facts, task: PlannerTask, billions: float, acc: Accelerator, case: Case | None = None
) -> float | None:
    """Lower bound on seconds to the first token (prefill, bound by compute): the case's context (its prompt) ×
    sequences × task.flops × parameters a token uses (memory.active_billions) ÷ the peak of the precision the task
    computes in (task_peak). A bound: it leaves out reading the weights, attention over the prompt and all
    overheads, so practice takes longer. None unless the task infers, the case has a context, the accelerator
    supports the task, the model fits it and the peak is known."""
    case = case or Case()
    rate, flops = task_peak(task, acc), task.flops.number
    if task.kind != "inference" or case.context is None or rate is None or flops is None:
        return None
    if fit(facts, task, billions, acc, case) != "fits":
        return None
    active = memory.active_billions(_plan(facts), billions, case)
    return planner.first_token_seconds(case.context * case.batch, active, rate, flops)


def _largest(fits: Callable[[int], bool], most: int) -> int | None:
    """The largest whole number n from 1 to `most` for which fits(n) holds, fits being true up to some n and false
    after (memory grows with the context and the batch); None if it fails at 1."""
    if not fits(1):
        return None
    if fits(most):
        return most
    low, high = 1, most  # fits(low), not fits(high)
    while high - low > 1:
        middle = (low + high) // 2
        if fits(middle):
            low = middle
        else:
            high = middle
    return low


def max_context(
    facts: Facts, task: PlannerTask, billions: float, acc: Accelerator, case: Case | None = None
) -> int | None:
    """The longest context (tokens per sequence) with which the case still fits the accelerator's memory (fit:
    "fits"), at the case's batch, up to the model's own longest context (the case's shape, or the nearest on file)
    and the form's bound; None where it does not fit even at one token, or without a shape."""
    case = case or Case()
    plan = _plan(facts)
    shape = memory.shape_of(plan, billions, case)
    if shape is None:
        return None
    most = min(shape.context, int(planner.FORM_BOUNDS["context"].most))

    def fits(tokens: int) -> bool:
        asked = Case(shape=shape, context=tokens, batch=case.batch, kv8=case.kv8, checkpointing=case.checkpointing)
        return fit(facts, task, billions, acc, asked) == "fits"

    return _largest(fits, most)


def max_batch(
    facts: Facts, task: PlannerTask, billions: float, acc: Accelerator, case: Case | None = None
) -> int | None:
    """The largest batch (sequences at once) that fits the accelerator's memory (fit: "fits") at the case's
    context (the tables' training sequence, planner.contexts[0], where it gives none), up to the form's bound;
    None where one sequence does not fit."""
    case = case or Case()
    plan = _plan(facts)
    shape = memory.shape_of(plan, billions, case)
    context = memory.training_context(plan, case)
    most = int(planner.FORM_BOUNDS["batch"].most)

    def fits(batch: int) -> bool:
        asked = Case(shape=shape, context=context, batch=batch, kv8=case.kv8, checkpointing=case.checkpointing)
        return fit(facts, task, billions, acc, asked) == "fits"

    return _largest(fits, most)


def alternatives(facts: Facts, task: PlannerTask) -> list[PlannerTask]:
    """The tasks that do what this one does in another weight format: the same kind, and for training the same
    trained parameters, optimizer and checkpointing (every inference task, or LoRA and QLoRA), in the file's order."""
    same = (task.kind, task.trains, task.optimizer, task.checkpointing)
    return [t for t in _plan(facts).tasks if (t.kind, t.trains, t.optimizer, t.checkpointing) == same]


def best_format(
    facts: Facts, task: PlannerTask, billions: float, acc: Accelerator, case: Case | None = None
) -> PlannerTask | None:
    """The alternative (alternatives) with the most bits per weight (planner.formats[].bits; the first on file of
    equals) that the accelerator runs and whose model fits its memory (fit: "fits"); None if none does."""
    plan = _plan(facts)
    fitting = [t for t in alternatives(facts, task) if fit(facts, t, billions, acc, case) == "fits"]
    if not fitting:
        return None
    return max(fitting, key=lambda t: memory.weight_format(plan, t).bits.number or 0)
