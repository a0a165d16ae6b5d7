"""Memory, part by part: what a model takes on an accelerator for a planner task (facts: `planner:`).

The parts, each in GB (10^9 bytes), each from a sourced figure of the planner section:

- weights: the parameters a format quantizes, at its bits per weight (planner.formats[].bits);
- 16-bit parts: the embeddings, the output layer and the norms, which formats that quantize only the
  linear layers keep in 16 bits (formats[].keeps_16_bit), from the model's shape: vocabulary × hidden
  size per matrix (one if the output layer shares the embedding matrix), and a hidden size per norm;
- KV cache (inference): 2 × layers × KV heads × head dimension × bytes per element × tokens × sequences,
  at 16 bits (planner.kv_bytes) or 8 (planner.kv_bytes_8bit);
- training state: for each trained parameter its gradient (planner.gradient_bytes) and the optimizer's
  states (planner.optimizers[].bytes); adapters (LoRA, planner.lora: rank r on layers of n inputs and m
  outputs, r × (n + m) parameters each) also keep their own 16-bit weights;
- activations (training): tokens × sequences × hidden size × layers × bytes per token and unit of hidden
  size: 34 without gradient checkpointing, 2 with it (Korthikanti et al., planner.activations and
  planner.checkpointed);
- and, apart from the need, what a GPU holds before the model (the CUDA context, planner.reserve):
  the fit compares the need with the card's memory less that.

A size without a model shape of its own takes the shape of the model on file nearest in size (its
layers, hidden size, heads and vocabulary), and that model's share of 16-bit parameters. The planner's
tables, the form's script (docs/assets/javascripts/planner.js mirrors these formulas), the command
line and the measurements (practice.py) all read these.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from generator import planner
from generator.model import Accelerator, ModelShape, Planner, PlannerTask, Quantity, WeightFormat

GB_PER_GIB = 2**30 / 10**9
SIXTEEN_BIT_BYTES = 2
"""Bytes of a value kept in 16 bits (the parts quantized formats leave, the adapters' own weights)."""

PARTS = ("weights", "sixteen_bit", "kv_cache", "training", "activations")
"""The parts of the memory needed, in the order the breakdowns show them."""


def gigabytes(size: Quantity) -> float | None:
    """A memory size in GB (GiB converted), or None if unknown."""
    if size.number is None:
        return None
    return size.number * (GB_PER_GIB if size.unit == "GiB" else 1)


@dataclass(frozen=True)
class Parts:
    """The memory a case needs, part by part, in GB."""

    weights: float = 0.0
    sixteen_bit: float = 0.0
    kv_cache: float = 0.0
    training: float = 0.0
    activations: float = 0.0

    @property
    def total(self) -> float:
        """Everything the case needs (the fit compares it with the memory the accelerator leaves)."""
        return self.weights + self.sixteen_bit + self.kv_cache + self.training + self.activations


@dataclass(frozen=True)
class Case:
    """What a question says beyond the task and the size.

    `shape`: the model's shape, or None for the one on file nearest in size; `context`: tokens per
    sequence (inference: whose KV cache is counted, none if None; training: the sequence trained on,
    planner.contexts[0] if None); `batch`: sequences at once; `kv8`: an 8-bit KV cache;
    `checkpointing`: whether activations are recomputed (None: the task's setting).
    """

    shape: ModelShape | None = None
    context: int | None = None
    batch: int = 1
    kv8: bool = False
    checkpointing: bool | None = None


# --- the formulas, on plain numbers (planner.js mirrors each) --------------------------------------


def sixteen_bit_billions(layers: int, hidden: int, vocab: int, tied: bool) -> float:
    """Parameters (billions) outside the blocks' linear layers: the embedding matrix, the output layer (unless
    it shares the embedding matrix) and the norms (two per layer and a final one, hidden size each)."""
    return (vocab * hidden * (1 if tied else 2) + (2 * layers + 1) * hidden) / 1e9


def adapter_billions(
    layers: int, hidden: int, kv_dim: int, ffn: int, rank: int, targets: Sequence[str], experts: int = 1
) -> float:
    """Parameters (billions) of LoRA adapters of rank r on the given linear layers of every block: r × (inputs +
    outputs) each, attention q and o hidden → hidden, k and v hidden → KV heads × head dimension, the MLP's gate
    and up hidden → ffn and down ffn → hidden, on each of a mixture's experts."""
    sides = {"q": hidden + hidden, "k": hidden + kv_dim, "v": hidden + kv_dim, "o": hidden + hidden}
    sides |= {"gate": experts * (hidden + ffn), "up": experts * (hidden + ffn), "down": experts * (ffn + hidden)}
    return layers * rank * sum(sides[target] for target in targets) / 1e9


def activations_gb(layers: int, hidden: int, tokens: float, batch: int, bytes_per: float) -> float:
    """GB of activations kept for the backward pass: tokens × sequences × hidden size × layers × bytes per token
    and unit of hidden size (Korthikanti et al.: 34 without recomputation, 2 with it)."""
    return tokens * batch * hidden * layers * bytes_per / 1e9


def weights_gb(billions: float, bits: float, kept_share: float) -> tuple[float, float]:
    """GB of the quantized weights and of the parts kept in 16 bits, for `billions` parameters of which the share
    `kept_share` stays in 16 bits."""
    kept = billions * kept_share
    return (billions - kept) * bits / 8, kept * SIXTEEN_BIT_BYTES


# --- on the facts ----------------------------------------------------------------------------------


def nearest_shape(plan: Planner, billions: float) -> ModelShape | None:
    """The dense model shape on file nearest in size to `billions` (on a log scale; the first on file of equals), or
    None without one: a size given without a model is a dense model's, so a mixture of experts is never taken."""
    dense = [m for m in plan.models if m.active_billions is None]
    if not dense:
        return None
    return min(dense, key=lambda m: abs(math.log(m.billions / billions)))


def shape_of(plan: Planner, billions: float, case: Case) -> ModelShape | None:
    """The shape a case is worked out with: its own, or the nearest on file."""
    return case.shape if case.shape is not None else nearest_shape(plan, billions)


def weight_format(plan: Planner, task: PlannerTask) -> WeightFormat:
    """The format the task holds its weights in (task.weights, an id of planner.formats)."""
    return next(f for f in plan.formats if f.id == task.weights)


def kept_share(fmt: WeightFormat, shape: ModelShape | None) -> float:
    """The share of the parameters a format keeps in 16 bits: the shape's embeddings, output layer and norms ÷ its
    parameters (none for a format that quantizes every weight, or without a shape)."""
    if fmt.keeps_16_bit is None or shape is None:
        return 0.0
    kept = sixteen_bit_billions(shape.layers, shape.hidden, shape.vocab, shape.tied)
    return min(1.0, kept / shape.billions)


def embedding_share(shape: ModelShape | None) -> float:
    """The share of the parameters in an input embedding matrix that decoding does not read whole (each token
    reads one row): vocabulary × hidden ÷ parameters; none if the output layer shares it (it is read as that)."""
    if shape is None or shape.tied:
        return 0.0
    return min(0.5, shape.vocab * shape.hidden / 1e9 / shape.billions)


def kv_element(plan: Planner, case: Case) -> float | None:
    """Bytes per element of the case's KV cache: planner.kv_bytes_8bit for an 8-bit cache, else planner.kv_bytes."""
    element = plan.kv_bytes_8bit if case.kv8 else plan.kv_bytes
    return element.number if element is not None else None


def kv_cache_gb(plan: Planner, shape: ModelShape | None, case: Case) -> float:
    """GB of KV cache of the case's sequences at its context (0 without a context, a shape or an element size)."""
    element = kv_element(plan, case)
    if case.context is None or shape is None or element is None:
        return 0.0
    return planner.kv_cache_gb(shape.layers, shape.kv_heads, shape.head_dim, element, case.context, case.batch)


def checkpointing(task: PlannerTask, case: Case) -> bool:
    """Whether the case recomputes activations: the case says, else the task."""
    return task.checkpointing if case.checkpointing is None else case.checkpointing


def training_context(plan: Planner, case: Case) -> int:
    """Tokens per training sequence: the case's, else the first context of planner.contexts (else 2,048)."""
    if case.context is not None:
        return case.context
    return plan.contexts[0] if plan.contexts else 2048


def breakdown(plan: Planner, task: PlannerTask, billions: float, case: Case | None = None) -> Parts:
    """The memory a model of `billions` parameters needs for a task, part by part (GB)."""
    case = case or Case()
    shape = shape_of(plan, billions, case)
    fmt = weight_format(plan, task)
    assert fmt.bits.number is not None, "the model requires bits per weight"
    quantized, kept = weights_gb(billions, fmt.bits.number, kept_share(fmt, shape))
    if task.kind == "inference":
        return Parts(weights=quantized, sixteen_bit=kept, kv_cache=kv_cache_gb(plan, shape, case))
    assert shape is not None, "the model requires a model shape for training tasks"
    optimizer = next(o for o in plan.optimizers if o.id == task.optimizer)
    gradient = plan.gradient_bytes.number if plan.gradient_bytes else None
    states = optimizer.bytes.number
    assert gradient is not None and states is not None
    if task.trains == "adapters":
        assert plan.lora is not None
        trained = adapter_billions(
            shape.layers,
            shape.hidden,
            shape.kv_heads * shape.head_dim,
            shape.ffn,
            plan.lora.rank,
            plan.lora.targets,
            shape.experts or 1,
        )
        state = trained * (SIXTEEN_BIT_BYTES + gradient + states)
    else:
        state = billions * (gradient + states)
    per = plan.checkpointed if checkpointing(task, case) else plan.activations
    assert per is not None and per.number is not None
    kept_activations = activations_gb(shape.layers, shape.hidden, training_context(plan, case), case.batch, per.number)
    return Parts(weights=quantized, sixteen_bit=kept, training=state, activations=kept_activations)


def applies(plan: Planner, task: PlannerTask, part: str) -> bool:
    """Whether a part of the memory applies to a task (the others are shown as a dash): the 16-bit parts to a
    format that keeps them, the KV cache to inference, the training state and the activations to training."""
    if part == "sixteen_bit":
        return weight_format(plan, task).keeps_16_bit is not None
    if part == "kv_cache":
        return task.kind == "inference"
    if part in ("training", "activations"):
        return task.kind == "training"
    return True


def active_share(shape: ModelShape | None) -> float:
    """The share of the parameters a token uses: a mixture of experts' active_billions ÷ billions; 1 for a dense
    model (or without a shape)."""
    if shape is None or shape.active_billions is None:
        return 1.0
    return shape.active_billions / shape.billions


def active_billions(plan: Planner, billions: float, case: Case | None = None) -> float:
    """Parameters (billions) a token uses, which bound the speed (memory counts them all): `billions` × the share
    of its shape (active_share)."""
    return billions * active_share(shape_of(plan, billions, case or Case()))


def read_gb(plan: Planner, task: PlannerTask, billions: float, case: Case | None = None) -> float:
    """GB a decoding step reads: every weight a token uses (all of a dense model's, a mixture's active ones, the
    parts kept in 16 bits among them) but the input embedding matrix (of which each token reads one row), and the
    whole KV cache."""
    case = case or Case()
    parts = breakdown(plan, task, billions, case)
    shape = shape_of(plan, billions, case)
    fmt = weight_format(plan, task)
    assert fmt.bits.number is not None
    kept = billions * kept_share(fmt, shape)
    quantized = max(0.0, active_billions(plan, billions, case) - kept) * fmt.bits.number / 8
    table = billions * embedding_share(shape)
    table_gb = table * (SIXTEEN_BIT_BYTES if kept_share(fmt, shape) else fmt.bits.number / 8)
    return quantized + parts.sixteen_bit - table_gb + parts.kv_cache


def reserve_gb(plan: Planner, acc: Accelerator) -> float:
    """GB a GPU's memory holds before the model (planner.reserve: the CUDA context and kernels); 0 on a TPU or the
    CPU runtime, or where none is on file."""
    if acc.kind != "gpu" or plan.reserve is None:
        return 0.0
    return gigabytes(plan.reserve) or 0.0
