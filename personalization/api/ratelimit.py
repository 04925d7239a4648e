"""Mutations per minute per visitor (runtime.md, PERSONALIZATION_RATE_LIMIT; 0 turns it off).

Counted by the `limits` package (fixed one-minute windows, FixedWindowRateLimiter) in the storage
named by PERSONALIZATION_RATE_LIMIT_STORAGE: REDIS_URL when set, so every process and machine
shares one exact count (an atomic INCR with expiry), else a SQLite file under var/
(`sqlite:///…/ratelimit.sqlite3`, api/ratelimit_file.py), which every worker of one machine
shares; `memory://` makes each process count alone. A window starts with its first hit and lasts
a minute.

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
import threading
import time
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
)
from limits import RateLimitItemPerMinute
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from .. import settings as tailor_settings
from . import ratelimit_file  # noqa: F401  (registers the sqlite:// storage with `limits`)
from .errors import RateLimited
from .request_state import state
from .trust import visitor_address

NAMESPACE = "ratelimit-mutation"  # part of every key, in Redis: LIMITS:ratelimit-mutation/...
_limiters: dict[str, FixedWindowRateLimiter] = {}
_lock = threading.Lock()


def rate_limit() -> int:
    return tailor_settings.rate_limit()


def limiter(uri: str | None = None) -> FixedWindowRateLimiter:
    """One limiter per storage URI, made on first use (its connection pool is reused)."""
    uri = uri or tailor_settings.rate_limit_storage()
    found = _limiters.get(uri)
    if found is None:
        with _lock:
            found = _limiters.setdefault(uri, FixedWindowRateLimiter(storage_from_string(uri)))
    return found


def forget() -> None:
    """Every count starts again (tests): empties each storage this process has used."""
    for each in list(_limiters.values()):
        each.storage.reset()


def _digest(value: str) -> str:
    """Keys from client-chosen strings: fixed length, any characters safe for every backend."""
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _hit(key: str, cost: int, most: int, what: str) -> None:
    item = RateLimitItemPerMinute(most, namespace=NAMESPACE)
    counter = limiter()
    if counter.hit(item, key, cost=cost):
        return
    reset_at = counter.get_window_stats(item, key).reset_time
    retry_after = max(1, math.ceil(reset_at - time.time()))
    raise RateLimited(
        f"Too many mutations for this {what}: the limit is {most} per minute. "
        f"Try again in {retry_after} s.",
        retryAfter=retry_after,
    )


def _check_address(request: HttpRequest, most: int, count: int) -> None:
    address = visitor_address(request) or "unknown"
    _hit(f"addr:{_digest(address)}", count, most, "address")


def check_mutation_rate(request: HttpRequest, visitor_id: str | None = None) -> None:
    """One mutation by `visitor_id` (when given) and, unless the view already counted this
    request's operation, by the request's visitor address. Raises RateLimited (extensions: code
    RATE_LIMITED, retryAfter seconds) when a budget is spent."""
    most = rate_limit()
    if most <= 0:
        return
    if not state(request).mutations_counted:
        _check_address(request, most, 1)
    if visitor_id:
        _hit(f"visitor:{_digest(visitor_id)}", 1, most, "visitor")


def count_mutation_fields(
    operation: OperationDefinitionNode, fragments: Callable[[str], Any]
) -> int:
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
    most = rate_limit()
    if most > 0:
        _check_address(request, most, count_mutation_fields(operation, fragments))
    state(request).mutations_counted = True
