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
from casework.permissions import transfer_sectors
from configuration.enums import PersonStatus
from configuration.models import ClosingReason, Subsector, Team

from .choosers import expedient_chooser, open_expedient_chooser, scoped_widget
from .permissions import tool_expedients, tool_persons, tool_professionals
from .services.deletion import REASON_LENGTH, deleted_items, live_items
from .services.professionals import receivers


class ToolForm(forms.Form):
    """A tool's form; `subject` is the row the tool is about (or None)."""

    def __init__(self, *args, user, subject=None, **kwargs):
        self.user = user
        self.subject = subject
        super().__init__(*args, **kwargs)


class ExpedientChoice:
    """An expedient chosen with the chooser (`field`), or, as a fallback, typed
    by its number (`<field>_number`); both only among the queryset the form
    gives it (`add_to`), so a pk or number outside it is refused."""

    def __init__(self, field: str, *, label, number_label, help_text, chooser):
        self.field, self.number_field = field, f"{field}_number"
        self.fields = {
            field: forms.ModelChoiceField(
                label=label,
                queryset=None,
                required=False,
                widget=scoped_widget(chooser)(),
            ),
            self.number_field: forms.CharField(
                label=number_label, required=False, help_text=help_text
            ),
        }

    def add_to(self, form, queryset) -> None:
        field = form.fields[self.field]
        field.queryset = field.widget.queryset = queryset

    def clean(self, form, data: dict) -> None:
        """Put the chosen (or typed) expedient in `data[field]`."""
        number = (data.get(self.number_field) or "").strip()
        if data.get(self.field) is not None or self.field in form.errors:
            return
        if not number:
            form.add_error(self.field, _("Choose an expedient or type its number."))
            return
        found = form.fields[self.field].queryset.filter(number=number).first()
        if found is None:
            form.add_error(
                self.number_field,
                _("None of the expedients you may choose here has this number."),
            )
            return
        data[self.field] = found


def expedient_choice(field: str, **kwargs) -> ExpedientChoice:
    values = {
        "label": _("Expedient"),
        "number_label": _("…or type its number"),
        "help_text": _("For example 2026/00042."),
        "chooser": expedient_chooser,
        **kwargs,
    }
    return ExpedientChoice(field, **values)


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
    """Choose one of the expedients the coordinator sees (chooser or number)."""

    choice = expedient_choice("subject")
    subject, subject_number = choice.fields.values()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.choice.add_to(self, self.expedients())

    def expedients(self):
        return tool_expedients(self.user)

    def clean(self):
        data = super().clean()
        self.choice.clean(self, data)
        return data


class OpenExpedientPickForm(ExpedientPickForm):
    """Choose one of the open expedients the coordinator sees."""

    choice = expedient_choice(
        "subject",
        help_text=_("An open expedient, e.g. 2026/00042."),
        chooser=open_expedient_chooser,
    )
    subject, subject_number = choice.fields.values()

    def expedients(self):
        return tool_expedients(self.user).open()


# --- the tools ------------------------------------------------------------------------


class ProfessionalTransferForm(ToolForm):
    target = forms.ModelChoiceField(
        label=_("Professional who receives"),
        queryset=None,
        help_text=_(
            "An active professional of the area whose roles may hold these "
            "records: technicians and coordinators, never trainees or front-desk "
            "staff."
        ),
    )
    include_closed = forms.BooleanField(
        label=_("Also closed expedients"), required=False
    )
    include_deceased = forms.BooleanField(
        label=_("Also person records of deceased persons"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = tool_professionals(self.user).filter(
            pk__in=receivers(source=self.subject).values("pk")
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
        sectors = transfer_sectors(self.user, self.subject)
        self.fields["sector"].queryset = sectors
        self.fields["subsector"].queryset = Subsector.objects.filter(
            sector__in=sectors, is_active=True
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
    documents = forms.ModelMultipleChoiceField(
        label=_("Documents"), queryset=None, required=False
    )
    KINDS = ("actuacions", "demands", "problems", "resources", "tramits", "documents")
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
    """The source is the tool's subject; its items are offered by kind; the
    target is one of the open expedients the coordinator sees."""

    choice = expedient_choice(
        "target",
        label=_("Expedient that receives them"),
        help_text=_("An open expedient of your area, e.g. 2026/00042."),
        chooser=open_expedient_chooser,
    )
    target, target_number = choice.fields.values()
    field_order = ["target", "target_number"]
    none_chosen = _("Choose at least one item to move.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.choice.add_to(self, tool_expedients(self.user).open())

    def items(self, kind: str):
        if kind == "actuacions":
            return self.subject.actuacions.filter(origin=ActuacioOrigin.MANUAL)
        return live_items(self.subject, kind)

    def clean(self):
        self.choice.clean(self, self.cleaned_data)
        return super().clean()


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
