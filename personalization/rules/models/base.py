"""What every Tailor rule row shares: an optional NOT, a position in its segment, and the rule of
thumb that Tailor, not wagtail-personalisation, evaluates it.

These are abstract mixins on plain `models.Model`, never on AbstractBaseRule: the segment editor
lists `AbstractBaseRule.__subclasses__()`, so only the concrete rule models may subclass it
directly (`class LocationRule(SignalTestFields, AbstractBaseRule)`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from personalization.engine.context import MAX_WINDOW_DAYS

from ..editor_values import (
    EQ,
    OPERATOR_CHOICES,
    OPERATOR_LABELS,
    format_value,
    leaf,
    operators_for,
    parse_value,
    split_leaf,
)


class RuleFields(models.Model):
    """Fields and behaviour common to every Tailor rule model."""

    negate = models.BooleanField(
        _("Exclude these visitors"),
        default=False,
        help_text=_("Tick to match the visitors who do NOT pass this rule."),
    )
    position = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text=_(
            "Order of the rule inside its segment (kept so that exported files stay stable)."
        ),
    )

    class Meta:
        abstract = True

    def leaf_condition(self) -> dict[str, Any]:
        """The rule as one site-format signal test, without the NOT."""
        raise NotImplementedError

    def as_condition(self) -> dict[str, Any]:
        """The rule as a site-format condition, NOT included."""
        test = self.leaf_condition()
        return {"not": test} if self.negate else test

    def clean(self) -> None:
        super().clean()
        self.leaf_condition()  # raises ValidationError with the field that is wrong

    def test_user(self, request=None, user=None) -> bool:
        """Always False: Tailor decides in its own engine (personalization/engine), from the
        compiled RuleSet; wagtail-personalisation's per-request path is not used by the API."""
        return False

    def summary(self) -> str:
        """The test in words, for the dashboard."""
        raise NotImplementedError

    def description(self) -> dict[str, Any]:
        """Title and value for wagtail-personalisation's segment dashboard."""
        title = str(self._meta.verbose_name).capitalize()
        return {
            "title": gettext("%(title)s (excluded)") % {"title": title} if self.negate else title,
            "value": self.summary(),
        }


class SignalTestFields(RuleFields):
    """A signal compared with a value: `signal` (declared by each model with its own choices),
    an operator and the value as the marketer types it."""

    # Declared by each concrete model (a CharField with its own choices, hence the display).
    signal: str
    get_signal_display: Callable[[], str]

    operator = models.CharField(
        max_length=10,
        choices=OPERATOR_CHOICES,
        default=EQ,
        help_text=_(
            "How to compare. Numbers and dates accept is at least / at most / between; "
            "text accepts contains."
        ),
    )
    value = models.CharField(
        max_length=500,
        help_text=_(
            "Separate several values with commas (for is one of, is none of and between: "
            "e.g. SE, NO, DK or 9, 17). Text comparisons ignore upper/lower case."
        ),
    )

    class Meta:
        abstract = True

    def typed_value(self) -> Any:
        try:
            return parse_value(self.signal, self.operator, self.value)
        except ValidationError as exc:
            field = "operator" if self.operator not in operators_for(self.signal) else "value"
            raise ValidationError({field: exc.messages}) from None

    def leaf_condition(self) -> dict[str, Any]:
        return leaf(self.signal, self.operator, self.typed_value())

    def summary(self) -> str:
        return f"{self.get_signal_display()} {OPERATOR_LABELS.get(self.operator, self.operator)} {self.value}"

    @classmethod
    def row_fields(cls, signal: str, test: Any) -> dict[str, Any]:
        """Field values that store the site-format TEST of `signal`."""
        operator, value = split_leaf(signal, test)
        return {"signal": signal, "operator": operator, "value": format_value(operator, value)}


def within_days_field(help_text: Any) -> models.PositiveIntegerField:
    """ "Within the last (days)" of the rules that count over a window (visits, visited pages):
    empty is all time, at most the engine's MAX_WINDOW_DAYS."""
    return models.PositiveIntegerField(
        _("Within the last (days)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_WINDOW_DAYS)],
        help_text=help_text,
    )
