"""What every tool screen shares: coordinators only (404 for anyone else), and
the three steps — the form, the preview of what will change, the confirmation.

The preview re-posts the same form with every field hidden plus `confirm`;
only then does the view call the tool's service. Refusals from the service come
back as form errors, at the preview or at the confirmation.
"""

from auditlog.signals import accessed
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from configuration.audit.subjects import is_audited_subject

from ..permissions import user_runs_tools

CONFIRM = "confirm"


class CoordinatorOnlyMixin:
    """Anyone but a coordinator of an area gets 404: the tools do not exist.
    A tool open to more roles names its own test (`user_allowed`)."""

    user_allowed = staticmethod(user_runs_tools)

    def dispatch(self, request, *args, **kwargs):
        if not self.user_allowed(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


def add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ToolView(CoordinatorOnlyMixin, WagtailAdminTemplateMixin, FormView):
    """A tool: `preview(form)` returns the lines to confirm, `act(form)` runs it."""

    template_name = "helpdesk/tools/tool.html"
    header_icon = "cogs"
    submit_label = _("Preview the changes")
    confirm_label = _("Confirm")
    intro = ""

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("helpdesk_tools:index"), "label": _("Coordination tools")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_success_url(self):
        return reverse("helpdesk_tools:index")

    def form_valid(self, form):
        try:
            if CONFIRM not in self.request.POST:
                return self.render_to_response(
                    self.get_context_data(form=form, preview=self.preview(form))
                )
            message = self.act(form)
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return HttpResponseRedirect(self.get_success_url())

    def preview(self, form) -> list[str]:
        raise NotImplementedError

    def act(self, form) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            intro=self.intro,
            submit_label=self.submit_label,
            confirm_label=self.confirm_label,
            confirm=CONFIRM,
            back_url=reverse("helpdesk_tools:index"),
            **kwargs,
        )


class ObjectToolView(ToolView):
    """A tool about one row (a professional, an expedient, a person) named in
    the URL: loaded through the coordinator's scope, 404 outside it."""

    def get_queryset(self):
        raise NotImplementedError

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = None

    def dispatch(self, request, *args, **kwargs):
        if self.user_allowed(request.user):
            self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        # A tool about an expedient or a person shows it: a read, audited.
        response = super().get(request, *args, **kwargs)
        if is_audited_subject(type(self.object)):
            accessed.send(sender=type(self.object), instance=self.object)
        return response

    def get_page_subtitle(self):
        return str(self.object)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "subject": self.object}


class PickView(CoordinatorOnlyMixin, WagtailAdminTemplateMixin, FormView):
    """The first step of a tool about one row: choose the row, then go to the
    tool's own screen for it (GET, so the choice is just a link)."""

    template_name = "helpdesk/tools/tool.html"
    header_icon = "cogs"
    submit_label = _("Continue")
    tool_url_name = ""
    intro = ""

    def get_form_kwargs(self):
        kwargs = {"user": self.request.user, "initial": self.get_initial()}
        if self.request.GET:
            kwargs["data"] = self.request.GET
        return kwargs

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_bound and form.is_valid():
            return HttpResponseRedirect(self.get_tool_url(form.cleaned_data["subject"]))
        return self.render_to_response(self.get_context_data(form=form))

    def get_tool_url(self, subject) -> str:
        """Where the tool goes on with the chosen row: its own screen."""
        return reverse(f"helpdesk_tools:{self.tool_url_name}", args=[subject.pk])

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return ToolView.get_breadcrumbs_items(self)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            intro=self.intro,
            submit_label=self.submit_label,
            back_url=reverse("helpdesk_tools:index"),
            method="get",
            **kwargs,
        )
