"""The signal table of site-format.md: for each SIGNAL, what kind of value it is and how to read
it from the evaluation state. Conditions (engine/conditions.py) are built on this table, and the
validator derives its messages from it, so adding a signal is one line here.

A getter returns None when the request lacks the data (no location, history None): a test on
None is false, never an error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from .context import CHANNELS
from .state import EvalState

# Value kinds and the operators each accepts (equality is the bare scalar, "eq" here).
STR, INT, BOOL, DATE, WEEKDAY, MULTI = "text", "number", "boolean", "date", "weekday", "multi"
OPERATORS: dict[str, tuple[str, ...]] = {
    STR: ("eq", "in", "not_in", "contains", "matches"),
    MULTI: ("eq", "in", "not_in", "contains", "matches"),
    INT: ("eq", "in", "not_in", "gte", "lte", "between"),
    DATE: ("eq", "in", "not_in", "gte", "lte", "between"),
    BOOL: ("eq",),
    WEEKDAY: ("eq", "in", "not_in"),
}
# Signals whose TEST is a small mapping of their own, not a scalar or an operator.
SPECIAL_SIGNALS = ("query_param", "visited", "event", "trait")
# Number signals that also take `within_days: N` next to their operator ({gte: 3, within_days: 30}).
WINDOWED_SIGNALS = ("visit_count", "page_views")
REFERENCE_SIGNALS = ("segment", "persona", "stage")
_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Field:
    kind: str
    get: Callable[[EvalState], Any]
    value_range: tuple[int, int] | None = None  # inclusive bounds a number must lie in
    choices: tuple[str, ...] | None = None  # the only values equality / in / not_in accept


def _loc(attr: str) -> Callable[[EvalState], Any]:
    def get(s: EvalState) -> Any:
        loc = s.loc
        return getattr(loc, attr) if loc is not None else None

    return get


def _hist(attr: str) -> Callable[[EvalState], Any]:
    def get(s: EvalState) -> Any:
        hist = s.hist
        return getattr(hist, attr) if hist is not None else None

    return get


def _utm(key: str) -> Callable[[EvalState], Any]:
    def get(s: EvalState) -> Any:
        utm = s.src.utm
        return utm.get(key) or utm.get("utm_" + key) or None

    return get


def _days_since(attr: str) -> Callable[[EvalState], Any]:
    def get(s: EvalState) -> Any:
        hist = s.hist
        when = getattr(hist, attr) if hist is not None else None
        if when is None:
            return None
        return max(0, (s.now - when) // _DAY)

    return get


def _returning(s: EvalState) -> Any:
    return s.hist.visit_count > 1 if s.hist is not None else None


def _interests(s: EvalState) -> Any:
    return s.ctx.declared_interests or None


FIELDS: dict[str, Field] = {
    # location
    "country": Field(STR, _loc("country_code")),
    "region": Field(STR, _loc("region_code")),
    "city": Field(STR, _loc("city")),
    "metro_code": Field(INT, _loc("metro_code")),
    "continent": Field(STR, _loc("continent")),
    "eu": Field(BOOL, _loc("eu")),
    "timezone": Field(STR, _loc("timezone")),
    # device
    "device": Field(STR, lambda s: s.dev.kind),
    "os": Field(STR, lambda s: s.dev.os),
    "browser": Field(STR, lambda s: s.dev.browser),
    # source
    "channel": Field(STR, lambda s: s.src.channel, choices=CHANNELS),
    "utm_source": Field(STR, _utm("source")),
    "utm_medium": Field(STR, _utm("medium")),
    "utm_campaign": Field(STR, _utm("campaign")),
    "utm_term": Field(STR, _utm("term")),
    "utm_content": Field(STR, _utm("content")),
    "referrer_domain": Field(STR, lambda s: s.src.referrer_domain),
    "landing_path": Field(STR, lambda s: s.src.landing_path),
    # history
    "visit_count": Field(INT, _hist("visit_count")),
    "page_views": Field(INT, _hist("page_views")),
    "days_since_first_visit": Field(INT, _days_since("first_seen")),
    "days_since_last_visit": Field(INT, _days_since("last_seen")),
    "returning": Field(BOOL, _returning),
    # time (visitor's zone, site zone when unknown)
    "local_hour": Field(INT, lambda s: s.clock().hour, value_range=(0, 23)),
    "weekday": Field(WEEKDAY, lambda s: s.clock().weekday),
    "date": Field(DATE, lambda s: s.clock().date),
    # identity and zero-party data
    "logged_in": Field(BOOL, lambda s: s.ctx.logged_in),
    "declared_persona": Field(STR, lambda s: s.ctx.declared_persona),
    "declared_interest": Field(MULTI, _interests),
}

ALL_SIGNALS: tuple[str, ...] = tuple(FIELDS) + SPECIAL_SIGNALS + REFERENCE_SIGNALS
