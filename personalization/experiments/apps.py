from django.apps import AppConfig


class ExperimentsConfig(AppConfig):
    name = "personalization.experiments"
    label = "experiments"
    verbose_name = "Experiments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import settings_cache

        settings_cache.connect()   # the cached site holdout is cleared when its setting is saved
