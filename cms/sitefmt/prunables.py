"""The built-in kinds `--prune` deletes (pages first: their variants protect what they target;
traits last: rules protect the traits they test), and the places that can still use them:
conditions of segments, personas and stages (also the
stages of one site, which the files do not hold), page variants, personalized blocks, persona
affinity and links between pages, in the live page and in its latest draft."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wagtail.models import Page, ReferenceIndex
from wagtail_personalisation.models import Segment

from personalization.models import JourneyStage, Persona, SegmentIdentity, Trait
from personalization.references import PICKED, RuleOwner
from personalization.references import rule_references as find_rule_references
from personalization.rules.read_segments import load_book

from .pages import default_site
from .prune import Prunable, Reference, register_prunable, register_references

RULE_KINDS = {"persona": "personas", "stage": "journey_stages", "segment": "segments"}
LABELS = {"persona": "persona", "stage": "journey stage", "segment": "segment"}


def _site_pages() -> dict[str, Page]:
    """Every page under the default site's root, by path; the root itself is never pruned."""
    root = default_site().root_page
    return {
        "/" + page.url_path[len(root.url_path) :]: page for page in Page.objects.descendant_of(root)
    }


def _delete_pages(pages: list[Page]) -> None:
    for page in sorted(pages, key=lambda p: -p.depth):  # deepest first: children go before parents
        fresh = Page.objects.filter(pk=page.pk).first()
        if fresh is not None:
            fresh.delete()


def _delete_each(objects: list[Any]) -> None:
    for obj in objects:
        obj.delete()


def _delete_segments(segments: list[Segment]) -> None:
    Segment.objects.filter(pk__in=[s.pk for s in segments]).delete()  # signals remove owned groups


register_prunable(
    Prunable(
        kind="pages",
        label="page",
        section="pages",
        key=lambda d: d["path"],
        existing=_site_pages,
        delete=_delete_pages,
        only_when="prune_pages",
    )
)
register_prunable(
    Prunable(
        kind="segments",
        label="segment",
        section="segments",
        key=lambda d: d["slug"],
        existing=lambda: {
            i.slug: i.segment
            for i in SegmentIdentity.objects.filter(role=SegmentIdentity.PUBLIC).select_related(
                "segment"
            )
        },
        delete=_delete_segments,
    )
)
register_prunable(
    Prunable(
        kind="personas",
        label="persona",
        section="personas",
        key=lambda d: d["slug"],
        existing=lambda: {p.slug: p for p in Persona.objects.all()},
        delete=_delete_each,
    )
)
register_prunable(
    Prunable(
        kind="journey_stages",
        label="journey stage",
        section="journey_stages",
        key=lambda d: d["slug"],
        existing=lambda: {s.slug: s for s in JourneyStage.objects.filter(site__isnull=True)},
        delete=_delete_each,
    )
)
register_prunable(
    Prunable(
        kind="traits",
        label="trait",
        section="traits",
        key=lambda d: d["name"],
        existing=lambda: {t.name: t for t in Trait.objects.all()},
        delete=_delete_each,
    )
)


def _referrer(owner: RuleOwner) -> tuple[tuple[str, str], str]:
    """The prune key and the label of an owner of rules; a stage of one site is never pruned."""
    if owner.kind == "stage" and owner.site is not None:
        return (
            ("site stage", f"{owner.site.pk}:{owner.slug}"),
            f"journey stage {owner.slug} of site {owner.site.site_name or owner.site.hostname}",
        )
    return (RULE_KINDS[owner.kind], owner.slug), f"{LABELS[owner.kind]} {owner.slug}"


def rule_references(doomed: dict[str, set[str]]) -> Iterator[Reference]:
    """Conditions that name a segment, persona, stage or trait, and rules that are a public segment."""
    if not any(doomed.get(kind) for kind in (*RULE_KINDS.values(), "traits")):
        return
    for ref in find_rule_references(load_book()):
        referrer, label = _referrer(ref.owner)
        if ref.how == PICKED:
            yield Reference(
                referrer, f"{label} (its rules are segment {ref.slug})", ("segments", ref.slug)
            )
        else:
            yield Reference(
                referrer, f"{label} (its rules)", (RULE_KINDS.get(ref.kind, "traits"), ref.slug)
            )


def page_references(doomed: dict[str, set[str]]) -> Iterator[Reference]:
    """Variants, personalized blocks and persona affinity of every page (live and latest draft),
    and each page's parent."""
    if not any(doomed.values()):
        return
    for path, page in _site_pages().items():
        referrer = ("pages", path)
        parent = path.rstrip("/").rsplit("/", 1)[0] + "/"
        if parent != "/":
            yield Reference(referrer, f"page {path} (a page under it)", ("pages", parent))
        if not any(doomed.get(kind) for kind in RULE_KINDS.values()):
            continue
        specific = page.specific
        versions = [("", specific)] if page.live else []
        if specific.has_unpublished_changes or not page.live:
            draft = specific.get_latest_revision_as_object()
            versions.append(("draft, ", draft))
        for note, content in versions:
            yield from _content_references(referrer, f"page {path}", note, content)


def _content_references(referrer, label: str, note: str, content) -> Iterator[Reference]:
    if not hasattr(content, "variants"):
        return
    for variant in content.variants.all():
        where = f"{label} ({note}variant {variant.name!r})"
        if variant.persona_id:
            yield Reference(referrer, where, ("personas", variant.persona.slug))
        if variant.stage_id:
            yield Reference(referrer, where, ("journey_stages", variant.stage.slug))
        if variant.segment_id:
            identity = SegmentIdentity.objects.filter(segment_id=variant.segment_id).first()
            if identity is not None:
                yield Reference(referrer, where, ("segments", identity.slug))
        yield from _block_references(
            referrer,
            f"{label} ({note}variant {variant.name!r}, a personalized block)",
            variant.body.raw_data,
        )
    yield from _block_references(
        referrer, f"{label} ({note}a personalized block)", content.body.raw_data
    )
    for affinity in content.persona_affinity.all():
        yield Reference(
            referrer, f"{label} ({note}persona affinity)", ("personas", affinity.persona.slug)
        )


def _block_references(referrer, label: str, raw: list) -> Iterator[Reference]:
    for block in raw or []:
        if block.get("type") != "personalized":
            continue
        for item in (block.get("value") or {}).get("variants", []):
            alt = item.get("value", item)
            for kind in ("persona", "stage", "segment"):
                if alt.get(kind):
                    yield Reference(referrer, label, (RULE_KINDS[kind], alt[kind]))


def link_references(doomed: dict[str, set[str]]) -> Iterator[Reference]:
    """Links to a page that would go (rich text, page choosers), from Wagtail's reference index."""
    paths = doomed.get("pages") or set()
    if not paths:
        return
    pages = {page.pk: path for path, page in _site_pages().items()}
    by_path = {path: pk for pk, path in pages.items()}
    for path in paths:
        for source, _refs in ReferenceIndex.get_grouped_references_to(
            Page.objects.get(pk=by_path[path])
        ):
            source_pk = getattr(source, "pk", None)
            if isinstance(source, Page) and source_pk in pages:
                yield Reference(
                    ("pages", pages[source_pk]),
                    f"page {pages[source_pk]} (links to it)",
                    ("pages", path),
                )
            elif isinstance(source, Page):
                yield Reference(
                    ("other page", str(source_pk)),
                    f"page {source.title!r} (links to it)",
                    ("pages", path),
                )
            else:
                yield Reference(
                    ("other", f"{type(source).__name__}:{source_pk}"),
                    f"{source._meta.verbose_name} {source} (links to it)",
                    ("pages", path),
                )


register_references(rule_references)
register_references(page_references)
register_references(link_references)
