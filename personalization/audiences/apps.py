from django.apps import AppConfig


class AudiencesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "personalization.audiences"
    label = "audiences"
    verbose_name = "Audiences"
