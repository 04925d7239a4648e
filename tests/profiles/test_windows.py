"""`within_days` on history counts (visited, page_views, visit_count) and affinity that fades,
answered from the same three-query profile read (daily counts, UTC days)."""

from datetime import timedelta

import pytest
from django.test import override_settings

from personalization.engine import compile_ruleset, decide
from personalization.engine.conditions import compile_condition
from personalization.engine.context import VisitorContext
from personalization.engine.ruleset import PersonaDef, RuleSet
from personalization.engine.state import EvalState
from personalization.profiles import store

from .helpers import view

pytestmark = pytest.mark.django_db
HISTORY_QUERIES = 1  # tests/profiles/test_query_counts.py: a window costs no extra query


class _NoRefs:
    segment_tests: dict = {}


def holds(cond, history, now):
    state = EvalState(VisitorContext(now=now, history=history), _NoRefs())
    return compile_condition(cond).test(state)


def visit_on_days(visitor_id, now, days_ago, path="/pricing/", tags=("pricing",)):
    """One visit (one page view) on each of the given days before `now`, oldest first."""
    for n in sorted(days_ago, reverse=True):
        view(visitor_id, now - timedelta(days=n), path=path, tags=tags)


@pytest.mark.parametrize("window, expected", [(0, 1), (6, 1), (7, 2), (8, 3)])
def test_a_window_counts_today_and_exactly_n_days_back_but_not_n_plus_1(
    visitor_id, now, window, expected
):
    visit_on_days(visitor_id, now, [0, 7, 8])
    history = store.load_history(visitor_id, now=now + timedelta(minutes=1), window_days=window)
    later = now + timedelta(minutes=1)
    assert holds(
        {"visited": {"path": "/pricing/", "min": expected, "within_days": window}}, history, later
    )
    assert not holds(
        {"visited": {"path": "/pricing/", "min": expected + 1, "within_days": window}},
        history,
        later,
    )
    assert holds(
        {"visited": {"tag": "pricing", "min": expected, "within_days": window}}, history, later
    )
    assert holds({"page_views": {"gte": expected, "within_days": window}}, history, later)
    assert not holds({"page_views": {"gte": expected + 1, "within_days": window}}, history, later)
    # lifetime counts are unchanged by the window
    assert history.path_views == {"/pricing/": 3} and history.page_views == 3


def test_visit_count_in_a_window_counts_visits_started_there_and_this_one(visitor_id, now):
    visit_on_days(visitor_id, now, [1, 3, 40])
    view(visitor_id, now - timedelta(days=3, minutes=-5), path="/docs/")  # same visit: no new start
    history = store.load_history(visitor_id, now=now, window_days=30)  # this request starts visit 4
    assert history.visit_count == 4
    assert holds({"visit_count": {"gte": 3, "within_days": 30}}, history, now)
    assert not holds({"visit_count": {"gte": 4, "within_days": 30}}, history, now)
    assert holds({"visit_count": {"between": [1, 1], "within_days": 0}}, history, now)
    assert holds({"page_views": {"gte": 3, "within_days": 3}}, history, now)


def test_a_window_reads_no_more_queries(visitor_id, now, django_assert_num_queries):
    visit_on_days(visitor_id, now, range(0, 60, 3))
    with django_assert_num_queries(HISTORY_QUERIES):
        history = store.load_history(visitor_id, now=now, window_days=30)
    assert len(history.days) == 11 and history.days[0].day == now.date()
    without = store.load_history(visitor_id, now=now)
    assert without.days == () and without.page_views == 20


def test_a_window_edge_is_the_utc_day(visitor_id, now):
    midnight = now.replace(hour=0, minute=0)
    view(visitor_id, midnight - timedelta(days=2, seconds=1))  # 3 UTC days before, at 23:59:59
    view(visitor_id, midnight - timedelta(days=2))  # 2 UTC days before, at 00:00
    history = store.load_history(visitor_id, now=now, window_days=2)
    assert holds({"page_views": {"gte": 1, "within_days": 2}}, history, now)
    assert not holds({"page_views": {"gte": 2, "within_days": 2}}, history, now)


def test_merged_profiles_keep_their_days(now):
    laptop = store.set_consent(None, personalization=True, analytics=True, now=now)[0]
    phone = store.set_consent(None, personalization=True, analytics=True, now=now)[0]
    view(laptop, now - timedelta(days=10))
    view(phone, now - timedelta(days=1))
    store.identify(laptop, user_key="u", now=now)
    store.identify(phone, user_key="u", now=now)
    history = store.load_history(phone, now=now, window_days=5)
    assert holds({"visited": {"path": "/pricing/", "min": 1, "within_days": 5}}, history, now)
    assert not holds({"visited": {"path": "/pricing/", "min": 2, "within_days": 5}}, history, now)
    assert history.path_views == {"/pricing/": 2}


@pytest.mark.parametrize("days_ago, score", [(0, 8.0), (90, 4.0), (180, 2.0)])
def test_affinity_points_lose_half_their_weight_every_half_life(visitor_id, now, days_ago, score):
    view(visitor_id, now - timedelta(days=days_ago), affinity={"developer": 8})
    assert store.load_history(visitor_id, now=now).affinity["developer"] == pytest.approx(score)


def test_old_and_new_points_fade_separately(visitor_id, now):
    view(visitor_id, now - timedelta(days=90), affinity={"developer": 4})
    view(visitor_id, now, affinity={"developer": 1})
    assert store.load_history(visitor_id, now=now + timedelta(hours=1)).affinity[
        "developer"
    ] == pytest.approx(3.0)


@override_settings(PERSONALIZATION_AFFINITY_HALF_LIFE_DAYS=0)
def test_a_half_life_of_0_never_fades(visitor_id, now):
    view(visitor_id, now - timedelta(days=3000), affinity={"developer": 8})
    history = store.load_history(visitor_id, now=now)
    assert history.affinity["developer"] == 8.0 and history.affinity_half_life_days is None


def test_very_old_points_count_nothing_without_an_error(visitor_id, now):
    view(visitor_id, now - timedelta(days=365 * 300), affinity={"developer": 8})
    assert store.load_history(visitor_id, now=now).affinity["developer"] == 0.0


def test_the_reason_shows_the_faded_score(visitor_id, now):
    view(visitor_id, now - timedelta(days=90), affinity={"developer": 12})
    history = store.load_history(visitor_id, now=now)
    rules = RuleSet(
        version="t", personas=(PersonaDef(slug="developer", name="Developer", score_threshold=6),)
    )
    decision = decide(VisitorContext(now=now, history=history), compile_ruleset(rules))
    assert decision.persona == "developer"
    assert decision.reasons[0] == (
        "Persona developer: affinity score 6 from the pages viewed, older views "
        "counting less (half-life 90 days) (needs 6)"
    )
    faded = store.load_history(visitor_id, now=now + timedelta(days=1))
    assert decide(VisitorContext(now=now, history=faded), compile_ruleset(rules)).persona is None
