"""Derived figures, defined once: what follows from the validated facts, as numbers in no language.

Like a spreadsheet's formula cells: the pages (generator/view*.py), the charts, the planner's data
(data/planner.json) and the tests all read these functions, so no two places can work out one
figure two ways. Each takes the facts (or one row of them) and returns a number, or None where a
fact it rests on is unknown; its docstring names the facts it rests on. Formatting the number in a
language is words.py's job; citing the facts is cite.py's.

The planner's formulas on plain numbers live in planner.py (its form's script mirrors them);
the functions here apply them to the facts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel

from generator import memory, planner
from generator.memory import GB_PER_GIB as GB_PER_GIB
from generator.memory import Case, Parts, gigabytes
from generator.model import (
    Accelerator,
    Advice,
    Facts,
    Feature,
    ModelShape,
    Plan,
    Planner,
    PlannerTask,
    Quantity,
    RunsOn,
    capability_key,
)

CLOSE = 1.05
"""Two figures are about the same when the larger is less than 5 % larger (side-by-side pages)."""

Likeness = Literal["same", "close", "more"]


def _exact(value: float) -> Decimal:
    """A figure of the facts as the decimal it was written as (0.1 stays 0.1)."""
    return Decimal(repr(value))


# --- one accelerator (a row: an accelerator, or one of its options) -------------------------------


def total_memory_gb(acc: Accelerator) -> float | None:
    """Memory of the whole configuration in GB: memory.size per chip × chips."""
    per_chip = gigabytes(acc.memory.size)
    return per_chip * acc.chip_count if per_chip is not None else None


def host_gb(acc: Accelerator) -> float | None:
    """System memory of the largest runtime on file with this accelerator in GB: runtime.high_ram.ram or
    runtime.standard.ram, whichever is larger (an A100 40 GB has only a standard one); None where no
    runtime's RAM is known."""
    hosts = (acc.runtime.high_ram, acc.runtime.standard) if acc.runtime else ()
    sizes = [size for host in hosts if host is not None and (size := gigabytes(host.ram)) is not None]
    return max(sizes) if sizes else None


def total_bandwidth_gb_s(acc: Accelerator) -> float | None:
    """Memory bandwidth of the whole configuration in GB/s: memory.bandwidth per chip × chips."""
    bandwidth = acc.memory.bandwidth.number
    return bandwidth * acc.chip_count if bandwidth is not None else None


def sixteen_bit(acc: Accelerator) -> str | None:
    """The 16-bit precision to compare on: bf16, or fp16 where BF16 has no figure (compute.*.dense); None if neither."""
    for precision in ("bf16", "fp16"):
        rate = acc.peak(precision, "dense")
        if rate is not None and rate.known:
            return precision
    return None


def total_peak(acc: Accelerator, precision: str) -> float | None:
    """Peak dense rate of the whole configuration at a precision: compute.<precision>.dense × chips.

    None if unknown, unsupported or zero (no ratio can be taken of it).
    """
    rate = acc.peak(precision, "dense")
    return rate.number * acc.chip_count if rate is not None and rate.number else None


def peak_tflops(acc: Accelerator) -> float | None:
    """The configuration's peak dense 16-bit rate in TFLOPS (the planner's compute bound); None if unknown."""
    precision = sixteen_bit(acc)
    return total_peak(acc, precision) if precision else None


def intensity(acc: Accelerator) -> Decimal | None:
    """FLOPs per byte of memory traffic at which the chip turns from memory-bound to compute-bound.

    Peak 16-bit dense rate per chip (TFLOPS × 10^12) ÷ memory.bandwidth per chip (GB/s × 10^9).
    """
    precision = sixteen_bit(acc)
    bandwidth = acc.memory.bandwidth
    if precision is None or bandwidth.number is None:
        return None
    rate = acc.peak(precision, "dense")
    assert rate is not None and rate.number is not None
    return _exact(rate.number) * 1000 / _exact(bandwidth.number)


def per_watt(acc: Accelerator) -> Decimal | None:
    """Peak 16-bit dense TFLOPS per watt of board power (power), per chip; None where either is unknown."""
    precision, power = sixteen_bit(acc), acc.power
    if precision is None or power is None or power.number is None:
        return None
    rate = acc.peak(precision, "dense")
    assert rate is not None and rate.number is not None
    return _exact(rate.number) / _exact(power.number)


def capability(acc: Accelerator) -> str | None:
    """The accelerator's CUDA compute capability ('8.0', software.compute_capability), or None if it has none."""
    software = acc.software
    if software is None or software.compute_capability is None:
        return None
    return software.compute_capability.value


# --- which figures apply (issue 23) ------------------------------------------------------------

APPLIES_TO = {"power": frozenset({"gpu", "tpu"}), "compute_capability": frozenset({"gpu"})}
"""The kinds of accelerator each optional figure is about. Board power is an accelerator board's (a
CPU runtime has none); CUDA compute capability an NVIDIA GPU's (every GPU Colab offers is NVIDIA's).
Where a figure applies and the facts have none, it is unknown; elsewhere it does not apply (n/a)."""


def applies(acc: Accelerator, figure: Literal["power", "compute_capability"]) -> bool:
    """Whether a figure that not every accelerator has (APPLIES_TO) is about this one."""
    return acc.kind in APPLIES_TO[figure]


def features(facts: Facts, acc: Accelerator) -> list[tuple[Feature, bool]]:
    """Each feature that needs a compute capability, and whether this GPU has it; empty without one."""
    mine = capability(acc)
    if mine is None:
        return []
    here = capability_key(mine)
    return [
        (f, capability_key(f.min_capability) <= here <= capability_key(f.max_capability or "99.9"))
        for f in facts.features
    ]


def matches(facts: Facts, advice: Advice) -> list[Accelerator]:
    """Offered rows that meet every condition of a piece of advice (kinds, plans, total memory)."""
    m = advice.match
    checks: list[Callable[[Accelerator], bool]] = []
    if m.kinds is not None:
        kinds = m.kinds
        checks.append(lambda a: a.kind in kinds)
    if m.plans is not None:
        plans = m.plans
        checks.append(lambda a: any(p in plans for p in a.colab.plans))
    if m.min_memory_gb is not None:
        low = m.min_memory_gb
        checks.append(lambda a: (total_memory_gb(a) or 0) > low)
    if m.max_memory_gb is not None:
        high = m.max_memory_gb
        checks.append(lambda a: (total_memory_gb(a) or float("inf")) <= high)
    return [a for a in facts.offered if all(check(a) for check in checks)]


def instead(facts: Facts, acc: Accelerator) -> Accelerator | None:
    """What to pick when Colab cannot give this row (it guarantees none): another offered row of the
    same kind (else another GPU or TPU) on one of its plans, the fastest one not faster than it by the
    16-bit dense peak (peak_tflops), else the slowest one faster; None for the CPU runtime or a row
    with no such other."""
    mine = peak_tflops(acc)
    if acc.kind == "cpu" or mine is None:
        return None
    plans = set(acc.colab.plans)
    near = [
        (peak, other)
        for other in facts.offered
        if other.id != acc.id and other.kind != "cpu" and plans & set(other.colab.plans)
        for peak in [peak_tflops(other)]
        if peak is not None
    ]
    others = [pair for pair in near if pair[1].kind == acc.kind] or near  # a GPU for a TPU if no other TPU
    slower = [pair for pair in others if pair[0] <= mine]
    if slower:
        return max(slower, key=lambda pair: pair[0])[1]
    return min(others, key=lambda pair: pair[0])[1] if others else None


# --- what it costs ----------------------------------------------------------------------------


def unit_price(facts: Facts) -> tuple[Decimal, Plan] | None:
    """US dollars per compute unit bought without a subscription (the first plan billed once:
    price ÷ compute_units), and that plan; None if no plan says both."""
    for plan in facts.plans:
        price, units = plan.price, plan.compute_units
        if plan.billing == "once" and price and units and price.number is not None and units.number is not None:
            return _exact(price.number) / _exact(units.number), plan
    return None


def cost_per_hour(facts: Facts, acc: Accelerator) -> Decimal | None:
    """US dollars per hour: colab.compute_units (observed units per hour) × dollars per unit (unit_price)."""
    rate, price = acc.colab.compute_units, unit_price(facts)
    if rate is None or rate.number is None or price is None:
        return None
    return _exact(rate.number) * price[0]


def hourly(facts: Facts, acc: Accelerator) -> float | None:
    """cost_per_hour as a float, in the units the planner's formulas take."""
    cost = cost_per_hour(facts, acc)
    return float(cost) if cost is not None else None


def cost_per_tflop_hour(facts: Facts, acc: Accelerator) -> Decimal | None:
    """US dollars per hour of one peak 16-bit dense TFLOPS: cost_per_hour ÷ the configuration's peak."""
    cost, precision = cost_per_hour(facts, acc), sixteen_bit(acc)
    if cost is None or precision is None:
        return None
    rate = acc.peak(precision, "dense")
    assert rate is not None and rate.number is not None
    return cost / (_exact(rate.number) * acc.chip_count)


def plan_hours(facts: Facts, plan: Plan, acc: Accelerator) -> Decimal | None:
    """Hours of an accelerator that a plan's included compute units buy: plan.compute_units ÷
    colab.compute_units (CU/h); None where either is unknown or the plan includes none."""
    rate, units = acc.colab.compute_units, plan.compute_units
    if rate is None or rate.number is None or units is None or units.number is None or plan.billing != "monthly":
        return None
    return _exact(units.number) / _exact(rate.number)


# --- how old an observation is ----------------------------------------------------------------

STALE_AFTER_DAYS = 365
"""An observed figure seen more than this long before the newest check may be out of date."""


def newest_check(facts: Facts) -> date:
    """The newest `checked` date of the sources: the day the facts speak for (the build's date too)."""
    return max(source.checked for source in facts.sources)


def seen(facts: Facts, fact: Quantity) -> date | None:
    """When an observed figure was seen: its `observed` day, else the first day of its source's
    `published` month; None if neither says."""
    if fact.observed is not None:
        return fact.observed
    source = facts.source(fact.source) if fact.source else None
    if source is None or source.published is None:
        return None
    year, month = source.published.split("-")
    return date(int(year), int(month), 1)


def stale(facts: Facts, fact: Quantity) -> bool:
    """Whether an observed figure (basis observed) was seen more than STALE_AFTER_DAYS before newest_check."""
    if fact.basis != "observed" or not fact.known:
        return False
    when = seen(facts, fact)
    return when is not None and (newest_check(facts) - when).days > STALE_AFTER_DAYS


def stale_observations(facts: Facts) -> list[tuple[tuple[str | int, ...], Quantity, date]]:
    """Every stale observed figure in the facts file: (its place as a path of keys and indices, the
    figure, the day it was seen), in the file's order."""
    found: list[tuple[tuple[str | int, ...], Quantity, date]] = []

    def walk(node: object, loc: tuple[str | int, ...]) -> None:
        if isinstance(node, Quantity) and stale(facts, node):
            when = seen(facts, node)
            assert when is not None
            found.append((loc, node, when))
        if isinstance(node, BaseModel):
            for name in type(node).model_fields:
                walk(getattr(node, name), (*loc, name))
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, (*loc, index))

    walk(facts, ())
    return found


# --- two figures side by side -----------------------------------------------------------------


def ratio(a: float | Decimal | None, b: float | Decimal | None) -> Decimal | None:
    """b ÷ a; None where either is unknown or a is zero."""
    if a is None or b is None or not a:
        return None
    return _exact(float(b) / float(a))


def likeness(x: float | Decimal | None, y: float | Decimal | None) -> Likeness | None:
    """How two figures compare: the same, close (within CLOSE), or one more; None if either is unknown or zero."""
    if not x or not y:
        return None
    if x == y:
        return "same"
    return "close" if float(max(x, y)) / float(min(x, y)) < CLOSE else "more"


# --- the planner: will it fit, how fast, at what cost (formulas in planner.py and memory.py) -------


def _plan(facts: Facts) -> Planner:
    assert facts.planner is not None, "the facts have no planner section"
    return facts.planner


def breakdown(facts: Facts, task: PlannerTask, billions: float, case: Case | None = None) -> Parts:
    """The memory a model of `billions` parameters needs for a task, part by part (memory.breakdown): weights,
    16-bit parts, KV cache, training state, activations."""
    return memory.breakdown(_plan(facts), task, billions, case)


def need_gb(facts: Facts, task: PlannerTask, billions: float, case: Case | None = None) -> float:
    """GB a model of `billions` parameters needs for a task: the total of its parts (breakdown)."""
    return breakdown(facts, task, billions, case).total


def usable_gb(facts: Facts, acc: Accelerator) -> float | None:
    """GB of the accelerator's memory a model can use: total_memory_gb less what a GPU holds before the model
    (memory.reserve_gb, planner.reserve); None where the memory is unknown."""
    total = total_memory_gb(acc)
    return total - memory.reserve_gb(_plan(facts), acc) if total is not None else None


def support(facts: Facts, task: PlannerTask, acc: Accelerator) -> Feature | RunsOn | None:
    """Why the accelerator cannot run the task: the kinds its software runs on (task.runs_on) if the accelerator
    is of another kind, else the first feature the task needs (task.needs) that it lacks; None if it can. Each
    feature needs a CUDA compute capability (features), so an accelerator without one (the CPU, a TPU) lacks
    every feature."""
    if task.runs_on is not None and acc.kind not in task.runs_on.kinds:
        return task.runs_on
    has = {feature.id for feature, ok in features(facts, acc) if ok}
    missing = [need for need in task.needs if need not in has]
    return next((f for f in facts.features if f.id == missing[0]), None) if missing else None


def precision(task: PlannerTask, acc: Accelerator) -> str | None:
    """The precision the task computes in on this accelerator (task.computes_in): fp32 or fp8, or for a 16-bit
    task BF16 where the accelerator has it, else FP16 (sixteen_bit); None where neither is known."""
    return task.computes_in if task.computes_in in ("fp32", "fp8") else sixteen_bit(acc)


def task_peak(task: PlannerTask, acc: Accelerator) -> float | None:
    """The configuration's peak dense rate (TFLOPS) in the precision the task computes in; None if unknown."""
    computes_in = precision(task, acc)
    return total_peak(acc, computes_in) if computes_in else None


def fit(
    facts: Facts, task: PlannerTask, billions: float, acc: Accelerator, case: Case | None = None
) -> planner.Fit | None:
    """unsupported (the accelerator lacks what the task needs: support), fits (within usable_gb), host (only in
    the runtime's system memory: host_gb), no, or None (memory unknown)."""
    if support(facts, task, acc) is not None:
        return "unsupported"
    return planner.fit(need_gb(facts, task, billions, case), usable_gb(facts, acc), host_gb(acc))


def largest_fit(facts: Facts, task: PlannerTask, acc: Accelerator) -> float | None:
    """The largest of the planner's sizes that fits the accelerator's memory for a task (the tables' case: no KV
    cache, a training sequence of the first context); None if none."""
    fitting = [b for b in _plan(facts).sizes if fit(facts, task, b, acc) == "fits"]
    return max(fitting) if fitting else None


def decode_bound(
    facts: Facts, task: PlannerTask, billions: float, acc: Accelerator, case: Case | None = None
) -> float | None:
    """Upper bound on tokens per second of the case's sequences, from the total bandwidth over the bytes a step
    reads (memory.read_gb) and the peak of the precision the task computes in (task_peak) at task.flops
    operations per parameter a token uses (memory.active_billions: a mixture of experts' active ones); None
    unless the task infers, the accelerator supports it and the model fits it."""
    case = case or Case()
    bandwidth, flops = total_bandwidth_gb_s(acc), task.flops.number
    if task.kind != "inference" or bandwidth is None or flops is None:
        return None
    if fit(facts, task, billions, acc, case) != "fits":
        return None
    read = memory.read_gb(_plan(facts), task, billions, case)
    active = memory.active_billions(_plan(facts), billions, case)
    return planner.decode_tokens_per_second(
        bandwidth, read, active, batch=case.batch, peak_tflops=task_peak(task, acc), flops=flops
    )


def training_hours(
    facts: Facts,
    task: PlannerTask,
    billions: float,
    acc: Accelerator,
    tokens: float | None = None,
    case: Case | None = None,
) -> float | None:
    """Hours of a training run on `tokens` tokens (planner.training_tokens unless given) at task.flops operations
    per parameter a token uses (memory.active_billions) and planner.utilization of the peak of the precision the
    task computes in (task_peak); None unless the task trains, the accelerator supports it, the model fits and the
    peak is known."""
    plan = _plan(facts)
    rate, utilization, flops = task_peak(task, acc), plan.utilization.number, task.flops.number
    if task.kind != "training" or rate is None or utilization is None or flops is None:
        return None
    if fit(facts, task, billions, acc, case) != "fits":
        return None
    active = memory.active_billions(plan, billions, case)
    return planner.training_hours(active, plan.training_tokens if tokens is None else tokens, rate, utilization, flops)


def kv_gb(
    facts: Facts, shape: ModelShape, tokens: int, *, past_context: bool = False, kv8: bool = False
) -> float | None:
    """GB of KV cache for one sequence of `tokens` tokens (planner.kv_bytes, or kv_bytes_8bit, per element); None
    where the element size is unknown, or beyond the model's context unless `past_context`."""
    element = memory.kv_element(_plan(facts), Case(kv8=kv8))
    if element is None or (tokens > shape.context and not past_context):
        return None
    return planner.kv_cache_gb(shape.layers, shape.kv_heads, shape.head_dim, element, tokens)


def per_million(
    facts: Facts, task: PlannerTask, billions: float, acc: Accelerator, case: Case | None = None
) -> float | None:
    """Dollars per million generated tokens at the decoding bound; None where either is unknown."""
    dollars, rate = hourly(facts, acc), decode_bound(facts, task, billions, acc, case)
    return planner.cost_per_million_tokens(dollars, rate) if dollars is not None and rate else None


def run_cost(
    facts: Facts,
    task: PlannerTask,
    billions: float,
    acc: Accelerator,
    tokens: float | None = None,
    case: Case | None = None,
) -> float | None:
    """Dollars for a training run (the example one unless `tokens` is given): training_hours × hourly; None
    where either is unknown."""
    dollars, hours = hourly(facts, acc), training_hours(facts, task, billions, acc, tokens, case)
    return dollars * hours if dollars is not None and hours is not None else None
