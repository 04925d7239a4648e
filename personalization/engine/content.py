"""Resolving a page's content for one visitor: page-variant fields, personalized blocks, and
location placeholders.

Input content is plain data: {"title", "intro", "tags", "body": [{"type", "value", "id"}], ...}.
A page variant's fields replace the default's fields they give; the others are inherited. Each
`personalized` block is replaced by the blocks of its chosen variant (same targets, precedence
and A/B arms as page variants, engine/choose.py; an alternative's `go_live_at` / `expire_at`
are honoured at ctx.now, engine/schedule.py), recursively. Then `{city}`, `{region}`,
`{country}` (optionally `{city|fallback}`) are filled in title, intro, headings, paragraphs and
CTA labels. Paragraphs are HTML, so the inserted place name is escaped there.

A block whose alternatives for the winning target are several weighted arms is an A/B test:
its `BlockChoice.choice.assignment` says the experiment (its first arm's id) and the arm, as
page variants do; delivery records the exposure (delivery/experiments.py).

Returns the content plus `ContentChoices` (every block choice and every placeholder value used),
which is all engine/cachekey.py needs to key a cached response. Its reasons name a personalized
block by kind and position ("Personalized section 1"), never by its id: visitors read them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .choose import Assignment, Choice, Pick, audience, pick, waiting_note
from .context import Location, VisitorContext
from .decide import Decision
from .ruleset import Target, VariantDef

PLACEHOLDER_NAMES: tuple[str, ...] = ("city", "region", "country")
_PLACEHOLDER = re.compile(r"\{(city|region|country)(?:\|([^{}]*))?\}")
_ANY_PLACEHOLDER = re.compile(r"\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|[^{}]*)?\}")
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_NO_DECISION = Decision(persona=None, stage=None, segments=())


@dataclass(frozen=True)
class BlockChoice:
    block_id: str  # id of the personalized block
    choice: Choice  # variant id "<block id>:<index>", None for its default
    label: str = ""  # "Personalized section 2 (inside section 1)": for reasons

    @property
    def variant_id(self) -> str:
        return self.choice.variant.id if self.choice.variant else f"{self.block_id}:default"


@dataclass(frozen=True)
class ContentChoices:
    blocks: tuple[BlockChoice, ...] = ()
    placeholders: Mapping[str, str | None] = field(
        default_factory=dict
    )  # name -> value used (None: fallback)

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(
            f"{b.label or f'Personalized block {b.block_id}'}: {b.choice.reason}"
            for b in self.blocks
        )


def find_placeholders(text: str) -> list[str]:
    """Names of every `{name}` / `{name|fallback}` in a text, known or not, in order.

    The admin rejects names not in PLACEHOLDER_NAMES when an editor saves.
    """
    return [m.group(1) for m in _ANY_PLACEHOLDER.finditer(text or "")]


def resolve_content(
    content: Mapping[str, Any],
    variant_fields: Mapping[str, Any] | None,
    ctx: VisitorContext,
    decision: Decision,
    experiment_prefix: str,
    _forced: _Forced | None = None,
) -> tuple[dict[str, Any], ContentChoices]:
    """The content this visitor sees, and what was chosen to produce it. Never mutates inputs."""
    merged = dict(content)
    if variant_fields:
        merged.update({k: v for k, v in variant_fields.items() if v is not None})
    picks: list[BlockChoice] = []
    filler = _Filler(ctx.location)
    if "body" in merged:
        blocks = _resolve_blocks(
            merged.get("body") or [], ctx, decision, experiment_prefix, picks, "body", None, _forced
        )
        merged["body"] = [filler.block(b) for b in blocks]
    for key in ("title", "intro"):
        if isinstance(merged.get(key), str):
            merged[key] = filler.text(merged[key], escape=False)
    return merged, ContentChoices(tuple(picks), dict(filler.used))


def replay_content(
    content: Mapping[str, Any],
    variant_fields: Mapping[str, Any] | None,
    blocks: tuple[int | None, ...],
    places: Mapping[str, str | None],
) -> tuple[dict[str, Any], ContentChoices]:
    """The content for choices already made (engine/contenturl.py): the block index chosen for
    each personalized block in reading order (None: its default) and the place names to insert.
    No visitor, no decision. ValueError when the choices do not fit this content."""
    location = Location(
        city=places.get("city"), region=places.get("region"), country=places.get("country")
    )
    ctx = VisitorContext(now=_EPOCH, location=location)
    forced = _Forced(blocks)
    merged, choices = resolve_content(content, variant_fields, ctx, _NO_DECISION, "replay", forced)
    if forced.left or dict(choices.placeholders) != dict(places):
        raise ValueError("the choices do not fit this content")
    return merged, choices


class _Forced:
    """Block choices given in advance, consumed in reading order."""

    def __init__(self, picks: tuple[int | None, ...]):
        self.picks, self.at = picks, 0

    @property
    def left(self) -> int:
        return len(self.picks) - self.at

    def next(self, count: int) -> int | None:
        if self.at >= len(self.picks):
            raise ValueError("fewer block choices than personalized blocks")
        index = self.picks[self.at]
        self.at += 1
        if index is not None and not 0 <= index < count:
            raise ValueError("block choice out of range")
        return index


def _resolve_blocks(
    blocks: list,
    ctx: VisitorContext,
    decision: Decision,
    prefix: str,
    picks: list[BlockChoice],
    path: str,
    parent: int | None,
    forced: _Forced | None = None,
) -> list:
    """Blocks with every personalized block replaced by its choice. Personalized blocks are
    numbered in reading order (1, 2, ...); `parent` is the number of the one these are inside."""
    out: list = []
    for i, block in enumerate(blocks):
        if not isinstance(block, Mapping) or block.get("type") != "personalized":
            out.append(block)
            continue
        block_id = str(block.get("id") or f"{path}[{i}]")
        value = block.get("value") or {}
        options = value.get("variants") or []
        variants = [
            VariantDef(
                id=f"{block_id}:{n}",
                name=str(opt.get("name") or f"{block_id}:{n}"),
                target=Target(
                    persona=opt.get("persona") or None,
                    stage=opt.get("stage") or None,
                    segment=opt.get("segment") or None,
                ),
                weight=opt.get("weight"),
            )
            for n, opt in enumerate(options)
        ]
        windows = [(opt.get("go_live_at"), opt.get("expire_at")) for opt in options]
        if forced is None:
            result = pick(
                ctx,
                decision,
                [(v.target, v.weight) for v in variants],
                f"{prefix}:{block_id}",
                windows,
            )
            note = waiting_note(
                ctx,
                result,
                [str(opt.get("name") or f"{n + 1}") for n, opt in enumerate(options)],
                windows,
                noun="alternative",
            )
        else:  # replaying choices made earlier (a content URL): no visitor, no clock
            index = forced.next(len(variants))
            result = Pick(
                index, False, "replayed", variants[index].target if index is not None else None
            )
            note = ""
        number = len(picks) + 1
        label = f"Personalized section {number}" + (f" (inside section {parent})" if parent else "")
        if result.index is not None:
            index = result.index
            variant = variants[index]
            choice = Choice(
                variant,
                variant.id if result.ab else None,
                _with_note(_alternative_reason(result, options[index].get("name")), note),
                _assignment(result, variants),
            )
            chosen, where = options[index].get("blocks") or [], f"{block_id}:{index}"
        else:
            choice = Choice(None, None, _with_note(_default_reason(result), note))
            chosen, where = value.get("default") or [], f"{block_id}:default"
        picks.append(BlockChoice(block_id, choice, label))
        out.extend(
            _resolve_blocks(list(chosen), ctx, decision, prefix, picks, where, number, forced)
        )
    return out


def _assignment(result: Pick, variants: list[VariantDef]) -> Assignment | None:
    """The block's A/B test, when the alternatives for the winning target are several arms:
    the experiment is named by its first arm, which is the control (and what a visitor without
    an id gets: excluded, counted in no arm)."""
    if len(result.arms) < 2 or result.index is None:
        return None
    control = variants[result.arms[0]].id
    return Assignment(
        control, control if result.excluded else variants[result.index].id, result.excluded
    )


def _alternative_reason(result: Pick, name: Any) -> str:
    """ "the alternative for persona racer (persona racer holds)"; an authored name is quoted."""
    target = result.target or Target()
    who = audience(target)
    why = f"{who} {'hold' if target.specificity[0] > 1 else 'holds'}"
    if result.ab_note:
        why += f"; {result.ab_note}"
    what = f"alternative {str(name)!r}" if name else "the alternative"
    return f"{what} for {who} ({why})"


def _with_note(reason: str, note: str) -> str:
    """The reason plus the scheduled alternatives that are not live: "...; alternative 2 goes live ..."."""
    return f"{reason}; {note}" if note else reason


def _default_reason(result: Pick) -> str:
    """ "default (no alternative targets this visitor)"."""
    return (
        "default (bots get no alternative)"
        if result.bot
        else "default (no alternative targets this visitor)"
    )


class _Filler:
    """Fills placeholders from one location and remembers which values it used."""

    __slots__ = ("values", "used")

    def __init__(self, location: Location | None):
        loc = location
        self.values = {
            "city": loc.city if loc else None,
            "region": loc.region if loc else None,
            "country": loc.country if loc else None,
        }
        self.used: dict[str, str | None] = {}

    def text(self, text: str, escape: bool) -> str:
        if "{" not in text:
            return text

        def fill(match: re.Match) -> str:
            name, fallback = match.group(1), match.group(2)
            value = self.values[name]
            self.used[name] = value or None
            if value:
                return html.escape(value) if escape else value
            return fallback if fallback is not None else ""

        return _PLACEHOLDER.sub(fill, text)

    def block(self, block: Any) -> Any:
        if not isinstance(block, Mapping):
            return block
        kind, value = block.get("type"), block.get("value")
        new: Any
        if kind == "heading" and isinstance(value, str):
            new = self.text(value, escape=False)
        elif kind == "paragraph" and isinstance(value, str):
            new = self.text(value, escape=True)
        elif kind == "cta" and isinstance(value, Mapping) and isinstance(value.get("label"), str):
            new = {**value, "label": self.text(value["label"], escape=False)}
            if new["label"] == value["label"]:
                new = value
        else:
            return block
        return block if new is value else {**block, "value": new}


def targeted_segments(blocks: Any) -> set[str]:
    """Every segment a personalized block in `blocks` targets, nested blocks included."""
    found: set[str] = set()
    stack = [blocks]
    while stack:
        items = stack.pop()
        for block in items if isinstance(items, list) else ():
            if not isinstance(block, Mapping) or block.get("type") != "personalized":
                continue
            value = block.get("value") or {}
            for option in value.get("variants") or ():
                if isinstance(option, Mapping):
                    if option.get("segment"):
                        found.add(str(option["segment"]).lower())
                    stack.append(option.get("blocks"))
            stack.append(value.get("default"))
    return found
