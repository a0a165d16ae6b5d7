"""One question to the planner, answered as its pages answer it: `python -m generator plan` (cli.py).

Every figure comes from derived.py, the functions the planner page, the side-by-side pages and the
form's data (data/planner.json) use; this module only finds what the command line names, gathers
the figures for one accelerator, task and model, and words the verdict in a catalog's language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from generator import answers, derived, memory, planner, words
from generator.errors import UsageError
from generator.memory import Case, Parts
from generator.model import Accelerator, Facts, Feature, ModelShape, PlannerTask, RunsOn
from generator.planner_data import lack_id
from generator.strings import Catalog

FIT_NAMES = {"fits": "device", "host": "host", "no": "no", "unsupported": "unsupported"}
"""The verdicts as the command line's JSON names them: "device" is the pages' "fits" (in the accelerator's memory)."""


@dataclass(frozen=True)
class Question:
    """What the command line asks: a model of `billions` parameters doing a task on one row.

    `tokens` is, for inference, the tokens per sequence whose KV cache `shape` gives (None without a
    shape), and for training the tokens to train on; `batch` is the sequences decoded at once.
    """

    acc: Accelerator
    task: PlannerTask
    billions: float
    shape: ModelShape | None = None
    tokens: float | None = None
    batch: int = 1


@dataclass(frozen=True)
class Answer:
    """The planner's figures for a question, each None where it does not apply or is unknown."""

    question: Question
    fit: planner.Fit | None
    parts: Parts
    """The memory needed, part by part (derived.breakdown)."""
    reserve_gb: float
    """What the accelerator's memory holds before the model (memory.reserve_gb)."""
    lacks: Feature | RunsOn | None
    precision: str | None
    peak_tflops: float | None
    decode: float | None
    hours: float | None
    dollars_per_hour: float | None
    cost: float | None
    """Dollars per million generated tokens (inference) or for the training run (training)."""
    first_token: float | None = None
    """Lower bound on seconds to the first token (answers.first_token_bound)."""
    max_context: int | None = None
    """The longest context that fits (answers.max_context)."""
    max_batch: int | None = None
    """The largest batch that fits (answers.max_batch)."""
    best: PlannerTask | None = None
    """The task in the weight format with the most bits that fits (answers.best_format)."""

    applies_to: tuple[str, ...] = memory.PARTS
    """The parts that apply to the task (memory.applies)."""

    def applies(self, part: str) -> bool:
        """Whether a part of the memory applies to the question's task."""
        return part in self.applies_to

    @property
    def need_gb(self) -> float:
        """The memory needed in all (the parts' total)."""
        return self.parts.total


def _one(kind: str, given: str, known: dict[str, object]) -> object:
    if given in known:
        return known[given]
    raise UsageError(f"unknown {kind} {given!r}; expected one of: {', '.join(known)}")


def _bounded(name: str, option: str, value: float) -> None:
    """Refuse what the planner's form refuses for this field (planner.FORM_BOUNDS)."""
    bound = planner.FORM_BOUNDS[name]
    whole = bound.whole and not float(value).is_integer()
    if not math.isfinite(value) or not bound.least <= value <= bound.most or whole:
        kind = "a whole number" if bound.whole else "a number"
        least, most = words.number(bound.least), words.number(bound.most)
        raise UsageError(f"{option}: expected {kind} from {least} to {most}, got {value:g}")


def question(
    facts: Facts,
    accelerator: str,
    task_id: str,
    billions: float | None,
    model: str | None = None,
    tokens: float | None = None,
    batch: int | None = None,
) -> Question:
    """The question the command line's options ask; UsageError naming what is wrong and what would do."""
    assert facts.planner is not None, "the facts have no planner section"
    plan = facts.planner
    options = {a.id: [row.id for row in a.rows()] for a in facts.accelerators if a.options}
    if accelerator in options:
        raise UsageError(
            f"accelerator {accelerator!r} comes in options; expected one of: {', '.join(options[accelerator])}"
        )
    acc = _one("accelerator", accelerator, {row.id: row for row in facts.rows})
    task = _one("task", task_id, {t.id: t for t in plan.tasks})
    shape = _one("model shape", model, {m.id: m for m in plan.models}) if model is not None else None
    assert isinstance(acc, Accelerator) and isinstance(task, PlannerTask)
    assert shape is None or isinstance(shape, ModelShape)
    if billions is None:
        if shape is None:
            raise UsageError("expected --params BILLIONS or --model SHAPE (whose size is then taken)")
        billions = shape.billions
    _bounded("billions", "--params", billions)
    if task.kind == "training":
        if batch is not None:
            raise UsageError(f"--batch: applies to inference, and {task.id!r} is a training task")
        _bounded("tokens", "--tokens", tokens if tokens is not None else plan.training_tokens)
        return Question(acc, task, billions, shape, tokens if tokens is not None else plan.training_tokens)
    if tokens is not None and shape is None:
        raise UsageError("--tokens: sizes the KV cache of a model shape; give --model SHAPE too")
    if shape is not None and tokens is None:
        tokens = plan.contexts[0] if plan.contexts else shape.context
    if tokens is not None:
        _bounded("context", "--tokens", tokens)
    _bounded("batch", "--batch", batch if batch is not None else 1)
    return Question(acc, task, billions, shape, tokens, batch if batch is not None else 1)


def case(q: Question) -> Case:
    """The case the question asks: for inference, the shape whose KV cache its tokens and batch size (none without
    a shape); for training, the shape (or the nearest on file) and the tables' training sequence."""
    if q.task.kind == "inference":
        context = int(q.tokens) if q.shape is not None and q.tokens is not None else None
        return Case(shape=q.shape, context=context, batch=q.batch)
    return Case(shape=q.shape)


def answer(facts: Facts, q: Question) -> Answer:
    """The planner's figures for a question, from derived.py as the pages and the form work them out."""
    acc, task, billions = q.acc, q.task, q.billions
    asked = case(q)
    lacks = derived.support(facts, task, acc)
    if task.kind == "inference":
        decode, hours = derived.decode_bound(facts, task, billions, acc, asked), None
        cost = derived.per_million(facts, task, billions, acc, asked)
    else:
        decode, hours = None, derived.training_hours(facts, task, billions, acc, q.tokens, asked)
        cost = derived.run_cost(facts, task, billions, acc, q.tokens, asked)
    assert facts.planner is not None
    return Answer(
        question=q,
        fit=derived.fit(facts, task, billions, acc, asked),
        parts=derived.breakdown(facts, task, billions, asked),
        reserve_gb=memory.reserve_gb(facts.planner, acc),
        applies_to=tuple(part for part in memory.PARTS if memory.applies(facts.planner, task, part)),
        lacks=lacks,
        precision=derived.precision(task, acc) if lacks is None else None,
        peak_tflops=derived.task_peak(task, acc) if lacks is None else None,
        decode=decode,
        hours=hours,
        dollars_per_hour=derived.hourly(facts, acc),
        cost=cost,
        first_token=answers.first_token_bound(facts, task, billions, acc, asked),
        max_context=answers.max_context(facts, task, billions, acc, asked),
        max_batch=answers.max_batch(facts, task, billions, acc, asked),
        best=answers.best_format(facts, task, billions, acc, asked),
    )


def unsupported(catalog: Catalog, task: PlannerTask, lacks: Feature | RunsOn, names: str) -> str:
    """Why these rows cannot run a task, in the catalog's language: the feature they lack, or the kinds of
    accelerator the task's software runs on."""
    if isinstance(lacks, RunsOn):
        kinds = catalog.t("format.list_separator").join(catalog.t(f"kinds.{kind}") for kind in lacks.kinds)
        return catalog.t("planner.unsupported_kind", task=task.name[catalog.locale], kinds=kinds, names=names)
    feature = lacks.name[catalog.locale]
    return catalog.t(
        "planner.unsupported", task=task.name[catalog.locale], feature=feature, min=lacks.min_capability, names=names
    )


def reason(a: Answer, catalog: Catalog) -> str | None:
    """Why the model does not simply fit the accelerator, in the catalog's language; None when it does."""
    acc, name = a.question.acc, a.question.acc.name[catalog.locale]
    device, host = derived.total_memory_gb(acc), derived.host_gb(acc)
    if a.fit == "fits":
        return None
    if a.fit == "unsupported":
        assert a.lacks is not None
        return unsupported(catalog, a.question.task, a.lacks, name)
    if a.fit is None or device is None:
        return catalog.t("planner.reason_unknown", accelerator=name)
    usable = device - a.reserve_gb
    shown = {"need": words.figure(a.need_gb), "usable": words.figure(usable), "accelerator": name}
    if host is None:
        said = catalog.t("planner.reason_no_host", **shown)
    else:
        said = catalog.t(f"planner.reason_{a.fit}", host=words.figure(host), **shown)
    if a.reserve_gb:
        reserve = catalog.t("planner.reason_reserve", device=words.figure(device), reserve=words.figure(a.reserve_gb))
        said = f"{said} {reserve}"
    return said


def as_json(a: Answer, catalog: Catalog) -> dict[str, object]:
    """The answer as the command line's --json prints it: raw numbers (None where none applies)."""
    q = a.question
    inference = q.task.kind == "inference"
    return {
        "accelerator": q.acc.id,
        "accelerator_name": q.acc.name[catalog.locale],
        "offered": q.acc.colab.status == "offered",
        "task": q.task.id,
        "task_name": q.task.name[catalog.locale],
        "kind": q.task.kind,
        "params": q.billions,
        "model": q.shape.id if q.shape else None,
        "tokens": q.tokens,
        "batch": q.batch if inference else None,
        "fit": FIT_NAMES[a.fit] if a.fit is not None else None,
        "reason": reason(a, catalog),
        "lacks": lack_id(a.lacks),
        "memory_gb": a.need_gb,
        "memory_parts_gb": {part: getattr(a.parts, part) if a.applies(part) else None for part in memory.PARTS},
        "kv_cache_gb": a.parts.kv_cache if inference else None,
        "accelerator_memory_gb": derived.total_memory_gb(q.acc),
        "reserve_gb": a.reserve_gb,
        "host_memory_gb": derived.host_gb(q.acc),
        "precision": a.precision,
        "peak_tflops": a.peak_tflops,
        "decode_tokens_per_s_max": a.decode,
        "ttft_s_min": a.first_token,
        "max_context_tokens": a.max_context,
        "max_batch": a.max_batch,
        "best_format": a.best.weights if a.best else None,
        "best_format_task": a.best.id if a.best else None,
        "training_hours": a.hours,
        "dollars_per_hour": a.dollars_per_hour,
        "free": "free" in q.acc.colab.plans,
        "cost": a.cost,
        "cost_unit": "USD per million tokens" if inference else "USD per training run",
    }


def as_text(a: Answer, catalog: Catalog) -> str:
    """The answer in a few lines of the catalog's language, figures rounded as the pages show them."""
    q, t, lang = a.question, catalog.t, catalog.locale
    inference = q.task.kind == "inference"
    parts = [part for part in memory.PARTS if a.applies(part)]
    lines = [
        f"{q.acc.name[lang]}: {q.task.name[lang]}",
        f"{t('planner.billions_label')}: {words.number(q.billions)}",
        f"{t('planner.need')}: {words.figure(a.need_gb)}",
        *(f"  {t(f'planner.part_{part}')}: {words.figure(getattr(a.parts, part))}" for part in parts),
        f"{t('planner.fit_head')}: {t(f'planner.{a.fit}_name') if a.fit else t('values.unknown')}",
    ]
    why = reason(a, catalog)
    if why:
        lines.append(f"{t('planner.reason_label')}: {why}")
    if inference and q.shape is not None:
        lines.append(t("planner.kv_note", gb=words.figure(a.parts.kv_cache)))
    if a.precision:
        lines.append(f"{t('planner.precision_head')}: {t(f'precisions.{a.precision}')}")
    if inference:
        lines.append(f"{t('planner.speed_head')}: {words.figure(a.decode)}")
        lines.append(f"{t('planner.first_token_head')}: {words.figure(a.first_token)}")
        lines.append(f"{t('planner.per_million_head')}: {words.dollars(a.cost)}")
    else:
        lines.append(f"{t('planner.tokens_label')}: {words.number(q.tokens or 0)}")
        lines.append(f"{t('planner.hours_head')}: {words.figure(a.hours)}")
        lines.append(f"{t('planner.per_run_head')}: {words.dollars(a.cost)}")
    lines.append(f"{t('planner.per_hour')}: {words.dollars(a.dollars_per_hour)}")
    for head, whole in (("max_context_head", a.max_context), ("max_batch_head", a.max_batch)):
        lines.append(f"{t(f'planner.{head}')}: {words.number(whole) if whole is not None else words.DASH}")
    best = a.best.name[lang] if a.best else words.DASH
    lines.append(f"{t('planner.best_format_head')}: {best}")
    return "\n".join(lines)
