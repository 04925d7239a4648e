"""The recommender's ranking (pure) and its offline evaluation: it must stay better than
recommending the most popular pages."""

from datetime import UTC, datetime, timedelta

import pytest

from bench.bench_recommend import evaluate, synthetic_stream
from personalization.delivery.recommend import Candidate, Visitor, co_views, popular, recommend

NOW = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.mark.parametrize("seed", [7, 11, 23])
def test_the_recommender_beats_the_popularity_baseline_at_hit_rate_3(seed):
    result = evaluate(synthetic_stream(seed, readers=800))
    assert result["cases"] >= 100
    assert result["recommender"] >= result["popularity"] + 0.15, result


def test_co_views_are_the_cosine_of_the_reader_sets():
    readers = [
        ("a", "/x/"),
        ("a", "/y/"),
        ("b", "/x/"),
        ("b", "/y/"),
        ("c", "/x/"),
        ("c", "/z/"),
        ("a", "/x/"),
    ]
    co = co_views(readers)
    assert co["/x/"]["/y/"] == pytest.approx(2 / (3 * 2) ** 0.5)
    assert co["/y/"]["/x/"] == co["/x/"]["/y/"]
    assert co["/z/"] == {"/x/": pytest.approx(1 / 3**0.5)}


def page(path, tags=(), affinity=None, **kw):
    return Candidate(
        path=path, title=path.strip("/").title(), tags=tuple(tags), affinity=affinity or {}, **kw
    )


def test_readers_of_a_page_get_what_its_other_readers_read():
    pages = [page("/a/"), page("/b/"), page("/c/", popularity=100)]
    top = recommend(
        pages, visitor=Visitor(), current_path="/a/", limit=2, co_viewed={"/a/": {"/b/": 0.9}}
    )
    assert [r.path for r in top] == ["/b/", "/c/"]
    assert top[0].reason == "visitors who read what you read also read this"
    assert top[1].reason == "popular with other visitors"


@pytest.mark.parametrize(
    "visitor, reason",
    [
        (Visitor(tag_views={"api": 3}), "you read about api"),
        (Visitor(persona="developer"), "written for developer visitors"),
        (Visitor(stage="buy"), "written for visitors at the buy stage"),
    ],
)
def test_the_reason_names_the_signal_that_counted_most(visitor, reason):
    pages = [
        page("/plain/"),
        page("/fit/", tags=["api"], affinity={"developer": 2}, stages=("buy",)),
    ]
    best = recommend(pages, visitor=visitor, current_path=None, limit=1)[0]
    assert (best.path, best.reason) == ("/fit/", reason)


def test_newer_pages_rank_first_when_nothing_else_differs():
    pages = [
        page("/old/", published_at=NOW - timedelta(days=300)),
        page("/new/", published_at=NOW - timedelta(days=2)),
    ]
    top = recommend(pages, visitor=Visitor(), current_path=None, limit=2, now=NOW)
    assert [r.path for r in top] == ["/new/", "/old/"] and top[0].reason == "new on the site"


def test_seen_pages_and_the_current_page_are_never_recommended():
    pages = [
        page("/seen/", popularity=9),
        page("/here/", popularity=8),
        page("/next/", popularity=1),
    ]
    visitor = Visitor(path_views={"/seen/": 1})
    assert [r.path for r in recommend(pages, visitor=visitor, current_path="/here/", limit=3)] == [
        "/next/"
    ]
    assert [r.path for r in popular(pages, visitor=visitor, current_path="/here/", limit=3)] == [
        "/next/"
    ]
