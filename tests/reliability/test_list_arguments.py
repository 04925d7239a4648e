"""List arguments never reach SQL unchecked: a sort by a hidden field, a non-numeric id, a zero
or negative limit, a huge offset or search are BAD_USER_INPUT, not an internal error and not a
leak. Issue 12, findings 2, 4 and 6."""

import json

import pytest

from personalization.api.list_arguments import check_order
from tests.api.shop import codes, consent, shop  # noqa: F401

pytestmark = pytest.mark.usefixtures("shop")


def children(graphql, arguments):
    query = '{ personalizedPage(path: "/") { page { children(%s) { title } } } }' % arguments
    return graphql(query).json()


@pytest.mark.parametrize(
    "arguments",
    [
        'order: "owner__password"',
        'order: "-has_unpublished_changes"',
        'order: "latest_revision__content"',
        'order: "title, owner__email"',
        'order: "nonexistent"',
        'id: "abc"',
        "limit: 0",
        "limit: -1",
        "offset: -5",
        "offset: 99999999",
        'searchQuery: "%s"' % " ".join(["word"] * 1000),
    ],
)
def test_bad_list_arguments_are_refused_as_bad_user_input(graphql, arguments):
    body = children(graphql, arguments)
    assert codes(body) == ["BAD_USER_INPUT"], body
    assert len(json.dumps(body)) < 2000  # the error does not echo a huge input back


def test_ordering_by_a_public_field_still_works(graphql):
    body = children(graphql, 'order: "-title", limit: 2')
    titles = [c["title"] for c in body["data"]["personalizedPage"]["page"]["children"]]
    assert titles == sorted(titles, reverse=True) and 0 < len(titles) <= 2


def test_a_numeric_id_is_accepted(graphql):
    assert "errors" not in children(graphql, 'id: "1"')


@pytest.mark.parametrize("limit", ["null", "0", "-3"])
def test_recommendations_refuse_a_missing_or_non_positive_limit(graphql, limit):
    body = graphql("{ recommendations(limit: %s) { path } }" % limit).json()
    assert codes(body) == ["BAD_USER_INPUT"], body


def test_visitor_events_limit_of_zero_is_refused(graphql):
    vid = consent(graphql)
    body = graphql(
        "query V($v: String!) { visitor(visitorId: $v) { events(limit: 0) { type } } }", {"v": vid}
    ).json()
    assert codes(body) == ["BAD_USER_INPUT"], body


def test_check_order_names_the_allowed_fields():
    with pytest.raises(Exception, match="use one of .*title"):
        check_order("owner__password")
