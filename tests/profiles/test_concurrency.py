"""Concurrent page views for one visitor never lose an increment (SQLite and PostgreSQL).

SQLite needs a file-backed test database here, as in production: Django's default in-memory
test database uses SQLite's shared cache, where a busy table fails at once ("database table is
locked") instead of waiting for the writer, so these tests skip on it rather than test that.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from personalization.profiles import store
from personalization.profiles.models import Event, PageView, Visitor

from .helpers import NOW, consented, row_counts, view

THREADS, VIEWS_EACH = 8, 25


@pytest.fixture(autouse=True)
def _real_database(transactional_db):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs a file-backed SQLite test database (DATABASES TEST NAME) or PostgreSQL")


def _run_in_threads(work) -> list[BaseException]:
    """Start THREADS threads together; each runs work(thread_index) on its own connection."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(THREADS)

    def run(index: int) -> None:
        try:
            barrier.wait()
            work(index)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_page_views_all_count():
    visitor_id = consented(NOW)

    def views(index: int) -> None:
        for i in range(VIEWS_EACH):
            at = NOW + timedelta(seconds=index * VIEWS_EACH + i)
            view(
                visitor_id,
                at,
                path="/pricing/",
                tags=["pricing", "api"],
                affinity={"executive": 1.5},
                variant_id="3",
                arm="a",
            )

    assert _run_in_threads(views) == []

    total = THREADS * VIEWS_EACH
    exported = store.export(visitor_id)
    assert exported["page_views"] == total
    assert exported["visit_count"] == 1
    assert exported["path_views"] == {"/pricing/": total}
    assert exported["tag_views"] == {"pricing": total, "api": total}
    assert exported["affinity"] == {"executive": 1.5 * total}
    assert PageView.objects.count() == total


@pytest.mark.django_db(transaction=True)
def test_a_retried_event_racing_itself_is_stored_once():
    visitor_id = consented(NOW)
    results: list[bool] = []

    def track(index: int) -> None:
        results.append(
            store.record_event(visitor_id, type="signup", client_event_id="same", now=NOW)
        )

    assert _run_in_threads(track) == []
    assert sorted(results) == [False] * (THREADS - 1) + [True]
    assert Event.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_devices_identifying_at_once_end_as_one_profile():
    ids = [consented(NOW) for _ in range(THREADS)]
    for visitor_id in ids:
        view(visitor_id, NOW)
        store.record_event(visitor_id, type="signup", now=NOW)

    assert (
        _run_in_threads(lambda index: store.identify(ids[index], user_key="user-1", now=NOW)) == []
    )

    survivor = Visitor.objects.get()
    assert {store.resolve(i).pk for i in ids} == {survivor.pk}
    assert (survivor.page_views, Event.objects.count()) == (THREADS, THREADS)


@pytest.mark.django_db(transaction=True)
def test_forgetting_during_page_views_leaves_nothing_behind():
    visitor_id = consented(NOW)

    def work(index: int) -> None:
        for i in range(VIEWS_EACH):
            if index == 0 and i == VIEWS_EACH // 2:
                store.forget(visitor_id)
            view(
                visitor_id,
                NOW + timedelta(seconds=i),
                tags=["api"],
                affinity={"developer": 1},
                variant_id="3",
                arm="a",
            )
            store.record_event(visitor_id, type="click", now=NOW)

    assert _run_in_threads(work) == []
    assert set(row_counts().values()) == {0}
