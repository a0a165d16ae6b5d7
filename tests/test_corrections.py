"""Report a correction: every footnote and page links to a prefilled GitHub issue naming what it shows."""

from __future__ import annotations

import html
from urllib.parse import parse_qs, urlsplit

import markdown
import pytest
from bs4 import BeautifulSoup

from generator.corrections import MAX_URL, Corrections, Figure, issue_url
from generator.model import Facts, Quantity
from generator.render import render
from generator.strings import Catalog
from generator.text import repository_problem
from generator.view_compare import CompareView
from generator.words import Words
from tests.conftest import ROOT

REPOSITORY = "https://github.com/example-org/colab.accelerators_site"


def _with_repository(facts: Facts, repository: str = REPOSITORY) -> Facts:
    return facts.model_copy(update={"site": facts.site.model_copy(update={"repository": repository})})


def _links(page_html: str) -> list[tuple[str, dict[str, list[str]]]]:
    """Each report link of a page as a browser reads it: its address, and its query decoded (urllib)."""
    soup = BeautifulSoup(page_html, "html.parser")
    out = []
    for a in soup.find_all("a", class_="report-correction"):
        href = str(a["href"])
        out.append((href, parse_qs(urlsplit(href).query, keep_blank_values=True, strict_parsing=True)))
    return out


def _as_html(markdown_text: str) -> str:
    """Markdown as the site converts it (footnotes, raw HTML in a footnote kept as it is)."""
    return markdown.markdown(markdown_text, extensions=["footnotes", "attr_list", "tables", "md_in_html"])


def _footnote_link(facts: Facts, catalog: Catalog, fact: Quantity) -> tuple[str, dict[str, list[str]]]:
    page = CompareView(facts, catalog, "compare")
    reference = page.fact(fact)
    links = _links(_as_html(f"x {reference}\n\n{page.footnotes()}\n"))
    assert len(links) == 1
    return links[0]


def test_a_footnote_links_to_an_issue_naming_the_figure_page_value_and_source(
    minimal: Facts, catalogs: list[Catalog]
) -> None:
    facts = _with_repository(minimal)
    bandwidth = facts.accelerators[0].memory.bandwidth
    en, ko = (_footnote_link(facts, catalog, bandwidth) for catalog in catalogs)
    href, query = en
    assert href.startswith(f"{REPOSITORY}/issues/new?title=")
    assert set(query) == {"title", "body"}
    assert query["title"] == ["Correction: Example GPU, memory.bandwidth (320 GB/s)"]
    assert query["body"][0].splitlines() == [
        "Page: Comparison",
        "Address: /compare/",
        "Figure: Example GPU, memory.bandwidth (320 GB/s)",
        "Source: A datasheet, https://example.com/sheet.pdf",
        "",
        "What is correct, and which source says so (with its date)?",
    ]
    _, query = ko
    assert query["title"] == ["정정 요청: Example GPU, memory.bandwidth(320 GB/s)"]
    body = query["body"][0].splitlines()
    assert body[:4] == [
        "페이지: 비교표",
        "주소: /ko/compare/",
        "항목: Example GPU, memory.bandwidth(320 GB/s)",
        "출처: A datasheet, https://example.com/sheet.pdf",
    ]


def test_the_link_names_every_figure_that_cites_the_footnote(minimal: Facts, catalogs: list[Catalog]) -> None:
    facts = _with_repository(minimal)
    gpu = facts.accelerators[0]
    page = CompareView(facts, catalogs[0], "compare")
    cells = [page.fact(gpu.memory.size), page.fact(gpu.memory.bandwidth), page.peak(gpu, "int8")]
    (_, query), *others = _links(_as_html(" ".join(cells) + "\n\n" + page.footnotes() + "\n"))
    assert query["title"] == ["Correction: Example GPU, memory.size (16 GB) and 1 more"]
    assert "Figure: Example GPU, memory.bandwidth (320 GB/s)" in query["body"][0].splitlines()
    # an unknown peak cites its accelerator's compute note: the figure is the peak, its value unknown
    assert [q["title"] for _, q in others] == [["Correction: Example GPU, compute.int8.dense (unknown)"]]


HOSTILE = "A&B #1 \"q\" 'q' <b>x</b>\n둘째 줄 %41 + ?x=1&body=2 ; \\ `c`"


def test_a_figure_with_markup_and_url_characters_stays_one_correct_url(minimal: Facts, catalogs: list[Catalog]) -> None:
    """&, #, quotes, <, a line break, % and Hangul in a figure's text: one link, decoded back exactly."""
    facts = _with_repository(minimal)
    gpu = facts.accelerators[0]
    architecture = gpu.architecture.model_copy(update={"value": HOSTILE})  # past the loader, on purpose
    for catalog in catalogs:
        corrections = CompareView(facts, catalog, "compare").cites.corrections
        assert corrections is not None
        figure = Figure(f"{gpu.name[catalog.locale]}, architecture", HOSTILE)
        safe = corrections.footnote_link([figure], facts.source("sheet"))
        links = _links(_as_html(f"x[^a]\n\n[^a]: note {safe}\n"))
        assert len(links) == 1
        href, query = links[0]
        assert urlsplit(href).netloc == "github.com" and urlsplit(href).fragment == ""
        assert HOSTILE in query["title"][0]
        assert f"{figure.name}" in query["body"][0] and HOSTILE in query["body"][0]
    # and through a page: the figure the facts hold, cited like any other
    page = CompareView(facts, catalogs[1], "compare")
    html_text = _as_html(f"{page.fact(architecture)}\n\n{page.footnotes()}\n")
    assert len(_links(html_text)) == 1  # the figure isn't in the facts: the link names page and source


def test_the_whole_address_is_url_encoded(minimal: Facts) -> None:
    url = issue_url(REPOSITORY, "a&b=c #d", "한\n<e> 'f' \"g\" %")
    assert url == (f"{REPOSITORY}/issues/new?title=a%26b%3Dc%20%23d&body=%ED%95%9C%0A%3Ce%3E%20%27f%27%20%22g%22%20%25")


def test_every_page_ends_with_a_link_to_report_a_correction(minimal: Facts, catalogs: list[Catalog]) -> None:
    pages = render(_with_repository(minimal), catalogs, ["facts.yaml"])
    for path, text in pages.items():
        last = text.rstrip().splitlines()[-1]
        assert 'class="report-correction"' in last, path
        (_, query), *_ = _links(_as_html(last))
        title = html.unescape(text.split("\ntitle: ", 1)[1].split("\n", 1)[0])
        assert query["body"][0].startswith(("Page: ", "페이지: ")), path
        assert title in query["body"][0], path
    assert "GitHub에서" in pages["compare.ko.md"].rstrip().splitlines()[-1]
    assert all("report-correction" not in text for text in render(minimal, catalogs, ["facts.yaml"]).values())


def test_the_real_site_links_to_its_repository(facts: Facts, catalogs: list[Catalog]) -> None:
    assert facts.site.repository is not None and repository_problem(facts.site.repository) is None
    page = CompareView(facts, catalogs[0], "compare")
    t4 = next(a for a in facts.accelerators if a.id == "t4")
    page.fact(t4.memory.bandwidth)
    (href, query), *_ = _links(_as_html("x\n\n" + page.footnotes()))
    assert href.startswith(f"{facts.site.repository}/issues/new?")
    assert "NVIDIA T4, memory.bandwidth (320 GB/s)" in query["body"][0]


def test_a_long_list_of_figures_is_cut_to_fit_an_address(minimal: Facts, catalogs: list[Catalog]) -> None:
    corrections = Corrections(REPOSITORY, Words(catalogs[1]), minimal, lambda: "비교표", "/ko/compare/")
    figures = [Figure(f"가속기 {i}, memory.bandwidth", f"{i} GB/s") for i in range(500)]
    links = _links(_as_html(str(corrections.footnote_link(figures, None))))
    href, query = links[0]
    assert len(href) <= MAX_URL
    body = query["body"][0].splitlines()
    listed = [line for line in body if line.startswith("항목: ")]
    assert 1 <= len(listed) <= 10
    assert f"같은 각주가 달린 항목이 {500 - len(listed)}개 더 있습니다." in body


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/colab-accelerators/colab-accelerators.github.io",
        "https://github.com/a/b",
        "https://github.com/Owner-1/repo_name.v2",
    ],
)
def test_a_repository_address_is_accepted(url: str) -> None:
    assert repository_problem(url) is None


@pytest.mark.parametrize(
    ("url", "hint"),
    [
        ("https://github.com/o/r/", "no trailing '/'"),
        ("https://github.com/o/r.git", "'.git'"),
        ("https://github.com/o/r/issues/new", "path after the name"),
        ("http://github.com/o/r", "https, not http"),
        ("https://github.com/-o/r", ""),
        ("https://github.com/o--o/r", ""),
        ("https://github.com/o/..", ""),
        ("https://www.github.com/o/r", ""),
        ("https://github.com.evil.example/o/r", ""),
    ],
)
def test_a_repository_that_is_not_one_is_refused_with_the_form_it_takes(url: str, hint: str) -> None:
    problem = repository_problem(url)
    assert problem is not None
    assert problem.startswith("expected the address of a GitHub repository, https://github.com/OWNER/REPO")
    assert problem.endswith(f"got {url!r}") and hint in problem


def test_the_invalid_cases_cover_the_setting() -> None:
    cases = {p.name for p in (ROOT / "tests/data/invalid").iterdir() if p.name.startswith("repository_")}
    assert len(cases) >= 5
    for case in cases:
        text = (ROOT / "tests/data/invalid" / case / "expected.txt").read_text(encoding="utf-8")
        assert ": site.repository: expected the address of a GitHub repository" in text


def test_a_footnote_without_a_repository_has_no_link(minimal: Facts, catalogs: list[Catalog]) -> None:
    page = CompareView(minimal, catalogs[0], "compare")
    page.fact(minimal.accelerators[0].memory.size)
    assert "report-correction" not in page.footnotes()
