"""Read-only panels of the page editor."""

from __future__ import annotations

from wagtail.admin.panels import Panel

from .variant_fields import FIELDS, LABELS, overrides


class VariantFieldsPanel(Panel):
    """Inside a page variant: which fields it overrides and which it inherits from the page."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "pages/variant_fields_panel.html"

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
