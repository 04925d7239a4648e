"""wagtail-personalisation's own rule models as site-format conditions, so segments built with
them keep working in Tailor's engine and survive dump_site. Each mapping is the closest faithful
condition; where the original cannot be expressed exactly the docstring says what changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import time
from typing import Any

from wagtail_personalisation import rules as wp

# What a rule that can never hold becomes (e.g. a day rule with no day ticked). It is not a
# valid site-format condition on purpose: the engine compiles it to "never holds".
NEVER: dict[str, Any] = {"any": []}
_HOST = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*\.?$", re.IGNORECASE)
_LITERAL = re.compile(r"^(?:[A-Za-z0-9-]|\\\.|\.)+$")


def _one_or_in(signal: str, values: list[Any]) -> dict[str, Any]:
    if not values:
        return NEVER
    return {signal: values[0]} if len(values) == 1 else {signal: {"in": values}}


def _last_hour(end: time) -> int:
    """The last whole hour a window ending at `end` covers (17:00 -> 16, 17:30 -> 17)."""
    return end.hour - 1 if (end.minute, end.second) == (0, 0) and end.hour > 0 else end.hour


def time_rule(rule: wp.TimeRule, root_paths: Sequence[str]) -> dict[str, Any]:
    """Lossy: whole hours (09:30-17:00 becomes hours 9 to 16), in the visitor's local time rather
    than the server's clock. A window that wraps midnight (22:00-06:00) matches the night, as
    its author meant, where wagtail-personalisation's own check never held."""
    start, end = rule.start_time, rule.end_time
    if start <= end:
        low, high = start.hour, max(start.hour, _last_hour(end))
        return {"local_hour": low} if low == high else {"local_hour": {"between": [low, high]}}
    if end == time(0, 0):
        return {"local_hour": {"gte": start.hour}}
    return {"any": [{"local_hour": {"gte": start.hour}}, {"local_hour": {"lte": _last_hour(end)}}]}


def day_rule(rule: wp.DayRule, root_paths: Sequence[str]) -> dict[str, Any]:
    """Exact, except that the weekday is the visitor's, not the server's."""
    days = [day for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun") if getattr(rule, day)]
    return _one_or_in("weekday", days)


def referral_rule(rule: wp.ReferralRule, root_paths: Sequence[str]) -> dict[str, Any]:
    """A plain host pattern (`google\\.com`) becomes `referrer_domain contains google.com`. Any
    other regular expression becomes `referrer_domain matches` with the same RE2 pattern (searched
    anywhere, ignoring case, like the original's `re.search`), after dropping a leading
    `https?://` and `(www\\.)?`: the original searched the whole referrer URL, the domain has no
    scheme, no `www.` and no path, so a pattern on the path no longer matches. A pattern RE2
    refuses stays as it is and is refused when the segment is saved (rule health)."""
    pattern = rule.regex_string.strip()
    if _LITERAL.match(pattern):
        host = pattern.replace("\\.", ".").lower().removeprefix("www.")
        if _HOST.match(host):
            return {"referrer_domain": {"contains": host}}
    return {"referrer_domain": {"matches": _domain_pattern(pattern)}}


_URL_START = re.compile(
    r"^(\^?)(?:https?|https\?|http\(s\)\?)(?::|\\:)(?:/|\\/){2}"
    r"(?:\((?:\?:)?www\\\.\)\?|www\\\.)?"
)


def _domain_pattern(pattern: str) -> str:
    """`^https?://(www\\.)?bing\\.` -> `^bing\\.`: the part of a URL pattern a domain can match."""
    found = _URL_START.match(pattern)
    if found is None or found.end() == len(pattern):
        return pattern
    return found.group(1) + pattern[found.end() :]


def visit_count_rule(rule: wp.VisitCountRule, root_paths: Sequence[str]) -> dict[str, Any]:
    """Visits to one page, as `visited {path, min}`: exact in meaning (the original counts views
    of that page and never holds for a page not viewed)."""
    path = _site_path(rule.counted_page.url_path, root_paths)
    count = rule.count or 0

    def at_least(n: int) -> dict[str, Any]:
        return {"visited": {"path": path, "min": n}}

    if rule.operator == "more_than":
        return at_least(count + 1)
    if rule.operator == "less_than":
        return NEVER if count <= 1 else {"all": [at_least(1), {"not": at_least(count)}]}
    return NEVER if count == 0 else {"all": [at_least(count), {"not": at_least(count + 1)}]}


def query_rule(rule: wp.QueryRule, root_paths: Sequence[str]) -> dict[str, Any]:
    """Exact, but on the landing URL's query rather than each request's."""
    return {"query_param": {"name": rule.parameter, "equals": rule.value}}


def device_rule(rule: wp.DeviceRule, root_paths: Sequence[str]) -> dict[str, Any]:
    """Exact."""
    return _one_or_in(
        "device", [kind for kind in ("mobile", "tablet", "desktop") if getattr(rule, kind)]
    )


def logged_in_rule(rule: wp.UserIsLoggedInRule, root_paths: Sequence[str]) -> dict[str, Any]:
    """Also true for a visitor identified through the API (site-format `logged_in`)."""
    return {"logged_in": bool(rule.is_logged_in)}


def origin_country_rule(rule: wp.OriginCountryRule, root_paths: Sequence[str]) -> dict[str, Any]:
    """Exact: the country comes from Tailor's GeoIP lookup."""
    return {"country": rule.country.upper()}


MAPPINGS: dict[type, Callable[[Any, Sequence[str]], dict[str, Any]]] = {
    wp.TimeRule: time_rule,
    wp.DayRule: day_rule,
    wp.ReferralRule: referral_rule,
    wp.VisitCountRule: visit_count_rule,
    wp.QueryRule: query_rule,
    wp.DeviceRule: device_rule,
    wp.UserIsLoggedInRule: logged_in_rule,
    wp.OriginCountryRule: origin_country_rule,
}


def legacy_condition(rule: Any, root_paths: Sequence[str]) -> dict[str, Any]:
    """The condition for one of wagtail-personalisation's rules (NEVER for an unknown model)."""
    mapping = MAPPINGS.get(type(rule))
    return mapping(rule, root_paths) if mapping is not None else NEVER


def _site_path(url_path: str, root_paths: Sequence[str]) -> str:
    """A page's path under its site root: "/home/pricing/" -> "/pricing/"."""
    for root in sorted(root_paths, key=len, reverse=True):
        if url_path.startswith(root):
            return "/" + url_path[len(root) :]
    return url_path
