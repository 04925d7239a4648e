"""The site-wide experiment settings as delivery reads them: cached, cleared when saved."""
from __future__ import annotations

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

CACHE_SECONDS = 300


def _key(site_id: int | None) -> str:
    return f"tailor:experiment-settings:{site_id}"


def site_holdout(site) -> int:
    """The site's holdout percent (0: none). One cache read; one query on a cold cache."""
    if site is None:
        return 0
    key = _key(site.pk)
    value = cache.get(key)
    if value is None:
        from .models import ExperimentSettings

        value = ExperimentSettings.objects.filter(site_id=site.pk).values_list("holdout", flat=True).first() or 0
        cache.set(key, value, CACHE_SECONDS)
    return int(value)


def _clear(sender, instance, **kwargs):
    cache.delete(_key(instance.site_id))


def connect() -> None:
    from .models import ExperimentSettings

    receiver(post_save, sender=ExperimentSettings, dispatch_uid="experiment-settings-save")(_clear)
    receiver(post_delete, sender=ExperimentSettings, dispatch_uid="experiment-settings-delete")(_clear)
