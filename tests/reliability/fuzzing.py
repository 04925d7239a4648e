"""A property-based fuzzer for /graphql/: operations built from the real schema's fields and
arguments, filled with hostile values (huge numbers, NUL bytes, lone surrogates, wrong types,
nulls, long strings), sent as literals or as variables. `make fuzz` and tests/reliability/test_fuzz.py
run it; the property is: no HTTP 5xx and no INTERNAL_SERVER_ERROR, ever."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

PATHS = ["/", "/prices/", "/city/", "/city/cargo/", "/wholesale/", "/secret/", "/nope/", ""]
NAMES = ["racer", "commuter", "shop-owner", "browse", "compare", "buy", "sweden", "phones"]
NOW = [
    "9999-12-31T23:59:59-12:00",
    "0001-01-01T00:00:00+14:00",
    "2026-13-45T99:99:99",
    "2026-06-01T12:00:00Z",
    "2026-06-01",
    "nonsense",
    "1e400",
]
ORDERS = [
    "title",
    "-title",
    "owner__password",
    "-has_unpublished_changes",
    "?",
    "title,-slug",
    "pk",
]
EVENTS = ["page_view", "add_to_cart", "checkout_started", "x" * 300]

hostile_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "\ud800",
            "\udfff x",
            "%00",
            "\u202e",
            "' OR 1=1 --",
            "{bad",
            '{"a":"\\u0000"}',
            "[]",
            "null",
            "../../etc/passwd",
            "<script>",
            "https://x/?utm_source=%00&gclid=\x00",
            "word " * 1000,
            "x" * 5000,
        ]
    ),
    st.sampled_from(PATHS + NAMES + NOW + ORDERS + EVENTS),
)
huge_int = st.one_of(
    st.integers(-10, 10),
    st.integers(),
    st.sampled_from([2**31 - 1, 2**31, -(2**31) - 1, 2**63, 10**20, 99999999999999999999, -1, 0]),
)
scalar = st.one_of(
    st.none(),
    st.booleans(),
    huge_int,
    st.floats(allow_nan=False, allow_infinity=False),
    hostile_text,
)
anything = st.recursive(
    scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["a", "visitorId", "now", "x"]), inner, max_size=3),
    ),
    max_leaves=6,
)


def for_kind(kind: str) -> st.SearchStrategy:
    """A value for an argument of `kind`: mostly plausible, often hostile, sometimes wrong-typed."""
    plausible = {
        "path": st.sampled_from(PATHS),
        "name": st.sampled_from(NAMES),
        "now": st.sampled_from(NOW),
        "order": st.sampled_from(ORDERS),
        "int": huge_int,
        "bool": st.booleans(),
        "text": hostile_text,
        "float": st.floats(allow_nan=False, allow_infinity=False) | huge_int,
        "names": st.lists(st.sampled_from(NAMES) | hostile_text, max_size=4),
        "event": st.sampled_from(EVENTS),
        "json": st.sampled_from(['{"a":1}', "{bad", '{"a":"\\u0000"}', "[1,2]", "1", '"x"', "{}"]),
        "context": st.fixed_dictionaries(
            {},
            optional={
                "visitorId": hostile_text,
                "url": hostile_text,
                "referrer": hostile_text,
                "ip": hostile_text,
                "userAgent": hostile_text,
                "gpc": st.booleans() | anything,
            },
        ),
        "simulate": st.fixed_dictionaries(
            {},
            optional={
                "persona": st.sampled_from(NAMES) | hostile_text,
                "stage": st.sampled_from(NAMES) | hostile_text,
                "segments": st.lists(hostile_text, max_size=3),
                "country": hostile_text,
                "device": hostile_text,
                "channel": hostile_text,
                "utmCampaign": hostile_text,
                "visitCount": huge_int,
                "now": st.sampled_from(NOW) | hostile_text,
                "region": hostile_text,
                "city": hostile_text,
            },
        ),
    }[kind]
    return st.one_of(plausible, plausible, plausible, st.none(), anything)


# field -> {argument: (GraphQL type for a variable, value kind)}
LIST_ARGS = {
    "inMenu": ("Boolean", "bool"),
    "limit": ("PositiveInt", "int"),
    "offset": ("PositiveInt", "int"),
    "order": ("String", "order"),
    "searchQuery": ("String", "text"),
    "id": ("ID", "text"),
    "searchOperator": ("SearchOperatorEnum", "text"),
}
PAGE_ARGS = {
    "path": ("String!", "path"),
    "site": ("String", "text"),
    "context": ("VisitorContextInput", "context"),
    "simulate": ("SimulationInput", "simulate"),
    "previewToken": ("String", "text"),
    "track": ("Boolean", "bool"),
}
ROOTS = {
    "recommendations": (
        {
            "visitorId": ("String", "text"),
            "path": ("String", "path"),
            "limit": ("Int", "int"),
            "site": ("String", "text"),
        },
        "{ path title score reasons }",
    ),
    "visitor": (
        {"visitorId": ("String!", "text")},
        "{ visitorId consent { personalization analytics } }",
    ),
    "personas": ({}, "{ slug name }"),
    "journeyStages": ({}, "{ slug order }"),
}
MUTATIONS = {
    "setConsent": (
        {
            "analytics": ("Boolean!", "bool"),
            "personalization": ("Boolean!", "bool"),
            "visitorId": ("String", "text"),
        },
        "{ visitorId consent { personalization analytics } }",
    ),
    "trackEvent": (
        {
            "eventId": ("String", "text"),
            "path": ("String", "path"),
            "properties": ("JSONString", "json"),
            "type": ("String!", "event"),
            "value": ("Float", "float"),
            "variantId": ("ID", "text"),
            "visitorId": ("String!", "text"),
        },
        "{ ok }",
    ),
    "declare": (
        {
            "interests": ("[String!]", "names"),
            "persona": ("String", "name"),
            "visitorId": ("String!", "text"),
        },
        "{ visitorId }",
    ),
    "identify": (
        {"userKey": ("String!", "text"), "visitorId": ("String!", "text")},
        "{ visitorId }",
    ),
    "forgetVisitor": ({"visitorId": ("String!", "text")}, ""),
}
BLOCK_FIELDS = (
    "body { blockType field rawValue id ... on CharBlock { value } ... on RichTextBlock { value } }"
)


def literal(value: Any) -> str:
    """A Python value as a GraphQL literal (strings JSON-escaped, which GraphQL reads the same)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[%s]" % ", ".join(literal(v) for v in value)
    return "{%s}" % ", ".join(f"{k}: {literal(v)}" for k, v in value.items())


class Builder:
    """Collects arguments of one operation as literals or variables."""

    def __init__(self, draw):
        self.draw, self.declared, self.variables = draw, [], {}

    def arguments(self, spec: dict[str, tuple[str, str]]) -> str:
        chosen = (
            self.draw(st.lists(st.sampled_from(sorted(spec)), unique=True, max_size=len(spec)))
            if spec
            else []
        )
        required = [
            name for name, (gql, _) in spec.items() if gql.endswith("!") and name not in chosen
        ]
        chosen += [name for name in required if self.draw(st.integers(0, 9))]  # sometimes left out
        parts = []
        for name in chosen:
            gql, kind = spec[name]
            value = self.draw(for_kind(kind))
            if self.draw(st.booleans()):
                var = f"v{len(self.declared)}"
                self.declared.append(f"${var}: {gql}")
                if self.draw(st.integers(0, 19)):  # now and then: declared, never sent
                    self.variables[var] = value
                parts.append(f"{name}: ${var}")
            else:
                parts.append(f"{name}: {literal(value)}")
        return f"({', '.join(parts)})" if parts else ""

    def operation(self, kind: str, body: str) -> str:
        head = f"{kind} F({', '.join(self.declared)})" if self.declared else kind
        return f"{head} {{ {body} }}"


@st.composite
def operations(draw) -> tuple[str, dict[str, Any]]:
    b = Builder(draw)
    root = draw(st.sampled_from(["personalizedPage"] * 4 + sorted(ROOTS) + sorted(MUTATIONS) * 2))
    if root in MUTATIONS:
        spec, selection = MUTATIONS[root]
        return b.operation("mutation", f"{root}{b.arguments(spec)} {selection}"), b.variables
    if root in ROOTS:
        spec, selection = ROOTS[root]
        return b.operation("query", f"{root}{b.arguments(spec)} {selection}"), b.variables
    lists = []
    for field in draw(
        st.lists(
            st.sampled_from(["children", "descendants", "siblings", "ancestors"]),
            unique=True,
            max_size=3,
        )
    ):
        inner = "title url numchild " + (BLOCK_FIELDS if draw(st.booleans()) else "")
        lists.append(f"{field}{b.arguments(LIST_ARGS)} {{ {inner} }}")
    typed = f"... on ContentPage {{ intro {BLOCK_FIELDS} }}" if draw(st.booleans()) else ""
    page = f"page {{ id title url numchild parent {{ title }} {typed} {' '.join(lists)} }}"
    selection = draw(
        st.sampled_from(
            [
                "content",
                "content variant { id name }",
                "decision { visitorId persona { slug } segments reasons cacheKey }",
            ]
        )
    )
    args = b.arguments(PAGE_ARGS)
    return b.operation("query", f"personalizedPage{args} {{ {selection} {page} }}"), b.variables


def check_answer(response, query: str, variables: dict) -> None:
    """The fuzzer's property: a 4xx/2xx JSON answer, never a 5xx and never an internal error."""
    where = f"\nquery: {query[:2000]}\nvariables: {json.dumps(variables)[:2000]}"
    assert response.status_code < 500, f"HTTP {response.status_code}{where}"
    body = response.json()
    answers = body if isinstance(body, list) else [body]
    for answer in answers:
        for error in answer.get("errors") or []:
            assert (error.get("extensions") or {}).get("code") != "INTERNAL_SERVER_ERROR", (
                f"{error}{where}"
            )
