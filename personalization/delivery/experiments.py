"""Delivery's side of experiments: the site-wide holdout and bandit weights the engine is given
as data (engine/page.py applies them), and recording exposures when an arm is actually served
(docs/experiments.md)."""

from __future__ import annotations

from collections.abc import Sequence

from personalization.engine.choose import Choice
from personalization.engine.content import BlockChoice
from personalization.engine.context import VisitorContext
from personalization.engine.decide import Decision
from personalization.experiments import exposures
from personalization.experiments.bandit import cached_weights
from personalization.experiments.settings_cache import site_holdout

from .page_snapshot import PageSnapshot


def site_holdout_percent(site) -> int:
    return site_holdout(site)


def bandit_weights(snapshot: PageSnapshot) -> dict[str, float] | None:
    """Variant id -> weight for the page's bandit arms; None when it has none (no cache read)."""
    if not any(v.allocation == "bandit" for v in snapshot.variants):
        return None
    return cached_weights(snapshot.page_id)


def record_exposures(
    choice: Choice,
    ctx: VisitorContext,
    decision: Decision,
    page_id: int,
    *,
    site_percent: int,
    held_out: bool,
    blocks: Sequence[BlockChoice] = (),
) -> None:
    """The page experiment's exposure (or excluded request), each A/B-tested block's, and the
    site-wide holdout's: one statement each, none when the page serves no experiment and there
    is no holdout."""
    breakdown = exposures.Breakdown(
        persona=decision.persona or "",
        stage=decision.stage or "",
        channel=ctx.source.channel or "",
        device=ctx.device.kind or "",
        country=(ctx.location.country_code if ctx.location else None) or "",
    )
    assignment = choice.assignment
    if assignment is not None:
        exposures.record(
            assignment.experiment,
            assignment.arm,
            None if assignment.excluded else ctx.visitor_id,
            page_id=page_id,
            now=ctx.now,
            breakdown=breakdown,
        )
    for block in blocks:
        a = block.choice.assignment
        if a is not None:
            exposures.record(
                exposures.block_id(page_id, a.experiment),
                exposures.block_id(page_id, a.arm),
                None if a.excluded else ctx.visitor_id,
                page_id=page_id,
                now=ctx.now,
                breakdown=breakdown,
            )
    if site_percent and ctx.visitor_id:
        arm = exposures.HOLDOUT_ARM if held_out else exposures.PERSONALIZED_ARM
        exposures.record(
            exposures.SITE_EXPERIMENT,
            arm,
            ctx.visitor_id,
            page_id=None,
            now=ctx.now,
            breakdown=breakdown,
        )
