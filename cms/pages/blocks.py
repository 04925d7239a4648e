"""StreamField blocks of the content page. `personalized` holds alternatives per persona, stage
or segment plus a default; the decision engine picks one on delivery."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from personalization.page_editing.targets import slug_choices


def persona_choices():
    return slug_choices("persona")


def stage_choices():
    return slug_choices("stage")


def segment_choices():
    return slug_choices("segment")


class CTABlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=120)
    url = blocks.CharBlock(
        max_length=500, help_text=_("A path such as /test-drive/ or a full URL.")
    )

    class Meta:
        icon = "link"
        label = _("Call to action")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt = blocks.CharBlock(
        max_length=250, help_text=_("Describe the image for people who cannot see it.")
    )

    class Meta:
        icon = "image"


class BaseContentBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(max_length=200, icon="title")
    paragraph = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul", "h3"])
    cta = CTABlock()
    image = ImageBlock()


class PersonalizedAlternativeBlock(blocks.StructBlock):
    persona = blocks.ChoiceBlock(choices=persona_choices, required=False)
    stage = blocks.ChoiceBlock(choices=stage_choices, required=False)
    segment = blocks.ChoiceBlock(choices=segment_choices, required=False)
    weight = blocks.IntegerBlock(
        required=False,
        min_value=1,
        help_text=_("Alternatives with the same target split traffic by weight."),
    )
    go_live_at = blocks.DateTimeBlock(
        required=False, label=_("Go live at"), help_text=_("Shown only from this time on.")
    )
    expire_at = blocks.DateTimeBlock(
        required=False, label=_("Expire at"), help_text=_("Never shown from this time on.")
    )
    blocks = BaseContentBlock()

    def clean(self, value):
        result = super().clean(value)
        start, end = result.get("go_live_at"), result.get("expire_at")
        if start and end and end <= start:
            raise StructBlockValidationError(
                block_errors={
                    "expire_at": ValidationError(
                        gettext("Expire at must be later than go live at.")
                    )
                }
            )
        return result

    class Meta:
        icon = "user"
        label = _("Alternative")


class PersonalizedBlock(blocks.StructBlock):
    variants = blocks.ListBlock(PersonalizedAlternativeBlock())
    default = BaseContentBlock(required=False, help_text=_("Shown when no alternative applies."))

    class Meta:
        icon = "group"
        label = _("Personalized")


class BodyBlock(BaseContentBlock):
    personalized = PersonalizedBlock()
