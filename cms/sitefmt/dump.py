"""`dump_site`: the site back out in the site format, one file per section plus images/."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import Page

from personalization.experiments.models import ExperimentSettings, Goal
from personalization.models import JourneyStage, Persona, SegmentIdentity, Trait
from personalization.rules.save_segments import read_condition

from .pages import default_site, dump_page


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_site(
    path: str | Path, progress: Callable[[str], None] = lambda message: None
) -> dict[str, int]:
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    images = _ImageExporter(out / "images")

    personas = []
    for p in Persona.objects.select_related("rules").order_by("sort_order", "pk"):
        entry: dict[str, Any] = {"slug": p.slug, "name": p.name}
        if p.description:
            entry["description"] = p.description
        if p.public_name:
            entry["public_name"] = p.public_name
        if p.public_description:
            entry["public_description"] = p.public_description
        if p.tone_of_voice:
            entry["tone_of_voice"] = p.tone_of_voice
        entry["priority"] = p.priority
        if p.rules_id:
            entry["rules"] = read_condition(p.rules)
        if p.score_threshold is not None:
            entry["score_threshold"] = (
                int(p.score_threshold) if p.score_threshold.is_integer() else p.score_threshold
            )
        personas.append(entry)
    stages = []
    for s in JourneyStage.objects.filter(site__isnull=True).select_related("rules"):
        entry = {"slug": s.slug, "name": s.name, "order": s.order}
        if s.rules_id:
            entry["rules"] = read_condition(s.rules)
        stages.append(entry)
    segments = [
        {"slug": i.slug, "name": i.segment.name, "rules": read_condition(i.segment)}
        for i in SegmentIdentity.objects.filter(role=SegmentIdentity.PUBLIC)
        .select_related("segment")
        .order_by("slug")
    ]
    traits = [
        {
            "name": t.name,
            "type": t.type,
            **({"description": t.description} if t.description else {}),
        }
        for t in Trait.objects.order_by("name")
    ]
    site = default_site()
    root = site.root_page
    pages = []
    for page in [root] + list(Page.objects.descendant_of(root).order_by("path")):
        if type(page.specific).__name__ not in ("ContentPage", "HomePage"):
            continue
        page_path = "/" + page.url_path[len(root.url_path) :]
        pages.append(dump_page(page, page_path, images.file_for))
        progress(f"Pages: {len(pages)} {page_path}")

    goals = [_goal(g) for g in Goal.objects.order_by("sort_order", "pk")]
    holdout = (
        ExperimentSettings.objects.filter(site=site).values_list("holdout", flat=True).first() or 0
    )
    for name, key, items in (
        ("personas", "personas", personas),
        ("journey_stages", "journey_stages", stages),
        ("segments", "segments", segments),
        ("pages", "pages", pages),
        ("goals", "goals", goals),
        ("traits", "traits", traits),
    ):
        data: dict[str, Any] = {key: items}
        if name == "goals" and holdout:
            data["holdout"] = holdout
        if (name == "goals" and not goals and not holdout) or (name == "traits" and not items):
            continue
        with (out / f"{name}.yaml").open("w", encoding="utf-8") as handle:
            yaml.dump(data, handle, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return {
        "personas": len(personas),
        "journey_stages": len(stages),
        "segments": len(segments),
        "pages": len(pages),
        "goals": len(goals),
        "images": len(images.written),
        "traits": len(traits),
    }


def _goal(g: Goal) -> dict:
    entry: dict[str, Any] = {"slug": g.slug, "name": g.name, "event": g.event}
    if g.path:
        entry["path"] = g.path
    if g.value:
        entry["value"] = True
    if g.window_days != 7:
        entry["window_days"] = g.window_days
    return entry


class _ImageExporter:
    def __init__(self, folder: Path):
        self.folder = folder
        self.written: dict[int, str] = {}
        self.model = get_image_model()

    def file_for(self, image_id: int | None) -> str | None:
        if image_id is None:
            return None
        if image_id not in self.written:
            image = self.model.objects.filter(pk=image_id).first()
            if image is None:
                return None
            self.folder.mkdir(parents=True, exist_ok=True)
            name = self._name_for(image)
            with image.open_file() as src, (self.folder / name).open("wb") as dst:
                shutil.copyfileobj(src, dst)
            self.written[image_id] = f"images/{name}"
        return self.written[image_id]

    def _name_for(self, image) -> str:
        """A stable file name from the image's title (storage may have added a random suffix to
        the stored file), unique within the dump."""
        suffix = Path(image.file.name).suffix.lower() or ".png"
        stem = slugify(image.title) or f"image-{image.pk}"
        taken = set(self.written.values())
        name, n = f"{stem}{suffix}", 2
        while f"images/{name}" in taken:
            name, n = f"{stem}-{n}{suffix}", n + 1
        return name
