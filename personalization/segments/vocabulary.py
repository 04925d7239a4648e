"""The values each signal can take, for checking a rule when it is saved: a device type, channel,
continent, country or region code outside its vocabulary is refused (it could never match;
weekdays and trait types are the engine's own checks, engine/validate.py and engine/traits.py); an operating system or browser family outside ua-parser's usual names, or an event type
no visitor has sent and no goal declares, is saved with a warning (it may be new or misspelt).

Plain data in, findings out: `known` says which traits are declared and which event types exist
(validator.py reads them from the database). Values are compared as the engine compares them
(engine/validate.py `normalize`: text lower-cased).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pycountry
from django.utils.translation import gettext

from personalization.engine.context import CHANNELS, DEVICE_KINDS
from personalization.rules.editor_values import GROUPS

from .words import signal_name

CONTINENTS = ("AF", "AN", "AS", "EU", "NA", "OC", "SA")  # GeoIP2's continent codes
# The families ua-parser reports most often (its rules name hundreds; a family outside this list
# is saved with a warning, not refused).
OS_FAMILIES = (
    "Android", "Chrome OS", "Debian", "Fedora", "FreeBSD", "iOS", "iPadOS", "KaiOS", "Linux",
    "Mac OS X", "Tizen", "Ubuntu", "watchOS", "webOS", "Windows", "Windows Phone",
)  # fmt: skip
BROWSER_FAMILIES = (
    "Chrome", "Chrome Mobile", "Chrome Mobile iOS", "Chrome Mobile WebView", "Chromium", "Edge",
    "Edge Mobile", "Firefox", "Firefox iOS", "Firefox Mobile", "Google", "IE", "Mobile Safari",
    "Mobile Safari UI/WKWebView", "Opera", "Opera Mini", "Opera Mobile", "Safari",
    "Samsung Internet", "UC Browser", "Vivaldi", "Yandex Browser", "Brave", "DuckDuckGo Mobile",
    "Facebook", "Instagram", "Silk", "Whale",
)  # fmt: skip
_EQUALITY = ("in", "not_in")  # plus the bare value: the operators whose values must be known


@dataclass(frozen=True)
class Finding:
    """One value outside its vocabulary: `signal` is the condition's key (the form's field is
    the rule row testing it), `message` is in the form's words."""

    signal: str
    message: str
    warning: bool = False


@dataclass
class Known:
    """What the database declares: traits (name -> type) and, read only when a rule tests an
    event, the event types visitors have sent or goals count."""

    traits: Mapping[str, str] = field(default_factory=dict)
    event_types: Callable[[], set[str]] = set


def condition_findings(cond: Any, known: Known | None = None) -> list[Finding]:
    """Every value of `cond` outside its vocabulary (errors first, then warnings)."""
    known = known or Known()
    found = [f for signal, test in signal_tests(cond) for f in test_findings(signal, test, known)]
    return [f for f in found if not f.warning] + [f for f in found if f.warning]


def signal_tests(cond: Any) -> Iterator[tuple[str, Any]]:
    """(signal, TEST) of every signal test inside all / any / not."""
    if not isinstance(cond, dict) or len(cond) != 1:
        return
    ((key, test),) = cond.items()
    if key in ("all", "any") and isinstance(test, list):
        for child in test:
            yield from signal_tests(child)
    elif key == "not":
        yield from signal_tests(test)
    else:
        yield key, test


def test_findings(signal: str, test: Any, known: Known) -> list[Finding]:
    """Findings for one signal test (`{device: phone}` -> device, "phone")."""
    if signal == "event":
        kind = test.get("type") if isinstance(test, dict) else None
        if isinstance(kind, str) and kind.strip() and kind not in known.event_types():
            return [
                Finding(
                    signal,
                    gettext(
                        'Event type "%(type)s" has not been sent by any visitor yet and no goal '
                        "counts it: check the spelling (it is saved anyway)."
                    )
                    % {"type": kind},
                    warning=True,
                )
            ]
        return []
    check = _CHECKS.get(signal)
    if check is None:
        return []
    found = []
    for value in _equality_values(test):
        if isinstance(value, str):
            finding = check(signal, value.strip())
            if finding is not None:
                found.append(finding)
    return found


def _equality_values(test: Any) -> list[Any]:
    if isinstance(test, dict):
        if len(test) == 1:
            ((op, value),) = test.items()
            if op in _EQUALITY and isinstance(value, list):
                return value
        return []
    return [test]


def _choice(choices: tuple[str, ...], upper: bool = False):
    def check(signal: str, value: str) -> Finding | None:
        shown = value.upper() if upper else value.lower()
        if shown in choices:
            return None
        return Finding(
            signal,
            gettext('%(signal)s cannot be "%(value)s": choose %(choices)s.')
            % {"signal": signal_name(signal), "value": value, "choices": _or(choices)},
        )

    return check


def _country(signal: str, value: str) -> Finding | None:
    if value.upper() in _countries():
        return None
    return Finding(
        signal,
        gettext(
            '%(signal)s: "%(value)s" is not a country code; use the two letters of ISO 3166, '
            "e.g. SE, US, GB."
        )
        % {"signal": signal_name(signal), "value": value},
    )


def _region(signal: str, value: str) -> Finding | None:
    if value.upper() in _regions():
        return None
    return Finding(
        signal,
        gettext(
            '%(signal)s: "%(value)s" is not the region code of any country; use the part of '
            "the ISO 3166-2 code after the country, e.g. WA for US-WA, ENG for GB-ENG."
        )
        % {"signal": signal_name(signal), "value": value},
    )


def _family(families: tuple[str, ...]):
    lowered = {name.lower() for name in families}

    def check(signal: str, value: str) -> Finding | None:
        if value.lower() in lowered:
            return None
        return Finding(
            signal,
            gettext(
                '%(signal)s "%(value)s" is not a name the device detection usually reports '
                "(e.g. %(examples)s): check the spelling (it is saved anyway)."
            )
            % {"signal": signal_name(signal), "value": value, "examples": ", ".join(families[:4])},
            warning=True,
        )

    return check


@cache
def _countries() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries)


@cache
def _regions() -> frozenset[str]:
    return frozenset(s.code.split("-", 1)[1] for s in pycountry.subdivisions)


def _or(choices: tuple[str, ...]) -> str:
    return gettext("%(some)s or %(last)s") % {"some": ", ".join(choices[:-1]), "last": choices[-1]}


_CHECKS: dict[str, Callable[[str, str], Finding | None]] = {
    "device": _choice(DEVICE_KINDS),  # what visitor_signals/device.py decides
    "channel": _choice(CHANNELS),
    "continent": _choice(CONTINENTS, upper=True),
    "country": _country,
    "region": _region,
    "os": _family(OS_FAMILIES),
    "browser": _family(BROWSER_FAMILIES),
}
assert set(_CHECKS) <= {s for signals in GROUPS.values() for s in signals}  # table drift
