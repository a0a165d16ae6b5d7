"""What the planner's form computes from: data/planner.json (pipeline.py writes it with each build).

The form's script (docs/assets/javascripts/planner.js) works out every figure the planner page shows
from this: the planner's sourced figures (formats, optimizers, activations, reserve, KV cache), the
model shapes, each task, and each offered row's totals in the units the formulas take (GB, GB/s,
TFLOPS, $ per hour), with what the row makes of each task (derived.precision, derived.task_peak,
derived.support). tests/test_planner.py runs the script over it and compares with derived.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator import derived, memory
from generator.model import Accelerator, Facts, Feature, PlannerTask, RunsOn

RUNS_ON = "runs-on"
"""What a row lacks, in the form's data, when the task's software does not run on its kind (task.runs_on)."""


def lack_id(lack: Feature | RunsOn | None) -> str | None:
    """How the form's data names what a row lacks for a task: the feature's id, RUNS_ON, or None."""
    if lack is None:
        return None
    return RUNS_ON if isinstance(lack, RunsOn) else lack.id


def planner_inputs(facts: Facts, languages: Sequence[str]) -> dict[str, object]:
    """The form's data: the planner's figures and each offered row's, so that the script works out exactly what
    the page's tables show."""
    assert facts.planner is not None, "the facts have no planner section"
    plan = facts.planner

    def row(acc: Accelerator) -> dict[str, object]:
        def here(t: PlannerTask) -> dict[str, object]:
            lacks = lack_id(derived.support(facts, t, acc))
            return {"precision": derived.precision(t, acc), "peak_tflops": derived.task_peak(t, acc), "lacks": lacks}

        return {
            "id": acc.id,
            "name": acc.name,
            "kind": acc.kind,
            "memory_gb": derived.total_memory_gb(acc),
            "reserve_gb": memory.reserve_gb(plan, acc),
            "host_gb": derived.host_gb(acc),
            "bandwidth_gb_s": derived.total_bandwidth_gb_s(acc),
            "dollars_per_hour": derived.hourly(facts, acc),
            "free": "free" in acc.colab.plans,
            "tasks": {t.id: here(t) for t in plan.tasks},
        }

    needed = {need for t in plan.tasks for need in t.needs}
    return {
        "languages": list(languages),
        "sizes": plan.sizes,
        "utilization": plan.utilization.number,
        "training_tokens": plan.training_tokens,
        "training_context": memory.training_context(plan, memory.Case()),
        "formats": [
            {"id": f.id, "name": f.name, "bits": f.bits.number, "keeps_16_bit": f.keeps_16_bit is not None}
            for f in plan.formats
        ],
        "optimizers": [{"id": o.id, "bytes": o.bytes.number} for o in plan.optimizers],
        "gradient_bytes": plan.gradient_bytes.number if plan.gradient_bytes else None,
        "lora": {"rank": plan.lora.rank, "targets": plan.lora.targets} if plan.lora else None,
        "activations": plan.activations.number if plan.activations else None,
        "checkpointed": plan.checkpointed.number if plan.checkpointed else None,
        "tasks": [
            {
                "id": t.id,
                "name": t.name,
                "kind": t.kind,
                "weights": t.weights,
                "trains": t.trains,
                "optimizer": t.optimizer,
                "checkpointing": t.checkpointing,
                "flops": t.flops.number,
                "runs_on": t.runs_on.kinds if t.runs_on else None,
            }
            for t in plan.tasks
        ],
        "features": [
            {"id": f.id, "name": f.name, "min_capability": f.min_capability} for f in facts.features if f.id in needed
        ],
        "kv_bytes": plan.kv_bytes.number if plan.kv_bytes is not None else None,
        "kv_bytes_8bit": plan.kv_bytes_8bit.number if plan.kv_bytes_8bit is not None else None,
        "models": [
            {
                "id": m.id,
                "name": m.name,
                "billions": m.billions,
                "layers": m.layers,
                "hidden": m.hidden,
                "kv_heads": m.kv_heads,
                "head_dim": m.head_dim,
                "ffn": m.ffn,
                "vocab": m.vocab,
                "tied": m.tied,
                "context": m.context,
                "experts": m.experts,
                "active_billions": m.active_billions,
            }
            for m in plan.models
        ],
        "rows": [row(acc) for acc in facts.offered],
    }
