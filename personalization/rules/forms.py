"""The segment editor's form: wagtail-personalisation's own, plus the checks that need the whole
segment at once: wagtail-personalisation's own rules must translate into conditions the engine
can evaluate (a Referral Rule's regex must be one RE2 accepts), and its references must not lead
back to it."""
from __future__ import annotations

from typing import Any

from wagtail_personalisation.forms import SegmentAdminForm

from personalization.engine.validate import validate_condition

from .book import load_book
from .compile import cycles_through, describe_cycle
from .legacy import NEVER, legacy_condition
from .models.base import RuleFields
from .slugs import editor_slug

# The field of a plugin rule form that holds what the engine cannot use, for the error message.
_LEGACY_FIELDS = {"ReferralRule": "regex_string"}


class SegmentForm(SegmentAdminForm):
    """Rejects a segment whose rules reach itself through segment, persona or stage references,
    and a plugin rule whose condition the engine cannot evaluate (naming the rule)."""

    def clean(self):
        cleaned_data = super().clean()
        self._check_plugin_rules()
        slug = self._slug(cleaned_data.get("name") or "")
        rules = self._kept_rules()
        condition = load_book().condition_of(rules, bool(cleaned_data.get("match_any")), set())
        cycles = cycles_through(slug, condition)
        if cycles:
            self.add_error(None, f"These rules refer back to this segment ({describe_cycle(cycles[0])}); "
                                 f"remove the reference that closes the loop.")
        return cleaned_data

    def _check_plugin_rules(self) -> None:
        """Tailor's rule models validate themselves (RuleFields.clean); the plugin's do not know
        the engine, so each one's condition is validated here, on its own form."""
        for form in self._kept_forms():
            rule = form.instance
            if isinstance(rule, RuleFields):
                continue
            try:
                condition = legacy_condition(rule, [])
            except Exception:   # e.g. a visit-count rule without its page: the plugin form says so
                continue
            name = str(rule._meta.verbose_name).capitalize()
            if condition == NEVER:
                problems = ["it can never match (nothing is selected)"]
            else:
                problems = validate_condition(condition, where=name)
            if problems:
                field = _LEGACY_FIELDS.get(type(rule).__name__)
                message = f"{name}: {problems[0]}"
                form.add_error(field if field in form.fields else None, message)
                self.add_error(None, message)

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
