"""The report's charts, drawn server-side by matplotlib as SVG (no JavaScript, no hand-made
SVG): conversion rate per arm with its 95% interval, and the cumulative rate per day."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from .stats import ArmResult

COLORS = ("#6b7280", "#2563eb", "#16a34a", "#d97706", "#9333ea", "#dc2626")


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
    names = [a.totals.name + (" (control)" if a.totals.control else "") for a in arms]
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
    ax.set_title(title, fontsize=10, loc="left")
    return _svg(fig, title)


def timeseries_chart(
    days: Sequence[date], series: dict[str, Sequence[float | None]], title: str
) -> str:
    """Cumulative conversion rate per arm, one line each."""
    fig = _figure(7.5, 3.0)
    ax = fig.add_subplot()
    for i, (name, values) in enumerate(series.items()):
        ax.plot(
            days,
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
    fig.autofmt_xdate()
    ax.set_title(title, fontsize=10, loc="left")
    return _svg(fig, title)
