"""Local evaluation, as a frontend runs it: one page decided from `ruleSet.json` with
`LocalEngine` (engine/portable.py), the same work as one line of `python -m tailor_engine.cli`.
p50 and p99 per decision for rule sets of 10, 100 and 1000 segments (docs/sdk.md compares it with
the TypeScript engine in Node; `--write DIR` saves the 1000-segment document and the contexts as
CLI input, so Node can time the very same work).

Run from the project root:  .venv/bin/python bench/bench_local.py [--contexts 2000] [--seed 1]
Every segment is decided (as the CLI does); reasons are not built. The machine is shared:
numbers are for comparison between runs, not absolute.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "sdk" / "conformance"))

from contexts import context as random_context  # noqa: E402

from bench.bench_engine import build_rules  # noqa: E402
from personalization.engine.cli import answer, dumps_line  # noqa: E402
from personalization.engine.context_json import context_from_json  # noqa: E402
from personalization.engine.portable import LocalEngine, PortablePage, dump  # noqa: E402
from personalization.engine.ruleset import Target, VariantDef  # noqa: E402


def bench_page(segments: list[str]) -> PortablePage:
    """A home page with eight variants and two personalized blocks over the rule set's segments."""
    variants = tuple(
        VariantDef(f"page:1:v{i}", f"V{i}", Target(segment=segments[i * 7 % len(segments)]))
        for i in range(6)
    ) + (
        VariantDef("page:1:a", "A", Target(persona="persona-1"), weight=50),
        VariantDef("page:1:b", "B", Target(persona="persona-1"), weight=50),
    )
    body = [{"type": "heading", "value": "Bikes in {city|your town}", "id": "h"}] + [
        {
            "type": "personalized",
            "id": f"pb{n}",
            "value": {
                "variants": [
                    {"segment": segments[(n * 13 + k) % len(segments)], "blocks": []}
                    for k in range(4)
                ],
                "default": [{"type": "paragraph", "value": "<p>{country|Here}</p>", "id": "p"}],
            },
        }
        for n in range(2)
    ]
    return PortablePage(
        1,
        "7",
        "/",
        {"title": "Welcome {city|friend}", "intro": "", "tags": [], "body": body},
        variants,
        {v.id: {"title": v.name} for v in variants},
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contexts", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--write", type=Path, help="save the 1000-segment workload here")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    contexts = [random_context(rng) for _ in range(args.contexts)]
    lines = [dumps_line({"path": "/", "context": c}) for c in contexts]
    parsed = [context_from_json(c) for c in contexts]

    print(
        f"{args.contexts} visitors per row (sdk/conformance/contexts.py); Python "
        f"{sys.version.split()[0]}\n"
    )
    print("| local evaluation (one page)                |  p50 µs   |  p99 µs   |")
    print("| ------------------------------------------ | --------- | --------- |")
    for count in (10, 100, 1000):
        rules = build_rules(count, random.Random(args.seed + count))
        page = bench_page(sorted(rules.segments))
        document = json.loads(json.dumps(dump(rules, [page]), default=str))
        engine = LocalEngine(document)
        for label, run, items in (
            (
                f"LocalEngine.personalize, {count} segments",
                lambda c, e=engine: e.personalize("/", c),
                parsed,
            ),
            (
                f"CLI line (JSON in and out), {count} segments",
                lambda line, e=engine: dumps_line(answer(e, line)),
                lines,
            ),
        ):
            run(items[0])  # warm
            lat = []
            for item in items:
                start = time.perf_counter()
                run(item)
                lat.append((time.perf_counter() - start) * 1e6)
            lat.sort()
            p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
            print(f"| {label:<42} | {statistics.median(lat):>9.1f} | {p99:>9.1f} |")
        if count == 1000 and args.write:
            args.write.mkdir(parents=True, exist_ok=True)
            (args.write / "ruleset-1000.json").write_text(json.dumps(document), "utf-8")
            (args.write / "contexts.jsonl").write_text("".join(x + "\n" for x in lines), "utf-8")
            print(
                f"\n(1000-segment document and {len(lines)} CLI input lines written to {args.write})"
            )


if __name__ == "__main__":
    main()
