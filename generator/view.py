"""Views: what a template needs to write one page in one language.

`View` holds the parts every page shares: its words (words.py), its cited figures and footnotes
(cite.py) and its links (links.py), and the few calls every template makes on them. Each kind of
page has a small view of its own, here for the pages that need little more than that, and in
view_<kind>.py for the comparison, an accelerator, a pair, the planner and the plans; figures
worked out from the facts come from derived.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from generator import derived, text, words
from generator.cite import Citations, Fact
from generator.corrections import Corrections
from generator.glossary import Tooltips
from generator.links import Links
from generator.model import PRECISIONS, Accelerator, Advice, Claim, Facts, Host
from generator.strings import Catalog
from generator.text import Safe
from generator.words import Words, number


@dataclass
class View:
    """One page in one language: the calls every template makes (the words, cited figures and links)."""

    facts: Facts
    catalog: Catalog
    stem: str
    stale_texts: frozenset[str] = frozenset()
    default_locale: str = "en"
    tooltips: Tooltips = field(default_factory=lambda: Tooltips(None, "en", "en"))
    language_names: dict[str, str] = field(default_factory=dict)
    say: Words = field(init=False)
    cites: Citations = field(init=False)
    links: Links = field(init=False)
    wide = False
    """Whether the page's tables need the width the table of contents would take (it is hidden)."""

    def __post_init__(self) -> None:
        self.say = Words(self.catalog, self.facts.plans, self.stale_texts, self.tooltips, self.language_names)
        self.links = Links(self.facts, self.say, self.stem, self.default_locale)
        corrections = None
        if self.facts.site.repository is not None:  # links to report a correction (corrections.py)
            prefix = "" if self.lang == self.default_locale else f"{self.lang}/"
            path = f"/{prefix}{self.links.url_in_default()}"
            corrections = Corrections(self.facts.site.repository, self.say, self.facts, lambda: self.title, path)
        self.cites = Citations(self.say, self.facts, corrections=corrections)

    @property
    def lang(self) -> str:
        """The page's language code."""
        return self.catalog.locale

    @property
    def title(self) -> str:
        """The page's title (navigation, browser tab, H1), as plain words."""
        return self.words(f"pages.{self._kind()}.title")

    @property
    def description(self) -> str:
        """One line for search engines and link previews, as plain words."""
        return self.words(f"pages.{self._kind()}.description")

    def _kind(self) -> str:
        return "accelerators" if self.stem == "accelerators/index" else self.stem

    @property
    def stale(self) -> bool:
        """Whether the page shows a translation that may be out of date."""
        return self.say.stale

    def report_page(self) -> Safe:
        """A paragraph that links to report a correction to anything on the page; nothing without a repository."""
        corrections = self.cites.corrections
        return corrections.page_link() if corrections is not None else Safe()

    def stale_notice(self) -> Safe:
        """A notice that this page shows a translation that may be out of date, linking to the default language."""
        url = self.links.url_in_default()
        original = "../" * (1 + url.count("/")) + url  # from /<locale>/<url> up to the root, then down
        link = Safe('<a href="{}" hreflang="{}">').format(original, self.default_locale)
        key = "translations.stale_notice"
        notice = self.say.fill(key, self.catalog.strings[key], link=link, end=Safe("</a>"))
        title = text.fill(self.catalog.strings["translations.stale_title"])
        return Safe('!!! warning "{}"\n    {}\n').format(title, notice)

    @property
    def precisions(self) -> tuple[str, ...]:
        """Precisions in display order."""
        return PRECISIONS

    # words (words.py)

    def t(self, key: str, **values: object) -> Safe:
        """A sentence from the page language's catalog, its placeholders filled (escaped unless Safe)."""
        return self.say.t(key, **values)

    def words(self, key: str, **values: object) -> str:
        """A catalog sentence as plain words, without markup."""
        return self.say.plain(key, **values)

    def name(self, prose: dict[str, str]) -> str:
        """A name or any text of the facts in the page's language, as plain words."""
        return self.say.name(prose)

    def text(self, prose: dict[str, str]) -> Safe:
        """A prose field of the facts in the page's language, its inline Markdown written as HTML."""
        return self.say.text(prose)

    def prose(self, prose: dict[str, str]) -> Safe:
        """A prose field for running text, glossary terms marked as tooltips."""
        return self.say.prose(prose)

    def month(self, yyyy_mm: str) -> Safe:
        """A month (YYYY-MM) in words."""
        return self.say.month(yyyy_mm)

    def plan_names(self, ids: Sequence[str], *, short: bool = False) -> Safe:
        """Plan names joined the language's way (words.Words.plan_names)."""
        return self.say.plan_names(ids, short=short)

    def number(self, value: float | Decimal) -> str:
        """A number formatted like every other."""
        return number(float(value))

    def code(self, value: str) -> Safe:
        """A value shown as code (a key, a file name)."""
        return Safe("<code>{}</code>").format(value)

    # figures and their sources (cite.py)

    def fact(self, fact: Fact, *, times: int = 1, unit: str | None = None, compact: bool = False) -> Safe:
        """A fact with its unit, mark and footnote (cite.Citations.fact)."""
        return self.cites.fact(fact, times=times, unit=unit, compact=compact)

    def peak(
        self, acc: Accelerator, precision: str, mode: str = "dense", *, unit: str | None = None, compact: bool = False
    ) -> Safe:
        """A peak-compute cell for the whole configuration (cite.Citations.peak)."""
        return self.cites.peak(acc, precision, mode, unit=unit, compact=compact)

    def host(self, host: Host | None, part: str, *, bare: bool = False) -> Safe:
        """One figure of a runtime's host machine (cite.Citations.host)."""
        return self.cites.host(host, part, bare=bare)

    def power(self, acc: Accelerator, *, unit: str | None = None, compact: bool = False) -> Safe:
        """Board power per chip; unknown for a GPU or TPU without the figure, n/a for a CPU runtime."""
        return self.cites.optional(acc.power, derived.applies(acc, "power"), unit=unit, compact=compact)

    def capability(self, acc: Accelerator) -> Safe:
        """CUDA compute capability; unknown for a GPU without the figure, n/a for a TPU or CPU runtime."""
        fact = acc.software.compute_capability if acc.software else None
        return self.cites.optional(fact, derived.applies(acc, "compute_capability"))

    def missing(self, acc: Accelerator, figure: Literal["power", "compute_capability"]) -> Safe:
        """What stands for a figure worked out from an optional one that is missing: unknown, or n/a."""
        return self.cites.optional(None, derived.applies(acc, figure))

    def cite(self, fact: Fact | Claim | object) -> Safe:
        """One footnote reference for a fact's source and note."""
        return self.cites.cite(fact)

    def unknown(self) -> Safe:
        """The word for an unknown value, marked up."""
        return self.cites.unknown()

    def basis_legend(self, *, full: bool = False) -> Safe:
        """The marks of how figures are known, with their names (cite.Citations.legend)."""
        return self.cites.legend(full=full)

    def footnotes(self) -> Safe:
        """The footnote definitions for everything cited on the page so far."""
        return self.cites.footnotes()

    def marks_switch(self) -> Safe:
        """A button that hides or shows the marks beside figures (basis letters, footnote numbers) on every page
        (docs/assets/javascripts/marks.js keeps the choice); drawn in place but unseen until the script runs."""
        return Safe(
            '<p class="marks-switch-row"><button type="button" class="marks-switch" aria-pressed="true"'
            ' aria-describedby="marks-switch-note">{}</button> <span class="marks-switch-note"'
            ' id="marks-switch-note">{}</span></p>'
        ).format(self.t("compare.marks_switch"), self.t("compare.marks_switch_note"))

    # links (links.py)

    def page_link(self, stem: str, words: str | None = None, anchor: str = "", query: str = "") -> Safe:
        """A Markdown link to another page of the site, by default named by its title."""
        return self.links.page_link(stem, words, anchor, query)

    def acc_link(self, acc: Accelerator) -> Safe:
        """A Markdown link to an accelerator's page (an option's row: to the option on it)."""
        return self.links.acc_link(acc)

    def replacement(self, acc: Accelerator) -> Safe:
        """A link to what Colab offers in place of a retired accelerator, named in the page's language."""
        return self.links.replacement(acc)

    def paired(self) -> list[Accelerator]:
        """The offered rows that have side-by-side pages."""
        return self.links.paired()

    def versus(self, row: Accelerator) -> Safe:
        """Links from one offered row to its side-by-side page with every other paired row."""
        return self.links.versus(row)


class AcceleratorsView(View):
    """The list of accelerators."""

    def kind(self, acc: Accelerator) -> Safe:
        """The accelerator's kind in words."""
        return self.t(f"kinds.{acc.kind}")


class GuideView(View):
    """The guide: which accelerator for which need."""

    def matches(self, advice: Advice) -> list[Accelerator]:
        """Offered accelerators that meet every condition of a piece of advice (derived.matches)."""
        return derived.matches(self.facts, advice)

    def instead(self) -> list[tuple[Accelerator, Safe]]:
        """Each offered row with what to pick when it is not available (derived.instead), and how the
        two compare: memory, bandwidth, peak 16-bit rate, and an hour on Pay As You Go."""
        paired = {row.id for row in self.links.paired()}
        lines = []
        for acc in self.facts.offered:
            other = derived.instead(self.facts, acc)
            if other is None:
                continue
            times = {
                name: Safe.escape(words.ratio(derived.ratio(figure(acc), figure(other))))
                for name, figure in (
                    ("memory", derived.total_memory_gb),
                    ("bandwidth", derived.total_bandwidth_gb_s),
                    ("peak", derived.peak_tflops),
                )
            }
            cost, own = (derived.cost_per_hour(self.facts, row) for row in (other, acc))
            both = {acc.id, other.id} <= paired  # a pair page exists (MAX_PAIRED)
            pair = self.links.pair_link(acc, other, self.say.plain("guide.instead_pair")) if both else Safe()
            lines.append(
                (
                    acc,
                    self.t(
                        "guide.instead",
                        other=self.links.acc_link(other),
                        cost=Safe.escape(words.money(cost)) if cost is not None else self.unknown(),
                        own=Safe.escape(words.money(own)) if own is not None else self.unknown(),
                        pair=pair,
                        **times,
                    ),
                )
            )
        return lines


class GlossaryView(View):
    """The glossary: each term in every language."""

    def others(self, prose: dict[str, str]) -> Safe:
        """A text in the site's other languages, each followed by the language's name."""
        return self.say.others(prose)


class DataView(View):
    """The data page: the downloads and their shape."""

    def asset(self, path: str) -> str:
        """Relative link from this page to a download under docs/."""
        return self.links.asset(path)

    def code_block(self, value: str) -> Safe:
        """Lines shown as a block of code (the JSON example)."""
        return Safe("<pre><code>{}</code></pre>").format(value)


class TranslationsView(View):
    """The translations page: how each language's texts stand."""

    def language_name(self, locale: str) -> Safe:
        """A language's name in its own words."""
        return self.say.language_name(locale)
