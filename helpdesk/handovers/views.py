"""The handover screens: the receiver's listing, one handover's summary and
its "Acknowledge" button.

Rows come from `Handover.objects.visible_to(user)`: the receiver, the
previous professional and the coordinators of the receiver's teams, while
they see the expedient; anyone else gets 404 (style.md G14). The listing is
the user's own: the handovers addressed to them.
"""

import django_filters
from auditlog.signals import accessed
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from casework.tabs import expedient_url

from ..models import Handover
from .services import handover_acknowledge
from .summary import summary_sections

STATES = ("pending", "acknowledged", "superseded")  # HandoverQuerySet's words


class HandoverFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[
            ("pending", _("To acknowledge")),
            ("acknowledged", _("Acknowledged")),
            ("superseded", _("Superseded")),
        ],
        empty_label=_("All"),
        method="filter_state",
    )

    class Meta:
        model = Handover
        fields = ["state"]

    def filter_state(self, queryset, name, value):
        return getattr(queryset, value)() if value in STATES else queryset


def state_label(handover: Handover) -> str:
    if handover.acknowledged_at:
        return _("Acknowledged")
    return _("Superseded") if handover.superseded_at else _("To acknowledge")


def handovers_crumb() -> dict:
    return {"url": reverse("helpdesk_handovers:index"), "label": _("Handovers")}


class HandoverIndexView(IndexView):
    model = Handover
    permission_policy = None  # rows are scoped below
    page_title = _("Handovers")
    header_icon = "resubmit"
    index_url_name = "helpdesk_handovers:index"
    index_results_url_name = "helpdesk_handovers:index_results"
    filterset_class = HandoverFilterSet
    paginate_by = 30
    default_ordering = "-created_at"

    def get_base_queryset(self):
        return (
            Handover.objects.visible_to(self.request.user)
            .addressed_to(self.request.user)
            .select_related("expedient", "from_professional", "changed_by")
        )

    def get_valid_orderings(self):
        return ["created_at", "-created_at"]

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "expedient",
                label=_("Expedient"),
                accessor=lambda h: h.expedient.number,
                get_url=lambda h: h.get_absolute_url(),
            ),
            Column("family", label=_("Family"), accessor="expedient.family_name"),
            Column("from_professional", label=_("Previous professional")),
            Column("changed_by", label=_("Changed by")),
            DateColumn("created_at", label=_("Changed"), sort_key="created_at"),
            Column("state", label=_("State"), accessor=state_label),
        ]


def visible_handover(request, pk: int) -> Handover:
    return get_object_or_404(
        Handover.objects.visible_to(request.user).select_related(
            "expedient", "from_professional", "to_professional", "changed_by"
        ),
        pk=pk,
    )


class HandoverDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "helpdesk/handovers/detail.html"
    header_icon = "resubmit"

    def dispatch(self, request, *args, **kwargs):
        self.handover = visible_handover(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # The summary shows what is in the expedient: a read of it (G16).
        expedient = self.handover.expedient
        accessed.send(sender=type(expedient), instance=expedient)
        return response

    def get_page_title(self):
        return _("Handover of expedient %(number)s") % {
            "number": self.handover.expedient.number
        }

    def get_breadcrumbs_items(self):
        crumb = {"url": "", "label": self.get_page_title()}
        return [*self.breadcrumbs_items, handovers_crumb(), crumb]

    def get_context_data(self, **kwargs):
        handover = self.handover
        return super().get_context_data(
            handover=handover,
            state=state_label(handover),
            sections=summary_sections(handover),
            expedient_url=expedient_url(handover.expedient_id),
            can_acknowledge=handover.is_pending
            and handover.to_professional_id == self.request.user.pk,
            **kwargs,
        )


class HandoverAcknowledgeView(View):
    """POST: the receiver acknowledges; others who may see it are told why not."""

    http_method_names = ["post"]

    def post(self, request, pk):
        handover = visible_handover(request, pk)
        try:
            handover_acknowledge(handover=handover, acting_user=request.user)
        except (PermissionDenied, ValidationError) as error:
            for message in getattr(error, "messages", None) or [str(error)]:
                messages.error(request, message)
        else:
            # gettext, not the lazy _: the message is stored after the view, once
            # the user's language is no longer active.
            messages.success(request, gettext("Handover acknowledged."))
        return redirect(handover.get_absolute_url())
