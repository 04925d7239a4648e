"""The coverage grids cannot disagree with the website: for random sites (personas x stages x
page variants, some with their own body, x block alternatives, sometimes a variant and an
alternative added in one editor save), every cell of every grid of the page is what
`personalizedPage` serves a visitor of that cell, with and without the segment.

Seeded (derandomized) and small by default; COVERAGE_EXAMPLES raises the count (`make fuzz`)."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Site

from bench.form_post import form_data
from personalization.page_editing.coverage_data import page_grids
from tests.api.conftest import graphql  # noqa: F401  (the fixture)
from tests.conftest import forget_everything

EXAMPLES = int(os.environ.get("COVERAGE_EXAMPLES", "12"))
SEGMENT = "seg1"
TARGETS = st.fixed_dictionaries(
    {
        "persona": st.sampled_from([None, "p1", "p2"]),
        "stage": st.sampled_from([None, "s1", "s2"]),
        "segment": st.sampled_from([None, SEGMENT]),
    }
).filter(lambda t: any(t.values()))


@dataclass
class SiteSpec:
    stages: list[str]
    alternatives: list[dict]  # targets of the page body's personalized block
    variants: list[dict]  # targets + "own_body"
    one_save: bool  # the last variant and the last alternative come in one editor save
    texts: dict[str, set[str]] = field(default_factory=dict)


def _distinct(items: list[dict]) -> list[dict]:
    seen, out = set(), []
    for item in items:
        key = (item["persona"], item["stage"], item["segment"])
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


@st.composite
def sites(draw) -> SiteSpec:
    stages = draw(st.sampled_from([[], ["s1"], ["s1", "s2"]]))

    def usable(t: dict) -> bool:
        return t["stage"] is None or t["stage"] in stages

    alternatives = _distinct([t for t in draw(st.lists(TARGETS, max_size=3)) if usable(t)])
    variants = _distinct([t for t in draw(st.lists(TARGETS, max_size=3)) if usable(t)])
    variants = [{**t, "own_body": draw(st.booleans())} for t in variants]
    one_save = bool(alternatives and variants) and draw(st.booleans())
    if one_save:
        variants[-1]["own_body"] = False  # a new variant in the editor inherits everything
    return SiteSpec(stages, alternatives, variants, one_save)


def _targets(t: dict) -> dict:
    return {k: t[k] for k in ("persona", "stage", "segment") if t[k]}


def page_body(alternatives: list[dict], prefix: str) -> list[dict]:
    return [
        {"type": "heading", "value": f"{prefix}intro"},
        {
            "type": "personalized",
            "value": {
                "variants": [
                    {**_targets(t), "blocks": [{"type": "heading", "value": f"{prefix}alt-{i}"}]}
                    for i, t in enumerate(alternatives)
                ],
                "default": [{"type": "heading", "value": f"{prefix}default"}],
            },
        },
    ]


def site_yaml(spec: SiteSpec, alternatives: list[dict], variants: list[dict]) -> str:
    site = {
        "personas": [{"slug": p, "name": p.upper()} for p in ("p1", "p2")],
        "journey_stages": [
            {"slug": s, "name": s.upper(), "order": i + 1} for i, s in enumerate(spec.stages)
        ],
        "segments": [{"slug": SEGMENT, "name": "Segment one", "rules": {"country": "SE"}}],
        "pages": [
            {
                "path": "/",
                "type": "content",
                "title": "Home",
                "body": page_body(alternatives, ""),
                "variants": [
                    {
                        "name": f"V{i}",
                        **_targets(t),
                        "title": f"V{i} title",
                        **({"body": page_body([t], f"v{i}-")} if t["own_body"] else {}),
                    }
                    for i, t in enumerate(variants)
                ],
            }
        ],
    }
    return yaml.safe_dump(site, sort_keys=False)


def add_in_one_save(admin_client, page, spec: SiteSpec) -> None:
    """The editor's form as the browser sends it, plus a new variant (inheriting the body) and a
    new alternative in the page body's personalized block, saved and published at once."""
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = form_data(admin_client.get(url).context["form"])
    new = spec.variants[-1]
    index = int(data["variants-TOTAL_FORMS"])
    data["variants-TOTAL_FORMS"] = str(index + 1)
    from personalization.models import JourneyStage, Persona

    data.update(
        {
            f"variants-{index}-name": f"V{len(spec.variants) - 1}",
            f"variants-{index}-persona": str(Persona.objects.get(slug=new["persona"]).pk)
            if new["persona"]
            else "",
            f"variants-{index}-stage": str(JourneyStage.objects.get(slug=new["stage"]).pk)
            if new["stage"]
            else "",
            f"variants-{index}-segment": _segment_pk() if new["segment"] else "",
            f"variants-{index}-weight": "",
            f"variants-{index}-holdout": "0",
            f"variants-{index}-allocation": "",
            f"variants-{index}-layer": "",
            f"variants-{index}-traffic": "100",
            f"variants-{index}-title": f"V{len(spec.variants) - 1} title",
            f"variants-{index}-intro": "",
            f"variants-{index}-title_source": "own",
            f"variants-{index}-intro_source": "page",
            f"variants-{index}-body_source": "page",
            f"variants-{index}-ORDER": str(index + 1),
            f"variants-{index}-DELETE": "",
        }
    )
    alt = spec.alternatives[-1]
    block = "body-1-value-variants"
    i = int(data[f"{block}-count"])
    data[f"{block}-count"] = str(i + 1)
    item = f"{block}-{i}"
    data.update(
        {
            f"{item}-deleted": "",
            f"{item}-order": str(i),
            f"{item}-id": "",
            f"{item}-value-persona": alt["persona"] or "",
            f"{item}-value-stage": alt["stage"] or "",
            f"{item}-value-segment": alt["segment"] or "",
            f"{item}-value-weight": "",
            f"{item}-value-go_live_at": "",
            f"{item}-value-expire_at": "",
            f"{item}-value-blocks-count": "1",
            f"{item}-value-blocks-0-type": "heading",
            f"{item}-value-blocks-0-deleted": "",
            f"{item}-value-blocks-0-order": "0",
            f"{item}-value-blocks-0-id": "",
            f"{item}-value-blocks-0-value": f"alt-{len(spec.alternatives) - 1}",
            "action-publish": "action-publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def _segment_pk() -> str:
    from personalization.models import SegmentIdentity

    return str(SegmentIdentity.objects.get(slug=SEGMENT).segment_id)


def served(graphql, persona, stage, segments) -> tuple[str | None, set[str]]:
    """The variant name and the body's headings `personalizedPage` serves this visitor."""
    simulate = {"persona": persona, "stage": stage, "segments": segments}
    answer = graphql(
        'query Q($s: SimulationInput) { personalizedPage(path: "/", simulate: $s) '
        "{ content variant { name } } }",
        {"s": {k: v for k, v in simulate.items() if v is not None}},
        headers={"Authorization": "Bearer test-server-key"},
    ).json()
    page = answer["data"]["personalizedPage"]
    body = json.loads(page["content"])["body"]
    return (page["variant"] or {}).get("name"), {b["value"] for b in body if b["type"] == "heading"}


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=sites())
def test_every_coverage_cell_is_what_personalized_page_serves(admin_client, graphql, spec):
    from django.core.management import call_command

    with transaction.atomic():
        first = spec.alternatives[:-1] if spec.one_save else spec.alternatives
        variants = spec.variants[:-1] if spec.one_save else spec.variants
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "site.yaml"
            path.write_text(site_yaml(spec, first, variants))
            call_command("load_site", str(path), verbosity=0)
        page = Site.objects.get(is_default_site=True).root_page.specific
        if spec.one_save:
            add_in_one_save(admin_client, page, spec)
        forget_everything()
        page = page.__class__.objects.get(pk=page.pk)
        check_grids(graphql, page_grids(page))
        transaction.set_rollback(True)
    forget_everything()


def check_grids(graphql, grids) -> None:
    variants, blocks = grids[0], grids[1:]
    for row in variants.rows:
        for cell in row:
            for segments, sure in (([], True), ([SEGMENT], False)):
                name, headings = served(graphql, cell.persona, cell.stage, segments)
                where = f"persona {cell.persona}, stage {cell.stage}, segments {segments}"
                got = _in_segment(cell, sure)
                assert name in ({o.name for o in got[0]} or {None}), where
                for grid in blocks:
                    block_cell = grid.cell(cell.persona, cell.stage)
                    options, elsewhere = _in_segment(block_cell, sure)
                    prefix = _prefix(grid.title)
                    mine = {h for h in headings if h.startswith(prefix) and "intro" not in h}
                    if prefix == "":
                        mine = {h for h in headings if h.startswith(("alt-", "default"))}
                    if elsewhere:
                        assert not mine, (grid.title, where)
                    else:
                        want = {o.name for o in options} or {f"{prefix}default"}
                        assert len(mine) == 1 and mine <= want, (grid.title, where, mine, want)


def _in_segment(cell, sure: bool):
    """(options, elsewhere) of a cell for a visitor without the segment, or in it."""
    if sure:
        return cell.options, cell.elsewhere
    for conditional in cell.conditionals:
        if conditional.segment == SEGMENT:
            return conditional.options, conditional.elsewhere
    return cell.options, cell.elsewhere


def _prefix(title: str) -> str:
    """The heading prefix of a grid's alternatives: "" for the page's body, "v<i>-" for a
    variant's own body (its grid title starts with the variant's name)."""
    if title.startswith("Variant “V"):
        return "v" + title.split("“V", 1)[1].split("”", 1)[0] + "-"
    return ""
