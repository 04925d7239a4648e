"""The visitor-level decision: persona, journey stage and segments, with the reasons for each.

Persona: forced (editor preview) > declared by the visitor (if a known persona) > rules, highest
priority first (ties by slug) > affinity score (score >= threshold, highest score wins).
Stage: forced > max(highest-ordered stage whose rules hold, the stage reached on earlier visits).
Stages are sticky: a visitor never moves back to an earlier stage while `history.stage` names a
stage that still exists (see docs/engine.md). The lowest stage needs no rules: everyone starts there.
Segments: every segment whose rules hold (forced segments replace them in preview); or, when the
caller passes `segments=` (the ones a page's variants and blocks target), only those: the rest
are never evaluated, unless a persona's or stage's rules refer to them (then lazily, once).
Bots: segments are computed, but no persona, the starting stage, and (engine/choose.py) no variant.

A RuleSet is compiled once into a `CompiledRuleSet` (cached by `RuleSet.version`); `decide`
accepts either.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .conditions import Node, compile_condition, window_days
from .context import NOBODY, VisitorContext
from .ruleset import PersonaDef, RuleSet, StageDef
from .state import EvalState


@dataclass(frozen=True)
class Decision:
    persona: str | None
    stage: str | None
    segments: tuple[str, ...]  # sorted by slug
    reasons: tuple[str, ...] = ()  # sentences: why this persona, stage, each segment (+ variants)
    persona_source: str = "none"  # forced | declared | rules | affinity | none | bot
    stage_source: str = "none"  # forced | rules | history | start | bot | none
    bot: bool = False
    ruleset_version: str = ""

    def with_reasons(self, *more: str) -> Decision:
        """A copy with more reasons appended (the variant choices, added by the caller)."""
        return replace(self, reasons=self.reasons + tuple(r for r in more if r))


@dataclass
class CompiledRuleSet:
    """A RuleSet with every condition compiled; build with `compile_ruleset`, keep and reuse."""

    rules: RuleSet
    personas: list[tuple[PersonaDef, Node | None]]  # by priority desc, then slug
    stages: list[tuple[StageDef, Node | None]]  # by order asc
    segments: dict[str, Node] = field(default_factory=dict)
    segment_order: tuple[str, ...] = ()
    errors: list[str] = field(default_factory=list)  # invalid rules (compiled to "never")
    segment_tests: dict[str, Callable[[EvalState], bool]] = field(default_factory=dict)
    # The longest within_days of any history count: how many days of daily counts to load.
    history_days: int | None = None

    def __post_init__(self) -> None:
        self.segment_tests = {slug: node.test for slug, node in self.segments.items()}

    @property
    def version(self) -> str:
        return self.rules.version


class _Resolver:
    """Per-decision link between the state and the compiled rules (engine.state.Resolver)."""

    __slots__ = ("c", "explain", "persona_source", "stage_source")

    def __init__(self, compiled: CompiledRuleSet, explain: bool):
        self.c, self.explain = compiled, explain
        self.persona_source = self.stage_source = "none"

    @property
    def segment_tests(self) -> dict[str, Callable[[EvalState], bool]]:
        return self.c.segment_tests

    def resolve_persona(self, s: EvalState) -> tuple[str | None, str]:
        slug, reason, self.persona_source = _persona(self.c, s, self.explain)
        return slug, reason

    def resolve_stage(self, s: EvalState) -> tuple[str | None, str]:
        slug, reason, self.stage_source = _stage(self.c, s, self.explain)
        return slug, reason


def _persona(c: CompiledRuleSet, s: EvalState, explain: bool) -> tuple[str | None, str, str]:
    """(slug, reason, source) by the precedence in the module docstring."""
    ctx = s.ctx
    if ctx.forced_persona == NOBODY:
        return None, "No persona: the preview shows the default content", "forced"
    forced = c.rules.persona(ctx.forced_persona)
    if forced is not None:
        return forced.slug, f"Persona {forced.slug}: chosen in the preview", "forced"
    if ctx.device.kind == "bot":
        return None, "No persona: bots get none", "bot"
    declared = c.rules.persona(ctx.declared_persona)
    if declared is not None:
        return (
            declared.slug,
            f"Persona {declared.slug}: the visitor chose it themselves (declared persona)",
            "declared",
        )
    for persona, node in c.personas:
        if node is not None and node.test(s):
            why = node.explain(s) if explain else "its rules hold"
            return persona.slug, f"Persona {persona.slug}: {why}", "rules"
    affinity = s.hist.affinity if s.hist is not None else None
    if affinity:
        best: PersonaDef | None = None
        for persona, _ in c.personas:  # priority order: on equal scores the first stays
            score, threshold = affinity.get(persona.slug), persona.score_threshold
            if threshold is None or score is None or score < threshold:
                continue
            if best is None or score > affinity[best.slug]:
                best = persona
        if best is not None:
            half_life = s.hist.affinity_half_life_days if s.hist is not None else None
            fading = (
                f", older views counting less (half-life {_num(half_life)} days)"
                if half_life
                else ""
            )
            return (
                best.slug,
                f"Persona {best.slug}: affinity score {_num(round(affinity[best.slug], 2))} from "
                f"the pages viewed{fading} (needs {_num(best.score_threshold)})",
                "affinity",
            )
    return None, "No persona: no persona's rules or affinity score match this visitor", "none"


def _stage(c: CompiledRuleSet, s: EvalState, explain: bool) -> tuple[str | None, str, str]:
    """(slug, reason, source): forced > max(rule stage, earlier stage); bots stay at the start."""
    if not c.stages:
        return None, "No stage: the site defines no journey stages", "none"
    if s.ctx.forced_stage == NOBODY:
        return None, "No stage: the preview shows the default content", "forced"
    forced = c.rules.stage(s.ctx.forced_stage)
    if forced is not None:
        return forced.slug, f"Stage {forced.slug}: chosen in the preview", "forced"
    start = c.stages[0][0]
    if s.ctx.device.kind == "bot":
        return start.slug, f"Stage {start.slug}: bots stay at the first stage", "bot"
    reached, reason, source = start, f"Stage {start.slug}: every visitor starts here", "start"
    for stage, node in reversed(c.stages[1:]):
        if node is not None and node.test(s):
            why = node.explain(s) if explain else "its rules hold"
            reached, source = stage, "rules"
            reason = f"Stage {stage.slug}: {why}"
            break
    earlier = c.rules.stage(s.hist.stage) if s.hist is not None else None
    if earlier is not None and earlier.order > reached.order:
        return (
            earlier.slug,
            f"Stage {earlier.slug}: reached on an earlier visit (a visitor never "
            f"goes back a stage)",
            "history",
        )
    return reached.slug, reason, source


def _required(node: Node | None) -> Node:
    """A segment always has a condition (an empty one matches nobody), so always a node."""
    assert node is not None
    return node


def compile_ruleset(rules: RuleSet) -> CompiledRuleSet:
    """Compile every condition of a RuleSet once; memoised by `rules.version` (see _CACHE)."""
    with _LOCK:
        cached = _CACHE.get(rules.version)
        if cached is not None and (cached.rules is rules or cached.rules == rules):
            return cached
    errors: list[str] = []

    def comp(cond: Any, where: str) -> Node | None:
        if cond is None:
            return None
        node = compile_condition(cond)
        errors.extend(f"{where}: {e}" for e in getattr(node, "errors", ()))
        return node

    personas = sorted(rules.personas, key=lambda p: (-p.priority, p.slug))
    stages = sorted(rules.stages, key=lambda st: (st.order, st.slug))
    compiled = CompiledRuleSet(
        rules=rules,
        personas=[(p, comp(p.rules, f"persona {p.slug}")) for p in personas],
        stages=[(st, comp(st.rules, f"stage {st.slug}")) for st in stages],
        segments={
            slug: _required(comp(seg.rules if seg.rules is not None else {}, f"segment {slug}"))
            for slug, seg in rules.segments.items()
        },
        segment_order=tuple(sorted(rules.segments)),
        errors=errors,
        history_days=_history_days(rules),
    )
    with _LOCK:
        if len(_CACHE) >= 8:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[rules.version] = compiled
    return compiled


def _history_days(rules: RuleSet) -> int | None:
    conditions = (
        [p.rules for p in rules.personas]
        + [st.rules for st in rules.stages]
        + [seg.rules for seg in rules.segments.values()]
    )
    windows = [w for w in map(window_days, conditions) if w is not None]
    return max(windows) if windows else None


_CACHE: dict[str, CompiledRuleSet] = {}
_LOCK = threading.Lock()


def decide(
    ctx: VisitorContext,
    rules: RuleSet | CompiledRuleSet,
    *,
    explain: bool = True,
    segments: Collection[str] | None = None,
) -> Decision:
    """Persona, stage and segments for one visitor on one request. Never raises on bad data.

    `explain=False` skips building the reason strings (the hot path when nobody reads them).
    `segments`: decide only these segments (the ones the caller will read, e.g. the targets of
    a page's variants and blocks); `Decision.segments` then lists those of them that hold, and
    the cost no longer grows with the site's other segments. None: every segment.
    """
    compiled = rules if isinstance(rules, CompiledRuleSet) else compile_ruleset(rules)
    resolver = _Resolver(compiled, explain)
    state = EvalState(ctx, resolver, compiled.rules.site_timezone)
    persona, persona_reason = state.persona_with_reason()
    stage, stage_reason = state.stage_with_reason()
    reasons = [persona_reason, stage_reason]
    if ctx.forced_segments is not None:
        segments = tuple(sorted({slug.lower() for slug in ctx.forced_segments}))
        reasons.extend(f"Segment {slug}: chosen in the preview" for slug in segments)
    else:
        member = state.segment
        order: Sequence[str]
        if segments is None:
            order = compiled.segment_order
        else:
            order = sorted({slug.lower() for slug in segments} & compiled.segments.keys())
        held = tuple([slug for slug in order if member(slug)])
        if explain:
            reasons.extend(
                f"Segment {slug}: {compiled.segments[slug].explain(state)}" for slug in held
            )
        segments = held
    return Decision(
        persona=persona,
        stage=stage,
        segments=segments,
        reasons=tuple(reasons),
        persona_source=resolver.persona_source,
        stage_source=resolver.stage_source,
        bot=ctx.device.kind == "bot",
        ruleset_version=compiled.version,
    )


def _num(value: float | None) -> str:
    return (
        "?" if value is None else (str(int(value)) if float(value).is_integer() else f"{value:g}")
    )
