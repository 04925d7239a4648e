"""The visitor's "Why am I seeing this?" panel: the decision in plain, consistent sentences.

Every sentence speaks to the visitor as "you", in the present tense, and ends with a full stop.
Only what editors made public is named (a persona's public name); the names of variants,
stages, segments and alternatives are the editors' own words and are said in plain words instead.
What the visitor is told never contradicts itself: without consent, nothing claims to come from
their past visits. Reasons the panel cannot rephrase (a CMS may send shorter or newer ones) are
kept, with their keys said in words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .api import Decision
from .site import CHANNEL_WORDS, DEVICE_WORDS


def _location_words(location: dict[str, Any] | None) -> str | None:
    if not location:
        return None
    parts = [
        location.get("city"),
        location.get("region") if not location.get("city") else None,
        location.get("country") or location.get("countryCode"),
    ]
    words = ", ".join(str(p) for p in parts if p)
    return words or None


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def explain(
    decision: Decision, variant: dict[str, Any] | None, reasons: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """The decision as label/sentence pairs a visitor can read without knowing the system."""
    parts_chosen = any(_SECTION.match(r) for r in reasons)
    if variant:
        seen = "A version of this page written for visitors like you."
    elif parts_chosen:
        seen = "The standard version of this page, with parts chosen for visitors like you."
    else:
        seen = "The standard version of this page, the one everyone sees."
    facts: list[tuple[str, str]] = [("What you see", seen)]
    persona = decision.persona
    if persona is None:
        who = (
            "No one in particular: nothing we know matches a kind of visitor this site writes for."
        )
    elif persona.public_name:
        who = _sentence(persona.public_name)
    else:
        who = "One of the kinds of visitors this site writes for."
    facts.append(("Who we think you are", who))
    if decision.stage:
        facts.append(
            (
                "How far along you are",
                "Worked out from your visits to this site."
                if decision.profiling
                else "Worked out from this visit alone.",
            )
        )
    location = _location_words(decision.location)
    facts.append(
        (
            "Where you are",
            f"{location}, worked out from your network address." if location else "We do not know.",
        )
    )
    facts.append(("Your device", _sentence(DEVICE_WORDS.get(decision.device, decision.device))))
    facts.append(
        ("How you arrived", _sentence(CHANNEL_WORDS.get(decision.channel, decision.channel)))
    )
    if decision.segments:
        count = len(decision.segments)
        facts.append(
            (
                "Groups you fall into",
                "One of the groups this site uses to choose content."
                if count == 1
                else f"{count} of the groups this site uses to choose content.",
            )
        )
    facts.append(
        (
            "Memory",
            "We remember your visits to this site, because you allowed it."
            if decision.profiling
            else "We do not remember you: what you see depends only on this visit.",
        )
    )
    return facts


#: Signal keys in the reasons' evidence, as a visitor says them.
_SIGNAL_WORDS = {
    "utm_campaign": "the campaign in your link",
    "utm_source": "the source in your link",
    "utm_medium": "the medium in your link",
    "referrer_domain": "the site you came from",
    "landing_path": "the page you arrived on",
    "local_hour": "your local hour",
    "device": "your device",
    "country": "your country",
    "region": "your region",
    "city": "your city",
    "channel": "how you arrived",
    "declared_interest": "an interest you told us",
    "declared_persona": "what you told us you are",
}
_SIGNAL = re.compile(r"\b(" + "|".join(_SIGNAL_WORDS) + r")\b")
_SLUG = r"([a-z0-9][a-z0-9-]*)"
_RULE = re.compile(r" \(rule: [^)]*\)")
_SECTION = re.compile(
    r"^Personalized section (\d+)(?: \(inside section \d+\))?: (?:the |an )?alternative"
    r"(?: (['\"]).*?\2)? for (.+?)(?: \(.*\))?$"
)
_DEFAULT_SECTION = re.compile(r"^Personalized section \d+( \(inside section \d+\))?: default \(")
#: Lines the facts above already say in better words.
_SAID_BY_THE_FACTS = re.compile(r"^(No persona|No stage|Default content)\b")
_VARIANT = re.compile(r"^Variant (['\"]).*?\1 for (.+?)(?: \((A/B test)[^)]*\))?(?: \(.*\))?$")
_OPENINGS = [
    (re.compile(r"^Persona " + _SLUG + r": "), "persona"),
    (re.compile(r"^Stage " + _SLUG + r": "), "How far along you are: "),
    (re.compile(r"^Segment " + _SLUG + r": "), "A group you fall into: "),
]
_PREVIEW = re.compile(r"^(Persona|Stage|Segment) " + _SLUG + r": chosen in the preview$")
_MENTION = re.compile(r"\b(persona|stage|segment) " + _SLUG + r"\b(?!')")
_MENTION_WORDS = {
    "persona": "a kind of visitor",
    "stage": "a step of your search",
    "segment": "a group of visitors",
}


def _named(kind: str, slug: str, public: Mapping[str, str]) -> str:
    if kind == "persona" and public.get(slug):
        return f"\u201c{public[slug]}\u201d"
    return _MENTION_WORDS[kind]


def _mentions(text: str, public: Mapping[str, str]) -> str:
    return _MENTION.sub(lambda m: _named(m.group(1), m.group(2), public), text)


def public_words(reason: str, public: Mapping[str, str]) -> str:
    """One reason as a sentence a visitor may read (`public`: persona slug -> public name)."""
    reason = _RULE.sub("", reason)
    preview = _PREVIEW.match(reason)
    if preview:
        who = _named(preview.group(1).lower(), preview.group(2), public)
        return _sentence(f"An editor chose {who} for this preview")
    section = _SECTION.match(reason)
    if section:
        who = _mentions(section.group(3), public)
        return _sentence(f"Part {section.group(1)} of this page is written for {who}")
    variant = _VARIANT.match(reason)
    if variant:
        words = f"This version of the page is written for {_mentions(variant.group(2), public)}"
        if variant.group(3):
            words += "; you are part of a test that compares versions of this page"
        return _sentence(words)
    reason = _SIGNAL.sub(lambda m: _SIGNAL_WORDS[m.group(1)], reason)
    for pattern, words in _OPENINGS:
        match = pattern.match(reason)
        if match is None:
            continue
        if words == "persona":
            slug = match.group(1)
            words = (
                f"We think you are among {_named('persona', slug, public)}: "
                if public.get(slug)
                else "We think you are one of the kinds of visitors this site writes for: "
            )
        reason = words + reason[match.end() :]
        break
    return _sentence(_mentions(reason, public))


def plain_reasons(reasons: Iterable[str], public: Mapping[str, str] | None = None) -> list[str]:
    """The decision's reasons (docs/engine.md) as the visitor's sentences, minus what they do not
    need: sections showing their standard content, and lines the facts already say."""
    out: list[str] = []
    for reason in reasons:
        if _DEFAULT_SECTION.match(reason) or _SAID_BY_THE_FACTS.match(reason):
            continue
        sentence = public_words(reason, public or {})
        if sentence not in out:
            out.append(sentence)
    return out


def public_names(*personas: Any) -> dict[str, str]:
    """slug -> public name of the personas given (None and lists of personas welcome)."""
    names: dict[str, str] = {}
    for item in personas:
        for persona in item if isinstance(item, (list, tuple)) else [item]:
            if persona is not None and getattr(persona, "public_name", None):
                names[persona.slug] = persona.public_name
    return names
