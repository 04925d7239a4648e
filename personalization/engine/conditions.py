"""Site-format conditions compiled once into small node objects.

`compile_condition(cond)` turns the plain dict into a tree whose `test(state)` is a closure
(no dict lookups, no parsing, no regex on the request path) and whose `explain(state)` says why
it held, in words a marketer and a visitor read ("Why am I seeing this?"): the visitor's value,
then the rule when it says more than the value does: "referrer_domain is strava.com (rule:
referrer_domain in [instagram.com, strava.com])", "country is SE", "visited /prices/ 1 time
(needs 1)". Signal names stay as authored so the editor recognises the rule. Explanations are
only built for rules that held, on demand.

String comparisons ignore case: expected values are lower-cased at compile time, actual values
at test time. A test on data the request lacks (getter returns None) is False.
"""

from __future__ import annotations

from typing import Any

from .fields import BOOL, DATE, FIELDS, INT, MULTI, STR, WINDOWED_SIGNALS, Field
from .history_conditions import event, trait, visited, windowed_count
from .nodes import NEVER, AllNode, AnyNode, Leaf, Never, Node, NotNode, SegmentRef, op_words
from .predicates import multi_fmt, pattern_predicate, predicate, split_test
from .validate import normalize, validate_condition

__all__ = [
    "Node",
    "AllNode",
    "AnyNode",
    "NotNode",
    "Never",
    "compile_condition",
    "validate_condition",
    "NEVER",
]


def compile_condition(cond: Any) -> Node:
    """Compile a condition; an invalid one becomes a `Never` node carrying the messages."""
    errors = validate_condition(cond)
    if errors:
        return Never(errors)
    return _compile(cond)


def _compile(cond: dict) -> Node:
    ((key, test),) = cond.items()
    if key == "all":
        return AllNode([_compile(c) for c in test])
    if key == "any":
        return AnyNode([_compile(c) for c in test])
    if key == "not":
        return NotNode(_compile(test))
    if key in WINDOWED_SIGNALS and isinstance(test, dict) and "within_days" in test:
        return windowed_count(key, test)
    if key in FIELDS:
        return _leaf(key, FIELDS[key], test)
    if key == "segment":
        op, values = split_test(test)
        return SegmentRef(op, tuple(str(v).lower() for v in values))
    if key in ("persona", "stage"):
        get = (lambda s: s.persona()) if key == "persona" else (lambda s: s.stage())
        return _leaf(key, Field(STR, get), test)
    if key == "query_param":
        return _query_param(test)
    if key == "visited":
        return visited(test)
    if key == "trait":
        return trait(test)
    return event(test)


def _leaf(signal: str, field: Field, test: Any) -> Leaf:
    op, raw = split_test(test)
    if op == "matches":  # the pattern keeps its case: \D is not \d
        return Leaf(
            signal,
            field.get,
            pattern_predicate(field.kind, raw[0]),
            f"{signal} matches {raw[0]}",
            multi_fmt(signal) if field.kind == MULTI else None,
        )
    values = [normalize(field.kind, v, field) for v in raw]
    pred = predicate(field.kind, op, values)
    shown = values if field.kind in (DATE, INT, BOOL) else raw
    fmt = multi_fmt(signal) if field.kind == MULTI else None
    return Leaf(signal, field.get, pred, f"{signal} {op_words(op, shown)}", fmt)


def _query_param(test: dict) -> Leaf:
    name = str(test["name"]).lower()
    get = lambda s: s.query().get(name)  # noqa: E731
    label = f"query parameter {name}"
    if "equals" in test:
        expected = normalize(STR, test["equals"])
        return Leaf(label, get, lambda v: v.lower() == expected, f"{label} is {test['equals']}")
    return Leaf(label, get, lambda v: True, f"{label} is present")


def window_days(cond: Any) -> int | None:
    """The longest `within_days` of a history count (visited, page_views, visit_count) in a
    condition: how many days of daily counts a decision needs. None when it needs none."""
    longest: int | None = None
    stack = [cond]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        for key, test in node.items():
            if key in ("all", "any", "not"):
                stack.append(test)
            elif (
                (key == "visited" or key in WINDOWED_SIGNALS)
                and isinstance(test, dict)
                and isinstance(test.get("within_days"), int)
            ):
                longest = max(longest or 0, test["within_days"])
    return longest
