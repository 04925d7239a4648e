"""Whole-rule-set checks for the loader and the admin: every problem, in author's words.

`check_ruleset` = every condition valid (engine/validate.py) + every reference names something
that exists + no reference cycle (engine/cycles.py) + stage orders unique. The site loader turns
a non-empty answer into its all-or-nothing failure; the engine itself never needs it.
"""
from __future__ import annotations

from typing import Any, Iterator

from .cycles import condition_references, find_cycles
from .ruleset import RuleSet
from .validate import validate_condition


def check_ruleset(rules: RuleSet) -> list[str]:
    """Messages like "segment nordic-devs: rules refer to unknown segment 'devs'"; [] when fine."""
    errors: list[str] = []
    known = {
        "segment": set(rules.segments),
        "persona": {p.slug for p in rules.personas},
        "stage": {s.slug for s in rules.stages},
    }
    for owner, cond in _conditions(rules):
        problems = validate_condition(cond)
        errors.extend(f"{owner}: {p}" for p in problems)
        if problems:
            continue
        for kind, slug in condition_references(cond):
            if slug not in known[kind]:
                errors.append(f"{owner}: rules refer to unknown {kind} {slug!r}; expected one of "
                              f"{', '.join(sorted(known[kind])) or '(none defined)'}")
    seen: dict[int, str] = {}
    for stage in rules.stages:
        if stage.order in seen:
            errors.append(f"stage {stage.slug}: order {stage.order} is already used by stage "
                          f"{seen[stage.order]}; expected a unique order")
        seen.setdefault(stage.order, stage.slug)
    if not errors:
        for cycle in find_cycles(rules):
            errors.append("reference cycle: " + " -> ".join(n.replace(":", " ") for n in cycle)
                          + "; expected rules that do not depend on themselves")
    return errors


def _conditions(rules: RuleSet) -> Iterator[tuple[str, Any]]:
    for persona in rules.personas:
        if persona.rules is not None:
            yield f"persona {persona.slug}", persona.rules
    for stage in rules.stages:
        if stage.rules is not None:
            yield f"stage {stage.slug}", stage.rules
    for slug, segment in rules.segments.items():
        yield f"segment {slug}", segment.rules
