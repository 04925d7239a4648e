"""The report's charts, drawn server-side by matplotlib as SVG (no JavaScript, no hand-made
SVG): conversion rate per arm with its 95% interval, and the cumulative rate per day."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from .stats import ArmResult

COLORS = ("#6b7280", "#2563eb", "#16a34a", "#d97706", "#9333ea", "#dc2626")
TITLE_WIDTH = 80  # characters per line of a title at fontsize 10 on a 7.5-inch figure
LABEL_WIDTH = 28  # characters per line of an arm's name on the rate chart


def wrapped(text: str, width: int) -> str:
    """Long titles and names wrap onto more lines instead of running off the figure."""
    return "\n".join(textwrap.wrap(text, width, break_long_words=True)) or text


def day_axis_range(days: Sequence[date]) -> tuple[datetime, datetime]:
    """The daily chart's x range: the data's days only, half a day of margin either side (one
    day of data is one day wide, never matplotlib's default span of years)."""
    first, last = min(days), max(days)
    return (
        datetime.combine(first, time()) - timedelta(hours=12),
        datetime.combine(last, time()) + timedelta(hours=12),
    )


def _figure(width: float, height: float):
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=96, layout="constrained")


def _svg(fig, title: str) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Title": title, "Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # inline: no XML prolog or doctype


def rate_chart(arms: Sequence[ArmResult], title: str) -> str:
    """Horizontal dots with 95% interval bars, one row per arm, control first."""
    fig = _figure(7.5, 0.6 + 0.45 * max(1, len(arms)))
    ax = fig.add_subplot()
    names = [
        wrapped(a.totals.name + (" (control)" if a.totals.control else ""), LABEL_WIDTH)
        for a in arms
    ]
    for i, arm in enumerate(arms):
        color = COLORS[i % len(COLORS)]
        below, above = (
            max(0.0, arm.rate - arm.rate_low),
            max(0.0, arm.rate_high - arm.rate),
        )  # float rounding at 0% / 100%
        ax.errorbar(
            [arm.rate * 100],
            [i],
            xerr=[[below * 100], [above * 100]],
            fmt="o",
            color=color,
            capsize=4,
        )
    ax.set_yticks(range(len(arms)), names)
    ax.invert_yaxis()
    ax.set_xlabel("Conversion rate, % (95% interval)")
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(wrapped(title, TITLE_WIDTH), fontsize=10, loc="left")
    return _svg(fig, title)


def timeseries_chart(
    days: Sequence[date], series: dict[str, Sequence[float | None]], title: str
) -> str:
    """Cumulative conversion rate per arm, one line each; one tick per day up to two weeks."""
    from matplotlib.dates import AutoDateLocator, DateFormatter, DayLocator

    fig = _figure(7.5, 3.0)
    ax = fig.add_subplot()
    moments = [datetime.combine(d, time()) for d in days]
    for i, (name, values) in enumerate(series.items()):
        ax.plot(
            moments,
            [None if v is None else v * 100 for v in values],
            marker="o",
            markersize=3,
            color=COLORS[i % len(COLORS)],
            label=name,
        )
    ax.set_ylabel("Cumulative rate, %")
    ax.grid(alpha=0.3)
    if series:
        ax.legend(fontsize=8, loc="best")
    if moments:
        ax.set_xlim(*day_axis_range(days))
        ax.xaxis.set_major_locator(DayLocator() if len(days) <= 14 else AutoDateLocator())
        ax.xaxis.set_major_formatter(DateFormatter("%d %b %Y"))
    fig.autofmt_xdate()
    ax.set_title(wrapped(title, TITLE_WIDTH), fontsize=10, loc="left")
    return _svg(fig, title)
