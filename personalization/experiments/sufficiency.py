"""When a report has enough visitors to say anything: below that, screens say "not enough
visitors yet" instead of intervals, uplifts and a sample-ratio verdict (a 0-visitor arm's
"95% interval 0.0% – 0.0%" and "Sample ratio ok" would be untrue).

The threshold is the chi-square test's own rule of thumb: every arm expects at least 5 visitors
under the design weights. The same 5 per arm is the least at which a Wilson interval and an
uplift say something a marketer can act on."""

from __future__ import annotations

from collections.abc import Sequence

from .stats import ArmTotals

MIN_EXPECTED_PER_ARM = 5


def enough_visitors(arms: Sequence[ArmTotals]) -> bool:
    total = sum(a.exposures for a in arms)
    weight = sum(a.weight for a in arms)
    if total == 0 or weight <= 0:
        return False
    return all(total * a.weight / weight >= MIN_EXPECTED_PER_ARM for a in arms)


def visitors_needed(arms: Sequence[ArmTotals]) -> int:
    """Visitors in all needed before every arm expects MIN_EXPECTED_PER_ARM."""
    weight = sum(a.weight for a in arms)
    if not arms or weight <= 0:
        return 0
    smallest = min(a.weight for a in arms) / weight
    return max(0, int(-(-MIN_EXPECTED_PER_ARM // smallest)) if smallest > 0 else 0)
