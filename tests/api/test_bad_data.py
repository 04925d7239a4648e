"""Bad data never sinks a batch, never bricks a visitor (issue 25, findings 1 to 5): every value
a database could not store or read back is refused for its own item, with BAD_USER_INPUT, before
anything is written; the good items of the batch are stored; the visitor stays readable and
erasable. Runs on SQLite and PostgreSQL like the rest of the suite."""

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.management import call_command

from personalization.preview import SALT
from personalization.profiles.models import Event, Visitor

from .shop import SERVER, ask, codes, consent

SITE = Path(__file__).with_name("customer_site.yaml")
TRACK = """mutation B($e: [EventInput!]!) { trackEvents(events: $e) {
  accepted duplicates errors { index code message } } }"""
SET_TRAITS = "mutation S($v: String, $t: JSONString!) { setTraits(visitorId: $v, traits: $t) }"
YEAR_ONE = "0001-01-01T00:30:00+01:00"
HUGE = int("9" * 310)


@pytest.fixture(autouse=True)
def dealer(db):
    call_command("load_site", str(SITE), verbosity=0)


def track(graphql, events):
    body = graphql(TRACK, {"e": events}, headers=SERVER).json()
    assert "errors" not in body, body
    return body["data"]["trackEvents"]


def post_events(client, events):
    """POST /api/events/ with a body written by hand (json.dumps writes NaN and Infinity)."""
    return client.post(
        "/api/events/",
        data=json.dumps({"events": events}),
        content_type="application/json",
        headers=SERVER,
    )


def refused(result):
    return [(e["index"], e["code"]) for e in result["errors"]]


def readable_and_erasable(graphql, vid):
    """What finding 1 broke: the visitor can still be read, declared to and erased (0 rows)."""
    visitor = graphql(
        "query V($v: String!) { visitor(visitorId: $v) { visitorId events { type } } }",
        {"v": vid},
    ).json()
    assert "errors" not in visitor, visitor
    declared = graphql(
        'mutation D($v: String!) { declare(visitorId: $v, interests: ["suv"]) { visitorId } }',
        {"v": vid},
    ).json()
    assert "errors" not in declared, declared
    forgot = graphql("mutation F($v: String!) { forgetVisitor(visitorId: $v) }", {"v": vid}).json()
    assert forgot == {"data": {"forgetVisitor": True}}, forgot
    assert not Visitor.objects.filter(public_id=vid).exists()
    assert not Event.objects.filter(visitor__public_id=vid).exists()


def good(vid, n=0):
    return {"visitorId": vid, "type": "page_read", "eventId": f"good-{n}"}


@pytest.mark.parametrize(
    "at",
    [YEAR_ONE, "0001-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2100-01-01T00:00:00Z"],
)
def test_a_time_outside_1970_to_2100_is_refused_for_its_item_and_the_visitor_stays_readable(
    graphql, at
):
    vid = consent(graphql)
    result = track(graphql, [good(vid, 0), {"visitorId": vid, "type": "buy", "at": at}])
    assert result["accepted"] == 1 and refused(result) == [(1, "BAD_USER_INPUT")], result
    assert ("1970-01-01" if at < "2000" else "future") in result["errors"][0]["message"]
    assert Event.objects.filter(visitor__public_id=vid).count() == 1
    readable_and_erasable(graphql, vid)


def test_a_year_one_time_for_an_unknown_visitor_is_refused_not_an_internal_error(graphql, client):
    stranger = {"visitorId": "nobody-at-all-1", "type": "buy", "at": YEAR_ONE}
    assert refused(track(graphql, [stranger])) == [(0, "BAD_USER_INPUT")]
    response = post_events(client, [stranger])
    assert response.status_code == 200 and refused(response.json()) == [(0, "BAD_USER_INPUT")]


def test_the_edges_of_the_time_range_are_stored(graphql):
    vid = consent(graphql)
    result = track(graphql, [{"visitorId": vid, "type": "old", "at": "1970-01-01T00:00:00Z"}])
    assert result["accepted"] == 1, result
    readable_and_erasable(graphql, vid)


@pytest.mark.parametrize(
    "properties",
    [
        {"price": float("nan")},
        {"price": float("inf")},
        {"deep": {"price": [float("-inf")]}},
        '{"price": NaN}',
        '{"price": Infinity}',
        '{"price": 1e999}',
    ],
)
def test_nan_or_infinity_in_properties_is_refused_for_its_item_only(graphql, client, properties):
    vid = consent(graphql)
    bad = {"visitorId": vid, "type": "buy", "properties": properties}
    result = track(graphql, [good(vid, 0), bad, good(vid, 2)])
    assert result["accepted"] == 2 and refused(result) == [(1, "BAD_USER_INPUT")], result
    response = post_events(client, [good(vid, 3), bad])
    assert response.status_code == 200 and refused(response.json()) == [(1, "BAD_USER_INPUT")]
    assert Event.objects.filter(visitor__public_id=vid).count() == 3
    readable_and_erasable(graphql, vid)


@pytest.mark.parametrize("properties", ['{"price": NaN}', '{"price": 1e999}'])
def test_a_single_track_event_with_nan_properties_is_bad_user_input(graphql, properties):
    vid = consent(graphql)
    body = graphql(
        'mutation T($v: String!, $p: JSONString) { trackEvent(visitorId: $v, type: "buy", properties: $p) { ok } }',
        {"v": vid, "p": properties},
    ).json()
    assert codes(body) == ["BAD_USER_INPUT"], body
    assert not Event.objects.filter(visitor__public_id=vid).exists()


@pytest.mark.parametrize("value", [HUGE, -HUGE, 2**53, float("nan"), float("inf")])
def test_a_value_too_large_or_not_finite_is_refused_for_its_item_over_rest(graphql, client, value):
    vid = consent(graphql)
    response = post_events(client, [good(vid), {"visitorId": vid, "type": "buy", "value": value}])
    assert response.status_code == 200, response.content[:200]
    result = response.json()
    assert result["accepted"] == 1 and refused(result) == [(1, "BAD_USER_INPUT")], result
    readable_and_erasable(graphql, vid)


def test_the_largest_stated_value_is_stored(client, graphql):
    vid = consent(graphql)
    result = post_events(client, [{"visitorId": vid, "type": "buy", "value": 2**53 - 1}]).json()
    assert result["accepted"] == 1, result


@pytest.mark.parametrize(
    "properties",
    [
        "{bad",
        "[1, 2]",
        '"text"',
        json.dumps({"a": "x" * 5000}),
        json.dumps({"a": [[[[[[[[[1]]]]]]]]]}),  # nested 10 deep
        "[" * 3000 + "]" * 3000,
        [1, 2],
        5,
    ],
)
def test_one_malformed_properties_in_a_graphql_batch_is_that_items_error(
    graphql, client, properties
):
    vid = consent(graphql)
    bad = {"visitorId": vid, "type": "buy", "properties": properties}
    result = track(graphql, [good(vid, 0), bad, good(vid, 2)])
    assert result["accepted"] == 2 and refused(result) == [(1, "BAD_USER_INPUT")], result
    assert "properties" in result["errors"][0]["message"]
    over_rest = post_events(client, [good(vid, 3), bad]).json()
    assert refused(over_rest) == [(1, "BAD_USER_INPUT")], over_rest


def test_properties_nested_hundreds_of_levels_over_rest_are_that_items_error(graphql, client):
    vid = consent(graphql)
    deep = "[" * 900 + "]" * 900
    body = '{"events": [{"visitorId": "%s", "type": "buy", "properties": {"a": %s}}, %s]}' % (
        vid,
        deep,
        json.dumps(good(vid)),
    )
    response = client.post(
        "/api/events/", data=body, content_type="application/json", headers=SERVER
    )
    assert response.status_code == 200, response.content[:200]
    assert refused(response.json()) == [(0, "BAD_USER_INPUT")]
    assert response.json()["accepted"] == 1


def test_properties_may_be_sent_as_an_object_or_as_json_text(graphql):
    vid = consent(graphql)
    result = track(
        graphql,
        [
            {"visitorId": vid, "type": "buy", "eventId": "o", "properties": {"category": "SUV"}},
            {"visitorId": vid, "type": "buy", "eventId": "t", "properties": '{"category": "SUV"}'},
        ],
    )
    assert result["accepted"] == 2, result
    stored = Event.objects.filter(visitor__public_id=vid).values_list("properties", flat=True)
    assert list(stored) == [{"category": "SUV"}] * 2
    literal = graphql(
        'mutation { trackEvents(events: [{visitorId: "%s", type: "buy", properties: {category: "van"}},'
        ' {visitorId: "%s", type: "buy", properties: "{bad"}]) { accepted errors { index code } } }'
        % (vid, vid),
        headers=SERVER,
    ).json()
    assert literal["data"]["trackEvents"] == {
        "accepted": 1,
        "errors": [{"index": 1, "code": "BAD_USER_INPUT"}],
    }, literal


def test_nul_characters_over_rest_are_removed_as_over_graphql(graphql, client):
    vid = consent(graphql)
    result = post_events(
        client,
        [{"visitorId": vid, "type": "buy", "path": "/a\x00b/", "properties": {"k\x00": "v\x00"}}],
    ).json()
    assert result["accepted"] == 1, result
    event = Event.objects.get(visitor__public_id=vid)
    assert (event.path, event.properties) == ("/ab/", {"k": "v"})
    readable_and_erasable(graphql, vid)


# Finding 4: traits and preview tokens.


def set_traits(graphql, vid, text):
    return graphql(SET_TRAITS, {"v": vid, "t": text}, headers=SERVER).json()


@pytest.mark.parametrize("text", ["null", "[]", '"plan"', "5"])
def test_set_traits_with_json_that_is_not_an_object_is_bad_user_input(graphql, text):
    vid = consent(graphql)
    assert codes(set_traits(graphql, vid, text)) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    "traits",
    [
        {"plan": 5},
        {"lifetime_value": "5"},
        {"newsletter": "true"},
        {"last_order": 20261101},
        {"models_owned": "a|b"},
        {"models_owned": ["a", 1]},
        {"lifetime_value": HUGE},
        {"lifetime_value": True},
    ],
)
def test_a_trait_value_of_another_json_type_is_refused_naming_the_trait(graphql, traits):
    vid = consent(graphql)
    body = set_traits(graphql, vid, json.dumps(traits))
    assert codes(body) == ["BAD_USER_INPUT"], body
    assert body["errors"][0]["extensions"]["trait"] == next(iter(traits))
    assert Visitor.objects.get(public_id=vid).traits == {}


def test_trait_values_of_their_own_type_are_stored(graphql):
    vid = consent(graphql)
    values = {
        "plan": "pro",
        "lifetime_value": 1200.5,
        "newsletter": True,
        "last_order": "2026-11-01",
        "models_owned": ["xc90"],
    }
    assert set_traits(graphql, vid, json.dumps(values)) == {"data": {"setTraits": True}}
    assert Visitor.objects.get(public_id=vid).traits == values


def test_csv_trait_cells_are_still_read_as_their_declared_type(tmp_path):
    csv = tmp_path / "traits.csv"
    csv.write_text("user_key,lifetime_value,newsletter,models_owned\nu-1,5,true,a|b\n")
    call_command("import_traits", str(csv), verbosity=0)
    from personalization.profiles.models import UserTraits

    assert UserTraits.objects.get(user_key="u-1").traits == {
        "lifetime_value": 5,
        "newsletter": True,
        "models_owned": ["a", "b"],
    }


@pytest.mark.parametrize("payload", [{"u": [1], "p": 1}, {"u": "1", "p": 1}, {"u": 10**30, "p": 1}])
def test_a_signed_preview_token_with_a_malformed_payload_is_forbidden(graphql, payload):
    get_user_model().objects.create_superuser("boss", "boss@example.com", "x")
    token = signing.TimestampSigner(salt=SALT).sign_object(payload)
    _, body, _ = ask(graphql, path="/", previewToken=token)
    assert codes(body) == ["FORBIDDEN"], body


def test_import_events_refuses_the_same_bad_lines_and_keeps_the_good_ones(graphql, tmp_path):
    vid = consent(graphql)
    lines = [
        json.dumps({"visitorId": vid, "type": "buy", "eventId": "ok-1"}),
        json.dumps({"visitorId": vid, "type": "buy", "at": YEAR_ONE}),
        '{"visitorId": "%s", "type": "buy", "properties": {"p": NaN}}' % vid,
        '{"visitorId": "%s", "type": "buy", "value": %d}' % (vid, HUGE),
        "[" * 5000 + "]" * 5000,
        json.dumps({"visitorId": vid, "type": "buy", "eventId": "ok-2", "path": "/a\u0000/"}),
    ]
    source = tmp_path / "events.jsonl"
    source.write_text("\n".join(lines) + "\n")
    call_command("import_events", str(source), verbosity=0)
    stored = Event.objects.filter(visitor__public_id=vid)
    assert sorted(stored.values_list("client_event_id", flat=True)) == ["ok-1", "ok-2"]
    assert stored.get(client_event_id="ok-2").path == "/a/"
    readable_and_erasable(graphql, vid)
