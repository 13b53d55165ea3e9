"""The women's service module's data-layer plugs, registered once from
`CaseworkConfig.ready()`: its permission policies, the audit trail and what counts as
one expedient there, the person links a merge moves, and the information
transfer's read-only message for its items. Screen plugs (tabs, desk sections,
buttons, viewsets) are wired by the casework screens.
"""

from django.utils.translation import gettext_lazy as _


def register_siad() -> None:
    from auditlog.registry import auditlog
    from wagtail.permissions import register_permission_policy

    from configuration.audit.subjects import (
        EXPEDIENT,
        register_audit_part,
        register_audit_record,
    )
    from directory.links import register_person_link

    from ...services.common import RECORDED_BEFORE_TRANSFER
    from .models import (
        SiadActuacio,
        SiadTrainingAssignment,
        SiadTrainingSession,
        WomensServiceCase,
    )
    from .permissions import POLICIES

    # Its scope right is its declaration's `view_permission` (module.py); every
    # screen and chooser reaches its rows through these policies.
    for model, policy in POLICIES.items():
        register_permission_policy(model, policy)

    # A child row's save signals name the child model only: each is registered
    # (the actuació's person lists are logged through Actuacio's registration).
    for model in (
        WomensServiceCase,
        SiadActuacio,
        SiadTrainingAssignment,
        SiadTrainingSession,
    ):
        auditlog.register(model)
    register_audit_record(EXPEDIENT, "casework.WomensServiceCase")
    register_audit_part(EXPEDIENT, "casework.SiadActuacio", "expedient")
    register_audit_part(EXPEDIENT, "casework.SiadTrainingAssignment", "expedient")
    register_audit_part(
        EXPEDIENT, "casework.SiadTrainingSession", "assignment__expedient"
    )

    register_person_link(
        "casework.SiadTrainingAssignment",
        "person",
        label=_("SIAD training"),
        unique_with=("expedient", "resource"),
    )

    RECORDED_BEFORE_TRANSFER.update(
        {
            "siadactuacio": RECORDED_BEFORE_TRANSFER["actuacio"],
            "siadtrainingassignment": _(
                "This training resource was assigned before the expedient moved "
                "to another sector on %(date)s: it can be read, not changed."
            ),
        }
    )
