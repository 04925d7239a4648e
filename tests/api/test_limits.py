"""Queries over the depth, alias, cost and token limits are refused with QUERY_TOO_COMPLEX before
any resolver runs; fragments cannot smuggle a query past them or make the check hang."""

from __future__ import annotations

import pytest
from graphql import parse

from personalization.api.limits import measure

from .test_view_schema import codes, tiny_api, tiny_schema  # noqa: F401  (fixture)


@pytest.fixture(autouse=True)
def cost_limit_of_1000(settings):
    """The arithmetic below is written for a cost limit of 1000 (the project runs with 5000)."""
    settings.GRAPHQL_MAX_COST = 1000


def nested(depth: int) -> str:
    """`{ node { child { child ... { name } } } }` with `depth` field levels."""
    inner = "name"
    for _ in range(depth - 2):
        inner = f"child {{ {inner} }}"
    return f"{{ node {{ {inner} }} }}"


def refused_as_too_complex(response) -> bool:
    found = codes(response)
    return (
        response.status_code in (400, 413) and bool(found) and set(found) == {"QUERY_TOO_COMPLEX"}
    )


def test_depth_ten_is_answered(tiny_api, graphql):
    response = graphql(nested(10))
    assert response.status_code == 200
    assert "errors" not in response.json()


def test_depth_eleven_is_refused_and_nothing_runs(tiny_api, graphql):
    response = graphql(nested(11))
    assert refused_as_too_complex(response)
    assert "depth" in response.json()["errors"][0]["message"]
    assert tiny_api == []


def test_depth_hidden_in_fragments_is_counted(tiny_api, graphql):
    query = """
      { node { ...A } }
      fragment A on Node { child { child { ...B } } }
      fragment B on Node { child { child { ...C } } }
      fragment C on Node { child { child { ... on Node { child { child { child { name } } } } } } }
    """
    assert refused_as_too_complex(graphql(query))


def test_fifty_aliases_are_answered(tiny_api, graphql):
    query = "{ " + " ".join(f"a{n}: __typename" for n in range(50)) + " }"
    assert graphql(query).status_code == 200


def test_fifty_one_aliases_are_refused(tiny_api, graphql):
    query = "{ " + " ".join(f"a{n}: __typename" for n in range(51)) + " }"
    response = graphql(query)
    assert refused_as_too_complex(response)
    assert "aliases" in response.json()["errors"][0]["message"]


def test_aliases_multiplied_through_a_fragment_are_refused(tiny_api, graphql):
    # 3 spreads of a fragment with 20 aliases: 60 aliased fields in the answer.
    aliases = " ".join(f"n{n}: name" for n in range(20))
    query = f"{{ node {{ a: child {{ ...F }} b: child {{ ...F }} c: child {{ ...F }} }} }} fragment F on Node {{ {aliases} }}"
    assert refused_as_too_complex(graphql(query))


def test_cost_over_the_limit_is_refused(tiny_api, graphql):
    # 1 + 1000 * (1 + 3 * 1) = 4001 > 1000
    response = graphql("{ nodes(limit: 1000) { children { name } } }")
    assert refused_as_too_complex(response)
    assert "cost" in response.json()["errors"][0]["message"]
    assert tiny_api == []


def test_cost_counts_the_limit_variable(tiny_api, graphql):
    query = "query($n: Int) { nodes(limit: $n) { name } }"
    assert graphql(query, {"n": 5}).status_code == 200
    assert refused_as_too_complex(graphql(query, {"n": 5000}))


def test_nested_lists_without_limits_use_the_default_size(tiny_api, graphql):
    # nodes: 10 (no limit argument) x children: 3 (the schema's default) -> 1 + 10 * (1 + 3) = 41
    assert graphql("{ nodes { children { name } } }").status_code == 200
    deep = (
        "{ nodes { children(limit: 10) { children(limit: 10) { name } } } }"  # 1+10*(1+10*(1+10))
    )
    assert refused_as_too_complex(graphql(deep))


def test_one_field_repeated_many_times_is_refused(tiny_api, graphql):
    # graphql's overlap check compares repeated fields pairwise: seconds for a thousand of them.
    assert graphql("{ node { " + "name " * 20 + "} }").status_code == 200
    response = graphql("{ node { " + "name " * 21 + "} }")
    assert refused_as_too_complex(response)
    assert "selected" in response.json()["errors"][0]["message"]


def test_repeats_through_fragments_are_counted(tiny_api, graphql):
    fragments = " ".join(f"fragment F{n} on Node {{ name }}" for n in range(25))
    spreads = " ".join(f"...F{n}" for n in range(25))
    assert refused_as_too_complex(graphql(f"{{ node {{ {spreads} }} }} {fragments}"))


def test_fragment_cycle_is_refused_without_hanging(tiny_api, graphql):
    query = "{ node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { ...A } }"
    response = graphql(query)
    assert response.status_code == 400
    assert any("Cannot spread fragment" in error["message"] for error in response.json()["errors"])
    assert tiny_api == []


def test_fragment_fan_out_cannot_explode_the_check(tiny_api, graphql):
    # 2^40 expanded fields if each fragment were walked at every use.
    chain = " ".join(f"fragment F{n} on Node {{ ...F{n + 1} ...F{n + 1} }}" for n in range(40))
    query = f"{{ node {{ ...F0 }} }} {chain} fragment F40 on Node {{ name }}"
    response = graphql(query)
    assert refused_as_too_complex(response)


def test_too_many_tokens_is_refused(tiny_api, graphql, settings):
    settings.GRAPHQL_MAX_TOKENS = 100
    response = graphql("{ " + "__typename " * 150 + "}")
    assert refused_as_too_complex(response)


def test_nesting_too_deep_to_parse_is_refused(tiny_api, graphql):
    response = graphql("{ node " + "{ child " * 400 + "{ name }" + " }" * 401)
    assert refused_as_too_complex(response)


def test_limits_come_from_settings(tiny_api, graphql, settings):
    settings.GRAPHQL_MAX_DEPTH = 3
    assert graphql(nested(3)).status_code == 200
    assert refused_as_too_complex(graphql(nested(4)))


def test_measure_counts_depth_aliases_and_cost():
    document = parse("{ node { a: name child { name } } nodes(limit: 4) { name } }")
    operation = document.definitions[0]
    found = measure(tiny_schema.graphql_schema, operation, lambda name: None)
    # node 1 + a 1 + child (1 + name 1) = 4; nodes 1 + 4 * name 1 = 5
    assert (found.depth, found.aliases, found.cost, found.repeats) == (3, 1, 9, 1)


def test_too_many_comments_is_refused(tiny_api, graphql, settings):
    """graphql-core stops reading at its comment limit; the same QUERY_TOO_COMPLEX as tokens.
    (graphql-core tells its limits from a mistake only by the message, "... Parsing aborted.":
    this test and the two above catch an upgrade that changes it.)"""
    settings.GRAPHQL_MAX_TOKENS = 100
    response = graphql("{ __typename }\n" + "# a comment\n" * 150)
    assert refused_as_too_complex(response)
