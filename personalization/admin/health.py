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
from personalization.rules.models.base import RuleFields
from personalization.rules.read_segments import load_book
from personalization.rules.save_segments import read_condition
from personalization.segments.health import health_of
from personalization.segments.validator import RULES, check_proposed, known_values, row_findings

from .rule_builder import ModelFormMixinBase, kept_rule_forms, kept_rules


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
        rules_form = getattr(self, "rules_form", None)
        inline = rules_form is not None and getattr(self, "rules_submitted", False)
        known = known_values()
        if inline:  # each value next to the rule row that holds it
            for form in kept_rule_forms(rules_form):
                for finding in row_findings(form.instance, known):
                    if finding.warning:
                        self.health_warnings.append(finding.message)
                    else:
                        form.add_error("value" if "value" in form.fields else None, finding.message)
        verdict = check_proposed(
            self.health_kind,
            slug,
            self.proposed_condition(cleaned_data),
            name=cleaned_data.get("name") or "",
            pk=self.instance.pk,
            old_slug=self.instance.slug if self.instance.pk else None,
            order=cleaned_data.get("order"),
            site=cleaned_data.get("site"),
            vocabulary=not inline,
            known=known,
        )
        for problem in verdict.errors:
            if problem.field == RULES and inline:  # next to "Visitors match when they pass"
                rules_form.add_error("match_any", problem.message)
            elif problem.field == RULES:
                self.add_error("rules" if "rules" in self.fields else None, problem.message)
            else:
                self.add_error(problem.field, problem.message)
        self.health_warnings += [problem.message for problem in verdict.warnings]
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
