"""Render every page in every language into memory: {relative path under docs/: Markdown text}.

One template per kind of page (generator/templates/), shared by all languages, and one small view
per kind (generator/view*.py) that the template reads as `p`. Templates hold no English or Korean
words: every visible word comes from a catalog (`p.t(...)`) or from a prose field of the facts
(`p.text(...)`), and every number goes through `p.fact(...)`, which formats it the same way in every
language and cites its source in a footnote; figures worked out from the facts come from derived.py.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
import jinja2.ext

from generator import export, htmlshape, text, translations
from generator.errors import GeneratorError
from generator.forked import each_apart
from generator.glossary import Tooltips
from generator.links import pairs
from generator.model import Facts, Glossary
from generator.strings import Catalog
from generator.view import AcceleratorsView, DataView, GlossaryView, GuideView, TranslationsView, View
from generator.view_accelerator import AcceleratorView
from generator.view_compare import CompareView
from generator.view_home import HomeView
from generator.view_pair import PairView
from generator.view_planner import PlannerView
from generator.view_plans import PlansView

TEMPLATES = Path(__file__).parent / "templates"
MARKER = "generated"
"""First-line meta key of every generated page; write.py only ever removes files that carry it."""


class _QuotedAttributes(jinja2.ext.Extension):
    """Every {{ expression }} between an attribute's quotes in a template goes through text.attribute_value."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        try:
            return htmlshape.quote_attributes(source)
        except ValueError as err:
            raise jinja2.TemplateSyntaxError(str(err), 1, name, filename) from None


@functools.lru_cache(maxsize=1)
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
    stale = {s.locale: frozenset(e.texts[s.locale] for e in s.stale) for s in statuses}
    page_list = _page_list(facts, statuses, glossary)
    _one_page_per_address([stem for stem, *_ in page_list])

    def language(catalog: Catalog) -> dict[str, str]:
        return _render_language(
            facts, catalogs, catalog, page_list, sources, stale.get(catalog.locale, frozenset()), glossary
        )

    pages: dict[str, str] = {}
    for rendered in each_apart(language, list(catalogs)):
        pages |= rendered
    return dict(sorted(pages.items()))


def _render_language(
    facts: Facts,
    catalogs: Sequence[Catalog],
    catalog: Catalog,
    page_list: list[tuple[str, str, Any, dict[str, Any]]],
    sources: Sequence[str],
    stale_texts: frozenset[str],
    glossary: Glossary | None,
) -> dict[str, str]:
    """Every page in one language."""
    env = make_env()
    pages = {}
    for stem, template, kind, extra in page_list:
        page = kind(
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
            body += f"\n\n{page.report_page()}\n"  # every page ends with a link to report a correction
        except jinja2.TemplateError as err:
            line = getattr(err, "lineno", None) or _template_line(err)
            raise GeneratorError(f"generator/templates/{template}:{line}: {err}") from err
        header = _header(page, sources, catalog)
        if page.stale:
            title, rest = body.split("\n", 1)
            body = f"{title}\n\n{page.stale_notice()}\n{rest}"
        pages[f"{stem}.{catalog.locale}.md"] = header + _tidy(body)
    return pages


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
) -> list[tuple[str, str, type[View], dict[str, object]]]:
    """Every page: its stem, its template, the kind of view its template reads, and what else it shows."""
    pages: list[tuple[str, str, type[View], dict[str, object]]] = [
        ("index", "home.md.j2", HomeView, {}),
        ("compare", "compare.md.j2", CompareView, {}),
        ("guide", "guide.md.j2", GuideView, {}),
        ("plans", "plans.md.j2", PlansView, {}),
        ("accelerators/index", "accelerators.md.j2", AcceleratorsView, {}),
        ("data", "data.md.j2", DataView, _data_page(facts)),
        ("translations", "translations.md.j2", TranslationsView, {"statuses": statuses}),
        ("glossary", "glossary.md.j2", GlossaryView, {"glossary": glossary}),
    ]
    if facts.planner is not None:
        pages.append(("planner", "planner.md.j2", PlannerView, {"planner": facts.planner}))
    pages += [(f"accelerators/{a.id}", "accelerator.md.j2", AcceleratorView, {"acc": a}) for a in facts.accelerators]
    pages += [(stem, "pair.md.j2", PairView, {"a": a, "b": b}) for stem, (a, b) in pairs(facts).items()]
    return pages


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


def _header(page: View, sources: Sequence[str], catalog: Catalog) -> str:
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
