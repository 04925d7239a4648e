"""Marketers author segments in wagtail-personalisation's editor with Tailor's rules."""

from datetime import UTC

import pytest
from django.urls import reverse
from django.utils.html import escape
from wagtail_personalisation.models import Segment
from wagtail_personalisation.rules import ReferralRule

from personalization.models import SegmentIdentity
from personalization.rules.models import RULE_MODELS
from personalization.rules.save_segments import read_condition, save_segment

pytestmark = pytest.mark.django_db
CREATE = "segments:add"


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


def _form_data(form, name: str, rules: dict[str, list[dict]]) -> dict:
    """POST data for the segment form: its fields, and every rule formset (empty unless given)."""
    data = {
        "name": name,
        "status": "enabled",
        "type": "dynamic",
        "count": "0",
        "randomisation_percent": "",
    }
    for prefix in form.formsets:
        rows = rules.get(prefix, [])
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(rows)),
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for i, row in enumerate(rows):
            data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
            data[f"{prefix}-{i}-ORDER"] = str(i + 1)
    return data


def test_editor_lists_every_tailor_rule(editor):
    response = editor.get(reverse(CREATE))

    assert response.status_code == 200
    html = response.content.decode()
    for model in RULE_MODELS:
        assert escape(str(model._meta.verbose_name)) in html


def test_editor_saves_a_segment_with_two_tailor_rules(editor):
    form = editor.get(reverse(CREATE)).context["form"]
    data = _form_data(
        form,
        "Nordic mobile",
        {
            "rules_locationrules": [{"signal": "country", "operator": "in", "value": "SE, NO"}],
            "rules_useragentrules": [{"signal": "device", "operator": "eq", "value": "mobile"}],
        },
    )

    response = editor.post(reverse(CREATE), data)

    assert response.status_code == 302, response.context["form"].errors
    segment = Segment.objects.get(name="Nordic mobile")
    assert read_condition(segment) == {
        "all": [{"country": {"in": ["SE", "NO"]}}, {"device": "mobile"}]
    }
    assert SegmentIdentity.objects.get(segment=segment).slug == "nordic-mobile"


def test_editor_explains_a_value_that_does_not_fit(editor):
    form = editor.get(reverse(CREATE)).context["form"]
    data = _form_data(
        form,
        "Busy hours",
        {
            "rules_localtimerules": [{"signal": "local_hour", "operator": "between", "value": "9"}],
        },
    )

    response = editor.post(reverse(CREATE), data)

    assert response.status_code == 200
    assert "Enter exactly two values" in response.content.decode()
    assert not Segment.objects.exists()


def test_editor_refuses_a_reference_loop(editor):
    save_segment("europe", "Europe", {"any": [{"continent": "EU"}, {"segment": "nordics"}]})
    form = editor.get(reverse(CREATE)).context["form"]
    data = _form_data(
        form,
        "Nordics",
        {
            "rules_referencerules": [{"kind": "segment", "operator": "eq", "value": "europe"}],
        },
    )

    response = editor.post(reverse(CREATE), data)

    assert response.status_code == 200
    assert (
        escape(
            "These rules depend on themselves: segment “Europe” uses segment “Nordics”, which uses "
            "segment “Europe” again"
        )
        in response.content.decode()
    )
    assert not Segment.objects.filter(name="Nordics").exists()


def test_dashboard_describes_tailor_rules(editor):
    save_segment(
        "nordic-mobile",
        "Nordic mobile",
        {
            "all": [
                {"country": {"in": ["SE", "NO"]}},
                {"not": {"event": {"type": "trial_started", "within_days": 30}}},
            ]
        },
    )

    response = editor.get(reverse("segments:index"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "is one of Sweden, Norway" in html  # country names for people
    assert "trial_started within 30 days" in html


def test_editor_opens_a_segment_loaded_from_a_file(editor):
    segment = save_segment(
        "nordics",
        "Nordics",
        {"all": [{"country": {"in": ["SE", "NO"]}}, {"not": {"device": "bot"}}]},
    )

    response = editor.get(reverse("segments:edit", args=[segment.pk]))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.formsets["rules_locationrules"].forms[0].initial["value"] == "SE, NO"
    assert form.formsets["rules_useragentrules"].forms[0].initial["negate"] is True


def test_editor_saves_a_regex_rule(editor):
    form = editor.get(reverse(CREATE)).context["form"]
    data = _form_data(
        form,
        "Students",
        {
            "rules_sourcerules": [
                {"signal": "referrer_domain", "operator": "matches", "value": r"\.edu$|\.ac\.uk$"}
            ],
        },
    )

    response = editor.post(reverse(CREATE), data)

    assert response.status_code == 302, response.context["form"].errors
    assert read_condition(Segment.objects.get(name="Students")) == {
        "referrer_domain": {"matches": r"\.edu$|\.ac\.uk$"}
    }


def test_editor_refuses_a_pattern_re2_refuses_and_says_why(editor):
    form = editor.get(reverse(CREATE)).context["form"]
    data = _form_data(
        form,
        "Broken",
        {
            "rules_sourcerules": [
                {"signal": "referrer_domain", "operator": "matches", "value": "([unclosed"}
            ],
        },
    )

    response = editor.post(reverse(CREATE), data)

    assert response.status_code == 200
    assert "missing ]" in response.content.decode()
    assert not Segment.objects.filter(name="Broken").exists()


def test_editor_no_longer_offers_the_plugin_referral_rule(editor):
    """Tailor's traffic source rule (referrer domain matches ...) replaces it: one vocabulary."""
    form = editor.get(reverse(CREATE)).context["form"]
    assert not [p for p in form.formsets if p.endswith("referralrules")]
    data = _form_data(
        form,
        "Legacy referrers",
        {  # a segment needs a rule (rule health)
            "rules_sourcerules": [
                {"signal": "referrer_domain", "operator": "contains", "value": "edu"}
            ]
        },
    )
    data.update(
        {
            "rules_referralrules-TOTAL_FORMS": "1",
            "rules_referralrules-INITIAL_FORMS": "0",
            "rules_referralrules-0-regex_string": "([unclosed",
        }
    )

    assert editor.post(reverse(CREATE), data).status_code == 302
    assert not ReferralRule.objects.exists()


def test_a_stored_plugin_referral_regex_is_still_evaluated_and_survives_the_editor(editor):
    from datetime import datetime

    from personalization.engine import decide
    from personalization.engine.context import Source, VisitorContext
    from personalization.rules.build import read_ruleset

    segment = Segment.objects.create(name="Academics")
    ReferralRule.objects.create(segment=segment, regex_string=r"\.edu$|\.ac\.uk$")
    edit = reverse("segments:edit", args=[segment.pk])
    page = editor.get(edit)
    assert "Referral Rule" in page.content.decode()  # listed read-only, with its pattern
    assert (
        editor.post(edit, _form_data(page.context["form"], "Academics (old rules)", {})).status_code
        == 302
    )

    ruleset = read_ruleset(version="t")
    assert ruleset.segments["academics"].rules == {
        "referrer_domain": {"matches": r"\.edu$|\.ac\.uk$"}
    }
    ctx = VisitorContext(
        now=datetime(2026, 12, 1, tzinfo=UTC),
        source=Source(channel="referral", referrer_domain="cs.ox.ac.uk"),
    )
    assert decide(ctx, ruleset).segments == ("academics",)
