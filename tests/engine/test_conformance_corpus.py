"""The committed conformance corpus (sdk/conformance/) is what the Python CLI answers: the
TypeScript engine is checked against these files, so they must stay the Python engine's truth."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from personalization.engine.cli import run
from personalization.engine.portable import LocalEngine

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "sdk" / "conformance"
NAMES = sorted(p.stem for p in (CORPUS / "rulesets").glob("*.json"))


def test_the_corpus_holds_at_least_ten_thousand_cases():
    cases = sum((CORPUS / "cases" / f"{name}.jsonl").read_bytes().count(b"\n") for name in NAMES)
    assert len(NAMES) >= 10 and cases >= 10_000


@pytest.mark.parametrize("name", NAMES)
def test_the_cli_answers_every_committed_case_as_the_expected_file_says(name):
    engine = LocalEngine(json.loads((CORPUS / "rulesets" / f"{name}.json").read_text("utf-8")))
    cases = io.BytesIO((CORPUS / "cases" / f"{name}.jsonl").read_bytes())
    out = io.StringIO()
    run(engine, cases, out, io.StringIO())
    expected = (CORPUS / "expected" / f"{name}.jsonl").read_bytes().decode("utf-8")
    for number, (mine, theirs) in enumerate(
        zip(out.getvalue().split("\n"), expected.split("\n"), strict=True), 1
    ):
        assert mine == theirs, f"{name}.jsonl line {number}"


def test_python_m_tailor_engine_cli_reads_stdin_and_writes_the_expected_bytes(tmp_path):
    """The distribution's module name (`pip install ./personalization/engine`), run for real."""
    (tmp_path / "tailor_engine").symlink_to(ROOT / "personalization" / "engine")
    lines = (CORPUS / "cases" / "errors.jsonl").read_bytes().split(b"\n")[:120]
    expected = (CORPUS / "expected" / "errors.jsonl").read_bytes().split(b"\n")[:120]
    done = subprocess.run(
        [sys.executable, "-m", "tailor_engine.cli", str(CORPUS / "rulesets" / "errors.json")],
        input=b"\n".join(lines) + b"\n",
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        timeout=60,
        check=True,
    )
    assert done.stdout == b"\n".join(expected) + b"\n"
    assert b"line 1: invalid-json" in done.stderr


def test_a_rule_set_that_cannot_be_read_is_refused_with_a_message(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "tailor.ruleset", "formatVersion": 99}')
    done = subprocess.run(
        [sys.executable, "-m", "personalization.engine.cli", str(bad)],
        input=b"",
        capture_output=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 2 and b"version 99 is not supported" in done.stderr
