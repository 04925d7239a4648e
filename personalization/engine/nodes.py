"""The nodes a compiled condition is made of (engine/conditions.py builds them), and the words
their explanations use: `test(state)` is a closure; `explain(state)` says why it held, in words
a marketer and a visitor read; `describe()` is the rule itself."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from .state import EvalState


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

    def __init__(
        self,
        label: str,
        get: Callable[[EvalState], Any],
        pred: Callable[[Any], bool],
        rule: str,
        fmt: Callable[[Any], str] | None = None,
        note: str | None = None,
    ):
        """`rule` is the whole test in words ("country in [SE, NO]"); `note` replaces
        "rule: <rule>" in explanations when a shorter hint reads better ("needs 2")."""
        self.label, self.get, self.rule, self.note = label, get, rule, note
        self.fmt = fmt or (lambda v: f"{label} is {show(v)}")

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
        return join_actual(self.children, s)

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
        return join_actual(self.children, s)

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
            return f"in none of the segments {show(list(self.slugs))}"
        return self.actual(s)

    def actual(self, s: EvalState) -> str:
        held = [x for x in self.slugs if s.segment(x)]
        if not held:
            return f"in none of the segments {show(list(self.slugs))}"
        return f"in segment{'s' if len(held) > 1 else ''} " + ", ".join(held)

    def describe(self) -> str:
        if self.op == "eq":
            return f"in segment {self.slugs[0]}"
        if self.op == "not_in":
            return f"in none of the segments {show(list(self.slugs))}"
        return f"in any of the segments {show(list(self.slugs))}"


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


def show(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def times(n: int) -> str:
    return f"{n} time{'s' if n != 1 else ''}"


def span_words(n: int) -> str:
    """Words for a within_days window: day 0 is today (UTC), N counts today and N days before."""
    return "today" if n == 0 else f"in the last {n} day{'s' if n != 1 else ''}"


def op_words(op: str, shown: list) -> str:
    """The operator and its values in words: "is SE", "in [SE, NO]", "at least 2"."""
    if op == "between":
        return f"between {show(shown[0])} and {show(shown[1])}"
    if op in ("in", "not_in"):
        return f"{op.replace('_', ' ')} {show(shown)}"
    return {"eq": "is", "gte": "at least", "lte": "at most"}.get(op, op) + f" {show(shown[0])}"


def join_actual(children: list[Node], s: EvalState) -> str:
    """The values a group of tests looked at, for explaining a `not` over the group."""
    return ", ".join(text for text in (c.actual(s) for c in children) if text)
