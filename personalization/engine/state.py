"""Per-decision evaluation state: the context plus memos, so that every signal and every
referenced segment, persona or stage is worked out at most once per decision.

Reference cycles (segment A uses segment B uses A) are rejected at load time by
`engine.cycles.find_cycles`; should one reach the engine anyway, the re-entrant evaluation is
simply False (a reference that is still being evaluated does not hold), never a recursion error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Protocol

from .clock import LocalTime, local_time
from .context import Device, EventRecord, History, Location, Source, VisitorContext

_BUSY = object()  # marker in the memo while a reference is being evaluated


class Resolver(Protocol):
    """What the state needs from the compiled rule set (engine.decide.CompiledRuleSet)."""

    @property
    def segment_tests(self) -> Mapping[str, Callable[[EvalState], bool]]: ...
    def resolve_persona(self, state: EvalState) -> tuple[str | None, str]: ...
    def resolve_stage(self, state: EvalState) -> tuple[str | None, str]: ...


class EvalState:
    """Everything one decision reads, with lazy memoised derived values."""

    __slots__ = (
        "ctx",
        "now",
        "loc",
        "dev",
        "src",
        "hist",
        "resolver",
        "site_timezone",
        "_tests",
        "_forced",
        "_segments",
        "_persona",
        "_stage",
        "_clock",
        "_paths",
        "_tags",
        "_query",
        "_events",
        "_windows",
    )

    def __init__(self, ctx: VisitorContext, resolver: Resolver, site_timezone: str | None = None):
        self.ctx = ctx
        now = ctx.now
        self.now: datetime = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
        self.loc: Location | None = ctx.location
        self.dev: Device = ctx.device
        self.src: Source = ctx.source
        self.hist: History | None = ctx.history
        self.resolver = resolver
        self._tests = resolver.segment_tests
        forced = ctx.forced_segments
        self._forced = frozenset(x.lower() for x in forced) if forced is not None else None
        # The request's site zone wins; the rule set's applies when the context left the default.
        own = ctx.site_timezone if ctx.site_timezone not in (None, "", "UTC") else None
        self.site_timezone = own or site_timezone or "UTC"
        self._segments: dict[str, object] = {}
        self._persona: object = None
        self._stage: object = None
        self._clock: LocalTime | None = None
        self._paths: dict[str, int] | None = None
        self._tags: dict[str, int] | None = None
        self._query: dict[str, str] | None = None
        self._events: dict[str, list[EventRecord]] | None = None
        self._windows: dict[int, Window] = {}

    # -- references -------------------------------------------------------------------------
    def segment(self, slug: str) -> bool:
        """Does the visitor belong to this segment? Forced segments (preview) win."""
        memo = self._segments.get(slug)
        if memo is not None:
            return memo is True  # _BUSY (re-entrant: a cycle) counts as False
        if self._forced is not None:
            return slug in self._forced
        test = self._tests.get(slug)
        if test is None:
            self._segments[slug] = False
            return False
        self._segments[slug] = _BUSY
        result = self._segments[slug] = bool(test(self))
        return result

    def persona_with_reason(self) -> tuple[str | None, str]:
        if self._persona is _BUSY:
            return None, "persona still being decided (reference cycle)"
        if self._persona is None:
            self._persona = _BUSY
            self._persona = self.resolver.resolve_persona(self)
        return self._persona  # type: ignore[return-value]

    def persona(self) -> str | None:
        return self.persona_with_reason()[0]

    def stage_with_reason(self) -> tuple[str | None, str]:
        if self._stage is _BUSY:
            return None, "stage still being decided (reference cycle)"
        if self._stage is None:
            self._stage = _BUSY
            self._stage = self.resolver.resolve_stage(self)
        return self._stage  # type: ignore[return-value]

    def stage(self) -> str | None:
        return self.stage_with_reason()[0]

    # -- derived values -----------------------------------------------------------------------
    def clock(self) -> LocalTime:
        if self._clock is None:
            tz = self.loc.timezone if self.loc is not None else None
            self._clock = local_time(self.now, tz, self.site_timezone)
        return self._clock

    def path_views(self) -> Mapping[str, int]:
        """History path counts with lower-cased keys (path comparisons ignore case)."""
        if self._paths is None:
            self._paths = _lower_counts(self.hist.path_views) if self.hist is not None else {}
        return self._paths

    def tag_views(self) -> Mapping[str, int]:
        if self._tags is None:
            self._tags = _lower_counts(self.hist.tag_views) if self.hist is not None else {}
        return self._tags

    def window(self, days: int) -> Window:
        """History counts of the UTC days at most `days` whole days before today (today is day 0)."""
        found = self._windows.get(days)
        if found is None:
            since = self.now.astimezone(UTC).date() - timedelta(days=days)
            found = Window()
            for day in self.hist.days if self.hist is not None else ():
                if day.day < since:
                    continue
                found.visits += day.visits
                found.page_views += day.page_views
                for key, n in day.paths.items():
                    found.paths[key.lower()] = found.paths.get(key.lower(), 0) + n
                for key, n in day.tags.items():
                    found.tags[key.lower()] = found.tags.get(key.lower(), 0) + n
            self._windows[days] = found
        return found

    def query(self) -> Mapping[str, str]:
        if self._query is None:
            self._query = {str(k).lower(): str(v) for k, v in self.src.query.items()}
        return self._query

    def event_times(self, event_type: str) -> list[datetime]:
        """Times of the visitor's events of this (lower-cased) type."""
        return [event.at for event in self.events_of(event_type)]

    def events_of(self, event_type: str) -> list[EventRecord]:
        """The visitor's events of this (lower-cased) type, grouped once per decision."""
        if self._events is None:
            grouped: dict[str, list[EventRecord]] = {}
            if self.hist is not None:
                for event in self.hist.events:
                    grouped.setdefault(event.type.lower(), []).append(event)
            self._events = grouped
        return self._events.get(event_type, [])


class Window:
    """Sums over the days of one `within_days` window."""

    __slots__ = ("visits", "page_views", "paths", "tags")

    def __init__(self) -> None:
        self.visits = self.page_views = 0
        self.paths: dict[str, int] = {}
        self.tags: dict[str, int] = {}


def _lower_counts(counts: Mapping[str, int]) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, count in counts.items():
        k = key.lower()
        out[k] = out.get(k, 0) + count
    return out
