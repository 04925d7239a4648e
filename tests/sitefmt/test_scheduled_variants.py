"""go_live_at / expire_at on page variants and block alternatives in the site format: loaded,
validated, dumped back the same, and unchanged on a second load."""

from datetime import UTC, datetime
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from cms.pages.models import PageVariant
from cms.sitefmt.reader import _StrictLoader

pytestmark = pytest.mark.django_db

SCHEDULED = """
personas:
  - {slug: racer, name: Racer}
pages:
  - path: /
    type: home
    title: Bikes
    body:
      - type: personalized
        value:
          variants:
            - persona: racer
              go_live_at: 2026-12-07T00:00:00Z
              expire_at: 2026-12-12T00:00:00Z
              blocks: [{type: heading, value: Race week}]
          default: [{type: heading, value: Welcome}]
    variants:
      - name: Black Friday
        persona: racer
        go_live_at: 2026-11-27T09:00:00+01:00
        expire_at: 2026-11-30T00:00:00Z
        title: Black Friday for racers
"""


def load(path, *args) -> str:
    out = StringIO()
    call_command("load_site", str(path), *args, stdout=out)
    return out.getvalue()


def dumped_pages(tmp_path) -> list[dict]:
    call_command("dump_site", str(tmp_path / "out"), verbosity=0)
    return yaml.load((tmp_path / "out" / "pages.yaml").read_text(), Loader=_StrictLoader)["pages"]


def test_a_scheduled_variant_loads_with_its_window(site_dir):
    load(site_dir({"site.yaml": SCHEDULED}))
    variant = PageVariant.objects.get(name="Black Friday")
    assert variant.go_live_at == datetime(2026, 11, 27, 8, tzinfo=UTC)
    assert variant.expire_at == datetime(2026, 11, 30, tzinfo=UTC)


def test_scheduled_variants_and_alternatives_dump_back_and_reload_unchanged(site_dir, tmp_path):
    load(site_dir({"site.yaml": SCHEDULED}))
    page = dumped_pages(tmp_path)[0]
    assert page["variants"][0]["go_live_at"] == "2026-11-27T08:00:00Z"  # the same moment, in UTC
    assert page["variants"][0]["expire_at"] == "2026-11-30T00:00:00Z"
    alternative = page["body"][0]["value"]["variants"][0]
    assert (alternative["go_live_at"], alternative["expire_at"]) == (
        "2026-12-07T00:00:00Z",
        "2026-12-12T00:00:00Z",
    )
    out = load(tmp_path / "out", "--dry-run")
    assert "pages: 1 unchanged" in out and "variants: 1 unchanged" in out
    out = load(site_dir({"site.yaml": SCHEDULED}) / "site.yaml", "--dry-run")
    assert "pages: 1 unchanged" in out


def test_moving_a_window_is_an_update_of_the_variant(site_dir):
    path = site_dir({"site.yaml": SCHEDULED})
    load(path)
    site_dir(
        {
            "site.yaml": SCHEDULED.replace(
                "expire_at: 2026-11-30T00:00:00Z", "expire_at: 2026-12-01T00:00:00Z"
            )
        }
    )
    out = load(path, "--dry-run")
    assert "~ / · Black Friday" in out
    load(path)
    assert PageVariant.objects.get(name="Black Friday").expire_at == datetime(
        2026, 12, 1, tzinfo=UTC
    )


@pytest.mark.parametrize(
    "old, new, key",
    [
        (
            "go_live_at: 2026-11-27T09:00:00+01:00",
            "go_live_at: 2026-11-27",
            "variants[0].go_live_at",
        ),
        (
            "go_live_at: 2026-11-27T09:00:00+01:00",
            "go_live_at: 2026-11-27T09:00:00",
            "variants[0].go_live_at",
        ),
        (
            "go_live_at: 2026-11-27T09:00:00+01:00",
            "go_live_at: next monday",
            "variants[0].go_live_at",
        ),
        (
            "expire_at: 2026-11-30T00:00:00Z",
            "expire_at: 2026-11-20T00:00:00Z",
            "variants[0].expire_at",
        ),
        (
            "expire_at: 2026-12-12T00:00:00Z",
            "expire_at: 2026-12-07T00:00:00Z",
            "body[0].value.variants[0].expire_at",
        ),
    ],
)
def test_a_bad_window_is_named_and_nothing_is_loaded(site_dir, old, new, key):
    with pytest.raises(CommandError) as error:
        load(site_dir({"site.yaml": SCHEDULED.replace(old, new)}))
    assert "page /" in str(error.value) and key in str(error.value)
    assert not PageVariant.objects.exists()
