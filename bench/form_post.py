"""The POST data a browser sends for a Wagtail edit form, built from the bound form the edit view
rendered: plain fields as their widgets show them, StreamFields from the state their JavaScript
is given (`Block.get_form_state`), inline formsets with their management forms. The editor's
"Save draft" without any change, as a script (bench/bench_editor.py)."""

from __future__ import annotations

from typing import Any

from wagtail import blocks
from wagtail.blocks import BlockField


def form_data(form, data: dict[str, Any] | None = None) -> dict[str, Any]:
    data = {} if data is None else data
    for name, field in form.fields.items():
        bound = form[name]
        key = bound.html_name
        if isinstance(field, BlockField):
            block_data(field.block, field.block.get_form_state(bound.value()), key, data)
            continue
        value = bound.value()
        if value is None or value is False:
            continue
        if value is True:
            data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        else:
            shown = field.widget.format_value(value)
            data[key] = [str(v) for v in shown] if isinstance(shown, list) else str(shown or "")
    for formset in getattr(form, "formsets", {}).values():
        management = formset.management_form
        for name in management.fields:
            data[management[name].html_name] = str(management[name].value() or 0)
        for child in formset.forms:
            form_data(child, data)
    return data


def block_data(block, state: Any, prefix: str, data: dict[str, Any]) -> None:
    """Form inputs for one block's form state, as the StreamField JavaScript writes them."""
    if isinstance(block, blocks.StreamBlock):
        items = state or []
        data[f"{prefix}-count"] = str(len(items))
        for i, item in enumerate(items):
            data[f"{prefix}-{i}-type"] = item["type"]
            data[f"{prefix}-{i}-deleted"] = ""
            data[f"{prefix}-{i}-order"] = str(i)
            data[f"{prefix}-{i}-id"] = item.get("id") or ""
            block_data(block.child_blocks[item["type"]], item["value"], f"{prefix}-{i}-value", data)
    elif isinstance(block, blocks.ListBlock):
        items = state or []
        data[f"{prefix}-count"] = str(len(items))
        for i, item in enumerate(items):
            data[f"{prefix}-{i}-deleted"] = ""
            data[f"{prefix}-{i}-order"] = str(i)
            data[f"{prefix}-{i}-id"] = item.get("id") or ""
            block_data(block.child_block, item["value"], f"{prefix}-{i}-value", data)
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            block_data(child, (state or {}).get(name), f"{prefix}-{name}", data)
    elif isinstance(state, dict):  # a chooser (image): its id
        data[prefix] = str(state.get("id") or "")
    elif isinstance(state, list):  # a select's state: the chosen values
        data[prefix] = [str(v) for v in state]
    else:
        data[prefix] = "" if state is None else str(state)
