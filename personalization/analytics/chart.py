"""The layout of a page's conversion-rate bar chart, computed here so that the template only
places elements (templates cannot do arithmetic). Plain data in, plain data out."""
from __future__ import annotations

from dataclasses import dataclass

from .uplift import PageReport, VariantStats

WIDTH = 640
LABEL_WIDTH = 190      # variant names, right-aligned before the bars
VALUE_WIDTH = 110      # "12.5% (3/24)" after the bar
BAR_HEIGHT = 22
GAP = 8
PAD = 4


@dataclass(frozen=True)
class Bar:
    label: str
    value: str          # what is written after the bar (also the accessible text)
    y: int
    width: float        # 0 when there is no data
    kind: str           # "default", "variant" or "ab" (an A/B arm), for its color
    value_x: float      # where the value text starts, just after the bar

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT / 2


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    width: int
    height: int
    bar_x: int
    bars: tuple[Bar, ...]

    @property
    def label_x(self) -> int:
        return self.bar_x - 8


def percent(rate: float | None) -> str:
    return "no data" if rate is None else f"{rate * 100:.1f}%"


def value_text(row: VariantStats) -> str:
    if row.rate is None:
        return "no visitors"
    return f"{percent(row.rate)} ({row.conversions}/{row.visitors})"


def rate_chart(report: PageReport) -> Chart:
    """Horizontal bars of conversion rate per row, scaled to the best rate of the page."""
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    best = max((row.rate or 0 for row in report.rows), default=0) or 1
    bars = []
    for i, row in enumerate(report.rows):
        kind = "default" if row.is_default else ("ab" if row.group is not None else "variant")
        width = round((row.rate or 0) / best * plot, 1)
        if row.rate and width < 2:
            width = 2.0   # a visible sliver for a small but real rate
        bars.append(Bar(row.name, value_text(row), PAD + i * (BAR_HEIGHT + GAP), width, kind, LABEL_WIDTH + width + 8))
    description = "; ".join(f"{bar.label}: {bar.value}" for bar in bars)
    return Chart(f"Conversion rate per variant on {report.title}", description, WIDTH,
                 PAD * 2 + len(bars) * (BAR_HEIGHT + GAP) - GAP, LABEL_WIDTH, tuple(bars))
