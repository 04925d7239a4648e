"""References between rules, and the cycles the loader must reject.

A `{segment: x}` reference depends on segment x's rules. A `{persona: x}` reference depends on the
visitor's persona, i.e. on the rules of every persona; `{stage: x}` likewise on every stage's
rules. So a segment that tests the persona, used by a persona's rules, is a cycle too. At run time
a cycle is harmless (the re-entrant reference is False, see engine/state.py), but its answer would
depend on evaluation order, so the site format refuses it at load time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .ruleset import RuleSet


def condition_references(cond: Any) -> list[tuple[str, str]]:
    """("segment" | "persona" | "stage", slug) for every reference in a condition, in order."""
    return list(_refs(cond))


def _refs(cond: Any) -> Iterator[tuple[str, str]]:
    if not isinstance(cond, dict):
        return
    for key, test in cond.items():
        if key in ("all", "any") and isinstance(test, list):
            for child in test:
                yield from _refs(child)
        elif key == "not":
            yield from _refs(test)
        elif key in ("segment", "persona", "stage"):
            values = next(iter(test.values()), []) if isinstance(test, dict) and test else test
            for value in values if isinstance(values, list) else [values]:
                yield key, str(value).lower()


def dependency_graph(rules: RuleSet) -> dict[str, list[str]]:
    """Node "segment:x" / "persona:x" / "stage:x" -> the nodes its rules depend on."""
    persona_nodes = [f"persona:{p.slug}" for p in rules.personas if p.rules]
    stage_nodes = [f"stage:{s.slug}" for s in rules.stages if s.rules]
    owners: list[tuple[str, Any]] = [
        (f"segment:{slug}", seg.rules) for slug, seg in rules.segments.items()
    ]
    owners += [(f"persona:{p.slug}", p.rules) for p in rules.personas if p.rules]
    owners += [(f"stage:{s.slug}", s.rules) for s in rules.stages if s.rules]
    graph: dict[str, list[str]] = {}
    for node, cond in owners:
        deps: list[str] = []
        for kind, slug in condition_references(cond):
            if kind == "segment":
                targets = [f"segment:{slug}"] if slug in rules.segments else []
            else:
                targets = persona_nodes if kind == "persona" else stage_nodes
            deps.extend(t for t in targets if t not in deps)
        graph[node] = deps
    return graph


def find_cycles(rules: RuleSet) -> list[list[str]]:
    """One cycle per strongly connected group, as a closed path: ["segment:a", "segment:b", "segment:a"].

    Empty when the rules have no reference cycle. Deterministic (sorted) for stable messages.
    """
    graph = dependency_graph(rules)
    cycles: list[list[str]] = []
    for component in _strong_components(graph):
        members = set(component)
        start = min(component)
        if len(component) == 1 and start not in graph.get(start, []):
            continue
        cycles.append(_path_back(graph, start, members))
    return sorted(cycles)


def _strong_components(graph: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (a thousand chained segments must not hit the recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(graph.get(root, [])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph.get(child, []))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                result.append(sorted(component))
    return result


def _path_back(graph: dict[str, list[str]], start: str, members: set[str]) -> list[str]:
    """A shortest path start -> ... -> start inside one component (breadth first)."""
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(graph.get(node, [])):
                if child not in members:
                    continue
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return (
                        [start] + list(reversed(path))[1:] + [start]
                        if node != start
                        else [start, start]
                    )
                if child not in previous:
                    previous[child] = node
                    following.append(child)
        frontier = following
    return [start, start]  # pragma: no cover - a component always closes
