"""The built site in a real browser: Debian's Chromium driven by Playwright, on a loopback server.

Language switching, search, sorting, Korean glyphs, requests, console errors, accessibility (axe-core)
and the mobile layout, for every page in both languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from tests.conftest import ROOT
from tests.test_e2e import PAGES, build_ok
from tools.server import serve
from tools.workspace import copy_project

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules/axe-core/axe.min.js"
CATALOGS = {
    lang: yaml.safe_load((ROOT / f"content/i18n/{lang}.yaml").read_text(encoding="utf-8")) for lang in ("en", "ko")
}
SITE_NAMES = {"en": "Colab Accelerators", "ko": "Colab 가속기"}
_FACTS = yaml.safe_load((ROOT / "content/accelerators.yaml").read_text(encoding="utf-8"))
FACTS_ROWS = [o["id"] for a in _FACTS["accelerators"] for o in (a.get("options") or [a])]
PAGE_OF = {o["id"]: a["id"] for a in _FACTS["accelerators"] for o in a.get("options") or []}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = copy_project(tmp_path_factory.mktemp("browser"))
    build_ok(project)
    with serve(project / "site") as url:  # a missing page gets the nearest 404.html, as on static hosts
        yield url


@dataclass
class Visit:
    """An open page and what happened while it loaded."""

    page: Page
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def visit(browser: Browser, url: str, **context: Any) -> Visit:
    page = browser.new_context(**context).new_page()
    seen = Visit(page)
    page.on("request", lambda r: seen.outside.append(r.url) if not r.url.startswith("http://127.0.0.1:") else None)
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.goto(url, wait_until="networkidle")
    return seen


def switch_language(page: Page, lang: str) -> None:
    """Use the language selector in the header as a reader would: point at it, then choose."""
    page.hover(".md-header .md-select")
    with page.expect_navigation():
        page.click(f".md-header .md-select a[hreflang={lang}]")


@pytest.mark.parametrize("path", PAGES)
def test_switching_language_keeps_the_page(browser: Browser, base_url: str, path: str) -> None:
    seen = visit(browser, base_url + path)
    page = seen.page
    switch_language(page, "ko")
    assert page.url == base_url + "ko/" + path
    assert page.get_attribute("html", "lang") == "ko"
    assert page.inner_text(".md-header__topic").strip().startswith(SITE_NAMES["ko"])
    nav = page.inner_text(".md-nav--primary")
    assert CATALOGS["ko"]["pages"]["compare"]["title"] in nav and CATALOGS["en"]["pages"]["compare"]["title"] not in nav
    switch_language(page, "en")
    assert page.url == base_url + path
    assert page.get_attribute("html", "lang") == "en"
    assert CATALOGS["en"]["pages"]["compare"]["title"] in page.inner_text(".md-nav--primary")
    page.context.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("path", PAGES)
def test_pages_load_everything_from_the_site_without_errors(
    browser: Browser, base_url: str, lang: str, path: str
) -> None:
    seen = visit(browser, base_url + ("ko/" if lang == "ko" else "") + path)
    assert seen.outside == []
    assert seen.errors == []
    seen.page.context.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_accessibility_violations(browser: Browser, base_url: str, lang: str, path: str) -> None:
    seen = visit(browser, base_url + ("ko/" if lang == "ko" else "") + path)
    seen.page.add_script_tag(path=str(AXE))
    result = seen.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})" for v in result["violations"]
    ]
    assert violations == []
    seen.page.context.close()


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("en", "bandwidth", "compare/"),
        ("en", "Trillium", "accelerators/tpu-v6e-1/"),
        ("ko", "대역폭", "ko/compare/"),
        ("ko", "텐서 처리 장치", "ko/accelerators/tpu-v6e-1/"),
        # the names Korean readers type: the facts' Korean aliases and the glossary's terms
        ("ko", "엔비디아", "ko/accelerators/t4/"),
        ("ko", "엔비디아 H100", "ko/accelerators/h100/"),
        ("ko", "구글 TPU", "ko/accelerators/tpu-v5e-1/"),
        ("ko", "호퍼", "ko/accelerators/h100/"),
        ("ko", "텐서 코어", "ko/glossary/"),
        ("ko", "메모리 대역폭", "ko/glossary/"),
        ("ko", "고용량 RAM", "ko/accelerators/a100/"),
        # and the English ones, on the English pages only
        ("en", "NVIDIA", "accelerators/t4/"),
        ("en", "memory bandwidth", "glossary/"),
        ("en", "tensor core", "glossary/"),
        ("en", "Hopper", "accelerators/h100/"),
    ],
)
def test_search_finds_pages_in_the_readers_language(
    browser: Browser, base_url: str, lang: str, query: str, expected: str
) -> None:
    seen = visit(browser, base_url + ("ko/" if lang == "ko" else ""))
    page = seen.page
    page.click("input[data-md-component=search-query]")
    page.fill("input[data-md-component=search-query]", query)
    page.press("input[data-md-component=search-query]", "End")  # Material searches on key release
    page.wait_for_selector(".md-search-result__item")
    links = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    paths = [link.removeprefix(base_url).split("?")[0].split("#")[0] for link in links]
    assert expected in paths
    assert all(p.startswith("ko/") for p in paths) if lang == "ko" else not any(p.startswith("ko/") for p in paths)
    page.context.close()


def _column(page: Page, index: int) -> list[str]:
    """The text of one column, without footnote markers."""
    script = (
        f"els => els.map(e => {{ const c = e.cells[{index}].cloneNode(true);"
        " c.querySelectorAll('sup').forEach(s => s.remove()); return c.textContent.trim(); })"
    )
    return list(page.eval_on_selector_all("#comparison table tbody tr", script))


def _number(text: str) -> float | None:
    found = re.search(r"\d[\d,]*(\.\d+)?", re.sub(r"\s*\(.*", "", text))
    return float(found.group(0).replace(",", "")) if found else None


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_comparison_table_sorts_when_a_heading_is_clicked(browser: Browser, base_url: str, lang: str) -> None:
    seen = visit(browser, base_url + ("ko/" if lang == "ko" else "") + "compare/")
    page = seen.page
    headers = page.eval_on_selector_all("#comparison table thead th", "els => els.map(e => e.textContent.trim())")
    column = headers.index(CATALOGS[lang]["compare"]["bandwidth"].replace(" (", "("))  # the unit on a line of its own
    page.click(f"#comparison table thead th:nth-child({column + 1}) button")
    up = [_number(cell) for cell in _column(page, column)]
    known = [n for n in up if n is not None]
    assert known == sorted(known) and len(known) >= 5
    assert up[: len(known)] == known  # unknown values last
    assert page.get_attribute(f"#comparison table thead th:nth-child({column + 1})", "aria-sort") == "ascending"
    page.click(f"#comparison table thead th:nth-child({column + 1}) button")
    down = [n for n in (_number(cell) for cell in _column(page, column)) if n is not None]
    assert down == sorted(known, reverse=True)
    page.context.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_whole_comparison_table_is_in_view_at_desktop_width(browser: Browser, base_url: str, lang: str) -> None:
    """At 1280 × 800 every column is on screen: nothing to scroll sideways, no heading past the edge."""
    seen = visit(
        browser, base_url + ("ko/" if lang == "ko" else "") + "compare/", viewport={"width": 1280, "height": 800}
    )
    found = seen.page.evaluate(
        """() => {
            const table = document.querySelector('#comparison table');
            const boxes = [];
            for (let box = table; box; box = box.parentElement) {  // every box that could scroll sideways
                if (['auto', 'scroll'].includes(getComputedStyle(box).overflowX) || box === document.documentElement)
                    boxes.push([box.scrollWidth, box.clientWidth]);
            }
            const cells = Array.from(table.querySelectorAll('th, td'));
            const right = Math.max(...cells.map(c => c.getBoundingClientRect().right));
            return {boxes, right, width: window.innerWidth, columns: table.tHead.rows[0].cells.length};
        }"""
    )
    assert found["columns"] >= 9 and len(found["boxes"]) >= 2
    assert all(scroll <= client for scroll, client in found["boxes"]), found["boxes"]
    assert found["right"] <= found["width"]
    seen.page.context.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_on_a_phone_the_accelerator_stays_in_view_as_the_table_scrolls(
    browser: Browser, base_url: str, lang: str
) -> None:
    seen = visit(
        browser,
        base_url + ("ko/" if lang == "ko" else "") + "compare/",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = seen.page
    page.locator("#comparison tbody tr:nth-child(2)").scroll_into_view_if_needed()
    found = page.evaluate(
        """() => {
            const table = document.querySelector('#comparison table');
            let box = table.parentElement;
            while (box && getComputedStyle(box).overflowX !== 'auto') box = box.parentElement;
            box.scrollLeft = box.scrollWidth;  // as far right as it goes
            const cell = table.tBodies[0].rows[1].cells[0];
            const last = table.tBodies[0].rows[1].cells[table.tBodies[0].rows[1].cells.length - 1];
            const r = cell.getBoundingClientRect();
            const top = document.elementFromPoint(r.left + 4, r.top + r.height / 2);
            return {scrolled: box.scrollLeft, left: r.left, right: r.right, onTop: cell.contains(top),
                    lastRight: last.getBoundingClientRect().right, name: cell.querySelector('a').textContent};
        }"""
    )
    assert found["scrolled"] > 100  # the table did scroll sideways
    assert found["left"] >= 0 and found["right"] <= 390 and found["onTop"], found  # its first column did not
    assert found["lastRight"] <= 390  # and the last column came into view
    assert found["name"] == "NVIDIA T4"
    page.context.close()


_TEXT_OUTSIDE_ITS_CHART = """() => Array.from(document.querySelectorAll('svg.chart')).flatMap(svg => {
    const box = svg.viewBox.baseVal;
    return Array.from(svg.querySelectorAll('text')).map(t => [t.textContent, t.getBBox()])
        .filter(([, b]) => b.x < 0 || b.y < 0 || b.x + b.width > box.width || b.y + b.height > box.height)
        .map(([text, b]) => `${text}: x ${b.x}, width ${b.width}, chart ${box.width}`);
})"""


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("width", [1280, 390])
def test_no_chart_label_extends_outside_its_chart(browser: Browser, base_url: str, lang: str, width: int) -> None:
    seen = visit(
        browser, base_url + ("ko/" if lang == "ko" else "") + "compare/", viewport={"width": width, "height": 900}
    )
    assert seen.page.locator("svg.chart").count() >= 4
    assert seen.page.evaluate(_TEXT_OUTSIDE_ITS_CHART) == []
    seen.page.context.close()


def test_chart_texts_of_any_length_and_script_stay_inside(browser: Browser) -> None:
    """The build-time width estimate against the browser's real fonts, on labels made to be awkward."""
    from generator.charts import Bar, bar_chart

    labels = [
        "W" * 30,
        "가속기" * 12,
        "G4 (NVIDIA RTX PRO 6000 Blackwell) with many more words than any label has",
        "MMMM WWWW mmmm wwww @@@@ %%%% MMMM",
        "한국어로 된 아주 긴 가속기 이름이 여러 단어로 이어지는 경우",
        "x",
    ]
    bars = [Bar(label, float(i + 1), f"{(i + 1) * 1111.5:,} TFLOPS", mark="W") for i, label in enumerate(labels)]
    bars.append(Bar("平仮名ひらがなカタカナ", None, "알 수 없음 — not supported"))
    svg = bar_chart("t", "Title", bars, ", ", lambda text, words: f"{text} ({words})")
    page = browser.new_page()
    css = (ROOT / "docs/assets/stylesheets/extra.css").read_text(encoding="utf-8")
    fonts = ":root { --md-text-font-family: var(--md-text-font) }"  # the site's font stack, as Material sets it
    page.set_content(f"<html lang=ko><style>{css}{fonts}</style><body style='width: 360px'>{svg}</body></html>")
    assert page.evaluate(_TEXT_OUTSIDE_ITS_CHART) == []
    page.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_pair_page_opens_and_links_back(browser: Browser, base_url: str, lang: str) -> None:
    """From the comparison, every side-by-side page; from each, both accelerators' pages and the comparison."""
    prefix = "ko/" if lang == "ko" else ""
    seen = visit(browser, base_url + prefix + "compare/")
    page = seen.page
    links = page.eval_on_selector_all("#pairs ~ ul a[href*='vs/']", "els => [...new Set(els.map(e => e.href))]")
    offered = [a for a in FACTS_ROWS if a not in ("tpu-v2-8",)]
    assert len(links) == len(offered) * (len(offered) - 1) // 2
    page.route(re.compile(r".*\.(js|css|json)$"), lambda route: route.abort())  # the pages' own markup is enough
    for link in links:
        page.goto(link, wait_until="domcontentloaded")
        first, second = link.rstrip("/").rsplit("/", 1)[1].split("-vs-")
        hrefs = page.eval_on_selector_all("article a", "els => els.map(e => e.href)")
        for row in (first, second):
            assert any(
                h.rstrip("/").endswith(f"/accelerators/{PAGE_OF.get(row, row)}") or f"#{row}" in h for h in hrefs
            )
        assert base_url + prefix + "compare/" in hrefs
        assert " vs " in page.inner_text("article h1")
    page.context.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_comparison_prints_whole_on_a4(browser: Browser, base_url: str, lang: str) -> None:
    """Printed, the page is its content only, and every column of every table fits A4's 186 mm of width."""
    a4_width = round((210 - 2 * 12) / 25.4 * 96)  # A4 less the 12 mm margins of extra.css, in CSS pixels
    seen = visit(
        browser, base_url + ("ko/" if lang == "ko" else "") + "compare/", viewport={"width": a4_width, "height": 1100}
    )
    page = seen.page
    page.emulate_media(media="print")
    found = page.evaluate(
        """() => ({
            hidden: ['.md-header', '.md-sidebar--primary', '.md-footer'].every(
                s => !document.querySelector(s) || getComputedStyle(document.querySelector(s)).display === 'none'),
            right: Math.max(...Array.from(document.querySelectorAll('article table th, article table td'),
                                          c => c.getBoundingClientRect().right)),
            columns: document.querySelector('#comparison table').tHead.rows[0].cells.length,
            page: document.documentElement.scrollWidth,
        })"""
    )
    assert found["hidden"] and found["columns"] >= 9
    assert found["right"] <= a4_width and found["page"] <= a4_width + 8, found
    pdf = page.pdf(format="A4")
    assert b"/MediaBox [0 0 595.9" in pdf  # A4: 210 × 297 mm is 595.92 × 841.92 points
    page.context.close()


def test_korean_text_renders_with_a_korean_font(browser: Browser, base_url: str) -> None:
    """Hangul must not fall back to boxes: it measures differently from characters no font has."""
    seen = visit(browser, base_url + "ko/")
    page = seen.page
    widths = page.evaluate(
        """() => {
            const font = getComputedStyle(document.querySelector('.md-typeset')).fontFamily;
            const ctx = document.createElement('canvas').getContext('2d');
            ctx.font = '32px ' + font;
            const w = s => ctx.measureText(s).width;
            return {font, hangul: w('한국어 가속기'), tofu: w('\\u0378\\u0379\\u0380 \\u0381\\u0382\\u0383'),
                    hangulChars: ['가','나','다','빠','른'].map(w)};
        }"""
    )
    assert "Noto Sans KR" in widths["font"] or "Noto Sans CJK KR" in widths["font"]
    assert widths["hangul"] > 0 and abs(widths["hangul"] - widths["tofu"]) > 1
    assert page.evaluate("() => document.fonts.check('16px \"Noto Sans CJK KR\"', '한')")
    page.context.close()


def test_on_a_phone_navigation_and_language_switch_work_and_tables_scroll(browser: Browser, base_url: str) -> None:
    seen = visit(browser, base_url + "compare/", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = seen.page
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # the page itself does not overflow
    scroller = page.evaluate(
        """() => {
            const table = document.querySelector('.sortable table');
            let box = table.parentElement;
            while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
            return box && {table: table.scrollWidth, box: box.clientWidth};
        }"""
    )
    assert scroller is not None  # the wide table sits in a box that scrolls sideways
    assert scroller["table"] > scroller["box"] and scroller["box"] <= 390
    page.click(".md-header label[for=__drawer]")  # the menu button opens the navigation drawer
    page.wait_for_selector(".md-nav--primary a[href$='plans/']", state="visible")
    with page.expect_navigation():
        page.click(".md-nav--primary a[href$='plans/']")
    assert page.url == base_url + "plans/"
    page.click(".md-header .md-select button")  # the language button
    with page.expect_navigation():
        page.click(".md-header .md-select a[hreflang=ko]")
    assert page.url == base_url + "ko/plans/" and page.get_attribute("html", "lang") == "ko"
    page.context.close()


@pytest.mark.parametrize(
    ("path", "lang", "title"),
    [("nowhere/", "en", "Page not found"), ("ko/nowhere/", "ko", "페이지를 찾을 수 없습니다")],
)
def test_a_missing_page_answers_in_its_language(
    browser: Browser, base_url: str, path: str, lang: str, title: str
) -> None:
    seen = visit(browser, base_url + path)
    assert seen.page.get_attribute("html", "lang") == lang
    assert seen.page.inner_text("article h1") == title
    seen.page.context.close()


def _result_row(name: str) -> str:
    """A script expression: the planner form's result row of this accelerator."""
    rows = "Array.from(document.querySelectorAll('#planner-result-rows tr'))"
    return f"{rows}.find(r => r.cells[0].innerText === '{name}')"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_planner_form_answers_for_what_a_reader_types(browser: Browser, base_url: str, lang: str) -> None:
    """70B parameters in 4-bit (Llama 3.1 70B's shape): 39.2 GB, on the A100 80 GB but not in the 38.6 GB the 40 GB
    leaves, the bound 2,039 ÷ 37.1 = 54.9."""
    seen = visit(browser, base_url + ("ko/" if lang == "ko" else "") + "planner/")
    page = seen.page
    words = CATALOGS[lang]["planner"]
    page.wait_for_selector("#planner-result-rows tr")
    # It opens on Llama 3.1 8B in 16 bits with 4,096 tokens: 16 GB + 0.537 GB of KV cache; on the L4, in BF16,
    # at most 300 ÷ (14.9 + 0.537) = 19.4 tokens per second (a step reads one row of the embedding matrix).
    l4 = page.evaluate(f"Array.from({_result_row('NVIDIA L4')}.cells, c => c.innerText.trim())")
    assert l4[1:5] == ["16.5", words["mark_fits"], "BF16", "19.4"]
    parts = page.eval_on_selector_all("#planner-parts-rows td:nth-child(2)", "cells => cells.map(c => c.innerText)")
    assert parts == ["16", "—", "0.537", "—", "—", "16.5"]
    t4 = page.evaluate(f"Array.from({_result_row('NVIDIA T4')}.cells, c => c.innerText.trim())")
    assert t4[2:4] == [words["mark_host"], "FP16"]  # no BF16 on the T4
    assert page.inner_text("#planner-kv") == words["kv_note"].replace("{gb}", "0.537")
    # A batch of 8 sequences of 4,096 tokens on Llama 3.1 70B in 4-bit: 35 GB of NF4 weights, 4.21 GB kept in
    # 16 bits and 8 × 1.34 GB of KV cache, 50 GB; 8 × 2,039 ÷ (37.1 + 10.7) = 341 tokens per second in all.
    page.select_option("[name=model]", "llama-3-1-70b")
    page.select_option("[name=task]", "infer-int4")
    page.fill("[name=batch]", "8")
    page.wait_for_function("document.querySelector('#planner-result-rows td:nth-child(2)').innerText === '50'")
    assert page.input_value("[name=billions]") == "70"  # the model's size was filled in
    a100_80 = _result_row("NVIDIA A100 80 GB")
    assert page.evaluate(f"{a100_80}.cells[4].innerText") == "341"
    parts = page.eval_on_selector_all("#planner-parts-rows td:nth-child(2)", "cells => cells.map(c => c.innerText)")
    assert parts == ["35", "4.21", "10.7", "—", "—", "50"]
    page.fill("[name=batch]", "1.5")
    page.wait_for_function("document.getElementById('planner-status').innerText !== ''")
    page.fill("[name=batch]", "1")
    page.select_option("[name=model]", "")  # the KV cache left out: the tables' figures
    page.fill("[name=billions]", "70")
    page.select_option("[name=task]", "infer-int4")
    page.wait_for_function("document.querySelector('#planner-result-rows td:nth-child(2)').innerText === '39.2'")
    rows = page.eval_on_selector_all(
        "#planner-result-rows tr", "rows => rows.map(r => Array.from(r.cells, c => c.innerText.trim()))"
    )
    by_name = {row[0]: row[1:] for row in rows}
    assert page.inner_text("#planner-kv") == words["kv_none"]
    assert by_name["NVIDIA A100 80 GB"][:4] == ["39.2", words["mark_fits"], "BF16", "54.9"]
    assert by_name["NVIDIA A100 40 GB"][1] == words["mark_host"]  # its standard runtime's 83.5 GB of RAM
    assert by_name["TPU v5e-1"][1:] == [words["mark_unsupported"], "—", "—", "—"]  # bitsandbytes needs a CUDA GPU
    assert "TPU v5e-1" in page.inner_text("#planner-unsupported")
    assert page.inner_text("#planner-figure-head") == words["speed_head"]
    page.fill("[name=billions]", "0")
    page.wait_for_function("document.getElementById('planner-status').innerText !== ''")
    assert page.inner_text("#planner-status") == words["invalid"]
    # LoRA on an 8B model, A100 40 GB: 4 × 8e9 × 1e8 operations, 8.14 hours at 35 % of the peak rate, half
    # that at 70 %.
    page.fill("[name=billions]", "8")
    page.select_option("[name=task]", "lora-bf16")
    a100 = _result_row("NVIDIA A100 40 GB")
    page.wait_for_function(f"{a100}.cells[4].innerText === '8.14'")
    assert page.inner_text("#planner-unsupported") == ""
    page.fill("[name=utilization]", "70")
    page.wait_for_function(f"{a100}.cells[4].innerText !== '8.14'")
    assert float(page.evaluate(f"{a100}.cells[4].innerText")) == pytest.approx(4.07, abs=0.01)
    assert page.inner_text("#planner-figure-head") == words["hours_head"]
    assert page.inner_text("#planner-kv") == words["kv_training"]
    page.context.close()


REFUSALS = [  # (field, what a reader types, (least, most) its message names; a whole number if the sentence says so)
    ("billions", "1e-320", ("0.01", "2,000"), False),
    ("billions", "", ("0.01", "2,000"), False),
    ("tokens", "1e300", ("1", "1,000,000,000,000,000"), True),
    ("batch", "1e308", ("1", "4,096"), True),
    ("batch", "-3", ("1", "4,096"), True),
    ("context", "1.5", ("1", "10,000,000"), True),
    ("utilization", "-5", ("1", "100"), False),
]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_planner_form_refuses_what_it_cannot_work_out(browser: Browser, base_url: str, lang: str) -> None:
    """Out-of-range values: the field is marked invalid and described by a message in the page's language,
    the table is emptied, and no NaN or Infinity shows; a value in range brings the answer back."""
    seen = visit(browser, base_url + ("ko/" if lang == "ko" else "") + "planner/")
    page = seen.page
    words = CATALOGS[lang]["planner"]
    page.select_option("[name=task]", "lora-bf16")  # training: the token budget counts too
    page.wait_for_selector("#planner-result-rows tr")
    for name, typed, (least, most), whole in REFUSALS:
        field = page.locator(f"[name={name}]")
        opened = field.input_value()
        assert (field.get_attribute("min"), field.get_attribute("max")) == (
            least.replace(",", ""),
            most.replace(",", ""),
        )
        field.fill(typed)
        expect(field).to_have_attribute("aria-invalid", "true")
        sentence = words["out_of_range_whole" if whole else "out_of_range"]
        message = sentence.format(field=words[f"{name}_label"], least=least, most=most)
        expect(page.locator(f"#planner-{name}-error")).to_be_visible()
        expect(page.locator(f"#planner-{name}-error")).to_have_text(message)
        expect(field).to_have_accessible_description(message)
        assert page.inner_text("#planner-status") == words["invalid"]
        assert page.locator("#planner-result-rows tr").count() == 0
        assert not re.search(r"NaN|Infinity", page.inner_text("article")), typed
        assert page.locator("[aria-invalid]").count() == 1  # only the field refused
        field.fill(opened)
        expect(page.locator("#planner-result-rows tr").first).to_be_visible()
        expect(field).not_to_have_attribute("aria-invalid", "true")
        expect(page.locator(f"#planner-{name}-error")).to_be_hidden()
        expect(field).to_have_accessible_description("")
        assert page.inner_text("#planner-status") == ""
    page.fill("[name=billions]", "1e-320")  # marked, as axe sees it (the message's colour, in both schemes)
    page.add_script_tag(path=str(AXE))
    for scheme in ("default", "slate"):
        page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        result = page.evaluate("async () => await axe.run('#planner-form', {resultTypes: ['violations']})")
        assert [v["id"] for v in result["violations"]] == [], scheme
    assert not seen.errors
    page.context.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_planner_opens_with_the_answer_its_script_draws(browser: Browser, base_url: str, lang: str) -> None:
    """The answer to the form as the page opens is written into the HTML (nothing is drawn while a long
    page opens); made to draw it, the script gives the same rows, KV cache line and headings."""
    seen = visit(browser, base_url + ("ko/" if lang == "ko" else "") + "planner/")
    page = seen.page
    parts = "['#planner-result', '#planner-kv'].map(s => document.querySelector(s).innerHTML)"
    opened = page.evaluate(parts)
    page.evaluate("document.querySelector('#planner-result-rows tr').opened = true")
    page.dispatch_event("[name=task]", "change")  # what the form shows has not changed
    page.wait_for_function("!document.querySelector('#planner-result-rows tr').opened")  # drawn anew
    assert page.evaluate(parts) == opened
    assert not seen.errors
    page.context.close()


def test_the_planner_draws_only_for_values_the_browser_put_back(browser: Browser, base_url: str) -> None:
    """Opening the page draws nothing (the answer is in the HTML). A browser may put a reader's earlier
    values back into the form (going back to the page): then the script draws the answer for them
    once it has its data, though no one typed."""
    page = browser.new_context().new_page()
    held: list[Any] = []
    page.route("**/data/planner.json", lambda route: held.append(route))
    for restored in (False, True):
        held.clear()
        page.goto(base_url + "planner/", wait_until="domcontentloaded")
        while not held:
            page.wait_for_timeout(20)
        page.evaluate("document.querySelector('#planner-result-rows tr').opened = true")
        opened = page.inner_text("#planner-result-rows td:nth-child(2)")
        if restored:
            page.fill("[name=billions]", "70")  # no listener yet: as a browser's restored value
        held[0].continue_()
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(200)
        if restored:
            need = page.inner_text("#planner-result-rows td:nth-child(2)")
            assert need != opened and not page.evaluate("document.querySelector('#planner-result-rows tr').opened")
        else:
            assert page.evaluate("document.querySelector('#planner-result-rows tr').opened === true")
    page.context.close()


def test_the_light_dark_switch_follows_the_system_until_the_reader_chooses(browser: Browser, base_url: str) -> None:
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(base_url + "compare/", wait_until="networkidle")

    def scheme() -> str | None:
        return page.get_attribute("body", "data-md-color-scheme")

    assert scheme() == "slate"
    assert page.is_visible("label[for=__palette_0]") and not page.is_visible("label[for=__palette_1]")
    assert page.get_attribute("meta[name=color-scheme]", "content") == "dark"
    page.wait_for_function("/^#[0-9a-f]{6}$/.test(document.querySelector('meta[name=theme-color]').content)")
    page.emulate_media(color_scheme="light")  # the system changes while the page is open
    page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
    assert page.get_attribute("meta[name=color-scheme]", "content") == "light"
    page.emulate_media(color_scheme="dark")
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    page.click("label[for=__palette_0]")  # the reader chooses light
    assert scheme() == "default" and page.is_visible("label[for=__palette_1]")
    page.goto(base_url + "ko/planner/", wait_until="networkidle")
    assert scheme() == "default"  # the choice holds on other pages, in either language, over the system's
    page.emulate_media(color_scheme="light")
    page.emulate_media(color_scheme="dark")
    assert scheme() == "default"
    page.focus("#__palette_0")
    page.keyboard.press("Enter")  # Enter moves to the next colour scheme, as in Material
    assert scheme() == "slate"
    context.close()


def test_tables_look_as_material_draws_them_and_stay_where_they_are(browser: Browser, base_url: str) -> None:
    """Tables carry a class so that Material's script leaves them where they are as a page opens. The
    site's stylesheet gives that class copies of Material's rules for a table without one: with only
    those copies left of it (a rule whose text, the class put back, is not one of Material's, is
    taken out), a table with the class looks exactly as Material draws one without."""
    seen = visit(browser, base_url + "plans/")
    page = seen.page
    assert page.evaluate(
        """() => [...document.querySelectorAll('article table')].every(t =>
            t.parentElement.matches('.md-typeset__scrollwrap > .md-typeset__table')
            && !t.closest('.md-typeset__table .md-typeset__table'))"""
    )
    page.evaluate(
        """() => {
            const sheets = [...document.styleSheets];
            const material = sheets.find(s => /stylesheets[/]main[.]/.test(s.href));
            const own = sheets.find(s => /stylesheets[/]extra[.]css/.test(s.href));
            const theirs = new Set([...material.cssRules].map(r => r.cssText));
            for (let i = own.cssRules.length - 1; i >= 0; i--) {
              const text = own.cssRules[i].cssText.replaceAll('table.data-table', 'table:not([class])');
              if (!theirs.has(text)) own.deleteRule(i);
            }
            if (own.cssRules.length < 12) throw new Error('copies missing: ' + own.cssRules.length);
            for (const cls of ['', ' class="data-table"']) {
              const wrap = document.createElement('div');
              wrap.className = 'md-typeset__scrollwrap';
              wrap.innerHTML = '<div class="md-typeset__table"><table' + cls + '><thead><tr><th>Head</th></tr>'
                + '</thead><tbody><tr><td><a href="#">1</a></td></tr></tbody></table></div><p>after</p>';
              document.querySelector('article').append(wrap);
            }
        }"""
    )
    compare = """() => {
        const [a, b] = [...document.querySelectorAll('article > .md-typeset__scrollwrap')].slice(-2);
        const out = [];
        for (const sel of ['table', 'thead tr', 'th', 'tbody tr', 'td', 'td a', 'p']) {
          const x = getComputedStyle(a.querySelector(sel)), y = getComputedStyle(b.querySelector(sel));
          for (const prop of x) {
            if (x.getPropertyValue(prop) !== y.getPropertyValue(prop)) out.push(`${sel} ${prop}`);
          }
        }
        return out;
    }"""
    assert page.evaluate(compare) == []
    page.emulate_media(media="print")
    assert page.evaluate(compare) == []
    page.context.close()


@pytest.mark.parametrize(("lang", "other"), [("en", "ko/accelerators/t4/"), ("ko", "accelerators/t4/")])
def test_the_switch_hides_source_marks_and_is_kept_on_other_pages(
    browser: Browser, base_url: str, lang: str, other: str
) -> None:
    """The switch is a real button with its state in aria-pressed; hiding the marks moves nothing on the page;
    the choice holds on another page, in the other language, until switched back."""
    seen = visit(
        browser, base_url + ("ko/" if lang == "ko" else "") + "compare/", viewport={"width": 1280, "height": 800}
    )
    page = seen.page
    button = page.get_by_role("button", name=CATALOGS[lang]["compare"]["marks_switch"])
    expect(button).to_have_attribute("aria-pressed", "true")
    hidden = """() => [document.querySelector('#comparison abbr.basis'), document.querySelector('#comparison td sup')]
        .map(e => getComputedStyle(e).visibility)"""
    boxes = (
        "() => [...document.querySelectorAll('#comparison td')].slice(0, 40).map(c => c.getBoundingClientRect().width)"
    )
    assert page.evaluate(hidden) == ["visible", "visible"]
    before = page.evaluate(boxes)
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    assert page.evaluate(hidden) == ["hidden", "hidden"]
    assert page.evaluate(boxes) == before  # no layout jump
    cell = page.locator("#comparison tbody tr:nth-child(2) td:nth-child(3)")  # a figure still links its source
    cell.click(position={"x": 4, "y": 4})
    page.wait_for_function("() => location.hash.startsWith('#fn:')")
    page.goto(base_url + other, wait_until="networkidle")
    assert page.evaluate("() => document.documentElement.classList.contains('marks-hidden')")
    assert page.evaluate("() => getComputedStyle(document.querySelector('abbr.basis')).visibility") == "hidden"
    page.goto(base_url + ("ko/" if lang == "ko" else "") + "compare/", wait_until="networkidle")
    button = page.get_by_role("button", name=CATALOGS[lang]["compare"]["marks_switch"])
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    assert page.evaluate(hidden) == ["visible", "visible"]
    assert seen.errors == []


def test_the_planner_form_answers_the_inverse_questions_for_what_a_reader_types(
    browser: Browser, base_url: str
) -> None:
    """The answers under the form: Llama 3.1 8B in 16 bits on the L4 at 4,096 tokens takes its first token in at
    least 0.542 s (4,096 × 2 × 8e9 ÷ 121 TFLOPS), fits up to 50,385 tokens or 12 sequences; Mixtral 8x7B fits no
    card in 16 bits, and the H100's best format is then llama.cpp's 8-bit one, whose first token it bounds by the
    12.9B parameters a token uses."""
    page = visit(browser, base_url + "planner/").page
    page.wait_for_selector("#planner-answers-rows tr")
    rows = "rows => rows.map(r => Array.from(r.cells, c => c.textContent.trim()))"
    by_name = {row[0]: row[1:] for row in page.eval_on_selector_all("#planner-answers-rows tr", rows)}
    assert by_name["NVIDIA L4"] == ["0.542", "50,385", "12", "Inference, 16-bit weights"]
    page.select_option("[name=model]", "mixtral-8x7b")
    page.wait_for_function("document.querySelector('#planner-result-rows td:nth-child(2)').innerText !== '16.5'")
    by_name = {row[0]: row[1:] for row in page.eval_on_selector_all("#planner-answers-rows tr", rows)}
    assert by_name["NVIDIA H100"] == ["—", "—", "—", "Inference, GGUF Q8_0 (llama.cpp)"]
    page.select_option("[name=task]", "infer-gguf-q8")
    page.wait_for_function(
        "Array.from(document.querySelectorAll('#planner-answers-rows tr'))"
        ".some(r => r.cells[0].textContent === 'NVIDIA H100' && r.cells[1].textContent !== '—')"
    )
    by_name = {row[0]: row[1:] for row in page.eval_on_selector_all("#planner-answers-rows tr", rows)}
    assert by_name["NVIDIA H100"][3] == "Inference, GGUF Q8_0 (llama.cpp)"
    assert float(by_name["NVIDIA H100"][0]) == pytest.approx(4096 * 2 * 12.9e9 / 989.4e12, rel=0.02)
    page.fill("[name=billions]", "0")
    page.wait_for_function("document.getElementById('planner-status').innerText !== ''")
    assert page.eval_on_selector_all("#planner-answers-rows tr", "rows => rows.length") == 0
    page.context.close()
