"""The EAIA screens' forms: the cover, the Evolució period, the EAIA actuació
(with "record it in every sibling's expedient too") and the listings' filters.

Professional fields offer only the area's EAIA professionals; catalogue
fields (place, type) the active entries, keeping the one a row already has.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from configuration.choices import LabelChoiceFilter
from configuration.dates import DateFromToRangeFilter
from configuration.enums import ExpedientState
from configuration.filters import visible_choices
from configuration.models import ActuacioPlace, ActuacioType, Sector, User

from ...viewsets.base import ExpedientItemForm
from ...viewsets.expedients import ExpedientCoverForm
from .enums import (
    EaiaExpedientType,
    EaiaPhase,
    EaiaPriority,
    EaiaTerritoriality,
    EaiaThematicScope,
)
from .models import ChildProtectionCase, EaiaActuacio, EaiaEvolution
from .permissions import eaia_professionals


def _eaia_or_current(field, area_id, current) -> None:
    field.queryset = User.objects.filter(
        Q(pk__in=eaia_professionals(area_id).values("pk")) | Q(pk=current)
    ).order_by("last_name", "first_name", "pk")


class ChildProtectionCoverForm(ExpedientCoverForm):
    """The shared cover form; the synthesis author is an EAIA professional."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("synthesis_author")
        if field is None:
            return
        area_id = self.instance.area_id or getattr(self.for_user, "area_id", None)
        _eaia_or_current(field, area_id, self.initial.get("synthesis_author"))


class EaiaEvolutionForm(ExpedientItemForm):
    """A period: its end is never typed (the next period's start)."""


class EaiaActuacioForm(ExpedientItemForm):
    """Place, topic, type, thematic scope and responsible required; the
    responsible one is an EAIA professional of the area, the author unless
    changed. New ones may go to the siblings' expedients too."""

    to_siblings = forms.BooleanField(
        label=_("Record it in every sibling's expedient too"),
        required=False,
        help_text=_(
            "Siblings: persons recorded as brothers or sisters of the child who "
            "have an open EAIA expedient you work."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("place", "type", "topic", "thematic_scope", "responsible"):
            self.fields[name].required = True
        for name in ("place", "type"):
            field = self.fields[name]
            current = self.initial.get(name)
            field.queryset = field.queryset.filter(Q(is_active=True) | Q(pk=current))
        area_id = self.expedient.area_id if self.expedient else None
        _eaia_or_current(
            self.fields["responsible"], area_id, self.initial.get("responsible")
        )
        if self.instance.pk is None and self.for_user is not None:
            self.fields["responsible"].initial = self.for_user.pk
        if self.instance.pk is not None:
            del self.fields["to_siblings"]


# --- listing filters ----------------------------------------------------------------


class ChildProtectionCaseFilterSet(WagtailFilterSet):
    """Domain.md §5.1: EAIA expedients by state, phase and priority."""

    state = django_filters.ChoiceFilter(
        label=_("State"), choices=ExpedientState.choices, empty_label=_("All")
    )
    phase = django_filters.ChoiceFilter(
        label=_("Phase"), choices=EaiaPhase.choices, empty_label=_("All")
    )
    priority = django_filters.ChoiceFilter(
        label=_("Prioritisation criterion"),
        choices=EaiaPriority.choices,
        empty_label=_("All"),
    )
    opened = DateFromToRangeFilter(field_name="created_at__date", label=_("Opened"))
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), queryset=visible_choices(Sector)
    )
    reference_professional = django_filters.ModelChoiceFilter(
        label=_("Reference professional"), queryset=visible_choices(User)
    )

    class Meta:
        model = ChildProtectionCase
        fields: list = []


class EaiaEvolutionFilterSet(WagtailFilterSet):
    """Domain.md §5.1: periods by expedient type, territoriality criterion and
    administrative situation."""

    starts_on = DateFromToRangeFilter(label=_("Start date"))
    expedient_type = django_filters.ChoiceFilter(
        label=_("Expedient type"), choices=EaiaExpedientType.choices
    )
    territoriality = django_filters.ChoiceFilter(
        label=_("Territoriality criterion"), choices=EaiaTerritoriality.choices
    )
    administrative_situation = django_filters.CharFilter(
        label=_("Administrative situation"), lookup_expr="icontains"
    )
    current = django_filters.BooleanFilter(
        field_name="ends_on", lookup_expr="isnull", label=_("Current period")
    )
    sector = django_filters.ModelChoiceFilter(
        field_name="expedient__sector",
        label=_("Sector"),
        queryset=visible_choices(Sector),
    )

    class Meta:
        model = EaiaEvolution
        fields: list = []


class EaiaActuacioFilterSet(WagtailFilterSet):
    date = DateFromToRangeFilter(label=_("Date"))
    thematic_scope = django_filters.ChoiceFilter(
        label=_("Thematic scope"), choices=EaiaThematicScope.choices
    )
    type = LabelChoiceFilter(label=_("Type"), queryset=visible_choices(ActuacioType))
    place = LabelChoiceFilter(label=_("Place"), queryset=visible_choices(ActuacioPlace))
    responsible = django_filters.ModelChoiceFilter(
        label=_("Professional"), queryset=visible_choices(User)
    )
    sector = django_filters.ModelChoiceFilter(
        field_name="expedient__sector",
        label=_("Sector"),
        queryset=visible_choices(Sector),
    )

    class Meta:
        model = EaiaActuacio
        fields: list = []
