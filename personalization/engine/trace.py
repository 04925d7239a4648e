"""One condition tested against one visitor, with the verdict of every part: what "Test these
rules" in the admin shows. Pure: the words are the nodes' own (`describe`, `explain`, `actual`),
the same the decision's reasons use, so the editor sees what the engine will do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .conditions import AllNode, AnyNode, Never, Node, NotNode, compile_condition
from .context import VisitorContext
from .decide import CompiledRuleSet, _Resolver
from .state import EvalState


@dataclass(frozen=True)
class Verdict:
    """One part of a condition: the rule in words, whether it held for this visitor, and what
    the visitor's values were (the engine's explanation when it held)."""

    rule: str
    held: bool
    seen: str
    depth: int = 0
    children: tuple[Verdict, ...] = field(default=(), repr=False)

    def flat(self) -> list[Verdict]:
        """This verdict and every one below it, depth first (for a table)."""
        out = [self]
        for child in self.children:
            out += child.flat()
        return out


def trace_condition(condition: Any, ctx: VisitorContext, compiled: CompiledRuleSet) -> Verdict:
    """The verdict tree of `condition` for `ctx`; references to segments, personas and stages
    are resolved with `compiled`, exactly as a decision would."""
    node = compile_condition(condition)
    state = EvalState(ctx, _Resolver(compiled, explain=True), compiled.rules.site_timezone)
    return _verdict(node, state, 0)


def _verdict(node: Node, s: EvalState, depth: int) -> Verdict:
    held = bool(node.test(s))
    if isinstance(node, (AllNode, AnyNode)):
        children = tuple(_verdict(child, s, depth + 1) for child in node.children)
        rule = "all of these hold" if isinstance(node, AllNode) else "any of these holds"
        seen = f"{sum(c.held for c in children)} of {len(children)} hold"
        return Verdict(rule, held, seen, depth, children)
    if isinstance(node, Never):
        return Verdict(node.describe(), False, "never holds", depth)
    if isinstance(node, NotNode):
        return Verdict(
            node.describe(),
            held,
            node.child.actual(s) or ("" if held else node.child.explain(s)),
            depth,
        )
    seen = node.explain(s) if held else (node.actual(s) or "does not hold")
    return Verdict(node.describe(), held, seen, depth)
