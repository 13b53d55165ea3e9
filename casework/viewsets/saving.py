"""Form adapters of the casework screens.

Services take plain keyword data (style.md G9); these functions are the one
place a validated admin form is unpacked into them. Each is a
`f(*, form, acting_user)` for `ServiceSaveMixin` (`create_service` /
`edit_service` of a `RecordViewSet`).
"""

from casework import services
from casework.services.records import BeneficiaryMode, beneficiaries_for


def _version(form) -> int | None:
    return form.cleaned_data.get("expected_version")


def actuacio_save_form(*, form, acting_user):
    data = form.cleaned_data
    return services.actuacio_save(
        actuacio=form.instance,
        acting_user=acting_user,
        expected_version=_version(form),
        related_persons=data.get("related_persons", ()),
        attendee_persons=data.get("attendee_persons", ()),
        attendee_professionals=data.get("attendee_professionals", ()),
    )


def demand_save_form(*, form, acting_user):
    """Beneficiaries from the form's holder / some / all choice."""
    data = form.cleaned_data
    return services.demand_save(
        demand=form.instance,
        acting_user=acting_user,
        expected_version=_version(form),
        beneficiaries=beneficiaries_for(
            expedient=form.instance.expedient,
            mode=data.get("beneficiary_mode") or BeneficiaryMode.SOME,
            chosen=data.get("beneficiaries", ()),
        ),
    )


def problem_save_form(*, form, acting_user):
    return services.problem_save(
        record=form.instance,
        acting_user=acting_user,
        expected_version=_version(form),
        beneficiaries=form.cleaned_data.get("beneficiaries", ()),
    )


def _resource_persons(form) -> dict:
    data = form.cleaned_data
    return {
        "holder": data["holder"],
        "beneficiaries": list(data.get("other_beneficiaries") or ()),
    }


def resource_create_form(*, form, acting_user):
    """Its reminders are left on `form.warnings` for the screen."""
    resource, form.warnings = services.resource_create(
        resource=form.save(commit=False),
        acting_user=acting_user,
        **_resource_persons(form),
    )
    return resource


def resource_update_form(*, form, acting_user):
    form.warnings = []
    return services.resource_update(
        resource=form.save(commit=False),
        expected_version=_version(form),
        acting_user=acting_user,
        **_resource_persons(form),
    )


def tramit_create_form(*, form, acting_user):
    return services.tramit_create(
        tramit=form.save(commit=False), acting_user=acting_user
    )


def tramit_update_form(*, form, acting_user):
    return services.tramit_update(
        tramit=form.save(commit=False),
        expected_version=_version(form),
        acting_user=acting_user,
    )


def plan_create_form(*, form, acting_user):
    data = form.cleaned_data
    return services.plan_create(
        plan=form.save(commit=False),
        referents=data["referents"],
        affected_persons=data["affected_persons"],
        acting_user=acting_user,
    )


def plan_update_form(*, form, acting_user):
    """A closing reason given in the edit form closes the plan too."""
    data = form.cleaned_data
    return services.plan_update(
        plan=form.save(commit=False),
        referents=data["referents"],
        affected_persons=data["affected_persons"],
        expected_version=_version(form),
        acting_user=acting_user,
        close_reason=data.get("close_reason") or "",
        close_on=data.get("close_on"),
    )


def objective_add_form(*, form, acting_user):
    return services.objective_add(
        objective=form.save(commit=False),
        target_persons=form.cleaned_data.get("target_persons") or (),
        acting_user=acting_user,
    )


def objective_update_form(*, form, acting_user):
    return services.objective_update(
        objective=form.save(commit=False),
        target_persons=form.cleaned_data.get("target_persons") or (),
        expected_version=_version(form),
        acting_user=acting_user,
    )
