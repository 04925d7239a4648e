from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The commands behind `make demo`."""

    name = "cms.demo"
    label = "demo"
