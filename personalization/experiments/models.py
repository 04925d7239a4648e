"""Experiments: goals (what counts as a conversion), exposures (who was served which arm), the
daily aggregates reports read, the site-wide holdout setting and bandit weights.

Exposures are written by delivery (exposures.py), aggregates only by `rollup_events`
(rollup.py); every exposure of a visitor cascades away with the visitor's profile (forget).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

SLUG = RegexValidator(r"^[a-z0-9-]+$", _("Lower-case letters, digits and hyphens."))


class Goal(models.Model):
    """What an experiment measures: an event type (optionally on one path), counted once per
    visitor per experiment, after the exposure and within the window."""

    slug = models.CharField(max_length=100, unique=True, validators=[SLUG])
    name = models.CharField(max_length=200)
    event = models.CharField(
        max_length=100, help_text=_("The event type that counts as a conversion.")
    )
    path = models.CharField(
        max_length=512, blank=True, help_text=_("Optional: only events on this path.")
    )
    value = models.BooleanField(
        default=False, help_text=_("Also measure the mean value (e.g. revenue) per visitor.")
    )
    window_days = models.PositiveIntegerField(
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("A conversion counts within this many days of the visitor's first exposure."),
    )
    sort_order = models.PositiveIntegerField(
        default=0, help_text=_("The first goal is the reports' default.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("event"),
        FieldPanel("path"),
        FieldPanel("value"),
        FieldPanel("window_days"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class Exposure(models.Model):
    """A visitor served an arm of an experiment, once per visitor per experiment (the first
    time). `visitor` is null for a request without a visitor id: it is *excluded* (served the
    control, counted in no arm). The persona, stage, channel, device and country of that first
    request are kept for the breakdowns."""

    experiment = models.CharField(max_length=120)
    arm = models.CharField(max_length=120, blank=True, default="")
    visitor = models.ForeignKey(
        "profiles.Visitor",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="exposures",
        db_index=False,
    )
    page_id = models.PositiveIntegerField(null=True, blank=True)
    at = models.DateTimeField()
    persona = models.CharField(max_length=100, blank=True, default="")
    stage = models.CharField(max_length=100, blank=True, default="")
    channel = models.CharField(max_length=40, blank=True, default="")
    device = models.CharField(max_length=20, blank=True, default="")
    country = models.CharField(max_length=2, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["visitor", "experiment"],
                condition=models.Q(visitor__isnull=False),
                name="experiments_exposure_once",
            )
        ]
        indexes = [models.Index(fields=["at"], name="experiments_exposure_at")]


class ArmDay(models.Model):
    """Daily aggregates, written only by `rollup_events`: for the visitors first exposed on
    `day`, how many, how many converted on `goal` (within its window) and their value sums.
    `dimension` "" is the whole arm; else a breakdown (persona, stage, channel, device, country)
    with `value`. Rows with arm "" count excluded requests (goal and dimension "")."""

    experiment = models.CharField(max_length=120)
    arm = models.CharField(max_length=120, blank=True, default="")
    day = models.DateField()
    goal = models.CharField(max_length=100, blank=True, default="")
    dimension = models.CharField(max_length=20, blank=True, default="")
    value = models.CharField(max_length=100, blank=True, default="")
    exposures = models.PositiveIntegerField(default=0)
    conversions = models.PositiveIntegerField(default=0)
    value_sum = models.FloatField(default=0.0)
    value_sumsq = models.FloatField(default=0.0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["experiment", "arm", "day", "goal", "dimension", "value"],
                name="experiments_armday_unique",
            )
        ]
        indexes = [
            models.Index(fields=["goal", "dimension", "day"], name="experiments_armday_goal")
        ]


class RollupRun(models.Model):
    """When `rollup_events` ran, and from which day it recomputed."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    from_day = models.DateField(null=True, blank=True)
    exposures = models.PositiveIntegerField(default=0)


class BanditWeights(models.Model):
    """Thompson-sampling weights of an experiment with `allocation: bandit`, recomputed from
    the aggregates at most hourly by `rollup_events`. `weights`: variant id -> weight."""

    experiment = models.CharField(max_length=120, unique=True)
    goal = models.CharField(max_length=100)
    weights = models.JSONField(default=dict)
    computed_at = models.DateTimeField()


@register_setting(icon="crosshairs")
class ExperimentSettings(BaseSiteSetting):
    """Site-wide experiment settings (Settings > Experiments in the admin)."""

    holdout = models.PositiveIntegerField(
        default=0,
        validators=[MaxValueValidator(50)],
        help_text=_(
            "Percent of the visitors (with an id) who are never personalized, so that "
            "personalization as a whole can be measured against them. 0 turns it off."
        ),
    )
    sequential = models.BooleanField(
        default=False,
        help_text=_(
            "Sequential testing: intervals and p-values stay valid however often "
            "the reports are looked at (wider than fixed-horizon ones)."
        ),
    )

    panels = [FieldPanel("holdout"), FieldPanel("sequential")]

    class Meta:
        verbose_name = _("experiments")


class BotDay(models.Model):
    """Requests of robots per UTC day (bots.py): counted apart and nothing else kept of them,
    so that the analytics screens can say how much robot traffic was left out of every figure."""

    day = models.DateField(unique=True)
    requests = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-day"]
