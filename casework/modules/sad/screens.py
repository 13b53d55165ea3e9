"""The home-care (SAD) screens (ModuleSpec.screens): opening an expedient
from a person (`?person=<pk>`), its cover's edit (the external reference and
the area's own fields), the "Actuacions de SAD" tab of the expedient
screen with its proposal form, each event's page with the service as defined
at that stage, and the decision (approve or deny) of the SAD manager and
coordinators, and their "Gestió de SAD" screen (the queue of proposals and
the services in force with their weekly hours per sector and team).

Each view loads the expedient or event through the scope first (404 outside
it), then checks the right (refused as Wagtail refuses), and hands the
decision to the services; their refusals come back as form errors.
"""

from datetime import date

from auditlog.signals import accessed
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from configuration.custom_fields import extra_values
from configuration.media import FormMediaMixin
from directory.models import Person

from ...models import Expedient
from ...services.expedients import ActionNotAllowed
from ...tabs import ExpedientTab, expedient_url
from ...views.cover_edit import ModuleCoverView
from ...views.expedient import load_expedient
from ...views.expedient_actions import ExpedientActionView
from . import rules
from .agreement_pdf import render_home_care_agreement
from .forms import (
    DenyEventForm,
    EditWorkPlanForm,
    OpenHomeCareForm,
    ProposeEventForm,
    WorkPlanForm,
)
from .listings import LISTINGS, may_list
from .models import (
    HomeCareCase,
    HomeCareDefinition,
    HomeCareEvent,
    HomeCareWorkPlan,
)
from .permissions import (
    DECIDE_RIGHT,
    OPEN_RIGHT,
    user_can_change_cover,
    user_can_decide,
    user_can_plan,
    user_can_propose,
)
from .queries import (
    events_awaiting_decision,
    services_in_force,
    weekly_hours_by_sector_and_team,
)
from .services import (
    Characteristics,
    add_work_plan,
    approve_home_care_event,
    deny_home_care_event,
    home_care_cover_update,
    open_home_care_expedient,
    propose_home_care_event,
    update_work_plan,
)

EVENTS_TAB = "sad_events"
WORK_PLANS_TAB = "sad_work_plans"


def _refusal_to_form(form, error: Exception) -> None:
    """A service's refusal as the form's errors (a field's when it names one)."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    elif isinstance(error, ValidationError):
        form.add_error(None, error)
    else:
        form.add_error(None, str(error))


# --- opening ------------------------------------------------------------------------


class OpenHomeCareView(FormMediaMixin, WagtailAdminTemplateMixin, FormView):
    """Open a home-care expedient for `?person=<pk>` (a person the user sees)."""

    template_name = "casework/expedient_action.html"
    header_icon = "folder-open-inverse"
    page_title = _("New home-care (SAD) expedient")
    form_class = OpenHomeCareForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        pk = request.GET.get("person") or ""
        visible = Person.objects.visible_to(request.user).current()
        self.person = get_object_or_404(visible, pk=pk) if pk.isdigit() else None
        if self.person is None:
            raise Http404

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_superuser or request.user.has_perm(OPEN_RIGHT)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.person)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "person": self.person,
        }

    def form_valid(self, form):
        try:
            case = open_home_care_expedient(
                by=self.request.user,
                person=self.person,
                ssb_expedient=form.cleaned_data["ssb_expedient"],
            )
        except (ValidationError, ActionNotAllowed) as error:
            _refusal_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("Home-care expedient %(number)s opened.") % {"number": case.number},
        )
        return HttpResponseRedirect(expedient_url(case.pk, EVENTS_TAB))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            intro=gettext(
                "A home-care expedient is opened from the person's basic social "
                "services expedient where the home-care service is pre-assigned: "
                "it takes its sector, team and reference professional."
            ),
            back_url=reverse("person:inspect", args=[self.person.pk]),
            submit_label=_("Open the expedient"),
            **kwargs,
        )


# --- the "Actuacions de SAD" tab ----------------------------------------------------


def events_tab_context(*, request, expedient) -> dict:
    """The events, newest first, with who proposed and decided; the proposal
    form for whoever may propose while the expedient is open."""
    user = request.user
    rows = list(
        HomeCareEvent.objects.filter(case_id=expedient.pk)
        .select_related("proposed_by", "decided_by", "closing_reason", "definition")
        .order_by("-date", "-proposed_at", "-pk")
    )
    can_decide = user_can_decide(user, expedient)
    for row in rows:
        row.url = reverse("casework_sad_event", args=[row.pk])
        row.decide = can_decide and row.is_pending
    may_propose = expedient.is_open and user_can_propose(user, expedient)
    return {
        "expedient": expedient,
        "rows": rows,
        "can_decide": can_decide,
        "state_label": rules.service_state_label(expedient),
        "propose_form": ProposeEventForm(user=user) if may_propose else None,
        "propose_url": reverse("casework_sad_propose", args=[expedient.pk]),
        "pending_refusal": rules.pending_refusal(expedient) if may_propose else "",
        "agreement_url": (
            reverse("casework_sad_agreement", args=[expedient.pk])
            if expedient.definition_in_force_id
            else ""
        ),
    }


def work_plans_tab_context(*, request, expedient) -> dict:
    """The work plans, latest start first, the one in force marked; the add
    form for the SAD manager and coordinators while the expedient is open."""
    rows = list(
        HomeCareWorkPlan.objects.filter(case_id=expedient.pk).order_by(
            "-starts_on", "-pk"
        )
    )
    in_force = rules.active_work_plan(expedient)
    for row in rows:
        row.in_force = in_force is not None and row.pk == in_force.pk
    may_plan = expedient.is_open and user_can_plan(request.user, expedient)
    today = date.today()
    for row in rows:
        # Only a plan not started yet is changed; one in force or past stays.
        row.edit_url = (
            reverse("casework_sad_work_plan_edit", args=[expedient.pk, row.pk])
            if may_plan and row.starts_on > today
            else ""
        )
    return {
        "expedient": expedient,
        "rows": rows,
        "form": WorkPlanForm() if may_plan else None,
        "add_url": reverse("casework_sad_work_plan_add", args=[expedient.pk]),
    }


TABS = [
    ExpedientTab(
        key=EVENTS_TAB,
        label=_("Home-care events"),
        order=25,
        template="casework/sad/events_tab.html",
        permission="casework.view_homecareevent",
        context=events_tab_context,
    ),
    ExpedientTab(
        key=WORK_PLANS_TAB,
        label=_("Work plans"),
        order=26,
        template="casework/sad/work_plans_tab.html",
        permission="casework.view_homecareworkplan",
        context=work_plans_tab_context,
    ),
]


class SadExpedientMixin:
    """The expedient must be a home-care one (404 otherwise)."""

    model = Expedient
    tab = EVENTS_TAB

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not isinstance(self.expedient, HomeCareCase):
            raise Http404


class ProposeEventView(SadExpedientMixin, ExpedientActionView):
    page_title = _("Propose a home-care event")
    submit_label = _("Propose the event")
    form_class = ProposeEventForm

    def allowed(self) -> bool:
        return self.expedient.is_open and user_can_propose(
            self.request.user, self.expedient
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def act(self, form) -> str:
        data = form.cleaned_data
        characteristics = None
        if form.characteristics_given():
            characteristics = Characteristics(
                service_type=data["service_type"],
                tasks=list(data["tasks"]),
                weekly_hours=data["weekly_hours"],
                funding=data["funding"],
                copayment=data["copayment"] or 0,
            )
        event = propose_home_care_event(
            by=self.request.user,
            case=self.expedient,
            kind=data["kind"],
            on=data["on"],
            notes=data["notes"],
            closing_reason=data["closing_reason"],
            characteristics=characteristics,
        )
        return gettext("%(event)s proposed: it waits for a decision.") % {
            "event": event.get_kind_display()
        }


class AddWorkPlanView(SadExpedientMixin, ExpedientActionView):
    page_title = _("Add a work plan")
    submit_label = _("Add the work plan")
    form_class = WorkPlanForm
    tab = WORK_PLANS_TAB

    def allowed(self) -> bool:
        return self.expedient.is_open and user_can_plan(
            self.request.user, self.expedient
        )

    def act(self, form) -> str:
        add_work_plan(by=self.request.user, case=self.expedient, **form.cleaned_data)
        return gettext("Work plan added.")


class EditWorkPlanView(AddWorkPlanView):
    """Change a work plan that has not started yet (the service refuses one in
    force or past); version-checked against a second save, audited."""

    page_title = _("Change the work plan")
    submit_label = _("Save")
    form_class = EditWorkPlanForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.plan = get_object_or_404(
            HomeCareWorkPlan.objects.visible_to(request.user).filter(
                case_id=self.expedient.pk
            ),
            pk=kwargs["plan"],
        )

    def get_page_subtitle(self):
        return f"{self.expedient} · {self.plan}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan}

    def act(self, form) -> str:
        data = form.cleaned_data
        update_work_plan(
            by=self.request.user,
            plan=self.plan,
            expected_version=data["expected_version"],
            starts_on=data["starts_on"],
            weekdays=data["weekdays"],
            hours=data["hours"],
            periodicity=data["periodicity"],
            notes=data["notes"],
        )
        return gettext("Work plan saved.")


class HomeCareCoverView(SadExpedientMixin, ModuleCoverView):
    """The cover's external reference and the area's own fields: the SAD
    manager and the coordinators (404 for any other kind of expedient)."""

    model = HomeCareCase  # the resolver sweep's rows
    tab = "cover"

    def allowed(self) -> bool:
        return self.expedient.is_open and user_can_change_cover(
            self.request.user, self.expedient
        )

    def act(self, form) -> str:
        home_care_cover_update(
            by=self.request.user,
            case=self.expedient,
            expected_version=form.cleaned_data["expected_version"],
            **form.standard_values(),
            **extra_values(form),
        )
        return gettext("Cover saved.")


# --- one event: the service at that stage, and its decision ------------------------


class EventMixin:
    """Load the event through the scope before dispatch (404 outside it)."""

    model = HomeCareEvent

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.event = get_object_or_404(
            HomeCareEvent.objects.visible_to(request.user).select_related(
                "case", "proposed_by", "decided_by", "closing_reason"
            ),
            pk=kwargs["pk"],
        )
        self.expedient = self.event.case

    def back_url(self) -> str:
        return expedient_url(self.expedient.pk, EVENTS_TAB)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("casework_expedients:index"), "label": _("Expedients")},
            {"url": self.back_url(), "label": str(self.expedient)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_page_title(self):
        return str(self.event)

    def get_page_subtitle(self):
        return str(self.expedient)


class EventView(EventMixin, WagtailAdminTemplateMixin, TemplateView):
    """An event and the service as defined at that stage (rules.service_at)."""

    template_name = "casework/sad/event.html"
    header_icon = "folder-open-inverse"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        accessed.send(sender=HomeCareCase, instance=self.expedient)
        return response

    def get_context_data(self, **kwargs):
        can_decide = self.event.is_pending and user_can_decide(
            self.request.user, self.expedient
        )
        return super().get_context_data(
            event=self.event,
            stage=rules.service_at(self.event),
            back_url=self.back_url(),
            can_decide=can_decide,
            deny_form=DenyEventForm() if can_decide else None,
            **kwargs,
        )


class DecideEventView(EventMixin, FormMediaMixin, WagtailAdminTemplateMixin, FormView):
    """Approve (`approve` in the POST) or deny (with its reason) a proposed
    event: the SAD manager and coordinators of the area."""

    template_name = "casework/expedient_action.html"
    header_icon = "folder-open-inverse"
    form_class = DenyEventForm
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        if not user_can_decide(request.user, self.expedient):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return HttpResponseRedirect(reverse("casework_sad_event", args=[self.event.pk]))

    def post(self, request, *args, **kwargs):
        if "approve" not in request.POST:
            return super().post(request, *args, **kwargs)
        try:
            approve_home_care_event(by=request.user, event=self.event)
        except (ValidationError, ActionNotAllowed) as error:
            messages.error(request, " ".join(_messages_of(error)))
            return HttpResponseRedirect(
                reverse("casework_sad_event", args=[self.event.pk])
            )
        messages.success(
            request,
            gettext("%(event)s approved.") % {"event": self.event.get_kind_display()},
        )
        return HttpResponseRedirect(self.back_url())

    def form_valid(self, form):
        try:
            deny_home_care_event(
                by=self.request.user,
                event=self.event,
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, ActionNotAllowed) as error:
            _refusal_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("%(event)s denied.") % {"event": self.event.get_kind_display()},
        )
        return HttpResponseRedirect(self.back_url())

    def get_page_title(self):
        return gettext("Deny: %(event)s") % {"event": self.event.get_kind_display()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            back_url=reverse("casework_sad_event", args=[self.event.pk]),
            submit_label=_("Deny the event"),
            **kwargs,
        )


# --- the service agreement, to be signed ---------------------------------------------


def service_agreement(request, pk: int) -> HttpResponse:
    """The service agreement PDF of a home-care expedient, from the
    characteristics in force, for whoever reads the expedient (404 outside
    the scope, for another kind of expedient and before the service is
    defined). Opening it is a read of the expedient: audited."""
    case = load_expedient(request.user, pk)
    if not isinstance(case, HomeCareCase):
        raise Http404
    definition = (
        HomeCareDefinition.objects.select_related("event__decided_by")
        .filter(pk=case.definition_in_force_id)
        .first()
    )
    if definition is None:
        raise Http404
    accessed.send(sender=HomeCareCase, instance=case)
    pdf = render_home_care_agreement(case, definition, _main_person(case))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"acord-sad-{case.number.replace('/', '-')}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- "Gestió de SAD": the SAD manager's and coordinators' screen ----------------------


def manages_home_care(user) -> bool:
    return bool(user.is_active and (user.is_superuser or user.has_perm(DECIDE_RIGHT)))


class ManagementView(WagtailAdminTemplateMixin, TemplateView):
    """The events waiting for a decision, oldest first, and the services in
    force with their weekly hours per sector and team (queries.py)."""

    template_name = "casework/sad/management.html"
    header_icon = "tasks"
    page_title = _("Home-care management")

    def get_breadcrumbs_items(self):
        # The header names the screen ("Gestió de SAD"), not only "Inici".
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not manages_home_care(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        queue = list(events_awaiting_decision(user))
        for event in queue:
            event.url = reverse("casework_sad_event", args=[event.pk])
            event.case_url = expedient_url(event.case_id, EVENTS_TAB)
            event.main_person = _main_person(event.case)
        services = list(services_in_force(user))
        for case in services:
            case.url = expedient_url(case.pk, EVENTS_TAB)
            case.main_person = _main_person(case)
        totals = list(weekly_hours_by_sector_and_team(user))
        return super().get_context_data(
            queue=queue,
            services=services,
            totals=totals,
            total_hours=sum((row["hours"] or 0 for row in totals), 0),
            services_url=reverse("casework_sad_services:index"),
            events_url=reverse("casework_sad_events:index"),
            **kwargs,
        )


def _main_person(case):
    links = getattr(case, "main_links", None) or []
    return links[0].person if links else None


class ManagementMenuItem(MenuItem):
    def is_shown(self, request):
        return manages_home_care(request.user)


def management_menu_item() -> MenuItem:
    return ManagementMenuItem(
        _("Home-care management"),
        reverse("casework_sad_management"),
        icon_name="tasks",
        order=130,
    )


class ListingsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_list(request.user)


def listings_menu_item() -> MenuItem:
    return ListingsMenuItem(
        _("Home-care services"),
        reverse("casework_sad_services:index"),
        icon_name="list-ul",
        order=131,
    )


# The menu items gather under one sidebar entry named after the module
# (its acronym: the full name does not fit the sidebar).
MENU_GROUP = ("SAD", "list-ul", 130)
MENU_ITEMS = [management_menu_item, listings_menu_item]


def _messages_of(error: Exception) -> list[str]:
    if isinstance(error, ValidationError):
        return list(error.messages)
    return [str(error)]


VIEWSETS: list = [*LISTINGS]
URLS: list = [
    path(
        "casework/home-care/management/",
        ManagementView.as_view(),
        name="casework_sad_management",
    ),
    path(
        "casework/home-care/new/", OpenHomeCareView.as_view(), name="casework_sad_add"
    ),
    path(
        "casework/home-care/<int:pk>/edit/",
        HomeCareCoverView.as_view(),
        name="casework_sad_edit",
    ),
    path(
        "casework/home-care/<int:pk>/propose/",
        ProposeEventView.as_view(),
        name="casework_sad_propose",
    ),
    path(
        "casework/home-care/<int:pk>/work-plans/add/",
        AddWorkPlanView.as_view(),
        name="casework_sad_work_plan_add",
    ),
    path(
        "casework/home-care/<int:pk>/work-plans/<int:plan>/edit/",
        EditWorkPlanView.as_view(),
        name="casework_sad_work_plan_edit",
    ),
    path(
        "casework/home-care/<int:pk>/agreement.pdf",
        service_agreement,
        name="casework_sad_agreement",
    ),
    path(
        "casework/home-care/events/<int:pk>/",
        EventView.as_view(),
        name="casework_sad_event",
    ),
    path(
        "casework/home-care/events/<int:pk>/decide/",
        DecideEventView.as_view(),
        name="casework_sad_decide",
    ),
]
