"""Which personalized blocks are A/B tests now: read from the live pages' bodies (and their
variants' bodies), grouped as the engine groups them (engine/choose.py `pick`): the alternatives
of one block with the same target are the arms, the first is the control. No holdout and no
bandit on blocks. An experiment's id is its first arm's id (exposures.block_id).

One query whatever the number of pages, reading only the bodies that hold a personalized block."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db.models import CharField, TextField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .exposures import block_id

Found = tuple[
    int, str, str, str, list[tuple[str, str, float]]
]  # page, url_path, tree path, name, arms


def _with_blocks(query):
    return (
        query.annotate(body_text=Cast("body", TextField()))
        .filter(body_text__contains="personalized")
        .order_by()
    )


def _raw(body: Any) -> list:
    return list(getattr(body, "raw_data", body) or [])


def _live(option: dict, now: datetime) -> bool:
    start, end = (
        parse_datetime(str(option.get(k))) if option.get(k) else None
        for k in ("go_live_at", "expire_at")
    )
    return (start is None or start <= now) and (end is None or now < end)


def _weights(given: list) -> list[float]:
    known = [max(0, int(w)) for w in given if w]
    fill = sum(known) / len(known) if known else 1
    return [float(max(0, int(w))) if w else float(fill) for w in given]


def _personalized(raw: list) -> Iterator[dict]:
    """Every personalized block in reading order (nested ones after their parent)."""
    for block in raw:
        if not isinstance(block, dict):
            continue
        if block.get("type") == "personalized":
            yield block
            value = block.get("value") or {}
            for item in value.get("variants") or []:
                yield from _personalized(list((item.get("value", item) or {}).get("blocks") or []))
            yield from _personalized(list(value.get("default") or []))


def experiments_in(
    page_id: int, raw: list, where: str, now: datetime
) -> Iterator[tuple[str, list[tuple[str, str, float]]]]:
    """(name, [(arm id, arm name, design share)]) of each A/B-tested block of one body."""
    for number, block in enumerate(_personalized(raw), start=1):
        options = [
            item.get("value", item) or {}
            for item in (block.get("value") or {}).get("variants") or []
        ]
        groups: dict[tuple, list[int]] = {}
        for n, option in enumerate(options):
            target = (
                option.get("persona") or None,
                option.get("stage") or None,
                option.get("segment") or None,
            )
            if any(target) and _live(option, now):
                groups.setdefault(target, []).append(n)
        for arms in groups.values():
            if len(arms) < 2:
                continue
            weights = _weights([options[n].get("weight") for n in arms])
            total = sum(weights) or 1.0
            names = [f"Alternative {n + 1}" for n in arms]
            yield (
                f"Personalized section {number}{where}: {' vs '.join(names)}",
                [
                    (block_id(page_id, f"{block.get('id')}:{n}"), name, w / total)
                    for n, name, w in zip(arms, names, weights, strict=True)
                ],
            )


def block_experiments(place: Callable[[str, str], tuple[str, int | None]]) -> list[tuple]:
    """(page id, path, site id, name, arms) of every A/B-tested block on a live page, in page
    order. `place(url_path, tree_path)` gives the page's path under its site and the site id.
    One query (a UNION of the page models' and the variants' bodies)."""
    now = timezone.now()
    parts = [
        _with_blocks(model._default_manager.filter(live=True))
        .annotate(where=Value(""))
        .values_list("pk", "url_path", "path", "body_text", "where")
        for model in apps.get_models()
        if getattr(model, "personalizable", False)  # cms.pages' PersonalizablePage types
    ]
    parts.append(
        # Read through the app registry: the page models sit above delivery and its users.
        _with_blocks(apps.get_model("pages", "PageVariant").objects.filter(page__live=True))
        .annotate(where=Concat(Value(" (variant '"), "name", Value("')"), output_field=CharField()))
        .values_list("page_id", "page__url_path", "page__path", "body_text", "where")
    )
    rows = list(parts[0].union(*parts[1:], all=True)) if parts else []
    out, seen = [], set()
    for page_id, url_path, tree_path, body, where in sorted(rows, key=lambda r: (r[0], r[4] != "")):
        path, site_id = place(url_path, tree_path)
        for name, arms in experiments_in(
            page_id, _raw(json.loads(body) if isinstance(body, str) else body), where, now
        ):
            if arms[0][0] not in seen:  # a variant body may repeat a block of the page's (same ids)
                seen.add(arms[0][0])
                out.append((page_id, path, site_id, name, arms))
    return out
