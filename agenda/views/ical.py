"""The private iCalendar link: the feed a phone subscribes to (no sign-in,
the secret is the key) and the professional's own screen to make or revoke
it (Account → Calendar on the phone)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_GET
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..ical import agenda_calendar
from ..models import CalendarFeed
from ..services.calendar_feed import (
    calendar_feed_create,
    calendar_feed_revoke,
    feed_owner,
    user_can_have_feed,
)


@require_GET
def calendar_feed(request, token: str) -> HttpResponse:
    """The agenda of the link's professional; 404 for a revoked or unknown
    link (nothing tells the two apart)."""
    professional = feed_owner(token)
    if professional is None:
        raise Http404
    response = HttpResponse(
        agenda_calendar(professional), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def feed_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("agenda_calendar_feed", args=[token]))


class CalendarLinkView(WagtailAdminTemplateMixin, View):
    """Make a new link (shown once), or revoke the current one."""

    template_name = "agenda/account/calendar_link.html"
    page_title = gettext_lazy("Calendar on the phone")
    header_icon = "calendar-alt"

    def dispatch(self, request, *args, **kwargs):
        if not user_can_have_feed(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, token: str | None = None):
        feed = CalendarFeed.objects.filter(professional=request.user).first()
        context = self.get_context_data(
            feed=feed, url=feed_url(request, token) if token else None
        )
        return TemplateResponse(request, self.template_name, context)

    def post(self, request):
        if request.POST.get("action") == "revoke":
            if calendar_feed_revoke(acting_user=request.user):
                messages.success(
                    request, _("The link was revoked: it opens nothing now.")
                )
            return redirect("agenda_calendar_link")
        token = calendar_feed_create(acting_user=request.user)
        messages.success(
            request,
            _("A new link was made; any earlier one no longer works."),
        )
        return self.get(request, token=token)
