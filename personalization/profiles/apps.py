from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    """Visitor profiles: history, events, consent. All writes go through profiles/store.py."""

    name = "personalization.profiles"
    label = "profiles"
    verbose_name = "Visitor profiles"
