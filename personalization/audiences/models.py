"""Audiences that drive other channels: who is in which segment or persona (known users with
consent only), the webhooks told when that changes, and the log of every delivery."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


def _secret() -> str:
    return secrets.token_urlsafe(32)


class Webhook(models.Model):
    """An endpoint told (signed, HMAC-SHA256) when a known user enters or leaves an audience."""

    name = models.CharField(max_length=120)
    url = models.URLField(
        max_length=500, help_text=_("HTTPS endpoint that receives a POST per change.")
    )
    secret = models.CharField(
        max_length=100,
        default=_secret,
        help_text=_("Shared secret for the X-Tailor-Signature header (HMAC-SHA256)."),
    )
    audiences = models.CharField(
        max_length=500,
        blank=True,
        help_text=_(
            "Comma-separated segment:SLUG / persona:SLUG, e.g. segment:premium, persona:family. "
            "Empty: every segment and persona."
        ),
    )
    active = models.BooleanField(default=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("url"),
        FieldPanel("audiences"),
        FieldPanel("secret"),
        FieldPanel("active"),
    ]

    def __str__(self) -> str:
        return self.name

    def wants(self, audience: str) -> bool:
        chosen = {a.strip().lower() for a in self.audiences.split(",") if a.strip()}
        return not chosen or audience in chosen


class AudienceMembership(models.Model):
    """A consented, identified profile is in this audience ("segment:slug" / "persona:slug")
    since `since`; kept to tell entering from leaving. Deleted with the profile."""

    visitor = models.ForeignKey(
        "profiles.Visitor", on_delete=models.CASCADE, related_name="audiences", db_index=False
    )
    audience = models.CharField(max_length=130)
    since = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["visitor", "audience"], name="audiences_membership_unique"
            )
        ]
        indexes = [models.Index(fields=["audience"], name="audiences_membership_audience")]


class WebhookDelivery(models.Model):
    """One change sent (or to be sent) to one webhook: the delivery log of the admin."""

    PENDING, SENT, FAILED, CANCELLED = "pending", "sent", "failed", "cancelled"
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=30)  # audience.entered | audience.left
    audience = models.CharField(max_length=130)
    user_key = models.CharField(max_length=255)
    payload = models.JSONField()
    status = models.CharField(
        max_length=10,
        default=PENDING,
        choices=[
            (PENDING, _("pending")),
            (SENT, _("sent")),
            (FAILED, _("failed")),
            (CANCELLED, _("cancelled (consent withdrawn)")),
        ],
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="audiences_delivery_due")
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.audience} {self.user_key}"


class AudienceEstimate(models.Model):
    """How many profiled visitors are in a segment or persona, estimated by `manage.py
    estimate_audiences` from a random sample of consented profiles (every profile when there
    are few): the admin's segment, persona and audience screens read these rows, one query."""

    audience = models.CharField(max_length=130, unique=True)  # "segment:slug" / "persona:slug"
    matched = models.PositiveIntegerField(default=0)  # sampled profiles in it now
    sampled = models.PositiveIntegerField(default=0)
    population = models.PositiveIntegerField(default=0)  # consented profiles in all
    matched_recent = models.PositiveIntegerField(default=0)  # ... of those seen in the last 30 days
    sampled_recent = models.PositiveIntegerField(default=0)
    population_recent = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.audience
