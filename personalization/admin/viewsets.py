"""Personas, journey stages and segments in the admin, grouped under one "Personalization" menu
that also links to the coverage report and the experiments.

Personas and stages edit their rules inline with the segment editor's rule builder
(admin/rule_builder.py); every listing shows slugs and where each object is used, and deleting
an object in use is refused with the list of what uses it (admin/listing.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TitleFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.slug import SlugInput

from personalization.audiences.models import Webhook, WebhookDelivery
from personalization.display_names import yes_no
from personalization.experiments.models import Goal
from personalization.models import JourneyStage, Persona, Trait

from .estimate_column import EstimateColumn, EstimateIndexMixin
from .health import HealthColumn, HealthMessagesMixin, RuleHealthMixin
from .listing import RefusingDeleteView, UsageIndexMixin, UsedByColumn
from .rule_builder import OwnedRulesForm, OwnedRulesPanel
from .segments import SegmentViewSet

SUBMENU_HOOK = "register_personalization_menu_item"


def name_and_slug() -> list[FieldPanel]:
    """The name, and the slug filled from it as it is typed (Wagtail's own slug behaviour: until
    the slug is edited by hand; ASCII only, as the slugs' validator wants)."""
    return [
        TitleFieldPanel("name", classname="", placeholder=False),
        FieldPanel("slug", widget=SlugInput(attrs={"data-w-slug-allow-unicode-value": "false"})),
    ]


class PersonaForm(RuleHealthMixin, OwnedRulesForm, WagtailAdminModelForm):
    health_kind = "persona"
    OWNER_KIND = "persona"
    OWNER_NAME = "Rules of persona {name}"


class StageForm(RuleHealthMixin, OwnedRulesForm, WagtailAdminModelForm):
    health_kind = "stage"
    OWNER_KIND = "stage"
    OWNER_NAME = "Entry rules of stage {name}"


class PersonaIndexView(EstimateIndexMixin, UsageIndexMixin, generic.IndexView):
    usage_kind = "persona"
    estimate_kind = "persona"


class PersonaDeleteView(RefusingDeleteView):
    usage_kind = "persona"


class StageIndexView(UsageIndexMixin, generic.IndexView):
    usage_kind = "stage"


class StageDeleteView(RefusingDeleteView):
    usage_kind = "stage"


class HealthCreateView(HealthMessagesMixin, CreateView):
    """Saved with suspicious rules: the form's warnings become messages (admin/health.py)."""


class HealthEditView(HealthMessagesMixin, EditView):
    """Saved with suspicious rules: the form's warnings become messages (admin/health.py)."""


class PersonaViewSet(ModelViewSet):
    """Personas, drag-and-drop orderable (Persona is an Orderable: Wagtail picks up its
    sort_order field and adds the reorder handles to the listing)."""

    model = Persona
    icon = "user"
    menu_label = _("Personas")
    add_to_admin_menu = False
    index_view_class = PersonaIndexView
    delete_view_class = PersonaDeleteView
    # Listed as the engine ranks them: when several personas match, the highest priority wins.
    ordering = ["-priority", "sort_order", "pk"]
    list_display = [
        "name",
        "slug",
        "priority",
        "score_threshold",
        UsedByColumn(),
        HealthColumn("persona"),
        EstimateColumn(),
    ]
    search_fields = ["name", "description"]
    # Saving refuses rules that can never match and warns about suspicious ones (admin/health.py).
    add_view_class = HealthCreateView
    edit_view_class = HealthEditView
    inspect_view_enabled = True
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            *name_and_slug(),
            FieldPanel("description"),
            MultiFieldPanel(
                [FieldPanel("public_name"), FieldPanel("public_description")],
                heading=_("For visitors"),
            ),
            FieldPanel("tone_of_voice"),
            FieldPanel("image"),
            FieldPanel("priority"),
            OwnedRulesPanel(heading=_("Rules: who has this persona")),
            FieldPanel("score_threshold"),
        ],
        base_form_class=PersonaForm,
    )


class JourneyStageViewSet(ModelViewSet):
    """Journey stages, listed in journey order; `order` is their sort field, so dragging a stage
    changes the order visitors move through."""

    model = JourneyStage
    icon = "list-ol"
    menu_label = _("Journey stages")
    add_to_admin_menu = False
    name = "journeystage"
    sort_order_field = "order"
    index_view_class = StageIndexView
    delete_view_class = StageDeleteView
    list_display = ["name", "slug", "order", "site", UsedByColumn(), HealthColumn("stage")]
    list_filter = ["site"]
    add_view_class = HealthCreateView
    edit_view_class = HealthEditView
    search_fields = ["name"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            *name_and_slug(),
            FieldPanel("order"),
            FieldPanel("site"),
            OwnedRulesPanel(heading=_("Entry rules: who has reached this stage")),
        ],
        base_form_class=StageForm,
    )


class GoalViewSet(ModelViewSet):
    """Goals: what experiments measure (docs/experiments.md); the first is the reports' default."""

    model = Goal
    icon = "crosshairs"
    menu_label = _("Goals")
    add_to_admin_menu = False
    sort_order_field = "sort_order"
    list_display = [
        "name",
        "slug",
        "event",
        "path",
        Column("value", label=_("Measures a value"), accessor=lambda goal: yes_no(goal.value)),
        "window_days",
    ]
    search_fields = ["name", "event"]
    copy_view_enabled = False
    panels = [
        *name_and_slug(),
        FieldPanel("event"),
        FieldPanel("path"),
        FieldPanel("value"),
        FieldPanel("window_days"),
        FieldPanel("sort_order"),
    ]


class TraitViewSet(ModelViewSet):
    """Declared traits: first-party attributes the site's server sets (setTraits, identify,
    import_traits) and that segment rules test (the Trait rule)."""

    model = Trait
    icon = "user"
    menu_label = _("Traits")
    add_to_admin_menu = False
    list_display = ["name", "type", "description"]
    list_filter = ["type"]
    search_fields = ["name", "description"]
    copy_view_enabled = False


class WebhookViewSet(ModelViewSet):
    """Endpoints told (signed) when a known user enters or leaves a segment or persona."""

    model = Webhook
    icon = "link-external"
    menu_label = _("Webhooks")
    add_to_admin_menu = False
    list_display = ["name", "url", "audiences", "active"]
    copy_view_enabled = False


class WebhookDeliveryViewSet(ModelViewSet):
    """The delivery log: every message, its attempts and the last answer (read only)."""

    model = WebhookDelivery
    icon = "history"
    menu_label = _("Webhook deliveries")
    add_to_admin_menu = False
    list_display = [
        "created_at",
        "webhook",
        "event",
        "audience",
        "user_key",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "next_attempt_at",
    ]
    list_filter = ["status", "webhook"]
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["status"]  # an editor may cancel a pending delivery; nothing else is editable


class PersonalizationGroup(ViewSetGroup):
    menu_label = _("Personalization")
    menu_icon = "group"
    menu_order = 250
    items = (
        PersonaViewSet,
        JourneyStageViewSet,
        SegmentViewSet,
        GoalViewSet,
        TraitViewSet,
        WebhookViewSet,
        WebhookDeliveryViewSet,
    )
    # The coverage report and experiments are plain menu items registered with this hook.
    submenu_hook = SUBMENU_HOOK
