from django.apps import AppConfig


class RulesConfig(AppConfig):
    """Segment rules in wagtail-personalisation's framework, and their compilation into the
    engine's RuleSet."""

    name = "personalization.rules"
    label = "rules"
    verbose_name = "Segment rules"

    def ready(self):
        # The segment editor's form comes from Segment.base_form_class, Wagtail's extension
        # point for a model's admin form; ours adds the reference-cycle check.
        from wagtail_personalisation.models import Segment

        from personalization.segments.forms import SegmentForm

        Segment.base_form_class = SegmentForm
        # wagtail-personalisation builds Segment.panels (the rule list of its editor) in
        # Segment.__init__, so until a segment is instantiated a fresh process's editor offers
        # no rules at all. One instance here (no database access) builds them up front.
        Segment()
