"""The "simulate a visitor" form of the editor's preview panel: a made-up visitor (place, device,
source, time, history) turned into the same RequestFacts and Simulation a real request and the
API's `simulate` give the delivery service, so the engine evaluates the rules for it."""
from __future__ import annotations

import re
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django import forms
from django.core.validators import validate_ipv46_address
from django.utils import timezone

from personalization.delivery.facts import RequestFacts, Simulation
from personalization.engine.context import DEVICE_KINDS
from personalization.visitor_signals.source import CHANNELS

#: User agents for a chosen device kind, so the device parser sees what such a visitor sends.
DEVICE_AGENTS = {
    "mobile": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
              "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "tablet": "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
              "Version/17.4 Mobile/15E148 Safari/604.1",
    "desktop": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/124.0 Safari/537.36",
}
FIELDS = ("ip", "country", "region", "city", "device", "user_agent", "landing", "referrer", "channel",
          "time", "visit_count", "pages", "tags", "events")
MAX_LINES = 50
_COUNTED = re.compile(r"^(?P<name>\S+?)(?:\s*[x×*]\s*(?P<count>\d{1,6}))?$")


def _counted(text: str, label: str, lower: bool) -> tuple[tuple[str, int], ...]:
    """ "/pricing/ x2" or "suv" per line or comma: (name, count) pairs, counts added up."""
    counts: dict[str, int] = {}
    items = [item.strip() for item in re.split(r"[\n,]", text or "") if item.strip()]
    if len(items) > MAX_LINES:
        raise forms.ValidationError(f"At most {MAX_LINES} {label}.")
    for item in items:
        match = _COUNTED.match(item)
        if match is None or len(match["name"]) > 200:
            raise forms.ValidationError(f"{item!r} is not a {label[:-1]} (write one per line, e.g. /pricing/ x2).")
        name = match["name"].lower() if lower else match["name"]
        counts[name] = counts.get(name, 0) + int(match["count"] or 1)
    return tuple(counts.items())


class VisitorForm(forms.Form):
    """Every field optional: what is left blank, the visitor does not have."""

    ip = forms.CharField(required=False, label="Network address", max_length=45,
                         help_text="Looked up in the GeoIP database, as for a real visitor (e.g. 192.0.2.10).")
    country = forms.CharField(required=False, max_length=2, help_text="Two letters, e.g. SE. Overrides the address.")
    region = forms.CharField(required=False, max_length=200, help_text="Region code, e.g. AB.")
    city = forms.CharField(required=False, max_length=200)
    device = forms.ChoiceField(required=False, choices=[("", "Unknown")] + [(k, k.capitalize()) for k in DEVICE_KINDS
                                                                          if k != "unknown"])
    user_agent = forms.CharField(required=False, max_length=500, label="User agent",
                                 help_text="Instead of a device: the browser's User-Agent header.")
    landing = forms.CharField(required=False, max_length=2000, label="Landing URL",
                              help_text="The link the visitor followed, with its campaign parameters, "
                                        "e.g. /?utm_source=newsletter&utm_campaign=spring.")
    referrer = forms.CharField(required=False, max_length=2000, help_text="The page they came from, e.g. https://www.google.com/.")
    channel = forms.ChoiceField(required=False, choices=[("", "From the link and referrer")] + [(c, c) for c in CHANNELS])
    time = forms.DateTimeField(required=False, label="Time of visit", input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                               widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                               help_text="In the site's time zone. Blank: now.")
    visit_count = forms.IntegerField(required=False, min_value=0, max_value=1_000_000, label="Visit count",
                                     help_text="Visits so far, this one included.")
    pages = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Pages viewed",
                            help_text="One path per line, with a count if more than once: /pricing/ x2.")
    tags = forms.CharField(required=False, label="Tags viewed", help_text="Tags of pages viewed: suv, ev x3.")
    events = forms.CharField(required=False, label="Events", help_text="Event types sent earlier: test_drive_booked.")

    def clean_ip(self) -> str:
        ip = self.cleaned_data["ip"].strip()
        if ip:
            validate_ipv46_address(ip)
        return ip

    def clean_country(self) -> str:
        country = self.cleaned_data["country"].strip().upper()
        if country and not (len(country) == 2 and country.isascii() and country.isalpha()):
            raise forms.ValidationError("Use a two-letter country code, e.g. SE.")
        return country

    def clean_pages(self):
        return _counted(self.cleaned_data["pages"], "pages", lower=True)

    def clean_tags(self):
        return _counted(self.cleaned_data["tags"], "tags", lower=True)

    def clean_events(self):
        events = _counted(self.cleaned_data["events"], "events", lower=True)
        return tuple(kind for kind, count in events for _ in range(min(count, 100)))

    def is_blank(self) -> bool:
        return not any(self.data.get(name) for name in FIELDS)

    def visitor(self, *, site_timezone: str, host: str | None) -> tuple[RequestFacts, Simulation]:
        """The made-up request and the stand-ins for what a request cannot carry (a profile)."""
        data = self.cleaned_data
        now = timezone.now()
        if data.get("time"):
            now = data["time"].replace(tzinfo=ZoneInfo(site_timezone)) if timezone.is_naive(data["time"]) \
                else data["time"]
        landing = data.get("landing") or ""
        if landing and not landing.startswith(("http://", "https://")):
            landing = f"https://{host or 'localhost'}/{landing.lstrip('/')}"
        agent = data.get("user_agent") or DEVICE_AGENTS.get(data.get("device") or "")
        facts = RequestFacts(now=now, url=landing or None, referrer=data.get("referrer") or None,
                             ip=data.get("ip") or None, user_agent=agent or None, request_host=host)
        has_history = any(data.get(k) not in (None, (), "") for k in ("visit_count", "pages", "tags", "events"))
        simulation = Simulation(
            country=data.get("country") or None, region=data.get("region") or None, city=data.get("city") or None,
            device=data.get("device") if data.get("device") and not data.get("user_agent") else None,
            channel=data.get("channel") or None,
            visit_count=data.get("visit_count") if data.get("visit_count") is not None else (1 if has_history else None),
            now=now, path_views=data.get("pages") or (() if has_history else None),
            tag_views=data.get("tags") or (() if has_history else None),
            events=data.get("events") or (() if has_history else None),
        )
        return facts, simulation

    def query(self) -> str:
        """The form's values as a query string (to keep them across the panel's reloads)."""
        return urlencode({name: self.data.get(name, "") for name in FIELDS if self.data.get(name)})
