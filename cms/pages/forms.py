"""The admin form of personalizable pages: refuses what the engine could not serve sensibly.

- Two page variants, or two alternatives of a `personalized` block, with the same target where
  either has no weight: the engine could not tell which one a visitor gets. (All weighted is an
  A/B test and fine.) A variant or alternative without any target is refused too.
- Placeholders other than {city}, {region} and {country} in the title, intro and block texts of
  the page and of its variants: they would reach visitors as literal braces.

A variant stores only the fields it overrides; which ones is the editor's explicit choice per
field (variant_fields.py).

The rules themselves are plain functions in personalization/page_editing/variant_checks.py; this module only
maps them onto form fields so each message shows next to what it is about."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import BlockField, StreamBlockValidationError

from personalization.page_editing.placeholders import placeholder_error
from personalization.page_editing.targets import limit_formset_targets
from personalization.page_editing.variant_checks import (
    Targeted,
    find_ties,
    no_target_message,
    schedule_message,
    stream_errors,
    tie_message,
)

from .variant_fields import apply_sources, show_page_values

if TYPE_CHECKING:
    from .models import PageVariant  # models.py imports this module

TEXT_FIELDS = {"title": "Title", "intro": "Intro"}


def check_texts(form: forms.BaseForm, where: str) -> None:
    """Unknown placeholders in the form's title, intro and body, as errors on those fields."""
    data = getattr(form, "cleaned_data", {})
    for name, label in TEXT_FIELDS.items():
        if data.get(name):
            message = placeholder_error(f"{where}{label}", data[name])
            if message:
                form.add_error(name, message)
    body = data.get("body")
    if body is not None and "body" in form.fields:
        body_field = form.fields["body"]
        assert isinstance(body_field, BlockField)  # a StreamField's form field
        raw = body_field.block.get_prep_value(body)
        errors = stream_errors(raw, f"{where}Body")
        if errors:
            form.add_error(
                "body",
                StreamBlockValidationError(
                    block_errors={
                        index: ValidationError(messages) for index, messages in errors.items()
                    }
                ),
            )


def _kept_forms(formset: Any) -> list[forms.BaseModelForm[PageVariant]]:
    """The variant forms that will be saved: not deleted, not an untouched blank extra."""
    kept = []
    for form in formset.forms:
        form.errors  # noqa: B018  (cleans the child form so cleaned_data exists)
        if formset.can_delete and formset._should_delete_form(form):
            continue
        if form.instance.pk is None and not form.has_changed():
            continue
        kept.append(form)
    return kept


def _slug_or_name(obj: Any) -> str | None:
    """Personas and stages by slug (as the site format names them), segments by name."""
    if obj is None:
        return None
    return getattr(obj, "slug", None) or str(obj)


class PersonalizablePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formset = self.formsets.get("variants")
        limit_formset_targets(formset)  # the same lists as block alternatives
        if formset is not None:
            show_page_values(self.instance, formset)

    def clean(self):
        cleaned_data = super().clean()
        check_texts(self, "")
        formset = self.formsets.get("variants")
        if formset is not None:
            kept = _kept_forms(formset)
            apply_sources(kept, cleaned_data)
            self._check_variants(kept)
        return cleaned_data

    def _check_variants(self, variant_forms: list[forms.BaseModelForm[PageVariant]]) -> None:
        targeted: list[tuple[forms.BaseModelForm[PageVariant], Targeted]] = []
        for form in variant_forms:
            data = getattr(form, "cleaned_data", {})
            name = data.get("name") or form.instance.name or "(unnamed)"
            check_texts(form, f"Variant '{name}', ")
            targeted.append(
                (
                    form,
                    Targeted(
                        f"Variant '{name}'",
                        _slug_or_name(data.get("persona")),
                        _slug_or_name(data.get("stage")),
                        _slug_or_name(data.get("segment")),
                        data.get("weight"),
                        data.get("go_live_at"),
                        data.get("expire_at"),
                    ),
                )
            )
        items = [t for _, t in targeted]
        form_of = {id(t): form for form, t in targeted}
        for form, item in targeted:
            if not item.has_target:
                form.add_error(None, no_target_message(item))
            message = schedule_message(item)
            if message:
                form.add_error("expire_at", message)
        for first, second in find_ties(items):
            # The message names both; it shows on the later one, which is usually the new one.
            form_of[id(second)].add_error(None, tie_message(first, second))
