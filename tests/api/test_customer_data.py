"""Customer data from the site's server: setTraits, identify with traits, trackEvents, and rules
on traits and event properties that change what a visitor sees (issue 11)."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from personalization.profiles.models import Event, UserTraits, Visitor

from .shop import SERVER, ask, codes, consent, content

SITE = Path(__file__).with_name("customer_site.yaml")
SET_TRAITS = "mutation S($v: String, $u: String, $t: JSONString!) { setTraits(visitorId: $v, userKey: $u, traits: $t) }"
TRACK = """mutation B($e: [EventInput!]!) { trackEvents(events: $e) {
  accepted duplicates errors { index code message } } }"""


def _forget_compiled_rules():
    """Rule changes bump the version on commit, which never comes inside a test's transaction:
    drop this process's compiled rules so neither this site nor the next test's is seen stale."""
    from personalization.delivery import compiled
    from personalization.rules.current import forget_snapshots

    forget_snapshots()
    compiled._compiled.clear()


@pytest.fixture
def dealer(db):
    _forget_compiled_rules()
    call_command("load_site", str(SITE), verbosity=0)
    yield
    _forget_compiled_rules()


pytestmark = pytest.mark.usefixtures("dealer")


def title(graphql, vid):
    return content(ask(graphql, context={"visitorId": vid}, track=False)[2])["title"]


def set_traits(graphql, traits, visitor_id=None, user_key=None, headers=SERVER):
    return graphql(
        SET_TRAITS, {"v": visitor_id, "u": user_key, "t": json.dumps(traits)}, headers=headers
    ).json()


def track(graphql, events, headers=SERVER):
    return graphql(TRACK, {"e": events}, headers=headers).json()


def test_a_trait_condition_changes_the_decision(graphql):
    vid = consent(graphql)
    assert title(graphql, vid) == "Welcome"
    assert set_traits(graphql, {"plan": "pro"}, visitor_id=vid) == {"data": {"setTraits": True}}
    assert title(graphql, vid) == "Welcome back, pro"
    set_traits(graphql, {"plan": None}, visitor_id=vid)  # null removes the trait
    assert title(graphql, vid) == "Welcome"


def test_traits_of_a_user_key_reach_every_device_of_that_user(graphql):
    set_traits(
        graphql, {"plan": "team", "lifetime_value": 4200}, user_key="crm-42"
    )  # before any visit
    laptop, phone = consent(graphql), consent(graphql)
    identify = 'mutation I($v: String!) { identify(visitorId: $v, userKey: "crm-42") { visitorId traits } }'
    body = graphql(identify, {"v": laptop}, headers=SERVER).json()
    assert json.loads(body["data"]["identify"]["traits"]) == {
        "plan": "team",
        "lifetime_value": 4200,
    }
    graphql(identify, {"v": phone}, headers=SERVER)
    assert title(graphql, laptop) == title(graphql, phone) == "Welcome back, pro"


def test_identify_may_carry_traits(graphql):
    vid = consent(graphql)
    body = graphql(
        'mutation I($v: String!, $t: JSONString) { identify(visitorId: $v, userKey: "u-7", traits: $t) '
        "{ traits } }",
        {"v": vid, "t": json.dumps({"plan": "pro", "newsletter": True})},
        headers=SERVER,
    ).json()
    assert json.loads(body["data"]["identify"]["traits"]) == {"plan": "pro", "newsletter": True}
    assert UserTraits.objects.get(user_key="u-7").traits == {"plan": "pro", "newsletter": True}


@pytest.mark.parametrize(
    "traits,named",
    [
        ({"tier": "gold"}, "tier"),
        ({"lifetime_value": "lots"}, "lifetime_value"),
        ({"newsletter": "maybe"}, "newsletter"),
        ({"last_order": "yesterday"}, "last_order"),
        ({"models_owned": {"a": 1}}, "models_owned"),
    ],
)
def test_trait_values_are_checked_against_the_declared_type(graphql, traits, named):
    vid = consent(graphql)
    body = set_traits(graphql, traits, visitor_id=vid)
    assert codes(body) == ["BAD_USER_INPUT"]
    assert (
        named in body["errors"][0]["message"] and body["errors"][0]["extensions"]["trait"] == named
    )
    assert Visitor.objects.get(public_id=vid).traits == {}


def test_set_traits_needs_the_server_key_and_stores_nothing_without_consent(graphql):
    vid = consent(graphql)
    assert codes(set_traits(graphql, {"plan": "pro"}, visitor_id=vid, headers={})) == ["FORBIDDEN"]
    assert codes(set_traits(graphql, {"plan": "pro"}, visitor_id=vid, user_key="x")) == [
        "BAD_USER_INPUT"
    ]
    stranger = "never-consented-visitor-id"
    assert set_traits(graphql, {"plan": "pro"}, visitor_id=stranger) == {
        "data": {"setTraits": False}
    }
    assert not Visitor.objects.filter(public_id=stranger).exists()


def test_export_and_erasure_cover_traits(graphql):
    vid = consent(graphql)
    graphql(
        'mutation I($v: String!) { identify(visitorId: $v, userKey: "gone-1") { visitorId } }',
        {"v": vid},
        headers=SERVER,
    )
    set_traits(graphql, {"plan": "pro"}, visitor_id=vid)
    body = graphql("query V($v: String!) { visitor(visitorId: $v) { traits } }", {"v": vid}).json()
    assert json.loads(body["data"]["visitor"]["traits"]) == {"plan": "pro"}
    assert graphql("mutation F($v: String!) { forgetVisitor(visitorId: $v) }", {"v": vid}).json()[
        "data"
    ]["forgetVisitor"]
    assert not UserTraits.objects.filter(user_key="gone-1").exists()
    assert not Visitor.objects.filter(public_id=vid).exists()


def test_withdrawing_personalization_consent_erases_the_visitors_traits(graphql):
    vid = consent(graphql)
    set_traits(graphql, {"plan": "pro"}, visitor_id=vid)
    graphql(
        "mutation C($v: String) { setConsent(visitorId: $v, personalization: false, analytics: true) { visitorId } }",
        {"v": vid},
        headers=SERVER,
    )
    assert Visitor.objects.get(public_id=vid).traits == {}


def test_a_batch_with_3_bad_items_stores_the_other_997_and_reports_the_3(graphql):
    vid = consent(graphql)
    events = [{"visitorId": vid, "type": "page_read", "eventId": f"e-{i}"} for i in range(1000)]
    events[10] = {"visitorId": vid, "type": "bad type!", "eventId": "bad-1"}
    events[500] = {"visitorId": vid, "type": "purchase", "value": 10, "at": "2999-01-01T00:00:00Z"}
    events[999] = {"type": "purchase"}  # whose?
    result = track(graphql, events)["data"]["trackEvents"]
    assert result["accepted"] == 997 and result["duplicates"] == 0
    assert [(e["index"], e["code"]) for e in result["errors"]] == [
        (10, "BAD_USER_INPUT"),
        (500, "BAD_USER_INPUT"),
        (999, "BAD_USER_INPUT"),
    ]
    assert "type" in result["errors"][0]["message"] and "future" in result["errors"][1]["message"]
    assert Event.objects.filter(visitor__public_id=vid).count() == 997


def test_a_replayed_batch_stores_nothing_twice(graphql):
    vid = consent(graphql)
    events = [
        {"visitorId": vid, "type": "purchase", "value": 10.0, "eventId": f"order-{i}"}
        for i in range(50)
    ]
    first = track(graphql, events)["data"]["trackEvents"]
    again = track(graphql, events + [events[0]])["data"]["trackEvents"]
    assert (first["accepted"], first["duplicates"]) == (50, 0)
    assert (again["accepted"], again["duplicates"], again["errors"]) == (0, 51, [])
    assert Event.objects.filter(visitor__public_id=vid).count() == 50


def test_events_for_a_visitor_without_consent_are_reported_and_not_stored(graphql):
    vid = consent(graphql)
    result = track(
        graphql,
        [
            {"visitorId": "no-such-visitor-0001", "type": "purchase"},
            {"userKey": "nobody", "type": "purchase"},
            {"visitorId": vid, "type": "purchase"},
        ],
    )["data"]["trackEvents"]
    assert result["accepted"] == 1
    assert [(e["index"], e["code"]) for e in result["errors"]] == [
        (0, "NOT_FOUND"),
        (1, "NOT_FOUND"),
    ]
    assert Event.objects.count() == 1


def test_events_by_user_key_go_to_that_users_merged_profile(graphql):
    laptop = consent(graphql)
    graphql(
        'mutation I($v: String!) { identify(visitorId: $v, userKey: "buyer-9") { visitorId } }',
        {"v": laptop},
        headers=SERVER,
    )
    result = track(
        graphql,
        [
            {"userKey": "buyer-9", "type": "purchase", "value": 600, "eventId": "o-1"},
            {"userKey": "buyer-9", "type": "purchase", "value": 700, "eventId": "o-2"},
        ],
    )
    assert result["data"]["trackEvents"]["accepted"] == 2
    assert title(graphql, laptop) == "Thank you for your loyalty"


def test_event_properties_in_rules(graphql):
    vid = consent(graphql)
    track(
        graphql,
        [
            {
                "visitorId": vid,
                "type": "purchase",
                "value": 300,
                "properties": json.dumps({"category": "SUV"}),
            }
        ],
    )
    assert title(graphql, vid) == "Accessories for your SUV"


def test_track_events_needs_the_server_key_and_at_most_1000_events(graphql):
    vid = consent(graphql)
    assert codes(track(graphql, [{"visitorId": vid, "type": "x"}], headers={})) == ["FORBIDDEN"]
    assert codes(track(graphql, [{"visitorId": vid, "type": "x"}] * 1001)) == ["BAD_USER_INPUT"]
    assert Event.objects.count() == 0


def test_a_trait_condition_on_an_undeclared_trait_is_a_load_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "segments:\n  - {slug: gold, name: Gold, rules: {trait: {name: tier, equals: gold}}}\n"
    )
    with pytest.raises(Exception, match="tier"):
        call_command("load_site", str(bad), verbosity=0)


def test_a_replayed_batch_without_event_ids_stores_nothing_twice_when_events_carry_their_time(
    graphql,
):
    vid = consent(graphql)
    events = [
        {
            "visitorId": vid,
            "type": "purchase",
            "value": 10.0 + i,
            "at": f"2026-11-0{1 + i % 9}T10:00:00Z",
            "properties": json.dumps({"category": "suv", "order": {"lines": i}}),
        }
        for i in range(30)
    ]
    first = track(graphql, events)["data"]["trackEvents"]
    # The same events again, the time written another way and the properties in another order.
    replay = [
        {
            **e,
            "at": e["at"].replace("Z", "+00:00"),
            "properties": json.dumps(dict(reversed(json.loads(e["properties"]).items()))),
        }
        for e in events
    ]
    again = track(graphql, replay)["data"]["trackEvents"]
    assert (first["accepted"], first["duplicates"]) == (30, 0)
    assert (again["accepted"], again["duplicates"], again["errors"]) == (0, 30, [])
    one_more = track(graphql, [{**events[0], "value": 99.0}])["data"]["trackEvents"]
    assert one_more["accepted"] == 1, "another value is another event"
    assert Event.objects.filter(visitor__public_id=vid).count() == 31


def test_events_without_event_id_or_time_are_each_stored(graphql):
    vid = consent(graphql)
    events = [{"visitorId": vid, "type": "page_read"}] * 3
    assert track(graphql, events)["data"]["trackEvents"]["accepted"] == 3, (
        "stamped on arrival: no key to dedupe on"
    )
    assert track(graphql, events)["data"]["trackEvents"]["accepted"] == 3
