"""The home-care screens' forms: opening, proposing a state event, denying."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from configuration.choices import LabelChoiceField, LabelMultipleChoiceField
from configuration.conflicts import VersionedFormMixin
from configuration.dates import LlarDateField
from configuration.enums import ExpedientState
from configuration.models import ClosingReason, HomeCareTask
from configuration.numbers import LlarDecimalField

from ...enums import Module
from ...models import Expedient
from .enums import DEFINING_KINDS, Weekday, WorkPlanPeriodicity
from .models import HomeCareDefinition, HomeCareEvent


class OpenHomeCareForm(forms.Form):
    """The SSB expedient it comes from: the newest one holding the resource
    pre-assigned unless the professional chooses another."""

    ssb_expedient = forms.ModelChoiceField(
        queryset=Expedient.objects.none(),
        label=_("Basic social services expedient"),
        required=False,
        empty_label=_("The one where the home-care service is pre-assigned"),
    )

    def __init__(self, *args, user, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ssb_expedient"].queryset = (
            Expedient.objects.visible_to(user)
            .filter(module=Module.SSB, state=ExpedientState.OPEN, links__person=person)
            .order_by("-created_at", "-pk")
        )


class ProposeEventForm(forms.Form):
    """A state event: the characteristics for a start or a modification, the
    reason for the end of service (the service checks which goes with which)."""

    kind = forms.ChoiceField(
        label=_("Event"), choices=HomeCareEvent._meta.get_field("kind").choices
    )
    on = LlarDateField(label=_("Date"), widget=AdminDateInput)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    closing_reason = LabelChoiceField(
        queryset=ClosingReason.objects.none(),
        label=_("Reason for the end of service"),
        required=False,
        help_text=_("Only for the end of service: it closes the expedient."),
    )
    service_type = forms.TypedChoiceField(
        label=_("Service type"),
        choices=[
            ("", "---------"),
            *HomeCareDefinition._meta.get_field("service_type").choices,
        ],
        coerce=int,
        required=False,
    )
    tasks = LabelMultipleChoiceField(
        queryset=HomeCareTask.objects.none(),
        label=_("Tasks"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    weekly_hours = LlarDecimalField(
        label=_("Hours a week"), max_digits=4, decimal_places=2, required=False
    )
    funding = forms.TypedChoiceField(
        label=_("Funding"),
        choices=[
            ("", "---------"),
            *HomeCareDefinition._meta.get_field("funding").choices,
        ],
        coerce=int,
        required=False,
    )
    copayment = LlarDecimalField(
        label=_("The person's co-payment (€ a month)"),
        max_digits=8,
        decimal_places=2,
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closing_reason"].queryset = ClosingReason.objects.visible_to(
            user
        ).active()
        self.fields["tasks"].queryset = HomeCareTask.objects.visible_to(user).active()

    def characteristics_given(self) -> bool:
        data = self.cleaned_data
        return any(
            data.get(name) not in (None, "", [])
            for name in ("service_type", "weekly_hours", "funding")
        ) or bool(data.get("tasks"))

    def clean(self):
        data = super().clean()
        if data.get("kind") in DEFINING_KINDS:
            for name in ("service_type", "weekly_hours", "funding"):
                if data.get(name) in (None, ""):
                    self.add_error(
                        name, _("This field is required for a start or a modification.")
                    )
        return data


class DenyEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it denied?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class WorkPlanForm(forms.Form):
    starts_on = LlarDateField(label=_("Start date"), widget=AdminDateInput)
    periodicity = forms.ChoiceField(
        label=_("Periodicity"), choices=WorkPlanPeriodicity.choices
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days of the week"),
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    hours = LlarDecimalField(label=_("Hours a visit"), max_digits=4, decimal_places=2)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EditWorkPlanForm(VersionedFormMixin, WorkPlanForm):
    """A work plan not started yet, loaded with its values and version: a save
    after someone else's is refused with what they changed."""

    def __init__(self, *args, plan, **kwargs):
        self.versioned_instance = plan
        initial = {
            "starts_on": plan.starts_on,
            "periodicity": plan.periodicity,
            "weekdays": list(plan.weekdays),
            "hours": plan.hours,
            "notes": plan.notes,
            **kwargs.pop("initial", {}),
        }
        super().__init__(*args, initial=initial, **kwargs)
