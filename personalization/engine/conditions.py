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

from datetime import date, timedelta
from typing import Any, Callable

from .fields import BOOL, DATE, FIELDS, INT, MULTI, STR, WEEKDAY, WINDOWED_SIGNALS, Field
from .patterns import searcher
from .state import EvalState
from .traits import trait_predicate
from .validate import normalize, validate_condition

__all__ = ["Node", "compile_condition", "validate_condition", "NEVER"]


class Node:
    """A compiled condition. `test` is an attribute (a closure) for speed."""

    __slots__ = ("test",)
    test: Callable[[EvalState], bool]

    def explain(self, s: EvalState) -> str:
        """Why this node held (only meaningful when `test(s)` is True)."""
        raise NotImplementedError

    def describe(self) -> str:
        """The condition itself, without the visitor's values."""
        raise NotImplementedError

    def actual(self, s: EvalState) -> str:
        """The visitor's values this node looked at (used when explaining a `not`)."""
        return ""


class Leaf(Node):
    """One signal test: read a value, compare it."""

    __slots__ = ("label", "get", "rule", "note", "fmt")

    def __init__(self, label: str, get: Callable[[EvalState], Any], pred: Callable[[Any], bool],
                 rule: str, fmt: Callable[[Any], str] | None = None, note: str | None = None):
        """`rule` is the whole test in words ("country in [SE, NO]"); `note` replaces
        "rule: <rule>" in explanations when a shorter hint reads better ("needs 2")."""
        self.label, self.get, self.rule, self.note = label, get, rule, note
        self.fmt = fmt or (lambda v: f"{label} is {_show(v)}")

        def test(s: EvalState) -> bool:
            v = get(s)
            return v is not None and pred(v)
        self.test = test

    def actual(self, s: EvalState) -> str:
        v = self.get(s)
        return f"{self.label} is unknown" if v is None else self.fmt(v)

    def explain(self, s: EvalState) -> str:
        text = self.actual(s)
        if self.note is not None:
            return f"{text} ({self.note})"
        # "country is SE" needs no "(rule: country is SE)"; values compare ignoring case.
        return text if text.lower() == self.rule.lower() else f"{text} (rule: {self.rule})"

    def describe(self) -> str:
        return self.rule


class AllNode(Node):
    __slots__ = ("children",)

    def __init__(self, children: list[Node]):
        self.children = children
        tests = tuple(c.test for c in children)

        def test(s: EvalState) -> bool:
            for t in tests:
                if not t(s):
                    return False
            return True
        self.test = test

    def explain(self, s: EvalState) -> str:
        return " and ".join(c.explain(s) for c in self.children)

    def actual(self, s: EvalState) -> str:
        return _join_actual(self.children, s)

    def describe(self) -> str:
        return "all of (" + "; ".join(c.describe() for c in self.children) + ")"


class AnyNode(Node):
    __slots__ = ("children",)

    def __init__(self, children: list[Node]):
        self.children = children
        tests = tuple(c.test for c in children)

        def test(s: EvalState) -> bool:
            for t in tests:
                if t(s):
                    return True
            return False
        self.test = test

    def explain(self, s: EvalState) -> str:
        for c in self.children:
            if c.test(s):
                return c.explain(s)
        return "none held"

    def actual(self, s: EvalState) -> str:
        return _join_actual(self.children, s)

    def describe(self) -> str:
        return "any of (" + "; ".join(c.describe() for c in self.children) + ")"


class NotNode(Node):
    __slots__ = ("child",)

    def __init__(self, child: Node):
        self.child = child
        inner = child.test
        self.test = lambda s: not inner(s)

    def explain(self, s: EvalState) -> str:
        seen = self.child.actual(s)
        return f"{seen} (rule: {self.describe()})" if seen else self.describe()

    def describe(self) -> str:
        return f"not {self.child.describe()}"


class SegmentRef(Node):
    """{segment: slug} / {segment: {in: [...]}} / {segment: {not_in: [...]}}, evaluated lazily."""

    __slots__ = ("op", "slugs")

    def __init__(self, op: str, slugs: tuple[str, ...]):
        self.op, self.slugs = op, slugs
        if op == "not_in":
            self.test = lambda s: not any(s.segment(x) for x in slugs)
        elif len(slugs) == 1:
            only = slugs[0]
            self.test = lambda s: s.segment(only)
        else:
            self.test = lambda s: any(s.segment(x) for x in slugs)

    def explain(self, s: EvalState) -> str:
        if self.op == "not_in":
            return f"in none of the segments {_show(list(self.slugs))}"
        return self.actual(s)

    def actual(self, s: EvalState) -> str:
        held = [x for x in self.slugs if s.segment(x)]
        if not held:
            return f"in none of the segments {_show(list(self.slugs))}"
        return f"in segment{'s' if len(held) > 1 else ''} " + ", ".join(held)

    def describe(self) -> str:
        if self.op == "eq":
            return f"in segment {self.slugs[0]}"
        if self.op == "not_in":
            return f"in none of the segments {_show(list(self.slugs))}"
        return f"in any of the segments {_show(list(self.slugs))}"


class Never(Node):
    """What an invalid condition compiles to: it never holds (the loader rejects it first)."""

    __slots__ = ("errors",)

    def __init__(self, errors: list[str]):
        self.errors = errors
        self.test = lambda s: False

    def explain(self, s: EvalState) -> str:
        return "invalid condition"

    def describe(self) -> str:
        return "invalid condition: " + "; ".join(self.errors)


NEVER = Never(["no condition"])


def compile_condition(cond: Any) -> Node:
    """Compile a condition; an invalid one becomes a `Never` node carrying the messages."""
    errors = validate_condition(cond)
    if errors:
        return Never(errors)
    return _compile(cond)


def _compile(cond: dict) -> Node:
    (key, test), = cond.items()
    if key == "all":
        return AllNode([_compile(c) for c in test])
    if key == "any":
        return AnyNode([_compile(c) for c in test])
    if key == "not":
        return NotNode(_compile(test))
    if key in WINDOWED_SIGNALS and isinstance(test, dict) and "within_days" in test:
        return _windowed(key, test)
    if key in FIELDS:
        return _leaf(key, FIELDS[key], test)
    if key == "segment":
        op, values = _split(test)
        return SegmentRef(op, tuple(str(v).lower() for v in values))
    if key in ("persona", "stage"):
        get = (lambda s: s.persona()) if key == "persona" else (lambda s: s.stage())
        return _leaf(key, Field(STR, get), test)
    if key == "query_param":
        return _query_param(test)
    if key == "visited":
        return _visited(test)
    if key == "trait":
        return _trait(test)
    return _event(test)


def _split(test: Any) -> tuple[str, list]:
    """("eq", [value]) for a bare scalar, else (operator, values)."""
    if isinstance(test, dict):
        (op, value), = test.items()
        return op, (value if isinstance(value, list) else [value])
    return "eq", [test]


def _leaf(signal: str, field: Field, test: Any) -> Leaf:
    op, raw = _split(test)
    if op == "matches":                    # the pattern keeps its case: \D is not \d
        return Leaf(signal, field.get, _pattern_predicate(field.kind, raw[0]),
                    f"{signal} matches {raw[0]}", _multi_fmt(signal) if field.kind == MULTI else None)
    values = [normalize(field.kind, v, field) for v in raw]
    pred = _predicate(field.kind, op, values)
    shown = values if field.kind in (DATE, INT, BOOL) else raw
    fmt = _multi_fmt(signal) if field.kind == MULTI else None
    return Leaf(signal, field.get, pred, f"{signal} {_op_words(op, shown)}", fmt)


def _multi_fmt(signal: str) -> Callable[[Any], str]:
    return lambda vs: f"{signal} is {', '.join(map(_show, vs)) or 'none'}"


def _pattern_predicate(kind: str, pattern: str) -> Callable[[Any], bool]:
    """RE2, compiled here once per rule-set version, searched anywhere, ignoring case."""
    found = searcher(pattern)
    if kind == MULTI:
        return lambda vs: any(found(v) for v in vs)
    return found


def _windowed(signal: str, test: dict) -> Leaf:
    """{visit_count: {gte: 3, within_days: 30}}: the count over the last N days' history."""
    days = test["within_days"]
    rest = {k: v for k, v in test.items() if k != "within_days"}
    op, raw = _split(rest)
    values = [normalize(INT, v) for v in raw]
    attr = "visits" if signal == "visit_count" else "page_views"

    def get(s: EvalState) -> int | None:
        return getattr(s.window(days), attr) if s.hist is not None else None
    label = f"{signal} {_span(days)}"
    return Leaf(label, get, _predicate(INT, op, values), f"{label} {_op_words(op, values)}")


def _span(n: int) -> str:
    """Words for a within_days window: day 0 is today (UTC), N counts today and N days before."""
    return "today" if n == 0 else f"in the last {n} day{'s' if n != 1 else ''}"


def _op_words(op: str, shown: list) -> str:
    """The operator and its values in words: "is SE", "in [SE, NO]", "at least 2"."""
    if op == "between":
        return f"between {_show(shown[0])} and {_show(shown[1])}"
    if op in ("in", "not_in"):
        return f"{op.replace('_', ' ')} {_show(shown)}"
    return {"eq": "is", "gte": "at least", "lte": "at most"}.get(op, op) + f" {_show(shown[0])}"


def _predicate(kind: str, op: str, values: list) -> Callable[[Any], bool]:
    first = values[0]
    if kind in (STR, WEEKDAY):
        members = frozenset(values)
        return {                           # text getters always give str (or None)
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


def _query_param(test: dict) -> Leaf:
    name = str(test["name"]).lower()
    get = lambda s: s.query().get(name)  # noqa: E731
    label = f"query parameter {name}"
    if "equals" in test:
        expected = normalize(STR, test["equals"])
        return Leaf(label, get, lambda v: v.lower() == expected, f"{label} is {test['equals']}")
    return Leaf(label, get, lambda v: True, f"{label} is present")


def _visited(test: dict) -> Leaf:
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
    span = f" {_span(within)}" if within is not None else ""
    return Leaf(label, get, lambda n: n >= minimum, f"{label} at least {_times(minimum)}{span}",
                fmt=lambda n: f"{label} {_times(n)}{span}", note=f"needs {minimum}")


def _event(test: dict) -> Leaf:
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
        return [e for e in events if (since is None or e.at >= since)
                and all(_property_key(_property(e, k)) == v for k, v in where.items())]

    span = f" in the last {within} day{'s' if within != 1 else ''}" if within is not None else ""
    filt = (" with " + ", ".join(f"{k} {_show(v)}" for k, v in test["where"].items())) if where else ""
    label = f"event {kind}{filt}"
    if total is None:
        minimum = test.get("min", 1)

        def count(s: EvalState) -> int | None:
            return None if s.hist is None else len(matching(s))
        return Leaf(label, count, lambda n: n >= minimum, f"{label} at least {_times(minimum)}{span}",
                    fmt=lambda n: f"{label} happened {_times(n)}{span}", note=f"needs {minimum}")
    prop = str(total)

    def add(s: EvalState) -> float | None:
        if s.hist is None:
            return None
        return sum(x for x in (_number(_property(e, prop)) for e in matching(s)) if x is not None)
    low, high = test.get("gte"), test.get("lte")
    pred = lambda n: (low is None or n >= low) and (high is None or n <= high)  # noqa: E731
    bounds = " and ".join(b for b in (f"at least {_show(low)}" if low is not None else "",
                                      f"at most {_show(high)}" if high is not None else "") if b)
    sum_label = f"sum of {prop} over {label}"
    return Leaf(sum_label, add, pred, f"{sum_label} {bounds}{span}",
                fmt=lambda n: f"{sum_label} is {_show(_round(n))}{span}", note=f"needs {bounds}")


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


def _trait(test: dict) -> Leaf:
    name, op, shown, pred = trait_predicate(test)

    def get(s: EvalState) -> Any:
        hist = s.hist
        return hist.traits.get(name) if hist is not None else None
    label = f"trait {name}"
    words = "is" if op == "equals" else op.replace("_", " ")
    rule = f"{label} {words} {_show(shown) if op != 'between' else 'between ' + ' and '.join(map(_show, shown))}"
    return Leaf(label, get, pred, rule.replace("between between", "between"))


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
            elif (key == "visited" or key in WINDOWED_SIGNALS) and isinstance(test, dict) \
                    and isinstance(test.get("within_days"), int):
                longest = max(longest or 0, test["within_days"])
    return longest


def _times(n: int) -> str:
    return f"{n} time{'s' if n != 1 else ''}"


def _join_actual(children: list[Node], s: EvalState) -> str:
    """The values a group of tests looked at, for explaining a `not` over the group."""
    return ", ".join(text for text in (c.actual(s) for c in children) if text)


def _show(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)

