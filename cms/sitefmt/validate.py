"""Validation of every entry before anything is written: unknown keys are errors, and every
message names the file, the entry and the key, and says what was expected."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from personalization.engine.cycles import condition_references
from personalization.engine.traits import NAME as TRAIT_NAME
from personalization.engine.traits import TRAIT_TYPES, check_declared

from .checker import Checker, percent
from .errors import SiteFormatError
from .reader import Entry, SiteFiles
from .validate_pages import check_page

SLUG = re.compile(r"^[a-z0-9-]+$")
PAGE_FIELDS = ("title", "intro", "body")

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
GOAL_KEYS = {
    "slug": True,
    "name": True,
    "event": True,
    "path": False,
    "value": False,
    "window_days": False,
}


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
        check_page(entry, seen_paths, refs, site)
    _unique(site.sections["goals"], "slug", "goal")
    for entry in site.sections["goals"]:
        _goal(entry)
    if "holdout" in site.settings:
        entry = site.settings["holdout"]
        percent(Checker(entry, "site"), {"holdout": entry.data}, "holdout", "")


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
