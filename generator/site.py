"""Build the static site with MkDocs into a temporary folder, then swap it in for site/.

MkDocs writes into its output folder as it goes; building next to site/ and renaming only after
a successful `mkdocs build --strict` means a failed build leaves the previous site/ as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from generator.errors import BuildError


def build_site(config: Path, site: Path, *, newest: date) -> None:
    """Run `mkdocs build --strict` for config and replace site/ with the result.

    newest is the latest date in the facts; it becomes SOURCE_DATE_EPOCH (unless the caller set
    one) so that dates MkDocs writes, such as the sitemap's, depend on the input only.
    """
    env = dict(os.environ)
    env.setdefault(
        "SOURCE_DATE_EPOCH", str(int(datetime(newest.year, newest.month, newest.day, tzinfo=UTC).timestamp()))
    )
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    site.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site.name}.build-", dir=site.parent))
    try:
        run = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config), "-d", str(tmp)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0:
            raise BuildError(f"mkdocs build failed; site/ was left as it was.\n{run.stdout}{run.stderr}".rstrip())
        old = site.with_name(f".{site.name}.old")
        if old.exists():
            shutil.rmtree(old)
        if site.exists():
            site.rename(old)
        tmp.rename(site)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
