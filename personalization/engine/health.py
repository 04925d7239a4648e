"""Rule health: what the loader and the admin refuse, what they save with a warning, and the mark
each persona, stage and segment gets in the admin listings. Plain data in, plain data out.

Broken (refused on save; "broken" in listings) - rules that can never match or cannot be
evaluated: an invalid condition (engine/validate.py, RE2-refused `matches` patterns included), a
segment or group with no rules, a reference to a segment, persona or stage that does not exist, a
reference cycle through segments, personas or stages (engine/cycles.py), a stage order used twice.

Warning (saved; "warning" in listings) - legal but suspicious: conditions of one `all` group that
contradict each other (`all: [country: SE, country: NO]`, `visit_count >= 5` and `<= 2`),
`between` with low > high, a pattern that matches every value, a reference to a disabled segment
or to a segment that is itself broken.

Owners are named as engine/cycles.py names nodes: "persona:student", "stage:buy", "segment:x".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .cycles import condition_references, find_cycles
from .fields import BOOL, DATE, FIELDS, INT, STR, WEEKDAY
from .patterns import pattern_error, searcher
from .ruleset import RuleSet
from .validate import Invalid, normalize, validate_condition

OK, WARNING, BROKEN = "ok", "warning", "broken"
_RANK = {OK: 0, WARNING: 1, BROKEN: 2}
EMPTY_GROUPS: tuple[dict[str, list], ...] = (
    {"any": []},
    {"all": []},
)  # how a segment with no rules reads back (rules/read_segments.py)


@dataclass(frozen=True)
class Finding:
    owner: str  # "persona:student"
    level: str  # BROKEN or WARNING
    message: str  # "persona student: rules.all[1].referrer_domain.matches: expected ..."
    cycle: bool = False  # a reference cycle (reported once per cycle by check_ruleset)

    def __str__(self) -> str:
        return self.message


def owner_label(owner: str) -> str:
    """ "persona:student" -> "persona student", as messages name owners."""
    return owner.replace(":", " ", 1)


def rule_health(rules: RuleSet, disabled_segments: Iterable[str] = ()) -> list[Finding]:
    """Every problem of a rule set, broken ones first, in a stable order."""
    disabled = set(disabled_segments)
    known = {
        "segment": set(rules.segments),
        "persona": {p.slug for p in rules.personas},
        "stage": {s.slug for s in rules.stages},
    }
    findings: list[Finding] = []
    invalid: set[str] = set()
    for owner, cond in owned_conditions(rules):
        label = owner_label(owner)
        if _is_empty(cond):
            kind = owner.split(":", 1)[0]
            findings.append(
                Finding(
                    owner,
                    BROKEN,
                    f"{label}: has no rules, so it never matches; add a "
                    f"rule{'' if kind != 'segment' else ' or delete the segment'}",
                )
            )
            invalid.add(owner)
            continue
        problems = validate_condition(cond)
        findings += [Finding(owner, BROKEN, f"{label}: {p}") for p in problems]
        if problems:
            invalid.add(owner)
            continue
        for kind, slug in condition_references(cond):
            if slug not in known[kind]:
                findings.append(
                    Finding(
                        owner,
                        BROKEN,
                        f"{label}: rules refer to unknown {kind} {slug!r}; "
                        f"expected one of {', '.join(sorted(known[kind])) or '(none defined)'}",
                    )
                )
                invalid.add(owner)
    findings += _duplicate_orders(rules)
    for cycle in find_cycles(rules):
        text = (
            "reference cycle: "
            + " -> ".join(owner_label(n) for n in cycle)
            + "; expected rules that do not depend on themselves"
        )
        for node in dict.fromkeys(cycle):
            findings.append(
                Finding(
                    node,
                    BROKEN,
                    text if node == cycle[0] else f"{owner_label(node)}: {text}",
                    cycle=True,
                )
            )
            invalid.add(node)
    findings += _whole_rules_broken(rules, invalid, findings)
    for owner, cond in owned_conditions(rules):
        if owner in invalid:
            continue
        label = owner_label(owner)
        findings += [Finding(owner, WARNING, f"{label}: {w}") for w in condition_warnings(cond)]
        for kind, slug in dict.fromkeys(condition_references(cond)):
            if kind != "segment":
                continue
            if slug in disabled:
                findings.append(
                    Finding(
                        owner,
                        WARNING,
                        f"{label}: refers to segment {slug!r}, which is "
                        f"disabled, so that reference never holds",
                    )
                )
            elif f"segment:{slug}" in invalid:
                findings.append(
                    Finding(
                        owner,
                        WARNING,
                        f"{label}: refers to segment {slug!r}, which is "
                        f"broken, so that reference never holds",
                    )
                )
    for owner, cond in owned_conditions(rules):  # a persona using a suspicious segment
        target = cond.get("segment") if isinstance(cond, dict) and len(cond) == 1 else None
        if owner in invalid or not isinstance(target, str):
            continue
        findings += [
            Finding(
                owner,
                WARNING,
                f"{owner_label(owner)}: its rules are segment {target!r}: {f.message}",
            )
            for f in list(findings)
            if f.owner == f"segment:{target.lower()}" and f.level == WARNING
        ]
    return sorted(findings, key=lambda f: _RANK[f.level], reverse=True)


def check_ruleset(rules: RuleSet) -> list[str]:
    """What the loader refuses, as messages: invalid rules, unknown references, duplicate stage
    orders, then (when there is nothing else) each reference cycle once. [] when fine."""
    broken = [f for f in rule_health(rules) if f.level == BROKEN]
    errors = [f.message for f in broken if not f.cycle]
    if errors:
        return errors
    return [
        f.message
        for f in broken
        if f.cycle and not f.message.startswith(owner_label(f.owner) + ":")
    ]


def status(findings: Iterable[Finding], owner: str) -> str:
    """OK, WARNING or BROKEN for one owner ("persona:student")."""
    return max((f.level for f in findings if f.owner == owner), key=_RANK.__getitem__, default=OK)


def statuses(findings: Iterable[Finding]) -> dict[str, str]:
    """Owner -> its worst level; owners without findings are absent (they are OK)."""
    worst: dict[str, str] = {}
    for f in findings:
        if _RANK[f.level] > _RANK[worst.get(f.owner, OK)]:
            worst[f.owner] = f.level
    return worst


def owned_conditions(rules: RuleSet) -> Iterator[tuple[str, Any]]:
    """(owner, condition) for every persona, stage and segment that has rules."""
    for persona in rules.personas:
        if persona.rules is not None:
            yield f"persona:{persona.slug}", persona.rules
    for stage in rules.stages:
        if stage.rules is not None:
            yield f"stage:{stage.slug}", stage.rules
    for slug, segment in rules.segments.items():
        yield f"segment:{slug}", segment.rules


# -- warnings on one valid condition ---------------------------------------------------------

_SINGLE = (STR, INT, DATE, BOOL, WEEKDAY)  # a visitor has one value (not declared_interest)
_ORDERED = (INT, DATE)


def condition_warnings(cond: Any, where: str = "rules") -> list[str]:
    """Suspicious but legal parts of a VALID condition, each naming where it is."""
    found: list[str] = []
    _walk(cond, where, found)
    return found


def _walk(cond: Any, where: str, found: list[str]) -> None:
    ((key, test),) = cond.items()
    if key in ("all", "any"):
        for i, child in enumerate(test):
            _walk(child, f"{where}.{key}[{i}]", found)
        if key == "all":
            found += _contradictions(test, f"{where}.all")
        return
    if key == "not":
        _walk(test, f"{where}.not", found)
        return
    here = f"{where}.{key}"
    if isinstance(test, dict):
        test = {k: v for k, v in test.items() if k != "within_days"}  # {gte: 3, within_days: 30}
    if isinstance(test, dict) and len(test) == 1:
        ((op, value),) = test.items()
        if op == "between" and key in FIELDS:
            low, high = (normalize(FIELDS[key].kind, v) for v in value)
            if low > high:
                hint = (
                    (
                        f"; for hours across midnight use any: [{{{key}: {{gte: {value[0]}}}}}, "
                        f"{{{key}: {{lte: {value[1]}}}}}]"
                    )
                    if key == "local_hour"
                    else ""
                )
                found.append(
                    f"{here}.between: {_show(value[0])} is greater than {_show(value[1])}, "
                    f"so it never holds{hint}"
                )
        elif op == "matches" and pattern_error(value) is None and searcher(value)(""):
            found.append(
                f"{here}.matches: {value!r} matches every value (it matches empty text), "
                f"so the test says nothing"
            )


def _contradictions(children: list, where: str) -> list[str]:
    """Tests of one `all` group on the same single-valued signal that no value passes together."""
    by_signal: dict[str, list[tuple[int, str, Any]]] = {}
    for i, child in enumerate(children):
        ((key, test),) = child.items()
        kind = FIELDS[key].kind if key in FIELDS else (STR if key in ("persona", "stage") else None)
        if kind not in _SINGLE or (isinstance(test, dict) and "within_days" in test):
            continue  # a windowed count is another value than the whole history's
        op, values = _split(test)
        if op in ("contains", "matches"):
            continue
        try:
            typed = [normalize(kind, v) for v in values]
        except Invalid:  # pragma: no cover - the condition was validated
            continue
        by_signal.setdefault(key, []).append((i, op, typed))
    found = []
    for key, tests in by_signal.items():
        if len(tests) > 1 and not _satisfiable(tests):
            places = " and ".join(f"{where}[{i}]" for i, _, _ in tests)
            found.append(
                f"{places} test {key} in ways no visitor can pass together (contradictory "
                f"conditions), so the group never holds"
            )
    return found


def _satisfiable(tests: list[tuple[int, str, list]]) -> bool:
    allowed: set | None = None
    excluded: set = set()
    low = high = None
    for _, op, values in tests:
        if op in ("eq", "in"):
            allowed = set(values) if allowed is None else allowed & set(values)
        elif op == "not_in":
            excluded |= set(values)
        elif op == "gte":
            low = values[0] if low is None else max(low, values[0])
        elif op == "lte":
            high = values[0] if high is None else min(high, values[0])
        elif op == "between":
            low = values[0] if low is None else max(low, values[0])
            high = values[1] if high is None else min(high, values[1])
    if low is not None and high is not None and low > high:
        return False
    if allowed is None:
        return True  # an open range or an exclusion list leaves values to pass
    remaining = {
        v for v in allowed - excluded if (low is None or v >= low) and (high is None or v <= high)
    }
    return bool(remaining)


def _split(test: Any) -> tuple[str, list]:
    if isinstance(test, dict):
        ((op, value),) = test.items()
        return op, (value if isinstance(value, list) else [value])
    return "eq", [test]


# -- helpers ---------------------------------------------------------------------------------


def _whole_rules_broken(rules: RuleSet, invalid: set[str], earlier: list[Finding]) -> list[Finding]:
    """Rules that are exactly `{segment: x}` (a persona or stage using a segment as its rules)
    with x broken can never match either: broken too, through chains of such references, each
    message ending with the root cause."""
    cause: dict[str, str | None] = {
        f.owner: f.message for f in reversed(earlier) if f.level == BROKEN
    }
    found: list[Finding] = []
    changed = True
    while changed:
        changed = False
        for owner, cond in owned_conditions(rules):
            target = cond.get("segment") if isinstance(cond, dict) and len(cond) == 1 else None
            node = f"segment:{target.lower()}" if isinstance(target, str) else None
            if owner in invalid or node is None or node not in invalid:
                continue
            why = cause.get(node)
            found.append(
                Finding(
                    owner,
                    BROKEN,
                    f"{owner_label(owner)}: its rules are segment {target!r}, "
                    f"which is broken, so it never matches" + (f" ({why})" if why else ""),
                )
            )
            cause[owner] = why
            invalid.add(owner)
            changed = True
    return found


def _is_empty(cond: Any) -> bool:
    return isinstance(cond, dict) and any(cond == empty for empty in EMPTY_GROUPS)


def _duplicate_orders(rules: RuleSet) -> list[Finding]:
    found: list[Finding] = []
    seen: dict[int, str] = {}
    for stage in rules.stages:
        if stage.order in seen:
            found.append(
                Finding(
                    f"stage:{stage.slug}",
                    BROKEN,
                    f"stage {stage.slug}: order {stage.order} is already used by stage "
                    f"{seen[stage.order]}; expected a unique order",
                )
            )
        seen.setdefault(stage.order, stage.slug)
    return found


def _show(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
