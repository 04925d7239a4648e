"""Whether a request may read and write the visitor's history (graphql-api.md, Behaviour).

opt-in (default): only a visitor who granted personalization consent is profiled.
opt-out: every visitor is, unless they declined, or send GPC or `DNT: 1` without an explicit
yes, or whose browser keeps the "no" cookie set when they declined (a "no" is kept without
keeping a profile). Bots never are. Without profiling the request is still personalized by what it carries.
"""

from __future__ import annotations

from personalization.profiles.store import Consent


def profiling_allowed(
    *, mode: str, consent: Consent | None, bot: bool, gpc: bool, dnt: bool, declined: bool = False
) -> bool:
    if bot:
        return False
    if consent is not None:
        return consent.personalization
    return mode == "opt-out" and not (gpc or dnt or declined)
