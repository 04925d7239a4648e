"""How /graphql/ treats the HTTP request itself: methods, bodies, content types, sizes, batches.
Every refusal is a JSON GraphQL error with a code, never an HTTP 500."""

from __future__ import annotations

import json

import pytest

from .test_view_schema import codes, tiny_api  # noqa: F401  (fixture)

MUTATION = "mutation { ping }"


def post_raw(client, body, content_type: str):
    return client.post("/graphql/", data=body, content_type=content_type)


def test_bad_json_body_is_bad_user_input(tiny_api, client):
    response = post_raw(client, '{"query": "{ __typename }"', "application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert codes(response) == ["BAD_USER_INPUT"]
    assert "not valid JSON" in response.json()["errors"][0]["message"]


def test_json_nested_too_deeply_is_bad_user_input(tiny_api, client):
    response = post_raw(client, "[" * 50_000 + "]" * 50_000, "application/json")
    assert response.status_code == 400
    assert codes(response) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize("body", ['"{ __typename }"', "42", "null"])
def test_json_body_that_is_not_an_object_is_bad_user_input(tiny_api, client, body):
    response = post_raw(client, body, "application/json")
    assert response.status_code == 400
    assert codes(response) == ["BAD_USER_INPUT"]


def test_body_that_is_not_utf8_is_bad_user_input(tiny_api, client):
    response = post_raw(client, b'{"query": "\xff\xfe"}', "application/json")
    assert response.status_code == 400
    assert codes(response) == ["BAD_USER_INPUT"]


def test_missing_query_is_bad_user_input(tiny_api, client):
    response = post_raw(client, json.dumps({"variables": {}}), "application/json")
    assert response.status_code == 400
    assert codes(response) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize("variables", [[1, 2], "not json", 7])
def test_variables_that_are_not_an_object_are_bad_user_input(tiny_api, client, variables):
    body = json.dumps({"query": "{ __typename }", "variables": variables})
    response = post_raw(client, body, "application/json")
    assert response.status_code == 400
    assert codes(response) == ["BAD_USER_INPUT"]


def test_variables_as_json_text_are_accepted(tiny_api, client):
    body = json.dumps(
        {"query": "query($t: String!) { echo(text: $t) }", "variables": '{"t": "hi"}'}
    )
    assert post_raw(client, body, "application/json").json() == {"data": {"echo": "hi"}}


def test_put_is_method_not_allowed(tiny_api, client):
    response = client.put("/graphql/", data="{}", content_type="application/json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"
    assert codes(response) == ["BAD_USER_INPUT"]


def test_get_answers_queries_but_never_privately_cached_answers_publicly(tiny_api, client):
    response = client.get(
        "/graphql/", {"query": "query($t: String!) { echo(text: $t) }", "variables": '{"t": "x"}'}
    )
    assert response.status_code == 200 and response.json() == {"data": {"echo": "x"}}
    assert response["Cache-Control"] == "private, no-store"


def test_answers_are_never_stored_by_shared_caches(tiny_api, client):
    response = post_raw(client, json.dumps({"query": '{ echo(text: "x") }'}), "application/json")
    assert response["Cache-Control"] == "private, no-store"
    assert "Cookie" in response["Vary"] and "Authorization" in response["Vary"]


def test_get_never_runs_mutations(tiny_api, client):
    response = client.get("/graphql/", {"query": MUTATION})
    assert response.status_code == 405
    assert codes(response) == ["BAD_USER_INPUT"]
    assert tiny_api == []


def test_form_encoded_query_is_answered(tiny_api, client):
    response = client.post("/graphql/", data={"query": '{ echo(text: "form") }'})
    assert response.json() == {"data": {"echo": "form"}}


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_form_posted_mutation_is_refused(tiny_api, client, content_type):
    """A cross-site form can post these without a CORS preflight: no mutation from them."""
    if content_type == "multipart/form-data":
        response = client.post("/graphql/", data={"query": MUTATION})  # the test client's multipart
    else:
        response = client.post(
            "/graphql/", data=f"query={MUTATION.replace(' ', '+')}", content_type=content_type
        )
    assert response.status_code == 415
    assert codes(response) == ["BAD_USER_INPUT"]
    assert "application/json" in response.json()["errors"][0]["message"]
    assert tiny_api == []


def test_text_plain_mutation_is_refused(tiny_api, client):
    response = post_raw(client, json.dumps({"query": MUTATION}), "text/plain")
    assert response.status_code == 415
    assert codes(response) == ["BAD_USER_INPUT"]
    assert tiny_api == []


def test_json_mutation_runs(tiny_api, client):
    response = post_raw(client, json.dumps({"query": MUTATION}), "application/json")
    assert response.json() == {"data": {"ping": True}}
    assert tiny_api == ["ping"]


def test_application_graphql_body_runs_queries_but_not_mutations(tiny_api, client):
    assert post_raw(client, '{ echo(text: "g") }', "application/graphql").json() == {
        "data": {"echo": "g"}
    }
    response = post_raw(client, MUTATION, "application/graphql")
    assert response.status_code == 415
    assert tiny_api == []


# --- sizes ---------------------------------------------------------------------------------------


def test_huge_query_is_413_query_too_complex(tiny_api, graphql):
    query = "{ __typename " + "# padding\n" * 3000 + "}"
    response = graphql(query)
    assert response.status_code == 413
    assert codes(response) == ["QUERY_TOO_COMPLEX"]


def test_query_under_the_size_limit_is_answered(tiny_api, graphql, settings):
    settings.GRAPHQL_MAX_QUERY_BYTES = 100
    assert graphql("{ " + " " * 80 + "__typename }").status_code == 200
    assert graphql("{ " + " " * 120 + "__typename }").status_code == 413


def test_huge_body_is_413_before_it_is_parsed(tiny_api, client, settings):
    settings.GRAPHQL_MAX_BODY_BYTES = 1000
    body = json.dumps({"query": "{ __typename }", "variables": {"blob": "x" * 2000}})
    response = post_raw(client, body, "application/json")
    assert response.status_code == 413
    assert codes(response) == ["QUERY_TOO_COMPLEX"]


# --- batches -------------------------------------------------------------------------------------


def test_batch_is_answered_in_order(tiny_api, client):
    batch = [{"query": f'{{ echo(text: "{n}") }}'} for n in range(3)]
    response = post_raw(client, json.dumps(batch), "application/json")
    assert response.status_code == 200
    assert response.json() == [{"data": {"echo": str(n)}} for n in range(3)]


def test_batch_item_mistakes_stay_in_their_item(tiny_api, client):
    batch = [{"query": '{ echo(text: "ok") }'}, {"query": "{ nope }"}, "not an object"]
    answers = post_raw(client, json.dumps(batch), "application/json").json()
    assert answers[0] == {"data": {"echo": "ok"}}
    assert answers[1]["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert answers[2]["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_batch_over_the_limit_is_refused_whole(tiny_api, client):
    batch = [{"query": MUTATION}] * 11
    response = post_raw(client, json.dumps(batch), "application/json")
    assert response.status_code == 400
    assert codes(response) == ["QUERY_TOO_COMPLEX"]
    assert tiny_api == []


def test_batch_at_the_limit_is_answered(tiny_api, client):
    response = post_raw(client, json.dumps([{"query": MUTATION}] * 10), "application/json")
    assert response.json() == [{"data": {"ping": True}}] * 10


def test_empty_batch_is_bad_user_input(tiny_api, client):
    response = post_raw(client, "[]", "application/json")
    assert response.status_code == 400
    assert codes(response) == ["BAD_USER_INPUT"]
