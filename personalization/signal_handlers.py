"""Invalidation of the compiled rule set, connected in apps.ready(): any change to a segment, a
rule row, a persona, a journey stage or a segment's identity bumps the rule set version once the
transaction commits (personalization/rules/current.py). Page publishing is not watched: page
content is cached by revision elsewhere.

Segments made in the segment editor also get their slug here (the editor has no slug field),
and owned rule segments go when what owns them goes.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail_personalisation.models import Segment

from personalization.models import JourneyStage, Persona, SegmentIdentity, slug_renamed
from personalization.renames import cascade_rename
from personalization.rules.current import bump_version
from personalization.rules.read_segments import load_book_for, rule_models
from personalization.rules.slugs import editor_slug


def rules_changed(sender, **kwargs) -> None:
    bump_version()


def give_segment_a_slug(sender, instance: Segment, raw: bool = False, **kwargs) -> None:
    """A segment saved from the editor gets a slug from its name; rules/save_segments.save_segment (load_site) sets its own."""
    if raw or getattr(instance, "_tailor_identity_pending", False):
        return
    if not SegmentIdentity.objects.filter(segment=instance).exists():
        SegmentIdentity.objects.create(
            segment=instance, slug=editor_slug(instance.name, instance.pk)
        )


def remember_owned_groups(sender, instance: Segment, **kwargs) -> None:
    """Before a segment goes, note the owned group segments that only its rules use."""
    book = load_book_for([instance.pk])
    instance._tailor_owned_groups = [info.id for info in book.owned_tree(instance.pk)]


def delete_owned_groups(sender, instance: Segment, **kwargs) -> None:
    groups = getattr(instance, "_tailor_owned_groups", None)
    if groups:
        Segment.objects.filter(pk__in=groups).delete()


def delete_owned_rules(sender, instance, **kwargs) -> None:
    """A deleted persona's or stage's own rules segment goes with it (a public one stays)."""
    if instance.rules_id is not None:
        Segment.objects.filter(pk=instance.rules_id, identity__role=SegmentIdentity.OWNED).delete()


for model in (Segment, Persona, JourneyStage, SegmentIdentity, *rule_models()):
    post_save.connect(
        rules_changed, sender=model, dispatch_uid=f"tailor-rules-saved-{model._meta.label}"
    )
    post_delete.connect(
        rules_changed, sender=model, dispatch_uid=f"tailor-rules-deleted-{model._meta.label}"
    )
post_save.connect(give_segment_a_slug, sender=Segment, dispatch_uid="tailor-segment-slug")
pre_delete.connect(remember_owned_groups, sender=Segment, dispatch_uid="tailor-segment-groups")
post_delete.connect(
    delete_owned_groups, sender=Segment, dispatch_uid="tailor-segment-groups-delete"
)
for model in (Persona, JourneyStage):
    post_delete.connect(
        delete_owned_rules, sender=model, dispatch_uid=f"tailor-owned-rules-{model._meta.label}"
    )


def cascade_slug_rename(sender, kind: str, old: str, new: str, **kwargs) -> None:
    """A renamed persona, stage or segment keeps its block alternatives and reference rules
    (personalization/renames.py); runs inside the renaming save's transaction."""
    cascade_rename(kind, old, new)


slug_renamed.connect(cascade_slug_rename, dispatch_uid="tailor-slug-renamed")
