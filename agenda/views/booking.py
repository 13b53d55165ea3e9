"""Booking an appointment or a reservation, and the appointment's own page:
edit it (this one or all of its series from its date), record its outcome
(Realitzada offers writing the actuació), cancel it. Every write goes
through agenda/services; a clash is refused with the sentence that names it,
and a coordinator is offered to book anyway (recorded)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from casework.models import Expedient, LinkedPerson
from casework.services.expedients import ActionNotAllowed
from configuration.media import FormMediaMixin
from directory.models import Person

from .. import services
from ..enums import AppointmentState
from ..feed import disclosed_ids
from ..forms import (
    FROM_THIS_DATE,
    PERSON_FIELDS,
    BookingForm,
    CancelForm,
    EditForm,
    OutcomeForm,
    add_service_error,
    bookable_professionals,
)
from ..models import Appointment, AppointmentPerson
from ..permissions import user_can_change_appointment, user_can_record_outcome
from .calendar import AgendaAccessMixin, AgendaBreadcrumbsMixin, calendar_day_url
from .common import parse_day, parse_time

FORM_TEMPLATE = "agenda/calendar/form.html"


class ServiceFormMixin(FormMediaMixin):
    """Run a service on a valid form; show its refusals on the form, and
    offer a coordinator to confirm a clash ("Book anyway")."""

    clash_overridable = False

    def run(self, form):  # pragma: no cover - each view says what it does
        raise NotImplementedError

    def override(self) -> bool:
        return self.request.POST.get("override") == "1"

    def form_valid(self, form):
        try:
            return self.run(form)
        except services.BookingClash as clash:
            self.clash_overridable = clash.overridable
            form.add_error(None, clash)
        except ActionNotAllowed as refusal:
            form.add_error(None, str(refusal))
        except ValidationError as error:
            add_service_error(form, error)
        return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            clash_overridable=self.clash_overridable, **kwargs
        )


class BookView(
    AgendaAccessMixin,
    AgendaBreadcrumbsMixin,
    ServiceFormMixin,
    WagtailAdminTemplateMixin,
    FormView,
):
    """A new appointment (with persons) or reservation (`reservation=True`)."""

    template_name = FORM_TEMPLATE
    form_class = BookingForm
    header_icon = "date"
    reservation = False

    def get_page_title(self):
        return _("New reservation") if self.reservation else _("New appointment")

    def dispatch(self, request, *args, **kwargs):
        if not bookable_professionals(request.user).exists():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        return {**kwargs, "user": self.request.user, "reservation": self.reservation}

    def get_initial(self):
        return booking_initial(self.request, reservation=self.reservation)

    def get_context_data(self, **kwargs):
        expedient = _prefilled_expedient(self.request)
        return super().get_context_data(
            submit_label=_("Create the reservation")
            if self.reservation
            else _("Create the appointment"),
            override_label=_("Create it anyway"),
            back_url=reverse("agenda"),
            notice=_("Expedient: %(number)s") % {"number": expedient.number}
            if expedient
            else "",
            **kwargs,
        )

    def run(self, form):
        data = form.cleaned_data
        common = {
            "acting_user": self.request.user,
            "professionals": list(data["professionals"]),
            "sector": data["sector"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "details": form.details(),
            "override": self.override(),
        }
        persons = [] if self.reservation else form.persons()
        if data.get("repeat"):
            series = services.create_series(
                frequency=data["repeat"],
                first=data["date"],
                until=data.get("until"),
                count=data.get("count"),
                persons=persons,
                **common,
            )
            count = series.appointments.count()
            booked = ngettext(
                "%(count)s appointment booked.", "%(count)s appointments booked.", count
            )
            messages.success(self.request, booked % {"count": count})
        elif self.reservation:
            services.book_reservation(on=data["date"], **common)
            messages.success(self.request, _("Reservation created."))
        else:
            services.book_appointment(on=data["date"], persons=persons, **common)
            messages.success(self.request, _("Appointment created."))
        # Back to the agenda booked in: one's own when one attends.
        chosen = list(data["professionals"])
        shown = self.request.user if self.request.user in chosen else chosen[0]
        return HttpResponseRedirect(
            calendar_day_url(data["date"], f"professional={shown.pk}")
        )


def _prefilled_expedient(request):
    pk = request.GET.get("expedient")
    if not (pk and str(pk).isdigit()):
        return None
    visible = Expedient.objects.visible_to(request.user)
    return visible.select_related("sector").filter(pk=pk).first()


def booking_initial(request, *, reservation: bool) -> dict:
    """What the entry points prefill: the professional (by default oneself),
    the person, the expedient (its main person and sector), date and hours."""
    user, query = request.user, request.GET
    bookable = bookable_professionals(user)
    initial = {}
    wanted = query.get("professional") or user.pk
    chosen = bookable.filter(pk=wanted).first() if str(wanted).isdigit() else None
    if chosen:
        initial["professionals"] = [chosen]
    if (on := parse_day(query.get("date"))) is not None:
        initial["date"] = on
    for key in ("start", "end"):
        if (at := parse_time(query.get(key))) is not None:
            initial["starts_at" if key == "start" else "ends_at"] = at
    if reservation:
        return initial
    person_pk = query.get("person")
    if person_pk and str(person_pk).isdigit():
        person = Person.objects.visible_to(user).current().filter(pk=person_pk).first()
        initial["person"] = person
    if expedient := _prefilled_expedient(request):
        initial["expedient"] = expedient
        initial["sector"] = expedient.sector
        main = LinkedPerson.objects.filter(expedient=expedient, is_main=True).first()
        initial.setdefault("person", main.person if main else None)
    return initial


# --- one appointment -------------------------------------------------------------


def load_appointment(user, pk) -> Appointment:
    """The appointment if `user` may see it (404 otherwise), with who attends."""
    rows = Appointment.objects.visible_to(user).select_related(
        "sector", "subsector", "team", "place", "expedient", "series", "created_by"
    )
    attendances = AppointmentPerson.objects.select_related("person").order_by("pk")
    rows = rows.prefetch_related(
        Prefetch("attendances", queryset=attendances), "professionals"
    )
    return get_object_or_404(rows, pk=pk)


def may_change(user, appointment) -> bool:
    """Edit or cancel: a pending appointment `user` may change."""
    pending = appointment.state == AppointmentState.PENDING
    return pending and user_can_change_appointment(user, appointment)


def may_record(user, appointment) -> bool:
    """Record the outcome of an appointment not cancelled (the day is the
    service's check, refused with its sentence)."""
    return not appointment.is_cancelled and user_can_record_outcome(user, appointment)


class AppointmentMixin(AgendaAccessMixin, AgendaBreadcrumbsMixin):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.appointment = load_appointment(request.user, kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.appointment)

    def appointment_url(self) -> str:
        return reverse("agenda_appointment", args=[self.appointment.pk])


class AppointmentView(AppointmentMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "agenda/calendar/appointment.html"
    header_icon = "date"

    def get_page_title(self):
        if self.appointment.attendances.all():
            return _("Appointment")
        return _("Reservation")

    @cached_property
    def disclosed(self) -> bool:
        return self.appointment.pk in disclosed_ids(
            self.request.user, [self.appointment]
        )

    def get_context_data(self, **kwargs):
        appointment, user = self.appointment, self.request.user
        return super().get_context_data(
            appointment=appointment,
            disclosed=self.disclosed,
            attendances=appointment.attendances.all() if self.disclosed else [],
            professionals=appointment.professionals.all(),
            may_edit=may_change(user, appointment),
            may_record=appointment.date <= timezone.localdate()
            and may_record(user, appointment),
            actuacio=services.actuacio_offer(appointment, user)
            if self.disclosed
            else None,
            calendar_url=calendar_day_url(appointment.date),
            **kwargs,
        )


class AppointmentFormView(
    AppointmentMixin, ServiceFormMixin, WagtailAdminTemplateMixin, FormView
):
    template_name = FORM_TEMPLATE
    header_icon = "date"
    # Who may open the form at all (others: 404, no form to refuse on save).
    permitted = staticmethod(may_change)

    def dispatch(self, request, *args, **kwargs):
        if not self.permitted(request.user, self.appointment):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "appointment": self.appointment}

    def get_initial(self):
        return {"version": self.appointment.version}

    def get_context_data(self, **kwargs):
        return super().get_context_data(back_url=self.appointment_url(), **kwargs)

    def done(self, message: str):
        messages.success(self.request, message)
        return HttpResponseRedirect(self.appointment_url())


class EditView(AppointmentFormView):
    form_class = EditForm
    page_title = gettext_lazy("Edit the appointment")

    def get_form_kwargs(self):
        user, appointment = self.request.user, self.appointment
        disclosed = appointment.pk in disclosed_ids(user, [appointment])
        return {**super().get_form_kwargs(), "user": user, "disclosed": disclosed}

    def get_initial(self):
        a = self.appointment
        persons = [attendance.person for attendance in a.attendances.all()]
        return {
            **super().get_initial(),
            "date": a.date,
            "starts_at": a.starts_at,
            "ends_at": a.ends_at,
            "professionals": list(a.professionals.all()),
            "type": a.type,
            "scope": a.scope,
            "urgent": a.urgent,
            **dict(zip(PERSON_FIELDS, persons, strict=False)),
            "place": a.place,
            "observations": a.observations,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            submit_label=_("Save"), override_label=_("Save anyway"), **kwargs
        )

    def run(self, form):
        data = form.cleaned_data
        if data.get("apply_to") == FROM_THIS_DATE:
            _ensure_version(self.appointment, data["version"])
            changed = services.edit_series(
                series=self.appointment.series,
                acting_user=self.request.user,
                from_date=self.appointment.date,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                professionals=list(data["professionals"]),
                place=data.get("place"),
                observations=data.get("observations"),
                override=self.override(),
            )
            return self.done(
                ngettext(
                    "%(count)s appointment changed.",
                    "%(count)s appointments changed.",
                    len(changed),
                )
                % {"count": len(changed)}
            )
        services.edit_appointment(
            appointment=self.appointment,
            acting_user=self.request.user,
            on=data["date"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            professionals=list(data["professionals"]),
            place=data.get("place"),
            observations=data.get("observations"),
            expected_version=data["version"],
            override=self.override(),
            **form.edits(),
        )
        return self.done(_("Appointment saved."))


def _ensure_version(appointment, version) -> None:
    """The series path has no versioned save of this row first: refuse a
    stale form the same way."""
    from configuration.versioning import EditConflict

    if appointment.version != version:
        raise EditConflict(
            stored=appointment,
            changed_by=str(appointment.updated_by or ""),
            current_version=appointment.version,
            row=(Appointment._meta.label, appointment.pk),
        )


class OutcomeView(AppointmentFormView):
    form_class = OutcomeForm
    page_title = gettext_lazy("Record the outcome")
    permitted = staticmethod(may_record)

    def get_initial(self):
        persons = [a.person for a in self.appointment.attendances.all()]
        return {**super().get_initial(), "attended": persons}

    def get_context_data(self, **kwargs):
        return super().get_context_data(submit_label=_("Save"), **kwargs)

    def run(self, form):
        data = form.cleaned_data
        outcome = services.record_outcome(
            appointment=self.appointment,
            acting_user=self.request.user,
            state=data["state"],
            attended=list(data["attended"]) if "attended" in data else None,
            expected_version=data["version"],
        )
        message = _("Outcome recorded.")
        if outcome.actuacio is not None:
            message = _("Outcome recorded. You may now write the actuació.")
        return self.done(message)


class CancelView(AppointmentFormView):
    form_class = CancelForm
    page_title = gettext_lazy("Cancel the appointment")

    def get_context_data(self, **kwargs):
        return super().get_context_data(submit_label=_("Cancel it"), **kwargs)

    def run(self, form):
        data = form.cleaned_data
        by_person = data["by"] == "person"
        if data.get("apply_to") == FROM_THIS_DATE:
            _ensure_version(self.appointment, data["version"])
            count = services.cancel_series(
                series=self.appointment.series,
                acting_user=self.request.user,
                from_date=self.appointment.date,
                by_person=by_person,
            )
            cancelled = ngettext(
                "%(count)s appointment cancelled.",
                "%(count)s appointments cancelled.",
                count,
            )
            return self.done(cancelled % {"count": count})
        services.cancel(
            appointment=self.appointment,
            acting_user=self.request.user,
            by_person=by_person,
            expected_version=data["version"],
        )
        return self.done(_("Appointment cancelled."))
