"""Audiences out: webhooks when a known user enters or leaves a segment or persona (signed,
retried, never about a visitor without consent) and the CSV export of members (issue 11)."""

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from django.core.management import call_command
from django.utils.timezone import now as clock

from personalization.audiences.models import AudienceMembership, Webhook, WebhookDelivery
from personalization.audiences.sync import sync_all
from personalization.audiences.webhooks import send_due
from personalization.profiles import store

SITE = Path(__file__).resolve().parents[1] / "api" / "customer_site.yaml"
SERVER = {"Authorization": "Bearer test-server-key"}
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
SET_TRAITS = "mutation S($u: String, $t: JSONString!) { setTraits(userKey: $u, traits: $t) }"


def _forget_compiled_rules():
    from personalization.delivery import compiled
    from personalization.rules.current import forget_snapshots

    forget_snapshots()
    compiled._compiled.clear()


@pytest.fixture
def dealer(db):
    _forget_compiled_rules()
    call_command("load_site", str(SITE), verbosity=0)
    yield Webhook.objects.create(
        name="CRM",
        url="https://crm.example.com/hooks/tailor",
        secret="s3cret",
        audiences="segment:premium",
    )
    _forget_compiled_rules()


def known_user(user_key, personalization=True):
    vid, _ = store.set_consent(
        None, personalization=personalization, analytics=not personalization, now=NOW
    )
    store.identify(vid, user_key=user_key, now=NOW)
    return vid


def set_plan(graphql, user_key, plan):
    body = graphql(
        SET_TRAITS, {"u": user_key, "t": json.dumps({"plan": plan})}, headers=SERVER
    ).json()
    assert body == {"data": {"setTraits": True}}, body


class Receiver:
    """An in-memory webhook endpoint: answers from a script, keeps every request."""

    def __init__(self, *statuses):
        self.statuses, self.requests = list(statuses), []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status = self.statuses.pop(0) if self.statuses else 200
        if status == "timeout":
            raise httpx.ConnectTimeout("no answer")
        return httpx.Response(status)

    def client(self):
        return httpx.Client(transport=httpx.MockTransport(self))


def test_a_known_user_entering_an_audience_is_sent_signed(graphql, dealer):
    known_user("crm-1")
    set_plan(graphql, "crm-1", "pro")
    receiver = Receiver(200)
    assert send_due(clock(), receiver.client())["sent"] == 1
    [request] = receiver.requests
    body = json.loads(request.content)
    assert body["event"] == "audience.entered" and body["userKey"] == "crm-1"
    assert body["audience"] == {"kind": "segment", "slug": "premium"}
    timestamp = request.headers["X-Tailor-Timestamp"]
    expected = hmac.new(
        b"s3cret", timestamp.encode() + b"." + request.content, hashlib.sha256
    ).hexdigest()
    assert request.headers["X-Tailor-Signature"] == f"sha256={expected}"
    assert WebhookDelivery.objects.get().status == "sent"


def test_leaving_is_sent_too_and_other_audiences_are_not(graphql, dealer):
    known_user("crm-2")
    set_plan(graphql, "crm-2", "team")
    set_plan(graphql, "crm-2", "free")
    assert list(WebhookDelivery.objects.order_by("pk").values_list("event", "audience")) == [
        ("audience.entered", "segment:premium"),
        ("audience.left", "segment:premium"),
    ]


def test_a_failed_delivery_is_retried_with_backoff_until_it_succeeds(graphql, dealer):
    known_user("crm-3")
    set_plan(graphql, "crm-3", "pro")
    receiver = Receiver(503, "timeout", 200)
    start = clock()
    assert send_due(start, receiver.client()) == {
        "sent": 0,
        "retry": 1,
        "failed": 0,
        "cancelled": 0,
    }
    delivery = WebhookDelivery.objects.get()
    assert (
        delivery.next_attempt_at == start + timedelta(minutes=1)
        and delivery.last_error == "HTTP 503"
    )
    assert send_due(start + timedelta(seconds=30), receiver.client())["retry"] == 0  # not due yet
    assert send_due(start + timedelta(minutes=1), receiver.client())["retry"] == 1
    delivery.refresh_from_db()
    assert (
        delivery.next_attempt_at == start + timedelta(minutes=3)
        and "ConnectTimeout" in delivery.last_error
    )
    assert send_due(start + timedelta(minutes=3), receiver.client())["sent"] == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 3)
    assert (
        len({r.headers["X-Tailor-Delivery"] for r in receiver.requests}) == 1
    )  # the same message each time


def test_nothing_is_sent_about_a_visitor_without_consent(graphql, dealer):
    known_user("analytics-only", personalization=False)
    set_plan(graphql, "analytics-only", "pro")  # kept for the user key, but no consented profile
    vid = known_user("crm-4")
    set_plan(graphql, "crm-4", "pro")
    store.set_consent(
        vid, personalization=False, analytics=True, now=NOW
    )  # withdrawn before sending
    receiver = Receiver()
    counts = send_due(clock(), receiver.client())
    assert receiver.requests == [] and counts["cancelled"] == 1
    assert not WebhookDelivery.objects.filter(user_key="analytics-only").exists()
    sync_all(NOW)
    assert not AudienceMembership.objects.exists()
    assert WebhookDelivery.objects.filter(status="pending").count() == 0


def test_sync_audiences_catches_changes_made_by_events(dealer):
    vid = known_user("crm-5")
    store.record_events([store.NewEvent(type="purchase", at=NOW, visitor_id=vid, value=1500.0)])
    Webhook.objects.create(name="Ads", url="https://ads.example.com/", audiences="")
    sync_all(NOW)
    assert set(
        WebhookDelivery.objects.filter(webhook__name="Ads").values_list("audience", flat=True)
    ) == {"segment:big-spenders"}
    assert sync_all(NOW) == 0  # nothing changed since


def test_forgetting_a_visitor_erases_them_from_the_delivery_log(graphql, dealer):
    vid = known_user("crm-6")
    set_plan(graphql, "crm-6", "pro")
    graphql("mutation F($v: String!) { forgetVisitor(visitorId: $v) }", {"v": vid})
    assert not WebhookDelivery.objects.filter(user_key="crm-6").exists()


def test_the_csv_export_lists_consented_known_members_only(admin_client, graphql, dealer):
    for key in ("crm-7", "crm-8"):
        known_user(key)
        set_plan(graphql, key, "pro")
    known_user("crm-9")
    set_plan(graphql, "no-profile", "pro")
    gone = known_user("crm-10")
    set_plan(graphql, "crm-10", "pro")
    store.set_consent(gone, personalization=False, analytics=True, now=NOW)
    response = admin_client.get("/admin/personalization/audiences/segment/premium/members.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert b"".join(response.streaming_content).decode().split() == ["user_key", "crm-7", "crm-8"]
    assert (
        admin_client.get("/admin/personalization/audiences/segment/nope/members.csv").status_code
        == 404
    )
    page = admin_client.get("/admin/personalization/audiences/").content.decode()
    assert 'data-audience="segment:premium"' in page and "CSV of user keys" in page
