"""The bilingual glossary: load it, check that prose uses its terms, and mark terms up as tooltips.

Where an English text uses a glossary term, each translation of that text must use the term's
fixed translation (and none of the variants listed under `avoid`). On the pages, the first use
of a term in a page's prose becomes an <abbr> whose title is the definition, which Material shows
as a tooltip (theme feature content.tooltips).
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import InputError, Problem
from generator.load import Document, read_yaml, validate
from generator.model import Glossary, Term
from generator.text import Safe
from generator.textcheck import Scripts
from generator.translations import Entry


def load_glossary(
    path: Path, display: str, languages: tuple[str, ...], scripts: dict[str, Scripts]
) -> tuple[Glossary, Document]:
    """Read and validate the glossary; raise InputError listing every problem."""
    doc = read_yaml(path, display)
    glossary = validate(doc, Glossary, languages, scripts)
    if glossary is None or doc.problems:
        raise InputError(display, doc.problems)
    return glossary, doc


def pattern(term: Term, lang: str, default: str) -> re.Pattern[str]:
    """How a term is found in text, ignoring case: whole words (with an English plural) in the default
    language; elsewhere anywhere, since Korean attaches particles to the word (텐서 코어가)."""
    word = re.escape(term.term[lang])
    if lang == default:
        return re.compile(rf"\b{word}(?:s|es)?\b", re.IGNORECASE)
    return re.compile(word, re.IGNORECASE)


def check_usage(glossary: Glossary, found: list[Entry], languages: tuple[str, ...]) -> list[Problem]:
    """Problems where a translation does not use the glossary's term for a term its English uses.

    A term is looked for with its pattern only where its words occur at all (a substring test,
    ignoring case): every text against every term is then cheap, even for a large glossary.
    """
    default = languages[0]
    patterns = [{lang: pattern(term, lang, default) for lang in languages} for term in glossary.terms]
    folded = [{lang: term.term[lang].casefold() for lang in languages} for term in glossary.terms]
    problems = []
    for entry in found:
        english = entry.texts.get(default, "")
        english_folded = english.casefold()
        for term, regex, words in zip(glossary.terms, patterns, folded, strict=True):
            uses = regex[default].search(english) if words[default] in english_folded else None
            for lang in languages[1:]:
                text = entry.texts.get(lang)
                if text is None:
                    continue
                file, line = entry.places.get(lang, ("", 0))
                where = f"{entry.key}.{lang}"
                for variant in term.avoid.get(lang, []):
                    if variant in text:
                        wanted = term.term[lang]
                        problems.append(
                            Problem(file, line, where, f"expected the glossary term {wanted!r}, got {variant!r}")
                        )
                if uses and not (words[lang] in text.casefold() and regex[lang].search(text)):
                    message = (
                        f"expected the glossary term {term.term[lang]!r} for {uses.group(0)!r} in the English, got none"
                    )
                    problems.append(Problem(file, line, where, message))
    return problems


class Tooltips:
    """Marks the first use of each glossary term on a page as an <abbr> with its definition."""

    def __init__(self, glossary: Glossary | None, lang: str, default: str) -> None:
        self.terms = [(pattern(t, lang, default), t.definition[lang]) for t in glossary.terms] if glossary else []
        self.used: set[int] = set()

    def __call__(self, text: str) -> Safe:
        """A plain piece of prose as page output: escaped, each term not yet used on the page in an <abbr>."""
        pieces: list[tuple[str, str | None]] = [(text, None)]  # (words, definition if a term)
        for index, (regex, definition) in enumerate(self.terms):
            if index in self.used:
                continue
            for at, (words, term) in enumerate(pieces):
                match = regex.search(words) if term is None else None
                if match:
                    self.used.add(index)
                    found = [(words[: match.start()], None), (match.group(0), definition), (words[match.end() :], None)]
                    pieces[at : at + 1] = found
                    break
        return Safe().join(
            Safe('<abbr title="{}">{}</abbr>').format(term, words) if term is not None else Safe.escape(words)
            for words, term in pieces
            if words
        )
