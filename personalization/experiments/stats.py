"""The statistics of one experiment, from per-arm totals: plain numbers in, plain numbers out.

The computations come from statsmodels and scipy (no home-made distributions):
- rate interval: Wilson score interval (`proportion_confint(method="wilson")`);
- uplift = rate / control rate - 1, its interval and p-value from the log risk ratio
  (`confint_proportions_2indep` / `test_proportions_2indep`, `compare="ratio", method="log"`):
  the interval excludes 0 exactly when p < alpha;
- sequential testing (optional): an asymptotic confidence sequence on the same log risk ratio
  (Waudby-Smith et al. 2023, "Time-uniform central limit theory", the normal-mixture boundary
  GrowthBook uses), valid however often the figures are looked at; its p-value is the smallest
  alpha whose sequence excludes 0 (found with scipy's brentq);
- several arms: Holm's step-down correction of the p-values (`multipletests(method="holm")`);
- chance to beat control: P(rate > control rate) under independent Beta(1 + conversions,
  1 + non-conversions) posteriors, integrated with scipy's quad;
- sample-ratio mismatch: chi-square goodness of fit of the exposures to the design weights
  (`scipy.stats.chisquare`), flagged below SRM_THRESHOLD;
- value goals: the mean value per exposed visitor with a Student t interval.
docs/experiments.md says what each assumes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

ALPHA = 0.05
SRM_THRESHOLD = 0.001  # GrowthBook's and most vendors' default: a false alarm 1 time in 1,000
SEQUENTIAL_TUNING = 5000  # visitors per arm where the confidence sequence is tightest


@dataclass(frozen=True)
class ArmTotals:
    name: str
    variant_id: str | None
    control: bool
    exposures: int
    conversions: int
    weight: float = 1.0  # the design share, for the sample-ratio check
    value_sum: float = 0.0  # sum over exposed visitors of their goal value
    value_sumsq: float = 0.0  # sum of the squares of those per-visitor values


@dataclass(frozen=True)
class ArmResult:
    totals: ArmTotals
    rate: float
    rate_low: float
    rate_high: float
    uplift: float | None = None
    uplift_low: float | None = None
    uplift_high: float | None = None
    p_value: float | None = None  # Holm-adjusted when there are several treatment arms
    chance_to_beat_control: float | None = None
    mean: float | None = None
    mean_low: float | None = None
    mean_high: float | None = None


@dataclass(frozen=True)
class ExperimentResult:
    arms: tuple[ArmResult, ...]
    srm: bool
    srm_p_value: float | None
    sequential: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)


def rate_interval(
    conversions: int, exposures: int, alpha: float = ALPHA
) -> tuple[float, float, float]:
    """(rate, low, high), Wilson score interval; (0, 0, 0) without exposures."""
    from statsmodels.stats.proportion import proportion_confint

    if exposures <= 0:
        return 0.0, 0.0, 0.0
    low, high = proportion_confint(conversions, exposures, alpha=alpha, method="wilson")
    return conversions / exposures, float(low), float(high)


def _ratio_defined(x1: int, n1: int, x0: int, n0: int) -> bool:
    """The log risk ratio needs at least one conversion and one non-conversion in each arm."""
    return 0 < x1 < n1 and 0 < x0 < n0


def fixed_uplift(
    x1: int, n1: int, x0: int, n0: int, alpha: float = ALPHA
) -> tuple[float, float, float]:
    """(low, high, p) for the uplift of x1/n1 over x0/n0 at a fixed horizon."""
    from statsmodels.stats.proportion import confint_proportions_2indep, test_proportions_2indep

    low, high = confint_proportions_2indep(
        x1, n1, x0, n0, compare="ratio", method="log", alpha=alpha
    )
    test = test_proportions_2indep(x1, n1, x0, n0, compare="ratio", method="log")
    return float(low) - 1, float(high) - 1, float(test.pvalue)


def _log_ratio(x1: int, n1: int, x0: int, n0: int) -> tuple[float, float, int]:
    """(estimate, standard error, visitors in both arms) of the log risk ratio."""
    estimate = math.log((x1 / n1) / (x0 / n0))
    se = math.sqrt(1 / x1 - 1 / n1 + 1 / x0 - 1 / n0)
    return estimate, se, n1 + n0


def _cs_halfwidth(se: float, n: int, alpha: float, tuning: int = SEQUENTIAL_TUNING) -> float:
    """Half-width of the asymptotic confidence sequence (normal mixture, Waudby-Smith et al.)
    for an estimate with standard error `se` after `n` visitors."""
    sigma = se * math.sqrt(n)  # the standard deviation of one visitor's contribution
    rho2 = (-2 * math.log(alpha) + math.log(-2 * math.log(alpha) + 1)) / (2 * tuning)
    width2 = 2 * (n * rho2 + 1) / (n * n * rho2) * math.log(math.sqrt(n * rho2 + 1) / alpha)
    return sigma * math.sqrt(width2)


def sequential_uplift(
    x1: int, n1: int, x0: int, n0: int, alpha: float = ALPHA, tuning: int = SEQUENTIAL_TUNING
) -> tuple[float, float, float]:
    """(low, high, always-valid p) for the uplift, safe to look at after every visitor."""
    from scipy.optimize import brentq

    estimate, se, n = _log_ratio(x1, n1, x0, n0)
    half = _cs_halfwidth(se, n, alpha, tuning)
    low, high = math.exp(estimate - half) - 1, math.exp(estimate + half) - 1

    def excess(a: float) -> float:
        return _cs_halfwidth(se, n, a, tuning) - abs(estimate)

    if excess(1 - 1e-12) >= 0:
        p = 1.0
    elif excess(1e-300) <= 0:
        p = 0.0
    else:
        p = float(brentq(excess, 1e-300, 1 - 1e-12, xtol=1e-14, rtol=1e-12))
    return low, high, min(1.0, p)


def chance_to_beat(x1: int, n1: int, x0: int, n0: int) -> float:
    """P(p1 > p0) with independent Beta(1 + x, 1 + n - x) posteriors (uniform priors)."""
    from scipy import integrate, stats

    treat, control = stats.beta(1 + x1, 1 + n1 - x1), stats.beta(1 + x0, 1 + n0 - x0)
    lo = min(treat.ppf(1e-12), control.ppf(1e-12))
    hi = max(treat.ppf(1 - 1e-12), control.ppf(1 - 1e-12))
    # P(p1 > p0) = integral of f1(t) * F0(t); the posteriors are narrow, so integrate where they live.
    value, _ = integrate.quad(
        lambda t: treat.pdf(t) * control.cdf(t),
        lo,
        hi,
        limit=200,
        points=[treat.mean(), control.mean()],
        epsabs=1e-12,
        epsrel=1e-10,
    )
    return float(min(1.0, max(0.0, value)))


def mean_interval(
    n: int, total: float, total_sq: float, alpha: float = ALPHA
) -> tuple[float, float | None, float | None] | None:
    """(mean, low, high) of a per-visitor value, Student t; None without visitors, and no
    interval (None, None) with only one."""
    from scipy import stats

    if n < 1:
        return None
    mean = total / n
    if n < 2:
        return mean, None, None
    var = max(0.0, (total_sq - n * mean * mean) / (n - 1))
    low, high = (
        stats.t.interval(1 - alpha, n - 1, loc=mean, scale=math.sqrt(var / n))
        if var > 0
        else (mean, mean)
    )
    return mean, float(low), float(high)


def sample_ratio(exposures: Sequence[int], weights: Sequence[float]) -> float | None:
    """The chi-square p-value of the observed split against the design weights."""
    from scipy.stats import chisquare

    total, weight = sum(exposures), sum(weights)
    if total == 0 or weight <= 0 or len(exposures) < 2 or any(w <= 0 for w in weights):
        return None
    expected = [total * w / weight for w in weights]
    return float(chisquare(exposures, f_exp=expected).pvalue)


def holm(p_values: Sequence[float | None]) -> list[float | None]:
    """Holm-adjusted p-values; None stays None and does not count as a test."""
    from statsmodels.stats.multitest import multipletests

    given = [(i, p) for i, p in enumerate(p_values) if p is not None]
    out: list[float | None] = list(p_values)
    if len(given) > 1:
        adjusted = multipletests([p for _, p in given], method="holm")[1]
        for (i, _), p in zip(given, adjusted, strict=True):
            out[i] = float(p)
    return out


def analyse(
    arms: Sequence[ArmTotals],
    *,
    sequential: bool = False,
    higher_is_better: bool = True,
    value_goal: bool = False,
    check_ratio: bool = True,
    alpha: float = ALPHA,
) -> ExperimentResult:
    """Every figure of an experiment. `arms[i].control` marks the control (exactly one).
    `check_ratio=False` (bandits: the weights move) skips the sample-ratio check."""
    control = next((a for a in arms if a.control), None)
    results, raw_p = [], []
    for arm in arms:
        rate, low, high = rate_interval(arm.conversions, arm.exposures, alpha)
        extra: dict = {}
        if value_goal:
            m = mean_interval(arm.exposures, arm.value_sum, arm.value_sumsq, alpha)
            if m:
                extra.update(mean=m[0], mean_low=m[1], mean_high=m[2])
        p = None
        if control is not None and arm is not control and control.exposures and arm.exposures:
            x1, n1, x0, n0 = arm.conversions, arm.exposures, control.conversions, control.exposures
            if x0:
                extra["uplift"] = (x1 / n1) / (x0 / n0) - 1
            if _ratio_defined(x1, n1, x0, n0):
                low_u, high_u, p = (sequential_uplift if sequential else fixed_uplift)(
                    x1, n1, x0, n0, alpha
                )
                extra.update(uplift_low=low_u, uplift_high=high_u)
            beat = chance_to_beat(x1, n1, x0, n0)
            extra["chance_to_beat_control"] = beat if higher_is_better else 1 - beat
        raw_p.append(p)
        results.append(ArmResult(arm, rate, low, high, **extra))
    adjusted = holm(raw_p)
    results = [
        ArmResult(**{**r.__dict__, "p_value": p}) for r, p in zip(results, adjusted, strict=True)
    ]
    srm_p = (
        sample_ratio([a.exposures for a in arms], [a.weight for a in arms]) if check_ratio else None
    )
    return ExperimentResult(
        tuple(results), srm_p is not None and srm_p < SRM_THRESHOLD, srm_p, sequential
    )
