"""The compiled RuleSet, kept in memory per process and rebuilt only when its version changes.

The version is the RULES stamp (personalization/stamps.py): a database row bumped after each
commit that changes rules, mirrored in Redis when configured, and read by a process at most once
per short interval. A decision therefore costs no query for rules on the hot path, whatever the
number of segments, and a change is seen by every process within that interval.
"""

from __future__ import annotations

import threading

from personalization import stamps
from personalization.engine.ruleset import RuleSet

from .build import read_ruleset

_snapshots: dict[int | None, RuleSet] = {}
_lock = threading.Lock()


def current_version() -> str:
    """The version as this process knows it (see personalization/stamps.py)."""
    return stamps.current(stamps.RULES)


def current_ruleset(site=None) -> RuleSet:
    """This process's RuleSet for `site`, rebuilt when the version moved. The version is read
    before the rules, so a change committed during a rebuild triggers another one next time."""
    version = current_version()
    generation = stamps.generation(stamps.RULES)
    if generation:  # this process changed rules: a version of its own until the commit lands
        version = f"{version}+{generation}"
    key = site.pk if site is not None else None
    snapshot = _snapshots.get(key)
    if snapshot is not None and snapshot.version == version:
        return snapshot
    with _lock:
        snapshot = _snapshots.get(key)
        if snapshot is None or snapshot.version != version:
            snapshot = read_ruleset(site, version=version)
            if not stamps.in_open_transaction():
                _snapshots[key] = snapshot
    return snapshot


def bump_version() -> None:
    """Mark the rule set changed once the current transaction commits (once per transaction)."""
    stamps.bump(stamps.RULES)


def forget_snapshots() -> None:
    """Drop this process's compiled rule sets (tests; never needed in production)."""
    with _lock:
        _snapshots.clear()
    stamps.forget()
