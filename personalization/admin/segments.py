"""Segments in the admin: Tailor's own screens for wagtail-personalisation's Segment model.

The plugin's screens (wagtail_modeladmin) offered two overlapping rule vocabularies, fields the
engine never reads (persistent, static/dynamic with its count, randomisation percent) and
counters that never move here (its visit counter and page counts belong to its copied-page
variants and per-request segmenting, which Tailor does not use). They are replaced by:

- a listing of the segments editors made or loaded (owned rule groups of personas and stages are
  not segments and are never listed), with slug, status, the rules in the engine's own words
  and where each segment is used, and how many profiled visitors are in it now and among those
  seen in the last 30 days, with how that was counted (audiences/estimates.py);
- an editor with name, status, all/any and Tailor's rule builder, and the slug shown;
- a delete screen that names what uses the segment and refuses while anything does.
"""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, Panel
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail_personalisation.models import Segment

from personalization import display_names
from personalization.models import SegmentIdentity
from personalization.rules.editor_values import (
    BETWEEN,
    LIST_OPERATORS,
    OPERATOR_LABELS,
    split_list,
)
from personalization.rules.read_segments import Book, load_book
from personalization.segments.forms import SegmentForm

from .estimate_column import EstimateColumn, EstimateIndexMixin
from .health import HealthColumn, HealthMessagesMixin
from .listing import RefusingDeleteView, UsageIndexMixin, UsedByColumn
from .rule_builder import legacy_rules, rules_group

STATUS_CHOICES = [
    (Segment.STATUS_ENABLED, "Enabled: the engine evaluates it"),
    (Segment.STATUS_DISABLED, "Disabled: never matches"),
]


def editable_segments():
    return Segment.objects.exclude(identity__role=SegmentIdentity.OWNED).select_related("identity")


def segment_slug(segment: Segment) -> str | None:
    identity = getattr(segment, "identity", None) if segment.pk else None
    return identity.slug if identity is not None else None


#: Each signal's name without the editor's examples ("Channel", not "Channel (direct, ...)"):
#: the examples help while typing a rule, not on every row of a listing.
_SHORT_LABELS = {
    "referrer_domain": _("Referrer domain"),
    "landing_path": _("Landing page path"),
    "local_hour": _("Hour of the day"),
    "weekday": _("Weekday"),
}
_VALUE_NAMES = {
    "channel": display_names.channel_name,
    "device": display_names.device_name,
    "country": display_names.country_name,
    "continent": lambda code: str(display_names.CONTINENT_NAMES.get(code.upper(), code)),
}


def signal_rule_words(rule) -> str:
    """One signal rule as a marketer says it: "Traffic source: Channel is Paid search ads"."""
    signal = rule.signal
    label = str(_SHORT_LABELS.get(signal) or rule.get_signal_display()).split(" (")[0]
    values = split_list(rule.value) if rule.operator in LIST_OPERATORS else [rule.value]
    name = _VALUE_NAMES.get(signal)
    if name is not None:
        values = [name(v) for v in values]
    title = str(type(rule)._meta.verbose_name).capitalize()
    if rule.negate:
        title = gettext("%(title)s (excluded)") % {"title": title}
    if rule.operator == BETWEEN and len(values) == 2:
        low, high = values
        return gettext("%(title)s: %(label)s is between %(low)s and %(high)s") % {
            "title": title,
            "label": label,
            "low": low,
            "high": high,
        }
    operator = str(OPERATOR_LABELS.get(rule.operator, rule.operator))
    return f"{title}: {label} {operator} {', '.join(str(v) for v in values)}"


def rules_in_words(book: Book, segment_id: int) -> str:
    """ "Location: Country is one of SE, NO · and · Events (excluded): trial_started ..." as the
    editor's rule rows say it; "No rules: never matches" for an empty segment."""
    rows = book.rows.get(segment_id, [])
    if not rows:
        return gettext("No rules: never matches")
    words = []
    for rule in rows:
        if hasattr(rule, "signal") and hasattr(rule, "operator"):
            words.append(signal_rule_words(rule))
            continue
        try:
            info = rule.description()
            words.append(f"{info.get('title')}: {info.get('value')}")
        except Exception:  # noqa: BLE001 - a plugin rule that cannot describe itself
            words.append(str(type(rule)._meta.verbose_name))
    joiner = " · or · " if book.segments[segment_id].match_any else " · and · "
    return joiner.join(words)


class SegmentIdentityPanel(Panel):
    """The slug (references and the site format use it) and any old-style rules, read-only."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "personalization/admin/segment_identity_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["slug"] = segment_slug(self.instance) if self.instance is not None else None
            context["legacy_rules"] = legacy_rules(self.instance)
            pk = self.instance.pk if self.instance is not None else None
            context["test_url"] = (
                reverse("personalization_admin:test_rules", args=["segment", pk]) if pk else None
            )
            return context


class SegmentIndexView(EstimateIndexMixin, UsageIndexMixin, generic.IndexView):
    usage_kind = "segment"
    estimate_kind = "segment"

    def get_base_queryset(self):
        return editable_segments()

    def slug_of(self, obj) -> str | None:
        return segment_slug(obj)

    def paginate_queryset(self, queryset, page_size):
        result = super().paginate_queryset(queryset, page_size)
        book = load_book()
        for segment in result[2]:
            segment.tailor_rules = rules_in_words(book, segment.pk)
        return result


class SegmentCreateView(HealthMessagesMixin, generic.CreateView):
    """Saved with suspicious rules: the form's warnings become messages (admin/health.py)."""


class SegmentEditView(HealthMessagesMixin, generic.EditView):
    def get_queryset(self):
        return editable_segments()


class SegmentDeleteView(RefusingDeleteView):
    usage_kind = "segment"

    def get_queryset(self):
        return editable_segments()

    def slug_of(self, obj) -> str | None:
        return segment_slug(obj)


class SegmentViewSet(ModelViewSet):
    model = Segment
    name = "segments"
    icon = "tag"
    menu_label = _("Segments")
    add_to_admin_menu = False
    index_view_class = SegmentIndexView
    add_view_class = SegmentCreateView
    edit_view_class = SegmentEditView
    delete_view_class = SegmentDeleteView
    copy_view_enabled = False
    inspect_view_enabled = False
    search_fields = ["name"]
    ordering = ["name"]
    list_display = [
        "name",
        Column(
            "slug", label=_("Slug"), accessor=lambda s: segment_slug(s) or gettext("(set on save)")
        ),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("rules", label=_("Rules"), accessor=lambda s: getattr(s, "tailor_rules", "")),
        UsedByColumn(),
        HealthColumn("segment", slug_of=segment_slug),
        EstimateColumn(),
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("name"),
                    SegmentIdentityPanel(heading=_("Slug")),
                    FieldPanel("status", widget=forms.RadioSelect(choices=STATUS_CHOICES)),
                ],
                heading=_("Segment"),
            ),
            rules_group("Rules"),
        ],
        base_form_class=SegmentForm,
    )


class SegmentSummaryItem(SummaryItem):
    """The dashboard's segment count: the segments editors see, not the owned rule groups."""

    order = 2000

    def render_html(self, parent_context=None):
        return format_html(
            '<li><svg class="icon icon-tag icon" aria-hidden="true"><use href="#icon-tag"></use></svg>'
            '<a href="{}"><span>{}</span> {}</a></li>',
            reverse("segments:index"),
            editable_segments().count(),
            gettext("Segments"),
        )
