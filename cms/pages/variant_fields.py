"""A page variant stores only what it changes: a blank title, intro or body is inherited, read
from the page's current revision wherever content is served (delivery, preview, export), so
later edits of the page, block alternatives included, reach every variant that inherits them.

Overriding is an explicit act in the editor: each field of a variant has a choice, "Inherit the
page's" or "Override" (`<field>_source`). Nothing is inferred by comparing values.

- Inherit: the field is stored blank, whatever the form holds ("back to the page's" discards
  the variant's own text).
- Override: the field is stored as given; left empty, it starts as a copy of the page's value
  as saved now (the body with new block ids), for the editor to change.
- A form without the choice (a script, a test, an old page): what is given is the variant's
  own, a blank field is inherited.

Inherited fields are not copied into the form (the editor stays small however many variants a
page has): title and intro show the page's text as a placeholder, and typing into one switches
it to "Override" (cms/pages/static/pages/variant_fields.js); an inherited body has no body editor at all:
"Override" then saving gives the variant a copy of the page's body to change.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

FIELDS = ("title", "intro", "body")
LABELS = {"title": _("Title"), "intro": _("Intro"), "body": _("Body")}
PAGE, OWN = "page", "own"
SOURCE_CHOICES = [(PAGE, _("Inherit the page's")), (OWN, _("Override"))]


def source_field(name: str) -> str:
    return f"{name}_source"


def is_blank(variant, name: str) -> bool:
    value = getattr(variant, name)
    return not (value.raw_data if name == "body" else value)


def overrides(variant) -> list[str]:
    """The fields this variant has its own value for; the others come from the page."""
    return [name for name in FIELDS if not is_blank(variant, name)]


def _blank_value(name: str) -> Any:
    return [] if name == "body" else ""


def _is_empty(name: str, value: Any) -> bool:
    if name == "body":
        return not (value.raw_data if hasattr(value, "raw_data") else value)
    return not value


def _fresh_ids(raw: Any) -> Any:
    """A copy of stored blocks with new block ids (a variant's own copy of the page's body)."""
    if isinstance(raw, list):
        return [_fresh_ids(item) for item in raw]
    if isinstance(raw, dict):
        out = {k: _fresh_ids(v) for k, v in raw.items()}
        if "id" in out and ("type" in out or "value" in out):  # a stream or list child
            out["id"] = str(uuid.uuid4())
        return out
    return copy.deepcopy(raw)


def page_copy(name: str, page_value: Any) -> Any:
    """The page's value of a field, as this variant's own (stored blocks for the body)."""
    if name != "body":
        return page_value or ""
    if page_value is None:
        return []
    raw = page_value.get_prep_value() if hasattr(page_value, "get_prep_value") else page_value
    return _fresh_ids(list(raw or []))


class VariantForm(WagtailAdminModelForm):
    """A page variant's form: the targets and fields of the model, plus the per-field choice."""

    title_source = forms.ChoiceField(
        label=_("Title"), choices=SOURCE_CHOICES, required=False, widget=forms.RadioSelect
    )
    intro_source = forms.ChoiceField(
        label=_("Intro"), choices=SOURCE_CHOICES, required=False, widget=forms.RadioSelect
    )
    body_source = forms.ChoiceField(
        label=_("Body"),
        choices=SOURCE_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Override, then save: the variant gets a copy of the page's body, which you then change."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self._body_inherited():
            # No body editor for an inherited body: nothing to show but the page's, which the
            # page's own body editor holds. "Override" then saving gives it its own copy.
            self.fields.pop("body", None)
        for name in FIELDS:
            source = source_field(name)
            if source in self.fields:
                own = self.instance is not None and not is_blank(self.instance, name)
                self.initial.setdefault(source, OWN if own else PAGE)
                self.fields[source].widget.attrs["data-tailor-source"] = name

    def _body_inherited(self) -> bool:
        if "body" not in self.fields or self.instance is None:
            return False
        if not is_blank(self.instance, "body"):
            return False
        # A form posted with a body (a script, or a form shown before the variant inherited it)
        # keeps the field, so what it sends is not lost.
        return not (self.is_bound and f"{self.add_prefix('body')}-count" in self.data)

    def show_page_values(self, page) -> None:
        """Inherited title and intro show the page's text as placeholders (nothing is copied)."""
        for name in ("title", "intro"):
            field = self.fields.get(name)
            if field is not None and (page_text := getattr(page, name, "")):
                field.widget.attrs["placeholder"] = gettext("The page's: %(text)s") % {
                    "text": page_text[:200]
                }


def show_page_values(page, formset) -> None:
    """Every variant form of the formset, and the blank one "Add variant" copies."""
    for form in formset.forms:
        if isinstance(form, VariantForm):
            form.show_page_values(page)
    base: Any = formset.form  # the form class Wagtail built for this formset

    class PageValuesForm(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if isinstance(self, VariantForm):
                self.show_page_values(page)

    PageValuesForm.__name__ = base.__name__
    formset.form = PageValuesForm


def apply_sources(variant_forms, page_data: dict) -> None:
    """Store each variant field as its source says (see the module docstring)."""
    for form in variant_forms:
        data = getattr(form, "cleaned_data", None)
        if data is None:
            continue
        for name in FIELDS:
            source = data.get(source_field(name)) or ""
            if name not in data and source != OWN:
                continue
            value = data.get(name)
            if source == PAGE:
                was_inherited = form.initial.get(source_field(name), PAGE) == PAGE
                if was_inherited and not _is_empty(name, value):
                    form.add_error(
                        name,
                        gettext(
                            "%(field)s inherits the page's, so this text would not be used: "
                            "choose Override to keep it, or clear the field."
                        )
                        % {"field": LABELS[name]},
                    )
                    continue
                value = _blank_value(name)
            elif source == OWN and _is_empty(name, value):
                value = page_copy(name, page_data.get(name))
            block = getattr(form.fields.get(name), "block", None)
            if block is not None and isinstance(value, list):
                value = block.to_python(value)  # what the form's body field gives
            data[name] = value
            setattr(form.instance, name, value)
