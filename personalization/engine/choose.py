"""Choosing among targeted alternatives: page variants and personalized-block variants.

An alternative applies when ALL its targets hold (persona == decision.persona, stage ==
decision.stage, segment in decision.segments). The most specific applicable target wins
(`Target.specificity`); among different targets of equal specificity, the first given wins.
Every applicable alternative with that same winning target is an arm of an A/B test: the arm is
picked by weight from a stable SHA-256 hash of visitor id + experiment + target, so a visitor
keeps their arm on every request and every process. A visitor without an id always gets the
first arm (no id, no way to keep an assignment). Bots always get the default (None).

Alternatives with a schedule (`go_live_at` / `expire_at`, engine/schedule.py) take part only
while live at `ctx.now`: outside their window they are skipped before anything else, as if they
did not exist; they are never served, never an A/B arm.

Experiments (docs/experiments.md): the arms of an A/B test, or a variant with a `holdout` (a
share of the visitors it targets keeps the default content, the "Holdout" arm, which is then the
control). The first arm, or the holdout, is the control. A visitor without an id (no way to keep
an assignment) gets the control and is *excluded*: `Choice.assignment.excluded` is true and the
request never counts in an arm.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .context import VisitorContext
from .decide import Decision
from .layers import admitted
from .ruleset import Target, VariantDef
from .schedule import When, is_live, window_note

_SCALE = float(1 << 64)


HOLDOUT_ARM = "holdout"


@dataclass(frozen=True)
class Assignment:
    """Where a visitor falls in an experiment: `experiment` is the id of its first variant
    (stable across revisions), `arm` a variant id or HOLDOUT_ARM."""

    experiment: str
    arm: str
    excluded: bool = False  # no visitor id: served the control, counted in no arm


@dataclass(frozen=True)
class Choice:
    variant: VariantDef | None  # None: the default content
    arm: str | None  # the chosen variant's id when it is an A/B arm
    reason: str
    assignment: Assignment | None = None  # set when the visitor is in an experiment


@dataclass(frozen=True)
class Pick:
    """The index-level answer shared by page variants and block variants.

    `reason` is the short why ("no variant targets this visitor", "for persona racer"); `target`
    and `ab_note` let callers word their own sentence (content.py says "alternative", not "variant").
    """

    index: int | None
    ab: bool
    reason: str
    target: Target | None = None  # the winning target (None: the default)
    ab_note: str = ""  # "A/B test: arm 1 of 2, weight 50 of 100"; "" when no test
    bot: bool = False
    waiting: tuple[int, ...] = ()  # options that target the visitor at least as well, not live now
    arms: tuple[int, ...] = ()  # the options that are arms of the experiment (first: control)
    holdout: float = 0.0  # share kept on the default content, 0..1
    in_holdout: bool = False  # this visitor is in that share (index is None)
    excluded: bool = False  # no visitor id: the control, outside the experiment


def applies(target: Target, decision: Decision) -> bool:
    """Do all of this target's parts hold for the decision?"""
    if target.persona is not None and target.persona != decision.persona:
        return False
    if target.stage is not None and target.stage != decision.stage:
        return False
    if target.segment is not None and target.segment not in decision.segments:
        return False
    return target.persona is not None or target.stage is not None or target.segment is not None


def audience(target: Target) -> str:
    """Who an alternative is for, as reasons say it: "persona racer and stage compare"."""
    parts = [
        f"{kind} {slug}"
        for kind, slug in (
            ("persona", target.persona),
            ("stage", target.stage),
            ("segment", target.segment),
        )
        if slug
    ]
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    return parts[0] if parts else "everyone"


def pick(
    ctx: VisitorContext,
    decision: Decision,
    options: Sequence[tuple[Target, int | None]],
    experiment: str,
    windows: Sequence[tuple[When, When]] | None = None,
    holdouts: Sequence[int] | None = None,
    weights: Sequence[float | None] | None = None,
    layers: Sequence[str] | None = None,
    traffic: Sequence[int | None] | None = None,
    layer_members: Mapping[str, Sequence[str]] | None = None,
) -> Pick:
    """Which of (target, weight) options to serve; index None means the default. `windows`
    gives each option's (go_live_at, expire_at); an option not live at ctx.now is skipped.
    `holdouts` (percent per option) and `weights` (bandit weights overriding the given ones)
    are per option too; so are `layers` and `traffic` (engine/layers.py: who enters the test at
    all), with `layer_members` the tests of each layer."""
    if decision.bot or ctx.device.kind == "bot":
        return Pick(None, False, "bots get no variant", bot=True)
    live = [True] * len(options) if windows is None else [is_live(ctx.now, *w) for w in windows]
    best_key: tuple[int, int] | None = None
    best_target: Target | None = None
    for (target, _), on in zip(options, live, strict=True):
        if on and applies(target, decision):
            key = target.specificity
            if best_key is None or key > best_key:
                best_key, best_target = key, target
    waiting = tuple(
        i
        for i, ((target, _), on) in enumerate(zip(options, live, strict=True))
        if not on
        and applies(target, decision)
        and (best_key is None or target.specificity >= best_key)
    )
    if best_target is None:
        return Pick(None, False, "no variant targets this visitor", waiting=waiting)
    who = f"for {audience(best_target)}"
    arms = [
        i
        for i, ((target, _), on) in enumerate(zip(options, live, strict=True))
        if on and target == best_target
    ]
    holdout = (
        max((min(100, max(0, holdouts[i] or 0)) for i in arms), default=0) / 100
        if holdouts
        else 0.0
    )
    given = [weights[i] if weights and weights[i] is not None else options[i][1] for i in arms]
    base: dict[str, Any] = dict(
        target=best_target, arms=tuple(arms), holdout=holdout, waiting=waiting
    )
    if len(arms) == 1 and not holdout:
        return Pick(arms[0], False, who, best_target, waiting=waiting)
    layer = next((layers[i] for i in arms if layers[i]), "") if layers else ""
    shares = [t for t in (traffic[i] for i in arms) if t is not None] if traffic else []
    share_in = min(shares) if shares else None
    entered, why_not = admitted(ctx.visitor_id, experiment, layer, share_in, layer_members)
    if not entered:
        return Pick(
            None, False, f"{who}, but {why_not}: the default content", excluded=True, **base
        )
    share = _weights(given)
    total = sum(share)
    if not ctx.visitor_id:
        if holdout:
            return Pick(
                None,
                False,
                f"{who}, but the visitor has no id: the holdout's default content",
                excluded=True,
                **base,
            )
        note = f"A/B test: the first of {len(arms)} arms, as the visitor has no id"
        return Pick(arms[0], True, f"{who} ({note})", ab_note=note, excluded=True, **base)
    point = bucket(ctx.visitor_id, experiment, best_target)
    if holdout:
        if point < holdout:
            return Pick(
                None,
                False,
                f"{who}, kept on the default content as its holdout "
                f"({_num(round(holdout * 100, 2))}% of its audience)",
                in_holdout=True,
                **base,
            )
        point = (point - holdout) / (1 - holdout)
    if len(arms) == 1:
        return Pick(arms[0], False, who, **base)
    if total <= 0:
        note = f"A/B test: the first of {len(arms)} arms, as no arm has a weight"
        return Pick(arms[0], True, f"{who} ({note})", ab_note=note, **base)
    point *= total
    for i, weight in zip(arms, share, strict=True):
        if point < weight:
            chosen = i
            break
        point -= weight
    else:  # pragma: no cover - float rounding at the very top of the range
        chosen = arms[-1]
    weight = share[arms.index(chosen)]
    note = f"A/B test: arm {arms.index(chosen) + 1} of {len(arms)}, weight {_num(weight)} of {_num(total)}"
    return Pick(chosen, True, f"{who} ({note})", ab_note=note, **base)


def waiting_note(
    ctx: VisitorContext,
    result: Pick,
    names: Sequence[str],
    windows: Sequence[tuple[When, When]],
    noun: str = "variant",
) -> str:
    """ "variant 'Black Friday' goes live 2026-11-27 00:00 UTC": the scheduled alternatives that
    would otherwise have been considered ("" when none)."""
    return "; ".join(
        f"{noun} {names[i]!r} {window_note(ctx.now, *windows[i])}" for i in result.waiting
    )


def choose_variant(
    ctx: VisitorContext,
    decision: Decision,
    variants: Sequence[VariantDef],
    experiment: str,
    weights: Mapping[str, float] | None = None,
    layer_members: Mapping[str, Sequence[str]] | None = None,
) -> Choice:
    """The page (or block) variant to serve; `experiment` names the test, e.g. "page:42".
    `weights`: variant id -> weight, overriding the authored weights (bandit allocation).
    `layer_members`: layer -> the experiment keys of its tests (engine/layers.py).

    The reason is a whole sentence: "Variant 'Racer home' for persona racer", or "Default
    content: no variant targets this visitor" (plus the scheduled variants that are not live).
    """
    windows = [(v.go_live_at, v.expire_at) for v in variants]
    result = pick(
        ctx,
        decision,
        [(v.target, v.weight) for v in variants],
        experiment,
        windows,
        holdouts=[v.holdout for v in variants],
        weights=[weights.get(v.id) for v in variants] if weights else None,
        layers=[v.layer for v in variants],
        traffic=[v.traffic for v in variants],
        layer_members=layer_members,
    )
    note = waiting_note(ctx, result, [v.name for v in variants], windows)
    assignment = None
    if result.arms and (len(result.arms) > 1 or result.holdout):
        control = HOLDOUT_ARM if result.holdout else variants[result.arms[0]].id
        arm = HOLDOUT_ARM if result.index is None else variants[result.index].id
        assignment = Assignment(
            variants[result.arms[0]].id, control if result.excluded else arm, result.excluded
        )
    if result.index is None:
        reason = f"Default content: {result.reason}"
        return Choice(None, None, f"{reason} ({note})" if note else reason, assignment)
    variant = variants[result.index]
    reason = f"Variant {variant.name!r} {result.reason}"
    return Choice(
        variant,
        variant.id if result.ab else None,
        f"{reason} ({note})" if note else reason,
        assignment,
    )


def in_site_holdout(visitor_id: str | None, percent: float) -> bool:
    """Is this visitor in the site-wide holdout (never personalized)? Visitors without an id
    never are: nobody can keep them there or measure them."""
    if not visitor_id or percent <= 0:
        return False
    return bucket(visitor_id, "site", Target()) < min(percent, 100) / 100


def bucket(visitor_id: str, experiment: str, target: Target) -> float:
    """A stable number in [0, 1) for this visitor in this experiment (SHA-256, process-independent)."""
    key = f"{visitor_id}\x1f{experiment}\x1f{target.persona or ''}/{target.stage or ''}/{target.segment or ''}"
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / _SCALE


def _weights(given: list[float | None]) -> list[float]:
    """Arms without a weight get 1 when no arm has one, else the average of the given weights."""
    known = [max(0, w) for w in given if w is not None]
    fill = (sum(known) / len(known)) if known else 1
    return [float(max(0, w)) if w is not None else float(fill) for w in given]


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
