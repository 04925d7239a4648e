"""Reading segments back as site-format conditions, in a number of queries that does not grow
with the number of segments: one for the segments, one per rule model (and one for site roots
when wagtail-personalisation's page visit rule is used).

Normal form (so that dump -> load -> dump is a fixed point): a segment's rules in position order;
one rule alone is the bare test, several are {all: [...]} or {any: [...]} after the segment's
match-any flag; a rule with "exclude" ticked is {not: test}; a reference to an owned group segment
is replaced by that group's own condition. A segment with no rules never matches: {any: []}.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from wagtail.models import Site
from wagtail_personalisation.models import Segment
from wagtail_personalisation.rules import AbstractBaseRule, VisitCountRule

from personalization.models import SegmentIdentity

from .editor_values import EQ
from .legacy import NEVER, legacy_condition
from .models import RULE_MODELS, ReferenceRule
from .models.base import RuleFields

_AFTER_TAILOR_RULES = 10**9


@dataclass(frozen=True)
class SegmentInfo:
    id: int
    name: str
    match_any: bool
    enabled: bool
    slug: str | None
    role: str | None

    @property
    def public(self) -> bool:
        return self.role == SegmentIdentity.PUBLIC


def rule_models() -> list[type[AbstractBaseRule]]:
    """Every rule model: Tailor's first, then wagtail-personalisation's and any other app's."""
    others = [m for m in AbstractBaseRule.get_descendant_models() if m not in RULE_MODELS]
    return [*RULE_MODELS, *others]


def _sort_key(rule: Any, order: dict[type, int]) -> tuple[int, int, int]:
    position = rule.position if isinstance(rule, RuleFields) else _AFTER_TAILOR_RULES
    return position, order[type(rule)], rule.pk or 0


@dataclass
class Book:
    """Segments and their rule rows, loaded once; conditions computed on demand."""

    segments: dict[int, SegmentInfo]
    rows: dict[int, list[Any]]
    root_paths: list[str] = field(default_factory=list)
    _memo: dict[int, dict[str, Any]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.by_slug = {info.slug: info for info in self.segments.values() if info.slug}
        order = {model: i for i, model in enumerate(rule_models())}
        for rules in self.rows.values():
            rules.sort(key=lambda rule: _sort_key(rule, order))

    def condition(self, segment_id: int) -> dict[str, Any]:
        """The segment's rules as one normalised site-format condition."""
        if segment_id not in self._memo:
            info = self.segments[segment_id]
            self._memo[segment_id] = self.condition_of(
                self.rows.get(segment_id, []), info.match_any, {segment_id}
            )
        return self._memo[segment_id]

    def condition_of(
        self, rules: Iterable[Any], match_any: bool, stack: set[int]
    ) -> dict[str, Any]:
        """The condition for a list of rule rows (also rows not saved yet, from the editor)."""
        items = [self._item(rule, stack) for rule in rules]
        if not items:
            return NEVER
        if len(items) == 1:
            return items[0]
        return {"any" if match_any else "all": items}

    def _item(self, rule: Any, stack: set[int]) -> dict[str, Any]:
        if not isinstance(rule, RuleFields):
            return legacy_condition(rule, self.root_paths)
        group = self._owned_group(rule)
        if group is not None and group.id not in stack:
            inner = self.condition_of(
                self.rows.get(group.id, []), group.match_any, stack | {group.id}
            )
            return {"not": inner} if rule.negate else inner
        try:
            return rule.as_condition()
        except ValidationError:
            return NEVER  # a row the editor would have refused; never holds, like the engine's

    def _owned_group(self, rule: RuleFields) -> SegmentInfo | None:
        if not (
            isinstance(rule, ReferenceRule)
            and rule.kind == ReferenceRule.SEGMENT
            and rule.operator == EQ
        ):
            return None
        target = self.by_slug.get(rule.value.strip().lower())
        return target if target is not None and target.role == SegmentIdentity.OWNED else None

    def owned_children(self, segment_id: int) -> list[SegmentInfo]:
        """The owned group segments this segment's rules stand for ("<slug>--<n>")."""
        info = self.segments[segment_id]
        if not info.slug:
            return []
        pattern = re.compile(re.escape(info.slug) + r"--\d+")
        children = []
        for rule in self.rows.get(segment_id, []):
            group = self._owned_group(rule) if isinstance(rule, RuleFields) else None
            if group is not None and group.slug and pattern.fullmatch(group.slug):
                children.append(group)
        return children

    def owned_tree(self, segment_id: int) -> list[SegmentInfo]:
        """Every owned group below a segment, depth first."""
        found: list[SegmentInfo] = []
        for child in self.owned_children(segment_id):
            if child not in found:
                found += [child, *self.owned_tree(child.id)]
        return found


def _segment_infos(queryset) -> dict[int, SegmentInfo]:
    rows = queryset.values_list(
        "id", "name", "match_any", "status", "identity__slug", "identity__role"
    )
    return {
        pk: SegmentInfo(pk, name, match_any, status == Segment.STATUS_ENABLED, slug, role)
        for pk, name, match_any, status, slug, role in rows
    }


def _load_rows(segment_ids: set[int] | None) -> tuple[dict[int, list[Any]], list[str]]:
    rows: dict[int, list[Any]] = {}
    needs_roots = False
    for model in rule_models():
        queryset = model._default_manager.all()
        if segment_ids is not None:
            queryset = queryset.filter(segment_id__in=segment_ids)
        if model is VisitCountRule:
            queryset = queryset.select_related("counted_page")
        for rule in queryset:
            rows.setdefault(rule.segment_id, []).append(rule)
            needs_roots = needs_roots or model is VisitCountRule
    roots = list(Site.objects.values_list("root_page__url_path", flat=True)) if needs_roots else []
    return rows, roots


def load_book() -> Book:
    """Every segment with its rules: 1 + one query per rule model (+1 for site roots)."""
    segments = _segment_infos(Segment.objects.all())
    rows, roots = _load_rows(None)
    return Book(segments, rows, roots)


def load_book_for(segment_ids: Iterable[int]) -> Book:
    """Only the given segments and the owned groups they reference, level by level."""
    segments = _segment_infos(Segment.objects.filter(pk__in=set(segment_ids)))
    rows: dict[int, list[Any]] = {}
    roots: list[str] = []
    pending = set(segments)
    while pending:
        level_rows, level_roots = _load_rows(pending)
        rows.update(level_rows)
        roots = roots or level_roots
        slugs = {
            rule.value.strip().lower()
            for rules in level_rows.values()
            for rule in rules
            if isinstance(rule, ReferenceRule)
            and rule.kind == ReferenceRule.SEGMENT
            and rule.operator == EQ
        }
        found = (
            _segment_infos(
                Segment.objects.filter(
                    identity__slug__in=slugs, identity__role=SegmentIdentity.OWNED
                )
            )
            if slugs
            else {}
        )
        pending = set(found) - set(segments)
        segments.update(found)
    return Book(segments, rows, roots)


def read_condition(segment: Segment) -> dict[str, Any]:
    """A segment's rules as a normalised site-format condition (owned groups inlined)."""
    return load_book_for([segment.pk]).condition(segment.pk)


def read_conditions() -> dict[str, dict[str, Any]]:
    """Every public segment's condition by slug, in a constant number of queries."""
    book = load_book()
    return {
        info.slug: book.condition(info.id)
        for info in book.segments.values()
        if info.public and info.slug
    }
