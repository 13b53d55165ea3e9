"""The agenda's forms: booking an appointment or a reservation, editing one,
recording its outcome and cancelling it (agenda/views/booking.py). They read
and check what was typed; the rules are agenda/services'."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput, AdminTimeInput

from casework.models import Expedient
from configuration.dates import LlarDateField
from configuration.enums import Weekday
from configuration.models import ActuacioPlace, Sector, Subsector, Team, User
from configuration.scope import narrow_chooser_widgets
from directory.choosers import person_chooser_viewset
from directory.models import Person

from .enums import (
    OUTCOME_STATES,
    AppointmentScope,
    AppointmentState,
    AppointmentType,
    SeriesFrequency,
)
from .permissions import agenda_professionals, bookable_ids, duty_professionals
from .services import Details

THIS_ONE, FROM_THIS_DATE = "one", "from"


def bookable_professionals(user):
    """The professionals `user` may book for, as a queryset (the form's choices)."""
    reachable = agenda_professionals(user)
    ids = bookable_ids(user, reachable.values_list("pk", flat=True))
    return User.objects.filter(pk__in=ids).order_by("first_name", "last_name", "pk")


PERSON_FIELDS = ("person", "person_2", "person_3")


def add_person_fields(form: forms.Form, user) -> None:
    """Up to three persons attending, chosen among those `user` may see."""
    persons = Person.objects.visible_to(user).current()
    for name, label, required in zip(
        PERSON_FIELDS,
        (_("Person"), _("Another person"), _("Another person")),
        (True, False, False),
        strict=True,
    ):
        form.fields[name] = forms.ModelChoiceField(
            label=label,
            queryset=persons,
            widget=person_chooser_viewset.widget_class(),
            required=required,
        )
    # A refused value (mistyped, or a person out of scope) is drawn empty,
    # never as the name of whoever has that id, nor a crash on a non-id.
    narrow_chooser_widgets(form)


def chosen_persons(cleaned_data: dict) -> list:
    """The persons chosen in the person fields, each once, in order."""
    unique = []
    for person in (cleaned_data.get(n) for n in PERSON_FIELDS):
        if person is not None and person not in unique:
            unique.append(person)
    return unique


def add_scope_fields(form: forms.Form) -> None:
    """A visit's scope (first interview or follow-up) and urgency."""
    form.fields["scope"] = forms.ChoiceField(
        label=_("Scope"),
        choices=[("", "—"), *AppointmentScope.choices],
        required=False,
    )
    form.fields["urgent"] = forms.BooleanField(label=_("Urgent"), required=False)


def type_choices(*, reservation: bool) -> list:
    """The appointment types; a reservation is never an interview."""
    types = AppointmentType.choices
    if reservation:
        types = [c for c in types if c[0] != AppointmentType.INTERVIEW]
    return types


def series_choice(label) -> forms.ChoiceField:
    """For an occurrence of a series: this one, or all from its date on."""
    return forms.ChoiceField(
        label=label,
        choices=[
            (THIS_ONE, _("This appointment only")),
            (FROM_THIS_DATE, _("This one and the next ones of the series")),
        ],
        initial=THIS_ONE,
        widget=forms.RadioSelect,
    )


class HoursFieldsMixin(forms.Form):
    """From and until, typed as HH:MM, the end after the start."""

    starts_at = forms.TimeField(label=_("From"), widget=AdminTimeInput)
    ends_at = forms.TimeField(label=_("Until"), widget=AdminTimeInput)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("The end is after the start."))
        return cleaned


class SlotFieldsMixin(HoursFieldsMixin):
    """The date and hours, typed as dd/mm/aaaa and HH:MM."""

    field_order = ["date", "starts_at", "ends_at"]

    date = LlarDateField(label=_("Date"), widget=AdminDateInput)


class BookingForm(SlotFieldsMixin, forms.Form):
    """A new appointment (with persons) or, with `reservation`, a new
    reservation (no persons, not an interview)."""

    field_order = [
        "person",
        "person_2",
        "person_3",
        "professionals",
        "date",
        "starts_at",
        "ends_at",
        "type",
        "scope",
        "sector",
        "subsector",
        "team",
        "place",
        "urgent",
        "walk_in",
        "observations",
        "repeat",
        "until",
        "count",
    ]

    professionals = forms.ModelMultipleChoiceField(
        label=_("Attending professionals"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.none())
    subsector = forms.ModelChoiceField(
        label=_("Subsector"), queryset=Subsector.objects.none(), required=False
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False
    )
    type = forms.TypedChoiceField(label=_("Type"), coerce=int)
    place = forms.ModelChoiceField(
        label=_("Place"), queryset=ActuacioPlace.objects.none(), required=False
    )
    observations = forms.CharField(
        label=_("Observations"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )
    repeat = forms.ChoiceField(
        label=_("Repeats"),
        choices=[("", _("Does not repeat")), *SeriesFrequency.choices],
        required=False,
    )
    until = LlarDateField(label=_("Until"), widget=AdminDateInput, required=False)
    count = forms.IntegerField(
        label=_("Times"), min_value=1, max_value=60, required=False
    )

    def __init__(self, *args, user, reservation=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.reservation = user, reservation
        self.fields["professionals"].queryset = bookable_professionals(user)
        sectors = Sector.objects.filter(area_id=user.area_id, is_active=True)
        self.fields["sector"].queryset = sectors
        self.fields["subsector"].queryset = Subsector.objects.filter(
            sector__in=sectors, is_active=True
        )
        self.fields["team"].queryset = Team.objects.filter(
            area_id=user.area_id, is_active=True
        )
        self.fields["place"].queryset = ActuacioPlace.objects.visible_to(user).active()
        self.fields["type"].choices = type_choices(reservation=reservation)
        self.fields["type"].initial = (
            AppointmentType.TECHNICAL_MEETING
            if reservation
            else AppointmentType.INTERVIEW
        )
        if not reservation:
            self._add_visit_fields(user)
        self.order_fields(self.field_order)

    def _add_visit_fields(self, user) -> None:
        add_person_fields(self, user)
        self.fields["expedient"] = forms.ModelChoiceField(
            queryset=Expedient.objects.visible_to(user),
            widget=forms.HiddenInput,
            required=False,
        )
        add_scope_fields(self)
        self.fields["walk_in"] = forms.BooleanField(
            label=_("Walk-in (without an appointment)"), required=False
        )

    def clean(self):
        cleaned = super().clean()
        one_end = (cleaned.get("until") is None) != (cleaned.get("count") is None)
        if cleaned.get("repeat") and not one_end:
            self.add_error("until", _("Give either an end date or a number of times."))
        subsector, sector = cleaned.get("subsector"), cleaned.get("sector")
        if subsector and sector and subsector.sector_id != sector.pk:
            self.add_error(
                "subsector", _("Choose a subsector of the appointment's sector.")
            )
        return cleaned

    def persons(self) -> list:
        return chosen_persons(self.cleaned_data)

    def details(self) -> Details:
        data = self.cleaned_data
        return Details(
            type=data["type"],
            place=data.get("place"),
            scope=data.get("scope") or "",
            urgent=bool(data.get("urgent")),
            walk_in=bool(data.get("walk_in")),
            subsector=data.get("subsector"),
            team=data.get("team"),
            observations=data.get("observations") or "",
            expedient=data.get("expedient"),
        )


class EditForm(SlotFieldsMixin, forms.Form):
    """Change a pending appointment: its slot, professionals, type, place and
    notes, and for a visit its scope, urgency and the persons attending (when
    `user` may see them); for a series occurrence, this one or all from this
    date on (the date and what is one appointment's stay as they are)."""

    field_order = [*PERSON_FIELDS, "professionals", "date", "starts_at", "ends_at"]
    # What a series' change from this date on leaves as it is.
    ONE_AT_A_TIME = ("type", "scope", "urgent", *PERSON_FIELDS)

    type = forms.TypedChoiceField(label=_("Type"), coerce=int)
    professionals = forms.ModelMultipleChoiceField(
        label=_("Attending professionals"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    place = forms.ModelChoiceField(
        label=_("Place"), queryset=ActuacioPlace.objects.none(), required=False
    )
    observations = forms.CharField(
        label=_("Observations"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, user, appointment, disclosed=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit = bool(appointment.attendances.all())
        self.fields["professionals"].queryset = bookable_professionals(user)
        self.fields["place"].queryset = ActuacioPlace.objects.visible_to(user).active()
        self.fields["type"].choices = type_choices(reservation=not self.visit)
        if self.visit:
            if disclosed:
                add_person_fields(self, user)
            add_scope_fields(self)
        if appointment.series_id:
            self.fields["apply_to"] = series_choice(_("Apply the change to"))
        self.order_fields(self.field_order)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("apply_to") != FROM_THIS_DATE:
            return cleaned
        if "date" in self.changed_data:
            self.add_error(
                "date",
                _(
                    "A series keeps its dates: change the date of one appointment "
                    "at a time."
                ),
            )
        for name in self.ONE_AT_A_TIME:
            if name in self.changed_data:
                self.add_error(
                    name,
                    _("Change this in one appointment at a time, not in the series."),
                )
        return cleaned

    def edits(self) -> dict:
        """The service's keywords for what this form changes (None keeps)."""
        data = self.cleaned_data
        return {
            "type": data["type"],
            "urgent": data.get("urgent") if self.visit else None,
            "scope": (data.get("scope") or "") if self.visit else None,
            "persons": chosen_persons(data) if "person" in self.fields else None,
        }


class OutcomeForm(forms.Form):
    state = forms.TypedChoiceField(
        label=_("What happened"),
        coerce=int,
        choices=[(s.value, s.label) for s in AppointmentState if s in OUTCOME_STATES],
        widget=forms.RadioSelect,
    )
    attended = forms.ModelMultipleChoiceField(
        label=_("Who came"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, appointment, **kwargs):
        super().__init__(*args, **kwargs)
        persons = [a.person_id for a in appointment.attendances.all()]
        if persons:
            self.fields["attended"].queryset = Person.objects.filter(pk__in=persons)
        else:
            del self.fields["attended"]


class CancelForm(forms.Form):
    by = forms.ChoiceField(
        label=_("Cancelled by"),
        choices=[
            ("professional", _("The professional")),
            ("person", _("The person")),
        ],
        widget=forms.RadioSelect,
        initial="professional",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, appointment, **kwargs):
        super().__init__(*args, **kwargs)
        if not appointment.attendances.all():
            self.fields["by"].choices = self.fields["by"].choices[:1]
        if appointment.series_id:
            self.fields["apply_to"] = series_choice(_("Cancel"))


class DutySlotForm(HoursFieldsMixin):
    """A duty slot ("espai de permanència") of a professional of the
    coordinator's teams: weekday, hours and sector."""

    field_order = ["professional", "weekday", "starts_at", "ends_at", "sector"]

    professional = forms.ModelChoiceField(
        label=_("Professional"), queryset=User.objects.none()
    )
    weekday = forms.TypedChoiceField(
        label=_("Weekday"), coerce=int, choices=Weekday.choices
    )
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["professional"].queryset = duty_professionals(user).order_by(
            "first_name", "last_name", "pk"
        )
        self.fields["sector"].queryset = Sector.objects.filter(
            area_id=user.area_id, is_active=True
        )


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on its field when the form has
    it, otherwise above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item)
        return
    form.add_error(None, error)
