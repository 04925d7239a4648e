"""Who an alternative is for: the same lists, in the same order and with the same empty labels,
for page variants (foreign keys) and for the alternatives of personalized blocks (slugs).

Personas in their priority order, journey stages in journey order, and segments an editor made
or loaded; the rule groups personas and stages own are not segments and are never offered."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail_personalisation.models import Segment

from personalization.models import JourneyStage, Persona, SegmentIdentity

EMPTY_LABELS = {"persona": _("Any persona"), "stage": _("Any stage"), "segment": _("Any segment")}


def persona_queryset():
    return Persona.objects.order_by("sort_order", "pk")


def stage_queryset():
    return JourneyStage.objects.order_by("order", "pk")


def segment_queryset():
    return Segment.objects.filter(identity__role=SegmentIdentity.PUBLIC).order_by("name", "pk")


def slug_choices(kind: str) -> list[tuple[str, str]]:
    """("", "Any …") then (slug, name) for a block alternative's select."""
    if kind == "persona":
        rows = persona_queryset().values_list("slug", "name")
    elif kind == "stage":
        rows = dict.fromkeys(stage_queryset().values_list("slug", "name"))
    else:
        rows = segment_queryset().values_list("identity__slug", "name")
    return [("", EMPTY_LABELS[kind]), *rows]


QUERYSETS = {"persona": persona_queryset, "stage": stage_queryset, "segment": segment_queryset}


def limit_target_fields(form: forms.BaseForm, shown: dict | None = None) -> None:
    """A page variant's persona / stage / segment selects: the same lists as the blocks'.
    `shown`: the options already read for another form of the same formset (one query per
    list for the whole page, whatever the number of variants)."""
    for kind, queryset in QUERYSETS.items():
        field = form.fields.get(kind)
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = queryset()
            field.empty_label = EMPTY_LABELS[kind]
            if shown is not None:
                if kind not in shown:
                    shown[kind] = [("", EMPTY_LABELS[kind])] + [
                        (obj.pk, field.label_from_instance(obj)) for obj in field.queryset
                    ]
                field.choices = shown[kind]


def limit_formset_targets(formset) -> None:
    """Every form of a variants formset, the blank template the "Add" button copies included."""
    if formset is None:
        return
    shown: dict = {}
    for form in formset.forms:
        limit_target_fields(form, shown)
    base: Any = formset.form  # the form class Wagtail built for this formset

    class TargetLimitedForm(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            limit_target_fields(self, shown)

    TargetLimitedForm.__name__ = base.__name__
    formset.form = TargetLimitedForm
