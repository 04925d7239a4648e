"""Rule health in the admin: the persona and stage forms refuse rules that can never match or
cannot be evaluated and keep warnings for after the save; the views show those warnings as
Django messages; the listings show a health mark per row (personalization/segments/health.py reads
the database, engine/health.py decides)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from personalization.models import SegmentIdentity
from personalization.segments.health import health_of, proposed_health
from personalization.rules.models.base import RuleFields
from personalization.rules.read_segments import load_book
from personalization.rules.save_segments import read_condition

from .rule_builder import ModelFormMixinBase, kept_rules


class RuleHealthMixin(ModelFormMixinBase):
    """For persona and stage forms: their rules must be healthy. Subclasses say which kind they
    are (`health_kind`) and, when they build the rules themselves (an inline rule builder),
    override `proposed_condition`. `health_warnings` holds what to tell the editor once saved."""

    health_kind = ""

    def proposed_condition(self, cleaned_data: dict[str, Any]) -> dict[str, Any] | None:
        """The rules this form would save, as a site-format condition (None: no rules). Knows
        the inline rule builder of admin/rule_builder.py (`rules_form`); a shared segment still
        used as the rules is checked as the reference `{segment: slug}` it is."""
        rules_form = getattr(self, "rules_form", None)
        if rules_form is not None and getattr(self, "rules_submitted", False):
            rows = kept_rules(rules_form)
            if rows:
                segment = rules_form.instance
                book = load_book()  # owned groups (nested all/any) are inlined
                stored = book.rows.get(segment.pk, []) if segment.pk else []
                plugin_rows = [row for row in stored if not isinstance(row, RuleFields)]
                match_any = (
                    bool(rules_form.cleaned_data.get("match_any"))
                    if rules_form.is_valid()
                    else False
                )
                return book.condition_of([*rows, *plugin_rows], match_any, set())
            segment = getattr(self, "shared_segment", None)
        elif rules_form is not None:
            segment = self.instance.rules if self.instance.pk and self.instance.rules_id else None
        else:
            segment = cleaned_data.get("rules")
        if segment is None:
            return None
        identity = SegmentIdentity.objects.filter(segment=segment).first()
        if identity is not None and identity.role == SegmentIdentity.PUBLIC:
            return {"segment": identity.slug}
        return read_condition(segment)

    def clean(self):
        cleaned_data = super().clean()
        self.health_warnings: list[str] = []
        slug = cleaned_data.get("slug")
        if not slug or self.errors:
            return cleaned_data
        verdict = proposed_health(
            self.health_kind,
            slug,
            self.proposed_condition(cleaned_data),
            old_slug=self.instance.slug if self.instance.pk else None,
            order=cleaned_data.get("order"),
            name=cleaned_data.get("name") or slug,
            site=cleaned_data.get("site"),
        )
        field = "rules" if "rules" in self.fields else None  # the inline builder: form-wide
        for message in verdict.errors:
            self.add_error(field, message)
        self.health_warnings = verdict.warnings
        return cleaned_data


def warn(request, form) -> None:
    """The form's rule-health warnings as Django messages (shown on the next page)."""
    for message in getattr(form, "health_warnings", ()):
        messages.warning(
            request, gettext("Saved, but check the rules: %(problem)s") % {"problem": message}
        )


class HealthMessagesMixin:
    """For create/edit views: after a successful save, the form's warnings become messages."""

    def form_valid(self, form):
        response = super().form_valid(form)
        warn(self.request, form)
        return response


class HealthColumn(Column):
    """ "✓ OK", "⚠ Warning" or "✕ Broken" with the first problem, computed once per listing."""

    cell_template_name = "personalization/admin/health_cell.html"

    def __init__(self, kind: str, slug_of=lambda obj: getattr(obj, "slug", None), **kwargs):
        super().__init__("rule_health", label=_("Rule health"), **kwargs)
        self.kind, self.slug_of = kind, slug_of

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        slug = self.slug_of(instance)
        health, problems = (
            health_of(self.kind, slug, parent_context.get("request")) if slug else ("ok", [])
        )
        context.update(health=health, problems=problems)
        return context
