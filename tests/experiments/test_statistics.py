"""The statistics, checked by simulation from fixed seeds and against an independent
computation (textbook formulas written out here with math, not statsmodels) to 1e-6."""

import math

import numpy as np
import pytest
from scipy.special import betaln
from scipy.stats import norm

from personalization.experiments import stats
from personalization.experiments.stats import ArmTotals, analyse


def arms(*pairs, weights=None):
    weights = weights or [1] * len(pairs)
    return [
        ArmTotals(f"arm {i}", None if i == 0 else f"v{i}", i == 0, n, x, w)
        for i, ((x, n), w) in enumerate(zip(pairs, weights, strict=True))
    ]


def test_ten_against_twelve_percent_at_20000_per_arm_is_significant():
    rng = np.random.default_rng(10)
    n = 20_000
    control, treatment = rng.binomial(n, 0.10), rng.binomial(n, 0.12)
    result = analyse(arms((control, n), (treatment, n)))
    arm = result.arms[1]
    assert arm.p_value < 0.001 and arm.uplift_low > 0 and arm.chance_to_beat_control > 0.999
    assert arm.uplift_low < 0.2 < arm.uplift_high, "the interval holds the true uplift"
    sequential = analyse(arms((control, n), (treatment, n)), sequential=True).arms[1]
    assert sequential.p_value < 0.05 and sequential.uplift_low > 0


def test_aa_tests_are_false_positives_five_percent_of_the_time_at_a_fixed_horizon():
    rng = np.random.default_rng(2026)
    n, runs = 4_000, 1_000
    positives = sum(
        stats.fixed_uplift(rng.binomial(n, 0.1), n, rng.binomial(n, 0.1), n)[2] < 0.05
        for _ in range(runs)
    )
    assert 0.035 <= positives / runs <= 0.065


def test_sequential_testing_keeps_false_positives_under_five_percent_with_daily_peeking():
    rng = np.random.default_rng(7)
    runs, days, per_day = 1_000, 28, 300
    positives = 0
    for _ in range(runs):
        x0 = x1 = n = 0
        for _ in range(days):
            n += per_day
            x0 += rng.binomial(per_day, 0.1)
            x1 += rng.binomial(per_day, 0.1)
            if stats.sequential_uplift(x1, n, x0, n)[2] < 0.05:
                positives += 1
                break
    assert positives / runs < 0.05


def test_peeking_daily_at_fixed_horizon_p_values_would_not_be_safe():
    """Why sequential testing exists: the same peeking with fixed-horizon p-values stops far
    more often than 5% (so the test above is a real difference)."""
    rng = np.random.default_rng(7)
    positives = 0
    for _ in range(300):
        x0 = x1 = n = 0
        for _ in range(28):
            n += 300
            x0 += rng.binomial(300, 0.1)
            x1 += rng.binomial(300, 0.1)
            if stats.fixed_uplift(x1, n, x0, n)[2] < 0.05:
                positives += 1
                break
    assert positives / 300 > 0.1


def test_a_52_48_split_on_a_50_50_design_is_flagged_as_sample_ratio_mismatch():
    result = analyse(arms((2000, 20_800), (1900, 19_200)))
    assert result.srm and result.srm_p_value < 1e-6
    fine = analyse(arms((2000, 20_050), (1900, 19_950)))
    assert not fine.srm


def test_the_figures_match_an_independent_computation():
    x0, n0, x1, n1, x2, n2 = 210, 2000, 262, 2050, 190, 1980
    result = analyse(arms((x0, n0), (x1, n1), (x2, n2)))
    z = norm.ppf(0.975)
    raw = []
    for got, (x, n) in zip(result.arms, ((x0, n0), (x1, n1), (x2, n2)), strict=True):
        p = x / n  # Wilson score interval, written out
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        assert got.rate == pytest.approx(p, abs=1e-9)
        assert (got.rate_low, got.rate_high) == pytest.approx(
            (centre - half, centre + half), abs=1e-6
        )
    for got, (x, n) in zip(result.arms[1:], ((x1, n1), (x2, n2)), strict=True):
        log_ratio = math.log((x / n) / (x0 / n0))
        se = math.sqrt(1 / x - 1 / n + 1 / x0 - 1 / n0)
        assert got.uplift == pytest.approx(math.exp(log_ratio) - 1, abs=1e-9)
        assert got.uplift_low == pytest.approx(math.exp(log_ratio - z * se) - 1, abs=1e-6)
        assert got.uplift_high == pytest.approx(math.exp(log_ratio + z * se) - 1, abs=1e-6)
        raw.append(2 * norm.sf(abs(log_ratio / se)))
        # P(B > A) for Beta posteriors with integer parameters, in closed form (Evan Miller).
        a_b, b_b, a_a, b_a = 1 + x, 1 + n - x, 1 + x0, 1 + n0 - x0
        total = sum(
            math.exp(
                betaln(a_a + i, b_b + b_a)
                - math.log(b_b + i)
                - betaln(1 + i, b_b)
                - betaln(a_a, b_a)
            )
            for i in range(a_b)
        )
        assert got.chance_to_beat_control == pytest.approx(total, abs=1e-6)
    smaller, larger = sorted(raw)  # Holm: the smaller p times 2, the larger at least that
    holm = {smaller: min(1, 2 * smaller), larger: min(1, max(2 * smaller, larger))}
    assert [a.p_value for a in result.arms[1:]] == pytest.approx([holm[p] for p in raw], abs=1e-6)
    expected = (n0 + n1 + n2) / 3
    chi2 = sum((n - expected) ** 2 / expected for n in (n0, n1, n2))
    assert result.srm_p_value == pytest.approx(math.exp(-chi2 / 2), abs=1e-6)  # chi-square, 2 df


def test_value_goals_get_a_mean_with_a_t_interval():
    values = [0, 0, 10, 25, 0, 40, 5]
    arm = ArmTotals(
        "A", None, True, len(values), 4, 1, float(sum(values)), float(sum(v * v for v in values))
    )
    got = analyse([arm], value_goal=True).arms[0]
    mean, sd = np.mean(values), np.std(values, ddof=1)
    from scipy.stats import t

    half = t.ppf(0.975, len(values) - 1) * sd / math.sqrt(len(values))
    assert (got.mean, got.mean_low, got.mean_high) == pytest.approx(
        (mean, mean - half, mean + half), abs=1e-6
    )


def test_lower_is_better_goals_turn_the_chance_around():
    up = analyse(arms((100, 1000), (150, 1000)), higher_is_better=False).arms[1]
    assert up.chance_to_beat_control < 0.01


def test_arms_without_conversions_get_rates_but_no_uplift_interval():
    result = analyse(arms((0, 100), (3, 100)))
    assert result.arms[1].uplift is None and result.arms[1].p_value is None
    assert result.arms[0].rate == 0 and result.arms[0].rate_high > 0
