"""The pure decision engine (no Django, ORM, request or graphene): see docs/engine.md.

This is the engine's public API: everything the rest of Tailor (and the docs) use, re-exported
from the submodules that define it, so adapters write `from personalization.engine import
decide, VisitorContext`. The submodules are the engine's own layout. A few names are exported
under a longer name where the submodule's is too generic for a package-wide namespace
(`dump` -> `dump_portable`, `decode` -> `decode_content_code`, `status` -> `health_status`,
traits' `NAME` / `NUMBER` / `Invalid` -> `TRAIT_NAME` / `TRAIT_NUMBER` / `InvalidTrait`).
"""

from .cachekey import content_cache_key
from .choose import HOLDOUT_ARM, Choice, choose_variant, in_site_holdout, pick
from .content import (
    PLACEHOLDER_NAMES,
    BlockChoice,
    ContentChoices,
    find_placeholders,
    replay_content,
    resolve_content,
)
from .contenturl import content_path, page_variant_key
from .contenturl import decode as decode_content_code
from .context import (
    CHANNELS,
    DEVICE_KINDS,
    MAX_WINDOW_DAYS,
    NOBODY,
    DayCounts,
    Device,
    EventRecord,
    History,
    Location,
    Source,
    VisitorContext,
)
from .cycles import condition_references, find_cycles
from .decide import CompiledRuleSet, Decision, compile_ruleset, decide
from .fields import (
    BOOL,
    DATE,
    FIELDS,
    INT,
    MULTI,
    OPERATORS,
    STR,
    WEEKDAY,
    WINDOWED_SIGNALS,
    Field,
)
from .health import BROKEN, WARNING, Finding, check_ruleset, rule_health
from .health import status as health_status
from .page import segments_used
from .patterns import pattern_error
from .portable import dump as dump_portable
from .ruleset import PersonaDef, RuleSet, SegmentDef, StageDef, Target, VariantDef
from .schedule import When, as_time, is_live
from .trace import Verdict, trace_condition
from .traits import NAME as TRAIT_NAME
from .traits import NUMBER as TRAIT_NUMBER
from .traits import TRAIT_TYPES, check_declared, clean_trait_value
from .traits import Invalid as InvalidTrait
from .validate import Invalid, normalize, validate_condition

__all__ = [
    "BOOL",
    "BROKEN",
    "CHANNELS",
    "DATE",
    "DEVICE_KINDS",
    "FIELDS",
    "HOLDOUT_ARM",
    "INT",
    "MAX_WINDOW_DAYS",
    "MULTI",
    "NOBODY",
    "OPERATORS",
    "PLACEHOLDER_NAMES",
    "STR",
    "TRAIT_NAME",
    "TRAIT_NUMBER",
    "TRAIT_TYPES",
    "WARNING",
    "WEEKDAY",
    "WINDOWED_SIGNALS",
    "BlockChoice",
    "Choice",
    "CompiledRuleSet",
    "ContentChoices",
    "DayCounts",
    "Decision",
    "Device",
    "EventRecord",
    "Field",
    "Finding",
    "History",
    "Invalid",
    "InvalidTrait",
    "Location",
    "PersonaDef",
    "RuleSet",
    "SegmentDef",
    "Source",
    "StageDef",
    "Target",
    "VariantDef",
    "Verdict",
    "VisitorContext",
    "When",
    "as_time",
    "check_declared",
    "check_ruleset",
    "choose_variant",
    "clean_trait_value",
    "compile_ruleset",
    "condition_references",
    "content_cache_key",
    "content_path",
    "decide",
    "decode_content_code",
    "dump_portable",
    "find_cycles",
    "find_placeholders",
    "health_status",
    "in_site_holdout",
    "is_live",
    "normalize",
    "page_variant_key",
    "pattern_error",
    "pick",
    "replay_content",
    "resolve_content",
    "rule_health",
    "segments_used",
    "trace_condition",
    "validate_condition",
]
