"""Experiment reports from the daily aggregates: a constant number of queries whatever the raw
volume (the aggregates grow with days x arms x goals, never with visitors or events).

Used by the GraphQL `experiments` query and the admin reports; both show the same figures.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, Sum

from .definitions import HOLDOUT_NAME, ArmDef, ExperimentDef, live_experiments, page_paths
from .exposures import HOLDOUT_ARM, PERSONALIZED_ARM, SITE_EXPERIMENT
from .goals import GoalDef, all_goals, find_goal
from .models import ArmDay, ExperimentSettings
from .stats import ALPHA, ArmTotals, ExperimentResult, analyse
from .sufficiency import enough_visitors

RUNNING, STOPPED = "running", "stopped"
REMOVED_NAME = "Removed variant"
SITE_NAME = "Personalization vs site-wide holdout"


class UnknownGoal(ValueError):
    pass


@dataclass(frozen=True)
class ExperimentReport:
    id: str
    page: str
    name: str
    goal: GoalDef
    status: str
    excluded: int
    result: ExperimentResult
    bandit: bool = False
    site_id: int | None = None

    @property
    def srm(self) -> bool:
        """A mismatch only with enough visitors to say so (sufficiency.py, ratio_check.py)."""
        return self.result.srm and enough_visitors([a.totals for a in self.result.arms])

    @property
    def exposures(self) -> int:
        return sum(a.totals.exposures for a in self.result.arms)

    @property
    def winner(self) -> str | None:
        """The arm that beats the control significantly (p below 5% after correction) in the
        goal's good direction, the best such one; None otherwise. Never with an SRM flag."""
        if self.srm:
            return None
        sign = 1 if self.goal.higher_is_better else -1
        best = [
            (a, sign * a.uplift)
            for a in self.result.arms
            if a.p_value is not None
            and a.p_value < ALPHA
            and a.uplift is not None
            and sign * a.uplift > 0
        ]
        if not best:
            return None
        return max(best, key=lambda scored: scored[1])[0].totals.name


@dataclass
class Filters:
    goal: str | None = None
    site_id: int | None = None  # None: every site
    start: date | None = None
    end: date | None = None  # inclusive
    dimension: str = ""  # "" the whole arm; persona | stage | channel | device | country
    value: str = ""
    experiment: str | None = None
    sequential: bool | None = None  # None: the site setting


def _sequential(filters: Filters) -> bool:
    if filters.sequential is not None:
        return filters.sequential
    query = ExperimentSettings.objects.filter(sequential=True)
    if filters.site_id is not None:
        query = query.filter(site_id=filters.site_id)
    return query.exists()


def _totals(goal: GoalDef, filters: Filters) -> tuple[dict, dict]:
    """(experiment, arm) -> [exposures, conversions, sum, sumsq] and experiment -> excluded. One query."""
    rows = ArmDay.objects.filter(
        Q(goal=goal.slug, dimension=filters.dimension, value=filters.value)
        | Q(arm="", goal="", dimension="")
    )
    if filters.start:
        rows = rows.filter(day__gte=filters.start)
    if filters.end:
        rows = rows.filter(day__lte=filters.end)
    if filters.experiment:
        rows = rows.filter(experiment=filters.experiment)
    totals: dict = {}
    excluded: dict = defaultdict(int)
    for r in (
        rows.values("experiment", "arm")
        .annotate(
            n=Sum("exposures"), c=Sum("conversions"), s=Sum("value_sum"), q=Sum("value_sumsq")
        )
        .order_by()
    ):
        if r["arm"] == "":
            excluded[r["experiment"]] += r["n"] or 0
        else:
            totals[(r["experiment"], r["arm"])] = [
                r["n"] or 0,
                r["c"] or 0,
                r["s"] or 0.0,
                r["q"] or 0.0,
            ]
    return totals, excluded


def _page_of(experiment: str) -> int | None:
    """The page id in "page:<id>:<key>" and "block:<id>:<block>:<n>"."""
    parts = experiment.split(":")
    return int(parts[1]) if len(parts) >= 3 and parts[1].isdigit() else None


def _stopped(experiment: str, arms: list[str], paths: dict[int, str]) -> ExperimentDef:
    """An experiment with figures that no live page defines any more."""
    page_id = _page_of(experiment) or 0
    holdout = HOLDOUT_ARM in arms
    defs = [
        ArmDef(
            a,
            HOLDOUT_NAME if a == HOLDOUT_ARM else REMOVED_NAME,
            None if a == HOLDOUT_ARM else a,
            a == HOLDOUT_ARM if holdout else a == experiment,
            1.0,
        )
        for a in sorted(arms, key=lambda a: (a != HOLDOUT_ARM, a != experiment, a))
    ]
    return ExperimentDef(
        experiment,
        page_id,
        paths.get(page_id, f"/page-{page_id}/"),
        "Stopped experiment",
        tuple(defs),
    )


def _site_def(percent: float) -> ExperimentDef:
    return ExperimentDef(
        SITE_EXPERIMENT,
        0,
        "*",
        SITE_NAME,
        (
            ArmDef(HOLDOUT_ARM, HOLDOUT_NAME, None, True, percent / 100 if percent else 0.0),
            ArmDef(
                PERSONALIZED_ARM, "Personalized", None, False, 1 - percent / 100 if percent else 0.0
            ),
        ),
    )


def experiment_reports(
    filters: Filters, *, include_site: bool = False
) -> tuple[GoalDef, list[ExperimentReport]]:
    """Every experiment (running, then stopped) with its figures for the goal. Raises
    UnknownGoal. Queries: goals, sites, variants, aggregates, settings (+1 for the paths of
    stopped experiments): the same for 1,000 or 1,000,000 raw events."""
    goals = all_goals()
    goal = find_goal(filters.goal, goals)
    if goal is None:
        raise UnknownGoal(
            f"No goal has the slug {filters.goal!r}; goals: {', '.join(g.slug for g in goals)}."
        )
    defs = live_experiments()
    if filters.site_id is not None:
        defs = [d for d in defs if d.site_id == filters.site_id]
    if filters.experiment:
        defs = [d for d in defs if d.id == filters.experiment]
    totals, excluded = _totals(goal, filters)
    sequential = _sequential(filters)
    live = {d.id for d in defs}
    orphans: dict[str, list[str]] = defaultdict(list)
    for experiment, arm in totals:
        if experiment not in live and experiment != SITE_EXPERIMENT:
            orphans[experiment].append(arm)
    if filters.site_id is not None:
        orphans = {}  # a stopped experiment's site is no longer known
    paths = page_paths({p for p in map(_page_of, orphans) if p is not None})
    stopped = [
        _stopped(e, arms, {k: "/" + v.split("/", 2)[-1] for k, v in paths.items()})
        for e, arms in orphans.items()
    ]
    reports = [
        _report(d, goal, totals, excluded, sequential, RUNNING if d.id in live else STOPPED)
        for d in defs + stopped
    ]
    if include_site:
        site_arms = {arm for (e, arm) in totals if e == SITE_EXPERIMENT}
        if site_arms:
            percent = ExperimentSettings.objects.values_list("holdout", flat=True).first() or 0
            reports.append(
                _report(
                    _site_def(percent),
                    goal,
                    totals,
                    excluded,
                    sequential,
                    RUNNING if percent else STOPPED,
                    check_ratio=bool(percent),
                )
            )
    return goal, reports


def _report(
    d: ExperimentDef,
    goal: GoalDef,
    totals: dict,
    excluded: dict,
    sequential: bool,
    status: str,
    check_ratio: bool = True,
) -> ExperimentReport:
    arms = []
    for a in d.arms:
        n, c, s, q = totals.get((d.id, a.arm), [0, 0, 0.0, 0.0])
        arms.append(ArmTotals(a.name, a.variant_id, a.control, n, c, a.weight, s, q))
    result = analyse(
        arms,
        sequential=sequential,
        higher_is_better=goal.higher_is_better,
        value_goal=goal.value,
        check_ratio=check_ratio and not d.bandit and status == RUNNING,
    )
    return ExperimentReport(
        d.id, d.path, d.name, goal, status, excluded.get(d.id, 0), result, d.bandit, d.site_id
    )


def breakdown(
    report: ExperimentReport, filters: Filters, dimension: str
) -> list[tuple[str, ExperimentReport]]:
    """The experiment's figures per value of `dimension` (persona, stage, channel, device,
    country), busiest first. One query. Exploratory: not corrected for the many comparisons."""
    rows = ArmDay.objects.filter(experiment=report.id, goal=report.goal.slug, dimension=dimension)
    if filters.start:
        rows = rows.filter(day__gte=filters.start)
    if filters.end:
        rows = rows.filter(day__lte=filters.end)
    per_value: dict[str, dict] = defaultdict(dict)
    for r in (
        rows.values("value", "arm")
        .annotate(
            n=Sum("exposures"), c=Sum("conversions"), s=Sum("value_sum"), q=Sum("value_sumsq")
        )
        .order_by()
    ):
        per_value[r["value"]][(report.id, r["arm"])] = [
            r["n"] or 0,
            r["c"] or 0,
            r["s"] or 0.0,
            r["q"] or 0.0,
        ]
    arms = tuple(
        ArmDef(
            _arm_id(a.totals), a.totals.name, a.totals.variant_id, a.totals.control, a.totals.weight
        )
        for a in report.result.arms
    )
    d = ExperimentDef(report.id, 0, report.page, report.name, arms, report.bandit)
    out = [
        (
            value,
            _report(
                d,
                report.goal,
                totals,
                {},
                report.result.sequential,
                report.status,
                check_ratio=False,
            ),
        )
        for value, totals in per_value.items()
    ]
    out.sort(key=lambda item: (-item[1].exposures, item[0]))
    return out


def daily(
    report: ExperimentReport, filters: Filters
) -> tuple[list[date], dict[str, list[float | None]]]:
    """Days and, per arm name, the cumulative conversion rate at the end of each day. One query."""
    rows = ArmDay.objects.filter(experiment=report.id, goal=report.goal.slug, dimension="").exclude(
        arm=""
    )
    if filters.start:
        rows = rows.filter(day__gte=filters.start)
    if filters.end:
        rows = rows.filter(day__lte=filters.end)
    cells = {
        (r["day"], r["arm"]): (r["n"] or 0, r["c"] or 0)
        for r in rows.values("day", "arm")
        .annotate(n=Sum("exposures"), c=Sum("conversions"))
        .order_by()
    }
    days = sorted({d for d, _ in cells})
    names = {_arm_id(a.totals): a.totals.name for a in report.result.arms}
    series: dict[str, list[float | None]] = {}
    for arm, name in names.items():
        n = c = 0
        values: list[float | None] = []
        for d in days:
            dn, dc = cells.get((d, arm), (0, 0))
            n, c = n + dn, c + dc
            values.append(c / n if n else None)
        series[name] = values
    return days, series


def _arm_id(totals: ArmTotals) -> str:
    """The arm's key in the aggregates: its variant id, else the holdout (the control) or, in
    the site-wide experiment, the personalized visitors."""
    return totals.variant_id or (HOLDOUT_ARM if totals.control else PERSONALIZED_ARM)
