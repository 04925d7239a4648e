"""Local hour, weekday and date in the visitor's zone, the site's zone as fallback."""

from __future__ import annotations

from datetime import UTC, date, datetime

from personalization.engine.clock import local_time

NOW = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)  # Monday 23:30 UTC


def test_visitor_zone():
    t = local_time(NOW, "Europe/Stockholm", "UTC")
    assert (t.hour, t.weekday, t.date, t.timezone) == (
        0,
        "tue",
        date(2026, 11, 24),
        "Europe/Stockholm",
    )


def test_site_zone_when_the_visitor_has_none_or_an_unknown_one():
    assert local_time(NOW, None, "America/New_York").hour == 18
    assert local_time(NOW, "Nowhere/Atlantis", "Asia/Tokyo").timezone == "Asia/Tokyo"
    assert local_time(NOW, "../etc/passwd", "Asia/Tokyo").hour == 8


def test_utc_when_nothing_is_known():
    t = local_time(NOW, "bad", "also bad")
    assert (t.hour, t.weekday, t.timezone) == (23, "mon", "UTC")


def test_naive_now_is_taken_as_utc():
    assert local_time(NOW.replace(tzinfo=None), "Europe/Stockholm").hour == 0


def test_daylight_saving_is_respected():
    summer = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert local_time(summer, "Europe/Stockholm").hour == 14
    assert local_time(NOW.replace(hour=12), "Europe/Stockholm").hour == 13
