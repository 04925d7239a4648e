"""Impressions, conversions, rates, uplift and A/B verdicts per page variant: plain functions
over plain rows, no ORM (loading the rows is queries.py, drawing them is chart.py + templates).

How a visitor counts (exposure-based attribution):
- A visitor is *shown* a variant (or the default content, variant None) of a page when a page
  view of theirs, with analytics consent, served it. Visitors are counted once per variant.
  Anonymous impressions (no profile) are added as shown-counts only: nobody can tell whether
  an anonymous visitor converted, so they never enter a rate.
- A shown visitor *converted* when they had a conversion event (a type in
  PERSONALIZATION_CONVERSION_EVENTS) at or after the first time they were shown that variant on
  that page. Converting first and seeing the variant later does not count for it. A visitor
  shown two variants of a page (their persona became known midway) counts for both.
- Uplift compares a variant's rate with the default content of the same page.
- Variants of a page with the same audience (target) split traffic: an A/B test. Each arm is
  compared with the first by a two-proportion z-test (pooled, two-sided).

Rows may be raw (every page view, every event) or pre-aggregated by the database (first view
per visitor, page and variant; last conversion per visitor and type): the answer is the same.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from math import sqrt
from statistics import NormalDist
from typing import Collection, Hashable, Iterable, Mapping, Sequence

DEFAULT_CONVERSION_EVENTS = ("purchase", "test_drive_booked", "signup", "conversion")
MIN_VISITORS_PER_ARM = 100   # below this in any arm, no verdict: early p-values swing wildly
SIGNIFICANCE = 0.05
DEFAULT_NAME = "Default content"
REMOVED_NAME = "Removed variant"


@dataclass(frozen=True)
class View:
    """A page (`page_id`) served to a visitor with `variant_id` (None: the default content)."""

    visitor: Hashable
    page_id: int
    variant_id: str | None
    at: datetime


@dataclass(frozen=True)
class Conversion:
    visitor: Hashable
    type: str
    at: datetime


@dataclass(frozen=True)
class VariantInfo:
    """A live page variant. `target` names its audience ("persona Racer"); variants of one page
    with the same target are arms of one A/B test."""

    id: str
    page_id: int
    name: str
    target: str
    weight: int | None = None


@dataclass(frozen=True)
class Comparison:
    """One A/B arm against the first arm of its test."""

    p_value: float | None   # None: not enough data to test
    verdict: str


@dataclass(frozen=True)
class VariantStats:
    variant_id: str | None   # None: the default content
    name: str
    target: str
    visitors: int            # distinct consenting visitors shown it
    anonymous: int           # shows without a profile (not in the rate)
    conversions: int         # of `visitors`, those who converted after first seeing it
    uplift: float | None = None          # vs the page's default; None when undefined
    group: int | None = None             # index into PageReport.groups when an A/B arm
    comparison: Comparison | None = None  # vs the first arm (arms after the first)

    @property
    def is_default(self) -> bool:
        return self.variant_id is None

    @property
    def impressions(self) -> int:
        return self.visitors + self.anonymous

    @property
    def rate(self) -> float | None:
        return conversion_rate(self.conversions, self.visitors)


@dataclass(frozen=True)
class ABGroup:
    target: str
    arms: tuple[str, ...]     # variant ids, first arm first
    verdict: str


@dataclass(frozen=True)
class PageReport:
    page_id: int
    title: str
    rows: tuple[VariantStats, ...]   # the default first, then variants in page order
    groups: tuple[ABGroup, ...] = ()

    @property
    def impressions(self) -> int:
        return sum(row.impressions for row in self.rows)


def conversion_rate(conversions: int, visitors: int) -> float | None:
    return conversions / visitors if visitors else None


def uplift(rate: float | None, default_rate: float | None) -> float | None:
    """rate / default_rate - 1; None when either is unknown or the default never converted."""
    if rate is None or not default_rate:
        return None
    return rate / default_rate - 1


def two_proportion_p_value(x1: int, n1: int, x2: int, n2: int) -> float:
    """Two-sided p-value of the pooled two-proportion z-test of x1/n1 against x2/n2."""
    if not (n1 and n2):
        raise ValueError("both groups need visitors")
    pooled = (x1 + x2) / (n1 + n2)
    se = sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 1.0   # both 0% or both 100%: no evidence of a difference
    z = (x2 / n2 - x1 / n1) / se
    return 2 * (1 - NormalDist().cdf(abs(z)))


def format_p(p: float) -> str:
    if p < 0.001:
        return "p<0.001"
    return f"p={p:.3f}" if p < 0.01 else f"p={p:.2f}"


def compare(first: VariantStats, other: VariantStats, min_visitors: int = MIN_VISITORS_PER_ARM) -> Comparison:
    """The verdict on `other` against `first`, in plain words."""
    smallest = min(first.visitors, other.visitors)
    if smallest < min_visitors:
        return Comparison(None, f"Not enough data yet ({smallest} of {min_visitors} visitors in the smaller arm)")
    p = two_proportion_p_value(first.conversions, first.visitors, other.conversions, other.visitors)
    if p >= SIGNIFICANCE:
        return Comparison(p, f"No clear difference between {other.name} and {first.name} yet ({format_p(p)})")
    better = (other.rate or 0) > (first.rate or 0)
    return Comparison(p, f"{other.name} converts {'better' if better else 'worse'} than {first.name} ({format_p(p)})")


def page_of(variant_id: str) -> int | None:
    """The page id in "page:<page id>:<variant key>"; None for any other shape."""
    parts = variant_id.split(":")
    if len(parts) == 3 and parts[0] == "page" and parts[1].isdigit():
        return int(parts[1])
    return None


def first_seen(views: Iterable[View]) -> dict[tuple[int, str | None], dict[Hashable, datetime]]:
    """(page, variant) -> visitor -> the first time that visitor was shown it."""
    seen: dict[tuple[int, str | None], dict[Hashable, datetime]] = {}
    for view in views:
        visitors = seen.setdefault((view.page_id, view.variant_id), {})
        if view.visitor not in visitors or view.at < visitors[view.visitor]:
            visitors[view.visitor] = view.at
    return seen


def last_conversion(conversions: Iterable[Conversion], types: Collection[str]) -> dict[Hashable, datetime]:
    """visitor -> their latest conversion event: converted after a moment iff this is not before it."""
    last: dict[Hashable, datetime] = {}
    for event in conversions:
        if event.type in types and (event.visitor not in last or event.at > last[event.visitor]):
            last[event.visitor] = event.at
    return last


def _stats(variant_id: str | None, name: str, target: str, shown: Mapping[Hashable, datetime],
           last: Mapping[Hashable, datetime], anonymous: int) -> VariantStats:
    converted = sum(1 for visitor, at in shown.items() if visitor in last and last[visitor] >= at)
    return VariantStats(variant_id, name, target, len(shown), anonymous, converted)


def _with_tests(rows: list[VariantStats], min_visitors: int) -> tuple[list[VariantStats], list[ABGroup]]:
    """Uplift on every row; A/B groups (same target, two or more variants) with their verdicts."""
    default_rate = rows[0].rate
    rows = [row if row.is_default else replace(row, uplift=uplift(row.rate, default_rate)) for row in rows]
    by_target: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        if not row.is_default and row.target:
            by_target.setdefault(row.target, []).append(i)
    groups = []
    for target, indexes in by_target.items():
        if len(indexes) < 2:
            continue
        first = rows[indexes[0]]
        comparisons = [compare(first, rows[i], min_visitors) for i in indexes[1:]]
        for i in indexes:
            rows[i] = replace(rows[i], group=len(groups))
        for i, comparison in zip(indexes[1:], comparisons):
            rows[i] = replace(rows[i], comparison=comparison)
        groups.append(ABGroup(target, tuple(rows[i].variant_id for i in indexes),
                              "; ".join(c.verdict for c in comparisons)))
    return rows, groups


def page_reports(
    views: Iterable[View],
    conversions: Iterable[Conversion],
    variants: Sequence[VariantInfo],
    *,
    anonymous: Mapping[str, int] | None = None,
    titles: Mapping[int, str] | None = None,
    conversion_types: Collection[str] = DEFAULT_CONVERSION_EVENTS,
    min_visitors: int = MIN_VISITORS_PER_ARM,
) -> list[PageReport]:
    """One report per page that has live variants or traffic on a variant, busiest first.

    `anonymous`: variant id -> anonymous impressions. Pages whose views all got the default and
    that have no variants are left out: there is nothing to compare.
    """
    anonymous = anonymous or {}
    titles = titles or {}
    seen = first_seen(views)
    last = last_conversion(conversions, set(conversion_types))
    known = {v.id: v for v in variants}
    pages: dict[int, list[str]] = {}
    for v in variants:
        pages.setdefault(v.page_id, []).append(v.id)
    traffic = [(page, vid) for page, vid in seen if vid is not None]
    traffic += [(page_of(vid), vid) for vid in anonymous if page_of(vid) is not None]
    for page, vid in traffic:
        if vid not in pages.setdefault(page, []):
            pages[page].append(vid)   # a variant deleted since: still reported
    reports = []
    for page, ids in pages.items():
        rows = [_stats(None, DEFAULT_NAME, "", seen.get((page, None), {}), last, 0)]
        for vid in ids:
            info = known.get(vid)
            rows.append(_stats(vid, info.name if info else REMOVED_NAME, info.target if info else "",
                               seen.get((page, vid), {}), last, anonymous.get(vid, 0)))
        rows, groups = _with_tests(rows, min_visitors)
        reports.append(PageReport(page, titles.get(page, f"Page {page}"), tuple(rows), tuple(groups)))
    reports.sort(key=lambda r: (-r.impressions, r.title))
    return reports
