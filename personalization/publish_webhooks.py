"""The publish webhook: the frontends of PERSONALIZATION_PUBLISH_WEBHOOKS are told when what they
cache changes, so a publish shows on their next request (docs/sdk.md, "The publish webhook").

What is sent, once the transaction that made the change commits, to every URL:
  page.published / page.unpublished / page.deleted  {"event": ..., "path": "/pricing/", "pageId": 7}
  page.moved     one call for the old path and one for the new
  rules.changed  {"event": "rules.changed"} when the rules stamp moves (segments, rules, personas,
                 stages): which variant a visitor gets may change on any page
The path is the page's path on its site, as the frontend routes it. Calls are signed like the
audience webhooks (personalization/audiences/webhooks.py): X-Tailor-Timestamp and
X-Tailor-Signature with TAILOR_WEBHOOK_SECRET.

A frontend that is down never fails the publish: each call is stored (PublishDelivery), tried
once right after the commit with a short timeout, and a failure is logged and retried by the
`send_webhooks` periodic job after 1, 2, 4 ... minutes, MAX_ATTEMPTS times in all.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime

import httpx
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from personalization import settings as tailor_settings
from personalization import stamps
from personalization.audiences.webhooks import MAX_ATTEMPTS, backoff, sign
from personalization.models import PublishDelivery

logger = logging.getLogger("personalization.publish_webhooks")

TIMEOUT_SECONDS = 3.0  # the first attempt runs in the editor's request: keep it short


def site_path(url_path: str) -> str | None:
    """A page's path as its site's frontend routes it ("/home/pricing/" -> "/pricing/")."""
    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            return "/" + url_path[len(root.root_path) :]
    return None


def notify(event: str, path: str | None = None, page_id: int | None = None) -> None:
    """Queue a call to every configured frontend once the current transaction commits."""
    if not tailor_settings.publish_webhooks():
        return
    payload: dict[str, object] = {"event": event}
    if path is not None:
        payload["path"] = path
    if page_id is not None:
        payload["pageId"] = page_id
    transaction.on_commit(lambda: deliver(payload), robust=True)


def deliver(payload: dict, client: httpx.Client | None = None) -> None:
    """Store one delivery per frontend and try each at once; never raises."""
    try:
        now = timezone.now()
        deliveries = [
            PublishDelivery.objects.create(
                url=url, payload=payload, next_attempt_at=now, created_at=now
            )
            for url in tailor_settings.publish_webhooks()
        ]
        with _client(client) as http:
            for delivery in deliveries:
                _attempt(delivery, http, now)
    except Exception:  # the publish has committed: a webhook problem must not undo it
        logger.exception("publish webhook %s could not be queued", payload.get("event"))


def send_due(now: datetime, client: httpx.Client | None = None, limit: int = 500) -> dict[str, int]:
    """Retry the pending deliveries that are due (the periodic job); counts by outcome."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    due = list(
        PublishDelivery.objects.filter(
            status=PublishDelivery.PENDING, next_attempt_at__lte=now
        ).order_by("next_attempt_at")[:limit]
    )
    if due:
        with _client(client) as http:
            for delivery in due:
                counts[_attempt(delivery, http, now)] += 1
    return counts


class _client:
    """The given client (tests pass one with a MockTransport), else a short-lived one."""

    def __init__(self, given: httpx.Client | None) -> None:
        self.given = given
        self.own: httpx.Client | None = None

    def __enter__(self) -> httpx.Client:
        if self.given is not None:
            return self.given
        self.own = httpx.Client(timeout=TIMEOUT_SECONDS)
        return self.own

    def __exit__(self, *exc: object) -> None:
        if self.own is not None:
            self.own.close()


def _attempt(delivery: PublishDelivery, client: httpx.Client, now: datetime) -> str:
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    timestamp = int(timezone.now().timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Tailor-Webhooks/1",
        "X-Tailor-Timestamp": str(timestamp),
        "X-Tailor-Signature": sign(tailor_settings.webhook_secret(), timestamp, body),
        "X-Tailor-Delivery": f"publish-{delivery.pk}",
    }
    delivery.attempts += 1
    try:
        response = client.post(delivery.url, content=body, headers=headers)
        delivery.last_status_code, delivery.last_error = response.status_code, ""
        ok = 200 <= response.status_code < 300
        if not ok:
            delivery.last_error = f"HTTP {response.status_code}"
    except httpx.HTTPError as exc:
        ok, delivery.last_status_code = False, None
        delivery.last_error = f"{type(exc).__name__}: {exc}"[:300]
    if ok:
        delivery.status, delivery.sent_at, outcome = PublishDelivery.SENT, now, "sent"
        logger.info("publish webhook %s sent to %s", delivery.payload, delivery.url)
    else:
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status, outcome = PublishDelivery.FAILED, "failed"
        else:
            delivery.next_attempt_at, outcome = now + backoff(delivery.attempts), "retry"
        logger.warning(
            "publish webhook %s to %s failed (%s), attempt %d of %d",
            delivery.payload,
            delivery.url,
            delivery.last_error,
            delivery.attempts,
            MAX_ATTEMPTS,
        )
    delivery.save(
        update_fields=[
            "status",
            "attempts",
            "last_status_code",
            "last_error",
            "sent_at",
            "next_attempt_at",
        ]
    )
    return outcome


# Receivers, connected in apps.ready() by connect().


def _page_event(event: str):
    def receiver(sender, instance: Page, **kwargs) -> None:
        notify(event, site_path(instance.url_path), instance.pk)

    return receiver


def _page_moved(sender, instance: Page, url_path_before: str, url_path_after: str, **kwargs):
    if not instance.live or url_path_before == url_path_after:
        return  # a draft is on no frontend; a reorder changes no path
    notify("page.moved", site_path(url_path_before), instance.pk)
    notify("page.moved", site_path(url_path_after), instance.pk)


def _page_deleted(sender, instance: Page, **kwargs) -> None:
    if instance.live:  # pre_delete of the Page row, for the page and each descendant
        notify("page.deleted", site_path(instance.url_path), instance.pk)


def _rules_changed(sender, **kwargs) -> None:
    """stamps.rules_moved: sent after the commit that changed the rules."""
    notify("rules.changed")


def connect() -> None:
    from django.db.models.signals import pre_delete
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(
        _page_event("page.published"), weak=False, dispatch_uid="tailor-publish-webhook-published"
    )
    page_unpublished.connect(
        _page_event("page.unpublished"),
        weak=False,
        dispatch_uid="tailor-publish-webhook-unpublished",
    )
    post_page_move.connect(_page_moved, dispatch_uid="tailor-publish-webhook-moved")
    pre_delete.connect(_page_deleted, sender=Page, dispatch_uid="tailor-publish-webhook-deleted")
    stamps.rules_moved.connect(_rules_changed, dispatch_uid="tailor-publish-webhook-rules")
