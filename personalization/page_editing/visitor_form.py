"""A made-up visitor (place, device, source, time, history), described in a form and turned into
what delivery reads for a real one: the same RequestFacts (GeoIP lookup, user-agent parsing,
channel rules run on them), stand-ins for what a request cannot carry, and a sample history.

One set of fields and one conversion serve both screens that describe a visitor:
- `VisitorForm`: "simulate a visitor" in the editor's preview panel (a Simulation for `deliver`);
- `SampleVisitorForm`: "Test these rules" (a sample profile history, with days ago, for the engine).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from personalization.delivery.facts import RequestFacts, Simulation
from personalization.display_names import channel_choices, device_choices, place_choices
from personalization.engine.context import (
    DEVICE_KINDS,
    MAX_WINDOW_DAYS,
    DayCounts,
    EventRecord,
    History,
)
from personalization.visitor_signals.geo import get_locator, parse_ip

#: User agents for a chosen device kind, so the device parser sees what such a visitor sends.
DEVICE_AGENTS = {
    "mobile": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "tablet": "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Mobile/15E148 Safari/604.1",
    "desktop": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36",
}
MAX_LINES = 50
HISTORY = ("visit_count", "pages", "tags", "events")
#: "NAME", "NAME COUNT", "NAME COUNT DAYS-AGO" or "NAME x COUNT".
_COUNTED = re.compile(
    r"^(?P<name>\S{1,200}?)(?:\s*[x×*]\s*(?P<times>\d{1,6})|\s+(?P<count>\d{1,6})"
    r"(?:\s+(?P<days>\d{1,6}))?)?$"
)

Counted = tuple[tuple[str, int, int], ...]  # (name, how many times, how many days ago)


def counted_lines(text: str, what: str | Promise, example: str) -> Counted:
    """One item a line (or comma): the name, optionally how many times and how many days ago."""
    items = [item.strip() for item in re.split(r"[\n,]", text or "") if item.strip()]
    if len(items) > MAX_LINES:
        raise forms.ValidationError(_("At most %(max)s lines.") % {"max": MAX_LINES})
    rows = []
    for number, item in enumerate(items, start=1):
        match = _COUNTED.match(item)
        count = int(match["times"] or match["count"] or 1) if match else 0
        if match is None or count < 1:
            raise forms.ValidationError(
                _(
                    "Line %(number)s: write the %(what)s, then optionally how many times and how many days ago "
                    "(e.g. “%(example)s”)."
                )
                % {"number": number, "what": what, "example": example}
            )
        rows.append((match["name"], count, min(int(match["days"] or 0), MAX_WINDOW_DAYS)))
    return tuple(rows)


def country_code(value: str | None) -> str:
    """A typed country: two letters, upper-cased; blank stays blank."""
    value = (value or "").strip().upper()
    if value and not (len(value) == 2 and value.isascii() and value.isalpha()):
        raise forms.ValidationError(_("Use a two-letter country code, e.g. SE."))
    return value


def visit_time(value: datetime | None, site_timezone: str) -> datetime:
    """The visit's time: now when blank; a time without a zone is in the site's time zone."""
    if value is None:
        return timezone.now()
    return value.replace(tzinfo=ZoneInfo(site_timezone)) if timezone.is_naive(value) else value


class VisitorFields(forms.Form):
    """The fields both screens share. Every field optional: what is left blank, the visitor does not have."""

    referrer = forms.CharField(
        label=_("Referrer"),
        required=False,
        max_length=2000,
        help_text=_("The page they came from, e.g. https://www.google.com/."),
        widget=forms.TextInput(attrs={"placeholder": "https://www.google.com/"}),
    )
    place = forms.ChoiceField(label=_("Place (from the GeoIP database)"), required=False)
    ip = forms.CharField(
        label=_("Or a network address"),
        required=False,
        max_length=64,
        help_text=_(
            "Located with the site's GeoIP database, as a visitor's address would be "
            "(e.g. 192.0.2.10)."
        ),
    )
    country = forms.CharField(
        label=_("Or type a country"),
        required=False,
        max_length=2,
        help_text=_("Two letters, e.g. SE. Replaces the located country."),
    )
    region = forms.CharField(
        label=_("Region code"), required=False, max_length=200, help_text=_("e.g. AB.")
    )
    city = forms.CharField(label=_("City"), required=False, max_length=200)
    user_agent = forms.CharField(
        label=_("User agent"),
        required=False,
        max_length=1000,
        help_text=_("The browser's User-Agent header."),
        widget=forms.TextInput(attrs={"placeholder": "Mozilla/5.0 (iPhone; …"}),
    )
    device = forms.ChoiceField(
        label=_("Or a device"),
        required=False,
        choices=[("", _("From the user agent")), *device_choices(DEVICE_KINDS)],
    )
    visit_count = forms.IntegerField(
        label=_("Visits so far (this one included)"),
        required=False,
        min_value=0,
        max_value=1_000_000,
    )
    pages = forms.CharField(
        label=_("Pages viewed before"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One path a line, optionally how many times and how many days ago: /pricing/ 2 3"
        ),
    )
    tags = forms.CharField(
        label=_("Tags of pages viewed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One tag a line, optionally how many times and how many days ago: api 3"),
    )
    events = forms.CharField(
        label=_("Events"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "One a line: the event type, optionally how many and how many days ago: "
            "trial_started 1 5"
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        places = get_locator(settings.GEOIP_PATH).known_places()
        self.fields["place"].choices = [
            ("", _("Choose a city…") if places else _("(type an address instead)"))
        ] + place_choices(places)

    def clean_ip(self) -> str:
        value = (self.cleaned_data.get("ip") or "").strip()
        if value and parse_ip(value) is None:
            raise forms.ValidationError(
                _(
                    "Not an IP address: write an IPv4 or IPv6 address, "
                    "e.g. 192.0.2.10 or 2001:db8::1."
                )
            )
        return value

    def clean_country(self) -> str:
        return country_code(self.cleaned_data.get("country"))

    def clean_pages(self) -> Counted:
        return counted_lines(self.cleaned_data.get("pages") or "", _("path"), "/pricing/ 2 3")

    def clean_tags(self) -> Counted:
        return tuple(
            (tag.lower(), n, days)
            for tag, n, days in counted_lines(
                self.cleaned_data.get("tags") or "", _("tag"), "api 3"
            )
        )

    def clean_events(self) -> Counted:
        return counted_lines(
            self.cleaned_data.get("events") or "", _("event type"), "trial_started 1 5"
        )

    def has_history(self) -> bool:
        return any(self.cleaned_data.get(name) not in (None, (), "") for name in HISTORY)

    def request_facts(
        self,
        *,
        now: datetime,
        url: str | None,
        host: str | None,
        ip: str | None = None,
        logged_in: bool = False,
    ) -> RequestFacts:
        """The made-up request: a chosen device without a user agent sends that device's usual one."""
        data = self.cleaned_data
        agent = data.get("user_agent") or DEVICE_AGENTS.get(data.get("device") or "")
        return RequestFacts(
            now=now,
            url=url or None,
            referrer=data.get("referrer") or None,
            ip=ip or data.get("ip") or None,
            user_agent=agent or None,
            request_host=host,
            logged_in=logged_in,
        )

    def simulation(self, **more) -> Simulation:
        """The typed place and device, over what the address and the user agent say."""
        data = self.cleaned_data
        return Simulation(
            country=data.get("country") or None,
            region=data.get("region") or None,
            city=data.get("city") or None,
            device=data.get("device") or None,
            **more,
        )

    def sample_history(self, now: datetime) -> History | None:
        """The sample history, or None when no history field was filled (a visitor without consent).

        Pages and tags count on the day they were viewed (today unless "days ago" is given), so
        `within_days` rules see them; each such day counts one visit, today's visit included."""
        if not self.has_history():
            return None
        data = self.cleaned_data
        pages, tags, events = (
            data.get("pages") or (),
            data.get("tags") or (),
            data.get("events") or (),
        )
        today = now.astimezone(UTC).date()
        by_day: dict = defaultdict(lambda: {"paths": Counter(), "tags": Counter()})
        by_day[0]  # today: this visit
        for path, count, days_ago in pages:
            by_day[days_ago]["paths"][path] += count
        for tag, count, days_ago in tags:
            by_day[days_ago]["tags"][tag] += count
        days = tuple(
            DayCounts(
                day=today - timedelta(days=ago),
                visits=1,
                page_views=sum(c["paths"].values()),
                paths=dict(c["paths"]),
                tags=dict(c["tags"]),
            )
            for ago, c in sorted(by_day.items())
        )
        path_views, tag_views = _totals(pages), _totals(tags)
        records = tuple(
            EventRecord(kind, now - timedelta(days=days_ago, minutes=i))
            for kind, count, days_ago in events
            for i in range(min(count, 1000))
        )
        return History(
            visit_count=max(data.get("visit_count") or 1, len(days)),
            page_views=sum(path_views.values()),
            path_views=path_views,
            tag_views=tag_views,
            events=records,
            days=days,
        )


def _totals(rows: Counted) -> dict[str, int]:
    totals: Counter = Counter()
    for name, count, _days in rows:
        totals[name] += count
    return dict(totals)


class VisitorForm(VisitorFields):
    """The editor's preview panel: "simulate a visitor", kept across the panel's reloads."""

    landing = forms.CharField(
        required=False,
        max_length=2000,
        label=_("Landing URL"),
        help_text=_(
            "The link the visitor followed, with its campaign parameters, "
            "e.g. /?utm_source=newsletter&utm_campaign=spring."
        ),
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=[("", _("From the link and referrer")), *channel_choices()],
    )
    time = forms.DateTimeField(
        required=False,
        label=_("Time of visit"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("In the site's time zone. Blank: now."),
    )

    field_order = (
        "place",
        "ip",
        "country",
        "region",
        "city",
        "device",
        "user_agent",
        "landing",
        "referrer",
        "channel",
        "time",
        "visit_count",
        "pages",
        "tags",
        "events",
    )

    def is_blank(self) -> bool:
        return not any(self.data.get(name) for name in FIELDS)

    def visitor(self, *, site_timezone: str, host: str | None) -> tuple[RequestFacts, Simulation]:
        """The made-up request and the stand-ins for what a request cannot carry (a profile)."""
        data = self.cleaned_data
        now = visit_time(data.get("time"), site_timezone)
        landing = data.get("landing") or ""
        if landing and not landing.startswith(("http://", "https://")):
            landing = f"https://{host or 'localhost'}/{landing.lstrip('/')}"
        history = self.has_history()
        events = tuple(
            kind
            for kind, count in _totals(data.get("events") or ()).items()
            for _n in range(min(count, 100))
        )
        simulation = self.simulation(
            channel=data.get("channel") or None,
            visit_count=data.get("visit_count")
            if data.get("visit_count") is not None
            else (1 if history else None),
            now=now,
            path_views=tuple(_totals(data.get("pages") or ()).items()) or (() if history else None),
            tag_views=tuple(_totals(data.get("tags") or ()).items()) or (() if history else None),
            events=events or (() if history else None),
        )
        facts = self.request_facts(
            now=now, url=landing, host=host, ip=data.get("ip") or data.get("place") or None
        )
        return facts, simulation

    def query(self) -> str:
        """The form's values as a query string (to keep them across the panel's reloads)."""
        return urlencode({name: self.data.get(name, "") for name in FIELDS if self.data.get(name)})


FIELDS = VisitorForm.field_order


class SampleVisitorForm(VisitorFields):
    """ "Test these rules": an empty form is a direct visit from an unknown place, now."""

    url = forms.CharField(
        label=_("Landing URL"),
        required=False,
        max_length=2000,
        help_text=_(
            "The page the visit starts on, with its query, e.g. "
            "https://example.com/offers/?utm_campaign=spring&ref=partner"
        ),
        widget=forms.TextInput(attrs={"placeholder": "https://example.com/?utm_source=newsletter"}),
    )
    when = forms.DateTimeField(
        label=_("Time of the visit"),
        required=False,
        help_text=_("In the site's time zone; the rules read the visitor's local time."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    logged_in = forms.BooleanField(label=_("Logged in"), required=False)

    def visitor(self, *, site_timezone: str) -> tuple[RequestFacts, Simulation, History | None]:
        """The sample request, the typed place and device, and the sample history (None: no consent)."""
        data = self.cleaned_data
        now = visit_time(data.get("when"), site_timezone)
        url = data.get("url") or None
        host = urlsplit(url).hostname if url and "//" in url else None
        facts = self.request_facts(
            now=now,
            url=url,
            host=host,
            ip=data.get("ip") or data.get("place") or None,
            logged_in=bool(data.get("logged_in")),
        )
        return facts, self.simulation(), self.sample_history(now)
