"""Admin screens of actuacions, demandes and problemàtiques, and their tabs on
the expedient screen (domain.md §3.3.4–3.3.6).

Each item is added and edited from its expedient (casework.viewsets.base);
its plain listing, with filters and XLSX export, is the item index filtered
by `?expedient=<pk>`. Problems add two screens of their own: extend a running
one and reopen a finished one. The rules live in casework/services/records.py.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateInput
from wagtail.coreutils import multigetattr

from configuration.audit import LogAccessMixin
from configuration.conflicts import VersionedFormMixin, refuse_conflict
from configuration.dates import LlarDateField
from configuration.media import FormMediaMixin
from configuration.scope import ScopedObjectMixin, _scoped
from configuration.wording import FEMININE

from .. import services
from ..models import Actuacio, Demand, Expedient, ProblemRecord
from ..modules import get_module
from ..services import EditConflict
from ..tabs import expedient_url
from . import saving
from .base import ExpedientItemViewSet, LockedItemMixin
from .record_forms import (
    ActuacioFilterSet,
    ActuacioForm,
    DemandFilterSet,
    DemandForm,
    ProblemFilterSet,
    ProblemForm,
)


def person_names(persons) -> str:
    """The names of a prefetched person list, for listings and exports."""
    return ", ".join(str(person) for person in persons.all())


def names_column(name: str, label) -> Column:
    return Column(
        name, label=label, accessor=lambda item: person_names(getattr(item, name))
    )


class PersonNamesExportMixin:
    """Export person lists as their names (Wagtail's export cannot read a
    many-to-many field)."""

    export_person_fields: tuple[str, ...] = ()

    def to_row_dict(self, item):
        row = {}
        for field in self.list_export:
            if field in self.export_person_fields:
                row[field] = person_names(getattr(item, field))
            else:
                row[field] = multigetattr(item, field)
        return row


class ExpedientIndexMixin:
    """A listing opened for an expedient the user may not see answers 404, as
    the expedient itself would, rather than an empty list."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        pk = request.GET.get("expedient")
        if pk is None:
            return
        visible = Expedient.objects.visible_to(request.user)
        if not (pk.isdigit() and visible.filter(pk=pk).exists()):
            raise Http404


class OpenExpedientMixin:
    """Nothing is added to a closed expedient: back to it, with the reason."""

    def dispatch(self, request, *args, **kwargs):
        if not self.expedient.is_open:
            messages.error(request, services.closed_reason(self.expedient))
            return redirect(expedient_url(self.expedient.pk, self.tab_key))
        return super().dispatch(request, *args, **kwargs)


def checkboxes(name: str) -> FieldPanel:
    return FieldPanel(name, widget=forms.CheckboxSelectMultiple)


class RecordViewSet(ExpedientItemViewSet):
    """What the three item screens share: templates, the lock and prefetches."""

    inspect_view_enabled = True
    create_template_name = "casework/items/create.html"
    list_prefetch_related: tuple[str, ...] = ()
    export_person_fields: tuple[str, ...] = ()

    @property
    def index_view_class(self):
        return _scoped(
            super().index_view_class,
            ExpedientIndexMixin,
            PersonNamesExportMixin,
            list_prefetch_related=self.list_prefetch_related,
            export_person_fields=self.export_person_fields,
        )

    @property
    def add_view_class(self):
        return _scoped(super().add_view_class, OpenExpedientMixin)


class ActuacioRowsMixin:
    """The actuació listing also locks rows past the edit deadline, reading each
    area's deadline once per page rather than once per row."""

    @cached_property
    def edit_days_by_area(self) -> dict[int, int]:
        return {}

    def row_lock_reason(self, row) -> str:
        area_id = row.expedient.area_id
        if area_id not in self.edit_days_by_area:
            self.edit_days_by_area[area_id] = services.actuacio_edit_days(area_id)
        return services.actuacio_lock_reason(
            row,
            edit_days=self.edit_days_by_area[area_id],
            transferred_at=self.transfer_dates.get(row.expedient_id),
        )


class NoSiadActuacionsMixin:
    """The basic social services' actuació screens never list nor open a
    women's service actuació (it is confidential), an immigration one nor an
    EAIA one: each has screens and rules of its own
    (casework.modules.siad.screens, casework.modules.immigration.screens,
    casework.modules.eaia.screens)."""

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(siad__isnull=True, immigration__isnull=True, eaia__isnull=True)
        )

    def get_base_object_queryset(self):
        return (
            super()
            .get_base_object_queryset()
            .filter(siad__isnull=True, immigration__isnull=True, eaia__isnull=True)
        )


class ModuleListsTheTabMixin:
    """An item is added only to an expedient whose module shows the item's tab
    (ModuleSpec.tabs): a women's service expedient records SIAD actuacions on
    its own screens, never a basic social services one (404)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        module = get_module(self.expedient.module)
        if module is not None and self.tab_key not in module.tabs:
            raise Http404


class ActuacioViewSet(RecordViewSet):
    model = Actuacio
    custom_form = "actuacio.ssb"
    noun_gender = FEMININE
    icon = "clipboard-list"
    tab_key = "actuacions"
    base_form_class = ActuacioForm
    create_service = staticmethod(saving.actuacio_save_form)
    edit_service = staticmethod(saving.actuacio_save_form)
    lock_reason_function = staticmethod(services.actuacio_lock_reason)
    filterset_class = ActuacioFilterSet
    panels = [
        FieldPanel("date"),
        FieldPanel("time"),
        FieldPanel("hours"),
        FieldPanel("type"),
        FieldPanel("place"),
        FieldPanel("topic"),
        FieldPanel("text"),
        FieldPanel("responsible"),
        checkboxes("related_persons"),
        checkboxes("attendee_persons"),
        FieldPanel("attendee_professionals"),
    ]
    list_display = [
        Column("expedient", label=_("Expedient")),
        "date",
        "type",
        "topic",
        "responsible",
        Column("origin", accessor="get_origin_display", label=_("Origin")),
    ]
    list_export = [
        "expedient",
        "date",
        "time",
        "hours",
        "type",
        "place",
        "topic",
        "responsible",
        "origin",
    ]
    list_select_related = ("expedient", "type", "place", "responsible")

    @property
    def index_view_class(self):
        return _scoped(
            super().index_view_class, NoSiadActuacionsMixin, ActuacioRowsMixin
        )

    @property
    def add_view_class(self):
        return _scoped(super().add_view_class, ModuleListsTheTabMixin)

    @property
    def edit_view_class(self):
        return _scoped(super().edit_view_class, NoSiadActuacionsMixin)

    inspect_view_class = _scoped(
        RecordViewSet.inspect_view_class, NoSiadActuacionsMixin
    )
    delete_view_class = _scoped(RecordViewSet.delete_view_class, NoSiadActuacionsMixin)


class DemandViewSet(RecordViewSet):
    model = Demand
    custom_form = "demand"
    noun_gender = FEMININE
    icon = "help"
    tab_key = "demands"
    base_form_class = DemandForm
    create_service = staticmethod(saving.demand_save_form)
    edit_service = staticmethod(saving.demand_save_form)
    filterset_class = DemandFilterSet
    panels = [
        FieldPanel("type"),
        FieldPanel("date"),
        FieldPanel("actuacio"),
        FieldPanel("beneficiary_mode"),
        checkboxes("beneficiaries"),
    ]
    list_display = [
        Column("expedient", label=_("Expedient")),
        "date",
        "type",
        names_column("beneficiaries", _("Beneficiaries")),
        "created_by",
    ]
    list_export = ["expedient", "date", "type", "beneficiaries", "created_by"]
    export_person_fields = ("beneficiaries",)
    list_select_related = ("expedient", "type", "created_by")
    list_prefetch_related = ("beneficiaries",)


class ProblemEndDateForm(VersionedFormMixin, forms.Form):
    """A new end date for a problem record (`record`), version-checked."""

    ends_on = LlarDateField(label=_("New end date"), widget=AdminDateInput)

    def __init__(self, *args, record, **kwargs):
        self.versioned_instance = record
        super().__init__(*args, **kwargs)


class ProblemEndDateView(
    LogAccessMixin,
    ScopedObjectMixin,
    LockedItemMixin,
    FormMediaMixin,
    WagtailAdminTemplateMixin,
    FormView,
):
    """Extend a running problem or reopen a finished one: a new end date (not
    for a problem nobody may change: closed expedient, recorded before an
    information transfer)."""

    model = ProblemRecord
    pk_url_kwarg = "pk"
    row_action = "change"
    form_class = ProblemEndDateForm
    template_name = "casework/items/problem_end_date.html"
    header_icon = "date"
    service = None
    submit_button_label = ""

    def get_page_subtitle(self):
        return str(self.object)

    def get_initial(self):
        return {"ends_on": services.next_end_date(self.object)}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "record": self.object}

    def form_valid(self, form):
        try:
            self.service(
                record=self.object,
                ends_on=form.cleaned_data["ends_on"],
                expected_version=form.cleaned_data["expected_version"],
                acting_user=self.request.user,
            )
        except EditConflict as error:
            refuse_conflict(form, error)
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, gettext("The problem's end date was saved."))
        return redirect(expedient_url(self.object.expedient_id, "problems"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            record=self.object,
            expedient=self.object.expedient,
            expedient_url=expedient_url(self.object.expedient_id, "problems"),
            submit_button_label=self.submit_button_label,
        )
        return context


class ProblemViewSet(RecordViewSet):
    model = ProblemRecord
    custom_form = "problem"
    noun_gender = FEMININE
    icon = "warning"
    tab_key = "problems"
    base_form_class = ProblemForm
    create_service = staticmethod(saving.problem_save_form)
    edit_service = staticmethod(saving.problem_save_form)
    filterset_class = ProblemFilterSet
    panels = [
        FieldPanel("problem"),
        FieldPanel("scope", widget=forms.RadioSelect),
        FieldPanel("starts_on"),
        FieldPanel("ends_on"),
        checkboxes("beneficiaries"),
    ]
    list_display = [
        Column("expedient", label=_("Expedient")),
        "problem",
        "starts_on",
        "ends_on",
        Column("scope", accessor="get_scope_display", label=_("Scope")),
        names_column("beneficiaries", _("Persons concerned")),
    ]
    list_export = [
        "expedient",
        "problem",
        "starts_on",
        "ends_on",
        "scope",
        "beneficiaries",
    ]
    export_person_fields = ("beneficiaries",)
    list_select_related = ("expedient", "problem__type")
    list_prefetch_related = ("beneficiaries",)

    def end_date_view(self, service, label):
        return ProblemEndDateView.as_view(
            service=service, page_title=label, submit_button_label=label
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "extend/<int:pk>/",
                self.end_date_view(services.problem_extend, _("Extend")),
                name="extend",
            ),
            path(
                "reopen/<int:pk>/",
                self.end_date_view(services.problem_reopen, _("Reopen")),
                name="reopen",
            ),
        ]


actuacio_viewset = ActuacioViewSet(
    "actuacions", url_prefix="casework/actuacions", url_namespace="casework_actuacions"
)
demand_viewset = DemandViewSet(
    "demands", url_prefix="casework/demands", url_namespace="casework_demands"
)
problem_viewset = ProblemViewSet(
    "problems", url_prefix="casework/problems", url_namespace="casework_problems"
)

VIEWSETS: list = [actuacio_viewset, demand_viewset, problem_viewset]
URLS: list = []
