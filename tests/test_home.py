"""The home page's questions: each one-line answer says what the planner's own functions compute (worked out
again here, from derived.py and memory.py), and each link opens the planner on its case.

The browser half (marked `browser`) follows each link from the home page in one click, reads the planner's
verdict for the case, and checks that the language switch keeps the #anchor and the planner's inputs, and
the navigation's order, in both languages.
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page

from generator import derived, home, words
from generator.errors import GeneratorError
from generator.memory import Case
from generator.model import Accelerator, Facts, PlannerTask
from generator.render import render
from generator.strings import Catalog
from generator.view import View
from tests.test_browser import CATALOGS, base_url, switch_language, visit

__all__ = ["base_url"]  # the built site on a loopback server (tests/test_browser.py), for the browser tests

KEYS = ["run", "tune", "scratch", "cheapest", "free"]


def _lines(facts: Facts, catalog: Catalog) -> dict[str, str]:
    """Each question's answer line on the rendered home page, by its key."""
    page = render(facts, [catalog], ["content/accelerators.yaml"])[f"index.{catalog.locale}.md"]
    found = {}
    for key in KEYS:
        head = page.index("{#ask-" + key + "}")
        found[key] = html.unescape(page[head:].split("\n\n")[1])  # a colon after a name is written &#58;
    return found


def _names(facts: Facts, catalog: Catalog, accs: list[Accelerator]) -> list[str]:
    view = View(facts, catalog, "index")
    return [view.name(acc.name) for acc in accs]


def _tables_case(task: PlannerTask, context: int, shape: Any) -> Case:
    return Case() if task.kind == "inference" and shape is None else Case(shape=shape, context=context)


def test_the_home_page_asks_the_five_questions_in_order(facts: Facts) -> None:
    assert [q.key for q in home.questions(facts)] == KEYS


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_each_answer_is_what_the_planner_computes(facts: Facts, catalogs: list[Catalog], lang: str) -> None:
    """Worked out again from derived.py: the need and the fitting rows, the cheapest fine-tuning and full
    training, the cheapest price per million tokens, and the free plan's largest sizes."""
    catalog = next(c for c in catalogs if c.locale == lang)
    lines = _lines(facts, catalog)
    plan = facts.planner
    assert plan is not None
    shape = next(m for m in plan.models if m.id == plan.form_model)
    run = next(t for t in plan.tasks if t.id == plan.form_task)
    context = plan.contexts[0]
    case = Case(shape=shape, context=context)
    b = shape.billions

    fits = [a for a in facts.offered if derived.fit(facts, run, b, a, case) == "fits"]
    assert fits
    assert words.figure(derived.need_gb(facts, run, b, case)) in lines["run"]
    for name in _names(facts, catalog, fits):
        assert name in lines["run"]
    for name in _names(facts, catalog, [a for a in facts.offered if a not in fits]):
        assert f"{name}," not in lines["run"] and not lines["run"].endswith(f"{name}.")

    priced = [(derived.per_million(facts, run, b, a, case), a) for a in fits]
    cost, cheapest = min((c, a) for c, a in priced if c is not None)
    assert words.dollars(cost) in lines["cheapest"]
    assert lines["cheapest"].startswith(_names(facts, catalog, [cheapest])[0])
    assert words.figure(derived.decode_bound(facts, run, b, cheapest, case)) in lines["cheapest"]

    tune = min((t for t in plan.tasks if t.trains == "adapters"), key=lambda t: derived.need_gb(facts, t, b, case))
    assert tune.id == "qlora"  # the cheapest fine-tuning is QLoRA
    runs = [(derived.run_cost(facts, tune, b, a, case=case), a) for a in facts.offered]
    cost, cheapest = min((c, a) for c, a in runs if c is not None)
    assert words.dollars(cost) in lines["tune"]
    assert _names(facts, catalog, [cheapest])[0] in lines["tune"]
    assert words.figure(derived.training_hours(facts, tune, b, cheapest, case=case)) in lines["tune"]

    full = min((t for t in plan.tasks if t.trains == "all"), key=lambda t: derived.need_gb(facts, t, b, case))
    assert words.figure(derived.need_gb(facts, full, b, case)) in lines["scratch"]
    assert all(derived.fit(facts, full, b, a, case) != "fits" for a in facts.offered)  # an 8B model fits nowhere
    largest = max(s for a in facts.offered if (s := derived.largest_fit(facts, full, a)) is not None)
    small = Case(context=context)
    runs = [(derived.run_cost(facts, full, largest, a, case=small), a) for a in facts.offered]
    cost, cheapest = min((c, a) for c, a in runs if c is not None)
    assert f"{words.number(largest)}B" in lines["scratch"]
    assert words.dollars(cost) in lines["scratch"] and _names(facts, catalog, [cheapest])[0] in lines["scratch"]

    free = [a for a in facts.offered if "free" in a.colab.plans]
    for acc in free:
        ran, tuned = derived.largest_fit(facts, run, acc), derived.largest_fit(facts, tune, acc)
        if ran is None and tuned is None:
            continue
        name = _names(facts, catalog, [acc])[0]
        said = lines["free"][lines["free"].index(name) :].split("; ")[0]
        assert (ran is None) == (f"{words.number(ran or 0)}B" not in said)
        assert tuned is None or f"{words.number(tuned)}B" in said


def test_each_link_opens_the_planner_on_its_case(facts: Facts, catalogs: list[Catalog]) -> None:
    page = render(facts, catalogs[:1], ["content/accelerators.yaml"])["index.en.md"]
    for q in home.questions(facts):
        link = page[page.index("{#ask-" + q.key + "}") :].split("](", 2)[1].split(")")[0]
        address = urlsplit(link)
        assert address.path == "planner.md" and address.fragment == "form"
        fields = {k: v[0] for k, v in parse_qs(address.query, keep_blank_values=True).items()}
        assert fields["task"] == q.task.id
        assert float(fields["billions"]) == q.billions
        assert fields["model"] == (q.shape.id if q.shape else "")
        assert fields["context"] == str(q.context)


@pytest.mark.parametrize("query", ["?task=<b>", "?task=a&", "task=a", "?a=b#c", "?A=b"])
def test_a_link_refuses_an_address_not_made_of_ids(facts: Facts, catalogs: list[Catalog], query: str) -> None:
    with pytest.raises(GeneratorError, match="expected a page and anchor made of ids"):
        View(facts, catalogs[0], "index").page_link("planner", "x", "#form", query)


# --- in a browser -------------------------------------------------------------------------------


def _prefix(lang: str) -> str:
    return "ko/" if lang == "ko" else ""


def _ready(page: Page) -> None:
    """Wait until the planner's script has read the address and drawn its answer."""
    page.wait_for_selector("#planner-form[data-ready=true]", state="attached")


def _rows(page: Page) -> dict[str, list[str]]:
    rows = page.eval_on_selector_all(
        "#planner-result-rows tr", "rows => rows.map(r => Array.from(r.cells, c => c.innerText.trim()))"
    )
    return {row[0]: row[1:] for row in rows}


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_each_question_reaches_its_answer_in_one_click(
    browser: Browser, base_url: str, facts: Facts, catalogs: list[Catalog], lang: str
) -> None:
    """From the home page, the question's link opens the planner on its case: the form holds the case and the
    result table shows the verdict the home page's line gives (the same fit, price and hours)."""
    catalog = next(c for c in catalogs if c.locale == lang)
    mark = CATALOGS[lang]["planner"]["mark_fits"]
    seen = visit(browser, base_url + _prefix(lang))
    page = seen.page
    for q in home.questions(facts):
        page.goto(base_url + _prefix(lang), wait_until="networkidle")
        with page.expect_navigation():
            page.click(f"#ask-{q.key} + p a[href*='planner/']")
        _ready(page)
        assert page.input_value("[name=task]") == q.task.id
        assert page.input_value("[name=model]") == (q.shape.id if q.shape else "")
        assert float(page.input_value("[name=billions]")) == q.billions
        rows = _rows(page)
        v = q.values
        if q.key == "run":
            for name in _names(facts, catalog, v["fits"]):
                assert rows[name][1] == mark
            assert {r[0] for r in rows.values()} == {words.figure(v["need"])}
        elif q.key == "cheapest":
            (name,) = _names(facts, catalog, [v["accelerator"]])
            assert rows[name][1] == mark and rows[name][4] == words.dollars(v["dollars"])
        elif q.key in ("tune", "scratch"):
            (name,) = _names(facts, catalog, [v["accelerator"]])
            assert rows[name][1] == mark
            assert rows[name][3:5] == [words.figure(v["hours"]), words.dollars(v["dollars"])]
        else:  # free: the free plan's accelerators that fine-tune the size the link opens
            tuned = [acc for acc, _, size in v["rows"] if size == q.billions]
            for name in _names(facts, catalog, tuned):
                assert rows[name][1] == mark
    assert seen.errors == []
    page.context.close()


@pytest.mark.browser
def test_the_planners_inputs_and_the_anchor_survive_the_language_switch(browser: Browser, base_url: str) -> None:
    """A reader's changes are written into the address (history.replaceState); switching to Korean and back keeps
    the address's inputs and #anchor, and the form shows them."""
    seen = visit(browser, base_url + "planner/#form")
    page = seen.page
    _ready(page)
    page.select_option("[name=model]", "llama-2-13b")
    page.select_option("[name=task]", "qlora")
    page.fill("[name=batch]", "2")
    page.wait_for_function("location.search.includes('batch=2')")
    asked = parse_qs(urlsplit(page.url).query)
    assert asked["task"] == ["qlora"] and asked["model"] == ["llama-2-13b"] and asked["billions"] == ["13"]
    drawn = _rows(page)
    for lang, there in (("ko", "ko/planner/"), ("en", "planner/")):
        query = urlsplit(page.url).query
        switch_language(page, lang)
        assert page.url == f"{base_url}{there}?{query}#form"
        _ready(page)
        assert page.input_value("[name=task]") == "qlora"
        assert page.input_value("[name=model]") == "llama-2-13b"
        assert page.input_value("[name=batch]") == "2"
        figures = [row[:2] + row[3:] for row in _rows(page).values()]  # every figure, not the precision's word
        assert figures == [row[:2] + row[3:] for row in drawn.values()]
    # an anchor on another page: the home page's questions
    page.goto(base_url + "#start", wait_until="networkidle")
    switch_language(page, "ko")
    assert page.url == base_url + "ko/#start"
    switch_language(page, "en")
    assert page.url == base_url + "#start"
    assert seen.errors == []
    page.context.close()


NAV = ["index", "guide", "compare", "planner", "plans", "accelerators", "glossary", "data", "translations"]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_navigation_lists_the_pages_in_the_order_a_reader_needs(browser: Browser, base_url: str, lang: str) -> None:
    seen = visit(browser, base_url + _prefix(lang) + "plans/")
    top = seen.page.eval_on_selector_all(
        ".md-sidebar--primary .md-nav--primary > .md-nav__list > .md-nav__item",
        "items => items.map(i => i.querySelector('.md-nav__link').innerText.trim())",
    )
    titles = [CATALOGS[lang]["pages"][stem]["title"] for stem in NAV]
    assert top == titles
    seen.page.context.close()
