"""The immigration screens' forms: opening, the cover, the immigration
actuació, and the listings' filters.

Professional fields offer only the area's immigration professionals
(`immigration_professionals`); catalogue fields the area's active entries,
keeping the one an older record already has.
"""

from decimal import Decimal

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import AdminDateInput

from configuration.custom_fields import CustomFieldsFormMixin
from configuration.dates import DateFromToRangeFilter, LlarDateField
from configuration.enums import ExpedientState, ImmigrationCourseLevel
from configuration.filters import visible_choices
from configuration.models import (
    ImmigrationCourse,
    ImmigrationProject,
    Sector,
    User,
)

from ...viewsets.base import ExpedientItemForm
from .enums import ImmigrationReferralSource
from .models import ImmigrationActuacio, ImmigrationCase
from .permissions import immigration_professionals


def _professionals(area_id, current=None):
    return User.objects.filter(
        Q(pk__in=immigration_professionals(area_id).values("pk")) | Q(pk=current)
    ).order_by("last_name", "first_name", "pk")


class OpenImmigrationForm(forms.Form):
    """The territory, professionals and process start of a new immigration
    expedient; the sector defaults to the person's municipality of residence."""

    sector = forms.ModelChoiceField(
        queryset=Sector.objects.none(),
        label=_("Sector"),
        required=False,
        empty_label=_("The one of the municipality of residence"),
    )
    reference_professional = forms.ModelChoiceField(
        queryset=User.objects.none(), label=_("Reference professional")
    )
    co_reference_professional = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=_("Co-reference professional"),
        required=False,
    )
    process_start = LlarDateField(
        label=_("Process start date"),
        widget=AdminDateInput,
        help_text=_("Today unless changed; the process ends exactly two years later."),
    )
    external_reference = forms.CharField(
        label=_("External reference"), required=False, max_length=50
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.filter(
            area_id=user.area_id, is_active=True
        )
        professionals = _professionals(user.area_id)
        self.fields["reference_professional"].queryset = professionals
        self.fields["co_reference_professional"].queryset = professionals
        if professionals.filter(pk=user.pk).exists():
            self.fields["reference_professional"].initial = user.pk


class ImmigrationCoverForm(CustomFieldsFormMixin, forms.Form):
    """The cover's fields, then the area's own ("cover.immigration")."""

    custom_form = "cover.immigration"

    process_start = LlarDateField(
        label=_("Process start date"),
        widget=AdminDateInput,
        help_text=_("The process ends exactly two years later."),
    )
    external_reference = forms.CharField(
        label=_("External reference"), required=False, max_length=50
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, case, **kwargs):
        self.instance = case  # whose `extra` keeps the area's own fields
        super().__init__(*args, **kwargs)
        self.initial.setdefault("process_start", case.process_start)
        self.initial.setdefault("external_reference", case.external_reference)
        self.initial.setdefault("expected_version", case.version)


class ImmigrationActuacioForm(ExpedientItemForm):
    """Topic and responsible professional required; the responsible one is an
    immigration professional of the area, the author unless changed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        area_id = self.expedient.area_id if self.expedient else None
        for name in ImmigrationActuacio.ENTRY_FIELDS:
            field = self.fields[name]
            field.queryset = field.queryset.filter(area_id=area_id).filter(
                Q(is_active=True) | Q(pk=self.initial.get(name))
            )
        self.fields["type"].label = _("Action type")
        self.fields["type"].queryset = self.fields["type"].queryset.filter(
            Q(is_active=True) | Q(pk=self.initial.get("type"))
        )
        self.fields["topic"].required = True
        responsible = self.fields["responsible"]
        responsible.required = True
        responsible.queryset = _professionals(area_id, self.initial.get("responsible"))
        if self.instance.pk is None and self.for_user is not None:
            responsible.initial = self.for_user.pk


# --- listing filters ------------------------------------------------------------


class ImmigrationActuacioFilterSet(WagtailFilterSet):
    """Immigration actuacions by date, project, course, referral source,
    professional and sector (domain.md §5.1)."""

    date = DateFromToRangeFilter(label=_("Date"))
    project = django_filters.ModelChoiceFilter(
        label=_("Project"), queryset=visible_choices(ImmigrationProject)
    )
    course = django_filters.ModelChoiceFilter(
        label=_("Action or course"), queryset=visible_choices(ImmigrationCourse)
    )
    referral_source = django_filters.ChoiceFilter(
        label=_("Referred from"),
        choices=ImmigrationReferralSource.choices,
        empty_label=_("All"),
    )
    itinerary_informed = django_filters.BooleanFilter(
        label=_("Service itinerary informed")
    )
    responsible = django_filters.ModelChoiceFilter(
        label=_("Professional"), queryset=visible_choices(User)
    )
    sector = django_filters.ModelChoiceFilter(
        field_name="expedient__sector",
        label=_("Sector"),
        queryset=visible_choices(Sector),
    )

    class Meta:
        model = ImmigrationActuacio
        fields: list = []


class ImmigrationCaseFilterSet(WagtailFilterSet):
    """Immigration expedients by state, opening, process term, sector and
    professional (domain.md §5.1: "expedients past the 2-year term")."""

    state = django_filters.ChoiceFilter(
        label=_("State"), choices=ExpedientState.choices, empty_label=_("All")
    )
    opened = DateFromToRangeFilter(field_name="created_at__date", label=_("Opened"))
    process_start = DateFromToRangeFilter(label=_("Process start date"))
    expired = django_filters.BooleanFilter(
        label=_("Two-year term expired"), method="filter_expired"
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), queryset=visible_choices(Sector)
    )
    reference_professional = django_filters.ModelChoiceFilter(
        label=_("Reference professional"), queryset=visible_choices(User)
    )

    class Meta:
        model = ImmigrationCase
        fields: list = []

    def filter_expired(self, queryset, name, value):
        from .listings import expired_q

        if value is None:
            return queryset
        return queryset.filter(expired_q()) if value else queryset.exclude(expired_q())


# --- first-reception training ----------------------------------------------------


class EnrolForm(forms.Form):
    course = forms.ModelChoiceField(
        queryset=ImmigrationCourse.objects.none(), label=_("Course")
    )
    on = LlarDateField(label=_("Enrolled on"), widget=AdminDateInput)

    def __init__(self, *args, expedient, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = ImmigrationCourse.objects.filter(
            area_id=expedient.area_id, is_active=True
        ).order_by("level", "name")


class AccreditForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Typology"), choices=ImmigrationCourseLevel.choices
    )
    on = LlarDateField(label=_("Accredited on"), widget=AdminDateInput)
    evidence = forms.FileField(label=_("Accreditation document"))
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReceptionForm(forms.Form):
    reception_certificate_on = LlarDateField(
        label=_("Reception certificate obtained on"),
        widget=AdminDateInput,
        required=False,
    )
    signed_application = forms.FileField(
        label=_("Signed application"),
        required=False,
        help_text=_("Upload the application signed by the person."),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault(
            "reception_certificate_on", case.reception_certificate_on
        )
        self.initial.setdefault("expected_version", case.version)


class CourseClassForm(forms.Form):
    on = LlarDateField(label=_("Class date"), widget=AdminDateInput)
    hours = forms.DecimalField(
        label=_("Hours"), min_value=Decimal("0.25"), max_digits=4, decimal_places=2
    )


class AttendanceForm(forms.Form):
    """One checkbox per person enrolled in the class's course (of the
    expedients the professional reads): ticked when they attended."""

    def __init__(self, *args, modules, register, **kwargs):
        super().__init__(*args, **kwargs)
        self.modules = list(modules)
        for module in self.modules:
            self.fields[f"module_{module.pk}"] = forms.BooleanField(
                label=module.person_label,
                required=False,
                initial=register.get(module.pk, False),
            )

    def attended(self) -> dict[int, bool]:
        return {
            module.pk: bool(self.cleaned_data.get(f"module_{module.pk}"))
            for module in self.modules
        }
