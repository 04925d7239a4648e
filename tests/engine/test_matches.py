"""`{matches: "regex"}`: RE2 syntax, searched anywhere in the value, ignoring case, linear time;
a pattern RE2 refuses is a validation message, never a silent "never holds" at run time."""

from __future__ import annotations

import time

import pytest

from personalization.engine import decide, validate_condition
from personalization.engine.context import Source
from personalization.engine.patterns import pattern_error
from personalization.engine.ruleset import PersonaDef

from .factories import VISITOR, holds, rules, visitor

ACADEMIC = r"\.edu$|\.ac\.uk$"


def _from(referrer_domain: str):
    return visitor(
        source=Source(channel="referral", referrer_domain=referrer_domain, landing_path="/")
    )


@pytest.mark.parametrize(
    "domain, expected",
    [
        ("mit.edu", True),
        ("cs.ox.ac.uk", True),
        ("MIT.EDU", True),
        ("edu.example.com", False),
        ("ac.uk.example.com", False),
    ],
)
def test_a_referrer_pattern_finds_academic_visitors(domain, expected):
    assert holds({"referrer_domain": {"matches": ACADEMIC}}, _from(domain)) is expected


@pytest.mark.parametrize(
    "cond, expected",
    [
        ({"utm_campaign": {"matches": "cfo"}}, True),  # searched anywhere: CFO-2026
        ({"utm_campaign": {"matches": "^CFO-\\d{4}$"}}, True),  # the pattern keeps \d (not \D)
        ({"utm_campaign": {"matches": "^cfo-\\D"}}, False),
        ({"utm_campaign": {"matches": "^2026"}}, False),
        ({"city": {"matches": "^LIN"}}, True),  # non-ASCII value: Linköping
        ({"city": {"matches": "KÖPING$"}}, True),  # case folding beyond ASCII
        ({"landing_path": {"matches": "^/(pricing|plans)/"}}, True),
        ({"declared_interest": {"matches": "^pri"}}, True),  # any of several values
        ({"declared_interest": {"matches": "^sec"}}, False),
        ({"not": {"os": {"matches": "android|windows"}}}, True),
    ],
)
def test_matches_on_every_kind_of_text_signal(cond, expected):
    assert holds(cond) is expected


def test_matches_is_false_when_the_value_is_missing():
    assert not holds({"referrer_domain": {"matches": "."}}, _from(None))


@pytest.mark.parametrize(
    "pattern, reason",
    [
        ("([unclosed", "missing ]"),
        (r"(a)\1", "invalid escape sequence"),  # backreference
        ("a(?=b)", "invalid perl operator"),  # lookahead
        ("", "empty pattern"),
    ],
)
def test_a_pattern_re2_refuses_is_a_validation_message_naming_the_key(pattern, reason):
    messages = validate_condition(
        {"all": [{"country": "SE"}, {"referrer_domain": {"matches": pattern}}]}
    )

    assert len(messages) == 1
    assert messages[0].startswith(
        "rules.all[1].referrer_domain.matches: expected a regular expression"
    )
    assert reason in messages[0]


@pytest.mark.parametrize(
    "cond",
    [
        {"visit_count": {"matches": "3"}},
        {"eu": {"matches": "true"}},
        {"weekday": {"matches": "mon"}},
    ],
)
def test_matches_applies_to_text_signals_only(cond):
    (message,) = validate_condition(cond)
    assert "'matches' does not apply here" in message


def test_a_pattern_that_is_not_text_is_refused():
    (message,) = validate_condition({"country": {"matches": 5}})
    assert "regular expression" in message


def test_an_invalid_pattern_breaks_only_its_own_rule_at_run_time():
    """The engine never raises: the broken persona never holds, the valid one still does."""
    ruleset = rules(
        personas=[
            PersonaDef(
                "broken", "Broken", priority=9, rules={"referrer_domain": {"matches": "([unclosed"}}
            ),
            PersonaDef("student", "Student", rules={"referrer_domain": {"matches": ACADEMIC}}),
        ]
    )

    assert decide(_from("mit.edu"), ruleset).persona == "student"


def test_the_reason_shows_the_value_and_the_pattern():
    ruleset = rules(
        personas=[
            PersonaDef("student", "Student", rules={"referrer_domain": {"matches": ACADEMIC}})
        ]
    )

    decision = decide(_from("mit.edu"), ruleset, explain=True)

    assert decision.reasons[0] == (
        f"Persona student: referrer_domain is mit.edu (rule: referrer_domain matches {ACADEMIC})"
    )


def test_a_catastrophic_backtracking_pattern_runs_in_linear_time():
    """(a+)+$ on 'aaaa...b' takes exponential time with Python's re; RE2 answers at once."""
    value = "a" * 5000 + "!"
    started = time.perf_counter()

    assert not holds(
        {"utm_term": {"matches": "^(a+)+$"}}, visitor(source=Source(utm={"term": value}))
    )
    assert time.perf_counter() - started < 0.5


def test_an_over_long_pattern_is_refused():
    assert "at most 500 characters" in pattern_error("a" * 501)


def test_the_visitor_fixture_still_holds_for_a_plain_pattern():
    assert holds({"referrer_domain": {"matches": "insta"}}, VISITOR)
