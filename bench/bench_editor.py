"""The page editor on the demo site (fixtures/site, as `make demo` loads it): for its biggest page,
the edit view's server time, HTML size and queries; "Save draft" and "Publish" without changes;
the first open of an experiment report. Each line ends with its target and PASS or FAIL.

Run with `make bench` (a throwaway test database; BENCH_EDITOR_RUNS sets the repetitions). Server
time is the time the Django test client takes for the request in this process: the view, its
queries and its template, without a network or a browser.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.form_post import form_data  # noqa: E402

RUNS = int(os.environ.get("BENCH_EDITOR_RUNS", "5"))
EDIT_MS, EDIT_KB, SAVE_MS, REPORT_MS = 500, 200, 1000, 1000


def mark(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def biggest_page():
    """The personalizable page whose content (body and variants' bodies) is largest."""
    from wagtail.models import Page

    best, size = None, -1
    for page in Page.objects.live().specific():
        if not getattr(page, "personalizable", False):
            continue
        total = len(json.dumps(list(page.body.raw_data))) + sum(
            len(json.dumps(list(v.body.raw_data))) + len(v.title) + len(v.intro)
            for v in page.variants.all()
        )
        if total > size:
            best, size = page, total
    return best


def timed(call) -> tuple[float, object, int]:
    """Milliseconds, the response, and the number of queries of one call."""
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = call()
        elapsed = (time.perf_counter() - start) * 1000
    return elapsed, response, len(queries.captured_queries)


def line(what: str, ms: float, queries: int, target: str, ok: bool, extra: str = "") -> None:
    print(f"{what:<34} {ms:>8.0f} ms {queries:>5} queries {extra:>10}  {target:<12} {mark(ok)}")


def main() -> int:
    import tempfile

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    # No setup_test_environment(): its instrumented template rendering would be timed too.
    existing = os.environ.get("BENCH_EDITOR_EXISTING_DB") == "1"  # a loaded demo database
    old = None if existing else connection.creation.create_test_db(verbosity=0, autoclobber=True)
    failed = False
    try:
        with tempfile.TemporaryDirectory():
            if not existing:
                call_command("load_site", str(ROOT / "fixtures" / "site"), verbosity=0)
            get_user_model().objects.filter(username="bench").delete()
            get_user_model().objects.create_superuser("bench", "bench@example.com", "bench")
            client = Client()
            client.login(username="bench", password="bench")
            page = biggest_page()
            url = reverse("wagtailadmin_pages:edit", args=[page.pk])
            print(
                f"Page editor, database {connection.vendor}: {page.url_path} "
                f"({page.variants.count()} variants), median of {RUNS} runs"
            )
            client.get(url)  # warm: templates, compiled rules, block definitions
            runs = [timed(lambda: client.get(url)) for _ in range(RUNS)]
            ms = statistics.median(r[0] for r in runs)
            response, queries = runs[-1][1], runs[-1][2]
            kb = len(response.content) / 1024
            ok = ms <= EDIT_MS and kb <= EDIT_KB
            failed |= not ok
            line(
                "open the edit view",
                ms,
                queries,
                f"<= {EDIT_MS} ms, {EDIT_KB} KB",
                ok,
                f"{kb:.0f} KB",
            )
            for action, label in (
                ({}, "save draft (no change)"),
                ({"action-publish": "1"}, "publish (no change)"),
            ):
                times = []
                for _ in range(RUNS):
                    data = {**form_data(edit_form(page)), **action}
                    ms, response, queries = timed(lambda data=data: client.post(url, data))
                    if response.status_code != 302:
                        raise SystemExit(f"{label}: the form was refused: {form_errors(response)}")
                    times.append(ms)
                ms = statistics.median(times)
                ok = ms <= SAVE_MS
                failed |= not ok
                line(label, ms, queries, f"<= {SAVE_MS} ms", ok)
            failed |= report_first_open(client)
    finally:
        if old is not None:
            connection.creation.destroy_test_db(old, verbosity=0)
    return 1 if failed else 0


def edit_form(page):
    """The edit view's form for the page's latest revision, as the view builds it."""
    from django.contrib.auth import get_user_model

    latest = page.specific_class.objects.get(pk=page.pk).get_latest_revision_as_object()
    form_class = latest.get_edit_handler().get_form_class()
    user = get_user_model().objects.get(username="bench")
    return form_class(instance=latest, for_user=user, parent_page=latest.get_parent())


def form_errors(response) -> str:
    text = response.content.decode()
    return f"{response.status_code}: " + (
        text[text.find("error-message") :][:1500] if "error-message" in text else text[:500]
    )


def report_first_open(client) -> bool:
    """The first experiment of the demo's report: the first request of a fresh process's cache."""
    from django.core.cache import cache

    from personalization.experiments.definitions import live_experiments

    experiments = live_experiments()
    if not experiments:
        print("experiment report: the demo has no experiment")
        return False
    cache.clear()
    url = reverse("personalization_admin:experiment", args=[experiments[0].id])
    ms, response, queries = timed(lambda: client.get(url))
    ok = response.status_code == 200 and ms <= REPORT_MS
    line("experiment report, first open", ms, queries, f"<= {REPORT_MS} ms", ok)
    return not ok


if __name__ == "__main__":
    sys.exit(main())
