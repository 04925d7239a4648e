"""The "Why am I seeing this?" sentences of `decision.reasons`, through /graphql/: each names the
rule that decided (persona, stage, segment, variant, section) in words a visitor reads, and a
query that does not ask for reasons still gets the same content."""

import pytest

from .shop import SERVER, STOCKHOLM_FREE, ask, consent, content, shop  # noqa: F401

pytestmark = pytest.mark.usefixtures("shop")

RACER = {"referrer": "https://www.strava.com/activities/1"}


def reasons(graphql, path="/", context=None, headers=None):
    return ask(graphql, path, context=context, headers=headers)[2]["decision"]["reasons"]


def test_a_persona_from_the_referrer_names_the_site_and_the_rule(graphql):
    assert (
        "Persona racer: referrer_domain is strava.com (rule: referrer_domain in [strava.com])"
        in reasons(graphql, context=RACER)
    )


def test_a_declared_persona_says_the_visitor_chose_it(graphql):
    vid = consent(graphql)
    graphql(
        'mutation D($v: String!) { declare(visitorId: $v, persona: "commuter") { declaredPersona } }',
        {"v": vid},
    )
    assert "Persona commuter: the visitor chose it themselves (declared persona)" in reasons(
        graphql, context={"visitorId": vid, **RACER}
    )


def test_a_persona_from_affinity_names_the_score_and_the_threshold(graphql):
    vid = consent(graphql)
    ask(graphql, path="/wholesale/", context={"visitorId": vid})
    ask(graphql, path="/wholesale/", context={"visitorId": vid})
    assert (
        "Persona shop-owner: affinity score 6 from the pages viewed, older views counting less "
        "(half-life 90 days) (needs 6)"
    ) in reasons(graphql, context={"visitorId": vid})


def test_a_stage_from_a_visit_names_the_page_and_the_count(graphql):
    vid = consent(graphql)
    ask(graphql, path="/prices/", context={"visitorId": vid})
    assert "Stage compare: visited /prices/ 1 time (needs 1)" in reasons(
        graphql, context={"visitorId": vid}
    )


def test_a_stage_from_an_event_names_the_event(graphql):
    vid = consent(graphql)
    graphql(
        'mutation T($v: String!) { trackEvent(visitorId: $v, type: "checkout_started") { ok } }',
        {"v": vid},
    )
    assert "Stage buy: event checkout_started happened 1 time (needs 1)" in reasons(
        graphql, context={"visitorId": vid}
    )


def test_the_starting_stage_and_no_persona_read_as_sentences(graphql):
    assert reasons(graphql)[:2] == [
        "No persona: no persona's rules or affinity score match this visitor",
        "Stage browse: every visitor starts here",
    ]


def test_a_segment_from_the_location_names_the_country(graphql):
    assert "Segment sweden: country is SE" in reasons(
        graphql, context={"ip": STOCKHOLM_FREE}, headers=SERVER
    )


def test_a_page_variant_and_the_default_content_name_themselves(graphql):
    assert "Variant 'Racer home' for persona racer" in reasons(graphql, context=RACER)
    assert "Default content" in reasons(graphql)
    assert "Default content: no variant targets this visitor" in reasons(graphql, headers=SERVER)


def test_a_personalized_section_names_its_position_not_its_id(graphql):
    racer, anyone = reasons(graphql, context=RACER), reasons(graphql)
    assert racer[-1] == "Personalized section 1: the alternative chosen for this visitor"
    assert anyone[-1] == "Personalized section 1: the default content"
    server = reasons(graphql, context=RACER, headers=SERVER)
    assert (
        server[-1]
        == "Personalized section 1: the alternative for persona racer (persona racer holds)"
    )
    assert not any(":0'" in reason or "block " in reason for reason in racer + anyone + server)


def test_a_query_without_reasons_gets_the_same_content_and_persona(graphql):
    query = """query { personalizedPage(path: "/", context: {referrer: "https://strava.com/"}) {
      content decision { persona { slug } stage { slug } segments } } }"""
    page = graphql(query).json()["data"]["personalizedPage"]
    assert content(page)["title"] == "Ride faster" and "Carbon frames" in str(content(page)["body"])
    assert page["decision"]["persona"] == {"slug": "racer"} and page["decision"]["stage"] == {
        "slug": "browse"
    }


def test_reasons_asked_for_through_fragments_are_explained_in_full(graphql):
    query = """query { personalizedPage(path: "/", context: {referrer: "https://strava.com/"}) { ...Why } }
      fragment Why on PersonalizedPage { decision { ... on Decision { ...Reasons } } }
      fragment Reasons on Decision { reasons }"""
    page = graphql(query).json()["data"]["personalizedPage"]
    assert (
        "Persona racer: referrer_domain is strava.com (rule: referrer_domain in [strava.com])"
        in page["decision"]["reasons"]
    )
