"""load_site and rule health: what can never match or cannot be evaluated is a load error naming
the file, the entry and the rule (nothing written); what is suspicious but legal loads, with a
warning line in the output."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from personalization.models import JourneyStage, Persona, SegmentIdentity

pytestmark = pytest.mark.django_db


def load(path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("load_site", str(path), verbosity=0, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_pattern_re2_refuses_is_a_load_error_naming_the_rule(site_dir):
    path = site_dir(
        {
            "site.yaml": """
personas:
  - {slug: student, name: Student, rules: {all: [{country: GB}, {referrer_domain: {matches: '([unclosed'}}]}}
"""
        }
    )
    with pytest.raises(CommandError) as error:
        load(path)
    message = str(error.value)
    assert "site.yaml: persona student: rules: " in message
    assert (
        "rules.all[1].referrer_domain.matches: expected a regular expression in RE2 syntax (missing ]"
        in message
    )
    assert not Persona.objects.exists()


def test_a_backreference_is_a_load_error(site_dir):
    path = site_dir(
        {
            "site.yaml": r"""
segments:
  - {slug: doubled, name: Doubled, rules: {utm_term: {matches: '(a)\1'}}}
"""
        }
    )
    with pytest.raises(CommandError, match="invalid escape sequence"):
        load(path)
    assert not SegmentIdentity.objects.exists()


def test_a_cycle_through_a_persona_is_a_load_error(site_dir):
    path = site_dir(
        {
            "site.yaml": """
personas:
  - {slug: student, name: Student, rules: {segment: students}}
segments:
  - {slug: students, name: Students, rules: {all: [{country: GB}, {persona: student}]}}
"""
        }
    )
    with pytest.raises(CommandError) as error:
        load(path)
    assert "reference cycle: persona student -> segment students -> persona student" in str(
        error.value
    )
    assert not Persona.objects.exists() and not SegmentIdentity.objects.exists()


def test_a_cycle_through_stages_is_a_load_error(site_dir):
    path = site_dir(
        {
            "site.yaml": """
journey_stages:
  - {slug: learn, name: Learn, order: 1}
  - {slug: buy, name: Buy, order: 2, rules: {segment: buyers}}
segments:
  - {slug: buyers, name: Buyers, rules: {stage: buy}}
"""
        }
    )
    with pytest.raises(CommandError, match="reference cycle"):
        load(path)
    assert not JourneyStage.objects.exists()


def test_a_stage_order_used_twice_is_a_load_error(site_dir):
    path = site_dir(
        {
            "site.yaml": """
journey_stages:
  - {slug: learn, name: Learn, order: 1}
  - {slug: try, name: Try, order: 1, rules: {visit_count: {gte: 2}}}
"""
        }
    )
    with pytest.raises(CommandError) as error:
        load(path)
    assert (
        "site.yaml: journey stage try: rules: stage try: order 1 is already used by stage learn"
        in str(error.value)
    )


def test_an_empty_group_is_a_load_error(site_dir):
    path = site_dir(
        {
            "site.yaml": """
segments:
  - {slug: hollow, name: Hollow, rules: {all: [{country: SE}, {any: []}]}}
"""
        }
    )
    with pytest.raises(
        CommandError, match="segment hollow: rules: rules.all\\[1\\].any: expected a non-empty list"
    ):
        load(path)


def test_contradictory_rules_load_with_a_warning_line(site_dir):
    path = site_dir(
        {
            "site.yaml": """
segments:
  - {slug: nowhere, name: Nowhere, rules: {all: [{country: SE}, {country: "NO"}]}}
  - {slug: night, name: Night, rules: {local_hour: {between: [22, 6]}}}
  - {slug: fine, name: Fine, rules: {country: SE}}
"""
        }
    )
    out, err = load(path)

    assert SegmentIdentity.objects.filter(slug__in=["nowhere", "night", "fine"]).count() == 3
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert (
        lines[0].startswith("Warning: ")
        and "site.yaml: segment nowhere: rules.all[0] and rules.all[1] test country" in lines[0]
    )
    assert (
        "segment night: rules.local_hour.between: 22 is greater than 6, so it never holds"
        in lines[1]
    )
