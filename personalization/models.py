"""Authoring models: who a visitor is (personas), where they are in their journey (stages), and
the identity of segments. Segment rules themselves live in wagtail-personalisation's Segment and
rule models (personalization/rules/); a persona's or stage's rules are a segment it owns."""

from django.core.validators import RegexValidator
from django.db import models, transaction
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

SLUG_VALIDATOR = RegexValidator(
    r"^[a-z0-9-]+$", _("Use lower-case letters, digits and hyphens only.")
)

# Sent from inside the transaction of a save that changed a slug: kind ("persona", "stage",
# "segment"), old, new. personalization/renames.py rewrites every reference (signal_handlers.py).
slug_renamed = Signal()


class RenameCascades(models.Model):
    """Saving a new slug renames every reference to the old one in the same transaction."""

    slug_kind = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with transaction.atomic():
            old = None
            if self.pk is not None:
                old = (
                    type(self)
                    ._default_manager.filter(pk=self.pk)
                    .values_list("slug", flat=True)
                    .first()
                )
            super().save(*args, **kwargs)
            if old is not None and old != self.slug:
                slug_renamed.send(
                    sender=type(self), kind=self.slug_kind, old=old, new=self.slug, instance=self
                )


class Persona(RenameCascades, index.Indexed, Orderable):
    """Who the visitor is. Declared > rules by priority > affinity score over the threshold."""

    slug = models.SlugField(max_length=80, unique=True, validators=[SLUG_VALIDATOR])
    name = models.CharField(max_length=120)
    description = models.TextField(
        blank=True, help_text=_("For editors: who this is and how to reach them.")
    )
    public_name = models.CharField(
        max_length=120,
        blank=True,
        help_text=_(
            "What visitors see (\u201cThis isn't me\u201d, \u201cWhy am I seeing this?\u201d), e.g. \u201cFamilies\u201d. "
            "Blank: visitors never see this persona named."
        ),
    )
    public_description = models.TextField(
        blank=True,
        help_text=_(
            "One sentence for visitors choosing who they are, e.g. \u201cRoom for everyone and their things\u201d."
        ),
    )
    tone_of_voice = models.TextField(
        blank=True, help_text=_("Guidance for writers: how to speak to this persona.")
    )
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    priority = models.IntegerField(
        default=0, help_text=_("When several personas match, the highest priority wins.")
    )
    rules = models.ForeignKey(
        "wagtail_personalisation.Segment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Visitors in this segment have this persona."),
    )
    score_threshold = models.FloatField(
        null=True,
        blank=True,
        help_text=_(
            "Visitors whose affinity score for this persona reaches this threshold have it too."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("public_name"), FieldPanel("public_description")], heading=_("For visitors")
        ),
        FieldPanel("tone_of_voice"),
        FieldPanel("image"),
        FieldPanel("priority"),
        FieldPanel("rules"),
        FieldPanel("score_threshold"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("description"),
        index.FilterField("slug"),
    ]
    slug_kind = "persona"

    class Meta(Orderable.Meta):
        verbose_name = _("persona")

    def __str__(self):
        return self.name


class JourneyStage(RenameCascades):
    """An ordered step of the visitor's journey; per site when there are several sites."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="journey_stages",
        help_text=_("Leave empty to use this stage on every site."),
    )
    slug = models.SlugField(max_length=80, validators=[SLUG_VALIDATOR])
    name = models.CharField(max_length=120)
    order = models.IntegerField(
        help_text=_("Stages are ordered; the lowest is where every visitor starts.")
    )
    rules = models.ForeignKey(
        "wagtail_personalisation.Segment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Entry condition: visitors in this segment have reached this stage."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("order"),
        FieldPanel("site"),
        FieldPanel("rules"),
    ]
    slug_kind = "stage"

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["site", "slug"], name="unique_stage_slug_per_site")
        ]

    def __str__(self):
        return self.name


class SegmentIdentity(RenameCascades):
    """What wagtail-personalisation's Segment lacks: a stable slug (the site format matches by it)
    and the role of the segment. Segments that hold a persona's or stage's rules, or a nested
    condition group, are owned: they are folded back into their owner by dump_site."""

    PUBLIC, OWNED = "segment", "owned"
    segment = models.OneToOneField(
        "wagtail_personalisation.Segment", on_delete=models.CASCADE, related_name="identity"
    )
    slug = models.SlugField(max_length=120, unique=True, validators=[SLUG_VALIDATOR])
    role = models.CharField(
        max_length=20, choices=[(PUBLIC, _("Segment")), (OWNED, _("Owned rules"))], default=PUBLIC
    )
    slug_kind = "segment"

    def __str__(self):
        return self.slug


class RecommendedPage(models.Model):
    """One live page of a site as the recommender sees it: written by `compute_recommendations`
    (personalization/delivery/recommendations.py), read in one query per request."""

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    path = models.CharField(
        max_length=512, help_text=_("Path under the site root, e.g. /pricing/.")
    )
    title = models.CharField(max_length=255)
    tags = models.JSONField(default=list, blank=True)
    affinity = models.JSONField(
        default=dict, blank=True, help_text=_("Persona slug -> points per view.")
    )
    personas = models.JSONField(
        default=list, blank=True, help_text=_("Personas its variants are written for.")
    )
    stages = models.JSONField(
        default=list, blank=True, help_text=_("Journey stages its variants are written for.")
    )
    published_at = models.DateTimeField(null=True, blank=True, help_text=_("First published."))
    popularity = models.FloatField(default=0, help_text=_("Page views in the last 30 days."))
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "page"], name="recommended_page_unique")
        ]


class CoView(models.Model):
    """Readers of `path` also read `other`: cosine of the two pages' reader sets (page view log)."""

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=512)
    other = models.CharField(max_length=512)
    score = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["site", "path"], name="coview_site_path")]


TRAIT_NAME_VALIDATOR = RegexValidator(
    r"^[a-z0-9_]+$", _("Use lower-case letters, digits and underscores only.")
)


class Trait(models.Model):
    """A first-party attribute of a visitor or of a user key (plan, lifetime value, ...), set by the
    site's server (setTraits, identify, import_traits) and tested by `{trait: {name: ...}}`."""

    TEXT, NUMBER, BOOLEAN, DATE, LIST = "text", "number", "boolean", "date", "list"
    TYPE_CHOICES = [
        (TEXT, _("Text")),
        (NUMBER, _("Number")),
        (BOOLEAN, _("True / false")),
        (DATE, _("Date")),
        (LIST, _("List of text values")),
    ]
    name = models.CharField(
        max_length=64,
        unique=True,
        validators=[TRAIT_NAME_VALIDATOR],
        help_text=_("As conditions and the API name it, e.g. plan or lifetime_value."),
    )
    type = models.CharField(
        max_length=10,
        choices=TYPE_CHOICES,
        default=TEXT,
        help_text=_("Values of another type are refused when they are set."),
    )
    description = models.TextField(
        blank=True, help_text=_("Where the value comes from and what it means.")
    )

    panels = [FieldPanel("name"), FieldPanel("type"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PublishDelivery(models.Model):
    """One call of the publish webhook to one frontend (personalization/publish_webhooks.py):
    tried once right after the commit, then again by the `send_webhooks` periodic job."""

    PENDING, SENT, FAILED = "pending", "sent", "failed"
    url = models.URLField(max_length=500)
    payload = models.JSONField()  # {"event": "page.published", "path": "/pricing/"}
    status = models.CharField(
        max_length=10,
        choices=[(PENDING, _("Pending")), (SENT, _("Sent")), (FAILED, _("Failed"))],
        default=PENDING,
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="publish_delivery_due")]

    def __str__(self):
        return f"{self.payload.get('event')} {self.payload.get('path', '')} to {self.url}"
