"""Admin views: the site-wide coverage report, one page's coverage, and "Preview as…"."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page, Site

from personalization import settings as tailor_settings
from personalization.models import JourneyStage, Persona
from personalization.page_editing.coverage import Axis, find_gaps
from personalization.page_editing.coverage_data import (
    Names,
    choice_points,
    page_grids,
    persona_axes,
    stage_axes,
    variant_options,
)
from personalization.page_editing.visitor_form import SampleVisitorForm, country_code
from personalization.preview import MAX_AGE, issue_preview_token
from personalization.rules.read_segments import load_book_for

from .buttons import is_personalizable
from .rule_test import run_test
from .segments import editable_segments

DEFAULT_FRONTEND_URL = tailor_settings.DEFAULTS["FRONTEND_URL"]
DEVICES = [
    ("", _("As detected")),
    ("mobile", _("Mobile")),
    ("tablet", _("Tablet")),
    ("desktop", _("Desktop")),
]


def editable_page(request, page_id: int) -> Page:
    """The page, specific, if the user may edit it (404 / 403 otherwise)."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


class AdminPage(WagtailAdminTemplateMixin, TemplateView):
    """A plain admin screen whose header names it (the default breadcrumbs stop at "Home")."""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]


class PageCoverageView(AdminPage):
    """The persona x stage grids of one page, as its latest revision (draft or live) has it."""

    template_name = "personalization/admin/page_coverage.html"
    header_icon = "table"

    def get_page_title(self):
        return gettext("Coverage: %(page)s") % {"page": self.page.get_admin_display_title()}

    def dispatch(self, request, *args, **kwargs):
        self.page = editable_page(request, kwargs["page_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        latest = (
            self.page.get_latest_revision_as_object()
            if self.page.has_unpublished_changes
            else self.page
        )
        context.update(
            page=self.page,
            grids=page_grids(latest),
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
        )
        return context


class CoverageReportView(AdminPage):
    """Site-wide: personas, stages and persona x stage cells that no live page has content for."""

    template_name = "personalization/admin/coverage_report.html"
    page_title = _("Coverage report")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        names = Names.load()
        personas = persona_axes()
        context["sites"] = [
            self.site_report(site, personas, names) for site in Site.objects.order_by("pk")
        ]
        context["persona_url"] = reverse("persona:index")
        context["stage_url"] = reverse("journeystage:index")
        return context

    @staticmethod
    def site_report(site: Site, personas: list[Axis], names: Names) -> dict:
        stages = stage_axes(site)
        pages, points, scopes = [], [], []
        for page in site.root_page.get_descendants(inclusive=True).live().specific():
            if not is_personalizable(page):
                continue
            variants = variant_options(page, names)
            blocks = choice_points(page, variants)
            page_points = [variants] + [point.options for point in blocks]
            points += page_points
            scopes += [None] + [point.scope for point in blocks]
            pages.append(
                {
                    "page": page,
                    "alternatives": sum(len(p) for p in page_points),
                    "url": reverse("personalization_admin:page_coverage", args=[page.pk]),
                }
            )
        gaps = find_gaps(points, personas, stages, scopes)
        rows = [
            {
                "persona": persona,
                "cells": [
                    {"stage": stage, "count": gaps.covered[(persona.slug, stage.slug)]}
                    for stage in stages
                ],
            }
            for persona in personas
        ]
        return {"site": site, "stages": stages, "gaps": gaps, "rows": rows, "pages": pages}


class PreviewForm(forms.Form):
    """Who to preview as; every field optional (blank: as the rules would decide)."""

    persona = forms.ChoiceField(required=False)
    stage = forms.ChoiceField(required=False)
    country = forms.CharField(
        required=False,
        help_text=_("Two letters, e.g. SE, GB, US."),
        widget=forms.TextInput(attrs={"placeholder": "SE"}),
    )
    device = forms.ChoiceField(required=False, choices=DEVICES)

    def __init__(self, *args, site: Site | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        persona_field, stage_field = self.fields["persona"], self.fields["stage"]
        assert isinstance(persona_field, forms.ChoiceField)  # declared above
        assert isinstance(stage_field, forms.ChoiceField)
        persona_field.choices = [("", gettext("As the rules decide"))] + list(
            Persona.objects.order_by("sort_order", "pk").values_list("slug", "name")
        )
        stages = JourneyStage.objects.order_by("order", "pk")
        if site is not None:
            stages = stages.filter(Q(site__isnull=True) | Q(site=site))
        stage_field.choices = [("", gettext("As the rules decide"))] + list(
            dict.fromkeys(stages.values_list("slug", "name"))
        )

    def clean_country(self) -> str:
        return country_code(self.cleaned_data.get("country"))


def frontend_preview_url(page: Page, token: str, choices: dict[str, str]) -> str:
    """`{FRONTEND_URL}{path}?preview_token=…&persona=…&stage=…&country=…&device=…`, where path is
    the page's path under its site root ("/" for the home page); blank choices are left out."""
    base = tailor_settings.frontend_url() or DEFAULT_FRONTEND_URL
    parts = page.get_url_parts()
    path = parts[2] if parts else "/"
    query = {"preview_token": token, **{k: v for k, v in choices.items() if v}}
    return f"{base}{path}?{urlencode(query)}"


class PreviewAsView(AdminPage):
    """Issues a preview token for this editor and page and builds the frontend link."""

    template_name = "personalization/admin/preview_as.html"
    header_icon = "view"

    def dispatch(self, request, *args, **kwargs):
        self.page = editable_page(request, kwargs["page_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return gettext("Preview as…: %(page)s") % {"page": self.page.get_admin_display_title()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = PreviewForm(self.request.GET or None, site=self.page.get_site())
        token = issue_preview_token(self.request.user, self.page)
        choices = form.cleaned_data if form.is_bound and form.is_valid() else {}
        context.update(
            page=self.page,
            form=form,
            token=token,
            valid_minutes=int(MAX_AGE.total_seconds() // 60),
            preview_url=frontend_preview_url(self.page, token, choices)
            if not form.errors
            else None,
        )
        return context


class TestRulesView(AdminPage):
    """ "Test these rules" for one persona, journey stage or segment (its saved rules)."""

    template_name = "personalization/admin/test_rules.html"
    header_icon = "success"
    KINDS = {
        "persona": (Persona, "persona:edit", "personalization.change_persona"),
        "stage": (JourneyStage, "journeystage:edit", "personalization.change_journeystage"),
        "segment": (None, "segments:edit", "wagtail_personalisation.change_segment"),
    }

    def dispatch(self, request, *args, **kwargs):
        self.kind = kwargs["kind"]
        if self.kind not in self.KINDS:
            raise Http404
        model, self.edit_url_name, permission = self.KINDS[self.kind]
        if not request.user.has_perm(permission):
            raise PermissionDenied
        queryset = editable_segments() if model is None else model.objects.all()
        self.object = get_object_or_404(queryset, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return gettext("Test these rules: %(object)s") % {"object": self.object}

    def condition(self) -> tuple[dict | None, str]:
        """The saved rules as one condition, and a note when there is something to know."""
        segment_id = self.object.pk if self.kind == "segment" else self.object.rules_id
        if segment_id is None:
            return None, gettext("This %(kind)s has no rules: no visitor gets it by rules.") % {
                "kind": self.kind
            }
        book = load_book_for([segment_id])
        note = ""
        if self.kind == "segment" and not book.segments[segment_id].enabled:
            note = gettext(
                "This segment is disabled: the engine treats it as never matching. The test shows its rules."
            )
        return book.condition(segment_id), note

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SampleVisitorForm(self.request.GET if "test" in self.request.GET else None)
        condition, note = self.condition()
        result = None
        if form.is_bound and form.is_valid():
            site = Site.objects.filter(is_default_site=True).first()
            result = run_test(condition, form, site)
        context.update(
            object=self.object,
            kind=self.kind,
            form=form,
            result=result,
            note=note,
            edit_url=reverse(self.edit_url_name, args=[self.object.pk]),
        )
        return context
