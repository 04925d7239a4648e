"""The segment editor's form: wagtail-personalisation's own, plus the one check that needs the
whole segment at once: its references must not lead back to it."""
from __future__ import annotations

from typing import Any

from wagtail_personalisation.forms import SegmentAdminForm

from .book import load_book
from .compile import cycles_through, describe_cycle
from .slugs import editor_slug


class SegmentForm(SegmentAdminForm):
    """Rejects a segment whose rules reach itself through segment, persona or stage references."""

    def clean(self):
        cleaned_data = super().clean()
        slug = self._slug(cleaned_data.get("name") or "")
        rules = self._kept_rules()
        condition = load_book().condition_of(rules, bool(cleaned_data.get("match_any")), set())
        cycles = cycles_through(slug, condition)
        if cycles:
            self.add_error(None, f"These rules refer back to this segment ({describe_cycle(cycles[0])}); "
                                 f"remove the reference that closes the loop.")
        return cleaned_data

    def _slug(self, name: str) -> str:
        identity = getattr(self.instance, "identity", None) if self.instance.pk else None
        return identity.slug if identity is not None else editor_slug(name, self.instance.pk)

    def _kept_rules(self) -> list[Any]:
        """Rule rows that will exist after saving: valid, not deleted, not blank extras."""
        kept = []
        for formset in self.formsets.values():
            deleted = formset.deleted_forms if formset.is_bound else []
            for form in formset.forms:
                if form in deleted or not form.is_valid():
                    continue
                if form.instance.pk is None and not form.has_changed():
                    continue
                kept.append(form.instance)
        return kept
