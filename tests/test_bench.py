"""`make bench` stays runnable: its quick mode prints every table with figures in them."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.e2e


def test_the_quick_benchmark_prints_every_table() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    run = subprocess.run(
        [sys.executable, "-m", "tools.bench", "--quick"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert re.search(r"^Measured on \d{4}-\d\d-\d\d\. Machine: \d+ cores", out, re.MULTILINE)
    assert re.search(r"^\| 10 \| \d+ \| \d+\.\d{3} \| \d+\.\d\d \| \d+\.\d{3} \|$", out, re.MULTILINE)
    assert re.search(
        r"^\| real facts \| [\d,]+ \| \d+\.\d\d \| \d+\.\d\d \| \d+\.\d\d× \| \d+\.\d\d× \|$", out, re.MULTILINE
    )
    assert re.search(r"^\| A100 bandwidth on its page \| \d+\.\d\d \|$", out, re.MULTILINE)
    met = r"\| (yes|\*\*no\*\*) \|$"
    assert re.search(r"^\| `make build`, nothing changed \(s\) \| < 1\.00 \| \d+\.\d\d " + met, out, re.MULTILINE)
    assert re.search(
        r"^\| a save under `make serve`, until the page is served \(s\) \| < 1\.50 \| \d+\.\d\d " + met, out, re.M
    )
    assert re.search(r"^\| full build ÷ plain `mkdocs build`, real facts \| ≤ 1\.00× \| \d+\.\d\d× " + met, out, re.M)
