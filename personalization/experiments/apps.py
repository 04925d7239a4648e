from django.apps import AppConfig


class ExperimentsConfig(AppConfig):
    name = "personalization.experiments"
    label = "experiments"
    verbose_name = "Experiments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import settings_cache

        settings_cache.connect()  # the cached site holdout is cleared when its setting is saved
        from personalization.profiles.merge import profiles_merged

        from .exposures import move_on_merge

        profiles_merged.connect(move_on_merge, dispatch_uid="experiments.move_on_merge")
