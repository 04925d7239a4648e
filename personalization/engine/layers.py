"""Who enters an experiment at all: its `traffic` percent and its `layer` (mutually exclusive
experiments). Pure functions of the visitor id, so every process, and a frontend evaluating the
ruleSet JSON locally, gives the same answer. The exact algorithm is in docs/ruleset-format.md
("Experiment layers and traffic"); the TypeScript port follows it.

- unit(key): the first 8 bytes of SHA-256(key, UTF-8), big-endian, divided by 2^64: [0, 1).
- traffic T (percent, 1..100): the visitor enters the test `K` when
  unit(visitor + US + K + US + "traffic") < T / 100 (US is the unit separator, U+001F).
- layer L with member tests M (the experiment keys of every test declaring L, e.g. "page:42"):
  the visitor belongs to the member k with the highest unit(visitor + US + "layer:" + L + US + k)
  (ties: the first in sorted order); they enter test K only when that member is K.
A visitor outside the traffic or owned by another test of the layer gets the default content and
is counted in no arm; so is a visitor without an id when a layer or traffic is set.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

_SCALE = float(1 << 64)
US = "\x1f"


def unit(key: str) -> float:
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / _SCALE


def in_traffic(visitor_id: str, experiment: str, percent: int | None) -> bool:
    if percent is None or percent >= 100:
        return True
    if percent <= 0:
        return False
    return unit(f"{visitor_id}{US}{experiment}{US}traffic") < percent / 100


def layer_owner(visitor_id: str, layer: str, members: Sequence[str]) -> str | None:
    """The one test of the layer this visitor may enter (None: the layer has no member)."""
    best, best_point = None, -1.0
    for member in sorted(members):
        point = unit(f"{visitor_id}{US}layer:{layer}{US}{member}")
        if point > best_point:
            best, best_point = member, point
    return best


def admitted(
    visitor_id: str | None,
    experiment: str,
    layer: str,
    traffic: int | None,
    members: Mapping[str, Sequence[str]] | None,
) -> tuple[bool, str]:
    """(enters the test, why not). A test with neither a layer nor a traffic below 100 admits all."""
    limited = traffic is not None and traffic < 100
    if not layer and not limited:
        return True, ""
    if not visitor_id:
        return False, "the visitor has no id, and the test has a layer or a traffic share"
    if layer:
        listed = tuple((members or {}).get(layer, ())) or (experiment,)
        owner = layer_owner(
            visitor_id, layer, listed if experiment in listed else (*listed, experiment)
        )
        if owner != experiment:
            return False, f"the visitor is in another test of layer {layer}"
    if limited and not in_traffic(visitor_id, experiment, traffic):
        return False, f"the visitor is outside the test's {traffic}% of traffic"
    return True, ""
