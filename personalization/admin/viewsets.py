"""Personas and journey stages in the admin, grouped under one "Personalization" menu that also
links to wagtail-personalisation's segments and to the coverage report."""
from __future__ import annotations

from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from personalization.models import JourneyStage, Persona

SUBMENU_HOOK = "register_personalization_menu_item"


class PersonaViewSet(ModelViewSet):
    """Personas, drag-and-drop orderable (Persona is an Orderable: Wagtail picks up its
    sort_order field and adds the reorder handles to the listing)."""

    model = Persona
    icon = "user"
    menu_label = "Personas"
    add_to_admin_menu = False
    list_display = ["name", "slug", "priority", "rules", "score_threshold"]
    search_fields = ["name", "description"]
    inspect_view_enabled = True
    copy_view_enabled = False


class JourneyStageViewSet(ModelViewSet):
    """Journey stages, listed in journey order; `order` is their sort field, so dragging a stage
    changes the order visitors move through."""

    model = JourneyStage
    icon = "list-ol"
    menu_label = "Journey stages"
    add_to_admin_menu = False
    name = "journeystage"
    sort_order_field = "order"
    list_display = ["name", "slug", "order", "site", "rules"]
    list_filter = ["site"]
    search_fields = ["name"]
    copy_view_enabled = False


class PersonalizationGroup(ViewSetGroup):
    menu_label = "Personalization"
    menu_icon = "group"
    menu_order = 250
    items = (PersonaViewSet, JourneyStageViewSet)
    # Segments and the coverage report are plain menu items registered with this hook.
    submenu_hook = SUBMENU_HOOK
