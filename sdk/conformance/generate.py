"""Regenerate the conformance corpus (`make conformance`): rule sets, cases and the Python CLI's
answers. Deterministic: the same engine gives byte-identical files (seeded, no clock, no set
order). README.md in this folder describes the layout and the formats.

    .venv/bin/python sdk/conformance/generate.py [--check]

`--check` writes nothing and exits 1 when a committed file differs from what would be written.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from contexts import context  # noqa: E402
from rulesets import rule_sets  # noqa: E402

from personalization.engine.cli import answer, dumps_line  # noqa: E402
from personalization.engine.portable import LocalEngine  # noqa: E402

SEED = 20261208
CASES = {  # rule set -> number of cases (more where there is more to cover)
    "location": 1100,
    "device-source": 1100,
    "history": 1300,
    "time-utc": 900,
    "time-stockholm": 900,
    "traits": 900,
    "identity": 900,
    "ab-holdouts": 1400,
    "layers-traffic": 1500,
    "schedules": 900,
    "empty": 200,
    "errors": 500,
}
HISTORY_HEAVY = ("history", "traits", "identity", "errors")
UNKNOWN_PATHS = ["/nope/", "/prices", "/PRICES/", "", "/städer/köln"]


def cases_for(name: str, doc: dict[str, Any], count: int) -> list[str]:
    rng = random.Random(f"{SEED}:{name}")
    paths = [p["path"] for p in doc["pages"]]
    lines = []
    if name == "errors":
        lines.extend(BAD_LINES)
    while len(lines) < count:
        ctx = context(rng, 0.55 if name in HISTORY_HEAVY else 0.3)
        path = rng.choice(paths) if rng.random() > 0.02 else rng.choice(UNKNOWN_PATHS)
        if name == "errors":
            ctx = mutate(rng, ctx)
        lines.append(dumps_line({"path": path, "context": ctx}))
    return lines


# Lines that are not requests, or requests whose context cannot be read.
BAD_LINES = [
    "",
    "   ",
    "not json",
    "[]",
    "null",
    '"text"',
    "{}",
    '{"path": "/"}',
    '{"context": {"now": "2026-01-01T00:00:00Z"}}',
    '{"path": 1, "context": {"now": "2026-01-01T00:00:00Z"}}',
    '{"path": "/", "context": []}',
    '{"path": "/", "context": "2026-01-01T00:00:00Z"}',
    '{"path": "/", "context": {}}',
    '{"path": "/", "context": {"now": null}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00"}}',
    '{"path": "/", "context": {"now": "2026-01-01 00:00:00Z"}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00Z"}}',
    '{"path": "/", "context": {"now": "2026-02-30T00:00:00Z"}}',
    '{"path": "/", "context": {"now": "2026-01-01T24:00:00Z"}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00.1234567Z"}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00+0100"}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00+01"}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00z"}}',
    '{"path": "/", "context": {"now": "2026-01-01"}}',
    '{"path": "/", "context": {"now": "1899-12-31T23:59:59Z"}}',
    '{"path": "/", "context": {"now": "1900-01-01T00:00:00Z"}}',
    '{"path": "/", "context": {"now": "9998-12-31T23:59:59Z"}}',
    '{"path": "/", "context": {"now": "9999-01-01T00:00:00Z"}}',
    '{"path": "/", "context": {"now": 1767225600}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "history": {"visitCount": 3.0}}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "history": {"visitCount": 3.5}}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "history": {"visitCount": "3"}}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "history": {"visitCount": true}}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "history": {"visitCount": 9007199254740992}}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "history": {"visitCount": 9007199254740993}}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "history": {"visitCount": 1e400}}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "history": {"visitCount": NaN}}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "history": {"affinity": {"racer": Infinity}}}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "history": {"events": [{"type": "signup"}]}}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "history": {"events": [{"at": "2026-01-01T00:00:00Z"}]}}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "history": {"events": {}}}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "history": {"days": [{"day": "2026-1-1"}]}}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "history": {"days": [{"visits": 1}]}}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "history": []}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "history": {"traits": {"x": [1, {"y": NaN}]}}}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "location": {"metroCode": "819"}}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "location": {"eu": "true"}}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "location": "SE"}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "device": "mobile"}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "device": {"kind": 1}}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "source": {"utm": {"campaign": 1}}}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "source": {"query": []}}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "loggedIn": "yes"}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "loggedIn": 1}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "declaredInterests": "cargo"}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "forcedSegments": [1]}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "visitorId": 42}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "unknownKey": {"ignored": true}}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "location": null, "history": null, "device": null, "source": null}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z"}, "extra": 1}',
    '{"path": "/", "path": "/nope/", "context": {"now": "2026-01-01T00:00:00Z"}}',
    '{"path": "/nope/", "context": {"now": "2026-01-01T00:00:00Z"}}',
    '{"path": "/nope/", "context": {"now": "bad"}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "visitorId": "\\ud800"}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z", "forcedSegments": ["\\udfff", "😀", "\\ud83d\\ude00"]}}',
    '\ufeff{"path": "/", "context": {"now": "2026-01-01T00:00:00Z"}}',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z"}}\r',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z"}} trailing',
    '{"path": "/", "context": {"now": "2026-01-01T00:00:00Z",}}',
]


def mutate(rng: random.Random, ctx: dict[str, Any]) -> dict[str, Any]:
    """Half the time, one value replaced by one of a wrong (or borderline) type."""
    if rng.random() < 0.5:
        return ctx
    holders: list[dict] = []
    stack: list[Any] = [ctx]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            holders.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    holder = rng.choice(holders)
    if not holder:
        return ctx
    key = rng.choice(sorted(holder))
    holder[key] = rng.choice([None, True, 0, 1.5, -1, "", "x", [], {}, "2026-01-01T00:00:00Z"])
    return ctx


def corpus() -> dict[Path, str]:
    """Every file of the corpus: path -> text."""
    files: dict[Path, str] = {}
    total = 0
    for name, doc in rule_sets().items():
        engine = LocalEngine(doc)
        assert not engine.compiled.errors, (name, engine.compiled.errors)
        lines = cases_for(name, doc, CASES[name])
        total += len(lines)
        files[HERE / "rulesets" / f"{name}.json"] = (
            json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
        )
        files[HERE / "cases" / f"{name}.jsonl"] = "".join(line + "\n" for line in lines)
        answers = [answer(engine, line) for line in lines]
        files[HERE / "expected" / f"{name}.jsonl"] = "".join(
            dumps_line({k: v for k, v in a.items() if k != "_detail"}) + "\n" for a in answers
        )
    assert total >= 10_000, total
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    args = parser.parse_args()
    files = corpus()
    stale = [p for p, text in files.items() if not p.exists() or p.read_bytes() != text.encode()]
    if args.check:
        for path in stale:
            print(f"out of date: {path.relative_to(HERE)}")
        return 1 if stale else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[path].encode("utf-8"))  # bytes: one line ends in \r
    cases = sum(text.count("\n") for p, text in files.items() if p.parent.name == "cases")
    print(f"{len(files) // 3} rule sets, {cases} cases; {len(stale)} files written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
