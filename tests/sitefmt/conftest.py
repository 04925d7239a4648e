import textwrap
from pathlib import Path

import pytest
from PIL import Image


@pytest.fixture
def site_dir(tmp_path):
    """Write site files into a temporary folder: site_dir({"site.yaml": "..."})."""

    def write(files: dict[str, str]) -> Path:
        for name, text in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text))
        return tmp_path

    return write


@pytest.fixture
def png(tmp_path):
    def make(name: str, color=(200, 30, 30)) -> str:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (64, 40), color).save(path)
        return name

    return make


SMALL_SITE = """
personas:
  - slug: developer
    name: Developer
    description: Engineers evaluating the API.
    priority: 20
    rules: {any: [{referrer_domain: {in: [github.com]}}, {declared_interest: api}]}
  - slug: executive
    name: Executive
    priority: 5
    score_threshold: 10
journey_stages:
  - {slug: learn, name: Learn, order: 1}
  - slug: evaluate
    name: Evaluate
    order: 2
    rules: {visited: {path: /pricing/, min: 1}}
segments:
  - slug: nordics
    name: Nordic visitors
    rules: {country: {in: [SE, NO, DK, FI]}}
pages:
  - path: /
    type: content
    title: Acme
    intro: Hello from {city|your town}.
    tags: [home]
    body:
      - {type: heading, value: Welcome}
      - type: personalized
        value:
          variants:
            - persona: developer
              blocks: [{type: paragraph, value: "<p>Read the API docs.</p>"}]
          default:
            - {type: cta, value: {label: Start a trial, url: /trial/}}
    variants:
      - {name: Devs, persona: developer, title: Acme for developers}
      - {name: Nordic, segment: nordics, title: Hej}
  - path: /pricing/
    type: content
    title: Pricing
    tags: [pricing]
    persona_affinity: {executive: 5}
    body: [{type: paragraph, value: "<p>Plans.</p>"}]
  - path: /pricing/enterprise/
    type: content
    title: Enterprise
    live: false
    body: []
"""
