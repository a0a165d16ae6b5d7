"""Render every page in every language into memory: {relative path under docs/: Markdown text}.

One template per page type (generator/templates/), shared by all languages; templates hold no
English or Korean words. Every visible word comes from a catalog (`p.t(...)`) or from a prose field
of the facts (`p.text(...)`), and every number goes through `p.fact(...)`, which formats it the same
way in every language and cites its source in a footnote.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import jinja2
import jinja2.ext

from generator import charts, derived, export, htmlshape, planner, text, translations
from generator.errors import GeneratorError
from generator.glossary import Tooltips
from generator.model import (
    BASES,
    NOT_SUPPORTED,
    PRECISIONS,
    UNKNOWN,
    Accelerator,
    Advice,
    Claim,
    ComputeCapability,
    Count,
    Facts,
    Feature,
    Frameworks,
    Glossary,
    Host,
    Label,
    ModelShape,
    Plan,
    PlannerTask,
    Quantity,
)
from generator.strings import Catalog
from generator.text import Safe

Fact = Quantity | Label | Count | ComputeCapability | Frameworks

TEMPLATES = Path(__file__).parent / "templates"
MARKER = "generated"
"""First-line meta key of every generated page; write.py only ever removes files that carry it."""

HOST_UNITS = {"ram": "GB", "vcpus": "vCPU", "disk": "GB"}
"""The units that the headers of runtime tables name."""


@functools.lru_cache(maxsize=1)
class _QuotedAttributes(jinja2.ext.Extension):
    """Every {{ expression }} between an attribute's quotes in a template goes through text.attribute_value."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        try:
            return htmlshape.quote_attributes(source)
        except ValueError as err:
            raise jinja2.TemplateSyntaxError(str(err), 1, name, filename) from None


def make_env() -> jinja2.Environment:
    """Return the Jinja environment: strict about undefined names; every {{ expression }} escaped.

    The output is Markdown, so Jinja's HTML autoescaping does not fit; instead `finalize` passes
    every expression's value through generator/text.py, which escapes whatever is not Safe for
    Markdown and HTML at once.

    One per process, so that serve mode compiles a template again only when its file changed
    (Jinja checks the file's time on every get_template).
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        # Headings carry explicit anchors such as `{#sources}`, so Jinja comments use {## ##}.
        comment_start_string="{##",
        comment_end_string="##}",
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=text.finalize,
        extensions=[_QuotedAttributes],
    )
    env.filters["attribute"] = text.attribute_value
    for name in ("safe", "tojson", "urlize", "xmlattr", "indent", "wordwrap"):  # would mark text as safe or
        env.filters.pop(name, None)  # add line breaks and indentation, which Markdown reads as syntax
    return env


def render(
    facts: Facts,
    catalogs: Sequence[Catalog],
    sources: Sequence[str],
    statuses: Sequence[translations.Status] = (),
    glossary: Glossary | None = None,
) -> dict[str, str]:
    """Render all pages in all languages; sources are the input files named in each page's first line.

    statuses say which translations are stale: a page showing one gets a notice in its language.
    """
    env = make_env()
    pages: dict[str, str] = {}
    stale = {s.locale: frozenset(e.texts[s.locale] for e in s.stale) for s in statuses}
    page_list = _page_list(facts, statuses, glossary)
    _one_page_per_address([stem for stem, _, _ in page_list])
    for catalog in catalogs:
        for stem, template, extra in page_list:
            stale_texts = stale.get(catalog.locale, frozenset())
            page = Page(
                facts,
                catalog,
                stem,
                stale_texts=stale_texts,
                default_locale=catalogs[0].locale,
                tooltips=Tooltips(glossary, catalog.locale, catalogs[0].locale),
                language_names={c.locale: c.name for c in catalogs},
            )
            try:
                body = env.get_template(template).render(p=page, facts=facts, **extra)
            except jinja2.TemplateError as err:
                line = getattr(err, "lineno", None) or _template_line(err)
                raise GeneratorError(f"generator/templates/{template}:{line}: {err}") from err
            header = _header(page, sources, catalog)
            if page.stale:
                title, rest = body.split("\n", 1)
                body = f"{title}\n\n{page.stale_notice()}\n{rest}"
            pages[f"{stem}.{catalog.locale}.md"] = header + _tidy(body)
    return dict(sorted(pages.items()))


def _one_page_per_address(stems: list[str]) -> None:
    """Raise GeneratorError if two pages would be written at one address (one would be lost)."""
    seen = set()
    for stem in stems:
        if stem in seen:
            raise GeneratorError(
                f"{stem}: two pages at this address, so one would be lost; an accelerator or option id "
                "may not contain '-vs-', which joins the two ids of a side-by-side page"
            )
        seen.add(stem)


def _template_line(err: BaseException) -> int:
    """The template line a runtime error (such as an undefined name) was raised on."""
    tb = err.__traceback__
    line = 0
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _page_list(
    facts: Facts, statuses: Sequence[translations.Status], glossary: Glossary | None
) -> list[tuple[str, str, dict[str, object]]]:
    pages: list[tuple[str, str, dict[str, object]]] = [
        ("index", "home.md.j2", {}),
        ("compare", "compare.md.j2", {}),
        ("guide", "guide.md.j2", {}),
        ("plans", "plans.md.j2", {}),
        ("accelerators/index", "accelerators.md.j2", {}),
        ("data", "data.md.j2", _data_page(facts)),
        ("translations", "translations.md.j2", {"statuses": statuses}),
        ("glossary", "glossary.md.j2", {"glossary": glossary}),
    ]
    if facts.planner is not None:
        pages.append(("planner", "planner.md.j2", {"planner": facts.planner}))
    pages += [(f"accelerators/{a.id}", "accelerator.md.j2", {"acc": a}) for a in facts.accelerators]
    pages += [(stem, "pair.md.j2", {"a": a, "b": b}) for stem, (a, b) in pairs(facts).items()]
    return pages


def pair_stem(a: Accelerator, b: Accelerator) -> str:
    """The page of two offered rows side by side, the one first in the facts first: vs/t4-vs-l4."""
    return f"vs/{a.id}-vs-{b.id}"


MAX_PAIRED = 24
"""Side-by-side pages are made for the first 24 offered rows at most: n rows make n × (n - 1) ÷ 2
pages per language, 276 at 24 (Colab offers nine today; make bench shows the cost at scale)."""


def paired_rows(facts: Facts) -> list[Accelerator]:
    """The offered rows that have side-by-side pages with each other."""
    return facts.offered[:MAX_PAIRED]


def pairs(facts: Facts) -> dict[str, tuple[Accelerator, Accelerator]]:
    """Every pair of paired rows, by the stem of its page."""
    rows = paired_rows(facts)
    return {pair_stem(a, b): (a, b) for i, a in enumerate(rows) for b in rows[i + 1 :]}


def _data_page(facts: Facts) -> dict[str, object]:
    """What the data page shows: the download paths, the CSV columns, and a real JSON excerpt."""
    # A fact without prose, so each language's page shows only its own language.
    plain = [a for a in facts.accelerators if a.memory.size.known and a.memory.size.note is None]
    gpu = (plain or facts.accelerators)[0]
    size = gpu.memory.size.model_dump(mode="json", exclude={"note"})
    excerpt = {"accelerators": [{"id": gpu.id, "memory": {"size": size}}]}
    return {
        "json_path": export.JSON_PATH,
        "csv_path": export.CSV_PATH,
        "csv_columns": export.CSV_COLUMNS,
        "note_prefix": export.NOTE_PREFIX,
        "json_example": json.dumps(export.tidy(excerpt), ensure_ascii=False, indent=2),
    }


def _header(page: Page, sources: Sequence[str], catalog: Catalog) -> str:
    """The page's meta lines. MkDocs' theme puts title and description into HTML as they are: escape them."""
    files = " and ".join([*sources, f"content/i18n/{catalog.locale}.yaml"])
    lines = [
        f"{MARKER}: by `python -m generator` from {text.attribute(files)}; edit those, not this file",
        f"title: {text.attribute(page.title)}",
        f"description: {text.attribute(page.description)}",
    ]
    if page.wide:  # Material's front matter: no table of contents beside the page
        lines.append("hide: toc")
    return "\n".join(lines) + "\n\n"


def _tidy(text: str) -> str:
    """Collapse runs of blank lines left by template logic; end with exactly one newline."""
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


# --- formatting --------------------------------------------------------------------------


def number(value: float, times: int = 1) -> str:
    """Format value x times exactly as written, the same way in every language: 1,555 / 8.1 / 242.5.

    Decimal arithmetic, so 3 x 0.1 shows as 0.3 and no digit is ever rounded away or invented.
    """
    exact = Decimal(repr(value)) * times
    if exact == exact.to_integral_value():
        return f"{int(exact):,}"
    return f"{exact.normalize():,f}"


@dataclass
class Page:
    """What a template needs to write one page in one language; collects the page's footnotes."""

    facts: Facts
    catalog: Catalog
    stem: str
    notes: dict[str, Safe] = field(default_factory=dict)
    _note_keys: dict[str, str] = field(default_factory=dict)
    _sources: dict[str, Safe] = field(
        default_factory=dict
    )  # each source's sentence, once per page  # notes by text, to cite a repeated one again
    stale_texts: frozenset[str] = frozenset()
    default_locale: str = "en"
    tooltips: Tooltips = field(default_factory=lambda: Tooltips(None, "en", "en"))
    language_names: dict[str, str] = field(default_factory=dict)
    stale: bool = False

    @property
    def lang(self) -> str:
        """The page's language code."""
        return self.catalog.locale

    @property
    def title(self) -> str:
        """The page's title (navigation, browser tab, H1), as plain words."""
        acc, pair = self._accelerator(), self.pair
        if pair:
            return self.words("pages.pair.title", a=self.name(pair[0].name), b=self.name(pair[1].name))
        return self.name(acc.name) if acc else self.words(f"pages.{self._kind()}.title")

    @property
    def description(self) -> str:
        """One line for search engines and link previews, as plain words."""
        acc, pair = self._accelerator(), self.pair
        if pair:
            return self.words("pages.pair.description", a=self.name(pair[0].name), b=self.name(pair[1].name))
        if acc:
            summary = text.plain(self.name(acc.text.summary))
            return self.words("pages.accelerator.description", name=self.name(acc.name), summary=summary)
        return self.words(f"pages.{self._kind()}.description")

    @functools.cached_property
    def pair(self) -> tuple[Accelerator, Accelerator] | None:
        """The two rows a side-by-side page compares; None on other pages."""
        return pairs(self.facts).get(self.stem) if self.stem.startswith("vs/") else None

    @property
    def wide(self) -> bool:
        """Whether the page's tables need the width the table of contents would take (it is hidden)."""
        return self.stem == "compare" or self.stem.startswith("vs/")

    def _kind(self) -> str:
        return "accelerators" if self.stem == "accelerators/index" else self.stem

    def _accelerator(self) -> Accelerator | None:
        return self.facts.accelerator(self.stem.removeprefix("accelerators/"))

    # words

    def _sentence(self, key: str) -> str:
        sentence = self.catalog.strings.get(key)
        if sentence is None:
            raise GeneratorError(f"catalog {self.lang}: no key {key!r}")
        if sentence in self.stale_texts:
            self.stale = True
        return sentence

    def t(self, key: str, **values: object) -> Safe:
        """A sentence from the page language's catalog, its placeholders filled (escaped unless Safe)."""
        return self._fill(key, self._sentence(key), **values)

    def _fill(self, key: str, sentence: str, **values: object) -> Safe:
        try:
            return text.fill(sentence, **values)
        except KeyError as err:
            raise GeneratorError(f"{self._where(key)}: no value for the placeholder {err}") from None
        except text.ShapeError as err:
            raise GeneratorError(
                f"{self._where(key)}: {err}; keep the placeholders that open and close a tag in order"
            ) from None

    def _where(self, key: str) -> str:
        """A catalog sentence as a message names it: file:line: key."""
        line = self.catalog.lines.get(key, 0)
        where = f"{self.catalog.file}:{line}" if self.catalog.file and line else f"catalog {self.lang}"
        return f"{where}: {key}"

    def words(self, key: str, **values: object) -> str:
        """A catalog sentence as plain words, without markup (for the page's title and description)."""
        try:
            return text.plain_sentence(self._sentence(key), **values)
        except KeyError as err:
            raise GeneratorError(f"catalog {self.lang}: {key}: no value for the placeholder {err}") from None

    def name(self, prose: dict[str, str]) -> str:
        """A name or any text of the facts in the page's language, as plain words (escaped where shown)."""
        if prose[self.lang] in self.stale_texts:
            self.stale = True
        return prose[self.lang]

    def text(self, prose: dict[str, str]) -> Safe:
        """A prose field of the facts in the page's language, its inline Markdown written as HTML."""
        return text.inline(self.name(prose))

    def prose(self, prose: dict[str, str]) -> Safe:
        """A prose field for running text: like text(), with glossary terms marked as tooltips."""
        return text.inline(self.name(prose), self.tooltips)

    def code(self, value: str) -> Safe:
        """A value shown as code (a key, a file name)."""
        return Safe("<code>{}</code>").format(value)

    def code_block(self, value: str) -> Safe:
        """Lines shown as a block of code (the JSON example)."""
        return Safe("<pre><code>{}</code></pre>").format(value)

    def stale_notice(self) -> Safe:
        """A notice that this page shows a translation that may be out of date, linking to the default language."""
        url = self.url_in_default()
        original = "../" * (1 + url.count("/")) + url  # from /<locale>/<url> up to the root, then down
        link = Safe('<a href="{}" hreflang="{}">').format(original, self.default_locale)
        notice = self._fill(
            "translations.stale_notice", self.catalog.strings["translations.stale_notice"], link=link, end=Safe("</a>")
        )
        title = text.fill(self.catalog.strings["translations.stale_title"])
        return Safe('!!! warning "{}"\n    {}\n').format(title, notice)

    def others(self, prose: dict[str, str]) -> Safe:
        """A text in the site's other languages, each followed by the language's name."""
        mine = prose[self.lang]
        parts = [
            Safe('<span lang="{}">{}</span> ({})').format(lang, words, self.language_in_words(lang))
            for lang, words in prose.items()
            if lang != self.lang and words != mine
        ]
        return self.t("format.list_separator").join(parts) or Safe("—")

    def language_in_words(self, locale: str) -> Safe:
        """A language named in the page's language (영어 on a Korean page), else in its own words."""
        if f"language_names.{locale}" in self.catalog.strings:
            return self.t(f"language_names.{locale}")
        return self.language_name(locale)

    def language_name(self, locale: str) -> Safe:
        """A language's name in its own words (English, 한국어), marked with its language if not the page's."""
        name = self.language_names.get(locale, locale)
        return Safe.escape(name) if locale == self.lang else Safe('<span lang="{}">{}</span>').format(locale, name)

    def url_in_default(self) -> str:
        """This page's URL path in the default language, relative to the site root ('compare/', '')."""
        stem = self.stem.removesuffix("index").rstrip("/")
        return f"{stem}/" if stem else ""

    def link(self, stem: str) -> str:
        """Relative Markdown link target from this page to another page (by stem)."""
        here = self.stem.split("/")[:-1]
        there = stem.split("/")
        common = 0
        while common < min(len(here), len(there) - 1) and here[common] == there[common]:
            common += 1
        return "/".join([".."] * (len(here) - common) + there[common:]) + ".md"

    def asset(self, path: str) -> str:
        """Relative link from this page to a file under docs/ that is not a page (a download)."""
        return self.link(path).removesuffix(".md")

    def site_file(self, path: str) -> str:
        """The URL of a file at the site's root (a data download) relative to this page as built.

        For raw HTML, which MkDocs does not rewrite: pages are served as folders (/planner/), and
        a language other than the default under its own folder (/ko/planner/).
        """
        depth = self.url_in_default().count("/") + (0 if self.lang == self.default_locale else 1)
        return "../" * depth + path

    def acc_link(self, acc: Accelerator) -> Safe:
        """A Markdown link to an accelerator's page; for an option's row, to the option on that page."""
        anchor = f"#{acc.id}" if acc.how is not None else ""
        return self.page_link(f"accelerators/{acc.page_id}", self.name(acc.name), anchor)

    def page_link(self, stem: str, words: str | None = None, anchor: str = "") -> Safe:
        """A Markdown link to another page of the site (MkDocs checks it), by default named by its title."""
        if not re.fullmatch(r"[a-z0-9/-]+", stem) or not re.fullmatch(r"(#[a-z0-9-]+)?", anchor):
            raise GeneratorError(f"expected a page and anchor made of ids, got {stem!r}{anchor!r}")
        kind = "accelerators" if stem == "accelerators/index" else stem
        shown = self.t(f"pages.{kind}.title") if words is None else words
        return Safe("[{}]({})").format(shown, Safe(self.link(stem) + anchor))

    def date(self, day: date) -> Safe:
        """A date in words, the language's way (November 27, 2026 / 2026년 11월 27일)."""
        return self.t("format.date", year=day.year, month=self.t(f"months.m{day.month}"), day=day.day)

    def month(self, yyyy_mm: str) -> Safe:
        """A month (YYYY-MM) in words."""
        year, month = yyyy_mm.split("-")
        return self.t("format.month", year=year, month=self.t(f"months.m{int(month)}"))

    def kind(self, acc: Accelerator) -> Safe:
        """The accelerator's kind in words."""
        return self.t(f"kinds.{acc.kind}")

    def plan_names(self, ids: Sequence[str], *, short: bool = False) -> Safe:
        """Plan names, in the facts' order, joined the language's way; `short` names (where a plan has
        one) carry the full name as a tooltip."""
        names: list[Safe | str] = []
        for plan in (p for p in self.facts.plans if p.id in ids):
            name = self.name(plan.name)
            if short and plan.short is not None and self.name(plan.short) != name:
                names.append(Safe('<abbr title="{}">{}</abbr>').format(name, self.name(plan.short)))
            else:
                names.append(name)
        return self.t("format.list_separator").join(names) if names else self.t("values.plans_unknown")

    # numbers and their sources

    def fact(self, fact: Fact, *, times: int = 1, unit: str | None = None, compact: bool = False) -> Safe:
        """A fact with its unit, the mark of how it is known, and one footnote for its source and note.

        `times` multiplies a number (chips x per-chip figure) and shows the factors; `unit` names
        the unit a table header already states, so cells in that unit show the bare number.
        `compact` is for wide tables: the factors and other sources' figures go on a short line of
        their own under the figure (class value-more), in fewer words.
        """
        if fact.value == UNKNOWN:
            return self.unknown() + self.cite(fact)
        if fact.value == NOT_SUPPORTED:
            return self.unsupported(short=compact) + self.basis_mark(fact.basis) + self.cite(fact)
        if isinstance(fact, Quantity):
            assert isinstance(fact.value, float | int)
            suffix = "" if fact.unit == unit else f" {fact.unit}"
            if fact.unit == "share":  # a fraction is shown as a percentage: 35%
                shown = Safe.escape(f"{number(fact.value * 100)}%")
                return shown + self.basis_mark(fact.basis) + self.cite(fact)
            if fact.unit == "USD":  # dollars are written $9.99 in every language (content/style/)
                shown = Safe.escape(f"${number(fact.value, times)}")
                return shown + self.basis_mark(fact.basis) + self.cite(fact)
            shown = Safe.escape(f"{number(fact.value, times)}{suffix}")
            more: list[Safe] = []
            if times != 1:
                each = f"{number(fact.value)}{suffix}"
                if compact:
                    more.append(self.t("format.times_chips_short", chips=times, each=each))
                else:
                    shown += " " + self.t("format.times_chips", chips=times, each=each)
            shown += self.basis_mark(fact.basis) + self.cite(fact)
            for claim in fact.disputed:
                other = Safe.escape(f"{number(claim.value, times)}{suffix}") + self.basis_mark(claim.basis)
                other += self.cite(claim)
                if compact:  # the words may wrap, the figure and its marks may not
                    other = Safe('<span class="value-figure">{}</span>').format(other)
                disputed = self.t("format.disputed_short" if compact else "format.disputed", value=other)
                if compact:
                    more.append(Safe('<span class="value-disputed">{}</span>').format(disputed))
                else:
                    shown += Safe(' <span class="value-disputed">{}</span>').format(disputed)
            return shown + self.more(more)
        names = fact.value if isinstance(fact.value, list) else [str(fact.value)]
        return self.t("format.list_separator").join(names) + self.basis_mark(fact.basis) + self.cite(fact)

    def column_head(self, key: str) -> Safe:
        """A wide table's column heading, its unit in parentheses on a line of its own: "FP32" over "(TFLOPS)"."""
        words = self.words(key)
        cut = words.rfind("(")
        if cut <= 0:
            return Safe.escape(words)
        return Safe('{}<span class="unit">{}</span>').format(words[:cut].rstrip(), words[cut:])

    def more(self, lines: Sequence[Safe]) -> Safe:
        """Lines under a figure in a wide table (factors, other sources, a second fact), in smaller type."""
        return Safe("").join(Safe('<span class="value-more">{}</span>').format(line) for line in lines)

    def basis_mark(self, basis: str | None) -> Safe:
        """The mark of how a figure is known (vendor, cloud, observed, derived): a letter, its name as a tooltip.

        An <abbr>, since the letter abbreviates its name: one element per figure keeps big tables light.
        """
        if basis is None:
            return Safe()
        name, mark = self.words(f"basis.{basis}.name"), self.words(f"basis.{basis}.mark")
        return Safe('<abbr class="basis basis-{}" title="{}">{}</abbr>').format(basis, name, mark)

    def number(self, value: float | Decimal) -> str:
        """A derived number, formatted like every other."""
        return number(float(value))

    def unsupported(self, *, short: bool = False) -> Safe:
        """The words for a mode the hardware lacks, marked up so the legend and styles can tell them apart."""
        word = self.t("values.not_supported_short" if short else "values.not_supported")
        return Safe('<span class="value-unsupported">{}</span>').format(word)

    def unknown(self) -> Safe:
        """The word for an unknown value, marked up so the legend and styles can tell it apart."""
        return Safe('<span class="value-unknown">{}</span>').format(self.t("values.unknown"))

    def peak(
        self, acc: Accelerator, precision: str, mode: str = "dense", *, unit: str | None = None, compact: bool = False
    ) -> Safe:
        """A peak-compute cell for the whole configuration (chips x per chip)."""
        if precision == "fp32" and mode == "sparse":
            return self.t("values.not_applicable")
        rate = acc.peak(precision, mode)
        if rate is None:  # left out of the facts: unknown, for the reason in compute.note
            return self.unknown() + self.cite(acc.compute)
        return self.fact(rate, times=acc.chip_count, unit=unit, compact=compact)

    def cite(self, fact: Fact | Claim | object) -> Safe:
        """One footnote reference for a fact: its source (title, publisher, kind, date checked) and its note.

        Source and note share one footnote, so a figure never carries two tiny markers side by side
        (hard to tap on a phone); a footnote used again is referred to again, not repeated.
        """
        parts: list[Safe] = []
        key = ""
        source = getattr(fact, "source", None)
        if source:
            src = self.facts.source(source)
            checked = getattr(fact, "checked", None) or src.checked
            key = src.id if checked == src.checked else f"{src.id}-{checked.isoformat()}"
            sentence = self._sources.get(key)
            if sentence is None:  # a page cites the same few sources for many figures
                sentence = self.t(
                    "format.source",
                    title=Safe('<a href="{}">{}</a>').format(src.url, src.title),
                    publisher=Safe("{} ({})").format(src.publisher, self.month(src.published))
                    if src.published
                    else src.publisher,
                    kind=self.t(f"source_kinds.{src.kind}"),
                    checked=self.date(checked),
                )
                sentence += " " + self.text(src.note) if src.note else Safe()
                self._sources[key] = sentence
            parts.append(sentence)
        formula = getattr(fact, "formula", None)
        note = getattr(fact, "note", None)
        if formula:
            parts.append(self.t(f"formulas.{formula}"))
        if note:
            parts.append(self.text(note))
        if formula or note:
            key = f"{key}-note-{len(self.notes) + 1}".lstrip("-")  # notes differ: number them
        if not parts:
            return Safe()
        return self._footnote(Safe(" ").join(parts), key)

    def _footnote(self, note: Safe, key: str) -> Safe:
        """A reference to the footnote with this text, defining it under key the first time."""
        same = self._note_keys.get(note)
        if same is None:
            self.notes[key] = note
            self._note_keys[note] = key
        return Safe("[^{}]").format(same or key)

    def unknown_because(self, reason_key: str) -> Safe:
        """Unknown, with a footnote giving the catalog's reason (for figures the facts file has no entry for)."""
        return self.unknown() + self._footnote(self.t(reason_key), f"note-{len(self.notes) + 1}")

    def footnotes(self) -> Safe:
        """The footnote definitions for everything cited on the page so far."""
        return Safe("\n").join(Safe("[^{}]: {}").format(key, note) for key, note in self.notes.items())

    # derived figures

    def total_memory_gb(self, acc: Accelerator) -> float | None:
        """Total memory of the configuration in GB, or None if unknown (derived.total_memory_gb)."""
        return derived.total_memory_gb(acc)

    def sixteen_bit(self, acc: Accelerator) -> str | None:
        """The 16-bit precision to compare on (derived.sixteen_bit)."""
        return derived.sixteen_bit(acc)

    def intensity(self, acc: Accelerator) -> Decimal | None:
        """FLOPs per byte at which the chip turns compute-bound (derived.intensity)."""
        return derived.intensity(acc)

    def chart(self, kind: str) -> Safe:
        """A bar chart of one figure for every accelerator, as an inline SVG figure.

        Memory and peak compute are totals for the configuration (chips x per chip); bandwidth is per chip.
        """
        bars = []
        for acc in self.facts.rows:
            fact: Quantity | None
            if kind == "memory":
                fact, times, unit = acc.memory.size, acc.chip_count, "GB"
            elif kind == "bandwidth":
                fact, times, unit = acc.memory.bandwidth, 1, "GB/s"
            else:
                fact, times, unit = acc.peak(kind, "dense"), acc.chip_count, "TFLOPS"
            bars.append(self._bar(self.name(acc.name), fact, times, unit, acc))
        title = self.words(f"charts.{kind}")
        svg = charts.bar_chart(f"chart-{kind}", title, bars, self.words("format.list_separator"))
        kinds = [k for k in ("option", "retired") if any(b.kind == k for b in bars)]
        legend = Safe("").join(Safe("<br>") + self.t(f"charts.legend_{k}") for k in kinds)
        return Safe('<figure class="chart-figure">{}<figcaption>{}{}</figcaption></figure>').format(svg, title, legend)

    def _bar(self, label: str, fact: Quantity | None, times: int, unit: str, acc: Accelerator) -> charts.Bar:
        kind = "retired" if acc.colab.status == "retired" else "option" if acc.how is not None else ""
        note = self.words(f"charts.{kind}") if kind else ""
        if fact is None or fact.number is None:
            word = "values.not_supported" if fact is not None and fact.value == NOT_SUPPORTED else "values.unknown"
            return charts.Bar(label, None, self.words(word), kind=kind, note=note)
        total = self.total_memory_gb(acc) if unit == "GB" else fact.number * times
        assert total is not None
        shown = number(total) if unit == "GB" else number(fact.number, times)
        basis = fact.basis or "vendor"
        mark, name = self.words(f"basis.{basis}.mark"), self.words(f"basis.{basis}.name")
        return charts.Bar(label, total, f"{shown} {unit}", basis, mark, name, kind=kind, note=note)

    # what it costs

    def unit_price(self) -> tuple[Decimal, Plan] | None:
        """US dollars per compute unit, and the plan that sells them so (derived.unit_price)."""
        return derived.unit_price(self.facts)

    def cost_per_hour(self, acc: Accelerator) -> Decimal | None:
        """US dollars per hour (derived.cost_per_hour)."""
        return derived.cost_per_hour(self.facts, acc)

    def cost_per_tflop_hour(self, acc: Accelerator) -> Decimal | None:
        """US dollars per hour of one peak 16-bit dense TFLOPS (derived.cost_per_tflop_hour)."""
        return derived.cost_per_tflop_hour(self.facts, acc)

    def money(self, value: Decimal) -> str:
        """Dollars to three significant digits (they are derived from observed, rounded rates)."""
        digits = 3 - value.adjusted() - 1
        return "$" + number(float(round(value, max(digits, 2))))

    def dated(self, fact: Quantity) -> bool:
        """Whether a fact's source says when it was published."""
        source = self.facts.source(fact.source) if fact.source else None
        return bool(source and source.published)

    def published(self, fact: Quantity) -> Safe:
        """The month a fact's source was published or updated, in words, or unknown."""
        source = self.facts.source(fact.source) if fact.source else None
        return self.month(source.published) if source and source.published else self.unknown()

    @property
    def precisions(self) -> tuple[str, ...]:
        """Precisions in display order."""
        return PRECISIONS

    def offered(self) -> list[Accelerator]:
        """Rows (accelerators, or each option of one) that Colab offers today."""
        return self.facts.offered

    def matches(self, advice: Advice) -> list[Accelerator]:
        """Offered accelerators that meet every condition of a piece of advice (derived.matches)."""
        return derived.matches(self.facts, advice)

    # the accelerator page: one column per option

    def spec_rows(self, acc: Accelerator) -> list[tuple[Safe, list[Safe]]]:
        """The specification table of an accelerator's page: (field, one cell per row of the accelerator)."""
        rows = acc.rows()
        many = acc.chips is not None
        table: list[tuple[Safe, list[Safe]]] = [
            (self.t("accelerator.vendor"), [Safe.escape(self.name(r.vendor)) for r in rows]),
            (self.t("accelerator.kind"), [self.kind(r) for r in rows]),
            (self.t("accelerator.architecture"), [self.fact(r.architecture) for r in rows]),
        ]
        if any(r.variant for r in rows):
            variants = [self.fact(r.variant) if r.variant else Safe("—") for r in rows]
            table.append((self.t("accelerator.variant"), variants))
        if acc.chips:
            table.append((self.t("accelerator.chips"), [self.fact(acc.chips) for _ in rows]))
        if acc.cores_per_chip:
            table.append((self.t("accelerator.cores_per_chip"), [self.fact(acc.cores_per_chip) for _ in rows]))
        size = "accelerator.memory_size_per_chip" if many else "accelerator.memory_size"
        table.append((self.t(size), [self.fact(r.memory.size) for r in rows]))
        if many:
            total = [self.fact(r.memory.size, times=r.chip_count) for r in rows]
            table.append((self.t("accelerator.memory_total"), total))
        table.append((self.t("accelerator.memory_type"), [self.fact(r.memory.type) for r in rows]))
        bandwidth = "accelerator.bandwidth_per_chip" if many else "accelerator.bandwidth"
        table.append((self.t(bandwidth), [self.fact(r.memory.bandwidth) for r in rows]))
        if any(r.power for r in rows):
            power = "accelerator.power_per_chip" if many else "accelerator.power"
            table.append((self.t(power), [self.fact(r.power) if r.power else self.unknown() for r in rows]))
        software = acc.software
        if software and software.compute_capability:
            capability = software.compute_capability
            table.append((self.t("accelerator.compute_capability"), [self.fact(capability) for _ in rows]))
        if software and software.frameworks:
            frameworks = software.frameworks
            table.append((self.t("accelerator.frameworks"), [self.fact(frameworks) for _ in rows]))
        return table

    def runtime_rows(self, acc: Accelerator) -> list[tuple[Safe, Host | None]]:
        """The runtimes of an accelerator's page: (name, host machine or None where there is no such runtime)."""
        out: list[tuple[Safe, Host | None]] = []
        for row in acc.rows():
            if row.runtime is None:
                continue
            for shape in ("standard", "high_ram"):
                host = getattr(row.runtime, shape)
                name = self.t(f"accelerator.{shape}")
                if row.how is not None:
                    if host is None:  # the option is the other shape: its own row says so
                        continue
                    name = self.t("accelerator.option_runtime", option=self.name(row.name), runtime=name)
                out.append((name, host))
        return out

    def host(self, host: Host | None, part: str, *, bare: bool = False) -> Safe:
        """One figure (ram, vcpus, disk) of a runtime's host machine, or 'none' where there is no such runtime.

        `bare` leaves out the unit the table's header names (GB, vCPU); a figure in another unit keeps its own.
        """
        if host is None:
            return self.t("values.no_runtime")
        fact: Quantity = getattr(host, part)
        return self.fact(fact, unit=HOST_UNITS[part] if bare else None)

    def capability(self, acc: Accelerator) -> str | None:
        """The accelerator's CUDA compute capability (derived.capability)."""
        return derived.capability(acc)

    def features(self, acc: Accelerator) -> list[tuple[Feature, bool]]:
        """Each feature that needs a compute capability, and whether this GPU has it (derived.features)."""
        return derived.features(self.facts, acc)

    def needs(self, feature: Feature) -> Safe:
        """The compute capability a feature needs: '8.0', or '9.0 only' where newer GPUs lack it."""
        low, high = feature.min_capability, feature.max_capability
        if high is None:
            return Safe.escape(low)
        if high == low:
            return self.t("format.capability_only", value=low)
        return self.t("format.capability_range", low=low, high=high)

    def per_watt(self, acc: Accelerator) -> Decimal | None:
        """Peak 16-bit dense TFLOPS per watt (derived.per_watt)."""
        return derived.per_watt(acc)

    def basis_legend(self, *, full: bool = False) -> Safe:
        """The marks of how figures are known, with their names: one line, or (full) a list with their meaning."""
        items = []
        for basis in BASES:
            badge = Safe('<span class="basis basis-{}" aria-hidden="true">{}</span>').format(
                basis, self.t(f"basis.{basis}.mark")
            )
            name = self.t(f"basis.{basis}.name")
            legend = self.t(f"basis.{basis}.legend")
            items.append(Safe("- {} {}: {}").format(badge, name, legend) if full else Safe("{} {}").format(badge, name))
        if full:
            return Safe("\n").join(items)
        return self.t("basis.legend_line", marks=self.t("format.list_separator").join(items))

    def rounded(self, value: Decimal, places: int) -> str:
        """A derived ratio rounded to so many decimal places, formatted like every other number."""
        return self.number(value.quantize(Decimal(1).scaleb(-places)))

    # two accelerators side by side (vs/ pages)

    def pair_link(self, a: Accelerator, b: Accelerator, words: str | None = None) -> Safe:
        """A link to the side-by-side page of two offered rows (in either order), named by its title."""
        order = list(self._paired)
        first, second = (a, b) if order.index(a.id) < order.index(b.id) else (b, a)
        shown = words or self.words("pages.pair.title", a=self.name(first.name), b=self.name(second.name))
        return self.page_link(pair_stem(first, second), shown)

    def paired(self) -> list[Accelerator]:
        """The offered rows that have side-by-side pages (render.MAX_PAIRED)."""
        return list(self._paired.values())

    @functools.cached_property
    def _paired(self) -> dict[str, Accelerator]:
        """The paired rows by id, in order (computed once per page: pages link to many pairs)."""
        return {row.id: row for row in paired_rows(self.facts)}

    def versus(self, row: Accelerator) -> Safe:
        """Links from one offered row to its side-by-side page with every other paired row (none if it has none)."""
        others = [o for o in self._paired.values() if o.id != row.id] if row.id in self._paired else []
        links = [self.pair_link(row, o, self.words("pair.versus", name=self.name(o.name))) for o in others]
        return self.t("format.list_separator").join(links)

    def ratio(self, a: float | Decimal | None, b: float | Decimal | None) -> Safe:
        """b ÷ a (derived.ratio), or a dash where either is unknown: 12 / 1.9 / 1.0 / 0.94 (a tenth from 1 to 10,
        else two digits)."""
        value = derived.ratio(a, b)
        if value is None:
            return Safe("—")
        places = 0 if value >= 10 else 1 if value >= 1 else 2 - value.adjusted() - 1
        return Safe.escape(f"{value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):,f}")

    def pair_figures(self, a: Accelerator, b: Accelerator) -> list[tuple[Safe, Safe, Safe, Safe]]:
        """The side-by-side table: (figure, a's cell, b's cell, b ÷ a where both are numbers)."""
        rows: list[tuple[Safe, Safe, Safe, Safe]] = []

        def add(label: Safe, cells: tuple[Safe, Safe], numbers: tuple[float | Decimal | None, ...] = ()) -> None:
            rows.append((label, cells[0], cells[1], self.ratio(*numbers) if numbers else Safe("")))

        memory = [self.fact(r.memory.size, times=r.chip_count, unit="GB", compact=True) for r in (a, b)]
        add(self.t("pair.memory"), (memory[0], memory[1]), (self.total_memory_gb(a), self.total_memory_gb(b)))
        add(self.t("pair.memory_type"), (self.fact(a.memory.type), self.fact(b.memory.type)))
        bandwidth = [self.fact(r.memory.bandwidth, unit="GB/s", compact=True) for r in (a, b)]
        add(
            self.t("pair.bandwidth"),
            (bandwidth[0], bandwidth[1]),
            (a.memory.bandwidth.number, b.memory.bandwidth.number),
        )
        for prec in self.precisions:
            unit = "TOPS" if prec == "int8" else "TFLOPS"
            label = self.t("pair.peak", precision=self.t(f"precisions.{prec}"), unit=unit)
            peaks = [self.peak(r, prec, unit=unit, compact=True) for r in (a, b)]
            add(label, (peaks[0], peaks[1]), (self._peak(a, prec), self._peak(b, prec)))
        if a.power or b.power:
            power = [
                self.fact(r.power, unit="W", compact=True) if r.power else self.t("values.not_applicable")
                for r in (a, b)
            ]
            add(self.t("pair.power"), (power[0], power[1]), tuple(r.power.number if r.power else None for r in (a, b)))
        if self.capability(a) or self.capability(b):
            cells = [
                self.fact(r.software.compute_capability)
                if r.software and r.software.compute_capability
                else self.t("values.not_applicable")
                for r in (a, b)
            ]
            add(self.t("pair.capability"), (cells[0], cells[1]))
        add(
            self.t("pair.plans"),
            (self.plan_names(a.colab.plans, short=True), self.plan_names(b.colab.plans, short=True)),
        )
        units = [self.fact(r.colab.compute_units) if r.colab.compute_units else self.unknown() for r in (a, b)]
        rates = tuple(r.colab.compute_units.number if r.colab.compute_units else None for r in (a, b))
        add(self.t("pair.compute_units"), (units[0], units[1]), rates)
        costs = [self.cost_per_hour(r) for r in (a, b)]
        shown = [Safe.escape(self.money(c)) if c is not None else self.unknown() for c in costs]
        add(self.t("pair.per_hour"), (shown[0], shown[1]), (costs[0], costs[1]))
        return rows

    def _peak(self, acc: Accelerator, precision: str) -> float | None:
        """The configuration's peak dense rate at a precision (derived.total_peak)."""
        return derived.total_peak(acc, precision)

    def pair_summary(self, a: Accelerator, b: Accelerator) -> list[Safe]:
        """Sentences on what differs most: memory, bandwidth, the 16-bit peak and the cost of an hour.

        Each names the larger first ("L4 has 1.9× the … of T4"), or says the two are the same or
        about the same (CLOSE); `words(big, small)` gives a sentence what else it names.
        """
        out: list[Safe] = []
        Words = Callable[[Accelerator, Accelerator], dict[str, object]]

        def compare(key: str, values: dict[str, float | Decimal | None], words: Words = lambda big, small: {}) -> None:
            x, y = values[a.id], values[b.id]
            if not x or not y:  # unknown (or zero): nothing to say
                return
            big, small = (a, b) if x >= y else (b, a)
            extra = {"big": self.name(big.name), "small": self.name(small.name), **words(big, small)}
            likeness = derived.likeness(x, y)
            if likeness == "more":
                out.append(self.t(f"pair.{key}_more", ratio=self.ratio(min(x, y), max(x, y)), **extra))
            else:  # "1.0×" would say nothing: say they are the same, or close
                out.append(self.t(f"pair.{key}_{likeness}", **extra))

        both = (a, b)
        compare("memory", {r.id: self.total_memory_gb(r) for r in both})
        compare("bandwidth", {r.id: r.memory.bandwidth.number for r in both})
        sixteen = {r.id: self.sixteen_bit(r) for r in both}

        def precisions(big: Accelerator, small: Accelerator) -> dict[str, object]:
            names = [self.t(f"precisions.{sixteen[r.id]}") for r in (big, small)]
            same = names[0] == names[1]
            return {"precisions": names[0] if same else self.t("pair.precision_pair", big=names[0], small=names[1])}

        compare("peak", {r.id: self._peak(r, p) if (p := sixteen[r.id]) else None for r in both}, precisions)
        costs = {r.id: self.cost_per_hour(r) for r in both}

        def money(big: Accelerator, small: Accelerator) -> dict[str, object]:
            shown = {r.id: self.money(c) for r in both if (c := costs[r.id]) is not None}
            return {"big_cost": shown.get(big.id), "small_cost": shown.get(small.id), "cost": shown.get(big.id)}

        compare("cost", dict(costs), money)
        out += [self.t("pair.free", name=self.name(r.name)) for r in both if "free" in r.colab.plans]
        return out

    # the planner: will it fit, how fast, at what cost (formulas in generator/planner.py)

    def host_gb(self, acc: Accelerator) -> float | None:
        """System memory of the High-RAM runtime in GB (derived.host_gb)."""
        return derived.host_gb(acc)

    def need_gb(self, task: PlannerTask, billions: float, kv_gb: float = 0.0) -> float:
        """Memory a model needs for a task, in GB (derived.need_gb)."""
        return derived.need_gb(self.facts, task, billions, kv_gb)

    def fit_mark(self, task: PlannerTask, billions: float, acc: Accelerator) -> Safe:
        """✓, host or ✗ for a model on an accelerator, with its meaning as a tooltip; unknown where memory is."""
        found = derived.fit(self.facts, task, billions, acc)
        if found is None:
            return self.unknown()
        mark, name = self.t(f"planner.mark_{found}"), self.words(f"planner.{found}_name")
        return Safe('<span class="fit fit-{}" title="{}">{}</span>').format(found, name, mark)

    def peak_tflops(self, acc: Accelerator) -> float | None:
        """The configuration's peak dense 16-bit rate in TFLOPS (derived.peak_tflops)."""
        return derived.peak_tflops(acc)

    def decode_bound(
        self, task: PlannerTask, billions: float, acc: Accelerator, kv_gb: float = 0.0, batch: int = 1
    ) -> float | None:
        """Upper bound on tokens per second (derived.decode_bound)."""
        return derived.decode_bound(self.facts, task, billions, acc, kv_gb, batch)

    def training_hours(self, task: PlannerTask, billions: float, acc: Accelerator) -> float | None:
        """Estimated hours of the example training run (derived.training_hours)."""
        return derived.training_hours(self.facts, task, billions, acc)

    def kv_gb(self, shape: ModelShape, tokens: int) -> float | None:
        """GB of KV cache for one sequence of `tokens` tokens (derived.kv_gb)."""
        return derived.kv_gb(self.facts, shape, tokens)

    def per_million(
        self, task: PlannerTask, billions: float, acc: Accelerator, kv_gb: float = 0.0, batch: int = 1
    ) -> float | None:
        """Dollars per million generated tokens (derived.per_million)."""
        return derived.per_million(self.facts, task, billions, acc, kv_gb, batch)

    def run_cost(self, task: PlannerTask, billions: float, acc: Accelerator) -> float | None:
        """Dollars for the example training run (derived.run_cost)."""
        return derived.run_cost(self.facts, task, billions, acc)

    def figure(self, value: float | None) -> Safe:
        """A planner figure to three significant digits, or a dash where it does not apply."""
        if value is None:
            return Safe("—")
        return Safe.escape(number(planner.significant(value)))

    def dollars(self, value: float | None) -> Safe:
        """Dollars to three significant digits, or a dash."""
        if value is None:
            return Safe("—")
        return Safe.escape("$" + number(planner.significant(value)))

    def hourly(self, acc: Accelerator) -> float | None:
        """Dollars per hour as a float (derived.hourly)."""
        return derived.hourly(self.facts, acc)

    def largest_fit(self, task: PlannerTask, acc: Accelerator) -> Safe:
        """The largest of the planner's sizes that fits the accelerator's memory for a task."""
        largest = derived.largest_fit(self.facts, task, acc)
        return Safe.escape(f"{number(largest)}B") if largest is not None else self.t("planner.none_fits")

    def fit_mark_value(self, task: PlannerTask, billions: float, acc: Accelerator, kv_gb: float = 0.0) -> str | None:
        """fits, host, no or None (unknown) for a model on an accelerator (derived.fit)."""
        return derived.fit(self.facts, task, billions, acc, kv_gb)

    def planner_opening(self) -> dict[str, object]:
        """The planner's form as the page opens (task, model shape, size, context) and the answer to it,
        written into the HTML: the rows, the KV cache line and the two column headings exactly as
        docs/assets/javascripts/planner.js draws them, so that opening the page changes nothing
        (redrawing a table of a long page is a long task on a phone). The script draws again once
        the reader changes the form, or if the browser restored other values into it."""
        assert self.facts.planner is not None
        plan = self.facts.planner
        task = next((t for t in plan.tasks if t.id == plan.form_task), plan.tasks[0])
        shape = next((m for m in plan.models if m.id == plan.form_model), None)
        billions = shape.billions if shape else 8
        context = plan.contexts[0] if plan.contexts else 4096
        inference = task.kind == "inference"
        kv_gb, note = 0.0, self.t("planner.kv_training")
        kv = derived.kv_gb(self.facts, shape, context, past_context=True) if inference and shape is not None else None
        if shape is not None and kv is not None:
            kv_gb = kv
            note = self.t("planner.kv_note", gb=number(planner.significant(kv_gb)))
            if context > shape.context:
                beyond = self.t("planner.kv_beyond", context=number(planner.significant(shape.context)))
                note = Safe(" ").join([note, beyond])
        elif inference:
            note = self.t("planner.kv_none")
        rows = []
        for acc in self.offered():
            found = self.fit_mark_value(task, billions, acc, kv_gb)
            if inference:
                figure = self.decode_bound(task, billions, acc, kv_gb)
                cost = self.per_million(task, billions, acc, kv_gb)
            else:
                figure, cost = self.training_hours(task, billions, acc), self.run_cost(task, billions, acc)
            rows.append(
                {
                    "name": self.name(acc.name),
                    "need": self.figure(self.need_gb(task, billions, kv_gb)),
                    "mark": self.t(f"planner.mark_{found}") if found else self.t("values.unknown"),
                    "mark_title": self.t(f"planner.{found}_name") if found else None,
                    "figure": self.figure(figure),
                    "cost": self.dollars(cost)
                    if cost is not None or found != "fits" or "free" not in acc.colab.plans
                    else self.t("planner.free"),
                }
            )
        return {
            "task": task,
            "shape": shape,
            "billions": billions,
            "context": context,
            "fields": self._planner_fields(),
            "rows": rows,
            "kv_note": note,
            "figure_head": self.t("planner.speed_head" if inference else "planner.hours_head"),
            "cost_head": self.t("planner.per_million_head" if inference else "planner.per_run_head"),
        }

    def _planner_fields(self) -> dict[str, dict[str, object]]:
        """Each number field of the form: its min, max and step attributes, and the sentence that refuses
        anything else (the script reads the bounds back from the attributes)."""
        assert self.facts.planner is not None
        plan = self.facts.planner
        share = plan.utilization.number
        on_file: dict[str, list[float]] = {
            "billions": [*plan.sizes, *(m.billions for m in plan.models)],
            "context": [*plan.contexts, *(m.context for m in plan.models)],
            "tokens": [plan.training_tokens],
            "utilization": [share * 100] if share is not None else [],
        }
        fields: dict[str, dict[str, object]] = {}
        for name, bound in planner.form_bounds(on_file).items():
            least, most = number(bound.least), number(bound.most)
            sentence = "planner.out_of_range_whole" if bound.whole else "planner.out_of_range"
            fields[name] = {
                "min": least.replace(",", ""),
                "max": most.replace(",", ""),
                "step": "1" if bound.whole else "any",
                "message": self.t(sentence, field=self.t(f"planner.{name}_label"), least=least, most=most),
            }
        return fields

    def planner_inputs(self) -> dict[str, object]:
        """What the planner's form needs (data/planner.json): derived.planner_inputs."""
        return derived.planner_inputs(self.facts, list(self.language_names) or [self.lang])
