"""Configurable forms: the fields an area adds to its casework forms (issue #22).

A `CustomField` is one extra field of one form (a module's cover, an actuació,
a demand, …, the person record's extended block: the keys registered in
`configuration.custom_fields.FORMS`), of one area, or shared by every area when
`area` is empty (superusers only). Its values live in the row's `extra` JSON
column under the field's `key`, which never changes: renaming changes the
labels only, so the values stay. A field is deactivated rather than deleted,
and its values stay readable in the History and the exports.

A `StandardFieldRule` says, for one area and form, whether an optional
standard field of that form is shown and whether it is required.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import PreviewableMixin

from .base import Versioned
from .organisation import Area


class CustomFieldType(models.TextChoices):
    TEXT = "text", _("Text")
    LONG_TEXT = "long_text", _("Long text")
    INTEGER = "integer", _("Whole number")
    DECIMAL = "decimal", _("Decimal number")
    DATE = "date", _("Date")
    BOOLEAN = "boolean", _("Yes/no")
    CHOICE = "choice", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    PERSON = "person", _("A person of the expedient")
    CATALOGUE = "catalogue", _("A catalogue entry")


# Types whose definition carries a list of choices.
CHOICE_TYPES = (CustomFieldType.CHOICE, CustomFieldType.MULTIPLE)

key_validator = RegexValidator(
    r"^[a-z][a-z0-9_]{0,39}$",
    _(
        "Use lowercase letters without accents, digits and underscores, starting "
        "with a letter (for example municipal_aid_reference)."
    ),
)


class CustomFieldQuerySet(models.QuerySet):
    def visible_to(self, user) -> models.QuerySet:
        """The shared definitions and the user's own area's (all: superusers)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        if user.area_id is None:
            return self.filter(area__isnull=True)
        return self.filter(Q(area__isnull=True) | Q(area_id=user.area_id))

    def for_form(self, *, area_id: int | None, form: str) -> models.QuerySet:
        """The definitions a form of `area_id` renders: shared and the area's."""
        area = Q(area__isnull=True)
        if area_id is not None:
            area |= Q(area_id=area_id)
        return self.filter(area, form=form)

    def in_force(self, on=None) -> models.QuerySet:
        """Active on `on` (today): started and not deactivated."""
        on = on or timezone.localdate()
        return self.filter(
            Q(deactivated_on__isnull=True) | Q(deactivated_on__gt=on),
            active_from__lte=on,
        )


class CustomField(PreviewableMixin, Versioned):
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="custom_fields",
        null=True,
        blank=True,
        help_text=_("Empty for a field every area's form shows (support desk only)."),
    )
    form = models.CharField(_("form"), max_length=40)
    key = models.CharField(
        _("key"),
        max_length=40,
        validators=[key_validator],
        help_text=_(
            "Where the values are kept; it cannot change once saved, so renaming "
            "the field keeps its values."
        ),
    )
    label_ca = models.CharField(_("label (Catalan)"), max_length=200)
    label_es = models.CharField(_("label (Spanish)"), max_length=200, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=200, blank=True)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    field_type = models.CharField(
        _("type"), max_length=20, choices=CustomFieldType.choices
    )
    required = models.BooleanField(_("required"), default=False)
    choices = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_("For one choice or several choices: [{code, label}, …]."),
    )
    catalogue = models.CharField(
        _("catalogue"),
        max_length=80,
        blank=True,
        help_text=_("For a catalogue entry: which catalogue (app_label.Model)."),
    )
    section = models.CharField(
        _("section"),
        max_length=40,
        blank=True,
        help_text=_("The part of the form it appears in; empty: at the end."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    active_from = models.DateField(_("active from"), default=timezone.localdate)
    deactivated_on = models.DateField(_("deactivated on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CustomFieldQuerySet.as_manager()

    class Meta:
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")
        ordering = ["form", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "form", "key"],
                condition=Q(area__isnull=False),
                name="customfield_area_form_key",
            ),
            models.UniqueConstraint(
                fields=["form", "key"],
                condition=Q(area__isnull=True),
                name="customfield_shared_form_key",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The label in the language of the screen, Catalan when it has none."""
        language = (get_language() or "ca")[:2]
        return getattr(self, f"label_{language}", "") or self.label_ca

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return self.active_from <= today and (
            self.deactivated_on is None or self.deactivated_on > today
        )

    # --- the live preview while editing (Wagtail's preview panel) ---------------
    preview_template = "configuration/custom_fields/preview.html"

    def get_preview_template(self, request, mode_name):
        return self.preview_template

    def get_preview_context(self, request, mode_name):
        from ..custom_fields import preview_sections

        context = super().get_preview_context(request, mode_name)
        from ..custom_fields import FORMS

        spec = FORMS.get(self.form)
        context["object_form_label"] = spec.label if spec else self.form
        context["sections"] = preview_sections(self, user=request.user)
        return context

    def make_preview_request(
        self, original_request=None, preview_mode=None, extra_request_attrs=None
    ):
        """The preview is an admin screen of the signed-in professional: it is
        rendered with their own request, not a stand-in visitor's."""
        response = self.serve_preview(original_request, preview_mode)
        return response.render() if hasattr(response, "render") else response

    def choice_label(self, code: str) -> str:
        for choice in self.choices or ():
            if str(choice.get("code")) == str(code):
                return str(choice.get("label") or code)
        return str(code)


class StandardFieldRule(models.Model):
    """Whether an optional standard field of a form is shown and required."""

    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.CASCADE,
        related_name="standard_field_rules",
    )
    form = models.CharField(_("form"), max_length=40)
    field_name = models.CharField(_("field"), max_length=60)
    shown = models.BooleanField(_("shown"), default=True)
    required = models.BooleanField(_("required"), default=False)

    area_lookup = "area"

    class Meta:
        verbose_name = _("standard field rule")
        verbose_name_plural = _("standard field rules")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "form", "field_name"],
                name="standardfieldrule_area_form_field",
            )
        ]

    def __str__(self) -> str:
        return f"{self.form}.{self.field_name}"
