"""Lighthouse 12.2.3 (mobile preset) on the main pages in both languages; prints a Markdown table.

Run it with `make audit`. The site is built into a temporary folder with its address set to the
local server, so canonical and hreflang links point where Lighthouse can see them; then Debian's
Chromium (CHROME_PATH) loads each page. A script, not a test: scores depend on the machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tools.chromium import FLAGS as CHROMIUM_FLAGS
from tools.server import free_port, serve

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["", "compare/", "accelerators/t4/", "plans/", "guide/", "planner/", "vs/t4-vs-l4/"]
LANGUAGES = ["en", "ko"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
FLAGS = " ".join(["--headless=new", *CHROMIUM_FLAGS])


def main() -> int:
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        env = {**os.environ, "SITE_URL": f"http://127.0.0.1:{port}/"}
        subprocess.run([sys.executable, "-m", "generator", "build", "--site", str(site)], cwd=ROOT, env=env, check=True)
        rows, problems = [], []
        with serve(site, port) as base:
            for lang in LANGUAGES:
                for page in PAGES:
                    url = base + ("" if lang == "en" else f"{lang}/") + page
                    report = _lighthouse(url)
                    scores = [round(report["categories"][c]["score"] * 100) for c in CATEGORIES]
                    rows.append((f"/{'' if lang == 'en' else lang + '/'}{page}", *scores))
                    for audit in report["audits"].values():
                        if (
                            audit.get("score") is not None
                            and audit["score"] < 1
                            and audit.get("scoreDisplayMode")
                            in (
                                "binary",
                                "numeric",
                                "metricSavings",
                            )
                        ):
                            problems.append(f"{url}: {audit['id']} ({audit['score']}): {audit['title']}")
    print("| page | performance | accessibility | best practices | SEO |")
    print("|---|--:|--:|--:|--:|")
    for page, *scores in rows:
        print(f"| `{page}` | " + " | ".join(str(s) for s in scores) + " |")
    if problems:
        print("\nAudits below full marks:")
        print("\n".join(f"- {p}" for p in problems))
    return 0


def _lighthouse(url: str) -> dict:  # type: ignore[type-arg]
    binary = ROOT / "node_modules/.bin/lighthouse"
    run = subprocess.run(
        [
            str(binary),
            url,
            "--quiet",
            "--output=json",
            "--output-path=stdout",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={FLAGS}",
        ],
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
        capture_output=True,
        text=True,
        check=True,
    )
    report: dict = json.loads(run.stdout)  # type: ignore[type-arg]
    return report


if __name__ == "__main__":
    sys.exit(main())
