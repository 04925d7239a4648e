"""The coverage grid as plain functions: the engine's precedence decides every cell."""

from __future__ import annotations

from personalization.engine.ruleset import Target
from personalization.page_editing.coverage import Axis, Option, build_grid, cell_for, find_gaps

FAMILY = Option("Family", Target(persona="family"))
FAMILY_DECIDING = Option("Families deciding", Target(persona="family", stage="decide"))
DECIDERS = Option("Deciders", Target(stage="decide"))
NORDIC = Option("Nordic", Target(segment="nordics"))
FLEET_A = Option("Fleet A", Target(persona="fleet"), 70)
FLEET_B = Option("Fleet B", Target(persona="fleet"), 30)
OPTIONS = [FAMILY, FAMILY_DECIDING, DECIDERS, NORDIC, FLEET_A, FLEET_B]
PERSONAS = [
    Axis("family", "Family buyer"),
    Axis("fleet", "Fleet manager"),
    Axis("performance", "Performance"),
]
STAGES = [Axis("need", "Need"), Axis("decide", "Decide")]


def test_persona_and_stage_beats_persona_alone():
    assert cell_for(OPTIONS, "family", "decide").options == (FAMILY_DECIDING,)


def test_persona_beats_stage():
    cell = cell_for([DECIDERS, FAMILY], "family", "decide")
    assert cell.options == (FAMILY,) and cell.kind == "persona"


def test_stage_content_reaches_every_persona_in_that_stage():
    assert cell_for(OPTIONS, "performance", "decide").options == (DECIDERS,)
    assert cell_for(OPTIONS, None, "decide").options == (DECIDERS,)


def test_no_matching_variant_falls_back_to_the_default_with_segment_content_shown_as_conditional():
    cell = cell_for(OPTIONS, "performance", "need", {"nordics": "Nordic visitors"})
    assert cell.is_default and cell.kind == "default"
    assert [(c.segment_name, c.options) for c in cell.conditionals] == [
        ("Nordic visitors", (NORDIC,))
    ]


def test_segment_content_that_would_lose_is_not_shown():
    assert cell_for(OPTIONS, "family", "need").conditionals == ()


def test_weighted_variants_with_one_target_are_shown_as_ab_arms():
    assert cell_for(OPTIONS, "fleet", "need").options == (FLEET_A, FLEET_B)


def test_grid_has_a_no_persona_row_and_every_stage_column():
    grid = build_grid("Page variants", OPTIONS, PERSONAS, STAGES)
    assert [p.name for p in grid.personas] == [
        "Family buyer",
        "Fleet manager",
        "Performance",
        "No persona",
    ]
    assert [s.slug for s in grid.stages] == ["need", "decide"]
    assert grid.cell(None, "need").is_default
    assert grid.cell("family", "need").options == (FAMILY,)


def test_a_site_without_stages_gets_one_any_stage_column():
    grid = build_grid("Page variants", [FAMILY], PERSONAS, [])
    assert [s.name for s in grid.stages] == ["Any stage"]
    assert grid.cell("family", None).options == (FAMILY,)


def test_gaps_list_personas_stages_and_cells_nobody_wrote_for():
    gaps = find_gaps([[FAMILY], [NORDIC], [DECIDERS]], PERSONAS, STAGES)
    assert [p.slug for p in gaps.personas] == ["fleet", "performance"]
    assert [s.slug for s in gaps.stages] == ["need"]
    assert [(p.slug, s.slug) for p, s in gaps.cells] == [("fleet", "need"), ("performance", "need")]
    assert gaps.covered[("family", "decide")] == 2  # the family variant and the decide variant
