"""Traits: first-party attributes of a visitor or of their user key (site-format.md, Trait), and
the `trait` condition `{trait: {name: plan, in: [pro, team]}}`.

Plain Python shared by the loader, the admin, the API and the engine:
- `TRAIT_TYPES` and `clean_trait_value(type, value)`: the stored form of a value of a declared
  type (text and list items as given, numbers as numbers, booleans, dates as ISO text), or
  `Invalid` saying what was expected. setTraits, identify and import_traits store only this form.
- `validate_trait_test(test)`: the shape of a `trait` TEST, without knowing the declarations.
- `check_declared(cond, declared)`: every `trait` in a condition names a declared trait and uses
  an operator that fits its type (the loader and the admin call it; the engine does not need it).
- `trait_predicate(test)`: the comparison the engine runs on the stored value. The kind of
  comparison follows the test's own values (numbers compare as numbers, ISO dates as dates, text
  ignoring case), so the compiled rules need no declarations; a list trait holds when any item
  passes the test, except `not_in`, which holds when no item is in the list.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from typing import Any

TEXT, NUMBER, BOOLEAN, DATE_, LIST = "text", "number", "boolean", "date", "list"
TRAIT_TYPES = (TEXT, NUMBER, BOOLEAN, DATE_, LIST)
NAME = re.compile(r"^[a-z0-9_]+$")
MAX_TEXT = 500
MAX_LIST = 100
# Operators a `trait` TEST may carry besides `name`; `equals` is equality.
TRAIT_OPERATORS = ("equals", "in", "not_in", "contains", "gte", "lte", "between")
OPERATORS_FOR_TYPE: dict[str, tuple[str, ...]] = {
    TEXT: ("equals", "in", "not_in", "contains"),
    LIST: ("equals", "in", "not_in", "contains"),
    NUMBER: ("equals", "in", "not_in", "gte", "lte", "between"),
    DATE_: ("equals", "in", "not_in", "gte", "lte", "between"),
    BOOLEAN: ("equals",),
}


class Invalid(ValueError):
    """A value that does not fit the trait's type; the message says what was expected."""


def clean_trait_value(kind: str, value: Any) -> Any:
    """The stored form of `value` for a trait of type `kind`; None stays None (it clears)."""
    if value is None:
        return None
    if kind == TEXT:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise Invalid(f"expected text, got {_show(value)}")
        text = str(value)
        if len(text) > MAX_TEXT:
            raise Invalid(f"expected text of at most {MAX_TEXT} characters")
        return text
    if kind == NUMBER:
        if isinstance(value, str):
            try:
                value = float(value.strip()) if value.strip() else value
            except ValueError:
                pass
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
        ):
            raise Invalid(f"expected a number, got {_show(value)}")
        return int(value) if isinstance(value, float) and value.is_integer() else value
    if kind == BOOLEAN:
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        if not isinstance(value, bool):
            raise Invalid(f"expected true or false, got {_show(value)}")
        return value
    if kind == DATE_:
        parsed = _as_date(value)
        if parsed is None:
            raise Invalid(f"expected an ISO date such as 2026-12-24, got {_show(value)}")
        return parsed.isoformat()
    if kind == LIST:
        if isinstance(value, str):  # CSV cells: "a|b|c"
            value = [item for item in value.split("|") if item.strip()]
        if not isinstance(value, list) or len(value) > MAX_LIST:
            raise Invalid(f"expected a list of at most {MAX_LIST} text values, got {_show(value)}")
        return [clean_trait_value(TEXT, item) for item in value]
    raise Invalid(f"unknown trait type {kind!r}; expected one of {', '.join(TRAIT_TYPES)}")


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return date.fromisoformat(text[:10]) if len(text) >= 10 else None
        except ValueError:
            return None
    return None


def validate_trait_test(test: Any, here: str) -> list[str]:
    """Problems in the shape of one `trait` TEST (declarations are checked by check_declared)."""
    example = "{trait: {name: plan, in: [pro, team]}}"
    if not isinstance(test, dict):
        return [f"{here}: expected a mapping such as {example}, got {_show(test)}"]
    errors: list[str] = []
    name = test.get("name")
    if not isinstance(name, str) or not NAME.match(name):
        errors.append(f"{here}.name: expected a trait name ([a-z0-9_]+), got {_show(name)}")
    ops = [key for key in test if key != "name"]
    unknown = [key for key in ops if key not in TRAIT_OPERATORS]
    if unknown:
        return errors + [
            f"{here}: unknown key {unknown[0]!r}; expected name and one of {', '.join(TRAIT_OPERATORS)}"
        ]
    if len(ops) != 1:
        return errors + [
            f"{here}: expected name and exactly one of {', '.join(TRAIT_OPERATORS)}, e.g. {example}"
        ]
    op = ops[0]
    value = test[op]
    at = f"{here}.{op}"
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not value or not all(_scalar(v) for v in value):
            errors.append(f"{at}: expected a non-empty list of values, got {_show(value)}")
    elif op == "between":
        if not isinstance(value, list) or len(value) != 2 or _ordered_kind(value) is None:
            errors.append(
                f"{at}: expected [low, high], two numbers or two ISO dates, got {_show(value)}"
            )
        elif _ordered(value[0]) > _ordered(value[1]):
            errors.append(f"{at}: expected low <= high, got {_show(value)}")
    elif op in ("gte", "lte"):
        if _ordered_kind([value]) is None:
            errors.append(f"{at}: expected a number or an ISO date, got {_show(value)}")
    elif op == "contains":
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            errors.append(f"{at}: expected a text value, got {_show(value)}")
    elif not _scalar(value):
        errors.append(f"{at}: expected a text, number, boolean or date value, got {_show(value)}")
    return errors


def check_declared(cond: Any, declared: Mapping[str, str], where: str = "rules") -> list[str]:
    """Messages for `trait` tests naming an undeclared trait or an operator its type refuses."""
    errors: list[str] = []
    for here, test in trait_tests(cond, where):
        name = test.get("name")
        kind = declared.get(name) if isinstance(name, str) else None
        if kind is None:
            known = ", ".join(sorted(declared)) or "none are declared"
            errors.append(
                f"{here}.name: expected a declared trait ({name!r} is not declared; {known})"
            )
            continue
        op = next((key for key in test if key != "name"), None)
        if op is not None and op not in OPERATORS_FOR_TYPE[kind]:
            errors.append(
                f"{here}: operator {op!r} does not apply to the {kind} trait {name}; "
                f"expected one of {', '.join(OPERATORS_FOR_TYPE[kind])}"
            )
        elif op is not None:
            values = test[op] if isinstance(test[op], list) else [test[op]]
            for value in values:
                try:
                    clean_trait_value(TEXT if kind == LIST else kind, value)
                except Invalid as exc:
                    errors.append(f"{here}.{op}: {exc} (trait {name} is {kind})")
                    break
    return errors


def trait_tests(cond: Any, where: str = "rules") -> Iterator[tuple[str, dict]]:
    """(location, TEST) of every `trait` test in a condition."""
    if not isinstance(cond, dict):
        return
    for key, test in cond.items():
        if key in ("all", "any") and isinstance(test, list):
            for i, child in enumerate(test):
                yield from trait_tests(child, f"{where}.{key}[{i}]")
        elif key == "not":
            yield from trait_tests(test, f"{where}.not")
        elif key == "trait" and isinstance(test, dict):
            yield f"{where}.trait", test


def trait_predicate(test: Mapping[str, Any]) -> tuple[str, str, Any, Callable[[Any], bool]]:
    """(name, operator, shown values, predicate on the stored value) of a valid `trait` TEST."""
    name = test["name"]
    op = next(key for key in test if key != "name")
    raw = test[op]
    values = raw if isinstance(raw, list) else [raw]
    if op in ("gte", "lte", "between"):
        first, last = _ordered(values[0]), _ordered(values[-1])
        kind = _ordered_kind(values)
        convert = (lambda v: _number(v)) if kind == "number" else (lambda v: _as_date(v))

        def ordered(v: Any) -> bool:
            x = convert(v)
            if x is None:
                return False
            return x >= first if op == "gte" else x <= first if op == "lte" else first <= x <= last

        return name, op, raw, _over_items(ordered)
    if op == "contains":
        needle = str(raw).lower()
        return name, op, raw, _over_items(lambda v: isinstance(v, str) and needle in v.lower())
    keys = frozenset(_key(v) for v in values)
    member = _over_items(lambda v: _key(v) in keys)
    if op == "not_in":
        return name, op, raw, lambda v: not member(v)
    return name, op, raw, member


def _over_items(pred: Callable[[Any], bool]) -> Callable[[Any], bool]:
    def test(value: Any) -> bool:
        if isinstance(value, list):
            return any(pred(item) for item in value)
        return pred(value)

    return test


def _key(value: Any) -> Any:
    """What equality compares: text ignoring case, numbers as floats, booleans as themselves."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, (date, datetime)):
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    return str(value).strip().lower()


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool, date))


def _ordered_kind(values: list) -> str | None:
    if all(not isinstance(v, bool) and isinstance(v, (int, float)) for v in values):
        return "number"
    if all(_as_date(v) is not None for v in values):
        return "date"
    return None


def _ordered(value: Any) -> Any:
    if not isinstance(value, bool) and isinstance(value, (int, float)):
        return float(value)
    return _as_date(value)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
