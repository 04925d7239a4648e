"""The bar chart layout: bars scale to the page's best rate, say their numbers, keep order."""
from __future__ import annotations

from personalization.analytics.chart import LABEL_WIDTH, VALUE_WIDTH, WIDTH, rate_chart
from personalization.analytics.uplift import PageReport, VariantStats

PLOT = WIDTH - LABEL_WIDTH - VALUE_WIDTH


def report(*rows: VariantStats) -> PageReport:
    return PageReport(1, "Home", rows)


def test_the_best_rate_fills_the_plot_and_others_scale_to_it():
    chart = rate_chart(report(VariantStats(None, "Default content", "", 10, 0, 1),
                              VariantStats("v", "Racer home", "persona Racer", 10, 0, 4)))
    default, racer = chart.bars
    assert racer.width == PLOT and default.width == PLOT / 4
    assert [b.kind for b in chart.bars] == ["default", "variant"]
    assert chart.description == "Default content: 10.0% (1/10); Racer home: 40.0% (4/10)"


def test_rows_without_visitors_draw_no_bar_but_say_so():
    chart = rate_chart(report(VariantStats(None, "Default content", "", 0, 0, 0),
                              VariantStats("v", "Racer home", "persona Racer", 0, 5, 0)))
    assert [(b.width, b.value) for b in chart.bars] == [(0, "no visitors"), (0, "no visitors")]


def test_a_tiny_real_rate_stays_visible_and_ab_arms_get_their_color():
    chart = rate_chart(report(VariantStats(None, "Default content", "", 1000, 0, 1),
                              VariantStats("a", "A", "segment Phones", 2, 0, 2, group=0)))
    assert chart.bars[0].width == 2.0 and chart.bars[1].kind == "ab"
    assert chart.bars[1].y > chart.bars[0].y and chart.height > chart.bars[1].y
