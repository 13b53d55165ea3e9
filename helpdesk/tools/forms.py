"""The tools' forms: every choice is narrowed to the coordinator's own area, so
another area's rows can be neither listed nor posted."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from casework.enums import ActuacioOrigin
from configuration.enums import PersonStatus
from configuration.models import ClosingReason, Sector, Subsector, Team

from .permissions import tool_expedients, tool_persons, tool_professionals
from .services.deletion import REASON_LENGTH, deleted_items, live_items


class ToolForm(forms.Form):
    """A tool's form; `subject` is the row the tool is about (or None)."""

    def __init__(self, *args, user, subject=None, **kwargs):
        self.user = user
        self.subject = subject
        super().__init__(*args, **kwargs)


def expedient_by_number(user, number: str):
    expedient = tool_expedients(user).filter(number=number.strip()).first()
    if expedient is None:
        raise ValidationError(_("None of the expedients you see has this number."))
    return expedient


# --- picking the row a tool is about -------------------------------------------------


class ProfessionalPickForm(ToolForm):
    subject = forms.ModelChoiceField(label=_("Professional"), queryset=None)
    active_only = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        professionals = tool_professionals(self.user)
        if self.active_only:
            professionals = professionals.filter(is_active=True)
        self.fields["subject"].queryset = professionals


class ActiveProfessionalPickForm(ProfessionalPickForm):
    active_only = True


class DeceasedPersonPickForm(ToolForm):
    subject = forms.ModelChoiceField(
        label=_("Person"),
        queryset=None,
        help_text=_("Person records of your area recorded as deceased."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = tool_persons(self.user).filter(
            status=PersonStatus.DECEASED
        )


class ExpedientPickForm(ToolForm):
    subject = forms.CharField(
        label=_("Expedient number"), help_text=_("For example 2026/00042.")
    )

    def clean_subject(self):
        return expedient_by_number(self.user, self.cleaned_data["subject"])


# --- the tools ------------------------------------------------------------------------


class ProfessionalTransferForm(ToolForm):
    target = forms.ModelChoiceField(
        label=_("Professional who receives"),
        queryset=None,
        help_text=_("An active professional of the area."),
    )
    include_closed = forms.BooleanField(
        label=_("Also closed expedients"), required=False
    )
    include_deceased = forms.BooleanField(
        label=_("Also person records of deceased persons"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (
            tool_professionals(self.user)
            .filter(is_active=True)
            .exclude(pk=self.subject.pk)
        )


class ConfirmForm(ToolForm):
    """A tool with nothing to choose: preview, then confirm."""


class TransferKind(models.TextChoices):
    INFORMATION = (
        "information",
        _(
            "Information transfer: the same expedient moves; what was recorded "
            "before becomes read-only"
        ),
    )
    FAMILY = (
        "family",
        _(
            "Family transfer: close this expedient and open a new one there with "
            "the same persons"
        ),
    )


class ExpedientTransferForm(ToolForm):
    kind = forms.ChoiceField(
        label=_("Kind of transfer"),
        choices=TransferKind.choices,
        widget=forms.RadioSelect,
        initial=TransferKind.INFORMATION,
    )
    sector = forms.ModelChoiceField(label=_("New sector"), queryset=None)
    subsector = forms.ModelChoiceField(
        label=_("New subsector"), queryset=None, required=False
    )
    reference_team = forms.ModelChoiceField(
        label=_("Reference team"), queryset=None, required=False
    )
    reason = forms.ModelChoiceField(
        label=_("Closing reason"),
        queryset=None,
        required=False,
        help_text=_("Family transfer only: why this expedient is closed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        area_id = self.user.area_id
        self.fields["sector"].queryset = Sector.objects.filter(area_id=area_id)
        self.fields["subsector"].queryset = Subsector.objects.filter(
            sector__area_id=area_id
        )
        self.fields["reference_team"].queryset = Team.objects.filter(
            area_id=area_id, is_active=True
        )
        self.fields["reference_team"].initial = self.subject.reference_team_id
        self.fields["reason"].queryset = ClosingReason.objects.filter(
            Q(area__isnull=True) | Q(area_id=area_id), is_active=True
        )

    def clean(self):
        data = super().clean()
        if data.get("kind") == TransferKind.FAMILY and not data.get("reason"):
            self.add_error("reason", _("Choose why this expedient is closed."))
        return data


class ItemsChoiceForm(ToolForm):
    """Items of the subject expedient offered by kind, as checkboxes;
    `items(kind)` says which."""

    actuacions = forms.ModelMultipleChoiceField(
        label=_("Actuacions"), queryset=None, required=False
    )
    demands = forms.ModelMultipleChoiceField(
        label=_("Demands"), queryset=None, required=False
    )
    problems = forms.ModelMultipleChoiceField(
        label=_("Problems"), queryset=None, required=False
    )
    resources = forms.ModelMultipleChoiceField(
        label=_("Resources"), queryset=None, required=False
    )
    tramits = forms.ModelMultipleChoiceField(
        label=_("Tràmits"), queryset=None, required=False
    )
    KINDS = ("actuacions", "demands", "problems", "resources", "tramits")
    none_chosen = _("Choose at least one item.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in self.KINDS:
            field = self.fields[kind]
            field.queryset = self.items(kind)
            field.label_from_instance = self.label_of
            field.widget = forms.CheckboxSelectMultiple()
            field.widget.choices = field.choices

    def items(self, kind: str):
        raise NotImplementedError

    def label_of(self, item) -> str:
        return str(item)

    def clean(self):
        data = super().clean()
        if not any(data.get(kind) for kind in self.KINDS):
            raise ValidationError(self.none_chosen)
        return data

    def chosen(self) -> dict:
        return {kind: self.cleaned_data[kind] for kind in self.KINDS}


class ItemsMoveForm(ItemsChoiceForm):
    """The source is the tool's subject; its items are offered by kind."""

    target = forms.CharField(
        label=_("Number of the expedient that receives them"),
        help_text=_("An open expedient of your area, e.g. 2026/00042."),
    )
    field_order = ["target"]
    none_chosen = _("Choose at least one item to move.")

    def items(self, kind: str):
        if kind == "actuacions":
            return self.subject.actuacions.filter(origin=ActuacioOrigin.MANUAL)
        return live_items(self.subject, kind)

    def clean_target(self):
        return expedient_by_number(self.user, self.cleaned_data["target"])


class ItemsDeleteForm(ItemsChoiceForm):
    """Every item of the expedient but the actuacions of its opening, closing
    and reopening; the reason goes into each row and the tool's entry."""

    reason = forms.CharField(
        label=_("Why are they deleted?"),
        max_length=REASON_LENGTH,
        help_text=_(
            'Shown to whoever restores them, e.g. "recorded in the wrong expedient".'
        ),
    )
    none_chosen = _("Choose at least one item to delete.")

    def items(self, kind: str):
        return live_items(self.subject, kind)


class ItemsRestoreForm(ItemsChoiceForm):
    """The expedient's deleted items: what, when, by whom and why."""

    none_chosen = _("Choose at least one item to restore.")

    def items(self, kind: str):
        return deleted_items(self.subject, kind)

    def label_of(self, item) -> str:
        return _("%(item)s — deleted on %(when)s by %(who)s: %(reason)s") % {
            "item": item,
            "when": date_format(localtime(item.deleted_at), "SHORT_DATETIME_FORMAT"),
            "who": item.deleted_by or "—",
            "reason": item.deletion_reason,
        }
