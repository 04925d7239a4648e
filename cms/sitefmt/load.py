"""`load_site`: validate everything, then write everything in one transaction."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from django.db import transaction

from personalization.engine.validate import validate_condition
from personalization.models import JourneyStage, Persona
from personalization.rules.io import save_owned_rules, save_segment

from .blocks import ImageLibrary
from .errors import SiteFormatError
from .pages import PageWriter
from .reader import read_site
from .validate import validate_site


@dataclass
class LoadReport:
    personas: int
    stages: int
    segments: int
    pages: int
    pages_changed: int


def load_site(path: str | Path, progress: Callable[[str], None] = lambda message: None) -> LoadReport:
    site = read_site(path)
    progress(f"Validating {sum(len(v) for v in site.sections.values())} entries")
    validate_site(site, validate_condition)
    _reject_cycles(site)
    with transaction.atomic():
        progress(f"Personas: {len(site.sections['personas'])}")
        for i, entry in enumerate(site.sections["personas"]):
            _write_persona(entry.data, i)
        progress(f"Journey stages: {len(site.sections['journey_stages'])}")
        for entry in site.sections["journey_stages"]:
            _write_stage(entry.data)
        progress(f"Segments: {len(site.sections['segments'])}")
        for entry in site.sections["segments"]:
            save_segment(entry.data["slug"], entry.data["name"], entry.data["rules"])
        writer = PageWriter(ImageLibrary(site.root))
        pages = site.sections["pages"]
        for i, entry in enumerate(pages, 1):
            writer.write(entry.file, entry.data)
            progress(f"Pages: {i}/{len(pages)} {entry.data['path']}")
    _warm_renditions(pages, progress)
    return LoadReport(len(site.sections["personas"]), len(site.sections["journey_stages"]),
                      len(site.sections["segments"]), len(pages), writer.changed)


def _write_persona(data: dict, position: int) -> None:
    persona = Persona.objects.filter(slug=data["slug"]).first() or Persona(slug=data["slug"])
    persona.name = data["name"]
    persona.description = data.get("description", "")
    persona.tone_of_voice = data.get("tone_of_voice", "")
    persona.priority = data.get("priority", 0)
    persona.score_threshold = data.get("score_threshold")
    persona.sort_order = position
    persona.rules = save_owned_rules(f"persona--{data['slug']}", f"Rules of persona {data['name']}",
                                     data.get("rules"), persona.rules if persona.pk else None)
    persona.save()


def _write_stage(data: dict) -> None:
    stage = JourneyStage.objects.filter(site__isnull=True, slug=data["slug"]).first() or JourneyStage(slug=data["slug"])
    stage.name = data["name"]
    stage.order = data["order"]
    stage.rules = save_owned_rules(f"stage--{data['slug']}", f"Entry rules of stage {data['name']}",
                                   data.get("rules"), stage.rules if stage.pk else None)
    stage.save()


def _reject_cycles(site) -> None:
    """Segments that reference each other in a loop can never be decided: refuse them."""
    from personalization.engine.cycles import find_cycles
    from personalization.engine.ruleset import PersonaDef, RuleSet, SegmentDef, StageDef

    sections = site.sections
    ruleset = RuleSet(
        version="load",
        personas=tuple(PersonaDef(e.data["slug"], e.data["name"], rules=e.data.get("rules")) for e in sections["personas"]),
        stages=tuple(StageDef(e.data["slug"], e.data["name"], e.data["order"], rules=e.data.get("rules"))
                     for e in sections["journey_stages"]),
        segments={e.data["slug"]: SegmentDef(e.data["slug"], e.data["name"], e.data["rules"]) for e in sections["segments"]},
    )
    cycles = find_cycles(ruleset)
    if cycles:
        cycle = cycles[0]
        files = {e.data["slug"]: e.file for e in sections["segments"]}
        first = cycle[0]
        name = first.split(":", 1)[-1]
        raise SiteFormatError(files.get(name, str(site.root)), f"segment {name}", "rules",
                              f"no reference cycle (found {' -> '.join(cycle)})")


def _warm_renditions(pages, progress) -> None:
    """Build every live page's snapshot once, which creates its image renditions, so the first
    visitor does not wait for images to be resized."""
    from personalization.delivery.snapshot import live_snapshot

    from .pages import default_site

    root = default_site().root_page
    paths = [e.data["path"] for e in pages if e.data.get("live", True)]
    for i, path in enumerate(paths, 1):
        live_snapshot(root, path)
        progress(f"Image renditions: {i}/{len(paths)} pages")
