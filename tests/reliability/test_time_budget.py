"""One request cannot hold a worker for long: the stalling request of issue 12 (a batch of 10
operations × 50 aliased personalizedPage, 17.6 s before) is refused by the cost limit before it
runs, and a request the cost limit lets through stops rendering when it runs past its time budget
(GRAPHQL_TIME_BUDGET_SECONDS): the fields still to come answer QUERY_TOO_COMPLEX (limit
"timeBudget"), what was resolved is kept."""

from __future__ import annotations

import json
import time

import pytest

from personalization.api import page as page_api
from tests.api.shop import shop  # noqa: F401

STALLING = [
    {
        "query": "{ "
        + " ".join(f'p{n}: personalizedPage(path: "/") {{ content }}' for n in range(50))
        + " }"
    }
    for _ in range(10)
]


def post(client, payload):
    started = time.monotonic()
    response = client.post("/graphql/", data=json.dumps(payload), content_type="application/json")
    return response, time.monotonic() - started


def cut_and_served(answers: list) -> tuple[list, list]:
    cut = [
        e
        for a in answers
        for e in a.get("errors", [])
        if e["extensions"] == {"code": "QUERY_TOO_COMPLEX", "limit": "timeBudget"}
    ]
    served = [v for a in answers for v in (a.get("data") or {}).values() if v is not None]
    return cut, served


def test_the_stalling_request_is_refused_by_cost_at_once(client):
    response, seconds = post(client, STALLING)
    assert response.status_code == 400
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["QUERY_TOO_COMPLEX"]
    assert seconds < 2, seconds  # 17.6 s before the cost limit


@pytest.fixture
def no_cost_limit(settings):
    """As if the cost limit were set too high: only the time budget stands in the way."""
    settings.GRAPHQL_MAX_COST = settings.GRAPHQL_MAX_REQUEST_COST = 10**9


@pytest.mark.usefixtures("shop", "no_cost_limit")
def test_a_spent_budget_renders_no_page(client, settings, monkeypatch):
    settings.GRAPHQL_TIME_BUDGET_SECONDS = 0
    monkeypatch.setattr(page_api, "deliver", lambda *a, **k: pytest.fail("a page was rendered"))
    response, _ = post(client, STALLING)
    answers = response.json()
    cut, served = cut_and_served(answers)
    assert response.status_code == 200 and len(answers) == 10
    assert len(cut) == 500 and served == []
    assert "time budget of 0 s" in cut[0]["message"]


@pytest.mark.usefixtures("shop", "no_cost_limit")
def test_the_stalling_request_is_cut_at_its_time_budget(client, settings, monkeypatch):
    """Each page made to take 20 ms (a slow database): 500 of them would hold the worker 10 s."""
    settings.GRAPHQL_TIME_BUDGET_SECONDS = 0.5
    deliver = page_api.deliver

    def slow_deliver(*args, **kwargs):
        time.sleep(0.02)
        return deliver(*args, **kwargs)

    monkeypatch.setattr(page_api, "deliver", slow_deliver)
    post(client, [{"query": '{ personalizedPage(path: "/") { content } }'}])  # warm caches
    response, seconds = post(client, STALLING)
    cut, served = cut_and_served(response.json())
    assert served and cut and len(served) + len(cut) == 500
    assert len(served) <= 0.5 / 0.02 + 1
    assert seconds < 3, seconds  # the budget, one page past it, 500 short answers
    print(
        f"stalling batch, 20 ms pages, 0.5 s budget: {len(served)} served, {len(cut)} cut, {seconds:.2f} s"
    )


@pytest.mark.usefixtures("shop")
def test_within_its_budget_a_request_is_untouched(client):
    response, _ = post(
        client,
        {
            "query": '{ a: personalizedPage(path: "/") { content } '
            'b: personalizedPage(path: "/prices/") { content page { children { id } } } }'
        },
    )
    body = response.json()
    assert "errors" not in body and body["data"]["a"] and body["data"]["b"]


def test_only_expensive_fields_are_cut(rf, settings):
    """A field named like an expensive one elsewhere (`Experiment.page`, a path) is never cut."""
    from types import SimpleNamespace

    from personalization.api import time_budget
    from personalization.api.schema import schema

    settings.GRAPHQL_TIME_BUDGET_SECONDS = 0
    request = rf.post("/graphql/")
    time_budget.start(request)
    types = schema.graphql_schema.type_map

    def cut(parent: str, field: str) -> bool:
        info = SimpleNamespace(parent_type=types[parent], field_name=field, context=request)
        try:
            time_budget.TimeBudgetMiddleware().resolve(lambda *a, **k: "ran", None, info)
        except time_budget.QueryTooComplex:
            return True
        return False

    assert cut("Query", "personalizedPage") and cut("PersonalizedPage", "page")
    assert cut("ContentPage", "children") and cut("HomePage", "parent")
    assert (
        not cut("Experiment", "page")
        and not cut("ContentPage", "title")
        and not cut("Query", "personas")
    )
