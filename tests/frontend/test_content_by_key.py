"""The frontend asks the CMS for the decision only, then fetches the content from
decision.contentUrl (public, cacheable) once per cacheKey."""

from __future__ import annotations

import httpx

from frontend.api import ApiUnavailable, TailorApi, cookieless_client

from .canned import HOME_CONTENT, CannedCms, decision


def api_with_content(cms: CannedCms, fetched: list):
    def handle(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            fetched.append((str(request.url), dict(request.headers)))
            if request.url.path == "/content/3/9/abc":
                return httpx.Response(200, json=HOME_CONTENT)
            return httpx.Response(404, json={"errors": []})
        return cms.handle(request)

    return TailorApi(
        url="http://cms.test/graphql/",
        server_key="k",
        client=cookieless_client(transport=httpx.MockTransport(handle)),
    )


def live_answer(url="/content/3/9/abc", key="k-racer"):
    return {"variant": None, "decision": decision(cacheKey=key, contentUrl=url)}


def test_content_is_fetched_from_the_content_url_once_per_cache_key():
    from frontend.api import VisitorContext

    cms, fetched = CannedCms(answers={"personalizedPage": live_answer()}), []
    api = api_with_content(cms, fetched)
    for _ in range(3):
        page = api.personalized_page(
            "/", VisitorContext(url="http://shop.test/", ip="198.51.100.7", user_agent="UA")
        )
        assert page.content == HOME_CONTENT
    assert [url for url, _ in fetched] == ["http://cms.test/content/3/9/abc"]
    headers = fetched[0][1]
    assert (
        "authorization" not in headers
        and "x-forwarded-for" not in headers
        and "cookie" not in headers
    )


def test_a_missing_content_url_is_an_unavailable_cms():
    import pytest

    from frontend.api import VisitorContext

    cms = CannedCms(
        answers={"personalizedPage": live_answer(url="/content/3/9/gone", key="k-gone")}
    )
    with pytest.raises(ApiUnavailable):
        api_with_content(cms, []).personalized_page("/", VisitorContext(url="http://shop.test/"))
