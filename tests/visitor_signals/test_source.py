"""Channel and source signals after GA4's default channel group (table in docs/engine.md)."""

from __future__ import annotations

import pytest

from personalization.visitor_signals.source import derive_source, is_new_source

SITE = "https://shop.example.com"

# One case per GA4 default channel rule, in GA4's order (docs/engine.md "Channels").
RULES = [
    # (landing URL query or path, referrer, channel)
    ("/", None, "direct"),
    ("/?utm_source=(direct)&utm_medium=(none)", None, "direct"),
    ("/?utm_source=google&utm_medium=cpc&utm_campaign=PMax-Cross-Network", None, "cross_network"),
    ("/?utm_source=amazon&utm_medium=cpc", None, "paid_shopping"),
    ("/?utm_source=partner&utm_medium=paid&utm_campaign=summer-shopping", None, "paid_shopping"),
    ("/?utm_source=google&utm_medium=cpc", None, "paid_search"),
    ("/?utm_source=bing&utm_medium=ppc", None, "paid_search"),
    ("/?utm_source=Google&utm_medium=Paid-Search", None, "paid_search"),
    ("/?utm_source=facebook&utm_medium=paid_social", None, "paid_social"),
    ("/?utm_source=instagram&utm_medium=cpc", None, "paid_social"),
    ("/?utm_source=linkedin.com&utm_medium=paid", None, "paid_social"),
    ("/?utm_source=youtube&utm_medium=cpv", None, "paid_video"),
    ("/?utm_source=vimeo.com&utm_medium=retargeting", None, "paid_video"),
    ("/?utm_source=dv360&utm_medium=display", None, "display"),
    ("/?utm_source=site&utm_medium=banner", None, "display"),
    ("/?utm_source=partner&utm_medium=cpc", None, "paid_other"),
    ("/?utm_source=ebay&utm_medium=listing", None, "organic_shopping"),
    ("/?utm_source=partner&utm_medium=post&utm_campaign=e-shop-launch", None, "organic_shopping"),
    ("/?utm_source=facebook&utm_medium=post", None, "social"),
    ("/?utm_source=club&utm_medium=social-media", None, "social"),
    ("/?utm_source=youtube&utm_medium=description", None, "organic_video"),
    ("/?utm_source=partner&utm_medium=video-embed", None, "organic_video"),
    ("/?utm_source=google&utm_medium=organic", None, "organic_search"),
    ("/?utm_source=anything&utm_medium=organic", None, "organic_search"),
    ("/?utm_source=blog&utm_medium=referral", None, "referral"),
    ("/?utm_source=partner-app&utm_medium=app", None, "referral"),
    ("/?utm_source=newsletter&utm_medium=email", None, "email"),
    ("/?utm_source=crm&utm_medium=E-Mail", None, "email"),
    ("/?utm_source=e_mail", None, "email"),
    ("/?utm_source=blog&utm_medium=affiliate", None, "affiliate"),
    ("/?utm_source=spotify&utm_medium=audio", None, "audio"),
    ("/?utm_source=sms&utm_medium=text", None, "sms"),
    ("/?utm_source=twilio&utm_medium=sms", None, "sms"),
    ("/?utm_source=app&utm_medium=web-push", None, "mobile_push"),
    ("/?utm_source=app&utm_medium=mobile-banner", None, "mobile_push"),
    ("/?utm_source=app&utm_medium=notification", None, "mobile_push"),
    ("/?utm_source=firebase&utm_medium=inapp", None, "mobile_push"),
    ("/?utm_source=foo&utm_medium=bar", None, "other"),  # GA4 "Unassigned"
    ("/?utm_campaign=launch", None, "other"),
]

# Ad click ids: a paid click, whatever the UTM tags say (GA4's auto-tagging wins too).
CLICK_IDS = [
    ("/?gclid=abc", None, "paid_search"),
    ("/?gbraid=abc", None, "paid_search"),
    ("/?wbraid=abc", None, "paid_search"),
    ("/?msclkid=abc", None, "paid_search"),
    ("/?gclid=abc", "https://www.facebook.com/", "paid_search"),
    ("/?gclid=abc&utm_source=newsletter&utm_medium=email", None, "paid_search"),
    ("/?dclid=abc", None, "display"),
    ("/?ttclid=abc", None, "paid_social"),
    ("/?li_fat_id=abc", None, "paid_social"),
    ("/?ttclid=abc&utm_source=tiktok&utm_medium=organic", None, "paid_social"),
    ("/?fbclid=abc", None, "direct"),  # fbclid proves nothing
    ("/?fbclid=abc", "https://l.facebook.com/l.php", "social"),
    ("/?gclid=abc&utm_campaign=cross-network", None, "cross_network"),  # Performance Max
]

# Referrers without UTM tags: source = the referrer's host, medium organic / referral.
REFERRERS = [
    ("/", "https://www.google.com/search?q=x", "organic_search"),
    ("/", "https://www.google.co.uk/", "organic_search"),
    ("/", "https://duckduckgo.com/", "organic_search"),
    ("/", "https://www.bing.com/search", "organic_search"),
    ("/", "https://search.yahoo.co.jp/", "organic_search"),
    ("/", "https://www.ecosia.org/", "organic_search"),
    ("/", "https://yandex.ru/", "organic_search"),
    ("/", "https://www.instagram.com/", "social"),
    ("/", "https://t.co/abc", "social"),
    ("/", "https://x.com/someone", "social"),
    ("/", "https://www.linkedin.com/feed/", "social"),
    ("/", "https://www.reddit.com/r/x", "social"),
    ("/", "https://www.strava.com/", "social"),
    ("/", "https://m.youtube.com/watch", "organic_video"),
    ("/", "https://youtu.be/abc", "organic_video"),
    ("/", "https://vimeo.com/123", "organic_video"),
    ("/", "https://www.amazon.de/dp/x", "organic_shopping"),
    ("/", "https://shopping.yahoo.com/", "organic_shopping"),
    ("/", "https://mail.google.com/mail/u/0/", "email"),  # Tailor: webmail is email
    ("/", "https://github.com/org/repo", "referral"),
    ("/", "https://googleusercontent.example.org/", "referral"),
    ("/", "https://news.example.com/story", "referral"),
    ("/?utm_source=google&utm_medium=cpc", "https://github.com/", "paid_search"),  # utm wins
]

# Where GA4's own order surprises: the first rule that matches wins, even when a later one reads
# more naturally.
SURPRISES = [
    ("/?utm_source=google&utm_medium=email", None, "organic_search"),  # search site before email
    ("/?utm_source=facebook&utm_medium=organic", None, "social"),  # social before organic search
    ("/?utm_source=facebook&utm_medium=cpm", None, "paid_social"),  # cpm matches the paid regex
    ("/?utm_source=network&utm_medium=cpm", None, "display"),  # ...but display comes first
    ("/?utm_source=facebook&utm_medium=display", None, "display"),  # display is not paid
    ("/?utm_source=partner&utm_medium=paid_social", None, "paid_other"),  # the medium names no site
    ("/?utm_source=youtube&utm_medium=social", None, "social"),  # social medium before video site
    ("/?utm_source=amazon&utm_medium=organic", None, "organic_shopping"),  # shopping before search
    ("/?utm_source=email&utm_medium=referral", None, "referral"),  # referral before email
    ("/?utm_source=weekly&utm_medium=newsletter", None, "other"),  # newsletter is not email
    ("/?utm_source=blog&utm_medium=affiliates", None, "other"),  # only "affiliate"
    ("/?utm_source=direct", None, "other"),  # only "(direct)"
    (
        "/?utm_source=partner&utm_medium=post&utm_campaign=workshop",
        None,
        "other",
    ),  # "kshop" is no shop
    (
        "/?utm_source=partner&utm_medium=post&utm_campaign=eshop",
        None,
        "organic_shopping",
    ),  # "eshop" is
    ("/?utm_source=sms&utm_medium=cpc", None, "paid_other"),  # paid before sms
    ("/?utm_source=app&utm_medium=push-video", None, "organic_video"),  # video before push
]

CHANNELS = RULES + CLICK_IDS + REFERRERS + SURPRISES


def test_every_ga4_channel_has_a_case():
    from personalization.visitor_signals.source import CHANNELS as ALL

    assert {channel for _, _, channel in RULES} == set(ALL)


@pytest.mark.parametrize(
    "landing, referrer, channel", CHANNELS, ids=[f"{u} {r}" for u, r, _ in CHANNELS]
)
def test_ga4_channel(landing, referrer, channel):
    assert derive_source(SITE + landing, referrer, "shop.example.com").channel == channel


def test_utm_values_path_and_query():
    src = derive_source(
        SITE + "/pricing/?utm_source=Newsletter&UTM_Medium=Email&utm_campaign=CFO-2026"
        "&ref=partner&ref=second",
        None,
        "shop.example.com",
    )
    assert dict(src.utm) == {"source": "Newsletter", "medium": "Email", "campaign": "CFO-2026"}
    assert src.landing_path == "/pricing/"
    assert src.query["ref"] == "partner"
    assert src.referrer_domain is None


def test_referrer_domain_drops_www():
    assert (
        derive_source(SITE + "/", "https://www.github.com/x", None).referrer_domain == "github.com"
    )


@pytest.mark.parametrize(
    "referrer, host",
    [
        ("https://shop.example.com/other/", "shop.example.com"),
        ("https://www.shop.example.com/", "shop.example.com"),
        ("https://shop.example.com/", "SHOP.example.com:8443"),
        ("https://shop.example.com/", None),  # same host as the landing URL
    ],
)
def test_internal_referrer_changes_nothing(referrer, host):
    src = derive_source(SITE + "/pricing/", referrer, host)
    assert (src.channel, src.referrer_domain) == ("direct", None)
    assert not is_new_source(src)


def test_campaign_or_external_referrer_starts_a_new_source():
    assert is_new_source(derive_source(SITE + "/?utm_source=x", None, None))
    assert is_new_source(derive_source(SITE + "/", "https://github.com/", None))
    assert not is_new_source(derive_source(SITE + "/", None, None))


def test_a_path_only_url_works():
    src = derive_source("/docs/?utm_source=google&utm_medium=cpc", None, "shop.example.com")
    assert (src.channel, src.landing_path) == ("paid_search", "/docs/")


@pytest.mark.parametrize(
    "url, referrer",
    [
        ("http://[::1", "http://[::1"),
        ("https://ex.com:99999/", "https://ex.com:99999/"),
        (None, None),
        ("", ""),
        ("\x00\x01", "no scheme here"),
        (12, 34),
    ],
)
def test_malformed_url_and_referrer_count_as_absent(url, referrer):
    src = derive_source(url, referrer, "shop.example.com")
    assert (src.channel, src.referrer_domain) == ("direct", None)


def test_malformed_referrer_with_a_good_url_keeps_the_url():
    src = derive_source(SITE + "/x/?utm_source=google&utm_medium=cpc", "http://[bad", None)
    assert (src.channel, src.landing_path, src.referrer_domain) == ("paid_search", "/x/", None)
