"""import_events, import_traits and POST /api/events/: bulk customer data in (issue 11)."""

import json
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from personalization.bulk_import import import_events, import_traits
from personalization.models import Trait
from personalization.profiles import store
from personalization.profiles.models import Event, UserTraits, Visitor

pytestmark = pytest.mark.django_db
SERVER = {"Authorization": "Bearer test-server-key"}
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture
def visitors():
    ids = []
    for i in range(3):
        vid, _ = store.set_consent(None, personalization=True, analytics=False, now=NOW)
        store.identify(vid, user_key=f"user-{i}", now=NOW)
        ids.append(vid)
    return ids


@pytest.fixture
def traits():
    Trait.objects.create(name="plan", type="text")
    Trait.objects.create(name="lifetime_value", type="number")
    Trait.objects.create(name="models_owned", type="list")


def write_events(path, visitors, n):
    with path.open("w") as f:
        for i in range(n):
            f.write(
                json.dumps(
                    {
                        "userKey": f"user-{i % 3}",
                        "type": "purchase",
                        "value": i,
                        "eventId": f"o-{i}",
                        "at": "2026-11-01T10:00:00Z",
                    }
                )
                + "\n"
            )


def test_import_events_stores_each_line_once_and_reports_bad_lines(tmp_path, visitors):
    path = tmp_path / "events.jsonl"
    write_events(path, visitors, 25)
    with path.open("a") as f:
        f.write("not json\n\n" + json.dumps({"userKey": "stranger", "type": "purchase"}) + "\n")
    report = import_events(path, batch_size=10, quiet=True)
    assert (report.accepted, report.duplicates, report.errors) == (25, 0, 2)
    assert report.shown[0].startswith("line 26: BAD_USER_INPUT") and report.shown[1].startswith(
        "line 28: NOT_FOUND"
    )
    assert Event.objects.count() == 25
    assert Event.objects.filter(visitor__user_key="user-1").count() == 8
    again = import_events(path, batch_size=10, quiet=True)
    assert (again.accepted, again.duplicates) == (0, 25) and Event.objects.count() == 25


def test_an_interrupted_import_resumes_after_the_last_batch(tmp_path, visitors, monkeypatch):
    path = tmp_path / "events.jsonl"
    write_events(path, visitors, 30)
    import personalization.bulk_import as bulk

    real = bulk._events_batch
    calls = {"n": 0}

    def crash_on_third(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(bulk, "_events_batch", crash_on_third)
    with pytest.raises(KeyboardInterrupt):
        import_events(path, batch_size=10, quiet=True)
    assert Event.objects.count() == 20
    monkeypatch.setattr(bulk, "_events_batch", real)
    report = import_events(path, batch_size=10, quiet=True)
    assert (report.skipped, report.done, report.accepted, report.duplicates) == (20, 10, 10, 0)
    assert Event.objects.count() == 30
    assert not (tmp_path / "events.jsonl.progress").exists()


def test_import_traits_writes_by_user_key_and_skips_bad_rows(tmp_path, traits, visitors):
    path = tmp_path / "crm.csv"
    path.write_text(
        "user_key,plan,lifetime_value,models_owned\n"
        "user-0,pro,1200,xc90|ex30\n"
        "user-1,,oops,\n"
        "not-yet-a-visitor,team,,\n"
        "user-0,,1300,\n"
    )
    report = import_traits(path, batch_size=2, quiet=True)
    assert (
        report.errors == 1
        and "lifetime_value" in report.shown[0]
        and report.shown[0].startswith("line 3")
    )
    assert UserTraits.objects.get(user_key="user-0").traits == {
        "plan": "pro",
        "lifetime_value": 1300,
        "models_owned": ["xc90", "ex30"],
    }
    assert UserTraits.objects.get(user_key="not-yet-a-visitor").traits == {"plan": "team"}
    history = store.load_history(visitors[0], now=NOW)
    assert history.traits["lifetime_value"] == 1300


def test_import_traits_refuses_an_undeclared_column_before_writing(tmp_path, traits):
    path = tmp_path / "crm.csv"
    path.write_text("user_key,tier\nu,gold\n")
    with pytest.raises(CommandError, match="tier"):
        call_command("import_traits", str(path), verbosity=0)
    assert not UserTraits.objects.exists()


def test_the_import_commands_print_a_summary(tmp_path, traits, visitors, capsys):
    path = tmp_path / "events.jsonl"
    write_events(path, visitors, 5)
    call_command("import_events", str(path), verbosity=0)
    assert "5 events stored, 0 duplicates, 0 errors" in capsys.readouterr().out


def post_events(client, body, headers=SERVER):
    return client.post(
        "/api/events/", data=json.dumps(body), content_type="application/json", headers=headers
    )


def test_post_api_events_takes_the_same_events_as_track_events(client, visitors):
    events = [
        {"visitorId": visitors[0], "type": "purchase", "eventId": "a"},
        {"visitorId": visitors[0], "type": "purchase", "eventId": "a"},
        {"visitorId": visitors[0], "type": "no spaces allowed"},
    ]
    response = post_events(client, {"events": events})
    assert response.status_code == 200
    body = response.json()
    assert (body["accepted"], body["duplicates"]) == (1, 1)
    assert [(e["index"], e["code"]) for e in body["errors"]] == [(2, "BAD_USER_INPUT")]


@pytest.mark.parametrize(
    "body,headers,status,code",
    [
        ({"events": []}, {}, 403, "FORBIDDEN"),
        ({"events": []}, {"Authorization": "Bearer wrong"}, 401, "UNAUTHENTICATED"),
        ({"evts": []}, SERVER, 400, "BAD_USER_INPUT"),
        ({"events": [{"type": "x", "userKey": "u"}] * 1001}, SERVER, 400, "BAD_USER_INPUT"),
    ],
)
def test_post_api_events_refuses_whole_requests_with_a_code(client, body, headers, status, code):
    response = post_events(client, body, headers)
    assert response.status_code == status and response.json()["error"]["code"] == code
    assert Event.objects.count() == 0


def test_nothing_is_stored_for_a_visitor_who_withdrew_consent(client, visitors):
    store.set_consent(visitors[1], personalization=False, analytics=False, now=NOW)
    body = post_events(
        client,
        {
            "events": [
                {"visitorId": visitors[1], "type": "purchase"},
                {"userKey": "user-1", "type": "purchase"},
            ]
        },
    ).json()
    assert body["accepted"] == 0 and [e["code"] for e in body["errors"]] == [
        "NOT_FOUND",
        "NOT_FOUND",
    ]
    assert not Visitor.objects.filter(user_key="user-1").exists() and Event.objects.count() == 0
