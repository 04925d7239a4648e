"""POST data for forms that hold the rule builder (segments, and personas / stages inline)."""

from __future__ import annotations


def formset_data(formsets, rows: dict[str, list[dict]], prefix: str = "") -> dict:
    """Management data for every rule formset (empty unless `rows` gives rows for its name,
    e.g. "rules_locationrules"), plus the rows. `prefix` is the nested form's ("rules")."""
    data = {}
    for formset_prefix, formset in formsets.items():
        full = formset.prefix
        given = rows.get(formset_prefix, [])
        initial = formset.initial_form_count()
        data.update(
            {
                f"{full}-TOTAL_FORMS": str(initial + len(given)),
                f"{full}-INITIAL_FORMS": str(initial),
                f"{full}-MIN_NUM_FORMS": "0",
                f"{full}-MAX_NUM_FORMS": "1000",
            }
        )
        for i, form in enumerate(formset.forms[:initial]):
            data[f"{full}-{i}-id"] = str(form.instance.pk)
            for name in form.fields:
                if name in ("id", "ORDER", "DELETE", "segment"):
                    continue
                value = form.initial.get(name)
                if value not in (None, False):
                    data[f"{full}-{i}-{name}"] = "on" if value is True else str(value)
            data[f"{full}-{i}-ORDER"] = str(i + 1)
        for j, row in enumerate(given):
            i = initial + j
            data.update({f"{full}-{i}-{key}": value for key, value in row.items()})
            data[f"{full}-{i}-ORDER"] = str(i + 1)
    return data


def delete_all(formsets) -> dict:
    """Marks every stored rule row of every formset deleted."""
    data = {}
    for formset in formsets.values():
        for i in range(formset.initial_form_count()):
            data[f"{formset.prefix}-{i}-DELETE"] = "on"
    return data
