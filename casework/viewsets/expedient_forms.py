"""Forms of the expedient screen's actions: close, reopen, linked persons and
housing. Every choice is narrowed to what the user may see; the rules are the
services' (casework.services.expedients, casework.services.household)."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from configuration.choices import LabelChoiceField
from configuration.dates import LlarDateField
from configuration.models import ClosingReason, User
from configuration.scope import narrow_chooser_widgets
from directory.choosers import person_chooser_viewset
from directory.models import Person

from ..enums import HabitabilityProblem, MissingSupply
from ..models import Housing
from ..services.expedients import reference_candidates
from ..services.household import relationships_to_the_main_person
from .base import VersionedForm


def relationship_field(user, **kwargs) -> forms.ModelChoiceField:
    return LabelChoiceField(
        queryset=relationships_to_the_main_person(user),
        label=_("Relationship to the main person"),
        **kwargs,
    )


def linked_persons(expedient):
    return Person.objects.filter(expedient_links__expedient=expedient).order_by(
        "surname1", "first_name", "pk"
    )


class CloseForm(forms.Form):
    reason = LabelChoiceField(
        queryset=ClosingReason.objects.none(), label=_("Closing reason")
    )
    on = LlarDateField(
        label=_("Closing date"), initial=date.today, widget=AdminDateInput
    )
    close_open_plans = forms.BooleanField(
        label=_("Close its open intervention plans on that date"), required=False
    )
    end_open_problems = forms.BooleanField(
        label=_("End its running problems on that date"), required=False
    )
    note = forms.CharField(
        label=_("Note for the closing actuació"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = ClosingReason.objects.visible_to(user).active()


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it reopened?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the automatic reopening actuació."),
    )


class PersonLinkForm(forms.Form):
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label=_("Person"),
        widget=person_chooser_viewset.widget_class,
    )

    def __init__(self, *args, user, expedient, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.visible_to(user).current()
        self.fields["relationship"] = relationship_field(user)
        # Redrawn after a refusal, the chooser names only a person in scope.
        narrow_chooser_widgets(self)


class MainPersonForm(forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["former_relationship"] = relationship_field(
            user,
            required=False,
            help_text=_("What the current main person is to the new one."),
        )


class UnlinkForm(forms.Form):
    new_main = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label=_("New main person"),
        required=False,
    )

    def __init__(self, *args, expedient, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_main"].queryset = linked_persons(expedient).exclude(
            pk=person.pk
        )


class HousingForm(VersionedForm):
    missing_supplies = forms.MultipleChoiceField(
        label=_("Missing supplies and equipment"),
        choices=MissingSupply.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    habitability_problems = forms.MultipleChoiceField(
        label=_("Habitability problems"),
        choices=HabitabilityProblem.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Housing
        fields = [
            *Housing.ADDRESS_FIELDS,
            "missing_supplies",
            "habitability_problems",
            "notes",
        ]

    def __init__(self, *args, disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        if disabled:
            for field in self.fields.values():
                field.disabled = True


class HousingCopyForm(forms.Form):
    persons = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(),
        label=_("Copy the address to"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, expedient, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persons"].queryset = linked_persons(expedient)


class ReferenceForm(forms.Form):
    """Change only the reference professional (domain.md §2.3)."""

    professional = forms.ModelChoiceField(
        queryset=User.objects.none(), label=_("New reference professional")
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, expedient, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["professional"].queryset = reference_candidates(expedient).exclude(
            pk=expedient.reference_professional_id
        )
        self.fields["expected_version"].initial = expedient.version
