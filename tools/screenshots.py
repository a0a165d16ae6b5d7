"""Screenshots of the home and comparison pages in both languages, for the README.

Run it with `make screenshots`: builds the site into a temporary folder, serves it on 127.0.0.1
and photographs it in Debian's Chromium. Writes docs/assets/screenshots/<page>-<lang>.png.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from tools.chromium import chromium
from tools.server import serve

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs/assets/screenshots"
SHOTS = {"home": "", "compare": "compare/", "planner": "planner/", "pair": "vs/t4-vs-l4/"}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        subprocess.run([sys.executable, "-m", "generator", "build", "--site", str(site)], cwd=ROOT, check=True)
        with serve(site) as base, chromium() as browser:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for name, path in SHOTS.items():
                for lang in ("en", "ko"):
                    page.goto(base + ("" if lang == "en" else f"{lang}/") + path, wait_until="networkidle")
                    target = OUT / f"{name}-{lang}.png"
                    page.screenshot(path=str(target))
                    print(target.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
