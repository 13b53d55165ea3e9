"""The returns' filter bar (domain.md §5.2): every choice is narrowed to the
user's own area, so another area's rows can be neither listed nor posted."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from configuration.dates import LlarDateField
from configuration.models import Area, Sector, Subsector, Team, User

from .breakdowns import Criteria
from .enums import DateBasis, ReturnKind
from .models import ReturnDefinition


class ReturnForm(forms.Form):
    definition = forms.ModelChoiceField(
        label=_("Return"),
        queryset=ReturnDefinition.objects.all(),
        empty_label=None,
        required=False,
    )
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False
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
            area_id = user.area_id
        else:  # superusers (the support desk) choose the area
            self.fields["area"].queryset = Area.objects.all()
            self.fields["area"].required = True
            area_id = self.data.get("area") or None
        self.fields["sector"].queryset = Sector.objects.filter(area_id=area_id)
        self.fields["subsector"].queryset = Subsector.objects.filter(
            sector__area_id=area_id
        )
        self.fields["team"].queryset = Team.objects.filter(area_id=area_id)
        self.fields["professional"].queryset = User.objects.filter(area_id=area_id)
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
        subsector = data.get("subsector")
        sector = data.get("sector")
        if (
            subsector is not None
            and sector is not None
            and subsector.sector_id != sector.pk
        ):
            self.add_error("subsector", _("Choose a subsector of the chosen sector."))
        return data

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
