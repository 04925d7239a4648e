"""A publish in Wagtail tells the frontends (PERSONALIZATION_PUBLISH_WEBHOOKS) to expire the page,
signed as the Next.js starter verifies it; a frontend that is down never fails the publish, and
the call is tried again by the periodic job (personalization/publish_webhooks.py)."""

import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connection
from django.utils import timezone
from wagtail.models import Page

from personalization import publish_webhooks
from personalization.models import Persona, PublishDelivery
from tests.api.shop import shop  # noqa: F401

pytestmark = pytest.mark.usefixtures("shop")

SECRET = "publish-webhook-test-secret"


class Frontend:
    """A local HTTP server that records each call and answers the next status of `answers`."""

    def __init__(self) -> None:
        self.calls: list[tuple[dict[str, str], bytes]] = []
        self.answers: list[int] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.calls.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(outer.answers.pop(0) if outer.answers else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/tailor/revalidate/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def payloads(self) -> list[dict]:
        return [json.loads(body) for _headers, body in self.calls]


@pytest.fixture
def frontend(settings):
    site = Frontend()
    settings.PERSONALIZATION_PUBLISH_WEBHOOKS = [site.url]
    settings.TAILOR_WEBHOOK_SECRET = SECRET
    yield site
    site.server.shutdown()
    site.server.server_close()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit, as a real request's commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def page_at(url_path):
    return Page.objects.get(url_path=url_path).specific


def publish(url_path, title):
    page = page_at(url_path)
    page.title = title
    page.save_revision().publish()
    return page


def test_a_publish_calls_the_frontend_once_signed_as_the_starter_verifies(frontend, committed):
    with committed():
        page = publish("/home/prices/", "Prices 2027")
    assert len(frontend.calls) == 1
    headers, body = frontend.calls[0]
    assert json.loads(body) == {"event": "page.published", "path": "/prices/", "pageId": page.pk}
    timestamp = headers["x-tailor-timestamp"]
    expected = hmac.new(SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    assert headers["x-tailor-signature"] == "sha256=" + expected.hexdigest()
    assert abs(int(timestamp) - timezone.now().timestamp()) < 300  # the starter's window
    assert headers["content-type"] == "application/json"
    assert PublishDelivery.objects.get().status == PublishDelivery.SENT


def test_nothing_is_sent_or_stored_when_no_frontend_is_configured(committed):
    with committed():
        publish("/home/prices/", "Prices 2027")
    assert not PublishDelivery.objects.exists()


def test_unpublishing_moving_and_deleting_tell_the_frontend_every_path_concerned(
    frontend, committed
):
    with committed():
        page_at("/home/prices/").move(page_at("/home/city/"), pos="last-child")
    assert [(p["event"], p["path"]) for p in frontend.payloads()] == [
        ("page.moved", "/prices/"),
        ("page.moved", "/city/prices/"),
    ]
    frontend.calls.clear()
    with committed():
        page_at("/home/city/prices/").unpublish()
    assert [(p["event"], p["path"]) for p in frontend.payloads()] == [
        ("page.unpublished", "/city/prices/")
    ]
    frontend.calls.clear()
    with committed():
        page_at("/home/city/").delete()
    assert ("page.deleted", "/city/") in [(p["event"], p["path"]) for p in frontend.payloads()]
    assert ("page.deleted", "/city/prices/") not in [  # unpublished already: on no frontend
        (p["event"], p["path"]) for p in frontend.payloads()
    ]


def test_a_rules_change_tells_the_frontend_every_page_may_change(frontend, committed):
    # Loading the site left a rules bump waiting for a commit that a test case never makes; a
    # bump is registered once per transaction, so drop it for this change to register its own.
    connection.run_on_commit.clear()
    with committed():
        persona = Persona.objects.first()
        persona.name = persona.name + " (renamed)"
        persona.save()
    assert frontend.payloads() == [{"event": "rules.changed"}]


def test_a_frontend_that_fails_never_fails_the_publish_and_is_retried(frontend, committed):
    frontend.answers = [500]
    with committed():
        publish("/home/prices/", "Prices 2027")
    assert page_at("/home/prices/").live_revision.content["title"] == "Prices 2027"
    delivery = PublishDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("pending", 1, "HTTP 500")
    later = delivery.next_attempt_at
    assert publish_webhooks.send_due(later - timedelta(seconds=1)) == {
        "sent": 0,
        "retry": 0,
        "failed": 0,
    }
    assert publish_webhooks.send_due(later) == {"sent": 1, "retry": 0, "failed": 0}
    assert len(frontend.calls) == 2 and frontend.calls[0][1] == frontend.calls[1][1]
    assert PublishDelivery.objects.get().status == PublishDelivery.SENT


def test_a_frontend_that_is_down_never_fails_the_publish(frontend, committed, settings):
    frontend.server.shutdown()
    frontend.server.server_close()  # nothing listens on the port any more
    with committed():
        publish("/home/prices/", "Prices 2027")
    assert page_at("/home/prices/").live_revision.content["title"] == "Prices 2027"
    delivery = PublishDelivery.objects.get()
    assert delivery.status == PublishDelivery.PENDING and delivery.last_error.startswith("Connect")
