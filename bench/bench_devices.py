"""Device detection on the libraries' own public fixture sets: bot recall, people taken for
bots, phone/tablet/desktop accuracy, parse time (cached and cold). docs/devices.md has the table.

The corpora ship inside the installed packages (no network):
- device-detector's fixtures (`device_detector/tests/fixtures/upstream/*.yml`, Matomo's test
  set): about 37,000 real devices labelled with their type (smartphone, tablet, desktop, TV...),
  some with their client hints, and `bots.yml`, about 1,350 labelled bots;
- crawler-user-agents (`crawleruseragents/crawler-user-agents.json`): about 2,100 crawler agents
  (the `instances` of its patterns).
ua-parser ships no labelled fixtures (uap-core's test files are not in its sdist, wheel or npm
package), so it is measured on the two sets above.

Candidates (each maps its answer to Tailor's kinds: mobile | tablet | desktop | bot | unknown):
- ua-parser (Tailor's mapping before): family "Spider" is a bot; iPad/"Tablet"/Android without
  "Mobile" is a tablet; then phones and desktops by OS family;
- crawler-user-agents alone (bots only);
- device-detector alone (full parse, its bot rules included);
- kept: personalization/visitor_signals/device.py (bots: device-detector's bot rules or the
  crawler list, not HTTP libraries; kind: client hints, else device-detector's type).

The bot checks run on every agent. A full device-detector parse takes milliseconds, so the kind
is measured on every `--stride`-th device fixture (default 20: about 1,850 agents, a few minutes;
`--stride 1` for all, most of an hour on a loaded machine).
Run from the project root:  .venv/bin/python bench/bench_devices.py [--stride 20] [--misses]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DD_TYPES = {
    "smartphone": "mobile",
    "feature phone": "mobile",
    "phablet": "mobile",
    "tablet": "tablet",
    "desktop": "desktop",
}
KINDS = ("mobile", "tablet", "desktop")
Row = tuple[str, str, str, dict]  # (set, label, agent, hints)


def device_detector_fixtures() -> list[Row]:
    import device_detector

    folder = Path(device_detector.__file__).parent / "tests" / "fixtures" / "upstream"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    rows: list[Row] = []
    for path in sorted(folder.glob("*.yml")):
        for entry in yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or []:
            if path.name == "bots.yml":
                label = "bot"
            else:
                dtype = str((entry.get("device") or {}).get("type") or "")
                label = DD_TYPES.get(dtype, "unknown")
            hints = {str(k): str(v) for k, v in (entry.get("headers") or {}).items()}
            rows.append(("device-detector", label, str(entry["user_agent"]), hints))
    return rows


def crawler_list_instances() -> list[Row]:
    import crawleruseragents

    path = Path(crawleruseragents.__file__).parent / "crawler-user-agents.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return [("crawler-user-agents", "bot", a, {}) for p in data for a in p.get("instances", [])]


# ---- the candidates: (is it a bot?, which kind?) ----


def ua_parser_before(agent: str, hints: dict) -> str:
    """Tailor's ua-parser mapping before this measurement (kept here as the baseline)."""
    from ua_parser import parse

    found = parse(agent)
    family = getattr(found.device, "family", None) or ""
    browser = getattr(found.user_agent, "family", None)
    os = getattr(found.os, "family", None)
    if family == "Spider":
        return "unknown" if browser in ("Python-urllib", "Java") else "bot"
    if family == "iPad" or "Tablet" in family or family.startswith("Kindle"):
        return "tablet"
    if os == "Android" and "Mobile" not in agent:
        return "tablet"
    if os in {"iOS", "Android", "Windows Phone", "BlackBerry OS", "Symbian OS", "KaiOS"}:
        return "mobile"
    if os in {"Windows", "Mac OS X", "Linux", "Ubuntu", "Fedora", "Chrome OS", "FreeBSD"}:
        return "desktop"
    return "unknown"


def crawler_list_alone(agent: str, hints: dict) -> str:
    import crawleruseragents

    return "bot" if crawleruseragents.is_crawler(agent) else "unknown"


def device_detector_alone(agent: str, hints: dict) -> str:
    from device_detector import DeviceDetector

    from personalization.visitor_signals.device import matomo_kind

    if DeviceDetector(agent, check_cache=False).parse().is_bot():
        return "bot"
    return matomo_kind(agent, tuple(sorted(hints.items())))


def kept(agent: str, hints: dict) -> str:
    from personalization.visitor_signals.device import _parse, normalize_hints

    return _parse.__wrapped__(agent[:1024].strip(), normalize_hints(hints)).kind


def kept_bot_only(agent: str, hints: dict) -> str:
    from personalization.visitor_signals.bots import is_bot

    return "bot" if is_bot(agent[:1024].strip()) else "person"


CANDIDATES: dict[str, tuple[Callable[[str, dict], str], Callable[[str, dict], str] | None]] = {
    # name: (the bot question on every agent, the kind on the sample; None: bots only)
    "ua-parser 1.0.2 + builtins (before)": (ua_parser_before, ua_parser_before),
    "crawler-user-agents 1.67 alone": (crawler_list_alone, None),
    "device-detector 6.5.1 alone": (device_detector_alone, device_detector_alone),
    "kept: bot rules + crawler list, hints, device-detector type": (kept_bot_only, kept),
}


def measure(name, bot_of, kind_of, rows, stride, misses) -> dict:
    people = [r for r in rows if r[1] != "bot"]
    bots = {
        s: [r for r in rows if r[1] == "bot" and r[0] == s]
        for s in ("device-detector", "crawler-user-agents")
    }
    every_person = people
    if "alone" in name and "device-detector" in name:
        # a full parse per agent: the bot questions on the sample too
        bots = {s: v[::stride] for s, v in bots.items()}
        people = people[::stride]
    recall = {s: sum(bot_of(a, h) == "bot" for _s, _l, a, h in v) / len(v) for s, v in bots.items()}
    wrong_bots = [(a, label) for _s, label, a, h in people if bot_of(a, h) == "bot"]
    result = {
        "name": name,
        "recall": recall,
        "people_as_bots": len(wrong_bots) / len(people),
        "people_as_bots_n": (len(wrong_bots), len(people)),
        "kinds": {},
        "misses": wrong_bots if misses else [],
    }
    if kind_of is not None:
        # every desktop (723), every `stride`th phone and tablet
        sample = [r for r in every_person if r[1] == "desktop"] + [
            r for r in every_person if r[1] in ("mobile", "tablet")
        ][::stride]
        times = []
        for _s, label, agent, hints in sample:
            start = time.perf_counter()
            got = kind_of(agent, hints)
            times.append((time.perf_counter() - start) * 1e3)
            right, total = result["kinds"].get(label, (0, 0))
            result["kinds"][label] = (right + (got == label), total + 1)
            if misses and got != label:
                result["misses"].append((agent, f"{label} -> {got}"))
        times.sort()
        result["p50"] = statistics.median(times)
        result["p99"] = times[min(len(times) - 1, int(len(times) * 0.99))]
    return result


def cached_timing() -> tuple[float, float]:
    """parse_device on agents already parsed (the cache answers): p50 µs and its hit rate."""
    from personalization.visitor_signals.device import cache_clear, cache_info, parse_device

    agents = [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        f"Chrome/{120 + i % 20}.0.0.0 Safari/537.36"
        for i in range(20)
    ]
    hints = {"Sec-CH-UA-Mobile": "?0", "Sec-CH-UA-Platform": '"Windows"'}
    cache_clear()
    for agent in agents:
        parse_device(agent, hints)
    times = []
    for _ in range(50):
        for agent in agents:
            start = time.perf_counter()
            parse_device(agent, hints)
            times.append((time.perf_counter() - start) * 1e6)
    info = cache_info()
    return statistics.median(times), info.hits / (info.hits + info.misses)


def table(results: list[dict]) -> str:
    lines = [
        "| candidate | bot recall: device-detector bots | crawler-user-agents | people taken for bots "
        "| mobile | tablet | desktop | cold parse p50 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        wrong, total = r["people_as_bots_n"]
        kinds = " | ".join(
            f"{r['kinds'][k][0] / r['kinds'][k][1]:.3f} ({r['kinds'][k][1]})"
            if k in r["kinds"]
            else "–"
            for k in KINDS
        )
        timing = f"{r['p50']:.2f} | {r['p99']:.2f}" if "p50" in r else "– | –"
        lines.append(
            f"| {r['name']} | {r['recall']['device-detector']:.3f} | "
            f"{r['recall']['crawler-user-agents']:.3f} | {100 * wrong / total:.2f}% ({wrong}/{total}) | "
            f"{kinds} | {timing} |"
        )
    return "\n".join(lines)


FIXTURE = ROOT / "tests" / "visitor_signals" / "data" / "public_agents.tsv"


def write_fixture(rows: list[Row]) -> None:
    """The pinned sample of tests/visitor_signals/test_device_public_lists.py: every Nth agent
    of each list (200 bots of each, 40 phones, 40 tablets, 20 desktops, 20 of the others)."""
    picks = []
    for source, label, count in (
        ("device-detector", "bot", 200),
        ("crawler-user-agents", "bot", 200),
        ("device-detector", "mobile", 40),
        ("device-detector", "tablet", 40),
        ("device-detector", "desktop", 20),
        ("device-detector", "unknown", 20),
    ):
        some = [r for r in rows if r[0] == source and r[1] == label]
        picks += some[:: max(1, len(some) // count)][:count]
    lines = [
        "# list\tlabel\tuser agent\tclient hints (JSON); written by bench/bench_devices.py --write-fixture"
    ]
    for source, label, agent, hints in picks:
        clean = agent.replace("\t", " ").replace("\n", " ")
        lines.append(f"{source}\t{label}\t{clean}\t{json.dumps(hints) if hints else ''}")
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(picks)} agents written to {FIXTURE.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stride", type=int, default=20, help="kind measured on every Nth device")
    parser.add_argument("--only", help="measure only the candidates whose name contains this")
    parser.add_argument("--misses", action="store_true", help="list every wrong answer")
    parser.add_argument("--write-fixture", action="store_true", help="write the tests' sample")
    args = parser.parse_args()
    rows = device_detector_fixtures() + crawler_list_instances()
    if args.write_fixture:
        write_fixture(rows)
        return
    counts = {
        k: sum(r[1] == k for r in rows) for k in ("mobile", "tablet", "desktop", "unknown", "bot")
    }
    print(f"{len(rows)} labelled agents: {counts}; kinds on every {args.stride}th device\n")
    results = []
    for name, (bot_of, kind_of) in CANDIDATES.items():
        if args.only and args.only not in name:
            continue
        results.append(measure(name, bot_of, kind_of, rows, args.stride, args.misses))
        print(table(results[-1:]).splitlines()[-1], flush=True)
    print()
    print(table(results))
    p50, hit_rate = cached_timing()
    print(f"\ncached parse_device p50: {p50:.1f} µs (hit rate in this loop {hit_rate:.0%})")
    for r in results:
        if r["misses"]:
            print(f"\n{r['name']}: {len(r['misses'])} wrong")
            for agent, what in r["misses"]:
                print(f"  {what}: {agent[:160]}")


if __name__ == "__main__":
    main()
