"""Names for people: the one place that turns Tailor's keys into words a marketer reads
(channels, devices, countries, regions, places, yes/no). Screens call these instead of showing
`paid_search`, "NO" or "True". Country and region names come from pycountry (ISO 3166)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pycountry
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

CHANNEL_NAMES = {
    "direct": _("Direct (typed or bookmarked)"),
    "cross_network": _("Ads across networks"),
    "paid_shopping": _("Paid shopping ads"),
    "paid_search": _("Paid search ads"),
    "paid_social": _("Paid social media ads"),
    "paid_video": _("Paid video ads"),
    "display": _("Display ads"),
    "paid_other": _("Other paid ads"),
    "organic_shopping": _("Shopping sites (unpaid)"),
    "social": _("Social media (unpaid)"),
    "organic_video": _("Video sites (unpaid)"),
    "organic_search": _("Search engines (unpaid)"),
    "referral": _("A link on another site"),
    "email": _("Email"),
    "affiliate": _("Affiliates"),
    "audio": _("Audio ads"),
    "sms": _("Text message"),
    "mobile_push": _("Mobile push notification"),
    "other": _("Other"),
}
DEVICE_NAMES = {
    "mobile": _("Phone"),
    "tablet": _("Tablet"),
    "desktop": _("Desktop or laptop"),
    "bot": _("Bot or crawler"),
    "unknown": _("Unknown device"),
}
CONTINENT_NAMES = {
    "AF": _("Africa"),
    "AN": _("Antarctica"),
    "AS": _("Asia"),
    "EU": _("Europe"),
    "NA": _("North America"),
    "OC": _("Oceania"),
    "SA": _("South America"),
}


def channel_name(key: str | None) -> str:
    if not key:
        return gettext("unknown")
    return str(CHANNEL_NAMES.get(key, key))


def channel_choices() -> list[tuple[str, Any]]:
    """(key, name) for every channel, in GA4's order (names translated when shown)."""
    return list(CHANNEL_NAMES.items())


def device_choices(kinds: Iterable[str]) -> list[tuple[str, Any]]:
    """(kind, name) for the device kinds given (names translated when shown)."""
    return [(kind, DEVICE_NAMES.get(kind, kind)) for kind in kinds]


def device_name(key: str | None) -> str:
    return str(DEVICE_NAMES.get(key or "unknown", key or ""))


def country_name(code: str | None) -> str:
    """ "NO" -> "Norway"; an unknown code is returned as given."""
    if not code:
        return ""
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def region_name(country_code: str | None, region_code: str | None) -> str:
    """("NO", "03") -> "Oslo"; ("US", "WA") -> "Washington"; unknown -> the code."""
    if not region_code:
        return ""
    if country_code:
        found = pycountry.subdivisions.get(code=f"{country_code.upper()}-{region_code.upper()}")
        if found is not None:
            return found.name
    return region_code


def place_name(
    city: str | None = None,
    region_code: str | None = None,
    country_code: str | None = None,
    *,
    with_region: bool = False,
) -> str:
    """ "Oslo, Norway"; "Seattle, Washington, United States" with_region; a place without a
    city names its region; "" when nothing is known."""
    region = region_name(country_code, region_code)
    parts = [city, region if (with_region or not city) and region != city else None]
    parts.append(country_name(country_code))
    return ", ".join(p for p in parts if p)


def place_from_label(label: str) -> tuple[str, str, str]:
    """GeoIP's "City, REGION, CC" labels (visitor_signals/geo.py) as (city, region, country),
    read from the end so that a city with a comma in its name stays whole."""
    parts = [p.strip() for p in label.split(",")]
    country = parts.pop() if parts and len(parts[-1]) == 2 and parts[-1].isupper() else ""
    region = ""
    if len(parts) > 1 and re.fullmatch(r"[A-Z0-9]{1,3}", parts[-1]):
        region = parts.pop()
    return ", ".join(parts), region, country


def place_choices(places: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(address, "Oslo, Norway") for GeoIP's (label, address) pairs, sorted by name; two cities of
    the same name in one country are told apart by their region."""
    named = [(address, place_from_label(label)) for label, address in places]
    plain = [place_name(*parts) for _address, parts in named]
    choices = [
        (address, place_name(*parts, with_region=plain.count(short) > 1))
        for (address, parts), short in zip(named, plain, strict=True)
    ]
    return sorted(choices, key=lambda choice: choice[1])


def yes_no(value: object) -> str:
    return gettext("Yes") if value else gettext("No")
