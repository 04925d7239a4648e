from django.apps import AppConfig


class RulesConfig(AppConfig):
    """Segment rules in wagtail-personalisation's framework, and their compilation into the
    engine's RuleSet. The segment editor's form (personalization/segments/forms.py) is given to
    the segment viewset (admin/segments.py), not patched onto the plugin's Segment."""

    name = "personalization.rules"
    label = "rules"
    verbose_name = "Segment rules"

    def ready(self):
        # wagtail-personalisation builds Segment.panels (the rule list of its editor) in
        # Segment.__init__, so until a segment is instantiated a fresh process's editor offers
        # no rules at all. One instance here (no database access) builds them up front. Imported
        # here because the plugin's models module needs the app registry ready.
        from wagtail_personalisation.models import Segment

        Segment()
