"""Admin screens: intervention plans, their objectives, the agreement PDF and the tab.

Objectives have their own small screens, opened from the plan's row on the
Plans tab (`?plan=<pk>`), because they are rows of their own (versioned, with
target persons) rather than inline parts of the plan form. A closed plan is
read-only: its form is disabled and the services refuse any change.
"""

from datetime import date, timedelta

from auditlog.signals import accessed
from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import AdminDateInput

from configuration.dates import DayColumn, LlarDateField
from configuration.models import AreaSettings
from configuration.scope import ScopedModelViewSet, _scoped, policy_for
from configuration.viewsets.mixins import ServiceSaveMixin
from configuration.wording import MASCULINE
from directory.models import Person

from .. import services
from ..enums import PlanClosingReason
from ..models import InterventionPlan, PlanObjective
from ..modules import title_related
from ..plan_pdf import render_plan_agreement
from ..tabs import ExpedientTab, expedient_url, item_tab_context
from . import saving
from .base import (
    ConflictMessageMixin,
    ExpedientItemForm,
    ExpedientItemViewSet,
    ItemFormMixin,
    LockedItemMixin,
    LockedRowsListingMixin,
)
from .benefits import expedient_filterset

DEFAULT_WARNING_DAYS = 30


class PlanForm(ExpedientItemForm):
    """Referents are active professionals of the area; a closed plan is read-only."""

    close_reason = forms.ChoiceField(
        label=_("close the plan"),
        choices=[("", "—"), *PlanClosingReason.choices],
        required=False,
        help_text=_("Choose a reason only to close the plan now."),
    )
    close_on = LlarDateField(
        label=_("closing date"), required=False, widget=AdminDateInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referents"].queryset = self.fields["referents"].queryset.filter(
            is_active=True
        )
        if self.instance.pk is None:
            del self.fields["close_reason"], self.fields["close_on"]
        elif not self.instance.is_open:
            for field in self.fields.values():
                field.disabled = True


class PlanViewSet(ExpedientItemViewSet):
    model = InterventionPlan
    custom_form = "plan"
    noun_gender = MASCULINE
    icon = "list-ol"
    url_prefix = "casework/plans"
    tab_key = "plans"
    base_form_class = PlanForm
    create_service = saving.plan_create_form
    edit_service = saving.plan_update_form
    lock_reason_function = staticmethod(services.plan_lock_reason)
    # Plans are not among the items the coordinators' delete tool takes.
    delete_view_class = ScopedModelViewSet.delete_view_class
    filterset_class = expedient_filterset(InterventionPlan, "state")
    panels = [
        FieldPanel("title"),
        FieldPanel("starts_on"),
        FieldPanel("review_on"),
        FieldPanel("expires_on"),
        FieldPanel("referents", widget=forms.CheckboxSelectMultiple),
        FieldPanel("affected_persons", widget=forms.CheckboxSelectMultiple),
        FieldPanel("agreements"),
        FieldPanel("close_reason"),
        FieldPanel("close_on"),
    ]
    list_display = [
        "title",
        "expedient",
        Column("state", accessor="get_state_display", label=_("State")),
        DayColumn("starts_on", label=_("Start date")),
        DayColumn("expires_on", label=_("Expiry date")),
    ]
    list_export = [
        "expedient",
        "title",
        "state",
        "starts_on",
        "review_on",
        "expires_on",
        "closed_on",
        "closing_reason",
    ]


plan_viewset = PlanViewSet("casework_plans")


# --- objectives ----------------------------------------------------------------------


class ObjectiveForm(ExpedientItemForm):
    """Target persons are chosen among the persons the plan affects."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.instance.plan
        self.fields["target_persons"].queryset = Person.objects.filter(
            pk__in=plan.affected_persons.values("pk")
        )
        if not plan.is_open:
            for field in self.fields.values():
                field.disabled = True


class ObjectiveCreateMixin(ItemFormMixin):
    """An objective is added from its plan (`?plan=<pk>`): 404 outside scope."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        pk = request.GET.get("plan") or ""
        if not pk.isdigit():
            raise Http404
        self.plan = get_object_or_404(
            InterventionPlan.objects.visible_to(request.user).select_related(
                "expedient"
            ),
            pk=pk,
        )
        self.expedient = self.plan.expedient

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        instance.plan = self.plan
        return instance

    def get_add_url(self):
        return f"{super().get_add_url()}?plan={self.plan.pk}"


class ObjectiveEditMixin(ItemFormMixin):
    @cached_property
    def expedient(self):
        return self.object.plan.expedient


class ObjectiveIndexMixin:
    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("plan__expedient")
        pk = self.request.GET.get("expedient") or ""
        return queryset.filter(plan__expedient_id=pk) if pk.isdigit() else queryset


class ObjectiveViewSet(ScopedModelViewSet):
    model = PlanObjective
    noun_gender = MASCULINE
    icon = "tick"
    url_prefix = "casework/objectives"
    add_to_admin_menu = False
    base_form_class = ObjectiveForm
    panels = [
        FieldPanel("description"),
        FieldPanel("type"),
        FieldPanel("population_sector"),
        FieldPanel("target_persons", widget=forms.CheckboxSelectMultiple),
        FieldPanel("starts_on"),
        FieldPanel("ends_on"),
        FieldPanel("result"),
    ]
    list_display = ["description", "plan", "type", "result"]
    list_export = ["plan", "description", "type", "population_sector", "result"]
    index_view_class = _scoped(
        ScopedModelViewSet.index_view_class,
        LockedRowsListingMixin,
        ObjectiveIndexMixin,
        lock_reason_function=staticmethod(services.item_lock_reason),
    )
    edit_template_name = "casework/items/edit.html"
    add_view_class = _scoped(
        ScopedModelViewSet.add_view_class,
        ConflictMessageMixin,
        ObjectiveCreateMixin,
        ServiceSaveMixin,
        tab_key="plans",
        save_service=saving.objective_add_form,
    )
    edit_view_class = _scoped(
        ScopedModelViewSet.edit_view_class,
        LockedItemMixin,
        ConflictMessageMixin,
        ObjectiveEditMixin,
        ServiceSaveMixin,
        tab_key="plans",
        save_service=saving.objective_update_form,
        lock_reason_function=staticmethod(services.objective_lock_reason),
    )


objective_viewset = ObjectiveViewSet("casework_objectives")


# --- the agreement document ----------------------------------------------------------


def plan_agreement(request, pk: int) -> HttpResponse:
    """The plan's agreement PDF, for whoever may view the plan (404 otherwise)."""
    visible = policy_for(InterventionPlan).instances_user_has_permission_for(
        request.user, "view"
    )
    plan = get_object_or_404(
        visible.select_related(
            "expedient__area", *(f"expedient__{name}" for name in title_related())
        ),
        pk=pk,
    )
    accessed.send(sender=InterventionPlan, instance=plan)
    response = HttpResponse(render_plan_agreement(plan), content_type="application/pdf")
    name = f"pla-{plan.expedient.number.replace('/', '-')}-{plan.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


# --- the tab -------------------------------------------------------------------------


def plans_tab_context(*, request, expedient) -> dict:
    rows = InterventionPlan.objects.filter(expedient=expedient).prefetch_related(
        "referents", "affected_persons", "objectives"
    )
    context = item_tab_context(
        request,
        expedient,
        queryset=rows,
        namespace="casework_plans",
        model="interventionplan",
        lock_reason=services.plan_lock_reason,
    )
    settings = AreaSettings.objects.filter(area_id=expedient.area_id).first()
    days = settings.plan_expiry_warning_days if settings else DEFAULT_WARNING_DAYS
    today = date.today()
    can_objectives = expedient.is_open and request.user.has_perm(
        "casework.change_planobjective"
    )
    for plan in context["rows"]:
        plan.expired = plan.is_open and plan.expires_on < today
        plan.expiring = plan.is_open and today <= plan.expires_on <= today + timedelta(
            days=days
        )
        plan.pdf_url = reverse("casework_plan_agreement", args=[plan.pk])
        plan.can_objectives = can_objectives and not plan.lock_reason
        plan.objective_add_url = reverse("casework_objectives:add") + f"?plan={plan.pk}"
        for objective in plan.objectives.all():
            objective.edit_url = reverse(
                "casework_objectives:edit", args=[objective.pk]
            )
    context["back_url"] = expedient_url(expedient.pk, "plans")
    return context


TABS = [
    ExpedientTab(
        key="plans",
        label=_("Intervention plans"),
        order=80,
        template="casework/tabs/plans.html",
        permission="casework.view_interventionplan",
        context=plans_tab_context,
    )
]

VIEWSETS: list = [plan_viewset, objective_viewset]
URLS: list = [
    path(
        "casework/plans/<int:pk>/agreement/",
        plan_agreement,
        name="casework_plan_agreement",
    )
]
