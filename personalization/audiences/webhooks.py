"""Sending queued deliveries: signed, retried with exponential backoff, logged.

Each POST carries the JSON payload and two headers:
  X-Tailor-Timestamp: <unix seconds>
  X-Tailor-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the webhook's secret>
A 2xx answer is delivered. Anything else (an error status, a timeout, a refused connection) is
tried again after 1, 2, 4, 8 ... minutes (capped at 6 hours), MAX_ATTEMPTS times in all, then
marked failed. Before each attempt the user's consent is checked again: a delivery about a user
who has no consented profile any more is cancelled, never sent.

The HTTP edge is one httpx.Client (tests pass one with a MockTransport).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timedelta

import httpx

from personalization.profiles.models import Visitor

from .models import WebhookDelivery

MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)
TIMEOUT_SECONDS = 10.0


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def backoff(attempts: int) -> timedelta:
    """Wait after the `attempts`-th failed attempt: 1, 2, 4 ... minutes, at most LONGEST_WAIT."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_WAIT)


def send_due(now: datetime, client: httpx.Client | None = None, limit: int = 500) -> dict[str, int]:
    """Attempt every pending delivery that is due; counts of sent, retried, failed, cancelled."""
    counts = {"sent": 0, "retry": 0, "failed": 0, "cancelled": 0}
    due = list(
        WebhookDelivery.objects.select_related("webhook")
        .filter(status=WebhookDelivery.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")[:limit]
    )
    if not due:
        return counts
    consented = set(
        Visitor.objects.filter(
            user_key__in={d.user_key for d in due}, consent_personalization=True
        ).values_list("user_key", flat=True)
    )
    own = client is None
    client = client or httpx.Client(timeout=TIMEOUT_SECONDS)
    try:
        for delivery in due:
            counts[_attempt(delivery, client, now, delivery.user_key in consented)] += 1
    finally:
        if own:
            client.close()
    return counts


def _attempt(
    delivery: WebhookDelivery, client: httpx.Client, now: datetime, consented: bool
) -> str:
    if not consented or not delivery.webhook.active:
        delivery.status = WebhookDelivery.CANCELLED
        delivery.save(update_fields=["status"])
        return "cancelled"
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    timestamp = int(now.timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Tailor-Webhooks/1",
        "X-Tailor-Timestamp": str(timestamp),
        "X-Tailor-Signature": sign(delivery.webhook.secret, timestamp, body),
        "X-Tailor-Delivery": str(delivery.payload.get("id", delivery.pk)),
    }
    delivery.attempts += 1
    try:
        response = client.post(delivery.webhook.url, content=body, headers=headers)
        delivery.last_status_code, delivery.last_error = response.status_code, ""
        ok = 200 <= response.status_code < 300
        if not ok:
            delivery.last_error = f"HTTP {response.status_code}"
    except httpx.HTTPError as exc:
        ok, delivery.last_status_code, delivery.last_error = (
            False,
            None,
            f"{type(exc).__name__}: {exc}"[:300],
        )
    if ok:
        delivery.status, delivery.sent_at, outcome = WebhookDelivery.SENT, now, "sent"
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, outcome = WebhookDelivery.FAILED, "failed"
    else:
        delivery.next_attempt_at, outcome = now + backoff(delivery.attempts), "retry"
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
