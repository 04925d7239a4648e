"""Goals as plain data: the ones marketers define (admin, site format `goals:`) and three built
in. A goal is measured per exposed visitor: converted or not (once), and a value for value goals.

Built in (their slugs are reserved):
- `cta-click`: the visitor clicked a call to action (event `cta_click`, sent by the frontend)
  within 7 days of the exposure;
- `bounce`: the visitor viewed no other page within 30 minutes of the exposure (lower is better);
- `pages-per-visit`: the pages viewed within 30 minutes of the exposure, the exposure's own
  page included (a value goal; "converted" means more than one page).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

VISIT = timedelta(minutes=30)
DEFAULT_WINDOW_DAYS = 7


@dataclass(frozen=True)
class GoalDef:
    slug: str
    name: str
    event: str | None = None  # the event type; None for the page-view goals
    path: str | None = None
    value: bool = False
    window_days: int = DEFAULT_WINDOW_DAYS
    kind: str = "event"  # event | bounce | pages
    higher_is_better: bool = True

    @property
    def window(self) -> timedelta:
        return VISIT if self.kind != "event" else timedelta(days=self.window_days)


BUILTIN = (
    GoalDef("cta-click", "CTA click-through", event="cta_click"),
    GoalDef("bounce", "Bounce", kind="bounce", higher_is_better=False),
    GoalDef("pages-per-visit", "Pages per visit", kind="pages", value=True),
)
BUILTIN_SLUGS = frozenset(g.slug for g in BUILTIN)


def defined_goals() -> list[GoalDef]:
    """The goals of the admin and the site format, in their order (one query)."""
    from .models import Goal

    return [
        GoalDef(
            g.slug,
            g.name,
            event=g.event,
            path=g.path or None,
            value=g.value,
            window_days=g.window_days,
        )
        for g in Goal.objects.order_by("sort_order", "pk")
    ]


def all_goals() -> list[GoalDef]:
    """Defined goals first (the first is every report's default), then the built-in ones."""
    defined = defined_goals()
    taken = {g.slug for g in defined}
    return defined + [g for g in BUILTIN if g.slug not in taken]


def find_goal(slug: str | None, goals: list[GoalDef]) -> GoalDef | None:
    """The goal with this slug; the first goal when `slug` is None; None when unknown."""
    if slug is None:
        return goals[0] if goals else None
    return next((g for g in goals if g.slug == slug), None)
