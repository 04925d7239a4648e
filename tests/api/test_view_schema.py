"""The view around a schema: errors, introspection, GraphiQL.

This module also hosts a tiny schema and a urlconf serving it at the real /graphql/ and /graphiql/
paths, so the HTTP edge is tested on its own; the other API edge tests point ROOT_URLCONF here
(`tiny_api` fixture). The project's own schema is exercised in test_view_real_schema.py."""

from __future__ import annotations

import logging

import graphene
import pytest
from django.http import Http404
from django.urls import path, resolve
from django.views.decorators.csrf import csrf_exempt

from personalization.api import trust, visitor_cookie
from personalization.api.errors import NotFound
from personalization.api.ratelimit import check_mutation_rate
from personalization.api.view import TailorGraphQLView

RESOLVED: list[str] = []  # every resolver run appends here: refusals must leave it empty
SECRET_SQL = 'SELECT "password" FROM "auth_user" WHERE id = 1'


class Node(graphene.ObjectType):
    name = graphene.String()
    child = graphene.Field(lambda: Node)
    children = graphene.List(lambda: Node, limit=graphene.Int(default_value=3))

    def resolve_name(self, info):
        RESOLVED.append("name")
        return "node"

    def resolve_child(self, info):
        RESOLVED.append("child")
        return Node()

    def resolve_children(self, info, limit):
        RESOLVED.append("children")
        return [Node() for _ in range(min(limit, 3))]


class Caller(graphene.ObjectType):
    """What the edge believes about whoever sent the request."""

    address = graphene.String()
    visitor_address = graphene.String()
    trusted = graphene.Boolean()
    country = graphene.String()
    user_agent = graphene.String()
    gpc = graphene.Boolean()
    dnt = graphene.Boolean()


class Query(graphene.ObjectType):
    node = graphene.Field(Node)
    nodes = graphene.List(Node, limit=graphene.Int())
    caller = graphene.Field(Caller)
    boom = graphene.String()
    missing = graphene.String()
    echo = graphene.String(text=graphene.String(required=True))

    def resolve_node(self, info):
        RESOLVED.append("node")
        return Node()

    def resolve_nodes(self, info, limit=None):
        RESOLVED.append("nodes")
        return [Node() for _ in range(min(limit or 10, 3))]

    def resolve_caller(self, info):
        request = info.context
        return Caller(
            address=trust.client_address(request),
            visitor_address=trust.visitor_address(request),
            trusted=trust.is_trusted_server(request),
            country=trust.cdn_country(request),
            user_agent=trust.request_user_agent(request),
            gpc=trust.request_gpc(request),
            dnt=trust.request_dnt(request),
        )

    def resolve_boom(self, info):
        raise RuntimeError(f"database exploded running {SECRET_SQL}")

    def resolve_missing(self, info):
        raise NotFound("No page has the path /nowhere/.", field="path")

    def resolve_echo(self, info, text):
        return text


class Mutation(graphene.ObjectType):
    ping = graphene.Boolean(visitor_id=graphene.String())
    remember = graphene.Boolean(visitor_id=graphene.String(required=True))

    def resolve_remember(self, info, visitor_id):
        visitor_cookie.remember(info.context, visitor_id)
        return True

    def resolve_ping(self, info, visitor_id=None):
        check_mutation_rate(info.context, visitor_id)  # as every real mutation resolver does
        RESOLVED.append("ping")
        return True


tiny_schema = graphene.Schema(query=Query, mutation=Mutation)

urlpatterns = [
    path("graphql/", csrf_exempt(TailorGraphQLView.as_view(schema=tiny_schema))),
    path("graphiql/", csrf_exempt(TailorGraphQLView.as_view(schema=tiny_schema, graphiql=True))),
]


@pytest.fixture
def tiny_api(settings):
    """Serve the tiny schema at /graphql/; forget earlier resolver runs."""
    settings.ROOT_URLCONF = __name__
    RESOLVED.clear()
    return RESOLVED


def codes(response) -> list[str]:
    return [error["extensions"]["code"] for error in response.json()["errors"]]


# --- errors --------------------------------------------------------------------------------------


def test_typename_answers_without_debug(tiny_api, graphql):
    response = graphql("{ __typename node { __typename name } }")
    assert response.status_code == 200
    assert response.json() == {
        "data": {"__typename": "Query", "node": {"__typename": "Node", "name": "node"}}
    }


def test_resolver_crash_is_internal_error_without_detail(tiny_api, graphql, caplog):
    with caplog.at_level(logging.ERROR, logger="personalization.api"):
        response = graphql('{ echo(text: "still here") boom }')
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"echo": "still here", "boom": None}
    assert body["errors"] == [
        {
            "message": "Internal error",
            "locations": [{"line": 1, "column": 28}],
            "path": ["boom"],
            "extensions": {"code": "INTERNAL_SERVER_ERROR"},
        }
    ]
    assert (
        "SELECT" not in response.content.decode() and "Traceback" not in response.content.decode()
    )
    logged = [record for record in caplog.records if record.name == "personalization.api"]
    assert logged and logged[0].exc_info and "database exploded" in str(logged[0].exc_info[1])


def test_client_error_keeps_its_code_and_message(tiny_api, graphql):
    response = graphql("{ missing }")
    assert response.status_code == 200
    assert response.json()["errors"][0]["message"] == "No page has the path /nowhere/."
    assert response.json()["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "path"}


def test_unknown_field_is_bad_user_input(tiny_api, graphql):
    response = graphql("{ node { salary } }")
    assert response.status_code == 400
    assert codes(response) == ["BAD_USER_INPUT"]
    assert "salary" in response.json()["errors"][0]["message"]
    assert tiny_api == []


def test_syntax_error_is_bad_user_input(tiny_api, graphql):
    response = graphql("{ node { name }")
    assert response.status_code == 400
    assert codes(response) == ["BAD_USER_INPUT"]
    assert response.json()["errors"][0]["message"].startswith("Syntax Error")


def test_variable_of_wrong_type_is_bad_user_input(tiny_api, graphql):
    response = graphql("query($t: String!) { echo(text: $t) }", {"t": {"not": "a string"}})
    assert response.status_code == 400
    assert codes(response) == ["BAD_USER_INPUT"]


def test_missing_required_variable_is_bad_user_input(tiny_api, graphql):
    response = graphql("query($t: String!) { echo(text: $t) }")
    assert response.status_code == 400
    assert codes(response) == ["BAD_USER_INPUT"]


def test_unknown_operation_name_is_bad_user_input(tiny_api, graphql):
    response = graphql("query A { __typename } query B { __typename }", operation_name="C")
    assert response.status_code == 400
    assert codes(response) == ["BAD_USER_INPUT"]
    assert "'C'" in response.json()["errors"][0]["message"]


def test_operation_name_picks_one_of_several(tiny_api, graphql):
    response = graphql(
        'query A { echo(text: "a") } query B { echo(text: "b") }', operation_name="B"
    )
    assert response.json() == {"data": {"echo": "b"}}


def test_several_operations_without_a_name_are_refused(tiny_api, graphql):
    response = graphql("query A { __typename } query B { __typename }")
    assert response.status_code == 400
    assert codes(response) == ["BAD_USER_INPUT"]


def test_cookie_asked_for_by_a_resolver_is_set_on_the_response(tiny_api, graphql):
    response = graphql('mutation { remember(visitorId: "v_0123456789abcdef") }')
    assert response.json() == {"data": {"remember": True}}
    cookie = response.cookies[visitor_cookie.COOKIE]
    assert cookie.value == "v_0123456789abcdef" and cookie["httponly"]


# --- introspection and GraphiQL ------------------------------------------------------------------

INTROSPECTION = "{ __schema { queryType { name } } }"


def test_introspection_is_refused_without_debug(tiny_api, graphql, settings):
    settings.DEBUG = False
    for query in (INTROSPECTION, '{ __type(name: "Node") { name } }'):
        response = graphql(query)
        assert response.status_code == 400
        assert codes(response) == ["FORBIDDEN"]
        assert "Introspection is disabled" in response.json()["errors"][0]["message"]


def test_introspection_inside_a_fragment_is_refused_without_debug(tiny_api, graphql, settings):
    settings.DEBUG = False
    response = graphql("{ ...F } fragment F on Query { __schema { types { name } } }")
    assert codes(response) == ["FORBIDDEN"]


def test_introspection_works_with_debug(tiny_api, graphql, settings):
    settings.DEBUG = True
    response = graphql(INTROSPECTION)
    assert response.json() == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


def test_graphiql_full_introspection_query_passes_the_limits_with_debug(
    tiny_api, graphql, settings
):
    from graphql import get_introspection_query

    settings.DEBUG = True
    response = graphql(get_introspection_query(descriptions=True), path="/graphiql/")
    assert response.status_code == 200, response.content
    assert response.json()["data"]["__schema"]["queryType"]["name"] == "Query"


def test_graphiql_is_not_found_without_debug(tiny_api, rf, settings):
    # Called directly: through the URL, Wagtail's redirect middleware would look the 404 up in
    # the database, which is not what this test is about.
    settings.DEBUG = False
    view = resolve("/graphiql/").func
    with pytest.raises(Http404):
        view(rf.get("/graphiql/", HTTP_ACCEPT="text/html"))
    with pytest.raises(Http404):
        view(
            rf.post("/graphiql/", data={"query": "{ __typename }"}, content_type="application/json")
        )


def test_graphiql_page_is_served_with_debug(tiny_api, client, settings):
    settings.DEBUG = True
    response = client.get("/graphiql/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"graphiql" in response.content.lower()


def test_graphql_endpoint_does_not_serve_graphiql(tiny_api, client, settings):
    settings.DEBUG = True
    response = client.get("/graphql/", HTTP_ACCEPT="text/html")
    assert response["Content-Type"] == "application/json"
    assert codes(response) == ["BAD_USER_INPUT"]
