""""Test these rules": a sample visitor, built the way delivery builds a real one, tested against
the saved rules of one persona, stage or segment, with the engine's verdict for every part.

The visitor is made of request facts (landing URL, referrer, address, user agent, time) that go
through delivery's own `build_context` (GeoIP lookup, user-agent parsing, channel rules), a
sample history standing in for a consenting visitor's profile, and typed place / device values
applied with delivery's preview simulation. Nothing is stored.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.utils import timezone

from personalization.delivery.compiled import current_compiled
from personalization.delivery.facts import RequestFacts, Simulation
from personalization.delivery.service import build_context
from personalization.delivery.simulate import apply_simulation
from personalization.engine.context import (DEVICE_KINDS, MAX_WINDOW_DAYS, DayCounts, EventRecord, History,
                                            VisitorContext)
from personalization.engine.decide import decide
from personalization.engine.trace import Verdict, trace_condition
from personalization.profiles.profile import Profile
from personalization.visitor_signals.geo import get_locator, parse_ip

MAX_LINES = 50


def _counts(text: str, field: str) -> list[tuple[str, int, int]]:
    """Lines "WHAT [COUNT [DAYS AGO]]" ("/pricing/ 2 3", "api") -> [(what, count, days ago)]."""
    rows = []
    for number, line in enumerate([ln for ln in text.splitlines() if ln.strip()][:MAX_LINES], start=1):
        parts = line.split()
        numbers = parts[1:]
        if len(parts) > 3 or not all(n.isdigit() for n in numbers) or (numbers and int(numbers[0]) < 1):
            example = "/pricing/ 2 3" if field == "path" else "api 3"
            raise forms.ValidationError(f"Line {number}: write the {field}, then optionally how many times and "
                                        f"how many days ago (e.g. “{example}”).")
        count = int(numbers[0]) if numbers else 1
        days_ago = min(int(numbers[1]), MAX_WINDOW_DAYS) if len(numbers) > 1 else 0
        rows.append((parts[0], count, days_ago))
    return rows


class SampleVisitorForm(forms.Form):
    """Every field optional: an empty form is a direct visit from an unknown place, now."""

    url = forms.CharField(label="Landing URL", required=False, max_length=2000,
                          help_text="The page the visit starts on, with its query, e.g. "
                                    "https://example.com/offers/?utm_campaign=spring&ref=partner",
                          widget=forms.TextInput(attrs={"placeholder": "https://example.com/?utm_source=newsletter"}))
    referrer = forms.CharField(label="Referrer", required=False, max_length=2000,
                               widget=forms.TextInput(attrs={"placeholder": "https://www.google.com/"}))
    place = forms.ChoiceField(label="Place (from the GeoIP database)", required=False)
    ip = forms.CharField(label="Or an IP address", required=False, max_length=64,
                         help_text="Located with the site's GeoIP database, as a visitor's address would be.")
    country = forms.CharField(label="Or type a country", required=False, max_length=2,
                              help_text="Two letters, e.g. SE. Replaces the located country.")
    region = forms.CharField(label="Region code", required=False, max_length=10)
    city = forms.CharField(label="City", required=False, max_length=100)
    user_agent = forms.CharField(label="User agent", required=False, max_length=1000,
                                 widget=forms.TextInput(attrs={"placeholder": "Mozilla/5.0 (iPhone; …"}))
    device = forms.ChoiceField(label="Or a device", required=False,
                               choices=[("", "From the user agent")] + [(k, k.capitalize()) for k in DEVICE_KINDS])
    when = forms.DateTimeField(label="Time of the visit", required=False,
                               help_text="In the site's time zone; the rules read the visitor's local time.",
                               widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    logged_in = forms.BooleanField(label="Logged in", required=False)
    visit_count = forms.IntegerField(label="Visits so far (this one included)", required=False, min_value=1,
                                     max_value=1_000_000)
    pages = forms.CharField(label="Pages viewed before", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="One path a line, optionally how many times and how many days ago: /pricing/ 2 3")
    tags = forms.CharField(label="Tags of pages viewed", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="One tag a line, optionally how many times and how many days ago: api 3")
    events = forms.CharField(label="Events", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="One a line: the event type, optionally how many and how many days ago: "
                                       "trial_started 1 5")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        places = get_locator(settings.GEOIP_PATH).known_places()
        self.fields["place"].choices = [("", "Choose a city…" if places else "(type an address instead)")] + [
            (ip, label) for label, ip in places]

    def clean_ip(self) -> str:
        value = (self.cleaned_data.get("ip") or "").strip()
        if value and parse_ip(value) is None:
            raise forms.ValidationError("Not an IP address, e.g. 192.0.2.10 or 2001:db8::1.")
        return value

    def clean_country(self) -> str:
        value = (self.cleaned_data.get("country") or "").strip().upper()
        if value and not (len(value) == 2 and value.isalpha()):
            raise forms.ValidationError("Use a two-letter country code, e.g. SE.")
        return value

    def clean_pages(self) -> list[tuple[str, int, int]]:
        return _counts(self.cleaned_data.get("pages") or "", "path")

    def clean_tags(self) -> list[tuple[str, int, int]]:
        return [(tag.lower(), n, days) for tag, n, days in _counts(self.cleaned_data.get("tags") or "", "tag")]

    def clean_events(self) -> list[tuple[str, int, int]]:
        events = []
        lines = [ln for ln in (self.cleaned_data.get("events") or "").splitlines() if ln.strip()][:MAX_LINES]
        for number, line in enumerate(lines, start=1):
            parts = line.split()
            numbers = parts[1:]
            if len(parts) > 3 or not all(n.isdigit() for n in numbers):
                raise forms.ValidationError(f"Line {number}: write the event type, then optionally how many "
                                            f"and how many days ago, e.g. “trial_started 1 5”.")
            count = int(numbers[0]) if numbers else 1
            days_ago = min(int(numbers[1]), MAX_WINDOW_DAYS) if len(numbers) > 1 else 0
            events.append((parts[0], max(count, 1), days_ago))
        return events


@dataclass(frozen=True)
class TestResult:
    matched: bool
    verdicts: list[Verdict]
    context: VisitorContext
    persona: str | None
    persona_reason: str
    stage: str | None
    stage_reason: str


def sample_history(data: dict, now: datetime) -> History | None:
    """The sample history, or None when no history field was filled (a visitor without consent).

    Pages and tags count on the day they were viewed (today unless "days ago" is given), so
    `within_days` rules see them; each such day counts one visit, today's visit included."""
    pages, tags, events, visits = data.get("pages") or [], data.get("tags") or [], data.get("events") or [], \
        data.get("visit_count")
    if not (pages or tags or events or visits):
        return None
    today = now.astimezone(dt_timezone.utc).date()
    by_day: dict = defaultdict(lambda: {"paths": Counter(), "tags": Counter()})
    by_day[0]   # today: this visit
    for path, count, days_ago in pages:
        by_day[days_ago]["paths"][path] += count
    for tag, count, days_ago in tags:
        by_day[days_ago]["tags"][tag] += count
    days = tuple(DayCounts(day=today - timedelta(days=ago), visits=1, page_views=sum(c["paths"].values()),
                           paths=dict(c["paths"]), tags=dict(c["tags"]))
                 for ago, c in sorted(by_day.items()))
    path_views, tag_views = Counter(), Counter()
    for path, count, _ in pages:
        path_views[path] += count
    for tag, count, _ in tags:
        tag_views[tag] += count
    records = tuple(EventRecord(kind, now - timedelta(days=days_ago, minutes=i))
                    for kind, count, days_ago in events for i in range(min(count, 1000)))
    return History(visit_count=max(visits or 1, len(days)), page_views=sum(path_views.values()),
                   path_views=dict(path_views), tag_views=dict(tag_views), events=records, days=days)


def sample_context(data: dict, site_timezone: str) -> VisitorContext:
    """The VisitorContext for the form's data, built by delivery's own code."""
    now = data.get("when") or timezone.now()
    if timezone.is_naive(now):
        now = timezone.make_aware(now)
    url = data.get("url") or None
    host = urlsplit(url).hostname if url and "//" in url else None
    facts = RequestFacts(now=now, url=url, referrer=data.get("referrer") or None,
                         ip=data.get("ip") or data.get("place") or None, user_agent=data.get("user_agent") or None,
                         request_host=host, logged_in=bool(data.get("logged_in")))
    history = sample_history(data, now)
    profile = Profile(history=history, declared_persona=None, interests=(), identified=False) if history else None
    ctx, _ = build_context(facts, profile=profile, visitor_id="sample-visitor" if profile else None,
                           site_timezone=site_timezone)
    sim = Simulation(country=data.get("country") or None, region=data.get("region") or None,
                     city=data.get("city") or None, device=data.get("device") or None)
    if any((sim.country, sim.region, sim.city, sim.device)):
        ctx = apply_simulation(ctx, sim)
    return ctx


def run_test(condition: dict | None, data: dict, site=None) -> TestResult:
    compiled = current_compiled(site)
    ctx = sample_context(data, compiled.rules.site_timezone)
    decision = decide(ctx, compiled, explain=True)
    if condition is None:
        verdicts, matched = [], False
    else:
        root = trace_condition(condition, ctx, compiled)
        verdicts, matched = root.flat(), root.held
    # decide() puts the persona's reason first and the stage's second.
    return TestResult(matched, verdicts, ctx, decision.persona, decision.reasons[0],
                      decision.stage, decision.reasons[1])
