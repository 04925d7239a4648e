"""What the fuzzer found, pinned: each answered as a client error, never INTERNAL_SERVER_ERROR."""

import pytest

from tests.api.shop import SERVER, codes, consent, shop  # noqa: F401

pytestmark = pytest.mark.usefixtures("shop")


@pytest.mark.parametrize(
    "arguments",
    [
        "limit: -2147483649",
        'limit: "x"',
        "offset: 99999999999999999999",
        "offset: -99999999999999999999",
        'offset: "x"',
        "limit: 1.5",
    ],
)
def test_an_out_of_range_or_wrong_typed_list_argument_is_bad_user_input(graphql, arguments):
    body = graphql(
        '{ personalizedPage(path: "/") { page { children(%s) { title } } } }' % arguments
    ).json()
    assert codes(body) == ["BAD_USER_INPUT"], body
    assert "not supported between" not in body["errors"][0]["message"]  # no Python text


def test_malformed_json_properties_as_a_literal_is_bad_user_input(graphql):
    vid = consent(graphql)
    body = graphql(
        'mutation { trackEvent(visitorId: "%s", type: "add_to_cart", properties: "{bad") { ok } }'
        % vid,
        headers=SERVER,
    ).json()
    assert codes(body) == ["BAD_USER_INPUT"], body


@pytest.mark.parametrize("now", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"])
def test_simulating_a_time_at_the_edge_of_the_calendar_is_not_an_internal_error(graphql, now):
    body = graphql(
        '{ personalizedPage(path: "/", simulate: {now: "%s"}) { content } }' % now, headers=SERVER
    ).json()
    assert "INTERNAL_SERVER_ERROR" not in codes(body), body


def test_raw_value_of_every_block_is_answered(graphql):
    body = graphql(
        '{ personalizedPage(path: "/") { page { ... on ContentPage { body { blockType rawValue } } } } }'
    ).json()
    assert "errors" not in body, body
    blocks = body["data"]["personalizedPage"]["page"]["body"]
    assert {b["blockType"] for b in blocks} >= {"CharBlock"} and len(blocks) > 1
    assert all(isinstance(b["rawValue"], str) for b in blocks)
