"""Rule models whose test is more than one value: a query parameter, visited pages, events, and
references to another segment, to the visitor's persona or to their journey stage."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail_personalisation.rules import AbstractBaseRule

from personalization.engine.context import MAX_WINDOW_DAYS
from personalization.engine.traits import NUMBER, check_declared
from personalization.models import SLUG_VALIDATOR, Trait

from ..editor_values import EQ, IN, NOT_IN, OPERATOR_LABELS, format_value, split_leaf, split_list
from .base import RuleFields, within_days_field

_MIN_HELP = _("Leave empty for at least once.")


class QueryParamRule(RuleFields, AbstractBaseRule):
    """A query parameter of the landing URL, e.g. ?ref=partner."""

    icon = "link-external"
    name = models.CharField(_("Parameter name"), max_length=100, help_text=_("e.g. ref"))
    equals = models.CharField(
        _("Value"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to match any visit whose landing URL has the parameter at all."),
    )
    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("equals")]), FieldPanel("negate")]

    class Meta:
        verbose_name = _("Query parameter")

    def leaf_condition(self) -> dict[str, Any]:
        if not self.name.strip():
            raise ValidationError({"name": gettext("Enter the parameter name.")})
        test = {"name": self.name.strip()}
        if self.equals != "":
            test["equals"] = self.equals
        return {"query_param": test}

    def summary(self) -> str:
        return f"?{self.name}={self.equals}" if self.equals else f"?{self.name} present"

    @classmethod
    def row_fields(cls, signal: str, test: dict[str, Any]) -> dict[str, Any]:
        equals = test.get("equals")
        return {"name": str(test["name"]), "equals": "" if equals is None else str(equals)}


class VisitedRule(RuleFields, AbstractBaseRule):
    """Pages the visitor has viewed before: one path, or any page carrying a tag."""

    PATH, TAG = "path", "tag"
    icon = "doc-full"
    target = models.CharField(
        _("Visited"),
        max_length=10,
        choices=[(PATH, _("the page at path")), (TAG, _("pages tagged"))],
        default=PATH,
    )
    value = models.CharField(_("Path or tag"), max_length=255, help_text=_("e.g. /pricing/ or api"))
    min = models.PositiveIntegerField(
        _("At least (times)"), null=True, blank=True, help_text=_MIN_HELP
    )
    within_days = within_days_field(
        _("Count today (UTC) and this many days before; 0 is today only. Leave empty for any time.")
    )
    panels = [
        FieldRowPanel(
            [
                FieldPanel("target"),
                FieldPanel("value"),
                FieldPanel("min"),
                FieldPanel("within_days"),
            ]
        ),
        FieldPanel("negate"),
    ]

    class Meta:
        verbose_name = _("Visited pages")

    def leaf_condition(self) -> dict[str, Any]:
        if not self.value.strip():
            raise ValidationError(
                {"value": gettext("Enter a page path such as /pricing/ or a tag.")}
            )
        test: dict[str, Any] = {self.target: self.value.strip()}
        if self.min is not None:
            test["min"] = self.min
        if self.within_days is not None:
            if self.within_days > MAX_WINDOW_DAYS:
                raise ValidationError(
                    {"within_days": gettext("At most %(days)d days.") % {"days": MAX_WINDOW_DAYS}}
                )
            test["within_days"] = self.within_days
        return {"visited": test}

    def summary(self) -> str:
        times = f", at least {self.min} times" if self.min is not None else ""
        days = f" within {self.within_days} days" if self.within_days is not None else ""
        return f"{self.get_target_display()} {self.value}{times}{days}"

    @classmethod
    def row_fields(cls, signal: str, test: dict[str, Any]) -> dict[str, Any]:
        target = cls.PATH if "path" in test else cls.TAG
        return {
            "target": target,
            "value": str(test[target]),
            "min": test.get("min"),
            "within_days": test.get("within_days"),
        }


class EventRule(RuleFields, AbstractBaseRule):
    """Events the site recorded for the visitor (trial started, form sent, purchase ...), counted,
    or added up over a numeric property; optionally only those whose properties match."""

    icon = "pick"
    event_type = models.CharField(
        _("Event type"), max_length=100, help_text=_("e.g. trial_started")
    )
    min = models.PositiveIntegerField(
        _("At least (times)"), null=True, blank=True, help_text=_MIN_HELP
    )
    within_days = models.PositiveIntegerField(
        _("Within the last (days)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for any time."),
    )
    where = models.JSONField(
        _("Only events whose properties are"),
        default=dict,
        blank=True,
        help_text=_(
            'e.g. {"category": "suv"}: every listed property must equal the value (text ignores case).'
        ),
    )
    sum_of = models.CharField(
        _("Add up"),
        max_length=100,
        blank=True,
        help_text=_(
            "Instead of counting: the numeric property to add up (value is the event's value)."
        ),
    )
    sum_gte = models.FloatField(_("Total at least"), null=True, blank=True)
    sum_lte = models.FloatField(_("Total at most"), null=True, blank=True)
    panels = [
        FieldRowPanel([FieldPanel("event_type"), FieldPanel("min"), FieldPanel("within_days")]),
        FieldPanel("where"),
        FieldRowPanel([FieldPanel("sum_of"), FieldPanel("sum_gte"), FieldPanel("sum_lte")]),
        FieldPanel("negate"),
    ]

    class Meta:
        verbose_name = _("Events")

    def leaf_condition(self) -> dict[str, Any]:
        if not self.event_type.strip():
            raise ValidationError(
                {"event_type": gettext("Enter the event type, e.g. trial_started.")}
            )
        test: dict[str, Any] = {"type": self.event_type.strip()}
        if self.sum_of.strip():
            if self.min is not None:
                raise ValidationError(
                    {
                        "min": gettext(
                            "Either count events (at least) or add up a property, not both."
                        )
                    }
                )
            if self.sum_gte is None and self.sum_lte is None:
                raise ValidationError(
                    {"sum_gte": gettext("Enter the total the sum must reach (or stay under).")}
                )
            test["sum"] = self.sum_of.strip()
            for key, bound in (("gte", self.sum_gte), ("lte", self.sum_lte)):
                if bound is not None:
                    test[key] = int(bound) if float(bound).is_integer() else bound
        elif self.min is not None:
            test["min"] = self.min
        if self.within_days is not None:
            test["within_days"] = self.within_days
        if self.where:
            if not isinstance(self.where, dict) or any(
                isinstance(v, (dict, list)) or v is None for v in self.where.values()
            ):
                raise ValidationError(
                    {
                        "where": gettext(
                            'Enter a JSON object of property to value, e.g. {"category": "suv"}.'
                        )
                    }
                )
            test["where"] = dict(self.where)
        return {"event": test}

    def summary(self) -> str:
        what = f"sum of {self.sum_of}" if self.sum_of else ""
        times = f" at least {self.min} times" if self.min is not None else ""
        bounds = "".join(
            f" {w} {b:g}" for w, b in (("≥", self.sum_gte), ("≤", self.sum_lte)) if b is not None
        )
        where = "".join(f", {k} = {v}" for k, v in (self.where or {}).items())
        days = f" within {self.within_days} days" if self.within_days is not None else ""
        return f"{what + ' of ' if what else ''}{self.event_type}{where}{times}{bounds}{days}"

    @classmethod
    def row_fields(cls, signal: str, test: dict[str, Any]) -> dict[str, Any]:
        return {
            "event_type": str(test["type"]),
            "min": test.get("min"),
            "within_days": test.get("within_days"),
            "where": dict(test.get("where") or {}),
            "sum_of": str(test.get("sum") or ""),
            "sum_gte": test.get("gte"),
            "sum_lte": test.get("lte"),
        }


class TraitRule(RuleFields, AbstractBaseRule):
    """A declared trait of the visitor or of their user key (Personalization > Traits)."""

    OPERATORS = [
        ("equals", _("is")),
        (IN, _("is one of")),
        (NOT_IN, _("is none of")),
        ("contains", _("contains")),
        ("gte", _("is at least")),
        ("lte", _("is at most")),
        ("between", _("is between (both ends included)")),
    ]
    icon = "user"
    trait = models.CharField(
        _("Trait"), max_length=64, help_text=_("The trait's name, e.g. plan or lifetime_value.")
    )
    operator = models.CharField(max_length=10, choices=OPERATORS, default="equals")
    value = models.CharField(
        max_length=500,
        help_text=_(
            "Separate several values with commas (is one of, is none of, between: e.g. pro, team "
            "or 100, 500). Dates as YYYY-MM-DD; true / false for yes-no traits."
        ),
    )
    kind = models.CharField(
        max_length=10,
        default="text",
        editable=False,
        help_text=_("The trait's type when the rule was saved: how the value is read."),
    )
    panels = [
        FieldRowPanel([FieldPanel("trait"), FieldPanel("operator")]),
        FieldPanel("value"),
        FieldPanel("negate"),
    ]

    class Meta:
        verbose_name = _("Trait")

    def clean(self) -> None:
        declared = (
            Trait.objects.filter(name=self.trait.strip()).values_list("type", flat=True).first()
        )
        if declared is None:
            names = ", ".join(Trait.objects.values_list("name", flat=True)) or gettext("none yet")
            raise ValidationError(
                {
                    "trait": gettext(
                        "Choose a declared trait (Personalization > Traits): %(names)s."
                    )
                    % {"names": names}
                }
            )
        self.trait, self.kind = self.trait.strip(), declared
        super().clean()
        errors = check_declared(self.leaf_condition(), {self.trait: declared})
        if errors:
            raise ValidationError(
                {"operator" if "operator" in errors[0] else "value": errors[0].split(": ", 1)[-1]}
            )

    def leaf_condition(self) -> dict[str, Any]:
        if not self.trait.strip():
            raise ValidationError({"trait": gettext("Enter the trait's name.")})
        items = (
            split_list(self.value)
            if self.operator in (IN, NOT_IN, "between")
            else [self.value.strip()]
        )
        if not items or not all(items):
            raise ValidationError({"value": gettext("Enter a value.")})
        try:
            values = [_typed(self.kind, item) for item in items]
        except ValueError:
            raise ValidationError(
                {
                    "value": gettext("Enter numbers.")
                    if self.kind == NUMBER
                    else gettext("Enter true or false.")
                }
            ) from None
        single = self.operator not in (IN, NOT_IN, "between")
        return {
            "trait": {"name": self.trait.strip(), self.operator: values[0] if single else values}
        }

    def summary(self) -> str:
        return f"{self.trait} {self.get_operator_display()} {self.value}"

    @classmethod
    def row_fields(cls, signal: str, test: dict[str, Any]) -> dict[str, Any]:
        operator = next(key for key in test if key != "name")
        value = test[operator]
        values = value if isinstance(value, list) else [value]
        return {
            "trait": test["name"],
            "operator": operator,
            "kind": _kind_of(values),
            "value": format_value(IN if isinstance(value, list) else EQ, value),
        }


def _typed(kind: str, text: str) -> Any:
    if kind == "number":
        number = float(text)
        return int(number) if number.is_integer() and "." not in text else number
    if kind == "boolean":
        if text.lower() not in ("true", "false"):
            raise ValueError(text)
        return text.lower() == "true"
    return text


def _kind_of(values: list) -> str:
    if all(isinstance(v, bool) for v in values):
        return "boolean"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "number"
    return "text"


class ReferenceRule(RuleFields, AbstractBaseRule):
    """Another segment, or the visitor's persona or journey stage, by slug. Nested all/any/not
    groups of a loaded file are stored as owned segments referenced through this rule."""

    SEGMENT, PERSONA, STAGE = "segment", "persona", "stage"
    icon = "group"
    kind = models.CharField(
        _("Visitor's"),
        max_length=10,
        default=SEGMENT,
        choices=[(SEGMENT, _("segment")), (PERSONA, _("persona")), (STAGE, _("journey stage"))],
    )
    operator = models.CharField(
        max_length=10,
        default=EQ,
        choices=[
            (EQ, OPERATOR_LABELS[EQ]),
            (IN, OPERATOR_LABELS[IN]),
            (NOT_IN, OPERATOR_LABELS[NOT_IN]),
        ],
    )
    value = models.CharField(
        _("Slug(s)"),
        max_length=500,
        help_text=_(
            "The slug of the segment, persona or stage, e.g. nordics; several separated "
            "by commas for is one of / is none of."
        ),
    )
    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("operator")]),
        FieldPanel("value"),
        FieldPanel("negate"),
    ]

    class Meta:
        verbose_name = _("Segment, persona or stage")

    def slugs(self) -> list[str]:
        return [item.lower() for item in split_list(self.value)]

    def leaf_condition(self) -> dict[str, Any]:
        slugs = self.slugs()
        if not slugs:
            raise ValidationError({"value": gettext("Enter a slug, e.g. nordics.")})
        for slug in slugs:
            try:
                SLUG_VALIDATOR(slug)
            except ValidationError:
                raise ValidationError(
                    {
                        "value": gettext(
                            "%(slug)r is not a slug: use lower-case letters, digits and hyphens."
                        )
                        % {"slug": slug}
                    }
                ) from None
        if self.operator == EQ:
            if len(slugs) != 1:
                raise ValidationError(
                    {"operator": gettext("Choose is one of to list several slugs.")}
                )
            return {self.kind: slugs[0]}
        return {self.kind: {self.operator: slugs}}

    def summary(self) -> str:
        return f"{self.get_kind_display()} {OPERATOR_LABELS.get(self.operator, self.operator)} {self.value}"

    @classmethod
    def row_fields(cls, signal: str, test: Any) -> dict[str, Any]:
        operator, value = split_leaf(signal, test)
        return {"kind": signal, "operator": operator, "value": format_value(operator, value)}
