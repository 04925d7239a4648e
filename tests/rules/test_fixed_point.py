"""dump -> load -> dump is a fixed point for any nesting of all / any / not."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from personalization.rules.save_segments import read_condition, save_segment

pytestmark = pytest.mark.django_db

LEAVES = [
    {"country": "SE"},
    {"device": {"in": ["mobile", "tablet"]}},
    {"visit_count": {"gte": 2}},
    {"logged_in": True},
    {"visited": {"tag": "api"}},
    {"event": {"type": "trial_started", "min": 2}},
    {"date": {"between": ["2026-12-01", "2026-12-24"]}},
    {"segment": "nordics"},
]
conditions = st.recursive(
    st.sampled_from(LEAVES),
    lambda children: st.one_of(
        st.lists(children, min_size=1, max_size=3).map(lambda items: {"all": items}),
        st.lists(children, min_size=1, max_size=3).map(lambda items: {"any": items}),
        children.map(lambda child: {"not": child}),
    ),
    max_leaves=8,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(condition=conditions)
def test_reading_back_a_saved_condition_is_stable(condition):
    first = read_condition(save_segment("generated", "Generated", condition))
    second = read_condition(save_segment("generated", "Generated", first))

    assert second == first
