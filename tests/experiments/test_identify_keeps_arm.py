"""An arm is kept when a visitor logs in: arms are hashed from the profile's first id (its
assignment id), so `identify` never moves a visitor to another arm of a page or block A/B test,
and a second device that logs in joins the person's first arm."""

import pytest

from .conftest import SERVER, consent, title
from .test_block_experiments import blocks_page, offer  # noqa: F401

pytestmark = pytest.mark.usefixtures("lab")

IDENTIFY = """mutation I($v: String!, $u: String!) { identify(visitorId: $v, userKey: $u)
  { visitorId assignmentId } }"""


def identify(graphql, visitor_id, user):
    body = graphql(IDENTIFY, {"v": visitor_id, "u": user}, headers=SERVER).json()
    assert "errors" not in body, body
    return body["data"]["identify"]


def served(graphql, visitor_id):
    return title(graphql, "/split/", visitor_id), offer(graphql, visitor_id)


def test_logging_in_keeps_the_arms_a_visitor_had_before(graphql, blocks_page):  # noqa: F811
    for n in range(6):
        visitor = consent(graphql)
        before = served(graphql, visitor)
        answer = identify(graphql, visitor, f"user-{n}")
        assert answer["assignmentId"] == visitor
        assert served(graphql, visitor) == before


def test_a_second_device_that_logs_in_joins_the_persons_first_arms(graphql, blocks_page):  # noqa: F811
    phone = consent(graphql)
    first = served(graphql, phone)
    identify(graphql, phone, "ann")
    # a laptop whose own anonymous arms differ from the phone's
    laptop = next(v for v in (consent(graphql) for _ in range(40)) if served(graphql, v) != first)
    answer = identify(graphql, laptop, "ann")
    assert answer["assignmentId"] == phone
    assert served(graphql, laptop) == first
    assert served(graphql, phone) == first
