"""Bandits: Thompson-sampling weights from the aggregates, at most hourly, a minimum share per
arm, and delivery following them."""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from cms.pages.models import PageVariant
from personalization.experiments.bandit import MIN_SHARE, thompson_weights
from personalization.experiments.models import BanditWeights, Exposure
from personalization.experiments.rollup import rollup
from personalization.profiles import store
from personalization.profiles.models import Event

from .conftest import consent, title


def test_thompson_sampling_favours_the_better_arm_but_starves_none():
    weights = thompson_weights([(50, 1000), (120, 1000)], seed=3)
    assert sum(weights) == pytest.approx(1)
    assert weights[1] > 0.9 and weights[0] >= MIN_SHARE - 1e-9
    even = thompson_weights([(0, 0), (0, 0)], seed=3)
    assert even == pytest.approx([0.5, 0.5], abs=0.02)


@pytest.mark.usefixtures("lab")
def test_weights_follow_the_results_at_most_hourly_and_delivery_uses_them(graphql):
    slow, fast = [
        f"page:{p}:{k}"
        for p, k in PageVariant.objects.filter(page__url_path__endswith="/bandit/")
        .order_by("sort_order")
        .values_list("page_id", "key")
    ]
    now = timezone.now()
    for i in range(400):
        vid, _ = store.set_consent(
            None, personalization=True, analytics=True, now=now - timedelta(hours=2)
        )
        pk = store.resolve(vid).pk
        arm = fast if i % 2 else slow
        Exposure.objects.create(
            experiment=slow, arm=arm, visitor_id=pk, at=now - timedelta(hours=2)
        )
        if (arm == fast and i % 10 < 6) or (arm == slow and i % 10 == 0):
            Event.objects.create(visitor_id=pk, type="booking", at=now - timedelta(hours=1))
    assert rollup(now).bandits == 1
    weights = BanditWeights.objects.get(experiment=slow)
    assert weights.weights[fast] > 10 * weights.weights[slow]
    assert rollup(now + timedelta(minutes=30)).bandits == 0, "not again within the hour"
    assert rollup(now + timedelta(minutes=61)).bandits == 1
    served = Counter(title(graphql, "/bandit/", consent(graphql)) for _ in range(20))
    assert served["Fast"] >= 15
