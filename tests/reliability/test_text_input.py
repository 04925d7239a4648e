"""Hostile text in any argument is cleaned at the edge: stored the same on SQLite and PostgreSQL
(the suite runs on both), never an internal error. Issue 12, finding 1."""

import json

import pytest

from personalization.api.text_input import clean_text, clean_value
from personalization.profiles.models import Event
from tests.api.shop import SERVER, ask, codes, consent, shop  # noqa: F401

pytestmark = pytest.mark.usefixtures("shop")

NUL, SURROGATE = "\u0000", "\ud800"


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        ("plain", "plain"),
        ("a\u0000b", "ab"),
        ("tab\tnew\nline\r", "tab\tnew\nline\r"),
        ("bell\u0007del\u007f", "belldel"),
        ("lone\ud800", "lone\ufffd"),
        ("émoji 😀", "émoji 😀"),
    ],
)
def test_clean_text_drops_control_characters_and_replaces_lone_surrogates(raw, cleaned):
    assert clean_text(raw) == cleaned


def test_clean_value_reaches_into_json_keys_lists_and_dicts():
    assert clean_value({"k\u0000": ["v\u0000", {"x": "\ud800"}], "n": 1}) == {
        "k": ["v", {"x": "\ufffd"}],
        "n": 1,
    }


def _ok(body):
    assert "INTERNAL_SERVER_ERROR" not in json.dumps(body), body
    return body


def test_nul_in_a_consented_visitors_landing_url_is_stored_without_it(graphql):
    vid = consent(graphql)
    response, body, page = ask(
        graphql,
        context={
            "visitorId": vid,
            "url": f"https://x.test/?utm_source=a{NUL}b",
            "referrer": f"https://ref{NUL}.test/",
        },
    )
    _ok(body)
    assert response.status_code == 200 and page is not None


@pytest.mark.parametrize("text", [NUL, SURROGATE, f"x{NUL}y{SURROGATE}"])
def test_hostile_text_in_event_fields_is_stored_cleaned(graphql, text):
    vid = consent(graphql)
    mutation = (
        "mutation T($v: String!, $p: String, $e: String, $props: JSONString) { trackEvent(visitorId: $v, "
        'type: "download", path: $p, eventId: $e, properties: $props) { ok } }'
    )
    body = _ok(
        graphql(
            mutation,
            {
                "v": vid,
                "p": f"/prices/{text}",
                "e": f"id-{text}",
                "props": json.dumps({f"k{text}": f"v{text}"}),
            },
        ).json()
    )
    assert body["data"]["trackEvent"]["ok"] is True
    event = Event.objects.get()
    assert NUL not in json.dumps(event.properties) and "\\ud800" not in json.dumps(event.properties)


def test_hostile_text_as_a_query_literal_is_cleaned_too(graphql):
    vid = consent(graphql)
    mutation = 'mutation T($v: String!) { trackEvent(visitorId: $v, type: "download", eventId: "a\\u0000b") { ok } }'
    assert _ok(graphql(mutation, {"v": vid}).json())["data"]["trackEvent"]["ok"] is True


def test_hostile_text_in_declare_and_identify_is_no_internal_error(graphql):
    vid = consent(graphql)
    _ok(
        graphql(
            "mutation D($v: String!, $i: [String!]) { declare(visitorId: $v, interests: $i) { interests } }",
            {"v": vid, "i": [f"bikes{NUL}", SURROGATE]},
        ).json()
    )
    body = _ok(
        graphql(
            "mutation I($v: String!, $k: String!) { identify(visitorId: $v, userKey: $k) { visitorId } }",
            {"v": vid, "k": f"user{NUL}{SURROGATE}"},
            headers=SERVER,
        ).json()
    )
    assert body.get("data", {}).get("identify") or codes(body) == ["BAD_USER_INPUT"]


def test_a_lone_surrogate_in_a_path_is_a_missing_page_or_bad_input_never_an_error(graphql):
    response, body, page = ask(graphql, path=f"/prices{SURROGATE}/")
    _ok(body)
    assert response.status_code < 500 and page is None
