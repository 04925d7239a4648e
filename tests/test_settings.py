"""Settings from the environment, as runtime.md lists them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def settings_value(name: str, **env) -> str:
    """A setting as `manage.py` (production settings) sees it with this environment."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY"}
    }
    clean.update(
        env,
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        TAILOR_VAR_DIR=env.get("TAILOR_VAR_DIR", "/tmp/tailor-settings-test"),
    )
    code = (
        f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    return result.stdout.strip() or result.stderr.strip().splitlines()[-1]


def test_production_refuses_to_start_without_a_secret_key():
    assert "SECRET_KEY is required" in settings_value("DEBUG")


def test_database_url_and_redis_url_come_from_the_environment():
    env = {
        "SECRET_KEY": "x" * 40,
        "DATABASE_URL": "postgres://tailor@db.example:5433/tailor",
        "REDIS_URL": "redis://cache.example:6379/2",
    }
    assert "'HOST': 'db.example'" in settings_value("DATABASES", **env)
    assert "django_redis.cache.RedisCache" in settings_value("CACHES", **env)


def test_defaults_are_safe_for_the_demo(tmp_path):
    env = {"SECRET_KEY": "x" * 40, "TAILOR_VAR_DIR": str(tmp_path)}
    assert settings_value("DEBUG", **env) == "False"
    assert settings_value("ALLOWED_HOSTS", **env) == "['localhost', '127.0.0.1']"
    assert settings_value("PERSONALIZATION_CONSENT", **env) == "opt-in"
    assert settings_value("GEOIP_PATH", **env).endswith("fixtures/geoip/tailor-demo-city.mmdb")
    assert str(tmp_path / "db.sqlite3") in settings_value("DATABASES", **env)


def test_the_demo_generates_its_secret_key_once(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "cms.settings.dev", "TAILOR_VAR_DIR": str(tmp_path)}
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    clean.update(env)
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY, settings.DEBUG)"
    first = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    ).stdout
    second = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    ).stdout
    assert first == second and first.endswith("True\n") and len(first.split()[0]) > 40
    assert (tmp_path / "secret_key").exists()
