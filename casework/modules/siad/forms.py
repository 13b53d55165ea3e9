"""The women's service screens' forms: opening, the SIAD actuació, the
training assigned to the woman and her attendance, and the listings' filters.

Professional fields offer only the area's SIAD professionals
(`siad_professionals`); catalogue fields the active entries, keeping the one
an older record already has. A consultation type must be one of the chosen
consultation area's: the choices are grouped by area, and a forged pair is
refused on the form as the service would refuse it.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import AdminDateInput

from configuration.choices import LabelChoiceField, LabelChoiceFilter
from configuration.dates import DateFromToRangeFilter, LlarDateField
from configuration.enums import ExpedientState
from configuration.filters import visible_choices
from configuration.models import (
    Sector,
    SiadChannel,
    SiadConsultationArea,
    SiadConsultationType,
    SiadService,
    SiadTrainingResource,
    SiadViolenceSituation,
    User,
)

from ...views.cover_edit import ModuleCoverForm
from ...viewsets.base import ExpedientItemForm
from .models import SiadActuacio, WomensServiceCase
from .permissions import siad_professionals

CATALOGUE_FIELDS = SiadActuacio.ENTRY_FIELDS


def _active_or_current(field, current) -> None:
    field.queryset = field.queryset.filter(Q(is_active=True) | Q(pk=current))


class OpenWomensServiceForm(forms.Form):
    """The territory and professionals of a new women's service expedient; the
    sector defaults to the woman's municipality of residence."""

    sector = forms.ModelChoiceField(
        queryset=Sector.objects.none(),
        label=_("Sector"),
        required=False,
        empty_label=_("The one of her municipality of residence"),
    )
    reference_professional = forms.ModelChoiceField(
        queryset=User.objects.none(), label=_("Reference professional")
    )
    co_reference_professional = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=_("Co-reference professional"),
        required=False,
    )
    external_reference = forms.CharField(
        label=_("External reference"), required=False, max_length=50
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.filter(
            area_id=user.area_id, is_active=True
        )
        professionals = siad_professionals(user.area_id).order_by(
            "last_name", "first_name", "pk"
        )
        self.fields["reference_professional"].queryset = professionals
        self.fields["co_reference_professional"].queryset = professionals
        if professionals.filter(pk=user.pk).exists():
            self.fields["reference_professional"].initial = user.pk


class WomensServiceCoverForm(ModuleCoverForm):
    """The external reference and the co-reference professional (one of the
    area's SIAD professionals), then the area's own fields."""

    co_reference_professional = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=_("Co-reference professional"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["co_reference_professional"]
        allowed = siad_professionals(self.instance.area_id).values("pk")
        field.queryset = User.objects.filter(
            Q(pk__in=allowed) | Q(pk=self.instance.co_reference_professional_id)
        ).order_by("last_name", "first_name", "pk")


def consultation_type_choices(field) -> list:
    """The consultation types grouped by their area (optgroups), so the
    dependent list reads as "area → type" without a script."""
    groups: dict = {}
    types = field.queryset.select_related("consultation_area").order_by(
        "consultation_area__sort_order", "consultation_area__name", "sort_order", "name"
    )
    for entry in types:
        groups.setdefault(entry.consultation_area.name, []).append(
            (entry.pk, entry.name)
        )
    return [("", field.empty_label), *groups.items()]


def consultation_pair_error(area, chosen) -> str:
    return _("“%(type)s” is not a consultation type of the area “%(area)s”.") % {
        "type": chosen.name,
        "area": area.name,
    }


class SiadActuacioForm(ExpedientItemForm):
    """Topic and responsible professional required; the responsible one is a
    SIAD professional of the area, the author unless changed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in CATALOGUE_FIELDS:
            _active_or_current(self.fields[name], self.initial.get(name))
        responsible = self.fields["responsible"]
        responsible.required = True
        self.fields["topic"].required = True
        area_id = self.expedient.area_id if self.expedient else None
        current = self.initial.get("responsible")
        responsible.queryset = User.objects.filter(
            Q(pk__in=siad_professionals(area_id).values("pk")) | Q(pk=current)
        ).order_by("last_name", "first_name", "pk")
        if self.instance.pk is None and self.for_user is not None:
            responsible.initial = self.for_user.pk
        kind = self.fields["consultation_type"]
        kind.choices = consultation_type_choices(kind)

    def clean(self):
        data = super().clean()
        area, chosen = data.get("consultation_area"), data.get("consultation_type")
        if (
            chosen is not None
            and area is not None
            and (chosen.consultation_area_id != area.pk)
        ):
            self.add_error("consultation_type", consultation_pair_error(area, chosen))
        return data


class TrainingAssignForm(forms.Form):
    resource = LabelChoiceField(
        queryset=SiadTrainingResource.objects.none(), label=_("Training resource")
    )
    on = LlarDateField(label=_("Assigned on"), widget=AdminDateInput)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, expedient, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = SiadTrainingResource.objects.filter(
            area_id=expedient.area_id, is_active=True
        )


ATTENDANCE = [("yes", _("She attended")), ("no", _("She did not attend"))]


class SessionForm(forms.Form):
    on = LlarDateField(label=_("Session date"), widget=AdminDateInput)
    attended = forms.ChoiceField(
        label=_("Attendance"), choices=ATTENDANCE, widget=forms.RadioSelect
    )

    def clean_attended(self) -> bool:
        return self.cleaned_data["attended"] == "yes"


# --- listing filters ------------------------------------------------------------


class SiadActuacioFilterSet(WagtailFilterSet):
    """Domain.md §5.1: SIAD actuacions by service, consultation area and
    violence situation, within a date range, per professional and sector."""

    date = DateFromToRangeFilter(label=_("Date"))
    attending_service = LabelChoiceFilter(
        label=_("Attending service"), queryset=visible_choices(SiadService)
    )
    consultation_area = LabelChoiceFilter(
        label=_("Consultation area"), queryset=visible_choices(SiadConsultationArea)
    )
    consultation_type = LabelChoiceFilter(
        label=_("Consultation type"), queryset=visible_choices(SiadConsultationType)
    )
    violence_situation = LabelChoiceFilter(
        label=_("Violence situation detected"),
        queryset=visible_choices(SiadViolenceSituation),
    )
    channel = LabelChoiceFilter(
        label=_("Channel"), queryset=visible_choices(SiadChannel)
    )
    urgent = django_filters.BooleanFilter(label=_("Urgent"))
    responsible = django_filters.ModelChoiceFilter(
        label=_("Professional"), queryset=visible_choices(User)
    )
    sector = django_filters.ModelChoiceFilter(
        field_name="expedient__sector",
        label=_("Sector"),
        queryset=visible_choices(Sector),
    )

    class Meta:
        model = SiadActuacio
        fields: list = []


class WomensServiceCaseFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=ExpedientState.choices, empty_label=_("All")
    )
    opened = DateFromToRangeFilter(field_name="created_at__date", label=_("Opened"))
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), queryset=visible_choices(Sector)
    )
    reference_professional = django_filters.ModelChoiceFilter(
        label=_("Reference professional"), queryset=visible_choices(User)
    )

    class Meta:
        model = WomensServiceCase
        fields: list = []
