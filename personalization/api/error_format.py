"""Errors as the API answers them: always with `extensions.code`, quoting at most a short
prefix of a client's value, and never a traceback (anything not raised on purpose is logged and
answered as INTERNAL_SERVER_ERROR without detail). The view (api/view.py) formats every error
through `format_error`."""

from __future__ import annotations

import logging
import re
from typing import Any

from graphql import GraphQLError

from .errors import BAD_USER_INPUT, INTERNAL

logger = logging.getLogger("personalization.api")

INTERNAL_MESSAGE = "Internal error"
QUOTE_PREFIX = 40  # an error quotes at most this much of a client's value...
MESSAGE_CHARS = 300  # ...and is at most this long
# graphql-core's own refusals of a field's arguments while executing (a variable that a scalar
# read as null for a non-null argument, e.g. JSONString "null" for `traits: JSONString!`): the
# client's mistake, though raised with a path and without a code.
ARGUMENT_REFUSED = re.compile(r"^Argument '\w+' (of (non-null|required) type|has invalid value)")
QUOTED = re.compile(r'"((?:[^"\\]|\\.){' + str(QUOTE_PREFIX + 1) + r',}?)(?<!\\)"', re.S)


def cap_message(message: str) -> str:
    """An error message that quotes a client's value quotes only a short prefix of it, so a
    90 KB argument never comes back as a 90 KB error."""
    if len(message) <= QUOTE_PREFIX:
        return message
    message = QUOTED.sub(lambda m: f'"{m.group(1)[:QUOTE_PREFIX]}…"', message)
    return message if len(message) <= MESSAGE_CHARS else message[:MESSAGE_CHARS] + "…"


def format_error(error: Exception) -> dict[str, Any]:
    """A GraphQL error as JSON, always with `extensions.code`.

    Errors raised on purpose (GraphQLError, ClientError) keep their message; a missing code is
    BAD_USER_INPUT before execution (syntax, validation, variables) and INTERNAL_SERVER_ERROR
    during it. Anything else is a bug: logged with its traceback, its text never sent."""
    if not isinstance(error, GraphQLError):
        return internal_error(error)
    original = error.original_error
    if original is not None and not isinstance(original, GraphQLError):
        if error.path:
            return internal_error(original, error)
        # Before execution: a scalar's parser choked on the client's literal or variable
        # (grapple's PositiveInt on an out-of-range number, JSONString on "{bad"). graphql
        # already phrased it as a client error; only the Python text is dropped.
        formatted: dict[str, Any] = dict(error.formatted)  # a fresh dict each time
        detail = str(original)
        if detail and formatted["message"].endswith(detail):
            formatted["message"] = formatted["message"][: -len(detail)].rstrip("; ") + "."
        formatted["message"] = cap_message(formatted["message"])
        formatted["extensions"] = {"code": BAD_USER_INPUT}
        return formatted
    formatted = dict(error.formatted)
    formatted["message"] = cap_message(formatted["message"])
    extensions = dict(formatted.get("extensions") or {})
    if "code" not in extensions:
        client = not error.path or ARGUMENT_REFUSED.match(error.message) is not None
        extensions["code"] = BAD_USER_INPUT if client else INTERNAL
    formatted["extensions"] = extensions
    return formatted


def internal_error(
    exc: BaseException, located: GraphQLError | None = None, log: bool = True
) -> dict[str, Any]:
    where = list(located.path) if located is not None and located.path else None
    if log:
        logger.error(
            "GraphQL resolver failed at %s",
            where or "?",
            exc_info=(type(exc), exc, exc.__traceback__),
        )
    formatted: dict[str, Any] = {"message": INTERNAL_MESSAGE}
    if located is not None:
        if located.locations:
            formatted["locations"] = [location.formatted for location in located.locations]
        if where:
            formatted["path"] = where
    formatted["extensions"] = {"code": INTERNAL}
    return formatted
