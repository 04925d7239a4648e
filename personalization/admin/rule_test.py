""" "Test these rules": a sample visitor, built the way delivery builds a real one, tested against
the saved rules of one persona, stage or segment, with the engine's verdict for every part.

The visitor is made of request facts (landing URL, referrer, address, user agent, time) that go
through delivery's own `build_context` (GeoIP lookup, user-agent parsing, channel rules), a
sample history standing in for a consenting visitor's profile, and typed place / device values
applied with delivery's preview simulation. Nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from personalization.delivery.compiled import current_compiled
from personalization.delivery.service import build_context
from personalization.delivery.simulate import apply_simulation
from personalization.engine.context import VisitorContext
from personalization.engine.decide import decide
from personalization.engine.trace import Verdict, trace_condition
from personalization.page_editing.visitor_form import SampleVisitorForm
from personalization.profiles.profile import Profile


@dataclass(frozen=True)
class TestResult:
    matched: bool
    verdicts: list[Verdict]
    context: VisitorContext
    persona: str | None
    persona_reason: str
    stage: str | None
    stage_reason: str


def sample_context(form: SampleVisitorForm, site_timezone: str) -> VisitorContext:
    """The VisitorContext for the form's visitor, built by delivery's own code."""
    facts, simulation, history = form.visitor(site_timezone=site_timezone)
    profile = (
        Profile(history=history, declared_persona=None, interests=(), identified=False)
        if history
        else None
    )
    ctx, _ = build_context(
        facts,
        profile=profile,
        visitor_id="sample-visitor" if profile else None,
        site_timezone=site_timezone,
    )
    if any((simulation.country, simulation.region, simulation.city, simulation.device)):
        ctx = apply_simulation(ctx, simulation)
    return ctx


def run_test(condition: dict | None, form: SampleVisitorForm, site=None) -> TestResult:
    compiled = current_compiled(site)
    ctx = sample_context(form, compiled.rules.site_timezone)
    decision = decide(ctx, compiled, explain=True)
    if condition is None:
        verdicts, matched = [], False
    else:
        root = trace_condition(condition, ctx, compiled)
        verdicts, matched = root.flat(), root.held
    # decide() puts the persona's reason first and the stage's second.
    return TestResult(
        matched,
        verdicts,
        ctx,
        decision.persona,
        decision.reasons[0],
        decision.stage,
        decision.reasons[1],
    )
