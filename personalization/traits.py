"""Trait values as the site's server sends them, checked against the declared traits (the
`Trait` model): used by setTraits, identify, trackEvents' neighbours and import_traits.

JSON values (setTraits, identify) must have the declared type's JSON type: text a string, number
a number, boolean true/false, date an ISO date string, list an array of strings; anything else is
refused naming the trait (docs/customer-data.md). Only CSV cells, where every value is text, are
read as the declared type (`"5"` a number, `"true"` a boolean, `a|b` a list): `from_text=True`.
Every value is also held to the limits of profiles/data_limits.py (finite numbers within
MAX_ABS_NUMBER, nesting), so no value can be stored that a database or the engine cannot read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from personalization.engine.traits import (
    BOOLEAN,
    DATE_,
    LIST,
    NUMBER,
    TEXT,
    Invalid,
    clean_trait_value,
)
from personalization.profiles.data_limits import Unstorable, check_json

from .models import Trait

MAX_TRAITS_PER_CALL = 100


class TraitError(ValueError):
    """A trait value that cannot be stored; `name` is the trait (None for the whole mapping)."""

    def __init__(self, message: str, name: str | None = None):
        super().__init__(message)
        self.name = name


def declared_traits() -> dict[str, str]:
    """name -> type of every declared trait (one query)."""
    return dict(Trait.objects.values_list("name", "type"))


JSON_TYPES: dict[str, tuple[type, ...]] = {
    TEXT: (str,),
    NUMBER: (int, float),
    BOOLEAN: (bool,),
    DATE_: (str,),
    LIST: (list,),
}
JSON_NAMES = {
    TEXT: "a string",
    NUMBER: "a number",
    BOOLEAN: "true or false",
    DATE_: "an ISO date string such as 2026-12-24",
    LIST: "an array of strings",
}


def _json_type_fits(kind: str, value: Any) -> bool:
    if kind != BOOLEAN and isinstance(value, bool):
        return False
    if kind == LIST and isinstance(value, list):
        return all(isinstance(item, str) for item in value)
    return isinstance(value, JSON_TYPES.get(kind, ()))


def clean_traits(
    values: Any, declared: Mapping[str, str], *, from_text: bool = False
) -> dict[str, Any]:
    """The stored form of `values` (a mapping of trait name to value; None removes the trait).
    TraitError names the first trait that is not declared or whose value has the wrong type.
    `from_text`: the values are CSV cells, read as the declared type (see the docstring)."""
    if not isinstance(values, dict):
        raise TraitError("traits must be a JSON object of trait name to value.")
    if len(values) > MAX_TRAITS_PER_CALL:
        raise TraitError(f"traits: at most {MAX_TRAITS_PER_CALL} per call.")
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        kind = declared.get(name)
        if kind is None:
            known = ", ".join(sorted(declared)) or "none is declared yet"
            raise TraitError(f"Unknown trait {name!r}: declare it first (declared: {known}).", name)
        try:
            check_json(value, name)
            if not from_text and value is not None and not _json_type_fits(kind, value):
                raise Invalid(f"expected {JSON_NAMES.get(kind, kind)}, got {value!r:.60}")
            cleaned[name] = clean_trait_value(kind, value)
        except (Invalid, Unstorable) as exc:
            raise TraitError(f"Trait {name!r} is {kind}: {exc}.", name) from None
    return cleaned
