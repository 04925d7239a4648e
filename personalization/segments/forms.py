"""The segment editor's form: wagtail-personalisation's own, plus the checks that need the whole
segment at once: wagtail-personalisation's own rules must translate into conditions the engine
can evaluate (a Referral Rule's regex must be one RE2 accepts), and rule health
(engine/health.py): no rules at all, unknown references or a reference cycle refuse the save;
suspicious rules are saved and `health_warnings` says why (shown as messages by the view)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from wagtail_personalisation.forms import SegmentAdminForm

from personalization.engine.validate import validate_condition

from .health import proposed_health
from personalization.rules.legacy import NEVER, legacy_condition
from personalization.rules.models.base import RuleFields
from personalization.rules.read_segments import load_book
from personalization.rules.slugs import editor_slug

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
        verdict = proposed_health("segment", slug, condition, name=cleaned_data.get("name") or slug)
        for message in verdict.errors:
            self.add_error(
                None, gettext("These rules cannot be saved: %(message)s") % {"message": message}
            )
        self.health_warnings = verdict.warnings
        return cleaned_data

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
        """Rule forms whose rows will exist after saving: valid, not deleted, not blank extras."""
        kept = []
        for formset in self.formsets.values():
            deleted = formset.deleted_forms if formset.is_bound else []
            for form in formset.forms:
                if form in deleted or not form.is_valid():
                    continue
                if form.instance.pk is None and not form.has_changed():
                    continue
                kept.append(form)
        return kept

    def _kept_rules(self) -> list[Any]:
        return [form.instance for form in self._kept_forms()]
