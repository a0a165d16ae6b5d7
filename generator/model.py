"""The schema of the facts file: frozen pydantic models, each field with its help text.

Numbers are stored once, language-neutral, with their unit and source; prose is stored with
every language side by side (`{en: ..., ko: ...}`). The languages themselves come from the UI
catalogs (content/i18n/), passed in as validation context, so adding one needs no code change.
"""

from __future__ import annotations

import functools
import math
import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from generator import text as _text
from generator import textcheck

Status = Literal["unknown", "not_supported"]
"""A value that is not a number: nobody publishes it, or the hardware does not do it."""

UNKNOWN: Status = "unknown"
NOT_SUPPORTED: Status = "not_supported"

PRECISIONS = ("fp32", "tf32", "bf16", "fp16", "fp8", "int8")
"""Precisions of peak compute, in the order pages show them."""

Basis = Literal["vendor", "cloud", "observed", "derived", "reference"]
"""What establishes a figure, from best to least direct:

- vendor: the chip maker's own datasheet or documentation (NVIDIA for its GPUs, Google for TPUs);
- cloud: documentation of the platform Colab runs on (Google Cloud machine types, Colab's own docs);
- observed: a dated report: users' tool output, Colab team replies, community measurements, press;
- derived: computed from other facts by a formula the page shows;
- reference: a published rule of thumb (a paper, the documentation of an ML library), for the planner.
"""

BASES: tuple[Basis, ...] = ("vendor", "cloud", "observed", "derived", "reference")

Formula = Literal["half-of-sparse", "cores-per-chip", "per-chip-of-board", "cloud-machine-type"]
"""How a derived figure is computed; each has a sentence per language in the catalogs (formulas.*)."""

SOURCE_KINDS = {
    "datasheet": "vendor",
    "vendor-docs": "vendor",
    "vendor-page": "vendor",
    "vendor-blog": "vendor",
    "vendor-code": "vendor",
    "cloud-docs": "cloud",
    "colab-statement": "observed",
    "colab-announcement": "observed",
    "press": "observed",
    "community": "observed",
    "paper": "reference",
    "project-docs": "reference",
}
"""Each kind of source, and the basis of the figures taken from it unless a figure says otherwise."""


def source_basis(source: Any) -> str | None:
    """The basis of a source as written in the facts file: its own `basis`, else its kind's; None if neither."""
    if not isinstance(source, dict):
        return None
    basis = source.get("basis", SOURCE_KINDS.get(str(source.get("kind"))))
    return basis if isinstance(basis, str) else None


class Model(BaseModel):
    """Base of every model: immutable, strict about types, and no unknown fields."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


def expected(what: str, **ctx: Any) -> PydanticCustomError:
    """Build the error every custom check raises: 'expected <what>'."""
    return PydanticCustomError("expected", "expected {what}", {"what": what, **ctx})


# --- small value types -------------------------------------------------------------------


MAX_ID = 40
"""Longest id: ids name files and anchors."""
EARLIEST = date(2000, 1, 1)
"""No source about today's accelerators is older; an earlier date is a typo."""
MIN_NUMBER = 0.001
"""Smallest number a figure may have: a smaller one is a typo (and would overflow what is derived from it)."""

# Every list has a length no real file comes near (the real facts, in brackets), so that no list can
# make the build slow or the pages unreadable: a longer one is a mistake (a list pasted twice, a
# generated file gone wrong). tools/bench.py builds 1,000 accelerators.
MAX_SOURCES = 5_000  # (53)
MAX_PLANS = 50  # (4)
MAX_ACCELERATORS = 2_000  # (9)
MAX_FEATURES = 500  # (6)
MAX_ADVICE = 200  # (5)
MAX_OPTIONS = 10  # (2)
MAX_DISPUTED = 20  # (1)
MAX_NAMES = 20
"""Most other names (aliases, glossary variants to avoid) per language (5 and 3)."""
MAX_FRAMEWORKS = 20  # (3)


def worded(message: str) -> PydanticCustomError:
    """An error whose message is already a whole 'expected ..., got ...' sentence."""
    return PydanticCustomError("worded", "{message}", {"message": message})


def _check_id(value: str) -> str:
    if len(value) > MAX_ID:
        raise worded(f"expected an id of at most {MAX_ID} characters, got {len(value)}")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value):
        raise expected("an id of lower-case letters, digits and single hyphens")
    return value


def _check_line(value: str) -> str:
    """One line of plain text (a name, a title, a label): shown as it is written, never as markup."""
    if not value.strip():
        raise expected("text")
    if trouble := _text.problem(value):
        raise worded(trouble)
    if value != value.strip():
        raise expected("one line of text without leading or trailing spaces")
    if trouble := textcheck.mixed(value, whole=True):  # a look-alike letter: NVIDIA Т4 with a Cyrillic Т
        raise worded(trouble)
    return value


def _check_url(value: str) -> str:
    if trouble := _text.problem(value, references=False) or textcheck.mixed(value):
        raise worded(trouble)
    if not re.fullmatch(r"https?://[^\s/\"'<>\\`]+\.[^\s\"'<>\\`]+", value):
        raise expected("an http(s) URL")
    return value


def _check_month(value: object) -> str:
    if not (isinstance(value, str) and re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])", value)):
        raise expected("a month written YYYY-MM, from 2000 on (quote it)")
    if value > date.today().strftime("%Y-%m"):
        raise expected("a month no later than this one")
    return value


def _check_date(value: object) -> date:
    # YAML gives a date for an unquoted 2026-11-27; anything else is a mistake.
    if type(value) is not date:
        raise expected("a date written YYYY-MM-DD")
    if value > date.today():
        raise expected("a date no later than today")
    if value < EARLIEST:
        raise expected(f"a date from {EARLIEST.isoformat()} on")
    return value


def _check_text(value: object, info: ValidationInfo, *, name: bool = False) -> dict[str, str]:
    """Check a prose field: a mapping with a non-empty text for exactly the site's languages.

    A name (name=True) is in the language's scripts but need not use its own: G4(NVIDIA ...) in Korean."""
    languages: tuple[str, ...] = (info.context or {}).get("languages", ("en",))
    if not isinstance(value, dict):
        raise expected("text in every language, e.g. {" + ", ".join(f"{lang}: ..." for lang in languages) + "}")
    scripts: dict[str, textcheck.Scripts] = (info.context or {}).get("scripts", {})
    problems = []
    for lang in languages:
        text = value.get(lang)
        if text is None:
            problems.append((lang, "missing"))
        elif not isinstance(text, str):
            problems.append((lang, "type"))
        elif not text.strip():
            problems.append((lang, "empty"))
        else:
            trouble = (
                _text.problem(text, limit=_text.MAX_PROSE)
                or _text.markup_problem(text)
                or (textcheck.check(text, _scripts(scripts[lang], name)) if lang in scripts else textcheck.mixed(text))
            )
            if trouble:
                problems.append((lang, trouble))
    for key in value:
        if key not in languages:
            problems.append((str(key), "unknown"))
    if problems:
        raise PydanticCustomError(
            "text", "expected text in every language", {"problems": problems, "languages": languages}
        )
    return {lang: value[lang].strip() for lang in languages}


def _scripts(scripts: textcheck.Scripts, name: bool) -> textcheck.Scripts:
    return textcheck.Scripts(scripts.allowed) if name else scripts


# Each type says how it appears in the JSON Schema for editors (generator/schema.py); the schemas
# of prose fields depend on the site's languages, so they are marked ("x-kind") and filled in there.
Id = Annotated[
    str,
    AfterValidator(_check_id),
    WithJsonSchema({"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": MAX_ID}),
]
LINE_SCHEMA = {"type": "string", "minLength": 1, "maxLength": _text.MAX_LINE, "pattern": _text.SCHEMA_PATTERN}
Line = Annotated[str, AfterValidator(_check_line), WithJsonSchema(LINE_SCHEMA)]
Url = Annotated[
    str, AfterValidator(_check_url), WithJsonSchema({"type": "string", "pattern": "^https?://[^\\s\"'<>\\\\`]+$"})
]
Month = Annotated[
    str,
    BeforeValidator(_check_month),
    WithJsonSchema({"type": "string", "pattern": "^20[0-9]{2}-(0[1-9]|1[0-2])$"}),
]
Day = Annotated[
    date,
    BeforeValidator(_check_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": "^2[0-9]{3}-[0-9]{2}-[0-9]{2}$"}),
]
Text = Annotated[dict[str, str], BeforeValidator(_check_text), WithJsonSchema({"x-kind": "Text"})]
"""Prose in every language of the site, side by side: {en: ..., ko: ...}."""


def _check_name(value: object, info: ValidationInfo) -> dict[str, str]:
    """A name is one line the same in every language ('NVIDIA T4'), or text per language."""
    if isinstance(value, str):
        languages: tuple[str, ...] = (info.context or {}).get("languages", ("en",))
        return {lang: _check_line(value) for lang in languages}
    return _check_text(value, info, name=True)


def _check_aliases(value: object, info: ValidationInfo) -> dict[str, list[str]]:
    """Other names per language: {en: [...], ko: [...]}, every language present."""
    languages: tuple[str, ...] = (info.context or {}).get("languages", ("en",))
    if not isinstance(value, dict) or set(value) != set(languages):
        example = ", ".join(f"{lang}: [...]" for lang in languages)
        raise expected(f"other names in every language, e.g. {{{example}}}")
    if not all(isinstance(v, list) and all(isinstance(n, str) and n.strip() for n in v) for v in value.values()):
        raise expected("a list of names for each language")
    for lang in languages:
        if len(value[lang]) > MAX_NAMES:
            raise worded(f"expected at most {MAX_NAMES} names in '{lang}', got {len(value[lang]):,}")
    return {lang: [_check_line(n.strip()) for n in value[lang]] for lang in languages}


Name = Annotated[dict[str, str], BeforeValidator(_check_name), WithJsonSchema({"x-kind": "Name"})]
Aliases = Annotated[dict[str, list[str]], BeforeValidator(_check_aliases), WithJsonSchema({"x-kind": "Aliases"})]
"""Other names readers may search for, per language."""
"""A product name: one line for every language, or {en: ..., ko: ...} where it is translated."""


def _number_or_status(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise expected("a number, 'unknown' or 'not_supported'")
    if isinstance(value, str) and value not in (UNKNOWN, NOT_SUPPORTED):
        raise expected("a number, 'unknown' or 'not_supported'")
    if isinstance(value, (int, float)):
        _check_number(value)
    return value


def _check_number(value: float) -> float:
    if not math.isfinite(value):
        raise expected("a finite number")
    if not value > 0:
        raise expected("a number greater than 0")
    if value < MIN_NUMBER:
        raise expected(f"a number of at least {MIN_NUMBER}")
    return value


def _label_or_unknown(value: object) -> object:
    if not isinstance(value, str) or not value.strip():
        raise expected("a name such as 'HBM2', or 'unknown'")
    return _check_line(value)


# --- facts -------------------------------------------------------------------------------


class Sourced(Model):
    """Where a fact comes from."""

    source: Id | None = Field(
        default=None, description="Id of an entry in `sources`. Required unless the value is unknown."
    )
    checked: Day | None = Field(
        default=None, description="Date the fact was checked, if later than the source's `checked`."
    )
    note: Text | None = Field(
        default=None,
        description="A remark shown with the fact; required for 'unknown' (say why it is unknown).",
    )
    basis: Basis | None = Field(
        default=None,
        description="What establishes the value: vendor, cloud, observed or derived. "
        "Defaults to the basis of its source; 'derived' needs a `formula`.",
    )
    formula: Formula | None = Field(
        default=None, description="How a derived value is computed from other facts; only with basis 'derived'."
    )

    def _require_source(self, status: str | None) -> None:
        if status == UNKNOWN:
            if self.note is None:
                raise expected("a note saying why the value is unknown", field="note")
        elif self.source is None:
            raise expected("a source id for this value", field="source")
        if self.basis == "derived" and self.formula is None:
            raise expected(
                "a formula (half-of-sparse, cores-per-chip, per-chip-of-board or cloud-machine-type) "
                "for a derived value",
                field="formula",
            )
        if self.formula is not None and self.basis != "derived":
            raise expected("basis 'derived' for a value with a formula", field="basis")


class Claim(Model):
    """Another figure that a source prints for the same fact."""

    value: Annotated[float, AfterValidator(_check_number), Field(gt=0)] = Field(
        description="The other source's number, in the fact's unit."
    )
    source: Id = Field(description="Id of an entry in `sources`.")
    checked: Day | None = Field(default=None, description="Date checked, if later than the source's `checked`.")
    basis: Basis | None = Field(
        default=None, description="What establishes this figure; defaults to the basis of its source."
    )


MAX_HISTORY = 40
"""Earlier observations one figure may list."""


class Observation(Model):
    """An earlier observed value of a figure that changes (a compute-unit rate, a price, a runtime's RAM)."""

    value: Annotated[float, AfterValidator(_check_number), Field(gt=0)] = Field(
        description="The value seen then, in the figure's unit."
    )
    observed: Day = Field(description="The day it was seen (YYYY-MM-DD).")
    source: Id = Field(description="Id of an entry in `sources` that reports it.")
    basis: Basis | None = Field(default=None, description="What establishes it; defaults to the basis of its source.")
    note: Text | None = Field(default=None, description="A remark shown with it (e.g. which plan the user had).")


LIMITS = {"GB": 10_000, "GiB": 10_000, "GB/s": 100_000, "TFLOPS": 1_000_000, "TOPS": 1_000_000}
LIMITS |= {"CU/h": 1_000, "CU": 100_000, "USD": 100_000, "W": 10_000, "vCPU": 10_000}
LIMITS |= {"B/param": 100, "B": 16, "×": 10, "share": 1, "FLOP/param": 100, "bit": 64, "B/(token·hidden)": 1_000}
"""The largest plausible number per unit, per chip: anything larger is a typo or a wrong unit."""


class Quantity(Sourced):
    """A number with its unit and source, or 'unknown', or 'not_supported'."""

    value: Annotated[
        float | Status,
        BeforeValidator(_number_or_status),
        WithJsonSchema({"anyOf": [{"type": "number", "minimum": MIN_NUMBER}, {"enum": [UNKNOWN, NOT_SUPPORTED]}]}),
    ] = Field(description="The number, or 'unknown' (not published), or 'not_supported' (the hardware does not do it).")
    unit: str = Field(description="Unit of the number, from the units allowed for this field.")
    disputed: list[Claim] = Field(
        default_factory=list,
        max_length=MAX_DISPUTED,
        description="Other figures sources print for the same fact; `note` says which is shown and why.",
    )
    observed: Day | None = Field(
        default=None,
        description="For a figure that changes (basis observed): the day the value was seen. Pages show it, and "
        "mark it as possibly out of date once it is more than a year older than the newest check.",
    )
    history: list[Observation] = Field(
        default_factory=list,
        max_length=MAX_HISTORY,
        description="Earlier observations of the same figure, oldest first, each before `observed`.",
    )

    @property
    def known(self) -> bool:
        """Whether the value is a number."""
        return not isinstance(self.value, str)

    @property
    def number(self) -> float | None:
        """The value if it is a number, else None."""
        return None if isinstance(self.value, str) else self.value

    @model_validator(mode="after")
    def _sourced(self) -> Quantity:
        limit = LIMITS.get(self.unit)
        if limit is not None and self.number is not None and self.number > limit:
            raise expected(f"at most {limit:,} {self.unit} (is the unit right?)", field="value")
        for index, claim in enumerate(self.disputed):
            if limit is not None and claim.value > limit:
                raise expected(f"at most {limit:,} {self.unit} (is the unit right?)", field=f"disputed.{index}.value")
        self._require_source(self.value if isinstance(self.value, str) else None)
        if self.disputed and self.note is None:
            raise expected("a note saying which figure is shown and why, since sources disagree", field="note")
        if self.disputed and not self.known:
            raise expected("a number when other sources are listed under 'disputed'", field="value")
        if self.history and (self.observed is None or not self.known):
            raise expected("a number and its 'observed' day when earlier observations are listed", field="observed")
        for index, past in enumerate(self.history):
            if limit is not None and past.value > limit:
                raise expected(f"at most {limit:,} {self.unit} (is the unit right?)", field=f"history.{index}.value")
            later = self.history[index + 1].observed if index + 1 < len(self.history) else self.observed
            if later is not None and past.observed >= later:
                raise expected(
                    f"a day before {later.isoformat()} (the history runs oldest first, before 'observed')",
                    field=f"history.{index}.observed",
                )
        return self


class MemorySize(Quantity):
    """An amount of memory."""

    unit: Literal["GB", "GiB"] = Field(description="GB (10^9 bytes) or GiB (2^30 bytes), as the source prints it.")


class Bandwidth(Quantity):
    """A memory bandwidth."""

    unit: Literal["GB/s"] = Field(description="Gigabytes per second.")


class FloatRate(Quantity):
    """A peak floating-point rate."""

    unit: Literal["TFLOPS"] = Field(description="10^12 floating-point operations per second.")


class IntRate(Quantity):
    """A peak integer rate."""

    unit: Literal["TOPS"] = Field(description="10^12 integer operations per second.")


class Power(Quantity):
    """Board power: the most a card (or chip) is rated to draw."""

    unit: Literal["W"] = Field(description="Watts.")


class VirtualCpus(Quantity):
    """A number of virtual CPUs of a runtime's host machine."""

    unit: Literal["vCPU"] = Field(description="Virtual CPUs (hardware threads).")


class ComputeUnits(Quantity):
    """How many Colab compute units an accelerator uses per hour, as observed (Colab publishes no list)."""

    unit: Literal["CU/h"] = Field(description="Compute units per hour.")


class Price(Quantity):
    """A price in US dollars."""

    unit: Literal["USD"] = Field(description="US dollars.")


class BytesPerParameter(Quantity):
    """Bytes of memory per parameter of a model."""

    unit: Literal["B/param"] = Field(description="Bytes per parameter.")


class FlopsPerParameter(Quantity):
    """Floating-point operations per parameter of a model per token it processes."""

    unit: Literal["FLOP/param"] = Field(description="Operations per parameter per token.")


class BitsPerWeight(Quantity):
    """Bits one weight of a model takes in a storage format, its share of the format's scales included."""

    unit: Literal["bit"] = Field(description="Bits per weight.")


class ActivationBytes(Quantity):
    """Bytes of activations one transformer layer keeps per token and per unit of hidden size (Korthikanti et al.)."""

    unit: Literal["B/(token·hidden)"] = Field(description="Bytes per token and per unit of hidden size, per layer.")


class ElementBytes(Quantity):
    """Bytes of one stored number, such as an element of the KV cache."""

    unit: Literal["B"] = Field(description="Bytes.")


class Factor(Quantity):
    """A multiplier, such as the memory a framework needs beyond the weights (1.2 = 20 % more)."""

    unit: Literal["×"] = Field(description="Times.")


class Share(Quantity):
    """A fraction of a whole, such as the share of peak compute a training run achieves (0.4)."""

    unit: Literal["share"] = Field(description="A fraction from 0 to 1.")


class UnitCount(Quantity):
    """A number of Colab compute units."""

    unit: Literal["CU"] = Field(description="Compute units.")


class AlwaysSourced(Sourced):
    """A fact that is never unknown, so it always names its source."""

    @model_validator(mode="after")
    def _sourced(self) -> AlwaysSourced:
        self._require_source(None)
        return self


class Count(AlwaysSourced):
    """A whole number of things (chips, cores), with its source."""

    value: Annotated[int, Field(gt=0, le=100_000)] = Field(description="How many.")


class Label(Sourced):
    """A named fact such as an architecture or a memory type, or 'unknown'."""

    value: Annotated[str, BeforeValidator(_label_or_unknown), WithJsonSchema(LINE_SCHEMA)] = Field(
        description="The name as the vendor writes it, or 'unknown'."
    )

    @model_validator(mode="after")
    def _sourced(self) -> Label:
        self._require_source(self.value if self.value == UNKNOWN else None)
        return self


class DensePeak(Model):
    """Peak rate of a precision that has no sparse mode (FP32)."""

    dense: FloatRate = Field(description="Peak rate without structured sparsity.")


def _check_half(peak: FloatPeak | IntPeak) -> None:
    """A dense figure derived as half the sparse one must be exactly that half."""
    if peak.dense.formula != "half-of-sparse":
        return
    sparse = peak.sparse.number if peak.sparse else None
    if sparse is None:
        raise expected("a sparse figure to halve, since the dense one is derived from it", field="dense.formula")
    if peak.dense.number != sparse / 2:
        raise expected(f"{sparse / 2:g}, half the sparse figure {sparse:g}", field="dense.value")


class FloatPeak(Model):
    """Peak floating-point rate of one precision, dense and with structured sparsity."""

    dense: FloatRate = Field(description="Peak rate without structured sparsity.")
    sparse: FloatRate | None = Field(
        default=None,
        description="Peak rate with 2:4 structured sparsity (vendors often print only this); "
        "absent means unknown, for the reason in `compute.note`.",
    )

    @model_validator(mode="after")
    def _halved(self) -> FloatPeak:
        _check_half(self)
        return self


class IntPeak(Model):
    """Peak integer rate of one precision, dense and with structured sparsity."""

    dense: IntRate = Field(description="Peak rate without structured sparsity.")
    sparse: IntRate | None = Field(
        default=None, description="Peak rate with 2:4 structured sparsity; absent means unknown (see `compute.note`)."
    )

    @model_validator(mode="after")
    def _halved(self) -> IntPeak:
        _check_half(self)
        return self


class Compute(Model):
    """Peak compute per chip by precision. A precision left out is unknown, and `note` says why."""

    fp32: DensePeak | None = Field(default=None, description="32-bit floating point (non-tensor).")
    tf32: FloatPeak | None = Field(default=None, description="TensorFloat-32 on tensor cores.")
    bf16: FloatPeak | None = Field(default=None, description="bfloat16.")
    fp16: FloatPeak | None = Field(default=None, description="16-bit floating point (half precision).")
    fp8: FloatPeak | None = Field(default=None, description="8-bit floating point.")
    int8: IntPeak | None = Field(default=None, description="8-bit integer.")
    note: Text | None = Field(
        default=None, description="Why the figures left out are unknown; required when any is left out."
    )

    @model_validator(mode="after")
    def _explained(self) -> Compute:
        peaks = [getattr(self, p) for p in PRECISIONS]
        # A sparse figure may be left out when the precision itself is not supported.
        incomplete = any(
            p is None or (getattr(p, "sparse", True) is None and p.dense.value != NOT_SUPPORTED) for p in peaks
        )
        if incomplete and self.note is None:
            raise expected("a note saying why the figures left out are unknown", field="note")
        return self


class Memory(Model):
    """The accelerator's own memory, per chip."""

    size: MemorySize = Field(description="Capacity per chip.")
    type: Label = Field(description="Memory technology, e.g. GDDR6 or HBM2.")
    bandwidth: Bandwidth = Field(description="Peak bandwidth per chip.")


class MemoryChange(Model):
    """The memory figures an option changes; those left out are the accelerator's."""

    size: MemorySize | None = Field(default=None, description="Capacity per chip, if the option changes it.")
    type: Label | None = Field(default=None, description="Memory technology, if the option changes it.")
    bandwidth: Bandwidth | None = Field(default=None, description="Peak bandwidth per chip, if the option changes it.")


class Host(Model):
    """The virtual machine a runtime gives you around the accelerator, as observed (Colab does not publish it)."""

    ram: MemorySize = Field(description="System memory (RAM) of the runtime.")
    vcpus: VirtualCpus = Field(description="Virtual CPUs of the runtime.")
    disk: MemorySize = Field(description="Disk space of the runtime (total size of the disk).")


class Runtime(Model):
    """The host machine of the standard and the High-RAM runtime with this accelerator."""

    standard: Host | None = Field(default=None, description="The runtime with High-RAM off; absent if there is none.")
    high_ram: Host | None = Field(default=None, description="The runtime with High-RAM on; absent if there is none.")
    note: Text | None = Field(
        default=None, description="A remark about the runtimes, e.g. that one shape is the only one."
    )

    @model_validator(mode="after")
    def _some(self) -> Runtime:
        if self.standard is None and self.high_ram is None:
            raise expected("a 'standard' or a 'high_ram' runtime", field="standard")
        return self


def _check_capability(value: object) -> object:
    if not isinstance(value, str) or not re.fullmatch(r"\d{1,2}\.\d", value):
        raise expected("a compute capability written like '8.0' (quote it)")
    return value


Capability = Annotated[
    str, BeforeValidator(_check_capability), WithJsonSchema({"type": "string", "pattern": "^[0-9]{1,2}[.][0-9]$"})
]


def capability_key(value: str) -> tuple[int, int]:
    """A compute capability as a pair that sorts the way versions do ('12.0' after '9.0')."""
    major, minor = value.split(".")
    return int(major), int(minor)


class ComputeCapability(Sourced):
    """An NVIDIA GPU's CUDA compute capability, which decides what kernels and precisions run."""

    value: Capability = Field(description="The compute capability, e.g. '8.0'.")

    @model_validator(mode="after")
    def _sourced(self) -> ComputeCapability:
        self._require_source(None)
        return self


class Frameworks(Sourced):
    """The machine-learning frameworks that run on the accelerator, per its vendor."""

    value: list[Line] = Field(
        min_length=1, max_length=MAX_FRAMEWORKS, description="Framework names, e.g. JAX, PyTorch/XLA, TensorFlow."
    )

    @model_validator(mode="after")
    def _sourced(self) -> Frameworks:
        self._require_source(None)
        return self


class Software(Model):
    """What decides which software runs on the accelerator."""

    compute_capability: ComputeCapability | None = Field(
        default=None, description="CUDA compute capability (NVIDIA GPUs)."
    )
    frameworks: Frameworks | None = Field(default=None, description="Frameworks that run on it (TPUs).")


# --- corrections and replacements (issue 23) ---------------------------------------------------
# A replacement is an id like any other, but only the loader knows which ids Colab offers
# (load.py, _check_replacements), and says which they are when one does not fit.
ReplacementId = Annotated[str, WithJsonSchema({"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"})]


def _check_repository(value: str) -> str:
    if trouble := _text.problem(value) or _text.repository_problem(value):
        raise worded(trouble)
    return value


Repository = Annotated[
    str,
    AfterValidator(_check_repository),
    WithJsonSchema({"type": "string", "pattern": f"^{_text.REPOSITORY_PATTERN}$"}),
]
"""The project's GitHub repository (https://github.com/OWNER/REPO), where readers report corrections."""


class Colab(Sourced):
    """Whether and where Colab offers the accelerator."""

    status: Literal["offered", "retired"] = Field(description="'offered' today, or 'retired' from Colab.")
    plans: list[Id] = Field(
        max_length=MAX_PLANS, description="Ids of the plans that offer (or offered) it, as far as sources establish."
    )
    retired: Month | None = Field(default=None, description="Month Colab retired it (YYYY-MM); only when retired.")
    replaced_by: ReplacementId | None = Field(
        default=None,
        description="The id of the accelerator or option Colab offers in its place (linked on pages); only when "
        "retired.",
    )
    compute_units: ComputeUnits | None = Field(
        default=None, description="Compute units per hour, as observed by a dated source; absent if none is known."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Colab:
        if self.source is None:
            raise expected("a source id for the Colab availability", field="source")
        if self.status == "retired" and (self.retired is None or self.replaced_by is None):
            raise expected("'retired' (YYYY-MM) and 'replaced_by' for a retired accelerator", field="status")
        if self.status == "offered" and (self.retired is not None or self.replaced_by is not None):
            raise expected("no 'retired' or 'replaced_by' while the status is 'offered'", field="status")
        return self


class AcceleratorText(Model):
    """The prose about one accelerator."""

    summary: Text = Field(description="One sentence for the home page and the comparison.")
    use_case: Text = Field(description="What it is suited for.")
    speed: Text = Field(description="How fast it is for deep learning, relative to the others.")
    best_for: Text = Field(description="The workloads to pick it for.")


class OptionPlans(Sourced):
    """The plans that offer an option, where they differ from its accelerator's (the A100 80 GB needs High-RAM)."""

    value: list[Id] = Field(
        max_length=MAX_PLANS, description="Ids of the plans that offer this option, as far as sources establish."
    )

    @model_validator(mode="after")
    def _sourced(self) -> OptionPlans:
        self._require_source(None)
        return self


class Option(Model):
    """One option of an accelerator that Colab offers in several (A100 40 GB or 80 GB): its own row everywhere.

    An option changes only what it names; every other fact is the accelerator's.
    """

    id: Id = Field(
        description="Stable id, unique among accelerators and options; the anchor on the accelerator's page."
    )
    name: Name = Field(description="The option's full name, e.g. 'NVIDIA A100 80 GB'.")
    aliases: Aliases | None = Field(default=None, description="Other names of this option, per language.")
    how: Text = Field(description="How a reader gets this option in Colab (e.g. with the High-RAM setting).")
    variant: Label | None = Field(default=None, description="The product variant, if the option changes it.")
    memory: MemoryChange | None = Field(default=None, description="Memory figures the option changes.")
    power: Power | None = Field(default=None, description="Board power, if the option changes it.")
    runtime: Runtime | None = Field(
        default=None, description="The runtimes' host machines, if the option changes them."
    )
    compute_units: ComputeUnits | None = Field(
        default=None, description="Compute units per hour of this option, as observed by a dated source."
    )
    plans: OptionPlans | None = Field(
        default=None,
        description="The plans that offer this option, with their source, where they differ from the accelerator's.",
    )


class Accelerator(Model):
    """One accelerator a Colab runtime can have."""

    id: Id = Field(description="Stable id; also the page's file name.")
    name: Name = Field(description="Product name, e.g. 'NVIDIA T4' (or {en: ..., ko: ...} if it is translated).")
    vendor: Name = Field(description="Who makes it (or {en: ..., ko: ...} if it is translated).")
    aliases: Aliases | None = Field(
        default=None, description="Other names readers search for, per language: {en: [...], ko: [...]}."
    )
    kind: Literal["cpu", "gpu", "tpu"] = Field(description="cpu, gpu or tpu.")
    architecture: Label = Field(description="Micro-architecture or generation.")
    variant: Label | None = Field(
        default=None,
        description="The product variant Colab's runtime has (e.g. H100 SXM), where the evidence identifies it; "
        "the note says how.",
    )
    chips: Count | None = Field(
        default=None, description="Chips in the configuration Colab offers (TPUs); absent for one device."
    )
    cores_per_chip: Count | None = Field(default=None, description="TensorCores per chip (TPUs).")
    memory: Memory = Field(description="Memory per chip.")
    compute: Compute = Field(description="Peak compute per chip.")
    power: Power | None = Field(default=None, description="Board power per chip, as the vendor rates it.")
    software: Software | None = Field(default=None, description="Compute capability or frameworks.")
    runtime: Runtime | None = Field(default=None, description="The host machine of the runtimes with it.")
    colab: Colab = Field(description="Availability in Colab.")
    options: list[Option] = Field(
        default_factory=list,
        max_length=MAX_OPTIONS,
        description="Options Colab offers it in, each its own row in tables and downloads; empty for one.",
    )
    text: AcceleratorText = Field(description="Prose about it.")

    _page: str | None = PrivateAttr(default=None)
    _how: dict[str, str] | None = PrivateAttr(default=None)

    @property
    def page_id(self) -> str:
        """The id of the accelerator page this row is shown on (its own, or its accelerator's for an option)."""
        return self._page or self.id

    @property
    def how(self) -> dict[str, str] | None:
        """For an option's row, how a reader gets it in Colab; None otherwise."""
        return self._how

    def rows(self) -> list[Accelerator]:
        """The rows this accelerator makes in tables: itself, or one per option with the option's changes."""
        return [self._with(option) for option in self.options] if self.options else [self]

    def _with(self, option: Option) -> Accelerator:
        memory = self.memory
        if option.memory is not None:
            changed = {k: v for k, v in option.memory if v is not None}
            memory = memory.model_copy(update=changed)
        update: dict[str, Any] = {"id": option.id, "name": option.name, "memory": memory, "options": []}
        for name in ("aliases", "variant", "power", "runtime"):
            if getattr(option, name) is not None:
                update[name] = getattr(option, name)
        colab = self.colab
        if option.compute_units is not None:
            colab = colab.model_copy(update={"compute_units": option.compute_units})
        if option.plans is not None:
            fields = ("source", "checked", "note", "basis", "formula")
            colab = colab.model_copy(
                update={"plans": option.plans.value} | {name: getattr(option.plans, name) for name in fields}
            )
        update["colab"] = colab
        row = self.model_copy(update=update)
        row._page, row._how = self.id, option.how
        return row

    def peak(self, precision: str, mode: str) -> Quantity | None:
        """Peak rate per chip of a precision, dense or sparse; None where the facts leave it out (unknown).

        A precision the hardware does not support has no sparse mode either, so its sparse
        figure is the dense 'not_supported' fact.
        """
        peak: DensePeak | FloatPeak | IntPeak | None = getattr(self.compute, precision)
        rate: Quantity | None = getattr(peak, mode, None)
        if rate is None and peak is not None and peak.dense.value == NOT_SUPPORTED:
            dense: Quantity = peak.dense
            return dense
        return rate

    @property
    def chip_count(self) -> int:
        """Chips in the configuration (1 for a single device)."""
        return self.chips.value if self.chips else 1


class Source(Model):
    """A document numbers are taken from."""

    id: Id = Field(description="Id that facts use in their `source` field.")
    title: Line = Field(description="The document's title, as it is published.")
    title_note: Name | None = Field(
        default=None,
        description="What the document is, after its title in the page's language: {en: user report, ko: 사용자 보고}.",
    )
    publisher: Name = Field(description="Who published it (or {en: ..., ko: ...} where it has words to translate).")
    url: Url = Field(description="Where to read it (http or https).")
    kind: Literal[
        "datasheet",
        "vendor-docs",
        "vendor-page",
        "vendor-blog",
        "vendor-code",
        "cloud-docs",
        "colab-announcement",
        "colab-statement",
        "press",
        "community",
        "paper",
        "project-docs",
    ] = Field(
        description="What sort of document it is: the chip maker's (datasheet, vendor-*), Google Cloud's or "
        "Colab's documentation (cloud-docs), a Colab team announcement or reply, press, a community report, "
        "a paper or technical report, or the documentation of a software project (project-docs)."
    )
    basis: Basis | None = Field(
        default=None,
        description="What the figures taken from it are, unless a figure says otherwise; "
        "defaults to the kind's: vendor for the chip maker's documents, cloud for cloud-docs, reference for "
        "papers and project docs, observed for the rest.",
    )
    checked: Day = Field(description="Date the facts citing it were last checked against it.")
    published: Month | None = Field(
        default=None, description="Month it was published or last updated (YYYY-MM), where that dates its figures."
    )
    note: Text | None = Field(
        default=None,
        description="How it was checked, where that is not simply reading it (e.g. through a quoted copy).",
    )

    @model_validator(mode="before")
    @classmethod
    def _default_basis(cls, data: Any) -> Any:
        basis = source_basis(data)
        return {**data, "basis": basis} if basis is not None else data


class Feature(Sourced):
    """Something that needs a minimum CUDA compute capability (BF16 tensor cores, FP8, an attention kernel)."""

    id: Id = Field(description="Stable id.")
    name: Name = Field(description="What it is, e.g. 'BF16 tensor cores' (or {en: ..., ko: ...}).")
    min_capability: Capability = Field(description="The lowest compute capability that has it, e.g. '8.0'.")
    max_capability: Capability | None = Field(
        default=None, description="The highest compute capability that has it, if newer GPUs lack it."
    )
    text: Text = Field(description="What it means in practice, one sentence.")

    @model_validator(mode="after")
    def _sourced(self) -> Feature:
        self._require_source(None)
        return self


class PlanText(Model):
    """The prose about one Colab plan."""

    summary: Text = Field(description="What the plan gives you.")


class Plan(Model):
    """A way to pay for (or not pay for) Colab."""

    id: Id = Field(description="Stable id that accelerators' `colab.plans` refer to.")
    name: Name = Field(description="The plan's name (or {en: ..., ko: ...} if it is translated).")
    short: Name | None = Field(default=None, description="A shorter name for wide tables, e.g. 'Pro+'.")
    paid: bool = Field(description="Whether it costs money.")
    billing: Literal["free", "once", "monthly"] = Field(
        description="free, once (a purchase of compute units) or monthly (a subscription)."
    )
    price: Price | None = Field(default=None, description="What it costs per purchase or per month (paid plans).")
    compute_units: UnitCount | None = Field(
        default=None, description="Compute units the purchase or the month includes (paid plans)."
    )
    text: PlanText = Field(description="Prose about it.")

    @model_validator(mode="after")
    def _priced(self) -> Plan:
        if self.paid != (self.billing != "free"):
            raise expected("billing 'free' for a free plan and 'once' or 'monthly' for a paid one", field="billing")
        return self


class Match(Model):
    """Which accelerators a piece of advice points to; every given condition must hold."""

    kinds: list[Literal["cpu", "gpu", "tpu"]] | None = Field(
        default=None, max_length=3, description="Only these kinds."
    )
    plans: list[Id] | None = Field(
        default=None, max_length=MAX_PLANS, description="Offered in at least one of these plans."
    )
    min_memory_gb: Annotated[float, Field(gt=0, le=100_000, allow_inf_nan=False)] | None = Field(
        default=None, description="More than this much memory in total, in GB."
    )
    max_memory_gb: Annotated[float, Field(gt=0, le=100_000, allow_inf_nan=False)] | None = Field(
        default=None, description="At most this much memory in total, in GB."
    )


class Advice(Model):
    """One rule of the 'how to choose' page; the accelerators it names are computed from the facts."""

    id: Id = Field(description="Stable id; also the heading's anchor.")
    need: Text = Field(description="The reader's situation, as a heading.")
    match: Match = Field(description="Conditions the accelerators must meet.")
    text: Text = Field(description="Why these fit.")


class SiteText(Model):
    """Prose of the site's own pages."""

    intro: Text = Field(description="What this site is (home page).")
    summary: Text = Field(description="Lead-in to the summary of differences (home page).")
    compare: Text = Field(description="Lead-in to the comparison table.")
    plans: Text = Field(description="Lead-in to the Colab plans page.")
    not_guaranteed: Text = Field(description="Colab never guarantees an accelerator.")
    guide: Text = Field(description="Lead-in to the how-to-choose page.")
    repository: Repository | None = Field(
        default=None,
        description="The project's GitHub repository, https://github.com/OWNER/REPO: every footnote and page links "
        "to a prefilled issue there to report a correction (none without it).",
    )


def _fill_bases(value: Any, bases: dict[str, str]) -> Any:
    """Copy plain data, adding `basis` from bases to every mapping that names a known `source`."""
    if isinstance(value, list):
        return [_fill_bases(item, bases) for item in value]
    if not isinstance(value, dict):
        return value
    out = {k: _fill_bases(v, bases) for k, v in value.items()}
    source = out.get("source")
    if "basis" not in out and isinstance(source, str) and source in bases:
        out["basis"] = bases[source]
    return out


LoraTarget = Literal["q", "k", "v", "o", "gate", "up", "down"]
"""The linear layers of a transformer block a LoRA adapter can sit on: attention (query, key, value, output)
and MLP (gate, up, down)."""


class RunsOn(AlwaysSourced):
    """The kinds of accelerator a task's software runs on, where that is fewer than all of them."""

    kinds: list[Literal["cpu", "gpu", "tpu"]] = Field(
        min_length=1, max_length=3, description="cpu, gpu and/or tpu: the kinds it runs on (elsewhere: not supported)."
    )


class PlannerTask(Model):
    """Something a reader wants to do with a model: the weights' format, and for training what it trains."""

    id: Id = Field(description="Stable id; also the anchor of its table on the planner page.")
    name: Name = Field(description="What the task is, e.g. 'Inference, BF16 weights'.")
    kind: Literal["inference", "training"] = Field(
        description="inference (decoding speed is bounded by bandwidth) or training (time is estimated from compute)."
    )
    weights: Id = Field(description="The id of the format (planner.formats) the model's weights are held in.")
    trains: Literal["all", "adapters"] | None = Field(
        default=None,
        description="Training tasks: every weight (all), or LoRA adapters on frozen weights (planner.lora). "
        "Inference tasks leave it out.",
    )
    optimizer: Id | None = Field(
        default=None, description="Training tasks: the id of the optimizer (planner.optimizers) whose states it keeps."
    )
    checkpointing: bool = Field(
        default=False,
        description="Training tasks: whether activations are recomputed in the backward pass (gradient "
        "checkpointing), keeping only each layer's input.",
    )
    computes_in: Literal["fp32", "16-bit", "fp8"] = Field(
        description="The precision of the task's arithmetic, whose peak rate bounds its speed: fp32, fp8, or "
        "16-bit (BF16 where the accelerator has it, else FP16)."
    )
    flops: FlopsPerParameter = Field(
        description="Floating-point operations per parameter per token: about 2 to generate (the forward pass), "
        "6 to train every weight, 4 to train adapters on frozen weights."
    )
    needs: list[Id] = Field(
        default_factory=list,
        max_length=MAX_FEATURES,
        description="Ids of the features (`features`) the task needs; an accelerator that lacks one cannot run it.",
    )
    runs_on: RunsOn | None = Field(
        default=None, description="The kinds of accelerator its software runs on, if not all (GGUF: no TPU)."
    )
    text: Text = Field(description="What the figure counts, one sentence.")

    @model_validator(mode="after")
    def _trains(self) -> PlannerTask:
        training = self.kind == "training"
        if training and (self.trains is None or self.optimizer is None):
            missing = "trains" if self.trains is None else "optimizer"
            raise expected(
                "'trains' (all or adapters) and 'optimizer' (an id of planner.optimizers) for a training task",
                field=missing,
            )
        if not training and (self.trains is not None or self.optimizer is not None or self.checkpointing):
            extra = (
                "trains" if self.trains is not None else "optimizer" if self.optimizer is not None else "checkpointing"
            )
            raise expected("nothing: an inference task trains nothing", field=extra)
        return self


class WeightFormat(Model):
    """A way a model's weights are stored (BF16, NF4, GGUF Q4_K_M ...): bits per weight, and what stays in 16 bits."""

    id: Id = Field(description="Stable id that planner tasks' `weights` refer to.")
    name: Name = Field(description="The format as its users name it, e.g. 'bitsandbytes NF4'.")
    bits: BitsPerWeight = Field(description="Bits per quantized weight, the share of the scales included.")
    keeps_16_bit: SourcedText | None = Field(
        default=None,
        description="Where the embeddings, the output layer and the norms stay in 16 bits (only the linear layers "
        "of the blocks are quantized): why, with its source. Left out, every weight takes `bits`.",
    )
    text: Text = Field(description="What it is, one sentence.")


class Optimizer(Model):
    """An optimizer, and the states it keeps per trainable parameter."""

    id: Id = Field(description="Stable id that training tasks' `optimizer` refers to.")
    name: Name = Field(description="Its name, e.g. 'AdamW'.")
    bytes: BytesPerParameter = Field(
        description="Bytes of state per trainable parameter (an FP32 copy of it and the moments)."
    )
    text: Text = Field(description="What the bytes hold, one sentence.")


class LoraSetup(AlwaysSourced):
    """The LoRA adapters the planner's adapter tasks train: their rank, and the layers they sit on."""

    rank: Annotated[int, Field(gt=0, le=4_096)] = Field(description="The rank r of each adapter.")
    targets: list[LoraTarget] = Field(
        min_length=1,
        max_length=7,
        description="The linear layers of every block that get an adapter (q, k, v, o, gate, up, down).",
    )


class SourcedText(AlwaysSourced):
    """A statement that rests on a source, cited where it is shown."""

    text: Text = Field(description="The statement, one or two sentences.")


class ModelShape(AlwaysSourced):
    """A published model's shape: what its weights, KV cache, adapters and activations take."""

    id: Id = Field(description="Stable id; the form's value for it.")
    name: Line = Field(description="The model's name as its publisher writes it, e.g. 'Llama 3.1 8B'.")
    billions: Annotated[float, AfterValidator(_check_number), Field(le=10_000)] = Field(
        description="Parameters, in billions, as the publisher gives them."
    )
    layers: Annotated[int, Field(gt=0, le=1_000)] = Field(description="Transformer layers.")
    hidden: Annotated[int, Field(gt=0, le=1_000_000)] = Field(
        description="The hidden size (model dimension): query heads × head dimension."
    )
    kv_heads: Annotated[int, Field(gt=0, le=1_000)] = Field(
        description="Key/value heads per layer (fewer than the query heads with grouped-query attention)."
    )
    head_dim: Annotated[int, Field(gt=0, le=4_096)] = Field(description="Elements per head.")
    ffn: Annotated[int, Field(gt=0, le=10_000_000)] = Field(description="The MLP's intermediate size.")
    vocab: Annotated[int, Field(gt=0, le=10_000_000)] = Field(description="Tokens in the vocabulary.")
    tied: bool = Field(
        default=False, description="Whether the output layer shares the embedding matrix (one vocab × hidden matrix)."
    )
    context: Annotated[int, Field(gt=0, le=100_000_000)] = Field(description="The longest context, in tokens.")
    experts: Annotated[int, Field(gt=1, le=10_000)] | None = Field(
        default=None,
        description="For a mixture of experts: the experts of each layer's MLP, each of `ffn` intermediate size "
        "(LoRA adapters go on every expert).",
    )
    active_billions: Annotated[float, AfterValidator(_check_number)] | None = Field(
        default=None,
        description="For a mixture of experts: parameters (billions) a token uses, as the publisher gives them; "
        "memory counts every parameter (billions), speed only these.",
    )

    @model_validator(mode="after")
    def _heads(self) -> ModelShape:
        if self.hidden % self.head_dim:
            raise expected(f"a multiple of head_dim ({self.head_dim}): hidden = query heads × head_dim", field="hidden")
        if (self.experts is None) != (self.active_billions is None):
            given, other = (
                ("experts", "active_billions") if self.experts is not None else ("active_billions", "experts")
            )
            raise expected(f"{other} beside it (a mixture of experts), or neither (a dense model)", field=given)
        if self.active_billions is not None and self.active_billions >= self.billions:
            raise expected(
                f"fewer than billions ({self.billions:g}): the parameters a token uses", field="active_billions"
            )
        return self


class Planner(Model):
    """The planner page: will a model fit, how fast can it run, what does it cost."""

    sizes: list[Annotated[float, AfterValidator(_check_number), Field(le=10_000)]] = Field(
        min_length=1, max_length=20, description="Model sizes in billions of parameters for the ready tables."
    )
    utilization: Share = Field(description="The share of the peak dense rate a training run achieves (MFU).")
    training_tokens: Annotated[float, AfterValidator(_check_number), Field(le=1e13)] = Field(
        description="Tokens of the example training run in the cost table."
    )
    formats: list[WeightFormat] = Field(
        min_length=1, max_length=20, description="Formats the weights are held in, each with its bits per weight."
    )
    optimizers: list[Optimizer] = Field(
        default_factory=list, max_length=10, description="Optimizers training tasks keep the states of."
    )
    gradient_bytes: BytesPerParameter | None = Field(
        default=None, description="Bytes of gradient per trainable parameter (training tasks)."
    )
    lora: LoraSetup | None = Field(default=None, description="The adapters of the tasks that train adapters.")
    activations: ActivationBytes | None = Field(
        default=None,
        description="Bytes of activations a layer keeps for the backward pass, per token and unit of hidden size.",
    )
    checkpointed: ActivationBytes | None = Field(
        default=None,
        description="The same with gradient checkpointing (each layer keeps only its input).",
    )
    reserve: MemorySize | None = Field(
        default=None,
        description="What a GPU's memory holds before the model: the CUDA context and kernels, as the source prints "
        "it (GB or GiB); the fit compares the need with the card's memory less this.",
    )
    tasks: list[PlannerTask] = Field(min_length=1, max_length=20, description="What the tables answer for.")
    models: list[ModelShape] = Field(
        default_factory=list, max_length=20, description="Published models whose shapes the page and form use."
    )
    kv_bytes: ElementBytes | None = Field(default=None, description="Bytes of each element of a 16-bit KV cache.")
    kv_bytes_8bit: ElementBytes | None = Field(
        default=None, description="Bytes of each element of an 8-bit KV cache (FP8), which the form offers."
    )
    contexts: list[Annotated[int, Field(gt=0, le=100_000_000)]] = Field(
        default_factory=list,
        max_length=8,
        description="Context lengths (tokens) of the KV-cache table's columns; the first is the form's, and the "
        "training sequence of the tables.",
    )
    form_task: Id | None = Field(default=None, description="The task the form opens on; the first task if left out.")
    form_model: Id | None = Field(
        default=None, description="The model shape the form opens on; none (no KV cache) if left out."
    )
    offload: SourcedText | None = Field(
        default=None, description="What running from the runtime's memory (the 'host' verdict) costs in speed."
    )
    text: Text = Field(description="What the planner is and is not (bounds and estimates, not measurements).")

    @model_validator(mode="after")
    def _kv(self) -> Planner:
        if self.models and self.kv_bytes is None:
            raise expected("kv_bytes (bytes per element of the KV cache) for the models' KV cache", field="kv_bytes")
        if self.form_task is not None and self.form_task not in {t.id for t in self.tasks}:
            raise expected("the id of one of the planner's tasks", field="form_task")
        if self.form_model is not None and self.form_model not in {m.id for m in self.models}:
            raise expected("the id of one of the planner's models", field="form_model")
        formats, optimizers = [f.id for f in self.formats], [o.id for o in self.optimizers]
        for index, task in enumerate(self.tasks):
            if task.weights not in formats:
                raise expected(
                    f"the id of one of planner.formats ({', '.join(formats)})", field=f"tasks.{index}.weights"
                )
            if task.optimizer is not None and task.optimizer not in optimizers:
                known = ", ".join(optimizers) or "none on file"
                raise expected(f"the id of one of planner.optimizers ({known})", field=f"tasks.{index}.optimizer")
        training = [t for t in self.tasks if t.kind == "training"]
        needed = {
            "gradient_bytes": "bytes of gradient per trained parameter",
            "activations": "bytes of activations a layer keeps per token and unit of hidden size",
            "checkpointed": "the same with gradient checkpointing",
        }
        for name, what in needed.items():
            if training and getattr(self, name) is None:
                raise expected(f"{name} ({what}) for the training tasks' memory", field=name)
        if any(t.trains == "adapters" for t in training) and self.lora is None:
            raise expected("lora (rank and targets) for the tasks that train adapters", field="lora")
        if training and not self.models:
            raise expected("at least one model shape: training memory needs layers and hidden size", field="models")
        return self


# --- measurements: speeds and memory people measured, beside the planner's bounds ----------------

MAX_MEASUREMENTS = 1_000  # (40)

MeasuredWhat = Literal[
    "decode_tokens_per_s", "batched_tokens_per_s", "prefill_tokens_per_s", "train_tokens_per_s", "peak_memory_gb"
]
"""What a measurement measured: single-stream decoding, decoding many sequences at once (a server's
total), reading a prompt, training, or the peak memory of a run."""

MEASURED_UNITS: dict[str, tuple[str, ...]] = {
    "decode_tokens_per_s": ("tokens/s",),
    "batched_tokens_per_s": ("tokens/s",),
    "prefill_tokens_per_s": ("tokens/s",),
    "train_tokens_per_s": ("tokens/s",),
    "peak_memory_gb": ("GB", "GiB"),
}
"""The units each kind of measurement may be written in (memory as the source prints it)."""

MEASURED_LIMITS = {"tokens/s": 10_000_000, "GB": LIMITS["GB"], "GiB": LIMITS["GiB"]}
"""The largest plausible measurement per unit: anything larger is a typo or a wrong unit."""

Tokens = Annotated[int, Field(gt=0, le=100_000_000)]


class MeasuredContext(Model):
    """The tokens of each sequence of a measurement, as the source gives them: prompt and output, or in all."""

    prompt: Tokens | None = Field(default=None, description="Tokens of the prompt, where the source says.")
    output: Tokens | None = Field(default=None, description="Tokens generated, where the source says.")
    tokens: Tokens | None = Field(
        default=None, description="Tokens in all (a training sequence), where the source does not split them."
    )

    @model_validator(mode="after")
    def _some(self) -> MeasuredContext:
        if self.tokens is not None and (self.prompt is not None or self.output is not None):
            raise expected("'tokens' alone, or 'prompt' and 'output' without 'tokens'", field="tokens")
        if self.prompt is None and self.output is None and self.tokens is None:
            raise expected("'prompt', 'output' or 'tokens', or no context at all", field="prompt")
        return self

    @property
    def length(self) -> int:
        """Tokens per sequence: prompt and output together (what the KV cache holds at the end)."""
        return self.tokens or (self.prompt or 0) + (self.output or 0)


def _check_observed(value: object) -> object:
    if value != "observed":
        raise expected("'observed' or nothing: a measurement is a dated report of a run, whoever published it")
    return value


class Measurement(Sourced):
    """A speed or a peak memory someone measured and published, shown beside the planner's figure for it.

    Always observed (a dated report of a run), whatever its source's kind.
    """

    id: Id = Field(description="Stable id.")
    accelerator: Id = Field(
        description="The row it was measured on: an accelerator's id, or an option's (a100-40gb) for one with options."
    )
    nearest: Name | None = Field(
        default=None,
        description="The card it was measured on, where that is not the accelerator itself but the nearest one "
        "published (an H100 PCIe for Colab's H100 SXM); pages mark it.",
    )
    what: MeasuredWhat = Field(
        description="decode_tokens_per_s (one sequence), batched_tokens_per_s (all sequences together), "
        "prefill_tokens_per_s, train_tokens_per_s or peak_memory_gb."
    )
    value: Annotated[float, AfterValidator(_check_number)] = Field(description="The figure as the source prints it.")
    unit: Literal["tokens/s", "GB", "GiB"] = Field(
        description="tokens/s for speeds; GB or GiB for memory, as the source prints it."
    )
    model: Line = Field(description="The model as the source names it, e.g. 'Llama 2 7B'.")
    shape: Id | None = Field(
        default=None, description="The id of one of planner.models, if it is one (its parameters and KV cache count)."
    )
    params: Annotated[float, AfterValidator(_check_number), Field(le=10_000)] | None = Field(
        default=None, description="Parameters in billions, as the source sizes the model; for a model not on file."
    )
    format: Name = Field(description="The weights' format as run, e.g. 'BF16' or 'GGUF Q4_K_M'.")
    task: Id = Field(description="The id of the planner task it compares with (infer-bf16, qlora, ...).")
    software: Name = Field(description="What ran it, with the version where the source gives one.")
    batch: Annotated[int, Field(gt=0, le=100_000)] | None = Field(
        default=None,
        description="Sequences at once; 1 for single-stream decoding; left out for a server under full load.",
    )
    context: MeasuredContext | None = Field(default=None, description="Tokens per sequence, where the source says.")
    speculative: bool = Field(
        default=False,
        description="Whether speculative decoding was used (a draft model proposes tokens that one pass checks).",
    )
    checkpointing: bool | None = Field(
        default=None,
        description="Training runs: whether activations were recomputed (gradient checkpointing), where the source "
        "or its script says; left out, the planner task's setting.",
    )
    basis: Annotated[Literal["observed"], BeforeValidator(_check_observed)] = Field(
        default="observed", description="Always observed: a dated report of a run."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Measurement:
        self._require_source(None)
        units = MEASURED_UNITS[self.what]
        if self.unit not in units:
            raise expected(f"{' or '.join(units)} for {self.what}", field="unit")
        if self.value > MEASURED_LIMITS[self.unit]:
            raise expected(f"at most {MEASURED_LIMITS[self.unit]:,} {self.unit} (is the unit right?)", field="value")
        if (self.shape is None) == (self.params is None):
            raise expected("either 'shape' (a model on file) or 'params' (billions), one of them", field="params")
        if self.what == "decode_tokens_per_s" and self.batch != 1:
            raise expected("batch 1 for single-stream decoding (batched_tokens_per_s for more)", field="batch")
        if self.speculative and self.what not in ("decode_tokens_per_s", "batched_tokens_per_s"):
            raise expected("speculative only for a decoding speed", field="speculative")
        if self.checkpointing is not None and self.what not in ("peak_memory_gb", "train_tokens_per_s"):
            raise expected("checkpointing only for the memory or speed of a training run", field="checkpointing")
        return self


class Facts(Model):
    """The whole facts file."""

    site: SiteText = Field(description="Prose of the site's own pages.")
    sources: list[Source] = Field(max_length=MAX_SOURCES, description="Documents that facts cite.")
    plans: list[Plan] = Field(max_length=MAX_PLANS, description="Colab plans, cheapest first.")
    accelerators: list[Accelerator] = Field(
        min_length=1, max_length=MAX_ACCELERATORS, description="Accelerators, in the order pages list them."
    )
    features: list[Feature] = Field(
        default_factory=list,
        max_length=MAX_FEATURES,
        description="What needs which CUDA compute capability, shown on GPU pages.",
    )
    advice: list[Advice] = Field(max_length=MAX_ADVICE, description="Rules of the how-to-choose page.")
    planner: Planner | None = Field(default=None, description="The planner page's assumptions and tasks.")
    measurements: list[Measurement] = Field(
        default_factory=list,
        max_length=MAX_MEASUREMENTS,
        description="Speeds and peak memory people measured, shown beside the planner's figures.",
    )

    @model_validator(mode="before")
    @classmethod
    def _bases(cls, data: Any) -> Any:
        """Give every sourced figure without a `basis` the basis of its source, so each one carries it."""
        if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
            return data
        bases = {
            s["id"]: basis
            for s in data["sources"]
            if (basis := source_basis(s)) is not None and isinstance(s.get("id"), str)
        }
        # A measurement is observed whatever its source's kind (a vendor's benchmark is still a run).
        unfilled = ("sources", "measurements")
        return {k: v if k in unfilled else _fill_bases(v, bases) for k, v in data.items()}

    @property
    def rows(self) -> list[Accelerator]:
        """Every row of the comparison: each accelerator, or each of its options."""
        return self._by_id["rows"]  # type: ignore[no-any-return]

    @property
    def offered(self) -> list[Accelerator]:
        """The rows Colab offers today, in order (pages list them again and again)."""
        return self._by_id["offered"]  # type: ignore[no-any-return]

    def source(self, source_id: str) -> Source:
        """Return the source with this id."""
        return self._by_id["sources"][source_id]  # type: ignore[no-any-return]

    def accelerator(self, accelerator_id: str) -> Accelerator | None:
        """Return the accelerator with this id, or None."""
        return self._by_id["accelerators"].get(accelerator_id)  # type: ignore[no-any-return]

    @functools.cached_property
    def _by_id(self) -> dict[str, Any]:
        """Sources and accelerators by id (pages look them up for every figure)."""
        return {
            "sources": {s.id: s for s in self.sources},
            "accelerators": {a.id: a for a in self.accelerators},
            "rows": (rows := [row for a in self.accelerators for row in a.rows()]),
            "offered": [row for row in rows if row.colab.status == "offered"],
        }

    def plan(self, plan_id: str) -> Plan:
        """Return the plan with this id."""
        return next(p for p in self.plans if p.id == plan_id)


def _check_languages(value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
    """A mapping keyed by the site's languages (a misspelt key would switch its check off unseen)."""
    languages: tuple[str, ...] = (info.context or {}).get("languages", ("en",))
    for key in value:
        if key not in languages:
            raise worded(f"expected a language of the site ({', '.join(languages)}) as key, got {key!r}")
    return value


class Term(Model):
    """A glossary entry: the fixed translation of a term, and what it means."""

    id: Id = Field(description="Stable id.")
    term: Name = Field(
        description="The term in every language as prose uses it (lower case unless a name); one line if the same."
    )
    avoid: Annotated[
        dict[str, Annotated[list[Line], Field(max_length=MAX_NAMES)]], AfterValidator(_check_languages)
    ] = Field(default_factory=dict, description="Per language, variants prose must not use instead of the term.")
    definition: Text = Field(description="One sentence shown as the term's tooltip.")


class Glossary(Model):
    """The bilingual glossary (content/glossary.yaml)."""

    terms: list[Term] = Field(
        max_length=500, description="The terms, in the order the glossary page lists them (at most 500)."
    )
