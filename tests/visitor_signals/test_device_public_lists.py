"""The kept classifier on a pinned sample of the public lists it was measured on (docs/devices.md):
every Nth agent of device-detector's fixtures and of crawler-user-agents' instances, written by
`bench/bench_devices.py --write-fixture`. The full sets are measured by `make bench`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from personalization.visitor_signals.bots import is_bot
from personalization.visitor_signals.device import parse_device

DATA = Path(__file__).parent / "data" / "public_agents.tsv"


def rows(source: str | None = None, label: str | None = None):
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        src, lab, agent, hints = line.split("\t")
        if (source is None or src == source) and (label is None or lab == label):
            yield agent, json.loads(hints) if hints else {}


@pytest.mark.parametrize("source", ["device-detector", "crawler-user-agents"])
def test_at_least_95_percent_of_each_public_bot_list_is_recognised(source):
    agents = [agent for agent, _ in rows(source, "bot")]
    missed = [agent for agent in agents if not is_bot(agent)]
    assert len(agents) == 200
    assert len(missed) <= 10, missed


def test_no_real_device_of_the_sample_is_taken_for_a_bot():
    people = [
        agent
        for label in ("mobile", "tablet", "desktop", "unknown")
        for agent, _ in rows("device-detector", label)
    ]
    assert [agent for agent in people if is_bot(agent)] == []


def test_phones_tablets_and_desktops_of_the_sample_are_told_apart():
    wrong = [
        (label, agent)
        for label in ("mobile", "tablet", "desktop")
        for agent, hints in rows("device-detector", label)
        if parse_device(agent, hints).kind != label
    ]
    assert len(wrong) <= 5, wrong  # 100 agents: at least 95% right


def test_a_reduced_android_agent_is_a_phone_when_its_client_hints_say_mobile():
    agent = (
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36"
    )
    assert parse_device(agent, {"Sec-CH-UA-Mobile": "?1"}).kind == "mobile"
    assert (
        parse_device(agent, {"sec-ch-ua-mobile": "?0", "Sec-CH-UA-Platform": '"Android"'}).kind
        == "tablet"
    )
    assert (
        parse_device(agent, {"Sec-CH-UA-Mobile": "?0", "Sec-CH-UA-Platform": '"Windows"'}).kind
        == "desktop"
    )
