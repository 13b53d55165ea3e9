"""The Agenda screen: day, week and month views of one professional's agenda
(by default one's own) or of a team's, drawn by FullCalendar (self-hosted in
agenda/static/agenda/vendor/fullcalendar, started by agenda/static/agenda/
calendar.js, no inline script) and fed by `EventsView`, the JSON of
agenda.feed. Dragging an event goes through `MoveView`, which reschedules with
the same booking service (and its refusals) as the edit form.
"""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from casework.services.expedients import ActionNotAllowed
from configuration.models import Team
from configuration.versioning import EditConflict

from ..feed import (
    calendar_events,
    duty_slot_events,
    professional_colours,
    state_legend,
)
from ..models import Appointment
from ..permissions import agenda_professionals, bookable_ids, user_can_override_clash
from ..services import BookingClash, reschedule
from .common import parse_day, parse_time

# Longest range the events answer for: a month view shows six weeks.
MAX_RANGE_DAYS = 42


class AgendaAccessMixin:
    """Only roles that read an agenda reach these screens (others: 404)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("agenda.view_appointment"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class AgendaBreadcrumbsMixin:
    """Home › Agenda › this screen."""

    def get_breadcrumbs_items(self):
        agenda = {"url": reverse("agenda"), "label": _("Agenda")}
        here = {"url": "", "label": self.get_page_title()}
        return [*self.breadcrumbs_items, agenda, here]


def user_teams(user):
    """The teams whose agendas `user` may show together: the area's for those
    who book for the whole area, otherwise their own."""
    teams = Team.objects.filter(area_id=user.area_id, is_active=True)
    if not user.has_perm("agenda.book_for_area"):
        teams = teams.filter(members=user)
    return teams.order_by("name")


class Shown:
    """Whose agendas a request asks for: `?team=` or `?professional=` (one's
    own by default); anything out of the user's reach is 404."""

    def __init__(self, request):
        self.user = request.user
        self.reachable = agenda_professionals(self.user)
        self.team = None
        self.professional = None
        team_id = request.GET.get("team")
        if team_id:
            self.team = get_object_or_404(user_teams(self.user), pk=_int(team_id))
        else:
            wanted = _int(request.GET.get("professional") or self.user.pk)
            self.professional = get_object_or_404(self.reachable, pk=wanted)

    @cached_property
    def professionals(self) -> list:
        if self.team is not None:
            members = self.reachable.filter(teams=self.team).distinct()
            return list(members.order_by("first_name", "last_name", "pk"))
        return [self.professional]

    @property
    def own(self) -> bool:
        return self.team is None and self.professional.pk == self.user.pk

    def query(self) -> str:
        if self.team is not None:
            return f"team={self.team.pk}"
        return f"professional={self.professional.pk}"


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


class CalendarView(AgendaAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "agenda/calendar/calendar.html"
    page_title = gettext_lazy("Agenda")
    header_icon = "date"

    def get(self, request, *args, **kwargs):
        if not agenda_professionals(request.user).exists():
            raise Http404
        self.shown = Shown(request)
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.shown.team or self.shown.professional)

    def get_breadcrumbs_items(self):
        here = {"url": "", "label": self.get_header_title()}
        return [*self.breadcrumbs_items, here]

    @cached_property
    def header_buttons(self):
        from wagtail.admin.widgets.button import HeaderButton

        buttons = []
        query = self.booking_query()
        if self.can_book:
            buttons.append(
                HeaderButton(
                    _("New appointment"),
                    url=reverse("agenda_book_appointment") + query,
                    icon_name="plus",
                )
            )
            buttons.append(
                HeaderButton(
                    _("New reservation"),
                    url=reverse("agenda_book_reservation") + query,
                    icon_name="time",
                )
            )
        if user_can_override_clash(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Duty slots"), url=reverse("agenda_duty_slots"), icon_name="time"
                )
            )
        return buttons

    def booking_query(self) -> str:
        """One professional's agenda books in it; a team's, in one's own."""
        if self.shown.team is None:
            return f"?professional={self.shown.professional.pk}"
        return ""

    @cached_property
    def can_book(self) -> bool:
        ids = [p.pk for p in self.shown.professionals]
        return bool(bookable_ids(self.request.user, ids))

    def legend(self) -> list[dict]:
        if self.shown.own:
            return [
                {"label": s["label"], "colour": s["colour"]} for s in state_legend()
            ]
        colours = professional_colours(self.shown.professionals)
        return [
            {"label": str(p), "colour": colours[p.pk]} for p in self.shown.professionals
        ]

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            shown=self.shown,
            legend=self.legend(),
            legend_heading=_("States") if self.shown.own else _("Professionals"),
            professionals=self.shown.reachable.order_by("first_name", "last_name"),
            teams=user_teams(user),
            events_url=f"{reverse('agenda_events')}?{self.shown.query()}",
            appointment_url=reverse("agenda_appointment", args=[0]),
            move_url=reverse("agenda_move", args=[0]),
            # Selecting a free slot (or a day) opens the booking form with it.
            book_url=reverse("agenda_book_appointment") + self.booking_query()
            if self.can_book
            else "",
            may_override=user.has_perm("agenda.coordinate_agenda"),
            initial_view=self.request.GET.get("view") or "timeGridWeek",
            initial_date=self.request.GET.get("date") or "",
            **kwargs,
        )


class EventsView(AgendaAccessMixin, View):
    """The events FullCalendar asks for (`start`, `end`), as JSON; scoped and
    with a constant number of queries (agenda.feed)."""

    def get(self, request):
        shown = Shown(request)
        start = parse_day(request.GET.get("start"))
        end = parse_day(request.GET.get("end"))
        if start is None or end is None or end <= start:
            return JsonResponse(
                {"error": _("Give a start and an end date.")}, status=400
            )
        end = min(end, start + timedelta(days=MAX_RANGE_DAYS))
        professionals = shown.professionals
        events = calendar_events(request.user, professionals, start, end)
        background = duty_slot_events(request.user, professionals, start, end)
        return JsonResponse([_for_calendar(e) for e in events] + background, safe=False)


def _for_calendar(event: dict) -> dict:
    colour = event.pop("colour")
    event["backgroundColor"] = event["borderColor"] = colour
    event["startEditable"] = event["durationEditable"] = event.pop("editable")
    return event


class MoveView(AgendaAccessMixin, View):
    """Drag to reschedule: the same service as the edit form; a refusal
    answers the sentence that names the clash (the calendar snaps back)."""

    def post(self, request, pk):
        visible = Appointment.objects.visible_to(request.user)
        appointment = get_object_or_404(visible, pk=pk)
        on = parse_day(request.POST.get("date"))
        starts_at = parse_time(request.POST.get("start"))
        ends_at = parse_time(request.POST.get("end"))
        if None in (on, starts_at, ends_at):
            return _refused([_("Give the new date and hours.")])
        try:
            reschedule(
                appointment=appointment,
                acting_user=request.user,
                on=on,
                starts_at=starts_at,
                ends_at=ends_at,
                expected_version=_version(request.POST.get("version")),
                override=request.POST.get("override") == "1",
            )
        except BookingClash as clash:
            return _refused(clash.messages, overridable=clash.overridable)
        except (ValidationError, ActionNotAllowed, PermissionDenied) as error:
            return _refused(_messages(error))
        return JsonResponse({"ok": True, "version": appointment.version})


def _version(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _messages(error) -> list[str]:
    if isinstance(error, ValidationError | EditConflict):
        return list(error.messages)
    return [str(error)]


def _refused(messages, *, overridable=False) -> JsonResponse:
    return JsonResponse(
        {"ok": False, "messages": messages, "overridable": overridable}, status=409
    )


def calendar_day_url(appointment_date: date, query: str = "") -> str:
    url = f"{reverse('agenda')}?view=timeGridDay&date={appointment_date:%Y-%m-%d}"
    return f"{url}&{query}" if query else url
