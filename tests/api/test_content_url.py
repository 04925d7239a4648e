"""decision.contentUrl: the chosen content over GET, public and immutable, the same URL for
every visitor with the same cacheKey, with nothing of any visitor in it; never a draft."""

import json

import pytest
from wagtail.models import Page

from personalization.preview import issue_preview_token

from .shop import IPHONE, PAGE, SERVER, STOCKHOLM_FREE, consent, content, shop  # noqa: F401

pytestmark = pytest.mark.usefixtures("shop")
QUERY = PAGE.replace("reasons cacheKey", "reasons cacheKey contentUrl")


def ask(graphql, path="/", context=None, headers=None, **variables):
    body = graphql(QUERY, {"path": path, "context": context, **variables}, headers=headers).json()
    return None, body, (body.get("data") or {}).get("personalizedPage")


def fetch(client, url, **headers):
    return client.get(url, headers=headers)


def test_the_content_url_serves_the_same_content_publicly(client, graphql):
    _, _, page = ask(
        graphql,
        context={"ip": STOCKHOLM_FREE, "referrer": "https://www.strava.com/"},
        headers=SERVER,
    )
    url = page["decision"]["contentUrl"]
    response = fetch(client, url)
    assert response.status_code == 200
    assert json.loads(response.content) == content(page)
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["ETag"] and not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_an_etag_that_matches_gets_304(client, graphql):
    url = ask(graphql)[2]["decision"]["contentUrl"]
    etag = fetch(client, url)["ETag"]
    again = fetch(client, url, **{"If-None-Match": etag})
    assert again.status_code == 304 and again["ETag"] == etag and again.content == b""
    assert fetch(client, url, **{"If-None-Match": '"other"'}).status_code == 200


def test_equal_cache_keys_get_equal_urls_and_different_ones_different_urls(graphql):
    visitors = [consent(graphql) for _ in range(2)]
    pages = [
        ask(
            graphql, context={"visitorId": v, "referrer": "https://www.strava.com/"}, headers=SERVER
        )[2]
        for v in visitors
    ]
    assert pages[0]["decision"]["cacheKey"] == pages[1]["decision"]["cacheKey"]
    assert pages[0]["decision"]["contentUrl"] == pages[1]["decision"]["contentUrl"]
    other = ask(graphql)[2]
    assert other["decision"]["cacheKey"] != pages[0]["decision"]["cacheKey"]
    assert other["decision"]["contentUrl"] != pages[0]["decision"]["contentUrl"]


def test_location_placeholders_are_part_of_the_url(client, graphql):
    here = ask(graphql, context={"ip": STOCKHOLM_FREE}, headers=SERVER)[2]
    nowhere = ask(graphql)[2]
    assert here["decision"]["contentUrl"] != nowhere["decision"]["contentUrl"]
    assert (
        json.loads(fetch(client, here["decision"]["contentUrl"]).content)["intro"]
        == "Bikes delivered to Linköping."
    )
    assert (
        json.loads(fetch(client, nowhere["decision"]["contentUrl"]).content)["intro"]
        == "Bikes delivered to your door."
    )


def test_no_visitor_specific_byte_is_ever_in_a_public_answer(client, graphql):
    vid = consent(graphql)
    marker = "zq7unique"
    context = {
        "visitorId": vid,
        "ip": STOCKHOLM_FREE,
        "userAgent": IPHONE + marker,
        "referrer": f"https://www.strava.com/{marker}",
        "url": f"https://shop.test/?utm_campaign={marker}race",
    }
    page = ask(graphql, context=context, headers=SERVER)[2]
    url = page["decision"]["contentUrl"]
    client.cookies["tailor_vid"] = vid
    response = fetch(
        client, url, **{"User-Agent": IPHONE + marker, "X-Forwarded-For": STOCKHOLM_FREE}
    )
    public = (
        url.encode() + response.content + "".join(f"{k}: {v}" for k, v in response.items()).encode()
    )
    for secret in (vid, marker, STOCKHOLM_FREE, "strava", "utm", "iPhone"):
        assert secret.encode() not in public, secret
    assert not response.cookies


def test_a_draft_is_never_served_at_a_content_url(client, graphql, admin_user):
    home = Page.objects.get(url_path="/home/").specific
    home.title = "Unannounced launch"
    home.save_revision()  # a draft, not published
    token = issue_preview_token(admin_user, home)
    page = ask(graphql, previewToken=token)[2]
    assert "Unannounced" in content(page)["title"]
    response = fetch(client, page["decision"]["contentUrl"])
    assert response.status_code == 404 and b"Unannounced" not in response.content


def test_an_old_revision_or_a_forged_code_is_not_found(client, graphql):
    url = ask(graphql)[2]["decision"]["contentUrl"]
    prefix, code = url.rsplit("/", 1)
    assert fetch(client, prefix + "/" + code[:-2] + "AA").status_code == 404
    assert fetch(client, prefix + "/eyJ4IjoxfQ").status_code == 404
    home = Page.objects.get(url_path="/home/").specific
    home.save_revision().publish()
    assert fetch(client, url).status_code == 404
    assert client.post(url).status_code == 405
