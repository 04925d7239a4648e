"""A conformance-corpus rule set (sdk/conformance/rulesets/) as a site in the site format, where
the site format can say it: personas, stages, segments and traits exactly; pages under plain
ASCII paths, without weights of 0 or holdouts above 50%; nested personalized blocks replaced by their default (the site format does not nest
them); block alternatives' names and schedule times without a zone (or unreadable) left out. The site holdout and
bandit weights are returned apart (they are settings and results, not site-format content)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

TRAIT_TYPES = {
    "plan": "text",
    "company": "text",
    "lifetime_value": "number",
    "seats": "number",
    "newsletter": "boolean",
    "signup_date": "date",
    "renewal": "date",
    "interests": "list",
}
PATH = re.compile(r"^/([a-z0-9-]+/)*$")


def site_from_rule_set(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "personas": [_persona(p) for p in doc["personas"]],
        "journey_stages": [
            _drop_none(s, ("slug", "name", "order", "rules")) for s in doc["stages"]
        ],
        "traits": [
            {"name": name, "type": kind, "description": name} for name, kind in TRAIT_TYPES.items()
        ],
        "segments": [
            {"slug": s["slug"], "name": s["name"], "rules": s["rules"]} for s in doc["segments"]
        ],
        "pages": _with_home([_page(p) for p in doc["pages"] if _expressible(p)]),
    }


def _expressible(page: dict) -> bool:
    """A plain path, no variant weighted 0 (the site format's weights start at 1) and no
    variant holdout above the site format's 50%."""
    weights = [v.get("weight") for v in page["variants"]]
    return (
        bool(PATH.match(page["path"]))
        and all(w is None or w >= 1 for w in weights)
        and all((v.get("holdout") or 0) <= 50 for v in page["variants"])
    )


def _with_home(pages: list[dict]) -> list[dict]:
    """Every site has a home page (the parent of the others)."""
    if any(p["path"] == "/" for p in pages):
        return pages
    return [{"path": "/", "type": "content", "title": "Home", "body": []}, *pages]


def _persona(p: dict) -> dict:
    found = _drop_none(p, ("slug", "name", "description", "priority", "rules"))
    if p.get("scoreThreshold") is not None:
        found["score_threshold"] = p["scoreThreshold"]
    return found


def _drop_none(data: dict, keys: tuple[str, ...]) -> dict:
    return {k: data[k] for k in keys if data.get(k) not in (None, "")}


def _page(p: dict) -> dict:
    content = p["content"]
    page: dict[str, Any] = {
        "path": p["path"],
        "type": "content",
        "title": content.get("title") or "Untitled",
        "body": _blocks(content.get("body") or [], top=True),
    }
    if content.get("intro"):
        page["intro"] = content["intro"]
    page["variants"] = [_variant(v) for v in p["variants"]]
    return page


def _variant(v: dict) -> dict:
    found: dict[str, Any] = {"name": v["name"]}
    for key in ("persona", "stage", "segment"):
        if v["target"].get(key):
            found[key] = v["target"][key]
    for key, name in (("weight", "weight"), ("goLiveAt", "go_live_at"), ("expireAt", "expire_at")):
        if v.get(key) is not None:
            found[name] = v[key]
    if v.get("holdout"):
        found["holdout"] = v["holdout"]
    if v.get("allocation"):
        found["allocation"] = v["allocation"]
    fields = v.get("fields") or {}
    for key in ("title", "intro"):
        if fields.get(key):
            found[key] = fields[key]
    if "body" in fields:
        found["body"] = _blocks(fields["body"], top=True)
    return found


def _blocks(blocks: list, top: bool) -> list:
    out = []
    for block in blocks:
        if block["type"] != "personalized":
            out.append({"type": block["type"], "value": block["value"]})
        elif not top:
            out.extend(_blocks(block["value"].get("default") or [], top=False))
        else:
            value = block["value"]
            out.append(
                {
                    "type": "personalized",
                    "value": {
                        "variants": [_alternative(a) for a in value["variants"]],
                        "default": _blocks(value.get("default") or [], top=False),
                    },
                }
            )
    return out


def _alternative(a: dict) -> dict:
    found = {k: a[k] for k in ("persona", "stage", "segment", "weight") if a.get(k) is not None}
    if found.get("weight") == 0:
        del found["weight"]  # the site format's weights start at 1
    for key in ("go_live_at", "expire_at"):
        if _readable(a.get(key)):
            found[key] = a[key]
    found["blocks"] = _blocks(a.get("blocks") or [], top=False)
    return found


def _readable(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return datetime.fromisoformat(value).tzinfo is not None  # the site format needs a zone
    except ValueError:
        return False
