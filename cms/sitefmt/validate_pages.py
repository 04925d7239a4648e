"""Validation of the pages of the site format: path and type, fields, variants (targets,
schedules, holdouts, bandit allocation) and body blocks, personalized alternatives included;
part of validate.py's pass over every entry before anything is written."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from .checker import Checker, percent
from .reader import Entry, SiteFiles

PATH = re.compile(r"^/([a-z0-9][a-z0-9_-]*/)*$")
PAGE_TYPES = ("content", "home")
BLOCK_TYPES = ("heading", "paragraph", "cta", "image", "personalized")

PAGE_KEYS = {
    "path": True,
    "type": True,
    "title": True,
    "intro": False,
    "tags": False,
    "persona_affinity": False,
    "live": False,
    "body": False,
    "variants": False,
}
VARIANT_KEYS = {
    "name": True,
    "persona": False,
    "stage": False,
    "segment": False,
    "weight": False,
    "go_live_at": False,
    "expire_at": False,
    "title": False,
    "intro": False,
    "body": False,
    "holdout": False,
    "allocation": False,
    "layer": False,
    "traffic": False,
}
LAYER = re.compile(r"^[A-Za-z0-9_-]{1,50}$")
ALTERNATIVE_KEYS = {
    "persona": False,
    "stage": False,
    "segment": False,
    "weight": False,
    "go_live_at": False,
    "expire_at": False,
    "blocks": True,
}


def check_page(entry: Entry, seen_paths: set[str], refs: dict[str, set], site: SiteFiles):
    data = entry.data
    path = data.get("path") if isinstance(data, dict) else None
    c = Checker(entry, f"page {path or '?'}")
    c.keys(data, PAGE_KEYS)
    if not isinstance(path, str) or not PATH.match(path):
        c.fail("path", "a path like /pricing/ (lower-case segments, leading and trailing slash)")
    if path in seen_paths:
        c.fail("path", "a unique path (defined twice)")
    # A parent that is not defined earlier in the files must already exist: the writer checks it.
    seen_paths.add(path)
    if data.get("type") not in PAGE_TYPES:
        c.fail("type", f"one of {', '.join(PAGE_TYPES)}")
    c.of(data, "title", str, "a string")
    c.of(data, "intro", str, "a string")
    c.of(data, "live", bool, "true or false")
    tags = data.get("tags")
    if tags is not None and (
        not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags)
    ):
        c.fail("tags", "a list of strings")
    affinity = data.get("persona_affinity")
    if affinity is not None:
        if not isinstance(affinity, dict):
            c.fail("persona_affinity", "a mapping of persona slug to points")
        for slug, points in affinity.items():
            if slug not in refs["persona"]:
                c.fail(f"persona_affinity.{slug}", "a defined persona slug")
            if isinstance(points, bool) or not isinstance(points, (int, float)):
                c.fail(f"persona_affinity.{slug}", "a number of points")
    _blocks(c, data.get("body"), "body", refs, site)
    variants = data.get("variants")
    if variants is not None and not isinstance(variants, list):
        c.fail("variants", "a list of variants")
    names = set()
    for i, variant in enumerate(variants or []):
        where = f"variants[{i}]."
        c.keys(variant, VARIANT_KEYS, where)
        if variant["name"] in names:
            c.fail(
                f"{where}name", f"a name unique within the page ({variant['name']!r} is used twice)"
            )
        names.add(variant["name"])
        _target(c, variant, where, refs)
        c.of(variant, "title", str, "a string", where)
        c.of(variant, "intro", str, "a string", where)
        percent(c, variant, "holdout", where)
        if variant.get("allocation") not in (None, "bandit"):
            c.fail(f"{where}allocation", "bandit (or no allocation: fixed weights)")
        layer = variant.get("layer")
        if layer is not None and (not isinstance(layer, str) or not LAYER.match(layer)):
            c.fail(f"{where}layer", "a name of letters, digits, '-' and '_' (up to 50)")
        traffic = variant.get("traffic")
        if traffic is not None and (
            isinstance(traffic, bool) or not isinstance(traffic, int) or not 1 <= traffic <= 100
        ):
            c.fail(f"{where}traffic", "a whole percent from 1 to 100")
        _blocks(c, variant.get("body"), f"{where}body", refs, site)
    _bandits(c, variants or [])
    _same_on_every_arm(c, variants or [])


def _bandits(c: Checker, variants: list):
    """`allocation: bandit` is on every arm of an A/B test, or on none."""
    groups: dict[tuple, list] = {}
    for i, v in enumerate(variants):
        groups.setdefault((v.get("persona"), v.get("stage"), v.get("segment")), []).append(i)
    for indexes in groups.values():
        bandit = [variants[i].get("allocation") == "bandit" for i in indexes]
        if any(bandit) and (len(indexes) < 2 or not all(bandit)):
            i = indexes[bandit.index(True)]
            c.fail(
                f"variants[{i}].allocation",
                "bandit on every arm of an A/B test (two or more variants "
                "with the same target), or on none",
            )


def _same_on_every_arm(c: Checker, variants: list):
    """`layer` and `traffic` belong to the A/B test: the same on every arm, and only on tests."""
    groups: dict[tuple, list] = {}
    for i, v in enumerate(variants):
        if isinstance(v, dict):
            groups.setdefault((v.get("persona"), v.get("stage"), v.get("segment")), []).append(i)
    for indexes in groups.values():
        for key in ("layer", "traffic"):
            values = [variants[i].get(key) for i in indexes]
            if any(x is not None for x in values) and (
                len(indexes) < 2 or len({repr(x) for x in values}) > 1
            ):
                i = indexes[next(n for n, x in enumerate(values) if x is not None)]
                c.fail(
                    f"variants[{i}].{key}",
                    f"the same {key} on every arm of an A/B test (two or more variants "
                    "with the same target), or on none",
                )


def _target(c: Checker, data: dict, where: str, refs: dict[str, set]):
    if not any(data.get(k) for k in ("persona", "stage", "segment")):
        c.fail(f"{where}persona", "at least one of persona, stage, segment")
    for kind in ("persona", "stage", "segment"):
        slug = data.get(kind)
        if slug is not None and slug not in refs[kind]:
            c.fail(f"{where}{kind}", f"a defined {kind} slug ({slug!r} is not defined)")
    weight = data.get("weight")
    if weight is not None and (
        isinstance(weight, bool) or not isinstance(weight, int) or weight < 1
    ):
        c.fail(f"{where}weight", "a whole number of at least 1")
    _schedule(c, data, where)


def _schedule(c: Checker, data: dict, where: str):
    """go_live_at / expire_at: ISO 8601 date and time with a zone, the expiry after going live."""
    times = {}
    for key in ("go_live_at", "expire_at"):
        value = data.get(key)
        if value is None:
            continue
        moment = None
        if isinstance(value, str):
            try:
                moment = datetime.fromisoformat(value.strip())
            except ValueError:
                moment = None
        if moment is None or moment.tzinfo is None or "T" not in value.upper():
            c.fail(
                f"{where}{key}",
                "an ISO 8601 date and time with a time zone, e.g. 2026-12-07T00:00:00Z",
            )
        times[key] = moment
    if len(times) == 2 and times["expire_at"] <= times["go_live_at"]:
        c.fail(
            f"{where}expire_at", "a time later than go_live_at (the variant would never be served)"
        )


def _blocks(c: Checker, blocks: Any, where: str, refs, site: SiteFiles, nested: bool = False):
    if blocks is None:
        return
    if not isinstance(blocks, list):
        c.fail(where, "a list of blocks")
    for i, block in enumerate(blocks):
        at = f"{where}[{i}]"
        if not isinstance(block, dict) or set(block) != {"type", "value"}:
            c.fail(at, "a block {type: ..., value: ...}")
        kind, value = block["type"], block["value"]
        if kind not in BLOCK_TYPES:
            c.fail(f"{at}.type", f"one of {', '.join(BLOCK_TYPES)}")
        if kind in ("heading", "paragraph") and not isinstance(value, str):
            c.fail(f"{at}.value", "a string")
        elif kind == "cta":
            c.keys(value, {"label": True, "url": True}, f"{at}.value.")
        elif kind == "image":
            c.keys(value, {"file": True, "alt": True}, f"{at}.value.")
            if not (site.root / value["file"]).is_file():
                c.fail(
                    f"{at}.value.file",
                    f"an image file relative to {site.root} ({value['file']} not found)",
                )
        elif kind == "personalized":
            if nested:
                c.fail(f"{at}.type", "a plain block (personalized blocks do not nest)")
            c.keys(value, {"variants": True, "default": False}, f"{at}.value.")
            if not isinstance(value["variants"], list):
                c.fail(f"{at}.value.variants", "a list")
            for j, alt in enumerate(value["variants"]):
                alt_at = f"{at}.value.variants[{j}]."
                c.keys(alt, ALTERNATIVE_KEYS, alt_at)
                _target(c, alt, alt_at, refs)
                _blocks(c, alt["blocks"], f"{alt_at}blocks", refs, site, nested=True)
            _blocks(c, value.get("default"), f"{at}.value.default", refs, site, nested=True)
