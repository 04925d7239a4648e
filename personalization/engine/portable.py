"""The rule set as versioned JSON (`ruleSet.json`): what a frontend needs to decide a page for a
visitor by itself, with this engine and without Django. Format: docs/ruleset-format.md.

    {"format": "tailor.ruleset", "formatVersion": 3, "version": "...", "siteTimezone": "UTC",
     "holdout": 0, "personas": [...], "stages": [...], "segments": [...], "pages": [...]}

`dump` writes it from the engine's plain data; `LocalEngine(json)` reads it back and runs the
same pipeline as the server (engine/page.py) with the same server-only data (the site holdout,
each page's current bandit weights), so a local decision equals the server's for the same
VisitorContext. Format 2 added `holdout`, the variants' `holdout` and `allocation` and the pages'
`banditWeights`; format 3 the variants' `layer` and `traffic` (a reader ignoring them would serve
arms to visitors the server keeps out of the test). Formats 1 and 2 are still read (none of what
came later: no holdouts, no bandits, no layers, full traffic).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .context import VisitorContext
from .decide import CompiledRuleSet, compile_ruleset
from .page import Extras, PageLike, PageResult, personalize
from .ruleset import PersonaDef, RuleSet, SegmentDef, StageDef, Target, VariantDef

FORMAT = "tailor.ruleset"
FORMAT_VERSION = 3
READABLE_VERSIONS = (1, 2, 3)


@dataclass(frozen=True)
class PortablePage:
    page_id: int
    revision: str
    path: str
    content: Mapping[str, Any]
    variants: tuple[VariantDef, ...] = ()
    variant_fields: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    bandit_weights: Mapping[str, float] | None = None  # variant id -> current weight


def dump(
    rules: RuleSet,
    pages: Iterable[PageLike],
    version: str | None = None,
    *,
    holdout: int = 0,
    bandit_weights: Mapping[int, Mapping[str, float]] | None = None,
) -> dict[str, Any]:
    """The JSON-ready dict of a rule set and the pages (live revisions) of a site, with the
    site-wide holdout percent and the current bandit weights (page id -> variant id -> weight)
    of the pages that have bandit arms."""
    weights = bandit_weights or {}
    return {
        "format": FORMAT,
        "formatVersion": FORMAT_VERSION,
        "version": version or rules.version,
        "siteTimezone": rules.site_timezone,
        "holdout": holdout,
        "personas": [
            {
                "slug": p.slug,
                "name": p.name,
                "description": p.description,
                "priority": p.priority,
                "rules": p.rules,
                "scoreThreshold": p.score_threshold,
            }
            for p in rules.personas
        ],
        "stages": [
            {"slug": s.slug, "name": s.name, "order": s.order, "rules": s.rules}
            for s in rules.stages
        ],
        "segments": [
            {"slug": s.slug, "name": s.name, "rules": s.rules}
            for s in sorted(rules.segments.values(), key=lambda s: s.slug)
        ],
        "pages": [
            {
                "path": page.path,
                "pageId": page.page_id,
                "revision": str(page.revision),
                "content": page.content,
                "variants": [
                    {
                        "id": v.id,
                        "name": v.name,
                        "weight": v.weight,
                        "goLiveAt": _iso(v.go_live_at),
                        "expireAt": _iso(v.expire_at),
                        "holdout": v.holdout,
                        "allocation": v.allocation,
                        "target": {
                            "persona": v.target.persona,
                            "stage": v.target.stage,
                            "segment": v.target.segment,
                        },
                        "fields": page.variant_fields.get(v.id) or {},
                    }
                    | _experiment_keys(v)
                    for v in page.variants
                ],
                "banditWeights": _bandit_weights(page, weights.get(page.page_id)),
            }
            for page in pages
        ],
    }


def load(data: Mapping[str, Any]) -> tuple[RuleSet, dict[str, PortablePage]]:
    """The RuleSet and the pages by path; ValueError for another format or a newer version."""
    if data.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} document")
    if data.get("formatVersion") not in READABLE_VERSIONS:
        raise ValueError(
            f"{FORMAT} version {data.get('formatVersion')} is not supported (this engine reads "
            f"{_readable()})"
        )
    rules = RuleSet(
        version=str(data["version"]),
        personas=tuple(
            PersonaDef(
                p["slug"],
                p["name"],
                p.get("description") or "",
                p.get("priority") or 0,
                p.get("rules"),
                p.get("scoreThreshold"),
            )
            for p in data.get("personas", ())
        ),
        stages=tuple(
            StageDef(s["slug"], s["name"], s["order"], s.get("rules"))
            for s in data.get("stages", ())
        ),
        segments={
            s["slug"]: SegmentDef(s["slug"], s["name"], s["rules"])
            for s in data.get("segments", ())
        },
        site_timezone=data.get("siteTimezone") or "UTC",
    )
    pages = {}
    for p in data.get("pages", ()):
        variants = tuple(
            VariantDef(
                v["id"],
                v["name"],
                Target(**v["target"]),
                v.get("weight"),
                _time(v.get("goLiveAt")),
                _time(v.get("expireAt")),
                int(v.get("holdout") or 0),
                v.get("allocation") or "",
                layer=v.get("layer") or "",
                traffic=v.get("traffic") or 100,
            )
            for v in p.get("variants", ())
        )
        fields = {v["id"]: v.get("fields") or {} for v in p.get("variants", ())}
        weights = p.get("banditWeights")
        pages[p["path"]] = PortablePage(
            p["pageId"],
            p["revision"],
            p["path"],
            p["content"],
            variants,
            fields,
            {str(k): float(w) for k, w in weights.items()} if weights else None,
        )
    return rules, pages


def _readable() -> str:
    """ "1, 2 and 3" (the TypeScript engine words it the same)."""
    *first, last = map(str, READABLE_VERSIONS)
    return f"{', '.join(first)} and {last}" if first else last


def site_holdout(data: Mapping[str, Any]) -> int:
    """The site-wide holdout percent of a document (format 1: none)."""
    return int(data.get("holdout") or 0)


def _bandit_weights(page: PageLike, weights: Mapping[str, float] | None) -> dict[str, float] | None:
    """The current weights of the page's bandit arms (None: the page has none). Before the
    first recompute there are none yet: {} (the authored weights apply)."""
    if not any(v.allocation == "bandit" for v in page.variants):
        return None
    return dict(sorted((weights or {}).items()))


def _experiment_keys(v: VariantDef) -> dict[str, Any]:
    """`layer` and `traffic` (engine/layers.py), written only when set: absent means none / 100."""
    keys: dict[str, Any] = {}
    if v.layer:
        keys["layer"] = v.layer
    if v.traffic < 100:
        keys["traffic"] = v.traffic
    return keys


def layer_members(pages: Iterable[PageLike]) -> dict[str, tuple[str, ...]]:
    """Layer -> the experiment keys ("page:<pageId>") of the pages with a variant in it, sorted."""
    found: dict[str, set[str]] = {}
    for page in pages:
        for v in page.variants:
            if v.layer:
                found.setdefault(v.layer, set()).add(f"page:{page.page_id}")
    return {layer: tuple(sorted(keys)) for layer, keys in found.items()}


def _iso(value: datetime | str | None) -> str | None:
    return value.isoformat() if isinstance(value, datetime) else value


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class LocalEngine:
    """Decides pages from a rule-set document, in process (a frontend keeps one per version)."""

    def __init__(self, data: Mapping[str, Any]):
        self.rules, self.pages = load(data)
        self.version = self.rules.version
        self.holdout = site_holdout(data)
        self.compiled: CompiledRuleSet = compile_ruleset(self.rules)
        self.layers = layer_members(self.pages.values())

    def page(self, path: str) -> PortablePage | None:
        return self.pages.get(path)

    def personalize(
        self, path: str, ctx: VisitorContext, *, explain: bool = False
    ) -> PageResult | None:
        page = self.pages.get(path)
        if page is None:
            return None
        extras = Extras(
            site_holdout=self.holdout,
            weights=page.bandit_weights or None,
            layer_members=self.layers,
        )
        return personalize(ctx, self.compiled, page, explain=explain, extras=extras)
