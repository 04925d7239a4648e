"""One page for one visitor, from decision to content address: the pipeline the server runs
(personalization/delivery/service.py) and a frontend runs locally from the rule-set JSON
(engine/portable.py), so both give the same answer by construction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from .cachekey import content_cache_key
from .choose import Choice, choose_variant
from .content import ContentChoices, resolve_content, targeted_segments
from .contenturl import content_path, page_variant_key
from .context import VisitorContext
from .decide import CompiledRuleSet, Decision, decide
from .ruleset import VariantDef


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
class PageResult:
    decision: Decision  # with the variant and block reasons appended
    choice: Choice  # the page variant (None: the default content)
    content: dict[str, Any]
    choices: ContentChoices
    cache_key: str
    content_url: str


def personalize(
    ctx: VisitorContext,
    compiled: CompiledRuleSet,
    page: PageLike,
    *,
    explain: bool = True,
    layer_members: Mapping[str, Sequence[str]] | None = None,
) -> PageResult:
    """`layer_members`: layer -> the experiment keys of its tests (engine/layers.py)."""
    decision = decide(ctx, compiled, explain=explain)
    choice = choose_variant(
        ctx, decision, page.variants, f"page:{page.page_id}", layer_members=layer_members
    )
    variant_id = choice.variant.id if choice.variant else None
    overrides = page.variant_fields.get(variant_id) if variant_id else None
    content, choices = resolve_content(
        page.content, overrides, ctx, decision, f"page:{page.page_id}"
    )
    decision = decision.with_reasons(_variant_reason(choice), *choices.reasons)
    key = content_cache_key(page.page_id, page.revision, variant_id, choices)
    url = content_path(
        page.page_id, page.revision, page_variant_key(page.page_id, variant_id), choices
    )
    return PageResult(decision, choice, content, choices, key, url)


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
