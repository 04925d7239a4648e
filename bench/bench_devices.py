"""Device detection: accuracy and parse time of three libraries on a labelled corpus.

The corpus is bench/data/user_agents.tsv (kind, what, user agent): phones, tablets, desktops,
crawlers, TVs and consoles, HTTP client libraries. Each library's answer is mapped to Tailor's
Device.kind (mobile | tablet | desktop | bot | unknown) and compared with the label.

- user-agents 2.2 (on ua-parser's rules): its is_bot/is_tablet/is_mobile/is_pc heuristics;
- ua-parser 1.0 with ua-parser-builtins (the current uap-core rules): it names the device family
  ("iPhone", "iPad", "Spider", "SM-X710") but not its kind; the row is Tailor's own parse_device
  (personalization/visitor_signals/device.py: a dozen lines map family and OS to a kind);
- device-detector (Matomo's rules): a device type (smartphone, tablet, desktop, tv, console...)
  and bot detection.

Time is one cold parse (no cache) per agent, after a warm-up that loads each library's rules.
device-detector is not a dependency (user-agents comes with wagtail-personalisation): `uv pip install
device-detector` to compare it again; a library that is not installed is left out.
Run from the project root:  .venv/bin/python bench/bench_devices.py [--rounds 3] [--misses]
The table goes in docs/devices.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "data" / "user_agents.tsv"
sys.path.insert(0, str(ROOT))

HTTP_LIBRARIES = frozenset(
    {"Python-urllib", "Java"}
)  # as personalization/visitor_signals/device.py


def load_corpus(path: Path = CORPUS) -> list[tuple[str, str, str]]:
    """(kind, what, agent) rows, comments skipped."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, what, agent = line.split("\t")
            rows.append((kind, what, agent))
    return rows


def kind_user_agents(agent: str) -> str:
    from user_agents import parse

    ua = parse(agent)
    if ua.is_bot and ua.browser.family not in HTTP_LIBRARIES:
        return "bot"
    if ua.is_tablet:
        return "tablet"
    if ua.is_mobile:
        return "mobile"
    if ua.is_pc:
        return "desktop"
    return "unknown"


def kind_ua_parser(agent: str) -> str:
    """Tailor's own parse (personalization/visitor_signals/device.py), without its cache."""
    from personalization.visitor_signals.device import _parse

    return _parse.__wrapped__(agent).kind


DD_DESKTOP_OS = {"Windows", "Mac", "GNU/Linux", "Ubuntu", "Fedora", "Chrome OS", "FreeBSD"}
DD_KINDS = {
    "smartphone": "mobile",
    "feature phone": "mobile",
    "phablet": "mobile",
    "tablet": "tablet",
    "desktop": "desktop",
}


def kind_device_detector(agent: str) -> str:
    from device_detector import DeviceDetector

    found = DeviceDetector(agent).parse()
    if found.is_bot():
        return "bot"
    if found.client_type() == "library":  # curl, axios, Wget: a script, not a device
        return "unknown"
    dtype = found.device_type()
    dtype = str(getattr(dtype, "value", dtype) or "").lower()  # an enum, or a plain string
    kind = DD_KINDS.get(dtype)
    if kind is None and not dtype and found.os_name() in DD_DESKTOP_OS:
        kind = "desktop"  # the PHP original's isDesktop(): no device, a desktop OS
    return kind or "unknown"


LIBRARIES: dict[str, Callable[[str], str]] = {
    "user-agents 2.2.0": kind_user_agents,
    "ua-parser 1.0.2 + builtins 202610 (kept)": kind_ua_parser,
    "device-detector 6.5.1": kind_device_detector,
}
KINDS = ("mobile", "tablet", "desktop", "bot", "unknown")


def measure(name: str, kind_of: Callable[[str], str], rows, rounds: int) -> dict:
    for n, (_kind, _what, agent) in enumerate(rows[:5]):  # load the rules
        kind_of(agent + f" warm{n}")
    answers = {agent: kind_of(agent) for _kind, _what, agent in rows}
    times = []
    for round_ in range(rounds):
        for _kind, _what, agent in rows:
            probe = f"{agent} r{round_}"  # a fresh string, so no library cache answers it
            start = time.perf_counter()
            kind_of(probe)
            times.append((time.perf_counter() - start) * 1e3)
    per_kind = {k: [answers[a] == k for kk, _w, a in rows if kk == k] for k in KINDS}
    misses = [(k, w, answers[a]) for k, w, a in rows if answers[a] != k]
    times.sort()
    return {
        "name": name,
        "right": sum(answers[a] == k for k, _w, a in rows),
        "total": len(rows),
        "per_kind": {k: (sum(v), len(v)) for k, v in per_kind.items()},
        "p50": statistics.median(times),
        "p99": times[min(len(times) - 1, int(len(times) * 0.99))],
        "misses": misses,
    }


def table(results: list[dict]) -> str:
    head = (
        "| library | right | " + " | ".join(KINDS) + " | cold parse p50 ms | p99 ms |\n"
        "| --- | ---: | " + " | ".join("---:" for _ in KINDS) + " | ---: | ---: |"
    )
    lines = [head]
    for r in results:
        kinds = " | ".join(f"{r['per_kind'][k][0]}/{r['per_kind'][k][1]}" for k in KINDS)
        lines.append(
            f"| {r['name']} | {r['right']}/{r['total']} ({100 * r['right'] / r['total']:.0f}%) | "
            f"{kinds} | {r['p50']:.2f} | {r['p99']:.2f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--misses", action="store_true", help="list every wrong answer")
    args = parser.parse_args()
    rows = load_corpus()
    results = []
    for name, kind_of in LIBRARIES.items():
        try:
            results.append(measure(name, kind_of, rows, args.rounds))
        except ImportError as exc:
            print(f"{name}: not installed ({exc.name}), left out")
    print(f"{len(rows)} labelled agents ({CORPUS.relative_to(ROOT)}), {args.rounds} cold rounds\n")
    print(table(results))
    if args.misses:
        for r in results:
            print(f"\n{r['name']}: {len(r['misses'])} wrong")
            for kind, what, got in r["misses"]:
                print(f"  {what}: {got} (is {kind})")


if __name__ == "__main__":
    main()
