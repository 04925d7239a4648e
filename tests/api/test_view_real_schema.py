"""The HTTP edge around the project's own schema, through the site's real URLs (cms.urls).

The contract's queries must pass the limits; abusive ones must be refused before any resolver
(and so before any database query) runs: tests without the django_db mark would fail on the
first query, since pytest-django blocks the database for them."""

from __future__ import annotations

import json

import pytest
from graphql import get_introspection_query, parse, validate

from personalization.api.limits import validation_rules
from personalization.api.schema import schema

FULL_PAGE_QUERY = """
query Page($path: String!, $context: VisitorContextInput) {
  personalizedPage(path: $path, context: $context) {
    content
    variant { id name persona stage segment arm }
    decision {
      visitorId profiling segments device channel reasons cacheKey
      persona { slug name description }
      stage { slug name order }
      location { countryCode country region regionCode city metroCode continent timezone eu }
    }
  }
  personas { slug name description }
  journeyStages { slug name order }
  recommendations(visitorId: "v", path: "/") { path title reason }
  visitor(visitorId: "v") {
    visitorId firstSeen lastSeen visitCount pageViews declaredPersona interests
    persona { slug name } stage { slug name order }
    consent { personalization analytics }
    events { type path value at variantId }
  }
}
"""


def codes(response) -> list[str]:
    return [error["extensions"]["code"] for error in response.json()["errors"]]


def test_every_contract_field_at_once_passes_the_limits():
    errors = validate(
        schema.graphql_schema, parse(FULL_PAGE_QUERY), validation_rules({"path": "/"})
    )
    assert errors == []


def test_typename_answers(graphql):
    assert graphql("{ __typename }").json() == {"data": {"__typename": "Query"}}


def test_a_huge_event_export_is_refused_before_the_database(graphql):
    response = graphql('{ visitor(visitorId: "v") { events(limit: 100000) { type path } } }')
    assert response.status_code == 400
    assert codes(response) == ["QUERY_TOO_COMPLEX"]


def test_fifty_one_aliases_are_refused(graphql):
    query = "{ " + " ".join(f"p{n}: personas {{ slug }}" for n in range(51)) + " }"
    assert codes(graphql(query)) == ["QUERY_TOO_COMPLEX"]


def test_introspection_is_refused_without_debug(graphql, settings):
    settings.DEBUG = False
    assert codes(graphql("{ __schema { types { name } } }")) == ["FORBIDDEN"]


def test_graphiql_introspection_passes_with_debug(graphql, settings):
    settings.DEBUG = True
    response = graphql(get_introspection_query(descriptions=True), path="/graphiql/")
    assert response.status_code == 200, response.content
    names = {t["name"] for t in response.json()["data"]["__schema"]["types"]}
    assert {"PersonalizedPage", "Decision", "VisitorContextInput"} <= names


def test_bad_json_is_bad_user_input(client):
    response = client.post("/graphql/", data="{nope", content_type="application/json")
    assert response.status_code == 400
    assert codes(response) == ["BAD_USER_INPUT"]


def test_form_posted_mutation_is_refused_before_the_database(client):
    query = 'mutation { forgetVisitor(visitorId: "v-1") }'
    response = client.post("/graphql/", data={"query": query})
    assert response.status_code == 415
    assert codes(response) == ["BAD_USER_INPUT"]


def test_wrong_server_key_is_unauthenticated(graphql):
    response = graphql("{ personas { slug } }", headers={"Authorization": "Bearer not-the-key"})
    assert response.status_code == 401
    assert codes(response) == ["UNAUTHENTICATED"]


@pytest.mark.django_db
def test_set_consent_after_the_limit_is_rate_limited(client, settings):
    settings.PERSONALIZATION_RATE_LIMIT = 2
    body = json.dumps(
        {
            "query": "mutation { setConsent(personalization: false, analytics: false) { consent { analytics } } }"
        }
    )
    answers = [
        client.post(
            "/graphql/", data=body, content_type="application/json", REMOTE_ADDR="203.0.113.77"
        )
        for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert codes(answers[2]) == ["RATE_LIMITED"]
