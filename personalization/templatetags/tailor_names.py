"""Template filters for names people read (personalization/display_names.py):
{{ location|place }}, {{ key|channel_name }}, {{ kind|device_name }}, {{ flag|yes_no }}."""

from __future__ import annotations

from typing import Any

from django import template

from personalization import display_names

register = template.Library()


@register.filter
def place(location: Any) -> str:
    """A located visitor's place ("Oslo, Norway"), from the engine's Location."""
    if not location:
        return ""
    return display_names.place_name(
        getattr(location, "city", None),
        getattr(location, "region_code", None) or getattr(location, "region", None),
        getattr(location, "country_code", None),
    )


@register.filter
def channel_name(key: str | None) -> str:
    return display_names.channel_name(key)


@register.filter
def device_name(kind: str | None) -> str:
    return display_names.device_name(kind)


@register.filter
def yes_no(value: Any) -> str:
    return display_names.yes_no(value)
