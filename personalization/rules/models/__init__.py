"""Tailor's rule models (every one a direct subclass of wagtail-personalisation's AbstractBaseRule,
so its segment editor lists them) and the rule set version."""

from .signal_rules import (
    HistoryRule,
    LocalTimeRule,
    LocationRule,
    SourceRule,
    UserAgentRule,
    VisitorRule,
)
from .special_rules import EventRule, QueryParamRule, ReferenceRule, TraitRule, VisitedRule
from .version import RulesetVersion

# Order of the groups in the editor, and of rules of equal position when read back.
RULE_MODELS = (
    LocationRule,
    UserAgentRule,
    SourceRule,
    QueryParamRule,
    HistoryRule,
    VisitedRule,
    EventRule,
    TraitRule,
    LocalTimeRule,
    VisitorRule,
    ReferenceRule,
)
# Which model stores a site-format signal.
MODEL_FOR_SIGNAL = {
    **{
        signal: model
        for model in (
            LocationRule,
            UserAgentRule,
            SourceRule,
            HistoryRule,
            LocalTimeRule,
            VisitorRule,
        )
        for signal, _label in model._meta.get_field("signal").choices or ()
    },
    "query_param": QueryParamRule,
    "visited": VisitedRule,
    "event": EventRule,
    "trait": TraitRule,
    "segment": ReferenceRule,
    "persona": ReferenceRule,
    "stage": ReferenceRule,
}

__all__ = [
    "EventRule",
    "HistoryRule",
    "LocalTimeRule",
    "LocationRule",
    "QueryParamRule",
    "ReferenceRule",
    "RulesetVersion",
    "SourceRule",
    "TraitRule",
    "UserAgentRule",
    "VisitedRule",
    "VisitorRule",
    "RULE_MODELS",
    "MODEL_FOR_SIGNAL",
]
