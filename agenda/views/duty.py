"""Duty slots ("espais de permanència"): a coordinator lists, adds and
removes those of their teams' professionals, through agenda/services/duty.py
(the writes are in the audit trail: DutySlot is registered with auditlog).
Anyone else, and another area's slots, are 404."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import services
from ..forms import DutySlotForm
from ..models import DutySlot
from ..permissions import duty_professionals
from .booking import ServiceFormMixin
from .calendar import AgendaAccessMixin, AgendaBreadcrumbsMixin


def coordinated_slots(user):
    """The duty slots `user` sets (their teams' professionals', their area's)."""
    return (
        DutySlot.objects.visible_to(user)
        .filter(professional__in=duty_professionals(user))
        .select_related("professional", "sector__municipality")
        .order_by("professional__first_name", "professional__last_name", "weekday")
    )


class DutyAccessMixin(AgendaAccessMixin, AgendaBreadcrumbsMixin):
    """Only a coordinator with professionals in their teams reaches these."""

    header_icon = "time"

    def dispatch(self, request, *args, **kwargs):
        if not duty_professionals(request.user).exists():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class DutySlotsView(
    DutyAccessMixin, ServiceFormMixin, WagtailAdminTemplateMixin, FormView
):
    """The list of the teams' duty slots, with the form to add one."""

    template_name = "agenda/duty/slots.html"
    form_class = DutySlotForm
    page_title = gettext_lazy("Duty slots")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            slots=coordinated_slots(self.request.user),
            submit_label=_("Add the duty slot"),
            back_url=reverse("agenda"),
            **kwargs,
        )

    def run(self, form):
        data = form.cleaned_data
        services.set_duty_slot(
            acting_user=self.request.user,
            professional=data["professional"],
            sector=data["sector"],
            weekday=data["weekday"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
        )
        messages.success(self.request, _("Duty slot added."))
        return HttpResponseRedirect(reverse("agenda_duty_slots"))


class RemoveDutySlotView(DutyAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then remove one duty slot."""

    template_name = "agenda/duty/remove.html"
    page_title = gettext_lazy("Remove the duty slot")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.slot = get_object_or_404(coordinated_slots(request.user), pk=kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            slot=self.slot, back_url=reverse("agenda_duty_slots"), **kwargs
        )

    def post(self, request, *args, **kwargs):
        services.remove_duty_slot(slot=self.slot, acting_user=request.user)
        messages.success(request, _("Duty slot removed."))
        return HttpResponseRedirect(reverse("agenda_duty_slots"))
