"""`decision.reasons` for whom (issue 25, Build 3).

The engine explains everything it weighed: the variants and block alternatives it passed over,
A/B arms and weights, holdouts, and the scheduled content that is not live yet ("variant 'Black
Friday' goes live 2026-11-27 00:00 UTC"). That is what an editor previewing a page, or the
site's own server, should read; an anonymous caller must not learn from it what is planned.

Without a valid preview token or the server key, the reasons speak only of what was served and
of the visitor's own facts:
- the persona, stage and segment lines of the decision, as the engine words them (they explain
  this visitor's own signals: referrer, pages viewed, events, location);
- one line for the page, rebuilt from the served variant itself: "Variant 'Racer home' for
  persona racer" or "Default content";
- one line per personalized section: "Personalized section 2: the alternative chosen for this
  visitor" or "...: the default content", never an alternative's name, schedule or arm.

The engine stays as it is (pure, one wording); this module only chooses and rewords at the
edge, from the decision's structure: the engine's lines are the persona's, the stage's and one
per segment held (Decision.segments), then the page's line, then one per personalized section.
"""

from __future__ import annotations

from personalization.delivery.service import Delivery
from personalization.engine.choose import audience

DEFAULT_PAGE = "Default content"
SECTION_DEFAULT = "the default content"
SECTION_ALTERNATIVE = "the alternative chosen for this visitor"


def reasons_for(delivery: Delivery, trusted: bool) -> list[str]:
    """Every reason for the site's server (`trusted`) and for a preview (a draft snapshot is
    only built for a valid preview token: api/page.py), the public ones for everyone else."""
    if trusted or delivery.snapshot.revision.startswith("draft-"):
        return list(delivery.decision.reasons)
    return public_reasons(delivery)


def public_reasons(delivery: Delivery) -> list[str]:
    """The reasons an anonymous caller may read (see the module docstring)."""
    decision = delivery.decision
    reasons = list(decision.reasons)
    own = 2 + len(decision.segments)  # persona, stage, then one line per segment held
    lines = reasons[:own]
    variant = delivery.variant.variant
    if variant is None:
        lines.append(DEFAULT_PAGE)
    else:
        lines.append(f"Variant {variant.name!r} for {audience(variant.target)}")
    for section in reasons[own + 1 :]:
        label, _, said = section.partition(": ")
        served = SECTION_DEFAULT if said.startswith("default") else SECTION_ALTERNATIVE
        lines.append(f"{label}: {served}")
    return [line for line in lines if line]
