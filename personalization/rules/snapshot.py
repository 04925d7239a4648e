"""The compiled RuleSet, kept in memory per process and rebuilt only when its version changes.

The version is one database row (RulesetVersion), bumped with F() after each commit that changes
rules, so every process sees it. When the default cache is shared (Redis), the version is
mirrored there and a decision costs no query for rules; with a per-process cache (local memory,
dummy) the row is read: one query. Either way the cost does not grow with the number of segments.

The mirror is written after each bump and refilled on a miss; it expires after MIRROR_SECONDS so
that the rare race of two simultaneous bumps (the older write landing last) or a restored
database cannot leave a process on an old rule set for longer than that.
"""
from __future__ import annotations

import threading

from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection, transaction
from django.db.models import F

from personalization.engine.ruleset import RuleSet

from .compile import compile_ruleset
from .models import RulesetVersion

CACHE_KEY = "rules:version"
MIRROR_SECONDS = 60
_NO_VERSION = "none"

_snapshots: dict[int | None, RuleSet] = {}
_lock = threading.Lock()


def _shared_cache():
    """The default cache when every process shares it, else None."""
    cache = caches["default"]
    return None if isinstance(cache, (LocMemCache, DummyCache)) else cache


def read_version() -> str:
    """The version in the database (one query). No row yet: "none" (the read path never writes)."""
    row = RulesetVersion.objects.filter(pk=1).only("number", "epoch").first()
    return row.label if row is not None else _NO_VERSION


def current_version() -> str:
    """The version, from the shared cache when there is one (no query), else the database."""
    cache = _shared_cache()
    if cache is None:
        return read_version()
    version = cache.get(CACHE_KEY)
    if version is None:
        version = read_version()
        cache.add(CACHE_KEY, version, MIRROR_SECONDS)
    return version


def current_ruleset(site=None) -> RuleSet:
    """This process's RuleSet for `site`, rebuilt when the version moved. The version is read
    before the rules, so a change committed during a rebuild triggers another one next time."""
    version = current_version()
    key = site.pk if site is not None else None
    snapshot = _snapshots.get(key)
    if snapshot is not None and snapshot.version == version:
        return snapshot
    with _lock:
        snapshot = _snapshots.get(key)
        if snapshot is None or snapshot.version != version:
            snapshot = compile_ruleset(site, version=version)
            _snapshots[key] = snapshot
    return snapshot


class _PendingBump:
    """The on-commit callback; `done` once it ran, so a later change registers a new one."""

    def __init__(self) -> None:
        self.done = False

    def __call__(self) -> None:
        self.done = True
        _bump_now()


def bump_version() -> None:
    """Mark the rule set changed once the current transaction commits (once per transaction,
    however many rows it touched); immediately when there is no transaction."""
    if connection.in_atomic_block and any(isinstance(func, _PendingBump) and not func.done
                                          for _sids, func, _robust in connection.run_on_commit):
        return
    transaction.on_commit(_PendingBump())


def _bump_now() -> None:
    if not RulesetVersion.objects.filter(pk=1).update(number=F("number") + 1):
        RulesetVersion.objects.get_or_create(pk=1, defaults={"number": 1})
    cache = _shared_cache()
    if cache is not None:
        cache.set(CACHE_KEY, read_version(), MIRROR_SECONDS)


def forget_snapshots() -> None:
    """Drop this process's compiled rule sets (tests; never needed in production)."""
    with _lock:
        _snapshots.clear()
