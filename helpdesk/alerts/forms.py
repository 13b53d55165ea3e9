from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import AlertKind


class AlertPreferencesForm(forms.Form):
    enabled = forms.MultipleChoiceField(
        label=_("Alert types I want to see"),
        choices=AlertKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Untick a type to hide it from your home screen and notices."),
    )
