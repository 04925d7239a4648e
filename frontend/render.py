"""Turning the API's content JSON and decision into what the templates show.

Pure functions over plain data (no Flask, no I/O), so the rules for images, blocks and the
plain-words explanation are tested without a server.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

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
        raw = [dict(v, width=int(k)) if isinstance(v, dict) else {"width": int(k), "url": v} for k, v in raw.items()]
    return [r for r in raw if isinstance(r, dict) and (r.get("url") or r.get("src")) and r.get("width")]


def image_view(value: Any, origin: str) -> ImageView | None:
    """An image block's value as an <img> with srcset; None when there is nothing to show."""
    if not isinstance(value, dict):
        return None
    if isinstance(value.get("image"), dict):  # {"image": {...urls...}, "alt": "..."}
        value = {**value["image"], **{k: v for k, v in value.items() if k != "image" and v}}
    renditions = sorted(_renditions(value), key=lambda r: int(r["width"]))
    srcset = ", ".join(f"{absolute(r.get('url') or r['src'], origin)} {int(r['width'])}w" for r in renditions)
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
    return ImageView(src=absolute(src, origin), srcset=srcset, alt=str(alt),
                     width=int(width) if width else None, height=int(height) if height else None)


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
    parts = [location.get("city"), location.get("region") if not location.get("city") else None,
             location.get("country") or location.get("countryCode")]
    words = ", ".join(str(p) for p in parts if p)
    return words or None


def explain(decision: Decision, variant: dict[str, Any] | None) -> list[tuple[str, str]]:
    """The decision as label/sentence pairs a visitor can read without knowing the system."""
    facts: list[tuple[str, str]] = []
    if variant:
        facts.append(("What you see", f"a version of this page written for you: “{variant.get('name')}”."))
    else:
        facts.append(("What you see", "the standard version of this page."))
    facts.append(("Who we think you are", f"{decision.persona.name}." if decision.persona
                  else "nobody in particular; we have no reason to guess."))
    if decision.stage:
        facts.append(("Where you are in your search", f"{decision.stage.name}."))
    location = _location_words(decision.location)
    facts.append(("Where you are", f"{location}, worked out from your network address."
                  if location else "unknown."))
    facts.append(("Your device", f"{DEVICE_WORDS.get(decision.device, decision.device)}."))
    facts.append(("How you arrived", f"{CHANNEL_WORDS.get(decision.channel, decision.channel)}."))
    if decision.segments:
        facts.append(("Groups you fall into", ", ".join(s.replace("-", " ") for s in decision.segments) + "."))
    facts.append(("Memory", "we remember your visits on this site, because you allowed it."
                  if decision.profiling else "we do not remember anything about you between pages."))
    return facts


#: A personalized section that shows its standard content ("Personalized section 2 (inside
#: section 1): default (no alternative targets this visitor)"): true, but nothing a visitor needs.
_DEFAULT_SECTION = re.compile(r"^Personalized section \d+( \(inside section \d+\))?: default \(")
_SIGNAL_WORDS = {
    "utm_campaign": "campaign in your link", "utm_source": "source in your link", "utm_medium": "medium in your link",
    "referrer_domain": "site you came from", "local_hour": "your local hour", "device": "your device",
    "country": "your country", "region": "your region", "declared_interest": "an interest you told us",
    "declared_persona": "what you told us you are",
}
_SIGNAL = re.compile(r"\b(" + "|".join(_SIGNAL_WORDS) + r")\b")


def plain_reasons(reasons: Iterable[str]) -> list[str]:
    """The decision's reasons (already sentences, see docs/engine.md), minus the noise a visitor
    does not need: sections that show their standard content are left out, and signal names
    (`utm_campaign`) become words ("campaign in your link")."""
    out: list[str] = []
    for reason in reasons:
        if _DEFAULT_SECTION.match(reason):
            continue
        reason = _SIGNAL.sub(lambda m: _SIGNAL_WORDS[m.group(1)], reason)
        reason = reason[:1].upper() + reason[1:]
        if reason not in out:
            out.append(reason)
    return out
