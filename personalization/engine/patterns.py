"""Regular expressions of the `matches` test: RE2 syntax, searched anywhere in the value,
ignoring case, run by a linear-time engine (google-re2), so no pattern an author writes can make
a request slow (no backtracking; backreferences and lookarounds are refused at load time).

A pattern is compiled once (memoised here, so validating a rule set and compiling it share the
work) and kept in the compiled condition for the life of the rule-set version.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import re2

MAX_PATTERN_LENGTH = 500  # the admin's value field holds 500 characters
ANSWERS_PER_PATTERN = 1024  # memoised (value -> found?) answers kept per compiled pattern


def _options() -> re2.Options:
    options = re2.Options()
    options.case_sensitive = False  # every string comparison of the site format ignores case
    options.log_errors = False  # a refused pattern is a message for its author, not a log line
    options.never_capture = True  # only "does it occur?" is asked: no capture bookkeeping
    return options


_OPTIONS = _options()


class PatternError(ValueError):
    """A pattern RE2 refuses; the message says why, in RE2's words."""


@lru_cache(maxsize=4096)
def _compile(pattern: str) -> Any:
    try:
        return re2.compile(pattern, _OPTIONS)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else "invalid pattern"
        return PatternError(
            reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
        )


def compile_pattern(pattern: str) -> Any:
    """The compiled pattern (`.search(text)`); raises PatternError when RE2 refuses it."""
    if not isinstance(pattern, str):
        raise PatternError(f"expected a regular expression as text, got {pattern!r}")
    if not pattern:
        raise PatternError("expected a regular expression, got an empty pattern")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise PatternError(
            f"expected a pattern of at most {MAX_PATTERN_LENGTH} characters, got {len(pattern)}"
        )
    compiled = _compile(pattern)
    if isinstance(compiled, PatternError):
        raise compiled
    return compiled


def pattern_error(pattern: Any) -> str | None:
    """Why RE2 refuses `pattern` ("missing ]: [unclosed"), or None when it compiles."""
    try:
        compile_pattern(pattern)
    except PatternError as exc:
        return str(exc)
    return None


def searcher(pattern: str) -> Callable[[str], bool]:
    """A predicate on text: does the pattern occur anywhere in it (ignoring case)?

    The text is searched as UTF-8 bytes (google-re2's str path also maps byte offsets back to
    characters, which only a match object needs: three times slower), and the last answers
    are memoised per pattern: the values tested (referrer domains, campaigns, cities) repeat."""
    search = compile_pattern(pattern).search

    @lru_cache(maxsize=ANSWERS_PER_PATTERN)
    def found(text: str) -> bool:
        return search(text.encode("utf-8", "surrogatepass")) is not None

    return found
