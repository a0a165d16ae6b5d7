"""The planner's formulas, defined once: will a model fit, how fast can it run, what will it cost.

Every figure is a bound or an estimate from published figures (content/accelerators.yaml, `planner:`,
cites them), never a measurement:

- memory needed (GB): the parts memory.py adds up (weights in their format, the parts kept in 16 bits,
  KV cache, training state, activations);
- a task needs what its accelerator may lack (bitsandbytes' 4-bit loading needs an NVIDIA GPU, llama.cpp
  has no TPU backend): there, it is "unsupported", whatever the memory (derived.support decides);
- it fits an accelerator when that is at most the memory the accelerator leaves (a GPU's memory less what
  its CUDA context holds: derived.usable_gb); else, if it is at most the runtime's system memory, it fits
  "only in host memory" (offloaded, far slower);
- the KV cache holds a key and a value per layer, KV head and token: GB = 2 × layers × KV heads ×
  head dimension × bytes per element × tokens × sequences ÷ 10^9; inference needs it on top;
- each decoding step reads every weight once (but the input embedding matrix, of which each token reads a
  row) and each sequence's KV cache, and gives one token per sequence, so tokens per second ≤ sequences ×
  memory bandwidth (GB/s) ÷ GB read; nor can it beat the peak dense rate of the precision the task
  computes in, at the task's operations per parameter and token (2: the forward pass);
- training takes about k × parameters × tokens floating-point operations (k = 6 to train every weight,
  4 for adapters on frozen weights: the facts cite both), so hours ≈ k × N × T ÷ (peak dense rate ×
  utilization) ÷ 3,600;
- cost = hours × dollars per hour; per million generated tokens = dollars per hour ÷ (tokens per
  second × 3,600) × 1,000,000.

The page's tables (generator/templates/planner.md.j2), the form's script and the command line
(generator/plan.py) use these; the JSON export carries their inputs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

Fit = Literal["fits", "host", "no", "unsupported"]


def fit(need_gb: float, device_gb: float | None, host_gb: float | None) -> Fit | None:
    """Whether the need fits the accelerator's memory, only the host's memory, or neither; None if unknown."""
    if device_gb is None:
        return None
    if need_gb <= device_gb:
        return "fits"
    if host_gb is not None and need_gb <= host_gb:
        return "host"
    return "no"


def kv_cache_gb(
    layers: int, kv_heads: int, head_dim: int, element_bytes: float, tokens: float, batch: int = 1
) -> float:
    """GB of KV cache for `batch` sequences of `tokens` tokens each: a key and a value per layer and KV head."""
    return 2 * layers * kv_heads * head_dim * element_bytes * tokens * batch / 1e9


def decode_tokens_per_second(
    bandwidth_gb_s: float,
    read_gb: float,
    billions: float,
    *,
    batch: int = 1,
    peak_tflops: float | None = None,
    flops: float = 2,
) -> float:
    """Upper bound on tokens per second, all sequences together, decoding `batch` sequences at once.

    A step reads `read_gb` (the weights and the whole KV cache: memory.read_gb) and gives one token per
    sequence; it also needs `flops` operations per parameter per token (2, the forward pass), which the peak
    dense rate bounds.
    """
    bound = batch * bandwidth_gb_s / read_gb
    if peak_tflops:
        bound = min(bound, peak_tflops * 1e12 / (flops * billions * 1e9))
    return bound


def training_hours(billions: float, tokens: float, peak_tflops: float, utilization: float, flops: float) -> float:
    """Estimated hours to train on `tokens` tokens at `utilization` of the peak dense rate, at `flops`
    operations per parameter per token."""
    operations = flops * billions * 1e9 * tokens
    return operations / (peak_tflops * 1e12 * utilization) / 3600


def cost_per_million_tokens(dollars_per_hour: float, tokens_per_second: float) -> float:
    """Dollars per million generated tokens at a rate of tokens per second."""
    return dollars_per_hour / (tokens_per_second * 3600) * 1e6


def significant(value: float, digits: int = 3) -> float:
    """Value rounded to so many significant digits, the way the form rounds it too (half away from zero)."""
    if value == 0:
        return 0.0
    exact = Decimal(repr(value))
    places = digits - exact.adjusted() - 1
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Bound:
    """The numbers the planner's form takes in one field: from least to most, whole numbers or any."""

    least: float
    most: float
    whole: bool = False

    def widened(self, values: Iterable[float]) -> Bound:
        """This bound taking in these values too (figures on file, which the form must accept)."""
        values = list(values)
        return Bound(min([self.least, *values]), max([self.most, *values]), self.whole)


FORM_BOUNDS = {
    "billions": Bound(0.01, 2_000),  # 10 million to 2 trillion parameters
    "context": Bound(1, 10_000_000, whole=True),  # tokens per sequence
    "batch": Bound(1, 4_096, whole=True),  # sequences at once
    "tokens": Bound(1, 1e15, whole=True),  # training tokens (the largest runs published use a few 10^13)
    "utilization": Bound(1, 100),  # percent of the peak rate
}
"""What the form refuses beyond: inside these, every figure it works out is a finite number (the
script refuses anything else rather than show NaN or Infinity); tests/test_planner.py runs its corners."""


def form_bounds(on_file: Mapping[str, Iterable[float]]) -> dict[str, Bound]:
    """The form's bounds, each widened to take in the figures on file for its field (a model's context, say)."""
    return {name: bound.widened(on_file.get(name, ())) for name, bound in FORM_BOUNDS.items()}


def first_token_seconds(prompt_tokens: float, billions: float, peak_tflops: float, flops: float = 2) -> float:
    """Lower bound on seconds to the first token: the prefill of `prompt_tokens` tokens (all sequences together)
    needs `flops` operations per parameter and token, which cannot run faster than the peak dense rate."""
    return prompt_tokens * flops * billions * 1e9 / (peak_tflops * 1e12)
