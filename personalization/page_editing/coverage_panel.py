"""The coverage matrix inside the page editor: a read-only panel (no form fields) drawing the
persona x stage grids of the page as it is being edited (the latest revision, draft or not)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from .coverage_data import page_grids

HEADING = _("Coverage")


class CoveragePanel(Panel):
    """Add to a page type's panels: `CoveragePanel(heading="Coverage")`."""

    def __init__(self, heading: str | Promise = HEADING, **kwargs):
        super().__init__(heading=heading, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "personalization/admin/coverage_panel.html"

        def get_context_data(self, parent_context=None):
            # Imported here: page models import this panel, and the coverage code imports models.
            context = super().get_context_data(parent_context)
            context["grids"] = page_grids(self.instance) if self.instance is not None else []
            return context
