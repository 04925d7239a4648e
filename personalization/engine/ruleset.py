"""The compiled rule set the engine reads: plain data built from the database by
personalization/rules/build.py (or directly in tests).

A Condition is the site-format condition as plain JSON-like data, exactly as in
../shared/spec/site-format.md: {"all": [...]}, {"any": [...]}, {"not": C} or {SIGNAL: TEST}.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

Condition = Mapping[str, Any]


@dataclass(frozen=True)
class PersonaDef:
    slug: str
    name: str
    description: str = ""
    priority: int = 0
    rules: Condition | None = None
    score_threshold: float | None = None
    public_name: str = ""  # what visitors may read; "" = never named to them
    public_description: str = ""


@dataclass(frozen=True)
class StageDef:
    slug: str
    name: str
    order: int
    rules: Condition | None = None


@dataclass(frozen=True)
class SegmentDef:
    slug: str
    name: str
    rules: Condition


@dataclass(frozen=True)
class Target:
    persona: str | None = None
    stage: str | None = None
    segment: str | None = None

    @property
    def specificity(self) -> tuple[int, int]:
        """Higher wins: persona + stage > persona > stage > segment; more targets beat fewer.

        (number of targets, persona 4 + stage 2 + segment 1): the count comes first so that any
        two-target variant beats any one-target one; the weights then order equal counts, giving
        persona+stage+segment > persona+stage > persona+segment > stage+segment > persona >
        stage > segment.
        """
        count = (self.persona is not None) + (self.stage is not None) + (self.segment is not None)
        weight = (
            4 * (self.persona is not None)
            + 2 * (self.stage is not None)
            + (self.segment is not None)
        )
        return count, weight

    def describe(self) -> str:
        """ "persona developer + stage evaluate": how reasons name a target."""
        parts = [
            f"{kind} {slug}"
            for kind, slug in (
                ("persona", self.persona),
                ("stage", self.stage),
                ("segment", self.segment),
            )
            if slug
        ]
        return " + ".join(parts) or "everyone"


@dataclass(frozen=True)
class VariantDef:
    """One alternative of a page or of a personalized block."""

    id: str  # stable: page variants "page:<page id>:<variant key>"
    name: str
    target: Target
    weight: int | None = None  # several variants with the same target: A/B arms
    go_live_at: datetime | None = None  # served only from this time (engine/schedule.py)
    expire_at: datetime | None = None  # ... and before this one
    holdout: int = 0  # percent of the targeted visitors kept on the default content
    allocation: str = ""  # "bandit": the arms' weights follow the results
    layer: str = ""  # mutually exclusive experiments: a visitor is in at most one test of a layer
    traffic: int = 100  # percent of the targeted visitors who enter the test (engine/layers.py)


@dataclass(frozen=True)
class RuleSet:
    version: str  # changes whenever anything it was compiled from changes
    personas: tuple[PersonaDef, ...] = ()
    stages: tuple[StageDef, ...] = ()  # sorted by order
    segments: Mapping[str, SegmentDef] = field(default_factory=dict)
    site_timezone: str = "UTC"

    def persona(self, slug: str | None) -> PersonaDef | None:
        """The persona with this slug (case-insensitive), or None."""
        if not slug:
            return None
        slug = slug.lower()
        return next((p for p in self.personas if p.slug == slug), None)

    def stage(self, slug: str | None) -> StageDef | None:
        """The stage with this slug (case-insensitive), or None."""
        if not slug:
            return None
        slug = slug.lower()
        return next((s for s in self.stages if s.slug == slug), None)
