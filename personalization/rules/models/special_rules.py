"""Rule models whose test is more than one value: a query parameter, visited pages, events, and
references to another segment, to the visitor's persona or to their journey stage."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail_personalisation.rules import AbstractBaseRule

from personalization.engine.context import MAX_WINDOW_DAYS
from personalization.models import SLUG_VALIDATOR

from ..catalogue import EQ, IN, NOT_IN, OPERATOR_LABELS, format_value, split_leaf, split_list
from .base import RuleFields

_MIN_HELP = "Leave empty for at least once."


class QueryParamRule(RuleFields, AbstractBaseRule):
    """A query parameter of the landing URL, e.g. ?ref=partner."""

    icon = "link-external"
    name = models.CharField("Parameter name", max_length=100, help_text="e.g. ref")
    equals = models.CharField(
        "Value", max_length=200, blank=True,
        help_text="Leave empty to match any visit whose landing URL has the parameter at all.",
    )
    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("equals")]), FieldPanel("negate")]

    class Meta:
        verbose_name = "Query parameter"

    def leaf_condition(self) -> dict[str, Any]:
        if not self.name.strip():
            raise ValidationError({"name": "Enter the parameter name."})
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
    target = models.CharField("Visited", max_length=10, choices=[(PATH, "the page at path"),
                                                                  (TAG, "pages tagged")], default=PATH)
    value = models.CharField("Path or tag", max_length=255, help_text="e.g. /pricing/ or api")
    min = models.PositiveIntegerField("At least (times)", null=True, blank=True, help_text=_MIN_HELP)
    within_days = models.PositiveIntegerField(
        "Within the last (days)", null=True, blank=True, validators=[MaxValueValidator(MAX_WINDOW_DAYS)],
        help_text="Count today (UTC) and this many days before; 0 is today only. Leave empty for any time.",
    )
    panels = [FieldRowPanel([FieldPanel("target"), FieldPanel("value"), FieldPanel("min"), FieldPanel("within_days")]),
              FieldPanel("negate")]

    class Meta:
        verbose_name = "Visited pages"

    def leaf_condition(self) -> dict[str, Any]:
        if not self.value.strip():
            raise ValidationError({"value": "Enter a page path such as /pricing/ or a tag."})
        test: dict[str, Any] = {self.target: self.value.strip()}
        if self.min is not None:
            test["min"] = self.min
        if self.within_days is not None:
            if self.within_days > MAX_WINDOW_DAYS:
                raise ValidationError({"within_days": f"At most {MAX_WINDOW_DAYS} days."})
            test["within_days"] = self.within_days
        return {"visited": test}

    def summary(self) -> str:
        times = f", at least {self.min} times" if self.min is not None else ""
        days = f" within {self.within_days} days" if self.within_days is not None else ""
        return f"{self.get_target_display()} {self.value}{times}{days}"

    @classmethod
    def row_fields(cls, signal: str, test: dict[str, Any]) -> dict[str, Any]:
        target = cls.PATH if "path" in test else cls.TAG
        return {"target": target, "value": str(test[target]), "min": test.get("min"),
                "within_days": test.get("within_days")}


class EventRule(RuleFields, AbstractBaseRule):
    """Events the site recorded for the visitor (trial started, form sent, ...)."""

    icon = "pick"
    event_type = models.CharField("Event type", max_length=100, help_text="e.g. trial_started")
    min = models.PositiveIntegerField("At least (times)", null=True, blank=True, help_text=_MIN_HELP)
    within_days = models.PositiveIntegerField(
        "Within the last (days)", null=True, blank=True, help_text="Leave empty for any time.",
    )
    panels = [FieldRowPanel([FieldPanel("event_type"), FieldPanel("min"), FieldPanel("within_days")]),
              FieldPanel("negate")]

    class Meta:
        verbose_name = "Events"

    def leaf_condition(self) -> dict[str, Any]:
        if not self.event_type.strip():
            raise ValidationError({"event_type": "Enter the event type, e.g. trial_started."})
        test: dict[str, Any] = {"type": self.event_type.strip()}
        if self.min is not None:
            test["min"] = self.min
        if self.within_days is not None:
            test["within_days"] = self.within_days
        return {"event": test}

    def summary(self) -> str:
        times = f" at least {self.min} times" if self.min is not None else ""
        days = f" within {self.within_days} days" if self.within_days is not None else ""
        return f"{self.event_type}{times}{days}"

    @classmethod
    def row_fields(cls, signal: str, test: dict[str, Any]) -> dict[str, Any]:
        return {"event_type": str(test["type"]), "min": test.get("min"), "within_days": test.get("within_days")}


class ReferenceRule(RuleFields, AbstractBaseRule):
    """Another segment, or the visitor's persona or journey stage, by slug. Nested all/any/not
    groups of a loaded file are stored as owned segments referenced through this rule."""

    SEGMENT, PERSONA, STAGE = "segment", "persona", "stage"
    icon = "group"
    kind = models.CharField("Visitor's", max_length=10, default=SEGMENT, choices=[
        (SEGMENT, "segment"), (PERSONA, "persona"), (STAGE, "journey stage")])
    operator = models.CharField(max_length=10, default=EQ, choices=[
        (EQ, OPERATOR_LABELS[EQ]), (IN, OPERATOR_LABELS[IN]), (NOT_IN, OPERATOR_LABELS[NOT_IN])])
    value = models.CharField(
        "Slug(s)", max_length=500,
        help_text="The slug of the segment, persona or stage, e.g. nordics; several separated "
                  "by commas for is one of / is none of.",
    )
    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("operator")]), FieldPanel("value"), FieldPanel("negate")]

    class Meta:
        verbose_name = "Segment, persona or stage"

    def slugs(self) -> list[str]:
        return [item.lower() for item in split_list(self.value)]

    def leaf_condition(self) -> dict[str, Any]:
        slugs = self.slugs()
        if not slugs:
            raise ValidationError({"value": "Enter a slug, e.g. nordics."})
        for slug in slugs:
            try:
                SLUG_VALIDATOR(slug)
            except ValidationError:
                raise ValidationError({"value": f"{slug!r} is not a slug: use lower-case letters, "
                                                f"digits and hyphens."}) from None
        if self.operator == EQ:
            if len(slugs) != 1:
                raise ValidationError({"operator": "Choose is one of to list several slugs."})
            return {self.kind: slugs[0]}
        return {self.kind: {self.operator: slugs}}

    def summary(self) -> str:
        return f"{self.get_kind_display()} {OPERATOR_LABELS.get(self.operator, self.operator)} {self.value}"

    @classmethod
    def row_fields(cls, signal: str, test: Any) -> dict[str, Any]:
        operator, value = split_leaf(signal, test)
        return {"kind": signal, "operator": operator, "value": format_value(operator, value)}
