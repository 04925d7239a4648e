"""Panels of the page editor for page variants."""

from __future__ import annotations

from django import forms
from wagtail.admin.panels import InlinePanel, Panel
from wagtail.admin.panels.base import get_form_for_model

from .variant_fields import FIELDS, LABELS, VariantForm, overrides


class VariantsPanel(InlinePanel):
    """The page's variants, each with its form's per-field "Inherit" / "Override" choice."""

    def get_form_options(self):
        options = super().get_form_options()
        child = self.child_edit_handler.get_form_options()
        extra = {}
        if child.get("defer_required_on_fields"):
            extra["defer_required_on_fields"] = child["defer_required_on_fields"]
        options["formsets"][self.relation_name]["form"] = get_form_for_model(
            self.db_field.related_model, form_class=VariantForm, **extra
        )
        return options


class VariantFieldsPanel(Panel):
    """Inside a page variant: which fields it overrides and which it inherits from the page."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "pages/variant_fields_panel.html"

        @property
        def media(self):
            return forms.Media(js=["pages/variant_fields.js"])

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            variant = self.instance
            # The "Add variant" template form is the one with the placeholder prefix; every other
            # form holds a variant of the page (published or only in a draft: no pk then).
            saved = variant is not None and "__prefix__" not in (
                getattr(self.form, "prefix", "") or ""
            )
            own = overrides(variant) if saved else []
            context.update(
                saved=saved,
                overrides=[LABELS[n] for n in own],
                inherits=[LABELS[n] for n in FIELDS if n not in own],
            )
            return context
