"""Page variants start from the page: what a variant leaves as the page has it is inherited.

- "Add variant" opens a form holding the page's current title, intro and body, and a saved
  variant's inherited (blank) fields show the page's values too: the editor always sees what the
  variant's visitors will read.
- On save, a field still equal to the page's (as it was when the form opened, or as the page is
  saved now) is stored blank: inherited, so it follows later edits of the page. Anything changed
  is the variant's own (an override). `overrides()` says which fields a variant overrides.
"""

from __future__ import annotations

from typing import Any

FIELDS = ("title", "intro", "body")
LABELS = {"title": "Title", "intro": "Intro", "body": "Body"}


def _without_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def _raw(value: Any) -> Any:
    """Comparable form of a field value: StreamField values as their stored JSON, minus block ids."""
    if hasattr(value, "stream_block"):
        return _without_ids(value.stream_block.get_prep_value(value))
    if isinstance(value, list):
        return _without_ids(value)
    return value or ""


def is_blank(variant, name: str) -> bool:
    value = getattr(variant, name)
    return not (value.raw_data if name == "body" else value)


def overrides(variant) -> list[str]:
    """The fields this variant has its own value for; the others come from the page."""
    return [name for name in FIELDS if not is_blank(variant, name)]


def start_from_page(page, formset) -> None:
    """Prefill new variant forms, and the inherited fields of saved ones, with the page's values."""
    values = {name: getattr(page, name) for name in FIELDS}
    original = formset.get_form_kwargs

    def get_form_kwargs(index):
        kwargs = original(index)
        if index is None or index >= formset.initial_form_count():
            kwargs["initial"] = {**kwargs.get("initial", {}), **values}
        return kwargs

    formset.get_form_kwargs = get_form_kwargs
    formset.tailor_page_values = values
    for index, form in enumerate(formset.forms):
        if index >= formset.initial_form_count():
            form.tailor_inherited = set(FIELDS)
            continue
        form.tailor_inherited = {name for name in FIELDS if is_blank(form.instance, name)}
        for name in form.tailor_inherited:
            form.initial[name] = values[name]


def keep_inheritance(variant_forms, page_data: dict, formset) -> None:
    """Store blank what a variant left as the page has it (see the module docstring)."""
    before = getattr(formset, "tailor_page_values", {})
    for form in variant_forms:
        data = getattr(form, "cleaned_data", {})
        inherited: set[str] = getattr(form, "tailor_inherited", set())
        for name in FIELDS:
            if name not in data:
                continue
            value = _raw(data[name])
            same_as_now = name in page_data and value == _raw(page_data[name])
            same_as_before = name in inherited and name in before and value == _raw(before[name])
            if same_as_now or same_as_before:
                data[name] = [] if name == "body" else ""
                setattr(form.instance, name, [] if name == "body" else "")
