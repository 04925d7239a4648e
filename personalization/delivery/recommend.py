"""Recommendations: live pages the visitor has not seen, ranked by five signals. Pure scoring over
plain rows (no ORM): the same functions serve the API and the offline evaluation (bench/).

Signals, each scaled to 0..1 and weighted (`WEIGHTS`):
- co-views: visitors who read a page the visitor read (or the current page) also read this one
  (cosine of the two pages' reader sets, precomputed by `co_views`);
- tags: the share of the visitor's tag views that this page's tags carry;
- persona fit: the page's `persona_affinity` points for the visitor's persona (relative to the
  best page for that persona), or a variant written for that persona;
- stage fit: a variant written for the visitor's journey stage;
- freshness: halves every FRESH_HALF_LIFE_DAYS since the page was first published;
plus a small popularity prior, which ranks pages when nothing is known about the visitor.
The reason names the signal that contributed most.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from personalization.engine.context import History

FRESH_HALF_LIFE_DAYS = 30.0
CURRENT_PAGE_WEIGHT = 2.0  # the page being read counts twice among the co-view sources
MAX_PAGES_PER_READER = 50  # co-views: a reader's most recent pages (bounds the pairs)
TOP_CO_VIEWS = 20  # co-viewed pages kept per page


@dataclass(frozen=True)
class Weights:
    co_views: float = 3.0
    tags: float = 1.5
    persona: float = 1.0
    stage: float = 0.5
    fresh: float = 0.3
    popular: float = 0.4


WEIGHTS = Weights()


@dataclass(frozen=True)
class Candidate:
    path: str
    title: str
    tags: tuple[str, ...]
    affinity: Mapping[str, float]
    personas: tuple[str, ...] = ()  # personas its variants target
    stages: tuple[str, ...] = ()  # journey stages its variants target
    published_at: datetime | None = None
    popularity: float = 0.0  # recent views (any scale: it is relative to the best)


@dataclass(frozen=True)
class Recommendation:
    path: str
    title: str
    reason: str
    score: float = 0.0


@dataclass(frozen=True)
class Visitor:
    """What the recommender knows about the reader (all optional)."""

    path_views: Mapping[str, int] = field(default_factory=dict)
    tag_views: Mapping[str, int] = field(default_factory=dict)
    persona: str | None = None
    stage: str | None = None

    @classmethod
    def of(
        cls, history: History | None, persona: str | None = None, stage: str | None = None
    ) -> Visitor:
        if history is None:
            return cls(persona=persona, stage=stage)
        return cls(dict(history.path_views), dict(history.tag_views), persona, stage)


def recommend(
    candidates: Iterable[Candidate],
    *,
    visitor: Visitor,
    current_path: str | None,
    limit: int,
    co_viewed: Mapping[str, Mapping[str, float]] | None = None,
    now: datetime | None = None,
    weights: Weights = WEIGHTS,
) -> list[Recommendation]:
    """The `limit` best candidates the visitor has not seen (nor is reading), best first."""
    pages = list(candidates)
    seen = set(visitor.path_views)
    co = _co_view_scores(visitor, current_path, co_viewed or {})
    total_tags = sum(visitor.tag_views.values())
    best_affinity = (
        max((p.affinity.get(visitor.persona, 0.0) for p in pages), default=0.0)
        if visitor.persona
        else 0
    )
    best_popularity = max((p.popularity for p in pages), default=0.0)
    scored = []
    for i, page in enumerate(pages):
        if page.path == current_path or page.path in seen:
            continue
        parts = {
            "co_views": co.get(page.path, 0.0),
            "tags": sum(visitor.tag_views.get(t, 0) for t in set(page.tags)) / total_tags
            if total_tags
            else 0.0,
            "persona": _persona_fit(page, visitor.persona, best_affinity),
            "stage": 1.0 if visitor.stage and visitor.stage in page.stages else 0.0,
            "fresh": _freshness(page.published_at, now),
            "popular": page.popularity / best_popularity if best_popularity else 0.0,
        }
        contributions = {name: getattr(weights, name) * value for name, value in parts.items()}
        score = sum(contributions.values())
        scored.append((-score, i, page, contributions))
    scored.sort(key=lambda row: (row[0], row[1]))
    return [
        Recommendation(
            page.path, page.title, _reason(page, contributions, visitor, co_viewed or {}), -neg
        )
        for neg, _, page, contributions in scored[:limit]
    ]


def _co_view_scores(
    visitor: Visitor, current_path: str | None, co_viewed: Mapping[str, Mapping[str, float]]
) -> dict[str, float]:
    """Average co-view score of each page over the pages read (the current one counting double)."""
    sources = {path: 1.0 for path in visitor.path_views}
    if current_path:
        sources[current_path] = CURRENT_PAGE_WEIGHT
    total = sum(w for path, w in sources.items() if path in co_viewed)
    scores: dict[str, float] = defaultdict(float)
    if not total:
        return scores
    for path, weight in sources.items():
        for other, score in co_viewed.get(path, {}).items():
            scores[other] += weight * score / total
    return scores


def _persona_fit(page: Candidate, persona: str | None, best_affinity: float) -> float:
    if not persona:
        return 0.0
    points = page.affinity.get(persona, 0.0) / best_affinity if best_affinity > 0 else 0.0
    return min(1.0, max(points, 1.0 if persona in page.personas else 0.0))


def _freshness(published_at: datetime | None, now: datetime | None) -> float:
    if published_at is None or now is None:
        return 0.0
    age = max(0.0, (now - published_at).total_seconds() / 86400)
    return 0.5 ** (age / FRESH_HALF_LIFE_DAYS)


def _reason(
    page: Candidate,
    contributions: Mapping[str, float],
    visitor: Visitor,
    co_viewed: Mapping[str, Mapping[str, float]],
) -> str:
    name = max(contributions, key=lambda k: contributions[k])
    if contributions[name] <= 0:
        return "you have not seen it yet"
    if name == "co_views":
        return "visitors who read what you read also read this"
    if name == "tags":
        shared = sorted(
            (t for t in set(page.tags) if visitor.tag_views.get(t)),
            key=lambda t: (-visitor.tag_views[t], t),
        )
        return f"you read about {', '.join(shared[:2])}"
    if name == "persona":
        return f"written for {visitor.persona} visitors"
    if name == "stage":
        return f"written for visitors at the {visitor.stage} stage"
    if name == "fresh":
        return "new on the site"
    return "popular with other visitors"


def co_views(
    readers: Iterable[tuple[str, str]],
    *,
    top: int = TOP_CO_VIEWS,
    per_reader: int = MAX_PAGES_PER_READER,
) -> dict[str, dict[str, float]]:
    """Page -> {other page: cosine of their reader sets}, from (reader, page) pairs in time order.

    A reader's distinct pages count once each (their last `per_reader`); a page keeps its `top`
    best neighbours. cosine = readers of both / sqrt(readers of one × readers of the other).
    """
    pages_of: dict[str, dict[str, None]] = defaultdict(dict)
    for reader, page in readers:
        pages = pages_of[reader]
        pages.pop(page, None)
        pages[page] = None  # most recent last
    readers_of: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for pages in pages_of.values():
        distinct = list(pages)[-per_reader:]
        readers_of.update(distinct)
        for i, a in enumerate(distinct):
            for b in distinct[i + 1 :]:
                pairs[(a, b) if a < b else (b, a)] += 1
    neighbours: dict[str, dict[str, float]] = defaultdict(dict)
    for (a, b), both in pairs.items():
        score = both / math.sqrt(readers_of[a] * readers_of[b])
        neighbours[a][b] = score
        neighbours[b][a] = score
    return {
        page: dict(sorted(others.items(), key=lambda kv: (-kv[1], kv[0]))[:top])
        for page, others in neighbours.items()
    }


def popular(
    candidates: Iterable[Candidate], *, visitor: Visitor, current_path: str | None, limit: int
) -> list[Recommendation]:
    """The baseline: the most viewed pages the visitor has not seen."""
    ranked = sorted(
        (
            (-p.popularity, i, p)
            for i, p in enumerate(candidates)
            if p.path != current_path and p.path not in visitor.path_views
        ),
        key=lambda r: (r[0], r[1]),
    )
    return [
        Recommendation(p.path, p.title, "popular with other visitors", -neg)
        for neg, _, p in ranked[:limit]
    ]
