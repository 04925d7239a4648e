"""Visitor history: one profile per (possibly merged) visitor, its counters, events and logs.

Every write goes through `personalization/profiles/store.py`; nothing else saves these models.
Counters live in their own rows with a unique (visitor, key, day) triple so that concurrent page
views increment them in the database (`count = count + 1`), never read-modify-write in Python.
`day` is the UTC day as a number (days since 1970-01-01; 0 for counts kept before days were
recorded): lifetime counts are sums over days, `within_days` windows read the recent days, and
persona affinity fades by the age of its day (history.py).

A profile exists only while the visitor has consented to something: declining both consents
erases it (store.set_consent), and `forget` deletes the row, which cascades to every table here.
"""

from __future__ import annotations

from django.db import models


class Visitor(models.Model):
    """The profile of one person as far as the site can tell (several ids after `identify`)."""

    # Not fields: columns of the profile read by profiles.sql.read_profile (see there).
    counter_rows: list[tuple]
    event_rows: list[tuple]

    public_id = models.CharField(
        max_length=64, unique=True, help_text="The random id the profile was created with."
    )
    user_key = models.CharField(
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        help_text="The site's own user id, set by `identify`; one profile per user.",
    )
    created_at = models.DateTimeField()
    first_seen = models.DateTimeField(null=True, blank=True, help_text="First page view.")
    last_seen = models.DateTimeField(null=True, blank=True, help_text="Last page view.")
    visit_started_at = models.DateTimeField(
        null=True, blank=True, help_text="Start of the current visit."
    )
    previous_visit_ended_at = models.DateTimeField(
        null=True, blank=True, help_text="Last page view of the visit before the current one."
    )
    visit_count = models.PositiveIntegerField(default=0)
    page_views = models.PositiveIntegerField(default=0)
    consent_personalization = models.BooleanField(default=False)
    consent_analytics = models.BooleanField(default=False)
    consent_at = models.DateTimeField(null=True, blank=True)
    declared_persona = models.CharField(max_length=100, blank=True, default="")
    interests = models.JSONField(default=list, blank=True)
    declared_at = models.DateTimeField(
        null=True, blank=True, help_text="When zero-party data last changed."
    )
    stage_reached = models.CharField(max_length=100, blank=True, default="")
    visit_source = models.JSONField(
        default=dict,
        blank=True,
        help_text="How the current visit arrived (channel, UTM, referrer domain, landing path and query).",
    )
    traits = models.JSONField(
        default=dict,
        blank=True,
        help_text="Trait values set for this visitor (name -> value); the user key's own values win.",
    )

    class Meta:
        verbose_name = "visitor"

    def __str__(self) -> str:
        return self.public_id


class UserTraits(models.Model):
    """Trait values set for a user key (the site's own user id), whether or not a profile has it
    yet: read through the profile identified with that key, never on their own."""

    user_key = models.CharField(max_length=255, unique=True)
    traits = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "user traits"

    def __str__(self) -> str:
        return self.user_key


class VisitorAlias(models.Model):
    """Another visitor id that now resolves to `visitor` (merged by `identify`)."""

    alias = models.CharField(max_length=64, unique=True)
    visitor = models.ForeignKey(Visitor, on_delete=models.CASCADE, related_name="aliases")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "visitor aliases"


def _day_field() -> models.IntegerField:
    return models.IntegerField(
        default=0, help_text="UTC day: days since 1970-01-01 (0: before days were kept)."
    )


class PathView(models.Model):
    """How many times the visitor viewed one path on one day (the `visited: {path}` condition;
    summed over the path's rows: `page_views` within a window; `starts`: `visit_count`)."""

    # The unique (visitor, path, day) index serves every lookup by visitor: no separate FK index.
    visitor = models.ForeignKey(
        Visitor, on_delete=models.CASCADE, related_name="path_views", db_index=False
    )
    path = models.CharField(max_length=512)
    day = _day_field()
    count = models.PositiveIntegerField(default=0)
    starts = models.PositiveIntegerField(
        default=0, help_text="Visits that started on this path that day."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["visitor", "path", "day"], name="profiles_pathview_unique"
            )
        ]


class TagView(models.Model):
    """How many viewed pages carried one tag on one day (lower case; `visited: {tag}`)."""

    visitor = models.ForeignKey(
        Visitor, on_delete=models.CASCADE, related_name="tag_views", db_index=False
    )
    tag = models.CharField(max_length=100)
    day = _day_field()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["visitor", "tag", "day"], name="profiles_tagview_unique"
            )
        ]


class PersonaAffinity(models.Model):
    """Points toward one persona earned on one day, from the `persona_affinity` of the pages viewed."""

    visitor = models.ForeignKey(
        Visitor, on_delete=models.CASCADE, related_name="affinities", db_index=False
    )
    persona = models.CharField(max_length=100)
    day = _day_field()
    score = models.FloatField(default=0.0)

    class Meta:
        verbose_name_plural = "persona affinities"
        constraints = [
            models.UniqueConstraint(
                fields=["visitor", "persona", "day"], name="profiles_affinity_unique"
            )
        ]


class Event(models.Model):
    """Something the visitor did (trackEvent): conversions, `event` conditions."""

    visitor = models.ForeignKey(
        Visitor, on_delete=models.CASCADE, related_name="events", db_index=False
    )
    type = models.CharField(max_length=100)
    path = models.CharField(max_length=512, null=True, blank=True)
    value = models.FloatField(null=True, blank=True)
    variant_id = models.CharField(max_length=64, null=True, blank=True)
    properties = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField()
    # Set by the client so that a retried trackEvent is stored once.
    client_event_id = models.CharField(max_length=100, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["visitor", "client_event_id"],
                condition=models.Q(client_event_id__isnull=False),
                name="profiles_event_client_id_unique",
            )
        ]
        indexes = [
            models.Index(
                fields=["visitor", "at"], name="profiles_event_visitor_at"
            ),  # history, export
            models.Index(
                fields=["variant_id", "type"], name="profiles_event_variant_type"
            ),  # conversions
        ]


class PageView(models.Model):
    """One page view, for analytics (needs analytics consent). A view with `variant_id` is also
    the visitor's impression of that variant (with its A/B `arm`): one row, not two."""

    visitor = models.ForeignKey(
        Visitor, on_delete=models.CASCADE, related_name="page_view_log", db_index=False
    )
    path = models.CharField(max_length=512)
    page_id = models.PositiveIntegerField(null=True, blank=True)
    variant_id = models.CharField(max_length=64, null=True, blank=True)
    arm = models.CharField(max_length=64, blank=True, default="")
    at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["visitor", "at"], name="profiles_pageview_visitor_at"),
            models.Index(fields=["page_id", "at"], name="profiles_pageview_page_at"),
        ]


class Impression(models.Model):
    """A variant shown to someone without analytics consent (or anonymous), for A/B analytics:
    `visitor` is null. A visitor with analytics consent has their impressions in their page view
    log (PageView.variant_id, .arm); rows tied to a visitor here predate that and are still read."""

    visitor = models.ForeignKey(
        Visitor, on_delete=models.CASCADE, related_name="impressions", null=True, blank=True
    )
    page_id = models.PositiveIntegerField(null=True, blank=True)
    variant_id = models.CharField(max_length=64)
    arm = models.CharField(max_length=64, blank=True, default="")
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["variant_id", "at"], name="profiles_impression_variant_at")]
