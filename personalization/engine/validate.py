"""Validation of site-format conditions, with messages an author can act on.

`validate_condition` never raises: it returns human messages, each naming where in the condition
the problem is (`all[1].country`), the key that is wrong and what was expected. The site loader
and the admin call it before saving; the engine compiles an invalid condition to "never holds".
The value normalisation here (`normalize`) is shared with the compiler so both agree on types.
"""

from __future__ import annotations

import difflib
from datetime import date, datetime
from typing import Any

from .clock import WEEKDAYS
from .context import MAX_WINDOW_DAYS
from .fields import (
    ALL_SIGNALS,
    BOOL,
    DATE,
    FIELDS,
    INT,
    MULTI,
    OPERATORS,
    STR,
    WEEKDAY,
    WINDOWED_SIGNALS,
    Field,
)
from .patterns import pattern_error
from .traits import validate_trait_test

COMBINATORS = ("all", "any", "not")
_EXPECTED = {
    STR: "a text value",
    MULTI: "a text value",
    INT: "a number",
    BOOL: "true or false",
    DATE: "an ISO date such as 2026-12-24",
    WEEKDAY: "a weekday name (mon, tue, ... sun)",
}


class Invalid(ValueError):
    """A value that does not fit its signal; the message says what was expected."""


def normalize(kind: str, value: Any, field: Field | None = None) -> Any:
    """The comparable form of one expected value (text lower-cased, dates as `date`)."""
    if kind in (STR, MULTI):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise Invalid(f"expected {_EXPECTED[kind]}, got {_show(value)}")
        return str(value).lower()
    if kind == INT:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise Invalid(f"expected a number, got {_show(value)}")
        if field is not None and field.value_range is not None:
            low, high = field.value_range
            if not low <= value <= high:
                raise Invalid(f"expected a number from {low} to {high}, got {_show(value)}")
        return value
    if kind == BOOL:
        if not isinstance(value, bool):
            raise Invalid(f"expected true or false, got {_show(value)}")
        return value
    if kind == DATE:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise Invalid(f"expected an ISO date such as 2026-12-24, got {_show(value)}")
    if kind == WEEKDAY:
        if isinstance(value, str):
            name = value.strip().lower()
            if name in WEEKDAYS:
                return name
            if name in _LONG_DAYS:
                return WEEKDAYS[_LONG_DAYS.index(name)]
        raise Invalid(
            f"expected a weekday name (mon, tue, wed, thu, fri, sat, sun), got {_show(value)}"
        )
    raise Invalid(f"unknown value kind {kind}")  # pragma: no cover - table error


_LONG_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def validate_condition(cond: Any, where: str = "rules") -> list[str]:
    """Every problem in a condition, as messages naming the key and what was expected."""
    errors: list[str] = []
    _check(cond, where, errors)
    return errors


def _check(cond: Any, where: str, errors: list[str]) -> None:
    if not isinstance(cond, dict) or len(cond) != 1:
        errors.append(
            f"{where}: expected a condition with exactly one key (all, any, not or a "
            f"signal such as country), got {_show(cond)}"
        )
        return
    ((key, test),) = cond.items()
    here = f"{where}.{key}"
    if key in ("all", "any"):
        if not isinstance(test, list) or not test:
            errors.append(f"{here}: expected a non-empty list of conditions, got {_show(test)}")
            return
        for i, child in enumerate(test):
            _check(child, f"{where}.{key}[{i}]", errors)
    elif key == "not":
        _check(test, here, errors)
    elif key in WINDOWED_SIGNALS and isinstance(test, dict) and "within_days" in test:
        _check_window(test["within_days"], f"{here}.within_days", errors)
        rest = {k: v for k, v in test.items() if k != "within_days"}
        if not rest:
            errors.append(
                f"{here}: within_days needs an operator too, e.g. "
                f"{{{key}: {{gte: 3, within_days: 30}}}}"
            )
        else:
            _check_test(FIELDS[key], rest, here, errors)
    elif key in FIELDS:
        _check_test(FIELDS[key], test, here, errors)
    elif key == "query_param":
        _check_mapping(
            test,
            here,
            errors,
            required=("name",),
            optional=("equals",),
            kinds={"name": STR, "equals": STR},
        )
    elif key == "visited":
        _check_mapping(
            test,
            here,
            errors,
            required=(),
            optional=("path", "tag", "min", "within_days"),
            kinds={"path": STR, "tag": STR, "min": INT},
        )
        if isinstance(test, dict) and "within_days" in test:
            _check_window(test["within_days"], f"{here}.within_days", errors)
        if isinstance(test, dict) and ("path" in test) == ("tag" in test):
            errors.append(
                f"{here}: expected exactly one of path or tag, e.g. "
                f"{{visited: {{path: /pricing/, min: 1}}}}"
            )
    elif key == "event":
        _check_event(test, here, errors)
    elif key == "trait":
        errors.extend(validate_trait_test(test, here))
    elif key in ("segment", "persona", "stage"):
        _check_test(
            Field(STR, lambda s: None),
            test,
            here,
            errors,
            ops=("eq", "in", "not_in"),
            what=f"a {key} slug",
        )
    else:
        close = difflib.get_close_matches(str(key), COMBINATORS + ALL_SIGNALS, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        errors.append(
            f"{where}: unknown signal {key!r}{hint}; expected all, any, not or one of "
            f"{', '.join(ALL_SIGNALS)}"
        )


def _check_event(test: Any, here: str, errors: list[str]) -> None:
    """{type, min?, within_days?, where?} or {type, sum, gte? / lte?, within_days?, where?}."""
    _check_mapping(
        test,
        here,
        errors,
        required=("type",),
        optional=("min", "within_days", "where", "sum", "gte", "lte"),
        kinds={"type": STR, "min": INT, "within_days": INT, "sum": STR, "gte": INT, "lte": INT},
    )
    if not isinstance(test, dict):
        return
    where = test.get("where")
    if where is not None:
        if not isinstance(where, dict) or not where:
            errors.append(
                f"{here}.where: expected a mapping of property to value, e.g. {{category: suv}}"
            )
        else:
            for prop, value in where.items():
                if isinstance(value, (dict, list)) or value is None:
                    errors.append(
                        f"{here}.where.{prop}: expected a text, number or boolean value, got {_show(value)}"
                    )
    if "sum" in test:
        if "min" in test:
            errors.append(f"{here}: expected either min (a count) or sum with gte / lte, not both")
        if "gte" not in test and "lte" not in test:
            errors.append(
                f"{here}: sum needs gte or lte, e.g. {{event: {{type: purchase, sum: value, gte: 1000}}}}"
            )
    elif "gte" in test or "lte" in test:
        errors.append(
            f"{here}: gte / lte apply to a sum; add sum: value (or a numeric property), or use min"
        )


def _check_test(
    field: Field,
    test: Any,
    here: str,
    errors: list[str],
    ops: tuple[str, ...] | None = None,
    what: str | None = None,
) -> None:
    ops = ops or OPERATORS[field.kind]
    what = what or _EXPECTED[field.kind]
    if not isinstance(test, dict):
        _check_value(field, test, here, errors, choices=True)
        if isinstance(test, list):
            errors[-1:] = [f"{here}: a list needs an operator, e.g. {{in: [...]}}; expected {what}"]
        return
    names = [op for op in ops if op != "eq"]
    if len(test) != 1:
        errors.append(
            f"{here}: expected exactly one operator ({', '.join(names)}), got {_show(test)}"
        )
        return
    ((op, value),) = test.items()
    if op not in ops or op == "eq":
        allowed = f"one of {', '.join(names)}" if names else f"a plain value ({what})"
        errors.append(f"{here}: operator {op!r} does not apply here; expected {allowed}")
        return
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not value:
            errors.append(
                f"{here}.{op}: expected a non-empty list of values ({what}), got {_show(value)}"
            )
            return
        for i, item in enumerate(value):
            _check_value(field, item, f"{here}.{op}[{i}]", errors, choices=True)
    elif op == "between":
        if not isinstance(value, list) or len(value) != 2:
            errors.append(
                f"{here}.between: expected a list of exactly 2 values [low, high], "
                f"got {_show(value)}"
            )
            return
        for i, item in enumerate(value):
            _check_value(field, item, f"{here}.between[{i}]", errors)
        # low > high is legal but never holds: engine/health.py warns about it.
    elif op == "matches":
        problem = pattern_error(value)
        if problem is not None:
            errors.append(
                f"{here}.matches: expected a regular expression in RE2 syntax "
                f"({problem}), got {_show(value)}"
            )
    else:  # contains, gte, lte
        _check_value(field, value, f"{here}.{op}", errors)


def _check_value(
    field: Field, value: Any, here: str, errors: list[str], choices: bool = False
) -> None:
    try:
        normal = normalize(field.kind, value, field)
    except Invalid as exc:
        errors.append(f"{here}: {exc}")
        return
    if choices and field.choices is not None and normal not in field.choices:
        close = difflib.get_close_matches(str(normal), field.choices, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        errors.append(
            f"{here}: unknown value {_show(value)}{hint}; expected one of {', '.join(field.choices)}"
        )


def _check_window(value: Any, here: str, errors: list[str]) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_WINDOW_DAYS:
        errors.append(
            f"{here}: expected a whole number of days from 0 to {MAX_WINDOW_DAYS}, got {_show(value)}"
        )


def _check_mapping(
    test: Any,
    here: str,
    errors: list[str],
    required: tuple[str, ...],
    optional: tuple[str, ...],
    kinds: dict[str, str],
) -> None:
    allowed = required + optional
    if not isinstance(test, dict):
        errors.append(
            f"{here}: expected a mapping with keys {', '.join(allowed)}, got {_show(test)}"
        )
        return
    for key in test:
        if key not in allowed:
            errors.append(f"{here}: unknown key {key!r}; expected {', '.join(allowed)}")
    for key in required:
        if key not in test:
            errors.append(f"{here}: missing key {key!r}")
    for key, value in test.items():
        if key in kinds:
            try:
                normalize(kinds[key], value)
            except Invalid as exc:
                errors.append(f"{here}.{key}: {exc}")
            else:
                if kinds[key] == INT and value < 0:
                    errors.append(
                        f"{here}.{key}: expected a number of 0 or more, got {_show(value)}"
                    )


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
