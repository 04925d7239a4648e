"""Comparisons compiled once per rule: a signal's kind, an operator and the expected values
become one small function of the visitor's value. String comparisons ignore case: expected
values are lower-cased at compile time, actual values at test time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .fields import BOOL, MULTI, STR, WEEKDAY
from .nodes import show
from .patterns import searcher


def predicate(kind: str, op: str, values: list) -> Callable[[Any], bool]:
    first = values[0]
    if kind in (STR, WEEKDAY):
        members = frozenset(values)
        return {  # text getters always give str (or None)
            "eq": lambda v: v.lower() == first,
            "in": lambda v: v.lower() in members,
            "not_in": lambda v: v.lower() not in members,
            "contains": lambda v: first in v.lower(),
        }[op]
    if kind == MULTI:
        members = frozenset(values)
        return {
            "eq": lambda vs: any(v.lower() == first for v in vs),
            "in": lambda vs: any(v.lower() in members for v in vs),
            "not_in": lambda vs: not any(v.lower() in members for v in vs),
            "contains": lambda vs: any(first in v.lower() for v in vs),
        }[op]
    if kind == BOOL:
        return lambda v: v == first
    # INT and DATE: ordered values
    if op == "between":
        low, high = values
        return lambda v: low <= v <= high
    return {
        "eq": lambda v: v == first,
        "in": lambda v: v in values,
        "not_in": lambda v: v not in values,
        "gte": lambda v: v >= first,
        "lte": lambda v: v <= first,
    }[op]


def pattern_predicate(kind: str, pattern: str) -> Callable[[Any], bool]:
    """RE2, compiled here once per rule-set version, searched anywhere, ignoring case."""
    found = searcher(pattern)
    if kind == MULTI:
        return lambda vs: any(found(v) for v in vs)
    return found


def multi_fmt(signal: str) -> Callable[[Any], str]:
    return lambda vs: f"{signal} is {', '.join(map(show, vs)) or 'none'}"


def split_test(test: Any) -> tuple[str, list]:
    """("eq", [value]) for a bare scalar, else (operator, values)."""
    if isinstance(test, dict):
        ((op, value),) = test.items()
        return op, (value if isinstance(value, list) else [value])
    return "eq", [test]
