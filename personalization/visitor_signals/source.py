"""How a visit arrived: the channel after GA4's default channel group, from the landing URL's UTM
parameters and ad click ids and the referrer. The table is in docs/engine.md ("Channels").

Malformed URLs or referrers never raise: they count as absent. A referrer on the request's own
host (or the landing URL's host) is internal: no referrer_domain, and it changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from urllib.parse import parse_qsl, urlsplit

from personalization.engine.context import CHANNELS, Source

UTM_KEYS = ("source", "medium", "campaign", "term", "content")
__all__ = ["CHANNELS", "derive_source", "is_new_source", "channel_for", "CHANNEL_RULES"]

# Ad click ids, as GA4 (Google Ads, Campaign Manager) and the ad platforms document them. A click
# id proves a paid click and wins over the UTM tags (GA4's auto-tagging does); fbclid proves
# nothing: Facebook adds it to unpaid links too.
CLICK_IDS = {
    "gclid": "paid_search",
    "gbraid": "paid_search",
    "wbraid": "paid_search",  # Google Ads
    "msclkid": "paid_search",  # Microsoft Ads
    "dclid": "display",  # Campaign Manager 360
    "ttclid": "paid_social",  # TikTok Ads
    "li_fat_id": "paid_social",  # LinkedIn Ads
}

# GA4's source categories, by name label ("google" matches google.com, google.co.uk,
# www.google.de ...) or by exact host when the label alone is ambiguous. Abridged from GA4's
# published list to the sites that send real traffic.
SEARCH_SITES = frozenset(
    "google bing yahoo duckduckgo baidu yandex ecosia naver seznam qwant startpage brave "
    "ask aol so sogou daum msn dogpile lycos rambler onet kvasir najdi virgilio".split()
)
SEARCH_HOSTS = frozenset("search.google.com lens.google.com news.google.com go.mail.ru".split())
SOCIAL_SITES = frozenset(
    "facebook fb instagram ig linkedin lnkd twitter tiktok reddit pinterest strava threads "
    "bsky mastodon tumblr quora vk weibo snapchat discord whatsapp telegram ycombinator meetup "
    "xing messenger slack wechat douban flickr goodreads stackoverflow stackexchange "
    "tripadvisor yelp nextdoor".split()
)
SOCIAL_HOSTS = frozenset(
    "t.co x.com lnkd.in fb.com t.me bsky.app threads.net mastodon.social "
    "news.ycombinator.com medium.com".split()
)
VIDEO_SITES = frozenset(
    "youtube youtu vimeo twitch dailymotion netflix hulu wistia ted youku iqiyi disneyplus "
    "crackle veoh curiositystream".split()
)
VIDEO_HOSTS = frozenset("youtu.be".split())
SHOPPING_SITES = frozenset(
    "amazon ebay etsy shopify walmart alibaba aliexpress mercadolibre igshopping".split()
    + ["google shopping"]
)
SHOPPING_HOSTS = frozenset(
    "shop.app checkout.stripe.com shopping.naver.com shopping.yahoo.com shopping.google.com".split()
)
WEBMAIL_HOSTS = frozenset(
    "mail.google.com mail.yahoo.com outlook.live.com outlook.office.com "
    "outlook.office365.com mail.proton.me mail.aol.com".split()
)

EMAIL_WORDS = frozenset(("email", "e-mail", "e_mail", "e mail"))
SOCIAL_MEDIUMS = frozenset(
    ("social", "social-network", "social-media", "sm", "social network", "social media")
)
DISPLAY_MEDIUMS = frozenset(("display", "banner", "expandable", "interstitial", "cpm"))
_PAID = re.compile(r"^(.*cp.*|ppc|retargeting|paid.*)$")
_SHOP_CAMPAIGN = re.compile(r"^(.*(([^a-df-z]|^)shop|shopping).*)$")
_VIDEO_MEDIUM = re.compile(r"^(.*video.*)$")


@dataclass(frozen=True)
class Facts:
    """What GA4's rules read: lower-cased source, medium and campaign; the click id's channel."""

    source: str
    medium: str
    campaign: str
    click: str | None = None

    @cached_property
    def paid(self) -> bool:
        return bool(self.medium) and bool(_PAID.match(self.medium))

    @cached_property
    def shopping(self) -> bool:
        return _is_site(self.source, SHOPPING_SITES, SHOPPING_HOSTS) or bool(
            _SHOP_CAMPAIGN.match(self.campaign)
        )

    @cached_property
    def search(self) -> bool:
        return _is_site(self.source, SEARCH_SITES, SEARCH_HOSTS) and not _bare(
            self.source
        ).startswith("mail.")

    @cached_property
    def social(self) -> bool:
        return _is_site(self.source, SOCIAL_SITES, SOCIAL_HOSTS)

    @cached_property
    def video(self) -> bool:
        return _is_site(self.source, VIDEO_SITES, VIDEO_HOSTS)


# GA4's default channel group, first match wins (docs/engine.md has the table in words).
CHANNEL_RULES: tuple[tuple[str, Callable[[Facts], bool]], ...] = (
    (
        "direct",
        lambda f: (
            f.click is None and f.source == "(direct)" and f.medium in ("(none)", "(not set)", "")
        ),
    ),
    ("cross_network", lambda f: "cross-network" in f.campaign),
    ("paid_search", lambda f: f.click == "paid_search"),
    ("display", lambda f: f.click == "display"),
    ("paid_social", lambda f: f.click == "paid_social"),
    ("paid_shopping", lambda f: f.shopping and f.paid),
    ("paid_search", lambda f: f.search and f.paid),
    ("paid_social", lambda f: f.social and f.paid),
    ("paid_video", lambda f: f.video and f.paid),
    ("display", lambda f: f.medium in DISPLAY_MEDIUMS),
    ("paid_other", lambda f: f.paid),
    ("organic_shopping", lambda f: f.shopping),
    ("social", lambda f: f.social or f.medium in SOCIAL_MEDIUMS),
    ("organic_video", lambda f: f.video or bool(_VIDEO_MEDIUM.match(f.medium))),
    ("organic_search", lambda f: f.search or f.medium == "organic"),
    ("referral", lambda f: f.medium in ("referral", "app", "link")),
    ("email", lambda f: f.source in EMAIL_WORDS or f.medium in EMAIL_WORDS),
    ("affiliate", lambda f: f.medium == "affiliate"),
    ("audio", lambda f: f.medium == "audio"),
    ("sms", lambda f: f.source == "sms" or f.medium == "sms"),
    (
        "mobile_push",
        lambda f: (
            f.medium.endswith("push")
            or "mobile" in f.medium
            or "notification" in f.medium
            or f.source == "firebase"
        ),
    ),
)


def derive_source(url: str | None, referrer: str | None, request_host: str | None) -> Source:
    """Source signals for one request. Every input may be None or malformed. A pure function
    of its three strings, remembered for the last 4096 (most requests repeat a landing URL and
    referrer); the Source returned is shared: never change its dicts."""
    return _derive_source(url, referrer, request_host)


@lru_cache(maxsize=4096)
def _derive_source(url: str | None, referrer: str | None, request_host: str | None) -> Source:
    landing = _split(url)
    query = _query(landing.query) if landing is not None else {}
    utm = _utm(query)
    ref_host = _host(_split(referrer))
    own_hosts = {_bare(h) for h in (_clean_host(request_host), _host(landing)) if h}
    referrer_domain = _bare(ref_host) if ref_host and _bare(ref_host) not in own_hosts else None
    channel = channel_for(utm, query, referrer_domain, ref_host)
    path = (landing.path or "/") if landing is not None else None
    return Source(
        channel=channel, utm=utm, referrer_domain=referrer_domain, landing_path=path, query=query
    )


def is_new_source(source: Source) -> bool:
    """Does this request start a new source (campaign or external referrer), as GA4 starts a
    new session? A direct or internal request keeps the visitor's previous source."""
    return bool(source.utm) or source.referrer_domain is not None or source.channel != "direct"


def channel_for(
    utm: Mapping[str, str],
    query: Mapping[str, str],
    referrer_domain: str | None,
    referrer_host: str | None = None,
) -> str:
    """GA4 default channel group of one landing (CHANNEL_RULES, first match wins)."""
    return first_channel(facts_for(utm, query, referrer_domain, referrer_host))


def facts_for(
    utm: Mapping[str, str],
    query: Mapping[str, str],
    referrer_domain: str | None,
    referrer_host: str | None = None,
) -> Facts:
    """Source and medium as GA4 sets them: the UTM tags; without them an external referrer gives
    source = its host and medium organic (search site), email (webmail: Tailor's addition) or
    referral; nothing at all is (direct) / (none)."""
    keys = {k.lower() for k in query}
    click = next((CLICK_IDS[k] for k in CLICK_IDS if k in keys), None)
    source = (utm.get("source") or "").strip().lower()
    medium = (utm.get("medium") or "").strip().lower()
    campaign = (utm.get("campaign") or "").strip().lower()
    if not source and not medium and referrer_domain:
        host = (referrer_host or referrer_domain).lower()
        source = referrer_domain.lower()
        medium = (
            "email"
            if _bare(host) in WEBMAIL_HOSTS or host in WEBMAIL_HOSTS
            else "organic"
            if Facts(source, "", "").search
            else "referral"
        )
    elif not utm:
        source, medium = "(direct)", "(none)"
    return Facts(source, medium, campaign, click)


def first_channel(facts: Facts) -> str:
    for channel, rule in CHANNEL_RULES:
        if rule(facts):
            return channel
    return "other"  # GA4 "Unassigned"


def _is_site(name: str, names: frozenset[str], hosts: frozenset[str]) -> bool:
    """A bare source name ("google") or a host whose name label is listed (google.co.uk)."""
    if not name:
        return False
    name = _bare(name)
    if name in hosts or (name in names and "." not in name):
        return True
    if "." not in name:
        return False
    if any(name.endswith("." + h) for h in hosts):
        return True
    labels = name.split(".")
    # the label before the public suffix: google in google.com, google.co.uk, news.google.de
    for i in range(len(labels) - 1):
        rest = labels[i + 1 :]
        if (
            len(rest) <= 2
            and all(len(part) <= 3 for part in rest)
            and labels[i] in names
            and len(labels[i]) > 1
        ):
            return True
    return False


def _split(url: str | None):
    if not url or not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
        _ = parts.port  # raises ValueError on a bad port
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
    if host.startswith("["):  # "[::1]:8000"
        host = host[1 : host.index("]")] if "]" in host else host[1:]
    elif host.count(":") == 1:  # "example.com:8000"
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
