"""Validation of every entry before anything is written: unknown keys are errors, and every
message names the file, the entry and the key, and says what was expected."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, NoReturn

from personalization.engine.cycles import condition_references
from personalization.engine.traits import NAME as TRAIT_NAME
from personalization.engine.traits import TRAIT_TYPES, check_declared

from .errors import SiteFormatError
from .reader import Entry, SiteFiles

SLUG = re.compile(r"^[a-z0-9-]+$")
PATH = re.compile(r"^/([a-z0-9][a-z0-9_-]*/)*$")
PAGE_TYPES = ("content", "home")
PAGE_FIELDS = ("title", "intro", "body")
BLOCK_TYPES = ("heading", "paragraph", "cta", "image", "personalized")

PERSONA_KEYS = {
    "slug": True,
    "name": True,
    "description": False,
    "priority": False,
    "rules": False,
    "score_threshold": False,
    "tone_of_voice": False,
    "public_name": False,
    "public_description": False,
}
STAGE_KEYS = {"slug": True, "name": True, "order": True, "rules": False}
SEGMENT_KEYS = {"slug": True, "name": True, "rules": True}
TRAIT_KEYS = {"name": True, "type": True, "description": False}
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
}
ALTERNATIVE_KEYS = {
    "persona": False,
    "stage": False,
    "segment": False,
    "weight": False,
    "go_live_at": False,
    "expire_at": False,
    "blocks": True,
}
GOAL_KEYS = {
    "slug": True,
    "name": True,
    "event": True,
    "path": False,
    "value": False,
    "window_days": False,
}
MAX_HOLDOUT = 50


class Checker:
    """Raises SiteFormatError for one entry, with its file and entry label filled in."""

    def __init__(self, entry: Entry, label: str):
        self.file, self.label = entry.file, label

    def fail(self, key: str, expected: str) -> NoReturn:
        raise SiteFormatError(self.file, self.label, key, expected)

    def keys(self, data: Any, spec: dict[str, bool], where: str = ""):
        if not isinstance(data, dict):
            self.fail(where or "-", "a mapping")
        for key in data:
            if key not in spec:
                self.fail(f"{where}{key}", f"one of {', '.join(spec)} (unknown key)")
        for key, required in spec.items():
            if required and data.get(key) in (None, ""):
                self.fail(f"{where}{key}", "a value (required)")

    def of(self, data: dict, key: str, kind: type | tuple, expected: str, where: str = ""):
        value = data.get(key)
        if value is not None and (
            not isinstance(value, kind) or isinstance(value, bool) and bool not in _tuple(kind)
        ):
            self.fail(f"{where}{key}", expected)
        return value


def _tuple(kind):
    return kind if isinstance(kind, tuple) else (kind,)


def validate_site(
    site: SiteFiles,
    condition_errors: Callable[[Any], list[str]],
    existing_traits: dict[str, str] | None = None,
    existing_slugs: dict[str, set[str]] | None = None,
) -> None:
    """`existing_traits` (name -> type) are traits already declared in the database: conditions
    may test them and the traits of the files. Likewise `existing_slugs` (kind -> slugs of the
    personas, stages and segments already in the database): a file loaded on top of a site may
    refer to them, as it may to its own."""
    existing = existing_slugs or {}
    personas = _unique(site.sections["personas"], "slug", "persona")
    stages = _unique(site.sections["journey_stages"], "slug", "journey stage")
    segments = _unique(site.sections["segments"], "slug", "segment")
    declared = {**(existing_traits or {}), **_traits(site.sections["traits"])}
    checks = condition_errors

    def file_condition_errors(cond: Any) -> list[str]:
        return checks(cond) or check_declared(cond, declared)

    refs = {
        "persona": set(personas) | existing.get("persona", set()),
        "stage": set(stages) | existing.get("stage", set()),
        "segment": set(segments) | existing.get("segment", set()),
    }

    for entry in site.sections["personas"]:
        c = Checker(
            entry, f"persona {entry.data.get('slug', '?') if isinstance(entry.data, dict) else '?'}"
        )
        c.keys(entry.data, PERSONA_KEYS)
        _slug(c, entry.data)
        c.of(entry.data, "name", str, "a string")
        c.of(entry.data, "description", str, "a string")
        c.of(entry.data, "tone_of_voice", str, "a string")
        c.of(entry.data, "public_name", str, "a string")
        c.of(entry.data, "public_description", str, "a string")
        c.of(entry.data, "priority", int, "an integer")
        c.of(entry.data, "score_threshold", (int, float), "a number")
        _condition(c, entry.data.get("rules"), file_condition_errors, refs)
    for entry in site.sections["journey_stages"]:
        c = Checker(
            entry,
            f"journey stage {entry.data.get('slug', '?') if isinstance(entry.data, dict) else '?'}",
        )
        c.keys(entry.data, STAGE_KEYS)
        _slug(c, entry.data)
        c.of(entry.data, "name", str, "a string")
        c.of(entry.data, "order", int, "an integer")
        _condition(c, entry.data.get("rules"), file_condition_errors, refs)
    for entry in site.sections["segments"]:
        c = Checker(
            entry, f"segment {entry.data.get('slug', '?') if isinstance(entry.data, dict) else '?'}"
        )
        c.keys(entry.data, SEGMENT_KEYS)
        _slug(c, entry.data)
        c.of(entry.data, "name", str, "a string")
        _condition(c, entry.data.get("rules"), file_condition_errors, refs)

    seen_paths: set[str] = set()
    for entry in site.sections["pages"]:
        _page(entry, seen_paths, refs, site)
    _unique(site.sections["goals"], "slug", "goal")
    for entry in site.sections["goals"]:
        _goal(entry)
    if "holdout" in site.settings:
        entry = site.settings["holdout"]
        _percent(Checker(entry, "site"), {"holdout": entry.data}, "holdout", "")


def _goal(entry: Entry):
    data = entry.data
    c = Checker(entry, f"goal {data.get('slug', '?') if isinstance(data, dict) else '?'}")
    c.keys(data, GOAL_KEYS)
    _slug(c, data)
    c.of(data, "name", str, "a string")
    c.of(data, "event", str, "an event type (a string)")
    if data.get("path") is not None and (
        not isinstance(data["path"], str) or not data["path"].startswith("/")
    ):
        c.fail("path", "a path starting with /")
    c.of(data, "value", bool, "true or false")
    days = data.get("window_days")
    if days is not None and (
        isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 365
    ):
        c.fail("window_days", "a whole number of days from 1 to 365")


def _percent(c: Checker, data: dict, key: str, where: str):
    value = data.get(key)
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_HOLDOUT
    ):
        c.fail(f"{where}{key}", f"a whole percent from 0 to {MAX_HOLDOUT}")


def _traits(entries: list[Entry]) -> dict[str, str]:
    """name -> type of the traits the files declare, each entry checked."""
    _unique(entries, "name", "trait")
    declared: dict[str, str] = {}
    for entry in entries:
        c = Checker(
            entry, f"trait {entry.data.get('name', '?') if isinstance(entry.data, dict) else '?'}"
        )
        c.keys(entry.data, TRAIT_KEYS)
        if not isinstance(entry.data["name"], str) or not TRAIT_NAME.match(entry.data["name"]):
            c.fail("name", "lower-case letters, digits and underscores ([a-z0-9_]+)")
        if entry.data["type"] not in TRAIT_TYPES:
            c.fail("type", f"one of {', '.join(TRAIT_TYPES)}")
        c.of(entry.data, "description", str, "a string")
        declared[entry.data["name"]] = entry.data["type"]
    return declared


def _unique(entries: list[Entry], key: str, kind: str) -> dict[str, Entry]:
    found: dict[str, Entry] = {}
    for entry in entries:
        if not isinstance(entry.data, dict):
            raise SiteFormatError(
                entry.file, f"{kind} #{entries.index(entry) + 1}", "-", "a mapping"
            )
        value = entry.data.get(key)
        if isinstance(value, str) and value in found:
            raise SiteFormatError(
                entry.file,
                f"{kind} {value}",
                key,
                f"a unique {key} ({value} is also defined in {found[value].file})",
            )
        if isinstance(value, str):
            found[value] = entry
    return found


def _slug(c: Checker, data: dict):
    if not isinstance(data.get("slug"), str) or not SLUG.match(data["slug"]):
        c.fail("slug", "lower-case letters, digits and hyphens ([a-z0-9-]+)")


def _condition(c: Checker, cond: Any, condition_errors, refs, key: str = "rules"):
    if cond is None:
        return
    errors = condition_errors(cond)
    if errors:
        c.fail(key, errors[0])
    for kind, slug in condition_references(cond):
        if slug not in refs[kind]:
            c.fail(key, f"a defined {kind} slug ({slug!r} is not defined)")


def _page(entry: Entry, seen_paths: set[str], refs: dict[str, set], site: SiteFiles):
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
        _percent(c, variant, "holdout", where)
        if variant.get("allocation") not in (None, "bandit"):
            c.fail(f"{where}allocation", "bandit (or no allocation: fixed weights)")
        _blocks(c, variant.get("body"), f"{where}body", refs, site)
    _bandits(c, variants or [])


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
