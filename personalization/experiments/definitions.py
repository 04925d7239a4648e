"""Which experiments exist now: read from the live page variants, grouped as delivery groups
them (engine/choose.py): variants of one page with the same target are the arms of one
experiment, the first is the control; a variant (or A/B test) with a `holdout` gets a "Holdout"
arm, which is then the control. An experiment's id is its first variant's id. Personalized
blocks whose alternatives are A/B-tested are experiments too (blocks.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from wagtail.models import Page, Site

from personalization.engine.choose import HOLDOUT_ARM

from .blocks import block_experiments

HOLDOUT_NAME = "Holdout"


@dataclass(frozen=True)
class ArmDef:
    arm: str  # variant id or HOLDOUT_ARM
    name: str
    variant_id: str | None
    control: bool
    weight: float  # the design share (the holdout's is its percent)


@dataclass(frozen=True)
class ExperimentDef:
    id: str
    page_id: int
    path: str
    name: str
    arms: tuple[ArmDef, ...]
    bandit: bool = False
    site_id: int | None = None


def _path(
    url_path: str, roots: list[tuple[str, str, int]], page_path: str
) -> tuple[str, int | None]:
    for tree_path, root_url, site_id in roots:
        if page_path.startswith(tree_path):
            return "/" + url_path[len(root_url) :], site_id
    return url_path, None


def live_experiments() -> list[ExperimentDef]:
    """Every experiment on a live page: page variants in page and variant order, then A/B-tested
    personalized blocks (blocks.py). A constant number of queries."""
    roots = sorted(
        (
            (s.root_page.path, s.root_page.url_path, s.pk)
            for s in Site.objects.select_related("root_page")
        ),
        key=lambda r: -len(r[0]),
    )
    rows = (
        apps.get_model("pages", "PageVariant")  # the page models sit above delivery and its users
        .objects.filter(page__live=True)
        .order_by("page_id", "sort_order", "pk")
        .values_list(
            "page_id",
            "page__url_path",
            "page__path",
            "key",
            "name",
            "persona_id",
            "stage_id",
            "segment_id",
            "weight",
            "holdout",
            "allocation",
        )
    )
    groups: dict[tuple, list] = {}
    for row in rows:
        groups.setdefault((row[0], row[5], row[6], row[7]), []).append(row)
    out = []
    for (page_id, *_), variants in groups.items():
        holdout = max(v[9] or 0 for v in variants)
        if len(variants) < 2 and not holdout:
            continue
        path, site_id = _path(variants[0][1], roots, variants[0][2])
        given = [v[8] for v in variants]
        known = [w for w in given if w is not None]
        fill = sum(known) / len(known) if known else 1
        weights = [float(w if w is not None else fill) for w in given]
        share = (1 - holdout / 100) / (sum(weights) or 1)
        arms = [ArmDef(HOLDOUT_ARM, HOLDOUT_NAME, None, True, holdout / 100)] if holdout else []
        arms += [
            ArmDef(
                f"page:{page_id}:{v[3]}",
                v[4],
                f"page:{page_id}:{v[3]}",
                not holdout and i == 0,
                w * share,
            )
            for i, (v, w) in enumerate(zip(variants, weights, strict=True))
        ]
        names = [v[4] for v in variants]
        name = (
            f"{names[0]} vs holdout"
            if holdout and len(names) == 1
            else " vs ".join(names + (["holdout"] if holdout else []))
        )
        out.append(
            ExperimentDef(
                f"page:{page_id}:{variants[0][3]}",
                page_id,
                path,
                name,
                tuple(arms),
                bandit=len(variants) > 1 and all(v[10] == "bandit" for v in variants),
                site_id=site_id,
            )
        )
    for page_id, path, site_id, name, arms in block_experiments(
        lambda url, tree: _path(url, roots, tree)
    ):
        out.append(
            ExperimentDef(
                arms[0][0],
                page_id,
                path,
                name,
                tuple(
                    ArmDef(arm, arm_name, arm, i == 0, share)
                    for i, (arm, arm_name, share) in enumerate(arms)
                ),
                site_id=site_id,
            )
        )
    return out


def page_paths(page_ids: set[int]) -> dict[int, str]:
    """Paths of pages that no longer have an experiment (stopped ones), one query."""
    if not page_ids:
        return {}
    return dict(Page.objects.filter(pk__in=page_ids).values_list("pk", "url_path"))
