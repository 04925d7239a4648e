"""Slugs for segments authored in the editor, which has no slug field of its own."""

from django.utils.text import slugify

from personalization.models import SegmentIdentity


def editor_slug(name: str, segment_id: int | None = None) -> str:
    """A free slug from the segment's name ("Nordic visitors" -> "nordic-visitors", then
    "nordic-visitors-2", ...); the segment's own identity does not count as taken."""
    base = slugify(name)[:100].strip("-") or "segment"
    identities = SegmentIdentity.objects.filter(slug__startswith=base)
    if segment_id is not None:
        identities = identities.exclude(segment_id=segment_id)
    taken = set(identities.values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug
