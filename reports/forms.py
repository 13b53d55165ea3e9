"""The returns' filter bar (domain.md §5.2): every choice is narrowed to the
user's own area, so another area's rows can be neither listed nor posted."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from configuration.custom_fields import FORMS
from configuration.dates import LlarDateField
from configuration.models import Area, Sector, Subsector, Team, User

from .breakdowns import Criteria
from .custom_breakdowns import choice_fields
from .enums import DateBasis, ReturnKind
from .models import ReturnDefinition


def count_by_choices(area_id) -> list[tuple[str, str]]:
    """The choice fields a return of the area may count by, as "form:key"."""
    today = timezone.localdate()
    choices = []
    for definition in choice_fields(area_id):
        label = f"{FORMS[definition.form].label}: {definition.label}"
        if definition.deactivated_on is not None and definition.deactivated_on <= today:
            label = _("%(field)s (deactivated)") % {"field": label}
        choices.append((f"{definition.form}:{definition.key}", label))
    return choices


class AreaFiltersForm(forms.Form):
    """The filters the returns' bar and Explotació's share: the area (a
    superuser's choice; one's own otherwise), sector and subsector, team and
    professional, every choice narrowed to that area, and a subsector of the
    chosen sector only."""

    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.none(), required=False
    )
    subsector = forms.ModelChoiceField(
        label=_("Subsector"), queryset=Subsector.objects.none(), required=False
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False
    )
    professional = forms.ModelChoiceField(
        label=_("Professional"), queryset=User.objects.none(), required=False
    )
    # Explotació lists the professionals working today; a return of a past
    # year also names those who have left.
    active_professionals_only = False

    def chosen_area_id(self):
        """The user's area; a superuser's chosen one (none: no choices)."""
        if "area" not in self.fields:
            return self.user.area_id
        self.fields["area"].queryset = Area.objects.all()
        area_id = self.data.get("area") or None
        return area_id if area_id and str(area_id).isdigit() else None

    def narrow_choices(self, area_id) -> None:
        professionals = User.objects.filter(area_id=area_id)
        if self.active_professionals_only:
            professionals = professionals.filter(is_active=True)
        narrowed = {
            "sector": Sector.objects.filter(area_id=area_id),
            "subsector": Subsector.objects.filter(sector__area_id=area_id),
            "team": Team.objects.filter(area_id=area_id),
            "professional": professionals,
        }
        for name, queryset in narrowed.items():
            if name in self.fields:
                self.fields[name].queryset = queryset

    def check_subsector(self, data) -> None:
        sector, subsector = data.get("sector"), data.get("subsector")
        if sector and subsector and subsector.sector_id != sector.pk:
            self.add_error("subsector", _("Choose a subsector of the chosen sector."))


class ReturnForm(AreaFiltersForm):
    field_order = (
        "definition",
        "area",
        "year",
        "start",
        "end",
        "basis",
        "sector",
        "subsector",
        "team",
        "professional",
        "count_by",
        "publishable",
    )

    definition = forms.ModelChoiceField(
        label=_("Return"),
        queryset=ReturnDefinition.objects.all(),
        empty_label=None,
        required=False,
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=_("The whole year, unless you give the dates below."),
    )
    start = LlarDateField(label=_("From"), widget=AdminDateInput, required=False)
    end = LlarDateField(label=_("Until"), widget=AdminDateInput, required=False)
    basis = forms.ChoiceField(
        label=_("Counting choice"),
        choices=DateBasis.choices,
        initial=DateBasis.HAPPENED,
        required=False,
    )
    count_by = forms.ChoiceField(
        label=_("Also count by a form's choice field"),
        required=False,
        help_text=_(
            "Adds a table counting the rows of that form by the choices of the "
            "field, with the same filters and counting choice."
        ),
    )
    publishable = forms.BooleanField(
        label=_("Publishable version"),
        required=False,
        help_text=_(
            "Hides the figures below 5, and the others needed so that they "
            "cannot be worked out from the totals."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if user.area_id is not None:
            del self.fields["area"]
        else:  # superusers (the support desk) choose the area
            self.fields["area"].required = True
        area_id = self.chosen_area_id()
        self.narrow_choices(area_id)
        self.fields["count_by"].choices = [
            ("", _("None")),
            *count_by_choices(area_id),
        ]
        definitions = ReturnDefinition.objects.order_by("-year")
        self.fields["definition"].initial = (
            definitions.filter(kind=ReturnKind.RUDEL_FITXA1).first()
            or definitions.first()
        )
        self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        data = super().clean()
        start, end, year = data.get("start"), data.get("end"), data.get("year")
        if start is None and end is None:
            year = year or timezone.localdate().year
            data["start"], data["end"] = date(year, 1, 1), date(year, 12, 31)
        elif start is None or end is None:
            raise ValidationError(_("Give both dates, or neither and a year."))
        elif end < start:
            raise ValidationError(
                {"end": _("The end date cannot be before the start date.")}
            )
        self.check_subsector(data)
        return data

    def counted_field(self) -> tuple[str, str] | None:
        """(form, key) of the choice field chosen to count by, if any."""
        value = self.cleaned_data.get("count_by") or ""
        form, _colon, key = value.partition(":")
        return (form, key) if key else None

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        area = data.get("area")
        return Criteria(
            user=self.user,
            area_id=area.pk if area is not None else self.user.area_id,
            start=data["start"],
            end=data["end"],
            basis=data.get("basis") or DateBasis.HAPPENED,
            sector_id=getattr(data.get("sector"), "pk", None),
            subsector_id=getattr(data.get("subsector"), "pk", None),
            team_id=getattr(data.get("team"), "pk", None),
            professional_id=getattr(data.get("professional"), "pk", None),
        )
