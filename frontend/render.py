"""Turning the API's content JSON and decision into what the templates show.

Pure functions over plain data (no Flask, no I/O), so the rules for images and blocks are
tested without a server. The visitor's "Why am I seeing this?" words live in why.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

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
