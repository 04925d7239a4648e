"""Bandits: `allocation: bandit` on every arm of an A/B test makes its weights follow the results.

Thompson sampling over the experiment's goal (the first goal): each arm's weight is the
posterior probability that it has the best conversion rate, under Beta(1 + conversions,
1 + non-conversions) posteriors, estimated from 20,000 draws with a fixed seed; every arm keeps
at least MIN_SHARE so that no arm starves. The weights are recomputed from the daily
aggregates by `rollup_events` at most once an hour (RECOMPUTE_EVERY) and cached for delivery.
Trade-offs (docs/experiments.md): more visitors see the better arm sooner, but the arms' shares
change over time, so fixed-horizon p-values and the sample-ratio check do not apply.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Sum

MIN_SHARE = 0.05
DRAWS = 20_000
RECOMPUTE_EVERY = timedelta(hours=1)
CACHE_SECONDS = 600


def thompson_weights(
    arms: Sequence[tuple[int, int]],
    *,
    min_share: float = MIN_SHARE,
    draws: int = DRAWS,
    seed: int = 0,
) -> list[float]:
    """Shares (summing to 1) for arms given as (conversions, exposures)."""
    import numpy as np

    if not arms:
        return []
    rng = np.random.default_rng(seed)
    samples = np.column_stack([rng.beta(1 + x, 1 + max(0, n - x), draws) for x, n in arms])
    wins = np.bincount(samples.argmax(axis=1), minlength=len(arms)) / draws
    floor = min(min_share, 1 / len(arms))
    shares = floor + (1 - floor * len(arms)) * wins
    return [float(s) for s in shares / shares.sum()]


def _key(page_id: int) -> str:
    return f"tailor:bandit:{page_id}"


def cached_weights(page_id: int) -> dict[str, float]:
    """Variant id -> weight of the page's bandit arms (empty before the first recompute)."""
    weights = cache.get(_key(page_id))
    if weights is None:
        from .models import BanditWeights

        weights = {}
        for row in BanditWeights.objects.filter(
            experiment__startswith=f"page:{page_id}:"
        ).values_list("weights", flat=True):
            weights.update(row)
        cache.set(_key(page_id), weights, CACHE_SECONDS)
    return weights


def recompute(now: datetime, goals) -> int:
    """New weights for every bandit experiment whose weights are older than RECOMPUTE_EVERY."""
    from .definitions import live_experiments
    from .models import ArmDay, BanditWeights

    bandits = [e for e in live_experiments() if e.bandit]
    if not bandits or not goals:
        return 0
    goal = goals[0].slug
    fresh = set(
        BanditWeights.objects.filter(
            experiment__in=[e.id for e in bandits], goal=goal, computed_at__gt=now - RECOMPUTE_EVERY
        ).values_list("experiment", flat=True)
    )
    due = [e for e in bandits if e.id not in fresh]
    if not due:
        return 0
    totals = {
        (r["experiment"], r["arm"]): (r["c"] or 0, r["n"] or 0)
        for r in ArmDay.objects.filter(experiment__in=[e.id for e in due], goal=goal, dimension="")
        .values("experiment", "arm")
        .annotate(c=Sum("conversions"), n=Sum("exposures"))
        .order_by()
    }
    for experiment in due:
        arms = [a for a in experiment.arms if a.variant_id]
        seed = int.from_bytes(
            hashlib.sha256(f"{experiment.id}{now:%Y%m%d%H}".encode()).digest()[:4], "big"
        )
        shares = thompson_weights(
            [totals.get((experiment.id, a.arm), (0, 0)) for a in arms], seed=seed
        )
        weights = {a.variant_id: round(s * 1000, 3) for a, s in zip(arms, shares, strict=True)}
        BanditWeights.objects.update_or_create(
            experiment=experiment.id,
            defaults={"goal": goal, "weights": weights, "computed_at": now},
        )
        cache.delete(_key(experiment.page_id))
    return len(due)
