"""The coverage matrix: for every persona x stage, which alternative a visitor gets, worked out
with the engine's own precedence (engine/choose.py `pick`), so the grid cannot disagree with
what visitors are served.

Plain functions over plain data: options (name, target, weight) in, cells out. Loading options
from pages is in coverage_data.py; drawing them is in the templates.

A cell is for a visitor whose persona and stage are known and whose segments are not: the
alternatives that need a segment are shown as "if in segment X" when they would beat what the
cell otherwise gets.

Block alternatives sit in a body: the page's, or a variant's own. A visitor reads the body of
the variant the engine picks for them when that variant overrides the body, else the page's
(variants inherit it). A cell of a block whose body this visitor does not read says which body
they read instead (`Cell.elsewhere`), so the grid follows the same effective content as the
website (tests/admin/test_coverage_property.py checks it against personalizedPage)."""

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
    own_body: bool = False  # a page variant that overrides the page's body


@dataclass(frozen=True)
class Scope:
    """Where a block's alternatives sit: `body_of` None for the page's body, else the name of
    the variant whose own body holds them; `variants` are the page's variants (they decide
    which body a visitor reads)."""

    body_of: str | None
    variants: tuple[Option, ...] = ()


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
    elsewhere: str = ""  # in this segment the visitor reads another body (see Cell)


@dataclass(frozen=True)
class Cell:
    persona: str | None
    stage: str | None
    options: tuple[Option, ...] = ()  # () = the default content; several = A/B arms
    conditionals: tuple[Conditional, ...] = ()
    elsewhere: str = ""  # not "": this visitor reads another body, which this says

    @property
    def is_default(self) -> bool:
        return not self.options and not self.elsewhere

    @property
    def kind(self) -> str:
        """What decided the cell, for its color: persona-stage, persona, stage or default."""
        if self.elsewhere:
            return "elsewhere"
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


def elsewhere(
    scope: Scope | None, persona: str | None, stage: str | None, segments: tuple[str, ...] = ()
) -> str:
    """Empty when this visitor reads the body of `scope`; else which body they read instead."""
    if scope is None:
        return ""
    arms = _winners(scope.variants, persona, stage, segments)
    owners = [arm.name if arm.own_body else None for arm in arms] or [None]
    if scope.body_of in owners:
        return ""
    if owners[0] is None:
        return gettext("reads the page's body")
    return gettext("reads the own body of variant “%(name)s”") % {"name": owners[0]}


def cell_for(
    options: Sequence[Option],
    persona: str | None,
    stage: str | None,
    segment_names: Mapping[str, str] | None = None,
    scope: Scope | None = None,
) -> Cell:
    """The cell for one persona x stage: the sure winner without segments, then each segment
    that would change it (the alternative, or the body the visitor reads)."""
    other = elsewhere(scope, persona, stage)
    sure = () if other else _winners(options, persona, stage)
    conditionals = []
    targets = list(options) + list(scope.variants if scope else ())
    segments = dict.fromkeys(o.target.segment for o in targets if o.target.segment)
    for segment in segments:
        other_then = elsewhere(scope, persona, stage, (segment,))
        with_segment = () if other_then else _winners(options, persona, stage, (segment,))
        if (with_segment, other_then) != (sure, other):
            name = (segment_names or {}).get(segment, segment)
            conditionals.append(Conditional(segment, name, with_segment, other_then))
    return Cell(persona, stage, sure, tuple(conditionals), other)


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
    scope: Scope | None = None,
) -> Grid:
    rows, columns = with_anyone(personas, stages)
    cells = tuple(
        tuple(cell_for(options, p.slug, s.slug, segment_names, scope) for s in columns)
        for p in rows
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
    choice_points: Sequence[Sequence[Option]],
    personas: Sequence[Axis],
    stages: Sequence[Axis],
    scopes: Sequence[Scope | None] = (),
) -> Gaps:
    """`choice_points`: every set of alternatives on the site (a page's variants, each
    personalized block's alternatives), with the body each sits in (`scopes`, in the same
    order; missing: always read). Segment-only content covers no cell: it is not written for a
    persona or a stage."""
    scoped = list(scopes) + [None] * (len(choice_points) - len(scopes))
    named_personas = {o.target.persona for point in choice_points for o in point}
    named_stages = {o.target.stage for point in choice_points for o in point}
    covered: dict[tuple[str | None, str | None], int] = {}
    empty = []
    for persona in personas:
        for stage in stages:
            count = sum(
                1
                for point, scope in zip(choice_points, scoped, strict=True)
                if not elsewhere(scope, persona.slug, stage.slug)
                and _winners(point, persona.slug, stage.slug)
            )
            covered[(persona.slug, stage.slug)] = count
            if not count:
                empty.append((persona, stage))
    return Gaps(
        personas=tuple(p for p in personas if p.slug not in named_personas),
        stages=tuple(s for s in stages if s.slug not in named_stages),
        cells=tuple(empty),
        covered=covered,
    )
