"""The compiled rules the engine decides with: compiled once per rule-set version, site and process."""

from __future__ import annotations

import threading

from personalization.engine.decide import CompiledRuleSet, compile_ruleset
from personalization.rules.current import current_ruleset

_lock = threading.Lock()
_compiled: dict[int | None, CompiledRuleSet] = {}


def current_compiled(site=None) -> CompiledRuleSet:
    """At most the one query current_ruleset() spends on the version, whatever the rules hold.
    Journey stages are per site: a site with stages of its own decides with those."""
    rules = current_ruleset(site)
    key = site.pk if site is not None else None
    compiled = _compiled.get(key)
    if compiled is None or compiled.version != rules.version:
        with _lock:
            compiled = compile_ruleset(rules)
            _compiled[key] = compiled
    return compiled


def forget_compiled() -> None:
    """Drop this process's compiled rule sets (tests, whose rolled-back rows reuse versions)."""
    with _lock:
        _compiled.clear()
