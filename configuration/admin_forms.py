"""Admin forms of the configuration app (style.md G20)."""

from django import forms
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.users.forms import UserCreationForm, UserEditForm

from .models import Area, Team

PROFESSIONAL_FIELDS = ("identity_document", "phone", "teams", "calendar_colour")


class LoginForm(WagtailLoginForm):
    """Wagtail's sign-in form with a translated password label.

    Wagtail 8.0 leaves the label unset, so Django shows the untranslated field
    name ("Password") on an otherwise Catalan page.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")


class ProfessionalFormMixin:
    """Narrow teams and roles to what the acting user may give; hide superuser powers.

    Deregistering goes through its own action (which checks what the professional
    still holds), so `is_active` is not editable here.
    """

    def __init__(self, *args, acting_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .services import assignable_roles

        self.fields.pop("is_active", None)
        if not acting_user.is_superuser:
            self.fields.pop("is_superuser", None)
            self.fields.pop("area", None)
        self.fields["teams"].queryset = Team.objects.visible_to(acting_user).filter(
            is_active=True
        )
        self.fields["teams"].widget = forms.CheckboxSelectMultiple()
        names = [role.name for role in assignable_roles(acting_user)]
        self.fields["groups"].queryset = Group.objects.filter(name__in=names)
        self.fields["groups"].label = _("Roles")
        self.fields["calendar_colour"].widget = forms.TextInput(attrs={"type": "color"})


class ProfessionalCreationForm(ProfessionalFormMixin, UserCreationForm):
    area = forms.ModelChoiceField(
        queryset=Area.objects.all(), required=False, label=_("Area")
    )

    class Meta(UserCreationForm.Meta):
        fields = {*UserCreationForm.Meta.fields, *PROFESSIONAL_FIELDS, "area"}


class ProfessionalEditForm(ProfessionalFormMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = {*UserEditForm.Meta.fields, *PROFESSIONAL_FIELDS}
