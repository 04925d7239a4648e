"""The segment editor's form: wagtail-personalisation's own, plus the checks of validator.py:
each rule row's values against their vocabulary (the message next to the row's value), a name
no other segment has, and rule health of the whole segment (no rules, unknown references or a
reference cycle refuse the save, next to "Visitors match when they pass"; suspicious rules are
saved and `health_warnings` says why, shown as messages by the view). wagtail-personalisation's
own rule types must still translate into conditions the engine can evaluate."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from wagtail_personalisation.forms import SegmentAdminForm

from personalization.engine.validate import validate_condition
from personalization.rules.legacy import NEVER, legacy_condition
from personalization.rules.models.base import RuleFields
from personalization.rules.read_segments import load_book
from personalization.rules.slugs import editor_slug

from .validator import RULES, check_proposed, known_values, row_findings

# The field of a plugin rule form that holds what the engine cannot use, for the error message.
_LEGACY_FIELDS = {"ReferralRule": "regex_string"}


class SegmentForm(SegmentAdminForm):
    """Rejects a segment whose rules reach itself through segment, persona or stage references,
    and a plugin rule whose condition the engine cannot evaluate (naming the rule)."""

    def clean(self):
        cleaned_data = super().clean()
        self.health_warnings: list[str] = []
        if self._check_plugin_rules() or any(
            not f.is_valid()
            for fs in self.formsets.values()
            for f in fs.forms
            if f not in (fs.deleted_forms if fs.is_bound else [])
        ):
            return cleaned_data  # a rule row is wrong: its own message says so
        slug = self._slug(cleaned_data.get("name") or "")
        book = load_book()
        # Plugin rule rows stored on the segment stay (the builder no longer offers their types).
        stored = [
            row
            for row in book.rows.get(self.instance.pk, [])
            if not isinstance(row, RuleFields)
            and not any(
                row.pk == kept.pk and type(row) is type(kept) for kept in self._kept_rules()
            )
        ]
        rules = [*self._kept_rules(), *stored] if self.instance.pk else self._kept_rules()
        condition = book.condition_of(rules, bool(cleaned_data.get("match_any")), set())
        known = known_values()
        row_errors = False
        for form in self._kept_forms():  # each value next to the rule row that holds it
            for finding in row_findings(form.instance, known):
                if finding.warning:
                    self.health_warnings.append(finding.message)
                else:
                    form.add_error("value" if "value" in form.fields else None, finding.message)
                    row_errors = True
        verdict = check_proposed(
            "segment",
            slug,
            condition,
            name=cleaned_data.get("name") or "",
            pk=self.instance.pk,
            vocabulary=False,
            known=known,
        )
        for problem in verdict.errors:
            self.add_error(self._field_for(problem.field), problem.message)
        if row_errors and not verdict.errors:
            self.add_error(None, gettext("A rule below needs a fix: see the message next to it."))
        self.health_warnings += [problem.message for problem in verdict.warnings]
        return cleaned_data

    def _field_for(self, field: str | None) -> str | None:
        """Rules problems sit next to "Visitors match when they pass", at the head of the rules."""
        if field == RULES:
            field = "match_any"
        return field if field in self.fields else None

    def _check_plugin_rules(self) -> bool:
        """Tailor's rule models validate themselves (RuleFields.clean); the plugin's do not know
        the engine, so each one's condition is validated here, on its own form. True when one
        was refused."""
        refused = False
        for form in self._kept_forms():
            rule = form.instance
            if isinstance(rule, RuleFields):
                continue
            try:
                condition = legacy_condition(rule, [])
            except Exception:  # e.g. a visit-count rule without its page: the plugin form says so
                continue
            name = str(rule._meta.verbose_name).capitalize()
            if condition == NEVER:
                problems = [gettext("it can never match (nothing is selected)")]
            else:
                problems = validate_condition(condition, where=name)
            if problems:
                field = _LEGACY_FIELDS.get(type(rule).__name__)
                message = f"{name}: {problems[0]}"
                form.add_error(field if field in form.fields else None, message)
                self.add_error(None, message)
                refused = True
        return refused

    def _slug(self, name: str) -> str:
        identity = getattr(self.instance, "identity", None) if self.instance.pk else None
        return identity.slug if identity is not None else editor_slug(name, self.instance.pk)

    def _kept_forms(self) -> list[Any]:
        return kept_rule_forms(self)

    def _kept_rules(self) -> list[Any]:
        return [form.instance for form in self._kept_forms()]


def kept_rule_forms(form) -> list[Any]:
    """Rule forms of a segment form (or a persona's or stage's nested rule builder) whose rows
    will exist after saving: valid, not deleted, not blank extras."""
    kept = []
    for formset in form.formsets.values():
        deleted = formset.deleted_forms if formset.is_bound else []
        for child in formset.forms:
            if child in deleted or not child.is_valid():
                continue
            if child.instance.pk is None and not child.has_changed():
                continue
            kept.append(child)
    return kept
