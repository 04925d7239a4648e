from django.apps import AppConfig


class PeriodicConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "personalization.periodic"
    label = "periodic"
    verbose_name = "Jobs that run by themselves"
