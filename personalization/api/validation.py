"""Validating client input: every string is bounded and well-formed, or BAD_USER_INPUT."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .errors import BadUserInput

VISITOR_ID = re.compile(r"^[A-Za-z0-9_\-]{8,128}$")
EVENT_TYPE = re.compile(r"^[A-Za-z0-9_.:\-]{1,64}$")
PATH = re.compile(r"^/[^\s?#]{0,500}$")
VARIANT_ID = re.compile(r"^page:\d+:[0-9a-f-]{36}$")  # as served in personalizedPage.variant.id


def clean_visitor_id(value: str | None, field: str = "visitorId") -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not VISITOR_ID.match(value):
        raise BadUserInput(f"{field} must be 8 to 128 letters, digits, '-' or '_'.", field=field)
    return value


def clean_url(value: str | None, field: str, limit: int = 2048) -> str | None:
    """URLs are parsed leniently by the signals (a malformed one counts as absent); here they are
    only bounded, so an absurd value is refused rather than carried around."""
    if value is None or value == "":
        return None
    if len(value) > limit:
        raise BadUserInput(f"{field} is longer than {limit} characters.", field=field)
    try:
        urlsplit(value)
    except ValueError:
        return None
    return value


def clean_text(value: str | None, limit: int, field: str) -> str | None:
    if value is None:
        return None
    if len(value) > limit:
        return value[:limit]
    return value


def clean_path(value: str, field: str = "path") -> str:
    if not isinstance(value, str) or not PATH.match(value) or ".." in value:
        raise BadUserInput(f"{field} must be a page path such as /pricing/.", field=field)
    return value if value.endswith("/") else value + "/"


def clean_event_type(value: object) -> str:
    if not isinstance(value, str) or not EVENT_TYPE.match(value):
        raise BadUserInput(
            "type must be 1 to 64 letters, digits, '_', '.', ':' or '-'.", field="type"
        )
    return value
