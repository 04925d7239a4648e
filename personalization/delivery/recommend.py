"""Recommendations: live pages the visitor has not seen, ranked by how well their tags and
persona affinity fit the visitor's history and persona. Pure scoring over plain rows."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from personalization.engine.context import History


@dataclass(frozen=True)
class Candidate:
    path: str
    title: str
    tags: tuple[str, ...]
    affinity: dict[str, float]


@dataclass(frozen=True)
class Recommendation:
    path: str
    title: str
    reason: str


def recommend(candidates: Iterable[Candidate], *, history: History | None, persona: str | None,
              current_path: str | None, limit: int) -> list[Recommendation]:
    seen = dict(history.path_views) if history else {}
    tag_views = dict(history.tag_views) if history else {}
    scored = []
    for i, page in enumerate(candidates):
        if page.path == current_path or page.path in seen:
            continue
        persona_points = page.affinity.get(persona, 0.0) if persona else 0.0
        shared = sorted((t for t in page.tags if tag_views.get(t)), key=lambda t: -tag_views[t])
        score = persona_points * 2 + sum(tag_views[t] for t in shared)
        if persona_points:
            reason = f"written for {persona} visitors"
        elif shared:
            reason = f"you read about {', '.join(shared[:2])}"
        else:
            reason = "you have not seen it yet"
        scored.append((-score, i, Recommendation(page.path, page.title, reason)))
    return [r for _, _, r in sorted(scored)[:limit]]
