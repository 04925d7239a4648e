"""Rule models that compare one signal of the site format with a value, one model per signal
group so that the segment editor offers a short list per kind of question."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail_personalisation.rules import AbstractBaseRule

from personalization.engine.context import MAX_WINDOW_DAYS
from personalization.engine.fields import WINDOWED_SIGNALS

from ..editor_values import DEVICE, EQ, HISTORY, LOCATION, SOURCE, TIME, VISITOR
from .base import SignalTestFields, within_days_field

_PANELS = [
    FieldRowPanel([FieldPanel("signal"), FieldPanel("operator")]),
    FieldPanel("value"),
    FieldPanel("negate"),
]


def _signal_field(signals: dict[str, Any], help_text: Any) -> models.CharField:
    return models.CharField(
        _("Signal"), max_length=40, choices=list(signals.items()), help_text=help_text
    )


class LocationRule(SignalTestFields, AbstractBaseRule):
    """Where the visitor is, from their IP address (GeoIP)."""

    icon = "site"
    signal = _signal_field(
        LOCATION,
        _(
            "What to test about the visitor's location. Visitors whose "
            "location is unknown never match."
        ),
    )
    panels = _PANELS

    class Meta:
        verbose_name = _("Location")


class UserAgentRule(SignalTestFields, AbstractBaseRule):
    """What the visitor browses with, from the user agent."""

    icon = "mobile-alt"
    signal = _signal_field(DEVICE, _("Device type, operating system or browser family."))
    panels = _PANELS

    class Meta:
        verbose_name = _("Device, operating system or browser")


class SourceRule(SignalTestFields, AbstractBaseRule):
    """How the current visit arrived: channel, UTM parameters, referrer, landing page."""

    icon = "link"
    signal = _signal_field(
        SOURCE, _("How this visit arrived. Channel follows GA4's default channel rules.")
    )
    panels = _PANELS

    class Meta:
        verbose_name = _("Traffic source")


class HistoryRule(SignalTestFields, AbstractBaseRule):
    """Counts and recency of the visitor's past visits (needs consent to profiling)."""

    icon = "history"
    signal = _signal_field(
        HISTORY,
        _("What to test about past visits. Without history (no consent) the rule never matches."),
    )
    within_days = within_days_field(
        _(
            "Only for number of visits / page views: count today (UTC) and this many days "
            "before. Leave empty for all time."
        )
    )
    panels = [
        FieldRowPanel([FieldPanel("signal"), FieldPanel("operator")]),
        FieldRowPanel([FieldPanel("value"), FieldPanel("within_days")]),
        FieldPanel("negate"),
    ]

    class Meta:
        verbose_name = _("Visit history")

    def leaf_condition(self) -> dict[str, Any]:
        cond = super().leaf_condition()
        if self.within_days is None:
            return cond
        if self.signal not in WINDOWED_SIGNALS:
            raise ValidationError(
                {
                    "within_days": gettext(
                        "Only the number of visits or page views can be "
                        "counted within days; leave it empty."
                    )
                }
            )
        if self.within_days > MAX_WINDOW_DAYS:
            raise ValidationError(
                {"within_days": gettext("At most %(days)d days.") % {"days": MAX_WINDOW_DAYS}}
            )
        if self.operator == EQ:
            raise ValidationError(
                {
                    "operator": gettext(
                        "Choose is at least, is at most, is between or is one "
                        "of to count within days."
                    )
                }
            )
        (test,) = cond.values()
        return {self.signal: {**test, "within_days": self.within_days}}

    def summary(self) -> str:
        days = (
            gettext(" within %(days)d days") % {"days": self.within_days}
            if self.within_days is not None
            else ""
        )
        return super().summary() + days

    @classmethod
    def row_fields(cls, signal: str, test: Any) -> dict[str, Any]:
        within = test.get("within_days") if isinstance(test, dict) else None
        if isinstance(test, dict):
            test = {k: v for k, v in test.items() if k != "within_days"}
        return {**super().row_fields(signal, test), "within_days": within}


class LocalTimeRule(SignalTestFields, AbstractBaseRule):
    """When the visit happens, in the visitor's own time zone (the site's when unknown)."""

    icon = "time"
    signal = _signal_field(
        TIME,
        _("Hour (0-23), weekday (mon ... sun) or date (YYYY-MM-DD) in the visitor's time zone."),
    )
    panels = _PANELS

    class Meta:
        verbose_name = _("Time of visit (visitor's local time)")


class VisitorRule(SignalTestFields, AbstractBaseRule):
    """Who the visitor says they are: logged in, and what they told the site (zero-party data)."""

    icon = "user"
    signal = _signal_field(
        VISITOR, _("Login state, or the persona / interests the visitor declared.")
    )
    panels = _PANELS

    class Meta:
        verbose_name = _("Visitor identity and declared preferences")
