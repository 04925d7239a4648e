"""The conformance corpus's own rule sets, loaded as sites (where the site format can say them:
tests/delivery/corpus_site.py), answer the corpus's contexts through `personalizedPage` as the
command line answers them from the loaded site's `ruleSet`: the server and local evaluation are
one pipeline on the corpus too, holdouts and bandit weights included."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from django.core.cache import cache
from django.core.management import call_command

from personalization.delivery import routes
from personalization.engine.context_json import context_from_json
from personalization.experiments import settings_cache
from personalization.experiments.models import BanditWeights, ExperimentSettings

from .corpus_site import site_from_rule_set
from .test_one_pipeline import Given, local_answer, rule_set, server_answer

CORPUS = Path(__file__).resolve().parents[2] / "sdk" / "conformance"
CASES_EACH = 60


def load_corpus_site(name: str, tmp_path: Path, graphql) -> dict:
    doc = json.loads((CORPUS / "rulesets" / f"{name}.json").read_text("utf-8"))
    site_file = tmp_path / f"{name}.yaml"
    site_file.write_text(yaml.safe_dump(site_from_rule_set(doc), allow_unicode=True), "utf-8")
    call_command("load_site", str(site_file), verbosity=0)
    site = routes.current().site(None).site
    ExperimentSettings.objects.update_or_create(site=site, defaults={"holdout": doc["holdout"]})
    served = rule_set(graphql)
    mine = {p["path"]: p for p in doc["pages"]}
    for page in served["pages"]:
        weights = (mine.get(page["path"]) or {}).get("banditWeights")
        if weights:  # the corpus's weights, by arm position, on the server's variant ids
            ids = [v["id"] for v in page["variants"]]
            given = [weights[v["id"]] for v in mine[page["path"]]["variants"]]
            BanditWeights.objects.create(
                experiment=ids[0],
                goal="purchase",
                weights=dict(zip(ids, given, strict=True)),
                computed_at=datetime.now(UTC),
            )
    cache.clear()
    settings_cache._local.clear()
    return rule_set(graphql)


@pytest.mark.parametrize("name", ["ab-holdouts", "history", "traits", "location", "schedules"])
def test_the_corpus_rule_set_answers_alike_on_the_server_and_locally(
    name, db, graphql, monkeypatch, tmp_path
):
    from personalization.engine.portable import LocalEngine

    document = load_corpus_site(name, tmp_path, graphql)
    engine = LocalEngine(document)
    paths = {p["path"] for p in document["pages"]}
    given = Given(monkeypatch)
    checked = 0
    for line in (CORPUS / "cases" / f"{name}.jsonl").read_bytes().split(b"\n")[::7]:
        try:
            request = json.loads(line)
            given.ctx = context_from_json(request["context"])
        except (ValueError, KeyError, TypeError):
            continue
        path = request["path"] if request["path"] in paths else "/"
        assert local_answer(engine, path, request["context"]) == server_answer(graphql, path), line
        checked += 1
        if checked == CASES_EACH:
            break
    assert checked == CASES_EACH
