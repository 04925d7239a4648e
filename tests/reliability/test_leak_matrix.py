"""The leak matrix (issue 12, "Build and prove" 3): every page state a visitor may not see, against
every path of the API that reaches a page. No answer holds a non-public fact of the hidden page:
its title, body, id, slug or address, or a count that includes it.

States: a draft never published, a page scheduled for later, a page past its expire_at (before
publish_scheduled runs), pages private by password, by login and by group, a live page with
unpublished changes (the draft's title and body are the hidden facts), a live page with a change
scheduled for later (its title, body and date are hidden), and a live page whose
variant and block alternative exist only in a draft revision. Each hidden page has a live child
(public itself when the state allows it), so ancestors and parent are reached from below.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from cms.pages.models import ContentPage, PageVariant
from personalization.api.list_arguments import PUBLIC_ORDER_FIELDS
from personalization.delivery.recommendations import compute_site
from personalization.models import Persona, RecommendedPage
from tests.api.shop import SERVER, codes, shop  # noqa: F401

STATES = [
    "draft",
    "scheduled",
    "expired",
    "password",
    "login",
    "group",
    "unpublished_changes",
    "scheduled_changes",
    "draft_variant",
]
PRIVATE = {"password", "login", "group"}
HIDDEN_PAGE = {"draft", "scheduled", "expired"} | PRIVATE  # the page itself is not public
BEFORE_COMPUTE = {
    "scheduled",
    "expired",
    "password",
    "login",
    "group",
}  # public when the table is computed


@dataclass
class Hidden:
    state: str
    page: Page
    kid: Page
    facts: list[str]  # strings no answer may contain

    @property
    def path(self) -> str:
        return "/" + self.page.slug + "/"

    @property
    def kid_path(self) -> str:
        return self.path + "kid/"


def _secret(state: str) -> str:
    return f"Leak{state.replace('_', '')}Zq"  # one word: searchable, never in public text


def _body(words: str, link_to: Page | None = None) -> list:
    link = f' <a linktype="page" id="{link_to.pk}">a link</a>' if link_to else ""
    return [{"type": "paragraph", "value": f"<p>{words}{link}</p>"}]


def _publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _make(state: str, home: Page) -> Hidden:
    secret = _secret(state)
    slug = f"{state.replace('_', '-')}-zq"  # no slug is a part of another
    public_self = state in ("unpublished_changes", "scheduled_changes", "draft_variant")
    title = f"Public {state}" if public_self else f"{secret} title"
    page = home.add_child(
        instance=ContentPage(
            title=title,
            slug=slug,
            live=state != "draft",
            body=_body(f"{secret} body" if not public_self else "Public body"),
        )
    )
    if state == "draft":
        page.save_revision()
    else:
        _publish(page)
    kid = page.add_child(
        instance=ContentPage(title=f"Kid of {state}", slug="kid", body=_body("Kid body"))
    )
    _publish(kid)
    facts = [secret, secret.lower()]
    if state in HIDDEN_PAGE:
        # its id, its slug and its address (a public kid's own address holds the slug: not a fact)
        facts += [
            f'"{page.pk}"',
            f'id="{page.pk}"',
            f'id=\\"{page.pk}\\"',
            f'"{slug}"',
            f'/{slug}/"',
            f'/{slug}/\\"',
            f"/{slug}/ ",
        ]
    if state in PRIVATE:
        facts += [f'"{kid.pk}"', f"Kid of {state}"]
    return Hidden(state, page, kid, facts)


def _hide(hidden: Hidden) -> None:
    """Move a published page into its hidden state (or give it its draft-only content)."""
    page, state, secret = hidden.page.specific, hidden.state, _secret(hidden.state)
    if state == "scheduled":
        page.unpublish()
        page = ContentPage.objects.get(pk=page.pk)
        page.go_live_at = timezone.now() + timedelta(days=7)
        page.save_revision().publish()  # scheduled: approved for later, not live
        assert not Page.objects.get(pk=page.pk).live
    elif state == "expired":
        Page.objects.filter(pk=page.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    elif state in PRIVATE:
        kind = {"password": "password", "login": "login", "group": "groups"}[state]
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=kind, password="pw"
        )
        if kind == "groups":
            restriction.groups.add(Group.objects.create(name="Leak group"))
    elif state == "unpublished_changes":
        page.title = f"{secret} title"
        page.body = _body(f"{secret} body")
        page.save_revision()  # what the editor's Save draft does
    elif state == "scheduled_changes":
        later = timezone.now() + timedelta(days=9)
        page.title = f"{secret} title"
        page.body = _body(f"{secret} body")
        page.go_live_at = later
        page.save_revision().publish()  # approved for later; the live page stays
        hidden.facts.append(later.isoformat()[:16])  # when the change goes live
    elif state == "draft_variant":
        page.variants.add(
            PageVariant(
                name=f"{secret} variant",
                persona=Persona.objects.get(slug="racer"),
                title=f"{secret} variant title",
            )
        )
        page.body = _body("Public body") + [
            {
                "type": "personalized",
                "value": {
                    "variants": [
                        {
                            "persona": "racer",
                            "blocks": [{"type": "heading", "value": f"{secret} alternative"}],
                        }
                    ],
                    "default": [{"type": "heading", "value": "Public default"}],
                },
            }
        ]
        page.save_revision()


@pytest.fixture
def world(shop, db, settings):
    """Every hidden page, a page linking to all of them, and a recommendation table computed while
    the pages were still public (a stale table must not bring them back)."""
    settings.GRAPHQL_MAX_COST = settings.GRAPHQL_MAX_REQUEST_COST = (
        10**9
    )  # the matrix asks for everything
    settings.GRAPHQL_TIME_BUDGET_SECONDS = 300  # at once: slow on a loaded machine
    home = Page.objects.get(url_path="/home/")
    hidden = {state: _make(state, home) for state in STATES}
    linker = home.add_child(
        instance=ContentPage(
            title="Linker",
            slug="linker",
            body=[
                *[block for h in hidden.values() for block in _body(f"See {h.state}", h.page)],
                {
                    "type": "personalized",
                    "value": {
                        "variants": [],
                        "default": [
                            block for h in hidden.values() for block in _body("Nested", h.page)
                        ],
                    },
                },
            ],
        )
    )
    _publish(linker)
    compute_site(Site.objects.get(is_default_site=True), now=timezone.now())
    for h in hidden.values():
        if h.state != "draft":
            _hide(h)
    return hidden


PAGE_FIELDS = """fragment P on PageInterface { id title slug url urlPath numchild pageType contentType
  seoTitle searchDescription lastPublishedAt
  ... on ContentPage { aliasOf { id title } draftTitle hasUnpublishedChanges latestRevisionCreatedAt goLiveAt expireAt expired
    intro numchild body { id blockType rawValue ... on RichTextBlock { value }
      ... on StructBlock { blocks { blockType rawValue ... on StreamBlock { blocks { blockType rawValue
        ... on RichTextBlock { value } } } ... on ListBlock { items { rawValue
          ... on StructBlock { blocks { rawValue } } } } } } } } }"""

LISTS = ["children", "descendants", "siblings", "nextSiblings", "previousSiblings", "ancestors"]


def _typed(path: str, selection: str) -> str:
    fragment = PAGE_FIELDS if "...P" in selection else ""
    return '{ personalizedPage(path: "%s") { page { %s } } }\n%s' % (path, selection, fragment)


def _every_list(h: Hidden) -> str:
    """Each list field with its arguments: plain, by order, by the hidden id, by the hidden word."""
    secret = _secret(h.state)
    parts = []
    for field in LISTS:
        parts += [
            f"{field}_plain: {field} {{ ...P }}",
            f'{field}_ordered: {field}(order: "-title") {{ ...P }}',
            f'{field}_id: {field}(id: "{h.page.pk}") {{ ...P }}',
            f'{field}_search: {field}(searchQuery: "{secret}") {{ ...P }}',
            f'{field}_search_or: {field}(searchQuery: "{secret} bikes", searchOperator: OR) {{ ...P }}',
        ]
    return " ".join(parts)


def personalized_page(graphql, h):
    query = """query Q($path: String!, $simulate: SimulationInput) {
      personalizedPage(path: $path, simulate: $simulate) { content variant { id name }
        decision { reasons cacheKey contentUrl } } }"""
    answers = [
        graphql(query, {"path": p, "simulate": s}, headers=SERVER).json()
        for p in (h.path, h.kid_path)
        for s in (None, {"persona": "racer"})
    ]
    return answers


def typed_page(graphql, h):
    return [
        graphql(_typed(p, "...P parent { ...P }"), headers=SERVER).json()
        for p in (h.path, h.kid_path)
    ]


def children_and_descendants(graphql, h):
    return [graphql(_typed("/", _every_list(h))).json()]


def siblings(graphql, h):
    return [graphql(_typed("/prices/", _every_list(h))).json()]


def ancestors_and_parent(graphql, h):
    return [
        graphql(_typed(h.kid_path, _every_list(h) + " parent { ...P parent { ...P } }")).json(),
        graphql(_typed("/linker/", "ancestors { ...P children { ...P } }")).json(),
    ]


def search(graphql, h):
    secret = _secret(h.state)
    query = (
        '{ personalizedPage(path: "/") { page { children(searchQuery: "%s") { ...P } '
        'descendants(searchQuery: "%s") { ...P children(searchQuery: "%s") { ...P } } } } }\n%s'
    )
    return [graphql(query % (secret, secret, secret, PAGE_FIELDS)).json()]


def recommendations(graphql, h):
    query = (
        '{ r1: recommendations(limit: 20) { path title reason } r2: recommendations(limit: 20, path: "%s") '
        "{ path title } }" % h.path
    )
    stale = graphql(query).json()  # the table computed while they were public
    site = Site.objects.get(is_default_site=True)
    compute_site(site, now=timezone.now())
    recomputed = graphql(query).json()
    RecommendedPage.objects.all().delete()
    return [stale, recomputed, graphql(query).json()]  # and without a table: live candidates


def rich_text_links(graphql, h):
    query = """{ personalizedPage(path: "/linker/") { content page { ...P } } }\n""" + PAGE_FIELDS
    return [graphql(query).json()]


def rule_set(graphql, h):
    return [graphql("{ ruleSet { version json } }", headers=SERVER).json()]


PATHS = [
    personalized_page,
    typed_page,
    children_and_descendants,
    siblings,
    ancestors_and_parent,
    search,
    recommendations,
    rich_text_links,
    rule_set,
]


@pytest.mark.parametrize("state", STATES)
def test_no_path_reveals_a_fact_of_a_hidden_page(graphql, world, state):
    """Every path for one state (one world per state: building it is the slow part)."""
    h, leaks = world[state], []
    for path in PATHS:
        for answer in path(graphql, h):
            assert "errors" not in answer, (path.__name__, answer)
            text = json.dumps(answer, ensure_ascii=False)
            found = [fact for fact in h.facts if fact in text]
            if found:
                at = text.find(found[0])
                leaks.append(f"{path.__name__}: {found} near {text[max(0, at - 300) : at + 100]}")
    assert not leaks, f"{state}:\n" + "\n".join(leaks)


def test_the_public_side_of_the_matrix_still_answers(graphql, world):
    """The matrix is not vacuous: the same paths still give the public pages."""
    for state, h in world.items():
        _still_answers(graphql, state, h)


def _still_answers(graphql, state, h):
    tree = graphql(_typed("/", "numchild children { title } descendants { title }")).json()
    page = tree["data"]["personalizedPage"]["page"]
    assert {"Prices", "Linker"} <= {c["title"] for c in page["children"]}
    assert "Cargo bikes" in {d["title"] for d in page["descendants"]}
    served = graphql(_typed(h.path, "title")).json()["data"]["personalizedPage"]
    assert (served is None) == (state in HIDDEN_PAGE)
    kid = graphql(_typed(h.kid_path, "title")).json()["data"]["personalizedPage"]
    assert (kid is None) == (state in PRIVATE)
    links = graphql('{ personalizedPage(path: "/linker/") { content } }').json()
    html = json.dumps(links)
    assert f"See {state}" in html
    assert (f"/{h.page.slug}/" in html) == (
        state not in HIDDEN_PAGE
    )  # public pages keep their link


def test_numchild_counts_only_what_the_lists_show(graphql, world):
    query = _typed(
        "/", "numchild children { title numchild } descendants { numchild children { title } }"
    )
    page = graphql(query).json()["data"]["personalizedPage"]["page"]
    assert page["numchild"] == len(page["children"])
    for child in page["descendants"]:
        assert child["numchild"] == len(child["children"])
    assert {c["title"] for c in page["children"]} == {
        "Prices",
        "City bikes",
        "Wholesale",
        "Linker",
        "Public unpublished_changes",
        "Public scheduled_changes",
        "Public draft_variant",
    }


NOT_PUBLIC_ORDERS = [
    "draft_title",
    "-has_unpublished_changes",
    "latest_revision__content",
    "owner__password",
    "go_live_at",
    "expire_at",
    "live",
    "locked",
    "content_type",
    "latest_revision_created_at",
    "title,-draft_title",
    "?",
    "search_description",
    "numchild",
]


def test_ordering_by_anything_but_the_public_fields_is_refused(graphql, world):
    for order, field in ((order, field) for order in NOT_PUBLIC_ORDERS for field in LISTS):
        body = graphql(_typed("/", f'{field}(order: "{order}") {{ title }}')).json()
        assert codes(body) == ["BAD_USER_INPUT"], (field, body)
        assert not any(fact in json.dumps(body) for h in world.values() for fact in h.facts)


def test_ordering_by_a_public_field_reveals_nothing(graphql, world):
    for order, direction in (
        (order, direction) for order in sorted(PUBLIC_ORDER_FIELDS) for direction in "+-"
    ):
        direction = direction.strip("+")
        body = graphql(
            _typed(
                "/",
                f'children(order: "{direction}{order}") {{ id title }} '
                f'descendants(order: "{direction}{order}") {{ id title }}',
            )
        ).json()
        assert "errors" not in body, body
        text = json.dumps(body)
        assert not [fact for h in world.values() for fact in h.facts if fact in text]


def test_a_missing_page_and_a_hidden_page_get_the_same_answer(graphql, world):
    """No oracle: asking for a hidden page answers exactly like asking for a page that never existed."""
    query = '{ personalizedPage(path: "%s") { content } }'
    missing = graphql(query % "/no-such-page/").json()
    for state in HIDDEN_PAGE:
        assert graphql(query % world[state].path).json() == missing
    rich = re.compile(r'href="[^"]*/(draft|scheduled|expired|password|login|group)-zq/')
    assert not rich.search(json.dumps(graphql(query % "/linker/").json()))
