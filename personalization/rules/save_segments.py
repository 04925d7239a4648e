"""Site-format conditions <-> wagtail-personalisation segments and Tailor's rule rows; used by
load_site / dump_site (cms/sitefmt) and by the admin.

A condition becomes one segment: {all: [...]} / {any: [...]} set its match-all / match-any flag,
each item becomes one rule row (with "exclude" ticked for {not: test}), and a nested group
becomes an OWNED segment "<slug>--<n>" referenced through a ReferenceRule. Saving the same
condition again leaves every row and id as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from wagtail_personalisation.models import Segment

from personalization.engine.validate import validate_condition
from personalization.models import SegmentIdentity

from .build import cycles_through, describe_cycle
from .current import bump_version
from .editor_values import EQ
from .models import MODEL_FOR_SIGNAL, RULE_MODELS, ReferenceRule
from .read_segments import load_book_for, read_condition, read_conditions, rule_models

__all__ = ["save_segment", "save_owned_rules", "read_condition", "read_conditions", "validate"]


@dataclass(frozen=True)
class _Row:
    model: type[Model]
    fields: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class _Group:
    condition: dict[str, Any]
    negate: bool


def validate(condition: Any) -> list[str]:
    """The engine's messages for an invalid condition (empty when valid)."""
    return validate_condition(condition)


def save_segment(
    slug: str, name: str, condition: dict[str, Any], check_cycles: bool = True
) -> Segment:
    """Create or update the public segment `slug` so that its rules are `condition`.

    Raises ValidationError when the condition is invalid, when the slug belongs to owned rules,
    or when the segment would reach itself through references (nothing is written then). A
    loader saving many segments may pass check_cycles=False and call compile.all_cycles() once
    at the end, inside the same transaction."""
    _raise_if_invalid(condition, slug)
    with transaction.atomic():
        identity = SegmentIdentity.objects.select_related("segment").filter(slug=slug).first()
        if identity is not None and identity.role != SegmentIdentity.PUBLIC:
            raise ValidationError(f"segment {slug}: the slug is already used by owned rules.")
        segment = identity.segment if identity is not None else None
        segment = _save_tree(segment, slug, SegmentIdentity.PUBLIC, name, condition)
        cycles = cycles_through(slug) if check_cycles else []
        if cycles:
            raise ValidationError(
                f"segment {slug}: its rules refer back to it: {describe_cycle(cycles[0])}."
            )
    return segment


def save_owned_rules(
    owner_slug: str, name: str, condition: dict[str, Any] | None, existing: Segment | None
) -> Segment | None:
    """The owned segment holding a persona's or stage's rules (slug e.g. "persona--family").

    `existing` is the owner's current rules segment: reused when it is owned (its slug follows
    `owner_slug`), left alone when it is a public segment an editor picked. With condition None
    the owned segment is deleted and None returned. Reference cycles through personas and stages
    are for the caller to check once everything is loaded (engine.cycles.find_cycles)."""
    with transaction.atomic():
        current = _owned_segment(owner_slug, existing)
        if condition is None:
            if current is not None:
                _delete_tree(current)
            return None
        _raise_if_invalid(condition, owner_slug)
        return _save_tree(current, owner_slug, SegmentIdentity.OWNED, name, condition)


def _raise_if_invalid(condition: Any, slug: str) -> None:
    errors = validate(condition)
    if errors:
        raise ValidationError([f"{slug}: {message}" for message in errors])


def _owned_segment(owner_slug: str, existing: Segment | None) -> Segment | None:
    identity = SegmentIdentity.objects.select_related("segment").filter(slug=owner_slug).first()
    if identity is not None and identity.role != SegmentIdentity.OWNED:
        raise ValidationError(f"{owner_slug}: the slug is already used by a public segment.")
    if identity is not None:
        return identity.segment
    if existing is not None:
        mine = SegmentIdentity.objects.filter(segment=existing, role=SegmentIdentity.OWNED).first()
        if mine is not None:
            mine.slug = owner_slug
            mine.save(update_fields=["slug"])
            return existing
    return None


def _save_tree(
    segment: Segment | None, slug: str, role: str, name: str, condition: dict[str, Any]
) -> Segment:
    if segment is None:
        segment = _create_segment(slug, role, name)
    book = load_book_for([segment.pk])
    old_groups = {info.slug: info.id for info in book.owned_tree(segment.pk)}
    used: set[str] = set()
    _write(segment, slug, name, condition, old_groups, used)
    stale = [pk for group_slug, pk in old_groups.items() if group_slug not in used]
    if stale:
        Segment.objects.filter(pk__in=stale).delete()
    return segment


def _create_segment(slug: str, role: str, name: str) -> Segment:
    if SegmentIdentity.objects.filter(slug=slug).exists():
        raise ValidationError(f"{slug}: the slug is already used by another segment.")
    segment = Segment(name=name)
    segment._tailor_identity_pending = True  # signal_handlers: do not derive a slug from the name
    segment.save()
    SegmentIdentity.objects.create(segment=segment, slug=slug, role=role)
    return segment


def _write(
    segment: Segment,
    slug: str,
    name: str,
    condition: dict[str, Any],
    old_groups: dict[str | None, int],
    used: set[str],
) -> None:
    match_any, items = _plan(condition)
    rows: list[_Row] = []
    groups = 0
    for position, item in enumerate(items):
        if isinstance(item, _Group):
            groups += 1
            child_slug = f"{slug}--{groups}"
            used.add(child_slug)
            if child_slug in old_groups:
                child = Segment.objects.get(pk=old_groups[child_slug])
            else:
                child = _create_segment(
                    child_slug, SegmentIdentity.OWNED, f"{name} (group {groups})"
                )
            _write(child, child_slug, f"{name} (group {groups})", item.condition, old_groups, used)
            fields = {"kind": ReferenceRule.SEGMENT, "operator": EQ, "value": child_slug}
            rows.append(_row(ReferenceRule, fields, item.negate, position))
        else:
            rows.append(_row(item[0], item[1], item[2], position))
    if segment.name != name or segment.match_any != match_any:
        segment.name, segment.match_any = name, match_any
        segment.save(update_fields=["name", "match_any", "edit_date"])
    _replace_rows(segment, rows)


def _row(model: type[Model], fields: dict[str, Any], negate: bool, position: int) -> _Row:
    return _Row(model, tuple(sorted({**fields, "negate": negate, "position": position}.items())))


def _plan(condition: dict[str, Any]) -> tuple[bool, list]:
    """(match any?, items): each item a (model, fields, negate) row or a _Group."""
    ((key, value),) = condition.items()
    match_any = key == "any"
    items = value if key in ("all", "any") else [condition]
    return match_any, [_plan_item(item) for item in items]


def _plan_item(item: dict[str, Any]):
    ((key, value),) = item.items()
    if key in ("all", "any"):
        return _Group(item, False)
    if key == "not":
        ((inner_key, inner_value),) = value.items()
        if inner_key in ("all", "any", "not"):
            return _Group(value, True)
        return _leaf_row(inner_key, inner_value, negate=True)
    return _leaf_row(key, value, negate=False)


def _leaf_row(signal: str, test: Any, negate: bool) -> tuple[type, dict[str, Any], bool]:
    model = MODEL_FOR_SIGNAL[signal]
    return model, model.row_fields(signal, test), negate


def _replace_rows(segment: Segment, rows: list[_Row]) -> None:
    """Make the segment's rule rows exactly `rows`; untouched (same ids) when they already are."""
    existing: list[_Row] = []
    others = False
    for model in rule_models():
        for rule in model._default_manager.filter(segment=segment):
            if model in RULE_MODELS:
                existing.append(_row_of(rule))
            else:
                others = True  # wagtail-personalisation's rules: replaced by the condition
    if not others and sorted(existing, key=_position) == sorted(rows, key=_position):
        return
    for model in rule_models():
        model._default_manager.filter(segment=segment).delete()
    for row in rows:
        row.model._default_manager.create(segment=segment, **dict(row.fields))
    bump_version()


def _row_of(rule: Any) -> _Row:
    names = [f.name for f in rule._meta.concrete_fields if f.name not in ("id", "segment")]
    return _Row(type(rule), tuple(sorted((name, getattr(rule, name)) for name in names)))


def _position(row: _Row) -> int:
    return dict(row.fields)["position"]


def _delete_tree(segment: Segment) -> None:
    book = load_book_for([segment.pk])
    ids = [segment.pk, *(info.id for info in book.owned_tree(segment.pk))]
    Segment.objects.filter(pk__in=ids).delete()
