"""The sample-ratio alarm on the experiment's screen and in the experiments list: a split that is
off says so in plain words with what to do, names no winner, and is never shown as fine when
there are too few visitors or when nothing was checked."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from personalization.experiments.models import Exposure
from personalization.experiments.ratio_check import (
    MISMATCH,
    NOT_CHECKED,
    NOT_ENOUGH,
    OK,
    ratio_check,
)
from personalization.experiments.report import Filters, experiment_reports
from personalization.profiles import store

from .conftest import experiments, rollup
from .test_aggregates import split_arms

pytestmark = pytest.mark.usefixtures("lab")


@pytest.fixture
def admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "boss@example.com", "pw"))
    return client


def exposed(first: int, second: int) -> None:
    """`first` visitors in /split/'s first arm and `second` in its second (equal weights)."""
    arms = split_arms()
    at = timezone.now() - timedelta(hours=3)
    rows = []
    for i in range(first + second):
        vid, _ = store.set_consent(None, personalization=True, analytics=True, now=at)
        rows.append(
            Exposure(
                experiment=arms[0],
                arm=arms[0] if i < first else arms[1],
                visitor_id=store.resolve(vid).pk,
                at=at,
            )
        )
    Exposure.objects.bulk_create(rows)
    rollup()


def split_report():
    _, reports = experiment_reports(Filters(goal="booking", experiment=split_arms()[0]))
    return reports[0]


def list_row(admin) -> str:
    body = admin.get(reverse("personalization_admin:experiments")).content.decode()
    row = body[body.index(f'data-experiment="{split_arms()[0]}"') :]
    return row[: row.index("</tr>")]


def test_a_lopsided_split_raises_the_alarm_with_what_to_do(admin):
    exposed(40, 4)
    check = ratio_check(split_report())
    assert check.state == MISMATCH
    assert [round(planned, 2) for _, planned, _ in check.planned] == [0.5, 0.5]
    assert [round(actual, 2) for _, _, actual in check.planned] == [0.91, 0.09]

    body = admin.get(reverse("personalization_admin:experiment", args=[split_arms()[0]])).content
    body = body.decode()
    assert 'data-ratio="mismatch"' in body and 'role="alert"' in body
    assert "do not trust these results" in body
    assert "What to do:" in body and "preview every variant" in body
    assert "91%" in body and "50%" in body, "planned and actual shares side by side"
    assert "Winner:" not in body

    row = list_row(admin)
    assert 'data-ratio="mismatch"' in row and "Split is off" in row
    assert "#sample-ratio" in row, "the alarm links to the explanation"


def test_an_even_split_is_said_to_be_as_planned(admin):
    exposed(12, 10)
    assert ratio_check(split_report()).state == OK
    body = admin.get(reverse("personalization_admin:experiment", args=[split_arms()[0]])).content
    assert 'data-ratio="ok"' in body.decode()
    assert 'data-ratio="ok"' in list_row(admin)


def test_too_few_visitors_never_reads_as_fine_even_when_lopsided(admin):
    exposed(4, 0)
    report = split_report()
    assert ratio_check(report).state == NOT_ENOUGH
    assert not report.srm, "no alarm either: too few visitors to say"
    row = list_row(admin)
    assert 'data-ratio="not_enough"' in row and "Split as planned" not in row
    body = admin.get(reverse("personalization_admin:experiment", args=[split_arms()[0]])).content
    assert "data-not-enough" in body.decode() and 'data-ratio="ok"' not in body.decode()


def test_a_test_that_cannot_be_checked_says_not_checked_and_why(admin):
    exposed(30, 30)
    report = split_report()
    result = report.result
    stopped = type(report)(
        **{**report.__dict__, "result": type(result)(**{**result.__dict__, "srm_p_value": None})}
    )
    check = ratio_check(stopped)
    assert check.state == NOT_CHECKED and "only checked while it runs" in check.why
    bandit = type(report)(**{**stopped.__dict__, "bandit": True})
    assert "on purpose" in ratio_check(bandit).why


def test_the_api_flags_the_mismatch_only_with_enough_visitors(graphql):
    exposed(4, 0)
    first = experiments(graphql, goal="booking")["data"]["experiments"]
    split = next(e for e in first if e["page"].endswith("/split/"))
    assert split["srm"] is False
    exposed(40, 0)
    second = experiments(graphql, goal="booking")["data"]["experiments"]
    split = next(e for e in second if e["page"].endswith("/split/"))
    assert split["srm"] is True
