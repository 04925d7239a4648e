"""Conditions over the visitor's history and traits: counts in a window of days (`visit_count`,
`page_views` with `within_days`), `visited` a path or tag, `event` counts and sums (with
`where` on properties) and `trait` tests (site-format.md). Each becomes a Leaf whose value is
read from the visitor's history; without history (no consent) the value is None and the test
is False."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from .fields import INT
from .nodes import Leaf, op_words, show, span_words, times
from .predicates import predicate, split_test
from .state import EvalState
from .traits import trait_predicate
from .validate import normalize


def windowed_count(signal: str, test: dict) -> Leaf:
    """{visit_count: {gte: 3, within_days: 30}}: the count over the last N days' history."""
    days = test["within_days"]
    rest = {k: v for k, v in test.items() if k != "within_days"}
    op, raw = split_test(rest)
    values = [normalize(INT, v) for v in raw]
    attr = "visits" if signal == "visit_count" else "page_views"

    def get(s: EvalState) -> int | None:
        return getattr(s.window(days), attr) if s.hist is not None else None

    label = f"{signal} {span_words(days)}"
    return Leaf(label, get, predicate(INT, op, values), f"{label} {op_words(op, values)}")


def visited(test: dict) -> Leaf:
    minimum = test.get("min", 1)
    within = test.get("within_days")
    if "path" in test:
        key, what, lookup = str(test["path"]).lower(), "path", "path_views"
    else:
        key, what, lookup = str(test["tag"]).lower(), "tag", "tag_views"

    def get(s: EvalState) -> int | None:
        if s.hist is None:
            return None
        if within is not None:
            return getattr(s.window(within), what + "s").get(key, 0)
        return getattr(s, lookup)().get(key, 0)

    label = f"visited {key}" if what == "path" else f"viewed pages tagged {key}"
    span = f" {span_words(within)}" if within is not None else ""
    return Leaf(
        label,
        get,
        lambda n: n >= minimum,
        f"{label} at least {times(minimum)}{span}",
        fmt=lambda n: f"{label} {times(n)}{span}",
        note=f"needs {minimum}",
    )


def event(test: dict) -> Leaf:
    """`{event: {type, min?, within_days?, where?}}` counts matching events; with `sum` (a
    property, `value` for the event's value) and `gte` / `lte` it adds that property up."""
    kind = str(test["type"]).lower()
    within = test.get("within_days")
    window = timedelta(days=within) if within is not None else None
    where = {str(k): _property_key(v) for k, v in (test.get("where") or {}).items()}
    total = test.get("sum")

    def matching(s: EvalState) -> list:
        events = s.events_of(kind)
        since = s.now - window if window is not None else None
        return [
            e
            for e in events
            if (since is None or e.at >= since)
            and all(_property_key(_property(e, k)) == v for k, v in where.items())
        ]

    span = f" in the last {within} day{'s' if within != 1 else ''}" if within is not None else ""
    filt = (
        (" with " + ", ".join(f"{k} {show(v)}" for k, v in test["where"].items())) if where else ""
    )
    label = f"event {kind}{filt}"
    if total is None:
        minimum = test.get("min", 1)

        def count(s: EvalState) -> int | None:
            return None if s.hist is None else len(matching(s))

        return Leaf(
            label,
            count,
            lambda n: n >= minimum,
            f"{label} at least {times(minimum)}{span}",
            fmt=lambda n: f"{label} happened {times(n)}{span}",
            note=f"needs {minimum}",
        )
    prop = str(total)

    def add(s: EvalState) -> float | None:
        if s.hist is None:
            return None
        return sum(x for x in (_number(_property(e, prop)) for e in matching(s)) if x is not None)

    low, high = test.get("gte"), test.get("lte")
    pred = lambda n: (low is None or n >= low) and (high is None or n <= high)  # noqa: E731
    bounds = " and ".join(
        b
        for b in (
            f"at least {show(low)}" if low is not None else "",
            f"at most {show(high)}" if high is not None else "",
        )
        if b
    )
    sum_label = f"sum of {prop} over {label}"
    return Leaf(
        sum_label,
        add,
        pred,
        f"{sum_label} {bounds}{span}",
        fmt=lambda n: f"{sum_label} is {show(_round(n))}{span}",
        note=f"needs {bounds}",
    )


def _property(event: Any, name: str) -> Any:
    """An event's property; `value` is the event's own value (site-format.md)."""
    if name == "value":
        return event.value
    return (event.properties or {}).get(name)


def _property_key(value: Any) -> Any:
    """Property values compare like other text, ignoring case; numbers as numbers."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return float(value)
    return str(value).strip().lower()


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None


def _round(n: float) -> Any:
    return int(n) if float(n).is_integer() else round(n, 2)


def trait(test: dict) -> Leaf:
    name, op, shown, pred = trait_predicate(test)

    def get(s: EvalState) -> Any:
        hist = s.hist
        return hist.traits.get(name) if hist is not None else None

    label = f"trait {name}"
    words = "is" if op == "equals" else op.replace("_", " ")
    rule = f"{label} {words} {show(shown) if op != 'between' else 'between ' + ' and '.join(map(show, shown))}"
    return Leaf(label, get, pred, rule.replace("between between", "between"))
