"""History, consent and the visitor's own data, through /graphql/."""

import pytest

from personalization.profiles.models import Event, Visitor

from .shop import GOOGLEBOT, SERVER, ask, codes, consent, content, shop  # noqa: F401

pytestmark = pytest.mark.usefixtures("shop")

VISITOR = """query V($v: String!) { visitor(visitorId: $v) { visitorId visitCount pageViews
  persona { slug } stage { slug } declaredPersona interests consent { personalization analytics }
  events(limit: 50) { type path value variantId at } } }"""


def visitor(graphql, vid):
    return graphql(VISITOR, {"v": vid}).json()["data"]["visitor"]


def test_set_consent_mints_a_visitor_id(graphql):
    vid = consent(graphql)
    assert vid and len(vid) >= 22
    assert Visitor.objects.filter(public_id=vid).exists()


def test_visiting_prices_moves_a_consenting_visitor_to_compare(graphql):
    vid = consent(graphql)
    ask(graphql, path="/prices/", context={"visitorId": vid})
    _, _, page = ask(graphql, context={"visitorId": vid, "referrer": "https://strava.com/"})
    assert page["decision"]["profiling"] is True and page["decision"]["visitorId"] == vid
    assert page["decision"]["stage"]["slug"] == "compare"
    assert content(page)["title"] == "Compare race bikes", "persona + stage beats persona alone"


def test_two_city_pages_make_a_commuter(graphql):
    vid = consent(graphql)
    ask(graphql, path="/city/", context={"visitorId": vid})
    ask(graphql, path="/city/cargo/", context={"visitorId": vid})
    _, _, page = ask(graphql, context={"visitorId": vid})
    assert page["decision"]["persona"]["slug"] == "commuter"
    assert visitor(graphql, vid)["pageViews"] == 3


def test_affinity_points_reach_the_threshold(graphql):
    vid = consent(graphql)
    ask(graphql, path="/wholesale/", context={"visitorId": vid})
    _, _, page = ask(graphql, context={"visitorId": vid})
    assert page["decision"]["persona"] is None, "3 points are under the threshold of 6"
    ask(graphql, path="/wholesale/", context={"visitorId": vid})
    _, _, page = ask(graphql, context={"visitorId": vid})
    assert page["decision"]["persona"]["slug"] == "shop-owner"


def test_an_event_moves_the_stage(graphql):
    vid = consent(graphql)
    graphql(
        'mutation T($v: String!) { trackEvent(visitorId: $v, type: "checkout_started") { ok } }',
        {"v": vid},
    )
    _, _, page = ask(graphql, context={"visitorId": vid})
    assert (
        page["decision"]["stage"]["slug"] == "buy" and content(page)["title"] == "Finish your order"
    )


def test_a_declared_interest_gives_the_persona_and_declare_can_reset_it(graphql):
    vid = consent(graphql)
    graphql(
        'mutation D($v: String!) { declare(visitorId: $v, interests: ["Racing"]) { interests } }',
        {"v": vid},
    )
    assert ask(graphql, context={"visitorId": vid})[2]["decision"]["persona"]["slug"] == "racer"
    graphql(
        "mutation D($v: String!) { declare(visitorId: $v, interests: []) { interests } }",
        {"v": vid},
    )
    assert ask(graphql, context={"visitorId": vid})[2]["decision"]["persona"] is None


def test_a_declared_persona_wins_over_rules(graphql):
    vid = consent(graphql)
    body = graphql(
        'mutation D($v: String!) { declare(visitorId: $v, persona: "commuter") { declaredPersona persona { slug } } }',
        {"v": vid},
    ).json()
    assert body["data"]["declare"] == {
        "declaredPersona": "commuter",
        "persona": {"slug": "commuter"},
    }
    _, _, page = ask(graphql, context={"visitorId": vid, "referrer": "https://strava.com/"})
    assert page["decision"]["persona"]["slug"] == "commuter"


def test_declaring_an_unknown_persona_is_bad_user_input(graphql):
    vid = consent(graphql)
    body = graphql(
        'mutation D($v: String!) { declare(visitorId: $v, persona: "astronaut") { interests } }',
        {"v": vid},
    ).json()
    assert codes(body) == ["BAD_USER_INPUT"] and "astronaut" in body["errors"][0]["message"]


def test_nothing_is_stored_without_consent(graphql):
    ask(graphql, path="/prices/", context={"visitorId": "never-consented-1"})
    _, _, page = ask(graphql, context={"visitorId": "never-consented-1"})
    assert page["decision"]["profiling"] is False and page["decision"]["stage"]["slug"] == "browse"
    assert Visitor.objects.count() == 0
    ok = graphql(
        'mutation { trackEvent(visitorId: "never-consented-1", type: "checkout_started") { ok } }'
    ).json()
    assert ok["data"]["trackEvent"]["ok"] is False and Event.objects.count() == 0


def test_track_false_decides_but_records_nothing(graphql):
    vid = consent(graphql)
    ask(graphql, path="/prices/", context={"visitorId": vid}, track=False)
    assert visitor(graphql, vid)["pageViews"] == 0
    assert ask(graphql, context={"visitorId": vid})[2]["decision"]["stage"]["slug"] == "browse"


def test_opt_out_mode_profiles_new_visitors_but_not_gpc_or_dnt(graphql, client, settings):
    settings.PERSONALIZATION_CONSENT = "opt-out"
    _, _, page = ask(graphql)
    assert page["decision"]["profiling"] is True and page["decision"]["visitorId"]
    _, _, gpc = ask(graphql, context={"gpc": True}, headers=SERVER)
    assert gpc["decision"]["profiling"] is False and gpc["decision"]["visitorId"] is None
    client.cookies.clear()  # a new visitor, who sends Do Not Track
    response = graphql(
        'query { personalizedPage(path: "/") { decision { profiling visitorId } } }',
        headers={"DNT": "1"},
    )
    assert response.json()["data"]["personalizedPage"]["decision"] == {
        "profiling": False,
        "visitorId": None,
    }


def test_a_bot_is_never_profiled_even_with_consent(graphql):
    vid = consent(graphql)
    ask(
        graphql, path="/prices/", context={"visitorId": vid, "userAgent": GOOGLEBOT}, headers=SERVER
    )
    assert visitor(graphql, vid)["pageViews"] == 0


def test_visitor_query_exports_the_profile(graphql):
    vid = consent(graphql)
    ask(graphql, path="/prices/", context={"visitorId": vid})
    graphql(
        'mutation T($v: String!) { trackEvent(visitorId: $v, type: "newsletter", path: "/prices/", value: 2.5) { ok } }',
        {"v": vid},
    )
    data = visitor(graphql, vid)
    assert data["visitorId"] == vid and data["visitCount"] == 1 and data["pageViews"] == 1
    assert data["stage"]["slug"] == "compare" and data["consent"] == {
        "personalization": True,
        "analytics": True,
    }
    assert [(e["type"], e["path"], e["value"]) for e in data["events"]] == [
        ("newsletter", "/prices/", 2.5)
    ]


def test_forget_visitor_erases_everything(graphql):
    vid = consent(graphql)
    ask(graphql, path="/city/", context={"visitorId": vid})
    body = graphql("mutation F($v: String!) { forgetVisitor(visitorId: $v) }", {"v": vid}).json()
    assert body["data"]["forgetVisitor"] is True
    assert visitor(graphql, vid) is None and Visitor.objects.count() == 0


def test_a_retried_event_with_the_same_id_counts_once(graphql):
    vid = consent(graphql)
    mutation = 'mutation T($v: String!) { trackEvent(visitorId: $v, type: "download", eventId: "e-1") { ok } }'
    assert graphql(mutation, {"v": vid}).json()["data"]["trackEvent"]["ok"] is True
    assert graphql(mutation, {"v": vid}).json()["data"]["trackEvent"]["ok"] is False
    assert len(visitor(graphql, vid)["events"]) == 1


def test_identify_needs_the_server_key_and_merges_profiles(graphql):
    phone, laptop = consent(graphql), consent(graphql)
    ask(graphql, path="/city/", context={"visitorId": phone})
    ask(graphql, path="/city/cargo/", context={"visitorId": laptop})
    mutation = (
        'mutation I($v: String!) { identify(visitorId: $v, userKey: "user-42") { pageViews } }'
    )
    assert codes(graphql(mutation, {"v": phone}).json()) == ["FORBIDDEN"]
    graphql(mutation, {"v": phone}, headers=SERVER)
    merged = graphql(mutation, {"v": laptop}, headers=SERVER).json()["data"]["identify"]
    assert merged["pageViews"] == 2
    assert (
        ask(graphql, context={"visitorId": phone})[2]["decision"]["persona"]["slug"] == "commuter"
    )


def test_the_same_visitor_keeps_the_same_arm(graphql):
    from .shop import IPHONE

    for _ in range(5):
        vid = consent(graphql)
        titles = {
            content(
                ask(graphql, context={"visitorId": vid, "userAgent": IPHONE}, headers=SERVER)[2]
            )["title"]
            for _ in range(3)
        }
        assert len(titles) == 1 and titles <= {"Tap to ride", "Swipe to ride"}


def test_opt_out_mode_keeps_a_browsers_no(graphql, settings):
    settings.PERSONALIZATION_CONSENT = "opt-out"
    ask(graphql)
    body = graphql(
        "mutation { setConsent(personalization: false, analytics: false) { visitorId } }"
    ).json()
    assert body["data"]["setConsent"]["visitorId"] is None
    _, _, page = ask(graphql)
    assert page["decision"]["profiling"] is False and page["decision"]["visitorId"] is None
    assert Visitor.objects.count() == 0


def test_a_server_forwarding_dnt_is_honoured_in_opt_out_mode(graphql, settings):
    settings.PERSONALIZATION_CONSENT = "opt-out"
    _, _, page = ask(graphql, headers={**SERVER, "DNT": "1"})
    assert page["decision"]["profiling"] is False


def test_a_prefetch_never_creates_a_profile(graphql, settings):
    settings.PERSONALIZATION_CONSENT = "opt-out"
    _, _, page = ask(graphql, track=False)
    assert page["decision"]["profiling"] is False and Visitor.objects.count() == 0


def test_each_consent_from_a_server_mints_a_distinct_visitor(graphql):
    assert len({consent(graphql) for _ in range(3)}) == 3


def test_analytics_only_consent_logs_views_but_builds_no_history(graphql):
    from personalization.profiles.models import PageView

    body = graphql(
        "mutation { setConsent(personalization: false, analytics: true) { visitorId } }",
        headers=SERVER,
    ).json()
    vid = body["data"]["setConsent"]["visitorId"]
    _, _, page = ask(graphql, path="/prices/", context={"visitorId": vid})
    assert page["decision"]["profiling"] is False
    assert list(PageView.objects.filter(visitor__public_id=vid).values_list("path", flat=True)) == [
        "/prices/"
    ]
    assert visitor(graphql, vid)["pageViews"] == 0, (
        "no history for the engine without personalization consent"
    )
