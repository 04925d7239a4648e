"""dump_site writes the site format back; dump then load into an empty database reproduces it."""

from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail_personalisation.models import Segment

from cms.pages.models import ContentPage, HomePage
from personalization.models import JourneyStage, Persona

from .conftest import SMALL_SITE

pytestmark = pytest.mark.django_db
EVERY_SIGNAL = Path(__file__).with_name("every_signal.yaml")


def dump(path: Path) -> dict:
    call_command("dump_site", str(path), verbosity=0)
    return {
        name: yaml.safe_load((path / f"{name}.yaml").read_text())
        for name in ("personas", "journey_stages", "segments", "pages")
    }


def empty_the_site():
    """What an empty database holds: Wagtail's root and no content of ours."""
    for page in Page.objects.filter(depth=2):
        if isinstance(page.specific, (ContentPage, HomePage)):
            page.delete()
    Persona.objects.all().delete()
    JourneyStage.objects.all().delete()
    Segment.objects.all().delete()
    get_image_model().objects.all().delete()


def test_dump_then_load_into_an_empty_database_reproduces_the_site(site_dir, png, tmp_path):
    png("images/hero.png")
    text = SMALL_SITE.replace(
        "- {type: heading, value: Welcome}",
        "- {type: heading, value: Welcome}\n      - {type: image, value: {file: images/hero.png, alt: Red}}",
    )
    call_command("load_site", str(site_dir({"site.yaml": text})), verbosity=0)
    first = dump(tmp_path / "first")
    empty_the_site()
    assert not ContentPage.objects.exists() and not Persona.objects.exists()
    call_command("load_site", str(tmp_path / "first"), verbosity=0)
    second = dump(tmp_path / "second")
    assert second == first
    assert (tmp_path / "second" / "images" / "hero.png").read_bytes() == (
        tmp_path / "first" / "images" / "hero.png"
    ).read_bytes()


def test_dump_says_what_was_loaded(site_dir, tmp_path):
    call_command("load_site", str(site_dir({"site.yaml": SMALL_SITE})), verbosity=0)
    out = dump(tmp_path / "out")
    assert [p["slug"] for p in out["personas"]["personas"]] == ["developer", "executive"]
    developer = out["personas"]["personas"][0]
    assert developer["rules"] == {
        "any": [{"referrer_domain": {"in": ["github.com"]}}, {"declared_interest": "api"}]
    }
    pages = {p["path"]: p for p in out["pages"]["pages"]}
    assert pages["/pricing/enterprise/"]["live"] is False
    assert pages["/pricing/"]["persona_affinity"] == {"executive": 5}
    assert [v["name"] for v in pages["/"]["variants"]] == ["Devs", "Nordic"]
    assert pages["/"]["body"][1]["value"]["variants"][0]["persona"] == "developer"


def test_a_file_with_every_signal_and_operator_loads_and_dumps_back_equal(tmp_path):
    call_command("load_site", str(EVERY_SIGNAL), verbosity=0)
    out = dump(tmp_path / "out")
    source = yaml.load(EVERY_SIGNAL.read_text(), Loader=_Loader)
    assert out["segments"]["segments"] == sorted(source["segments"], key=lambda s: s["slug"])
    assert [p.get("rules") for p in out["personas"]["personas"]] == [
        p.get("rules") for p in source["personas"]
    ]
    assert out["personas"]["personas"][0]["score_threshold"] == 7.5
    assert [s.get("rules") for s in out["journey_stages"]["journey_stages"]] == [
        s.get("rules") for s in source["journey_stages"]
    ]
    page = out["pages"]["pages"][0]
    assert page["variants"] == source["pages"][0]["variants"]
    assert page["body"] == source["pages"][0]["body"]


def test_dumping_twice_gives_the_same_files(tmp_path):
    call_command("load_site", str(EVERY_SIGNAL), verbosity=0)
    assert dump(tmp_path / "a") == dump(tmp_path / "b")


class _Loader(yaml.SafeLoader):
    """The loader's own reading: YAML 1.2 booleans and dates kept as text."""


from cms.sitefmt.reader import _StrictLoader as _Loader  # noqa: E402,F811


def test_public_words_for_visitors_load_and_dump_back(site_dir, tmp_path):
    text = SMALL_SITE.replace(
        "    description: Engineers evaluating the API.\n",
        "    description: Engineers evaluating the API.\n"
        "    public_name: Developers\n    public_description: Building on our API\n",
    )
    call_command("load_site", str(site_dir({"site.yaml": text})), verbosity=0)
    developer = Persona.objects.get(slug="developer")
    assert (developer.public_name, developer.public_description) == (
        "Developers",
        "Building on our API",
    )
    personas = {p["slug"]: p for p in dump(tmp_path / "out")["personas"]["personas"]}
    assert (personas["developer"]["public_name"], personas["developer"]["public_description"]) == (
        "Developers",
        "Building on our API",
    )
    assert "public_name" not in personas["executive"]  # not set: not written


def test_a_public_name_that_is_not_a_string_is_refused(site_dir):
    from django.core.management.base import CommandError

    text = SMALL_SITE.replace(
        "    description: Engineers evaluating the API.\n",
        "    description: Engineers evaluating the API.\n    public_name: [Developers]\n",
    )
    with pytest.raises(CommandError, match="public_name"):
        call_command("load_site", str(site_dir({"site.yaml": text})), verbosity=0)
