"""The site-wide experiment settings as delivery reads them: cached, cleared when saved.

Every personalizedPage reads the site's holdout, so each process keeps it in memory for
`TAILOR_STAMP_SECONDS` (the interval in which every process sees a change, docs/scaling.md) in
front of the shared cache: with Redis an anonymous request then makes no round trip for it.
The process that saves the settings forgets its copy at once."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from personalization import stamps

CACHE_SECONDS = 300


def _key(site_id: int | None) -> str:
    return f"tailor:experiment-settings:{site_id}"


def site_holdout(site) -> int:
    """The site's holdout percent (0: none). One cache read; one query on a cold cache."""
    if site is None:
        return 0
    now = time.monotonic()
    held = _local.get(site.pk)
    if held is not None and now - held[0] < stamps.interval():
        return held[1]
    key = _key(site.pk)
    value = cache.get(key)
    if value is None:
        from .models import ExperimentSettings

        value = (
            ExperimentSettings.objects.filter(site_id=site.pk)
            .values_list("holdout", flat=True)
            .first()
            or 0
        )
        cache.set(key, value, CACHE_SECONDS)
    _local[site.pk] = (now, int(value))
    return int(value)


_local: dict[int, tuple[float, int]] = {}


def forget_local() -> None:
    """Drop this process's copies (tests: rolled-back rows leave no signal behind)."""
    _local.clear()


def _clear(sender, instance, **kwargs):
    _local.clear()
    cache.delete(_key(instance.site_id))


def connect() -> None:
    from .models import ExperimentSettings

    receiver(post_save, sender=ExperimentSettings, dispatch_uid="experiment-settings-save")(_clear)
    receiver(post_delete, sender=ExperimentSettings, dispatch_uid="experiment-settings-delete")(
        _clear
    )
