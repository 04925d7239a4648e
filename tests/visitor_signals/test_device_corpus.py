"""Device kinds on the labelled corpus (bench/data/user_agents.tsv: phones, tablets, desktops,
crawlers, TVs and consoles, HTTP clients): the accuracy measured in docs/devices.md holds."""

from collections import Counter
from pathlib import Path

from personalization.visitor_signals.device import parse_device

CORPUS = Path(__file__).resolve().parents[2] / "bench" / "data" / "user_agents.tsv"


def rows() -> list[tuple[str, str, str]]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line.strip() and not line.startswith("#")]


def test_the_corpus_has_over_a_hundred_agents_of_every_kind():
    kinds = Counter(kind for kind, _what, _agent in rows())
    assert sum(kinds.values()) >= 100
    assert all(kinds[kind] >= 20 for kind in ("mobile", "tablet", "desktop", "bot", "unknown"))


def test_at_least_95_percent_of_labelled_agents_get_their_kind():
    wrong = [
        (what, kind, parse_device(agent).kind)
        for kind, what, agent in rows()
        if parse_device(agent).kind != kind
    ]
    assert len(wrong) <= 7, wrong


def test_every_phone_and_desktop_in_the_corpus_is_recognised():
    for kind, what, agent in rows():
        if kind in ("mobile", "desktop"):
            assert parse_device(agent).kind == kind, what


def test_crawlers_are_bots_but_tvs_consoles_and_scripts_are_not():
    for kind, what, agent in rows():
        if kind == "unknown":
            assert parse_device(agent).kind != "bot", what
