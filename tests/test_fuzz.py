"""Property-based tests: whatever the facts file holds, the only thing that comes out is our own error."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import InputError
from generator.load import load_facts
from generator.textcheck import Scripts
from tests.conftest import ROOT

LANGUAGES = ("en", "ko")
SCRIPTS = {"en": Scripts(("Latin",)), "ko": Scripts(("Hangul", "Latin"), "Hangul")}
REAL = (ROOT / "content/accelerators.yaml").read_text(encoding="utf-8")
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20), st.dates()
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(["id", "site", "sources", "plans", "accelerators", "advice", "en", "ko", "value", "x"]),
            inner,
            max_size=5,
        ),
    ),
    max_leaves=25,
)


def _load(tmp_path: Path, text: str | bytes) -> None:
    path = tmp_path / "facts.yaml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
    else:
        path.write_bytes(text)
    try:
        load_facts(path, "facts.yaml", LANGUAGES, SCRIPTS)
    except InputError as err:
        assert str(err).splitlines()[-1].startswith("Error: ")
        assert "Traceback" not in str(err)


@FUZZ
@given(document=documents)
def test_random_yaml_documents(tmp_path: Path, document: object) -> None:
    _load(tmp_path, yaml.safe_dump(document, allow_unicode=True))


@FUZZ
@given(raw=st.binary(max_size=300))
def test_random_bytes(tmp_path: Path, raw: bytes) -> None:
    _load(tmp_path, raw)


@st.composite
def mutations(draw: st.DrawFn) -> str:
    lines = REAL.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "char", "insert", "indent"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "char" and lines[i].strip():
            k = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:k] + draw(st.characters(blacklist_categories=("Cs",))) + lines[i][k + 1 :]
        elif action == "insert":
            lines.insert(i, draw(st.text(max_size=30)) + "\n")
        elif action == "indent":
            lines[i] = " " * draw(st.integers(1, 3)) + lines[i]
    return "".join(lines)


@FUZZ
@given(text=mutations())
def test_mutations_of_the_real_facts_file(tmp_path: Path, text: str) -> None:
    _load(tmp_path, text)
