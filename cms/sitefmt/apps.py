from django.apps import AppConfig


class SiteFormatConfig(AppConfig):
    """`load_site` / `dump_site`: the site format of ../shared/spec/site-format.md."""

    name = "cms.sitefmt"
    label = "sitefmt"
    verbose_name = "Site format"
