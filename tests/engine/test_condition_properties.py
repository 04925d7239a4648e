"""Algebraic properties of the operators, over generated values: they pin the semantics down
beyond the hand-picked table (between is inclusive, not_in is the negation of in when the value
is known, comparisons ignore case)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from .factories import VISITOR, history, holds, visitor

counts = st.integers(min_value=0, max_value=50)
words = st.text(alphabet="abcxyzABCXYZåÄ-", min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(counts, counts, counts)
def test_between_is_gte_and_lte(value, a, b):
    low, high = min(a, b), max(a, b)
    ctx = visitor(history=history(visit_count=value))
    expected = low <= value <= high
    assert holds({"visit_count": {"between": [low, high]}}, ctx) is expected
    assert (
        holds({"all": [{"visit_count": {"gte": low}}, {"visit_count": {"lte": high}}]}, ctx)
        is expected
    )


@settings(max_examples=60, deadline=None)
@given(words, st.lists(words, min_size=1, max_size=4))
def test_not_in_is_the_negation_of_in_for_known_values(city, options):
    ctx = visitor(location=replace(VISITOR.location, city=city))
    assert holds({"city": {"in": options}}, ctx) is not holds({"city": {"not_in": options}}, ctx)
    assert holds({"city": {"in": options}}, ctx) is (city.lower() in {o.lower() for o in options})


@settings(max_examples=60, deadline=None)
@given(words, words)
def test_text_comparisons_ignore_case(actual, fragment):
    ctx = visitor(location=replace(VISITOR.location, city=actual))
    assert holds({"city": actual.swapcase()}, ctx)
    assert holds({"city": {"contains": fragment}}, ctx) is (fragment.lower() in actual.lower())


@settings(max_examples=40, deadline=None)
@given(counts)
def test_not_not_is_identity(value):
    ctx = visitor(history=history(page_views=value))
    cond = {"page_views": {"gte": 10}}
    assert holds({"not": {"not": cond}}, ctx) is holds(cond, ctx)
