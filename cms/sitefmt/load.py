"""`load_site`: validate everything, then write everything in one transaction.

Every write is recorded in a ChangeLog (created / updated / unchanged, and deleted with
`prune`). A dry run is the same load, rolled back at the end, so it cannot disagree with a real
one; it stores no image files either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.db import transaction

from personalization.delivery.page_snapshot import live_snapshot
from personalization.engine.health import BROKEN, rule_health
from personalization.engine.ruleset import PersonaDef, RuleSet, SegmentDef, StageDef
from personalization.engine.validate import validate_condition
from personalization.experiments.models import ExperimentSettings, Goal
from personalization.models import JourneyStage, Persona, SegmentIdentity, Trait
from personalization.rules.build import read_ruleset
from personalization.rules.save_segments import read_condition, save_owned_rules, save_segment
from personalization.segments.validator import check_entries, known_values
from personalization.traits import declared_traits

from . import prunables  # noqa: F401  (registers personas, stages, segments and pages for --prune)
from .blocks import ImageLibrary
from .changes import ChangeLog, register_kind
from .errors import SiteFormatError
from .pages import PageWriter, default_site
from .prune import prune as prune_entries
from .reader import read_site
from .validate import validate_site


@dataclass
class LoadReport:
    personas: int
    stages: int
    segments: int
    pages: int
    pages_changed: int
    changes: ChangeLog = field(default_factory=ChangeLog)
    dry_run: bool = False
    goals: int = 0
    warnings: list[str] = field(default_factory=list)  # suspicious but legal rules (saved)


class _RollBack(Exception):
    """Raised at the end of a dry run to undo everything it wrote."""


def load_site(
    path: str | Path,
    progress: Callable[[str], None] = lambda message: None,
    *,
    dry_run: bool = False,
    prune: bool = False,
    prune_pages: bool = False,
) -> LoadReport:
    """Load the files at `path`. `prune` deletes personas, stages, segments (and every other
    registered kind, cms/sitefmt/prune.py) and page variants that the files no longer contain;
    `prune_pages` (with `prune`) also pages. `dry_run` writes nothing and reports what would change."""
    if prune_pages and not prune:
        raise ValueError("prune_pages needs prune")
    site = read_site(path)
    progress(f"Validating {sum(len(v) for v in site.sections.values())} entries")
    validate_site(
        site,
        validate_condition,
        existing_traits=declared_traits(),
        existing_slugs=_existing_slugs(),
    )
    warnings = _check_vocabulary_and_names(site)
    warnings += _check_health(site)  # the command prints them; nothing is refused for them
    log = ChangeLog()
    pages = site.sections["pages"]
    writer: PageWriter | None = None
    try:
        with transaction.atomic():
            progress(f"Traits: {len(site.sections['traits'])}")
            for entry in site.sections["traits"]:
                _write_trait(entry.data, log)
            progress(f"Personas: {len(site.sections['personas'])}")
            for i, entry in enumerate(site.sections["personas"]):
                _write_persona(entry.data, i, log)
            progress(f"Journey stages: {len(site.sections['journey_stages'])}")
            for entry in site.sections["journey_stages"]:
                _write_stage(entry.data, log)
            progress(f"Segments: {len(site.sections['segments'])}")
            for entry in site.sections["segments"]:
                _write_segment(entry.data, log)
            for i, entry in enumerate(site.sections["goals"]):
                _write_goal(entry.data, i, log)
            if "holdout" in site.settings:
                _write_site_holdout(site.settings["holdout"].data, log)
            writer = PageWriter(
                ImageLibrary(site.root, store_files=not dry_run), log=log, prune=prune
            )
            for i, entry in enumerate(pages, 1):
                writer.write(entry.file, entry.data)
                progress(f"Pages: {i}/{len(pages)} {entry.data['path']}")
            if prune:
                prune_entries(
                    site.sections, log, options={"prune_pages": prune_pages}, progress=progress
                )
            if dry_run:
                raise _RollBack
    except _RollBack:
        pass
    if not dry_run:
        _warm_renditions(pages, progress)
    return LoadReport(
        len(site.sections["personas"]),
        len(site.sections["journey_stages"]),
        len(site.sections["segments"]),
        len(pages),
        writer.changed if writer else 0,
        log,
        dry_run,
        len(site.sections["goals"]),
        warnings,
    )


def _record(log: ChangeLog, kind: str, name: str, before, after) -> None:
    log.add(
        kind, "created" if before is None else "unchanged" if before == after else "updated", name
    )


def _persona_state(persona: Persona | None):
    if persona is None or persona.pk is None:
        return None
    return (
        persona.name,
        persona.description,
        persona.public_name,
        persona.public_description,
        persona.tone_of_voice,
        persona.priority,
        persona.score_threshold,
        persona.sort_order,
        read_condition(persona.rules) if persona.rules_id else None,
    )


def _stage_state(stage: JourneyStage | None):
    if stage is None or stage.pk is None:
        return None
    return stage.name, stage.order, read_condition(stage.rules) if stage.rules_id else None


def _segment_state(slug: str):
    identity = SegmentIdentity.objects.select_related("segment").filter(slug=slug).first()
    return None if identity is None else (identity.segment.name, read_condition(identity.segment))


register_kind("traits")


def _write_trait(data: dict, log: ChangeLog) -> None:
    """Create or update a declared trait (traits are never deleted by a load)."""
    wanted = (data["type"], data.get("description", ""))
    trait = Trait.objects.filter(name=data["name"]).first()
    before = (trait.type, trait.description) if trait is not None else None
    if before != wanted:
        Trait.objects.update_or_create(
            name=data["name"], defaults={"type": wanted[0], "description": wanted[1]}
        )
    _record(log, "traits", data["name"], before, wanted)


def _write_segment(data: dict, log: ChangeLog) -> None:
    before = _segment_state(data["slug"])
    save_segment(data["slug"], data["name"], data["rules"])
    _record(log, "segments", data["slug"], before, _segment_state(data["slug"]))


def _write_goal(data: dict, position: int, log: ChangeLog) -> None:
    fields = {
        "name": data["name"],
        "event": data["event"],
        "path": data.get("path") or "",
        "value": bool(data.get("value", False)),
        "window_days": data.get("window_days", 7),
        "sort_order": position,
    }
    before = Goal.objects.filter(slug=data["slug"]).values(*fields).first()
    Goal.objects.update_or_create(slug=data["slug"], defaults=fields)
    _record(log, "goals", data["slug"], before, fields)


def _write_site_holdout(percent: int, log: ChangeLog) -> None:
    site = default_site()
    before = ExperimentSettings.objects.filter(site=site).values_list("holdout", flat=True).first()
    ExperimentSettings.objects.update_or_create(site=site, defaults={"holdout": percent})
    _record(log, "settings", "holdout", before, percent)


def _write_persona(data: dict, position: int, log: ChangeLog) -> None:
    persona = Persona.objects.filter(slug=data["slug"]).first() or Persona(slug=data["slug"])
    before = _persona_state(persona)
    persona.name = data["name"]
    persona.description = data.get("description", "")
    persona.tone_of_voice = data.get("tone_of_voice", "")
    persona.public_name = data.get("public_name", "")
    persona.public_description = data.get("public_description", "")
    persona.priority = data.get("priority", 0)
    persona.score_threshold = data.get("score_threshold")
    persona.sort_order = position
    persona.rules = save_owned_rules(
        f"persona--{data['slug']}",
        f"Rules of persona {data['name']}",
        data.get("rules"),
        persona.rules if persona.pk else None,
    )
    persona.save()
    _record(log, "personas", data["slug"], before, _persona_state(persona))


def _write_stage(data: dict, log: ChangeLog) -> None:
    stage = JourneyStage.objects.filter(
        site__isnull=True, slug=data["slug"]
    ).first() or JourneyStage(slug=data["slug"])
    before = _stage_state(stage)
    stage.name = data["name"]
    stage.order = data["order"]
    stage.rules = save_owned_rules(
        f"stage--{data['slug']}",
        f"Entry rules of stage {data['name']}",
        data.get("rules"),
        stage.rules if stage.pk else None,
    )
    stage.save()
    _record(log, "journey_stages", data["slug"], before, _stage_state(stage))


def _existing_slugs() -> dict[str, set[str]]:
    """Slugs already in the database: a file loaded on top of a site may refer to them."""
    return {
        "persona": set(Persona.objects.values_list("slug", flat=True)),
        "stage": set(JourneyStage.objects.values_list("slug", flat=True)),
        "segment": set(
            SegmentIdentity.objects.filter(role=SegmentIdentity.PUBLIC).values_list(
                "slug", flat=True
            )
        ),
    }


def _check_vocabulary_and_names(site) -> list[str]:
    """Values against their vocabulary and unique names (personalization/segments/validator.py,
    the admin's own check): an error stops the load naming the file and the entry; warnings
    (an unusual browser family, an event type nobody sent yet) come back for the command."""
    stored = known_values()
    declared = {
        e.data["event"] for e in site.sections["goals"] if isinstance(e.data.get("event"), str)
    }  # the files' goals count as declared event types too
    known = replace(stored, event_types=lambda: stored.event_types() | declared)
    warnings = []
    for section, kind in (
        ("personas", "persona"),
        ("journey_stages", "stage"),
        ("segments", "segment"),
    ):
        entries = site.sections[section]
        files = {id(e.data): e.file for e in entries}
        data = [e.data for e in entries]
        by_slug = {d.get("slug"): files[id(d)] for d in data}
        for problem in check_entries(kind, data, known):
            file = by_slug.get(problem.slug, "?")
            if problem.warning:
                warnings.append(f"{file}: {kind} {problem.slug}: {problem.message}")
            else:
                raise SiteFormatError(file, f"{kind} {problem.slug}", problem.key, problem.message)
    return warnings


def _check_health(site) -> list[str]:
    """Rule health of the files (engine/health.py): what can never match or cannot be evaluated
    (reference cycles through segments, personas or stages, a stage order used twice, ...) is a
    load error naming the file and the entry; what is suspicious but legal comes back as
    warnings ("<file>: segment x: rules.all[0] and rules.all[1] test country in ways ...")."""
    sections = site.sections
    stored = read_ruleset(version="load")  # what the files do not mention stays as it is
    personas = {p.slug: p for p in stored.personas}
    personas.update(
        {
            e.data["slug"]: PersonaDef(e.data["slug"], e.data["name"], rules=e.data.get("rules"))
            for e in sections["personas"]
        }
    )
    stages = {s.slug: s for s in stored.stages}
    stages.update(
        {
            e.data["slug"]: StageDef(
                e.data["slug"], e.data["name"], e.data["order"], rules=e.data.get("rules")
            )
            for e in sections["journey_stages"]
        }
    )
    segments = dict(stored.segments)
    segments.update(
        {
            e.data["slug"]: SegmentDef(e.data["slug"], e.data["name"], e.data["rules"])
            for e in sections["segments"]
        }
    )
    ruleset = RuleSet(
        version="load",
        personas=tuple(personas.values()),
        stages=tuple(sorted(stages.values(), key=lambda s: s.order)),
        segments=segments,
    )
    entries = {
        f"{kind}:{e.data['slug']}": (e.file, f"{label} {e.data['slug']}")
        for section, kind, label in (
            ("personas", "persona", "persona"),
            ("journey_stages", "stage", "journey stage"),
            ("segments", "segment", "segment"),
        )
        for e in sections[section]
    }
    warnings = []
    for finding in rule_health(ruleset):
        file, entry = entries.get(finding.owner, (str(site.root), finding.owner.replace(":", " ")))
        if finding.level == BROKEN and finding.owner in entries:  # the database's own problems warn
            raise SiteFormatError(file, entry, "rules", finding.message)
        warnings.append(f"{file}: {finding.message}")
    return warnings


def _warm_renditions(pages, progress) -> None:
    """Build every live page's snapshot once, which creates its image renditions, so the first
    visitor does not wait for images to be resized."""
    root = default_site().root_page
    paths = [e.data["path"] for e in pages if e.data.get("live", True)]
    for i, path in enumerate(paths, 1):
        live_snapshot(root, path)
        progress(f"Image renditions: {i}/{len(paths)} pages")
