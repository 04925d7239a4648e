"""The engine is plain Python: importing it (and the signal parsers) pulls in no Django, ORM or
graphene, so it runs in any process (bench, loader, workers) and stays fast to test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_engine_and_signals_import_without_django():
    code = (
        "import sys; import personalization.engine, personalization.visitor_signals.source, "
        "personalization.visitor_signals.device, personalization.visitor_signals.geo, personalization.engine.clock; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'graphene', 'wagtail')); "
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
