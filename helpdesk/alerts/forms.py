from django import forms
from django.utils.translation import gettext_lazy as _

from .queries import alert_types_for


class AlertPreferencesForm(forms.Form):
    """The alert types `user` gets (helpdesk's, and the modules' they may see)."""

    enabled = forms.MultipleChoiceField(
        label=_("Alert types I want to see"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Untick a type to hide it from your home screen and notices."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enabled"].choices = [
            (t.kind, t.label) for t in alert_types_for(user)
        ]
