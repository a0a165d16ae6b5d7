"""Values between an attribute's quotes: whatever a catalog sentence or a fact holds, it stays one attribute's text.

Templates and Safe literals place catalog sentences into attributes (the planner form's words, tooltips);
a sentence's own markup (a link's quotes) once ended the attribute and gave the form a live style.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import htmlshape, text
from generator.render import make_env
from tests.test_safety import FRAGMENTS

PARTS = [*FRAGMENTS, "{a}", "{b}", "[x](https://e.org/a)", '[y](https://e.org/" style="position:fixed)', "*em*"]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


def _sentence(parts: list[str]) -> str | None:
    """Parts joined as a catalog sentence, or None where the catalog's checks refuse it."""
    sentence = "".join(parts).strip()
    checks = (text.problem, text.placeholder_problem, text.markup_problem)
    if not sentence or any(check(sentence) for check in checks):
        return None
    return sentence


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.sampled_from(PARTS), min_size=1, max_size=10), value=st.sampled_from(FRAGMENTS))
def test_a_sentence_in_an_attribute_is_that_attribute_s_text(parts: list[str], value: str) -> None:
    sentence = _sentence(parts)
    if sentence is None:
        return
    filled = text.fill(sentence, **dict.fromkeys(text.names(sentence), value))
    template = make_env().from_string(
        '<div id="f" data-words="{{ words }}" title="{{ words }}"{% if words %} data-x="{{ words }}"{% endif %}>'
        "{{ words }}</div>\n"
    )
    html = template.render(words=filled)
    tags = _tags(html)
    assert [name for name, _ in tags][:1] == ["div"]
    attributes = dict(tags[0][1])
    assert list(attributes) == ["id", "data-words", "title", "data-x"]  # none added, none ended early
    expected = text.Safe(filled).striptags()
    assert attributes["data-words"] == attributes["title"] == attributes["data-x"] == expected


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.sampled_from(PARTS), min_size=1, max_size=10), value=st.sampled_from(FRAGMENTS))
def test_a_safe_literal_s_attribute_takes_only_words(parts: list[str], value: str) -> None:
    sentence = _sentence(parts)
    if sentence is None:
        return
    filled = text.fill(sentence, **dict.fromkeys(text.names(sentence), value))
    html = text.Safe('<abbr class="x" title="{}">{}</abbr>').format(filled, filled)
    tags = _tags(html)
    assert tags[0] == ("abbr", [("class", "x"), ("title", text.Safe(filled).striptags())])


@settings(max_examples=300, deadline=None)
@given(order=st.lists(st.sampled_from(["{link}", "{end}", "read", " ", "*", "[x](https://e.org/)"]), max_size=8))
def test_placeholders_in_any_order_give_whole_html_or_an_error(order: list[str]) -> None:
    """{link} and {end} in any order and number: the catalog refuses the sentence, or its HTML is whole."""
    from generator.strings import _shape_problem

    sentence = _sentence(order)
    if sentence is None or text.names(sentence) != {"link", "end"}:  # the placeholders of the English
        return
    if _shape_problem(("translations", "stale_notice"), sentence):
        return
    link, end = text.Safe('<a href="../x/">'), text.Safe("</a>")
    try:
        out = text.fill(sentence, link=link, end=end)
    except text.ShapeError:
        pytest.fail(f"the catalog accepted {sentence!r}, whose HTML is not whole")
    assert htmlshape.shape_problem(out) is None


def test_a_tag_outside_quotes_in_a_template_is_refused() -> None:
    for template in ("<a href={{ x }}>", "<a title='{{ x }}'>"):
        with pytest.raises(ValueError, match="inside a tag but outside double quotes"):
            htmlshape.quote_attributes(template)
    for literal in ("<a href={}>", "<a title='{}'>"):
        with pytest.raises(ValueError, match="inside a tag but outside double quotes"):
            htmlshape.attribute_fields(literal)
    assert htmlshape.quote_attributes('<td{% if t %} title="{{ t }}"{% endif %}>{{ t }}</td>') == (
        '<td{% if t %} title="{{ (t) | attribute }}"{% endif %}>{{ t }}</td>'
    )


def test_the_planner_form_words_are_plain_even_with_a_link(facts: object, catalogs: list) -> None:  # type: ignore[type-arg]
    """The words a catalog sentence gives the planner form's data attributes: a link's text, never its tags."""
    import dataclasses

    from generator.render import render

    en = catalogs[0]
    strings = dict(en.strings)
    strings["planner.mark_fits"] = (
        'fits, see [the notes](https://e.org/" style="position:fixed) or [this](https://e.org/a)'
    )
    hostile = dataclasses.replace(en, strings=strings)
    page = render(facts, [hostile, catalogs[1]], ["facts.yaml"])["planner.en.md"]  # type: ignore[arg-type]
    line = next(line for line in page.splitlines() if 'id="planner-form"' in line)
    form = _tags(line)[0]
    assert form[0] == "div" and "style" not in dict(form[1])
    assert dict(form[1])["data-mark-fits"] == 'fits, see [the notes](https://e.org/" style="position:fixed) or this'
