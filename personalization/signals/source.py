"""How a visit arrived: the channel after GA4's default channel group, from the landing URL's UTM
parameters and ad click ids and the referrer. The table is in docs/engine.md ("Channels").

Malformed URLs or referrers never raise: they count as absent. A referrer on the request's own
host (or the landing URL's host) is internal: no referrer_domain, and it changes nothing.
"""
from __future__ import annotations

import re
from typing import Mapping
from urllib.parse import parse_qsl, urlsplit

from personalization.engine.context import Source

UTM_KEYS = ("source", "medium", "campaign", "term", "content")
# Every channel this module derives (site-format.md, `channel`).
CHANNELS = ("direct", "organic_search", "paid_search", "social", "paid_social", "email", "referral", "display",
            "affiliate", "other")
PAID_SEARCH_CLICK_IDS = ("gclid", "gbraid", "wbraid", "msclkid")
DISPLAY_CLICK_IDS = ("dclid",)

# Sites by their name label ("google" matches google.com, google.co.uk, www.google.de ...).
SEARCH_SITES = frozenset(
    "google bing yahoo duckduckgo baidu yandex ecosia naver seznam qwant startpage brave "
    "ask aol so sogou daum".split())
SOCIAL_SITES = frozenset(
    "facebook fb instagram ig linkedin lnkd twitter youtube youtu tiktok reddit pinterest "
    "strava threads bsky mastodon tumblr quora vk weibo snapchat discord whatsapp telegram "
    "ycombinator meetup xing".split())
# Hosts that are exact social sites when the name label alone would be ambiguous ("t", "x").
SOCIAL_HOSTS = frozenset("t.co x.com lnkd.in youtu.be fb.com t.me bsky.app threads.net "
                         "mastodon.social news.ycombinator.com".split())
WEBMAIL_HOSTS = frozenset("mail.google.com mail.yahoo.com outlook.live.com outlook.office.com "
                          "outlook.office365.com mail.proton.me mail.aol.com".split())
EMAIL_WORDS = frozenset(("email", "e-mail", "e_mail", "e mail", "newsletter"))
SOCIAL_MEDIUMS = frozenset(("social", "social-network", "social-media", "sm", "social network",
                            "social media", "organic_social", "organic-social"))
DISPLAY_MEDIUMS = frozenset(("display", "banner", "expandable", "interstitial", "cpm"))
_PAID = re.compile(r"^(.*cp.*|ppc|retargeting|paid.*)$")


def derive_source(url: str | None, referrer: str | None, request_host: str | None) -> Source:
    """Source signals for one request. Every input may be None or malformed."""
    landing = _split(url)
    query = _query(landing.query) if landing is not None else {}
    utm = _utm(query)
    ref_host = _host(_split(referrer))
    own_hosts = {_bare(h) for h in (_clean_host(request_host), _host(landing)) if h}
    referrer_domain = _bare(ref_host) if ref_host and _bare(ref_host) not in own_hosts else None
    channel = channel_for(utm, query, referrer_domain, ref_host)
    path = (landing.path or "/") if landing is not None else None
    return Source(channel=channel, utm=utm, referrer_domain=referrer_domain,
                  landing_path=path, query=query)


def is_new_source(source: Source) -> bool:
    """Does this request start a new source (campaign or external referrer), as GA4 starts a
    new session? A direct or internal request keeps the visitor's previous source."""
    return bool(source.utm) or source.referrer_domain is not None or source.channel != "direct"


def channel_for(utm: Mapping[str, str], query: Mapping[str, str], referrer_domain: str | None,
                referrer_host: str | None = None) -> str:
    """GA4 default channel group, first match wins (docs/engine.md has the table)."""
    keys = {k.lower() for k in query}
    source = (utm.get("source") or "").strip().lower()
    medium = (utm.get("medium") or "").strip().lower()
    campaign = (utm.get("campaign") or "").strip().lower()
    if not source and not medium and referrer_domain:
        host = (referrer_host or referrer_domain).lower()
        source, medium = referrer_domain.lower(), ("email" if _bare(host) in WEBMAIL_HOSTS or host in WEBMAIL_HOSTS
                                                   else "organic" if _is_search(referrer_domain)
                                                   else "referral")
    paid = bool(_PAID.match(medium)) if medium else False
    search, social = _is_search(source), _is_social(source)
    if any(k in keys for k in PAID_SEARCH_CLICK_IDS) or (search and paid):
        return "paid_search"
    if social and paid:
        return "paid_social"
    if any(k in keys for k in DISPLAY_CLICK_IDS) or medium in DISPLAY_MEDIUMS:
        return "display"
    if paid:
        return "other"                     # GA4 "Paid Other"
    if search or medium == "organic":
        return "organic_search"
    if social or medium in SOCIAL_MEDIUMS:
        return "social"
    if source in EMAIL_WORDS or medium in EMAIL_WORDS:
        return "email"
    if medium in ("affiliate", "affiliates"):
        return "affiliate"
    if medium in ("referral", "app", "link"):
        return "referral"
    if source in ("(direct)", "direct") and medium in ("", "(none)", "(not set)"):
        return "direct"
    if source or medium or campaign or utm:
        return "other"
    return "direct"


def _is_search(name: str) -> bool:
    return _matches(name, SEARCH_SITES, frozenset()) and not name.startswith("mail.")


def _is_social(name: str) -> bool:
    return _matches(name, SOCIAL_SITES, SOCIAL_HOSTS)


def _matches(name: str, names: frozenset[str], hosts: frozenset[str]) -> bool:
    """A bare source name ("google") or a host whose name label is listed (google.co.uk)."""
    if not name:
        return False
    name = _bare(name.lower())
    if name in hosts or (name in names and "." not in name):
        return True
    if "." not in name:
        return False
    if any(name == h or name.endswith("." + h) for h in hosts):
        return True
    labels = name.split(".")
    # the label before the public suffix: google in google.com, google.co.uk, news.google.de
    for i in range(len(labels) - 1):
        rest = labels[i + 1:]
        if len(rest) <= 2 and all(len(part) <= 3 for part in rest) and labels[i] in names \
                and len(labels[i]) > 1:
            return True
    return False


def _split(url: str | None):
    if not url or not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
        parts.port                          # raises ValueError on a bad port
        return parts
    except ValueError:
        return None


def _host(parts) -> str | None:
    if parts is None:
        return None
    try:
        return _clean_host(parts.hostname)
    except ValueError:
        return None


def _clean_host(host: str | None) -> str | None:
    if not host:
        return None
    host = host.strip().lower()
    if host.startswith("["):                 # "[::1]:8000"
        host = host[1:host.index("]")] if "]" in host else host[1:]
    elif host.count(":") == 1:               # "example.com:8000"
        host = host.split(":", 1)[0]
    return host.rstrip(".") or None


def _bare(host: str) -> str:
    return host[4:] if host.startswith("www.") else host


def _query(query: str) -> dict[str, str]:
    """First value of each parameter, names as given (conditions compare names ignoring case)."""
    out: dict[str, str] = {}
    try:
        pairs = parse_qsl(query, keep_blank_values=True, max_num_fields=200)
    except ValueError:
        return out
    for key, value in pairs:
        out.setdefault(key, value)
    return out


def _utm(query: Mapping[str, str]) -> dict[str, str]:
    """utm_* values keyed "source", "medium", ... (parameter names ignore case; values as given)."""
    utm: dict[str, str] = {}
    for key, value in query.items():
        name = key.lower()
        if name.startswith("utm_") and name[4:] in UTM_KEYS and value and name[4:] not in utm:
            utm[name[4:]] = value
    return utm
