"""Two processes: a change committed by one (publishing, unpublishing, editing a rule) is served
by the other within one second. The other is a real gunicorn on the same database."""

import json

import pytest
from django.db import connection
from wagtail.models import Page

from personalization.rules.save_segments import save_segment
from tests.api.shop import PAGE, SITE

from .servers import database_url, gunicorn, seconds_until

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def title(server, path="/", context=None, headers=None):
    status, body = server.post(
        PAGE, {"path": path, "context": context, "track": False}, headers=headers
    )
    page = (body.get("data") or {}).get("personalizedPage")
    return json.loads(page["content"])["title"] if page else None


def test_changes_committed_by_one_process_are_served_by_another_within_a_second():
    from django.core.management import call_command

    call_command("load_site", str(SITE), verbosity=0)
    with gunicorn(database_url(connection.settings_dict)) as (other,):
        assert title(other, "/prices/") == "Prices"

        page = Page.objects.get(url_path="/home/prices/").specific
        page.title = "New prices"
        page.save_revision().publish()
        assert seconds_until(lambda: title(other, "/prices/") == "New prices") < 1.0

        page.unpublish()
        assert seconds_until(lambda: title(other, "/prices/") is None) < 1.0

        from_example = {"referrer": "https://example.org/"}
        assert title(other, "/", from_example) == "Spoke & Chain"
        save_segment("sweden", "Sweden", {"referrer_domain": "example.org"})  # a rule edited
        assert seconds_until(lambda: title(other, "/", from_example) == "Cyklar i Sverige") < 1.0
