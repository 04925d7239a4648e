"""The engine is its own distribution (`tailor-engine`, personalization/engine/pyproject.toml):
it imports as `tailor_engine` with Django unavailable and decides a page from ruleSet JSON."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "personalization" / "engine"

DOC = {
    "format": "tailor.ruleset",
    "formatVersion": 1,
    "version": "t1",
    "siteTimezone": "UTC",
    "personas": [
        {
            "slug": "racer",
            "name": "Racer",
            "priority": 1,
            "rules": {"referrer_domain": "strava.com"},
        }
    ],
    "stages": [{"slug": "browse", "name": "Browse", "order": 1}],
    "segments": [{"slug": "sweden", "name": "Sweden", "rules": {"country": "SE"}}],
    "pages": [
        {
            "path": "/",
            "pageId": 7,
            "revision": "3",
            "content": {"title": "Home", "intro": "Hi {city|there}", "body": []},
            "variants": [
                {
                    "id": "page:7:a",
                    "name": "Racer home",
                    "weight": None,
                    "target": {"persona": "racer", "stage": None, "segment": None},
                    "fields": {"title": "Ride faster"},
                }
            ],
        }
    ],
}


def test_the_distribution_is_described_for_pip():
    project = tomllib.loads((ENGINE / "pyproject.toml").read_text())
    assert project["project"]["name"] == "tailor-engine"
    assert all(
        not d.lower().startswith(("django", "wagtail", "graphene"))
        for d in project["project"]["dependencies"]
    )
    assert project["tool"]["setuptools"]["package-dir"] == {"tailor_engine": "."}


def test_the_engine_decides_from_rule_set_json_without_django(tmp_path):
    (tmp_path / "tailor_engine").symlink_to(ENGINE)  # what `pip install` lays out
    code = f"""
import json, sys
from datetime import datetime, timezone
sys.modules["django"] = None   # importing Django would fail
from tailor_engine.portable import LocalEngine
from tailor_engine.context import Source, VisitorContext
engine = LocalEngine(json.loads({json.dumps(json.dumps(DOC))}))
ctx = VisitorContext(now=datetime(2026, 1, 1, tzinfo=timezone.utc), source=Source(referrer_domain="strava.com"))
result = engine.personalize("/", ctx)
print(json.dumps([result.decision.persona, result.content["title"], result.content_url]))
"""
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path)},
    )
    assert out.returncode == 0, out.stderr
    persona, title, url = json.loads(out.stdout)
    assert persona == "racer" and title == "Ride faster" and url.startswith("/content/7/3/")
