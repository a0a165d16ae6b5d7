"""End-to-end tests: run `python -m generator build` on a copy of the project and read the built HTML.

Every expectation is derived from content/ (the facts file and the UI catalogs), never hard-coded,
so the tests keep working when the facts change.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from generator.hooks import TABLE_CLASS
from generator.links import pairs
from generator.model import Facts
from tools.workspace import copy_project

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
FACTS: dict[str, Any] = yaml.safe_load((ROOT / "content/accelerators.yaml").read_text(encoding="utf-8"))
CATALOGS: dict[str, dict[str, Any]] = {
    lang: yaml.safe_load((ROOT / f"content/i18n/{lang}.yaml").read_text(encoding="utf-8")) for lang in ("en", "ko")
}
IDS = [acc["id"] for acc in FACTS["accelerators"]]
# URL paths of the English pages; the Korean page of each is the same path under /ko/.
PAGES = ["", "compare/", "guide/", "planner/", "plans/", "data/", "translations/", "glossary/", "accelerators/"] + [
    f"accelerators/{i}/" for i in IDS
]
PAGES.append("vs/t4-vs-l4/")  # one of the side-by-side pages (tests/test_pairs.py checks them all)

SITE_NAMES = {"en": "Colab Accelerators", "ko": "Colab 가속기"}
HANGUL = re.compile(r"[\uac00-\ud7a3]")
THAI = re.compile(r"[\u0e00-\u0e7f]")
# A standalone number as the generator prints it: 16, 1,555, 242.5 (not the 6 of GDDR6).
NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?(?![0-9A-Za-z_])")  # Korean units attach: 84시간

L4_BANDWIDTH = "bandwidth: {value: 300, unit: GB/s, source: nvidia-l4-page}"


# --- helpers -------------------------------------------------------------------------------


def run_build(cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator build` in cwd, with the generator copied there."""
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}  # the site_url default, for stable links
    return subprocess.run(
        [sys.executable, "-m", "generator", "build"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def build_ok(cwd: Path) -> None:
    result = run_build(cwd)
    assert result.returncode == 0, f"build failed ({result.returncode}):\n{result.stderr}"


def html_file(site: Path, lang: str, path: str) -> Path:
    """The built file of a page, given its English URL path."""
    prefix = "ko/" if lang == "ko" else ""
    return site / f"{prefix}{path}index.html"


def soup(file: Path) -> BeautifulSoup:
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def article(page: BeautifulSoup) -> Tag:
    found = page.select_one("div.md-content article")
    assert found is not None, "no div.md-content article"
    return found


def numbers(cell: Tag) -> list[str]:
    """The numbers in a table cell, with footnote references (<sup>) removed first."""
    cell = BeautifulSoup(str(cell), "html.parser")
    for sup in cell.find_all("sup"):
        sup.decompose()
    for stale in cell.select(".value-stale"):  # "seen March 2025": a date in words, not a figure
        stale.decompose()
    return NUMBER.findall(cell.get_text(" "))


def compare_table(site: Path, lang: str) -> Tag:
    table = article(soup(html_file(site, lang, "compare/"))).find("table")
    assert isinstance(table, Tag), f"no table on the {lang} comparison page"
    return table


def column(table: Tag, header: str) -> int:
    """Index of the column whose header text is header (a unit set on a line of its own counts as the same)."""
    headers = [re.sub(r"\s+", "", th.get_text(" ", strip=True)) for th in table.select("thead th")]
    wanted = re.sub(r"\s+", "", header)
    assert wanted in headers, f"{header!r} not among {headers}"
    return headers.index(wanted)


def rows_by_id(table: Tag) -> dict[str, list[Tag]]:
    """Body rows of the comparison table, keyed by the accelerator id their first cell links to."""
    rows: dict[str, list[Tag]] = {}
    for tr in table.select("tbody tr"):
        cells = tr.find_all("td")
        link = cells[0].find("a")
        assert isinstance(link, Tag), f"first cell has no link: {cells[0]}"
        href = str(link["href"])
        # an option's row links to its anchor on the accelerator's page: a100/#a100-80gb
        rows[href.split("#")[1] if "#" in href else href.rstrip("/").rsplit("/", 1)[-1]] = cells
    return rows


def spec_value(site: Path, lang: str, acc_id: str, label: str) -> Tag:
    """The value cell of the row labelled label on an accelerator page."""
    page = article(soup(html_file(site, lang, f"accelerators/{acc_id}/")))
    for tr in page.select("tbody tr"):
        cells = tr.find_all("td")
        if cells and cells[0].get_text(strip=True) == label:
            return cells[1]
    raise AssertionError(f"no row {label!r} on the {lang} page of {acc_id}")


def tree_hashes(*folders: Path) -> dict[str, str]:
    """{folder name/relative path: sha256} of every file, comparable between two copies of the project."""
    return {
        f"{folder.name}/{file.relative_to(folder).as_posix()}": hashlib.sha256(file.read_bytes()).hexdigest()
        for folder in folders
        for file in sorted(folder.rglob("*"))
        if file.is_file()
    }


# --- the built site ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the project, built once for the whole module; yields its folder."""
    tmp = copy_project(tmp_path_factory.mktemp("project"))
    build_ok(tmp)
    yield tmp


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_page_is_built_in_both_languages(built: Path, lang: str, path: str) -> None:
    assert html_file(built / "site", lang, path).is_file()


def test_html_lang_matches_the_page_language(built: Path, facts: Facts) -> None:
    site = built / "site"
    files = [f for f in sorted(site.rglob("*.html")) if f.name != "404.html"]
    others = [page for page in PAGES if not page.startswith("vs/")]
    assert len(files) == 2 * (len(others) + len(pairs(facts)))
    wrong = []
    for file in files:
        rel = file.relative_to(site).as_posix()
        expected = "ko" if rel.startswith("ko/") else "en"
        html = soup(file).html
        lang = html.get("lang") if html else None
        if lang != expected:
            wrong.append(f"{rel}: lang={lang!r}, expected {expected!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", PAGES)
def test_korean_page_text_is_korean(built: Path, path: str) -> None:
    file = html_file(built / "site", "ko", path)
    assert HANGUL.search(article(soup(file)).get_text()), "no Hangul in the article"
    text = file.read_text(encoding="utf-8")
    assert "\ufffd" not in text
    assert not THAI.search(text), f"Thai characters: {THAI.findall(text)[:10]}"


@pytest.mark.parametrize("path", PAGES)
def test_english_article_has_no_hangul(built: Path, path: str) -> None:
    # Only the article: the language switcher around it rightly says 한국어. Text marked as another
    # language (<span lang="ko">, as on the glossary page) is allowed: that is what lang is for.
    body = article(soup(html_file(built / "site", "en", path)))
    for foreign in body.select("[lang]:not([lang='en'])"):
        foreign.decompose()
    text = body.get_text()
    assert not HANGUL.search(text), f"Hangul in the English article: {HANGUL.findall(text)[:10]}"


def test_every_table_comes_in_its_scrolling_wrappers(built: Path) -> None:
    """Material's script would move a table without a class into two <div>s as the page opens (a
    second style and layout of every table); the build writes them, with the class it leaves alone."""
    site, tables, wrong = built / "site", 0, []
    for file in sorted(site.rglob("*.html")):
        for table in soup(file).select("article table"):
            tables += 1
            inner, outer = table.parent, table.parent.parent if table.parent else None
            if (
                table.get("class") != [TABLE_CLASS]
                or inner is None
                or inner.get("class") != ["md-typeset__table"]
                or outer is None
                or outer.get("class") != ["md-typeset__scrollwrap"]
                or len(inner.find_all(recursive=False)) != 1
            ):
                wrong.append(f"{file.relative_to(site)}: {str(table)[:80]}")
    assert tables > 100 and not wrong, "\n".join(wrong[:10])


def test_comparison_tables_carry_the_same_numbers(built: Path) -> None:
    site = built / "site"
    tables: dict[str, dict[str, list[str]]] = {}
    for lang in ("en", "ko"):
        table = compare_table(site, lang)
        # The availability column says "September 2025" in English and "2025년 9월" in Korean:
        # a date in words, not a figure, so it is left out of the comparison.
        colab = column(table, CATALOGS[lang]["compare"]["colab"])
        tables[lang] = {
            acc_id: [n for i, cell in enumerate(cells) if i != colab for n in numbers(cell)]
            for acc_id, cells in rows_by_id(table).items()
        }
    rows = [o["id"] for acc in FACTS["accelerators"] for o in acc.get("options") or [acc]]  # options are rows
    assert sorted(tables["en"]) == sorted(rows)
    assert len(tables["en"]) == len(tables["ko"]) == len(rows)
    assert tables["en"] == tables["ko"]

    a100 = next(acc for acc in FACTS["accelerators"] if acc["id"] == "a100")
    bandwidth = f"{a100['memory']['bandwidth']['value']:,}"  # 1,555
    assert bandwidth in tables["en"]["a100-40gb"]
    assert bandwidth in tables["ko"]["a100-40gb"]
    wider = f"{a100['options'][1]['memory']['bandwidth']['value']:,}"  # 2,039
    assert wider in tables["en"]["a100-80gb"] and wider in tables["ko"]["a100-80gb"]


@pytest.mark.parametrize("path", PAGES)
def test_each_page_links_to_its_other_language(built: Path, path: str) -> None:
    site = built / "site"
    urls = {"en": "/" + path, "ko": "/ko/" + path}
    for lang, other in (("en", "ko"), ("ko", "en")):
        links = soup(html_file(site, lang, path)).find_all("a", hreflang=other)
        targets = {urlparse(urljoin(urls[lang], str(a["href"]))).path for a in links}
        assert targets == {urls[other]}, f"{urls[lang]}: hreflang={other} links go to {targets}"


# --- changing the facts --------------------------------------------------------------------


def l4_bandwidth(site: Path) -> dict[str, list[str]]:
    """The numbers shown for the L4's bandwidth: in both comparison tables and on both L4 pages."""
    shown: dict[str, list[str]] = {}
    for lang in ("en", "ko"):
        table = compare_table(site, lang)
        row = rows_by_id(table)["l4"]
        shown[f"{lang} comparison cell"] = numbers(row[column(table, CATALOGS[lang]["compare"]["bandwidth"])])
        shown[f"{lang} comparison row"] = [n for cell in row for n in numbers(cell)]
        shown[f"{lang} L4 page"] = numbers(spec_value(site, lang, "l4", CATALOGS[lang]["accelerator"]["bandwidth"]))
    return shown


def test_changing_one_number_changes_it_everywhere(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    build_ok(project)
    before = l4_bandwidth(project / "site")
    assert all("300" in found for found in before.values()), before

    facts = project / "content/accelerators.yaml"
    text = facts.read_text(encoding="utf-8")
    assert L4_BANDWIDTH in text
    facts.write_text(text.replace(L4_BANDWIDTH, L4_BANDWIDTH.replace("300", "301")), encoding="utf-8")
    build_ok(project)

    after = l4_bandwidth(project / "site")
    for where, found in after.items():
        assert "301" in found, f"{where}: {found}"
        assert "300" not in found, f"{where}: {found}"
    for where in ("en comparison cell", "ko comparison cell", "en L4 page", "ko L4 page"):
        assert after[where] == ["301"], f"{where}: {after[where]}"


def test_broken_facts_file_changes_nothing(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    build_ok(project)
    before = tree_hashes(project / "docs", project / "site")
    assert before

    facts = project / "content/accelerators.yaml"
    text = facts.read_text(encoding="utf-8")
    start = text.index("- id: t4")
    typo = text.index("vendor: NVIDIA", start)
    facts.write_text(text[:typo] + "vendr" + text[typo + len("vendor") :], encoding="utf-8")

    result = run_build(project)
    assert result.returncode == 1, result.stderr
    assert "content/accelerators.yaml:" in result.stderr
    assert "accelerators[t4].vendr: unknown field (did you mean 'vendor'?)" in result.stderr
    assert "nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_hashes(project / "docs", project / "site") == before


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_each_language_has_its_own_404_page(built: Path, lang: str) -> None:
    page = built / "site" / ("404.html" if lang == "en" else "ko/404.html")
    html = soup(page)
    assert html.html is not None and html.html.get("lang") == lang
    assert bool(HANGUL.search(article(html).get_text())) == (lang == "ko")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_404_pages_language_switch_leads_to_each_home_page(built: Path, lang: str) -> None:
    """Not to the last page built before it (the i18n plugin leaves that in config; hooks.py clears it)."""
    page = soup(built / "site" / ("404.html" if lang == "en" else "ko/404.html"))
    links = {a.get("hreflang"): a.get("href") for a in page.select("a.md-select__link")}
    assert links == {"en": "/", "ko": "/ko/"}


def _targets(page: BeautifulSoup) -> Iterator[str]:
    for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
        for element in page.find_all(tag):
            value = element.get(attr)
            if isinstance(value, str):
                yield value


def test_internal_links_and_anchors_resolve(built: Path) -> None:
    """Every relative link of every page in both languages points at a built file (and anchor)."""
    site = built / "site"
    broken = []
    ids: dict[Path, set[str]] = {}
    for file in sorted(site.rglob("*.html")):
        page = soup(file)
        here = "/" + file.relative_to(site).as_posix()
        for href in _targets(page):
            if href.startswith(("http://", "https://", "mailto:", "data:")):
                continue
            url = urllib.parse.urljoin(here, href)
            path, _, fragment = url.partition("#")
            path = path.split("?")[0]
            target = site / path.lstrip("/")
            if path.endswith("/"):
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{here} -> {href}")
                continue
            if fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = {str(e.get("id")) for e in soup(target).find_all(id=True)}
                if urllib.parse.unquote(fragment) not in ids[target]:
                    broken.append(f"{here} -> {href} (no such anchor)")
    assert broken == []


def _index(site: Path, lang: str) -> list[dict[str, str]]:
    path = site / ("search" if lang == "en" else f"{lang}/search") / "search_index.json"
    docs: list[dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))["docs"]
    return docs


def test_each_language_searches_only_its_own_pages(built: Path) -> None:
    site = built / "site"
    english, korean = _index(site, "en"), _index(site, "ko")
    assert english and korean
    assert not [d for d in english if d["location"].startswith("ko/")]
    # Korean locations are relative to /ko/, and every Korean page title is Korean or a product name.
    assert {d["location"].split("#")[0] for d in korean} >= {"", "compare/", "accelerators/t4/"}
    titled = [d for d in korean if d["location"].endswith("/") or d["location"] == ""]
    assert all(HANGUL.search(d["title"]) or d["location"].startswith("accelerators/") for d in titled)
    korean_text = " ".join(d["text"] for d in korean)
    assert "메모리" in korean_text and "대역폭" in korean_text


def test_aliases_are_searchable_in_both_languages(built: Path) -> None:
    site = built / "site"
    for lang, alias in (
        ("en", "Tensor Processing Unit"),
        ("ko", "텐서 처리 장치"),
        ("en", "Trillium"),
        ("ko", "트릴리움"),
    ):
        pages = {d["location"].split("#")[0] for d in _index(site, lang) if alias in d["text"]}
        assert "accelerators/tpu-v6e-1/" in pages, (lang, alias)


@pytest.mark.parametrize("path", PAGES)
def test_hreflang_alternates_are_absolute_with_x_default(built: Path, path: str) -> None:
    base = "https://colab-accelerators.github.io/"
    for lang in ("en", "ko"):
        page = soup(html_file(built / "site", lang, path))
        links = {str(link.get("hreflang")): str(link.get("href")) for link in page.select("link[hreflang]")}
        assert links == {"en": base + path, "ko": base + "ko/" + path, "x-default": base + path}


def test_sitemap_lists_both_languages(built: Path, facts: Facts) -> None:
    text = (built / "site/sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", text)
    korean = [loc for loc in locations if "/ko/" in loc]
    others = [page for page in PAGES if not page.startswith("vs/")]
    assert len(korean) == len(locations) - len(korean) == len(others) + len(pairs(facts))


def test_the_root_404_page_sends_korean_readers_to_the_korean_one(built: Path) -> None:
    script = " ".join(
        s.get_text() for s in soup(built / "site/404.html").find_all("script") if "languages" in s.get_text()
    )
    assert 'location.replace(folder + "404.html")' in script
    assert '})("/", ["ko"]);' in script


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_navigation_lists_the_accelerators_in_the_facts_order(built: Path, lang: str, facts: Facts) -> None:
    """As the comparison table does (MkDocs alone would sort them by file name), with prev/next to match."""
    ids = [a.id for a in facts.accelerators]
    page = soup(html_file(built / "site", lang, "compare/"))
    hrefs = [str(a.get("href")) for a in page.select("nav.md-nav--primary a.md-nav__link")]
    listed = [h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs if re.search(r"accelerators/[^/]+/$", h)]
    assert listed == ids
    second = soup(html_file(built / "site", lang, f"accelerators/{ids[1]}/"))
    prev, after = second.select_one("link[rel=prev]"), second.select_one("link[rel=next]")
    assert prev is not None and str(prev.get("href")).endswith(f"/{ids[0]}/")
    assert after is not None and str(after.get("href")).endswith(f"/{ids[2]}/")


ENGLISH_UI = (
    "Permanent link", "Jump back to footnote", "Back to top", "Skip to content", "Table of contents",
    "Navigation", "Initializing search", "Type to start searching", "Copy to clipboard", "Select language",
    "Switch to", "Header", "Footer", "Previous", "Next", "Search",
)  # fmt: skip


def _names() -> set[str]:
    """Names a Korean page may show as they are: products, plans, and each language's own name."""
    names = {"English", "한국어"}
    options = [option for acc in FACTS["accelerators"] for option in acc.get("options", [])]
    for item in FACTS["accelerators"] + FACTS["plans"] + options:
        name = item["name"]
        names |= set(name.values()) if isinstance(name, dict) else {name}
    return names


@pytest.mark.parametrize("path", [*PAGES, "404.html"])
def test_every_tooltip_and_spoken_label_of_a_korean_page_is_korean(built: Path, path: str) -> None:
    """Titles (tooltips), aria-labels, placeholders and alt texts are read aloud: on a Korean page, in Korean.

    So are the interface words the theme's script shows (search results), which sit in its config.
    """
    file = built / "site/ko" / path / ("" if path.endswith(".html") else "index.html")
    page = soup(file)
    names = _names()
    for tag in page.find_all(True):
        for attribute in ("title", "aria-label", "placeholder", "alt"):
            value = tag.get(attribute)
            if isinstance(value, str) and value.strip() and value not in names:
                assert HANGUL.search(value), f"{path}: <{tag.name} {attribute}={value!r}> is not Korean"
    config = page.find("script", id="__config")
    assert config is not None
    for key, words in json.loads(config.get_text())["translations"].items():
        assert HANGUL.search(words), f"{path}: the theme's {key} is {words!r}"
    footer = page.find("footer")
    assert footer is not None and "Made with" not in footer.get_text(), f"{path}: English in the footer"
    html = file.read_text(encoding="utf-8")
    assert "검색 준비 중" in html and "검색 초기화" not in html  # search is loading, not being reset
    spoken = [s for s in ENGLISH_UI if re.search(rf'(title|aria-label|placeholder|alt)="{s}', html)]
    assert not spoken, f"{path}: English interface words {spoken}"


@pytest.mark.parametrize("path", PAGES)
def test_each_page_has_a_link_preview_in_its_language(built: Path, path: str) -> None:
    """Open Graph: the page's own title, description, address and language, with the other language as alternate."""
    for lang, locale, other in (("en", "en_US", "ko_KR"), ("ko", "ko_KR", "en_US")):
        page = soup(html_file(built / "site", lang, path))

        def meta(name: str, page: BeautifulSoup = page, where: str = f"{lang}/{path}") -> str:
            tag = page.find("meta", attrs={"property": name}) or page.find("meta", attrs={"name": name})
            assert tag is not None, f"{where}: no {name}"
            return str(tag.get("content"))

        h1 = article(page).find("h1")
        assert h1 is not None
        assert meta("og:title") == h1.get_text(strip=True).removesuffix("¶")
        assert meta("og:description") == meta("description") and len(meta("og:description")) > 20
        canonical = page.find("link", rel="canonical")
        assert canonical is not None and meta("og:url") == canonical.get("href")
        assert (meta("og:locale"), meta("og:locale:alternate")) == (locale, other)
        assert meta("og:site_name") == SITE_NAMES[lang] and meta("twitter:card") == "summary"


# --- addresses that last (issue 24) ---------------------------------------------------------


def _retire_t4_and_split_l4(facts_text: str) -> str:
    """Newer facts: the T4 retired (replaced by the L4), and the L4 offered in two options."""
    from tools.workspace import dump_yaml

    data = yaml.safe_load(facts_text)
    accelerators = {acc["id"]: acc for acc in data["accelerators"]}
    accelerators["t4"]["colab"].update(status="retired", retired="2026-11", replaced_by="l4")
    accelerators["l4"]["options"] = [
        {
            "id": f"l4-{n}",
            "name": f"NVIDIA L4 {n}",
            "how": {"en": f"The L4 of a {n} runtime.", "ko": f"{n} 런타임의 L4입니다."},
        }
        for n in ("small", "large")
    ]
    return dump_yaml(data)


def _refresh(page: BeautifulSoup) -> str | None:
    """Where a page left at a vanished address sends the reader (its refresh target), or None for a page."""
    tag = page.find("meta", attrs={"http-equiv": "refresh"})
    return None if tag is None else str(tag["content"]).removeprefix("0; url=")


def test_every_address_of_an_older_build_still_answers(built: Path, tmp_path: Path) -> None:
    """Build newer facts (an accelerator retired, one given options) with the older build's record of
    addresses: every page of the older site is still a page, or sends the reader to a page of the newer
    site in the same language; the retired accelerator keeps its own page."""
    newer = copy_project(tmp_path)
    record = "content/published-addresses.yaml"
    (newer / record).write_bytes((built / record).read_bytes())  # as the older build left it
    facts = newer / "content/accelerators.yaml"
    facts.write_text(_retire_t4_and_split_l4(facts.read_text(encoding="utf-8")), encoding="utf-8")
    build_ok(newer)
    old, new = built / "site", newer / "site"
    moved = {}
    for file in sorted(old.rglob("index.html")):
        rel = file.relative_to(old).as_posix()
        assert (new / rel).is_file(), f"/{rel} of the older site is gone"
        page = soup(new / rel)
        target = _refresh(page)
        if target is None:
            assert article(page).find("h1") is not None, f"/{rel}: no content"
            continue
        there = urllib.parse.urljoin(f"/{rel}", target).partition("#")[0].lstrip("/") + "index.html"
        assert (new / there).is_file(), f"/{rel} sends the reader to /{there}, which is no page"
        assert _refresh(soup(new / there)) is None, f"/{rel} sends the reader to another forwarding page"
        assert rel.startswith("ko/") == there.startswith("ko/"), f"/{rel} leads to /{there}, another language"
        assert page.html is not None and page.html["lang"] == ("ko" if rel.startswith("ko/") else "en")
        link = page.find("link", rel="canonical")
        assert link is not None and link["href"] == target
        moved[rel.removesuffix("index.html")] = there.removesuffix("index.html")
    assert moved["vs/l4-vs-h100/"] == "vs/l4-small-vs-h100/"
    assert moved["ko/vs/cpu-vs-l4/"] == "ko/vs/cpu-vs-l4-small/"
    assert moved["vs/t4-vs-l4/"] == "compare/" and moved["ko/vs/t4-vs-l4/"] == "ko/compare/"
    assert len(moved) == 2 * 15  # the T4's 8 pairs and the L4's other 7, in both languages
    for lang in ("", "ko/"):
        assert _refresh(soup(new / f"{lang}accelerators/t4/index.html")) is None  # the retired T4's own page
        assert f"/{lang}vs/t4-vs-l4/" not in (new / "sitemap.xml").read_text(encoding="utf-8")
    index = json.loads((new / "search/search_index.json").read_text(encoding="utf-8"))
    assert not [doc for doc in index["docs"] if doc["location"].startswith("vs/t4-vs-")]
    recorded = (newer / record).read_text(encoding="utf-8")
    assert "  - /vs/t4-vs-l4/\n" in recorded and "  - /vs/l4-small-vs-h100/\n" in recorded  # none lost, new added
