"""A per-request time budget: a request that runs past it stops resolving expensive fields.

The cost limit (api/limits.py) bounds a request to about ten page renders before it runs; the
budget bounds its wall-clock time while it runs, for what the cost model cannot see (a slow
database, a cold cache, a page with very many blocks). The view starts the clock when the request
arrives (`start`); `TimeBudgetMiddleware` (settings GRAPHENE["MIDDLEWARE"]) lets every field
resolve until the budget is spent, then answers each expensive field still to come — a page, a
recommendation list, a visitor export, a typed page's list of pages — with QUERY_TOO_COMPLEX
(`extensions.limit: "timeBudget"`) instead of running it. What was resolved is kept; the rest is
null with its error, so a worker is held for about the budget plus one field, not for minutes.
The budget is per HTTP request: a batch's operations share it.

Setting GRAPHQL_TIME_BUDGET_SECONDS (environment variable of the same name), default 5.
"""

from __future__ import annotations

import time

from personalization import settings as tailor_settings

from .errors import QueryTooComplex

_DEADLINE = "_tailor_deadline"
# (parent type, field) pairs that do real work; the typed page's lists on every page type.
EXPENSIVE_ROOT = {"personalizedPage", "recommendations", "visitor", "experiments", "ruleSet"}
EXPENSIVE_PAGE = {
    "page",
    "children",
    "siblings",
    "nextSiblings",
    "previousSiblings",
    "descendants",
    "ancestors",
    "parent",
}


def budget_seconds() -> float:
    return tailor_settings.time_budget_seconds()


def start(request) -> None:
    """Start the clock for this request (the view calls it when the request arrives)."""
    setattr(request, _DEADLINE, time.monotonic() + budget_seconds())


def spent(request) -> bool:
    deadline = getattr(request, _DEADLINE, None)
    return deadline is not None and time.monotonic() >= deadline


def _expensive(info) -> bool:
    parent = info.parent_type
    if parent.name in ("Query", "Mutation"):
        return info.field_name in EXPENSIVE_ROOT
    if info.field_name not in EXPENSIVE_PAGE:
        return False
    # `page` of a personalized page, the lists of a typed page (not `Experiment.page`, a string)
    return parent.name == "PersonalizedPage" or any(
        i.name == "PageInterface" for i in parent.interfaces
    )


class TimeBudgetMiddleware:
    def resolve(self, next_, root, info, **kwargs):
        if _expensive(info) and spent(info.context):
            raise QueryTooComplex(
                f"The request ran past its time budget of {budget_seconds():g} s; "
                f"'{info.field_name}' was not resolved. Ask for less in one request.",
                limit="timeBudget",
            )
        return next_(root, info, **kwargs)
