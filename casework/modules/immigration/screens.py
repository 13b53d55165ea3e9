"""The immigration and citizenship screens (ModuleSpec.screens): opening an
expedient from the person's Traçabilitat tab (`?person=<pk>`); the cover's
edit (process start date); the "Actuacions d'immigració" tab with their add,
edit and read views; and the module's listings (expedients and actuacions,
with filters and CSV/XLSX export). Tràmits use the shared tràmit screens
(the module lists the "tramits" tab).

Each view loads the expedient or row through the scope first (404 outside
it), then checks the right, and hands the decision to the services; their
refusals come back as form errors.
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import formats
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
from configuration.custom_fields import FIELD_PREFIX, extra_values
from configuration.media import FormMediaMixin
from configuration.scope import ScopedModelViewSet, _scoped
from configuration.wording import FEMININE, MASCULINE
from directory.models import Person

from ... import services as casework_services
from ...enums import Module
from ...services.expedients import ActionNotAllowed
from ...tabs import ExpedientTab, expedient_url
from ...views.expedient_actions import ExpedientActionView
from ...viewsets.expedients import OpensTheExpedientMixin
from ...viewsets.record_tabs import actuacio_rows_context
from ...viewsets.records import ActuacioRowsMixin, RecordViewSet, checkboxes
from ..siad.screens import opened_on
from . import training_screens
from .forms import (
    ImmigrationActuacioFilterSet,
    ImmigrationActuacioForm,
    ImmigrationCaseFilterSet,
    ImmigrationCoverForm,
    OpenImmigrationForm,
)
from .listings import (
    ACTUACIO_COLUMNS_RELATED,
    CASE_COLUMNS_RELATED,
    main_person_of,
    main_persons,
)
from .models import ImmigrationActuacio, ImmigrationCase
from .permissions import (
    IMMIGRATION_CHANGE_RIGHT,
    IMMIGRATION_OPEN_RIGHT,
    IMMIGRATION_VIEW_RIGHT,
)
from .services import (
    immigration_actuacio_create,
    immigration_actuacio_update,
    immigration_cover_update,
    open_immigration_expedient,
)

ACTUACIONS_TAB = "immigration_actuacions"
PERSON_HEADING = {"person": _("Person")}
ACTUACIONS_LABEL = pgettext_lazy("heading", "Immigration actuacions")
EXPEDIENTS_LABEL = pgettext_lazy("heading", "Immigration expedients")


def _as_validation_error(error: Exception) -> ValidationError:
    if isinstance(error, ValidationError):
        return error
    return ValidationError(str(error))


# --- opening and the cover --------------------------------------------------------


class OpenImmigrationView(FormMediaMixin, WagtailAdminTemplateMixin, FormView):
    """Open an immigration expedient for `?person=<pk>` (a person the user
    sees): immigration technicians and coordinators."""

    template_name = "casework/expedient_action.html"
    header_icon = "folder-open-inverse"
    page_title = _("New immigration expedient")
    form_class = OpenImmigrationForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        pk = request.GET.get("person") or ""
        if not pk.isdigit():
            raise Http404
        visible = Person.objects.visible_to(request.user).current()
        self.person = get_object_or_404(visible, pk=pk)

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.is_superuser or user.has_perm(IMMIGRATION_OPEN_RIGHT)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.person)

    def get_initial(self):
        return {**super().get_initial(), "process_start": date.today()}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            case = open_immigration_expedient(
                by=self.request.user, person=self.person, **form.cleaned_data
            )
        except (ValidationError, ActionNotAllowed) as error:
            ExpedientActionView.add_errors(form, _as_validation_error(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("Immigration expedient %(number)s opened.")
            % {"number": case.number},
        )
        return HttpResponseRedirect(expedient_url(case.pk, "cover"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            back_url=reverse("person:inspect", args=[self.person.pk]),
            submit_label=_("Open the expedient"),
            **kwargs,
        )


class ImmigrationCoverView(training_screens.ImmigrationActionView):
    """Change the process start date (the end follows) and the external
    reference of an immigration expedient (404 for any other)."""

    tab = "cover"
    page_title = _("Edit the cover")
    form_class = ImmigrationCoverForm
    permission = IMMIGRATION_CHANGE_RIGHT

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.expedient}

    def act(self, form) -> str:
        values = {
            name: value
            for name, value in form.cleaned_data.items()
            if not name.startswith(FIELD_PREFIX)
        }
        immigration_cover_update(
            by=self.request.user, case=self.expedient, **values, **extra_values(form)
        )
        return gettext("Cover saved.")


# --- immigration actuacions: add, edit, read, listing ---------------------------


def immigration_actuacio_save_form(*, form, acting_user) -> ImmigrationActuacio:
    """Save the immigration actuació add or edit form through the services."""
    data = form.cleaned_data
    values = {name: data[name] for name in form.service_fields if name in data}
    values.update(extra_values(form))  # the area's own fields (issue #22)
    related = list(data.get("related_persons") or ()) or None
    try:
        if form.instance.pk is None:
            return immigration_actuacio_create(
                by=acting_user,
                expedient=form.expedient,
                related_persons=related,
                **values,
            )
        return immigration_actuacio_update(
            by=acting_user,
            actuacio=form.instance,
            expected_version=data.get("expected_version"),
            related_persons=related,
            **values,
        )
    except ActionNotAllowed as error:
        raise ValidationError(str(error)) from error


class ImmigrationOnlyMixin:
    """An immigration actuació is added only to an immigration expedient (404
    for any other)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.expedient.module != Module.IMMIGRATION:
            raise Http404


def person_of_row(row) -> str:
    """The main person of a listed actuació (prefetched: no query per row)."""
    return main_person_of(row.expedient)


class PersonColumnMixin:
    """The export names the main person (`person_of`: from prefetched rows, no
    query per row) and every other column by its value."""

    person_of = staticmethod(person_of_row)

    def to_row_dict(self, item):
        columns = (field for field in self.list_export if field != "person")
        return {"person": self.person_of(item)} | {
            field: multigetattr(item, field) for field in columns
        }


class ImmigrationActuacioViewSet(RecordViewSet):
    model = ImmigrationActuacio
    custom_form = "actuacio.immigration"
    noun_gender = FEMININE
    icon = "clipboard-list"
    menu_label = ACTUACIONS_LABEL
    tab_key = ACTUACIONS_TAB
    base_form_class = ImmigrationActuacioForm
    create_service = staticmethod(immigration_actuacio_save_form)
    edit_service = staticmethod(immigration_actuacio_save_form)
    lock_reason_function = staticmethod(casework_services.actuacio_lock_reason)
    filterset_class = ImmigrationActuacioFilterSet
    panels = [
        FieldPanel("date"),
        FieldPanel("time"),
        FieldPanel("hours"),
        FieldPanel("project"),
        FieldPanel("type"),
        FieldPanel("course"),
        FieldPanel("itinerary_informed"),
        FieldPanel("referral_source"),
        FieldPanel("topic"),
        FieldPanel("text"),
        FieldPanel("responsible"),
        checkboxes("related_persons"),
    ]
    list_display = [
        Column("expedient", label=_("Expedient")),
        Column("person", label=_("Person"), accessor=person_of_row),
        "date",
        "project",
        "course",
        "topic",
        "responsible",
    ]
    list_export = [
        "expedient",
        "person",
        "date",
        "time",
        "hours",
        "project",
        "type",
        "course",
        "itinerary_informed",
        "referral_source",
        "topic",
        "responsible",
    ]
    export_filename = "immigration-actuacions"
    list_select_related = ACTUACIO_COLUMNS_RELATED
    list_prefetch_related = (main_persons("expedient__links"),)

    @property
    def index_view_class(self):
        return _scoped(
            super().index_view_class,
            PersonColumnMixin,
            ActuacioRowsMixin,
            export_headings=PERSON_HEADING,
        )

    @property
    def add_view_class(self):
        return _scoped(super().add_view_class, ImmigrationOnlyMixin)

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
        ImmigrationActuacio.objects.filter(expedient_id=expedient.pk)
        .select_related(*ACTUACIO_COLUMNS_RELATED[1:])
        .prefetch_related("related_persons")
    )
    return actuacio_rows_context(
        request,
        expedient,
        queryset,
        namespace="casework_immigration_actuacions",
        model="immigrationactuacio",
    )


# --- the module's listings ------------------------------------------------------


def process_start_of_row(case) -> str:
    return formats.date_format(case.process_start, "SHORT_DATE_FORMAT")


def process_end_of_row(case) -> str:
    end = case.process_end
    text = formats.date_format(end, "SHORT_DATE_FORMAT") if end else ""
    return f"{text} ({gettext('Expired')})" if case.process_expired() else text


class ImmigrationCaseViewSet(CustomFieldsListingMixin, ScopedModelViewSet):
    """The immigration expedients the user reads (a listing only: they are
    opened from the person's Traçabilitat tab and edited on their screen)."""

    model = ImmigrationCase
    custom_form = "cover.immigration"
    noun_gender = MASCULINE
    icon = "folder-open-inverse"
    menu_label = EXPEDIENTS_LABEL
    add_to_admin_menu = False
    inspect_view_enabled = False
    filterset_class = ImmigrationCaseFilterSet
    list_display = [
        "number",
        Column("person", label=_("Person"), accessor=main_person_of),
        Column("state", label=_("State"), accessor="get_state_display"),
        Column(
            "created_at",
            label=_("Opening date"),
            accessor=opened_on,
            sort_key="created_at",
        ),
        Column(
            "process_start",
            label=_("Process start date"),
            accessor=process_start_of_row,
            sort_key="process_start",
        ),
        Column("process_end", label=_("Process end date"), accessor=process_end_of_row),
        "sector",
        "reference_professional",
    ]
    list_export = [
        "number",
        "external_reference",
        "person",
        "state",
        "state_date",
        "closing_reason",
        "process_start",
        "process_end",
        "sector",
        "subsector",
        "reference_professional",
        "co_reference_professional",
        "created_at",
    ]
    export_filename = "immigration-expedients"

    @cached_property
    def index_view_class(self):
        return _scoped(
            self.with_custom_columns(ScopedModelViewSet.index_view_class),
            OpensTheExpedientMixin,
            PersonColumnMixin,
            person_of=staticmethod(main_person_of),
            export_headings=PERSON_HEADING | {"process_end": _("Process end date")},
            list_select_related=CASE_COLUMNS_RELATED,
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


def reads_immigration(user) -> bool:
    return bool(
        user.is_active and (user.is_superuser or user.has_perm(IMMIGRATION_VIEW_RIGHT))
    )


class ImmigrationMenuItem(MenuItem):
    def is_shown(self, request):
        return reads_immigration(request.user)


def actuacions_menu_item() -> MenuItem:
    return ImmigrationMenuItem(
        ACTUACIONS_LABEL,
        reverse("casework_immigration_actuacions:index"),
        icon_name="clipboard-list",
        order=142,
    )


def expedients_menu_item() -> MenuItem:
    return ImmigrationMenuItem(
        EXPEDIENTS_LABEL,
        reverse("casework_immigration_expedients:index"),
        icon_name="folder-open-inverse",
        order=143,
    )


TABS = [
    *training_screens.TABS,
    ExpedientTab(
        key=ACTUACIONS_TAB,
        label=ACTUACIONS_LABEL,
        order=30,
        template="casework/immigration/actuacions_tab.html",
        permission="casework.view_immigrationactuacio",
        context=actuacions_tab_context,
    ),
]
# The menu items gather under one entry named after the module.
MENU_GROUP = (Module.IMMIGRATION.label, "clipboard-list", 142)
MENU_ITEMS = [
    actuacions_menu_item,
    expedients_menu_item,
    *training_screens.MENU_ITEMS,
]

immigration_actuacio_viewset = ImmigrationActuacioViewSet(
    "immigration_actuacions",
    url_prefix="casework/immigration/actuacions",
    url_namespace="casework_immigration_actuacions",
)
immigration_case_viewset = ImmigrationCaseViewSet(
    "immigration_expedients",
    url_prefix="casework/immigration/expedients",
    url_namespace="casework_immigration_expedients",
)
VIEWSETS: list = [immigration_actuacio_viewset, immigration_case_viewset]
URLS: list = [
    *training_screens.URLS,
    path(
        "casework/immigration/new/",
        OpenImmigrationView.as_view(),
        name="casework_immigration_add",
    ),
    path(
        "casework/immigration/<int:pk>/edit/",
        ImmigrationCoverView.as_view(),
        name="casework_immigration_edit",
    ),
]
