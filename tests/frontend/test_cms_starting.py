"""While the CMS starts beside the website (`make demo`), the website waits quietly for it
instead of answering "back shortly"; once the CMS has answered, a refused connection fails fast."""

from __future__ import annotations

import httpx
import pytest

from frontend.api import ApiUnavailable, TailorApi

PERSONAS = {"data": {"personas": [{"slug": "a", "name": "A"}]}}


def _api(refusals: list[int], startup_wait: float) -> TailorApi:
    def answer(request: httpx.Request) -> httpx.Response:
        if refusals[0] > 0:
            refusals[0] -= 1
            raise httpx.ConnectError("connection refused", request=request)
        return httpx.Response(200, json=PERSONAS)

    client = httpx.Client(transport=httpx.MockTransport(answer))
    return TailorApi(
        url="http://cms/graphql/", client=client, startup_wait=startup_wait, retry_every=0
    )


def test_a_request_while_the_cms_starts_waits_for_it_and_gets_the_page():
    refusals = [3]
    api = _api(refusals, startup_wait=30)
    assert [p.slug for p in api.personas()] == ["a"]
    assert refusals == [0]


def test_without_a_startup_wait_a_refused_connection_is_unavailable_at_once():
    with pytest.raises(ApiUnavailable):
        _api([1], startup_wait=0).personas()


def test_once_the_cms_has_answered_a_refused_connection_is_not_retried():
    refusals = [0]
    api = _api(refusals, startup_wait=30)
    api.personas()
    refusals[0] = 1
    with pytest.raises(ApiUnavailable):
        api.personas()
