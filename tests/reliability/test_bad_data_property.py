"""A property that cannot regress (issue 25, Build 2), on SQLite and PostgreSQL: a batch of events
with any mix of good and bad items, sent over GraphQL (`trackEvents`) or over REST
(`POST /api/events/`), stores exactly the good ones and reports exactly the bad ones by index;
whatever was accepted, the visitor stays readable (the export and a decision), and erasable
with no row left in any table that refers to a visitor.

Good items are drawn across the whole accepted range of profiles/data_limits.py (times from 1970
to now with any offset, numbers up to 2**53 - 1, nested JSON with NUL characters and lone
surrogates); bad items carry one defect each. `make test` runs PROPERTY_EXAMPLES (default 200);
`make fuzz` runs more."""

import json
import os
from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from personalization.profiles.data_limits import (
    MAX_ABS_NUMBER,
    MAX_JSON_BYTES,
    MAX_JSON_DEPTH,
)
from personalization.profiles.models import Event, Visitor
from tests.api.shop import SERVER, consent

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "200"))
SITE = os.path.join(os.path.dirname(__file__), "..", "api", "customer_site.yaml")
TRACK = """mutation B($e: [EventInput!]!) { trackEvents(events: $e) {
  accepted duplicates errors { index code } } }"""
EXPORT = """query V($v: String!) { visitor(visitorId: $v) {
  visitorId traits events(limit: 1000) { type path value at } } }"""
PAGE = """query P($v: String!) { personalizedPage(path: "/", context: {visitorId: $v}, track: false) {
  content decision { reasons } } }"""
FORGET = "mutation F($v: String!) { forgetVisitor(visitorId: $v) }"

NOW = datetime.now(UTC)
OFFSETS = st.sampled_from(
    [UTC, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12)), timezone(timedelta(0))]
)
text = st.text(max_size=12)  # NUL, controls and lone surrogates included: they are cleaned
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-MAX_ABS_NUMBER, MAX_ABS_NUMBER),
    st.floats(-MAX_ABS_NUMBER, MAX_ABS_NUMBER, allow_nan=False, allow_infinity=False),
    text,
)


def nested(depth: int):
    """JSON values nested at most `depth` levels below the top object."""
    if depth == 0:
        return scalars
    inner = nested(depth - 1)
    return st.one_of(
        scalars,
        st.lists(inner, max_size=3),
        st.dictionaries(text, inner, max_size=3),
    )


good_properties = st.dictionaries(text, nested(3), max_size=4) | st.just(
    {"deep": json.loads("[" * (MAX_JSON_DEPTH - 1) + "1" + "]" * (MAX_JSON_DEPTH - 1))}
)


@st.composite
def good_event(draw, vid: str, n: int) -> dict:
    event = {
        "visitorId": vid,
        "type": draw(st.from_regex(r"[A-Za-z0-9_.:\-]{1,20}", fullmatch=True)),
    }
    event["eventId"] = f"good-{n}"
    if draw(st.booleans()):
        event["value"] = draw(
            st.integers(-MAX_ABS_NUMBER, MAX_ABS_NUMBER)
            | st.floats(-MAX_ABS_NUMBER, MAX_ABS_NUMBER, allow_nan=False)
        )
    if draw(st.booleans()):
        moment = draw(
            st.datetimes(
                min_value=datetime(1970, 1, 2),
                max_value=NOW.replace(tzinfo=None) - timedelta(days=1),
            )
        )
        event["at"] = moment.replace(tzinfo=UTC).astimezone(draw(OFFSETS)).isoformat()
    if draw(st.booleans()):
        event["path"] = draw(st.sampled_from(["/", "/prices/", "/a/b/"]))
    if draw(st.booleans()):
        properties = draw(good_properties)
        if (
            len(json.dumps(properties, ensure_ascii=False).encode("utf-8", "replace"))
            < MAX_JSON_BYTES
        ):
            event["properties"] = json.dumps(properties) if draw(st.booleans()) else properties
    return event


# One defect each. Over GraphQL the defect must survive graphql's own typing (a string for a
# Float refuses the whole operation, as graphql-api.md says): those are marked "rest".
DEFECTS = [
    ("both", {"at": "0001-01-01T00:30:00+01:00"}),
    ("both", {"at": "1969-12-31T23:59:59+00:00"}),
    ("both", {"at": "2100-01-01T00:00:00+00:00"}),
    ("both", {"at": "9999-12-31T23:59:59-12:00"}),
    ("both", {"value": 1e300}),
    ("both", {"value": -float(MAX_ABS_NUMBER + 2)}),
    ("rest", {"value": int("9" * 310)}),
    ("rest", {"value": float("nan")}),
    ("rest", {"value": float("inf")}),
    ("rest", {"value": "12"}),
    ("both", {"properties": {"price": float("nan")}}),
    ("both", {"properties": '{"price": Infinity}'}),
    ("both", {"properties": "{bad"}),
    ("both", {"properties": "[1]"}),
    ("both", {"properties": {"a": "x" * (MAX_JSON_BYTES + 1)}}),
    (
        "both",
        {"properties": json.loads('{"a":' + "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH + "}")},
    ),
    ("both", {"type": "bad type!"}),
    ("both", {"visitorId": None}),
    ("both", {"path": "no-slash"}),
    ("both", {"variantId": "page:x"}),
    ("rest", {"surprise": 1}),
]


@st.composite
def bad_event(draw, vid: str, n: int, transport: str) -> dict:
    defects = [d for where, d in DEFECTS if where == "both" or where == transport]
    event = {
        "visitorId": vid,
        "type": "purchase",
        "eventId": f"bad-{n}",
        **draw(st.sampled_from(defects)),
    }
    return {key: value for key, value in event.items() if value is not None}


@st.composite
def batches(draw, vid: str):
    transport = draw(st.sampled_from(["graphql", "rest"]))
    kinds = draw(st.lists(st.booleans(), min_size=1, max_size=8))  # True: good
    items = [
        draw(good_event(vid, n)) if good else draw(bad_event(vid, n, transport))
        for n, good in enumerate(kinds)
    ]
    return transport, kinds, items


@pytest.fixture
def dealer(db, settings):
    settings.PERSONALIZATION_RATE_LIMIT = 0  # hundreds of mutations from one test address
    call_command("load_site", SITE, verbosity=0)


def send(client, graphql, transport: str, items: list) -> dict:
    if transport == "rest":
        response = client.post(
            "/api/events/",
            data=json.dumps({"events": items}),
            content_type="application/json",
            headers=SERVER,
        )
        assert response.status_code == 200, response.content[:300]
        return response.json()
    body = graphql(TRACK, {"e": items}, headers=SERVER).json()
    assert "errors" not in body, body
    return body["data"]["trackEvents"]


def rows_left(pk: int) -> dict[str, int]:
    """Rows of every table that refers to a visitor, for this visitor's old primary key."""
    counts = {"Visitor": Visitor.objects.filter(pk=pk).count()}
    for relation in Visitor._meta.related_objects:
        model = relation.related_model
        counts[model.__name__] = model._default_manager.filter(**{relation.field.name: pk}).count()
    return {name: n for name, n in counts.items() if n}


@pytest.mark.usefixtures("dealer")
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize="FUZZ_SEED" not in os.environ,
    suppress_health_check=list(HealthCheck),
)
@given(data=st.data())
def test_a_batch_stores_exactly_its_good_items_and_the_visitor_stays_readable_and_erasable(
    client, graphql, data
):
    vid = consent(graphql)
    pk = Visitor.objects.get(public_id=vid).pk
    transport, kinds, items = data.draw(batches(vid))

    result = send(client, graphql, transport, items)
    bad = [n for n, good in enumerate(kinds) if not good]
    assert [e["index"] for e in result["errors"]] == bad, (result, items)
    assert {e["code"] for e in result["errors"]} <= {"BAD_USER_INPUT"}, result
    assert (result["accepted"], result["duplicates"]) == (len(kinds) - len(bad), 0), result
    stored = set(Event.objects.filter(visitor_id=pk).values_list("client_event_id", flat=True))
    assert stored == {f"good-{n}" for n, good in enumerate(kinds) if good}

    export = graphql(EXPORT, {"v": vid}, headers=SERVER).json()
    assert "errors" not in export and len(export["data"]["visitor"]["events"]) == len(stored), (
        export
    )
    page = graphql(PAGE, {"v": vid}, headers=SERVER).json()
    assert "errors" not in page, page
    assert graphql(FORGET, {"v": vid}, headers=SERVER).json() == {"data": {"forgetVisitor": True}}
    assert rows_left(pk) == {}
