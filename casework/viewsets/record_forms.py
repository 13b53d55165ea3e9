"""Forms and listing filters of actuacions, demandes and problemàtiques.

Person fields offer only the persons linked to the expedient (the base form
narrows them); catalogue fields offer the area's active entries, plus the one
already chosen on an older record.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from configuration.choices import LabelChoiceFilter
from configuration.dates import DateFromToRangeFilter
from configuration.filters import visible_choices
from configuration.models import ActuacioType, DemandType, ProblemType, User
from configuration.models.catalogues import current_year

from ..enums import ActuacioOrigin, ProblemScope
from ..models import Actuacio, Demand, ProblemRecord
from ..services import BeneficiaryMode
from .base import ExpedientItemForm


def active_or_current(form, name: str) -> None:
    """Offer active entries only, keeping the one the record already has."""
    field = form.fields[name]
    current = form.initial.get(name)
    field.queryset = field.queryset.filter(Q(is_active=True) | Q(pk=current))


class ActuacioForm(ExpedientItemForm):
    """Type, place, topic and responsible professional are required by hand."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("type", "place", "responsible"):
            self.fields[name].required = True
            active_or_current(self, name)
        if self.instance.pk is None and self.for_user is not None:
            self.fields["responsible"].initial = self.for_user.pk
        professionals = self.fields["attendee_professionals"]
        professionals.queryset = professionals.queryset.filter(is_active=True)


class DemandForm(ExpedientItemForm):
    """Beneficiaries: the main person, a selection, or every linked person."""

    beneficiary_mode = forms.ChoiceField(
        label=_("Beneficiaries"),
        choices=BeneficiaryMode.choices,
        initial=BeneficiaryMode.HOLDER,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        active_or_current(self, "type")
        beneficiaries = self.fields["beneficiaries"]
        beneficiaries.required = False
        beneficiaries.label = _("Which persons (for “some”)")
        if self.expedient is not None:
            actuacio = self.fields["actuacio"]
            actuacio.queryset = actuacio.queryset.filter(expedient=self.expedient)
            if self.instance.pk is not None:
                self.fields["beneficiary_mode"].initial = self._current_mode()

    def _current_mode(self) -> str:
        chosen = set(self.instance.beneficiaries.values_list("pk", flat=True))
        links = list(self.expedient.links.values_list("person_id", "is_main"))
        if chosen == {pk for pk, is_main in links if is_main}:
            return BeneficiaryMode.HOLDER
        if chosen == {pk for pk, _main in links}:
            return BeneficiaryMode.ALL
        return BeneficiaryMode.SOME

    def clean(self):
        data = super().clean()
        if data.get("beneficiary_mode") == BeneficiaryMode.SOME and not data.get(
            "beneficiaries"
        ):
            self.add_error("beneficiaries", _("Choose at least one person."))
        return data


class ProblemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.name}"


class ProblemForm(ExpedientItemForm):
    """This year's catalogue, grouped by problem type; a new record concerns
    every linked person until the professional narrows it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["problem"]
        current = self.initial.get("problem")
        field.queryset = field.queryset.filter(
            Q(year=current_year(), is_active=True) | Q(pk=current)
        ).select_related("type")
        field.choices = self._grouped(field)
        if self.instance.pk is None and self.expedient is not None:
            self.fields["beneficiaries"].initial = list(
                self.expedient.links.values_list("person_id", flat=True)
            )

    @staticmethod
    def _grouped(field) -> list:
        groups: dict = {}
        for problem in field.queryset.order_by("type__sort_order", "type__code"):
            group = f"{problem.type.code} {problem.type.name}"
            groups.setdefault(group, []).append(
                (problem.pk, f"{problem.code} {problem.name}")
            )
        return [("", field.empty_label), *groups.items()]


# --- listing filters -----------------------------------------------------------------


class ExpedientItemFilterSet(WagtailFilterSet):
    """Base of the item listings' filters; the `?expedient=` narrowing is not
    one of them (casework.viewsets.base.ExpedientFilterMixin)."""


def professional_filter(field_name: str) -> django_filters.Filter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        label=_("Professional"),
        queryset=visible_choices(User),
    )


class ActuacioFilterSet(ExpedientItemFilterSet):
    date = DateFromToRangeFilter(label=_("Date"))
    type = LabelChoiceFilter(label=_("Type"), queryset=visible_choices(ActuacioType))
    responsible = professional_filter("responsible")
    origin = django_filters.ChoiceFilter(
        label=_("Origin"), choices=ActuacioOrigin.choices
    )

    class Meta:
        model = Actuacio
        fields: list = []


class DemandFilterSet(ExpedientItemFilterSet):
    date = DateFromToRangeFilter(label=_("Date asked"))
    type = LabelChoiceFilter(label=_("Type"), queryset=visible_choices(DemandType))
    created_by = professional_filter("created_by")

    class Meta:
        model = Demand
        fields: list = []


class ProblemFilterSet(ExpedientItemFilterSet):
    starts_on = DateFromToRangeFilter(label=_("Start date"))
    problem_type = LabelChoiceFilter(
        field_name="problem__type",
        label=_("Problem type"),
        queryset=visible_choices(ProblemType),
    )
    scope = django_filters.ChoiceFilter(label=_("Scope"), choices=ProblemScope.choices)
    created_by = professional_filter("created_by")

    class Meta:
        model = ProblemRecord
        fields: list = []
