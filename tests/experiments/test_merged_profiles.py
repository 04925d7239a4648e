"""When `identify` merges two devices of one person, the person stays one unit: their first
exposure counts (once), the exposures only the other device had are kept, and their conversion
counts once, also for days an earlier rollup already closed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from personalization.experiments.models import Exposure
from personalization.profiles import store
from personalization.profiles.models import Event

from .conftest import by_page, experiments, rollup
from .test_aggregates import split_arms

pytestmark = pytest.mark.usefixtures("lab")


def device(arm: int, at, *, booking: bool = False, experiment=None) -> str:
    """A consenting device exposed to /split/'s arm `arm` at `at` (optionally booking after)."""
    vid, _ = store.set_consent(None, personalization=True, analytics=True, now=at)
    pk = store.resolve(vid).pk
    arms = split_arms()
    Exposure.objects.create(experiment=experiment or arms[0], arm=arms[arm], visitor_id=pk, at=at)
    if booking:
        Event.objects.create(visitor_id=pk, type="booking", at=at + timedelta(minutes=5))
    return vid


def split_totals(graphql):
    arms = by_page(experiments(graphql), "/split/")["arms"]
    return {a["name"]: (a["exposures"], a["conversions"]) for a in arms}


def test_two_devices_merged_count_once_in_the_arm_of_the_first_exposure(graphql):
    now = timezone.now() - timedelta(hours=2)
    phone = device(0, now - timedelta(minutes=30))
    laptop = device(1, now, booking=True)
    store.identify(phone, user_key="ann", now=now)
    store.identify(laptop, user_key="ann", now=now + timedelta(minutes=10))
    rollup()
    assert split_totals(graphql) == {"Left": (1, 1), "Right": (0, 0)}, (
        "one person, first exposed on Left; the laptop's booking converts them once"
    )
    assert Exposure.objects.filter(visitor__isnull=False).count() == 1


def test_an_exposure_only_the_absorbed_device_had_is_kept(graphql):
    now = timezone.now() - timedelta(hours=2)
    phone, _ = store.set_consent(None, personalization=True, analytics=True, now=now)
    store.identify(phone, user_key="bob", now=now)
    laptop = device(1, now, booking=True)
    store.identify(laptop, user_key="bob", now=now + timedelta(minutes=10))
    rollup()
    assert split_totals(graphql) == {"Left": (0, 0), "Right": (1, 1)}
    assert Exposure.objects.get().visitor == store.resolve(phone)


def test_a_merge_after_the_rollup_corrects_days_it_had_closed(graphql):
    long_ago = timezone.now() - timedelta(days=20)
    phone = device(0, long_ago)
    laptop = device(1, long_ago + timedelta(hours=1))
    Event.objects.create(
        visitor=store.resolve(laptop), type="booking", at=long_ago + timedelta(hours=2)
    )
    rollup()
    assert split_totals(graphql) == {"Left": (1, 0), "Right": (1, 1)}, (
        "two devices, not yet known as one"
    )
    rollup()  # a later run recomputes only the last days...
    store.identify(phone, user_key="cy", now=timezone.now())
    store.identify(laptop, user_key="cy", now=timezone.now())
    rollup()  # ...and the days of the merged profile's exposures
    assert split_totals(graphql) == {"Left": (1, 1), "Right": (0, 0)}
