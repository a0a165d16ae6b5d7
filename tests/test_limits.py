"""No input makes the build slow: every list has a limit, and what a list feeds costs time in proportion."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown
import pytest
from markdown.extensions.footnotes import FootnoteExtension

from generator import model
from generator.errors import InputError
from generator.hooks import LinearFootnotes
from generator.load import MAX_HINTS, load_facts
from generator.model import Glossary
from generator.schema import facts_schema
from tests.conftest import ROOT


def _arrays(node: Any, where: str = "") -> list[tuple[str, Any]]:
    """Every array schema in a JSON Schema, with where it is."""
    found = []
    if isinstance(node, dict):
        if node.get("type") == "array":
            found.append((where, node))
        for key, value in node.items():
            found += _arrays(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _arrays(value, f"{where}/{i}")
    return found


def test_every_list_of_the_facts_and_the_glossary_has_a_limit(languages: tuple[str, ...]) -> None:
    arrays = _arrays(facts_schema(languages)) + _arrays(Glossary.model_json_schema())
    assert len(arrays) > 15
    assert [where for where, array in arrays if "maxItems" not in array] == []


def test_the_limits_leave_room_for_the_real_facts_and_the_benchmark(facts: model.Facts) -> None:
    assert len(facts.accelerators) * 100 < model.MAX_ACCELERATORS
    assert model.MAX_ACCELERATORS >= 1_000  # tools/bench.py builds 1,000 synthetic accelerators
    assert len(facts.sources) * 50 < model.MAX_SOURCES
    assert max(len(a.options) for a in facts.accelerators) * 5 <= model.MAX_OPTIONS


def _stock_and_linear(text: str) -> tuple[str, str, int, int]:
    """The page Python-Markdown writes with its own footnotes and with LinearFootnotes, and how
    often each asked for the footnote id separator (the work of numbering repeated references)."""
    calls = [0, 0]
    results = []
    for index, extensions in enumerate((["footnotes"], ["footnotes", LinearFootnotes()])):
        md = markdown.Markdown(extensions=extensions)
        footnotes = next(e for e in md.registeredExtensions if isinstance(e, FootnoteExtension))
        separator = footnotes.get_separator

        def counted(separator: Any = separator, index: int = index) -> str:
            calls[index] += 1
            return str(separator())

        footnotes.get_separator = counted  # type: ignore[method-assign]
        results.append(md.convert(text))
    return results[0], results[1], calls[0], calls[1]


def test_repeated_footnote_references_are_numbered_as_before_in_linear_time() -> None:
    n = 400
    text = "a[^x] b[^y] " + " ".join("c[^x]" for _ in range(n)) + " d[^y]\n\n[^x]: One.\n[^y]: Two.\n"
    stock, linear, stock_calls, linear_calls = _stock_and_linear(text)
    assert linear == stock
    assert 'href="#fnref401:x"' in linear  # the 401st reference to x, and its way back
    assert linear_calls < 10 * n < stock_calls  # stock: n²/2 tries; counted: a few per reference


def test_only_the_first_wrong_ids_get_a_hint(tmp_path: Path, languages: tuple[str, ...]) -> None:
    """Each hint compares an id with every id: 20,000 wrong ids among 5,000 sources took 3½ minutes."""
    text = (ROOT / "tests/data/valid/minimal.yaml").read_text(encoding="utf-8")
    wrong = "".join(f"          - {{value: {300 + i}, source: shet}}\n" for i in range(1, 20))
    text = text.replace(
        "      bandwidth: {value: 320, unit: GB/s, source: sheet}\n",
        "      bandwidth:\n        value: 320\n        unit: GB/s\n        source: shet\n"
        "        note: {en: Differs., ko: 다릅니다.}\n        disputed:\n" + wrong,
    )
    text = text.replace("{value: 65, unit: TFLOPS, source: sheet}", "{value: 65, unit: TFLOPS, source: shet}")
    text = text.replace("{value: 130, unit: TFLOPS, source: sheet}", "{value: 130, unit: TFLOPS, source: shet}")
    path = tmp_path / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_facts(path, "facts.yaml", languages)
    messages = [p.message for p in caught.value.problems]
    assert len(messages) == MAX_HINTS + 2
    assert sum("did you mean 'sheet'" in m for m in messages) == MAX_HINTS
