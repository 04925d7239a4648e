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
        # device-detector reads its YAML rules on first use; read in a request thread, its YAML
        # loader (yaml_rs) crashed the whole process (segfault) under runserver. Read them here,
        # on the main thread, once per process.
        from .visitor_signals.device import warm_up

        warm_up()
