"""Entering and leaving audiences: compare each known user's audiences with the last ones seen,
record the change and queue one delivery per interested webhook.

Run for the profiles a server write touched (setTraits, trackEvents, identify) and for every
identified profile by `manage.py sync_audiences` (periodically, like rollup_events), which also
catches changes made by page views and by time passing. Never for a profile without
personalization consent: it has no memberships, and withdrawing consent or `forgetVisitor`
deletes them without telling anyone (a "left" message would itself be data about them)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from django.db import transaction

from personalization.delivery.compiled import current_compiled
from personalization.profiles.history import resolve
from personalization.profiles.models import Visitor

from .members import audiences_of, consented_profiles
from .models import AudienceMembership, Webhook, WebhookDelivery

ENTERED, LEFT = "audience.entered", "audience.left"


def sync_visitor(
    visitor: Visitor, now: datetime, webhooks: list[Webhook] | None = None, compiled=None
) -> int:
    """Bring one profile's memberships up to date; the number of deliveries queued."""
    if not visitor.user_key or not visitor.consent_personalization:
        return 0
    webhooks = list(Webhook.objects.filter(active=True)) if webhooks is None else webhooks
    now_in = audiences_of(visitor, now, compiled)
    before = set(
        AudienceMembership.objects.filter(visitor_id=visitor.pk).values_list("audience", flat=True)
    )
    entered, left = now_in - before, before - now_in
    if not entered and not left:
        return 0
    queued = []
    with transaction.atomic():
        AudienceMembership.objects.filter(visitor_id=visitor.pk, audience__in=left).delete()
        AudienceMembership.objects.bulk_create(
            [
                AudienceMembership(visitor_id=visitor.pk, audience=a, since=now)
                for a in sorted(entered)
            ],
            ignore_conflicts=True,
        )
        for event, audiences in ((ENTERED, entered), (LEFT, left)):
            for audience in sorted(audiences):
                for hook in webhooks:
                    if hook.wants(audience):
                        queued.append(_delivery(hook, event, audience, visitor.user_key, now))
        WebhookDelivery.objects.bulk_create(queued)
    return len(queued)


def _delivery(
    hook: Webhook, event: str, audience: str, user_key: str, now: datetime
) -> WebhookDelivery:
    kind, _, slug = audience.partition(":")
    payload = {
        "id": uuid.uuid4().hex,
        "event": event,
        "audience": {"kind": kind, "slug": slug},
        "userKey": user_key,
        "at": now.isoformat(),
    }
    return WebhookDelivery(
        webhook=hook,
        event=event,
        audience=audience,
        user_key=user_key,
        payload=payload,
        next_attempt_at=now,
        created_at=now,
    )


def sync_visitor_ids(visitor_ids: Iterable[str], now: datetime) -> int:
    """After a server write: the profiles these visitor ids resolve to."""
    webhooks = list(Webhook.objects.filter(active=True))
    if not webhooks:
        return 0
    compiled = current_compiled()
    total = 0
    for visitor_id in set(visitor_ids):
        visitor = resolve(visitor_id)
        if visitor is not None:
            total += sync_visitor(visitor, now, webhooks, compiled)
    return total


def sync_user_keys(user_keys: Iterable[str], now: datetime) -> int:
    ids = Visitor.objects.filter(user_key__in=set(user_keys)).values_list("public_id", flat=True)
    return sync_visitor_ids(list(ids), now)


def sync_all(now: datetime) -> int:
    """Every identified, consented profile (manage.py sync_audiences). Memberships of profiles
    that lost their consent are dropped first, silently."""
    AudienceMembership.objects.exclude(visitor__consent_personalization=True).delete()
    webhooks = list(Webhook.objects.filter(active=True))
    compiled = current_compiled()
    return sum(
        sync_visitor(v, now, webhooks, compiled) for v in consented_profiles(identified_only=True)
    )


def forget_user(user_key: str | None) -> None:
    """forgetVisitor: the delivery log keeps nothing about the user (memberships cascade)."""
    if user_key:
        WebhookDelivery.objects.filter(user_key=user_key).delete()
