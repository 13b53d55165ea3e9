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
        types = AppointmentType.choices
        if reservation:
            types = [c for c in types if c[0] != AppointmentType.INTERVIEW]
        self.fields["type"].choices = types
        self.fields["type"].initial = (
            AppointmentType.TECHNICAL_MEETING
            if reservation
            else AppointmentType.INTERVIEW
        )
        if not reservation:
            self._add_visit_fields(user)
        self.order_fields(self.field_order)

    def _add_visit_fields(self, user) -> None:
        persons = Person.objects.visible_to(user).current()
        chooser = person_chooser_viewset.widget_class
        for name, label, required in (
            ("person", _("Person"), True),
            ("person_2", _("Another person"), False),
            ("person_3", _("Another person"), False),
        ):
            self.fields[name] = forms.ModelChoiceField(
                label=label, queryset=persons, widget=chooser, required=required
            )
        self.fields["expedient"] = forms.ModelChoiceField(
            queryset=Expedient.objects.visible_to(user),
            widget=forms.HiddenInput,
            required=False,
        )
        self.fields["scope"] = forms.ChoiceField(
            label=_("Scope"),
            choices=[("", "—"), *AppointmentScope.choices],
            required=False,
        )
        self.fields["urgent"] = forms.BooleanField(label=_("Urgent"), required=False)
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
        chosen = [self.cleaned_data.get(n) for n in ("person", "person_2", "person_3")]
        unique = []
        for person in chosen:
            if person is not None and person not in unique:
                unique.append(person)
        return unique

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
    """Change a pending appointment: its slot, professionals, place and notes;
    for a series occurrence, this one or all from this date on."""

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

    def __init__(self, *args, user, appointment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["professionals"].queryset = bookable_professionals(user)
        self.fields["place"].queryset = ActuacioPlace.objects.visible_to(user).active()
        if appointment.series_id:
            self.fields["apply_to"] = series_choice(_("Apply the change to"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("apply_to") == FROM_THIS_DATE and "date" in self.changed_data:
            self.add_error(
                "date",
                _(
                    "A series keeps its dates: change the date of one appointment "
                    "at a time."
                ),
            )
        return cleaned


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
