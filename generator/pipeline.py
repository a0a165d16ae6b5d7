"""The pipeline in one place: load every input, check it, and render every output file in memory.

cli.py (once) and serve.py (on every edit) both run it; neither writes anything until it has
succeeded, so a mistake in the input never reaches docs/ or site/.
"""

from __future__ import annotations

import functools
import gc
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar

from generator import planner_data, redirects, style, translations
from generator.errors import InputError
from generator.export import PLANNER_PATH, export, tidy
from generator.glossary import check_usage, load_glossary
from generator.load import Document, load_facts_document
from generator.model import Facts, Glossary
from generator.render import render
from generator.strings import Catalog, load_catalogs

P = ParamSpec("P")
R = TypeVar("R")


def _without_cycle_collector(step: Callable[P, R]) -> Callable[P, R]:
    """Run a step with Python's cycle collector paused (reference counting still frees memory).

    Loading builds a great many objects that all stay alive, and the collector would walk all of
    them again and again as they grow: with 1,000 accelerators that was a third of the load time
    (tools/bench.py). The steps make next to no reference cycles, and the collector resumes after.
    """

    @functools.wraps(step)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return step(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return run


@dataclass(frozen=True)
class Paths:
    """Where the inputs are."""

    facts: Path
    catalogs: Path
    glossary: Path
    translated_from: Path

    @property
    def addresses(self) -> Path:
        """The record of every page address published from these facts (generator/redirects.py)."""
        return redirects.record_path(self.facts)


@dataclass(frozen=True)
class Inputs:
    """Everything the site is made from, loaded and checked."""

    paths: Paths
    catalogs: list[Catalog]
    facts: Facts
    facts_doc: Document
    glossary: Glossary
    texts: list[translations.Entry]
    reviewed: dict[str, dict[str, str]]
    published: list[str]
    """Every page address the site has published (the record beside the facts; empty without one)."""

    @property
    def languages(self) -> tuple[str, ...]:
        """The site's languages, default first."""
        return tuple(c.locale for c in self.catalogs)

    def statuses(self) -> list[translations.Status]:
        """How each translation stands against the English it was reviewed against."""
        return translations.status(self.texts, self.reviewed, self.catalogs)


@_without_cycle_collector
def load_inputs(paths: Paths) -> Inputs:
    """Load and check catalogs, facts, glossary and the translation record; raise InputError on any problem."""
    catalogs = load_catalogs(paths.catalogs, paths.catalogs.as_posix())
    languages = tuple(c.locale for c in catalogs)
    scripts = {c.locale: c.scripts for c in catalogs}
    facts, doc = load_facts_document(paths.facts, paths.facts.as_posix(), languages, scripts)
    glossary, glossary_doc = load_glossary(paths.glossary, paths.glossary.as_posix(), languages, scripts)
    texts = translations.entries([doc, glossary_doc], catalogs)
    banned = style.load_banned(style.BANNED, "generator/banned.yaml", languages)
    named = style.names(doc, languages)  # a name written once is shown in every language
    misused = check_usage(glossary, texts, languages) + style.check(texts + named, banned)
    if misused:
        raise InputError(paths.facts.as_posix(), misused)
    reviewed = translations.read_lock(paths.translated_from, paths.translated_from.as_posix(), languages)
    published = redirects.read_record(paths.addresses, languages)
    return Inputs(paths, catalogs, facts, doc, glossary, texts, reviewed, published)


@_without_cycle_collector
def outputs(inputs: Inputs) -> dict[str, str]:
    """Every file of docs/ the generator owns: the pages in every language, the data downloads, and a
    page sending the reader on from each address the site published and no longer produces."""
    sources = [inputs.paths.facts.as_posix()]
    pages = render(inputs.facts, inputs.catalogs, sources, inputs.statuses(), inputs.glossary)
    record = [inputs.paths.addresses.as_posix()]
    moved = redirects.redirect_pages(inputs.published, pages, inputs.facts, inputs.catalogs, record + sources)
    downloads = export(inputs.facts, inputs.languages, sources)
    if inputs.facts.planner is not None:  # what the planner's form computes from
        planner = planner_data.planner_inputs(inputs.facts, inputs.languages)
        downloads[PLANNER_PATH] = json.dumps(tidy(planner), ensure_ascii=False, indent=2) + "\n"
    return pages | downloads | moved
