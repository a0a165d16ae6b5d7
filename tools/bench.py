"""Benchmarks: `make bench` prints tables of timings, measured side by side in one run.

0. The edit loop against its targets: `make build` with nothing changed (under 1 s), a save under
   `make serve` until the changed page is served (under 1.5 s, the median of several saves), and
   the full build of the real facts against plain MkDocs on the same pages (at most 1.00×).
1. The generator alone (load, check, render, export; in memory) on synthetic facts files with
   10, 100 and 1,000 accelerators (copies of the real ones).
2. `python -m generator build` on the real facts against a plain `mkdocs build` of the very same
   generated Markdown (the floor: what MkDocs alone costs).
3. The same full build with 5, 50 and 500 synthetic accelerators against that floor (the
   speed-up column: how many times faster than the floor). The pages column counts the Markdown
   pages of both languages: side-by-side pages grow as n² ÷ 2 up to links.MAX_PAIRED rows.
4. Serve mode: from saving an edit of the facts file to the changed page being served.

Each figure is the median of several runs; ratios are what to compare across machines. Not a
test: nothing here fails, it reports.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from generator.load import FAST_LOADER
from generator.pipeline import Paths, load_inputs, outputs
from generator.stamp import STAMP
from tools.server import fetch_text, free_port
from tools.workspace import copy_project, synthetic

ROOT = Path(__file__).resolve().parent.parent
FULL_BUILD: list[float] = []
ENV = {**{k: v for k, v in os.environ.items() if k != "SITE_URL"}, "NO_MKDOCS_2_WARNING": "1"}


def project(dest: Path, accelerators: int | None = None) -> Path:
    """A copy of what a build needs; with `accelerators`, a synthetic facts file of that size."""
    copy_project(dest)
    if accelerators is not None:
        (dest / "content/accelerators.yaml").write_text(synthetic(accelerators), encoding="utf-8")
    return dest


def median_time(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(command: list[str], cwd: Path) -> None:
    subprocess.run(command, cwd=cwd, env=ENV, check=True, capture_output=True)


def generator_alone(tmp: Path, sizes: tuple[int, ...]) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for count in sizes:
        facts = tmp / f"facts-{count}.yaml"
        facts.write_text(synthetic(count), encoding="utf-8")
        paths = Paths(
            facts, ROOT / "content/i18n", ROOT / "content/glossary.yaml", ROOT / "content/translated-from.yaml"
        )
        seconds = median_time(lambda paths=paths: outputs(load_inputs(paths)), runs=3)
        files = len(outputs(load_inputs(paths)))
        text = facts.read_text(encoding="utf-8")
        parsing = median_time(lambda text=text: yaml.compose(text, Loader=FAST_LOADER), runs=3)
        rows.append((f"{count:,}", f"{files:,}", f"{seconds:.3f}", f"{seconds / count * 1000:.2f}", f"{parsing:.3f}"))
    return rows


def full_builds(tmp: Path, sizes: list[int | None], runs: int) -> list[tuple[str, str, str, str, str, str]]:
    """One row per size; the real facts' timings are also kept in FULL_BUILD (ours, floor)."""
    rows = []
    for size in sizes:
        work = project(tmp / f"build-{size}", size)
        run([sys.executable, "-m", "generator", "build"], work)  # warm: docs/ exists, as on an editor's machine
        ours = median_time(lambda work=work: full_build(work), runs)
        floor_dir = tmp / f"floor-{size}"
        plain = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(floor_dir)]
        floor = median_time(lambda work=work, plain=plain: run(plain, work), runs)
        label = "real facts" if size is None else f"{size:,} synthetic"
        if size is None:
            FULL_BUILD[:] = [ours, floor]
        pages = sum(1 for _ in (work / "docs").rglob("*.md"))
        rows.append(
            (label, f"{pages:,}", f"{ours:.2f}", f"{floor:.2f}", f"{ours / floor:.2f}×", f"{floor / ours:.2f}×")
        )
    return rows


def full_build(work: Path) -> None:
    """`python -m generator build` as after an edit: without the stamp that lets it skip the build."""
    (work / STAMP).unlink(missing_ok=True)
    run([sys.executable, "-m", "generator", "build"], work)


def noop_build(tmp: Path, runs: int) -> float:
    """`python -m generator build` when nothing changed since the last build (generator/stamp.py)."""
    work = project(tmp / "noop")
    run([sys.executable, "-m", "generator", "build"], work)
    return median_time(lambda: run([sys.executable, "-m", "generator", "build"], work), runs)


def targets(noop: float, latency: float, ours: float, floor: float) -> list[tuple[str, str, str, str]]:
    def row(what: str, target: str, figure: str, met: bool) -> tuple[str, str, str, str]:
        return (what, target, figure, "yes" if met else "**no**")

    return [
        row("`make build`, nothing changed (s)", "< 1.00", f"{noop:.2f}", noop < 1.0),
        row("a save under `make serve`, until the page is served (s)", "< 1.50", f"{latency:.2f}", latency < 1.5),
        row("full build ÷ plain `mkdocs build`, real facts", "≤ 1.00×", f"{ours / floor:.2f}×", ours <= floor),
    ]


def edit_latency(tmp: Path, edits: int = 5) -> float:
    work = project(tmp / "serve")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=work,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )

    def page() -> str:
        return fetch_text(f"http://127.0.0.1:{port}/accelerators/a100/")

    try:
        _until(lambda: "1,555" in page(), 0.2, "the served site")
        facts = work / "content/accelerators.yaml"
        latencies, value = [], 1555
        for _ in range(edits):
            text = facts.read_text(encoding="utf-8")
            start = time.perf_counter()
            facts.write_text(text.replace(f"value: {value}", f"value: {value + 1}"), encoding="utf-8")
            value += 1
            shown = f"{value:,}"
            _until(lambda shown=shown: shown in page(), 0.02, f"the edit to {shown}")
            latencies.append(time.perf_counter() - start)
            time.sleep(1)
        return statistics.median(latencies)
    finally:
        os.killpg(process.pid, 15)
        process.wait()


def _until(condition: Callable[[], bool], interval: float, what: str, seconds: float = 120) -> None:
    """Poll until condition holds; give up (an error, not a figure) after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"serve mode never showed {what} (waited {seconds:.0f} s)")
        time.sleep(interval)


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor() or "unknown CPU",
    )
    memory = next(
        (line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), "0"
    )
    return (
        f"{os.cpu_count()} cores ({cpu}), {int(memory) / 1024 / 1024:.0f} GiB memory, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" if i == 0 else "--:" for i in range(len(header))) + "|",
    ]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes and single runs: checks that it works")
    parser.add_argument("--targets", action="store_true", help="only table 0, the edit loop against its targets")
    args = parser.parse_args(argv)
    quick = args.quick
    runs = 1 if quick else 3
    print(f"Measured on {datetime.date.today().isoformat()}. Machine: {machine()}\n")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        edits = 2 if quick else 7
        noop = noop_build(tmp, runs=3 if quick else 7)
        latency = edit_latency(tmp, edits)
        rows = full_builds(tmp, [None] if quick or args.targets else [None, 5, 50, 500], runs=runs)
        print(f"0. The edit loop against its targets (medians: {edits} saves, {runs} full builds):\n")
        print(table(("measure", "target", "measured", "met"), targets(noop, latency, *FULL_BUILD)))
        if args.targets:
            return 0
        print("\n1. The generator alone (load, check, render, export, in memory), median of 3:\n")
        header = ("accelerators", "files", "seconds", "ms per accelerator", "of which parsing the YAML (libyaml)")
        print(table(header, generator_alone(tmp, (2, 10) if quick else (10, 100, 1000))))
        print(f"\n2. and 3. Full build against plain `mkdocs build` of the same Markdown, median of {runs}:\n")
        header = ("facts", "pages (both languages)", "make build (s)", "plain mkdocs (s)", "ratio", "speed-up")
        print(table(header, rows))
        print(f"\n4. Serve mode, from saving an edit to the changed page being served, median of {edits}:\n")
        print(table(("edit", "seconds"), [("A100 bandwidth on its page", f"{latency:.2f}")]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
