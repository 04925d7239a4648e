"""Trait values as the site's server sends them, checked against the declared traits (the
`Trait` model): used by setTraits, identify, trackEvents' neighbours and import_traits."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from personalization.engine.traits import Invalid, clean_trait_value

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


def clean_traits(values: Any, declared: Mapping[str, str]) -> dict[str, Any]:
    """The stored form of `values` (a mapping of trait name to value; None removes the trait).
    TraitError names the first trait that is not declared or whose value has the wrong type."""
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
            cleaned[name] = clean_trait_value(kind, value)
        except Invalid as exc:
            raise TraitError(f"Trait {name!r} is {kind}: {exc}.", name) from None
    return cleaned
