"""Every text a client sends is cleaned before a resolver sees it, so SQLite and PostgreSQL store
the same thing and no input can turn into an internal error.

PostgreSQL refuses NUL characters in text and JSON, and Python cannot encode a lone surrogate
(a JSON `"\\ud800"` without its pair) to UTF-8 for any database, where SQLite would store either.
`clean_text` removes NUL and the other C0 control characters (tab, newline and carriage return
stay) and DEL, and turns lone surrogates into U+FFFD, the replacement character. Length limits
stay with each field's own validation (validation.py).

`TextInputMiddleware` applies it to the arguments of every field that has any, whether they came
in variables or as literals in the query, inside input objects, lists and JSONString values
(keys included). Fields without arguments pay one truth test.
"""

from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(value: str) -> str:
    """`value` without control characters, lone surrogates replaced (see the module docstring)."""
    if value.isprintable():  # the common case: nothing to do, checked in C
        return value
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", value))


def clean_value(value: Any) -> Any:
    """Strings cleaned anywhere inside dicts, lists and tuples; other values as they are."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_value(k): clean_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(clean_value(v) for v in value)
    return value


class TextInputMiddleware:
    """graphene middleware (settings GRAPHENE["MIDDLEWARE"]): cleans resolver arguments."""

    def resolve(self, next_, root, info, **kwargs):
        if kwargs:
            kwargs = {name: clean_value(value) for name, value in kwargs.items()}
        return next_(root, info, **kwargs)
