"""How fresh a figure is, in words, and when the jobs look stopped (admin/freshness.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from personalization.admin.freshness import ago, every, late

NOW = datetime(2026, 12, 8, 12, 0, tzinfo=UTC)


def test_ages_read_as_people_say_them():
    assert ago(NOW - timedelta(seconds=20), NOW) == "just now"
    assert ago(NOW - timedelta(minutes=1), NOW) == "1 minute ago"
    assert ago(NOW - timedelta(minutes=4), NOW) == "4 minutes ago"
    assert ago(NOW - timedelta(hours=3), NOW) == "3 hours ago"
    assert ago(NOW - timedelta(days=3), NOW) == "3 days ago"


def test_intervals_read_as_people_say_them():
    assert every(timedelta(minutes=1)) == "every minute"
    assert every(timedelta(minutes=15)) == "every 15 minutes"
    assert every(timedelta(hours=1)) == "every hour"


def test_figures_are_late_after_two_intervals_and_at_least_an_hour():
    assert not late(None, "rollup", NOW)
    assert not late(NOW - timedelta(minutes=40), "rollup", NOW)
    assert late(NOW - timedelta(minutes=61), "rollup", NOW)
    assert not late(NOW - timedelta(minutes=90), "estimate_audiences", NOW)
    assert late(NOW - timedelta(hours=2, minutes=1), "estimate_audiences", NOW)
