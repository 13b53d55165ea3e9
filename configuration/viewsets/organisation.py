"""Admin screens of the organisation: professionals, teams, sectors, timetables.

Every screen is scoped to the acting user's area through the scope kit
(configuration/scope.py): another area's rows answer 404 everywhere.
"""

from django.contrib import messages
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.users.views import users as wagtail_users
from wagtail.users.views.bulk_actions.assign_role import AssignRoleBulkAction
from wagtail.users.views.bulk_actions.delete import DeleteBulkAction
from wagtail.users.views.bulk_actions.set_active_state import (
    SetActiveStateBulkAction,
)

from .. import services
from ..admin_forms import ProfessionalCreationForm, ProfessionalEditForm, TeamForm
from ..collation import CatalanOrder
from ..holdings import holdings_of, transfer_tool_url
from ..models import (
    Area,
    AreaSettings,
    LocalBody,
    Sector,
    Subsector,
    Team,
    User,
    WorkSchedule,
)
from ..scope import (
    ScopedBulkActionMixin,
    ScopedChooserMixin,
    ScopedListingMixin,
    ScopedModelViewSet,
    ScopedObjectMixin,
    _scoped,
    policy_for,
)
from ..wording import FEMININE, MASCULINE
from .mixins import ImportButtonMixin, ServiceSaveMixin

ACTIVE_COLUMN = BooleanColumn("is_active", label=_("Active"))


# Form adapters: the one place a validated form is unpacked into the plain
# services (style.md G9), each a `f(*, form, acting_user)` for ServiceSaveMixin.


def _given(form, name):
    """A many-to-many field's choice, or None when the form does not offer it."""
    return form.cleaned_data.get(name) if name in form.fields else None


@transaction.atomic
def professional_save_form(*, form, acting_user):
    professional = services.professional_save(
        professional=form.save(commit=False),
        acting_user=acting_user,
        groups=_given(form, "groups"),
        teams=_given(form, "teams"),
    )
    form.save_m2m()
    return professional


def area_save_form(*, form, acting_user):
    return services.area_save(area=form.save(commit=False), acting_user=acting_user)


@transaction.atomic
def team_save_form(*, form, acting_user):
    team = services.team_save(
        team=form.save(commit=False),
        acting_user=acting_user,
        sectors=form.cleaned_data.get("sectors") or (),
        members=_given(form, "members"),
    )
    form.save_m2m()
    return team


class ProfessionalFormKwargsMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "acting_user": self.request.user}


class ProfessionalIndexView(ScopedListingMixin, wagtail_users.IndexView):
    page_title = _("Professionals")
    list_select_related = ("wagtail_userprofile",)
    list_prefetch_related = ("groups", "teams")

    # Surname first, in the order Catalan readers expect ("Ávila" among the A's),
    # on both databases (the viewset's `ordering`); Wagtail's own "name"
    # ordering compares bytes.
    def order_queryset(self, queryset):
        if self.ordering in ("name", "-name"):
            keys = (CatalanOrder("last_name"), CatalanOrder("first_name"))
            descending = self.ordering == "-name"
            return queryset.order_by(
                *(key.desc() if descending else key.asc() for key in keys), "pk"
            )
        return super().order_queryset(queryset)

    @cached_property
    def columns(self):
        bulk, name, username, _level, active, last_login = super().columns
        return [
            bulk,
            name,
            username,
            Column("roles", accessor="role_names", label=_("Roles")),
            Column("teams", accessor="team_names", label=_("Teams")),
            active,
            last_login,
        ]


class ProfessionalCreateView(
    ProfessionalFormKwargsMixin, ServiceSaveMixin, wagtail_users.CreateView
):
    save_service = professional_save_form


class ProfessionalEditView(
    ProfessionalFormKwargsMixin,
    ServiceSaveMixin,
    ScopedObjectMixin,
    wagtail_users.EditView,
):
    save_service = professional_save_form
    row_action = "change"


class ProfessionalStatusView(ScopedObjectMixin, View):
    """POST-only: deregister or reactivate a professional through the service."""

    model = User
    pk_url_kwarg = "pk"
    service = None
    success_message = ""

    def post(self, request, pk):
        professional = self.get_object()  # scope first: 404 outside it
        if not policy_for(User).user_has_permission(request.user, "deregister"):
            raise PermissionDenied
        try:
            type(self).service(professional=professional, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, self.refusal(error, professional, request.user))
        else:
            messages.success(request, self.success_message % {"name": professional})
        return redirect("wagtailusers_users:edit", professional.pk)

    @staticmethod
    def refusal(error: ValidationError, professional: User, user: User) -> str:
        return " ".join(error.messages)


class DeregisterView(WagtailAdminTemplateMixin, ProfessionalStatusView):
    """GET: what deregistering means and what they still hold, to confirm;
    POST: deregister (as the coordinators' tools preview, then confirm)."""

    service = services.professional_deregister
    success_message = _("%(name)s is deregistered and can no longer sign in.")
    template_name = "configuration/professional_deregister.html"
    page_title = _("Deregister a professional")
    header_icon = "user"

    def get(self, request, pk):
        professional = self.get_object()  # scope first: 404 outside it
        if not policy_for(User).user_has_permission(request.user, "deregister"):
            raise PermissionDenied
        self.professional = professional
        held = holdings_of(professional)
        context = self.get_context_data(
            professional=professional,
            held=[f"{count} {label}" for label, count in held],
            transfer_url=transfer_tool_url(professional, request.user) if held else "",
            edit_url=reverse("wagtailusers_users:edit", args=[professional.pk]),
            refused=self.refused_now(professional, request.user),
        )
        return TemplateResponse(request, self.template_name, context)

    def get_page_subtitle(self):
        return str(self.professional)

    @staticmethod
    def refused_now(professional: User, user: User) -> str:
        if professional == user:
            return _("You cannot deregister yourself.")
        if not professional.is_active:
            return _("This professional is already deregistered.")
        return ""

    @staticmethod
    def refusal(error: ValidationError, professional: User, user: User) -> str:
        """Point a refusal for what they still hold at the transfer tool."""
        text = " ".join(error.messages)
        url = transfer_tool_url(professional, user)
        if not (url and holdings_of(professional)):
            return text
        label = _("Open the transfer tool")
        return format_html('{} <a href="{}">{}</a>', text, url, label)


class ReactivateView(ProfessionalStatusView):
    service = services.professional_reactivate
    success_message = _("%(name)s is active again.")


class ProfessionalViewSet(wagtail_users.UserViewSet):
    """Wagtail's Users screen, scoped to the area and extended for professionals.

    Installed through LlarUsersAppConfig.user_viewset, so /admin/users/ is this.
    Nobody deletes professionals: they are deregistered and stay on records.
    """

    menu_label = _("Professionals")
    menu_order = 790
    add_to_settings_menu = False
    add_to_admin_menu = True
    ordering = "name"  # not Wagtail's username: ProfessionalIndexView.order_queryset
    index_view_class = ProfessionalIndexView
    add_view_class = ProfessionalCreateView
    edit_view_class = ProfessionalEditView
    delete_view_class = _scoped(
        wagtail_users.DeleteView, ScopedObjectMixin, row_action="delete"
    )
    history_view_class = _scoped(wagtail_users.HistoryView, ScopedObjectMixin)
    # Wagtail's usage view names the professional and what points at them, and
    # its copy view would carry another account's roles and teams: scoped, off.
    usage_view_class = _scoped(
        wagtail_users.UserViewSet.usage_view_class, ScopedObjectMixin
    )
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return ProfessionalEditForm if for_update else ProfessionalCreationForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<str:pk>/deregister/", DeregisterView.as_view(), name="deregister"),
            path("<str:pk>/reactivate/", ReactivateView.as_view(), name="reactivate"),
        ]


# Wagtail's user bulk actions load users by id with no scope; these replace them
# (registered with a later hook order) so another area's professionals answer 404.
# Deactivating in bulk would skip the holdings check, so that action is refused.
class ScopedAssignRoleBulkAction(ScopedBulkActionMixin, AssignRoleBulkAction):
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        names = [role.name for role in services.assignable_roles(self.request.user)]
        form.fields["role"].queryset = Group.objects.filter(name__in=names)
        return form


class ScopedDeleteBulkAction(ScopedBulkActionMixin, DeleteBulkAction):
    pass


class ScopedSetActiveStateBulkAction(ScopedBulkActionMixin, SetActiveStateBulkAction):
    def check_perm(self, obj):
        return self.request.user.is_superuser and super().check_perm(obj)


PROFESSIONAL_BULK_ACTIONS = (
    ScopedAssignRoleBulkAction,
    ScopedDeleteBulkAction,
    ScopedSetActiveStateBulkAction,
)


class TeamIndexNoteMixin:
    """Say who adds teams to whoever may arrange them but not add them.

    Administrators create the area's teams; coordinators arrange them: name,
    kind, sectors, members, active (domain.md §2.1, §2.2 and its interpretation
    of the roles article).
    """

    template_name = "configuration/team_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        policy = policy_for(Team)
        user = self.request.user
        if policy.user_has_permission(user, "change") and not (
            policy.user_has_permission(user, "add")
        ):
            context["who_adds_teams"] = _(
                "New teams are added by the area's administrator (Administrador/a). "
                "You arrange the existing ones: open a team to change its name, "
                "sectors and members, or to deactivate it."
            )
        return context


class TeamViewSet(ScopedModelViewSet):
    url_prefix = "configuration/teams"
    model = Team
    noun_gender = MASCULINE
    icon = "group"
    menu_label = _("Teams")
    base_form_class = TeamForm
    form_fields = ["name", "kind", "sectors", "members", "is_active"]
    list_display = [
        "name",
        "kind",
        Column("sector_names", label=_("Sectors")),
        Column("member_names", label=_("Members")),
        ACTIVE_COLUMN,
    ]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    # The import's own columns, so an export imports back (configuration/imports).
    list_export = ["name", "kind", "sector_codes", "is_active"]
    export_headings = {
        "name": "name",
        "kind": "kind",
        "sector_codes": "sectors",
        "is_active": "is_active",
    }
    index_view_class = _scoped(
        ScopedModelViewSet.index_view_class,
        ImportButtonMixin,
        TeamIndexNoteMixin,
        list_prefetch_related=("sectors__municipality", "members"),
    )
    add_view_class = _scoped(
        ScopedModelViewSet.add_view_class,
        ServiceSaveMixin,
        save_service=team_save_form,
    )
    edit_view_class = _scoped(
        ScopedModelViewSet.edit_view_class,
        ServiceSaveMixin,
        save_service=team_save_form,
    )


class SectorViewSet(ScopedModelViewSet):
    """Sectors: created only by the support desk (superusers); others read them."""

    url_prefix = "configuration/sectors"
    model = Sector
    noun_gender = MASCULINE
    icon = "site"
    menu_label = _("Sectors")
    form_fields = ["area", "municipality", "is_active"]
    list_display = ["municipality", "area", ACTIVE_COLUMN]
    list_filter = ["is_active"]
    search_fields = ["municipality__name"]
    list_export = ["municipality.code", "municipality.name", "area.name", "is_active"]
    index_view_class = _scoped(
        ScopedModelViewSet.index_view_class,
        list_select_related=("municipality", "area"),
    )


class SubsectorViewSet(ScopedModelViewSet):
    url_prefix = "configuration/subsectors"
    model = Subsector
    noun_gender = MASCULINE
    icon = "pick"
    menu_label = _("Subsectors")
    form_fields = ["sector", "name", "is_active", "reminder_text", "receipt_text"]
    list_display = ["name", "sector", ACTIVE_COLUMN]
    list_filter = ["is_active"]
    search_fields = ["name", "sector__municipality__name"]
    # The import's own columns: the sector by its municipality's code.
    list_export = ["sector.municipality.code", "name", "is_active"]
    export_headings = {
        "sector.municipality.code": "sector",
        "name": "name",
        "is_active": "is_active",
    }
    index_view_class = _scoped(
        ScopedModelViewSet.index_view_class,
        ImportButtonMixin,
        list_select_related=("sector__municipality",),
    )


class WorkScheduleViewSet(ScopedModelViewSet):
    url_prefix = "configuration/timetables"
    model = WorkSchedule
    noun_gender = MASCULINE
    icon = "time"
    menu_label = _("Working timetables")
    form_fields = ["professional", "sector", "weekday", "starts_at", "ends_at"]
    list_display = ["professional", "sector", "weekday", "starts_at", "ends_at"]
    list_filter = ["weekday"]
    search_fields = ["professional__first_name", "professional__last_name"]
    list_export = ["professional", "sector", "weekday", "starts_at", "ends_at"]
    index_view_class = _scoped(
        ScopedModelViewSet.index_view_class,
        list_select_related=("professional", "sector__municipality"),
    )


class AreaSettingsViewSet(ScopedModelViewSet):
    """The coordinator's settings of their own area (one row, edited in place)."""

    url_prefix = "configuration/area-settings"
    model = AreaSettings
    noun_gender = FEMININE
    icon = "cogs"
    menu_label = _("Area settings")
    form_fields = [
        "actuacio_edit_days",
        "plan_expiry_warning_days",
        "titular_body_code",
        "population",
        "head_of_service",
        "address",
        "phone",
        "email",
    ]
    list_display = ["area", "actuacio_edit_days", "plan_expiry_warning_days"]
    index_view_class = _scoped(
        ScopedModelViewSet.index_view_class, list_select_related=("area",)
    )


class LocalBodyViewSet(ScopedModelViewSet):
    """Local bodies: shared, managed by the support desk (superusers) only."""

    url_prefix = "configuration/local-bodies"
    model = LocalBody
    noun_gender = MASCULINE
    icon = "home"
    menu_label = _("Local bodies")
    form_fields = ["name", "kind"]
    list_display = ["name", "kind"]
    search_fields = ["name"]


class AreaViewSet(ScopedModelViewSet):
    """Areas: created by the support desk (superusers); each gets its settings."""

    url_prefix = "configuration/areas"
    model = Area
    noun_gender = FEMININE
    icon = "globe"
    menu_label = _("Areas")
    form_fields = ["local_body", "name", "code"]
    list_display = ["name", "code", "local_body"]
    search_fields = ["name", "code"]
    add_view_class = _scoped(
        ScopedModelViewSet.add_view_class,
        ServiceSaveMixin,
        save_service=area_save_form,
    )


def _choosable(view_class: type) -> type:
    return _scoped(view_class, ScopedChooserMixin, chooser_filter={"is_active": True})


class ProfessionalChooserViewSet(ChooserViewSet):
    """Pick an active professional of one's own area (reference professionals,
    attendees…); nobody else can be listed or chosen, whatever id is posted."""

    model = User
    icon = "user"
    choose_one_text = _("Choose a professional")
    choose_another_text = _("Choose another professional")
    search_prompt = _("Search professionals")
    choose_view_class = _choosable(chooser_views.ChooseView)
    choose_results_view_class = _choosable(chooser_views.ChooseResultsView)
    chosen_view_class = _choosable(chooser_views.ChosenView)
    chosen_multiple_view_class = _choosable(chooser_views.ChosenMultipleView)


class OrganisationGroup(ViewSetGroup):
    menu_label = _("Organisation")
    menu_icon = "site"
    menu_order = 800
    items = (
        TeamViewSet,
        SectorViewSet,
        SubsectorViewSet,
        WorkScheduleViewSet,
        AreaSettingsViewSet,
        AreaViewSet,
        LocalBodyViewSet,
    )
