"""The admin "Audiences" screen: every segment and persona, its known members as of the last
sync, how many profiled visitors are in it (estimates.py), and a CSV export of their user keys computed now (consented profiles only)."""

from __future__ import annotations

import csv

from django.db.models import Count
from django.http import Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from personalization.admin.estimate_column import estimate_html
from personalization.admin.freshness import ago, how_often
from personalization.admin.views import AdminPage
from personalization.models import Persona, SegmentIdentity
from personalization.periodic.models import JobRun

from .estimates import load_estimates
from .members import members
from .models import AudienceMembership


def audiences(with_estimates: bool = False) -> list[dict]:
    counts = dict(AudienceMembership.objects.values_list("audience").annotate(n=Count("pk")))
    estimates = load_estimates() if with_estimates else {}
    rows = [
        {"kind": "segment", "slug": i.slug, "name": i.segment.name}
        for i in SegmentIdentity.objects.filter(role=SegmentIdentity.PUBLIC)
        .select_related("segment")
        .order_by("slug")
    ]
    rows += [
        {"kind": "persona", "slug": p.slug, "name": p.name}
        for p in Persona.objects.order_by("-priority", "sort_order", "pk")
    ]
    for row in rows:
        row["members"] = counts.get(f"{row['kind']}:{row['slug']}", 0)
        row["estimate"] = estimate_html(estimates.get(f"{row['kind']}:{row['slug']}"))
    return rows


class AudiencesView(AdminPage):
    template_name = "personalization/audiences/index.html"
    page_title = _("Audiences")
    header_icon = "group"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["audiences"] = audiences(with_estimates=True)
        synced = (
            JobRun.objects.filter(name="sync_audiences", last_ok=True)
            .values_list("last_finished", flat=True)
            .first()
        )
        context["members_updated"] = ago(synced) if synced else ""
        context["members_often"] = how_often("sync_audiences")
        context["estimates_often"] = how_often("estimate_audiences")
        return context


class _Echo:
    def write(self, value):
        return value


def export_members(request, kind: str, slug: str):
    """CSV of the user keys in a segment or persona now: identified profiles with consent only."""
    known = {(a["kind"], a["slug"]) for a in audiences()}
    if (kind, slug) not in known:
        raise Http404("No such segment or persona.")
    writer = csv.writer(_Echo())
    now = timezone.now()

    def rows():
        yield writer.writerow(["user_key"])
        for user_key in members(f"{kind}:{slug}", now):
            yield writer.writerow([user_key])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-{slug}-members.csv"'
    return response
