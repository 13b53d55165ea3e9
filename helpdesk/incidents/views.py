"""The incident screens a professional uses: the new incident (behind the
"Suport" menu item), the thread of one incident and its attachments.

Rows come from `Incident.objects.visible_to(user)`: the author's own, or every
area's for the support desk; anything else is 404 (style.md G14).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from configuration.media import FormMediaMixin, forms_media

from ..models import Incident, IncidentMessage
from ..tools.views.base import add_errors
from . import actions
from .categories import detail_rows
from .forms import IncidentForm
from .services import incident_open, screen_path, works_queue


def my_incidents_crumb():
    return {"url": reverse("helpdesk_incidents:index"), "label": _("My incidents")}


class IncidentCreateView(FormMediaMixin, WagtailAdminTemplateMixin, FormView):
    form_class = IncidentForm
    template_name = "helpdesk/incidents/new.html"
    page_title = _("New support incident")
    header_icon = "lifebuoy"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("helpdesk.add_incident"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        crumb = {"url": "", "label": self.page_title}
        return [*self.breadcrumbs_items, my_incidents_crumb(), crumb]

    def get_initial(self):
        came_from = self.request.GET.get("from") or self.request.headers.get(
            "referer", ""
        )
        return {"screen": screen_path(came_from)}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            incident = incident_open(
                acting_user=self.request.user,
                category=data["category"],
                subject=data["subject"],
                description=data["description"],
                details=data["details"],
                screen_url=data["screen"],
                attachment=data["attachment"],
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Support incident #%(number)s opened.") % {"number": incident.pk},
        )
        return HttpResponseRedirect(incident.get_absolute_url())


class IncidentDetailView(WagtailAdminTemplateMixin, TemplateView):
    """The thread; its forms post back here with `action` naming the step."""

    template_name = "helpdesk/incidents/detail.html"
    header_icon = "lifebuoy"

    @cached_property
    def incident(self) -> Incident:
        visible = Incident.objects.visible_to(self.request.user).select_related(
            "author", "assigned_to", "area"
        )
        return get_object_or_404(visible, pk=self.kwargs["pk"])

    @cached_property
    def is_support(self) -> bool:
        return works_queue(self.request.user)

    def get_page_title(self):
        return _("Support incident #%(number)s") % {"number": self.incident.pk}

    def get_page_subtitle(self):
        return self.incident.subject

    def get_breadcrumbs_items(self):
        if self.is_support:
            back = {"url": reverse("helpdesk_queue:index"), "label": _("Support queue")}
        else:
            back = my_incidents_crumb()
        crumb = {"url": "", "label": self.get_page_title()}
        return [*self.breadcrumbs_items, back, crumb]

    def get_header_buttons(self):
        if self.is_support:
            return []
        url = reverse("helpdesk_incidents:index")
        return [HeaderButton(_("My incidents"), url, icon_name="list-ul")]

    def thread(self):
        shown = self.incident.messages.select_related("author")
        return shown if self.is_support else shown.filter(internal=False)

    def get_context_data(self, **kwargs):
        bound = kwargs.pop("bound", {})
        context = super().get_context_data(**kwargs)
        incident = self.incident
        steps = actions.steps_for(self.request.user, incident, self.is_support, bound)
        context.update(
            incident=incident,
            details=detail_rows(incident.category, incident.details),
            thread=self.thread(),
            steps=steps,
            media=forms_media(*(form for _step, form in steps)),
            is_support=self.is_support,
        )
        return context

    def post(self, request, *args, **kwargs):
        name = request.POST.get("action", "")
        step = actions.available(request.user, self.incident, self.is_support)
        if name not in step:
            raise Http404
        form = actions.form_for(step[name], request.POST, request.FILES)
        if form.is_valid() and actions.run(step[name], form, request, self.incident):
            return HttpResponseRedirect(request.path)
        context = self.get_context_data(bound={name: form}, **kwargs)
        return self.render_to_response(context, status=400)


def attachment_download(request, pk: int, message_pk: int):
    """Serve an attachment of a thread the user may see (internal notes' only
    to the support desk); anything else is 404, like the incident."""
    incidents = Incident.objects.visible_to(request.user)
    found = IncidentMessage.objects.filter(incident__in=incidents, incident_id=pk)
    if not works_queue(request.user):
        found = found.filter(internal=False)
    message = get_object_or_404(found.exclude(attachment=""), pk=message_pk)
    name = message.attachment.name.rsplit("/", 1)[-1]
    return FileResponse(
        message.attachment.open("rb"), as_attachment=True, filename=name
    )
