"""Version stamps every process sees within a second: what lets a process keep things in memory
(the compiled rules, the route table) and still serve a change made by another process.

Two stamps, each a RulesetVersion row bumped with F() after the commit that changed something:
- RULES (row 1): segments, rules, personas, stages (personalization/signal_handlers.py);
- ROUTES (row 2): pages (publish, unpublish, move, edit), view restrictions, sites.

Reading them: with a shared cache (Redis) they are mirrored there (one round trip, no query);
otherwise the two rows are read in one query. Either way a process reads at most once per
`TAILOR_STAMP_SECONDS` (default 0.5): a request in between uses the stamps it already has, so an
anonymous request costs no database query, and a change is seen by every process within that
interval. The process that made a change sees it at once (its memo is dropped on commit).

The mirror expires after MIRROR_SECONDS so that the rare race of two simultaneous bumps (the
older write landing last) or a restored database cannot leave a process behind for longer.
"""

from __future__ import annotations

import threading
import time

from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection, transaction
from django.db.models import F
from django.dispatch import Signal

from personalization import settings as tailor_settings
from personalization.rules.models import RulesetVersion

RULES, ROUTES = 1, 2
KEYS = {RULES: "rules:version", ROUTES: "routes:version"}
MIRROR_SECONDS = 60
NO_VERSION = "none"

#: Sent in the process that moved the RULES stamp, after the commit (publish_webhooks listens).
rules_moved = Signal()

_lock = threading.Lock()
_memo: dict[str, object] = {"at": float("-inf"), "stamps": None}
_generation = {RULES: 0, ROUTES: 0}


def interval() -> float:
    return tailor_settings.stamp_seconds()


def shared_cache():
    """The default cache when every process shares it, else None."""
    cache = caches["default"]
    return None if isinstance(cache, (LocMemCache, DummyCache)) else cache


def read_database() -> dict[int, str]:
    """Both stamps from the database (one query); a missing row reads "none" (never written here)."""
    found = {
        pk: f"{epoch[:8]}-{number}"
        for pk, number, epoch in RulesetVersion.objects.filter(pk__in=(RULES, ROUTES)).values_list(
            "pk", "number", "epoch"
        )
    }
    return {kind: found.get(kind, NO_VERSION) for kind in KEYS}


def read_fresh() -> dict[int, str]:
    """Both stamps now: the shared cache's mirror, refilled from the database on a miss."""
    cache = shared_cache()
    if cache is None:
        return read_database()
    mirrored = cache.get_many(list(KEYS.values()))
    if all(key in mirrored for key in KEYS.values()):
        return {kind: mirrored[key] for kind, key in KEYS.items()}
    stamps = read_database()
    for kind, key in KEYS.items():
        if key not in mirrored:
            cache.add(key, stamps[kind], MIRROR_SECONDS)
        else:
            stamps[kind] = mirrored[key]
    return stamps


def current(kind: int) -> str:
    """A stamp as this process knows it, read again when older than the interval."""
    now = time.monotonic()
    stamps = _memo["stamps"]
    if stamps is None or now - _memo["at"] >= interval():  # type: ignore[operator]
        stamps = read_fresh()
        with _lock:
            _memo["stamps"], _memo["at"] = stamps, now
    return stamps[kind]  # type: ignore[index]


class _PendingBump:
    """The on-commit callback; `done` once it ran, so a later change registers a new one."""

    def __init__(self, kind: int) -> None:
        self.kind = kind
        self.done = False

    def __call__(self) -> None:
        self.done = True
        bump_now(self.kind)


def generation(kind: int) -> int:
    """A counter this process moves as soon as it changes something (before the commit), so its
    own next read rebuilds: a process sees its own changes at once."""
    return _generation[kind]


def in_open_transaction() -> bool:
    """Inside a transaction that may still roll back (a test case's wrapper does not count: for
    a test its writes are as good as committed). Something built from the database in one must
    not be kept: it may hold rows that never get committed."""
    return connection.in_atomic_block and not all(
        getattr(block, "_from_testcase", False) for block in connection.atomic_blocks
    )


def bump(kind: int) -> None:
    """Mark a stamp changed once the current transaction commits (once per transaction, however
    many rows it touched); immediately when there is no transaction."""
    with _lock:
        _generation[kind] += 1
    # django-stubs types run_on_commit's entries as (sids, func); Django 5 adds `robust`.
    if connection.in_atomic_block and any(
        isinstance(func, _PendingBump) and func.kind == kind and not func.done  # type: ignore[misc]
        for _sids, func, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(_PendingBump(kind))


def bump_now(kind: int) -> None:
    if not RulesetVersion.objects.filter(pk=kind).update(number=F("number") + 1):
        RulesetVersion.objects.get_or_create(pk=kind, defaults={"number": 1})
    cache = shared_cache()
    if cache is not None:
        cache.set(KEYS[kind], read_database()[kind], MIRROR_SECONDS)
    forget()
    if kind == RULES:  # the frontends' cached decisions are stale too (publish_webhooks.py)
        rules_moved.send(sender=RulesetVersion)


def forget() -> None:
    """Drop this process's stamps (the next read goes to Redis or the database) and its own
    pending changes (after a commit the stamps themselves have moved)."""
    with _lock:
        _memo["stamps"], _memo["at"] = None, float("-inf")
        for kind in _generation:
            _generation[kind] = 0
