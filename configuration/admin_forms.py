"""Admin forms of the configuration app (style.md G20)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    """Wagtail's sign-in form with a translated password label.

    Wagtail 8.0 leaves the label unset, so Django shows the untranslated field
    name ("Password") on an otherwise Catalan page.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
