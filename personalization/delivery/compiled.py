"""The compiled rules the engine decides with: compiled once per rule-set version and process."""
from __future__ import annotations

import threading

from personalization.engine.decide import CompiledRuleSet, compile_ruleset
from personalization.rules.snapshot import current_ruleset

_lock = threading.Lock()
_compiled: CompiledRuleSet | None = None


def current_compiled() -> CompiledRuleSet:
    """At most the one query current_ruleset() spends on the version, whatever the rules hold."""
    global _compiled
    rules = current_ruleset()
    compiled = _compiled
    if compiled is None or compiled.version != rules.version:
        with _lock:
            compiled = compile_ruleset(rules)
            _compiled = compiled
    return compiled
