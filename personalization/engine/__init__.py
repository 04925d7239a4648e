"""The pure decision engine (no Django, ORM, request or graphene): see docs/engine.md.

Public API, re-exported here so adapters import from one place.
"""

from .cachekey import content_cache_key
from .choose import HOLDOUT_ARM, Assignment, Choice, choose_variant, in_site_holdout
from .conditions import compile_condition
from .content import (
    PLACEHOLDER_NAMES,
    BlockChoice,
    ContentChoices,
    find_placeholders,
    resolve_content,
)
from .cycles import condition_references, find_cycles
from .decide import CompiledRuleSet, Decision, compile_ruleset, decide
from .health import check_ruleset, rule_health
from .trace import Verdict, trace_condition
from .validate import validate_condition

__all__ = [
    "HOLDOUT_ARM",
    "Assignment",
    "BlockChoice",
    "Choice",
    "CompiledRuleSet",
    "ContentChoices",
    "Decision",
    "PLACEHOLDER_NAMES",
    "check_ruleset",
    "choose_variant",
    "compile_condition",
    "compile_ruleset",
    "condition_references",
    "content_cache_key",
    "decide",
    "find_cycles",
    "find_placeholders",
    "in_site_holdout",
    "resolve_content",
    "rule_health",
    "trace_condition",
    "validate_condition",
    "Verdict",
]
