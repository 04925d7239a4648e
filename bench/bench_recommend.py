"""Offline evaluation of the recommender on a seeded synthetic click stream: hit rate at 3.

The stream: pages belong to topics (their tags) and form reading paths inside a topic (part 1,
part 2, ...); each reader has a persona that prefers two topics, and the pages of those topics
carry `persona_affinity` points for it. A reader's next page is the next part of what they are
reading (half the time), a page of a preferred topic (chosen by popularity), or a page popular
with everyone. Readers are split: the first 80% build the co-views and popularity (what the
`compute_recommendations` command builds from the page view log); for each remaining reader,
every page but the last is their history, and a hit is the last page among the 3 recommended.

    .venv/bin/python bench/bench_recommend.py          # also part of `make bench`
"""

from __future__ import annotations

import random
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from personalization.delivery.recommend import Candidate, Visitor, co_views, popular, recommend  # noqa: E402

NOW = datetime(2026, 12, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Stream:
    pages: list[Candidate]
    personas: dict[str, str]  # reader -> persona
    clicks: list[tuple[str, str]]  # (reader, path) in time order


def synthetic_stream(
    seed: int = 7,
    *,
    readers: int = 1500,
    topics: int = 6,
    parts: int = 5,
    chains_per_topic: int = 2,
) -> Stream:
    rng = random.Random(seed)
    topic_names = [f"topic-{i}" for i in range(topics)]
    personas = {
        f"persona-{i}": (topic_names[i % topics], topic_names[(i + 1) % topics]) for i in range(3)
    }
    pages: list[Candidate] = []
    chains: dict[str, list[list[str]]] = {t: [] for t in topic_names}
    for topic in topic_names:
        for c in range(chains_per_topic):
            chain = [f"/{topic}/{c}/part-{p}/" for p in range(parts)]
            chains[topic].append(chain)
            for path in chain:
                affinity = {slug: 3.0 for slug, liked in personas.items() if topic in liked}
                pages.append(
                    Candidate(
                        path=path,
                        title=path,
                        tags=(topic,),
                        affinity=affinity,
                        published_at=NOW - timedelta(days=rng.randint(0, 365)),
                    )
                )
    weight = {p.path: 1.0 / (1 + i) ** 0.8 for i, p in enumerate(rng.sample(pages, len(pages)))}
    by_topic = {t: [p.path for p in pages if t in p.tags] for t in topic_names}
    everything = [p.path for p in pages]
    reader_persona: dict[str, str] = {}
    clicks: list[tuple[str, str]] = []
    for r in range(readers):
        reader = f"r{r}"
        persona = rng.choice(sorted(personas))
        reader_persona[reader] = persona
        liked = personas[persona]
        path = rng.choice(chains[rng.choice(liked)])[0]
        seen = [path]
        for _ in range(rng.randint(2, 7)):
            topic, chain, part = _position(path)
            roll = rng.random()
            if roll < 0.5 and part + 1 < parts:
                path = chains[topic][chain][part + 1]
            elif roll < 0.85:
                options = by_topic[rng.choice(liked)]
                path = rng.choices(options, [weight[p] for p in options])[0]
            else:
                path = rng.choices(everything, [weight[p] for p in everything])[0]
            if path not in seen:
                seen.append(path)
        clicks.extend((reader, p) for p in seen)
    return Stream(pages, reader_persona, clicks)


def _position(path: str) -> tuple[str, int, int]:
    _, topic, chain, part, _ = path.split("/")
    return topic, int(chain), int(part.split("-")[1])


def evaluate(stream: Stream, *, train_share: float = 0.8, k: int = 3) -> dict[str, float]:
    """Hit rate at k of the recommender and of the popularity baseline."""
    readers = list(dict.fromkeys(r for r, _ in stream.clicks))
    cut = int(len(readers) * train_share)
    train, test = set(readers[:cut]), readers[cut:]
    train_clicks = [(r, p) for r, p in stream.clicks if r in train]
    neighbours = co_views(train_clicks)
    views = Counter(p for _, p in train_clicks)
    pages = [
        Candidate(
            p.path, p.title, p.tags, p.affinity, p.personas, p.stages, p.published_at, views[p.path]
        )
        for p in stream.pages
    ]
    tags_of = {p.path: p.tags for p in pages}
    paths_of: dict[str, list[str]] = {}
    for r, p in stream.clicks:
        paths_of.setdefault(r, []).append(p)
    hits = Counter()
    cases = 0
    for reader in test:
        history, target = paths_of[reader][:-1], paths_of[reader][-1]
        if not history:
            continue
        cases += 1
        tag_views = Counter(t for p in history for t in tags_of[p])
        visitor = Visitor(
            path_views=Counter(history), tag_views=tag_views, persona=stream.personas[reader]
        )
        ours = recommend(
            pages, visitor=visitor, current_path=history[-1], limit=k, co_viewed=neighbours, now=NOW
        )
        base = popular(pages, visitor=visitor, current_path=history[-1], limit=k)
        hits["recommender"] += target in {r.path for r in ours}
        hits["popularity"] += target in {r.path for r in base}
    return {name: hits[name] / cases for name in ("recommender", "popularity")} | {"cases": cases}


def main() -> None:
    stream = synthetic_stream()
    result = evaluate(stream)
    print(
        f"Synthetic click stream: {len(stream.pages)} pages, {len(stream.personas)} readers, "
        f"{len(stream.clicks)} page views (seed 7; 80% train, 20% test: {result['cases']} cases)"
    )
    print()
    print("| ranking | hit rate at 3 |")
    print("| --- | ---: |")
    print(
        f"| recommender (co-views, tags, persona, stage, freshness) | {result['recommender']:.3f} |"
    )
    print(f"| popularity baseline | {result['popularity']:.3f} |")


if __name__ == "__main__":
    main()
