"""Turning the API's content JSON and decision into what the templates show.

Pure functions over plain data (no Flask, no I/O), so the rules for images, blocks and the
plain-words explanation are tested without a server.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .api import Decision
from .site import CHANNEL_WORDS, DEVICE_WORDS

#: Widths at which a content image is laid out; `sizes` lets the browser pick a rendition.
CONTENT_IMAGE_SIZES = "(min-width: 52rem) 48rem, calc(100vw - 2.5rem)"  # .body > * is 48rem wide
DOWNLOAD_SUFFIXES = (".pdf", ".zip", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx")


@dataclass(frozen=True)
class ImageView:
    src: str
    srcset: str
    alt: str
    width: int | None
    height: int | None
    sizes: str = CONTENT_IMAGE_SIZES


def absolute(url: str, origin: str) -> str:
    """Media URLs from the CMS may be relative to the CMS, which is another host than ours."""
    if url.startswith(("http://", "https://", "//", "data:")):
        return url
    return origin.rstrip("/") + "/" + url.lstrip("/")


def _renditions(value: dict[str, Any]) -> list[dict[str, Any]]:
    raw = value.get("renditions") or value.get("sources") or []
    if isinstance(raw, dict):  # {"480": "/media/...", ...} or {"480": {"url": ...}}
        raw = [
            dict(v, width=int(k)) if isinstance(v, dict) else {"width": int(k), "url": v}
            for k, v in raw.items()
        ]
    return [
        r for r in raw if isinstance(r, dict) and (r.get("url") or r.get("src")) and r.get("width")
    ]


def image_view(value: Any, origin: str) -> ImageView | None:
    """An image block's value as an <img> with srcset; None when there is nothing to show."""
    if not isinstance(value, dict):
        return None
    if isinstance(value.get("image"), dict):  # {"image": {...urls...}, "alt": "..."}
        value = {**value["image"], **{k: v for k, v in value.items() if k != "image" and v}}
    renditions = sorted(_renditions(value), key=lambda r: int(r["width"]))
    srcset = ", ".join(
        f"{absolute(r.get('url') or r['src'], origin)} {int(r['width'])}w" for r in renditions
    )
    largest = renditions[-1] if renditions else {}
    src = value.get("url") or value.get("src") or largest.get("url") or largest.get("src")
    if not src:
        return None
    # A mid-sized rendition is the fallback for browsers without srcset.
    if renditions:
        middle = renditions[len(renditions) // 2]
        src = middle.get("url") or middle["src"]
    width = largest.get("width") or value.get("width")
    height = largest.get("height") or value.get("height")
    alt = value.get("alt") or value.get("altText") or ""
    return ImageView(
        src=absolute(src, origin),
        srcset=srcset,
        alt=str(alt),
        width=int(width) if width else None,
        height=int(height) if height else None,
    )


def flatten_blocks(blocks: Iterable[Any]) -> list[dict[str, Any]]:
    """Body blocks in reading order. The API resolves personalized blocks; should one still
    arrive as a list of chosen blocks, its blocks are rendered in its place."""
    out: list[dict[str, Any]] = []
    for block in blocks or []:
        if not isinstance(block, dict):
            continue
        value = block.get("value")
        if block.get("type") == "personalized":
            inner = value.get("blocks") if isinstance(value, dict) else value
            out.extend(flatten_blocks(inner if isinstance(inner, list) else []))
        else:
            out.append(block)
    return out


def is_download(url: str) -> bool:
    return url.split("?", 1)[0].split("#", 1)[0].lower().endswith(DOWNLOAD_SUFFIXES)


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


def explain(decision: Decision, variant: dict[str, Any] | None) -> list[tuple[str, str]]:
    """The decision as label/sentence pairs a visitor can read without knowing the system.

    Only what editors made public is named (a persona's public name); variant, stage and segment
    names are the editors' own words and are said in plain words instead."""
    facts: list[tuple[str, str]] = []
    if variant:
        facts.append(("What you see", "a version of this page written for visitors like you."))
    else:
        facts.append(("What you see", "the standard version of this page."))
    persona = decision.persona
    if persona is None:
        who = "nobody in particular; we have no reason to guess."
    elif persona.public_name:
        who = f"{persona.public_name}."
    else:
        who = "we have a guess, used only to choose what you see."
    facts.append(("Who we think you are", who))
    if decision.stage:
        facts.append(
            ("Where you are in your search", "a guess from what you have done on this site.")
        )
    location = _location_words(decision.location)
    facts.append(
        (
            "Where you are",
            f"{location}, worked out from your network address." if location else "unknown.",
        )
    )
    facts.append(("Your device", f"{DEVICE_WORDS.get(decision.device, decision.device)}."))
    facts.append(("How you arrived", f"{CHANNEL_WORDS.get(decision.channel, decision.channel)}."))
    if decision.segments:
        count = len(decision.segments)
        facts.append(
            (
                "Groups you fall into",
                "one of the groups this site uses to choose content."
                if count == 1
                else f"{count} of the groups this site uses to choose content.",
            )
        )
    facts.append(
        (
            "Memory",
            "we remember your visits on this site, because you allowed it."
            if decision.profiling
            else "we do not remember anything about you between pages.",
        )
    )
    return facts


#: A personalized section that shows its standard content ("Personalized section 2 (inside
#: section 1): default (no alternative targets this visitor)"): true, but nothing a visitor needs.
_DEFAULT_SECTION = re.compile(r"^Personalized section \d+( \(inside section \d+\))?: default \(")
_SIGNAL_WORDS = {
    "utm_campaign": "campaign in your link",
    "utm_source": "source in your link",
    "utm_medium": "medium in your link",
    "referrer_domain": "site you came from",
    "local_hour": "your local hour",
    "device": "your device",
    "country": "your country",
    "region": "your region",
    "declared_interest": "an interest you told us",
    "declared_persona": "what you told us you are",
}
_SIGNAL = re.compile(r"\b(" + "|".join(_SIGNAL_WORDS) + r")\b")
_SLUG = r"([a-z0-9][a-z0-9-]*)"
#: The reasons' openings that name an editor's object (docs/engine.md, "Reasons").
_OPENINGS = [
    (re.compile(r"^Persona " + _SLUG + r": "), "persona"),
    (re.compile(r"^Stage " + _SLUG + r": "), "How far along you are: "),
    (re.compile(r"^Segment " + _SLUG + r": "), "A group you fall into: "),
    (re.compile(r"^Variant (['\"]).*?\1"), "A version of this page"),
    (re.compile(r"^No persona: "), "No guess about you: "),
]
_NAMED_ALTERNATIVE = re.compile(r"\balternative (['\"]).*?\1")
_MENTION = re.compile(r"\b(persona|stage|segment) " + _SLUG + r"\b(?!')")
_MENTION_WORDS = {
    "persona": "a kind of visitor",
    "stage": "a step of your search",
    "segment": "a group of visitors",
}


def public_words(reason: str, public: Mapping[str, str]) -> str:
    """One reason with every persona, stage, segment and variant the editors named said in words a
    visitor may read: a persona's public name (`public`: slug -> public name) or plain words."""

    def persona(slug: str) -> str:
        return f"\u201c{public[slug]}\u201d" if public.get(slug) else _MENTION_WORDS["persona"]

    for pattern, words in _OPENINGS:
        match = pattern.match(reason)
        if match is None:
            continue
        if words == "persona":
            words = (
                f"We think you are among {persona(match.group(1))}: "
                if public.get(match.group(1))
                else "We have a guess about you: "
            )
        reason = words + reason[match.end() :]
        break
    reason = _NAMED_ALTERNATIVE.sub("an alternative", reason)
    return _MENTION.sub(
        lambda m: persona(m.group(2)) if m.group(1) == "persona" else _MENTION_WORDS[m.group(1)],
        reason,
    )


def plain_reasons(reasons: Iterable[str], public: Mapping[str, str] | None = None) -> list[str]:
    """The decision's reasons (already sentences, see docs/engine.md), minus the noise a visitor
    does not need: sections that show their standard content are left out, signal names
    (`utm_campaign`) become words ("campaign in your link"), and only public names are named."""
    out: list[str] = []
    for reason in reasons:
        if _DEFAULT_SECTION.match(reason):
            continue
        reason = public_words(
            _SIGNAL.sub(lambda m: _SIGNAL_WORDS[m.group(1)], reason), public or {}
        )
        reason = reason[:1].upper() + reason[1:]
        if reason not in out:
            out.append(reason)
    return out


def public_names(*personas: Any) -> dict[str, str]:
    """slug -> public name of the personas given (None and lists of personas welcome)."""
    names: dict[str, str] = {}
    for item in personas:
        for persona in item if isinstance(item, (list, tuple)) else [item]:
            if persona is not None and getattr(persona, "public_name", None):
                names[persona.slug] = persona.public_name
    return names
