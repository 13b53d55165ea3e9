"""Admin forms of the configuration app (style.md G20)."""

from django import forms
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.users.forms import UserCreationForm, UserEditForm

from .models import Area, Team, User
from .scope import ScopedAdminForm

PROFESSIONAL_FIELDS = (
    "identity_document",
    "phone",
    "teams",
    "calendar_colour",
    "funding_category",
)


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
        teams = self.fields["teams"]
        # The widget first: setting the queryset hands its choices to the
        # widget in place, so a widget set afterwards would render no team.
        teams.widget = forms.CheckboxSelectMultiple()
        teams.queryset = self.team_choices(acting_user)
        names = [role.name for role in assignable_roles(acting_user)]
        self.fields["groups"].queryset = Group.objects.filter(name__in=names)
        self.fields["groups"].label = _("Roles")
        self.fields["calendar_colour"].widget = forms.TextInput(attrs={"type": "color"})

    def team_choices(self, acting_user):
        """The area's active teams, and any inactive team the professional is
        still in (so saving the form never drops it without a word)."""
        visible = Team.objects.visible_to(acting_user)
        current = (
            Q(pk__in=self.instance.teams.values("pk")) if self.instance.pk else Q()
        )
        return visible.filter(Q(is_active=True) | current)


class ProfessionalCreationForm(ProfessionalFormMixin, UserCreationForm):
    area = forms.ModelChoiceField(
        queryset=Area.objects.all(), required=False, label=_("Area")
    )

    class Meta(UserCreationForm.Meta):
        fields = {*UserCreationForm.Meta.fields, *PROFESSIONAL_FIELDS, "area"}


class ProfessionalEditForm(ProfessionalFormMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = {*UserEditForm.Meta.fields, *PROFESSIONAL_FIELDS}


class TeamForm(ScopedAdminForm):
    """A team with its members: the area's active professionals, ticked.

    Members are saved by `services.team_save`, which refuses to leave an active
    professional without any team.
    """

    members = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("Members"),
        widget=forms.CheckboxSelectMultiple(),
        help_text=_(
            "Every active professional belongs to at least one team: someone "
            "whose only team this is cannot be taken out of it here."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        members = self.fields["members"]
        current = (
            self.instance.members.all() if self.instance.pk else User.objects.none()
        )
        area_id = self.instance.area_id or getattr(self.for_user, "area_id", None)
        members.queryset = (
            User.objects.visible_to(self.for_user)
            .filter(area_id=area_id)
            .filter(Q(is_active=True) | Q(pk__in=current.values("pk")))
        )
        if self.instance.pk and not self.is_bound:
            members.initial = list(current.values_list("pk", flat=True))
