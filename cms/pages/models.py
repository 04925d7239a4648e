"""Page types. Every page is personalizable: page variants are inline children of the page, so
they go through the page's revisions, drafts, publishing, scheduling, workflows and locking, and
never show up as pages of their own (unlike wagtail-personalisation's copied-page variants)."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from grapple.models import GraphQLStreamfield, GraphQLString
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from personalization.page_editing.coverage_panel import CoveragePanel
from personalization.page_editing.editor_preview import (
    preview_modes,
    request_attrs,
    serve_engine_preview,
)

from .blocks import BodyBlock
from .forms import PersonalizablePageForm
from .panels import VariantFieldsPanel, VariantsPanel
from .website import is_elsewhere, on_the_website, website_root


class PageTag(TaggedItemBase):
    content_object = ParentalKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="tagged_items"
    )


class PersonalizablePage(Page):
    """Fields shared by the home page and the content page (abstract)."""

    intro = models.TextField(
        blank=True, help_text=_("Plain-text summary. May hold {city|your area} placeholders.")
    )
    tags = ClusterTaggableManager(through=PageTag, blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro", disable_comments=True),
        FieldPanel("body", disable_comments=True),
        VariantsPanel(
            "variants",
            heading=_("Variants"),
            label=_("Variant"),
            help_text=_("Alternative content for a persona, a stage or a segment."),
        ),
        CoveragePanel(heading=_("Coverage")),
    ]
    promote_panels = Page.promote_panels + [
        MultiFieldPanel(
            [FieldPanel("tags"), InlinePanel("persona_affinity", label=_("Persona affinity"))],
            heading=_("Personalization"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    base_form_class = PersonalizablePageForm
    graphql_fields = [GraphQLString("intro"), GraphQLStreamfield("body")]

    personalizable = True  # the admin's page actions and usage lists look for this (no import back)

    class Meta:
        abstract = True

    # Visitors read pages on the website, not on the (headless) CMS: cms/pages/website.py.
    def get_url_parts(self, request=None):
        return on_the_website(super().get_url_parts(request=request), request)

    def get_url(self, request=None, current_site=None):
        parts = self.get_url_parts(request=request)
        if (
            parts is not None
            and parts[2] is not None
            and website_root()
            and parts[1] == website_root()
        ):
            return (
                parts[1] + parts[2]
            )  # always absolute: the website is another host than the admin
        return super().get_url(request=request, current_site=current_site)

    url = property(get_url)

    def serve(self, request, *args, **kwargs):
        """The CMS's own address of a page sends the visitor to the page on the website."""
        target = self.get_full_url(request)
        if is_elsewhere(target, request):
            query = request.META.get("QUERY_STRING")
            return HttpResponseRedirect(target + (f"?{query}" if query else ""))
        return super().serve(request, *args, **kwargs)

    # Wagtail's preview (side panel and "Preview" tab) renders what the engine would serve:
    # personalization/page_editing/editor_preview.py.
    @property
    def preview_modes(self):
        return preview_modes(self)

    def make_preview_request(
        self, original_request=None, preview_mode=None, extra_request_attrs=None
    ):
        attrs = {**(extra_request_attrs or {}), **request_attrs(original_request)}
        return super().make_preview_request(original_request, preview_mode, attrs)

    def serve_preview(self, request, mode_name):
        return serve_engine_preview(self, request, mode_name)


class HomePage(PersonalizablePage):
    """The root of a site (site format type `home`)."""

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1


class ContentPage(PersonalizablePage):
    """The standard content page (site format type `content`)."""

    parent_page_types = ["wagtailcore.Page", "pages.HomePage", "pages.ContentPage"]


class PageVariant(Orderable):
    """Content for visitors that match every target given. It stores only the fields it
    overrides; a blank title, intro or body is read from the page wherever the variant is served
    (variant_fields.py: overriding is an explicit choice in the editor)."""

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="variants")
    key = models.UUIDField(
        default=uuid.uuid4, editable=False, help_text=_("Stable id across revisions.")
    )
    name = models.CharField(max_length=200)
    persona = models.ForeignKey(
        "personalization.Persona", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stage = models.ForeignKey(
        "personalization.JourneyStage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    segment = models.ForeignKey(
        "wagtail_personalisation.Segment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    weight = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Variants with the same target split traffic by weight (A/B test)."),
    )
    go_live_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name=_("go live at"),
        help_text=_("Served only from this time on (empty: at once)."),
    )
    expire_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name=_("expire at"),
        help_text=_("Never served from this time on (empty: no end)."),
    )
    holdout = models.PositiveIntegerField(
        default=0,
        validators=[MaxValueValidator(50)],
        help_text=_(
            "Percent of the visitors this variant targets who keep the default content, so that its "
            "uplift can be measured (the holdout). 0: none."
        ),
    )
    allocation = models.CharField(
        max_length=10,
        blank=True,
        default="",
        choices=[("", _("Fixed weights")), ("bandit", _("Bandit (weights follow the results)"))],
        help_text=_(
            "Bandit: on every arm of an A/B test, the weights follow the results (Thompson sampling)."
        ),
    )
    layer = models.SlugField(
        max_length=50,
        blank=True,
        default="",
        help_text=_(
            "Mutually exclusive experiments: a visitor is in at most one A/B test of a layer. "
            "Give every arm of the test the same layer (empty: none)."
        ),
    )
    traffic = models.PositiveIntegerField(
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "Percent of the targeted visitors who enter the A/B test; the others get the default "
            "content and are not counted. Raise it to ramp up. Same on every arm."
        ),
    )
    title = models.CharField(max_length=255, blank=True)
    intro = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True)

    panels = [
        FieldPanel("name", disable_comments=True),
        MultiFieldPanel(
            [
                FieldPanel("persona", disable_comments=True),
                FieldPanel("stage", disable_comments=True),
                FieldPanel("segment", disable_comments=True),
                FieldPanel("weight", disable_comments=True),
                FieldPanel("holdout", disable_comments=True),
                FieldPanel("allocation", disable_comments=True),
                FieldPanel("layer", disable_comments=True),
                FieldPanel("traffic", disable_comments=True),
            ],
            heading=_("Who sees it"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("go_live_at", disable_comments=True),
                FieldPanel("expire_at", disable_comments=True),
            ],
            heading=_("When"),
            help_text=_(
                "A campaign variant: served only between these times (the page stays published)."
            ),
        ),
        VariantFieldsPanel(heading=_("What it changes")),
        FieldPanel("title_source", disable_comments=True),
        FieldPanel("title", disable_comments=True),
        FieldPanel("intro_source", disable_comments=True),
        FieldPanel("intro", disable_comments=True),
        FieldPanel("body_source", disable_comments=True),
        FieldPanel("body", disable_comments=True),
    ]

    def __str__(self):
        return self.name


class PersonaAffinity(Orderable):
    """Points added to a visitor's score for a persona each time they view this page."""

    page = ParentalKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="persona_affinity"
    )
    persona = models.ForeignKey(
        "personalization.Persona", on_delete=models.CASCADE, related_name="+"
    )
    points = models.FloatField(default=1)

    panels = [FieldPanel("persona"), FieldPanel("points")]
