"""The coverage matrix: for every persona x stage, which alternative a visitor gets, worked out
with the engine's own precedence (engine/choose.py `pick`), so the grid cannot disagree with
what visitors are served.

Plain functions over plain data: options (name, target, weight) in, cells out. Loading options
from pages is in coverage_data.py; drawing them is in the templates.

A cell is for a visitor whose persona and stage are known and whose segments are not: the
alternatives that need a segment are shown as "if in segment X" when they would beat what the
cell otherwise gets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.utils.translation import gettext

from personalization.engine.choose import pick
from personalization.engine.context import VisitorContext
from personalization.engine.decide import Decision
from personalization.engine.ruleset import Target

# A visitor without an id: pick() then answers the first A/B arm, and we list all arms ourselves.
_ANONYMOUS = VisitorContext(now=datetime(2000, 1, 1, tzinfo=UTC))


@dataclass(frozen=True)
class Option:
    """One alternative (a page variant, or an alternative of a personalized block)."""

    name: str
    target: Target
    weight: int | None = None


@dataclass(frozen=True)
class Axis:
    """A row (persona) or column (stage) of the grid; slug None is "no persona" / "any stage"."""

    slug: str | None
    name: str


@dataclass(frozen=True)
class Conditional:
    """What the cell gets instead when the visitor is also in one segment."""

    segment: str
    segment_name: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Cell:
    persona: str | None
    stage: str | None
    options: tuple[Option, ...] = ()  # () = the default content; several = A/B arms
    conditionals: tuple[Conditional, ...] = ()

    @property
    def is_default(self) -> bool:
        return not self.options

    @property
    def kind(self) -> str:
        """What decided the cell, for its color: persona-stage, persona, stage or default."""
        if not self.options:
            return "default"
        target = self.options[0].target
        return "-".join(k for k, v in (("persona", target.persona), ("stage", target.stage)) if v)


@dataclass(frozen=True)
class Grid:
    title: str
    personas: tuple[Axis, ...]
    stages: tuple[Axis, ...]
    rows: tuple[tuple[Cell, ...], ...]
    options: tuple[Option, ...] = field(default=())

    @property
    def table(self) -> list[tuple[Axis, tuple[Cell, ...]]]:
        """(persona, its cells) per row, for templates."""
        return list(zip(self.personas, self.rows, strict=True))

    def cell(self, persona: str | None, stage: str | None) -> Cell:
        """The cell for a persona and stage (slugs); KeyError when not on the grid."""
        for row in self.rows:
            for cell in row:
                if cell.persona == persona and cell.stage == stage:
                    return cell
        raise KeyError((persona, stage))


def _winners(
    options: Sequence[Option],
    persona: str | None,
    stage: str | None,
    segments: tuple[str, ...] = (),
) -> tuple[Option, ...]:
    """The options a visitor with this persona, stage and segments gets: one, all arms of an
    A/B test, or () for the default."""
    decision = Decision(persona=persona, stage=stage, segments=segments)
    chosen = pick(_ANONYMOUS, decision, [(o.target, o.weight) for o in options], "coverage")
    if chosen.index is None:
        return ()
    target = options[chosen.index].target
    return tuple(o for o in options if o.target == target)


def cell_for(
    options: Sequence[Option],
    persona: str | None,
    stage: str | None,
    segment_names: Mapping[str, str] | None = None,
) -> Cell:
    """The cell for one persona x stage: the sure winner without segments, then each segment
    that would change it."""
    sure = _winners(options, persona, stage)
    conditionals = []
    segments = dict.fromkeys(o.target.segment for o in options if o.target.segment)
    for segment in segments:
        with_segment = _winners(options, persona, stage, (segment,))
        if with_segment != sure:
            name = (segment_names or {}).get(segment, segment)
            conditionals.append(Conditional(segment, name, with_segment))
    return Cell(persona, stage, sure, tuple(conditionals))


def with_anyone(
    personas: Sequence[Axis], stages: Sequence[Axis]
) -> tuple[tuple[Axis, ...], tuple[Axis, ...]]:
    """The axes as drawn: personas plus a "no persona" row; a single "any stage" column when the
    site has no stages."""
    rows = tuple(personas) + (Axis(None, gettext("No persona")),)
    columns = tuple(stages) or (Axis(None, gettext("Any stage")),)
    return rows, columns


def build_grid(
    title: str,
    options: Sequence[Option],
    personas: Sequence[Axis],
    stages: Sequence[Axis],
    segment_names: Mapping[str, str] | None = None,
) -> Grid:
    rows, columns = with_anyone(personas, stages)
    cells = tuple(
        tuple(cell_for(options, p.slug, s.slug, segment_names) for s in columns) for p in rows
    )
    return Grid(title, rows, columns, cells, tuple(options))


@dataclass(frozen=True)
class Gaps:
    """What no live page has content for (the site-wide report)."""

    personas: tuple[Axis, ...]  # no alternative anywhere names the persona
    stages: tuple[Axis, ...]  # no alternative anywhere names the stage
    cells: tuple[tuple[Axis, Axis], ...]  # every choice point gives this visitor the default
    covered: Mapping[
        tuple[str | None, str | None], int
    ]  # (persona, stage) -> choice points with content for it


def find_gaps(
    choice_points: Sequence[Sequence[Option]], personas: Sequence[Axis], stages: Sequence[Axis]
) -> Gaps:
    """`choice_points`: every set of alternatives on the site (a page's variants, each
    personalized block's alternatives). Segment-only content covers no cell: it is not written
    for a persona or a stage."""
    named_personas = {o.target.persona for point in choice_points for o in point}
    named_stages = {o.target.stage for point in choice_points for o in point}
    covered: dict[tuple[str | None, str | None], int] = {}
    empty = []
    for persona in personas:
        for stage in stages:
            count = sum(1 for point in choice_points if _winners(point, persona.slug, stage.slug))
            covered[(persona.slug, stage.slug)] = count
            if not count:
                empty.append((persona, stage))
    return Gaps(
        personas=tuple(p for p in personas if p.slug not in named_personas),
        stages=tuple(s for s in stages if s.slug not in named_stages),
        cells=tuple(empty),
        covered=covered,
    )
