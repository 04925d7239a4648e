"""The analytics math on hand-computed rows: who counts as shown, who as converted, rates,
uplift against the default content, and A/B verdicts."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from personalization.analytics.uplift import (
    Conversion, VariantInfo, View, compare, format_p, page_of, page_reports, two_proportion_p_value, uplift,
)

T0 = datetime(2026, 11, 1, 12, tzinfo=timezone.utc)
HOME = 7
RACER = VariantInfo("page:7:aaaa", HOME, "Racer home", "persona Racer")
PHONE_A = VariantInfo("page:7:bbbb", HOME, "Phone home A", "segment Phones", 50)
PHONE_B = VariantInfo("page:7:cccc", HOME, "Phone home B", "segment Phones", 50)
VARIANTS = [RACER, PHONE_A, PHONE_B]


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def rows_by_name(report):
    return {row.name: row for row in report.rows}


@pytest.fixture
def home_report():
    """Default: visitors d1..d4, d1 buys afterwards -> 1/4. Racer home: r1..r5, r1 and r2 buy
    afterwards; r3 bought *before* seeing it; r4 only signed up for a newsletter -> 2/5."""
    views = [View(f"d{i}", HOME, None, at(i)) for i in range(1, 5)]
    views += [View(f"r{i}", HOME, RACER.id, at(10 + i)) for i in range(1, 6)]
    views.append(View("r1", HOME, RACER.id, at(40)))   # a second view: still one visitor
    conversions = [Conversion("d1", "purchase", at(30)), Conversion("r1", "purchase", at(31)),
                   Conversion("r2", "signup", at(32)), Conversion("r3", "purchase", at(0)),
                   Conversion("r4", "newsletter", at(33))]
    [report] = page_reports(views, conversions, VARIANTS, titles={HOME: "Spoke & Chain"})
    return report


def test_rates_count_distinct_visitors_and_their_conversions(home_report):
    rows = rows_by_name(home_report)
    assert (rows["Default content"].visitors, rows["Default content"].conversions) == (4, 1)
    assert (rows["Racer home"].visitors, rows["Racer home"].conversions) == (5, 2)
    assert rows["Default content"].rate == 0.25 and rows["Racer home"].rate == 0.4


def test_uplift_compares_with_the_default_content_of_the_same_page(home_report):
    rows = rows_by_name(home_report)
    assert rows["Racer home"].uplift == pytest.approx(0.6)   # 40% / 25% - 1
    assert rows["Default content"].uplift is None


def test_visitor_who_converted_before_seeing_a_variant_is_not_counted_for_it():
    views = [View("v", HOME, RACER.id, at(10)), View("w", HOME, None, at(1))]
    conversions = [Conversion("v", "purchase", at(5)), Conversion("w", "purchase", at(5))]
    rows = rows_by_name(page_reports(views, conversions, [RACER])[0])
    assert rows["Racer home"].conversions == 0
    assert rows["Default content"].conversions == 1


def test_only_configured_event_types_are_conversions():
    views = [View("v", HOME, RACER.id, at(1))]
    conversions = [Conversion("v", "newsletter", at(5))]
    assert rows_by_name(page_reports(views, conversions, [RACER])[0])["Racer home"].conversions == 0
    report = page_reports(views, conversions, [RACER], conversion_types=["newsletter"])[0]
    assert rows_by_name(report)["Racer home"].conversions == 1


def test_uplift_is_unknown_when_the_default_has_no_data_or_never_converted():
    assert uplift(0.4, None) is None
    assert uplift(0.4, 0.0) is None
    assert uplift(None, 0.2) is None
    rows = rows_by_name(page_reports([View("v", HOME, RACER.id, at(1))], [], [RACER])[0])
    assert rows["Default content"].visitors == 0 and rows["Racer home"].uplift is None


def test_anonymous_impressions_are_shown_counts_but_stay_out_of_the_rate():
    views = [View("v", HOME, RACER.id, at(1))]
    report = page_reports(views, [Conversion("v", "purchase", at(2))], [RACER], anonymous={RACER.id: 9})[0]
    racer = rows_by_name(report)["Racer home"]
    assert (racer.impressions, racer.visitors, racer.anonymous, racer.rate) == (10, 1, 9, 1.0)


def test_pages_list_every_live_variant_and_traffic_of_removed_ones():
    removed = "page:7:dddd"
    report = page_reports([View("v", HOME, removed, at(1))], [], [RACER])[0]
    assert [row.name for row in report.rows] == ["Default content", "Racer home", "Removed variant"]


def test_pages_without_variants_are_left_out():
    assert page_reports([View("v", 99, None, at(1))], [], []) == []


def test_variant_ids_map_back_to_their_page():
    assert page_of("page:42:0b7e-uuid") == 42
    assert page_of("block:42:x") is None and page_of("page:x:y") is None


def test_z_test_matches_the_textbook_value():
    # 20% of 1000 against 25% of 1000: z = 2.677, two-sided p = 0.00742 (R: prop.test(correct=FALSE))
    assert two_proportion_p_value(200, 1000, 250, 1000) == pytest.approx(0.00742, abs=1e-5)
    assert two_proportion_p_value(0, 10, 0, 10) == 1.0
    with pytest.raises(ValueError):
        two_proportion_p_value(1, 0, 1, 10)


def test_p_values_are_written_for_people():
    assert [format_p(p) for p in (0.0004, 0.0074, 0.0312, 0.4)] == ["p<0.001", "p=0.007", "p=0.03", "p=0.40"]


def ab_views(n_a: int, conv_a: int, n_b: int, conv_b: int):
    views = [View(f"a{i}", HOME, PHONE_A.id, at(1)) for i in range(n_a)]
    views += [View(f"b{i}", HOME, PHONE_B.id, at(1)) for i in range(n_b)]
    conversions = [Conversion(f"a{i}", "purchase", at(2)) for i in range(conv_a)]
    conversions += [Conversion(f"b{i}", "purchase", at(2)) for i in range(conv_b)]
    return page_reports(views, conversions, VARIANTS)[0]


def test_arms_with_the_same_target_form_an_ab_test_with_a_verdict():
    report = ab_views(1000, 200, 1000, 250)
    [group] = report.groups
    assert group.target == "segment Phones" and group.arms == (PHONE_A.id, PHONE_B.id)
    assert group.verdict == "Phone home B converts better than Phone home A (p=0.007)"
    rows = rows_by_name(report)
    assert rows["Phone home A"].group == rows["Phone home B"].group == 0
    assert rows["Racer home"].group is None, "a variant alone on its target is no test"
    assert rows["Phone home B"].comparison.p_value == pytest.approx(0.00742, abs=1e-5)


def test_a_worse_arm_is_called_worse():
    assert ab_views(1000, 250, 1000, 200).groups[0].verdict.startswith("Phone home B converts worse")


def test_small_arms_get_no_verdict_yet():
    verdict = ab_views(99, 5, 300, 90).groups[0].verdict
    assert verdict == "Not enough data yet (99 of 100 visitors in the smaller arm)"


def test_no_clear_difference_is_said_plainly():
    first = ab_views(500, 100, 500, 105).groups[0].verdict
    assert first.startswith("No clear difference between Phone home B and Phone home A yet (p=0.")


def test_compare_needs_each_arm_to_reach_the_minimum():
    report = ab_views(150, 30, 150, 60)
    a, b = rows_by_name(report)["Phone home A"], rows_by_name(report)["Phone home B"]
    assert compare(a, b, min_visitors=200).p_value is None
    assert compare(a, b, min_visitors=100).p_value < 0.001
