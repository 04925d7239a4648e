"""Layout the marketer's walkthrough found broken (issue 20, Found 7), pinned by the CSS every
admin screen carries: names wrap between words, selects are not cut, coverage names stay in
their cells; `make demo` prints its banner only once both servers answer."""

from __future__ import annotations

import socket

import pytest
from django.urls import reverse

from cms.demo.management.commands.demo_banner import wait_for

pytestmark = pytest.mark.django_db


def test_listing_names_wrap_between_words_not_inside_them(admin_client):
    html = admin_client.get(reverse("persona:index")).content.decode()
    assert ".listing td.title, .listing td.title .title-wrapper { word-break: normal;" in html


def test_rule_rows_wrap_instead_of_cutting_their_dropdowns(admin_client):
    html = admin_client.get(reverse("segments:add")).content.decode()
    assert ".w-field-row:has(select) { display: flex; flex-wrap: wrap;" in html
    assert ".w-field-row select { text-overflow: clip; }" in html


def test_coverage_names_wrap_inside_their_cells(admin_client):
    html = admin_client.get(reverse("personalization_admin:coverage_report")).content.decode()
    assert ".tailor-coverage th, .tailor-coverage td { overflow-wrap: anywhere; }" in html


def test_the_demo_banner_waits_for_servers_that_do_not_answer():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket closes
    assert wait_for({"the CMS": f"http://127.0.0.1:{port}/"}, seconds=0, pause=0) == ["the CMS"]
