"""StreamField blocks of the course units and the quiz question bank."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("tip", _("Tip")), ("warning", _("Take care")), ("rule", _("Rule"))],
        default="tip",
        label=_("kind"),
    )
    text = blocks.RichTextBlock(features=["bold", "italic", "link"], label=_("text"))

    class Meta:
        icon = "help"
        label = _("Callout")
        template = "learning/blocks/callout.html"


def admin_menu_paths(request) -> set[str]:
    """The admin paths the menus offer `request.user`: the home page, their
    account, and every main and Help menu destination shown to them."""
    from wagtail.admin.menu import admin_menu, help_menu

    paths = {reverse("wagtailadmin_home"), reverse("wagtailadmin_account")}
    pending = [*admin_menu.menu_items_for_request(request)]
    pending += help_menu.menu_items_for_request(request)
    while pending:
        item = pending.pop()
        submenu = getattr(item, "menu", None)
        if submenu is not None:
            pending += submenu.menu_items_for_request(request)
        elif getattr(item, "url", ""):
            paths.add(urlsplit(str(item.url)).path)
    return paths


class TryItBlock(blocks.StructBlock):
    """A link that opens the matching admin screen for a signed-in professional.

    Only those the admin menus lead to that screen get the link: anybody else (a
    trainee, a front-desk profile, a visitor) reads what the screen is for
    instead of landing on a refusal.
    """

    label = blocks.CharBlock(label=_("button text"))
    admin_path = blocks.RegexBlock(
        regex=r"^/admin/[\w\-/]*$",
        error_messages={"invalid": _("Write an admin path such as /admin/users/.")},
        label=_("admin path"),
        help_text=_(
            "The Llar screen to open, e.g. /admin/users/: one the admin menu leads "
            "to, so that the link shows only to those who may open it."
        ),
    )
    purpose = blocks.TextBlock(
        required=False,
        label=_("what the screen is for"),
        help_text=_("Shown instead of the link to those who may not open the screen."),
    )

    class Meta:
        icon = "link-external"
        label = _("Try it in Llar")
        template = "learning/blocks/try_it.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        request = (parent_context or {}).get("request")
        user = getattr(request, "user", None)
        context["opens"] = bool(
            user
            and user.is_authenticated
            and value["admin_path"] in admin_menu_paths(request)
        )
        return context


UNIT_BLOCKS = [
    ("text", blocks.RichTextBlock(label=_("Text"))),
    ("callout", CalloutBlock()),
    ("image", ImageBlock(label=_("Image"))),
    ("try_it", TryItBlock()),
]


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("answer"))
    correct = blocks.BooleanBlock(required=False, label=_("correct"))


class QuestionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=_("question"))
    multiple = blocks.BooleanBlock(
        required=False,
        label=_("several correct answers"),
        help_text=_("Off: exactly one answer is correct."),
    )
    choices = blocks.ListBlock(ChoiceBlock(), min_num=2, label=_("answers"))
    explanation = blocks.TextBlock(
        label=_("explanation"), help_text=_("Shown after the attempt is graded.")
    )

    class Meta:
        icon = "help"
        label = _("Question")

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for choice in value["choices"] if choice["correct"])
        if correct == 0 or (not value["multiple"] and correct != 1):
            message = (
                _("Mark at least one correct answer.")
                if value["multiple"]
                else _("Mark exactly one correct answer.")
            )
            raise StructBlockValidationError(
                block_errors={"choices": ValidationError(message)}
            )
        return value
