"""A query is parsed and validated once (then served from a bounded cache), limits still refuse
it on first sight, and Apollo's Automatic Persisted Queries work over POST and GET."""

from __future__ import annotations

import hashlib
import json
from unittest import mock

import pytest

from personalization.api import documents

from .test_view_schema import codes, tiny_api  # noqa: F401  (fixture)

ECHO = "query E($t: String!) { echo(text: $t) }"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def apq(digest: str) -> dict:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


def post(client, body):
    return client.post("/graphql/", json.dumps(body), content_type="application/json")


def test_a_repeated_query_is_parsed_and_validated_only_once(tiny_api, client):
    with (
        mock.patch.object(documents, "validate", wraps=documents.validate) as validate,
        mock.patch.object(documents, "parse", wraps=documents.parse) as parse,
    ):
        for text in ("a", "b", "c"):
            assert post(client, {"query": ECHO, "variables": {"t": text}}).json() == {
                "data": {"echo": text}
            }
    assert parse.call_count == 1
    assert validate.call_count == 2  # our limit rules, then graphql's specified rules: once each


def test_a_query_over_a_limit_is_refused_every_time_and_never_cached(tiny_api, client, settings):
    settings.GRAPHQL_MAX_DEPTH = 2
    deep = "{ node { child { child { name } } } }"
    for _ in range(2):
        response = post(client, {"query": deep})
        assert response.status_code == 400 and codes(response) == ["QUERY_TOO_COMPLEX"]


def test_a_cached_query_is_refused_when_its_variables_make_it_too_costly(
    tiny_api, client, settings
):
    settings.GRAPHQL_MAX_COST = 100
    query = "query N($n: Int) { nodes(limit: $n) { name } }"
    assert "errors" not in post(client, {"query": query, "variables": {"n": 3}}).json()
    response = post(client, {"query": query, "variables": {"n": 1000}})
    assert response.status_code == 400 and codes(response) == ["QUERY_TOO_COMPLEX"]


def test_an_unknown_persisted_hash_asks_the_client_for_the_query(tiny_api, client):
    response = post(client, {"variables": {"t": "x"}, "extensions": apq(sha(ECHO))})
    assert response.status_code == 200
    assert codes(response) == ["PERSISTED_QUERY_NOT_FOUND"]
    assert response.json()["errors"][0]["message"] == "PersistedQueryNotFound"


def test_a_persisted_query_is_answered_by_hash_after_it_was_sent_once(tiny_api, client):
    digest = sha(ECHO)
    first = post(client, {"query": ECHO, "variables": {"t": "one"}, "extensions": apq(digest)})
    assert first.json() == {"data": {"echo": "one"}}
    documents.clear()  # another process: the hash is found in the shared cache
    again = post(client, {"variables": {"t": "two"}, "extensions": apq(digest)})
    assert again.json() == {"data": {"echo": "two"}}


def test_get_with_a_persisted_hash_is_answered(tiny_api, client):
    digest = sha(ECHO)
    post(client, {"query": ECHO, "variables": {"t": "x"}, "extensions": apq(digest)})
    response = client.get(
        "/graphql/",
        {
            "operationName": "E",
            "variables": json.dumps({"t": "by get"}),
            "extensions": json.dumps(apq(digest)),
        },
    )
    assert response.status_code == 200 and response.json() == {"data": {"echo": "by get"}}


def test_a_query_that_does_not_match_its_hash_is_refused_and_not_stored(tiny_api, client):
    response = post(client, {"query": ECHO, "variables": {"t": "x"}, "extensions": apq("0" * 64)})
    assert response.status_code == 400 and codes(response) == ["BAD_USER_INPUT"]
    assert codes(post(client, {"variables": {"t": "x"}, "extensions": apq("0" * 64)})) == [
        "PERSISTED_QUERY_NOT_FOUND"
    ]


def test_an_invalid_query_is_never_stored_under_its_hash(tiny_api, client):
    bad = "{ nothing }"
    assert post(client, {"query": bad, "extensions": apq(sha(bad))}).status_code == 400
    assert codes(post(client, {"extensions": apq(sha(bad))})) == ["PERSISTED_QUERY_NOT_FOUND"]


@pytest.mark.parametrize(
    "extensions, code",
    [
        (
            {"persistedQuery": {"version": 2, "sha256Hash": "0" * 64}},
            "PERSISTED_QUERY_NOT_SUPPORTED",
        ),
        ({"persistedQuery": {"version": 1, "sha256Hash": "not-a-hash"}}, "BAD_USER_INPUT"),
        ("[1]", "BAD_USER_INPUT"),
    ],
)
def test_malformed_persisted_query_extensions_are_refused_with_a_code(
    tiny_api, client, extensions, code
):
    assert codes(
        post(client, {"query": ECHO, "variables": {"t": "x"}, "extensions": extensions})
    ) == [code]


def test_a_persisted_mutation_is_refused_over_get(tiny_api, client):
    mutation = "mutation { ping }"
    digest = sha(mutation)
    assert post(client, {"query": mutation, "extensions": apq(digest)}).json() == {
        "data": {"ping": True}
    }
    tiny_api.clear()
    response = client.get("/graphql/", {"extensions": json.dumps(apq(digest))})
    assert response.status_code == 405 and codes(response) == ["BAD_USER_INPUT"]
    assert tiny_api == []
