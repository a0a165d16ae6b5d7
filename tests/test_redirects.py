"""Addresses that last (generator/redirects.py): the record, where a vanished address leads, and its page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator import links, redirects
from generator.model import Facts
from generator.render import _page_list
from generator.scan import scan_page
from generator.strings import Catalog
from generator.text import attribute
from tests.conftest import ROOT


def _exists(facts: Facts) -> set[str]:
    """The addresses the facts' pages are published at (the default language's form)."""
    stems = [stem for stem, *_ in _page_list(facts, [], None)]
    return {"/" + stem.removesuffix("index").rstrip("/") + "/" if stem != "index" else "/" for stem in stems}


@pytest.mark.parametrize(
    ("address", "target"),
    [
        # the A100 gained options: its pairs are its first option's (a100-40gb), in the facts' order
        ("/vs/a100-vs-t4/", "/vs/t4-vs-a100-40gb/"),
        ("/vs/t4-vs-a100/", "/vs/t4-vs-a100-40gb/"),
        ("/vs/a100-vs-h100/", "/vs/a100-40gb-vs-h100/"),
        # a retired accelerator has no pairs: the comparison page
        ("/vs/tpu-v2-8-vs-t4/", "/compare/"),
        ("/vs/a100-vs-tpu-v2-8/", "/compare/"),
        # an accelerator and its own option, an id that never was, a name that is no pair
        ("/vs/a100-vs-a100-40gb/", "/compare/"),
        ("/vs/v100-vs-t4/", "/compare/"),
        ("/vs/t4/", "/compare/"),
        # an option's id as an accelerator page: the option on its accelerator's page
        ("/accelerators/a100-80gb/", "/accelerators/a100/#a100-80gb"),
        ("/accelerators/v100/", "/accelerators/"),
        ("/accelerators/v100/specs/", "/accelerators/"),
        ("/old/deeper/", "/"),
    ],
)
def test_a_vanished_address_leads_to_the_nearest_page(facts: Facts, address: str, target: str) -> None:
    exists = _exists(facts)
    assert address not in exists
    assert redirects.nearest(address, facts, exists) == target
    assert target.partition("#")[0] in exists


def test_a_pair_past_the_cap_leads_to_the_comparison_page(facts: Facts, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(links, "MAX_PAIRED", 3)  # cpu, t4, l4
    exists = _exists(facts)
    assert "/vs/t4-vs-l4/" in exists and "/vs/t4-vs-h100/" not in exists
    assert redirects.nearest("/vs/t4-vs-h100/", facts, exists) == "/compare/"
    assert redirects.nearest("/vs/a100-vs-t4/", facts, exists) == "/compare/"  # a100-40gb is past the cap too


def test_a_retired_accelerator_keeps_its_own_page(facts: Facts) -> None:
    retired = [a.id for a in facts.accelerators if a.colab.status == "retired"]
    assert retired, "the facts have a retired accelerator (tpu-v2-8)"
    exists = _exists(facts)
    assert all(f"/accelerators/{ident}/" in exists for ident in retired)
    assert not [a for a in exists if any(f"{ident}-vs-" in a or f"-vs-{ident}/" in a for ident in retired)]


def _page(title: str, body: str = "") -> str:
    """A rendered page as render.py writes it: its title line written for HTML."""
    return f"generated: by hand\ntitle: {attribute(title)}\ndescription: x\n\n# {body}\n"


@pytest.fixture
def moved(facts: Facts, catalogs: list[Catalog]) -> dict[str, str]:
    pages = {
        "compare.en.md": _page('Compare </title><script>alert(1)</script> "all"'),
        "compare.ko.md": _page("비교표"),
        "vs/t4-vs-a100-40gb.en.md": _page("T4 vs A100"),
        "vs/t4-vs-a100-40gb.ko.md": _page("T4와 A100 비교"),
    }
    recorded = ["/compare/", "/vs/a100-vs-t4/", "/vs/t4-vs-gone/"]
    return redirects.redirect_pages(recorded, pages, facts, catalogs, ["content/accelerators.yaml"])


def test_each_vanished_address_gets_a_page_in_every_language(moved: dict[str, str]) -> None:
    assert sorted(moved) == [
        "ko/vs/a100-vs-t4/index.html",
        "ko/vs/t4-vs-gone/index.html",
        "vs/a100-vs-t4/index.html",
        "vs/t4-vs-gone/index.html",
    ]


@pytest.mark.parametrize(
    ("file", "lang", "url", "title"),
    [
        ("vs/a100-vs-t4/index.html", "en", "../t4-vs-a100-40gb/", "T4 vs A100"),
        ("ko/vs/a100-vs-t4/index.html", "ko", "../t4-vs-a100-40gb/", "T4와 A100 비교"),
        ("vs/t4-vs-gone/index.html", "en", "../../compare/", 'Compare </title><script>alert(1)</script> "all"'),
        ("ko/vs/t4-vs-gone/index.html", "ko", "../../compare/", "비교표"),
    ],
)
def test_the_page_sends_the_reader_on_in_their_language(
    moved: dict[str, str], file: str, lang: str, url: str, title: str
) -> None:
    text = moved[file]
    page = BeautifulSoup(text, "html.parser")
    assert page.html is not None and page.html["lang"] == lang
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})
    canonical = page.find("link", rel="canonical")
    link = page.find("p").find("a")  # type: ignore[union-attr]
    assert refresh is not None and refresh["content"] == f"0; url={url}"
    assert canonical is not None and canonical["href"] == url
    assert link is not None and link["href"] == url and link.get_text() == title
    assert page.title is not None and page.title.get_text() == title
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"  # type: ignore[index]
    assert "<script" not in text  # the title was escaped on its way in
    assert scan_page(text, file) == []  # the refresh names a page of the site, nothing else is found
    words = {"en": "This page has moved", "ko": "이 페이지는 옮겨졌습니다"}[lang]
    assert words in page.get_text()


def test_the_scan_refuses_a_refresh_to_anything_but_a_page_of_the_site(tmp_path: Path) -> None:
    (tmp_path / "compare").mkdir()
    (tmp_path / "compare/index.html").write_text("<!doctype html>\n", encoding="utf-8")

    def found(url: str) -> list[str]:
        html = f'<!doctype html>\n<meta http-equiv="refresh" content="0; url={url}">\n'
        return [f.what for f in scan_page(html, "vs/x/index.html", tmp_path)]

    assert found("../../compare/") == []
    assert found("../../compare/index.html#top") == []
    for url in ("../../nowhere/", "https://example.org/", "//example.org/", "../../../compare/", "", "../../compare"):
        assert found(url) == [f'a <meta http-equiv="refresh"> to anything but a page of the site: "{url}"'], url


def test_the_record_gains_new_addresses_and_loses_none(tmp_path: Path) -> None:
    record = tmp_path / redirects.RECORD
    record.write_text(redirects.record_text(["/b/", "/gone/"]), encoding="utf-8")
    added = redirects.update_record(record, redirects.read_record(record), ["/c/", "/a/", "/b/"])
    assert added == ["/a/", "/c/"]
    assert redirects.read_record(record) == ["/b/", "/gone/", "/a/", "/c/"]
    assert record.read_text(encoding="utf-8").startswith(redirects.HEADER)
    before = record.stat().st_mtime_ns
    assert redirects.update_record(record, redirects.read_record(record), ["/a/"]) == []
    assert record.stat().st_mtime_ns == before  # nothing new: not written


def test_without_a_record_nothing_is_recorded(tmp_path: Path) -> None:
    record = tmp_path / redirects.RECORD
    assert redirects.read_record(record) == []
    assert redirects.update_record(record, [], ["/a/"]) == []
    assert not record.exists()


def test_the_committed_record_holds_every_address_the_site_has(facts: Facts) -> None:
    """Seeded from the current build: the site never had a100-vs-* pages (the A100 had options before pairs)."""
    recorded = redirects.read_record(ROOT / "content" / redirects.RECORD)
    assert _exists(facts) <= set(recorded)
    assert not [a for a in recorded if re.search(r"[/-]a100(-vs-|/)", a) and a.startswith("/vs/")]


def test_the_record_is_an_input_of_the_build(tmp_path: Path) -> None:
    """An edited record makes the next build run (it changes the forwarding pages), not stop as up to date."""
    from generator.cli import _parser, _stamp_of

    facts = tmp_path / "content/accelerators.yaml"
    facts.parent.mkdir()
    facts.write_bytes((ROOT / "tests/data/valid/minimal.yaml").read_bytes())
    record = facts.parent / redirects.RECORD
    record.write_text(redirects.record_text(["/"]), encoding="utf-8")
    args = _parser().parse_args(["--facts", str(facts), "--docs", str(tmp_path / "docs"), "build"])
    _, before = _stamp_of(args)
    record.write_text(redirects.record_text(["/", "/vs/a-vs-b/"]), encoding="utf-8")
    assert _stamp_of(args)[1] != before
