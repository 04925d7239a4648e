"""Paths named in the docs (docs/*.md, README.md) and in docstrings and comments of the code
point at files and folders that exist: a reader who follows one finds it (issue 24)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A path as prose writes it: folders and a name, e.g. personalization/admin/views.py,
# `admin/usage.py`, tests/rules/, personalization/admin/health_cell.html (a template).
PATH = re.compile(r"(?<![\w/.:-])((?:[\w-]+/)+[\w-]+(?:\.\w+)*)/?(?![\w/])")
KNOWN_TOP = ("personalization", "cms", "frontend", "tests", "docs", "fixtures", "bench")


def _files() -> set[str]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return {name for name in listed if (ROOT / name).exists()}


def _stale_paths() -> list[str]:
    files = _files()
    folders = {str(parent) for name in files for parent in Path(name).parents} - {"."}
    # Relative to the checkout, to a package (`admin/usage.py`), or to a templates folder.
    roots = ["", "personalization/", "cms/", "frontend/"] + sorted(
        f"{folder}/" for folder in folders if folder.endswith("/templates")
    )

    def exists(path: str) -> bool:
        candidates = (path, path.rsplit(".", 1)[0] + ".py")  # module.function -> module.py
        return any(root + c in files or root + c in folders for root in roots for c in candidates)

    sources = sorted(
        name
        for name in files
        if (name.startswith("docs/") and name.endswith(".md"))
        or name == "README.md"
        or (
            name.endswith(".py")
            and name.split("/")[0] in KNOWN_TOP[:3]
            and "/migrations/" not in name
        )
    )
    stale = []
    for name in sources:
        for number, line in enumerate((ROOT / name).read_text().splitlines(), 1):
            for match in PATH.finditer(line):
                path = match.group(1)
                first, parts = path.split("/")[0], path.split("/")
                if not any(root + first in folders for root in roots):
                    continue  # not a path of this checkout (an example project, a URL part)
                if len(parts) == 2 and "." not in parts[1] and first not in KNOWN_TOP:
                    continue  # prose such as "static/dynamic"
                if "://" in line[max(0, match.start() - 12) : match.start() + 1]:
                    continue
                if not exists(path) and not any(f.startswith(path) for f in files):
                    stale.append(f"{name}:{number}: {path}")
    return stale


def test_every_path_named_in_the_docs_and_docstrings_exists():
    assert _stale_paths() == []
