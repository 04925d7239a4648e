"""Mutations per minute per visitor (runtime.md, PERSONALIZATION_RATE_LIMIT; 0 turns it off).

Fixed one-minute windows counted in the Django cache: `add` creates the window's counter,
`incr` bumps it. With django_redis (REDIS_URL) `incr` is one atomic Lua call, so every process
and machine shares one exact count; with the local-memory cache each process counts alone.

What is counted, against two budgets of the same size:
- the visitor address (`trust.visitor_address`): the socket peer or trusted-proxy client, or for a
  server-key request the FIRST `X-Forwarded-For` value the frontend server sends, since one
  server speaks for many visitors (a server that forwards nothing shares a single budget).
  The view counts it once per mutation operation, before it runs, one per top-level mutation
  field (fifty aliased `trackEvent`s in one request are fifty);
- the visitor id: each mutation resolver calls `check_mutation_rate(request, visitor_id)` with the
  id it acts on (argument or cookie). Once the view has counted the address, that call counts
  only the visitor id; called outside the view, it counts both.
"""
from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass
from typing import Any, Callable

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
)

from .errors import RateLimited
from .trust import visitor_address

WINDOW_SECONDS = 60
KEY_PREFIX = "ratelimit:mutation"
_COUNTED_ATTR = "_tailor_mutation_address_counted"


@dataclass(frozen=True)
class WindowCount:
    count: int  # hits in the current window, this one included
    limit: int
    retry_after: int  # seconds until the window ends

    @property
    def allowed(self) -> bool:
        return self.count <= self.limit


class FixedWindowCounter:
    """Counts hits per key in fixed windows, in any Django cache."""

    def __init__(self, cache: BaseCache, limit: int, window: int = WINDOW_SECONDS):
        self.cache = cache
        self.limit = limit
        self.window = window

    def hit(self, key: str, amount: int = 1, now: float | None = None) -> WindowCount:
        now = time.time() if now is None else now
        index = int(now // self.window)
        cache_key = f"{KEY_PREFIX}:{key}:{index}"
        # The counter outlives its window a little so a slow clock elsewhere still finds it.
        self.cache.add(cache_key, 0, timeout=self.window + 5)
        try:
            count = self.cache.incr(cache_key, amount)
        except ValueError:  # expired between add and incr
            self.cache.add(cache_key, amount, timeout=self.window + 5)
            count = amount
        retry_after = max(1, math.ceil((index + 1) * self.window - now))
        return WindowCount(count, self.limit, retry_after)


def rate_limit() -> int:
    return int(getattr(settings, "PERSONALIZATION_RATE_LIMIT", 120) or 0)


def _digest(value: str) -> str:
    """Keys from client-chosen strings: fixed length, any characters safe for every backend."""
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _refuse(found: WindowCount, what: str) -> RateLimited:
    return RateLimited(
        f"Too many mutations for this {what}: the limit is {found.limit} per minute. "
        f"Try again in {found.retry_after} s.",
        retryAfter=found.retry_after,
    )


def _counter() -> FixedWindowCounter | None:
    most = rate_limit()
    return FixedWindowCounter(caches["default"], most) if most > 0 else None


def _check_address(request: HttpRequest, counter: FixedWindowCounter, count: int) -> None:
    address = visitor_address(request) or "unknown"
    found = counter.hit(f"addr:{_digest(address)}", count)
    if not found.allowed:
        raise _refuse(found, "address")


def check_mutation_rate(request: HttpRequest, visitor_id: str | None = None) -> None:
    """One mutation by `visitor_id` (when given) and, unless the view already counted this
    request's operation, by the request's visitor address. Raises RateLimited (extensions: code
    RATE_LIMITED, retryAfter seconds) when a budget is spent."""
    counter = _counter()
    if counter is None:
        return
    if not getattr(request, _COUNTED_ATTR, False):
        _check_address(request, counter, 1)
    if visitor_id:
        found = counter.hit(f"visitor:{_digest(visitor_id)}", 1)
        if not found.allowed:
            raise _refuse(found, "visitor")


def count_mutation_fields(operation: OperationDefinitionNode, fragments: Callable[[str], Any]) -> int:
    """How many mutations an operation runs: its top-level fields, looking through fragments.
    Run after validation, so fragments exist and do not cycle; a seen-set keeps it safe anyway."""
    seen: set[str] = set()

    def count(selection_set: SelectionSetNode | None) -> int:
        total = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                total += 0 if selection.name.value.startswith("__") else 1
            elif isinstance(selection, InlineFragmentNode):
                total += count(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
                seen.add(selection.name.value)
                fragment = fragments(selection.name.value)
                total += count(fragment.selection_set if fragment else None)
        return total

    return count(operation.selection_set)


def check_operation_rate(
    request: HttpRequest, operation: OperationDefinitionNode, fragments: Callable[[str], Any]
) -> None:
    """The view's hook, before a mutation operation runs: counts its mutations against the
    visitor address (queries are not counted) and marks the request as counted."""
    if operation.operation != OperationType.MUTATION:
        return
    counter = _counter()
    if counter is not None:
        _check_address(request, counter, count_mutation_fields(operation, fragments))
    setattr(request, _COUNTED_ATTR, True)
