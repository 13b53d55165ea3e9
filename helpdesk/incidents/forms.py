"""Forms of the incident screens: the new incident (its category fields built
from `categories.SCHEMAS`) and the thread's actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from configuration.uploads import validate_record_upload

from ..enums import IncidentCategory
from .categories import EMAIL, FLAG, LONG_TEXT, MAX_LENGTH, SCHEMAS, DetailField
from .notify import support_agents

REQUIRED = _("This field is required.")


def attachment_field() -> forms.FileField:
    return forms.FileField(
        label=_("Attachment"),
        required=False,
        validators=[validate_record_upload],
        help_text=_("A PDF, JPEG or PNG file (a screenshot, a document)."),
    )


def detail_form_field(spec: DetailField) -> forms.Field:
    """The form field of one category detail; required-ness is checked in
    `IncidentForm.clean` since only the chosen category's fields count."""
    common = {"label": spec.label, "required": False, "help_text": spec.help_text}
    if spec.kind == FLAG:
        return forms.BooleanField(**common)
    if spec.kind == EMAIL:
        return forms.EmailField(max_length=MAX_LENGTH[EMAIL], **common)
    widget = forms.Textarea(attrs={"rows": 3}) if spec.kind == LONG_TEXT else None
    return forms.CharField(max_length=MAX_LENGTH[spec.kind], widget=widget, **common)


def detail_name(category: str, spec: DetailField) -> str:
    return f"{category}__{spec.name}"


class IncidentForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", "---------"), *IncidentCategory.choices]
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "As much detail as you can: what you were doing, the expedient "
            "number, the dates. Personal data only if support needs it."
        ),
    )
    screen = forms.CharField(widget=forms.HiddenInput, required=False)
    attachment = attachment_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for category, specs in SCHEMAS.items():
            for spec in specs:
                self.fields[detail_name(category, spec)] = detail_form_field(spec)

    def category_fieldsets(self) -> list[tuple[str, str, list]]:
        """(category, label, bound fields) for each category that asks for some."""
        return [
            (
                category,
                IncidentCategory(category).label,
                [self[detail_name(category, spec)] for spec in specs],
            )
            for category, specs in SCHEMAS.items()
            if specs
        ]

    def clean(self):
        cleaned = super().clean()
        specs = SCHEMAS.get(cleaned.get("category"), ())
        details = {}
        for spec in specs:
            name = detail_name(cleaned["category"], spec)
            value = cleaned.get(name)
            if spec.required and not value and name not in self.errors:
                self.add_error(name, REQUIRED)
            details[spec.name] = value if spec.kind == FLAG else (value or "").strip()
        cleaned["details"] = details
        return cleaned


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    attachment = attachment_field()


class StepForm(forms.Form):
    """Resolve or close, with an optional word."""

    text = forms.CharField(
        label=_("Message (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=None,
        required=False,
        empty_label=_("Nobody"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = support_agents().order_by(
            "first_name", "last_name"
        )
