"""`load_site --prune`: delete what the files no longer contain, never what is still used.

Generic on purpose: every kind of loaded thing that can be pruned registers a `Prunable` (how to
list what the database holds, how to name an entry of the files, how to delete), and everything
that can refer to such a thing registers a reference source. Personas, journey stages, segments
and pages are registered below; other apps (goals, traits) register theirs the same way from
their own module, e.g. in AppConfig.ready():

    register_prunable(Prunable(kind="goals", label="goal", section="goals", key=lambda d: d["slug"],
                               existing=lambda: {g.slug: g for g in Goal.objects.all()},
                               delete=lambda goals: [g.delete() for g in goals]))
    register_references(experiments_using_goals)      # yields Reference(...) for each use

Page variants are not a registered kind: a page entry of the files lists all its variants, so the
page writer (pages.py) deletes the variants a loaded page no longer lists, when pruning.

A deletion is refused, and the whole load rolled back, when something that stays refers to what
would go: "segment nordics is still used by page /about/ (variant 'Nordic')". Referrers that go
in the same prune do not count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .changes import ChangeLog, register_kind
from .errors import PruneRefused

Key = tuple[str, str]  # (kind, key), e.g. ("segments", "nordics"), ("pages", "/about/")


@dataclass(frozen=True)
class Prunable:
    kind: str  # change-log kind, e.g. "segments"
    label: str  # how one is named: "segment"
    section: str  # top-level key of the site files
    key: Callable[[dict], str]  # the key of a file entry (slug, path)
    existing: Callable[[], dict[str, Any]]  # key -> object, as the database holds them
    delete: Callable[[list[Any]], None]  # deletes these objects
    only_when: str | None = None  # an option that must be on ("prune_pages")


@dataclass(frozen=True)
class Reference:
    referrer: Key  # what refers; a kind nobody prunes (e.g. ("site stage", ...)) always stays
    label: str  # "page /about/ (variant 'Nordic')"
    target: Key  # what it refers to


ReferenceSource = Callable[[dict[str, set[str]]], Iterable[Reference]]

_PRUNABLES: list[Prunable] = []
_SOURCES: list[ReferenceSource] = []


def register_prunable(prunable: Prunable) -> None:
    """Registers a kind for --prune (deletion order is registration order); idempotent by kind."""
    if all(p.kind != prunable.kind for p in _PRUNABLES):
        _PRUNABLES.append(prunable)
        register_kind(prunable.kind)


def register_references(source: ReferenceSource) -> None:
    """A function given {kind: keys that would be deleted} that yields every Reference to them."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def prune(
    sections: dict[str, list],
    log: ChangeLog,
    *,
    options: dict[str, bool],
    progress: Callable[[str], None] = lambda message: None,
) -> None:
    """Delete every registered kind's entries that the files do not hold; raise PruneRefused
    (the caller's transaction then rolls everything back) when one is still used."""
    active = [p for p in _PRUNABLES if p.only_when is None or options.get(p.only_when)]
    doomed: dict[str, dict[str, Any]] = {}
    for p in active:
        wanted = {p.key(entry.data) for entry in sections.get(p.section, [])}
        doomed[p.kind] = {key: obj for key, obj in p.existing().items() if key not in wanted}
    keys = {kind: set(objs) for kind, objs in doomed.items()}
    if not any(keys.values()):
        return
    progress(f"Checking what still uses the {sum(map(len, keys.values()))} entries to delete")
    blocked: dict[Key, list[str]] = {}
    for source in _SOURCES:
        for ref in source(keys):
            kind, key = ref.target
            if key in keys.get(kind, ()) and ref.referrer[1] not in keys.get(ref.referrer[0], ()):
                blocked.setdefault(ref.target, [])
                if ref.label not in blocked[ref.target]:
                    blocked[ref.target].append(ref.label)
    if blocked:
        labels = {p.kind: p.label for p in active}
        raise PruneRefused(
            [
                f"{labels.get(kind, kind)} {key} is still used by {', '.join(users)}"
                for (kind, key), users in sorted(blocked.items())
            ]
        )
    for p in active:
        if doomed[p.kind]:
            names = sorted(doomed[p.kind])
            progress(f"Deleting {len(names)} {p.kind.replace('_', ' ')}")
            p.delete([doomed[p.kind][name] for name in names])
            for name in names:
                log.add(p.kind, "deleted", name)
