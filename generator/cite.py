"""Citations: each figure of the facts with the mark of how it is known and one footnote for its source.

A page numbers its footnotes in the order it cites them and cites a repeated note again rather
than repeating it, so `Citations` holds one page's footnotes; the template writes them at the end
(`footnotes`). The marks (vendor, cloud, observed, derived) and their legend are here too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from generator import derived
from generator.corrections import Corrections, Figure
from generator.model import (
    BASES,
    NOT_SUPPORTED,
    UNKNOWN,
    Accelerator,
    Claim,
    ComputeCapability,
    Count,
    Facts,
    Frameworks,
    Host,
    Label,
    Observation,
    Quantity,
    Source,
)
from generator.text import Safe
from generator.words import Words, cents, number

Fact = Quantity | Label | Count | ComputeCapability | Frameworks

HOST_UNITS = {"ram": "GB", "vcpus": "vCPU", "disk": "GB"}
"""The units that the headers of runtime tables name."""


@dataclass
class Citations:
    """One page's cited figures: each with its unit and mark, and the footnotes they refer to."""

    words: Words
    facts: Facts
    notes: dict[str, Safe] = field(default_factory=dict)
    _note_keys: dict[str, str] = field(default_factory=dict)
    _sources: dict[str, Safe] = field(default_factory=dict)  # each source's sentence, once per page
    corrections: Corrections | None = None
    """Links to report a correction (corrections.py), at the end of each footnote; none without it."""
    _cited: dict[str, tuple[dict[Figure, None], Source | None]] = field(default_factory=dict)  # per footnote

    def fact(
        self, fact: Fact, *, times: int = 1, unit: str | None = None, compact: bool = False, extra: Safe | None = None
    ) -> Safe:
        """A fact with its unit, the mark of how it is known, and one footnote for its source and note.

        `times` multiplies a number (chips x per-chip figure) and shows the factors; `unit` names
        the unit a table header already states, so cells in that unit show the bare number.
        `compact` is for wide tables: the factors and other sources' figures go on a short line of
        their own under the figure (class value-more), in fewer words. `extra` is a sentence for the
        footnote (how a figure was converted).
        """
        t = self.words.t
        if fact.value == UNKNOWN:
            return self.unknown() + self.cite(fact)
        if fact.value == NOT_SUPPORTED:
            return self.unsupported(short=compact) + self.mark(fact.basis) + self.cite(fact)
        if isinstance(fact, Quantity):
            assert isinstance(fact.value, float | int)
            suffix = "" if fact.unit == unit else f" {fact.unit}"
            if fact.unit == "share":  # a fraction is shown as a percentage: 35%
                shown = Safe.escape(f"{number(fact.value * 100)}%")
                return shown + self.mark(fact.basis) + self.cite(fact)
            if fact.unit == "USD":  # dollars are written $9.99 in every language (content/style/)
                shown = Safe.escape(cents(Decimal(repr(fact.value)) * times))
                return shown + self.mark(fact.basis) + self.cite(fact)
            shown = Safe.escape(f"{number(fact.value, times)}{suffix}")
            more: list[Safe] = []
            stale = Safe()
            if derived.stale(self.facts, fact):  # an old observation: said where the figure is
                when = derived.seen(self.facts, fact)
                assert when is not None
                old = t("format.stale", date=self.words.month(f"{when.year}-{when.month:02d}"))
                if compact:
                    more.append(Safe('<span class="value-stale">{}</span>').format(old))
                else:
                    stale = Safe(' <span class="value-stale">({})</span>').format(old)
            if times != 1:
                each = f"{number(fact.value)}{suffix}"
                if compact:
                    more.append(t("format.times_chips_short", chips=times, each=each))
                else:
                    shown = t("format.times_chips", value=shown, chips=times, each=each)
            shown += self.mark(fact.basis) + self.cite(fact, extra) + stale
            for claim in fact.disputed:
                other = Safe.escape(f"{number(claim.value, times)}{suffix}") + self.mark(claim.basis)
                other += self.cite(claim, value=f"{number(claim.value)} {fact.unit}")
                if compact:  # the words may wrap, the figure and its marks may not
                    other = Safe('<span class="value-figure">{}</span>').format(other)
                disputed = t("format.disputed_short" if compact else "format.disputed", value=other)
                if compact:
                    more.append(Safe('<span class="value-disputed">{}</span>').format(disputed))
                else:
                    shown += Safe(' <span class="value-disputed">{}</span>').format(disputed)
            return shown + self.more(more)
        names = fact.value if isinstance(fact.value, list) else [str(fact.value)]
        return self.words.join(names) + self.mark(fact.basis) + self.cite(fact)

    def peak(
        self, acc: Accelerator, precision: str, mode: str = "dense", *, unit: str | None = None, compact: bool = False
    ) -> Safe:
        """A peak-compute cell for the whole configuration (chips x per chip)."""
        if precision == "fp32" and mode == "sparse":
            return self.words.t("values.not_applicable")
        rate = acc.peak(precision, mode)
        if rate is None:  # left out of the facts: unknown, for the reason in compute.note
            return self.unknown() + self.cite(
                acc.compute, field=f"compute.{precision}.{mode}", value=self.words.plain("values.unknown")
            )
        return self.fact(rate, times=acc.chip_count, unit=unit, compact=compact)

    def optional(self, fact: Fact | None, applies: bool, *, unit: str | None = None, compact: bool = False) -> Safe:
        """A figure not every accelerator has (power, compute capability): the fact if the facts have it;
        else unknown where the figure applies (derived.applies), with a footnote saying no source gives
        it, and n/a where it does not apply."""
        if fact is not None:
            return self.fact(fact, unit=unit, compact=compact)
        return self.unknown_because("unknown_reasons.no_source") if applies else self.words.t("values.not_applicable")

    def host(self, host: Host | None, part: str, *, bare: bool = False) -> Safe:
        """One figure (ram, vcpus, disk) of a runtime's host machine, or 'none' where there is no such runtime.

        `bare` leaves out the unit the table's header names (GB, vCPU); a figure in another unit keeps its own.
        """
        if host is None:
            return self.words.t("values.no_runtime")
        fact: Quantity = getattr(host, part)
        if fact.unit == "GiB" and fact.number is not None:  # one unit in a column: GB, as the header says
            printed = Safe.escape(f"{number(fact.number)} GiB")

            def gb(value: float) -> float:
                return round(value * derived.GB_PER_GIB, 1)

            converted = fact.model_copy(
                update={
                    "value": gb(fact.number),
                    "unit": "GB",
                    "history": [past.model_copy(update={"value": gb(past.value)}) for past in fact.history],
                    "disputed": [claim.model_copy(update={"value": gb(claim.value)}) for claim in fact.disputed],
                }
            )
            extra = self.words.t("format.converted_gib", printed=printed)
            return self.fact(converted, unit=HOST_UNITS[part] if bare else None, extra=extra)
        return self.fact(fact, unit=HOST_UNITS[part] if bare else None)

    def more(self, lines: Sequence[Safe]) -> Safe:
        """Lines under a figure in a wide table (factors, other sources, a second fact), in smaller type."""
        return Safe("").join(Safe('<span class="value-more">{}</span>').format(line) for line in lines)

    def mark(self, basis: str | None) -> Safe:
        """The mark of how a figure is known (vendor, cloud, observed, derived): a letter, its name as a tooltip.

        An <abbr>, since the letter abbreviates its name: one element per figure keeps big tables light.
        """
        if basis is None:
            return Safe()
        name, mark = self.words.plain(f"basis.{basis}.name"), self.words.plain(f"basis.{basis}.mark")
        return Safe('<abbr class="basis basis-{}" title="{}">{}</abbr>').format(basis, name, mark)

    def legend(self, *, full: bool = False) -> Safe:
        """The marks of how figures are known, with their names: one line, or (full) a list with their meaning."""
        t = self.words.t
        items = []
        for basis in BASES:
            badge = Safe('<span class="basis basis-{}" aria-hidden="true">{}</span>').format(
                basis, t(f"basis.{basis}.mark")
            )
            name = t(f"basis.{basis}.name")
            legend = t(f"basis.{basis}.legend")
            items.append(Safe("- {} {}: {}").format(badge, name, legend) if full else Safe("{} {}").format(badge, name))
        if full:
            return Safe("\n").join(items)
        return t("basis.legend_line", marks=self.words.join(items))

    def unsupported(self, *, short: bool = False) -> Safe:
        """The words for a mode the hardware lacks, marked up so the legend and styles can tell them apart."""
        word = self.words.t("values.not_supported_short" if short else "values.not_supported")
        return Safe('<span class="value-unsupported">{}</span>').format(word)

    def unknown(self) -> Safe:
        """The word for an unknown value, marked up so the legend and styles can tell it apart."""
        return Safe('<span class="value-unknown">{}</span>').format(self.words.t("values.unknown"))

    def cite(
        self,
        fact: Fact | Claim | object,
        extra: Safe | None = None,
        *,
        field: str | None = None,
        value: str | None = None,
    ) -> Safe:
        """One footnote reference for a fact: its source (title, publisher, kind, date checked) and its note.

        Source and note share one footnote, so a figure never carries two tiny markers side by side
        (hard to tap on a phone); a footnote used again is referred to again, not repeated.
        field and value, if given, name the figure in a correction's issue in place of the fact's own.
        """
        words = self.words
        parts: list[Safe] = []
        key = ""
        source = getattr(fact, "source", None)
        src: Source | None = None
        if source:
            src = self.facts.source(source)
            checked = getattr(fact, "checked", None) or src.checked
            key = src.id if checked == src.checked else f"{src.id}-{checked.isoformat()}"
            sentence = self._sources.get(key)
            if sentence is None:  # a page cites the same few sources for many figures
                sentence = words.t(
                    "format.source",
                    title=self._title(src),
                    publisher=words.t(
                        "format.published_by", publisher=words.name(src.publisher), date=words.month(src.published)
                    )
                    if src.published
                    else words.name(src.publisher),
                    kind=words.t(f"source_kinds.{src.kind}"),
                    checked=words.date(checked),
                )
                sentence += " " + words.text(src.note) if src.note else Safe()
                self._sources[key] = sentence
            parts.append(sentence)
        formula = getattr(fact, "formula", None)
        note = getattr(fact, "note", None)
        if formula:
            parts.append(words.t(f"formulas.{formula}"))
        when = getattr(fact, "observed", None)
        if isinstance(fact, Observation) and note:  # an earlier observation's note is a phrase about it
            parts.append(words.t("format.observed_noted", date=words.date(fact.observed), note=words.text(note)))
        else:
            if note:
                parts.append(words.text(note))
            if when:
                parts.append(words.t("format.observed", date=words.date(when)))
        history = self._history(fact)
        if history:
            parts.append(history)
        if extra:
            parts.append(extra)
        if formula or note or when or history or extra:
            key = f"{key}-note-{len(self.notes) + 1}".lstrip("-")  # notes differ: number them
        if not parts:
            return Safe()
        key = self._define(Safe(" ").join(parts), key)
        if self.corrections is not None:  # the figures each footnote is cited for, and its source
            figures, _ = self._cited.setdefault(key, ({}, src))
            figure = self.corrections.figure(fact, field=field, value=value)
            if figure is not None:
                figures[figure] = None
        return Safe("[^{}]").format(key)

    def _title(self, src: Source) -> Safe:
        """A source's title as a link, with what the document is after it in the page's way: 사용자 보고."""
        link = Safe('<a href="{}">{}</a>').format(src.url, src.title)
        return (
            self.words.t("format.aside", text=link, aside=self.words.name(src.title_note)) if src.title_note else link
        )

    def _history(self, fact: object) -> Safe:
        """The earlier observations of a figure, oldest first, each with its source's title linked."""
        history = getattr(fact, "history", None)
        if not history:
            return Safe()
        unit = getattr(fact, "unit", "")
        items = []
        for past in history:
            src = self.facts.source(past.source)
            item = self.words.t(
                "format.history_item",
                value=Safe.escape(f"{number(past.value)} {unit}"),
                date=self.words.date(past.observed),
                source=self._title(src),
            )
            items.append(item + (" " + self.words.text(past.note) if past.note else Safe()))
        return self.words.t("format.history", items=Safe("; ").join(items))

    def footnote(self, note: Safe, key: str) -> Safe:
        """A reference to the footnote with this text, defining it under key the first time."""
        return Safe("[^{}]").format(self._define(note, key))

    def _define(self, note: Safe, key: str) -> str:
        """The key of the footnote with this text, defined under key the first time."""
        same = self._note_keys.get(note)
        if same is None:
            self.notes[key] = note
            self._note_keys[note] = key
        return same or key

    def unknown_because(self, reason_key: str) -> Safe:
        """Unknown, with a footnote giving the catalog's reason (for figures the facts file has no entry for)."""
        return self.unknown() + self.footnote(self.words.t(reason_key), f"note-{len(self.notes) + 1}")

    def dated(self, fact: Quantity) -> bool:
        """Whether a fact's source says when it was published."""
        source = self.facts.source(fact.source) if fact.source else None
        return bool(source and source.published)

    def published(self, fact: Quantity) -> Safe:
        """The month a fact's source was published or updated, in words, or unknown."""
        source = self.facts.source(fact.source) if fact.source else None
        return self.words.month(source.published) if source and source.published else self.unknown()

    def footnotes(self) -> Safe:
        """The footnote definitions for everything cited on the page so far, each with its correction link."""
        return Safe("\n").join(
            Safe("[^{}]: {}").format(key, note + self._report(key)) for key, note in self.notes.items()
        )

    def _report(self, key: str) -> Safe:
        """The link to report a correction to a footnote's figures (none without a repository)."""
        if self.corrections is None:
            return Safe()
        figures, source = self._cited.get(key, ({}, None))
        return " " + self.corrections.footnote_link(list(figures), source)
