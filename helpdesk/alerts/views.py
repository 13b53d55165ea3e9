"""The alert pages: every alert of one kind, the preferences, the dismissal.

Each professional only ever reaches their own alerts: the rows come from the
same queries as the home panel (helpdesk.alerts.queries), scoped to the user.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from configuration.media import FormMediaMixin

from .forms import AlertPreferencesForm
from .kinds import DISMISSABLE_KINDS
from .queries import ALERT_TYPES
from .selectors import alert_page, enabled_kinds
from .services import AlertNotFound, alert_dismiss, alert_preferences_save


def alert_type_or_404(kind: str, user):
    """The kind, if `user` may get it (a module's kind is its deciders')."""
    alert_type = ALERT_TYPES.get(kind)
    if alert_type is None or not alert_type.may_see(user):
        raise Http404
    return alert_type


class AlertsBreadcrumbsMixin(WagtailAdminTemplateMixin):
    header_icon = "warning"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class AlertListView(AlertsBreadcrumbsMixin, TemplateView):
    template_name = "helpdesk/alerts/list.html"

    def dispatch(self, request, *args, **kwargs):
        self.alert_type = alert_type_or_404(kwargs["kind"], request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.alert_type.label

    def get_context_data(self, **kwargs):
        page, alerts = alert_page(
            self.request.user, self.alert_type, self.request.GET.get("p")
        )
        return super().get_context_data(
            alerts=alerts,
            page_obj=page,
            dismissable=self.alert_type.kind in DISMISSABLE_KINDS,
            alert_kind=self.alert_type.kind,
            preferences_url=reverse("helpdesk_alerts:preferences"),
            **kwargs,
        )


class AlertPreferencesView(AlertsBreadcrumbsMixin, FormMediaMixin, FormView):
    template_name = "helpdesk/alerts/preferences.html"
    form_class = AlertPreferencesForm
    page_title = _("Alerts I want to see")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"enabled": enabled_kinds(self.request.user)}

    def form_valid(self, form):
        alert_preferences_save(
            acting_user=self.request.user, enabled=form.cleaned_data["enabled"]
        )
        messages.success(self.request, gettext("Your alert preferences were saved."))
        return redirect("wagtailadmin_home")


class AlertDismissView(View):
    """POST: dismiss one of the user's current alerts for good (404 otherwise)."""

    http_method_names = ["post"]

    def post(self, request, kind, pk):
        alert_type_or_404(kind, request.user)
        try:
            alert_dismiss(kind=kind, object_id=pk, acting_user=request.user)
        except (AlertNotFound, ValidationError) as error:
            raise Http404 from error
        messages.success(request, gettext("The alert was dismissed for good."))
        return redirect("helpdesk_alerts:list", kind=kind)
