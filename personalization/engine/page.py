"""One page for one visitor, from decision to content address: the one pipeline the server runs
(personalization/delivery/service.py) and a frontend runs locally from the rule-set JSON
(engine/portable.py, engine/cli.py), so both give the same answer by construction.

What only the server knows is passed in as plain data (`Extras`): the site-wide holdout percent,
the page's current bandit weights, and which segments the caller will read. The rule-set JSON
carries the first two (format 2, docs/ruleset-format.md), so a local evaluation has them too.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from .cachekey import content_cache_key
from .choose import Choice, choose_variant, in_site_holdout
from .content import ContentChoices, resolve_content, targeted_segments
from .contenturl import content_path, page_variant_key
from .context import VisitorContext
from .decide import CompiledRuleSet, Decision, decide
from .ruleset import VariantDef

# Chooses nothing: no target holds for a visitor without persona, stage or segments.
UNPERSONALIZED = Decision(persona=None, stage=None, segments=())
SITE_HOLDOUT_REASON = (
    "Default content: the visitor is in the site-wide holdout "
    "(a share of visitors who are never personalized, to measure personalization)"
)


class PageLike(Protocol):
    @property
    def page_id(self) -> int: ...
    @property
    def revision(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def content(self) -> Mapping[str, Any]: ...
    @property
    def variants(self) -> Sequence[VariantDef]: ...
    @property
    def variant_fields(self) -> Mapping[str, Mapping[str, Any]]: ...


@dataclass(frozen=True)
class Extras:
    """Server-only inputs of one page decision, as data.

    `site_holdout`: percent of visitors (by id) never personalized; bots never are.
    `weights`: variant id -> current bandit weight, overriding the authored weights.
    `segments`: decide only these segments (None: every segment); see engine/decide.py.
    `layer_members`: layer -> the experiment keys of its tests (engine/layers.py); the rule-set
    JSON carries each variant's layer, so a local evaluation derives it (portable.layer_members).
    """

    site_holdout: float = 0
    weights: Mapping[str, float] | None = None
    segments: Collection[str] | None = None
    layer_members: Mapping[str, Sequence[str]] | None = None


NO_EXTRAS = Extras()


@dataclass(frozen=True)
class PageResult:
    decision: Decision  # with the variant and block reasons appended
    choice: Choice  # the page variant (None: the default content)
    content: dict[str, Any]
    choices: ContentChoices
    cache_key: str
    content_url: str
    held_out: bool = False  # in the site-wide holdout: default content everywhere

    @property
    def variant_id(self) -> str | None:
        return self.choice.variant.id if self.choice.variant else None


def personalize(
    ctx: VisitorContext,
    compiled: CompiledRuleSet,
    page: PageLike,
    *,
    explain: bool = True,
    extras: Extras = NO_EXTRAS,
) -> PageResult:
    decision = decide(ctx, compiled, explain=explain, segments=extras.segments)
    bot = decision.bot or ctx.device.kind == "bot"
    held_out = not bot and in_site_holdout(ctx.visitor_id, extras.site_holdout)
    chooser = UNPERSONALIZED if held_out else decision
    experiment = f"page:{page.page_id}"
    choice = choose_variant(
        ctx,
        chooser,
        page.variants,
        experiment,
        weights=None if held_out else extras.weights,
        layer_members=extras.layer_members,
    )
    variant_id = choice.variant.id if choice.variant else None
    overrides = page.variant_fields.get(variant_id) if variant_id else None
    content, choices = resolve_content(page.content, overrides, ctx, chooser, experiment)
    if held_out:
        choice = Choice(None, None, SITE_HOLDOUT_REASON)
        decision = decision.with_reasons(choice.reason)
    else:
        decision = decision.with_reasons(_variant_reason(choice), *choices.reasons)
    key = content_cache_key(page.page_id, page.revision, variant_id, choices)
    url = content_path(
        page.page_id, page.revision, page_variant_key(page.page_id, variant_id), choices
    )
    return PageResult(decision, choice, content, choices, key, url, held_out)


def segments_used(page: PageLike) -> frozenset[str]:
    """The segments that can change what this page shows: its variants' targets and its
    personalized blocks' (in the page and in every variant's body). Deciding only these (with
    the personas and stages) serves the same content as deciding every segment of the site."""
    found = {v.target.segment.lower() for v in page.variants if v.target.segment}
    found |= targeted_segments(page.content.get("body"))
    for fields in page.variant_fields.values():
        found |= targeted_segments(fields.get("body"))
    return frozenset(found)


def _variant_reason(choice: Choice) -> str:
    """The page's line in the reasons. The engine words `Choice.reason` as a whole sentence
    ("Variant 'Racer home' for persona racer", "Default content: no variant targets this
    visitor"), so it is used as it is; nothing is prefixed twice."""
    if choice.reason:
        return choice.reason
    return "Default content" if choice.variant is None else f"Variant {choice.variant.name!r}"
