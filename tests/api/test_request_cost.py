"""One HTTP request can cost at most about ten page renders: the expensive fields (a personalized
page, recommendations, the visitor export, the typed page's list fields) carry their weight in the
cost limit, across aliases and across the operations of a batch, and an over-priced request is
refused with QUERY_TOO_COMPLEX before any resolver runs.

These tests have no django_db mark, so a resolver touching the database would fail them; `execute`
is also replaced by one that fails, to prove nothing was executed."""

from __future__ import annotations

import json
import time

import pytest
from graphql import parse

from personalization.api import view
from personalization.api.limits import measure
from personalization.api.schema import schema


def aliased_pages(count: int) -> str:
    fields = " ".join(f'p{n}: personalizedPage(path: "/") {{ content }}' for n in range(count))
    return "{ " + fields + " }"


@pytest.fixture
def nothing_executes(monkeypatch):
    ran = []

    def fail(*args, **kwargs):
        ran.append(args)
        raise AssertionError("an operation was executed")

    monkeypatch.setattr(view, "execute", fail)
    return ran


def post_batch(client, operations: list[str]):
    body = json.dumps([{"query": query} for query in operations])
    return client.post("/graphql/", data=body, content_type="application/json")


def cost(query: str) -> int:
    document = parse(query)
    fragments = {d.name.value: d for d in document.definitions if d.kind == "fragment_definition"}
    return measure(schema.graphql_schema, document.definitions[0], fragments.get).cost


def test_a_personalized_page_costs_one_page_render(settings):
    settings.GRAPHQL_PAGE_RENDER_COST = 1000
    assert 1000 < cost('{ personalizedPage(path: "/") { content } }') < 1010


def test_aliases_pay_for_every_page_they_render():
    assert cost(aliased_pages(5)) >= 5 * cost(aliased_pages(1))


def test_recommendations_and_the_visitor_export_carry_their_weight(settings):
    settings.GRAPHQL_PAGE_RENDER_COST = 1000
    assert cost('{ recommendations(path: "/") { path } }') >= 1000
    assert cost('{ visitor(visitorId: "v") { visitorId } }') >= 500


def test_the_typed_pages_list_fields_cost_a_query_each(settings):
    settings.GRAPHQL_PAGE_RENDER_COST = 1000
    with_children = cost('{ personalizedPage(path: "/") { page { children(limit: 1) { id } } } }')
    without = cost('{ personalizedPage(path: "/") { page { id } } }')
    assert with_children - without >= 100


def test_field_costs_can_be_set(settings):
    settings.GRAPHQL_FIELD_COSTS = {"Query.personalizedPage": 7}
    assert cost('{ personalizedPage(path: "/") { content } }') == 8


def test_eleven_aliased_pages_in_one_operation_are_refused(client, nothing_executes):
    response = client.post(
        "/graphql/", data=json.dumps({"query": aliased_pages(11)}), content_type="application/json"
    )
    assert response.status_code == 400
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["QUERY_TOO_COMPLEX"]
    assert nothing_executes == []


def test_the_stalling_batch_is_refused_before_anything_runs(client, nothing_executes):
    """Issue 12, finding 5: 10 operations x 50 aliased personalizedPage took 17.6 s."""
    started = time.perf_counter()
    response = post_batch(client, [aliased_pages(50)] * 10)
    elapsed = time.perf_counter() - started
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [e["extensions"]["code"] for e in errors] == ["QUERY_TOO_COMPLEX"]
    assert "batch" in errors[0]["message"]
    assert nothing_executes == []
    print(f"stalling batch refused in {elapsed * 1000:.1f} ms")


def test_a_batch_of_small_operations_over_ten_renders_is_refused(client, nothing_executes):
    """Each operation fits alone (three pages); eleven pages together do not."""
    response = post_batch(client, [aliased_pages(3)] * 3 + [aliased_pages(2)])
    assert response.status_code == 400
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["QUERY_TOO_COMPLEX"]
    assert nothing_executes == []


def test_a_batch_within_ten_renders_is_let_through(client, nothing_executes):
    post_batch(client, [aliased_pages(3)] * 3)  # nine pages: the first operation reaches execution
    assert len(nothing_executes) == 1


def test_the_request_budget_is_a_setting(client, nothing_executes, settings):
    settings.GRAPHQL_MAX_REQUEST_COST = 2500
    response = post_batch(client, [aliased_pages(1)] * 3)
    assert response.status_code == 400
    assert nothing_executes == []
