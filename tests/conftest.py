"""Shared fixtures. The suite runs twice in `make test`: on SQLite and on PostgreSQL
(DATABASE_URL), so every database test here runs against both."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_GEOIP = ROOT / "tests" / "geoip"  # written by fixtures/make_test_geoip.py
MAXMIND_GEOIP = ROOT.parent / "shared" / "geoip"  # MaxMind's own test data, when present
GEOIP_SOURCES = ["project"] + (
    ["maxmind"] if (MAXMIND_GEOIP / "GeoIP2-City-Test.mmdb").exists() else []
)


def _corrupt_copies(source: Path, folder: Path) -> None:
    """The two broken files the locator must survive: one that does not open at all, and one
    whose metadata opens but whose data section is garbage (fails on the first lookup)."""
    import maxminddb

    (folder / "GeoIP2-City-Test-Invalid-Node-Count.mmdb").write_bytes(b"not a MaxMind database" * 8)
    raw = bytearray((source / "GeoIP2-City-Test.mmdb").read_bytes())
    with maxminddb.open_database(str(source / "GeoIP2-City-Test.mmdb")) as reader:
        meta = reader.metadata()
        tree_size = meta.node_count * meta.record_size * 2 // 8
    metadata_start = raw.rfind(b"\xab\xcd\xefMaxMind.com")
    raw[tree_size + 16 : metadata_start] = b"\xff" * (metadata_start - tree_size - 16)
    (folder / "GeoIP2-City-Test-Broken-Double-Format.mmdb").write_bytes(bytes(raw))


@pytest.fixture(scope="session", params=GEOIP_SOURCES)
def geoip_dir(request, tmp_path_factory):
    """A folder of GeoIP test databases: the project's own (tests/geoip, same addresses and
    answers as MaxMind's test data) always, and MaxMind's real ones (../shared/geoip) as a
    second run when a checkout has them. A bare clone needs nothing outside the repository."""
    if request.param == "maxmind":
        return MAXMIND_GEOIP
    import shutil

    folder = tmp_path_factory.mktemp("geoip")
    for file in PROJECT_GEOIP.glob("*.mmdb"):
        shutil.copy(file, folder / file.name)
    _corrupt_copies(PROJECT_GEOIP, folder)
    return folder


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: database rows are rolled back between tests, and
    ids may be reused, so nothing cached by one test may be seen by the next. That includes the
    process's compiled rules: a rolled-back change never bumped the rules version (the bump runs
    on commit), so an earlier test's rules would be served under the same version."""
    forget_everything()
    yield


def forget_everything() -> None:
    """Every cache of this process and the shared cache (see `fresh_cache`); also for tests that
    roll back several sites within one test (tests/admin/test_coverage_property.py)."""
    from django.core.cache import cache

    from personalization import stamps
    from personalization.api import content_view, documents, ratelimit
    from personalization.delivery import layers, page_snapshot, routes, ruleset_json
    from personalization.delivery.compiled import forget_compiled
    from personalization.experiments import settings_cache
    from personalization.rules.current import forget_snapshots

    cache.clear()
    forget_snapshots()  # compiled rule sets are keyed by a version a rolled-back test reuses
    documents.clear()
    stamps.forget()
    routes.forget()
    page_snapshot.forget_local()
    layers.forget()  # the tests of each experiment layer, by a stamp a rolled-back test reuses
    content_view.forget()
    ratelimit.forget()  # rate-limit windows start empty
    ruleset_json.forget()
    forget_compiled()  # and so is delivery's per-site cache of them
    settings_cache.forget_local()
