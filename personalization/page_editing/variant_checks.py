"""What the page form refuses, worked out on plain data so it can be tested (and reused)
without a form: two alternatives with the same target where one has no weight (the engine
could not tell which to serve), alternatives with no target at all, and unknown placeholders.

Stream values are read in their stored JSON shape (`StreamBlock.get_prep_value`): a list of
`{"type", "value", "id"}`, list items as `{"type": "item", "value"}`, rich text as HTML."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext

from personalization.engine.schedule import When, as_time

from .placeholders import placeholder_error

TEXT_BLOCKS = ("heading", "paragraph")


@dataclass(frozen=True)
class Targeted:
    """One alternative as the tie check sees it: a label for messages, its target, its weight."""

    label: str
    persona: str | None = None
    stage: str | None = None
    segment: str | None = None
    weight: int | None = None
    go_live_at: When = None
    expire_at: When = None

    @property
    def key(self) -> tuple[str | None, str | None, str | None]:
        return (self.persona or None, self.stage or None, self.segment or None)

    @property
    def has_target(self) -> bool:
        return any(self.key)

    def describe(self) -> str:
        """ "persona family + stage decide": how messages name a target."""
        return describe_target(*self.key)


def describe_target(persona: str | None, stage: str | None, segment: str | None) -> str:
    parts = [
        f"{kind} {value}"
        for kind, value in (("persona", persona), ("stage", stage), ("segment", segment))
        if value
    ]
    return " + ".join(parts) or gettext("no target")


def find_ties(items: Sequence[Targeted]) -> list[tuple[Targeted, Targeted]]:
    """Pairs with the same target where either has no weight, and whose schedules overlap (one
    campaign variant after another is fine). All-weighted pairs are an A/B test and fine;
    alternatives without any target are reported by `missing_targets`."""
    ties = []
    for i, first in enumerate(items):
        for second in items[i + 1 :]:
            if (
                first.has_target
                and first.key == second.key
                and (first.weight is None or second.weight is None)
                and windows_overlap(first, second)
            ):
                ties.append((first, second))
    return ties


def windows_overlap(first: Targeted, second: Targeted) -> bool:
    """Can both be live at the same moment? (go live inclusive, expiry exclusive; no end = open)"""
    starts = [t for t in (as_time(first.go_live_at), as_time(second.go_live_at)) if t is not None]
    ends = [t for t in (as_time(first.expire_at), as_time(second.expire_at)) if t is not None]
    return not starts or not ends or max(starts) < min(ends)


def schedule_message(item: Targeted) -> str | None:
    """An alternative whose expiry is not after its go-live time would never be served."""
    start, end = as_time(item.go_live_at), as_time(item.expire_at)
    if start is not None and end is not None and end <= start:
        return gettext(
            "%(label)s would never be served: its expiry must be later than its go-live time."
        ) % {"label": item.label}
    return None


def tie_message(first: Targeted, second: Targeted) -> str:
    return gettext(
        "%(first)s and %(second)s both target %(target)s: a visitor can only get one. Change a target, "
        "or give both a weight to split traffic between them (A/B test)."
    ) % {"first": first.label, "second": second.label, "target": first.describe()}


def no_target_message(item: Targeted) -> str:
    return gettext(
        "%(label)s has no target: choose a persona, a stage or a segment "
        "(visitors who match no alternative get the default content)."
    ) % {"label": item.label}


def targeting_errors(items: Sequence[Targeted]) -> list[str]:
    """Every tie and every alternative without a target, as messages."""
    errors = [no_target_message(item) for item in items if not item.has_target]
    errors += [tie_message(a, b) for a, b in find_ties(items)]
    return errors


# -- stream values -----------------------------------------------------------------------------


def list_items(list_value: Any) -> Iterator[Any]:
    """ListBlock items in either stored shape (with or without `{"type": "item"}` wrappers)."""
    for item in list_value or []:
        if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
            yield item["value"]
        else:
            yield item


def _texts(block_type: str | None, value: Any) -> Iterator[tuple[str, str]]:
    """(field name, text) pairs of one block that may hold placeholders."""
    if block_type in TEXT_BLOCKS and isinstance(value, str):
        yield block_type, value
    elif block_type == "cta" and isinstance(value, dict):
        yield gettext("CTA label"), value.get("label") or ""


def alternative_label(index: int, alternative: dict) -> str:
    target = Targeted(
        "", alternative.get("persona"), alternative.get("stage"), alternative.get("segment")
    )
    return gettext("alternative %(number)s (%(target)s)") % {
        "number": index,
        "target": target.describe(),
    }


def _stream_messages(blocks: Iterable[dict], where: str) -> Iterator[tuple[int, str]]:
    """(top-level block index, message) for every problem in a stream, nested ones included."""
    for index, block in enumerate(blocks):
        block_type, value = block.get("type"), block.get("value")
        here = gettext("%(where)s, block %(number)s (%(type)s)") % {
            "where": where,
            "number": index + 1,
            "type": block_type,
        }
        for field, text in _texts(block_type, value):
            message = placeholder_error(here if field == block_type else f"{here}, {field}", text)
            if message:
                yield index, message
        if block_type == "personalized" and isinstance(value, dict):
            for message in personalized_messages(value, here):
                yield index, message


def personalized_messages(value: dict, where: str) -> list[str]:
    """Problems inside one `personalized` block: ties between its alternatives, alternatives
    with no target, unknown placeholders in any alternative or in the default."""
    alternatives = list(list_items(value.get("variants")))
    targeted = [
        Targeted(
            alternative_label(i + 1, alt).capitalize(),
            alt.get("persona") or None,
            alt.get("stage") or None,
            alt.get("segment") or None,
            alt.get("weight"),
            alt.get("go_live_at") or None,
            alt.get("expire_at") or None,
        )
        for i, alt in enumerate(alternatives)
        if isinstance(alt, dict)
    ]
    messages = [f"{where}: {message}" for message in targeting_errors(targeted)]
    for i, alt in enumerate(alternatives):
        if isinstance(alt, dict):
            label = f"{where}, {alternative_label(i + 1, alt)}"
            messages += [m for _, m in _stream_messages(alt.get("blocks") or [], label)]
    messages += [
        m
        for _, m in _stream_messages(
            value.get("default") or [], gettext("%(where)s, default") % {"where": where}
        )
    ]
    return messages


def stream_errors(blocks: Sequence[dict], where: str) -> dict[int, list[str]]:
    """Messages per top-level block index of a stored stream value; empty when all is well."""
    errors: dict[int, list[str]] = {}
    for index, message in _stream_messages(blocks or [], where):
        errors.setdefault(index, []).append(message)
    return errors
