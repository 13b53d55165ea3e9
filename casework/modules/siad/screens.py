"""The women's service (SIAD) screens (ModuleSpec.screens): opening an
expedient from a woman's Traçabilitat tab (`?person=<pk>`); its cover's edit
(external reference, co-reference professional, the area's own fields); the
"Actuacions de SIAD" tab with their add, edit and read views; the "Formació"
tab (training resources assigned to her and her attendance); and the module's
listings (SIAD actuacions and expedients, with filters and CSV/XLSX export).

Each view loads the expedient or row through the scope first (404 outside
it: a women's service expedient is read only by the professionals named on
it, their teams' coordinators and a running break-glass), then checks the
right, and hands the decision to the services (services/); their refusals
come back as form errors. Opening an expedient, an actuació or a form about
them writes the access entry of the audit trail.
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.coreutils import multigetattr

from configuration.custom_columns import CustomFieldsListingMixin
from configuration.custom_fields import extra_values
from configuration.media import FormMediaMixin
from configuration.scope import ScopedModelViewSet, _scoped
from configuration.wording import FEMININE, MASCULINE
from directory.models import Person

from ... import services as casework_services
from ...enums import Module
from ...services import EditConflict
from ...services.expedients import ActionNotAllowed
from ...tabs import ExpedientTab, expedient_url
from ...views.cover_edit import ModuleCoverView
from ...views.expedient_actions import ExpedientActionView
from ...viewsets.expedients import OpensTheExpedientMixin
from ...viewsets.record_tabs import actuacio_rows_context
from ...viewsets.records import ActuacioRowsMixin, RecordViewSet, checkboxes
from .forms import (
    OpenWomensServiceForm,
    SessionForm,
    SiadActuacioFilterSet,
    SiadActuacioForm,
    TrainingAssignForm,
    WomensServiceCaseFilterSet,
    WomensServiceCoverForm,
)
from .listings import ACTUACIO_COLUMNS_RELATED, main_person_of, main_persons
from .models import SiadActuacio, SiadTrainingAssignment, WomensServiceCase
from .permissions import (
    SESSION_ADD_RIGHT,
    SIAD_CHANGE_RIGHT,
    SIAD_OPEN_RIGHT,
    SIAD_VIEW_RIGHT,
    TRAINING_ADD_RIGHT,
    user_can_work_siad,
)
from .services import (
    open_womens_service_expedient,
    siad_actuacio_create,
    siad_actuacio_update,
    siad_cover_update,
    siad_session_record,
    siad_training_assign,
)

ACTUACIONS_TAB = "siad_actuacions"
TRAINING_TAB = "siad_training"
WOMAN_HEADING = {"woman": _("Woman")}
# A tab's and a menu's heading ("Actuacions SIAD"; the model's plural is lower case).
ACTUACIONS_LABEL = pgettext_lazy("heading", "SIAD actuacions")


# --- opening --------------------------------------------------------------------


class OpenWomensServiceView(FormMediaMixin, WagtailAdminTemplateMixin, FormView):
    """Open a women's service expedient for `?person=<pk>` (a person the user
    sees): SIAD technicians and coordinators."""

    template_name = "casework/expedient_action.html"
    header_icon = "folder-open-inverse"
    page_title = _("New women's service (SIAD) expedient")
    form_class = OpenWomensServiceForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        pk = request.GET.get("person") or ""
        if not pk.isdigit():
            raise Http404
        visible = Person.objects.visible_to(request.user).current()
        self.person = get_object_or_404(visible, pk=pk)

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_superuser or request.user.has_perm(SIAD_OPEN_RIGHT)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.person)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            case = open_womens_service_expedient(
                by=self.request.user, person=self.person, **form.cleaned_data
            )
        except (ValidationError, ActionNotAllowed) as error:
            ExpedientActionView.add_errors(form, _as_validation_error(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("Women's service expedient %(number)s opened.")
            % {"number": case.number},
        )
        return HttpResponseRedirect(expedient_url(case.pk, ACTUACIONS_TAB))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            intro=gettext(
                "A women's service expedient is always confidential: only the "
                "professionals named on it and their coordinators read it."
            ),
            back_url=reverse("person:inspect", args=[self.person.pk]),
            submit_label=_("Open the expedient"),
            **kwargs,
        )


def _as_validation_error(error: Exception) -> ValidationError:
    if isinstance(error, ValidationError):
        return error
    return ValidationError(str(error))


# --- SIAD actuacions: add, edit, read, listing ----------------------------------


def siad_actuacio_save_form(*, form, acting_user) -> SiadActuacio:
    """Save the SIAD actuació add or edit form through the services."""
    data = form.cleaned_data
    values = {name: data[name] for name in form.service_fields if name in data}
    values.update(extra_values(form))  # the area's own fields (issue #22)
    related = list(data.get("related_persons") or ()) or None
    try:
        if form.instance.pk is None:
            return siad_actuacio_create(
                by=acting_user,
                expedient=form.expedient,
                related_persons=related,
                **values,
            )
        return siad_actuacio_update(
            by=acting_user,
            actuacio=form.instance,
            expected_version=data.get("expected_version"),
            related_persons=related,
            **values,
        )
    except ActionNotAllowed as error:
        raise ValidationError(str(error)) from error


class WomensServiceOnlyMixin:
    """A SIAD actuació is added only to a women's service expedient (404
    for any other, as the SSB screens never offer it)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.expedient.module != Module.SIAD:
            raise Http404


def woman_of_row(row) -> str:
    """The woman of a listed actuació (its expedient's prefetched main link)."""
    return main_person_of(row.expedient)


class WomanColumnMixin:
    """The export names the woman (`woman_of`: from prefetched rows, no query
    per row) and every other column by its value."""

    woman_of = staticmethod(woman_of_row)

    def to_row_dict(self, item):
        columns = (field for field in self.list_export if field != "woman")
        return {"woman": self.woman_of(item)} | {
            field: multigetattr(item, field) for field in columns
        }


class SiadActuacioViewSet(RecordViewSet):
    model = SiadActuacio
    custom_form = "actuacio.siad"
    noun_gender = FEMININE
    icon = "clipboard-list"
    menu_label = ACTUACIONS_LABEL
    tab_key = ACTUACIONS_TAB
    base_form_class = SiadActuacioForm
    create_service = staticmethod(siad_actuacio_save_form)
    edit_service = staticmethod(siad_actuacio_save_form)
    lock_reason_function = staticmethod(casework_services.actuacio_lock_reason)
    filterset_class = SiadActuacioFilterSet
    panels = [
        FieldPanel("date"),
        FieldPanel("time"),
        FieldPanel("urgent"),
        FieldPanel("hours"),
        FieldPanel("channel"),
        FieldPanel("attending_service"),
        FieldPanel("referral_source"),
        FieldPanel("violence_situation"),
        FieldPanel("consultation_area"),
        FieldPanel("consultation_type"),
        FieldPanel("topic"),
        FieldPanel("text"),
        FieldPanel("responsible"),
        checkboxes("related_persons"),
    ]
    list_display = [
        Column("expedient", label=_("Expedient")),
        Column("woman", label=_("Woman"), accessor=woman_of_row),
        "date",
        "attending_service",
        "consultation_area",
        "violence_situation",
        "topic",
        "responsible",
    ]
    list_export = [
        "expedient",
        "woman",
        "date",
        "time",
        "urgent",
        "hours",
        "channel",
        "attending_service",
        "referral_source",
        "violence_situation",
        "consultation_area",
        "consultation_type",
        "topic",
        "responsible",
    ]
    export_filename = "siad-actuacions"
    list_select_related = ACTUACIO_COLUMNS_RELATED
    list_prefetch_related = (main_persons("expedient__links"),)

    @property
    def index_view_class(self):
        return _scoped(
            super().index_view_class,
            WomanColumnMixin,
            ActuacioRowsMixin,
            export_headings=WOMAN_HEADING,
        )

    @property
    def add_view_class(self):
        return _scoped(super().add_view_class, WomensServiceOnlyMixin)

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        form_class.service_fields = [
            name
            for name in form_class.base_fields
            if name not in ("related_persons", "expected_version", "base_values")
        ]
        return form_class


def actuacions_tab_context(*, request, expedient) -> dict:
    queryset = (
        SiadActuacio.objects.filter(expedient_id=expedient.pk)
        .select_related(*ACTUACIO_COLUMNS_RELATED[1:])
        .prefetch_related("related_persons")
    )
    return actuacio_rows_context(
        request,
        expedient,
        queryset,
        namespace="casework_siad_actuacions",
        model="siadactuacio",
    )


# --- training: resources assigned to the woman and her attendance --------------


def training_tab_context(*, request, expedient) -> dict:
    """The resources assigned, newest first, with their sessions; the assign
    form and a session form per resource for whoever may record them."""
    user = request.user
    rows = list(
        SiadTrainingAssignment.objects.filter(expedient_id=expedient.pk)
        .select_related("resource", "person")
        .prefetch_related("sessions")
    )
    may_record = expedient.is_open and user_can_work_siad(
        user, expedient, SESSION_ADD_RIGHT
    )
    for row in rows:
        row.session_url = reverse(
            "casework_siad_session_record", args=[expedient.pk, row.pk]
        )
        row.attended_count = sum(1 for s in row.sessions.all() if s.attended)
    may_assign = expedient.is_open and user_can_work_siad(
        user, expedient, TRAINING_ADD_RIGHT
    )
    return {
        "expedient": expedient,
        "rows": rows,
        "assign_form": TrainingAssignForm(
            expedient=expedient, initial={"on": date.today()}
        )
        if may_assign
        else None,
        "assign_url": reverse("casework_siad_training_assign", args=[expedient.pk]),
        "session_form": SessionForm(initial={"on": date.today()})
        if may_record
        else None,
    }


class SiadActionView(ExpedientActionView):
    """A form about a women's service expedient (404 for any other)."""

    model = WomensServiceCase
    tab = TRAINING_TAB
    permission = TRAINING_ADD_RIGHT

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not isinstance(self.expedient, WomensServiceCase):
            raise Http404

    # The services name the model's fields; the forms type dates as "on".
    FIELD_ALIASES = {"date": "on", "assigned_on": "on"}

    def allowed(self) -> bool:
        return self.expedient.is_open and user_can_work_siad(
            self.request.user, self.expedient, self.permission
        )

    def add_errors(self, form, error: ValidationError) -> None:
        if hasattr(error, "error_dict") and not isinstance(error, EditConflict):
            error = ValidationError(
                {
                    self.FIELD_ALIASES.get(name, name): errors
                    for name, errors in error.error_dict.items()
                }
            )
        super().add_errors(form, error)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ActionNotAllowed as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)


class WomensServiceCoverView(ModuleCoverView, SiadActionView):
    """The cover's external reference, co-reference professional and the
    area's own fields: the SIAD professionals who see the expedient (404 for
    anyone else, and for any other kind of expedient)."""

    permission = SIAD_CHANGE_RIGHT
    form_class = WomensServiceCoverForm

    def act(self, form) -> str:
        siad_cover_update(
            by=self.request.user,
            case=self.expedient,
            expected_version=form.cleaned_data["expected_version"],
            **form.standard_values(),
            **extra_values(form),
        )
        return gettext("Cover saved.")


class AssignTrainingView(SiadActionView):
    page_title = _("Assign a training resource")
    submit_label = _("Assign")
    form_class = TrainingAssignForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "expedient": self.expedient}

    def act(self, form) -> str:
        assignment = siad_training_assign(
            by=self.request.user, expedient=self.expedient, **form.cleaned_data
        )
        return gettext("%(resource)s assigned.") % {"resource": assignment.resource}


class RecordSessionView(SiadActionView):
    page_title = _("Record a session")
    submit_label = _("Record the session")
    form_class = SessionForm
    permission = SESSION_ADD_RIGHT

    @cached_property
    def assignment(self) -> SiadTrainingAssignment:
        return get_object_or_404(
            SiadTrainingAssignment.objects.filter(expedient_id=self.expedient.pk),
            pk=self.kwargs["assignment"],
        )

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.assignment  # noqa: B018 (an assignment of another expedient: 404)

    def get_page_subtitle(self):
        return f"{self.assignment.resource} · {self.expedient}"

    def act(self, form) -> str:
        session = siad_session_record(
            by=self.request.user, assignment=self.assignment, **form.cleaned_data
        )
        return gettext("Session of %(date)s recorded.") % {"date": session}


# --- the module's listings ------------------------------------------------------


def opened_on(case) -> str:
    """The day it was opened, as every date on screen (dd/mm/aaaa)."""
    return formats.date_format(timezone.localdate(case.created_at), "SHORT_DATE_FORMAT")


class WomensServiceCaseViewSet(CustomFieldsListingMixin, ScopedModelViewSet):
    """The women's service expedients the user reads (a listing only: they are
    opened from the woman's Traçabilitat tab and edited on their screen)."""

    model = WomensServiceCase
    custom_form = "cover.siad"
    noun_gender = MASCULINE
    icon = "folder-open-inverse"
    menu_label = _("SIAD expedients")
    add_to_admin_menu = False
    inspect_view_enabled = False
    filterset_class = WomensServiceCaseFilterSet
    list_display = [
        "number",
        Column("woman", label=_("Woman"), accessor=main_person_of),
        Column("state", label=_("State"), accessor="get_state_display"),
        Column(
            "created_at",
            label=_("Opening date"),
            accessor=opened_on,
            sort_key="created_at",
        ),
        "sector",
        "reference_professional",
        "co_reference_professional",
    ]
    list_export = [
        "number",
        "external_reference",
        "woman",
        "state",
        "state_date",
        "closing_reason",
        "sector",
        "subsector",
        "reference_professional",
        "co_reference_professional",
        "created_at",
    ]
    export_filename = "siad-expedients"

    @cached_property
    def index_view_class(self):
        return _scoped(
            self.with_custom_columns(ScopedModelViewSet.index_view_class),
            OpensTheExpedientMixin,
            WomanColumnMixin,
            woman_of=staticmethod(main_person_of),
            export_headings=WOMAN_HEADING,
            list_select_related=(
                "sector__municipality",
                "subsector__sector__municipality",
                "closing_reason",
                "reference_professional",
                "co_reference_professional",
            ),
        )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            add_url_name=None, delete_url_name=None, copy_url_name=None, **kwargs
        )

    def get_urlpatterns(self):
        return [
            pattern
            for pattern in super().get_urlpatterns()
            if pattern.name in ("index", "index_results")
        ]


def reads_siad(user) -> bool:
    return bool(
        user.is_active and (user.is_superuser or user.has_perm(SIAD_VIEW_RIGHT))
    )


class SiadMenuItem(MenuItem):
    def is_shown(self, request):
        return reads_siad(request.user)


def actuacions_menu_item() -> MenuItem:
    return SiadMenuItem(
        ACTUACIONS_LABEL,
        reverse("casework_siad_actuacions:index"),
        icon_name="clipboard-list",
        order=140,
    )


def expedients_menu_item() -> MenuItem:
    return SiadMenuItem(
        _("SIAD expedients"),
        reverse("casework_siad_expedients:index"),
        icon_name="folder-open-inverse",
        order=141,
    )


TABS = [
    ExpedientTab(
        key=ACTUACIONS_TAB,
        label=ACTUACIONS_LABEL,
        order=30,
        template="casework/siad/actuacions_tab.html",
        permission="casework.view_siadactuacio",
        context=actuacions_tab_context,
    ),
    ExpedientTab(
        key=TRAINING_TAB,
        label=_("Training"),
        order=40,
        template="casework/siad/training_tab.html",
        permission="casework.view_siadtrainingassignment",
        context=training_tab_context,
    ),
]
# The menu items gather under one sidebar entry named after the module
# (its acronym: the full name does not fit the sidebar).
MENU_GROUP = ("SIAD", "clipboard-list", 140)
MENU_ITEMS = [actuacions_menu_item, expedients_menu_item]

siad_actuacio_viewset = SiadActuacioViewSet(
    "siad_actuacions",
    url_prefix="casework/siad/actuacions",
    url_namespace="casework_siad_actuacions",
)
siad_case_viewset = WomensServiceCaseViewSet(
    "siad_expedients",
    url_prefix="casework/siad/expedients",
    url_namespace="casework_siad_expedients",
)
VIEWSETS: list = [siad_actuacio_viewset, siad_case_viewset]
URLS: list = [
    path(
        "casework/siad/<int:pk>/edit/",
        WomensServiceCoverView.as_view(),
        name="casework_siad_edit",
    ),
    path(
        "casework/siad/new/",
        OpenWomensServiceView.as_view(),
        name="casework_siad_add",
    ),
    path(
        "casework/siad/<int:pk>/training/assign/",
        AssignTrainingView.as_view(),
        name="casework_siad_training_assign",
    ),
    path(
        "casework/siad/<int:pk>/training/<int:assignment>/session/",
        RecordSessionView.as_view(),
        name="casework_siad_session_record",
    ),
]
