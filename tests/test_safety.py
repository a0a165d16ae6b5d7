"""Safe by construction: whatever text the facts hold, the pages show it as text and run nothing.

Random strings made of HTML, Markdown and Markdown-extension syntax, script fragments and
assorted Unicode go into every kind of text field of the model (names, labels, aliases, prose,
source titles). Each file is either refused with our own message, or every page it makes, turned
into HTML by Python-Markdown with the site's own extensions, passes the output scan
(generator/scan.py); and the accelerator's page shows its name as written.
"""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import text
from generator.errors import InputError
from generator.load import load_facts
from generator.render import render
from generator.scan import scan_page
from generator.strings import Catalog
from generator.textcheck import Scripts
from tests.conftest import ROOT

SCRIPTS = {"en": Scripts(("Latin",)), "ko": Scripts(("Hangul", "Latin"), "Hangul")}
MINIMAL = yaml.safe_load((ROOT / "tests/data/valid/minimal.yaml").read_text(encoding="utf-8"))
CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)

FRAGMENTS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</a>", "<!--", "-->", "<svg/onload=x>",
    'onmouseover="x"', "javascript:alert(1)", "JaVa\tScRiPt:x", "data:text/html,x", "&#106;", "&lt;", "&",
    "*", "**", "_", "`", "``", "[", "]", "](", ")", "[^1]", "![x](https://e.org/x.png)", "[a](https://e.org/)",
    "[a [b] c](javascript:x)", "{: onclick=x }", "{#id}", "{{", "}}", "{x}", "|", "\\", "# ", "- ", "1. ",
    "!!! note", "> ", "    ", '"', "'", ":", "=", "~~", "^^", "[x]: https://e.org", "*[HTML]: x", "<div markdown>",
    "가", "한국어", "Ω", "é", "ß", "中", "😀", "\u00a0", " ", "a", "Z", "0", "9",
    "&#x202E;", "&#xE000;", "&#8203;", "&nbsp;", "&copy", "&#0;", "&#123;", "&#x3c;script&#x3e;", "R&D",
]  # fmt: skip
words = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12).map("".join)
names = words.map(lambda s: s.strip()).filter(bool)


def _prose(value: str) -> str:
    """Random text the loader can accept as prose: no HTML tags (an error) and http links only."""
    value = re.sub(r"<(?=[A-Za-z!/?])", "< ", value).replace("](", "](https://e.org/").strip()
    return value or "x"


def _extensions() -> tuple[list[str], dict[str, Any]]:
    names, configs = [], {}
    for item in CONFIG["markdown_extensions"]:
        if isinstance(item, dict):
            (name, options), *_ = item.items()
            names.append(name)
            configs[name] = {k: v == "true" if v in ("true", "false") else v for k, v in (options or {}).items()}
        else:
            names.append(item)
    return names, configs


EXTENSIONS, EXTENSION_CONFIGS = _extensions()


def _page_html(page: str) -> str:
    """A generated page as the site would serve it: its Markdown converted, its title and description in the head."""
    meta, body = page.split("\n\n", 1)
    fields = dict(line.split(": ", 1) for line in meta.splitlines())
    content = markdown.markdown(body, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    # Material puts both into the head as they are (no escaping of its own)
    head = f'<title>{fields["title"]} - Site</title><meta name="description" content="{fields["description"]}">'
    return f"<!doctype html><html><head>{head}</head><body><article>{content}</article></body></html>"


def _facts_with(values: dict[str, str]) -> dict[str, Any]:
    data = copy.deepcopy(MINIMAL)
    gpu = data["accelerators"][0]
    gpu["name"] = values["name"]
    gpu["vendor"] = values["vendor"]
    gpu["aliases"] = {"en": [values["alias"]], "ko": [values["alias"]]}
    gpu["architecture"]["value"] = values["label"]
    gpu["memory"]["type"]["value"] = values["label"]
    korean = "가 " + values["prose"].replace('"', "”").replace("'", "’")  # the house style's quotes
    gpu["text"]["summary"] = {"en": values["prose"], "ko": korean}
    gpu["text"]["use_case"] = {"en": values["prose"], "ko": korean}
    data["sources"][0]["title"] = values["title"]
    # a publisher written once is checked as Korean too (no English words, curly quotes): the hostile
    # text goes into the source's title and the accelerator's vendor, which take any line
    data["plans"][0]["name"] = values["name"]
    data["advice"][0]["need"] = {"en": values["prose"], "ko": korean}
    data["site"]["intro"] = {"en": values["prose"], "ko": korean}
    return data


def _build(tmp_path: Path, data: dict[str, Any], catalogs: list[Catalog]) -> dict[str, str] | None:
    path = tmp_path / "facts.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        facts = load_facts(path, "facts.yaml", ("en", "ko"), SCRIPTS)
    except InputError as err:  # refused: with our own message, naming file and line
        lines = str(err).splitlines()
        assert lines[-1].startswith("Error: ") and all(line.startswith("facts.yaml:") for line in lines[:-1])
        return None
    return render(facts, catalogs, ["facts.yaml"])


def _assert_inert(pages: dict[str, str], name: str) -> None:
    for path, page in pages.items():
        findings = scan_page(_page_html(page), path)
        assert not findings, "\n".join(map(str, findings))
    h1 = BeautifulSoup(_page_html(pages["accelerators/gpu1.en.md"]), "html.parser").find("h1")
    assert h1 is not None
    shown = " ".join(h1.get_text().replace("¶", "").split())
    assert shown == " ".join(name.split())  # the name as written: nothing eaten as markup


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names, vendor=names, alias=names, label=names, title=names, prose=words.map(_prose))
def test_any_text_in_any_field_is_shown_as_text(
    tmp_path: Path, catalogs: list[Catalog], name: str, vendor: str, alias: str, label: str, title: str, prose: str
) -> None:
    values = {"name": name, "vendor": vendor, "alias": alias, "label": label, "title": title, "prose": prose}
    pages = _build(tmp_path, _facts_with(values), catalogs)
    if pages is not None:
        _assert_inert(pages, name)


ATTACKS: dict[str, tuple[dict[str, str], str]] = {
    # what goes in, and the words a reader then sees on the accelerator's page
    "event handler in a label": ({"label": "<img src=x onerror=alert(1)>"}, "<img src=x onerror=alert(1)>"),
    "attribute list after emphasis": ({"prose": "*word*{: onmouseover=alert(1) }"}, "word{: onmouseover=alert(1) }"),
    "brackets in a link's text": ({"prose": "[a [b] c](https://e.org/) end"}, "a [b] c end"),
    "quote out of the description": ({"prose": 'A "q" x" onmouseover="alert(1)'}, 'A "q" x" onmouseover="alert(1)'),
    "script in a name": ({"name": "</title><script>alert(1)</script>"}, "</title><script>alert(1)</script>"),
    "reference definition": ({"prose": "See [x]. [x]: https://e.org/"}, "See [x]. [x]: https://e.org/"),
    "footnote syntax": ({"title": "*[HTML]: x [^1]: y"}, "*[HTML]: x [^1]: y"),
    "markdown in html": ({"alias": '<div markdown="1">*x*</div>'}, '<div markdown="1">*x*</div>'),
    "block syntax at the start": ({"prose": "# Not a heading", "name": "1. Not a list"}, "# Not a heading"),
}


@pytest.mark.parametrize("attack", ATTACKS, ids=list(ATTACKS))
def test_known_attacks_are_shown_as_text(tmp_path: Path, catalogs: list[Catalog], attack: str) -> None:
    given, visible = ATTACKS[attack]
    values = {"name": "Example GPU", "vendor": "Vendor", "alias": "EG", "label": "Arch", "title": "A title"}
    values |= {"prose": "A GPU."} | given
    pages = _build(tmp_path, _facts_with(values), catalogs)
    assert pages is not None, "accepted: it is shown as text"
    _assert_inert(pages, values["name"])
    article = BeautifulSoup(_page_html(pages["accelerators/gpu1.en.md"]), "html.parser").find("article")
    assert article is not None
    assert visible in " ".join(article.get_text().split())


def test_escape_leaves_nothing_for_markdown_to_read() -> None:
    """Every syntax character is a character reference; line-start syntax is broken at the start only."""
    assert text.escape('a*b_c`d[e]f{g}h|i#j\\k<l>m&n"o') == (
        "a&#42;b&#95;c&#96;d&#91;e&#93;f&#123;g&#125;h&#124;i&#35;j&#92;k&lt;l&gt;m&amp;n&quot;o"
    )
    assert text.escape("- item") == "&#45; item"
    assert text.escape("1. item") == "&#49;. item"
    assert text.escape("8.1 TFLOPS") == "8.1 TFLOPS"
    assert text.escape("    code") == "&#32;   code"
    assert text.escape("a\rb\x00c\ud800") == "a&#13;b&#0;c&#xfffd;"
    assert text.escape("a - b. 1. c") == "a - b. 1. c"  # mid-line, these are text


def test_a_site_address_that_would_break_out_of_a_link_stops_the_build(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = os.environ | {"SITE_URL": 'https://e.org/"><script>alert(1)</script>', "NO_MKDOCS_2_WARNING": "1"}
    args = ["--docs", str(tmp_path / "docs"), "build", "--site", str(tmp_path / "site")]
    done = subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert "site_url (mkdocs.yml, or the SITE_URL environment variable): expected an http(s) address" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "site").exists()
    assert text.site_url_problem("https://example.org/docs/") is None
    assert text.site_url_problem("http://127.0.0.1:8000/") is None


HOSTILE = {
    "name": "</title><script>alert(1)</script>",
    "vendor": '"><img src=x onerror=alert(2)>',
    "alias": "<svg/onload=alert(3)>",
    "label": "<img src=x onerror=alert(4)>",
    "title": "[x](javascript:alert(5)) <iframe src=javascript:alert(6)>",
    "prose": '*word*{: onmouseover=alert(7) } " onmouseover="alert(8) [a [b] c](https://e.org/)',
}


@pytest.mark.parametrize(
    "values", [HOSTILE, HOSTILE | {"name": "__config"}], ids=["markup everywhere", "a name that is a theme id"]
)
def test_a_site_built_from_hostile_text_passes_the_scan_and_its_search_runs_nothing(
    tmp_path: Path, values: dict[str, str]
) -> None:
    """The whole build (MkDocs, theme, search index) from facts whose every text is an attack."""
    import json
    import os
    import subprocess
    import sys

    from generator.scan import scan_site

    shutil.copytree(ROOT / "docs/assets", tmp_path / "docs/assets")  # the hand-written CSS and script
    facts = tmp_path / "facts.yaml"
    facts.write_text(yaml.safe_dump(_facts_with(values), allow_unicode=True, sort_keys=False), encoding="utf-8")
    args = ["--facts", str(facts), "--docs", str(tmp_path / "docs"), "build", "--site", str(tmp_path / "site")]
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    site = tmp_path / "site"
    assert scan_site(site) == []
    page = BeautifulSoup((site / "accelerators/gpu1/index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.title is not None and page.title.get_text().startswith(values["name"])
    h1 = page.find("h1")
    assert h1 is not None and values["name"] in h1.get_text()
    for index in site.rglob("search_index.json"):
        for doc in json.loads(index.read_text(encoding="utf-8"))["docs"]:
            for field in ("title", "text"):
                tags = BeautifulSoup(doc[field], "html.parser").find_all(True)
                assert all(not a.startswith("on") for tag in tags for a in tag.attrs), doc[field]
                assert not {tag.name for tag in tags} & {"script", "img", "iframe", "svg", "object", "embed", "style"}


# Where Safe() may wrap a computed string, and why that string is safe. Everywhere else Safe() takes
# a literal template, whose .format() and + escape what they are given.
TRUSTED_SAFE_CALLS = {
    ("generator/text.py", "finalize"),  # str() of an int or a float: digits, a sign, a point, an exponent
    ("generator/text.py", "_render"),  # pieces each made by escape() or from the allow-listed tags
    ("generator/text.py", "_write"),  # escape() itself
    ("generator/text.py", "attribute_value"),  # escape() of the words (a Safe fragment's tags stripped first)
    ("generator/charts.py", "bar_chart"),  # every word in the SVG went through escape(); numbers are formatted
    ("generator/links.py", "page_link"),  # a relative path built from ids the function checks first
}


def test_safe_wraps_only_literals_outside_the_reviewed_places() -> None:
    """Marking a computed string as Safe would skip escaping: each place that does is listed and reviewed."""
    import ast

    found = set()
    for path in sorted((ROOT / "generator").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.Lambda)]
        for function in functions:
            name = function.name if isinstance(function, ast.FunctionDef) else "<lambda>"
            for node in ast.walk(function):
                is_safe = isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Safe"
                if is_safe and node.args and not isinstance(node.args[0], ast.Constant):
                    found.add((path.relative_to(ROOT).as_posix(), name))
    assert found == TRUSTED_SAFE_CALLS


def _unknown_everywhere(data: dict[str, Any]) -> dict[str, Any]:
    gpu = data["accelerators"][0]
    why = {"en": "Not published.", "ko": "공개되지 않았습니다."}
    for part in ("size", "bandwidth"):
        gpu["memory"][part] = {"value": "unknown", "unit": gpu["memory"][part]["unit"], "note": dict(why)}
    gpu["memory"]["type"] = {"value": "unknown", "note": dict(why)}  # copies: YAML would write aliases
    gpu["architecture"] = {"value": "unknown", "note": dict(why)}
    gpu["compute"] = {"note": dict(why)}
    return data


def _retired(data: dict[str, Any]) -> dict[str, Any]:
    """The accelerator retired; a retirement names what Colab offers instead (an offered accelerator)."""
    instead = copy.deepcopy(data["accelerators"][0]) | {"id": "gpu2", "name": "Example GPU 2"}
    data["accelerators"][0]["colab"] = {
        "status": "retired", "retired": "2025-01", "replaced_by": "gpu2", "plans": [], "source": "sheet"
    }  # fmt: skip
    data["accelerators"].append(instead)
    return data


SPARSE = {
    "every figure unknown": _unknown_everywhere,
    "a retired accelerator": _retired,
    "no advice": lambda data: data | {"advice": []},
    "no plans": lambda data: data | {"plans": []},
}


@pytest.mark.parametrize("case", SPARSE, ids=list(SPARSE))
def test_sparse_facts_render_every_page(tmp_path: Path, catalogs: list[Catalog], case: str) -> None:
    """Facts that are valid but nearly empty still make every page, with no crash."""
    data = SPARSE[case](copy.deepcopy(MINIMAL))
    if case == "no plans":
        data["accelerators"][0]["colab"]["plans"] = []
    pages = _build(tmp_path, data, catalogs)
    assert pages is not None
    assert {"index.en.md", "compare.ko.md", "data.en.md", "accelerators/gpu1.ko.md"} <= set(pages)
    _assert_inert(pages, "Example GPU")
