"""Rule health: what can never match or cannot be evaluated is broken (refused on save), what is
legal but suspicious is a warning (saved, shown), and every persona, stage and segment gets a mark."""

from __future__ import annotations

from personalization.engine.health import BROKEN, OK, WARNING, rule_health, status, statuses

from .factories import persona, rules, stage


def _problems(rs, level=None, **kwargs):
    return [f.message for f in rule_health(rs, **kwargs) if level is None or f.level == level]


def test_a_sound_rule_set_is_healthy():
    rs = rules(
        personas=[persona("dev", rules={"segment": "devs"})],
        stages=[stage("learn", 1)],
        segments={
            "devs": {"any": [{"referrer_domain": "github.com"}, {"utm_term": {"matches": "^api"}}]}
        },
    )

    assert rule_health(rs) == []
    assert status(rule_health(rs), "persona:dev") == OK


# -- broken: refused on save ------------------------------------------------------------------


def test_an_invalid_pattern_is_broken_and_names_the_rule():
    rs = rules(
        personas=[
            persona(
                "student",
                rules={"all": [{"country": "GB"}, {"referrer_domain": {"matches": "([unclosed"}}]},
            )
        ]
    )

    (finding,) = rule_health(rs)

    assert finding.level == BROKEN and finding.owner == "persona:student"
    assert finding.message.startswith(
        "persona student: rules.all[1].referrer_domain.matches: "
        "expected a regular expression in RE2 syntax (missing ]"
    )


def test_a_reference_to_an_unknown_segment_is_broken():
    rs = rules(segments={"a": {"segment": "missing"}})

    assert _problems(rs, BROKEN) == [
        "segment a: rules refer to unknown segment 'missing'; expected one of a"
    ]


def test_a_reference_to_an_unknown_persona_is_broken():
    rs = rules(personas=[persona("dev")], segments={"devs": {"persona": {"in": ["dev", "ghost"]}}})

    assert _problems(rs, BROKEN) == [
        "segment devs: rules refer to unknown persona 'ghost'; expected one of dev"
    ]


def test_a_reference_to_an_unknown_stage_is_broken():
    rs = rules(stages=[stage("learn", 1)], personas=[persona("buyer", rules={"stage": "buy"})])

    assert _problems(rs, BROKEN) == [
        "persona buyer: rules refer to unknown stage 'buy'; expected one of learn"
    ]


def test_a_cycle_through_a_persona_marks_every_member_broken():
    """persona student -> segment students -> "persona is student": the form used to save it."""
    rs = rules(
        personas=[persona("student", rules={"segment": "students"})],
        segments={"students": {"all": [{"country": "GB"}, {"persona": "student"}]}},
    )

    findings = rule_health(rs)

    assert statuses(findings) == {"persona:student": BROKEN, "segment:students": BROKEN}
    assert (
        "reference cycle: persona student -> segment students -> persona student"
        in findings[0].message
    )


def test_a_cycle_through_stages_is_broken():
    rs = rules(
        stages=[stage("learn", 1), stage("buy", 2, {"segment": "buyers"})],
        segments={"buyers": {"stage": "buy"}},
    )

    assert status(rule_health(rs), "stage:buy") == BROKEN
    assert status(rule_health(rs), "segment:buyers") == BROKEN


def test_a_cycle_between_segments_is_broken():
    rs = rules(
        segments={"a": {"segment": "b"}, "b": {"any": [{"country": "SE"}, {"segment": "a"}]}}
    )

    assert statuses(rule_health(rs)) == {"segment:a": BROKEN, "segment:b": BROKEN}


def test_a_segment_with_no_rules_is_broken():
    rs = rules(segments={"empty": {"any": []}})

    assert _problems(rs) == [
        "segment empty: has no rules, so it never matches; add a rule or delete the segment"
    ]


def test_a_persona_whose_rules_segment_has_no_rules_is_broken():
    rs = rules(personas=[persona("dev", rules={"all": []})])

    assert _problems(rs) == ["persona dev: has no rules, so it never matches; add a rule"]


def test_an_empty_group_inside_rules_is_broken_and_says_where():
    rs = rules(segments={"a": {"all": [{"country": "SE"}, {"any": []}]}})

    (message,) = _problems(rs, BROKEN)
    assert message.startswith(
        "segment a: rules.all[1].any: expected a non-empty list of conditions"
    )


def test_a_stage_order_used_twice_is_broken():
    rs = rules(stages=[stage("learn", 1), stage("try", 1)])

    assert _problems(rs) == [
        "stage try: order 1 is already used by stage learn; expected a unique order"
    ]


# -- warnings: saved, shown ------------------------------------------------------------------


def test_two_countries_in_one_all_group_are_a_contradiction():
    rs = rules(segments={"x": {"all": [{"country": "SE"}, {"country": "NO"}]}})

    (finding,) = rule_health(rs)

    assert finding.level == WARNING
    assert finding.message == (
        "segment x: rules.all[0] and rules.all[1] test country in ways no visitor can "
        "pass together (contradictory conditions), so the group never holds"
    )


def test_an_equality_outside_a_list_in_the_same_group_is_a_contradiction():
    rs = rules(segments={"x": {"all": [{"country": "se"}, {"country": {"in": ["NO", "DK"]}}]}})

    assert status(rule_health(rs), "segment:x") == WARNING


def test_an_equality_excluded_in_the_same_group_is_a_contradiction():
    rs = rules(segments={"x": {"all": [{"device": "mobile"}, {"device": {"not_in": ["Mobile"]}}]}})

    assert status(rule_health(rs), "segment:x") == WARNING


def test_ranges_that_do_not_overlap_are_a_contradiction():
    rs = rules(segments={"x": {"all": [{"visit_count": {"gte": 5}}, {"visit_count": {"lte": 2}}]}})

    assert status(rule_health(rs), "segment:x") == WARNING


def test_compatible_tests_on_one_signal_are_not_a_contradiction():
    rs = rules(
        segments={
            "a": {"all": [{"country": {"in": ["SE", "NO"]}}, {"country": {"not_in": ["NO"]}}]},
            "b": {"all": [{"visit_count": {"gte": 2}}, {"visit_count": {"between": [1, 3]}}]},
            "c": {"any": [{"country": "SE"}, {"country": "NO"}]},
            "d": {
                "all": [{"declared_interest": "api"}, {"declared_interest": "pricing"}]
            },  # several values
            "e": {"all": [{"country": "SE"}, {"not": {"country": "NO"}}]},
        }
    )

    assert rule_health(rs) == []


def test_between_with_low_above_high_is_saved_with_a_warning():
    rs = rules(segments={"night": {"local_hour": {"between": [22, 6]}}})

    (finding,) = rule_health(rs)

    assert finding.level == WARNING
    assert finding.message.startswith(
        "segment night: rules.local_hour.between: 22 is greater than 6, "
        "so it never holds; for hours across midnight use any:"
    )


def test_a_pattern_that_matches_everything_is_a_warning():
    rs = rules(segments={"x": {"utm_campaign": {"matches": "a*"}}})

    assert _problems(rs, WARNING) == [
        "segment x: rules.utm_campaign.matches: 'a*' matches every value "
        "(it matches empty text), so the test says nothing"
    ]


def test_a_reference_to_a_disabled_segment_is_a_warning():
    rs = rules(segments={"a": {"segment": "b"}, "b": {"country": "SE"}})

    assert _problems(rs, disabled_segments={"b"}) == [
        "segment a: refers to segment 'b', which is disabled, so that reference never holds"
    ]


def test_a_reference_to_a_broken_segment_is_a_warning_on_the_referrer():
    rs = rules(
        personas=[persona("dev", rules={"any": [{"segment": "devs"}, {"utm_term": "api"}]})],
        segments={"devs": {"any": []}},
    )

    assert statuses(rule_health(rs)) == {"segment:devs": BROKEN, "persona:dev": WARNING}


def test_a_persona_whose_rules_are_a_broken_segment_is_broken_too():
    rs = rules(
        personas=[persona("dev", rules={"segment": "devs"})],
        segments={"devs": {"segment": "empty"}, "empty": {"any": []}},
    )

    assert statuses(rule_health(rs)) == {
        "segment:empty": BROKEN,
        "segment:devs": BROKEN,
        "persona:dev": BROKEN,
    }
    assert (
        "persona dev: its rules are segment 'devs', which is broken, so it never matches (segment empty: "
        "has no rules, so it never matches; add a rule or delete the segment)"
    ) in _problems(rs)


def test_a_persona_whose_rules_are_a_suspicious_segment_gets_its_warning():
    rs = rules(
        personas=[persona("dev", rules={"segment": "odd"})],
        segments={"odd": {"all": [{"device": "mobile"}, {"device": "desktop"}]}},
    )

    assert statuses(rule_health(rs)) == {"segment:odd": WARNING, "persona:dev": WARNING}
    assert any(
        m.startswith("persona dev: its rules are segment 'odd': segment odd: rules.all[0]")
        for m in _problems(rs)
    )


def test_windowed_counts_are_not_contradicted_by_whole_history_counts():
    rs = rules(
        segments={
            "recent": {
                "all": [{"visit_count": {"gte": 5}}, {"visit_count": {"lte": 2, "within_days": 7}}]
            },
            "odd": {"page_views": {"between": [9, 3], "within_days": 30}},
        }
    )

    assert _problems(rs) == [
        "segment odd: rules.page_views.between: 9 is greater than 3, so it never holds"
    ]
