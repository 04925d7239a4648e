"""The rule builder: the one editor of conditions, used by segments, personas and journey stages.

It offers Tailor's rule models only (personalization/rules/models: the conditions the engine
evaluates exactly as labelled). wagtail-personalisation's own rule types (Time Rule, Device Rule,
Query Rule, Referral Rule, Visit count, Day rule, ...) overlap with them and are not offered;
rows of those types already stored keep working (personalization/rules/legacy.py reads them)
and are listed read-only beside the builder so nobody wonders why a segment matches.

Personas and stages keep their rules in an owned segment (SegmentIdentity role "owned", slug
"persona--<slug>" / "stage--<slug>", the same as load_site writes). `OwnedRulesForm` edits that
segment inside the persona's or stage's own form, so a marketer never picks a rule group from a
list of segments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db import transaction
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, Panel
from wagtail_personalisation.models import RulePanel, Segment

from personalization.models import SegmentIdentity
from personalization.rules.models import RULE_MODELS
from personalization.rules.models.base import RuleFields
from personalization.rules.read_segments import load_book_for
from personalization.segments.forms import kept_rule_forms

RULES = _("Rules")

MATCH_CHOICES = [(False, _("all of these rules")), (True, _("any of these rules"))]


def rule_panels() -> list[Panel]:
    """One inline list per Tailor rule model, in the catalogue's order."""
    return [
        RulePanel(
            f"{model._meta.db_table}_related", label=str(model._meta.verbose_name).capitalize()
        )
        for model in RULE_MODELS
    ]


def match_any_panel() -> FieldPanel:
    return FieldPanel(
        "match_any",
        heading=_("Visitors match when they pass"),
        # The plugin's help text asks whether "the segment" should match: wrong on a persona's
        # or stage's form, and a repeat of the choices on a segment's.
        help_text=_("“Any” matches a visitor who passes at least one of the rules below."),
        widget=forms.RadioSelect(choices=MATCH_CHOICES),
    )


def rules_group(heading: str | Promise = RULES) -> MultiFieldPanel:
    return MultiFieldPanel(
        [match_any_panel(), *rule_panels()], heading=heading, classname="tailor-rules"
    )


def kept_rules(form) -> list[Any]:
    """Rule rows of a segment form that will exist after saving: valid, not deleted, not blank."""
    return [child.instance for child in kept_rule_forms(form)]


def legacy_rules(segment: Segment | None) -> list[str]:
    """wagtail-personalisation rule rows stored on a segment, described in words (read-only)."""
    if segment is None or segment.pk is None:
        return []
    book = load_book_for([segment.pk])
    described = []
    for rule in book.rows.get(segment.pk, []):
        if isinstance(rule, RuleFields):
            continue
        kind = str(type(rule)._meta.verbose_name)
        try:
            info = rule.description()
            described.append(f"{kind} — {info.get('title', '')}: {info.get('value', '')}")
        except Exception:  # noqa: BLE001 - a plugin rule that cannot describe itself is still listed
            described.append(kind)
    return described


class RulesOnlyForm(WagtailAdminModelForm):
    """The rule rows and the all/any switch of an owned segment (no name, status or slug)."""


_RULES_EDIT_HANDLER = ObjectList([match_any_panel(), *rule_panels()], base_form_class=RulesOnlyForm)


def rules_edit_handler() -> ObjectList:
    """Bound lazily: binding needs every model loaded."""
    global _RULES_EDIT_HANDLER
    if _RULES_EDIT_HANDLER.model is None:
        _RULES_EDIT_HANDLER = _RULES_EDIT_HANDLER.bind_to_model(Segment)
    return _RULES_EDIT_HANDLER


if TYPE_CHECKING:
    # What the form mixins here and in health.py are mixed into (a persona's or stage's form).
    ModelFormMixinBase = forms.ModelForm[Any]
else:
    ModelFormMixinBase = object


class OwnedRulesForm(ModelFormMixinBase):
    """Mixin for the persona and stage admin forms: a nested rule builder (prefix "rules")
    bound to the owner's owned segment, saved with the owner.

    Owned slugs follow load_site: "persona--<slug>" / "stage--<slug>". A persona or stage
    whose rules are an old-style public segment picked from a list keeps it until the marketer
    adds rules here; then the rules are copied into a new owned segment (the public one stays).
    """

    OWNER_KIND = "persona"
    OWNER_NAME = "Rules of persona {name}"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        segment = self._owned_segment()
        form_class = rules_edit_handler().get_form_class()
        # A POST without the builder's lists (a script, an older form) leaves the rules as they are.
        self.rules_submitted = self.is_bound and any(
            key.startswith("rules-") and key.endswith("-TOTAL_FORMS") for key in self.data
        )
        self.rules_form = form_class(
            self.data if self.rules_submitted else None,
            self.files if self.rules_submitted else None,
            instance=segment or Segment(name="rules"),
            prefix="rules",
        )
        self.shared_segment = (
            self.instance.rules if segment is None and self.instance.rules_id else None
        )

    def _owned_segment(self) -> Segment | None:
        if not self.instance.pk or not self.instance.rules_id:
            return None
        owned = SegmentIdentity.objects.filter(
            segment_id=self.instance.rules_id, role=SegmentIdentity.OWNED
        )
        return self.instance.rules if owned.exists() else None

    @property
    def media(self):
        return super().media + self.rules_form.media

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if not self.rules_submitted:
            return valid
        return self.rules_form.is_valid() and valid

    def has_rules(self) -> bool:
        return bool(kept_rules(self.rules_form))

    def save(self, commit: bool = True):
        instance = super().save(commit=False)
        with transaction.atomic():
            if self.rules_submitted:
                instance.rules = self._save_rules(instance)
            if commit:
                instance.save()
                self.save_m2m()
        return instance

    def _save_rules(self, instance) -> Segment | None:
        segment = self.rules_form.instance
        if not self.has_rules():
            if segment.pk is not None:
                segment.delete()  # no rules left: the owned segment goes
                return None
            return self.shared_segment
        slug = f"{self.OWNER_KIND}--{instance.slug}"
        segment.name = self.OWNER_NAME.format(name=instance.name)
        if segment.pk is None:
            segment._tailor_identity_pending = True  # signal_handlers: no public slug from the name
        segment = self.rules_form.save()
        identity = SegmentIdentity.objects.filter(segment=segment).first()
        if identity is None:
            SegmentIdentity.objects.create(
                segment=segment, slug=_free_owned_slug(slug, segment.pk), role=SegmentIdentity.OWNED
            )
        elif (
            identity.slug != slug
            and not SegmentIdentity.objects.filter(slug=slug).exclude(pk=identity.pk).exists()
        ):
            identity.slug = slug
            identity.save(update_fields=["slug"])
        return segment


def _free_owned_slug(slug: str, segment_id: int) -> str:
    taken = set(
        SegmentIdentity.objects.filter(slug__startswith=slug)
        .exclude(segment_id=segment_id)
        .values_list("slug", flat=True)
    )
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


__all__ = [
    "OwnedRulesForm",
    "OwnedRulesPanel",
    "kept_rule_forms",
    "kept_rules",
    "legacy_rules",
    "rule_panels",
    "rules_group",
]


class OwnedRulesPanel(Panel):
    """The rule builder inside a persona's or stage's form (needs a form with OwnedRulesForm)."""

    def __init__(self, heading: str | Promise = RULES, **kwargs):
        super().__init__(heading=heading, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "personalization/admin/owned_rules_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            rules_form = self.form.rules_form
            context["builder"] = rules_edit_handler().get_bound_panel(
                instance=rules_form.instance,
                form=rules_form,
                request=self.request,
                prefix="rules-panel",
            )
            context["shared_segment"] = self.form.shared_segment
            context["legacy_rules"] = legacy_rules(rules_form.instance)
            owner = self.form.instance
            context["test_url"] = (
                reverse("personalization_admin:test_rules", args=[self.form.OWNER_KIND, owner.pk])
                if owner.pk
                else None
            )
            return context
