"""The checker every site-format validation uses: it raises SiteFormatError naming the file, the
entry and the key, and says what was expected."""

from __future__ import annotations

from typing import Any, NoReturn

from .errors import SiteFormatError
from .reader import Entry

MAX_HOLDOUT = 50


class Checker:
    """Raises SiteFormatError for one entry, with its file and entry label filled in."""

    def __init__(self, entry: Entry, label: str):
        self.file, self.label = entry.file, label

    def fail(self, key: str, expected: str) -> NoReturn:
        raise SiteFormatError(self.file, self.label, key, expected)

    def keys(self, data: Any, spec: dict[str, bool], where: str = ""):
        if not isinstance(data, dict):
            self.fail(where or "-", "a mapping")
        for key in data:
            if key not in spec:
                self.fail(f"{where}{key}", f"one of {', '.join(spec)} (unknown key)")
        for key, required in spec.items():
            if required and data.get(key) in (None, ""):
                self.fail(f"{where}{key}", "a value (required)")

    def of(self, data: dict, key: str, kind: type | tuple, expected: str, where: str = ""):
        value = data.get(key)
        if value is not None and (
            not isinstance(value, kind) or isinstance(value, bool) and bool not in _tuple(kind)
        ):
            self.fail(f"{where}{key}", expected)
        return value


def _tuple(kind):
    return kind if isinstance(kind, tuple) else (kind,)


def percent(c: Checker, data: dict, key: str, where: str):
    value = data.get(key)
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_HOLDOUT
    ):
        c.fail(f"{where}{key}", f"a whole percent from 0 to {MAX_HOLDOUT}")
