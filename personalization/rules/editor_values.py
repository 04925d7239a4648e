"""The signals a marketer can test in the segment editor, grouped as the rule models group them,
and the conversion between the editor's text field and typed site-format values.

The kind of each signal (text, number, boolean, date, weekday) comes from the engine's own signal
table (engine/fields.py), so the editor, the loader and the engine agree on what a value is.
List values (is one of / is none of / between) are typed comma-separated; an item that itself
holds a comma is quoted like CSV: `"Washington, D.C.", London`.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from personalization.engine.context import CHANNELS
from personalization.engine.fields import (
    BOOL,
    DATE,
    FIELDS,
    INT,
    MULTI,
    OPERATORS,
    STR,
    WEEKDAY,
    Field,
)
from personalization.engine.patterns import pattern_error
from personalization.engine.validate import Invalid, normalize

# Operators as stored in rule rows; "eq" is the bare scalar of the site format.
EQ, IN, NOT_IN, CONTAINS, GTE, LTE, BETWEEN = (
    "eq",
    "in",
    "not_in",
    "contains",
    "gte",
    "lte",
    "between",
)
MATCHES = "matches"
OPERATOR_CHOICES = [
    (EQ, _("is")),
    (IN, _("is one of")),
    (NOT_IN, _("is none of")),
    (CONTAINS, _("contains")),
    (MATCHES, _("matches the pattern (regular expression)")),
    (GTE, _("is at least")),
    (LTE, _("is at most")),
    (BETWEEN, _("is between (both ends included)")),
]
OPERATOR_LABELS = dict(OPERATOR_CHOICES)
LIST_OPERATORS = (IN, NOT_IN, BETWEEN)

# signal -> label shown in the editor, with an example of the value it takes.
LOCATION = {
    "country": _("Country (ISO code, e.g. SE)"),
    "region": _("Region (subdivision code without the country, e.g. WA, ENG)"),
    "city": _("City (English name, e.g. London)"),
    "metro_code": _("US metro code (e.g. 819)"),
    "continent": _("Continent (EU, NA, AS, ...)"),
    "eu": _("In the European Union (true / false)"),
    "timezone": _("Time zone (e.g. Europe/Stockholm)"),
}
DEVICE = {
    "device": _("Device type (mobile, tablet, desktop, bot)"),
    "os": _("Operating system (e.g. iOS, Android, Windows)"),
    "browser": _("Browser (e.g. Chrome, Safari)"),
}
SOURCE = {
    "channel": format_lazy(_("Channel ({channels})"), channels=", ".join(CHANNELS)),
    "utm_source": _("UTM source"),
    "utm_medium": _("UTM medium"),
    "utm_campaign": _("UTM campaign"),
    "utm_term": _("UTM term"),
    "utm_content": _("UTM content"),
    "referrer_domain": _("Referrer domain, without www. (e.g. github.com)"),
    "landing_path": _("Landing page path (e.g. /pricing/)"),
}
HISTORY = {
    "visit_count": _("Number of visits, this one included"),
    "page_views": _("Number of page views"),
    "days_since_first_visit": _("Days since the first visit"),
    "days_since_last_visit": _("Days since the previous visit"),
    "returning": _("Returning visitor (true / false)"),
}
TIME = {
    "local_hour": _("Hour of the day, 0-23, in the visitor's time zone"),
    "weekday": _("Weekday (mon ... sun) in the visitor's time zone"),
    "date": _("Date (YYYY-MM-DD)"),
}
VISITOR = {
    "logged_in": _("Logged in or identified (true / false)"),
    "declared_persona": _("Persona the visitor chose"),
    "declared_interest": _("Interest the visitor declared"),
}
GROUPS: dict[str, dict[str, Any]] = {
    "location": LOCATION,
    "device": DEVICE,
    "source": SOURCE,
    "history": HISTORY,
    "time": TIME,
    "visitor": VISITOR,
}
SIGNAL_GROUP = {signal: group for group, signals in GROUPS.items() for signal in signals}

_TRUE, _FALSE = ("true", "yes", "1"), ("false", "no", "0")
# What the editor asks for, per value kind (the engine's `normalize` decides what is accepted).
_EXPECTED = {
    STR: _("a text value"),
    MULTI: _("a text value"),
    INT: _("a number"),
    BOOL: _("true or false"),
    DATE: _("a date as YYYY-MM-DD, e.g. 2026-12-24"),
    WEEKDAY: _("a weekday (mon, tue, wed, thu, fri, sat, sun)"),
}


def kind_of(signal: str) -> str:
    """The engine's value kind for a signal (text for anything the table does not type)."""
    field = FIELDS.get(signal)
    return field.kind if field is not None else STR


def operators_for(signal: str) -> tuple[str, ...]:
    """The operators that make sense for a signal."""
    return OPERATORS.get(kind_of(signal), (EQ, IN, NOT_IN))


def split_list(text: str) -> list[str]:
    """Comma-separated items, CSV quoting honoured, blanks dropped."""
    rows = list(csv.reader(io.StringIO(text.strip()), skipinitialspace=True))
    return [item.strip() for item in (rows[0] if rows else []) if item.strip()]


def join_list(items: list[Any]) -> str:
    """The inverse of `split_list`: "a, b, c", quoting only items that hold a comma or a quote."""
    parts = []
    for item in items:
        text = format_scalar(item)
        parts.append('"' + text.replace('"', '""') + '"' if ("," in text or '"' in text) else text)
    return ", ".join(parts)


def format_scalar(value: Any) -> str:
    """One value as the editor shows it: booleans as true/false, dates ISO."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def parse_scalar(kind: str, text: str, field: Field | None = None) -> Any:
    """One typed value from editor text. The engine's `normalize` (engine/validate.py) decides
    what is accepted, with the signal's range (`field`), so the editor refuses exactly what the
    engine and `load_site` refuse; the message is the editor's, translated."""
    text = text.strip()
    if not text:
        raise ValidationError(gettext("Enter a value."))
    typed: Any = text
    if kind == INT:
        typed = _number(text)
    elif kind == BOOL:
        lowered = text.lower()
        typed = True if lowered in _TRUE else False if lowered in _FALSE else text
    try:
        normal = normalize(kind, typed, field)
    except Invalid:
        if kind == INT and field is not None and field.value_range and typed is not text:
            low, high = field.value_range
            raise ValidationError(
                gettext("Enter a number from %(low)d to %(high)d, not %(text)s.")
                % {"low": low, "high": high, "text": text}
            ) from None
        raise ValidationError(
            gettext("Enter %(expected)s, not %(text)s.")
            % {"expected": _EXPECTED.get(kind, _EXPECTED[STR]), "text": text}
        ) from None
    if kind == DATE:
        return normal.isoformat()
    return text if kind in (STR, MULTI) else normal


def _number(text: str) -> Any:
    """Whole numbers stay ints; the engine accepts fractions too. Text that is no number stays
    text (and `normalize` refuses it)."""
    for number in (int, float):
        try:
            return number(text)
        except ValueError:
            pass
    return text


def parse_value(signal: str, operator: str, text: str) -> Any:
    """The typed TEST value of a rule row: a scalar, or a list for in / not_in / between."""
    kind = kind_of(signal)
    allowed = operators_for(signal)
    if operator not in allowed:
        names = ", ".join(f'"{OPERATOR_LABELS[op]}"' for op in allowed)
        raise ValidationError(
            gettext('"%(operator)s" does not apply to this signal; choose %(names)s.')
            % {"operator": OPERATOR_LABELS.get(operator, operator), "names": names}
        )
    if operator == MATCHES:
        return parse_pattern(text)
    field = FIELDS.get(signal)
    if operator not in LIST_OPERATORS:
        return parse_scalar(kind, text, field)
    items = [parse_scalar(kind, item, field) for item in split_list(text)]
    if not items:
        raise ValidationError(gettext("Enter at least one value; separate several with commas."))
    if operator == BETWEEN:
        if len(items) != 2:
            raise ValidationError(
                gettext(
                    "Enter exactly two values, low and high, separated by a comma (got %(count)d)."
                )
                % {"count": len(items)}
            )
        # low > high never holds, but is legal: rule health warns about it once saved.
    return items


def parse_pattern(text: str) -> str:
    """A `matches` pattern as typed (case and spaces inside kept); RE2 must accept it."""
    pattern = text.strip()
    if not pattern:
        raise ValidationError(gettext("Enter a pattern, e.g. \\.edu$ (a regular expression)."))
    problem = pattern_error(pattern)
    if problem is not None:
        raise ValidationError(
            gettext(
                "This pattern is not a regular expression RE2 accepts (%(problem)s): "
                "%(pattern)r. Backreferences and lookarounds are not supported."
            )
            % {"problem": problem, "pattern": pattern}
        )
    return pattern


def format_value(operator: str, value: Any) -> str:
    """The editor text for a typed TEST value (inverse of `parse_value`)."""
    if operator in LIST_OPERATORS:
        return join_list(list(value))
    return format_scalar(value)


def leaf(signal: str, operator: str, value: Any) -> dict[str, Any]:
    """The site-format signal test: bare scalar for equality, else {operator: value}."""
    return {signal: value if operator == EQ else {operator: value}}


def split_leaf(signal: str, test: Any) -> tuple[str, Any]:
    """(operator, value) of a site-format TEST."""
    if isinstance(test, dict):
        ((operator, value),) = test.items()
        return operator, value
    return EQ, test
