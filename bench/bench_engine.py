"""Engine throughput: decisions per second and latency for rule sets of 10, 100 and 1000 segments,
plus user-agent parsing (cold and cached) and GeoIP lookups.

Run from the project root:  .venv/bin/python bench/bench_engine.py [--contexts 3000] [--seed 1]
The machine is shared; numbers are for comparison between runs, not absolute. Results go in
docs/engine.md ("Performance").
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from personalization.engine import compile_ruleset, decide  # noqa: E402
from personalization.engine.context import (  # noqa: E402
    Device,
    EventRecord,
    History,
    Location,
    Source,
    VisitorContext,
)
from personalization.engine.ruleset import PersonaDef, RuleSet, SegmentDef, StageDef  # noqa: E402

COUNTRIES = [
    "SE",
    "NO",
    "DK",
    "FI",
    "DE",
    "FR",
    "GB",
    "US",
    "CA",
    "JP",
    "BR",
    "IN",
    "ES",
    "IT",
    "NL",
]
ZONES = [
    "Europe/Stockholm",
    "Europe/London",
    "America/New_York",
    "Asia/Tokyo",
    "America/Los_Angeles",
]
CHANNELS = ["direct", "organic_search", "paid_search", "social", "email", "referral"]
REFERRERS = [
    None,
    "github.com",
    "instagram.com",
    "google.com",
    "news.ycombinator.com",
    "strava.com",
]
PATHS = ["/", "/pricing/", "/docs/", "/blog/", "/trial/", "/about/", "/careers/"]
TAGS = ["api", "pricing", "security", "running", "cycling", "finance"]
NOW = datetime(2026, 11, 23, 11, 30, tzinfo=UTC)


def random_condition(rng: random.Random, index: int, depth: int = 0) -> dict:
    """One of the condition shapes editors actually write, sometimes nested."""
    pick = rng.randrange(12 if depth < 2 else 10)
    if pick == 0:
        return {"country": {"in": rng.sample(COUNTRIES, rng.randint(1, 5))}}
    if pick == 1:
        return {"device": rng.choice(["mobile", "desktop", "tablet"])}
    if pick == 2:
        return {"channel": {"in": rng.sample(CHANNELS, 2)}}
    if pick == 3:
        return {"utm_campaign": {"contains": rng.choice(["spring", "cfo", "launch"])}}
    if pick == 4:
        return {"visit_count": {"gte": rng.randint(1, 6)}}
    if pick == 5:
        return {"visited": {"path": rng.choice(PATHS), "min": rng.randint(1, 3)}}
    if pick == 6:
        return {"event": {"type": "trial_started", "within_days": rng.choice([7, 30, 90])}}
    if pick == 7:
        return {"local_hour": {"between": sorted(rng.sample(range(24), 2))}}
    if pick == 8:
        return {"referrer_domain": {"in": rng.sample([r for r in REFERRERS if r], 2)}}
    if pick == 9:
        if index > 0:
            return {"segment": f"seg-{rng.randrange(index):04d}"}  # only earlier: acyclic
        return {"weekday": {"in": ["sat", "sun"]}}
    if pick == 10:
        return {
            rng.choice(["all", "any"]): [
                random_condition(rng, index, depth + 1) for _ in range(rng.randint(2, 3))
            ]
        }
    return {"not": random_condition(rng, index, depth + 1)}


def build_rules(segment_count: int, rng: random.Random) -> RuleSet:
    segments = {
        f"seg-{i:04d}": SegmentDef(f"seg-{i:04d}", f"Segment {i}", random_condition(rng, i))
        for i in range(segment_count)
    }
    personas = tuple(
        PersonaDef(
            f"persona-{i}",
            f"Persona {i}",
            priority=rng.randint(0, 20),
            rules=random_condition(rng, segment_count),
            score_threshold=10,
        )
        for i in range(8)
    )
    stages = (
        StageDef("learn", "Learn", 1),
        StageDef("evaluate", "Evaluate", 2, {"visited": {"path": "/pricing/"}}),
        StageDef("try", "Try", 3, {"event": {"type": "trial_started"}}),
        StageDef("buy", "Buy", 4, {"event": {"type": "purchase", "within_days": 365}}),
    )
    return RuleSet(
        version=f"bench-{segment_count}", personas=personas, stages=stages, segments=segments
    )


def random_context(rng: random.Random, i: int) -> VisitorContext:
    located = rng.random() < 0.9
    profiled = rng.random() < 0.7
    events = tuple(
        EventRecord(
            rng.choice(["trial_started", "purchase", "signup"]),
            NOW - timedelta(days=rng.randint(0, 120)),
        )
        for _ in range(rng.randint(0, 4))
    )
    return VisitorContext(
        now=NOW + timedelta(minutes=rng.randint(0, 60 * 24 * 7)),
        visitor_id=f"visitor-{i}",
        location=Location(
            country_code=rng.choice(COUNTRIES),
            city="Somewhere",
            timezone=rng.choice(ZONES),
            continent="EU",
            eu=rng.random() < 0.5,
        )
        if located
        else None,
        device=Device(
            kind=rng.choice(["mobile", "desktop", "tablet", "bot"]), os="iOS", browser="Chrome"
        ),
        source=Source(
            channel=rng.choice(CHANNELS),
            utm={"campaign": rng.choice(["spring-sale", "cfo-2026", ""])},
            referrer_domain=rng.choice(REFERRERS),
            landing_path=rng.choice(PATHS),
        ),
        history=History(
            visit_count=rng.randint(1, 10),
            page_views=rng.randint(0, 50),
            path_views={p: rng.randint(1, 4) for p in rng.sample(PATHS, 3)},
            tag_views={t: rng.randint(1, 4) for t in rng.sample(TAGS, 2)},
            events=events,
            first_seen=NOW - timedelta(days=rng.randint(0, 200)),
            last_seen=NOW - timedelta(days=rng.randint(0, 20)),
            affinity={f"persona-{rng.randrange(8)}": rng.randint(0, 20)},
        )
        if profiled
        else None,
        declared_interests=tuple(rng.sample(TAGS, rng.randint(0, 2))),
    )


def timed(fn, items) -> list[float]:
    """Per-call latencies in microseconds."""
    out = []
    clock = time.perf_counter
    for item in items:
        start = clock()
        fn(item)
        out.append((clock() - start) * 1e6)
    return out


def row(label: str, lat: list[float]) -> str:
    lat = sorted(lat)
    p50 = statistics.median(lat)
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
    per_s = len(lat) / (sum(lat) / 1e6)
    return f"| {label:<34} | {per_s:>12,.0f} | {p50:>9.1f} | {p99:>9.1f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contexts", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    contexts = [random_context(rng, i) for i in range(args.contexts)]

    print(f"{args.contexts} synthetic visitors per row; Python {sys.version.split()[0]}\n")
    print("| what                               |     per s    |  p50 µs   |  p99 µs   |")
    print("| ---------------------------------- | ------------ | --------- | --------- |")
    for count in (10, 100, 1000):
        rules = build_rules(count, random.Random(args.seed + count))
        start = time.perf_counter()
        compiled = compile_ruleset(rules)
        compile_ms = (time.perf_counter() - start) * 1e3
        for explain in (True, False):
            decide(contexts[0], compiled, explain=explain)  # warm
            lat = timed(lambda c, rs=compiled, why=explain: decide(c, rs, explain=why), contexts)
            label = f"decide, {count} segments" + (", reasons" if explain else ", no reasons")
            print(row(label, lat))
        print(
            f"| {'  (compile ' + str(count) + ' segments: ' + format(compile_ms, '.1f') + ' ms)':<34} |"
            f" {'':>12} | {'':>9} | {'':>9} |"
        )

    from personalization.visitor_signals.device import _parse, parse_device

    agents = [
        f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        f"Chrome/{100 + i % 40}.0.{i}.0 Safari/537.36"
        for i in range(500)
    ]
    _parse.cache_clear()
    print(row("parse_device, cold (500 agents)", timed(parse_device, agents)))
    print(row("parse_device, cached", timed(parse_device, agents * 6)))

    from personalization.visitor_signals.geo import GeoLocator

    db = ROOT.parent / "shared" / "geoip" / "GeoIP2-City-Test.mmdb"
    locator = GeoLocator(db)
    locator.lookup("81.2.69.142")  # open the database
    ips = ["81.2.69.142", "216.160.83.56", "89.160.20.112", "2a02:cf40::", "50.114.0.0", "10.0.0.1"]
    print(row("geo lookup (City test db)", timed(locator.lookup, ips * 500)))


if __name__ == "__main__":
    main()
