from django.apps import AppConfig


class PersonalizationConfig(AppConfig):
    name = "personalization"
    label = "personalization"
    verbose_name = "Personalization"

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the settings' system checks)
            publish_webhooks,
            signal_handlers,  # noqa: F401  (connects ruleset invalidation)
        )
        from .delivery import routes

        publish_webhooks.connect()  # publishes, moves, deletions tell the frontends (if configured)

        routes.connect()  # pages, restrictions and sites invalidate the route table
