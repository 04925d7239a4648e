"""A wrong Tailor setting is reported by `manage.py check` with its name and a hint (instead of
an exception at import), and the defaults pass."""

from django.core.checks import run_checks

from personalization import settings as tailor


def problems() -> list[str]:
    return sorted(message.id for message in run_checks() if message.id.startswith("tailor."))


def test_the_test_settings_pass_the_checks():
    assert problems() == []


def test_an_unknown_consent_mode_is_an_error(settings):
    settings.PERSONALIZATION_CONSENT = "maybe"
    found = [m for m in run_checks() if m.id == "tailor.E001"]
    assert found and "'maybe'" in found[0].msg and "opt-in" in found[0].hint


def test_a_negative_rate_limit_is_an_error(settings):
    settings.PERSONALIZATION_RATE_LIMIT = -1
    assert problems() == ["tailor.E002"]


def test_an_unknown_rate_limit_storage_is_an_error(settings):
    settings.PERSONALIZATION_RATE_LIMIT_STORAGE = "carrier-pigeon://loft"
    assert problems() == ["tailor.E003"]


def test_a_trusted_proxy_that_is_not_a_network_is_an_error(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "gateway"]
    assert problems() == ["tailor.E004"]


def test_an_internal_address_that_is_not_a_network_is_an_error(settings):
    settings.PERSONALIZATION_INTERNAL_IPS = ["192.0.2.0/24", "office"]
    assert problems() == ["tailor.E040"]


def test_a_graphql_limit_of_zero_is_an_error(settings):
    settings.GRAPHQL_MAX_DEPTH = 0
    assert problems() == ["tailor.E005"]


def test_a_missing_geoip_database_is_a_warning(settings, tmp_path):
    settings.GEOIP_PATH = str(tmp_path / "nowhere.mmdb")
    assert problems() == ["tailor.W001"]
    settings.GEOIP_PATH = str(tmp_path)  # a folder holding the databases is fine
    assert problems() == []


def test_every_default_is_written_once():
    """The settings files take their defaults from personalization/settings.py."""
    from pathlib import Path

    base = (Path(__file__).resolve().parent.parent / "cms" / "settings" / "base.py").read_text()
    assert '"120"' not in base and '"10000"' not in base and '"90"' not in base
    assert tailor.DEFAULTS["PERSONALIZATION_RATE_LIMIT"] == 120


def test_no_module_keeps_a_default_of_its_own_for_a_tailor_setting():
    """`getattr(settings, "PERSONALIZATION_RATE_LIMIT", 120)` in a reader would be a second
    default: readers go through personalization/settings.py."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    pattern = re.compile(r'getattr\(settings,\s*"(' + "|".join(tailor.DEFAULTS) + r')"')
    offenders = [
        str(path.relative_to(root))
        for folder in ("personalization", "cms")
        for path in (root / folder).rglob("*.py")
        if path.name != "settings.py" and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_a_publish_webhook_that_is_not_a_url_is_an_error(settings):
    settings.PERSONALIZATION_PUBLISH_WEBHOOKS = ["localhost:3000/api/tailor/revalidate/"]
    settings.TAILOR_WEBHOOK_SECRET = "s"
    assert problems() == ["tailor.E041"]


def test_publish_webhooks_without_a_secret_are_an_error(settings):
    settings.PERSONALIZATION_PUBLISH_WEBHOOKS = ["http://localhost:3000/api/tailor/revalidate/"]
    settings.TAILOR_WEBHOOK_SECRET = ""
    found = [m for m in run_checks() if m.id == "tailor.E042"]
    assert found and "TAILOR_WEBHOOK_SECRET" in found[0].hint
